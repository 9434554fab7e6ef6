"""Which server the library uses, and URL spellings it accepts."""

from __future__ import annotations

import pytest

from cqc_la import config, database


@pytest.mark.parametrize(
    "given",
    [
        "postgresql://u:p@h:5432/d",
        "postgresql+psycopg://u:p@h:5432/d",
        "postgres://u:p@h:5432/d",
    ],
)
def test_every_postgresql_spelling_becomes_a_psycopg_url(given: str) -> None:
    assert config.sqlalchemy_url(given) == "postgresql+psycopg://u:p@h:5432/d"
    assert config.libpq_url(given) == "postgresql://u:p@h:5432/d"


def test_a_non_postgresql_url_is_refused_with_what_was_expected() -> None:
    with pytest.raises(config.ConfigError, match="expected a URL starting with postgresql://"):
        config.sqlalchemy_url("mysql://u@h/d")


def test_cqc_la_database_url_wins_over_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://a@h/one")
    monkeypatch.setenv("CQC_LA_DATABASE_URL", "postgresql://b@h/two")
    assert config.configured_url() == "postgresql+psycopg://b@h/two"
    monkeypatch.delenv("CQC_LA_DATABASE_URL")
    assert config.configured_url() == "postgresql+psycopg://a@h/one"


def test_a_bad_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQC_LA_DATABASE_URL", "sqlite:///x.db")
    with pytest.raises(config.ConfigError, match="^CQC_LA_DATABASE_URL: "):
        config.configured_url()


def test_an_explicit_url_wins_and_needs_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQC_LA_DATABASE_URL", "postgresql://b@h/two")
    assert database.resolve_url("postgresql://x@y/z") == "postgresql+psycopg://x@y/z"
    assert not database.is_embedded()

"""docker-compose.yml cannot run here (no Docker engine), so its promises are checked by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_one_postgres_service_from_the_official_image_16_or_newer() -> None:
    services = _compose()["services"]
    assert list(services) == ["postgres"]
    image = services["postgres"]["image"]
    match = re.fullmatch(r"postgres:(\d+)(?:[.-].*)?", image)
    assert match and int(match.group(1)) >= 16


def test_port_5432_is_published_on_this_machine_only() -> None:
    ports = [str(p) for p in _compose()["services"]["postgres"]["ports"]]
    assert any(p.endswith(":5432") and p.split(":")[-2] == "5432" for p in ports)
    assert all(p.startswith("127.0.0.1:") for p in ports), ports  # never 0.0.0.0 (the default)


def test_the_password_comes_from_the_environment_and_has_no_default() -> None:
    """`${CQC_LA_DB_PASSWORD:?...}`: compose refuses to start without it; no password is in the file."""
    env = _compose()["services"]["postgres"]["environment"]
    assert re.fullmatch(r"\$\{CQC_LA_DB_PASSWORD:\?[^}]+\}", env["POSTGRES_PASSWORD"]), env[
        "POSTGRES_PASSWORD"
    ]
    text = (ROOT / "docker-compose.yml").read_text()
    assert ":-" not in text  # no variable with a default
    assert "POSTGRES_HOST_AUTH_METHOD" not in text  # initdb's scram-sha-256 for connections from outside


def test_data_lives_in_a_named_volume() -> None:
    compose = _compose()
    volumes = compose["services"]["postgres"]["volumes"]
    named = [v.split(":")[0] for v in volumes if not v.startswith((".", "/"))]
    assert named and all(name in compose["volumes"] for name in named)
    assert any(v.endswith(":/var/lib/postgresql/data") or "/var/lib/postgresql" in v for v in volumes)


def test_healthcheck_uses_pg_isready() -> None:
    check = _compose()["services"]["postgres"]["healthcheck"]
    assert "pg_isready" in " ".join(check["test"])
    assert check["interval"] and check["retries"]


def test_readme_gives_the_matching_database_url_and_says_the_user_is_a_superuser() -> None:
    env = _compose()["services"]["postgres"]["environment"]
    url = f"postgresql://{env['POSTGRES_USER']}:${{CQC_LA_DB_PASSWORD}}@localhost:5432/{env['POSTGRES_DB']}"
    readme = (ROOT / "README.md").read_text()
    assert url in readme
    assert "CQC_LA_DB_PASSWORD=" in readme  # how to set it in .env
    assert "superuser" in readme
    assert f"{env['POSTGRES_USER']}:cqc@" not in readme  # the old fixed password

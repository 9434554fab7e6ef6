"""Which PostgreSQL server to use.

`CQC_LA_DATABASE_URL`, then `DATABASE_URL`, select an external server; with neither set the embedded
server serves (see `embedded`). Users paste URLs from many tools, so both `postgresql://` (and the
`postgres://` Heroku spelling) and `postgresql+psycopg://` are accepted; SQLAlchemy always gets the
psycopg 3 driver, psql gets the plain form.
"""

from __future__ import annotations

import os

URL_VARIABLES = ("CQC_LA_DATABASE_URL", "DATABASE_URL")
_SCHEMES = ("postgresql+psycopg://", "postgresql+psycopg2://", "postgresql://", "postgres://")


class ConfigError(ValueError):
    """A database URL we cannot use."""


def configured_url() -> str | None:
    """The external server's URL from the environment, normalised for SQLAlchemy; None if unset."""
    for name in URL_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return sqlalchemy_url(value)
            except ConfigError as error:
                raise ConfigError(f"{name}: {error}") from None
    return None


def sqlalchemy_url(url: str) -> str:
    """`postgresql+psycopg://...` for any accepted spelling of a PostgreSQL URL."""
    for scheme in _SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise ConfigError(
        f"expected a URL starting with postgresql:// or postgresql+psycopg://, found {url.split(':', 1)[0]}://..."
    )


def libpq_url(url: str) -> str:
    """The same URL in the form psql and other libpq clients accept."""
    return "postgresql://" + sqlalchemy_url(url)[len("postgresql+psycopg://") :]

"""Which PostgreSQL server to use.

`CQC_LA_DATABASE_URL`, then `DATABASE_URL`, select an external server; with neither set the embedded
server serves (see `embedded`). Users paste URLs from many tools, so both `postgresql://` (and the
`postgres://` Heroku spelling) and `postgresql+psycopg://` are accepted; SQLAlchemy always gets the
psycopg 3 driver, psql gets the plain form.
"""

from __future__ import annotations

import os
import re

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
            return _checked("postgresql+psycopg://" + url[len(scheme) :])
    raise ConfigError(
        f"expected a URL starting with postgresql:// or postgresql+psycopg://, found {url.split(':', 1)[0]}://..."
    )


def _checked(url: str) -> str:
    """The URL if SQLAlchemy can read it; a ConfigError naming the bad part (never the password) if not."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    example = "expected e.g. postgresql://user@localhost:5432/cqc_la"
    try:
        parsed = make_url(url)
    except ValueError as error:  # the one part SQLAlchemy converts when parsing is the port
        found = re.search(r"'(.*)'", str(error))
        raise ConfigError(
            f"the port {found.group(1) if found else ''!r} is not a number; {example}"
        ) from None
    except ArgumentError:
        raise ConfigError(f"cannot read the URL; {example}") from None
    ports = parsed.query.get("port", ())
    for port in ",".join([ports] if isinstance(ports, str) else ports).split(","):
        if port.strip() and not port.strip().isdigit():
            raise ConfigError(f"the port {port!r} (in ?port=) is not a number; {example}")
    return url


def libpq_url(url: str) -> str:
    """The same URL in the form psql and other libpq clients accept."""
    return "postgresql://" + sqlalchemy_url(url)[len("postgresql+psycopg://") :]

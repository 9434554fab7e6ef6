"""One place that turns "which database?" into a SQLAlchemy engine.

An explicit URL wins, then the environment (`config`), then the embedded server (`embedded`). Engines
are cached per URL so that a CLI command or a Python session opens one pool.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine, create_engine

from . import config, embedded


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL to use: explicit, else configured, else the (started) embedded server."""
    if url:
        return config.sqlalchemy_url(url)
    return config.configured_url() or embedded.start()


def is_embedded(url: str | None = None) -> bool:
    """True when no URL is given or configured, i.e. the embedded server serves."""
    return not url and config.configured_url() is None


@cache
def _engine(url: str) -> Engine:
    return create_engine(url, pool_pre_ping=True, future=True)


def engine(url: str | None = None) -> Engine:
    """A pooled engine for the resolved database."""
    return _engine(resolve_url(url))

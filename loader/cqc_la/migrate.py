"""Schema migrations through Alembic's API, so `cqc-la db ...` needs no alembic.ini.

Migrations run inside one transaction holding an advisory lock: several `cqc-la load` processes
started at once all upgrade to head safely; the first does the work, the others find head.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from .database import engine as get_engine
from .resources import schema_dir

_LOCK_KEY = 0x6371_636C_61  # "cqcla": serialises migrations across processes


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(schema_dir()))
    return config


def _run(engine: Engine, action, *args) -> None:  # type: ignore[no-untyped-def]
    config = alembic_config()
    with engine.begin() as connection:
        connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        action(config, *args)


def upgrade(url: str | None = None, revision: str = "head") -> str | None:
    """Upgrade the database to `revision` (default head); returns the revision reached."""
    engine = get_engine(url)
    _run(engine, command.upgrade, revision)
    return current(url)


def downgrade(revision: str, url: str | None = None) -> str | None:
    """Downgrade to `revision` (e.g. base or -1); returns the revision reached."""
    engine = get_engine(url)
    _run(engine, command.downgrade, revision)
    return current(url)


def current(url: str | None = None) -> str | None:
    """The database's revision, None for an empty database."""
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision of the migration scripts."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {len(heads)}: {heads}")
    return heads[0]


def is_at_head(url: str | None = None) -> bool:
    return current(url) == head()

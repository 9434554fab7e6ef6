"""Schema migrations through Alembic's API, so `cqc-la db ...` needs no alembic.ini.

Migrations run inside one transaction holding an advisory lock: several `cqc-la load` processes
started at once all upgrade to head safely; the first does the work, the others find head.

Two things here are about what a downgrade takes away:

- `data_lost_by_downgrade` says which stored data a downgrade would delete, so the CLI can ask for
  `--yes` first. A revision not listed as keeping data is taken to delete some: a new migration is
  safe by default.
- Reader logins survive a downgrade below the revision that creates the role `cqc_reader`. That
  migration drops the role (cluster-wide) when no other database uses it, and dropping a role drops
  its memberships, so every reader login would come back from the next upgrade without access. A
  record of the members could not live in a database that has just been emptied, so the role is kept
  instead: when the migration dropped it, it is created again (NOLOGIN, no privileges) with the same
  members, in the same transaction. It reads nothing until the next upgrade, in any process, grants
  it read access again; a role without members is dropped as before.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from psycopg import sql
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from .access import is_catalog_race
from .database import engine as get_engine
from .errors import UsageError
from .resources import schema_dir
from .sqlobjects import READER_ROLE

_LOCK_KEY = 0x6371_636C_61  # "cqcla": serialises migrations across processes
_ATTEMPTS = 10  # roles are cluster-wide: concurrent migrations of several databases may race on them

READER_REVISION = "0002"  # creates the role cqc_reader and grants it read access

# What the downgrade of each revision deletes. Revisions whose downgrade keeps every stored row (views
# rebuilt, a storage setting, a column the upgrade computes again) are listed in DOWNGRADE_KEEPS_DATA.
# A new revision goes in one of the two (a test checks); until then its downgrade asks for --yes.
DOWNGRADE_DELETES = {
    "0001": "every table and view of cqc-la, with every loaded report",
    "0005": "partial assessments and the stored files of every report (cqc.source_file, cqc.source_segment)",
    "0007": "the withdrawal dates and addresses of reports (cqc.assessment.withdrawn_on, report_url)",
    "0008": "published results with no known date, and the printed percentages and withdrawals of published "
    "results (cqc.published_result.printed_pct, status, withdrawn_on)",
    "0009": "the audit's count of sentences with figures in each report (cqc.assessment.sentences_with_figures)",
}
DOWNGRADE_KEEPS_DATA = frozenset({"0002", "0003", "0004", "0006", "0010"})


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(schema_dir()))
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _run(engine: Engine, work: Callable[[Config, Connection], None]) -> None:
    """`work` in one transaction under the migration lock, tried again when it lost a race on roles.

    The lock is per database, but roles are cluster-wide: migrating two databases of one server at
    once (tests, a shared server) can change the same role rows, and PostgreSQL then fails one of the
    transactions ("tuple concurrently updated"). Nothing of it was committed, so it runs again."""
    for attempt in range(_ATTEMPTS):
        try:
            _run_once(engine, work)
            return
        except DBAPIError as error:
            if attempt + 1 == _ATTEMPTS or not _lost_a_race(error):
                raise
            time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))


def _run_once(engine: Engine, work: Callable[[Config, Connection], None]) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        _check_known(MigrationContext.configure(connection).get_current_revision())
        try:
            work(config, connection)
        except (CommandError, RevisionError) as error:
            raise UsageError(_revision_message(error)) from None


def _lost_a_race(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "40P01" or is_catalog_race(error)


def upgrade(url: str | None = None, revision: str = "head") -> str | None:
    """Upgrade the database to `revision` (default head); returns the revision reached."""
    _run(get_engine(url), lambda config, _: command.upgrade(config, revision))
    return current(url)


def downgrade(revision: str, url: str | None = None) -> str | None:
    """Downgrade to `revision` (e.g. base or -1); returns the revision reached.

    Members of `cqc_reader` keep their membership (see the module docstring)."""

    def work(config: Config, connection: Connection) -> None:
        members = _reader_members(connection)
        command.downgrade(config, revision)
        _keep_reader_role(connection, members)

    _run(get_engine(url), work)
    return current(url)


def reset(url: str | None = None) -> str | None:
    """Downgrade to base and upgrade to head in one transaction (an empty database, reader logins kept)."""

    def work(config: Config, connection: Connection) -> None:
        members = _reader_members(connection)
        command.downgrade(config, "base")
        _keep_reader_role(connection, members)
        command.upgrade(config, "head")

    _run(get_engine(url), work)
    return current(url)


def data_lost_by_downgrade(revision: str, url: str | None = None) -> list[str]:
    """What a downgrade from the database's revision to `revision` deletes (empty: nothing stored)."""
    scripts = _scripts()
    start = current(url)
    if start is None:
        return []
    _check_known(start)
    try:
        steps = [
            script.revision
            for script in scripts.iterate_revisions(start, revision, select_for_downgrade=True)
        ]
    except (CommandError, RevisionError) as error:
        if _is_above(scripts, start, revision):
            raise UsageError(
                f"the database is at revision {start}; {revision} is not below it (`cqc-la db upgrade` goes up)"
            ) from None
        raise UsageError(_revision_message(error)) from None
    if "0001" in steps:
        return [DOWNGRADE_DELETES["0001"]]  # everything
    return [
        DOWNGRADE_DELETES.get(step, f"what revision {step} stores")
        for step in steps
        if step not in DOWNGRADE_KEEPS_DATA
    ]


def _is_above(scripts: ScriptDirectory, start: str, revision: str) -> bool:
    """True when `revision` is a known revision that `start` does not descend from."""
    try:
        target = scripts.get_revision(revision)
        ancestors = {script.revision for script in scripts.iterate_revisions(start, "base")}
    except (CommandError, RevisionError):
        return False
    return target is not None and target.revision not in ancestors


def reader_logins(url: str | None = None) -> list[str]:
    """The members of `cqc_reader` (reader logins), sorted; empty when the role does not exist."""
    with get_engine(url).connect() as connection:
        return _reader_members(connection)


def reader_access(url: str | None = None) -> bool:
    """True when the schema is at or above READER_REVISION, where `cqc_reader` may read it."""
    revision = current(url)
    if revision is None:
        return False
    return READER_REVISION in {script.revision for script in _scripts().iterate_revisions(revision, "base")}


def _reader_members(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            text(
                "select member.rolname from pg_auth_members m "
                "join pg_roles role on role.oid = m.roleid "
                "join pg_roles member on member.oid = m.member "
                "where role.rolname = :role order by 1"
            ),
            {"role": READER_ROLE},
        ).scalars()
    )


def _keep_reader_role(connection: Connection, members: list[str]) -> None:
    """Create `cqc_reader` again with its members if the downgrade dropped it."""
    if not members:
        return
    if connection.execute(text("select 1 from pg_roles where rolname = :r"), {"r": READER_ROLE}).first():
        return  # not dropped (another database uses it): memberships are intact
    existing = set(
        connection.execute(
            text("select rolname from pg_roles where rolname = any(:names)"), {"names": members}
        ).scalars()
    )
    statements = [sql.SQL("create role {} nologin").format(sql.Identifier(READER_ROLE))]
    statements += [
        sql.SQL("grant {} to {}").format(sql.Identifier(READER_ROLE), sql.Identifier(name))
        for name in members
        if name in existing
    ]
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _check_known(revision: str | None) -> None:
    """A database at a revision these scripts do not have was migrated by another version of cqc-la."""
    if revision is None:
        return
    try:
        known = _scripts().get_revision(revision) is not None
    except (CommandError, RevisionError):
        known = False
    if not known:
        raise UsageError(
            f"the database is at revision {revision}, which this version of cqc-la does not know "
            f"(a newer cqc-la migrated it?); {_known_revisions()}"
        )


def _known_revisions() -> str:
    scripts = _scripts()
    known = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    heads = set(scripts.get_heads())
    listed = ", ".join(f"{name} (head)" if name in heads else name for name in ["base", *known])
    return f"known revisions: {listed}, or a step such as -1"


def _revision_message(error: Exception) -> str:
    """Alembic's complaint about a revision, with the revisions that exist."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{reason}; {_known_revisions()}"


def current(url: str | None = None) -> str | None:
    """The database's revision, None for an empty database."""
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision of the migration scripts."""
    heads = _scripts().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {len(heads)}: {heads}")
    return heads[0]


def is_at_head(url: str | None = None) -> bool:
    return current(url) == head()

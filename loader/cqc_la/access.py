"""Read-only logins: for SQL clients (`cqc-la db grant-reader NAME`) and for the library's own read paths.

Migration 0002 creates the NOLOGIN role `cqc_reader`, which may read the `cqc` and `analysis` schemas
and nothing else. A person or tool gets a LOGIN role of its own that is a member of it, so a password
can be changed or a login dropped without touching the privileges. Every reader login:

- is sent to the server as a SCRAM verifier computed here (libpq's encrypt-password), so the password
  never travels and never lands in the server's log in plain text;
- may connect to the databases it was granted and no other: CONNECT and TEMP are revoked from PUBLIC on
  ours, and CONNECT is granted per database to the login (roles are cluster-wide, so a grant to
  `cqc_reader` would open every cqc-la database on the server);
- reads in read-only transactions by default and has a statement timeout, whatever client it uses.

Role names are quoted by psycopg (`sql.Identifier`), never pasted; names are also checked against a
plain pattern so that a typo does not create a role nobody can type, and an existing superuser or
role-creating role is never turned into a reader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from . import database
from .errors import UsageError
from .sqlobjects import READER_ROLE

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_RESERVED = ("postgres", "public", "none", "current_user", "session_user", "current_role", READER_ROLE)
DEFAULT_TIMEOUT_S = 30  # statement timeout of reader logins and of every read path
RACE_ATTEMPTS = 5  # a role changed at once from two sessions fails one of them: it tries again
T = TypeVar("T")


def validate_name(name: str) -> str:
    """A login name: lowercase letters, digits and underscores, not reserved."""
    if not _NAME.match(name):
        raise UsageError(
            f"login name {name!r}: expected lowercase letters, digits and underscores "
            "(starting with a letter or underscore, at most 63 characters)"
        )
    if name in _RESERVED or name.startswith("pg_"):
        raise UsageError(f"login name {name!r} is reserved; choose another, e.g. analyst")
    return name


def role_exists(connection: Connection, name: str) -> bool:
    return (
        connection.exec_driver_sql("select 1 from pg_roles where rolname = %(n)s", {"n": name}).first()
        is not None
    )


def reader_role_exists(connection: Connection) -> bool:
    return role_exists(connection, READER_ROLE)


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, computed by the client (libpq)."""
    raw = connection.connection.driver_connection
    assert raw is not None
    return raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()


def ensure_login(
    connection: Connection, name: str, password: str, timeout_s: int = DEFAULT_TIMEOUT_S
) -> None:
    """Create or update reader login `name` on `connection`'s transaction (see the module docstring)."""
    existing = connection.exec_driver_sql(
        "select rolsuper or rolcreaterole or rolcreatedb or rolreplication or rolbypassrls "
        "from pg_roles where rolname = %(n)s",
        {"n": name},
    ).first()
    if existing is not None and existing[0]:
        raise UsageError(
            f"role {name!r} exists with more than read access (superuser or can create "
            "roles/databases); refusing to make it a reader login"
        )
    ident = sql.Identifier(name)
    _execute(
        connection,
        [
            sql.SQL(
                "{verb} role {name} with login nosuperuser nocreatedb nocreaterole password {verifier}"
            ).format(
                verb=sql.SQL("alter" if existing else "create"),
                name=ident,
                verifier=sql.Literal(_verifier(connection, name, password)),
            ),
            sql.SQL("grant {reader} to {name}").format(reader=sql.Identifier(READER_ROLE), name=ident),
            sql.SQL("alter role {name} set default_transaction_read_only = on").format(name=ident),
            sql.SQL("alter role {name} set statement_timeout = {ms}").format(
                name=ident, ms=sql.Literal(f"{int(timeout_s * 1000)}ms")
            ),
            sql.SQL("alter role {name} set idle_in_transaction_session_timeout = {ms}").format(
                name=ident, ms=sql.Literal(f"{int(timeout_s * 1000)}ms")
            ),
        ],
    )
    admit(connection, name)


def admit(connection: Connection, name: str) -> None:
    """Let the existing login `name` connect to `connection`'s database, and nobody else by default.

    Unlike `ensure_login` this changes no cluster-wide row (the role, its settings): a process that
    only needs a login it made earlier to reach one more database of the server cannot collide with a
    process doing the same for another database (PostgreSQL reports such collisions on a role as
    "tuple concurrently updated")."""
    database_name = sql.Identifier(connection.exec_driver_sql("select current_database()").scalar_one())
    _execute(
        connection,
        [
            sql.SQL("revoke connect, temporary on database {db} from public").format(db=database_name),
            sql.SQL("grant connect on database {db} to {name}").format(
                db=database_name, name=sql.Identifier(name)
            ),
        ],
    )


def is_catalog_race(error: BaseException) -> bool:
    """Whether `error` is a concurrent change of one cluster-wide catalog row by another database's
    process (an advisory lock serialises only the processes of one database): worth one more try."""
    cause = getattr(error, "orig", None) or error
    state = getattr(cause, "sqlstate", None)
    message = str(cause)
    return (state == "XX000" and "concurrently" in message) or (state == "23505" and "pg_authid" in message)


def _execute(connection: Connection, statements: list[sql.Composed]) -> None:
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def grant_reader(name: str, password: str, url: str | None = None) -> None:
    """Create (or update the password of) login NAME, a member of the read-only role cqc_reader."""
    validate_name(name)
    if not password:
        raise UsageError("expected a non-empty password")

    def grant(connection: Connection) -> None:
        if not reader_role_exists(connection):
            raise UsageError(f"role {READER_ROLE} does not exist: run `cqc-la db upgrade` first")
        ensure_login(connection, name, password)

    retrying_races(database.engine(url), grant)


def retrying_races(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in a transaction of `engine`, again (up to RACE_ATTEMPTS times) when PostgreSQL
    failed it because another session changed the same cluster-wide catalog row at once."""
    for attempt in range(RACE_ATTEMPTS):
        try:
            with engine.begin() as connection:
                return work(connection)
        except (psycopg.Error, DBAPIError) as error:
            if attempt + 1 == RACE_ATTEMPTS or not is_catalog_race(error):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")

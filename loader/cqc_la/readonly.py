"""Read paths: every read runs as a role that cannot write, one statement at a time, with a time limit.

`cqc-la sql` (without `--write`), `cqc-la query` and the Python functions (`run_sql`, `query`,
`read_view`) all come here. A transaction flag is not a guard (the SQL can say `commit`, `rollback`,
`begin read write`, or reset the role), so reads connect as a **login of the reader role** that the
library creates and uses (`cqc_la_query`, see `access.py`): it has no privilege to write, to copy to
files or programs, or to create anything, whatever the SQL says. Its password is random, kept in a
per-user file readable by its owner only, and reaches the server only as a SCRAM verifier. Where the
server allows no new login (the owner cannot create roles), each statement runs in a read-only
transaction after `SET LOCAL ROLE cqc_reader`, set again for every statement of a pooled connection.

Each call sends exactly one statement with the extended query protocol (a prepared statement), which
the server refuses to split: `select 1; insert ...` is an error, not two statements. Every statement has
a time limit (default 30 s: `timeout=`, `--timeout`, `CQC_LA_STATEMENT_TIMEOUT`), and the server checks
every second that the client is still there (`client_connection_check_interval`), so a killed client
leaves no statement running.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from . import database
from .access import DEFAULT_TIMEOUT_S, admit, ensure_login, reader_role_exists, retrying_races, role_exists
from .errors import UsageError
from .sqlobjects import READER_ROLE

LIBRARY_LOGIN = "cqc_la_query"
TIMEOUT_VARIABLE = "CQC_LA_STATEMENT_TIMEOUT"
SECRETS_VARIABLE = "CQC_LA_READER_SECRETS"
_ENSURE_LOCK = 0x6371_6C61_7264  # serialises creating the library's login (ALTER ROLE races otherwise)


class TimeLimitError(UsageError):
    """A statement ran into its time limit."""


class OneStatementError(UsageError):
    """More than one statement in one call."""


class UnreachableError(UsageError):
    """The database could not be reached (server down, wrong host, port, database or login)."""


def timeout_seconds(timeout: float | None = None) -> float:
    """The time limit: explicit, else `CQC_LA_STATEMENT_TIMEOUT`, else 30 s."""
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)):
        raise UsageError(f"expected the time limit as a number of seconds, found {timeout!r}")
    if timeout is None:
        value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
        if not value:
            return float(DEFAULT_TIMEOUT_S)
        try:
            timeout = float(value)
        except ValueError:
            raise UsageError(f"{TIMEOUT_VARIABLE}: expected a number of seconds, found {value!r}") from None
    if not timeout > 0:
        raise UsageError(f"expected a time limit above 0 seconds, found {timeout:g}")
    return float(timeout)


# --- the library's own login -------------------------------------------------------------------------


def _secrets_file() -> Path:
    given = os.environ.get(SECRETS_VARIABLE, "").strip()
    if given:
        return Path(given)
    import platformdirs

    return platformdirs.user_config_path("cqc-la") / "reader-login.json"


def _server_key(url: str) -> str:
    """One password per server (roles are cluster-wide): its host (or socket directory) and port."""
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host", "")) or "localhost"
    return f"{host}:{parsed.port or 5432}"


def _stored_password(url: str) -> str | None:
    path = _secrets_file()
    try:
        return json.loads(path.read_text(encoding="utf-8")).get(_server_key(url))
    except (OSError, ValueError, AttributeError):
        return None


def _new_password(url: str) -> str:
    """A new password for this server's login, kept in a file only its owner can read.

    Call it under the advisory lock, so that the processes of one database agree on one password. The
    file holds one password per server, and processes of other servers may add theirs at the same
    moment: reading, adding and replacing happen under a lock on the file, or one would drop the
    other's password (and its pooled connections would later fail to log in)."""
    path = _secrets_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(f".{path.name}.lock")):
        stored: dict[str, str] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        stored[_server_key(url)] = secrets.token_urlsafe(24)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(stored, handle)
        os.replace(temporary, path)  # atomic: a reader without the lock sees the old file or the new one
    return stored[_server_key(url)]


def _reader_url(url: str, password: str) -> str:
    return make_url(url).set(username=LIBRARY_LOGIN, password=password).render_as_string(hide_password=False)


def _can_connect(reader_url: str) -> bool:
    try:
        with psycopg.connect(
            reader_url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=10
        ):
            return True
    except psycopg.OperationalError:
        return False


@dataclass(frozen=True)
class ReadPath:
    """How reads reach the database: the reader login's engine, or the owner's with SET ROLE."""

    engine: Engine
    set_role: bool  # the fallback: SET LOCAL ROLE cqc_reader in a read-only transaction
    guarded: bool  # False only where the server has no reader role at all (a transaction flag alone)


def _session_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        version = dbapi_connection.info.server_version
        with dbapi_connection.cursor() as cursor:
            if version >= 140000:  # the server cancels the statement of a client that went away
                cursor.execute("set client_connection_check_interval = '1s'")
        dbapi_connection.commit()


def _library_password(owner: Engine, url: str) -> str:
    """The password of the library's login, made or admitted to this database first where needed.

    A login made for one database of the server only needs CONNECT on the next one, which changes no
    cluster-wide row; the role itself is created or its password set only when no stored password
    works. The advisory lock serialises the processes of one database; processes of two databases may
    still change the role at once, and PostgreSQL then fails one of them, which tries again."""
    password = _stored_password(url)
    if password is not None and _can_connect(_reader_url(url, password)):
        return password
    if password is not None:

        def admit_existing(connection: Connection) -> None:
            connection.exec_driver_sql("select pg_advisory_xact_lock(%(k)s)", {"k": _ENSURE_LOCK})
            if role_exists(connection, LIBRARY_LOGIN):
                admit(connection, LIBRARY_LOGIN)

        retrying_races(owner, admit_existing)
        if _can_connect(_reader_url(url, password)):
            return password

    def make(connection: Connection) -> str:
        connection.exec_driver_sql("select pg_advisory_xact_lock(%(k)s)", {"k": _ENSURE_LOCK})
        password = _stored_password(url)  # another process may have made it meanwhile
        if password is None or not _can_connect(_reader_url(url, password)):
            password = password or _new_password(url)
            ensure_login(connection, LIBRARY_LOGIN, password)
        return password

    return retrying_races(owner, make)


@cache
def read_path(url: str) -> ReadPath:
    """The read path of the resolved owner URL `url` (see the module docstring); made once a process."""
    owner = database.engine(url)
    with owner.connect() as connection:
        has_reader = reader_role_exists(connection)
        can_create = connection.exec_driver_sql(
            "select rolsuper or rolcreaterole from pg_roles where rolname = current_user"
        ).scalar()
        is_member = (
            connection.exec_driver_sql(
                "select pg_has_role(current_user, %(r)s, 'member')", {"r": READER_ROLE}
            ).scalar()
            if has_reader
            else False
        )
    if has_reader and can_create:
        reader_url = _reader_url(url, _library_password(owner, url))
        engine = create_engine(reader_url, pool_pre_ping=True)
        _session_settings(engine)
        return ReadPath(engine, set_role=False, guarded=True)
    if has_reader and is_member:
        return ReadPath(owner, set_role=True, guarded=True)
    print(
        f"cqc-la: warning: the server has no role {READER_ROLE} this login may use; reads are guarded "
        "only by a read-only transaction",
        file=sys.stderr,
    )
    return ReadPath(owner, set_role=False, guarded=False)


# --- running one statement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """What one statement returned: rows with the driver's Python types, and the PostgreSQL type of
    each column (`int4`, `numeric`, `date`, `text[]`...), which says what a column holds even when
    every value is null. `rowcount` counts every row of the answer, also those past `max_rows`."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    rowcount: int
    returns_rows: bool
    types: tuple[str, ...] = ()


# What `:name` parameters are scanned past: quoted strings and identifiers, dollar quotes and comments.
_SKIPPED = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(\$[A-Za-z_0-9]*\$).*?\1|--[^\n]*|/\*.*?\*/", re.DOTALL
)
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")


def parameter_names(sql: str) -> list[str]:
    """The `:name` parameters of the SQL, in order, outside strings and comments (`:x::int` is `x`)."""
    names: list[str] = []
    position = 0
    for skipped in _SKIPPED.finditer(sql):
        names += _PARAMETER.findall(sql, position, skipped.start())
        position = skipped.end()
    return names + _PARAMETER.findall(sql, position)


def compile_parameters(sql: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The SQL with `:name` parameters as the driver's placeholders, and their values.

    Without parameters the SQL goes to the server as written (a `:30` inside a string means nothing);
    with them, a name the SQL uses but that was not given, or one given that the SQL does not use, is an
    error naming it."""
    if not params:
        return sql.replace("%", "%%"), {}
    used = parameter_names(sql)
    missing = [name for name in used if name not in params]
    if missing:
        raise UsageError(f"the SQL uses :{missing[0]} but no value was given (e.g. -p {missing[0]}=...)")
    unused = sorted(set(params) - set(used))
    if unused:
        names = ", ".join(f":{name}" for name in dict.fromkeys(used)) or "none"
        raise UsageError(f"parameter {unused[0]!r} is not used by the SQL (its parameters: {names})")
    pieces: list[str] = []
    position = 0

    def substitute(part: str) -> str:
        return _PARAMETER.sub(lambda found: f"%({found.group(1)})s", part.replace("%", "%%"))

    for skipped in _SKIPPED.finditer(sql):
        pieces.append(substitute(sql[position : skipped.start()]))
        pieces.append(skipped.group().replace("%", "%%"))
        position = skipped.end()
    pieces.append(substitute(sql[position:]))
    return "".join(pieces), {name: params[name] for name in used}


class QueryError(UsageError):
    """The database refused the statement (a syntax error, no such column, no permission...)."""


def _refusal(error: psycopg.Error, limit_s: float) -> Exception | None:
    """A user-facing error for what the server or driver refused, or None to let it through."""
    state = getattr(error, "sqlstate", None)
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if state == "57014" and "statement timeout" in message:
        return TimeLimitError(
            f"the statement was stopped at its time limit of {limit_s:g} s "
            f"(set another with --timeout SECONDS, timeout=, or {TIMEOUT_VARIABLE})"
        )
    if state == "42601" and "multiple commands" in message:
        return OneStatementError("expected one statement at a time, found several (send them one by one)")
    if state is None and isinstance(error, psycopg.ProgrammingError) and "COPY" in message:
        return UsageError(
            "COPY is not run by cqc-la: use --format csv for a file "
            '(e.g. cqc-la sql "select * from analysis.framework" --format csv > framework.csv)'
        )
    return None


def begin(
    connection: Connection, *, timeout: float | None = None, set_role: bool = False, read_only: bool = True
) -> float:
    """Open `connection`'s transaction for one call: read-only (unless writing), the reader role in the
    fallback, and the time limit, all local to this transaction. Returns the limit in seconds."""
    limit_s = timeout_seconds(timeout)
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        if read_only:
            cursor.execute("set transaction read only")
        if set_role:
            cursor.execute("select set_config('role', %s, true)", [READER_ROLE])
        cursor.execute("select set_config('statement_timeout', %s, true)", [f"{int(limit_s * 1000)}ms"])
    return limit_s


def _type_name(raw: psycopg.Connection[Any], oid: int) -> str:
    """PostgreSQL's name of a result column's type (`int4`, `numeric`, `text[]`), or `oid:N`."""
    info = raw.adapters.types.get(oid)
    if info is None:
        return f"oid:{oid}"
    return f"{info.name}[]" if oid == info.array_oid else info.name


def _check_arguments(sql: Any, params: Any) -> None:
    if not isinstance(sql, str):
        raise UsageError(f"expected the SQL as a str, found {type(sql).__name__}")
    if params is not None and not isinstance(params, Mapping):
        raise UsageError(
            f"expected params as a mapping of names to values (params={{'region': 'North East'}}), "
            f"found {type(params).__name__}"
        )


def execute(
    connection: Connection,
    sql: str,
    params: Mapping[str, Any] | None,
    limit_s: float,
    max_rows: int | None = None,
) -> Rows:
    """Run one statement on `connection`, in the transaction `begin` opened; keep at most `max_rows`
    rows (the count of all of them is still `rowcount`)."""
    _check_arguments(sql, params)
    query, values = compile_parameters(sql, params)
    raw = connection.connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cursor:
            cursor.execute(query, values, prepare=True)  # the extended protocol: one statement only
            if cursor.description is None:
                return Rows([], [], cursor.rowcount, returns_rows=False)
            columns = [column.name for column in cursor.description]
            types = tuple(_type_name(raw, column.type_code) for column in cursor.description)
            if max_rows is None:
                fetched = cursor.fetchall()
            else:  # fetchmany(0) would mean "arraysize rows"
                fetched = cursor.fetchmany(max_rows) if max_rows > 0 else []
            return Rows(columns, [tuple(row) for row in fetched], cursor.rowcount, True, types)
    except psycopg.Error as error:
        refusal = _refusal(error, limit_s)
        if refusal is None:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            refusal = QueryError(f"the database refused the statement: {first}")
        if raw.pgconn.transaction_status == psycopg.pq.TransactionStatus.ACTIVE:
            connection.invalidate()  # a COPY left running: this connection cannot be used again
        raise refusal from None


@contextmanager
def _connected(url: str | None) -> Iterator[tuple[ReadPath, Connection]]:
    """A connection of the read path; a server that cannot be reached is one UsageError."""
    try:
        path = read_path(database.resolve_url(url))
        connection = path.engine.connect()
    except OperationalError as error:
        first = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise UnreachableError(f"cannot reach the database: {first}") from None
    with connection:
        yield path, connection


def read(
    url: str | None,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = None,
    before: Callable[[Connection], Mapping[str, Any]] | None = None,
    max_rows: int | None = None,
) -> Rows:
    """One statement on the read path, rolled back after. `before(connection)` may look things up on
    the same read-only connection (a council name resolved to its id) and returns the values to bind."""
    _check_arguments(sql, params)
    with _connected(url) as (path, connection):
        raw = connection.connection.driver_connection
        try:
            limit_s = begin(connection, timeout=timeout, set_role=path.set_role)
            if before is not None:
                params = before(connection)
            return execute(connection, sql, params, limit_s, max_rows)
        finally:
            if raw is not None and not raw.closed:
                raw.rollback()


Statement = Callable[..., Rows]


@contextmanager
def snapshot(url: str | None, *, timeout: float | None = None) -> Iterator[Statement]:
    """Several statements on the read path that see one state of the database (a read-only,
    repeatable-read transaction, rolled back after): `with snapshot(url) as run: run(sql, params)`.
    Each statement is still one statement, with its own time limit; an export reads every view so."""
    with _connected(url) as (path, connection):
        raw = connection.connection.driver_connection
        assert raw is not None
        try:
            with raw.cursor() as cursor:  # before anything takes a snapshot
                cursor.execute("set transaction isolation level repeatable read")
            limit_s = begin(connection, timeout=timeout, set_role=path.set_role)

            def run(sql: str, params: Mapping[str, Any] | None = None, max_rows: int | None = None) -> Rows:
                return execute(connection, sql, params, limit_s, max_rows)

            yield run
        finally:
            if not raw.closed:
                raw.rollback()


def write(
    url: str | None, sql: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
) -> Rows:
    """One statement as the database's owner, committed: the only way to write (`cqc-la sql --write`)."""
    _check_arguments(sql, params)
    with database.engine(url).connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        try:
            limit_s = begin(connection, timeout=timeout, read_only=False)
            rows = execute(connection, sql, params, limit_s)
            raw.commit()
            return rows
        finally:
            if not raw.closed:
                raw.rollback()

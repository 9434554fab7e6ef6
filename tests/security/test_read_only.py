"""Read-only means a role that cannot write, whatever the SQL says; one statement per call.

Every escape below wrote through `cqc-la sql` or `cqc_la.run_sql` when reads ran as the database's
owner in a read-only transaction. Each now fails in one line and leaves the database exactly as it
was (the row counts and checksums of every table, `_fingerprint`).
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from cqc_la import database, readonly, run_sql
from cqc_la.access import grant_reader
from cqc_la.errors import UsageError
from cqc_la.loading import load_reports

from ..conftest import SEED, run_cli
from ..test_loading import _fingerprint
from .logins import drop_login

pytestmark = pytest.mark.db
INSERT = (
    "insert into cqc.load_log (file_name, sha256, outcome, loader_version) values ('pwn', 'x', 'loaded', 'x')"
)


@pytest.fixture(scope="module")
def loaded(databases) -> str:  # type: ignore[no-untyped-def]
    url = databases.migrated()
    load_reports([SEED], url)
    return url


def _escapes(tmp_path: Path) -> list[str]:
    return [
        "commit; create table public.pwn(x int)",
        f"rollback; {INSERT}",
        f"begin read write; {INSERT}; commit",
        f"copy (select 1) to '{tmp_path / 'f'}'",
        f"copy (select 1) to program 'id > {tmp_path / 'x'}'",
        INSERT,
        f"with x as ({INSERT} returning 1) select * from x",
        "create temporary table scratch (x int)",
        "select pg_read_file('/etc/hostname')",
    ]


def test_every_escape_through_the_cli_fails_in_one_line_and_writes_nothing(
    loaded: str, tmp_path: Path
) -> None:
    before = _fingerprint(loaded)
    statements = _escapes(tmp_path)[:5]  # the reproductions through the CLI; the API takes them all
    with ThreadPoolExecutor(max_workers=4) as pool:  # each is a process of its own
        results = list(pool.map(lambda statement: run_cli("sql", statement, url=loaded), statements))
    for statement, result in zip(statements, results, strict=True):
        assert result.returncode == 2, (statement, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cqc-la: error: "), (statement, result.stderr)
    assert _fingerprint(loaded) == before
    assert not (tmp_path / "f").exists() and not (tmp_path / "x").exists()


def test_every_escape_through_the_api_raises_a_usage_error_and_writes_nothing(
    loaded: str, tmp_path: Path
) -> None:
    before = _fingerprint(loaded)
    for statement in _escapes(tmp_path):
        with pytest.raises(UsageError):
            run_sql(statement, loaded)
    assert _fingerprint(loaded) == before


def test_resetting_the_role_does_not_open_the_next_call(loaded: str) -> None:
    before = _fingerprint(loaded)
    run_sql("select set_config('role', 'none', false)", loaded)
    run_sql("select set_config('default_transaction_read_only', 'off', false)", loaded)
    with pytest.raises(UsageError, match="refused"):
        run_sql(INSERT, loaded)
    assert _fingerprint(loaded) == before


def test_reads_run_as_a_login_that_is_not_the_owner(loaded: str) -> None:
    row = run_sql(
        "select current_user as login, r.rolsuper, r.rolcreaterole, "
        "has_table_privilege(current_user, 'cqc.load_log', 'insert') as can_insert "
        "from pg_roles r where r.rolname = current_user",
        loaded,
    ).iloc[0]
    assert row["login"] == readonly.LIBRARY_LOGIN
    assert not row["rolsuper"] and not row["rolcreaterole"] and not row["can_insert"]


def test_several_statements_in_one_call_are_refused(loaded: str) -> None:
    with pytest.raises(readonly.OneStatementError, match="one statement at a time"):
        run_sql("select 1; select 2", loaded)
    result = run_cli("sql", f"select 1; {INSERT}", url=loaded, env={"CQC_LA_STATEMENT_TIMEOUT": "5"})
    assert result.returncode == 2 and "one statement at a time" in result.stderr


def test_copy_to_stdout_is_one_line_and_the_connection_stays_usable(loaded: str) -> None:
    result = run_cli("sql", "copy (select 1) to stdout", url=loaded)
    assert result.returncode == 2 and "--format csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(UsageError, match="--format csv"):
        run_sql("copy (select 1) to stdout", loaded)
    assert run_sql("select 41 + 1 as answer", loaded).iloc[0]["answer"] == 42  # the pool was not poisoned


def test_write_is_the_only_way_to_write(loaded: str) -> None:
    before = _scalar_count(loaded)
    result = run_cli("sql", INSERT, "--write", url=loaded)
    assert result.returncode == 0, result.stderr
    assert _scalar_count(loaded) == before + 1
    run_cli("sql", "delete from cqc.load_log where file_name = 'pwn'", "--write", url=loaded)
    assert _scalar_count(loaded) == before


def _scalar_count(url: str) -> int:
    with database.engine(url).connect() as connection:
        return int(connection.exec_driver_sql("select count(*) from cqc.load_log").scalar_one())


def test_parameters_bind_by_name_and_mistakes_are_one_line(loaded: str) -> None:
    frame = run_sql("select :x::int + 1 as y, '12:30'::time as t, 'a %' as p", loaded, {"x": "41"})
    assert frame.iloc[0]["y"] == 42 and frame.iloc[0]["p"] == "a %"
    with pytest.raises(UsageError, match=":z but no value"):
        run_sql("select :x, :z", loaded, {"x": 1})
    with pytest.raises(UsageError, match="'w' is not used"):
        run_sql("select :x", loaded, {"x": 1, "w": 2})
    result = run_cli("sql", "select :x, :z", "-p", "x=1", url=loaded)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def _login_url(url: str, name: str, password: str, database_name: str | None = None) -> str:
    parsed = make_url(database.resolve_url(url)).set(username=name, password=password)
    if database_name:
        parsed = parsed.set(database=database_name)
    return parsed.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://")


def test_a_reader_login_reaches_its_database_only_and_cannot_make_temp_tables(databases) -> None:  # type: ignore[no-untyped-def]
    from cqc_la import migrate

    ours, other = databases.create(), databases.create()
    migrate.upgrade(other)  # another cqc-la database on the same server
    name = f"reader_{uuid.uuid4().hex[:8]}"
    grant_reader(name, "pw", ours)
    try:
        with psycopg.connect(_login_url(ours, name, "pw")) as connection:
            assert connection.execute("show statement_timeout").fetchone() == ("30s",)
            assert connection.execute("show default_transaction_read_only").fetchone() == ("on",)
            connection.rollback()
            connection.execute("set transaction read write")  # its default, not its guard
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("create temporary table scratch (x int)")
        other_name = make_url(database.resolve_url(other)).database
        with pytest.raises(psycopg.OperationalError, match="permission denied|not have CONNECT"):
            psycopg.connect(_login_url(ours, name, "pw", other_name)).close()
    finally:
        drop_login(name, ours)


def _library_login_rows(url: str) -> tuple[object, ...]:
    """The cluster-wide rows of the library's login: its role and its settings (xmin changes on
    every update of a row)."""
    with psycopg.connect(_login_url(url, "postgres", "")) as connection:
        role = connection.execute(
            "select xmin::text, rolpassword from pg_authid where rolname = %s", (readonly.LIBRARY_LOGIN,)
        ).fetchone()
        settings = connection.execute(
            "select array_agg(s.xmin::text order by s.setdatabase) from pg_db_role_setting s "
            "join pg_authid a on a.oid = s.setrole where a.rolname = %s",
            (readonly.LIBRARY_LOGIN,),
        ).fetchone()
    return (role, settings)


def test_reading_one_more_database_of_the_server_admits_the_login_without_changing_the_role(
    databases,
) -> None:  # type: ignore[no-untyped-def]
    """Two databases' processes changing the role at once made one fail ("tuple concurrently
    updated"): a login that exists and whose password works is only admitted to the new database."""

    first, second = databases.migrated(), databases.migrated()
    readonly.read_path.cache_clear()
    assert run_sql("select current_user as login", first).iloc[0]["login"] == readonly.LIBRARY_LOGIN
    before = _library_login_rows(first)
    readonly.read_path.cache_clear()
    assert run_sql("select current_user as login", second).iloc[0]["login"] == readonly.LIBRARY_LOGIN
    assert _library_login_rows(second) == before

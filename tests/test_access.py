"""A login made by `grant-reader` reads every view and table of cqc-la and cannot change anything.

The test servers trust local connections, so the password is not checked, but the role is: connecting
as the new login runs every statement with its privileges only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from cqc_la import database
from cqc_la.access import grant_reader
from cqc_la.cli.errors import UsageError

from .conftest import run_cli
from .security.logins import drop_login

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def url(databases) -> str:
    from cqc_la.loading import load_reports

    url = databases.migrated()
    load_reports([], url)  # councils and published results as summaries: every view has rows to read
    return url


@pytest.fixture(scope="module")
def login(url: str) -> Iterator[str]:
    """A reader login (cluster-wide, so uniquely named and dropped at the end)."""
    name = f"reader_{uuid.uuid4().hex[:8]}"
    grant_reader(name, "s3cret pass'word", url)
    yield name
    drop_login(name, url)


@pytest.fixture(scope="module")
def reader_url(url: str, login: str) -> str:
    """The test database's URL with the login as its user."""
    return (
        make_url(database.resolve_url(url))
        .set(username=login, password="s3cret pass'word")
        .render_as_string(hide_password=False)
    )


def _fails(reader_url: str, statement: str) -> str:
    """The refusal of `statement` in a read-write transaction: the login's default of read-only
    transactions is a convenience the client can turn off, the role's privileges are the guard."""
    engine = create_engine(reader_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("set transaction read write")
            with pytest.raises(DBAPIError) as error:
                connection.exec_driver_sql(statement)
        return str(error.value.orig)
    finally:
        engine.dispose()


def test_the_reader_role_exists_and_cannot_log_in(url: str) -> None:
    with database.engine(url).connect() as connection:
        row = connection.execute(
            text(
                "select rolcanlogin, rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = 'cqc_reader'"
            )
        ).one()
    assert tuple(row) == (False, False, False, False)


def test_a_login_is_a_member_of_the_reader_role_only(url: str, login: str) -> None:
    with database.engine(url).connect() as connection:
        row = connection.execute(
            text(
                "select r.rolcanlogin, r.rolsuper, array(select b.rolname from pg_auth_members m "
                "join pg_roles b on b.oid = m.roleid where m.member = r.oid) from pg_roles r where r.rolname = :n"
            ),
            {"n": login},
        ).one()
    assert row[0] is True and row[1] is False
    assert list(row[2]) == ["cqc_reader"]


def test_the_login_can_select_every_view_and_table(url: str, reader_url: str) -> None:
    with database.engine(url).connect() as connection:
        relations = (
            connection.execute(
                text(
                    "select schemaname || '.' || viewname from pg_views where schemaname = 'analysis' union all "
                    "select schemaname || '.' || tablename from pg_tables where schemaname = 'cqc'"
                )
            )
            .scalars()
            .all()
        )
    assert len(relations) > 30
    engine = create_engine(reader_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("select current_user")).scalar() != "postgres"
            for relation in relations:
                connection.execute(text(f"select * from {relation} limit 1")).all()
            assert connection.execute(text("select count(*) from analysis.latest_assessments")).scalar() == 90
            connection.execute(text("select * from analysis.search_findings('waiting list', 5)")).all()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "create table public.scratch (x integer)",
        "create table cqc.scratch (x integer)",
        "create table analysis.scratch (x integer)",
        "create view analysis.scratch as select 1 as x",
        "create schema scratch",
        "insert into cqc.council (name, council_name, is_reference) values ('x', 'x', false)",
        "update cqc.council set name = 'x'",
        "delete from cqc.council",
        "delete from cqc.assessment",
        "truncate cqc.load_log",
        "drop view analysis.framework",
        "alter table cqc.council add column x integer",
    ],
)
def test_the_login_cannot_create_or_change_anything(reader_url: str, statement: str) -> None:
    message = _fails(reader_url, statement)
    assert "permission denied" in message or "must be owner" in message


def test_granting_again_updates_the_password(url: str, login: str) -> None:
    grant_reader(login, "another", url)


@pytest.mark.parametrize(
    "name",
    ["Robert'); drop table cqc.council; --", "has space", "", "postgres", "pg_x", "cqc_reader", "x" * 64],
)
def test_bad_login_names_are_refused(url: str, name: str) -> None:
    with pytest.raises(UsageError):
        grant_reader(name, "p", url)


def test_an_existing_superuser_is_never_made_a_reader(url: str) -> None:
    name = f"admin_{uuid.uuid4().hex[:8]}"
    with database.engine(url).begin() as connection:
        connection.exec_driver_sql(f'create role "{name}" superuser')
    try:
        with pytest.raises(UsageError, match="more than read access"):
            grant_reader(name, "p", url)
    finally:
        with database.engine(url).begin() as connection:
            connection.exec_driver_sql(f'drop role "{name}"')


def test_grant_reader_from_the_cli(url: str) -> None:
    name = f"cli_{uuid.uuid4().hex[:8]}"
    try:
        result = run_cli("db", "grant-reader", name, "--password", "p%w:d", url=url)
        assert result.returncode == 0, result.stderr
        assert name in result.stdout
        bad = run_cli("db", "grant-reader", "Bad Name", "--password", "p", url=url)
        assert bad.returncode == 2 and "login name" in bad.stderr
    finally:
        drop_login(name, url)


def test_a_grant_that_races_another_change_of_the_role_tries_again(url: str, login: str) -> None:
    """Another session (another database's `cqc-la`, a DBA) changes the login's settings at the same
    moment: PostgreSQL fails the later change with "tuple concurrently updated", and the grant is
    made again rather than failing the command."""
    admin = psycopg.connect(database.resolve_url(url).replace("postgresql+psycopg://", "postgresql://"))
    try:
        admin.execute(f"alter role \"{login}\" set statement_timeout = '5s'")  # uncommitted: holds the row
        blocker = admin.info.backend_pid
        with ThreadPoolExecutor(max_workers=1) as pool:
            granted = pool.submit(grant_reader, login, "raced", url)
            for _ in range(500):  # until the grant waits for the uncommitted change
                waiting = admin.execute(
                    "select count(*) from pg_stat_activity where %s = any(pg_blocking_pids(pid))", (blocker,)
                ).fetchone()
                if waiting and waiting[0]:
                    break
                time.sleep(0.01)
            else:
                pytest.fail("the grant never waited for the other session")
            admin.commit()
            granted.result(timeout=30)
    finally:
        admin.close()
    with psycopg.connect(
        database.resolve_url(url).replace("postgresql+psycopg://", "postgresql://")
    ) as check:
        settings = check.execute(
            "select s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole "
            "where r.rolname = %s and s.setdatabase = 0",
            (login,),
        ).fetchone()
    assert settings is not None and "statement_timeout=30000ms" in settings[0], settings
    grant_reader(login, "s3cret pass'word", url)  # the module's other tests use the first password

"""The embedded server asks every role but its owner for a password (cqc_la.embedded writes pg_hba.conf).

Its initdb trusts every local connection, so a reader login came in with a wrong password or none.
Each test here runs on a private embedded server in a temporary directory (roles are cluster-wide, and
the test session's server, embedded or external, is shared with other tests).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from cqc_la import embedded

from ..conftest import run_cli

pytestmark = pytest.mark.db


@contextmanager
def private_embedded_server() -> Iterator[tuple[Path, str]]:
    """An embedded server of its own: (its data directory, the owner's libpq URL of database cqc_la)."""
    root = Path(tempfile.mkdtemp(prefix="cqc-la-auth-"))
    pgdata = root / "pgdata"
    previous = os.environ.get("CQC_LA_PGDATA")
    os.environ["CQC_LA_PGDATA"] = str(pgdata)
    try:
        url = embedded.start()
        yield pgdata, "postgresql://" + url.split("://", 1)[1]
    finally:
        # The session's server may have been started meanwhile and set CQC_LA_PGDATA: keep its value.
        now = os.environ.get("CQC_LA_PGDATA")
        os.environ["CQC_LA_PGDATA"] = str(pgdata)
        try:
            embedded.stop()
        finally:
            restored = previous if now == str(pgdata) else now
            if restored is None:
                os.environ.pop("CQC_LA_PGDATA", None)
            else:
                os.environ["CQC_LA_PGDATA"] = restored
            shutil.rmtree(root, ignore_errors=True)


def connect_as(url: str, user: str, password: str | None) -> psycopg.Connection:
    """Connect to `url` as `user`, with `password` or none (no PGPASSWORD, no password file)."""
    params = conninfo_to_dict(url)
    params.pop("password", None)
    params.update(user=user, passfile=os.devnull, connect_timeout=10)
    if password is not None:
        params["password"] = password
    return psycopg.connect(**params)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Path, str]]:
    with private_embedded_server() as found:
        yield found


@pytest.fixture
def login(server: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A login with the password 'right pass', made with plain SQL."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    _, url = server
    name = f"login_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"create role {name} login password 'right pass'")
    yield name
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"drop role if exists {name}")


def _refused(url: str, user: str, password: str | None) -> str:
    with pytest.raises(psycopg.OperationalError) as error:
        connect_as(url, user, password).close()
    return str(error.value)


def test_a_wrong_password_or_none_is_refused_and_the_right_one_accepted(
    server: tuple[Path, str], login: str
) -> None:
    _, url = server
    assert "password authentication failed" in _refused(url, login, "wrong pass")
    assert "no password supplied" in _refused(url, login, None)
    with connect_as(url, login, "right pass") as connection:
        assert connection.execute("select current_user").fetchone() == (login,)


def test_the_url_that_db_url_prints_asks_a_login_for_its_password(
    server: tuple[Path, str], login: str
) -> None:
    pgdata, _ = server
    printed = run_cli("db", "url", env={"CQC_LA_PGDATA": str(pgdata)})
    assert printed.returncode == 0, printed.stderr
    url = printed.stdout.strip()
    assert f"host={pgdata}" in url
    assert "password authentication failed" in _refused(url, login, "wrong pass")
    with connect_as(url, login, "right pass"):
        pass


def test_the_owner_still_connects_without_a_password(server: tuple[Path, str]) -> None:
    _, url = server
    with connect_as(url, "postgres", None) as connection:
        assert connection.execute(
            "select rolsuper from pg_roles where rolname = current_user"
        ).fetchone() == (True,)


def test_a_server_that_trusts_every_login_is_tightened_when_cqc_la_finds_it(
    server: tuple[Path, str], login: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data directory made by an earlier cqc-la (initdb's trust for all) is fixed on the next start."""
    pgdata, url = server
    monkeypatch.setenv("CQC_LA_PGDATA", str(pgdata))
    hba = pgdata / "pg_hba.conf"
    with psycopg.connect(url, autocommit=True) as connection:
        hba_file = connection.execute("show hba_file").fetchone()
        assert hba_file == (str(hba),)
        original = hba.stat()
        hba.write_text("local all all trust\n")
        os.chown(hba, original.st_uid, original.st_gid)  # as root the server runs as another user
        connection.execute("select pg_reload_conf()")
    _wait_until(lambda: _accepts(url, login, "wrong pass"))
    embedded.start()
    assert "password authentication failed" in _refused(url, login, "wrong pass")
    assert hba.read_text() == embedded.hba_rules("postgres")
    assert (hba.stat().st_uid, hba.stat().st_mode & 0o777) == (original.st_uid, original.st_mode & 0o777)


def test_finding_the_server_again_rewrites_and_reloads_nothing(
    server: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pgdata, url = server
    monkeypatch.setenv("CQC_LA_PGDATA", str(pgdata))
    embedded.start()
    hba = pgdata / "pg_hba.conf"
    before = (hba.stat().st_mtime_ns, hba.stat().st_ino)
    with psycopg.connect(url, autocommit=True) as connection:
        loaded = connection.execute("select pg_conf_load_time()").fetchone()
    embedded.start()
    with psycopg.connect(url, autocommit=True) as connection:
        assert connection.execute("select pg_conf_load_time()").fetchone() == loaded
    assert (hba.stat().st_mtime_ns, hba.stat().st_ino) == before


@pytest.mark.parametrize("windows", [False, True])
def test_only_the_owner_is_trusted_and_every_other_role_needs_scram(windows: bool) -> None:
    rules = [line.split() for line in embedded.hba_rules("postgres", windows).splitlines()]
    rules = [rule for rule in rules if rule and not rule[0].startswith("#")]
    assert all(rule[-1] in ("trust", "scram-sha-256") for rule in rules)
    assert {rule[2] for rule in rules if rule[-1] == "trust"} == {"postgres"}
    assert ["local", "all", "all", "scram-sha-256"] in rules
    assert any(rule[0] == "host" and rule[-1] == "trust" for rule in rules) is windows


def _accepts(url: str, user: str, password: str) -> bool:
    try:
        connect_as(url, user, password).close()
    except psycopg.OperationalError:
        return False
    return True


def _wait_until(condition, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the server did not reload its pg_hba.conf"
        time.sleep(0.05)

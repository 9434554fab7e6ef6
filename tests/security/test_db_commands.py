"""`cqc-la db`: downgrades ask before they delete data, reader logins survive them, and a reader's
password never has to be typed on the command line.

Reader logins and the role `cqc_reader` are cluster-wide, and the migration that creates the role drops
it on downgrade only when no other database uses it; so the tests about logins run on a private
embedded server (see test_embedded_auth), where that server also checks every password.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cqc_la import migrate
from cqc_la.access import grant_reader

from ..conftest import ROOT
from .test_embedded_auth import connect_as, private_embedded_server

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Path, str]]:
    """A private embedded server with database cqc_la at head."""
    with private_embedded_server() as (pgdata, url):
        migrate.upgrade(url)
        yield pgdata, url


@pytest.fixture(autouse=True)
def _no_password_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PGPASSWORD", "CQC_LA_READER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def _cli(
    *args: str, pgdata: Path | None = None, url: str | None = None, input: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`cqc-la ARGS` against the private server (pgdata) or `url`, with `input` on stdin (else none)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    if pgdata is not None:
        environment["CQC_LA_PGDATA"] = str(pgdata)
    if url is not None:
        environment["CQC_LA_DATABASE_URL"] = url
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "cqc_la.cli.main", *args],
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def _reads(url: str, login: str, password: str) -> int:
    with connect_as(url, login, password) as connection:
        row = connection.execute("select count(*) from analysis.framework").fetchone()
        assert row is not None
        return int(row[0])


def _new_login(url: str) -> str:
    name = f"analyst_{uuid.uuid4().hex[:8]}"
    grant_reader(name, "pass phrase", url)
    assert _reads(url, name, "pass phrase") == 9
    return name


# --- reader logins keep their access ------------------------------------------------------------------


def test_reader_logins_read_again_after_db_reset(server: tuple[Path, str]) -> None:
    pgdata, url = server
    login = _new_login(url)
    result = _cli("db", "reset", "--yes", pgdata=pgdata)
    assert result.returncode == 0, result.stderr
    assert login in result.stdout
    assert _reads(url, login, "pass phrase") == 9


def test_downgrade_to_base_keeps_reader_logins_for_the_next_upgrade(server: tuple[Path, str]) -> None:
    pgdata, url = server
    login = _new_login(url)
    result = _cli("db", "downgrade", "base", "--yes", pgdata=pgdata)
    assert result.returncode == 0, result.stderr
    assert "base (empty)" in result.stdout
    assert login in result.stdout and "cqc-la db upgrade" in result.stdout
    with psycopg.connect(url) as connection:
        members = connection.execute(
            "select r.rolcanlogin, array(select b.rolname from pg_auth_members m join pg_roles b "
            "on b.oid = m.roleid where m.member = r.oid) from pg_roles r where r.rolname = %s",
            [login],
        ).fetchone()
    assert members == (True, ["cqc_reader"])
    upgraded = _cli("db", "upgrade", pgdata=pgdata)
    assert upgraded.returncode == 0, upgraded.stderr
    assert _reads(url, login, "pass phrase") == 9


# --- downgrades that delete data ask first ------------------------------------------------------------


def test_downgrade_to_base_without_yes_refuses_in_one_line_and_changes_nothing(databases) -> None:  # type: ignore[no-untyped-def]
    url = databases.create()
    migrate.upgrade(url)
    refused = _cli("db", "downgrade", "base", url=url)
    assert refused.returncode == 2
    lines = (refused.stdout + refused.stderr).strip().splitlines()
    assert len(lines) == 1 and "--yes" in lines[0] and "every table" in lines[0], lines
    assert migrate.current(url) == migrate.head()
    done = _cli("db", "downgrade", "base", "--yes", url=url)
    assert done.returncode == 0, done.stderr
    assert migrate.current(url) is None


def test_a_downgrade_that_deletes_stored_files_needs_yes_and_one_that_keeps_data_does_not(databases) -> None:  # type: ignore[no-untyped-def]
    url = databases.create()
    migrate.upgrade(url, "0006")
    kept = _cli("db", "downgrade", "0005", url=url)  # views and settings only
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert migrate.current(url) == "0005"
    refused = _cli("db", "downgrade", "0004", url=url)
    assert refused.returncode == 2 and "partial assessments" in refused.stdout and "--yes" in refused.stdout
    assert migrate.current(url) == "0005"
    assert _cli("db", "downgrade", "0004", "--yes", url=url).returncode == 0
    assert migrate.current(url) == "0004"


def test_every_revision_says_whether_its_downgrade_deletes_data() -> None:
    from alembic.script import ScriptDirectory

    revisions = {s.revision for s in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()}
    classified = set(migrate.DOWNGRADE_DELETES) | migrate.DOWNGRADE_KEEPS_DATA
    assert revisions <= classified, f"add {sorted(revisions - classified)} to migrate.DOWNGRADE_*"
    assert not set(migrate.DOWNGRADE_DELETES) & migrate.DOWNGRADE_KEEPS_DATA


def test_several_databases_of_one_server_migrate_at_once(databases) -> None:  # type: ignore[no-untyped-def]
    """Roles are cluster-wide and the migration lock is per database: a lost race on a role is retried."""
    script = (
        "import sys\n"
        "from cqc_la import migrate\n"
        "for _ in range(1):\n"
        "    migrate.upgrade(sys.argv[1])\n"
        "    migrate.downgrade('0005', sys.argv[1])\n"
        "print(migrate.upgrade(sys.argv[1]))\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, databases.create()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [out.strip() for out, _ in outputs] == [migrate.head()] * len(processes), [
        err.strip().splitlines()[-1:] for _, err in outputs
    ]


# --- a reader's password: a prompt, stdin or the environment ------------------------------------------


def test_the_password_from_stdin(server: tuple[Path, str]) -> None:
    pgdata, url = server
    name = f"stdin_{uuid.uuid4().hex[:8]}"
    result = _cli(
        "db", "grant-reader", name, "--password-stdin", pgdata=pgdata, input="from stdin\nnext line\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert _reads(url, name, "from stdin") == 9
    with pytest.raises(psycopg.OperationalError):
        connect_as(url, name, "from stdin\nnext line").close()


def test_the_password_from_an_environment_variable(server: tuple[Path, str]) -> None:
    pgdata, url = server
    name = f"env_{uuid.uuid4().hex[:8]}"
    named = _cli(
        "db", "grant-reader", name, "--password-env", "MY_SECRET", pgdata=pgdata, MY_SECRET="named one"
    )
    assert named.returncode == 0, named.stderr
    assert _reads(url, name, "named one") == 9
    default = _cli("db", "grant-reader", name, pgdata=pgdata, CQC_LA_READER_PASSWORD="default one")
    assert default.returncode == 0, default.stderr
    assert "CQC_LA_READER_PASSWORD" in default.stderr
    assert _reads(url, name, "default one") == 9
    unset = _cli("db", "grant-reader", name, "--password-env", "NOT_SET_ANYWHERE", pgdata=pgdata)
    assert unset.returncode == 2 and unset.stderr.count("\n") == 1 and "NOT_SET_ANYWHERE" in unset.stderr


def test_a_password_on_the_command_line_still_works_with_a_warning(server: tuple[Path, str]) -> None:
    pgdata, url = server
    name = f"argv_{uuid.uuid4().hex[:8]}"
    result = _cli("db", "grant-reader", name, "--password", "typed in", pgdata=pgdata)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "visible to other users" in result.stderr
    assert _reads(url, name, "typed in") == 9


def test_no_password_and_no_terminal_is_one_line() -> None:
    result = _cli("db", "grant-reader", "analyst", url="postgresql://nobody@127.0.0.1:1/x")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--password-stdin" in result.stderr, result.stderr
    empty = _cli(
        "db", "grant-reader", "analyst", "--password-stdin", url="postgresql://nobody@127.0.0.1:1/x", input=""
    )
    assert empty.returncode == 2 and empty.stderr.count("\n") == 1 and "stdin" in empty.stderr


def test_a_password_that_is_not_utf8_text_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cqc_la.cli.main", "db", "grant-reader", "analyst", "--password-stdin"],
        input=b"\xff\xfe\n",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "CQC_LA_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"},
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == "cqc-la: error: the password is not UTF-8 text\n"


def test_on_a_terminal_the_password_is_asked_twice(server: tuple[Path, str]) -> None:
    pgdata, url = server
    name = f"tty_{uuid.uuid4().hex[:8]}"
    status, stderr = _on_a_terminal(["db", "grant-reader", name], ["typed twice", "typed twice"], pgdata)
    assert status == 0, stderr
    assert "password for" in stderr and "again" in stderr
    assert _reads(url, name, "typed twice") == 9
    status, stderr = _on_a_terminal(["db", "grant-reader", name], ["one", "another"], pgdata)
    assert status == 2 and "differ" in stderr
    assert _reads(url, name, "typed twice") == 9


def test_the_help_shows_no_password_on_the_command_line() -> None:
    help_text = _cli("db", "--help").stdout + _cli("db", "grant-reader", "--help").stdout
    assert "--password s3cret" not in help_text
    assert "--password-stdin" in help_text and "CQC_LA_READER_PASSWORD" in help_text


def _on_a_terminal(args: list[str], answers: list[str], pgdata: Path) -> tuple[int, str]:
    """Run `cqc-la ARGS` with a terminal as stdin, typing each answer after each prompt."""
    master, slave = os.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    environment["CQC_LA_PGDATA"] = str(pgdata)
    process = subprocess.Popen(
        [sys.executable, "-m", "cqc_la.cli.main", *args],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment,
        start_new_session=True,  # no controlling terminal: getpass reads the terminal on stdin
    )
    os.close(slave)
    assert process.stderr is not None
    seen = b""
    try:
        for answer in answers:
            prompts = seen.count(b": ")
            deadline = time.monotonic() + 60
            while seen.count(b": ") == prompts:
                assert time.monotonic() < deadline, seen
                ready, _, _ = select.select([process.stderr], [], [], 1)
                if ready:
                    chunk = os.read(process.stderr.fileno(), 1024)
                    if not chunk:
                        break
                    seen += chunk
            if process.poll() is not None:
                break
            os.write(master, answer.encode() + b"\n")
        _, rest = process.communicate(timeout=120)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, (seen + rest).decode()

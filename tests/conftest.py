"""Test databases: real PostgreSQL, the embedded default or the server in CQC_LA_TEST_DATABASE_URL.

The schema is migrated once per session into a fresh database; tests that write reports start from a
clean slate through the `clean_db` fixture (content truncated, framework data kept). Variables that
would point the library at a user's own database are removed for the whole session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "hartlepool-0525.md"

for _name in ("CQC_LA_DATABASE_URL", "DATABASE_URL"):
    os.environ.pop(_name, None)

# Directories whose modules share expensive session fixtures (the fetch story, the built site, the
# charts' views): each runs whole in one worker so that the fixture is built once.
SHARED_FIXTURE_DIRECTORIES = ("fetch", "site", "charts")


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or its directory in SHARED_FIXTURE_DIRECTORIES.

    A file's module fixtures (a database loaded once for its tests) are then built once, not once per
    worker."""
    path = nodeid.split("::", 1)[0]
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in SHARED_FIXTURE_DIRECTORIES:
        return "/".join(parts[:2])
    return path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Send whole work units to the workers (pyproject's addopts run one per CPU). `xdist_group` marks
    cannot do this: pytest 9.2 no longer sees the group xdist writes into each test's id
    (pytest-dev/pytest-xdist#1386), so the units are named here instead."""
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return WorkUnits(config, log)


def _libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


@pytest.fixture(scope="session", autouse=True)
def reader_secrets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The library login's passwords in a file of the test run, not in the user's own config: one
    file for every worker (they share the external server, so they must agree on its password)."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    path = shared / "reader-login.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CQC_LA_READER_SECRETS", str(path))
        yield path


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A libpq URL of a server where tests may create databases."""
    external = os.environ.get("CQC_LA_TEST_DATABASE_URL")
    if external:
        yield _libpq(external)
        return
    from cqc_la import embedded

    # Not under pytest's basetemp: pytest prunes old basetemps, which would pull the data directory
    # from under a server still running for another session.
    data = Path(tempfile.mkdtemp(prefix="cqc-la-test-"))
    previous = os.environ.get("CQC_LA_PGDATA")
    os.environ["CQC_LA_PGDATA"] = str(data / "pgdata")
    url = embedded.start()
    try:
        yield _libpq(url).replace("/cqc_la?", "/postgres?")
    finally:
        embedded.stop()
        shutil.rmtree(data, ignore_errors=True)
        if previous is None:
            os.environ.pop("CQC_LA_PGDATA", None)
        else:
            os.environ["CQC_LA_PGDATA"] = previous


class Databases:
    """Creates throw-away databases on the test server and drops them at the end."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.created: list[str] = []
        self._template: str | None = None

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of database `template`)."""
        name = f"cqc_la_test_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.server_url, autocommit=True) as connection:
            if template is None:
                connection.execute(f'create database "{name}"')
            else:
                connection.execute(f'create database "{name}" template "{template}"')
                # a copy does not keep the database's own privileges: take them as migration 0006 does
                connection.execute(f'revoke connect, temporary on database "{name}" from public')
        self.created.append(name)
        base, _, query = self.server_url.partition("?")
        base = base.rsplit("/", 1)[0] + "/" + name
        return base + ("?" + query if query else "")

    def migrated(self) -> str:
        """A new database at head with the reference data loaded (what `cqc-la load` makes before its
        first report): a copy of a template migrated once per session, for a fifth of a migration's
        time. Tests of migrating or of a first load use `create()`."""
        if self._template is None:
            from cqc_la import database, migrate
            from cqc_la.loading.run import load_reference

            url = self.create()
            migrate.upgrade(url)
            load_reference(url)
            database.engine(url).dispose()  # a template may have no sessions while it is copied
            self._template = self.created[-1]
        return self.create(template=self._template)

    def drop_all(self) -> None:
        with psycopg.connect(self.server_url, autocommit=True) as connection:
            for name in self.created:
                connection.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def databases(server_url: str) -> Iterator[Databases]:
    manager = Databases(server_url)
    yield manager
    manager.drop_all()


@pytest.fixture(scope="session")
def db_url(databases: Databases) -> str:
    """A database migrated to head once per session, with the reference data loaded."""
    return databases.migrated()


def empty_of_reports(url: str) -> str:
    """Database `url` with every loaded report removed (framework, councils and published results
    kept, summaries back in place): a plain function, for session fixtures too."""
    from sqlalchemy import text

    from cqc_la import database
    from cqc_la.loading.run import load_reference
    from cqc_la.loading.summaries import sync_summaries

    with database.engine(url).begin() as connection:
        connection.execute(
            text(
                "truncate cqc.source_document, cqc.source_file, cqc.assessment, cqc.load_log, cqc.section, "
                "cqc.paragraph cascade"
            )
        )
        connection.execute(text("delete from cqc.council where not is_reference"))
    load_reference(url)
    with database.engine(url).begin() as connection:
        sync_summaries(connection)
    return url


@pytest.fixture
def clean_db(db_url: str) -> str:
    """The session database with every loaded report removed (framework and councils kept)."""
    return empty_of_reports(db_url)


@pytest.fixture
def cli(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`cqc-la ...` in this process (fast), against the database of the module's `url` fixture:
    (exit status, stdout, stderr)."""
    from cqc_la.cli.main import main

    monkeypatch.setenv("CQC_LA_DATABASE_URL", url)

    def run(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def run_cli(
    *args: str,
    url: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `cqc-la` as a user would, in a subprocess, against `url`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    if url:
        environment["CQC_LA_DATABASE_URL"] = url
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cqc_la.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=environment,
        timeout=timeout,
    )

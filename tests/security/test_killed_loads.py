"""A load that is killed leaves nothing behind, a dead worker fails only what it held, and a lost server
stops the run in one line.

Each test holds the lock that report writes share (`cqc_la.loading.locks`) exclusively at the moment
that matters, so that every worker is known to be in the middle of a report when the test strikes:
nothing depends on timing. Processes are found through /proc (their parent pid) and sessions through
`pg_stat_activity` (the loader runs with its own `PGAPPNAME`).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from ..conftest import ROOT

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes through /proc"),
]

REPORT = ROOT / "tests" / "fixtures" / "unseen3" / "west-berkshire-0825.md"
PUBLISHED = "Assessment published: 15 August 2025"
COPIES = 16  # enough for the workers to write reports in turn; the locks, not the number, time the tests
JOBS = 2


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """COPIES copies of a small report, each with its own publication date: COPIES assessments."""
    folder = tmp_path_factory.mktemp("reports")
    text = REPORT.read_text(encoding="utf-8")
    assert PUBLISHED in text
    for number in range(COPIES):
        published = date(2023, 1, 2) + timedelta(days=9 * number)
        dated = text.replace(PUBLISHED, f"Assessment published: {published.day} {published:%B %Y}")
        (folder / f"west-berkshire-{number:02}.md").write_text(dated, encoding="utf-8")
    return folder


def _libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


@pytest.fixture(scope="module")
def ready(databases) -> Callable[[], str]:  # type: ignore[no-untyped-def]
    """Makes databases at head with the reference data loaded, so a load goes straight to its files."""
    return databases.migrated


def _scalar(url: str, sql: str, *params: object) -> object:
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        row = connection.execute(sql, params).fetchone()
        assert row is not None
        return row[0]


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.02)


def _reports_written(url: str) -> int:
    return int(_scalar(url, "select count(*) from cqc.assessment where detail = 'report'"))  # type: ignore[arg-type]


def _sessions(url: str, name: str, waiting: bool = False) -> int:
    wait = " and wait_event = 'advisory'" if waiting else ""
    return int(
        _scalar(url, f"select count(*) from pg_stat_activity where application_name = %s{wait}", name)  # type: ignore[arg-type]
    )


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) is not None and int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has ended; only reaping is left


@contextmanager
def _writes_held(url: str) -> Iterator[Callable[[], None]]:
    """Hold the lock every report write shares, exclusively (as a reference refresh does); yields release."""
    from cqc_la import database
    from cqc_la.loading.locks import lock_for_refresh

    engine = database.engine(url)
    connection = engine.connect()
    transaction = connection.begin()
    lock_for_refresh(connection)

    def release() -> None:
        if transaction.is_active:
            transaction.rollback()

    try:
        yield release
    finally:
        release()
        connection.close()
        engine.dispose()


@contextmanager
def _loading(url: str, folder: Path, name: str) -> Iterator[subprocess.Popen[str]]:
    """`cqc-la load FOLDER --jobs JOBS` with its sessions named `name`, in a process group of its own,
    which is killed whole on leaving, so a test that fails leaves no process behind either."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    environment.update(CQC_LA_DATABASE_URL=url, PGAPPNAME=name)
    load = subprocess.Popen(
        [sys.executable, "-m", "cqc_la.cli.main", "load", str(folder), "--jobs", str(JOBS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    try:
        yield load
    finally:
        try:
            os.killpg(load.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        load.wait(timeout=30)


def _content(url: str) -> dict[str, tuple[int, int]]:
    """Row count and a checksum of every cqc table, leaving out surrogate keys and timestamps."""
    with psycopg.connect(_libpq(url)) as connection:
        columns: dict[str, list[str]] = {}
        for table, column, kind in connection.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'cqc' order by table_name, ordinal_position"
        ):
            if not (column.endswith("_id") or kind.startswith("timestamp")):
                columns.setdefault(table, []).append(column)
        found = {}
        for table, kept in columns.items():
            row = connection.execute(
                f"select count(*), coalesce(sum(hashtext(({', '.join(kept)})::text)), 0) from cqc.{table}"
            ).fetchone()
            assert row is not None
            found[table] = (row[0], row[1])
        return found


def _stop_mid_run(ready: Callable[[], str], reports: Path, how: signal.Signals) -> tuple[str, int, str]:
    """Stop a load of `reports` with `how` after some reports, while each worker is inside one.

    Returns the database, the load's exit status and its stderr, once its workers and sessions are gone.
    """
    url = ready()
    name = f"cqc-la-test-{uuid.uuid4().hex[:8]}"
    with _loading(url, reports, name) as load:
        _wait_for(lambda: _reports_written(url) >= 3, "three reports written")
        with _writes_held(url) as release:
            _wait_for(lambda: _sessions(url, name, waiting=True) == JOBS, "every worker waiting in a report")
            assert load.poll() is None, "the load ended before it could be stopped"
            workers = _children(load.pid)
            assert len(workers) == JOBS
            os.kill(load.pid, how)
            _, err = load.communicate(timeout=30)  # ends once every holder of its pipes has ended
            _wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to end", 10)
            release()  # a session waiting for a lock sees its client gone only once it has the lock
            _wait_for(lambda: _sessions(url, name) == 0, "the load's sessions to end", 10)
    return url, load.returncode, err


def test_a_load_killed_with_sigkill_leaves_no_worker_and_no_session_and_a_rerun_equals_a_clean_load(
    ready: Callable[[], str], reports: Path
) -> None:
    from cqc_la import database
    from cqc_la.loading import load_reports

    url, status, _ = _stop_mid_run(ready, reports, signal.SIGKILL)
    assert status == -signal.SIGKILL
    assert 3 <= _reports_written(url) < COPIES
    rerun = load_reports([reports], url, jobs=1)  # in this process: no CLI start-up to pay
    assert not rerun.failed and rerun.count("loaded") + rerun.count("unchanged") == COPIES
    assert rerun.count("unchanged") >= 3  # what the killed load had committed stays, once
    clean = ready()
    assert not load_reports([reports], clean, jobs=1).failed
    assert _content(url) == _content(clean)
    for used in (url, clean):
        database.engine(used).dispose()


def test_a_load_stopped_with_sigterm_ends_its_workers_and_says_so(
    ready: Callable[[], str], reports: Path
) -> None:
    _, status, err = _stop_mid_run(ready, reports, signal.SIGTERM)
    assert status == 128 + signal.SIGTERM, err
    last = err.splitlines()[-1]
    assert re.fullmatch(
        r"cqc-la: terminated \(SIGTERM\): \d+ of \d+ files done( \([^)]*\))?; reports not yet written were "
        r"rolled back \(load again to finish\)",
        last,
    ), last
    assert "Traceback" not in err


def test_a_killed_worker_fails_only_the_report_it_held_and_the_run_goes_on(
    ready: Callable[[], str], reports: Path
) -> None:
    url = ready()
    name = f"cqc-la-test-{uuid.uuid4().hex[:8]}"
    with _writes_held(url) as release, _loading(url, reports, name) as load:
        _wait_for(lambda: _sessions(url, name, waiting=True) == JOBS, "every worker waiting in a report")
        victim = _children(load.pid)[0]
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: not _alive(victim), "the worker to end", 10)
        release()
        out, err = load.communicate(timeout=60)
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert load.returncode == 1, err
    assert len(failed) == 1, err
    assert failed[0].endswith("not written: its worker process was killed by signal 9 (SIGKILL)")
    assert "Traceback" not in err
    assert f"{COPIES} files: {COPIES - 1} loaded, 0 replaced, 0 unchanged, 1 failed" in out
    assert _reports_written(url) == COPIES - 1


class _Proxy:
    """A TCP forwarder on 127.0.0.1 to the test server, which the test can cut like a lost network."""

    def __init__(self, server_url: str) -> None:
        self.target = conninfo_to_dict(_libpq(server_url))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.cut_off = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, database: str) -> str:
        user = self.target.get("user", "postgres")
        password = f":{self.target['password']}" if self.target.get("password") else ""
        return f"postgresql://{user}{password}@127.0.0.1:{self.port}/{database}"

    def _upstream(self) -> socket.socket:
        host, port = self.target.get("host") or "/tmp", int(self.target.get("port") or 5432)
        if host.startswith("/"):
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(f"{host}/.s.PGSQL.{port}")
            return upstream
        return socket.create_connection((host, port))

    def _accept(self) -> None:
        while not self.cut_off:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = self._upstream()
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        self.cut_off = True
        self.listener.close()
        for end in self.sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()


def test_a_server_lost_mid_load_stops_the_run_with_one_line_and_the_summary(
    ready: Callable[[], str], server_url: str, reports: Path
) -> None:
    url = ready()
    proxy = _Proxy(server_url)
    through = proxy.url(conninfo_to_dict(_libpq(url))["dbname"])
    name = f"cqc-la-test-{uuid.uuid4().hex[:8]}"
    try:
        with _loading(through, reports, name) as load:
            _wait_for(lambda: _reports_written(url) >= 3, "three reports written")
            with _writes_held(url):
                _wait_for(
                    lambda: _sessions(url, name, waiting=True) == JOBS, "every worker waiting in a report"
                )
                written = _reports_written(url)
                proxy.cut()
                out, err = load.communicate(timeout=60)
    finally:
        if not proxy.cut_off:
            proxy.cut()
    lines = err.splitlines()
    assert load.returncode == 2, err
    assert [line for line in lines if "cannot reach the database" in line] == lines[-1:], err
    assert not [line for line in lines if line.startswith("failed: ")], err
    assert "Traceback" not in err
    assert (
        f"{COPIES} files: {written} loaded, 0 replaced, 0 unchanged, 0 failed, {COPIES - written} not loaded"
        in out
    )
    assert _reports_written(url) == written

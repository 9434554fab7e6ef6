"""Loads run side by side: any number of `cqc-la load` at once end with one assessment per report.

The stress test starts four real CLI processes over overlapping folders (the same files, the same
reports as whole texts and as tabs) on a fresh database, round after round: before the shared lock
they failed each other with a unique violation in the summary sync or a deadlock between a council
refresh and a sync. The deadlock tests make real deadlocks (two sessions taking two advisory locks in
opposite orders; the code under test is the one whose `deadlock_timeout` runs out first).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from ..conftest import ROOT, SEED

pytestmark = pytest.mark.db

FIXTURES = ROOT / "tests" / "fixtures"
TABS = FIXTURES / "pages"
HARTLEPOOL_TAB = "Hartlepool Borough Council_ local authority assessment - Care Quality Commission{}.htm"
MANCHESTER_TAB = "Manchester City Council_ local authority assessment - Care Quality Commission{}.htm"
ROUNDS = 10
LOADS = 4
REPORTS = 4  # Hartlepool 05/25, Camden 09/25, Kent 10/25, Manchester 09/25


def _folder(root: Path, name: str, files: list[Path]) -> Path:
    folder = root / name
    folder.mkdir()
    for file in files:
        shutil.copyfile(file, folder / file.name)
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four folders that overlap: the same files, and the same reports whole and as tabs (summary first)."""
    root = tmp_path_factory.mktemp("concurrent")
    camden = FIXTURES / "unseen" / "camden-0925.md"
    kent = FIXTURES / "unseen4" / "kent-1025.txt"
    manchester = FIXTURES / "unseen4" / "manchester-0925.md"
    hartlepool_tabs = [TABS / "hartlepool-0525" / "tabs" / HARTLEPOOL_TAB.format(s) for s in (" (8)", " (1)")]
    other_tabs = [TABS / "hartlepool-0525" / "tabs" / HARTLEPOOL_TAB.format(s) for s in (" (8)", " (3)")]
    manchester_tabs = [TABS / "manchester-0925" / "tabs" / MANCHESTER_TAB.format(s) for s in (" (3)", " (4)")]
    return [
        _folder(root, "a", [SEED, camden]),
        _folder(root, "b", [camden, kent, *hartlepool_tabs]),
        _folder(root, "c", [kent, *manchester_tabs]),
        _folder(root, "d", [manchester, *other_tabs]),
    ]


# One interpreter imports the CLI once and, for every line it reads (a round), forks a process per
# load, each running `cqc-la load` as `python -m cqc_la.cli.main load` would (the same `main`, its own
# connections): separate processes started together, without paying the import (most of a small
# load's time) forty times.
_FORK_LOADS = """
import json, os, sys, traceback
from cqc_la.cli.main import main
import cqc_la.loading.run, cqc_la.migrate, cqc_la.sources.html, cqc_la.sources.text  # noqa: F401

for line in sys.stdin:
    pids = []
    for output, argv in json.loads(line):
        pid = os.fork()
        if pid == 0:
            for fd, suffix in ((1, ".out"), (2, ".err")):
                os.dup2(os.open(output + suffix, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = 99
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        pids.append(pid)
    print(json.dumps([os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]), flush=True)
"""


class _Launcher:
    """Runs one `cqc-la load FOLDER --jobs 1` per folder, all started together, as often as asked."""

    def __init__(self, url: str, output: Path) -> None:
        environment = {
            k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")
        }
        environment["CQC_LA_DATABASE_URL"] = url
        self.output = output
        self.process = subprocess.Popen(
            [sys.executable, "-c", _FORK_LOADS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=environment,
        )

    def loads_at_once(self, folders: list[Path]) -> list[tuple[int, str]]:
        """Exit status and stderr of each load."""
        assert self.process.stdin is not None and self.process.stdout is not None
        jobs = [(str(self.output / f.name), ["load", str(f), "--jobs", "1", "--quiet"]) for f in folders]
        self.process.stdin.write(json.dumps(jobs) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the launcher died"
        codes = json.loads(answer)
        return [(code, Path(f"{name}.err").read_text()) for code, (name, _) in zip(codes, jobs, strict=True)]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _empty(url: str) -> None:
    """Back to the state just after migration: no councils, published results, summaries or reports."""
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute(
            "truncate cqc.council, cqc.national_measure, cqc.source_document, cqc.source_file, cqc.load_log "
            "cascade"
        )


def _libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def test_four_loads_at_once_on_a_fresh_database_all_succeed_with_one_assessment_per_report(
    databases, folders: list[Path], tmp_path: Path
) -> None:
    url = databases.create()  # the first round on a database without even a schema
    launcher = _Launcher(url, tmp_path)
    try:
        for round_no in range(ROUNDS):
            if round_no:
                _empty(url)  # then emptied: cheaper than a new database, and the same races
            failures = [(code, err) for code, err in launcher.loads_at_once(folders) if code != 0]
            assert failures == [], f"round {round_no}: {failures}"
            _assert_one_assessment_per_report(url)
    finally:
        launcher.close()


_CHECKS = {
    "reports": "select count(*) from cqc.assessment where detail <> 'summary'",
    "assessments given twice": (
        "select count(*) from (select from cqc.assessment group by council_id, published_on, detail "
        "having count(*) > 1) twice"
    ),
    # every published result is its summary or the report that replaced it, once, never both
    "published results not once": (
        "select count(*) from cqc.published_result p where (select count(*) from cqc.assessment a "
        "where a.published_result_id = p.published_result_id or (a.detail <> 'summary' "
        "and a.overall_rating is not null and a.council_id = p.council_id "
        "and date_trunc('month', a.published_on) = date_trunc('month', p.published_on))) <> 1"
    ),
    "orphan files": (
        "select count(*) from cqc.source_file f "
        "where not exists (select from cqc.source_segment s where s.file_id = f.file_id)"
    ),
}


def _assert_one_assessment_per_report(url: str) -> None:
    with psycopg.connect(_libpq(url)) as connection:
        found = {name: connection.execute(sql).fetchone() for name, sql in _CHECKS.items()}
    assert {name: row[0] if row else None for name, row in found.items()} == {
        "reports": REPORTS,
        "assessments given twice": 0,
        "published results not once": 0,
        "orphan files": 0,
    }


def _xmins(url: str) -> dict[str, set[str]]:
    """The transaction that last wrote each row of the tables a refresh and a sync write."""
    tables = (
        "council",
        "council_alias",
        "national_measure",
        "published_result",
        "published_result_score",
        "assessment",
        "statement_result",
    )
    with psycopg.connect(_libpq(url)) as connection:
        return {
            table: {row[0] for row in connection.execute(f"select xmin::text || ctid::text from cqc.{table}")}
            for table in tables
        }


def test_loading_again_writes_no_reference_or_summary_row_and_waits_for_no_lock(databases) -> None:
    from cqc_la import database, migrate
    from cqc_la.loading.locks import lock_for_refresh
    from cqc_la.loading.run import load_reference, load_reports

    url = databases.create()
    migrate.upgrade(url)
    load_reports([SEED], url)
    before = _xmins(url)
    with database.engine(url).connect() as holder:  # another load refreshing: would block a writer
        holder.begin()
        lock_for_refresh(holder)
        release = threading.Timer(10, holder.rollback)
        release.start()
        started = time.perf_counter()
        try:
            assert load_reference(url) == (153, 90)
            assert [f.outcome for f in load_reports([SEED], url).files] == ["unchanged"]
        finally:
            release.cancel()
            holder.rollback()
        assert time.perf_counter() - started < 5
    assert _xmins(url) == before


class _Deadlock:
    """Two advisory locks taken in opposite orders by the code under test and a partner session."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.first, self.second = (uuid.uuid4().int % 2**31 for _ in range(2))

    def victim(self, connection) -> None:  # type: ignore[no-untyped-def]
        """Run on the connection under test, inside its transaction: ends in SQLSTATE 40P01."""
        holding, waiting = threading.Event(), threading.Event()
        partner = threading.Thread(target=self._partner, args=(holding, waiting), daemon=True)
        partner.start()
        connection.execute(text("set local deadlock_timeout = '20ms'"))
        connection.execute(text("select pg_advisory_xact_lock(:k)"), {"k": self.first})
        assert holding.wait(10)
        waiting.set()
        for _ in range(500):  # the partner queues for our lock before we ask for its lock
            queued = connection.execute(
                text(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted and objid::bigint = :k"
                ),
                {"k": self.first},
            ).scalar()
            if queued:
                break
            time.sleep(0.01)
        try:
            connection.execute(text("select pg_advisory_xact_lock(:k)"), {"k": self.second})
        finally:
            threading.Thread(target=partner.join, args=(10,)).start()

    def _partner(self, holding: threading.Event, waiting: threading.Event) -> None:
        with psycopg.connect(_libpq(self.url), autocommit=True) as connection:
            connection.execute("set deadlock_timeout = '10s'")
            connection.execute("select pg_advisory_lock(%s)", (self.second,))
            holding.set()
            waiting.wait(10)
            connection.execute("select pg_advisory_lock(%s)", (self.first,))
            connection.execute("select pg_advisory_unlock_all()")


def _transaction(url: str, body: Callable[..., None]) -> Callable[[], str]:
    from cqc_la import database

    def action() -> str:
        with database.engine(url).begin() as connection:
            body(connection)
        return "committed"

    return action


def test_a_transaction_that_deadlocks_is_run_again_and_succeeds(databases) -> None:
    from cqc_la.loading.retry import retrying

    url = databases.create()
    tries: list[int] = []

    def body(connection) -> None:  # type: ignore[no-untyped-def]
        tries.append(1)
        if len(tries) == 1:
            _Deadlock(url).victim(connection)

    assert retrying(_transaction(url, body), "while testing") == "committed"
    assert len(tries) == 2


def test_a_deadlock_on_every_try_is_named_as_a_deadlock_not_as_an_unreachable_server(databases) -> None:
    from cqc_la.cli.errors import describe
    from cqc_la.loading.retry import DatabaseConflict, retrying

    url = databases.create()
    with pytest.raises(DatabaseConflict) as raised:
        retrying(
            _transaction(url, lambda connection: _Deadlock(url).victim(connection)), "while testing", tries=2
        )
    message = describe(raised.value)
    assert message is not None
    assert message.startswith(
        "the database detected a deadlock (SQLSTATE 40P01) while testing, after 2 tries: "
    )
    assert "cannot reach" not in message

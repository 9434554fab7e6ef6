"""Nothing runs forever: every read path has a time limit, an interrupted or killed client leaves no
statement running on the server, and a search cannot be made to run for minutes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cqc_la import database, readonly, run_sql
from cqc_la.errors import UsageError
from cqc_la.loading import load_reports

from ..conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.db
SLEEP = "select pg_sleep(600)"


@pytest.fixture(scope="module")
def loaded(databases) -> str:  # type: ignore[no-untyped-def]
    url = databases.migrated()
    load_reports([SEED], url)
    return url


def test_the_default_limit_is_30_seconds_on_the_session(loaded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(readonly.TIMEOUT_VARIABLE, raising=False)
    assert run_sql("show statement_timeout", loaded).iloc[0, 0] == "30s"


def test_the_api_limit_stops_a_long_statement_with_a_line_that_names_it(loaded: str) -> None:
    with pytest.raises(readonly.TimeLimitError, match=r"time limit of 0.5 s .*--timeout"):
        run_sql(SLEEP, loaded, timeout=0.5)


@pytest.mark.parametrize(
    ("args", "env", "limit"),
    [(("--timeout", "0.5"), {}, "0.5 s"), ((), {readonly.TIMEOUT_VARIABLE: "1"}, "1 s")],
)
def test_the_cli_limit_comes_from_the_option_or_the_environment(
    loaded: str, args: tuple[str, ...], env: dict[str, str], limit: str
) -> None:
    result = run_cli("sql", SLEEP, *args, url=loaded, env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"cqc-la: error: the statement was stopped at its time limit of {limit} "
        f"(set another with --timeout SECONDS, timeout=, or {readonly.TIMEOUT_VARIABLE})"
    ]
    saved = run_cli("query", "search", "-p", "q=carers", *args, url=loaded, env=env, timeout=60)
    assert saved.returncode == 0, saved.stderr  # a quick query under the same limit answers


def test_a_bad_limit_is_one_line(loaded: str) -> None:
    with pytest.raises(UsageError, match="above 0 seconds"):
        run_sql("select 1", loaded, timeout=0)
    result = run_cli("sql", "select 1", url=loaded, env={readonly.TIMEOUT_VARIABLE: "soon"})
    assert result.returncode == 2 and "expected a number of seconds" in result.stderr


def _sleepers(url: str) -> int:
    with database.engine(url).connect() as connection:
        return int(
            connection.exec_driver_sql(
                "select count(*) from pg_stat_activity where query = %(q)s and state = 'active'", {"q": SLEEP}
            ).scalar_one()
        )


def _wait_for(condition, seconds: float = 20) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_an_interrupted_or_killed_client_leaves_no_statement_running(
    loaded: str, how: signal.Signals
) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    environment["CQC_LA_DATABASE_URL"] = loaded
    process = subprocess.Popen(
        [sys.executable, "-m", "cqc_la.cli.main", "sql", SLEEP],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: _sleepers(loaded) == 1), "the statement never started"
        process.send_signal(how)
        process.wait(timeout=30)
        # the server notices a vanished client within a second (client_connection_check_interval)
        assert _wait_for(lambda: _sleepers(loaded) == 0), "the statement outlived its client"
        if how != signal.SIGKILL:
            assert process.returncode == 130 and "Traceback" not in (
                process.stderr.read() if process.stderr else ""
            )
    finally:
        if process.poll() is None:
            process.kill()


def test_search_bounds_its_input_with_a_clear_error(loaded: str) -> None:
    with pytest.raises(UsageError, match="search text too long: 10001 characters"):
        run_sql("select * from analysis.search_findings(:q)", loaded, {"q": "x" * 10001})
    with pytest.raises(UsageError, match="too many terms"):
        run_sql("select * from analysis.search_findings(:q)", loaded, {"q": "carers " * 600})
    result = run_cli("query", "search", "-p", f"q={'x' * 10001}", url=loaded)
    assert result.returncode == 2 and "at most 10000" in result.stderr


def test_search_answers_a_long_query_of_one_word_repeated(loaded: str) -> None:
    """It took minutes before (ts_headline made a pass per repeated word); `benchmarks/bench.py`
    times it: no timed assertion here, only that it answers within the default limit."""
    frame = run_sql("select * from analysis.search_findings(:q, 5)", loaded, {"q": "carers " * 500})
    assert len(frame) == 5 and frame["snippet"].str.contains(r"\*\*carer", case=False).all()

"""Loads and servers, as the user meets them: where the warnings are, what Ctrl-C leaves done, worker
counts that make sense, `parse -` from stdin, and `db stop` that asks before ending open sessions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cqc_la import embedded, loading
from cqc_la.cli import db as db_cli
from cqc_la.cli.main import main
from cqc_la.loading import FileOutcome, LoadSummary

from .conftest import ROOT, SEED


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_jobs_must_be_at_least_one(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["load", "--jobs", jobs])
    assert exit_.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_the_library_refuses_jobs_below_one() -> None:
    with pytest.raises(loading.run.UsageError, match="1 or more worker processes"):
        loading.load_reports([], "postgresql://nobody@127.0.0.1:1/x", jobs=0)


def test_parse_reads_a_report_from_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cqc_la.cli.main", "parse", "-"],
        input=SEED.read_bytes(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b'"file_name": "<stdin>"' in result.stdout and b"Hartlepool Borough Council" in result.stdout


def _fake_load(outcomes: list[FileOutcome], total: int, then: BaseException | None = None):  # type: ignore[no-untyped-def]
    def load_reports(paths, jobs=None, progress=None):  # type: ignore[no-untyped-def]
        for outcome in outcomes:
            if progress is not None:
                progress(outcome, total)
        if then is not None:
            raise then
        return LoadSummary(files=outcomes, councils=153, published_results=90)

    return load_reports


def test_the_summary_points_to_the_stored_warnings(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    outcomes = [FileOutcome("a.md", "loaded", 1, None, 11)]
    monkeypatch.setattr(loading, "load_reports", _fake_load(outcomes, 1))
    assert main(["load", "a.md"]) == 0
    out = capsys.readouterr().out
    assert "11 warnings" in out
    assert "analysis.load_warnings" in out and "cqc-la query --view load_warnings" in out


def test_ctrl_c_says_how_many_files_were_done(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    outcomes = [
        FileOutcome("a.md", "loaded", 1),
        FileOutcome("b.md", "unchanged"),
        FileOutcome("c.md", "loaded", 2),
    ]
    monkeypatch.setattr(loading, "load_reports", _fake_load(outcomes, 20, KeyboardInterrupt()))
    assert main(["load", "reports/"]) == 130
    err = capsys.readouterr().err
    assert "interrupted: 3 of 20 files done (2 loaded, 1 unchanged)" in err
    assert "rolled back" in err and err.splitlines()[-1].startswith("cqc-la: interrupted")


def test_db_stop_says_how_many_sessions_are_open_and_asks(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    sessions = [
        embedded.Session("analyst", "cqc_la", "psql"),
        embedded.Session("postgres", "cqc_la", "DBeaver"),
    ]
    stopped: list[bool] = []
    monkeypatch.setattr(db_cli.database, "is_embedded", lambda url=None: True)
    monkeypatch.setattr(embedded, "open_sessions", lambda: sessions)
    monkeypatch.setattr(embedded, "stop", lambda: stopped.append(True) or True)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["db", "stop"]) == 2 and not stopped
    out = capsys.readouterr().out
    assert "2 sessions are open on the embedded server (psql as analyst on cqc_la, DBeaver as postgres" in out
    assert "--force" in out

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["db", "stop"]) == 2 and not stopped
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["db", "stop"]) == 0 and stopped == [True]
    assert "embedded server stopped (2 sessions ended)" in capsys.readouterr().out

    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["db", "stop", "--force"]) == 0 and stopped == [True, True]


def test_db_stop_with_no_session_open_just_stops(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(db_cli.database, "is_embedded", lambda url=None: True)
    monkeypatch.setattr(embedded, "open_sessions", lambda: [])
    monkeypatch.setattr(embedded, "stop", lambda: True)
    assert main(["db", "stop"]) == 0
    assert capsys.readouterr().out == "embedded server stopped\n"

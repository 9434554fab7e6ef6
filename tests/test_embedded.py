"""The embedded server's data directory rules and handle hygiene (see cqc_la.embedded)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cqc_la import embedded
from cqc_la.config import ConfigError


def test_explicit_data_directory_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CQC_LA_PGDATA", str(tmp_path / "pg"))
    assert embedded.data_dir() == tmp_path / "pg"


def test_explicit_data_directory_with_a_space_is_refused_clearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CQC_LA_PGDATA", str(tmp_path / "Application Support" / "pg"))
    with pytest.raises(ConfigError, match="path containing a space"):
        embedded.data_dir()


def test_root_uses_var_lib_never_root_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CQC_LA_PGDATA", raising=False)
    monkeypatch.setattr(embedded, "_is_root", lambda: True)
    assert embedded.data_dir() == Path("/var/lib/cqc-la/pgdata")


def test_default_directory_with_a_space_falls_back_to_one_without(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.delenv("CQC_LA_PGDATA", raising=False)
    monkeypatch.setattr(embedded, "_is_root", lambda: False)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda app: tmp_path / "Application Support" / app)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    chosen = embedded.data_dir()
    assert " " not in str(chosen)
    assert chosen == tmp_path / "home" / ".cqc-la" / "pgdata"


def test_dead_handles_are_cleared_before_use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    dead = _a_dead_pid()
    (pgdata / ".handle_pids.json").write_text(json.dumps([os.getpid(), dead]))
    embedded._clear_dead_handles(pgdata)
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == [os.getpid()]


def _a_dead_pid() -> int:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.db
def test_the_server_outlives_the_command_and_is_shared(server_url: str) -> None:
    """Two starts in a row return the same running server (several cqc-la processes share one)."""
    if os.environ.get("CQC_LA_TEST_DATABASE_URL"):
        pytest.skip("the suite runs against an external server")
    first = embedded.start()
    second = embedded.start()
    assert first == second
    status = embedded.status()
    assert status.running and status.pid


@pytest.mark.db
def test_several_processes_starting_the_embedded_server_at_once_share_one(tmp_path: Path) -> None:
    """Three `cqc-la db url` at once on a fresh data directory: one initdb, one server, one URL."""
    if os.environ.get("CQC_LA_TEST_DATABASE_URL"):
        pytest.skip("the suite runs against an external server")
    import subprocess
    import sys

    pgdata = tmp_path / "shared" / "pgdata"
    env = {k: v for k, v in os.environ.items() if k not in ("CQC_LA_DATABASE_URL", "DATABASE_URL")}
    env["CQC_LA_PGDATA"] = str(pgdata)
    command = [sys.executable, "-m", "cqc_la.cli.main", "db", "url"]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    try:
        outputs = [p.communicate(timeout=120) for p in processes]
        assert [p.returncode for p in processes] == [0, 0, 0], outputs
        urls = {out.strip() for out, _ in outputs}
        assert len(urls) == 1 and f"host={pgdata}" in urls.pop()
    finally:
        subprocess.run([*command[:-1], "stop"], env=env, capture_output=True, timeout=60)

"""Mistakes a user makes at the command line end in one line on stderr and status 2, never a traceback
(which can also carry a URL with its password to a terminal or a log)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_la import migrate

from ..conftest import ROOT, SEED, run_cli


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cqc-la: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:hunter2@localhost:abc/db",
        "postgresql+psycopg://u:hunter2@localhost:5432x/db",
        "postgresql://u:hunter2@/db?host=/tmp&port=abc",
    ],
)
def test_a_port_that_is_not_a_number_is_one_line_without_the_password(url: str) -> None:
    line = _one_line_error(run_cli("db", "current", env={"CQC_LA_DATABASE_URL": url}))
    assert "CQC_LA_DATABASE_URL" in line and "port" in line and "not a number" in line
    assert "hunter2" not in line


def test_a_reader_that_closes_stdout_ends_the_command_quietly() -> None:
    """`cqc-la parse FILE | head -1`, made deterministic: the reader is gone before the first write."""
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "cqc_la.cli.main", "parse", str(SEED)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    os.close(write_end)
    os.close(read_end)
    _, stderr = process.communicate(timeout=120)
    assert stderr == ""
    assert process.returncode == 141  # as for a command ended by SIGPIPE


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell pipeline")
def test_parse_into_head_prints_no_traceback() -> None:
    command = f'"{sys.executable}" -m cqc_la.cli.main parse "{SEED}" --blocks | head -1'
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout == "{\n"
    assert result.stderr == ""


@pytest.mark.db
@pytest.mark.parametrize(
    "args",
    [
        ("downgrade", "0099"),
        ("downgrade", "0099", "--yes"),
        ("upgrade", "0099"),
        ("downgrade", "-99", "--yes"),
    ],
)
def test_an_unknown_revision_is_one_line_naming_the_known_ones(databases, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    url = databases.migrated()
    line = _one_line_error(run_cli("db", *args, url=url))
    assert "known revisions: base, 0001" in line and f"{migrate.head()} (head)" in line
    assert migrate.current(url) == migrate.head()


@pytest.mark.db
def test_a_downgrade_to_a_newer_revision_is_one_line(databases) -> None:  # type: ignore[no-untyped-def]
    url = databases.create()
    migrate.upgrade(url, "0003")
    line = _one_line_error(run_cli("db", "downgrade", "0005", url=url))
    assert "0003" in line and "0005" in line
    assert migrate.current(url) == "0003"


def test_a_data_directory_of_another_postgresql_version_is_one_line(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("12\n")
    line = _one_line_error(run_cli("db", "start", env={"CQC_LA_PGDATA": str(pgdata)}))
    assert str(pgdata) in line and "version" in line.lower()


def test_db_status_never_prints_a_password() -> None:
    for url in ("postgresql://u:hunter2@127.0.0.1:1/x", "postgresql://u@127.0.0.1:1/x?password=hunter2"):
        result = run_cli("db", "status", env={"CQC_LA_DATABASE_URL": url})
        assert "hunter2" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.db
@pytest.mark.parametrize("args", [("upgrade",), ("downgrade", "-1"), ("reset", "--yes")])
def test_a_database_migrated_by_a_newer_cqc_la_is_one_line(databases, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from cqc_la import database

    url = databases.migrated()
    with database.engine(url).begin() as connection:
        connection.execute(text("update alembic_version set version_num = '0999'"))
    line = _one_line_error(run_cli("db", *args, url=url))
    assert "0999" in line and "does not know" in line
    assert migrate.current(url) == "0999"

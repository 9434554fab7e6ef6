"""The command line: errors in one line, database commands from any directory."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import run_cli

# Help texts and the README's command table: tests/test_help.py.


def test_starting_the_cli_or_running_sql_does_not_import_pandas() -> None:
    """pandas took half of every command's start (0.7 s to 0.4 s without it): only DataFrames,
    Parquet and charts need it, and they import it themselves."""
    script = (
        "import sys\n"
        "from cqc_la.cli import main\n"
        "from cqc_la import queries, readonly\n"
        "main.build_parser()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'pandas')[:3])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def test_no_command_prints_help_and_exits_2() -> None:
    result = run_cli()
    assert result.returncode == 2 and "usage: cqc-la" in result.stdout


def test_a_bad_database_url_is_one_line_not_a_traceback() -> None:
    result = run_cli("db", "current", env={"CQC_LA_DATABASE_URL": "mysql://u@h/d"})
    assert result.returncode == 2
    assert result.stderr.startswith("cqc-la: error: CQC_LA_DATABASE_URL: expected a URL starting with")
    assert "Traceback" not in result.stderr


def test_an_unreachable_server_is_one_line_not_a_traceback() -> None:
    result = run_cli("db", "current", env={"CQC_LA_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})
    assert result.returncode == 2
    assert result.stderr.startswith("cqc-la: error: cannot reach the database")
    assert "Traceback" not in result.stderr


@pytest.mark.db
def test_db_url_current_and_upgrade_from_another_directory(databases, tmp_path) -> None:
    url = databases.create()
    upgraded = run_cli("db", "upgrade", url=url, cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "schema at revision" in upgraded.stdout
    current = run_cli("db", "current", url=url, cwd=tmp_path)
    assert current.returncode == 0 and "(head)" in current.stdout
    printed = run_cli("db", "url", url=url, cwd=tmp_path)
    assert printed.stdout.strip() == url.replace("postgresql+psycopg://", "postgresql://")


@pytest.mark.db
def test_db_reset_needs_confirmation(databases) -> None:
    url = databases.create()
    refused = run_cli("db", "reset", url=url)
    assert refused.returncode == 2 and "--yes" in refused.stdout
    done = run_cli("db", "reset", "--yes", url=url)
    assert done.returncode == 0 and "schema reset" in done.stdout

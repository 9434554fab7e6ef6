"""The command line: every command has help with examples, is documented in the README, and works."""

from __future__ import annotations

import argparse

import pytest

from cqc_la.cli.main import build_parser

from .conftest import ROOT, run_cli


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append((f"{prefix} {name}".strip(), sub))
                    walk(f"{prefix} {name}", sub)

    walk("", build_parser())
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("command", [name for name, _ in COMMANDS])
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text()
    if command.startswith("db ") and command.split()[1] in ("start", "stop", "status"):
        assert "cqc-la db start` / `stop` / `status`" in readme
    else:
        assert f"cqc-la {command}" in readme


@pytest.mark.parametrize("command", [name for name, parser in COMMANDS if " " not in name])
def test_every_top_level_command_has_help_with_examples(command: str) -> None:
    parser = dict(COMMANDS)[command]
    assert parser.description and "examples:" in (parser.epilog or "")


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

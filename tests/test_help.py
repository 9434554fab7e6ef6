"""Help that cannot drift: every command and subcommand has a description and examples, and the README's
command table lists exactly the commands the parser has."""

from __future__ import annotations

import argparse
import re

import pytest

from cqc_la.cli.main import build_parser

from .conftest import ROOT


def walk(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> list[tuple[str, argparse.ArgumentParser, bool]]:
    """(command, parser, is_leaf) for every command and subcommand under `parser`."""
    found: list[tuple[str, argparse.ArgumentParser, bool]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                command = f"{prefix} {name}".strip()
                below = walk(sub, command)
                found.append((command, sub, not below))
                found += below
    return found


COMMANDS = walk(build_parser())
LEAVES = sorted(command for command, _, leaf in COMMANDS if leaf)


def readme_commands(readme: str) -> list[str]:
    """The commands of the README's command table (the first table under '## Commands'): each row's
    first cell names one, as `cqc-la db upgrade [REV]`; `cqc-la db start` / `stop` / `status` names
    three."""
    section = readme.split("\n## Commands", 1)[1].split("\n## ", 1)[0]
    commands: list[str] = []
    for line in section.splitlines():
        if not line.startswith("| `cqc-la"):
            continue
        cell = line.split(" | ", 1)[0]
        spans = re.findall(r"`([^`]*)`", cell)
        words: list[str] = []
        for word in spans[0].split()[1:]:
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            words.append(word)
        commands.append(" ".join(words))
        for other in spans[1:]:
            if re.fullmatch(r"[a-z][a-z-]*", other):
                commands.append(" ".join([*words[:-1], other]))
    return commands


def test_the_readme_parser_reads_every_form_of_row() -> None:
    table = (
        "intro\n## Commands\n\n| command | what | example |\n|---|---|---|\n"
        "| `cqc-la load [PATH ...]` | a | b |\n| `cqc-la db start` / `stop` / `status` | a | b |\n"
        "| `cqc-la query NAME -p key=value` | a | b |\n| `cqc-la query --list` | a | b |\n\n## Next\n"
        "| `cqc-la other` | not in the section | |\n"
    )
    assert readme_commands(table) == ["load", "db start", "db stop", "db status", "query", "query"]


@pytest.mark.parametrize("command", [command for command, _, _ in COMMANDS])
def test_every_command_and_subcommand_has_a_description_and_examples(command: str) -> None:
    parser = next(sub for name, sub, _ in COMMANDS if name == command)
    assert (parser.description or "").strip(), f"cqc-la {command} has no description"
    epilog = parser.epilog or ""
    assert "examples:" in epilog, f"cqc-la {command} --help shows no examples"
    examples = epilog.split("examples:", 1)[1]
    assert re.search(rf"cqc-la {re.escape(command.split()[0])}\b", examples), (
        f"cqc-la {command}: no example of the command itself"
    )


def test_the_readme_command_table_lists_exactly_the_commands_of_the_parser() -> None:
    documented = set(readme_commands((ROOT / "README.md").read_text(encoding="utf-8")))
    missing = [command for command in LEAVES if command not in documented]
    stale = sorted(documented - set(LEAVES))
    assert not missing, f"commands missing from the README's command table: {missing}"
    assert not stale, f"rows of the README's command table that are no command: {stale}"

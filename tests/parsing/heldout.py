"""Held-out reports: hand-written reports of other councils with ground truth written before parsing.

`tests/fixtures/unseen*/` hold one hardening round each (wordings, web-page debris, PDF and browser
text, heading and score forms, inline forms). `test_heldout.py` holds every round to the loader issue's
bar; each round's `test_unseen*.py` pins the wordings and shapes it added.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cqc_la.parsing import parse_report
from cqc_la.parsing.blocks import is_rule
from cqc_la.parsing.text import BOM

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BENCHMARKS = ROOT / "benchmarks"
FOLDERS = sorted(FIXTURES.glob("unseen*"))


def truths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.truth.json"))


def read_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def accuracy_module() -> Any:
    """benchmarks/accuracy.py, which defines what a fact is and how it is compared."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import accuracy

        return accuracy
    finally:
        sys.path.remove(str(BENCHMARKS))


def measure(folder: Path) -> Any:
    """The accuracy tally of every report of a folder against its truth."""
    accuracy = accuracy_module()
    tally = accuracy.Tally()
    for path in truths(folder):
        truth = read_truth(path)
        accuracy.compare(parse_report(folder / truth["file"]), truth, tally)
    return tally


def source_lines(data: bytes) -> list[str]:
    """The lines a report must store: non-blank, not a `---` rule, in order."""
    text = data.decode("utf-8").removeprefix(BOM)
    return [line.rstrip("\r") for line in text.split("\n") if line.strip() and not is_rule(line)]


def stored_lines(report: Any) -> list[str]:
    return [line for block in report.blocks for line in block.raw.split("\n")]

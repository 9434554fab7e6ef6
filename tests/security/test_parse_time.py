"""Parse time grows linearly with the input, whatever the input repeats (no quadratic step).

A file from anywhere may hold a megabyte of `£1,` or of `England average 5% ` on one line; an input
that makes the parser quadratic would hold a worker for hours. These tests compare ratios, never
absolute times (the machine is shared and noisy): each pathological paragraph of
`benchmarks/parse_scaling.py` is parsed at n and 2n characters in a short report, timed as the CPU time
of this process (other processes on the machine do not count) and best of three, and doubling the input
must at most double the time, with room for noise (x2.5 plus 20 ms). A quadratic step gives x4; each
kind's size is one at which its cost, before the fixes, dominated the parse.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from cqc_la.parsing import parse_report
from cqc_la.report import ReportError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import parse_scaling  # noqa: E402

RATIO = 2.5
SLACK_S = 0.02
ROUNDS = 3


def _best(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        try:
            parse_report(text, "scaling.md")
        except ReportError:
            pass  # a limit may reject a large input: that is fast too
        best = min(best, time.process_time() - start)
    return best


@pytest.fixture(scope="module")
def short_report() -> list[str]:
    return parse_scaling.short_report_lines()


@pytest.mark.parametrize("kind", parse_scaling.KINDS, ids=lambda kind: kind.name)
def test_doubling_a_pathological_paragraph_at_most_doubles_the_parse_time(
    kind: parse_scaling.Kind, short_report: list[str]
) -> None:
    size = kind.test_size  # characters of the paragraph at n
    single = parse_scaling.report_with(kind, size, short_report)
    double = parse_scaling.report_with(kind, 2 * size, short_report)
    _best(single, 1)  # warm caches (compiled patterns, the vocabulary)
    small = large = float("inf")
    for round_no in range(ROUNDS):
        small = min(small, _best(single, 3))
        large = min(large, _best(double, 3 if round_no else 1))
        if large <= RATIO * small + SLACK_S or large > 10 * small + 0.2:
            break  # within bounds, or so far beyond them that no noise explains it
    assert large <= RATIO * small + SLACK_S, (
        f"{kind.name}: {large * 1000:.0f} ms for {2 * size:,} characters, {small * 1000:.0f} ms for {size:,}"
    )

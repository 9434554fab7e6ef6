"""Reports by other councils, in layouts the parser's tests never saw, parse with the required accuracy.

The corpus generator writes reports and their ground truth independently of the parser; seed 7 is used
by no parser test. Every score, rating, date and financial figure must be exact, and at least 99% of all
facts right (benchmarks/accuracy.py defines a fact).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def tally(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import accuracy

        return accuracy.measure(60, seed=7, directory=tmp_path_factory.mktemp("accuracy") / "corpus")
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_every_score_rating_date_and_financial_figure_is_exact(tally) -> None:  # type: ignore[no-untyped-def]
    assert tally.exact > 60 * 30
    wrong = [e for e in tally.examples if any(k in e for k in ("score", "rating", "_on", "finance.", "kind"))]
    assert tally.exact_right == tally.exact, wrong[:10]


def test_at_least_99_percent_of_all_facts_are_right(tally) -> None:  # type: ignore[no-untyped-def]
    assert tally.facts > 60 * 150
    assert tally.share >= 0.99, (round(tally.share, 4), tally.misses.most_common(10), tally.examples[:10])

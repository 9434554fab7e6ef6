"""Each form of every fixture report (one page, tabs, PDF) gives the same facts as its text version."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def accuracy():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import accuracy

        yield accuracy
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.mark.parametrize("form", ["html", "tabs"])
def test_a_page_and_its_tabs_give_every_fact_of_the_text_version(accuracy, form: str) -> None:  # type: ignore[no-untyped-def]
    result = accuracy.compare_forms(form)
    assert result["facts"] > 1000
    assert result["facts_same_as_text_pct"] == 100.0, result["examples"]


def test_a_pdf_gives_every_figure_of_the_text_version(accuracy) -> None:  # type: ignore[no-untyped-def]
    """Every score, rating, date, figure, comparison and wait is the same. A paragraph that ends with a
    sentence exactly at the foot of a page cannot be told from one that goes on over it (CQC's
    paragraphs are not indented), so a findings paragraph count may differ by one there, no more."""
    result = accuracy.compare_forms("pdf")
    differing = [example for example in result["examples"] if " findings." not in example]
    assert differing == []
    assert sum(result["misses"].values()) <= 1
    for example in result["examples"]:
        expected, found = example.rsplit("expected ", 1)[1].split(", found ")
        assert abs(int(expected) - int(found)) == 1, example

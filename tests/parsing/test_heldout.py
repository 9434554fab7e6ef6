"""Every round of held-out reports meets the loader issue's bar (see heldout.py).

Every score, rating, date and financial figure exact; at least 99% of all facts right (facts as
`benchmarks/accuracy.py` counts them); every non-blank, non-rule line in exactly one block, in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cqc_la.parsing import parse_report

from .heldout import FOLDERS, measure, read_truth, source_lines, stored_lines, truths

REPORTS = [(folder, path) for folder in FOLDERS for path in truths(folder)]


@pytest.fixture(scope="module", params=FOLDERS, ids=lambda folder: folder.name)
def round_(request: pytest.FixtureRequest) -> tuple[Path, Any]:
    return request.param, measure(request.param)


def test_six_rounds_of_at_least_three_reports_each() -> None:
    assert [folder.name for folder in FOLDERS] == [
        "unseen",
        "unseen2",
        "unseen3",
        "unseen4",
        "unseen5",
        "unseen6",
    ]
    for folder in FOLDERS:
        assert len(truths(folder)) >= 3
        assert all((folder / read_truth(path)["file"]).exists() for path in truths(folder))


def test_every_score_rating_date_and_financial_figure_is_exact(round_: tuple[Path, Any]) -> None:
    folder, tally = round_
    assert tally.exact >= 35 * len(truths(folder))
    assert tally.exact_right == tally.exact, tally.examples


def test_at_least_99_percent_of_all_facts_are_right(round_: tuple[Path, Any]) -> None:
    folder, tally = round_
    assert tally.facts >= 100 * len(truths(folder))
    assert tally.share >= 0.99, (round(tally.share, 4), tally.misses.most_common(10), tally.examples[:10])


@pytest.mark.parametrize("folder, truth_path", REPORTS, ids=lambda value: getattr(value, "name", ""))
def test_every_line_belongs_to_exactly_one_block(folder: Path, truth_path: Path) -> None:
    name = read_truth(truth_path)["file"]
    data = (folder / name).read_bytes()
    assert stored_lines(parse_report(data, name)) == source_lines(data)

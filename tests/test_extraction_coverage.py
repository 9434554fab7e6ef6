"""`analysis.extraction_coverage` and the `unread` saved query (issue 14): for the seed and every fixture
report, how many sentences hold figures, what was read, and what the audit flagged."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.loading import load_reports
from cqc_la.parsing import parse_report

from .conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.db

FIXTURES = [
    folder / json.loads(path.read_text(encoding="utf-8"))["file"]
    for folder in sorted((ROOT / "tests" / "fixtures").glob("unseen*"))
    for path in sorted(folder.glob("*.truth.json"))
]


@pytest.fixture(scope="module")
def url(databases) -> str:  # type: ignore[no-untyped-def]
    url = databases.migrated()
    summary = load_reports([SEED, *FIXTURES], url)
    assert not summary.failed, summary.failed
    return url


def test_every_loaded_report_has_a_row_with_its_counts(url: str) -> None:
    with database.engine(url).connect() as connection:
        rows = {
            row.file_name: row
            for row in connection.execute(text("select * from analysis.extraction_coverage")).mappings()
        }
    assert len(FIXTURES) >= 20
    assert set(rows) == {path.name for path in [SEED, *FIXTURES]}
    for path in [SEED, *FIXTURES]:
        report = parse_report(path)
        row = rows[path.name]
        flags = Counter(flag.kind for flag in report.unread)
        assert row["sentences_with_figures"] == report.sentences_with_figures > 0, path.name
        assert row["comparisons"] == len(report.national_metrics)
        assert row["waiting_times"] == len(report.waiting_times)
        assert (row["unread_comparisons"], row["unread_waits"], row["unread_figures"]) == (
            flags["unread_comparison"],
            flags["unread_wait"],
            flags["unread_figure"],
        ), path.name
        assert row["is_fully_read"] == (not report.unread)
    assert rows[SEED.name]["is_fully_read"] and rows[SEED.name]["extracted_facts"] >= 25


def test_flagged_sentences_are_load_warnings_with_their_line(url: str) -> None:
    with database.engine(url).connect() as connection:
        flagged = connection.execute(
            text(
                "select count(*) from analysis.load_warnings where kind like 'unread_%' and line is not null"
            )
        ).scalar_one()
        total = connection.execute(
            text(
                "select sum(unread_comparisons + unread_waits + unread_figures) from analysis.extraction_coverage"
            )
        ).scalar_one()
    assert flagged == total


def test_the_unread_saved_query_lists_every_report(url: str) -> None:
    result = run_cli("query", "unread", "--format", "json", url=url)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(FIXTURES) + 1
    assert {
        "council",
        "sentences_with_figures",
        "unread_comparisons",
        "unread_waits",
        "unread_figures",
    } <= set(rows[0])

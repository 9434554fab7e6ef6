"""Published results as CQC publishes them now: partial knowledge, unknown dates, printed percentages,
withdrawals and CQC's rounding (issue 10).

The session database holds the seeds (Hartlepool as a report, 89 other published results as summaries).
Tests that need other reference rows build their own database, so that no row they add leaks into
another test.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.loading import load_reports
from cqc_la.loading.published import PUBLISHED_CSVS, load_published_results
from cqc_la.loading.run import load_reference
from cqc_la.loading.summaries import sync_summaries
from cqc_la.parsing.statements import cqc_pct
from cqc_la.resources import reference_dir

from .conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.db

# Every published pair of total out of 36 and percentage we hold (issue 10): CQC rounds up.
CQC_PAIRS = [(10, 28), (12, 34), (14, 39), (20, 56), (22, 62), (25, 70), (32, 89)]
REASSESSMENT = ROOT / "tests" / "fixtures" / "reassessment" / "birmingham-0426.md"
BIRMINGHAM_PILOT = ROOT / "tests" / "fixtures" / "unseen2" / "birmingham-1223.md"
HEADER = (
    "la_name,gss_code,published,assessment_kind,overall_rating,qs1,qs2,qs3,qs4,qs5,qs6,qs7,qs8,qs9,"
    "printed_pct,status,cqc_report_url,source_url,note"
)


@pytest.fixture(scope="module")
def url(databases) -> str:  # type: ignore[no-untyped-def]
    url = databases.migrated()
    summary = load_reports([SEED], url)
    assert not summary.failed, summary.failed
    return url


@pytest.fixture
def own_db(databases) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database of its own, at head, with the reference loaded: for tests that add reference rows."""
    yield databases.migrated()


def _rows(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    with database.engine(url).connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql), params)]


def _latest(url: str, council: str) -> dict[str, Any]:
    (row,) = _rows(url, "select * from analysis.latest_assessments where council ~ :c", c=council)
    return row


def _load_extra(url: str, path: Path) -> int:
    """The seed files and `path` as reference, then summaries brought into step, in one transaction."""
    files = tuple(reference_dir() / name for name in PUBLISHED_CSVS) + (path,)
    with database.engine(url).begin() as connection:
        read = load_published_results(connection, *files)
        sync_summaries(connection)
    return read


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "more_results.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


# --- CQC's rounding --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "published"), CQC_PAIRS)
def test_cqc_percentage_is_the_total_of_36_rounded_up(total: int, published: int) -> None:
    assert cqc_pct(total, 9) == published
    assert published == math.ceil(total * 100 / 36)


def test_the_views_give_cqcs_figure_for_every_published_pair(own_db: str, tmp_path: Path) -> None:
    # one council without a result per pair, scored to the pair's total, printed as CQC printed it
    councils = _rows(
        own_db,
        "select council_name, gss_code from cqc.council c where not exists "
        "(select 1 from cqc.published_result p where p.council_id = c.council_id) order by gss_code limit 7",
    )
    rows = []
    for council, (total, published) in zip(councils, CQC_PAIRS, strict=True):
        scores = [1] * 9
        for index in range(total - 9):
            scores[index % 9] += 1
        rating = {28: "Inadequate", 34: "Inadequate", 89: "Outstanding"}.get(
            published, "Good" if published >= 63 else "Requires improvement"
        )
        rows.append(
            f'"{council["council_name"]}",{council["gss_code"]},2026-03,formal,{rating},'
            + ",".join(map(str, scores))
            + f",{published},published,,https://example.org/source,"
        )
    _load_extra(own_db, _csv(tmp_path, *rows))
    found = _rows(
        own_db,
        "select total_score, score_pct, cqc_pct, printed_pct from analysis.latest_assessments "
        "where gss_code = any(:codes) order by total_score",
        codes=[c["gss_code"] for c in councils],
    )
    assert [(r["total_score"], r["cqc_pct"], r["printed_pct"]) for r in found] == [
        (total, published, published) for total, published in CQC_PAIRS
    ]
    assert float(found[4]["score_pct"]) == 61.1  # 22/36: score_pct stays the exact ratio
    assert _rows(own_db, "select * from analysis.reference_warnings") == []


# --- the examples ---------------------------------------------------------------------------------


def test_hartlepool_and_york_percentages(url: str) -> None:
    hartlepool = _latest(url, "Hartlepool")
    assert hartlepool["detail"] == "report"
    assert (hartlepool["cqc_pct"], float(hartlepool["score_pct"]), hartlepool["printed_pct"]) == (
        70,
        69.4,
        None,
    )
    york = _latest(url, "^City of York")
    assert (york["printed_pct"], york["cqc_pct"], york["statements_known"]) == (39, 39, 9)


def test_ninety_councils_hold_a_rating(url: str) -> None:
    assert _rows(
        url, "select count(*) as n from analysis.latest_assessments where overall_rating is not null"
    ) == [{"n": 90}]
    summary = {r["overall_rating"]: r for r in _rows(url, "select * from analysis.rating_summary")}
    assert sum(r["councils"] for r in summary.values()) == 90
    assert abs(sum(float(r["share_pct"]) for r in summary.values()) - 100) < 0.2
    inadequate = summary["Inadequate"]  # Blackpool (scores only) and East Riding (printed 28)
    assert (inadequate["councils"], inadequate["councils_with_printed_pct"]) == (2, 1)
    assert float(inadequate["median_printed_pct"]) == 28


def test_unknown_scores_are_null_never_guessed(url: str) -> None:
    hull = _latest(url, "Hull")
    known = {c: hull[c] for c in hull if c.startswith("qs") and hull[c] is not None}
    assert known == {"qs1_assessing_needs": 1, "qs2_healthier_lives": 1, "qs7_safeguarding": 3}
    assert (hull["statements_known"], hull["cqc_pct"], hull["printed_pct"]) == (3, None, 50)
    north_yorkshire = _latest(url, "^North Yorkshire")  # "clean bill of health": no score derived from it
    assert (north_yorkshire["statements_known"], north_yorkshire["total_score"]) == (0, None)
    assert north_yorkshire["printed_pct"] == 81  # kept as printed, not turned into a total of 29


def test_a_withdrawn_result_shows_as_withdrawn(url: str) -> None:
    bromley = _latest(url, "Bromley")
    assert (bromley["status"], str(bromley["withdrawn_on"])) == ("withdrawn", "2026-02-02")
    assert (bromley["published_on"], bromley["published_precision"]) == (None, "unknown")
    (note,) = _rows(url, "select status_note from cqc.published_result where la_name ~ 'Bromley'")
    assert "council asked for a rating review" in note["status_note"]
    assert _latest(url, "^City of York")["status"] == "published"


def test_partial_rows_appear_in_every_view_without_breaking_it(url: str) -> None:
    views = [
        r["name"]
        for r in _rows(
            url, "select table_name as name from information_schema.views where table_schema = 'analysis'"
        )
    ]
    assert len(views) >= 20
    for view in views:
        _rows(url, f"select * from analysis.{view}")  # every view answers
    for view, column in [
        ("assessment_overview", "council"),
        ("latest_assessments", "council"),
        ("coverage", "council"),
        ("demographics", "council"),
    ]:
        found = {r["c"] for r in _rows(url, f"select {column} as c from analysis.{view}")}
        assert {"Hull City Council", "London Borough of Barking and Dagenham"} <= found, view
    rated = _rows(url, "select sum(councils) as n from analysis.rating_vs_deprivation")
    assert rated == [{"n": 90}]  # rating-only results count


# --- unknown dates ---------------------------------------------------------------------------------------


def test_an_unknown_date_never_wins_latest_over_a_dated_assessment(own_db: str, tmp_path: Path) -> None:
    read = _load_extra(
        own_db,
        _csv(
            tmp_path,
            "London Borough of Havering,E09000016,2024-01-05,formal,Good,,,,,,,,,,70,published,,https://example.org/a,",
            # Havering's undated result (in the seeds) is newer in truth, but nothing says so
        ),
    )
    assert read == 91
    havering = _latest(own_db, "Havering")
    assert (str(havering["published_on"]), havering["overall_rating"]) == ("2024-01-05", "Good")
    undated = _rows(
        own_db,
        "select published_precision from analysis.assessment_overview where council ~ 'Havering' "
        "and published_on is null",
    )
    assert undated == [{"published_precision": "unknown"}]  # kept, and never latest
    barking = _latest(own_db, "Barking")  # with nothing dated, the undated result is the latest
    assert (barking["published_on"], barking["overall_rating"]) == (None, "Outstanding")


def test_reloading_finds_undated_rows_again_and_writes_nothing(own_db: str) -> None:
    from cqc_la.loading.published import published_changes

    with database.engine(own_db).begin() as connection:
        assert published_changes(connection) == (90, 0)
        before = connection.execute(text("select count(*) from cqc.published_result")).scalar_one()
    load_reference(own_db)
    assert _rows(own_db, "select count(*) as n from cqc.published_result") == [{"n": before}]


# --- corrections and bad rows ----------------------------------------------------------------------------


def test_a_score_that_becomes_unknown_is_removed(own_db: str, tmp_path: Path) -> None:
    row = "Torbay Council,E06000027,2025-12,formal,Good,3,3,3,3,3,3,3,3,3,,published,,https://example.org/t,"
    _load_extra(own_db, _csv(tmp_path, row))
    assert _latest(own_db, "Torbay")["statements_known"] == 9
    _load_extra(own_db, _csv(tmp_path, row.replace("3,3,3,3,3,3,3,3,3", "3,,,,,,,,")))
    torbay = _latest(own_db, "Torbay")
    assert (torbay["statements_known"], torbay["qs1_assessing_needs"], torbay["qs2_healthier_lives"]) == (
        1,
        3,
        None,
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((",Good,3,", ",Good,5,"), "more_results.csv:2 (qs1): expected a score 1-4 or empty, found '5'"),
        (
            (",2025-12,", ",Dec 2025,"),
            "more_results.csv:2: expected published as YYYY-MM-DD, YYYY-MM or empty",
        ),
        ((",published,", ",taken down,"), "more_results.csv:2: expected status 'published' or 'withdrawn"),
        (
            (",,published,", ",101,published,"),
            "more_results.csv:2: expected printed_pct as a whole number 0-100",
        ),
    ],
)
def test_a_bad_reference_row_names_file_and_line_and_changes_nothing(
    own_db: str, tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    row = "Torbay Council,E06000027,2025-12,formal,Good,3,3,3,3,3,3,3,3,3,,published,,https://example.org/t,"
    bad = row.replace(*change, 1)
    assert bad != row
    before = _rows(own_db, "select count(*) as n from cqc.published_result_score")
    with pytest.raises(ValueError, match="^" + expected.replace("(", r"\(").replace(")", r"\)")):
        _load_extra(own_db, _csv(tmp_path, bad))
    assert _rows(own_db, "select count(*) as n from cqc.published_result_score") == before


# --- printed percentages that disagree -------------------------------------------------------------------


def test_reference_rows_whose_percentage_disagrees_are_listed(own_db: str, tmp_path: Path) -> None:
    _load_extra(
        own_db,
        _csv(
            tmp_path,
            # 22/36 is published as 62, not 61; and 61 would still be inside Requires improvement
            "Torbay Council,E06000027,2025-12,formal,Requires improvement,3,3,3,3,2,2,2,2,2,61,published,,https://e.org/t,",
            # 40% lies outside Good (63-87)
            "London Borough of Redbridge,E09000026,2025-12,formal,Good,,,,,,,,,,40,published,,https://e.org/r,",
        ),
    )
    found = {
        (r["council"], r["kind"]): r["message"]
        for r in _rows(own_db, "select * from analysis.reference_warnings")
    }
    assert found == {
        ("Torbay Council", "printed_pct_vs_scores"): "printed 61% but the 9 scores total 22 of 36, which CQC "
        "publishes as 62%",
        (
            "London Borough of Redbridge",
            "printed_pct_outside_band",
        ): "printed 40% is outside the Good band (63-87%)",
    }


def test_a_report_whose_percentage_disagrees_gets_a_load_warning(clean_db: str, tmp_path: Path) -> None:
    report = tmp_path / "hartlepool-0525.md"
    text_ = SEED.read_text(encoding="utf-8").replace(
        "\nGood\n", "\nGood\n\nHartlepool Borough Council scored 69 out of 100 overall\n", 1
    )
    report.write_text(text_, encoding="utf-8")
    assert not load_reports([report], clean_db).failed
    warnings = _rows(
        clean_db, "select kind, message from analysis.load_warnings where kind like 'overall_pct%'"
    )
    assert warnings == [
        {
            "kind": "overall_pct",
            "message": "printed 69% overall but the scores total 25 of 36, which CQC "
            "publishes as 70% (rounded up)",
        }
    ]
    assert _latest(clean_db, "Hartlepool")["printed_pct"] == 69  # as printed, whatever it should be


# --- coverage --------------------------------------------------------------------------------------------


def test_coverage_lists_every_council_with_what_is_known(url: str) -> None:
    rows = {r["council"]: r for r in _rows(url, "select * from analysis.coverage")}
    assert len(rows) == 153
    knowledge = {name: r["knowledge"] for name, r in rows.items()}
    assert knowledge["Hartlepool Borough Council"] == "full report"
    assert knowledge["City of York Council"] == "scores"
    assert knowledge["Hull City Council"] == "some scores"
    assert knowledge["North Yorkshire Council"] == "rating and percentage"
    assert knowledge["Torbay Council"] == "rating only"
    assert knowledge["Barnsley Metropolitan Borough Council"] == "none"
    assert sum(r["has_result"] for r in rows.values()) == 90
    assert [name for name, r in rows.items() if not r["needs_report"]] == ["Hartlepool Borough Council"]
    assert rows["Hartlepool Borough Council"]["source"] == "hartlepool-0525.md"
    assert rows["Hull City Council"]["source"] == "https://www.livewellhull.org.uk/cqc-assessment"
    assert rows["London Borough of Bromley"]["status"] == "withdrawn"


def test_coverage_saved_query_lists_all_153(url: str) -> None:
    result = run_cli("query", "coverage", "--format", "json", url=url)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 153
    assert rows[0]["needs_report"] is True and rows[-1]["needs_report"] is False
    assert {"council", "knowledge", "overall_rating", "status", "source"} <= set(rows[0])


# --- reassessments ---------------------------------------------------------------------------------------


def test_a_reassessment_beside_the_earlier_report_gives_score_changes(clean_db: str) -> None:
    summary = load_reports([BIRMINGHAM_PILOT, REASSESSMENT], clean_db)
    assert not summary.failed, summary.failed
    changes = _rows(
        clean_db, "select * from analysis.score_changes where council ~ 'Birmingham' order by qs_no"
    )
    assert len(changes) == 9
    assert [(str(c["previous_published_on"]), str(c["latest_published_on"])) for c in changes] == [
        ("2023-12-01", "2026-04-17")
    ] * 9
    assert [c["previous_score"] for c in changes] == [2, 2, 2, 2, 3, 2, 2, 2, 2]
    assert [c["latest_score"] for c in changes] == [3, 3, 2, 3, 3, 2, 3, 3, 3]
    assert [c["score_change"] for c in changes] == [1, 1, 0, 1, 0, 0, 1, 1, 1]
    assert {(c["previous_rating"], c["latest_rating"], c["rating_change"]) for c in changes} == {
        ("Requires improvement", "Good", "improved")
    }
    latest = _latest(clean_db, "Birmingham")
    assert (str(latest["published_on"]), latest["cqc_pct"]) == ("2026-04-17", 70)
    result = run_cli("query", "changes", "-p", "since=2026-01-01", "--format", "json", url=clean_db)
    assert result.returncode == 0, result.stderr
    assert {row["council"] for row in json.loads(result.stdout)} == {"Birmingham City Council"}
    later = run_cli("query", "changes", "-p", "since=2026-05-01", "--format", "json", url=clean_db)
    assert json.loads(later.stdout) == []


def test_the_reference_file_is_the_shared_one_with_its_sources(url: str) -> None:
    shipped = reference_dir() / "published_results_2025_2026.csv"
    with shipped.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16 and {"printed_pct", "status", "source_url", "note"} <= set(rows[0])
    stored = _rows(
        url, "select count(*) as n from cqc.published_result where source_file = :f", f=shipped.name
    )
    assert stored == [{"n": 16}]

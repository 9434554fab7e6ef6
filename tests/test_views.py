"""The curated views: the contract of names and columns, answers across every council, and the guard
that a view file and the database never disagree.

One database per module: the seed loaded as a report, the other published results as summaries.
"""

from __future__ import annotations

import math
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from cqc_la import database, sqlobjects
from cqc_la.resources import views_dir

from .conftest import SEED

pytestmark = pytest.mark.db

try:
    from cqc_la.parsing import parse_report  # noqa: F401

    HAVE_PARSER = True
except ImportError:
    HAVE_PARSER = False

needs_report = pytest.mark.skipif(
    not HAVE_PARSER, reason="cqc_la.parsing.parse_report is not written yet (issue 3): the seed cannot load"
)

OVERVIEW_COLUMNS = [
    "assessment_id",
    "council",
    "gss_code",
    "region",
    "published_on",
    "kind",
    "detail",
    "overall_rating",
    "is_indicative",
    "total_score",
    "max_score",
    "score_pct",
    "band_rating",
    "is_rating_consistent",
    "qs1_assessing_needs",
    "qs2_healthier_lives",
    "qs3_equity",
    "qs4_care_provision",
    "qs5_partnerships",
    "qs6_safe_systems",
    "qs7_safeguarding",
    "qs8_governance",
    "qs9_learning",
]

# The public interface: these columns, in this order, first (views may add more after them).
CONTRACT: dict[str, list[str]] = {
    "framework": [
        "theme_no",
        "theme",
        "qs_no",
        "quality_statement",
        "aliases",
        "i_statements",
        "we_statement",
    ],
    "assessment_overview": OVERVIEW_COLUMNS,
    "latest_assessments": OVERVIEW_COLUMNS,
    "quality_statement_scores": [
        "assessment_id",
        "council",
        "published_on",
        "theme_no",
        "theme",
        "qs_no",
        "quality_statement",
        "score",
        "score_label",
        "i_statements",
        "we_statement",
    ],
    "score_distribution": ["qs_no", "quality_statement", "score", "councils", "share_pct"],
    "theme_scores": ["assessment_id", "council", "theme_no", "theme", "mean_score", "min_score"],
    "near_boundary": [
        "assessment_id",
        "council",
        "total_score",
        "overall_rating",
        "points_above_floor",
        "points_to_next_band",
    ],
    "national_metrics": [
        "assessment_id",
        "council",
        "published_on",
        "qs_no",
        "quality_statement",
        "measure",
        "measure_code",
        "la_value",
        "england_value",
        "difference",
        "unit",
        "comparison",
        "direction",
        "source",
        "period",
        "evidence",
        "paragraph_id",
    ],
    "measure_comparison": [
        "measure_code",
        "measure",
        "source",
        "period",
        "council",
        "la_value",
        "england_value",
        "difference",
        "direction",
    ],
    "waiting_times": [
        "assessment_id",
        "council",
        "published_on",
        "qs_no",
        "service",
        "measure",
        "days",
        "days_low",
        "previous_days",
        "people_waiting",
        "evidence",
        "paragraph_id",
    ],
    "financial_facts": [
        "assessment_id",
        "council",
        "financial_year",
        "budget_estimated_gbp",
        "budget_actual_gbp",
        "budget_difference_gbp",
        "asc_estimated_gbp",
        "asc_actual_gbp",
        "asc_difference_gbp",
        "asc_share_pct",
        "precept_pct",
        "people_long_term",
        "people_short_term",
        "is_arithmetic_consistent",
    ],
    "demographics": [
        "assessment_id",
        "council",
        "gss_code",
        "region",
        "la_type",
        "population",
        "population_change_pct",
        "ethnic_minority_pct",
        "imd_decile",
        "imd_as_stated",
        "councillors",
        "wards",
        "icb",
    ],
    "findings": [
        "assessment_id",
        "council",
        "published_on",
        "qs_no",
        "quality_statement",
        "section",
        "topic",
        "paragraph_no",
        "text",
        "paragraph_id",
    ],
    "improvement_areas": [
        "assessment_id",
        "council",
        "published_on",
        "qs_no",
        "quality_statement",
        "score",
        "sections",
    ],
    "rating_vs_deprivation": [
        "imd_decile",
        "councils",
        "mean_score_pct",
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
    ],
    "load_warnings": ["assessment_id", "council", "kind", "message", "line"],
    "published_result_check": ["council", "published", "report_scores", "published_scores", "agrees"],
    "rating_summary": ["overall_rating", "councils", "share_pct", "median_printed_pct"],
    "coverage": [
        "council",
        "gss_code",
        "region",
        "la_type",
        "has_result",
        "latest_published_on",
        "published_precision",
        "overall_rating",
        "knowledge",
    ],
    "score_changes": [
        "council",
        "qs_no",
        "quality_statement",
        "previous_published_on",
        "latest_published_on",
        "previous_score",
        "latest_score",
        "score_change",
        "previous_rating",
        "latest_rating",
        "rating_change",
    ],
    "reference_warnings": ["council", "published_on", "kind", "message"],
}
SEARCH_COLUMNS = [
    "council",
    "published_on",
    "qs_no",
    "quality_statement",
    "section",
    "rank",
    "snippet",
    "paragraph_id",
    "ranked",
]
COUNCILS = 90  # with a published rating: 74 results to October 2025, 16 since
FULLY_SCORED = 78  # all nine scores known: the 74, and York, Norfolk, Plymouth, East Riding
SOME_SCORES = 79  # and Hull, with three of nine
KNOWN_PER_STATEMENT = {qs: FULLY_SCORED + (qs in (1, 2, 7)) for qs in range(1, 10)}  # Hull: qs1, qs2, qs7
HARTLEPOOL_SCORES = [3, 3, 2, 2, 3, 3, 3, 3, 3]


@pytest.fixture(scope="module")
def url(databases) -> str:
    """A fresh database: the seed as a report (when the parser exists) and every other published
    result as a summary."""
    from cqc_la.loading import load_reports

    url = databases.migrated()
    summary = load_reports([SEED] if HAVE_PARSER else [], url)
    assert not summary.failed, summary.failed
    return url


def _rows(url: str, sql: str, **params):  # type: ignore[no-untyped-def]
    with database.engine(url).connect() as connection:
        return connection.execute(text(sql), params).mappings().all()


def _scalar(url: str, sql: str, **params):  # type: ignore[no-untyped-def]
    with database.engine(url).connect() as connection:
        return connection.execute(text(sql), params).scalar()


# --- the contract ------------------------------------------------------------------------------------


def test_every_contract_view_exists_with_its_columns_in_order(url: str) -> None:
    for view, expected in CONTRACT.items():
        columns = [
            row["column_name"]
            for row in _rows(
                url,
                "select column_name from information_schema.columns "
                "where table_schema = 'analysis' and table_name = :view order by ordinal_position",
                view=view,
            )
        ]
        assert columns[: len(expected)] == expected, view


def test_latest_assessments_has_exactly_the_columns_of_assessment_overview(url: str) -> None:
    def columns(view: str) -> list[str]:
        return [
            row["column_name"]
            for row in _rows(
                url,
                "select column_name from information_schema.columns where table_schema = 'analysis' "
                "and table_name = :view order by ordinal_position",
                view=view,
            )
        ]

    assert columns("latest_assessments") == columns("assessment_overview")


def test_every_view_file_is_a_view_in_the_database_and_nothing_else_is(url: str) -> None:
    files = sorted(path.stem for path in views_dir().glob("*.sql"))
    views = [
        row["viewname"]
        for row in _rows(url, "select viewname from pg_views where schemaname = 'analysis' order by viewname")
    ]
    assert views == files
    assert set(CONTRACT) <= set(files)


def test_search_findings_returns_the_contract_columns(url: str) -> None:
    with database.engine(url).connect() as connection:
        result = connection.execute(text("select * from analysis.search_findings('care', 1)"))
        assert list(result.keys()) == SEARCH_COLUMNS


# --- answers across all councils --------------------------------------------------------------------


def test_overview_and_latest_cover_all_90_councils_with_a_rating(url: str) -> None:
    assert _scalar(url, "select count(distinct council) from analysis.assessment_overview") == COUNCILS
    assert _scalar(url, "select count(*) from analysis.latest_assessments") == COUNCILS
    assert _scalar(url, "select count(distinct council) from analysis.latest_assessments") == COUNCILS
    row = _rows(
        url,
        "select count(*) filter (where total_score is null) as unscored, "
        "count(*) filter (where statements_known = 9) as fully_scored, "
        "count(*) filter (where overall_rating is null) as unrated, "
        "count(*) filter (where not is_rating_consistent) as inconsistent, "
        "min(score_pct) as low, max(score_pct) as high from analysis.latest_assessments",
    )[0]
    assert row["unscored"] == COUNCILS - SOME_SCORES  # rating-only results: no score is guessed
    assert row["fully_scored"] == FULLY_SCORED
    assert row["unrated"] == 0
    assert row["inconsistent"] == 0  # every published rating is the band its scores give
    assert 25 <= row["low"] <= row["high"] <= 100


def test_score_pct_and_band_follow_the_published_rule(url: str) -> None:
    rows = _rows(url, "select * from analysis.assessment_overview")
    for row in rows:
        scores = [row[c] for c in OVERVIEW_COLUMNS if c.startswith("qs") and row[c] is not None]
        assert row["statements_known"] == len(scores)
        if not scores:
            assert row["total_score"] is row["score_pct"] is row["cqc_pct"] is None
            continue
        assert row["total_score"] == sum(scores)
        assert row["max_score"] == 4 * len(scores)
        assert float(row["score_pct"]) == round(sum(scores) / (4 * len(scores)) * 100, 1)
        assert row["cqc_pct"] == (math.ceil(sum(scores) * 100 / 36) if len(scores) == 9 else None)


def test_per_statement_views_answer_for_every_council_with_a_known_score(url: str) -> None:
    assert _scalar(url, "select count(distinct council) from analysis.quality_statement_scores") == SOME_SCORES
    assert _scalar(url, "select count(*) from analysis.quality_statement_scores") == _scalar(
        url, "select sum(statements_known) from analysis.assessment_overview"
    )
    assert _scalar(url, "select count(distinct council) from analysis.theme_scores") == SOME_SCORES
    assert _scalar(url, "select count(distinct council) from analysis.near_boundary") == FULLY_SCORED
    row = _rows(url, "select distinct councils_fully_scored, councils_rated from analysis.near_boundary")
    assert row == [{"councils_fully_scored": FULLY_SCORED, "councils_rated": COUNCILS}]
    assert (
        _scalar(
            url,
            "select count(distinct council) from analysis.demographics "
            "where imd_decile is not null and population is not null",
        )
        == COUNCILS
    )
    assert _scalar(url, "select count(*) from analysis.improvement_areas where score not in (1, 2)") == 0


def test_score_distribution_adds_up_to_the_councils_for_each_statement(url: str) -> None:
    rows = _rows(
        url,
        "select qs_no, sum(councils) as councils, sum(share_pct) as share, count(*) as scores, "
        "min(councils_known) as known, max(councils_known) as known_high, max(councils_rated) as rated "
        "from analysis.score_distribution group by qs_no order by qs_no",
    )
    assert [row["qs_no"] for row in rows] == list(range(1, 10))
    for row in rows:
        assert row["scores"] == 4
        assert row["councils"] == row["known"] == row["known_high"] == KNOWN_PER_STATEMENT[row["qs_no"]]
        assert row["rated"] == COUNCILS  # the coverage: known scores of so many councils with a rating
        assert abs(float(row["share"]) - 100) <= 0.2


def test_near_boundary_measures_from_the_band_edges(url: str) -> None:
    for row in _rows(url, "select * from analysis.near_boundary"):
        floor = {"Inadequate": 9, "Requires improvement": 14, "Good": 23, "Outstanding": 32}[
            row["band_rating"]
        ]
        assert row["points_above_floor"] == row["total_score"] - floor
        next_floor = {"Inadequate": 14, "Requires improvement": 23, "Good": 32, "Outstanding": None}[
            row["band_rating"]
        ]
        assert row["points_to_next_band"] == (None if next_floor is None else next_floor - row["total_score"])


def test_rating_vs_deprivation_counts_every_council_once(url: str) -> None:
    rows = _rows(url, "select * from analysis.rating_vs_deprivation")
    assert [row["imd_decile"] for row in rows] == list(range(1, 11))
    assert sum(row["councils"] for row in rows) == COUNCILS
    for row in rows:
        assert (
            row["councils"]
            == row["outstanding"] + row["good"] + row["requires_improvement"] + row["inadequate"]
        )


def test_summaries_fall_back_to_the_council_reference_for_demographics(url: str) -> None:
    row = _rows(
        url,
        "select d.*, c.population as ref_population, c.imd2019_decile_most_deprived_10 as ref_decile "
        "from analysis.demographics d join cqc.council c on c.council_name = d.council "
        "where d.council = 'Middlesbrough Borough Council'",
    )[0]
    assert row["population"] == row["ref_population"]
    assert row["imd_decile"] == row["ref_decile"] == 10  # one of the most deprived: 10 = most deprived
    assert row["imd_as_stated"] is None


# --- the seed as a report -----------------------------------------------------------------------------


@needs_report
def test_the_seed_is_hartlepools_latest_assessment_as_a_report(url: str) -> None:
    row = _rows(url, "select * from analysis.latest_assessments where gss_code = 'E06000001'")[0]
    assert row["detail"] == "report"
    assert row["overall_rating"] == "Good"
    assert [row[c] for c in OVERVIEW_COLUMNS if c.startswith("qs")] == HARTLEPOOL_SCORES
    assert row["total_score"] == 25 and float(row["score_pct"]) == 69.4 and row["is_rating_consistent"]


@needs_report
def test_published_result_check_agrees_for_the_seed(url: str) -> None:
    rows = _rows(url, "select * from analysis.published_result_check")
    assert len(rows) == 1
    row = rows[0]
    assert row["council"] == "Hartlepool Borough Council"
    assert row["published"] == "2025-05"
    assert row["report_scores"] == HARTLEPOOL_SCORES == row["published_scores"]
    assert row["agrees"] is True


@needs_report
def test_report_views_show_the_seeds_facts(url: str) -> None:
    seed = "Hartlepool Borough Council"
    statements = _rows(
        url, "select * from analysis.quality_statement_scores where council = :c order by qs_no", c=seed
    )
    assert [s["score"] for s in statements] == HARTLEPOOL_SCORES
    assert all(s["we_statement"] for s in statements)
    assert sum(1 for s in statements if s["i_statements"]) >= 7
    demographics = _rows(url, "select * from analysis.demographics where council = :c", c=seed)[0]
    assert demographics["population"] == 95366
    assert demographics["imd_decile"] == 9
    assert demographics["imd_as_stated"] == "9 (1 is the least deprived, 10 is the most deprived)"
    metrics = _rows(url, "select * from analysis.national_metrics where council = :c", c=seed)
    assert len(metrics) == 12
    assert all(m["difference"] == m["la_value"] - m["england_value"] for m in metrics)
    assert _scalar(url, "select count(*) from analysis.measure_comparison where council = :c", c=seed) >= 1
    waits = _rows(url, "select * from analysis.waiting_times where council = :c", c=seed)
    assert {"care_act_assessment", "financial_assessment"} <= {w["service"] for w in waits}
    finance = _rows(url, "select * from analysis.financial_facts where council = :c", c=seed)
    assert len(finance) == 1 and finance[0]["financial_year"]


@needs_report
def test_findings_number_key_finding_paragraphs_within_each_statement(url: str) -> None:
    rows = _rows(
        url,
        "select * from analysis.findings where council = 'Hartlepool Borough Council' "
        "order by qs_no, paragraph_no",
    )
    assert {row["qs_no"] for row in rows} == set(range(1, 10))
    for qs_no in range(1, 10):
        numbers = [row["paragraph_no"] for row in rows if row["qs_no"] == qs_no]
        assert numbers == list(range(1, len(numbers) + 1))
    assert all(row["section"] for row in rows)
    assert _scalar(url, "select count(distinct (qs_no, section)) from analysis.findings") == 34
    kinds = _rows(
        url, "select distinct p.kind from analysis.findings f join cqc.paragraph p using (paragraph_id)"
    )
    assert {k["kind"] for k in kinds} <= {"paragraph", "list_item"}


@needs_report
def test_improvement_areas_list_the_key_findings_of_statements_scored_1_or_2(url: str) -> None:
    rows = _rows(
        url,
        "select * from analysis.improvement_areas where council = 'Hartlepool Borough Council' "
        "order by qs_no",
    )
    assert [row["qs_no"] for row in rows] == [3, 4]
    assert all(row["sections"] for row in rows)


@needs_report
def test_search_findings_finds_waiting_lists(url: str) -> None:
    rows = _rows(url, "select * from analysis.search_findings('waiting list')")
    assert rows
    assert [row["ranked"] for row in rows] == list(range(1, len(rows) + 1))
    assert all("**" in row["snippet"] for row in rows)
    assert [row["rank"] for row in rows] == sorted((row["rank"] for row in rows), reverse=True)
    assert len(_rows(url, "select * from analysis.search_findings('waiting list', 2)")) == 2


@needs_report
def test_search_findings_takes_web_search_syntax(url: str) -> None:
    both = _rows(
        url,
        "select s.*, p.text from analysis.search_findings('\"waiting list\"', 500) s "
        "join cqc.paragraph p using (paragraph_id)",
    )
    without = _rows(
        url,
        "select s.*, p.text from analysis.search_findings('\"waiting list\" -carers', 500) s "
        "join cqc.paragraph p using (paragraph_id)",
    )
    assert any("carer" in row["text"].lower() for row in both)
    assert without and not any("carer" in row["text"].lower() for row in without)
    assert {row["paragraph_id"] for row in without} < {row["paragraph_id"] for row in both}


# --- view files and the database never disagree ------------------------------------------------------


def test_working_view_files_equal_the_state_at_the_newest_snapshot() -> None:
    working = {obj.name: obj for obj in sqlobjects.working_objects()}
    recorded = {obj.name: obj for obj in sqlobjects.objects_at(None)}
    changed = sorted(name for name in working.keys() | recorded.keys() if working.get(name) != recorded.get(name))
    assert changed == [], (
        f"queries/ differs from the migrations' snapshots for {changed}: write a migration that records it "
        "(sqlobjects.snapshot(revision)) and applies it"
    )


def test_a_snapshot_records_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copy the schema's snapshots and queries aside, change one view and drop another, snapshot."""
    import shutil

    from cqc_la import resources

    (tmp_path / "schema" / "versions").mkdir(parents=True)
    shutil.copytree(resources.schema_dir() / "versions" / "sql", tmp_path / "schema" / "versions" / "sql")
    shutil.copytree(views_dir().parent, tmp_path / "queries")
    monkeypatch.setattr(sqlobjects, "schema_dir", lambda: tmp_path / "schema")
    monkeypatch.setattr(sqlobjects, "views_dir", lambda: tmp_path / "queries" / "views")
    theme = tmp_path / "queries" / "views" / "theme_scores.sql"
    theme.write_text(theme.read_text() + "\n-- changed\n")
    (tmp_path / "queries" / "views" / "load_warnings.sql").unlink()

    target = sqlobjects.snapshot("9999")

    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "removed.txt", "views/theme_scores.sql"
    ]
    state = {obj.name: obj.body for obj in sqlobjects.objects_at("9999")}
    assert "load_warnings" not in state and state["theme_scores"].endswith("-- changed\n")
    assert "load_warnings" in {obj.name for obj in sqlobjects.objects_at("0004")}


def _definitions(url: str, objects: list[sqlobjects.SqlObject]) -> tuple[dict[str, str], dict[str, str]]:
    """(live, from files): each view's pg_get_viewdef and each function's signature and body."""
    scratch = f"scratch_{uuid.uuid4().hex[:8]}"
    live: dict[str, str] = {}
    built: dict[str, str] = {}
    function_sql = (
        "select pg_get_function_arguments(p.oid) || ' -> ' || pg_get_function_result(p.oid) || ' ' || "
        "p.provolatile::text || ' ' || l.lanname::text || E'\\n' || p.prosrc "
        "from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang "
        "where n.nspname = :schema and p.proname = :name"
    )
    with database.engine(url).connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(text(f"create schema {scratch}"))
            for obj in objects:
                if obj.kind == "view":
                    live[obj.name] = connection.execute(
                        text("select pg_get_viewdef(cast(:v as regclass), true)"),
                        {"v": f"analysis.{obj.name}"},
                    ).scalar_one()
                    sqlobjects.execute_verbatim(
                        connection, f"create view {scratch}.{obj.name} as\n" + obj.body.rstrip().rstrip(";")
                    )
                    built[obj.name] = connection.execute(
                        text("select pg_get_viewdef(cast(:v as regclass), true)"),
                        {"v": f"{scratch}.{obj.name}"},
                    ).scalar_one()
                else:
                    live[obj.name] = connection.execute(
                        text(function_sql), {"schema": "analysis", "name": obj.name}
                    ).scalar_one()
                    statement = obj.body.replace(f"analysis.{obj.name}(", f"{scratch}.{obj.name}(")
                    sqlobjects.execute_verbatim(connection, statement)
                    built[obj.name] = connection.execute(
                        text(function_sql), {"schema": scratch, "name": obj.name}
                    ).scalar_one()
        finally:
            transaction.rollback()
    return live, built


def test_views_and_functions_in_the_database_match_their_files(url: str) -> None:
    live, built = _definitions(url, sqlobjects.working_objects())
    assert live.keys() == built.keys()
    for name in live:
        assert live[name] == built[name], f"analysis.{name} in the database differs from its file"


def test_the_comparison_notices_a_changed_view_file(url: str) -> None:
    objects = [obj for obj in sqlobjects.working_objects() if obj.name == "demographics"]
    changed = [
        sqlobjects.SqlObject(
            obj.kind,
            obj.name,
            obj.body.replace("10 = MOST deprived", "").replace(
                "select * from final", "select * from final where imd_decile > 0"
            ),
        )
        for obj in objects
    ]
    live, built = _definitions(url, changed)
    assert live["demographics"] != built["demographics"]


def test_snapshot_objects_come_in_dependency_order() -> None:
    names = [obj.name for obj in sqlobjects.working_objects()]
    assert (
        names.index("assessment_overview")
        < names.index("latest_assessments")
        < names.index("score_distribution")
    )
    assert names.index("quality_statement_scores") < names.index("improvement_areas")
    assert Path(views_dir() / "framework.sql").exists()

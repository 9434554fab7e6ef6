"""A second held-out round: four reports copied from the web page, with the page's debris and new wordings.

`tests/fixtures/unseen2/` holds four hand-written reports (Hertfordshire, a county, markdown; Cornwall, a
shire unitary, saved as plain text; Hounslow, a London borough, markdown with links and `•` bullets;
Birmingham, a pilot, CRLF + BOM + curly quotes + no-break spaces), each with a ground truth written from the
text before the parser was run on it. They differ from everything before in two ways:

- web-copy debris: `Skip to main content`, cookie banners, a breadcrumb, `Print this page`, a tab menu that
  names the four themes and all nine statements *before* the summary, `Back to top` after every section,
  `Was this page useful? Yes No`, footer links, the page title printed again, an image's alt text;
- wordings of figures the parser had not seen (`compared with 67.1% nationally`, `(England 62.7%)`, `the
  England averages of 71.1% and 87.8% respectively`, `19.1 out of 24`, `45 per cent`, `a population of
  1.2m`, `£1,134.5 million`, `£3.1 billion`, `the median wait had fallen to 19 days from 41`...).

Before the fixes all four were rejected (the tab menu opened Theme 1 before the summary, and a breadcrumb
ending in `... assessment` was read as a pilot title); with the debris removed by hand the old parser got
77.0% of the facts right. The bar is the loader issue's: every score, rating, date and financial figure
exact, at least 99% of all facts right.

Conventions pinned here (in addition to those of `test_unseen.py`):
- A comparison printed with no judgement (`compared with 94.4% nationally`, `(England 26.2 per cent)`) is a
  `national_metric` warning, not a row: the direction would be a guess.
- A wait with no measure (`people typically waited around 6 weeks`) is a `waiting_time_measure` warning,
  not a row; `the average wait ... was around 6 weeks` is an average.
- `the regional and England averages of A and B respectively` is one comparison with England's figure B;
  `the England averages of A and B respectively` after two council figures is two comparisons, paired in
  order, with no catalogue code (one measure's words cannot say which figure is which measure).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.blocks import strip_inline
from cqc_la.parsing.demographics import read_demographics
from cqc_la.parsing.finance import read_finance
from cqc_la.parsing.national import read_national
from cqc_la.parsing.navigation import is_chrome
from cqc_la.parsing.waiting import unmeasured_waits

from .snippets import chunks, one, wait_rows

ROOT = Path(__file__).resolve().parents[2]
UNSEEN2 = ROOT / "tests" / "fixtures" / "unseen2"
TRUTHS = sorted(UNSEEN2.glob("*.truth.json"))


def _report(name: str) -> Any:
    return parse_report(UNSEEN2 / name)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("hertfordshire-0625.md", ["national_metric"]),  # 'compared with 94.4% nationally': no judgement
        ("cornwall-0325.txt", ["waiting_time_measure"]),  # 'typically waited around 6 weeks'
        ("hounslow-1024.md", ["national_metric", "waiting_time_unit"]),  # no England figure; 14 months
        ("birmingham-1223.md", ["national_metric", "waiting_time_unit"]),  # '(England 26.2 per cent)'; months
    ],
)
def test_unreadable_wordings_are_warnings_not_values(name: str, kinds: list[str]) -> None:
    report = _report(name)
    assert [w.kind for w in report.warnings if w.kind.startswith(("national", "waiting"))] == kinds


# Page chrome -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [path.name.split(".")[0] for path in TRUTHS])
def test_the_tab_menu_opens_no_theme_statement_or_summary_entry(name: str) -> None:
    file = next(UNSEEN2.glob(f"{name}.[mt]*[dt]"))
    report = parse_report(file)
    summary_start = next(s.line_start for s in report.sections if s.kind == "overall_summary")
    assert [
        s
        for s in report.sections
        if s.kind in ("theme", "quality_statement") and s.line_start < summary_start
    ] == []
    assert all(s.summary_line is not None and s.summary_line > summary_start for s in report.statements)


@pytest.mark.parametrize("name", [path.name.split(".")[0] for path in TRUTHS])
def test_chrome_lines_are_never_key_findings_or_statement_text(name: str) -> None:
    file = next(UNSEEN2.glob(f"{name}.[mt]*[dt]"))
    report = parse_report(file)
    headings = [s.heading for s in report.sections if s.kind == "key_finding"]
    assert not any(is_chrome(heading or "") for heading in headings), headings
    printed = [p.text for s in report.statements for p in (*s.i_statements, s.we_statement) if p is not None]
    assert not any("Back to top" in text or "useful" in text for text in printed)


def test_a_menu_of_statements_alone_before_the_summary_is_not_the_summary() -> None:
    text = (UNSEEN2 / "hertfordshire-0625.md").read_text(encoding="utf-8")
    without_themes = "\n".join(line for line in text.split("\n") if not line.startswith("- Theme "))
    report = parse_report(without_themes, "menu.md")
    assert [s.summary_score for s in report.statements] == [3, 3, 2, 3, 3, 3, 3, 3, 3]
    assert [w.kind for w in report.warnings if w.kind.startswith(("duplicate", "summary"))] == []


def test_a_breadcrumb_ending_in_assessment_is_not_the_title() -> None:
    report = _report("birmingham-1223.md")
    assert report.council_name.value == "Birmingham City Council" and report.kind == "pilot"


def test_the_browser_page_title_gives_the_council_when_printed_first() -> None:
    report = _report("hounslow-1024.md")
    assert report.council_name.value == "London Borough of Hounslow"
    assert report.council_name.line_start == 11  # the page's own title, not the browser's title line


def test_a_summary_that_prints_labels_is_still_the_summary() -> None:
    report = _report("hertfordshire-0625.md")
    assert [len(s.i_statements) for s in report.statements] == [2, 2, 1, 1, 1, 2, 1, 0, 0]
    assert [w for w in report.warnings if w.kind == "duplicate_statement"] == []


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "[Skip to main content](#main-content)",
        "Back to top",
        "↑ Back to top",
        "[Back to top](#top)",
        "Print this page",
        "Share this page: Email Facebook LinkedIn X",
        "Was this page useful? Yes No",
        "Home > Care services > Local authority assessment reports > Hertfordshire County Council",
        "Home / Care services / Local authority assessments / Birmingham City Council assessment",
        "Accept additional cookies",
        "We use some essential cookies to make this website work.",
        "Contact us · Accessibility · Privacy · Cookies",
        "© Care Quality Commission 2025",
    ],
)
def test_page_chrome(line: str) -> None:
    assert is_chrome(strip_inline(line))  # markers are removed before roles are read


@pytest.mark.parametrize(
    "line",
    [
        "Safeguarding",
        "Home care",
        "Homecare capacity",
        "Leadership",
        "Contact with people who were waiting",
        "Learning from feedback",
        "Overview of the care market",
        "No two care packages are the same and vary significantly in their intensity, duration, and cost.",
    ],
)
def test_report_lines_are_not_page_chrome(line: str) -> None:
    assert not is_chrome(line)


# Snippets: national comparisons -------------------------------------------------------------------------


def metric_rows(text: str) -> list[tuple[Any, ...]]:
    metrics, _ = read_national(one(text), 1)
    return [
        (m.la_value, m.england_value, m.unit, m.comparison, m.direction, m.source, m.period) for m in metrics
    ]


D = Decimal


@pytest.mark.parametrize(
    ("sentence", "rows"),
    [
        (
            "The Adult Social Care Survey 2023-24 showed that 66.8% of people who use services were extremely or "
            "very satisfied with their care and support, compared with 62.7% nationally. This was tending towards "
            "better.",
            [(D("66.8"), D("62.7"), "%", "tending towards better", "better", "ASCS", "2023-24")],
        ),
        (
            "45 per cent of carers were extremely or very satisfied with social services, against a national "
            "average of 36.8 per cent, which was significantly better (SACE 2023-24).",
            [(D("45"), D("36.8"), "%", "significantly better", "better", "SACE", "2023-24")],
        ),
        (
            "Data from the Adult Social Care Survey 2023-24 showed that 59.3% of people who use services were "
            "extremely or very satisfied with their care and support (England 62.7%). This was tending towards worse.",
            [(D("59.3"), D("62.7"), "%", "tending towards worse", "worse", "ASCS", "2023-24")],
        ),
        (
            "Satisfaction with care and support was 57.9% in Birmingham against 61.9% in England (ASCS 2022-23), "
            "which was tending towards worse.",
            [(D("57.9"), D("61.9"), "%", "tending towards worse", "worse", "ASCS", "2022-23")],
        ),
        (
            "Only 35.8 per cent of people who use services said they had as much social contact as they would "
            "like, compared with 44.4 per cent across England, which was significantly worse (ASCS 2023-24).",
            [(D("35.8"), D("44.4"), "%", "significantly worse", "worse", "ASCS", "2023-24")],
        ),
        (
            "According to the Survey of Adult Carers in England 2021-22, 51.2% of carers found it easy to find "
            "information about services, somewhat lower than the 57.7% England average.",
            [(D("51.2"), D("57.7"), "%", "somewhat lower", "worse", "SACE", "2021-22")],
        ),
        (
            "Data from the Short and Long Term (SALT) return 2023-24 showed that 81.0% of people who received "
            "short-term support went on to need no further support, higher than the regional and England averages "
            "of 77.9% and 79.6% respectively.",
            [(D("81.0"), D("79.6"), "%", "higher", "better", "SALT", "2023-24")],
        ),
        (
            "73.5% and 89.6% of people who use services said they felt safe and that their services made them "
            "feel safe and secure, similar to the England averages of 71.1% and 87.8% respectively (ASCS 2023-24).",
            [
                (D("73.5"), D("71.1"), "%", "similar", "similar", "ASCS", "2023-24"),
                (D("89.6"), D("87.8"), "%", "similar", "similar", "ASCS", "2023-24"),
            ],
        ),
        (
            "67.3% and 85.2% of people who use services said they felt safe and that services had made them feel "
            "safe and secure, compared with the England averages of 71.1% and 87.8% respectively (ASCS 2023-24). "
            "Both were tending towards worse.",
            [
                (D("67.3"), D("71.1"), "%", "tending towards worse", "worse", "ASCS", "2023-24"),
                (D("85.2"), D("87.8"), "%", "tending towards worse", "worse", "ASCS", "2023-24"),
            ],
        ),
        (
            "The proportion of people who use services who found it easy to find information about support was "
            "67.5%, 0.4 percentage points above the England average of 67.1% (ASCS 2023-24).",
            [(D("67.5"), D("67.1"), "%", "above", "better", "ASCS", "2023-24")],
        ),
        (
            "People who use services reported a social care-related quality of life score of 19.1 out of 24 "
            "(England 19.0), which was similar (ASCS 2023-24).",
            [(D("19.1"), D("19.0"), "score", "similar", "similar", "ASCS", "2023-24")],
        ),
        (
            "Carers reported a quality of life score of 7.4 out of 12, compared with an England average of 7.3 "
            "(SACE 2023-24), which was similar.",
            [(D("7.4"), D("7.3"), "score", "similar", "similar", "SACE", "2023-24")],
        ),
    ],
)
def test_new_national_wordings(sentence: str, rows: list[tuple[Any, ...]]) -> None:
    assert metric_rows(sentence) == rows


def test_the_salt_return_named_in_full_is_the_source() -> None:
    rows = metric_rows(
        "Data from the Short and Long Term return for 2023-24 showed that 72.4% of people who received "
        "short-term support needed no further support, against an England average of 79.6%. This was "
        "significantly worse."
    )
    assert rows == [(D("72.4"), D("79.6"), "%", "significantly worse", "worse", "SALT", "2023-24")]


def test_the_measure_of_a_difference_in_points_is_the_one_named_before_the_figure() -> None:
    metrics, _ = read_national(
        one(
            "The proportion of people who use services who found it easy to find information about support was "
            "67.5%, 0.4 percentage points above the England average of 67.1% (ASCS 2023-24)."
        ),
        2,
    )
    assert [m.measure_code for m in metrics] == ["ascs_easy_find_information"]


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2023-24, 94.1% of people who were asked about their desired outcomes in safeguarding enquiries had "
        "them fully or partially achieved, compared with 94.4% nationally (Safeguarding Adults Collection).",
        "The proportion of people who receive direct payments was 22.3 per cent (England 26.2 per cent).",
        "The proportion of people who use services who receive direct payments was 31.2%, higher than the "
        "regional and England averages.",
    ],
)
def test_a_comparison_without_a_judgement_or_figure_is_a_warning(sentence: str) -> None:
    metrics, warnings = read_national(one(sentence), 2)
    assert metrics == [] and [w.kind for w in warnings] == ["national_metric"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The council is one of 15 councils in England to run a shared lives scheme with 12 in the region.",
        "Staff compared with 5 teams in England and found they had similar caseloads.",
        "The borough is home to 12% of the region's carers, a higher share than in 2011.",
    ],
)
def test_a_figure_near_england_is_not_an_england_value(sentence: str) -> None:
    assert metric_rows(sentence) == []


# Snippets: waiting times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "At the time of our assessment the waiting list for Care Act assessments had grown to 1,204 people, and "
            "the median wait had fallen to 19 days from 41.",
            [("care_act_assessment", "median", D(19), None, D(41), 1204)],
        ),
        ("Carers' assessments had an average wait of 3.5 weeks.", [("carers_assessment", "average", D("24.5"), None, None, None)]),
        (
            "The average wait for an occupational therapy assessment was around 6 weeks.",
            [("occupational_therapy", "average", D(42), None, None, None)],
        ),
        (
            "People waited an average of 33 days for a Care Act assessment, down from 47 days in 2023.",
            [("care_act_assessment", "average", D(33), None, D(47), None)],
        ),
        (
            "As of January 2025, 412 people were waiting for a Care Act assessment. Their median wait was 5 weeks, "
            "compared with 8 weeks a year earlier.",
            [("care_act_assessment", "median", D(35), None, D(56), 412)],
        ),
        (
            "The maximum waiting time for an occupational therapy assessment was 16 weeks, and the median was 5 weeks.",
            [
                ("occupational_therapy", "maximum", D(112), None, None, None),
                ("occupational_therapy", "median", D(35), None, None, None),
            ],
        ),
        (
            "At the time of our assessment, 212 safeguarding concerns were waiting to be triaged, with an average "
            "wait of 4 days.",
            [("safeguarding", "average", D(4), None, None, 212)],
        ),
        ("Financial assessments were completed within 28 days for 82% of people.", []),
        ("Financial assessments had a maximum wait of 10 weeks.", [("financial_assessment", "maximum", D(70), None, None, None)]),
    ],
)  # fmt: skip
def test_new_waiting_time_wordings(text: str, rows: list[tuple[Any, ...]]) -> None:
    assert wait_rows(text) == rows


def test_an_earlier_figure_after_another_time_is_not_taken() -> None:
    rows = wait_rows(
        "People waited an average of 33 days for a Care Act assessment and a median of 20 days for a review, "
        "down from 31 days."
    )
    assert rows[0][4] is None


def test_a_wait_without_a_measure_is_a_warning_not_a_row() -> None:
    text = "People typically waited around 6 weeks for an occupational therapy assessment."
    assert wait_rows(text) == []
    (warning,) = unmeasured_waits(one(text))
    assert warning.kind == "waiting_time_measure" and "around 6 weeks" in warning.message


# Snippets: demographics and finance ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Hertfordshire is a large county to the north of London with a population of 1.2m.", "population", 1200000),
        ("Birmingham’s population is around 1.14 million.", "population", 1140000),
        (
            "Approximately 12% of the population are from Black, Asian and minority ethnic groups.",
            "ethnic_minority_pct",
            Decimal("12"),
        ),
        ("Cornwall is in IMD decile 3 (where 1 is most deprived).", "imd_decile", 8),
        ("Cornwall is in IMD decile 3 (where 1 is most deprived).", "imd_scale", "(where 1 is most deprived)"),
        ("Following the May 2025 elections, the council has a Liberal Democrat majority.", "political_control", "Liberal Democrat"),
        ("No party has overall control of the council.", "political_control", "No overall control"),
        ("The council is made up of 78 councillors representing 40 divisions.", "councillors", 78),
        ("The council is made up of 78 councillors representing 40 divisions.", "wards", 40),
        ("The borough is ranked 104th most deprived of 151 upper tier local authorities.", "imd_rank", 104),
        ("The borough is ranked 104th most deprived of 151 upper tier local authorities.", "imd_rank_of", 151),
    ],
)  # fmt: skip
def test_new_demographic_wordings(text: str, field: str, value: Any) -> None:
    found = getattr(read_demographics(chunks(text)), field)
    assert found is not None and found.value == value


def test_a_rank_of_a_share_is_not_a_rank_of_authorities() -> None:
    d = read_demographics(chunks("Hounslow is the 3rd most deprived of 20% of areas in London on the IMD."))
    assert d.imd_rank_of is None or d.imd_rank_of.value != 20


def test_amounts_in_millions_with_grouping_and_in_billions() -> None:
    facts, warnings = read_finance(
        chunks(
            "The local authority estimated that in 2022/23, its total budget would be £3.1\u00a0billion. Its actual "
            "spend for that year was £3,187.6 million, which was £87.6 million more than estimated.\n\n"
            "The local authority estimated that it would spend £1,134.5 million of its total budget on adult social "
            "care in 2022/23. Its actual spend was £1,152.3 million, which was £17.8 million more than estimated."
        )
    )
    assert (
        facts.budget_estimated_gbp.value,
        facts.budget_actual_gbp.value,
        facts.budget_difference_gbp.value,
    ) == (
        3_100_000_000,
        3_187_600_000,
        87_600_000,
    )
    assert (facts.asc_estimated_gbp.value, facts.asc_actual_gbp.value) == (1_134_500_000, 1_152_300_000)
    assert warnings == []

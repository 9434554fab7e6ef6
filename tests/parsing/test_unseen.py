"""Hand-written reports of other councils, in wordings neither the seed nor the corpus generator uses.

`tests/fixtures/unseen/` holds four reports written as CQC inspectors write (a London borough in
markdown with a banner, a county pilot as plain text, a metropolitan district with bold sub-headings and
`•` bullets, the Isles of Scilly with the post-October-2025 financial facts, CRLF, BOM, curly quotes and
no-break spaces), each with a ground truth written from the text before the parser was run on it. The
bar is the loader issue's: every score, rating, date and financial figure exact, at least 99% of all facts
right (facts as `benchmarks/accuracy.py` counts them). The snippet tests below pin each new wording.

Conventions pinned here:
- `higher`/`lower`/`above`/`below` the England average say which side the council is on, not whether
  that is good: the direction comes from the measure's `higher_is` in `data/measures.csv`; for a
  measure not in the catalogue the comparison is a `national_metric` warning, not a row.
- A source named in an earlier sentence of the paragraph counts, its year does not (`period` None).
- Weeks are converted to days (x 7); waits in months are a `waiting_time_unit` warning, not a row.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.demographics import read_demographics
from cqc_la.parsing.finance import read_finance
from cqc_la.parsing.national import read_national
from cqc_la.parsing.waiting import waits_in_months

from .snippets import chunks, one, wait_rows

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def test_unreadable_wordings_are_warnings_not_values() -> None:
    scilly = parse_report(UNSEEN / "isles-of-scilly-1125.md")
    suffolk = parse_report(UNSEEN / "suffolk-1123.txt")
    assert [w.kind for w in scilly.warnings if w.kind.startswith(("national", "waiting"))] == [
        "national_metric"
    ]
    assert [w.kind for w in suffolk.warnings if w.kind.startswith(("national", "waiting"))] == [
        "waiting_time_unit"
    ]


# Snippets ------------------------------------------------------------------------------------------------


def metric_rows(text: str) -> list[tuple[Any, ...]]:
    metrics, _ = read_national(one(text), 1)
    return [(m.la_value, m.england_value, m.comparison, m.direction, m.source, m.period) for m in metrics]


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        (
            "The proportion of older people (65 and over) who were still at home 91 days after discharge from "
            "hospital into reablement or rehabilitation services was 88.4%, which is significantly higher than "
            "the England average of 83.7% (ASCOF 2023-24).",
            (Decimal("88.4"), Decimal("83.7"), "significantly higher", "better", "ASCOF", "2023-24"),
        ),
        (
            "Only 21.5% of carers said they had as much social contact as they would like, which was "
            "significantly lower than the England average of 28.0% (SACE 2021-22).",
            (Decimal("21.5"), Decimal("28.0"), "significantly lower", "worse", "SACE", "2021-22"),
        ),
        (
            "Just 48.2% of carers found it easy to find information about services (SACE 2023-24), which is "
            "significantly below the England average of 59.1%.",
            (Decimal("48.2"), Decimal("59.1"), "significantly below", "worse", "SACE", "2023-24"),
        ),
        (
            "75.0% of people who use services were extremely or very satisfied with their care and support, well "
            "above the average for England of 61.4% (ASCS 2023-24).",
            (Decimal("75.0"), Decimal("61.4"), "well above", "better", "ASCS", "2023-24"),
        ),
        (
            "People who use services who said they had as much social contact as they would like: 38.9% (England "
            "average 44.4%), which was significantly lower.",
            (Decimal("38.9"), Decimal("44.4"), "significantly lower", "worse", None, None),
        ),
        (  # admissions to care homes: a higher rate is worse for people
            "The proportion of older people aged 65 and over whose long-term support needs were met by admission "
            "to residential and nursing care homes was 0.71%, higher than the England average of 0.56% (ASCOF "
            "2023-24).",
            (Decimal("0.71"), Decimal("0.56"), "higher", "worse", "ASCOF", "2023-24"),
        ),
    ],
)
def test_higher_and_lower_take_their_direction_from_the_measure(sentence: str, row: tuple[Any, ...]) -> None:
    assert metric_rows(sentence) == [row]


def test_higher_for_an_unknown_measure_is_a_warning_not_a_row() -> None:
    metrics, warnings = read_national(
        one(
            "The proportion of people delayed in hospital because no care was available was 4.2%, which was "
            "higher than the England average of 3.1%."
        ),
        4,
    )
    assert metrics == [] and [w.kind for w in warnings] == ["national_metric"]


def test_council_value_after_the_england_value() -> None:
    assert metric_rows(
        "For people lacking capacity who were supported by an advocate, family or friend during a safeguarding "
        "enquiry, the England average was 83.41% and Camden's was 91.2%, which was significantly better (SAC "
        "2023-24)."
    ) == [(Decimal("91.2"), Decimal("83.41"), "significantly better", "better", "SAC", "2023-24")]


def test_judgement_in_the_next_short_sentence() -> None:
    assert metric_rows(
        "In 2023-24, 20.4% of people who use services received direct payments, compared with an England average "
        "of 26.2%. This was significantly worse."
    ) == [(Decimal("20.4"), Decimal("26.2"), "significantly worse", "worse", None, None)]


def test_next_sentence_with_its_own_comparison_is_not_borrowed() -> None:
    metrics, warnings = read_national(
        one(
            "The England average was 26.2%. This was better than the England average of 58.0% for reviews, at "
            "61.3%."
        ),
        1,
    )
    assert [m.england_value for m in metrics if m.england_value == Decimal("26.2")] == []
    assert warnings


@pytest.mark.parametrize(
    ("sentence", "in_line"),
    [
        ("58.1% of carers felt they had been included or consulted, in line with the England average of 64.65%.", "in line with"),
        ("The figure was 92%, broadly in line with the England average of 91%.", "broadly in line with"),
        (
            "79.6% of people said they had control over their daily life. "
            "This was tending towards better than the England average of 77.2%.",
            "tending towards better",
        ),
    ],
)  # fmt: skip
def test_comparison_words_as_printed(sentence: str, in_line: str) -> None:
    (row,) = metric_rows(sentence)
    assert row[2] == in_line


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "People waited on average 27 days for a Care Act assessment, and the longest wait was 112 days.",
            [
                ("care_act_assessment", "average", Decimal(27), None, None, None),
                ("care_act_assessment", "maximum", Decimal(112), None, None, None),
            ],
        ),
        (
            "There were 312 people awaiting a Care Act assessment, with a median wait of 14 days, down from 35 "
            "days in April 2024.",
            [("care_act_assessment", "median", Decimal(14), None, Decimal(35), 312)],
        ),
        (
            "Carers waited a median of 21 days for a carer's assessment, and nobody had waited longer than 10 "
            "weeks.",
            [
                ("carers_assessment", "median", Decimal(21), None, None, None),
                ("carers_assessment", "maximum", Decimal(70), None, None, None),
            ],
        ),
        (
            "People waiting for an occupational therapy assessment had a median wait of 58 days, with a maximum "
            "of 212 days.",
            [
                ("occupational_therapy", "median", Decimal(58), None, None, None),
                ("occupational_therapy", "maximum", Decimal(212), None, None, None),
            ],
        ),
        (
            "As of March 2025, 468 people were waiting for a Care Act assessment. The median waiting time was 41 "
            "days and the maximum 287 days.",
            [
                ("care_act_assessment", "median", Decimal(41), None, None, 468),
                ("care_act_assessment", "maximum", Decimal(287), None, None, 468),
            ],
        ),
        (
            "The waiting list for occupational therapy stood at 230 people, and the average waiting time was 9 "
            "weeks, up from 7 weeks in 2024.",
            [("occupational_therapy", "average", Decimal(63), None, Decimal(49), 230)],
        ),
        (
            "There were 58 section 42 enquiries awaiting allocation, and the longest wait was 9 weeks.",
            [("safeguarding", "maximum", Decimal(63), None, None, 58)],
        ),
        (
            "There were 410 Deprivation of Liberty Safeguards (DoLS) applications awaiting a decision, and these "
            "had been waiting a median of 132 days.",
            [("dols", "median", Decimal(132), None, None, 410)],
        ),
        (
            "Between April 2023 and June 2023, people waited between 2 and 6 weeks for a Care Act assessment.",
            [("care_act_assessment", "range", Decimal(42), Decimal(14), None, None)],
        ),
        (
            "The average time from referral to a Care Act assessment was 9 days.",
            [("care_act_assessment", "average", Decimal(9), None, None, None)],
        ),
        (
            "Waiting times for occupational therapy assessments averaged 45 days.",
            [("occupational_therapy", "average", Decimal(45), None, None, None)],
        ),
    ],
)
def test_waiting_time_wordings_of_other_reports(text: str, rows: list[tuple[Any, ...]]) -> None:
    assert wait_rows(text) == rows


def test_a_year_is_not_a_count_of_people_waiting() -> None:
    assert wait_rows("In 2024 people waiting for a review had a median wait of 30 days.") == [
        ("review", "median", Decimal(30), None, None, None)
    ]


def test_a_wait_in_months_is_a_warning_not_a_row() -> None:
    text = "There were 1,130 people waiting for a review. The longest wait for a review was 14 months."
    assert wait_rows(text) == []
    (warning,) = waits_in_months(one(text))
    assert warning.kind == "waiting_time_unit" and "14 months" in warning.message


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("The borough is home to an estimated 210,400 residents.", "population", 210400),
        ("Just over 357,700 people live in the Wakefield district.", "population", 357700),
        (
            "The council serves an estimated population of 768,555, which is 4.6% higher than at the 2011 census.",
            "population_change_pct",
            Decimal("4.6"),
        ),
        ("Around 9% of residents are from ethnic minority groups.", "ethnic_minority_pct", Decimal("9")),
        ("Integrated Care Board (ICB): NHS Suffolk and North East Essex", "icb", "NHS Suffolk and North East Essex"),
        ("Labour has a large majority on the council, where 63 councillors represent 21 wards.", "political_control", "Labour"),
        ("The council is led by a Conservative administration.", "political_control", "Conservative"),
        ("All 16 councillors are independents, elected from 5 wards.", "political_control", "Independent"),
        ("There are 75 elected members across 63 electoral divisions.", "wards", 63),
        (
            "Nearly a third of residents are aged 65 or over; this age group grew by 16.1% between the censuses, "
            "while the working-age population declined by 7.3%.",
            "age_65_plus_change_pct",
            Decimal("16.1"),
        ),
        (
            "The local authority is ranked 34th most deprived out of 153 upper tier local authorities.",
            "imd_rank",
            34,
        ),
    ],
)  # fmt: skip
def test_demographic_wordings_of_other_reports(text: str, field: str, value: Any) -> None:
    found = getattr(read_demographics(chunks(text)), field)
    assert found is not None and found.value == value


def test_population_change_of_an_age_group_is_not_the_population_change() -> None:
    d = read_demographics(
        chunks(
            "Nearly a third of residents are aged 65 or over; this age group grew by 16.1% between the censuses."
        )
    )
    assert d.population_change_pct is None and d.working_age_change_pct is None


def test_financial_facts_as_labelled_lines() -> None:
    facts, warnings = read_finance(
        chunks(
            "- Financial year: 2024/25\n"
            "- Total net budget (estimated): £14.8m\n"
            "- Total net spend (actual): £15.3m\n"
            "- Difference: £0.5m more than estimated\n"
            "- Adult social care net budget (estimated): £3.9m\n"
            "- Adult social care net spend (actual): £4.2m\n"
            "- Difference: £0.3m more than estimated\n"
            "- Share of total spend on adult social care: 27.45%\n"
            "- Adult social care precept raised: 2% (the full precept)\n"
            "- Gross spend on adult social care per adult: £2,310\n"
            "- People receiving long-term support: 58\n"
            "- People receiving short-term support: 21"
        )
    )
    values = {name: getattr(facts, name).value for name in facts.__dataclass_fields__ if getattr(facts, name)}
    assert values == {
        "financial_year": "2024-25",
        "budget_estimated_gbp": 14800000,
        "budget_actual_gbp": 15300000,
        "budget_difference_gbp": 500000,
        "asc_estimated_gbp": 3900000,
        "asc_actual_gbp": 4200000,
        "asc_difference_gbp": 300000,
        "asc_share_pct": Decimal("27.45"),
        "precept_pct": Decimal("2"),
        "precept_full": True,
        "people_long_term": 58,
        "people_short_term": 21,
    }
    assert warnings == []


def test_a_share_higher_than_the_england_average_is_not_a_change() -> None:
    d = read_demographics(
        chunks("21.3% of residents are aged 65 and over, which is higher than the England average of 18.4%.")
    )
    assert d.age_65_plus_change_pct is None


def test_a_section_number_is_not_a_count_of_people_waiting() -> None:
    assert wait_rows("Section 42 enquiries awaiting allocation had waited a median of 12 days.") == [
        ("safeguarding", "median", Decimal(12), None, None, None)
    ]


def test_the_figure_after_an_england_value_belongs_to_the_next_comparison_when_one_follows() -> None:
    rows = metric_rows(
        "Satisfaction was high. 70.2% of people were satisfied with their care. This was similar to the England "
        "average of 68.0%, and 45.1% of carers were satisfied with social services, which was worse than the "
        "England average of 50.3%."
    )
    assert [(row[0], row[1]) for row in rows] == [
        (Decimal("70.2"), Decimal("68.0")),
        (Decimal("45.1"), Decimal("50.3")),
    ]


@pytest.mark.parametrize(
    ("heading", "service"),
    [
        ("Timeliness of assessments, care planning and reviews", "care_act_assessment"),
        ("Financial assessment and charging policy for care and support", "financial_assessment"),
        (
            "Assessment and care planning for unpaid carers, child's carers and child carers",
            "carers_assessment",
        ),
    ],
)
def test_an_assessment_named_by_no_service_is_the_one_the_finding_is_about(
    heading: str, service: str
) -> None:
    rows = wait_rows(
        "At the end of March 2025, 1,204 people were on the waiting list for an assessment, and the average "
        "waiting time was 32 days.",
        heading,
    )
    assert rows == [(service, "average", Decimal(32), None, None, 1204)]


def test_a_second_measure_after_while() -> None:
    assert wait_rows(
        "The median wait for a carers assessment was 18 days, while the longest was 64 days."
    ) == [
        ("carers_assessment", "median", Decimal(18), None, None, None),
        ("carers_assessment", "maximum", Decimal(64), None, None, None),
    ]


def test_measure_named_before_the_figure_when_compared_follows() -> None:
    metrics, _ = read_national(
        one(
            "The proportion of carers who reported they were satisfied with social services was 41.2% compared to "
            "an England average of 36.8% (SACE 2023/2024), which is tending towards better."
        ),
        1,
    )
    assert [(m.direction, m.period, m.measure_code) for m in metrics] == [
        ("better", "2023-24", "sace_satisfied_social_services")
    ]

"""Fact readers on short snippets in wordings other reports use (no database, no full report needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.demographics import read_demographics
from cqc_la.parsing.finance import read_finance
from cqc_la.parsing.national import read_national
from cqc_la.parsing.waiting import read_waiting

from .snippets import chunks, one

# Demographics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "population"),
    [
        ("The borough has a population of 95,366.", 95366),
        ("It serves a population of over 205,087 people.", 205087),
        ("The county has a population of approximately 1.61 million people.", 1610000),
        ("Kent is home to nearly 1.2 million people.", 1200000),
        ("The population is 196.000.", 196000),
    ],
)
def test_population_wordings(sentence: str, population: int) -> None:
    found = read_demographics(chunks(sentence)).population
    assert found is not None and found.value == population


def test_population_change_is_signed() -> None:
    d = read_demographics(chunks("The population has decreased by 1.2% since the 2011 census."))
    assert d.population_change_pct is not None and d.population_change_pct.value == Decimal("-1.2")
    assert d.population_change_pct.printed == "decreased by 1.2%"


@pytest.mark.parametrize(
    ("sentence", "value", "decile"),
    [
        (
            "It has an Index of Multiple Deprivation score of 9 (1 is the least deprived, 10 is the most deprived).",
            9,
            9,
        ),
        ("The IMD score is 2 (10 being the least deprived and 1 the most deprived).", 2, 9),
        ("It has an IMD decile of 4 (10 is the most deprived).", 4, 4),
        ("The Index of Multiple Deprivation (IMD) score is 3.", 3, 3),
    ],
)
def test_imd_scales(sentence: str, value: int, decile: int) -> None:
    d = read_demographics(chunks(sentence))
    assert d.imd_value is not None and d.imd_value.value == value
    assert d.imd_decile is not None and d.imd_decile.value == decile


@pytest.mark.parametrize(
    ("sentence", "rank", "of"),
    [
        ("The area is ranked 67th most deprived of the local authorities in England, out of 317.", 67, 317),
        ("Deprivation: the county is ranked 128th out of 153 upper tier authorities.", 128, 153),
        (
            "It is the 12th most deprived local authority out of 151 on the Index of Multiple Deprivation.",
            12,
            151,
        ),
    ],
)
def test_imd_rank(sentence: str, rank: int, of: int) -> None:
    d = read_demographics(chunks(sentence))
    assert d.imd_rank is not None and d.imd_rank.value == rank
    assert d.imd_rank_of is not None and d.imd_rank_of.value == of
    assert d.imd_decile is None  # a rank is not turned into a decile


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        ("The council is Labour led with 36 councillors.", "Labour"),
        ("It is a Conservative-controlled county council.", "Conservative"),
        ("The council is run by a Liberal Democrat administration.", "Liberal Democrat"),
        ("The council has been under no overall control since 2023.", "No overall control"),
        ("The council is led by the Green Party.", "Green"),
    ],
)
def test_political_control(sentence: str, party: str) -> None:
    found = read_demographics(chunks(sentence)).political_control
    assert found is not None and found.value == party


def test_councillors_wards_icb_and_combined_authority() -> None:
    d = read_demographics(
        chunks(
            "There are seventy-eight elected councillors representing 40 electoral divisions.\n\n"
            "The council is part of NHS Birmingham and Solihull Integrated Care Board (ICB) and the West "
            "Midlands Combined Authority (WMCA)."
        )
    )
    assert (d.councillors.value, d.wards.value) == (78, 40)  # type: ignore[union-attr]
    assert d.icb is not None and d.icb.value == "NHS Birmingham and Solihull Integrated Care Board"
    assert (
        d.combined_authority is not None and d.combined_authority.value == "West Midlands Combined Authority"
    )


def test_no_combined_authority_named() -> None:
    d = read_demographics(chunks("The council is not part of a combined authority."))
    assert d.combined_authority is None


def test_ethnic_minority_share_before_or_after_the_words() -> None:
    before = read_demographics(
        chunks("About 19.4% of residents are from ethnic minority groups, with 8% Asian.")
    )
    after = read_demographics(chunks("People from ethnic minority groups make up 12.5% of the population."))
    assert before.ethnic_minority_pct.value == Decimal("19.4")  # type: ignore[union-attr]
    assert after.ethnic_minority_pct.value == Decimal("12.5")  # type: ignore[union-attr]


def test_age_changes_are_signed_by_their_own_clause() -> None:
    d = read_demographics(
        chunks(
            "The number of people aged 65 and over grew by 12.1%, while the working age population fell by 2%."
        )
    )
    assert d.age_65_plus_change_pct.value == Decimal("12.1")  # type: ignore[union-attr]
    assert d.working_age_change_pct.value == Decimal("-2")  # type: ignore[union-attr]


# Financial facts ---------------------------------------------------------------------------------------


def test_finance_as_bullets_without_year_and_with_typo() -> None:
    facts, warnings = read_finance(
        chunks(
            "- The Local Authority estimated its total budget would be £442,931,000.\n"
            "- Its actual spend was £450,000,000, which was £7,069,000 morethan estimated.\n"
            "- It estimated it would spend £120.5 million on adult social care.\n"
            "- Its actual spend was £118.2 million which was £2.3 million less than budgeted.\n"
            "- 31.2% of the budget was spent on adult social care.\n"
            "- The local authority did not raise the full adult social care precept, raising 1%."
        )
    )
    assert facts.financial_year is None
    assert facts.budget_estimated_gbp.value == 442931000  # type: ignore[union-attr]
    assert facts.budget_difference_gbp.value == 7069000  # type: ignore[union-attr]
    assert facts.asc_estimated_gbp.value == 120500000  # type: ignore[union-attr]
    assert facts.asc_actual_gbp.value == 118200000  # type: ignore[union-attr]
    assert facts.asc_difference_gbp.value == -2300000  # type: ignore[union-attr]
    assert facts.asc_share_pct.value == Decimal("31.2")  # type: ignore[union-attr]
    assert (facts.precept_pct.value, facts.precept_full.value) == (Decimal("1"), False)  # type: ignore[union-attr]
    assert warnings == []


def test_finance_year_forms_and_pence() -> None:
    facts, _ = read_finance(
        chunks("The local authority estimated in 2023-2024 its total budget would be £1,860,506,000.00.")
    )
    assert facts.financial_year.value == "2023-24"  # type: ignore[union-attr]
    assert facts.budget_estimated_gbp.value == Decimal("1860506000.00")  # type: ignore[union-attr]


def test_finance_difference_off_by_a_few_thousand_is_warned_not_rejected() -> None:
    facts, warnings = read_finance(
        chunks(
            "The local authority estimated that in 2024/25, its total budget would be £100,000,000. "
            "Its actual spend for that year was £110,000,000, which was £9,997,000 more than estimated."
        )
    )
    assert facts.budget_difference_gbp.value == 9997000  # type: ignore[union-attr]
    assert [warning.kind for warning in warnings] == ["finance_arithmetic"]


def test_people_on_support_as_list() -> None:
    facts, _ = read_finance(
        chunks("Approximately 5,120 people were accessing long-term support, and 1,845 short-term support.")
    )
    assert (facts.people_long_term.value, facts.people_short_term.value) == (5120, 1845)  # type: ignore[union-attr]


# National data -----------------------------------------------------------------------------------------


def test_two_comparisons_in_one_sentence() -> None:
    metrics, warnings = read_national(
        one(
            "The Survey of Adult Carers in England (SACE) 2023-24 showed 40.1% of carers were satisfied with social "
            "services, which was tends towards better than the England average of 36.83%, and 59.2% of carers felt "
            "involved in discussions, which was significantly worse than the England average of 66.56%."
        ),
        1,
    )
    assert warnings == []
    assert [(m.la_value, m.england_value, m.comparison, m.direction) for m in metrics] == [
        (Decimal("40.1"), Decimal("36.83"), "tends towards better", "better"),
        (Decimal("59.2"), Decimal("66.56"), "significantly worse", "worse"),
    ]
    assert [m.source for m in metrics] == ["SACE", "SACE"]
    assert [m.period for m in metrics] == ["2023-24", "2023-24"]
    assert [m.measure_code for m in metrics] == ["sace_satisfied_social_services", "sace_involved_consulted"]
    assert [m.position for m in metrics] == [0, 1]


def test_source_named_earlier_in_the_paragraph_counts() -> None:
    metrics, _ = read_national(
        one(
            "The Adult Social Care Survey (ASCS) asks people about their care. 72.3% of people who use services "
            "reported they had as much social contact as they would like. This was similar to the England "
            "average of 71.0%."
        ),
        3,
    )
    (metric,) = metrics
    assert (metric.source, metric.period, metric.direction) == ("ASCS", None, "similar")
    assert metric.measure_code == "ascs_social_contact"


def test_score_units_and_missing_source() -> None:
    metrics, _ = read_national(
        one(
            "The social care-related quality of life score was 19.1, which was worse than the England average of 19.5."
        ),
        None,
    )
    (metric,) = metrics
    assert (metric.unit, metric.la_value, metric.england_value, metric.source) == (
        "score",
        Decimal("19.1"),
        Decimal("19.5"),
        None,
    )
    assert metric.measure_code == "ascs_quality_of_life"


def test_england_average_without_figures_is_a_warning_not_a_row() -> None:
    metrics, warnings = read_national(one("Delayed discharges were higher than the England average."), 4)
    assert metrics == [] and [w.kind for w in warnings] == ["national_metric"]


# Waiting times -----------------------------------------------------------------------------------------


def test_waiting_time_wordings() -> None:
    found = read_waiting(
        one(
            "There were 204 people waiting for a Care Act assessment, with the longest wait being 120 days. "
            "People waited an average of 3 weeks for an occupational therapy assessment. "
            "Reviews had a median waiting time of 45 days, down from 60 days."
        ),
        1,
        None,
    )
    assert [(w.service, w.measure, w.days, w.previous_days, w.people_waiting) for w in found] == [
        ("care_act_assessment", "maximum", Decimal(120), None, 204),
        ("occupational_therapy", "average", Decimal(21), None, None),
        ("review", "median", Decimal(45), Decimal(60), None),
    ]


def test_service_from_the_key_finding_heading() -> None:
    found = read_waiting(
        one("The median waiting time was 30 days."), 1, "Financial assessment and charging policy"
    )
    assert [(w.service, w.measure, w.days) for w in found] == [
        ("financial_assessment", "median", Decimal(30))
    ]


def test_a_single_within_is_a_target_not_a_waiting_time() -> None:
    assert read_waiting(one("People were always seen within 28 days of referral."), 2, None) == []


# Whole report, another council --------------------------------------------------------------------------


def test_another_council_name_with_ampersand(seed_text: str) -> None:
    text = seed_text.replace("Hartlepool Borough Council", "Royal Borough of Windsor & Maidenhead ")
    report = parse_report(text.replace("Hartlepool", "Windsor"))
    assert report.council_name.value == "Royal Borough of Windsor & Maidenhead"
    assert [s.score for s in report.statements] == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    assert len(report.national_metrics) == 12 and len(report.waiting_times) == 13


def test_banner_and_printed_percentage(seed_text: str) -> None:
    text = seed_text.replace(
        "Assessment published: 14 May 2025",
        "Downloads\n\nPublished: 14 May 2025 Page last updated: 20 May 2025\n\nAssessment published: 14 May 2025",
    ).replace("\nGood\n", "\nGood\n\nHartlepool Borough Council scored 70 out of 100 overall\n", 1)
    report = parse_report(text)
    assert report.banner_published_on.value.isoformat() == "2025-05-14"  # type: ignore[union-attr]
    assert report.banner_updated_on.value.isoformat() == "2025-05-20"  # type: ignore[union-attr]
    assert report.printed_overall_pct is not None and report.printed_overall_pct.value == Decimal("70")
    assert report.warnings == ()  # 25/36 = 69.4, which CQC publishes as 70


@pytest.mark.parametrize(
    ("printed", "kinds"),
    [
        ("69", ["overall_pct"]),  # the nearest whole number, not CQC's rounded-up figure
        ("71", ["overall_pct"]),
        ("62", ["overall_pct", "overall_pct_band"]),  # outside Good (63-87) as well
    ],
)
def test_printed_percentage_checked_against_cqc_rounding(seed_text: str, printed: str, kinds: list[str]) -> None:
    text = seed_text.replace(
        "\nGood\n", f"\nGood\n\nHartlepool Borough Council scored {printed} out of 100 overall\n", 1
    )
    warnings = parse_report(text).warnings
    assert sorted(warning.kind for warning in warnings) == sorted(kinds)
    assert "70%" in next(w.message for w in warnings if w.kind == "overall_pct")


# Wordings met in the generated corpora -------------------------------------------------------------------


def test_one_source_after_two_comparisons_applies_to_both() -> None:
    metrics, _ = read_national(
        one(
            "National data showed a social care-related quality of life score of 19.0, slightly better than the "
            "England average of 18.7, and a carer-reported quality of life score of 7.9, which was similar to the "
            "England average of 7.9, ASCOF 2022-23."
        ),
        7,
    )
    assert [(m.la_value, m.unit, m.source, m.period) for m in metrics] == [
        (Decimal("19.0"), "score", "ASCOF", "2022-23"),
        (Decimal("7.9"), "score", "ASCOF", "2022-23"),
    ]
    assert [m.measure_code for m in metrics] == ["ascs_quality_of_life", "sace_quality_of_life"]


def test_source_only_sentence_after_two_comparisons() -> None:
    metrics, _ = read_national(
        one(
            "National data showed 69.20% of people receiving long-term support had their needs reviewed, which is "
            "significantly better than the England average (58.04%), and 85.92% of people aged 65 and over were "
            "still at home 91 days after discharge, which was better than the England average (81.52%). Short and "
            "Long Term Support (SALT) 2024/2025. National data showed 52.54% of carers found it easy to find "
            "information about support, and tends towards worse than the England average of 56.03%."
        ),
        6,
    )
    assert [(m.source, m.period, m.comparison) for m in metrics] == [
        ("SALT", "2024-25", "significantly better"),
        ("SALT", "2024-25", "better"),
        (
            "SALT",
            None,
            "tends towards worse",
        ),  # named in an earlier sentence: the source counts, not its year
    ]


def test_later_previous_days_and_ranges_with_words_between() -> None:
    found = read_waiting(
        one(
            "Local authority data showed a median waiting time of 96 days for Deprivation of Liberty Safeguards "
            "(DoLS) applications (from 134 days). Data provided by the local authority showed waiting times for "
            "occupational therapy assessments ranged from 10 to 114 days, with 153 people waiting. The maximum "
            "waiting time for reviews was 200 days, up from 150 days, with 12 cases waiting."
        ),
        2,
        None,
    )
    assert [(w.service, w.measure, w.days, w.days_low, w.previous_days, w.people_waiting) for w in found] == [
        ("dols", "median", Decimal(96), None, Decimal(134), None),
        ("occupational_therapy", "range", Decimal(114), Decimal(10), None, 153),
        ("review", "maximum", Decimal(200), None, Decimal(150), 12),
    ]


def test_demographics_wordings_from_other_reports() -> None:
    d = read_demographics(
        chunks(
            "Tower Hamlets has a population of approximately 325,789. There has been an increase in the population "
            "of 3.65% since the last census in 2011.\n\n"
            "20.18% of residents in Herefordshire, County of are from ethnic minority groups.\n\n"
            "London Borough of Barnet is a London borough under Liberal Democrat control with 85 councillors "
            "representing 33 wards."
        )
    )
    assert d.population_change_pct.value == Decimal("3.65")  # type: ignore[union-attr]  # '65' is not 65+
    assert d.ethnic_minority_pct.value == Decimal("20.18")  # type: ignore[union-attr]
    assert d.political_control.value == "Liberal Democrat"  # type: ignore[union-attr]


def test_a_rate_per_adult_is_not_a_budget() -> None:
    facts, _ = read_finance(
        chunks(
            "The local authority estimated that it would spend £42,452,000 of its total budget on adult social "
            "care in 2025/26. Its actual spend was £42,048,000 which was £404,000 less than estimated.\n\n"
            "- Gross current expenditure on adult social care per adult in the population was £313 in 2025-26."
        )
    )
    assert (facts.asc_estimated_gbp.value, facts.asc_actual_gbp.value) == (42452000, 42048000)  # type: ignore[union-attr]


def test_unmarked_topic_heading_in_a_marked_up_report(seed_text: str) -> None:
    text = seed_text.replace("## Strategic planning", "Strategic planning").replace(
        "## Information security", "Information governance arrangements"
    )
    report = parse_report(text)
    headings = [s.heading for s in report.sections if s.kind == "key_finding" and s.qs_no == 8]
    assert headings == [
        "Governance, accountability and risk management",
        "Strategic planning",
        "Information governance arrangements",
    ]

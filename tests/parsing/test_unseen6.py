"""A sixth held-out round: figures in findings paragraphs in wordings the parser had not seen.

`tests/fixtures/unseen6/` holds five reports (Derbyshire, Bristol, Lancashire, Southwark, Cheshire East), each
with a ground truth written from the text before the parser was run on it (see its README for the
conventions the writer chose; they are the project's now). What was new:

- England comparisons pairing a list of council figures with a list of England figures in order (`... were
  34.8%, 27.1% and 66.9% respectively, against national figures of 36.8%, 28.0% and 64.7%`, `compared with
  England averages of 70.8% and 87.7%`, `compared with 67.1 per cent and 57.7 per cent in England`), with one
  judgement for all (`Both were better`, `All three were similar to England`) or one per figure in order
  (`the first was worse than England and the second tended towards worse`);
- new England anchors (`an England score of 19.0`, `the national figure was 62.4 per cent`, `vs England 7.3`,
  `better than England's 19.0`, `than England (94.4 per cent)`, `62.4% of people across England`), a bare
  `against 83.7%` carrying on the sentence's `against 2.9% in England`, several comparisons in one sentence
  each with its judgement after it (`68.2% (England 70.8%), tending towards worse; ..., 86.0% (England
  87.7%), similar`), the source named in the judgement sentence (`This was significantly better (ASCOF
  2023-24).`), lists whose source and year are printed only in the intro line (`Key survey results (ASCS
  2024-25):`), a markdown comparison table, labels that name the measure (`Direct payments (ASCOF 2023-24):
  22.8% of people ...`) and rates per 100,000;
- waiting times as `took an average of 34 days to complete`, `took on average 19 working days`, `completed in an
  average of 24 days`, `the median time they had been waiting was 118 days`, `the longest had waited 16
  weeks`, `no-one waiting longer than 10 weeks`, `took between 10 and 15 working days`, `compared with 35 days
  a year earlier`, labelled items with a count before the times (`Occupational therapy: 1,140 people waiting;
  median wait 11 weeks; longest 38 weeks`);
- `Reform UK took control`, `No party has overall control; the council is led by a ... coalition`, `472,400
  people, an increase of 10.3% since the 2011 census`, `5.5% more than at the 2011 census`, `grew from 288,300
  in 2011 to 307,600 in 2021`, `accounted for 39.88 per cent of the local authority's net spend`, `Long-term
  support was provided to 4,620 people and short-term support to 1,710 people`.

Before the fixes: 72.2% of 1405 facts right (1015), exact facts 182/185. After: 100% of 1404 facts and 185/185
exact facts (a comparison read in part counts fields, so the number of facts moves a little).

Rules added (general, pinned by the snippets below): `england.PAIRED` / `VALUES_FIRST` (lists of England
figures, paired in order), `england.ANCHOR` (`England score/figure`, `vs/than/against England N`),
`england._carried` (a bare figure after the same comparing word), `national._judgements` (one judgement per
figure, in order), the judgement after an England figure closes its comparison, the judgement sentence's
source, `national._label_code` (a label or list intro names the measure), `national._rate_base`, `leads.py`
(list intros and comparison tables), `waiting.TOOK` / `HAD_WAITED` / `LISTED_LABEL`, and the table separator
line as a rule (`blocks._RULE`, not a paragraph).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cqc_la.parsing import parse_report

HEAD = "X Council: local authority assessment\n\nAssessment published: 1 May 2025\n\n"
SUMMARY = "Overall summary\n\nLocal authority rating and score: Good\n\n"


def _findings(findings: str, front: str = "", heading: str = "Assessing needs") -> Any:
    return parse_report(
        HEAD
        + front
        + SUMMARY
        + f"{heading}\n\nScore: 3\n\nThe local authority commitment\n\nWe assess needs.\n\n"
        + "Key findings for this quality statement\n\nAssessment, care planning and review arrangements\n\n"
        + findings
        + "\n"
    )


def _metrics(findings: str) -> list[tuple[str, str, str, str, str | None, str | None]]:
    return [
        (str(m.la_value), str(m.england_value), m.comparison, m.direction, m.source, m.period)
        for m in _findings(findings).national_metrics
    ]


def _waits(findings: str) -> list[tuple[str, str, Decimal, Decimal | None, Decimal | None, int | None]]:
    return [
        (w.service, w.measure, w.days, w.days_low, w.previous_days, w.people_waiting)
        for w in _findings(findings).waiting_times
    ]


# England comparisons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Satisfaction with care and support (65.1%) and the proportion of people who found it easy to find "
            "information about support (70.4%) were both better than the England averages of 62.4% and 67.1%, "
            "according to the Adult Social Care Survey 2024-25.",
            [
                ("65.1", "62.4", "better", "better", "ASCS", "2024-25"),
                ("70.4", "67.1", "better", "better", "ASCS", "2024-25"),
            ],
        ),
        (
            "The Survey of Adult Carers in England 2023-24 showed that the proportions of carers who were "
            "satisfied, who had as much social contact as they would like, and who felt included were 34.8%, "
            "27.1% and 66.9% respectively, against national figures of 36.8%, 28.0% and 64.7%. All three were "
            "similar to England.",
            [
                ("34.8", "36.8", "similar", "similar", "SACE", "2023-24"),
                ("27.1", "28.0", "similar", "similar", "SACE", "2023-24"),
                ("66.9", "64.7", "similar", "similar", "SACE", "2023-24"),
            ],
        ),
        (
            "Information was easy to find for 69.0 per cent of people who use services and 59.6 per cent of "
            "carers, compared with 67.1 per cent and 57.7 per cent in England; both were similar to England.",
            [
                ("69.0", "67.1", "similar", "similar", None, None),
                ("59.6", "57.7", "similar", "similar", None, None),
            ],
        ),
    ],
    ids=["averages-of-a-and-b", "three-respectively", "values-before-in-england"],
)
def test_a_list_of_values_pairs_with_a_list_of_england_figures_in_order(
    sentence: str, expected: list[tuple[str, ...]]
) -> None:
    assert _metrics(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "judgements"),
    [
        (
            "SACE 2023-24 reported that 31.6% of carers were satisfied with social services and 60.2% felt "
            "involved; the England figures were 36.8% and 64.7%, so the first was worse than England and the "
            "second tended towards worse.",
            ["worse", "tended towards worse"],
        ),
        (
            "64.1% of carers and 71.5% of people who use services found it easy to find information; the "
            "England figures were 57.7% and 67.1%, so carers' experience was better than England and that of "
            "people who use services was tending towards better.",
            ["better", "tending towards better"],
        ),
    ],
)
def test_judgements_after_paired_figures_go_with_them_in_order(sentence: str, judgements: list[str]) -> None:
    assert [row[2] for row in _metrics(sentence)] == judgements


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        (
            "Derbyshire's social care-related quality of life score was 18.7 against an England score of 19.0, "
            "which was similar (ASCOF 1A, 2024-25).",
            ("18.7", "19.0", "similar", "similar", "ASCOF", "2024-25"),
        ),
        (
            "The social care-related quality of life score for Bristol was 19.3, better than England's 19.0 "
            "(ASCS 2024-25).",
            ("19.3", "19.0", "better", "better", "ASCS", "2024-25"),
        ),
        (
            "Safeguarding Adults Collection 2024/25: 97.1 per cent of people asked about their desired outcomes "
            "had them fully or partially achieved, which was significantly better than England (94.4 per cent).",
            ("97.1", "94.4", "significantly better", "better", "SAC", "2024-25"),
        ),
        (
            "The Adult Social Care Survey 2024/25 found that 60.3 per cent of people were extremely or very "
            "satisfied with their care and support. The national figure was 62.4 per cent, and the difference "
            "was not statistically significant, so Cheshire East was similar to England.",
            ("60.3", "62.4", "similar", "similar", "ASCS", "2024-25"),
        ),
        (
            "People from these communities reported lower satisfaction: 52.3% were extremely or very satisfied, "
            "compared with 62.4% of people across England, and this was worse (ASCS 2024-25).",
            ("52.3", "62.4", "worse", "worse", "ASCS", "2024-25"),
        ),
    ],
    ids=["england-score", "englands", "than-england-brackets", "national-figure-next-sentence", "of-people"],
)
def test_new_england_anchors(sentence: str, row: tuple[str, ...]) -> None:
    assert _metrics(sentence) == [row]


def test_each_comparison_of_a_sentence_takes_the_judgement_printed_after_it() -> None:
    sentence = (
        "SACE 2023-24 for Lancashire: carer-reported quality of life 7.0 vs England 7.3, tending towards worse; "
        "carers satisfied with social services 33.9% vs England 36.8%, similar; carers who found it easy to "
        "find information 52.7% vs England 57.7%, worse."
    )
    assert _metrics(sentence) == [
        ("7.0", "7.3", "tending towards worse", "worse", "SACE", "2023-24"),
        ("33.9", "36.8", "similar", "similar", "SACE", "2023-24"),
        ("52.7", "57.7", "worse", "worse", "SACE", "2023-24"),
    ]


def test_a_bare_figure_after_the_same_comparing_word_carries_the_comparison_on() -> None:
    sentence = (
        "Of older people discharged from hospital, 3.8% were offered reablement, against 2.9% in England, and "
        "85.9% of those were still at home 91 days later, against 83.7%; both figures were better than England "
        "(ASCOF 2023-24)."
    )
    assert _metrics(sentence) == [
        ("3.8", "2.9", "better", "better", "ASCOF", "2023-24"),
        ("85.9", "83.7", "better", "better", "ASCOF", "2023-24"),
    ]


def test_a_source_named_in_the_judgement_sentence_is_the_comparisons() -> None:
    sentence = (
        "Information was easy to find for 63.9% of people who use services; the England average was 67.1%. "
        "This tended towards worse (ASCS 2024-25)."
    )
    assert _metrics(sentence) == [("63.9", "67.1", "tended towards worse", "worse", "ASCS", "2024-25")]


def test_the_year_of_the_sentence_is_the_period_of_its_second_comparison() -> None:
    sentence = (
        "In 2023-24, 30.8% of people who use services received direct payments, which was better than the "
        "England average of 25.5%; for carers the proportion was 82.4%, which was similar to the England "
        "average of 77.2% (ASCOF)."
    )
    assert [row[-2:] for row in _metrics(sentence)] == [("ASCOF", "2023-24"), ("ASCOF", "2023-24")]


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        (
            "Long-term support reviews (SALT 2023/24): 52.9 per cent of people had a review in the year, below "
            "the England average of 58.8 per cent.",
            ("52.9", "58.8", "below", "worse", "SALT", "2023-24"),
        ),
        (
            "Direct payments (ASCOF 2023-24): 22.8% of people who use services, lower than the England average "
            "of 25.5%.",
            ("22.8", "25.5", "lower", "worse", "ASCOF", "2023-24"),
        ),
        (
            "The rate of permanent admissions to residential and nursing care homes for people aged 65 and over "
            "was 612.4 per 100,000 population, higher than the England average of 566.0 (ASCOF 2A part 2, "
            "2023-24).",
            ("612.4", "566.0", "higher", "worse", "ASCOF", "2023-24"),
        ),
    ],
    ids=["label-names-reviews", "label-names-direct-payments", "rate-per-100000"],
)
def test_polar_words_take_the_measure_from_a_label_or_before_a_rate(
    sentence: str, row: tuple[str, ...]
) -> None:
    assert _metrics(sentence) == [row]


def test_a_list_takes_source_year_and_measure_from_its_intro_line() -> None:
    findings = (
        "Key survey results (ASCS 2024-25):\n\n"
        "- Extremely or very satisfied with care and support: 57.2% (England 62.4%) \u2013 worse\n"
        "- Control over daily life: 75.9% (England 77.6%) \u2013 similar\n\n"
        "Care home admissions (ASCOF 2A, 2023-24), per 100,000 population:\n\n"
        "- People aged 65 and over: 689.1 (England 566.0), higher than England\n"
        "- People aged 18 to 64: 21.4 (England 14.6), higher than England"
    )
    metrics = _findings(findings).national_metrics
    assert [(str(m.la_value), m.comparison, m.direction, m.source, m.period, m.unit) for m in metrics] == [
        ("57.2", "worse", "worse", "ASCS", "2024-25", "%"),
        ("75.9", "similar", "similar", "ASCS", "2024-25", "%"),
        ("689.1", "higher", "worse", "ASCOF", "2023-24", "score"),
        ("21.4", "higher", "worse", "ASCOF", "2023-24", "score"),
    ]
    assert [m.measure_code for m in metrics[2:]] == ["ascof_admissions_65_plus", "ascof_admissions_18_64"]


def test_an_item_naming_its_own_source_keeps_it() -> None:
    findings = (
        "Results (ASCS 2024-25):\n\n- Carers' quality of life (SACE 2023-24): 7.0 (England 7.3), similar"
    )
    assert _metrics(findings) == [("7.0", "7.3", "similar", "similar", "SACE", "2023-24")]


def test_a_comparison_table_gives_one_row_per_line() -> None:
    findings = (
        "The table below sets out national data.\n\n"
        "| Measure | Southwark | England | Compared with England |\n"
        "| --- | --- | --- | --- |\n"
        "| Satisfied with care and support (ASCS 2024-25) | 64.9% | 62.4% | Similar |\n"
        "| Social care-related quality of life (ASCS 2024-25) | 19.2 | 19.0 | Similar |\n"
        "| Control over daily life (ASCS 2024-25) | 80.6% | 77.6% | Better |"
    )
    report = _findings(findings)
    assert [
        (str(m.la_value), str(m.england_value), m.unit, m.comparison, m.direction, m.source, m.period)
        for m in report.national_metrics
    ] == [
        ("64.9", "62.4", "%", "Similar", "similar", "ASCS", "2024-25"),
        ("19.2", "19.0", "score", "Similar", "similar", "ASCS", "2024-25"),
        ("80.6", "77.6", "%", "Better", "better", "ASCS", "2024-25"),
    ]
    # the separator line is markup, not a paragraph: header and 3 rows are 4 blocks
    assert sum(block.raw.startswith("|") for block in report.blocks) == 4


@pytest.mark.parametrize(
    "table",
    [
        "| Measure | Southwark | England |\n| --- | --- | --- |\n| Satisfied (ASCS 2024-25) | 64.9% | 62.4% |",
        "| Service | Waiting | Median days |\n| --- | --- | --- |\n| Care Act assessments | 120 | 21 |",
    ],
    ids=["no-judgement-column", "not-a-comparison-table"],
)
def test_a_table_without_england_and_judgement_columns_gives_no_comparison(table: str) -> None:
    assert _findings(table).national_metrics == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Of 312 regulated services, 81% of community-based services and 74% of care homes were rated good or "
        "outstanding by CQC, compared with 84% and 76% nationally.",
        "It was also better than the average for Southwark's statistical neighbours, 43.9%.",
        "Home care fee rates were below the England average, and providers told us this made recruitment hard.",
        "CQC ratings: 78% of care homes rated good or outstanding (England 77%).",
    ],
    ids=["no-judgement", "statistical-neighbours", "no-figures", "england-figure-alone"],
)
def test_no_comparison_is_invented(sentence: str) -> None:
    assert _metrics(sentence) == []


# Waiting times -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "rows"),
    [
        (
            "The local authority's data showed that it took an average of 34 days to complete a Care Act "
            "assessment once a referral had been accepted, and 1,146 people were waiting for an assessment.",
            [("care_act_assessment", "average", 34, None, None, 1146)],
        ),
        (
            "Financial assessments took on average 19 working days from referral, against the council's own "
            "standard of 15 working days.",
            [("financial_assessment", "average", 19, None, None, None)],
        ),
        (
            "Financial assessments were completed in an average of 24 days, and nobody had waited more than "
            "9 weeks.",
            [
                ("financial_assessment", "average", 24, None, None, None),
                ("financial_assessment", "maximum", 63, None, None, None),
            ],
        ),
        (
            "At the end of October 2025 there were 1,420 Deprivation of Liberty Safeguards applications awaiting "
            "assessment; the median time they had been waiting was 118 days and the longest wait was 14 months.",
            [("dols", "median", 118, None, None, 1420)],
        ),
        (
            "However, 410 people were waiting for a financial assessment, and the longest had waited 16 weeks.",
            [("financial_assessment", "maximum", 112, None, None, 410)],
        ),
        (
            "The occupational therapy service had 96 people waiting, with a median wait of 18 days and no-one "
            "waiting longer than 10 weeks.",
            [
                ("occupational_therapy", "median", 18, None, None, 96),
                ("occupational_therapy", "maximum", 70, None, None, 96),
            ],
        ),
        (
            "Financial assessments took between 10 and 15 working days once the council had the information.",
            [("financial_assessment", "range", 15, 10, None, None)],
        ),
        (
            "The median time from referral to the completion of a Care Act assessment was 21 days in September "
            "2025, compared with 35 days a year earlier, and there were 174 people on the waiting list.",
            [("care_act_assessment", "median", 21, None, 35, 174)],
        ),
    ],
    ids=[
        "took-an-average",
        "took-on-average-working-days",
        "completed-in-an-average",
        "time-they-had-been-waiting",
        "longest-had-waited",
        "no-one-hyphen",
        "took-between",
        "compared-with-a-year-earlier",
    ],
)
def test_new_waiting_time_wordings(sentence: str, rows: list[tuple[Any, ...]]) -> None:
    assert _waits(sentence) == rows


@pytest.mark.parametrize(
    ("item", "rows"),
    [
        (
            "- Occupational therapy: 1,140 people waiting; median wait 11 weeks; longest 38 weeks.",
            [
                ("occupational_therapy", "median", 77, None, None, 1140),
                ("occupational_therapy", "maximum", 266, None, None, 1140),
            ],
        ),
        (
            "- Section 42 enquiries: average 5 days from concern to allocation; 88 awaiting allocation.",
            [("safeguarding", "average", 5, None, None, 88)],
        ),
    ],
    ids=["count-before-the-times", "label-with-digits"],
)
def test_labelled_items_read_every_time_after_the_label(item: str, rows: list[tuple[Any, ...]]) -> None:
    assert _waits("Waiting lists at the end of September 2025:\n\n" + item) == rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Reviews are due within 12 months of a care plan being agreed, but 2,310 people had not had a review "
        "for more than 12 months.",
        "Most people leaving hospital with new care needs were contacted within 28 days of discharge.",
        "Reablement was delivered by the in-house service as a 6-week reablement service, and the council also "
        "commissioned 42 short-stay beds in its own care homes.",
        "Bed-based intermediate care: 96 beds across 6 sites; average length of stay 24 days.",
        "The reablement service offered up to 6 weeks of free support, and the length of stay in the 30 "
        "intermediate care beds averaged 23 days.",
        "Delayed discharges had fallen from an average of 38 to 22 delayed beds a day.",
        "Concerns were screened by the Adult Safeguarding Hub within 2 working days, in line with the board's "
        "procedures.",
        "Most financial assessments were completed within 10 working days.",
        "There were 118 people waiting for a package of home care at the time of our visit.",
        "Complaints were responded to within 20 working days in 91% of cases.",
        "Reviews: 3,420 people overdue; reviews are due within 12 months of the last one.",
    ],
    ids=[
        "review-threshold",
        "within-28-days-of-discharge",
        "6-week-service-and-beds",
        "length-of-stay-item",
        "length-of-stay-averaged",
        "delayed-beds",
        "within-2-working-days",
        "within-10-working-days",
        "count-without-time",
        "complaints-target",
        "count-and-target",
    ],
)
def test_non_waits_are_not_read(sentence: str) -> None:
    assert _waits(sentence) == []


# Demographics and finance -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "field", "value"),
    [
        (
            "Reform UK took control of the council at the May 2025 elections.",
            "political_control",
            "Reform UK",
        ),
        (
            "No party has overall control; the council is led by a Labour and Independent coalition.",
            "political_control",
            "No overall control",
        ),
        (
            "It is home to around 472,400 people, an increase of 10.3% since the 2011 census.",
            "population_change_pct",
            Decimal("10.3"),
        ),
        (
            "The county has a population of 1,235,300, 5.5% more than at the 2011 census.",
            "population_change_pct",
            Decimal("5.5"),
        ),
        (
            "Southwark's population grew from 288,300 in 2011 to 307,600 in 2021, an increase of 6.7%.",
            "population",
            307600,
        ),
    ],
)
def test_demographics_in_new_shapes(sentence: str, field: str, value: Any) -> None:
    report = _findings("Staff were kind.", front=f"About X Council\n\n{sentence}\n\n")
    assert getattr(report.demographics, field).value == value


def test_finance_share_and_people_in_prose() -> None:
    report = _findings(
        "Staff were kind.",
        front="Financial facts\n\nAdult social care accounted for 39.88 per cent of the local authority\u2019s net "
        "spend.\n\nLong-term support was provided to 4,620 people and short-term support to 1,710 people during "
        "the year.\n\n",
    )
    finance = report.finance
    assert (finance.asc_share_pct.value, finance.people_long_term.value, finance.people_short_term.value) == (
        Decimal("39.88"),
        4620,
        1710,
    )

"""Golden tests: every figure the parser reads from the seed report, pinned.

The seed (`seeds/hartlepool-0525.md`, Hartlepool, May 2025) is a real report. The expectations below were
read from the file by hand and cross-checked by a second method (see `test_key_finding_paragraphs_by_a_
second_method`); if the parser changes, these tell exactly which figure moved.

Decisions pinned here (the waiting times): 'within 28 days of referral' (reablement) is a target, not a
stated waiting time; 'average time for delivery was 4.9 days' (equipment) is a delivery time; the
carers' 'completed within 7-10 days' is a range (upper bound 10, `days_low` 7); a count of people
waiting applies to every time stated in the same sentence, and to the next sentence when that one
names no service of its own (DoLS: '132 DoLS applications awaiting assessment. The median waiting time
... 13 days with a maximum wait of 30 days'); 'no waiting lists' is not a count.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

from cqc_la.parsing import report_to_dict
from cqc_la.parsing.blocks import is_rule
from cqc_la.parsing.vocabulary import vocabulary
from cqc_la.report import Report

METRICS = [
    (
        1,
        178,
        0,
        "68.42",
        "62.72",
        "%",
        "slightly better",
        "better",
        "ASCS",
        "2023-24",
        "ascs_satisfied_care_support",
        "people were satisfied with their care and support",
        (
            "National data from the Adult Social Care Survey (ASCS) 2023-2024 showed 68.42% people were "
            "satisfied with their care and support, which was slightly better than the England average of"
            " 62.72%."
        ),
    ),
    (
        1,
        200,
        0,
        "83.02",
        "58.77",
        "%",
        "significantly better",
        "better",
        "SALT",
        "2023-24",
        "salt_long_term_reviewed",
        "people receiving long-term support had their needs reviewed",
        (
            "National data showed 83.02% of people receiving long-term support had their needs reviewed "
            "which was significantly better than the England average of 58.77%."
        ),
    ),
    (
        1,
        218,
        0,
        "57.76",
        "36.83",
        "%",
        "significantly better",
        "better",
        "SACE",
        "2023-24",
        "sace_satisfied_social_services",
        "carers in Hartlepool were satisfied with social services",
        (
            "This is reflected in national data, which showed 57.76% of carers in Hartlepool were "
            "satisfied with social services, which was significantly better than the England average of "
            "36.83% (Survey of Adult Carers in England (SACE) 2023-24)."
        ),
    ),
    (
        1,
        220,
        0,
        "78.10",
        "66.56",
        "%",
        "better",
        "better",
        "SACE",
        None,
        "sace_involved_consulted",
        "carers felt involved or consulted as much as they wanted in discussions",
        (
            "National data showed 78.10% of carers felt involved or consulted as much as they wanted in "
            "discussions, this was better than the England average of 66.56% (SACE)."
        ),
    ),
    (
        2,
        310,
        0,
        "59.78",
        "62.48",
        "%",
        "similar",
        "similar",
        "ASCS",
        "2023-24",
        "ascs_help_feel_better_about_themselves",
        "people say help and support helps them think and feel better about themselves",
        (
            "National data showed 59.78% of people say help and support helps them think and feel better "
            "about themselves which is similar to the England average (62.48%), (ASCS 2023-2024)."
        ),
    ),
    (
        2,
        312,
        0,
        "26.95",
        "15.97",
        "%",
        "better",
        "better",
        "SACE",
        "2023-24",
        "sace_time_doing_things_enjoy",
        "unpaid carer respondents reported they were able to spend time doing things they enjoy",
        (
            "National data showed 26.95% of unpaid carer respondents reported they were able to spend "
            "time doing things they enjoy which is better than the England average (15.97%), Survey of "
            "Adult Carers in England (SACE) 2023-2024"
        ),
    ),
    (
        2,
        322,
        0,
        "81.48",
        "83.70",
        "%",
        "similar",
        "similar",
        None,
        None,
        "ascof_65_home_91_days",
        (
            "people aged 65+ were still at home 91 days after discharge from hospital into "
            "reablement/rehabilitation"
        ),
        (
            "National data showed 81.48% of people aged 65+ were still at home 91 days after discharge "
            "from hospital into reablement/rehabilitation. This is similar to the England average "
            "(83.70%)."
        ),
    ),
    (
        2,
        382,
        0,
        "31.43",
        "25.48",
        "%",
        "somewhat better",
        "better",
        "ASCOF",
        None,
        "ascof_direct_payments",
        "people using services received direct payments",
        (
            "National data from ASCOF showed 31.43% of people using services received direct payments and"
            " this was somewhat better than the England average (25.48%)."
        ),
    ),
    (
        4,
        519,
        0,
        "81.71",
        "70.28",
        "%",
        "better",
        "better",
        "ASCS",
        "2023-24",
        "ascs_choice_over_services",
        "people who use services felt they have choice over services",
        (
            "National data showed 81.71% of people who use services felt they have choice over services, "
            "better than the England average (70.28%), ASCS 2023-2024."
        ),
    ),
    (
        7,
        768,
        0,
        "75.54",
        "71.06",
        "%",
        "somewhat better",
        "better",
        "ASCS",
        "2023-24",
        "ascs_feel_safe",
        "people who use services feel safe",
        (
            "National data showed in Hartlepool 75.54% of people who use services feel safe which was "
            "somewhat better than the England average of 71.06% ASCS 2023-2024."
        ),
    ),
    (
        7,
        768,
        1,
        "89.36",
        "80.93",
        "%",
        "better",
        "better",
        "SACE",
        "2023-24",
        "sace_feel_safe",
        "carers who felt safe",
        (
            "The percentage of carers who felt safe was 89.36% which was better than the England average "
            "of 80.93%."
        ),
    ),
    (
        7,
        820,
        0,
        "81.25",
        "83.38",
        "%",
        "similar",
        "similar",
        "SAC",
        "2023-24",
        "sac_lacking_capacity_advocate",
        (
            "people lacking capacity were supported by an advocate, family or friend during the "
            "safeguarding process"
        ),
        (
            "National data for Hartlepool showed 81.25% of people lacking capacity were supported by an "
            "advocate, family or friend during the safeguarding process. This was similar to the England "
            "average of 83.38%, Safeguarding Adults Collection (SAC) 2023-2024)."
        ),
    ),
]
WAITS = [
    (1, 198, 0, "care_act_assessment", "median", "13", None, "18", 49),
    (1, 198, 1, "care_act_assessment", "maximum", "30", None, "44", 49),
    (1, 198, 2, "care_act_assessment", "average", "14", None, None, None),
    (1, 198, 3, "care_act_assessment", "maximum", "64", None, None, None),
    (1, 218, 0, "carers_assessment", "range", "10", "7", None, None),
    (1, 254, 0, "financial_assessment", "median", "150", None, None, 148),
    (1, 254, 1, "financial_assessment", "maximum", "367", None, None, 148),
    (1, 254, 2, "financial_assessment", "median", "75", None, None, 131),
    (1, 254, 3, "financial_assessment", "maximum", "218", None, None, 131),
    (2, 340, 0, "occupational_therapy", "average", "18", None, "22", 77),
    (2, 340, 1, "occupational_therapy", "maximum", "67", None, "87", 77),
    (7, 788, 0, "dols", "median", "13", None, None, 132),
    (7, 788, 1, "dols", "maximum", "30", None, None, 132),
]
FINDINGS = [
    (1, 168, "Assessment, care planning and review arrangements", 10),
    (1, 194, "Timeliness of assessments, care planning and reviews", 5),
    (1, 208, "Assessment and care planning for unpaid carers, child's carers and child carers", 6),
    (1, 226, "Help for people to meet their non-eligible care and support needs", 4),
    (1, 236, "Eligibility decisions for care and support", 4),
    (1, 250, "Financial assessment and charging policy for care and support", 3),
    (1, 258, "Provision of independent advocacy", 3),
    (2, 290, "Arrangements to prevent, delay or reduce needs for care and support", 10),
    (2, 318, "Provision and impact of intermediate care and reablement services", 5),
    (2, 332, "Access to equipment and home adaptations", 9),
    (2, 360, "Provision of accessible information and advice", 7),
    (2, 380, "Direct payments", 4),
    (3, 410, "Understanding and reducing barriers to care and support and reducing inequalities", 17),
    (3, 458, "Inclusion and accessibility arrangements", 6),
    (4, 503, "Understanding local needs for care and support", 11),
    (4, 533, "Ensuring sufficient capacity in local services to meet demand", 6),
    (4, 553, "Ensuring quality of local services", 4),
    (4, 567, "Ensuring local services are sustainable", 3),
    (5, 595, "Partnership working to deliver shared local and national objectives", 8),
    (5, 615, "Arrangements to support effective partnership working", 7),
    (5, 635, "Impact of partnership working", 2),
    (5, 643, "Working with voluntary and charity sector groups", 3),
    (6, 682, "Safety management", 7),
    (6, 702, "Safety during transitions", 9),
    (6, 726, "Contingency planning", 4),
    (7, 758, "Safeguarding systems, processes and practices", 7),
    (7, 778, "Responding to local safeguarding risks and issues", 5),
    (7, 792, "Responding to concerns and undertaking Section 42 enquiries", 6),
    (7, 810, "Making safeguarding personal", 4),
    (8, 847, "Governance, accountability and risk management", 8),
    (8, 867, "Strategic planning", 5),
    (8, 881, "Information security", 2),
    (9, 903, "Continuous learning, improvement and professional development", 9),
    (9, 927, "Learning from feedback", 6),
]


def test_identity_and_dates(seed: Report, seed_path) -> None:
    assert seed.file_name == "hartlepool-0525.md"
    assert seed.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert seed.text == seed_path.read_text(encoding="utf-8")
    assert seed.council_name.value == "Hartlepool Borough Council"
    assert seed.council_name.line_start == 3
    assert seed.kind == "formal"
    assert seed.is_indicative is False
    assert seed.published_on.value == date(2025, 5, 14)
    assert (seed.published_on.printed, seed.published_on.line_start) == ("14 May 2025", 7)
    assert seed.assessment_started_on is None
    assert seed.banner_published_on is None and seed.banner_updated_on is None
    assert seed.printed_overall_pct is None


def test_overall_rating_is_good(seed: Report) -> None:
    assert seed.overall_rating.value == "Good"
    assert (seed.overall_rating.printed, seed.overall_rating.line_start) == ("Good", 50)


def test_nine_scores_from_summary_and_sections(seed: Report) -> None:
    assert [s.qs_no for s in seed.statements] == list(range(1, 10))
    assert [s.score for s in seed.statements] == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    assert [s.summary_score for s in seed.statements] == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    assert [s.summary_line for s in seed.statements] == [58, 62, 66, 70, 76, 82, 88, 94, 100]
    assert [s.score_line for s in seed.statements] == [150, 274, 396, 489, 581, 666, 744, 837, 893]
    assert [s.name_as_printed for s in seed.statements] == [
        "Assessing needs",
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
        "Care provision, integration and continuity",
        "Partnerships and communities",
        "Safe pathways, systems and transitions",
        "Safeguarding",
        "Governance, management and sustainability",
        "Learning, improvement and innovation",
    ]
    assert seed.statements[1].summary_name_as_printed == "Supporting people to lead healthier lives"
    labels = {3: "3 - Evidence shows a good standard", 2: "2 - Evidence shows some shortfalls"}
    assert [s.score_label for s in seed.statements] == [labels[s.score] for s in seed.statements]  # type: ignore[index]
    assert seed.warnings == ()


I_STATEMENTS = {
    1: [
        "I have care and support that is coordinated, and everyone works well together and with me.",
        "I have care and support that enables me to live as I want to, seeing me as a unique person with "
        "skills, strengths and goals.",
    ],
    2: [
        "I can get information and advice about my health, care and support and how I can be as well as "
        "possible \u2013 physically, mentally and emotionally.",
        "I am supported to plan ahead for important changes in my life that I can anticipate.",
    ],
    3: [
        "I have care and support that enables me to live as I want to, seeing me as a unique person with "
        "skills, strengths and goals."
    ],
    4: ["I have care and support that is co-ordinated, and everyone works well together and with me."],
    5: ["I have care and support that is co-ordinated, and everyone works well together and with me."],
    6: [
        "When I move between services, settings or areas, there is a plan for what happens next and who will "
        "do what, and all the practical arrangements are in place. I feel safe and am supported to understand "
        "and manage any risks.",
        "I feel safe and am supported to understand and manage any risks.",
    ],
    7: ["I feel safe and am supported to understand and manage any risks."],
    8: [],
    9: [],
}


def test_i_statements_as_printed(seed: Report) -> None:
    for statement in seed.statements:
        assert [printed.text for printed in statement.i_statements] == I_STATEMENTS[statement.qs_no]
    assert [(i.line_start, i.line_end) for i in seed.statements[0].i_statements] == [(156, 156), (158, 158)]


def test_we_statements_as_printed(seed: Report) -> None:
    framework = vocabulary()
    for statement in seed.statements:
        assert statement.we_statement is not None
        assert statement.we_statement.text == framework.by_number[statement.qs_no].we_statement
    assert [s.we_statement.line_start for s in seed.statements] == [  # type: ignore[union-attr]
        164,
        286,
        406,
        499,
        591,
        678,
        754,
        843,
        899,
    ]


def test_demographics(seed: Report) -> None:
    d = seed.demographics
    expected = {
        "population": (95366, "approximately 95,366", 13),
        "population_change_pct": (Decimal("3.62"), "increase in the population of 3.62%", 13),
        "ethnic_minority_pct": (Decimal("2.94"), "2.94%", 15),
        "imd_value": (9, "9", 17),
        "imd_scale": (
            "(1 is the least deprived, 10 is the most deprived)",
            "(1 is the least deprived, 10 is the most deprived)",
            17,
        ),
        "imd_decile": (9, "9", 17),
        "age_65_plus_change_pct": (
            Decimal("17.3"),
            "increased between the 2021 and 2011 census by 17.3%",
            19,
        ),
        "working_age_change_pct": (Decimal("-3.7"), "decreased by 3.7%", 19),
        "councillors": (36, "36 Councillors", 21),
        "wards": (12, "12 wards", 21),
        "icb": (
            "North East and North Cumbria Integrated Care Board",
            "North East and North Cumbria Integrated Care Board",
            23,
        ),
        "combined_authority": ("Tees Valley Combined Authority", "Tees Valley Combined Authority", 23),
        "political_control": ("Labour", "Labour", 21),
    }
    for name, (value, printed, line) in expected.items():
        found = getattr(d, name)
        assert (found.value, found.printed, found.line_start) == (value, printed, line), name
    assert d.imd_rank is None and d.imd_rank_of is None


def test_financial_facts(seed: Report) -> None:
    f = seed.finance
    expected = {
        "financial_year": ("2023-24", "2023/24", 29),
        "budget_estimated_gbp": (Decimal("177706000"), "\u00a3177,706,000", 29),
        "budget_actual_gbp": (Decimal("186597000"), "\u00a3186,597,000", 29),
        "budget_difference_gbp": (Decimal("8891000"), "\u00a38,891,000 more", 29),
        "asc_estimated_gbp": (Decimal("42452000"), "\u00a342,452,000", 31),
        "asc_actual_gbp": (Decimal("42048000"), "\u00a342,048,000", 31),
        "asc_difference_gbp": (Decimal("-404000"), "\u00a3404,000 less", 31),
        "asc_share_pct": (Decimal("22.53"), "22.53%", 33),
        "precept_pct": (Decimal("2"), "2%", 35),
        "people_long_term": (2205, "2205", 37),
        "people_short_term": (1095, "1095", 37),
    }
    for name, (value, printed, line) in expected.items():
        found = getattr(f, name)
        assert (found.value, found.printed, found.line_start) == (value, printed, line), name
    assert f.precept_full is not None and f.precept_full.value is True
    # The stated differences agree with actual - estimated: no warning.
    assert f.budget_actual_gbp.value - f.budget_estimated_gbp.value == f.budget_difference_gbp.value  # type: ignore[operator,union-attr]
    assert f.asc_actual_gbp.value - f.asc_estimated_gbp.value == f.asc_difference_gbp.value  # type: ignore[operator,union-attr]


def test_twelve_england_average_comparisons(seed: Report) -> None:
    assert len(seed.national_metrics) == 12 == len(METRICS)
    for metric, expected in zip(seed.national_metrics, METRICS, strict=True):
        (
            qs_no,
            line,
            position,
            la,
            england,
            unit,
            comparison,
            direction,
            source,
            period,
            code,
            measure,
            sentence,
        ) = expected
        assert metric.qs_no == qs_no
        assert (metric.line_start, metric.line_end) == (line, line)
        assert metric.position == position
        assert (metric.la_value, metric.england_value) == (Decimal(la), Decimal(england))
        assert metric.unit == unit
        assert (metric.comparison, metric.direction) == (comparison, direction)
        assert (metric.source, metric.period) == (source, period)
        assert metric.measure_code == code
        assert metric.measure == measure
        assert metric.sentence == sentence
        assert seed.blocks[metric.block_no].line_start == line


def test_waiting_times(seed: Report) -> None:
    found = [
        (
            w.qs_no,
            w.line_start,
            w.position,
            w.service,
            w.measure,
            str(w.days),
            None if w.days_low is None else str(w.days_low),
            None if w.previous_days is None else str(w.previous_days),
            w.people_waiting,
        )
        for w in seed.waiting_times
    ]
    assert found == WAITS


def _paragraph_counts(report: Report) -> dict[int, int]:
    counts: dict[int, int] = {}
    for block in report.blocks:
        if block.block_no != report.sections[block.section_no].heading_block:
            counts[block.section_no] = counts.get(block.section_no, 0) + 1
    return counts


def test_thirty_four_key_findings_with_paragraph_counts(seed: Report) -> None:
    counts = _paragraph_counts(seed)
    found = [
        (s.qs_no, s.line_start, s.heading, counts.get(s.section_no, 0))
        for s in seed.sections
        if s.kind == "key_finding"
    ]
    assert found == FINDINGS
    assert len(found) == 34
    topics = [s.topic for s in seed.sections if s.kind == "key_finding"]
    assert topics == [heading for _, _, heading, _ in FINDINGS]  # every heading is a standard topic


def test_key_finding_paragraphs_by_a_second_method(seed_text: str) -> None:
    """Count again from the raw file: non-blank, non-rule lines after each topic heading up to the next `#` line."""
    lines = seed_text.split("\n")
    counted = []
    for _, line, _, _ in FINDINGS:
        total = 0
        for text in lines[line:]:
            if text.startswith("#"):
                break
            if text.strip() and text.strip() != "---":
                total += 1
        counted.append(total)
    assert counted == [count for *_, count in FINDINGS]


def test_section_kinds(seed: Report) -> None:
    kinds: dict[str, int] = {}
    for section in seed.sections:
        kinds[section.kind] = kinds.get(section.kind, 0) + 1
    assert kinds == {
        "front_matter": 1,
        "about": 2,
        "financial_facts": 1,
        "overall_summary": 3,
        "people_experience": 1,
        "strengths_summary": 1,
        "theme": 4,
        "quality_statement": 9,
        "what_people_expect": 7,
        "commitment": 9,
        "key_findings": 9,
        "key_finding": 34,
    }
    themes = [(s.theme_no, s.heading) for s in seed.sections if s.kind == "theme"]
    assert themes == [
        (1, "Theme 1: How Hartlepool Borough Council works with people"),
        (2, "Theme 2: Providing support"),
        (3, "Theme 3: How Hartlepool Borough Council ensures safety within the system"),
        (4, "Theme 4: Leadership"),
    ]


def test_every_line_belongs_to_exactly_one_block(seed: Report, seed_text: str) -> None:
    source = [line for line in seed_text.split("\n") if line.strip() and not is_rule(line)]
    rebuilt = [line for block in seed.blocks for line in block.raw.split("\n")]
    assert rebuilt == source
    assert len(seed.blocks) == 395
    assert [block.block_no for block in seed.blocks] == list(range(len(seed.blocks)))
    spans = [(block.line_start, block.line_end) for block in seed.blocks]
    assert spans == sorted(spans)


def test_repeated_paragraph_is_kept_twice(seed: Report) -> None:
    repeated = [block.line_start for block in seed.blocks if block.text.startswith("This data is reproduced")]
    assert repeated == [39, 42]


def test_report_as_json(seed: Report) -> None:
    data = report_to_dict(seed)
    text = json.dumps(data)
    assert "text" not in data
    assert data["published_on"]["value"] == "2025-05-14"
    assert data["finance"]["budget_estimated_gbp"]["value"] == "177706000"
    assert data["statements"][0]["score"] == 3
    assert len(data["blocks"]) == 395
    assert json.loads(text)["overall_rating"]["value"] == "Good"

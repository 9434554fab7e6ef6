"""Layout variants of the seed give the seed's facts.

The variant files are written by `make_variants.py` (see its docstring for each transformation). Each
test compares the facts of a variant with the facts of the seed, after applying only the changes the
variant makes on purpose (amounts in millions, a reversed IMD scale, a pilot's labels...). Text is
compared after the matching normalisation (curly quotes, non-breaking spaces, dashes), since a variant
prints those differently on purpose.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.blocks import is_rule
from cqc_la.parsing.text import BOM, for_matching
from cqc_la.report import Report

from . import make_variants

VARIANTS = Path(__file__).resolve().parents[1] / "fixtures" / "variants"
NAMES = sorted(make_variants.VARIANTS)


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(for_matching(text).split())


def _value(figure: Any) -> Any:
    return None if figure is None else figure.value


def facts(report: Report) -> dict[str, Any]:
    """Everything the parser extracts, as plain comparable values (no line numbers: layouts move lines)."""
    counts: dict[int, int] = {}
    for block in report.blocks:
        if block.block_no != report.sections[block.section_no].heading_block:
            counts[block.section_no] = counts.get(block.section_no, 0) + 1
    return {
        "council": report.council_name.value,
        "kind": report.kind,
        "indicative": report.is_indicative,
        "published": report.published_on.value,
        "started": _value(report.assessment_started_on),
        "rating": report.overall_rating.value,
        "scores": [(s.qs_no, s.score, s.summary_score) for s in report.statements],
        "labels": [_norm(s.score_label) for s in report.statements],
        "names": [_norm(s.name_as_printed) for s in report.statements],
        "summary_names": [_norm(s.summary_name_as_printed) for s in report.statements],
        "i_statements": [[_norm(i.text) for i in s.i_statements] for s in report.statements],
        "we_statements": [_norm(s.we_statement.text) if s.we_statement else None for s in report.statements],
        "demographics": {name: _value(value) for name, value in vars(report.demographics).items()},
        "finance": {name: _value(value) for name, value in vars(report.finance).items()},
        "metrics": [
            (
                m.qs_no,
                m.position,
                m.la_value,
                m.england_value,
                m.unit,
                m.comparison,
                m.direction,
                m.source,
                m.period,
                _norm(m.measure),
                m.measure_code,
            )
            for m in report.national_metrics
        ],
        "waits": [
            (w.qs_no, w.service, w.measure, w.days, w.days_low, w.previous_days, w.people_waiting)
            for w in report.waiting_times
        ],
        "findings": [
            (s.qs_no, _norm(s.heading), s.topic, counts.get(s.section_no, 0))
            for s in report.sections
            if s.kind == "key_finding"
        ],
        "themes": [s.theme_no for s in report.sections if s.kind == "theme"],
        "warnings": [w.kind for w in report.warnings],
    }


def _expected(seed: Report, name: str) -> dict[str, Any]:
    expected = facts(seed)
    if name.startswith("e_"):
        expected["finance"].update(
            budget_estimated_gbp=Decimal("177700000"),
            budget_actual_gbp=Decimal("186600000"),
            budget_difference_gbp=Decimal("8900000"),
            asc_estimated_gbp=Decimal("42500000"),
            asc_actual_gbp=Decimal("42000000"),
            asc_difference_gbp=Decimal("-400000"),
        )
    if name.startswith("f_"):
        expected["demographics"].update(
            imd_value=2, imd_scale="(10 being the least deprived and 1 the most deprived)"
        )
    if name.startswith("g_"):
        expected.update(kind="pilot", indicative=True, started=date(2023, 5, 11))
        words = {
            3: "Good: Evidence shows a good standard",
            2: "Requires improvement: Evidence shows some shortfalls",
        }
        expected["labels"] = [words[score] for _, score, _ in expected["scores"]]
    if name.startswith("h_"):
        names = expected["summary_names"]
        names[1] = "Supporting people to live healthier lives"
        names[4] = "Partnership and communities"
        names[5] = "Safe systems, pathways and transitions"
    if name.startswith("i_"):
        expected["themes"] = [1, 2, 3, 4]
    return expected


@pytest.mark.parametrize("name", NAMES)
def test_variant_gives_the_seed_facts(name: str, seed: Report) -> None:
    report = parse_report(VARIANTS / name)
    found = facts(report)
    expected = _expected(seed, name)
    for key in expected:
        assert found[key] == expected[key], f"{name}: {key}"


@pytest.mark.parametrize("name", NAMES)
def test_variant_lines_all_belong_to_one_block(name: str) -> None:
    data = (VARIANTS / name).read_bytes()
    report = parse_report(data, name)
    text = data.decode("utf-8").removeprefix(BOM)
    assert report.text == text
    source = [line.rstrip("\r") for line in text.split("\n") if line.strip() and not is_rule(line)]
    rebuilt = [line for block in report.blocks for line in block.raw.split("\n")]
    assert rebuilt == source


def test_crlf_variant_keeps_line_endings_and_typography() -> None:
    data = (VARIANTS / "b_crlf_bom_typography.md").read_bytes()
    report = parse_report(data)
    assert data.startswith(BOM.encode("utf-8"))
    assert "\r\n" in report.text and not report.text.startswith(BOM)
    expect = report.statements[0].we_statement
    assert expect is not None and "people\u2019s" in expect.text  # printed as given, matched as normalised
    assert report.published_on.printed == "14\u00a0May\u00a02025"


def test_plain_variant_marks_headings_by_vocabulary() -> None:
    report = parse_report(VARIANTS / "a_plain.txt")
    headings = [block.text for block in report.blocks if block.kind == "heading"]
    assert "Assessing needs" in headings and "Key findings for this quality statement" in headings
    assert "Score: 3" not in headings
    listed = [block for block in report.blocks if block.text == "Assessing needs"]
    # the summary entry, the theme's list entry and the section heading: only the last is a heading
    assert [block.kind for block in listed] == ["paragraph", "paragraph", "heading"]


def test_millions_variant_states_precision_aware_arithmetic() -> None:
    report = parse_report(VARIANTS / "e_millions.md")
    assert (
        report.finance.asc_actual_gbp is not None
        and report.finance.asc_actual_gbp.printed == "\u00a342.0million"
    )
    # 42.0 - 42.5 = -0.5 against a stated 0.4 less: within the rounding of figures printed to 0.1 million.
    assert [w.kind for w in report.warnings] == []


def test_variant_files_are_current() -> None:
    """The committed fixtures are exactly what `make_variants.py` writes."""
    for name, data in make_variants.render().items():
        assert (VARIANTS / name).read_bytes() == data, f"run python tests/parsing/make_variants.py ({name})"


def test_pilot_scores_come_from_labels_when_no_score_line() -> None:
    report = parse_report(VARIANTS / "g_pilot.md")
    safeguarding = report.statements[6]
    assert safeguarding.score == 3 and safeguarding.score_label == "Good: Evidence shows a good standard"
    assert safeguarding.score_line == 744  # the label's line: the score was read from it

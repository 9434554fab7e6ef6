"""Synthetic reports by other councils, in layouts the seed never shows, give exactly the facts they state.

`corpus.py` generates each report and its expected facts from a seed number; a failure names the seed,
so `corpus.generate(seed)` reproduces the report to look at.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.text import for_matching
from cqc_la.report import Report

from . import corpus

SEEDS = range(120)


def _value(figure: Any) -> Any:
    return None if figure is None else figure.value


def found_facts(report: Report) -> dict[str, Any]:
    counts: dict[int, int] = {}
    for block in report.blocks:
        if block.block_no != report.sections[block.section_no].heading_block:
            counts[block.section_no] = counts.get(block.section_no, 0) + 1
    demographics = {
        name: _value(value) for name, value in vars(report.demographics).items() if value is not None
    }
    finance = {name: _value(value) for name, value in vars(report.finance).items() if value is not None}
    return {
        "council": report.council_name.value,
        "kind": report.kind,
        "published": report.published_on.value,
        "started": _value(report.assessment_started_on),
        "rating": report.overall_rating.value,
        "scores": [s.score for s in report.statements],
        "summary_scores": [s.summary_score for s in report.statements],
        "demographics": demographics,
        "finance": finance,
        "metrics": [
            (
                m.qs_no,
                m.la_value,
                m.england_value,
                m.direction,
                m.comparison,
                m.source,
                m.period,
                m.measure_code,
            )
            for m in report.national_metrics
        ],
        "waits": [
            (w.qs_no, w.service, w.measure, w.days, w.days_low, w.previous_days, w.people_waiting)
            for w in report.waiting_times
        ],
        "findings": [
            (s.qs_no, for_matching(s.heading or ""), counts.get(s.section_no, 0))
            for s in report.sections
            if s.kind == "key_finding"
        ],
        "warnings": [w.kind for w in report.warnings],
    }


def expected_facts(expected: corpus.Expected) -> dict[str, Any]:
    def number(value: Any) -> Any:
        return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value

    return {
        "council": expected.council,
        "kind": expected.kind,
        "published": expected.published,
        "started": expected.started,
        "rating": expected.rating,
        "scores": expected.scores,
        "summary_scores": expected.scores,
        "demographics": expected.demographics,
        "finance": expected.finance,
        "metrics": expected.metrics,
        "waits": [
            tuple(number(item) if index in (3, 4, 5) else item for index, item in enumerate(wait))
            for wait in expected.waits
        ],
        "findings": [(qs_no, for_matching(heading), count) for qs_no, heading, count in expected.findings],
        "warnings": expected.warnings,
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_report(seed: int) -> None:
    text, expected = corpus.generate(seed)
    report = parse_report(text, f"generated-{seed}.md")
    found = found_facts(report)
    wanted = expected_facts(expected)
    for key, value in wanted.items():
        assert found[key] == value, f"seed {seed}: {key}"

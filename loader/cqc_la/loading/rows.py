"""A parsed report as the rows of each table, ready for COPY; pure, no database.

Kept apart from the writer so that the benchmark can write exactly the same rows with a bare COPY
(its floor) and so that range checks happen before the database sees a row: a value outside the range
a CHECK constraint allows is not written, and a warning says what was dropped and why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from ..report import Demographics, Figure, FinancialFacts, ParseWarning, Report

COLUMNS: dict[str, tuple[str, ...]] = {
    "source_document": (
        "document_id",
        "sha256",
        "file_name",
        "original_text",
        "byte_count",
        "line_count",
        "loader_version",
    ),
    "assessment": (
        "assessment_id",
        "council_id",
        "kind",
        "detail",
        "published_on",
        "published_precision",
        "document_id",
        "council_name_as_printed",
        "overall_rating",
        "is_indicative",
        "assessment_started_on",
        "banner_published_on",
        "banner_updated_on",
        "printed_overall_pct",
        "missing_parts",
        "report_url",
        "sentences_with_figures",
    ),
    "section": (
        "section_id",
        "assessment_id",
        "section_no",
        "kind",
        "heading",
        "qs_no",
        "theme_no",
        "topic",
        "line_start",
        "line_end",
    ),
    "paragraph": (
        "paragraph_id",
        "assessment_id",
        "section_id",
        "block_no",
        "kind",
        "raw_text",
        "text",
        "line_start",
        "line_end",
        "finding_no",
    ),
    "statement_result": (
        "assessment_id",
        "qs_no",
        "score",
        "score_label",
        "summary_score",
        "name_as_printed",
        "section_id",
        "score_line",
        "summary_line",
    ),
    "printed_statement": ("assessment_id", "qs_no", "kind", "position", "text", "paragraph_id"),
    "demographics": ("assessment_id", *(f.name for f in fields(Demographics))),
    "financial_facts": (
        "assessment_id",
        *(f.name for f in fields(FinancialFacts) if f.name != "precept_full"),
        "is_full_precept",
    ),
    "fact_source": ("assessment_id", "fact", "printed", "paragraph_id", "line_start", "line_end"),
    "national_metric": (
        "assessment_id",
        "paragraph_id",
        "position",
        "qs_no",
        "measure",
        "measure_code",
        "la_value",
        "england_value",
        "unit",
        "comparison",
        "direction",
        "source",
        "period",
        "sentence",
        "line_start",
        "line_end",
    ),
    "waiting_time": (
        "assessment_id",
        "paragraph_id",
        "position",
        "qs_no",
        "service",
        "measure",
        "days",
        "days_low",
        "previous_days",
        "people_waiting",
        "sentence",
        "line_start",
        "line_end",
    ),
    "load_warning": ("assessment_id", "kind", "message", "line"),
}

# Ranges of the CHECK constraints, applied before writing (column -> inclusive bounds).
_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "ethnic_minority_pct": (Decimal(0), Decimal(100)),
    "asc_share_pct": (Decimal(0), Decimal(100)),
    "precept_pct": (Decimal(0), Decimal(100)),
    "imd_decile": (Decimal(1), Decimal(10)),
    "population_change_pct": (Decimal(-100), Decimal(1000)),
    "age_65_plus_change_pct": (Decimal(-100), Decimal(1000)),
    "working_age_change_pct": (Decimal(-100), Decimal(1000)),
    "population": (Decimal(1), Decimal(10**9)),
}


@dataclass(frozen=True)
class Ids:
    """Keys allocated for one report before its rows are built."""

    document_id: int
    assessment_id: int
    section_ids: Sequence[int]  # by section_no
    paragraph_ids: Sequence[int]  # by block_no


def _value(figure: Figure | None) -> Any:
    return None if figure is None else figure.value


def _facts(
    table: str, facts: Demographics | FinancialFacts, ids: Ids, warnings: list[ParseWarning]
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    values: dict[str, Any] = {}
    sources: list[tuple[Any, ...]] = []
    for field in fields(facts):
        figure: Figure | None = getattr(facts, field.name)
        column = "is_full_precept" if field.name == "precept_full" else field.name
        value = _value(figure)
        bounds = _RANGES.get(column)
        if (
            figure is not None
            and bounds
            and isinstance(value, (int, Decimal))
            and not (bounds[0] <= value <= bounds[1])
        ):
            warnings.append(
                ParseWarning(
                    "value_out_of_range",
                    f"{table}.{column} = {value} (from {figure.printed!r}) is outside {bounds[0]}..{bounds[1]}; "
                    "not stored as a figure, the text is kept",
                    figure.line_start,
                )
            )
            value = None
        values[column] = value
        if figure is not None and value is not None:
            sources.append(
                (
                    ids.assessment_id,
                    f"{table}.{column}",
                    figure.printed,
                    ids.paragraph_ids[figure.block_no],
                    figure.line_start,
                    figure.line_end,
                )
            )
    row = tuple(
        values.get(column) if column != "assessment_id" else ids.assessment_id for column in COLUMNS[table]
    )
    return row, sources


def _finding_numbers(report: Report) -> dict[int, int]:
    """block_no -> position among the key-finding paragraphs and list items of its quality statement."""
    key_findings = {s.section_no: s.qs_no for s in report.sections if s.kind == "key_finding"}
    counters: dict[int | None, int] = {}
    numbers: dict[int, int] = {}
    for block in report.blocks:
        if block.kind != "heading" and block.section_no in key_findings:
            qs_no = key_findings[block.section_no]
            counters[qs_no] = counters.get(qs_no, 0) + 1
            numbers[block.block_no] = counters[qs_no]
    return numbers


def build_rows(
    report: Report,
    ids: Ids,
    council_id: int,
    loader_version: str,
    extra_warnings: Sequence[ParseWarning] = (),
    published_on: date | None = None,
    report_url: str | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the report contributes, by table, in COPY column order.

    `published_on`: the assessment's date when the report itself prints none (a statement tab that
    joins its report); `report_url`: the report's address on CQC's site, when a page names it."""
    a = ids.assessment_id
    if published_on is None:
        assert report.published_on is not None, "a report without a date needs published_on"
        published_on = report.published_on.value  # type: ignore[assignment]
    warnings = list(report.warnings) + list(extra_warnings)
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    rows["source_document"].append(
        (
            ids.document_id,
            report.sha256,
            report.file_name,
            report.text,
            len(report.text.encode("utf-8")),
            len(report.text.splitlines()),
            loader_version,
        )
    )
    rows["assessment"].append(
        (
            a,
            council_id,
            report.kind,
            report.detail,
            published_on,
            "day",
            ids.document_id,
            report.council_name.value,
            _value(report.overall_rating),
            report.is_indicative,
            _value(report.assessment_started_on),
            _value(report.banner_published_on),
            _value(report.banner_updated_on),
            _value(report.printed_overall_pct),
            list(report.missing_parts),
            report_url,
            report.sentences_with_figures,
        )
    )
    rows["section"] = [
        (
            ids.section_ids[s.section_no],
            a,
            s.section_no,
            s.kind,
            s.heading,
            s.qs_no,
            s.theme_no,
            s.topic,
            s.line_start,
            s.line_end,
        )
        for s in report.sections
    ]
    finding_nos = _finding_numbers(report)
    rows["paragraph"] = [
        (
            ids.paragraph_ids[b.block_no],
            a,
            ids.section_ids[b.section_no],
            b.block_no,
            b.kind,
            b.raw,
            b.text,
            b.line_start,
            b.line_end,
            finding_nos.get(b.block_no),
        )
        for b in report.blocks
    ]
    for st in report.statements:
        score = st.score if st.score is not None else st.summary_score
        if score is None:
            continue
        rows["statement_result"].append(
            (
                a,
                st.qs_no,
                score,
                st.score_label,
                st.summary_score,
                st.name_as_printed,
                ids.section_ids[st.section_no] if st.section_no is not None else None,
                st.score_line,
                st.summary_line,
            )
        )
        for position, printed in enumerate(st.i_statements, start=1):
            rows["printed_statement"].append(
                (a, st.qs_no, "i_statement", position, printed.text, ids.paragraph_ids[printed.block_no])
            )
        if st.we_statement is not None:
            rows["printed_statement"].append(
                (
                    a,
                    st.qs_no,
                    "we_statement",
                    1,
                    st.we_statement.text,
                    ids.paragraph_ids[st.we_statement.block_no],
                )
            )
    demographics, sources = _facts("demographics", report.demographics, ids, warnings)
    finance, finance_sources = _facts("financial_facts", report.finance, ids, warnings)
    if any(value is not None for value in demographics[1:]):
        rows["demographics"].append(demographics)
    if any(value is not None for value in finance[1:]):
        rows["financial_facts"].append(finance)
    rows["fact_source"] = sources + finance_sources
    rows["national_metric"] = [
        (
            a,
            ids.paragraph_ids[m.block_no],
            m.position,
            m.qs_no,
            m.measure,
            m.measure_code,
            m.la_value,
            m.england_value,
            m.unit,
            m.comparison,
            m.direction,
            m.source,
            m.period,
            m.sentence,
            m.line_start,
            m.line_end,
        )
        for m in report.national_metrics
    ]
    rows["waiting_time"] = [
        (
            a,
            ids.paragraph_ids[w.block_no],
            w.position,
            w.qs_no,
            w.service,
            w.measure,
            w.days,
            w.days_low,
            w.previous_days,
            w.people_waiting,
            w.sentence,
            w.line_start,
            w.line_end,
        )
        for w in report.waiting_times
    ]
    rows["load_warning"] = [(a, w.kind, w.message, w.line) for w in warnings]
    return rows


def table_order() -> Iterator[str]:
    """Tables in an order that satisfies foreign keys."""
    yield from COLUMNS

"""The parsing pipeline: bytes -> text -> lines -> chunks -> roles -> sections -> facts -> `Report`.

Each step is a small pure function in its own module; this one only wires them together and decides
what the input is. A `str` is always the report's text (never a path: a path is passed as
`pathlib.Path` or another `os.PathLike`), `bytes` are the file's content.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..report import Block, NationalMetric, ParseWarning, Report, ReportError, WaitingTime
from ..source_text import SourceText
from .audit import audit
from .blocks import Chunk, split_chunks
from .boundaries import check_one_report, check_size
from .demographics import read_demographics
from .england import mentions_england
from .finance import read_finance
from .front import as_date, find_title, names_title, read_dates, read_overall_pct, read_rating
from .headings import Role, classify, classify_text
from .layout import Layout, measure_layout
from .leads import Lead, lead_after, read_comparisons
from .navigation import CHROME, mark_chrome, mark_repeated_title, mark_themes_before_summary
from .parts import cut_off_at_end, missing_parts, part_name, segments
from .sections import Structure, build_sections
from .statements import rating_warnings, read_statements
from .text import decode, split_lines
from .vocabulary import vocabulary
from .waiting import may_state_wait, read_waiting, unmeasured_waits, waits_in_months

Source = str | bytes | os.PathLike


def _read(source: Source, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, file_name or "<text>"
    if isinstance(source, str):
        name = file_name or "<text>"
        try:
            return source.encode("utf-8"), name
        except UnicodeEncodeError as error:
            raise ReportError(
                name, None, "text", f"an unencodable character at offset {error.start}"
            ) from None
    path = Path(os.fspath(source))
    name = file_name or path.name
    try:
        return path.read_bytes(), name
    except OSError as error:
        raise ReportError(name, None, "a readable file", error.strerror or str(error)) from None


def _block_kind(chunk: Chunk, heads: set[int]) -> str:
    if chunk.is_list_item:
        return "list_item"
    if chunk.md_level is not None or chunk.block_no in heads:
        return "heading"
    return "paragraph"


def _chunks_of(structure: Structure, chunks: list[Chunk], kinds: set[str]) -> list[Chunk]:
    return [
        chunk
        for chunk in chunks
        if structure.sections[structure.chunk_section[chunk.block_no]].kind in kinds
        and chunk.block_no not in structure.section_heads
    ]


def _facts_in_findings(
    structure: Structure, chunks: list[Chunk]
) -> tuple[list[NationalMetric], list[WaitingTime], list[ParseWarning]]:
    """England comparisons anywhere after the front matter; waiting times inside statement sections."""
    metrics: list[NationalMetric] = []
    waits: list[WaitingTime] = []
    warnings: list[ParseWarning] = []
    heads = structure.section_heads
    lead: Lead | None = None  # the line introducing a list, or a table's header (`leads.py`)
    for chunk in chunks:
        lead = lead_after(lead, chunk)
        text = chunk.match
        national = mentions_england(text) or lead is not None
        waiting = may_state_wait(text)
        listed = ":" in text and (
            "day" in text or "week" in text
        )  # '- Reviews: median 60 days' (waiting.LISTED), a short item
        waiting = waiting or listed
        if not (national or waiting) or chunk.words < (3 if listed else 6) or chunk.block_no in heads:
            continue  # cheap word tests first: most paragraphs state neither
        section = structure.sections[structure.chunk_section[chunk.block_no]]
        if section.kind in ("front_matter", "about", "financial_facts"):
            continue
        if national:
            found, problems = read_comparisons(chunk, section.qs_no, lead)
            metrics.extend(found)
            warnings.extend(problems)
        if waiting and section.qs_no is not None:
            waits.extend(read_waiting(chunk, section.qs_no, section.topic or section.heading))
            if "month" in text or "year" in text:
                warnings.extend(waits_in_months(chunk))
            if "wait" in text:
                warnings.extend(unmeasured_waits(chunk))
    return metrics, waits, warnings


def _text_source(source: Source, file_name: str | None) -> SourceText:
    data, name = _read(source, file_name)
    text = decode(data, name)
    media = "text/markdown" if name.lower().endswith((".md", ".markdown")) else "text/plain"
    return SourceText(name, media, hashlib.sha256(data).hexdigest(), len(data), text)  # type: ignore[arg-type]


def parse_report(source: Source | SourceText, file_name: str | None = None) -> Report:
    """Parse one assessment report, or any part of one (a tab, a page that stops short).

    A `SourceText` (any format, made by `cqc_la.sources`) is parsed as it is; `str`, `bytes` and paths
    are read as UTF-8 text. Raises `ReportError` (one line: file, line, expectation) on bad input."""
    if not isinstance(source, SourceText):
        source = _text_source(source, file_name)
    return parse_source(source)


def _is_report_vocabulary(role: Role | None) -> bool:
    return role is not None and role.kind in _REPORT_ROLES


_REPORT_ROLES = frozenset(
    {"statement", "about", "financial_facts", "overall_summary", "rating_heading", "scores_heading"}
)


def _mark_furniture(chunks: list[Chunk], roles: list[Role | None], furniture: frozenset[int]) -> None:
    """Site furniture the reader recognised by markup (an HTML `<nav>`, a cookie banner): chrome."""
    for index, chunk in enumerate(chunks):
        if all(line - 1 in furniture for line in range(chunk.line_start, chunk.line_end + 1)):
            roles[index] = CHROME


def parse_source(source: SourceText) -> Report:
    """Parse a `SourceText`; see `parse_report`."""
    name, text = source.name, source.text
    check_size(name, text)
    words = vocabulary()
    lines = split_lines(text)

    def is_heading(line: str) -> bool:
        return classify_text(line, words) is not None

    layout = measure_layout(lines, is_heading, text)
    if source.running:
        layout = Layout(layout.wrap_width, layout.furniture | source.running)
    chunks = split_chunks(lines, is_heading, layout)
    if not chunks:
        raise ReportError(name, None, "a report in UTF-8 text", "only blank lines")
    roles = [classify(chunk, words) for chunk in chunks]
    if source.furniture or source.running:
        _mark_furniture(chunks, roles, source.furniture | source.running)
    mark_chrome(chunks, roles)
    mark_themes_before_summary(roles)
    chrome = {index for index, role in enumerate(roles) if role is not None and role.kind == "chrome"}
    title_index, council_name, kind = find_title(chunks, name, chrome)
    roles[title_index] = Role("title")
    mark_repeated_title(chunks, roles, title_index, lambda chunk: names_title(chunk, str(council_name.value)))
    if not any(_is_report_vocabulary(role) for role in roles):
        raise ReportError(
            name,
            chunks[0].line_start,
            "a CQC local authority assessment page (quality statement names, 'Overall summary', "
            "'About <council>' or 'Financial facts')",
            "none",
        )
    structure = build_sections(chunks, roles)
    dates = read_dates(structure.front_chunks)
    published = dates.get("published_on") or dates.get("banner_published_on")
    check_one_report(name, chunks, roles, structure, title_index, str(council_name.value), as_date(published))
    statements, warnings, cut_in_statement = read_statements(structure, words, name, chunks[-1].line_end)
    rating_candidates = structure.rating_chunks or _chunks_of(
        structure, structure.front_chunks, {"overall_summary"}
    )
    has_summary = structure.rating_heading is not None or bool(structure.summary)
    cut = cut_in_statement or cut_off_at_end(chunks, roles, structure, len(statements))
    rating = None
    if structure.rating_heading is not None or rating_candidates:
        try:
            rating = read_rating(rating_candidates, structure.rating_heading, words, name)
        except ReportError:
            if cut is None or has_summary and structure.drafts:
                raise  # a summary that goes on without its rating word is malformed, not short
    overall_pct = read_overall_pct(
        _chunks_of(structure, structure.front_chunks, {"overall_summary", "front_matter"})
    )
    about = _chunks_of(structure, structure.front_chunks, {"about"})
    demographics = read_demographics(about or _chunks_of(structure, structure.front_chunks, {"front_matter"}))
    finance, finance_warnings = read_finance(
        _chunks_of(structure, structure.front_chunks, {"financial_facts"})
    )
    metrics, waits, metric_warnings = _facts_in_findings(structure, chunks)
    warnings += finance_warnings + metric_warnings
    checked = audit(
        chunks,
        structure.chunk_section,
        structure.sections,
        structure.section_heads,
        metrics,
        waits,
        demographics,
        finance,
        warnings,
    )
    warnings += [unread.warning() for unread in checked.unread]
    if rating is not None:
        warnings += rating_warnings(
            str(rating.value),
            statements,
            overall_pct.value if overall_pct else None,
            words,
            rating.line_start,
        )
    is_indicative = (
        structure.rating_heading is not None and "indicative" in structure.rating_heading.text.lower()
    )
    if is_indicative or "assessment_started_on" in dates:
        kind = "pilot"
    blocks = tuple(
        Block(
            block_no=chunk.block_no,
            kind=_block_kind(chunk, structure.section_heads),  # type: ignore[arg-type]
            raw=chunk.raw,
            text=chunk.text,
            line_start=chunk.line_start,
            line_end=chunk.line_end,
            section_no=structure.chunk_section[chunk.block_no],
        )
        for chunk in chunks
    )
    parts = segments(structure.sections, len(lines))
    present = {segment.part for segment in parts}
    if rating is None:
        present.discard("summary")
    for result in statements:
        if result.score is None and f"qs{result.qs_no}" in present:
            present.discard(f"qs{result.qs_no}")
    missing = missing_parts(present)
    if missing and not cut:
        names = {statement.number: statement.name for statement in words.statements}
        warnings.append(
            ParseWarning(
                "missing_parts",
                "a part of a report, without " + ", ".join(part_name(part, names) for part in missing),
                None,
            )
        )
    if cut is not None:
        warnings.append(cut)
    return Report(
        file_name=name,
        sha256=source.sha256,
        text=text,
        council_name=council_name,
        kind=kind,  # type: ignore[arg-type]
        published_on=published,
        assessment_started_on=dates.get("assessment_started_on"),
        banner_published_on=dates.get("banner_published_on"),
        banner_updated_on=dates.get("banner_updated_on"),
        printed_overall_pct=overall_pct,
        overall_rating=rating,
        is_indicative=is_indicative,
        statements=statements,
        demographics=demographics,
        finance=finance,
        national_metrics=tuple(metrics),
        waiting_times=tuple(waits),
        blocks=blocks,
        sections=tuple(structure.sections),
        warnings=tuple(sorted(warnings, key=lambda warning: warning.line or 0)),
        segments=parts,
        missing_parts=missing,
        cut_off=cut,
        source=source,
        unread=checked.unread,
        sentences_with_figures=checked.sentences_with_figures,
    )

"""What a list's introducing line or a table's header says about the rows under it.

Terse reports print comparisons as lists and tables, and name the source, year or measure once, above
them: `Key survey results (ASCS 2024-25):` then `- Control over daily life: 75.9% (England 77.6%) -
similar`; `Care home admissions (ASCOF 2A, 2023-24), per 100,000 population:` then `- People aged 65 and
over: 689.1 (England 566.0), higher than England`; a markdown table `| Measure | Southwark | England |
Compared with England |`. A reader takes the rows as a person does: each item has the intro's source and
year (unless it names its own) and the intro's words complete its measure; each table row is one
comparison, its cells read by the header's column names.

`lead_after` is a pure step over the chunks in order: the lead in force for a chunk is the line that
introduces its list (the last non-item chunk, ending with a colon), or the header of its table. Column
names are data (`COLUMNS`); a table without an England column and a judgement column is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..report import NationalMetric, ParseWarning
from .blocks import Chunk
from .measures import measure_code
from .national import comparison_phrase, direction_of, read_national, source_period, sources_named
from .text import lowered

# Column role -> the header words that name it (first match wins, in this order; lower case).
COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("judgement", re.compile(r"compar|judgement|\bvs\b|versus|than england|difference")),
    ("england", re.compile(r"england|national")),
    ("measure", re.compile(r"measure|indicator|metric|survey question|outcome")),
)
_CELL_FIGURE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s?(?P<pct>%|per\s?cent)?$", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


@dataclass(frozen=True)
class Lead:
    """The line above a list, or a table's header, as far as the rows under it need it."""

    block_no: int
    words: str  # the intro's words (for the measure), '' for a table header
    source: str | None  # the source it names, and the year printed with it
    period: str | None
    columns: tuple[str, ...] = ()  # a table header's column roles ('measure', 'council', ...), else ()


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def header_columns(text: str) -> tuple[str, ...]:
    """The role of each column of a table header, or () when it is no comparison table."""
    roles = []
    for position, cell in enumerate(_cells(text)):
        lower = cell.lower()
        role = next((name for name, pattern in COLUMNS if pattern.search(lower)), None)
        roles.append(role or ("measure" if position == 0 else "council"))
    if "england" not in roles or "judgement" not in roles or roles.count("council") != 1:
        return ()
    return tuple(roles)


def _intro(chunk: Chunk) -> Lead | None:
    text = chunk.match.rstrip()
    if not text.endswith(":") or "\n" in text.strip():
        return None
    mentions = sources_named(text, lowered(text))
    if not mentions:
        return Lead(chunk.block_no, text[:-1], None, None)
    first = mentions[0]
    return Lead(chunk.block_no, text[:-1], first.code, source_period(text, first))


def lead_after(lead: Lead | None, chunk: Chunk) -> Lead | None:
    """The lead in force for `chunk`, given the one in force for the chunk before it."""
    if chunk.is_list_item:
        return lead if lead is not None and not lead.columns else None
    if _TABLE_ROW.match(chunk.match):
        if lead is not None and lead.columns:
            return lead  # a row of the table
        columns = header_columns(chunk.match)
        return Lead(chunk.block_no, "", None, None, columns) if columns else None
    return _intro(chunk)


def read_table_row(
    chunk: Chunk, qs_no: int | None, lead: Lead
) -> tuple[list[NationalMetric], list[ParseWarning]]:
    """One comparison from one row of a comparison table (the header row itself gives none)."""
    cells = _cells(chunk.match)
    if len(cells) != len(lead.columns):
        return [], []
    by_role = dict(zip(lead.columns, cells, strict=True))
    council = _CELL_FIGURE.match(by_role["council"])
    england = _CELL_FIGURE.match(by_role["england"])
    judgement = by_role["judgement"]
    phrase = comparison_phrase(lowered(judgement))
    if council is None or england is None or phrase is None:
        return [], []
    measure = by_role.get("measure", "")
    mentions = sources_named(measure, lowered(measure))
    source = mentions[0].code if mentions else lead.source
    period = source_period(measure, mentions[0]) if mentions else lead.period
    code = measure_code(measure, source)
    direction = direction_of(phrase[2], code)
    start = chunk.match.find(judgement)
    if direction is None:
        return [], [
            ParseWarning(
                "national_metric",
                f"'{judgement}' in a table, for a measure whose better side is not known: no direction",
                chunk.line_start,
            )
        ]
    percent = bool(council.group("pct") or england.group("pct"))
    metric = NationalMetric(
        qs_no=qs_no,
        block_no=chunk.block_no,
        position=0,
        la_value=Decimal(council.group("num")),
        england_value=Decimal(england.group("num")),
        unit="%" if percent else "score",
        comparison=" ".join(judgement[phrase[0] : phrase[1]].split()),
        direction=direction,  # type: ignore[arg-type]
        source=source,
        period=period,
        measure=measure,
        measure_code=code,
        sentence=chunk.text.strip(),
        line_start=chunk.line_of(max(start, 0)),
        line_end=chunk.line_end,
    )
    return [metric], []


def read_comparisons(
    chunk: Chunk, qs_no: int | None, lead: Lead | None
) -> tuple[list[NationalMetric], list[ParseWarning]]:
    """The England comparisons of one chunk: a table row by its header, else by the grammar of `national`."""
    if lead is not None and lead.columns:
        return read_table_row(chunk, qs_no, lead)
    return read_national(chunk, qs_no, lead)

"""Rows as aligned text for people: a table that fits its width, or one field per line (`-x`).

What makes a wide answer readable on a terminal, decided here and nowhere else:

- **Numbers** are right-aligned; amounts and counts carry thousands separators (`186,597,000`), money
  (`_gbp`) without pence when it has none; identifiers, line numbers and years do not
  (`columns.groups_thousands`).
- **Text wraps, it is never cut**: the widest text columns give up width first until the table fits
  `max_width` (the terminal's width on a terminal; `--max-width N`), each cell on as many lines as it
  needs; numbers, dates and headers keep their width. With no width to fit (output to a pipe or file)
  a text cell wraps at `cell_width` characters (80); `max_width=0` turns wrapping off.
- **Expanded** (`-x`, psql's `\\x`): each row as `column | value` lines under `-[ RECORD n ]-`, for
  rows too wide for any screen.
- The footer counts rows, and says when `--limit` kept fewer than the answer had.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import columns as column_kinds
from .formats import text_value

CELL_WIDTH = 80
NARROWEST = 20  # a wrapped text column keeps at least this width (or its header's)
GAP = "  "


@dataclass(frozen=True)
class Layout:
    """How a table is laid out: `max_width` of a line (None: none, each text cell wraps at
    `cell_width`; 0: no wrapping at all), `expanded` for one field per line, and `total` rows in the
    whole answer when only some are shown (`--limit`)."""

    max_width: int | None = None
    cell_width: int = CELL_WIDTH
    expanded: bool = False
    total: int | None = None


def cell_text(value: Any, name: str, kind: str) -> str:
    """A value as the table shows it (see the module docstring for numbers)."""
    if value is None:
        return ""
    if column_kinds.is_number(kind) and not isinstance(value, bool):
        if not column_kinds.groups_thousands(name, kind):
            return text_value(value)
        if isinstance(value, Decimal) and column_kinds.is_money(name) and value == value.to_integral_value():
            return f"{int(value):,}"
        if isinstance(value, int | float | Decimal):
            return f"{value:,}"
    return text_value(value)


def _lines(text: str, width: int | None) -> list[str]:
    """A cell's lines: its own line breaks kept, each wrapped at `width` (None: not wrapped)."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        line = " ".join(line.split())
        if width and len(line) > width:
            lines += textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=True) or [""]
        else:
            lines.append(line)
    return lines


def _footer(shown: int, total: int | None, too_wide: int | None = None) -> str:
    if total is not None and total > shown:
        counted = f"{shown:,} of {total:,} rows; --limit {shown}"
    else:
        counted = f"{shown:,} row{'s' if shown != 1 else ''}"
    if too_wide:
        counted += f"; wider than {too_wide} characters: -x shows one field per line"
    return f"({counted})"


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    types: Sequence[str] = (),
    layout: Layout | None = None,
) -> str:
    """The rows as text, ending with a newline (a table, or expanded)."""
    layout = layout or Layout()
    kinds = column_kinds.kinds(columns, rows, types)
    cells = [
        [cell_text(value, name, kind) for value, name, kind in zip(row, columns, kinds, strict=True)]
        for row in rows
    ]
    if layout.expanded:
        return _expanded(columns, cells, layout) + _footer(len(rows), layout.total) + "\n"
    table, width = _table(columns, cells, kinds, layout)
    too_wide = layout.max_width if layout.max_width and width > layout.max_width else None
    return table + _footer(len(rows), layout.total, too_wide) + "\n"


def _fit(natural: list[int], minimum: list[int], limit: int) -> list[int]:
    """Column widths that fit `limit` (with gaps), taking width from the widest wrappable column first."""
    widths = list(natural)
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - limit
    while excess > 0:
        candidates = [i for i, width in enumerate(widths) if width > minimum[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        step = max(1, min(excess, widths[widest] - max(minimum[widest], max(others, default=0))))
        widths[widest] -= step
        excess -= step
    return widths


def _table(
    columns: Sequence[str], cells: list[list[str]], kinds: list[str], layout: Layout
) -> tuple[str, int]:
    """The table's lines and its width."""
    numeric = [column_kinds.is_number(kind) for kind in kinds]
    wraps = [kind in ("text", "array", "json", "other") for kind in kinds]
    cap = None if layout.max_width is not None else layout.cell_width
    natural = []
    for i, column in enumerate(columns):
        longest = max((len(line) for row in cells for line in _lines(row[i], None)), default=0)
        natural.append(max(len(column), min(longest, cap) if cap and wraps[i] else longest))
    widths = natural
    if layout.max_width:
        minimum = [
            min(natural[i], max(NARROWEST, len(column))) if wraps[i] else natural[i]
            for i, column in enumerate(columns)
        ]
        widths = _fit(natural, minimum, layout.max_width)

    def line(values: Sequence[str]) -> str:
        return GAP.join(
            value.rjust(width) if is_numeric else value.ljust(width)
            for value, width, is_numeric in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(list(columns)), GAP.join("-" * width for width in widths)]
    for row in cells:
        wrapped = [
            _lines(cell, widths[i] if wraps[i] and layout.max_width != 0 else None)
            for i, cell in enumerate(row)
        ]
        for n in range(max((len(lines) for lines in wrapped), default=1)):
            out.append(line([lines[n] if n < len(lines) else "" for lines in wrapped]))
    return "\n".join(out) + "\n", sum(widths) + len(GAP) * (len(widths) - 1)


def _expanded(columns: Sequence[str], cells: list[list[str]], layout: Layout) -> str:
    key_width = max((len(column) for column in columns), default=0)
    if layout.max_width == 0:
        value_width = None
    elif layout.max_width:
        value_width = max(20, layout.max_width - key_width - 3)
    else:
        value_width = layout.cell_width
    rule_width = min(
        layout.max_width or key_width + 3 + (value_width or 40), key_width + 3 + (value_width or 40)
    )
    out: list[str] = []
    for number, row in enumerate(cells, start=1):
        head = f"-[ RECORD {number} ]"
        out.append(head + "-" * max(0, rule_width - len(head)))
        for column, cell in zip(columns, row, strict=True):
            for n, text in enumerate(_lines(cell, value_width)):
                out.append(f"{column if n == 0 else '':<{key_width}} | {text}".rstrip())
    return "\n".join(out) + ("\n" if out else "")

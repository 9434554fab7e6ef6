"""One set of output formats for every command that prints rows (sqlite-utils style).

`--format table` (aligned text for a terminal; long cells cut), `csv`, `json` (a list of objects) and
`markdown` (a pipe table, through pandas and tabulate). Values keep the database's types until here,
so each format can show them faithfully: integers stay integers, numerics become JSON numbers, dates
ISO strings, arrays JSON lists (in csv) or comma-separated (in table and markdown), nulls empty/null.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

FORMATS = ("table", "csv", "json", "markdown")
TABLE_CELL_WIDTH = 80


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """The shared `--format` option (and `--csv`, `--json`, `--markdown` shorthands)."""
    group = parser.add_argument_group("output")
    group.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="table",
        help="table (default, aligned text), csv, json (a list of objects) or markdown",
    )
    for name in ("csv", "json", "markdown"):
        group.add_argument(
            f"--{name}", dest="format", action="store_const", const=name, help=f"same as --format {name}"
        )


def json_value(value: Any) -> Any:
    """A value as JSON: numerics as numbers, dates as ISO text, arrays as lists, NaN as null."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if hasattr(value, "item"):  # numpy scalars
        return json_value(value.item())
    if isinstance(value, (int, str)):
        return value
    return str(value)


def text_value(value: Any, arrays_as_json: bool = False) -> str:
    """A value as text for csv, table and markdown cells."""
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if arrays_as_json:
            return json.dumps(value, ensure_ascii=False)
        return ", ".join(text_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _cut(cell: str, width: int) -> str:
    cell = " ".join(cell.split())
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """The rows in one of FORMATS, ending with a newline."""
    if fmt == "json":
        objects = [
            {column: json_value(value) for column, value in zip(columns, row, strict=True)} for row in rows
        ]
        return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([text_value(value, arrays_as_json=True) for value in row] for row in rows)
        return buffer.getvalue()
    if fmt == "markdown":
        import pandas as pd

        frame = pd.DataFrame(
            [[" ".join(text_value(v).split()) for v in row] for row in rows],
            columns=list(columns),
            dtype=object,
        )
        return frame.to_markdown(index=False) + "\n"
    if fmt == "table":
        return _table(columns, rows)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cut(text_value(value), TABLE_CELL_WIDTH) for value in row] for row in rows]
    numeric = [
        all(_is_number(row[i]) for row in rows if row[i] is not None)
        and any(row[i] is not None for row in rows)
        for i in range(len(columns))
    ]
    widths = [max([len(column), *(len(row[i]) for row in cells)]) for i, column in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if is_numeric else value.ljust(width)
            for value, width, is_numeric in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(list(columns)), "  ".join("-" * width for width in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)

"""One set of output options for every command that prints rows (sqlite-utils style).

`--format table` (default: aligned text that fits the terminal, `text_table.py`), `csv`, `json` (a
list of objects), `markdown`, and the binary `xlsx` and `parquet` (to `-o FILE` or a redirected
stdout); `-o FILE` takes the format from the file's extension (`formats.FILE_FORMATS`). `--limit N`
keeps the first N rows (the footer says how many the answer had), `-x/--expanded` prints one field
per line, `--max-width N` is the width tables wrap to (default: the terminal's). The values and the
formats themselves are the library's (`cqc_la.formats`), so Python users write the same files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..formats import BINARY_FORMATS, format_of, json_value, render_text, text_value, write_rows
from ..text_table import Layout

__all__ = ["FORMATS", "OUTPUT_FORMATS", "add_format_option", "emit", "json_value", "render", "text_value"]

FORMATS = ("table", "csv", "json", "markdown")  # text, to a terminal or a pipe
OUTPUT_FORMATS = (*FORMATS, *BINARY_FORMATS)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, found {number}")
    return number


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """The shared output options (`--format`, `--csv`, `--json`, `--markdown`, `-o`, `--limit`, `-x`,
    `--max-width`)."""
    group = parser.add_argument_group("output")
    group.add_argument(
        "--format",
        "-f",
        choices=OUTPUT_FORMATS,
        default=None,
        help="table (default, aligned text), csv, json (a list of objects), markdown, xlsx or parquet "
        "(binary: with -o FILE or a redirected stdout)",
    )
    for name in ("csv", "json", "markdown"):
        group.add_argument(
            f"--{name}", dest="format", action="store_const", const=name, help=f"same as --format {name}"
        )
    group.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write to FILE instead of stdout, in the format of its extension: .csv .json .md .txt .xlsx .parquet",
    )
    group.add_argument("--limit", type=_positive, metavar="N", help="keep the first N rows")
    group.add_argument(
        "--expanded", "-x", action="store_true", help="one field per line (for wide rows), like psql's \\x"
    )
    group.add_argument(
        "--max-width",
        type=_positive,
        metavar="N",
        help="wrap tables to N characters (default: the terminal's width; 0: never wrap)",
    )


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """The rows in one of FORMATS, ending with a newline (the table as for a pipe: cells wrap at 80)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return render_text(columns, rows, fmt)


def _format(args: argparse.Namespace) -> str:
    given = getattr(args, "format", None)
    output: Path | None = getattr(args, "output", None)
    if output is None:
        return given or "table"
    if given is None:
        return format_of(output)
    try:
        implied = format_of(output)
    except UsageError:
        return given  # -o data.out --format csv: the format given wins over a name that says none
    if implied != given:
        raise UsageError(f"-o {output} is a {implied} file, but --format {given} was given: give one of them")
    return given


def _layout(args: argparse.Namespace, total: int | None, to_terminal: bool) -> Layout:
    width = getattr(args, "max_width", None)
    if width is None and to_terminal:
        width = shutil.get_terminal_size().columns
    return Layout(max_width=width, expanded=bool(getattr(args, "expanded", False)), total=total)


def emit(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    args: argparse.Namespace,
    *,
    types: Sequence[str] = (),
    total: int | None = None,
    name: str = "rows",
) -> None:
    """Print or write the rows as the options in `args` say. `total` is the number of rows of the
    whole answer when `rows` holds only the first `--limit` of them."""
    fmt = _format(args)
    output: Path | None = getattr(args, "output", None)
    cut = total is not None and total > len(rows)
    if output is not None:
        write_rows(output, columns, rows, types, fmt=fmt, sheet=name, layout=_layout(args, total, False))
        shown = f"{len(rows):,} of {total:,}" if cut and total is not None else f"{len(rows):,}"
        print(f"wrote {shown} rows to {output} ({fmt})", file=sys.stderr)
        return
    if fmt in BINARY_FORMATS:
        if sys.stdout.isatty():
            raise UsageError(f"{fmt} is a binary format: give -o FILE.{fmt}, or redirect stdout to a file")
        with tempfile.TemporaryDirectory() as directory:
            temporary = Path(directory) / f"rows.{fmt}"
            write_rows(temporary, columns, rows, types, fmt=fmt, sheet=name)
            sys.stdout.flush()
            sys.stdout.buffer.write(temporary.read_bytes())
        return
    text = render_text(columns, rows, fmt, types, _layout(args, total, sys.stdout.isatty()))
    sys.stdout.write(text)
    if cut and fmt != "table":
        print(f"({len(rows)} of {total} rows; --limit {len(rows)})", file=sys.stderr)

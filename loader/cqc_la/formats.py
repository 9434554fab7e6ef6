"""Rows into the formats people take away: CSV, JSON, markdown, Excel and Parquet (one set for every output).

`cqc-la query`, `cqc-la sql` and `cqc-la export` all write through here, and a Python user can too
(`write_rows(path, result.columns, result.rows, result.types)`). Values keep the database's types until
here, so each format shows them faithfully: integers stay integers, `numeric` becomes a JSON number,
dates ISO text in CSV and JSON and real dates in Excel and Parquet, arrays JSON lists (CSV) or lists
(Parquet), nulls empty or null. Files are written to a temporary name beside the target and renamed,
so an interrupted write never leaves half a file under the name asked for.

The format of a file comes from its extension (`FILE_FORMATS`). Excel is written by `workbook.py`
(openpyxl); Parquet needs pyarrow (`pip install 'cqc-la[parquet]'`), which is optional because its
wheel is large and only Parquet needs it. Parquet columns are typed as DataFrames are (`columns.py`):
integers int64, numbers and money float64, dates date32, timestamps in microseconds.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import columns as column_kinds
from .errors import UsageError

if TYPE_CHECKING:
    from .text_table import Layout

FILE_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}
BINARY_FORMATS = ("xlsx", "parquet")


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
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if hasattr(value, "item"):  # numpy scalars
        return json_value(value.item())
    if isinstance(value, int | str):
        return value
    return str(value)


def text_value(value: Any, arrays_as_json: bool = False) -> str:
    """A value as text for csv, table and markdown cells (a `numeric` exactly as stored: 186597000.00)."""
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
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


def render_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    objects = [
        {column: json_value(value) for column, value in zip(columns, row, strict=True)} for row in rows
    ]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def render_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, columns, rows)
    return buffer.getvalue()


def write_csv(handle: IO[str], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([text_value(value, arrays_as_json=True) for value in row] for row in rows)


def render_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    import pandas as pd

    frame = pd.DataFrame(
        [[" ".join(text_value(v).split()) for v in row] for row in rows], columns=list(columns), dtype=object
    )
    return frame.to_markdown(index=False) + "\n"


# --- files -----------------------------------------------------------------------------------------


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for by its extension; UsageError naming the known ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in FILE_FORMATS:
        known = ", ".join(sorted(FILE_FORMATS))
        raise UsageError(f"{path}: expected a file name ending in one of {known} (or give --format)")
    return FILE_FORMATS[suffix]


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """`write(temporary)` then rename it to `path`: readers see the old file or the whole new one."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; expected a file name")
    if not path.parent.exists():
        raise UsageError(f"{path}: no such directory {path.parent}")
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(descriptor)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_rows(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    types: Sequence[str] = (),
    *,
    fmt: str | None = None,
    sheet: str = "rows",
    layout: Layout | None = None,
) -> str:
    """Write rows to `path` in `fmt` (default: from the extension); returns the format used. `layout`
    shapes the table format (`text_table.Layout`)."""
    target = Path(path)
    fmt = fmt or format_of(target)
    if fmt == "xlsx":
        from .workbook import Sheet, write_workbook

        write_atomically(
            target, lambda temporary: write_workbook(temporary, [Sheet(sheet, columns, rows, types)])
        )
    elif fmt == "parquet":
        write_atomically(target, lambda temporary: write_parquet(temporary, columns, rows, types))
    else:
        text = render_text(columns, rows, fmt, types, layout)
        write_atomically(target, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return fmt


def render_text(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    types: Sequence[str] = (),
    layout: Layout | None = None,
) -> str:
    """Rows as text in one of csv, json, markdown or table."""
    if fmt == "csv":
        return render_csv(columns, rows)
    if fmt == "json":
        return render_json(columns, rows)
    if fmt == "markdown":
        return render_markdown(columns, rows)
    if fmt == "table":
        from .text_table import render

        return render(columns, rows, types, layout)
    raise UsageError(f"unknown text format {fmt!r}")


def _pyarrow():  # type: ignore[no-untyped-def]
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("writing Parquet needs pyarrow: pip install 'cqc-la[parquet]'") from None
    return pyarrow, pyarrow.parquet


def write_parquet(
    path: Path, columns: Sequence[str], rows: Sequence[Sequence[Any]], types: Sequence[str] = ()
) -> None:
    """One Parquet file, typed column by column (see the module docstring)."""
    pa, pq = _pyarrow()
    arrow_types = {
        "integer": pa.int64(),
        "decimal": pa.float64(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us"),
        "timestamptz": pa.timestamp("us", tz="UTC"),
        "boolean": pa.bool_(),
        "text": pa.string(),
    }
    arrays = []
    for i, kind in enumerate(column_kinds.kinds(columns, rows, types)):
        values = [row[i] for row in rows]
        if kind == "decimal":
            values = [None if v is None else float(v) for v in values]
        if kind in arrow_types:
            arrays.append(pa.array(values, type=arrow_types[kind]))
            continue
        try:  # arrays of one type become Parquet lists
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else text_value(v, True) for v in values], pa.string()))
    names = _unique(columns)
    pq.write_table(pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({}), path)


def _unique(columns: Sequence[str]) -> list[str]:
    """Column names made unique (`x`, `x_2`) for formats that need it."""
    seen: dict[str, int] = {}
    names = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names

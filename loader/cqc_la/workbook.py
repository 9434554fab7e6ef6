"""Excel workbooks (.xlsx) with openpyxl: typed cells, a frozen header, sensible widths, dates as dates.

openpyxl rather than XlsxWriter: one pure-Python library both writes the workbook and reads it back
(the tests, and `pandas.read_excel`, whose default xlsx engine it is), so the project needs one
dependency, not two. Sheets are written in openpyxl's write-only mode, row by row, so memory stays
flat however long a view is (a national `paragraph_sources` runs to a few hundred thousand rows).

Each cell keeps its type: integers and numbers are numbers (amounts and counts shown `#,##0`), dates
real dates (`yyyy-mm-dd`) and timestamps date-times (in UTC: Excel has no time zones), booleans
booleans, arrays their items joined by `; `. The header row is bold, frozen and filtered; each
column is as wide as its header and its longest value in the first rows, between 6 and 60 characters.
Excel refuses text over 32,767 characters and control characters: such text is cut (ending in
`…[cut]`) and cleaned, never left to corrupt the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import columns as column_kinds
from .errors import UsageError
from .formats import text_value

EXCEL_CELL_LIMIT = 32_767
EXCEL_ROW_LIMIT = 1_048_576
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
WIDTH_SAMPLE = 500  # rows looked at for column widths
NARROWEST, WIDEST = 6, 60
CUT = "…[cut]"
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class Sheet:
    """One sheet: a name (at most 31 characters), column names, rows and PostgreSQL types (optional).
    `widths` fixes column widths (None: measured); `table` False writes rows as they are, without the
    bold frozen header (a descriptive sheet)."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    types: Sequence[str] = ()
    widths: Sequence[float] | None = None
    table: bool = True
    bold_rows: frozenset[int] = frozenset()  # rows (0-based) written bold, in a descriptive sheet


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts (31 characters, none of []:*?/\\), unique among `taken`."""
    base = SHEET_NAME.sub("_", name).strip("'")[:31] or "sheet"
    used = {existing.lower() for existing in taken}
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"_{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    return candidate


def _clean(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT)] + CUT
    return text


def excel_value(value: Any) -> Any:
    """A value as openpyxl writes it into a typed cell."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    if isinstance(value, list | tuple):
        return _clean("; ".join(text_value(item) for item in value))
    return _clean(text_value(value))


def _number_format(name: str, kind: str, values: Sequence[Any]) -> str | None:
    if column_kinds.groups_thousands(name, kind):
        if kind == "integer" or (
            column_kinds.is_money(name) and all(v is None or v == int(v) for v in values)
        ):
            return "#,##0"
        if column_kinds.is_money(name):
            return "#,##0.00"
    return None


def _width(name: str, values: Sequence[Any], number_format: str | None) -> float:
    longest = max((len(text_value(v)) for v in values), default=0)
    if number_format:
        longest += longest // 3  # the separators
    return float(min(WIDEST, max(NARROWEST, len(name) + 2, longest + 2)))


class WorkbookWriter:
    """A workbook written sheet by sheet (`create` then `write`), so that a long export holds one
    view in memory at a time; sheets appear in the order they were created."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)
        self._taken: list[str] = []

    def create(self, name: str) -> Any:
        title = sheet_name(name, self._taken)
        self._taken.append(title)
        return self._book.create_sheet(title=title)

    def write(self, worksheet: Any, sheet: Sheet) -> None:
        _write_sheet(worksheet, sheet)

    def save(self, path: Path) -> None:
        if not self._taken:
            self.create("empty")
        self._book.save(path)


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write the sheets, in order, to one workbook at `path`."""
    writer = WorkbookWriter()
    for sheet in sheets:
        writer.write(writer.create(sheet.name), sheet)
    writer.save(path)


def _write_sheet(worksheet: Any, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(sheet.rows) >= EXCEL_ROW_LIMIT:
        raise UsageError(
            f"{sheet.name} has {len(sheet.rows):,} rows, more than an Excel sheet holds "
            f"({EXCEL_ROW_LIMIT - 1:,}): write it as CSV or Parquet"
        )
    bold = Font(bold=True)
    kinds = column_kinds.kinds(sheet.columns, sheet.rows, sheet.types)
    sample = sheet.rows[:WIDTH_SAMPLE]
    formats = [
        _number_format(name, kind, [row[i] for row in sheet.rows])
        for i, (name, kind) in enumerate(zip(sheet.columns, kinds, strict=True))
    ]
    for i, name in enumerate(sheet.columns):
        width = sheet.widths[i] if sheet.widths else _width(name, [row[i] for row in sample], formats[i])
        worksheet.column_dimensions[get_column_letter(i + 1)].width = width
    if sheet.table:
        worksheet.freeze_panes = "A2"
        if sheet.columns:
            worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 1}"
        header = []
        for name in sheet.columns:
            cell = WriteOnlyCell(worksheet, value=_clean(name))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
    formatted = [i for i, number_format in enumerate(formats) if number_format]
    for number, row in enumerate(sheet.rows):
        values: list[Any] = [excel_value(value) for value in row]
        for i in formatted:
            if values[i] is not None:
                cell = WriteOnlyCell(worksheet, value=values[i])
                cell.number_format = formats[i]
                values[i] = cell
        if number in sheet.bold_rows:
            values = [
                _bold(v if isinstance(v, Cell) else WriteOnlyCell(worksheet, value=v), bold) for v in values
            ]
        worksheet.append(values)


def _bold(cell: Any, font: Any) -> Any:
    cell.font = font
    return cell

"""Output for people, without a database: tables that wrap instead of cutting, thousands separators on
amounts and counts (not on ids), one field per line, and files in every format with typed cells."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from cqc_la import formats
from cqc_la.cli.output import add_format_option, emit
from cqc_la.errors import UsageError
from cqc_la.text_table import Layout, render

LONG = (
    "Leaders, staff and people identified effective arrangements for safe **transitions** from child to "
    "adult services, with regular meetings of the Transitional Operation Group."
)
COLUMNS = ["assessment_id", "council", "budget_actual_gbp", "people_waiting", "published_on", "snippet"]
TYPES = ("int4", "text", "numeric", "int4", "date", "text")
ROWS = [
    (1234, "Hartlepool Borough Council", Decimal("186597000.00"), 1250, date(2025, 5, 14), LONG),
    (7, "Middlesbrough Borough Council", Decimal("1000.50"), None, date(2025, 2, 1), "short"),
]


def _words(text: str) -> list[str]:
    return text.split()


def test_text_wraps_and_is_never_cut() -> None:
    out = render(COLUMNS, ROWS, TYPES, Layout(max_width=110))
    assert "…" not in out
    for word in _words(LONG):
        assert word in out, word
    assert max(len(line) for line in out.splitlines()) <= 110
    assert len(out.splitlines()) > 6, "the long text is on several lines"
    piped = render(COLUMNS, ROWS, TYPES)  # no terminal: text cells wrap at 80
    assert max(len(line) for line in piped.splitlines()) < 200 and "**transitions**" in piped


def test_amounts_and_counts_have_thousands_separators_and_ids_do_not() -> None:
    out = render(COLUMNS, ROWS, TYPES, Layout(max_width=0))
    assert "186,597,000" in out and "186,597,000.00" not in out, "money without pence when it has none"
    assert "1,000.50" in out and "1,250" in out
    assert "1234 " in out or " 1234" in out
    assert "1,234" not in out


def test_expanded_prints_one_field_per_line() -> None:
    out = render(COLUMNS, ROWS, TYPES, Layout(max_width=60, expanded=True))
    lines = out.splitlines()
    assert lines[0].startswith("-[ RECORD 1 ]")
    assert any(line.startswith("council") and "| Hartlepool Borough Council" in line for line in lines)
    assert any(line.startswith("-[ RECORD 2 ]") for line in lines)
    assert max(len(line) for line in lines) <= 60
    assert lines[-1] == "(2 rows)"


def test_the_footer_says_when_a_limit_kept_fewer_rows() -> None:
    out = render(COLUMNS, ROWS[:1], TYPES, Layout(total=153))
    assert out.rstrip().endswith("(1 of 153 rows; --limit 1)")


def test_a_table_too_wide_to_fit_says_how_to_read_it() -> None:
    many = [f"column_number_{i}" for i in range(12)]
    out = render(many, [tuple(range(12))], (), Layout(max_width=80))
    assert "-x shows one field per line" in out


@pytest.mark.parametrize("suffix", sorted(formats.FILE_FORMATS))
def test_every_file_format_is_written_by_its_extension(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"rows{suffix}"
    fmt = formats.write_rows(path, COLUMNS, ROWS, TYPES)
    assert fmt == formats.FILE_FORMATS[suffix] and path.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary file left"
    if fmt == "csv":
        rows = list(csv.reader(path.open(encoding="utf-8")))
        assert rows[0] == COLUMNS and rows[1][2] == "186597000.00" and rows[1][5] == LONG
    elif fmt == "json":
        assert json.loads(path.read_text())[0]["published_on"] == "2025-05-14"
    elif fmt == "markdown":
        assert path.read_text().startswith("|") and "assessment_id" in path.read_text().splitlines()[0]
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        assert table.num_rows == 2 and str(table.schema.field("published_on").type) == "date32[day]"
        assert str(table.schema.field("people_waiting").type) == "int64"
        assert table.column("budget_actual_gbp").to_pylist()[0] == 186597000.0


def test_excel_cells_are_typed_with_a_frozen_header_and_widths(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "rows.xlsx"
    rows = [*ROWS, (8, "Bad\x01text", None, 3, None, "x" * 40_000)]
    formats.write_rows(path, [*COLUMNS], rows, TYPES, sheet="council_profile")
    sheet = load_workbook(path)["council_profile"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == COLUMNS and all(cell.font.b for cell in sheet[1])
    first = [cell for cell in sheet[2]]
    assert first[0].value == 1234 and isinstance(first[0].value, int)
    assert first[2].value == 186597000 and first[2].number_format == "#,##0.00"
    assert isinstance(first[4].value, datetime) and first[4].number_format == "yyyy-mm-dd"
    assert first[4].value.date() == date(2025, 5, 14)
    assert sheet[4][1].value == "Badtext", "control characters Excel refuses are dropped"
    assert len(sheet[4][5].value) == 32_767 and sheet[4][5].value.endswith("[cut]")
    assert 8 <= sheet.column_dimensions["B"].width <= 60
    assert sheet.column_dimensions["F"].width == 60


def test_excel_takes_timestamps_with_time_zones(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    formats.write_rows(path, ["loaded_at"], [(datetime(2025, 1, 2, 3, 4, tzinfo=UTC),)], ("timestamptz",))
    assert load_workbook(path).active["A2"].value == datetime(2025, 1, 2, 3, 4)


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_format_option(parser)
    return parser.parse_args(list(argv))


def test_o_takes_the_format_from_the_extension_and_refuses_a_conflict(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    emit(COLUMNS, ROWS, _args("-o", str(tmp_path / "out.json")), types=TYPES)
    assert json.loads((tmp_path / "out.json").read_text())[1]["council"] == "Middlesbrough Borough Council"
    assert "wrote 2 rows to" in capsys.readouterr().err
    with pytest.raises(UsageError, match="is a json file, but --format csv"):
        emit(COLUMNS, ROWS, _args("-o", str(tmp_path / "out.json"), "--format", "csv"))
    with pytest.raises(UsageError, match="expected a file name ending in one of"):
        emit(COLUMNS, ROWS, _args("-o", str(tmp_path / "out.dat")))
    emit(COLUMNS, ROWS, _args("-o", str(tmp_path / "out.dat"), "--format", "csv"))
    assert (tmp_path / "out.dat").read_text().startswith("assessment_id,")
    with pytest.raises(UsageError, match="no such directory"):
        emit(COLUMNS, ROWS, _args("-o", str(tmp_path / "nowhere" / "out.csv")))


def test_limit_and_width_options_are_checked() -> None:
    with pytest.raises(SystemExit):
        _args("--limit", "-1")
    with pytest.raises(SystemExit):
        _args("--max-width", "wide")
    assert _args("--limit", "0").limit == 0

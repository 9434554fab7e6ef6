"""`cqc-la export` and `-o FILE`: every curated view in a workbook that opens as the views are, one file
per view in a directory, and query answers written to files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.export import ABOUT_SHEET, LICENCE, export_views, view_description

from .conftest import SEED

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def url(databases) -> str:  # type: ignore[no-untyped-def]
    from cqc_la.loading import load_reports

    url = databases.migrated()
    assert not load_reports([SEED], url).failed
    with database.engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("analyze")  # planner statistics, as after a large load: fast views
    return url


@pytest.fixture(scope="module")
def views(url: str) -> dict[str, tuple[list[str], int]]:
    """Every view of analysis: its columns and its row count, as the database says."""
    found: dict[str, tuple[list[str], int]] = {}
    with database.engine(url).connect() as connection:
        names = connection.execute(
            text("select viewname from pg_views where schemaname = 'analysis' order by viewname")
        ).scalars()
        for name in list(names):
            result = connection.execute(text(f'select * from analysis."{name}"'))
            found[name] = (list(result.keys()), len(result.all()))
    return found


def test_the_workbook_has_a_sheet_per_view_with_its_header_and_rows(cli, views, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = tmp_path / "cqc-la.xlsx"
    status, out, err = cli("export", str(path))
    assert status == 0, err
    assert f"exported {len(views)} views" in out
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [ABOUT_SHEET, *sorted(views)]
    for name, (columns, count) in views.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == columns, name
        assert len(rows) - 1 == count, name
    about = [row for row in book[ABOUT_SHEET].iter_rows(values_only=True)]
    text_ = "\n".join(" ".join(str(v) for v in row if v is not None) for row in about)
    assert LICENCE in text_ and "exported at" in text_ and "1 loaded reports (1 whole, 0 partial)" in text_
    listed = {
        row[1]: row for row in about if row and isinstance(row[1], str) and row[1].startswith("analysis.")
    }
    for name, (_, count) in views.items():
        assert listed[f"analysis.{name}"][2] == count and listed[f"analysis.{name}"][4], name
    assert any(
        row[:2] == ("Hartlepool Borough Council", row[1]) and row[3] == "report" for row in about if row
    )


def test_pandas_reads_the_workbook_back_with_dates_and_numbers(url: str, tmp_path: Path) -> None:
    path = tmp_path / "views.xlsx"
    export_views(path, url)
    latest = pd.read_excel(path, sheet_name="latest_assessments")
    assert pd.api.types.is_datetime64_any_dtype(latest["published_on"])
    money = pd.read_excel(path, sheet_name="financial_facts")
    assert money["budget_actual_gbp"].iloc[0] == 186_597_000


def test_a_directory_gets_one_csv_per_view_and_a_readme(cli, views, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "exports"
    status, _, err = cli("export", str(target))
    assert status == 0, err
    assert sorted(p.name for p in target.iterdir()) == sorted(["README.md", *(f"{v}.csv" for v in views)])
    for name, (columns, count) in views.items():
        rows = list(csv.reader((target / f"{name}.csv").open(encoding="utf-8")))
        assert rows[0] == columns and len(rows) - 1 == count, name
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert LICENCE in readme and "analysis.latest_assessments" in readme


def test_a_directory_of_parquet_files(url: str, views, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq

    summary = export_views(tmp_path / "pq", url, fmt="parquet")
    assert len(summary.views) == len(views)
    for name, (columns, count) in views.items():
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.column_names == columns and table.num_rows == count, name


def test_bad_targets_are_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status, _, err = cli("export", str(tmp_path / "out.ods"))
    assert status == 2 and "expected a workbook (FILE.xlsx) or a directory" in err
    status, _, err = cli("export", str(tmp_path / "out.xlsx"), "--format", "parquet")
    assert status == 2 and "is an Excel workbook" in err


def test_every_view_has_a_description() -> None:
    from cqc_la.resources import views_dir

    for path in views_dir().glob("*.sql"):
        assert view_description(path.stem), path.name
    assert view_description("framework", "From the database.") == "From the database."


# --- -o FILE, --limit, -x on query and sql -----------------------------------------------------------


def test_query_and_sql_write_files_by_extension(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    status, _, err = cli("query", "statement_league", "-p", "qs=3", "-o", str(tmp_path / "equity.xlsx"))
    assert status == 0 and "rows to" in err
    sheet = load_workbook(tmp_path / "equity.xlsx")["statement_league"]
    assert sheet["A1"].value == "rank" and isinstance(sheet["A2"].value, int)
    status, _, err = cli(
        "sql", "select * from analysis.framework", "--limit", "2", "-o", str(tmp_path / "f.json")
    )
    assert status == 0 and "wrote 2 of 9 rows" in err
    assert len(json.loads((tmp_path / "f.json").read_text())) == 2
    status, _, err = cli("query", "--view", "framework", "-o", str(tmp_path / "f.parquet"))
    assert status == 0, err


def test_limit_and_expanded_on_the_terminal_formats(cli) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli("query", "--view", "latest_assessments", "--limit", "3")
    assert status == 0 and out.rstrip().endswith("(3 of 90 rows; --limit 3)")
    status, out, _ = cli(
        "sql", "select council, total_score from analysis.latest_assessments", "-x", "--limit", "1"
    )
    assert status == 0 and out.startswith("-[ RECORD 1 ]") and "council     | " in out
    status, out, err = cli("query", "--view", "latest_assessments", "--limit", "2", "--format", "csv")
    assert status == 0 and len(out.splitlines()) == 3 and "(2 of 90 rows" in err


def test_limit_zero_shows_no_rows_but_counts_them(cli) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli("query", "--view", "framework", "--limit", "0")
    assert status == 0 and out.rstrip().endswith("(0 of 9 rows; --limit 0)")

"""`export_views`: every curated view in one Excel workbook, or one CSV or Parquet file per view.

What analysts take away, so it says what it is: the first sheet (`about`; `README.md` in a directory)
gives when it was exported and by which version, which reports and reference data it holds, the
licence of the source, and for every sheet its view, row count and description. Descriptions are the
database's own (`COMMENT ON VIEW`, when present) or else the header comment of the view's `.sql` file.

Every view is read on the read path in one read-only, repeatable-read transaction (`readonly.snapshot`),
so all sheets show the same state of the database even while a load runs; one view at a time is held
in memory. Files are written under a temporary name and renamed (`formats.write_atomically`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from . import __version__, readonly, values
from .errors import UsageError
from .formats import render_markdown, text_value, write_atomically, write_csv, write_parquet
from .queries import view_sql
from .resources import views_dir
from .tables import ANALYSIS_SCHEMA

DIRECTORY_FORMATS = ("csv", "parquet")
ABOUT_SHEET = "about"
SOURCE = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = (
    "Contains information from the Care Quality Commission's local authority assessment reports "
    f"({SOURCE}), licensed under the {LICENCE} ({LICENCE_URL}). Council reference data: ONS codes and "
    "population estimates and the English Indices of Deprivation 2019 (MHCLG), also under the OGL v3.0."
)

_VIEWS = f"""
select c.relname, obj_description(c.oid, 'pg_class')
from pg_class as c
join pg_namespace as n on n.oid = c.relnamespace
where n.nspname = '{ANALYSIS_SCHEMA}' and c.relkind in ('v', 'm')
order by c.relname
"""
_ASSESSMENTS = (
    f"select detail, count(*) from {ANALYSIS_SCHEMA}.assessment_overview group by detail order by detail"
)
_REPORTS = f"""
select council, published_on, kind, detail, overall_rating, status, report_url
from {ANALYSIS_SCHEMA}.assessment_overview
where detail <> 'summary'
order by council, published_on
"""
_REFERENCE = """
select
    (select count(*) from cqc.council where is_reference),
    (select count(*) from cqc.council where not is_reference),
    (select count(*) from cqc.national_measure),
    (select count(*) from cqc.quality_statement),
    (select string_agg(source_file || ': ' || n, ', ' order by source_file)
     from (select source_file, count(*) as n from cqc.published_result group by source_file) as files),
    (select string_agg(loader_version || ' (' || n || ')', ', ' order by loader_version)
     from (select loader_version, count(*) as n from cqc.source_document group by loader_version) as versions),
    (select max(loaded_at) from cqc.source_document)
"""


@dataclass(frozen=True)
class ExportedView:
    name: str
    rows: int
    columns: tuple[str, ...]
    description: str
    file: str  # sheet name or file name


@dataclass
class ExportSummary:
    target: Path
    format: str
    exported_at: datetime
    views: list[ExportedView] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(view.rows for view in self.views)

    def describe(self) -> str:
        where = f"{self.target} (one sheet per view, first sheet '{ABOUT_SHEET}')"
        if self.format != "xlsx":
            where = f"{self.target}/ (one .{self.format} file per view, README.md)"
        return f"exported {len(self.views)} views ({self.rows:,} rows) to {where}"


def view_description(name: str, comment: str | None = None) -> str:
    """The view's comment in the database, else its `.sql` file's header comment, as one paragraph."""
    if comment and comment.strip():
        return " ".join(comment.split())
    path = views_dir() / f"{name}.sql"
    if not path.is_file():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.lstrip("-").strip())
    described = " ".join(" ".join(lines).split())
    return described.removeprefix(f"{ANALYSIS_SCHEMA}.{name}:").strip()


def _target_format(target: Path, fmt: str | None) -> str:
    if target.suffix.lower() == ".xlsx":
        if fmt not in (None, "xlsx"):
            raise UsageError(f"{target} is an Excel workbook: --format {fmt} applies to a directory")
        return "xlsx"
    if target.suffix and not target.is_dir():
        raise UsageError(
            f"{target}: expected a workbook (FILE.xlsx) or a directory (one file per view), "
            f"found a file name ending in {target.suffix}"
        )
    chosen = fmt or "csv"
    if chosen not in DIRECTORY_FORMATS:
        raise UsageError(f"expected --format csv or parquet for a directory, found {chosen!r}")
    return chosen


def export_views(
    target: str | os.PathLike[str],
    url: str | None = None,
    *,
    fmt: str | None = None,
    timeout: float | None = None,
) -> ExportSummary:
    """Every view of `analysis` into `target`: `FILE.xlsx` (one sheet per view after an `about`
    sheet) or a directory (created if needed) of `<view>.csv` (or `.parquet` with `fmt="parquet"`)
    files and a README.md. Raises `UsageError` for a bad target or a database not yet loaded."""
    path = Path(target)
    chosen = _target_format(path, fmt)
    if chosen == "xlsx" and not path.parent.exists():
        raise UsageError(f"{path}: no such directory {path.parent}")
    if chosen != "xlsx":
        if path.exists() and not path.is_dir():
            raise UsageError(f"{path}: exists and is not a directory")
        path.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary(path, chosen, datetime.now(UTC).replace(microsecond=0))
    with readonly.snapshot(url, timeout=timeout) as run:
        problem = values.readiness_problem(lambda sql: run(sql).rows[0][0])
        if problem:
            raise UsageError(problem)
        views = run(_VIEWS).rows
        if not views:
            raise UsageError(values.NO_SCHEMA)
        facts = _facts(run)
        if chosen == "xlsx":
            _to_workbook(path, run, views, facts, summary)
        else:
            _to_directory(path, run, views, facts, summary)
    return summary


def _facts(run: readonly.Statement) -> dict[str, Any]:
    details = dict(run(_ASSESSMENTS).rows)
    reference = run(_REFERENCE).rows[0]
    reports = run(_REPORTS)
    return {"details": details, "reference": reference, "reports": reports}


def _about_rows(summary: ExportSummary, facts: dict[str, Any]) -> list[tuple[str, str]]:
    details = facts["details"]
    councils, other_councils, measures, statements, published, loaders, loaded_at = facts["reference"]
    whole, partial, summaries = details.get("report", 0), details.get("partial", 0), details.get("summary", 0)
    reports = (
        f"{whole + partial} loaded reports ({whole} whole, {partial} partial) and {summaries} published "
        "summaries (scores and rating only); listed below"
    )
    reference = (
        f"{councils} reference councils"
        + (f" and {other_councils} known only from reports" if other_councils else "")
        + f"; published results from {published or 'no file'}; {measures} national measures; "
        f"the framework's {statements} quality statements (as shipped with cqc-la {__version__})"
    )
    return [
        ("exported at", summary.exported_at.isoformat().replace("+00:00", "Z")),
        ("exported by", f"cqc-la {__version__}"),
        ("reports", reports),
        (
            "reports loaded by",
            f"{loaders or 'none'}; last loaded {loaded_at.isoformat() if loaded_at else 'never'}",
        ),
        ("reference data", reference),
        ("licence", f"{LICENCE}: {LICENCE_URL}"),
        ("attribution", ATTRIBUTION),
        ("deprivation", "imd_decile 10 = MOST deprived, 1 = least deprived (the reports' convention)"),
    ]


def _read_view(run: readonly.Statement, name: str) -> Any:
    return run(view_sql(name))


def _to_workbook(
    path: Path,
    run: readonly.Statement,
    views: Sequence[Sequence[Any]],
    facts: dict[str, Any],
    summary: ExportSummary,
) -> None:
    from .workbook import Sheet, WorkbookWriter

    writer = WorkbookWriter()
    about = writer.create(ABOUT_SHEET)
    for name, comment in views:
        result = _read_view(run, name)
        worksheet = writer.create(name)
        writer.write(worksheet, Sheet(name, result.columns, result.rows, result.types))
        summary.views.append(
            ExportedView(
                name,
                len(result.rows),
                tuple(result.columns),
                view_description(name, comment),
                worksheet.title,
            )
        )
    writer.write(about, _about_sheet(summary, facts))
    write_atomically(path, writer.save)


def _about_sheet(summary: ExportSummary, facts: dict[str, Any]) -> Any:
    from .workbook import Sheet

    rows: list[tuple[Any, ...]] = [("cqc-la export: CQC local authority assessments",)]
    rows += [(key, value) for key, value in _about_rows(summary, facts)]
    rows.append(())
    bold = {0, len(rows)}
    rows.append(("sheet", "view", "rows", "columns", "description"))
    rows += [
        (view.file, f"{ANALYSIS_SCHEMA}.{view.name}", view.rows, len(view.columns), view.description)
        for view in summary.views
    ]
    rows.append(())
    reports = facts["reports"]
    bold.add(len(rows))
    rows.append(tuple(reports.columns))
    rows += [tuple(row) for row in reports.rows]
    width = max(len(row) for row in rows)
    padded = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    return Sheet(
        ABOUT_SHEET,
        [f"c{i}" for i in range(width)],
        padded,
        widths=[28, 34, 12, 12, 100, 12, 60][:width] + [12] * max(0, width - 7),
        table=False,
        bold_rows=frozenset(bold),
    )


def _to_directory(
    path: Path,
    run: readonly.Statement,
    views: Sequence[Sequence[Any]],
    facts: dict[str, Any],
    summary: ExportSummary,
) -> None:
    for name, comment in views:
        result = _read_view(run, name)
        target = path / f"{name}.{summary.format}"
        write_atomically(target, partial(_write_file, summary.format, result))
        summary.views.append(
            ExportedView(
                name, len(result.rows), tuple(result.columns), view_description(name, comment), target.name
            )
        )
    readme = _readme(summary, facts)
    write_atomically(path / "README.md", lambda temporary: temporary.write_text(readme, encoding="utf-8"))


def _write_file(fmt: str, result: readonly.Rows, temporary: Path) -> None:
    if fmt == "parquet":
        write_parquet(temporary, result.columns, result.rows, result.types)
        return
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, result.columns, result.rows)


def _readme(summary: ExportSummary, facts: dict[str, Any]) -> str:
    lines = ["# cqc-la export: CQC local authority assessments", ""]
    lines += [f"- **{key}**: {value}" for key, value in _about_rows(summary, facts)]
    lines += ["", "## Files", ""]
    lines.append(
        render_markdown(
            ["file", "view", "rows", "columns", "description"],
            [
                (v.file, f"{ANALYSIS_SCHEMA}.{v.name}", v.rows, len(v.columns), v.description)
                for v in summary.views
            ],
        )
    )
    reports = facts["reports"]
    lines += ["## Loaded reports", ""]
    lines.append(render_markdown(reports.columns, [[text_value(v) for v in row] for row in reports.rows]))
    return "\n".join(lines)

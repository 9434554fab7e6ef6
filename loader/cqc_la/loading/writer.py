"""Writing rows: keys allocated in one round trip and every table written with one COPY or pipeline.

A report costs a handful of round trips whatever its size. `assembled.write_group` decides what an
assessment is made of; this module only writes the rows; `write_report` stores one parsed file alone
(the library's simplest path, and the benchmark's).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from ..report import Report
from .rows import COLUMNS, Ids


@dataclass(frozen=True)
class WriteResult:
    outcome: str  # loaded, unchanged or replaced
    assessment_id: int | None
    replaced_assessment_id: int | None
    warnings: int


def allocate(connection: Connection, sections: int, paragraphs: int, assessment_id: int | None = None) -> Ids:
    """Keys for one report's rows; `assessment_id` keeps the id of the assessment it replaces (a
    replacement is the same assessment, so an id a user noted keeps working)."""
    row = connection.execute(
        text(
            """
            select
                nextval(pg_get_serial_sequence('cqc.source_document', 'document_id')),
                coalesce(
                    cast(:assessment as integer),
                    nextval(pg_get_serial_sequence('cqc.assessment', 'assessment_id'))
                ),
                array(select nextval(pg_get_serial_sequence('cqc.section', 'section_id'))
                      from generate_series(1, :sections)),
                array(select nextval(pg_get_serial_sequence('cqc.paragraph', 'paragraph_id'))
                      from generate_series(1, :paragraphs))
            """
        ),
        {"sections": sections, "paragraphs": paragraphs, "assessment": assessment_id},
    ).one()
    return Ids(row[0], row[1], row[2], row[3])


# Tables with many rows per report go by COPY; the few rows of the others are pipelined INSERTs,
# so a report costs a fixed handful of round trips however its rows are spread.
BULK_TABLES = frozenset({"section", "paragraph"})


def _insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return f"insert into cqc.{table} ({', '.join(columns)}) values ({', '.join(['%s'] * len(columns))})"


def write_rows(connection: Connection, rows: dict[str, list[tuple]]) -> None:
    """Write each table's rows, in foreign-key order, on the connection's current transaction."""
    raw = connection.connection.driver_connection
    assert raw is not None
    tables = [table for table in COLUMNS if rows.get(table)]
    with raw.cursor() as cursor:
        batch: list[str] = []
        for table in [*tables, None]:
            if table is not None and table not in BULK_TABLES:
                batch.append(table)
                continue
            if batch:
                with raw.pipeline():
                    for pending in batch:
                        cursor.executemany(_insert_sql(pending), rows[pending])
                batch = []
            if table is not None:
                with cursor.copy(f"copy cqc.{table} ({', '.join(COLUMNS[table])}) from stdin") as copy:
                    for row in rows[table]:
                        copy.write_row(row)


def write_report(connection: Connection, report: Report, loader_version: str) -> WriteResult:
    """Store one parsed file alone as an assessment, on `connection`'s transaction (the caller commits)."""
    from ..assembly import Group, Member
    from .assembled import write_group
    from .names import alias_key

    published = report.published_on.value if report.published_on is not None else None
    group = Group(
        alias_key(str(report.council_name.value)),
        str(report.council_name.value).strip(),
        published,  # type: ignore[arg-type]
        (Member(report.file_name, report),),
    )
    (outcome,) = write_group(connection, group, loader_version)
    if outcome.outcome == "failed":
        raise ValueError(outcome.message)
    return WriteResult(outcome.outcome, outcome.assessment_id, None, outcome.warnings)

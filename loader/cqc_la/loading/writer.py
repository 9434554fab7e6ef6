"""Write one parsed report in one transaction: unchanged, loaded, or replacing an earlier version.

The transaction first takes an advisory lock on the report's natural key (council name and
publication date), so processes loading the same file at once queue up and the later ones find its
bytes already stored ("unchanged"). Keys are allocated in one round trip and every table is written
with one COPY, so a report costs a handful of round trips whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, text

from ..report import ParseWarning, Report
from .names import alias_key
from .reference import add_unknown_council, match_council
from .rows import COLUMNS, Ids, build_rows


@dataclass(frozen=True)
class WriteResult:
    outcome: str  # loaded, unchanged or replaced
    assessment_id: int | None
    replaced_assessment_id: int | None
    warnings: int


def _lock(connection: Connection, council_name: str, published_on: date) -> None:
    connection.execute(
        text("select pg_advisory_xact_lock(hashtext('cqc-la report'), hashtext(:key))"),
        {"key": f"{alias_key(council_name)}|{published_on.isoformat()}"},
    )


def _allocate(connection: Connection, sections: int, paragraphs: int) -> Ids:
    row = connection.execute(
        text(
            """
            select
                nextval(pg_get_serial_sequence('cqc.source_document', 'document_id')),
                nextval(pg_get_serial_sequence('cqc.assessment', 'assessment_id')),
                array(select nextval(pg_get_serial_sequence('cqc.section', 'section_id'))
                      from generate_series(1, :sections)),
                array(select nextval(pg_get_serial_sequence('cqc.paragraph', 'paragraph_id'))
                      from generate_series(1, :paragraphs))
            """
        ),
        {"sections": sections, "paragraphs": paragraphs},
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
    """Store `report` on `connection`'s transaction (the caller commits)."""
    published_on = report.published_on.value
    assert isinstance(published_on, date)
    printed_name = str(report.council_name.value)
    _lock(connection, printed_name, published_on)
    if connection.execute(
        text("select 1 from cqc.source_document where sha256 = :sha"), {"sha": report.sha256}
    ).first():
        return WriteResult("unchanged", None, None, 0)

    extra: list[ParseWarning] = []
    council_id = match_council(connection, printed_name)
    if council_id is None:
        council_id = add_unknown_council(connection, printed_name)
        extra.append(
            ParseWarning(
                "unknown_council",
                f"council name {printed_name.strip()!r} matches no council of the reference list; "
                "loaded as a new council without an ONS code",
                report.council_name.line_start,
            )
        )

    previous = connection.execute(
        text(
            "select assessment_id, document_id from cqc.assessment "
            "where council_id = :council and published_on = :published and detail = 'report'"
        ),
        {"council": council_id, "published": published_on},
    ).first()
    if previous is not None:
        connection.execute(text("delete from cqc.source_document where document_id = :d"), {"d": previous[1]})
    connection.execute(
        text(
            "delete from cqc.assessment where detail = 'summary' and council_id = :council "
            "and date_trunc('month', published_on) = date_trunc('month', cast(:published as date))"
        ),
        {"council": council_id, "published": published_on},
    )

    ids = _allocate(connection, len(report.sections), len(report.blocks))
    rows = build_rows(report, ids, council_id, loader_version, extra)
    write_rows(connection, rows)
    outcome = "replaced" if previous is not None else "loaded"
    message = None
    if previous is not None:
        message = f"replaced assessment {previous[0]} (an earlier version of this report)"
    connection.execute(
        text(
            "insert into cqc.load_log (file_name, sha256, outcome, assessment_id, message, loader_version) "
            "values (:file, :sha, :outcome, :assessment, :message, :version)"
        ),
        {
            "file": report.file_name,
            "sha": report.sha256,
            "outcome": outcome,
            "assessment": ids.assessment_id,
            "message": message,
            "version": loader_version,
        },
    )
    return WriteResult(
        outcome, ids.assessment_id, previous[0] if previous else None, len(rows["load_warning"])
    )

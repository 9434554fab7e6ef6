"""Write the files of one report (a group) as one assessment, in one transaction.

The stored files of the same assessment are read back, the assembly decision is made over them and the
new files (`assembly.choose`), and only when the chosen pieces differ from what is stored is anything
written: the old assessment is replaced atomically (its document, and every file none of whose parts
is used any more), so loading the same set again is `unchanged`, a changed tab replaces that tab, and a
cut-off copy never replaces a complete one. A replacement keeps the assessment's `assessment_id` (the
same council and publication date is the same assessment, whole or partial), so an id a user noted
keeps working; its sections and paragraphs are new rows. Every new file ends as `loaded`, `replaced`,
`unchanged` (with the reason when it is not simply already stored) or `failed`, and `cqc.load_log`
says what changed, and which stored document the new one replaced.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, text

from ..addresses import report_url
from ..assembly import FileParts, Group, Piece, assemble, combine, is_whole_file, signature, used_files
from ..parsing.parse import parse_source
from ..parsing.parts import part_name
from ..parsing.vocabulary import vocabulary
from ..report import ParseWarning, Report, ReportError
from ..source_text import SourceText
from .outcome import FileOutcome
from .reference import add_unknown_council, match_council
from .rows import build_rows
from .stored import (
    RUN_ORDER_BASE,
    STORED_FILES,
    StoredAssessment,
    delete_unused_files,
    insert_file,
    insert_segments,
    read_stored,
)
from .writer import allocate, write_rows


def _lock(connection: Connection, council_key: str, published_on: date | None) -> None:
    connection.execute(
        text("select pg_advisory_xact_lock(hashtext('cqc-la report'), hashtext(:key))"),
        {"key": f"{council_key}|{published_on.isoformat() if published_on else 'undated'}"},
    )


def _council(connection: Connection, group: Group) -> tuple[int, list[ParseWarning]]:
    council_id = match_council(connection, group.council_name)
    if council_id is not None:
        return council_id, []
    line = group.members[0].report.council_name.line_start
    return add_unknown_council(connection, group.council_name), [
        ParseWarning(
            "unknown_council",
            f"council name {group.council_name!r} matches no council of the reference list; "
            "loaded as a new council without an ONS code",
            line,
        )
    ]


def _date_from_store(connection: Connection, council_id: int, group: Group) -> date | str:
    """The date of the one stored report of the council, or the reason there is none to join."""
    found = (
        connection.execute(
            text(
                "select published_on from cqc.assessment where council_id = :council and detail <> 'summary' "
                "order by published_on"
            ),
            {"council": council_id},
        )
        .scalars()
        .all()
    )
    if len(found) == 1:
        return found[0]
    expected = (
        "a publication date ('Assessment published: <date>' or the banner 'Published: <date>'), or one "
        f"report of {group.council_name} to add this tab to"
    )
    if not found:
        return f"expected {expected}, found no date and no report of that council stored or in this run"
    dates = ", ".join(published.isoformat() for published in found)
    return f"expected {expected}, found {len(found)} stored reports ({dates}): load it with its summary page"


def _file_parts(report: Report, order: int) -> FileParts:
    return FileParts(
        key=report.sha256,
        name=report.file_name,
        order=order,
        segments=report.segments,
        cut_line=report.cut_off.line if report.cut_off else None,
    )


def _why_unused(file: FileParts, chosen: list[Piece], assessment_id: int | None) -> str:
    names = {statement.number: statement.name for statement in vocabulary().statements}
    parts = [part for part in dict.fromkeys(s.part for s in file.segments) if part != "front"]
    listed = ", ".join(part_name(part, names) for part in parts) or "its title"
    where = f"assessment {assessment_id}" if assessment_id else "this run"
    if file.cut_line is not None:
        return (
            f"nothing written: the file is cut off (line {file.cut_line}) and a complete copy of "
            f"{listed} is already in {where}"
        )
    return f"nothing written: a newer or more complete copy of {listed} is already in {where}"


def _map_error(error: ReportError, combined: SourceText) -> str:
    """A parse error of the assembled text, named by the file and line it came from."""
    origin = combined.origin(error.line) if error.line else None
    where = f"{origin.file}:{origin.line}" if origin else combined.name
    found = f", found {error.found}" if error.found is not None else ""
    return f"{where}: expected {error.expected}{found}"


def write_group(connection: Connection, group: Group, loader_version: str) -> list[FileOutcome]:
    """Store one group (see the module docstring) on `connection`'s transaction (the caller commits)."""
    outcomes: dict[str, FileOutcome] = {}
    fresh: list[tuple[str, Report]] = []
    for member in group.members:
        seen = next((path for path, report in fresh if report.sha256 == member.report.sha256), None)
        if seen is not None:
            outcomes[member.path] = FileOutcome(member.path, "unchanged", message=f"the same file as {seen}")
            continue
        fresh.append((member.path, member.report))
    council_id, extra = _council(connection, group)
    published_on = group.published_on
    if published_on is None:
        resolved = _date_from_store(connection, council_id, group)
        if isinstance(resolved, str):
            return [FileOutcome(m.path, "failed", message=f"{m.path}: {resolved}") for m in group.members]
        published_on = resolved
    _lock(connection, group.council_key, published_on)
    stored_shas = set(
        connection.execute(
            text(STORED_FILES),
            {"shas": [report.sha256 for _, report in fresh]},
        ).scalars()
    )
    for path, report in list(fresh):
        if report.sha256 in stored_shas:
            outcomes[path] = FileOutcome(path, "unchanged")
            fresh.remove((path, report))
    if not fresh:
        return [outcomes[m.path] for m in group.members]

    previous = connection.execute(
        text(
            "select assessment_id, document_id from cqc.assessment "
            "where council_id = :council and published_on = :published and detail <> 'summary'"
        ),
        {"council": council_id, "published": published_on},
    ).first()
    stored: StoredAssessment | None = read_stored(connection, previous[0], previous[1]) if previous else None
    new_parts = [_file_parts(report, RUN_ORDER_BASE + index) for index, (_, report) in enumerate(fresh)]
    files = (stored.files if stored else []) + new_parts
    pieces = assemble(files)
    used = {file.key for file in used_files(pieces)}
    paths = {report.sha256: path for path, report in fresh}
    if stored is not None and signature(pieces) == stored.signature:
        for file in new_parts:
            outcomes[paths[file.key]] = FileOutcome(
                paths[file.key],
                "unchanged",
                stored.assessment_id,
                _why_unused(file, pieces, stored.assessment_id),
            )
        return [outcomes[m.path] for m in group.members]

    reports = {report.sha256: report for _, report in fresh}
    sources: dict[str, SourceText] = dict(stored.sources) if stored else {}
    for report in reports.values():
        assert report.source is not None
        sources[report.sha256] = report.source
    if is_whole_file(pieces) and pieces[0].file.key in reports:
        assessment = reports[pieces[0].file.key]
        starts = [segment.line_start for segment in assessment.segments]
    else:
        lead = pieces[0].file.name
        others = len(used) - 1
        name = lead if not others else f"{lead} (+{others} more file{'s' if others > 1 else ''})"
        combined, starts = combine(pieces, sources, name)
        try:
            assessment = parse_source(combined)
        except ReportError as error:
            message = _map_error(error, combined)
            return [
                outcomes.get(m.path) or FileOutcome(m.path, "failed", message=message) for m in group.members
            ]

    if previous is not None:
        connection.execute(text("delete from cqc.source_document where document_id = :d"), {"d": previous[1]})
        assert stored is not None
        delete_unused_files(connection, [file.key for file in stored.files if file.key not in used])
    if assessment.overall_rating is not None:
        connection.execute(
            text(
                "delete from cqc.assessment where detail = 'summary' and council_id = :council "
                "and date_trunc('month', published_on) = date_trunc('month', cast(:published as date))"
            ),
            {"council": council_id, "published": published_on},
        )
    file_ids = dict(stored.file_ids) if stored else {}
    for key in used:
        if key not in file_ids:
            report = reports[key]
            file_ids[key] = insert_file(
                connection, sources[key], report.cut_off.line if report.cut_off else None, loader_version
            )
    ids = allocate(
        connection, len(assessment.sections), len(assessment.blocks), previous[0] if previous else None
    )
    address = next(
        (found for key in sorted(used) if (found := report_url(sources[key].url or "")) is not None), None
    )
    rows = build_rows(assessment, ids, council_id, loader_version, extra, published_on, address)
    write_rows(connection, rows)
    insert_segments(connection, ids.document_id, pieces, starts, file_ids)
    warnings = len(rows["load_warning"])
    for path, report in fresh:
        if report.sha256 not in used:
            file = next(f for f in new_parts if f.key == report.sha256)
            outcomes[path] = FileOutcome(
                path, "unchanged", previous[0] if previous else None, _why_unused(file, pieces, None)
            )
            continue
        outcome = "replaced" if previous is not None else "loaded"
        change = _change_message(report, tuple(previous) if previous else None, assessment)
        outcomes[path] = FileOutcome(path, outcome, ids.assessment_id, change, warnings)
        connection.execute(
            text(
                "insert into cqc.load_log (file_name, sha256, outcome, assessment_id, message, loader_version) "
                "values (:file, :sha, :outcome, :assessment, :message, :version)"
            ),
            {
                "file": path,
                "sha": report.sha256,
                "outcome": outcome,
                "assessment": ids.assessment_id,
                "message": change,
                "version": loader_version,
            },
        )
    return [outcomes[m.path] for m in group.members]


def _change_message(report: Report, replaced: tuple[int, int] | None, assessment: Report) -> str | None:
    """What this file changed, for the load log; None for a whole report loaded for the first time."""
    names = {statement.number: statement.name for statement in vocabulary().statements}
    parts = ", ".join(part_name(p, names) for p in report.parts if p != "front") or "its title"
    detail = ""
    if assessment.detail == "partial":
        missing = ", ".join(assessment.missing_parts) or "none"
        detail = (
            f"; the assessment is partial (missing: {missing}{', cut off' if assessment.cut_off else ''})"
        )
    if replaced is None:
        return (
            f"gives {parts}{detail}" if assessment.detail == "partial" or report is not assessment else None
        )
    assessment_id, document_id = replaced
    return (
        f"replaced assessment {assessment_id} (its earlier version, document {document_id}; the id is kept): "
        f"this file gives {parts}{detail}"
    )

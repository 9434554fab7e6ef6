"""The files an assessment is made of, read back from the database and written to it.

The assembly decision (`assembly/choose.py`) needs, for every stored file, its parts and where it was
cut off (`FileParts`), and, when the assessment is assembled again, its text with its furniture and
pages (`SourceText`). Both come from `cqc.source_file` and `cqc.source_segment`; nothing is re-read
from disk, so a tab loaded last month still takes part when one of its sibling tabs changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from ..assembly import FileParts, Piece
from ..report import Segment
from ..source_text import SourceText

# Digests of files that are part of a stored assessment (a file is kept only while a segment uses it).
STORED_FILES = (
    "select f.sha256 from cqc.source_file f where f.sha256 = any(:shas) "
    "and exists (select 1 from cqc.source_segment s where s.file_id = f.file_id)"
)
STORED_ORDER_BASE = 0  # stored files are older than every file of the run (run files: RUN_ORDER_BASE + i)
RUN_ORDER_BASE = 1 << 40


@dataclass(frozen=True)
class StoredAssessment:
    assessment_id: int
    document_id: int
    files: list[FileParts]
    sources: dict[str, SourceText]
    file_ids: dict[str, int]
    signature: tuple[tuple[str, str, int, int], ...]


def read_stored(connection: Connection, assessment_id: int, document_id: int) -> StoredAssessment:
    rows = connection.execute(
        text(
            """
            select f.file_id, f.sha256, f.file_name, f.media_type, f.url, f.byte_count, f.extracted_text,
                   f.furniture_lines, f.running_lines, f.line_pages, f.cut_off_line,
                   s.part, s.file_line_start, s.file_line_end
            from cqc.source_segment s
            join cqc.source_file f on f.file_id = s.file_id
            where s.document_id = :document
            order by s.segment_no
            """
        ),
        {"document": document_id},
    ).all()
    sources: dict[str, SourceText] = {}
    file_ids: dict[str, int] = {}
    cut: dict[str, int | None] = {}
    used: list[tuple[str, Segment]] = []
    for row in rows:
        sha = row.sha256
        if sha not in sources:
            sources[sha] = SourceText(
                name=row.file_name,
                media_type=row.media_type,
                sha256=sha,
                byte_count=row.byte_count,
                text=row.extracted_text,
                furniture=frozenset(row.furniture_lines),
                pages=tuple(row.line_pages),
                url=row.url,
                running=frozenset(row.running_lines),
            )
            file_ids[sha] = row.file_id
            cut[sha] = row.cut_off_line
        used.append((sha, Segment(row.part, row.file_line_start, row.file_line_end)))
    # a stored file offers the segments that were used; the parts it lost to a newer copy stay lost
    files = [
        FileParts(
            key=sha,
            name=sources[sha].name,
            order=STORED_ORDER_BASE + file_ids[sha],
            segments=tuple(segment for owner, segment in used if owner == sha),
            cut_line=cut[sha],
        )
        for sha in sources
    ]
    signature = tuple((sha, s.part, s.line_start, s.line_end) for sha, s in used)
    return StoredAssessment(assessment_id, document_id, files, sources, file_ids, signature)


def insert_file(connection: Connection, source: SourceText, cut_line: int | None, loader_version: str) -> int:
    return int(
        connection.execute(
            text(
                "insert into cqc.source_file (sha256, file_name, media_type, url, byte_count, extracted_text, "
                "line_count, furniture_lines, running_lines, line_pages, cut_off_line, loader_version) values "
                "(:sha, :name, :media, :url, :bytes, :text, :lines, :furniture, :running, :pages, :cut, :version) "
                "returning file_id"
            ),
            {
                "sha": source.sha256,
                "name": source.name,
                "media": source.media_type,
                "url": source.url,
                "bytes": source.byte_count,
                "text": source.text,
                "lines": source.line_count,
                "furniture": sorted(source.furniture),
                "running": sorted(source.running),
                "pages": list(source.pages),
                "cut": cut_line,
                "version": loader_version,
            },
        ).scalar_one()
    )


def insert_segments(
    connection: Connection, document_id: int, pieces: list[Piece], starts: list[int], file_ids: dict[str, int]
) -> None:
    """One row per piece, with the line of the assembled text it starts at (`combine` gives `starts`)."""
    rows = [
        {
            "document": document_id,
            "no": number,
            "file": file_ids[piece.file.key],
            "part": piece.segment.part,
            "start": piece.segment.line_start,
            "end": piece.segment.line_end,
            "at": start,
        }
        for number, (piece, start) in enumerate(zip(pieces, starts, strict=True), start=1)
    ]
    connection.execute(
        text(
            "insert into cqc.source_segment (document_id, segment_no, file_id, part, file_line_start, "
            "file_line_end, document_line_start) values (:document, :no, :file, :part, :start, :end, :at)"
        ),
        rows,
    )


def delete_unused_files(connection: Connection, keys: list[str]) -> None:
    """Files no assessment uses any more (every part of them was replaced)."""
    if keys:
        connection.execute(
            text(
                "delete from cqc.source_file f where f.sha256 = any(:keys) "
                "and not exists (select 1 from cqc.source_segment s where s.file_id = f.file_id)"
            ),
            {"keys": keys},
        )

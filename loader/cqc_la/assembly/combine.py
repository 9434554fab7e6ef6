"""The assembled text of a report made of several files, with the origin of every line.

The chosen pieces (`choose.assemble`) are joined in order; a blank separator line goes between two
pieces when the first does not end with one, so that no paragraph runs from one tab into the next. Each
line keeps the file, page and line it came from (`SourceText.origins`), and each file's furniture and
running page lines keep their role, so the parser reads the result like any other source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ..source_text import LineOrigin, SourceText
from .choose import Piece, signature


def combine(
    pieces: list[Piece], sources: Mapping[str, SourceText], name: str
) -> tuple[SourceText, list[int]]:
    """One `SourceText` of the pieces, and the 1-based line at which each piece starts in it.

    `sources` maps each file's key (sha256) to its text."""
    lines: list[str] = []
    starts: list[int] = []
    origins: list[LineOrigin | None] = []
    furniture: set[int] = set()
    running: set[int] = set()
    for piece in pieces:
        source = sources[piece.file.key]
        source_lines = source.lines
        if lines and lines[-1].strip():
            lines.append("")
            origins.append(None)
        starts.append(len(lines) + 1)
        for number in range(piece.segment.line_start, piece.segment.line_end + 1):
            if number - 1 in source.furniture:
                furniture.add(len(lines))
            if number - 1 in source.running:
                running.add(len(lines))
            lines.append(source_lines[number - 1].rstrip("\r"))
            origins.append(source.origin(number))
    text = "\n".join(lines)
    key = hashlib.sha256(repr(signature(pieces)).encode()).hexdigest()
    media = {sources[piece.file.key].media_type for piece in pieces}
    combined = SourceText(
        name=name,
        media_type=media.pop() if len(media) == 1 else "text/plain",
        sha256=key,
        byte_count=len(text.encode()),
        text=text,
        furniture=frozenset(furniture),
        running=frozenset(running),
        origins=tuple(origins),
    )
    return combined, starts

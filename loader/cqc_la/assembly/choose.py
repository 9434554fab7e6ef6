"""Which copy of each part of a report wins: a pure decision over the files of one assessment.

The files of one assessment are those already stored and those of this run, oldest first. For every
part (`front`, `about`, `summary`, `qs1` ... `qs9`) the best copy wins:

1. a copy from a file that is not cut off beats one from a cut-off file, which beats the very part in
   which a cut-off file stops (so a part never makes what is stored worse);
2. among equals, the newest wins (a tab replaces the same tab; a changed page replaces the old one).

The front (title and banner dates) comes from the file that gives the summary, else the about page,
else the best front. Every other chosen file's own front lines (its title printed again, `Downloads`)
go with its first chosen part, so nothing of a file that is used is left out. A file none of whose parts
wins is not part of the assessment: the caller says why it changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parsing.parts import PART_ORDER
from ..report import Segment


@dataclass(frozen=True)
class FileParts:
    """What the decision needs to know of one file: its parts, where it was cut off, its age."""

    key: str  # sha256 of the file's bytes
    name: str
    order: int  # lower is older; stored files come before the run's
    segments: tuple[Segment, ...]
    cut_line: int | None  # the line at which the file stops inside something, or None

    def rank(self, part: str) -> int:
        if self.cut_line is None:
            return 2
        holds_cut = any(
            segment.part == part and segment.line_start <= self.cut_line <= segment.line_end
            for segment in self.segments
        )
        return 0 if holds_cut else 1

    def has(self, part: str) -> bool:
        return any(segment.part == part for segment in self.segments)


@dataclass(frozen=True)
class Piece:
    """Lines of one file placed in the assembled text, in order."""

    file: FileParts
    segment: Segment


def _best(files: list[FileParts], part: str) -> FileParts | None:
    holders = [file for file in files if file.has(part)]
    return max(holders, key=lambda file: (file.rank(part), file.order), default=None)


def winners(files: list[FileParts]) -> dict[str, FileParts]:
    """The file that gives each part (parts no file has are absent)."""
    chosen: dict[str, FileParts] = {}
    for part in PART_ORDER[1:]:
        best = _best(files, part)
        if best is not None:
            chosen[part] = best
    lead = chosen.get("summary") or chosen.get("about")
    if lead is None or not lead.has("front"):
        lead = _best(files, "front")
    if lead is not None:
        chosen["front"] = lead
    return chosen


def assemble(files: list[FileParts]) -> list[Piece]:
    """The pieces of the assembled report, in the framework's order (see the module docstring)."""
    chosen = winners(files)
    pieces: list[Piece] = []
    placed: set[str] = set()
    for part in PART_ORDER:
        file = chosen.get(part)
        if file is None:
            continue
        if file.key not in placed and part != "front":
            pieces += [Piece(file, s) for s in file.segments if s.part == "front"]
        placed.add(file.key)
        pieces += [Piece(file, s) for s in file.segments if s.part == part]
    return pieces


def used_files(pieces: list[Piece]) -> list[FileParts]:
    return list({piece.file.key: piece.file for piece in pieces}.values())


def signature(pieces: list[Piece]) -> tuple[tuple[str, str, int, int], ...]:
    """What the assembled report is made of: equal signatures mean the same assembled text."""
    return tuple((p.file.key, p.segment.part, p.segment.line_start, p.segment.line_end) for p in pieces)


def is_whole_file(pieces: list[Piece]) -> bool:
    """Whether the pieces are exactly one file's segments in its own order (no assembly needed)."""
    if not pieces or len({piece.file.key for piece in pieces}) != 1:
        return False
    return [piece.segment for piece in pieces] == list(pieces[0].file.segments)

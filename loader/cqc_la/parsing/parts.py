"""Which parts of a report a file holds, where each part's lines are, and whether the file was cut off.

CQC publishes a report as tabs: a summary page, one page per quality statement, and an about page.
A user may save one tab, several, the whole report as one page, or copy part of a page that stops in
the middle. The parser reads whatever is there; this module names what it found as **parts**
(`front`, `about`, `summary`, `qs1` ... `qs9`), each with the line ranges it covers (`Segment`), so that
the assembly step can put the tabs of one report together and decide which copy of a part wins
without knowing anything about formats.

A file is **cut off** when it ends inside something it started: a last paragraph that stops
mid-sentence, a heading at the end with nothing under it, a statement section with no key findings
(`statements.py`), or a whole-report page (summary and statement sections) whose later statements never
come. A cut-off part is loaded, but never replaces a complete copy of the same part.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..report import ParseWarning, Section, Segment
from .blocks import Chunk
from .headings import Role
from .sections import Structure

PART_ORDER = ("front", "about", "summary", *(f"qs{number}" for number in range(1, 10)))
REQUIRED_PARTS = ("summary", *(f"qs{number}" for number in range(1, 10)))
_PART_OF_KIND = {
    "front_matter": "front",
    "about": "about",
    "financial_facts": "about",
    "overall_summary": "summary",
    "people_experience": "summary",
    "strengths_summary": "summary",
}
# What a sentence or a paragraph may end with when it was printed whole.
_ENDINGS = (".", "!", "?", ":", ";", ")", "]", '"', "'", "\u2019", "\u201d", "\u2026", "%", "*")


def part_name(part: str, statement_names: dict[int, str]) -> str:
    """A part as a reader would name it: 'the summary', 'quality statement 3 (Equity in ...)'."""
    if part.startswith("qs"):
        number = int(part[2:])
        return f"quality statement {number} ({statement_names.get(number, '?')})"
    return {"front": "the title", "about": "the about page", "summary": "the summary"}[part]


def _section_part(section: Section, pending: str | None) -> str | None:
    if section.qs_no is not None and section.kind != "theme":
        return f"qs{section.qs_no}"
    return _PART_OF_KIND.get(section.kind)


def segments(sections: Sequence[Section], last_line: int) -> tuple[Segment, ...]:
    """Every line of the file in exactly one segment, each segment one part, in file order.

    A theme heading and its introduction go with the statement after them; page chrome and unknown
    sections go with the part they sit in (or, before any part, with the front)."""
    owners: list[str] = []
    # the statement of the first statement section after each section (one backward pass)
    next_statement: list[int | None] = [None] * (len(sections) + 1)
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        is_statement = section.qs_no is not None and section.kind != "theme"
        next_statement[index] = section.qs_no if is_statement else next_statement[index + 1]
    for index, section in enumerate(sections):
        part = _section_part(section, None)
        if part is None and section.kind == "theme":
            later = next_statement[index + 1]
            part = f"qs{later}" if later is not None else None
        if part is None:
            part = owners[-1] if owners else "front"
        owners.append(part)
    found: list[Segment] = []
    for index, (section, part) in enumerate(zip(sections, owners, strict=True)):
        start = 1 if index == 0 else section.line_start
        if found and found[-1].part == part:
            continue
        if found:
            previous = found[-1]
            found[-1] = Segment(previous.part, previous.line_start, start - 1)
        found.append(Segment(part, start, last_line))
    return tuple(found)


def cut_off_at_end(
    chunks: Sequence[Chunk], roles: Sequence[Role | None], structure: Structure, statement_count: int
) -> ParseWarning | None:
    """Whether the file stops inside what it started (see the module docstring), with the line."""
    content = [
        index
        for index, role in enumerate(roles)
        if not (role is not None and role.kind in ("chrome", "title"))
    ]
    if not content:
        return None
    last = chunks[content[-1]]
    if last.block_no in structure.section_heads:
        section = structure.sections[structure.chunk_section[last.block_no]]
        if section.kind not in ("front_matter",):
            return ParseWarning(
                "cut_off",
                f"the file ends after the heading {last.text.strip()!r} with nothing under it: loaded as a part",
                last.line_end,
            )
    elif not last.is_list_item and not last.text.lstrip().startswith("|"):
        ending = last.text.rstrip()
        if ending and not ending.endswith(_ENDINGS):
            return ParseWarning(
                "cut_off",
                f"the file ends mid-sentence ({ending[-40:]!r}): loaded as a part",
                last.line_end,
            )
    if structure.summary and structure.drafts:
        listed = {entry.qs_no for entry in structure.summary}
        after = sorted(number for number in listed if number > max(structure.drafts))
        if after:
            return ParseWarning(
                "cut_off",
                f"the file holds the summary and statement sections but ends before statement {after[0]}: "
                "loaded as a part",
                last.line_end,
            )
    return None


def missing_parts(found: set[str]) -> tuple[str, ...]:
    return tuple(part for part in REQUIRED_PARTS if part not in found)

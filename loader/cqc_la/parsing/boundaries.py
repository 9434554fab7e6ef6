"""Whether a file holds one report: not too large to be one, and no second report after the first.

A file that holds two reports (two saved pages joined, a script that appended a second council's page)
would otherwise load as one: the second report's paragraphs filed under the first council, its scores
read as duplicates. So a file is rejected, naming the line where the second report starts, when a title
is printed again and what follows it is a report of its own:

- a title of **another council** (or of the same council with **another publication date** printed
  under it), followed within a few blocks by a report's front matter or first heading (a publication
  date, `About <council>`, `Overall summary`, a theme or a statement name);
- or the **same title** followed by a part the file has already given: a second overall summary (its
  rating or scores heading) or financial facts, or a second section for a statement already read.

The page title printed again is not a second report: a browser's title bar, a footer, a PDF's running
header are followed by nothing of a report (or by the next part of the same one), and the tabs of one
report put together by `assembly.combine` repeat the same title over different parts.

The size limits come first and cost nothing: CQC's longest report is about 130,000 characters and, as
a PDF's hard-wrapped text, about 2,000 lines. A file forty times longer is not one report, and rejecting
it in one line keeps a stray multi-megabyte file (the seed repeated 400 times was once loaded and
replaced the real report) from being parsed at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..report import ReportError
from .blocks import Chunk
from .front import PILOT_TITLE, SITE_SUFFIX, TITLE, as_date, read_dates
from .headings import Role
from .sections import Structure
from .text import key

MAX_CHARACTERS = 5_000_000
MAX_LINES = 50_000
LONGEST_REPORT = "CQC's longest report is about 130,000 characters and 2,000 lines"

# Roles that open a report's body or front: what a second title must be followed by.
_OPENS_REPORT = frozenset(
    {
        "about",
        "demographics",
        "financial_facts",
        "overall_summary",
        "rating_heading",
        "scores_heading",
        "statement",
        "theme",
    }
)
# Parts a report prints once: seen again after the same title, they are a second copy of the report.
_PRINTED_ONCE = frozenset({"overall_summary", "rating_heading", "scores_heading", "financial_facts"})
_TITLE_REACH = 8  # blocks after a title (chrome not counted) that hold its report's front matter
_CHROME_REACH = 24  # blocks looked at after a title, chrome included
_MAX_TITLE_WORDS = 30
_MAX_PILOT_TITLE_WORDS = 16


def check_size(file_name: str, text: str) -> None:
    """Reject, in one line, a text too large to be one report (before any other work is done on it)."""
    if len(text) > MAX_CHARACTERS:
        raise ReportError(
            file_name,
            None,
            f"one report of at most {MAX_CHARACTERS:,} characters ({LONGEST_REPORT})",
            f"{len(text):,} characters",
        )
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise ReportError(
            file_name,
            None,
            f"one report of at most {MAX_LINES:,} lines ({LONGEST_REPORT})",
            f"{lines:,} lines",
        )


def _title_name(chunk: Chunk) -> tuple[str, bool] | None:
    """The council a line names as a report title, and whether it is a pilot's `<Council> assessment`."""
    if chunk.words > _MAX_TITLE_WORDS or "ssessment" not in chunk.match or chunk.text.count("\n") > 2:
        return None  # the cheap tests first: most blocks are not titles
    line = SITE_SUFFIX.sub("", " ".join(chunk.match.split()))
    found = TITLE.match(line)
    if found:
        return found.group("name").strip(" *_#"), False
    if not chunk.is_single_line or chunk.words > _MAX_PILOT_TITLE_WORDS:
        return None
    found = PILOT_TITLE.match(line)
    if found is None or found.group("name").lower().startswith(("how ", "we ", "the ")):
        return None
    return found.group("name").strip(" *_#"), True


def _is_chrome(role: Role | None) -> bool:
    return role is not None and role.kind == "chrome"


def _opening(
    chunks: Sequence[Chunk], roles: Sequence[Role | None], index: int, pilot: bool
) -> tuple[bool, date | None]:
    """Whether the blocks just after a title open a report, and the publication date printed there.

    A pilot-shaped title (`<Council> assessment`, which a sub-heading can also read as) opens a report
    only when a date follows it."""
    following: list[Chunk] = []
    opens = False
    for later in range(index + 1, min(len(chunks), index + 1 + _CHROME_REACH)):
        role = roles[later]
        if _is_chrome(role):
            continue
        if role is not None and role.kind == "title":
            break
        if role is not None and role.kind in _OPENS_REPORT:
            opens = True
            break
        following.append(chunks[later])
        if len(following) >= _TITLE_REACH:
            break
    dates = read_dates(following)
    published = as_date(dates.get("published_on") or dates.get("banner_published_on"))
    if pilot:
        return published is not None, published
    return opens or bool(dates), published


def check_one_report(
    file_name: str,
    chunks: Sequence[Chunk],
    roles: Sequence[Role | None],
    structure: Structure,
    title_index: int,
    council_name: str,
    published: date | None,
) -> None:
    """Raise `ReportError` at the title of a second report in the file (see the module docstring).

    One pass over the blocks: each title is judged on the few blocks after it, and a part printed again
    is charged to the latest same-council title before it that opens a report."""
    council = key(council_name)
    statement_of = {
        section.heading_block: section.qs_no
        for section in structure.sections
        if section.kind == "quality_statement" and section.heading_block is not None
    }
    first_seen: dict[object, int] = {}  # a part printed once ('rating_heading', statement 3) -> block
    repeat_title: Chunk | None = None  # the latest title of this report printed again, opening a report
    for index in range(title_index + 1, len(chunks)):
        chunk, role = chunks[index], roles[index]
        titled = _title_name(chunk)
        if titled is not None and (key(titled[0]) == council or not _is_chrome(role)):
            name, pilot = titled
            opens, date_printed = _opening(chunks, roles, index, pilot)
            other = key(name) != council or (
                date_printed is not None and published is not None and date_printed != published
            )
            if opens and other:
                _second_report(file_name, chunk)
            if opens:
                repeat_title = chunk
            continue
        part: object = None
        if chunk.block_no in statement_of:
            part = statement_of[chunk.block_no]
        elif role is not None and role.kind in _PRINTED_ONCE:
            part = role.kind
        if part is None:
            continue
        seen = first_seen.setdefault(part, chunk.block_no)
        if repeat_title is not None and seen < repeat_title.block_no:
            _second_report(file_name, repeat_title)


def _second_report(file_name: str, title: Chunk) -> None:
    printed = " ".join(title.text.split())
    raise ReportError(
        file_name,
        title.line_start,
        "one report per file",
        f"a second report starting at line {title.line_start} ('{printed[:100]}')",
    )

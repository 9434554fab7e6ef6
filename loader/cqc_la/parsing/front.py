"""The report's identity: title and council name, kind, publication dates, overall rating.

These facts are printed once, near the top, in fixed phrases (`<Council>: local authority
assessment`, `Assessment published:`, the banner `Published: ... Page last updated: ...`, the rating
word under `Local authority rating and score`). Pilots (November 2023) say `<Council> assessment`,
`Assessment start date:` and `Local authority indicative rating`. The phrases are the tables below.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice

from ..report import Figure, ReportError
from .blocks import Chunk
from .numbers import DATE, date_from_match
from .vocabulary import Vocabulary

# `(?<!\s)`: the name ends where its words end, so a long run of spaces is not tried at each of them.
TITLE = re.compile(
    r"^(?P<name>.+?)(?<!\s)\s*[:\-|,]\s*local\s+authority\s+assessment(?:\s+report)?\s*$", re.IGNORECASE
)
PILOT_TITLE = re.compile(r"^(?P<name>\S.{2,120}?)\s+assessment\s*$", re.IGNORECASE)
# The browser's page title, as a saved page prints it first: '<Council>: local authority assessment - Care
# Quality Commission'. Used only when no line prints the title alone.
SITE_SUFFIX = re.compile(
    r"(?<!\s)\s*[-|\u2013\u2014]\s*(?:the\s+)?(?:care\s+quality\s+commission|cqc)\s*$", re.IGNORECASE
)
_DATE = DATE.pattern
DATE_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "published_on",
        # 'Assessment published: 3 October 2025', 'Date of publication: 03/10/2025' (UK numeric: day first),
        # 'Published on 3 October 2025' (the banner's 'Published:' has a colon and no 'on')
        re.compile(
            rf"(?:assessment\s+published\s*(?:on)?|date\s+of\s+(?:assessment\s+)?publication|(?<!\w)published\s+on)"
            rf"\s*:?\s*(?P<date>{_DATE})",
            re.IGNORECASE,
        ),
    ),
    (
        "assessment_started_on",
        re.compile(
            rf"assessment\s+(?:start\s+date|started(?:\s+on)?)\s*:?\s*(?P<date>{_DATE})", re.IGNORECASE
        ),
    ),
    (
        "banner_published_on",
        re.compile(rf"(?<!assessment )(?<!\w)published\s*:\s*(?P<date>{_DATE})", re.IGNORECASE),
    ),
    ("banner_updated_on", re.compile(rf"page\s+last\s+updated\s*:?\s*(?P<date>{_DATE})", re.IGNORECASE)),
)
_DATE_WORDS = re.compile(
    r"[Pp]ublished|[Pp]ublication|[Ss]tart|[Uu]pdated|PUBLISHED|PUBLICATION|START|UPDATED"
)
OVERALL_PCT = re.compile(
    r"scored\s+(?P<num>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent|out\s+of\s+100)(?:\s+overall)?"
    # the summary tab from late 2025: 'Overall rating for City of York Council: 39%'
    r"|overall\s+rating\s+for\s+[^:\n]{2,120}?:\s*(?P<pct>\d{1,3})\s*(?:%|per\s?cent)",
    re.IGNORECASE,
)
# A pilot's indicative rating printed as its label: 'Good: Evidence shows a good standard'.
PILOT_LABEL = re.compile(
    r"^\s*(?P<rating>inadequate|requires improvement|good|outstanding)\s*[:\-]\s*evidence shows",
    re.IGNORECASE,
)
_MAX_TITLE_SEARCH = 12  # lines of the report itself (page chrome before the title is not counted)


@dataclass(frozen=True)
class Front:
    title_index: int
    council_name: Figure
    kind: str  # formal or pilot
    dates: dict[str, Figure]
    overall_pct: Figure | None


def figure(chunk: Chunk, start: int, end: int, value: object) -> Figure:
    """A value read from `chunk.text[start:end]`, with the lines it was printed on."""
    return Figure(
        value=value,  # type: ignore[arg-type]
        printed=chunk.text[start:end],
        block_no=chunk.block_no,
        line_start=chunk.line_of(start),
        line_end=chunk.line_of(max(start, end - 1)),
    )


def find_title(chunks: list[Chunk], file_name: str, skip: Collection[int] = ()) -> tuple[int, Figure, str]:
    """The title chunk, the council name as printed and the kind of report (formal or pilot).

    `skip`: indexes of page chrome (cookie banner, breadcrumb...), which neither count towards the search
    window nor can be the title."""
    window = list(islice((chunk for chunk in chunks if chunk.block_no not in skip), _MAX_TITLE_SEARCH))
    for strip_site in (False, True):
        for chunk in window:
            if chunk.is_single_line or (chunk.text.count("\n") <= 2 and chunk.words <= 30):
                line = chunk.match.strip()  # a title wrapped on a printed page reads as one line here
                if strip_site:
                    line = SITE_SUFFIX.sub("", line)
                found = TITLE.match(line)
                if found:
                    return chunk.block_no, _name(chunk, found), "formal"
    for chunk in window:
        if chunk.is_single_line and chunk.words <= 16:
            found = PILOT_TITLE.match(chunk.match.strip())
            if found and not found.group("name").lower().startswith(("how ", "we ", "the ")):
                return chunk.block_no, _name(chunk, found), "pilot"
    first = chunks[0] if chunks else None
    raise ReportError(
        file_name,
        first.line_start if first else None,
        "a title '<Council>: local authority assessment'",
        repr(first.text[:60]) if first else "no text",
    )


def names_title(chunk: Chunk, council_name: str) -> bool:
    """Whether a line is the report's title printed again (with or without the site's name after it)."""
    if chunk.words > 30 or "ssessment" not in chunk.match or council_name.lower() not in chunk.match.lower():
        return False  # the cheap tests first: most lines are not titles
    line = SITE_SUFFIX.sub("", chunk.match.strip())
    found = TITLE.match(line) or PILOT_TITLE.match(line)
    return found is not None and found.group("name").strip(" *_#").lower() == council_name.lower()


def _name(chunk: Chunk, found: re.Match[str]) -> Figure:
    offset = chunk.match.index(chunk.match.strip())
    start = offset + found.start("name")
    end = offset + found.end("name")
    name = chunk.text[start:end].strip().strip("*_").strip()
    return Figure(
        value=name,
        printed=chunk.text.strip(),
        block_no=chunk.block_no,
        line_start=chunk.line_start,
        line_end=chunk.line_end,
    )


def read_dates(chunks: list[Chunk]) -> dict[str, Figure]:
    """Publication, start and banner dates printed before the themes (first of each wins)."""
    dates: dict[str, Figure] = {}
    for chunk in chunks:
        if "20" not in chunk.match or not _DATE_WORDS.search(chunk.match):
            continue
        for name, pattern in DATE_PHRASES:
            if name in dates:
                continue
            found = pattern.search(chunk.match)
            if found:
                value = date_from_match(DATE.match(found.group("date")))  # type: ignore[arg-type]
                if value is not None:
                    dates[name] = figure(chunk, found.start("date"), found.end("date"), value)
    return dates


def read_overall_pct(chunks: list[Chunk]) -> Figure | None:
    for chunk in chunks:
        cheap = "cored" in chunk.match or "CORED" in chunk.match or "ating for" in chunk.match
        found = OVERALL_PCT.search(chunk.match) if cheap else None
        if found:
            return figure(
                chunk, found.start(), found.end(), Decimal(found.group("num") or found.group("pct"))
            )
    return None


def read_rating(
    candidates: list[Chunk], heading: Chunk | None, vocabulary: Vocabulary, file_name: str
) -> Figure:
    """The rating word printed under the rating heading (or on the heading line itself)."""
    if heading is not None:
        rating = vocabulary.rating(heading.text)
        if rating:
            return _rating_figure(heading, rating)
    for chunk in candidates:
        pilot = PILOT_LABEL.match(chunk.match)
        if pilot:
            rating = vocabulary.rating(pilot.group("rating"))
            if rating:
                return figure(chunk, pilot.start("rating"), pilot.end("rating"), rating)
        if chunk.is_single_line and (chunk.words <= 6 or (chunk.is_list_item and chunk.words <= 16)):
            rating = vocabulary.rating(chunk.text)
            if rating:
                return _rating_figure(chunk, rating)
        elif chunk.words <= 16 and chunk.text.count("\n") == 1:
            # a summary tab's bullet: '• City of York Council' / '  Requires improvement' (or on one line)
            rating = vocabulary.rating(chunk.text.rsplit("\n", 1)[1])
            if rating:
                return _rating_figure(chunk, rating)
    line = heading.line_start if heading else None
    found = repr(candidates[0].text[:60]) if candidates else "no rating word"
    raise ReportError(
        file_name, line, "an overall rating word (Outstanding, Good, Requires improvement, Inadequate)", found
    )


def _rating_figure(chunk: Chunk, rating: str) -> Figure:
    words = len(rating.split())
    tokens = chunk.text.strip().split()
    printed = " ".join(tokens[-words:]).strip("*_:. ")
    start = chunk.text.rfind(printed)
    return figure(chunk, start, start + len(printed), rating)


def published_on(dates: dict[str, Figure], file_name: str, near: Chunk | None) -> Figure:
    """`Assessment published:` date, else the banner's `Published:` date; a report must have one."""
    found = dates.get("published_on") or dates.get("banner_published_on")
    if found is None:
        raise ReportError(
            file_name, near.line_end if near else None, "'Assessment published: <date>'", "none"
        )
    return found


def as_date(found: Figure | None) -> date | None:
    return found.value if found is not None and isinstance(found.value, date) else None

"""The printed layout of a text copy: hard-wrapped lines and page furniture (a PDF converted to text).

The printable "Downloads" copy, converted with `pdftotext` or copied from a PDF viewer, differs from a
web-page copy in two ways that matter before any vocabulary is applied:

- every paragraph is hard-wrapped at a fixed width, and a continuation line may start with a capital,
  a digit or `£` (`... the England average of` / `62.7%.`), so "starts in lower case" is not enough to
  see that a line carries on the paragraph above it;
- each page ends and starts with running lines (`Page 3 of 24`, `Published 14 May 2025`, the report's
  title) and a form feed, wherever the page break falls, often in the middle of a sentence.

This module only measures the layout (`Layout`): the wrap width when the text is hard-wrapped, and
the line numbers of page furniture. `blocks.split_chunks` uses it to join wrapped lines into their
paragraph and to keep furniture lines inside the chunk they interrupt (in its raw lines, not its text),
so a page break splits no paragraph and no sentence, and never becomes a heading or a finding.

Page furniture is recognised by a phrase table (page numbers) and, for running headers and footers,
by repetition: a line printed at least twice, each time next to a page number or a form feed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .text import for_matching

# Whole-line patterns (lower case, look-alike characters normalised) for page numbers.
PAGE_NUMBER: tuple[str, ...] = (
    r"(?:page\s*)?\d{1,3}\s*(?:of|/)\s*\d{1,3}",  # 'Page 3 of 24', '3 of 24', '3/24'
    r"page\s*\d{1,3}",  # 'Page 3'
    r"-\s*\d{1,3}\s*-",  # '- 3 -'
)
_PAGE_NUMBER = re.compile("^(?:" + "|".join(PAGE_NUMBER) + ")$")
_PAGE_START = re.compile(
    r"\s*[\fPp\d-]"
)  # a cheap first test: what a page number or form feed line starts with
_BARE_NUMBER = re.compile(r"^\d{1,3}$")  # a page number printed alone: furniture only next to a form feed
FORM_FEED = "\f"
MAX_FURNITURE_CHARS = 120
CLUSTER_REACH = 3  # non-blank lines either side of a page break that may be running lines
MIN_REPEATS = 2

# Hard-wrap detection: almost no long lines, and enough lines of text to measure a width.
WRAP_MAX_LONG_SHARE = 0.02  # share of non-blank lines longer than WRAP_LONG
WRAP_LONG = 130
WRAP_MIN_LINES = 20  # lines of at least WRAP_MIN_CHARS
WRAP_MIN_CHARS = 50
FULL_SHARE = 0.7  # a line at least this share of the wrap width is "full": the paragraph goes on
HALF_SHARE = 0.4  # an open sentence this long goes on with a figure on the next line


class Layout(NamedTuple):
    wrap_width: int | None  # the width text is hard-wrapped at, or None (paragraphs are long lines)
    furniture: frozenset[int]  # 0-based indexes of page furniture lines

    def is_full(self, line: str) -> bool:
        """Whether a line reaches the wrap margin (so the paragraph it is in carries on)."""
        return self.wrap_width is not None and len(line.rstrip()) >= FULL_SHARE * self.wrap_width

    def is_half(self, line: str) -> bool:
        """Whether a line is long enough to be part of a paragraph rather than a heading of a few words."""
        return self.wrap_width is not None and len(line.rstrip()) >= HALF_SHARE * self.wrap_width


NO_LAYOUT = Layout(None, frozenset())


def _norm(line: str) -> str:
    return for_matching(line.replace(FORM_FEED, " ")).strip().lower()


def _is_page_number(line: str) -> bool:
    return len(line) <= 40 and bool(_PAGE_NUMBER.match(_norm(line)))


def _furniture(lines: Sequence[str], has_role: Callable[[str], bool]) -> frozenset[int]:
    breaks = [
        index
        for index, line in enumerate(lines)
        if (len(line) <= 40 and _PAGE_START.match(line))
        and (
            FORM_FEED in line
            or _is_page_number(line)
            or (_BARE_NUMBER.match(_norm(line)) and _next_to_form_feed(lines, index))
        )
    ]
    breaks += [index for index, line in enumerate(lines) if len(line) > 40 and FORM_FEED in line]
    breaks.sort()
    if not breaks:
        return frozenset()
    found = {
        index for index in breaks if _is_page_number(lines[index]) or _BARE_NUMBER.match(_norm(lines[index]))
    }
    # lines near a page break, by their text; running lines are the texts seen near two or more breaks.
    # The non-blank lines either side are found by bisection (walking to them would cross a run of blank
    # lines once per page break).
    near: dict[str, set[int]] = {}
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for index in breaks:
        after = bisect_left(filled, index if FORM_FEED in lines[index] else index + 1)
        before = bisect_left(filled, index)
        for cursor in (
            *filled[max(0, before - CLUSTER_REACH) : before],
            *filled[after : after + CLUSTER_REACH],
        ):
            text = _norm(lines[cursor])
            if len(text) <= MAX_FURNITURE_CHARS:
                near.setdefault(text, set()).add(cursor)
    counts = Counter(_norm(line) for line in lines if line.strip())
    for text, indexes in near.items():
        if (
            len(indexes) >= MIN_REPEATS
            and 2 * len(indexes) > counts[text]  # most of its printings are at page breaks
            and not text.endswith((".", ";", ","))  # running lines are not sentences
            and any(character.isalpha() for character in text)
            and not has_role(text)
        ):
            found.update(indexes)
    # a form feed line of running text (the header of the next page)
    for index in breaks:
        if (
            FORM_FEED in lines[index]
            and index not in found
            and not lines[index].replace(FORM_FEED, "").strip()
        ):
            found.add(index)
    return frozenset(found)


def _next_to_form_feed(lines: Sequence[str], index: int) -> bool:
    return FORM_FEED in lines[index] or any(
        0 <= other < len(lines) and FORM_FEED in lines[other] for other in (index - 1, index + 1)
    )


def _wrap_width(lines: Sequence[str], furniture: frozenset[int]) -> int | None:
    long_lines = sum(1 for line in lines if len(line) > WRAP_LONG)
    if long_lines > WRAP_MAX_LONG_SHARE * len(lines):
        return None  # paragraphs printed as long lines (most copies): no need to measure
    lengths = [
        len(line.rstrip()) for index, line in enumerate(lines) if line.strip() and index not in furniture
    ]
    if not lengths:
        return None
    measured = sorted(length for length in lengths if length >= WRAP_MIN_CHARS)
    if long_lines > WRAP_MAX_LONG_SHARE * len(lengths) or len(measured) < WRAP_MIN_LINES:
        return None
    return measured[int(0.95 * (len(measured) - 1))]


# a cheap test for any page break: a form feed, or a line that reads as a page number ('\n' first: fast)
_ANY_BREAK = re.compile(
    r"\n[ \t]*(?:[Pp]age[ \t]*\d|-[ \t]*\d{1,3}[ \t]*-|\d{1,3}[ \t]*(?:of|/)[ \t]*\d{1,3}[ \t]*\r?(?:\n|$))"
)


def measure_layout(
    lines: Sequence[str], has_role: Callable[[str], bool] = lambda _: False, text: str | None = None
) -> Layout:
    """The wrap width and the page furniture of a report's lines (`has_role`: a line is a heading)."""
    text = "\n" + (text if text is not None else "\n".join(lines))  # `text`: the lines as one string
    has_breaks = FORM_FEED in text or _ANY_BREAK.search(text) is not None
    if sum(length > WRAP_LONG for length in map(len, lines)) > WRAP_MAX_LONG_SHARE * len(lines):
        # paragraphs printed as long lines (most copies): not hard-wrapped
        return Layout(None, _furniture(lines, has_role)) if has_breaks else NO_LAYOUT
    if not has_breaks:
        return Layout(_wrap_width(lines, frozenset()), frozenset())
    furniture = _furniture(lines, has_role)
    return Layout(_wrap_width(lines, furniture), furniture)

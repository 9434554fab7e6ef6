"""Lines to chunks: the headings, paragraphs and list items of a report, before their roles are known.

A chunk is the unit that becomes a `Block`: one markdown heading line, one list item, or one
paragraph (consecutive lines that read as one). Blank lines and `---` rules only separate chunks and
belong to none; every other line belongs to exactly one chunk, in order, so the source can be rebuilt
from the chunks' raw lines.

Whether a plain line is a heading is decided later, by vocabulary (`headings.py`); this module only
knows markdown markers. Consecutive plain lines are joined into one paragraph only when the next one
starts in lower case (a hard-wrapped sentence), so a layout with no blank lines at all still gives one
chunk per printed paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .text import for_matching

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*?)[ \t#]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25e6\u25cf\u00b7\u2023\u2043]|\d{1,2}[.)])\s+(?=\S)")
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^\s*>\s?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_BOLD_LINE = re.compile(r"^\s*(?:[-*+\u2022]\s+)?(\*\*|__)(?!\s)(?:(?!\1).)+(?<!\s)\1[\s:.]*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


class Chunk(NamedTuple):
    """One heading, paragraph or list item as printed, with its markdown markers noted.

    A named tuple rather than a dataclass: a report has hundreds of chunks and they are made in a
    tight loop (an immutable record either way).
    """

    block_no: int  # its Block number (0-based, in order)
    raw: str  # source lines joined by '\n'
    text: str  # markers removed, one text line per source line
    match: str  # `text` normalised one-for-one for matching
    line_start: int
    line_end: int
    md_level: int | None  # '#' count when the line was a markdown heading
    is_list_item: bool
    words: int  # approximate (spaces + 1, capped): only compared with small limits
    emphasised: bool = False  # a single line printed wholly in bold (`**Strategic planning**`)

    @property
    def is_marked(self) -> bool:
        """Printed as a heading by markup: a `#` line or a line wholly in bold."""
        return self.md_level is not None or self.emphasised

    @property
    def is_single_line(self) -> bool:
        return self.line_start == self.line_end

    def line_of(self, offset: int) -> int:
        """The source line holding character `offset` of `text` (or `match`)."""
        return self.line_start + self.text.count("\n", 0, max(offset, 0))


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


def strip_inline(text: str) -> str:
    """Remove inline markdown (links, bold, emphasis, escapes), keeping the words as printed."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub("", text)
        if "*" in text:
            text = _EMPHASIS.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return text.strip()


_MARKER_STARTS = frozenset("-*+\u2022\u25aa\u25e6\u25cf\u00b7\u2023\u2043#>0123456789")


def _strip_line(line: str) -> tuple[str, int | None, bool]:
    """A line's words without markers, its heading level and whether it opens a list item."""
    stripped = line.lstrip()
    if stripped[:1] not in _MARKER_STARTS:
        return strip_inline(line), None, False
    if stripped.startswith("#"):
        heading = _HEADING.match(line)
        if heading and heading.group(2):
            return strip_inline(heading.group(2)), len(heading.group(1)), False
    if stripped.startswith(">"):
        line = _QUOTE.sub("", line, count=1)
    item = _LIST_ITEM.match(line)
    if item:
        return strip_inline(line[item.end() :]), None, True
    return strip_inline(line), None, False


def _continues(previous: str, line: str, is_heading: Callable[[str], bool]) -> bool:
    """Whether a plain line carries on the paragraph above it: only a hard wrap, which starts in lower case
    and does not follow a heading line (`Financial facts` then `the financial facts for X are:`).

    Any other line is a paragraph of its own, so a layout without blank lines still gives one chunk per
    printed paragraph (and a heading line is never swallowed by the paragraph above it).
    """
    return line.lstrip()[:1].islower() and not is_heading(previous)


def split_chunks(lines: Sequence[str], is_heading: Callable[[str], bool] = lambda _: False) -> list[Chunk]:
    """Group source lines into chunks (1-based line numbers, blank lines and rules belong to none).

    `is_heading(words)` says a plain line is a recognised heading (asked only before joining a line).
    """
    chunks: list[Chunk] = []
    raw: list[str] = []
    texts: list[str] = []
    start = 0
    level: int | None = None
    listed = False

    def close() -> None:
        nonlocal raw, texts
        if raw:
            text = "\n".join(texts)
            chunks.append(
                Chunk(
                    len(chunks),
                    "\n".join(raw),
                    text,
                    for_matching(text),
                    start,
                    start + len(raw) - 1,
                    level,
                    listed,
                    text.count(" ") + len(texts) if len(text) < 300 else 300,
                    len(raw) == 1 and bool(_BOLD_LINE.match(raw[0])),
                )
            )
        raw, texts = [], []

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or (stripped[0] in "-*_" and _RULE.match(stripped)):
            if raw:
                close()
            continue
        words, heading_level, opens_item = _strip_line(line)
        joins = (
            raw
            and level is None
            and heading_level is None
            and not opens_item
            and (
                (listed and (line[:1].isspace() or line.lstrip()[:1].islower()))
                or (not listed and len(texts) == 1 and _continues(texts[-1], words, is_heading))
                or (not listed and len(texts) > 1 and words.lstrip()[:1].islower())
            )
        )
        if joins:
            raw.append(line)
            texts.append(words)
            continue
        if raw:
            close()
        raw, texts = [line], [words]
        start, level, listed = number, heading_level, opens_item
    close()
    return chunks

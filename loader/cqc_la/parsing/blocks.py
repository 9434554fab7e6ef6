"""Lines to chunks: the headings, paragraphs and list items of a report, before their roles are known.

A chunk is the unit that becomes a `Block`: one markdown heading line, one list item, or one
paragraph (consecutive lines that read as one). Blank lines and `---` rules only separate chunks and
belong to none; every other line belongs to exactly one chunk, in order, so the source can be rebuilt
from the chunks' raw lines.

Whether a plain line is a heading is decided later, by vocabulary (`headings.py`); this module only
knows markdown markers. Consecutive plain lines are joined into one paragraph only when they read as
a hard-wrapped sentence (the next line starts in lower case, or the previous one is long and unfinished
and the next is not heading-like), so a layout with no blank lines at all still gives one chunk per
printed paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .text import for_matching

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*?)[ \t#]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25e6\u25cf\u00b7\u2023\u2043]|\d{1,2}[.)])\s+(?=\S)")
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^\s*>\s?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_UNFINISHED_MIN = 60  # a line this long without a full stop is probably hard-wrapped
_TERMINAL = ('.', '!', '?', ':', ';', '"', "'", ")", "]", "\u201d", "\u2019")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One heading, paragraph or list item as printed, with its markdown markers noted."""

    index: int
    raw: str  # source lines joined by '\n'
    text: str  # markers removed, one text line per source line
    match: str  # `text` normalised one-for-one for matching
    line_start: int
    line_end: int
    md_level: int | None  # '#' count when the line was a markdown heading
    is_list_item: bool
    words: int

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


def _strip_line(line: str) -> tuple[str, int | None, bool]:
    """A line's words without markers, its heading level and whether it opens a list item."""
    if line.lstrip().startswith("#"):
        heading = _HEADING.match(line)
        if heading and heading.group(2):
            return strip_inline(heading.group(2)), len(heading.group(1)), False
    if line.lstrip().startswith(">"):
        line = _QUOTE.sub("", line, count=1)
    item = _LIST_ITEM.match(line)
    if item:
        return strip_inline(line[item.end() :]), None, True
    return strip_inline(line), None, False


def _continues(previous: str, line: str, starts_block: Callable[[str], bool]) -> bool:
    """Whether a plain line carries on the paragraph above it (a hard wrap) rather than starting one."""
    first = line.lstrip()[:1]
    if first.islower():
        return True
    previous = previous.rstrip()
    if len(previous) < _UNFINISHED_MIN or previous.endswith(_TERMINAL):
        return False
    return not starts_block(line)


def split_chunks(lines: Sequence[str], starts_block: Callable[[str], bool] = lambda _: False) -> list[Chunk]:
    """Group source lines into chunks. `starts_block(stripped_line)` says a line looks like a heading."""
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
                    index=len(chunks),
                    raw="\n".join(raw),
                    text=text,
                    match=for_matching(text),
                    line_start=start,
                    line_end=start + len(raw) - 1,
                    md_level=level,
                    is_list_item=listed,
                    words=len(text.split()),
                )
            )
        raw, texts = [], []

    for number, line in enumerate(lines, start=1):
        if not line.strip() or _RULE.match(line):
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
                or (not listed and _continues(raw[-1], words, starts_block))
            )
        )
        if joins:
            raw.append(line)
            texts.append(words)
            continue
        close()
        raw, texts = [line], [words]
        start, level, listed = number, heading_level, opens_item
    close()
    return chunks

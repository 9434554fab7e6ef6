"""Lines to chunks: the headings, paragraphs and list items of a report, before their roles are known.

A chunk is the unit that becomes a `Block`: one markdown heading line, one list item, or one
paragraph (consecutive lines that read as one). Blank lines and `---` rules only separate chunks and
belong to none; every other line belongs to exactly one chunk, in order, so the source can be rebuilt
from the chunks' raw lines.

Whether a plain line is a heading is decided later, by vocabulary (`headings.py`); this module only
knows markdown markers. Consecutive plain lines are joined into one paragraph only when the next one
starts in lower case (a hard-wrapped sentence), so a layout with no blank lines at all still gives one
chunk per printed paragraph. In a hard-wrapped copy (a PDF as text, `layout.py`) a line also carries on
the paragraph when the line above reaches the wrap margin and the line itself is no recognised heading;
page furniture lines (`Page 3 of 24`, a running header) stay in the raw lines of the chunk they
interrupt but not in its text, so a page break splits no paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .layout import NO_LAYOUT, Layout
from .text import for_matching

# The words are group 2 without its closing `#`s and spaces (`str.rstrip`: a lazy group before
# `[ \t#]*$` would try the tail again at every character, quadratic on a long line of `# # # ...`).
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*)$")
# pandoc / kramdown attributes after a heading: '## Safeguarding {#safeguarding}', '{.unnumbered}'
_ATTRIBUTES = re.compile(r"\{[#.][^{}]*\}")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25e6\u25cf\u00b7\u2023\u2043]|\d{1,2}[.)])\s+(?=\S)")
# a rule, or the separator line under a markdown table's header (`| --- | :---: |`): markup without words,
# which separates chunks and belongs to none
_RULE = re.compile(
    r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?|:?-{3,}:?(?:\s*\|\s*:?-{3,}:?)+\s*\|?\s*)$"
)
_QUOTE = re.compile(r"^\s*>\s?")
# Neither part runs past a `[`, so a line of unclosed `[` or `[a](` costs one pass, not one per bracket.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^)\[]*\)")
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
    text_lines: tuple[int, ...] = ()  # source line of each text line, when page furniture sits between

    @property
    def is_marked(self) -> bool:
        """Printed as a heading by markup: a `#` line or a line wholly in bold."""
        return self.md_level is not None or self.emphasised

    @property
    def is_single_line(self) -> bool:
        return "\n" not in self.text  # page furniture in its raw lines does not count

    def line_of(self, offset: int) -> int:
        """The source line holding character `offset` of `text` (or `match`).

        A bisection over the paragraph's line breaks (found once per paragraph), so that a paragraph
        with many facts costs one pass, not one pass per fact."""
        index = bisect_left(_line_breaks(self.text), offset)
        return self.text_lines[index] if self.text_lines else self.line_start + index


@lru_cache(maxsize=256)
def _line_breaks(text: str) -> tuple[int, ...]:
    """Offsets of the line breaks of a paragraph's text."""
    breaks = []
    position = text.find("\n")
    while position >= 0:
        breaks.append(position)
        position = text.find("\n", position + 1)
    return tuple(breaks)


def _without_attributes(words: str) -> str:
    """A heading's words without trailing pandoc attributes (`Safeguarding {#safeguarding}`)."""
    opening = words.rfind("{")
    closing = words.find("}", opening)
    if opening < 0 or closing < 0 or not _ATTRIBUTES.fullmatch(words, opening, closing + 1):
        return words
    if words[closing + 1 :].strip().strip("#").strip():
        return words  # more words after the attributes: not attributes of the heading
    return words[:opening].rstrip()


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
        if text.rstrip().endswith("\\"):
            text = text.rstrip()[:-1]  # a markdown hard line break
    return text.strip()


_MARKER_STARTS = frozenset("-*+\u2022\u25aa\u25e6\u25cf\u00b7\u2023\u2043#>0123456789")


def _strip_line(line: str) -> tuple[str, int | None, bool]:
    """A line's words without markers, its heading level and whether it opens a list item."""
    stripped = line.lstrip()
    if stripped[:1] not in _MARKER_STARTS:
        return strip_inline(line), None, False
    if stripped.startswith("#"):
        heading = _HEADING.match(line)
        words = heading.group(2).rstrip(" \t#") if heading else ""
        if heading and words:
            if "{" in words:
                words = _without_attributes(words)
            return strip_inline(words), len(heading.group(1)), False
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


def _wrapped_heading(previous: str, words: str, is_heading: Callable[[str], bool]) -> bool:
    """A heading wrapped at the margin of a printed page: 'Assessment and care planning for unpaid carers,
    child's carers' / 'and child carers' is one heading when the whole of it is one."""
    return (
        words.lstrip()[:1].islower()
        and is_heading(previous)
        and is_heading(previous.rstrip() + " " + words.strip())
    )


_TERMINAL = (".", "!", "?", ":", ";")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")  # a word broken at the margin ('co-' / 'production')
_FIGURE_STARTS = frozenset("0123456789\u00a3%(")


def _wraps_on(
    previous: str, words: str, single: bool, layout: Layout, is_heading: Callable[[str], bool]
) -> bool:
    """In a hard-wrapped copy: whether a line that does not start in lower case carries on the paragraph
    above it (the line above reaches the wrap margin, and neither line is a recognised heading)."""
    if is_heading(words) or (single and is_heading(previous)):
        return False
    if layout.is_full(previous):
        # ... unless a sentence ended at the margin and a short line of no sentence follows: a heading
        return not (
            previous.rstrip().endswith(_TERMINAL)
            and not words.rstrip().endswith(_TERMINAL + (",",))
            and not layout.is_full(words)
        )
    # a figure carrying on an open sentence: '... the England average of' / '62.7%.'
    return (
        words.lstrip()[:1] in _FIGURE_STARTS
        and not previous.rstrip().endswith(_TERMINAL)
        and layout.is_half(previous)
    )


def split_chunks(
    lines: Sequence[str],
    is_heading: Callable[[str], bool] = lambda _: False,
    layout: Layout = NO_LAYOUT,
) -> list[Chunk]:
    """Group source lines into chunks (1-based line numbers, blank lines and rules belong to none).

    `is_heading(words)` says a plain line is a recognised heading (asked only before joining a line).
    `layout` gives the wrap width of a hard-wrapped copy and its page furniture lines (see `layout.py`).
    """
    chunks: list[Chunk] = []
    raw: list[str] = []
    texts: list[str] = []
    numbers: list[int] = []  # source line number of each text line
    last = 0  # source line number of the last raw line
    start = 0
    level: int | None = None
    listed = False
    furniture = layout.furniture
    wrapped = layout.wrap_width is not None
    after_break = False  # page furniture was absorbed since the last text line
    merged = False  # a hyphenated word or a wrapped heading was joined into one line of the open chunk
    furniture_next = _furniture_ahead(lines, furniture) if furniture else []

    def close() -> None:
        nonlocal raw, texts, numbers, merged
        if raw and texts:
            text = "\n".join(texts)
            contiguous = not (furniture or merged) or (
                numbers[-1] - numbers[0] == len(numbers) - 1 and numbers[0] == start and not merged
            )
            chunks.append(
                Chunk(
                    len(chunks),
                    "\n".join(raw),
                    text,
                    for_matching(text),
                    start,
                    last,
                    level,
                    listed,
                    text.count(" ") + len(texts) if len(text) < 300 else 300,
                    len(raw) == 1 and bool(_BOLD_LINE.match(raw[0])),
                    () if contiguous else tuple(numbers),
                )
            )
        raw, texts, numbers, merged = [], [], [], False

    for number, line in enumerate(lines, start=1):
        if furniture and number - 1 in furniture:
            if raw:  # kept in the chunk it interrupts (raw lines only), which stays open
                raw.append(line)
                last = number
                after_break = True
            else:  # nothing to keep it in (the start of the file): a chunk of its own
                raw, texts, numbers = [line], [_strip_line(line)[0]], [number]
                start, last, level, listed = number, number, None, False
                close()
            continue
        stripped = line.strip()
        if not stripped or (stripped[0] in "-*_|:" and _RULE.match(stripped)):
            if raw and not after_break and not (furniture and furniture_next[number]):
                close()
            continue
        words, heading_level, opens_item = _strip_line(line)
        if after_break:
            after_break = False
            if raw and not _continues_after_break(
                texts, words, heading_level, opens_item, level, layout, is_heading
            ):
                close()
        joins = (
            raw
            and texts
            and level is None
            and heading_level is None
            and not opens_item
            and (
                (
                    listed
                    and (line[:1].isspace() or line.lstrip()[:1].islower())
                    and not (
                        line[:1].isspace() and is_heading(words)
                    )  # '  • Assessing needs' / '    Score: 3'
                )
                or (not listed and len(texts) == 1 and _continues(texts[-1], words, is_heading))
                or (not listed and len(texts) > 1 and words.lstrip()[:1].islower())
                or (wrapped and _wraps_on(texts[-1], words, len(texts) == 1, layout, is_heading))
            )
        )
        if (
            not joins
            and wrapped
            and raw
            and len(texts) == 1
            and level is None
            and heading_level is None
            and not opens_item
            and _wrapped_heading(texts[-1], words, is_heading)
        ):
            raw.append(line)  # a heading wrapped at the margin: one heading line, as it reads
            last = number
            texts[-1] = texts[-1].rstrip() + " " + words.strip()
            merged = True
            continue
        if joins:
            raw.append(line)
            last = number
            if wrapped and words[:1].islower() and _HYPHEN_END.search(texts[-1]):
                # 'evidence-' / 'based' in a hard-wrapped copy: one word as printed ('evidence-based');
                # the raw lines keep the break, the text line keeps the line the word starts on
                texts[-1] = texts[-1].rstrip() + words.lstrip()
                merged = True
            else:
                texts.append(words)
                numbers.append(number)
            continue
        if raw:
            close()
        raw, texts, numbers = [line], [words], [number]
        start, last, level, listed = number, number, heading_level, opens_item
    close()
    return chunks


def _furniture_ahead(lines: Sequence[str], furniture: frozenset[int]) -> list[bool]:
    """For each index, whether the first non-blank line at or after it is page furniture (one backward
    pass: asking line by line would walk every run of blank lines once per blank line)."""
    ahead = [False] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        ahead[index] = index in furniture if lines[index].strip() else ahead[index + 1]
    return ahead


def _continues_after_break(
    texts: list[str],
    words: str,
    heading_level: int | None,
    opens_item: bool,
    level: int | None,
    layout: Layout,
    is_heading: Callable[[str], bool],
) -> bool:
    """Whether the first line after a page break carries on the chunk before it: a sentence left open
    (the line above reaches the margin and ends no sentence), or a line in lower case."""
    if not texts or level is not None or heading_level is not None or opens_item:
        return False
    previous = texts[-1].rstrip()
    if len(texts) == 1 and is_heading(previous):
        return False
    if words.lstrip()[:1].islower():
        return True
    return layout.is_full(previous) and not previous.endswith(_TERMINAL) and not is_heading(words)

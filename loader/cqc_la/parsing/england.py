"""Where a paragraph prints an England value: the anchor of each comparison and the England figure(s).

Reports print the England figure in several shapes (phrase tables below, on lower-cased text):
- after the words: `the England average of 62.72%`, `against a national average of 36.8 per cent`,
  `(England average 44.4%)`, `(England 62.7%)`, `(England: 19.0)`;
- before them: `compared with 67.1% nationally`, `44.4 per cent across England`, `61.9% in England`,
  `the 57.7% England average`;
- two averages at once: `the regional and England averages of 77.9% and 79.6% respectively` (one
  comparison, the England figure is the one in England's place) and `the England averages of 71.1% and
  87.8% respectively` (two comparisons, paired in order with the council's two figures).

A `Point` says where the comparison's anchor is (the council's figure is looked for before it) and
which England figure(s) it gives; `national.py` reads the rest of the comparison around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# England value after the anchor words.
ANCHOR = re.compile(
    r"(?:england|english|national)(?:'s)? averages?\b|average (?:for|in|across|of) england\b"
    r"|england and (?:the )?(?:regional|london|comparator) averages\b"
    r"|\(\s*england\s*:?(?=\s*\d)"
)
ENGLAND_VALUE = re.compile(
    r"[^\d;]{0,30}?(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?![\d/]|-\d)\s?(?P<pct>%|per\s?cent\b)?"
)
# England value before the words that say it is England's. Only after a word that introduces a second
# figure ('compared with', 'against'...), so that '5 councils in England' is never an England value.
# words after the figure that say it is England's: 'nationally', 'in England' (and the anchor words above:
# 'the 57.7% England average')
VALUE_WORDS = re.compile(r"nationally\b|(?<=\s)(?:across|in|for) england\b")
_VALUE_WORDS_QUICK = ("nationally", "in england", "across england", "for england")
VALUE_FIRST = re.compile(
    r"(?:compared\s+(?:with|to)|against|versus|vs\.?|with|the)\s+(?:an?\s+|the\s+)?"
    r"(?P<num>\d+(?:\.\d+)?)(?![\d/])\s?(?P<pct>%|per\s?cent\b)?\s+$"
)
_VALUE_FIRST_REACH = 48  # characters before the words in which the England figure is printed
# '... (regional and) England averages of 77.9% and 79.6% respectively'
# Possessive spaces (`\s*+`): what follows each run starts with no space, so a long run is read once (with
# backtracking, three runs in a row would be tried in every split).
RESPECTIVELY = re.compile(
    r"\s*+(?:of|were|was|at|are|:)?\s*+\(?\s*+(?P<a>\d+(?:\.\d+)?)\s?(?P<pa>%|per\s?cent\b)?\s*+(?:,|and|&)\s*+"
    r"(?P<b>\d+(?:\.\d+)?)\s?(?P<pb>%|per\s?cent\b)?\s*+\)?\s*+,?\s*+respectively\b"
)
# the averages named together before 'averages': 'regional and England', 'London and England'
OTHER_AVERAGE = re.compile(
    r"(?:regional|region's|london|north east|north west|south east|south west|east of england|midlands|"
    r"comparator|statistical neighbours?'?|nearest neighbours?'?)\s+and\s+(?:the\s+)?$"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


class Value(NamedTuple):
    num: str
    pct: bool
    start: int
    end: int  # end of the figure, or of the words after it ('... 67.1% nationally')


class Point(NamedTuple):
    start: int  # where the anchor starts: the council's figure is printed before it
    end: int  # where the anchor's words end
    words: str  # the anchor as printed (lower case)
    values: tuple[Value, ...]  # the England figure; two when paired 'respectively' with two council figures
    names_england: bool  # the words name England (a missing England figure is then worth a warning)


def _value(found: re.Match[str], end: int | None = None) -> Value:
    return Value(found.group("num"), bool(found.group("pct")), found.start("num"), end or found.end())


def _respectively(lower: str, anchor: re.Match[str], end: int) -> tuple[Value, ...] | None:
    """Two averages printed together, or one average for two measures, with 'respectively'."""
    if not anchor.group(0).endswith("averages"):
        return None
    found = RESPECTIVELY.match(lower, anchor.end(), end)
    if found is None:
        return None
    first = Value(
        found.group("a"), bool(found.group("pa") or found.group("pb")), found.start("a"), found.end()
    )
    second = Value(found.group("b"), bool(found.group("pb")), found.start("b"), found.end())
    before = lower[max(0, anchor.start() - 40) : anchor.start()]
    if OTHER_AVERAGE.search(before):
        return (second,)  # 'regional and England averages of A and B': England's is B
    if anchor.group(0).startswith("england and"):
        return (first,)  # 'England and regional averages of A and B': England's is A
    return first, second


def _value_before(lower: str, position: int) -> re.Match[str] | None:
    """The England figure printed just before the words at `position` ('compared with 67.1% nationally')."""
    if not lower[position - 2 : position - 1].isdigit() and lower[position - 2 : position] not in (
        "% ",
        "t ",
    ):
        return None  # the cheap test: a figure (or 'per cent') must end right before the words
    found = VALUE_FIRST.search(lower, max(0, position - _VALUE_FIRST_REACH), position)
    return None if found is None or _YEAR.fullmatch(found.group("num")) else found


def england_points(lower: str, sentences: list[tuple[int, int]]) -> list[Point]:
    """Every England comparison anchor of a paragraph, in order, with its England figure(s)."""
    points: list[Point] = []
    starts = [start for start, _ in sentences]
    if any(words in lower for words in _VALUE_WORDS_QUICK):
        for words in VALUE_WORDS.finditer(lower):
            found = _value_before(lower, words.start())
            if found is not None:
                value = Value(found.group("num"), bool(found.group("pct")), found.start("num"), words.end())
                points.append(Point(found.start("num"), words.end(), words.group(0), (value,), True))
    for anchor in ANCHOR.finditer(lower):
        before = _value_before(lower, anchor.start()) if anchor.group(0)[0] != "(" else None
        if before is not None:  # 'the 57.7% England average'
            value = Value(before.group("num"), bool(before.group("pct")), before.start("num"), anchor.end())
            points.append(Point(before.start("num"), anchor.end(), anchor.group(0), (value,), True))
            continue
        index = bisect_right(starts, anchor.start()) - 1  # the sentence the anchor is in
        end = sentences[index][1] if index >= 0 and anchor.start() < sentences[index][1] else len(lower)
        names = "england" in anchor.group(0)
        paired = _respectively(lower, anchor, end)
        if paired is not None:
            points.append(Point(anchor.start(), anchor.end(), anchor.group(0), paired, names))
            continue
        found = ENGLAND_VALUE.match(lower, anchor.end(), end)
        if found is None or _YEAR.fullmatch(found.group("num")):
            points.append(Point(anchor.start(), anchor.end(), anchor.group(0), (), names))
            continue
        points.append(Point(anchor.start(), anchor.end(), anchor.group(0), (_value(found),), names))
    points.sort(key=lambda point: point.start)
    return points


def mentions_england(text: str) -> bool:
    """A cheap test: could this paragraph hold an England comparison at all?"""
    return (
        "verage" in text
        or "nationally" in text
        or (
            "ngland" in text
            and (
                "in England" in text
                or "(England" in text
                or "across England" in text
                or "for England" in text
            )
        )
    )


def first_value(lower: str, start: int, end: int) -> bool:
    """Whether `lower[start:end]` prints an England figure before its words ('... 67.1% nationally')."""
    return any(
        _value_before(lower, words.start()) is not None for words in VALUE_WORDS.finditer(lower, start, end)
    )

"""Where a paragraph prints an England value: the anchor of each comparison and the England figure(s).

Reports print the England figure in several shapes (phrase tables below, on lower-cased text):
- after the words: `the England average of 62.72%`, `against a national average of 36.8 per cent`,
  `(England average 44.4%)`, `(England 62.7%)`, `(England: 19.0)`;
- before them: `compared with 67.1% nationally`, `44.4 per cent across England`, `61.9% in England`,
  `the 57.7% England average`;
- two averages at once: `the regional and England averages of 77.9% and 79.6% respectively` (one
  comparison, the England figure is the one in England's place) and `the England averages of 71.1% and
  87.8% respectively` (two comparisons, paired in order with the council's two figures), also without
  `respectively` and for any number of figures (`national figures of 36.8%, 28.0% and 64.7%`, `the England
  figures were 57.7% and 67.1%`, `compared with 67.1 per cent and 57.7 per cent in England`);
- after a comparing word: `vs England 7.3`, `better than England's 19.0`, `than England (94.4 per cent)`,
  and a bare `against 83.7%` later in a sentence that compared `against 2.9% in England` (`_carried`).

A `Point` says where the comparison's anchor is (the council's figure is looked for before it) and
which England figure(s) it gives; `national.py` reads the rest of the comparison around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# England value after the anchor words.
ANCHOR = re.compile(
    r"(?:england|english|national)(?:'s)? (?:averages?|figures?|scores?)\b|average (?:for|in|across|of) england\b"
    r"|england and (?:the )?(?:regional|london|comparator) averages\b"
    r"|\(\s*england\s*:?(?=\s*\d)"
    # England named with its figure after a comparing word: 'vs England 7.3', "better than England's 19.0",
    # 'than England (94.4 per cent)' (a year after 'England' is not its figure)
    r"|(?:vs\.?|versus|against|than|with) england(?:'s)?\s*+(?::\s*+|\(\s*+)?(?=\d)(?!(?:19|20)\d\d\b)"
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
# whose figure it is, printed between the England figure and its words: '62.4% of people across England'
_OF_WHOM = re.compile(r"(?<=\s)of\s+(?:people|carers|adults|those|users|respondents)\s+$")
VALUE_FIRST = re.compile(
    r"(?P<by>compared\s+(?:with|to)|against|versus|vs\.?|with|the)\s+(?:an?\s+|the\s+)?"
    r"(?P<num>\d+(?:\.\d+)?)(?![\d/])\s?(?P<pct>%|per\s?cent\b)?\s+$"
)
_VALUE_FIRST_REACH = 48  # characters before the words in which the England figure is printed
# A list of figures ('A and B', 'A, B and C'), each with its own unit or the last one's.
_FIGURE = r"\d+(?:\.\d+)?(?![\d/])\s?(?:%|per\s?cent\b)?"
FIGURES = rf"{_FIGURE}(?:\s*+,\s*+{_FIGURE})*+\s*+,?\s*+(?:and|&)\s*+{_FIGURE}"
ONE_FIGURE = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?![\d/])\s?(?P<pct>%|per\s?cent\b)?")
# ... several England figures before the words: 'compared with 67.1 per cent and 57.7 per cent in England'
VALUES_FIRST = re.compile(rf"(?:compared\s+(?:with|to)|against|versus|vs\.?)\s+(?P<list>{FIGURES})\s+$")
_VALUES_FIRST_REACH = 90
# A bare figure after the same comparing word, later in the sentence, carries the comparison on: '3.8% were
# offered reablement, against 2.9% in England, and 85.9% of those ..., against 83.7%; both ...'
CARRYING_WORDS = frozenset({"against", "compared with", "compared to", "versus"})
# '... (regional and) England averages of 77.9% and 79.6% respectively', 'the England figures were 36.8% and
# 64.7%', 'national figures of 36.8%, 28.0% and 64.7%': one England figure per council figure, in order.
# Possessive spaces (`\s*+`): what follows each run starts with no space, so a long run is read once (with
# backtracking, three runs in a row would be tried in every split).
PAIRED = re.compile(
    rf"\s*+(?:of|were|was|at|are|:)?\s*+\(?\s*+(?P<list>{FIGURES})\s*+\)?\s*+,?\s*+(?P<respectively>respectively\b)?"
)
# the averages named together before 'averages': 'regional and England', 'London and England'
OTHER_AVERAGE = re.compile(
    r"(?:regional|region's|london|north east|north west|south east|south west|east of england|midlands|"
    r"comparator|statistical neighbours?'?|nearest neighbours?'?)\s+and\s+(?:the\s+)?$"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
# anchors whose words come first, so that a figure just before them may be England's ('the 57.7% England
# average'); not the comparing words before 'England 7.3', which follow the council's own figure
_NAMED_FIRST = ("england", "english", "national", "average")


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


def _figures(lower: str, start: int, end: int, words_end: int) -> tuple[Value, ...]:
    """The figures of a printed list, each with the last one's unit when it has none of its own."""
    found = list(ONE_FIGURE.finditer(lower, start, end))
    last_pct = bool(found[-1].group("pct")) if found else False
    return tuple(
        Value(one.group("num"), bool(one.group("pct")) or last_pct, one.start("num"), words_end)
        for one in found
    )


def _paired(lower: str, anchor: re.Match[str], end: int) -> tuple[Value, ...] | None:
    """Several averages printed together: one per council figure (paired in order), or England's among
    other areas' ('regional and England averages of A and B')."""
    words = anchor.group(0)
    if not words.endswith(("averages", "figures", "scores")):
        return None
    found = PAIRED.match(lower, anchor.end(), end)
    if found is None:
        return None
    values = _figures(lower, found.start("list"), found.end("list"), found.end())
    if len(values) < 2 or any(_YEAR.fullmatch(value.num) for value in values):
        return None
    before = lower[max(0, anchor.start() - 40) : anchor.start()]
    if len(values) == 2 and OTHER_AVERAGE.search(before):
        return (values[1],)  # 'regional and England averages of A and B': England's is B
    if len(values) == 2 and words.startswith("england and"):
        return (values[0],)  # 'England and regional averages of A and B': England's is A
    return values


def _words_start(lower: str, position: int) -> int:
    """Where the figure before the words at `position` must end: right before them, or before 'of people'."""
    whom = _OF_WHOM.search(lower, max(0, position - 24), position)
    return whom.start() if whom else position


def _value_before(lower: str, position: int) -> re.Match[str] | None:
    """The England figure printed just before the words at `position` ('compared with 67.1% nationally')."""
    position = _words_start(lower, position)
    if not lower[position - 2 : position - 1].isdigit() and lower[position - 2 : position] not in (
        "% ",
        "t ",
    ):
        return None  # the cheap test: a figure (or 'per cent') must end right before the words
    found = VALUE_FIRST.search(lower, max(0, position - _VALUE_FIRST_REACH), position)
    return None if found is None or _YEAR.fullmatch(found.group("num")) else found


def _values_before(lower: str, position: int, words_end: int) -> tuple[Value, ...]:
    """Several England figures printed before the words ('compared with 84% and 76% nationally')."""
    position = _words_start(lower, position)
    found = VALUES_FIRST.search(lower, max(0, position - _VALUES_FIRST_REACH), position)
    if found is None:
        return ()
    values = _figures(lower, found.start("list"), found.end("list"), words_end)
    return () if any(_YEAR.fullmatch(value.num) for value in values) else values


def _carried(
    lower: str, point: Point, by: str, start: int, end: int, seen: dict[tuple[str, int], list[re.Match[str]]]
) -> list[Point]:
    """Bare figures after the same comparing word later in the sentence ('..., against 83.7%;').

    The sentence (`start`..`end`) is searched once per comparing word (`seen`), so a sentence of
    thousands of comparisons costs one pass, not one pass per comparison."""
    if (by, start) not in seen:
        pattern = re.compile(
            rf"(?<![\w]){re.escape(by)}\s+(?P<num>\d+(?:\.\d+)?)(?![\d/])\s?(?P<pct>%|per\s?cent\b)?(?=\s*+(?:[;,.)]|$))"
        )
        seen[by, start] = list(pattern.finditer(lower, start, end))
    return [
        Point(found.start(), found.end(), found.group(0), (_value(found),), True)
        for found in seen[by, start]
        if found.start() >= point.end and bool(found.group("pct")) == point.values[0].pct
    ]


def _sentence_end(sentences: list[tuple[int, int]], starts: list[int], position: int, length: int) -> int:
    index = bisect_right(starts, position) - 1  # the sentence `position` is in
    return sentences[index][1] if index >= 0 and position < sentences[index][1] else length


def england_points(lower: str, sentences: list[tuple[int, int]]) -> list[Point]:
    """Every England comparison anchor of a paragraph, in order, with its England figure(s)."""
    points: list[Point] = []
    starts = [start for start, _ in sentences]
    carried: dict[tuple[str, int], list[re.Match[str]]] = {}
    if any(words in lower for words in _VALUE_WORDS_QUICK):
        for words in VALUE_WORDS.finditer(lower):
            listed = _values_before(lower, words.start(), words.end())
            if len(listed) > 1:  # 'compared with 67.1 per cent and 57.7 per cent in England'
                points.append(Point(listed[0].start, words.end(), words.group(0), listed, True))
                continue
            found = _value_before(lower, words.start())
            if found is not None:
                value = Value(found.group("num"), bool(found.group("pct")), found.start("num"), words.end())
                point = Point(found.start("num"), words.end(), words.group(0), (value,), True)
                points.append(point)
                by = " ".join(found.group("by").split())
                if by in CARRYING_WORDS:
                    end = _sentence_end(sentences, starts, point.start, len(lower))
                    index = bisect_right(starts, point.start) - 1
                    start = starts[index] if index >= 0 else 0
                    points.extend(_carried(lower, point, by, start, end, carried))
    for anchor in ANCHOR.finditer(lower):
        printed = anchor.group(0)
        before = _value_before(lower, anchor.start()) if printed.startswith(_NAMED_FIRST) else None
        if before is not None:  # 'the 57.7% England average'
            value = Value(before.group("num"), bool(before.group("pct")), before.start("num"), anchor.end())
            points.append(Point(before.start("num"), anchor.end(), printed, (value,), True))
            continue
        end = _sentence_end(sentences, starts, anchor.start(), len(lower))
        names = "england" in printed
        paired = _paired(lower, anchor, end)
        if paired is not None:
            points.append(Point(anchor.start(), anchor.end(), printed, paired, names))
            continue
        found = ENGLAND_VALUE.match(lower, anchor.end(), end)
        if found is None or _YEAR.fullmatch(found.group("num")):
            points.append(Point(anchor.start(), anchor.end(), printed, (), names))
            continue
        points.append(Point(anchor.start(), anchor.end(), printed, (_value(found),), names))
    points.sort(key=lambda point: point.start)
    unique: list[Point] = []
    for point in points:  # a carried figure also read as a point of its own: keep one
        if not unique or unique[-1].start != point.start:
            unique.append(point)
    return unique


def mentions_england(text: str) -> bool:
    """A cheap test: could this paragraph hold an England comparison at all?"""
    return "verage" in text or "nationally" in text or "ngland" in text or "national figure" in text


def first_value(lower: str, start: int, end: int) -> bool:
    """Whether `lower[start:end]` prints an England figure before its words ('... 67.1% nationally')."""
    return any(
        _value_before(lower, words.start()) is not None for words in VALUE_WORDS.finditer(lower, start, end)
    )

"""Comparisons with the England average: one `NationalMetric` row per comparison.

A comparison is anchored on the words `England average`; around the anchor the parser reads the
England value (just after it), the comparison words (the nearest `better` / `similar` / `worse`
phrase before it), the council's value (the first figure since the previous comparison in the same
sentence, or in the sentence before when the anchor sentence has none: `... 81.48% of people ... .
This is similar to the England average (83.70%).`) and the measure (the words between the council's
value and the comparison). The source is the one named right after the England value (even as the
next, source-only sentence), else the one named before the figures, else the last one named earlier
in the paragraph. Phrase tables are data at the top of the module.

Other reports' wordings: the council's figure after the England value (`the England average was
83.41% and Camden's was 91.2%`), the judgement as the next short sentence (`... of 26.2%. This was
significantly worse.`), and `higher`/`lower`/`above`/`below` the England average, which say only which
side the council is on: the measure's `higher_is` in the catalogue gives the direction, and for a
measure not in the catalogue the comparison is a warning, never a guessed direction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from ..report import NationalMetric, ParseWarning
from .blocks import Chunk
from .england import ANCHOR, Point, england_points, first_value, mentions_england
from .measures import higher_is, measure_code
from .numbers import PERCENT, YEAR_RANGE, financial_year
from .sentences import sentence_spans
from .text import lowered

# Patterns below run on lower-cased text (see `text.lowered`) and start with literal words: fast.
COMPARISON_HEAD = re.compile(
    r"better|worse|similar|in line with|comparable|the same as|close to"
    r"|(?:higher|lower|greater|smaller)(?= than\b|\s*[.;,)]|$)"
    r"|(?:above|below)(?= (?:the )?(?:england|english|national|average)\b)"
)
# Words that say which side of the average the council is, but not whether that is good: the measure's
# `higher_is` in the catalogue decides; for an unknown measure the comparison is a warning, not a row.
POLAR_WORDS = {"higher": "higher", "greater": "higher", "above": "higher", "lower": "lower", "smaller": "lower",
               "below": "lower"}  # fmt: skip
COMPARISON_LEAD = re.compile(
    r"(?:(?:significantly|somewhat|slightly|much|marginally|considerably|notably|a little|far|broadly|very"
    r"|well|statistically(?: significantly)?)\s+)?(?:(?:tends?|tending|tended)\s+(?:towards?|to\s+be)\s+)?$"
)
# The council's figure printed after the England value: 'the England average was 83.41% and Camden's was
# 91.2%', '... (7.3), compared with 8.1 in Scilly'.
VALUE_AFTER_ENGLAND = re.compile(
    r"[\s,;)]*(?:and|while|whereas|but|compared\s+(?:with|to))\s+[^.;\d%]{0,40}?(?<![\d.])"
    r"(?P<num>\d+(?:\.\d+)?)(?![\d/])\s?(?P<pct>%|per\s?cent\b)?"
)
# A judgement printed as the next, short sentence: '... compared with an England average of 26.2%. This was
# significantly worse.'
NEXT_SENTENCE_JUDGEMENT = re.compile(
    r"(?:this|that|it|which|both|each|all|these|performance|the (?:result|figure|rate)s?)\b"
)
_NEXT_SENTENCE_MAX = 100
_HEAD_LOOKAHEAD = 16
_LEAD_WINDOW = 48
# Source code -> full names (lower case, literal first word) and the abbreviation (matched as printed).
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("SACE", r"survey of adult carers(?: in england)?|carers'? survey", "SACE"),
    ("ASCS", r"adult social care survey", "ASCS"),
    ("SALT", r"short[\s-]+and[\s-]+long[\s-]+term support(?: collection)?", "SALT"),
    ("SALT", r"short[\s-]+and[\s-]+long[\s-]+term (?:return|collection|data)", "SALT"),  # 'SALT' return
    ("SAC", r"safeguarding adults collection", "SAC"),
    ("ASCOF", r"adult social care outcomes? framework", "ASCOF"),
    ("CLD", r"client level data", "CLD"),
)
_SOURCE_NAMES = tuple((code, re.compile(pattern)) for code, pattern, _ in SOURCES)
_SOURCE_CODES = re.compile(
    "|".join(sorted((abbreviation for _, _, abbreviation in SOURCES), key=len, reverse=True))
)
_BETWEEN = re.compile(r"[\s,;:.()\[\]-]*")
_SOURCE_ONLY_TAIL = re.compile(
    r"[\s,;:()\[\]-]*(?:\(?[A-Z]{2,6}\)?)?[\s,;:()\[\]-]*(?:(?:19|20)\d{2}\s?[/-]\s?\d{2,4})?[\s.,;:()\]]*$"
)
_SOURCE_TAIL_WINDOW = 30
_MEASURE_LEAD = re.compile(r"^(?:\s|,|of\b|the\b|in\b\s+\w+\s+(?=\d))+", re.IGNORECASE)
# Words that join the measure to the comparison ('..., which was', '. This is'), dropped from its end.
_CONNECTORS = frozenset("and which this that it was is were are has had been compared when while so".split())
_TRAILING_MARKS = " \t\n,;:.()-"
_BEFORE_VALUE = re.compile(
    r"(?:percentage|proportion|number|rate|share|score)\s+(?:of\s+)?(?P<m>.+?)\s+(?:was|were|is|at|stood\s+at|of)\s*$",
    re.IGNORECASE,
)
_COMPARED = re.compile(r"\(?\s*(?:compared|against|versus|vs\b|set against)", re.IGNORECASE)
_OUT_OF = re.compile(r"\bout\s+of\s+$", re.IGNORECASE)  # '19.1 out of 24': 24 is the scale, not a value
# a difference printed between the figure and the comparison: '67.5%, 0.4 percentage points above ...'
_DIFFERENCE = re.compile(r"^[\s,(]*(?:by\s+)?\d+(?:\.\d+)?\s*(?:percentage\s+)?points?\b", re.IGNORECASE)
_SCORE_VALUE = re.compile(
    r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?![\d%+/]|\.\d|\s?(?:days?|weeks?|years?|months?|hours?)\b)"
)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    code: str


def _sources(text: str, lower: str) -> list[_Mention]:
    """Every data source named in a paragraph, in order (full names in any case, abbreviations as printed)."""
    found = [
        _Mention(match.start(), match.end(), code)
        for code, pattern in _SOURCE_NAMES
        for match in pattern.finditer(lower)
    ]
    for match in _SOURCE_CODES.finditer(text):
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if not (before.isalnum() or after.isalnum()):
            found.append(_Mention(match.start(), match.end(), match.group(0)))
    found.sort(key=lambda mention: mention.start)
    return found


def _comparisons(lower: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, direction) of the comparison phrases in `lower[start:end]`, modifiers included."""
    found = []
    for head in COMPARISON_HEAD.finditer(lower, start, min(len(lower), end + _HEAD_LOOKAHEAD)):
        if head.start() >= end:
            break  # searched a little further only so that 'below (the England average)' can be seen
        if lower[head.start() - 1 : head.start()].isalpha() or lower[head.end() : head.end() + 1].isalpha():
            continue
        word = head.group(0)
        direction = word if word in ("better", "worse") else POLAR_WORDS.get(word, "similar")
        lead = COMPARISON_LEAD.search(lower, max(start, head.start() - _LEAD_WINDOW), head.start())
        phrase_start = lead.start() if lead and lead.group(0) else head.start()
        found.append((phrase_start, head.end(), direction))
    return found


def _source_after(
    text: str, position: int, sentences: list[tuple[int, int]], mentions: list[_Mention]
) -> _Mention | None:
    """A source named right after a comparison: in the same sentence, or as the next, source-only sentence."""
    gap = _BETWEEN.match(text, position)
    start = gap.end() if gap else position
    found = next((mention for mention in mentions if mention.start == start), None)
    if found is None or start - position > _SOURCE_TAIL_WINDOW:
        return None
    if "." in text[position:start]:
        index = bisect_right([s for s, _ in sentences], start) - 1
        sentence_end = sentences[index][1] if index >= 0 else len(text)
        if not _SOURCE_ONLY_TAIL.match(text, found.end, sentence_end):
            return None
    return found


def _source_for(
    text: str,
    mentions: list[_Mention],
    sentences: list[tuple[int, int]],
    unit_start: int,
    england: tuple[int, int],
    sentence_end: int,
) -> tuple[_Mention | None, bool]:
    """The source of one comparison, and whether it was only named in an earlier sentence.

    In order: named right after the England value (or as the next, source-only sentence); named in
    the comparison's own words before the England value; named later in the same sentence (one source
    for two comparisons); named earlier in the same sentence; named in an earlier sentence of the
    paragraph (then the year printed with it is not taken as the comparison's period).
    """
    england_start, england_end = england
    after = _source_after(text, england_end, sentences, mentions)
    if after is not None:
        return after, False
    own = [mention for mention in mentions if unit_start <= mention.start < england_start]
    if own:
        return own[-1], False
    later = [mention for mention in mentions if england_end <= mention.start < sentence_end]
    if later:
        return later[0], False
    following = _source_after(text, sentence_end, sentences, mentions)
    if following is not None:  # '..., and 85.92% ... (81.52%). Short and Long Term Support (SALT) 2024/2025.'
        return following, False
    index = max(bisect_right([start for start, _ in sentences], unit_start) - 1, 0)
    sentence_start = sentences[index][0] if sentences else 0
    same_sentence = [mention for mention in mentions if sentence_start <= mention.start < unit_start]
    if same_sentence:
        return same_sentence[-1], False
    earlier = [mention for mention in mentions if mention.end <= sentence_start]
    return (earlier[-1], True) if earlier else (None, False)


def _period(text: str, source: _Mention | None, unit_start: int, unit_end: int) -> str | None:
    """The year printed with the source, else a financial year printed in the comparison's sentences.

    A comparison that names no source of its own has no period: the year belongs to the source.
    """
    if source is None:
        return None
    if source is not None:
        for year in YEAR_RANGE.finditer(text, source.end, min(len(text), source.end + 28)):
            normalised = financial_year(year.group("a"), year.group("b"))
            if normalised:
                return normalised
    for year in YEAR_RANGE.finditer(text, unit_start, unit_end):
        normalised = financial_year(year.group("a"), year.group("b"))
        if normalised:
            return normalised
    return None


def _trim_connectors(words: str) -> str:
    """`people ... care and support, which was` -> `people ... care and support`."""
    while True:
        words = words.rstrip(_TRAILING_MARKS)
        last = words.rsplit(None, 1)[-1] if words else ""
        if not last or last.lower() not in _CONNECTORS:
            return words
        words = words[: len(words) - len(last)]


def _measure(chunk: Chunk, window_start: int, value: re.Match[str], stop: int) -> str:
    printed = chunk.text
    words = _trim_connectors(_MEASURE_LEAD.sub("", _DIFFERENCE.sub("", printed[value.end() : stop])))
    if _COMPARED.match(words):
        words = ""  # '41.2% compared to an England average ...': the measure was named before the figure
    if len(words.split()) >= 2:
        return words.strip()
    before = _BEFORE_VALUE.search(chunk.match, window_start, value.start())
    if before:
        return printed[before.start("m") : before.end("m")].strip()
    return " ".join(printed[window_start:stop].split())


def _council_value(text: str, start: int, end: int, percent: bool) -> re.Match[str] | None:
    if percent:
        return PERCENT.search(text, start, end)
    candidates = [
        found
        for found in _SCORE_VALUE.finditer(text, start, end)
        if not YEAR_RANGE.match(text, found.start())
    ]
    candidates = [
        found
        for found in candidates
        if not re.fullmatch(r"(?:19|20)\d{2}", found.group("num"))
        and not _OUT_OF.search(text, max(start, found.start() - 8), found.start())
    ]
    return candidates[-1] if candidates else None


def _direction(word: str, code: str | None) -> str | None:
    """`better`/`worse`/`similar` as printed, or the side a `higher`/`lower` is on for a known measure."""
    if word not in ("higher", "lower"):
        return word
    good = higher_is(code)
    if good is None:
        return None
    bad = "worse" if good == "better" else "better"
    return good if word == "higher" else bad


def _judgement_next(
    lower: str, sentences: list[tuple[int, int]], index: int, sentence_end: int
) -> tuple[tuple[int, int, str] | None, int]:
    """The comparison of a sentence that has none, printed as the next short sentence ('This was worse.')."""
    if index + 1 >= len(sentences):
        return None, sentence_end
    start, end = sentences[index + 1]
    if end - start > _NEXT_SENTENCE_MAX or not NEXT_SENTENCE_JUDGEMENT.match(lower, start):
        return None, sentence_end
    if ANCHOR.search(lower, start, end) or first_value(lower, start, end):
        return None, sentence_end  # a comparison of its own
    found = _comparisons(lower, start, end)
    return (found[0], end) if found else (None, sentence_end)


def _value_after_england(
    lower: str, position: int, sentence_end: int, percent: bool, anchors: list[Point]
) -> re.Match[str] | None:
    """The council's figure printed after the England value ('... was 83.41% and Camden's was 91.2%')."""
    found = VALUE_AFTER_ENGLAND.match(lower, position, sentence_end)
    if found is None or bool(found.group("pct")) != percent:
        return None
    if any(position <= anchor.start < sentence_end for anchor in anchors):
        return None  # another comparison follows in the sentence: the figure is likely its own
    if not percent and re.fullmatch(r"(?:19|20)\d{2}", found.group("num")):
        return None
    return found


def read_national(chunk: Chunk, qs_no: int | None) -> tuple[list[NationalMetric], list[ParseWarning]]:
    """Every England-average comparison in one paragraph or list item."""
    text = chunk.match
    if not mentions_england(text):
        return [], []
    lower = lowered(text)
    sentences = sentence_spans(text)
    points = england_points(lower, sentences)
    if not points:
        return [], []
    metrics: list[NationalMetric] = []
    warnings: list[ParseWarning] = []
    starts = [start for start, _ in sentences]
    mentions = _sources(text, lower)
    previous_end = 0

    def warn(message: str, position: int) -> None:
        warnings.append(ParseWarning("national_metric", message, chunk.line_of(position)))

    for point in points:
        index = max(bisect_right(starts, point.start) - 1, 0)
        sentence_start, sentence_end = sentences[index]
        if not point.values:
            if point.names_england:
                warn("England average without a figure", point.start)
            continue
        england = point.values[-1]
        percent = point.values[0].pct
        window_start = max(previous_end, sentence_start)
        before_anchor = _comparisons(lower, window_start, point.start)
        after_value = _comparisons(lower, england.end, sentence_end) if not before_anchor else []
        comparison = before_anchor[-1] if before_anchor else (after_value[0] if after_value else None)
        metric_end = sentence_end
        if comparison is None:
            comparison, metric_end = _judgement_next(lower, sentences, index, sentence_end)
        value_end = comparison[0] if comparison and comparison[0] < point.start else point.start
        unit_start = window_start
        in_previous = False
        if len(point.values) > 1:
            found = [match for match in PERCENT.finditer(text, window_start, value_end)] if percent else []
            values = found[-2:] if len(found) >= 2 else []
        else:
            value = _council_value(text, window_start, value_end, percent)
            if value is None:
                value = _value_after_england(lower, england.end, sentence_end, percent, points)
            if value is None and index > 0 and sentences[index - 1][0] >= previous_end:
                unit_start = sentences[index - 1][0]
                value = _council_value(text, unit_start, sentences[index - 1][1], percent)
                in_previous = value is not None
            values = [value] if value is not None else []
        if not values or comparison is None:
            warn("England-average comparison not understood", point.start)
            previous_end = england.end
            continue
        first = values[0]
        if len(values) == 1 and in_previous:
            stop = sentences[index - 1][1]
        elif values[-1].end() < comparison[0] < point.start:
            stop = comparison[0]
        else:
            stop = point.start
        source, inherited = _source_for(
            text, mentions, sentences, unit_start, (point.values[0].start, england.end), sentence_end
        )
        measure = _measure(chunk, unit_start, values[-1], stop)
        # one measure's words cannot say which of two measures each figure is: no catalogue code for a pair
        code = measure_code(measure, source.code if source else None) if len(values) == 1 else None
        previous_end = max(england.end, values[-1].end())
        direction = _direction(comparison[2], code)
        if direction is None:
            warn(
                f"'{' '.join(chunk.text[comparison[0] : comparison[1]].split())} than the England average'"
                " for a measure whose better side is not known: no direction",
                point.start,
            )
            continue
        for value, england_value in zip(values, point.values, strict=False):
            metrics.append(
                NationalMetric(
                    qs_no=qs_no,
                    block_no=chunk.block_no,
                    position=len(metrics),
                    la_value=Decimal(value.group("num")),
                    england_value=Decimal(england_value.num),
                    unit="%" if percent or "%" in value.group(0) else "score",
                    comparison=" ".join(chunk.text[comparison[0] : comparison[1]].split()),
                    direction=direction,  # type: ignore[arg-type]
                    source=source.code if source else None,
                    period=None if inherited else _period(text, source, unit_start, sentence_end),
                    measure=measure,
                    measure_code=code,
                    sentence=chunk.text[min(unit_start, first.start()) : metric_end].strip(),
                    line_start=chunk.line_of(unit_start),
                    line_end=chunk.line_of(metric_end - 1),
                )
            )
        if source is not None and 0 <= source.start - england.end <= _SOURCE_TAIL_WINDOW:
            previous_end = max(previous_end, source.end)  # the source printed right after belongs to this one
    return metrics, warnings

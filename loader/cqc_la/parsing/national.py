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

Several figures at once (unseen6): a list of council figures pairs in order with a list of England figures
(`england.PAIRED`, `VALUES_FIRST`); one judgement for all (`both were better`) or one per figure, in order
(`the first was worse ... and the second similar`, `_judgements`). A judgement printed after an England
figure closes that comparison, so the next one starts after it. A source named only in the judgement
sentence (`This was worse than England (ASCS 2024/25).`) is the comparison's. When the words after the figure
name no catalogued measure, a label before it (`Direct payments (ASCOF 2023-24): 22.8% ...`) or the line
introducing its list (`leads.py`) may; a list item with no source takes its intro's. `per 100,000` is the
base of a rate, never a figure or a measure.

A paragraph is indexed once (`_Index`: its sentences, comparison words, sources and years, by offset)
and each comparison looks things up by bisection, never by searching the rest of its sentence again:
a paragraph of thousands of `England average` mentions costs one pass, not one pass per mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..report import NationalMetric, ParseWarning
from .blocks import Chunk
from .england import ANCHOR, Point, england_points, first_value, mentions_england
from .measures import higher_is, measure_code
from .numbers import PERCENT, YEAR_RANGE, financial_year
from .sentences import quote, sentence_spans
from .text import lowered

if TYPE_CHECKING:
    from .leads import Lead

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
# Possessive runs (`*+`): the runs cannot take what comes after them (letters, digits), so giving characters
# back never helps a match, and a long run of spaces before a word is not tried again at every length.
_SOURCE_ONLY_TAIL = re.compile(
    r"[\s,;:()\[\]-]*+(?:\(?[A-Z]{2,6}\)?)?[\s,;:()\[\]-]*+(?:(?:19|20)\d{2}\s?[/-]\s?\d{2,4})?[\s.,;:()\]]*+$"
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
# How far before the council's figure `_BEFORE_VALUE` looks: a measure's words are a phrase, not a page
# (and the lazy group tries the rest of the window once per 'percentage', so the window must be short).
_BEFORE_VALUE_REACH = 200
_COMPARED = re.compile(r"\(?\s*(?:compared|against|versus|vs\b|set against)", re.IGNORECASE)
_OUT_OF = re.compile(r"\bout\s+of\s+$", re.IGNORECASE)  # '19.1 out of 24': 24 is the scale, not a value
# a difference printed between the figure and the comparison: '67.5%, 0.4 percentage points above ...'
_DIFFERENCE = re.compile(r"^[\s,(]*(?:by\s+)?\d+(?:\.\d+)?\s*(?:percentage\s+)?points?\b", re.IGNORECASE)
# the base of a rate, which is not a figure of its own: '612.4 per 100,000 population'
_PER_BASE = re.compile(r"\bper\s+$", re.IGNORECASE)
_RATE_BASE = re.compile(r"^[\s,]*per\s+\d[\d,]*(?:\s+(?:population|people|residents|adults))?", re.IGNORECASE)
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


class _Index:
    """What one paragraph prints, found once and kept in offset order for bisection."""

    def __init__(self, text: str, lower: str, sentences: list[tuple[int, int]], points: list[Point]) -> None:
        self.sentences = sentences
        self.starts = [start for start, _ in sentences]
        self.heads = [
            (head.start(), head.end(), head.group(0))
            for head in COMPARISON_HEAD.finditer(lower)
            if not (
                lower[head.start() - 1 : head.start()].isalpha()
                or lower[head.end() : head.end() + 1].isalpha()
            )
        ]
        self.head_starts = [start for start, _, _ in self.heads]
        self.mentions = _sources(text, lower)
        self.mention_starts = [mention.start for mention in self.mentions]
        self.mention_at: dict[int, _Mention] = {}
        for mention in self.mentions:
            self.mention_at.setdefault(mention.start, mention)
        self.anchor_starts = [point.start for point in points]
        # financial years as printed, and for each the next one that reads as a financial year
        self.years = [
            (year.start(), year.end(), financial_year(year.group("a"), year.group("b")))
            for year in YEAR_RANGE.finditer(text)
        ]
        self.year_starts = [start for start, _, _ in self.years]
        self.next_year: list[int | None] = [None] * (len(self.years) + 1)
        for position in range(len(self.years) - 1, -1, -1):
            self.next_year[position] = position if self.years[position][2] else self.next_year[position + 1]

    def sentence_end_at(self, position: int) -> int:
        index = bisect_right(self.starts, position) - 1
        return self.sentences[index][1] if index >= 0 else -1

    def year_in(self, start: int, end: int) -> str | None:
        """The first financial year printed within `[start, end)`."""
        found = self.next_year[bisect_left(self.year_starts, start)]
        if found is None:
            return None
        year_start, year_end, normalised = self.years[found]
        return normalised if year_start < end and year_end <= end else None

    def last_mention(self, start: int, end: int) -> _Mention | None:
        """The last source named (starting) within `[start, end)`."""
        index = bisect_left(self.mention_starts, end) - 1
        return self.mentions[index] if index >= 0 and self.mentions[index].start >= start else None

    def first_mention(self, start: int, end: int) -> _Mention | None:
        index = bisect_left(self.mention_starts, start)
        found = self.mentions[index] if index < len(self.mentions) else None
        return found if found is not None and found.start < end else None

    def last_mention_before(self, position: int) -> _Mention | None:
        """The last source named wholly before `position`."""
        index = bisect_left(self.mention_starts, position) - 1
        while index >= 0 and self.mentions[index].end > position:
            index -= 1  # a name that runs over `position` (sources never overlap more than a few)
        return self.mentions[index] if index >= 0 else None


def _comparisons(
    lower: str, index: _Index, start: int, end: int, first: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, direction) of the comparison phrases starting in `lower[start:end]`, modifiers
    included (only the first with `first`)."""
    found = []
    position = bisect_left(index.head_starts, start)
    while position < len(index.heads) and index.heads[position][0] < end:
        head_start, head_end, word = index.heads[position]
        position += 1
        direction = word if word in ("better", "worse") else POLAR_WORDS.get(word, "similar")
        lead = COMPARISON_LEAD.search(lower, max(start, head_start - _LEAD_WINDOW), head_start)
        phrase_start = lead.start() if lead and lead.group(0) else head_start
        found.append((phrase_start, head_end, direction))
        if first:
            break
    return found


def _source_after(text: str, position: int, index: _Index) -> _Mention | None:
    """A source named right after a comparison: in the same sentence, or as the next, source-only sentence."""
    gap = _BETWEEN.match(text, position, position + _SOURCE_TAIL_WINDOW + 1)
    start = gap.end() if gap else position
    found = index.mention_at.get(start)
    if found is None or start - position > _SOURCE_TAIL_WINDOW:
        return None
    if "." in text[position:start]:
        sentence_end = index.sentence_end_at(start)
        if not _SOURCE_ONLY_TAIL.match(text, found.end, sentence_end if sentence_end >= 0 else len(text)):
            return None
    return found


def _source_for(
    text: str,
    index: _Index,
    unit_start: int,
    england: tuple[int, int],
    sentence_end: int,
    judgement_end: int | None = None,
) -> tuple[_Mention | None, bool]:
    """The source of one comparison, and whether it was only named in an earlier sentence.

    In order: named right after the England value (or as the next, source-only sentence); named in
    the comparison's own words before the England value; named later in the same sentence (one source
    for two comparisons); named earlier in the same sentence; named in the judgement printed as the next
    sentence (`... This was significantly better (ASCOF 2023-24).`, up to `judgement_end`); named in an
    earlier sentence of the paragraph (then the year printed with it is not taken as the comparison's
    period).
    """
    england_start, england_end = england
    after = _source_after(text, england_end, index)
    if after is not None:
        return after, False
    own = index.last_mention(unit_start, england_start)
    if own is not None:
        return own, False
    later = index.first_mention(england_end, sentence_end)
    if later is not None:
        return later, False
    following = _source_after(text, sentence_end, index)
    if following is not None:  # '..., and 85.92% ... (81.52%). Short and Long Term Support (SALT) 2024/2025.'
        return following, False
    number = max(bisect_right(index.starts, unit_start) - 1, 0)
    sentence_start = index.sentences[number][0] if index.sentences else 0
    same_sentence = index.last_mention(sentence_start, unit_start)
    if same_sentence is not None:
        return same_sentence, False
    if judgement_end is not None and judgement_end > sentence_end:
        judged = index.first_mention(sentence_end, judgement_end)
        if judged is not None:
            return judged, False
    earlier = index.last_mention_before(sentence_start)
    return (earlier, True) if earlier is not None else (None, False)


def comparison_phrase(lower: str) -> tuple[int, int, str] | None:
    """The first comparison phrase of a short lower-cased text (a table cell), modifiers included."""
    for head in COMPARISON_HEAD.finditer(lower):
        if lower[head.start() - 1 : head.start()].isalpha() or lower[head.end() : head.end() + 1].isalpha():
            continue
        word = head.group(0)
        direction = word if word in ("better", "worse") else POLAR_WORDS.get(word, "similar")
        lead = COMPARISON_LEAD.search(lower, max(0, head.start() - _LEAD_WINDOW), head.start())
        return (lead.start() if lead and lead.group(0) else head.start()), head.end(), direction
    return None


def sources_named(text: str, lower: str) -> list[_Mention]:
    """Every data source named in a text, in order (see `_sources`)."""
    return _sources(text, lower)


def source_period(text: str, source: _Mention) -> str | None:
    """The financial year printed right after a source's name ('ASCS 2024-25', 'SALT 2023/24')."""
    for year in YEAR_RANGE.finditer(text, source.end, min(len(text), source.end + 28)):
        normalised = financial_year(year.group("a"), year.group("b"))
        if normalised:
            return normalised
    return None


def _period(text: str, index: _Index, source: _Mention | None, unit_start: int, unit_end: int) -> str | None:
    """The year printed with the source, else a financial year printed in the comparison's sentences.

    A comparison that names no source of its own has no period: the year belongs to the source.
    """
    if source is None:
        return None
    return source_period(text, source) or index.year_in(unit_start, unit_end)


def _trim_connectors(words: str) -> str:
    """`people ... care and support, which was` -> `people ... care and support`.

    Walks back by offsets (slicing the words once per connector would copy them once per connector)."""
    end = len(words)
    while True:
        while end and words[end - 1] in _TRAILING_MARKS:
            end -= 1
        start = end
        while start and not words[start - 1].isspace():
            start -= 1
        if start == end or words[start:end].lower() not in _CONNECTORS:
            return words[:end]
        end = start


def _measure(chunk: Chunk, window_start: int, value: re.Match[str], stop: int) -> str:
    printed = chunk.text
    after = _RATE_BASE.sub("", _DIFFERENCE.sub("", printed[value.end() : stop]))
    words = _trim_connectors(_MEASURE_LEAD.sub("", after))
    if _COMPARED.match(words):
        words = ""  # '41.2% compared to an England average ...': the measure was named before the figure
    if len(words.split()) >= 2:
        return words.strip()
    reach = max(window_start, value.start() - _BEFORE_VALUE_REACH)
    before = _BEFORE_VALUE.search(chunk.match, reach, value.start())
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
        and not _rate_base(text, found.start())
    ]
    return candidates[-1] if candidates else None


def direction_of(word: str, code: str | None) -> str | None:
    """`better`/`worse`/`similar` as printed, or the side a `higher`/`lower` is on for a known measure."""
    if word not in ("higher", "lower"):
        return word
    good = higher_is(code)
    if good is None:
        return None
    bad = "worse" if good == "better" else "better"
    return good if word == "higher" else bad


def _judgement_next(
    lower: str, paragraph: _Index, index: int, sentence_end: int
) -> tuple[tuple[int, int, str] | None, int]:
    """The comparison of a sentence that has none, printed as the next short sentence ('This was worse.')."""
    sentences = paragraph.sentences
    if index + 1 >= len(sentences):
        return None, sentence_end
    start, end = sentences[index + 1]
    if end - start > _NEXT_SENTENCE_MAX or not NEXT_SENTENCE_JUDGEMENT.match(lower, start):
        return None, sentence_end
    if ANCHOR.search(lower, start, end) or first_value(lower, start, end):
        return None, sentence_end  # a comparison of its own
    found = _comparisons(lower, paragraph, start, end, first=True)
    return (found[0], end) if found else (None, sentence_end)


def _value_after_england(
    lower: str, position: int, sentence_end: int, percent: bool, anchor_starts: list[int]
) -> re.Match[str] | None:
    """The council's figure printed after the England value ('... was 83.41% and Camden's was 91.2%')."""
    found = VALUE_AFTER_ENGLAND.match(lower, position, sentence_end)
    if found is None or bool(found.group("pct")) != percent:
        return None
    following = bisect_left(anchor_starts, position)
    if following < len(anchor_starts) and anchor_starts[following] < sentence_end:
        return None  # another comparison follows in the sentence: the figure is likely its own
    if not percent and re.fullmatch(r"(?:19|20)\d{2}", found.group("num")):
        return None
    return found


def _judgements(
    lower: str, paragraph: _Index, point: Point, end: int, comparison: tuple[int, int, str]
) -> list[tuple[int, int, str]]:
    """One judgement per England figure: printed in order after several figures ('..., so the first was
    worse than England and the second tended towards worse'), else the one judgement for all ('both')."""
    count = len(point.values)
    if count > 1 and comparison[0] > point.start:
        after = _comparisons(lower, paragraph, point.values[-1].end, end)
        if len(after) == count:
            return after
    return [comparison] * count


def _label_code(text: str, start: int, value_start: int, words: str, source: str | None) -> str | None:
    """The catalogue code named by a label before the figure ('Direct payments (ASCOF 2023-24): 22.8% of
    people who use services ...') or by the line introducing a list, when the words after it name none."""
    colon = text.rfind(":", start, value_start)
    label = text[start:colon] if colon >= 0 else ""
    if not label.strip() and not words:
        return None
    return measure_code(f"{words} {label}".strip(), source)


def _rate_base(text: str, position: int) -> bool:
    """Whether the number at `position` is the base of a rate ('612.4 per 100,000') or a part of one."""
    return bool(_PER_BASE.search(text, max(0, position - 5), position)) or (
        position > 1 and text[position - 1] == "," and text[position - 2].isdigit()
    )


def read_national(
    chunk: Chunk, qs_no: int | None, lead: Lead | None = None
) -> tuple[list[NationalMetric], list[ParseWarning]]:
    """Every England-average comparison in one paragraph or list item (`lead`: the line that introduces
    its list, whose source, year and measure words the item may leave out)."""
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
    paragraph = _Index(text, lower, sentences, points)
    starts = paragraph.starts
    previous_end = 0

    def warn(message: str, position: int) -> None:
        warnings.append(ParseWarning("national_metric", message, chunk.line_of(position)))

    for number, point in enumerate(points):
        next_start = points[number + 1].start if number + 1 < len(points) else len(text)
        index = max(bisect_right(starts, point.start) - 1, 0)
        sentence_start, sentence_end = sentences[index]
        if not point.values:
            if point.names_england:
                warn("England average without a figure", point.start)
            continue
        england = point.values[-1]
        percent = point.values[0].pct
        window_start = max(previous_end, sentence_start)
        before_anchor = _comparisons(lower, paragraph, window_start, point.start)
        after_value = (
            _comparisons(lower, paragraph, england.end, sentence_end, first=True) if not before_anchor else []
        )
        comparison = before_anchor[-1] if before_anchor else (after_value[0] if after_value else None)
        metric_end = sentence_end
        if comparison is None:
            comparison, metric_end = _judgement_next(lower, paragraph, index, sentence_end)
        value_end = comparison[0] if comparison and comparison[0] < point.start else point.start
        unit_start = window_start
        in_previous = False
        if len(point.values) > 1:
            count = len(point.values)
            found = [match for match in PERCENT.finditer(text, window_start, value_end)] if percent else []
            values = found[-count:] if len(found) >= count else []
        else:
            value = _council_value(text, window_start, value_end, percent)
            if value is None:
                value = _value_after_england(
                    lower, england.end, sentence_end, percent, paragraph.anchor_starts
                )
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
            text, paragraph, unit_start, (point.values[0].start, england.end), sentence_end, metric_end
        )
        period = (
            None
            if inherited
            else _period(text, paragraph, source, min(unit_start, sentence_start), sentence_end)
        )
        if source is None and lead is not None and lead.source is not None:
            source_code: str | None = lead.source  # named only in the line introducing the list
            period = lead.period
        else:
            source_code = source.code if source else None
        measure = _measure(chunk, unit_start, values[-1], stop)
        # one measure's words cannot say which of two measures each figure is: no catalogue code for a pair
        code = None
        if len(values) == 1:
            code = measure_code(measure, source_code) or _label_code(
                text, unit_start, first.start(), lead.words if lead else "", source_code
            )
        previous_end = max(england.end, values[-1].end())
        judgements = _judgements(lower, paragraph, point, min(sentence_end, next_start), comparison)
        if judgements[-1][0] > england.end and judgements[-1][1] <= next_start:
            previous_end = max(previous_end, judgements[-1][1])  # its judgement, printed after it
        for value, england_value, judgement in zip(values, point.values, judgements, strict=False):
            direction = direction_of(judgement[2], code)
            if direction is None:
                warn(
                    f"'{' '.join(chunk.text[judgement[0] : judgement[1]].split())} than the England average'"
                    " for a measure whose better side is not known: no direction",
                    point.start,
                )
                continue
            metrics.append(
                NationalMetric(
                    qs_no=qs_no,
                    block_no=chunk.block_no,
                    position=len(metrics),
                    la_value=Decimal(value.group("num")),
                    england_value=Decimal(england_value.num),
                    unit="%" if percent or "%" in value.group(0) else "score",
                    comparison=" ".join(chunk.text[judgement[0] : judgement[1]].split()),
                    direction=direction,  # type: ignore[arg-type]
                    source=source_code,
                    period=period,
                    measure=measure,
                    measure_code=code,
                    sentence=quote(chunk.text, min(unit_start, first.start()), metric_end).strip(),
                    line_start=chunk.line_of(unit_start),
                    line_end=chunk.line_of(metric_end - 1),
                )
            )
        if source is not None and 0 <= source.start - england.end <= _SOURCE_TAIL_WINDOW:
            previous_end = max(previous_end, source.end)  # the source printed right after belongs to this one
    return metrics, warnings

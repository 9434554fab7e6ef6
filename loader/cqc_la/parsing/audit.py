"""Know what was not read: after extraction, every sentence that carries a figure of a kind the readers
take is either accounted for by an extracted fact or flagged.

The readers (`national`, `waiting`, `demographics`, `finance`) are grammars: a wording no test has seen
yields nothing, silently. This pass adds no guesswork to them. It counts, sentence by sentence, the
figures of each kind a sentence holds, takes away the figures the readers extracted from its paragraph,
and reports what is left:

- `unread_comparison`: a sentence that mentions England (or a national average, 'nationally', a
  comparator) and holds more percentages or scores than the comparisons read from it;
- `unread_wait`: a sentence in a statement's findings that holds a number of days or weeks that no
  waiting time took, outside the known non-waits (`data/not_waits.csv`: deadlines, review thresholds,
  the length of a reablement service, reporting windows);
- `unread_figure`: a financial-facts line, or a demographic sentence, with a figure that no field took.

Figures are matched by value within their paragraph (a comparison may name its source in the next
sentence), so a flag names exactly the numbers left over. Each flag is an `Unread` record (kind,
statement, line, sentence, numbers), which the report turns into a warning stored with the load.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..report import (
    Demographics,
    FinancialFacts,
    NationalMetric,
    ParseWarning,
    Section,
    Unread,
    WaitingTime,
)
from ..resources import data_file
from .blocks import Chunk
from .national import COMPARISON_HEAD
from .sentences import quote, sentence_spans

KINDS = ("unread_comparison", "unread_wait", "unread_figure")

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = re.compile(rf"(?<![\d.,])({_NUMBER})\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
# a score or rate printed with decimals ('18.6 out of 24', 'a rate of 19.3'), not money or a percentage
_DECIMAL = re.compile(
    r"(?<![\d.,£$])(\d{1,3}\.\d{1,2})(?![\d.%])(?!\s?(?:%|per\s?cent|percent|million|billion|bn\b|m\b|k\b))",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?<![\d.,£])(\d+(?:\.\d+)?)(?:\s?(?:-|–|to|and)\s?(\d+(?:\.\d+)?))?\s?(working\s+)?(days?|weeks?)\b",
    re.IGNORECASE,
)
_ANY = re.compile(rf"(?<![\w.,])(?:£\s?)?({_NUMBER})(?![\d,])(?:\s?(?:%|per\s?cent|percent))?", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s?[/\-–]\s?(?:19|20)?\d\d\b")
_ENGLAND = re.compile(
    r"\bEngland\b|\bnationally\b|\bnational\s+(?:averages?|figures?|rates?|means?|medians?|levels?|"
    r"benchmarks?|results?|picture)\b|\bcomparators?\b|\bEnglish\s+average",
    re.IGNORECASE,
)
# Regional and similar-council figures stand beside England's in one sentence: not England comparisons.
_REGIONAL = re.compile(
    r"\bregion(?:al|'s)?\b|\b(?:North East|North West|Yorkshire and (?:the )?Humber|East Midlands|"
    r"West Midlands|East of England|London|South East|South West)\s+(?:averages?|figures?|rates?)\b|"
    r"\bstatistical\s+neighbours?\b|\bsimilar\s+(?:councils|authorities|local\s+authorities)\b|"
    r"\bcomparator\s+(?:group|councils|authorities)\b",
    re.IGNORECASE,
)
# A demographic sentence names what its figure measures; other sentences of the about section (history,
# geography, services) are not read and not flagged.
_DEMOGRAPHIC = re.compile(
    r"\bpopulations?\b|\bresidents\b|\bpeople\b|\bethnic|\bminorit|\bdepriv|\bIMD\b|\bover[\s-]?65|"
    r"\b65\s+and\s+over\b|\baged\s+65|\bolder\s+people\b|\bworking[\s-]age\b|\bcouncillors\b|\bwards\b",
    re.IGNORECASE,
)


# Numbers of a demographic sentence that are no figure of the readers: ages ('aged 65 and over', '16 to
# 64'), the ends of a scale ('1 is the most deprived'), shares of areas ('the most deprived 10%'), the
# share of one ethnic group ('white British, making up 96.46%'; the readers take the minorities' total),
# an earlier census count ('grew from 288,300 in 2011 to 307,600').
_NOT_FIGURES = re.compile(
    r"\baged\s+\d+(?:\s*(?:and|or)\s+(?:over|older|above))?|\bover[\s-]?\d+s?\b|"
    r"\b\d+\s*(?:and|or)\s+(?:over|older|above)\b|\(\s*(?:aged\s+)?\d+\s*(?:to|-|–)\s*\d+\s*\)|"
    r"\b1[56]\s*(?:to|-|–)\s*64\b|\bunder[\s-]\d+|\b\d+\s+(?:is|being|=|as)\s+(?:the\s+)?(?:most|least)\b|"
    r"\b(?:most|least)\s+deprived\s+\d+(?:\.\d+)?\s?(?:%|per\s?cent)|"
    r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent)\s+(?:most|least)\s+deprived|"
    r"\b(?:white|Asian|Black|Mixed|Chinese|Arab)\b(?:(?!minorit)[^.;%]){0,60}?\d+(?:\.\d+)?\s?(?:%|per\s?cent)|"
    r"\bfrom\s+\d[\d,.]*(?:\s*million)?\s+in\s+(?:19|20)\d\d\b|"
    r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent)\s+of\s+(?:its\s+)?(?:residents|people|the\s+population)\s+(?:live|lived|living)\b|"
    r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent)\s+of\s+(?:neighbourhoods|areas|small\s+areas|LSOAs)",
    re.IGNORECASE,
)
# What makes a number of a demographic sentence a figure the readers take: a percentage, a count in the
# thousands or millions, councillors and wards, or an IMD rank, decile or score.
_FIGURE_CUE = re.compile(
    r"^(?:\d[\d,.]*\s?(?:%|per\s?cent)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:million|m)\b|\d{4,})|"
    r"^\d+\s+(?:elected\s+)?(?:councillors|wards|electoral|divisions|seats|members)",
    re.IGNORECASE,
)
_IMD_CUE = re.compile(
    r"(?:\branked\s+|\bdecile\s+(?:of\s+)?|\bIMD\s+(?:score|value|decile|rank)?\s*(?:of\s+|is\s+|was\s+)?)"
    r"(?P<n>\d{1,3})\b|\b(?P<o>\d{1,3})(?:st|nd|rd|th)\b|\bout\s+of\s+(?P<of>\d{2,3})\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def not_waits() -> tuple[re.Pattern[str], ...]:
    """Phrases with a number of days or weeks that are not a wait (data/not_waits.csv)."""
    with data_file("not_waits.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in csv.DictReader(handle))


def _decimal(printed: str) -> Decimal | None:
    try:
        return Decimal(printed.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def _sentences(chunk: Chunk) -> Iterator[tuple[int, int, str]]:
    text = chunk.match
    for start, end in sentence_spans(text):
        yield start, end, text[start:end]


def _take(pool: Counter[Decimal], found: list[tuple[Decimal, str]]) -> list[tuple[Decimal, str]]:
    """The figures of `found` left once each value in `pool` has been matched once."""
    left = []
    for value, printed in found:
        if pool[value] > 0:
            pool[value] -= 1
        else:
            left.append((value, printed))
    return left


def _flag(
    kind: str, chunk: Chunk, qs_no: int | None, start: int, end: int, left: list[tuple[Decimal, str]]
) -> Unread:
    return Unread(
        kind,
        qs_no,
        chunk.line_of(start),
        quote(chunk.text, start, end),
        tuple(value for value, _ in left),
        tuple(printed for _, printed in left),
    )


# --- England comparisons --------------------------------------------------------------------------------


def _comparison_figures(sentence: str) -> list[tuple[Decimal, str]]:
    found: list[tuple[int, Decimal, str]] = []
    for pattern in (_PERCENT, _DECIMAL):
        for match in pattern.finditer(sentence):
            value = _decimal(match.group(1))
            if value is not None and not any(start == match.start() for start, _, _ in found):
                found.append((match.start(), value, match.group(0).strip()))
    return [(value, printed) for _, value, printed in sorted(found, key=lambda item: item[0])]


def _is_comparison(sentence: str) -> bool:
    """A sentence that compares with England in the words the readers take as a judgement ('better than',
    'similar to', 'in line with'...). Figures beside England's with no judgement ('22.3% (England
    26.2%)', 'higher than the England average') are description, which the product does not read."""
    return bool(_ENGLAND.search(sentence)) and bool(COMPARISON_HEAD.search(sentence.lower()))


def _comparisons(
    chunk: Chunk,
    qs_no: int | None,
    metrics: Iterable[NationalMetric],
    england_above: bool = False,
    warned: frozenset[int] = frozenset(),
) -> tuple[list[Unread], set[int]]:
    """The flags of one paragraph, and the offsets of its comparison sentences that hold figures."""
    pool: Counter[Decimal] = Counter()
    for metric in metrics:
        pool[metric.la_value.normalize()] += 1
        pool[metric.england_value.normalize()] += 1
    flags = []
    counted: set[int] = set()  # offsets of the sentences that hold figures
    sentences = list(_sentences(chunk))
    for index, (start, end, sentence) in enumerate(sentences):
        following = sentences[index + 1][2] if index + 1 < len(sentences) else ""
        judged_next = (  # 'were 34.8%, 27.1% and 66.9% ... against national figures of ... All three were similar'
            bool(_ENGLAND.search(sentence))
            and bool(COMPARISON_HEAD.search(following.lower()))
            and not _comparison_figures(following)
        )
        if not (
            _is_comparison(sentence)
            or judged_next
            or england_above
            and COMPARISON_HEAD.search(sentence.lower())
        ):
            continue
        figures = _comparison_figures(sentence)
        if figures:
            counted.add(start)
        left = _take(pool, figures)
        if chunk.line_of(start) in warned:  # 'comparison not understood': the readers warned already
            continue
        if len(left) > len(_REGIONAL.findall(sentence)):  # a regional figure per regional mention
            flags.append(_flag("unread_comparison", chunk, qs_no, start, end, left))
    return flags, counted


def unread_comparisons(
    chunk: Chunk,
    qs_no: int | None,
    metrics: Iterable[NationalMetric],
    england_above: bool = False,
    warned: frozenset[int] = frozenset(),
) -> list[Unread]:
    """`england_above`: the chunk is a table row or list item under a header or intro that names England
    (`| Measure | Southwark | England | Compared with England |`), so its own words need not."""
    return _comparisons(chunk, qs_no, metrics, england_above, warned)[0]


# --- waiting times ----------------------------------------------------------------------------------------


def _masked(sentence: str) -> str:
    """The sentence with every known non-wait phrase blanked out (offsets kept)."""
    for pattern in not_waits():
        sentence = pattern.sub(lambda match: " " * len(match.group(0)), sentence)
    return sentence


def _durations(sentence: str) -> list[tuple[Decimal, str]]:
    found = []
    for match in _DURATION.finditer(_masked(sentence)):
        weeks = match.group(4).lower().startswith("week")
        for group in (1, 2):
            value = _decimal(match.group(group)) if match.group(group) else None
            if value is not None:
                found.append(((value * 7).normalize() if weeks else value, match.group(0).strip()))
    return found


def _waits(
    chunk: Chunk, qs_no: int | None, waits: Iterable[WaitingTime], warned: frozenset[int] = frozenset()
) -> tuple[list[Unread], set[int]]:
    """The flags of one paragraph, and the offsets of its sentences with a number of days or weeks."""
    pool: Counter[Decimal] = Counter()
    for wait in waits:
        for days in (wait.days, wait.days_low, wait.previous_days):
            if days is not None:
                pool[days.normalize()] += 1
    flags = []
    counted: set[int] = set()
    for start, end, sentence in _sentences(chunk):
        durations = _durations(sentence)
        if durations:
            counted.add(start)
        left = _take(pool, durations)
        if left and chunk.line_of(start) not in warned:  # a wait with no measure: warned already
            flags.append(_flag("unread_wait", chunk, qs_no, start, end, left))
    return flags, counted


def unread_waits(
    chunk: Chunk, qs_no: int | None, waits: Iterable[WaitingTime], warned: frozenset[int] = frozenset()
) -> list[Unread]:
    return _waits(chunk, qs_no, waits, warned)[0]


# --- financial facts and demographics ---------------------------------------------------------------------


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


# A unit cost ('per adult: £2,310', '£1,146 a week') is no financial fact the readers take.
_UNIT_COST = re.compile(
    r"\bper\s+(?:adult|head|person|resident|week|hour|day)\b[^.;\d£]{0,5}£?\s?[\d,.]+|"
    r"£\s?[\d,.]+\s+(?:per|a|an)\s+(?:adult|head|person|resident|week|hour|day)\b",
    re.IGNORECASE,
)


# Financial-facts lines that no field reads, on purpose: unit costs ('per adult in the population was
# £686') and activity counts ('13,311 new requests for support'). Known, like the non-waits, so they are
# not flagged in every report.
_NOT_FINANCIAL_FACTS = re.compile(
    r"\bper\s+(?:adult|head|person|resident)\b|\bnew\s+requests\s+for\s+support\b", re.IGNORECASE
)


def _figures(sentence: str) -> list[tuple[Decimal, str]]:
    """Every number of a sentence but years ('2023', '2023/24') and unit costs."""
    blanked = _blank(_UNIT_COST, _blank(_YEAR_SPAN, sentence))
    found = []
    for match in _ANY.finditer(blanked):
        printed = match.group(1)
        if _YEAR.match(printed):
            continue
        value = _decimal(printed)
        if value is not None:
            found.append((value, match.group(0).strip()))
    return found


def _demographic_figures(sentence: str) -> list[tuple[Decimal, str]]:
    """The numbers of a demographic sentence that are figures of a kind the readers take."""
    blanked = _blank(_NOT_FIGURES, _blank(_YEAR_SPAN, sentence))
    imd = {
        match.start(name): match.group(name)
        for match in _IMD_CUE.finditer(blanked)
        for name in ("n", "o", "of")
        if match.group(name)
    }
    found = []
    for match in _ANY.finditer(blanked):
        printed = match.group(1)
        if _YEAR.match(printed):
            continue
        if match.start(1) in imd or _FIGURE_CUE.match(blanked[match.start(1) :]):
            value = _decimal(printed)
            if value is not None:
                found.append((value, match.group(0).strip()))
    return found


def _read_values(figures: Iterable[object]) -> Counter[Decimal]:
    """The numbers printed in the words the readers read their figures from."""
    pool: Counter[Decimal] = Counter()
    for figure in figures:
        printed = getattr(figure, "printed", None)
        if isinstance(printed, str):
            for value, _ in _figures(printed):
                pool[value] += 1
    return pool


def _record_figures(record: Demographics | FinancialFacts) -> list[object]:
    return [getattr(record, item.name) for item in fields(record) if getattr(record, item.name) is not None]


def _unread_figures(
    chunk: Chunk, kind: str, record: Demographics | FinancialFacts
) -> tuple[list[Unread], set[int]]:
    """The flags of one paragraph of `about` or `financial_facts`, and the offsets of its sentences with a
    figure of a kind the readers take."""
    inside = [
        f
        for f in _record_figures(record)
        if chunk.line_start <= getattr(f, "line_start", 0) <= chunk.line_end
    ]
    pool = _read_values(inside)
    flags = []
    counted: set[int] = set()
    for start, end, sentence in _sentences(chunk):
        if kind == "about" and not _DEMOGRAPHIC.search(sentence):
            continue
        if kind == "financial_facts" and _NOT_FINANCIAL_FACTS.search(sentence):
            continue
        figures = _figures(sentence) if kind == "financial_facts" else _demographic_figures(sentence)
        if figures:
            counted.add(start)
        left = _take(pool, figures)
        if left:
            flags.append(_flag("unread_figure", chunk, None, start, end, left))
    return flags, counted


def unread_figures(
    chunk: Chunk, kind: str, demographics: Demographics, finance: FinancialFacts
) -> list[Unread]:
    return _unread_figures(chunk, kind, finance if kind == "financial_facts" else demographics)[0]


# --- the pass ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audit:
    unread: tuple[Unread, ...]
    sentences_with_figures: int  # sentences that hold a figure of a kind the readers take


def audit(
    chunks: list[Chunk],
    chunk_section: list[int],
    sections: list[Section],
    heads: set[int],
    metrics: list[NationalMetric],
    waits: list[WaitingTime],
    demographics: Demographics,
    finance: FinancialFacts,
    warnings: Iterable[ParseWarning] = (),
) -> Audit:
    """Every paragraph after extraction: what it holds that nothing took. A sentence the readers already
    warned about (an England comparison not understood, a wait with no measure) is not flagged again; a
    wait in months holds no number of days or weeks."""
    warned = list(warnings)
    warned_comparisons = frozenset(w.line for w in warned if w.kind == "national_metric" and w.line)
    warned_waits = frozenset(w.line for w in warned if w.kind == "waiting_time_measure" and w.line)
    metrics_by_block: dict[int, list[NationalMetric]] = {}
    for metric in metrics:
        metrics_by_block.setdefault(metric.block_no, []).append(metric)
    waits_by_block: dict[int, list[WaitingTime]] = {}
    for wait in waits:
        waits_by_block.setdefault(wait.block_no, []).append(wait)
    unread: list[Unread] = []
    counted = 0
    england_above = False  # the last header row or intro line before a run of rows or items named England
    for chunk in chunks:
        is_row = chunk.is_list_item or chunk.match.lstrip().startswith("|")
        if not is_row:
            england_above = chunk.match.rstrip().endswith(":") and bool(_ENGLAND.search(chunk.match))
        if is_row and chunk.match.lstrip().startswith("|") and _ENGLAND.search(chunk.match):
            if not any(character.isdigit() for character in chunk.match):
                england_above = True  # a table's header row
        if chunk.block_no in heads or not any(character.isdigit() for character in chunk.match):
            continue
        section = sections[chunk_section[chunk.block_no]]
        if section.kind == "front_matter":
            continue
        if section.kind in ("about", "financial_facts"):
            record = finance if section.kind == "financial_facts" else demographics
            found, figures = _unread_figures(chunk, section.kind, record)
        else:
            found, figures = _comparisons(
                chunk,
                section.qs_no,
                metrics_by_block.get(chunk.block_no, ()),
                is_row and england_above,
                warned_comparisons,
            )
            if section.qs_no is not None:
                waits_found, durations = _waits(
                    chunk, section.qs_no, waits_by_block.get(chunk.block_no, ()), warned_waits
                )
                found += waits_found
                figures |= durations
        counted += len(figures)  # a sentence with a comparison and a wait counts once
        unread.extend(found)
    return Audit(tuple(sorted(unread, key=lambda item: item.line)), counted)

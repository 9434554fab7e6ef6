"""Demographics from `About <Council>`: population, change, ethnicity, deprivation, age, politics.

The facts are written as prose, in a different order and wording by each report, so each one is
found by the words that must surround it (tables below), clause by clause: a percentage belongs to
the clause that names what it measures. Changes are signed (a decrease is negative).

IMD convention: `imd_decile` is 10 = most deprived, as most CQC reports state it. When the report's
scale sentence says the opposite (`10 being the least deprived`), the decile is `11 - value`; with no
scale sentence the number is taken on CQC's usual scale. A rank (`67th most deprived ... out of 317`)
is stored as rank and denominator, without inventing a decile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..report import Demographics, Figure
from .blocks import Chunk
from .front import figure
from .numbers import COUNT, NUMBER_WORDS, PERCENT, count_from_match, number_word
from .sentences import sentence_spans

# 'higher/lower than at the 2011 census' is a change; 'higher than the England average' is not
_THAN_CENSUS = r"(?=\s+than\s+(?:at|in)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+|last\s+|previous\s+)?census)"
INCREASE = rf"increas\w*|grow\w*|grew|risen|rise|rose|up\s+by|(?:higher|more){_THAN_CENSUS}"
DECREASE = rf"decreas\w*|fall\w*|fell|declin\w*|reduc\w*|dropped|drop\s+of|down\s+by|shrunk|shrank|(?:lower|fewer|less){_THAN_CENSUS}"
_DIRECTION = re.compile(rf"\b(?:(?P<up>{INCREASE})|(?P<down>{DECREASE}))", re.IGNORECASE)
# `(?<!\s)`: a run of spaces is tried from its first space only (the first is where a match would start),
# not once from each of its spaces.
_CLAUSES = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|(?<!\s)\s+(?:while|whereas)\s+")
_COMMA_CLAUSES = re.compile(r"[,;]")

_QUALIFIER = (
    r"(?:approximately|approx\.?|about|around|over|nearly|almost|just over|just under|more than|circa|some|"
    r"roughly|an estimated|estimated|close to)"
)
POPULATION = (
    # 'a population of approximately 95,366', 'The population of X is 95,366', 'estimated population ... was'
    re.compile(
        rf"population\b[^.\u00a3%]{{0,80}}?\b(?:of|is|was|at|totals?|to\s+be|around)"
        rf"(?:\s+(?:currently|now|presently))?\s+(?=(?:{_QUALIFIER}\s+)?\d)",  # 'is currently 755,833'
        re.I,
    ),
    # 'home to nearly 1.2 million people', 'The borough has 95,366 residents', 'home to an estimated 210,400'
    re.compile(
        rf"(?:home to|serves|serving|has)\s+(?:an?\s+|some\s+)?(?=(?:{_QUALIFIER}\s+|\w+\s+)?\d[\d,.]*"
        r"(?:\s+million)?\s+(?:people|residents))",
        re.I,
    ),
    # the latest of two counts: "Southwark's population grew from 288,300 in 2011 to 307,600 in 2021"
    re.compile(r"population\b[^.\u00a3%]{0,40}?\bfrom\s+\d[\d,]*\s+(?:in\s+\d{4}\s+)?to\s+(?=\d)", re.I),
    # 'Just over 357,700 people live in the district'
    re.compile(
        rf"(?<![\w,.])(?=(?:{_QUALIFIER}\s+|just\s+(?:over|under)\s+)?\d[\d,.]*(?:\s+million)?\s+"
        r"(?:people|residents|inhabitants)\s+(?:live|living|reside)\b)",
        re.I,
    ),
)
# a change of the whole population: its clause names the population, or prints its count ('It is home to
# around 472,400 people, an increase of 10.3% since the 2011 census')
POPULATION_CHANGE = re.compile(r"population|\d[\d,]*\d\s+(?:people|residents|inhabitants)\b", re.I)
CHANGE_CONTEXT = re.compile(rf"census|since|{INCREASE}|{DECREASE}|change", re.I)
AGE_WORDS = re.compile(
    r"(?<![\d.])65\b(?!\.\d)|older (?:people|adults|residents)|over[- ]65|aged 65|working[- ]age"
    r"|\b1[568] ?(?:to|-) ?64\b|children|under 1[568]",
    re.I,
)
OLDER = re.compile(r"(?<![\d.])65\b(?!\.\d)|over[- ]65s?|older (?:people|adults|residents)", re.I)
WORKING_AGE = re.compile(r"working[- ]age|\b1[568] ?(?:to|-) ?64\b", re.I)
_AGE_GROUPS = (("age_65_plus_change_pct", OLDER), ("working_age_change_pct", WORKING_AGE))
# a clause that refers back to the age group of the clause before: '...aged 65 or over; this age group grew by 16.1%'
SAME_GROUP = re.compile(r"\b(?:this|that|the same)\s+(?:age\s+)?group\b", re.I)
ETHNIC = re.compile(
    r"ethnic(?:ally)? minorit\w*|minority ethnic|black,? asian and minority|\bBAME\b|global majority|non-white",
    re.I,
)
IMD = re.compile(r"index of multiple deprivation|\bIMD\b|deprivation (?:decile|score|index|rank)", re.I)
IMD_VALUE = re.compile(r"(?<![\d.£])(\d{1,2})(?!\d|\s?(?:st|nd|rd|th)\b|\s?%|[.,]\d)")
IMD_SCALE_PAREN = re.compile(r"\([^()]*deprived[^()]*\)", re.I)
IMD_SCALE_PAIR = re.compile(
    r"(\d{1,2})\s*(?:is|being|=|as|represents|means)?\s*(?:the\s+)?(most|least)\s+deprived", re.I
)
IMD_RANK = (
    re.compile(
        r"(?P<rank>\d{1,3})(?:st|nd|rd|th)\s+(?P<which>(?:most|least)\s+deprived)[^.]{0,100}?\b(?:out\s+)?of\s+(?:the\s+)?(?P<of>\d{1,3}(?:,\d{3})?)\b(?!\s?%)",
        re.I,
    ),
    re.compile(
        r"ranked\s+(?:as\s+)?(?:the\s+)?(?P<rank>\d{1,3})(?:st|nd|rd|th)?\b[^.]{0,60}?\bout\s+of\s+(?:the\s+)?(?P<of>\d{1,3}(?:,\d{3})?)",
        re.I,
    ),
    re.compile(r"(?P<rank>\d{1,3})(?:st|nd|rd|th)\s+out\s+of\s+(?:the\s+)?(?P<of>\d{1,3}(?:,\d{3})?)", re.I),
)
_WORD_NUMBER = r"\d{1,3}|(?:" + "|".join(NUMBER_WORDS) + r")(?:[- ](?:" + "|".join(NUMBER_WORDS) + r"))?"
COUNCILLORS = re.compile(
    rf"\b(?P<n>{_WORD_NUMBER})\s+(?:elected\s+)?(?:councillors|elected members|council members)\b", re.I
)
WARDS = re.compile(
    rf"\b(?P<n>{_WORD_NUMBER})\s+(?:electoral\s+)?(?:wards|divisions|electoral divisions)\b", re.I
)
# A name of a body: capitalised words (and joining words) before its suffix. A name starts where a word
# starts, each word is taken whole (`*+`: the next character is a space or comma anyway), and a name has
# at most `_MAX_NAME_WORDS` words: otherwise every capital of a long run of capitalised words would start
# a name that runs to the end of the run, and the run would be read once per word.
_NAME_START = r"(?<![\w'\u2019&.-])"
_NAME_WORD = r"(?:[A-Z][\w'\u2019&.-]*+|and|of|the|on|upon|&)"
_MAX_NAME_WORDS = 24
_NAME = rf"{_NAME_START}{_NAME_WORD}(?:,?\s++{_NAME_WORD}){{0,{_MAX_NAME_WORDS - 1}}}"
ICB = re.compile(rf"(?P<name>{_NAME})\s++(?P<suffix>Integrated\s+Care\s+Board|ICB)\b")
# a label before the name: 'Integrated Care Board (ICB): NHS Suffolk and North East Essex'
ICB_LABEL = re.compile(
    rf"(?:Integrated\s+Care\s+Board|ICB)(?:\s*\(ICB\))?\s*:\s*(?P<name>[A-Z][\w'\u2019&.-]*+(?:,?\s++{_NAME_WORD})*)"
)
COMBINED = re.compile(
    rf"(?P<name>{_NAME})\s++(?P<suffix>(?i:(?:mayoral\s+)?combined\s+(?:county\s+)?authority))"
)
PARTIES: tuple[tuple[str, str], ...] = (
    ("No overall control", r"(?i:no overall control)"),
    ("Labour", r"Labour(?: Party)?"),
    ("Conservative", r"Conservatives?(?: Party)?"),
    ("Liberal Democrat", r"Liberal Democrats?|Lib Dems?"),
    ("Green", r"Green(?: Party)?"),
    ("Reform UK", r"Reform(?: UK)?"),
    ("Independent", r"Independents?|Independent Alliance"),
    ("Residents' association", r"Residents'? [Aa]ssociations?"),
)
_CONTROL = r"(?:-|\s)(?:led|controlled|run|majority|minority|administration|control)\b"
# 'No party has overall control of the council', 'no single party holds a majority': read first, since the
# same sentence may name the parties that lead ('...; the council is led by a Labour and Independent coalition')
NO_PARTY = (
    "No overall control",
    re.compile(
        r"(?P<party>(?i:no\s+(?:single\s+|one\s+)?(?:political\s+)?party\s+(?:has|holds|had|held|with)\s+"
        r"(?:an?\s+)?(?:overall\s+)?(?:control|majority)))"
    ),
)
POLITICS = (NO_PARTY,) + (
    tuple(
        (
            name,
            re.compile(
                rf"(?P<party>{pattern})(?:{_CONTROL}|(?=\s+(?:has|have|holds?|had|took|takes|gained|won|retained|kept)\s+"
                r"(?:overall\s+)?(?:control|an?\s+(?:\w+\s+)?majority)))"
            ),
        )
        for name, pattern in PARTIES
    )
    + tuple(
        (name, re.compile(rf"(?i:led|controlled|run|governed)\s+by\s+(?:the\s+|a\s+)?(?P<party>{pattern})"))
        for name, pattern in PARTIES
    )
    + tuple(
        (name, re.compile(rf"(?i:political control|politically)[^.]{{0,60}}?(?P<party>{pattern})"))
        for name, pattern in PARTIES
    )
    + (
        # 'All 16 councillors are independents'
        (
            "Independent",
            re.compile(
                r"(?i:councillors|members)\s+(?:are|were)\s+(?:all\s+)?(?P<party>(?i:independents?))\b"
            ),
        ),
        ("No overall control", re.compile(r"(?P<party>(?i:no overall control))")),
    )
)
_ETHNIC_WORDS = re.compile(r"ethnic|minorit|bame|global majority|non-white")
_POLITICAL_WORDS = (
    "labour",
    "conservative",
    "liberal",
    "lib dem",
    "green",
    "reform",
    "independent",
    "residents",
    "control",
    "politic",
    "party",
)
_LEADING_CONNECTORS = ("and ", "of ", "the ", "on ", "upon ", "& ")


def _sentences(chunks: list[Chunk]) -> Iterator[tuple[Chunk, int, int]]:
    for chunk in chunks:
        for start, end in sentence_spans(chunk.match):
            yield chunk, start, end


def _clauses(
    text: str, start: int, end: int, splitter: re.Pattern[str] = _CLAUSES
) -> Iterator[tuple[int, int]]:
    position = start
    for cut in splitter.finditer(text, start, end):
        yield position, cut.start()
        position = cut.end()
    yield position, end


def _signed_pct(chunk: Chunk, start: int, end: int, after: int) -> Figure | None:
    """The first percentage in the clause after `after`, negative when a decrease word precedes it."""
    text = chunk.match
    found = PERCENT.search(text, after, end)
    if not found:
        return None
    sign = 1
    directions = list(_DIRECTION.finditer(text, start, found.start()))
    if not directions:
        following = _DIRECTION.search(text, found.end(), end)
        directions = [following] if following else []
    if directions and directions[-1].group("down"):
        sign = -1
    value = Decimal(found.group("num"))
    if value < 0:
        sign = 1
    printed_start = found.start()
    if directions and directions[-1].end() <= found.start() and found.start() - directions[-1].start() <= 60:
        printed_start = directions[-1].start()  # 'decreased by 3.7%': the sign is part of what was printed
    return figure(chunk, printed_start, found.end(), value * sign)


# Another body named before this one in the same run of capitalised words ('... Integrated Care Board and
# the West Yorkshire Combined Authority'): the name starts after it.
OTHER_BODY = re.compile(
    r"(?:Integrated\s+Care\s+Board|\bICB|Combined\s+(?:County\s+)?Authority|Council)(?:\s*\(\w+\))?"
    r",?\s+(?:and|with|as\s+well\s+as)\s+",
    re.IGNORECASE,
)


def _walk_back_name(text: str, found: re.Match[str]) -> tuple[int, str] | None:
    name = found.group("name")
    offset = found.start("name")
    if "nd" in name or "ith" in name:
        others = list(OTHER_BODY.finditer(name))
        if others:
            other = others[-1]
            name = name[other.end() :]
            offset += other.end()
    while True:
        lowered = name.lower()
        connector = next((word for word in _LEADING_CONNECTORS if lowered.startswith(word)), None)
        if connector is None:
            break
        name = name[len(connector) :]
        offset += len(connector)
    if not name or not name[0].isupper():
        return None
    return offset, text[offset : found.end("suffix")]


def _named(chunks: list[Chunk], pattern: re.Pattern[str]) -> Figure | None:
    for chunk in chunks:
        for found in pattern.finditer(chunk.match):
            named = _walk_back_name(chunk.match, found)
            if named:
                start, _ = named
                end = found.end("suffix")
                return figure(chunk, start, end, chunk.text[start:end])
    return None


def _labelled(chunks: list[Chunk], pattern: re.Pattern[str]) -> Figure | None:
    """A name printed after its label ('Integrated Care Board (ICB): NHS Suffolk and North East Essex')."""
    for chunk in chunks:
        found = pattern.search(chunk.match)
        if found:
            name = found.group("name").rstrip(" .,;")
            start = found.start("name")
            return figure(chunk, start, start + len(name), chunk.text[start : start + len(name)])
    return None


def _imd(chunk: Chunk, start: int, end: int, found: dict[str, Figure]) -> None:
    text = chunk.match
    for pattern in IMD_RANK:
        rank = pattern.search(text, start, end)
        if rank and "imd_rank" not in found:
            rank_end = rank.end("which") if rank.groupdict().get("which") else rank.end("rank")
            found["imd_rank"] = figure(chunk, rank.start("rank"), rank_end, int(rank.group("rank")))
            of_start = text.rfind("out of", rank.start(), rank.start("of"))
            if of_start < 0:  # '104th most deprived of 151'
                of_start = text.rfind("of", rank.start(), rank.start("of"))
            found["imd_rank_of"] = figure(
                chunk, of_start, rank.end("of"), int(rank.group("of").replace(",", ""))
            )
            return
    mention = IMD.search(text, start, end)
    if not mention or "imd_value" in found:
        return
    window_end = min(end, mention.end() + 70)
    for value_match in IMD_VALUE.finditer(text, mention.end(), window_end):
        value = int(value_match.group(1))
        if not 1 <= value <= 10:
            continue
        found["imd_value"] = figure(chunk, value_match.start(), value_match.end(), value)
        decile = value
        scale = IMD_SCALE_PAREN.search(text, value_match.end(), end)
        pairs = list(IMD_SCALE_PAIR.finditer(text, start, end))
        if scale:
            found["imd_scale"] = figure(
                chunk, scale.start(), scale.end(), chunk.text[scale.start() : scale.end()]
            )
        elif pairs:
            found["imd_scale"] = figure(
                chunk, pairs[0].start(), pairs[-1].end(), chunk.text[pairs[0].start() : pairs[-1].end()]
            )
        for pair in pairs:
            number, which = int(pair.group(1)), pair.group(2).lower()
            if (number == 10 and which == "least") or (number == 1 and which == "most"):
                decile = 11 - value
                break
            if (number == 10 and which == "most") or (number == 1 and which == "least"):
                break
        found["imd_decile"] = figure(chunk, value_match.start(), value_match.end(), decile)
        return


def read_demographics(chunks: list[Chunk]) -> Demographics:
    """Demographic facts from the chunks of the `About` sections (first statement of each fact wins).

    Each fact's patterns run only on sentences holding one of its key words (a cheap substring test),
    which keeps this step fast on long introductions.
    """
    found: dict[str, Figure] = {}
    for chunk, start, end in _sentences(chunks):
        text = chunk.match
        lower = text[start:end].lower()
        if "population" not in found and ("population" in lower or "people" in lower or "residents" in lower):
            _population(chunk, start, end, found)
        if "depriv" in lower or "imd" in lower:
            _imd(chunk, start, end, found)
        if "%" in lower or "per cent" in lower or "percent" in lower:
            _changes(chunk, start, end, found)
            if "ethnic_minority_pct" not in found and _ETHNIC_WORDS.search(lower):
                _ethnic(chunk, start, end, found)
        for name, pattern, words in (
            ("councillors", COUNCILLORS, ("councillor", "member")),
            ("wards", WARDS, ("ward", "division")),
        ):
            if name not in found and any(word in lower for word in words):
                number = pattern.search(text, start, end)
                if number and number_word(number.group("n")):
                    found[name] = figure(chunk, number.start(), number.end(), number_word(number.group("n")))
        if "political_control" not in found and any(word in lower for word in _POLITICAL_WORDS):
            for party, pattern in POLITICS:
                match = pattern.search(text, start, end)
                if match:
                    found["political_control"] = figure(
                        chunk, match.start("party"), match.end("party"), party
                    )
                    break
    _table_rows(chunks, found)
    icb_chunks = [chunk for chunk in chunks if "ICB" in chunk.match or "ntegrated" in chunk.match]
    icb = _named(icb_chunks, ICB) or _labelled(icb_chunks, ICB_LABEL)
    combined = _named(
        [chunk for chunk in chunks if "ombined" in chunk.match or "OMBINED" in chunk.match], COMBINED
    )
    return Demographics(icb=icb, combined_authority=combined, **found)


def _population(chunk: Chunk, start: int, end: int, found: dict[str, Figure]) -> None:
    text = chunk.match
    for pattern in POPULATION:
        for lead in pattern.finditer(text, start, end):
            number = COUNT.match(text, lead.end(), end)
            value = count_from_match(number) if number else None
            if number and value is not None and value >= 1000:
                found["population"] = figure(chunk, number.start(), number.end(), value)
                return


def _changes(chunk: Chunk, start: int, end: int, found: dict[str, Figure]) -> None:
    """Signed percentage changes: 65+, working age, and the whole population (clause by clause)."""
    text = chunk.match
    named: str | None = None  # the age group the previous clause of the sentence named
    for clause_start, clause_end in _clauses(text, start, end):
        clause = text[clause_start:clause_end]
        groups = [name for name, pattern in _AGE_GROUPS if pattern.search(clause)]
        if "%" not in clause and "per" not in clause or not _DIRECTION.search(clause):
            named = groups[-1] if groups else named
            continue
        for name, pattern in _AGE_GROUPS:
            anchor = pattern.search(text, clause_start, clause_end) if name not in found else None
            if anchor is None and name == named and not groups and name not in found:
                anchor = SAME_GROUP.search(text, clause_start, clause_end)
            if anchor:
                pct = _signed_pct(chunk, clause_start, clause_end, anchor.start())
                if pct:
                    found[name] = pct
        if (
            "population_change_pct" not in found
            and POPULATION_CHANGE.search(clause)
            and CHANGE_CONTEXT.search(clause)
            and not AGE_WORDS.search(clause)
            and not ETHNIC.search(clause)
        ):
            pct = _signed_pct(chunk, clause_start, clause_end, clause_start)
            if pct:
                found["population_change_pct"] = pct
        named = groups[-1] if groups else named


def _ethnic(chunk: Chunk, start: int, end: int, found: dict[str, Figure]) -> None:
    text = chunk.match
    mention = ETHNIC.search(text, start, end)
    if not mention:
        return
    for clause_start, clause_end in _clauses(text, start, end, _COMMA_CLAUSES):
        if not clause_start <= mention.start() < clause_end:
            continue
        after = PERCENT.search(text, mention.end(), clause_end)
        before = list(PERCENT.finditer(text, clause_start, mention.start()))
        pick = after or (before[-1] if before else None)
        if pick is None:
            pick = PERCENT.search(text, mention.end(), end)
        if pick is None:
            earlier = list(PERCENT.finditer(text, start, mention.start()))
            pick = earlier[-1] if earlier else None
        if pick:
            found["ethnic_minority_pct"] = figure(chunk, pick.start(), pick.end(), Decimal(pick.group("num")))
        return


# A two-column table (`| Population | 911,000 |`): the label cell names the fact, the value cell holds it.
# Read only for facts the prose did not give; a label not in this table leaves the row as text.
# The label holds a letter (the lookahead), and each cell ends where its words end (`(?<![ \t])`), so a
# long cell or a long run of spaces is read once: trying every split of a cell would be quadratic.
TABLE_ROW = re.compile(
    r"^[ \t]*+\|?[ \t]*+(?P<label>(?=[^|\n]*[A-Za-z])[^|\n]*?)(?<![ \t])[ \t]*+\|"
    r"[ \t]*+(?P<value>[^|\n]+?)(?<![ \t])[ \t]*+\|?[ \t]*+$",
    re.M,
)
TABLE_LABELS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, kind, re.compile(pattern, re.I))
    for name, kind, pattern in (
        ("population", "count", r"^(?:total |resident |estimated )?population(?: \(\w+\))?$"),
        (
            "age_65_plus_change_pct",
            "pct",
            r"(?:65|older).*(?:change|increase|decrease|growth)|change.*(?:65|older)",
        ),
        (
            "working_age_change_pct",
            "pct",
            r"working[- ]age.*(?:change|increase|decrease|growth)|change.*working[- ]age",
        ),
        (
            "population_change_pct",
            "pct",
            r"^(?:(?:total )?population (?:change|growth)|change in (?:the )?population)(?! aged)(?!.*working)",
        ),
        ("councillors", "number", r"^(?:number of )?(?:councillors|elected members)$"),
        ("wards", "number", r"^(?:number of )?(?:wards|electoral (?:wards|divisions)|divisions)$"),
    )
)
# The same table printed without its rules (a PDF, a copied page): a line of a label and a bare value,
# 'Population 911,000', 'Councillors 84'. Only labels of TABLE_LABELS count, so prose is never read so.
PLAIN_ROW = re.compile(
    r"^[ \t]*(?P<label>[A-Za-z][A-Za-z0-9 ()'\-]{2,60}?)[ \t]+(?P<value>[+\-\u2212]?\d[\d,.]*[ \t]?%?)[ \t]*$",
    re.M,
)
_MAX_LABEL = 100
_TABLE_PCT = re.compile(r"^(?P<sign>[+\-\u2212])?\s?(?P<num>\d+(?:\.\d+)?)\s?%$")
_TABLE_NUMBER = re.compile(r"^(?P<n>\d{1,3}(?:,\d{3})*|\d+)$")


def _table_rows(chunks: list[Chunk], found: dict[str, Figure]) -> None:
    for chunk in chunks:
        text = chunk.match
        if "|" in text:
            rows = TABLE_ROW.finditer(text)
        elif chunk.words <= 40 and any(character.isdigit() for character in text):
            rows = PLAIN_ROW.finditer(text)
        else:
            continue
        for row in rows:
            label, value = row.group("label").strip(" *_"), row.group("value").strip(" *_")
            if len(label) > _MAX_LABEL:
                continue  # a long cell is prose, not a label (and the label patterns are not for pages)
            for name, kind, pattern in TABLE_LABELS:
                if name in found or not pattern.search(label):
                    continue
                start, end = row.start("value"), row.end("value")
                if kind == "count":
                    number = COUNT.fullmatch(value)
                    result: object = count_from_match(number) if number else None
                elif kind == "pct":
                    # only a signed bare percentage ('+4.3%'); words ('6.9% increase') are read as prose
                    pct = _TABLE_PCT.match(value)
                    result = None
                    if pct and pct.group("sign"):
                        result = Decimal(pct.group("num")) * (-1 if pct.group("sign") != "+" else 1)
                else:
                    plain = _TABLE_NUMBER.match(value)
                    result = int(plain.group("n").replace(",", "")) if plain else None
                if result is not None:
                    found[name] = figure(chunk, start, end, result)
                break

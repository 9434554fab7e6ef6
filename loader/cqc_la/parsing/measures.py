"""The catalogue of known national measures (`data/measures.csv`), and matching measure words to it.

Reports describe the same national measure in many wordings ('people were satisfied with their care
and support', 'people who use services who were satisfied...'). The catalogue keeps, per measure, a
few lowercase keyword regexes; the first entry (in file order) whose pattern matches the measure words
wins, preferring an entry from the source the report names. Carers' measures come first in the file
because their wordings contain the users' ones.

`higher_is` says whether a higher value is `better` or `worse` for people (most measures: better;
admissions to care homes: worse). It turns comparisons printed without a judgement (`significantly
higher than the England average`) into a direction; for an unknown measure there is none to give.

A pattern such as `carers?\b.*satisf` means "these keywords, in this order". Searched as one regex it
is tried from every `carer` to the end of the words and back, which is quadratic on long words full of
`carer`; so each alternative is split at its top-level `.*` and its keywords are searched one after the
other, each from where the previous one ended (`Measure.matches`): the same answer in one pass.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .text import for_matching

MEASURES_FILE = Path(__file__).resolve().parent.parent / "data" / "measures.csv"


@dataclass(frozen=True)
class Measure:
    code: str
    source: str
    description: str
    pattern: re.Pattern[str]
    higher_is: str | None = None  # 'better' or 'worse'
    # the pattern's alternatives, each as its keywords in order (the parts between top-level `.*`)
    steps: tuple[tuple[re.Pattern[str], ...], ...] = ()

    def matches(self, text: str) -> bool:
        """Whether `text` holds the keywords of one alternative in order (`pattern.search`, linearly)."""
        for keywords in self.steps:
            position = 0
            for keyword in keywords:
                found = keyword.search(text, position)
                if found is None:
                    break
                position = found.end()
            else:
                return True
        return False


def _split(pattern: str, separator: str) -> list[str]:
    """`pattern` split at `separator` where it stands outside brackets, classes and escapes."""
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            index += 2
            continue
        if in_class:
            in_class = character != "]"
        elif character == "[":
            in_class = True
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0 and pattern.startswith(separator, index):
            parts.append(pattern[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    parts.append(pattern[start:])
    return parts


def keyword_steps(pattern: str) -> tuple[tuple[re.Pattern[str], ...], ...]:
    """`a.*b|c` -> ((a, b), (c,)): each alternative's keywords, to be found in order."""
    return tuple(
        tuple(re.compile(part) for part in _split(alternative, ".*") if part)
        for alternative in _split(pattern, "|")
    )


@cache
def catalogue() -> tuple[Measure, ...]:
    """The known measures, read once per process."""
    with MEASURES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Measure(
                code=row["measure_code"],
                source=row["source"],
                description=row["description"],
                # `|` separates alternative keyword patterns; compiled together they mean the same thing,
                # and an alternative may itself hold a bracketed `(?:a|b)` group.
                pattern=re.compile(row["patterns"]),
                higher_is=row.get("higher_is") or None,
                steps=keyword_steps(row["patterns"]),
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=4096)
def measure_code(words: str, source: str | None = None) -> str | None:
    """The catalogue code for a measure described by `words`, or None when it is not a known measure."""
    text = " ".join(for_matching(words).lower().split())
    matches = [measure for measure in catalogue() if measure.matches(text)]
    if not matches:
        return None
    if source:
        for measure in matches:
            if measure.source == source:
                return measure.code
    return matches[0].code


def higher_is(code: str | None) -> str | None:
    """'better' or 'worse': what a higher value means for a catalogued measure (None when unknown)."""
    if code is None:
        return None
    return next((measure.higher_is for measure in catalogue() if measure.code == code), None)

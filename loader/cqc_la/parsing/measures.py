"""The catalogue of known national measures (`data/measures.csv`), and matching measure words to it.

Reports describe the same national measure in many wordings ('people were satisfied with their care
and support', 'people who use services who were satisfied...'). The catalogue keeps, per measure, a
few lowercase keyword regexes; the first entry (in file order) whose pattern matches the measure words
wins, preferring an entry from the source the report names. Carers' measures come first in the file
because their wordings contain the users' ones.

`higher_is` says whether a higher value is `better` or `worse` for people (most measures: better;
admissions to care homes: worse). It turns comparisons printed without a judgement (`significantly
higher than the England average`) into a direction; for an unknown measure there is none to give.
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
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=4096)
def measure_code(words: str, source: str | None = None) -> str | None:
    """The catalogue code for a measure described by `words`, or None when it is not a known measure."""
    text = " ".join(for_matching(words).lower().split())
    matches = [measure for measure in catalogue() if measure.pattern.search(text)]
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

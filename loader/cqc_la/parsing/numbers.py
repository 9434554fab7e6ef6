"""Numbers as reports print them: pounds, counts, percentages, financial years and dates.

Each parser takes printed words and returns a value (or None), never guessing silently: an amount
whose digit grouping is broken (`£382,390,0000`, seen in a published report) is returned with
`well_formed=False` and its candidate readings, so the caller can pick the reading its context
supports and flag the oddity. Money is `Decimal`, never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

SCALES = {
    "thousand": Decimal(1_000),
    "k": Decimal(1_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}
_SCALE = r"(?:thousand|k|millions?|mn|m|billion|bn)"

AMOUNT = re.compile(
    rf"\u00a3\s?(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s?(?P<scale>{_SCALE}))?(?![a-z])", re.IGNORECASE
)
PERCENT = re.compile(r"(?<![\d.])(?P<num>[-+]?\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b)", re.IGNORECASE)
_QUALIFIERS = (
    r"approximately|approx\.?|about|around|over|nearly|almost|just over|just under|more than|less than|"
    r"circa|c\.|some|roughly|an estimated|estimated|close to|under|below|above"
)
COUNT = re.compile(
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?(?<![\d.,£])(?P<num>\d{{1,3}}(?:[,.]\d{{3}})+|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>million|thousand)\b|(?P<short>mn?)\b)?(?!\d|\.\d|\s?%|\s?per\s?cent)",
    re.IGNORECASE,
)
YEAR_RANGE = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s?(?:/|-|to)\s?(?P<b>(?:19|20)?\d{2})(?!\d)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DATE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y1>\d{{4}})"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{4})"
    r"|(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})",
    re.IGNORECASE,
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$")


@dataclass(frozen=True)
class Amount:
    """A sum of money as printed. `tolerance` is half a unit of the last printed digit, in pounds."""

    value: Decimal | None
    printed: str
    well_formed: bool
    candidates: tuple[Decimal, ...]
    tolerance: Decimal


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _whole(value: Decimal) -> Decimal:
    """A scaled amount without the spurious decimals of the scaling (`311.9` million -> `311900000`)."""
    integral = value.to_integral_value()
    return integral if integral == value else value.normalize()


def _half_unit(number: str, scale: Decimal) -> Decimal:
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    return (Decimal(1).scaleb(-decimals) * scale) / 2


def amount(number: str, scale: str | None = None, printed: str | None = None) -> Amount:
    """`442,931,000`, `1,860,506,000.00`, `311.9` + `million`; broken grouping gives its readings."""
    factor = SCALES[scale.lower()] if scale else Decimal(1)
    printed = printed if printed is not None else number
    digits = number.replace(",", "")
    value = _decimal(digits)
    if value is None:
        return Amount(None, printed, False, (), Decimal(0))
    well_formed = "," not in number or bool(_GROUPED.match(number))
    candidates = [_whole(value * factor) if scale else value]
    if not well_formed:
        whole = number.split(".", 1)[0]
        groups = whole.split(",")
        fixed = [groups[0]] + [group[:3] for group in groups[1:]]
        trimmed = _decimal("".join(fixed))
        if trimmed is not None and _whole(trimmed * factor) not in candidates:
            candidates.append(_whole(trimmed * factor))
    return Amount(candidates[0], printed, well_formed, tuple(candidates), _half_unit(digits, factor))


def amount_from_match(found: re.Match[str]) -> Amount:
    return amount(found.group("num"), found.group("scale"), found.group(0))


def count(number: str, scale: str | None = None) -> int | None:
    """A whole count: `95,366`, `196.000` (dot grouping), `1.61` + `million`."""
    if scale:
        value = _decimal(number.replace(",", ""))
        return None if value is None else int(value * SCALES[scale.lower()])
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", number):
        return int(re.sub(r"[,.]", "", number))
    value = _decimal(number.replace(",", ""))
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def count_from_match(found: re.Match[str]) -> int | None:
    """A count as matched by `COUNT`: `95,366`, `1.2 million`, `1.2m` (the short scale only when joined)."""
    groups = found.groupdict()
    return count(found.group("num"), found.group("scale") or groups.get("short"))


def number_word(text: str) -> int | None:
    """`36` or `twelve`/`thirty-six` as an int."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"[-\s]+", text):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total or None


def percent(text: str) -> Decimal | None:
    found = PERCENT.search(text)
    return _decimal(found.group("num")) if found else None


def financial_year(first: str, second: str) -> str | None:
    """`2023`,`24` / `2023`,`2024` -> `2023-24`; None when the years are not consecutive."""
    start = int(first)
    end = int(second)
    if len(second) == 2:
        if (start + 1) % 100 != end:
            return None
    elif end != start + 1:
        return None
    return f"{start}-{(start + 1) % 100:02d}"


def year(text: str) -> str | None:
    """The first financial year in `text`, normalised to `YYYY-YY`."""
    for found in YEAR_RANGE.finditer(text):
        normalised = financial_year(found.group("a"), found.group("b"))
        if normalised:
            return normalised
    return None


def date_from_match(found: re.Match[str]) -> date | None:
    groups = found.groupdict()
    try:
        if groups["d1"]:
            return date(int(groups["y1"]), _MONTHS[groups["month"].lower()], int(groups["d1"]))
        if groups["d2"]:
            return date(int(groups["y2"]), _MONTHS[groups["month2"].lower()], int(groups["d2"]))
        if groups["d3"]:
            return date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
        return date(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """`14 May 2025`, `14th May 2025`, `May 14, 2025`, `14/05/2025`, `2025-05-14`."""
    found = DATE.search(text)
    return date_from_match(found) if found else None

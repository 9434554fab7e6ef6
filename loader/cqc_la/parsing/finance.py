"""Financial facts: budgets estimated and actual, the stated difference, ASC share, precept, people.

The section is a handful of sentences (as paragraphs or bullets, in any order, with or without a
year). Each sum of money is classified by the words around it: what follows (`more than estimated`
makes it a difference), what precedes it since the previous sum (`actual spend`, `estimated`), and the
subject of the sentence (total budget or adult social care, carried over to a following bullet that
names neither). The stated difference is kept as printed; if it disagrees with actual minus estimated
(beyond the rounding of the printed figures) a `finance_arithmetic` warning is recorded.

Words are read only from the text between one sum and the next (and what a sentence says as a whole
is read once per sentence), so a sentence printing thousands of sums costs one pass over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from ..report import Figure, FinancialFacts, ParseWarning
from .blocks import Chunk
from .front import figure
from .numbers import (
    AMOUNT,
    COUNT,
    PERCENT,
    YEAR_RANGE,
    Amount,
    amount_from_match,
    count_from_match,
    financial_year,
)
from .sentences import sentence_spans

ASC = re.compile(r"adult social care|\bASC\b", re.IGNORECASE)
TOTAL = re.compile(r"total\s+(?:budget|spend|expenditure)|overall\s+budget|whole\s+budget", re.IGNORECASE)
DIFFERENCE_AFTER = re.compile(
    r"^[\s*_]*(?P<word>more|less|lower|higher|greater|over|under|above|below)(?:\s*than)?\b", re.IGNORECASE
)
DIFFERENCE_BEFORE = re.compile(
    r"(?P<word>overspend|overspent|underspend|underspent|difference)\b[^£]{0,20}$", re.I
)
ACTUAL = re.compile(r"\bactual|\bactually|\bspent\b|\bout-?turn", re.IGNORECASE)
ESTIMATED = re.compile(
    r"estimat|budget(?:ed)?\b|would\s+be|would\s+spend|planned|expected|forecast", re.IGNORECASE
)
_PLUS = {"more", "higher", "greater", "over", "above", "overspend", "overspent"}
SHARE = re.compile(
    r"spent\s+on|share|proportion|percentage|accounted\s+for|made\s+up"
    r"|of\s+(?:the|its)\s+(?:[\w'\u2019]+\s+){0,3}?(?:total\s+)?(?:net\s+)?(?:budget|spend|spending|expenditure)",
    re.IGNORECASE,
)
PRECEPT = re.compile(r"precept", re.IGNORECASE)
PRECEPT_NOT = re.compile(r"\bnot\b|n't\b|\bchose\s+not|\bdeclined\b", re.IGNORECASE)
PRECEPT_FULL = re.compile(r"\bfull\b|\bmaximum\b", re.IGNORECASE)
PEOPLE = (
    # 'Long-term support was provided to 4,620 people and short-term support to 1,710 people': the term
    # before its number (read first, so that the first pattern cannot give 4,620 to the short term)
    re.compile(
        r"\b(?P<term>long|short)[\s-]?term\b[^.;\u00a3%\d]{0,50}?\b(?:to|for|by)\s+(?P<num>\d[\d,]*)\s+"
        r"(?:people|adults|individuals|persons|clients)\b",
        re.I,
    ),
    re.compile(
        # the number starts where its digits start (not again at each of them: `(?<!\d)(?<!\d,)`)
        r"(?<!\d)(?<!\d,)(?P<num>\d[\d,]*)\s+(?:people|adults|individuals|persons|clients)?[^.;£%\d]{0,60}?\b(?P<term>long|short)[\s-]?term",
        re.I,
    ),
    # 'long-term support: 3,010', and a table row '| People accessing long-term support | 3,010 |'
    re.compile(r"\b(?P<term>long|short)[\s-]?term\b[^.;£%\d]{0,50}?[:\-|]\s*(?P<num>\d[\d,]*)", re.I),
)
# the year printed as a label of its own, as in the layout of reports from site visits after 6 October 2025
# ... or as the first cell of a table row: '| Financial year | 2023/24 |'
YEAR_LABEL = re.compile(
    r"[\s*_|]*(?:financial|budget|reporting)\s+year\s*[:\-|]\s*[*_]*(?=\d)", re.IGNORECASE
)
_FIELDS = {
    ("total", "estimated"): "budget_estimated_gbp",
    ("total", "actual"): "budget_actual_gbp",
    ("total", "difference"): "budget_difference_gbp",
    ("asc", "estimated"): "asc_estimated_gbp",
    ("asc", "actual"): "asc_actual_gbp",
    ("asc", "difference"): "asc_difference_gbp",
}


def _sentences(chunks: list[Chunk]) -> Iterator[tuple[Chunk, int, int]]:
    for chunk in chunks:
        for start, end in sentence_spans(chunk.match):
            yield chunk, start, end


_PER_UNIT = re.compile(r"\bper\s+(?:adult|head|person|resident|capita|client)\b|\bper\s*$", re.IGNORECASE)
_SPENDING = re.compile(r"budget|spend|spent", re.IGNORECASE)


class _Reader:
    """Reads the section sentence by sentence, remembering the subject (total or ASC) across bullets."""

    def __init__(self) -> None:
        self.found: dict[str, Figure] = {}
        self.amounts: dict[str, Amount] = {}
        self.signs: dict[str, int] = {}
        self.broken: dict[str, tuple[Amount, int]] = {}  # field -> (amount, line): stated, not readable
        self.warnings: list[ParseWarning] = []
        self.subject: str | None = None

    def put(self, name: str, value: Figure) -> None:
        if name not in self.found:
            self.found[name] = value

    def sentence(self, chunk: Chunk, start: int, end: int) -> None:
        text = chunk.match
        sentence = text[start:end]
        known = len(self.found) + len(self.broken)
        if "financial_year" not in self.found and "ear" in sentence:
            label = YEAR_LABEL.match(text, start, end)
            year = YEAR_RANGE.match(text, label.end(), end) if label else None
            normalised = financial_year(year.group("a"), year.group("b")) if year else None
            if year and normalised:
                self.put("financial_year", figure(chunk, year.start(), year.end(), normalised))
        if "\u00a3" in sentence:
            self.money(chunk, start, end)
        if "%" in sentence or "per" in sentence:
            self.percentages(chunk, start, end, sentence)
        if "term" in sentence:
            self.people(chunk, start, end)
        # The financial year is the one printed with the facts, not in any other line of the section.
        if "financial_year" not in self.found and len(self.found) + len(self.broken) > known:
            for year in YEAR_RANGE.finditer(text, start, end):
                normalised = financial_year(year.group("a"), year.group("b"))
                if normalised:
                    self.put("financial_year", figure(chunk, year.start(), year.end(), normalised))
                    break

    def people(self, chunk: Chunk, start: int, end: int) -> None:
        text = chunk.match
        for pattern in PEOPLE:
            for people in pattern.finditer(text, start, end):
                number = COUNT.match(text, people.start("num"), people.end("num"))
                value = count_from_match(number) if number else None
                if value is not None:
                    name = (
                        "people_long_term" if people.group("term").lower() == "long" else "people_short_term"
                    )
                    self.put(name, figure(chunk, people.start("num"), people.end("num"), value))

    def _role(
        self, before: str, after: str, spending: bool, subject: str
    ) -> tuple[str | None, str | None, int]:
        """(role, difference word, length of the printed difference words) of one amount, from its context."""
        difference = DIFFERENCE_AFTER.match(after)
        if difference:
            return "difference", difference.group("word"), difference.end("word")
        leading = DIFFERENCE_BEFORE.search(before)
        if leading:
            return "difference", leading.group("word"), 0
        if _PER_UNIT.search(before[-40:]) or after.lstrip().lower().startswith("per "):
            return None, None, 0  # '£313 per adult': a rate, not a budget
        if ACTUAL.search(before):
            return "actual", None, 0
        if ESTIMATED.search(before):
            return "estimated", None, 0
        if not spending:  # the sentence names no budget or spending
            return None, None, 0
        return ("estimated" if _FIELDS[(subject, "estimated")] not in self.found else "actual"), None, 0

    def money(self, chunk: Chunk, start: int, end: int) -> None:
        text = chunk.match
        sentence = text[start:end]
        if ASC.search(sentence):
            self.subject = "asc"
        elif TOTAL.search(sentence):
            self.subject = "total"
        subject = self.subject or "total"
        spending = _SPENDING.search(sentence) is not None
        previous_end = start
        for found in AMOUNT.finditer(text, start, end):
            before = text[previous_end : found.start()]
            after = text[found.end() : min(end, found.end() + 40)]
            previous_end = found.end()
            role, word, extra = self._role(before, after, spending, subject)
            if role is None:
                continue
            name = _FIELDS[(subject, role)]
            if name in self.found or name in self.broken:
                continue
            money = amount_from_match(found)
            self.amounts[name] = money
            sign = 1
            if role == "difference" and word:
                sign = 0 if word.lower() == "difference" else (1 if word.lower() in _PLUS else -1)
            self.signs[name] = sign
            if not money.well_formed:
                self.broken[name] = (money, chunk.line_of(found.start()))
                continue
            self.put(name, figure(chunk, found.start(), found.end() + extra, money.value))

    def percentages(self, chunk: Chunk, start: int, end: int, sentence: str) -> None:
        text = chunk.match
        pct = PERCENT.search(text, start, end)
        if not pct:
            return
        value = Decimal(pct.group("num"))
        if PRECEPT.search(sentence):
            self.put("precept_pct", figure(chunk, pct.start(), pct.end(), value))
            full = PRECEPT_FULL.search(sentence)
            if full and "precept_full" not in self.found:
                negated = PRECEPT_NOT.search(text, start, full.start())
                self.put("precept_full", figure(chunk, start, end, not negated))
            elif PRECEPT_NOT.search(sentence) and "precept_full" not in self.found:
                self.put("precept_full", figure(chunk, start, end, False))
        elif ASC.search(sentence) and SHARE.search(sentence):
            self.put("asc_share_pct", figure(chunk, pct.start(), pct.end(), value))

    def settle(self) -> None:
        """Sign the differences, report broken amounts, check actual - estimated against the stated one."""
        for subject, label in (("total", "total budget"), ("asc", "adult social care budget")):
            names = [_FIELDS[(subject, role)] for role in ("estimated", "actual", "difference")]
            estimated, actual, difference = (self.amounts.get(name) for name in names)
            diff_name = names[2]
            if difference is not None and difference.value is not None and diff_name in self.found:
                sign = self.signs.get(diff_name, 1)
                if (
                    sign == 0
                    and estimated
                    and actual
                    and estimated.value is not None
                    and actual.value is not None
                ):
                    sign = 1 if actual.value >= estimated.value else -1
                stated_figure = self.found[diff_name]
                self.found[diff_name] = replace(stated_figure, value=difference.value * (sign or 1))
            for position, name in enumerate(names[:2]):
                if name in self.broken:
                    self._report_broken(name, (estimated, actual)[1 - position], difference, position)
            est_value = self.found.get(names[0])
            act_value = self.found.get(names[1])
            stated = self.found.get(diff_name)
            if est_value and act_value and stated and estimated and actual and difference:
                implied = act_value.value - est_value.value  # type: ignore[operator]
                tolerance = estimated.tolerance + actual.tolerance + difference.tolerance
                if abs(implied - stated.value) > tolerance:  # type: ignore[operator]
                    self.warnings.append(
                        ParseWarning(
                            "finance_arithmetic",
                            f"{label}: stated difference {stated.value} but actual - estimated = {implied}",
                            stated.line_start,
                        )
                    )

    def _report_broken(
        self, name: str, partner: Amount | None, difference: Amount | None, position: int
    ) -> None:
        """A broken amount is not stored as a figure (the text is kept); the warning names the reading
        the other figures support, for a person to confirm."""
        money, line = self.broken[name]
        hint = ""
        if partner is not None and partner.value is not None and len(money.candidates) > 1:
            stated = self.found.get(name.rsplit("_", 2)[0] + "_difference_gbp")
            if stated is not None and isinstance(stated.value, Decimal):
                target = partner.value - stated.value if position == 0 else partner.value + stated.value
            else:
                target = partner.value
            best = min(money.candidates, key=lambda candidate: abs(candidate - target))
            hint = f"; the other figures suggest \u00a3{best:,}"
        self.warnings.append(
            ParseWarning(
                "amount_format", f"{name}: digit grouping of {money.printed!r} is broken{hint}", line
            )
        )


def read_finance(chunks: list[Chunk]) -> tuple[FinancialFacts, list[ParseWarning]]:
    """Financial facts from the chunks of the `Financial facts` section."""
    reader = _Reader()
    for chunk, start, end in _sentences(chunks):
        reader.sentence(chunk, start, end)
    reader.settle()
    return FinancialFacts(**reader.found), reader.warnings

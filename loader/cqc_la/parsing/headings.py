"""What a chunk *is* in the report's vocabulary: a fixed heading, a statement name, a score line, a topic.

Roles are decided on the words alone, never on `#` levels, so a plain-text copy of a page and a
markdown copy give the same roles. Only short single lines (or markdown headings) are considered: a
paragraph is never a heading, which also keeps this step cheap on long reports. The fixed phrases are
a data table (`FIXED_HEADINGS`); statement names, topics, themes and rating words come from the
framework vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .blocks import Chunk
from .text import for_matching, key
from .vocabulary import TopicMatch, Vocabulary

MAX_HEADING_WORDS = 18  # the longest standard topic has 12 words
_RATINGS = r"(?:inadequate|requires improvement|good|outstanding)"

# Role name -> pattern on the heading's key (lower case, punctuation dropped, `&` read as `and`).
FIXED_HEADINGS: tuple[tuple[str, str], ...] = (
    ("demographics", r"demographics?"),
    ("financial_facts", r"(?:the )?financial facts"),
    ("overall_summary", r"overall summary"),
    (
        "rating_heading",
        rf"(?:(?:the )?local authority |overall )?(?:indicative )?rating(?: and score)?(?: {_RATINGS})?",
    ),
    ("scores_heading", r"(?:indicative )?quality statement scores?"),
    ("people_experience", r"(?:summary of )?people s experiences?(?: summary)?"),
    ("strengths_summary", r"summary of strengths.*"),
    ("what_people_expect", r"what people expect"),
    ("commitment", r"(?:the )?local authority s? ?commitment|our commitment"),
    ("key_findings", r"key findings(?: for this (?:quality )?statement)?"),
    ("theme_intro", r"this theme includes (?:these|the following) (?:quality )?statements?"),
    ("about", r"about (?!the )\S.{2,100}"),
)
_FIXED = re.compile("|".join(f"(?P<{role}>^(?:{pattern})$)" for role, pattern in FIXED_HEADINGS))
_WORD_SCORES = {"one": 1, "two": 2, "three": 3, "four": 4}
NOT_A_WHOLE_SCORE = 0  # the score of `Score: 3.5`: outside 1-4, so the checks reject it with the printed text
# `n` also takes what is no whole number (`Score: -1`, `Score: 3.5`), so that such a line is a score the
# checks reject with its line (`statements.py`), not a line of text passed over for the label's score.
SCORE_LINE = re.compile(
    r"^(?:(?:indicative|quality\s+statement)\s+)?score\s*[:\-]?\s*(?P<n>[-+]?\d+(?:[.,]\d+)?|one|two|three|four)\b"
    r"(?:\s*(?:/|out of)\s*4\b)?"
    r"\s*(?:[-:,]\s*(?P<label>.*))?$",
    re.IGNORECASE,
)
LABEL_LINE = re.compile(
    rf"^(?:(?P<n>\d)\s*[-:.]\s*(?:(?P<word>{_RATINGS})\s*[:\-]\s*)?|(?P<pilot>{_RATINGS})\s*[:\-]\s*)"
    r"evidence shows\b",
    re.IGNORECASE,
)
# A table cell holding only a score: '3', '**3**', '3 out of 4', 'three'.
TABLE_SCORE = re.compile(
    r"^[*_]*(?P<n>\d{1,2}|one|two|three|four)[*_]*(?:\s*(?:/|out of)\s*4)?$", re.IGNORECASE
)
_INLINE_SCORE = re.compile(r"[\s:,\-]*\b(?:indicative\s+)?score\b", re.IGNORECASE)
# A summary line giving a statement and its bare score: 'Assessing needs: 3', 'Safeguarding - 2 out of 4'.
_TRAILING_SCORE = re.compile(
    r"^(?P<name>[^:\d][^:]*?)\s*(?::|\s-)\s*[*_]*(?P<n>[1-4]|one|two|three|four)[*_]*(?:\s*(?:/|out of)\s*4)?\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Role:
    kind: str
    qs_no: int | None = None
    theme_no: int | None = None
    certain: bool = True
    score: int | None = None
    score_text: str | None = None  # the score as printed, e.g. 'Score: 3'
    label: str | None = None
    rating: str | None = None
    topic: TopicMatch | None = None


def score_line(text: str, vocabulary: Vocabulary) -> Role | None:
    """`Score: 3`, `Score 3`, `## Score: 3` (markers already stripped), possibly with its label."""
    matching = for_matching(text)
    stripped = matching.strip(" \t|")
    found = SCORE_LINE.match(stripped)
    if not found:
        return None
    number = found.group("n").lower()
    score = _WORD_SCORES.get(number) or _whole(number)
    label = found.group("label")
    if label and not LABEL_LINE.match(label) and "evidence" not in label.lower():
        label = None
    elif label and number.isdigit() and LABEL_LINE.match(stripped[found.start("n") :]):
        # 'Score: 3 - Evidence shows a good standard' on one line: the label as printed is '3 - Evidence ...',
        # as when it stands on its own line (offsets hold: matching text keeps the printed length)
        start = len(matching) - len(matching.lstrip(" \t|")) + found.start("n")
        label = text[start:]
    return Role("score", score=score, score_text=text.strip(), label=label.strip() if label else None)


def _whole(number: str) -> int:
    """`3`, `-1`; `NOT_A_WHOLE_SCORE` for `3.5` or `3,5`."""
    return NOT_A_WHOLE_SCORE if "." in number or "," in number else int(number)


def label_line(text: str, vocabulary: Vocabulary) -> Role | None:
    """`3 - Evidence shows a good standard`, `1 - Inadequate: Evidence ...`, pilot `Good: Evidence ...`."""
    found = LABEL_LINE.match(for_matching(text).strip())
    if not found:
        return None
    if found.group("n"):
        score = int(found.group("n"))
    else:
        rating = vocabulary.rating(found.group("pilot"))
        score = vocabulary.score_by_rating.get(rating or "", 0)
    return Role("label", score=score, label=text.strip())


def classify(chunk: Chunk, vocabulary: Vocabulary) -> Role | None:
    """The role of one chunk, or None for ordinary text."""
    if chunk.md_level is None and (not chunk.is_single_line or chunk.words > MAX_HEADING_WORDS):
        return None
    return classify_text(chunk.text, vocabulary)


@lru_cache(maxsize=8192)
def classify_text(text: str, vocabulary: Vocabulary) -> Role | None:
    """The role of a short line of text (markers removed)."""
    if len(text) > 220:
        return None
    if "|" in text:
        text = text.strip(" |")  # a markdown table row: '| Assessing needs | Score: 3 |'
        cells = [cell.strip() for cell in text.split("|")]
        if len(cells) == 2 and TABLE_SCORE.match(cells[1]):
            # '| Assessing needs | 3 |': a statement name and a bare score in a scores table
            qs_no = vocabulary.statement(cells[0])
            if qs_no is not None:
                number = TABLE_SCORE.match(cells[1]).group("n").lower()  # type: ignore[union-attr]
                score = _WORD_SCORES.get(number) or int(number)
                return Role("statement", qs_no=qs_no, score=score, score_text=cells[1])
    first = text.lstrip()[:1].lower()
    if first in ("s", "i", "q") or first.isdigit():
        role = score_line(text, vocabulary)
        if role:
            return role
    if first.isdigit() or first in "girou":
        role = label_line(text, vocabulary)
        if role:
            return role
    k = key(text)
    if not k:
        return None
    fixed = _FIXED.match(k)
    if fixed:
        kind = fixed.lastgroup or ""
        rating = vocabulary.rating(text) if kind == "rating_heading" else None
        return Role(kind, rating=rating)
    qs_no = vocabulary.statement(text)
    if qs_no is not None:
        return Role("statement", qs_no=qs_no)
    inline = _INLINE_SCORE.search(text)
    if inline and inline.start() > 0:
        qs_no = vocabulary.statement(text[: inline.start()])
        scored = score_line(text[inline.start() :].lstrip(" :,-\u2013"), vocabulary)
        if qs_no is not None and scored:
            return Role(
                "statement", qs_no=qs_no, score=scored.score, score_text=scored.score_text, label=scored.label
            )
    trailing = _TRAILING_SCORE.match(for_matching(text).strip())
    if trailing:
        qs_no = vocabulary.statement(trailing.group("name"))
        if qs_no is not None:
            number = trailing.group("n").lower()
            score = _WORD_SCORES.get(number) or int(number)
            return Role("statement", qs_no=qs_no, score=score, score_text=text[trailing.start("n") :].strip())
    theme = vocabulary.theme(text)
    if theme:
        return Role("theme", theme_no=theme[0], certain=theme[1])
    topic = vocabulary.topic(text)
    if topic:
        return Role("topic", qs_no=topic.qs_no, topic=topic)
    return None


_TERMINAL = (".", "!", "?", ":", ";", ",")
MAX_TOPIC_WORDS = 14


def could_be_topic_heading(chunk: Chunk) -> bool:
    """A plain short line that reads as a sub-heading, not a sentence (used inside key findings only)."""
    if chunk.is_list_item or not chunk.is_single_line or chunk.words > MAX_TOPIC_WORDS:
        return False
    text = chunk.text.strip()
    if not text or text.endswith(_TERMINAL) or "%" in text or "\u00a3" in text:
        return False
    first = text[0]
    return first.isupper() or first.isdigit()

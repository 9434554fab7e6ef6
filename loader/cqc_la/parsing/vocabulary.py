"""The framework's words, loaded once from `data/framework.json`, and how printed text is matched to them.

Reports name the same statement or topic in slightly different ways (`lead`/`live`, `&`/`and`,
plurals, swapped word order, a shortened topic). Matching therefore compares normalised keys first,
then unordered word bags, and for key-finding topics a close word overlap. Everything the parser
recognises about the framework comes from the JSON file, so a new alias is a data change, not a code
change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import key, word_bag

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "framework.json"

# Words read as the same word when comparing statement names (bags are compared after this mapping).
_SYNONYMS = {"lead": "live", "led": "live", "leading": "live"}
_STATEMENT_PREFIX = re.compile(r"^(?:quality statement|qs)\s*\d?\s*")
_THEME_NUMBER = re.compile(r"^theme\s*(\d|one|two|three|four)\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}
_TOPIC_MIN_OVERLAP = 0.7


@dataclass(frozen=True)
class Statement:
    number: int
    theme: int
    name: str
    names: tuple[str, ...]
    i_statements: tuple[str, ...]
    we_statement: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    qs_no: int


def _theme_pattern(heading_pattern: str) -> tuple[re.Pattern[str], bool]:
    """`How <LA> works with people` -> a pattern on keys with any council name in place of <LA>."""
    words = key(heading_pattern).split()
    names_council = "la" in words
    parts = [r"(?:.+ )?" if word == "la" else re.escape(word) + " " for word in words]
    return re.compile("^" + "".join(parts).rstrip() + "$"), names_council


def _synonym_bag(text: str) -> frozenset[str]:
    return frozenset(_SYNONYMS.get(word, word) for word in word_bag(text))


class Vocabulary:
    """Statements, topics, themes, rating words and data sources of the assessment framework."""

    def __init__(self, framework: dict) -> None:
        self.framework = framework
        self.statements = tuple(
            Statement(
                number=item["number"],
                theme=item["theme"],
                name=item["name"],
                names=(item["name"], *item.get("aliases", [])),
                i_statements=tuple(item.get("i_statements", [])),
                we_statement=item.get("we_statement", ""),
                topics=tuple(item.get("standard_topics", [])),
            )
            for item in framework["quality_statements"]
        )
        self.by_number = {statement.number: statement for statement in self.statements}
        self._statement_keys: dict[str, int] = {}
        self._statement_bags: dict[frozenset[str], int] = {}
        for statement in self.statements:
            for name in statement.names:
                self._statement_keys[key(name)] = statement.number
                self._statement_bags[_synonym_bag(name)] = statement.number
        self._topic_keys: dict[str, TopicMatch] = {}
        self._topic_bags: list[tuple[frozenset[str], TopicMatch]] = []
        for statement in self.statements:
            for topic in statement.topics:
                match = TopicMatch(topic, statement.number)
                self._topic_keys[key(topic)] = match
                self._topic_bags.append((word_bag(topic), match))
        self.rating_words = {
            key(step["rating_word"]): step["rating_word"] for step in framework["score_scale"]
        }
        self.score_by_rating = {step["rating_word"]: step["score"] for step in framework["score_scale"]}
        self.labels = {step["score"]: step["label"] for step in framework["score_scale"]}
        self.themes = {theme["number"]: theme for theme in framework["themes"]}
        self._theme_patterns = [
            (number, *_theme_pattern(theme["report_heading_pattern"]))
            for number, theme in self.themes.items()
        ]
        self.bands_36 = {
            rating: tuple(bounds)
            for rating, bounds in framework["rating_bands"]["with_nine_statements_total_out_of_36"].items()
        }
        self.bands_pct = [
            (band["rating"], band["min_pct"], band["max_pct"]) for band in framework["rating_bands"]["bands"]
        ]
        self.sources = {source["code"]: source["name"] for source in framework["national_data_sources"]}

    def statement(self, text: str) -> int | None:
        """The number of the quality statement a heading names, or None."""
        k = _STATEMENT_PREFIX.sub("", key(text)).strip()
        if not k or len(k) > 80:
            return None
        number = self._statement_keys.get(k)
        if number is None:
            number = self._statement_bags.get(_synonym_bag(k))
        return number

    def topic(self, text: str) -> TopicMatch | None:
        """The standard key-finding topic a heading names (exact, reordered, or a close shortening)."""
        k = key(text)
        if not k or len(k) > 140:
            return None
        exact = self._topic_keys.get(k)
        if exact:
            return exact
        bag = word_bag(k)
        if len(bag) < 2:
            return None
        best: TopicMatch | None = None
        best_score = 0.0
        for topic_bag, match in self._topic_bags:
            common = len(bag & topic_bag)
            if not common:
                continue
            score = common / len(bag | topic_bag)
            if bag <= topic_bag and common >= 2 and common / len(topic_bag) >= 0.5:
                score = max(score, _TOPIC_MIN_OVERLAP)
            if score > best_score:
                best, best_score = match, score
        return best if best_score >= _TOPIC_MIN_OVERLAP else None

    def theme(self, text: str) -> tuple[int, bool] | None:
        """(theme number, certain). A bare `Leadership` is only a theme heading if confirmed by context."""
        k = key(text)
        numbered = _THEME_NUMBER.match(k)
        if numbered:
            word = numbered.group(1)
            number = _NUMBER_WORDS.get(word) or int(word)
            return (number, True) if number in self.themes else None
        if len(k) > 120:
            return None
        for number, pattern, names_council in self._theme_patterns:
            if pattern.match(k):
                return number, names_council
        return None

    def rating(self, text: str) -> str | None:
        """The framework's rating word printed at the end of a short line ('Good', 'Requires improvement')."""
        k = key(text)
        for size in (2, 1):
            tail = " ".join(k.split()[-size:])
            if tail in self.rating_words:
                return self.rating_words[tail]
        return None


@cache
def vocabulary() -> Vocabulary:
    """The framework vocabulary, read once per process."""
    with FRAMEWORK_FILE.open(encoding="utf-8") as handle:
        return Vocabulary(json.load(handle))

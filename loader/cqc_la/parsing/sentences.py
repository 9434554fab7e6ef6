"""Sentences of a paragraph, as offsets, so facts can quote the sentence they came from.

Findings state national comparisons and waiting times sentence by sentence, and sometimes put the
source of a figure in the next sentence (`... 58.77%. Short and Long Term Support (SALT) 2023/2024.`),
so extraction works on sentence spans of the normalised text. Decimal points (`58.77`) and common
abbreviations (`e.g.`) never end a sentence.

Every step looks only at the current sentence (never at the text before it), so a paragraph of
thousands of sentences costs one pass.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\u00a3]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "eg", "ie", "dr", "mr", "mrs", "ms", "st", "no", "approx", "vs", "cf"}
)
# The longest sentence quoted with a fact: a real one is a few hundred characters (the longest in the
# fixtures, 436); a 'sentence' of a megabyte would be copied into every fact read from it.
MAX_QUOTE = 2000


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, trailing spaces excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        stop = boundary.start()
        word_start = max(start, text.rfind(" ", start, stop) + 1)  # the sentence's first word has no space
        if text[word_start:stop].lower().lstrip("(") in _ABBREVIATIONS:
            continue
        end = boundary.end()
        sentence_end = start + len(text[start:end].rstrip())
        if sentence_end > start:
            spans.append((start, sentence_end))
        start = end
    tail_end = len(text.rstrip())
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


def quote(text: str, start: int, end: int) -> str:
    """`text[start:end]`, the sentence a fact is quoted with, cut at `MAX_QUOTE` characters."""
    return text[start : min(end, start + MAX_QUOTE)]

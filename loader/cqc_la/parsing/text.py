"""Bytes to lines, and the normalised forms used only for matching.

Reports arrive as UTF-8 with or without a BOM, with LF or CRLF, sometimes with curly quotes,
non-breaking spaces and en dashes. The printed text is stored as given; matching runs on a copy in
which those characters are replaced *one for one* (`for_matching`), so that an offset found in the
matching copy is also an offset in the printed text and a figure can quote exactly what was printed.
Vocabulary comparison uses a stronger, length-changing form (`key`, `word_bag`) that is never used
for offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..report import ReportError

BOM = "\ufeff"

# One character in, one character out: offsets in the matching copy are offsets in the printed text.
_MATCHING_TABLE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u200b": " ",  # zero-width space
        "\t": " ",
        "\n": " ",  # a paragraph's line breaks read as spaces
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u00ad": "-",  # soft hyphen
    }
)

_LOOK_ALIKE = re.compile("[" + "".join(re.escape(chr(code)) for code in _MATCHING_TABLE) + "]")


def _replacement(found: re.Match[str]) -> str:
    return _MATCHING_TABLE[ord(found.group())]  # type: ignore[return-value]


_NOT_WORD = re.compile(r"[^a-z0-9+]+")
_STOP_WORDS = frozenset({"and", "the", "of", "for", "to", "a", "an", "in"})


def decode(data: bytes, file_name: str) -> str:
    """Decode a report's bytes, rejecting what is not UTF-8 text with the line of the first bad byte."""
    if not data.strip():
        raise ReportError(file_name, None, "a report in UTF-8 text", "an empty file")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ReportError(file_name, line, "UTF-8 text", "a NUL byte (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise ReportError(file_name, line, "UTF-8 text", f"invalid byte 0x{bad}") from None
    if text.startswith(BOM):
        text = text[1:]
    if not text.strip():
        raise ReportError(file_name, None, "a report in UTF-8 text", "an empty file")
    return text


def split_lines(text: str) -> list[str]:
    """Split on LF, dropping a CR before it: line N of the result is line N of the file (1-based)."""
    lines = (text.replace("\r\n", "\n") if "\r" in text else text).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# HTML character references left by a copy from the page source: `&pound;` reads as `£`. The reference is
# replaced by its character *right-aligned in spaces* ('&pound;' -> '      £'), so the matching copy keeps
# the printed text's length and offsets and '&pound;402,300,000' still reads as an amount.
HTML_ENTITIES: dict[str, str] = {
    "amp": "&",
    "pound": "\u00a3",
    "nbsp": " ",
    "rsquo": "'",
    "lsquo": "'",
    "apos": "'",
    "#39": "'",
    "#8217": "'",
    "rdquo": '"',
    "ldquo": '"',
    "quot": '"',
    "ndash": "-",
    "mdash": "-",
    "#163": "\u00a3",
    "#160": " ",
    "euro": "\u20ac",
    "hellip": ".",
    "lt": "<",
    "gt": ">",
}
_ENTITY = re.compile(
    "&(" + "|".join(re.escape(name) for name in sorted(HTML_ENTITIES, key=len, reverse=True)) + ");"
)


def _entity(found: re.Match[str]) -> str:
    return HTML_ENTITIES[found.group(1)].rjust(len(found.group()))


def for_matching(text: str) -> str:
    """The same text with look-alike characters replaced one for one (same length, same offsets)."""
    if text.isascii() and "\n" not in text and "\t" not in text:
        if "&" in text and ";" in text:
            return _ENTITY.sub(_entity, text)
        return text  # nothing to replace
    out = _LOOK_ALIKE.sub(_replacement, text)  # faster than str.translate when few characters change
    if "&" in out and ";" in out:
        out = _ENTITY.sub(_entity, out)
    return out


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """A comparison key: lower case, `&` read as `and`, punctuation and markup dropped, single spaces."""
    lowered = for_matching(text).lower().replace("&", " and ")
    return _NOT_WORD.sub(" ", lowered).strip()


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def word_bag(text: str) -> frozenset[str]:
    """Key words without order, plurals or joining words: `Safe pathways, systems and transitions`
    and `Safe systems, pathways and transitions` give the same bag."""
    return frozenset(_stem(word) for word in key(text).split() if word not in _STOP_WORDS)


def is_blank(line: str) -> bool:
    return not line.strip()


def lowered(text: str) -> str:
    """`text.lower()` when that keeps every offset (it does for all but a few characters such as `İ`).

    Searching lower-cased text with case-sensitive patterns that start with a literal word is many
    times faster than `re.IGNORECASE` with Python's regex engine; the guard keeps offsets valid.
    """
    lower = text.lower()
    return lower if len(lower) == len(text) else text

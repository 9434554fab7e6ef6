"""Council names as keys: the many ways a council is printed reduce to one matching key.

Reports print `Hartlepool Borough Council`, `Royal Borough of Kensington and Chelsea`, `Brighton &
Hove`, with trailing spaces and curly apostrophes; the reference lists aliases. Both sides go through
`alias_key`, and a printed name that misses is tried again without the usual council-type words.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " "})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_TYPE_WORDS = re.compile(
    r"\b(the|council|borough|city|county|metropolitan|district|royal|london|of|unitary|authority|ua)\b"
)


def alias_key(name: str) -> str:
    """Lowercase words of a name, `&` as `and`, accents and punctuation removed."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES)).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def bare_key(name: str) -> str:
    """The key without council-type words: `Hartlepool Borough Council` -> `hartlepool`."""
    return " ".join(_TYPE_WORDS.sub(" ", alias_key(name)).split())


def candidate_keys(name: str) -> list[str]:
    """Keys to try, most specific first."""
    keys = [alias_key(name)]
    bare = bare_key(name)
    if bare and bare not in keys:
        keys.append(bare)
    return keys

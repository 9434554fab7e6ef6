"""Markdown and plain text files: the text as given (BOM removed, line endings kept), one origin per line."""

from __future__ import annotations

from ..parsing.text import decode
from ..source_text import MediaType, SourceText, digest

MARKDOWN_SUFFIXES = (".md", ".markdown")


def read_text(data: bytes, name: str) -> SourceText:
    """A text file as a `SourceText`; raises `ReportError` (with the line) for what is not UTF-8 text."""
    text = decode(data, name)
    media: MediaType = "text/markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text/plain"
    return SourceText(name, media, digest(data), len(data), text)

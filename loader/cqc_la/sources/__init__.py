"""Where report texts come from: every input becomes a `SourceText` (text, digest, provenance).

This layer sits above `parsing/`: the parser reads a `SourceText` and never knows the format. One small
module per format (`text.py`, `html.py`, `pdf.py`), chosen by content (`detect.py`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..report import Report, ReportError
from ..source_text import LineOrigin, SourceText
from .detect import ACCEPTED, detect, refuse_binary

__all__ = ["ACCEPTED", "LineOrigin", "SourceText", "parse_report", "read_bytes", "read_source"]


def read_bytes(data: bytes, name: str) -> SourceText:
    """The `SourceText` of a file's bytes, whatever its format; raises `ReportError` in one line."""
    kind = detect(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if kind == "html":
        from .html import read_html

        return read_html(data, name)
    refuse_binary(data, name)
    from .text import read_text

    try:
        return read_text(data, name)
    except ReportError as error:
        if error.expected == "UTF-8 text":  # say which formats are read, not just that this is not text
            raise ReportError(name, error.line, ACCEPTED, error.found) from None
        raise


def read_source(source: str | os.PathLike[str], name: str | None = None) -> SourceText:
    """Read a file (any accepted format) as a `SourceText`; `name` defaults to the path as given."""
    path = Path(source)
    label = name or str(source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportError(label, None, "a readable file", error.strerror or str(error)) from None
    return read_bytes(data, label)


def parse_report(source: str | bytes | os.PathLike[str] | SourceText, file_name: str | None = None) -> Report:
    """Parse a report, or a part of one, in any accepted format (HTML, PDF, markdown, text).

    A path is read and its format told by content; `bytes` likewise; a `str` is the report's text."""
    from ..parsing import parse_report as parse_text_or_source

    if isinstance(source, SourceText | str):
        return parse_text_or_source(source, file_name)
    if isinstance(source, bytes):
        return parse_text_or_source(read_bytes(source, file_name or "<bytes>"))
    path = Path(os.fspath(source))
    return parse_text_or_source(read_source(path, file_name or path.name))

"""Which format a file is, told by its content (magic bytes, markup), never by its extension alone.

Browsers save pages as `.htm`, `.html`, or with no suffix at all; `curl` writes whatever name it is
given; a PDF may arrive as `download`. The first bytes say what a file is. What is none of the
accepted formats gets one line that names the formats we read.
"""

from __future__ import annotations

import re

from ..report import ReportError

ACCEPTED = "a report as HTML (a saved CQC page), PDF, markdown or UTF-8 plain text"

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|h1|div|p)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<html[\s>]|<body[\s>]", re.IGNORECASE)
# Magic numbers of formats people might give us by mistake, to say what was found.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (a Word or Excel file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)


def detect(data: bytes) -> str:
    """`pdf`, `html` or `text` (which the text reader then checks is UTF-8)."""
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_START.match(head) or _HTML_ANYWHERE.search(head):
        return "html"
    return "text"


def refuse_binary(data: bytes, name: str) -> None:
    """Raise one line for a file of a format we do not read (an image, an archive, an Office file)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReportError(name, None, ACCEPTED, what)

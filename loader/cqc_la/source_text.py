"""The one form every input takes before parsing: text as lines, the original bytes' digest, provenance.

`cqc_la.sources` makes it; the parser reads it (so it lives below both).

Reports reach us as markdown or plain text, as a browser's saved web page, as a `curl` download of a
page, or as CQC's printable PDF. Each reader in this package turns its format into a `SourceText`, so
the parser sees one shape and never learns the format (a new format is a new module here and no change
to the grammar). The record keeps, for every line of the text, where it came from (`origin`): the file
(or address), the PDF page when there are pages, and the line (in the text itself, or on the page).

Lines that the reader recognised as site or page furniture *by markup or layout* (an HTML `<nav>` or
`<footer>`, a cookie banner, a PDF's running header and page number) are listed in `furniture`: they
stay in the text, so nothing is lost and the text can be rebuilt, but the parser gives them the chrome
role and they never become headings or findings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

MediaType = Literal["text/markdown", "text/plain", "text/html", "application/pdf"]


@dataclass(frozen=True)
class LineOrigin:
    """Where one line of a `SourceText` was printed."""

    file: str  # the file name as given, or the page's address
    page: int | None  # 1-based PDF page; None for formats without pages
    line: int  # 1-based: the line of the text (text, HTML) or the line on its page (PDF)


@dataclass(frozen=True)
class SourceText:
    """One input file as text, with the digest of its original bytes and per-line provenance.

    `text` uses `\\n` line breaks (a text file's CRLF is kept as given: a line's `\\r` is not part of it);
    line N (1-based) of the text is described by
    `origin(N)`. `pages` is empty for formats without pages; otherwise `pages[i]` is the 1-based page
    of line i + 1. `url` is the page's own address when the input names it (`<link rel=canonical>`,
    `og:url`, the "saved from" comment a browser writes).
    """

    name: str
    media_type: MediaType
    sha256: str  # of the original bytes
    byte_count: int
    text: str
    furniture: frozenset[int] = field(default=frozenset())  # 0-based line indexes: site furniture blocks
    pages: tuple[int, ...] = ()
    url: str | None = None
    # 0-based indexes of running page lines (a PDF's header, footer and page number): unlike site furniture
    # they fall anywhere, often inside a paragraph, which they must not split
    running: frozenset[int] = field(default=frozenset())
    # the origin of each line when the text was assembled from several files (tabs of one report); a
    # separator line added between two files has None
    origins: tuple[LineOrigin | None, ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1

    def origin(self, line: int) -> LineOrigin | None:
        """Where 1-based line `line` of the text was printed (None for a separator between two files)."""
        if self.origins:
            return self.origins[line - 1]
        if not self.pages:
            return LineOrigin(self.name, None, line)
        page = self.pages[line - 1]
        first = self.pages.index(page)  # the first line of that page (0-based)
        return LineOrigin(self.name, page, line - first)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""A page per source file: every stored paragraph of the file at its line, so 'file, line N' is a link.

The site cannot ship the files themselves (they are the user's), but `analysis.paragraph_sources` says
for every stored paragraph which file it came from and at which line (and PDF page). A source page lists
those paragraphs in line order, each with the anchor `#L<line>`, and names the councils whose reports
came from the file and the CQC address when known. Findings on council pages link here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ..charts import Views
from .model import Page, council_path, fmt_number, records, source_path


@dataclass(frozen=True)
class SourceLine:
    anchor: str
    line: str
    where: str  # 'page 3 line 12' for a PDF, else ''
    kind: str
    text: str


@dataclass(frozen=True)
class SourcePage(Page):
    file_name: str
    media_type: str
    sha256: str
    urls: tuple[str, ...]
    councils: tuple[tuple[str, str], ...]  # (name, href)
    lines: tuple[SourceLine, ...]


def source_pages(views: Views) -> Iterator[SourcePage]:
    """One page per stored source file (by content digest)."""
    sources = views["paragraph_sources"]
    if sources.empty:
        return
    overview = views["assessment_overview"]
    councils = (
        dict(zip(overview["assessment_id"], overview["council"], strict=True)) if not overview.empty else {}
    )
    for sha, rows in sources.sort_values(["file_sha256", "line_in_file", "block_no"]).groupby(
        "file_sha256", sort=True
    ):
        first = rows.iloc[0]
        names = sorted({str(councils[a]) for a in rows["assessment_id"] if a in councils})
        seen: set[int] = set()
        lines = []
        for row in records(rows):
            line = row.get("line_in_file")
            if line is None or int(line) in seen:
                continue
            seen.add(int(line))
            where = ""
            if row.get("page") is not None:
                where = f"page {fmt_number(row['page'])} line {fmt_number(row.get('line_on_page'))}"
            lines.append(
                SourceLine(
                    f"L{int(line)}", fmt_number(line), where, str(row.get("kind") or ""), str(row["text"])
                )
            )
        urls = tuple(sorted({str(u) for u in rows["url"] if u is not None and not pd.isna(u)}))
        yield SourcePage(
            path=source_path(str(sha)),
            title=str(first["file_name"]),
            file_name=str(first["file_name"]),
            media_type=str(first.get("media_type") or ""),
            sha256=str(sha),
            urls=urls,
            councils=tuple((name, "../" + council_path(name)) for name in names),
            lines=tuple(lines),
        )

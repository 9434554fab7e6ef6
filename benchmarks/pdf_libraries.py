"""Which PDF library should read CQC's printable reports: pypdfium2, pdfminer.six or pypdf.

    python benchmarks/pdf_libraries.py [PDF_OR_DIR ...] [--runs 5] [--json out.json]

By default it reads every `tests/fixtures/pages/<slug>/<slug>.pdf`; a report's source text (the
ground truth the PDF was printed from) is `<slug>.md` or `<slug>.txt` beside the PDF, or the file of
that name under `seeds/` or `tests/fixtures/`. A library that is not installed is left out.

Both questions that decide the choice are measured on the same PDFs:

- **speed**: milliseconds to turn the PDF's bytes into text lines, median of `--runs` runs, per report
  and per page; the summary fits ms = a + b * KB (KB of source text) over the reports and gives the
  estimate for an 85 KB report, against the target of 250 ms;
- **fidelity**: the source's words recovered in order (`difflib` over word sequences, running lines
  left out, a word hyphenated at a line end joined with its hyphen), the extracted words that
  are not in the source (unmarked running lines, noise), and how many of the source's block starts
  (paragraphs, headings, list items) are recovered as a blank line or a bullet before the word.

pypdfium2 and pdfminer.six give each line's position, so both go through the reader's own layout step
(`cqc_la.sources.pdf.lay_out`: bullets, running lines, gaps); pypdf gives only text lines.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import io
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from cqc_la.sources.pdf import (
    BAND_SHARE,
    FORM_FEED,
    PrintedLine,
    PrintedPage,
    PrintedText,
    lay_out,
    read_pdf,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
TARGET_MS = 250.0
TARGET_KB = 85.0
BULLETS = "\u2022\u25aa\u25e6\u25cf\u00b7"


# --- the libraries: PDF bytes -> PrintedText ----------------------------------------------------


def with_pypdfium2(data: bytes) -> PrintedText:
    source = read_pdf(data, "benchmark.pdf")
    return PrintedText(tuple(source.lines), source.pages, source.running, source.url)


def with_pdfminer(data: bytes) -> PrintedText:
    """pdfminer's text lines (its own layout analysis orders them) through the same layout step."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTCurve, LTTextContainer, LTTextLine

    pages = []
    for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
        lines: list[PrintedLine] = []
        marks: list[tuple[float, float, float, float]] = []
        for element in page:
            if isinstance(element, LTTextContainer):
                for line in element:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        x0, y0, x1, y1 = line.bbox
                        lines.append(PrintedLine(line.get_text().strip(), x0, y0, y0, y1))
            elif isinstance(element, LTCurve):
                x0, y0, x1, y1 = element.bbox
                if 0 < x1 - x0 < 12 and 0 < y1 - y0 < 12:
                    marks.append((x0, y0, x1, y1))
        pages.append(PrintedPage(number, page.height, tuple(lines), tuple(marks)))
    return lay_out(pages)


def with_pypdf(data: bytes) -> PrintedText:
    """pypdf's plain text: lines in content order, no positions (so no gaps and no running lines)."""
    from pypdf import PdfReader

    lines: list[str] = []
    pages: list[int] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        for index, line in enumerate(page.extract_text().split("\n")):
            lines.append((FORM_FEED if number > 1 and index == 0 else "") + line)
            pages.append(number)
    return PrintedText(tuple(lines), tuple(pages), frozenset())


LIBRARIES: dict[str, tuple[str, Callable[[bytes], PrintedText]]] = {
    "pypdfium2": ("pypdfium2", with_pypdfium2),
    "pdfminer.six": ("pdfminer", with_pdfminer),
    "pypdf": ("pypdf", with_pypdf),
}


# --- fidelity ----------------------------------------------------------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+\u2022]\s+|\d{1,2}[.)]\s+)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return [word for word in text.replace("**", "").replace("|", " ").split() if word not in BULLETS]


def source_blocks(markdown: str) -> list[list[str]]:
    """The words of each block of the source (paragraph, heading, list item, table row)."""
    blocks: list[list[str]] = []
    open_block = False
    for line in markdown.split("\n"):
        if not line.strip() or _TABLE_RULE.match(line) or re.match(r"^\s*(?:-\s*){3,}$", line):
            open_block = False
            continue
        starts = bool(_MARKER.match(line)) or line.lstrip().startswith("|")
        words = _words(_MARKER.sub("", _LINK.sub(r"\1", line)))
        if not words:
            continue
        if starts or not open_block:
            blocks.append([])
        blocks[-1].extend(words)
        open_block = not line.lstrip().startswith(("#", "|"))
    return blocks


def extracted_blocks(layout: PrintedText) -> tuple[list[list[str]], set[int]]:
    """The words of each block of the extraction (after a blank line or at a bullet), and the word
    indexes that open a page (a block start there is the parser's call, so it is not scored)."""
    blocks: list[list[str]] = []
    page_starts: set[int] = set()
    open_block = False
    joined_hyphen = False
    count = 0
    last_page = 0
    for index, line in enumerate(layout.lines):
        if index in layout.running:
            continue
        text = line.replace(FORM_FEED, "")
        if not text.strip():
            open_block = False
            continue
        if layout.pages and layout.pages[index] != last_page:
            last_page = layout.pages[index]
            page_starts.add(count)
        bullet = text.lstrip()[:1] in BULLETS
        words = _words(text)
        if not words:
            continue
        if joined_hyphen and open_block and not bullet:
            blocks[-1][-1] += words.pop(0)  # 'evidence-' / 'based': the parser joins them
        if bullet or not open_block:
            blocks.append([])
        blocks[-1].extend(words)
        count += len(words)
        joined_hyphen = bool(words) and words[-1].endswith("-") and len(words[-1]) > 1
        open_block = True
    return blocks, page_starts


@dataclass(frozen=True)
class Fidelity:
    words: int  # in the source
    recovered_pct: float  # source words found in order
    extra_pct: float  # extracted words not in the source, as a share of the source's words
    block_starts_pct: float | None  # source block starts found as block starts
    false_starts_pct: float | None  # extracted block starts that open no source block
    lines: int


def _starts(blocks: Sequence[Sequence[str]]) -> tuple[list[str], set[int]]:
    words: list[str] = []
    starts: set[int] = set()
    for block in blocks:
        if block:
            starts.add(len(words))
            words.extend(block)
    return words, starts


def fidelity(source: str, layout: PrintedText, has_gaps: bool) -> Fidelity:
    source_words, source_starts = _starts(source_blocks(source))
    blocks, page_starts = extracted_blocks(layout)
    words, starts = _starts(blocks)
    matcher = difflib.SequenceMatcher(None, source_words, words, autojunk=False)
    to_extracted: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        to_extracted.update((a + offset, b + offset) for offset in range(size))
    matched = len(to_extracted)
    block_pct = false_pct = None
    if has_gaps:
        scored = [i for i in source_starts if i in to_extracted and to_extracted[i] not in page_starts]
        found = sum(1 for i in scored if to_extracted[i] in starts)
        block_pct = 100 * found / len(scored) if scored else None
        to_source = {b: a for a, b in to_extracted.items()}
        claimed = [j for j in starts if j in to_source and j not in page_starts]
        false = sum(1 for j in claimed if to_source[j] not in source_starts)
        false_pct = 100 * false / len(claimed) if claimed else None
    return Fidelity(
        words=len(source_words),
        recovered_pct=100 * matched / len(source_words),
        extra_pct=100 * (len(words) - matched) / len(source_words),
        block_starts_pct=block_pct,
        false_starts_pct=false_pct,
        lines=len(layout.lines),
    )


# --- running it ------------------------------------------------------------------------------------


def source_of(pdf: Path) -> Path | None:
    """The text a fixture PDF was printed from: beside it, or a file of its name in the repository."""
    for suffix in (".md", ".txt"):
        beside = pdf.with_suffix(suffix)
        if beside.is_file():
            return beside
    for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures"):
        for suffix in (".md", ".txt"):
            found = sorted(path for path in folder.rglob(pdf.stem + suffix) if path.parent != pdf.parent)
            if found:
                return found[0]
    return None


def find_pdfs(paths: Sequence[str]) -> list[Path]:
    if not paths:
        return sorted(FIXTURES.glob("*/*.pdf"))
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.glob("**/*.pdf")) if path.is_dir() else [path])
    return found


def time_ms(read: Callable[[bytes], PrintedText], data: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read(data)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


@dataclass(frozen=True)
class Row:
    report: str
    library: str
    pdf_kb: float
    text_kb: float
    pages: int
    ms: float
    fidelity: Fidelity


def measure(pdfs: Sequence[Path], libraries: Sequence[str], runs: int) -> list[Row]:
    rows = []
    for pdf in pdfs:
        source_path = source_of(pdf)
        if source_path is None:
            print(f"{pdf}: no source text beside it or in the repository; skipped", file=sys.stderr)
            continue
        source = source_path.read_text(encoding="utf-8")
        data = pdf.read_bytes()
        text_kb = len(source.encode("utf-8")) / 1024
        for library in libraries:
            read = LIBRARIES[library][1]
            layout = read(data)
            ms = time_ms(read, data, runs if library != "pdfminer.six" else max(1, min(runs, 3)))
            rows.append(
                Row(
                    pdf.stem,
                    library,
                    len(data) / 1024,
                    text_kb,
                    max(layout.pages, default=0),
                    ms,
                    fidelity(source, layout, has_gaps=library != "pypdf"),
                )
            )
    return rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def table(rows: Sequence[Row]) -> str:
    header = (
        "report",
        "library",
        "pages",
        "text KB",
        "ms",
        "ms/page",
        "words in order %",
        "extra words %",
        "block starts %",
        "false starts %",
        "lines",
    )
    body = [
        (
            row.report,
            row.library,
            str(row.pages),
            f"{row.text_kb:.0f}",
            f"{row.ms:.0f}",
            f"{row.ms / max(row.pages, 1):.1f}",
            f"{row.fidelity.recovered_pct:.2f}",
            f"{row.fidelity.extra_pct:.2f}",
            _pct(row.fidelity.block_starts_pct),
            _pct(row.fidelity.false_starts_pct),
            str(row.fidelity.lines),
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *body]) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("-|-".join("-" * width for width in widths))
    lines += [
        " | ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True)) for cells in body
    ]
    return "\n".join(lines)


def at_target_size(rows: Sequence[Row]) -> float:
    """Milliseconds for an 85 KB report: a least-squares line through (KB, ms), or the one report scaled."""
    if len({row.text_kb for row in rows}) < 2:
        return rows[0].ms * TARGET_KB / rows[0].text_kb
    slope, intercept = statistics.linear_regression([row.text_kb for row in rows], [row.ms for row in rows])
    return intercept + slope * TARGET_KB


def summary(rows: Sequence[Row]) -> str:
    out = []
    for library in dict.fromkeys(row.library for row in rows):
        mine = [row for row in rows if row.library == library]
        estimate = at_target_size(mine)
        recovered = statistics.mean(row.fidelity.recovered_pct for row in mine)
        verdict = "within" if estimate <= TARGET_MS else "over"
        out.append(
            f"{library}: about {estimate:.0f} ms for an {TARGET_KB:.0f} KB report ({verdict} the "
            f"{TARGET_MS:.0f} ms target), {sum(row.ms for row in mine):.0f} ms for all {len(mine)}; "
            f"mean {recovered:.2f}% of source words in order"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", help="PDFs or folders of PDFs (default: tests/fixtures/pages)")
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per report (median; pdfminer at most 3)"
    )
    parser.add_argument(
        "--libraries", default=",".join(LIBRARIES), help=f"comma-separated, from {', '.join(LIBRARIES)}"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    wanted = [name.strip() for name in args.libraries.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in LIBRARIES]
    if unknown:
        parser.error(f"unknown libraries: {', '.join(unknown)}")
    libraries = [name for name in wanted if importlib.util.find_spec(LIBRARIES[name][0]) is not None]
    for name in sorted(set(wanted) - set(libraries)):
        print(f"{name} is not installed; left out", file=sys.stderr)
    pdfs = find_pdfs(args.paths)
    if not pdfs:
        print(f"no PDFs found (default: {FIXTURES.relative_to(ROOT)}/*/*.pdf)", file=sys.stderr)
        return 1
    rows = measure(pdfs, libraries, args.runs)
    print(table(rows))
    print()
    print(summary(rows))
    print(f"(page bands for running lines: top and bottom {100 * BAND_SHARE:.0f}% of the page)")
    if args.json:
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Read CQC's printable PDF (or a browser's "Save as PDF" of a report page) into a `SourceText`.

The parser reads hard-wrapped text with page furniture (`parsing/layout.py`, `blocks.py`): it joins
wrapped lines into paragraphs and keeps a running header inside the paragraph it interrupts. So this
reader does not rebuild paragraphs; it gives the parser the page as printed, plus what only the layout
can tell:

- one text line per printed line, in reading order (PDFium's content order, which is reading order
  for a one-column page, with each page's running lines moved to its top and bottom);
- a blank line where the vertical step between two lines is clearly larger than the document's usual
  line spacing, or where the text height changes (a heading), so blocks stay apart;
- a form feed at the start of each page after the first (the `pdftotext` convention the parser knows),
  and the page of every line in `pages`;
- running headers, footers and page numbers in `running` (not `furniture`, which is for whole blocks
  of site furniture: a running line falls anywhere, often inside a paragraph, which it must not split),
  recognised by position (the top and bottom bands of the page) and by repetition (the same words at
  the same height on most pages) or, for page numbers, by their form (`3/12`, `Page 3 of 12`); an
  `https://` address among them is the `url`;
- a list bullet drawn as a shape (Chromium paints `<li>` discs as paths, not text) as `•`, as printed.

A word hyphenated at the end of a line is left on two lines (`evidence-` / `based`): joining it is
the parser's decision. Ligatures (`ﬁ`, `ﬂ`) become letters. PDFium (through pypdfium2) was chosen over
pdfminer.six and pypdf by `benchmarks/pdf_libraries.py`: the same words, more than ten times faster.

The module has two halves: `_read_pages` and its helpers are the only code that talks to PDFium, and
they return plain `PrintedPage` records; everything after them (`lay_out` and its helpers) is pure, so
it is tested on records made by hand and benchmarked on records from another PDF library.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..report import ReportError
from ..source_text import SourceText, digest

# Share of the page height, at its top and at its bottom, where running headers and footers are printed.
BAND_SHARE = 0.1
# A running line repeats at the same height (within this many points) on at least this share of pages.
REPEAT_TOLERANCE_PT = 2.0
REPEAT_SHARE = 0.5
# In a band: a horizontal gap wider than this many text heights separates two printed items
# (Chromium's date and title, its address and page number).
ITEM_GAP = 2.0
# A line step larger than the usual one by this factor is a paragraph gap; text heights that differ by
# more than this share start a new block.
GAP_FACTOR = 1.3
HEIGHT_CHANGE = 0.12
USUAL_STEP = 1.2  # line step / text height when a document has too few lines to measure it
STEP_BIN = 0.02  # steps are compared in bins of this many text heights
MIN_STEPS, FREQUENT_SHARE = 3, 0.05  # a step recurs when this many (or this share of) steps share its bin
# A bullet: a small, nearly square shape just left of a line's first character.
BULLET_MAX_SHARE = 0.6  # of the line's text height
BULLET_REACH = 2.5  # text heights between the bullet and the line's first character
BULLET_MAX_PT = 12.0  # no side of a bullet is longer
INDENT = 0.5  # text heights right of the body's margin: a line that is indented (a list item)
BULLET = "\u2022"
FORM_FEED = "\f"

LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# PDFium's mark for a hyphen at the end of a line, whose line break it removes ('evidence\ufffebased').
LINE_END_HYPHENS = ("\ufffe", "\x02")
# A running line that is its page's number ('#'), in lower case: '3/12', 'Page 3 of 12', '3', '- 3 -'.
PAGE_NUMBER = re.compile(r"^(?:(?:page\s*)?#\s*(?:of|/)\s*\d{1,4}|page\s*#|#|-\s*#\s*-)$")
ADDRESS = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class PrintedLine:
    """One printed line (or, in `parts`, the items of a line with wide gaps), in PDF points (y up)."""

    text: str
    left: float
    baseline: float
    bottom: float
    top: float
    parts: tuple[PrintedLine, ...] = ()  # items separated by wide gaps; measured only in the bands

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class PrintedPage:
    """The lines of one page in the order the PDF paints them, and the small shapes that may be bullets."""

    number: int  # 1-based
    height: float
    lines: tuple[PrintedLine, ...]
    marks: tuple[Box, ...] = ()
    has_images: bool = False


@dataclass(frozen=True)
class PrintedText:
    """A document's lines as text: what `SourceText` needs."""

    lines: tuple[str, ...]
    pages: tuple[int, ...]
    running: frozenset[int]  # 0-based indexes of running lines
    url: str | None = None


# --- reading the PDF (the only PDFium code) ---------------------------------------------------------


def read_pdf(data: bytes, name: str) -> SourceText:
    """A PDF report as text lines with pages and running lines. Raises `ReportError` on a PDF it cannot read:
    not a PDF, password-protected, damaged, or without a text layer (scanned)."""
    import pypdfium2 as pdfium  # imported here: readers of text and HTML need not load PDFium

    if b"%PDF-" not in data[:1024]:
        raise ReportError(name, None, "a PDF (a file starting with %PDF-)", _kind_of(data))
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ReportError(name, None, *_load_failure(error)) from None
    try:
        pages = _read_pages(document)
    except pdfium.PdfiumError as error:
        raise ReportError(name, None, "a readable PDF", f"a damaged PDF ({error})") from None
    finally:
        document.close()
    if not pages:
        raise ReportError(name, None, "a PDF with pages", "a PDF with none")
    if not any(page.lines for page in pages):
        kind = "a scanned PDF" if any(page.has_images for page in pages) else "a PDF without text"
        count = len(pages)
        raise ReportError(
            name,
            None,
            "a PDF with a text layer",
            f"{kind} (no text on {count} page{'s' if count != 1 else ''})",
        )
    layout = lay_out(pages)
    return SourceText(
        name=name,
        media_type="application/pdf",
        sha256=digest(data),
        byte_count=len(data),
        text="\n".join(layout.lines),
        running=layout.running,
        pages=layout.pages,
        url=layout.url,
    )


def _kind_of(data: bytes) -> str:
    head = data[:1024].lstrip()
    if not head:
        return "an empty file"
    if b"<html" in head.lower() or head.lower().startswith(b"<!doctype"):
        return "an HTML page"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary data without a %PDF- header"
    return "a text file"


def _load_failure(error: Exception) -> tuple[str, str]:
    """What PDFium's refusal to open a document means, as (expected, found)."""
    import pypdfium2.raw as raw

    code = getattr(error, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "a PDF that opens without a password", "a password-protected PDF"
    if code == raw.FPDF_ERR_SECURITY:
        return "a PDF that opens without a password", "a PDF with an unsupported encryption"
    return "a readable PDF", f"a damaged PDF ({error})"


def _read_pages(document: Any) -> list[PrintedPage]:
    """Every page's printed lines; the shapes that may be bullets only on pages with indented lines
    (a list), since looking at every page object costs more than reading the text when a PDF paints
    each glyph as an object of its own; images only when no page has text (to call it a scan)."""
    opened = []
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            opened.append(page)
            textpage = page.get_textpage()
            try:
                height = page.get_height()
                lines = tuple(_measured_lines(textpage.raw, textpage.get_text_range(), height))
            finally:
                textpage.close()
            pages.append(PrintedPage(index + 1, height, lines))
        if not any(page.lines for page in pages):
            return [
                replace(page, has_images=_has_images(pdf.raw))
                for pdf, page in zip(opened, pages, strict=True)
            ]
        margin, running = body_margin(pages), running_lines(pages)
        return [
            replace(page, marks=_marks(pdf.raw))
            if margin is not None and has_indented_lines(page, margin, running)
            else page
            for pdf, page in zip(opened, pages, strict=True)
        ]
    finally:
        for page in opened:
            page.close()


def _measured_lines(textpage: Any, text: str, height: float) -> Iterator[PrintedLine]:
    """The lines of PDFium's text of a page, each placed by its first character's origin and font box;
    a line in the top or bottom band also split at wide gaps into its items (`parts`)."""
    import pypdfium2.raw as raw

    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    band = BAND_SHARE * height

    def place(text_index: int) -> tuple[float, float, float, float] | None:
        """Left, baseline, bottom and top of the character at a text index."""
        char = raw.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
        if char < 0 or not raw.FPDFText_GetCharOrigin(textpage, char, x, y):
            return None
        if not raw.FPDFText_GetLooseCharBox(textpage, char, rect):
            return None
        return x.value, y.value, rect.bottom, rect.top

    def ink(text_index: int) -> tuple[float, float] | None:
        """Left and right of the ink of the character at a text index."""
        char = raw.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
        if char < 0 or not raw.FPDFText_GetCharBox(textpage, char, left, right, bottom, top):
            return None
        return left.value, right.value

    def item_starts(start: int, end: int, size: float) -> list[int]:
        """Text indexes in (start, end) where an item starts after a gap wider than ITEM_GAP heights;
        PDFium writes a space into every such gap, so only the spaces are measured."""
        starts = []
        for space in re.finditer(r"\s+", text[start:end]):
            before, after = ink(start + space.start() - 1), ink(start + space.end())
            if before and after and after[0] - before[1] > ITEM_GAP * size:
                starts.append(start + space.end())
        return starts

    for start, end in _line_spans(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        placed = place(start)
        if placed is None:
            continue
        line = PrintedLine(plain_text(text[start:end]), *placed)
        if not band <= line.middle <= height - band:
            cuts = item_starts(start, end, line.height)
            if cuts:
                parts = []
                for part_start, part_end in zip([start, *cuts], [*cuts, end], strict=True):
                    part = place(part_start)
                    if part is not None:
                        parts.append(PrintedLine(plain_text(text[part_start:part_end].strip()), *part))
                line = replace(line, parts=tuple(parts))
        yield line


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) text indexes of each printed line: PDFium's CRLF breaks, and its end-of-line hyphen
    mark, after which the next printed line begins (the hyphen stays at the end of the first line)."""
    start = 0
    for match in re.finditer("\r\n|[\ufffe\x02]", text):
        if match.group() == "\r\n":
            yield start, match.start()
        else:
            yield start, match.end()
        start = match.end()
    yield start, len(text)


def plain_text(words: str) -> str:
    """PDFium's text of a line as printed: its end-of-line hyphen mark as `-`, ligatures as letters."""
    for mark in LINE_END_HYPHENS:
        words = words.replace(mark, "-")
    return words.translate(LIGATURES).replace("\r", " ").replace("\n", " ")


def _marks(page: Any) -> tuple[Box, ...]:
    """Small, nearly square shapes on a page: candidate list bullets."""
    import pypdfium2.raw as raw

    get_object, get_type, get_bounds = (
        raw.FPDFPage_GetObject,
        raw.FPDFPageObj_GetType,
        raw.FPDFPageObj_GetBounds,
    )
    path = raw.FPDF_PAGEOBJ_PATH
    marks: list[Box] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(raw.FPDFPage_CountObjects(page)):
        obj = get_object(page, index)
        if get_type(obj) == path and get_bounds(obj, left, bottom, right, top):
            width, height = right.value - left.value, top.value - bottom.value
            if 0 < width < BULLET_MAX_PT and 0 < height < BULLET_MAX_PT and 0.5 < width / height < 2:
                marks.append((left.value, bottom.value, right.value, top.value))
    return tuple(marks)


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as raw

    return any(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, index)) == raw.FPDF_PAGEOBJ_IMAGE
        for index in range(raw.FPDFPage_CountObjects(page))
    )


# --- laying out the lines (pure) ---------------------------------------------------------------------


def lay_out(pages: Sequence[PrintedPage]) -> PrintedText:
    """The text lines of a document: bullets, running lines moved to the page edges and marked,
    blank lines at paragraph gaps, a form feed before each page after the first."""
    pages = [with_bullets(page) for page in pages]
    running = running_lines(pages)
    ordered = [order_page(page, running) for page in pages]
    usual = usual_step([line for page in ordered for line, is_running in page if not is_running])
    lines: list[str] = []
    page_of: list[int] = []
    marked: set[int] = set()  # indexes of running lines in `lines`
    url: str | None = None
    breaks = 0  # page breaks passed since the last printed line
    for page, page_lines in zip(pages, ordered, strict=True):
        if lines or breaks:
            breaks += 1
        previous: PrintedLine | None = None
        for line, is_running in page_lines:
            if previous is not None and is_gap(previous, line, usual):
                lines.append("")
                page_of.append(page.number)
            if is_running:
                marked.add(len(lines))
                if url is None and ADDRESS.match(line.text):
                    url = line.text
            lines.append(FORM_FEED * breaks + line.text)
            page_of.append(page.number)
            breaks, previous = 0, line
    return PrintedText(tuple(lines), tuple(page_of), frozenset(marked), url)


def body_margin(pages: Sequence[PrintedPage]) -> float | None:
    """The left edge most lines outside the bands start at (the body text's margin)."""
    lefts = Counter(round(line.left) for page in pages for line in page.lines if _band(page, line) is None)
    return float(lefts.most_common(1)[0][0]) if lefts else None


def has_indented_lines(page: PrintedPage, margin: float, running: frozenset[tuple[int, str, float]]) -> bool:
    """Whether a page has lines other than running lines that are indented from the margin (a list,
    whose bullets may be shapes)."""
    return any(
        line.left >= margin + INDENT * line.height
        and not any((page.number, item.text, item.baseline) in running for item in line.parts or (line,))
        for line in page.lines
    )


def with_bullets(page: PrintedPage) -> PrintedPage:
    """Print `•` before a line that has a small shape just left of its first character."""
    if not page.marks:
        return page
    lines = []
    for line in page.lines:
        if not line.text.startswith(BULLET) and any(_is_bullet(mark, line) for mark in page.marks):
            line = replace(line, text=f"{BULLET} {line.text}")
        lines.append(line)
    return replace(page, lines=tuple(lines))


def _is_bullet(mark: Box, line: PrintedLine) -> bool:
    left, bottom, right, top = mark
    size = line.height
    return (
        top - bottom <= BULLET_MAX_SHARE * size
        and line.bottom <= (top + bottom) / 2 <= line.top
        and 0 <= line.left - right <= BULLET_REACH * size
    )


def _keys(text: str, page: int) -> tuple[str, str]:
    """A running line's words as printed, and with the page's own number blanked ('Page 3 of 12' on
    page 3 and 'Page 4 of 12' on page 4 are one running line; '12/1/26, 9:36 AM' is one as printed)."""
    words = " ".join(text.lower().split())
    return words, re.sub(rf"(?<!\d){page}(?!\d)", "#", words, count=1)


def _band(page: PrintedPage, line: PrintedLine) -> str | None:
    if line.middle > page.height * (1 - BAND_SHARE):
        return "top"
    if line.middle < page.height * BAND_SHARE:
        return "bottom"
    return None


def running_lines(pages: Sequence[PrintedPage]) -> frozenset[tuple[int, str, float]]:
    """Running headers, footers and page numbers as (page, words, baseline): items in the top or bottom
    band that read as their page's number, or whose words recur at the same height on most pages."""
    seen: dict[tuple[str, str], list[tuple[int, float]]] = {}  # (band, words) -> (page, baseline)
    items: list[tuple[int, str, tuple[str, str], PrintedLine]] = []
    for page in pages:
        for line in page.lines:
            band = _band(page, line)
            if band is None:
                continue
            for item in line.parts or (line,):
                keys = _keys(item.text, page.number)
                items.append((page.number, band, keys, item))
                for key in set(keys):
                    seen.setdefault((band, key), []).append((page.number, item.baseline))
    needed = max(2, math.ceil(len(pages) * REPEAT_SHARE))  # most pages, and at least two
    found = set()
    for number, band, keys, item in items:
        repeats = max(
            len(
                {
                    page
                    for page, baseline in seen[(band, key)]
                    if abs(baseline - item.baseline) <= REPEAT_TOLERANCE_PT
                }
            )
            for key in keys
        )
        if repeats >= needed or PAGE_NUMBER.match(keys[1]):
            found.add((number, item.text, item.baseline))
    return frozenset(found)


def order_page(
    page: PrintedPage, running: frozenset[tuple[int, str, float]]
) -> list[tuple[PrintedLine, bool]]:
    """A page's lines in reading order, each with whether it is a running line: lines holding a running
    item (split into their items) first or last by height, the rest in the order they were painted."""
    top: list[tuple[PrintedLine, bool]] = []
    body: list[tuple[PrintedLine, bool]] = []
    bottom: list[tuple[PrintedLine, bool]] = []
    for line in page.lines:
        items = line.parts or (line,)
        flags = [(page.number, item.text, item.baseline) in running for item in items]
        if not any(flags):
            body.append((line, False))
            continue
        edge = top if line.middle > page.height / 2 else bottom
        edge.extend(zip(items, flags, strict=True))
    top.sort(key=lambda pair: (-pair[0].baseline, pair[0].left))
    bottom.sort(key=lambda pair: (-pair[0].baseline, pair[0].left))
    return top + body + bottom


def usual_step(lines: Sequence[PrintedLine]) -> float:
    """The usual distance between the baselines of two lines of one paragraph, in text heights.

    Steps between paragraphs are as common as steps inside them in a report of short paragraphs, so
    neither the median nor the mode will do: lines of a paragraph are the *smallest* step that recurs
    (each spacing is one tight cluster of values; the line spacing is the lowest of the frequent ones)."""
    steps = [
        round((above.baseline - below.baseline) / above.height / STEP_BIN)
        for above, below in zip(lines, lines[1:], strict=False)
        if above.height > 0
        and abs(above.height - below.height) <= HEIGHT_CHANGE * above.height
        and 0.8 * above.height < above.baseline - below.baseline < 4 * above.height
    ]
    counts = Counter(steps)
    frequent = [
        step
        for step in counts
        if counts[step] + counts[step - 1] + counts[step + 1] >= max(MIN_STEPS, FREQUENT_SHARE * len(steps))
    ]
    return min(frequent) * STEP_BIN if frequent else USUAL_STEP


def is_gap(above: PrintedLine, below: PrintedLine, usual: float) -> bool:
    """Whether a blank line separates two consecutive lines of a page: a step clearly larger than the
    usual line spacing, a change of text height, or a move up the page (a new column or region)."""
    step = above.baseline - below.baseline
    size = max(above.height, below.height)
    if size <= 0 or abs(step) < 0.5 * min(above.height, below.height):
        return False  # items of one printed line
    if step < 0 or abs(above.height - below.height) > HEIGHT_CHANGE * size:
        return True
    return step > GAP_FACTOR * usual * size

"""The PDF reader: printed lines, running lines, pages, errors, and the same report as the text.

Small PDFs are made here with pypdfium2 (text objects at chosen positions, a square as a bullet), so
the layout rules are tested without any fixture. The printed fixtures (`tests/fixtures/pages/<slug>/
<slug>.pdf`, printed by headless Chromium from the report's text) are compared with the text they were
printed from; those tests skip when the fixtures are absent.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from cqc_la.parsing import parse_report
from cqc_la.report import Report, ReportError
from cqc_la.sources.pdf import (
    FORM_FEED,
    PrintedLine,
    PrintedPage,
    lay_out,
    plain_text,
    read_pdf,
    usual_step,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
FIXTURE_PDFS = sorted(PAGES.glob("*/*.pdf"))
needs_fixtures = pytest.mark.skipif(not FIXTURE_PDFS, reason="no printed fixtures in tests/fixtures/pages")

A4 = (595.0, 842.0)
Text = tuple[float, float, float, str]  # x, baseline y, font size, text


def make_pdf(pages: list[list[Text]], squares: tuple[tuple[int, float, float, float], ...] = ()) -> bytes:
    """A PDF with Helvetica text objects at the given places, and filled squares (page, x, y, side)."""
    document = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadStandardFont(document.raw, b"Helvetica")
    for number, items in enumerate(pages):
        page = document.new_page(*A4)
        for x, y, size, text in items:
            obj = raw.FPDFPageObj_CreateTextObj(document.raw, font, size)
            buffer = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        for on_page, x, y, side in squares:
            if on_page == number:
                square = raw.FPDFPageObj_CreateNewRect(x, y, side, side)
                raw.FPDFPath_SetDrawMode(square, raw.FPDF_FILLMODE_WINDING, False)
                raw.FPDFPage_InsertObject(page.raw, square)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_pages(count: int = 3) -> list[list[Text]]:
    """Pages as a browser prints them: date and title at the top, address and 'n/N' at the bottom, and
    body paragraphs (11 pt, 14 pt apart, 12 pt more between paragraphs) under a 16 pt heading."""
    pages = []
    for number in range(1, count + 1):
        items: list[Text] = [
            (40, 815, 8, "01/12/2026, 10:00"),
            (250, 815, 8, "Example Council: local authority assessment"),
            (40, 20, 8, "https://www.cqc.org.uk/example"),
            (540, 20, 8, f"{number}/{count}"),
            (60, 700, 16, f"Heading of page {number}"),
        ]
        y = 670.0
        for paragraph in range(3):
            items.append(
                (60, y, 11, f"Paragraph {paragraph} of page {number} starts and is built on an evidence-")
            )
            items.append((60, y - 14, 11, "based approach that reads on"))
            y -= 28 + 12
        items.append((75, y, 11, "An item of a list"))
        pages.append(items)
    return pages


@pytest.fixture(scope="module")
def printed() -> bytes:
    return make_pdf(report_pages(), squares=((0, 66, 551, 4),))


def test_running_headers_footers_and_page_numbers_are_running_lines(printed: bytes) -> None:
    source = read_pdf(printed, "example.pdf")
    running = sorted(source.lines[index].lstrip(FORM_FEED) for index in source.running)
    assert running == sorted(
        ["01/12/2026, 10:00", "Example Council: local authority assessment", "https://www.cqc.org.uk/example"]
        * 3
        + ["1/3", "2/3", "3/3"]
    )
    body = [line for index, line in enumerate(source.lines) if index not in source.running and line.strip()]
    assert all("Paragraph" in line or "Heading" in line or "based" in line or "list" in line for line in body)
    assert source.url == "https://www.cqc.org.uk/example"
    assert not source.furniture  # site furniture is whole blocks, which a PDF's layout cannot tell


def test_each_page_starts_with_a_form_feed_and_its_running_header(printed: bytes) -> None:
    source = read_pdf(printed, "example.pdf")
    starts = [index for index, line in enumerate(source.lines) if line.startswith(FORM_FEED)]
    assert [source.pages[index] for index in starts] == [2, 3]
    assert all(source.lines[index] == FORM_FEED + "01/12/2026, 10:00" for index in starts)
    assert source.lines[0] == "01/12/2026, 10:00"
    assert source.lines[-1] == "3/3"  # the footer closes its page


def test_pages_and_line_origins_are_filled(printed: bytes) -> None:
    source = read_pdf(printed, "example.pdf")
    assert len(source.pages) == source.line_count
    assert list(source.pages) == sorted(source.pages)
    number = source.lines.index("Paragraph 1 of page 2 starts and is built on an evidence-") + 1
    origin = source.origin(number)
    assert (origin.file, origin.page) == ("example.pdf", 2)
    first_of_page = source.pages.index(2) + 1
    assert origin.line == number - first_of_page + 1
    assert source.lines[first_of_page - 1] == FORM_FEED + "01/12/2026, 10:00"
    assert source.media_type == "application/pdf" and source.byte_count == len(printed)


def test_blank_lines_separate_paragraphs_and_headings_but_not_wrapped_lines(printed: bytes) -> None:
    source = read_pdf(printed, "example.pdf")
    lines = source.lines[: source.pages.index(2)]
    heading = lines.index("Heading of page 1")
    assert lines[heading - 1] == "" and lines[heading + 1] == ""
    first = lines.index("Paragraph 0 of page 1 starts and is built on an evidence-")
    assert lines[first + 1] == "based approach that reads on"  # a wrapped line: no gap
    assert lines[first + 2] == ""  # 12 pt more: the next paragraph
    assert lines[first + 3].startswith("Paragraph 1 of page 1")


def test_a_word_hyphenated_at_a_line_end_stays_on_two_lines(printed: bytes) -> None:
    lines = read_pdf(printed, "example.pdf").lines
    assert "Paragraph 2 of page 3 starts and is built on an evidence-" in lines
    assert not any("\ufffe" in line or "evidencebased" in line for line in lines)


def test_a_square_left_of_an_indented_line_is_printed_as_a_bullet(printed: bytes) -> None:
    lines = read_pdf(printed, "example.pdf").lines
    assert lines.count("\u2022 An item of a list") == 1  # the square is on page 1 only
    assert lines.count("An item of a list") == 2


def test_no_text_is_lost(printed: bytes) -> None:
    assert _glyphs(read_pdf(printed, "example.pdf").text) == _pdfium_glyphs(printed)


def test_a_line_repeated_at_different_heights_is_not_a_running_line() -> None:
    pages = [
        [
            (60, 800 - 5 * number, 11, "Key findings for this quality statement"),
            (60, 400, 11, f"Body {number}"),
        ]
        for number in range(1, 4)
    ]
    source = read_pdf(make_pdf(pages), "moving.pdf")
    assert not source.running


def test_a_single_page_has_only_its_page_number_as_a_running_line() -> None:
    source = read_pdf(
        make_pdf([[(40, 815, 8, "Printed on 1 May"), (60, 400, 11, "Body"), (540, 20, 8, "1")]]), "one.pdf"
    )
    assert [source.lines[index] for index in sorted(source.running)] == ["1"]


def test_ligatures_become_letters() -> None:
    assert plain_text("\ufb01nancial \ufb02ow e\ufb00ect") == "financial flow effect"
    assert plain_text("evidence\ufffe") == "evidence-"


def test_the_usual_line_step_is_the_smallest_frequent_one() -> None:
    # short paragraphs: as many steps between paragraphs (26 pt) as inside them (14 pt)
    lines, y = [], 800.0
    for _ in range(10):
        lines += [PrintedLine("a", 60, y, y - 3, y + 9), PrintedLine("b", 60, y - 14, y - 17, y - 5)]
        y -= 40
    assert usual_step(lines) == pytest.approx(14 / 12, abs=0.02)
    layout = lay_out([PrintedPage(1, 842, tuple(lines))])
    assert layout.lines[:4] == ("a", "b", "", "a")


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"# Hartlepool Borough Council: local authority assessment\n", "found a text file"),
        (b"<!doctype html><html><body>x</body></html>", "found an HTML page"),
        (b"", "found an empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "found binary data without a %PDF- header"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(data: bytes, found: str) -> None:
    with pytest.raises(ReportError, match=re.escape(found)) as error:
        read_pdf(data, "report.pdf")
    assert str(error.value).startswith("report.pdf: expected a PDF (a file starting with %PDF-), ")
    assert "\n" not in str(error.value)


def test_a_damaged_pdf_is_refused(printed: bytes) -> None:
    damaged = printed[:9] + bytes(byte ^ 0x5A for byte in printed[9:])
    with pytest.raises(
        ReportError, match=r"^damaged\.pdf: expected a readable PDF, found a damaged PDF \("
    ) as error:
        read_pdf(damaged, "damaged.pdf")
    assert "\n" not in str(error.value)


def test_a_pdf_without_text_is_refused() -> None:
    with pytest.raises(ReportError) as error:
        read_pdf(make_pdf([[], []]), "blank.pdf")
    assert str(error.value) == (
        "blank.pdf: expected a PDF with a text layer, found a PDF without text (no text on 2 pages)"
    )


def test_a_scanned_pdf_is_refused() -> None:
    document = pdfium.PdfDocument.new()
    for _ in range(3):
        page = document.new_page(*A4)
        image = pdfium.PdfImage.new(document)
        image.set_bitmap(pdfium.PdfBitmap.new_native(20, 20, raw.FPDFBitmap_BGR))
        image.set_matrix(pdfium.PdfMatrix().scale(500, 700))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ReportError) as error:
        read_pdf(out.getvalue(), "scan.pdf")
    assert str(error.value) == (
        "scan.pdf: expected a PDF with a text layer, found a scanned PDF (no text on 3 pages)"
    )


def test_a_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ReportError) as error:
        read_pdf(_encrypted_pdf(), "locked.pdf")
    assert str(error.value) == (
        "locked.pdf: expected a PDF that opens without a password, found a password-protected PDF"
    )


# --- the printed fixtures ----------------------------------------------------------------------------


def _source_text(pdf: Path) -> Path:
    """The text a fixture was printed from: `<slug>.md` or `.txt` under seeds/ or tests/fixtures/."""
    for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures"):
        for suffix in (".md", ".txt"):
            found = sorted(path for path in folder.rglob(pdf.stem + suffix) if PAGES not in path.parents)
            if found:
                return found[0]
    pytest.skip(f"no source text for {pdf.name}")


def _facts(report: Report) -> dict[str, object]:
    return {
        "council": report.council_name.value,
        "rating": report.overall_rating.value,
        "scores": [(result.qs_no, result.score, result.summary_score) for result in report.statements],
        "national_metrics": len(report.national_metrics),
        "waiting_times": len(report.waiting_times),
        "finance": {name: getattr(figure, "value", None) for name, figure in vars(report.finance).items()},
    }


@needs_fixtures
@pytest.mark.parametrize("as_record", [True, False], ids=["SourceText", "str"])
@pytest.mark.parametrize("pdf", FIXTURE_PDFS, ids=lambda path: path.stem)
def test_a_printed_report_gives_the_facts_of_its_text(pdf: Path, as_record: bool) -> None:
    source = read_pdf(pdf.read_bytes(), pdf.name)
    from_pdf = _facts(parse_report(source) if as_record else parse_report(source.text, pdf.name))
    from_text = _facts(parse_report(_source_text(pdf)))
    assert from_pdf == from_text
    assert len(from_pdf["scores"]) == 9  # type: ignore[arg-type]
    assert isinstance(from_pdf["finance"]["budget_actual_gbp"], Decimal | int)  # type: ignore[index]


@needs_fixtures
@pytest.mark.parametrize("pdf", FIXTURE_PDFS, ids=lambda path: path.stem)
def test_a_printed_report_has_its_running_lines_and_pages(pdf: Path) -> None:
    data = pdf.read_bytes()
    source = read_pdf(data, pdf.name)
    count = len(pdfium.PdfDocument(data))
    assert set(source.pages) == set(range(1, count + 1))
    numbers = [
        source.lines[index] for index in source.running if re.fullmatch(r"\d+/\d+", source.lines[index])
    ]
    assert sorted(numbers, key=lambda number: int(number.split("/")[0])) == [
        f"{page}/{count}" for page in range(1, count + 1)
    ]
    running = Counter(source.lines[index].lstrip(FORM_FEED) for index in source.running)
    assert sum(1 for times in running.values() if times == count) >= 2  # a header and a footer on every page
    assert _glyphs(source.text) == _pdfium_glyphs(data)


@needs_fixtures
@pytest.mark.parametrize("pdf", FIXTURE_PDFS, ids=lambda path: path.stem)
def test_a_line_of_a_printed_report_names_the_page_it_is_printed_on(pdf: Path) -> None:
    data = pdf.read_bytes()
    source = read_pdf(data, pdf.name)
    document = pdfium.PdfDocument(data)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    number = next(
        n for n, line in enumerate(source.lines, start=1) if re.match(r"(Assessment p|P)ublished", line)
    )
    assert source.origin(number).page == 1 and source.lines[number - 1] in texts[0]
    for line in ("Key findings for this quality statement", "The local authority commitment"):
        last = max(n for n, text in enumerate(source.lines, start=1) if text == line)
        page = source.origin(last).page
        assert page is not None and line in texts[page - 1]
        assert source.lines[source.pages.index(page) + source.origin(last).line - 1] == line


@needs_fixtures
@pytest.mark.parametrize("pdf", FIXTURE_PDFS[:1], ids=lambda path: path.stem)
def test_the_parser_joins_words_hyphenated_at_a_printed_line_end(pdf: Path) -> None:
    report = parse_report(read_pdf(pdf.read_bytes(), pdf.name).text, pdf.name)
    broken = [block.text for block in report.blocks if re.search(r"[a-z]-\n[a-z]", block.text)]
    assert not broken


# --- helpers -----------------------------------------------------------------------------------------


def _glyphs(text: str) -> Counter[str]:
    return Counter(character for character in text if not character.isspace() and character != "\u2022")


def _pdfium_glyphs(data: bytes) -> Counter[str]:
    document = pdfium.PdfDocument(data)
    return sum(
        (_glyphs(plain_text(page.get_textpage().get_text_range())) for page in document),
        Counter(),
    )


def _encrypted_pdf() -> bytes:
    """A one-page PDF whose standard security handler refuses the empty password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    identifier = b"ab" * 16
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        identifier,
        identifier,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)

"""The HTML reader: a saved CQC page becomes blocks of text, furniture lines by markup, and its address.

No database. Each behaviour of `read_html` has a test that fails without it; the losslessness property
(every visible text node of a page is in the output, in document order, exactly once) is checked on a
realistic page built here and on every committed fixture page under `tests/fixtures/pages/`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cqc_la.parsing import parse_report
from cqc_la.report import Report, ReportError
from cqc_la.sources.html import read_html

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
FIXTURE_PAGES = sorted(
    path for path in PAGES.rglob("*") if path.suffix in (".htm", ".html") and path.is_file()
)


def page(body: str, head: str = "<title>A page</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def lines(body: str) -> list[str]:
    return read_html(page(body), "page.html").lines


def furniture_lines(body: str) -> list[str]:
    source = read_html(page(body), "page.html")
    return [line for index, line in enumerate(source.lines) if index in source.furniture]


# --- The oracle: visible text nodes, by an independent walk of the same library's tree ----------------
_INVISIBLE = {"head", "title", "script", "style", "template", "noscript", "svg", "iframe"}
_INVISIBLE |= {"object", "embed", "canvas", "video", "audio", "datalist"}
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; a no-break space is text


def _shown(node: LexborNode) -> bool:
    attributes = node.attributes
    hidden = attributes.get("hidden", False)
    return not (
        (node.tag or "") in _INVISIBLE
        or (hidden is not False and (hidden or "").lower() != "until-found")
        or (attributes.get("aria-hidden") or "").lower() == "true"
        or _HIDING_STYLE.search(attributes.get("style") or "")
    )


def _visible_texts(node: LexborNode, found: list[str]) -> list[str]:
    """Append the shown text under `node` to `found`, in document order (recursion: test pages are shallow)."""
    for child in node.iter(include_text=True):
        if child.is_text_node:
            text = _SPACE.sub(" ", child.text_content or "").strip()
            if text:
                found.append(text)
        elif child.is_element_node and _shown(child):
            if child.tag == "input" and (child.attributes.get("type") or "") in ("submit", "button", "reset"):
                value = (child.attributes.get("value") or "").strip()
                if value:
                    found.append(value)
            _visible_texts(child, found)
    return found


def _tree(data: bytes) -> LexborHTMLParser:
    return LexborHTMLParser(data, encoding=True, scripting=True)  # selectolax's own encoding detection


def visible_text_nodes(data: bytes) -> list[str]:
    """Every text node a browser shows (white space collapsed), in document order, with button inputs'
    values; the tree comes from selectolax's own encoding detection, not from the reader's decoding."""
    body = _tree(data).body
    return _visible_texts(body, []) if body is not None else []


_MARKUP = re.compile(r"[\s#|\-]")  # what the reader adds (markers, line breaks), removed on both sides


def assert_lossless(data: bytes, text: str) -> None:
    nodes = visible_text_nodes(data)
    assert nodes
    position = 0
    for node in nodes:
        found = text.find(node, position)
        assert found >= 0, f"visible text {node!r} missing (or out of order) after offset {position}"
        position = found + len(node)
    expected = "".join(_MARKUP.sub("", node) for node in nodes)
    assert _MARKUP.sub("", text) == expected  # and nothing twice, nothing added


# --- A realistic page ---------------------------------------------------------------------------------
CQC_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0095)https://www.cqc.org.uk/care-services/local-authority-assessment-reports/hartlepool-0525/summary -->
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Hartlepool Borough Council: local authority assessment - Care Quality Commission</title>
<style>.skip-link{position:absolute;left:-9999px}</style>
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<div class="cookie-banner" id="cookie-banner" role="region">
  <h2>Cookies on the CQC website</h2>
  <p>We use some essential cookies to make this website work.</p>
  <button type="button">Accept additional cookies</button>
  <button type="button">Reject additional cookies</button>
</div>
<a href="#main-content" class="skip-link">Skip to main content</a>
<header class="site-header">
  <a href="/">Care Quality Commission</a>
  <nav aria-label="Menu"><ul><li><a href="/">Home</a></li><li><a href="/care-services">Care services</a></li></ul></nav>
  <form role="search"><label for="q">Search CQC</label><input id="q" name="q"><input type="submit" value="Search"></form>
</header>
<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/care-services">Care services</a> &gt;
  <span>Hartlepool Borough Council</span></nav>
<nav class="report-tabs"><ul>
  <li><a href="summary" aria-current="page">Summary</a></li>
  <li>How Hartlepool Borough Council works with people<ul><li><a>Assessing needs</a></li></ul></li>
</ul></nav>
<main id="main-content">
  <header>
    <h1>Hartlepool Borough Council: local authority assessment</h1>
    <p>Published: 14 May 2025 Page last updated: 11 August 2025</p>
  </header>
  <div class="downloads"><h2>Downloads</h2>
    <ul><li><a href="report.pdf">Local authority assessment report (PDF, 520KB)</a></li></ul></div>
  <h2>Overall summary</h2>
  <h3>Local authority rating and score</h3>
  <ul><li>Hartlepool Borough Council<br>Good</li></ul>
  <p>Overall rating for Hartlepool Borough Council: 70%</p>
  <h3>Quality statement scores</h3>
  <ul>
    <li>Assessing needs<br>Score: 3</li>
    <li>Supporting people to lead healthier lives<br>Score: 3</li>
    <li>Equity in experience and outcomes<br>Score: 2</li>
    <li>Care provision, integration and continuity<br>Score: 2</li>
    <li>Partnerships and communities<br>Score: 3</li>
    <li>Safe pathways, systems and transitions<br>Score: 3</li>
    <li>Safeguarding<br>Score: 3</li>
    <li>Governance, management and sustainability<br>Score: 3</li>
    <li>Learning, improvement and innovation<br>Score: 3</li>
  </ul>
  <section>
    <h2>Assessing needs</h2>
    <p>Score: 3</p>
    <p>3 &ndash; Evidence shows a good standard</p>
    <h3>What people expect</h3>
    <p>I have care and support that is coordinated.</p>
    <h3>Key findings for this quality statement</h3>
    <h4>Assessing people&rsquo;s care and support needs</h4>
    <p>The local authority spent <strong>&pound;42,048,000</strong> on adult social care.<br>
       National data showed 68.42% of people were satisfied, which was slightly better than the England
       average of 62.72%.</p>
    <p class="feedback-thanks" hidden>Thank you for your feedback.</p>
    <p style="display: none">You&rsquo;ve accepted additional cookies.</p>
    <span aria-hidden="true">&#9660;</span>
    <template><p>Was this page useful?</p></template>
  </section>
</main>
<footer class="site-footer"><ul><li><a href="/contact-us">Contact us</a></li><li><a href="/accessibility">Accessibility</a></li></ul>
  <p>&copy; Care Quality Commission</p></footer>
<script>document.getElementById('cookie-banner').hidden = false;</script>
</body></html>
"""


@pytest.fixture(scope="module")
def cqc_page() -> bytes:
    return CQC_PAGE.encode("utf-8")


def test_realistic_page_is_lossless(cqc_page: bytes) -> None:
    assert_lossless(cqc_page, read_html(cqc_page, "summary.htm").text)


def test_realistic_page_furniture_is_the_site_around_the_report(cqc_page: bytes) -> None:
    source = read_html(cqc_page, "summary.htm")
    furniture = {line for index, line in enumerate(source.lines) if index in source.furniture}
    report = {line for index, line in enumerate(source.lines) if index not in source.furniture} - {""}
    assert {
        "## Cookies on the CQC website",
        "Accept additional cookies Reject additional cookies",
        "Skip to main content",
        "Care Quality Commission",
        "- Home",
        "Search CQC Search",
        "Home > Care services > Hartlepool Borough Council",
        "- Summary",
        "  - Assessing needs",
        "## Downloads",
        "- Local authority assessment report (PDF, 520KB)",
        "- Contact us",
        "© Care Quality Commission",
    } <= furniture
    assert {
        "# Hartlepool Borough Council: local authority assessment",
        "Published: 14 May 2025 Page last updated: 11 August 2025",
        "- Hartlepool Borough Council",
        "  Good",
        "## Assessing needs",
        "Score: 3",
        "3 \u2013 Evidence shows a good standard",
        "#### Assessing people\u2019s care and support needs",
        "The local authority spent \u00a342,048,000 on adult social care.",
    } <= report


def test_realistic_page_reads_as_text_the_parser_understands(cqc_page: bytes) -> None:
    source = read_html(cqc_page, "summary.htm")
    assert source.url == (
        "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/hartlepool-0525/summary"
    )
    assert "<" not in source.text and "&pound;" not in source.text
    report = parse_report(source)  # the furniture tells the parser the tab menu is no theme heading
    assert report.council_name.value == "Hartlepool Borough Council"
    assert report.overall_rating.value == "Good"
    assert [statement.summary_score for statement in report.statements] == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    assert report.statements[0].score == 3
    assert report.statements[0].score_label == "3 \u2013 Evidence shows a good standard"


# --- Block structure ----------------------------------------------------------------------------------
def test_headings_become_one_hash_line_by_level() -> None:
    assert lines("<h1>Title</h1><h2>Two</h2><h4>Four <em>words</em></h4><h6>Six</h6>") == [
        "# Title",
        "",
        "## Two",
        "",
        "#### Four words",
        "",
        "###### Six",
    ]


def test_a_line_break_in_a_heading_is_a_space() -> None:
    assert lines("<h2>Assessing<br>needs</h2>") == ["## Assessing needs"]


def test_paragraphs_are_blocks_separated_by_exactly_one_blank_line() -> None:
    assert lines("<p>One</p>\n\n   <p>Two</p><p></p><p>&nbsp;</p><p>Three</p>") == [
        "One",
        "",
        "Two",
        "",
        "Three",
    ]


def test_inline_elements_join_the_text_and_white_space_collapses() -> None:
    body = "<p>\n  The <strong>total</strong>\tbudget <a href='#'>was</a><span>\n\n  </span> <abbr>£1m</abbr>.  </p>"
    assert lines(body) == ["The total budget was £1m."]


def test_adjacent_inline_elements_without_space_stay_joined() -> None:
    assert lines("<p><strong>J</strong>ohn</p>") == ["John"]


def test_a_no_break_space_is_kept_inside_the_text() -> None:
    assert lines("<p>Score:&nbsp;3</p>") == ["Score:\u00a03"]


def test_list_items_are_dash_blocks() -> None:
    assert lines("<ul><li>One</li><li>Two</li></ul><ol><li>Three</li></ol>") == [
        "- One",
        "",
        "- Two",
        "",
        "- Three",
    ]


def test_nested_lists_indent_two_spaces_per_level() -> None:
    body = "<ul><li>One<ul><li>Two<ul><li>Three</li></ul></li></ul></li></ul>"
    assert lines(body) == ["- One", "", "  - Two", "", "    - Three"]


def test_mixed_content_gives_separate_blocks_in_document_order() -> None:
    body = "<ul><li>Before<ul><li>Inner</li></ul>after</li></ul><div>Run<p>Para</p>tail</div>"
    assert lines(body) == ["- Before", "", "  - Inner", "", "  after", "", "Run", "", "Para", "", "tail"]


def test_paragraphs_in_a_list_item_keep_one_marker() -> None:
    assert lines("<ul><li><p>Council</p><p>Good</p></li></ul>") == ["- Council", "", "  Good"]


def test_a_line_break_continues_the_same_block() -> None:
    assert lines(
        "<p>First line<br>second line<br><br>third</p><ul><li>Assessing needs<br>Score: 3</li></ul>"
    ) == [
        "First line",
        "second line",
        "third",
        "",
        "- Assessing needs",
        "  Score: 3",
    ]


def test_table_rows_are_consecutive_pipe_lines() -> None:
    body = (
        "<table><caption>Population</caption><thead><tr><th>Age</th><th>Share</th></tr></thead>"
        "<tbody><tr><td>65 and <b>over</b></td><td><p>17.3%</p></td></tr><tr><td></td><td></td></tr>"
        "<tr><td>Under<br>15</td><td>12%</td></tr></tbody></table><p>After</p>"
    )
    assert lines(body) == [
        "Population",
        "",
        "| Age | Share |",
        "| 65 and over | 17.3% |",
        "| Under 15 | 12% |",
        "",
        "After",
    ]


def test_definition_lists_and_section_text_runs_are_blocks() -> None:
    body = "<dl><dt>Population</dt><dd>95,366</dd></dl><section>Section text<div>Div text</div></section>"
    assert lines(body) == ["Population", "", "95,366", "", "Section text", "", "Div text"]


def test_preformatted_lines_stay_lines() -> None:
    assert lines("<pre>one\n  two</pre>") == ["one", "two"]


def test_deep_nesting_needs_no_recursion() -> None:
    assert lines("<div>" * 5000 + "<p>Deep</p>" + "</div>" * 5000) == ["Deep"]


# --- Entities and encodings ---------------------------------------------------------------------------
def test_entities_are_decoded() -> None:
    body = "<p>&pound;42 &amp; &lsquo;care&rsquo; &ndash; &#163;1 &#x2014; 5&nbsp;days &lt;b&gt;</p>"
    assert lines(body) == ["£42 & \u2018care\u2019 \u2013 £1 \u2014 5\u00a0days <b>"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("<p>Caf\u00e9 \u00a3</p>".encode(), "Caf\u00e9 \u00a3", id="utf-8 undeclared"),
        pytest.param(b"\xef\xbb\xbf<p>\xc2\xa3 BOM</p>", "\u00a3 BOM", id="utf-8 BOM"),
        pytest.param("\ufeff<p>\u00a3 sixteen</p>".encode("utf-16-le"), "\u00a3 sixteen", id="utf-16 BOM"),
        pytest.param(
            b"<p>\xa342 \x96 \x93care\x94</p>",
            "\u00a342 \u2013 \u201ccare\u201d",
            id="windows-1252 undeclared",
        ),
        pytest.param(
            b'<meta charset="windows-1252"><p>\xa342 \x96 it\x92s</p>',
            "\u00a342 \u2013 it\u2019s",
            id="meta charset",
        ),
        pytest.param(
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\x93\xa3\x94</p>',
            "\u201c\u00a3\u201d",
            id="http-equiv latin-1 label read as windows-1252",
        ),
        pytest.param(
            '<meta charset="koi8-r"><p>\u041a\u0430\u0440\u0435</p>'.encode("koi8-r"),
            "\u041a\u0430\u0440\u0435",
            id="any declared encoding",
        ),
        pytest.param(
            b'<meta charset="utf-8"><p>\xe2\x80\x99 ok</p>',
            "\u2019 ok",
            id="declared utf-8",
        ),
    ],
)
def test_the_document_encoding_is_honoured(data: bytes, expected: str) -> None:
    assert read_html(data, "page.html").text == expected


# --- What is not visible ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hidden",
    [
        "<script>var secret = 1;</script>",
        "<style>.secret{}</style>",
        "<template><p>secret</p></template>",
        "<noscript><p>secret</p></noscript>",
        "<svg><title>secret</title><text>secret</text></svg>",
        "<iframe>secret</iframe>",
        "<p hidden>secret</p>",
        "<div hidden=''><p>secret</p></div>",
        "<span aria-hidden='true'>secret</span>",
        "<div style='color: red; display : none'>secret</div>",
        "<p style='visibility:hidden'>secret</p>",
    ],
)
def test_what_is_not_visible_is_left_out(hidden: str) -> None:
    assert lines(f"<p>Shown</p>{hidden}<p>Also shown</p>") == ["Shown", "", "Also shown"]


def test_the_head_and_title_are_left_out() -> None:
    data = page("<p>Body</p>", head="<title>Page title</title><meta name='description' content='x'>")
    assert read_html(data, "page.html").text == "Body"


def test_hidden_until_found_is_shown() -> None:
    assert lines("<div hidden='until-found'><p>Collapsed section</p></div>") == ["Collapsed section"]


def test_no_visible_text_is_an_error_in_one_line() -> None:
    with pytest.raises(ReportError) as raised:
        read_html(page("<script>x</script><p hidden>y</p>  "), "empty.html")
    assert raised.value.file_name == "empty.html"
    assert raised.value.line is None
    assert "\n" not in str(raised.value)
    assert str(raised.value) == "empty.html: expected a web page with visible text, found no visible text"


def test_empty_bytes_are_an_error() -> None:
    with pytest.raises(ReportError):
        read_html(b"", "empty.html")


# --- Site furniture, by markup ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "markup",
    [
        "<header><p>Site</p></header>",
        "<footer><p>Site</p></footer>",
        "<nav><p>Site</p></nav>",
        "<aside><p>Site</p></aside>",
        "<div role='banner'><p>Site</p></div>",
        "<div role='navigation'><p>Site</p></div>",
        "<div role='contentinfo'><p>Site</p></div>",
        "<form role='search'><p>Site</p></form>",
        "<div id='cookieBanner'><p>Site</p></div>",
        "<div class='govuk-cookie-banner__message'><p>Site</p></div>",
        "<ol class='breadcrumbs'><li>Site</li></ol>",
        "<a class='skip-link' href='#main'>Site</a>",
        "<div class='downloads'><p>Site</p></div>",
        "<div class='x site-header'><p>Site</p></div>",
        "<div class='site-footer'><p>Site</p></div>",
        "<ul class='report-tabs'><li>Site</li></ul>",
        "<div id='tab-menu'><p>Site</p></div>",
    ],
)
def test_furniture_is_recognised_by_markup(markup: str) -> None:
    source = read_html(page(f"<main><h1>Report</h1><p>Report text</p></main>{markup}"), "page.html")
    assert [source.lines[index].lstrip("- ") for index in sorted(source.furniture)] == ["Site"]
    assert source.lines[: source.lines.index("Report text") + 1] == ["# Report", "", "Report text"]


def test_everything_inside_furniture_is_furniture() -> None:
    body = "<footer><h2>Links</h2><ul><li>Contact <b>us</b></li></ul><table><tr><td>Cell</td></tr></table></footer>"
    assert furniture_lines(body) == ["## Links", "- Contact us", "| Cell |"]


def test_furniture_blocks_never_share_a_block_with_report_text() -> None:
    body = "<div>Report text<div class='cookie-banner'>Cookie text</div>more report text</div>"
    source = read_html(page(body), "page.html")
    assert source.lines == ["Report text", "", "Cookie text", "", "more report text"]
    assert source.furniture == frozenset({2})


def test_buttons_are_visible_text_and_furniture_inside_furniture() -> None:
    body = "<div class='cookie-banner'><button>Accept</button><button>Reject</button></div><p><button>Print</button></p>"
    source = read_html(page(body), "page.html")
    assert source.lines == ["Accept Reject", "", "Print"]
    assert source.furniture == frozenset({0})


def test_the_title_in_a_header_inside_main_is_not_furniture() -> None:
    body = "<header><p>Site</p></header><main><header><h1>Council: local authority assessment</h1></header></main>"
    assert furniture_lines(body) == ["Site"]


def test_the_title_is_never_furniture_whatever_wraps_it() -> None:
    body = "<header class='site-header'><nav>Menu</nav><h1>Council: local authority assessment</h1></header>"
    assert furniture_lines(body) == ["Menu"]


def test_a_header_inside_a_section_heads_report_text() -> None:
    body = (
        "<main><h1>T</h1><section><header><h2>Assessing needs</h2></header><p>Score: 3</p></section></main>"
    )
    assert furniture_lines(body) == []


def test_a_named_container_holding_the_report_is_not_furniture() -> None:
    panel = "<p>" + "Finding text. " * 300 + "</p>"
    body = (
        f"<div class='govuk-tabs'><ul class='govuk-tabs__list'><li>Summary</li></ul><div>{panel}</div></div>"
    )
    assert furniture_lines(body) == ["- Summary"]


def test_a_named_inline_element_inside_a_sentence_is_report_text() -> None:
    body = "<p>See the <a class='download-link'>strategy</a> for details.</p>"
    source = read_html(page(body), "page.html")
    assert source.lines == ["See the strategy for details."]
    assert source.furniture == frozenset()


# --- The page's address -------------------------------------------------------------------------------
CANONICAL = '<link rel="canonical" href="https://www.cqc.org.uk/a/canonical">'
OG_URL = '<meta property="og:url" content="https://www.cqc.org.uk/a/og">'
SAVED = "<!-- saved from url=(0030)https://www.cqc.org.uk/a/saved -->\n"


@pytest.mark.parametrize(
    ("prefix", "head", "expected"),
    [
        pytest.param("", CANONICAL + OG_URL, "https://www.cqc.org.uk/a/canonical", id="canonical first"),
        pytest.param(SAVED, OG_URL, "https://www.cqc.org.uk/a/og", id="og:url next"),
        pytest.param(SAVED, "", "https://www.cqc.org.uk/a/saved", id="saved-from comment last"),
        pytest.param(
            "",
            '<link rel="Canonical" href="/a/relative">' + OG_URL,
            "https://www.cqc.org.uk/a/relative",
            id="relative canonical",
        ),
        pytest.param("", "", None, id="none"),
        pytest.param("<!-- saved from url=(0014)about:internet -->\n", "", None, id="not a web address"),
    ],
)
def test_the_page_address(prefix: str, head: str, expected: str | None) -> None:
    data = prefix.encode() + page("<p>Text</p>", head=head)
    assert read_html(data, "page.html").url == expected


def test_the_saved_from_comment_is_read_only_near_the_start() -> None:
    data = page("<p>" + "x" * 3000 + "</p>") + SAVED.encode()
    assert read_html(data, "page.html").url is None


def test_the_record_describes_the_original_bytes(cqc_page: bytes) -> None:
    import hashlib

    source = read_html(cqc_page, "summary.htm")
    assert source.name == "summary.htm"
    assert source.media_type == "text/html"
    assert source.sha256 == hashlib.sha256(cqc_page).hexdigest()
    assert source.byte_count == len(cqc_page)
    assert not source.text.startswith("\n") and not source.text.endswith("\n")
    assert "\n\n\n" not in source.text


# --- The committed fixture pages ----------------------------------------------------------------------
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda path: str(path.relative_to(PAGES)))
def test_fixture_pages_are_read_losslessly_with_their_furniture(path: Path) -> None:
    data = path.read_bytes()
    source = read_html(data, path.name)
    assert_lossless(data, source.text)
    furniture = "\n".join(line for index, line in enumerate(source.lines) if index in source.furniture)
    tree = _tree(data)
    banner_and_footer = [
        text
        for node in tree.css("#cookie-banner, .cookie-banner, footer")
        for text in _visible_texts(node, [])
    ]
    assert banner_and_footer and all(text in furniture for text in banner_and_footer)
    title = tree.css_first("h1")
    assert title is not None and f"# {title.text(strip=True)}" in source.lines
    assert source.lines.index(f"# {title.text(strip=True)}") not in source.furniture
    assert source.url is not None and source.url.startswith("https://www.cqc.org.uk/")


def _scores(report: Report) -> tuple[object, list[int | None], list[int | None]]:
    return (
        report.overall_rating.value,
        [statement.summary_score for statement in report.statements],
        [statement.score for statement in report.statements],
    )


SOURCES = {
    "hartlepool-0525": ROOT / "seeds" / "hartlepool-0525.md",
    "norfolk-1125": ROOT / "tests" / "fixtures" / "unseen5" / "norfolk-1125.md",
    "manchester-0925": ROOT / "tests" / "fixtures" / "unseen4" / "manchester-0925.md",
    "camden-0925": ROOT / "tests" / "fixtures" / "unseen" / "camden-0925.md",
    "wakefield-0625": ROOT / "tests" / "fixtures" / "unseen" / "wakefield-0625.md",
}


@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_a_whole_page_parses_like_its_source_text(slug: str) -> None:
    path = PAGES / slug / "page.html"
    if not path.exists() or not SOURCES[slug].exists():
        pytest.skip(f"no fixture page for {slug}")
    source = read_html(path.read_bytes(), "page.html")
    from_text = parse_report(SOURCES[slug])
    assert len(from_text.statements) == 9 and None not in _scores(from_text)[1]
    for from_html in (parse_report(source.text, "page.html"), parse_report(source)):
        assert _scores(from_html) == _scores(from_text)
        assert from_html.council_name.value == from_text.council_name.value
        assert from_html.published_on.value == from_text.published_on.value

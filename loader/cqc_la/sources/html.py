"""A saved CQC web page (a browser's "Save page as", one tab or the whole report, or a `curl` download) as text.

The parser reads markdown-ish text and recognises a report by its vocabulary, so this reader only has to
keep what the page *shows*, in order, with the block structure the markup states: a heading line per
`<h1>`..`<h6>` (`## Text`), a block per paragraph, `<div>`/`<section>` text run and `<dt>`/`<dd>`, a
`- ` block per list item (two spaces a level deeper), a `| cell | cell |` line per table row, a line
break inside the block for `<br>`, one blank line between blocks. Nothing visible is dropped, and no
text appears twice (the tests check that every visible text node is in the output, in order, once).

What the page does not show is left out (`<head>`, scripts, templates, `hidden`, `aria-hidden`, inline
`display:none`); what the *site* shows around the report (header, menus, breadcrumb, cookie banner, tab
menu, downloads, footer) is kept but its lines are listed in `SourceText.furniture`, recognised by markup
in the tables below (tags, ARIA roles, id/class words), never by phrases: phrases are the parser's job.
Each furniture element starts and ends a block, so a furniture line never shares a block with report
text. The report's title (the `<h1>`) and the main content are never furniture, whatever wraps them.

The HTML5 parser is selectolax's Lexbor backend: a conformant C parser (the tree a browser builds, for
broken markup too) whose tree is walked here once, without recursion, in a few milliseconds for a whole
report. The bytes are decoded here rather than by the parser, so that a page that declares nothing and is
not UTF-8 is read as windows-1252, as a browser would.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..report import ReportError
from ..source_text import SourceText, digest

# --- What is not visible ---------------------------------------------------------------------------------
# Elements whose content a browser never renders as text (fallback content of media included; `noscript`
# as a browser with scripting on parses it). A closed `<details>` is kept: pages fold report text in them.
INVISIBLE_TAGS = frozenset(
    "head title script style template noscript svg iframe object embed canvas video audio datalist".split()
)
# (attribute, value that hides; None: any value hides), except the values listed in SHOWN_VALUES.
HIDING_ATTRIBUTES: tuple[tuple[str, str | None], ...] = (("hidden", None), ("aria-hidden", "true"))
SHOWN_VALUES = frozenset({"until-found"})  # `hidden="until-found"`: a collapsed section the browser can find
HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)

# --- Site furniture, by markup ---------------------------------------------------------------------------
# `header` and `footer` are the page's banner and footer only outside sectioning content (HTML-AAM): a
# `<header>` inside `<main>`, `<article>` or `<section>` heads that content and is report text.
FURNITURE_TAGS = frozenset({"nav", "aside"})
PAGE_LEVEL_FURNITURE_TAGS = frozenset({"header", "footer"})
SECTIONING_TAGS = frozenset({"main", "article", "section", "aside", "nav"})
FURNITURE_ROLES = frozenset({"banner", "navigation", "contentinfo", "search", "complementary"})
# Words in an element's id or class names (substrings, any case).
FURNITURE_NAMES: tuple[str, ...] = (
    "cookie",
    "breadcrumb",
    "skip",  # skip links
    "download",
    "site-header",
    "site-footer",
    "masthead",
    "tab-menu",
    "tabs",  # a tab list; a tab set holding the panels is guarded by NAMED_FURNITURE_MAX_CHARS
    "back-to-top",
)
_FURNITURE_NAME = re.compile("|".join(re.escape(word) for word in FURNITURE_NAMES), re.IGNORECASE)
# A name-matched element holding more text than this is a container of the page (a tab set with its
# panels), not furniture: missing some furniture costs little, hiding report text from the parser a lot.
NAMED_FURNITURE_MAX_CHARS = 3000
# Never furniture, nor any element around them: the report's title and its main content.
REPORT_SELECTOR = "h1, main, article, [role=main]"

# --- Block structure -------------------------------------------------------------------------------------
# Elements that start and end a block (everything else is inline: its text joins the run around it).
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption
    figure footer form header hgroup hr html legend li main menu nav ol optgroup option p pre search section
    select summary table textarea ul h1 h2 h3 h4 h5 h6""".split()
)
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "menu"})
CELL_TAGS = frozenset({"td", "th"})
# Text blocks: an inline element inside one is part of its text, whatever its name says.
TEXT_BLOCK_TAGS = frozenset("p li dt dd td th caption h1 h2 h3 h4 h5 h6".split())
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})  # an <input> whose value is shown as its label
# Inline boxes a browser draws apart: their text is a word of its own ('Accept' 'Reject', not 'AcceptReject').
SPACED_TAGS = frozenset({"button"})

_BREAK = "\x00"  # a <br> inside a run; the HTML parser drops NUL from text, so it cannot clash
# HTML's collapsible white space (not the no-break space): a run that is not a single space already
_SPACES = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")


# --- Decoding --------------------------------------------------------------------------------------------
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
PRESCAN_BYTES = 1024  # where the HTML standard stops looking for a declaration
# WHATWG encoding labels that Python reads otherwise: Latin-1 and ASCII labels mean windows-1252, and a
# page that declares UTF-16 in a <meta> (which it could not be read to find) is UTF-8.
ENCODING_LABELS = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = ENCODING_LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """The page's text: by its BOM, else its `<meta>` declaration, else UTF-8, else windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data, 0, PRESCAN_BYTES)
    codec = _codec(declared.group(1).decode("ascii")) if declared else None
    if codec is not None:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --- The page's address ----------------------------------------------------------------------------------
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
SAVED_FROM_CHARS = 2048


def _is_web_address(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def page_url(tree: LexborHTMLParser, text: str) -> str | None:
    """The page's own address: `<link rel=canonical>`, else `og:url`, else the browser's "saved from"."""
    found: list[str] = []
    canonical = tree.css_first('link[rel~="canonical" i][href]')
    if canonical is not None:
        found.append((canonical.attributes.get("href") or "").strip())
    og = tree.css_first('meta[property="og:url" i][content]')
    if og is not None:
        found.append((og.attributes.get("content") or "").strip())
    saved = _SAVED_FROM.search(text, 0, SAVED_FROM_CHARS)
    if saved:
        found.append(saved.group(1))  # the printed length is not needed: the address ends at white space
    addresses = [url for url in found if url]
    base = next((url for url in addresses if _is_web_address(url)), None)
    for url in addresses:
        if _is_web_address(url):
            return url
        if not urlsplit(url).scheme:  # a relative canonical address, read against an absolute one
            return urljoin(base, url) if base else url
    return None


# --- Visibility and furniture of one element -------------------------------------------------------------
def is_hidden(attributes: dict[str, str | None]) -> bool:
    """Whether an element's own attributes hide it (and everything in it)."""
    for name, hiding in HIDING_ATTRIBUTES:
        if name in attributes:
            value = (attributes[name] or "").strip().lower()
            if (hiding is None or value == hiding) and value not in SHOWN_VALUES:
                return True
    style = attributes.get("style")
    return bool(style) and HIDING_STYLE.search(style or "") is not None


def _stands_alone(node: LexborNode) -> bool:
    """Whether an inline element is not part of a sentence: no words beside it, not inside a text block."""
    parent = node.parent
    if parent is None or parent.tag in TEXT_BLOCK_TAGS:
        return False
    for sibling in parent.iter(include_text=True):
        if sibling.is_text_node and (sibling.text_content or "").strip():
            return False
    return True


def is_furniture(node: LexborNode, tag: str, attributes: dict[str, str | None], sectioned: bool) -> bool:
    """Whether the element is site furniture by its markup (`sectioned`: inside main, article, section...)."""
    role = (attributes.get("role") or "").strip().lower()
    if tag in FURNITURE_TAGS or role in FURNITURE_ROLES:
        named = False
    elif tag in PAGE_LEVEL_FURNITURE_TAGS and not sectioned:
        named = False
    else:
        names = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
        if not names.strip() or _FURNITURE_NAME.search(names) is None:
            return False
        named = True
    if tag not in BLOCK_TAGS and not _stands_alone(node):
        return False
    return not named or len(node.text(deep=True)) <= NAMED_FURNITURE_MAX_CHARS


def _report_ids(tree: LexborHTMLParser) -> set[int]:
    """The elements that hold the title or the main content (themselves included): never furniture."""
    ids: set[int] = set()
    for node in tree.css(REPORT_SELECTOR):
        current: LexborNode | None = node
        while current is not None and current.mem_id not in ids:
            ids.add(current.mem_id)
            current = current.parent
    return ids


# --- Writing blocks --------------------------------------------------------------------------------------
class _Item:
    """An open `<li>`: its nesting depth and whether its `- ` marker was written."""

    __slots__ = ("depth", "marked")

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.marked = False


class _Context(NamedTuple):
    """What the elements around a node say about its text."""

    furniture: bool = False
    sectioned: bool = False  # inside main, article, section, aside or nav
    depth: int = 0  # list nesting
    item: _Item | None = None
    heading: int = 0
    pre: bool = False
    row: list[str] | None = None  # the cells of the open table row
    cell: list[str] | None = None  # the text of the open table cell


def collapse(text: str) -> str:
    """White space runs as single spaces, none at the edges (most text needs no change: test first)."""
    text = text.strip()
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        text = _SPACES.sub(" ", text)
    return text


class _Writer:
    """The output lines, the furniture line indexes, the run of inline text and the open tables."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.furniture: list[int] = []
        self.run: list[str] = []
        self.tables: list[list[str]] = []

    def block(self, lines: list[str], furniture: bool) -> None:
        if self.lines:
            self.lines.append("")
        if furniture:
            start = len(self.lines)
            self.furniture.extend(range(start, start + len(lines)))
        self.lines.extend(lines)

    def flush(self, context: _Context) -> None:
        """End the run of inline text: it becomes a block shaped by its context."""
        if not self.run:
            return
        text = "".join(self.run)
        self.run.clear()  # in place: the walk holds the list
        if _BREAK in text:
            lines = [line for line in map(collapse, text.split(_BREAK)) if line]
        else:
            line = collapse(text)
            lines = [line] if line else []
        if not lines:
            return
        item = context.item
        if context.heading:
            lines = ["#" * context.heading + " " + " ".join(lines)]
            if item is not None:
                item.marked = True  # the heading opens the item
        elif item is not None:
            indent = "  " * item.depth
            first = "  " * (item.depth - 1) + "- " if not item.marked else indent
            item.marked = True
            lines = [first + lines[0]] + [indent + line for line in lines[1:]]
        self.block(lines, context.furniture)


def _enter(
    node: LexborNode, tag: str, context: _Context, writer: _Writer, report: set[int]
) -> tuple[_Context, str] | None:
    """Open an element: its children's context and what leaving it closes (a block, a table, a row, a
    cell, a space in a cell, or nothing: ""), or None when its children are not visited (hidden, void)."""
    attributes = node.attributes
    if attributes and is_hidden(attributes):
        return None
    if tag == "br" or tag == "input":
        _write_void(tag, attributes, context, writer)
        return None
    if context.cell is not None:  # everything inside a table cell is the cell's text
        if tag in BLOCK_TAGS or tag in SPACED_TAGS:
            context.cell.append(" ")
            return context, "space"
        return context, ""
    furniture = context.furniture or (
        (attributes or tag in PAGE_LEVEL_FURNITURE_TAGS or tag in FURNITURE_TAGS)
        and node.mem_id not in report
        and is_furniture(node, tag, attributes, context.sectioned)
    )
    if tag == "table":
        writer.flush(context)
        writer.tables.append([])
        return context._replace(furniture=furniture), "table"
    if tag == "tr" and writer.tables and context.row is None:
        return context._replace(row=[]), "row"
    if tag in CELL_TAGS and context.row is not None:
        return context._replace(cell=[]), "cell"
    if tag not in BLOCK_TAGS and furniture == context.furniture:  # inline: its text joins the run
        if tag in SPACED_TAGS:
            writer.run.append(" ")
            return context, "space"
        return context, ""
    writer.flush(context)
    inner = _Context(
        furniture=furniture,
        sectioned=context.sectioned or tag in SECTIONING_TAGS or attributes.get("role") == "main",
        depth=context.depth + 1 if tag in LIST_TAGS else context.depth,
        item=_Item(max(context.depth, 1)) if tag == "li" else context.item,
        heading=HEADING_LEVELS.get(tag, context.heading),
        pre=context.pre or tag == "pre",
        row=context.row,
    )
    return inner, "block"


def _write_void(tag: str, attributes: dict[str, str | None], context: _Context, writer: _Writer) -> None:
    """A `<br>` breaks the line (a space in a table cell); a button `<input>` shows its value."""
    out = context.cell if context.cell is not None else writer.run
    if tag == "br":
        out.append(" " if context.cell is not None else _BREAK)
    elif (attributes.get("type") or "").lower() in BUTTON_INPUTS and attributes.get("value"):
        out.append(f" {attributes['value']} ")


def _leave(kind: str, context: _Context, writer: _Writer) -> None:
    if kind == "block":
        writer.flush(context)
    elif kind == "space":
        (context.cell if context.cell is not None else writer.run).append(" ")
    elif kind == "cell" and context.cell is not None and context.row is not None:
        context.row.append(collapse("".join(context.cell)))
    elif kind == "row" and context.row is not None and any(context.row):
        writer.tables[-1].append("| " + " | ".join(context.row) + " |")
    elif kind == "table":
        rows = writer.tables.pop()
        if rows:
            writer.block(rows, context.furniture)


def write_blocks(tree: LexborHTMLParser) -> _Writer:
    """Walk the document once, in order, without recursion (a page may nest deeply)."""
    writer = _Writer()
    body = tree.body
    if body is None:
        return writer
    report = _report_ids(tree)
    run = writer.run
    # the open element's children still to visit, its children's context and what leaving it closes; the
    # same three of every element around it wait on the stack
    children, context, kind = body.iter(include_text=True), _Context(), "block"
    stack: list[tuple[Iterator[LexborNode], _Context, str]] = []
    while True:
        node = next(children, None)
        if node is None:
            if kind:
                _leave(kind, context, writer)
            if not stack:
                break
            children, context, kind = stack.pop()
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            if context.cell is not None:
                context.cell.append(text)
            elif context.row is None and (run or not text.isspace()):  # a block's edges are stripped
                run.append(text.replace("\n", _BREAK) if context.pre else text)
            continue
        if tag[0] == "-" or tag in INVISIBLE_TAGS:
            continue  # comments, and what is never shown
        opened = _enter(node, tag, context, writer, report)
        if opened is not None:
            stack.append((children, context, kind))
            children = node.iter(include_text=True)
            context, kind = opened
    writer.flush(_Context())
    return writer


def read_html(data: bytes, name: str) -> SourceText:
    """Read a saved web page: its visible text as blocks, its furniture lines, and its own address.

    Raises `ReportError` when the page shows no text at all.
    """
    text = decode_html(data)
    tree = LexborHTMLParser(text, scripting=True)
    writer = write_blocks(tree)
    if not writer.lines:
        raise ReportError(name, None, "a web page with visible text", "no visible text")
    return SourceText(
        name=name,
        media_type="text/html",
        sha256=digest(data),
        byte_count=len(data),
        text="\n".join(writer.lines),
        furniture=frozenset(writer.furniture),
        url=page_url(tree, text),
    )

"""Which links are report pages: the listing, its pages, each report's tabs and PDF, as data.

The tables below are all the fetcher knows about CQC's site; a change of the site's layout is a change
here, like a new wording is a change of the phrase tables:

- the **listing** is `addresses.LISTING_PATH`; its further pages are the links to it that carry a
  `PAGE_PARAMETER` (`?page=1`) or are marked `rel=next`;
- a **report** is any link whose path is a report's address by `addresses.SLUG_PATTERNS`;
- a report's **pages** (its tabs) are the links on its own pages whose path is under its address
  (`.../york-1225/summary`, `.../york-1225/theme1/needs`); queries and fragments are dropped;
- its **PDF** is a link on CQC's host, wherever it lives there, whose path ends in `.pdf` and whose text
  or file name says it is the report (`REPORT_PDF_TEXT`, or the slug in the file name);
- its **dates** are the banner's `Published:` and `Page last updated:` (`BANNER_DATES`), for `--since`.

Links to other hosts are never followed; `HOST_ALIASES` lists spellings of CQC's own host that pages
use (read as the site's host). Everything here is a pure function of a page's bytes and address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from ..addresses import LISTING_PATH, report_slug, report_url
from ..errors import UsageError

SITE = "https://www.cqc.org.uk"
HOST_ALIASES: dict[str, tuple[str, ...]] = {
    "www.cqc.org.uk": ("cqc.org.uk", "cqc.org.uk.", "www.cqc.org.uk."),
}
PAGE_PARAMETER = "page"
FIRST_PAGE = "0"  # `?page=0` is the listing itself
NEXT_RELATION = "next"
MAX_LISTING_PAGES = 100
PDF_PATH = re.compile(r"\.pdf$", re.IGNORECASE)
REPORT_PDF_TEXT = re.compile(r"assessment report|local authority assessment", re.IGNORECASE)
BANNER_DATES = (
    re.compile(r"\bPublished:?\s+(?:on\s+)?(\d{1,2} [A-Z][a-z]+ \d{4})"),
    re.compile(r"\bPage last updated:?\s+(\d{1,2} [A-Z][a-z]+ \d{4})"),
)
BANNER_CHARS = 20_000  # the banner is under the title, near the top


@dataclass(frozen=True)
class Site:
    """The site fetched from (`https://www.cqc.org.uk`, or a mirror or test server)."""

    scheme: str
    netloc: str

    @classmethod
    def parse(cls, url: str) -> Site:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--site expects an address such as {SITE}, found {url!r}")
        return cls(parts.scheme, parts.netloc.lower())

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    def address(self, path: str) -> str:
        return self.url + path

    def resolve(self, href: str, base: str) -> str | None:
        """`href` as an absolute address on this site (fragment dropped, CQC's host spellings read as
        the site's), or None when it points anywhere else."""
        href = href.strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("http", "https"):
            return None
        host = parts.netloc.lower()
        if host != self.netloc and host not in HOST_ALIASES.get(self.netloc, ()):
            return None
        path = parts.path.rstrip("/") or "/"
        return urlunsplit((self.scheme, self.netloc, path, parts.query, ""))


@dataclass(frozen=True)
class Listing:
    reports: list[str]  # report addresses, in the listing's order
    pages: list[str]  # further listing pages linked from this one


def listing_url(site: Site) -> str:
    return site.address(LISTING_PATH)


def listing_page(url: str, site: Site) -> str | None:
    """The canonical address of a listing page (only its page number kept), else None."""
    parts = urlsplit(url)
    if parts.path.rstrip("/") != LISTING_PATH:
        return None
    number = dict(parse_qsl(parts.query)).get(PAGE_PARAMETER)
    if number is None or number == FIRST_PAGE:
        return listing_url(site)
    return listing_url(site) + "?" + urlencode({PAGE_PARAMETER: number})


def _links(html: bytes) -> list[tuple[str, str, str]]:
    """(href, rel, text) of every `<a>` and `<link>` with an href, in document order."""
    tree = LexborHTMLParser(html)
    found = []
    for node in tree.css("a[href], link[href]"):
        attributes = node.attributes
        text = node.text(separator=" ", strip=True) if node.tag == "a" else ""
        found.append(((attributes.get("href") or ""), (attributes.get("rel") or "").lower(), text))
    return found


def read_listing(html: bytes, page_url: str, site: Site) -> Listing:
    """The report addresses a listing page links to, and the further listing pages it links to."""
    reports: list[str] = []
    pages: list[str] = []
    for href, rel, _ in _links(html):
        resolved = site.resolve(href, page_url)
        if resolved is None:
            continue
        address = report_url(resolved)
        if address is not None:
            if address not in reports:
                reports.append(address)
            continue
        page = listing_page(resolved, site)
        linked_page = PAGE_PARAMETER in dict(parse_qsl(urlsplit(resolved).query))
        if page is not None and (linked_page or NEXT_RELATION in rel.split()) and page not in pages:
            pages.append(page)
    return Listing(reports, pages)


def in_report(url: str, address: str) -> bool:
    """Whether `url` is the report's address or a page under it (same host)."""
    page, report = urlsplit(url), urlsplit(address)
    if page.netloc.lower() != report.netloc.lower():
        return False
    path = page.path.rstrip("/")
    return path == report.path or path.startswith(report.path + "/")


def is_report_pdf(url: str, text: str, address: str) -> bool:
    path = urlsplit(url).path
    if not PDF_PATH.search(path):
        return False
    slug = report_slug(address) or ""
    return bool(REPORT_PDF_TEXT.search(text)) or (bool(slug) and slug.lower() in path.lower())


def report_links(html: bytes, page_url: str, address: str, site: Site) -> list[str]:
    """The pages of the report at `address` that one of its pages links to: tabs, then its PDF."""
    tabs: list[str] = []
    pdfs: list[str] = []
    for href, _, text in _links(html):
        resolved = site.resolve(href, page_url)
        if resolved is None:
            continue
        bare = urlunsplit(urlsplit(resolved)._replace(query=""))
        if in_report(bare, address):
            if bare not in tabs:
                tabs.append(bare)
        elif is_report_pdf(bare, text, address) and bare not in pdfs:
            pdfs.append(bare)
    return tabs + pdfs


def banner_dates(html: bytes) -> list[date]:
    """The dates of the page's banner (`Published: 14 May 2025 Page last updated: 11 August 2025`)."""
    tree = LexborHTMLParser(html)
    body = tree.body
    text = (body.text(separator=" ") if body is not None else "")[:BANNER_CHARS]
    found = []
    for pattern in BANNER_DATES:
        match = pattern.search(text)
        if match:
            try:
                found.append(datetime.strptime(match.group(1), "%d %B %Y").date())
            except ValueError:
                pass
    return found


def report_address(given: str, site: Site) -> str:
    """A report's address on `site` from its slug (`york-1225`) or any of its pages' URLs."""
    given = given.strip()
    if "/" not in given:
        address = report_url(site.address(f"{LISTING_PATH}/{given}"))
        if address is None:
            raise UsageError(f"{given!r} is not a report slug (such as york-1225 or birmingham-cc)")
        return address
    resolved = site.resolve(given, site.url + "/") or _onto(site, Site.parse(SITE).resolve(given, SITE + "/"))
    address = report_url(resolved) if resolved else None
    if address is None:
        raise UsageError(
            f"{given!r} is not a report on {site.url}: expected a slug or an address under "
            f"{site.address(LISTING_PATH)}/"
        )
    return address


def _onto(site: Site, url: str | None) -> str | None:
    """An address on CQC's own site moved onto `site` (a mirror or test server given with --site)."""
    if url is None:
        return None
    return urlunsplit(urlsplit(url)._replace(scheme=site.scheme, netloc=site.netloc))

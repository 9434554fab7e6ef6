"""CQC's report addresses as data: which URLs are local authority assessment reports, and their slugs.

Reports live under `https://www.cqc.org.uk/care-services/local-authority-assessment-reports/<slug>`,
one page per tab below it (`.../york-1225/summary`, `.../eastriding-1025/theme1/needs`). Slugs are
`<name>-MMYY` (`york-1225`), a few older ones capitalised (`Hertfordshire-0524`, `WBerkshire-0524`,
`Hertfordshire2`), and the 2023 pilots `<name>-cc` (`birmingham-cc`, `lincolnshire-cc`). The fetcher's
discovery and the loader's `report_url` both read these patterns, so they agree on what a report is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LISTING_PATH = "/care-services/local-authority-assessment-reports"
SLUG_PATTERNS: tuple[str, ...] = (
    r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}",  # york-1225, stocktonontees-1025, east-riding-1025
    r"[A-Z][A-Za-z]*-?\d{1,4}",  # Hertfordshire-0524, WBerkshire-0524, Hertfordshire2, Hounslow1
    r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-cc",  # the 2023 pilots: birmingham-cc, lincolnshire-cc
)
_SLUG = re.compile("(?:" + "|".join(SLUG_PATTERNS) + ")")
_REPORT = re.compile(re.escape(LISTING_PATH) + r"/(?P<slug>[^/?#]+)")


def report_slug(url: str) -> str | None:
    """The report's slug when `url` is a report's address or one of its pages, else None."""
    path = urlsplit(url).path.rstrip("/")
    found = _REPORT.match(path)
    if found is None or not _SLUG.fullmatch(found.group("slug")):
        return None
    return found.group("slug")


def report_url(url: str) -> str | None:
    """The report's own address (`https://host/.../<slug>`) of any of its pages' URLs, else None."""
    slug = report_slug(url)
    if slug is None:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{LISTING_PATH}/{slug}"

"""Which links are listing pages, reports, tabs and PDFs: pure functions of a page and its address."""

from __future__ import annotations

from datetime import date

import pytest

from cqc_la.errors import UsageError
from cqc_la.fetch.archive import page_name
from cqc_la.fetch.discovery import Site, banner_dates, in_report, read_listing, report_address, report_links

CQC = Site.parse("https://www.cqc.org.uk")
LISTING = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports"
YORK = f"{LISTING}/york-1225"


def test_the_listing_gives_its_reports_in_order_and_its_further_pages() -> None:
    html = b"""<html><body><a href="/">Home</a> <a href="/about-us">About</a>
    <a href="york-1225">York</a> <a href="/care-services/local-authority-assessment-reports/york-1225/summary">s</a>
    <a href="https://cqc.org.uk/care-services/local-authority-assessment-reports/leeds-0425/">Leeds</a>
    <a href="https://example.org/care-services/local-authority-assessment-reports/kent-1025">elsewhere</a>
    <a href="?page=0">1</a> <a href="?page=2">3</a> <a rel="next" href="?page=1&amp;sort=name">Next</a>
    <a href="?sort=name">sorted</a></body></html>"""
    listing = read_listing(html, LISTING + "/", CQC)
    assert listing.reports == [YORK, f"{LISTING}/leeds-0425"]
    assert listing.pages == [LISTING, f"{LISTING}?page=2", f"{LISTING}?page=1"]


def test_a_reports_pages_are_the_links_under_its_address_and_its_pdf_wherever_it_is_on_the_host() -> None:
    html = b"""<html><body>
    <a href="summary#top">Summary</a> <a href="/care-services/local-authority-assessment-reports/york-1225/theme1/needs?x=1">Needs</a>
    <a href="/care-services/local-authority-assessment-reports/york-1225x">not York</a>
    <a href="/care-services/local-authority-assessment-reports/leeds-0425/summary">another report</a>
    <a href="http://localhost/care-services/local-authority-assessment-reports/york-1225/about">another host</a>
    <a href="/sites/default/files/2025-12/york-la-report.pdf">Local authority assessment report (PDF, 520KB)</a>
    <a href="/sites/default/files/framework.pdf">The assessment framework (PDF)</a>
    <a href="mailto:enquiries@cqc.org.uk">mail</a></body></html>"""
    assert report_links(html, f"{YORK}/about", YORK, CQC) == [
        f"{YORK}/summary",
        f"{YORK}/theme1/needs",
        "https://www.cqc.org.uk/sites/default/files/2025-12/york-la-report.pdf",
    ]


def test_a_pdf_named_after_the_slug_is_the_reports_whatever_its_link_says() -> None:
    html = b'<a href="/sites/default/files/york-1225.pdf">Download</a>'
    assert report_links(html, YORK, YORK, CQC) == ["https://www.cqc.org.uk/sites/default/files/york-1225.pdf"]


def test_in_report_is_the_address_or_below_it() -> None:
    assert in_report(YORK, YORK) and in_report(f"{YORK}/theme1/needs", YORK)
    assert not in_report(f"{YORK}x/summary", YORK) and not in_report(LISTING, YORK)
    assert not in_report(YORK.replace("www.cqc.org.uk", "localhost"), YORK)


def test_banner_dates_for_since() -> None:
    html = b"<html><body><h1>York</h1><p>Published: 5 December 2025 Page last updated: 9 February 2026</p></body></html>"
    assert banner_dates(html) == [date(2025, 12, 5), date(2026, 2, 9)]
    assert banner_dates(b"<html><body><p>No dates here</p></body></html>") == []


def test_a_report_is_named_by_slug_or_by_any_of_its_urls_and_put_on_the_site() -> None:
    test_site = Site.parse("http://127.0.0.1:8080")
    assert report_address("york-1225", CQC) == YORK
    assert report_address(f"{YORK}/theme1/needs", CQC) == YORK
    assert report_address("birmingham-cc", CQC) == f"{LISTING}/birmingham-cc"
    assert report_address(f"{YORK}/summary", test_site) == (
        "http://127.0.0.1:8080/care-services/local-authority-assessment-reports/york-1225"
    )
    for wrong in ("york", "https://example.org/x/york-1225", f"{LISTING}?page=2"):
        with pytest.raises(UsageError):
            report_address(wrong, CQC)


def test_site_must_be_an_http_address() -> None:
    for wrong in ("www.cqc.org.uk", "ftp://www.cqc.org.uk", ""):
        with pytest.raises(UsageError):
            Site.parse(wrong)


def test_archived_file_names_follow_the_path_under_the_report() -> None:
    assert page_name(YORK, YORK) == "index"
    assert page_name(f"{YORK}/theme1/needs", YORK) == "theme1/needs"
    assert (
        page_name("https://www.cqc.org.uk/sites/default/files/york%20report.pdf", YORK)
        == "downloads/york_report"
    )
    for escape in (f"{YORK}/../../etc", f"{YORK}/..%2F..%2Fetc"):  # never outside the report's folder
        assert ".." not in page_name(escape, YORK).split("/")

"""`fetch_reports`: CQC's listing and reports into the archive and, with `load`, into the database.

One run: robots.txt first (nothing is asked before it is read), then the listing and all its pages
(or only the reports named), then each report's pages (`pages.fetch_report`), one request at a time
under the `Policy`. A report that has left a complete listing is withdrawn from the first day it was
seen gone (`gone_since` in its manifest); nothing is deleted. With `load`, the latest version of every
page of the reports that have something not yet loaded (new or changed content, or no assessment in
that database) goes to `load_reports` in one call, and the database learns which reports are
withdrawn (`mark_withdrawn`) and which are published (`mark_published`, for one that came back).

A run records each report's result in the archive's journal as soon as the report is done. A run
stopped by Ctrl-C or killed leaves the journal behind, and the next run of the same site (within a day)
goes on from there: reports already done are not asked again, the one in progress is asked again
conditionally, and what was not yet loaded is loaded. The journal is removed when a run ends.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from ..addresses import report_slug
from ..errors import UsageError
from .archive import Archive, Folder, today
from .client import Answer, Client, FetchFailure
from .discovery import (
    MAX_LISTING_PAGES,
    PAGE_PARAMETER,
    SITE,
    Site,
    listing_page,
    listing_url,
    read_listing,
    report_address,
)
from .pages import GONE_FROM_LISTING, fetch_report
from .policy import Policy
from .summary import Failure, FetchProgress, FetchSummary, ReportResult

if TYPE_CHECKING:
    from ..loading import FileOutcome

ROBOTS_PATH = "/robots.txt"
ROBOTS_REDIRECTS = 5


class _Tracker:
    """Counts for the `progress` callback."""

    def __init__(self, progress: Callable[[FetchProgress], None] | None) -> None:
        self.progress = progress
        self.total = 0
        self.done = 0
        self.pages = 0

    def _send(self, stage: str, url: str | None = None, result: ReportResult | None = None) -> None:
        if self.progress is not None:
            self.progress(FetchProgress(stage, self.done, self.total, self.pages, url, result))

    def page(self, stage: str, url: str) -> None:
        self.pages += 1
        self._send(stage, url)

    def report(self, result: ReportResult) -> None:
        self.done += 1
        self._send("report", result.address, result)

    def loaded(self, outcome: FileOutcome, total: int) -> None:
        self._send("load", outcome.path)


def _as_date(since: date | str | None) -> date | None:
    if since is None or isinstance(since, date):
        return since.date() if isinstance(since, datetime) else since
    try:
        return date.fromisoformat(since.strip())
    except ValueError:
        raise UsageError(f"--since expects a date as YYYY-MM-DD, found {since!r}") from None


def _named(slugs_or_urls: Iterable[str] | None, site: Site) -> list[str] | None:
    if slugs_or_urls is None:
        return None
    addresses: list[str] = []
    for given in slugs_or_urls:
        address = report_address(given, site)
        if address not in addresses:
            addresses.append(address)
    return addresses or None


def _content(folder: Folder, answer: Answer, name: str) -> bytes | None:
    """The body of a 200 (archived under `name`) or of the archived copy a 304 confirms, else None."""
    if answer.status == 304 and folder.latest(answer.url) is not None:
        folder.record_not_modified(answer.url)
        return folder.body(answer.url)
    if answer.status == 200:
        folder.record_body(answer, name=name)
        return answer.body
    return None


def _read_robots(client: Client, folder: Folder, site: Site, summary: FetchSummary) -> bool:
    """Read robots.txt into the policy; False (and a failure) when it cannot be read: nothing is asked."""
    url = site.address(ROBOTS_PATH)
    for _ in range(ROBOTS_REDIRECTS + 1):
        try:
            answer = client.get(url, *folder.validators(url))
        except FetchFailure as failure:
            summary.site_failures.append(Failure(url, f"{failure.reason}; nothing was fetched"))
            client.policy.read_robots(None, "")
            return False
        if not answer.is_redirect:
            break
        try:
            target = client.target(answer, lambda t: urlsplit(t).netloc.lower() == site.netloc)
        except FetchFailure as failure:
            summary.site_failures.append(Failure(url, f"{failure.reason}; nothing was fetched"))
            client.policy.read_robots(None, "")
            return False
        folder.record_answer(url, answer.status, location=target)
        url = target
    body = _content(folder, answer, "robots")
    if body is None:
        folder.record_answer(url, answer.status, error=answer.failure())
    if answer.status >= 500 or answer.is_redirect:
        summary.site_failures.append(Failure(url, f"{answer.failure()}; nothing was fetched"))
        client.policy.read_robots(None, "")
        return False
    client.policy.read_robots(
        200 if body is not None else answer.status, (body or b"").decode("utf-8", "replace")
    )
    return True


def _listing_name(url: str) -> str:
    number = dict(parse_qsl(urlsplit(url).query)).get(PAGE_PARAMETER)
    return "listing" if number is None else f"listing-page-{number}"


def _read_listing(
    client: Client, folder: Folder, site: Site, summary: FetchSummary, tracker: _Tracker
) -> list[str]:
    """Every report address on every page of the listing, in order; notes whether all pages were read."""
    first = listing_url(site)
    queue, seen = deque([first]), {first}
    reports: list[str] = []
    complete = True
    while queue:
        url = queue.popleft()
        try:
            answer = client.get(url, *folder.validators(url))
        except FetchFailure as failure:
            summary.site_failures.append(Failure(url, failure.reason))
            complete = False
            continue
        finally:
            tracker.page("listing", url)
        if answer.is_redirect:
            try:
                target = client.target(answer, lambda t: listing_page(t, site) is not None)
            except FetchFailure as failure:
                summary.site_failures.append(Failure(url, failure.reason))
                complete = False
                continue
            folder.record_answer(url, answer.status, location=target)
            target = listing_page(target, site) or target
            if target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        body = _content(folder, answer, _listing_name(url))
        if body is None:
            folder.record_answer(url, answer.status, error=answer.failure())
            summary.site_failures.append(Failure(url, answer.failure()))
            complete = False
            continue
        listing = read_listing(body, url, site)
        reports.extend(address for address in listing.reports if address not in reports)
        for page in listing.pages:
            if page not in seen and len(seen) < MAX_LISTING_PAGES:
                seen.add(page)
                queue.append(page)
    if not reports:
        summary.site_failures.append(
            Failure(first, "the listing links to no report; none is judged withdrawn")
        )
        complete = False
    summary.listing_complete = complete
    return reports


def _gone_from_listing(store: Archive, listed: list[str], site: Site) -> list[ReportResult]:
    """Reports the archive holds that a complete listing no longer links to: withdrawn."""
    listed_slugs = {report_slug(address) for address in listed}
    results = []
    for slug in store.slugs():
        if slug in listed_slugs:
            continue
        folder = store.folder(slug)
        manifest = folder.manifest
        address = manifest.get("address") or ""
        if not folder.has_versions() or urlsplit(address).netloc.lower() != site.netloc:
            continue
        if not manifest.get("gone_since"):
            manifest["gone_since"] = today().isoformat()
            manifest["gone_because"] = GONE_FROM_LISTING
        manifest["listed"] = False
        folder.save()
        results.append(
            ReportResult(
                slug, address, "withdrawn", gone_since=manifest["gone_since"], note=manifest["gone_because"]
            )
        )
    return results


def _load(summary: FetchSummary, store: Archive, url: str | None, tracker: _Tracker) -> None:
    """Load what the database does not have yet, and tell it which reports are withdrawn or back."""
    from .. import database, migrate
    from ..loading import load_reports
    from ..loading.status import loaded_report_urls, mark_published, mark_withdrawn

    resolved = database.resolve_url(url)
    migrate.upgrade(resolved)  # the status queries need the schema; load_reports finds it at head
    present = [report for report in summary.reports if report.outcome != "withdrawn"]
    folders = {report.slug: store.folder(report.slug) for report in present}
    stored = loaded_report_urls([report.address for report in present], resolved)
    todo = [
        report
        for report in present
        if folders[report.slug].has_versions()
        and (folders[report.slug].manifest.get("pending_load") or report.address not in stored)
    ]
    files: dict[Path, tuple[str, str]] = {}  # file -> (slug, the URL it was fetched from)
    for report in todo:
        for path, page in folders[report.slug].latest_files().items():
            files[path.resolve()] = (report.slug, page)
    if files:
        # where each page was fetched from wins over the address it names itself (a PDF prints CQC's)
        summary.load = load_reports(
            sorted(files),
            resolved,
            progress=tracker.loaded,
            source_urls={path: page for path, (_, page) in files.items()},
        )
        failed = set()
        for outcome in summary.load.failed:
            slug, page = files.get(Path(os.path.abspath(outcome.path)), ("", outcome.path))
            summary.load_failures.append(Failure(page, outcome.message or "not loaded"))
            failed.add(slug)
        for report in todo:
            if report.slug not in failed:
                folders[report.slug].manifest["pending_load"] = False
                folders[report.slug].save()
    by_day: dict[str, list[str]] = {}
    for report in summary.of("withdrawn"):
        by_day.setdefault(report.gone_since or today().isoformat(), []).append(report.address)
    for day, addresses in sorted(by_day.items()):
        summary.marked_withdrawn += mark_withdrawn(addresses, date.fromisoformat(day), resolved)
    published = [report.address for report in present if report.outcome != "failed"]
    summary.marked_published = mark_published(published, resolved)


def fetch_reports(
    slugs_or_urls: Iterable[str] | None = None,
    *,
    site: str = SITE,
    since: date | str | None = None,
    archive: str | os.PathLike[str] | None = None,
    rate: float = 1.0,
    timeout: float = 30.0,
    load: bool = False,
    url: str | None = None,
    progress: Callable[[FetchProgress], None] | None = None,
) -> FetchSummary:
    """Fetch CQC's local authority assessment reports into the archive; see the module docstring.

    `slugs_or_urls`: only these reports (slugs such as `york-1225`, or any of their pages' URLs), the
    listing not read; `since`: only reports whose banner says published or updated on or after it;
    `archive`: the archive directory (default `archive.archive_dir()`); `rate`: requests per second;
    `timeout`: seconds for each request; `load`: load into the database at `url` (default: as
    `load_reports`). `progress` is called with a `FetchProgress` after every request and report.
    """
    started = time.perf_counter()
    where = Site.parse(site)
    since_on = _as_date(since)
    named = _named(slugs_or_urls, where)
    policy = Policy(rate, timeout)
    summary = FetchSummary()
    tracker = _Tracker(progress)
    store = Archive(archive)
    with store.opened(), Client(policy) as client:
        journal = store.journal(where.url)
        summary.continued = journal.continued
        robots_read = _read_robots(client, store.site(), where, summary)
        if robots_read:
            addresses = (
                named if named is not None else _read_listing(client, store.site(), where, summary, tracker)
            )
            tracker.total = len(addresses)
            for address in addresses:
                slug = report_slug(address) or ""
                done = journal.reports.get(slug)
                if done is not None:
                    result = ReportResult.from_dict(done)
                else:
                    result = fetch_report(
                        client,
                        store.folder(slug, address),
                        address,
                        where,
                        run_started=journal.started_at,
                        since=since_on,
                        listed=named is None,
                        on_page=lambda page: tracker.page("page", page),
                    )
                    journal.record(slug, result.to_dict())
                summary.reports.append(result)
                tracker.report(result)
            if named is None and summary.listing_complete:
                summary.reports.extend(_gone_from_listing(store, addresses, where))
        summary.requests = policy.requests
        summary.conditional = client.conditional
        summary.not_modified = client.not_modified
        if load:
            _load(summary, store, url, tracker)
        if robots_read:
            journal.finish()
    summary.seconds = time.perf_counter() - started
    return summary

"""One report's pages: from its address, every tab its pages link to and its PDF, each archived.

The report's address is asked first (CQC serves the about tab there); every page that answers with
HTML adds the links `discovery.report_links` finds, in order, so the same site always gives the same
sequence of requests. A page the archive holds is asked conditionally, and a 304 reads the links of
the archived copy. A redirect is followed only inside the report's address (or, for the PDF, to
another PDF on CQC's host), by queueing its target, so a redirect to a page already fetched costs
nothing more.

How the report ends (`ReportResult.outcome`):

- `new` (nothing archived before), `changed` (a page has a new version) or `unchanged`;
- `withdrawn`: a report archived before whose every page now answers 404 or 410 (when its address
  does, the pages the archive knows are asked too). The first day is kept as `gone_since`;
- `failed`: no page answered with content (a new report whose address answers 404 is not a report);
- `skipped`: with `since`, the banner dates of its first page are all earlier (only that page was
  asked), or robots.txt disallows its address.

A page that answers 404 while its report answers is a failure of that page; the report is kept with
what it has. A page robots.txt disallows is named in `not_requested` and never asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import date
from functools import partial
from urllib.parse import urlsplit

from .archive import Folder, today
from .client import Client, Disallowed, FetchFailure
from .discovery import PDF_PATH, Site, banner_dates, in_report, report_links
from .summary import Failure, ReportResult

GONE_STATUSES = frozenset({404, 410})
GONE_FROM_LISTING = "not on the listing"
GONE_PAGES = "every page answers 404 or 410"


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    return b"<html" in body[:2048].lower()


def _redirect_allowed(target: str, source: str, address: str, site: Site) -> bool:
    if in_report(target, address):
        return True
    on_host = urlsplit(target).netloc.lower() == site.netloc
    return on_host and not in_report(source, address) and bool(PDF_PATH.search(urlsplit(target).path))


def fetch_report(
    client: Client,
    folder: Folder,
    address: str,
    site: Site,
    *,
    run_started: str,
    since: date | None = None,
    listed: bool = True,
    on_page: Callable[[str], None] | None = None,
) -> ReportResult:
    """Fetch and archive one report's pages; see the module docstring. `run_started`: when the run
    began (`archive.now()`); what was archived since then is this run's, also when it is a rerun that
    continues a killed one."""
    result = ReportResult(folder.slug, address)
    had_versions = folder.has_versions(before=run_started)
    queue = deque([address])
    seen = {address}
    gone: list[Failure] = []  # pages that answered 404 or 410
    answered = 0  # pages with content

    def enqueue(url: str) -> None:
        if url not in seen:
            seen.add(url)
            queue.append(url)

    while queue:
        url = queue.popleft()
        etag, last_modified = folder.validators(url)
        try:
            answer = client.get(url, etag, last_modified)
        except Disallowed:
            result.not_requested.append(url)
            continue
        except FetchFailure as failure:
            folder.record_answer(url, None, error=failure.reason)
            result.failures.append(Failure(url, failure.reason))
            continue
        finally:
            if on_page is not None:
                on_page(url)
        if answer.is_redirect:
            try:
                target = client.target(
                    answer, partial(_redirect_allowed, source=url, address=address, site=site)
                )
            except FetchFailure as failure:
                folder.record_answer(
                    url, answer.status, location=answer.headers.get("location"), error=failure.reason
                )
                result.failures.append(Failure(url, failure.reason))
                continue
            folder.record_answer(url, answer.status, location=target)
            enqueue(target)
            continue
        latest = folder.latest(url)
        if answer.status == 304 and latest is not None:
            folder.record_not_modified(url)
            body, content_type = folder.body(url) or b"", latest.get("content_type")
        elif answer.status == 200:
            folder.record_body(answer)
            body, content_type = answer.body, answer.headers.get("content-type")
        elif answer.status in GONE_STATUSES:
            folder.record_answer(url, answer.status, error=answer.reason)
            gone.append(Failure(url, answer.reason))
            if url == address:  # are the pages the archive knows gone too?
                for known, page in folder.pages.items():
                    if page.get("versions"):
                        enqueue(known)
            continue
        else:
            reason = answer.failure()
            folder.record_answer(url, answer.status, error=reason)
            result.failures.append(Failure(url, reason))
            continue
        answered += 1
        if answered == 1 and since is not None:  # the first page with content: the address, or its target
            dates = banner_dates(body) if _is_html(content_type, body) else []
            if dates and max(dates) < since:
                result.outcome = "skipped"
                result.note = (
                    f"not published or updated since {since.isoformat()} (last {max(dates).isoformat()})"
                )
                break
        if _is_html(content_type, body):
            for link in report_links(body, url, address, site):
                enqueue(link)
    result.pages = answered
    result.changed = folder.fetched_since(run_started)
    _conclude(result, folder, had_versions, gone, answered, listed)
    return result


def _conclude(
    result: ReportResult, folder: Folder, had_versions: bool, gone: list[Failure], answered: int, listed: bool
) -> None:
    manifest = folder.manifest
    if gone and not answered and not result.failures:
        if had_versions:
            result.outcome = "withdrawn"
            if not manifest.get("gone_since"):
                manifest["gone_since"] = today().isoformat()
                manifest["gone_because"] = GONE_PAGES
            result.gone_since = manifest["gone_since"]
            result.note = manifest["gone_because"]
            folder.save()
            return
        result.failures.append(Failure(result.address, f"no report at this address: {gone[0].reason}"))
    else:
        result.failures.extend(
            Failure(page.url, f"{page.reason} while the report is published") for page in gone
        )
    if result.outcome != "skipped":
        if not answered and not result.failures and result.not_requested:
            result.outcome = "skipped"
            result.note = "robots.txt disallows its address"
        elif not answered:
            result.outcome = "failed"
        elif not had_versions:
            result.outcome = "new"
        elif result.changed:
            result.outcome = "changed"
    if result.changed:
        manifest["pending_load"] = True
    if answered:
        if listed:
            manifest["listed"] = True
        if manifest.get("gone_since") and (listed or manifest.get("gone_because") == GONE_PAGES):
            result.republished = True
            manifest["gone_since"] = None
            manifest["gone_because"] = None
        elif manifest.get("gone_since"):  # named, but gone from the listing: still withdrawn
            result.outcome = "withdrawn"
            result.gone_since = manifest["gone_since"]
            result.note = manifest.get("gone_because")
    folder.save()

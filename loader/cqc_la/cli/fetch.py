"""`cqc-la fetch`: CQC's published reports into the archive and, with `--load`, into the database.

A thin layer over `cqc_la.fetch.fetch_reports`: arguments, a progress line on stderr, the summary on
stdout, failures on stderr. Ctrl-C and SIGTERM stop the run between two writes; the next run goes on
from there.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import TYPE_CHECKING, TextIO

from .signals import Terminated, stop_on_sigterm

if TYPE_CHECKING:
    from ..fetch import FetchProgress, FetchSummary

FETCH_EXAMPLES = """\
examples:
  cqc-la fetch                              every report on CQC's listing, into the archive
  cqc-la fetch --load                       the same, then load what is new or changed
  cqc-la fetch --since 2025-10-01 --load    only reports published or updated since then
  cqc-la fetch york-1225 leeds-0425         only these reports (slugs, or any of their pages' URLs)
  cqc-la fetch https://www.cqc.org.uk/care-services/local-authority-assessment-reports/york-1225/summary
  cqc-la fetch --archive ~/cqc-archive --rate 0.5
  CQC_LA_ARCHIVE=/data/cqc-archive cqc-la fetch --load

The archive is a plain directory: one folder per report (its slug) with the raw bytes of every page
(`summary.v1.html`, `theme1/needs.v1.html`, `downloads/<file>.v1.pdf`; a changed page is kept as a new
version beside the old one) and a manifest.json (URL, status, fetched at, ETag, Last-Modified, content
type, sha256, version of every page). Default archive: CQC_LA_ARCHIVE, else /var/lib/cqc-la/archive as
root, else a per-user data directory.

Politeness: one request at a time, at most --rate a second (a Crawl-delay in robots.txt slows it
further); robots.txt is read first and obeyed; pages already archived are asked conditionally
(If-None-Match / If-Modified-Since), so an unchanged page costs a 304; connection errors, timeouts and
5xx answers are tried again with a growing pause, a 429 waits for its Retry-After. Links off CQC's
site are never followed.

A report that leaves the listing, or whose every page answers 404 or 410, is withdrawn (kept, marked
with the first day it was seen gone; with --load its assessment shows status 'withdrawn'); one that
comes back is published again. A page that fails (a tab answering 404, a timeout after every attempt)
is named in the summary with its URL and reason; the rest of its report is kept (and loaded as
'partial'). Stopped by Ctrl-C or killed, a rerun within a day continues where it stopped.
Exit status 1 when anything failed; 2 for a usage or database error; 130 (Ctrl-C) and 143 (SIGTERM).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    fetch = subparsers.add_parser(
        "fetch",
        help="fetch CQC's published reports into an archive (and with --load, the database)",
        description="Fetch local authority assessment reports from CQC's website into an archive directory, "
        "politely and resumably; with --load, load what is new or changed into the database.",
        epilog=FETCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument(
        "reports",
        nargs="*",
        metavar="REPORT",
        help="report slugs (york-1225) or report URLs to fetch only those (default: every report listed)",
    )
    fetch.add_argument(
        "--site", default=None, metavar="URL", help="the site (default https://www.cqc.org.uk)"
    )
    fetch.add_argument(
        "--since",
        default=None,
        metavar="DATE",
        help="only reports published or updated on or after DATE (YYYY-MM-DD)",
    )
    fetch.add_argument(
        "--archive", default=None, metavar="DIR", help="the archive directory (default: see below)"
    )
    fetch.add_argument("--rate", type=float, default=1.0, metavar="N", help="requests per second (default 1)")
    fetch.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per request (default 30)"
    )
    fetch.add_argument("--load", action="store_true", help="load new or changed reports into the database")
    fetch.add_argument(
        "--quiet", "-q", action="store_true", help="no progress line; only the summary and failures"
    )
    fetch.set_defaults(func=_fetch)


class _Bar:
    """Reports done and pages asked: one redrawn line on a terminal, a line every tenth in logs."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.is_tty = stream.isatty()
        self.started = time.perf_counter()
        self.next_tenth = 0.1
        self.drawn = False

    def __call__(self, event: FetchProgress) -> None:
        if event.stage == "load" or (not self.is_tty and event.stage != "report"):
            return
        total = max(event.reports_total, 1)
        fraction = event.reports_done / total
        line = f"{event.reports_done}/{event.reports_total} reports, {event.pages} pages"
        if self.is_tty:
            filled = int(30 * fraction)
            rate = event.pages / max(time.perf_counter() - self.started, 1e-9)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {line} ({rate:.1f}/s) ")
            self.stream.flush()
            self.drawn = True
        elif fraction >= self.next_tenth or event.reports_done == event.reports_total:
            self.stream.write(f"{line} ({fraction:.0%})\n")
            self.next_tenth = (int(fraction * 10) + 1) / 10

    def end(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


def _print_summary(summary: FetchSummary, archive: str) -> None:
    for report in summary.reports:
        if report.outcome == "withdrawn":
            print(f"withdrawn: {report.slug} (gone since {report.gone_since}: {report.note})")
        elif report.outcome == "skipped":
            print(f"skipped: {report.slug} ({report.note})")
        elif report.outcome != "unchanged":  # the summary line counts those
            changed = f", {len(report.changed)} with a new version" if report.outcome == "changed" else ""
            pages = f"{report.pages} page{'' if report.pages == 1 else 's'}"
            print(f"{report.outcome}: {report.slug} ({pages}{changed})")
        if report.republished:
            print(f"published again: {report.slug}")
        for url in report.not_requested:
            print(f"not requested (robots.txt disallows it): {url}")
    for failure in summary.failures:
        print(f"failed: {failure.describe()}", file=sys.stderr)
    print(f"archive: {archive}")
    if summary.load is not None:
        print(f"loaded: {summary.load.describe()}")
    if summary.marked_withdrawn:
        print(f"assessments marked withdrawn: {len(summary.marked_withdrawn)}")
    if summary.marked_published:
        print(f"assessments published again: {len(summary.marked_published)}")
    print(summary.describe())


def _fetch(args: argparse.Namespace) -> int:
    from ..fetch import archive_dir, fetch_reports
    from ..fetch.discovery import SITE

    archive = args.archive or str(archive_dir())
    bar = _Bar(sys.stderr)
    try:
        with stop_on_sigterm():
            summary = fetch_reports(
                args.reports or None,
                site=args.site or SITE,
                since=args.since,
                archive=archive,
                rate=args.rate,
                timeout=args.timeout,
                load=args.load,
                progress=None if args.quiet else bar,
            )
    except Terminated:
        bar.end()
        print("cqc-la: terminated (SIGTERM); run `cqc-la fetch` again to continue", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        bar.end()
        print("cqc-la: interrupted; run `cqc-la fetch` again to continue", file=sys.stderr)
        return 130
    finally:
        bar.end()
    _print_summary(summary, archive)
    return 1 if summary.failed else 0

"""Fetching reports from CQC's website: an adapter, not a crawler framework.

- `policy.py`: politeness as one object (rate, robots.txt, retries, conditional requests);
- `client.py`: the `httpx.Client` that sends every request under the policy;
- `discovery.py`: which links are the listing's pages, reports, their tabs and their PDF (data);
- `archive.py`: the directory of raw responses and manifests, written atomically;
- `pages.py`: one report's pages, fetched and archived; whether it is new, changed or withdrawn;
- `run.py`: `fetch_reports`, the run (listing, reports, withdrawals, journal, loading);
- `summary.py`: what a run did, as values.
"""

from .archive import Archive, archive_dir
from .run import fetch_reports
from .summary import Failure, FetchProgress, FetchSummary, ReportResult

__all__ = [
    "Archive",
    "Failure",
    "FetchProgress",
    "FetchSummary",
    "ReportResult",
    "archive_dir",
    "fetch_reports",
]

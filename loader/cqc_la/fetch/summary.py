"""What a fetch run did, as values: each report's result, every failure with its URL, the numbers.

`ReportResult` is also what the run journal keeps per report (`to_dict` / `from_dict`), so a run that
continues after a kill reports the reports done before the kill as if it had never stopped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..loading import LoadSummary

OUTCOMES = ("new", "changed", "unchanged", "withdrawn", "failed", "skipped")


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str

    def describe(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class ReportResult:
    slug: str
    address: str
    outcome: str = "unchanged"  # one of OUTCOMES
    pages: int = 0  # pages answered with content (200, or 304 for the archived copy)
    changed: list[str] = field(default_factory=list)  # pages with a version fetched by this run
    failures: list[Failure] = field(default_factory=list)
    not_requested: list[str] = field(default_factory=list)  # disallowed by robots.txt
    gone_since: str | None = None  # ISO date the report was first seen gone
    republished: bool = False  # it was gone and is back
    note: str | None = None  # why it was skipped or withdrawn

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportResult:
        failures = [Failure(**failure) for failure in data.get("failures", [])]
        return cls(**{**data, "failures": failures})


@dataclass(frozen=True)
class FetchProgress:
    """Sent to `progress` after every request (`stage` 'listing' or 'page'), after every report
    ('report', with its result) and after every file loaded ('load')."""

    stage: str
    reports_done: int
    reports_total: int
    pages: int
    url: str | None = None
    result: ReportResult | None = None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class FetchSummary:
    reports: list[ReportResult] = field(default_factory=list)
    site_failures: list[Failure] = field(default_factory=list)  # robots.txt, the listing
    load_failures: list[Failure] = field(default_factory=list)
    listing_complete: bool | None = None  # None: reports were named, the listing not read
    requests: int = 0  # sent by this process, retries included
    not_modified: int = 0  # answered 304
    conditional: int = 0  # sent with If-None-Match or If-Modified-Since
    continued: bool = False  # a rerun that went on from an interrupted run
    load: LoadSummary | None = None
    marked_withdrawn: list[int] = field(default_factory=list)  # assessment ids
    marked_published: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for report in self.reports if report.outcome == outcome)

    def of(self, outcome: str) -> list[ReportResult]:
        return [report for report in self.reports if report.outcome == outcome]

    @property
    def failures(self) -> list[Failure]:
        """Every failure of the run: site pages, report pages, files that did not load."""
        pages = [failure for report in self.reports for failure in report.failures]
        return self.site_failures + pages + self.load_failures

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def describe(self) -> str:
        counts = ", ".join(
            f"{self.count(outcome)} {outcome}"
            for outcome in OUTCOMES
            if outcome != "skipped" or self.count(outcome)
        )
        requests = f"{self.requests} requests, {self.not_modified} not modified"
        failed = f"; {_plural(len(self.failures), 'failure')}" if self.failures else ""
        continued = "; continued an interrupted run" if self.continued else ""
        return f"{_plural(len(self.reports), 'report')}: {counts}; {requests}{failed}{continued} ({self.seconds:.1f} s)"

"""Published or withdrawn: what the fetcher learns about a report that the files alone cannot say.

A report taken down from CQC's listing (Bromley's, 2 February 2026, while the council asked for a
review) is not deleted: its assessment is marked withdrawn with the date it was first seen gone, and
`analysis.assessment_overview.status` says `withdrawn`. A report that comes back is published again.
Reports are named by their address (`addresses.report_url`), which every loaded page keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import text

from .. import database


def mark_withdrawn(report_urls: Iterable[str], since: date, url: str | None = None) -> list[int]:
    """Mark the assessments of these report addresses withdrawn (first seen gone on `since`); returns
    the assessment ids newly marked. Already withdrawn ones keep their first date."""
    addresses = sorted(set(report_urls))
    if not addresses:
        return []
    with database.engine(url).begin() as connection:
        return list(
            connection.execute(
                text(
                    "update cqc.assessment set withdrawn_on = :since "
                    "where report_url = any(:addresses) and withdrawn_on is null returning assessment_id"
                ),
                {"since": since, "addresses": addresses},
            ).scalars()
        )


def mark_published(report_urls: Iterable[str], url: str | None = None) -> list[int]:
    """Clear the withdrawal of these report addresses (a report back on the listing)."""
    addresses = sorted(set(report_urls))
    if not addresses:
        return []
    with database.engine(url).begin() as connection:
        return list(
            connection.execute(
                text(
                    "update cqc.assessment set withdrawn_on = null "
                    "where report_url = any(:addresses) and withdrawn_on is not null returning assessment_id"
                ),
                {"addresses": addresses},
            ).scalars()
        )


def loaded_report_urls(report_urls: Iterable[str], url: str | None = None) -> set[str]:
    """The report addresses among these that some stored assessment has (the fetcher loads the others
    even when its archive holds nothing new for them: a new or emptied database)."""
    addresses = sorted(set(report_urls))
    if not addresses:
        return set()
    with database.engine(url).connect() as connection:
        return set(
            connection.execute(
                text("select distinct report_url from cqc.assessment where report_url = any(:addresses)"),
                {"addresses": addresses},
            ).scalars()
        )

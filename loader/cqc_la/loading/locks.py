"""One advisory lock between loads, over the data every load shares: reference rows and summaries.

Every `cqc-la load` refreshes councils, measures and published results, and ends by turning published
results into summary assessments; every report it writes may add a council or replace a summary. Two
loads doing these at once collided: two syncs inserted the same summary (a unique violation), and a
council refresh deadlocked against another load's summary sync. So the refresh and the sync take this
lock exclusively, and each report write takes it shared as its first statement: report writes still run
side by side (their own per-report locks order them), but never while another load refreshes or syncs,
and a refresh or sync sees every report either wholly written or not begun.

The locks are transaction-level (`pg_advisory_xact_lock`): they end with the transaction, also when a
process is killed, so nothing is left to unlock.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_KEY = "hashtext('cqc-la shared data'), 0"  # two int4 keys: apart from migrate's bigint key


def lock_for_refresh(connection: Connection) -> None:
    """Exclusive, until the transaction ends: for refreshing reference data or syncing summaries."""
    connection.execute(text(f"select pg_advisory_xact_lock({_KEY})"))


def lock_for_report(connection: Connection) -> None:
    """Shared, until the transaction ends: the first statement of every report write."""
    connection.execute(text(f"select pg_advisory_xact_lock_shared({_KEY})"))

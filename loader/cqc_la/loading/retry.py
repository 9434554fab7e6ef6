"""When the database says "try again", try again; when the server has gone, stop.

Concurrent loads share reference rows, summary assessments and now and then a report. PostgreSQL
breaks a lock cycle by failing one of the transactions with SQLSTATE 40P01 (deadlock detected), and a
serialisation conflict with 40001: either means "this transaction lost a race and wrote nothing", and
the same transaction run again succeeds. `retrying` runs it again a few times, after a short pause
with jitter so that the losers do not collide again in step, and only then gives up with
`DatabaseConflict`, which says what happened ("the database detected a deadlock ... after 5 tries")
rather than the "cannot reach the database" that psycopg's OperationalError would print.

A lost server is the opposite case: every further statement fails the same way, so retrying, or
failing file after file, only prints the same line a hundred times. `is_lost` tells it apart
(connection refused or closed, SQLSTATE class 08, a server shutting down), and the run stops.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import UsageError

T = TypeVar("T")

TRIES = 5
FIRST_PAUSE = 0.05  # seconds before the second try; doubled for each further try, then jittered

_CONFLICTS = {"40P01": "a deadlock", "40001": "a serialisation failure"}
_SHUTDOWN = {"57P01", "57P02", "57P03"}  # admin shutdown, crash shutdown, cannot connect now


class DatabaseConflict(UsageError):
    """A transaction that lost a race (deadlock, serialisation failure) on every try."""


def _driver_error(error: BaseException) -> BaseException:
    """The psycopg exception under SQLAlchemy's wrapper (or the error itself)."""
    return getattr(error, "orig", None) or error


def sqlstate(error: BaseException) -> str | None:
    return getattr(_driver_error(error), "sqlstate", None)


def first_line(error: BaseException) -> str:
    lines = str(_driver_error(error)).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def is_conflict(error: BaseException) -> bool:
    """A lost race: running the same transaction again is expected to succeed."""
    return sqlstate(error) in _CONFLICTS


def is_lost(error: BaseException) -> bool:
    """The server refused the connection, closed it, or is shutting down: no statement will succeed."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    driver = _driver_error(error)
    state = getattr(driver, "sqlstate", None)
    if state:
        return state.startswith("08") or state in _SHUTDOWN
    # psycopg raises these without a SQLSTATE when there is no server to give one
    return isinstance(driver, psycopg.OperationalError | psycopg.InterfaceError)


def conflict_message(error: BaseException, doing: str, tries: int) -> str:
    state = sqlstate(error) or "?"
    what = _CONFLICTS.get(state, "a conflict")
    return (
        f"the database detected {what} (SQLSTATE {state}) {doing}, after {tries} tries: {first_line(error)}"
    )


def retrying(action: Callable[[], T], doing: str, tries: int = TRIES) -> T:
    """`action()` (one whole transaction), run again after a deadlock or serialisation failure.

    `doing` completes the message when every try failed: "while writing a report" and the like.
    """
    for attempt in range(1, tries + 1):
        try:
            return action()
        except Exception as error:
            if not is_conflict(error):
                raise
            if attempt == tries:
                raise DatabaseConflict(conflict_message(error, doing, tries)) from error
            time.sleep(FIRST_PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")  # pragma: no cover

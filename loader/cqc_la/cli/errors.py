"""Which exceptions are the user's to fix, and how to say so in one line."""

from __future__ import annotations

from ..config import ConfigError
from ..errors import UsageError
from ..report import ReportError

__all__ = ["UsageError", "describe"]


def describe(error: BaseException) -> str | None:
    """One line for errors a user can act on; None for bugs (which keep their traceback)."""
    if isinstance(error, (ConfigError, ReportError, UsageError, FileNotFoundError)):
        return str(error)
    try:
        from sqlalchemy.exc import DBAPIError, OperationalError
    except ImportError:  # pragma: no cover
        return None
    if isinstance(error, OperationalError):
        first = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return f"cannot reach the database: {first}"
    if isinstance(error, DBAPIError):
        first = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return f"the database refused the statement: {first}"
    return None

"""Errors a user can act on, shared by the library and the CLI."""

from __future__ import annotations


class UsageError(ValueError):
    """A library call or command used wrongly: unknown query, missing parameter, bad value."""

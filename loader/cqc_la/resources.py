"""Where the package finds its migrations, SQL files and reference data.

A wheel carries `schema/`, `queries/` and `seeds/reference/` inside the package (`_resources/`, see
pyproject's force-include); a source checkout (editable install, tests) keeps them at the top of the
repository. Both are found relative to this file, never through the current directory, so the CLI works
from anywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    bundled = _PACKAGE / "_resources"
    if (bundled / "schema").is_dir():
        return bundled
    checkout = _PACKAGE.parents[1]
    if (checkout / "schema").is_dir():
        return checkout
    raise RuntimeError(f"cqc-la resources not found beside {_PACKAGE}: reinstall the package")


def schema_dir() -> Path:
    """The Alembic environment (env.py, versions/)."""
    return _root() / "schema"


def views_dir() -> Path:
    """One `.sql` file per curated view."""
    return _root() / "queries" / "views"


def saved_queries_dir() -> Path:
    """Saved queries with named parameters."""
    return _root() / "queries" / "saved"


def reference_dir() -> Path:
    """Council reference and published results CSVs."""
    if (_root() / "reference").is_dir():
        return _root() / "reference"
    return _root() / "seeds" / "reference"


def data_file(name: str) -> Path:
    """Package data: the framework facts and the catalogue of national measures."""
    return _PACKAGE / "data" / name

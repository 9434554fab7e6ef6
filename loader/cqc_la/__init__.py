"""cqc-la: CQC local authority assessment reports as a PostgreSQL database.

The public Python interface: parse a report without a database, load reports, and read the curated
views and saved queries as pandas DataFrames.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cqc-la")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+checkout"

__all__ = ["__version__"]

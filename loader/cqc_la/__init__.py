"""cqc-la: CQC local authority assessment reports as a PostgreSQL database.

The public Python interface: parse a report without a database, load reports, and read the curated
views and saved queries as pandas DataFrames. Imports are lazy so that `import cqc_la` stays cheap
(the CLI and worker processes import only what they use).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("cqc-la")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+checkout"

_EXPORTS = {
    "parse_report": "cqc_la.sources",
    "read_source": "cqc_la.sources",
    "SourceText": "cqc_la.sources",
    "load_reports": "cqc_la.loading",
    "LoadSummary": "cqc_la.loading",
    "Report": "cqc_la.report",
    "ReportError": "cqc_la.report",
    "query": "cqc_la.queries",
    "fetch_reports": "cqc_la.fetch",
    "read_view": "cqc_la.queries",
    "run_sql": "cqc_la.queries",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'cqc_la' has no attribute {name!r}")


__all__ = ["__version__", *_EXPORTS]

"""cqc-la: CQC local authority assessment reports as a PostgreSQL database.

The public Python interface: parse a report without a database, load reports, read the curated
views and saved queries as pandas DataFrames, and export them. Imports are lazy so that `import
cqc_la` stays cheap (the CLI and worker processes import only what they use); `dir(cqc_la)` and
`__all__` list this interface and nothing of how it is built.

DataFrames (`query`, `read_view`, `run_sql`) are typed: dates `datetime64`, integers nullable
`Int64`, numbers and money in pounds (`_gbp`) `float64`, booleans nullable `boolean` (see
`cqc_la.columns`). User mistakes raise `UsageError` (also `cqc_la.errors.UsageError`).
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
    "UsageError": "cqc_la.errors",
    "export_views": "cqc_la.export",
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


__all__ = ["__version__", *sorted(_EXPORTS)]


def __dir__() -> list[str]:
    return sorted(__all__)

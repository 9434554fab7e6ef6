"""`cqc-la export`: every curated view in one Excel workbook, or one CSV or Parquet file per view.

One library call (`cqc_la.export.export_views`), so a Python user exports the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLES = """\
examples:
  cqc-la export cqc-la.xlsx                    one workbook: an 'about' sheet, then one sheet per view
  cqc-la export exports/                       one CSV per view and a README.md, in exports/
  cqc-la export exports/ --format parquet      one Parquet file per view (needs pip install 'cqc-la[parquet]')
  cqc-la export cqc-la.xlsx --timeout 120      more time for each view on a large database

The first sheet (or README.md) says when the export was made and by which version, which reports
(whole, partial, published summaries) and reference data it holds, the licence of CQC's reports (Open
Government Licence v3.0), and what each sheet is: its view, row count and description. Every view is
read in one read-only transaction, so all sheets show the same moment of the database. Cells keep
their types: numbers, dates as dates, booleans; the header row is frozen and filtered.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="export every curated view to an Excel workbook, or to CSV or Parquet files",
        description="Export every view of the analysis schema: FILE.xlsx (one sheet per view) or a directory\n"
        "(one CSV or Parquet file per view), each with a description of what it holds and its licence.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "target", type=Path, metavar="FILE.xlsx|DIR", help="a workbook to write, or a directory"
    )
    export.add_argument(
        "--format",
        "-f",
        choices=("csv", "parquet"),
        default=None,
        help="files written into a directory: csv (default) or parquet",
    )
    export.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop a view's statement after SECONDS (default: CQC_LA_STATEMENT_TIMEOUT, else 30)",
    )
    export.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from ..export import export_views

    summary = export_views(args.target, fmt=args.format, timeout=args.timeout)
    print(summary.describe())
    return 0

"""`cqc-la site DIR`: the whole database as a static website in DIR, with every asset local.

One library call (`cqc_la.site.build_site`), so Python users build the same site.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .chart import require_charts_extra

EXAMPLES = """\
examples:
  cqc-la site site/                 build the site, then open site/index.html in a browser
  cqc-la site /var/www/cqc-la       publish the folder anywhere: it needs no server
  cqc-la site site/ --no-council-charts   a quicker build without each council's chart

The site has a national page (heatmap, rating and statement distributions, a league table to filter
and sort, coverage, boundary and deprivation), a page per council (all of them; those without an
assessment say so), a page per quality statement and a page per source file, where every key finding
links to the file and line it was read from. It works offline, opened from disk. DIR must be empty or
a site cqc-la built before (which is replaced).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    site = subparsers.add_parser(
        "site",
        help="build a static website of the whole database (works offline)",
        description="Write a static website of the database into DIR: open DIR/index.html, or publish the "
        "folder anywhere. Pages are filled from the curated views; charts are drawn in the browser by the "
        "Vega libraries, which are copied into DIR/assets.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    site.add_argument("directory", type=Path, metavar="DIR", help="where to write the site")
    site.add_argument(
        "--no-council-charts", action="store_true", help="leave out each council's chart (a faster build)"
    )
    site.set_defaults(func=_site)


def _site(args: argparse.Namespace) -> int:
    require_charts_extra()
    from ..site import build_site

    summary = build_site(args.directory, charts=not args.no_council_charts)
    print(summary.describe())
    return 0

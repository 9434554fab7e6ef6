"""`cqc-la chart NAME [-p key=value] -o FILE`: one chart of the database to a PNG, SVG, HTML or JSON file.

One library call (`cqc_la.charts.make_chart`, then `save`), so Python users get the same chart object
(`cqc_la.charts.heatmap(sort="region")`), which also shows inline in Jupyter.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from .query import key_values

EXAMPLES = """\
examples:
  cqc-la chart heatmap -o heatmap.png                    councils by statements, best total first
  cqc-la chart heatmap -p sort=region -p region="North East" -o north-east.svg
  cqc-la chart ratings -o ratings.html                   standalone HTML, Vega bundled in (works offline)
  cqc-la chart statements -p qs=3 -o equity.png
  cqc-la chart boundary -o boundary.png
  cqc-la chart deprivation -p by=rating -o deprivation.png
  cqc-la chart council -p name=Hartlepool -o hartlepool.png
  cqc-la chart measure -p code=ascof_direct_payments -o direct-payments.svg
  cqc-la chart --list                                    every chart and its parameters

The file's suffix chooses the format: .png, .svg, .html (Vega, Vega-Lite and Vega-Embed inside the
page) or .json (the Vega-Lite spec with its data). Every chart states what it covers: the councils,
how many have all nine scores, and the date of the latest report.
"""

EXTRA = {"altair": "altair", "vl_convert": "vl-convert-python", "jinja2": "jinja2"}


def require_charts_extra() -> None:
    """A one-line error naming what is missing when the `charts` extra is not installed."""
    from importlib.util import find_spec

    missing = [package for module, package in EXTRA.items() if find_spec(module) is None]
    if missing:
        raise UsageError(f"charts and the site need {', '.join(missing)}: pip install 'cqc-la[charts]'")


def register(subparsers: argparse._SubParsersAction) -> None:
    chart = subparsers.add_parser(
        "chart",
        help="draw a chart of the database to a PNG, SVG or HTML file",
        description="Draw one chart (heatmap, ratings, statements, boundary, deprivation, council, measure) "
        "from the curated views and write it to FILE.png, FILE.svg, FILE.html or FILE.json.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chart.add_argument("name", nargs="?", metavar="NAME", help="the chart (see --list)")
    chart.add_argument(
        "--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="a parameter of the chart"
    )
    chart.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="the file to write (.png, .svg, .html, .json)"
    )
    chart.add_argument("--scale", type=float, default=2.0, help="PNG pixels per chart pixel (default 2)")
    chart.add_argument("--list", "-l", action="store_true", help="list the charts and their parameters")
    chart.set_defaults(func=_chart)


def _chart(args: argparse.Namespace) -> int:
    require_charts_extra()
    from .. import charts
    from ..charts.export import chart_format

    if args.list:
        for kind in charts.CHARTS.values():
            print(f"{kind.name}: {kind.description}")
            for parameter in kind.parameters:
                print(f"    -p {parameter.describe()}")
            print(f"    e.g. {kind.example()}")
        return 0
    if not args.name:
        raise UsageError(f"expected a chart NAME (one of {', '.join(charts.CHARTS)}) or --list")
    if args.output is None:
        raise UsageError(f"expected -o FILE.png|svg|html|json, e.g. {charts.chart_kind(args.name).example()}")
    chart_format(args.output)  # a bad suffix fails before the database is read
    chart = charts.make_chart(args.name, key_values(args.param))
    written = charts.save(chart, args.output, scale=args.scale)
    print(f"wrote {written}", file=sys.stdout)
    return 0

"""Charts of the database as Altair (Vega-Lite) chart objects: inline in Jupyter, files through `save`.

    from cqc_la import charts
    charts.heatmap(sort="region")                  # shows inline in Jupyter
    charts.save(charts.council("Hartlepool"), "hartlepool.png")
    views = charts.Views()                         # read each view once for many charts
    charts.ratings(views=views), charts.statements(views=views)

Every chart reads the curated `analysis` views through the library (never SQL of its own), states what
it covers (councils, how many with all nine scores, the latest report), uses colours that colour-blind
readers can tell apart, and carries a text alternative (`chart.description`). `cqc-la chart` and
`cqc-la site` draw the same objects.
"""

from __future__ import annotations

from .catalogue import CHARTS, chart_kind, make_chart
from .council import council
from .export import render, save, spec
from .frames import Coverage, Views
from .heatmap import heatmap
from .measure import measure
from .national import boundary, deprivation, ratings, statements
from .style import Chart

__all__ = [
    "CHARTS",
    "Chart",
    "Coverage",
    "Views",
    "boundary",
    "chart_kind",
    "council",
    "deprivation",
    "heatmap",
    "make_chart",
    "measure",
    "ratings",
    "render",
    "save",
    "spec",
    "statements",
]

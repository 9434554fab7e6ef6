"""The charts by name, with their parameters: what `cqc-la chart NAME -p key=value` and `--list` use.

A chart's parameters are declared here once, as data (name, what it means, allowed values, an example),
so the command validates `-p` values, prints help and builds examples from the same list, and a new
chart is one entry.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import UsageError
from . import council as _council
from . import heatmap as _heatmap
from . import measure as _measure
from . import national as _national
from .frames import Views
from .style import Chart


@dataclass(frozen=True)
class ChartParameter:
    name: str
    description: str
    choices: tuple[str, ...] = ()
    required: bool = False
    example: str | None = None

    def describe(self) -> str:
        choices = f" (one of {', '.join(self.choices)})" if self.choices else ""
        need = "required" if self.required else "optional"
        return f"{self.name}: {self.description}{choices}, {need}"


@dataclass(frozen=True)
class ChartKind:
    name: str
    description: str
    draw: Callable[..., Chart]
    parameters: tuple[ChartParameter, ...] = ()

    def example(self) -> str:
        args = " ".join(f"-p {p.name}={p.example}" for p in self.parameters if p.example and p.required)
        return f"cqc-la chart {self.name}{' ' + args if args else ''} -o {self.name}.png"

    def make(self, params: Mapping[str, str], views: Views) -> Chart:
        """Draw the chart with `params` (checked against its declared parameters)."""
        known = {p.name: p for p in self.parameters}
        for key, value in params.items():
            if key not in known:
                names = ", ".join(known) or "none"
                raise UsageError(f"chart {self.name} has no parameter {key!r}; its parameters: {names}")
            if known[key].choices and value not in known[key].choices:
                raise UsageError(
                    f"chart {self.name}: {key} must be one of {', '.join(known[key].choices)}, found {value!r}"
                )
        for parameter in self.parameters:
            if parameter.required and not params.get(parameter.name):
                raise UsageError(
                    f"chart {self.name} needs -p {parameter.name}=... ({parameter.description}); "
                    f"e.g. {self.example()}"
                )
        return self.draw(**dict(params), views=views)


CHARTS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ChartKind(
            "heatmap",
            "councils by the nine quality statements, coloured by score, with rating and total",
            _heatmap.heatmap,
            (
                ChartParameter("sort", "row order", _heatmap.HEATMAP_SORTS, example="region"),
                ChartParameter("region", "keep one region", example="'North East'"),
            ),
        ),
        ChartKind(
            "ratings", "how many councils have each overall rating, with the counts", _national.ratings
        ),
        ChartKind(
            "statements",
            "the score distribution of each quality statement (or of one)",
            _national.statements,
            (
                ChartParameter(
                    "qs", "one quality statement", tuple(str(n) for n in range(1, 10)), example="3"
                ),
            ),
        ),
        ChartKind(
            "boundary",
            "totals out of 36 against the rating bands, councils one point from another band marked",
            _national.boundary,
        ),
        ChartKind(
            "deprivation",
            "percentage or rating against the IMD 2019 decile (10 = most deprived)",
            _national.deprivation,
            (ChartParameter("by", "what to plot", _national.DEPRIVATION_MEASURES, example="rating"),),
        ),
        ChartKind(
            "council",
            "one council's scores against England and its region, England comparisons, waiting times",
            _council.council,
            (
                ChartParameter(
                    "name", "any name or ONS code of the council", required=True, example="Hartlepool"
                ),
            ),
        ),
        ChartKind(
            "measure",
            "one national measure across the councils that state it, against England",
            _measure.measure,
            (
                ChartParameter(
                    "code",
                    "a measure_code (cqc-la query --view measure_comparison lists them)",
                    required=True,
                    example="ascof_direct_payments",
                ),
            ),
        ),
    )
}


def chart_kind(name: str) -> ChartKind:
    """A chart by name; UsageError naming the charts otherwise."""
    if name not in CHARTS:
        close = difflib.get_close_matches(name, list(CHARTS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"unknown chart {name!r}{hint}; charts: {', '.join(CHARTS)}")
    return CHARTS[name]


def make_chart(name: str, params: Mapping[str, str] | None = None, *, url: str | None = None) -> Chart:
    """`make_chart("heatmap", {"sort": "region"})`: a chart by name with string parameters."""
    return chart_kind(name).make(params or {}, Views(url))

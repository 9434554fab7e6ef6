"""One national measure across the councils whose reports state it, against England (`measure`).

A dot per council (shape and colour: better / similar / worse, as the report puts it) beside a black
tick for the England average of that council's period, councils sorted by their figure.
"""

from __future__ import annotations

import difflib

import altair as alt
import pandas as pd

from ..errors import UsageError
from .council import _shorten
from .frames import Views
from .national import _views
from .style import DIRECTIONS, Chart, direction_marks, finish, plural


def measure(code: str, *, views: Views | None = None, url: str | None = None) -> Chart:
    """One national measure (a `measure_code` of analysis.measure_comparison) across the councils whose
    reports state it: each council's figure (shape and colour: better / similar / worse) and England's."""
    views = _views(views, url)
    table = views["measure_comparison"]
    known = sorted(set(table["measure_code"].dropna())) if not table.empty else []
    if code not in known:
        close = difflib.get_close_matches(code, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(
            f"measure: no council states a measure {code!r}{hint}; measures stated: {', '.join(known) or 'none'}"
        )
    rows = table[table["measure_code"] == code].copy()
    rows = rows.merge(views.councils()[["council_id", "short_name"]], on="council_id", how="left")
    rows["short_name"] = rows["short_name"].fillna(rows["council"])
    for name in ("la_value", "england_value", "difference"):
        rows[name] = pd.to_numeric(rows[name], errors="coerce")
    rows["direction"] = rows["direction"].where(rows["direction"].isin(DIRECTIONS), "similar")
    rows = rows.sort_values(["la_value", "council"], ascending=[False, True])[
        [
            "council",
            "short_name",
            "measure",
            "la_value",
            "england_value",
            "difference",
            "direction",
            "unit",
            "comparison",
            "period",
            "source",
        ]
    ]
    unit = next((str(u) for u in rows["unit"].dropna()), "")
    base = alt.Chart(rows).encode(
        y=alt.Y("short_name:N", sort=list(rows["short_name"]), title=None, axis=alt.Axis(labelLimit=220))
    )
    x_title = "Value" + (f" ({unit})" if unit else "")
    england = base.mark_tick(color="#222222", thickness=2, size=14).encode(
        x=alt.X("england_value:Q", title=x_title, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("england_value:Q", title="England"), alt.Tooltip("period:N", title="Period")],
    )
    stems = base.mark_rule(color="#BBBBBB").encode(x="england_value:Q", x2="la_value:Q")
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x="la_value:Q",
        **direction_marks(),
        tooltip=[
            alt.Tooltip("council:N", title="Council"),
            alt.Tooltip("la_value:Q", title="Council"),
            alt.Tooltip("england_value:Q", title="England"),
            alt.Tooltip("comparison:N", title="As the report puts it"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    chart = alt.layer(stems, england, dots).properties(width=420, height=max(60, 20 * len(rows)))
    title = _shorten(rows["measure"].iloc[0], 90)
    counts = rows["direction"].value_counts()
    periods = ", ".join(sorted({str(p) for p in rows["period"].dropna()})) or "not stated"
    description = (
        f"Dot plot of {title} for {plural(len(rows), 'council')} whose reports state it, each beside the "
        f"England average (black tick): "
        + ", ".join(f"{int(counts.get(d, 0))} {d}" for d in DIRECTIONS)
        + "."
    )
    stated = f"{plural(len(rows), 'council')} state this measure ({code}); periods {periods}"
    return finish(chart, title, views.coverage(), description, stated)

"""The heatmap: councils (rows) by the nine quality statements (columns), coloured by score.

Rows are the councils with a rating, in one of three orders (total, region, type) and optionally one
region; beside them the rating and the total. Each cell prints its score (colour is never the only cue),
and a score not known (a result only partly published) is drawn grey with a dash, the council kept.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..errors import UsageError
from .frames import Views
from .national import _views, statement_labels
from .style import (
    SCORE_LEGEND,
    Chart,
    finish,
    plural,
    rating_ink,
    rating_scale,
    score_ink,
    score_key,
    score_legend,
    score_scale,
)

HEATMAP_SORTS = ("total", "region", "type")
ROW_HEIGHT = 15


def heatmap_rows(views: Views, sort: str = "total", region: str | None = None) -> pd.DataFrame:
    """The councils the heatmap shows (those with a rating), in the order it shows them."""
    if sort not in HEATMAP_SORTS:
        raise UsageError(f"heatmap: sort must be one of {', '.join(HEATMAP_SORTS)}, found {sort!r}")
    rated = views.rated()
    if region:
        regions = sorted(set(views.councils()["region"].dropna()))
        wanted = next((known for known in regions if known.casefold() == region.strip().casefold()), None)
        if wanted is None:
            raise UsageError(f"heatmap: no region {region!r}; regions: {', '.join(regions)}")
        rated = rated[rated["region"] == wanted]
    keys = {"total": [], "region": ["region"], "type": ["la_type"]}[sort]
    ordered = rated.assign(_total=rated["total_score"].fillna(-1), _pct=rated["score_pct"].fillna(-1))
    ordered = ordered.sort_values(
        [*keys, "_total", "_pct", "council"],
        ascending=[True] * len(keys) + [False, False, True],
        kind="stable",
        na_position="last",
    )
    labels = ordered["short_name"]
    duplicated = labels.duplicated(keep=False)
    ordered = ordered.assign(label=labels.where(~duplicated, ordered["council"]))
    return ordered.drop(columns=["_total", "_pct"]).reset_index(drop=True)


def heatmap(
    sort: str = "total", region: str | None = None, *, views: Views | None = None, url: str | None = None
) -> Chart:
    """Councils (rows) by the nine quality statements (columns), each cell coloured by its score and
    printing it; beside them the overall rating and total. `sort`: total (best first), region or type
    (then by total); `region` keeps one region."""
    views = _views(views, url)
    rows = heatmap_rows(views, sort, region)
    order = list(rows["label"])
    columns = statement_labels(views)
    statements = views.statements()
    cells = pd.DataFrame(
        {
            "council": row["label"],
            "council_name": row["council"],
            "statement": label,
            "qs_no": int(qs.qs_no),
            "score": score_key(row[qs.column]),
            "legend": score_legend(row[qs.column]),
            "text": "–" if pd.isna(row[qs.column]) else str(int(row[qs.column])),
            "ink": score_ink(row[qs.column]),
        }
        for row in rows[["label", "council", *statements["column"]]].astype(object).to_dict("records")
        for label, qs in zip(columns, statements.itertuples(), strict=True)
    )
    if cells.empty:
        cells = pd.DataFrame(
            columns=["council", "council_name", "statement", "qs_no", "score", "legend", "text", "ink"]
        )
    height = max(ROW_HEIGHT * len(order), ROW_HEIGHT)
    base = alt.Chart(cells).encode(
        y=alt.Y("council:N", sort=order, axis=None),
        x=alt.X(
            "statement:N",
            sort=columns,
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=220, ticks=False, domain=False),
        ),
    )
    grid = alt.layer(
        base.mark_rect(stroke="white", strokeWidth=1).encode(
            color=alt.Color("legend:N", scale=score_scale(), title="Score", sort=list(SCORE_LEGEND)),
            tooltip=[
                alt.Tooltip("council_name:N", title="Council"),
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("legend:N", title="Score"),
            ],
        ),
        base.mark_text(fontSize=10).encode(text="text:N", color=alt.Color("ink:N", scale=None)),
    ).properties(width=34 * len(columns), height=height)

    side = rows.assign(
        rating=rows["overall_rating"],
        total=[
            f"{int(t)}/{int(m)}" if pd.notna(t) and pd.notna(m) else "–"
            for t, m in zip(rows["total_score"], rows.get("max_score", rows["total_score"]), strict=True)
        ],
        short=[{"Requires improvement": "RI"}.get(r, str(r)[:1]) for r in rows["overall_rating"]],
        group=rows["region"] if sort == "region" else rows["la_type"] if sort == "type" else "",
        ink=[rating_ink(r) for r in rows["overall_rating"]],
    )[["label", "council", "rating", "total", "short", "group", "region", "la_type", "ink"]]
    side_base = alt.Chart(side).encode(y=alt.Y("label:N", sort=order, axis=None))
    rating_base = alt.Chart(side).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=230, ticks=False, domain=False))
    )
    rating = alt.layer(
        rating_base.mark_rect(stroke="white").encode(
            color=alt.Color("rating:N", scale=rating_scale(), legend=None)
        ),
        rating_base.mark_text(fontSize=10).encode(text="short:N", color=alt.Color("ink:N", scale=None)),
    ).properties(width=34, height=height, title=alt.TitleParams("Rating", fontSize=11, orient="top"))
    total = (
        side_base.mark_text(fontSize=10, align="left", dx=-10)
        .encode(
            text="total:N",
            tooltip=[
                alt.Tooltip("council:N", title="Council"),
                alt.Tooltip("rating:N", title="Rating"),
                alt.Tooltip("total:N", title="Total"),
                alt.Tooltip("region:N", title="Region"),
                alt.Tooltip("la_type:N", title="Type"),
            ],
        )
        .properties(width=48, height=height, title=alt.TitleParams("Total", fontSize=11, orient="top"))
    )
    panels: list[Chart] = [rating, total]
    if sort in ("region", "type"):
        panels.append(
            side_base.mark_text(fontSize=10, align="left", dx=-20)
            .encode(text="group:N")
            .properties(
                width=150, height=height, title=alt.TitleParams(sort.capitalize(), fontSize=11, orient="top")
            )
        )
    panels.append(grid)
    chart = alt.hconcat(*panels, spacing=4).resolve_scale(color="independent")
    coverage = views.coverage()
    shown = f"{plural(len(rows), 'council')} with a rating" + (
        f" in {rows['region'].iloc[0]}" if region and len(rows) else ""
    )
    best = rows.iloc[0] if len(rows) else None
    description = (
        f"Heatmap of {shown} (rows, sorted by {sort}) by the nine quality statements (columns); each cell "
        "shows the statement's score from 1 (significant shortfalls) to 4 (an exceptional standard)."
        + (f" First row: {best['council']}, {best['overall_rating']}." if best is not None else "")
    )
    sorted_by = {
        "total": "total score, best first",
        "region": "region, then total",
        "type": "council type, then total",
    }
    key = "rating: O Outstanding, G Good, RI Requires improvement, I Inadequate"
    return finish(
        chart,
        "Scores by quality statement",
        coverage,
        description,
        f"{shown}; sorted by {sorted_by[sort]}; {key}",
    )

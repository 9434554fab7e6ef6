"""National charts: every council at once (ratings, statements, boundary, deprivation; the heatmap
is in `heatmap.py`).

Each function reads views through a `Views` (pass one to share reads between charts, as the site does,
or a `url`, or neither for the configured database) and returns an Altair chart, which shows inline in
Jupyter and saves with `cqc_la.charts.save`. Data is reshaped here with pandas and nothing else: the
numbers are the views' numbers, so a chart never disagrees with `cqc-la query`.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..errors import UsageError
from ..resources import data_file
from .frames import Views
from .style import (
    NEUTRAL,
    RATING_COLOURS,
    RATINGS,
    SCORE_LEGEND,
    Chart,
    finish,
    plural,
    rating_scale,
    score_ink,
    score_legend,
    score_scale,
)

DEPRIVATION_MEASURES = ("pct", "rating")


def _views(views: Views | None, url: str | None) -> Views:
    return views if views is not None else Views(url)


def statement_labels(views: Views) -> list[str]:
    """'1 Assessing needs' ... '9 Learning, improvement and innovation', in framework order."""
    return list(
        views.memo(
            "statement_labels",
            lambda: [f"{row.qs_no} {row.quality_statement}" for row in views.statements().itertuples()],
        )
    )


def ratings(*, views: Views | None = None, url: str | None = None) -> Chart:
    """How many councils have each overall rating (latest assessments), with the count and share."""
    views = _views(views, url)
    table = rating_counts(views)
    base = alt.Chart(table).encode(
        y=alt.Y("rating:N", sort=list(RATINGS), title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("councils:Q", title="Councils", axis=alt.Axis(tickMinStep=1)),
    )
    chart = alt.layer(
        base.mark_bar().encode(
            color=alt.Color("rating:N", scale=rating_scale(), legend=None),
            tooltip=[
                alt.Tooltip("rating:N", title="Rating"),
                alt.Tooltip("councils:Q", title="Councils"),
                alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f"),
                alt.Tooltip("indicative:Q", title="of which indicative"),
            ],
        ),
        base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N"),
    ).properties(width=360, height=160)
    rated = int(table["councils"].sum())
    description = (
        "Bar chart of overall ratings: "
        + "; ".join(
            f"{r.rating} {plural(int(r.councils), 'council')} ({r.share_pct:.0f}%)"
            for r in table.itertuples()
        )
        + f", of {plural(rated, 'rated council')}."
    )
    return finish(
        chart, "Overall ratings", views.coverage(), description, f"{plural(rated, 'council')} with a rating"
    )


def rating_counts(views: Views) -> pd.DataFrame:
    """One row per rating: councils, share_pct, indicative (pilot ratings among them), label."""
    rated = views.rated()
    counts = rated["overall_rating"].value_counts().reindex(list(RATINGS), fill_value=0)
    indicative = (
        rated[rated.get("is_indicative", pd.Series(False, index=rated.index)).fillna(False).astype(bool)][
            "overall_rating"
        ]
        .value_counts()
        .reindex(list(RATINGS), fill_value=0)
    )
    total = int(counts.sum())
    table = pd.DataFrame(
        {
            "rating": list(RATINGS),
            "councils": [int(n) for n in counts],
            "indicative": [int(n) for n in indicative],
        }
    )
    table["share_pct"] = [round(100 * n / total, 1) if total else 0.0 for n in table["councils"]]
    table["label"] = [f"{n} ({p:.0f}%)" for n, p in zip(table["councils"], table["share_pct"], strict=True)]
    return table


def statement_counts(views: Views) -> pd.DataFrame:
    """analysis.score_distribution with labels and the segment positions of a stacked bar."""
    dist = views["score_distribution"].copy()
    labels = dict(zip(views.statements()["qs_no"], statement_labels(views), strict=True))
    if dist.empty:
        dist = pd.DataFrame(columns=["qs_no", "score", "councils", "share_pct"])
    dist["qs_no"] = dist["qs_no"].astype(int)
    dist["councils"] = pd.to_numeric(dist["councils"]).fillna(0).astype(int)
    dist["statement"] = [labels.get(n, str(n)) for n in dist["qs_no"]]
    dist["legend"] = [score_legend(s) for s in dist["score"]]
    dist["rank"] = [SCORE_LEGEND[::-1].index(legend) for legend in dist["legend"]]
    dist = dist.sort_values(["qs_no", "rank"]).reset_index(drop=True)
    dist["x2"] = dist.groupby("qs_no")["councils"].cumsum()
    dist["x"] = dist["x2"] - dist["councils"]
    dist["mid"] = (dist["x"] + dist["x2"]) / 2
    dist["text"] = [str(n) if n else "" for n in dist["councils"]]
    dist["ink"] = [score_ink(s) for s in dist["score"]]
    return dist


def statements(qs: int | str | None = None, *, views: Views | None = None, url: str | None = None) -> Chart:
    """The score distribution of each quality statement: councils at each score, stacked; with `qs`
    (1-9), one statement's distribution as bars."""
    views = _views(views, url)
    dist = statement_counts(views)
    order = statement_labels(views)
    if qs is not None:
        return _one_statement(views, dist, qs)
    base = alt.Chart(dist).encode(
        y=alt.Y("statement:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    )
    chart = alt.layer(
        base.mark_bar(stroke="white").encode(
            x=alt.X("x:Q", title="Councils (latest assessments)"),
            x2="x2:Q",
            color=alt.Color("legend:N", scale=score_scale(), title="Score", sort=list(SCORE_LEGEND)),
            tooltip=[
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("legend:N", title="Score"),
                alt.Tooltip("councils:Q", title="Councils"),
                alt.Tooltip("share_pct:Q", title="Share (%)"),
            ],
        ),
        base.mark_text(fontSize=10).encode(x="mid:Q", text="text:N", color=alt.Color("ink:N", scale=None)),
    ).properties(width=420, height=22 * len(order))
    weakest = (
        dist[dist["score"].isin([1, 2])].groupby("statement")["councils"].sum().sort_values(ascending=False)
    )
    note = (
        f" Most scores of 1 or 2: {weakest.index[0]} ({weakest.iloc[0]} councils)."
        if len(weakest) and weakest.iloc[0]
        else ""
    )
    description = (
        "Stacked bars, one per quality statement, of how many councils scored 1, 2, 3 or 4 on it." + note
    )
    return finish(chart, "Scores by statement", views.coverage(), description)


def _one_statement(views: Views, dist: pd.DataFrame, qs: int | str) -> Chart:
    try:
        number = int(qs)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 9:
        raise UsageError(f"statements: qs must be a quality statement number from 1 to 9, found {qs!r}")
    rows = dist[dist["qs_no"] == number][["statement", "score", "legend", "councils", "share_pct", "text"]]
    label = statement_labels(views)[number - 1]
    base = alt.Chart(rows).encode(
        x=alt.X(
            "legend:N",
            sort=list(SCORE_LEGEND[::-1]),
            title="Score",
            axis=alt.Axis(labelAngle=0, labelLimit=150),
        ),
        y=alt.Y("councils:Q", title="Councils (latest assessments)", axis=alt.Axis(tickMinStep=1)),
    )
    chart = alt.layer(
        base.mark_bar().encode(
            color=alt.Color("legend:N", scale=score_scale(), legend=None),
            tooltip=[
                alt.Tooltip("legend:N", title="Score"),
                alt.Tooltip("councils:Q", title="Councils"),
                alt.Tooltip("share_pct:Q", title="Share (%)"),
            ],
        ),
        base.mark_text(baseline="bottom", dy=-3, fontSize=12).encode(text="text:N"),
    ).properties(width=420, height=200)
    description = (
        f"Bar chart of how many councils scored 1, 2, 3 or 4 on {label}: "
        + "; ".join(
            f"{r.legend}: {int(r.councils)}"
            for r in rows.itertuples()
            if r.legend != SCORE_LEGEND[-1] or r.councils
        )
        + "."
    )
    return finish(chart, f"Scores on {label}", views.coverage(), description)


def rating_bands() -> pd.DataFrame:
    """The bands of total scores out of 36 (framework data): rating, low, high."""
    facts = json.loads(data_file("framework.json").read_text(encoding="utf-8"))
    bands = facts["rating_bands"]["with_nine_statements_total_out_of_36"]
    return pd.DataFrame(
        [{"rating": rating, "low": low, "high": high} for rating, (low, high) in bands.items()]
    ).sort_values("low", ignore_index=True)


def boundary_rows(views: Views) -> pd.DataFrame:
    """analysis.near_boundary for the latest assessments, with each council's place in its column."""
    latest = views.latest()
    near = views["near_boundary"]
    if near.empty:
        near = pd.DataFrame(
            columns=[
                "assessment_id",
                "total_score",
                "is_near_boundary",
                "points_above_floor",
                "points_to_next_band",
            ]
        )
    near = near[near["assessment_id"].isin(latest["assessment_id"])]
    rows = near.drop(columns=["council", "overall_rating"], errors="ignore").merge(
        latest[["assessment_id", "council", "short_name", "overall_rating"]], on="assessment_id"
    )
    rows = rows.sort_values(["total_score", "council"], kind="stable").reset_index(drop=True)
    rows["stack"] = rows.groupby("total_score").cumcount() + 1
    rows["near"] = [
        "near a boundary" if bool(n) else "not near" for n in rows["is_near_boundary"].fillna(False)
    ]
    keep = [
        "assessment_id",
        "council",
        "short_name",
        "overall_rating",
        "total_score",
        "points_above_floor",
        "points_to_next_band",
        "is_near_boundary",
        "stack",
        "near",
    ]
    return rows[keep]


def boundary(*, views: Views | None = None, url: str | None = None) -> Chart:
    """Each council's total out of 36 as a dot in the rating band it falls in; councils one point from
    another band are drawn as diamonds with a black edge."""
    views = _views(views, url)
    rows = boundary_rows(views)
    bands = rating_bands()
    bands["x"] = bands["low"] - 0.5
    bands["x2"] = bands["high"] + 0.5
    bands["mid"] = (bands["low"] + bands["high"]) / 2
    top = int(rows["stack"].max()) + 1 if len(rows) else 2
    x = alt.X("x:Q", scale=alt.Scale(domain=[8.5, 36.5], nice=False), title="Total score out of 36")
    bands["colour"] = [RATING_COLOURS[RATINGS.index(r)] for r in bands["rating"]]
    background = (
        alt.Chart(bands)
        .mark_rect(opacity=0.15)
        .encode(x=x, x2="x2:Q", color=alt.Color("colour:N", scale=None))
    )
    band_names = (
        alt.Chart(bands)
        .mark_text(baseline="top", dy=4, fontSize=11, color="#222")
        .encode(x="mid:Q", y=alt.value(0), text="rating:N")
    )
    dots = (
        alt.Chart(rows)
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            x=alt.X("total_score:Q", scale=alt.Scale(domain=[8.5, 36.5], nice=False)),
            y=alt.Y(
                "stack:Q",
                title="Councils",
                scale=alt.Scale(domain=[0, top + 1]),
                axis=alt.Axis(tickMinStep=1),
            ),
            color=alt.Color("overall_rating:N", scale=rating_scale(), title="Rating", sort=list(RATINGS)),
            shape=alt.Shape(
                "near:N",
                scale=alt.Scale(domain=["near a boundary", "not near"], range=["diamond", "circle"]),
                title=None,
            ),
            stroke=alt.condition("datum.near == 'near a boundary'", alt.value("black"), alt.value("white")),
            strokeWidth=alt.value(1.2),
            tooltip=[
                alt.Tooltip("council:N", title="Council"),
                alt.Tooltip("overall_rating:N", title="Rating"),
                alt.Tooltip("total_score:Q", title="Total"),
                alt.Tooltip("points_above_floor:Q", title="Points above its band's floor"),
                alt.Tooltip("points_to_next_band:Q", title="Points to the next band"),
            ],
        )
    )
    chart = alt.layer(background, band_names, dots).properties(width=560, height=max(160, 10 * top))
    near = rows[rows["near"] == "near a boundary"]
    description = (
        f"Dot plot of {plural(len(rows), 'council')} scored on all nine statements by total out of 36, over "
        "the rating bands (" + ", ".join(f"{b.rating} {b.low}-{b.high}" for b in bands.itertuples()) + "). "
        f"{plural(len(near), 'council is', 'councils are')} one point from another band"
        + (": " + ", ".join(near["short_name"]) + "." if 0 < len(near) <= 12 else ".")
    )
    return finish(
        chart,
        "Totals against the rating bands",
        views.coverage(),
        description,
        f"{plural(len(near), 'council')} one point from another band (diamonds)",
    )


def deprivation(by: str = "pct", *, views: Views | None = None, url: str | None = None) -> Chart:
    """Ratings or percentages against the council's IMD 2019 decile (10 = most deprived). `by`: pct
    (each council's percentage, with the decile's mean) or rating (councils of each rating by decile)."""
    if by not in DEPRIVATION_MEASURES:
        raise UsageError(f"deprivation: by must be one of {', '.join(DEPRIVATION_MEASURES)}, found {by!r}")
    views = _views(views, url)
    x_title = "IMD 2019 decile (1 = least deprived, 10 = most deprived)"
    by_decile = views["rating_vs_deprivation"]
    if by == "rating":
        long = (
            by_decile.drop(columns=["councils"], errors="ignore").melt(
                id_vars=["imd_decile"],
                value_vars=["outstanding", "good", "requires_improvement", "inadequate"],
                var_name="key",
                value_name="councils",
            )
            if not by_decile.empty
            else pd.DataFrame(columns=["imd_decile", "key", "councils"])
        )
        names = dict(zip(["outstanding", "good", "requires_improvement", "inadequate"], RATINGS, strict=True))
        long["rating"] = [names[k] for k in long["key"]]
        long["order"] = [RATINGS.index(r) for r in long["rating"]]
        long = long[long["imd_decile"].notna()]
        chart = (
            alt.Chart(long)
            .mark_bar(stroke="white")
            .encode(
                x=alt.X("imd_decile:O", title=x_title, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("councils:Q", title="Councils", stack="zero"),
                color=alt.Color("rating:N", scale=rating_scale(), title="Rating", sort=list(RATINGS)),
                order=alt.Order("order:Q", sort="descending"),
                tooltip=[
                    alt.Tooltip("imd_decile:O", title="IMD decile"),
                    alt.Tooltip("rating:N", title="Rating"),
                    alt.Tooltip("councils:Q", title="Councils"),
                ],
            )
            .properties(width=420, height=240)
        )
        description = (
            "Stacked bars of councils of each rating in each IMD decile: "
            + "; ".join(
                f"decile {int(r.imd_decile)}: {int(r.councils)} councils"
                for r in by_decile.itertuples()
                if pd.notna(r.imd_decile)
            )
            + "."
        )
        return finish(chart, "Ratings by deprivation", views.coverage(), description)
    rated = views.rated()
    rated = rated[rated["imd_decile"].notna() & rated["score_pct"].notna()].copy()
    rated = rated.sort_values(["imd_decile", "score_pct", "council"], kind="stable")
    place = rated.groupby("imd_decile").cumcount()
    rated["x"] = rated["imd_decile"].astype(float) + ((place % 7) - 3) * 0.07
    rated = rated[["council", "imd_decile", "score_pct", "overall_rating", "x"]]
    points = (
        alt.Chart(rated)
        .mark_circle(size=45, opacity=0.9, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "x:Q",
                title=x_title,
                scale=alt.Scale(domain=[0.5, 10.5], nice=False),
                axis=alt.Axis(values=list(range(1, 11)), format="d"),
            ),
            y=alt.Y("score_pct:Q", title="Score percentage", scale=alt.Scale(zero=False)),
            color=alt.Color("overall_rating:N", scale=rating_scale(), title="Rating", sort=list(RATINGS)),
            tooltip=[
                alt.Tooltip("council:N", title="Council"),
                alt.Tooltip("imd_decile:Q", title="IMD decile"),
                alt.Tooltip("score_pct:Q", title="Score %"),
                alt.Tooltip("overall_rating:N", title="Rating"),
            ],
        )
    )
    means = (
        by_decile[by_decile["mean_score_pct"].notna()][["imd_decile", "mean_score_pct", "councils"]]
        if not by_decile.empty
        else pd.DataFrame(columns=["imd_decile", "mean_score_pct", "councils"])
    )
    mean_marks = (
        alt.Chart(means)
        .mark_tick(color=NEUTRAL, thickness=3, size=36, orient="horizontal")
        .encode(
            x="imd_decile:Q",
            y="mean_score_pct:Q",
            tooltip=[
                alt.Tooltip("imd_decile:Q", title="IMD decile"),
                alt.Tooltip("mean_score_pct:Q", title="Mean score %"),
                alt.Tooltip("councils:Q", title="Councils"),
            ],
        )
    )
    chart = alt.layer(points, mean_marks).properties(width=460, height=260)
    description = (
        f"Scatter of {plural(len(rated), 'council')}' score percentage against IMD decile, with each decile's mean: "
        + "; ".join(
            f"decile {int(r.imd_decile)} mean {float(r.mean_score_pct):.1f}%" for r in means.itertuples()
        )
        + "."
    )
    return finish(
        chart,
        "Score percentage by deprivation",
        views.coverage(),
        description,
        "grey bars: the decile's mean",
    )

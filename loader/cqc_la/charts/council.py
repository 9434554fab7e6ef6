"""The chart of one council (`council`), and its fast path for the site (`council_spec`).

`council` stacks up to three panels, each only when the council's latest assessment has something for
it: its nine scores against how councils in England and in its region scored, its comparisons with the
England average as a dot plot (better / similar / worse, by shape and colour), and its waiting times.
A council with no published assessment gets a chart that says so, never an error, so the site can
draw one for every council.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from .export import spec
from .frames import Views, assessment_rows, find_council, score_or_none
from .national import _views, statement_labels
from .style import (
    DIRECTIONS,
    NEUTRAL,
    SCORE_LEGEND,
    Chart,
    direction_marks,
    finish,
    plural,
    score_legend,
    score_scale,
)

SCORES, COMPARISONS, WAITS = "council_scores", "council_comparisons", "council_waits"


def _shorten(text: object, limit: int = 70) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _nth(label: str, seen: dict[str, int]) -> str:
    """The label, with ', 2nd figure' etc. when it was seen before (one report states a wait twice)."""
    seen[label] = seen.get(label, 0) + 1
    count = seen[label]
    if count == 1:
        return label
    return f"{label}, {count}{ {2: 'nd', 3: 'rd'}.get(count, 'th') } figure"


def _score_counts(views: Views) -> tuple[dict[tuple[int, int], int], dict[tuple[str, int, int], int]]:
    """How many latest assessments have each score on each statement, in England and by region
    (computed once per `Views`)."""

    def make() -> tuple[dict[tuple[int, int], int], dict[tuple[str, int, int], int]]:
        latest = views.latest()
        england: dict[tuple[int, int], int] = {}
        regional: dict[tuple[str, int, int], int] = {}
        for qs in views.statements().itertuples():
            scores = latest[["region", qs.column]].dropna(subset=[qs.column])
            for score, count in scores[qs.column].value_counts().items():
                england[(int(qs.qs_no), int(score))] = int(count)
            for (region, score), count in scores.groupby(["region", qs.column]).size().items():
                regional[(str(region), int(qs.qs_no), int(score))] = int(count)
        return england, regional

    return views.memo("council_score_counts", make)


def _latest_by_council(views: Views) -> dict[int, dict[str, Any]]:
    return views.memo(
        "latest_by_council",
        lambda: {int(row["council_id"]): row for row in views.latest().astype(object).to_dict("records")},
    )


def score_profile(views: Views, council_id: int) -> pd.DataFrame:
    """For each statement and score 1-4: the share of councils in England and in the council's region
    at that score (latest assessments), and whether it is this council's score."""
    mine = _latest_by_council(views)[council_id]
    region = str(mine["region"])
    england, regional = _score_counts(views)
    rows = []
    for label, qs in zip(statement_labels(views), views.statements().itertuples(), strict=True):
        number = int(qs.qs_no)
        in_england = sum(england.get((number, s), 0) for s in (1, 2, 3, 4))
        in_region = sum(regional.get((region, number, s), 0) for s in (1, 2, 3, 4))
        own = score_or_none(mine[qs.column])
        for score in (1, 2, 3, 4):
            e = england.get((number, score), 0)
            r = regional.get((region, number, score), 0)
            rows.append(
                {
                    "statement": label,
                    "score": score,
                    "england": e,
                    "england_pct": round(100 * e / in_england, 1) if in_england else 0.0,
                    "region": r,
                    "region_pct": round(100 * r / in_region, 1) if in_region else 0.0,
                    "is_council": own == score,
                    "legend": score_legend(score),
                }
            )
    return pd.DataFrame(rows)


def _scores_panel(views: Views) -> Chart:
    order = statement_labels(views)
    base = alt.Chart(alt.NamedData(SCORES)).encode(
        y=alt.Y("statement:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(
            "score:O",
            title="Score (1 significant shortfalls … 4 exceptional standard)",
            axis=alt.Axis(labelAngle=0),
        ),
    )
    size = alt.Scale(domain=[0, 100], range=[0, 900])
    tooltip = [
        alt.Tooltip("statement:N", title="Statement"),
        alt.Tooltip("score:O", title="Score"),
        alt.Tooltip("england:Q", title="Councils in England"),
        alt.Tooltip("england_pct:Q", title="England (%)"),
        alt.Tooltip("region:Q", title="Councils in the region"),
        alt.Tooltip("region_pct:Q", title="Region (%)"),
    ]
    england = base.mark_circle(color="#BBBBBB", opacity=1).encode(
        size=alt.Size("england_pct:Q", scale=size, title="Share of councils in England (%)"), tooltip=tooltip
    )
    regional = base.mark_point(color="#222222", strokeWidth=1.5, filled=False).encode(
        size=alt.Size("region_pct:Q", scale=size, legend=None), tooltip=tooltip
    )
    council = (
        base.transform_filter("datum.is_council")
        .mark_square(size=140, stroke="black", strokeWidth=1.5, opacity=1)
        .encode(
            color=alt.Color(
                "legend:N", scale=score_scale(), title="This council's score", sort=list(SCORE_LEGEND)
            ),
            tooltip=tooltip,
        )
    )
    return alt.LayerChart(
        layer=[england, regional, council],
        width=300,
        height=24 * len(order),
        title=alt.TitleParams(
            "Scores against England (grey discs) and the region (rings)", fontSize=12, anchor="start"
        ),
    )


def comparison_rows(metrics: pd.DataFrame) -> pd.DataFrame:
    """The comparisons with England of one assessment (analysis.national_metrics rows), labelled."""
    rows = metrics.copy()
    rows["label"] = [
        f"{_shorten(m, 60)} ({qs})" if pd.notna(qs) else _shorten(m, 60)
        for m, qs in zip(rows["measure"], rows["qs_no"].astype("Int64"), strict=True)
    ]
    seen: dict[str, int] = {}
    rows["label"] = [_nth(label, seen) for label in rows["label"]]
    rows["difference"] = pd.to_numeric(rows["difference"], errors="coerce")
    rows["direction"] = rows["direction"].where(rows["direction"].isin(DIRECTIONS), "similar")
    rows["zero"] = 0.0
    return (
        rows[rows["difference"].notna()]
        .sort_values("difference")[
            [
                "label",
                "zero",
                "measure",
                "qs_no",
                "la_value",
                "england_value",
                "difference",
                "unit",
                "comparison",
                "direction",
                "source",
                "period",
            ]
        ]
        .reset_index(drop=True)
    )


def _comparisons_panel(count: int) -> Chart:
    base = alt.Chart(alt.NamedData(COMPARISONS)).encode(
        y=alt.Y(
            "label:N",
            sort=alt.EncodingSortField("difference", order="ascending"),
            title=None,
            axis=alt.Axis(labelLimit=380),
        ),
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=NEUTRAL, strokeDash=[4, 3]).encode(x="x:Q")
    stems = base.mark_rule(color="#BBBBBB").encode(x="zero:Q", x2="difference:Q")
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("difference:Q", title="Difference from the England average (points of the measure's unit)"),
        **direction_marks(),
        tooltip=[
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("la_value:Q", title="Council"),
            alt.Tooltip("england_value:Q", title="England"),
            alt.Tooltip("unit:N", title="Unit"),
            alt.Tooltip("comparison:N", title="As the report puts it"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("period:N", title="Period"),
        ],
    )
    return alt.LayerChart(
        layer=[zero, stems, dots],
        width=300,
        height=_comparisons_height(count),
        title=alt.TitleParams("Comparisons with the England average", fontSize=12, anchor="start"),
    )


def _comparisons_height(count: int) -> int:
    return max(40, 18 * count)


def waiting_rows(waits: pd.DataFrame) -> pd.DataFrame:
    """The stated waiting times of one assessment (analysis.waiting_times rows) that give days."""
    rows = waits[pd.to_numeric(waits["days"], errors="coerce").notna()].copy()
    rows["days"] = pd.to_numeric(rows["days"])
    rows["days_low"] = pd.to_numeric(rows.get("days_low"), errors="coerce")
    rows["previous_days"] = pd.to_numeric(rows.get("previous_days"), errors="coerce")
    labels = [
        f"{str(s).replace('_', ' ')} ({m})" if pd.notna(m) else str(s).replace("_", " ")
        for s, m in zip(rows["service"], rows["measure"], strict=True)
    ]
    seen: dict[str, int] = {}
    rows["label"] = [_nth(label, seen) for label in labels]
    rows["text"] = [
        (f"{low:g}–{d:g} days" if pd.notna(low) else f"{d:g} days") + (f" (was {p:g})" if pd.notna(p) else "")
        for d, low, p in zip(rows["days"], rows["days_low"], rows["previous_days"], strict=True)
    ]
    return rows[["label", "days", "days_low", "text", "people_waiting"]].reset_index(drop=True)


def _waiting_panel(count: int) -> Chart:
    base = alt.Chart(alt.NamedData(WAITS)).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300))
    )
    return alt.LayerChart(
        layer=[
            base.mark_bar(color="#0072B2").encode(
                x=alt.X("days:Q", title="Days"),
                tooltip=[
                    alt.Tooltip("label:N", title="Wait"),
                    alt.Tooltip("text:N", title="Days"),
                    alt.Tooltip("people_waiting:Q", title="People waiting"),
                ],
            ),
            base.mark_text(align="left", dx=3, fontSize=10).encode(x="days:Q", text="text:N"),
        ],
        width=300,
        height=_waits_height(count),
        title=alt.TitleParams("Waiting times stated in the report", fontSize=12, anchor="start"),
    )


def _waits_height(count: int) -> int:
    return max(30, 18 * count)


@dataclass(frozen=True)
class CouncilParts:
    """What one council's chart shows: its datasets, its title lines and its text alternative."""

    council: str
    datasets: dict[str, list[dict[str, Any]]]
    title: str
    note: str
    description: str

    @property
    def shape(self) -> tuple[str, ...]:
        return tuple(self.datasets)


def _json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (null for missing values, plain numbers)."""
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def council_parts(views: Views, council: str | int) -> CouncilParts | None:
    """The datasets and text of `council(name)` (a name, or a council_id); None when the council has
    no assessment."""
    council_id = council if isinstance(council, int) else int(find_council(views, council)["council_id"])
    latest = views.latest()
    mine = latest[latest["council_id"] == council_id]
    if mine.empty:
        return None
    row = mine.iloc[0]
    assessment = [views.report_assessments().get(council_id, (int(row["assessment_id"]), None))[0]]
    datasets = {SCORES: _json_records(score_profile(views, council_id))}
    metrics = assessment_rows(views["national_metrics"], assessment)
    comparisons = comparison_rows(metrics) if len(metrics) else pd.DataFrame()
    if len(comparisons):
        datasets[COMPARISONS] = _json_records(comparisons)
    stated = assessment_rows(views["waiting_times"], assessment)
    waits = waiting_rows(stated) if len(stated) else pd.DataFrame()
    if len(waits):
        datasets[WAITS] = _json_records(waits)
    directions = comparisons["direction"].value_counts() if len(comparisons) else pd.Series(dtype=int)
    total = (
        f"{int(row['total_score'])}/{int(row['max_score'])}" if pd.notna(row["total_score"]) else "not known"
    )
    published = row["published_on"]
    when = f"{published:%-d %B %Y}" if published else "an unknown date"
    rating = row["overall_rating"] or "not rated"
    description = (
        f"{row['council']}: rated {rating} in its assessment of {when}, total {total}. Its scores are drawn "
        f"against the share of councils in England and in {row['region']} at each score."
        + (
            " England comparisons: " + ", ".join(f"{int(directions.get(d, 0))} {d}" for d in DIRECTIONS) + "."
            if len(comparisons)
            else ""
        )
        + (f" {plural(len(waits), 'waiting time')} stated." if len(waits) else "")
    )
    note = f"{row['council']} ({row['region']}): {rating}, total {total}, {row['detail']} of {when}"
    return CouncilParts(str(row["council"]), datasets, str(row["council"]), note, description)


def _council_chart(views: Views, parts: CouncilParts) -> Chart:
    panels: list[Chart] = [_scores_panel(views)]
    if COMPARISONS in parts.datasets:
        panels.append(_comparisons_panel(len(parts.datasets[COMPARISONS])))
    if WAITS in parts.datasets:
        panels.append(_waiting_panel(len(parts.datasets[WAITS])))
    chart = alt.VConcatChart(vconcat=panels, spacing=24, datasets=parts.datasets).resolve_scale(
        color="independent", shape="independent", size="independent"
    )
    return finish(chart, parts.title, views.coverage(), parts.description, parts.note)


def _no_assessment(views: Views, name: str) -> Chart:
    message = pd.DataFrame({"text": [f"CQC has published no assessment of {name} (in this database)."]})
    chart = (
        alt.Chart(message)
        .mark_text(fontSize=13, align="left", x=0)
        .encode(text="text:N")
        .properties(width=420, height=40)
    )
    return finish(chart, name, views.coverage(), f"{name} has no published assessment.")


def council(name: str, *, views: Views | None = None, url: str | None = None) -> Chart:
    """One council's scores against England and its region, its England comparisons and its waiting
    times (`name`: any name or ONS code). Panels without data for this council are left out."""
    views = _views(views, url)
    parts = council_parts(views, name)
    if parts is None:
        return _no_assessment(views, str(find_council(views, name)["council"]))
    return _council_chart(views, parts)


def council_spec(council: str | int, *, views: Views) -> dict[str, Any]:
    """The Vega-Lite spec of `council(name)` (or of a council_id), made fast for many councils (the site
    draws one per council): Altair builds the chart once per shape (which panels it has), and each
    council's spec is a copy with its own datasets, panel heights, title and text alternative."""
    parts = council_parts(views, council)
    if parts is None:
        known = views.councils()
        name = (
            str(known.loc[known["council_id"] == council, "council"].iloc[0])
            if isinstance(council, int)
            else str(find_council(views, council)["council"])
        )
        return spec(_no_assessment(views, name))
    template = views.memo(
        f"council_template:{'+'.join(parts.shape)}", lambda: spec(_council_chart(views, parts))
    )
    result = copy.deepcopy({key: value for key, value in template.items() if key != "datasets"})
    result["datasets"] = {**template["datasets"], **parts.datasets}
    panels = result["vconcat"]
    for index, name_ in enumerate(parts.shape):
        if name_ == COMPARISONS:
            panels[index]["height"] = _comparisons_height(len(parts.datasets[name_]))
        elif name_ == WAITS:
            panels[index]["height"] = _waits_height(len(parts.datasets[name_]))
    result["title"] = {
        **result["title"],
        "text": parts.title,
        "subtitle": [views.coverage().describe(), parts.note],
    }
    result["description"] = parts.description
    return result

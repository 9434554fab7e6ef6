"""The national page and a page per quality statement.

The national page puts the heatmap (three orders, switched in the browser), the rating and statement
distributions, a league table a reader can filter by region and type and sort by any column, what the
database covers (full text, scores only, nothing), the boundary chart and deprivation on one page. A
statement page has that statement's league table, its distribution and the key-finding topics reports
most often write about under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import charts
from ..charts import Coverage, Views
from ..charts.national import rating_counts
from ..charts.style import RATINGS
from .model import (
    Cell,
    Figure,
    Page,
    Table,
    council_path,
    fmt_date,
    fmt_number,
    records,
    sort_key,
    statement_path,
    total_text,
)


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class CoverageGroup:
    key: str
    label: str
    councils: tuple[Link, ...]


@dataclass(frozen=True)
class IndexPage(Page):
    coverage: Coverage
    heatmaps: tuple[tuple[str, str, Figure], ...]  # (sort key, label, figure)
    figures: dict[str, Figure]
    ratings: Table
    league: Table
    coverage_groups: tuple[CoverageGroup, ...]
    deprivation: Table
    statements: tuple[Link, ...]
    councils: tuple[Link, ...]


@dataclass(frozen=True)
class StatementPage(Page):
    qs_no: int
    name: str
    theme: str
    we_statement: str
    i_statements: tuple[str, ...]
    coverage: Coverage
    figure: Figure
    league: Table
    topics: Table
    reports: int
    previous: Link | None
    next: Link | None
    statements: tuple[Link, ...]


_DETAIL: tuple[tuple[str, str], ...] = (
    ("report", "Full report text"),
    ("partial", "Part of the report text"),
    ("summary", "Published scores and rating only"),
    ("none", "No assessment published"),
)


def _statement_links(views: Views, root: str) -> tuple[Link, ...]:
    return tuple(
        Link(f"{qs.qs_no} {qs.quality_statement}", root + statement_path(int(qs.qs_no)), str(qs.theme))
        for qs in views.statements().itertuples()
    )


def _filters(frame: pd.DataFrame) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return (
        ("region", "Region", tuple(sorted(set(frame["region"].dropna())))),
        ("type", "Type", tuple(sorted(set(frame["la_type"].dropna())))),
    )


def league_table(views: Views, root: str = "") -> Table:
    """Every council with an assessment: rating, total, percentages and the nine scores."""
    latest = views.latest()
    statements = views.statements()
    rows, attrs = [], []
    for row in sorted(records(latest), key=lambda r: str(r["short_name"]).casefold()):
        href = root + council_path(str(row["council"]))
        cells = [
            Cell(str(row["short_name"]), sort_key(row["short_name"]), href, data=str(row["council"])),
            Cell(str(row.get("region") or "—")),
            Cell(str(row.get("la_type") or "—")),
            Cell(
                str(row.get("overall_rating") or "—"),
                str(
                    RATINGS[::-1].index(row["overall_rating"]) if row.get("overall_rating") in RATINGS else ""
                ),
                css=f"rating rating-{_css(row.get('overall_rating'))}",
            ),
            Cell(total_text(row.get("total_score"), row.get("max_score")), sort_key(row.get("total_score"))),
            Cell(fmt_number(row.get("score_pct"), 1, "%"), sort_key(row.get("score_pct"))),
            Cell(fmt_number(row.get("printed_pct"), suffix="%"), sort_key(row.get("printed_pct"))),
        ]
        for qs in statements.itertuples():
            score = row.get(qs.column)
            cells.append(
                Cell(
                    "–" if score is None else str(score),
                    sort_key(score),
                    css=f"score score-{score or 'none'}",
                )
            )
        published = row.get("published_on")
        cells.append(Cell(fmt_date(published, row.get("published_precision")), sort_key(published)))
        rows.append(tuple(cells))
        attrs.append({"region": str(row.get("region") or ""), "type": str(row.get("la_type") or "")})
    headers: tuple[str, ...] = ("Council", "Region", "Type", "Rating", "Total", "Score %", "Printed %")
    headers += tuple(f"QS{n}" for n in statements["qs_no"]) + ("Published",)
    numeric = (False, False, False, True, True, True, True) + (True,) * len(statements) + (False,)
    return Table(
        "league-table",
        "League table: each council's latest assessment (click a heading to sort)",
        headers,
        tuple(rows),
        tuple(attrs),
        _filters(latest),
        numeric=numeric,
    )


def _css(value: object) -> str:
    return str(value or "none").lower().replace(" ", "-")


def _ratings_table(views: Views) -> Table:
    counts = rating_counts(views)
    rows = tuple(
        (
            Cell(str(r.rating), css=f"rating rating-{_css(r.rating)}"),
            Cell(str(r.councils)),
            Cell(f"{r.share_pct:.1f}%"),
            Cell(str(r.indicative)),
        )
        for r in counts.itertuples()
    )
    return Table(
        "ratings-table",
        "The counts behind the ratings chart",
        ("Rating", "Councils", "Share", "Indicative"),
        rows,
        sortable=False,
    )


def _deprivation_table(views: Views) -> Table:
    frame = views["rating_vs_deprivation"]
    rows = tuple(
        (
            Cell(fmt_number(r.get("imd_decile"))),
            Cell(fmt_number(r.get("councils"))),
            Cell(fmt_number(r.get("mean_score_pct"), 1, "%")),
            Cell(fmt_number(r.get("outstanding"))),
            Cell(fmt_number(r.get("good"))),
            Cell(fmt_number(r.get("requires_improvement"))),
            Cell(fmt_number(r.get("inadequate"))),
        )
        for r in records(frame)
    )
    return Table(
        "deprivation-table",
        "Ratings by IMD 2019 decile (10 = most deprived)",
        (
            "IMD decile",
            "Councils",
            "Mean score %",
            "Outstanding",
            "Good",
            "Requires improvement",
            "Inadequate",
        ),
        rows,
        sortable=False,
    )


_KNOWLEDGE: tuple[tuple[str, str], ...] = (
    ("full report", "Full report text"),
    ("partial report", "Part of the report text"),
    ("scores", "Published scores and rating"),
    ("some scores", "Some published scores"),
    ("rating and percentage", "Rating and percentage only"),
    ("rating only", "Rating only"),
    ("none", "No assessment published"),
)


def _coverage_groups(views: Views) -> tuple[CoverageGroup, ...]:
    """Councils by what the database knows of them: analysis.coverage's `knowledge` where the view
    exists, else the latest assessment's `detail`."""
    names = {int(c["council_id"]): c for c in records(views.councils())}
    if views.has("coverage") and "knowledge" in views["coverage"].columns:
        order = _KNOWLEDGE
        keys = {int(r["council_id"]): str(r["knowledge"] or "none") for r in records(views["coverage"])}
    else:
        order = _DETAIL
        latest = {int(r["council_id"]): str(r.get("detail") or "summary") for r in records(views.latest())}
        keys = {council_id: latest.get(council_id, "none") for council_id in names}
    groups: dict[str, list[Link]] = {key: [] for key, _ in order}
    for council_id, council in names.items():
        groups.setdefault(keys.get(council_id, "none"), []).append(
            Link(str(council["short_name"]), council_path(str(council["council"])))
        )
    labels = dict(order)
    return tuple(
        CoverageGroup(key.replace(" ", "-"), labels.get(key, key), tuple(links))
        for key, links in groups.items()
        if links or key in ("full report", "report", "none")
    )


def index_page(views: Views) -> IndexPage:
    heatmaps = tuple(
        (sort, label, Figure.of(f"heatmap-{sort}", charts.heatmap(sort, views=views)))
        for sort, label in (("total", "total score"), ("region", "region"), ("type", "council type"))
    )
    figures = {
        "ratings": Figure.of("ratings", charts.ratings(views=views)),
        "statements": Figure.of("statements", charts.statements(views=views)),
        "boundary": Figure.of("boundary", charts.boundary(views=views)),
        "deprivation": Figure.of("deprivation", charts.deprivation(views=views)),
        "deprivation-rating": Figure.of("deprivation-rating", charts.deprivation("rating", views=views)),
    }
    councils = tuple(
        Link(str(c["council"]), council_path(str(c["council"])), str(c["region"] or ""))
        for c in records(views.councils())
    )
    return IndexPage(
        path="index.html",
        title="Local authority assessments: every council",
        coverage=views.coverage(),
        heatmaps=heatmaps,
        figures=figures,
        ratings=_ratings_table(views),
        league=league_table(views),
        coverage_groups=_coverage_groups(views),
        deprivation=_deprivation_table(views),
        statements=_statement_links(views, ""),
        councils=councils,
    )


def statement_pages(views: Views) -> list[StatementPage]:
    """The nine statement pages, in framework order."""
    framework = views["framework"]
    texts = {int(r["qs_no"]): r for r in records(framework)} if not framework.empty else {}
    links = _statement_links(views, "../")
    latest = views.latest()
    findings = views["findings"]
    with_text = set(
        latest.loc[latest.get("detail", pd.Series(dtype=str)).isin(["report", "partial"]), "assessment_id"]
    )
    pages = []
    for index, qs in enumerate(views.statements().itertuples()):
        number = int(qs.qs_no)
        text = texts.get(number, {})
        pages.append(
            StatementPage(
                path=statement_path(number),
                title=f"{number} {qs.quality_statement}",
                qs_no=number,
                name=str(qs.quality_statement),
                theme=str(qs.theme),
                we_statement=str(text.get("we_statement") or ""),
                i_statements=tuple(str(s) for s in (text.get("i_statements") or ())),
                coverage=views.coverage(),
                figure=Figure.of(f"statement-{number}", charts.statements(number, views=views)),
                league=_statement_league(latest, qs.column),
                topics=_topics(findings, number, with_text),
                reports=len(with_text),
                previous=links[index - 1] if index > 0 else None,
                next=links[index + 1] if index + 1 < len(links) else None,
                statements=links,
            )
        )
    return pages


def _statement_league(latest: pd.DataFrame, column: str) -> Table:
    ordered = latest.assign(_score=latest[column].astype("Float64").fillna(-1)).sort_values(
        ["_score", "score_pct", "council"], ascending=[False, False, True], na_position="last"
    )
    rows, attrs = [], []
    for row in records(ordered):
        score = row.get(column)
        rows.append(
            (
                Cell(
                    str(row["short_name"]),
                    sort_key(row["short_name"]),
                    "../" + council_path(str(row["council"])),
                    data=str(row["council"]),
                ),
                Cell(str(row.get("region") or "—")),
                Cell(str(row.get("la_type") or "—")),
                Cell(
                    "–" if score is None else str(score),
                    sort_key(score),
                    css=f"score score-{score or 'none'}",
                ),
                Cell(
                    str(row.get("overall_rating") or "—"),
                    css=f"rating rating-{_css(row.get('overall_rating'))}",
                ),
                Cell(
                    fmt_date(row.get("published_on"), row.get("published_precision")),
                    sort_key(row.get("published_on")),
                ),
            )
        )
        attrs.append({"region": str(row.get("region") or ""), "type": str(row.get("la_type") or "")})
    return Table(
        "league-table",
        "Every council's score on this statement, best first (click a heading to sort)",
        ("Council", "Region", "Type", "Score", "Rating", "Published"),
        tuple(rows),
        tuple(attrs),
        _filters(latest),
        numeric=(False, False, False, True, False, False),
    )


def _topics(findings: pd.DataFrame, qs_no: int, assessments: set[int]) -> Table:
    if findings.empty:
        rows: tuple[tuple[Cell, ...], ...] = ()
    else:
        mine = findings[(findings["qs_no"] == qs_no) & findings["assessment_id"].isin(assessments)]
        topic = mine["topic"].where(mine["topic"].notna(), "(a heading of the report's own)")
        counts = (
            mine.assign(topic=topic).groupby("topic")["assessment_id"].nunique().sort_values(ascending=False)
        )
        paragraphs = mine.assign(topic=topic).groupby("topic").size()
        total = max(len(assessments), 1)
        rows = tuple(
            (
                Cell(str(name)),
                Cell(str(int(n)), str(int(n))),
                Cell(f"{100 * int(n) / total:.0f}%", str(int(n))),
                Cell(str(int(paragraphs[name])), str(int(paragraphs[name]))),
            )
            for name, n in counts.items()
        )
    return Table(
        "topics-table",
        "Key-finding topics most often present in the reports held as text",
        ("Topic", "Reports", "Share of reports", "Paragraphs"),
        rows,
        numeric=(False, True, True, True),
    )

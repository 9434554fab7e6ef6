"""A page for every council (all of them, assessed or not), built from the views.

A council's page holds its latest assessment (rating, percentages, the nine scores), its history when
it has several, its chart, its England comparisons, waiting times, financial facts and demographics,
and its key findings by statement, each paragraph linked to where it was printed: the CQC page address
when the loaded page named one, and always the file and line (a page of this site that shows that file's
paragraphs by line). A council without an assessment still gets a page that says so.

Views are grouped by council and assessment once (`Groups`), so building 153 pages costs one pass over
each view rather than a filter per page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..charts import Views
from ..charts.council import council_spec
from ..charts.frames import as_date, score_or_none
from ..charts.style import RATING_SHORT, SCORE_WORDS
from .model import (
    Cell,
    Figure,
    Page,
    Table,
    council_path,
    fmt_date,
    fmt_gbp,
    fmt_number,
    records,
    sort_key,
    source_path,
    statement_path,
    total_text,
)


@dataclass(frozen=True)
class ScoreLine:
    qs_no: int
    statement: str
    theme: str
    href: str
    score: int | None
    label: str  # 'a good standard'


@dataclass(frozen=True)
class SourceLink:
    text: str
    href: str
    external: bool


@dataclass(frozen=True)
class Finding:
    section: str
    text: str
    sources: tuple[SourceLink, ...]


@dataclass(frozen=True)
class StatementFindings:
    qs_no: int
    statement: str
    href: str
    score: int | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class CouncilPage(Page):
    council: str
    short_name: str
    region: str
    la_type: str
    gss_code: str
    assessed: bool
    rating: str | None
    rating_short: str
    status: str
    withdrawn_on: str
    published_on: str
    detail: str
    is_indicative: bool
    total: str
    cqc_pct: str
    printed_pct: str
    score_pct: str
    report_url: str | None
    scores: tuple[ScoreLine, ...]
    history: Table | None
    text_note: str
    comparisons: Table | None
    waits: Table | None
    financial: tuple[tuple[str, str], ...]
    demographics: tuple[tuple[str, str], ...]
    findings: tuple[StatementFindings, ...]
    source_files: tuple[tuple[str, str], ...]  # (file name, href) of every file of every assessment
    figure: Figure | None


Rows = list[dict[str, Any]]


def _by(frame: pd.DataFrame, key: str, order: tuple[str, ...] = ()) -> dict[Any, Rows]:
    """The view's rows as dicts, grouped by `key` (in `order` within each group)."""
    if frame.empty or key not in frame.columns:
        return {}
    if order:
        frame = frame.sort_values([c for c in order if c in frame.columns], na_position="last", kind="stable")
    grouped: dict[Any, Rows] = {}
    for row in records(frame):
        grouped.setdefault(row[key], []).append(row)
    return grouped


class Groups:
    """The views a council page reads, grouped once by council or assessment."""

    def __init__(self, views: Views) -> None:
        self.views = views
        self.history = _by(views["assessment_overview"], "council_id")
        self.metrics = _by(views["national_metrics"], "assessment_id", ("qs_no", "paragraph_id"))
        self.waits = _by(views["waiting_times"], "assessment_id", ("qs_no", "paragraph_id", "position"))
        self.financial = _by(views["financial_facts"], "assessment_id")
        self.demographics = _by(views["demographics"], "assessment_id")
        self.findings = _by(views["findings"], "assessment_id", ("qs_no", "paragraph_no", "paragraph_id"))
        sources = views["paragraph_sources"]
        self.files: dict[int, dict[str, str]] = {}  # assessment_id -> {sha256: file name}
        if not sources.empty:
            for row in sources[["assessment_id", "file_sha256", "file_name"]].drop_duplicates().itertuples():
                self.files.setdefault(int(row.assessment_id), {})[str(row.file_sha256)] = str(row.file_name)
        self.sources: dict[int, dict[str, Any]] = (
            {}
            if sources.empty
            else {
                int(row["paragraph_id"]): row
                for row in records(
                    sources[
                        [
                            "paragraph_id",
                            "file_name",
                            "url",
                            "file_sha256",
                            "line_in_file",
                            "page",
                            "line_on_page",
                            "media_type",
                        ]
                    ]
                )
            }
        )


def council_pages(views: Views, *, charts: bool = True) -> Iterator[CouncilPage]:
    """One page per council of `views.councils()` (all of them), in name order."""
    groups = Groups(views)
    latest = {int(row["council_id"]): row for row in records(views.latest())}
    statements = views.statements()
    for council in records(views.councils()):
        yield council_page(
            views, groups, statements, council, latest.get(int(council["council_id"])), charts=charts
        )


def council_page(
    views: Views,
    groups: Groups,
    statements: pd.DataFrame,
    council: dict[str, Any],
    latest: dict[str, Any] | None,
    *,
    charts: bool = True,
) -> CouncilPage:
    name = str(council["council"])
    common = {
        "path": council_path(name),
        "title": name,
        "council": name,
        "short_name": str(council["short_name"] or name),
        "region": str(council["region"] or "—"),
        "la_type": str(council["la_type"] or "—"),
        "gss_code": str(council["gss_code"] or "—"),
    }
    if latest is None:
        return CouncilPage(
            **common,
            assessed=False,
            rating=None,
            rating_short="",
            status="",
            withdrawn_on="",
            published_on="",
            detail="",
            is_indicative=False,
            total="—",
            cqc_pct="—",
            printed_pct="—",
            score_pct="—",
            report_url=None,
            scores=(),
            history=None,
            text_note="",
            comparisons=None,
            waits=None,
            financial=(),
            demographics=(),
            findings=(),
            source_files=(),
            figure=None,
        )
    assessment_id = int(latest["assessment_id"])
    council_id = int(council["council_id"])
    text_id, text_on = views.report_assessments().get(council_id, (assessment_id, None))
    text_note = (
        ""
        if text_id == assessment_id
        else f"Findings, comparisons and figures below are from the report of {fmt_date(text_on)}, the newest "
        "held as text; the scores above are the latest published."
    )
    scores = tuple(
        ScoreLine(
            int(qs.qs_no),
            str(qs.quality_statement),
            str(qs.theme),
            "../" + statement_path(int(qs.qs_no)),
            score_or_none(latest.get(qs.column)),
            SCORE_WORDS.get(score_or_none(latest.get(qs.column)) or 0, "score not known"),
        )
        for qs in statements.itertuples()
    )
    rating = latest.get("overall_rating")
    figure = Figure.from_spec("council", council_spec(council_id, views=views)) if charts else None
    return CouncilPage(
        **common,
        assessed=True,
        rating=rating,
        rating_short=RATING_SHORT.get(str(rating), ""),
        status=str(latest.get("status") or "published"),
        withdrawn_on=fmt_date(as_date(latest.get("withdrawn_on"))),
        published_on=fmt_date(as_date(latest.get("published_on")), latest.get("published_precision")),
        detail={
            "report": "full report",
            "partial": "part of the report",
            "summary": "published scores only",
        }.get(str(latest.get("detail")), str(latest.get("detail"))),
        is_indicative=bool(latest.get("is_indicative")),
        total=total_text(latest.get("total_score"), latest.get("max_score")),
        cqc_pct=fmt_number(latest.get("cqc_pct"), suffix="%"),
        printed_pct=fmt_number(latest.get("printed_pct"), suffix="%"),
        score_pct=fmt_number(latest.get("score_pct"), 1, "%"),
        report_url=latest.get("report_url"),
        scores=scores,
        history=_history(groups.history.get(int(council["council_id"]))),
        text_note=text_note,
        comparisons=_comparisons(groups.metrics.get(text_id)),
        waits=_waits(groups.waits.get(text_id)),
        financial=_financial(groups.financial.get(text_id)),
        demographics=_demographics(
            groups.demographics.get(text_id) or groups.demographics.get(assessment_id)
        ),
        findings=_findings(groups, statements, text_id, scores),
        source_files=_source_files(groups, council_id),
        figure=figure,
    )


def _history(frame: Rows | None) -> Table | None:
    if frame is None or len(frame) < 2:
        return None
    rows = []
    for row in sorted(
        frame, key=lambda r: (sort_key(as_date(r["published_on"])), r["assessment_id"]), reverse=True
    ):
        published = as_date(row["published_on"])
        rows.append(
            (
                Cell(fmt_date(published, row.get("published_precision")), sort_key(published)),
                Cell(str(row.get("detail") or "")),
                Cell(str(row.get("overall_rating") or "—")),
                Cell(
                    total_text(row.get("total_score"), row.get("max_score")), sort_key(row.get("total_score"))
                ),
                Cell(fmt_number(row.get("score_pct"), 1, "%"), sort_key(row.get("score_pct"))),
                Cell("withdrawn" if row.get("status") == "withdrawn" else "published"),
            )
        )
    return Table(
        "history-table",
        "Every assessment held, newest first",
        ("Published", "Held as", "Rating", "Total", "Score %", "Status"),
        tuple(rows),
        sortable=False,
    )


def _comparisons(frame: Rows | None) -> Table | None:
    if not frame:
        return None
    rows = []
    for row in frame:
        unit = str(row.get("unit") or "")
        rows.append(
            (
                Cell(str(row.get("measure") or "")),
                Cell(str(row.get("qs_no") or "—"), sort_key(row.get("qs_no"))),
                Cell(
                    fmt_number(row.get("la_value"), 2 if unit == "%" else 1, unit),
                    sort_key(row.get("la_value")),
                ),
                Cell(
                    fmt_number(row.get("england_value"), 2 if unit == "%" else 1, unit),
                    sort_key(row.get("england_value")),
                ),
                Cell(str(row.get("comparison") or ""), css=f"direction-{row.get('direction') or 'none'}"),
                Cell(" ".join(str(v) for v in (row.get("source"), row.get("period")) if v)),
            )
        )
    return Table(
        "comparisons-table",
        "Comparisons with the England average stated in the report",
        ("Measure", "Statement", "Council", "England", "Compared", "Source"),
        tuple(rows),
        numeric=(False, True, True, True, False, False),
    )


def _waits(frame: Rows | None) -> Table | None:
    if not frame:
        return None
    rows = []
    for row in frame:
        low = row.get("days_low")
        days = row.get("days")
        text = f"{fmt_number(low)}–{fmt_number(days)}" if low is not None else fmt_number(days)
        rows.append(
            (
                Cell(str(row.get("service") or "").replace("_", " ")),
                Cell(str(row.get("measure") or "")),
                Cell(text, sort_key(days)),
                Cell(fmt_number(row.get("previous_days")), sort_key(row.get("previous_days"))),
                Cell(fmt_number(row.get("people_waiting")), sort_key(row.get("people_waiting"))),
                Cell(str(row.get("qs_no") or "—")),
            )
        )
    return Table(
        "waits-table",
        "Waiting times stated in the report (days)",
        ("Service", "Measure", "Days", "Before", "People waiting", "Statement"),
        tuple(rows),
        numeric=(False, False, True, True, True, False),
    )


_MONEY = (
    ("budget_estimated_gbp", "Council budget, estimated"),
    ("budget_actual_gbp", "Council budget, actual"),
    ("budget_difference_gbp", "Council budget, difference"),
    ("asc_estimated_gbp", "Adult social care, estimated"),
    ("asc_actual_gbp", "Adult social care, actual"),
    ("asc_difference_gbp", "Adult social care, difference"),
)


def _financial(frame: Rows | None) -> tuple[tuple[str, str], ...]:
    if not frame:
        return ()
    row = frame[0]
    facts = [("Financial year", str(row.get("financial_year") or "—"))]
    facts += [(label, fmt_gbp(row.get(key))) for key, label in _MONEY if row.get(key) is not None]
    if row.get("asc_share_pct") is not None:
        facts.append(("Adult social care share of the budget", fmt_number(row["asc_share_pct"], 1, "%")))
    if row.get("precept_pct") is not None:
        facts.append(("Adult social care precept", fmt_number(row["precept_pct"], 1, "%")))
    for key, label in (
        ("people_long_term", "People in long-term support"),
        ("people_short_term", "People in short-term support"),
    ):
        if row.get(key) is not None:
            facts.append((label, fmt_number(row[key])))
    consistent = row.get("is_arithmetic_consistent")
    if consistent is not None:
        facts.append(("Stated differences add up", "yes" if consistent else "no: see the figures as printed"))
    return tuple(facts)


def _demographics(frame: Rows | None) -> tuple[tuple[str, str], ...]:
    if not frame:
        return ()
    row = frame[0]
    facts = [
        ("Population", fmt_number(row.get("population"))),
        ("IMD decile (10 = most deprived)", fmt_number(row.get("imd_decile"))),
    ]
    if row.get("imd_as_stated"):
        facts.append(("Deprivation as stated", str(row["imd_as_stated"])))
    for key, label in (
        ("population_change_pct", "Population change"),
        ("ethnic_minority_pct", "Ethnic minority population"),
    ):
        if row.get(key) is not None:
            facts.append((label, fmt_number(row[key], 1, "%")))
    if row.get("icb"):
        facts.append(("Integrated care board", str(row["icb"])))
    facts.append(("Figures from", str(row.get("figures_from") or "—")))
    return tuple(facts)


def _source_links(source: dict[str, Any] | None) -> tuple[SourceLink, ...]:
    if source is None:
        return ()
    links = []
    if source.get("url"):
        links.append(SourceLink("CQC page", str(source["url"]), True))
    line = source.get("line_in_file")
    where = f"{source['file_name']}, line {fmt_number(line)}"
    if source.get("page") is not None:
        where = f"{source['file_name']}, page {fmt_number(source['page'])} line {fmt_number(source.get('line_on_page'))}"
    anchor = f"#L{int(line)}" if line is not None else ""
    links.append(SourceLink(where, "../" + source_path(str(source["file_sha256"])) + anchor, False))
    return tuple(links)


def _findings(
    groups: Groups, statements: pd.DataFrame, assessment_id: int, scores: tuple[ScoreLine, ...]
) -> tuple[StatementFindings, ...]:
    frame = groups.findings.get(assessment_id)
    if not frame:
        return ()
    by_qs: dict[Any, Rows] = {}
    for row in frame:
        by_qs.setdefault(row["qs_no"], []).append(row)
    result = []
    for qs, score in zip(statements.itertuples(), scores, strict=True):
        rows = by_qs.get(qs.qs_no)
        if rows is None:
            continue
        findings = tuple(
            Finding(
                str(row.get("section") or ""),
                str(row["text"]),
                _source_links(groups.sources.get(int(row["paragraph_id"]))),
            )
            for row in rows
        )
        result.append(
            StatementFindings(int(qs.qs_no), str(qs.quality_statement), score.href, score.score, findings)
        )
    return tuple(result)


def _source_files(groups: Groups, council_id: int) -> tuple[tuple[str, str], ...]:
    files: dict[str, str] = {}
    for row in groups.history.get(council_id, []):
        files.update(groups.files.get(int(row["assessment_id"]), {}))
    return tuple(sorted((name, "../" + source_path(sha)) for sha, name in files.items()))

"""The site in headless Chromium, opened from disk as a reader opens it: no console errors, every chart
drawn with its text alternative, nothing fetched from elsewhere, every internal link resolves (walking
all pages), the heatmap has a row per rated council, council pages show the views' scores.

The browser work happens once (`browsed` in conftest.py); each test checks one thing it saw. Without
Chromium every test here skips, saying why."""

from __future__ import annotations

from pathlib import Path

from .conftest import QS_COLUMNS, Browsed, sql


def test_no_page_logs_a_console_error_and_every_page_gets_ready(browsed: Browsed) -> None:
    for name, visit in browsed.visits.items():
        assert visit.errors == [], (name, visit.errors)
        assert visit.ready, f"{name}: charts never finished drawing"


def test_every_visible_chart_is_drawn_with_its_text_alternative(browsed: Browsed) -> None:
    drawn = 0
    for name, figures in browsed.figures.items():
        for figure in figures:
            if figure["hidden"]:
                continue
            assert figure["state"] == "drawn", (name, figure["id"])
            assert figure["aria"] and figure["aria"] == figure["description"].strip(), (name, figure["id"])
            drawn += 1
    assert drawn >= 10


def test_no_page_asks_for_anything_but_local_files(browsed: Browsed) -> None:
    for name, visit in browsed.visits.items():
        elsewhere = [url for url in visit.requests if not url.startswith(("file://", "data:", "blob:"))]
        assert elsewhere == [], (name, elsewhere)


def test_every_internal_link_resolves_walking_all_pages(browsed: Browsed, site_dir: Path) -> None:
    walk = browsed.walk
    assert walk["broken"] == []
    assert sorted(walk["pages"]) == sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
    assert walk["links"] > 10_000 and walk["external"] > 0


def test_the_heatmap_has_one_row_per_council_with_a_rating(browsed: Browsed, site_db: str) -> None:
    rated = sql(
        site_db,
        "select c.name from analysis.latest_assessments l join cqc.council c using (council_id) "
        "where l.overall_rating is not null",
    )
    assert sorted(browsed.heatmap_labels) == sorted(name for (name,) in rated)


def test_a_council_page_shows_the_same_scores_as_latest_assessments(browsed: Browsed, site_db: str) -> None:
    rows = {
        council: (rating, scores)
        for council, rating, *scores in sql(
            site_db,
            f"select council, overall_rating, {', '.join(QS_COLUMNS)} from analysis.latest_assessments",
        )
    }
    shown = browsed.council_scores
    assert shown["nothing"]["none"] and not shown["nothing"]["scores"]
    checked = 0
    for name in ("hartlepool", "camden", "norfolk", "summary"):
        page = shown[name]
        council = browsed.visits[name].url
        match = [c for c in rows if council.endswith("/" + _slug(c) + ".html")]
        assert len(match) == 1, council
        rating, scores = rows[match[0]]
        assert page["rating"] == rating
        assert page["scores"] == {str(n): "" if s is None else str(s) for n, s in enumerate(scores, 1)}
        checked += 1
    assert checked == 4


def test_the_league_table_filters_by_region_and_sorts_by_total(browsed: Browsed, site_db: str) -> None:
    north_east = sql(site_db, "select count(*) from analysis.latest_assessments where region = 'North East'")[
        0
    ][0]
    assert browsed.filtered["shown"] == ["North East"] * north_east
    best = sql(site_db, "select max(total_score) from analysis.latest_assessments")[0][0]
    assert browsed.filtered["first_total"] == str(best) and browsed.filtered["sorted"] == "descending"


def test_switching_the_heatmap_order_draws_the_other_heatmap_without_errors(browsed: Browsed) -> None:
    assert browsed.heatmap_switch_errors == []
    assert browsed.heatmap_switched == "drawn"


def _slug(name: str) -> str:
    from cqc_la.site.model import slug

    return slug(name)

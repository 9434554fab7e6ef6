"""Charts from hand-made views: every chart is valid Vega-Lite, renders without a browser, states its
coverage and carries a text alternative; NULL scores and the columns issue 10 adds are handled."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import vl_convert

from cqc_la import charts
from cqc_la.charts.council import council_spec
from cqc_la.charts.frames import Views, find_council
from cqc_la.charts.heatmap import heatmap_rows
from cqc_la.charts.style import DIRECTION_COLOURS, RATING_COLOURS, SCORE_COLOURS
from cqc_la.errors import UsageError

from .conftest import frames

CASES = [
    ("heatmap", {}),
    ("heatmap", {"sort": "region"}),
    ("heatmap", {"sort": "type", "region": "south west"}),
    ("ratings", {}),
    ("statements", {}),
    ("statements", {"qs": "3"}),
    ("boundary", {}),
    ("deprivation", {}),
    ("deprivation", {"by": "rating"}),
    ("council", {"name": "Alpha"}),
    ("council", {"name": "Epsilon Council"}),  # partly known scores
    ("council", {"name": "E06000006"}),  # no assessment
    ("measure", {"code": "ascs_satisfied_care_support"}),
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values())}" for n, p in CASES])
def test_every_chart_is_valid_vega_lite_states_its_coverage_and_renders(
    views: Views, name: str, params: dict
) -> None:
    chart = charts.chart_kind(name).make(params, views)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    coverage = views.coverage().describe()
    assert coverage in spec["title"]["subtitle"], spec["title"]
    assert len(spec["description"]) > 30, "every chart needs a text alternative"
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.startswith("<svg") and "assessed" in svg  # the coverage line is drawn, not only stored


def test_coverage_counts_councils_full_scores_text_and_the_latest_report(views: Views) -> None:
    coverage = views.coverage()
    assert (coverage.councils, coverage.assessed, coverage.full_scores, coverage.with_text) == (6, 5, 4, 3)
    assert coverage.latest_on == date(2026, 1, 14)
    assert (
        coverage.describe()
        == "5 of 6 councils assessed, 4 with all nine scores; latest report 14 January 2026"
    )


@pytest.mark.parametrize(
    ("sort", "region", "expected"),
    [
        ("total", None, ["Gamma", "Delta", "Alpha", "Beta", "Epsilon"]),
        ("region", None, ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]),
        ("type", None, ["Gamma", "Beta", "Delta", "Alpha", "Epsilon"]),
        ("total", "North East", ["Alpha", "Beta"]),
    ],
)
def test_the_heatmap_has_one_row_per_rated_council_in_the_order_asked(
    views: Views, sort: str, region: str | None, expected: list[str]
) -> None:
    assert list(heatmap_rows(views, sort, region)["label"]) == expected


def test_the_heatmap_draws_its_rows_in_that_order(views: Views) -> None:
    spec = charts.spec(charts.heatmap("region", views=views))
    assert spec["hconcat"][0]["layer"][0]["encoding"]["y"]["sort"] == list(
        heatmap_rows(views, "region")["label"]
    )


def test_a_region_that_does_not_exist_is_refused_with_the_regions(views: Views) -> None:
    with pytest.raises(UsageError, match="no region 'Wessex'; regions: North East, South West"):
        charts.heatmap(region="Wessex", views=views)


def test_scores_not_known_are_drawn_as_not_known_and_the_council_stays(views: Views) -> None:
    spec = charts.spec(charts.heatmap(views=views))
    cells = spec["datasets"][spec["hconcat"][-1]["data"]["name"]]
    epsilon = [cell for cell in cells if cell["council"] == "Epsilon"]
    assert len(epsilon) == 9
    assert sum(cell["legend"] == "score not known" for cell in epsilon) == 4
    assert {cell["text"] for cell in epsilon if cell["legend"] == "score not known"} == {"–"}


def test_the_percentages_and_known_scores_of_the_view_are_read() -> None:
    given = frames()
    latest = given["latest_assessments"].copy()
    latest["cqc_pct"] = [70, 53, 92, 73, None]
    latest["printed_pct"] = [69, None, None, 72, None]
    latest["statements_known"] = [9, 9, 9, 9, 5]
    given["latest_assessments"] = latest
    views = Views(frames=given)
    read = views.latest().set_index("short_name")
    assert read.loc["Delta", "cqc_pct"] == 73 and read.loc["Delta", "printed_pct"] == 72
    assert read.loc["Epsilon", "statements_known"] == 5
    assert Views(frames=frames()).latest().set_index("short_name").loc["Epsilon", "statements_known"] == 5


def test_a_council_without_an_assessment_gets_a_chart_that_says_so(views: Views) -> None:
    spec = charts.spec(charts.council("Zeta", views=views))
    assert "Zeta Borough Council has no published assessment" in spec["description"]


@pytest.mark.parametrize(("name", "panels"), [("Alpha", 3), ("Delta", 2), ("Gamma", 1), ("Epsilon", 1)])
def test_a_council_chart_has_the_panels_its_data_fills(views: Views, name: str, panels: int) -> None:
    assert len(charts.spec(charts.council(name, views=views))["vconcat"]) == panels


@pytest.mark.parametrize("name", ["Alpha", "Delta", "Zeta"])
def test_the_sites_fast_council_spec_is_the_council_chart(views: Views, name: str) -> None:
    council_spec("Alpha", views=views)  # a template made from another council of the same shape
    assert council_spec(name, views=views) == charts.spec(charts.council(name, views=Views(frames=frames())))


def test_a_council_chart_draws_england_the_region_and_the_council(views: Views) -> None:
    spec = charts.spec(charts.council("Alpha", views=views))
    scores = spec["datasets"]["council_scores"]
    mine = [row for row in scores if row["is_council"]]
    assert [row["score"] for row in mine] == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    equity = {row["score"]: row for row in scores if row["statement"].startswith("3 ")}
    assert (
        equity[2]["england"] == 3 and equity[2]["region"] == 2
    )  # Alpha, Beta, Epsilon; two in the North East
    waits = spec["datasets"]["council_waits"]
    assert [w["label"] for w in waits][1:3] == [
        "financial assessment (median)",
        "financial assessment (median), 2nd figure",
    ]


def test_an_unknown_measure_names_the_nearest(views: Views) -> None:
    with pytest.raises(UsageError, match="did you mean 'ascs_feel_safe'"):
        charts.measure("ascs_feel_saf", views=views)


@pytest.mark.parametrize("name", ["alpha", "Alpha Borough Council", "E06000001", "ALPHA borough"])
def test_a_council_is_found_by_any_of_its_names_or_its_code(views: Views, name: str) -> None:
    assert find_council(views, name)["council_id"] == 1


def test_an_unknown_council_names_close_matches(views: Views) -> None:
    with pytest.raises(UsageError, match="did you mean Delta Council"):
        find_council(views, "Delta Councill")


def test_parameters_are_checked_against_each_charts_declaration(views: Views) -> None:
    with pytest.raises(UsageError, match="has no parameter 'colour'"):
        charts.chart_kind("heatmap").make({"colour": "red"}, views)
    with pytest.raises(UsageError, match="sort must be one of total, region, type"):
        charts.chart_kind("heatmap").make({"sort": "size"}, views)
    with pytest.raises(UsageError, match="needs -p name="):
        charts.chart_kind("council").make({}, views)
    with pytest.raises(UsageError, match="did you mean 'ratings'"):
        charts.chart_kind("rating")


def test_colours_are_okabe_ito_and_never_the_only_cue(views: Views) -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(RATING_COLOURS) <= okabe_ito
    assert set(SCORE_COLOURS[:4]) <= okabe_ito and set(DIRECTION_COLOURS) - {"#777777"} <= okabe_ito
    heatmap = charts.spec(charts.heatmap(views=views))
    assert heatmap["hconcat"][-1]["layer"][1]["mark"]["type"] == "text"  # every cell prints its score
    comparisons = charts.spec(charts.council("Alpha", views=views))["vconcat"][1]["layer"][2]["encoding"]
    assert comparisons["shape"]["field"] == "direction"  # better / similar / worse by shape as well


@pytest.mark.parametrize("suffix", ["png", "svg", "html", "json"])
def test_save_writes_each_format_with_nothing_fetched_at_view_time(
    views: Views, tmp_path: Path, suffix: str
) -> None:
    written = charts.save(charts.ratings(views=views), tmp_path / f"ratings.{suffix}")
    data = written.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix == "svg":
        assert data.startswith(b"<svg")
    elif suffix == "html":
        text = data.decode()
        assert (
            "vegaEmbed" in text
            and '<script src="http' not in text
            and "cdn.jsdelivr" not in text.split("<body", 1)[1][:2000]
        )
    else:
        assert json.loads(data)["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert not list(tmp_path.glob(".*partial"))


def test_a_file_name_without_a_chart_format_is_refused(views: Views, tmp_path: Path) -> None:
    with pytest.raises(
        UsageError, match=r"expected a file name ending in .png, .svg, .html, .json, found '.pdf'"
    ):
        charts.save(charts.ratings(views=views), tmp_path / "ratings.pdf")

"""`fetch_reports` against the fixture site over four runs (see `conftest.story`): what is asked, how
politely, what is archived, and what the database shows after each run."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from .conftest import HARTLEPOOL_ABOUT, Story
from .site import FAULTS, FORBIDDEN, LISTING, MISSING_TAB, OFF_SITE_REDIRECT, PAGES, PDF_PATH, SLUGS

pytestmark = pytest.mark.db
TRUTH_FILES = {
    "norfolk-1125": "unseen5/norfolk-1125.truth.json",
    "manchester-0925": "unseen4/manchester-0925.truth.json",
    "camden-0925": "unseen/camden-0925.truth.json",
    "wakefield-0625": "unseen/wakefield-0625.truth.json",
}
HARTLEPOOL = (
    "Hartlepool Borough Council",
    "Good",
    [3, 3, 2, 2, 3, 3, 3, 3, 3],
)  # tests/parsing/test_golden_seed.py
PAGES_PER_RUN = (
    1 + 2 + 16 + 12 + 13 + 13 + 1
)  # robots, listing, hartlepool, norfolk, manchester, camden, wakefield
GAP_TOLERANCE = 0.005  # seconds (the pause runs from the end of the previous request: gaps only grow)
WINDOW = 10  # requests: the rate holds over a window too, not only between two


def _truth() -> dict[str, tuple[str, str, list[int]]]:
    facts = {"hartlepool-0525": HARTLEPOOL}
    for slug, name in TRUTH_FILES.items():
        truth = json.loads((PAGES.parent / name).read_text(encoding="utf-8"))
        facts[slug] = (
            truth["council_name"],
            truth["overall_rating"],
            [truth["scores"][str(n)] for n in range(1, 10)],
        )
    return facts


def _by_council(rows: list[dict]) -> dict[str, dict]:
    return {row["council"]: row for row in rows}


def test_the_first_run_archives_every_listed_report_and_loads_its_ratings_and_scores(story: Story) -> None:
    first = story.runs[0]
    assert [(r.slug, r.outcome) for r in first.summary.reports] == [(slug, "new") for slug in SLUGS]
    loaded = _by_council(first.assessments)
    for slug, (council, rating, scores) in _truth().items():
        row = loaded[council]
        assert (row["overall_rating"], row["scores"], row["status"]) == (rating, scores, "published"), slug
    # every page names its own address; manchester's PDF prints CQC's (the fixture PDF cannot name the
    # test server), and either may be the one the loader keeps
    for slug, (council, *_) in _truth().items():
        expected = {story.site.address(slug)}
        if slug == "manchester-0925":
            expected.add(f"https://www.cqc.org.uk{LISTING}/{slug}")
        assert loaded[council]["report_url"] in expected
    assert first.summary.load is not None and not first.summary.load.failed


def test_a_tab_answering_404_is_a_failed_page_and_its_report_loads_as_partial(story: Story) -> None:
    first = story.runs[0]
    failures = {failure.url: failure.reason for failure in first.summary.failures}
    assert failures == {
        story.site.base + OFF_SITE_REDIRECT: (
            f"HTTP 302 Found to {story.site.off_site}/elsewhere, outside the report: not followed"
        ),
        story.site.base + MISSING_TAB: "HTTP 404 Not Found while the report is published",
    }
    camden = _by_council(first.assessments)["London Borough of Camden"]
    assert (camden["detail"], camden["missing_parts"]) == ("partial", ["qs7"])
    others = [row["detail"] for row in first.assessments if row["council"] != "London Borough of Camden"]
    assert others == ["report"] * 4


def test_each_fault_is_retried_once_and_then_succeeds(story: Story) -> None:
    requests = story.runs[0].requests
    assert len(requests) == PAGES_PER_RUN + len(FAULTS)
    for path, fault in FAULTS.items():
        asked = [request for request in requests if request.path == path]
        assert len(asked) == 2, path
        assert asked[1].status == 200
        gap = asked[1].started - asked[0].started
        if fault == "429":  # Retry-After: 1
            assert gap >= 1.0 - GAP_TOLERANCE
        elif fault == "slow":  # the client gave up at --timeout 0.5, then waited its backoff (1 s)
            assert gap >= 0.5 + 1.0 - GAP_TOLERANCE
        else:  # 500: the backoff
            assert gap >= 1.0 - GAP_TOLERANCE


def test_requests_start_no_closer_than_the_rate_allows_in_every_run(story: Story) -> None:
    for number, run in enumerate(story.runs, 1):
        starts = [request.started for request in run.requests]
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
        shortest = min(range(len(gaps)), key=gaps.__getitem__)
        where = f"run {number}: {gaps[shortest]:.3f} s before {run.requests[shortest + 1].path}"
        assert gaps[shortest] >= 1 / run.rate - GAP_TOLERANCE, where
        spans = [starts[i + WINDOW] - starts[i] for i in range(len(starts) - WINDOW)]
        assert min(spans) >= WINDOW / run.rate - GAP_TOLERANCE, f"run {number}: {min(spans):.3f} s"


def test_robots_txt_is_read_first_and_the_path_it_disallows_is_never_asked(story: Story) -> None:
    for run in story.runs:
        assert run.requests[0].path == "/robots.txt"
        assert all(request.path != FORBIDDEN for request in run.requests)
    hartlepool = story.runs[0].summary.reports[0]
    assert hartlepool.not_requested == [story.site.base + FORBIDDEN]


def test_links_and_redirects_off_the_site_are_never_followed(story: Story) -> None:
    hosts = Counter(request.host for run in story.runs for request in run.requests)
    assert set(hosts) == {f"127.0.0.1:{story.site.port}"}
    assert all(request.method == "GET" for run in story.runs for request in run.requests)


def test_every_request_sends_the_user_agent_with_the_version_and_a_contact_url(story: Story) -> None:
    from cqc_la import __version__

    agents = {request.headers.get("user-agent") for run in story.runs for request in run.requests}
    assert len(agents) == 1
    (agent,) = agents
    assert agent is not None and agent.startswith(f"cqc-la/{__version__} (+https://")


def test_later_runs_ask_conditionally_and_unchanged_pages_answer_304(story: Story) -> None:
    first_files = {path for path, _ in story.runs[0].archive[0]}
    for number in (2, 3):
        run = story.runs[number - 1]
        conditional = [request for request in run.requests if request.conditional]
        plain = [request for request in run.requests if not request.conditional]
        # only redirects and the missing tab (nothing archived for them) are asked without validators
        assert sorted({request.status for request in plain}) == [301, 302, 404]
        assert len(run.requests) == PAGES_PER_RUN - 2  # wakefield is off the listing; norfolk's pages 410
        assert len(conditional) == 47
        pdf = next(request for request in conditional if request.path == PDF_PATH)
        assert "if-modified-since" in pdf.headers and "if-none-match" not in pdf.headers  # it has no ETag
        html = next(request for request in conditional if request.path == HARTLEPOOL_ABOUT)
        assert {"if-none-match", "if-modified-since"} <= set(html.headers)
        statuses = Counter(request.status for request in conditional)
        changed = 2 if number == 2 else 0  # hartlepool's about tab, the listing's second page
        assert statuses == Counter({304: 47 - 11 - changed, 410: 11, 200: changed}) + Counter()
        assert run.summary.not_modified == statuses[304]
    assert len(first_files) == 48  # 47 pages and robots.txt, asked with validators from here on


def test_a_changed_page_is_kept_as_a_new_version_beside_the_old_one(story: Story) -> None:
    before, after = story.runs[0].archive, story.runs[1].archive
    added = {path for path, _ in after[0]} - {path for path, _ in before[0]}
    assert added == {"hartlepool-0525/index.v2.html", "_site/listing-page-1.v2.html"}
    page = after[1]["hartlepool-0525/manifest.json"]["pages"][story.site.base + HARTLEPOOL_ABOUT]
    assert [v["version"] for v in page["versions"]] == [1, 2]
    assert page["versions"][0]["sha256"] != page["versions"][1]["sha256"]
    assert {"url", "status", "etag", "last_modified", "content_type", "sha256", "version", "file"} <= set(
        page["versions"][1]
    )
    assert story.runs[1].summary.reports[0].changed == [story.site.base + HARTLEPOOL_ABOUT]
    assert after[1]["hartlepool-0525/manifest.json"]["pending_load"] is True  # fetched without --load
    assert story.runs[2].archive[1]["hartlepool-0525/manifest.json"]["pending_load"] is False


def test_a_report_gone_from_the_listing_or_answering_410_everywhere_is_withdrawn_and_kept(
    story: Story,
) -> None:
    second = story.runs[1]
    withdrawn = {r.slug: (r.gone_since, r.note) for r in second.summary.of("withdrawn")}
    today = date.today().isoformat()
    assert withdrawn == {
        "norfolk-1125": (today, "every page answers 404 or 410"),
        "wakefield-0625": (today, "not on the listing"),
    }
    manifests = second.archive[1]
    assert manifests["wakefield-0625/manifest.json"]["gone_since"] == today
    assert manifests["wakefield-0625/manifest.json"]["listed"] is False
    kept = {path for path, _ in second.archive[0]}
    assert {path for path, _ in story.runs[0].archive[0]} <= kept  # nothing deleted
    assert {row["status"] for row in second.assessments} == {"published"}  # run 2 did not --load


def test_after_the_third_run_the_database_shows_the_withdrawals_and_the_changed_fact(story: Story) -> None:
    third = _by_council(story.runs[2].assessments)
    today = date.today()
    assert third["Wakefield Metropolitan District Council"]["status"] == "withdrawn"
    assert third["Wakefield Metropolitan District Council"]["withdrawn_on"] == today
    assert third["Norfolk County Council"]["status"] == "withdrawn"
    assert third["Hartlepool Borough Council"]["population"] == 95999  # was 95,366 in the first run
    assert _by_council(story.runs[0].assessments)["Hartlepool Borough Council"]["population"] == 95366
    assert third["Hartlepool Borough Council"]["status"] == "published"
    load = story.runs[2].summary.load
    assert load is not None and (load.count("replaced"), load.count("failed")) == (1, 0)


def test_a_report_back_on_the_listing_is_published_again(story: Story) -> None:
    fourth = story.runs[3]
    wakefield = next(r for r in fourth.summary.reports if r.slug == "wakefield-0625")
    assert (wakefield.outcome, wakefield.republished) == ("unchanged", True)
    rows = _by_council(fourth.assessments)
    assert rows["Wakefield Metropolitan District Council"]["status"] == "published"
    assert rows["Norfolk County Council"]["status"] == "withdrawn"  # still 410
    assert fourth.archive[1]["wakefield-0625/manifest.json"]["gone_since"] is None


def test_the_archive_holds_the_raw_bytes_the_site_served(story: Story) -> None:
    from hashlib import sha256

    files = dict(story.runs[0].archive[0])
    pdf = (PAGES / "manchester-0925" / "manchester-0925.pdf").read_bytes()
    assert files["manchester-0925/downloads/manchester-0925-local-authority-assessment.v1.pdf"] == (
        sha256(pdf).hexdigest()
    )
    names = {path.split("/", 1)[1] for path in files if path.startswith("hartlepool-0525/")}
    assert names == {
        "index.v1.html",
        "summary.v1.html",
        *(
            f"{tab}.v1.html"
            for tab in (
                "theme1/needs",
                "theme1/healthier-lives",
                "theme1/equity",
                "theme2/care",
                "theme2/partnerships",
                "theme3/pathways",
                "theme3/safeguarding",
                "theme4/governance",
                "theme4/learning",
            )
        ),
    }
    assert not any(path.startswith(".") or "/.tmp-" in path for path in files)  # nothing half-written

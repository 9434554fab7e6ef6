"""The built site, read as files (no browser): a page for every council and statement, links that all
resolve, nothing fetched from elsewhere, findings linked to their source lines, the views' scores."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from cqc_la.site.model import council_path

from ..conftest import ROOT
from .conftest import SEED_URL, sql

QS = ["qs1_assessing_needs", "qs2_healthier_lives", "qs3_equity", "qs4_care_provision", "qs5_partnerships",
      "qs6_safe_systems", "qs7_safeguarding", "qs8_governance", "qs9_learning"]  # fmt: skip


@cache
def parsed(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_council_has_a_page_and_those_without_an_assessment_say_so(
    site_dir: Path, site_db: str
) -> None:
    councils = sql(site_db, "select council_name, exists (select 1 from analysis.latest_assessments l "
                            "where l.council_id = c.council_id) from cqc.council c")  # fmt: skip
    assert len(councils) == 153
    assert len(list((site_dir / "councils").glob("*.html"))) == 153
    for name, assessed in councils:
        page = parsed(site_dir / council_path(name))
        assert page.css_first("h1").text() == name
        assert (page.css_first("#no-assessment") is None) == assessed, name


def test_every_council_page_shows_the_scores_of_latest_assessments(site_dir: Path, site_db: str) -> None:
    rows = sql(
        site_db,
        f"select council, overall_rating, total_score, max_score, {', '.join(QS)} from analysis.latest_assessments",
    )
    assert len(rows) > 70
    for council, rating, total, maximum, *scores in rows:
        page = parsed(site_dir / council_path(council))
        shown = {row.attributes["data-qs"]: row.css_first("td[data-score]").attributes["data-score"]
                 for row in page.css("#scores tr[data-qs]")}  # fmt: skip
        assert shown == {str(n): "" if s is None else str(s) for n, s in enumerate(scores, 1)}, council
        assert page.css_first("#rating").attributes["data-value"] == (rating or ""), council
        expected = f"{total}/{maximum}" if total is not None else "Total score—"
        assert expected in page.css_first(".summary").text(), council


def test_every_internal_link_resolves_every_page_is_reachable_and_ids_are_unique(site_dir: Path) -> None:
    pages = html_pages(site_dir)
    reached = {site_dir / "index.html"}
    queue = [site_dir / "index.html"]
    broken: list[str] = []
    while queue:
        page = queue.pop()
        document = parsed(page)
        ids = [node.attributes["id"] for node in document.css("[id]")]
        assert len(ids) == len(set(ids)), (
            f"{page}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}"
        )
        for node in document.css("a[href], link[href], script[src], img[src]"):
            target = node.attributes.get("href") or node.attributes.get("src") or ""
            parts = urlsplit(target)
            if parts.scheme in ("http", "https"):
                assert node.tag == "a", f"{page}: {node.tag} from {target}: every asset must be local"
                continue
            assert not parts.scheme, f"{page}: unexpected link {target}"
            file = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not file.is_file():
                broken.append(f"{page.relative_to(site_dir)} -> {target}")
                continue
            if (
                parts.fragment
                and file.suffix == ".html"
                and parsed(file).css_first(f"[id='{parts.fragment}']") is None
            ):
                broken.append(f"{page.relative_to(site_dir)} -> {target} (no such id)")
            if file.suffix == ".html" and file not in reached:
                reached.add(file)
                queue.append(file)
    assert not broken, broken[:10]
    assert reached == set(pages), sorted(str(p) for p in set(pages) - reached)[:10]


def test_findings_link_to_their_cqc_address_and_to_the_line_of_their_file(
    site_dir: Path, site_db: str
) -> None:
    page = parsed(site_dir / council_path("Hartlepool Borough Council"))
    findings = page.css(".finding")
    assert len(findings) > 50
    for finding in findings:
        links = [a.attributes["href"] for a in finding.css(".source a")]
        assert links[0].startswith(SEED_URL), links
        match = re.fullmatch(r"\.\./(sources/[0-9a-f]{16}\.html)#(L\d+)", links[1])
        assert match, links
        line = parsed(site_dir / match.group(1)).css_first(f"#{match.group(2)}")
        assert line.css_first("p").text() == finding.css_first("p").text()
    norfolk = parsed(site_dir / council_path("Norfolk County Council"))
    assert re.search(r"norfolk-1125\.pdf, page \d+ line \d+", norfolk.css_first(".finding .source").text())


def test_a_council_with_several_assessments_shows_its_history(site_dir: Path) -> None:
    camden = parsed(site_dir / council_path("London Borough of Camden"))
    rows = camden.css("#history-table tbody tr")
    assert [row.css("td")[1].text() for row in rows] == ["report", "summary"]


def test_statement_pages_hold_the_league_the_distribution_and_the_topics(
    site_dir: Path, site_db: str
) -> None:
    for number, column in enumerate(QS, 1):
        page = parsed(site_dir / "statements" / f"qs{number}.html")
        scored = sql(site_db, f"select count(*) from analysis.latest_assessments where {column} is not null")[
            0
        ][0]
        league = page.css("#league-table tbody tr")
        assert sum(row.css("td")[3].text() != "–" for row in league) == scored
        scores = [int(row.css("td")[3].text()) for row in league if row.css("td")[3].text() != "–"]
        assert scores == sorted(scores, reverse=True)
        assert page.css_first("#fig-statement-" + str(number)) is not None
        assert page.css("#topics-table tbody tr"), f"qs{number}: no key-finding topics"


def test_the_national_page_has_every_section_the_issue_asks_for(site_dir: Path, site_db: str) -> None:
    page = parsed(site_dir / "index.html")
    for section in (
        "coverage",
        "heatmap",
        "ratings",
        "statements",
        "league",
        "boundary",
        "deprivation",
        "councils",
    ):
        assert page.css_first(f"section#{section}") is not None, section
    assessed = sql(site_db, "select count(*) from analysis.latest_assessments")[0][0]
    assert len(page.css("#league-table tbody tr")) == assessed
    assert {n.attributes["data-filter"] for n in page.css(".filters select")} == {"region", "type"}
    groups = [int(n.text()) for n in page.css("#coverage .badge")]
    assert sum(groups) == 153


def test_a_site_is_written_only_over_an_empty_folder_or_an_earlier_site(tmp_path: Path) -> None:
    from cqc_la.errors import UsageError
    from cqc_la.site.build import MARKER, prepare

    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(UsageError, match="expected an empty directory or a site cqc-la built before"):
        prepare(tmp_path)
    earlier = tmp_path / "site"
    prepare(earlier)
    (earlier / "councils").mkdir()
    (earlier / "councils" / "gone.html").write_text("a council that is no more")
    (earlier / "index.html").write_text("the old national page")
    prepare(earlier)
    assert sorted(p.name for p in earlier.iterdir()) == [MARKER]
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_the_wheel_carries_the_templates_and_assets(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("cqc_la-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "loader" / "cqc_la" / "site"
    expected = {
        f"cqc_la/site/{p.relative_to(package)}"
        for p in [*package.glob("templates/*"), *package.glob("static/*")]
    }
    assert expected and expected <= names, sorted(expected - names)

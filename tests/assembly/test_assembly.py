"""Assembling the pages of one report: the pure rules, on parsed files alone (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_la.assembly import FileParts, Member, assemble, assemble_reports, group_members, winners
from cqc_la.report import ReportError, Segment
from cqc_la.sources import parse_report

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEED = ROOT / "seeds" / "hartlepool-0525.md"
REAL = ROOT / "tests" / "fixtures" / "real_pages"
WHOLE = tuple(
    Segment(part, number, number)
    for number, part in enumerate(("front", "about", "summary", *(f"qs{n}" for n in range(1, 10))), start=1)
)


def _file(key: str, order: int, parts: tuple[str, ...] | None = None, cut: int | None = None) -> FileParts:
    segments = WHOLE if parts is None else tuple(s for s in WHOLE if s.part in parts)
    return FileParts(key, key, order, segments, cut)


def test_a_newer_complete_copy_of_a_part_replaces_the_older_one() -> None:
    chosen = winners([_file("report", 1), _file("tab", 2, ("front", "qs3"))])
    assert chosen["qs3"].key == "tab" and chosen["qs4"].key == "report"


def test_a_cut_off_file_never_replaces_a_complete_part() -> None:
    # the newer file is cut off in qs5 (line 8); its complete parts still lose to a whole file's
    chosen = winners([_file("report", 1), _file("cut", 2, cut=8)])
    assert {part: file.key for part, file in chosen.items()} == {part.part: "report" for part in WHOLE}


def test_a_cut_off_part_is_used_where_nothing_more_complete_exists() -> None:
    chosen = winners(
        [_file("summary-tab", 1, ("front", "summary")), _file("cut", 2, ("front", "qs1", "qs2"), 5)]
    )
    assert chosen["qs2"].key == "cut" and chosen["summary"].key == "summary-tab"


def test_the_front_comes_from_the_file_that_gives_the_summary() -> None:
    files = [_file("qs-tab", 5, ("front", "qs1")), _file("summary-tab", 1, ("front", "summary"))]
    pieces = assemble(files)
    assert (pieces[0].file.key, pieces[0].segment.part) == ("summary-tab", "front")
    # the statement tab's own title lines go with its statement, in framework order
    assert [(p.file.key, p.segment.part) for p in pieces[1:]] == [
        ("summary-tab", "summary"),
        ("qs-tab", "front"),
        ("qs-tab", "qs1"),
    ]


def test_tabs_in_any_order_assemble_in_the_framework_order() -> None:
    tabs = [_file(f"qs{n}", 10 - n, ("front", f"qs{n}")) for n in range(9, 0, -1)]
    parts = [p.segment.part for p in assemble([*tabs, _file("summary", 0, ("front", "summary"))])]
    assert [part for part in parts if part != "front"] == ["summary", *(f"qs{n}" for n in range(1, 10))]


def _members(*paths: Path) -> list[Member]:
    return [Member(str(path), parse_report(path)) for path in paths]


def test_an_undated_tab_joins_the_report_of_its_council_in_the_run() -> None:
    tabs = sorted((PAGES / "norfolk-1125" / "tabs").iterdir())
    groups, refused = group_members(_members(*tabs))
    assert refused == [] and len(groups) == 1 and len(groups[0].members) == 11
    assert groups[0].published_on is not None and groups[0].published_on.isoformat() == "2025-11-21"


def test_an_undated_tab_with_two_reports_of_its_council_in_the_run_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    summary = (REAL / "york-1225-summary.txt").read_text(encoding="utf-8")
    later = tmp_path / "york-0327-summary.txt"
    later.write_text(summary.replace("5 December 2025", "3 March 2027"), encoding="utf-8")
    statement_tab = tmp_path / "york-tab.txt"
    statement_tab.write_text(
        (REAL / "eastriding-1025-theme1-needs.txt")
        .read_text(encoding="utf-8")
        .replace("East Riding of Yorkshire Council", "City of York Council"),
        encoding="utf-8",
    )
    groups, refused = group_members(_members(REAL / "york-1225-summary.txt", later, statement_tab))
    assert len(groups) == 2 and [r.member.path for r in refused] == [str(statement_tab)]
    assert "published 2025-12-05, published 2027-03-03" in refused[0].message


def test_an_undated_tab_alone_is_left_for_the_store() -> None:
    groups, refused = group_members(_members(REAL / "eastriding-1025-theme1-needs.txt"))
    assert refused == [] and groups[0].published_on is None


@pytest.mark.parametrize("slug", sorted(p.name for p in PAGES.iterdir() if p.is_dir()))
def test_the_tabs_of_a_report_assemble_to_its_whole_report(slug: str) -> None:
    tabs = [parse_report(path) for path in sorted((PAGES / slug / "tabs").iterdir())]
    (report,) = assemble_reports(tabs)
    page = parse_report(PAGES / slug / "page.html")
    assert report.detail == "report" and report.missing_parts == ()
    assert [s.score for s in report.statements] == [s.score for s in page.statements]
    assert report.overall_rating is not None and page.overall_rating is not None
    assert report.overall_rating.value == page.overall_rating.value
    assert report.printed_overall_pct is not None  # only the summary tab prints it
    # every line comes from one of the tabs, and names it
    origins = {report.source.origin(n) for n in range(1, report.source.line_count + 1)} - {None}
    assert {origin.file for origin in origins} == {tab.file_name for tab in tabs}


def test_a_tab_that_joins_no_report_raises_in_assemble_reports() -> None:
    york = parse_report(REAL / "york-1225-summary.txt")
    other = parse_report(
        (REAL / "york-1225-summary.txt").read_text().replace("5 December 2025", "3 March 2027")
    )
    tab = parse_report(
        (REAL / "eastriding-1025-theme1-needs.txt")
        .read_text()
        .replace("East Riding of Yorkshire", "City of York"),
        "tab.txt",
    )
    with pytest.raises(ReportError, match="found 2 in this run"):
        assemble_reports([york, other, tab])

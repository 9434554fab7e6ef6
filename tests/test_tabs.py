"""Loading reports as CQC publishes them: tabs, single pages, PDFs, parts, and what replaces what."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.loading import load_reports
from cqc_la.sources import read_source

from .conftest import ROOT, SEED, run_cli
from .test_loading import _fingerprint, _scalar

pytestmark = pytest.mark.db
PAGES = ROOT / "tests" / "fixtures" / "pages"
REAL = ROOT / "tests" / "fixtures" / "real_pages"
REAL_SUMMARY = REAL / "hartlepool-0525-summary.txt"


def _rows(url: str, sql: str, **params):  # type: ignore[no-untyped-def]
    with database.engine(url).connect() as connection:
        return connection.execute(text(sql), params).all()


def _assessments(url: str) -> list[tuple]:
    return _rows(
        url,
        "select c.council_name, a.published_on::text, a.detail, a.overall_rating, a.printed_overall_pct, "
        "array(select score from cqc.statement_result r where r.assessment_id = a.assessment_id order by qs_no), "
        "a.missing_parts, a.banner_updated_on::text "
        "from cqc.assessment a join cqc.council c using (council_id) where a.detail <> 'summary' "
        "order by c.council_name",
    )


def test_a_directory_of_tabs_pages_a_pdf_and_the_seed_gives_five_whole_assessments(
    clean_db: str, tmp_path: Path
) -> None:
    shutil.copytree(PAGES / "norfolk-1125" / "tabs", tmp_path / "norfolk")
    shutil.copytree(PAGES / "camden-0925" / "tabs", tmp_path / "downloads")  # tabs among other files
    shutil.copy(PAGES / "manchester-0925" / "page.html", tmp_path / "downloads" / "manchester.html")
    shutil.copy(PAGES / "wakefield-0625" / "wakefield-0625.pdf", tmp_path / "wakefield")  # no suffix
    shutil.copy(SEED, tmp_path / "hartlepool-0525.md")
    summary = load_reports([tmp_path], clean_db)
    assert summary.count("failed") == 0, [f.message for f in summary.failed]
    assert summary.count("loaded") == 11 + 11 + 1 + 1 + 1
    found = _assessments(clean_db)
    assert [(name, detail) for name, _, detail, *_ in found] == [
        ("Hartlepool Borough Council", "report"),
        ("London Borough of Camden", "report"),
        ("Manchester City Council", "report"),
        ("Norfolk County Council", "report"),
        ("Wakefield Metropolitan District Council", "report"),
    ]
    # every fact of every assessment has a file and a line (or a page, for the PDF)
    unplaced = _scalar(
        clean_db,
        "select count(*) from cqc.paragraph p where not exists "
        "(select 1 from analysis.paragraph_sources s where s.paragraph_id = p.paragraph_id)",
    )
    assert unplaced == 0
    pages = _rows(
        clean_db,
        "select distinct page from analysis.paragraph_sources where media_type = 'application/pdf' order by 1",
    )
    assert len(pages) > 3 and pages[0][0] == 1


def test_every_paragraph_names_the_file_and_line_it_was_printed_on(clean_db: str) -> None:
    tabs = sorted((PAGES / "hartlepool-0525" / "tabs").iterdir())
    load_reports(tabs, clean_db)
    texts = {
        name: extracted.split("\n")
        for name, extracted in _rows(clean_db, "select file_name, extracted_text from cqc.source_file")
    }
    assert set(texts) == {tab.name for tab in tabs}
    rows = _rows(clean_db, "select file_name, line_in_file, text from analysis.paragraph_sources")
    assert len(rows) > 500
    for file_name, line, paragraph in rows:
        printed = texts[file_name][line - 1]
        first = paragraph.split("\n")[0]
        assert first[:20].strip() in printed or first.strip()[:20] in " ".join(printed.split()), (
            file_name,
            line,
            first,
        )


def test_each_file_text_and_digest_is_stored_so_it_can_be_rebuilt(clean_db: str) -> None:
    files = [*sorted((PAGES / "manchester-0925" / "tabs").iterdir()), PAGES / "norfolk-1125" / "page.html"]
    load_reports(files, clean_db)
    stored = {
        sha: (name, extracted)
        for sha, name, extracted in _rows(
            clean_db, "select sha256, file_name, extracted_text from cqc.source_file"
        )
    }
    for path in files:
        source = read_source(path, path.name)
        assert stored[source.sha256] == (path.name, source.text)


def test_the_summary_tab_alone_is_a_partial_assessment_with_its_rating_scores_and_percentage(
    clean_db: str,
) -> None:
    tab = _summary_tab("norfolk-1125")
    summary = load_reports([tab], clean_db)
    assert [f.outcome for f in summary.files] == ["loaded"]
    ((name, published, detail, rating, pct, scores, missing, _),) = _assessments(clean_db)
    assert (name, published, detail, rating) == ("Norfolk County Council", "2025-11-21", "partial", "Good")
    assert scores == [3, 3, 2, 3, 3, 3, 2, 3, 3] and pct == 70
    assert missing == [f"qs{n}" for n in range(1, 10)]
    warning = _scalar(clean_db, "select message from cqc.load_warning where kind = 'missing_parts'")
    assert "quality statement 1 (Assessing needs)" in warning


def test_the_real_summary_tab_loads_alone_and_adds_no_second_assessment_after_the_seed(clean_db: str) -> None:
    load_reports([REAL_SUMMARY], clean_db)
    ((name, published, detail, rating, pct, scores, _, updated),) = _assessments(clean_db)
    assert (published, detail, rating, pct, updated) == ("2025-05-14", "partial", "Good", 70, "2025-08-11")
    assert scores == [3, 3, 2, 2, 3, 3, 3, 3, 3]
    assert _scalar(clean_db, "select count(*) from cqc.load_warning where kind = 'cut_off'") == 1
    # the whole report then wins every part; the cut-off tab is no longer part of any assessment
    assert [f.outcome for f in load_reports([SEED], clean_db).files] == ["replaced"]
    assert _assessments(clean_db)[0][2] == "report"
    before = _fingerprint(clean_db)
    again = load_reports([REAL_SUMMARY], clean_db).files[0]
    assert again.outcome == "unchanged" and "cut off" in (again.message or "")
    assert _fingerprint(clean_db) == before
    assert _scalar(clean_db, "select count(*) from cqc.assessment where detail <> 'summary'") == 1


CUT_POINTS = (12, 30, 60, 150, 258, 410, 520, 700, 780, 930)


def _cut_seed(tmp_path: Path, line: int) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    kept = lines[:line]
    while not kept[-1].strip():
        kept.pop()
    last = kept[-1]
    if len(last) > 60:  # a paragraph: cut it mid-sentence
        kept[-1] = last[: len(last) // 2].rstrip(" .")
    path = tmp_path / f"hartlepool-cut-{line}.md"
    path.write_text("\n".join(kept), encoding="utf-8")
    return path


@pytest.mark.parametrize("line", CUT_POINTS)
def test_the_seed_cut_off_is_a_partial_part_and_never_replaces_the_whole_report(
    clean_db: str, tmp_path: Path, line: int
) -> None:
    cut = _cut_seed(tmp_path, line)
    assert [f.outcome for f in load_reports([cut], clean_db).files] == ["loaded"]
    assert _assessments(clean_db)[0][2] == "partial"
    warning = _rows(clean_db, "select message, line from cqc.load_warning where kind = 'cut_off'")
    assert len(warning) == 1 and warning[0][1] is not None
    load_reports([SEED], clean_db)
    assert [row[2] for row in _assessments(clean_db)] == ["report"]
    before = _fingerprint(clean_db)
    outcome = load_reports([cut], clean_db).files[0]
    assert outcome.outcome == "unchanged" and "cut off" in (outcome.message or ""), outcome.message
    assert _fingerprint(clean_db) == before


def test_loading_the_same_tabs_again_is_unchanged(clean_db: str) -> None:
    tabs = sorted((PAGES / "wakefield-0625" / "tabs").iterdir())
    load_reports(tabs, clean_db)
    before = _fingerprint(clean_db)
    assert {f.outcome for f in load_reports(tabs, clean_db).files} == {"unchanged"}
    assert _fingerprint(clean_db) == before


def _summary_tab(slug: str) -> Path:
    return next(
        path
        for path in sorted((PAGES / slug / "tabs").iterdir())
        if "Quality statement scores" in path.read_text(encoding="utf-8")
    )


def _statement_tab(slug: str, name: str) -> Path:
    return next(
        path
        for path in (PAGES / slug / "tabs").iterdir()
        if f"<h2>{name}</h2>" in path.read_text(encoding="utf-8")
    )


def test_a_changed_tab_replaces_that_tab_of_the_stored_assessment(clean_db: str, tmp_path: Path) -> None:
    tabs = sorted((PAGES / "wakefield-0625" / "tabs").iterdir())
    first = load_reports(tabs, clean_db).files[0].assessment_id
    safeguarding = _statement_tab("wakefield-0625", "Safeguarding")
    changed = tmp_path / safeguarding.name
    html = safeguarding.read_text(encoding="utf-8")
    assert "Score: 2" in html or "Score:&nbsp;2" in html
    changed.write_text(
        html.replace("Score: 2", "Score: 3").replace(
            "2 - Requires improvement: Evidence shows some shortfalls", "3 - Good: Evidence shows a good standard"
        ),
        encoding="utf-8",
    )
    (outcome,) = load_reports([changed], clean_db).files
    assert outcome.outcome == "replaced", outcome.message
    assert f"replaced assessment {first}" in (outcome.message or "")
    assert _assessments(clean_db)[0][5][6] == 3  # qs7, Safeguarding
    assert _assessments(clean_db)[0][2] == "report"
    files = _scalar(clean_db, "select count(*) from cqc.source_file")
    assert files == 11  # the old Safeguarding tab is no longer stored: nothing else is used of it
    log = _scalar(clean_db, "select message from cqc.load_log where outcome = 'replaced'")
    assert "quality statement 7 (Safeguarding)" in log


def test_a_statement_tab_joins_the_stored_report_of_its_council(clean_db: str) -> None:
    load_reports([_summary_tab("camden-0925")], clean_db)
    assert _assessments(clean_db)[0][6] == [f"qs{n}" for n in range(1, 10)]
    load_reports([_statement_tab("camden-0925", "Safeguarding")], clean_db)
    ((*_, missing, _),) = _assessments(clean_db)
    assert missing == [f"qs{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9)]


def test_a_statement_tab_with_no_report_to_join_fails_in_one_line(clean_db: str) -> None:
    result = run_cli("load", str(REAL / "eastriding-1025-theme1-needs.txt"), url=clean_db)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert "eastriding-1025-theme1-needs.txt: expected a publication date" in line
    assert "no report of that council" in line


def test_the_same_tab_saved_twice_is_collapsed(clean_db: str, tmp_path: Path) -> None:
    tab = _statement_tab("camden-0925", "Safeguarding")
    summary_tab = next(
        p for p in (PAGES / "camden-0925" / "tabs").iterdir() if "Overall summary" in p.read_text()
    )
    copy = tmp_path / "Camden (7).htm"
    shutil.copy(tab, copy)
    outcomes = {Path(f.path).name: f for f in load_reports([summary_tab, tab, copy], clean_db).files}
    assert outcomes["Camden (7).htm"].outcome == "unchanged"
    assert "the same file as" in (outcomes["Camden (7).htm"].message or "")
    assert _scalar(clean_db, "select count(*) from cqc.source_file") == 2


FORMS = {
    "page": lambda slug: [PAGES / slug / "page.html"],
    "pdf": lambda slug: [PAGES / slug / f"{slug}.pdf"],
    "tabs": lambda slug: sorted((PAGES / slug / "tabs").iterdir()),
}


@pytest.mark.parametrize("slug", ["hartlepool-0525", "norfolk-1125"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_line_of_every_form_is_stored_once_and_each_file_can_be_rebuilt(
    clean_db: str, slug: str, form: str
) -> None:
    """Every visible line the reader extracted (HTML: every visible text node; PDF: every printed line)
    lands in exactly one stored heading, paragraph or list item, and each file's text is kept whole."""
    from .test_loading import _stored_lines

    files = FORMS[form](slug)
    summary = load_reports(files, clean_db)
    assert summary.count("failed") == 0, [f.message for f in summary.failed]
    (assessment_id,) = {f.assessment_id for f in summary.files}
    sources = [read_source(path, path.name) for path in files]
    stored = {
        sha: extracted
        for sha, extracted in _rows(clean_db, "select sha256, extracted_text from cqc.source_file")
    }
    assert stored == {source.sha256: source.text for source in sources}
    expected = _rows(
        clean_db,
        "select f.file_name, s.file_line_start, s.file_line_end from cqc.source_segment s "
        "join cqc.source_file f using (file_id) join cqc.assessment a on a.document_id = s.document_id "
        "where a.assessment_id = :a order by s.segment_no",
        a=assessment_id,
    )
    by_name = {source.name: source.lines for source in sources}
    lines = [
        line
        for name, start, end in expected
        for line in by_name[name][start - 1 : end]
        if line.strip() and line.strip() != "---"
    ]
    assert _stored_lines(clean_db, assessment_id) == lines
    # and every file is used whole: the segments of each file cover all of its lines
    for source in sources:
        spans = sorted((start, end) for name, start, end in expected if name == source.name)
        covered = [n for start, end in spans for n in range(start, end + 1)]
        assert covered == list(range(1, source.line_count + 1)), source.name


def test_an_undated_tab_with_two_stored_reports_of_its_council_fails_naming_both(
    clean_db: str, tmp_path: Path
) -> None:
    summary = (REAL / "york-1225-summary.txt").read_text(encoding="utf-8")
    later = tmp_path / "york-0327-summary.txt"
    later.write_text(summary.replace("5 December 2025", "3 March 2027"), encoding="utf-8")
    load_reports([REAL / "york-1225-summary.txt"], clean_db)
    load_reports([later], clean_db)
    tab = tmp_path / "york-needs.txt"
    tab.write_text(
        (REAL / "eastriding-1025-theme1-needs.txt")
        .read_text(encoding="utf-8")
        .replace("East Riding of Yorkshire Council", "City of York Council"),
        encoding="utf-8",
    )
    before = _fingerprint(clean_db)
    (outcome,) = load_reports([tab], clean_db).files
    assert outcome.outcome == "failed"
    assert "found 2 stored reports (2025-12-05, 2027-03-03)" in (outcome.message or "")
    assert _fingerprint(clean_db) == before


def test_the_address_a_saved_page_names_is_stored_with_its_file(clean_db: str) -> None:
    tabs = sorted((PAGES / "hartlepool-0525" / "tabs").iterdir())
    load_reports(tabs, clean_db)
    urls = {name: url for name, url in _rows(clean_db, "select file_name, url from cqc.source_file")}
    for tab in tabs:
        assert urls[tab.name] == read_source(tab, tab.name).url
    assert all(
        url and url.startswith("https://www.cqc.org.uk/care-services/local-authority-assessment-reports/")
        for url in urls.values()
    )

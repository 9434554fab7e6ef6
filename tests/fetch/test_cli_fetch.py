"""`cqc-la fetch` as a user runs it: help with examples, output, exit status, the default archive."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cqc_la.cli import fetch, main
from cqc_la.fetch import fetch_reports

from .conftest import LATER_RATE, TIMEOUT, run_fetch_cli
from .site import LISTING, MISSING_TAB, FixtureSite


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`cqc-la fetch ...` in this process, with the command registered (until cli/main.py does it)."""
    build = main.build_parser

    def with_fetch() -> argparse.ArgumentParser:
        parser = build()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "fetch" not in sub.choices:
            fetch.register(sub)
        return parser

    monkeypatch.setattr(main, "build_parser", with_fetch)
    return lambda *args: main.main(["fetch", *args])


def test_help_names_every_option_with_examples(cli, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stopped:
        cli("--help")
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    for option in (
        "--site URL",
        "--since DATE",
        "--archive DIR",
        "--rate N",
        "--timeout SECONDS",
        "--load",
        "REPORT",
    ):
        assert option in shown
    assert "examples:" in shown and "cqc-la fetch --since 2025-10-01 --load" in shown
    assert "CQC_LA_ARCHIVE" in shown and "robots.txt" in shown


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["not a slug!"], "'not a slug!' is not a report slug"),
        (
            ["https://example.org/care-services/local-authority-assessment-reports/york-1225"],
            "is not a report on",
        ),
        (["--since", "2025-13-01", "york-1225"], "--since expects a date as YYYY-MM-DD"),
        (["--rate", "0", "york-1225"], "--rate must be a positive number"),
    ],
)
def test_a_usage_mistake_is_one_line_and_status_2(
    cli, capsys: pytest.CaptureFixture[str], tmp_path: Path, given: list[str], said: str
) -> None:  # type: ignore[no-untyped-def]
    assert cli(*given, "--archive", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("cqc-la: error: ") and said in err and len(err.strip().splitlines()) == 1


def test_named_reports_are_fetched_without_the_listing_and_a_failed_page_makes_status_1(
    cli, fixture_site: FixtureSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    site = fixture_site
    site.reset(faults=False)
    mark = site.mark()
    www_url = f"https://www.cqc.org.uk{LISTING}/camden-0925/summary"  # a page of CQC's own, put on --site
    common = [
        "--site",
        site.base,
        "--archive",
        str(tmp_path),
        "--rate",
        str(LATER_RATE),
        "--timeout",
        str(TIMEOUT),
    ]
    done = run_fetch_cli("norfolk-1125", www_url, *common)
    assert done.returncode == 1, done.stderr
    assert "new: norfolk-1125 (11 pages)" in done.stdout and "new: camden-0925 (10 pages)" in done.stdout
    assert (
        f"failed: {site.base}{MISSING_TAB}: HTTP 404 Not Found while the report is published" in done.stderr
    )
    assert "2 reports: 2 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed" in done.stdout
    assert f"archive: {tmp_path}" in done.stdout
    assert not any(
        request.path.startswith(LISTING + "?") or request.path == LISTING for request in site.since(mark)
    )

    assert cli("norfolk-1125", *common) == 0
    again = capsys.readouterr().out
    assert "norfolk-1125" not in again  # unchanged reports are counted, not listed
    assert "1 report: 0 new, 0 changed, 1 unchanged" in again and "12 not modified" in again  # and robots.txt


def test_the_archive_defaults_to_cqc_la_archive(
    cli,
    fixture_site: FixtureSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # type: ignore[no-untyped-def]
    fixture_site.reset(faults=False)
    monkeypatch.setenv("CQC_LA_ARCHIVE", str(tmp_path / "chosen"))
    assert cli("wakefield-0625", "--site", fixture_site.base, "--rate", str(LATER_RATE), "--quiet") == 0
    assert (tmp_path / "chosen" / "wakefield-0625" / "manifest.json").is_file()
    assert f"archive: {tmp_path / 'chosen'}" in capsys.readouterr().out


def test_since_fetches_only_reports_published_or_updated_since_the_date(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    site = fixture_site
    site.reset(faults=False)
    mark = site.mark()
    summary = fetch_reports(
        site=site.base, since="2025-10-01", archive=tmp_path, rate=LATER_RATE, timeout=TIMEOUT
    )
    outcomes = {report.slug: report.outcome for report in summary.reports}
    assert outcomes == {
        "hartlepool-0525": "skipped",  # published 14 May 2025, updated 11 August 2025
        "norfolk-1125": "new",  # 21 November 2025
        "manchester-0925": "new",  # updated 3 October 2025
        "camden-0925": "skipped",  # 5 September 2025
        "wakefield-0625": "new",  # its one page prints no banner: fetched
    }
    assert summary.reports[0].note == "not published or updated since 2025-10-01 (last 2025-08-11)"
    asked = {request.path for request in site.since(mark)}
    for slug in ("hartlepool-0525", "camden-0925"):
        assert {path for path in asked if path.startswith(f"{LISTING}/{slug}")} == {f"{LISTING}/{slug}"}


def test_a_named_report_that_is_not_there_fails_in_one_line(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    fixture_site.reset(faults=False)
    summary = fetch_reports(["york-1225"], site=fixture_site.base, archive=tmp_path, rate=LATER_RATE)
    assert [(r.slug, r.outcome) for r in summary.reports] == [("york-1225", "failed")]
    assert [f.describe() for f in summary.failures] == [
        f"{fixture_site.address('york-1225')}: no report at this address: HTTP 404 Not Found"
    ]


def test_a_listing_that_could_not_be_read_whole_withdraws_nothing(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    site = fixture_site
    site.reset(faults=False)
    fetch_reports(["wakefield-0625"], site=site.base, archive=tmp_path, rate=LATER_RATE)
    del site.routes[f"{LISTING}?page=1"]  # the listing's second page, where wakefield is, answers 404
    summary = fetch_reports(site=site.base, since="2099-01-01", archive=tmp_path, rate=LATER_RATE)
    assert summary.listing_complete is False
    assert summary.count("withdrawn") == 0 and summary.count("skipped") == 3  # page 1's, by --since
    assert [f.describe() for f in summary.failures] == [f"{site.base}{LISTING}?page=1: HTTP 404 Not Found"]

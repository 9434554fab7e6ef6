"""A fetch killed halfway (SIGKILL, no chance to clean up) and run again ends as if it had never stopped."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from cqc_la.fetch import fetch_reports

from .conftest import LATER_RATE, TIMEOUT, Story, archive_state, assessments, cli_env, fetch_cli_command
from .site import LISTING, FixtureSite

pytestmark = pytest.mark.db
KILL_AFTER = 25  # requests: robots.txt, the listing, hartlepool's pages, and into norfolk's


def test_a_fetch_killed_halfway_and_run_again_ends_with_the_archive_and_database_of_one_uninterrupted_run(
    story: Story, fixture_site: FixtureSite, clean_db: str, tmp_path: Path
) -> None:
    # the site as the story's first run found it, without its faults this time: how a page was got
    # leaves no trace in the archive
    site = fixture_site
    site.reset(faults=False)
    url = clean_db
    archive = tmp_path / "archive"
    tripped = site.trip_after(KILL_AFTER)
    command = fetch_cli_command(
        "--site",
        site.base,
        "--archive",
        str(archive),
        "--rate",
        str(LATER_RATE),
        "--timeout",
        str(TIMEOUT),
        "--load",
    )
    process = subprocess.Popen(
        command,
        env=cli_env({"CQC_LA_DATABASE_URL": url}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert tripped.wait(60), "the fetch never got going"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert (archive / ".run.json").exists()  # the unfinished run
    killed_files, killed_manifests = archive_state(archive)
    assert 0 < len(killed_files) < len(story.runs[0].archive[0])

    mark = site.mark()
    summary = fetch_reports(
        site=site.base, archive=archive, rate=LATER_RATE, timeout=TIMEOUT, load=True, url=url
    )
    rerun = site.since(mark)

    assert summary.continued and not (archive / ".run.json").exists()
    assert archive_state(archive) == story.runs[0].archive
    assert assessments(url) == story.runs[0].assessments
    assert [(r.slug, r.outcome, r.pages) for r in summary.reports] == [
        (r.slug, r.outcome, r.pages) for r in story.runs[0].summary.reports
    ]
    # hartlepool was done before the kill: not asked again; pages archived by the killed run are asked
    # only conditionally
    assert not any(request.path.startswith(f"{LISTING}/hartlepool-0525") for request in rerun)
    archived = {
        url
        for manifest in killed_manifests.values()
        for url, page in manifest["pages"].items()
        if page["versions"]
    }
    for request in rerun:
        if site.base + request.path in archived:
            assert request.conditional, request.path


def test_sigterm_stops_a_fetch_between_two_writes_and_says_how_to_go_on(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    fixture_site.reset(faults=False)
    archive = tmp_path / "archive"
    tripped = fixture_site.trip_after(8)
    command = fetch_cli_command(
        "--site", fixture_site.base, "--archive", str(archive), "--rate", str(LATER_RATE)
    )
    process = subprocess.Popen(
        command, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert tripped.wait(60), "the fetch never got going"
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert err.strip().endswith("cqc-la: terminated (SIGTERM); run `cqc-la fetch` again to continue")
    assert (archive / ".run.json").exists()
    assert not [path for path in archive.rglob(".tmp-*")]

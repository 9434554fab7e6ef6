"""The fixture site on 127.0.0.1 and the story of four fetch runs that several test modules read.

Every request of these tests goes to the local server (`site.py`); proxy variables are removed so that
none can be sent elsewhere. The story (`story`) runs `fetch_reports` four times against one archive and
one new database, as a user would over weeks, and keeps what each run did (its summary, the requests
the server saw, the database's assessments, the archive's files) so the tests can each check one thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.fetch import FetchSummary, fetch_reports

from ..conftest import ROOT, empty_of_reports
from .site import LISTING, FixtureSite, Request, Server

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
RATE = 50.0  # the first run, with every fault
LATER_RATE = 100.0  # the runs after it and other tests, to keep the suite fast
TIMEOUT = 0.5
TIMESTAMPS = frozenset({"first_seen_at", "fetched_at", "checked_at"})
HARTLEPOOL_ABOUT = f"{LISTING}/hartlepool-0525"  # the report's address serves its about tab
OLD_POPULATION, NEW_POPULATION = "approximately 95,366", "approximately 95,999"

for _name in PROXY_VARIABLES:
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[FixtureSite]:
    with Server() as site:
        yield site


def assessments(url: str) -> list[dict[str, Any]]:
    """The loaded assessments as the views show them, without ids or load times."""
    with database.engine(url).connect() as connection:
        rows = connection.execute(
            text(
                "select o.council, o.published_on, o.detail, o.overall_rating, o.status, o.withdrawn_on, "
                "o.report_url, array[o.qs1_assessing_needs, o.qs2_healthier_lives, o.qs3_equity, "
                "o.qs4_care_provision, o.qs5_partnerships, o.qs6_safe_systems, o.qs7_safeguarding, "
                "o.qs8_governance, o.qs9_learning] as scores, d.population, a.missing_parts, "
                "(select array_agg(distinct f.sha256) from cqc.source_segment s "
                " join cqc.source_file f using (file_id) where s.document_id = a.document_id) as files, "
                "(select count(*) from cqc.paragraph p join cqc.section x using (section_id) "
                " where x.assessment_id = o.assessment_id) as paragraphs "
                "from analysis.assessment_overview o join cqc.assessment a using (assessment_id) "
                "left join analysis.demographics d using (assessment_id) "
                "where o.detail <> 'summary' order by o.council"
            )
        ).mappings()
        return [dict(row) for row in rows]


def _without_timestamps(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_timestamps(value) for key, value in data.items() if key not in TIMESTAMPS}
    if isinstance(data, list):
        return [_without_timestamps(value) for value in data]
    return data


def archive_state(root: Path) -> tuple[set[tuple[str, str]], dict[str, Any]]:
    """Every file's (path, sha256) but the manifests, and every manifest without its timestamps."""
    files, manifests = set(), {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name == ".lock":
            continue
        name = path.relative_to(root).as_posix()
        if path.name == "manifest.json":
            manifests[name] = _without_timestamps(json.loads(path.read_text(encoding="utf-8")))
        else:
            files.add((name, sha256(path.read_bytes()).hexdigest()))
    return files, manifests


def run_fetch_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`cqc-la fetch ...` in a subprocess (the command is registered here until cli/main.py does it)."""
    return subprocess.run(
        fetch_cli_command(*args), capture_output=True, text=True, cwd=ROOT, env=cli_env(env), timeout=timeout
    )


def fetch_cli_command(*args: str) -> list[str]:
    code = (
        "import argparse, sys\n"
        "from cqc_la.cli import fetch, main\n"
        "build = main.build_parser\n"
        "def with_fetch():\n"
        "    parser = build()\n"
        "    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))\n"
        "    if 'fetch' not in sub.choices:\n"
        "        fetch.register(sub)\n"
        "    return parser\n"
        "main.build_parser = with_fetch\n"
        "sys.exit(main.main(sys.argv[1:]))\n"
    )
    return [sys.executable, "-c", code, "fetch", *args]


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in PROXY_VARIABLES and key not in ("CQC_LA_DATABASE_URL", "DATABASE_URL", "CQC_LA_ARCHIVE")
    }
    environment.update(extra or {})
    return environment


@dataclass
class Run:
    rate: float
    summary: FetchSummary
    requests: list[Request]
    assessments: list[dict[str, Any]]
    archive: tuple[set[tuple[str, str]], dict[str, Any]]


@dataclass
class Story:
    site: FixtureSite
    archive: Path
    url: str
    runs: list[Run]


@pytest.fixture(scope="session")
def story(fixture_site: FixtureSite, db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Four runs: (1) everything new, with --load; (2) hartlepool's about tab changed, wakefield gone
    from the listing, norfolk answering 410 everywhere, without --load; (3) nothing changed, --load;
    (4) wakefield back on the listing, --load."""
    site = fixture_site
    site.reset()
    archive = tmp_path_factory.mktemp("story") / "archive"
    url = empty_of_reports(db_url)  # later tests may empty it again: each run's results are kept below
    story = Story(site, archive, url, [])

    def run(load: bool, rate: float = LATER_RATE) -> None:
        mark = site.mark()
        summary = fetch_reports(
            site=site.base, archive=archive, rate=rate, timeout=TIMEOUT, load=load, url=url
        )
        story.runs.append(Run(rate, summary, site.since(mark), assessments(url), archive_state(archive)))

    run(load=True, rate=RATE)
    site.change(HARTLEPOOL_ABOUT, OLD_POPULATION, NEW_POPULATION)
    site.unlist("wakefield-0625")
    site.take_down("norfolk-1125", 410)
    run(load=False)
    run(load=True)
    site.relist("wakefield-0625")
    run(load=True)
    return story

"""The site's test session: one database loaded with the seeds and the fixture reports of other
councils, the site built from it once, and the browser checks run once in headless Chromium.

The reports are loaded in the three forms the loader reads: text (the seed and the `unseen*` fixture
reports), saved HTML tabs that name their CQC address (Camden) and a printed PDF (Norfolk), so council
pages link findings to CQC page addresses, to lines of text files and to pages of a PDF.

Without Chromium the browser checks skip with the reason; everything else still runs.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ..conftest import ROOT, SEED, _libpq
from .browser import Browser, Visit, find_chromium

FIXTURES = ROOT / "tests" / "fixtures"
AS_PAGES = {
    "camden-0925": FIXTURES / "pages" / "camden-0925" / "tabs",
    "norfolk-1125": FIXTURES / "pages" / "norfolk-1125" / "norfolk-1125.pdf",
}
QS_COLUMNS = ("qs1_assessing_needs", "qs2_healthier_lives", "qs3_equity", "qs4_care_provision", "qs5_partnerships",
              "qs6_safe_systems", "qs7_safeguarding", "qs8_governance", "qs9_learning")  # fmt: skip
SEED_URL = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/hartlepool-0525"


def fixture_reports() -> list[Path]:
    """The seed, every fixture report as text (but those loaded as pages instead), and the pages."""
    texts = [
        path
        for folder in sorted(FIXTURES.glob("unseen*"))
        for path in sorted(folder.iterdir())
        if path.suffix in (".md", ".txt")
        and path.stem not in AS_PAGES
        and not path.name.lower().startswith("readme")
    ]
    return [SEED, *texts, *AS_PAGES.values()]


@pytest.fixture(scope="session")
def site_db(databases: Any) -> str:
    """A database with the seeds' reference data and every fixture report loaded."""
    from cqc_la.loading.run import load_reports

    url = databases.migrated()
    summary = load_reports(fixture_reports(), url, jobs=2, source_urls={SEED: SEED_URL})
    failed = [outcome.message for outcome in summary.files if outcome.outcome == "failed"]
    assert not failed, failed
    return url


def sql(url: str, query: str) -> list[tuple[Any, ...]]:
    """Rows of one query (the tests' own look at the database, to compare the pages with)."""
    with psycopg.connect(_libpq(url)) as connection:
        return list(connection.execute(query).fetchall())


@dataclass(frozen=True)
class Built:
    directory: Path
    status: int
    stdout: str


@pytest.fixture(scope="session")
def built(site_db: str, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site, built once by `cqc-la site DIR` (in this process: the command's own code, without a
    second interpreter's start-up)."""
    from cqc_la.cli.main import main

    directory = tmp_path_factory.mktemp("site") / "site"
    output = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(output):
        patch.setenv("CQC_LA_DATABASE_URL", site_db)
        status = main(["site", str(directory)])
    return Built(directory, status, output.getvalue())


@pytest.fixture(scope="session")
def site_dir(built: Built) -> Path:
    assert built.status == 0, built.stdout
    return built.directory


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        given = os.environ.get("CQC_LA_CHROMIUM")
        where = f"CQC_LA_CHROMIUM={given} does not exist" if given else "no chromium on PATH"
        pytest.skip(
            f"headless Chromium not found ({where}): the browser checks did not run; "
            "install it with apt-get install chromium (.ci/run does)"
        )
    return path


@dataclass
class Browsed:
    """What the browser saw, gathered once per session."""

    visits: dict[str, Visit] = field(default_factory=dict)
    heatmap_labels: list[str] = field(default_factory=list)
    heatmap_switch_errors: list[str] = field(default_factory=list)
    heatmap_switched: str = ""
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    council_scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    filtered: dict[str, Any] = field(default_factory=dict)
    walk: dict[str, Any] = field(default_factory=dict)


FIGURES_JS = """Array.from(document.querySelectorAll('figure[data-chart]')).map(f => ({
  id: f.id, state: f.dataset.state || '', hidden: f.hidden,
  aria: (f.querySelector('.chart-view') || {}).getAttribute ? f.querySelector('.chart-view').getAttribute('aria-label') : null,
  description: (document.getElementById('desc-' + f.id.slice(4)) || {}).textContent || ''}))"""

HEATMAP_JS = """Array.from(document.querySelectorAll('#fig-heatmap-total svg [aria-roledescription=axis]'))
  .filter(axis => (axis.getAttribute('aria-label') || '').startsWith('Y-axis'))
  .flatMap(axis => Array.from(axis.querySelectorAll('.role-axis-label text')).map(t => t.textContent))"""

SCORES_JS = """({rating: document.getElementById('rating') && document.getElementById('rating').dataset.value,
  scores: Object.fromEntries(Array.from(document.querySelectorAll('#scores tr[data-qs]')).map(
    row => [row.dataset.qs, row.querySelector('td[data-score]').dataset.score])),
  none: Boolean(document.getElementById('no-assessment'))})"""

FILTER_JS = """(() => {
  const select = document.querySelector('.filters[data-for=league-table] select[data-filter=region]');
  select.value = 'North East'; select.dispatchEvent(new Event('change'));
  const visible = Array.from(document.querySelectorAll('#league-table tbody tr')).filter(r => !r.hidden);
  const shown = visible.map(r => r.dataset.region);
  select.value = ''; select.dispatchEvent(new Event('change'));
  const total = document.querySelector('#league-table thead button[data-column="4"]');
  total.click();
  const first = document.querySelector('#league-table tbody tr').cells[4].dataset.sort;
  return {shown: shown, first_total: first, sorted: total.parentElement.getAttribute('aria-sort')};
})()"""

WALK_JS = """(async () => {
  const start = new URL('/index.html', location.origin).href;
  const docs = new Map(), queue = [], broken = [];
  let links = 0, external = 0;
  async function load(url) {
    if (!docs.has(url)) {
      const answer = await fetch(url);
      const html = url.endsWith('.html');
      docs.set(url, answer.ok ? (html ? new DOMParser().parseFromString(await answer.text(), 'text/html') : 'asset') : null);
      if (answer.ok && html) queue.push(url);
    }
    return docs.get(url);
  }
  await load(start);
  while (queue.length) {  /* breadth first: every page of one level is fetched at once */
    const level = queue.splice(0, queue.length);
    const checks = [];
    for (const page of level) {
      for (const el of docs.get(page).querySelectorAll('a[href], link[href], script[src]')) {
        const written = el.getAttribute('href') || el.getAttribute('src');
        const target = new URL(written, page);
        if (target.origin !== location.origin) { external += 1; continue; }
        links += 1;
        const hash = decodeURIComponent(target.hash.slice(1));
        target.hash = '';
        checks.push({page: page, written: written, url: target.href, hash: hash});
      }
    }
    const wanted = Array.from(new Set(checks.map(c => c.url)));
    await Promise.all(wanted.map(load));
    for (const c of checks) {
      const found = docs.get(c.url);
      if (found === null) broken.push(c.page + ' -> ' + c.written);
      else if (c.hash && found !== 'asset' && !found.getElementById(c.hash)) broken.push(c.page + ' -> ' + c.written + ' (no such id)');
    }
  }
  const pages = Array.from(docs.entries()).filter(([u, d]) => d && d !== 'asset').map(([u]) => u.slice(location.origin.length + 1));
  return {pages: pages, links: links, external: external, broken: broken};
})()"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """The site over HTTP on the loopback address (for the link walk: fetch() cannot read file://)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages_to_visit(url: str) -> dict[str, str]:
    """A page of each kind: the national page, two statements, councils with a whole report (text,
    HTML tabs, PDF), with published scores only and with nothing, and a source file."""
    from cqc_la.site.model import council_path

    def council(where: str) -> str:
        return council_path(
            sql(url, f"select council from analysis.latest_assessments where {where} limit 1")[0][0]
        )

    nothing = sql(
        url,
        "select council_name from cqc.council c where not exists "
        "(select 1 from analysis.latest_assessments l where l.council_id = c.council_id) order by 1 limit 1",
    )[0][0]
    return {
        "index": "index.html",
        "qs1": "statements/qs1.html",
        "qs9": "statements/qs9.html",
        "hartlepool": council("council like 'Hartlepool%'"),
        "camden": council("council like '%Camden%'"),
        "norfolk": council("council like 'Norfolk%'"),
        "summary": council("detail = 'summary' order by council"),
        "nothing": council_path(nothing),
    }


@pytest.fixture(scope="session")
def browsed(chromium: str, site_dir: Path, site_db: str) -> Iterator[Browsed]:
    """Every browser check's observations, made once: pages opened from disk (file://) as a reader
    opens them, and the link walk over a loopback HTTP server."""
    seen = Browsed()
    browser = Browser(chromium)
    try:
        for name, path in pages_to_visit(site_db).items():
            visit = browser.visit((site_dir / path).as_uri())
            seen.visits[name] = visit
            seen.figures[name] = browser.evaluate(FIGURES_JS)
            if name == "index":
                seen.heatmap_labels = browser.evaluate(HEATMAP_JS)
                seen.filtered = browser.evaluate(FILTER_JS)
                seen.heatmap_switch_errors = browser.act(
                    "(() => { const s = document.getElementById('heatmap-sort'); s.value = 'region';"
                    " s.dispatchEvent(new Event('change')); })()"
                )
                seen.heatmap_switched = browser.evaluate(
                    "document.getElementById('fig-heatmap-region').dataset.state"
                )
            elif name not in ("qs1", "qs9"):
                seen.council_scores[name] = browser.evaluate(SCORES_JS)
        source = sorted((site_dir / "sources").glob("*.html"))[0]
        seen.visits["source"] = browser.visit(source.as_uri())
        with served(site_dir) as base:
            browser.visit(base + source.relative_to(site_dir).as_posix())  # a page without charts: quick
            seen.walk = browser.evaluate(WALK_JS)
        yield seen
    finally:
        browser.close()

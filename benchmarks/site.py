"""How long `cqc-la site` takes for 153 councils, every one with a whole report (the budget is 30 s).

The database holds whole reports for a handful of councils (the seed and the fixture reports), so the
benchmark reads the views once and then gives every other council a copy of a loaded report's rows
(findings, comparisons, waiting times, figures, paragraph sources) under a new assessment id: the site is
then as large as it will be when every council's report is loaded. It times reading the views, building
the site from the real views, and building it from the inflated ones. With --screenshots DIR it also
takes the README's pictures of the real site with headless Chromium.

    python benchmarks/site.py                                  # the configured database (seeds loaded)
    python benchmarks/site.py --url postgresql://postgres@127.0.0.1:5432/cqc_la --screenshots docs/
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from cqc_la.charts import Views
from cqc_la.site import build_site
from cqc_la.site.model import council_path

BUDGET_S = 30.0
PER_ASSESSMENT = (
    "findings",
    "national_metrics",
    "waiting_times",
    "financial_facts",
    "demographics",
    "paragraph_sources",
)
COUNCIL_FIELDS = ("council", "gss_code", "region", "council_id")


def read(url: str | None) -> Views:
    views = Views(url)
    names = ["assessment_overview", "latest_assessments", "framework", "score_distribution", "near_boundary",
             "rating_vs_deprivation", "measure_comparison", *PER_ASSESSMENT]  # fmt: skip
    if views.has("coverage"):
        names.append("coverage")
    for name in names:
        views[name]
    views.councils()
    return views


def inflate(views: Views) -> Views:
    """Every council without a whole report gets a copy of one (cycling through those loaded)."""
    frames = {name: views[name].copy() for name in views.names() if name in views._frames}
    frames["councils"] = views.councils()
    latest = frames["latest_assessments"]
    donors = latest[latest["detail"] == "report"]
    if donors.empty:
        raise SystemExit("no whole report is loaded: run cqc-la load seeds first")
    with_report = set(donors["council_id"])
    new_latest, copies = [], {name: [frames[name]] for name in PER_ASSESSMENT}
    for (_, council), donor in zip(
        frames["councils"][~frames["councils"]["council_id"].isin(with_report)].iterrows(),
        itertools.cycle(donors.to_dict("records")),
        strict=False,
    ):
        assessment_id = 1_000_000 + int(council["council_id"])
        row = dict(donor, assessment_id=assessment_id, **{f: council[f] for f in COUNCIL_FIELDS})
        new_latest.append(row)
        for name in PER_ASSESSMENT:
            rows = frames[name][frames[name]["assessment_id"] == donor["assessment_id"]].copy()
            rows["assessment_id"] = assessment_id
            for field in ("council", "council_id"):
                if field in rows.columns:
                    rows[field] = council[field]
            copies[name].append(rows)
    replaced = latest[latest["council_id"].isin(with_report)]
    frames["latest_assessments"] = pd.concat([replaced, pd.DataFrame(new_latest)], ignore_index=True)
    frames["assessment_overview"] = pd.concat(
        [frames["assessment_overview"], pd.DataFrame(new_latest)], ignore_index=True
    )
    for name in PER_ASSESSMENT:
        frames[name] = pd.concat(copies[name], ignore_index=True)
    return Views(frames=frames)


def screenshots(site: Path, target: Path) -> None:
    """docs/site-national.png and docs/site-council.png: the real site in headless Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium on PATH: apt-get install chromium")
    target.mkdir(parents=True, exist_ok=True)
    pages = {
        "site-national.png": ("index.html", "1280,2200"),
        "site-council.png": (council_path("Hartlepool Borough Council"), "1280,2600"),
    }
    for name, (page, size) in pages.items():
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--user-data-dir={profile}", f"--window-size={size}", "--virtual-time-budget=10000",
                 f"--screenshot={target / name}", (site / page).as_uri()],
                check=True,
                capture_output=True,
            )  # fmt: skip
        print(f"wrote {target / name}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="the database (default: the configured one)")
    parser.add_argument("--out", type=Path, help="where to build (default: a temporary directory)")
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help="also write the README's screenshots")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cqc-la-site-bench-"))
    out = args.out or work
    try:
        started = time.perf_counter()
        views = read(args.url)
        read_s = time.perf_counter() - started
        real = build_site(out / "real", views=views)
        print(f"read the views: {read_s:.1f} s")
        print(f"real database:  {real.describe()}")
        if args.screenshots:
            screenshots(out / "real", args.screenshots)
        inflated = inflate(views)
        whole = build_site(out / "inflated", views=inflated)
        print(f"153 reports:    {whole.describe()}")
        total = read_s + whole.seconds
        verdict = "within" if total < BUDGET_S else "OVER"
        print(
            f"read + build for 153 councils with reports: {total:.1f} s, {verdict} the {BUDGET_S:.0f} s budget"
        )
        return 0 if total < BUDGET_S else 1
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

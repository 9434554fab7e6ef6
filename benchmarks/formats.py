"""Parse time per report by format: the fixture reports as text, as one HTML page, as tabs, as a PDF.

    python benchmarks/formats.py [--repeat 7] [--json formats.json]

Every report of `tests/fixtures/pages/` is read and parsed in each form (reading included: HTML
extraction, PDF text extraction, assembling the eleven tabs), `repeat` times; the figure is the median.
Reported per report and as ratios to its text version, since this machine is noisy: the targets are
HTML at most 1.5x the text's time, and a PDF at most 250 ms per 85 KB of report text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def _median_ms(action: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(repeat: int = 7) -> dict[str, Any]:
    from accuracy import FIXTURE_SOURCES, PAGES

    from cqc_la.assembly import assemble_reports
    from cqc_la.sources import parse_report

    reports: dict[str, Any] = {}
    for slug, source in FIXTURE_SOURCES.items():
        folder = PAGES / slug
        text_path = ROOT / source
        tabs = sorted((folder / "tabs").iterdir())
        pdf = folder / f"{slug}.pdf"
        forms = {
            "text_ms": lambda text_path=text_path: parse_report(text_path),
            "html_ms": lambda folder=folder: parse_report(folder / "page.html"),
            "tabs_ms": lambda tabs=tabs: assemble_reports([parse_report(tab) for tab in tabs]),
        }
        if pdf.exists():
            forms["pdf_ms"] = lambda pdf=pdf: parse_report(pdf)
        parse_report(text_path)  # warm the vocabulary and caches once
        row: dict[str, Any] = {"text_kb": round(text_path.stat().st_size / 1024, 1)}
        for name, action in forms.items():
            row[name] = round(_median_ms(action, repeat), 2)
        row["html_vs_text"] = round(row["html_ms"] / row["text_ms"], 3)
        row["tabs_vs_text"] = round(row["tabs_ms"] / row["text_ms"], 3)
        if "pdf_ms" in row:
            row["pdf_ms_per_85kb"] = round(row["pdf_ms"] * 85 / row["text_kb"], 1)
        reports[slug] = row

    def total(key: str) -> float:
        return sum(row[key] for row in reports.values() if key in row)

    result: dict[str, Any] = {
        "repeat": repeat,
        "reports": reports,
        "html_vs_text": round(total("html_ms") / total("text_ms"), 3),
        "tabs_vs_text": round(total("tabs_ms") / total("text_ms"), 3),
    }
    if all("pdf_ms" in row for row in reports.values()):
        kb = sum(row["text_kb"] for row in reports.values())
        result["pdf_ms_per_85kb"] = round(total("pdf_ms") * 85 / kb, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.repeat)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

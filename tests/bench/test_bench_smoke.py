"""The benchmark keeps working: a run with N=5 writes every figure the benchmark issue asks for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.db
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_bench_with_five_reports_writes_every_figure(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQC_LA_DATABASE_URL", server_url)
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench

    out = tmp_path / "bench.json"
    assert bench.main(["--reports", "5", "--repeat", "1", "--json", str(out), "--keep-corpus", str(tmp_path / "corpus")]) == 0
    result = json.loads(out.read_text())
    for key in (
        "reports",
        "corpus_mb",
        "parse_s",
        "load_s",
        "floor_s",
        "ratio",
        "reports_per_s",
        "views_ms",
        "views_typed_ms",
        "views_server_ms",
        "views_first_rows_ms",
        "views_over_100_ms",
        "search_ms",
        "peak_rss_mb",
        "formats",
        "small",
        "per_report_ratio_n_vs_n10",
    ):
        assert key in result, key
    assert result["reports"] == 5 and result["small"]["reports"] == 1
    for timing in ("views_ms", "views_typed_ms", "views_server_ms", "views_first_rows_ms"):
        assert set(result[timing]) == set(bench.CONTRACT_VIEWS), timing
    assert result["load_summary"].startswith("5 files: 5 loaded")
    assert len(list((tmp_path / "corpus").iterdir())) == 5
    sys.modules.pop("bench", None)

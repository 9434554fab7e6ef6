"""`cqc-la chart` and `cqc-la site` as a user runs them."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from .conftest import Built, sql


def test_chart_heatmap_writes_a_readable_png(
    site_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqc_la.cli.main import main

    monkeypatch.setenv("CQC_LA_DATABASE_URL", site_db)
    assert main(["chart", "heatmap", "-o", str(tmp_path / "heatmap.png")]) == 0
    data = (tmp_path / "heatmap.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    rated = sql(site_db, "select count(*) from analysis.latest_assessments where overall_rating is not null")[
        0
    ][0]
    assert width >= 1000 and height >= 2 * 15 * rated  # 15 px a row at scale 2: labels stay readable
    assert capsys.readouterr().out.strip() == f"wrote {tmp_path / 'heatmap.png'}"


def test_chart_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cqc_la.cli.main import main

    assert main(["chart", "heatmap", "-o", str(tmp_path / "heatmap.gif")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"cqc-la: error: {tmp_path / 'heatmap.gif'}: expected a file name ending in .png, .svg, .html, .json, "
        "found '.gif'"
    )
    assert main(["chart", "council", "-o", str(tmp_path / "council.png")]) == 2
    assert "needs -p name=" in capsys.readouterr().err


def test_site_builds_the_site_and_says_what_it_wrote(built: Built) -> None:
    assert built.status == 0
    assert re.fullmatch(
        rf"{re.escape(str(built.directory))}/index\.html: \d+ pages \(153 councils, \d+ assessed; 9 statements; "
        r"\d+ source files\) in [\d.]+ s\n",
        built.stdout,
    ), built.stdout

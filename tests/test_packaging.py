"""A non-editable install carries its migrations, SQL files and reference data inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_migrations_sql_and_reference_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("cqc_la-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "cqc_la/_resources/schema/env.py",
        "cqc_la/_resources/schema/script.py.mako",
        "cqc_la/_resources/reference/local_authorities.csv",
        "cqc_la/_resources/reference/published_results.csv",
        "cqc_la/data/framework.json",
    }
    expected |= {
        f"cqc_la/_resources/queries/views/{p.name}" for p in (ROOT / "queries" / "views").glob("*.sql")
    }
    expected |= {
        f"cqc_la/_resources/queries/saved/{p.name}" for p in (ROOT / "queries" / "saved").glob("*.sql")
    }
    expected |= {
        f"cqc_la/_resources/schema/versions/{p.name}" for p in (ROOT / "schema" / "versions").glob("*.py")
    }
    assert expected <= names, sorted(expected - names)
    assert not any(name.startswith(("loader/", "schema/", "queries/")) for name in names)

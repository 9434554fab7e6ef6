"""Shared fixtures for the parser tests: the seed, its parse, and the layout variants (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_la.parsing import parse_report
from cqc_la.report import Report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "hartlepool-0525.md"
VARIANTS = ROOT / "tests" / "fixtures" / "variants"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed() -> Report:
    return parse_report(SEED)

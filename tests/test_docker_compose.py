"""docker-compose.yml cannot run here (no Docker engine), so its promises are checked by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_one_postgres_service_from_the_official_image_16_or_newer() -> None:
    services = _compose()["services"]
    assert list(services) == ["postgres"]
    image = services["postgres"]["image"]
    match = re.fullmatch(r"postgres:(\d+)(?:[.-].*)?", image)
    assert match and int(match.group(1)) >= 16


def test_port_5432_is_published() -> None:
    ports = [str(p) for p in _compose()["services"]["postgres"]["ports"]]
    assert any(p.endswith(":5432") and p.split(":")[-2] == "5432" for p in ports)


def test_data_lives_in_a_named_volume() -> None:
    compose = _compose()
    volumes = compose["services"]["postgres"]["volumes"]
    named = [v.split(":")[0] for v in volumes if not v.startswith((".", "/"))]
    assert named and all(name in compose["volumes"] for name in named)
    assert any(v.endswith(":/var/lib/postgresql/data") or "/var/lib/postgresql" in v for v in volumes)


def test_healthcheck_uses_pg_isready() -> None:
    check = _compose()["services"]["postgres"]["healthcheck"]
    assert "pg_isready" in " ".join(check["test"])
    assert check["interval"] and check["retries"]


def test_readme_gives_the_matching_database_url() -> None:
    env = _compose()["services"]["postgres"]["environment"]
    url = (
        f"postgresql://{env['POSTGRES_USER']}:{env['POSTGRES_PASSWORD']}@localhost:5432/{env['POSTGRES_DB']}"
    )
    assert url in (ROOT / "README.md").read_text()

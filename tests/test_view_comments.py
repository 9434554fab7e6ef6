"""Every curated view and every column of it carries a description (issue 12), written once in the view's
header (`queries/views/<name>.sql`) and applied by the migration as `COMMENT ON`, so that GUI clients
(DBeaver, pgAdmin) and `psql \\dv+` show it, and `cqc-la query --list` lists it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cqc_la import database, migrate, sqlobjects

from .conftest import run_cli

pytestmark = pytest.mark.db


def test_every_view_and_column_has_a_comment(db_url: str) -> None:
    migrate.upgrade(db_url)
    with database.engine(db_url).connect() as connection:
        views = connection.execute(
            text(
                "select c.relname, obj_description(c.oid, 'pg_class') as description from pg_class c "
                "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'analysis' and c.relkind = 'v'"
            )
        ).all()
        columns = connection.execute(
            text(
                "select c.relname, a.attname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped "
                "where n.nspname = 'analysis' and c.relkind = 'v' and col_description(c.oid, a.attnum) is null"
            )
        ).all()
    assert len(views) >= 20
    assert [name for name, description in views if not description] == []
    assert columns == []


def test_every_view_file_has_a_description_and_a_columns_block() -> None:
    for obj in sqlobjects.working_objects():
        if obj.kind == "view":
            description, columns = obj.comments()
            assert description and not description.startswith("analysis."), obj.name
            assert columns, f"{obj.name}: no '-- columns:' block in its header"


def test_the_listing_shows_each_views_description() -> None:
    result = run_cli("query", "--list")
    assert result.returncode == 0, result.stderr
    assert "coverage — what the database knows of every council" in result.stdout
    assert "extraction_coverage — how much of each loaded report's figures was read" in result.stdout

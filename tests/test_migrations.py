"""The schema comes into being only through Alembic, and Alembic agrees with tables.py."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from cqc_la import database, migrate
from cqc_la.tables import SCHEMA, metadata

pytestmark = pytest.mark.db


def _differences(url: str) -> list:
    with database.engine(url).connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_schemas": True,
                "compare_type": True,
                "compare_server_default": True,
                "include_name": lambda name, type_, parents: name == SCHEMA if type_ == "schema" else True,
            },
        )
        return compare_metadata(context, metadata)


def test_there_is_one_head_and_every_revision_has_a_message() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(scripts.get_heads()) == 1
    for revision in scripts.walk_revisions():
        assert revision.doc and revision.doc.strip(), revision.revision


def test_empty_database_upgrades_to_head_and_matches_the_metadata(databases) -> None:
    url = databases.create()
    assert migrate.current(url) is None
    assert migrate.upgrade(url) == migrate.head()
    assert _differences(url) == []


def test_downgrade_to_base_and_upgrade_again(databases) -> None:
    url = databases.create()
    migrate.upgrade(url)
    assert migrate.downgrade("base", url) is None
    with database.engine(url).connect() as connection:
        schemas = (
            connection.execute(text("select nspname from pg_namespace where nspname in ('cqc', 'analysis')"))
            .scalars()
            .all()
        )
    assert schemas == []
    assert migrate.upgrade(url) == migrate.head()
    assert _differences(url) == []


def test_every_table_and_column_has_a_comment(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        missing = (
            connection.execute(
                text(
                    """
            select c.relname || coalesce('.' || a.attname, '')
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'cqc'
            left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relkind = 'r'
              and (obj_description(c.oid, 'pg_class') is null
                   or (a.attname is not null and col_description(c.oid, a.attnum) is null))
            """
                )
            )
            .scalars()
            .all()
        )
    assert missing == []


def test_framework_reference_data_is_inserted_by_the_migration(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        counts = connection.execute(
            text(
                """
            select (select count(*) from cqc.theme), (select count(*) from cqc.quality_statement),
                   (select count(*) from cqc.i_statement), (select count(*) from cqc.standard_topic),
                   (select count(*) from cqc.score_level), (select count(*) from cqc.rating_band),
                   (select count(*) from cqc.evidence_category), (select count(*) from cqc.national_data_source),
                   (select count(*) from cqc.quality_statement_alias)
            """
            )
        ).one()
        bands = connection.execute(
            text("select rating, min_total_of_36, max_total_of_36 from cqc.rating_band order by rank")
        ).all()
    assert tuple(counts) == (4, 9, 10, 34, 4, 4, 6, 6, 5)
    assert [tuple(b) for b in bands] == [
        ("Inadequate", 9, 13),
        ("Requires improvement", 14, 22),
        ("Good", 23, 31),
        ("Outstanding", 32, 36),
    ]


def test_framework_view_has_one_row_per_quality_statement(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        rows = connection.execute(text("select * from analysis.framework")).mappings().all()
    assert len(rows) == 9
    assert list(rows[0].keys()) == [
        "theme_no",
        "theme",
        "qs_no",
        "quality_statement",
        "aliases",
        "i_statements",
        "we_statement",
    ]
    safe = rows[5]
    assert safe["quality_statement"] == "Safe systems, pathways and transitions"
    assert safe["aliases"] == ["Safe pathways, systems and transitions"]
    assert rows[7]["i_statements"] == []


def test_check_constraints_refuse_impossible_values(db_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    with database.engine(db_url).connect() as connection:
        with pytest.raises(IntegrityError, match="ck_score_level_score_1_4"):
            connection.execute(text("insert into cqc.score_level values (5, 'x', 'y')"))
        connection.rollback()


def test_original_text_is_stored_uncompressed_for_fast_loads(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        storage = connection.execute(text(
            "select attstorage from pg_attribute where attrelid = 'cqc.source_document'::regclass "
            "and attname = 'original_text'"
        )).scalar()
    assert storage == "e"


def test_stored_finding_numbers_are_backfilled_for_reports_loaded_before_0004(databases) -> None:
    from cqc_la.loading import load_reports

    from .conftest import SEED

    url = databases.create()
    load_reports([SEED], url)
    query = text("select paragraph_id, finding_no from cqc.paragraph order by paragraph_id")
    with database.engine(url).connect() as connection:
        loaded = connection.execute(query).all()
    assert sum(1 for _, number in loaded if number) > 100
    migrate.downgrade("0003", url)
    migrate.upgrade(url)
    with database.engine(url).connect() as connection:
        backfilled = connection.execute(query).all()
    assert backfilled == loaded

"""The council reference: 153 councils, aliases, and deprivation stored in an unmistakable direction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.loading.names import alias_key, bare_key
from cqc_la.loading.reference import load_councils, match_council

pytestmark = pytest.mark.db


def test_153_councils_are_loaded_idempotently(db_url: str) -> None:
    engine = database.engine(db_url)
    with engine.begin() as connection:
        before = connection.execute(
            text("select count(*), count(gss_code) from cqc.council where is_reference")
        ).one()
        load_councils(connection)
        after = connection.execute(
            text("select count(*), count(gss_code) from cqc.council where is_reference")
        ).one()
    assert tuple(before) == tuple(after) == (153, 153)


def test_deprivation_is_stored_with_10_as_most_deprived(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        row = connection.execute(
            text(
                "select imd2019_rank_most_deprived_first, imd2019_decile_most_deprived_10 "
                "from cqc.council where gss_code = 'E06000001'"
            )
        ).one()
    # Hartlepool: ranked 9th most deprived of 151 -> reference decile 1 (1 = most deprived) -> 10 here
    assert tuple(row) == (9, 10)


@pytest.mark.parametrize(
    "printed",
    [
        "Hartlepool",
        "Hartlepool Borough Council",
        "E06000001",
        "  Hartlepool Borough Council  ",
        "HARTLEPOOL COUNCIL",
    ],
)
def test_any_alias_or_code_matches_the_council(db_url: str, printed: str) -> None:
    with database.engine(db_url).connect() as connection:
        hartlepool = connection.execute(
            text("select council_id from cqc.council where gss_code = 'E06000001'")
        ).scalar()
        assert match_council(connection, printed) == hartlepool


def test_former_codes_still_match(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        barnsley = connection.execute(
            text("select council_id from cqc.council where name = 'Barnsley'")
        ).scalar()
        former = connection.execute(
            text("select former_gss_codes[1] from cqc.council where name = 'Barnsley'")
        ).scalar()
        assert former and match_council(connection, former) == barnsley


def test_unknown_names_do_not_match(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        assert match_council(connection, "Borsetshire County Council") is None


def test_alias_keys_ignore_case_ampersands_and_apostrophes() -> None:
    assert alias_key("Brighton & Hove City Council") == alias_key("brighton and hove city council")
    assert alias_key("King\u2019s Lynn") == alias_key("Kings Lynn")
    assert bare_key("Royal Borough of Kensington and Chelsea") == "kensington and chelsea"


def test_council_names_are_stored_with_single_spaces(db_url: str) -> None:
    with database.engine(db_url).connect() as connection:
        name = connection.execute(text("select council_name from cqc.council where gss_code = 'E06000024'")).scalar()
    assert name == "North Somerset Council"

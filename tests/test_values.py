"""Answers instead of silent empty results: enumerated parameters are checked against the database,
a council without an assessment is named as such, a database not yet loaded says what to run, and the
Python interface is typed and refuses mistakes with UsageError."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

import cqc_la
from cqc_la import database, migrate, queries, values
from cqc_la.cli.main import main
from cqc_la.errors import UsageError
from cqc_la.values import ValueSource

from .conftest import SEED

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def url(databases) -> str:  # type: ignore[no-untyped-def]
    from cqc_la.loading import load_reports

    url = databases.migrated()
    assert not load_reports([SEED], url).failed
    return url


# --- values that match nothing --------------------------------------------------------------------


def test_an_unknown_measure_code_names_the_nearest_and_where_to_list_them(url: str) -> None:
    with pytest.raises(UsageError) as error:
        cqc_la.query("measure_league", url=url, measure_code="sace_satisfied_social_service")
    message = str(error.value)
    assert message.count("\n") == 0
    assert "no measure_code 'sace_satisfied_social_service'" in message
    assert "sace_satisfied_social_services" in message
    assert "cqc-la query --values measure_code" in message


def test_the_measure_code_of_the_help_example_answers(url: str) -> None:
    from cqc_la.cli.query import QUERY_EXAMPLES

    code = QUERY_EXAMPLES.split("measure_code=", 1)[1].split()[0]
    assert len(cqc_la.query("measure_league", url=url, measure_code=code)) >= 1


def test_a_statement_number_out_of_range_is_refused(url: str) -> None:
    with pytest.raises(UsageError, match=r"no qs_no 10 in analysis\.framework\.qs_no; expected one of 1-9"):
        cqc_la.query("statement_league", url=url, qs=10)


def test_a_misspelt_service_gets_the_right_spelling(url: str) -> None:
    with pytest.raises(UsageError, match=r"no service 'care_act_assesment'.*nearest: care_act_assessment"):
        cqc_la.query("waiting_times", url=url, service="care_act_assesment")


def test_a_council_without_an_assessment_is_named_not_an_empty_table(url: str) -> None:
    with pytest.raises(UsageError) as error:
        cqc_la.query("council_profile", url=url, council="Barnsley")
    assert "Barnsley Metropolitan Borough Council has no published assessment in this database" in str(
        error.value
    )
    assert "cqc-la query coverage" in str(error.value)
    with pytest.raises(UsageError, match="parameter b of query compare_councils: Barnsley"):
        cqc_la.query("compare_councils", url=url, a="Hartlepool", b="Barnsley")


def test_a_rating_is_checked_against_the_rating_bands(url: str) -> None:
    """No saved query takes a rating yet; one that does declares (values: cqc.rating_band.rating)."""
    source = ValueSource.parse("cqc.rating_band.rating")
    with database.engine(url).connect() as connection:
        values.check(connection, source, "Good", "parameter rating", "cqc-la query --values rating")
        with pytest.raises(UsageError, match="no rating 'Goood' in cqc.rating_band.rating; nearest: Good"):
            values.check(connection, source, "Goood", "parameter rating", "cqc-la query --values rating")


def test_every_enumerated_parameter_declares_its_values() -> None:
    declared = {
        (saved.name, p.name): p.values.qualified
        for saved in queries.saved_queries()
        for p in saved.parameters
        if p.values
    }
    assert declared[("measure_league", "measure_code")] == "analysis.measure_comparison.measure_code"
    assert declared[("waiting_times", "service")] == "analysis.waiting_times.service"
    assert declared[("statement_league", "qs")] == "analysis.framework.qs_no"
    for saved in queries.saved_queries():
        for parameter in saved.parameters:
            if parameter.type == "council":
                assert parameter.values is not None, (saved.name, parameter.name)


def test_a_bad_values_declaration_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.sql"
    path.write_text(
        "-- title: t\n-- description: d\n-- param: x text — x (example: a) (values: framework; drop)\nselect :x\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="expected '\\(values: schema.view.column"):
        queries.parse_saved_query(path)
    path.write_text("-- title: t\n-- description: d\n-- param: c council — c (example: a)\nselect :c\n")
    with pytest.raises(UsageError, match="a council parameter needs"):
        queries.parse_saved_query(path)


def test_values_are_listed_from_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli("query", "--values", "qs", "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "value,label,rows" and len(lines) == 10 and lines[3].startswith("3,Equity")
    status, out, _ = cli("query", "--values", "council", "--format", "csv")
    assert status == 0 and "Hartlepool Borough Council" in out and "Barnsley" not in out
    status, out, _ = cli("query", "--values", "measure_code", "--format", "json")
    assert status == 0 and "sace_satisfied_social_services" in out
    status, _, err = cli("query", "--values", "colour")
    assert status == 2 and "no parameter 'colour'" in err
    status, _, err = cli("query", "--values", "q")
    assert status == 2 and "takes any value" in err
    status, out, _ = cli("query", "--list")
    assert "(values: cqc-la query --values measure_code)" in out


# --- databases that cannot answer yet ------------------------------------------------------------


def test_a_database_without_schema_or_reference_data_says_what_to_run(databases, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = databases.create()
    with pytest.raises(UsageError, match=r"no cqc-la schema yet: run `cqc-la db upgrade`"):
        cqc_la.query("council_profile", url=empty, council="Hartlepool")
    with pytest.raises(UsageError, match="no cqc-la schema yet"):
        cqc_la.read_view("latest_assessments", url=empty)
    migrate.upgrade(empty)
    for call in (
        lambda: cqc_la.query("council_profile", url=empty, council="Hartlepool"),
        lambda: cqc_la.query("statement_league", url=empty, qs=3),
        lambda: cqc_la.read_view("latest_assessments", url=empty),
        lambda: queries.parameter_values("measure_code", url=empty),
    ):
        with pytest.raises(UsageError, match=r"no reference data .* yet: run `cqc-la load`"):
            call()
    assert len(cqc_la.read_view("framework", url=empty)) == 9, "a view that needs no loading still answers"
    monkeypatch.setenv("CQC_LA_DATABASE_URL", empty)
    assert main(["query", "council_profile", "-p", "council=Hartlepool"]) == 2
    assert "run `cqc-la load`" in capsys.readouterr().err


# --- the Python interface ------------------------------------------------------------------------------


def test_dataframes_have_datetime64_dates_nullable_integers_and_float_money(url: str) -> None:
    latest = cqc_la.read_view("latest_assessments", url=url)
    assert pd.api.types.is_datetime64_any_dtype(latest["published_on"])
    assert str(latest["assessment_id"].dtype) == "Int64"
    assert str(latest["qs1_assessing_needs"].dtype) == "Int64", "integers stay integers beside nulls"
    money = cqc_la.read_view("financial_facts", url=url)
    assert money["budget_actual_gbp"].dtype == "float64"
    assert money["budget_actual_gbp"].iloc[0] == 186_597_000.0
    frame = cqc_la.run_sql("select null::int as n, 1.5::numeric as x, true as b, now() as t", url=url)
    assert str(frame["n"].dtype) == "Int64" and frame["x"].dtype == "float64"
    assert str(frame["b"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(frame["t"])


def test_run_sql_raises_usage_error_for_user_mistakes(url: str) -> None:
    mistakes = [
        dict(sql=123),
        dict(sql="select 1", params=[1]),
        dict(sql="select 1", timeout="soon"),
        dict(sql="select nope"),
        dict(sql="select :x::int", params={"x": 41, "y": 1}),
        dict(sql="select 1", url="postgresql://nobody@127.0.0.1:1/nothing"),
    ]
    for mistake in mistakes:
        mistake.setdefault("url", url)
        with pytest.raises(UsageError):
            cqc_la.run_sql(**mistake)
    assert cqc_la.run_sql("select :x::int + 1 as y", url=url, params={"x": 41})["y"].tolist() == [42]


def test_dir_lists_the_public_interface_only() -> None:
    listed = dir(cqc_la)
    assert {
        "query",
        "read_view",
        "run_sql",
        "load_reports",
        "parse_report",
        "export_views",
        "UsageError",
    } <= set(listed)
    assert not {"Any", "import_module", "version", "annotations"} & set(listed)
    assert set(listed) == set(cqc_la.__all__)
    for name in cqc_la.__all__:
        assert getattr(cqc_la, name) is not None


def test_the_values_are_bound_not_pasted(url: str) -> None:
    hostile = "x'; drop table cqc.council; --"
    with pytest.raises(UsageError, match="no service"):
        cqc_la.query("waiting_times", url=url, service=hostile)
    with database.engine(url).connect() as connection:
        assert connection.execute(text("select count(*) from cqc.council")).scalar() == 153


def test_compare_councils_says_the_unit_of_each_difference(url: str) -> None:
    frame = cqc_la.query("compare_councils", url=url, a="Hartlepool", b="Middlesbrough")
    units = dict(zip(frame["item"], frame["unit"], strict=True))
    assert units["published"] == "days" and units["total score"] == "points"
    assert units["score %"] == "percentage points" and units["population"] == "people"
    assert pd.isna(units["council"]) and pd.isna(units["overall rating"])

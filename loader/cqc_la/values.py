"""Which values a saved query's parameter may take, checked against the database before it runs.

A value that matches nothing gives an empty answer, which looks like "no council is below England"
rather than "no such measure". So each enumerated parameter names, once, in its query's header, the
view column whose values it must be among (and a column that labels them):

    -- param: qs integer — quality statement number (example: 3) (values: analysis.framework.qs_no, quality_statement)

`check` refuses any other value in one line, with the nearest valid ones (difflib for text, nearest
numbers for numbers) and the command that lists them all (`cqc-la query --values qs`). A `council`
parameter is matched by name first (`queries.resolve_council`); its values column then says which
councils can answer: a council with no assessment is named as such ("Barnsley ... has no published
assessment in this database") instead of an empty table or a blank column.

Before any of that, `ensure_ready` tells a database that cannot answer yet from one that has no match:
no cqc-la schema ("run `cqc-la db upgrade`", or `cqc-la load`), or no reference data ("run `cqc-la
load`"), instead of a relation error or a misleading "no council is known".

Relation and column names come only from the query files shipped with the package and are checked
against a strict pattern and quoted; values are always bound.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from .errors import UsageError

COVERAGE_HINT = "see `cqc-la query coverage`"
NO_SCHEMA = (
    "this database has no cqc-la schema yet: run `cqc-la db upgrade` to create it "
    "(or `cqc-la load`, which creates it and loads the reports)"
)
NO_REFERENCE = "this database holds no reference data (councils, published results) yet: run `cqc-la load`"

_IDENTIFIER = r"[a-z_][a-z0-9_]*"
_SOURCE = re.compile(rf"^({_IDENTIFIER})\.({_IDENTIFIER})\.({_IDENTIFIER})(?:\s*,\s*({_IDENTIFIER}))?$")
LISTED_IN_FULL = 12  # a set this small is listed whole in the error


@dataclass(frozen=True)
class ValueSource:
    """The column a parameter's values must be among, and the column that labels them."""

    schema: str
    relation: str
    column: str
    label: str | None = None

    @classmethod
    def parse(cls, declared: str) -> ValueSource:
        """`analysis.framework.qs_no, quality_statement` (the label is optional)."""
        match = _SOURCE.match(declared.strip())
        if not match:
            raise ValueError(f"expected '(values: schema.view.column[, label_column])', found {declared!r}")
        return cls(match.group(1), match.group(2), match.group(3), match.group(4))

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.relation}.{self.column}"

    def listing_sql(self, by_label: bool = False) -> str:
        """Every value with its label and how many rows have it (identifiers from the pattern above);
        `by_label`: the labels alone, when they are what a user types (council names, not their ids)."""
        if by_label and self.label:
            return (
                f'select "{self.label}" as value, count(*) as rows from "{self.schema}"."{self.relation}" '
                f'where "{self.column}" is not null group by "{self.label}" order by "{self.label}"'
            )
        label = f'min("{self.label}"::text)' if self.label else "null::text"
        return (
            f'select "{self.column}" as value, {label} as label, count(*) as rows '
            f'from "{self.schema}"."{self.relation}" where "{self.column}" is not null '
            f'group by "{self.column}" order by "{self.column}"'
        )


def readiness_problem(scalar: Callable[[str], Any]) -> str | None:
    """What keeps the database from answering (no schema, no reference data), or None; `scalar(sql)`
    runs one statement and returns its one value."""
    if scalar("select to_regclass('cqc.council') is null"):
        return NO_SCHEMA
    if not scalar("select exists (select 1 from cqc.council)"):
        return NO_REFERENCE
    return None


def ensure_ready(connection: Connection) -> None:
    """UsageError when the database has no cqc-la schema or no reference data (see the docstring)."""
    problem = readiness_problem(lambda sql: connection.execute(text(sql)).scalar())
    if problem:
        raise UsageError(problem)


def listing(connection: Connection, source: ValueSource) -> list[tuple[Any, str | None, int]]:
    return [tuple(row) for row in connection.execute(text(source.listing_sql())).all()]  # type: ignore[misc]


def check(connection: Connection, source: ValueSource, value: Any, subject: str, listed_by: str) -> None:
    """UsageError unless `value` is among the values of `source`: one line naming `subject` ("parameter
    qs of query statement_league"), the nearest values and the command that lists them all."""
    rows = listing(connection, source)
    values = [row[0] for row in rows]
    if value in values:
        return
    where = f"`{listed_by}`"
    if not values:
        raise UsageError(
            f"{subject}: {source.schema}.{source.relation} holds no {source.column} yet, so nothing can "
            f"match {value!r}: load reports with `cqc-la load`"
        )
    what = source.column
    near = nearest(value, values)
    if isinstance(value, int | float) and len(values) <= LISTED_IN_FULL:
        expected = f"expected one of {_span(values)}"
    elif near:
        expected = "nearest: " + ", ".join(str(v) for v in near)
    elif len(values) <= LISTED_IN_FULL:
        expected = f"expected one of {_span(values)}"
    else:
        expected = "nothing close"
    raise UsageError(
        f"{subject}: no {what} {value!r} in {source.qualified}; {expected} (all of them: {where})"
    )


def nearest(value: Any, values: list[Any], n: int = 3) -> list[Any]:
    """The valid values closest to `value`: by spelling for text, by distance for numbers."""
    if isinstance(value, int | float) and all(isinstance(v, int | float) for v in values):
        return sorted(values, key=lambda v: (abs(v - value), v))[:n]
    spelled = {str(v): v for v in values}
    close = difflib.get_close_matches(str(value), list(spelled), n=n, cutoff=0.5)
    if not close:  # a word of a longer code: 'carer' -> sace_..._carers
        close = [key for key in spelled if str(value).lower() in key.lower()][:n]
    return [spelled[key] for key in close]


def _span(values: list[Any]) -> str:
    """`1-9` for a run of integers, else the values."""
    if all(isinstance(v, int) for v in values) and values == list(range(values[0], values[0] + len(values))):
        return f"{values[0]}-{values[-1]}"
    return ", ".join(str(v) for v in values)


def check_council(connection: Connection, source: ValueSource, council_id: int, subject: str) -> None:
    """UsageError when the council (matched by name already) has no row in `source`: no assessment."""
    found = connection.execute(
        text(
            f'select exists (select 1 from "{source.schema}"."{source.relation}" where "{source.column}" = :id)'
        ),
        {"id": council_id},
    ).scalar()
    if found:
        return
    name = connection.execute(
        text("select council_name from cqc.council where council_id = :id"), {"id": council_id}
    ).scalar()
    raise UsageError(f"{subject}: {name} has no published assessment in this database ({COVERAGE_HINT})")

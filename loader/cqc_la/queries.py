"""Read the curated views, saved queries and ad-hoc SQL as pandas DataFrames.

Saved queries are files in `queries/saved/` (found through the package, never the current directory):
SQL with `:named` parameters, bound by SQLAlchemy, never pasted into the text. Each file starts with a
header that documents it and drives validation:

    -- title: Council profile
    -- description: Everything about one council ...
    -- param: council council — the council (example: Hartlepool) (values: analysis.latest_assessments.council_id, council)
    -- param: qs integer — statement number (example: 3) (values: analysis.framework.qs_no, quality_statement)
    -- param: limit integer — rows to return (example: 20) (default: 50)

Parameter types: `text`, `integer`, `numeric`, `date` and `council`. A `council` parameter accepts any
name, alias or ONS code (`Hartlepool`, `Hartlepool Borough Council`, `E06000001`): it is resolved in
Python with the loader's own matching (`reference.match_council`, the same alias keys that matched the
report) and the query receives the council's `council_id`. Doing it in Python keeps one definition of
name normalisation (accents, `&`, council-type words) instead of a second one written in SQL.

`(values: view.column[, label])` names the column whose values an enumerated parameter must be among
(`values.py`): an unknown measure code or service, or a statement number out of range, is refused with
the nearest valid values instead of answering with no rows, and `cqc-la query --values NAME` lists them.
For a council parameter it names where the council must have a row: a council without an assessment is
said to have none.

Every mistake a user can make (unknown query or view, missing, unknown or ill-typed parameter, a value
that matches nothing, a council no name matches, a database not yet loaded) raises `UsageError` with
what was expected and an example. The CLI (`cli/query.py`) uses `fetch_*`, which keep the database's
own types for exact output; the public functions return DataFrames typed as `columns.py` says: dates
as `datetime64`, integers as nullable `Int64`, `numeric` (money in pounds included) as `float64`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from . import columns, readonly, values
from .errors import UsageError
from .resources import saved_queries_dir
from .tables import ANALYSIS_SCHEMA
from .values import ValueSource

if TYPE_CHECKING:
    import pandas as pd  # imported by `columns.frame` when a DataFrame is asked for: the CLI needs none

PARAMETER_TYPES = ("text", "integer", "numeric", "date", "council")

_HEADER_FIELD = re.compile(r"^--\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"^([a-z_][a-z0-9_]*)\s+([a-z]+)\s*(?:—|–|--|-)\s*(.*)$", re.IGNORECASE)
_EXAMPLE = re.compile(r"\(\s*example:\s*([^)]*)\)", re.IGNORECASE)
_DEFAULT = re.compile(r"\(\s*default:\s*([^)]*)\)", re.IGNORECASE)
_VALUES = re.compile(r"\(\s*values:\s*([^)]*)\)", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a saved query, as declared in its header."""

    name: str
    type: str
    description: str
    example: str | None = None
    default: str | None = None  # None: required
    values: ValueSource | None = None  # where its valid values are (enumerated parameters)

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        example = f" (example: {self.name}={self.example})" if self.example else ""
        default = "" if self.required else f" (default: {self.default})"
        return f"{self.name} ({self.type}): {self.description}{default}{example}"


@dataclass(frozen=True)
class SavedQuery:
    """A saved query file: its documented header and its SQL."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sql: str
    path: Path

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def example_command(self) -> str:
        args = " ".join(
            f"-p {p.name}={_shell_word(p.example)}" for p in self.parameters if p.required and p.example
        )
        return f"cqc-la query {self.name}" + (f" {args}" if args else "")


@dataclass(frozen=True)
class Result:
    """Rows as the database returned them (exact types), for printing; `types` are PostgreSQL's names
    of the column types; `rowcount` counts every row of the answer, `rows` may hold fewer (`max_rows`)."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    rowcount: int = -1
    returns_rows: bool = True
    types: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Rows in the whole answer (more than `len(rows)` when cut by `max_rows`)."""
        return max(self.rowcount, len(self.rows))

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the dtypes of `columns.frame`."""
        return columns.frame(self.columns, self.rows, self.types)


def _shell_word(value: str | None) -> str:
    value = value or ""
    return value if re.fullmatch(r"[\w.,:/@%+-]+", value) else "'" + value.replace("'", "'\\''") + "'"


# --- saved queries: files and headers ------------------------------------------------------------


def parse_saved_query(path: Path) -> SavedQuery:
    """Read one saved query file; its header must give a title, a description and every parameter."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    body: list[str] = []
    last: str | None = None
    in_header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("--"):
            match = _HEADER_FIELD.match(stripped)
            if match:
                key, value = match.group(1).lower(), match.group(2).strip()
                if key == "param":
                    parameters.append(_parse_parameter(path, value))
                else:
                    fields[key] = value
                last = key
            elif last in ("title", "description") and stripped.lstrip("-").strip():
                fields[last] += " " + stripped.lstrip("-").strip()  # a continued header line
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    for key in ("title", "description"):
        if not fields.get(key):
            raise UsageError(f"{path.name}: expected a '-- {key}: ...' line in the header")
    return SavedQuery(
        path.stem,
        fields["title"],
        fields["description"],
        tuple(parameters),
        "\n".join(body).strip().rstrip(";"),
        path,
    )


def _parse_parameter(path: Path, value: str) -> Parameter:
    match = _PARAM.match(value)
    if not match:
        raise UsageError(
            f"{path.name}: expected '-- param: name type — description (example: ...)', found {value!r}"
        )
    name, kind, rest = match.group(1), match.group(2).lower(), match.group(3)
    if kind not in PARAMETER_TYPES:
        raise UsageError(
            f"{path.name}: parameter {name}: expected a type among {', '.join(PARAMETER_TYPES)}, "
            f"found {kind!r}"
        )
    example = _EXAMPLE.search(rest)
    default = _DEFAULT.search(rest)
    declared = _VALUES.search(rest)
    source = None
    if declared:
        try:
            source = ValueSource.parse(declared.group(1))
        except ValueError as error:
            raise UsageError(f"{path.name}: parameter {name}: {error}") from None
    if kind == "council" and source is None:
        raise UsageError(
            f"{path.name}: parameter {name}: a council parameter needs '(values: view.council_id, council)', "
            "the view in which the council must have a row"
        )
    description = _VALUES.sub("", _DEFAULT.sub("", _EXAMPLE.sub("", rest))).strip().rstrip(".;, ")
    return Parameter(
        name,
        kind,
        description,
        example.group(1).strip() if example else None,
        default.group(1).strip() if default else None,
        source,
    )


def saved_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    return [parse_saved_query(path) for path in sorted(saved_queries_dir().glob("*.sql"))]


def saved_query(name: str) -> SavedQuery:
    """One saved query by name (`council_profile`; `council_profile.sql` also works)."""
    known = {query.name: query for query in saved_queries()}
    key = name.removesuffix(".sql")
    if key not in known:
        raise UsageError(
            f"unknown query {name!r}{_did_you_mean(key, known)}; known queries: {', '.join(known)} "
            "(cqc-la query --list describes them)"
        )
    return known[key]


def _did_you_mean(name: str, known: Sequence[str] | Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- binding parameters ----------------------------------------------------------------------------


def bind_parameters(query: SavedQuery, given: Mapping[str, Any], connection: Connection) -> dict[str, Any]:
    """Check and convert the parameters given for `query` into values to bind: the database can answer
    (`values.ensure_ready`), every parameter is known, given or defaulted, well typed and, when it is
    enumerated, among its values."""
    if not isinstance(given, Mapping):
        raise UsageError(
            f"expected the parameters as a mapping of names to values, found {type(given).__name__}"
        )
    values.ensure_ready(connection)
    unknown = [name for name in given if query.parameter(name) is None]
    if unknown:
        declared = ", ".join(p.name for p in query.parameters) or "none"
        raise UsageError(f"query {query.name} has no parameter {unknown[0]!r}; its parameters: {declared}")
    bound: dict[str, Any] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            raise UsageError(
                f"query {query.name} needs parameter {parameter.describe()}; e.g. {query.example_command()}"
            )
        bound[parameter.name] = _convert(query, parameter, value, connection)
        _check_value(query, parameter, bound[parameter.name], connection)
    return bound


def _check_value(query: SavedQuery, parameter: Parameter, value: Any, connection: Connection) -> None:
    if parameter.values is None:
        return
    subject = f"parameter {parameter.name} of query {query.name}"
    if parameter.type == "council":
        values.check_council(connection, parameter.values, value, subject)
    else:
        values.check(connection, parameter.values, value, subject, values_command(parameter.name, query.name))


def values_command(parameter: str, query: str | None = None) -> str:
    """The command that lists a parameter's values: `cqc-la query --values qs`, with the query's name
    when another query declares a parameter of that name differently."""
    sources = {p.values for saved in saved_queries() for p in saved.parameters if p.name == parameter}
    if query is None or len(sources) <= 1:
        return f"cqc-la query --values {parameter}"
    return f"cqc-la query {query} --values {parameter}"


def parameter_values(
    parameter: str, query: str | None = None, url: str | None = None, *, timeout: float | None = None
) -> Result:
    """The values an enumerated parameter may take (value, label, rows that have it), from the column
    its header names: `parameter_values("measure_code")`, or of one query's parameter."""
    candidates = [saved_query(query)] if query else saved_queries()
    declared = [(saved, p) for saved in candidates for p in saved.parameters if p.name == parameter]
    if not declared:
        known = sorted({p.name for saved in candidates for p in saved.parameters if p.values})
        where = f"query {query}" if query else "any saved query"
        raise UsageError(
            f"{where} has no parameter {parameter!r}{_did_you_mean(parameter, known)}; "
            f"parameters with listed values: {', '.join(known) or 'none'}"
        )
    sources = {p.values for _, p in declared}
    if None in sources:
        saved, _ = next((s, p) for s, p in declared if p.values is None)
        raise UsageError(
            f"parameter {parameter} of query {saved.name} takes any value: it has no list of values"
        )
    if len(sources) > 1:
        names = ", ".join(saved.name for saved, _ in declared)
        raise UsageError(f"parameter {parameter} means different things in {names}: name the query too")
    first = declared[0][1]
    source = first.values
    assert source is not None

    sql = source.listing_sql(by_label=first.type == "council")
    return _result(readonly.read(url, sql, timeout=timeout, before=_ready))


def _convert(query: SavedQuery, parameter: Parameter, value: Any, connection: Connection) -> Any:
    example = f" (example: {parameter.name}={parameter.example})" if parameter.example else ""
    bad = f"parameter {parameter.name} of query {query.name} must be {_article(parameter.type)}, found {value!r}"
    try:
        if parameter.type == "integer":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if parameter.type == "numeric":
            if isinstance(value, bool):
                raise ValueError
            return Decimal(str(value).strip())
        if parameter.type == "date":
            return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except (ValueError, InvalidOperation):
        raise UsageError(bad + example) from None
    if parameter.type == "council":
        return resolve_council(connection, str(value), parameter.name, example)
    return str(value)


def _article(kind: str) -> str:
    return {"integer": "an integer", "numeric": "a number", "date": "a date (YYYY-MM-DD)"}.get(kind, kind)


def resolve_council(connection: Connection, value: str, parameter: str = "council", example: str = "") -> int:
    """The council_id of any name, alias or ONS code of a council; UsageError when none matches."""
    from .loading.reference import match_council

    council_id = match_council(connection, value)
    if council_id is not None:
        return council_id
    names = (
        connection.execute(text("select council_name from cqc.council order by council_name")).scalars().all()
    )
    close = difflib.get_close_matches(value, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"parameter {parameter}: no council is known as {value!r}{hint}{example}")


# --- running ---------------------------------------------------------------------------------------


def _result(rows: readonly.Rows) -> Result:
    return Result(rows.columns, rows.rows, rows.rowcount, rows.returns_rows, rows.types)


def _max_rows(max_rows: int | None) -> int | None:
    if max_rows is not None and (isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 0):
        raise UsageError(f"expected a limit of 0 or more rows, found {max_rows!r}")
    return max_rows


def fetch_query(
    name: str,
    url: str | None = None,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Result:
    """Run a saved query on the read path (`readonly`); rows with the database's own types, at most
    `max_rows` of them (`Result.total` counts them all)."""
    saved = saved_query(name)
    return _result(
        readonly.read(
            url,
            saved.sql,
            timeout=timeout,
            before=lambda connection: bind_parameters(saved, params or {}, connection),
            max_rows=_max_rows(max_rows),
        )
    )


def query(name: str, url: str | None = None, *, timeout: float | None = None, **params: Any) -> pd.DataFrame:
    """A saved query's answer: `query("council_profile", council="Hartlepool")`.

    Dates are `datetime64`, integers nullable `Int64`, numbers and money (pounds, `_gbp`) `float64`
    (see `cqc_la.columns`). A value that matches nothing, an unknown parameter or a database not yet
    loaded raises `UsageError`."""
    return fetch_query(name, url, params, timeout=timeout).frame()


def view_names(url: str | None = None) -> list[str]:
    """Views of the analysis schema, as they exist in the database."""
    rows = readonly.read(
        url,
        "select viewname from pg_views where schemaname = :schema order by viewname",
        {"schema": ANALYSIS_SCHEMA},
    )
    return [row[0] for row in rows.rows]


def view_sql(name: str) -> str:
    """`select * from analysis."name"` for a name the database listed (quoted, never pasted raw)."""
    return f'select * from {ANALYSIS_SCHEMA}."' + name.replace('"', '""') + '"'


def fetch_view(
    name: str, url: str | None = None, *, timeout: float | None = None, max_rows: int | None = None
) -> Result:
    """Every row of `analysis.<name>` (at most `max_rows`); only names of existing views are accepted
    (nothing is pasted into SQL that the database did not list itself). An empty view of a database
    without reference data says to run `cqc-la load`."""
    if not isinstance(name, str):
        raise UsageError(f"expected a view name as a str, found {type(name).__name__}")
    known = view_names(url)
    key = name.removeprefix(f"{ANALYSIS_SCHEMA}.")
    if not known:
        raise UsageError(values.NO_SCHEMA)
    if key not in known:
        raise UsageError(
            f"unknown view {name!r}{_did_you_mean(key, known)}; views of {ANALYSIS_SCHEMA}: {', '.join(known)}"
        )
    result = _result(readonly.read(url, view_sql(key), timeout=timeout, max_rows=_max_rows(max_rows)))
    if result.total == 0:
        readonly.read(url, "select 1", before=_ready)
    return result


def _ready(connection: Connection) -> dict[str, Any]:
    """`before` of a read that only checks the database can answer (`values.ensure_ready`)."""
    values.ensure_ready(connection)
    return {}


def read_view(name: str, url: str | None = None, *, timeout: float | None = None) -> pd.DataFrame:
    """A curated view as a DataFrame: `read_view("latest_assessments")`, typed as `query` is."""
    return fetch_view(name, url, timeout=timeout).frame()


def fetch_sql(
    sql: str,
    url: str | None = None,
    params: Mapping[str, Any] | None = None,
    write: bool = False,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Result:
    """Run one statement of ad-hoc SQL: on the read path (a role that cannot write) unless `write`
    (then as the owner, committed). `:name` parameters bind from `params`; without params the SQL goes
    to the server as written (colons and percent signs mean nothing). See `readonly`."""
    if write:
        return _result(readonly.write(url, sql, params, timeout=timeout))
    return _result(readonly.read(url, sql, params, timeout=timeout, max_rows=_max_rows(max_rows)))


def run_sql(
    sql: str, url: str | None = None, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
) -> pd.DataFrame:
    """Ad-hoc SQL (read-only) as a DataFrame: `run_sql("select * from analysis.framework")`, typed as
    `query` is. Every mistake of the caller raises `UsageError` (`readonly.QueryError` for what the
    database refused, `readonly.UnreachableError` for a server that cannot be reached): SQL that is not
    text or not one statement, params that are not a mapping or do not match the SQL's `:names`, a bad
    time limit, a statement stopped at its time limit."""
    return fetch_sql(sql, url, params, timeout=timeout).frame()

"""Read the curated views, saved queries and ad-hoc SQL as pandas DataFrames.

Saved queries are files in `queries/saved/` (found through the package, never the current directory):
SQL with `:named` parameters, bound by SQLAlchemy, never pasted into the text. Each file starts with a
header that documents it and drives validation:

    -- title: Council profile
    -- description: Everything about one council ...
    -- param: council council — any name or ONS code of the council (example: Hartlepool)
    -- param: limit integer — rows to return (example: 20) (default: 50)

Parameter types: `text`, `integer`, `numeric`, `date` and `council`. A `council` parameter accepts any
name, alias or ONS code (`Hartlepool`, `Hartlepool Borough Council`, `E06000001`): it is resolved in
Python with the loader's own matching (`reference.match_council`, the same alias keys that matched the
report) and the query receives the council's `council_id`. Doing it in Python keeps one definition of
name normalisation (accents, `&`, council-type words) instead of a second one written in SQL.

Every mistake a user can make (unknown query or view, missing, unknown or ill-typed parameter, a council
no name matches) raises `UsageError` with what was expected and an example. The CLI (`cli/query.py`)
uses `fetch_*`, which keep the database's own types for exact output; the public functions return
DataFrames.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from . import readonly
from .errors import UsageError
from .resources import saved_queries_dir
from .tables import ANALYSIS_SCHEMA

PARAMETER_TYPES = ("text", "integer", "numeric", "date", "council")

_HEADER_FIELD = re.compile(r"^--\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"^([a-z_][a-z0-9_]*)\s+([a-z]+)\s*(?:—|–|--|-)\s*(.*)$", re.IGNORECASE)
_EXAMPLE = re.compile(r"\(\s*example:\s*([^)]*)\)", re.IGNORECASE)
_DEFAULT = re.compile(r"\(\s*default:\s*([^)]*)\)", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a saved query, as declared in its header."""

    name: str
    type: str
    description: str
    example: str | None = None
    default: str | None = None  # None: required

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
    """Rows as the database returned them (exact types), for printing."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    rowcount: int = -1
    returns_rows: bool = True

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.rows, columns=self.columns, coerce_float=True)


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
    description = _DEFAULT.sub("", _EXAMPLE.sub("", rest)).strip().rstrip(".;, ")
    return Parameter(
        name,
        kind,
        description,
        example.group(1).strip() if example else None,
        default.group(1).strip() if default else None,
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
    """Check and convert the parameters given for `query` into values to bind."""
    unknown = [name for name in given if query.parameter(name) is None]
    if unknown:
        declared = ", ".join(p.name for p in query.parameters) or "none"
        raise UsageError(f"query {query.name} has no parameter {unknown[0]!r}; its parameters: {declared}")
    values: dict[str, Any] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            raise UsageError(
                f"query {query.name} needs parameter {parameter.describe()}; e.g. {query.example_command()}"
            )
        values[parameter.name] = _convert(query, parameter, value, connection)
    return values


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
    return Result(rows.columns, rows.rows, rows.rowcount, returns_rows=rows.returns_rows)


def fetch_query(
    name: str,
    url: str | None = None,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = None,
) -> Result:
    """Run a saved query on the read path (`readonly`); rows with the database's own types."""
    saved = saved_query(name)
    return _result(
        readonly.read(
            url,
            saved.sql,
            timeout=timeout,
            before=lambda connection: bind_parameters(saved, params or {}, connection),
        )
    )


def query(name: str, url: str | None = None, *, timeout: float | None = None, **params: Any) -> pd.DataFrame:
    """A saved query's answer: `query("council_profile", council="Hartlepool")`."""
    return fetch_query(name, url, params, timeout=timeout).frame()


def view_names(url: str | None = None) -> list[str]:
    """Views of the analysis schema, as they exist in the database."""
    rows = readonly.read(
        url,
        "select viewname from pg_views where schemaname = :schema order by viewname",
        {"schema": ANALYSIS_SCHEMA},
    )
    return [row[0] for row in rows.rows]


def fetch_view(name: str, url: str | None = None, *, timeout: float | None = None) -> Result:
    """Every row of `analysis.<name>`; only names of existing views are accepted (nothing is pasted
    into SQL that the database did not list itself)."""
    known = view_names(url)
    key = name.removeprefix(f"{ANALYSIS_SCHEMA}.")
    if key not in known:
        raise UsageError(
            f"unknown view {name!r}{_did_you_mean(key, known)}; views of {ANALYSIS_SCHEMA}: "
            f"{', '.join(known) or 'none (run cqc-la db upgrade)'}"
        )
    quoted = '"' + key.replace('"', '""') + '"'
    return _result(readonly.read(url, f"select * from {ANALYSIS_SCHEMA}.{quoted}", timeout=timeout))


def read_view(name: str, url: str | None = None, *, timeout: float | None = None) -> pd.DataFrame:
    """A curated view as a DataFrame: `read_view("latest_assessments")`."""
    return fetch_view(name, url, timeout=timeout).frame()


def fetch_sql(
    sql: str,
    url: str | None = None,
    params: Mapping[str, Any] | None = None,
    write: bool = False,
    *,
    timeout: float | None = None,
) -> Result:
    """Run one statement of ad-hoc SQL: on the read path (a role that cannot write) unless `write`
    (then as the owner, committed). `:name` parameters bind from `params`; without params the SQL goes
    to the server as written (colons and percent signs mean nothing). See `readonly`."""
    if write:
        return _result(readonly.write(url, sql, params, timeout=timeout))
    return _result(readonly.read(url, sql, params, timeout=timeout))


def run_sql(
    sql: str, url: str | None = None, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
) -> pd.DataFrame:
    """Ad-hoc SQL (read-only) as a DataFrame: `run_sql("select * from analysis.framework")`."""
    return fetch_sql(sql, url, params, timeout=timeout).frame()

"""Reference data that changes: the 153 councils, published results and the measure catalogue.

Refreshed by every `cqc-la load`, so a corrected CSV is picked up by loading again. Each table is
compared with its file in the database first and only rows that differ are written (one statement per
table: the file's rows as JSON, `jsonb_to_recordset`, `is distinct from`): loading again writes
nothing and takes no row locks, so it cannot deadlock against another load, and `reference_changed`
lets the caller skip the exclusive refresh lock (`locks`) altogether. Councils are matched by alias keys
(`names`); a name printed in a report that matches none becomes a new council without an ONS code
(`is_reference = false`).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from ..resources import data_file, reference_dir
from .names import alias_key, bare_key, candidate_keys

COUNCILS_CSV = "local_authorities.csv"
PUBLISHED_CSV = "published_results.csv"

Row = dict[str, Any]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_json(rows: list[Row]) -> str:
    return json.dumps(rows, default=str)


def _spaces(value: str) -> str:
    return " ".join(value.split())


def _int(value: str) -> int | None:
    return int(float(value)) if value.strip() else None


def _write_changed(
    connection: Connection,
    table: str,
    keys: tuple[str, ...],
    columns: dict[str, str],
    rows: str,
    *,
    write: bool,
    source: str | None = None,
) -> int:
    """Upsert the rows that differ from `cqc.<table>` when `write`, else count them; either way nothing
    is written for a row the table already holds.

    `rows` is a JSON array of objects; `columns` maps the table's columns (keys first) to SQL types, for
    reading it as a record set;
    `source`, a select over `:rows` giving those columns, replaces that when a column is looked up.
    """
    values = [column for column in columns if column not in keys]
    record = ", ".join(f"{column} {kind}" for column, kind in columns.items())
    source = source or f"select * from jsonb_to_recordset(cast(:rows as jsonb)) as w({record})"
    listed = ", ".join(keys + tuple(values))
    changed = (
        f"with w as ({source}) select {', '.join(f'w.{c}' for c in keys + tuple(values))} from w "
        f"left join cqc.{table} t on {' and '.join(f't.{k} = w.{k}' for k in keys)} "
        f"where t.{keys[0]} is null or ({', '.join(f't.{v}' for v in values)}) "
        f"is distinct from ({', '.join(f'w.{v}' for v in values)})"
    )
    payload = {"rows": rows}
    if not write:
        return int(connection.execute(text(f"select count(*) from ({changed}) c"), payload).scalar_one())
    updates = ", ".join(f"{v} = excluded.{v}" for v in values)
    statement = f"insert into cqc.{table} ({listed}) {changed} on conflict ({', '.join(keys)}) do update set {updates}"
    return int(connection.execute(text(statement), payload).rowcount or 0)


_COUNCIL_COLUMNS = {
    "gss_code": "text",
    "name": "text",
    "council_name": "text",
    "region": "text",
    "la_type": "text",
    "population": "integer",
    "population_year": "smallint",
    "imd2019_avg_score": "numeric(8,3)",
    "imd2019_rank_most_deprived_first": "smallint",
    "imd2019_decile_most_deprived_10": "smallint",
    "imd2019_source": "text",
    "icb_name": "text",
    "icb_code": "text",
    "icb_all_by_lsoa_share": "text",
    "old_la_code": "text",
    "mysociety_la_code": "text",
    "former_gss_codes": "text[]",
    "is_reference": "boolean",
}
_ALIAS_COLUMNS = {"alias_key": "text", "alias": "text", "council_id": "integer"}
_ALIASES_BY_CODE = (
    "select w.alias_key, w.alias, c.council_id "
    "from jsonb_to_recordset(cast(:rows as jsonb)) as w(alias_key text, alias text, gss_code text) "
    "join cqc.council c on c.gss_code = w.gss_code"
)


def _council_row(row: dict[str, str]) -> Row:
    decile = _int(row["imd2019_decile"])
    return {
        "gss_code": row["gss_code"],
        "name": _spaces(row["name"]),
        "council_name": _spaces(row["council_name"]),  # the CSV has "North Somerset  Council"
        "region": row["region"] or None,
        "la_type": row["la_type"] or None,
        "population": _int(row["population"]),
        "population_year": _int(row["population_year"]),
        "imd2019_avg_score": row["imd2019_avg_score"] or None,
        "imd2019_rank_most_deprived_first": _int(row["imd2019_rank_avg_score"]),
        # the reference decile says 1 = most deprived; store the CQC convention, 10 = most deprived
        "imd2019_decile_most_deprived_10": 11 - decile if decile else None,
        "imd2019_source": row["imd2019_source"] or None,
        "icb_name": row["icb_name"] or None,
        "icb_code": row["icb_code"] or None,
        "icb_all_by_lsoa_share": row["icb_all_by_lsoa_share"] or None,
        "old_la_code": row["old_la_code_3digit"] or None,
        "mysociety_la_code": row["mysociety_la_code"] or None,
        "former_gss_codes": [code for code in row["former_gss_codes"].split(";") if code] or None,
        "is_reference": True,
    }


def _aliases(names: list[str]) -> dict[str, str]:
    """Alias key to alias, the first spelling of each key kept."""
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name and alias_key(name) not in seen:
            seen[alias_key(name)] = name
    return seen


def _alias_rows(rows: list[dict[str, str]]) -> list[Row]:
    by_key: dict[str, Row] = {}  # a key two councils claim goes to the later one, as it always has
    for row in rows:
        names = [row["name"], row["council_name"], row["gss_code"], *row["aliases"].split(";")]
        names += [code for code in row["former_gss_codes"].split(";") if code]
        for key, alias in _aliases(names).items():
            by_key[key] = {"alias_key": key, "alias": alias, "gss_code": row["gss_code"]}
    return list(by_key.values())


@lru_cache(maxsize=4)
def _council_file(path: Path, modified: int, size: int) -> tuple[int, str, str]:
    """Councils in the file and its council and alias rows as JSON (read once per process and version)."""
    rows = _read_csv(path)
    councils = list({row["gss_code"]: _council_row(row) for row in rows}.values())
    return len(rows), _as_json(councils), _as_json(_alias_rows(rows))


def _councils(connection: Connection, path: Path | None, *, write: bool) -> tuple[int, int]:
    """Councils in the file, and the council and alias rows that differ (written when `write`)."""
    path = path or reference_dir() / COUNCILS_CSV
    status = path.stat()
    count, councils, aliases = _council_file(path, status.st_mtime_ns, status.st_size)
    changed = _write_changed(connection, "council", ("gss_code",), _COUNCIL_COLUMNS, councils, write=write)
    changed += _write_changed(
        connection,
        "council_alias",
        ("alias_key",),
        _ALIAS_COLUMNS,
        aliases,
        write=write,
        source=_ALIASES_BY_CODE,
    )
    return count, changed


def load_councils(connection: Connection, path: Path | None = None) -> int:
    """Bring the council reference and its aliases up to the file; returns the number of councils in it."""
    return _councils(connection, path, write=True)[0]


def _upsert_aliases(connection: Connection, council_id: int, names: list[str]) -> None:
    connection.execute(
        text(
            "insert into cqc.council_alias (alias_key, alias, council_id) values (:key, :alias, :council_id) "
            "on conflict (alias_key) do update set alias = excluded.alias, council_id = excluded.council_id"
        ),
        [{"key": key, "alias": alias, "council_id": council_id} for key, alias in _aliases(names).items()],
    )


def match_council(connection: Connection, printed_name: str) -> int | None:
    """The council a printed name (or ONS code, or alias) refers to, or None."""
    for key in candidate_keys(printed_name):
        found = connection.execute(
            text("select council_id from cqc.council_alias where alias_key = :key"), {"key": key}
        ).scalar()
        if found is not None:
            return int(found)
    bare = bare_key(printed_name)
    if bare:
        found_ids = (
            connection.execute(
                text(
                    "select distinct council_id from cqc.council_alias where alias_key like :bare || ' %' "
                    "or alias_key = :bare"
                ),
                {"bare": bare},
            )
            .scalars()
            .all()
        )
        if len(found_ids) == 1:
            return int(found_ids[0])
    return None


def add_unknown_council(connection: Connection, printed_name: str) -> int:
    """A council known only from a report: no ONS code, its printed name as its name."""
    name = " ".join(printed_name.split())
    council_id = connection.execute(
        text(
            "insert into cqc.council (name, council_name, is_reference) values (:name, :name, false) "
            "on conflict (council_name) do update set name = excluded.name returning council_id"
        ),
        {"name": name},
    ).scalar_one()
    _upsert_aliases(connection, council_id, [name])
    return int(council_id)


_MEASURE_COLUMNS = {"measure_code": "text", "source": "text", "description": "text", "patterns": "text"}


def _measures(connection: Connection, path: Path | None, *, write: bool) -> tuple[int, int]:
    path = path or data_file("measures.csv")
    if not path.exists():
        return 0, 0
    rows = _read_csv(path)
    wanted = {
        row["measure_code"]: {
            "measure_code": row["measure_code"],
            "source": row["source"] or None,
            "description": row["description"],
            "patterns": row["patterns"],
        }
        for row in rows
    }
    changed = _write_changed(
        connection,
        "national_measure",
        ("measure_code",),
        _MEASURE_COLUMNS,
        _as_json(list(wanted.values())),
        write=write,
    )
    return len(rows), changed


def load_measures(connection: Connection, path: Path | None = None) -> int:
    """Bring the catalogue of known national measures up to the file; returns the number in it."""
    return _measures(connection, path, write=True)[0]


def _published_on(value: str) -> tuple[date, str]:
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), "month"
    return date(parts[0], parts[1], parts[2]), "day"


_RESULT_COLUMNS = {
    "council_id": "integer",
    "published_on": "date",
    "la_name": "text",
    "published_precision": "text",
    "kind": "text",
    "overall_rating": "text",
    "cqc_report_url": "text",
    "source_url": "text",
    "note": "text",
}
_SCORE_COLUMNS = {"published_result_id": "integer", "qs_no": "smallint", "score": "smallint"}
_SCORES_BY_RESULT = (
    "select p.published_result_id, w.qs_no, w.score "
    "from jsonb_to_recordset(cast(:rows as jsonb)) as w(council_id integer, published_on date, qs_no smallint, "
    "score smallint) join cqc.published_result p using (council_id, published_on)"
)


def _published(connection: Connection, path: Path | None, *, write: bool) -> tuple[int, int]:
    rows = _read_csv(path or reference_dir() / PUBLISHED_CSV)
    results: dict[tuple[int, date], Row] = {}  # a row given twice: the later one, as it always was
    scores: dict[tuple[int, date, int], Row] = {}
    for number, row in enumerate(rows, start=2):
        council_id = match_council(connection, row["gss_code"]) or match_council(connection, row["la_name"])
        if council_id is None:
            raise ValueError(f"{PUBLISHED_CSV}:{number}: expected a known council, found {row['la_name']!r}")
        published_on, precision = _published_on(row["published"])
        results[council_id, published_on] = {
            "council_id": council_id,
            "published_on": published_on,
            "la_name": row["la_name"],
            "published_precision": precision,
            "kind": row["assessment_kind"],
            "overall_rating": row["overall_rating"],
            "cqc_report_url": row["cqc_report_url"] or None,
            "source_url": row["source_url"],
            "note": row["note"] or None,
        }
        for qs_no in range(1, 10):
            scores[council_id, published_on, qs_no] = {
                "council_id": council_id,
                "published_on": published_on,
                "qs_no": qs_no,
                "score": int(row[f"qs{qs_no}"]),
            }
    keys = ("council_id", "published_on")
    changed = _write_changed(
        connection, "published_result", keys, _RESULT_COLUMNS, _as_json(list(results.values())), write=write
    )
    changed += _write_changed(
        connection,
        "published_result_score",
        ("published_result_id", "qs_no"),
        _SCORE_COLUMNS,
        _as_json(list(scores.values())),
        write=write,
        source=_SCORES_BY_RESULT,
    )
    return len(rows), changed


def load_published_results(connection: Connection, path: Path | None = None) -> int:
    """Bring published ratings and scores up to the file (one row per assessment, with its source)."""
    return _published(connection, path, write=True)[0]


def refresh_reference(connection: Connection) -> tuple[int, int]:
    """Councils and published results in the files, written only where they differ from the database.

    Reading comes first and takes no lock. When something differs, the exclusive lock of `locks` is
    taken and every table compared again under it before writing, so of several loads started at once
    one writes and the others find nothing to do. The caller's transaction holds the lock until it ends.
    """
    from .locks import lock_for_refresh

    councils, changed = _councils(connection, None, write=False)
    changed += _measures(connection, None, write=False)[1]
    if not changed:  # the published results name councils: compare them once councils are current
        published, changed = _published(connection, None, write=False)
        if not changed:
            return councils, published
    lock_for_refresh(connection)
    councils = load_councils(connection)
    load_measures(connection)
    return councils, load_published_results(connection)

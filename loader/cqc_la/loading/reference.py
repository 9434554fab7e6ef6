"""Reference data that changes: the 153 councils and the measure catalogue (published results: `published`).

Refreshed by every `cqc-la load`, so a corrected CSV is picked up by loading again. Each table is
compared with its file in the database first and only rows that differ are written (one statement per
table: the file's rows as JSON, `jsonb_to_recordset`, `is distinct from`): loading again writes
nothing and takes no row locks, so it cannot deadlock against another load, and `reference_changed`
lets the caller skip the exclusive refresh lock (`locks`) altogether. Councils are matched by alias keys
(`names`); a name printed in a report that matches none becomes a new council without an ONS code
(`is_reference = false`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, text

from ..resources import data_file, reference_dir
from .names import alias_key, bare_key, candidate_keys
from .upsert import Row, as_json, read_csv, write_changed

COUNCILS_CSV = "local_authorities.csv"


def _spaces(value: str) -> str:
    return " ".join(value.split())


def _int(value: str) -> int | None:
    return int(float(value)) if value.strip() else None


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
    rows = read_csv(path)
    councils = list({row["gss_code"]: _council_row(row) for row in rows}.values())
    return len(rows), as_json(councils), as_json(_alias_rows(rows))


def _councils(connection: Connection, path: Path | None, *, write: bool) -> tuple[int, int]:
    """Councils in the file, and the council and alias rows that differ (written when `write`)."""
    path = path or reference_dir() / COUNCILS_CSV
    status = path.stat()
    count, councils, aliases = _council_file(path, status.st_mtime_ns, status.st_size)
    changed = write_changed(connection, "council", ("gss_code",), _COUNCIL_COLUMNS, councils, write=write)
    changed += write_changed(
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
    rows = read_csv(path)
    wanted = {
        row["measure_code"]: {
            "measure_code": row["measure_code"],
            "source": row["source"] or None,
            "description": row["description"],
            "patterns": row["patterns"],
        }
        for row in rows
    }
    changed = write_changed(
        connection,
        "national_measure",
        ("measure_code",),
        _MEASURE_COLUMNS,
        as_json(list(wanted.values())),
        write=write,
    )
    return len(rows), changed


def load_measures(connection: Connection, path: Path | None = None) -> int:
    """Bring the catalogue of known national measures up to the file; returns the number in it."""
    return _measures(connection, path, write=True)[0]


def refresh_reference(connection: Connection) -> tuple[int, int]:
    """Councils and published results in the files, written only where they differ from the database.

    Reading comes first and takes no lock. When something differs, the exclusive lock of `locks` is
    taken and every table compared again under it before writing, so of several loads started at once
    one writes and the others find nothing to do. The caller's transaction holds the lock until it ends.
    """
    from .locks import lock_for_refresh
    from .published import load_published_results, published_changes

    councils, changed = _councils(connection, None, write=False)
    changed += _measures(connection, None, write=False)[1]
    if not changed:  # the published results name councils: compare them once councils are current
        published, changed = published_changes(connection)
        if not changed:
            return councils, published
    lock_for_refresh(connection)
    councils = load_councils(connection)
    load_measures(connection)
    return councils, load_published_results(connection)

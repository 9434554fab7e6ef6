"""Reference data that changes: the 153 councils, published results and the measure catalogue.

Loaded idempotently by every `cqc-la load` (upserts on natural keys), so a corrected CSV is picked up
by loading again. Councils are matched by alias keys (`names`); a name printed in a report that
matches none becomes a new council without an ONS code (`is_reference = false`).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text

from ..resources import data_file, reference_dir
from .names import alias_key, bare_key, candidate_keys

COUNCILS_CSV = "local_authorities.csv"
PUBLISHED_CSV = "published_results.csv"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _spaces(value: str) -> str:
    return " ".join(value.split())


def _int(value: str) -> int | None:
    return int(float(value)) if value.strip() else None


def load_councils(connection: Connection, path: Path | None = None) -> int:
    """Upsert the council reference and its aliases; returns the number of councils in the file."""
    rows = _read_csv(path or reference_dir() / COUNCILS_CSV)
    for row in rows:
        decile = _int(row["imd2019_decile"])
        council_id = connection.execute(
            text(
                """
                insert into cqc.council (gss_code, name, council_name, region, la_type, population,
                    population_year, imd2019_avg_score, imd2019_rank_most_deprived_first,
                    imd2019_decile_most_deprived_10, imd2019_source, icb_name, icb_code, icb_all_by_lsoa_share,
                    old_la_code, mysociety_la_code, former_gss_codes, is_reference)
                values (:gss_code, :name, :council_name, :region, :la_type, :population, :population_year,
                    :imd_score, :imd_rank, :imd_decile, :imd_source, :icb_name, :icb_code, :icb_share,
                    :old_code, :mysociety, :former, true)
                on conflict (gss_code) do update set
                    name = excluded.name, council_name = excluded.council_name, region = excluded.region,
                    la_type = excluded.la_type, population = excluded.population,
                    population_year = excluded.population_year, imd2019_avg_score = excluded.imd2019_avg_score,
                    imd2019_rank_most_deprived_first = excluded.imd2019_rank_most_deprived_first,
                    imd2019_decile_most_deprived_10 = excluded.imd2019_decile_most_deprived_10,
                    imd2019_source = excluded.imd2019_source, icb_name = excluded.icb_name,
                    icb_code = excluded.icb_code, icb_all_by_lsoa_share = excluded.icb_all_by_lsoa_share,
                    old_la_code = excluded.old_la_code, mysociety_la_code = excluded.mysociety_la_code,
                    former_gss_codes = excluded.former_gss_codes, is_reference = true
                returning council_id
                """
            ),
            {
                "gss_code": row["gss_code"],
                "name": _spaces(row["name"]),
                "council_name": _spaces(row["council_name"]),  # the CSV has "North Somerset  Council"
                "region": row["region"] or None,
                "la_type": row["la_type"] or None,
                "population": _int(row["population"]),
                "population_year": _int(row["population_year"]),
                "imd_score": row["imd2019_avg_score"] or None,
                "imd_rank": _int(row["imd2019_rank_avg_score"]),
                # the reference decile says 1 = most deprived; store the CQC convention, 10 = most deprived
                "imd_decile": 11 - decile if decile else None,
                "imd_source": row["imd2019_source"] or None,
                "icb_name": row["icb_name"] or None,
                "icb_code": row["icb_code"] or None,
                "icb_share": row["icb_all_by_lsoa_share"] or None,
                "old_code": row["old_la_code_3digit"] or None,
                "mysociety": row["mysociety_la_code"] or None,
                "former": [code for code in row["former_gss_codes"].split(";") if code] or None,
            },
        ).scalar_one()
        names = [row["name"], row["council_name"], row["gss_code"], *row["aliases"].split(";")]
        names += [code for code in row["former_gss_codes"].split(";") if code]
        _upsert_aliases(connection, council_id, names)
    return len(rows)


def _upsert_aliases(connection: Connection, council_id: int, names: list[str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name and alias_key(name) not in seen:
            seen[alias_key(name)] = name
    connection.execute(
        text(
            "insert into cqc.council_alias (alias_key, alias, council_id) values (:key, :alias, :council_id) "
            "on conflict (alias_key) do update set alias = excluded.alias, council_id = excluded.council_id"
        ),
        [{"key": key, "alias": alias, "council_id": council_id} for key, alias in seen.items()],
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


def load_measures(connection: Connection, path: Path | None = None) -> int:
    """Upsert the catalogue of known national measures."""
    path = path or data_file("measures.csv")
    if not path.exists():
        return 0
    rows = _read_csv(path)
    connection.execute(
        text(
            "insert into cqc.national_measure (measure_code, source, description, patterns) "
            "values (:measure_code, nullif(:source, ''), :description, :patterns) "
            "on conflict (measure_code) do update set source = excluded.source, "
            "description = excluded.description, patterns = excluded.patterns"
        ),
        [{k: row[k] for k in ("measure_code", "source", "description", "patterns")} for row in rows],
    )
    return len(rows)


def _published_on(value: str) -> tuple[date, str]:
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), "month"
    return date(parts[0], parts[1], parts[2]), "day"


def load_published_results(connection: Connection, path: Path | None = None) -> int:
    """Upsert published ratings and scores (one row per assessment, with its source)."""
    rows = _read_csv(path or reference_dir() / PUBLISHED_CSV)
    for number, row in enumerate(rows, start=2):
        council_id = match_council(connection, row["gss_code"]) or match_council(connection, row["la_name"])
        if council_id is None:
            raise ValueError(f"{PUBLISHED_CSV}:{number}: expected a known council, found {row['la_name']!r}")
        published_on, precision = _published_on(row["published"])
        result_id = connection.execute(
            text(
                """
                insert into cqc.published_result (council_id, la_name, published_on, published_precision, kind,
                    overall_rating, cqc_report_url, source_url, note)
                values (:council_id, :la_name, :published_on, :precision, :kind, :rating, :report_url,
                    :source_url, :note)
                on conflict (council_id, published_on) do update set la_name = excluded.la_name,
                    published_precision = excluded.published_precision, kind = excluded.kind,
                    overall_rating = excluded.overall_rating, cqc_report_url = excluded.cqc_report_url,
                    source_url = excluded.source_url, note = excluded.note
                returning published_result_id
                """
            ),
            {
                "council_id": council_id,
                "la_name": row["la_name"],
                "published_on": published_on,
                "precision": precision,
                "kind": row["assessment_kind"],
                "rating": row["overall_rating"],
                "report_url": row["cqc_report_url"] or None,
                "source_url": row["source_url"],
                "note": row["note"] or None,
            },
        ).scalar_one()
        connection.execute(
            text(
                "insert into cqc.published_result_score (published_result_id, qs_no, score) "
                "values (:id, :qs_no, :score) on conflict (published_result_id, qs_no) "
                "do update set score = excluded.score"
            ),
            [{"id": result_id, "qs_no": qs_no, "score": int(row[f"qs{qs_no}"])} for qs_no in range(1, 10)],
        )
    return len(rows)

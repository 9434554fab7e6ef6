"""Published results (seeds/reference/published_results*.csv): what CQC and others published of each
assessment, as known.

Knowledge is partial. A score a source does not give is no row (never guessed, never derived from
words); a date no source gives is null with precision `unknown`; the percentage is kept as printed
(`printed_pct`), never turned into a total; a withdrawn report keeps its row with `status` and the day
it was taken down. Every bad value fails with the file, the line and what was expected, before anything
is written. A row or score that a corrected file no longer gives is removed.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text

from ..resources import reference_dir
from .reference import match_council
from .upsert import Row, as_json, read_csv, write_changed

# Published results, oldest file first: a result given in two files takes the later file's row.
PUBLISHED_CSVS = ("published_results.csv", "published_results_2025_2026.csv")


def _published_on(value: str, where: str) -> tuple[date | None, str]:
    """The date and its precision; an empty date is `unknown` and stays so (never a guessed day)."""
    if not value.strip():
        return None, "unknown"
    try:
        parts = [int(part) for part in value.strip().split("-")]
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), "month"
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2]), "day"
    except ValueError:
        pass
    raise ValueError(f"{where}: expected published as YYYY-MM-DD, YYYY-MM or empty, found {value!r}")


_WITHDRAWN = re.compile(r"^withdrawn\b.*?\bon (\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def _status(value: str, where: str) -> tuple[str, date | None, str | None]:
    """`published` (the default, and every row of the older file), or `withdrawn` with the day it was
    taken down; the words as given are kept as the note."""
    words = " ".join(value.split())
    if not words or words.lower() == "published":
        return "published", None, None
    found = _WITHDRAWN.match(words)
    if found is None:
        raise ValueError(
            f"{where}: expected status 'published' or 'withdrawn ... on YYYY-MM-DD', found {value!r}"
        )
    return "withdrawn", date.fromisoformat(found.group(1)), words


def _score(value: str, where: str) -> int | None:
    """A known score, or None when the source gives none (never guessed from words)."""
    if not value.strip():
        return None
    if value.strip() not in {"1", "2", "3", "4"}:
        raise ValueError(f"{where}: expected a score 1-4 or empty, found {value!r}")
    return int(value)


def _pct(value: str | None, where: str) -> int | None:
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit() or not 0 <= int(value) <= 100:
        raise ValueError(f"{where}: expected printed_pct as a whole number 0-100 or empty, found {value!r}")
    return int(value)


_RESULT_COLUMNS = {
    "council_id": "integer",
    "published_on": "date",
    "la_name": "text",
    "published_precision": "text",
    "kind": "text",
    "overall_rating": "text",
    "printed_pct": "smallint",
    "status": "text",
    "withdrawn_on": "date",
    "status_note": "text",
    "source_file": "text",
    "cqc_report_url": "text",
    "source_url": "text",
    "note": "text",
}
_SCORE_COLUMNS = {"published_result_id": "integer", "qs_no": "smallint", "score": "smallint"}
_SCORES_BY_RESULT = (
    "select p.published_result_id, w.qs_no, w.score "
    "from jsonb_to_recordset(cast(:rows as jsonb)) as w(council_id integer, published_on date, qs_no smallint, "
    "score smallint) join cqc.published_result p "
    "on p.council_id = w.council_id and p.published_on is not distinct from w.published_on"
)
# Results a corrected file no longer gives (their summaries go with them, by the foreign key).
_DROPPED_RESULTS = """
    from cqc.published_result p
    where not exists (
        select 1 from jsonb_to_recordset(cast(:rows as jsonb)) as w(council_id integer, published_on date)
        where w.council_id = p.council_id and w.published_on is not distinct from p.published_on
    )
"""
# Scores a corrected file no longer gives: a score that became unknown is removed, not kept.
_DROPPED_SCORES = f"""
    from cqc.published_result_score s
    where not exists (
        select 1 from ({_SCORES_BY_RESULT}) w where w.published_result_id = s.published_result_id and w.qs_no = s.qs_no
    )
"""


def _drop(connection: Connection, rows_from: str, rows: str, *, write: bool) -> int:
    """Delete the rows `rows_from` (a `from ... where` over `:rows`) selects when `write`, else count
    them."""
    if write:
        return int(connection.execute(text(f"delete {rows_from}"), {"rows": rows}).rowcount or 0)
    return int(connection.execute(text(f"select count(*) {rows_from}"), {"rows": rows}).scalar_one())


def _published_rows(
    connection: Connection, paths: tuple[Path, ...]
) -> tuple[int, dict[tuple[int, date | None], Row], list[Row]]:
    results: dict[tuple[int, date | None], Row] = {}  # a row given twice: the later one, as it always was
    scores: dict[tuple[int, date | None, int], Row] = {}
    count = 0
    for path in paths:
        for number, row in enumerate(read_csv(path), start=2):
            count += 1
            where = f"{path.name}:{number}"
            council_id = match_council(connection, row["gss_code"]) or match_council(
                connection, row["la_name"]
            )
            if council_id is None:
                raise ValueError(f"{where}: expected a known council, found {row['la_name']!r}")
            published_on, precision = _published_on(row["published"], where)
            status, withdrawn_on, status_note = _status(row.get("status") or "", where)
            results[council_id, published_on] = {
                "council_id": council_id,
                "published_on": published_on,
                "la_name": row["la_name"],
                "published_precision": precision,
                "kind": row["assessment_kind"],
                "overall_rating": row["overall_rating"],
                "printed_pct": _pct(row.get("printed_pct"), where),
                "status": status,
                "withdrawn_on": withdrawn_on,
                "status_note": status_note,
                "source_file": path.name,
                "cqc_report_url": row["cqc_report_url"] or None,
                "source_url": row["source_url"],
                "note": row["note"] or None,
            }
            for qs_no in range(1, 10):
                scores.pop((council_id, published_on, qs_no), None)
                score = _score(row[f"qs{qs_no}"], f"{where} (qs{qs_no})")
                if score is not None:
                    scores[council_id, published_on, qs_no] = {
                        "council_id": council_id,
                        "published_on": published_on,
                        "qs_no": qs_no,
                        "score": score,
                    }
    return count, results, list(scores.values())


def _published(connection: Connection, paths: tuple[Path, ...] | None, *, write: bool) -> tuple[int, int]:
    paths = paths or tuple(
        reference_dir() / name for name in PUBLISHED_CSVS if (reference_dir() / name).exists()
    )
    count, results, scores = _published_rows(connection, paths)
    keys = ("council_id", "published_on")
    result_rows = as_json(list(results.values()))
    changed = _drop(connection, _DROPPED_RESULTS, result_rows, write=write)
    changed += write_changed(connection, "published_result", keys, _RESULT_COLUMNS, result_rows, write=write)
    payload = {"rows": as_json(scores)}
    changed += _drop(connection, _DROPPED_SCORES, payload["rows"], write=write)
    changed += write_changed(
        connection,
        "published_result_score",
        ("published_result_id", "qs_no"),
        _SCORE_COLUMNS,
        payload["rows"],
        write=write,
        source=_SCORES_BY_RESULT,
    )
    return count, changed


def load_published_results(connection: Connection, *paths: Path) -> int:
    """Bring published ratings and scores up to the files (one row per assessment, with its source);
    returns the number of rows read. Unknown scores and dates stay unknown (NULL, precision `unknown`)."""
    return _published(connection, paths or None, write=True)[0]


def published_changes(connection: Connection) -> tuple[int, int]:
    """Rows in the files and how many rows of the tables differ from them (nothing is written)."""
    return _published(connection, None, write=False)

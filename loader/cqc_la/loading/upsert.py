"""Reading reference CSVs and writing only the rows that differ, shared by the reference loaders.

A reference file is compared with its table inside the database (the file's rows as JSON,
`jsonb_to_recordset`, `is distinct from`), so loading an unchanged file writes nothing, takes no row
locks and tells the caller whether the exclusive refresh lock is needed at all.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

Row = dict[str, Any]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def as_json(rows: list[Row]) -> str:
    return json.dumps(rows, default=str)


def write_changed(
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
        f"left join cqc.{table} t on {' and '.join(f't.{k} is not distinct from w.{k}' for k in keys)} "
        f"where t.{keys[0]} is null or ({', '.join(f't.{v}' for v in values)}) "
        f"is distinct from ({', '.join(f'w.{v}' for v in values)})"
    )
    payload = {"rows": rows}
    if not write:
        return int(connection.execute(text(f"select count(*) from ({changed}) c"), payload).scalar_one())
    updates = ", ".join(f"{v} = excluded.{v}" for v in values)
    statement = f"insert into cqc.{table} ({listed}) {changed} on conflict ({', '.join(keys)}) do update set {updates}"
    return int(connection.execute(text(statement), payload).rowcount or 0)

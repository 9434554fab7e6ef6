"""Curated views and functions of the `analysis` schema, from one `.sql` file each.

`queries/views/<name>.sql` holds the body of view `analysis.<name>` (a `select`, written as CTEs);
`queries/functions/<name>.sql` holds a whole `create function analysis.<name>`. Migrations never read
those working files: a migration that changes the curated layer records the files that changed in a
snapshot (`schema/versions/sql/<revision>/`, with `snapshot()`; objects that disappeared are listed in
its `removed.txt`), and `apply()` rebuilds the schema from the state at that revision: every snapshot
up to it, later files replacing earlier ones. So old migrations keep building what they built, no
view is copied into a migration that did not change it, and a test can tell when a file changed
without a migration (the working files differ from the state at the newest snapshot).

Objects are created in dependency order, found from the `analysis.<name>` references in their bodies.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from .resources import schema_dir, views_dir
from .tables import ANALYSIS_SCHEMA

READER_ROLE = "cqc_reader"
_REFERENCE = re.compile(r"\banalysis\.([a-z_][a-z0-9_]*)", re.IGNORECASE)


@dataclass(frozen=True)
class SqlObject:
    kind: str  # view or function
    name: str
    body: str

    def comments(self) -> tuple[str | None, dict[str, str]]:
        """The view's description and its columns' from its header (`-- analysis.<name>: ...` up to
        `-- columns:`, then `--   name: meaning` lines), for `COMMENT ON`: written once, beside the SQL."""
        description: list[str] = []
        columns: dict[str, str] = {}
        in_columns = False
        for line in self.body.splitlines():
            if not line.startswith("--"):
                break
            words = line[2:].strip()
            if words.lower() == "columns:":
                in_columns = True
            elif in_columns:
                name, _, meaning = words.partition(":")
                if meaning.strip():
                    columns[name.strip()] = meaning.strip()
            else:
                description.append(words)
        text_ = " ".join(description).strip()
        prefix = f"analysis.{self.name}:"
        text_ = text_[len(prefix) :].strip() if text_.startswith(prefix) else text_
        return text_ or None, columns

    def comment_statements(self) -> list[str]:
        if self.kind != "view":
            return []
        description, columns = self.comments()
        target = f"{ANALYSIS_SCHEMA}.{self.name}"
        statements = [f"comment on view {target} is {_literal(description)}"] if description else []
        statements += [
            f"comment on column {target}.{name} is {_literal(meaning)}" for name, meaning in columns.items()
        ]
        return statements

    def create_statement(self) -> str:
        if self.kind == "view":
            return f"create view {ANALYSIS_SCHEMA}.{self.name} as\n{self.body.rstrip().rstrip(';')}"
        return self.body


def _literal(text_: str) -> str:
    return "'" + text_.replace("'", "''") + "'"


def read_objects(root: Path) -> list[SqlObject]:
    """Views and functions under `root` (with `views/` and `functions/`), in dependency order."""
    return _dependency_order(_raw_objects(root))


def _dependency_order(objects: dict[str, SqlObject]) -> list[SqlObject]:
    ordered: list[SqlObject] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise ValueError("circular view references: " + " -> ".join((*chain, name)))
        state[name] = "visiting"
        for reference in _REFERENCE.findall(objects[name].body):
            reference = reference.lower()
            if reference in objects and reference != name:
                visit(reference, (*chain, name))
        state[name] = "done"
        ordered.append(objects[name])

    for name in sorted(objects):
        visit(name, ())
    return ordered


def working_objects() -> list[SqlObject]:
    """The files under queries/ as they are now."""
    return read_objects(views_dir().parent)


def snapshot_dir(revision: str) -> Path:
    return schema_dir() / "versions" / "sql" / revision


def _snapshots() -> list[Path]:
    root = schema_dir() / "versions" / "sql"
    return sorted(path for path in root.iterdir() if path.is_dir()) if root.is_dir() else []


def _raw_objects(root: Path) -> dict[str, SqlObject]:
    found: dict[str, SqlObject] = {}
    for kind in ("view", "function"):
        for path in sorted((root / f"{kind}s").glob("*.sql")):
            found[path.stem] = SqlObject(kind, path.stem, path.read_text(encoding="utf-8"))
    return found


def objects_at(revision: str | None) -> list[SqlObject]:
    """The curated objects as of `revision` (None: the newest snapshot), in dependency order."""
    state: dict[str, SqlObject] = {}
    for directory in _snapshots():
        if revision is not None and directory.name > revision:
            break
        removed = directory / "removed.txt"
        for name in removed.read_text(encoding="utf-8").split() if removed.exists() else []:
            state.pop(name, None)
        state.update(_raw_objects(directory))
    return _dependency_order(state)


def snapshot(revision: str) -> Path:
    """Record, for a new migration `revision`, the working files that differ from the state before it."""
    target = snapshot_dir(revision)
    if target.exists():
        shutil.rmtree(target)
    before = {obj.name: obj for obj in objects_at(None)}
    working = {obj.name: obj for obj in working_objects()}
    for obj in working.values():
        if before.get(obj.name) != obj:
            (target / f"{obj.kind}s").mkdir(parents=True, exist_ok=True)
            (target / f"{obj.kind}s" / f"{obj.name}.sql").write_text(obj.body, encoding="utf-8")
    removed = sorted(set(before) - set(working))
    if removed:
        target.mkdir(parents=True, exist_ok=True)
        (target / "removed.txt").write_text("\n".join(removed) + "\n", encoding="utf-8")
    return target


def apply(connection: Connection, revision: str | None) -> None:
    """Rebuild the analysis schema from the snapshot of `revision` (None: leave it empty)."""
    connection.execute(text(f"drop schema if exists {ANALYSIS_SCHEMA} cascade"))
    connection.execute(text(f"create schema {ANALYSIS_SCHEMA}"))
    connection.execute(
        text(
            f"comment on schema {ANALYSIS_SCHEMA} is 'Curated views over the cqc schema: the public interface.'"
        )
    )
    if revision is not None:
        objects = objects_at(revision)
        for obj in objects:
            execute_verbatim(connection, obj.create_statement())
        for obj in objects:
            for statement in obj.comment_statements():
                execute_verbatim(connection, statement)
    grant_reader(connection)


def execute_verbatim(connection: Connection, statement: str) -> None:
    """Run SQL exactly as written. `exec_driver_sql` lets psycopg read `%s` and `%%` as placeholders
    even with no parameters, which would change a view's `format('%s%%', ...)`; a DBAPI cursor given
    no parameters sends the text untouched."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def grant_reader(connection: Connection) -> None:
    """Give the read-only role (when it exists) read access to both schemas."""
    exists = connection.execute(text("select 1 from pg_roles where rolname = :r"), {"r": READER_ROLE}).first()
    if not exists:
        return
    for schema in ("cqc", ANALYSIS_SCHEMA):
        connection.execute(text(f"grant usage on schema {schema} to {READER_ROLE}"))
        connection.execute(text(f"grant select on all tables in schema {schema} to {READER_ROLE}"))
    connection.execute(text(f"grant execute on all functions in schema {ANALYSIS_SCHEMA} to {READER_ROLE}"))

"""Read-only logins for SQL clients: `cqc-la db grant-reader NAME --password P`.

Migration 0002 creates the NOLOGIN role `cqc_reader`, which may read the `cqc` and `analysis` schemas
and nothing else. A person or tool gets a LOGIN role of its own that is a member of it, so a password
can be changed or a login dropped without touching the privileges. Role names and passwords are
quoted by psycopg (`sql.Identifier`, `sql.Literal`), never pasted; names are also checked against a
plain pattern so that a typo does not create a role nobody can type, and an existing superuser or
role-creating role is never turned into a reader.
"""

from __future__ import annotations

import re

from psycopg import sql

from . import database
from .errors import UsageError
from .sqlobjects import READER_ROLE

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_RESERVED = ("postgres", "public", "none", "current_user", "session_user", "current_role", READER_ROLE)


def validate_name(name: str) -> str:
    """A login name: lowercase letters, digits and underscores, not reserved."""
    if not _NAME.match(name):
        raise UsageError(
            f"login name {name!r}: expected lowercase letters, digits and underscores "
            "(starting with a letter or underscore, at most 63 characters)"
        )
    if name in _RESERVED or name.startswith("pg_"):
        raise UsageError(f"login name {name!r} is reserved; choose another, e.g. analyst")
    return name


def grant_reader(name: str, password: str, url: str | None = None) -> None:
    """Create (or update the password of) login NAME, a member of the read-only role cqc_reader."""
    validate_name(name)
    if not password:
        raise UsageError("expected a non-empty --password")
    with database.engine(url).begin() as connection:
        reader = connection.exec_driver_sql(
            "select 1 from pg_roles where rolname = %(r)s", {"r": READER_ROLE}
        ).first()
        if reader is None:
            raise UsageError(f"role {READER_ROLE} does not exist: run `cqc-la db upgrade` first")
        existing = connection.exec_driver_sql(
            "select rolsuper or rolcreaterole or rolcreatedb or rolreplication or rolbypassrls "
            "from pg_roles where rolname = %(n)s",
            {"n": name},
        ).first()
        if existing is not None and existing[0]:
            raise UsageError(
                f"role {name!r} exists with more than read access (superuser or can create "
                "roles/databases); refusing to make it a reader login"
            )
        statements = [
            sql.SQL(
                "{verb} role {name} with login nosuperuser nocreatedb nocreaterole password {password}"
            ).format(
                verb=sql.SQL("alter" if existing else "create"),
                name=sql.Identifier(name),
                password=sql.Literal(password),
            ),
            sql.SQL("grant {reader} to {name}").format(
                reader=sql.Identifier(READER_ROLE), name=sql.Identifier(name)
            ),
        ]
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

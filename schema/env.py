"""Alembic environment: migrations run against `cqc_la.tables.metadata`.

The URL comes from `cqc-la` (an explicit connection in `config.attributes`), else from the
environment or the embedded server, never from alembic.ini. Only the `cqc` schema is compared by
autogenerate: the curated views in `analysis` are managed from `queries/views/*.sql`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from cqc_la import database
from cqc_la.tables import SCHEMA, metadata

config = context.config


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    if type_ == "table":
        return obj.schema == SCHEMA
    return True


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    if type_ == "schema":
        return name == SCHEMA
    return True


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_schemas=True,
        include_object=include_object,
        include_name=include_name,
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=False,
    )


def run_migrations_offline() -> None:
    context.configure(url=database.resolve_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(database.resolve_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Curated views, search function and the read-only role cqc_reader.

Creates the role `cqc_reader` (NOLOGIN; roles are cluster-wide, so several databases on one server
share it and creating it never fails when it exists), gives it read access to the `cqc` and `analysis`
schemas and nothing else, and builds the `analysis` schema from the snapshot `sql/0002/` (the curated
views of `queries/views/` and `analysis.search_findings`). Logins are added to the role with
`cqc-la db grant-reader NAME --password P`.

Downgrade rebuilds the `analysis` schema of 0001, revokes the role's privileges in this database and
drops the role unless another database still grants it something.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cqc_la import sqlobjects

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = sqlobjects.READER_ROLE

# Concurrent migrations of two databases on one server may race to create the role: both errors mean
# "it exists now". A migrating user without CREATEROLE gets a notice and no role (grants are skipped).
CREATE_ROLE = f"""
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '{READER}') then
        create role {READER} nologin;
    end if;
exception
    when duplicate_object or unique_violation then null;
    when insufficient_privilege then
        raise notice 'cqc-la: cannot create role {READER} (needs CREATEROLE); read-only logins unavailable';
end
$$
"""

GRANT = f"""
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '{READER}') then
        return;
    end if;
    revoke all on schema public from {READER};
    grant usage on schema cqc to {READER};
    grant select on all tables in schema cqc to {READER};
    alter default privileges in schema cqc grant select on tables to {READER};
    -- PostgreSQL 15+ no longer lets PUBLIC create in schema public; older servers do, and a grant to
    -- PUBLIC cannot be revoked from one role: take it from PUBLIC, as PostgreSQL 15+ does by default.
    if current_setting('server_version_num')::integer < 150000 then
        revoke create on schema public from public;
    end if;
end
$$
"""

REVOKE = f"""
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '{READER}') then
        return;
    end if;
    alter default privileges in schema cqc revoke select on tables from {READER};
    revoke all on all tables in schema cqc from {READER};
    revoke all on schema cqc from {READER};
    revoke all on all tables in schema analysis from {READER};
    revoke all on all functions in schema analysis from {READER};
    revoke all on schema analysis from {READER};
end
$$
"""

# The role is cluster-wide: another database may still grant it privileges; then it stays.
DROP_ROLE = f"""
do $$
begin
    drop role if exists {READER};
exception
    when dependent_objects_still_exist or insufficient_privilege then
        raise notice 'cqc-la: role {READER} kept (still used elsewhere)';
end
$$
"""


def upgrade() -> None:
    op.execute(CREATE_ROLE)
    op.execute(GRANT)
    sqlobjects.apply(op.get_bind(), revision)  # also grants cqc_reader read access to analysis


def downgrade() -> None:
    sqlobjects.apply(op.get_bind(), "0001")
    op.execute(REVOKE)
    op.execute(DROP_ROLE)

"""Bounded full-text search, and time limits on reader logins made before this revision.

`analysis.search_findings` refuses a query over 10,000 characters or 1,000 query nodes and highlights
only the distinct words of the query (a word repeated 300 times made ts_headline take minutes). Reader
logins made by earlier versions of `cqc-la db grant-reader` get the settings new ones get: read-only
transactions by default and a 30 s statement timeout (where the migrating role may alter them).
CONNECT and TEMP are revoked from PUBLIC on this database, so a reader login reaches only the databases
it was granted CONNECT on (roles are cluster-wide; a grant to every member of `cqc_reader` would open
this database to logins made for other ones). A login made before this revision regains this database
with `cqc-la db grant-reader NAME` (which grants CONNECT on it); a notice names them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cqc_la import sqlobjects

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = sqlobjects.READER_ROLE


def upgrade() -> None:
    sqlobjects.apply(op.get_bind(), revision)
    # reader logins may connect to the databases they were granted, not to any cqc-la database
    op.execute(
        """
        do $$
        begin
            execute format('revoke connect, temporary on database %I from public', current_database());
        end
        $$
        """
    )
    op.execute(
        f"""
        do $$
        declare
            login text;
        begin
            if not exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
                return;
            end if;
            for login in
                select r.rolname from pg_auth_members m
                join pg_roles g on g.oid = m.roleid and g.rolname = '{READER}'
                join pg_roles r on r.oid = m.member
                where r.rolcanlogin and not r.rolsuper
            loop
                if not has_database_privilege(login, current_database(), 'CONNECT') then
                    raise notice 'cqc-la: reader login % needs cqc-la db grant-reader % to connect again', login, login;
                end if;
                execute format('alter role %I set default_transaction_read_only = on', login);
                execute format('alter role %I set statement_timeout = %L', login, '30000ms');
            end loop;
        end
        $$
        """
    )


def downgrade() -> None:
    op.execute(
        """
        do $$
        begin
            execute format('grant connect, temporary on database %I to public', current_database());
        end
        $$
        """
    )
    sqlobjects.apply(op.get_bind(), "0005")

"""Descriptions of every curated view and column (`COMMENT ON VIEW`, `COMMENT ON COLUMN`).

The views are the public interface, yet GUI clients (DBeaver, pgAdmin) and `psql \\dv+` showed no
description for any of them. Each view's header in `queries/views/<name>.sql` now says what the view is
and, in a `-- columns:` block, what every column means with its unit; `sqlobjects.apply` turns them into
comments whenever it builds the views, so this revision only rebuilds them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cqc_la import sqlobjects

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlobjects.apply(op.get_bind(), revision)


def downgrade() -> None:
    sqlobjects.apply(op.get_bind(), "0009")

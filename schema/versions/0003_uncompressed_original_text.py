"""Store original report texts uncompressed.

Compressing a 90 KB report with pglz on insert cost about 2 ms of the database's CPU per report, a
tenth of the floor of a bulk load (benchmarks/bench.py); disk is cheaper than that. Storage is not
part of the SQLAlchemy metadata, so this lives only here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("alter table cqc.source_document alter column original_text set storage external")


def downgrade() -> None:
    op.execute("alter table cqc.source_document alter column original_text set storage extended")

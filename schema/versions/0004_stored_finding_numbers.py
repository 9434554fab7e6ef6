"""Store each key-finding paragraph's position within its quality statement.

`analysis.findings` numbered paragraphs with a window over every key-finding paragraph, which sorted
the whole table (spilling to disk at 1,000 reports) before returning its first row. The loader now
stores the position (`cqc.paragraph.finding_no`) and the view streams. Reports loaded before this
revision get their numbers here, from the same rule.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cqc_la import sqlobjects

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "Position (from 1) among the key-finding paragraphs and list items of its quality statement; null for "
    "other blocks. Stored so that analysis.findings needs no sort of every paragraph."
)


def upgrade() -> None:
    op.add_column("paragraph", sa.Column("finding_no", sa.Integer(), comment=COMMENT), schema="cqc")
    op.execute(
        """
        update cqc.paragraph p set finding_no = numbered.finding_no
        from (
            select p.paragraph_id,
                   row_number() over (partition by p.assessment_id, s.qs_no order by p.block_no) as finding_no
            from cqc.paragraph p
            join cqc.section s on s.section_id = p.section_id
            where s.kind = 'key_finding' and p.kind <> 'heading'
        ) numbered
        where numbered.paragraph_id = p.paragraph_id
        """
    )
    sqlobjects.apply(op.get_bind(), revision)


def downgrade() -> None:
    # the views select * from cqc.paragraph, so they depend on every column: drop them first
    sqlobjects.apply(op.get_bind(), None)
    op.drop_column("paragraph", "finding_no", schema="cqc")
    sqlobjects.apply(op.get_bind(), "0002")

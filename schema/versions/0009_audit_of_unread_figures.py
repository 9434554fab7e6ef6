"""The audit of unread figures: `assessment.sentences_with_figures` and `analysis.extraction_coverage`.

The parser's audit pass flags every sentence whose figures no reader took (`unread_comparison`,
`unread_wait`, `unread_figure` warnings, stored as load warnings like any other). The assessment keeps how
many sentences held figures, so that `analysis.extraction_coverage` can say per report how much was read
and what was flagged. Reports loaded before this revision have no count (null) until loaded again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cqc_la import sqlobjects

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "Sentences of the text holding a figure of a kind the readers take (England comparisons, waits, "
    "demographic and financial figures), counted by the audit pass; null for summaries and for reports "
    "loaded before it."
)


def upgrade() -> None:
    sqlobjects.apply(op.get_bind(), None)  # the views select * from cqc.assessment
    op.add_column(
        "assessment", sa.Column("sentences_with_figures", sa.Integer(), comment=COMMENT), schema="cqc"
    )
    sqlobjects.apply(op.get_bind(), revision)


def downgrade() -> None:
    sqlobjects.apply(op.get_bind(), None)
    op.drop_column("assessment", "sentences_with_figures", schema="cqc")
    sqlobjects.apply(op.get_bind(), "0008")

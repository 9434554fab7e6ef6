"""Report addresses and withdrawals: `assessment.report_url` and `assessment.withdrawn_on`.

`cqc-la fetch` knows where every page came from and when a report left CQC's listing. The report's
address links each row back to CQC's site, and a withdrawn report is kept, marked, never deleted;
`analysis.assessment_overview` (and `latest_assessments`) gain `status`, `withdrawn_on`, `report_url`
and `missing_parts`. Addresses of reports loaded before this revision are filled from their pages'
addresses where those name one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cqc_la import sqlobjects

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPORT_URL = (
    "The report's address on CQC's site (https://.../local-authority-assessment-reports/<slug>), "
    "when a loaded page names it."
)
WITHDRAWN_ON = "When the report was first seen gone from CQC's listing (cqc-la fetch); null while published."


def upgrade() -> None:
    sqlobjects.apply(op.get_bind(), None)  # the views select * from cqc.assessment
    op.add_column("assessment", sa.Column("report_url", sa.Text(), comment=REPORT_URL), schema="cqc")
    op.add_column("assessment", sa.Column("withdrawn_on", sa.Date(), comment=WITHDRAWN_ON), schema="cqc")
    op.execute(
        r"""
        update cqc.assessment a set report_url = found.report_url
        from (
            select s.document_id,
                   min(substring(f.url from '^(https?://[^/]+/care-services/local-authority-assessment-reports/[^/?#]+)'))
                       as report_url
            from cqc.source_segment s
            join cqc.source_file f on f.file_id = s.file_id
            group by s.document_id
        ) found
        where found.document_id = a.document_id and found.report_url is not null
        """
    )
    sqlobjects.apply(op.get_bind(), revision)


def downgrade() -> None:
    sqlobjects.apply(op.get_bind(), None)
    op.drop_column("assessment", "withdrawn_on", schema="cqc")
    op.drop_column("assessment", "report_url", schema="cqc")
    sqlobjects.apply(op.get_bind(), "0006")

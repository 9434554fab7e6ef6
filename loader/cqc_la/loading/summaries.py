"""Published results as assessments of `detail = 'summary'`.

Every published result is an assessment unless a loaded report with a rating (a whole report, or its
summary tab) of the same council and publication month is loaded; then the report is the assessment and
`analysis.published_result_check` compares the two. The report writer removes the matching summary in its
own transaction; this sync, run at the end of every `cqc-la load`, adds summaries that are missing and
refreshes changed ones, idempotently.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_MATCHING_REPORT = """
    exists (
        select 1 from cqc.assessment report
        where report.detail <> 'summary' and report.overall_rating is not null
          and report.council_id = {p}.council_id
          and date_trunc('month', report.published_on) = date_trunc('month', {p}.published_on)
    )
"""


def sync_summaries(connection: Connection) -> int:
    """Make summary assessments match published results; returns how many were added."""
    connection.execute(
        text(
            "delete from cqc.assessment summary using cqc.published_result p "
            "where summary.detail = 'summary' and summary.published_result_id = p.published_result_id and "
            + _MATCHING_REPORT.format(p="p")
        )
    )
    connection.execute(
        text(
            """
            update cqc.assessment a set overall_rating = p.overall_rating, kind = p.kind,
                is_indicative = (p.kind = 'pilot'), published_on = p.published_on,
                published_precision = p.published_precision
            from cqc.published_result p
            where a.published_result_id = p.published_result_id
              and (a.overall_rating, a.kind, a.published_on) is distinct from (p.overall_rating, p.kind, p.published_on)
            """
        )
    )
    added = connection.execute(
        text(
            """
            insert into cqc.assessment (council_id, kind, detail, published_on, published_precision,
                published_result_id, overall_rating, is_indicative)
            select p.council_id, p.kind, 'summary', p.published_on, p.published_precision,
                p.published_result_id, p.overall_rating, p.kind = 'pilot'
            from cqc.published_result p
            where not exists (select 1 from cqc.assessment a where a.published_result_id = p.published_result_id)
              and not """
            + _MATCHING_REPORT.format(p="p")
            + " returning assessment_id"
        )
    ).rowcount
    connection.execute(
        text(
            """
            insert into cqc.statement_result (assessment_id, qs_no, score, summary_score)
            select a.assessment_id, s.qs_no, s.score, s.score
            from cqc.assessment a
            join cqc.published_result_score s on s.published_result_id = a.published_result_id
            where a.detail = 'summary'
            on conflict (assessment_id, qs_no) do update
                set score = excluded.score, summary_score = excluded.summary_score
                where statement_result.score is distinct from excluded.score
            """
        )
    )
    return int(added or 0)

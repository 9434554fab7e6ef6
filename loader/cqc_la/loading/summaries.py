"""Published results as assessments of `detail = 'summary'`.

Every published result is an assessment unless a loaded report with a rating (a whole report, or its
summary tab) of the same council and publication month is loaded; then the report is the assessment and
`analysis.published_result_check` compares the two. The report writer removes the matching summary in its
own transaction; this sync, run at the end of every `cqc-la load`, adds summaries that are missing and
refreshes changed ones, idempotently.

Loads run side by side, so the sync first asks (reading only) whether anything is out of step, and only
then takes the exclusive lock of `locks` and does the work: two syncs never insert the same summary,
a sync never runs while another load's report write is half done, and a sync with nothing to do writes
nothing and waits for nobody.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from .locks import lock_for_refresh

_MATCHING_REPORT = """
    exists (
        select 1 from cqc.assessment report
        where report.detail <> 'summary' and report.overall_rating is not null
          and report.council_id = {p}.council_id
          and date_trunc('month', report.published_on) = date_trunc('month', {p}.published_on)
    )
"""

# Summaries a report has taken the place of.
_SUPERSEDED = "summary.detail = 'summary' and summary.published_result_id = p.published_result_id and " + (
    _MATCHING_REPORT.format(p="p")
)
# Summaries whose published result has changed.
_STALE = """
    a.published_result_id = p.published_result_id
    and (a.overall_rating, a.kind, a.published_on, a.published_precision, a.printed_overall_pct, a.withdrawn_on)
        is distinct from
        (p.overall_rating, p.kind, p.published_on, p.published_precision, p.printed_pct, p.withdrawn_on)
"""
# Published results with neither a summary nor a report.
_MISSING = (
    "not exists (select 1 from cqc.assessment a where a.published_result_id = p.published_result_id) and not "
    + _MATCHING_REPORT.format(p="p")
)
# Scores of summaries that are missing or differ from the published ones.
_SCORES = """
    select a.assessment_id, s.qs_no, s.score
    from cqc.assessment a
    join cqc.published_result_score s on s.published_result_id = a.published_result_id
    left join cqc.statement_result r on r.assessment_id = a.assessment_id and r.qs_no = s.qs_no
    where a.detail = 'summary'
      and (r.assessment_id is null or (r.score, r.summary_score) is distinct from (s.score, s.score))
"""
# Scores of summaries that the published result no longer gives (a score became unknown).
_UNKNOWN_SCORES = """
    r.assessment_id = a.assessment_id and a.detail = 'summary'
      and not exists (
          select 1 from cqc.published_result_score s
          where s.published_result_id = a.published_result_id and s.qs_no = r.qs_no
      )
"""

_OUT_OF_STEP = f"""
    select exists (select 1 from cqc.assessment summary, cqc.published_result p where {_SUPERSEDED})
        or exists (select 1 from cqc.assessment a, cqc.published_result p where {_STALE})
        or exists (select 1 from cqc.published_result p where {_MISSING})
        or exists ({_SCORES})
        or exists (select 1 from cqc.statement_result r, cqc.assessment a where {_UNKNOWN_SCORES})
"""


def sync_summaries(connection: Connection) -> int:
    """Make summary assessments match published results; returns how many were added."""
    if not connection.execute(text(_OUT_OF_STEP)).scalar_one():
        return 0
    lock_for_refresh(connection)  # held until the caller's transaction ends
    connection.execute(
        text(f"delete from cqc.assessment summary using cqc.published_result p where {_SUPERSEDED}")
    )
    connection.execute(
        text(
            f"""
            update cqc.assessment a set overall_rating = p.overall_rating, kind = p.kind,
                is_indicative = (p.kind = 'pilot'), published_on = p.published_on,
                published_precision = p.published_precision, printed_overall_pct = p.printed_pct,
                withdrawn_on = p.withdrawn_on
            from cqc.published_result p
            where {_STALE}
            """
        )
    )
    added = connection.execute(
        text(
            f"""
            insert into cqc.assessment (council_id, kind, detail, published_on, published_precision,
                published_result_id, overall_rating, is_indicative, printed_overall_pct, withdrawn_on)
            select p.council_id, p.kind, 'summary', p.published_on, p.published_precision,
                p.published_result_id, p.overall_rating, p.kind = 'pilot', p.printed_pct, p.withdrawn_on
            from cqc.published_result p
            where {_MISSING}
            returning assessment_id
            """
        )
    ).rowcount
    connection.execute(
        text(f"delete from cqc.statement_result r using cqc.assessment a where {_UNKNOWN_SCORES}")
    )
    connection.execute(
        text(
            f"""
            insert into cqc.statement_result (assessment_id, qs_no, score, summary_score)
            select assessment_id, qs_no, score, score from ({_SCORES}) changed
            on conflict (assessment_id, qs_no) do update
                set score = excluded.score, summary_score = excluded.summary_score
            """
        )
    )
    return int(added or 0)

-- analysis.waiting_times: how long people wait, as councils stated it in their reports.
-- Grain: one row per stated waiting time (service and measure in one sentence).
-- days is the upper bound of a range (days_low its lower bound); evidence is the sentence.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   qs_no: quality statement it is evidence for, 1-9
--   service: what people wait for
--   measure: 'median', 'average', 'maximum' or 'range'
--   days: the wait, days (for a range, its upper bound)
--   days_low: lower bound of a range, days; null when not a range
--   previous_days: earlier value the report compares with, days
--   people_waiting: people waiting, count, when stated
--   evidence: the sentence the wait was read from
--   paragraph_id: paragraph it was read from
--   position: order of the wait within the paragraph, from 0
--   line_start: first line (1-based) in the source document
--   line_end: last line (1-based, inclusive) in the source document
--   council_id: council's surrogate key
with

waits as (
    select * from cqc.waiting_time
),

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

final as (
    select
        waits.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        waits.qs_no,
        waits.service,
        waits.measure,
        waits.days,
        waits.days_low,
        waits.previous_days,
        waits.people_waiting,
        waits.sentence as evidence,
        waits.paragraph_id,
        waits.position,
        waits.line_start,
        waits.line_end,
        assessments.council_id
    from waits
    inner join assessments on waits.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
)

select * from final

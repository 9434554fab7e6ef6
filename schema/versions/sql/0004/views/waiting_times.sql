-- analysis.waiting_times: how long people wait, as councils stated it in their reports.
-- Grain: one row per stated waiting time (service and measure in one sentence).
-- days is the upper bound of a range (days_low its lower bound); evidence is the sentence.
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

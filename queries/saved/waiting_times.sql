-- title: Waiting times for one service
-- description: How long people wait for one service, as councils stated it in their reports, longest
--   first. Services: care_act_assessment, carers_assessment, review, financial_assessment,
--   occupational_therapy, dols, safeguarding, other.
-- param: service text — the service waited for (example: care_act_assessment) (values: analysis.waiting_times.service)
with

waits as (
    select * from analysis.waiting_times
    where service = :service
),

final as (
    select
        council,
        published_on,
        measure,
        days,
        days_low,
        previous_days,
        people_waiting,
        evidence,
        paragraph_id
    from waits
)

select * from final
order by days desc, council

-- title: What is known of every council
-- description: All councils, with what the database holds of each: a full report, a partial one, a
--   published result with scores, only a rating (and percentage), or nothing, and where it comes from.
--   Councils that still need a report loaded come first (needs_report).
with

coverage as (
    select * from analysis.coverage
),

final as (
    select
        council,
        region,
        knowledge,
        overall_rating,
        latest_published_on,
        published_precision,
        statements_known,
        printed_pct,
        cqc_pct,
        needs_report,
        status,
        source
    from coverage
)

select * from final
order by needs_report desc, knowledge, council

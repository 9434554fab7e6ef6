-- analysis.published_result_check: do the loaded reports agree with the published results?
-- Grain: one row per published result that has a loaded report of the same council and publication
-- month. published is 'YYYY-MM' when only the month is published, else the date 'YYYY-MM-DD'.
-- agrees: the 9 scores and the overall rating are equal.
with

published_results as (
    select * from cqc.published_result
),

published_scores as (
    select
        published_result_id,
        array_agg(score::integer order by qs_no) as published_scores
    from cqc.published_result_score
    group by published_result_id
),

reports as (
    select * from cqc.assessment
    where detail <> 'summary'
),

report_scores as (
    select
        assessment_id,
        array_agg(score::integer order by qs_no) as report_scores
    from cqc.statement_result
    group by assessment_id
),

councils as (
    select * from cqc.council
),

matched as (
    select
        published_results.published_result_id,
        published_results.council_id,
        published_results.published_on,
        published_results.published_precision,
        published_results.overall_rating as published_rating,
        reports.assessment_id,
        reports.published_on as report_published_on,
        reports.overall_rating as report_rating
    from published_results
    inner join reports
        on published_results.council_id = reports.council_id
        and date_trunc('month', published_results.published_on) = date_trunc('month', reports.published_on)
),

final as (
    select
        councils.council_name as council,
        case
            when matched.published_precision = 'month' then to_char(matched.published_on, 'YYYY-MM')
            else to_char(matched.published_on, 'YYYY-MM-DD')
        end as published,
        report_scores.report_scores,
        published_scores.published_scores,
        coalesce(
            report_scores.report_scores = published_scores.published_scores
            and matched.report_rating = matched.published_rating,
            false
        ) as agrees,
        matched.report_rating,
        matched.published_rating,
        matched.assessment_id,
        matched.report_published_on,
        matched.published_result_id,
        matched.council_id
    from matched
    inner join councils on matched.council_id = councils.council_id
    left join report_scores on matched.assessment_id = report_scores.assessment_id
    left join published_scores on matched.published_result_id = published_scores.published_result_id
)

select * from final

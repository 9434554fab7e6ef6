-- analysis.published_result_check: do the loaded reports agree with the published results?
-- Grain: one row per published result that has a loaded report of the same council and publication
-- month. published is 'YYYY-MM' when only the month is published, else the date 'YYYY-MM-DD'.
-- published is null when no source dates the result (such a result is never matched).
-- agrees: the overall rating is equal and so is every score the published result gives
-- (scores_compared of them; a score it does not give is null in published_scores and not compared).
-- columns:
--   council: the council's own name
--   published: publication of the published result: 'YYYY-MM' when only the month is known, else 'YYYY-MM-DD'
--   report_scores: the loaded report's 9 scores in statement order, 1-4 each; null where not known
--   published_scores: the published result's 9 scores in statement order, 1-4 each; null where not given
--   agrees: true when the overall ratings are equal and so is every score the published result gives
--   scores_compared: number of scores the published result gives and that were compared, 0-9
--   report_rating: overall rating of the loaded report
--   published_rating: overall rating of the published result
--   assessment_id: surrogate key of the loaded report's assessment
--   report_published_on: publication date of the loaded report
--   published_result_id: published result's surrogate key
--   council_id: council's surrogate key
with

published_results as (
    select * from cqc.published_result
),

statements as (
    select generate_series(1, 9) as qs_no
),

published_scores as (
    select
        published_results.published_result_id,
        array_agg(scores.score::integer order by statements.qs_no) as published_scores,
        count(scores.score)::integer as scores_known
    from published_results
    cross join statements
    left join cqc.published_result_score as scores
        on published_results.published_result_id = scores.published_result_id
        and statements.qs_no = scores.qs_no
    group by published_results.published_result_id
),

reports as (
    select * from cqc.assessment
    where detail <> 'summary'
),

report_scores as (
    select
        reports.assessment_id,
        array_agg(results.score::integer order by statements.qs_no) as report_scores
    from reports
    cross join statements
    left join cqc.statement_result as results
        on reports.assessment_id = results.assessment_id
        and statements.qs_no = results.qs_no
    group by reports.assessment_id
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
            matched.report_rating = matched.published_rating
            and not exists (
                select 1
                from generate_series(1, 9) as slot
                where published_scores.published_scores[slot] is not null
                    and published_scores.published_scores[slot]
                    is distinct from report_scores.report_scores[slot]
            ),
            false
        ) as agrees,
        coalesce(published_scores.scores_known, 0) as scores_compared,
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

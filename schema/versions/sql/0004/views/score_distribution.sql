-- analysis.score_distribution: how many councils got each score on each quality statement, on their
-- latest assessment.
-- Grain: one row per quality statement and score (9 x 4 = 36 rows; a score no council got has 0).
-- For each statement, councils adds up to the number of councils with a latest assessment.
with

latest as (
    select * from analysis.latest_assessments
),

statement_results as (
    select * from cqc.statement_result
),

framework as (
    select * from analysis.framework
),

score_levels as (
    select * from cqc.score_level
),

latest_scores as (
    select
        statement_results.qs_no,
        statement_results.score
    from statement_results
    inner join latest on statement_results.assessment_id = latest.assessment_id
),

counts as (
    select
        qs_no,
        score,
        count(*)::integer as councils
    from latest_scores
    group by qs_no, score
),

grid as (
    select
        framework.qs_no,
        framework.quality_statement,
        score_levels.score,
        score_levels.label as score_label,
        coalesce(counts.councils, 0) as councils
    from framework
    cross join score_levels
    left join counts
        on framework.qs_no = counts.qs_no
        and score_levels.score = counts.score
),

final as (
    select
        qs_no,
        quality_statement,
        score,
        councils,
        round(
            councils * 100.0 / nullif(sum(councils) over (partition by qs_no), 0), 1
        ) as share_pct,
        score_label
    from grid
)

select * from final
order by qs_no, score

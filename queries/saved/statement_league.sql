-- title: League table of one quality statement
-- description: Every council's score on one quality statement (latest assessments), best first; ties
--   share a rank and are ordered by total score. Councils scored 1 or 2 are the ones with shortfalls.
-- param: qs integer — quality statement number, 1-9 (1 assessing needs ... 9 learning) (example: 3)
with

latest as (
    select * from analysis.latest_assessments
),

statement_scores as (
    select * from analysis.quality_statement_scores
    where qs_no = :qs
),

final as (
    select
        rank() over (order by statement_scores.score desc) as rank,
        latest.council,
        latest.region,
        statement_scores.quality_statement,
        statement_scores.score,
        latest.overall_rating,
        latest.total_score,
        latest.score_pct,
        latest.published_on,
        latest.detail
    from latest
    inner join statement_scores on latest.assessment_id = statement_scores.assessment_id
)

select * from final
order by rank, total_score desc, council

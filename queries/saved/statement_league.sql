-- title: League table of one quality statement
-- description: Every council's score on one quality statement (latest assessments), best first; ties
--   share a rank and are ordered by total score. Councils scored 1 or 2 are the ones with shortfalls.
--   Only councils whose score on the statement is known are listed: councils_scored of councils_rated
--   councils with a rating (many published results give the rating but not the scores).
-- param: qs integer — quality statement number, 1-9 (1 assessing needs ... 9 learning) (example: 3) (values: analysis.framework.qs_no, quality_statement)
with

latest as (
    select * from analysis.latest_assessments
),

statement_scores as (
    select * from analysis.quality_statement_scores
    where qs_no = :qs
),

rated as (
    select count(*)::integer as councils_rated
    from latest
    where overall_rating is not null
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
        latest.detail,
        (count(*) over ())::integer as councils_scored,
        rated.councils_rated
    from latest
    inner join statement_scores on latest.assessment_id = statement_scores.assessment_id
    cross join rated
)

select * from final
order by rank, total_score desc, council

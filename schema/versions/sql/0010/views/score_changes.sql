-- analysis.score_changes: how a council's scores moved between its last two assessments.
-- Grain: one row per council and quality statement with two or more dated assessments that give that
-- statement's score (a reassessment, or a pilot followed by a formal assessment).
-- At one date the loaded report wins over a published summary (as in latest_assessments); a result with
-- no known date is left out, since it cannot be ordered. score_change = latest_score - previous_score;
-- rating_change is 'improved', 'declined' or 'same' (by band rank), null when a rating is not known.
-- columns:
--   council: the council's own name
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   previous_published_on: publication date of the earlier assessment
--   latest_published_on: publication date of the latest assessment
--   previous_score: the statement's score on the earlier assessment, 1-4
--   latest_score: the statement's score on the latest assessment, 1-4
--   score_change: latest_score - previous_score, score points (-3 to +3)
--   previous_rating: overall rating of the earlier assessment
--   latest_rating: overall rating of the latest assessment
--   rating_change: 'improved', 'declined' or 'same' by band rank; null when a rating is not known
--   previous_assessment_id: surrogate key of the earlier assessment
--   latest_assessment_id: surrogate key of the latest assessment
--   council_id: council's surrogate key
with

assessments as (
    select * from analysis.assessment_overview
),

statement_scores as (
    select * from analysis.quality_statement_scores
),

rating_bands as (
    select * from cqc.rating_band
),

one_per_date as (
    select
        assessments.*,
        row_number() over (
            partition by assessments.council_id, assessments.published_on
            order by
                assessments.detail <> 'summary' desc,
                assessments.detail = 'report' desc,
                assessments.assessment_id desc
        ) as preference
    from assessments
    where assessments.published_on is not null
),

known as (
    select
        one_per_date.council_id,
        one_per_date.council,
        one_per_date.assessment_id,
        one_per_date.published_on,
        one_per_date.overall_rating,
        statement_scores.qs_no,
        statement_scores.quality_statement,
        statement_scores.score,
        row_number() over (
            partition by one_per_date.council_id, statement_scores.qs_no
            order by one_per_date.published_on desc
        ) as recency
    from one_per_date
    inner join statement_scores on one_per_date.assessment_id = statement_scores.assessment_id
    where one_per_date.preference = 1
),

paired as (
    select
        latest.council_id,
        latest.council,
        latest.qs_no,
        latest.quality_statement,
        previous.published_on as previous_published_on,
        latest.published_on as latest_published_on,
        previous.score as previous_score,
        latest.score as latest_score,
        previous.overall_rating as previous_rating,
        latest.overall_rating as latest_rating,
        previous.assessment_id as previous_assessment_id,
        latest.assessment_id as latest_assessment_id
    from known as latest
    inner join known as previous
        on latest.council_id = previous.council_id
        and latest.qs_no = previous.qs_no
        and previous.recency = 2
    where latest.recency = 1
),

final as (
    select
        paired.council,
        paired.qs_no,
        paired.quality_statement,
        paired.previous_published_on,
        paired.latest_published_on,
        paired.previous_score,
        paired.latest_score,
        paired.latest_score - paired.previous_score as score_change,
        paired.previous_rating,
        paired.latest_rating,
        case
            when previous_band.rank is null or latest_band.rank is null then null
            when latest_band.rank > previous_band.rank then 'improved'
            when latest_band.rank < previous_band.rank then 'declined'
            else 'same'
        end as rating_change,
        paired.previous_assessment_id,
        paired.latest_assessment_id,
        paired.council_id
    from paired
    left join rating_bands as previous_band on paired.previous_rating = previous_band.rating
    left join rating_bands as latest_band on paired.latest_rating = latest_band.rating
)

select * from final
order by council, qs_no

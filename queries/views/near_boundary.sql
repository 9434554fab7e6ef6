-- analysis.near_boundary: how far each assessment's total score is from the edges of its rating band.
-- Grain: one row per assessment with all 9 statements scored (totals out of 36).
-- points_above_floor = total - lowest total of its band (0 = one point from dropping a band);
-- points_to_next_band = lowest total of the next band - total (null for Outstanding).
-- The band is the one the total falls in (band_rating), which is normally the overall rating.
-- Only assessments with all 9 scores known count: councils_fully_scored says how many councils that
-- covers, councils_rated how many hold a rating on their latest assessment.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   total_score: total of the 9 statement scores, points out of 36
--   overall_rating: overall rating word as given
--   points_above_floor: total - lowest total of its band, points (0 = one point from dropping a band)
--   points_to_next_band: lowest total of the next band - total, points; null for Outstanding
--   band_rating: rating band the total out of 36 falls in
--   next_rating: the next higher rating band; null for Outstanding
--   is_near_boundary: true when points_above_floor is 0 or points_to_next_band is 1
--   published_on: publication date of the assessment
--   council_id: council's surrogate key
--   councils_fully_scored: number of councils with any assessment having all 9 scores known (same on every row)
--   councils_rated: number of councils holding a rating on their latest assessment (same on every row)
with

assessments as (
    select * from analysis.assessment_overview
),

rating_bands as (
    select
        rating,
        rank,
        min_total_of_36,
        max_total_of_36,
        lead(min_total_of_36) over (order by rank) as next_min_total_of_36,
        lead(rating) over (order by rank) as next_rating
    from cqc.rating_band
),

latest as (
    select * from analysis.latest_assessments
),

fully_scored as (
    select * from assessments
    where statements_known = 9
),

coverage as (
    select
        (select count(distinct council_id) from fully_scored)::integer as councils_fully_scored,
        (select count(*) from latest where overall_rating is not null)::integer as councils_rated
),

final as (
    select
        fully_scored.assessment_id,
        fully_scored.council,
        fully_scored.total_score,
        fully_scored.overall_rating,
        fully_scored.total_score - rating_bands.min_total_of_36 as points_above_floor,
        rating_bands.next_min_total_of_36 - fully_scored.total_score as points_to_next_band,
        fully_scored.band_rating,
        rating_bands.next_rating,
        (
            fully_scored.total_score - rating_bands.min_total_of_36 = 0
            or rating_bands.next_min_total_of_36 - fully_scored.total_score = 1
        ) as is_near_boundary,
        fully_scored.published_on,
        fully_scored.council_id,
        coverage.councils_fully_scored,
        coverage.councils_rated
    from fully_scored
    cross join coverage
    inner join rating_bands
        on fully_scored.total_score between rating_bands.min_total_of_36 and rating_bands.max_total_of_36
)

select * from final

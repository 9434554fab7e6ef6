-- title: Councils near a rating boundary
-- description: Councils whose latest total score is within a few points of the next band up or of
--   dropping a band, closest first.
-- param: points integer — how many points counts as near (example: 1) (default: 1)
with

latest as (
    select * from analysis.latest_assessments
),

boundary as (
    select * from analysis.near_boundary
),

final as (
    select
        boundary.council,
        boundary.overall_rating,
        boundary.total_score,
        boundary.points_above_floor,
        boundary.points_to_next_band,
        boundary.next_rating,
        latest.region,
        latest.published_on
    from boundary
    inner join latest on boundary.assessment_id = latest.assessment_id
    where boundary.points_to_next_band <= :points
        or boundary.points_above_floor < :points
)

select * from final
order by least(points_to_next_band - 1, points_above_floor), council

-- title: Score changes between a council's last two assessments
-- description: Every quality statement whose score is known in two assessments of the same council (a
--   reassessment, or a pilot followed by a formal assessment), with the change and the rating change,
--   for latest assessments published on or after a date.
-- param: since date — latest assessment published on or after this day (example: 2025-01-01) (default: 1900-01-01)
with

changes as (
    select * from analysis.score_changes
    where latest_published_on >= :since
),

final as (
    select
        council,
        qs_no,
        quality_statement,
        previous_published_on,
        latest_published_on,
        previous_score,
        latest_score,
        score_change,
        previous_rating,
        latest_rating,
        rating_change
    from changes
)

select * from final
order by council, qs_no

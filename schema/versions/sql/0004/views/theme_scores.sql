-- analysis.theme_scores: how each assessment scored on each of the four themes.
-- Grain: one row per assessment and theme (with at least one statement scored).
-- mean_score is the mean of the theme's statement scores (2 dp); min_score its weakest statement.
with

statement_scores as (
    select * from analysis.quality_statement_scores
),

final as (
    select
        assessment_id,
        council,
        theme_no,
        theme,
        round(avg(score), 2) as mean_score,
        min(score) as min_score,
        max(score) as max_score,
        count(*)::integer as statements_scored,
        published_on
    from statement_scores
    group by assessment_id, council, theme_no, theme, published_on
)

select * from final

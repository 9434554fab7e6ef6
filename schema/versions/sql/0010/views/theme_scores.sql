-- analysis.theme_scores: how each assessment scored on each of the four themes.
-- Grain: one row per assessment and theme (with at least one statement scored).
-- mean_score is the mean of the theme's statement scores (2 dp); min_score its weakest statement.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   theme_no: theme number, 1-4
--   theme: canonical theme name
--   mean_score: mean of the theme's known statement scores, 1-4 scale, 2 dp
--   min_score: lowest statement score in the theme (its weakest statement), 1-4
--   max_score: highest statement score in the theme, 1-4
--   statements_scored: number of the theme's statements with a known score
--   published_on: publication date of the assessment
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

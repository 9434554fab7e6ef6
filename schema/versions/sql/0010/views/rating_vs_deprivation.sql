-- analysis.rating_vs_deprivation: do councils in more deprived areas get different ratings?
-- Grain: one row per IMD 2019 decile (10 = MOST deprived, 1 = least deprived), over each council's
-- latest assessment. The decile is the council reference's (every reference council has one), not a
-- report's, so summaries and reports are on one scale. Deciles without councils show 0.
-- Every council with a rating counts, including results that give only the rating; mean_score_pct is
-- over those whose scores are known (councils_scored).
-- columns:
--   imd_decile: council reference IMD 2019 decile: 10 = MOST deprived, 1 = least deprived
--   councils: number of councils in the decile with a rating on their latest assessment
--   mean_score_pct: mean score_pct of those councils whose scores are known, %, 1 dp
--   outstanding: number of those councils rated Outstanding
--   good: number of those councils rated Good
--   requires_improvement: number of those councils rated Requires improvement
--   inadequate: number of those councils rated Inadequate
--   councils_scored: number of those councils whose scores are known (the base of mean_score_pct)
with

latest as (
    select * from analysis.latest_assessments
),

councils as (
    select * from cqc.council
),

deciles as (
    select generate_series(1, 10) as imd_decile
),

latest_with_decile as (
    select
        councils.imd2019_decile_most_deprived_10 as imd_decile,
        latest.score_pct,
        latest.overall_rating
    from latest
    inner join councils on latest.council_id = councils.council_id
    where latest.overall_rating is not null
),

by_decile as (
    select
        imd_decile,
        count(*)::integer as councils,
        round(avg(score_pct), 1) as mean_score_pct,
        count(score_pct)::integer as councils_scored,
        count(*) filter (where overall_rating = 'Outstanding')::integer as outstanding,
        count(*) filter (where overall_rating = 'Good')::integer as good,
        count(*) filter (where overall_rating = 'Requires improvement')::integer as requires_improvement,
        count(*) filter (where overall_rating = 'Inadequate')::integer as inadequate
    from latest_with_decile
    group by imd_decile
),

final as (
    select
        coalesce(deciles.imd_decile, by_decile.imd_decile) as imd_decile,
        coalesce(by_decile.councils, 0) as councils,
        by_decile.mean_score_pct,
        coalesce(by_decile.outstanding, 0) as outstanding,
        coalesce(by_decile.good, 0) as good,
        coalesce(by_decile.requires_improvement, 0) as requires_improvement,
        coalesce(by_decile.inadequate, 0) as inadequate,
        coalesce(by_decile.councils_scored, 0) as councils_scored
    from deciles
    full join by_decile on deciles.imd_decile = by_decile.imd_decile
)

select * from final
order by imd_decile nulls last

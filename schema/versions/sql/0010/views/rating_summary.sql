-- analysis.rating_summary: how many councils hold each rating, on their latest assessment.
-- Grain: one row per rating (4 rows; a rating no council holds has 0).
-- Every council with a rating counts, including published results that give only the rating.
-- share_pct is of all councils with a rating; median_printed_pct is the median of the percentages as
-- printed (by a report or a published source), over councils_with_printed_pct councils.
-- columns:
--   overall_rating: overall rating word (Inadequate, Requires improvement, Good, Outstanding)
--   councils: number of councils holding the rating on their latest assessment
--   share_pct: councils as a share of all councils with a rating, %, 1 dp
--   median_printed_pct: median of the printed overall percentages of those councils, %, 1 dp
--   councils_with_printed_pct: number of those councils with a printed percentage (the median's base)
--   councils_fully_scored: number of those councils whose latest assessment has all 9 scores known
--   councils_with_report: number of those councils whose latest assessment has report text loaded
--   withdrawn: number of those councils whose latest report is withdrawn from CQC's listing
--   min_pct: lowest overall percentage of the rating's band, %
--   max_pct: highest overall percentage of the rating's band, %
--   rank: rank of the rating: 1 = Inadequate ... 4 = Outstanding
with

latest as (
    select * from analysis.latest_assessments
),

rating_bands as (
    select * from cqc.rating_band
),

rated as (
    select
        overall_rating,
        printed_pct as pct,
        statements_known,
        detail,
        status
    from latest
    where overall_rating is not null
),

by_rating as (
    select
        overall_rating,
        count(*)::integer as councils,
        percentile_cont(0.5) within group (order by pct) as median_pct,
        count(pct)::integer as councils_with_printed_pct,
        count(*) filter (where statements_known = 9)::integer as councils_fully_scored,
        count(*) filter (where detail <> 'summary')::integer as councils_with_report,
        count(*) filter (where status = 'withdrawn')::integer as withdrawn
    from rated
    group by overall_rating
),

final as (
    select
        rating_bands.rating as overall_rating,
        coalesce(by_rating.councils, 0) as councils,
        round(
            coalesce(by_rating.councils, 0) * 100.0 / nullif(sum(coalesce(by_rating.councils, 0)) over (), 0),
            1
        ) as share_pct,
        round(by_rating.median_pct::numeric, 1) as median_printed_pct,
        coalesce(by_rating.councils_with_printed_pct, 0) as councils_with_printed_pct,
        coalesce(by_rating.councils_fully_scored, 0) as councils_fully_scored,
        coalesce(by_rating.councils_with_report, 0) as councils_with_report,
        coalesce(by_rating.withdrawn, 0) as withdrawn,
        rating_bands.min_pct,
        rating_bands.max_pct,
        rating_bands.rank
    from rating_bands
    left join by_rating on rating_bands.rating = by_rating.overall_rating
)

select * from final
order by rank

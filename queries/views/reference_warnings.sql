-- analysis.reference_warnings: published results (seeds/reference/) whose figures do not agree.
-- Grain: one row per problem found in one published result. Kinds:
--   printed_pct_vs_scores: all 9 scores are known and the printed percentage is not CQC's figure for
--     them (the total out of 36 rounded up: 22/36 -> 62);
--   printed_pct_outside_band: the printed percentage lies outside the band of the published rating;
--   rating_vs_scores: all 9 scores are known and their total falls in another rating's band.
-- The same checks on loaded reports are warnings in analysis.load_warnings.
-- columns:
--   council: the council's own name
--   published_on: publication date of the published result
--   kind: problem: 'printed_pct_vs_scores', 'printed_pct_outside_band' or 'rating_vs_scores'
--   message: what was found and what was expected, in words
--   overall_rating: the published rating
--   printed_pct: overall percentage as published, %
--   cqc_pct: CQC's figure for the 9 published scores (total out of 36 rounded up), %; null unless all 9 known
--   total_score: sum of the published scores, points (out of 36 when all 9 known)
--   source_file: reference file the row comes from (seeds/reference/)
--   source_url: where the row's figures come from
--   published_result_id: published result's surrogate key
--   council_id: council's surrogate key
with

published_results as (
    select * from cqc.published_result
),

councils as (
    select * from cqc.council
),

rating_bands as (
    select * from cqc.rating_band
),

totals as (
    select
        published_result_id,
        count(*)::integer as scores_known,
        sum(score)::integer as total_score
    from cqc.published_result_score
    group by published_result_id
),

figures as (
    select
        published_results.published_result_id,
        published_results.council_id,
        published_results.published_on,
        published_results.overall_rating,
        published_results.printed_pct,
        published_results.source_file,
        published_results.source_url,
        totals.total_score,
        case when totals.scores_known = 9 then (totals.total_score * 100 + 35) / 36 end as cqc_pct,
        own_band.min_pct,
        own_band.max_pct,
        score_band.rating as score_rating
    from published_results
    left join totals on published_results.published_result_id = totals.published_result_id
    inner join rating_bands as own_band on published_results.overall_rating = own_band.rating
    left join rating_bands as score_band
        on totals.scores_known = 9
        and totals.total_score between score_band.min_total_of_36 and score_band.max_total_of_36
),

problems as (
    select
        figures.*,
        'printed_pct_vs_scores' as kind,
        format(
            'printed %s%% but the 9 scores total %s of 36, which CQC publishes as %s%%',
            printed_pct, total_score, cqc_pct
        ) as message
    from figures
    where printed_pct is not null and cqc_pct is not null and printed_pct <> cqc_pct

    union all

    select
        figures.*,
        'printed_pct_outside_band' as kind,
        format(
            'printed %s%% is outside the %s band (%s-%s%%)', printed_pct, overall_rating, min_pct, max_pct
        ) as message
    from figures
    where printed_pct not between min_pct and max_pct

    union all

    select
        figures.*,
        'rating_vs_scores' as kind,
        format(
            'rated %s but the 9 scores total %s of 36, which is %s', overall_rating, total_score, score_rating
        ) as message
    from figures
    where score_rating is not null and score_rating <> overall_rating
),

final as (
    select
        councils.council_name as council,
        problems.published_on,
        problems.kind,
        problems.message,
        problems.overall_rating,
        problems.printed_pct,
        problems.cqc_pct,
        problems.total_score,
        problems.source_file,
        problems.source_url,
        problems.published_result_id,
        problems.council_id
    from problems
    inner join councils on problems.council_id = councils.council_id
)

select * from final
order by council, kind

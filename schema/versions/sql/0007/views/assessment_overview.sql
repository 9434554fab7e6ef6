-- analysis.assessment_overview: every assessment with its rating, its 9 scores and what they add up to.
-- Grain: one row per assessment (a loaded report, or a published summary of scores and rating).
-- score_pct = total / (4 x statements scored) x 100, 1 dp. band_rating is the rating the scores give:
-- by total out of 36 when all 9 statements are scored, else by percentage (the highest band whose
-- min_pct the percentage reaches). status is 'withdrawn' once `cqc-la fetch` saw the report gone from
-- CQC's listing (withdrawn_on: the first day it was seen gone), else 'published'; report_url is the
-- report's address on CQC's site when a loaded page names it.
with

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

statement_results as (
    select * from cqc.statement_result
),

rating_bands as (
    select
        rating,
        rank,
        min_pct,
        lead(min_pct) over (order by rank) as next_min_pct,
        min_total_of_36,
        max_total_of_36
    from cqc.rating_band
),

scores as (
    select
        assessment_id,
        count(*)::integer as statements_scored,
        sum(score)::integer as total_score,
        max(score) filter (where qs_no = 1) as qs1_assessing_needs,
        max(score) filter (where qs_no = 2) as qs2_healthier_lives,
        max(score) filter (where qs_no = 3) as qs3_equity,
        max(score) filter (where qs_no = 4) as qs4_care_provision,
        max(score) filter (where qs_no = 5) as qs5_partnerships,
        max(score) filter (where qs_no = 6) as qs6_safe_systems,
        max(score) filter (where qs_no = 7) as qs7_safeguarding,
        max(score) filter (where qs_no = 8) as qs8_governance,
        max(score) filter (where qs_no = 9) as qs9_learning
    from statement_results
    group by assessment_id
),

scored as (
    select
        scores.*,
        4 * scores.statements_scored as max_score,
        round(scores.total_score * 100.0 / (4 * scores.statements_scored), 1) as score_pct
    from scores
),

banded as (
    select
        scored.*,
        rating_bands.rating as band_rating
    from scored
    left join rating_bands
        on case
            when scored.statements_scored = 9
                then scored.total_score between rating_bands.min_total_of_36 and rating_bands.max_total_of_36
            else scored.score_pct >= rating_bands.min_pct
                and scored.score_pct < coalesce(rating_bands.next_min_pct, 1000)
        end
),

final as (
    select
        assessments.assessment_id,
        councils.council_name as council,
        councils.gss_code,
        councils.region,
        assessments.published_on,
        assessments.kind,
        assessments.detail,
        assessments.overall_rating,
        assessments.is_indicative,
        banded.total_score,
        banded.max_score,
        banded.score_pct,
        banded.band_rating,
        assessments.overall_rating = banded.band_rating as is_rating_consistent,
        banded.qs1_assessing_needs,
        banded.qs2_healthier_lives,
        banded.qs3_equity,
        banded.qs4_care_provision,
        banded.qs5_partnerships,
        banded.qs6_safe_systems,
        banded.qs7_safeguarding,
        banded.qs8_governance,
        banded.qs9_learning,
        assessments.council_id,
        banded.statements_scored,
        assessments.published_precision,
        assessments.printed_overall_pct,
        assessments.missing_parts,
        case when assessments.withdrawn_on is null then 'published' else 'withdrawn' end as status,
        assessments.withdrawn_on,
        assessments.report_url
    from assessments
    inner join councils on assessments.council_id = councils.council_id
    left join banded on assessments.assessment_id = banded.assessment_id
)

select * from final

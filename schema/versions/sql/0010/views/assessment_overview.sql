-- analysis.assessment_overview: every assessment with its rating, its 9 scores and what they add up to.
-- Grain: one row per assessment (a loaded report, or a published summary of what is known: a rating,
-- often a percentage, some or all of the scores).
-- A score not known is null, never guessed; statements_known (0-9) counts the known ones.
-- score_pct = total / (4 x statements known) x 100, 1 dp: the exact ratio. cqc_pct is CQC's published
-- figure, the total out of 36 rounded UP to a whole number (22/36 -> 62), only when all 9 are known.
-- printed_pct is the percentage as printed: by the report, else by the published result of the same
-- council and month. band_rating is the rating the scores give: by total out of 36 when all 9
-- statements are known, else by percentage (the highest band whose min_pct the percentage reaches).
-- published_on is null, with published_precision 'unknown', for a published result no source dates. status is 'withdrawn' once `cqc-la fetch` saw the report gone from
-- CQC's listing (withdrawn_on: the first day it was seen gone), else 'published'; report_url is the
-- report's address on CQC's site when a loaded page names it.
-- columns:
--   assessment_id: assessment's surrogate key (cqc.assessment)
--   council: the council's own name
--   gss_code: the council's current ONS code; null for a council known only from a report
--   region: ONS region of the council
--   published_on: publication date (first of month when only the month is known); null when no source dates it
--   kind: 'formal' assessment or 'pilot'
--   detail: 'report' (whole report loaded), 'partial' (some parts loaded) or 'summary' (published scores only)
--   overall_rating: overall rating word (Inadequate to Outstanding); null for a partial report without its summary
--   is_indicative: true for a pilot's indicative rating
--   total_score: sum of the known statement scores, points (out of 36 when all 9 are known); null when none known
--   max_score: highest possible total for the known statements, points (4 x statements known)
--   score_pct: total_score / max_score x 100, %, 1 dp (exact ratio, not rounded up like CQC's figure)
--   band_rating: rating band the scores fall in: by total out of 36 when all 9 known, else by score_pct
--   is_rating_consistent: true when overall_rating equals band_rating; null when either is unknown
--   qs1_assessing_needs: score on statement 1, Assessing needs: 1-4 (4 = exceptional); null if unknown
--   qs2_healthier_lives: score on statement 2, Supporting people to live healthier lives: 1-4 (4 = exceptional); null if unknown
--   qs3_equity: score on statement 3, Equity in experience and outcomes: 1-4 (4 = exceptional); null if unknown
--   qs4_care_provision: score on statement 4, Care provision, integration and continuity: 1-4 (4 = exceptional); null if unknown
--   qs5_partnerships: score on statement 5, Partnerships and communities: 1-4 (4 = exceptional); null if unknown
--   qs6_safe_systems: score on statement 6, Safe systems, pathways and transitions: 1-4 (4 = exceptional); null if unknown
--   qs7_safeguarding: score on statement 7, Safeguarding: 1-4 (4 = exceptional); null if unknown
--   qs8_governance: score on statement 8, Governance, management and sustainability: 1-4 (4 = exceptional); null if unknown
--   qs9_learning: score on statement 9, Learning, improvement and innovation: 1-4 (4 = exceptional); null if unknown
--   council_id: council's surrogate key (cqc.council)
--   statements_known: number of quality statements whose score is known, 0-9
--   cqc_pct: CQC's published percentage: total out of 36 rounded up to a whole %; null unless all 9 scores known
--   printed_pct: overall percentage as printed by the report, else by a published result of the same council and month, %
--   published_precision: precision of published_on: 'day', 'month' or 'unknown'
--   missing_parts: parts of the report not loaded (summary, qs1-qs9); empty for a whole report
--   status: 'withdrawn' once cqc-la fetch saw the report gone from CQC's listing, else 'published'
--   withdrawn_on: first day the report was seen gone from CQC's listing; null while published
--   report_url: the report's address on CQC's site, when a loaded page names it
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

published_results as (
    select * from cqc.published_result
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
        round(scores.total_score * 100.0 / (4 * scores.statements_scored), 1) as score_pct,
        case
            when scores.statements_scored = 9 then (scores.total_score * 100 + 35) / 36
        end as cqc_pct
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

printed as (
    select
        assessments.assessment_id,
        coalesce(
            assessments.printed_overall_pct,
            (
                select published_results.printed_pct
                from published_results
                where published_results.council_id = assessments.council_id
                    and date_trunc('month', published_results.published_on)
                    = date_trunc('month', assessments.published_on)
                    and published_results.printed_pct is not null
                order by published_results.published_on desc
                limit 1
            )
        ) as printed_pct
    from assessments
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
        coalesce(banded.statements_scored, 0) as statements_known,
        banded.cqc_pct,
        printed.printed_pct,
        assessments.published_precision,
        assessments.missing_parts,
        case when assessments.withdrawn_on is null then 'published' else 'withdrawn' end as status,
        assessments.withdrawn_on,
        assessments.report_url
    from assessments
    inner join councils on assessments.council_id = councils.council_id
    inner join printed on assessments.assessment_id = printed.assessment_id
    left join banded on assessments.assessment_id = banded.assessment_id
)

select * from final

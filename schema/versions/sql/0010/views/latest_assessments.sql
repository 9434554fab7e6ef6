-- analysis.latest_assessments: each council's latest assessment, with the columns of assessment_overview.
-- Grain: one row per council that has an assessment.
-- Latest = the newest published_on; on a tie a loaded report wins over a published summary (a whole
-- report over a partial one). A result with no known date (published_precision 'unknown') is latest
-- only when the council has no dated assessment.
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
    select * from analysis.assessment_overview
),

ranked as (
    select
        assessments.*,
        row_number() over (
            partition by assessments.council_id
            order by
                assessments.published_on desc nulls last,
                assessments.detail <> 'summary' desc,
                assessments.detail = 'report' desc,
                assessments.assessment_id desc
        ) as recency
    from assessments
),

final as (
    select
        assessment_id,
        council,
        gss_code,
        region,
        published_on,
        kind,
        detail,
        overall_rating,
        is_indicative,
        total_score,
        max_score,
        score_pct,
        band_rating,
        is_rating_consistent,
        qs1_assessing_needs,
        qs2_healthier_lives,
        qs3_equity,
        qs4_care_provision,
        qs5_partnerships,
        qs6_safe_systems,
        qs7_safeguarding,
        qs8_governance,
        qs9_learning,
        council_id,
        statements_known,
        cqc_pct,
        printed_pct,
        published_precision,
        missing_parts,
        status,
        withdrawn_on,
        report_url
    from ranked
    where recency = 1
)

select * from final

-- analysis.latest_assessments: each council's latest assessment, with the columns of assessment_overview.
-- Grain: one row per council that has an assessment.
-- Latest = the newest published_on; on a tie a loaded report wins over a published summary (a whole
-- report over a partial one). A result with no known date (published_precision 'unknown') is latest
-- only when the council has no dated assessment.
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

-- analysis.improvement_areas: the quality statements where an assessment found shortfalls (score 1 or 2),
-- with the key findings its report gives for them.
-- Grain: one row per assessment and quality statement scored 1 or 2.
-- sections: the statement's key-finding headings as printed, in report order; null when the report
-- text is not loaded (published summaries).
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   score: the statement's score, 1 (significant shortfalls) or 2 (some shortfalls)
--   sections: the statement's key-finding headings as printed, in report order; null when no report text is loaded
--   score_label: score label as printed, e.g. '2 - Evidence shows some shortfalls' (summaries: the framework's label)
--   theme_no: theme number, 1-4
--   theme: canonical theme name
--   detail: 'report', 'partial' or 'summary': how much of the assessment is loaded
--   council_id: council's surrogate key
with

statement_scores as (
    select * from analysis.quality_statement_scores
),

sections as (
    select * from cqc.section
),

shortfalls as (
    select
        assessment_id,
        council,
        published_on,
        qs_no,
        quality_statement,
        score,
        score_label,
        theme_no,
        theme,
        detail,
        council_id
    from statement_scores
    where score <= 2
),

key_finding_headings as (
    select
        sections.assessment_id,
        sections.qs_no,
        array_agg(sections.heading order by sections.section_no) as sections
    from sections
    inner join shortfalls
        on sections.assessment_id = shortfalls.assessment_id
        and sections.qs_no = shortfalls.qs_no
    where sections.kind = 'key_finding'
    group by sections.assessment_id, sections.qs_no
),

final as (
    select
        shortfalls.assessment_id,
        shortfalls.council,
        shortfalls.published_on,
        shortfalls.qs_no,
        shortfalls.quality_statement,
        shortfalls.score,
        key_finding_headings.sections,
        shortfalls.score_label,
        shortfalls.theme_no,
        shortfalls.theme,
        shortfalls.detail,
        shortfalls.council_id
    from shortfalls
    left join key_finding_headings
        on shortfalls.assessment_id = key_finding_headings.assessment_id
        and shortfalls.qs_no = key_finding_headings.qs_no
)

select * from final

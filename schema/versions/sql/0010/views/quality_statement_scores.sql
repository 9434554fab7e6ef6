-- analysis.quality_statement_scores: the score of each quality statement of each assessment, with the
-- I-statements and we-statement exactly as the report printed them.
-- Grain: one row per assessment and quality statement scored.
-- score_label is the label as printed; for published summaries (no text) the framework's label.
-- i_statements and we_statement are null when the report text is not loaded (summaries).
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   theme_no: theme number, 1-4
--   theme: canonical theme name
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   score: the statement's score, 1-4 (1 = significant shortfalls, 4 = exceptional standard)
--   score_label: score label as printed, e.g. '3 - Evidence shows a good standard'; summaries: the framework's label
--   i_statements: the I-statements as the report printed them, in order; null when no report text is loaded
--   we_statement: the we-statement as the report printed it; null when no report text is loaded
--   council_id: council's surrogate key
--   detail: 'report', 'partial' or 'summary': how much of the assessment is loaded
--   summary_score: score as printed in the report's overall summary, 1-4
--   name_as_printed: the statement's heading as printed
--   section_id: surrogate key of the statement's section in the report
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

framework as (
    select * from analysis.framework
),

score_levels as (
    select * from cqc.score_level
),

printed_statements as (
    select * from cqc.printed_statement
),

printed as (
    select
        assessment_id,
        qs_no,
        array_agg(text order by position) filter (where kind = 'i_statement') as i_statements,
        min(text) filter (where kind = 'we_statement' and position = 1) as we_statement
    from printed_statements
    group by assessment_id, qs_no
),

final as (
    select
        statement_results.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        framework.theme_no,
        framework.theme,
        statement_results.qs_no,
        framework.quality_statement,
        statement_results.score,
        coalesce(
            statement_results.score_label,
            statement_results.score || ' - ' || score_levels.label
        ) as score_label,
        printed.i_statements,
        printed.we_statement,
        assessments.council_id,
        assessments.detail,
        statement_results.summary_score,
        statement_results.name_as_printed,
        statement_results.section_id
    from statement_results
    inner join assessments on statement_results.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
    inner join framework on statement_results.qs_no = framework.qs_no
    inner join score_levels on statement_results.score = score_levels.score
    left join printed
        on statement_results.assessment_id = printed.assessment_id
        and statement_results.qs_no = printed.qs_no
)

select * from final

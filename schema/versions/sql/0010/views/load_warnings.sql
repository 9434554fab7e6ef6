-- analysis.load_warnings: oddities the loader found in reports (sums that do not add up, scores that
-- disagree, unknown councils...), kept as data.
-- Grain: one row per warning.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   kind: kind of warning, e.g. score_mismatch, unread_comparison
--   message: what was found and what was expected
--   line: line of the source document, when known
--   published_on: publication date of the assessment
--   file_name: file name of the loaded report
--   load_warning_id: warning's surrogate key
--   council_id: council's surrogate key
with

warnings as (
    select * from cqc.load_warning
),

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

documents as (
    select
        document_id,
        file_name
    from cqc.source_document
),

final as (
    select
        warnings.assessment_id,
        councils.council_name as council,
        warnings.kind,
        warnings.message,
        warnings.line,
        assessments.published_on,
        documents.file_name,
        warnings.load_warning_id,
        assessments.council_id
    from warnings
    inner join assessments on warnings.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
    left join documents on assessments.document_id = documents.document_id
)

select * from final

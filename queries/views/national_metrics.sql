-- analysis.national_metrics: every comparison of a council with the England average that a report makes.
-- Grain: one row per comparison (a sentence with two comparisons gives two rows).
-- difference = la_value - england_value (in the unit of the values: percentage points or score points);
-- evidence is the sentence it was read from.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   qs_no: quality statement it is evidence for, 1-9
--   quality_statement: canonical name of the quality statement
--   measure: what was measured, in the report's words
--   measure_code: code of the known national measure; null when not recognised
--   la_value: the council's value, in unit (% or score)
--   england_value: the England average, in unit (% or score)
--   difference: la_value - england_value, percentage points or score points
--   unit: unit of the values: '%' or 'score'
--   comparison: comparison words as printed
--   direction: 'better', 'similar' or 'worse' than England
--   source: data source, if named
--   period: period of the figure, YYYY-YY
--   evidence: the sentence the comparison was read from
--   paragraph_id: paragraph it was read from
--   position: order of the comparison within the paragraph, from 0
--   line_start: first line (1-based) in the source document
--   line_end: last line (1-based, inclusive) in the source document
--   council_id: council's surrogate key
with

metrics as (
    select * from cqc.national_metric
),

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

statements as (
    select * from cqc.quality_statement
),

final as (
    select
        metrics.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        metrics.qs_no,
        statements.name as quality_statement,
        metrics.measure,
        metrics.measure_code,
        metrics.la_value,
        metrics.england_value,
        metrics.la_value - metrics.england_value as difference,
        metrics.unit,
        metrics.comparison,
        metrics.direction,
        metrics.source,
        metrics.period,
        metrics.sentence as evidence,
        metrics.paragraph_id,
        metrics.position,
        metrics.line_start,
        metrics.line_end,
        assessments.council_id
    from metrics
    inner join assessments on metrics.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
    left join statements on metrics.qs_no = statements.qs_no
)

select * from final

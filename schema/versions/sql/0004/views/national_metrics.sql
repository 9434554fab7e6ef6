-- analysis.national_metrics: every comparison of a council with the England average that a report makes.
-- Grain: one row per comparison (a sentence with two comparisons gives two rows).
-- difference = la_value - england_value (in the unit of the values: percentage points or score points);
-- evidence is the sentence it was read from.
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

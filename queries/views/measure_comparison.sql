-- analysis.measure_comparison: each council's most recent figure on each known national measure,
-- beside the England average.
-- Grain: one row per council and known measure (measure_code from the catalogue): the figure of the
-- council's latest assessment that states it (first mention in that report).
-- columns:
--   measure_code: stable code of the known national measure
--   measure: what the measure is, from the catalogue (cqc.national_measure)
--   source: data source named by the report, else the catalogue's collection (e.g. ASCS)
--   period: period of the figure, YYYY-YY
--   council: the council's own name
--   la_value: the council's value, in unit (% or score)
--   england_value: the England average, in unit (% or score)
--   difference: la_value - england_value, percentage points or score points
--   direction: 'better', 'similar' or 'worse' than England
--   unit: unit of the values: '%' or 'score'
--   comparison: comparison words as printed
--   measure_as_printed: what was measured, in the report's words
--   published_on: publication date of the assessment that states the figure
--   assessment_id: surrogate key of the assessment that states the figure
--   paragraph_id: paragraph the figure was read from
--   council_id: council's surrogate key
with

metrics as (
    select * from analysis.national_metrics
),

measures as (
    select * from cqc.national_measure
),

known_metrics as (
    select
        metrics.*,
        row_number() over (
            partition by metrics.council_id, metrics.measure_code
            order by metrics.published_on desc, metrics.assessment_id desc, metrics.paragraph_id, metrics.position
        ) as recency
    from metrics
    where metrics.measure_code is not null
),

final as (
    select
        known_metrics.measure_code,
        measures.description as measure,
        coalesce(known_metrics.source, measures.source) as source,
        known_metrics.period,
        known_metrics.council,
        known_metrics.la_value,
        known_metrics.england_value,
        known_metrics.difference,
        known_metrics.direction,
        known_metrics.unit,
        known_metrics.comparison,
        known_metrics.measure as measure_as_printed,
        known_metrics.published_on,
        known_metrics.assessment_id,
        known_metrics.paragraph_id,
        known_metrics.council_id
    from known_metrics
    inner join measures on known_metrics.measure_code = measures.measure_code
    where known_metrics.recency = 1
)

select * from final

-- title: League table of one national measure
-- description: Each council's latest figure on a known national measure (codes in
--   cqc.national_measure, e.g. carers' satisfaction sace_satisfied_social_services; the codes with
--   figures: cqc-la query --values measure_code) beside the England average, ordered by the
--   difference from England (largest first).
-- param: measure_code text — code of a known national measure (example: sace_satisfied_social_services) (values: analysis.measure_comparison.measure_code, measure)
with

comparisons as (
    select * from analysis.measure_comparison
    where measure_code = :measure_code
),

final as (
    select
        rank() over (order by difference desc) as rank,
        council,
        la_value,
        england_value,
        difference,
        unit,
        direction,
        comparison,
        period,
        source,
        measure,
        published_on
    from comparisons
)

select * from final
order by rank, council

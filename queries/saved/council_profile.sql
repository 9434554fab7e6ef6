-- title: Council profile
-- description: Everything about one council on one page: its latest assessment (rating, score, how
--   close to a boundary), its nine scores, its figures (population, deprivation, budget), its weakest
--   areas, where it is worse than England and the waiting times it reported. One row per fact:
--   section, item, value, detail.
-- param: council council — the council: any name, alias or ONS code (example: Hartlepool) (values: analysis.latest_assessments.council_id, council)
with

latest as (
    select * from analysis.latest_assessments
    where council_id = :council
),

boundary as (
    select * from analysis.near_boundary
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

statement_scores as (
    select * from analysis.quality_statement_scores
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

people as (
    select * from analysis.demographics
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

money as (
    select * from analysis.financial_facts
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

weakest as (
    select * from analysis.improvement_areas
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

national as (
    select * from analysis.national_metrics
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

waits as (
    select * from analysis.waiting_times
    where council_id = :council
        and assessment_id in (select assessment_id from latest)
),

facts as (
    select 1 as section_no, 'assessment' as section, 1 as item_no, 'council' as item,
        council as value, concat_ws(', ', gss_code, region) as detail
    from latest
    union all
    select 1, 'assessment', 2, 'published', published_on::text,
        kind || ' assessment, ' || case detail when 'report' then 'full report loaded' when 'partial' then 'part of the report loaded' else 'published summary' end
    from latest
    union all
    select 1, 'assessment', 3, 'overall rating', overall_rating,
        case when is_rating_consistent then 'as its scores give' else 'its scores give ' || band_rating end
    from latest
    union all
    select 1, 'assessment', 4, 'total score', total_score || ' of ' || max_score, score_pct || '%'
    from latest
    union all
    select 1, 'assessment', 5, 'rating boundary',
        points_above_floor || ' above the floor of ' || band_rating,
        coalesce(points_to_next_band || ' to ' || next_rating, 'top band')
    from boundary
    union all
    select 2, 'score', qs_no, quality_statement, score::text, score_label
    from statement_scores
    union all
    select 3, 'figure', 1, 'population', population::text,
        case when figures_from = 'reference' then 'ONS estimate (reference)' else 'as stated' end
    from people
    union all
    select 3, 'figure', 2, 'IMD decile (10 = most deprived)', imd_decile::text, imd_as_stated
    from people
    union all
    select 3, 'figure', 3, 'ethnic minority %', ethnic_minority_pct::text, null
    from people where ethnic_minority_pct is not null
    union all
    select 3, 'figure', 4, 'ICB', icb, null
    from people where icb is not null
    union all
    select 3, 'figure', 5, 'budget ' || coalesce(financial_year, ''), budget_actual_gbp::text,
        'estimated ' || budget_estimated_gbp
    from money where budget_actual_gbp is not null
    union all
    select 3, 'figure', 6, 'adult social care spend', asc_actual_gbp::text,
        asc_share_pct || '% of budget'
    from money where asc_actual_gbp is not null
    union all
    select 4, 'weakest area', qs_no, quality_statement, score::text, array_to_string(sections, '; ')
    from weakest
    union all
    select 5, 'worse than England', row_number() over (order by difference)::integer, measure,
        la_value || unit, 'England ' || england_value || unit || ' (' || comparison || ')'
    from national where direction = 'worse'
    union all
    select 6, 'waiting time', row_number() over (order by days desc)::integer, service,
        days || ' days', measure || coalesce(', ' || people_waiting || ' waiting', '')
    from waits
),

final as (
    select
        section,
        item,
        value,
        detail
    from facts
    order by section_no, item_no, item
)

select * from final

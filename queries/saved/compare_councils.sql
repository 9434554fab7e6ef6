-- title: Compare two councils
-- description: Two councils side by side on their latest assessments: rating, the nine quality
--   statement scores, total and percentage, deprivation and population. difference = a - b, in the
--   row's unit (days, points, percentage points, deciles, people).
-- param: a council — the first council: any name, alias or ONS code (example: Hartlepool) (values: analysis.latest_assessments.council_id, council)
-- param: b council — the second council (example: Middlesbrough) (values: analysis.latest_assessments.council_id, council)
with

latest as (
    select * from analysis.latest_assessments
),

people as (
    select * from analysis.demographics
),

statement_scores as (
    select * from analysis.quality_statement_scores
),

pair as (
    select
        max(latest.assessment_id) filter (where latest.council_id = :a) as a_id,
        max(latest.assessment_id) filter (where latest.council_id = :b) as b_id
    from latest
),

rows_of as (
    select
        0 as item_no,
        'council' as item,
        a.council as a,
        b.council as b,
        null::numeric as difference,
        null::text as unit
    from pair
    left join latest as a on a.assessment_id = pair.a_id
    left join latest as b on b.assessment_id = pair.b_id
    union all
    select
        1, 'published', a.published_on::text, b.published_on::text, (a.published_on - b.published_on)::numeric,
        'days'
    from pair
    left join latest as a on a.assessment_id = pair.a_id
    left join latest as b on b.assessment_id = pair.b_id
    union all
    select 2, 'overall rating', a.overall_rating, b.overall_rating, null, null
    from pair
    left join latest as a on a.assessment_id = pair.a_id
    left join latest as b on b.assessment_id = pair.b_id
    union all
    select
        10 + framework.qs_no,
        framework.qs_no || '. ' || framework.quality_statement,
        a.score::text,
        b.score::text,
        (a.score - b.score)::numeric,
        'points'
    from analysis.framework as framework
    cross join pair
    left join statement_scores as a on a.assessment_id = pair.a_id and a.qs_no = framework.qs_no
    left join statement_scores as b on b.assessment_id = pair.b_id and b.qs_no = framework.qs_no
    union all
    select 20, 'total score', a.total_score || ' of ' || a.max_score, b.total_score || ' of ' || b.max_score,
        (a.total_score - b.total_score)::numeric, 'points'
    from pair
    left join latest as a on a.assessment_id = pair.a_id
    left join latest as b on b.assessment_id = pair.b_id
    union all
    select 21, 'score %', a.score_pct::text, b.score_pct::text, a.score_pct - b.score_pct, 'percentage points'
    from pair
    left join latest as a on a.assessment_id = pair.a_id
    left join latest as b on b.assessment_id = pair.b_id
    union all
    select 30, 'IMD decile (10 = most deprived)', a.imd_decile::text, b.imd_decile::text,
        (a.imd_decile - b.imd_decile)::numeric, 'deciles'
    from pair
    left join people as a on a.assessment_id = pair.a_id
    left join people as b on b.assessment_id = pair.b_id
    union all
    select
        31, 'population', a.population::text, b.population::text, (a.population - b.population)::numeric,
        'people'
    from pair
    left join people as a on a.assessment_id = pair.a_id
    left join people as b on b.assessment_id = pair.b_id
),

final as (
    select
        item,
        a,
        b,
        difference,
        unit
    from rows_of
    order by item_no
)

select * from final

-- analysis.financial_facts: the financial facts a report states, and whether its sums add up.
-- Grain: one row per assessment whose report states financial facts.
-- is_arithmetic_consistent: every stated difference equals actual - estimated (budget and adult social
-- care); null when no difference can be checked because a figure is missing.
with

facts as (
    select * from cqc.financial_facts
),

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

checked as (
    select
        facts.*,
        facts.budget_actual_gbp - facts.budget_estimated_gbp as budget_computed_difference_gbp,
        facts.asc_actual_gbp - facts.asc_estimated_gbp as asc_computed_difference_gbp,
        facts.budget_difference_gbp
        = facts.budget_actual_gbp - facts.budget_estimated_gbp as is_budget_consistent,
        facts.asc_difference_gbp
        = facts.asc_actual_gbp - facts.asc_estimated_gbp as is_asc_consistent
    from facts
),

final as (
    select
        checked.assessment_id,
        councils.council_name as council,
        checked.financial_year,
        checked.budget_estimated_gbp,
        checked.budget_actual_gbp,
        checked.budget_difference_gbp,
        checked.asc_estimated_gbp,
        checked.asc_actual_gbp,
        checked.asc_difference_gbp,
        checked.asc_share_pct,
        checked.precept_pct,
        checked.people_long_term,
        checked.people_short_term,
        case
            when checked.is_budget_consistent is null and checked.is_asc_consistent is null then null
            else coalesce(checked.is_budget_consistent, true) and coalesce(checked.is_asc_consistent, true)
        end as is_arithmetic_consistent,
        checked.is_full_precept,
        checked.budget_computed_difference_gbp,
        checked.asc_computed_difference_gbp,
        assessments.published_on,
        assessments.council_id
    from checked
    inner join assessments on checked.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
)

select * from final

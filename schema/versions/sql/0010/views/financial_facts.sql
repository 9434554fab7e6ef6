-- analysis.financial_facts: the financial facts a report states, and whether its sums add up.
-- Grain: one row per assessment whose report states financial facts.
-- is_arithmetic_consistent: every stated difference equals actual - estimated (budget and adult social
-- care); null when no difference can be checked because a figure is missing.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   financial_year: financial year the figures are for, YYYY-YY
--   budget_estimated_gbp: total budget the council estimated, pounds
--   budget_actual_gbp: total actual spend, pounds
--   budget_difference_gbp: stated difference of actual from estimated total spend as printed, pounds (more = positive)
--   asc_estimated_gbp: estimated adult social care spend, pounds
--   asc_actual_gbp: actual adult social care spend, pounds
--   asc_difference_gbp: stated difference of actual from estimated adult social care spend as printed, pounds (more = positive)
--   asc_share_pct: share of the budget spent on adult social care, %
--   precept_pct: adult social care precept raised, %
--   people_long_term: people accessing long-term support, count
--   people_short_term: people accessing short-term support, count
--   is_arithmetic_consistent: true when every stated difference equals actual - estimated; null when none can be checked
--   is_full_precept: whether the full adult social care precept was raised
--   budget_computed_difference_gbp: budget_actual_gbp - budget_estimated_gbp, pounds
--   asc_computed_difference_gbp: asc_actual_gbp - asc_estimated_gbp, pounds
--   published_on: publication date of the assessment
--   council_id: council's surrogate key
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

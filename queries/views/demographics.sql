-- analysis.demographics: who lives in the council's area, as its report states it.
-- Grain: one row per assessment. When the report does not state a figure (always for published
-- summaries, which have no text) population, IMD decile and ICB come from the council reference
-- (ONS population, IMD 2019 decile, ICB); figures_from says which: report, reference or both.
-- imd_decile: 10 = MOST deprived, 1 = least deprived (the CQC reports' convention), whatever the report's
-- own scale; imd_as_stated keeps the report's words, e.g. '9 (1 is the least deprived, 10 is the most
-- deprived)'.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   gss_code: the council's current ONS code
--   region: ONS region of the council
--   la_type: council type: county, metropolitan district, London borough or unitary
--   population: population as the report states it, else the ONS mid-year estimate, people
--   population_change_pct: population change since the last census as stated, % (signed)
--   ethnic_minority_pct: share of people from ethnic minority groups as stated, %
--   imd_decile: IMD decile, report's else reference IMD 2019: 10 = MOST deprived, 1 = least deprived
--   imd_as_stated: the IMD figure in the report's own words: value with its scale, or rank 'of' the total
--   councillors: number of councillors as stated
--   wards: number of wards as stated
--   icb: integrated care board as the report names it, else the reference's ICB covering most of the area
--   figures_from: where population, IMD decile and ICB come from: 'report', 'reference' or 'both'
--   imd_rank: IMD rank as stated (e.g. 67 for 67th most deprived)
--   imd_rank_of: denominator of imd_rank as stated (e.g. 317 areas)
--   age_65_plus_change_pct: change in residents aged 65+ as stated, % (signed)
--   working_age_change_pct: change in working-age residents as stated, % (signed)
--   combined_authority: combined authority as the report names it
--   political_control: political control as the report states it
--   reference_imd_decile: reference IMD 2019 decile of the council: 10 = MOST deprived, 1 = least deprived
--   reference_population: reference ONS mid-year population estimate, people
--   published_on: publication date of the assessment
--   council_id: council's surrogate key
with

assessments as (
    select * from cqc.assessment
),

councils as (
    select * from cqc.council
),

stated as (
    select * from cqc.demographics
),

final as (
    select
        assessments.assessment_id,
        councils.council_name as council,
        councils.gss_code,
        councils.region,
        councils.la_type,
        coalesce(stated.population, councils.population) as population,
        stated.population_change_pct,
        stated.ethnic_minority_pct,
        coalesce(stated.imd_decile, councils.imd2019_decile_most_deprived_10) as imd_decile,
        case
            when stated.imd_value is not null
                then trim_scale(stated.imd_value)::text || coalesce(' ' || stated.imd_scale, '')
            when stated.imd_rank is not null
                then stated.imd_rank || coalesce(' of ' || stated.imd_rank_of, '')
        end as imd_as_stated,
        stated.councillors,
        stated.wards,
        coalesce(stated.icb, councils.icb_name) as icb,
        case
            when stated.assessment_id is null then 'reference'
            when stated.population is null or stated.imd_decile is null or stated.icb is null then 'both'
            else 'report'
        end as figures_from,
        stated.imd_rank,
        stated.imd_rank_of,
        stated.age_65_plus_change_pct,
        stated.working_age_change_pct,
        stated.combined_authority,
        stated.political_control,
        councils.imd2019_decile_most_deprived_10 as reference_imd_decile,
        councils.population as reference_population,
        assessments.published_on,
        assessments.council_id
    from assessments
    inner join councils on assessments.council_id = councils.council_id
    left join stated on assessments.assessment_id = stated.assessment_id
)

select * from final

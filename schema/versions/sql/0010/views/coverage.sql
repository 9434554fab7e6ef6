-- analysis.coverage: what the database knows of every council, and which still need a report loaded.
-- Grain: one row per council (the 153 of the reference, and any council known only from a report).
-- knowledge, from most to least: 'full report' (every part of its latest report loaded), 'partial
-- report' (some tabs), 'scores' (a published result with all 9 scores), 'some scores', 'rating and
-- percentage', 'rating only', 'none'. needs_report is true until the latest assessment's full report
-- text is loaded. source is the loaded file, else the published result's source address.
-- columns:
--   council: the council's own name
--   gss_code: the council's current ONS code; null for a council known only from a report
--   region: ONS region of the council
--   la_type: council type: county, metropolitan district, London borough or unitary
--   has_result: true when the council has any assessment (report or published result)
--   latest_published_on: publication date of the council's latest assessment; null when none or undated
--   published_precision: precision of latest_published_on: 'day', 'month' or 'unknown'
--   overall_rating: overall rating word of the latest assessment; null when not known
--   knowledge: what is known, most to least: full report, partial report, scores, some scores, ..., rating only, none
--   has_rating: true when the latest assessment gives an overall rating
--   has_pct: true when a percentage is known for the latest assessment (printed or computed from 9 scores)
--   statements_known: number of quality statement scores known on the latest assessment, 0-9
--   has_full_text: true when the latest assessment's whole report text is loaded
--   needs_report: true until the latest assessment's full report text is loaded
--   detail: latest assessment's detail: 'report', 'partial' or 'summary'; null when none
--   source: the loaded report's file name, else the published result's source address
--   source_kind: 'report' for a loaded file, else the reference file of the published result (seeds/reference/)
--   status: latest assessment's status: 'published' or 'withdrawn'
--   printed_pct: latest assessment's overall percentage as printed, %
--   cqc_pct: latest assessment's CQC percentage (total out of 36 rounded up), %; null unless all 9 scores known
--   assessments: number of assessments of the council (reports and published summaries)
--   reports_loaded: number of the council's assessments with report text loaded (detail not 'summary')
--   is_reference: true when the council is from the 153-council reference list, false when known only from a report
--   council_id: council's surrogate key (cqc.council)
--   assessment_id: latest assessment's surrogate key; null when the council has none
with

councils as (
    select * from cqc.council
),

latest as (
    select * from analysis.latest_assessments
),

assessments as (
    select * from cqc.assessment
),

documents as (
    select
        document_id,
        file_name
    from cqc.source_document
),

published_results as (
    select * from cqc.published_result
),

counts as (
    select
        council_id,
        count(*)::integer as assessments,
        count(*) filter (where detail <> 'summary')::integer as reports_loaded
    from assessments
    group by council_id
),

final as (
    select
        councils.council_name as council,
        councils.gss_code,
        councils.region,
        councils.la_type,
        latest.assessment_id is not null as has_result,
        latest.published_on as latest_published_on,
        latest.published_precision,
        latest.overall_rating,
        case
            when latest.assessment_id is null then 'none'
            when latest.detail = 'report' then 'full report'
            when latest.detail = 'partial' then 'partial report'
            when latest.statements_known = 9 then 'scores'
            when latest.statements_known > 0 then 'some scores'
            when coalesce(latest.printed_pct, latest.cqc_pct) is not null then 'rating and percentage'
            when latest.overall_rating is not null then 'rating only'
            else 'none'
        end as knowledge,
        latest.overall_rating is not null as has_rating,
        coalesce(latest.printed_pct, latest.cqc_pct) is not null as has_pct,
        coalesce(latest.statements_known, 0) as statements_known,
        coalesce(latest.detail = 'report', false) as has_full_text,
        coalesce(latest.detail <> 'report', true) as needs_report,
        latest.detail,
        coalesce(documents.file_name, published_results.source_url) as source,
        case
            when documents.file_name is not null then 'report'
            when published_results.published_result_id is not null then published_results.source_file
        end as source_kind,
        latest.status,
        latest.printed_pct,
        latest.cqc_pct,
        coalesce(counts.assessments, 0) as assessments,
        coalesce(counts.reports_loaded, 0) as reports_loaded,
        councils.is_reference,
        councils.council_id,
        latest.assessment_id
    from councils
    left join latest on councils.council_id = latest.council_id
    left join assessments on latest.assessment_id = assessments.assessment_id
    left join documents on assessments.document_id = documents.document_id
    left join published_results on assessments.published_result_id = published_results.published_result_id
    left join counts on councils.council_id = counts.council_id
)

select * from final
order by council

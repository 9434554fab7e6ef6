-- analysis.extraction_coverage: how much of each loaded report's figures was read, and what was not.
-- Grain: one row per assessment with report text (detail 'report' or 'partial'; summaries have none).
-- sentences_with_figures counts the sentences holding a figure of a kind the readers take (an England
-- comparison, a wait, a demographic or financial figure); extracted_facts what was read from them.
-- The unread_* columns count the audit's flags (rows of analysis.load_warnings of those kinds): a
-- sentence whose figures no reader took. reader_warnings counts the readers' own flags (a comparison
-- not understood, a wait in months or with no measure). A report with no flag had every figure read.
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   detail: 'report' (whole report loaded) or 'partial' (some parts)
--   sentences_with_figures: sentences holding a figure of a kind the readers take, count; null if loaded before the audit
--   extracted_facts: figures read: comparisons + waiting times + demographic + financial figures, count
--   unread_comparisons: audit flags of sentences with an England comparison no reader took, count
--   unread_waits: audit flags of sentences with a waiting time no reader took, count
--   unread_figures: audit flags of sentences with a demographic or financial figure no reader took, count
--   reader_warnings: readers' own flags (comparison not understood, wait in months or with no measure), count
--   comparisons: England comparisons read (rows of cqc.national_metric), count
--   waiting_times: waiting times read (rows of cqc.waiting_time), count
--   demographic_figures: demographic figures read (cqc.fact_source rows for demographics), count
--   financial_figures: financial figures read (cqc.fact_source rows for financial_facts), count
--   is_fully_read: true when the audit flagged no unread comparison, wait or figure
--   file_name: file name of the loaded report as loaded
--   council_id: council's surrogate key
with

assessments as (
    select * from cqc.assessment
    where detail <> 'summary'
),

councils as (
    select * from cqc.council
),

documents as (
    select
        document_id,
        file_name
    from cqc.source_document
),

comparisons as (
    select
        assessment_id,
        count(*)::integer as comparisons
    from cqc.national_metric
    group by assessment_id
),

waits as (
    select
        assessment_id,
        count(*)::integer as waiting_times
    from cqc.waiting_time
    group by assessment_id
),

figures as (
    select
        assessment_id,
        count(*) filter (where fact like 'demographics.%')::integer as demographic_figures,
        count(*) filter (where fact like 'financial_facts.%')::integer as financial_figures
    from cqc.fact_source
    group by assessment_id
),

flags as (
    select
        assessment_id,
        count(*) filter (where kind = 'unread_comparison')::integer as unread_comparisons,
        count(*) filter (where kind = 'unread_wait')::integer as unread_waits,
        count(*) filter (where kind = 'unread_figure')::integer as unread_figures,
        count(*) filter (
            where kind in ('national_metric', 'waiting_time_measure', 'waiting_time_unit')
        )::integer as reader_warnings
    from cqc.load_warning
    group by assessment_id
),

final as (
    select
        assessments.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        assessments.detail,
        assessments.sentences_with_figures,
        coalesce(comparisons.comparisons, 0)
        + coalesce(waits.waiting_times, 0)
        + coalesce(figures.demographic_figures, 0)
        + coalesce(figures.financial_figures, 0) as extracted_facts,
        coalesce(flags.unread_comparisons, 0) as unread_comparisons,
        coalesce(flags.unread_waits, 0) as unread_waits,
        coalesce(flags.unread_figures, 0) as unread_figures,
        coalesce(flags.reader_warnings, 0) as reader_warnings,
        coalesce(comparisons.comparisons, 0) as comparisons,
        coalesce(waits.waiting_times, 0) as waiting_times,
        coalesce(figures.demographic_figures, 0) as demographic_figures,
        coalesce(figures.financial_figures, 0) as financial_figures,
        coalesce(flags.unread_comparisons, 0)
        + coalesce(flags.unread_waits, 0)
        + coalesce(flags.unread_figures, 0) = 0 as is_fully_read,
        documents.file_name,
        assessments.council_id
    from assessments
    inner join councils on assessments.council_id = councils.council_id
    left join documents on assessments.document_id = documents.document_id
    left join comparisons on assessments.assessment_id = comparisons.assessment_id
    left join waits on assessments.assessment_id = waits.assessment_id
    left join figures on assessments.assessment_id = figures.assessment_id
    left join flags on assessments.assessment_id = flags.assessment_id
)

select * from final
order by council, published_on

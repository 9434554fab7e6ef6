-- analysis.findings: what reports say under each key finding of each quality statement.
-- Grain: one row per key-finding paragraph or list item (headings excluded), in report order.
-- section is the key finding's heading as printed; topic the standard topic it matches (null when the
-- heading is not a standard one); paragraph_no counts from 1 within the quality statement.
-- The window that numbers paragraphs is partitioned by every column that identifies the statement of
-- an assessment (they all follow from assessment_id and qs_no), so that filters on them (council,
-- council_id, published_on, qs_no...) are applied before the numbering, not after it.
with

sections as (
    select * from cqc.section
),

paragraphs as (
    select * from cqc.paragraph
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

key_finding_paragraphs as (
    select
        paragraphs.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        sections.qs_no,
        statements.name as quality_statement,
        sections.heading as section,
        sections.topic,
        paragraphs.block_no,
        paragraphs.text,
        paragraphs.paragraph_id,
        paragraphs.kind as paragraph_kind,
        paragraphs.line_start,
        paragraphs.line_end,
        assessments.council_id
    from paragraphs
    inner join sections on paragraphs.section_id = sections.section_id
    inner join assessments on paragraphs.assessment_id = assessments.assessment_id
    inner join councils on assessments.council_id = councils.council_id
    left join statements on sections.qs_no = statements.qs_no
    where sections.kind = 'key_finding'
        and paragraphs.kind in ('paragraph', 'list_item')
),

final as (
    select
        assessment_id,
        council,
        published_on,
        qs_no,
        quality_statement,
        section,
        topic,
        row_number() over (
            partition by assessment_id, council, council_id, published_on, qs_no, quality_statement
            order by block_no
        )::integer as paragraph_no,
        text,
        paragraph_id,
        paragraph_kind,
        line_start,
        line_end,
        council_id
    from key_finding_paragraphs
)

select * from final

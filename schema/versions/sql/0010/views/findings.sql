-- analysis.findings: what reports say under each key finding of each quality statement.
-- Grain: one row per key-finding paragraph or list item (headings excluded), in report order.
-- section is the key finding's heading as printed; topic the standard topic it matches (null when the
-- heading is not a standard one); paragraph_no counts from 1 within the quality statement (stored by
-- the loader as cqc.paragraph.finding_no, so the view streams rows without sorting every paragraph).
-- columns:
--   assessment_id: assessment's surrogate key
--   council: the council's own name
--   published_on: publication date of the assessment
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   section: the key finding's heading as printed (markers removed)
--   topic: standard key-finding topic the heading matches; null when not a standard heading
--   paragraph_no: position of the paragraph among the statement's key-finding paragraphs and list items, from 1
--   text: the paragraph or list item text with markdown markers removed
--   paragraph_id: paragraph's surrogate key (cqc.paragraph)
--   paragraph_kind: 'paragraph' or 'list_item'
--   line_start: first line (1-based) of the paragraph in the source document
--   line_end: last line (1-based, inclusive) of the paragraph in the source document
--   council_id: council's surrogate key
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

final as (
    select
        paragraphs.assessment_id,
        councils.council_name as council,
        assessments.published_on,
        sections.qs_no,
        statements.name as quality_statement,
        sections.heading as section,
        sections.topic,
        paragraphs.finding_no as paragraph_no,
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
)

select * from final

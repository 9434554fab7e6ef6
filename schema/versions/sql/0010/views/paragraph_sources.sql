-- analysis.paragraph_sources: where every stored heading, paragraph and list item was printed: the file
-- (or page address), its format, the PDF page and the line in that file's text (cqc.source_file).
-- Grain: one row per paragraph of a loaded report (a paragraph lies within one part of one file).
-- line_in_file counts lines of the file's extracted text; line_on_page counts lines of its PDF page.
-- columns:
--   paragraph_id: paragraph's surrogate key
--   assessment_id: assessment's surrogate key
--   block_no: order of the block in the report, from 0
--   kind: 'heading', 'paragraph' or 'list_item'
--   part: part of the report it lies in: front, about, summary or qs1-qs9
--   file_name: file name (or address) of the source file as loaded
--   url: the page's own address, when the file names it
--   media_type: file format: text/markdown, text/plain, text/html or application/pdf
--   file_sha256: SHA-256 of the source file's original bytes, hex
--   line_in_file: line (1-based) of the file's extracted text where the paragraph starts
--   page: PDF page (1-based) of that line; null for formats without pages
--   line_on_page: line (1-based) on its PDF page; null for formats without pages
--   text: the text with markdown markers removed
with

paragraphs as (
    select * from cqc.paragraph
),

assessments as (
    select * from cqc.assessment
    where document_id is not null
),

segments as (
    select
        document_id,
        segment_no,
        file_id,
        part,
        file_line_start,
        file_line_end,
        document_line_start,
        document_line_start + file_line_end - file_line_start as document_line_end
    from cqc.source_segment
),

files as (
    select * from cqc.source_file
),

located as (
    select
        paragraphs.paragraph_id,
        paragraphs.assessment_id,
        paragraphs.block_no,
        paragraphs.kind,
        paragraphs.text,
        paragraphs.line_start,
        segments.part,
        segments.file_id,
        paragraphs.line_start - segments.document_line_start + segments.file_line_start as line_in_file
    from paragraphs
    join assessments on assessments.assessment_id = paragraphs.assessment_id
    join segments
        on segments.document_id = assessments.document_id
        and paragraphs.line_start between segments.document_line_start and segments.document_line_end
),

final as (
    select
        located.paragraph_id,
        located.assessment_id,
        located.block_no,
        located.kind,
        located.part,
        files.file_name,
        files.url,
        files.media_type,
        files.sha256 as file_sha256,
        located.line_in_file,
        files.line_pages[located.line_in_file] as page,
        located.line_in_file
        - array_position(files.line_pages, files.line_pages[located.line_in_file]) + 1 as line_on_page,
        located.text
    from located
    join files on files.file_id = located.file_id
)

select * from final

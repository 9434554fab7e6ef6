-- title: Figures the parser did not read
-- description: Every loaded report with how many sentences hold figures, how many facts were read, and
--   how many sentences were flagged as not read (England comparisons, waiting times, other figures),
--   most flags first. The flagged sentences themselves are in analysis.load_warnings (kind unread_*).
with

coverage as (
    select * from analysis.extraction_coverage
),

final as (
    select
        council,
        published_on,
        detail,
        sentences_with_figures,
        extracted_facts,
        unread_comparisons,
        unread_waits,
        unread_figures,
        reader_warnings,
        is_fully_read,
        file_name
    from coverage
)

select * from final
order by unread_comparisons + unread_waits + unread_figures desc, council

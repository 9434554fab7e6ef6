-- title: Search the reports
-- description: Full-text search of every paragraph of every loaded report, best matches first, with
--   the matching words highlighted. Web-search syntax: words, "a phrase", -excluded, or.
-- param: q text — what to look for (example: "waiting list" -carers)
-- param: limit integer — the most rows to return (example: 20) (default: 50)
select
    ranked,
    council,
    published_on,
    qs_no,
    quality_statement,
    section,
    round(rank::numeric, 4) as rank,
    snippet,
    paragraph_id
from analysis.search_findings(:q, :limit)
order by ranked

-- analysis.search_findings(q, max_results): full-text search over every stored paragraph.
-- Grain: one row per matching paragraph, best first, at most max_results rows.
-- q takes web-search syntax (websearch_to_tsquery): words, "quoted phrases", -excluded, or.
-- Matches use the GIN index on cqc.paragraph.search_vector; the top rows are ranked and limited first,
-- and only those get a highlighted snippet (ts_headline re-parses the text, so it is the costly part).
create function analysis.search_findings(q text, max_results integer default 50)
returns table (
    council text,
    published_on date,
    qs_no smallint,
    quality_statement text,
    section text,
    rank real,
    snippet text,
    paragraph_id bigint,
    ranked bigint
)
language sql
stable
as $function$
with

search_query as (
    select websearch_to_tsquery('english', search_findings.q) as tsquery
),

top_matches as (
    select
        paragraphs.paragraph_id,
        paragraphs.assessment_id,
        paragraphs.section_id,
        paragraphs.text,
        ts_rank(paragraphs.search_vector, search_query.tsquery) as rank
    from cqc.paragraph as paragraphs
    cross join search_query
    where paragraphs.search_vector @@ search_query.tsquery
    order by rank desc, paragraphs.paragraph_id
    limit greatest(search_findings.max_results, 0)
),

final as (
    select
        councils.council_name as council,
        assessments.published_on,
        sections.qs_no,
        statements.name as quality_statement,
        sections.heading as section,
        top_matches.rank,
        ts_headline(
            'english',
            top_matches.text,
            search_query.tsquery,
            'StartSel=**, StopSel=**, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" ... "'
        ) as snippet,
        top_matches.paragraph_id,
        row_number() over (order by top_matches.rank desc, top_matches.paragraph_id) as ranked
    from top_matches
    cross join search_query
    inner join cqc.section as sections on top_matches.section_id = sections.section_id
    inner join cqc.assessment as assessments on top_matches.assessment_id = assessments.assessment_id
    inner join cqc.council as councils on assessments.council_id = councils.council_id
    left join cqc.quality_statement as statements on sections.qs_no = statements.qs_no
)

select * from final
order by ranked
$function$;

comment on function analysis.search_findings(text, integer) is
'Full-text search of every report paragraph (web-search syntax: "waiting list" -carers); best first.';

-- analysis.search_findings(q, max_results): full-text search over every stored paragraph.
-- Grain: one row per matching paragraph, best first, at most max_results rows.
-- q takes web-search syntax (websearch_to_tsquery): words, "quoted phrases", -excluded, or.
-- Matches use the GIN index on cqc.paragraph.search_vector; the top rows are ranked and limited first,
-- and only those get a highlighted snippet (ts_headline re-parses the text, so it is the costly part).
-- Bounds: q of at most 10,000 characters and 1,000 query nodes, max_results from 0 to 1,000 (the error
-- names the limit). Snippets highlight the query's distinct words (an 'or' of them): ts_headline's cost
-- grows with the number of query terms times the text, so a word repeated 500 times is one term there.
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
language plpgsql
stable
as $function$
declare
    parsed tsquery;
    highlight tsquery;
begin
    if length(q) > 10000 then
        raise exception using errcode = '22023',
            message = 'search text too long: ' || length(q) || ' characters (at most 10000)';
    end if;
    if max_results is null or max_results < 0 or max_results > 1000 then
        raise exception using errcode = '22023',
            message = 'max_results must be from 0 to 1000, found ' || coalesce(max_results::text, 'null');
    end if;
    parsed := websearch_to_tsquery('english', q);
    if numnode(parsed) > 1000 then
        raise exception using errcode = '22023',
            message = 'search has too many terms: ' || numnode(parsed) || ' query nodes (at most 1000)';
    end if;
    select coalesce(string_agg(distinct quote_literal(word[2]), ' | ')::tsquery, parsed)
    into highlight
    from regexp_matches(parsed::text, '(!?)''((?:[^'']|'''')+)''', 'g') as word
    where word[1] = '';

    return query
    with

    top_matches as (
        select
            paragraphs.paragraph_id,
            paragraphs.assessment_id,
            paragraphs.section_id,
            paragraphs.text,
            ts_rank(paragraphs.search_vector, parsed) as rank
        from cqc.paragraph as paragraphs
        where paragraphs.search_vector @@ parsed
        order by rank desc, paragraphs.paragraph_id
        limit max_results
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
                highlight,
                'StartSel=**, StopSel=**, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" ... "'
            ) as snippet,
            top_matches.paragraph_id,
            row_number() over (order by top_matches.rank desc, top_matches.paragraph_id) as ranked
        from top_matches
        inner join cqc.section as sections on top_matches.section_id = sections.section_id
        inner join cqc.assessment as assessments on top_matches.assessment_id = assessments.assessment_id
        inner join cqc.council as councils on assessments.council_id = councils.council_id
        left join cqc.quality_statement as statements on sections.qs_no = statements.qs_no
    )

    select * from final
    order by final.ranked;
end
$function$;

comment on function analysis.search_findings(text, integer) is
'Full-text search of every report paragraph (web-search syntax: "waiting list" -carers); best first.';

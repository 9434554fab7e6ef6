-- analysis.framework: the assessment framework, one row per quality statement.
-- Grain: one row per quality statement (9 rows).
-- columns:
--   theme_no: theme number, 1-4
--   theme: canonical theme name
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   aliases: name variants of the statement printed in reports, alphabetical; empty when none
--   i_statements: the framework's I-statements (what people expect), in order; empty when none
--   we_statement: the framework's we-statement (the local authority's commitment)
with

themes as (
    select * from cqc.theme
),

statements as (
    select * from cqc.quality_statement
),

aliases as (
    select
        qs_no,
        array_agg(alias order by alias) as aliases
    from cqc.quality_statement_alias
    group by qs_no
),

i_statements as (
    select
        qs_no,
        array_agg(text order by position) as i_statements
    from cqc.i_statement
    group by qs_no
),

final as (
    select
        themes.theme_no,
        themes.name as theme,
        statements.qs_no,
        statements.name as quality_statement,
        coalesce(aliases.aliases, '{}'::text []) as aliases,
        coalesce(i_statements.i_statements, '{}'::text []) as i_statements,
        statements.we_statement
    from statements
    inner join themes on statements.theme_no = themes.theme_no
    left join aliases on statements.qs_no = aliases.qs_no
    left join i_statements on statements.qs_no = i_statements.qs_no
)

select * from final
order by qs_no

-- analysis.score_distribution: how many councils got each score on each quality statement, on their
-- latest assessment.
-- Grain: one row per quality statement and score (9 x 4 = 36 rows; a score no council got has 0).
-- Only known scores count: for each statement, councils adds up to councils_known, the councils whose
-- latest assessment gives that statement's score; councils_rated is how many hold a rating (a
-- published result often gives the rating but not the scores).
-- columns:
--   qs_no: quality statement number, 1-9
--   quality_statement: canonical name of the quality statement
--   score: score, 1-4 (1 = significant shortfalls, 4 = exceptional standard)
--   councils: number of councils whose latest assessment gives this score for the statement
--   share_pct: councils as a share of councils_known, %, 1 dp
--   score_label: what the score means, e.g. Evidence shows a good standard
--   councils_known: number of councils whose latest assessment gives the statement's score
--   councils_rated: number of councils holding a rating on their latest assessment (same on every row)
with

latest as (
    select * from analysis.latest_assessments
),

statement_results as (
    select * from cqc.statement_result
),

framework as (
    select * from analysis.framework
),

score_levels as (
    select * from cqc.score_level
),

latest_scores as (
    select
        statement_results.qs_no,
        statement_results.score
    from statement_results
    inner join latest on statement_results.assessment_id = latest.assessment_id
),

counts as (
    select
        qs_no,
        score,
        count(*)::integer as councils
    from latest_scores
    group by qs_no, score
),

grid as (
    select
        framework.qs_no,
        framework.quality_statement,
        score_levels.score,
        score_levels.label as score_label,
        coalesce(counts.councils, 0) as councils
    from framework
    cross join score_levels
    left join counts
        on framework.qs_no = counts.qs_no
        and score_levels.score = counts.score
),

rated as (
    select count(*)::integer as councils_rated
    from latest
    where overall_rating is not null
),

final as (
    select
        grid.qs_no,
        grid.quality_statement,
        grid.score,
        grid.councils,
        round(
            grid.councils * 100.0 / nullif(sum(grid.councils) over (partition by grid.qs_no), 0), 1
        ) as share_pct,
        grid.score_label,
        (sum(grid.councils) over (partition by grid.qs_no))::integer as councils_known,
        rated.councils_rated
    from grid
    cross join rated
)

select * from final
order by qs_no, score

-- observation_choices (view): every candidate level value for a metric and period, ranked, with the one
-- `chosen_observations` keeps flagged `chosen`.
--
-- Candidates: observations of kind `level` with status `reported` or `forecast` (targets are goals, not
-- values). Where one metric and period has several candidates, they are ranked by:
--   1. status: reported before forecast (a forecast is superseded by any report of the same period);
--   2. qualifier: exact before approximate (approx, over, nearly, at_least rank alike);
--   3. the later publication: articles.published_date, else the end date of the article's reporting
--      period (`published_or_period_end`);
--   4. article_id, then observation_no (ascending), so the choice is deterministic.
-- `n_values` counts the candidates of the metric and period, `n_distinct_values` their distinct values.

create or replace view observation_choices as
with candidates as (
    select o.metric_id, o.period_id, o.value, o.unit, o.qualifier, o.status, o.article_id, o.observation_no,
           o.evidence, o.start_char, o.end_char,
           coalesce(a.published_date, p.end_date) as published_or_period_end
    from observations o
    join articles a using (article_id)
    left join periods p on p.period_id = a.period_id
    where o.kind = 'level' and o.status in ('reported', 'forecast')
),
ranked as (
    select *,
           row_number() over (
               partition by metric_id, period_id
               order by (status = 'reported') desc, (qualifier = 'exact') desc,
                        published_or_period_end desc nulls last, article_id, observation_no
           ) as choice_rank,
           count(*) over (partition by metric_id, period_id) as n_values,
           count(distinct value) over (partition by metric_id, period_id) as n_distinct_values
    from candidates
)
select *, choice_rank = 1 as chosen
from ranked;

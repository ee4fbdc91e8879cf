-- observation_choices (schema internal, a view): every candidate level value of a series and period,
-- ranked, with the one `chosen_observations` keeps flagged `chosen`.
--
-- A series is a catalogue metric at one place (metric_id, place_id); an observation without a catalogue
-- metric forms a series by its indicator key instead (indicator_id, place_id). So a national series never
-- mixes in a province's values. `indicator_id` here is that key: null for a catalogue metric's series.
-- Candidates: observations of kind `level` with status `reported` or `forecast` (targets are goals, not
-- values) and a period (an observation with a null period_id is left out of series). Where one series and
-- period has several candidates, they are ranked by:
--   1. status: reported before forecast (a forecast is superseded by any report of the same period);
--   2. qualifier: exact before approximate (approx, over, nearly, at_least rank alike);
--   3. the later as-of date (a stock stated as of a later day supersedes an earlier state; no date last);
--   4. the later publication: articles.published_date, else the end date of the article's reporting
--      period (`published_or_period_end`);
--   5. article_id, then observation_no (ascending), so the choice is deterministic.
-- `n_values` counts the candidates of the series and period, `n_distinct_values` their distinct values.

create schema if not exists internal;

create or replace view internal.observation_choices as
with candidates as (
    select o.metric_id, case when o.metric_id is null then o.indicator_id end as indicator_id, o.place_id,
           o.period_id, o.value, o.value_low, o.value_high, o.unit, o.qualifier, o.status, o.as_of_date,
           o.article_id, o.observation_no, o.evidence, o.start_char, o.end_char,
           coalesce(a.published_date, p.end_date) as published_or_period_end
    from observations o
    join articles a using (article_id)
    left join periods p on p.period_id = a.period_id
    where o.kind = 'level' and o.status in ('reported', 'forecast') and o.period_id is not null
      and (o.metric_id is not null or o.indicator_id is not null)
),
ranked as (
    select *,
           row_number() over (
               partition by metric_id, indicator_id, place_id, period_id
               order by (status = 'reported') desc, (qualifier = 'exact') desc, as_of_date desc nulls last,
                        published_or_period_end desc nulls last, article_id, observation_no
           ) as choice_rank,
           count(*) over (partition by metric_id, indicator_id, place_id, period_id) as n_values,
           count(distinct value) over (partition by metric_id, indicator_id, place_id, period_id)
               as n_distinct_values
    from candidates
)
select *, choice_rank = 1 as chosen
from ranked;

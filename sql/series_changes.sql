-- series_changes: how each metric moved between consecutive periods of its chosen values.
--
-- Input: `chosen_observations` (one level value per metric and period, reported or forecast).
-- For every metric with values in two or more periods, one row per consecutive pair of periods, the
-- periods ordered by periods.sort_order (by end date; same end date: the longer period first, e.g. 2024
-- before 2024-Q4).
--   abs_change      to_value - from_value
--   pct_change      abs_change / |from_value| * 100 (null when from_value is 0)
--   annualised_pct  ((to_value / from_value) ^ (1 / years) - 1) * 100, only where the two periods are of
--                   the same granularity and a whole number of years apart (2020 → 2022: years = 2;
--                   2023-Q1 → 2024-Q1: years = 1) and both values are positive; else null.
-- Both ends keep their article, qualifier and status, so an approximate or forecast end stays visible.

create or replace table series_changes as
with points as (
    select c.metric_id, c.period_id, c.value, c.unit, c.qualifier, c.status, c.article_id,
           p.granularity, p.start_date, p.end_date, p.sort_order
    from chosen_observations c
    join periods p using (period_id)
),
pairs as (
    select metric_id,
           lag(period_id) over w as from_period_id, period_id as to_period_id,
           lag(value) over w as from_value, value as to_value,
           lag(article_id) over w as from_article_id, article_id as to_article_id,
           lag(qualifier) over w as from_qualifier, qualifier as to_qualifier,
           lag(status) over w as from_status, status as to_status,
           lag(granularity) over w as from_granularity, granularity as to_granularity,
           lag(start_date) over w as from_start, start_date as to_start,
           lag(end_date) over w as from_end, end_date as to_end, sort_order as to_sort,
           unit
    from points
    window w as (partition by metric_id order by sort_order)
),
spaced as (
    select *,
           case when from_granularity = to_granularity
                     and year(to_end) > year(from_end)
                     and from_start + to_years(year(to_end) - year(from_end)) = to_start
                     and month(from_end) = month(to_end)
                     and (day(from_end) = day(to_end)
                          or (from_end = last_day(from_end) and to_end = last_day(to_end)))
                then year(to_end) - year(from_end) end as years_apart
    from pairs
    where from_period_id is not null
)
select metric_id, from_period_id, to_period_id, from_value, to_value,
       to_value - from_value as abs_change,
       case when from_value <> 0 then (to_value - from_value) / abs(from_value) * 100 end as pct_change,
       case when years_apart is not null and from_value > 0 and to_value > 0
            then (power(to_value / from_value, 1.0 / years_apart) - 1) * 100 end as annualised_pct,
       years_apart,
       from_article_id, to_article_id, from_qualifier, to_qualifier, from_status, to_status, unit
from spaced
order by metric_id, to_sort;

-- latest_values (a view): the most recent reported value of every series, one row per series.
--
-- A series is a catalogue metric at one place (metric_id, place_id), or an indicator without a catalogue
-- metric at one place (indicator_id, place_id; indicator_id is null for a catalogue metric). From
-- `chosen_observations` with status `reported` (forecasts are not values yet), the latest by `point_date`
-- (the as-of date of a stock, else the end of the period), then periods.sort_order, then period_id.
-- `n_periods` counts the series' reported periods.

create or replace view latest_values as
select c.metric_id, c.indicator_id, c.place_id, c.period_id, c.point_date, c.as_of_date, c.value,
       c.value_low, c.value_high, c.unit, c.qualifier, c.article_id, c.evidence,
       count(*) over (partition by c.metric_id, c.indicator_id, c.place_id) as n_periods
from chosen_observations c
left join periods p on p.period_id = c.period_id
where c.status = 'reported'
qualify row_number() over (partition by c.metric_id, c.indicator_id, c.place_id
                           order by c.point_date desc nulls last, p.sort_order desc nulls last,
                                    c.period_id desc) = 1
order by c.metric_id nulls last, c.indicator_id nulls first, c.place_id nulls first;

comment on view latest_values is 'The most recent reported value of every series (metric or indicator, and place).';
comment on column latest_values.metric_id is 'Catalogue metric; null for an indicator without one.';
comment on column latest_values.indicator_id is 'Indicator key of a series without a catalogue metric.';
comment on column latest_values.place_id is 'Where the value applies (places).';
comment on column latest_values.period_id is 'Its period.';
comment on column latest_values.point_date is 'As-of date of a stock, else period end.';
comment on column latest_values.as_of_date is 'As-of date of a stock.';
comment on column latest_values.value is 'The value.';
comment on column latest_values.value_low is 'Lowest value the wording allows; null: unbounded.';
comment on column latest_values.value_high is 'Highest value the wording allows; null: unbounded.';
comment on column latest_values.unit is 'Unit.';
comment on column latest_values.qualifier is 'Its qualifier.';
comment on column latest_values.article_id is 'The article stating it.';
comment on column latest_values.evidence is 'The sentence stating it.';
comment on column latest_values.n_periods is 'Reported periods of the series.';

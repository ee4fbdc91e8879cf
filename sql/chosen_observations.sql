-- chosen_observations: one level value per series and period, the one series and charts use.
--
-- A series is (metric_id, place_id), or (indicator_id, place_id) for observations without a catalogue
-- metric (indicator_id is null for a catalogue metric's series). The top-ranked candidate of
-- `internal.observation_choices` (reported before forecast, exact before approximate, the later as-of date,
-- then the later publication, then article_id; see that view for the full rule). `n_values` says how many
-- candidates there were; their disagreements, if any, are listed in `conflicts`.
-- Time: `period_end` is the end of the period; `as_of_date` is set for a stock stated as of a date
-- (`tính đến`, `tới nay`); `point_date`, the date a chart places the value at, is the as-of date of a stock
-- and the period end of a flow.

create or replace table chosen_observations as
select c.metric_id, c.period_id, c.value, c.unit, c.qualifier, c.status, c.article_id, c.evidence,
       c.start_char, c.end_char, c.n_values, c.n_distinct_values, c.observation_no, c.published_or_period_end,
       c.indicator_id, c.place_id, c.value_low, c.value_high, c.as_of_date,
       p.end_date as period_end, coalesce(c.as_of_date, p.end_date) as point_date
from internal.observation_choices c
left join periods p on p.period_id = c.period_id
where c.chosen
order by c.metric_id nulls last, c.indicator_id nulls first, c.place_id nulls first, p.sort_order, c.period_id;

comment on table chosen_observations is 'One level value per series (metric or indicator, and place) and period: the one series and charts use.';
comment on column chosen_observations.metric_id is 'Catalogue metric; null for a series of an indicator without one.';
comment on column chosen_observations.period_id is 'The period (periods).';
comment on column chosen_observations.value is 'The chosen value.';
comment on column chosen_observations.unit is 'Unit (units).';
comment on column chosen_observations.qualifier is 'exact | approx | over | nearly | at_least.';
comment on column chosen_observations.status is 'reported | forecast.';
comment on column chosen_observations.article_id is 'The article it was chosen from.';
comment on column chosen_observations.evidence is 'The sentence stating it.';
comment on column chosen_observations.start_char is 'Offset of the number in articles.text.';
comment on column chosen_observations.end_char is 'Offset after the number.';
comment on column chosen_observations.n_values is 'Candidate values for this series and period.';
comment on column chosen_observations.n_distinct_values is 'Distinct candidate values.';
comment on column chosen_observations.observation_no is 'The observation chosen (observations).';
comment on column chosen_observations.published_or_period_end is 'Publication date of its article, else the end of the article''s reporting period.';
comment on column chosen_observations.indicator_id is 'Indicator key of a series without a catalogue metric; null for a catalogue metric''s series.';
comment on column chosen_observations.place_id is 'Where the value applies (places).';
comment on column chosen_observations.value_low is 'Lowest value the wording allows; null: unbounded.';
comment on column chosen_observations.value_high is 'Highest value the wording allows; null: unbounded.';
comment on column chosen_observations.as_of_date is 'Date of a stock (tính đến, tới nay); null for a flow.';
comment on column chosen_observations.period_end is 'Last day of the period.';
comment on column chosen_observations.point_date is 'Where a time axis places the value: as_of_date for a stock, else period_end.';

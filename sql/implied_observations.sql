-- implied_observations: levels that a change statement implies for its base period.
--
-- A change with a base period (`tăng 213 triệu so với năm 2023`, kind change_abs or change_pct, status
-- reported or forecast) is paired with the level of the same series and period stated in the SAME
-- article (the level nearest to the change in the text, if there are several). A series is a catalogue
-- metric at one place, or, without a metric, an indicator key at one place (`indicator_id`, null for a
-- catalogue metric). The implied level at
-- the base period is
--   change_abs   level - change                       1500000000 - 213000000 = 1287000000 (2023)
--   change_pct   level / (1 + change / 100)           1500 / 1.07 = 1401.87 (2022)
-- A change without a base period, or without a level beside it, implies nothing.
--
-- qualifier: how the inputs' qualifiers carry over. Subtracting a change, or dividing by a growth,
-- turns the change's direction around (a level less MORE than 213 million is LESS than the result):
--   both exact → exact; any approx → approx; otherwise each input points up (over, at_least), down
--   (nearly) or nowhere (exact): all up → over (at_least when the level said at_least), all down →
--   nearly, up and down → approx. So an `over` level less an exact change is still `over`.
-- value_low / value_high: the interval of the implied value, carried from the inputs' intervals
-- (`observations.value_low/value_high`, via `internal.observation_precision`); null is an unbounded side.
-- lo / hi / hi_included: the same with unbounded sides as -inf / +inf (hi is included when the level's hi is).
-- rule: the arithmetic in words, e.g. '1500000000 (2024-Q1) - 213000000 (change over 2023)'.

create or replace table implied_observations as
with levels as (
    select o.*, pr.series_indicator_id, pr.lo, pr.hi, pr.hi_included
    from observations o
    join internal.observation_precision pr using (article_id, observation_no)
    where o.kind = 'level' and o.status in ('reported', 'forecast')
),
changes as (
    select o.*, pr.series_indicator_id, pr.lo, pr.hi, pr.hi_included
    from observations o
    join internal.observation_precision pr using (article_id, observation_no)
    where o.kind in ('change_abs', 'change_pct') and o.status in ('reported', 'forecast')
      and o.base_period_id is not null and o.base_period_id <> o.period_id
),
paired as (
    select c.metric_id, c.series_indicator_id as indicator_id, c.place_id, c.base_period_id as period_id,
           l.unit, c.status, c.article_id,
           c.kind as change_kind, l.period_id as level_period_id,
           l.value as level_value, l.qualifier as level_qualifier, l.lo as level_lo, l.hi as level_hi,
           l.hi_included,
           c.value as change_value, c.qualifier as change_qualifier, c.lo as change_lo, c.hi as change_hi,
           l.observation_no as level_observation_no, c.observation_no as change_observation_no,
           c.evidence, c.start_char, c.end_char,
           coalesce(ql.direction, 0) as level_direction,
           -coalesce(qc.direction, 0) as change_direction,
           row_number() over (partition by c.article_id, c.observation_no
                              order by abs(l.start_char - c.start_char), l.observation_no) as nearest
    from changes c
    join levels l on l.article_id = c.article_id and l.period_id = c.period_id
                 and l.metric_id is not distinct from c.metric_id
                 and l.series_indicator_id is not distinct from c.series_indicator_id
                 and l.place_id is not distinct from c.place_id
    left join qualifiers ql on ql.qualifier = l.qualifier
    left join qualifiers qc on qc.qualifier = c.qualifier
),
computed as (
    select *,
           case when change_kind = 'change_abs' then level_value - change_value
                when 1 + change_value / 100 > 0 then level_value / (1 + change_value / 100) end as value,
           case when change_kind = 'change_abs' then level_lo - change_hi
                when 1 + change_lo / 100 <= 0 then null
                when level_lo >= 0 then level_lo / (1 + change_hi / 100)
                else level_lo / (1 + change_lo / 100) end as lo,
           case when change_kind = 'change_abs' then level_hi - change_lo
                when 1 + change_lo / 100 <= 0 then null
                when level_hi >= 0 then level_hi / (1 + change_lo / 100)
                else level_hi / (1 + change_hi / 100) end as hi
    from paired
    where nearest = 1
)
select metric_id, period_id, value, unit,
       case when level_qualifier = 'approx' or change_qualifier = 'approx' then 'approx'
            when level_direction = 0 and change_direction = 0 then 'exact'
            when level_direction >= 0 and change_direction >= 0
                then (case when level_qualifier = 'at_least' then 'at_least' else 'over' end)
            when level_direction <= 0 and change_direction <= 0
                then (case when level_qualifier = 'at_most' then 'at_most' else 'nearly' end)
            else 'approx' end as qualifier,
       status, article_id,
       case when change_kind = 'change_abs'
            then num_plain(level_value) || ' (' || level_period_id || ') - ' || num_plain(change_value)
                 || ' (change over ' || period_id || ')'
            else num_plain(level_value) || ' (' || level_period_id || ') / ' || num_plain(1 + change_value / 100)
                 || ' (change of ' || num_plain(change_value) || '% over ' || period_id || ')' end as rule,
       change_kind, level_period_id, level_value, level_qualifier, change_value, change_qualifier,
       coalesce(lo, '-inf'::double) as lo, coalesce(hi, 'inf'::double) as hi, hi_included,
       level_observation_no, change_observation_no, evidence, start_char, end_char,
       indicator_id, place_id, finite_or_null(lo) as value_low, finite_or_null(hi) as value_high
from computed
where value is not null and period_id is not null
order by metric_id nulls last, indicator_id nulls first, place_id nulls first, period_id, article_id,
         change_observation_no;

comment on table implied_observations is 'Levels a change statement implies for its base period (level less the change, or divided by the growth).';
comment on column implied_observations.metric_id is 'Catalogue metric; null for an indicator without one.';
comment on column implied_observations.period_id is 'The base period the level is implied for.';
comment on column implied_observations.value is 'The implied level.';
comment on column implied_observations.unit is 'Unit.';
comment on column implied_observations.qualifier is 'How the inputs'' qualifiers carry over.';
comment on column implied_observations.status is 'Status of the change statement.';
comment on column implied_observations.article_id is 'The article stating the level and the change.';
comment on column implied_observations.rule is 'The arithmetic in words.';
comment on column implied_observations.change_kind is 'change_abs | change_pct.';
comment on column implied_observations.level_period_id is 'Period of the stated level.';
comment on column implied_observations.level_value is 'The stated level.';
comment on column implied_observations.level_qualifier is 'Its qualifier.';
comment on column implied_observations.change_value is 'The stated change.';
comment on column implied_observations.change_qualifier is 'Its qualifier.';
comment on column implied_observations.lo is 'Lowest implied value (-inf: unbounded).';
comment on column implied_observations.hi is 'Highest implied value (inf: unbounded).';
comment on column implied_observations.hi_included is 'Whether hi itself is allowed.';
comment on column implied_observations.level_observation_no is 'The level''s observation.';
comment on column implied_observations.change_observation_no is 'The change''s observation.';
comment on column implied_observations.evidence is 'The sentence of the change.';
comment on column implied_observations.start_char is 'Offset of the change in articles.text.';
comment on column implied_observations.end_char is 'Offset after the change.';
comment on column implied_observations.indicator_id is 'Indicator key of a series without a catalogue metric; null for a catalogue metric.';
comment on column implied_observations.place_id is 'Where it applies (places).';
comment on column implied_observations.value_low is 'Lowest implied value; null: unbounded.';
comment on column implied_observations.value_high is 'Highest implied value; null: unbounded.';

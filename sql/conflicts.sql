-- conflicts: every series and period whose values disagree beyond the precision they were stated with.
--
-- A series is (metric_id, place_id), or (indicator_id, place_id) for observations without a catalogue
-- metric (indicator_id null for a catalogue metric). Values compared, per series and period:
--   * every level observation with status reported or forecast and a period (source = its status), with
--     the interval its wording allows (`observations.value_low/value_high`, via
--     `internal.observation_precision`: ± half a unit of the last stated digit, a plain whole count is just
--     itself, over and at_least open upwards, nearly reaches a little below);
--   * every level in `implied_observations` (source = 'implied'), with the range carried from its inputs.
-- The values agree when some number lies in all their ranges: greatest lo < least hi, or the two are
-- equal and every range ending there includes its end. So ranges that only touch at an excluded end
-- disagree: `19` (exact, 18.5 up to 19.5 excluded) and `khoảng 20` (19.5 to 20.5) are a conflict.
-- A relative slack of 1e-9 keeps floating-point noise from deciding what touches.
-- `values`, `article_ids`, `sources`, `qualifiers` list the values in ascending order (ties: article_id,
-- source, qualifier, then the observation number), joined by ' | '; rows are ordered by their key, so the
-- same inputs give a byte-identical table.

create or replace table conflicts as
with candidates as (
    select pr.metric_id, pr.series_indicator_id as indicator_id, pr.place_id, pr.period_id, pr.value, pr.unit,
           pr.qualifier, o.status as source, pr.article_id, pr.observation_no, pr.lo, pr.hi, pr.hi_included
    from internal.observation_precision pr
    join observations o using (article_id, observation_no)
    where o.kind = 'level' and o.status in ('reported', 'forecast') and o.period_id is not null
      and (pr.metric_id is not null or pr.series_indicator_id is not null)
    union all
    select metric_id, indicator_id, place_id, period_id, value, unit, qualifier, 'implied' as source,
           article_id, change_observation_no as observation_no, lo, hi, hi_included
    from implied_observations
),
bounded as (
    select *,
           max(lo) over (partition by metric_id, indicator_id, place_id, period_id) as greatest_lo,
           min(hi) over (partition by metric_id, indicator_id, place_id, period_id) as least_hi
    from candidates
),
grouped as (
    select metric_id, indicator_id, place_id, period_id, greatest_lo, least_hi,
           1e-9 * greatest(coalesce(abs(finite_or_null(greatest_lo)), 1), 1) as slack,
           count(*) as n_values,
           count(distinct article_id) as n_articles,
           string_agg(num_plain(value), ' | ' order by value, article_id, source, qualifier, observation_no)
               as "values",
           string_agg(article_id, ' | ' order by value, article_id, source, qualifier, observation_no)
               as article_ids,
           string_agg(source, ' | ' order by value, article_id, source, qualifier, observation_no) as sources,
           string_agg(qualifier, ' | ' order by value, article_id, source, qualifier, observation_no)
               as qualifiers,
           min(value) as min_value, max(value) as max_value,
           bool_and(hi_included) filter (where hi <= least_hi + 1e-9 * greatest(abs(least_hi), 1))
               as least_hi_included,
           min(unit) as unit
    from bounded
    group by metric_id, indicator_id, place_id, period_id, greatest_lo, least_hi
)
select metric_id, period_id, "values", article_ids, sources, qualifiers, n_values, n_articles,
       min_value, max_value,
       case when min_value <> 0 then (max_value - min_value) / abs(min_value) * 100 end as spread_pct,
       greatest_lo, least_hi, unit, indicator_id, place_id
from grouped
where n_values >= 2
  and (greatest_lo > least_hi + slack
       or (greatest_lo >= least_hi - slack and not least_hi_included))
order by metric_id nulls last, indicator_id nulls first, place_id nulls first, period_id;

comment on table conflicts is 'Series and periods whose values disagree beyond the precision they were stated with.';
comment on column conflicts.metric_id is 'Catalogue metric; null for an indicator without one.';
comment on column conflicts.period_id is 'The period.';
comment on column conflicts."values" is 'The values in ascending order, joined by '' | ''.';
comment on column conflicts.article_ids is 'Their articles, in the same order.';
comment on column conflicts.sources is 'reported | forecast | implied, in the same order.';
comment on column conflicts.qualifiers is 'Their qualifiers, in the same order.';
comment on column conflicts.n_values is 'Values compared.';
comment on column conflicts.n_articles is 'Articles they come from.';
comment on column conflicts.min_value is 'Least value.';
comment on column conflicts.max_value is 'Greatest value.';
comment on column conflicts.spread_pct is '(max - min) / |min| * 100.';
comment on column conflicts.greatest_lo is 'Greatest low end of the ranges.';
comment on column conflicts.least_hi is 'Least high end of the ranges.';
comment on column conflicts.unit is 'Unit.';
comment on column conflicts.indicator_id is 'Indicator key of a series without a catalogue metric.';
comment on column conflicts.place_id is 'Where the values apply (places).';

-- conflicts: every metric and period whose values disagree beyond the precision they were stated with.
--
-- Values compared, per metric and period:
--   * every level observation with status reported or forecast (source = its status), with the range
--     its wording allows (`observation_precision`: ± half a unit of the last stated digit, a plain whole
--     count is just itself, over and at_least open upwards, nearly reaches a little below);
--   * every level in `implied_observations` (source = 'implied'), with the range carried from its inputs.
-- The values agree when some number lies in all their ranges: greatest lo < least hi, or the two are
-- equal and every range ending there includes its end. So ranges that only touch at an excluded end
-- disagree: `19` (exact, 18.5 up to 19.5 excluded) and `khoảng 20` (19.5 to 20.5) are a conflict.
-- A relative slack of 1e-9 keeps floating-point noise from deciding what touches.
-- `values`, `article_ids`, `sources`, `qualifiers` list the values in ascending order, joined by ' | '.

create or replace table conflicts as
with candidates as (
    select pr.metric_id, pr.period_id, pr.value, pr.unit, pr.qualifier, o.status as source, pr.article_id,
           pr.lo, pr.hi, pr.hi_included
    from observation_precision pr
    join observations o using (article_id, observation_no)
    where o.kind = 'level' and o.status in ('reported', 'forecast')
    union all
    select metric_id, period_id, value, unit, qualifier, 'implied' as source, article_id, lo, hi, hi_included
    from implied_observations
),
bounded as (
    select *,
           max(lo) over (partition by metric_id, period_id) as greatest_lo,
           min(hi) over (partition by metric_id, period_id) as least_hi
    from candidates
),
grouped as (
    select metric_id, period_id, greatest_lo, least_hi,
           1e-9 * greatest(abs(greatest_lo), 1) as slack,
           count(*) as n_values,
           count(distinct article_id) as n_articles,
           string_agg(num_plain(value), ' | ' order by value, article_id) as "values",
           string_agg(article_id, ' | ' order by value, article_id) as article_ids,
           string_agg(source, ' | ' order by value, article_id) as sources,
           string_agg(qualifier, ' | ' order by value, article_id) as qualifiers,
           min(value) as min_value, max(value) as max_value,
           bool_and(hi_included) filter (where hi <= least_hi + 1e-9 * greatest(abs(least_hi), 1))
               as least_hi_included,
           any_value(unit) as unit
    from bounded
    group by metric_id, period_id, greatest_lo, least_hi
)
select metric_id, period_id, "values", article_ids, sources, qualifiers, n_values, n_articles,
       min_value, max_value,
       case when min_value <> 0 then (max_value - min_value) / abs(min_value) * 100 end as spread_pct,
       greatest_lo, least_hi, unit
from grouped
where n_values >= 2
  and (greatest_lo > least_hi + slack
       or (greatest_lo >= least_hi - slack and not least_hi_included))
order by metric_id, period_id;

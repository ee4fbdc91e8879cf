-- observation_precision (schema internal): how precisely each observation's number was stated, and the
-- range of true values that statement allows, as the derived layer uses it. One row per observation.
--
-- The extraction core writes the reading of the number on each row of `observations` (nothing is
-- re-parsed here): `decimals` (digits after the decimal comma as written: `2,8 triệu` → 1), `scale` (the
-- scale word's factor: triệu → 1e6, 1 when none) and the interval the wording allows, `value_low` to
-- `value_high` (null: that side is unbounded). The interval rule (the extraction core applies it):
--   rounding            half a unit of the last stated digit, times the scale: `20` → 0.5, `19,5%` → 0.05,
--                       `1,2 tỷ` → 50 000 000, `1.928.311 tỷ` → 500 000 000
--   exact whole count   [value, value]                        a plain whole count (`18 mục tiêu`, no decimals,
--                                                             no scale word) is exactly itself
--   exact, approx       [value - rounding, value + rounding)  hi not included: 19 is 18.5 up to 19.5
--   over, at_least      [value, unbounded)                    `hơn 1,5 tỷ` → low 1.5e9, high null
--   nearly              [value - max(rounding, 10% of |value|), value]   a little below the figure
--
-- Columns derived here for the readers (`conflicts`, `implied_observations`, `series_changes`, the audit):
--   lo, hi            value_low and value_high with an unbounded side as -inf / +inf
--   hi_included       whether hi itself is in the range: when unbounded or equal to the value
--   rounding          as above from decimals and scale; a row without decimals (the number was written in
--                     words, or normalised) falls back to half a unit of the value's last non-zero digit
--                     (1200000000 → 50 000 000, 0.48 → 0.005), and `precision_source` says 'value'
--                     instead of 'span'
--   whole_count       a count written as a plain whole number (decimals 0, scale 1)
--   input_rounding    the rounding the audit carries from a figure used as an input: 0 for a whole_count
-- `series_indicator_id`: the indicator key that identifies the series of an observation without a catalogue
-- metric (null when metric_id is set: a catalogue metric's series gathers every wording mapped to it).

create schema if not exists internal;

create or replace table internal.observation_precision as
with stated as (
    select o.article_id, o.observation_no, o.metric_id, o.indicator_id,
           case when o.metric_id is null then o.indicator_id end as series_indicator_id, o.place_id,
           o.period_id, o.kind, o.value, o.unit, o.qualifier, o.decimals, o.scale, o.value_low, o.value_high,
           case when o.decimals is not null then 'span' else 'value' end as precision_source,
           case when o.decimals is not null then 0.5 * power(10, -o.decimals) * coalesce(o.scale, 1)
                when abs(o.value) = 0 then 0.5
                when num_plain(abs(o.value)) like '%.%'
                    then 0.5 * power(10, -length(split_part(num_plain(abs(o.value)), '.', 2)))
                else 0.5 * power(10, length(num_plain(abs(o.value)))
                                     - length(rtrim(num_plain(abs(o.value)), '0')))
           end as rounding,
           coalesce(o.unit = 'count' and o.decimals = 0 and coalesce(o.scale, 1) = 1, false) as whole_count
    from observations o
)
select *,
       case when whole_count then 0.0 else rounding end as input_rounding,
       coalesce(value_low, '-inf'::double) as lo,
       coalesce(value_high, 'inf'::double) as hi,
       value_high is null or value_high = value as hi_included
from stated
order by article_id, observation_no;

-- series_changes: how each series moved between its chosen values, with the interval the wording allows
-- and the change the articles state beside the computed one.
--
-- Input: `chosen_observations` (one level value per series and period, reported or forecast). A series is
-- (metric_id, place_id), or (indicator_id, place_id) without a catalogue metric; a national series never
-- mixes in a province's values.
-- Time: each value is a point on a time axis, `point_date`: the as-of date of a stock, else the end of its
-- period (ties: periods.sort_order, the longer period first). A stock covers only its date, a flow its
-- whole period. One row per value that has an earlier value in its series, paired with the LATEST earlier
-- value whose time does not overlap its own: so two flows of overlapping periods of one year (Q1 with H1,
-- 9M with the year, a month with its quarter) are never consecutive steps; a stock as of 31/03 and one as
-- of 30/06 are.
--   abs_change      to_value - from_value
--   pct_change      abs_change / |from_value| * 100 (null when from_value is 0)
--   annualised_pct  ((to_value / from_value) ^ (1 / years) - 1) * 100, only where the two periods are of
--                   the same granularity and a whole number of years apart (2020 → 2022: years = 2;
--                   2023-Q1 → 2024-Q1: years = 1) and both values are positive; else null.
-- Intervals: from and to keep their value_low / value_high (null: unbounded). The change's interval is
-- the widest the two allow: abs_change_low = to_low - from_high, abs_change_high = to_high - from_low;
-- pct_change_low/high are the least and greatest percent change over the corners of the two intervals
-- (both null when from's interval reaches zero). `change_is_exact` is true only when both ends are exact
-- points (exact whole counts), so an approximate change is never shown as exact.
-- Stated changes: a change_abs or change_pct observation (reported or forecast) of the same series whose
-- period is to_period_id and base period from_period_id (`tăng 213 triệu so với năm 2023`). Where several
-- articles state one, the one of the to-value's article, then exact before approximate, then article_id and
-- observation_no. `stated_abs_change`, `stated_pct_change`, `stated_article_id` (of the absolute statement,
-- else the percent one). `agrees`: whether every stated change's interval meets the computed interval;
-- null when nothing is stated. A false `agrees` is a `contradicts` row in `consistency_audit`.
-- Both ends keep their article, qualifier and status, so an approximate or forecast end stays visible.

create or replace table series_changes as
with points as (
    select c.metric_id, c.indicator_id, c.place_id, c.period_id, c.value, c.unit, c.qualifier, c.status,
           c.article_id, c.value_low, c.value_high, c.as_of_date, c.point_date,
           p.granularity, p.start_date, p.end_date, p.sort_order,
           coalesce(c.as_of_date, p.start_date) as covers_from, coalesce(c.as_of_date, p.end_date) as covers_to,
           row_number() over (partition by c.metric_id, c.indicator_id, c.place_id
                              order by c.point_date, p.sort_order, c.period_id) as seq
    from chosen_observations c
    join periods p using (period_id)
),
pairs as (
    select t.metric_id, t.indicator_id, t.place_id, t.unit,
           f.period_id as from_period_id, t.period_id as to_period_id,
           f.value as from_value, t.value as to_value,
           f.article_id as from_article_id, t.article_id as to_article_id,
           f.qualifier as from_qualifier, t.qualifier as to_qualifier,
           f.status as from_status, t.status as to_status,
           f.granularity as from_granularity, t.granularity as to_granularity,
           f.start_date as from_start, t.start_date as to_start, f.end_date as from_end, t.end_date as to_end,
           coalesce(f.value_low, '-inf'::double) as from_lo, coalesce(f.value_high, 'inf'::double) as from_hi,
           coalesce(t.value_low, '-inf'::double) as to_lo, coalesce(t.value_high, 'inf'::double) as to_hi,
           f.value_low as from_value_low, f.value_high as from_value_high,
           t.value_low as to_value_low, t.value_high as to_value_high,
           f.as_of_date as from_as_of_date, t.as_of_date as to_as_of_date,
           f.point_date as from_point_date, t.point_date as to_point_date, t.seq
    from points t
    join points f on f.metric_id is not distinct from t.metric_id
                 and f.indicator_id is not distinct from t.indicator_id
                 and f.place_id is not distinct from t.place_id
                 and f.seq < t.seq
                 and not (f.covers_from <= t.covers_to and t.covers_from <= f.covers_to)
    qualify row_number() over (partition by t.metric_id, t.indicator_id, t.place_id, t.seq
                               order by f.seq desc) = 1
),
spaced as (
    select *,
           case when from_granularity = to_granularity
                     and year(to_end) > year(from_end)
                     and from_start + to_years(year(to_end) - year(from_end)) = to_start
                     and month(from_end) = month(to_end)
                     and (day(from_end) = day(to_end)
                          or (from_end = last_day(from_end) and to_end = last_day(to_end)))
                then year(to_end) - year(from_end) end as years_apart,
           to_lo - from_hi as abs_lo, to_hi - from_lo as abs_hi,
           case when from_lo > 0 or from_hi < 0
                then least(pct_step(from_lo, to_lo), pct_step(from_lo, to_hi),
                           pct_step(from_hi, to_lo), pct_step(from_hi, to_hi)) end as pct_lo,
           case when from_lo > 0 or from_hi < 0
                then greatest(pct_step(from_lo, to_lo), pct_step(from_lo, to_hi),
                              pct_step(from_hi, to_lo), pct_step(from_hi, to_hi)) end as pct_hi
    from pairs
),
statements as (
    select pr.kind, pr.metric_id, pr.series_indicator_id as indicator_id, pr.place_id, pr.period_id,
           o.base_period_id, pr.value, pr.lo, pr.hi, pr.article_id, pr.observation_no, pr.qualifier
    from internal.observation_precision pr
    join observations o using (article_id, observation_no)
    where pr.kind in ('change_abs', 'change_pct') and o.status in ('reported', 'forecast')
      and o.base_period_id is not null and o.base_period_id <> o.period_id
),
stated as (
    select s.metric_id, s.indicator_id, s.place_id, s.from_period_id, s.to_period_id, st.kind,
           st.value, st.lo, st.hi, st.article_id
    from spaced s
    join statements st on st.metric_id is not distinct from s.metric_id
                      and st.indicator_id is not distinct from s.indicator_id
                      and st.place_id is not distinct from s.place_id
                      and st.period_id = s.to_period_id and st.base_period_id = s.from_period_id
    qualify row_number() over (partition by s.metric_id, s.indicator_id, s.place_id, s.to_period_id,
                                            s.from_period_id, st.kind
                               order by (st.article_id = s.to_article_id) desc, (st.qualifier = 'exact') desc,
                                        st.article_id, st.observation_no) = 1
),
joined as (
    select s.*,
           sa.value as stated_abs_change, sp.value as stated_pct_change,
           coalesce(sa.article_id, sp.article_id) as stated_article_id,
           case when sa.value is not null then ranges_meet(sa.lo, sa.hi, s.abs_lo, s.abs_hi) end as abs_agrees,
           case when sp.value is not null
                then ranges_meet(sp.lo, sp.hi, coalesce(s.pct_lo, '-inf'::double), coalesce(s.pct_hi, 'inf'::double))
                end as pct_agrees
    from spaced s
    left join stated sa on sa.kind = 'change_abs' and sa.metric_id is not distinct from s.metric_id
                       and sa.indicator_id is not distinct from s.indicator_id
                       and sa.place_id is not distinct from s.place_id
                       and sa.from_period_id = s.from_period_id and sa.to_period_id = s.to_period_id
    left join stated sp on sp.kind = 'change_pct' and sp.metric_id is not distinct from s.metric_id
                       and sp.indicator_id is not distinct from s.indicator_id
                       and sp.place_id is not distinct from s.place_id
                       and sp.from_period_id = s.from_period_id and sp.to_period_id = s.to_period_id
)
select metric_id, from_period_id, to_period_id, from_value, to_value,
       to_value - from_value as abs_change,
       case when from_value <> 0 then (to_value - from_value) / abs(from_value) * 100 end as pct_change,
       case when years_apart is not null and from_value > 0 and to_value > 0
            then (power(to_value / from_value, 1.0 / years_apart) - 1) * 100 end as annualised_pct,
       years_apart,
       from_article_id, to_article_id, from_qualifier, to_qualifier, from_status, to_status, unit,
       indicator_id, place_id,
       from_value_low, from_value_high, to_value_low, to_value_high,
       finite_or_null(abs_lo) as abs_change_low, finite_or_null(abs_hi) as abs_change_high,
       finite_or_null(pct_lo) as pct_change_low, finite_or_null(pct_hi) as pct_change_high,
       coalesce(from_lo = from_hi and to_lo = to_hi, false) as change_is_exact,
       from_as_of_date, to_as_of_date, from_point_date, to_point_date,
       datediff('day', from_point_date, to_point_date) as days_apart,
       stated_abs_change, stated_pct_change, stated_article_id,
       case when abs_agrees is null and pct_agrees is null then null
            else coalesce(abs_agrees, true) and coalesce(pct_agrees, true) end as agrees
from joined
order by metric_id nulls last, indicator_id nulls first, place_id nulls first, seq;

comment on table series_changes is 'How each series moved between its chosen values: computed change with its interval, and the change the articles state.';
comment on column series_changes.metric_id is 'Catalogue metric; null for a series of an indicator without one.';
comment on column series_changes.from_period_id is 'Earlier period.';
comment on column series_changes.to_period_id is 'Later period.';
comment on column series_changes.from_value is 'Value at from_period_id.';
comment on column series_changes.to_value is 'Value at to_period_id.';
comment on column series_changes.abs_change is 'to_value - from_value.';
comment on column series_changes.pct_change is 'abs_change / |from_value| * 100; null when from_value is 0.';
comment on column series_changes.annualised_pct is 'Compound yearly change between like periods a whole number of years apart.';
comment on column series_changes.years_apart is 'Whole years between the periods, when like periods.';
comment on column series_changes.from_article_id is 'Article of from_value.';
comment on column series_changes.to_article_id is 'Article of to_value.';
comment on column series_changes.from_qualifier is 'Qualifier of from_value.';
comment on column series_changes.to_qualifier is 'Qualifier of to_value.';
comment on column series_changes.from_status is 'Status of from_value.';
comment on column series_changes.to_status is 'Status of to_value.';
comment on column series_changes.unit is 'Unit of the values.';
comment on column series_changes.indicator_id is 'Indicator key of a series without a catalogue metric; null for a catalogue metric''s series.';
comment on column series_changes.place_id is 'Where the values apply (places).';
comment on column series_changes.from_value_low is 'Lowest from value the wording allows; null: unbounded.';
comment on column series_changes.from_value_high is 'Highest from value; null: unbounded.';
comment on column series_changes.to_value_low is 'Lowest to value the wording allows; null: unbounded.';
comment on column series_changes.to_value_high is 'Highest to value; null: unbounded.';
comment on column series_changes.abs_change_low is 'Least change the two intervals allow (to_value_low - from_value_high); null: unbounded.';
comment on column series_changes.abs_change_high is 'Greatest change the two intervals allow (to_value_high - from_value_low); null: unbounded.';
comment on column series_changes.pct_change_low is 'Least percent change the intervals allow; null: unbounded.';
comment on column series_changes.pct_change_high is 'Greatest percent change the intervals allow; null: unbounded.';
comment on column series_changes.change_is_exact is 'Both ends are exact points, so the change is exact; otherwise show it as approximate or a range.';
comment on column series_changes.from_as_of_date is 'As-of date of a stock at the from end.';
comment on column series_changes.to_as_of_date is 'As-of date of a stock at the to end.';
comment on column series_changes.from_point_date is 'Time-axis date of the from value (as-of date, else period end).';
comment on column series_changes.to_point_date is 'Time-axis date of the to value.';
comment on column series_changes.days_apart is 'Days between from_point_date and to_point_date.';
comment on column series_changes.stated_abs_change is 'The change an article states for this pair (tăng 213 triệu so với năm 2023).';
comment on column series_changes.stated_pct_change is 'The percent change an article states for this pair (tăng 67%).';
comment on column series_changes.stated_article_id is 'Article of the stated change (the absolute one, else the percent one).';
comment on column series_changes.agrees is 'Whether the stated changes fit the computed interval; null when none is stated.';

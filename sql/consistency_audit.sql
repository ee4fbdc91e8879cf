-- consistency_audit: arithmetic claims in the articles, checked against the numbers beside them.
--
-- Checks inside ONE article and ONE period (levels with status reported or forecast; where an article
-- states a metric twice for a period at one place, its exact statement, then the first in the text):
--   share, rate   a stated percent against its counts: stated = 100 * sum(parts) / whole
--                 (`18 mục tiêu ... (đạt 29%)` of `62 mục tiêu`; eID activation rate = activated / received)
--   sum           a stated total against its parts: stated = sum(parts)  (18 + 27 + 17 = 62)
--   growth        a stated change_pct with a base period against the two levels of the same article:
--                 stated = (level / base level - 1) * 100  (48% against 0,48 → 0,71)
--   difference    a stated change_abs with a base period against the two levels: stated = level - base level
-- Which metrics relate how (share, rate, sum) is data: the `metric_relations` table, loaded from
-- pipelines/catalogue/metric_relations.csv (relation, metric_id = the stated figure, parts joined by '+',
-- whole, label). A relation is checked only when the article states every metric it names, at one place.
--
-- tolerance = one unit of the stated figure's last digit (its own rounding, either way: reports round
--             shares so that they add up to 100%, which moves a share by up to one unit)
--           + the rounding carried from the inputs (`input_rounding` of `internal.observation_precision`:
--             a plain whole count is exact, `53,62 triệu` is ± 5 000), propagated through the arithmetic.
-- verdict: 'consistent' when the computed value is within the tolerance of the stated one; for a stated
-- figure whose qualifier points up (`qualifiers.direction` 1: over, at_least) not below it by more, for one
-- pointing down (-1: nearly, at_most) not above it by more nor below its interval's low end (nearly: 10%
-- below); else 'inconsistent'. `computed` is rounded to one more decimal than the stated figure (at least 2).
--
-- Checks across articles, check_kind 'stated_change': a change an article states for a pair of
-- `series_changes` (its stated_abs_change / stated_pct_change) whose two levels do not both come from that
-- article's own check above, e.g. `tăng 213 triệu so với năm 2023` against the 2023 level of another
-- article. verdict 'contradicts' when no value in the intervals satisfies it (the stated change's interval
-- does not meet the interval computed from the two levels' intervals), else 'consistent'.
--
-- computed_low / computed_high: the interval of the computed value, from the inputs' intervals
-- (`value_low/value_high`); null is an unbounded side.

create or replace table consistency_audit as
with figures as (
    select pr.*, o.status, o.base_period_id, o.start_char
    from internal.observation_precision pr
    join observations o using (article_id, observation_no)
    where o.status in ('reported', 'forecast') and o.metric_id is not null and o.period_id is not null
),
levels as (
    select *
    from figures
    where kind = 'level'
    qualify row_number() over (partition by article_id, metric_id, place_id, period_id
                               order by (qualifier = 'exact') desc, observation_no) = 1
),
relation_parts as (
    select r.relation_no, trim(p.part) as part_metric, p.part_no,
           len(string_split(r.parts, '+')) as n_parts
    from metric_relations r,
         unnest(string_split(r.parts, '+')) with ordinality as p(part, part_no)
),
part_totals as (
    select rp.relation_no, l.article_id, l.place_id, l.period_id,
           sum(l.value) as parts_value, sum(l.lo) as parts_lo, sum(l.hi) as parts_hi,
           sum(l.input_rounding) as parts_rounding,
           string_agg(num_words(l.value), ' + ' order by rp.part_no) as parts_text,
           string_agg(rp.part_metric, ', ' order by rp.part_no) as part_metrics,
           count(*) as n_found, min(rp.n_parts) as n_parts
    from relation_parts rp
    join levels l on l.metric_id = rp.part_metric
    group by rp.relation_no, l.article_id, l.place_id, l.period_id
),
relation_checks as (
    select r.relation as check_kind, s.article_id, s.period_id, r.metric_id, r.relation_no,
           case when r.relation = 'sum' then r.label || ': ' || pt.parts_text
                else r.label || ' = '
                     || (case when pt.n_parts > 1 then '(' || pt.parts_text || ')' else pt.parts_text end)
                     || ' / ' || num_words(w.value) end as claim,
           case when r.relation = 'sum' then pt.part_metrics
                else pt.part_metrics || ', ' || w.metric_id end as input_metric_ids,
           s.value as stated, s.qualifier as stated_qualifier, s.decimals as stated_decimals,
           s.lo as stated_lo, 2 * s.input_rounding as stated_tolerance,
           case when r.relation = 'sum' then pt.parts_value else 100 * pt.parts_value / w.value end as computed,
           case when r.relation = 'sum' then pt.parts_lo
                when w.lo > 0 or w.hi < 0
                then 100 * least(ratio_step(pt.parts_lo, w.lo), ratio_step(pt.parts_lo, w.hi),
                                 ratio_step(pt.parts_hi, w.lo), ratio_step(pt.parts_hi, w.hi)) end as computed_lo,
           case when r.relation = 'sum' then pt.parts_hi
                when w.lo > 0 or w.hi < 0
                then 100 * greatest(ratio_step(pt.parts_lo, w.lo), ratio_step(pt.parts_lo, w.hi),
                                    ratio_step(pt.parts_hi, w.lo), ratio_step(pt.parts_hi, w.hi)) end
               as computed_hi,
           case when r.relation = 'sum' then pt.parts_rounding
                else abs(100 * pt.parts_value / w.value)
                     * (case when pt.parts_value <> 0 then pt.parts_rounding / abs(pt.parts_value) else 0 end
                        + w.input_rounding / abs(w.value)) end as carried_rounding
    from metric_relations r
    join levels s on s.metric_id = r.metric_id
    join part_totals pt on pt.relation_no = r.relation_no and pt.article_id = s.article_id
                       and pt.period_id = s.period_id and pt.place_id is not distinct from s.place_id
                       and pt.n_found = pt.n_parts
    left join levels w on w.metric_id = r.whole and w.article_id = s.article_id and w.period_id = s.period_id
                      and w.place_id is not distinct from s.place_id
    where r.relation = 'sum' or (w.value is not null and w.value <> 0)
),
change_checks as (
    select case c.kind when 'change_pct' then 'growth' else 'difference' end as check_kind,
           c.article_id, c.period_id, c.metric_id, null::integer as relation_no,
           lower_first(m.name_en)
               || (case c.kind when 'change_pct' then ' growth ' else ' change ' end)
               || coalesce(pb.period_label, c.base_period_id) || '-' || coalesce(pp.period_label, c.period_id)
               || ' = ' || num_words(l.value)
               || (case c.kind when 'change_pct' then ' / ' || num_words(b.value) || ' - 1'
                               else ' - ' || num_words(b.value) end) as claim,
           c.metric_id as input_metric_ids,
           c.value as stated, c.qualifier as stated_qualifier, c.decimals as stated_decimals,
           c.lo as stated_lo, 2 * c.input_rounding as stated_tolerance,
           case c.kind when 'change_pct' then (l.value / b.value - 1) * 100 else l.value - b.value end as computed,
           case when c.kind = 'change_abs' then l.lo - b.hi
                when b.lo > 0 or b.hi < 0
                then least(pct_step(b.lo, l.lo), pct_step(b.lo, l.hi), pct_step(b.hi, l.lo), pct_step(b.hi, l.hi))
                end as computed_lo,
           case when c.kind = 'change_abs' then l.hi - b.lo
                when b.lo > 0 or b.hi < 0
                then greatest(pct_step(b.lo, l.lo), pct_step(b.lo, l.hi), pct_step(b.hi, l.lo),
                              pct_step(b.hi, l.hi)) end as computed_hi,
           case c.kind when 'change_pct'
                then abs(l.value / b.value) * 100
                     * ((case when l.value <> 0 then l.input_rounding / abs(l.value) else 0 end)
                        + b.input_rounding / abs(b.value))
                else l.input_rounding + b.input_rounding end as carried_rounding
    from figures c
    join levels l on l.article_id = c.article_id and l.metric_id = c.metric_id and l.period_id = c.period_id
                 and l.place_id is not distinct from c.place_id
    join levels b on b.article_id = c.article_id and b.metric_id = c.metric_id
                 and b.period_id = c.base_period_id and b.place_id is not distinct from c.place_id
    left join metrics m on m.metric_id = c.metric_id
    left join periods pp on pp.period_id = c.period_id
    left join periods pb on pb.period_id = c.base_period_id
    where c.kind in ('change_pct', 'change_abs') and c.base_period_id is not null
      and c.base_period_id <> c.period_id
      and (c.kind = 'change_abs' or b.value <> 0)
),
checks as (
    select *, stated_tolerance + carried_rounding as tolerance,
           1e-9 * greatest(abs(stated), 1) as slack
    from (select * from relation_checks union all by name select * from change_checks)
),
stated_changes as (
    select s.*, st.kind, st.value as stated, st.qualifier as stated_qualifier, st.decimals as stated_decimals,
           st.lo as stated_lo, st.hi as stated_hi, st.observation_no
    from series_changes s
    join figures st on st.article_id = s.stated_article_id
                   and st.metric_id is not distinct from s.metric_id
                   and st.place_id is not distinct from s.place_id
                   and st.period_id = s.to_period_id and st.base_period_id = s.from_period_id
                   and st.kind in ('change_abs', 'change_pct')
    where s.metric_id is not null
      and not exists (select 1 from change_checks cc
                      where cc.article_id = st.article_id and cc.metric_id = st.metric_id
                        and cc.period_id = st.period_id
                        and cc.check_kind = (case st.kind when 'change_pct' then 'growth' else 'difference' end))
    qualify row_number() over (partition by s.metric_id, s.place_id, s.from_period_id, s.to_period_id, st.kind
                               order by (st.qualifier = 'exact') desc, st.observation_no) = 1
),
series_checks as (
    select 'stated_change' as check_kind, c.stated_article_id as article_id, c.to_period_id as period_id,
           c.metric_id, null::integer as relation_no,
           lower_first(m.name_en)
               || (case c.kind when 'change_pct' then ' growth ' else ' change ' end)
               || coalesce(pf.period_label, c.from_period_id) || ' to ' || coalesce(pt.period_label, c.to_period_id)
               || ' = ' || num_words(c.to_value)
               || (case c.kind when 'change_pct' then ' / ' || num_words(c.from_value) || ' - 1'
                               else ' - ' || num_words(c.from_value) end)
               || ' (levels of ' || (case when c.from_article_id = c.to_article_id then c.from_article_id
                                          else c.from_article_id || ' and ' || c.to_article_id end) || ')'
               as claim,
           c.metric_id as input_metric_ids, c.stated, c.stated_qualifier, c.stated_decimals,
           case c.kind when 'change_pct' then c.pct_change else c.abs_change end as computed,
           coalesce(case c.kind when 'change_pct' then c.pct_change_low else c.abs_change_low end,
                    '-inf'::double) as computed_lo,
           coalesce(case c.kind when 'change_pct' then c.pct_change_high else c.abs_change_high end,
                    'inf'::double) as computed_hi,
           c.stated_lo, c.stated_hi
    from stated_changes c
    left join metrics m on m.metric_id = c.metric_id
    left join periods pf on pf.period_id = c.from_period_id
    left join periods pt on pt.period_id = c.to_period_id
)
select article_id, period_id, check_kind, claim, metric_id, input_metric_ids,
       stated, stated_qualifier,
       round(computed, greatest(2, coalesce(stated_decimals, 0) + 1)::integer) as computed,
       stated - computed as difference,
       round(tolerance, greatest(3, coalesce(stated_decimals, 0) + 2)::integer) as tolerance,
       case when q.direction > 0 and computed >= stated - tolerance - slack
                then 'consistent'
            when q.direction < 0 and computed <= stated + tolerance + slack
                 and computed >= coalesce(checks.stated_lo, '-inf'::double) - tolerance - slack
                then 'consistent'
            when coalesce(q.direction, 0) = 0 and abs(stated - computed) <= tolerance + slack
                then 'consistent'
            else 'inconsistent' end as verdict,
       relation_no, finite_or_null(computed_lo) as computed_low, finite_or_null(computed_hi) as computed_high
from checks
left join qualifiers q on q.qualifier = checks.stated_qualifier
union all
select article_id, period_id, check_kind, claim, metric_id, input_metric_ids, stated, stated_qualifier,
       round(computed, greatest(2, coalesce(stated_decimals, 0) + 1)::integer) as computed,
       stated - computed as difference, null::double as tolerance,
       case when ranges_meet(stated_lo, stated_hi, computed_lo, computed_hi) then 'consistent'
            else 'contradicts' end as verdict,
       null::integer as relation_no, finite_or_null(computed_lo) as computed_low,
       finite_or_null(computed_hi) as computed_high
from series_checks
order by article_id, relation_no nulls last, metric_id, check_kind, period_id, claim;

comment on table consistency_audit is 'Arithmetic claims in the articles (shares, sums, rates, growth, stated changes) checked against the numbers beside them.';
comment on column consistency_audit.article_id is 'The article making the claim.';
comment on column consistency_audit.period_id is 'The period it is about.';
comment on column consistency_audit.check_kind is 'share | rate | sum | growth | difference | stated_change.';
comment on column consistency_audit.claim is 'The claim in words.';
comment on column consistency_audit.metric_id is 'The stated figure''s metric.';
comment on column consistency_audit.input_metric_ids is 'The metrics it is computed from.';
comment on column consistency_audit.stated is 'The stated figure.';
comment on column consistency_audit.stated_qualifier is 'Its qualifier.';
comment on column consistency_audit.computed is 'The figure computed from the inputs.';
comment on column consistency_audit.difference is 'stated - computed.';
comment on column consistency_audit.tolerance is 'Allowed difference from rounding (null for stated_change).';
comment on column consistency_audit.verdict is 'consistent | inconsistent (beyond the tolerance) | contradicts (no value in the intervals satisfies a stated change).';
comment on column consistency_audit.relation_no is 'The metric_relations row checked.';
comment on column consistency_audit.computed_low is 'Lowest value the inputs'' intervals allow; null: unbounded.';
comment on column consistency_audit.computed_high is 'Highest value the inputs'' intervals allow; null: unbounded.';

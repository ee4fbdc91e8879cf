-- consistency_audit: arithmetic claims inside one article, checked against the numbers beside them.
--
-- Every check uses figures of ONE article and ONE period (levels with status reported or forecast;
-- where an article states a metric twice for a period, its exact statement, then the first in the text):
--   share, rate   a stated percent against its counts: stated = 100 * sum(parts) / whole
--                 (`18 mục tiêu ... (đạt 29%)` of `62 mục tiêu`; eID activation rate = activated / received)
--   sum           a stated total against its parts: stated = sum(parts)  (18 + 27 + 17 = 62)
--   growth        a stated change_pct with a base period against the two levels of the same article:
--                 stated = (level / base level - 1) * 100  (48% against 0,48 → 0,71)
--   difference    a stated change_abs with a base period against the two levels: stated = level - base level
-- Which metrics relate how (share, rate, sum) is data: the `metric_relations` table, loaded from
-- pipelines/catalogue/metric_relations.csv (relation, metric_id = the stated figure, parts joined by '+',
-- whole, label). A relation is checked only when the article states every metric it names.
--
-- tolerance = one unit of the stated figure's last digit (its own rounding, either way: reports round
--             shares so that they add up to 100%, which moves a share by up to one unit)
--           + the rounding carried from the inputs (`observation_precision.input_rounding`: a plain whole
--             count is exact, `53,62 triệu` is ± 5 000), propagated through the arithmetic.
-- verdict: 'consistent' when the computed value is within the tolerance of the stated one (for a stated
-- `over`/`at_least` figure: not below it by more; for `nearly`: not above it by more, nor more than 10%
-- below), else 'inconsistent'. `computed` is rounded to one more decimal than the stated figure (at least 2).

create or replace table consistency_audit as
with figures as (
    select pr.*, o.status, o.base_period_id, o.start_char
    from observation_precision pr
    join observations o using (article_id, observation_no)
    where o.status in ('reported', 'forecast')
),
levels as (
    select *
    from figures
    where kind = 'level'
    qualify row_number() over (partition by article_id, metric_id, period_id
                               order by (qualifier = 'exact') desc, observation_no) = 1
),
relation_parts as (
    select r.relation_no, trim(p.part) as part_metric, p.part_no,
           len(string_split(r.parts, '+')) as n_parts
    from metric_relations r,
         unnest(string_split(r.parts, '+')) with ordinality as p(part, part_no)
),
part_totals as (
    select rp.relation_no, l.article_id, l.period_id,
           sum(l.value) as parts_value,
           sum(l.input_rounding) as parts_rounding,
           string_agg(num_words(l.value), ' + ' order by rp.part_no) as parts_text,
           string_agg(rp.part_metric, ', ' order by rp.part_no) as part_metrics,
           count(*) as n_found, any_value(rp.n_parts) as n_parts
    from relation_parts rp
    join levels l on l.metric_id = rp.part_metric
    group by rp.relation_no, l.article_id, l.period_id
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
           2 * s.input_rounding as stated_tolerance,
           case when r.relation = 'sum' then pt.parts_value else 100 * pt.parts_value / w.value end as computed,
           case when r.relation = 'sum' then pt.parts_rounding
                else abs(100 * pt.parts_value / w.value)
                     * (case when pt.parts_value <> 0 then pt.parts_rounding / abs(pt.parts_value) else 0 end
                        + w.input_rounding / abs(w.value)) end as carried_rounding
    from metric_relations r
    join levels s on s.metric_id = r.metric_id
    join part_totals pt on pt.relation_no = r.relation_no and pt.article_id = s.article_id
                       and pt.period_id = s.period_id and pt.n_found = pt.n_parts
    left join levels w on w.metric_id = r.whole and w.article_id = s.article_id and w.period_id = s.period_id
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
           2 * c.input_rounding as stated_tolerance,
           case c.kind when 'change_pct' then (l.value / b.value - 1) * 100 else l.value - b.value end as computed,
           case c.kind when 'change_pct'
                then abs(l.value / b.value) * 100
                     * ((case when l.value <> 0 then l.input_rounding / abs(l.value) else 0 end)
                        + b.input_rounding / abs(b.value))
                else l.input_rounding + b.input_rounding end as carried_rounding
    from figures c
    join levels l on l.article_id = c.article_id and l.metric_id = c.metric_id and l.period_id = c.period_id
    join levels b on b.article_id = c.article_id and b.metric_id = c.metric_id
                 and b.period_id = c.base_period_id
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
)
select article_id, period_id, check_kind, claim, metric_id, input_metric_ids,
       stated, stated_qualifier,
       round(computed, greatest(2, coalesce(stated_decimals, 0) + 1)::integer) as computed,
       stated - computed as difference,
       round(tolerance, greatest(3, coalesce(stated_decimals, 0) + 2)::integer) as tolerance,
       case when stated_qualifier in ('over', 'at_least') and computed >= stated - tolerance - slack
                then 'consistent'
            when stated_qualifier = 'nearly' and computed <= stated + tolerance + slack
                 and computed >= stated - 0.1 * abs(stated) - tolerance - slack
                then 'consistent'
            when stated_qualifier not in ('over', 'at_least', 'nearly')
                 and abs(stated - computed) <= tolerance + slack
                then 'consistent'
            else 'inconsistent' end as verdict,
       relation_no
from checks
order by article_id, relation_no nulls last, metric_id;

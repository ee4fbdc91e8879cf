-- observation_precision (a view over the table observation_precision_rows): how precisely each
-- observation's number was stated, and the range of true values that statement allows. One row per
-- observation (every kind and status).
--
-- The precision is not stored in `observations`; it is read here from the span of the number,
-- articles.text[start_char:end_char]:
--   * every number token in the span is found: digits with `.` or `,` separators, optionally followed by
--     a scale word (nghìn/ngàn = 1e3, triệu = 1e6, tỷ/tỉ = 1e9, nghìn tỷ/ngàn tỷ = 1e12);
--   * each token is read the Vietnamese way (`.` groups thousands, `,` marks decimals: 1.500 = 1500,
--     1,5 = 1.5) and the English way (1,500 = 1500, 1.5 = 1.5), with and without its scale word;
--   * the first reading (in span order; Vietnamese, then English; scaled, then unscaled) whose value equals
--     observations.value (sign ignored) is the stated figure (`stated`);
--   * `rounding` = half a unit of its last stated digit, times the scale: `20` → 0.5, `19,5%` → 0.05,
--     `1,2 tỷ` → 50 000 000, `1.928.311 tỷ` → 500 000 000.
-- When no reading matches (the extractor normalised the number), `precision_source` is 'value' and the
-- rounding is half a unit of the value's last non-zero digit (1200000000 → 50 000 000, 0.48 → 0.005).
--
-- `whole_count` marks a count written as a plain whole number (no decimals, no scale word): `18 mục tiêu`
-- is exactly 18, not 17.5 to 18.5.
--
-- Range of true values the wording allows, lo to hi (used by `conflicts` and `implied_observations`):
--   exact whole_count   [value, value]                          the number itself
--   exact, approx       [value - rounding, value + rounding)    ± the rounding (hi not included: 19 is
--                                                               18.5 up to, not including, 19.5)
--   over, at_least      [value, +inf)                           the stated figure and above
--   nearly              [value - max(rounding, 10% of |value|), value]   a little below the figure
-- `hi_included` says whether hi itself is in the range.
-- `input_rounding` is the rounding the consistency audit carries from a figure used as an input:
-- zero for a whole_count, else `rounding`.

-- The rows are computed once per build into `observation_precision_rows` (conflicts, implied_observations
-- and the consistency audit all read them; as a plain view they were computed three times, which made it
-- the slowest part of an incremental run at 10 000 articles); `observation_precision` is a view over it.

create or replace table observation_precision_rows as
with spans as (
    select o.article_id, o.observation_no, o.metric_id, o.period_id, o.kind, o.value, o.unit, o.qualifier,
           substr(a.text, o.start_char + 1, o.end_char - o.start_char) as span_text
    from observations o
    join articles a using (article_id)
),
tokens as (
    select s.article_id, s.observation_no, s.value, t.token_no,
           regexp_replace(t.token, '[^\p{L}]+$', '') as token,
           regexp_extract(t.token, '^[0-9][0-9.,]*') as num,
           case when regexp_matches(t.token, '(nghìn|ngàn)[\s\x{00A0}]*(tỷ|tỉ)[^\p{L}]*$') then 1e12
                when regexp_matches(t.token, '(nghìn|ngàn)[^\p{L}]*$') then 1e3
                when regexp_matches(t.token, 'triệu[^\p{L}]*$') then 1e6
                when regexp_matches(t.token, '(tỷ|tỉ)[^\p{L}]*$') then 1e9
                else 1 end as scale
    from spans s,
         unnest(regexp_extract_all(
             lower(s.span_text),
             '[0-9]+(?:[.,][0-9]+)*(?:[\s\x{00A0}]*(?:(?:nghìn|ngàn)[\s\x{00A0}]*(?:tỷ|tỉ)|nghìn|ngàn|triệu|tỷ|tỉ)(?:[^\p{L}\p{N}]|$))?'
         )) with ordinality as t(token, token_no)
),
readings as (
    select *, 1 as style_rank,
           try_cast(replace(replace(num, '.', ''), ',', '.') as double) as number,
           length(regexp_extract(num, ',([0-9]+)$', 1)) as decimals
    from tokens
    where regexp_full_match(num, '[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?')
    union all
    select *, 2 as style_rank,
           try_cast(replace(num, ',', '') as double) as number,
           length(regexp_extract(num, '\.([0-9]+)$', 1)) as decimals
    from tokens
    where regexp_full_match(num, '[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?')
),
scaled as (
    select r.*, u.used_scale, u.scale_rank
    from readings r,
         unnest([r.scale, 1.0]) with ordinality as u(used_scale, scale_rank)
    where u.scale_rank = 1 or r.scale <> 1
),
matched as (
    select article_id, observation_no, used_scale, decimals,
           case when used_scale = 1 then num else token end as token,
           row_number() over (partition by article_id, observation_no
                              order by token_no, style_rank, scale_rank) as pick
    from scaled
    where abs(number * used_scale - abs(value)) <= 1e-9 * greatest(abs(value), 1)
),
precision as (
    select s.*, m.token as stated, m.decimals, m.used_scale as scale,
           case when m.token is not null then 'span' else 'value' end as precision_source,
           case when m.token is not null then 0.5 * power(10, -m.decimals) * m.used_scale
                when abs(s.value) = 0 then 0.5
                when num_plain(abs(s.value)) like '%.%'
                    then 0.5 * power(10, -length(split_part(num_plain(abs(s.value)), '.', 2)))
                else 0.5 * power(10, length(num_plain(abs(s.value)))
                                     - length(rtrim(num_plain(abs(s.value)), '0')))
           end as rounding
    from spans s
    left join matched m on m.article_id = s.article_id and m.observation_no = s.observation_no and m.pick = 1
),
flagged as (
    select *, coalesce(unit = 'count' and precision_source = 'span' and decimals = 0 and scale = 1, false)
                  as whole_count
    from precision
)
select article_id, observation_no, metric_id, period_id, kind, value, unit, qualifier, span_text, stated,
       decimals, scale, precision_source, rounding, whole_count,
       case when whole_count then 0.0 else rounding end as input_rounding,
       case when qualifier in ('over', 'at_least') then value
            when qualifier = 'nearly' then value - greatest(rounding, 0.1 * abs(value))
            when qualifier = 'exact' and whole_count then value
            else value - rounding end as lo,
       case when qualifier in ('over', 'at_least') then 'inf'::double
            when qualifier = 'nearly' then value
            when qualifier = 'exact' and whole_count then value
            else value + rounding end as hi,
       qualifier in ('over', 'at_least', 'nearly') or (qualifier = 'exact' and whole_count) as hi_included
from flagged;

create or replace view observation_precision as select * from observation_precision_rows;

-- macros: small formatting helpers shared by the derived-layer SQL.
--
-- num_plain(x)  a number as plain digits, without exponent or trailing zeros (up to 6 decimals):
--               1287000000.0 → '1287000000', 1.07 → '1.07', 1401.8691588 → '1401.869159'.
-- num_words(x)  the same, with millions and billions spelled out for claims a person reads:
--               53620000 → '53.62 million', 1500000000 → '1.5 billion', 62 → '62'.
-- lower_first(s) the text with its first letter in lower case ('Share of goals' → 'share of goals').
-- Persistent macros, so the views and tables that use them also work in a notebook.

create or replace macro num_plain(x) as
    case when x is null then null
         when isinf(x) then (case when x > 0 then 'inf' else '-inf' end)
         else regexp_replace(regexp_replace(printf('%.6f', x), '0+$', ''), '\.$', '') end;

create or replace macro num_words(x) as
    case when x is null then null
         when abs(x) >= 1e9 then num_plain(round(x / 1e9, 6)) || ' billion'
         when abs(x) >= 1e6 then num_plain(round(x / 1e6, 6)) || ' million'
         else num_plain(x) end;

create or replace macro lower_first(s) as lower(left(s, 1)) || substr(s, 2);

-- finite_or_null(x)  x, or null when it is infinite: an unbounded side of an interval is stored as null.
-- pct_step(f, t)     the percent change from f to t, (t - f) / |f| * 100, at the corners of an interval,
--                    infinite ends included: from an unbounded f the change tends to -100 (f → +inf) or
--                    +100 (f → -inf); to an unbounded t it is unbounded; null when f is 0 or both are infinite.
-- ratio_step(n, d)  n / d with infinite ends: 0 when only d is infinite, null when d is 0 or both are infinite.
-- ranges_meet(lo1, hi1, lo2, hi2)  whether [lo1, hi1] and [lo2, hi2] share a value (ends ±inf allowed), with a
--                    relative slack of 1e-9 so floating-point noise does not decide.

create or replace macro finite_or_null(x) as case when isinf(x) then null else x end;

create or replace macro pct_step(f, t) as
    case when f is null or t is null or f = 0 or (isinf(f) and isinf(t)) then null
         when isinf(f) then (case when f > 0 then -100.0 else 100.0 end)
         when isinf(t) then t
         else (t - f) / abs(f) * 100 end;

create or replace macro ranges_meet(lo1, hi1, lo2, hi2) as
    lo1 <= hi2 + 1e-9 * greatest(1, abs(hi2)) and lo2 <= hi1 + 1e-9 * greatest(1, abs(hi1));

create or replace macro ratio_step(n, d) as
    case when n is null or d is null or d = 0 or (isinf(n) and isinf(d)) then null
         when isinf(d) then 0.0
         else n / d end;

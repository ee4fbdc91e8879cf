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

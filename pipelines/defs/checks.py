"""Asset checks that guard the warehouse on every run.

Each check is a query that lists the offending rows (plain functions taking a DuckDB connection, so tests
and notebooks can run them too) and a Dagster asset check around it that reads the warehouse with
``warehouse.read``. Broken observations fail with ERROR severity; conflicts between sources and
inconsistent claims are facts about the news: their checks live with the derived assets
(``pipelines.defs.derive``).
"""

from typing import TYPE_CHECKING

import dagster as dg
import duckdb

from pipelines.defs.derive import check_result, fetch_rows
from pipelines.defs.resources import WarehouseResource

if TYPE_CHECKING:
    import pandas as pd

EXAMPLES = 10

# The span must hold a digit, and the value's significant digits (74850000 → '7485', 0.48 → '48',
# 80.2 → '802') must appear among the span's digits.
SPAN_PROBLEMS_SQL = """
with spans as (
    select o.article_id, o.observation_no, o.metric_id, o.value, o.start_char, o.end_char,
           case when o.start_char >= 0 and o.end_char > o.start_char and o.end_char <= length(a.text)
                then substr(a.text, o.start_char + 1, o.end_char - o.start_char) end as span_text
    from observations o
    left join articles a using (article_id)
)
select article_id, observation_no, metric_id, value, start_char, end_char, span_text
from spans
where span_text is null
   or not regexp_matches(span_text, '[0-9]')
   or not contains(regexp_replace(span_text, '[^0-9]', '', 'g'),
                   trim(replace(printf('%.6f', abs(value)), '.', ''), '0'))
order by article_id, observation_no
"""

UNKNOWN_REFERENCES_SQL = """
select o.article_id, o.observation_no, o.metric_id, o.period_id, o.base_period_id,
       concat_ws(', ',
                 case when m.metric_id is null then 'metric not in metrics' end,
                 case when p.period_id is null then 'period not in periods' end,
                 case when o.base_period_id is not null and b.period_id is null
                      then 'base period not in periods' end) as problem
from observations o
left join metrics m on m.metric_id = o.metric_id
left join periods p on p.period_id = o.period_id
left join periods b on b.period_id = o.base_period_id
where (o.metric_id is not null and m.metric_id is null)
   or (o.period_id is not null and p.period_id is null) or (o.base_period_id is not null and b.period_id is null)
order by o.article_id, o.observation_no
"""

# A change_pct is a percent whatever the metric's unit; every other observation has the metric's unit.
UNIT_MISMATCHES_SQL = """
select o.article_id, o.observation_no, o.metric_id, o.kind, o.unit,
       case when o.kind = 'change_pct' then 'percent' else m.unit end as expected_unit
from observations o
join metrics m using (metric_id)
where o.unit <> case when o.kind = 'change_pct' then 'percent' else m.unit end
order by o.article_id, o.observation_no
"""

# The same statement recorded twice: same article, metric, period, kind, base, value and span.
DUPLICATES_SQL = """
select article_id, metric_id, period_id, kind, base_period_id, value, start_char, end_char,
       count(*) as copies,
       string_agg(observation_no::varchar, ', ' order by observation_no) as observation_nos
from observations
group by article_id, metric_id, period_id, kind, base_period_id, value, start_char, end_char
having count(*) > 1
order by article_id, start_char
"""

def span_problems(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """Observations whose span (text[start_char:end_char]) does not quote their number."""
    return con.execute(SPAN_PROBLEMS_SQL).df()


def unknown_references(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """Observations whose metric, period or base period is missing from ``metrics``/``periods``."""
    return con.execute(UNKNOWN_REFERENCES_SQL).df()


def unit_mismatches(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """Observations whose unit is not the catalogue's unit of their metric."""
    return con.execute(UNIT_MISMATCHES_SQL).df()


def duplicate_observations(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """Observation rows recorded more than once."""
    return con.execute(DUPLICATES_SQL).df()


def _result(con: duckdb.DuckDBPyConnection, sql: str, what: str) -> dg.AssetCheckResult:
    return check_result(*fetch_rows(con, sql), what)


def _read(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    return warehouse.read(context.op_execution_context)


@dg.asset_check(asset="observations", description="Every observation's span quotes its number.")
def spans_quote_their_numbers(context: dg.AssetCheckExecutionContext,
                              warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with _read(context, warehouse) as con:
        return _result(con, SPAN_PROBLEMS_SQL, "observations whose span does not quote their number")


@dg.asset_check(asset="observations", additional_deps=["metrics", "periods"],
                description="Every observation's metric and periods exist in `metrics` and `periods`.")
def references_exist(context: dg.AssetCheckExecutionContext,
                     warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with _read(context, warehouse) as con:
        return _result(con, UNKNOWN_REFERENCES_SQL, "observations with an unknown metric or period")


@dg.asset_check(asset="observations", additional_deps=["metrics"],
                description="Every observation's unit is its metric's unit in the catalogue.")
def units_match_catalogue(context: dg.AssetCheckExecutionContext,
                          warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with _read(context, warehouse) as con:
        return _result(con, UNIT_MISMATCHES_SQL, "observations whose unit is not the catalogue's")


@dg.asset_check(asset="observations", description="No observation row is recorded twice.")
def no_duplicate_observations(context: dg.AssetCheckExecutionContext,
                              warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with _read(context, warehouse) as con:
        return _result(con, DUPLICATES_SQL, "duplicated observation rows")

"""The derived layer as Dagster assets: one asset per file of ``sql/``, each with its own checks.

An asset's upstream keys are read from its SQL (``pipelines.derive.asset_deps``, sqlglot), so the lineage
the UI shows is the one the SQL has. Each asset runs its file only when its inputs changed
(``pipelines.derive.refresh_one``). Checks are queries that list offending rows; conflicts, contradictions
and inconsistent claims are facts about the news, not bugs, so they warn instead of failing.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.derive import asset_deps, derived_sql, refresh_one, refresh_relations

if TYPE_CHECKING:
    import pandas as pd

PREVIEW_ROWS = 5
CELL_CHARS = 80
EXAMPLES = 10
WARN = dg.AssetCheckSeverity.WARN
ERROR = dg.AssetCheckSeverity.ERROR


@dataclass(frozen=True)
class CheckQuery:
    asset: str
    name: str
    description: str
    what: str
    sql: str
    severity: dg.AssetCheckSeverity = ERROR


CHECKS = (
    CheckQuery("observation_precision", "ranges_hold_their_values", "Every interval holds its own value.",
               "observations whose interval leaves out their value",
               "select article_id, observation_no, value, lo, hi from internal.observation_precision "
               "where not (lo <= value and value <= hi) order by article_id, observation_no"),
    CheckQuery("chosen_observations", "one_value_per_series_and_period",
               "One chosen value per series (metric or indicator, place) and period.",
               "series-periods with more than one chosen value",
               "select metric_id, indicator_id, place_id, period_id, count(*) as n from chosen_observations "
               "group by all having count(*) > 1 order by all"),
    CheckQuery("series_changes", "no_overlapping_steps", "No step joins two flows of overlapping periods.",
               "steps between overlapping flows",
               "select s.* from series_changes s join periods f on f.period_id = s.from_period_id "
               "join periods t on t.period_id = s.to_period_id "
               "where s.from_as_of_date is null and s.to_as_of_date is null "
               "and f.start_date <= t.end_date and t.start_date <= f.end_date "
               "order by s.metric_id, s.place_id, s.to_period_id"),
    CheckQuery("series_changes", "stated_changes_agree", "Stated changes fit the computed intervals (a warning).",
               "pairs whose stated change contradicts the levels",
               "select metric_id, place_id, from_period_id, to_period_id, abs_change, stated_abs_change, "
               "stated_pct_change, stated_article_id from series_changes where agrees = false "
               "order by metric_id, place_id, to_period_id", WARN),
    CheckQuery("implied_observations", "implied_ranges_hold_their_values", "Every implied range holds its value.",
               "implied values outside their range",
               "select metric_id, period_id, value, lo, hi from implied_observations "
               "where not (lo <= value and value <= hi) order by metric_id, period_id"),
    CheckQuery("conflicts", "no_conflicts", "Series and periods whose sources disagree (a warning).",
               "metric-periods with disagreeing values",
               'select metric_id, place_id, period_id, "values", article_ids, sources from conflicts '
               "order by metric_id, place_id, period_id", WARN),
    CheckQuery("consistency_audit", "claims_add_up", "Arithmetic claims that do not add up (a warning).",
               "inconsistent arithmetic claims",
               "select article_id, check_kind, claim, stated, computed, tolerance, verdict from consistency_audit "
               "where verdict = 'inconsistent' order by article_id, claim", WARN),
    CheckQuery("consistency_audit", "no_contradicted_changes",
               "Stated changes that no value in the intervals satisfies (a warning).", "contradicted stated changes",
               "select article_id, period_id, claim, stated, computed, computed_low, computed_high "
               "from consistency_audit where verdict = 'contradicts' order by article_id, claim", WARN),
)


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """The column names and rows of a query, without pandas (a build need not import it)."""
    cursor = con.execute(sql)
    return [d[0] for d in cursor.description], cursor.fetchall()


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """A small markdown table of ``rows`` (no ``tabulate`` needed)."""
    if not rows:
        return "_no rows_"
    cells = [[_cell(v) for v in row] for row in rows]
    lines = ["| " + " | ".join(map(str, columns)) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def check_rows(con: duckdb.DuckDBPyConnection, name: str) -> "pd.DataFrame":
    """The offending rows of the check called ``name``."""
    return con.execute(next(c.sql for c in CHECKS if c.name == name)).df()


def conflict_rows(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    return check_rows(con, "no_conflicts")


def inconsistent_claims(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    return check_rows(con, "claims_add_up")


def check_result(columns: list[str], problems: list[tuple], what: str,
                 severity: dg.AssetCheckSeverity = ERROR) -> dg.AssetCheckResult:
    """Passed when no row offends; else the count and the first few rows as a table."""
    return dg.AssetCheckResult(
        passed=not problems, severity=severity,
        description=f"{len(problems)} {what}" if problems else f"no {what}",
        metadata={"count": len(problems),
                  "examples": dg.MetadataValue.md(markdown_table(columns, problems[:EXAMPLES]))})


def _description(name: str) -> str:
    header = derived_sql()[name].path.read_text(encoding="utf-8").splitlines()[0]
    return header.removeprefix("--").strip()


def _sql_asset(name: str, deps: list[str]) -> dg.AssetsDefinition:
    @dg.asset(name=name, group_name="derive", kinds={"duckdb"}, deps=deps, pool=WAREHOUSE_POOL,
              op_tags=WRITER_TAGS, description=_description(name))
    def _build(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
               warehouse: WarehouseResource) -> dg.MaterializeResult:
        relation = derived_sql()[name].creates
        with writing(context, warehouse, duckdb) as con:
            rebuilt = refresh_one(con, name)
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            preview = fetch_rows(con, f"select * from {relation} limit {PREVIEW_ROWS}")
        if not rebuilt:
            context.log.info(f"{name} is up to date: its inputs are unchanged since it was last built")
        return dg.MaterializeResult(metadata={"rows": rows, "rebuilt": rebuilt, "relation": relation,
                                              "preview": dg.MetadataValue.md(markdown_table(*preview))})
    return _build


def _check(check: CheckQuery) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=check.asset, name=check.name, description=check.description)
    def _run(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.read(context.op_execution_context) as con:
            columns, problems = fetch_rows(con, check.sql)
        return check_result(columns, problems, check.what, check.severity)
    return _run


@dg.asset(group_name="derive", kinds={"duckdb"}, deps=["metrics"], pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          description="How catalogue metrics relate (share, rate, sum), from "
                      "pipelines/catalogue/metric_relations.csv.")
def metric_relations(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                     warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writing(context, warehouse, duckdb) as con:
        loaded = refresh_relations(con)
        rows = con.execute("select count(*) from metric_relations").fetchone()[0]
    return dg.MaterializeResult(metadata={"rows": rows, "rebuilt": loaded})


def derived_assets() -> list[dg.AssetsDefinition]:
    """The relations asset and one asset per derived SQL file, in build order."""
    return [metric_relations, *(_sql_asset(name, deps) for name, deps in asset_deps().items())]


def derived_checks() -> list[dg.AssetChecksDefinition]:
    return [_check(c) for c in CHECKS]


defs = dg.Definitions(assets=derived_assets(), asset_checks=derived_checks())

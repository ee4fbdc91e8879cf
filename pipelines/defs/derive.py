"""Derived tables: chosen values, series changes, implied values, conflicts and the consistency audit."""

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.derive import refresh_derived

PREVIEW_ROWS = 5
CELL_CHARS = 80

def _derived_specs() -> list[dg.AssetSpec]:
    """One spec per derived table (a function, so the defs loader does not take them for extra assets)."""
    return [
        dg.AssetSpec("metric_relations", kinds={"duckdb"}, deps=["metrics"],
                     description="How catalogue metrics relate (share, rate, sum), from "
                                 "pipelines/catalogue/metric_relations.csv."),
        dg.AssetSpec("chosen_observations", kinds={"duckdb"}, deps=["observations", "articles", "periods"],
                     description="One level value per metric and period (reported before forecast, exact before "
                                 "approximate, then the later publication)."),
        dg.AssetSpec("series_changes", kinds={"duckdb"}, deps=["chosen_observations", "periods"],
                     description="Change between consecutive periods of each metric: absolute, percent, "
                                 "annualised."),
        dg.AssetSpec("implied_observations", kinds={"duckdb"}, deps=["observations", "articles"],
                     description="Levels at a base period implied by a change statement and the level "
                                 "beside it."),
        dg.AssetSpec("conflicts", kinds={"duckdb"}, deps=["observations", "articles", "implied_observations"],
                     description="Metrics and periods whose values disagree beyond their stated precision."),
        dg.AssetSpec("consistency_audit", kinds={"duckdb"},
                     deps=["observations", "articles", "metrics", "periods", "metric_relations"],
                     description="Arithmetic claims inside one article (shares, sums, rates, growth) checked."),
    ]


def markdown_table(df: pd.DataFrame) -> str:
    """A small markdown table of ``df`` (no ``tabulate`` needed)."""
    if df.empty:
        return "_no rows_"
    cells = [[_cell(v) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


@dg.multi_asset(group_name="derive", pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS, can_subset=False,
                specs=_derived_specs())
def derived_tables(context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse: WarehouseResource):
    """Rebuild every derived table from the SQL files in ``sql/`` when its inputs changed (see
    ``pipelines.derive``)."""
    with writing(context, warehouse, duckdb) as con:
        counts, rebuilt = refresh_derived(con)
        previews = {table: con.execute(f"select * from {table} limit {PREVIEW_ROWS}").df()
                    for table in counts}
    if not rebuilt:
        context.log.info("derived tables are up to date: their inputs are unchanged since the last build")
    for table, rows in counts.items():
        yield dg.MaterializeResult(asset_key=table, metadata={
            "rows": rows, "rebuilt": rebuilt, "preview": dg.MetadataValue.md(markdown_table(previews[table]))})

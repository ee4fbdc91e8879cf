"""The indicators asset: every indicator the articles state, with its nearest catalogue metric."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.catalogue import catalogue_dir, load_catalogue
from pipelines.core.lexicon import MetricLexicon
from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.indicators import indicator_rows
from pipelines.warehouse.store import replace_table


@dg.asset(group_name="extract", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          deps=["observations", "periods", "metrics"],
          description="One row per indicator key (catalogued or not): most common wording, unit, articles, "
                      "periods, places, an evidence sentence and the nearest catalogue metric.")
def indicators(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
               warehouse: WarehouseResource) -> dg.MaterializeResult:
    lexicon = MetricLexicon(load_catalogue(catalogue_dir()))
    with writing(context, warehouse, duckdb) as con:
        rows = indicator_rows(con, lexicon)
        replace_table(con, "indicators", rows)
    unmapped = sum(r["metric_id"] is None for r in rows)
    return dg.MaterializeResult(metadata={"rows": len(rows), "unmapped": unmapped})

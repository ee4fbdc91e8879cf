"""The indicators asset: every indicator the articles state, with its nearest catalogue metric."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.catalogue import catalogue_dir, load_catalogue
from pipelines.core.lexicon import MetricLexicon
from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.indicators import refresh_indicators


@dg.asset(group_name="extract", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          deps=["observations", "periods", "metrics"],
          description="One row per indicator key (catalogued or not): most common wording, unit, articles, "
                      "periods, places, an evidence sentence and the nearest catalogue metric.")
def indicators(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
               warehouse: WarehouseResource) -> dg.MaterializeResult:
    directory = catalogue_dir()
    lexicon = MetricLexicon(load_catalogue(directory))
    with writing(context, warehouse, duckdb) as con:
        computed = refresh_indicators(con, lexicon, directory)
        rows, unmapped = con.execute("select count(*), count(*) filter (where metric_id is null) "
                                     "from indicators").fetchone()
    return dg.MaterializeResult(metadata={"rows": rows, "unmapped": unmapped, "computed": computed})

"""Exports: charts, the evidence report and table files, written under the exports folder.

These assets only read the warehouse (``warehouse.read``): they hold no lock and never publish. The
exports folder is ``DX_EXPORTS_DIR`` when set, else ``exports/`` beside the warehouse file.
"""

import base64
import os
from pathlib import Path

import dagster as dg

from pipelines import charts, evidence, exports
from pipelines.config import settings
from pipelines.defs.resources import WarehouseResource

WAREHOUSE_TABLES = [
    "series_changes", "chosen_observations", "conflicts", "consistency_audit", "implied_observations",
    "observations", "mentions", "metrics", "periods", "articles",
]
EMBEDDED_CHARTS = 12


def exports_dir(warehouse: WarehouseResource) -> Path:
    """``DX_EXPORTS_DIR`` when set, else ``exports/`` beside the warehouse the run reads."""
    if os.environ.get("DX_EXPORTS_DIR"):
        return settings().exports_dir
    return warehouse.file.parent / "exports"


def _embedded(chart: charts.Chart) -> str:
    b64 = base64.b64encode(chart.png.read_bytes()).decode("ascii")
    return f"![{chart.name}](data:image/png;base64,{b64})"


def _chart_metadata(chart: charts.Chart | None) -> dict:
    if chart is None:
        return {"written": False}
    return {
        "written": True,
        "preview": dg.MetadataValue.md(_embedded(chart)),
        "png": dg.MetadataValue.path(str(chart.png)),
        "svg": dg.MetadataValue.path(str(chart.svg)),
    }


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          description="The integration-platform headline: NDXP daily transactions, the change annotated.")
def chart_headline(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        chart = charts.headline_chart(con, exports_dir(warehouse) / "charts")
    if chart is None:
        context.log.warning(f"no change of {charts.HEADLINE_METRIC} in series_changes: no headline chart")
        return dg.MaterializeResult(metadata=_chart_metadata(None))
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "change": chart.data["change_text"]})


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          description="One chart per metric with chosen levels in two or more periods.")
def charts_by_metric(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        written = charts.metric_charts(con, exports_dir(warehouse) / "charts")
    previews = "\n\n".join(f"**{c.data['metric_id']}**\n\n{_embedded(c)}" for c in written[:EMBEDDED_CHARTS])
    if len(written) > EMBEDDED_CHARTS:
        previews += f"\n\n… and {len(written) - EMBEDDED_CHARTS} more in the charts folder."
    return dg.MaterializeResult(metadata={
        "charts": len(written),
        "preview": dg.MetadataValue.md(previews or "no metric has two or more periods"),
        "files": dg.MetadataValue.json({c.data["metric_id"]: str(c.png) for c in written}),
    })


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          description="Small multiples of every metric with two or more periods, by domain.")
def chart_overview(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        chart = charts.overview_chart(con, exports_dir(warehouse) / "charts")
    panels = len(chart.data["panels"]) if chart else 0
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "panels": panels})


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"html"},
          description="A static HTML page per article with every number highlighted, and an index.")
def evidence_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = exports_dir(warehouse) / "evidence"
    with warehouse.read(context) as con:
        pages = evidence.evidence_report(con, out)
    return dg.MaterializeResult(metadata={
        "pages": len(pages),
        "observations_highlighted": sum(p.highlighted for p in pages),
        "index": dg.MetadataValue.path(str(out / "index.html")),
    })


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"csv", "parquet"},
          description="CSV and Parquet files of observations, series_changes and metrics.")
def table_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        written = exports.export_tables(con, exports_dir(warehouse) / "tables")
    return dg.MaterializeResult(metadata={
        **{f"{e.table}_rows": e.rows for e in written},
        "folder": dg.MetadataValue.path(str(exports_dir(warehouse) / "tables")),
    })

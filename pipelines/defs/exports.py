"""Exports: charts, the evidence report and table files, written under the exports folder.

These assets only read the warehouse (``warehouse.read``): they hold no lock and never publish. The
exports folder is ``DX_EXPORTS_DIR`` when set, else ``exports/`` beside the warehouse file. What is
charted (the headline's metric, place and periods; the selected indicators) is read from
``pipelines/catalogue/charts.toml`` (``DX_CHARTS_CONFIG``) on every run.
"""

import base64
import os
from pathlib import Path

import dagster as dg

from pipelines import charts, evidence, exports
from pipelines.chart_config import load_config
from pipelines.config import settings
from pipelines.defs.resources import WarehouseResource

WAREHOUSE_TABLES = [
    "series_changes", "chosen_observations", "conflicts", "consistency_audit", "implied_observations",
    "observations", "mentions", "metrics", "periods", "articles", "quarantine",
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
          description="The headline chosen in charts.toml (by default NDXP daily transactions, 2023 → Q1/2024), "
                      "its change called out.")
def chart_headline(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    config = load_config()
    with warehouse.read(context) as con:
        chart = charts.headline_chart(con, exports_dir(warehouse) / "charts", config=config)
    if chart is None:
        head = config.headline
        context.log.warning(f"no chosen level of {head.metric_id} in {head.place_id} for both "
                            f"{head.from_period_id} and {head.to_period_id}: no headline chart")
        return dg.MaterializeResult(metadata=_chart_metadata(None))
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "change": chart.data["change_text"]})


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          description="One chart per catalogue metric (and indicator selected in charts.toml) with two or more "
                      "periods.")
def charts_by_metric(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        written = charts.metric_charts(con, exports_dir(warehouse) / "charts", load_config())
    previews = "\n\n".join(f"**{c.data['metric_id']}**\n\n{_embedded(c)}" for c in written[:EMBEDDED_CHARTS])
    if len(written) > EMBEDDED_CHARTS:
        previews += f"\n\n… and {len(written) - EMBEDDED_CHARTS} more in the charts folder."
    return dg.MaterializeResult(metadata={
        "charts": len(written),
        "preview": dg.MetadataValue.md(previews or "no metric has two or more periods"),
        "files": dg.MetadataValue.json({c.name: str(c.png) for c in written}),
    })


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          description="Small multiples of every charted metric and selected indicator, by domain.")
def chart_overview(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        chart = charts.overview_chart(con, exports_dir(warehouse) / "charts", config=load_config())
    panels = len(chart.data["panels"]) if chart else 0
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "panels": panels})


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"html"},
          description="A static HTML page per article with every number highlighted and labelled, and an index "
                      "linking each article to its charts, conflicts, quarantine notes and indicators.")
def evidence_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = exports_dir(warehouse) / "evidence"
    with warehouse.read(context) as con:
        pages = evidence.evidence_report(con, out, charts.chart_stems(con, load_config()))
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

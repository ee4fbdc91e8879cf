"""Exports: charts, the evidence report and table files, written under the exports folder.

These assets only read the warehouse (``warehouse.read``): they hold no lock and never publish. The
exports folder is ``DX_EXPORTS_DIR`` when set, else ``exports/`` beside the warehouse file. What is
charted (the headline's metric, place and periods; the selected indicators) is read from
``pipelines/catalogue/charts.toml`` (``DX_CHARTS_CONFIG``) on every run. Each chart asset carries a
``drawn`` check: a chart that cannot be drawn fails that check (naming the chart and the error), not the
run, and the other charts are still drawn.
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
DRAWN = "drawn"


def _drawn_check(asset: str) -> list[dg.AssetCheckSpec]:
    return [dg.AssetCheckSpec(DRAWN, asset=asset, description="The chart could be drawn.")]


def _drawn(failures: dict[str, str], attempted: int) -> dg.AssetCheckResult:
    if not failures:
        return dg.AssetCheckResult(check_name=DRAWN, passed=True, description=f"{attempted} drawn")
    listed = "; ".join(f"{name}: {error}" for name, error in failures.items())
    return dg.AssetCheckResult(check_name=DRAWN, passed=False, severity=dg.AssetCheckSeverity.ERROR,
                               description=f"{len(failures)} of {attempted} could not be drawn: {listed}",
                               metadata={"failed": dg.MetadataValue.json(failures)})


def _error(e: Exception) -> str:
    """The error's type and the last line of its message (mathtext errors span several lines)."""
    lines = str(e).strip().splitlines()
    return f"{type(e).__name__}: {lines[-1]}" if lines else type(e).__name__


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
        **({"svg": dg.MetadataValue.path(str(chart.svg))} if chart.svg else {}),
    }


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          check_specs=_drawn_check("chart_headline"),
          description="The headline chosen in charts.toml (by default NDXP daily transactions, 2023 → Q1/2024), "
                      "its change called out.")
def chart_headline(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    config = load_config()
    try:
        with warehouse.read(context) as con:
            chart = charts.headline_chart(con, exports_dir(warehouse) / "charts", config=config)
    except Exception as e:
        context.log.error(f"the headline chart could not be drawn: {_error(e)}")
        return dg.MaterializeResult(metadata=_chart_metadata(None),
                                    check_results=[_drawn({"headline": _error(e)}, 1)])
    if chart is None:
        head = config.headline
        context.log.warning(f"no chosen level of {head.metric_id} in {head.place_id} for both "
                            f"{head.from_period_id} and {head.to_period_id}: no headline chart")
        return dg.MaterializeResult(metadata=_chart_metadata(None), check_results=[_drawn({}, 0)])
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "change": chart.data["change_text"]},
                                check_results=[_drawn({}, 1)])


def _metric_charts_one_by_one(con, out_dir: Path) -> tuple[list[charts.Chart], dict[str, str]]:
    """Every metric chart drawn on its own, so that one that cannot be drawn does not stop the others."""
    written, failures = [], {}
    for metric_id in charts.series_metrics(con):
        try:
            chart = charts.metric_chart(con, out_dir, metric_id)
        except Exception as e:
            failures[f"metric_{metric_id}"] = _error(e)
            continue
        if chart is not None:
            written.append(chart)
    return written, failures


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          check_specs=_drawn_check("charts_by_metric"),
          description="One chart per catalogue metric (and indicator selected in charts.toml) with two or more "
                      "periods.")
def charts_by_metric(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out_dir = exports_dir(warehouse) / "charts"
    with warehouse.read(context) as con:
        try:
            written, failures = charts.metric_charts(con, out_dir, load_config()), {}
        except Exception as e:
            context.log.error(f"drawing the metric charts failed ({_error(e)}); drawing them one by one")
            written, failures = _metric_charts_one_by_one(con, out_dir)
    for name, error in failures.items():
        context.log.error(f"chart {name} could not be drawn: {error}")
    previews = "\n\n".join(f"**{c.data['metric_id']}**\n\n{_embedded(c)}" for c in written[:EMBEDDED_CHARTS])
    if len(written) > EMBEDDED_CHARTS:
        previews += f"\n\n… and {len(written) - EMBEDDED_CHARTS} more in the charts folder."
    return dg.MaterializeResult(metadata={
        "charts": len(written),
        "preview": dg.MetadataValue.md(previews or "no metric has two or more periods"),
        "files": dg.MetadataValue.json({c.name: str(c.png) for c in written}),
    }, check_results=[_drawn(failures, len(written) + len(failures))])


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"matplotlib"},
          check_specs=_drawn_check("chart_overview"),
          description="Small multiples of every charted metric and selected indicator, by domain.")
def chart_overview(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    try:
        with warehouse.read(context) as con:
            chart = charts.overview_chart(con, exports_dir(warehouse) / "charts", config=load_config())
    except Exception as e:
        context.log.error(f"the overview chart could not be drawn: {_error(e)}")
        return dg.MaterializeResult(metadata={**_chart_metadata(None), "panels": 0},
                                    check_results=[_drawn({"overview": _error(e)}, 1)])
    panels = len(chart.data["panels"]) if chart else 0
    return dg.MaterializeResult(metadata={**_chart_metadata(chart), "panels": panels},
                                check_results=[_drawn({}, 1 if chart else 0)])


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

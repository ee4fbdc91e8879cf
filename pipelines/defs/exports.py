"""Exports: charts, the evidence report and table files, written under the exports folder.

These assets only read the warehouse (``warehouse.read``): they hold no lock and never publish. The
exports folder is ``DX_EXPORTS_DIR`` when set, else ``exports/`` beside the warehouse file. What is
charted (the headline's metric, place and periods; the selected indicators) is read from
``pipelines/catalogue/charts.toml`` (``DX_CHARTS_CONFIG``) on every run. Each chart asset carries a
``drawn`` check: a chart that cannot be drawn fails that check (naming the chart and the error), not the
run, and the other charts are still drawn.

In a ``dx build`` (which keeps a chart drawing server, ``pipelines.chart_pool``) the first export asset
of a run starts the work of every export asset the run executes, each in a thread of its own that reads
the warehouse (and hands its drawings to the server's workers), so that the headline, the metric charts,
the overview, the evidence report and the table files are made at the same time on every core; each
asset then waits for its own work and reports it as before.
"""

import base64
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import dagster as dg

from pipelines import chart_pool, charts, evidence, exports
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


# The work of each export asset: (connection, exports folder, charts.toml, how to draw) -> its result.
EXPORT_WORK = {
    "chart_headline": lambda con, out, config, draw: charts.headline_chart(con, out / "charts", config=config,
                                                                           draw=draw),
    "charts_by_metric": lambda con, out, config, draw: charts.metric_charts(con, out / "charts", config, draw=draw),
    "chart_overview": lambda con, out, config, draw: charts.overview_chart(con, out / "charts", config=config,
                                                                          draw=draw),
    "evidence_report": lambda con, out, config, draw: evidence.evidence_report(con, out / "evidence",
                                                                               charts.chart_stems(con, config)),
    "table_exports": lambda con, out, config, draw: exports.export_tables(con, out / "tables"),
}
_batches: dict[str, dict[str, Future]] = {}
_batches_guard = threading.Lock()


def _run_export_assets(context: dg.AssetExecutionContext) -> list[str]:
    """The export assets this run executes."""
    to_run = context.run.step_keys_to_execute
    names = {node.name for node in context.op_execution_context.job_def.nodes} & set(EXPORT_WORK)
    if to_run is not None:
        names &= {key.split("[")[0] for key in to_run}
    return sorted(names | {context.op_execution_context.op.name})


def _work(context: dg.AssetExecutionContext, warehouse: WarehouseResource, asset: str, config,
          draw: charts.Draw) -> object:
    with warehouse.read(context) as con:
        return EXPORT_WORK[asset](con, exports_dir(warehouse), config, draw)


def _export(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config) -> object:
    """What this asset's ``EXPORT_WORK`` returns (its error raised): done here, or, while a chart drawing
    server runs, taken from the run's batch of export work (started by the first export asset to ask)."""
    asset = context.op_execution_context.op.name
    if not chart_pool.active():
        return _work(context, warehouse, asset, config, charts.draw_jobs)
    run_id = context.run.run_id
    with _batches_guard:
        batch = _batches.get(run_id)
        if batch is None:
            names = _run_export_assets(context)
            threads = ThreadPoolExecutor(len(names), thread_name_prefix="dx-exports")
            batch = _batches[run_id] = {name: threads.submit(_work, context, warehouse, name, config,
                                                             chart_pool.draw) for name in names}
            threads.shutdown(wait=False)
        future = batch.pop(asset, None)
        if not batch:
            _batches.pop(run_id, None)
    if future is None:  # an asset the batch did not foresee
        return _work(context, warehouse, asset, config, chart_pool.draw)
    return future.result()


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
        chart = _export(context, warehouse, config)
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
    try:
        written, failures = _export(context, warehouse, load_config()), {}
    except Exception as e:
        context.log.error(f"drawing the metric charts failed ({_error(e)}); drawing them one by one")
        with warehouse.read(context) as con:
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
        chart = _export(context, warehouse, load_config())
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
    pages = _export(context, warehouse, load_config())
    return dg.MaterializeResult(metadata={
        "pages": len(pages),
        "observations_highlighted": sum(p.highlighted for p in pages),
        "index": dg.MetadataValue.path(str(out / "index.html")),
    })


@dg.asset(group_name="exports", deps=WAREHOUSE_TABLES, kinds={"csv", "parquet"},
          description="CSV and Parquet files of observations, series_changes and metrics.")
def table_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    written = _export(context, warehouse, load_config())
    return dg.MaterializeResult(metadata={
        **{f"{e.table}_rows": e.rows for e in written},
        "folder": dg.MetadataValue.path(str(exports_dir(warehouse) / "tables")),
    })

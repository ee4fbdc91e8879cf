"""The chart drawing server of ``dx build``: the same files and metadata as drawing in the run's process."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines import chart_pool, charts
from pipelines.defs import exports as export_defs
from pipelines.defs.resources import resources_for
from tests.output_fixtures import output_warehouse

pytestmark = pytest.mark.usefixtures("charts_loaded")  # see conftest.py

EXPORT_ASSETS = [export_defs.chart_headline, export_defs.charts_by_metric, export_defs.chart_overview,
                 export_defs.evidence_report, export_defs.table_exports]


@pytest.fixture
def server():
    chart_pool.start(2)
    yield
    chart_pool.stop()


def test_the_server_draws_every_job_and_raises_the_first_error(server):
    chart_pool.draw(charts._nfc, ["a", "b", "c"])
    with pytest.raises(TypeError):
        chart_pool.draw(charts._is_number, ["1", None, "2"])
    chart_pool.draw(charts._nfc, ["still serving"])


def test_without_a_server_draw_runs_the_jobs_here():
    assert not chart_pool.active()
    chart_pool.draw(charts._nfc, ["a"])
    with pytest.raises(TypeError):
        chart_pool.draw(charts._is_number, [None])


def test_without_fork_start_leaves_drawing_here(monkeypatch):
    def no_fork(method=None):
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(chart_pool.multiprocessing, "get_context", no_fork)
    chart_pool.start(2)
    assert not chart_pool.active()
    chart_pool.draw(charts._nfc, ["drawn here"])


def test_a_worker_that_dies_fails_its_job_instead_of_hanging(server):
    with pytest.raises(Exception):  # noqa: B017 - the pool's error (BrokenProcessPool) or the server's
        chart_pool.draw(os._exit, [3])


def test_stop_ends_the_server():
    chart_pool.start(1)
    process = chart_pool._server._process
    chart_pool.stop()
    assert not process.is_alive() and not chart_pool.active()
    chart_pool.stop()  # a second stop does nothing


def _exports(warehouse: Path) -> tuple[dict[str, str], dict[str, dict]]:
    result = dg.materialize(EXPORT_ASSETS, resources=resources_for(warehouse))
    assert result.success
    root = warehouse.parent / "exports"
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}
    metadata = {e.asset_key.to_user_string(): {k: v.value for k, v in e.materialization.metadata.items()
                                               if k not in ("png", "index", "folder", "files", "preview")}
                for e in result.get_asset_materialization_events()}
    checks = {(c.asset_key.to_user_string(), c.check_name): (c.passed, c.description)
              for c in result.get_asset_check_evaluations()}
    return files, {**metadata, "checks": checks}


def test_a_run_with_the_server_writes_what_a_run_without_it_writes(tmp_path_factory, tmp_path):
    built = output_warehouse(tmp_path_factory.mktemp("pool") / "dx.duckdb")
    here, served = tmp_path / "here" / "dx.duckdb", tmp_path / "served" / "dx.duckdb"
    for path in (here, served):
        path.parent.mkdir()
        shutil.copyfile(built, path)
    expected = _exports(here)
    chart_pool.start(2)
    try:
        got = _exports(served)
    finally:
        chart_pool.stop()
    assert got == expected
    assert any(name.startswith("charts/metric_") for name in got[0])
    assert export_defs._batches == {}

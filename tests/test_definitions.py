"""The Dagster code location loads, with every layer's assets, and passes ``dg check defs``."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.config import settings
from pipelines.definitions import defs
from pipelines.warehouse import publish

ROOT = Path(__file__).resolve().parent.parent


def test_definitions_hold_every_layer():
    definitions = defs()
    keys = {k.to_user_string() for k in definitions.resolve_asset_graph().get_all_asset_keys()}
    assert {"metrics", "articles", "quarantine", "dropped_text", "mentions", "observations", "periods"} <= keys
    assert {"series_changes", "implied_observations", "conflicts", "consistency_audit"} <= keys
    warehouse = settings().warehouse.resolve()
    assert isinstance(definitions.resources["duckdb"], DuckDBResource)
    assert definitions.resources["duckdb"].database == str(publish.staging_path(warehouse))
    assert definitions.resources["warehouse"].path == str(warehouse)


def test_writers_share_one_pool():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    pools = {graph.get(k).pools and next(iter(graph.get(k).pools)) for k in
             (dg.AssetKey("articles"), dg.AssetKey("observations"), dg.AssetKey("series_changes"))}
    assert pools == {"dx_warehouse"}


def test_dg_check_defs_passes(tmp_path):
    dg_bin = shutil.which("dg", path=str(Path(sys.executable).parent))
    assert dg_bin, "dg (dagster-dg-cli) is not installed in the project environment"
    env = {**os.environ, "DX_WAREHOUSE": str(tmp_path / "dx.duckdb"), "DAGSTER_HOME": str(tmp_path)}
    out = subprocess.run([dg_bin, "check", "defs"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr

"""Analysts try SQL from sql/ on a throw-away copy; the warehouse itself is left as it was."""

import hashlib

import pytest

from pipelines import analysis
from tests.output_fixtures import output_warehouse


def test_sql_files_run_on_a_scratch_copy(tmp_path):
    warehouse = output_warehouse(tmp_path / "dx.duckdb")
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    with analysis.scratch(warehouse) as con:
        con.execute("delete from chosen_observations")
        con.execute("delete from observations where metric_id = 'ndxp_daily_transactions' and period_id = '2023'")
        analysis.run_sql_file(con, "chosen_observations")
        changes = analysis.run_sql_file(con, "series_changes")
    assert "ndxp_daily_transactions" not in set(changes.metric_id)
    assert "digital_economy_growth_rate" in set(changes.metric_id)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert "ndxp_daily_transactions" in set(analysis.load("series_changes", warehouse).metric_id)


def test_run_sql_file_refuses_paths(tmp_path):
    warehouse = output_warehouse(tmp_path / "dx.duckdb")
    with analysis.scratch(warehouse) as con, pytest.raises(ValueError):
        analysis.run_sql_file(con, "../secrets")

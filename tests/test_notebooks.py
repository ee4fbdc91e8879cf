"""The analyst notebooks run top to bottom against a warehouse given by DX_WAREHOUSE, and are kept clean."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.output_fixtures import output_warehouse
from tests.support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_overview.ipynb", "02_integration_platform_growth.ipynb", "03_source_audit.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("nb") / "dx.duckdb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("DX_WAREHOUSE", str(warehouse))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"warehouse: {warehouse}" in printed
    if path.stem == "02_integration_platform_growth":
        assert "1.6M (2023) → ≈2.8M (Q1/2024):  ≈+1.2M (≈+75%)" in printed
        assert any("image/png" in o.get("data", {}) for o in outputs)

"""The analyst notebooks run top to bottom against a warehouse given by DX_WAREHOUSE, and are kept clean.

nbformat and nbclient are imported by the tests that use them, not at collection: nbformat imports jsonschema,
whose URI grammars take seconds to build, and every xdist worker collects this file. Nor are the grammars built
when the tests import it (:func:`nbformat_without_iri_formats`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse.store import ensure_schema, insert_rows
from tests.output_fixtures import output_warehouse
from tests.support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def nbformat_without_iri_formats():
    """nbformat, imported without the optional ``rfc3987_syntax`` (1.6 s of grammar building, for jsonschema's
    ``iri`` format checkers). nbformat validates with no format checker, so a notebook validates as with it."""
    if "jsonschema" not in sys.modules:
        blocked = "rfc3987_syntax" not in sys.modules
        if blocked:
            sys.modules["rfc3987_syntax"] = None  # an import of it raises ImportError: jsonschema skips those formats
        try:
            import jsonschema  # noqa: F401
        finally:
            if blocked:
                del sys.modules["rfc3987_syntax"]
    import nbformat

    return nbformat


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_overview.ipynb", "02_integration_platform_growth.ipynb", "03_source_audit.ipynb",
        "04_catalogue_gaps.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nbformat = nbformat_without_iri_formats()

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
    nbformat = nbformat_without_iri_formats()
    from nbclient import NotebookClient

    monkeypatch.setenv("DX_WAREHOUSE", str(warehouse))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"warehouse: {warehouse}" in printed
    if path.stem == "02_integration_platform_growth":
        assert "1.6M (2023) → ≈2.8M (Q1/2024):  +1.1M to +1.3M (+67% to +84%)" in printed
        assert any("image/png" in o.get("data", {}) for o in outputs)
    if path.stem == "04_catalogue_gaps":
        empty = not _indicator_rows(warehouse)
        assert ("The indicators table is empty" in printed) == empty
        assert "unmapped indicators; match threshold" in printed


def _indicator_rows(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from indicators").fetchone()[0]


def test_catalogue_gaps_notebook_ranks_unmapped_indicators(tmp_path, monkeypatch):
    nbformat = nbformat_without_iri_formats()
    from nbclient import NotebookClient

    path = tmp_path / "gaps.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_schema(con)
        insert_rows(con, "indicators", [
            {"indicator_id": "thue-bao-5g", "subject": "thuê bao 5G", "unit": "count", "n_observations": 2,
             "n_articles": 2, "nearest_metric_id": "smartphone_subscribers", "nearest_score": 27.6},
            {"indicator_id": "tram-5g", "subject": "trạm phát sóng 5G", "unit": "count", "n_observations": 5,
             "n_articles": 1},
            {"indicator_id": "doanh-nghiep-cong-nghe-so", "subject": "doanh nghiệp công nghệ số", "unit": "count",
             "n_observations": 9, "n_articles": 4, "metric_id": "digital_tech_firms"}])
    monkeypatch.setenv("DX_WAREHOUSE", str(path))
    nb = nbformat.read(ROOT / "notebooks" / "04_catalogue_gaps.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                      if o.output_type == "stream")
    assert "2 unmapped indicators" in printed
    assert printed.index("thue_bao_5g,count,digital_infrastructure") < printed.index("tram_phat_song_5g,count")

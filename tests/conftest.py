"""Fixtures shared by the whole session."""

from __future__ import annotations

import pytest

from tests.pipeline_runs import BuildCache


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory, worker_id) -> BuildCache:
    """Fresh warehouse builds shared by every test of the session (and by the xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    return BuildCache((base.parent if worker_id != "master" else base) / "built-warehouses")

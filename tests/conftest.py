"""Fixtures shared by the whole session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.pipeline_runs import BuildCache

# No per-example time limit: on a shared machine a slow example is load, not a failure (speed is measured
# by benchmarks/, never asserted in tests). The number of examples stays hypothesis's default.
settings.register_profile("dx", deadline=None)
settings.load_profile("dx")


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory) -> BuildCache:
    """Fresh warehouse builds shared by every test of the session (and by the xdist workers, whose temporary
    folders share a parent)."""
    base = tmp_path_factory.getbasetemp()
    return BuildCache((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "built-warehouses")

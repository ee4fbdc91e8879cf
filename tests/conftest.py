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

# The files that take longest, longest first. They are collected first so that ``pytest -n`` (which hands whole
# files to its workers, see ``--dist loadfile`` in pyproject.toml) starts them early and the short files fill in
# around them, instead of one worker ending alone on a long file. A file not listed keeps its place after these.
SLOW_FIRST = [
    "test_faults.py", "test_derived.py", "test_skip_unchanged.py", "test_outputs.py", "test_raw_folder_guard.py",
    "test_bad_inputs.py", "test_incremental.py", "test_notebooks.py", "test_honest_charts.py",
    "test_hostile_text.py", "test_definitions.py", "test_derived_partial.py", "test_cli.py", "test_checks.py",
]


def pytest_collection_modifyitems(items):
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory) -> BuildCache:
    """Fresh warehouse builds shared by every test of the session (and by the xdist workers, whose temporary
    folders share a parent)."""
    base = tmp_path_factory.getbasetemp()
    return BuildCache((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "built-warehouses")

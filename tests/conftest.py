"""Fixtures shared by the whole session."""

from __future__ import annotations

import compileall
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.pipeline_runs import BuildCache

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        # No per-example time limit: on a shared machine a slow example is load, not a failure (speed is measured
        # by benchmarks/, never asserted in tests). The number of examples stays hypothesis's default. Not in the
        # xdist controller, which runs no test (nor imports hypothesis, Dagster or the pipeline: see build_cache).
        from hypothesis import settings

        settings.register_profile("dx", deadline=None)
        settings.load_profile("dx")
    if not hasattr(config, "workerinput"):
        # The project's own bytecode, written once before the workers start: with PYTHONDONTWRITEBYTECODE set (as on
        # the shared machine) every worker and every child process (dx build, notebook kernels, dg) would otherwise
        # compile pipelines/ and the test helpers from source, some 2 s of each worker's collection. uv writes the
        # dependencies' bytecode at install (pyproject.toml); the __pycache__ folders are git-ignored.
        helpers = re.compile(r"(^|/)(test_[^/]*|conftest)\.py$")  # pytest rewrites and caches these itself
        compileall.compile_dir(ROOT / "pipelines", quiet=2, workers=1)
        compileall.compile_dir(ROOT / "tests", maxlevels=0, rx=helpers, quiet=2, workers=1)


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
    from tests.pipeline_runs import BuildCache

    base = tmp_path_factory.getbasetemp()
    return BuildCache((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "built-warehouses")


@pytest.fixture(scope="session")
def charts_loaded() -> None:
    """matplotlib loaded and warmed up in this process (``pipelines.charts.warm_up``, as the drawing server of
    ``dx build`` does), so that the worker processes a drawing of four charts or more forks from it do not each
    import matplotlib and read its fonts again."""
    from pipelines import charts

    charts.warm_up()

"""Session-wide fixtures and the hypothesis profiles.

Hypothesis runs ``HYPOTHESIS_PROFILE=default`` (few examples, so the suite stays quick) unless another
profile is asked for: ``HYPOTHESIS_PROFILE=thorough pytest tests/test_fuzz.py tests/test_mentions.py`` runs
ten times as many.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.pipeline_runs import BuildCache

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=600, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory, worker_id) -> BuildCache:
    """Fresh warehouse builds shared by every test of the session (and by the xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    return BuildCache((base.parent if worker_id != "master" else base) / "built-warehouses")

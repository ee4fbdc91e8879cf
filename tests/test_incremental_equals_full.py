"""A warehouse kept up to date run by run holds what a build from scratch of the same folder holds.

The corpus is generated (``benchmarks/generate_corpus.py``) and large enough for the extraction to go to
worker processes, so the first build and the build from scratch take that path, and the incremental run
(three articles) the in-process one: equal tables also say the two paths give the same rows.
"""

from __future__ import annotations

import sys

from pipelines.derive import derived_tables
from pipelines.warehouse.extract_workers import PARALLEL_FROM
from tests.pipeline_runs import build, snapshot, use_folder
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_corpus import generate_corpus  # noqa: E402

ARTICLES = PARALLEL_FROM + 6


def test_added_changed_and_removed_articles_give_the_tables_of_a_fresh_build(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    generate_corpus(ARTICLES, raw)
    kept = tmp_path / "kept" / "dx.duckdb"
    use_folder(monkeypatch, raw, kept)
    build(kept)
    first = snapshot(kept, skip_timestamps=True)

    papers = sorted(raw.glob("*.txt"))
    papers[0].unlink()
    changed = papers[1].read_text(encoding="utf-8")
    papers[1].write_text(changed.replace("2", "3", 5), encoding="utf-8")
    generate_corpus(1, raw, first=ARTICLES)
    build(kept)
    kept_up = snapshot(kept, skip_timestamps=True)

    fresh = tmp_path / "fresh" / "dx.duckdb"
    use_folder(monkeypatch, raw, fresh)
    build(fresh)
    from_scratch = snapshot(fresh, skip_timestamps=True)

    derived = {"metric_relations", *derived_tables().values()}
    assert derived <= set(from_scratch)
    assert kept_up["observations"] != first["observations"]
    assert any(kept_up[table] != first[table] for table in derived)
    for table in sorted(derived) + sorted(set(from_scratch) - derived):
        assert kept_up[table] == from_scratch[table], table
    assert set(kept_up) == set(from_scratch)

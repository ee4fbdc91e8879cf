"""Incremental runs: unchanged articles are not read again, changes replace, removals delete, reruns agree."""

from __future__ import annotations

import csv
import pathlib
import shutil

import pytest

from pipelines.core import articles as articles_module
from pipelines.core import batch
from tests.pipeline_runs import (
    SAMPLE_IDS,
    article_ids,
    build,
    query,
    raw_folder,
    snapshot,
    use_folder,
    write_manifest,
)
from tests.support import RAW

PER_ARTICLE = ("articles", "dropped_text", "mentions", "observations", "internal.extraction_state")


@pytest.fixture
def site(tmp_path, monkeypatch, build_cache):
    """A raw folder with three sample articles and a warehouse built from it."""
    raw = raw_folder(tmp_path / "raw", SAMPLE_IDS[:3])
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    build_cache.build(warehouse)
    return raw, warehouse


def rows_of(warehouse, article_id: str) -> dict[str, list[tuple]]:
    """Every row of the per-article tables that belongs to ``article_id``, timestamps left out."""
    snap = snapshot(warehouse, skip_timestamps=True)
    return {t: [r for r in snap[t] if r[0] == article_id] for t in PER_ARTICLE}


def refuse(*_args, **_kwargs):
    raise AssertionError("an unchanged article was extracted again")


def test_rerun_without_change_gives_the_same_warehouse_byte_for_byte(site, monkeypatch):
    raw, warehouse = site
    (raw / "empty.txt").write_bytes(b"")
    build(warehouse)
    before = snapshot(warehouse)
    assert before["articles"] and before["observations"] and before["quarantine"]
    known = set(article_ids(warehouse))
    real_read = articles_module.read_article

    def read_unknown_only(path, *args, **kwargs):
        assert path.stem not in known, f"{path.name} is unchanged but was decoded again"
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(articles_module, "read_article", read_unknown_only)
    monkeypatch.setattr(batch, "extract_article", refuse)
    build(warehouse)
    after = snapshot(warehouse)
    assert list(after) == list(before)
    for table in before:
        assert after[table] == before[table], f"{table} changed on a run with nothing new"


def test_changed_article_replaces_only_its_own_rows(site):
    raw, warehouse = site
    changed, kept = SAMPLE_IDS[0], SAMPLE_IDS[1]
    kept_before = rows_of(warehouse, kept)
    text = (raw / f"{changed}.txt").read_text(encoding="utf-8")
    (raw / f"{changed}.txt").write_text(text + "\nTrong năm, tỉnh có thêm 4321 doanh nghiệp công nghệ số.\n",
                                        encoding="utf-8")
    build(warehouse)
    assert rows_of(warehouse, kept) == kept_before
    new_text = query(warehouse, "select text from articles where article_id = ?", [changed])[0][0]
    assert "4321 doanh nghiệp" in new_text
    assert query(warehouse, "select count(*) from mentions where article_id = ? and raw like '%4321%'",
                 [changed])[0][0] == 1
    state_sha = query(warehouse, "select s.sha256 = a.sha256 from internal.extraction_state s join articles a "
                                 "using (article_id) where article_id = ?", [changed])
    assert state_sha == [(True,)]


def test_removed_article_leaves_no_row_in_any_table(site):
    raw, warehouse = site
    gone = SAMPLE_IDS[1]
    assert rows_of(warehouse, gone)["observations"]
    (raw / f"{gone}.txt").unlink()
    build(warehouse)
    assert gone not in article_ids(warehouse)
    snap = snapshot(warehouse)
    for table, rows in snap.items():
        assert not any(gone in repr(row) for row in rows), f"{table} still refers to {gone}"


def test_manifest_period_change_extracts_the_article_again(site):
    raw, warehouse = site
    target = SAMPLE_IDS[1]
    with open(raw / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["article_id"] == target:
            row["period_id"] = "2021"
    write_manifest(raw, rows)
    build(warehouse)
    assert query(warehouse, "select period_id from articles where article_id = ?", [target]) == [("2021",)]
    state = query(warehouse, "select period_id from internal.extraction_state where article_id = ?", [target])
    assert state == [("2021",)]
    assert query(warehouse, "select count(*) from periods where period_id = '2021'") == [(1,)]


def test_incremental_runs_end_where_a_fresh_build_does(site, tmp_path, monkeypatch):
    raw, warehouse = site
    (raw / f"{SAMPLE_IDS[0]}.txt").unlink()
    shutil.copyfile(RAW / f"{SAMPLE_IDS[3]}.txt", raw / f"{SAMPLE_IDS[3]}.txt")
    text = (raw / f"{SAMPLE_IDS[2]}.txt").read_text(encoding="utf-8")
    (raw / f"{SAMPLE_IDS[2]}.txt").write_text(text.replace("\n\n", "\n\nNăm 2023 có 777 xã.\n\n", 1),
                                              encoding="utf-8")
    with open(RAW / "manifest.csv", encoding="utf-8", newline="") as f:
        write_manifest(raw, [r for r in csv.DictReader(f) if r["article_id"] in SAMPLE_IDS[1:4]])
    build(warehouse)
    fresh = tmp_path / "fresh" / "dx.duckdb"
    build(fresh)
    incremental, rebuilt = snapshot(warehouse, skip_timestamps=True), snapshot(fresh, skip_timestamps=True)
    assert list(incremental) == list(rebuilt)
    for table in rebuilt:
        assert incremental[table] == rebuilt[table], f"{table} differs from a fresh build"


def test_copy_of_an_article_already_in_the_warehouse_is_a_duplicate(site):
    raw, warehouse = site
    before = article_ids(warehouse)
    shutil.copyfile(raw / f"{SAMPLE_IDS[2]}.txt", raw / "000_repost.txt")
    build(warehouse)
    assert article_ids(warehouse) == before
    reasons = query(warehouse, "select reason, detail from quarantine where source_path = '000_repost.txt'")
    assert [r[0] for r in reasons] == ["duplicate"]
    assert SAMPLE_IDS[2] in reasons[0][1]


def test_quarantine_keeps_the_time_a_problem_was_first_seen(site):
    raw, warehouse = site
    (raw / "empty.txt").write_bytes(b"  \n")
    build(warehouse)
    first = query(warehouse, "select detected_at from quarantine where source_path = 'empty.txt'")
    (raw / "other.txt").write_bytes(b"")
    build(warehouse)
    assert query(warehouse, "select detected_at from quarantine where source_path = 'empty.txt'") == first
    assert len(query(warehouse, "select * from quarantine where source_path = 'other.txt'")) == 1


def test_ordered_map_keeps_order_and_reads_its_input_lazily():
    consumed = []

    def texts():
        for n in range(2000):
            consumed.append(n)
            yield "x" * n

    results = batch.ordered_map(len, texts(), workers=2, chunk=10)
    assert next(results) == 0
    assert len(consumed) < 200, "a large batch must not be read into memory before the workers start"
    assert list(results) == list(range(1, 2000))
    assert list(batch.ordered_map(len, ["ab", "c"], workers=2)) == [2, 1]


def raw_reads(monkeypatch, raw) -> list[str]:
    """The names of the files of ``raw`` read from now on."""
    reads: list[str] = []
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.parent == raw:
            reads.append(self.name)
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    return reads


def test_a_run_with_nothing_changed_reads_no_raw_file_unless_told_to(site, monkeypatch):
    raw, warehouse = site
    build(warehouse)  # the cached warehouse was built from another folder: its stat cache is refreshed here
    before = snapshot(warehouse)
    stats = query(warehouse, "select * from cache.raw_files order by all")
    assert [r[0] for r in stats] == [f"{i}.txt" for i in SAMPLE_IDS[:3]]
    reads = raw_reads(monkeypatch, raw)
    build(warehouse)
    assert reads == []
    assert snapshot(warehouse) == before
    monkeypatch.setenv("DX_REREAD_RAW", "1")
    build(warehouse)
    assert sorted(reads) == [f"{i}.txt" for i in SAMPLE_IDS[:3]]
    assert snapshot(warehouse) == before
    assert query(warehouse, "select * from cache.raw_files order by all") == stats


def test_only_the_file_with_a_new_stat_is_read(site, monkeypatch):
    raw, warehouse = site
    build(warehouse)
    touched = raw / f"{SAMPLE_IDS[1]}.txt"
    touched.write_bytes(touched.read_bytes())
    reads = raw_reads(monkeypatch, raw)
    build(warehouse)
    assert reads == [touched.name], "the same bytes with a new stat are hashed, not decoded"
    reads.clear()
    build(warehouse)
    assert reads == []


def test_a_failed_run_leaves_the_stat_cache_as_it_was(site, monkeypatch):
    raw, warehouse = site
    build(warehouse)
    before = query(warehouse, "select * from cache.raw_files order by all")
    changed = raw / f"{SAMPLE_IDS[0]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNăm 2024 có thêm 4321 xã.\n", encoding="utf-8")
    monkeypatch.setattr(batch, "extract_article", refuse)
    assert not build(warehouse, raise_on_error=False).success
    assert query(warehouse, "select * from cache.raw_files order by all") == before
    monkeypatch.undo()
    use_folder(monkeypatch, raw, warehouse)
    reads = raw_reads(monkeypatch, raw)
    build(warehouse)
    assert changed.name in reads
    assert query(warehouse, "select count(*) from mentions where article_id = ? and raw like '%4321%'",
                 [SAMPLE_IDS[0]]) == [(1,)]


def test_an_ingest_committed_in_parts_publishes_all_or_nothing(site, monkeypatch, tmp_path):
    """Ingest commits to the staging copy every few batches; a run failing after such a commit still
    publishes nothing, and one that succeeds ends where a run in one part does."""
    from pipelines.defs import ingest

    raw, warehouse = site
    build(warehouse)
    for n in (3, 4):
        shutil.copyfile(RAW / f"{SAMPLE_IDS[n]}.txt", raw / f"{SAMPLE_IDS[n]}.txt")
    before = snapshot(warehouse)
    stats = query(warehouse, "select * from cache.raw_files order by all")
    in_one = tmp_path / "one" / "dx.duckdb"
    shutil.copytree(warehouse.parent, in_one.parent)
    use_folder(monkeypatch, raw, in_one)
    build(in_one)
    monkeypatch.setattr(ingest, "INSERT_BATCH", 1)
    monkeypatch.setattr(ingest, "COMMIT_CHARS", 1)
    commits = []
    real_commit = ingest._commit_so_far
    monkeypatch.setattr(ingest, "_commit_so_far", lambda con: (commits.append(1), real_commit(con)))
    real_replace = ingest.replace_table

    def failing_replace(con, table, rows):
        if table == "quarantine":
            raise RuntimeError("disk full")
        return real_replace(con, table, rows)

    use_folder(monkeypatch, raw, warehouse)
    monkeypatch.setattr(ingest, "replace_table", failing_replace)
    assert not build(warehouse, raise_on_error=False).success
    assert len(commits) == 2
    assert snapshot(warehouse) == before
    assert query(warehouse, "select * from cache.raw_files order by all") == stats
    monkeypatch.setattr(ingest, "replace_table", real_replace)
    build(warehouse)
    assert snapshot(warehouse, skip_timestamps=True) == snapshot(in_one, skip_timestamps=True)

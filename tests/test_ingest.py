"""Ingest of the raw folder: the sample articles, the manifest and its fallback, the tables it loads."""

import dataclasses
import hashlib
import os
import pathlib
import shutil
import unicodedata

import dagster as dg
import duckdb
import pytest

from pipelines.core import articles as articles_module
from pipelines.core.articles import scan, scan_batches, stat_cache
from pipelines.core.manifest import read_manifest
from pipelines.defs.extract import extracted, periods
from pipelines.defs.ingest import metrics, raw_articles
from pipelines.defs.resources import resources_for
from tests.support import RAW, spec_rows

SEED_PERIODS = {r["article"]: r["period_id"] for r in spec_rows("seed_periods.csv")}


@pytest.fixture(scope="module")
def sample_scan():
    return scan(RAW, read_manifest(RAW / "manifest.csv"))


def test_samples_ingest_with_manifest_periods(sample_scan):
    assert not sample_scan.problems
    got = {a.article_id: (a.period_id, a.period_source) for a in sample_scan.articles}
    assert got == {k: (v, "manifest") for k, v in SEED_PERIODS.items()}


def test_articles_are_hashed_normalised_and_stripped(sample_scan):
    for a in sample_scan.articles:
        raw = (RAW / a.source_path).read_bytes()
        assert a.sha256 == hashlib.sha256(raw).hexdigest()
        assert unicodedata.is_normalized("NFC", a.text)
        for furniture in ("Thống kê truy cập", "Đăng nhập", "Tổng số điểm của bài viết", "Đang online"):
            assert furniture not in a.text
        assert a.title and len(a.title) <= 200
    dropped = {a.article_id: a.dropped for a in sample_scan.articles}
    assert any("973 0" in d.text for d in dropped["001_af5b6a78750517ed"])


def test_published_dates_come_from_the_manifest_or_the_page(sample_scan):
    published = {a.article_id: a.published_date for a in sample_scan.articles}
    for row in spec_rows("seed_periods.csv"):
        if row["published"]:
            assert published[row["article"]].isoformat() == row["published"]


def test_without_manifest_the_period_falls_back_to_the_text(tmp_path):
    for f in RAW.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    result = scan(tmp_path, {})
    assert not result.problems
    got = {a.article_id: a.period_id for a in result.articles}
    assert got == SEED_PERIODS
    assert all(a.period_source != "manifest" for a in result.articles)


def test_without_manifest_or_period_cue_the_month_of_publication_is_used(tmp_path):
    (tmp_path / "note.txt").write_text(
        "Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng số\n\nCập nhật: 15/03/2025\n"
        "Hơn 120 cán bộ, công chức cấp xã tham gia lớp tập huấn về an toàn thông tin.\n", encoding="utf-8")
    result = scan(tmp_path, {})
    assert [(a.period_id, a.published_date.isoformat()) for a in result.articles] == [("2025-03", "2025-03-15")]


def test_unchanged_files_are_not_read_again(tmp_path, sample_scan):
    shutil.copy(RAW / "001_af5b6a78750517ed.txt", tmp_path)
    manifest = read_manifest(RAW / "manifest.csv")
    first = scan(tmp_path, manifest)
    known = {a.article_id: a.fingerprint for a in first.articles}
    again = scan(tmp_path, manifest, known)
    assert again.articles == [] and again.unchanged == ["001_af5b6a78750517ed"]


def test_ingest_assets_load_the_contract_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("DX_RAW_DIR", str(RAW))
    warehouse = tmp_path / "dx.duckdb"
    result = dg.materialize([metrics, raw_articles, extracted, periods], resources=resources_for(warehouse))
    assert result.success
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from metrics").fetchone()[0] == 87
        arts = dict(con.execute("select article_id, period_id from articles").fetchall())
        assert arts == SEED_PERIODS
        labels = dict(con.execute("select period_id, period_label from periods").fetchall())
        assert {labels[p] for p in SEED_PERIODS.values()} == {"Q1/2024", "2023", "H1/2024", "10/2024"}
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 0
        cols = {r[0] for r in con.execute("describe articles").fetchall()}
        assert {"article_id", "title", "published_date", "period_id", "source_path", "sha256", "text"} <= cols
    finally:
        con.close()


# --- the stat cache and batches ---------------------------------------------------------------------

def counted_reads(monkeypatch) -> list[str]:
    """The names of the files read from now on (``Path.read_bytes``, as the scan reads)."""
    reads: list[str] = []
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        reads.append(self.name)
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    return reads


def scanned_once(folder, manifest) -> tuple[dict[str, str], dict]:
    """Scan ``folder`` as a first run does: the known fingerprints and the stat cache it leaves."""
    first = scan(folder, manifest)
    assert first.articles
    known = {a.article_id: a.fingerprint for a in first.articles}
    return known, stat_cache(first, {a.source_path: a.sha256 for a in first.articles})


@pytest.fixture
def two_samples(tmp_path):
    names = sorted(p.name for p in RAW.glob("*.txt"))[:2]
    for name in names:
        shutil.copy(RAW / name, tmp_path)
    return tmp_path, [tmp_path / n for n in names], read_manifest(RAW / "manifest.csv")


def test_a_file_whose_stat_is_cached_is_not_read_again(two_samples, monkeypatch):
    folder, paths, manifest = two_samples
    known, cache = scanned_once(folder, manifest)
    assert set(cache) == {p.name for p in paths}
    reads = counted_reads(monkeypatch)
    again = scan(folder, manifest, known, cache=cache)
    assert reads == []
    assert again.articles == [] and again.unchanged == [p.stem for p in paths]
    assert stat_cache(again, {}) == cache


def test_without_the_cache_every_known_file_is_read_and_hashed(two_samples, monkeypatch):
    folder, paths, manifest = two_samples
    known, _cache = scanned_once(folder, manifest)
    reads = counted_reads(monkeypatch)
    again = scan(folder, manifest, known)
    assert sorted(reads) == sorted(p.name for p in paths)
    assert again.articles == [] and again.unchanged == [p.stem for p in paths]


def test_a_file_whose_stat_changed_is_read_again(two_samples, monkeypatch):
    folder, paths, manifest = two_samples
    known, cache = scanned_once(folder, manifest)
    touched, edited = paths
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nNăm 2024 có thêm 4321 xã.\n", encoding="utf-8")
    reads = counted_reads(monkeypatch)
    again = scan(folder, manifest, known, cache=cache)
    assert reads.count(touched.name) == 1, "the same bytes with a new stat are hashed once, not decoded"
    assert again.unchanged == [touched.stem]
    assert [a.article_id for a in again.articles] == [edited.stem]
    assert "4321 xã" in again.articles[0].text
    after = stat_cache(again, {a.source_path: a.sha256 for a in again.articles})
    assert after[touched.name][1] == touched.stat().st_mtime_ns and after[touched.name][5] == cache[touched.name][5]
    assert after[edited.name][5] == hashlib.sha256(edited.read_bytes()).hexdigest()


def test_new_bytes_under_the_old_modification_time_are_read_again(two_samples, monkeypatch):
    """Copying a file with its times kept (``cp -p``, rsync) changes its change time, which the cache holds."""
    folder, paths, manifest = two_samples
    known, cache = scanned_once(folder, manifest)
    target = paths[0]
    old = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("2", "3", 1), encoding="utf-8")
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert target.stat().st_size == old.st_size and target.stat().st_mtime_ns == old.st_mtime_ns
    again = scan(folder, manifest, known, cache=cache)
    assert [a.article_id for a in again.articles] == [target.stem]


def test_a_manifest_change_fingerprints_the_cached_bytes_again(two_samples, monkeypatch):
    folder, paths, manifest = two_samples
    known, cache = scanned_once(folder, manifest)
    target = paths[1].stem
    changed = dict(manifest)
    changed[target] = dataclasses.replace(manifest[target], period_id="2021")
    reads = counted_reads(monkeypatch)
    again = scan(folder, changed, known, cache=cache)
    assert reads == [paths[1].name], "only the file whose manifest entry changed is read, to be decoded"
    assert again.unchanged == [paths[0].stem]
    (article,) = again.articles
    assert (article.article_id, article.period_id) == (target, "2021")
    assert article.fingerprint != known[target]
    assert stat_cache(again, {article.source_path: article.sha256})[article.source_path] == cache[article.source_path]


def test_a_cached_link_that_now_points_out_of_the_folder_is_refused(tmp_path, monkeypatch):
    folder, outside = tmp_path / "raw", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    name = sorted(p.name for p in RAW.glob("*.txt"))[0]
    shutil.copy(RAW / name, folder / "kept.txt")
    shutil.copy(RAW / name, outside / "copy.txt")
    (folder / "sub").mkdir()
    shutil.copy(RAW / sorted(p.name for p in RAW.glob("*.txt"))[1], folder / "sub" / "other.txt")
    first = scan(folder, {})
    assert first.problems == []
    known = {a.article_id: a.fingerprint for a in first.articles}
    cache = stat_cache(first, {a.source_path: a.sha256 for a in first.articles})
    (folder / "sub" / "other.txt").unlink()
    (folder / "sub" / "other.txt").symlink_to(outside / "copy.txt")
    for _ in range(2):
        again = scan(folder, {}, known, cache=cache)
        reasons = {p.source_path: p.reason for p in again.problems}
        assert reasons["sub/other.txt"] == "outside_raw_dir"
        assert "other" not in again.present and again.articles == [] and again.unchanged == ["kept"]
        cache = stat_cache(again, {})
        assert "sub/other.txt" not in cache


def batch_folder(folder):
    """Sample articles with a duplicate, an HTML page saved as text, bad files and a link out of the folder."""
    folder.mkdir()
    for path in sorted(RAW.glob("*.txt")):
        shutil.copy(path, folder)
    first = sorted(RAW.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz_repost.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "page.txt").write_text("<html><head><title>Tin</title></head><body><p>Năm 2024 có 12 xã đạt "
                                     "chuẩn.</p></body></html>", encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7")
    (folder / "sub").mkdir()
    shutil.copy(first, folder / "sub" / f"{first.stem}.txt")
    secret = folder.parent / "secret.txt"
    secret.write_text("Tổng số 12 tài khoản năm 2024.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    return folder


def test_scanning_in_batches_gives_what_one_batch_gives(tmp_path, monkeypatch):
    folder = batch_folder(tmp_path / "raw")
    manifest = read_manifest(RAW / "manifest.csv")
    whole = scan(folder, manifest, cache={})
    assert {p.reason for p in whole.problems} >= {"duplicate", "empty", "html_as_text", "unsupported_type",
                                                   "duplicate_id", "outside_raw_dir"}
    decoded = []
    real = articles_module.read_article

    def read_article(path, *args, **kwargs):
        decoded.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(articles_module, "read_article", read_article)
    result, batches = scan_batches(folder, manifest, cache={}, batch_size=2)
    assert decoded == [], "nothing is decoded before the batches are asked for"
    first = next(batches)
    assert len(first) == 2 and len(decoded) == 2, "a batch is decoded when it is asked for, not before"
    parts = [first, *batches]
    assert all(1 <= len(part) <= 2 for part in parts)
    result.articles = [a for part in parts for a in part]
    assert result == whole

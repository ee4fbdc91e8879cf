"""Ingest of the raw folder: the sample articles, the manifest and its fallback, the tables it loads."""

import hashlib
import shutil
import unicodedata

import dagster as dg
import duckdb
import pytest

from pipelines.core.articles import scan
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

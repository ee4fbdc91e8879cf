"""A build of everything with nothing changed since the last one runs no step (pipelines.build_stamp)."""

from __future__ import annotations

import os

import pytest

from pipelines.build_stamp import Snapshot, stamp_path
from pipelines.config import Settings


@pytest.fixture()
def built(tmp_path, monkeypatch) -> Settings:
    """A raw folder, a warehouse file and an export, as a build leaves them, stamped."""
    raw, out = tmp_path / "raw", tmp_path / "exports"
    raw.mkdir()
    (raw / "a.txt").write_text("Năm 2024 có 12 tỉnh.", encoding="utf-8")
    (out / "charts").mkdir(parents=True)
    (out / "charts" / "overview.png").write_bytes(b"png")
    (tmp_path / "dx.duckdb").write_bytes(b"warehouse")
    for var in [v for v in os.environ if v.startswith("DX_")]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("DX_RAW_DIR", str(raw))
    monkeypatch.setenv("DX_WAREHOUSE", str(tmp_path / "dx.duckdb"))
    s = Settings.from_env()
    Snapshot(s).record(["articles:     1 added"])
    return s


def test_nothing_changed_gives_the_last_summary(built):
    lines = Snapshot(built).unchanged()
    assert lines is not None and lines[0].startswith("unchanged:") and lines[-1] == "  articles:     1 added"


def test_no_stamp_means_a_build(built):
    stamp_path(built.warehouse).unlink()
    assert Snapshot(built).unchanged() is None


def test_a_touched_article_is_unchanged_but_an_edited_or_added_one_is_not(built):
    article = built.raw_dir / "a.txt"
    os.utime(article, ns=(1, 1))
    assert Snapshot(built).unchanged() is not None
    article.write_text("Năm 2024 có 13 tỉnh.", encoding="utf-8")
    assert Snapshot(built).unchanged() is None
    Snapshot(built).record([])
    (built.raw_dir / "b.txt").write_text("Quý I/2024 đạt 5%.", encoding="utf-8")
    assert Snapshot(built).unchanged() is None


def test_a_setting_changes_the_key(built, monkeypatch):
    monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")
    assert Snapshot(built).unchanged() is None


def test_a_warehouse_or_an_export_written_since_means_a_build(built):
    built.warehouse.write_bytes(b"another warehouse")
    assert Snapshot(built).unchanged() is None
    Snapshot(built).record([])
    (built.exports_dir / "charts" / "overview.png").unlink()
    assert Snapshot(built).unchanged() is None


def test_an_article_added_while_a_build_runs_is_not_taken_for_built(built):
    running = Snapshot(built)
    (built.raw_dir / "late.txt").write_text("Năm 2023 có 7 dịch vụ.", encoding="utf-8")
    running.record([])
    assert Snapshot(built).unchanged() is None


def test_forget_drops_the_stamp(built):
    Snapshot(built).forget()
    assert not stamp_path(built.warehouse).exists()

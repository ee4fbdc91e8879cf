"""The catalogue grows from the data: a metric and a unit added as CSV rows map earlier observations."""

from __future__ import annotations

import csv
import shutil

import duckdb

from pipelines.core.catalogue import CATALOGUE_DIR
from tests.pipeline_runs import build, use_folder, write_manifest

ARTICLE = "\n".join([
    "Băng rộng cố định tiếp tục cải thiện",
    "",
    "Hà Nội, 12/11/2024 - Theo kết quả đo kiểm quý III/2024, tốc độ tải xuống trung bình của băng rộng cố định "
    "đạt 97 Mbps, tăng 12% so với cùng kỳ năm trước. Cả nước có 23 triệu thuê bao băng rộng cố định.",
    "",
])


def _observation(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("""select metric_id, unit, match, subject from observations
                              where value = 97""").fetchone()
    finally:
        con.close()


def test_a_metric_and_unit_added_as_csv_rows_map_the_earlier_observations(tmp_path, monkeypatch):
    raw, warehouse, catalogue = tmp_path / "raw", tmp_path / "wh" / "dx.duckdb", tmp_path / "catalogue"
    raw.mkdir()
    (raw / "bang_rong.txt").write_text(ARTICLE, encoding="utf-8")
    write_manifest(raw, [])
    shutil.copytree(CATALOGUE_DIR, catalogue)
    use_folder(monkeypatch, raw, warehouse)
    monkeypatch.setenv("DX_CATALOGUE_DIR", str(catalogue))
    build(warehouse)
    metric_id, unit, match, subject = _observation(warehouse)
    assert (metric_id, unit, match) == (None, "mbps", None)
    assert "tốc độ tải xuống trung bình" in subject

    with open(catalogue / "units.csv", encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    with open(catalogue / "units.csv", "a", encoding="utf-8", newline="") as f:
        row = {"unit_id": "mbps", "symbol": "Mbps", "display": "plain", "name_en": "megabits per second",
               "name_vi": "megabit mỗi giây", "accepts": "mbps"}
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in columns])
    with open(catalogue / "metrics.csv", encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    with open(catalogue / "metrics.csv", "a", encoding="utf-8", newline="") as f:
        row = {"metric_id": "fixed_broadband_download_speed", "unit": "mbps", "domain": "digital_infrastructure",
               "name_en": "Average fixed broadband download speed",
               "name_vi": "tốc độ tải xuống trung bình của băng rộng cố định", "measure": "flow"}
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in columns])
    build(warehouse)
    metric_id, unit, match, _ = _observation(warehouse)
    assert (metric_id, unit, match) == ("fixed_broadband_download_speed", "mbps", "name")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select unit from metrics where metric_id = 'fixed_broadband_download_speed'").fetchone()
        assert con.execute("select symbol from units where unit_id = 'mbps'").fetchone() == ("Mbps",)
        assert con.execute("""select metric_id from indicators
                              where subject like '%tốc độ tải xuống%'""").fetchone() == (
            "fixed_broadband_download_speed",)
    finally:
        con.close()

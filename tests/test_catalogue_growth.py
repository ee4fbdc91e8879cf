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
    "Hà Nội, 12/11/2024 - Theo kết quả khảo sát quý III/2024, giá cước bình quân của băng rộng cố định "
    "đạt 185 nghìn đồng/tháng, giảm 4% so với cùng kỳ năm trước. Cả nước có 23 triệu thuê bao băng rộng cố định.",
    "",
])


def _observation(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("""select metric_id, unit, match, subject from observations
                              where value = 185000""").fetchone()
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
    assert (metric_id, unit, match) == (None, "vnd_per_month", None)
    assert "giá cước bình quân" in subject

    with open(catalogue / "units.csv", encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    with open(catalogue / "units.csv", "a", encoding="utf-8", newline="") as f:
        row = {"unit_id": "vnd_per_month", "symbol": "đồng/tháng", "display": "money",
               "name_en": "Vietnamese dong per month", "name_vi": "đồng mỗi tháng", "accepts": "vnd_per_month"}
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in columns])
    with open(catalogue / "metrics.csv", encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    with open(catalogue / "metrics.csv", "a", encoding="utf-8", newline="") as f:
        row = {"metric_id": "fixed_broadband_monthly_price", "unit": "vnd_per_month",
               "domain": "digital_infrastructure", "name_en": "Average monthly price of fixed broadband",
               "name_vi": "giá cước bình quân của băng rộng cố định", "measure": "flow"}
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in columns])
    build(warehouse)
    metric_id, unit, match, _ = _observation(warehouse)
    assert (metric_id, unit, match) == ("fixed_broadband_monthly_price", "vnd_per_month", "name")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select unit from metrics where metric_id = 'fixed_broadband_monthly_price'").fetchone()
        assert con.execute("select symbol from units where unit_id = 'vnd_per_month'").fetchone() == ("đồng/tháng",)
        assert con.execute("""select metric_id from indicators
                              where subject like '%giá cước bình quân%'""").fetchone() == (
            "fixed_broadband_monthly_price",)
    finally:
        con.close()

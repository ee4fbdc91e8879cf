"""The hand-kept source manifest and the metric catalogue files."""

from datetime import date

import pytest

from pipelines.core.catalogue import DOMAINS, UNITS, CatalogueError, read_metrics
from pipelines.core.manifest import ManifestError, read_manifest
from tests.support import RAW, spec_rows


def test_sample_manifest_matches_the_seed_periods():
    manifest = read_manifest(RAW / "manifest.csv")
    for row in spec_rows("seed_periods.csv"):
        entry = manifest[row["article"]]
        assert entry.period_id == row["period_id"]
        assert entry.published_date == (date.fromisoformat(row["published"]) if row["published"] else None)


def test_manifest_accepts_labels_and_blank_cells(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("article_id,published_date,period_label,source_url,publisher,notes\n"
                    "a,2024-07-02,H1/2024,https://example.org/a,Bộ TT&TT,\n"
                    "b,,,,,\n", encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest["a"].period_id == "2024-H1"
    assert manifest["a"].publisher == "Bộ TT&TT"
    assert manifest["b"].period_id is None and manifest["b"].published_date is None


def test_missing_manifest_is_empty(tmp_path):
    assert read_manifest(tmp_path / "nope.csv") == {}


@pytest.mark.parametrize(("row", "message"), [
    ("a,28/12/2023,2023,,,", "published_date"),
    ("a,,2024-Q7,,,", "not a period"),
    ("a,,2023,,,\na,,2024,,,", "listed twice"),
])
def test_bad_manifest_rows_name_the_line(tmp_path, row, message):
    path = tmp_path / "manifest.csv"
    path.write_text("article_id,published_date,period_id,source_url,publisher,notes\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=message) as err:
        read_manifest(path)
    assert "manifest.csv:" in str(err.value)


def test_catalogue_has_the_87_contract_metrics_with_known_units_and_domains():
    metrics = read_metrics()
    assert len(metrics) == 87
    assert {m.metric_id for m in metrics} == {r["metric_id"] for r in spec_rows("metrics.csv")}
    assert all(m.unit in UNITS and m.domain in DOMAINS and m.name_en and m.name_vi for m in metrics)


def test_catalogue_rejects_unknown_units(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("metric_id,unit,domain,name_en,name_vi\nx,furlongs,digital_data,X,X\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown unit"):
        read_metrics(path)

"""The hand-kept source manifest and the metric catalogue files."""

from datetime import date

import pytest

from pipelines.core.catalogue import DOMAINS, UNITS, CatalogueError, read_metrics
from pipelines.core.manifest import ManifestError, load_manifest, read_manifest
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


def test_load_manifest_keeps_good_rows_and_lists_bad_ones_with_their_line(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("article_id,published_date,period_id,source_url,publisher,notes\n"
                    "a,2024-13-45,,,,\n"
                    'b,,2024-Q1,,,"two\nlines"\n'
                    "c,,Q5/2024,,,\n"
                    "b,,2023,,,\n"
                    "d,2024-07-02,,,,\n", encoding="utf-8")
    manifest = load_manifest(path)
    assert sorted(manifest.entries) == ["b", "d"]
    assert manifest.entries["b"].period_id == "2024-Q1" and manifest.entries["b"].notes == "two\nlines"
    assert [(p.line, p.article_id) for p in manifest.problems] == [(2, "a"), (5, "c"), (6, "b")]
    assert manifest.problems[0].message.startswith("manifest.csv:2: published_date '2024-13-45'")
    assert "listed twice (first on line 3)" in manifest.problems[2].message
    assert manifest.held_ids == {"a", "c"}


@pytest.mark.parametrize(("text", "message"), [
    ("a,2024-07-02,2024-H1,,,\n", "the first line must be the header"),
    ("article_id,period,notes\na,2024,\n", "unknown column(s) period"),
    ("article_id,notes\na,\xff\n", "not UTF-8"),
])
def test_a_missing_or_unknown_header_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "manifest.csv"
    path.write_bytes(text.encode("latin-1") if "\xff" in text else text.encode())
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert message in str(err.value) and str(err.value).startswith("manifest.csv")


def test_an_empty_manifest_file_is_an_empty_manifest(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"")
    assert load_manifest(path).entries == {} and read_manifest(path) == {}

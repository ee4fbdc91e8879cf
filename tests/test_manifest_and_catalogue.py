"""The hand-kept source manifest and the metric catalogue files."""

from datetime import date

import pytest

from pipelines.core.catalogue import CATALOGUE_DIR, DOMAINS, CatalogueError, load_catalogue, read_metrics, read_units
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
    units = {u.unit_id for u in read_units()}
    assert all(m.unit in units and m.domain in DOMAINS and m.name_en and m.name_vi for m in metrics)
    assert all(m.alias_list for m in metrics)


def test_catalogue_rejects_unknown_units(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("metric_id,unit,domain,name_en,name_vi\nx,furlongs,digital_data,X,X\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown unit"):
        read_metrics(path)


def test_units_are_catalogue_data():
    catalogue = load_catalogue()
    units = catalogue.unit_by_id
    assert {"count", "percent", "percentage_point", "index", "usd", "vnd", "ratio", "rank", "usd_per_ha_year",
            "mw", "number"} <= set(units)
    assert units["percent"].symbol == "%" and units["percent"].display == "percent"
    assert units["usd"].display == "money"
    assert catalogue.accepted_units("digital_tech_firms") == ("count", "number")
    assert "number" in catalogue.accepted_units("national_dx_index")
    assert ("csdl", "cơ sở dữ liệu") in catalogue.abbreviations
    assert not any(short == "ipv6" for short, _ in catalogue.abbreviations)  # a spelling, not an abbreviation
    ndxp = catalogue.metric_by_id["ndxp_connected_systems"]
    assert "NDXP" in " ".join(ndxp.alias_list)


def _catalogue_dir(tmp_path, metrics_rows="", units_rows=""):
    for name in ("metrics.csv", "units.csv", "cue_synonyms.csv"):
        (tmp_path / name).write_bytes((CATALOGUE_DIR / name).read_bytes())
    with open(tmp_path / "metrics.csv", "a", encoding="utf-8") as f:
        f.write(metrics_rows)
    with open(tmp_path / "units.csv", "a", encoding="utf-8") as f:
        f.write(units_rows)
    return tmp_path


@pytest.mark.parametrize(("metrics_rows", "units_rows", "file", "message"), [
    ("x,furlongs,digital_data,X,X,\n", "", "metrics.csv", "unknown unit 'furlongs'"),
    ("digital_tech_firms,count,digital_data,X,X,\n", "", "metrics.csv", "duplicate metric_id digital_tech_firms"),
    ("x,count,digital_data,X,,\n", "", "metrics.csv", "empty name_vi"),
    (",count,digital_data,X,X,\n", "", "metrics.csv", "empty metric_id"),
    ("x,count,digital_data,X,X,a||b\n", "", "metrics.csv", "empty alias"),
    ("", "count,,plain,count,,\n", "units.csv", "duplicate unit_id count"),
    ("", "tw,TW,loud,terawatt,,\n", "units.csv", "unknown display 'loud'"),
    ("", "tw,TW,plain,terawatt,,tw|pw\n", "units.csv", "accepts unknown unit 'pw'"),
    ("", ",TW,plain,terawatt,,\n", "units.csv", "empty unit_id"),
])
def test_catalogue_errors_name_file_and_line(tmp_path, metrics_rows, units_rows, file, message):
    directory = _catalogue_dir(tmp_path, metrics_rows, units_rows)
    lines = len((directory / file).read_text(encoding="utf-8").splitlines())
    with pytest.raises(CatalogueError, match=message) as err:
        load_catalogue(directory)
    assert f"{file}:{lines}:" in str(err.value)


def test_a_new_unit_and_metric_need_only_rows(tmp_path):
    directory = _catalogue_dir(tmp_path, "dc_capacity,twh,digital_infrastructure,Data-centre energy,"
                                         "điện năng trung tâm dữ liệu,\n", "twh,TWh,plain,terawatt hours,,\n")
    catalogue = load_catalogue(directory)
    assert catalogue.metric_by_id["dc_capacity"].unit == "twh"
    assert catalogue.accepted_units("dc_capacity") == ("twh",)
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

"""Work skipped when nothing changed: derived tables, charts, evidence pages and table exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import charts, evidence, exports
from pipelines.core.batch import ordered_map
from pipelines.defs.derive import derived_assets
from pipelines.defs.resources import resources_for
from pipelines.derive import DERIVED_TABLES, SQL_DIR, SQL_FILES, build_derived, derived_tables, refresh_derived
from pipelines.output_manifest import OutputManifest, data_hash
from tests.output_fixtures import output_warehouse
from tests.support import answer_warehouse

pytestmark = pytest.mark.usefixtures("charts_loaded")  # see conftest.py


@pytest.fixture(autouse=True)
def both_chart_formats(monkeypatch):
    """These tests read the SVGs too: a build writes PNG only unless ``DX_CHART_FORMATS`` asks for svg."""
    monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("built") / "dx.duckdb")


@pytest.fixture()
def con(built, tmp_path):
    """A writable copy of the output warehouse."""
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(built, path)
    connection = duckdb.connect(str(path))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def drawn(built, tmp_path_factory) -> tuple[Path, list[charts.Chart]]:
    """The metric charts, overview and headline of ``built`` drawn once into a folder, and the metric charts; the
    chart tests start from a copy of that folder (:func:`drawn_into`), as from a first drawing of their own."""
    out = tmp_path_factory.mktemp("drawn") / "charts"
    with pytest.MonkeyPatch.context() as monkeypatch, duckdb.connect(str(built), read_only=True) as con:
        monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")
        first = charts.metric_charts(con, out)
        charts.overview_chart(con, out)
        charts.headline_chart(con, out)
    assert len(first) >= 2
    return out, first


def drawn_into(drawn, out: Path) -> list[charts.Chart]:
    """Copy the first drawing to ``out`` (file times kept); its metric charts, as drawn into ``out``."""
    folder, first = drawn
    shutil.copytree(folder, out)
    moved = [charts.Chart(c.name, out / c.png.name, out / c.svg.name, c.data) for c in first]
    assert all(c.png.exists() and c.svg.exists() for c in moved)
    return moved


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def changed_files(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


# --- derived tables ----------------------------------------------------------------------------------

def test_derived_tables_are_rebuilt_only_when_an_input_changes(con):
    assert refresh_derived(con)[1] is False, "output_warehouse built them from these very inputs"
    before = con.execute("select * from chosen_observations order by all").fetchall()
    con.execute("update observations set value = value + 1 where observation_no = "
                "(select min(observation_no) from observations where kind = 'level')")
    counts, rebuilt = refresh_derived(con)
    assert rebuilt is True
    assert set(DERIVED_TABLES) <= set(counts)
    assert con.execute("select * from chosen_observations order by all").fetchall() != before
    assert refresh_derived(con)[1] is False


@pytest.mark.parametrize("change", [
    "update articles set published_date = published_date + 1",
    "update periods set period_label = period_label || ' '",
    "update metrics set unit = 'count' where unit <> 'count'",
    "delete from observations where observation_no = 0",
    "drop table conflicts",
])
def test_any_input_change_or_missing_table_rebuilds(con, change):
    con.execute(change)
    counts, rebuilt = refresh_derived(con)
    assert rebuilt is True
    tables = derived_tables().values()
    refreshed = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}
    assert build_derived(con) == counts, "the refresh must give what a full build of the new inputs gives"
    assert {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables} == refreshed
    assert refresh_derived(con)[1] is False


def test_timestamps_alone_do_not_rebuild(con):
    con.execute("update articles set ingested_at = ingested_at + interval 1 day")
    assert refresh_derived(con)[1] is False


def test_an_edited_sql_file_rebuilds(con, tmp_path):
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    assert refresh_derived(con, sql_dir)[1] is False
    path = sql_dir / SQL_FILES[-1]
    path.write_text(path.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    assert refresh_derived(con, sql_dir)[1] is True


def test_the_asset_reports_whether_it_rebuilt(tmp_path):
    path = answer_warehouse(tmp_path / "dx.duckdb")
    flags = []
    for _ in range(2):
        result = dg.materialize(derived_assets(), resources=resources_for(path))
        assert result.success
        flags.append({e.materialization.metadata["rebuilt"].value
                      for e in result.get_asset_materialization_events()})
    assert flags == [{True}, {False}]


# --- charts -----------------------------------------------------------------------------------------

def test_unchanged_charts_are_not_drawn_again(con, tmp_path, drawn):
    out = tmp_path / "charts"
    first = drawn_into(drawn, out)
    before = mtimes(out)
    again = charts.metric_charts(con, out)
    charts.overview_chart(con, out)
    charts.headline_chart(con, out)
    assert [c.data for c in again] == [c.data for c in first]
    assert changed_files(before, mtimes(out)) == set()


def test_a_changed_series_redraws_its_chart_and_the_overview_only(con, tmp_path, drawn):
    out = tmp_path / "charts"
    first = drawn_into(drawn, out)
    before = mtimes(out)
    target = first[-1].data["metric_id"]
    con.execute("update chosen_observations set value = value * 2 where metric_id = ?", [target])
    charts.metric_charts(con, out)
    charts.overview_chart(con, out)
    changed = changed_files(before, mtimes(out))
    assert {f"metric_{target}.png", f"metric_{target}.svg", "overview.png", "overview.svg"} <= changed
    assert not any(n.startswith("metric_") and target not in n for n in changed)


def test_the_series_read_at_once_are_those_read_metric_by_metric(con):
    schema = charts.probe(con)
    metric_ids = charts.series_metrics(con)
    one_by_one = [s for m in metric_ids for s in charts.metric_series_all(con, m, schema)]
    assert len(one_by_one) >= 2
    assert charts.metric_series_many(con, metric_ids, schema) == one_by_one


def test_another_places_change_neither_labels_nor_redraws_a_chart(con, tmp_path, drawn):
    out = tmp_path / "charts"
    first = {c.name: c for c in drawn_into(drawn, out)}
    before = mtimes(out)
    metric_id, from_id, to_id = con.execute(
        "select metric_id, from_period_id, to_period_id from series_changes s "
        "where coalesce(place_id, 'vn') = 'vn' order by all limit 1").fetchone()
    con.execute("insert into series_changes by name (select * replace ('vn-elsewhere' as place_id, "
                "abs_change * 3 + 7 as abs_change) from series_changes where metric_id = ? and from_period_id = ? "
                "and to_period_id = ? limit 1)", [metric_id, from_id, to_id])
    again = {c.name: c for c in charts.metric_charts(con, out)}
    assert again[f"metric_{metric_id}"].data == first[f"metric_{metric_id}"].data
    assert changed_files(before, mtimes(out)) == set()


def test_a_skipped_chart_is_the_chart_a_fresh_drawing_gives(con, tmp_path, drawn):
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    drawn_into(drawn, cached)
    before = mtimes(cached)
    written = charts.metric_charts(con, cached)
    assert changed_files(before, mtimes(cached)) == set(), "the charts of the first drawing must be skipped"
    for chart in written:
        direct = charts.metric_chart(con, fresh, chart.data["metric_id"])
        assert direct.data == chart.data
        assert direct.png.read_bytes() == chart.png.read_bytes()
        assert direct.svg.read_bytes() == chart.svg.read_bytes()


def test_a_deleted_chart_file_is_drawn_again(con, tmp_path, drawn):
    out = tmp_path / "charts"
    chart = drawn_into(drawn, out)[0]
    assert charts.metric_charts(con, out)[0] == chart
    chart.svg.unlink()
    charts.metric_charts(con, out)
    assert chart.svg.exists()


# --- evidence pages ---------------------------------------------------------------------------------

def test_only_pages_of_changed_articles_are_written_again(con, tmp_path):
    out = tmp_path / "evidence"
    pages = evidence.evidence_report(con, out)
    before = mtimes(out)
    assert evidence.evidence_report(con, out) == pages
    assert changed_files(before, mtimes(out)) == set()
    article_id = con.execute("select min(article_id) from mentions").fetchone()[0]
    con.execute("delete from mentions where article_id = ? and mention_no = "
                "(select min(mention_no) from mentions where article_id = ?)", [article_id, article_id])
    again = evidence.evidence_report(con, out)
    assert changed_files(before, mtimes(out)) == {f"{article_id}.html", "index.html", evidence.MANIFEST}
    assert [p.mentions for p in again if p.article_id == article_id][0] <= \
        [p.mentions for p in pages if p.article_id == article_id][0]


def test_a_changed_metric_name_rewrites_the_pages_that_show_it(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    before = mtimes(out)
    metric_id, article_id = con.execute(
        "select metric_id, min(article_id) from observations group by 1 order by 1 limit 1").fetchone()
    con.execute("update metrics set name_en = 'Renamed metric' where metric_id = ?", [metric_id])
    evidence.evidence_report(con, out)
    assert f"{article_id}.html" in changed_files(before, mtimes(out))
    assert "Renamed metric" in (out / f"{article_id}.html").read_text(encoding="utf-8")


def test_cached_pages_match_pages_written_in_one_go(con, tmp_path):
    evidence.evidence_report(con, tmp_path / "once")
    con.execute("update articles set title = title || ' (updated)' where article_id = "
                "(select max(article_id) from articles)")
    evidence.evidence_report(con, tmp_path / "once")
    evidence.evidence_report(con, tmp_path / "fresh")
    for page in (tmp_path / "fresh").glob("*.html"):
        assert (tmp_path / "once" / page.name).read_bytes() == page.read_bytes()


# --- table exports ----------------------------------------------------------------------------------

def test_unchanged_tables_are_not_exported_again(con, tmp_path):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    before = mtimes(out)
    again = exports.export_tables(con, out)
    assert changed_files(before, mtimes(out)) == set()
    assert {e.table: e.rows for e in again}["observations"] > 0
    con.execute("delete from metrics where metric_id = (select max(metric_id) from metrics)")
    exports.export_tables(con, out)
    assert changed_files(before, mtimes(out)) == {"metrics.csv", "metrics.parquet", exports.MANIFEST}


# --- helpers ----------------------------------------------------------------------------------------

def test_manifest_is_forgotten_when_the_code_version_changes(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("x")
    manifest = OutputManifest(tmp_path / "m.json", "v1")
    manifest.record("a", data_hash(("data", 1)))
    manifest.save()
    assert OutputManifest(tmp_path / "m.json", "v1").fresh("a", data_hash(("data", 1)), target)
    assert OutputManifest(tmp_path / "m.json", "v1").fresh("a", data_hash(("data", 2)), target) is None
    assert OutputManifest(tmp_path / "m.json", "v2").fresh("a", data_hash(("data", 1)), target) is None
    target.unlink()
    assert OutputManifest(tmp_path / "m.json", "v1").fresh("a", data_hash(("data", 1)), target) is None


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("parallel_from", [1, 4, 1000])
def test_ordered_map_keeps_order_whether_parallel_or_not(parallel_from):
    assert list(ordered_map(_square, range(10), workers=2, chunk=1, parallel_from=parallel_from)) == \
        [n * n for n in range(10)]

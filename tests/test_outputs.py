"""The analyst outputs: read-only access, charts, the evidence report, table exports and their assets."""

from __future__ import annotations

import html
import re
import struct
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from pipelines import analysis, charts, evidence, exports
from pipelines.config import ConfigError, settings
from pipelines.core.catalogue import DOMAINS
from pipelines.defs import exports as export_assets
from pipelines.defs.resources import WRITER_TAG, resources_for
from pipelines.formatting import format_change, format_number, format_value
from pipelines.warehouse.store import ensure_schema, insert_rows
from tests.output_fixtures import output_warehouse

pytestmark = pytest.mark.usefixtures("charts_loaded")  # see conftest.py

EXPORT_NAMES = ["chart_headline", "charts_by_metric", "chart_overview", "evidence_report", "table_exports"]
EXPORT_ASSETS = [getattr(export_assets, name) for name in EXPORT_NAMES]


@pytest.fixture(autouse=True)
def both_chart_formats(monkeypatch):
    """These tests read the SVGs too: a build writes PNG only unless ``DX_CHART_FORMATS`` asks for svg."""
    monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("wh") / "dx.duckdb")


@pytest.fixture()
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def assert_chart_files(chart: charts.Chart, min_png: int = 20_000) -> None:
    assert chart.png.stat().st_size > min_png
    assert chart.svg.stat().st_size > 10_000
    assert chart.svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


# --- formatting ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    (2_800_000, "2.8M"), (1_500_000_000, "1.5B"), (1_928_311e9, "1,928.31T"), (2699, "2,699"),
    (13_366, "13.4K"), (0.48, "0.48"), (87.08, "87.08"), (63, "63"), (-9, "-9"), (1_200_000, "1.2M"),
])
def test_format_number_is_short_and_readable(value, text):
    assert format_number(value) == text


def test_format_value_and_change_carry_unit_and_qualifier():
    assert format_value(80.2, "percent") == "80.2%"
    assert format_value(2_800_000, "count", "approx") == "≈2.8M"
    assert format_value(1_500_000_000, "count", "over") == ">1.5B"
    assert format_value(7.5e9, "usd", "approx") == "≈$7.5B"
    assert format_change(1_200_000, 75.0, "count") == "+1.2M (+75%)"
    assert format_change(-9, -32.142857, "percent") == "−9 pp (−32%)"
    assert format_change(850_000, 1.1356, "count") == "+850K (+1.1%)"
    assert format_change(0.04, None, "index") == "+0.04"


# --- analysis -------------------------------------------------------------------------------------------

def test_load_and_query_read_the_warehouse_named_by_the_environment(warehouse, monkeypatch):
    monkeypatch.setenv("DX_WAREHOUSE", str(warehouse))
    changes = analysis.load("series_changes")
    assert len(changes) == duckdb.connect(str(warehouse), read_only=True).execute(
        "select count(*) from series_changes").fetchone()[0]
    one = analysis.query("select * from metrics where metric_id = ?", ["ndxp_daily_transactions"])
    assert one["name_vi"].tolist() == ["giao dịch mỗi ngày qua NDXP"]
    assert {"observations", "series_changes", "chosen_observations"} <= set(analysis.tables())


def test_every_call_closes_its_connection(tmp_path):
    path = output_warehouse(tmp_path / "dx.duckdb")
    analysis.load("metrics", path=path)
    # DuckDB refuses a read-write connection while a read-only one to the same file is open in the process
    writer = duckdb.connect(str(path))
    writer.execute("create table scratch as select 1 as x")
    writer.close()


def test_load_rejects_what_is_not_a_table_name(warehouse):
    with pytest.raises(ValueError):
        analysis.load("metrics; drop table metrics", path=warehouse)


def test_a_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="DX_WAREHOUSE"):
        analysis.query("select 1", path=tmp_path / "none.duckdb")


def test_observations_with_evidence_quote_the_text_at_their_offsets(warehouse, con):
    rows = analysis.observations_with_evidence(path=warehouse)
    assert len(rows) == con.execute("select count(*) from observations").fetchone()[0]
    texts = dict(con.execute("select article_id, text from articles").fetchall())
    for row in rows.itertuples():
        assert row.quoted == texts[row.article_id][row.start_char:row.end_char]
    ndxp = analysis.observations_with_evidence("ndxp_daily_transactions", path=warehouse)
    assert set(ndxp["metric_id"]) == {"ndxp_daily_transactions"}
    assert set(ndxp["period_label"]) == {"2023", "Q1/2024"}


def test_series_and_coverage_are_in_time_order(warehouse):
    levels = analysis.series("national_dx_index", path=warehouse)
    assert levels["period_label"].tolist() == ["2020", "2022", "2023"]
    coverage = analysis.coverage_matrix(path=warehouse)
    assert coverage.columns.tolist() == ["2020", "2022", "2023", "Q1/2024", "H1/2024", "10/2024"]
    assert coverage.loc[("digital_economy", "digital_economy_growth_rate"), "2023"] == 2


# --- charts ---------------------------------------------------------------------------------------------

def test_headline_plots_the_series_changes_row(con, tmp_path):
    chart = charts.headline_chart(con, tmp_path)
    assert chart.png == tmp_path / "headline_ndxp_daily_transactions.png"
    assert chart.svg == tmp_path / "headline_ndxp_daily_transactions.svg"
    assert_chart_files(chart)
    assert png_size(chart.png) == (1800, 1012)
    row = con.execute("""select from_period_id, to_period_id, from_value, to_value, abs_change, pct_change
                         from series_changes where metric_id = 'ndxp_daily_transactions'""").fetchone()
    assert chart.data["periods"] == [row[0], row[1]]
    assert chart.data["values"] == [row[2], row[3]]
    names = ["from_period_id", "to_period_id", "from_value", "to_value", "abs_change", "pct_change"]
    assert chart.data["change"] == dict(zip(names, row, strict=True))
    assert chart.data["change_text"] == "+1.1M to +1.3M (+67% to +84%)"
    assert chart.data["callout"] == "1.6M (2023) → ≈2.8M (Q1/2024):  +1.1M to +1.3M (+67% to +84%)"
    assert chart.data["qualifiers"] == ["exact", "approx"]


def test_no_headline_for_a_metric_without_a_change(con, tmp_path):
    assert charts.headline_chart(con, tmp_path, "vneid_visits") is None
    assert not list(tmp_path.iterdir())


def test_one_chart_per_metric_with_two_or_more_periods(con, tmp_path):
    (tmp_path / "metric_gone.png").write_bytes(b"stale")
    written = charts.metric_charts(con, tmp_path)
    expected = {r[0] for r in con.execute("""select metric_id from chosen_observations group by all
                                             having count(distinct period_id) >= 2""").fetchall()}
    assert {c.data["metric_id"] for c in written} == expected
    assert not (tmp_path / "metric_gone.png").exists()
    for chart in written:
        assert chart.png.name == f"metric_{chart.data['metric_id']}.png"
        assert_chart_files(chart)
        chosen = con.execute("""select c.period_id, c.value
                                from chosen_observations c join periods p using (period_id)
                                where metric_id = ? order by p.sort_order""",
                             [chart.data["metric_id"]]).fetchall()
        assert list(zip(chart.data["periods"], chart.data["values"], strict=True)) == chosen
        n_changes = con.execute("""select count(*) from series_changes s
                                   join periods f on f.period_id = s.from_period_id
                                   join periods t on t.period_id = s.to_period_id
                                   where metric_id = ?
                                     and coalesce(s.from_as_of_date, f.end_date)
                                         < coalesce(s.to_as_of_date, t.start_date)""",
                                [chart.data["metric_id"]]).fetchone()[0]
        assert len(chart.data["change_labels"]) == n_changes


def test_metric_chart_marks_forecasts_and_labels_changes(con, tmp_path):
    chart = charts.metric_chart(con, tmp_path, "national_dx_index")
    assert chart.data["statuses"] == ["reported", "reported", "forecast"]
    assert [c["text"] for c in chart.data["change_labels"]] == ["+0.23 (+48%)", "+0.04 (+5.6%)"]
    growth = charts.metric_chart(con, tmp_path, "digital_economy_growth_rate")
    assert [c["text"] for c in growth.data["change_labels"]] == ["−9 pp (−32%)", "+3.4 pp (+18%)"]


def test_charts_are_png_only_unless_svg_is_asked_for(con, tmp_path, monkeypatch):
    monkeypatch.delenv("DX_CHART_FORMATS")
    plain = charts.metric_charts(con, tmp_path)
    assert plain and all(c.svg is None and c.png.exists() for c in plain)
    assert not list(tmp_path.glob("*.svg"))
    monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")
    both = charts.metric_charts(con, tmp_path)
    assert all(c.svg is not None and c.svg.exists() for c in both)
    monkeypatch.setenv("DX_CHART_FORMATS", "png")
    charts.metric_charts(con, tmp_path)
    assert not list(tmp_path.glob("metric_*.svg"))


@pytest.mark.parametrize("value", ["svg", "png,gif", " , "])
def test_a_chart_format_setting_without_png_or_with_an_unknown_format_is_refused(monkeypatch, value):
    monkeypatch.setenv("DX_CHART_FORMATS", value)
    with pytest.raises(ConfigError, match="DX_CHART_FORMATS"):
        settings()


def test_the_overview_is_split_into_pages_and_stale_pages_go(con, tmp_path):
    n = len(charts.charted_series(con))
    paged = charts.overview_chart(con, tmp_path, per_page=3)
    pages = -(-n // 3)
    assert paged.data["pages"] == [tmp_path / "overview.png", *(tmp_path / f"overview_{k}.png"
                                                                 for k in range(2, pages + 1))]
    assert all(p.exists() for p in paged.data["pages"]) and paged.png == tmp_path / "overview.png"
    assert len(paged.data["panels"]) == n
    whole = charts.overview_chart(con, tmp_path)
    assert whole.data["pages"] == [tmp_path / "overview.png"]
    assert sorted(p.name for p in tmp_path.glob("overview*.png")) == ["overview.png"]


def test_overview_has_a_panel_per_series_grouped_by_domain(con, tmp_path):
    chart = charts.overview_chart(con, tmp_path)
    assert chart.png == tmp_path / "overview.png"
    assert_chart_files(chart, min_png=50_000)
    panels = chart.data["panels"]
    assert {p["metric_id"] for p in panels} == set(charts.series_metrics(con))
    order = list(DOMAINS)
    positions = [order.index(p["domain"]) for p in panels]
    assert positions == sorted(positions)
    assert chart.data["domains"] == sorted(set(chart.data["domains"]), key=order.index)


def small_warehouse(path: Path, points: list[tuple[str, float, str, str]], unit: str = "percent") -> Path:
    """A warehouse with one metric whose chosen levels are ``points`` (period, value, qualifier, status)."""
    from pipelines.core import periods
    from pipelines.derive import build_derived

    con = duckdb.connect(str(path))
    ensure_schema(con)
    insert_rows(con, "metrics", [{"metric_id": "m", "unit": unit, "domain": "cybersecurity",
                                  "name_en": "A made-up share", "name_vi": "tỷ lệ thử nghiệm"}])
    text = "Số liệu: " + ", ".join(f"{v}" for _, v, _, _ in points) + ". <script>alert('x')</script> & hết."
    insert_rows(con, "articles", [{
        "article_id": "a1", "title": "Bài <b>thử</b> & kiểm tra", "published_date": date(2025, 1, 2),
        "period_id": points[-1][0], "period_source": "manifest", "source_path": "a1.txt",
        "content_type": "text", "encoding": "utf-8", "sha256": "x", "fingerprint": "x", "n_chars": len(text),
        "text": text, "ingested_at": date(2025, 1, 2)}])
    rows = []
    for n, (period, value, qualifier, status) in enumerate(points):
        raw = str(value)
        start = text.index(raw, 9)
        rows.append({"article_id": "a1", "observation_no": n, "metric_id": "m", "period_id": period,
                     "kind": "level", "value": value, "unit": unit, "qualifier": qualifier, "status": status,
                     "evidence": text, "start_char": start, "end_char": start + len(raw)})
    insert_rows(con, "observations", rows)
    used = periods.sort_periods(r[0] for r in points)
    insert_rows(con, "periods", periods.period_rows(used))
    build_derived(con)
    con.close()
    return path


def test_metric_chart_copes_with_many_periods_and_falling_values(tmp_path):
    points = [(str(y), v, q, s) for y, v, q, s in [
        (2017, 12.5, "exact", "reported"), (2018, 3.25, "approx", "reported"),
        (2019, 0.5, "exact", "reported"), (2020, 40.75, "over", "reported"),
        (2021, 38.5, "exact", "reported"), (2022, 2.0, "nearly", "reported"),
        (2023, 55.0, "exact", "forecast")]]
    path = small_warehouse(tmp_path / "small.duckdb", points)
    with duckdb.connect(str(path), read_only=True) as con:
        chart = charts.metric_chart(con, tmp_path / "charts", "m")
    assert chart.data["values"] == [v for _, v, _, _ in points]
    assert len(chart.data["change_labels"]) == 6
    assert chart.data["change_labels"][0]["text"] == "≈−9.25 pp (≈−74%)"  # exact → approximate
    assert_chart_files(chart)


# --- evidence report ------------------------------------------------------------------------------------

def visible_text(page: str) -> str:
    """The article text of a page, without the inline observation labels."""
    body = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    body = re.sub(r'<span class="obs-label">[^<]*</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_every_observation_is_highlighted_on_its_article_page(con, tmp_path):
    pages = evidence.evidence_report(con, tmp_path)
    articles = dict(con.execute("select article_id, text from articles").fetchall())
    assert {p.article_id for p in pages} == set(articles)
    for page in pages:
        content = page.path.read_text(encoding="utf-8")
        marked = [int(n) for group in re.findall(r'data-obs="([\d ]+)"', content) for n in group.split()]
        expected = [r[0] for r in con.execute(
            "select observation_no from observations where article_id = ?", [page.article_id]).fetchall()]
        assert sorted(marked) == sorted(expected)
        assert page.highlighted == len(expected)
        spans = con.execute("select distinct start_char, end_char from observations where article_id = ?",
                            [page.article_id]).fetchall()
        assert content.count('<mark class="obs"') == len(spans)
        assert content.count("<mark") == content.count("</mark>")
        assert visible_text(content) == articles[page.article_id]
        assert content.count("<tr id=\"obs-") == len(expected)


def test_other_numbers_are_highlighted_with_their_mention_type(con, tmp_path):
    page = evidence.evidence_report(con, tmp_path)[0]
    content = page.path.read_text(encoding="utf-8")
    mentions = re.findall(r'<mark class="mention"[^>]*title="([^"]*)"', content)
    assert len(mentions) == page.mentions > 0
    assert all(re.match(r"(date|quantity) \(not an indicator\)", t) for t in mentions)
    assert "metric · period · place · qualifier" in content and "hover for kind, status and value" in content


def test_hover_text_names_metric_period_kind_qualifier_status_and_value(con, tmp_path):
    evidence.evidence_report(con, tmp_path)
    content = (tmp_path / "000_a58812ac4d9dca6d.html").read_text(encoding="utf-8")
    title = re.search(r'<mark class="obs"[^>]*title="([^"]*ndxp_daily_transactions[^"]*)"', content).group(1)
    title = html.unescape(title)
    assert "period: Q1/2024" in title
    assert "kind: level · qualifier: approx · status: reported" in title
    assert "value: ≈2.8M (2,800,000 count)" in title


def test_index_links_every_article_and_stale_pages_go(con, tmp_path):
    (tmp_path / "removed_article.html").write_text("old")
    pages = evidence.evidence_report(con, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="{page.path.name}"' in index
    assert not (tmp_path / "removed_article.html").exists()


def test_article_text_and_titles_are_escaped(tmp_path):
    path = small_warehouse(tmp_path / "small.duckdb", [("2023", 12.5, "exact", "reported"),
                                                       ("2024", 17.25, "approx", "reported")])
    with duckdb.connect(str(path), read_only=True) as con:
        evidence.evidence_report(con, tmp_path / "evidence")
        text = con.execute("select text from articles").fetchone()[0]
    content = (tmp_path / "evidence" / "a1.html").read_text(encoding="utf-8")
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert "<b>thử</b>" not in content and "Bài &lt;b&gt;thử&lt;/b&gt; &amp; kiểm tra" in content
    assert visible_text(content) == text


def test_highlight_nests_and_shortens_crossing_spans():
    text = "a <54/63> b"
    spans = [evidence.Span(2, 9, "mention", "list"), evidence.Span(3, 5, "obs", "54", [1]),
             evidence.Span(4, 11, "obs", "crossing", [2])]
    marked, shown = evidence.highlight(text, sorted(spans, key=lambda s: (s.start, -s.end)))
    assert [s.observations for s in shown] == [[], [1], [2]]
    assert marked.count("<mark") == marked.count("</mark>") == 3
    assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == text
    assert marked.startswith('a <mark class="mention"') and "&lt;" in marked


def test_observation_spans_win_over_the_mentions_they_overlap():
    text = "đạt 54/63 tỉnh"
    spans = evidence.build_spans(
        text,
        [{"observation_no": 0, "start_char": 4, "end_char": 6, "metric_id": "m", "name_en": "M",
          "name_vi": "", "period_id": "2024", "period_label": "2024", "base_period_id": None,
          "base_label": None, "kind": "level", "qualifier": "exact", "status": "reported", "value": 54.0,
          "unit": "count"}],
        [{"start_char": 4, "end_char": 9, "mention_type": "quantity"},
         {"start_char": 10, "end_char": 14, "mention_type": "quantity"}])
    assert [(s.css, s.start, s.end) for s in spans] == [("obs", 4, 6), ("mention", 10, 14)]


def test_a_mention_is_dropped_only_where_it_overlaps_an_observation():
    text = "x" * 40
    observation = {"observation_no": 0, "metric_id": "m", "name_en": "M", "name_vi": "", "period_id": "2024",
                   "period_label": "2024", "base_period_id": None, "base_label": None, "kind": "level",
                   "qualifier": "exact", "status": "reported", "value": 1.0, "unit": "count"}
    observations = [{**observation, "observation_no": n, "start_char": a, "end_char": b}
                    for n, (a, b) in enumerate([(2, 30), (5, 8), (34, 36)])]
    mentions = [{"start_char": a, "end_char": b, "mention_type": "quantity"}
                for a, b in [(0, 2), (0, 3), (29, 31), (30, 34), (33, 35), (36, 40), (20, 22)]]
    kept = [(s.start, s.end) for s in evidence.build_spans(text, observations, mentions) if s.css == "mention"]
    assert kept == [(0, 2), (30, 34), (36, 40)]


# --- table exports --------------------------------------------------------------------------------------

def test_csv_and_parquet_exports_have_every_row(con, tmp_path):
    written = exports.export_tables(con, tmp_path)
    assert [e.table for e in written] == ["observations", "series_changes", "metrics"]
    for export in written:
        rows = con.execute(f"select count(*) from {export.table}").fetchone()[0]
        assert export.rows == rows > 0
        assert len(pd.read_csv(export.csv)) == rows
        assert len(pd.read_parquet(export.parquet)) == rows
        assert export.csv.name == f"{export.table}.csv" and export.parquet.name == f"{export.table}.parquet"
    observations = pd.read_parquet(tmp_path / "observations.parquet")
    assert observations["evidence"].str.contains("triệu").any()


# --- Dagster assets -------------------------------------------------------------------------------------

def test_export_assets_only_read_the_warehouse():
    for asset in EXPORT_ASSETS:
        assert WRITER_TAG not in asset.op.tags
        assert {k.to_user_string() for k in asset.keys} <= set(EXPORT_NAMES)
        assert set(asset.group_names_by_key.values()) == {"exports"}
        deps = {k.to_user_string() for k in asset.dependency_keys}
        assert {"series_changes", "chosen_observations", "observations", "mentions", "articles"} <= deps


def test_materialising_the_export_assets_writes_every_output(warehouse, tmp_path, monkeypatch):
    monkeypatch.delenv("DX_EXPORTS_DIR", raising=False)
    copy = tmp_path / "dx.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    result = dg.materialize(EXPORT_ASSETS, resources=resources_for(copy))
    assert result.success
    out = tmp_path / "exports"
    assert (out / "charts" / "headline_ndxp_daily_transactions.png").exists()
    assert (out / "charts" / "overview.svg").exists()
    assert len(list((out / "charts").glob("metric_*.png"))) == 8
    assert (out / "evidence" / "index.html").exists()
    assert (out / "tables" / "series_changes.parquet").exists()
    metadata = {e.asset_key.to_user_string(): e.materialization.metadata
                for e in result.get_asset_materialization_events()}
    preview = metadata["chart_headline"]["preview"].value
    assert preview.startswith("![headline_ndxp_daily_transactions](data:image/png;base64,iVBORw0KGgo")
    headline_png = out / "charts" / "headline_ndxp_daily_transactions.png"
    assert metadata["chart_headline"]["png"].value == str(headline_png)
    assert metadata["charts_by_metric"]["charts"].value == 8
    assert metadata["evidence_report"]["observations_highlighted"].value == 106
    assert metadata["table_exports"]["observations_rows"].value == 106
    assert not (tmp_path / "dx.duckdb.lock").exists()

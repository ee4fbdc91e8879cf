"""Honest numbers, time and provenance in the charts and evidence pages, on small warehouses built here.

Every sentence below is made up for these tests. The warehouses fill the second-wave columns
(value_low/value_high, as_of_date, place_id, indicator_id) that the derived layer reads, and add the
series_changes and consistency_audit columns it is to gain, so the outputs are tested against both shapes.
"""

from __future__ import annotations

import math
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from pipelines import charts, evidence, formatting
from pipelines.chart_config import ChartConfig, ChartConfigError, Headline, load_config, parse_config
from pipelines.core import periods
from pipelines.derive import build_derived
from pipelines.formatting import Interval, change_between, level_interval
from pipelines.warehouse.store import ensure_schema, insert_rows

pytestmark = pytest.mark.usefixtures("charts_loaded")  # see conftest.py

INF = math.inf
DEFAULT = ChartConfig(Headline("ndxp_daily_transactions", "vn", "2023", "2024-Q1"))


# --- formatting: intervals --------------------------------------------------------------------------------

@pytest.mark.parametrize(("qualifier", "low", "high", "expected"), [
    ("exact", None, None, Interval(10, 10)),
    ("over", None, None, Interval(10, INF)),
    ("at_least", None, None, Interval(10, INF)),
    ("at_most", None, None, Interval(-INF, 10)),
    ("nearly", None, None, Interval(9, 10)),
    ("approx", None, None, None),
    ("approx", 9.5, 10.5, Interval(9.5, 10.5)),
    ("over", 10, None, Interval(10, INF)),
])
def test_level_interval_reads_stored_bounds_else_the_qualifier(qualifier, low, high, expected):
    assert level_interval(10, qualifier, low, high) == expected


def test_a_change_between_inexact_levels_is_a_range_or_approximate():
    nearly, over = level_interval(1.2e9, "nearly"), level_interval(1.5e9, "over")
    assert change_between(3e8, 25, "count", False, formatting.difference(nearly, over),
                          formatting.relative_change(nearly, over)) == ">+300M (>+25%)"
    about, exact = Interval(2.75e6, 2.85e6), Interval(1.6e6, 1.6e6)
    assert change_between(1.2e6, 75, "count", False, formatting.difference(exact, about),
                          formatting.relative_change(exact, about)) == "+1.15M to +1.25M (+72% to +78%)"
    assert change_between(1.2e6, 75, "count", False) == "≈+1.2M (≈+75%)"
    assert change_between(1.2e6, 75, "count", True) == "+1.2M (+75%)"
    assert change_between(-5, None, "percent", False, Interval(-INF, -4)) == "<−4 pp"
    assert formatting.format_value(50, "count", "at_most") == "<50"
    assert formatting.format_range(Interval(2.75e6, 2.85e6), 2.8e6, "count", "approx") == "≈2.8M (2.75M to 2.85M)"


def test_relative_change_needs_a_base_above_zero():
    assert formatting.relative_change(Interval(-1, 2), Interval(3, 4)) is None
    assert formatting.relative_change(Interval(2, 2), Interval(3, INF)) == Interval(50, INF)


# --- the configuration --------------------------------------------------------------------------------

def test_the_default_headline_is_the_integration_platform_story():
    config = load_config()
    assert config.headline == Headline("ndxp_daily_transactions", "vn", "2023", "2024-Q1")


@pytest.mark.parametrize(("data", "message"), [
    ({"headline": {"metric_id": "m", "periods": ["2023"]}}, "two period ids"),
    ({"headline": {"metric_id": "m", "periods": ["2023", "Q9/2024"]}}, "not a period id"),
    ({"headline": {"metric_id": "m", "periods": ["2023", "2024"], "colour": "red"}}, "unknown key"),
    ({"headline": {"metric_id": "", "periods": ["2023", "2024"]}}, "metric_id"),
    ({"headline": {"metric_id": "m", "periods": ["2023", "2024"]}, "indicators": {"selected": "x"}}, "list"),
    ({"headlines": {}}, "unknown section"),
])
def test_a_bad_configuration_is_a_clear_error(data, message):
    with pytest.raises(ChartConfigError, match=message):
        parse_config(data, Path("charts.toml"))


# --- small warehouses -----------------------------------------------------------------------------------

METRICS = [
    {"metric_id": "ndxp_daily_transactions", "unit": "count", "domain": "digital_data",
     "name_en": "Daily transactions on the integration platform", "name_vi": "giao dịch mỗi ngày qua nền tảng"},
    {"metric_id": "flow", "unit": "count", "domain": "digital_economy", "name_en": "Parcels shipped",
     "name_vi": "bưu kiện đã gửi"},
    {"metric_id": "stock", "unit": "count", "domain": "digital_society", "name_en": "Accounts opened so far",
     "name_vi": "tài khoản đã mở"},
]


def article(article_id: str, text: str, published: date | None, period_id: str | None, **extra) -> dict:
    return {"article_id": article_id, "title": f"Bài viết thử {article_id}", "published_date": published,
            "period_id": period_id, "period_source": "manifest", "source_path": f"{article_id}.txt",
            "content_type": "text", "encoding": "utf-8", "sha256": article_id, "fingerprint": article_id,
            "n_chars": len(text), "text": text, "ingested_at": date(2025, 1, 1), **extra}


def observation(article_id: str, n: int, text: str, raw: str, metric_id: str | None, period_id: str | None,
                value: float, qualifier: str = "exact", **extra) -> dict:
    start = text.index(raw)
    return {"article_id": article_id, "observation_no": n, "metric_id": metric_id, "period_id": period_id,
            "kind": "level", "value": value, "unit": "count", "qualifier": qualifier, "status": "reported",
            "evidence": text, "start_char": start, "end_char": start + len(raw), "place_id": "vn", **extra}


def build(path: Path, articles: list[dict], observations: list[dict]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    ensure_schema(con)
    insert_rows(con, "metrics", METRICS)
    insert_rows(con, "places", [{"place_id": "vn", "name_vi": "Việt Nam", "name_en": "Viet Nam", "kind": "nation"}])
    insert_rows(con, "articles", articles)
    insert_rows(con, "observations", observations)
    used = {o["period_id"] for o in observations if o["period_id"]} | {a["period_id"] for a in articles
                                                                        if a["period_id"]}
    insert_rows(con, "periods", periods.period_rows(used))
    build_derived(con)
    return con


NDXP_2023 = "Năm 2023, nền tảng xử lý 1,6 triệu giao dịch mỗi ngày."
NDXP_Q1 = "Quý I/2024, nền tảng xử lý khoảng 2,8 triệu giao dịch mỗi ngày."
FLOWS = "Quý I/2024 gửi 40 bưu kiện; 6 tháng đầu năm 2024 gửi 90 bưu kiện; 9 tháng gửi 150; cả năm 2024 gửi 210."
STOCK = "Tính đến tháng 4/2024 đã mở hơn 500 tài khoản; tới 10/10/2024 đã mở khoảng 700 tài khoản."


@pytest.fixture(scope="module")
def wh_file(tmp_path_factory) -> Path:
    """The small warehouse of these tests, built once; each test gets a copy of it (:func:`wh`)."""
    arts = [
        article("a2023", NDXP_2023, date(2024, 1, 5), "2023", publisher="Báo Thử Nghiệm",
                source_url="https://example.org/tin/ndxp-2023"),
        article("a2024", NDXP_Q1, date(2024, 4, 10), "2024-Q1", publisher="Cổng Thông Tin Thử",
                source_url="javascript:alert(1)"),
        article("aflow", FLOWS, date(2025, 1, 3), "2024"),
        article("astock", STOCK, date(2024, 10, 10), "2024-10"),
    ]
    obs = [
        observation("a2023", 0, NDXP_2023, "1,6 triệu", "ndxp_daily_transactions", "2023", 1.6e6),
        observation("a2024", 0, NDXP_Q1, "2,8 triệu", "ndxp_daily_transactions", "2024-Q1", 2.8e6, "approx",
                    value_low=2.75e6, value_high=2.85e6),
        observation("aflow", 0, FLOWS, "40", "flow", "2024-Q1", 40),
        observation("aflow", 1, FLOWS, "90", "flow", "2024-H1", 90),
        observation("aflow", 2, FLOWS, "150", "flow", "2024-9M", 150),
        observation("aflow", 3, FLOWS, "210", "flow", "2024", 210),
        observation("astock", 0, STOCK, "500", "stock", "2024-04", 500, "over", value_low=500,
                    as_of_date=date(2024, 4, 30)),
        observation("astock", 1, STOCK, "700", "stock", "2024-10", 700, "approx", value_low=650, value_high=750,
                    as_of_date=date(2024, 10, 10)),
    ]
    path = tmp_path_factory.mktemp("honest") / "dx.duckdb"
    build(path, arts, obs).close()
    return path


@pytest.fixture()
def wh(wh_file, tmp_path) -> duckdb.DuckDBPyConnection:
    """A writable copy of the small warehouse."""
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(wh_file, path)
    con = duckdb.connect(str(path))
    yield con
    con.close()


# --- honest time --------------------------------------------------------------------------------------------

def test_as_of_values_sit_at_their_date_and_say_so(wh, tmp_path):
    chart = charts.metric_chart(wh, tmp_path, "stock")
    assert chart.data["labels"] == ["as of 04/2024", "as of 10/2024"]
    assert chart.data["dates"] == ["2024-04-30", "2024-10-10"]
    assert chart.data["intervals"] == [[500, INF], [650, 750]]
    assert chart.data["change_labels"][0]["text"] == "<+250 (−100% to +50%)"  # from >500 to 650..750


def test_overlapping_periods_are_never_consecutive_steps_of_one_line(wh, tmp_path):
    chart = charts.metric_chart(wh, tmp_path, "flow")
    assert chart.data["periods"] == ["2024-Q1", "2024-H1", "2024-9M", "2024"]
    assert len(set(chart.data["tracks"])) == 4  # every period of 2024 overlaps every other
    points = charts.chosen_points(wh, "flow")
    assert charts.steps(points) == []
    assert chart.data["change_labels"] == []
    assert chart.data["dates"] == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]


def test_disjoint_periods_are_joined_in_time_order():
    def point(period_id):
        p = periods.parse_id(period_id)
        return charts.Point(period_id, p.period_label, 1.0, "exact", "reported", "a", start=p.start_date,
                            end=p.end_date)
    points = [point(p) for p in ("2020", "2022", "2024-Q1", "2024-H1", "2024-Q3")]
    assert charts.tracks(points) == [0, 0, 0, 1, 0]
    assert [(a.period_id, b.period_id) for a, b in charts.steps(points)] == [
        ("2020", "2022"), ("2022", "2024-Q1"), ("2024-Q1", "2024-Q3")]


# --- the headline -------------------------------------------------------------------------------------------

def test_headline_shows_the_chosen_pair_with_its_range(wh, tmp_path):
    chart = charts.headline_chart(wh, tmp_path, config=DEFAULT)
    assert chart.data["change"]["from_period_id"] == "2023" and chart.data["change"]["to_period_id"] == "2024-Q1"
    assert chart.data["change_text"] == "+1.15M to +1.25M (+72% to +78%)"
    assert chart.data["callout"].startswith("1.6M (2023) → ≈2.8M (Q1/2024)")


def test_a_chosen_headline_survives_an_article_with_another_metric_and_period(wh, tmp_path):
    before = charts.headline_chart(wh, tmp_path / "before", config=DEFAULT)
    text = "Đến quý III/2024, nền tảng xử lý 3,4 triệu giao dịch mỗi ngày; năm 2024 gửi 300 bưu kiện."
    insert_rows(wh, "articles", [article("anew", text, date(2024, 10, 20), "2024-Q3")])
    insert_rows(wh, "observations", [
        observation("anew", 0, text, "3,4 triệu", "ndxp_daily_transactions", "2024-Q3", 3.4e6),
        observation("anew", 1, text, "300", "flow", "2024", 300)])
    insert_rows(wh, "periods", [r for r in periods.period_rows(["2024-Q3"])])
    build_derived(wh)
    after = charts.headline_chart(wh, tmp_path / "after", config=DEFAULT)
    assert after.data["change"] == before.data["change"]
    assert after.data["callout"] == before.data["callout"]
    assert after.data["periods"] == ["2023", "2024-Q1", "2024-Q3"]  # the new article adds a point


def test_a_headline_pair_without_values_draws_nothing(wh, tmp_path):
    config = ChartConfig(Headline("ndxp_daily_transactions", "vn", "2020", "2024-Q1"))
    assert charts.headline_chart(wh, tmp_path, config=config) is None


# --- marks and provenance -------------------------------------------------------------------------------

def test_conflicts_and_contradictions_are_marked(wh, tmp_path):
    wh.execute("""insert into conflicts (metric_id, period_id, "values", article_ids, n_values)
                  values ('stock', '2024-10', '700 | 900', 'astock | other', 2)""")
    wh.execute("""insert into consistency_audit (article_id, period_id, check_kind, claim, metric_id, stated,
                                                 computed, verdict)
                  values ('astock', '2024-04', 'difference', 'accounts opened 2024-04 to 2024-10 = 700 - 500',
                          'stock', 1000, 200, 'contradicts')""")
    for column, kind in [("stated_abs_change", "double"), ("stated_pct_change", "double"),
                         ("stated_article_id", "varchar"), ("agrees", "boolean")]:
        wh.execute(f"alter table series_changes add column if not exists {column} {kind}")
    wh.execute("""update series_changes set stated_abs_change = 1000, stated_article_id = 'astock', agrees = false
                  where metric_id = 'stock'""")
    chart = charts.metric_chart(wh, tmp_path, "stock")
    assert chart.data["conflicts"] == {"2024-10@2024-10-10": "700 | 900"}
    assert chart.data["contradicted"] == ["2024-04@2024-04-30"]
    assert chart.data["change_labels"][0]["text"] == "<+250 (−100% to +50%); stated +1,000 ✗"
    assert any("Contradiction (as of 04/2024)" in n for n in chart.data["notes"])
    assert any("the article states +1,000" in n for n in chart.data["notes"])
    index_links = evidence.article_links(wh, {"stock": ["metric_stock"]})
    assert any("conflict" in c for c in index_links["astock"].conflicts)
    assert sum("contradict" in c for c in index_links["astock"].conflicts) == 2


def test_sources_name_publisher_iso_date_and_url(wh):
    lines = charts.source_lines(wh, ["a2023", "aflow"])
    assert lines[0] == "Source: Báo Thử Nghiệm, 2024-01-05, https://example.org/tin/ndxp-2023"
    assert lines[1] == "Source: “Bài viết thử aflow”, 2025-01-03"
    assert not any("a2023" in line for line in lines)


def test_dozens_of_contradiction_notes_leave_room_for_the_axes():
    fig = charts._new_figure()
    top = charts._footer(fig, ["Source: x"] * charts.MAX_SOURCE_LINES, [f"Contradiction {n}" for n in range(50)])
    assert top < 0.6
    drawn = [t.get_text() for t in fig.texts]
    assert any("50 notes in all" in t for t in drawn) and not any("Contradiction 49" in t for t in drawn)


def test_the_sources_of_a_long_series_are_cut_to_a_few_lines_that_say_how_many(wh):
    ids = [r[0] for r in wh.execute("select article_id from articles").fetchall()]
    whole = charts.source_lines(wh, ids, width=40, max_lines=100)
    cut = charts.source_lines(wh, ids, width=40, max_lines=3)
    assert len(whole) > 3 and len(cut) == 3 and cut[:2] == whole[:2]
    assert cut[2] == f"… {len(ids)} articles in all: every one is listed in the evidence report"


# --- what is charted ------------------------------------------------------------------------------------------

def test_only_catalogue_metrics_and_selected_indicators_are_charted(wh, tmp_path):
    text = "; ".join(f"chỉ số {n} đạt {n} năm 2023 và {n + 1000} năm 2024" for n in range(40))
    insert_rows(wh, "articles", [article("many", text, date(2025, 2, 1), "2024")])
    rows = []
    for n in range(40):
        for period_id, value in (("2023", n), ("2024", n + 1000)):
            raw = f"đạt {n} năm" if period_id == "2023" else f"{n + 1000} năm"
            rows.append(observation("many", len(rows), text, raw, None, period_id, value,
                                    indicator_id=f"ind_{n:02d}", subject=f"chỉ số {n}"))
    insert_rows(wh, "observations", rows)
    build_derived(wh)
    config = ChartConfig(DEFAULT.headline, ("ind_07",))
    written = charts.metric_charts(wh, tmp_path, config)
    assert sorted(c.name for c in written) == ["indicator_ind_07", "metric_flow", "metric_ndxp_daily_transactions",
                                               "metric_stock"]
    seven = next(c for c in written if c.name == "indicator_ind_07")
    assert seven.data["values"] == [7, 1007]
    assert charts.chart_stems(wh, config)["ind_07"] == ["indicator_ind_07"]
    assert len(list(tmp_path.glob("*.png"))) == 4


def test_chart_text_is_drawn_literally(wh, tmp_path):
    wh.execute(r"update metrics set name_en = 'Spend in US$ per $\notacommand$ user {' where metric_id = 'flow'")
    chart = charts.metric_chart(wh, tmp_path, "flow")
    assert chart.png.stat().st_size > 10_000


# --- evidence pages -----------------------------------------------------------------------------------------

class PageParser(HTMLParser):
    """The inline observation labels, the observation marks and the links of a page."""

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self.marks = 0
        self.hrefs: list[str] = []
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and attrs.get("class") == "obs-label":
            self._in_label = True
            self.labels.append("")
        if tag == "mark" and attrs.get("class") == "obs":
            self.marks += 1
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_label = False

    def handle_data(self, data):
        if self._in_label:
            self.labels[-1] += data


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_highlighted_number_is_labelled_inline(wh, tmp_path):
    evidence.evidence_report(wh, tmp_path, {})
    stock = parse(tmp_path / "astock.html")
    assert stock.marks == len(stock.labels) == 2
    assert stock.labels[0] == "Accounts opened so far (stock) · as of 2024-04-30 · Viet Nam · over"
    assert stock.labels[1] == "Accounts opened so far (stock) · as of 2024-10-10 · Viet Nam · about"
    flows = parse(tmp_path / "aflow.html")
    assert flows.labels[1] == "Parcels shipped (flow) · H1/2024 · Viet Nam · exact"


def test_only_web_urls_become_links(wh, tmp_path):
    assert evidence.safe_href(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    assert evidence.safe_href("http://example.org") == "http://example.org"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//example.org", "https://",
                "https://exa mple.org", "", None):
        assert evidence.safe_href(bad) is None
    evidence.evidence_report(wh, tmp_path, {})
    page = tmp_path / "a2024.html"
    assert not any(h.lower().startswith("javascript") for h in parse(page).hrefs)
    assert "javascript:alert(1)" in page.read_text(encoding="utf-8")
    assert "https://example.org/tin/ndxp-2023" in parse(tmp_path / "a2023.html").hrefs


def test_the_index_links_articles_to_charts_conflicts_quarantine_and_indicators(wh, tmp_path):
    insert_rows(wh, "quarantine", [{"source_path": "astock.txt", "reason": "encoding",
                                    "detail": "repaired a broken byte", "outcome": "accepted",
                                    "detected_at": date(2025, 1, 1)}])
    evidence.evidence_report(wh, tmp_path, charts.chart_stems(wh, DEFAULT))
    index = tmp_path / "index.html"
    hrefs = parse(index).hrefs
    assert "../charts/metric_stock.png" in hrefs and "../charts/metric_ndxp_daily_transactions.png" in hrefs
    content = index.read_text(encoding="utf-8")
    assert "repaired a broken byte" in content
    assert "<code>flow</code> Parcels shipped" in content
    assert "2024-04-10" in content and "10/4/2024" not in content

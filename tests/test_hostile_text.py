"""Hostile text from the manifest and the articles: links are web links only, charts draw text literally."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import charts, evidence
from pipelines.defs import exports as export_assets
from pipelines.defs.resources import resources_for
from tests.output_fixtures import output_warehouse

pytestmark = pytest.mark.usefixtures("charts_loaded")  # see conftest.py

HOSTILE_TITLE = "Kinh tế số đạt $5 tỷ^$ trong quý III"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("hostile") / "dx.duckdb")


@pytest.fixture()
def warehouse(built, tmp_path) -> Path:
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(built, path)
    return path


def set_articles(warehouse: Path, sql: str, params: list) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"update articles set {sql}", params)
    finally:
        con.close()


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                 "vbscript:msgbox(1)", "https:javascript:alert(1)", "//evil.example/x",
                                 "http://[::1"])
def test_only_web_urls_become_links(warehouse, tmp_path, url):
    set_articles(warehouse, "source_url = ?", [url])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        pages = evidence.evidence_report(con, tmp_path / "evidence")
    content = pages[0].path.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', content)
    assert all(h.startswith("#") or h == "index.html" for h in hrefs), hrefs
    assert f"source: {evidence._e(url)}" in content


def test_web_urls_still_become_links(warehouse, tmp_path):
    set_articles(warehouse, "source_url = ?", ["https://mic.gov.vn/a?b=1&c=2"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        pages = evidence.evidence_report(con, tmp_path / "evidence")
    assert '<a href="https://mic.gov.vn/a?b=1&amp;c=2">' in pages[0].path.read_text(encoding="utf-8")


def drawn_text(svg: Path) -> str:
    return svg.read_text(encoding="utf-8")


def test_charts_draw_dollar_signs_literally(warehouse, tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.setenv("DX_CHART_FORMATS", "png,svg")  # the text is read back from the SVGs
    set_articles(warehouse, "title = ?", [HOSTILE_TITLE])
    out = tmp_path / "charts"
    with matplotlib.rc_context({"svg.fonttype": "none"}), duckdb.connect(str(warehouse), read_only=True) as con:
        headline = charts.headline_chart(con, out)
        metric = charts.metric_charts(con, out)
        overview = charts.overview_chart(con, out)
    for chart in [headline, overview, *metric[:3]]:
        assert "$5 tỷ^$" in drawn_text(chart.svg), chart.name


def test_a_chart_that_cannot_be_drawn_fails_its_check_not_the_run(warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("DX_EXPORTS_DIR", str(tmp_path / "exports"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        broken = charts.series_metrics(con)[0]
    real = charts._draw_metric

    def draw(job):
        if job[1].info.metric_id == broken:
            raise ValueError("mathtext cannot parse this")
        real(job)

    monkeypatch.setattr(charts, "_draw_metric", draw)
    monkeypatch.setattr(charts, "_draw_overview", lambda *_args: (_ for _ in ()).throw(ValueError("no")))
    result = dg.materialize([export_assets.charts_by_metric, export_assets.chart_overview,
                             export_assets.chart_headline], resources=resources_for(warehouse))
    assert result.success
    checks = {c.asset_key.to_user_string(): c for c in result.get_asset_check_evaluations()}
    assert not checks["charts_by_metric"].passed and broken in checks["charts_by_metric"].description
    assert not checks["chart_overview"].passed and "ValueError: no" in checks["chart_overview"].description
    assert checks["chart_headline"].passed
    drawn = {p.stem for p in (tmp_path / "exports" / "charts").glob("metric_*.png")}
    assert f"metric_{broken}" not in drawn and len(drawn) >= 2

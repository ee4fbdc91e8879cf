"""``dx catalogue suggest``: unmapped indicators of a hand-built warehouse become valid metrics.csv rows."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from pipelines.catalogue_suggest import (
    format_rows,
    guess_domain,
    read_domain_keywords,
    suggest,
    suggest_rows,
)
from pipelines.cli import main
from pipelines.core.catalogue import CATALOGUE_DIR, CatalogueError, load_catalogue
from pipelines.core.lexicon import MetricLexicon
from pipelines.warehouse.store import ensure_schema, insert_rows

CATALOGUE = load_catalogue()


def _indicator(indicator_id, subject, unit, n_articles, n_observations, metric_id=None):
    return {"indicator_id": indicator_id, "subject": subject, "unit": unit, "n_observations": n_observations,
            "n_articles": n_articles, "periods": "2024", "places": "vn", "example_evidence": f"{subject} đạt 10.",
            "example_article_id": "a1", "metric_id": metric_id, "nearest_metric_id": "smartphone_subscribers",
            "nearest_score": 27.6}


INDICATORS = [
    _indicator("thue-bao-5g", "thuê bao 5G", "count", 3, 4),
    _indicator("doanh-thu-thuong-mai-dien-tu-b2c", "Doanh thu thương mại điện tử B2C", "usd", 5, 6),
    _indicator("doanh-nghiep-cong-nghe-so", "doanh nghiệp công nghệ số", "count", 9, 12, "digital_tech_firms"),
    _indicator("cong-suat-trung-tam-du-lieu", "công suất trung tâm dữ liệu", "mw", 3, 7),
    _indicator("diem-dti-binh-quan", "điểm DTI bình quân của các bộ", "point", 1, 1),
    _indicator("blank", "  ", "count", 8, 8),
]


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "dx.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con)
    insert_rows(con, "indicators", INDICATORS)
    con.close()
    return path


def test_unmapped_indicators_come_most_articles_first_then_most_observations(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = suggest(con, CATALOGUE, limit=None)
    assert [s.indicator_id for s in found] == [
        "doanh-thu-thuong-mai-dien-tu-b2c", "cong-suat-trung-tam-du-lieu", "thue-bao-5g", "diem-dti-binh-quan"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert [s.indicator_id for s in suggest(con, CATALOGUE, limit=2)] == [
            "doanh-thu-thuong-mai-dien-tu-b2c", "cong-suat-trung-tam-du-lieu"]


def test_suggested_rows_are_valid_catalogue_rows_that_the_matcher_then_maps(warehouse, tmp_path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = suggest(con, CATALOGUE, limit=None)
    rows = {s.indicator_id: s.row for s in found}
    assert rows["thue-bao-5g"] == {"metric_id": "thue_bao_5g", "unit": "count", "domain": "digital_infrastructure",
                                   "name_en": "TODO English name for thue_bao_5g", "name_vi": "thuê bao 5G",
                                   "aliases": ""}
    assert rows["doanh-thu-thuong-mai-dien-tu-b2c"]["domain"] == "digital_economy"
    assert rows["cong-suat-trung-tam-du-lieu"]["unit"] == "mw"
    assert rows["diem-dti-binh-quan"]["unit"] == "index"
    directory = tmp_path / "catalogue"
    directory.mkdir()
    for name in ("units.csv", "cue_synonyms.csv"):
        (directory / name).write_bytes((CATALOGUE_DIR / name).read_bytes())
    (directory / "metrics.csv").write_text((CATALOGUE_DIR / "metrics.csv").read_text(encoding="utf-8")
                                           + format_rows(found), encoding="utf-8")
    grown = load_catalogue(directory)
    assert len(grown.metrics) == len(CATALOGUE.metrics) + 4
    lexicon = MetricLexicon(grown)
    assert lexicon.match("số thuê bao 5G", "count").metric_id == "thue_bao_5g"
    assert lexicon.match("công suất các trung tâm dữ liệu", "mw").metric_id == "cong_suat_trung_tam_du_lieu"


def test_metric_ids_stay_unique_and_short():
    long = "tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết và lưu trữ điện tử của các cơ quan"
    found = suggest_rows([_indicator("a", "doanh nghiệp công nghệ số", "count", 1, 1),
                          _indicator("b", "Doanh nghiệp công nghệ số.", "count", 1, 1),
                          _indicator("c", long, "percent", 1, 1)], CATALOGUE)
    ids = [s.row["metric_id"] for s in found]
    assert ids[:2] == ["doanh_nghiep_cong_nghe_so", "doanh_nghiep_cong_nghe_so_2"]
    assert len(ids[2]) <= 40 and ids[2].startswith("ty_le_ho_so_thu_tuc_hanh_chinh")


@pytest.mark.parametrize(("subject", "domain"), [
    ("thuê bao 5G", "digital_infrastructure"),
    ("hồ sơ thủ tục hành chính nộp trực tuyến", "digital_government"),
    ("giao dịch thanh toán không dùng tiền mặt", "digital_society"),
    ("cuộc tấn công mạng", "cybersecurity"),
    ("cá ngừ", "dx_program"),
])
def test_domain_is_guessed_from_keywords(subject, domain):
    assert guess_domain(subject, read_domain_keywords(), CATALOGUE) == domain


def test_domain_keywords_are_validated(tmp_path):
    path = tmp_path / "domain_keywords.csv"
    path.write_text("domain,keyword\ndigital_data,dữ liệu\nspace,vệ tinh\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"domain_keywords.csv:3: unknown domain 'space'"):
        read_domain_keywords(path)


def test_cli_prints_rows_ready_to_paste(warehouse, capsys):
    assert main(["catalogue", "suggest", "--limit", "3", "--warehouse", str(warehouse)]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[0] for r in rows] == ["doanh_thu_thuong_mai_dien_tu_b2c", "cong_suat_trung_tam_du_lieu", "thue_bao_5g"]
    assert all(len(r) == 6 for r in rows)
    assert "# thue_bao_5g: 3 article(s), 4 observation(s), nearest smartphone_subscribers (28)" in err


def test_cli_says_when_nothing_is_unmapped(tmp_path, capsys):
    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_schema(con)
    assert main(["catalogue", "suggest", "--warehouse", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no unmapped indicators" in err

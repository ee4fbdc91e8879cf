"""The derived layer (sql/*.sql via pipelines.derive): the sample answers, and small hand-made cases."""

import math
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.core import periods
from pipelines.core.catalogue import metrics_by_id, read_metrics
from pipelines.defs.derive import derived_assets, derived_checks, markdown_table
from pipelines.defs.resources import resources_for
from pipelines.derive import DERIVED_TABLES, RelationError, asset_deps, build_derived, read_relations
from pipelines.warehouse.store import ensure_schema, insert_rows
from tests.stated_ranges import range_columns
from tests.support import answer_warehouse, spec_rows


def close(a, b, rel=1e-6) -> bool:
    """The comparison score_seeds.py uses."""
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)


def records(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@pytest.fixture(scope="module")
def answer_path(tmp_path_factory) -> Path:
    return answer_warehouse(tmp_path_factory.mktemp("answers") / "dx.duckdb")


@pytest.fixture(scope="module")
def answers(answer_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("derived") / "dx.duckdb"
    shutil.copyfile(answer_path, path)
    con = duckdb.connect(str(path))
    build_derived(con)
    yield con
    con.close()


_EMPTY: dict[str, tuple[tempfile.TemporaryDirectory, Path]] = {}


def empty_warehouse() -> Path:
    """A warehouse file with the schema and the catalogue's metrics, written once per process (and catalogue)."""
    key = os.environ.get("DX_CATALOGUE_DIR", "")
    if key not in _EMPTY:
        folder = tempfile.TemporaryDirectory(prefix="dx-test-empty-")
        path = Path(folder.name) / "empty.duckdb"
        con = duckdb.connect(str(path))
        try:
            ensure_schema(con)
            insert_rows(con, "metrics", [vars(m) for m in read_metrics()])
        finally:
            con.close()
        _EMPTY[key] = (folder, path)
    return _EMPTY[key][1]


class Sample:
    """A tiny warehouse of hand-written articles; ``obs`` finds the quoted number in the text for the span.

    It lives in memory and starts as a copy of :func:`empty_warehouse` (the same tables, columns, comments and
    constraints as ``ensure_schema`` gives, in a third of the time). One thread runs its queries: on a few rows a
    second one only adds the cost of handing work over (a tenth of each build).
    """

    def __init__(self):
        self.con = duckdb.connect(config={"threads": 1})
        self.con.execute("attach ? as empty (read_only)", [str(empty_warehouse())])
        self.con.execute("copy from database empty to memory")
        self.con.execute("detach empty")
        self.texts: dict[str, str] = {}
        self.period_ids: set[str] = set()
        self.n = 0

    def article(self, article_id: str, text: str, period_id: str, published: date | None = None) -> "Sample":
        self.texts[article_id] = text
        self.period_ids.add(period_id)
        insert_rows(self.con, "articles", [{
            "article_id": article_id, "title": text[:40], "published_date": published, "period_id": period_id,
            "period_source": "manifest", "source_path": f"{article_id}.txt", "content_type": "text",
            "encoding": "utf-8", "sha256": article_id, "fingerprint": article_id, "n_chars": len(text),
            "text": text, "ingested_at": datetime(2026, 1, 1)}])
        return self

    def obs(self, article_id: str, metric_id: str | None, period_id: str | None, quoted: str, value: float, *,
            qualifier: str = "exact", kind: str = "level", base: str | None = None,
            status: str = "reported", place: str = "vn", as_of: date | None = None,
            indicator: str | None = None, unit: str | None = None) -> "Sample":
        text = self.texts[article_id]
        start = text.index(quoted)
        unit = unit or ("percent" if kind == "change_pct" else metrics_by_id()[metric_id].unit)
        self.period_ids.update(p for p in (period_id, base) if p)
        self.n += 1
        insert_rows(self.con, "observations", [{
            "article_id": article_id, "observation_no": self.n, "metric_id": metric_id,
            "period_id": period_id,
            "kind": kind, "base_period_id": base, "value": value, "unit": unit, "qualifier": qualifier,
            "status": status, "evidence": text, "start_char": start, "end_char": start + len(quoted),
            "place_id": place, "as_of_date": as_of, "indicator_id": indicator or metric_id,
            **range_columns(quoted, value, qualifier, unit)}])
        return self

    def build(self) -> duckdb.DuckDBPyConnection:
        ids = periods.sort_periods(self.period_ids)
        insert_rows(self.con, "periods", periods.period_rows(ids))
        build_derived(self.con)
        return self.con


# --- the sample answers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("expected", spec_rows("seed_changes.csv"),
                         ids=lambda e: f"{e['metric_id']}:{e['from_period']}-{e['to_period']}")
def test_series_changes_reproduce_the_seed(answers, expected):
    hit = records(answers, "select * from series_changes where metric_id = ? and from_period_id = ? "
                           "and to_period_id = ?", [expected["metric_id"], expected["from_period"],
                                                    expected["to_period"]])
    assert len(hit) == 1
    row = hit[0]
    assert close(row["from_value"], expected["from_value"])
    assert close(row["to_value"], expected["to_value"])
    assert close(row["abs_change"], expected["abs_change"], 1e-4)
    assert close(row["pct_change"], expected["pct_change"], 1e-3)


def test_integration_platform_series_reads_as_the_articles_say(answers):
    row = records(answers, "select * from series_changes where metric_id = 'ndxp_daily_transactions'")
    assert len(row) == 1
    row = row[0]
    assert (row["from_period_id"], row["to_period_id"]) == ("2023", "2024-Q1")
    assert (row["from_value"], row["to_value"], row["abs_change"]) == (1_600_000, 2_800_000, 1_200_000)
    assert row["pct_change"] == pytest.approx(75.0)
    assert (row["from_qualifier"], row["to_qualifier"]) == ("exact", "approx")
    assert row["annualised_pct"] is None


def test_chosen_value_prefers_exact_over_approx_on_the_samples(answers):
    row = records(answers, "select * from chosen_observations "
                           "where metric_id = 'digital_economy_growth_rate' and period_id = '2023'")[0]
    assert (row["value"], row["qualifier"], row["n_values"]) == (19, "exact", 2)


@pytest.mark.parametrize("expected", spec_rows("seed_implied.csv"), ids=lambda e: e["metric_id"])
def test_implied_observations_reproduce_the_seed(answers, expected):
    hit = records(answers, "select * from implied_observations where metric_id = ? and period_id = ?",
                  [expected["metric_id"], expected["period"]])
    assert len(hit) == 1
    assert close(hit[0]["value"], expected["value"], 1e-4)
    assert hit[0]["article_id"] == expected["from_article"]


def test_implied_rule_and_qualifier_say_how_it_was_computed(answers):
    row = records(answers, "select * from implied_observations "
                           "where metric_id = 'population_db_verification_requests'")[0]
    assert row["rule"] == "1500000000 (2024-Q1) - 213000000 (change over 2023)"
    assert row["qualifier"] == "over"
    pct = records(answers, "select * from implied_observations "
                           "where metric_id = 'digital_tech_foreign_revenue'")
    assert pct[0]["rule"] == "7500000000 (2023) / 1.04 (change of 4% over 2022)"
    assert pct[0]["qualifier"] == "approx"


def test_conflicts_are_exactly_the_seed_disagreements(answers):
    got = {(r["metric_id"], r["period_id"]): r for r in records(answers, 'select * from conflicts')}
    expected = {(e["metric_id"], e["period"]): e for e in spec_rows("seed_conflicts.csv")}
    assert set(got) == set(expected)
    for key, e in expected.items():
        assert got[key]["values"] == e["values"]
        assert got[key]["article_ids"] == e["articles"]
    assert got[("population_db_verification_requests", "2023")]["sources"] == "reported | implied"


@pytest.mark.parametrize("expected", spec_rows("seed_audit.csv"), ids=lambda e: e["claim"])
def test_audit_reproduces_the_seed_verdicts(answers, expected):
    hits = [r for r in records(answers, "select * from consistency_audit where article_id = ?",
                               [expected["article"]])
            if close(r["stated"], expected["stated"])
            and abs(r["computed"] - float(expected["computed"])) < 0.01]
    assert len(hits) == 1, expected
    assert hits[0]["verdict"] == expected["verdict"]


def test_audit_finds_only_the_population_database_contradiction_in_the_samples(answers):
    rows = records(answers, "select * from consistency_audit where verdict <> 'consistent'")
    assert [(r["article_id"], r["check_kind"], r["metric_id"], r["verdict"]) for r in rows] == [
        ("000_a58812ac4d9dca6d", "stated_change", "population_db_verification_requests", "contradicts")]
    row = rows[0]
    assert (row["stated"], row["computed"]) == (213e6, 300e6)
    assert (row["computed_low"], row["computed_high"]) == (300e6, None)
    assert row["claim"].endswith("change 2023 to Q1/2024 = 1.5 billion - 1.2 billion "
                                 "(levels of 002_69345160a41d6127 and 000_a58812ac4d9dca6d)")
    kinds = {r["check_kind"] for r in records(answers, "select check_kind from consistency_audit")}
    assert kinds == {"share", "sum", "rate", "growth", "stated_change"}


def test_population_database_pair_shows_the_stated_change_beside_the_computed_one(answers):
    row = records(answers, "select * from series_changes "
                           "where metric_id = 'population_db_verification_requests'")[0]
    assert (row["from_value"], row["to_value"], row["abs_change"]) == (1.2e9, 1.5e9, 300e6)
    assert (row["from_value_low"], row["from_value_high"]) == (pytest.approx(1.08e9), 1.2e9)
    assert (row["to_value_low"], row["to_value_high"]) == (1.5e9, None)
    assert (row["abs_change_low"], row["abs_change_high"]) == (pytest.approx(300e6), None)
    assert row["pct_change_low"] == pytest.approx(25.0)
    assert row["pct_change_high"] is None
    assert (row["stated_abs_change"], row["stated_pct_change"]) == (213e6, None)
    assert row["stated_article_id"] == "000_a58812ac4d9dca6d"
    assert row["agrees"] is False
    assert row["change_is_exact"] is False
    assert (row["from_point_date"], row["to_point_date"]) == (date(2023, 10, 10), date(2024, 4, 30))


def test_a_stated_growth_that_fits_agrees_on_the_samples(answers):
    row = records(answers, "select * from series_changes where metric_id = 'national_dx_index' "
                           "and from_period_id = '2020'")[0]
    assert (row["stated_pct_change"], row["agrees"]) == (48, True)
    assert row["pct_change_low"] < 47.92 < row["pct_change_high"]


def test_every_observation_span_yields_its_precision(answers):
    assert records(answers, "select * from internal.observation_precision where precision_source <> 'span'") == []


def test_build_is_repeatable(answers):
    before = {t: answers.execute(f"select * from {t} order by all").fetchall()
              for t in ("conflicts", "series_changes", "consistency_audit", "implied_observations")}
    counts = build_derived(answers)
    assert set(counts) == {"metric_relations", *DERIVED_TABLES}
    assert counts["metric_relations"] == 6
    assert {t: answers.execute(f"select * from {t} order by all").fetchall() for t in before} == before


# --- choosing one value per metric and period -------------------------------------------------------------

SHARE = "adults_with_bank_account_share"


def choice(con, period_id="2024-Q1") -> dict:
    rows = records(con, "select * from chosen_observations where metric_id = ? and period_id = ?",
                   [SHARE, period_id])
    assert len(rows) == 1
    return rows[0]


def test_later_publication_wins_between_exact_values():
    s = Sample()
    s.article("a", "Tỷ lệ người trưởng thành có tài khoản đạt 80%.", "2024-Q1", date(2024, 4, 2))
    s.article("b", "Tỷ lệ người trưởng thành có tài khoản đạt 81%.", "2024-Q1", date(2024, 5, 20))
    s.obs("a", SHARE, "2024-Q1", "80%", 80).obs("b", SHARE, "2024-Q1", "81%", 81)
    row = choice(s.build())
    assert (row["value"], row["article_id"], row["n_values"], row["n_distinct_values"]) == (81, "b", 2, 2)


def test_exact_beats_a_later_approximate_value():
    s = Sample()
    s.article("a", "Tỷ lệ đạt 80%.", "2024-Q1", date(2024, 4, 2))
    s.article("b", "Tỷ lệ đạt khoảng 82%.", "2024-Q1", date(2024, 9, 1))
    s.obs("a", SHARE, "2024-Q1", "80%", 80).obs("b", SHARE, "2024-Q1", "khoảng 82%", 82, qualifier="approx")
    assert choice(s.build())["article_id"] == "a"


def test_missing_publication_date_falls_back_to_the_reporting_period_end():
    s = Sample()
    s.article("a", "Tỷ lệ đạt 80%.", "2024-H1", None)  # counts as 2024-06-30
    s.article("b", "Tỷ lệ đạt 81%.", "2024-Q1", date(2024, 5, 20))
    s.obs("a", SHARE, "2024-Q1", "80%", 80).obs("b", SHARE, "2024-Q1", "81%", 81)
    row = choice(s.build())
    assert row["article_id"] == "a"
    assert row["published_or_period_end"] == date(2024, 6, 30)


def test_same_date_falls_back_to_article_id_and_the_view_flags_one_choice():
    s = Sample()
    s.article("z", "Tỷ lệ đạt 80%.", "2024-Q1", date(2024, 4, 2))
    s.article("k", "Tỷ lệ đạt 81%.", "2024-Q1", date(2024, 4, 2))
    s.obs("z", SHARE, "2024-Q1", "80%", 80).obs("k", SHARE, "2024-Q1", "81%", 81)
    con = s.build()
    assert choice(con)["article_id"] == "k"
    flags = records(con, "select article_id, chosen from internal.observation_choices order by article_id")
    assert flags == [{"article_id": "k", "chosen": True}, {"article_id": "z", "chosen": False}]


def test_a_report_beats_a_forecast_and_targets_are_not_candidates():
    s = Sample()
    s.article("a", "Dự báo tỷ lệ đạt 85%, mục tiêu 90%.", "2024-Q1", date(2024, 6, 1))
    s.article("b", "Tỷ lệ đạt khoảng 83%.", "2024-Q1", date(2024, 4, 1))
    s.obs("a", SHARE, "2024-Q1", "85%", 85, status="forecast")
    s.obs("a", SHARE, "2024-Q1", "90%", 90, status="target")
    s.obs("b", SHARE, "2024-Q1", "khoảng 83%", 83, qualifier="approx")
    row = choice(s.build())
    assert (row["value"], row["status"], row["n_values"]) == (83, "reported", 2)


# --- series changes ----------------------------------------------------------------------------------------

def test_annualised_change_over_whole_years():
    s = Sample()
    s.article("a", "Chỉ số chuyển đổi số tăng từ 0,48 năm 2020 lên 0,71 năm 2022.", "2022", date(2023, 1, 5))
    s.obs("a", "national_dx_index", "2020", "0,48", 0.48).obs("a", "national_dx_index", "2022", "0,71", 0.71)
    row = records(s.build(), "select * from series_changes")[0]
    assert row["years_apart"] == 2
    assert row["pct_change"] == pytest.approx(47.9167, abs=1e-4)
    assert row["annualised_pct"] == pytest.approx(((0.71 / 0.48) ** 0.5 - 1) * 100)


def test_annualised_only_between_like_periods_a_whole_year_apart():
    s = Sample()
    s.article("a", "Đến hết quý 1/2023 có 100 dịch vụ; quý 1/2024 có 121 dịch vụ; "
                   "tới nay có 130 dịch vụ.", "2024-H1", date(2024, 7, 1))
    metric = "vneid_integrated_services"
    s.obs("a", metric, "2023-Q1", "100", 100, as_of=date(2023, 3, 31))
    s.obs("a", metric, "2024-Q1", "121", 121, as_of=date(2024, 3, 31))
    s.obs("a", metric, "2024-H1", "130", 130, as_of=date(2024, 6, 30))
    rows = {(r["from_period_id"], r["to_period_id"]): r
            for r in records(s.build(), "select * from series_changes")}
    assert set(rows) == {("2023-Q1", "2024-Q1"), ("2024-Q1", "2024-H1")}
    assert rows[("2023-Q1", "2024-Q1")]["annualised_pct"] == pytest.approx(21.0)
    assert rows[("2024-Q1", "2024-H1")]["annualised_pct"] is None
    assert rows[("2024-Q1", "2024-H1")]["days_apart"] == 91


def test_flows_of_overlapping_periods_are_never_consecutive_steps():
    s = Sample()
    s.article("a", "Năm 2023 xử lý 500 hồ sơ; quý 1/2024 xử lý 140 hồ sơ; 6 tháng đầu năm 2024 xử lý "
                   "300 hồ sơ; riêng tháng 9 xử lý 450 hồ sơ; cả năm 2024 xử lý 610 hồ sơ.", "2024", date(2025, 1, 5))
    metric = "vneid_integrated_services"
    for period, quoted, value in (("2023", "500", 500), ("2024-Q1", "140", 140), ("2024-H1", "300", 300),
                                  ("2024-09", "450", 450), ("2024", "610", 610)):
        s.obs("a", metric, period, quoted, value)
    pairs = [(r["from_period_id"], r["to_period_id"], r["to_point_date"])
             for r in records(s.build(), "select * from series_changes")]
    assert pairs == [("2023", "2024-Q1", date(2024, 3, 31)), ("2023", "2024-H1", date(2024, 6, 30)),
                     ("2024-H1", "2024-09", date(2024, 9, 30)), ("2023", "2024", date(2024, 12, 31))]


def test_stocks_as_of_dates_step_in_date_order():
    s = Sample()
    s.article("a", "Tính đến 10/10/2023 có 80 dịch vụ; đến tháng 4/2024 có 90 dịch vụ.", "2024-Q1",
              date(2024, 5, 2))
    metric = "vneid_integrated_services"
    s.obs("a", metric, "2023", "80", 80, as_of=date(2023, 10, 10))
    s.obs("a", metric, "2024-Q1", "90", 90, as_of=date(2024, 4, 30))
    con = s.build()
    row = records(con, "select * from series_changes")[0]
    assert (row["from_point_date"], row["to_point_date"], row["days_apart"]) == (
        date(2023, 10, 10), date(2024, 4, 30), 203)
    chosen = records(con, "select period_id, period_end, point_date from chosen_observations order by period_id")
    assert chosen[1] == {"period_id": "2024-Q1", "period_end": date(2024, 3, 31), "point_date": date(2024, 4, 30)}


def test_a_national_series_never_mixes_in_a_province():
    s = Sample()
    s.article("a", "Cả nước đạt 70% năm 2023, 75% năm 2024; riêng tỉnh X đạt 40% năm 2024.", "2024",
              date(2025, 1, 5))
    s.obs("a", SHARE, "2023", "70%", 70).obs("a", SHARE, "2024", "75%", 75)
    s.obs("a", SHARE, "2024", "40%", 40, place="vn-x")
    con = s.build()
    rows = records(con, "select place_id, from_value, to_value from series_changes")
    assert rows == [{"place_id": "vn", "from_value": 70, "to_value": 75}]
    assert records(con, "select * from conflicts") == []
    latest = records(con, "select place_id, value from latest_values order by place_id")
    assert latest == [{"place_id": "vn", "value": 75}, {"place_id": "vn-x", "value": 40}]


def test_an_indicator_without_a_metric_forms_its_own_series_and_no_period_stays_out():
    s = Sample()
    s.article("a", "Số trạm sạc đạt 120 trạm năm 2023 và 150 trạm năm 2024; một lúc nào đó có 99 trạm.", "2024",
              date(2025, 1, 5))
    for period, quoted, value in (("2023", "120 trạm", 120), ("2024", "150 trạm", 150), (None, "99 trạm", 99)):
        s.obs("a", None, period, quoted, value, indicator="so_tram_sac", unit="count")
    con = s.build()
    rows = records(con, "select metric_id, indicator_id, from_value, to_value, change_is_exact, "
                        "abs_change_low, abs_change_high from series_changes")
    assert rows == [{"metric_id": None, "indicator_id": "so_tram_sac", "from_value": 120, "to_value": 150,
                     "change_is_exact": True, "abs_change_low": 30, "abs_change_high": 30}]
    assert records(con, "select count(*) as n from chosen_observations") == [{"n": 2}]


@pytest.mark.parametrize(("first", "second", "abs_range", "pct_range"), [
    (("exact", "1.200"), ("exact", "1.500"), (300, 300), (25, 25)),
    (("approx", "khoảng 1.200"), ("approx", "khoảng 1.500"), (299, 301), (24.9, 25.1)),
    (("over", "hơn 1.200"), ("exact", "1.500"), (None, 300), (-100.0, 25)),
    (("exact", "1.200"), ("over", "hơn 1.500"), (300, None), (25, None)),
    (("nearly", "gần 1.200"), ("exact", "1.500"), (300, 420), (25, 38.889)),
    (("exact", "1.200"), ("nearly", "gần 1.500"), (150, 300), (12.5, 25)),
    (("at_least", "ít nhất 1.200"), ("nearly", "gần 1.500"), (None, 300), (-100.0, 25)),
    (("nearly", "gần 1.200"), ("over", "hơn 1.500"), (300, None), (25, None)),
])
def test_change_intervals_follow_both_qualifiers(first, second, abs_range, pct_range):
    s = Sample()
    s.article("a", f"Năm 2023 có {first[1]} doanh nghiệp, năm 2024 có {second[1]} doanh nghiệp.", "2024",
              date(2025, 1, 5))
    metric = "digital_tech_firms_with_foreign_revenue"
    s.obs("a", metric, "2023", first[1], 1200, qualifier=first[0])
    s.obs("a", metric, "2024", second[1], 1500, qualifier=second[0])
    row = records(s.build(), "select * from series_changes")[0]
    for (low, high), (got_low, got_high) in ((abs_range, (row["abs_change_low"], row["abs_change_high"])),
                                             (pct_range, (row["pct_change_low"], row["pct_change_high"]))):
        assert (got_low is None) == (low is None) and (got_high is None) == (high is None)
        if low is not None:
            assert got_low == pytest.approx(low, abs=0.2)
        if high is not None:
            assert got_high == pytest.approx(high, abs=0.2)
    assert row["change_is_exact"] is (first[0] == second[0] == "exact")


def test_conflicts_are_byte_identical_across_builds():
    def build():
        s = Sample()
        for article_id in ("b", "a", "c"):
            s.article(article_id, "Năm 2023 tăng 19%, có bài ghi khoảng 20%.", "2023", date(2024, 1, 10))
        for article_id in ("b", "a", "c"):
            s.obs(article_id, "ecommerce_growth_rate", "2023", "19%", 19)
            s.obs(article_id, "ecommerce_growth_rate", "2023", "khoảng 20%", 20, qualifier="approx")
        return records(s.build(), "select * from conflicts")
    first = build()
    assert first[0]["article_ids"] == "a | b | c | a | b | c"
    assert first == build()


# --- precision, implied values and conflicts ------------------------------------------------------------

@pytest.mark.parametrize(("text", "quoted", "value", "metric", "rounding"), [
    ("Đã có 20 văn bản hướng dẫn.", "20 văn bản", 20, "dx_guidance_documents_issued", 0.5),
    ("Tiếp nhận gần 1,2 tỷ yêu cầu.", "gần 1,2 tỷ", 1.2e9, "population_db_verification_requests", 5e7),
    ("Có hơn 1.500 doanh nghiệp.", "hơn 1.500", 1500, "digital_tech_firms_with_foreign_revenue", 0.5),
    ("Nhận 74,85 triệu hồ sơ.", "74,85 triệu", 74.85e6, "eid_applications_received", 5e3),
    ("Doanh thu 1.928.311 tỷ đồng.", "1.928.311 tỷ đồng", 1.928311e15, "ict_digital_economy_revenue", 5e8),
    ("Doanh thu 2,5 nghìn tỷ đồng.", "2,5 nghìn tỷ", 2.5e12, "ict_digital_economy_revenue", 5e10),
    ("Tăng trưởng 12,75%.", "12,75%", 12.75, "ecommerce_growth_rate", 0.005),
    ("Kết nối 63 tỉnh.", "63 tỉnh", 63, "population_db_connected_provinces", 0.5),
    ("Doanh thu 1,234,567 USD.", "1,234,567", 1234567, "digital_tech_foreign_revenue", 0.5),
])
def test_precision_is_half_a_unit_of_the_last_stated_digit(text, quoted, value, metric, rounding):
    s = Sample().article("a", text, "2024", date(2024, 12, 1))
    s.obs("a", metric, "2024", quoted, value)
    row = records(s.build(), "select * from internal.observation_precision")[0]
    assert row["precision_source"] == "span"
    assert row["rounding"] == pytest.approx(rounding)


def test_precision_falls_back_to_the_value_when_the_span_has_no_such_number():
    s = Sample().article("a", "Có khoảng hai triệu người dùng.", "2024", date(2024, 12, 1))
    s.obs("a", "mobile_money_customers", "2024", "hai triệu", 2e6, qualifier="approx")
    row = records(s.build(), "select * from internal.observation_precision")[0]
    assert (row["precision_source"], row["rounding"], row["lo"], row["hi"]) == ("value", 5e5, 1.5e6, 2.5e6)


@pytest.mark.parametrize(("qualifier", "lo", "hi"), [
    ("exact", 2.75e6, 2.85e6), ("approx", 2.75e6, 2.85e6), ("over", 2.8e6, math.inf),
    ("at_least", 2.8e6, math.inf), ("nearly", 2.52e6, 2.8e6)])
def test_qualifier_widens_the_range_one_way(qualifier, lo, hi):
    s = Sample().article("a", "Có 2,8 triệu giao dịch mỗi ngày.", "2024", date(2024, 12, 1))
    s.obs("a", "ndxp_daily_transactions", "2024", "2,8 triệu", 2.8e6, qualifier=qualifier)
    row = records(s.build(), "select * from internal.observation_precision")[0]
    assert (row["lo"], row["hi"]) == (pytest.approx(lo), pytest.approx(hi))


def two_reports(first: tuple, second: tuple, metric: str) -> list[dict]:
    """Two articles reporting ``metric`` for 2023: each (text, quoted, value, qualifier)."""
    s = Sample()
    for article_id, (text, quoted, value, qualifier) in zip(("a", "b"), (first, second), strict=True):
        s.article(article_id, text, "2023", date(2024, 1, 10))
        s.obs(article_id, metric, "2023", quoted, value, qualifier=qualifier)
    return records(s.build(), "select * from conflicts")


@pytest.mark.parametrize(("first", "second", "metric", "conflict"), [
    (("Năm 2023 tăng 19%.", "19%", 19, "exact"), ("Năm 2023 tăng khoảng 20%.", "khoảng 20%", 20, "approx"),
     "ecommerce_growth_rate", True),
    (("Năm 2023 tăng 19,6%.", "19,6%", 19.6, "exact"),
     ("Năm 2023 tăng khoảng 20%.", "khoảng 20%", 20, "approx"), "ecommerce_growth_rate", False),
    (("Có hơn 1.500 doanh nghiệp.", "hơn 1.500", 1500, "over"),
     ("Có 1.620 doanh nghiệp.", "1.620", 1620, "exact"), "digital_tech_firms", False),
    (("Có gần 1.200 doanh nghiệp.", "gần 1.200", 1200, "nearly"),
     ("Có 1.300 doanh nghiệp.", "1.300", 1300, "exact"), "digital_tech_firms", True),
    (("Có 15 bộ.", "15 bộ", 15, "exact"), ("Có 16 bộ.", "16 bộ", 16, "exact"),
     "ministries_with_shared_db_catalogue", True),
    (("Có 15 bộ.", "15 bộ", 15, "exact"), ("Đã có 15 bộ.", "15 bộ", 15, "exact"),
     "ministries_with_shared_db_catalogue", False),
])
def test_conflict_when_ranges_do_not_meet(first, second, metric, conflict):
    rows = two_reports(first, second, metric)
    assert bool(rows) == conflict
    if conflict:
        assert rows[0]["article_ids"] == "a | b"
        assert rows[0]["sources"] == "reported | reported"


def implied_sample(level: tuple, change: tuple, kind: str = "change_abs", base: str | None = "2023",
                   earlier: tuple | None = None) -> duckdb.DuckDBPyConnection:
    """Article 'a' states a 2024-H1 level and a change over ``base``; article 'b' may state the 2023 level."""
    metric = "ministries_with_shared_db_catalogue"
    s = Sample().article("a", "Đến nay " + level[0] + " ban hành danh mục (" + change[0] + ").", "2024-H1",
                         date(2024, 7, 1))
    s.obs("a", metric, "2024-H1", level[0], level[1], qualifier=level[2])
    s.obs("a", metric, "2024-H1", change[0], change[1], qualifier=change[2], kind=kind, base=base)
    if earlier:
        s.article("b", "Năm 2023 có " + earlier[0] + ".", "2023", date(2023, 12, 30))
        s.obs("b", metric, "2023", earlier[0], earlier[1])
    return s.build()


def test_change_without_base_period_implies_nothing():
    con = implied_sample(("17 bộ", 17, "exact"), ("tăng 3 bộ", 3, "exact"), base=None)
    assert records(con, "select * from implied_observations") == []


@pytest.mark.parametrize(("level", "change", "qualifier"), [
    (("17 bộ", 17, "exact"), ("tăng 3 bộ", 3, "exact"), "exact"),
    (("hơn 17 bộ", 17, "over"), ("tăng 3 bộ", 3, "exact"), "over"),
    (("17 bộ", 17, "exact"), ("tăng hơn 3 bộ", 3, "over"), "nearly"),
    (("hơn 17 bộ", 17, "over"), ("tăng hơn 3 bộ", 3, "over"), "approx"),
    (("khoảng 17 bộ", 17, "approx"), ("tăng 3 bộ", 3, "exact"), "approx"),
])
def test_implied_qualifier_follows_the_inputs(level, change, qualifier):
    row = records(implied_sample(level, change), "select * from implied_observations")[0]
    assert (row["period_id"], row["value"], row["qualifier"]) == ("2023", 14, qualifier)


def test_implied_level_from_a_percent_change():
    con = implied_sample(("17 bộ", 17, "exact"), ("tăng 25%", 25, "exact"), kind="change_pct")
    row = records(con, "select * from implied_observations")[0]
    assert row["value"] == pytest.approx(13.6)
    assert row["rule"] == "17 (2024-H1) / 1.25 (change of 25% over 2023)"


@pytest.mark.parametrize(("earlier", "conflict"), [(("15 bộ", 15), True), (("14 bộ", 14), False)])
def test_implied_value_conflicts_with_a_reported_one(earlier, conflict):
    con = implied_sample(("17 bộ", 17, "exact"), ("tăng 3 bộ", 3, "exact"), earlier=earlier)
    rows = records(con, "select * from conflicts")
    assert bool(rows) == conflict
    if conflict:
        assert rows[0]["sources"] == "implied | reported"


# --- consistency audit ------------------------------------------------------------------------------------

GOALS = ("Trong 62 mục tiêu, có 18 mục tiêu đã hoàn thành (đạt {share}), 27 mục tiêu có khả năng "
         "hoàn thành và {risk} mục tiêu cần nỗ lực.")


def goals_audit(share: str, share_value: float, risk: int = 17) -> list[dict]:
    text = GOALS.format(share=share, risk=risk)
    s = Sample().article("a", text, "2023", date(2023, 12, 28))
    s.obs("a", "dx_strategy_goals_total", "2023", "62 mục tiêu", 62)
    s.obs("a", "dx_strategy_goals_completed", "2023", "18 mục tiêu", 18)
    s.obs("a", "dx_strategy_goals_completed_share", "2023", share, share_value)
    s.obs("a", "dx_strategy_goals_likely", "2023", "27 mục tiêu", 27)
    s.obs("a", "dx_strategy_goals_at_risk", "2023", f"{risk} mục tiêu", risk)
    return records(s.build(), "select * from consistency_audit order by check_kind")


def test_a_share_that_matches_its_counts_is_consistent():
    rows = goals_audit("29%", 29)
    share = next(r for r in rows if r["check_kind"] == "share")
    assert share["claim"] == "share of goals completed = 18 / 62"
    assert (share["computed"], share["verdict"]) == (29.03, "consistent")


def test_an_inconsistent_share_and_total_are_flagged():
    rows = {r["check_kind"]: r for r in goals_audit("35%", 35, risk=16)}
    assert rows["share"]["verdict"] == "inconsistent"
    assert rows["sum"]["verdict"] == "inconsistent"
    assert rows["sum"]["computed"] == 61
    assert rows["sum"]["claim"] == "goals completed + likely + at risk = total: 18 + 27 + 16"


def test_a_sum_is_only_checked_when_every_part_is_stated():
    s = Sample().article("a", "Trong 62 mục tiêu, 18 mục tiêu đã hoàn thành.", "2023", date(2023, 12, 28))
    s.obs("a", "dx_strategy_goals_total", "2023", "62 mục tiêu", 62)
    s.obs("a", "dx_strategy_goals_completed", "2023", "18 mục tiêu", 18)
    assert records(s.build(), "select * from consistency_audit") == []


@pytest.mark.parametrize(("stated", "qualifier", "verdict"), [
    ("48%", "exact", "consistent"), ("20%", "exact", "inconsistent"),
    ("hơn 40%", "over", "consistent"), ("hơn 60%", "over", "inconsistent"),
    ("gần 50%", "nearly", "consistent"), ("gần 60%", "nearly", "inconsistent"), ("gần 40%", "nearly", "inconsistent"),
    ("dưới 60%", "at_most", "consistent"), ("dưới 40%", "at_most", "inconsistent")])
def test_a_stated_growth_is_checked_against_its_endpoints(stated, qualifier, verdict):
    s = Sample().article("a", f"Chỉ số tăng từ 0,48 năm 2020 lên 0,71 năm 2022, tăng {stated}.", "2022",
                         date(2023, 1, 5))
    s.obs("a", "national_dx_index", "2020", "0,48", 0.48).obs("a", "national_dx_index", "2022", "0,71", 0.71)
    value = float(stated.split()[-1].rstrip("%"))
    s.obs("a", "national_dx_index", "2022", stated, value, kind="change_pct", base="2020",
          qualifier=qualifier)
    row = records(s.build(), "select * from consistency_audit")[0]
    assert row["check_kind"] == "growth"
    assert row["computed"] == pytest.approx(47.92)
    assert row["verdict"] == verdict


# --- the relations file -------------------------------------------------------------------------------------

def test_relations_file_names_catalogue_metrics_with_fitting_units():
    relations = read_relations()
    assert {r.relation for r in relations} == {"share", "rate", "sum"}
    units = {m: metrics_by_id()[m].unit for m in metrics_by_id()}
    for r in relations:
        if r.relation in ("share", "rate"):
            assert units[r.metric_id] == "percent"
        assert all(units[p] == units[r.whole or r.metric_id] for p in r.parts)


@pytest.mark.parametrize(("line", "message"), [
    ("share,dx_plan_tasks_completed_share,no_such_metric,dx_plan_tasks_total,x,", "not in the catalogue"),
    ("ratio,dx_plan_tasks_completed_share,dx_plan_tasks_completed,dx_plan_tasks_total,x,",
     "unknown relation"),
    ("share,dx_plan_tasks_completed_share,dx_plan_tasks_completed,,x,", "need a whole"),
])
def test_relations_file_is_validated(tmp_path, line, message):
    path = tmp_path / "relations.csv"
    path.write_text("relation,metric_id,parts,whole,label,note\n" + line + "\n", encoding="utf-8")
    with pytest.raises(RelationError, match=message):
        read_relations(path)


# --- the Dagster asset ------------------------------------------------------------------------------------

def test_asset_graph_deps_are_what_the_sql_reads():
    deps = asset_deps()
    assert set(deps["series_changes"]) == {"chosen_observations", "periods", "observation_precision", "observations"}
    assert set(deps["chosen_observations"]) == {"observation_choices", "periods"}
    assert set(deps["conflicts"]) == {"implied_observations", "observation_precision", "observations"}
    assert "series_changes" in deps["consistency_audit"] and "metric_relations" in deps["consistency_audit"]
    graph = dg.Definitions(assets=derived_assets(), resources=resources_for("unused.duckdb")).resolve_asset_graph()
    for name, upstream in deps.items():
        assert {k.to_user_string() for k in graph.get(dg.AssetKey(name)).parent_keys} == set(upstream)


def test_assets_build_and_publish_the_derived_tables(answer_path, tmp_path):
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(answer_path, path)
    result = dg.materialize([*derived_assets(), *derived_checks()], resources=resources_for(path),
                            selection=[k.to_user_string() for a in derived_assets() for k in a.keys])
    assert result.success
    meta = {e.asset_key.to_user_string(): e.materialization.metadata
            for e in result.get_asset_materialization_events()}
    assert meta["series_changes"]["rows"].value == 10
    assert meta["conflicts"]["rows"].value == 2
    assert "digital_economy_growth_rate" in meta["conflicts"]["preview"].value
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks["stated_changes_agree"].passed
    assert checks["no_overlapping_steps"].passed and checks["one_value_per_series_and_period"].passed
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from implied_observations").fetchone()[0] == 6


def test_markdown_table_escapes_and_shortens_cells():
    text = markdown_table(["a", "b"], [("x|y", 1.23456789), ("z" * 100, None), ("w", float("nan"))])
    lines = text.splitlines()
    assert lines[0] == "| a | b |"
    assert "x\\|y" in lines[2] and "1.23457" in lines[2]
    assert len(lines[3]) < 100 and lines[3].endswith("|  |") and lines[4] == "| w |  |"
    assert markdown_table(["a"], []) == "_no rows_"

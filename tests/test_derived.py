"""The derived layer (sql/*.sql via pipelines.derive): the sample answers, and small hand-made cases."""

import math
import shutil
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.core import periods
from pipelines.core.catalogue import metrics_by_id, read_metrics
from pipelines.defs.derive import derived_tables, markdown_table
from pipelines.defs.resources import resources_for
from pipelines.derive import DERIVED_TABLES, RelationError, build_derived, read_relations
from pipelines.warehouse.store import ensure_schema, insert_rows
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


class Sample:
    """A tiny warehouse of hand-written articles; ``obs`` finds the quoted number in the text for the span."""

    def __init__(self):
        self.con = duckdb.connect()
        ensure_schema(self.con)
        insert_rows(self.con, "metrics", [vars(m) for m in read_metrics()])
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

    def obs(self, article_id: str, metric_id: str, period_id: str, quoted: str, value: float, *,
            qualifier: str = "exact", kind: str = "level", base: str | None = None,
            status: str = "reported") -> "Sample":
        text = self.texts[article_id]
        start = text.index(quoted)
        unit = "percent" if kind == "change_pct" else metrics_by_id()[metric_id].unit
        self.period_ids.update(p for p in (period_id, base) if p)
        self.n += 1
        insert_rows(self.con, "observations", [{
            "article_id": article_id, "observation_no": self.n, "metric_id": metric_id,
            "period_id": period_id,
            "kind": kind, "base_period_id": base, "value": value, "unit": unit, "qualifier": qualifier,
            "status": status, "evidence": text, "start_char": start, "end_char": start + len(quoted)}])
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


def test_audit_finds_nothing_inconsistent_in_the_samples(answers):
    assert records(answers, "select * from consistency_audit where verdict <> 'consistent'") == []
    kinds = {r["check_kind"] for r in records(answers, "select check_kind from consistency_audit")}
    assert kinds == {"share", "sum", "rate", "growth"}


def test_every_observation_span_yields_its_precision(answers):
    assert records(answers, "select * from observation_precision where precision_source <> 'span'") == []


def test_build_is_repeatable(answers):
    before = {t: answers.execute(f"select count(*) from {t}").fetchone()[0] for t in DERIVED_TABLES}
    assert build_derived(answers) == {"metric_relations": 6, **before}


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
    flags = records(con, "select article_id, chosen from observation_choices order by article_id")
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
    s.article("a", "Quý 1/2023 có 100 dịch vụ; quý 1/2024 có 121 dịch vụ; "
                   "6 tháng đầu năm 2024 có 130 dịch vụ.", "2024-H1", date(2024, 7, 1))
    metric = "vneid_integrated_services"
    s.obs("a", metric, "2023-Q1", "100", 100).obs("a", metric, "2024-Q1", "121", 121)
    s.obs("a", metric, "2024-H1", "130", 130)
    rows = {(r["from_period_id"], r["to_period_id"]): r
            for r in records(s.build(), "select * from series_changes")}
    assert set(rows) == {("2023-Q1", "2024-Q1"), ("2024-Q1", "2024-H1")}
    assert rows[("2023-Q1", "2024-Q1")]["annualised_pct"] == pytest.approx(21.0)
    assert rows[("2024-Q1", "2024-H1")]["annualised_pct"] is None


def test_periods_with_one_end_date_put_the_longer_first():
    s = Sample()
    s.article("a", "Năm 2024 đạt 70%; riêng quý 4/2024 đạt 75%; tháng 9/2024 đạt 68%.", "2024",
              date(2025, 1, 5))
    s.obs("a", SHARE, "2024", "70%", 70).obs("a", SHARE, "2024-Q4", "75%", 75)
    s.obs("a", SHARE, "2024-09", "68%", 68)
    pairs = [(r["from_period_id"], r["to_period_id"])
             for r in records(s.build(), "select * from series_changes")]
    assert pairs == [("2024-09", "2024"), ("2024", "2024-Q4")]


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
    row = records(s.build(), "select * from observation_precision")[0]
    assert row["precision_source"] == "span"
    assert row["rounding"] == pytest.approx(rounding)


def test_precision_falls_back_to_the_value_when_the_span_has_no_such_number():
    s = Sample().article("a", "Có khoảng hai triệu người dùng.", "2024", date(2024, 12, 1))
    s.obs("a", "mobile_money_customers", "2024", "hai triệu", 2e6, qualifier="approx")
    row = records(s.build(), "select * from observation_precision")[0]
    assert (row["precision_source"], row["rounding"], row["lo"], row["hi"]) == ("value", 5e5, 1.5e6, 2.5e6)


@pytest.mark.parametrize(("qualifier", "lo", "hi"), [
    ("exact", 2.75e6, 2.85e6), ("approx", 2.75e6, 2.85e6), ("over", 2.8e6, math.inf),
    ("at_least", 2.8e6, math.inf), ("nearly", 2.52e6, 2.8e6)])
def test_qualifier_widens_the_range_one_way(qualifier, lo, hi):
    s = Sample().article("a", "Có 2,8 triệu giao dịch mỗi ngày.", "2024", date(2024, 12, 1))
    s.obs("a", "ndxp_daily_transactions", "2024", "2,8 triệu", 2.8e6, qualifier=qualifier)
    row = records(s.build(), "select * from observation_precision")[0]
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
    ("hơn 40%", "over", "consistent"), ("hơn 60%", "over", "inconsistent")])
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

def test_asset_builds_and_publishes_the_derived_tables(answer_path, tmp_path):
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(answer_path, path)
    result = dg.materialize([derived_tables], resources=resources_for(path))
    assert result.success
    meta = {m.asset_key.to_user_string(): m.metadata
            for m in result.asset_materializations_for_node("derived_tables")}
    assert meta["series_changes"]["rows"].value == 10
    assert meta["conflicts"]["rows"].value == 2
    assert "digital_economy_growth_rate" in meta["conflicts"]["preview"].value
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from implied_observations").fetchone()[0] == 6


def test_markdown_table_escapes_and_shortens_cells():
    import pandas as pd
    text = markdown_table(pd.DataFrame({"a": ["x|y", "z" * 100], "b": [1.23456789, None]}))
    lines = text.splitlines()
    assert lines[0] == "| a | b |"
    assert "x\\|y" in lines[2] and "1.23457" in lines[2]
    assert len(lines[3]) < 100
    assert markdown_table(pd.DataFrame()) == "_no rows_"

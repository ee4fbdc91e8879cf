"""Subject normalisation, indicator keys, and matching subjects to catalogue metrics by name and alias.

Every subject here is written for these tests, in the style of government news.
"""

from __future__ import annotations

import re
import shutil

import pytest

from pipelines.core.catalogue import CATALOGUE_DIR, load_catalogue
from pipelines.core.lexicon import (
    KEY_MAX_CHARS,
    THRESHOLD,
    MetricLexicon,
    MetricMatch,
    indicator_key,
    normalize_subject,
)

CATALOGUE = load_catalogue()
LEXICON = MetricLexicon(CATALOGUE)

# (subject as an article might write it, unit of the number, kind, the metric it names or None)
CASES = [
    ("Số doanh nghiệp công nghệ số", "count", "level", "digital_tech_firms"),
    ("các DN công nghệ số", "number", "level", "digital_tech_firms"),
    ("doanh nghiệp công nghệ số có doanh thu từ thị trường nước ngoài", "count", "level",
     "digital_tech_firms_with_foreign_revenue"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "percent", "level", "online_dossier_share"),
    ("tỉ lệ hồ sơ xử lý trực tuyến toàn trình của các bộ, ngành", "percent", "level",
     "online_dossier_share_ministries"),
    ("Tỷ lệ hồ sơ trực tuyến của địa phương", "percent", "level", "online_dossier_share_localities"),
    ("Số tài khoản định danh điện tử được kích hoạt", "count", "level", "eid_accounts_activated"),
    ("tài khoản VNeID đã được kích hoạt", "count", "level", "eid_accounts_activated"),
    ("hồ sơ đề nghị cấp tài khoản định danh điện tử", "count", "level", "eid_applications_received"),
    ("giao dịch trung bình mỗi ngày qua NDXP", "count", "level", "ndxp_daily_transactions"),
    ("Tổng số giao dịch qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia", "count", "level",
     "ndxp_total_transactions"),
    ("hệ thống thông tin, cơ sở dữ liệu kết nối với NDXP", "count", "level", "ndxp_connected_systems"),
    ("cơ quan, đơn vị kết nối nền tảng NDXP", "count", "level", "ndxp_connected_agencies"),
    ("tỷ lệ hộ gia đình sử dụng Internet cáp quang", "percent", "level", "fiber_broadband_households_share"),
    ("hộ gia đình sử dụng Internet cáp quang băng rộng", "count", "level", "fiber_broadband_households"),
    ("hộ gia đình sử dụng cáp quang", "percent", "level", "fiber_broadband_households_share"),
    ("tỷ lệ xã có cáp quang", "percent", "level", "communes_fiber_share"),
    ("Tỷ lệ dân số được phủ sóng 4G", "percent", "level", "mobile_4g_population_coverage"),
    ("thuê bao điện thoại thông minh", "count", "level", "smartphone_subscribers"),
    ("Tỷ lệ sử dụng IPv6", "percent", "level", "ipv6_adoption_share"),
    ("tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến", "percent", "level", "admin_procedures_online_share"),
    ("tỷ lệ dịch vụ công trực tuyến toàn trình", "percent", "level", "admin_procedures_end_to_end_share"),
    ("Chỉ số chuyển đổi số quốc gia", "index", "level", "national_dx_index"),
    ("chỉ số chuyển đổi số quốc gia", "number", "level", "national_dx_index"),
    ("tốc độ tăng trưởng kinh tế số", "percent", "level", "digital_economy_growth_rate"),
    ("tỷ trọng kinh tế số trong GDP", "percent", "level", "digital_economy_gdp_share"),
    ("thẻ căn cước công dân gắn chip", "count", "level", "chip_id_cards_issued"),
    ("lượt truy cập VNeID", "count", "level", "vneid_visits"),
    ("chữ ký số cấp cho người dân", "count", "level", "citizen_digital_signatures"),
    ("khách hàng sử dụng dịch vụ Mobile Money", "count", "level", "mobile_money_customers"),
    ("người dùng trên các nền tảng số Việt Nam", "count", "level", "digital_platform_users"),
    ("mục tiêu đã hoàn thành", "count", "level", "dx_strategy_goals_completed"),
    ("tỷ lệ nhiệm vụ hoàn thành", "percent", "level", "dx_plan_tasks_completed_share"),
    ("doanh nghiệp công nghệ số", "percent", "change_pct", "digital_tech_firms"),
    ("doanh thu từ thị trường nước ngoài", "usd", "level", "digital_tech_foreign_revenue"),
    ("quy định kinh doanh được cắt giảm, đơn giản hoá", "count", "level", "business_regulations_cut"),
    ("bộ, ngành kết nối với CSDL quốc gia về dân cư", "count", "level", "population_db_connected_ministries"),
    ("dữ liệu giấy phép lái xe được làm sạch", "count", "level", "driving_license_records_cleaned"),
    ("tỷ lệ hệ thống thông tin cơ quan nhà nước được bảo đảm an toàn theo cấp độ", "percent", "level",
     "state_info_systems_protected_share"),
    ("trẻ em được cấp số định danh cá nhân", "count", "level", "children_personal_id_numbers"),
    ("tỷ lệ người trưởng thành có tài khoản thanh toán", "percent", "level", "adults_with_bank_account_share"),
    # near misses: a general noun, a neighbour of a catalogued indicator, or the wrong unit
    ("doanh nghiệp", "count", "level", None),
    ("hồ sơ", "count", "level", None),
    ("hồ sơ trực tuyến", "count", "level", None),
    ("thuê bao 5G", "count", "level", None),
    ("tỷ lệ dân số được phủ sóng 5G", "percent", "level", None),
    ("Doanh thu thương mại điện tử B2C", "usd", "level", None),
    ("công suất trung tâm dữ liệu", "mw", "level", None),
    ("trung tâm dữ liệu", "count", "level", None),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "count", "level", None),
    ("doanh nghiệp công nghệ số", "usd", "level", None),
    ("giao dịch thanh toán qua mã QR", "count", "level", None),
    ("người dân sử dụng dịch vụ công trực tuyến", "count", "level", None),
    ("chỉ số DTI bình quân của các bộ", "index", "level", None),
    ("tỷ lệ", "percent", "level", None),
    ("tài khoản", "count", "level", None),
    ("doanh thu viễn thông", "vnd", "level", None),
    ("tỷ lệ người dân có tài khoản định danh điện tử", "percent", "level", None),
    ("thuê bao di động", "count", "level", None),
    ("cơ sở dữ liệu", "count", "level", None),
    ("hộ gia đình", "count", "level", None),
    ("văn bản", "count", "level", None),
    ("mục tiêu", "count", "level", None),
    ("doanh nghiệp nhỏ và vừa chuyển đổi số", "count", "level", None),
    ("tỷ lệ hồ sơ", "percent", "level", None),
    ("tỷ lệ xã", "percent", "level", None),
    ("thuê bao 5G", "percent", "change_pct", None),
    ("giá trị giao dịch thương mại điện tử", "vnd", "level", None),
]


@pytest.mark.parametrize(("subject", "unit", "kind", "expected"), CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
def test_subject_matches_the_metric_it_names(subject, unit, kind, expected):
    found = LEXICON.match(subject, unit, kind)
    assert (found.metric_id if found else None) == expected, LEXICON.nearest(subject, unit, kind)


def test_the_threshold_stands_clear_of_both_sides_of_the_table():
    for subject, unit, kind, expected in CASES:
        best = LEXICON.nearest(subject, unit, kind)
        score = best.score if best else 0.0
        if expected:
            assert score >= THRESHOLD + 10, (subject, best)
        else:
            assert score <= THRESHOLD - 10, (subject, best)


def test_match_says_whether_the_name_or_an_alias_fitted():
    assert LEXICON.match("doanh nghiệp công nghệ số", "count") == MetricMatch("digital_tech_firms", "name", 100.0)
    assert LEXICON.match("tài khoản VNeID được kích hoạt", "count").match == "alias"
    assert LEXICON.nearest("doanh nghiệp", "count").metric_id == "digital_tech_firms"
    assert LEXICON.nearest("bò sữa", "count") is None


def test_no_two_metrics_share_a_lexicon_entry():
    owners: dict[str, str] = {}
    for m in CATALOGUE.metrics:
        for phrase in {normalize_subject(p, CATALOGUE) for p in (m.name_vi, *m.alias_list)}:
            assert owners.setdefault(phrase, m.metric_id) == m.metric_id, (phrase, owners[phrase], m.metric_id)


@pytest.mark.parametrize(("written", "normalised"), [
    ("Số lượng các doanh nghiệp công nghệ số", "doanh nghiệp công nghệ số"),
    ("Tổng số giao dịch qua NDXP", "giao dịch qua nền tảng tích hợp chia sẻ dữ liệu quốc gia"),
    ("nền tảng NDXP", "nền tảng tích hợp chia sẻ dữ liệu quốc gia"),
    ("cơ sở dữ liệu (CSDL) quốc gia", "cơ sở dữ liệu quốc gia"),
    ("Tỉ lệ hồ sơ được số hoá", "tỷ lệ hồ sơ được số hóa"),
    ("Số hoá hồ sơ", "số hóa hồ sơ"),
    ("Uỷ ban nhân dân cấp xã", "ủy ban nhân dân cấp xã"),
    ("quý khách hàng", "quý khách hàng"),
    ("Những thuê bao 5G đã đạt", "thuê bao 5g"),
    ("Doanh thu thương mại điện tử B2C ước đạt", "doanh thu thương mại điện tử b2c"),
    ("giá trị gia tăng", "giá trị gia tăng"),
    ("mục tiêu đã đạt được", "mục tiêu đã đạt được"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình năm 2024 là", "tỷ lệ hồ sơ trực tuyến toàn trình"),
    ("Số", "số"),
    ("", ""),
])
def test_normalize_subject(written, normalised):
    assert normalize_subject(written, CATALOGUE) == normalised


@pytest.mark.parametrize("variant", [
    "doanh nghiệp công nghệ số", "Các doanh nghiệp công nghệ số", "số DN công nghệ số",
    "doanh nghiệp (DN) công nghệ số", "DOANH NGHIỆP CÔNG NGHỆ SỐ,", "số lượng doanh nghiệp công nghệ số đạt",
])
def test_wording_noise_keeps_one_indicator_key(variant):
    assert indicator_key(variant, CATALOGUE) == "doanh-nghiep-cong-nghe-so"


def test_tone_placement_and_abbreviations_keep_one_key():
    assert indicator_key("tỷ lệ hồ sơ số hoá", CATALOGUE) == indicator_key("tỉ lệ hồ sơ số hóa", CATALOGUE)
    assert (indicator_key("hệ thống kết nối NDXP", CATALOGUE)
            == indicator_key("hệ thống kết nối Nền tảng tích hợp, chia sẻ dữ liệu quốc gia", CATALOGUE))


def test_a_long_key_is_cut_at_a_syllable_and_ends_in_a_hash():
    long_subject = "hệ thống thông tin của các cơ quan nhà nước ở trung ương và địa phương được phê duyệt cấp độ"
    key = indicator_key(long_subject, CATALOGUE)
    assert len(key) <= KEY_MAX_CHARS and key.startswith("he-thong-thong-tin-cua")
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{6}", key)
    other = indicator_key(long_subject.replace("phê duyệt", "xác định"), CATALOGUE)
    assert other != key and other[:-6] == key[:-6]


def test_the_matcher_reads_the_catalogue_it_is_given(tmp_path):
    for name in ("metrics.csv", "cue_synonyms.csv"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    shutil.copy(CATALOGUE_DIR / "units.csv", tmp_path / "units.csv")
    with open(tmp_path / "units.csv", "a", encoding="utf-8") as f:
        f.write("twh,TWh,plain,terawatt hours,terawatt giờ,twh\n")
    with open(tmp_path / "metrics.csv", "a", encoding="utf-8") as f:
        f.write("data_center_power_use,twh,digital_infrastructure,Electricity used by data centres,"
                "điện năng tiêu thụ của trung tâm dữ liệu,điện tiêu thụ của các trung tâm dữ liệu\n")
    grown = MetricLexicon(load_catalogue(tmp_path))
    assert grown.match("điện năng tiêu thụ của các trung tâm dữ liệu", "twh").metric_id == "data_center_power_use"
    assert grown.match("điện năng tiêu thụ của các trung tâm dữ liệu", "count") is None
    assert LEXICON.match("điện năng tiêu thụ của các trung tâm dữ liệu", "twh") is None

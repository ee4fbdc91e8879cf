"""Extraction rules on sentences written for this project in the style of Vietnamese government news.

Each case states one observation the sentence must yield (metric, value, kind, period, qualifier, status,
base period); the negative cases must yield no observation at all. None of these sentences comes from
the sample articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pipelines.core.catalogue import load_catalogue
from pipelines.core.extract import extract_article
from pipelines.core.lexicon import MetricLexicon
from pipelines.core.mentions import find_mentions
from pipelines.core.metric_match import CueError, MetricMatcher, load_cues, load_synonyms
from pipelines.core.metric_match import default_matcher as load_default_matcher
from pipelines.core.reporting_period import infer_reporting_period


@dataclass(frozen=True)
class Case:
    text: str
    metric: str
    value: float
    kind: str = "level"
    period: str | None = None          # default: the reporting period
    qualifier: str = "exact"
    status: str = "reported"
    base: str | None = None
    denominator: float | None = None
    reporting: str = "2024-H1"

    def __str__(self) -> str:
        return f"{self.metric}={self.value:g}"


DAN_CU = "Cơ sở dữ liệu quốc gia về dân cư đã kết nối với 22 bộ, ngành và 63 tỉnh, thành phố."
NDXP = "Nền tảng NDXP đã kết nối 410 hệ thống thông tin của 102 cơ quan, đơn vị."
CARRY = ("Nền tảng tích hợp, chia sẻ dữ liệu quốc gia vận hành ổn định, thông suốt. "
         "Bình quân mỗi ngày có trên 3,1 triệu giao dịch.")
RANGE = "Chỉ số chuyển đổi số quốc gia từ năm 2021 đến năm 2023 tăng 30%, từ 0,6 lên 0,78."
GOALS = "Chương trình đặt ra 50 mục tiêu, trong đó 20 mục tiêu đã hoàn thành (đạt 40%)."
TASKS = "Kế hoạch năm 2024 có 140 nhiệm vụ, đã hoàn thành 95 nhiệm vụ."
FOREIGN = ("Doanh thu từ thị trường nước ngoài của các doanh nghiệp công nghệ số đạt 8,2 tỷ USD, "
           "tăng 9% so với năm 2023.")
SERIES = "Tốc độ tăng trưởng kinh tế số năm 2022 đạt 25%, năm 2023 đạt 20%."
CATALOGUE = ("Số bộ, ngành ban hành danh mục cơ sở dữ liệu dùng chung là 20 bộ, tăng 4 bộ so với năm 2023; "
             "đã có 60/63 địa phương ban hành danh mục CSDL dùng chung.")
INDEX_CHANGE = "Chỉ số chuyển đổi số quốc gia năm 2023 đạt 0,72 điểm, tăng 1,4% so với năm 2022."
NINE_MONTHS = "Doanh thu kinh tế số ICT 9 tháng ước đạt 3,2 triệu tỷ đồng, tăng 22% so với cùng kỳ."
EID_SPLIT = ("Bộ Công an đã cấp 87,5 triệu tài khoản định danh điện tử, trong đó 61 triệu tài khoản "
             "đã được kích hoạt.")
VNEID = "Ứng dụng VNeID đã tích hợp 30 tiện ích. Ứng dụng ghi nhận trên 40 triệu lượt truy cập."
EID = "Đã kích hoạt 60 triệu tài khoản định danh điện tử, đạt 75% số hồ sơ tiếp nhận."
UNACCENTED = ("Theo bao cao cua Bo Thong tin va Truyen thong, ha tang so ca nuoc tiep tuc duoc dau tu. "
              "Ty le ho gia dinh su dung cap quang bang rong dat 81%. Cac xa vung sau vung xa da co song "
              "di dong, chat luong dich vu duoc nang cao, nguoi dan hai long voi chat luong mang.")

CASES = [
    # numbers of every format, matched to a metric
    Case(DAN_CU, "population_db_connected_ministries", 22),
    Case(DAN_CU, "population_db_connected_provinces", 63),
    Case("Đến nay, CSDL quốc gia về dân cư đã đồng bộ hơn 270 triệu thông tin công dân.",
         "population_db_records_synced", 270e6, qualifier="over"),
    Case("Trong 6 tháng đầu năm 2024, Cơ sở dữ liệu quốc gia về dân cư đã tiếp nhận khoảng 1,8 tỷ yêu cầu "
         "tra cứu, xác thực thông tin.", "population_db_verification_requests", 1.8e9, qualifier="approx",
         reporting="2024-Q3", period="2024-H1"),
    Case(NDXP, "ndxp_connected_systems", 410),
    Case(NDXP, "ndxp_connected_agencies", 102),
    Case(CARRY, "ndxp_daily_transactions", 3.1e6, qualifier="over"),
    Case("Tổng số giao dịch qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia đến nay đạt hơn 3 tỷ giao dịch.",
         "ndxp_total_transactions", 3e9, qualifier="over"),
    Case("Tỷ lệ hộ gia đình sử dụng Internet cáp quang băng rộng đạt 82,5%.",
         "fiber_broadband_households_share", 82.5),
    Case("Toàn quốc có thêm 12.500 hộ gia đình sử dụng cáp quang.", "fiber_broadband_households", 12500,
         kind="change_abs"),
    Case("Mạng di động 4G đã phủ sóng tới 99,7% dân số.", "mobile_4g_population_coverage", 99.7),
    Case("Tỉ lệ chuyển đổi sử dụng IPv6 đạt 65,3%.", "ipv6_adoption_share", 65.3),
    Case("Cả nước có 100% xã được kết nối Internet cáp quang.", "communes_fiber_share", 100),
    Case("Tỷ lệ thủ tục hành chính được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình đạt 52,1%.",
         "admin_procedures_end_to_end_share", 52.1),
    Case("Có 85% TTHC đủ điều kiện được cung cấp trực tuyến.", "admin_procedures_online_share", 85),
    Case("Tỷ lệ hồ sơ trực tuyến toàn trình cả nước đạt 45,5%.", "online_dossier_share", 45.5),
    Case("Đã đơn giản hóa 312 thủ tục hành chính liên quan đến người dân.", "citizen_procedures_simplified",
         312),
    Case("Các bộ, ngành đã cắt giảm trên 3.000 quy định kinh doanh.", "business_regulations_cut", 3000,
         qualifier="over"),
    Case("Tỷ trọng kinh tế số trong GDP năm 2024 ước đạt 18,3%.", "digital_economy_gdp_share", 18.3,
         qualifier="approx", reporting="2024", period="2024"),
    Case("Tốc độ tăng trưởng kinh tế số cao gấp 3 lần tốc độ tăng trưởng GDP.",
         "digital_economy_growth_to_gdp_multiple", 3),
    Case(FOREIGN, "digital_tech_foreign_revenue", 8.2e9),
    Case(FOREIGN, "digital_tech_foreign_revenue", 9, kind="change_pct", base="2023"),
    Case("Số lượng doanh nghiệp công nghệ số tăng 6,5%.", "digital_tech_firms", 6.5, kind="change_pct"),
    Case("Cả nước có hơn 74.000 doanh nghiệp công nghệ số.", "digital_tech_firms", 74000, qualifier="over"),
    Case("Dịch vụ Mobile Money có gần 9,5 triệu khách hàng.", "mobile_money_customers", 9.5e6,
         qualifier="nearly"),
    Case("Tỷ lệ người trưởng thành có tài khoản thanh toán đạt 89%.", "adults_with_bank_account_share", 89),
    Case("Ngành công an đã cấp trên 90 triệu thẻ căn cước cho công dân.", "chip_id_cards_issued", 90e6,
         qualifier="over"),
    Case(EID, "eid_accounts_activated", 60e6),
    Case(EID, "eid_activation_rate", 75),
    Case(VNEID, "vneid_integrated_services", 30),
    Case(VNEID, "vneid_visits", 40e6, qualifier="over"),
    Case("Đã cấp 11,2 triệu chữ ký số cho người dân.", "citizen_digital_signatures", 11.2e6),
    Case("Đã xác thực hơn 99 triệu thông tin nhân khẩu.", "population_records_verified", 99e6,
         qualifier="over"),
    Case("Cơ sở dữ liệu quốc gia về bảo hiểm đã xác thực trên 95 triệu nhân khẩu.",
         "insurance_db_verified_people", 95e6, qualifier="over"),
    Case("Cơ sở dữ liệu hộ tịch điện tử có trên 50 triệu dữ liệu đăng ký khai sinh.",
         "civil_registry_birth_records", 50e6, qualifier="over"),
    Case("Trên 10 triệu trẻ em đã được cấp số định danh cá nhân.", "children_personal_id_numbers", 10e6,
         qualifier="over"),
    Case("Đã làm sạch 40 triệu dữ liệu giấy phép lái xe.", "driving_license_records_cleaned", 40e6),
    Case("Có thêm 2 trung tâm dữ liệu được khai trương trong quý.", "data_centers_opened", 2),
    Case("Số CSDL được xác lập trên toàn quốc đạt 2.800 cơ sở dữ liệu.", "databases_established", 2800),
    Case(CATALOGUE, "ministries_with_shared_db_catalogue", 20),
    Case(CATALOGUE, "ministries_with_shared_db_catalogue", 4, kind="change_abs", base="2023"),
    Case(CATALOGUE, "localities_with_shared_db_catalogue", 60, denominator=63),
    Case("Còn 12 bộ, ngành, địa phương chưa ban hành danh mục cơ sở dữ liệu.", "units_without_db_catalogue",
         12),
    Case("Các bộ, ngành đã ban hành gần 30 văn bản hướng dẫn.", "dx_guidance_documents_issued", 30,
         qualifier="nearly"),
    Case("Doanh thu của các khu công nghệ thông tin tập trung vào khoảng 20 triệu USD/1ha/1 năm.",
         "it_park_revenue_per_hectare", 20e6, qualifier="approx"),
    Case("Doanh thu kinh tế số ICT ước tính 2.100.000 tỷ đồng.", "ict_digital_economy_revenue", 2.1e15,
         qualifier="approx"),
    Case("Tỷ lệ hồ sơ trực tuyến của các địa phương còn dưới 30%.", "online_dossier_share_localities", 30,
         qualifier="at_most"),
    Case("Tỷ lệ hệ thống thông tin được phê duyệt cấp độ an toàn thông tin đạt 85%.",
         "state_info_systems_protected_share", 85),
    Case("Việt Nam tiếp tục nằm trong top 10 quốc gia có lượt tải ứng dụng di động nhiều nhất.",
         "app_downloads_rank_group", 10),
    Case("Thương mại điện tử tăng trưởng 25% trong năm.", "ecommerce_growth_rate", 25),
    Case(UNACCENTED, "fiber_broadband_households_share", 81),
    Case("UBND tỉnh tổ chức điểm cầu theo dõi phiên họp. Cả nước có 82% hộ gia đình sử dụng cáp quang.",
         "fiber_broadband_households_share", 82),
    Case(GOALS, "dx_strategy_goals_total", 50),
    Case(GOALS, "dx_strategy_goals_completed", 20),
    Case(GOALS, "dx_strategy_goals_completed_share", 40),
    Case(TASKS, "dx_plan_tasks_total", 140, reporting="2024", period="2024"),
    Case(TASKS, "dx_plan_tasks_completed", 95, reporting="2024"),
    # kinds and base periods
    Case("Số lượng người dùng các nền tảng số Việt Nam tăng 35% so với năm 2023.", "digital_platform_users",
         35, kind="change_pct", base="2023"),
    Case("Số giao dịch qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia tăng 55% so với cùng kỳ năm trước.",
         "ndxp_transactions", 55, kind="change_pct", base="2023-H1"),
    Case("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 47%, tăng 9% so với cùng kỳ năm 2023.",
         "online_dossier_share", 9, kind="change_pct", base="2023-9M", reporting="2024-9M"),
    Case("Tỷ lệ hộ gia đình sử dụng cáp quang tăng 3,5 điểm phần trăm.", "fiber_broadband_households_share",
         3.5, kind="change_abs"),
    Case("Số thuê bao sử dụng điện thoại thông minh giảm 200.000 thuê bao.", "smartphone_subscribers",
         -200000, kind="change_abs"),
    Case("Kinh tế số tăng trưởng khoảng 21% so với cùng kỳ.", "digital_economy_growth_rate", 21,
         qualifier="approx"),
    Case("Tỷ lệ hộ gia đình sử dụng cáp quang tăng từ 75% lên 82%.", "fiber_broadband_households_share", 82),
    # periods stated in the sentence
    Case(RANGE, "national_dx_index", 0.6, period="2021", reporting="2023"),
    Case(RANGE, "national_dx_index", 0.78, period="2023", reporting="2023"),
    Case(RANGE, "national_dx_index", 30, kind="change_pct", period="2023", base="2021", reporting="2023"),
    Case("Chỉ số chuyển đổi số quốc gia năm 2024 đạt 0,78.", "national_dx_index", 0.78, period="2024",
         reporting="2024-10"),
    Case(INDEX_CHANGE, "national_dx_index", 0.72, period="2023", reporting="2024-Q3"),
    Case(INDEX_CHANGE, "national_dx_index", 1.4, kind="change_pct", period="2023", base="2022",
         reporting="2024-Q3"),
    Case(NINE_MONTHS, "ict_digital_economy_revenue", 3.2e15, period="2024-9M", qualifier="approx",
         reporting="2024-Q3"),
    Case(NINE_MONTHS, "ict_digital_economy_growth_rate", 22, period="2024-9M", reporting="2024-Q3"),
    Case(EID_SPLIT, "eid_accounts_activated", 61e6),
    Case("Nền tảng NDXP đã thực hiện hơn 500 triệu giao dịch chia sẻ dữ liệu.", "ndxp_transactions", 500e6,
         qualifier="over"),
    Case("Các nền tảng số Việt Nam hiện có khoảng 50 triệu người dùng.", "digital_platform_users", 50e6,
         qualifier="approx"),
    Case(SERIES, "digital_economy_growth_rate", 25, period="2022", reporting="2024"),
    Case(SERIES, "digital_economy_growth_rate", 20, period="2023", reporting="2024"),
    Case("Đến hết năm 2023, cả nước có 18 bộ, ngành đã ban hành danh mục cơ sở dữ liệu dùng chung.",
         "ministries_with_shared_db_catalogue", 18, period="2023", reporting="2024-Q1"),
    # forecasts and targets
    Case("Năm 2025, tỷ trọng kinh tế số trong GDP dự kiến đạt 20%.", "digital_economy_gdp_share", 20,
         period="2025", status="forecast", reporting="2024"),
    Case("Phấn đấu đến năm 2025, tỷ lệ người trưởng thành có tài khoản thanh toán đạt 90%.",
         "adults_with_bank_account_share", 90, period="2025", status="target", reporting="2024"),
    Case("Thủ tướng yêu cầu bảo đảm 100% cơ sở khám chữa bệnh thanh toán không dùng tiền mặt.",
         "health_facilities_cashless_share", 100, status="target"),
    Case("Hệ thống đã xử lý hơn 2 tỷ yêu cầu tra cứu từ Cơ sở dữ liệu quốc gia về dân cư.",
         "population_db_verification_requests", 2e9, qualifier="over"),
    Case("Các địa phương cần triển khai phương án bảo đảm an toàn thông tin cho 100% hệ thống thông tin.",
         "info_systems_security_plan_share", 100, status="target"),
    Case("Hoàn thành triển khai 25/53 dịch vụ công thiết yếu còn lại.", "essential_public_services_remaining",
         25, status="target", denominator=53),
    Case("Chỉ số phát triển Chính phủ điện tử phấn đấu tăng ít nhất 10 bậc.", "egov_index_rank_improvement",
         10, qualifier="at_least", status="target"),
    Case("Việt Nam phấn đấu thuộc nhóm 25 quốc gia dẫn đầu về an toàn an ninh mạng.",
         "cybersecurity_index_rank_group", 25, status="target"),
    Case("Thủ tướng đề nghị phấn đấu 100% cơ sở đào tạo y tế thu học phí không dùng tiền mặt.",
         "medical_schools_cashless_share", 100, status="target"),
    Case("Trước ngày 31/12/2024, các tỉnh phải hoàn thành kết nối cáp quang cho 100% xã.",
         "communes_fiber_share", 100, status="target"),
    # 5G named in another clause does not veto a 4G figure
    Case("Sóng 4G đã phủ tới 99,5% dân số, còn mạng 5G đang được thử nghiệm tại 5 tỉnh.",
         "mobile_4g_population_coverage", 99.5),
    # the subject before the number (lead cues)
    Case("Số thuê bao dùng điện thoại thông minh hiện là 90,2 triệu.", "smartphone_subscribers", 90_200_000),
    Case("Lũy kế đến nay, tổng số giao dịch qua Nền tảng NDXP là trên 5 tỷ.", "ndxp_total_transactions",
         5e9, qualifier="over"),
    Case("Tổng số CSDL được xác lập trên cả nước hiện là 3.012.", "databases_established", 3012),
    Case("Số tài khoản Mobile Money đã vượt 12 triệu.", "mobile_money_customers", 12_000_000, qualifier="over"),
    Case("Tỷ lệ người nhận lương hưu ở đô thị qua tài khoản ngân hàng đạt 85%.",
         "social_benefits_via_account_share_urban", 85),
    Case("Bộ Công an đã kích hoạt 60 triệu tài khoản cho người dân sử dụng VNeID.", "eid_accounts_activated",
         60_000_000),
    # the whole-country figure after the ministries' and localities' ones
    Case("Tỷ lệ hồ sơ trực tuyến toàn trình của bộ, ngành đạt 50%, của địa phương đạt 30%; tính chung toàn "
         "quốc là 38,4%.", "online_dossier_share", 38.4),
    # the subject named before another figure of the clause
    Case("Thương mại điện tử đạt quy mô 25 tỷ USD, tăng trưởng 20%.", "ecommerce_growth_rate", 20),
    Case("Chiến lược có 70 mục tiêu, đã hoàn thành 30 mục tiêu, chiếm 43%.", "dx_strategy_goals_completed_share",
         43),
    # a number inside the noun phrase does not hide the cue of the clause
    Case("Đã có 16 triệu trẻ em dưới 14 tuổi được cấp số định danh cá nhân.", "children_personal_id_numbers",
         16_000_000),
    Case("Cả nước có 75.000 doanh nghiệp công nghệ số, tăng 3.000 doanh nghiệp so với cuối năm 2023.",
         "digital_tech_firms", 3000, kind="change_abs", base="2023"),
    # a month or a closing date states the period; the end of the reporting period is that period
    Case("Tính đến tháng 5/2024, Nền tảng NDXP đã kết nối 420 hệ thống thông tin.", "ndxp_connected_systems",
         420, period="2024-05"),
    Case("Tính đến ngày 30/6/2024, Nền tảng NDXP đã kết nối 420 hệ thống thông tin.", "ndxp_connected_systems",
         420),
    Case("Tính đến ngày 31/12/2023, Nền tảng NDXP đã kết nối 400 hệ thống thông tin.", "ndxp_connected_systems",
         400, period="2023"),
    # every goal listed after the horizon of a target takes that horizon
    Case("Mục tiêu đến năm 2025, tỷ lệ hộ gia đình dùng cáp quang đạt 90% và 100% xã có cáp quang.",
         "communes_fiber_share", 100, period="2025", status="target"),
    # "hồ sơ đề nghị" is a noun, not a request that makes the sentence a target
    Case("Bộ Công an tiếp nhận 80 triệu hồ sơ đề nghị cấp tài khoản định danh điện tử, đã kích hoạt 60 triệu "
         "tài khoản, đạt 75% trên tổng số hồ sơ tiếp nhận.", "eid_activation_rate", 75),
    # a sentence naming the platform only as "nền tảng" after one that names it in full
    Case("Nền tảng tích hợp, chia sẻ dữ liệu quốc gia vận hành ổn định. Mỗi ngày có khoảng 3 triệu giao dịch "
         "qua nền tảng; tổng số giao dịch đạt 4 tỷ.", "ndxp_daily_transactions", 3_000_000, qualifier="approx"),
    # a capitalised event after "Tại" is not a place
    Case("Tại Hội nghị, Bộ trưởng cho biết cả nước có 80% hộ gia đình dùng cáp quang.",
         "fiber_broadband_households_share", 80),
]


def _find(case: Case):
    result = extract_article(case.text, case.reporting)
    hits = [o for o in result.observations if o.metric_id == case.metric and o.kind == case.kind
            and o.value == pytest.approx(case.value)]
    assert hits, [(o.metric_id, o.kind, o.value) for o in result.observations]
    return hits[0]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_observation(case: Case):
    obs = _find(case)
    assert obs.period_id == (case.period or case.reporting)
    assert obs.qualifier == case.qualifier
    assert obs.status == case.status
    assert obs.base_period_id == case.base
    assert obs.denominator == case.denominator
    raw = case.text[obs.start_char:obs.end_char]
    assert any(ch.isdigit() for ch in raw)
    assert case.text[obs.evidence_start:obs.evidence_end] == obs.evidence
    assert obs.evidence_start <= obs.start_char < obs.end_char <= obs.evidence_end
    assert (obs.match, bool(obs.rule)) in {("cue", True), ("name", False), ("alias", False)}


NEGATIVE = [
    "Thủ tướng yêu cầu thực hiện \"4 tăng cường, 3 đẩy mạnh\" trong năm nay.",
    "Theo Quyết định số 942/QĐ-TTg ngày 15/6/2021, tỉnh tiếp tục triển khai Đề án 06.",
    "Thống kê truy cập\n  • Đang online: 25\n  • Hôm nay: 1.200\n  • Tất cả: 54321",
    "Hội nghị diễn ra trong 2 ngày, từ 8 giờ đến 17 giờ.",
    "Có 15 đại biểu phát biểu ý kiến tại hội nghị.",
    "Năm 2023, tỉnh tổ chức 4 hội thảo về chuyển đổi số.",
    "Bộ Công an đã tiếp nhận 500 ý kiến góp ý của người dân về dự thảo.",
    "Thứ năm - 12/09/2024 10:15 2.345 12",
    "Hai là, đẩy mạnh phát triển hạ tầng số, nền tảng số.",
    "Kỳ họp thứ 7 Quốc hội khóa XV đã thông qua Luật Dữ liệu.",
    "Chương trình đề ra 6 nhiệm vụ trọng tâm cho giai đoạn 2021-2025.",
    "Ban chỉ đạo họp 2 lần trong quý để đánh giá tiến độ.",
    "Có 03 cán bộ được cử đi đào tạo: ông Nguyễn Văn A, bà Trần Thị B và ông Lê Văn C.",
    "Tổng số điểm của bài viết là: 10 trong 2 đánh giá",
    "Ngày 10/10 hằng năm là Ngày Chuyển đổi số quốc gia.",
    "Bốn là, nâng cao chất lượng nguồn nhân lực số.",
    "Thủ tướng nêu rõ ba đột phá và bốn quan điểm chỉ đạo.",
    "Đoàn công tác gồm 12 thành viên đã làm việc trong 3 ngày.",
    "Chỉ số chuyển đổi số quốc gia được đánh giá qua 6 trụ cột với 50 chỉ tiêu thành phần.",
    "Đây là một trong 5 mục tiêu lớn của Chương trình chuyển đổi số quốc gia.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_observation(text):
    assert extract_article(text, "2024-H1").observations == []


# Indicators the catalogue does not know: observations without a metric, with the subject as written.
UNCATALOGUED = [
    ("Tốc độ truy cập Internet di động tăng 15%.", "Tốc độ truy cập Internet di động", "change_pct"),
    ("Giá cước dữ liệu 4G giảm 20% so với năm 2022.", "Giá cước dữ liệu 4G", "change_pct"),
    ("Tỷ lệ hộ gia đình có tivi đạt 95%.", "Tỷ lệ hộ gia đình có tivi", "level"),
]

# One province's figures: observations of that province, never of the nation.
PROVINCIAL = [
    "Toàn tỉnh có 92% hộ gia đình sử dụng Internet cáp quang băng rộng.",
    "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 78,5%.",
    "Công an tỉnh đã tiếp nhận 850.000 hồ sơ định danh điện tử.",
    "Trên địa bàn tỉnh có 1.200 doanh nghiệp công nghệ số. Doanh thu các doanh nghiệp đạt 12.500 tỷ đồng.",
    "Sở Thông tin và Truyền thông cho biết kết quả quý III. Tỷ lệ hồ sơ trực tuyến toàn trình đạt 61,5%.",
    "Tại Đà Nẵng, đã có 800.000 tài khoản định danh điện tử được kích hoạt.",
    "Ở TP Hồ Chí Minh, tỷ lệ hồ sơ trực tuyến toàn trình đạt 70%.",
    "Riêng tại Quảng Ninh, 100% xã đã có cáp quang.",
    "Tỉnh đã ban hành 25 văn bản quy phạm pháp luật trong năm.",
    "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2023 của tỉnh đạt 0,55 điểm.",
    "Từ năm 2020 đến nay, tỉnh đã tổ chức 12 đợt tập huấn cho cán bộ.",
]


@pytest.mark.parametrize(("text", "subject", "kind"), UNCATALOGUED)
def test_an_uncatalogued_indicator_is_an_observation_without_metric(text, subject, kind):
    [obs] = extract_article(text, "2024-H1").observations
    assert (obs.metric_id, obs.subject, obs.kind) == (None, subject, kind)
    assert text[obs.subject_start:obs.subject_end] == subject


@pytest.mark.parametrize("text", PROVINCIAL)
def test_a_provincial_figure_is_kept(text):
    found = extract_article(text, "2024-H1").observations
    assert found
    assert all(o.subject for o in found)


def test_a_count_of_the_event_itself_stays_a_mention():
    text = "Có 15 đại biểu phát biểu ý kiến tại hội nghị."
    result = extract_article(text, "2024-H1")
    assert [m.raw for m in result.mentions if m.mention_type == "quantity"] == ["15"]
    assert result.observations == []


def test_the_from_value_of_an_open_range_has_no_period():
    text = "Tỷ lệ hộ gia đình sử dụng cáp quang tăng từ 75% lên 82%."
    found = [(o.value, o.period_id) for o in extract_article(text, "2024-H1").observations]
    assert found == [(75, None), (82, "2024-H1")]


def test_mentions_keep_their_types_alongside_observations():
    text = "Theo Quyết định 06/QĐ-TTg, ngày 20/5/2024 Bộ cho biết đã cấp 11,2 triệu chữ ký số cho người dân."
    types = {m.raw: m.mention_type for m in find_mentions(text)}
    assert types == {"06/QĐ-TTg": "legal_ref", "ngày 20/5/2024": "date", "11,2 triệu": "quantity"}
    assert len(CASES) + len(NEGATIVE) >= 80


def test_indexing_some_lines_finds_what_indexing_all_finds_there():
    text = "\n".join([DAN_CU, "Không có số liệu ở đây.", NDXP, CARRY])
    matcher = load_default_matcher()
    lines = [(0, len(DAN_CU)), (text.index(NDXP), text.index(NDXP) + len(NDXP))]
    full, part = matcher.index(text), matcher.index(text, regions=lines)
    for pid, (starts, ends) in full.occurrences.items():
        kept = [(s, e) for s, e in zip(starts, ends, strict=True) if any(a <= s < b for a, b in lines)]
        assert kept == list(zip(*part.occurrences.get(pid, ([], [])), strict=True))


def test_every_catalogue_metric_is_found_by_its_name_or_a_cue():
    """A metric without a cue row is found by its own name: the lexicon maps ``name_vi`` back to it."""
    catalogue = load_catalogue()
    lexicon = MetricLexicon(catalogue)
    cued = {c.metric_id for c in load_cues()}
    units = {u.unit_id: u for u in catalogue.units}
    named = {m.metric_id for m in catalogue.metrics
             if (hit := lexicon.match(m.name_vi, units[m.unit].accepts[0])) and hit.metric_id == m.metric_id}
    assert cued <= {m.metric_id for m in catalogue.metrics}
    assert {m.metric_id for m in catalogue.metrics} - cued <= named


@pytest.mark.parametrize(("row", "message"), [
    ("no_such_metric,after,bộ,,,,,", "unknown metric_id"),
    ("ndxp_connected_systems,beside,hệ thống,,,,,", "where must be one of"),
    ("ndxp_connected_systems,after,,,,,,", "empty cue"),
    ("ndxp_connected_systems,after,hệ thống,litres,,,,", "unit must be one of"),
    ("ndxp_connected_systems,after,hệ thống,,change,,,", "kind must be"),
    ("ndxp_connected_systems,after,hệ thống,,,somewhere: ndxp,,", "must read 'scope: phrase"),
])
def test_a_malformed_cue_row_is_reported_with_its_line(tmp_path, row, message):
    path = tmp_path / "cues.csv"
    path.write_text("metric_id,where,cue,unit,kind,requires,excludes,note\n" + row + "\n", encoding="utf-8")
    with pytest.raises(CueError, match=f"cues.csv:2: .*{message}|cues.csv:2: {message}"):
        load_cues(path)


def test_an_analyst_adds_a_metric_with_a_cue_row_only(tmp_path):
    path = tmp_path / "cues.csv"
    path.write_text("metric_id,where,cue,unit,kind,requires,excludes,note\n"
                    "smartphone_subscribers,after,thuê bao|thuê bao di động,,,near: smartphone,,\n",
                    encoding="utf-8")
    matcher = MetricMatcher(load_cues(path), load_synonyms())
    text = "Cả nước có 80 triệu thuê bao sử dụng điện thoại thông minh."
    [obs] = extract_article(text, "2024", matcher=matcher).observations
    assert (obs.metric_id, obs.value, obs.rule) == ("smartphone_subscribers", 80e6, "cue:2 after:thuê bao")


@pytest.mark.parametrize(("text", "found"), [
    ("Thanh toán qua thẻ tăng 41% về số lượng và 23% về giá trị so với cùng kỳ.",
     [(41, "change_pct"), (23, "change_pct")]),
    ("Số vụ tấn công mạng giảm lần lượt 12% và 7%.", [(-12, "change_pct"), (-7, "change_pct")]),
    ("Doanh thu đạt 500 tỷ đồng và 30% doanh nghiệp có lãi.", [(500e9, "level"), (30, "level")]),
    ("Giao dịch qua ví điện tử tăng 62% số lượng, gần 48% về giá trị.", [(62, "change_pct"), (48, "change_pct")]),
])
def test_the_next_item_of_a_list_of_changes_is_a_change(text, found):
    assert [(o.value, o.kind) for o in extract_article(text, "2024").observations] == found


def test_a_list_of_changes_shares_its_subject_and_base_period():
    text = "Trong 9 tháng, giao dịch qua mã QR đạt 1,2 tỷ lượt, tăng 64% về số lượng và 38% về giá trị so với cùng kỳ."
    level, *changes = extract_article(text, "2024-9M").observations
    assert [(o.kind, o.base_period_id, o.subject) for o in changes] == [
        ("change_pct", "2023-9M", level.subject), ("change_pct", "2023-9M", level.subject)]


def test_a_list_in_parentheses_takes_the_subject_of_the_same_unit_and_each_its_place():
    text = ("Năm 2024, Bình Định xử lý trực tuyến 61,2% trong tổng số 90.000 hồ sơ. "
            "Huế (57,4%), Lào Cai (54,1%) và Hậu Giang (50,3%) đứng tiếp theo.")
    found = {o.value: o for o in extract_article(text, "2024").observations}
    assert found[90000].subject == "hồ sơ" and found[90000].place_id == "vn-binh-dinh"
    assert [found[v].place_id for v in (57.4, 54.1, 50.3)] == ["vn-thua-thien-hue", "vn-lao-cai", "vn-hau-giang"]
    assert all(found[v].unit == "percent" and found[v].subject == found[61.2].subject for v in (57.4, 54.1, 50.3))


def test_a_goal_in_parentheses_is_a_target_and_leaves_the_next_value_reported():
    text = "Khối bộ, ngành đạt 61,2% (mục tiêu 70%), còn khối địa phương đạt 19,4% (mục tiêu 30%)."
    assert [(o.value, o.status) for o in extract_article(text, "2024").observations] == [
        (61.2, "reported"), (70, "target"), (19.4, "reported"), (30, "target")]


def test_a_share_of_a_goal_names_no_catalogue_metric():
    """The share of the goal reached is of what was done before it, and fits no metric of the catalogue."""
    text = "Tỉnh đã đưa 9 dịch vụ dữ liệu vào sử dụng, đạt 64,3% mục tiêu."
    share = [o for o in extract_article(text, "2024").observations if o.value == 64.3]
    assert [(o.subject, o.metric_id) for o in share] == [("dịch vụ dữ liệu", None)]


@pytest.mark.parametrize("text, subject", [
    ("Lượng khách du lịch sử dụng vé điện tử trong quý III/2024 đạt 2,1 triệu lượt.",
     "Lượng khách du lịch sử dụng vé điện tử"),
    ("Số hộ kinh doanh dùng hóa đơn điện tử vào năm 2024 đạt 12.000 hộ.", "Số hộ kinh doanh dùng hóa đơn điện tử"),
])
def test_a_subject_cut_before_its_period_drops_the_dangling_preposition(text, subject):
    assert extract_article(text, "2024").observations[0].subject == subject


@pytest.mark.parametrize("text, expected", [
    ("Số thuê bao 5G các năm 2022, 2023 và 2024 lần lượt đạt 2, 5 và 11 triệu thuê bao.",
     [(2e6, "2022"), (5e6, "2023"), (11e6, "2024")]),
    ("Tỷ lệ hộ dùng cáp quang của bộ, ngành và địa phương lần lượt là 64 và 41%.", [(64, "2024"), (41, "2024")]),
    ("Doanh thu của Shopee và Lazada lần lượt đạt 2 và 3 tỷ USD.", [(2e9, "2024"), (3e9, "2024")]),
])
def test_the_items_of_a_list_share_the_scale_and_unit_of_the_last(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.period_id) for o in obs] == expected
    assert len({o.unit for o in obs}) == 1


@pytest.mark.parametrize("text, years", [
    ("Tỷ trọng thương mại điện tử trong tổng mức bán lẻ các năm 2021 - 2024 lần lượt là 7%, 7,5%, 8% và 9%.",
     ["2021", "2022", "2023", "2024"]),
    ("Chỉ số DTI của tỉnh từ năm 2022 đến năm 2024 lần lượt đạt 0,41, 0,52 và 0,63.", ["2022", "2023", "2024"]),
])
def test_the_years_of_a_range_before_lan_luot_go_to_the_values_in_order(text, years):
    obs = extract_article(text, "2024").observations
    assert [o.period_id for o in obs] == years
    assert not obs[0].subject.endswith(("năm", "từ"))


@pytest.mark.parametrize("text, value", [
    ("Mật độ thuê bao băng rộng cố định đạt 25,3 thuê bao trên 100 dân.", 25.3),
    ("Cả nước có 92 thuê bao di động/100 dân.", 92),
])
def test_a_rate_per_hundred_inhabitants_is_one_value_with_its_unit(text, value):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(value, "per_100_inhabitants")]


@pytest.mark.parametrize("text, value, unit", [
    ("Thành phố phấn đấu có ít nhất 2 doanh nghiệp công nghệ số/1.000 dân vào năm 2027.", 2, "per_1000_inhabitants"),
    ("Năm 2024, tỉnh có 11,2 bác sĩ trên 10.000 dân.", 11.2, "per_10000_inhabitants"),
    ("Mật độ đạt 3 doanh nghiệp số trên 1000 dân.", 3, "per_1000_inhabitants"),
])
def test_a_rate_per_thousand_inhabitants_is_no_count_of_the_metric_its_noun_names(text, value, unit):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(value, unit)]
    assert obs[0].metric_id is None or not obs[0].metric_id.startswith("digital_tech_firms")


def test_a_hundred_people_is_still_a_count():
    obs = extract_article("Hơn 100 người dân đã được cấp chữ ký số miễn phí.", "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(100, "count")]


def test_a_value_in_brackets_after_the_base_period_is_that_periods_level():
    text = "Chỉ số DTI của tỉnh năm 2024 đạt 0,71, tăng 5,2% so với năm 2023 (0,675)."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.period_id, o.kind) for o in obs] == [
        (0.71, "2024", "level"), (5.2, "2024", "change_pct"), (0.675, "2023", "level")]
    assert obs[0].unit == obs[2].unit == "index"


@pytest.mark.parametrize("text, periods", [
    ("Điểm an toàn thông tin của các địa phương đạt từ 0,4 đến 0,7.", ["2024", "2024"]),
    ("Lưu lượng giao dịch tăng từ 900 nghìn lên 1,5 triệu mỗi ngày.", [None, "2024"]),
])
def test_a_range_of_one_value_keeps_its_period_and_a_change_does_not(text, periods):
    assert [o.period_id for o in extract_article(text, "2024").observations] == periods


@pytest.mark.parametrize("text, subject", [
    # link words and qualifiers written with the old tone placement (khoảng, hoàn) are cut from the subject
    ("Giá trị thanh toán qua ví điện tử ước đạt khoảng 14 tỷ USD.", "Giá trị thanh toán qua ví điện tử"),
    ("Kinh tế số năm 2025 chiếm khoảng 19% GDP.", "Kinh tế số"),
    # the place of a value is its place_id's, not part of what it measures
    ("Tỷ lệ hồ sơ trực tuyến toàn trình trên địa bàn tỉnh Nghệ An đạt 52%.", "Tỷ lệ hồ sơ trực tuyến toàn trình"),
    ("Doanh thu phần mềm của TP Đà Nẵng đạt 9.000 tỷ đồng.", "Doanh thu phần mềm"),
])
def test_a_subject_leaves_out_link_words_and_its_place(text, subject):
    assert extract_article(text, "2024").observations[0].subject == subject


def test_the_same_indicator_in_two_provinces_has_one_key():
    a = extract_article("Tỷ lệ hồ sơ trực tuyến toàn trình của Hà Nam đạt 68%.", "2024").observations[0]
    b = extract_article("Tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh Nam Định đạt 53%.", "2024").observations[0]
    assert a.indicator_id == b.indicator_id and a.place_id != b.place_id


@pytest.mark.parametrize("text, expected", [
    ("Lượng dữ liệu di động tăng 15 - 20% so với năm 2023.",
     [(15, "change_pct", "2023"), (20, "change_pct", "2023")]),
    ("Giao dịch qua QR tăng mạnh nhất với 150,2% về số lượng và 41,5% về giá trị.",
     [(150.2, "change_pct", None), (41.5, "change_pct", None)]),
])
def test_both_ends_of_a_range_of_changes_are_changes_with_one_base(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.kind, o.base_period_id) for o in obs] == expected
    assert obs[0].subject == obs[1].subject


def test_the_low_end_of_a_range_takes_what_the_high_end_is_stated_of():
    text = "Nhà mạng cam kết phủ sóng 4G tới 75-80% dân số vào năm 2027."
    low, high = extract_article(text, "2025").observations
    assert [(o.value, o.period_id, o.status) for o in (low, high)] == [(75, "2027", "target"), (80, "2027", "target")]
    assert low.subject == high.subject and low.unit == high.unit == "percent"


@pytest.mark.parametrize("text", [
    "Năm 2024, cả nước có 11 địa phương có tỷ lệ thanh toán trực tuyến trên 40%.",
    "Có 25 doanh nghiệp đạt doanh thu xuất khẩu phần mềm từ 50 tỷ đồng trở lên.",
    "Trong năm, 6 bộ, ngành có tỷ lệ số hóa hồ sơ dưới 20%.",
])
def test_the_bound_that_defines_a_count_is_no_value_of_its_own(text):
    obs = extract_article(text, "2024").observations
    assert [o.unit for o in obs] == ["count"]


@pytest.mark.parametrize("text, values", [
    ("Tỉnh có 4.200 doanh nghiệp số, chiếm trên 30% doanh nghiệp của vùng.", [4200, 30]),
    ("Kho dữ liệu có hơn 30 triệu bản ghi, trong đó có trên 4 triệu bản ghi đã làm sạch.", [30e6, 4e6]),
])
def test_a_share_or_a_part_after_a_count_is_still_a_value(text, values):
    assert [o.value for o in extract_article(text, "2024").observations] == values


def test_all_of_a_few_items_is_a_list_count():
    text = "Doanh số bán qua cả hai kênh trực tuyến và trực tiếp tăng gấp 3 lần."
    assert [o.value for o in extract_article(text, "2024").observations] == [3]


@pytest.mark.parametrize("text, status", [
    ("Đến tháng 11, Sở ghi nhận doanh nghiệp đã hoàn thành lắp đặt hơn 800 trạm phát sóng.", "reported"),
    ("Cục Viễn thông cho biết nhà mạng hoàn thành lắp đặt 1.200 trạm 5G.", "reported"),
    ("Năm 2026, hoàn thành 100% hồ sơ sức khỏe điện tử cho người dân.", "target"),
])
def test_a_report_that_something_was_finished_is_no_target(text, status):
    assert [o.status for o in extract_article(text, "2025").observations] == [status]


def test_a_plan_opening_its_sentence_gives_its_year_to_every_clause():
    text = ("Kế hoạch trong năm 2027, tỉnh sẽ lắp thêm 300 camera giám sát; "
            "đồng thời nâng tỷ lệ xã có wifi công cộng đạt 60%.")
    obs = extract_article(text, "2026").observations
    assert [(o.period_id, o.status) for o in obs] == [("2027", "target"), ("2027", "target")]
    assert obs[1].subject == "tỷ lệ xã có wifi công cộng"


@pytest.mark.parametrize("text, subject, period", [
    ("Tập đoàn khép lại năm 2025 với doanh thu kỷ lục 180.000 tỷ đồng.", "doanh thu", "2025"),
    ("Giới phân tích dự báo năm 2026 thị trường điện toán đám mây tăng 25%.", "thị trường điện toán đám mây", "2026"),
    ("Các tổ chức tín dụng báo cáo doanh số thanh toán thẻ tăng mạnh 31%.", "doanh số thanh toán thẻ", "2025"),
])
def test_a_subject_starts_at_its_measure_and_leaves_the_teller_and_adverbs_out(text, subject, period):
    [obs] = extract_article(text, "2025").observations
    assert (obs.subject, obs.period_id) == (subject, period)


def test_a_base_year_in_the_headline_is_no_reporting_period():
    headline = "Doanh thu viễn thông tăng 9% so với năm 2024\nNội dung."
    assert infer_reporting_period(headline, date(2025, 7, 3)) == ("2025-07", "published-month")


def test_a_list_of_changes_runs_past_the_levels_in_brackets():
    text = ("Trong 8 tháng đầu năm 2025, giao dịch ví điện tử tăng 40% về số lượng (đạt 2,1 tỷ giao dịch) "
            "và 65% về giá trị (4,8 triệu tỷ đồng) so với cùng kỳ năm 2024.")
    obs = extract_article(text, "2025-H1").observations
    assert [(o.value, o.kind, o.period_id, o.base_period_id) for o in obs] == [
        (40, "change_pct", "2025-8M", "2024-8M"), (2.1e9, "level", "2025-8M", None),
        (65, "change_pct", "2025-8M", "2024-8M"), (4.8e15, "level", "2025-8M", None)]
    assert obs[2].subject == obs[0].subject


def test_a_month_before_publication_is_reported_even_after_the_reporting_period():
    text = "Lũy kế 9 tháng, thanh toán thẻ tăng 30%. Tính đến tháng 10/2025, đã có gần 80 triệu ví điện tử."
    obs = extract_article(text, None, date(2025, 11, 20)).observations
    assert [(o.value, o.period_id, o.status) for o in obs] == [(30, "2025-9M", "reported"),
                                                               (80e6, "2025-10", "reported")]


def test_the_tiers_of_a_government_are_no_count():
    text = "Sau 2 tháng vận hành chính quyền địa phương 2 cấp, 34 tỉnh đã lập 3.100 trung tâm hành chính công."
    assert [o.value for o in extract_article(text, "2025").observations] == [34, 3100]


@pytest.mark.parametrize("text, expected", [
    ("Tỉnh xếp thứ 12 về chỉ số chuyển đổi số cấp tỉnh.", [(12, None, "level")]),
    ("Năm 2024, Việt Nam đứng thứ 46/133 quốc gia về đổi mới sáng tạo, tăng 2 bậc so với năm 2023.",
     [(46, 133, "level"), (2, None, "change_abs")]),
    ("Hai bộ lần lượt giữ vị trí thứ nhất và thứ hai.", [(1, None, "level"), (2, None, "level")]),
])
def test_a_place_in_a_ranking_is_a_value_in_rank(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.denominator, o.kind) for o in obs] == expected
    assert all(o.unit == "rank" and o.value_low == o.value_high == o.value for o in obs)


def test_an_ordinal_in_a_name_stays_an_ordinal():
    types = {m.raw: m.mention_type for m in find_mentions("Kỳ họp thứ 8 và Hội nghị lần thứ 3 đã bế mạc.")}
    assert types == {"thứ 8": "ordinal", "thứ 3": "ordinal"}


def test_a_change_told_with_a_provinces_value_is_of_that_province():
    text = "Tại khu vực miền Trung, Quảng Trị vươn lên vị trí thứ 4 (tăng 3 bậc so với năm 2023)."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.kind, o.place_id) for o in obs] == [(4, "level", "vn-quang-tri"),
                                                           (3, "change_abs", "vn-quang-tri")]


PROVINCIAL_PLAN = ("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG\nSố: 45/KH-UBND\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ NĂM 2025\n"
                   "I. KẾT QUẢ NĂM 2024\n1. Nhân lực số: 98% cán bộ, công chức được bồi dưỡng kỹ năng số.\n"
                   "2. Cả nước có 80% người trưởng thành dùng điện thoại thông minh.\n")


def test_a_provincial_authoritys_document_states_the_provinces_figures():
    found = {o.value: o.place_id for o in extract_article(PROVINCIAL_PLAN, "2024").observations}
    assert found == {98: "vn-soc-trang", 80: "vn"}


def test_a_news_article_without_a_place_stays_national():
    text = "TIN CÔNG NGHỆ\nDoanh nghiệp số tăng nhanh.\n98% cán bộ, công chức được bồi dưỡng kỹ năng số."
    assert [o.place_id for o in extract_article(text, "2024").observations] == ["vn"]


def test_a_bracket_opening_another_periods_value_leaves_the_first_value_its_own_period():
    text = "Tỷ lệ hộ có internet cáp quang đạt 84% (năm 2022 là 71%)."
    assert [(o.value, o.period_id) for o in extract_article(text, "2024").observations] == [(84, "2024"),
                                                                                          (71, "2022")]


@pytest.mark.parametrize("text, raw, mention_type", [
    ("Có tới 2/5 doanh nghiệp nhỏ chưa dùng hóa đơn điện tử.", "2/5", "quantity"),
    ("Hồ sơ được nhận tới 2/5 hằng năm.", "2/5", "date"),
])
def test_as_many_as_a_fraction_is_no_date(text, raw, mention_type):
    assert [(m.raw, m.mention_type) for m in find_mentions(text)] == [(raw, mention_type)]


def test_an_equivalent_amount_keeps_the_subject_of_the_value_it_restates():
    text = "Doanh thu phần mềm đạt 2,1 tỷ USD, tương đương khoảng 52.000 tỷ đồng."
    obs = extract_article(text, "2024").observations
    assert [o.subject for o in obs] == ["Doanh thu phần mềm", "Doanh thu phần mềm"]


def test_a_share_of_all_after_a_count_and_its_verb_is_the_counts_bound():
    text = "Đến nay 18 tỉnh, thành phố đã số hóa hơn 60% số hồ sơ hộ tịch."
    assert [o.value for o in extract_article(text, "2024").observations] == [18]


def test_a_forecast_with_no_period_of_its_own_takes_the_one_the_sentence_before_planned_for():
    text = ("Dự kiến năm 2027, các nhà mạng sẽ lắp thêm 9.000 trạm 5G. Vùng phủ 5G trong nhà sẽ tăng lên khoảng 80%. "
            "Hiện vùng phủ 5G trong nhà đạt 62%.")
    obs = extract_article(text, "2026-06").observations
    assert [(o.value, o.period_id, o.status) for o in obs] == [
        (9000, "2027", "forecast"), (80, "2027", "forecast"), (62, "2026-06", "reported")]


@pytest.mark.parametrize("text, raw, period", [
    ("Riêng quý 3-2024, có 410 nghìn nhà bán hàng trực tuyến.", "quý 3-2024", "2024-Q3"),
    ("Số người bán giảm 12% so với quý III-2023.", "quý III-2023", "2023-Q3"),
])
def test_a_quarter_joined_to_its_year_by_a_dash_is_one_period(text, raw, period):
    assert [(m.raw, m.period_id) for m in find_mentions(text) if m.mention_type == "period"] == [(raw, period)]


@pytest.mark.parametrize("text, counts", [
    ("Doanh số của 4 sàn lớn nhất (Shopee, Lazada, Tiki và Sendo) đạt 300 nghìn tỷ đồng.", []),
    ("Doanh thu của 3 nhà mạng Viettel, VNPT, MobiFone đạt 400 nghìn tỷ đồng.", []),
    ("Có 3 nhà mạng: Viettel, VNPT và MobiFone.", []),
    ("Năm 2024 có 2 tỉnh Hà Nam, Nam Định đạt trên 50%.", [2]),
])
def test_a_count_of_the_names_listed_after_it_is_a_list_count(text, counts):
    obs = extract_article(text, "2024").observations
    assert [o.value for o in obs if o.unit == "count"] == counts


def test_a_sentence_opening_with_its_base_is_of_the_same_period_a_year_later():
    text = ("Thị trường thương mại điện tử\nTrong quý 3-2024 có 400 nghìn nhà bán.\n"
            "So với 9 tháng đầu năm 2023, doanh thu các sàn đạt gần 230 nghìn tỷ đồng, tăng gần 40%.")
    obs = extract_article(text, None, date(2024, 11, 5)).observations
    assert [(o.value, o.period_id, o.base_period_id) for o in obs] == [
        (400e3, "2024-Q3", None), (230e12, "2024-9M", None), (40, "2024-9M", "2023-9M")]


@pytest.mark.parametrize("text, subjects", [
    ("Quy mô thị trường điện toán đám mây tăng nhanh, từ 0,5 tỷ USD năm 2021 lên 1,2 tỷ USD năm 2024.",
     ["Quy mô thị trường điện toán đám mây"] * 2),
    ("Tỷ lệ người nhận lương hưu, trợ cấp thất nghiệp qua tài khoản đạt 85%.",
     ["Tỷ lệ người nhận lương hưu, trợ cấp thất nghiệp qua tài khoản"]),
    ("Năm 2024, tỷ lệ xử lý hồ sơ trên môi trường mạng của cấp tỉnh đạt 92,5%, cấp huyện 88,1%.",
     ["tỷ lệ xử lý hồ sơ trên môi trường mạng"] * 2),
])
def test_a_phrase_without_its_own_subject_takes_the_measure_an_earlier_phrase_names(text, subjects):
    assert [o.subject for o in extract_article(text, "2024").observations] == subjects


def test_a_list_of_provinces_then_as_many_ranks_pairs_them_in_order():
    text = "Năm 2024, Nghệ An, Thanh Hóa và Hà Tĩnh giữ vị trí thứ 8, 9 và 10 về chuyển đổi số."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit, o.place_id) for o in obs] == [
        (8, "rank", "vn-nghe-an"), (9, "rank", "vn-thanh-hoa"), (10, "rank", "vn-ha-tinh")]


def test_a_place_out_of_a_total_after_a_ranking_verb_is_a_rank():
    [obs] = extract_article("Năm 2024, Việt Nam xếp 44/133 quốc gia về đổi mới sáng tạo.", "2024").observations
    assert (obs.value, obs.denominator, obs.unit) == (44, 133, "rank")


@pytest.mark.parametrize("text, values", [
    ("Bộ chỉ số gồm 3 trụ cột: hạ tầng số (300 điểm), dữ liệu số (400 điểm) và nhân lực số (300 điểm).", []),
    ("Bộ chỉ số cấp bộ gồm 6 chỉ số chính với tổng điểm 1.000.", []),
    ("Chỉ số của tỉnh đạt 0,68 điểm, gồm hạ tầng số đạt 0,71 điểm.", [0.68, 0.71]),
])
def test_the_weights_of_an_index_are_no_values(text, values):
    assert [o.value for o in extract_article(text, "2024").observations] == values


@pytest.mark.parametrize("text, expected", [
    ("Thời gian cấp phép xây dựng trạm BTS giảm từ 20 ngày xuống còn 7 ngày.", [(20, "day"), (7, "day")]),
    ("Năm 2024, thời gian trả kết quả trung bình chỉ còn 2,5 giờ.", [(2.5, "hour")]),
    ("Hội thảo diễn ra trong 2 ngày với 300 đại biểu.", []),
])
def test_a_duration_is_a_value_only_of_a_measure_of_time(text, expected):
    assert [(o.value, o.unit) for o in extract_article(text, "2024").observations] == expected


@pytest.mark.parametrize("text", [
    "Doanh nghiệp áp dụng chuẩn ISO 9001 và TCVN 11930 trong quản lý.",
    "Người dân gọi đường dây nóng 1800 1567 hoặc số 0236.3812.345 để được hỗ trợ.",
    "Kỷ nguyên công nghiệp 4.0 và Khung kiến trúc phiên bản 3.0 được giới thiệu.",
    "Thực hiện Kế hoạch số 128 của UBND tỉnh về chuyển đổi số.",
])
def test_standards_telephone_numbers_versions_and_plan_numbers_are_no_values(text):
    assert extract_article(text, "2024").observations == []


def test_a_top_group_is_a_rank():
    [obs] = extract_article("Năm 2024, Việt Nam vào Top 20 thị trường thương mại điện tử.", "2024").observations
    assert (obs.value, obs.unit) == (20, "rank")


@pytest.mark.parametrize("text, qualifier", [
    ("Tỷ lệ xã có điểm truy cập wifi công cộng đạt từ 60% trở lên.", "at_least"),
    ("Thời gian xử lý hồ sơ đất đai từ 5 ngày trở xuống.", "at_most"),
])
def test_or_more_and_or_less_after_a_number_bound_it(text, qualifier):
    assert [o.qualifier for o in extract_article(text, "2024").observations] == [qualifier]


@pytest.mark.parametrize("text, expected", [
    ("Năm 2024 tỷ lệ người dùng ví điện tử cao hơn 4,5 điểm phần trăm so với năm 2023.",
     [(4.5, "change_abs", "exact", "2023")]),
    ("Doanh thu quảng cáo số năm 2024 thấp hơn 3% so với năm 2023.", [(-3, "change_pct", "exact", "2023")]),
    ("Năm 2024 doanh thu tăng hơn 25% so với năm 2023.", [(25, "change_pct", "over", "2023")]),
])
def test_higher_or_lower_by_is_a_change_not_a_bound(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.kind, o.qualifier, o.base_period_id) for o in obs] == expected


def test_this_rate_is_the_rate_just_named():
    text = "Năm 2024, tỷ lệ chữ ký số cá nhân đạt 18%. Tỷ lệ này tăng 5 điểm phần trăm so với năm 2023."
    level, change = extract_article(text, "2024").observations
    assert change.subject == level.subject == "tỷ lệ chữ ký số cá nhân"


def test_a_provinces_share_of_the_nation_is_the_provinces():
    text = "Năm 2024, Bắc Ninh có 1.800 doanh nghiệp số, chiếm gần 4% doanh nghiệp số cả nước."
    assert [o.place_id for o in extract_article(text, "2024").observations] == ["vn-bac-ninh", "vn-bac-ninh"]


def test_last_year_in_a_values_lead_is_the_year_before_the_reporting_one():
    text = "Số trạm 5G lắp đặt năm trước là 6.000 trạm, nay đã có 28.000 trạm."
    assert [(o.value, o.period_id) for o in extract_article(text, "2025").observations] == [
        (6000, "2024"), (28000, "2025")]


@pytest.mark.parametrize("raw, period", [
    ("tháng 1-8/2024", "2024-8M"), ("tháng 7-9/2024", "2024-Q3"), ("tháng 7-12/2024", "2024-H2"),
    ("tháng 3-5/2024", None),
])
def test_a_span_of_months_is_one_period(raw, period):
    [m] = find_mentions(f"Lũy kế {raw}, hệ thống ghi nhận 900 sự cố.")[:1]
    assert (m.raw, m.mention_type, m.period_id) == (raw, "period", period)


def test_a_value_after_a_span_of_months_is_of_that_span_and_its_base_the_same_span():
    text = ("Lũy kế từ tháng 1-8/2024, có 3.900 cuộc tấn công mạng, giảm 41,5% so với kỳ năm 2023 "
            "(khoảng 6.700 sự cố).")
    obs = extract_article(text, "2024-08").observations
    assert [(o.value, o.period_id, o.base_period_id) for o in obs] == [
        (3900, "2024-8M", None), (-41.5, "2024-8M", "2023-8M"), (6700, "2023", None)]


def test_a_source_before_the_opening_period_leaves_it_the_period_of_every_clause():
    text = ("Theo báo cáo của Bộ Công an, trong năm 2023, hệ thống ghi nhận 12.000 vụ tấn công; "
            "gần 15.000 phản ánh lừa đảo.")
    assert [o.period_id for o in extract_article(text, "2024-06").observations] == ["2023", "2023"]


def test_this_figure_is_of_the_period_of_the_value_just_named():
    text = "Tháng 8/2024, hệ thống ghi nhận 320 cuộc tấn công mạng. Con số này giảm 70% so với cùng kỳ năm 2023."
    obs = extract_article(text, "2024-9M").observations
    assert [(o.value, o.period_id, o.base_period_id) for o in obs] == [(320, "2024-08", None),
                                                                      (-70, "2024-08", "2023-08")]


@pytest.mark.parametrize("text, period, base", [
    ("Trong tháng 1 năm 2025, số hồ sơ trực tuyến tăng 8% so với tháng trước.", "2025-01", "2024-12"),
    ("Quý I/2025, doanh thu viễn thông tăng 3% so với quý trước.", "2025-Q1", "2024-Q4"),
])
def test_the_month_or_quarter_before_is_the_base_of_a_months_or_quarters_change(text, period, base):
    [obs] = extract_article(text, "2025").observations
    assert (obs.period_id, obs.base_period_id) == (period, base)


@pytest.mark.parametrize("text, value", [
    ("Năm 2024, số tiền bị lừa đảo qua mạng tăng gấp rưỡi so với năm 2023.", 1.5),
    ("Năm 2024, lưu lượng dữ liệu di động tăng gấp đôi so với năm 2023.", 2),
    ("Năm 2024, doanh thu điện toán đám mây tăng gấp ba lần so với năm 2022.", 3),
])
def test_a_multiple_written_as_a_word_is_a_ratio(text, value):
    assert [(o.value, o.unit) for o in extract_article(text, "2024").observations] == [(value, "ratio")]


def test_doi_outside_a_multiple_is_no_number():
    assert find_mentions("Đôi bên cùng có lợi khi hợp tác.") == []


def test_ministries_listed_by_their_short_names_pair_with_the_values_in_order():
    text = ("Năm 2024, 3 bộ: Y tế, Tài chính, Tư pháp có tỷ lệ thanh toán trực tuyến cao nhất, "
            "lần lượt là 71,2%; 65,4% và 60,1%.")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(71.2, "min-y-te"), (65.4, "min-tai-chinh"),
                                                   (60.1, "min-tu-phap")]
    assert {o.subject for o in obs} == {"tỷ lệ thanh toán trực tuyến"}


def test_one_period_before_lan_luot_is_every_values_and_places_are_the_named_units():
    text = ("Đáng chú ý, 2 bộ: Công Thương, Tư pháp có tỷ lệ cao nhất trong 80 bộ, ngành, địa phương, với tỷ lệ "
            "trong năm 2024 lần lượt là 81,3% và 76,2%.")
    obs = extract_article(text, "2025-01").observations
    assert [(o.value, o.period_id, o.place_id) for o in obs if o.unit == "percent"] == [
        (81.3, "2024", "min-cong-thuong"), (76.2, "2024", "min-tu-phap")]


def test_a_top_n_in_an_awards_name_is_no_value():
    text = "Công ty của tỉnh lọt vào Top 10 doanh nghiệp chuyển đổi số tiêu biểu năm 2024."
    assert [o.value for o in extract_article(text, "2024").observations] == []


@pytest.mark.parametrize("text, expected", [
    ("Huyện có 12 trạm thu phát sóng, 340 điểm phục vụ bưu chính và 18 điểm cầu trực tuyến.",
     [(12, "count", "trạm thu phát sóng"), (340, "count", "điểm phục vụ bưu chính"),
      (18, "count", "điểm cầu trực tuyến")]),
    ("Chỉ số của tỉnh đạt 71,5 điểm, tăng 4 điểm so với năm 2023.",
     [(71.5, "index", "Chỉ số"), (4, "index", "Chỉ số")]),
])
def test_diem_before_a_noun_is_a_counted_place_and_before_a_function_word_a_score(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit, o.subject) for o in obs] == expected


def test_the_words_between_two_counts_of_a_list_are_the_first_counts_noun():
    text = "Thành phố hiện có 95 điểm truy cập wifi công cộng và 27 trung tâm dữ liệu."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(95, "điểm truy cập wifi công cộng"),
                                                  (27, "trung tâm dữ liệu")]


@pytest.mark.parametrize("text", [
    "Doanh thu dịch vụ dữ liệu 9 tháng đạt 40 nghìn tỷ đồng (tăng 18% so cùng kỳ năm 2023).",
    "Doanh thu dịch vụ dữ liệu 9 tháng đạt 40 nghìn tỷ đồng, tăng 18% so cùng kỳ.",
])
def test_so_cung_ky_without_voi_is_a_base(text):
    change = [o for o in extract_article(text, "2024-9M").observations if o.kind == "change_pct"]
    assert [(o.value, o.base_period_id) for o in change] == [(18, "2023-9M")]


@pytest.mark.parametrize("lead, period", [
    ("Riêng trong tháng 9/2024", "2024-09"),
    ("Riêng tháng 9/2024", "2024-09"),
    ("Tính đến hết tháng 9/2024", "2024-9M"),
])
def test_a_month_after_rieng_or_trong_is_that_month_not_the_months_to_its_end(lead, period):
    [obs] = extract_article(f"{lead}, doanh thu bán lẻ trực tuyến đạt khoảng 9,5 nghìn tỷ đồng.",
                            "2024-9M").observations
    assert obs.period_id == period


def test_a_value_told_with_voi_after_another_shares_its_period():
    text = "Tỷ lệ giá trị nội địa của ngành 6 tháng đầu năm đạt 27% với giá trị khoảng 18 tỷ USD."
    obs = extract_article(text, "2024-9M").observations
    assert [(o.value, o.period_id) for o in obs] == [(27, "2024-H1"), (18e9, "2024-H1")]


def test_a_base_long_before_a_weak_reporting_period_does_not_move_the_period():
    text = "Số trạm phát sóng trên địa bàn tỉnh cũng tăng 45% so với năm 2016."
    [obs] = extract_article(text, None, published=date(2021, 11, 20)).observations
    assert (obs.period_id, obs.base_period_id) == ("2021-11", "2016")
    assert obs.subject == "Số trạm phát sóng"  # (``trên địa bàn tỉnh`` is the place's, not the subject's)


@pytest.mark.parametrize("text, period, place", [
    ("Năm 2023, tỷ trọng kinh tế số trong GRDP của Thái Nguyên đạt 41%.", "2023", "vn-thai-nguyen"),
    ("9 tháng năm 2025, tỷ trọng kinh tế số trong GRDP của Thái Nguyên đạt 43%.", "2025-9M",
     "vn-thai-nguyen-2025"),
])
def test_a_merged_provinces_name_is_the_unit_that_existed_in_the_values_period(text, period, place):
    [obs] = extract_article(text, None, published=date(2025, 11, 2)).observations
    assert (obs.period_id, obs.place_id) == (period, place)


def test_a_plan_keeps_the_unit_that_set_it():
    text = "Năm 2024, Hải Dương đặt mục tiêu đến năm 2026 kinh tế số chiếm 22% GRDP."
    [obs] = extract_article(text, None, published=date(2024, 3, 1)).observations
    assert (obs.period_id, obs.status, obs.place_id) == ("2026", "target", "vn-hai-duong")


def test_the_nation_a_province_is_ranked_in_is_not_its_place():
    text = ("Năm 2023, tỉnh Vĩnh Phúc dẫn đầu cả nước về tỷ lệ hộ dùng cáp quang là 96,5%; "
            "đứng thứ 2 là Đà Nẵng với tỷ lệ 95,1%.")
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.unit, o.place_id) for o in obs] == [
        (96.5, "percent", "vn-vinh-phuc"), (2, "rank", "vn-da-nang"), (95.1, "percent", "vn-da-nang")]


def test_a_long_subject_opened_by_a_measure_head_is_kept_whole():
    text = ("Về dịch vụ công, tỷ lệ hồ sơ được tiếp nhận và giải quyết trực tuyến toàn trình trên tổng số hồ sơ "
            "thủ tục hành chính của các dịch vụ công trực tuyến toàn trình trong quý đạt 58,2%.")
    [obs] = extract_article(text, "2025-Q1").observations
    assert obs.subject.startswith("tỷ lệ hồ sơ được tiếp nhận")
    assert "của các dịch vụ công trực tuyến toàn trình" in obs.subject


def test_a_past_years_level_beside_a_forecast_is_reported_and_its_period_is_not_the_next_values():
    text = ("Nhà mạng dự kiến lắp thêm 1.200 trạm, cùng với 4.800 trạm của năm 2024 nâng tổng số trạm 5G "
            "của mạng lên 9.000.")
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.period_id, o.status) for o in obs] == [
        (1200, "2025", "forecast"), (4800, "2024", "reported"), (9000, "2025", "forecast")]
    assert obs[-1].subject == "tổng số trạm 5G của mạng"


@pytest.mark.parametrize("text, expected", [
    ("Số thiết bị IoT kết nối năm 2024 tăng gần gấp ba lần so với năm 2022.", [(3, "ratio", "nearly")]),
    ("Tốc độ mạng mới nhanh hơn mạng cũ khoảng 8–12 lần.", [(8, "ratio", "approx"), (12, "ratio", "exact")]),
])
def test_multiples_after_gap_or_a_comparison_are_ratios_with_their_qualifier(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit, o.qualifier) for o in obs] == expected


@pytest.mark.parametrize("text, subject", [
    ("Khoảng 1.500 trạm sử dụng thiết bị sản xuất trong nước.", "trạm sử dụng thiết bị sản xuất"),
    ("Trong số đó có 640 trạm là sản phẩm trong nước.", "trạm"),
    ("Nhà mạng cho biết đã thử nghiệm thành công tốc độ trên 6 Gbps.", "tốc độ"),
])
def test_subject_words_of_compounds_openers_and_tellers(text, subject):
    [obs] = extract_article(text, "2025").observations
    assert obs.subject == subject


def test_viec_hoan_thanh_is_a_completion_told_not_a_target():
    [obs] = extract_article("Việc hoàn thành hơn 9.000 trạm chỉ trong một năm là kỷ lục.", "2025").observations
    assert obs.status == "reported"


def test_tong_cuc_is_no_total_and_a_source_is_no_subject():
    [obs] = extract_article("Theo Tổng cục Thống kê, ước tính GDP năm 2023 tăng 5,0% so với năm trước.",
                            "2023").observations
    assert obs.subject == "GDP"


def test_a_world_in_an_index_name_is_not_the_place_of_a_countrys_score():
    text = "Việt Nam đạt 96,2 điểm trong Chỉ số an ninh mạng toàn cầu năm 2024."
    [obs] = extract_article(text, "2024").observations
    assert obs.place_id == "vn"


def test_a_list_after_lan_luot_shares_its_subject_and_unit_across_scale_words():
    text = "Vào các năm 2020 và 2019, số vụ lừa đảo bị chặn lần lượt là gần 12 triệu và 9,5 triệu vụ."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit, o.period_id, o.subject) for o in obs] == [
        (12e6, "count", "2020", "số vụ lừa đảo bị chặn"), (9.5e6, "count", "2019", "số vụ lừa đảo bị chặn")]


def test_a_value_after_a_base_and_la_is_the_bases_level():
    [obs] = extract_article("So với năm 2019 là 80 triệu trường hợp, con số đã giảm mạnh.", "2024").observations
    assert (obs.value, obs.period_id) == (80e6, "2019")


@pytest.mark.parametrize("text, expected", [
    ("Hơn 3.100 tên miền giả mạo tại Việt Nam được phát hiện trong năm 2024, giảm 12% so với năm trước.",
     [(3100, "2024", None), (-12, "2024", "2023")]),
    ("Thương mại điện tử chiếm khoảng 11% tổng mức bán lẻ, cao hơn mức 9,1% của năm 2023.",
     [(11, "2024", None), (9.1, "2023", None)]),
])
def test_passive_tail_periods_and_comparisons_with_muc(text, expected):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.period_id, o.base_period_id) for o in obs] == expected
    assert obs[1].qualifier == "exact"


def test_a_ransom_demanded_is_no_request_and_so_voi_opens_no_subject():
    obs = extract_article("Số tiền chuộc bị yêu cầu gần 9 triệu USD. Doanh thu ngành tăng 20% so với năm 2023 "
                          "và đạt 30 tỷ USD.", "2024").observations
    assert obs[0].status == "reported"
    assert obs[-1].subject == "Doanh thu ngành"


def test_a_ratio_with_thousands_in_its_denominator_is_one_count_of_a_whole():
    [obs] = extract_article("Đã có khoảng 612/1.750 bệnh viện triển khai bệnh án điện tử.", "2025").observations
    assert (obs.value, obs.denominator, obs.unit) == (612, 1750, "count")
    assert obs.subject.startswith("bệnh viện")


def test_a_period_after_a_threshold_number_and_trong_is_the_next_values():
    text = "Lực lượng lao động từ 15 tuổi trở lên trong quý II năm 2023 là 52,1 triệu người."
    [obs] = extract_article(text, "2023").observations
    assert (obs.value, obs.period_id) == (52.1e6, "2023-Q2")


def test_a_change_is_not_of_the_period_it_is_measured_from():
    text = "Có khoảng 70 triệu người dùng internet, tăng 1,1% so với năm 2021."
    change = [o for o in extract_article(text, "2021").observations if o.kind == "change_pct"]
    assert [(o.period_id, o.base_period_id) for o in change] == [("2022", "2021")]


def test_a_period_after_a_teller_following_an_opening_phrase_is_the_sentences():
    text = ("Tổng hợp nhiều nguồn khác nhau, chuyên gia ước tính năm 2026 tỷ lệ dùng internet lên khoảng 82%, "
            "tỷ lệ kết nối di động lên đến 172%.")
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.period_id) for o in obs] == [(82, "2026"), (172, "2026")]


def test_cong_chuc_and_vien_chuc_continue_a_list_subject():
    [obs] = extract_article("Đã có 100% cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số.", "2024").observations
    assert obs.subject == "cán bộ, công chức, viên chức"


@pytest.mark.parametrize("text, status", [
    ("Đến hết tháng 10/2025, hoàn thành hơn 30 triệu sổ sức khỏe điện tử trên ứng dụng.", "reported"),
    ("Đến hết tháng 10/2025, tỉnh tiếp tục hoàn thành 30 nền tảng số dùng chung.", "target"),
])
def test_hoan_thanh_of_a_period_over_at_publication_is_reported_unless_a_plan_says_it(text, status):
    [obs] = extract_article(text, None, published=date(2025, 11, 20)).observations
    assert obs.status == status


def test_a_count_of_units_named_before_it_or_listed_after_it_with_their_values_is_no_value():
    text = ("Năm 2023, Huế (71%), Bắc Giang (69,5%) và Lào Cai (68%) là 3 tỉnh dẫn đầu về tỷ lệ hồ sơ trực tuyến. "
            "4 tỉnh có tỷ lệ hồ sơ trực tuyến thấp nhất năm 2023 lần lượt gồm: Cà Mau (6,1%), Kon Tum (7%), "
            "Điện Biên (7,3%), Hà Giang (8,8%).")
    obs = extract_article(text, "2023").observations
    assert [o.value for o in obs] == [71, 69.5, 68, 6.1, 7, 7.3, 8.8]


def test_ministries_ranked_after_the_leader_keep_their_own_place_and_the_leaders_subject():
    text = ("Ở khối bộ, Bộ Tư pháp dẫn đầu về tỷ lệ thanh toán trực tuyến với 96%, Bộ Y tế đứng thứ hai với "
            "tỷ lệ 91,5%.")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(96, "min-tu-phap"), (2, "min-y-te"), (91.5, "min-y-te")]
    assert {o.subject for o in obs} == {"tỷ lệ thanh toán trực tuyến"}


@pytest.mark.parametrize("text", [
    "Năm 2024, Hà Nam (88%), Thái Bình (85,2%) là 2 tỉnh dẫn đầu về tỷ lệ thanh toán trực tuyến.",
    "Năm 2024, 2 tỉnh có tỷ lệ thanh toán trực tuyến cao nhất gồm: Hà Nam (88%), Thái Bình (85,2%).",
])
def test_place_labelled_values_take_the_measure_their_list_is_of(text):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.place_id, o.subject) for o in obs] == [
        (88, "vn-ha-nam", "tỷ lệ thanh toán trực tuyến"), (85.2, "vn-thai-binh", "tỷ lệ thanh toán trực tuyến")]


def test_trong_do_goes_on_about_the_period_opening_the_sentence_before():
    text = ("Tháng 9, Trung tâm Phục vụ hành chính công đẩy mạnh dịch vụ công trực tuyến. Trong đó, tỷ lệ hồ sơ "
            "thanh toán trực tuyến đạt 96%.")
    [obs] = extract_article(text, "2024-10").observations
    assert obs.period_id == "2024-09"


def test_an_amount_takes_a_measure_named_after_it_but_a_multiple_not_what_it_is_compared_with():
    obs = extract_article("Thái Lan hiện có khoảng 120 MW công suất trung tâm dữ liệu đang vận hành. Doanh thu "
                          "tăng gấp 3 lần tốc độ tăng trưởng GDP.", "2025").observations
    assert obs[0].subject == "công suất trung tâm dữ liệu"
    assert obs[1].subject == "Doanh thu"


def test_the_low_end_of_a_duration_range_is_no_value_and_vao_opens_no_subject():
    obs = extract_article("Thị trường đạt 800 triệu USD năm 2024, dự kiến tăng lên 1,3 tỷ USD vào năm 2026 và gấp "
                          "đôi vào năm 2030; 30 MW sẽ được xây trong 4–6 năm tới.", "2024").observations
    assert [o.value for o in obs] == [800e6, 1.3e9, 2, 30]
    assert obs[2].subject == "Thị trường"


def test_the_digits_of_a_code_are_no_value_and_data_sizes_have_their_unit():
    obs = extract_article("Xác nhận số CMND 09 số, cấp lại căn cước. Bản cập nhật có dung lượng 92,4 MB.",
                          "2025").observations
    assert [(o.value, o.unit) for o in obs] == [(92.4, "mb")]


def test_every_unit_the_number_grammar_writes_is_a_catalogue_unit():
    from pipelines.core.catalogue import load_catalogue as load
    units = {u.unit_id for u in load().units}
    text = ("Công suất đạt 5 GW, 300 kW, 20 MWh và 1,2 GWh; tốc độ 900 Mbps, 10 Gbps và 2 Tbps; "
            "dữ liệu 10 MB, 5 GB, 3 TB và 1 PB.")
    assert {o.unit for o in extract_article(text, "2025").observations} <= units


def test_two_digit_words_in_a_row_are_a_count_and_its_noun_not_one_number():
    text = "Sau gần ba năm triển khai, tỉnh có hai mươi lăm doanh nghiệp công nghệ số."
    assert [(o.value, o.subject) for o in extract_article(text, "2025").observations] == [
        (25, "doanh nghiệp công nghệ số")]


def test_n_phan_m_is_a_fraction_of_a_count():
    [obs] = extract_article("Khoảng 3 phần 4 doanh nghiệp nhỏ đã dùng hóa đơn điện tử.", "2025").observations
    assert (obs.value, obs.denominator, obs.qualifier) == (3, 4, "approx")


def test_a_value_of_a_year_earlier_and_ranked_lists_after_tiep_theo_la():
    obs = extract_article("Có 21% doanh nghiệp đã ứng dụng AI, tăng từ mức 15% của một năm trước.",
                          "2025-09").observations
    assert [(o.value, o.period_id) for o in obs] == [(21, "2025-09"), (15, "2024-09")]
    obs = extract_article("Tỷ lệ người dùng ví điện tử của Việt Nam đạt 70%, Indonesia đứng thứ hai với 66%, "
                          "tiếp theo là Thái Lan với 61%.", "2025").observations
    assert obs[-1].subject == "Tỷ lệ người dùng ví điện tử" and obs[-1].place_id == "foreign"
    assert obs[0].place_id == "vn"


def test_a_value_told_with_a_comma_and_voi_shares_the_period_of_the_value_before():
    text = "Kinh tế số dự báo đạt 41 tỷ USD vào năm 2026, với mức tăng trưởng 15% so với cùng kỳ."
    obs = extract_article(text, "2025-11").observations
    assert [(o.value, o.period_id) for o in obs] == [(41e9, "2026"), (15, "2026")]


def test_the_field_a_rank_is_taken_in_is_no_value():
    obs = extract_article("Năm 2023, kinh tế số của tỉnh ở vị trí thứ 9 trong 63 tỉnh, thành phố.", "2023").observations
    assert [(o.value, o.unit) for o in obs] == [(9, "rank")]


@pytest.mark.parametrize("second, period", [
    ("Lợi nhuận của ngành đạt 12 nghìn tỷ đồng.", "2023"),
    ("Đến nay, lợi nhuận của ngành đạt 12 nghìn tỷ đồng.", "2025-H1"),
])
def test_a_sentence_with_no_period_goes_on_with_its_paragraphs_unless_it_speaks_of_now(second, period):
    obs = extract_article(f"Năm 2023, doanh thu của ngành đạt 150 nghìn tỷ đồng. {second}", "2025-H1").observations
    assert [o.period_id for o in obs] == ["2023", period]


def test_a_january_article_comparing_with_two_years_before_reports_the_year_before_it():
    [obs] = [o for o in extract_article("Doanh thu toàn ngành tăng 13% so với năm 2023.", None,
                                       published=date(2025, 1, 10)).observations]
    assert (obs.period_id, obs.base_period_id) == ("2024", "2023")


def test_a_list_bullet_is_no_part_of_a_subject():
    text = "Mục tiêu năm 2026:\n- Tỷ trọng kinh tế số trong GRDP của tỉnh đạt 14%."
    [obs] = extract_article(text, "2026").observations
    assert obs.subject.startswith("Tỷ trọng kinh tế số trong GRDP")


PLAN = """ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Số: 88/KH-UBND
KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026
I. KẾT QUẢ THỰC HIỆN NĂM 2025
Năm 2025, tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh đạt 46%.
II. MỤC TIÊU
1. Chính quyền số
- Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 60%.
- 100% cơ quan nhà nước kết nối nền tảng dữ liệu dùng chung.
III. NHIỆM VỤ VÀ GIẢI PHÁP
- Rà soát 120 thủ tục hành chính trong quý I.
"""


def test_a_plans_goals_section_holds_targets_of_the_plan_year():
    obs = extract_article(PLAN, None, published=date(2026, 1, 12)).observations
    assert [(o.value, o.period_id, o.status) for o in obs if o.unit == "percent"] == [
        (46, "2025", "reported"), (60, "2026", "target"), (100, "2026", "target")]
    assert [o.status for o in obs if o.unit == "count"] == ["reported"]


def test_a_news_subheading_naming_a_goal_opens_no_target_section():
    text = ("Hướng tới mục tiêu kinh tế số\nNăm 2025, doanh thu công nghiệp công nghệ số đạt 160 tỷ USD.")
    [obs] = extract_article(text, None, published=date(2026, 1, 12)).observations
    assert obs.status == "reported"


def test_a_measure_right_after_a_goals_period_is_the_subject():
    text = "Để đạt mục tiêu đến năm 2027 tỷ trọng kinh tế số trong GRDP của thành phố đạt 28%, Hải Phòng tăng tốc."
    [obs] = extract_article(text, "2025").observations
    assert obs.subject.startswith("tỷ trọng kinh tế số")


def test_a_ranked_provincial_index_is_the_provinces_and_the_rank_after_a_change_shares_its_period():
    text = ("Năm 2024, Chỉ số chuyển đổi số cấp tỉnh (DTI) của Nam Định xếp thứ 12/63. Theo báo cáo DTI năm 2023 "
            "của Bộ TT&TT, Nam Định đã tăng 9 bậc, xếp thứ 21 trong bảng xếp hạng.")
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.place_id, o.period_id) for o in obs] == [
        (12, "vn-nam-dinh", "2024"), (9, "vn-nam-dinh", "2023"), (21, "vn-nam-dinh", "2023")]


@pytest.mark.parametrize("text, subject", [
    ("Năm 2024, số thuê bao IoT tăng 40%, đạt 5 triệu thuê bao.", "số thuê bao IoT"),
    ("Số tài khoản ví điện tử đạt 40 triệu, trong đó 3 triệu tài khoản của người trên 60 tuổi.", "tài khoản"),
    ("Số thuê bao di động đạt 120 triệu, tương ứng 121 thuê bao/100 dân.", "thuê bao"),
    ("Tổng số hồ sơ là 900.000, trong đó hồ sơ nộp trực tuyến chiếm 58%.", "hồ sơ nộp trực tuyến"),
])
def test_a_count_named_by_the_head_of_the_measure_before_it_takes_that_measure_unless_a_part_or_a_rate(text, subject):
    assert extract_article(text, "2024").observations[-1].subject == subject


@pytest.mark.parametrize("lead, period", [("Lũy kế 7 tháng", "2025-7M"), ("Tính chung 5 tháng", "2025-5M"),
                                          ("Trong 7 tháng tới", "2025-08")])
def test_months_after_luy_ke_are_the_year_so_far_but_not_months_ahead(lead, period):
    [obs] = extract_article(f"{lead}, doanh thu dịch vụ số ước đạt 2,1 triệu tỷ đồng.", "2025-08").observations
    assert obs.period_id == period


def test_a_goal_the_value_beats_is_a_target_of_the_same_indicator():
    text = "Tỷ lệ doanh nghiệp dùng hóa đơn điện tử đạt 96%, vượt mục tiêu 90% đề ra."
    subject = "Tỷ lệ doanh nghiệp dùng hóa đơn điện tử"
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.status, o.subject) for o in obs] == [(96, "reported", subject), (90, "target", subject)]


def test_the_counted_noun_of_the_number_before_is_no_cue_for_the_next_number():
    obs = extract_article("Cả nước có hơn 75.000 doanh nghiệp công nghệ số, 11 triệu thuê bao 5G.", "2025").observations
    assert [(o.value, o.metric_id) for o in obs] == [(75000, "digital_tech_firms"), (11e6, None)]


@pytest.mark.parametrize("text, periods", [
    ("Tỷ trọng các ngành được số hóa tăng từ 3,9% GDP năm 2020 lên 4,6% GDP năm 2024.", ["2020", "2024"]),
    ("Doanh thu số chiếm 5,2% GRDP năm 2023 và 6,1% GRDP năm 2024.", ["2023", "2024"]),
])
def test_a_share_takes_the_year_written_after_the_name_of_its_whole(text, periods):
    obs = extract_article(text, "2025").observations
    assert [o.period_id for o in obs] == periods


@pytest.mark.parametrize("text", [
    "Năm 2024, kinh tế số của tỉnh đóng góp khoảng 3,2 nghìn tỷ đồng, chiếm 11,4% GRDP.",
    "Năm 2024, doanh thu dịch vụ số đạt 41 nghìn tỷ đồng, tương đương 1,6 tỷ USD.",
])
def test_a_value_told_again_as_a_share_or_in_another_unit_keeps_its_period(text):
    obs = extract_article(text, "2025").observations
    assert [o.period_id for o in obs] == ["2024", "2024"]


def test_a_list_of_labelled_values_takes_the_measure_opening_the_sentence():
    obs = extract_article("Mật độ trạm sạc trên 10.000 dân cao nhất thuộc về Hà Nội (8,1), Đà Nẵng (6,4).",
                          "2024").observations
    assert [(o.value, o.unit, o.place_id) for o in obs] == [(8.1, "per_10000_inhabitants", "vn-ha-noi"),
                                                           (6.4, "per_10000_inhabitants", "vn-da-nang")]
    assert {o.subject for o in obs} == {"Mật độ trạm sạc trên 10.000 dân"}


@pytest.mark.parametrize("text", [
    "Sau 6 tháng triển khai, ứng dụng của tỉnh đã có 1,2 triệu lượt tải.",
    "Trong vòng 6 tháng, cổng dịch vụ công tiếp nhận 54.000 hồ sơ trực tuyến.",
    "Trong 9 tháng vận hành thử, nền tảng ghi nhận 2,1 triệu giao dịch.",
])
def test_a_bare_count_of_months_that_tells_a_duration_is_no_part_of_the_year(text):
    obs = extract_article(text, "2025-9M").observations
    assert [o.period_id for o in obs] == ["2025-9M"]


def test_a_bare_count_of_months_without_duration_words_is_that_part_of_the_reporting_year():
    obs = extract_article("Trong 6 tháng, doanh thu dịch vụ số của tỉnh đạt 410 tỷ đồng.", "2025-9M").observations
    assert [o.period_id for o in obs] == ["2025-H1"]


@pytest.mark.parametrize("text", [
    "Đường dây nóng hỗ trợ người dân: 1900 6868.",
    "Mọi thắc mắc xin gọi tổng đài chăm sóc khách hàng 1800.1091 (miễn phí).",
])
def test_a_hotline_number_is_neither_a_year_nor_a_value(text):
    extraction = extract_article(text, "2025")
    assert extraction.observations == []
    assert not [m for m in extraction.mentions if m.mention_type == "period"]


def test_small_and_medium_enterprises_are_one_counted_noun():
    obs = extract_article("Đến năm 2030, ít nhất 70% doanh nghiệp nhỏ và vừa của tỉnh dùng nền tảng số.",
                          "2025").observations
    assert obs[0].subject.startswith("doanh nghiệp nhỏ và vừa")


@pytest.mark.parametrize("text, values", [
    ("Số thuê bao 5G tăng từ 1,8 triệu lên 5,4 triệu thuê bao.", [(1.8e6, "count"), (5.4e6, "count")]),
    ("Doanh thu tăng từ mức 12 lên 15 tỷ USD.", [(12e9, "usd"), (15e9, "usd")]),
])
def test_the_from_level_of_a_change_takes_the_scale_and_unit_of_its_to_level(text, values):
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.unit) for o in obs] == values


def test_a_figure_compared_with_the_national_average_is_the_home_provinces():
    text = ("Sở Khoa học và Công nghệ tỉnh Quảng Trị cho biết toàn tỉnh có 1.245 thủ tục trực tuyến.\n\n"
            "Tỷ lệ hộ gia đình dùng cáp quang đạt 86%, cao hơn bình quân cả nước (82%).")
    obs = extract_article(text, "2025", date(2025, 12, 20)).observations
    assert [(o.value, o.place_id) for o in obs][-2:] == [(86, "vn-quang-tri-2025"), (82, "vn")]


def test_a_named_province_compared_with_the_national_average_keeps_its_name():
    obs = extract_article("Năm 2024, Đà Nẵng đạt tỷ lệ 91%, cao hơn mức trung bình của cả nước.", "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(91, "vn-da-nang")]


@pytest.mark.parametrize("text, subject", [
    ("Nhờ đó, Việt Nam tăng 12 bậc trong bảng xếp hạng An toàn thông tin toàn cầu, đứng thứ 17.",
     "bảng xếp hạng An toàn thông tin toàn cầu"),
    ("Năm 2024, tỉnh xếp thứ 9 về Chỉ số năng lực cạnh tranh cấp tỉnh.", "Chỉ số năng lực cạnh tranh cấp tỉnh"),
])
def test_a_rank_is_of_the_ranking_named_after_it(text, subject):
    obs = extract_article(text, "2024").observations
    assert obs and {o.subject for o in obs} == {subject}


@pytest.mark.parametrize("text", [
    "Năm 2025, tổng doanh thu ngành công nghiệp công nghệ số đạt khoảng 185 tỷ USD, tăng 22% so với năm 2024.",
    "Trong tháng 10/2025, cổng tiếp nhận 2,35 triệu hồ sơ trực tuyến, tăng 12,4% so với tháng trước.",
])
def test_a_change_of_the_value_just_told_is_of_a_metric_that_values_unit_fits(text):
    level, change = extract_article(text, "2025").observations
    assert change.kind == "change_pct" and change.metric_id == level.metric_id


@pytest.mark.parametrize("text, subject", [
    ("Số camera giám sát kết nối về trung tâm điều hành của tỉnh là 1.120 camera.",
     "Số camera giám sát kết nối về trung tâm điều hành"),
    ("Tổng kinh phí cho chuyển đổi số giai đoạn 2021-2025 của tỉnh khoảng 1.350 tỷ đồng.",
     "Tổng kinh phí cho chuyển đổi số"),
])
def test_a_local_marker_and_a_period_at_the_end_of_a_subject_are_left_out(text, subject):
    obs = extract_article(text, "2025").observations
    assert obs[0].subject == subject


def test_the_number_of_a_document_is_no_measure_head():
    obs = extract_article("Kế hoạch số 215/KH-UBND nêu rõ đến năm 2026 có 80% người dân sử dụng VNeID.",
                          "2025").observations
    assert [(o.value, o.subject) for o in obs] == [(80, "người dân sử dụng VNeID")]


def test_what_was_reached_told_against_a_goal_is_reported():
    obs = extract_article("Chỉ tiêu về tỷ lệ dân số có ví điện tử là trên 80%, nhưng thực tế mới đạt 74,3%.",
                          "2025", date(2025, 11, 10)).observations
    assert [(o.value, o.status) for o in obs] == [(80, "target"), (74.3, "reported")]


def test_chi_tieu_is_one_counted_noun():
    obs = extract_article("Năm 2024, tỉnh hoàn thành 18/22 chỉ tiêu chuyển đổi số.", "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(18, "chỉ tiêu chuyển đổi số")]


@pytest.mark.parametrize("text, value", [
    ("Bình quân mỗi hồ sơ đất đai được giải quyết trong 2,5 ngày.", 2.5),
    ("Việc cấp giấy phép xây dựng nay chỉ mất 4 ngày.", 4),
])
def test_how_long_a_service_takes_is_a_value_in_days(text, value):
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.unit) for o in obs] == [(value, "day")]


def test_a_ratio_compared_with_a_period_is_of_the_sentences_own_period():
    obs = extract_article("Năm 2025, vốn đầu tư vào trung tâm dữ liệu đạt 1,2 tỷ USD, gấp 2,4 lần năm 2024.",
                          "2025").observations
    assert [(o.value, o.period_id) for o in obs] == [(1.2e9, "2025"), (2.4, "2025")]


def test_a_list_of_labelled_values_takes_the_first_measure_named_before_it():
    obs = extract_article("Các địa phương có tỷ lệ hồ sơ trực tuyến cao nhất là Bắc Ninh (92,3%), Đồng Nai (88,7%).",
                          "2024").observations
    assert [(o.place_id, o.subject) for o in obs] == [("vn-bac-ninh", "tỷ lệ hồ sơ trực tuyến"),
                                                      ("vn-dong-nai", "tỷ lệ hồ sơ trực tuyến")]


@pytest.mark.parametrize("text", [
    "Tổng số thuê bao di động là 128 triệu.",
    "Số lượng tài khoản định danh đã kích hoạt đạt 38,6 triệu.",
])
def test_a_bare_amount_of_a_named_count_is_a_count(text):
    obs = extract_article(text, "2024").observations
    assert [o.unit for o in obs] == ["count"]


@pytest.mark.parametrize("text", [
    "Cuối năm 2023, tỷ lệ thanh toán không dùng tiền mặt của tỉnh đạt 41%, trong khi mục tiêu đề ra là 45%.",
    "Năm 2023, khối doanh nghiệp đạt 62% (mục tiêu 70%).",
])
def test_a_goal_named_right_before_its_value_is_a_target_of_a_past_year_too(text):
    obs = extract_article(text, "2024-01", date(2024, 1, 20)).observations
    assert [(o.status, o.period_id) for o in obs] == [("reported", "2023"), ("target", "2023")]


def test_a_paragraphs_period_carries_past_a_goal_told_last():
    obs = extract_article("Năm 2023, khối bộ đạt 62% (mục tiêu 70%). Khối địa phương đạt 21%.",
                          "2024-01", date(2024, 1, 20)).observations
    assert [(o.value, o.period_id) for o in obs] == [(62, "2023"), (70, "2023"), (21, "2023")]


@pytest.mark.parametrize("text, subject", [
    ("Năm 2024, tỷ lệ doanh nghiệp dùng hóa đơn điện tử của vùng vẫn thấp. Đến cuối năm, tỷ lệ này mới đạt 37%.",
     "tỷ lệ doanh nghiệp dùng hóa đơn điện tử"),
    ("Số thuê bao băng rộng cố định ở vùng núi còn ít. Trong năm, số này tăng thêm 12.000.",
     "Số thuê bao băng rộng cố định"),
])
def test_this_measure_speaks_of_the_last_one_the_paragraph_named(text, subject):
    obs = extract_article(text, "2024").observations
    assert [o.subject for o in obs] == [subject]


def test_this_measure_with_no_earlier_name_stays_as_written():
    obs = extract_article("Tỷ lệ này đạt 37%.", "2024").observations
    assert [o.subject for o in obs] == ["Tỷ lệ này"]


@pytest.mark.parametrize("text, count", [
    ("Dữ liệu của 3 sở (Nội vụ, Tài chính và Y tế) đã được kết nối.", "3"),
    ("Trong năm, 4 bộ (Công Thương, Tài chính, Tư pháp, Y tế) đạt tỷ lệ trên 50%.", "4"),
])
def test_names_in_sentence_case_are_counted_in_a_list(text, count):
    mentions = extract_article(text, "2024").mentions
    assert [m.mention_type for m in mentions if m.raw == count] == ["list_count"]


def test_a_number_inside_a_modifier_counts_the_noun_after_it():
    obs = extract_article("Tỉnh có chỉ số chuyển đổi số cao nhất trong 34 tỉnh, thành phố.", "2025").observations
    assert [(o.value, o.subject) for o in obs] == [(34, "tỉnh, thành phố")]


def test_a_measure_named_after_with_is_the_subject_of_the_value_it_reaches():
    obs = extract_article("Đà Nẵng đứng đầu khu vực về mức độ số hóa với giá trị DTI đạt 0,7712.", "2024").observations
    assert [(o.subject, o.unit) for o in obs] == [("giá trị DTI", "index")]


@pytest.mark.parametrize("text, periods", [
    ("Số hộ kinh doanh bán hàng qua mạng năm 2024 đạt 41.000 hộ, doanh thu bình quân đạt 120 triệu đồng.",
     ["2024", "2024"]),
    ("Chỉ số an toàn thông tin năm 2023 của tỉnh đạt 0,71, đứng thứ 12 cả nước.", ["2023", "2023"]),
    ("Số điểm phát sóng 5G năm 2023 là 120 điểm, hiện nay là 180 điểm.", ["2023", "2025"]),
])
def test_the_one_period_a_sentence_names_applies_to_its_later_values(text, periods):
    obs = extract_article(text, "2025").observations
    assert [o.period_id for o in obs] == periods


def test_a_share_told_after_a_changes_base_keeps_the_changes_period():
    obs = extract_article("Năm 2024, doanh thu bán lẻ trực tuyến ước đạt 9 tỷ USD, tăng 18% so với năm 2023, "
                          "chiếm khoảng 7% tổng mức bán lẻ.", "2025-H1").observations
    assert [(o.value, o.period_id) for o in obs] == [(9e9, "2024"), (18, "2024"), (7, "2024")]


def test_a_goal_told_with_its_value_ends_at_a_semicolon_opening_a_new_statement():
    obs = extract_article("Mục tiêu năm 2023 đạt 30 thuê bao/100 dân; Thuê bao di động dùng điện thoại thông minh "
                          "ước đạt 98 triệu thuê bao.", "2023-9M").observations
    assert [(o.value, o.status, o.period_id) for o in obs] == [(30, "target", "2023"),
                                                               (98e6, "reported", "2023-9M")]


def test_a_directives_list_of_tasks_goes_on_past_a_semicolon():
    obs = extract_article("Thủ tướng yêu cầu các bộ hoàn thiện đề án trình Chính phủ; Bảo đảm tỷ lệ hồ sơ trực "
                          "tuyến đạt ít nhất 60%.", "2024-Q1").observations
    assert [(o.value, o.status) for o in obs] == [(60, "target")]


def test_the_period_opening_a_sentence_stops_at_a_semicolon_opening_a_new_statement():
    obs = extract_article("Mục tiêu năm 2023 đạt 85% hộ gia đình có cáp quang; Số thuê bao băng rộng cố định đạt "
                          "22 triệu thuê bao.", "2023-9M").observations
    assert [(o.value, o.status, o.period_id) for o in obs] == [(85, "target", "2023"), (22e6, "reported", "2023-9M")]


@pytest.mark.parametrize("text, values", [
    ("Theo nhóm, có 6 tỉnh trên 25%; 14 tỉnh từ 15-25% và 3 tỉnh dưới 5%.", [6, 14, 3]),
    ("Cả nước có 9 địa phương từ 40% đến 60%.", [9]),
])
def test_the_bounds_of_a_band_a_count_of_units_falls_in_are_no_values(text, values):
    obs = extract_article(text, "2024").observations
    assert [o.value for o in obs] == values


def test_a_labelled_list_takes_its_own_sentences_measure_over_one_carried():
    text = ("Số tỉnh có dữ liệu đầy đủ theo từng nhóm là 20. "
            "3 tỉnh có tỷ lệ thanh toán số thấp nhất là Lai Châu (8,1%); Điện Biên (7,9%).")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.subject) for o in obs if o.unit == "percent"] == [
        (8.1, "tỷ lệ thanh toán số"), (7.9, "tỷ lệ thanh toán số")]


def test_a_shares_year_after_of_and_the_name_of_its_whole():
    text = "Tỷ trọng này tăng từ 3,2% của GRDP năm 2021 lên 4,4% của GRDP năm 2023."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.period_id) for o in obs] == [(3.2, "2021"), (4.4, "2023")]


def test_an_identification_level_is_a_name_not_a_value():
    obs = extract_article("Khoảng 45 triệu tài khoản đã đạt mức định danh 2 trong năm.", "2025").observations
    assert [o.value for o in obs] == [45e6]


@pytest.mark.parametrize("text, subject", [
    ("Nhờ liên thông dữ liệu, thời gian cấp phép rút xuống còn chưa đến 12 giờ.", "thời gian cấp phép"),
    ("Thời gian chờ khám bệnh đã rút ngắn còn 30 phút.", "Thời gian chờ khám bệnh"),
])
def test_shortening_verbs_are_no_part_of_a_subject(text, subject):
    assert [o.subject for o in extract_article(text, "2025").observations] == [subject]


def test_an_owner_named_after_a_colon_is_not_the_place_of_a_value_before_it():
    text = ("Đến tháng 6, nền tảng đã xử lý 900 triệu giao dịch, phục vụ nhiều hệ thống: 7 triệu lượt đăng nhập "
            "ứng dụng của Bộ Y tế.")
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.place_id) for o in obs] == [(9e8, "vn"), (7e6, "min-y-te")]


@pytest.mark.parametrize("text, place", [
    ("Huyện Mường Khương hiện có 45 trạm phát sóng 4G.", "vn-unknown"),
    ("Lào Cai đẩy mạnh hạ tầng số\n\nHuyện Mường Khương hiện có 45 trạm phát sóng 4G.", "vn-lao-cai"),
    ("Tại thị xã Sa Pa, 92% hộ gia đình đã có cáp quang.", "vn-unknown"),
])
def test_a_districts_figure_is_the_home_provinces_never_the_nations(text, place):
    assert [o.place_id for o in extract_article(text, "2024").observations] == [place]


def test_the_district_level_as_a_whole_stays_an_aggregate():
    obs = extract_article("Cả nước có 12.000 trạm 5G; riêng cấp huyện có 300 trạm.", "2024").observations
    assert [o.place_id for o in obs] == ["vn", "agg-districts"]


def test_the_count_of_the_places_just_named_is_no_value():
    text = ("Sau 3 tháng thí điểm tại Đà Nẵng và Cần Thơ, 41.000 hồ sơ đã nộp qua ứng dụng, chiếm 65% hồ sơ "
            "của 2 địa phương.")
    obs = extract_article(text, "2024").observations
    assert [o.value for o in obs] == [41000, 65]


def test_a_plans_figure_in_brackets_is_a_target_of_the_whole_year():
    text = "Trong quý I/2025, doanh thu ngành ước đạt 900 tỷ đồng, đạt 24% so với kế hoạch năm (3.750 tỷ đồng)."
    obs = extract_article(text, "2025-Q1").observations
    assert [(o.value, o.status, o.period_id) for o in obs] == [
        (9e11, "reported", "2025-Q1"), (24, "reported", "2025-Q1"), (3.75e12, "target", "2025")]


def test_a_paragraphs_period_carries_to_a_sentence_naming_only_a_base():
    text = ("Trong năm 2023, doanh thu dịch vụ số ước đạt 12 tỷ USD. Xuất khẩu phần mềm ước đạt 3 tỷ USD, "
            "giảm 2% so năm 2022.")
    obs = extract_article(text, "2024-Q1").observations
    assert [(o.value, o.period_id) for o in obs] == [(12e9, "2023"), (3e9, "2023"), (-2, "2023")]


def test_as_of_words_left_before_a_cut_date_are_no_part_of_a_subject():
    obs = extract_article("Tổng số lao động của ngành tính đến tháng 3/2024 ước khoảng 15.300 người.",
                          "2024-Q1").observations
    assert [o.subject for o in obs] == ["Tổng số lao động của ngành"]


def test_a_period_opening_a_list_after_a_colon_reaches_every_item():
    text = ("Kết quả nổi bật của tỉnh: Tính đến tháng 9, có 610 dịch vụ công toàn trình; tổng số dịch vụ tích hợp là "
            "1.240; tỷ lệ hồ sơ trực tuyến đạt 68%.")
    obs = extract_article(text, "2025-10").observations
    assert [o.period_id for o in obs] == ["2025-09", "2025-09", "2025-09"]


def test_a_province_carries_to_the_next_sentence_beside_its_own_levels():
    text = ("Tỷ lệ hồ sơ trực tuyến toàn tỉnh Nghệ An đạt 70%, trong đó cấp xã đạt 73%. "
            "Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính đạt 88%.")
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.place_id, o.subject) for o in obs] == [
        (70, "vn-nghe-an", "Tỷ lệ hồ sơ trực tuyến"), (73, "agg-communes", "Tỷ lệ hồ sơ trực tuyến"),
        (88, "vn-nghe-an", "Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính")]


def test_a_measure_opening_a_list_of_nouns_before_a_comma_is_the_subject():
    text = "Trong năm, tỷ lệ số hóa hồ sơ đạt 90%; tỷ lệ khai thác, tái sử dụng dữ liệu đã số hóa đạt 61%."
    obs = extract_article(text, "2025").observations
    assert [o.subject for o in obs] == ["tỷ lệ số hóa hồ sơ", "tỷ lệ khai thác, tái sử dụng dữ liệu đã số hóa"]


@pytest.mark.parametrize("text, values", [
    ("Quý I/2025, doanh thu trực tuyến trên 4 sàn lớn nhất đạt 92.000 tỷ đồng, tăng 40% so với cùng kỳ.",
     [9.2e13, 40]),
    ("Năm 2024, tỷ lệ thanh toán số của 12 bệnh viện tuyến tỉnh đạt 64%.", [64]),
])
def test_a_count_inside_the_name_of_a_measure_is_no_value(text, values):
    obs = extract_article(text, "2025").observations
    assert [o.value for o in obs] == values
    assert all(any(c.isdigit() for c in o.subject) for o in obs)


def test_dia_chi_is_one_counted_noun():
    obs = extract_article("Tháng 5/2024, có 420.000 địa chỉ IP nằm trong mạng botnet.", "2024-05").observations
    assert [o.subject for o in obs] == ["địa chỉ IP"]


def test_a_change_from_an_earlier_month_is_not_moved_a_year_past_publication():
    obs = extract_article("Nếu so với tháng 5 trước đó, số vụ lừa đảo trực tuyến đã giảm 6,2%.", "2024-6M",
                          date(2024, 7, 8)).observations
    assert [(o.value, o.status, o.period_id) for o in obs] == [(-6.2, "reported", "2024-6M")]


def test_a_slash_joins_the_words_of_an_aggregate_as_a_comma_does():
    obs = extract_article("Năm 2024, tỷ lệ hồ sơ trực tuyến của khối bộ/ngành đạt 61%.", "2024").observations
    assert [o.place_id for o in obs] == ["agg-ministries"]


def test_a_star_rating_is_a_name_not_a_value():
    obs = extract_article("Năm 2024, tỉnh có 215 sản phẩm OCOP 3 sao trở lên, trong đó 12 sản phẩm 4 sao.",
                          "2024").observations
    assert [o.value for o in obs] == [215, 12]


def test_a_plans_verbless_list_items_after_a_goal_are_targets_too():
    text = ("Kế hoạch đặt mục tiêu tỷ lệ thuê bao dùng điện thoại thông minh trên 85%. Tỷ lệ hộ gia đình có cáp "
            "quang trên 90%. Năm 2025, tỷ lệ người dân dùng ví điện tử đạt 52%.")
    obs = extract_article(text, "2026", date(2026, 2, 1)).observations
    assert [(o.value, o.status) for o in obs] == [(85, "target"), (90, "target"), (52, "reported")]


def test_the_age_a_population_is_defined_by_is_part_of_the_subject():
    obs = extract_article("Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản ngân hàng đạt 87%.", "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(87, "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản ngân hàng")]


@pytest.mark.parametrize("text, values", [
    ("Số hợp tác xã dùng phần mềm kế toán tăng từ 1.200 năm 2021 lên khoảng 3.400 năm 2024.",
     [(1200, "2021"), (3400, "2024")]),
    ("Số hộ kinh doanh bán hàng trực tuyến tăng từ 9.000 hộ năm 2022 lên 15.500 hộ năm 2024.",
     [(9000, "2022"), (15500, "2024")]),
])
def test_a_number_before_a_year_is_no_span_of_years(text, values):
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.period_id) for o in obs] == values


def test_a_span_of_years_is_still_a_period():
    mentions = extract_article("Sau 5 năm triển khai, tỉnh có 300 trạm.", "2025").mentions
    assert [(m.raw, m.mention_type) for m in mentions] == [("5 năm", "period"), ("300", "quantity")]


@pytest.mark.parametrize("text, values", [
    ("Số hồ sơ trực tuyến của tỉnh đạt 12.000 tháng 9/2024.", [(12000, "2024-09")]),
    ("Tỉnh có 45 xã năm 2023 và 60 xã năm 2024 được phủ sóng 5G.", [(45, "2023"), (60, "2024")]),
])
def test_a_number_before_its_month_or_year_keeps_both(text, values):
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.period_id) for o in obs] == values


def test_the_province_a_paragraph_names_is_the_one_its_local_markers_speak_of():
    text = ("Đà Nẵng đẩy mạnh chuyển đổi số\n\nNgày 10/5, Quảng Nam là tỉnh đầu tiên cả nước hoàn thành cấp căn "
            "cước cho 100% người dân. Công an tỉnh đã kích hoạt hơn 520.000 tài khoản định danh điện tử.")
    obs = extract_article(text, "2024-05").observations
    assert [(o.value, o.place_id) for o in obs] == [(100, "vn-quang-nam"), (520000, "vn-quang-nam")]


def test_a_span_of_days_after_tu_is_a_date_not_a_value():
    mentions = extract_article("Chỉ trong 3 ngày, từ 9 – 11.5, tổ công tác đã thu nhận 870 hồ sơ.", "2024").mentions
    assert [(m.raw, m.mention_type) for m in mentions] == [("3 ngày", "time"), ("9 – 11.5", "date"),
                                                           ("870", "quantity")]


def test_a_surge_is_a_change_for_every_value_of_its_list():
    obs = extract_article("Năm 2025, giao dịch qua ví điện tử tăng vọt 48,2% về số lượng và 96,5% về giá trị.",
                          "2025").observations
    assert [(o.value, o.kind, o.subject) for o in obs] == [(48.2, "change_pct", "giao dịch qua ví điện tử"),
                                                           (96.5, "change_pct", "giao dịch qua ví điện tử")]


def test_a_scaled_count_is_not_bounded_by_the_value_after_it():
    obs = extract_article("Trong quý III, ví điện tử xử lý hơn 210 triệu giao dịch, đạt giá trị hơn 95 nghìn tỷ đồng.",
                          "2025-Q3").observations
    assert [o.value for o in obs] == [2.1e8, 9.5e13]


def test_a_value_to_raise_something_to_is_a_target():
    obs = extract_article("Để nâng tỷ lệ nhân lực số lên tối thiểu 3%, tỉnh cần tăng khoảng 25% số học viên mỗi năm.",
                          "2025").observations
    assert [(o.value, o.status) for o in obs] == [(3, "target"), (25, "target")]


def test_what_a_need_is_met_by_is_reported():
    text = "Mỗi năm ngành cần 8.000 kỹ sư vi mạch, nhưng chỉ đáp ứng được dưới 25%."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.status) for o in obs] == [(8000, "target"), (25, "reported")]


def test_a_sentence_opening_with_a_connective_is_no_item_of_a_plans_list():
    text = "Năm 2025 phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%. Tuy nhiên, số hồ sơ hiện mới đáp ứng khoảng 60%."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.status) for o in obs] == [(80, "target"), (60, "reported")]


def test_a_month_written_with_a_dash_is_a_period():
    obs = extract_article("Tính đến cuối tháng 9-2024, tổng số giao dịch qua nền tảng đã đạt hơn 780 triệu.",
                          "2024").observations
    assert [(o.value, o.period_id) for o in obs] == [(7.8e8, "2024-09")]


def test_truc_thuoc_ends_a_counted_noun():
    obs = extract_article("Năm 2024, 34/34 tỉnh, thành phố trực thuộc trung ương đã kết nối nền tảng.",
                          "2024").observations
    assert [o.subject for o in obs] == ["tỉnh, thành phố"]


def test_a_top_group_of_provinces_is_no_rank():
    obs = extract_article("Trong tốp 10 địa phương dẫn đầu về DTI năm 2024, Lạng Sơn xếp thứ 4.", "2024").observations
    assert [(o.value, o.unit, o.place_id) for o in obs] == [(4, "rank", "vn-lang-son")]


def test_a_bracketed_change_of_a_rank_keeps_the_ranked_province():
    obs = extract_article("Năm 2024, Bình Định xếp vị trí thứ 9 toàn quốc (tăng 6 bậc so với năm 2023).",
                          "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(9, "vn-binh-dinh"), (6, "vn-binh-dinh")]


def test_an_aggregate_inside_an_indexs_name_is_not_the_place_of_the_unit_ranked_by_it():
    text = "Đà Nẵng dẫn đầu bảng xếp hạng Chỉ số Chuyển đổi số (DTI) cấp tỉnh năm 2023, với 0,7815 điểm."
    assert [o.place_id for o in extract_article(text, "2023").observations] == ["vn-da-nang"]


def test_a_ministry_holding_a_press_briefing_is_its_source_not_the_place():
    text = "Tại buổi họp báo của Bộ KH&CN, đại diện Cục cho biết đã có 98,7% thôn bản có băng rộng di động."
    assert [o.place_id for o in extract_article(text, "2025-Q2").observations] == ["vn"]


def test_a_change_from_a_bounded_level_carries_its_subject_to_the_new_level():
    text = "Vùng phủ sóng 5G đã tăng từ dưới 2% cách đây hai năm lên khoảng 85%."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.qualifier, o.subject) for o in obs] == [(2, "at_most", "Vùng phủ sóng 5G"),
                                                                (85, "approx", "Vùng phủ sóng 5G")]


@pytest.mark.parametrize("text", [
    "Sở Y tế cho hay, hiện có 18/21 bệnh viện đã thanh toán viện phí không dùng tiền mặt.",
    "Theo Sở Công Thương, năm 2024 có 312 doanh nghiệp bán hàng trên sàn thương mại điện tử.",
])
def test_a_provincial_department_makes_a_sentence_the_home_provinces(text):
    assert [o.place_id for o in extract_article(text, "2024").observations] == ["vn-unknown"]


def test_a_bare_amount_for_the_next_item_takes_the_unit_before_it():
    text = "Trong quý II, nhà mạng A dẫn đầu với hơn 6 triệu thuê bao 5G, theo sau là nhà mạng B với 3 triệu."
    obs = extract_article(text, "2025-Q2").observations
    assert [(o.value, o.unit) for o in obs] == [(6e6, "count"), (3e6, "count")]


def test_a_bare_amount_after_a_change_keeps_no_unit_of_its_own():
    mentions = extract_article("Doanh thu đạt 5 triệu USD, lợi nhuận 2 triệu.", "2025").mentions
    assert [(m.raw, m.unit) for m in mentions] == [("5 triệu USD", "usd"), ("2 triệu", None)]


def test_phai_telling_what_befell_is_no_directive():
    text = ("Trong 9 tháng đầu năm, có 5.120 sự cố mạng được ghi nhận. Bình quân mỗi ngày các hệ thống "
            "phải hứng chịu gần 19 sự cố.")
    obs = extract_article(text, "2024-9M").observations
    assert [(o.value, o.status, o.period_id) for o in obs] == [(5120, "reported", "2024-9M"),
                                                              (19, "reported", "2024-9M")]


def test_phai_as_a_duty_is_still_a_target():
    obs = extract_article("Các tỉnh phải đạt 100% hồ sơ được số hóa trong năm 2025.", "2024").observations
    assert [(o.value, o.status) for o in obs] == [(100, "target")]


def test_the_breakdown_of_a_count_after_gom_is_observed():
    text = ("Trong tháng 3, hệ thống giám sát phát hiện 410 cuộc tấn công vào các cổng thông tin "
            "(gồm 52 cuộc thay đổi giao diện, 98 cuộc cài mã độc và 260 cuộc lừa đảo).")
    obs = extract_article(text, "2024-03").observations
    assert [o.value for o in obs] == [410, 52, 98, 260]


def test_the_make_up_of_a_body_after_gom_stays_no_observation():
    assert extract_article("Năm 2024 tổ công tác gồm 9 thành viên.", "2024").observations == []


@pytest.mark.parametrize("text", [
    "Năm 2024, số sự cố là 8.400 sự cố, giảm 2.100 sự cố, tương đương 20% so với năm 2023.",
    "Năm 2024, số sự cố là 8.400 sự cố, giảm hơn 2.100 sự cố (tương đương gần 20% so với năm 2023).",
])
def test_a_share_told_as_the_equivalent_of_a_change_is_that_change_in_percent(text):
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.kind, o.base_period_id) for o in obs][1:] == [(-2100, "change_abs", "2023"),
                                                                     (-20, "change_pct", "2023")]


@pytest.mark.parametrize(("text", "subject"), [
    ("Năm 2023, Việt Nam đứng thứ 27 trên toàn thế giới về số lượng thiết bị nhiễm mã độc.",
     "số lượng thiết bị nhiễm mã độc"),
    ("Tỉnh xếp thứ 8 cả nước về mức độ sẵn sàng cho phát triển chính quyền số.",
     "mức độ sẵn sàng cho phát triển chính quyền số"),
])
def test_a_rank_names_what_it_ranks_after_ve(text, subject):
    assert [o.subject for o in extract_article(text, "2024").observations] == [subject]


def test_a_rank_restating_a_value_is_of_the_values_place():
    text = ("Năm 2024, Indonesia có tỷ lệ người dùng gặp mã độc cao nhất khu vực, với 47,2%, "
            "tương ứng với vị trí thứ 9 trên toàn thế giới.")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(47.2, "foreign"), (9, "foreign")]


def test_the_level_a_change_started_from_is_of_the_changes_base():
    text = "Như vậy, so với năm 2022, số thiết bị nhiễm mã độc đã giảm 24%, từ 1.250.000 thiết bị."
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.kind, o.period_id, o.base_period_id, o.subject) for o in obs] == [
        (-24, "change_pct", "2023", "2022", "số thiết bị nhiễm mã độc"),
        (1.25e6, "level", "2022", None, "số thiết bị nhiễm mã độc")]


def test_a_comparison_value_after_so_voi_keeps_the_subject():
    text = "Số thiết bị nhiễm mã độc năm 2023 là 910.000 thiết bị, so với 1.250.000 thiết bị năm 2022."
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.period_id, o.subject) for o in obs] == [
        (910000, "2023", "Số thiết bị nhiễm mã độc"), (1.25e6, "2022", "Số thiết bị nhiễm mã độc")]


def test_phat_hien_keeps_its_hien():
    obs = extract_article("Số lỗ hổng được phát hiện là 1.204 lỗ hổng.", "2024").observations
    assert [o.subject for o in obs] == ["Số lỗ hổng được phát hiện"]


def test_a_place_after_a_teller_is_cut_only_when_it_opens_the_subject():
    text = "Trung tâm cho biết số website giả mạo tại Việt Nam bị gỡ bỏ trong năm 2024 là 3.300 trang."
    assert [o.subject for o in extract_article(text, "2024").observations] == [
        "số website giả mạo tại Việt Nam bị gỡ bỏ"]


def test_the_ministry_owning_the_reporting_agency_is_no_place():
    text = ("Theo thống kê của Cục Bưu điện (thuộc Bộ Khoa học và Công nghệ), tháng 5/2024 có 12.400 bưu cục "
            "tại Việt Nam đã kết nối mạng.")
    assert [o.place_id for o in extract_article(text, "2024-05").observations] == ["vn"]


def test_a_change_after_a_bracketed_breakdown_is_of_the_total():
    text = ("Tháng 4, cả nước ghi nhận 600 sự cố (gồm 100 sự cố A và 500 sự cố B), "
            "giảm 12% so với tháng 3.")
    obs = extract_article(text, "2024-04").observations
    assert [(o.value, o.subject) for o in obs][-1] == (-12, "sự cố")
    assert obs[-1].subject_start == obs[0].subject_start


def test_what_a_step_takes_in_seconds_is_a_value_with_its_range():
    text = "Tại bệnh viện, lần khám sau chỉ mất 4-6 giây để đăng ký."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(4, "second"), (6, "second")]


def test_a_clock_time_stays_no_observation():
    assert extract_article("Hội nghị khai mạc lúc 9 giờ sáng.", "2024").observations == []


def test_an_age_named_before_the_bound_is_no_value():
    text = "Năm 2025, mọi công dân trong độ tuổi từ đủ 16 trở lên sẽ được cấp căn cước."
    assert extract_article(text, "2025").observations == []


@pytest.mark.parametrize("text", ["Mã định danh là dãy 10 số in trên thẻ.", "Mật khẩu một lần gồm 8 chữ số."])
def test_the_length_of_a_code_is_no_value(text):
    assert extract_article(text, "2024").observations == []


def test_a_negated_phai_is_no_directive():
    text = "Năm 2024, 100% phim chụp không còn phải in ra giấy, thời gian chờ giảm xuống 40%."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.status) for o in obs] == [(100, "reported"), (40, "reported")]
    assert obs[0].subject == "phim chụp"


def test_a_count_of_provincial_committees_is_no_home_province():
    text = "Đến nay, hệ thống đã kết nối dữ liệu với 41/63 UBND tỉnh, thành phố."
    assert [o.place_id for o in extract_article(text, "2022").observations] == ["vn"]


def test_a_star_rating_is_part_of_the_counted_noun():
    text = "Năm 2024, tỉnh có 210 sản phẩm OCOP, trong đó 58% sản phẩm 3 sao và 12 sản phẩm 5 sao trở lên."
    obs = extract_article(text, "2024").observations
    assert [o.subject for o in obs] == ["sản phẩm OCOP", "sản phẩm 3 sao", "sản phẩm 5 sao"]
    assert len({o.indicator_id for o in obs}) == 3


@pytest.mark.parametrize(("text", "values"), [
    ("Năm 2024, hội chợ bố trí 150 gian hàng.", []),
    ("Năm 2024, nông dân mở 1.300 gian hàng trực tuyến.", [1300]),
    ("Năm 2024, huyện lập 9 gian hàng cấp xã trên sàn.", [9]),
])
def test_booths_at_an_event_are_no_indicator_but_online_stores_are(text, values):
    assert [o.value for o in extract_article(text, "2024").observations] == values


def test_xep_hang_n_is_a_rank():
    obs = extract_article("Năm 2024, tỉnh vươn lên xếp hạng 7, tăng 4 bậc so với năm 2023.", "2024").observations
    assert [(o.value, o.unit, o.kind) for o in obs] == [(7, "rank", "level"), (4, "rank", "change_abs")]


def test_a_score_written_with_a_decimal_point_is_a_value_not_a_version():
    obs = extract_article("Năm 2024, tổng điểm cải cách hành chính của tỉnh là 81.46/100 điểm.", "2024").observations
    assert [o.value for o in obs] == [81.46]
    assert extract_article("Năm 2024, tỉnh đẩy mạnh ứng dụng công nghệ 4.0.", "2024").observations == []


def test_a_pillar_named_at_the_start_of_a_sentence_is_the_subject():
    text = "Ở trụ cột xã hội số, năm 2024 tỉnh đạt 0,6512 điểm, tăng 0,0811 điểm so với năm 2023."
    assert {o.subject for o in extract_article(text, "2024").observations} == {"trụ cột xã hội số"}


def test_dau_vao_keeps_its_vao():
    obs = extract_article("Năm 2024, cấp xã số hóa 48.200 hồ sơ đầu vào (đạt 97,5%).", "2024").observations
    assert [o.subject for o in obs] == ["hồ sơ đầu vào", "hồ sơ đầu vào"]


def test_each_labelled_item_of_a_list_is_its_own_subject():
    text = "Năm 2025, vốn được chia cho 3 nhóm: hạ tầng số (9.000 tỷ đồng); đào tạo kỹ năng số (2.100 tỷ đồng)."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.subject) for o in obs] == [(9e12, "hạ tầng số"), (2.1e12, "đào tạo kỹ năng số")]


def test_place_labelled_items_keep_the_lists_measure():
    text = "Tỷ lệ thanh toán trực tuyến năm 2024 của Bắc Ninh (41%), Hải Dương (38%) dẫn đầu vùng."
    obs = extract_article(text, "2024").observations
    assert [o.place_id for o in obs] == ["vn-bac-ninh", "vn-hai-duong"]
    assert len({o.subject for o in obs}) == 1


def test_the_phases_of_a_plan_are_no_count():
    text = "Năm 2024, đề án được chia làm 2 giai đoạn 2024-2025 (5.000 tỷ đồng) và 2026-2030 (9.000 tỷ đồng)."
    assert [o.value for o in extract_article(text, "2024").observations] == [5e12, 9e12]


def test_a_share_of_the_years_plan_is_of_the_period_reached_and_of_the_subject_before():
    text = ("Doanh thu dịch vụ số 6 tháng đầu năm 2024 ước đạt 12.400 tỷ đồng, tăng 6% so với cùng kỳ năm 2023 "
            "và đạt 47,5% kế hoạch năm 2024.")
    obs = extract_article(text, "2024-H1").observations
    assert [(o.value, o.period_id, o.subject) for o in obs][-1] == (47.5, "2024-H1", "Doanh thu dịch vụ số")


def test_a_colon_after_the_linking_verb_keeps_the_subject_and_qualifier():
    obs = extract_article("Doanh thu dịch vụ số tháng 3 ước đạt: 9.120 tỷ đồng.", "2024-Q1").observations
    assert [(o.subject, o.qualifier) for o in obs] == [("Doanh thu dịch vụ số", "approx")]


def test_tinh_den_het_is_cut_from_the_end_of_a_subject():
    obs = extract_article("Lũy kế doanh thu dịch vụ số tính đến hết tháng 8/2024 ước đạt 70.500 tỷ đồng.",
                          "2024").observations
    assert [o.subject for o in obs] == ["doanh thu dịch vụ số"]


def test_changes_listed_against_last_month_and_last_year_keep_the_subject():
    text = "Nộp ngân sách ước đạt 6.210 tỷ đồng, tăng 2% so với tháng trước và tăng 5% so với cùng kỳ năm ngoái."
    assert {o.subject for o in extract_article(text, "2024-07").observations} == {"Nộp ngân sách"}


def test_a_bracketed_period_label_is_the_period_of_its_value_only():
    text = ("Doanh thu tháng 7 ước đạt 250.100 tỷ đồng, tăng 4% so với tháng trước (Tháng 6/2024: 240.500 tỷ đồng) "
            "và giảm 1% so với cùng kỳ năm ngoái (Tháng 7/2023: 252.600 tỷ đồng).")
    obs = extract_article(text, "2024-07").observations
    assert [(o.value, o.period_id) for o in obs] == [
        (2.501e14, "2024-07"), (4, "2024-07"), (2.405e14, "2024-06"), (-1, "2024-07"), (2.526e14, "2023-07")]


def test_a_results_heading_names_the_period_of_the_paragraphs_under_it():
    text = ("Kết quả nổi bật trong tháng 8/2024\n\n"
            "Doanh thu toàn ngành ước đạt 310.200 tỷ đồng, tăng 3% so với tháng trước.\n\n"
            "Lũy kế doanh thu tính đến hết tháng 8/2024 ước đạt 2.400.000 tỷ đồng.\n")
    obs = extract_article(text, None, date(2024, 9, 5)).observations
    assert [(o.value, o.period_id) for o in obs] == [(3.102e14, "2024-08"), (3, "2024-08"), (2.4e15, "2024-8M")]


def test_a_task_heading_names_no_period_of_what_follows():
    text = ("Kết quả 6 tháng đầu năm 2024\n\nToàn tỉnh có 820 tổ công nghệ số cộng đồng.\n\n"
            "Nhiệm vụ 6 tháng cuối năm\n\nTỉnh phát huy vai trò của 820 tổ công nghệ số cộng đồng.\n")
    obs = extract_article(text, "2024-H1").observations
    assert [(o.period_id, o.status) for o in obs] == [("2024-H1", "reported"), ("2024-H1", "reported")]


def test_negative_growth_is_a_fall():
    obs = extract_article("Năm 2024, doanh số của 2 sàn nhỏ tăng trưởng âm 20-25%.", "2024").observations
    assert [(o.value, o.kind) for o in obs] == [(-20, "change_pct"), (-25, "change_pct")]


@pytest.mark.parametrize(("text", "subject"), [
    ("Năm 2024, hồ sơ nộp qua cổng chiếm 58% tổng số hồ sơ.", "hồ sơ nộp qua cổng"),
    ("Doanh thu bán lẻ trực tuyến năm 2024 đạt 21 tỷ USD, chiếm 8% tổng mức bán lẻ hàng hóa.",
     "Doanh thu bán lẻ trực tuyến"),
])
def test_the_noun_after_a_share_told_with_chiem_is_its_whole_not_its_subject(text, subject):
    assert extract_article(text, "2024").observations[-1].subject == subject


def test_a_share_told_of_this_figure_is_of_the_value_before():
    text = "Năm 2024, doanh số bán hàng trực tuyến đạt 200 nghìn tỷ đồng. Con số này chiếm 5% tổng mức bán lẻ."
    obs = extract_article(text, "2024").observations
    assert obs[-1].subject_start == obs[0].subject_start


def test_the_field_of_a_ranking_is_no_rank():
    text = "Năm 2023, tỉnh tăng 7 bậc, lên vị trí thứ 12 trong bảng xếp hạng 63 tỉnh, thành phố."
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.kind) for o in obs] == [(7, "change_abs"), (12, "level")]


def test_each_pillar_of_an_index_is_its_own_subject():
    text = ("Năm 2023, chính quyền số của tỉnh đạt 0,7012 điểm, xếp thứ 15; kinh tế số đạt 0,6120 điểm, "
            "xếp thứ 22 và xã hội số đạt 0,5544 điểm, xếp thứ 31.")
    obs = extract_article(text, "2023").observations
    assert [o.subject for o in obs] == ["chính quyền số", "chính quyền số", "kinh tế số", "kinh tế số",
                                        "xã hội số", "xã hội số"]


def test_a_quarter_without_a_year_is_of_the_reporting_year():
    text = "Quý 2 năm nay, giao dịch qua thẻ tăng 18% về giá trị so với cùng kỳ năm trước."
    obs = extract_article(text, "2022-07").observations
    assert [(o.period_id, o.base_period_id) for o in obs] == [("2022-Q2", "2021-Q2")]


def test_an_item_beside_the_topic_keeps_its_own_subject():
    text = ("Quý 2/2022, giao dịch qua kênh Internet tăng 21% về giá trị, giao dịch qua kênh di động tăng 88%, "
            "riêng kênh thẻ tăng 12%.")
    obs = extract_article(text, "2022-Q2").observations
    assert [o.subject for o in obs] == ["giao dịch qua kênh Internet", "giao dịch qua kênh di động", "kênh thẻ"]


def test_a_bare_value_after_a_measure_in_the_comma_phrase_before_is_of_it():
    text = "Khảo sát năm 2023 cho thấy, tỷ lệ dùng ví điện tử, 41%, cao hơn năm trước."
    assert [o.subject for o in extract_article(text, "2023").observations] == ["tỷ lệ dùng ví điện tử"]


def test_a_list_after_tye_le_nay_with_more_words_is_of_the_antecedent():
    text = ("Năm 2024, Ninh Bình có tỷ lệ thanh toán trực tuyến đạt 61,2%. Tỷ lệ này giúp tỉnh vượt "
            "Hải Phòng (55,1%), Nam Định (50,3%).")
    obs = extract_article(text, "2024").observations
    assert {o.subject for o in obs} == {"tỷ lệ thanh toán trực tuyến"}
    assert [o.place_id for o in obs] == ["vn-ninh-binh", "vn-hai-phong", "vn-nam-dinh"]


def test_foreign_cities_are_foreign():
    text = "Năm 2025, công suất trung tâm dữ liệu tại Hà Nội đạt 40 MW, thấp hơn Jakarta (250 MW) và Bangkok (72 MW)."
    assert [o.place_id for o in extract_article(text, "2025").observations] == ["vn-ha-noi", "foreign", "foreign"]


def test_a_bracketed_month_after_a_month_named_in_words_is_its_period():
    text = "Trong tháng đầu thương mại hóa (tháng 3/2025), tốc độ tải xuống trung bình đạt 150 Mbps."
    obs = extract_article(text, None, date(2025, 4, 20)).observations
    assert [(o.value, o.period_id, o.status) for o in obs] == [(150, "2025-03", "reported")]


def test_a_bare_amount_for_the_next_operator_after_dat_takes_the_unit():
    text = "Năm 2025, nhà mạng A đạt 6 triệu người dùng 5G, nhà mạng B đạt 2 triệu."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.unit) for o in obs] == [(6e6, "count"), (2e6, "count")]


def test_con_so_nay_and_no_speak_of_the_last_measure_named():
    text = ("Báo cáo cho thấy tỷ trọng thương mại số trong GDP tăng nhanh. Năm 2022, con số này ước là 6,1%, "
            "trong khi năm 2023, nó đã lên mức 7,4%.")
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.period_id, o.subject) for o in obs] == [
        (6.1, "2022", "tỷ trọng thương mại số"), (7.4, "2023", "tỷ trọng thương mại số")]


@pytest.mark.parametrize("text", [
    "Năm 2024, Thủ tướng yêu cầu UBND 4 địa phương, gồm: Bến Tre, Hưng Yên, Phú Thọ, Sóc Trăng sớm chi trả.",
    "Năm 2024, Thủ tướng yêu cầu 3 tỉnh, thành phố gồm An Giang, Cần Thơ và Tây Ninh khẩn trương thực hiện.",
])
def test_a_count_of_the_places_listed_after_gom_is_no_value(text):
    assert extract_article(text, "2024").observations == []


def test_a_numbered_item_marker_is_no_part_of_the_subject():
    text = "Năm 2025 cần: (1) hoàn thiện thể chế; (2) doanh thu công nghiệp số đạt 160 tỷ USD."
    assert [o.subject for o in extract_article(text, "2025").observations] == ["doanh thu công nghiệp số"]


def test_the_same_period_last_year_told_in_brackets_is_that_period():
    text = ("Trong 9 tháng năm 2023, lượng khách đạt 5 triệu lượt, tăng 40% so với cùng kỳ năm trước "
            "(cùng kỳ năm trước giảm 12,5%).")
    obs = extract_article(text, "2023-9M").observations
    assert [(o.value, o.period_id) for o in obs] == [(5e6, "2023-9M"), (40, "2023-9M"), (-12.5, "2022-9M")]
    assert obs[-1].subject == obs[0].subject


def test_an_unnamed_province_goes_on_through_its_paragraph():
    text = "Năm 2024, doanh thu bán lẻ trên địa bàn tỉnh đạt 900 tỷ đồng. Doanh thu lưu trú đạt 120 tỷ đồng."
    assert [o.place_id for o in extract_article(text, "2024").observations] == ["vn-unknown", "vn-unknown"]


@pytest.mark.parametrize(("text", "periods"), [
    ("Tỷ lệ phủ sóng đã tăng từ khoảng 10% cách đây ba năm lên 70%.", ["2021", "2024"]),
    ("Cách đây 2 năm, tỷ lệ hộ dùng cáp quang là 60%.", ["2022"]),
    ("Năm 2024, số trạm đạt 900 trạm, gấp đôi thời điểm cách đây một năm.", ["2024", "2024"]),
])
def test_years_ago_name_the_year_of_a_level(text, periods):
    assert [o.period_id for o in extract_article(text, "2024").observations] == periods


def test_a_range_of_star_ratings_is_no_value():
    obs = extract_article("Năm 2024, sàn giới thiệu 198/336 sản phẩm OCOP từ 3-5 sao.", "2024").observations
    assert [o.value for o in obs] == [198]


def test_doi_voi_opens_no_subject():
    text = "Năm 2024, tỉnh cung cấp 1.500 dịch vụ công trực tuyến, đạt 100% đối với thủ tục đủ điều kiện."
    obs = extract_article(text, "2024").observations
    assert obs[-1].subject == "dịch vụ công trực tuyến"


def test_a_goal_set_before_sera_is_a_target_with_each_years_value():
    text = "Bộ đặt mục tiêu năm 2025, doanh thu dịch vụ số sẽ đạt 90.000 tỷ đồng và năm 2026 lên mức 99.000 tỷ đồng."
    obs = extract_article(text, "2025").observations
    assert [(o.period_id, o.status) for o in obs] == [("2025", "target"), ("2026", "target")]


def test_a_change_of_ict_workers_is_a_change_not_the_ict_growth_rate():
    text = "Lao động trong lĩnh vực ICT năm 2024: 1.300.000 người, tăng 4% so với năm 2023."
    obs = extract_article(text, "2024").observations
    assert [(o.kind, o.subject) for o in obs] == [("level", "Lao động trong lĩnh vực ICT"),
                                                  ("change_pct", "Lao động trong lĩnh vực ICT")]


def test_a_yearly_average_over_a_span_is_of_the_span():
    text = "Giai đoạn 2020-2024, số tài khoản thanh toán bình quân hàng năm tăng 14,5%."
    obs = extract_article(text, "2024").observations
    assert [(o.period_id, o.base_period_id, o.subject) for o in obs] == [
        ("2020-2024", None, "số tài khoản thanh toán")]


def test_a_change_over_a_span_is_from_its_first_year():
    obs = extract_article("Giai đoạn 2020-2024, số tài khoản thanh toán tăng 64%.", "2024").observations
    assert [(o.period_id, o.base_period_id) for o in obs] == [("2024", "2020")]


def test_a_share_at_the_end_of_a_long_phrase_is_of_the_last_measure_named():
    text = ("Năm 2024, ngành công nghệ số có những bước tiến đáng ghi nhận thể hiện rõ qua số lượng doanh nghiệp "
            "công nghệ số tăng 18%.")
    assert [o.subject for o in extract_article(text, "2024").observations] == ["số lượng doanh nghiệp công nghệ số"]


@pytest.mark.parametrize(("text", "subject"), [
    ("Năm 2025, giao dịch qua nền tảng trong tháng đạt 400 triệu giao dịch.", "giao dịch qua nền tảng"),
    ("Doanh thu dịch vụ đám mây nửa đầu năm 2025 ước đạt 120 triệu USD.", "Doanh thu dịch vụ đám mây"),
    ("Đến năm 2030, kinh phí cần 9.000 tỷ đồng.", "kinh phí"),
])
def test_a_bare_period_word_or_cần_is_cut_from_the_end_of_a_subject(text, subject):
    assert [o.subject for o in extract_article(text, "2025").observations] == [subject]


def test_a_fall_told_of_the_measure_after_it_is_of_that_measure():
    text = "Năm 2025, hệ thống mới giúp tăng năng suất tiếp nhận và giảm khoảng 35% thời gian chờ đợi của người dân."
    obs = extract_article(text, "2025").observations
    assert [(o.value, o.kind, o.subject) for o in obs] == [(-35, "change_pct", "thời gian chờ đợi")]


def test_a_long_counted_noun_is_kept_whole():
    text = "Năm 2024, tỉnh công bố 640 thủ tục hành chính thực hiện dịch vụ công trực tuyến toàn trình."
    assert [o.subject for o in extract_article(text, "2024").observations] == [
        "thủ tục hành chính thực hiện dịch vụ công trực tuyến toàn trình"]


def test_the_terms_of_a_one_in_n_rate_are_no_values():
    text = "Năm 2024, cứ 300 người dùng điện thoại thì có 1 người bị lừa, tương đương tỷ lệ 0,33%."
    assert [o.value for o in extract_article(text, "2024").observations] == [0.33]


def test_the_sample_of_a_survey_is_no_value_and_cho_thay_tells():
    text = "Năm 2024, một khảo sát với gần 2.000 người cho thấy tỷ lệ dùng ví điện tử đạt 48%."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(48, "tỷ lệ dùng ví điện tử")]


def test_co_so_y_te_is_no_provincial_department():
    text = "Mục tiêu đến năm 2025, 100% cơ sở y tế triển khai bệnh án điện tử."
    assert [o.place_id for o in extract_article(text, "2024").observations] == ["vn"]


def test_a_title_naming_one_province_makes_its_unplaced_figures_the_provinces():
    text = ("Chuyển đổi số ở Lai Châu sau năm năm\n\n"
            "Năm 2024, tỉnh tiếp tục đầu tư hạ tầng.\n\n"
            "Về hạ tầng: tỷ lệ hộ gia đình dùng cáp quang đạt 72%; mật độ thuê bao đạt 95 thuê bao/100 dân.")
    assert {o.place_id for o in extract_article(text, "2024").observations} == {"vn-lai-chau"}


def test_a_title_comparing_a_province_with_the_nation_is_no_provincial_article():
    text = ("Lai Châu vươn lên dẫn đầu cả nước về thanh toán trực tuyến\n\n"
            "Năm 2024, tỷ lệ thanh toán trực tuyến của cả nước đạt 30%.\n\n"
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%.")
    assert {o.place_id for o in extract_article(text, "2024").observations} == {"vn"}


def test_a_heading_names_the_place_of_the_paragraphs_under_it():
    text = ("Chuyển đổi số các địa phương nửa đầu năm 2024\n\n"
            "Điện Biên:\n\n"
            "Tỷ lệ người trưởng thành có điện thoại thông minh đạt 88%.\n\n"
            "Bức tranh chung của cả nước\n\n"
            "Tỷ lệ hộ gia đình dùng cáp quang đạt 82%.")
    obs = extract_article(text, "2024-H1").observations
    assert [(o.value, o.place_id) for o in obs] == [(88, "vn-dien-bien"), (82, "vn")]


def test_a_national_heading_in_a_provincial_portal_keeps_the_nations_figures():
    text = ("Cổng thông tin điện tử tỉnh Hậu Giang\n\n"
            "Số liệu của cả nước\n\n"
            "Tỷ lệ người trưởng thành có tài khoản ngân hàng đạt 87%.\n\n"
            "Kết quả của tỉnh\n\n"
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 52%.")
    obs = extract_article(text, "2024-H1").observations
    assert [(o.value, o.place_id) for o in obs] == [(87, "vn"), (52, "vn-hau-giang")]


def test_a_text_naming_one_province_and_this_province_and_never_the_nation_is_provincial():
    text = ("Hội nghị tổng kết của Sở TT-TT tỉnh Kon Tum.\n\n"
            "Năm 2023, Sở đã hoàn thành 30/34 chỉ tiêu của tỉnh.\n\n"
            "Về viễn thông, tổng doanh thu hơn 900 tỷ đồng, tăng 8% so với năm 2022.")
    assert {o.place_id for o in extract_article(text, "2023").observations} == {"vn-kon-tum"}


def test_nine_months_of_this_year_is_of_the_publication_year_not_the_base():
    text = "Trong 9 tháng năm nay, giao dịch qua ví điện tử tăng 38% về số lượng so với cùng kỳ năm 2024."
    assert infer_reporting_period(text, date(2025, 10, 20)) == ("2025-9M", "text:headline-ytd")
    obs = extract_article(text, None, date(2025, 10, 20)).observations
    assert [(o.period_id, o.base_period_id) for o in obs] == [("2025-9M", "2024-9M")]


def test_a_months_count_takes_no_year_from_the_base_of_a_change():
    text = "Ngày 5/7, trong 6 tháng, doanh thu tăng 10% so với cùng kỳ năm 2024."
    assert infer_reporting_period(text, date(2025, 7, 5))[0] != "2024-H1"


@pytest.mark.parametrize(("text", "subject"), [
    ("Năm 2025, thẻ nội địa tiếp tục là điểm sáng khi tăng 20% về giá trị.", "thẻ nội địa"),
    ("Năm 2025, doanh thu quảng cáo số tăng mạnh khi đạt 40 tỷ đồng.", "doanh thu quảng cáo số"),
])
def test_a_comment_before_khi_is_no_part_of_the_subject(text, subject):
    assert [o.subject for o in extract_article(text, "2025").observations] == [subject]


def test_the_goal_a_value_is_compared_with_is_a_target_of_the_same_subject():
    text = "Năm 2023, tỷ lệ hệ thống thông tin được phê duyệt cấp độ an toàn đạt 91% so với 80% yêu cầu đặt ra."
    obs = extract_article(text, "2023").observations
    assert [(o.value, o.status) for o in obs] == [(91, "reported"), (80, "target")]
    assert obs[0].subject == obs[1].subject


def test_a_measure_of_what_was_finished_is_reported():
    text = "Tỷ lệ xã hoàn thành số hóa sổ hộ tịch đạt 64%."
    assert [o.status for o in extract_article(text, "2023", date(2024, 1, 10)).observations] == ["reported"]


def test_a_request_counted_after_a_number_keeps_its_noun():
    assert [o.subject for o in extract_article("Năm 2024, 93% yêu cầu được xử lý đúng hạn.", "2024")
            .observations] == ["yêu cầu"]


def test_the_bounds_of_a_band_the_counted_places_fall_in_are_no_values():
    text = ("Năm 2023, có 6 địa phương có tỷ trọng kinh tế số trên 20%; 11 địa phương có tỷ trọng từ 10 - 20% "
            "và 3 địa phương có tỷ lệ từ 5% đến 10%.")
    assert [o.value for o in extract_article(text, "2023").observations] == [6, 11, 3]


@pytest.mark.parametrize("text", [
    "Năm 2024, tỉnh Kiên Giang tiếp tục dẫn đầu 63 tỉnh, thành phố về thanh toán trực tuyến.",
    "Năm 2024, 4 tỉnh dẫn đầu về kinh tế số đều có thế mạnh về công nghiệp điện tử.",
])
def test_a_group_of_places_told_by_its_size_is_no_value(text):
    assert extract_article(text, "2024").observations == []


def test_membership_of_a_leading_group_stays_a_value():
    text = "Năm 2024, Cần Thơ nằm trong nhóm 5 địa phương dẫn đầu về chuyển đổi số."
    assert [o.value for o in extract_article(text, "2024").observations] == [5]


def test_a_network_generation_other_than_the_metrics_maps_to_no_metric():
    obs = extract_article("Năm 2010, tỷ lệ phủ sóng 3G chỉ đạt 40% dân số.", "2010").observations
    assert [(o.value, o.metric_id) for o in obs] == [(40, None)]


def test_a_plural_marker_left_before_a_cut_period_is_cut_too():
    text = "Tỷ trọng thương mại điện tử trong bán lẻ các năm 2021 - 2024 đạt khoảng 9%."
    assert [o.subject for o in extract_article(text, "2024").observations] == [
        "Tỷ trọng thương mại điện tử trong bán lẻ"]


def test_a_place_after_tai_before_the_verb_is_no_subject():
    text = "Năm 2024, tỷ lệ văn bản được ký số, tại Khu kinh tế Nghi Sơn đạt trên 95%."
    assert [o.subject for o in extract_article(text, "2024").observations] == ["tỷ lệ văn bản được ký số"]


def test_a_level_named_inside_a_national_count_is_no_place():
    obs = extract_article("Năm 2024, cả nước có 41.000 tổ và 210.000 thành viên tổ cấp xã, thôn.", "2024").observations
    assert [(o.value, o.place_id) for o in obs] == [(41000, "vn"), (210000, "vn")]
    assert [o.place_id for o in extract_article("Năm 2024, tỷ lệ hồ sơ trực tuyến cấp xã đạt 40%.", "2024")
            .observations] == ["agg-communes"]


@pytest.mark.parametrize("text", [
    "Theo kế hoạch, mỗi phường thành lập một tổ với tối đa 8 thành viên.",
    "Theo kế hoạch, mỗi thôn, bản có từ 3-6 người hỗ trợ.",
])
def test_a_rules_bound_for_each_unit_is_no_value(text):
    assert extract_article(text, "2024").observations == []


def test_an_average_for_each_unit_stays_a_value():
    assert [o.value for o in extract_article("Năm 2024, mỗi xã có gần 120 thành viên được tập huấn.", "2024")
            .observations] == [120]


def test_a_shares_period_after_a_long_name_of_its_whole():
    text = "Doanh số các sàn chiếm gần 7% tổng doanh thu bán lẻ hàng hóa cả nước năm 2024."
    assert [o.period_id for o in extract_article(text, "2025-01").observations] == ["2024"]


def test_a_paragraph_opening_with_its_month_names_the_reporting_period():
    text = ("Tháng 7/2024, cơ quan chức năng đã ghi nhận 410 cuộc tấn công mạng, giảm 40% so với kỳ năm 2023. "
            "Lũy kế 7 tháng có 3.900 cuộc tấn công.")
    assert infer_reporting_period(text, date(2024, 8, 10)) == ("2024-07", "text:month-cue")


def test_so_voi_ky_nam_is_a_base_in_the_headline():
    assert infer_reporting_period("Số vụ giảm 40% so với kỳ năm 2023", date(2024, 8, 10))[0] != "2023"


def test_the_low_end_of_a_fall_told_as_a_range_falls_too():
    obs = extract_article("Năm 2024, doanh thu các sàn nhỏ ghi nhận tăng trưởng âm 30-35%.", "2024").observations
    assert [(o.value, o.kind) for o in obs] == [(-30, "change_pct"), (-35, "change_pct")]
    assert obs[0].subject == obs[1].subject == "doanh thu các sàn nhỏ"


def test_what_records_a_bare_growth_is_what_grew():
    obs = extract_article("Năm 2024, ngành logistics ghi nhận tăng trưởng 14%.", "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(14, "ngành logistics")]


def test_a_share_told_as_the_equivalent_of_a_count_is_of_the_count():
    text = "Năm 2025, cả nước đã cấp hơn 15 triệu chứng thư số, tương ứng với 24% dân số trưởng thành."
    obs = extract_article(text, "2025").observations
    assert [o.subject for o in obs] == ["chứng thư số", "chứng thư số"]


def test_a_goal_by_the_end_of_a_year_is_a_target():
    text = "Mục tiêu Chính phủ đề ra, đến cuối năm 2026, 60% dân số trưởng thành sẽ có chữ ký số."
    assert [(o.status, o.period_id) for o in extract_article(text, "2025").observations] == [("target", "2026")]


def test_time_passed_since_the_period_before_ends_the_paragraphs_period():
    text = "Tháng 10/2024, cả nước có 11 triệu chứng thư. Chỉ sau tám tháng, thêm gần 5 triệu chứng thư được cấp."
    obs = extract_article(text, "2025-06").observations
    assert [o.period_id for o in obs] == ["2024-10", "2025-06"]


def test_a_goal_met_told_in_brackets_is_no_directive():
    text = ("Năm 2024, số điểm giao dịch đạt 9.000 điểm (đạt chỉ tiêu năm 2024); 95% xã có điểm giao dịch "
            "(chỉ tiêu năm 2024 đề ra là 98%).")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit, o.status) for o in obs] == [
        (9000, "count", "reported"), (95, "percent", "reported"), (98, "percent", "target")]


def test_a_bare_ty_of_a_money_measure_is_of_dong():
    obs = extract_article("Doanh thu ngành chuyển phát năm 2024 ước đạt hơn 50.000 tỷ", "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(5e13, "vnd")]
    assert [o.unit for o in extract_article("Số giao dịch năm 2024 đạt 5 tỷ", "2024").observations] == ["count"]


def test_the_leader_of_a_ranking_is_no_subject():
    text = ("Năm 2025, tổng công suất trung tâm dữ liệu là 50 MW. Trong khi đó, Thái Lan hiện dẫn đầu khu vực "
            "với 300 MW.")
    obs = extract_article(text, "2025").observations
    assert [o.subject for o in obs] == ["tổng công suất trung tâm dữ liệu"] * 2
    assert [o.subject for o in extract_article("Năm 2024, Bộ Tư pháp dẫn đầu với tỷ lệ 80%.", "2024")
            .observations] == ["tỷ lệ"]


def test_the_goal_told_in_brackets_after_a_value_is_of_its_subject():
    text = ("Năm 2024, số người dùng trên một điểm truy cập đạt 3.000 người/điểm (vượt chỉ tiêu đề ra là "
            "5.000 người/điểm).")
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.status, o.subject) for o in obs] == [
        (3000, "reported", "số người dùng trên một điểm truy cập"),
        (5000, "target", "số người dùng trên một điểm truy cập")]


def test_postal_services_for_e_commerce_are_no_e_commerce_growth():
    text = "Năm 2024, dịch vụ chuyển phát phục vụ thương mại điện tử tăng trưởng khoảng 28% so với năm 2023."
    assert [o.metric_id for o in extract_article(text, "2024").observations] == [None]


@pytest.mark.parametrize(("text", "kinds"), [
    ("Hà Tĩnh hoàn thành giai đoạn đầu Kế hoạch 03", ["legal_ref"]),
    ("Triển khai Chương trình 749 về chuyển đổi số", ["legal_ref"]),
    ("Kế hoạch 100 ngày đêm", ["time"]),
])
def test_a_plans_short_number_is_a_legal_reference(text, kinds):
    assert [m.mention_type for m in find_mentions(text) if m.mention_type != "ordinal"] == kinds


def test_a_measure_listing_nouns_over_two_commas_is_one_subject():
    text = "Năm 2025, tỷ lệ số hóa hồ sơ đạt 90%; tỷ lệ khai thác, tái sử dụng thông tin, dữ liệu số hóa đạt 88%."
    assert [o.subject for o in extract_article(text, "2025").observations] == [
        "tỷ lệ số hóa hồ sơ", "tỷ lệ khai thác, tái sử dụng thông tin, dữ liệu số hóa"]


def test_a_teller_before_a_merged_revenue_leaves_the_revenue():
    text = "Tập đoàn Bưu chính Viễn thông (VNPT) công bố doanh thu hợp nhất năm 2024 đạt 60.000 tỷ đồng."
    assert [o.subject for o in extract_article(text, "2024").observations] == ["doanh thu hợp nhất"]


def test_a_share_of_those_just_named_is_no_further_change():
    obs = extract_article("Năm 2024, số doanh nghiệp số tăng 12%, 40% trong số đó ở Hà Nội.", "2024").observations
    assert [o.kind for o in obs] == ["change_pct", "level"]


def test_a_headline_looking_ahead_to_a_year_names_no_reporting_period():
    text = ("Ngành bưu chính kỳ vọng gì năm 2026\n\n"
            "Doanh thu bưu chính trong năm qua ước đạt 80.000 tỷ đồng, tăng 14% so với năm 2024.")
    assert infer_reporting_period(text, date(2026, 1, 20)) == ("2026-01", "published-month")
    assert [o.period_id for o in extract_article(text, None, date(2026, 1, 20)).observations] == ["2025", "2025"]


def test_the_bracketed_level_a_change_started_from_keeps_its_subject():
    text = "Năm 2024, số thuê bao 5G/100 dân đạt 20 thuê bao/100 dân, tăng 8% so với năm 2023 (12 thuê bao/100 dân)."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.period_id) for o in obs] == [(20, "2024"), (8, "2024"), (12, "2023")]
    assert len({o.subject for o in obs}) == 1


def test_number_one_of_a_ranking_is_no_value():
    text = "Năm 2024, MobiFone tiếp tục là nhà mạng số 1 về tốc độ với 40% thị phần."
    assert [o.value for o in extract_article(text, "2024").observations] == [40]


def test_a_share_followed_by_an_adverb_is_of_the_population_told_before():
    text = "Năm 2025, 20% doanh nghiệp đã dùng AI. Tuy vậy, 70% vẫn chủ yếu dùng AI cho tác vụ đơn giản."
    assert [o.subject for o in extract_article(text, "2025").observations] == ["doanh nghiệp", "doanh nghiệp"]


def test_the_unit_right_before_the_verb_is_the_place_and_the_clause_before_no_subject():
    obs = extract_article("Năm 2024, TP.HCM đứng đầu và TP Cần Thơ giữ vị trí thứ 3.", "2024").observations
    assert [(o.value, o.place_id, o.subject) for o in obs] == [(3, "vn-can-tho", None)]


def test_the_field_a_ranking_is_taken_in_is_no_value():
    text = "Năm 2024, trong số 34 tỉnh, thành phố, Huế xếp thứ 2 với giá trị DTI đạt 0,79."
    assert [o.value for o in extract_article(text, "2024").observations] == [2, 0.79]


def test_a_level_opening_a_sentence_goes_on_through_its_paragraph():
    text = ("Đối với cấp tỉnh, giá trị DTI năm 2024 đạt 0,70, tăng 3% so với năm 2023. "
            "Trong đó, trụ cột xã hội số đạt 0,77.")
    assert {o.place_id for o in extract_article(text, "2024").observations} == {"agg-localities"}


def test_a_month_written_with_a_dot_before_its_year_is_a_date():
    text = "Tính đến tháng 9.2020, người dân tự lắp hơn 30.000 camera."
    obs = extract_article(text, None, date(2020, 10, 1)).observations
    assert [(o.value, o.period_id) for o in obs] == [(30000, "2020-09")]


@pytest.mark.parametrize("text, subject", [
    ("Năm 2024, tốc độ mạng di động của Việt Nam đạt trung bình 50 Mbps. Mức tốc độ này tăng 20% so với năm 2023.",
     "tốc độ mạng di động"),
    ("Doanh thu dịch vụ viễn thông năm 2024 đạt 340.000 tỷ đồng. Mức doanh thu này tăng 5% so với năm trước.",
     "doanh thu dịch vụ viễn thông"),
])
def test_a_measure_named_again_with_this_takes_the_measure_named_before(text, subject):
    changes = [o for o in extract_article(text, "2024").observations if o.kind == "change_pct"]
    assert [o.subject.lower() for o in changes] == [subject]


@pytest.mark.parametrize("text, subject", [
    ("Doanh nghiệp công nghệ số tăng 5.000 doanh nghiệp so với năm 2023.", "Doanh nghiệp công nghệ số"),
    ("Năm 2024, thuê bao băng rộng cố định tăng 2 triệu thuê bao.", "thuê bao băng rộng cố định"),
    ("Người dùng mạng xã hội tại Việt Nam đạt 72 triệu người.", "Người dùng mạng xã hội"),
])
def test_a_noun_after_the_number_repeating_the_head_of_the_subject_before_leaves_that_subject(text, subject):
    [obs] = extract_article(text, "2024").observations
    assert obs.subject == subject


def test_a_place_before_a_period_cut_from_a_subject_goes_too():
    text = "Số lượt tải trò chơi di động tại Việt Nam trong quý đầu năm đạt 900 triệu lượt."
    [obs] = extract_article(text, "2024-Q1").observations
    assert (obs.subject, obs.place_id) == ("Số lượt tải trò chơi di động", "vn")


@pytest.mark.parametrize("text", [
    "Các địa phương xác lập thêm 500 CSDL, tăng 20%, nâng tổng số CSDL lên 3.100.",
    "Trong năm, cơ quan nhà nước xác lập thêm 500 cơ sở dữ liệu, nâng tổng số lên 3.100.",
])
def test_a_total_a_change_raised_is_of_the_changed_metric(text):
    obs = extract_article(text, "2024").observations
    total = next(o for o in obs if o.value == 3100)
    assert total.subject.lower() in ("tổng số csdl", "cơ sở dữ liệu")
    assert total.kind == "level" and total.metric_id == next(o for o in obs if o.value == 500).metric_id
    assert total.metric_id is not None


def test_the_start_of_a_move_takes_the_metric_a_cue_gave_its_end():
    text = ("Giao dịch dữ liệu qua nền tảng tích hợp chia sẻ dữ liệu quốc gia tăng 40%, từ 700 triệu năm 2023 "
            "lên 980 triệu giao dịch năm 2024.")
    obs = {o.value: o for o in extract_article(text, "2024").observations}
    assert obs[7e8].metric_id == obs[9.8e8].metric_id == "ndxp_transactions"
    assert (obs[7e8].period_id, obs[9.8e8].period_id) == ("2023", "2024")


@pytest.mark.parametrize("text", [
    "Tính đến giữa tháng 3, toàn tỉnh đã cấp 51.000 chữ ký số, đạt 64% so với chỉ tiêu giao, "
    "tăng 2.300 so với tuần trước.",
    "Có 12/30 xã hoàn thành chỉ tiêu được giao; 18 xã còn lại chưa hoàn thành.",
])
def test_a_value_measured_against_a_goal_or_meeting_it_is_reported(text):
    assert {o.status for o in extract_article(text, "2025-03").observations} == {"reported"}


def test_the_bound_the_remaining_units_fall_under_is_no_value():
    text = "Có 9/40 xã có tỷ lệ đạt trên 50%; 31 xã còn lại dưới 50%."
    assert [o.value for o in extract_article(text, "2025").observations] == [9, 31]


@pytest.mark.parametrize("text, subject", [
    ("Toàn tỉnh đã kích hoạt 310.000 tài khoản định danh điện tử mức 2.", "tài khoản định danh điện tử mức 2"),
    ("Tỉnh cung cấp 1.150 dịch vụ công trực tuyến mức độ 4 trên cổng.", "dịch vụ công trực tuyến mức độ 4"),
])
def test_a_grade_after_the_counted_noun_is_part_of_it(text, subject):
    [obs] = extract_article(text, "2024").observations
    assert obs.subject == subject


def test_a_bare_share_after_a_count_is_a_share_of_what_was_counted():
    text = ("Đến nay, thành phố đã kích hoạt 520.000 tài khoản định danh điện tử, "
            "đạt tỷ lệ 61% so với dân số trưởng thành.")
    obs = extract_article(text, "2024").observations
    assert [o.subject for o in obs] == ["tài khoản định danh điện tử"] * 2


def test_a_rise_told_then_how_far_after_a_comma_is_a_change_of_the_subject_before():
    text = "Số vụ lừa đảo trực tuyến tăng mạnh, tới 24% so với cùng kỳ năm 2024."
    [obs] = extract_article(text, "2025-H1").observations
    assert (obs.kind, obs.value, obs.subject) == ("change_pct", 24, "Số vụ lừa đảo trực tuyến")


def test_the_world_after_a_share_is_its_whole_not_the_place_of_the_sentence():
    text = "Việt Nam có 2,1 triệu tài khoản bị lộ lọt, chiếm 9% toàn cầu, tăng 30% so với cùng kỳ."
    obs = extract_article(text, "2025-H1").observations
    assert {o.place_id for o in obs} == {"vn"}
    assert obs[2].kind == "change_pct" and obs[2].subject.startswith("tài khoản")


def test_a_dash_before_the_verb_is_no_part_of_the_subject():
    text = "Trong quý, 800.000 tài khoản bị đánh cắp - chiếm 7% số vụ của khu vực."
    share = next(o for o in extract_article(text, "2025-Q1").observations if o.unit == "percent")
    assert not share.subject.endswith("-")


def test_a_period_after_a_passive_verb_with_bi_is_the_value_s():
    text = "Tấn công mã hóa dữ liệu là mối đe dọa lớn, với 48% doanh nghiệp bị tấn công trong năm 2024."
    [obs] = extract_article(text, "2025-H1").observations
    assert obs.period_id == "2024"


def test_the_level_a_rise_reached_told_with_voi_is_a_level():
    text = "Số lượng tấn công từ chối dịch vụ cũng gia tăng đáng kể với hơn 500.000 cuộc, tăng 20% so với năm trước."
    obs = extract_article(text, "2024").observations
    assert [(o.kind, o.subject) for o in obs] == [("level", "Số lượng tấn công từ chối dịch vụ"),
                                                   ("change_pct", "Số lượng tấn công từ chối dịch vụ")]


def test_quoc_gia_before_a_rise_stays_in_the_subject():
    text = "Lượt truy cập Cổng dữ liệu quốc gia tăng 40% so với năm 2023."
    [obs] = extract_article(text, "2024").observations
    assert obs.subject == "Lượt truy cập Cổng dữ liệu quốc gia"


def test_a_report_on_a_year_s_situation_reports_that_year():
    text = ("Một công ty an ninh mạng vừa công bố báo cáo về tình hình an toàn thông tin tại Việt Nam năm 2024.\n"
            "Theo đó, có hơn 3.000 tên miền lừa đảo được phát hiện.")
    [obs] = extract_article(text, None, date(2025, 3, 5)).observations
    assert obs.period_id == "2024"


def test_a_list_of_measures_after_a_but_keeps_its_head():
    text = ("Số vụ lừa đảo giảm 10% so với năm 2023, song số lượng trang mạo danh, giả mạo ngân hàng "
            "tăng gấp 2 lần.")
    ratio = next(o for o in extract_article(text, "2024").observations if o.unit == "ratio")
    assert ratio.subject == "số lượng trang mạo danh, giả mạo ngân hàng"


@pytest.mark.parametrize("text, values", [
    ("Bản báo cáo dài 60 trang ghi nhận 2,3 triệu tài khoản bị đánh cắp trong quý.", [2.3e6]),
    ("Tài liệu gồm 120 trang hướng dẫn chuyển đổi số cho doanh nghiệp nhỏ.", []),
    ("Cơ quan chức năng đã gỡ bỏ 1.500 trang web giả mạo trong năm.", [1500]),
])
def test_the_length_of_a_document_is_no_value(text, values):
    assert [o.value for o in extract_article(text, "2025-Q3").observations] == values


def test_a_star_class_is_no_place_in_a_ranking():
    text = "Đến cuối năm, tỉnh có 310 sản phẩm được xếp hạng 4 sao trở lên."
    assert [(o.value, o.unit) for o in extract_article(text, "2024").observations] == [(310, "count")]


def test_every_multiple_of_a_list_is_a_ratio():
    text = "Số hợp tác xã và số sản phẩm chủ lực lần lượt tăng 2,5 lần và 3 lần so với năm 2020."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.unit) for o in obs] == [(2.5, "ratio"), (3, "ratio")]
    assert [o.subject for o in obs] == ["Số hợp tác xã", "số sản phẩm chủ lực"]


def test_measures_listed_before_lan_luot_go_to_the_values_in_order():
    text = "Năm 2024, số thuê bao 5G và số trạm phát sóng 5G lần lượt đạt 9 triệu và 12.000."
    obs = extract_article(text, "2024").observations
    assert [(o.value, o.subject) for o in obs] == [(9e6, "số thuê bao 5G"), (12000, "số trạm phát sóng 5G")]
    assert obs[0].indicator_id != obs[1].indicator_id


def test_a_period_of_months_of_no_known_year_is_cut_from_the_subject_with_the_words_closing_it():
    text = ("Kim ngạch xuất khẩu phần mềm trong 7 tháng vừa qua đạt 1,2 tỷ USD. "
            "Thiết bị mạng có kim ngạch nhập khẩu 7 tháng đạt 800 triệu USD.")
    obs = extract_article(text, "2024-H1").observations
    assert [o.subject for o in obs] == ["Kim ngạch xuất khẩu phần mềm", "kim ngạch nhập khẩu"]


def test_a_whole_number_of_the_things_a_subject_names_is_a_count():
    text = "Thuê bao 2G giảm khoảng 4 triệu, nhưng thuê bao di động 5G tăng trên 2 triệu."
    obs = extract_article(text, "2024-H1").observations
    assert [(o.unit, o.subject) for o in obs] == [("count", "Thuê bao 2G"), ("count", "thuê bao di động 5G")]


def test_a_time_phrase_closing_a_subject_is_no_part_of_it():
    text = "Tổng số thuê bao băng rộng tại thời điểm này giảm khoảng 1,4 triệu so với đầu năm."
    [obs] = extract_article(text, "2024-H1").observations
    assert obs.subject == "Tổng số thuê bao băng rộng"


@pytest.mark.parametrize("raw, unit", [("104,08 Mbit/s", "mbps"), ("1,2 Gb/s", "gbps"), ("45 Mbit/giây", "mbps")])
def test_bit_rates_written_other_ways_are_bit_rates(raw, unit):
    [m] = [m for m in find_mentions(f"Tốc độ trung bình đạt {raw}.") if m.mention_type == "quantity"]
    assert (m.raw, m.unit) == (raw, unit)


def test_a_bracket_naming_who_measured_and_a_period_close_no_subject():
    text = "Tốc độ mạng di động tháng 9/2024 (theo Ookla) đạt 52,6 Mbit/s, tăng 20% so với cùng kỳ."
    obs = extract_article(text, "2024-09").observations
    assert [(o.unit, o.subject) for o in obs] == [("mbps", "Tốc độ mạng di động"), ("percent", "Tốc độ mạng di động")]


def test_the_noun_of_a_count_may_follow_a_bracketed_share():
    text = "Có 25/34 (chiếm 73,5%) địa phương đã ban hành chiến lược dữ liệu."
    obs = extract_article(text, "2025").observations
    assert [o.subject for o in obs] == ["địa phương"] * 2


def test_the_figures_of_a_year_that_ended_report_that_year():
    text = ("Kết thúc năm 2023, doanh thu dịch vụ viễn thông ước đạt 139.000 tỷ đồng.\n\n"
            "Tỷ lệ hộ gia đình dùng cáp quang ước đạt 79%, tăng 5% so với cùng kỳ năm 2022.")
    obs = extract_article(text, None, date(2023, 12, 29)).observations
    assert {o.period_id for o in obs} == {"2023"} and obs[-1].base_period_id == "2022"


def test_the_words_right_after_a_number_and_a_verb_phrase_are_no_subject_of_the_next():
    text = ("Công suất trung tâm dữ liệu của Việt Nam đạt 46 MW. "
            "Thái Lan có 110 MW hoạt động và 66 MW đang xây dựng, "
            "còn Malaysia đạt 159 MW nhưng đang triển khai 280 MW.")
    obs = extract_article(text, "2024").observations
    assert all(o.subject is None or "hoạt động" not in o.subject and not o.subject.startswith("đang")
               for o in obs[1:])


@pytest.mark.parametrize("raw, unit", [("9,8 TWh", "twh"), ("350 kWh", "kwh")])
def test_energy_in_watt_hours_is_a_unit(raw, unit):
    [obs] = extract_article(f"Năm 2025, tiêu thụ điện của các trung tâm dữ liệu đạt {raw}.", "2025").observations
    assert obs.unit == unit


@pytest.mark.parametrize("text", ["Trang 2/5\nCó 40 xã đạt chuẩn.", "Tin tức | Trang 3\nCó 40 xã đạt chuẩn.",
                                  "Trang số: 4\nCó 40 xã đạt chuẩn."])
def test_a_page_counter_is_no_value(text):
    assert [o.value for o in extract_article(text, "2024").observations] == [40]


@pytest.mark.parametrize("text, subject", [
    ("Hệ thống đã xác thực hơn 20 triệu giáo viên và học sinh trong năm.", "giáo viên và học sinh"),
    ("Tỉnh hỗ trợ 3.500 doanh nghiệp và hộ kinh doanh.", "doanh nghiệp và hộ kinh doanh"),
    ("Bộ đã ban hành 12 nghị định và ban hành 30 thông tư.", "nghị định"),
])
def test_two_nouns_joined_by_va_are_one_counted_noun(text, subject):
    assert extract_article(text, "2024").observations[0].subject == subject


def test_a_labelled_average_of_a_field_is_its_own_subject():
    text = "Tỷ lệ hộ dùng cáp quang đạt 82%, cao hơn mức chung (trung bình khu vực: 61% theo một hãng nghiên cứu)."
    obs = extract_article(text, "2024").observations
    assert [o.subject for o in obs] == ["Tỷ lệ hộ dùng cáp quang", "trung bình khu vực"]


@pytest.mark.parametrize("text", ["Chiều 19-11, hội thảo về thanh toán số có 300 doanh nghiệp tham gia.",
                                  "Sáng 6/1, Bộ công bố 300 doanh nghiệp tham gia."])
def test_a_day_of_the_month_after_a_time_of_day_is_a_date(text):
    assert [o.value for o in extract_article(text, "2025").observations] == [300]
    assert {m.mention_type for m in find_mentions(text) if m.start_char == 0} == {"date"}

"""Finding every number of a text and telling what kind of number it is."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.core.mentions import MENTION_TYPES, find_mentions
from tests.support import RAW

# (sentence, raw as quoted, mention_type, value, unit, denominator)
CASES = [
    ("Tỉnh đã cấp 12.450 tài khoản cho người dân.", "12.450", "quantity", 12450, "count", None),
    ("Tỷ lệ hồ sơ trực tuyến đạt 63,7% trong quý.", "63,7%", "quantity", 63.7, "percent", None),
    ("Tỷ lệ phủ sóng đạt 97 % dân số.", "97 %", "quantity", 97, "percent", None),
    ("Doanh thu đạt 3,2 tỷ USD trong năm.", "3,2 tỷ USD", "quantity", 3.2e9, "usd", None),
    ("Tổng vốn đầu tư là 116 nghìn tỷ đồng.", "116 nghìn tỷ đồng", "quantity", 116e12, "vnd", None),
    ("Quy mô thị trường ước 52 triệu tỷ đồng.", "52 triệu tỷ đồng", "quantity", 52e15, "vnd", None),
    ("Giá trị giao dịch đạt 1,488 triệu USD.", "1,488 triệu USD", "quantity", 1_488_000, "usd", None),
    ("Năng suất đạt 12 triệu USD/1ha/1 năm tại khu công nghệ cao.", "12 triệu USD/1ha/1 năm", "quantity",
     12e6, "usd_per_ha_year", None),
    ("Có 41/63 địa phương đã ban hành kế hoạch.", "41/63", "quantity", 41, "count", 63),
    ("Xuất khẩu phần mềm tăng gấp 2,5 lần so với năm trước.", "2,5 lần", "quantity", 2.5, "ratio", None),
    ("Chỉ số tăng từ 0,52 lên 0,64.", "0,52", "quantity", 0.52, None, None),
    ("Tỉnh có 1.203.455 thuê bao băng rộng.", "1.203.455", "quantity", 1203455, "count", None),
    ("Đã có 2,5 triệu lượt tải ứng dụng.", "2,5 triệu", "quantity", 2.5e6, "count", None),
    ("Hội nghị diễn ra ngày 15/3/2024 tại Hà Nội.", "ngày 15/3/2024", "date", None, None, None),
    ("Văn bản ký ngày 05.02.2024 có hiệu lực.", "ngày 05.02.2024", "date", None, None, None),
    ("Số liệu cập nhật đến 31/12/2023.", "31/12/2023", "date", None, None, None),
    ("Ngày 25/9, Bộ đã tổ chức tổng kết.", "Ngày 25/9", "date", None, None, None),
    ("Sự kiện (10-10) được tổ chức hằng năm.", "10-10", "date", None, None, None),
    ("Đến tháng 9/2024, kết quả rất khả quan.", "tháng 9/2024", "date", None, None, None),
    ("Hoàn thành trước tháng 6/ 2025 theo kế hoạch.", "tháng 6/ 2025", "date", None, None, None),
    ("Báo cáo gửi về Bộ trước 15/8 hằng năm.", "15/8", "date", None, None, None),
    ("Cập nhật 2024-11-05", "2024-11-05", "date", None, None, None),
    ("Trong Quý II/2024, tỉnh triển khai nhiều nhiệm vụ.", "Quý II/2024", "period", None, None, None),
    ("Trong 9 tháng đầu năm 2024, doanh thu tăng mạnh.", "9 tháng đầu năm 2024", "period", None, None, None),
    ("Kết quả năm 2022 rất khả quan.", "năm 2022", "period", None, None, None),
    ("Kế hoạch giai đoạn 2021-2025 đã được phê duyệt.", "giai đoạn 2021-2025", "period", None, None, None),
    ("Chỉ số tăng trong 3 năm liên tiếp.", "3 năm", "period", 3, None, None),
    ("Số liệu (2021, 2022) cho thấy xu hướng tăng.", "2021", "period", None, None, None),
    ("Cập nhật lúc 14:05 hôm nay.", "14:05", "time", None, None, None),
    ("Hệ thống khôi phục trong vòng 48 giờ.", "48 giờ", "time", 48, "hour", None),
    ("Thời gian xử lý rút xuống còn 30 phút.", "30 phút", "quantity", 30, "minute", None),
    ("Cuộc họp kéo dài 30 phút.", "30 phút", "time", 30, "minute", None),
    ("Thực hiện theo Quyết định 749/QĐ-TTg của Thủ tướng.", "749/QĐ-TTg", "legal_ref", None, None, None),
    ("Căn cứ Nghị định số 47/2020/NĐ-CP về dữ liệu.", "47/2020/NĐ-CP", "legal_ref", None, None, None),
    ("Triển khai Đề án 06 trên toàn tỉnh.", "06", "legal_ref", None, None, None),
    ("Thực hiện Nghị quyết 57 của Bộ Chính trị.", "57", "legal_ref", None, None, None),
    ("Luật Giao dịch điện tử số 20/2023/QH15 có hiệu lực.", "20/2023/QH15", "legal_ref", None, None, None),
    ("Tỉnh xếp thứ 5 cả nước về chỉ số này.", "thứ 5", "quantity", 5, "rank", None),
    ("Việt Nam đứng thứ 71/193 quốc gia.", "thứ 71/193", "quantity", 71, "rank", 193),
    ("Đại hội lần thứ 5 của Hội.", "thứ 5", "ordinal", 5, None, None),
    ("Tại kỳ họp thứ 8, Quốc hội đã thông qua luật.", "thứ 8", "ordinal", 8, None, None),
    ("Các nhiệm vụ gồm: (ii) phát triển hạ tầng số.", "(ii)", "ordinal", 2, None, None),
    ("Thứ hai, phát triển nguồn nhân lực số.", "Thứ hai", "ordinal", 2, None, None),
    ("Ba là, bảo đảm an toàn thông tin.", "Ba là", "ordinal", 3, None, None),
    ("Cổng cung cấp dịch vụ công trực tuyến mức độ 4 cho doanh nghiệp.", "mức độ 4", "ordinal", 4, None, None),
    ("Người dân đăng ký tài khoản định danh mức 2 trên ứng dụng.", "mức 2", "ordinal", 2, None, None),
    ("Trung tâm dữ liệu đạt chuẩn Tier 3 đã đi vào hoạt động.", "Tier 3", "ordinal", 3, None, None),
    ("Buổi làm việc diễn ra tại phòng họp tầng 5.", "tầng 5", "ordinal", 5, None, None),
    ("Bước 3: người dân xác nhận thông tin trên ứng dụng.", "Bước 3", "ordinal", 3, None, None),
    ("Theo Điều 12 của Nghị định, dữ liệu được chia sẻ.", "Điều 12", "ordinal", 12, None, None),
    ("Bộ đề ra 4 trụ cột phát triển kinh tế số.", "4", "list_count", 4, "count", None),
    ("Tỉnh thực hiện \"2 tăng cường, 3 đẩy mạnh\" trong năm.", "2", "list_count", 2, "count", None),
    ("Lãnh đạo nêu rõ năm nhiệm vụ trọng tâm của ngành.", "năm", "list_count", 5, "count", None),
    ("Chiến lược xác định ba đột phá chiến lược.", "ba", "list_count", 3, "count", None),
    ("Có 05 nhóm giải pháp được đề xuất.", "05", "list_count", 5, "count", None),
    ("Bộ đã ban hành 4 kế hoạch: kế hoạch dữ liệu, kế hoạch hạ tầng, ...", "4", "list_count", 4, "count",
     None),
    ("Có 02 ứng dụng được sử dụng nhiều nhất là VNeID và VssID.", "02", "list_count", 2, "count", None),
]


@pytest.mark.parametrize(("sentence", "raw", "mention_type", "value", "unit", "denominator"), CASES)
def test_mention(sentence, raw, mention_type, value, unit, denominator):
    found = [m for m in find_mentions(sentence) if m.raw == raw]
    assert found, [m.raw for m in find_mentions(sentence)]
    m = found[0]
    assert sentence[m.start_char:m.end_char] == raw
    assert m.mention_type == mention_type
    if value is not None:
        assert m.value == pytest.approx(value)
    assert m.unit == unit
    assert m.denominator == denominator


def test_period_mentions_carry_period_ids():
    text = "Trong Quý I/2024 và 6 tháng đầu năm 2024, cũng như năm 2023 và giai đoạn 2021-2025."
    ids = [m.period_id for m in find_mentions(text) if m.mention_type == "period"]
    assert ids == ["2024-Q1", "2024-H1", "2023", "2021-2025"]


@pytest.mark.parametrize("text", [
    "Mạng 4G phủ sóng toàn tỉnh, thử nghiệm 5G.",
    "Tỷ lệ chuyển đổi IPv6 còn thấp.",
    "Ứng phó dịch COVID-19 hiệu quả.",
])
def test_numbers_glued_to_letters_are_names_not_mentions(text):
    assert find_mentions(text) == []


@pytest.mark.parametrize("text", [
    "Hai bên đã ký kết thỏa thuận.",          # capitalised, not followed by là
    "Một số nhiệm vụ còn chậm.",             # một số = some
    "Trong năm nay, tỉnh sẽ hoàn thành.",     # năm = year
    "Năm Dữ liệu số quốc gia được phát động.",
])
def test_words_that_are_not_numbers(text):
    assert [m for m in find_mentions(text) if m.mention_type in ("quantity", "list_count")] == []


def test_page_furniture():
    text = ("Tin tức\nThứ sáu - 15/03/2024 09:12 1.024 3\nNội dung bài viết có 25 xã.\n"
            "Thống kê truy cập\n  • Đang online: 12\n  • Hôm nay: 1.234\n  • Tất cả: 98765\n"
            "Tổng số điểm của bài viết là: 15 trong 3 đánh giá\nThời gian chờ: 60 giây\nLượt xem: 350\n"
            "Ngày phát hành: 02/05/2023 Lượt xem 4217\nĐường dây nóng: 024 3822 1155\n© 2024 Cổng thông tin")
    found = {m.raw: m.mention_type for m in find_mentions(text)}
    assert found["09:12"] == "time"
    assert found["1.024"] == "page_furniture"
    assert found["3"] == "page_furniture"
    assert found["25"] == "quantity"
    for raw in ("12", "1.234", "98765", "15", "60 giây", "350", "4217", "024", "3822", "1155", "2024"):
        assert found[raw] == "page_furniture", raw


def test_every_mention_quotes_the_text_and_has_a_known_type():
    for path in sorted(RAW.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        mentions = find_mentions(text)
        assert mentions
        starts = [m.start_char for m in mentions]
        assert starts == sorted(starts)
        for m in mentions:
            assert text[m.start_char:m.end_char] == m.raw
            assert m.mention_type in MENTION_TYPES
            assert any(ch.isdigit() for ch in m.raw) or m.value is not None


def test_sample_article_counters_and_slogans_are_not_quantities():
    text = unicodedata.normalize("NFC", (RAW / "000_a58812ac4d9dca6d.txt").read_text(encoding="utf-8"))
    by_type: dict[str, list[str]] = {}
    for m in find_mentions(text):
        by_type.setdefault(m.mention_type, []).append(m.raw)
    assert by_type["page_furniture"] == ["1", "1", "1", "1"]
    assert by_type["legal_ref"] == ["06", "06/QĐ-TTg"]
    assert by_type["list_count"][:2] == ["3", "5"]
    assert "12/53" in by_type["quantity"]


def test_a_number_ending_a_sentence_is_still_a_number():
    text = "Số nhiệm vụ năm nay là 12. Trong đó:\n1. Mục một"
    found = [(m.raw, m.mention_type) for m in find_mentions(text)]
    assert found == [("12", "quantity"), ("1.", "ordinal")]


def test_one_of_n_is_a_list_count():
    text = "Đây là một trong 5 mục tiêu lớn của Chương trình."
    found = {m.raw: m.mention_type for m in find_mentions(text)}
    assert found == {"5": "list_count"}


def test_a_text_without_diacritics_keeps_its_scale_and_unit_words():
    text = ("Theo bao cao, nen tang tich hop chia se du lieu quoc gia co khoang 2,8 trieu giao dich "
            "moi ngay, tong doanh thu dat 7,5 ty USD, gap 3 lan nam truoc, trong 2 nam lien tiep, voi "
            "116 nghin ty dong. Cac bo, nganh, dia phuong tiep tuc day manh ket noi, chia se du lieu.")
    found = {m.raw: (m.mention_type, m.value, m.unit) for m in find_mentions(text)}
    assert found["2,8 trieu"] == ("quantity", 2.8e6, "count")
    assert found["7,5 ty USD"] == ("quantity", 7.5e9, "usd")
    assert found["3 lan"] == ("quantity", 3, "ratio")
    assert found["2 nam"] == ("period", 2, None)
    assert found["116 nghin ty dong"] == ("quantity", 116e12, "vnd")


def test_percentage_points_and_yearless_months():
    found = {m.raw: (m.mention_type, m.unit) for m in find_mentions("Tăng 2,1 điểm phần trăm sau 9 tháng.")}
    assert found == {"2,1 điểm phần trăm": ("quantity", "percentage_point"), "9 tháng": ("period", None)}


PIECES = ["tăng", "giảm", "hơn", "khoảng", "tỷ", "triệu", "nghìn", "%", " ", ",", ".", "/", "-", ":", ";",
          "(", ")", "năm", "tháng", "Quý", "IV", "ngày", "thứ", "Một là", "hai", "bộ", "CSDL", "\n", "USD",
          "đồng", "lần", "gấp", "từ", "lên", "so với", "2023", "12", "0,5", "1.234", "03", "63/63", "08:47",
          "Đang online: 1", "1.928.311", "1,488", "99999999999999999999", "Q1/2024", "2022-2023", "IPv6",
          "COVID-19", "06/QĐ-TTg", "(i)", "(10-10)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_any_text_gives_mentions_that_quote_it(text):
    mentions = find_mentions(text)
    ends = -1
    for m in mentions:
        assert text[m.start_char:m.end_char] == m.raw
        assert m.start_char >= ends
        ends = m.end_char

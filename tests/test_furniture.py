"""Page furniture leaves the article text; article content never does."""

from __future__ import annotations

import re

import pytest

from pipelines.core.decoding import decode_article_bytes
from pipelines.core.furniture import furniture_rule, strip_furniture
from tests.support import RAW, spec_rows

SAMPLES = sorted(RAW.glob("*.txt"))
GONE = ["Thống kê truy cập", "Đang online", "Tổng số điểm của bài viết", "Bạn đã không sử dụng Site",
        "trạng thái đăng nhập", "anh tin bai", "date 2023-10"]
GONE_LINES = ["Đăng nhập", "Tìm kiếm", "Tin tức - Sự kiện", "Liên kết website", "Thông tin mới nhất"]
TIMESTAMP_WITH_COUNTERS = re.compile(r"Thứ \w+ - \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} \d+ \d+")
PAGE_META_RULES = {"timestamp", "dateline", "access-statistics", "rating", "session-prompt",
                   "metadata-marker", "view-counter"}


def stripped_sample(path):
    text = decode_article_bytes(path.read_bytes()).text
    return text, strip_furniture(text)


@pytest.fixture(scope="module", params=[p.name for p in SAMPLES])
def sample(request):
    return (request.param,) + stripped_sample(RAW / request.param)


def test_furniture_is_gone_from_every_sample(sample):
    _, _, result = sample
    for phrase in GONE:
        assert phrase not in result.text
    lines = {line.strip() for line in result.text.split("\n")}
    for line in GONE_LINES:
        assert line not in lines
    assert not TIMESTAMP_WITH_COUNTERS.search(result.text)


def test_every_long_line_survives(sample):
    """Lines over 80 characters are article sentences; the one exception is the session-timeout prompt."""
    _, original, result = sample
    kept = set(result.text.split("\n"))
    prompts = {d.text for d in result.dropped if d.rule == "session-prompt"}
    for line in original.split("\n"):
        body = re.sub(r"^\s*date \d{4}-\d{2}\s+", "", line)
        if len(body) > 80 and body not in prompts:
            assert body in kept, body[:60]
    assert all(p.startswith("Bạn đã không sử dụng Site") for p in prompts if len(p) > 80)


def test_only_page_metadata_lines_with_digits_are_dropped(sample):
    _, _, result = sample
    for dropped in result.dropped:
        if re.search(r"\d", dropped.text):
            assert dropped.rule in PAGE_META_RULES, dropped


def test_every_expected_observation_quote_is_still_in_the_text(sample):
    name, _, result = sample
    article = name.removesuffix(".txt")
    quotes = [row["raw"] for row in spec_rows("seed_observations.csv") if row["article"] == article]
    assert quotes
    for quote in quotes:
        assert quote in result.text, quote


def test_kept_lines_are_the_original_lines_in_order(sample):
    _, original, result = sample
    source = iter(original.split("\n"))
    for line in result.text.split("\n"):
        if line:
            assert any(line == candidate or candidate.endswith(line) for candidate in source), line[:60]


def test_dropped_lines_point_at_their_line_numbers(sample):
    _, original, result = sample
    lines = original.split("\n")
    for dropped in result.dropped:
        assert dropped.text.strip() in lines[dropped.line_no - 1]


def test_every_non_blank_line_is_kept_or_reported(sample):
    _, original, result = sample
    kept = [line for line in result.text.split("\n") if line]
    dropped_whole = {d.line_no for d in result.dropped if d.rule != "metadata-marker"}
    non_blank = [n for n, line in enumerate(original.split("\n"), 1) if line.strip()]
    assert len(kept) + len(dropped_whole) == len(non_blank)


def test_blank_runs_collapse_and_stripping_is_idempotent(sample):
    _, _, result = sample
    assert "\n\n\n" not in result.text
    assert result.text == result.text.strip("\n")
    assert not any(line.strip() == "" and line for line in result.text.split("\n"))
    assert strip_furniture(result.text).text == result.text


@pytest.mark.parametrize("name, title", [
    ("000_a58812ac4d9dca6d.txt", "Thủ tướng yêu cầu 3 tăng cường, 5 đẩy mạnh trong chuyển đổi số"),
    ("001_af5b6a78750517ed.txt", "Nhiều kết quả nổi bật về chuyển đổi số quốc gia năm 2023"),
    ("004_cecf1a62e6c71b91.txt", "Hành động mạnh mẽ, quyết liệt hơn, tăng tốc, bứt phá trong chuyển đổi số"),
])
def test_title_line_stays_first(name, title):
    _, result = stripped_sample(RAW / name)
    assert result.text.split("\n")[0] == title


def test_leading_date_marker_is_cut_and_reported():
    _, result = stripped_sample(RAW / "002_69345160a41d6127.txt")
    assert result.text.startswith("Ngày 10-10, Thủ tướng Phạm Minh Chính")
    assert result.dropped[0].rule == "metadata-marker"
    assert result.dropped[0].text == "date 2023-10"


def dropped_rules(text: str) -> dict[str, str]:
    return {d.text.strip(): d.rule for d in strip_furniture(text).dropped}


PAGE = """Trang chủ > Tin tức > Chuyển đổi số
Thứ Hai, 07/10/2024 | 14:25 (GMT+7)
Lượt xem: 1.234
Hà Giang đẩy mạnh dịch vụ công trực tuyến

Năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh đạt 45%, tăng 9 điểm phần trăm.
Ảnh: VGP/Nhật Bắc
Người dân có thể Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID để nộp hồ sơ.
(Ảnh minh họa)
Chia sẻ: Facebook | Zalo | Twitter
In bài viết
Click để đánh giá bài viết
Xếp hạng: 4,5 - 12 phiếu bầu
Từ khóa: chuyển đổi số, dịch vụ công
Tin liên quan
Hà Giang: 80% hồ sơ được số hóa
Tập huấn kỹ năng số cho 1.000 cán bộ

Nhiệm vụ trọng tâm năm 2025
Tỉnh phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.
Thống kê lượt truy cập
Khách: 12
Hôm qua: 1.024
Tổng: 987.654
Cơ quan chủ quản: UBND tỉnh Hà Giang
Điện thoại: 0219.3866.123
© Bản quyền thuộc Cổng thông tin điện tử tỉnh
Về đầu trang"""


def test_rules_on_a_page_written_for_the_test():
    result = strip_furniture(PAGE)
    rules = {d.text.strip(): d.rule for d in result.dropped}
    assert rules["Trang chủ > Tin tức > Chuyển đổi số"] == "breadcrumb"
    assert rules["Thứ Hai, 07/10/2024 | 14:25 (GMT+7)"] == "timestamp"
    assert rules["Lượt xem: 1.234"] == "view-counter"
    assert rules["Ảnh: VGP/Nhật Bắc"] == rules["(Ảnh minh họa)"] == "caption-marker"
    assert rules["Chia sẻ: Facebook | Zalo | Twitter"] == rules["In bài viết"] == "share"
    assert rules["Click để đánh giá bài viết"] == rules["Xếp hạng: 4,5 - 12 phiếu bầu"] == "rating"
    assert rules["Từ khóa: chuyển đổi số, dịch vụ công"] == "tags"
    assert rules["Hà Giang: 80% hồ sơ được số hóa"] == "related-list"
    assert rules["Tập huấn kỹ năng số cho 1.000 cán bộ"] == "related-list"
    assert rules["Hôm qua: 1.024"] == rules["Tổng: 987.654"] == "access-statistics"
    assert rules["Cơ quan chủ quản: UBND tỉnh Hà Giang"] == rules["Điện thoại: 0219.3866.123"] == "footer"
    assert rules["Về đầu trang"] == "navigation"
    assert result.text.split("\n") == [
        "Hà Giang đẩy mạnh dịch vụ công trực tuyến",
        "",
        "Năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh đạt 45%, tăng 9 điểm phần trăm.",
        "Người dân có thể Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID để nộp hồ sơ.",
        "",
        "Nhiệm vụ trọng tâm năm 2025",
        "Tỉnh phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.",
    ]


def test_related_block_stops_at_the_first_sentence():
    text = ("Tin khác\nĐà Nẵng công bố 12 nền tảng số dùng chung\n"
            "Tỷ lệ người dân có tài khoản thanh toán đạt 87%.\nBình Dương: Tỷ lệ hồ sơ trực tuyến đạt 45%")
    result = strip_furniture(text)
    assert result.text.split("\n") == ["Tỷ lệ người dân có tài khoản thanh toán đạt 87%.",
                                       "Bình Dương: Tỷ lệ hồ sơ trực tuyến đạt 45%"]


def test_counter_lines_outside_a_statistics_block_are_kept():
    text = "Kết quả năm 2024\nTổng cộng: 1.234\nHôm nay: 5"
    assert strip_furniture(text).text == text


@pytest.mark.parametrize("line", [
    "Trang chủ của tỉnh đã tích hợp 1.200 dịch vụ công trực tuyến, trong đó 45% được cung cấp toàn trình.",
    "Tìm kiếm giải pháp đưa tỷ lệ thanh toán không dùng tiền mặt lên 80% vào năm 2025",
    "Chia sẻ tại hội nghị, Giám đốc Sở cho biết tỷ lệ hồ sơ trực tuyến đạt 45%.",
    "Ảnh: Bộ trưởng phát biểu tại hội nghị tổng kết năm 2024, trong đó tỷ lệ số hóa đạt 45%.",
    "Tin tức - Sự kiện " + "về chuyển đổi số đạt nhiều kết quả, với 95% hồ sơ được xử lý đúng hạn " * 3,
    "Ngày 28/12/2023, Ủy ban Quốc gia về chuyển đổi số tổ chức hội nghị tổng kết.",
    "Cập nhật: 12/10/2024, tỷ lệ hồ sơ trực tuyến đạt 45% và kinh tế số chiếm 16,5% GDP.",
    "Hôm nay: 1.204 doanh nghiệp đã tham gia nền tảng, tăng 12% so với tháng trước.",
])
def test_content_lines_mentioning_menu_words_are_kept(line):
    assert furniture_rule(line) is None
    assert strip_furniture(f"Tiêu đề\n{line}").text == f"Tiêu đề\n{line}"


@pytest.mark.parametrize("line, rule", [
    ("Thứ năm - 28/12/2023 08:47 973 0", "timestamp"),
    ("Chủ nhật, 7/1/2024 09:00", "timestamp"),
    ("12/10/2024", "dateline"),
    ("Cập nhật: 12/10/2024 08:30", "dateline"),
    ("Ngày đăng: 05-06-2024", "dateline"),
    ("  • Đang online: 1", "access-statistics"),
    ("Tổng số điểm của bài viết là: 0 trong 0 đánh giá", "rating"),
    ("ĐĂNG NHẬP", "session-prompt"),
    ("Xem thêm: Hà Nội dẫn đầu chỉ số chuyển đổi số năm 2023", "related-link"),
    ("Bài viết liên quan:", "related-list"),
    ("Tin tức – Sự kiện", "navigation"),
    ("anh tin bai", "caption-marker"),
    ("Ảnh: VGP", "caption-marker"),
])
def test_single_furniture_lines(line, rule):
    found = furniture_rule(line)
    assert found is not None and found.name == rule


def test_nbsp_only_lines_count_as_blank():
    result = strip_furniture("Đoạn một có 45%.\n\u00a0\n\n\u00a0\nĐoạn hai có 50%.")
    assert result.text == "Đoạn một có 45%.\n\nĐoạn hai có 50%."
    assert result.dropped == []

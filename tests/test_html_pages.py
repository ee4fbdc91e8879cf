"""Saved news pages: body paragraphs kept, furniture gone, title and date right, on three page layouts."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.core import html_pages
from pipelines.core.furniture import strip_furniture
from pipelines.core.html_pages import extract_html, looks_like_html
from tests.support import FIXTURES, RAW

HTML = FIXTURES / "html"

PAGES = {
    "provincial_portal.html": {
        "title": "Quảng Bình: Chuyển đổi số năm 2023 đạt nhiều kết quả tích cực",
        "date": date(2023, 12, 28),
        "body": [
            "Ngày 27/12, Ban Chỉ đạo chuyển đổi số tỉnh Quảng Bình tổ chức hội nghị tổng kết",
            "năm 2023 tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%, tăng 12 điểm phần trăm so với năm 2022",
            "Toàn tỉnh hiện có 1.248 tổ công nghệ số cộng đồng với hơn 7.500 thành viên",
            "92,5% hộ gia đình sử dụng Internet cáp quang; sóng di động 4G phủ tới 99,1% dân số",
            "Kinh tế số của tỉnh ước chiếm 9,8% GRDP",
            "phấn đấu đến hết năm 2024 tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 50%",
            "bảo đảm an toàn thông tin cho 100% hệ thống thông tin của cơ quan nhà nước trước tháng 6/2024",
        ],
        "furniture": ["Thứ năm - 28/12/2023", "973", "Giới thiệu", "Tin tức - Sự kiện", "Facebook",
                      "In bài", "Tổng số điểm", "đánh giá bài viết", "85% hồ sơ được số hóa",
                      "150 tổ công nghệ số", "2.000 cán bộ", "Thông tin mới nhất",
                      "cải cách hành chính năm 2024", "Thống kê truy cập", "Đang online", "1.204",
                      "3.456.789", "Cơ quan chủ quản", "06 Hùng Vương", "0232", "Ghi rõ nguồn",
                      "Thời gian chờ", "nv_counter", "background"],
    },
    "ministry_news.html": {
        "title": "Dịch vụ công trực tuyến toàn trình đạt 52,3% tổng số thủ tục hành chính",
        "date": date(2024, 10, 12),
        "body": [
            "(MIC) - Bộ Thông tin và Truyền thông vừa công bố kết quả thực hiện chuyển đổi số quốc gia",
            "có yêu cầu nộp hồ sơ đạt 52,3%; tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%",
            "Cả nước đã có 67% hồ sơ thủ tục hành chính được tái sử dụng dữ liệu đã số hóa",
            "Số thuê bao băng rộng di động đạt 86 triệu, tương đương 85,7 thuê bao trên 100 dân",
            "Tỷ lệ hộ gia đình có kết nối Internet cáp quang đạt 82,4%",
            "Doanh thu công nghiệp ICT 9 tháng ước đạt 115 tỷ USD, tăng 21,5% so với cùng kỳ",
            "23,6%",
            "có ít nhất 80% thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến",
        ],
        "furniture": ["Sơ đồ cổng", "Đăng nhập", "English", "Văn bản pháp quy", "Hỏi đáp", "Cập nhật:",
                      "Chia sẻ", "Twitter", "Từ khóa", "Tin liên quan", "95% hồ sơ được xử lý đúng hạn",
                      "63 tỉnh, thành phố", "300 đại biểu", "Bản quyền", "12/GP-BC", "18 Nguyễn Du",
                      "024.3943.7000", "Về đầu trang", "pageViews", "98765", "margin-right"],
    },
    "e_newspaper.html": {
        "title": "Phấn đấu 80% dịch vụ công thiết yếu được cung cấp toàn trình trong năm 2024",
        "date": date(2024, 7, 5),
        "body": [
            "(Chinhphu.vn) - Chiều 4/7, Phó Thủ tướng Chính phủ chủ trì phiên họp",
            "đã có 76 dịch vụ công thiết yếu được cung cấp trên Cổng Dịch vụ công quốc gia",
            "trong đó 53 dịch vụ được cung cấp trực tuyến toàn trình, đạt 69,7%",
            "đã cấp hơn 58,5 triệu tài khoản định danh điện tử, trong đó 52,3 triệu tài khoản",
            "kết nối với 13 bộ, ngành và 63/63 địa phương",
            "có ít nhất 80% dịch vụ công thiết yếu được cung cấp toàn trình và 50% hồ sơ",
            "sạch, sống đạt trên 90% trước ngày 30/9/2024",
        ],
        "furniture": ["Thứ sáu, 05/07/2024", "GMT+7", "Thời sự", "Multimedia", "Copy link", "Zalo",
                      "Bài viết liên quan", "Hơn 1 tỷ lượt khai thác", "Bình luận", "Nguyễn Văn An",
                      "30% người dân", "đến năm 2025 đạt 100%", "Gửi bình luận", "Tin xem nhiều",
                      "Giá vàng", "Cơ quan chủ quản", "Chịu trách nhiệm", "Copyright", "adsConfig", "55555",
                      "font-family"],
    },
}


def page_source(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(PAGES))
def page(request):
    return request.param, PAGES[request.param], extract_html(page_source(request.param))


def test_title_and_date(page):
    _, expected, article = page
    assert article.title == expected["title"]
    assert article.published_date == expected["date"]


def test_body_paragraphs_are_kept(page):
    _, expected, article = page
    for sentence in expected["body"]:
        assert sentence in article.text, sentence


def test_furniture_comments_and_scripts_are_gone(page):
    _, expected, article = page
    for phrase in expected["furniture"]:
        assert phrase not in article.text, phrase
    assert "<" not in article.text and "{" not in article.text


def test_text_starts_with_the_title_and_is_already_stripped(page):
    _, expected, article = page
    assert article.text.split("\n")[0] == expected["title"]
    assert strip_furniture(article.text).dropped == []


@pytest.fixture
def without_trafilatura(monkeypatch):
    monkeypatch.setattr(html_pages.trafilatura, "bare_extraction", lambda *args, **kwargs: None)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_plain_fallback_when_trafilatura_finds_nothing(without_trafilatura, name):
    expected = PAGES[name]
    article = extract_html(page_source(name))
    assert article.title == expected["title"]
    assert article.published_date == expected["date"]
    for sentence in expected["body"]:
        assert sentence in article.text, sentence
    for phrase in expected["furniture"]:
        assert phrase not in article.text, phrase


def test_vietnamese_date_line_is_used_when_the_page_has_no_date_markup(without_trafilatura):
    html = page_source("ministry_news.html").replace("Cập nhật: 12/10/2024", "Cập nhật: 03/09/2024")
    assert extract_html(html).published_date == date(2024, 9, 3)


def test_meta_published_time_wins_over_the_visible_date():
    html = page_source("e_newspaper.html").replace("Thứ sáu, 05/07/2024", "Thứ bảy, 06/07/2024")
    assert extract_html(html).published_date == date(2024, 7, 5)


def test_site_name_is_cut_from_the_title_tag_and_an_og_title_that_is_the_site_name_is_skipped():
    html = ("<html><head><title>Hà Nội chi 500 tỷ đồng cho hạ tầng số - Cổng thông tin điện tử Hà Nội</title>"
            "</head><body><p>Thành phố Hà Nội dành 500 tỷ đồng cho hạ tầng số trong năm 2024, tăng 20%.</p>"
            "</body></html>")
    assert extract_html(html).title == "Hà Nội chi 500 tỷ đồng cho hạ tầng số"
    site = ('<html><head><meta property="og:site_name" content="Báo Điện tử Chính phủ">'
            '<meta property="og:title" content="Báo Điện tử Chính phủ"></head><body><header><h1>Báo Điện tử'
            '</h1></header><article><h1>Kinh tế số chiếm 18,3% GDP</h1><p>Năm 2024, kinh tế số ước chiếm '
            '18,3% GDP, tăng 2 điểm phần trăm so với năm 2023.</p></article></body></html>')
    assert extract_html(site).title == "Kinh tế số chiếm 18,3% GDP"


def test_partial_dates_guessed_from_markup_are_not_kept():
    html = ("<html><head><title>Tin chuyển đổi số tháng 10/2023</title></head><body><article>"
            "<h1>Tin chuyển đổi số tháng 10/2023</h1><p>Trong tháng 10/2023, tỷ lệ hồ sơ trực tuyến toàn "
            "trình đạt 45%, tăng 5 điểm phần trăm so với tháng trước, theo báo cáo của Sở.</p>"
            "</article></body></html>")
    assert extract_html(html).published_date is None


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_pages_look_like_html_also_when_saved_as_txt(name, tmp_path):
    saved = tmp_path / "page.txt"
    saved.write_text(page_source(name), encoding="utf-8")
    assert looks_like_html(saved.read_text(encoding="utf-8"))


def test_body_fragment_without_doctype_looks_like_html():
    fragment = "\n".join(f"<div class=\"item\"><p>Đoạn {n} đạt {n}%.</p></div>" for n in range(5))
    assert looks_like_html(fragment)


@pytest.mark.parametrize("text", [
    *(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))),
    "Tỷ lệ hộ nghèo <5% và tỷ lệ hồ sơ trực tuyến > 45%, theo báo cáo <p> của Sở.",
])
def test_plain_articles_do_not_look_like_html(text):
    assert not looks_like_html(text)

"""Publication date, month marker and title read from the top of a page."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.core.furniture import strip_furniture
from pipelines.core.page_dates import find_published_date, find_published_month, find_title
from tests.support import RAW, spec_rows

PUBLISHED = {row["article"]: row["published"] for row in spec_rows("seed_periods.csv")}


def sample_text(article: str) -> str:
    return (RAW / f"{article}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("article", sorted(PUBLISHED))
def test_sample_publication_dates_match_the_expected_answers(article):
    expected = date.fromisoformat(PUBLISHED[article]) if PUBLISHED[article] else None
    assert find_published_date(sample_text(article)) == expected


def test_month_marker_of_sample_002():
    assert find_published_month(sample_text("002_69345160a41d6127")) == (2023, 10)
    assert find_published_month(sample_text("001_af5b6a78750517ed")) is None


@pytest.mark.parametrize("text, expected", [
    ("Tiêu đề bài viết\nThứ năm - 28/12/2023 08:47 973 0\nNội dung.", date(2023, 12, 28)),
    ("Tiêu đề\nChủ nhật, 7/1/2024 | 09:00 (GMT+7)", date(2024, 1, 7)),
    ("Tiêu đề\nThứ 6, 12.01.2024", date(2024, 1, 12)),
    ("Tiêu đề\nCập nhật: 12/10/2024", date(2024, 10, 12)),
    ("Tiêu đề\nCập nhật lúc 08:30 ngày 15/03/2024", date(2024, 3, 15)),
    ("Tiêu đề\nNgày đăng: 05-06-2024 10:15", date(2024, 6, 5)),
    ("Tiêu đề\n12/10/2024\nSáng nay, hội nghị khai mạc.", date(2024, 10, 12)),
    ("Tiêu đề\n2024-06-30T08:00:00+07:00", date(2024, 6, 30)),
    ("Tiêu đề\nNgày 28/12/2023", date(2023, 12, 28)),
    ("Tiêu đề\nNgày 3 tháng 4 năm 2024, UBND tỉnh họp về chuyển đổi số.", date(2024, 4, 3)),
    ("Tiêu đề\nSáng 12/10/2024, tại trụ sở Chính phủ, hội nghị khai mạc.", date(2024, 10, 12)),
    (" date 2024-05 Chiều 21-5, Bộ TT&TT tổ chức hội nghị với 300 đại biểu.", date(2024, 5, 21)),
    (" date 2024-05-20 Hội nghị trực tuyến toàn quốc.", date(2024, 5, 20)),
])
def test_date_forms(text, expected):
    assert find_published_date(text) == expected


def test_strong_form_wins_over_a_lead_date():
    text = "Sáng 11/10/2024, hội nghị khai mạc.\nCập nhật: 12/10/2024"
    assert find_published_date(text) == date(2024, 10, 12)


@pytest.mark.parametrize("text", [
    "Tiêu đề\n\nKết quả tính đến ngày 30/6/2024, tỷ lệ hồ sơ trực tuyến đạt 45%.",
    "Tiêu đề\n31/02/2024",
    "Tiêu đề\nĐến tháng 4/2024, có 80% hộ gia đình dùng cáp quang.",
    " date 2024-05 Ngày 21-6, hội nghị khai mạc.",
    "",
])
def test_no_publication_date(text):
    assert find_published_date(text) is None


def test_dates_deep_in_the_body_are_events_not_publication():
    body = "\n".join(f"Đoạn {n} của bài viết, không có ngày tháng." for n in range(60))
    assert find_published_date(f"Tiêu đề\n{body}\nCập nhật: 12/10/2024") is None
    assert find_published_date(f"Tiêu đề\nCập nhật: 12/10/2024\n{body}") == date(2024, 10, 12)


@pytest.mark.parametrize("text, expected", [
    (" date 2023-10 Ngày 10-10, Thủ tướng dự chương trình.", (2023, 10)),
    ("date 2024-13 Nội dung", None),
    ("Tiêu đề\nNội dung date 2023-10", None),
    ("Tiêu đề", None),
])
def test_month_marker(text, expected):
    assert find_published_month(text) == expected


@pytest.mark.parametrize("article, title", [
    ("000_a58812ac4d9dca6d", "Thủ tướng yêu cầu 3 tăng cường, 5 đẩy mạnh trong chuyển đổi số"),
    ("001_af5b6a78750517ed", "Nhiều kết quả nổi bật về chuyển đổi số quốc gia năm 2023"),
    ("003_9b250e51cef89ba3", "Nhiều “điểm sáng” trong thực hiện nhiệm vụ chuyển đổi số"),
    ("004_cecf1a62e6c71b91", "Hành động mạnh mẽ, quyết liệt hơn, tăng tốc, bứt phá trong chuyển đổi số"),
])
def test_sample_titles(article, title):
    text = sample_text(article)
    assert find_title(text) == title
    assert find_title(strip_furniture(text).text) == title


def test_title_of_a_page_that_opens_with_body_text_is_its_shortened_first_sentence():
    title = find_title(sample_text("002_69345160a41d6127"))
    assert title.startswith("Ngày 10-10, Thủ tướng Phạm Minh Chính")
    assert title.endswith("…") and len(title) <= 120
    assert "date 2023" not in title


def test_title_skips_furniture_and_date_lines():
    text = ("Trang chủ\nTin tức - Sự kiện\n\nThứ năm - 28/12/2023 08:47 973 0\n"
            "Đà Nẵng dẫn đầu chỉ số chuyển đổi số\nNội dung.")
    assert find_title(text) == "Đà Nẵng dẫn đầu chỉ số chuyển đổi số"


def test_short_first_sentence_becomes_the_title_without_its_period():
    text = "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%. Đây là mức cao nhất từ trước tới nay, theo Sở."
    assert find_title(text) == "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%"


def test_empty_text_has_an_empty_title():
    assert find_title("\n \n") == ""

"""Status rules: a sentence in, the status of one of its numbers out (also read without diacritics)."""

import pytest

from pipelines.core.extract import extract_article
from pipelines.core.period_phrases import fold

# An unaccented paragraph long enough for the article to be read as written without diacritics.
_UNACCENTED_FILLER = "\n" + "Bai viet tong hop thong tin ve chuyen doi so cua dia phuong trong thoi gian qua. " * 4


def _status(sentence: str, number: str, period: str = "2024", unaccented: bool = False) -> str | None:
    text = fold(sentence) + _UNACCENTED_FILLER if unaccented else sentence
    number = fold(number) if unaccented else number
    at = text.index(number)
    found = [o for o in extract_article(text, period).observations if o.start_char == at]
    return found[0].status if found else None


STATUS_CASES = [
    ("Tỷ lệ hồ sơ trực tuyến đạt 62% trong năm 2024.", "62%", "reported"),
    ("Dự báo doanh thu dịch vụ số đạt 120 tỷ đồng.", "120 tỷ", "forecast"),
    ("Năm nay, số thuê bao 5G dự kiến đạt 9 triệu thuê bao.", "9 triệu", "forecast"),
    ("Tỉnh phấn đấu có 80% hộ gia đình dùng cáp quang.", "80%", "target"),
    ("Chỉ tiêu đặt ra là 70% hồ sơ được số hóa.", "70%", "target"),
    ("Thành phố đặt mục tiêu 95% người dân có tài khoản định danh.", "95%", "target"),
    ("Các sở cần đưa 100% thủ tục lên cổng dịch vụ công.", "100%", "target"),
    ("Đề nghị các huyện nâng tỷ lệ thanh toán số lên 60%.", "60%", "target"),
    ("Hệ thống tiếp nhận 1,5 triệu yêu cầu xác thực, tăng 20%.", "20%", "reported"),
    ("Đã có 17 mục tiêu cần phải hoàn thành, đạt 45%.", "45%", "reported"),
    ("Tỉnh hoàn thành 30 nền tảng số dùng chung.", "30", "target"),
    ("Tỉnh đã hoàn thành 30 nền tảng số dùng chung.", "30", "reported"),
    ("Năm 2026, tỷ lệ thanh toán không dùng tiền mặt đạt 70%.", "70%", "target"),
]


@pytest.mark.parametrize("sentence, number, expected", STATUS_CASES)
def test_status_of_a_number(sentence, number, expected):
    assert _status(sentence, number) == expected


@pytest.mark.parametrize("sentence, number, expected", STATUS_CASES)
def test_status_without_diacritics(sentence, number, expected):
    assert _status(sentence, number, unaccented=True) == expected

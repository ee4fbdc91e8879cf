"""Period attribution: a sentence in, the period and base period of one of its numbers out (also read
without diacritics)."""

import pytest

from pipelines.core.extract import extract_article
from pipelines.core.period_phrases import fold

_UNACCENTED_FILLER = "\n" + "Bai viet tong hop thong tin ve chuyen doi so cua dia phuong trong thoi gian qua. " * 4


def _periods(sentence: str, number: str, period: str, unaccented: bool = False) -> tuple | None:
    text = fold(sentence) + _UNACCENTED_FILLER if unaccented else sentence
    number = fold(number) if unaccented else number
    at = text.index(number)
    found = [o for o in extract_article(text, period).observations if o.start_char == at]
    return (found[0].period_id, found[0].base_period_id) if found else None


CASES = [
    # (sentence, number, reporting period, period, base period)
    ("Tỷ lệ hồ sơ trực tuyến đạt 62%.", "62%", "2024", "2024", None),
    ("Năm 2023, chỉ số này đạt 0,75 điểm.", "0,75", "2024", "2023", None),
    ("Tỷ lệ năm 2022 đạt 28%, năm 2023 đạt 19%.", "19%", "2024", "2023", None),
    ("Doanh thu đạt 500 tỷ đồng, tăng 12% so với năm 2022.", "12%", "2023", "2023", "2022"),
    ("Doanh thu đạt 500 tỷ đồng, tăng 12% so với cùng kỳ.", "12%", "2024-9M", "2024-9M", "2023-9M"),
    ("Doanh thu tăng 8% so với cùng kỳ năm 2023.", "8%", "2024-H1", "2024-H1", "2023-H1"),
    ("Số giao dịch tăng 15% so với năm trước.", "15%", "2024", "2024", "2023"),
    ("Trong 6 tháng, số thuê bao tăng thêm 40.000 thuê bao.", "40.000", "2025-Q3", "2025-H1", None),
    ("Chỉ số từ năm 2020 đến năm 2022 tăng từ 0,48 lên 0,71.", "0,71", "2023", "2022", None),
    ("Giai đoạn 2021-2023, số doanh nghiệp số tăng 30%.", "30%", "2024", "2023", "2021"),
    ("Tính đến tháng 9/2024, tỉnh có 1.200 trạm phát sóng.", "1.200", "2024", "2024-09", None),
    ("Tính đến 30/6/2024, tỉnh có 1.200 trạm phát sóng.", "1.200", "2024-H1", "2024-H1", None),
    ("Trước ngày 31/12/2024, tỉnh có 1.200 trạm phát sóng.", "1.200", "2024-H1", "2024-H1", None),
    ("Tỉnh có 300 doanh nghiệp số, định hướng đến năm 2030 đạt 900 doanh nghiệp.", "300", "2024", "2024",
     None),
    # a period right after the number is its own
    ("Thị trường điện toán đám mây có thể đạt 2,4 tỷ USD vào năm 2028.", "2,4 tỷ USD", "2024", "2028", None),
    ("Tỷ lệ thanh toán số tăng từ 38% năm 2022 lên 51% năm 2024.", "38%", "2024", "2022", None),
    ("Tỷ lệ thanh toán số tăng từ 38% năm 2022 lên 51% năm 2024.", "51%", "2024", "2024", None),
    # periods listed before ``lần lượt`` go to the numbers after it, in order
    ("Số vụ lừa đảo trực tuyến các năm 2022, 2023 và 2024 lần lượt là 310, 420 và 515 vụ.", "420", "2024",
     "2023", None),
    ("Số vụ lừa đảo trực tuyến các năm 2022, 2023 và 2024 lần lượt là 310, 420 và 515 vụ.", "310", "2024",
     "2022", None),
]


@pytest.mark.parametrize("sentence, number, reporting, period, base", CASES)
def test_period_and_base_period(sentence, number, reporting, period, base):
    assert _periods(sentence, number, reporting) == (period, base)


# The mention finder reads ``tháng 9/2024`` as a date only with its diacritics.
UNACCENTED_CASES = [c for c in CASES if "tháng 9/2024" not in c[0]]


@pytest.mark.parametrize("sentence, number, reporting, period, base", UNACCENTED_CASES)
def test_period_and_base_period_without_diacritics(sentence, number, reporting, period, base):
    assert _periods(sentence, number, reporting, unaccented=True) == (period, base)

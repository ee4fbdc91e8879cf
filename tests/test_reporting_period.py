"""An article's reporting period read from its text and publication date."""

import unicodedata
from datetime import date

import pytest

from pipelines.core.reporting_period import infer_reporting_period
from tests.support import RAW, spec_rows


def _published(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.mark.parametrize("row", spec_rows("seed_periods.csv"), ids=lambda r: r["article"])
def test_sample_articles_reproduce_the_expected_period(row):
    text = unicodedata.normalize("NFC", (RAW / f"{row['article']}.txt").read_text(encoding="utf-8"))
    period_id, how = infer_reporting_period(text, _published(row["published"]))
    assert period_id == row["period_id"], how


CASES = [
    ("Báo cáo kết quả chuyển đổi số Quý III/2024\n\nNội dung ...", None, "2024-Q3", "text:headline-quarter"),
    ("Tổng kết 6 tháng đầu năm 2023 về chuyển đổi số\n\nNội dung ...", None, "2023-H1", "text:headline-half"),
    ("Kết quả chuyển đổi số 9 tháng năm 2024\n\nNội dung ...", None, "2024-9M", "text:headline-ytd"),
    ("Hội nghị tổng kết công tác năm 2022\n\nNội dung ...", date(2023, 1, 15), "2022", "text:headline-year"),
    ("Nhiều kết quả tích cực\n\nTrong Quý II/2024, tỉnh đã cấp 500 chữ ký số.", None, "2024-Q2",
     "text:quarter-cue"),
    ("Nhiều kết quả tích cực\n\nQua 6 tháng triển khai kế hoạch từ đầu năm 2025 đến nay, tỉnh có kết quả.",
     None, "2025-H1", "text:half-cue"),
    ("Nhiều kết quả tích cực\n\nTrong 9 tháng đầu năm 2024, doanh thu tăng 20%.", None, "2024-9M",
     "text:ytd-cue"),
    ("Nhiều kết quả tích cực\n\nTính đến tháng 7/2024, tỉnh đã có 80% hồ sơ trực tuyến.", None, "2024-H1",
     "text:as-of-month"),
    ("Nhiều kết quả tích cực\n\nĐến hết tháng 9/2024, tỉnh đã có 80% hồ sơ trực tuyến.", None, "2024-9M",
     "text:as-of-month"),
    ("Nhiều kết quả tích cực\n\nĐến hết tháng 6 năm 2023, tỉnh đã có 80% hồ sơ trực tuyến.", None, "2023-H1",
     "text:as-of-month"),
    ("Nhiều kết quả tích cực\n\nTính đến hết tháng 9-2022, tỉnh đã có 80% hồ sơ trực tuyến.", None, "2022-9M",
     "text:as-of-month"),
    ("Nhiều kết quả tích cực\n\nĐến tháng 1/2025, tỉnh đã có 80% hồ sơ trực tuyến.", None, "2024",
     "text:as-of-month"),
    ("Ngày hội chuyển đổi số\n\nNgày Chuyển đổi số quốc gia năm 2024 được tổ chức long trọng.",
     date(2024, 10, 10), "2024-10", "published-month"),
    ("Ngày hội chuyển đổi số\n\nKhông có mốc thời gian nào.", None, None, "none"),
    ("KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026 CỦA TỈNH\nPHẦN I. KẾT QUẢ THỰC HIỆN NĂM 2025\n100% xã có cáp quang.",
     date(2025, 11, 3), "2025", "text:results-year"),
    ("Kế hoạch chuyển đổi số của tỉnh\nPHẦN I. KẾT QUẢ THỰC HIỆN NĂM 2025\n100% xã có cáp quang.",
     date(2025, 11, 3), "2025", "text:results-year"),
    ("Hội nghị của ngành\n\nTại hội nghị tổng kết công tác năm 2025, ngành báo cáo 12 kết quả.",
     date(2026, 1, 8), "2025", "text:results-year"),
    ("Công bố chỉ số của các tỉnh\n\nTại Ngày Chuyển đổi số quốc gia năm 2025, Bộ công bố xếp hạng mức độ chuyển "
     "đổi số năm 2024 của các tỉnh.", date(2025, 10, 22), "2024", "text:results-year"),
    ("Công bố chỉ số của các tỉnh\n\nBộ đã công bố kết quả Chỉ số đổi mới (Innovation Index - II) năm 2024.",
     date(2025, 10, 22), "2024", "text:results-year"),
    ("Nhiều kết quả tích cực\n\nNăm 2026, tỉnh đặt mục tiêu 90%.", date(2025, 12, 1), "2025-12", "published-month"),
    ("ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\nSố: 12/KH-UBND\nKẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026\nII. MỤC TIÊU\n- 90% hồ sơ.",
     date(2026, 1, 12), "2026", "text:plan-year"),
]


@pytest.mark.parametrize(("text", "published", "period_id", "how"), CASES)
def test_reporting_period_rules(text, published, period_id, how):
    assert infer_reporting_period(text, published) == (period_id, how)


def test_a_body_year_alone_is_not_a_reporting_period():
    text = "Tin hoạt động\n\nNăm 2024, tỉnh đặt mục tiêu tăng trưởng kinh tế số 20%."
    assert infer_reporting_period(text, None) == (None, "none")


def test_a_bare_duration_is_not_a_reporting_period():
    text = "Tin hoạt động\n\nSau 4 tháng triển khai, mô hình đã được nhân rộng."
    assert infer_reporting_period(text, date(2024, 5, 2)) == ("2024-05", "published-month")

"""Stocks and flows: the as-of date of a level, from its sentence and its catalogue metric."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.core.extract import extract_article
from pipelines.core.period_phrases import date_of_mention

PUBLISHED = date(2024, 10, 5)


@pytest.mark.parametrize(("text", "reporting", "as_of"), [
    # a date after an as-of phrase
    ("Tính đến ngày 30/6/2024, cả nước có 1.250 trạm phát sóng 5G.", "2024-H1", date(2024, 6, 30)),
    ("Đến hết tháng 8/2024, số tài khoản thanh toán điện tử đạt 15 triệu.", "2024-9M", date(2024, 8, 31)),
    ("Lũy kế đến tháng 9/2024, các tỉnh đã cấp 2.400 chứng thư số.", "2024-9M", date(2024, 9, 30)),
    # as of now: the publication date
    ("Tới nay, ứng dụng đã có 3,4 triệu lượt người dùng đăng ký.", "2024-9M", PUBLISHED),
    ("Hiện có 420 nền tảng số được đưa vào sử dụng trên cả nước.", "2024", PUBLISHED),
    # a stock of the catalogue with no phrase: the end of its period (before publication)
    ("Cả nước đã cấp hơn 86 triệu thẻ căn cước công dân gắn chíp.", "2024-Q1", date(2024, 3, 31)),
    # flows carry no as-of date
    ("Trong quý III, doanh thu dịch vụ viễn thông đạt 92.000 tỷ đồng.", "2024-9M", None),
    ("Kinh tế số tăng trưởng 20% trong năm 2023.", "2024", None),
])
def test_as_of_date(text, reporting, as_of):
    [obs] = extract_article(text, reporting, PUBLISHED).observations
    assert obs.as_of_date == as_of


def test_a_change_is_never_a_stock():
    found = extract_article("Tính đến nay, số doanh nghiệp công nghệ số đạt 74.000, tăng 4.000 so với năm 2023.",
                            "2024", PUBLISHED).observations
    assert [(o.kind, o.as_of_date) for o in found] == [("level", PUBLISHED), ("change_abs", None)]


@pytest.mark.parametrize(("raw", "day"), [
    ("tháng 4/2024", date(2024, 4, 30)), ("31/12/2024", date(2024, 12, 31)), ("ngày 10/10/2023", date(2023, 10, 10)),
    ("ngày 5 tháng 6 năm 2024", date(2024, 6, 5)), ("tháng 2/2024", date(2024, 2, 29)), ("tháng 12", None),
    ("31/2/2024", None), ("tháng 13/2024", None),
])
def test_date_of_mention(raw, day):
    assert date_of_mention(raw) == day

"""The period grammar: one phrase in, one Period (or date) out."""

from datetime import date

import pytest

from pipelines.core import period_phrases as pp
from pipelines.core.mentions import find_mentions
from pipelines.core.reporting_period import infer_reporting_period


@pytest.mark.parametrize("raw, period_id", [
    ("Quý I/2024", "2024-Q1"),
    ("quý IV năm 2023", "2023-Q4"),
    ("Quý III 2022", "2022-Q3"),
    ("quý 2/2025", "2025-Q2"),
    ("Q3/2024", "2024-Q3"),
    ("quý II", None),
])
def test_quarters(raw, period_id):
    assert pp.period_of_quarter(raw) == period_id


@pytest.mark.parametrize("raw, period_id", [
    ("6 tháng đầu năm 2024", "2024-H1"),
    ("Sáu tháng đầu năm 2023", "2023-H1"),
    ("9 tháng năm 2024", "2024-9M"),
    ("chín tháng đầu năm 2022", "2022-9M"),
    ("3 tháng đầu năm 2025", "2025-Q1"),
    ("ba tháng đầu năm 2025", "2025-Q1"),
    ("11 tháng đầu năm 2024", "2024-11M"),
    ("6 tháng cuối năm 2024", "2024-H2"),
    ("3 tháng cuối năm 2024", None),
    ("nửa đầu năm 2024", "2024-H1"),
    ("nửa cuối năm 2023", "2023-H2"),
    ("13 tháng đầu năm 2024", None),
    ("6 tháng đầu năm", None),
])
def test_months_with_a_year(raw, period_id):
    assert pp.period_of_months(raw) == period_id


@pytest.mark.parametrize("raw, period_id", [
    ("năm 2023", "2023"),
    ("2021-2025", "2021-2025"),
    ("giai đoạn 2026 - 2030", "2026-2030"),
    ("năm 2025-2024", "2025"),
    ("năm nay", None),
])
def test_years_and_spans(raw, period_id):
    assert pp.period_of_years(raw) == period_id


@pytest.mark.parametrize("phrase, period_id", [
    ("6 tháng", "2024-H1"),
    ("9 tháng", "2024-9M"),
    ("sáu tháng", "2024-H1"),
    ("chin thang", "2024-9M"),
    ("4 tháng đầu năm", "2024-4M"),
    ("6 tháng cuối năm", "2024-H2"),
    ("6 thang cuoi nam", "2024-H2"),
    ("2 tháng cuối năm", None),
    ("4 tháng", None),
    ("6 tháng đầu năm 2023", None),
])
def test_months_of_a_given_year(phrase, period_id):
    found = pp.months_in_year(phrase, 2024)
    assert (found.period_id if found else None) == period_id


@pytest.mark.parametrize("month, year, inclusive, period_id", [
    (4, 2024, False, "2024-Q1"),
    (6, 2024, True, "2024-H1"),
    (8, 2024, False, "2024-7M"),
    (1, 2024, False, "2023"),
    (12, 2024, True, "2024"),
    (13, 2024, True, None),
])
def test_as_of_months(month, year, inclusive, period_id):
    found = pp.as_of_month(month, year, inclusive)
    assert (found.period_id if found else None) == period_id


@pytest.mark.parametrize("phrase, period_id", [
    ("tháng 9/2022", "2022-09"),
    ("thang 12/2024", "2024-12"),
    ("tháng 13/2022", None),
    ("30/6/2024", "2024-06"),
    ("ngày 31/12/2024", "2024"),
    ("ngay 29/2/2024", "2024-02"),
    ("15/6/2024", None),
    ("31/13/2024", None),
])
def test_periods_a_date_closes(phrase, period_id):
    found = pp.period_closed_by(phrase)
    assert (found.period_id if found else None) == period_id


@pytest.mark.parametrize("raw, day", [
    ("31/12/2024", date(2024, 12, 31)),
    ("ngày 5.3.2023", date(2023, 3, 5)),
    ("Ngày 10 tháng 10 năm 2023", date(2023, 10, 10)),
    ("tháng 2/2024", date(2024, 2, 29)),
    ("tháng 4 năm 2025", date(2025, 4, 30)),
    ("2024-04", date(2024, 4, 30)),
    ("31/4/2024", None),
    ("ngày 20/7", None),
])
def test_dates(raw, day):
    assert pp.date_of_mention(raw) == day


@pytest.mark.parametrize("token, n", [("I", 1), ("iii", 3), ("IV", 4), ("2", 2)])
def test_quarter_numbers(token, n):
    assert pp.quarter_number(token) == n


@pytest.mark.parametrize("token, n", [("6", 6), ("Sáu", 6), ("chín", 9), ("chin", 9), ("ba", 3), ("xa", 0)])
def test_month_counts(token, n):
    assert pp.month_count(token) == n


@pytest.mark.parametrize("sentence, raw, period_id", [
    ("Trong Quý II/2024, số giao dịch tăng mạnh.", "Quý II/2024", "2024-Q2"),
    ("Sáu tháng đầu năm 2025, tỉnh cấp 900 chứng thư số.", "Sáu tháng đầu năm 2025", "2025-H1"),
    ("Giai đoạn 2021-2025 có nhiều chuyển biến.", "Giai đoạn 2021-2025", "2021-2025"),
])
def test_mentions_take_the_period_of_their_phrase(sentence, raw, period_id):
    periods = [(m.raw, m.period_id) for m in find_mentions(sentence) if m.mention_type == "period"]
    assert (raw, period_id) in periods


@pytest.mark.parametrize("text, period_id", [
    ("Kết quả chuyển đổi số quý III/2024\nNội dung.", "2024-Q3"),
    ("Tin tổng hợp\nTính đến hết tháng 9/2024, tỉnh có 300 điểm phát wifi.", "2024-9M"),
    ("Tin tổng hợp\nĐến tháng 7/2024, tỉnh có 300 điểm phát wifi.", "2024-H1"),
])
def test_reporting_periods_read_the_same_phrases(text, period_id):
    assert infer_reporting_period(text, None)[0] == period_id


@pytest.mark.parametrize("phrase, end, expected", [
    ("tháng 9", date(2024, 10, 31), "2024-09"),
    ("thang 3", date(2024, 12, 31), "2024-03"),
    ("tháng 10", date(2024, 10, 31), "2024-10"),
    ("tháng 12", date(2024, 10, 31), None),   # after the reporting period: a deadline or a target
    ("tháng 9/2023", date(2024, 10, 31), None),  # a year is written: not a bare month
])
def test_a_month_without_a_year_is_of_the_reporting_year(phrase, end, expected):
    found = pp.month_of_reporting_year(phrase, end)
    assert (found.period_id if found else None) == expected


def test_a_month_named_without_a_year_dates_its_sentence():
    from pipelines.core.extract import extract_article

    obs = extract_article("Trong tháng 8, số lượt thanh toán qua mã QR đạt 9,6 triệu lượt.", "2025-10").observations
    assert [(o.value, o.period_id) for o in obs] == [(9600000, "2025-08")]

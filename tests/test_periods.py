"""The period module: ids ⇄ labels for every granularity, date bounds, ordering."""

from datetime import date

import pytest

from pipelines.core import periods

CASES = [
    ("2023", "2023", "year", date(2023, 1, 1), date(2023, 12, 31)),
    ("2024-Q1", "Q1/2024", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-Q4", "Q4/2024", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
    ("2024-H1", "H1/2024", "half", date(2024, 1, 1), date(2024, 6, 30)),
    ("2024-H2", "H2/2024", "half", date(2024, 7, 1), date(2024, 12, 31)),
    ("2024-10", "10/2024", "month", date(2024, 10, 1), date(2024, 10, 31)),
    ("2024-02", "2/2024", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-02", "2/2023", "month", date(2023, 2, 1), date(2023, 2, 28)),
    ("2024-9M", "9T/2024", "ytd", date(2024, 1, 1), date(2024, 9, 30)),
    ("2024-06-30", "30/6/2024", "day", date(2024, 6, 30), date(2024, 6, 30)),
    ("2021-2025", "2021-2025", "span", date(2021, 1, 1), date(2025, 12, 31)),
]


@pytest.mark.parametrize(("period_id", "label", "granularity", "start", "end"), CASES)
def test_id_and_label_both_ways(period_id, label, granularity, start, end):
    p = periods.parse_id(period_id)
    assert (p.period_label, p.granularity, p.start_date, p.end_date) == (label, granularity, start, end)
    assert periods.id_to_label(period_id) == label
    assert periods.label_to_id(label) == period_id
    assert periods.parse(label) == periods.parse(period_id) == p


@pytest.mark.parametrize("label", ["q1/2024", "Q1 / 2024", " H1/2024 ", "10/2024", "03/2024"])
def test_labels_tolerate_case_spaces_and_leading_zero(label):
    assert periods.parse_label(label).period_id in {"2024-Q1", "2024-H1", "2024-10", "2024-03"}


@pytest.mark.parametrize("bad", ["", "2024-Q5", "2024-H3", "2024-13", "Q0/2024", "13/2024", "2024/10", "abc",
                                 "2025-2021", "31/2/2024", "2024-0M"])
def test_rejects_what_is_not_a_period(bad):
    with pytest.raises(periods.PeriodError):
        periods.parse(bad)


def test_first_months_of_a_year_fold_into_quarter_half_and_year():
    assert periods.year_to_date(2024, 3).period_id == "2024-Q1"
    assert periods.year_to_date(2024, 6).period_id == "2024-H1"
    assert periods.year_to_date(2024, 12).period_id == "2024"
    assert periods.year_to_date(2024, 9).period_id == "2024-9M"


def test_ordering_is_by_end_date_longer_period_first_on_ties():
    ids = ["2024-10", "2024-H1", "2023", "2024-Q1", "2024-06", "2024-Q2", "2024", "2022-2023", "2020"]
    assert periods.sort_periods(ids) == ["2020", "2022-2023", "2023", "2024-Q1", "2024-H1", "2024-Q2", "2024-06",
                                         "2024-10", "2024"]


def test_as_row_has_the_contract_columns():
    assert set(periods.parse_id("2024-Q1").as_row()) == {"period_id", "period_label", "granularity", "start_date",
                                                         "end_date"}


def test_period_rows_number_the_periods_in_time_order():
    rows = periods.period_rows(["2024-Q2", "2024-H1", "2023", "2024-Q2"])
    assert [(r["period_id"], r["sort_order"]) for r in rows] == [("2023", 0), ("2024-H1", 1), ("2024-Q2", 2)]

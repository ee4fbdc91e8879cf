"""Reporting periods: ids, Vietnamese labels, granularity and date bounds.

Period ids (what the warehouse stores) and labels (how Vietnamese reports write them):

=========== ============ ============== ===========================================
granularity id           label          meaning
=========== ============ ============== ===========================================
year        ``2023``     ``2023``       calendar year
half        ``2024-H1``  ``H1/2024``    first or second half-year
quarter     ``2024-Q1``  ``Q1/2024``    calendar quarter
month       ``2024-10``  ``10/2024``    calendar month
ytd         ``2024-9M``  ``9T/2024``    first N months of a year (``9 tháng đầu năm``)
day         ``2024-06-30`` ``30/6/2024`` a single date (``tính đến ngày 30/6/2024``)
span        ``2021-2025`` ``2021-2025`` several whole years (``giai đoạn 2021-2025``)
=========== ============ ============== ===========================================

Periods order by end date, then by start date descending (the longer period first).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

GRANULARITIES = ("year", "half", "quarter", "month", "ytd", "day", "span")

_ID_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"^(\d{4})$")),
    ("half", re.compile(r"^(\d{4})-H([12])$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("ytd", re.compile(r"^(\d{4})-(\d{1,2})M$")),
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("span", re.compile(r"^(\d{4})-(\d{4})$")),
)

_LABEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"^(\d{4})$")),
    ("half", re.compile(r"^H([12])/(\d{4})$", re.I)),
    ("quarter", re.compile(r"^Q([1-4])/(\d{4})$", re.I)),
    ("month", re.compile(r"^(\d{1,2})/(\d{4})$")),
    ("ytd", re.compile(r"^(\d{1,2})T/(\d{4})$", re.I)),
    ("day", re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")),
    ("span", re.compile(r"^(\d{4})-(\d{4})$")),
)


class PeriodError(ValueError):
    """A string that is not a period id or label."""


@dataclass(frozen=True, order=False)
class Period:
    """One period of the period dimension."""

    period_id: str
    period_label: str
    granularity: str
    start_date: date
    end_date: date

    @property
    def sort_key(self) -> tuple[date, date]:
        """Order by end date; at the same end date the longer period comes first."""
        return (self.end_date, self.start_date)

    def as_row(self) -> dict:
        return {
            "period_id": self.period_id,
            "period_label": self.period_label,
            "granularity": self.granularity,
            "start_date": self.start_date,
            "end_date": self.end_date,
        }


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year(y: int) -> Period:
    return Period(f"{y:04d}", f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def half(y: int, h: int) -> Period:
    if h not in (1, 2):
        raise PeriodError(f"half-year must be 1 or 2, not {h}")
    first = 1 if h == 1 else 7
    return Period(f"{y:04d}-H{h}", f"H{h}/{y:04d}", "half", date(y, first, 1), _month_end(y, first + 5))


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"quarter must be 1..4, not {q}")
    first = 3 * (q - 1) + 1
    return Period(f"{y:04d}-Q{q}", f"Q{q}/{y:04d}", "quarter", date(y, first, 1), _month_end(y, first + 2))


def month(y: int, m: int) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(f"month must be 1..12, not {m}")
    return Period(f"{y:04d}-{m:02d}", f"{m}/{y:04d}", "month", date(y, m, 1), _month_end(y, m))


def year_to_date(y: int, months: int) -> Period:
    """The first ``months`` months of year ``y``; 3, 6 and 12 months are a quarter, a half and a year."""
    if not 1 <= months <= 12:
        raise PeriodError(f"months must be 1..12, not {months}")
    if months == 12:
        return year(y)
    if months == 6:
        return half(y, 1)
    if months == 3:
        return quarter(y, 1)
    return Period(f"{y:04d}-{months}M", f"{months}T/{y:04d}", "ytd", date(y, 1, 1), _month_end(y, months))


def day(y: int, m: int, d: int) -> Period:
    try:
        when = date(y, m, d)
    except ValueError as e:
        raise PeriodError(str(e)) from e
    return Period(when.isoformat(), f"{d}/{m}/{y:04d}", "day", when, when)


def span(first: int, last: int) -> Period:
    if last <= first:
        raise PeriodError(f"a span needs a later last year: {first}-{last}")
    return Period(f"{first:04d}-{last:04d}", f"{first:04d}-{last:04d}", "span", date(first, 1, 1),
                  date(last, 12, 31))


def _build(granularity: str, nums: list[int]) -> Period:
    if granularity == "year":
        return year(nums[0])
    if granularity == "half":
        return half(*nums)
    if granularity == "quarter":
        return quarter(*nums)
    if granularity == "month":
        return month(*nums)
    if granularity == "ytd":
        return year_to_date(*nums)
    if granularity == "day":
        return day(*nums)
    return span(*nums)


@cache  # the same few ids are read for every quantity of an article
def parse_id(period_id: str) -> Period:
    """``2024-Q1`` → the Period; raises PeriodError for anything else."""
    text = str(period_id).strip()
    for granularity, pattern in _ID_PATTERNS:
        m = pattern.match(text)
        if m:
            return _build(granularity, [int(g) for g in m.groups()])
    raise PeriodError(f"not a period id: {period_id!r}")


def parse_label(label: str) -> Period:
    """``Q1/2024`` → the Period; raises PeriodError for anything else."""
    text = str(label).strip().replace(" ", "")
    for granularity, pattern in _LABEL_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        nums = [int(g) for g in m.groups()]
        if granularity in ("half", "quarter", "month", "ytd"):
            nums = [nums[1], nums[0]]
        elif granularity == "day":
            nums = [nums[2], nums[1], nums[0]]
        return _build(granularity, nums)
    raise PeriodError(f"not a period label: {label!r}")


def parse(text: str) -> Period:
    """Accept either an id or a label."""
    try:
        return parse_id(text)
    except PeriodError:
        return parse_label(text)


def id_to_label(period_id: str) -> str:
    return parse_id(period_id).period_label


def label_to_id(label: str) -> str:
    return parse_label(label).period_id


def month_of(when: date) -> Period:
    return month(when.year, when.month)


def sort_periods(period_ids) -> list[str]:
    """Period ids in time order (by end date, longer first at the same end)."""
    return sorted(set(period_ids), key=lambda p: parse_id(p).sort_key)


def period_rows(period_ids) -> list[dict]:
    """Rows of the ``periods`` table for these ids, ``sort_order`` numbering them in time order."""
    return [{**parse_id(p).as_row(), "sort_order": n} for n, p in enumerate(sort_periods(period_ids))]

"""An article's reporting period, read from its text when the manifest gives none.

Rules, first that applies wins (``how`` names it):

``text:headline-<granularity>``
    a period in the headline (the first non-empty line): ``Quý I/2024``, ``6 tháng đầu năm 2024``,
    ``9 tháng năm 2024``, ``năm 2023`` (a bare year in a headline is often the event's date, so only
    ``năm YYYY`` counts, and not the base of a change, ``so với năm 2023``, nor a year a headline looks
    ahead to, ``kỳ vọng gì năm 2025``); not one that starts after the publication date (``Kế hoạch ...
    năm 2026`` published in 2025 is a plan).
``text:quarter-cue`` / ``text:half-cue`` / ``text:ytd-cue``
    the first sub-year period stated in the body, not as a base (``so với 9 tháng đầu năm 2023``):
    ``Quý I/2024``, ``6 tháng đầu năm 2024``,
    ``Qua 6 tháng ... từ đầu năm 2024`` (six months of a year named within the sentence; the
    publication year when none is), ``9 tháng năm 2024``.
``text:month-cue``
    a paragraph opening with its month: ``Tháng 8/2024, Cục ... đã ghi nhận ...``.
``text:as-of-month``
    ``Đến tháng 4/2024`` / ``Tính đến tháng 4/2024``: figures up to the start of that month, so the
    months before it: the year-to-date through the previous month, which is a quarter, a half or a year
    when it ends in March, June or December (``Đến tháng 4/2024`` → ``2024-Q1``); ``Đến hết tháng 6/2024``
    includes the month (→ ``2024-H1``).
``text:results-year``
    a heading or phrase reporting a year's results or ranking: ``Kết quả thực hiện năm 2024``, ``tổng kết
    công tác năm 2024``, ``đánh giá kết quả ... năm 2024`` (a provincial plan for the next year opens with
    the results of this one), ``công bố xếp hạng mức độ chuyển đổi số năm 2024``, ``kết quả Chỉ số Chuyển
    đổi số (DTI) năm 2024`` (up to five words, and a bracketed aside, before the year); a report on the
    year's situation: ``báo cáo về tình hình nguy cơ an toàn thông tin tại Việt Nam năm 2024``; the figures of
    a year that ended: ``Kết thúc năm 2023, tổng doanh thu ...``, ``cả năm 2024``.
``text:plan-year``
    a plan's title line in capitals near the top (``KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2025``): the year it plans for
    (its targets are told in :func:`pipelines.core.status.target_sections`).
``published-month``
    the month of the publication date.
``none``
    nothing to go by: ``(None, 'none')``.

A year stated only in the body (``Ngày Chuyển đổi số quốc gia năm 2024``) is not a reporting period: an
event article about the year's celebration reports the month it was published.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.core import periods
from pipelines.core.period_phrases import (
    MONTH_COUNT_WORDS,
    QUARTER_NUMBER,
    as_of_month,
    month_count,
    months_of_year,
    quarter_number,
)

_Y = r"((?:19|20)\d{2})(?!\d)"
_QUARTER_RE = re.compile(rf"(?i:quý)\s+({QUARTER_NUMBER})(?:\s*[/–-]\s*|\s+(?:năm\s+)?)" + _Y)
_MONTHS_RE = re.compile(rf"(?i:(\d{{1,2}}|{MONTH_COUNT_WORDS})\s+tháng)(\s+(?:đầu|cuối))?(?:\s+năm)?"
                        r"(?:\s+(?:" + _Y + r"|(?i:(nay|này))(?!\w)))?")
_FROM_START_RE = re.compile(r"(?i:từ\s+đầu\s+năm|đầu\s+năm|năm)\s+" + _Y)
_AS_OF_RE = re.compile(r"(?i:(?:tính\s+)?(?:đến|tới)\s+(hết\s+)?tháng)\s+(\d{1,2})(?:\s*[/\-–]\s*|\s+năm\s+)" + _Y)
_YEAR_RE = re.compile(r"(?i:năm)\s+" + _Y)
_RESULTS_YEAR_RE = re.compile(r"(?i:(?:(?:kết[ \t]+quả|tổng[ \t]+kết|xếp[ \t]+hạng)"
                              r"(?:[ \t]+[^\W\d]+){0,5}?(?:[ \t]*\([^()\n]{0,80}\))?"
                              r"|báo[ \t]+cáo[ \t]+(?:về[ \t]+)?tình[ \t]+hình(?:[ \t]+[^\W\d]+){0,10}?"
                              r"(?:[ \t]*\([^()\n]{0,80}\))?|kết[ \t]+thúc|cả)[ \t]+năm)[ \t]+" + _Y
                              + r"(?![ \t]*[-–/])")
_SENTENCE_END_RE = re.compile(r"[.!?\n]")
# ``KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2025`` heading a provincial plan: the year it plans for
_PLAN_YEAR_RE = re.compile(r"(?m)^[ \t]*(?:KẾ HOẠCH|CHƯƠNG TRÌNH)\b[^\n]{0,120}?\bNĂM[ \t]+" + _Y + r"[^\n]*$")
_PLAN_HEAD_CHARS = 1500
# a headline looking ahead: its year is the one hoped for
_FORWARD_RE = re.compile(r"(?i)(?<!\w)(?:kỳ vọng|kì vọng|triển vọng|dự báo|mục tiêu|kế hoạch|định hướng|phấn đấu|sẽ"
                         r"|hướng tới|hướng đến|chiến lược|nhiệm vụ)(?!\w)")
# ``so với năm 2023``: the year a change is measured from, not the one reported
_BASE_BEFORE_RE = re.compile(r"(?i:so\s+với(?:\s+(?:cùng\s+)?kỳ)?|so\s+(?:cùng\s+)?kỳ)\s+$")
# ``Tháng 8/2024, Cục ... ghi nhận ...`` opening a paragraph: the month reported
_MONTH_OPEN_RE = re.compile(r"(?m)^[ \t]*(?:(?i:trong|riêng|tính riêng)\s+)?(?i:tháng)\s+(\d{1,2})\s*[/-]\s*" + _Y
                            + r"\s*,")


def _months_period(text: str, m: re.Match, published: date | None) -> periods.Period | None:
    """``6 tháng đầu năm 2024``; a bare ``6 tháng`` only with ``từ đầu năm Y`` later in its sentence."""
    n = month_count(m.group(1))
    if not 2 <= n <= 12:
        return None
    year = m.group(3)
    if m.group(4):  # ``9 tháng năm nay``: of the year of publication
        if published is None:
            return None
        year = str(published.year)
    if not (m.group(2) or year):
        end = _SENTENCE_END_RE.search(text, m.end())
        follow = next((f for f in _FROM_START_RE.finditer(text, m.end(), end.start() if end else len(text))
                       if not _is_base(text, f)), None)
        if not follow or n not in (3, 6, 9):
            return None
        year = follow.group(1)
    if year is None and published is None:
        return None
    year = int(year) if year else published.year
    return months_of_year(year, n, last=bool(m.group(2) and "cuối" in m.group(2).lower()))


def _headline(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _from_headline(line: str, published: date | None) -> periods.Period | None:
    q = _QUARTER_RE.search(line)
    if q:
        return periods.quarter(int(q.group(2)), quarter_number(q.group(1)))
    for m in _MONTHS_RE.finditer(line):
        p = _months_period(line, m, published)
        if p:
            return p
    if _FORWARD_RE.search(line):
        return None  # ``Doanh nghiệp viễn thông kỳ vọng gì năm 2025``: the year looked to, not reported
    for y in _YEAR_RE.finditer(line):
        if not _is_base(line, y):
            return periods.year(int(y.group(1)))
    return None


def _is_base(text: str, m: re.Match) -> bool:
    return bool(_BASE_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()))


def _body_cue(text: str, published: date | None) -> tuple[periods.Period, str] | None:
    found: list[tuple[int, periods.Period, str]] = []
    q = next((q for q in _QUARTER_RE.finditer(text) if not _is_base(text, q)), None)
    if q:
        found.append((q.start(), periods.quarter(int(q.group(2)), quarter_number(q.group(1))),
                      "text:quarter-cue"))
    for m in _MONTHS_RE.finditer(text):
        p = None if _is_base(text, m) else _months_period(text, m, published)
        if p:
            how = {"half": "text:half-cue", "quarter": "text:quarter-cue", "year": "text:ytd-cue"}
            found.append((m.start(), p, how.get(p.granularity, "text:ytd-cue")))
            break
    month = _MONTH_OPEN_RE.search(text)
    if month and 1 <= int(month.group(1)) <= 12:
        found.append((month.start(), periods.month(int(month.group(2)), int(month.group(1))), "text:month-cue"))
    a = _AS_OF_RE.search(text)
    if a:
        p = as_of_month(int(a.group(2)), int(a.group(3)), inclusive=bool(a.group(1)))
        if p:
            found.append((a.start(), p, "text:as-of-month"))
    if not found:
        return None
    _, period, how = min(found, key=lambda f: f[0])
    return period, how


def plan_year(text: str) -> str | None:
    """The year a plan's title near the top plans for (``KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2025``), if any."""
    plan = _PLAN_YEAR_RE.search(text, 0, _PLAN_HEAD_CHARS)
    return periods.year(int(plan.group(1))).period_id if plan else None


def infer_reporting_period(text: str, published: date | None) -> tuple[str | None, str]:
    """(period_id, how) of an article without a manifest period (see the module docstring)."""
    p = _from_headline(_headline(text), published)
    if p and (published is None or p.start_date <= published):
        return p.period_id, f"text:headline-{p.granularity}"
    cue = _body_cue(text, published)
    if cue:
        return cue[0].period_id, cue[1]
    results = _RESULTS_YEAR_RE.search(text)
    if results and (published is None or int(results.group(1)) <= published.year):
        return periods.year(int(results.group(1))).period_id, "text:results-year"
    plan = plan_year(text)
    if plan:
        return plan, "text:plan-year"
    if published:
        return periods.month_of(published).period_id, "published-month"
    return None, "none"

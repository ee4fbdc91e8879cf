"""Publication date, month and title read from the top of a Vietnamese news page.

Dates are searched only in the first lines of the page: a date deep in the body is usually the date of an
event, not of the publication. Forms, strongest first: a weekday timestamp (``Thứ năm - 28/12/2023
08:47``), a labelled date (``Cập nhật: 12/10/2024``, ``Ngày đăng: ...``), a line holding only a date or an
ISO date, then a lead sentence that opens with its date (``Ngày 28/12/2023, ...``, ``Sáng 12/10/2024, ...``),
and last a lead ``Ngày 10-10`` without a year completed by a `` date 2023-10`` month marker.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.core.furniture import furniture_rule

TOP_LINES = 40
LEAD_LINES = 8
MAX_TITLE_CHARS = 200
SHORT_TITLE_CHARS = 120
MIN_YEAR, MAX_YEAR = 1990, 2100

_DMY = (r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
        r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*|\s+)năm\s+(?P<y2>\d{4})"
        r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d)")
_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật)"
_LABEL = (r"(?:ngày cập nhật|cập nhật lúc|cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày xuất bản|xuất bản|"
          r"thời gian đăng|ngày phát hành|published|posted|updated)")
_TIME = r"(?:\s*[,|\-–]?\s*(?:lúc\s*)?\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?)?"
_GMT = r"(?:\s*\(?\s*gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?)?"
_DAY_PART = r"(?:ngày|sáng|chiều|tối|trưa|đêm|rạng sáng)(?:\s+(?:hôm\s+)?(?:nay\s*)?ngày)?"

_STRONG_FORMS = (
    re.compile(rf"{_WEEKDAY}\s*[,\-–|]?\s*(?:ngày\s*)?(?:{_DMY})", re.IGNORECASE),
    re.compile(rf"{_LABEL}\s*:?\s*(?:\d{{1,2}}\s*[:hg]\s*\d{{2}}\s*[,|\-–]?\s*)?(?:{_WEEKDAY}\s*[,\-–|]?\s*)?"
               rf"(?:ngày\s*)?(?:{_DMY})", re.IGNORECASE),
)
# A dateline opening the lead: ``Hà Nội, 28/10/2024 -``, ``(Chinhphu.vn) - TP.HCM, ngày 5/6/2024, ...``.
_DATELINE = re.compile(rf"^\W*(?:\([^)]{{1,40}}\)\s*[-–—]\s*)?[A-ZĐÀ-Ỹ][\w.]*(?:\s+[A-ZĐÀ-Ỹ][\w.]*){{0,3}}\s*,\s*"
                       rf"(?:ngày\s*)?(?:{_DMY})")
# Dates in a source URL: ``/202306/``, ``-d20231228...``, ``-20251021181803153.htm``, ``/2024/10/05/``.
_URL_DATES = (
    re.compile(r"[/-]d?(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:\d{0,9})(?=[./_-]|$)"),
    re.compile(r"/(?P<y>20\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/"),
    re.compile(r"/(?P<y>20\d{2})(?P<m>[01]\d)/"),
)
_DATE_LINE = re.compile(rf"\s*(?:ngày\s*)?(?:{_DMY}){_TIME}{_GMT}\s*", re.IGNORECASE)
_ISO_IN_SHORT_LINE = re.compile(r"(?<![\d/.\-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
                                r"(?:[T ]\d{2}:\d{2}|\b)")
_LEAD = re.compile(rf"\s*{_DAY_PART}\s*(?:{_DMY})", re.IGNORECASE)
_LEAD_NO_YEAR = re.compile(rf"\s*{_DAY_PART}\s*(?P<d>\d{{1,2}})\s*[/\-]\s*(?P<m>\d{{1,2}})(?![\d/\-])",
                           re.IGNORECASE)
_MONTH_MARKER = re.compile(r"\s*date\s+(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?!\d)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"”’)]*(?:\s|$))")


def find_published_date(text: str, *, top_lines: int = TOP_LINES) -> date | None:
    """The publication date stated near the top of a page, or None."""
    lines = _top_lines(text, top_lines)
    at, marker = _find_marker(lines)
    if marker and marker.group("d"):
        found = _valid_date(marker.group("y"), marker.group("m"), marker.group("d"))
        if found:
            return found
    for form in _STRONG_FORMS:
        for line in lines:
            found = _date_of(form.search(line))
            if found:
                return found
    for line in lines:
        found = _date_of(_DATELINE.search(line))
        if found:
            return found
    for line in lines:
        found = _date_of(_DATE_LINE.fullmatch(line))
        if found:
            return found
        if len(line) <= 40:
            found = _date_of(_ISO_IN_SHORT_LINE.search(line))
            if found:
                return found
    lead = [_MONTH_MARKER.sub("", line, count=1) for line in lines[:LEAD_LINES]]
    for line in lead:
        found = _date_of(_LEAD.match(line))
        if found:
            return found
    month = _marker_month(marker)
    if month:
        for line in lead[at:]:
            day = _LEAD_NO_YEAR.match(line)
            if day and int(day.group("m")) == month[1]:
                return _valid_date(month[0], day.group("m"), day.group("d"))
    return None


def date_from_url(url: str | None) -> date | None:
    """The publication date a source URL spells (``/202306/`` gives its first day), or None."""
    for form in _URL_DATES:
        m = form.search(url or "")
        if m:
            day = m.groupdict().get("d") or 1
            found = _valid_date(m.group("y"), m.group("m"), day)
            if found:
                return found
    return None


def find_published_month(text: str) -> tuple[int, int] | None:
    """(year, month) of a `` date 2023-10`` marker opening one of the first lines, or None."""
    return _marker_month(_find_marker(_top_lines(text, LEAD_LINES))[1])


def _find_marker(lines: list[str]) -> tuple[int, re.Match[str] | None]:
    for index, line in enumerate(lines[:LEAD_LINES]):
        marker = _MONTH_MARKER.match(line)
        if marker:
            return index, marker
    return -1, None


def _marker_month(marker: re.Match[str] | None) -> tuple[int, int] | None:
    if not marker or not 1 <= int(marker.group("m")) <= 12:
        return None
    year = int(marker.group("y"))
    return (year, int(marker.group("m"))) if MIN_YEAR <= year <= MAX_YEAR else None


def find_title(text: str) -> str:
    """The first meaningful line; when that line is body text, its first sentence, shortened."""
    for raw in text.split("\n"):
        line = _MONTH_MARKER.sub("", raw, count=1).strip()
        if not line or furniture_rule(line) is not None or _DATE_LINE.fullmatch(line):
            continue
        if len(line) <= MAX_TITLE_CHARS and not line.endswith("."):
            return line
        return _shorten(_first_sentence(line))
    return ""


def _top_lines(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= limit:
                break
    return lines


def _date_of(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    groups = match.groupdict()
    for y, m, d in (("y", "m", "d"), ("y2", "m2", "d2"), ("iy", "im", "id")):
        if groups.get(y):
            return _valid_date(groups[y], groups[m], groups[d])
    return None


def _valid_date(year: int | str, month: int | str, day: int | str) -> date | None:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if MIN_YEAR <= found.year <= MAX_YEAR else None


def _first_sentence(line: str) -> str:
    end = _SENTENCE_END.search(line)
    sentence = line[:end.start()] if end else line
    return sentence.strip()


def _shorten(sentence: str) -> str:
    if len(sentence) <= SHORT_TITLE_CHARS:
        return sentence
    cut = sentence[:SHORT_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + "…"

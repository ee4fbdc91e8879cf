"""Vietnamese period and date phrases → a Period or a date: the one place that reads them.

Where a phrase stands and what role it plays (the mention finder, the reporting-period rules, the
attribution of periods to numbers) is decided elsewhere; the phrase itself is read here.

quarters
    ``Quý I/2024``, ``quý 3 năm 2024``, ``Q2/2024`` → ``2024-Q1`` ...: a Roman numeral (:data:`ROMAN`)
    or a digit; ``quý 1`` without a year is that quarter of the reporting year.
months of a year
    ``6 tháng đầu năm 2024`` and ``nửa đầu năm 2024`` → ``2024-H1``, ``9 tháng năm 2024`` → ``2024-9M``,
    ``3 tháng`` → the first quarter; ``6 tháng cuối năm`` and ``nửa cuối năm`` → the second half (other
    counts of last months are no period). The count is a digit or a word (:data:`WORD_NUMBERS`).
    Without a year (``6 tháng``, ``9 tháng``, ``N tháng đầu năm``) a phrase is that part of a year the
    caller names; a bare ``N tháng`` other than 6 or 9 is a duration, not a period.
years
    ``năm 2023`` → ``2023``; ``2022-2023``, ``giai đoạn 2021-2025`` → the span.
years ago
    ``cách đây hai năm`` after a value: that many years before the reporting year (:func:`years_ago`).
as-of months
    ``đến tháng 4/2024``: the months before it (``2024-Q1``); ``đến hết tháng 6/2024`` includes the
    month (``2024-H1``); ``đến tháng 1/2024`` is the year before.
dates
    ``tháng 9/2022`` closes the month ``2022-09``; ``30/6/2024``, the last day of a month, closes that
    month and ``31/12/2024`` the year (:func:`period_closed_by`). :func:`date_of_mention` gives the day a
    date names (a month names its last day).

Phrases may be read from a text normalised without diacritics (``thang``, ``ngay``, ``sau``, ``chin``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from pipelines.core import periods
from pipelines.core.periods import Period


def fold(word: str) -> str:
    """``word`` without diacritics (``tháng`` → ``thang``, ``đầu`` → ``dau``)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
WORD_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                "chín": 9, "mười": 10}
# The words a count of months is written with in a period (``sáu tháng đầu năm``), as an alternation.
MONTH_COUNT_WORDS = "ba|sáu|chín"
QUARTER_NUMBER = r"(?:IV|I{1,3}|[1-4])"

_WORD_NUMBER_OF = {**{fold(w): n for w, n in WORD_NUMBERS.items()}, **WORD_NUMBERS}
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_QUARTER_NO_RE = re.compile(rf"(?<![\w])({QUARTER_NUMBER})(?![\w])")


def _either(word: str) -> str:
    """A regex for ``word`` with or without its diacritics."""
    return f"(?:{word}|{fold(word)})"


_MONTHS_RE = re.compile(rf"^(\d{{1,2}}|ba|sáu|chín|sau|chin) {_either('tháng')}"
                        rf"(?: ({_either('đầu')}|{_either('cuối')}) {_either('năm')})?$")
# The words a day of the month follows: ``ngày 20/4``, ``Chiều 19-11``, ``Sáng 6/1``
DAY_PART_WORDS = ("ngày", "sáng", "chiều", "trưa", "tối", "đêm", "hôm", "rạng sáng")
_DAY_PARTS = "|".join(_either(w).replace(" ", r"\s+") for w in DAY_PART_WORDS)
# The one reading of a written date (a day or a month), with or without diacritics: ``31/12/2024``,
# ``ngày 10 tháng 10 năm 2023``, ``tháng 4/2024``, ``tháng 9.2020``, ``tháng 9 năm 2022``, ``2024-04``.
_DATE_RES = (
    re.compile(rf"^(?:(?:{_DAY_PARTS})\s+)?(?P<d>\d{{1,2}})\s*[/.\-]\s*(?P<m>\d{{1,2}})\s*[/.\-]\s*(?P<y>\d{{4}})$"),
    re.compile(rf"^{_either('ngày')}\s+(?P<d>\d{{1,2}})\s+{_either('tháng')}\s+(?P<m>\d{{1,2}})\s+{_either('năm')}"
               r"\s+(?P<y>\d{4})$"),
    re.compile(rf"^{_either('tháng')}\s+(?P<m>\d{{1,2}})\s*(?:[/.\-–]|\s+{_either('năm')}\s+)\s*(?P<y>\d{{4}})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?$"),
)


def _date_parts(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None for a month) of a written date in lower case, None when it is none."""
    for rx in _DATE_RES:
        m = rx.match(text)
        if m:
            month = int(m.group("m"))
            day = m.groupdict().get("d")
            return (int(m.group("y")), month, int(day) if day else None) if 1 <= month <= 12 else None
    return None


def quarter_number(token: str) -> int:
    """``I`` ... ``IV`` or ``1`` ... ``4`` → the quarter's number."""
    return int(token) if token.isdigit() else ROMAN[token.lower()]


def month_count(token: str) -> int:
    """``6`` or ``sáu`` → 6; 0 for a word that counts no months."""
    return int(token) if token.isdigit() else _WORD_NUMBER_OF.get(token.lower(), 0)


def months_of_year(year: int, months: int, last: bool = False) -> Period | None:
    """The first ``months`` months of ``year`` (``last``: the last ones, a period only for six)."""
    if last:
        return periods.half(year, 2) if months == 6 else None
    return periods.year_to_date(year, months) if 1 <= months <= 12 else None


def period_of_month_span(raw: str) -> str | None:
    """``tháng 1-8/2024`` → ``2024-8M``; ``tháng 7-9/2024`` → ``2024-Q3``; ``tháng 7-12/2024`` → ``2024-H2``;
    None for a span that is no reporting period."""
    first, last, year = (int(n) for n in re.findall(r"\d+", raw)[:3])
    if first == 1:
        found = months_of_year(year, last)
        return found.period_id if found else None
    if last - first == 2 and first % 3 == 1:
        return periods.quarter(year, (first + 2) // 3).period_id
    if (first, last) == (7, 12):
        return periods.half(year, 2).period_id
    return None


def period_of_months(raw: str) -> str | None:
    """``6 tháng đầu năm 2024`` → ``2024-H1``, ``9 tháng năm 2024`` → ``2024-9M``, ``nửa cuối năm 2023``."""
    low = raw.lower()
    year = _YEAR_RE.search(low)
    if not year:
        return None
    y = int(year.group())
    if low.startswith("nửa"):
        return periods.half(y, 1 if "đầu" in low else 2).period_id
    found = months_of_year(y, month_count(low.split()[0]), last="cuối" in low)
    return found.period_id if found else None


def period_of_quarter(raw: str) -> str | None:
    """``Quý I/2024``, ``quý 3 năm 2024``, ``Q2/2024`` → ``2024-Qn``."""
    year = _YEAR_RE.search(raw)
    if not year:
        return None
    q = _QUARTER_NO_RE.search(raw[:year.start()].replace("Q", " "))
    if not q:
        return None
    return periods.quarter(int(year.group()), quarter_number(q.group(1))).period_id


def period_of_years(raw: str) -> str | None:
    """``năm 2023`` → ``2023``; ``2022-2023`` → the span ``2022-2023``."""
    years = [int(y) for y in _YEAR_RE.findall(raw)]
    if len(years) >= 2 and years[1] > years[0]:
        return periods.span(years[0], years[1]).period_id
    return periods.year(years[0]).period_id if years else None


def months_in_year(phrase: str, year: int) -> Period | None:
    """``6 tháng``, ``9 tháng``, ``N tháng đầu năm`` (no year written; normalised text): that part of
    ``year``; ``6 tháng cuối năm`` its second half."""
    m = _MONTHS_RE.match(phrase)
    if not m:
        return None
    n = month_count(m.group(1))
    if m.group(2) in ("cuối", "cuoi"):
        return months_of_year(year, n, last=True)
    if m.group(2) or n in (6, 9):
        return months_of_year(year, n)
    return None


def months_so_far(phrase: str, reporting_end: date) -> Period | None:
    """``8 tháng`` after ``lũy kế`` (normalised text): the first months of the reporting year, when they do
    not run past the reporting period."""
    m = _MONTHS_RE.match(phrase)
    if not m or m.group(2):
        return None
    n = month_count(m.group(1))
    return months_of_year(reporting_end.year, n) if 1 <= n <= reporting_end.month else None


_BARE_MONTH_RE = re.compile(r"(?:tháng|thang)\s+(\d{1,2})$")


def month_of_reporting_year(phrase: str, reporting_end: date) -> Period | None:
    """``tháng 9`` (no year written; normalised text) in an article reporting up to ``reporting_end``: that
    month of the reporting year when it is not after the reporting period, else none (``đến tháng 12`` in
    October is a deadline or a target, not a month reported)."""
    m = _BARE_MONTH_RE.match(phrase)
    if not m or not 1 <= int(m.group(1)) <= reporting_end.month:
        return None
    return periods.month(reporting_end.year, int(m.group(1)))


_BARE_QUARTER_RE = re.compile(r"(?:quý|qúy|quy)\s+(iv|i{1,3}|[1-4])$", re.IGNORECASE)


def quarter_of_reporting_year(phrase: str, reporting_end: date) -> Period | None:
    """``quý 1``, ``quý III`` (no year written; normalised text): that quarter of the reporting year when it
    has begun by the end of the reporting period."""
    m = _BARE_QUARTER_RE.match(phrase)
    if not m:
        return None
    q = quarter_number(m.group(1))
    return periods.quarter(reporting_end.year, q) if 3 * q - 2 <= reporting_end.month else None


_YEARS_AGO_RE = re.compile(rf"\s*(?:[^\W\d_]+\s+){{0,3}}?(?:vào\s+)?(?:thời điểm\s+|thoi diem\s+)?"
                           rf"{_either('cách')}\s+{_either('đây')}\s+(\d{{1,2}}|\w+)\s+{_either('năm')}(?!\w)",
                           re.IGNORECASE)


def years_ago(text: str, pos: int, end: int | None = None) -> int | None:
    """``cách đây hai năm`` right after ``pos`` (after at most three words, ending by ``end``): how many years
    ago."""
    m = _YEARS_AGO_RE.match(text, pos, len(text) if end is None else end)
    if not m:
        return None
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else _WORD_NUMBER_OF.get(word)
    return n if n and 1 <= n <= 30 else None


def as_of_month(month: int, year: int, inclusive: bool) -> Period | None:
    """``đến tháng 4/2024`` (the months before April) or ``đến hết tháng 4/2024`` (through April)."""
    through = month if inclusive else month - 1
    if through < 1:
        return periods.year(year - 1)
    return periods.year_to_date(year, through) if through <= 12 else None


def period_closed_by(phrase: str) -> Period | None:
    """The period a date closes (normalised text): ``tháng 9/2022``, ``tháng 9 năm 2022`` → ``2022-09``; ``30/6/2024`` →
    ``2024-06`` and ``31/12/2024`` → ``2024``; a day that ends no month closes none."""
    parts = _date_parts(phrase)
    if parts is None:
        return None
    y, mo, d = parts
    if d is None:
        return periods.month(y, mo)
    found = periods.year(y) if (mo, d) == (12, 31) else periods.month(y, mo)
    return found if found.end_date.day == d else None


def date_of_mention(raw: str) -> date | None:
    """The date a date mention names: ``31/12/2024``, ``ngày 10 tháng 10 năm 2023``; a month
    (``tháng 4/2024``, ``2024-04``) names its last day. None when it names no whole date."""
    parts = _date_parts(" ".join(raw.lower().split()))
    if parts is None:
        return None
    y, mo, d = parts
    try:
        return date(y, mo, d or calendar.monthrange(y, mo)[1])
    except ValueError:
        return None
    return None

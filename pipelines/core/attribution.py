"""The period and the base period of a stated value.

The period mentions of a sentence (:class:`PeriodRef`) take a role from the words before them: after
``so với`` a period is a base, ``từ năm Y`` starts a range and ``định hướng đến năm Y`` names a plan;
none of them is the period of a value. ``6 tháng``, ``9 tháng`` and ``N tháng đầu năm`` without a year
are that part of the reporting year. A date (``tháng 12/2024``) is the period it closes only when it
is no deadline (``trước ngày 31/12/2024``, ``(tháng 12/2024)``), and the reporting period itself when
it is its end (``tính đến hết tháng 9``); the phrases are read by :mod:`pipelines.core.period_phrases`.

period
    In order (the composer in :mod:`pipelines.core.observations` applies the first three): a change
    told right after a value (``đạt 0,72 điểm, tăng 1,4% so với năm 2022``) is of that value's period,
    unless its own lead states one (:func:`period_in_lead`). In ``từ A lên B`` after a year range of
    the clause (``từ 2020 đến 2022 ... từ 0,48 lên 0,71``, :func:`clause_range`) A and B are the levels
    of the first and the last year; without a range A is not emitted, as its period is unknown. A
    change after such a range is of the last year, based on the first. Else (:func:`statement_period`)
    the nearest period stated before the number in its clause since the previous quantity (``2022 đạt
    28%, 2023 đạt 19%``); else a period opening the sentence (``Năm 2023, chỉ số này dự báo đạt
    0,75``); else the horizon of the goal the clause lists it under (``mục tiêu đến năm 2025 A đạt X, B
    đạt Y``); else the article's reporting period.
base period (:func:`base_period`)
    ``so với năm Y`` after a change gives Y; ``so với cùng kỳ năm Y`` the same part of year Y
    (``2023-9M`` for a ``2024-9M`` value); ``so với cùng kỳ`` alone the same period a year earlier;
    ``so với năm trước`` the previous year; ``so với tháng trước`` / ``quý trước`` the month or quarter
    before a month's or a quarter's value.

The patterns are written in lower case and compiled for normalised text, with and without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from pipelines.core import period_phrases, periods
from pipelines.core.mentions import Mention
from pipelines.core.metric_match import Scopes
from pipelines.core.phrases import RESPECTIVELY_RE, compile_normalised, fast_compile, new_statement
from pipelines.core.sentences import Sentence

_PATTERNS = {
    # ``so với cùng kỳ``, also written ``so cùng kỳ``
    "base_same": r"^[^.;]*?(?<!\w)so(?:\s+với)?\s+cùng kỳ(?!\s+năm\s+\d)",
    "base_prev": r"^[^.;]*?(?<!\w)so(?:\s+với)?\s+(?:năm trước|năm ngoái|năm liền trước)",
    "base_prev_part": r"^[^.;]*?(?<!\w)so(?:\s+với)?\s+(tháng|quý)\s+(?:trước|liền trước)(?!\w)",
    "base_cue": r"(?:(?<!\w)so(?:\s+với)?\s+(?P<same>(?:cùng\s+)?kỳ\s+)?(?:(?:thời điểm\s+)?cuối\s+)?"
                r"|(?<!\w)gấp\s+[\d.,]+\s+lần\s+(?:so với\s+|của\s+)?|(?<!\w)gấp\s+(?:đôi|ba|bốn|rưỡi)\s+)"
                r"(?:năm\s+|quý\s+|tháng\s+)?$",  # ``gấp 2,4 lần năm 2024``: the period compared with
    # ``So với 9 tháng đầu năm 2023, doanh thu ... tăng 38%``: a base opening the sentence
    "base_opening": r"[^\w]*(?:\w+[\s,]+){0,2}?so với\s+(?:cùng kỳ\s+)?$",
    # ``so với năm 2023 (0,7326)``, ``so với kỳ năm 2023 (khoảng 8.600 sự cố)``, ``So với năm 2018 là 110 triệu``
    "bracket_open": r"\s*(?:\(\s*(?:(?:khoảng|gần|hơn|trên|ước|đạt|là)\s+)?"
                    r"|(?:là|đạt|ở mức)\s+(?:(?:khoảng|gần|hơn|trên)\s+)?)",
    "range_start": r"(?:^|[^\w])từ\s+(?:năm\s+)?$",
    "range_mid": r"^\s*(?:đến|tới|-|–)\s*(?:năm\s+)?$",
    "named_period": r"(?:định hướng|tầm nhìn)(?:\s+đến)?\s+(?:năm\s+)?$",
    "of_plan": r"\s+(?:so\s+với\s+)?(?:kế hoạch|chỉ tiêu|mục tiêu)(?:\s+(?:cả|của))?\s+",
    # words that may stand before a period opening its sentence: ``Năm 2023, ...``, ``Báo cáo dự báo đến năm
    # 2030, ...``, ``Kế hoạch trong năm 2026, ...``, ``Tổng hợp các nguồn, chuyên gia ước tính năm 2025 ...``
    "opening": r"^[^\w]*(?:theo [^,;.]{1,60},\s*|[^,;.\d]{1,80},\s*)?"
               r"(?:(?:[^\s\d,;.]+\s+){0,3}(?:kế hoạch|dự kiến|dự báo|mục tiêu|phấn đấu|chỉ tiêu|ước tính)\s+)?"
               r"(?:(?:trong|đến|hết|tính|riêng|qua|sau|cuối|đầu|năm|vào)\s+)*$",
    # ``lũy kế 8 tháng``, ``tính chung 5 tháng``: the months of the year so far
    "cumulative": r"(?<!\w)(?:lũy kế|tính chung|cộng dồn)(?:\s+(?:từ đầu năm|trong))?\s+$",
    # ``sau 6 tháng triển khai``, ``trong vòng 6 tháng qua``: a bare count of months is a duration, no part of
    # the year
    "duration_before": r"(?<!\w)(?:sau|trong vòng|hơn|gần|khoảng|mất|chỉ|chỉ sau|qua|suốt)\s+$",
    "duration_after": r"\s+(?:triển khai|hoạt động|thực hiện|vận hành|ra mắt|áp dụng|thí điểm|qua|tới|gần đây"
                      r"|liên tiếp)(?!\w)",
    # a share's period after the name of its whole (``3,9% GDP năm 2020``, ``4,8% của GDP năm 2020``, ``6% tổng
    # doanh thu bán lẻ hàng hóa cả nước năm 2024``)
    "share_tail_gap": r"(?:\s+của)?"
                      r"(?:\s+(?!(?:so|với|đến|tới|từ|lên|xuống|và|hoặc|là|đạt|tăng|giảm|trong|vào|của|cho)(?!\w))"
                      r"(?!\d)\w+){1,10}\s+",
    # ``riêng trong tháng 9/2022``: the month alone, not the months to its end
    "in_month": r"(?<!\w)(?:trong|riêng|của)\s+$",
    "month_named": r"(?<!\w)tháng\s+(?:đầu|cuối|thứ|này|qua|trước)(?!\w)[^()]*\(\s*$",
    "deadline": r"(?:\(|(?<!\w)(?:trước|chậm nhất|muộn nhất|hạn chót|thời hạn))\s*(?:ngày\s+)?$",
}
_RX = compile_normalised(_PATTERNS)
_LABEL_COLON_RE = fast_compile(r"\s*:\s*\d")


class ArticlePeriod(Protocol):
    """What attribution reads of an article: its normalised text and its reporting period."""

    text: str
    norm: str
    folded: bool
    period_id: str | None
    period: periods.Period | None


@dataclass(frozen=True)
class PeriodRef:
    """A period mention of a sentence and the role the words before it give it."""

    mention: Mention
    is_base: bool
    is_named: bool
    starts_range: bool
    same_period_of: bool = False
    period_id: str = ""


def months_of_reporting_year(art: ArticlePeriod, p: Mention) -> str | None:
    """``6 tháng``, ``9 tháng``, ``6 tháng đầu năm``, ``quý 1`` without a year: that part of the reporting year
    (not a duration: ``sau 6 tháng triển khai``)."""
    if art.period is None:
        return None
    phrase = art.norm[p.start_char:p.end_char]
    if len(phrase.split()) == 2 and (_RX[art.folded]["duration_before"].search(art.norm, max(0, p.start_char - 12),
                                                                              p.start_char)
                                     or _RX[art.folded]["duration_after"].match(art.norm, p.end_char)):
        return None
    found = period_phrases.months_in_year(phrase, art.period.end_date.year) \
        or period_phrases.quarter_of_reporting_year(phrase, art.period.end_date)
    if found is None and _RX[art.folded]["cumulative"].search(art.norm, max(0, p.start_char - 24), p.start_char):
        found = period_phrases.months_so_far(phrase, art.period.end_date)  # ``lũy kế 8 tháng``
    return found.period_id if found else None


def date_period(art: ArticlePeriod, p: Mention) -> str | None:
    """The period a date closes: ``tháng 9/2022`` → ``2022-09``, ``31/12/2024`` → ``2024``, the last day
    of a month → that month, ``tháng 9`` → September of the reporting year (when not after the reporting
    period); the reporting period when the date is its end (``tính đến hết tháng 9``), unless ``trong``,
    ``riêng`` or ``của`` stands before it (``riêng tháng 9``: the month alone).
    A deadline (``trước ngày 31/12/2024``, ``(tháng 12/2024)``) gives no period; a bracketed label does
    (``(Tháng 4/2023: 263.299 tỷ đồng)``)."""
    if _RX[art.folded]["deadline"].search(art.norm[max(0, p.start_char - 20):p.start_char]) \
            and not _LABEL_COLON_RE.match(art.norm, p.end_char) \
            and not _RX[art.folded]["month_named"].search(art.norm, max(0, p.start_char - 40), p.start_char):
        return None  # (but ``(Tháng 4/2023: 263.299 tỷ đồng)`` labels the value after it, ``trong tháng đầu
        # triển khai (tháng 4/2025)`` says which month a month named before is)
    phrase = art.norm[p.start_char:p.end_char]
    found = period_phrases.period_closed_by(phrase)
    if found is None and art.period is not None:
        found = period_phrases.month_of_reporting_year(phrase, art.period.end_date)
    if found is None:
        return None
    if phrase.startswith(("tháng", "thang")) \
            and _RX[art.folded]["in_month"].search(art.norm, max(0, p.start_char - 12), p.start_char):
        return found.period_id
    return art.period_id if art.period and found.end_date == art.period.end_date else found.period_id


def period_refs(art: ArticlePeriod, mentions: list[Mention]) -> list[PeriodRef]:
    """The period and date mentions of a sentence that name a period, with their roles."""
    rx = _RX[art.folded]
    refs = []
    for p in mentions:
        period_id = (date_period(art, p) if p.mention_type == "date"
                     else p.period_id or months_of_reporting_year(art, p))
        if not period_id:
            continue
        left = art.norm[max(0, p.start_char - 30):p.start_char]
        base = rx["base_cue"].search(left)
        spans_months = p.raw[:5].lower() == "tháng" and ("-" in p.raw or "–" in p.raw)  # tháng 1-8/2024
        refs.append(PeriodRef(p, is_base=bool(base), is_named=bool(rx["named_period"].search(left)),
                              starts_range=bool(rx["range_start"].search(left)) and not spans_months,
                              same_period_of=bool(base and base.group("same")), period_id=period_id))
    return refs


def clause_range(art: ArticlePeriod, refs: list[PeriodRef], a: int, b: int) -> tuple[str, str, int] | None:
    """(first, last, end offset) of a ``từ Y1 đến Y2`` or ``giai đoạn Y1-Y2`` range in ``[a, b)``."""
    inside = [r for r in refs if a <= r.mention.start_char < b and not r.is_base]
    for i, r in enumerate(inside):
        if r.starts_range and i + 1 < len(inside):
            nxt = inside[i + 1]
            if _RX[art.folded]["range_mid"].search(art.norm[r.mention.end_char:nxt.mention.start_char]):
                return r.period_id, nxt.period_id, nxt.mention.end_char
        if periods.parse_id(r.period_id).granularity == "span":
            first, last = r.period_id.split("-")
            return first, last, r.mention.end_char
    return None


_PART_INITIAL = {"month": "t", "quarter": "q"}  # tháng, quý (however their tone marks are written)


def _part_before(p: periods.Period) -> str:
    """The month or quarter before ``p`` (``so với tháng trước``, ``so với quý trước``)."""
    y, m = p.start_date.year, p.start_date.month
    if p.granularity == "month":
        return periods.month(y - (m == 1), 12 if m == 1 else m - 1).period_id
    q = (m - 1) // 3 + 1
    return periods.quarter(y - (q == 1), 4 if q == 1 else q - 1).period_id


def shift_year(p: periods.Period, years: int = 1) -> str:
    """The same period ``years`` years earlier (``2024-H1`` → ``2023-H1``)."""
    head, _, rest = p.period_id.partition("-")
    if p.granularity == "span":
        return periods.span(int(head) - years, int(rest) - years).period_id
    return f"{int(head) - years}-{rest}" if rest else str(int(head) - years)


def base_period(art: ArticlePeriod, scopes: Scopes, refs: list[PeriodRef], period_id: str | None) -> str | None:
    """The period a change is measured from, as its tail says (``so với năm 2022``, ``so với cùng kỳ``), or
    a base opening its sentence (``So với năm 2023, ...``)."""
    period = periods.parse_id(period_id) if period_id else None
    for r in refs:
        if r.is_base and scopes.end <= r.mention.start_char < scopes.tail_end:
            base = periods.parse_id(r.period_id)
            if period is None:
                return r.period_id
            if r.same_period_of and base.granularity == "year" and period.granularity != "year":
                return shift_year(period, period.end_date.year - base.end_date.year)
            return r.period_id
    tail = art.norm[scopes.end:scopes.tail_end]
    if period is None:
        return None
    rx = _RX[art.folded]
    if rx["base_same"].search(tail):
        return shift_year(period)
    if rx["base_prev"].search(tail):
        return periods.year(period.end_date.year - 1).period_id
    if (before := rx["base_prev_part"].search(tail)) and period.granularity in ("month", "quarter"):
        return _part_before(period) if before.group(1)[0] == _PART_INITIAL[period.granularity] else None
    opening = opening_base(art, scopes.sentence[0], refs)
    return opening if opening is not None and refs[0].mention.end_char <= scopes.start else None


def opening_base(art: ArticlePeriod, sentence_start: int, refs: list[PeriodRef]) -> str | None:
    """The base period a sentence opens with (``So với 9 tháng đầu năm 2023, ...``), when it does."""
    first = refs[0] if refs else None
    if first is not None and first.is_base and first.period_id \
            and _RX[art.folded]["base_opening"].match(art.norm[sentence_start:first.mention.start_char]):
        return first.period_id
    return None


def period_in_lead(art: ArticlePeriod, scopes: Scopes, refs: list[PeriodRef]) -> bool:
    """Does a period other than a base, and not the tail of the number before, stand in the lead?"""
    return any(scopes.lead_start <= r.mention.start_char and r.mention.end_char <= scopes.start
               and not r.is_base and not _tail_of_previous(art, scopes, r) for r in refs)


_TAIL_GAP_RE = fast_compile(r"[\s(]*(?:(?:vào|trong|của|cho|tính|cả|vao|cua|tinh|ca)\s+)?(?:(?:năm|nam)\s+)?$")
TAIL_CHARS = 24
# ... or after the counted noun, by ``vào``/``trong``/``của`` (``phủ sóng 60% dân số vào năm 2026``, ``6.500
# trạm của năm 2024``)
_TAIL_NOUN_GAP_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,4}\s+(?:vào|trong|của|vao|cua)\s+(?:(?:năm|nam)\s+)?")
TAIL_NOUN_CHARS = 48
# (only ``của`` ties a period to the number before it rather than to the next one: ``lực lượng lao động từ 15
# tuổi trở lên trong quý I năm 2022 là 51,2 triệu người``)
_OWN_NOUN_GAP_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,4}\s+(?:của|cua)\s+(?:(?:năm|nam)\s+)?")
# ... or right after the counted noun (``từ 58.000 doanh nghiệp năm 2020 lên 80.000 doanh nghiệp năm 2025``),
# unless a preposition stands before it or it is a base or a start (``năm 2018 đến nay``)
_BARE_NOUN_GAP_RE = fast_compile(r"(?:\s+(?!(?:từ|tu|đến|den|tới|toi|trong|sau|trước|truoc|và|va|hoặc|hoac|còn)(?!\w))"
                               r"[^\W\d_]+){1,4}\s+")  # (``đạt X và năm 2025 lên Y``: the next item's year)
_NOT_OWN_YEAR_RE = fast_compile(r"\s*(?:so với|trở đi|đến nay|tới nay|so voi|tro di|den nay|toi nay)(?!\w)")
# ... or after a passive verb that tells of the noun (``4.000 tên miền lừa đảo được ghi nhận trong năm 2024``,
# ``59% tổ chức bị ảnh hưởng trong năm 2024``)
_TAIL_PASSIVE_GAP_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,8}?\s+(?:được|duoc|bị|bi)(?:\s+[^\W\d_]+){1,3}"
                                  r"\s+(?:vào|trong|vao)\s+(?:(?:năm|nam)\s+)?")
TAIL_PASSIVE_CHARS = 90
# ``87% (năm 2023 là 77%)``: the bracket opens another period's value
_VALUE_NEXT_RE = fast_compile(r"\s*(?:là|đạt|la|dat|:|ở mức|o muc)?\s*\d")


TAIL_SHARE_CHARS = 60


def tail_period(art: ArticlePeriod, scopes: Scopes, refs: list[PeriodRef], share: bool = False) -> str | None:
    """A period written right after the number (``44,8% năm 2023``, ``đạt 1,5 tỷ USD vào năm 2030``), after
    its counted noun (``60% dân số vào năm 2026``) or, for a ``share``, after the name of its whole (``3,9%
    GDP năm 2020``): that is the value's period, before any period of its lead."""
    for r in refs:
        start = r.mention.start_char
        if r.is_base or r.is_named or not r.period_id or start < scopes.end:
            continue
        if start > min(scopes.end + TAIL_PASSIVE_CHARS, scopes.tail_end) \
                or share and _RX[art.folded]["of_plan"].fullmatch(art.norm, scopes.end, start):
            return None  # ``đạt 43% kế hoạch năm 2023``: the plan's year, not the period of the share reached
        told = _is_tail(art, scopes.end, r) or share and start <= scopes.end + TAIL_SHARE_CHARS \
            and art.norm.startswith(("năm", "nam"), start) \
            and bool(_RX[art.folded]["share_tail_gap"].fullmatch(art.norm, scopes.end, start))
        return r.period_id if told else None
    return None


def _is_tail(art: ArticlePeriod, end: int, r: PeriodRef, noun_gap: re.Pattern[str] = _TAIL_NOUN_GAP_RE) -> bool:
    """Is ``r`` written as the period of the number ending at ``end``, right after it or its noun?"""
    gap = art.norm[end:r.mention.start_char]
    if "(" in gap and _VALUE_NEXT_RE.match(art.norm, r.mention.end_char):
        return False
    return bool(r.mention.start_char <= end + TAIL_CHARS and _TAIL_GAP_RE.fullmatch(gap)
                or r.mention.start_char <= end + TAIL_NOUN_CHARS and noun_gap.fullmatch(gap)
                or _TAIL_PASSIVE_GAP_RE.fullmatch(gap)
                or not r.starts_range and r.mention.start_char <= end + TAIL_NOUN_CHARS
                and _BARE_NOUN_GAP_RE.fullmatch(gap)
                and art.norm.startswith(("năm", "nam"), r.mention.start_char)
                and not _NOT_OWN_YEAR_RE.match(art.norm, r.mention.end_char))


def _tail_of_previous(art: ArticlePeriod, scopes: Scopes, r: PeriodRef) -> bool:
    """Is ``r`` the tail period of the number the lead starts after (``6.500 trạm của năm 2024 nâng tổng số
    lên 30.000``: 2024 is the 6.500's)?"""
    return scopes.lead_start > scopes.clause[0] and _is_tail(art, scopes.lead_start, r, _OWN_NOUN_GAP_RE)


def respective_periods(art: ArticlePeriod, clause: tuple[int, int], refs: list[PeriodRef],
                       starts: list[int]) -> dict[int, str]:
    """Periods listed before ``lần lượt`` matched in order to the numbers after it: ``Tỷ trọng ... các năm
    2021, 2022 và 2023 lần lượt là 12,9%, 13,1% và 13,4%``, or the years of a range (``từ 2020 - 2023 lần
    lượt là ...``); one period before it is every value's (``trong năm 2024 lần lượt là A, B và C``). Keys
    are the numbers' start offsets; empty unless the counts agree."""
    cue = RESPECTIVELY_RE.search(art.norm, clause[0], clause[1])
    if cue is None:
        return {}
    before = [r for r in refs if clause[0] <= r.mention.start_char < cue.start() and r.period_id
              and not (r.is_base or r.is_named)]
    after = [s for s in starts if s >= cue.end()]
    listed = [r.period_id for r in before if not r.starts_range]
    if len(listed) == 1 and len(before) == 1 and len(after) > 1 \
            and periods.parse_id(listed[0]).granularity != "span":  # ``trong năm 2024 lần lượt là A, B và C``
        return dict.fromkeys(after, listed[0])
    if len(listed) < 2:
        listed = _years_of_range(art, before)
    if len(listed) < 2 or len(listed) != len(after):
        return {}
    return dict(zip(after, listed, strict=True))


def _years_of_range(art: ArticlePeriod, refs: list[PeriodRef]) -> list[str]:
    """The years of a range listed before ``lần lượt`` (``các năm 2020 - 2024``, ``từ 2020 đến 2024``), one
    for each value after it."""
    if len(refs) == 1 and periods.parse_id(refs[0].period_id).granularity == "span":
        first, last = (int(y) for y in refs[0].period_id.split("-"))
    elif len(refs) == 2 and refs[0].starts_range and _RX[art.folded]["range_mid"].search(
            art.norm[refs[0].mention.end_char:refs[1].mention.start_char]) \
            and all(periods.parse_id(r.period_id).granularity == "year" for r in refs):
        first, last = int(refs[0].period_id), int(refs[1].period_id)
    else:
        return []
    return [periods.year(y).period_id for y in range(first, last + 1)] if 0 < last - first < 30 else []




def bracketed_base(art: ArticlePeriod, scopes: Scopes, refs: list[PeriodRef]) -> str | None:
    """The period of a value in brackets right after a base period, which it is the level of: ``tăng 8,6%
    so với năm 2023 (0,7326)``."""
    for r in refs:
        if r.is_base and r.mention.end_char <= scopes.start \
                and _RX[art.folded]["bracket_open"].fullmatch(art.norm, r.mention.end_char, scopes.start):
            return r.period_id
    return None


def opening_period(art: ArticlePeriod, sentence_start: int, refs: list[PeriodRef]) -> str | None:
    """The period opening a sentence (``Tháng 10, Trung tâm ... đã ...``), which its figures are of."""
    for r in refs:
        if r.period_id and not (r.is_base or r.is_named or r.starts_range) \
                and _RX[art.folded]["opening"].match(art.norm[sentence_start:r.mention.start_char]):
            return r.period_id
    return None


def statement_period(art: ArticlePeriod, sentence: Sentence, scopes: Scopes, refs: list[PeriodRef],
                     first_target: int) -> str | None:
    """The period stated for a value: in its lead, else opening its sentence, else the horizon of the goal
    its clause lists it under (``mục tiêu đến năm 2025 A đạt X, B đạt Y``), else the reporting one."""
    usable = [r for r in refs if r.period_id and not (r.is_base or r.is_named or r.starts_range)]
    lead = [r for r in usable if scopes.lead_start <= r.mention.start_char and r.mention.end_char <= scopes.start
            and not _tail_of_previous(art, scopes, r)]
    if lead:
        return lead[-1].period_id
    for r in usable:
        if r.mention.start_char >= scopes.start:
            break
        if _RX[art.folded]["opening"].match(art.norm[sentence.start:r.mention.start_char]) \
                and new_statement(art.text, r.mention.end_char, scopes.start) < 0:
            return r.period_id
    horizon = [r for r in usable if scopes.clause[0] <= r.mention.start_char < scopes.start
               and first_target < scopes.start]
    return horizon[0].period_id if horizon else art.period_id

"""Stocks and flows: the date a level is stated as of.

A *stock* is a level at a date: a running total (``đã cấp 86 triệu thẻ``), a share as it stands
(``tỷ lệ ... đạt 87%``). A *flow* is an amount over its period (transactions in a quarter, growth in a
year). A level is a stock when a phrase in its sentence before it says so (``tính đến``, ``đến hết``,
``tới nay``, ``hiện có``, ``lũy kế`` ...), or when its catalogue metric is one (``measure`` = ``stock`` in
``catalogue/metrics.csv``). Its ``as_of_date`` is, first that applies:

- the date right after the as-of phrase (``tính đến ngày 30/6/2024``; ``đến hết tháng 8/2025`` → 31/8/2025);
- the publication date, for ``tới nay``, ``đến nay``, ``hiện nay`` and the like, or when the article was
  published before its period ended;
- the end of the level's period.

A flow has no ``as_of_date``: its period says when it happened.
"""

from __future__ import annotations

from datetime import date

from pipelines.core.metric_match import normalize
from pipelines.core.phrases import alternation, fast_compile

AS_OF_PHRASES = ("tính đến", "tính tới", "tính đến hết", "đến hết", "tới hết", "lũy kế đến", "lũy kế",
                 "đến nay", "tới nay", "cho đến nay", "từ trước đến nay", "hiện nay", "hiện có", "hiện đã",
                 "đến thời điểm này", "đến thời điểm hiện tại", "nâng tổng số", "tổng cộng")
NOW_PHRASES = ("đến nay", "tới nay", "cho đến nay", "từ trước đến nay", "hiện nay", "hiện có", "hiện đã",
               "đến thời điểm này", "đến thời điểm hiện tại")
DATED_PHRASES = ("tính đến", "tính tới", "tính đến hết", "đến hết", "tới hết", "lũy kế đến")
_AS_OF_RE = fast_compile(rf"(?<!\w)(?:{alternation(map(normalize, AS_OF_PHRASES))})(?!\w)")
_NOW_RE = fast_compile(rf"(?:{alternation(map(normalize, NOW_PHRASES))})$")
_DATED_RE = fast_compile(rf"(?<!\w)(?:{alternation(map(normalize, DATED_PHRASES))})(?:\s+(?:ngày|tháng|năm))?\s*$")
DATE_AFTER_CHARS = 12


def as_of_date(norm: str, sentence_start: int, number_start: int, dates: list[tuple[int, date]],
               is_stock: bool, period_end: date | None, published: date | None) -> date | None:
    """The as-of date of a level at ``number_start`` (see the module docstring).

    ``norm`` is the normalised text; ``dates`` the (start offset, date) of the sentence's date mentions;
    ``is_stock`` whether its catalogue metric is a stock; ``period_end`` the end of its period."""
    cue = None
    for m in _AS_OF_RE.finditer(norm, sentence_start, number_start):
        cue = m
    if cue is None and not is_stock:
        return None
    if cue is not None:
        for start, day in dates:
            if cue.end() <= start <= cue.end() + DATE_AFTER_CHARS and start < number_start \
                    and _DATED_RE.search(norm, cue.start(), start):
                return day
        if published and _NOW_RE.match(cue.group()):
            return published
    if published and (period_end is None or published < period_end):
        return published
    return period_end

"""Quantities that state no indicator, though the number grammar reads them as amounts.

:func:`is_indicator` is False for a count of the article's own event, by the counted nouns of
``catalogue/not_indicators.csv`` (``15 đại biểu``, ``4 hội thảo``), for ``họp 2 lần``, for the digits of a code
(``CMND 09 số``, ``dãy 12 số``), for the terms of a rate (``cứ 220 người thì có 1 người``), for the sample of a
survey (``khảo sát với 1.000 người``), for the make-up of a body (``đoàn công tác gồm 12 người``; a breakdown of a
count told before ``gồm`` is an indicator), for the weights of an index's parts (``gồm 3 trụ cột: Chính phủ số (400
điểm) ...``, ``tổng điểm 1.000``), for the base of a rate per hundred, thousand or ten thousand inhabitants
(``trên 100 dân``) and for the length of a document (``báo cáo dài 55 trang``). :func:`counts_the_named` is
True for a count of the units a sentence names (``A (67%), B (64%) là 2 tỉnh dẫn đầu``), :func:`ranked_among`
for the field a rank is taken in (``thứ 14 trong 63 tỉnh``), and
:func:`is_threshold` for the bound a count before it is defined by (``8 địa phương có tỷ lệ hồ sơ trực tuyến trên
50%``, ``40 doanh nghiệp đạt doanh thu từ 100 tỷ đồng trở lên``, ``25 tỉnh đã phủ sóng hơn 50% số xã``, ``5 địa
phương trên 20%``, ``13 địa phương từ 10-20%``).

Patterns are matched in the normalised text (:func:`pipelines.core.metric_match.normalize`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Protocol

from pipelines.core.catalogue import CATALOGUE_DIR
from pipelines.core.mentions import Mention
from pipelines.core.metric_match import Scopes, normalize
from pipelines.core.phrases import alternation, compile_normalised, fast_compile

NOT_INDICATORS_CSV = CATALOGUE_DIR / "not_indicators.csv"


class Quantity(Protocol):
    """What these rules read of a quantity: its mention, scopes, unit and whether it is a change."""

    mention: Mention
    scopes: Scopes
    is_change: bool

    @property
    def unit(self) -> str: ...


def _read_not_indicators(path: Path = NOT_INDICATORS_CSV) -> re.Pattern[str]:
    """The counted nouns that make a number an account of the event itself, not an indicator, unless one of
    the row's ``unless`` phrases follows within three words (``11 gian hàng trực tuyến`` is an online store)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = [(r["noun"].strip(), (r.get("unless") or "").strip()) for r in csv.DictReader(f) if r["noun"].strip()]
    plain = [n for n, unless in rows if not unless]
    guarded = [rf"{re.escape(normalize(n))}(?!\w)(?!(?:\s+[^\s,;.]+){{0,3}}?\s+"
               rf"(?:{alternation(normalize(u) for u in unless.split('|'))})(?!\w))" for n, unless in rows if unless]
    return fast_compile(rf"(?:{'|'.join([*guarded, alternation(normalize(n) for n in plain)])})(?!\w)")


_NOT_INDICATOR_RE = _read_not_indicators()
_TIMES_RE = fast_compile(r"\s(?:lần|lan)$")
# ``cứ 220 người dùng thì có 1 người bị lừa``: the two terms of a rate told as a share beside them
_ONE_IN_RE = fast_compile(r"(?<!\w)(?:cứ|cu)\s+(?:[\d.,]+\s+[^,;.]{1,60}?\s+(?:thì|thi)\s+(?:(?:có|co)\s+)?)?$")
# ``khảo sát với gần 60.000 người``: the sample of a survey
_SAMPLE_RE = fast_compile(r"(?<!\w)(?:khảo sát|khao sat)(?:\s+[^\s\d,;.]+){0,6}?\s+(?:với|trên|voi|tren)"
                        r"(?:\s+(?:gần|khoảng|hơn|trên|quy mô|gan|khoang|hon|quy mo))*\s+$")
_COMPOSITION_RE = fast_compile(r"(?<!\w)(?:gồm|bao gồm|gom|bao gom)\s*$")
# ... and the later items of the list that follows ``gồm`` (``gồm 3 trụ cột, 8 chỉ số chính và 47 chỉ số``)
_IN_COMPOSITION_RE = fast_compile(r"(?<!\w)(?:gồm|bao gồm|gom|bao gom)\s+\d[^;.:]*?(?:,|\svà|\sva)\s*$")
# ... unless a count stands before ``gồm``: ``283 cuộc tấn công (gồm 30 cuộc ..., 213 cuộc ...)`` is its breakdown
_COUNT_BEFORE_RE = fast_compile(r"(?<![\w/.,-])(?<!năm )(?<!nam )\d[\d.,]*(?:\s+(?:triệu|nghìn|tỷ|trieu|nghin|ty))?"
                              r"\s+(?!(?:năm|tháng|ngày|nam|thang|ngay)(?!\w))[^\W\d]")
# The weights of an index's parts: ``DTI gồm 3 trụ cột: Chính phủ số (400 điểm), ... với tổng điểm 1.000``.
_STRUCTURE_RE = fast_compile(r"(?<!\w)(?:gồm|bao gồm|chia thành|cấu trúc|gom|bao gom|chia thanh|cau truc)(?!\w)")
_FULL_SCORE_RE = fast_compile(r"(?<!\w)(?:tổng điểm|thang điểm|tong diem|thang diem)"
                               r"(?:\s+(?:là|tối đa|la|toi da))?\s*$")
# The 100 of ``91,9 thuê bao trên 100 dân`` (or 1.000, 10.000) is the rate's base, not a value of its own.
_HUNDRED_BASE_RE = fast_compile(r"(?:trên|/|tren)\s*$")
_INHABITANTS_RE = fast_compile(r"\s+(?:người\s+|nguoi\s+)?(?:dân|dan)(?!\w)(?!\s+(?:tộc|toc|số|so|cư|cu)(?!\w))")

# ``CMND 09 số``, ``mã 6 số``: how many digits a code has
_DIGITS_RE = fast_compile(r"\s+(?:số|so)(?=\s*(?:[,.;:)]|$))")
# ... ``dãy 12 số``, ``mã gồm 6 chữ số``, ``12 chữ số``
_DIGIT_COUNT_RE = fast_compile(r"\s+(?P<digits>chữ số|chu so)(?!\w)|\s+(?:số|so)(?!\w)")
_CODE_LEAD_RE = fast_compile(r"(?<!\w)(?:dãy|chuỗi|mã|day|chuoi|ma)(?:\s+(?:gồm|gom|có|co))?\s+$")

# ``8 địa phương có tỷ lệ ... trên 50%``: what the counted units have in common, after ``có``/``đạt`` ...
_THRESHOLD_RX = compile_normalised({
    "between": r"[^;:()]*?(?<!\w)(?:có|đạt)(?!\w)[^;:(),]*$",
    # ... or a short verb phrase, then a share of a population (``đã phủ xanh hơn 50% số xã``)
    "verb": r"(?:[^;:(),]|,\s*(?:thành phố|thành|ngành|địa phương|đơn vị|phường|thị trấn)(?!\w))+$",
    "of_all": r"\s+(?:số|tổng số)(?!\w)",
    "band_from": r"(?<!\w)từ\s+$",
    "share": r"(?<!\w)(?:chiếm|tăng|giảm|trong đó)(?!\w)",
    # ... or the counted units' noun alone, then the bound: ``5 địa phương trên 20%``, ``13 tỉnh từ 10-20%``
    "units": r"\s+(?:tỉnh|thành phố|tỉnh thành phố|tỉnh, thành phố|tỉnh, thành|địa phương|bộ, ngành|bộ|ngành"
             r"|xã|huyện|đơn vị|cơ quan|doanh nghiệp|quốc gia|nước)(?:\s+(?:cấp xã|cấp huyện|cấp tỉnh))?"
             r"(?:\s+(?:còn lại|khác))?"  # ``199 địa phương còn lại dưới 50%``
             r"(?:\s+(?:(?P<from>từ)|trên|dưới|hơn|ít nhất|tối thiểu|không quá))?\s+$",
})
_BOUNDING_QUALIFIERS = ("over", "at_least", "at_most")
# ``từ 80% trở lên`` (at least), ``từ 3 ngày trở xuống`` (at most): the number is a bound
OR_MORE_LESS_RE = fast_compile(r"\s*(?:trở lên|tro len|(?P<less>trở xuống|tro xuong))(?!\w)")


def is_indicator(norm: str, q: Quantity) -> bool:
    """Does ``q`` state an indicator (see the module docstring for the quantities that do not)?"""
    m = q.mention
    if m.unit == "count" and _TIMES_RE.search(m.raw):
        return False
    if m.unit is None and m.value == 1 and _NUMBER_ONE_RE.search(norm, max(0, m.start_char - 4), m.start_char):
        return False  # ``nhà mạng số 1``: first, no amount
    if m.unit == "count" and (_ONE_IN_RE.search(norm, max(q.scopes.clause[0], m.start_char - 80), m.start_char)
                              or _SAMPLE_RE.search(norm, max(q.scopes.clause[0], m.start_char - 60), m.start_char)):
        return False
    if m.value in (100, 1000, 10000) and _INHABITANTS_RE.match(norm, m.end_char) \
            and _HUNDRED_BASE_RE.search(norm, max(0, m.start_char - 6), m.start_char):
        return False
    if ((c := _COMPOSITION_RE.search(norm, max(q.scopes.clause[0], m.start_char - 12), m.start_char))
            or (c := _IN_COMPOSITION_RE.search(norm, q.scopes.clause[0], m.start_char))) \
            and not _COUNT_BEFORE_RE.search(norm, q.scopes.sentence[0], c.start()):
        return False
    if (m.unit == "point" and (m.value or 0) >= 10
            or _FULL_SCORE_RE.search(norm, max(0, m.start_char - 16), m.start_char)) \
            and _STRUCTURE_RE.search(norm, q.scopes.sentence[0], m.start_char):
        return False
    if m.unit == "count" and (_DIGITS_RE.match(norm, m.end_char) or (digits := _DIGIT_COUNT_RE.match(norm, m.end_char))
                              and (digits.group("digits") or _CODE_LEAD_RE.search(norm, max(0, m.start_char - 12),
                                                                                  m.start_char))):
        return False
    if m.unit == "count" and (_NORM_BOUND_RE.search(norm, max(q.scopes.clause[0], m.start_char - 24), m.start_char)
                              or _RANGE_FROM_RE.search(norm, max(0, m.start_char - 6), m.start_char)
                              and _RANGE_TO_RE.match(norm, m.end_char)) \
            and _EACH_UNIT_RE.search(norm, max(q.scopes.clause[0], m.start_char - 90), m.start_char):
        return False
    if m.unit == "count" and _AMONG_ALL_RE.search(norm, max(0, m.start_char - 16), m.start_char) \
            and _UNIT_NOUN_RE.match(norm, m.end_char):
        return False  # ``trong số 34 tỉnh, thành phố``: the field, no count told
    if m.unit == "count" and (_GROUP_BEFORE_RE.search(norm, max(0, m.start_char - 16), m.start_char)
                              or _GROUP_AFTER_RE.match(norm, m.end_char)
                              and not _MEMBERSHIP_RE.search(norm, max(0, m.start_char - 8), m.start_char)):
        return False
    if m.unit == "count" and _PAGES_RE.match(norm, m.end_char) \
            and _DOCUMENT_LEAD_RE.search(norm, max(q.scopes.clause[0], m.start_char - 60), m.start_char):
        return False  # ``Bản báo cáo dài 55 trang``: a document's length
    after = norm[m.end_char:m.end_char + 40].lstrip()
    return not _NOT_INDICATOR_RE.match(after)


_PAGES_RE = fast_compile(r"\s+trang(?!\w)(?!\s+(?:web|thông tin|mạng|điện tử|tin|thong tin|mang|dien tu)(?!\w))")
_DOCUMENT_LEAD_RE = fast_compile(r"(?<!\w)(?:báo cáo|tài liệu|sách|ấn phẩm|văn bản|luận văn|bao cao|tai lieu|sach"
                                 r"|an pham|van ban|luan van)(?!\w)[^.;:]*?(?<!\w)(?:dài|dày|gồm|có|với|dai|day|gom|co"
                                 r"|voi)\s+$")


_AMONG_ALL_RE = fast_compile(r"(?<!\w)(?:trong số|trong tổng số|trong so|trong tong so)\s+$")
_NUMBER_ONE_RE = fast_compile(r"(?<!\w)(?:số|so)\s+$")
# A rule for each unit: ``mỗi xã thành lập 1 tổ với tối đa 10 thành viên``, ``mỗi thôn từ 2-5 người``
_EACH_UNIT_RE = fast_compile(r"(?<!\w)(?:mỗi|moi)\s+(?:xã|phường|thôn|bản|tổ|huyện|tỉnh|đơn vị|cơ quan|trường|hộ"
                           r"|doanh nghiệp|xa|phuong|thon|ban|to|huyen|tinh|don vi|co quan|truong|ho|doanh nghiep)"
                           r"(?!\w)")
_NORM_BOUND_RE = fast_compile(r"(?<!\w)(?:(?:tối đa|không quá|ít nhất|tối thiểu|toi da|khong qua|it nhat|toi thieu)"
                            r"|(?:từ|tu)\s+\d+\s*[-–])\s*$")
_RANGE_FROM_RE = fast_compile(r"(?<!\w)(?:từ|tu)\s*$")
_RANGE_TO_RE = fast_compile(r"\s*[-–]\s*\d")
# A group of places named by its size (``dẫn đầu 63 tỉnh``: the field led; ``5 tỉnh dẫn đầu về ... đều có``),
# but not a place's membership of a leading group (``nằm trong nhóm 30 nước dẫn đầu`` is a rank)
_GROUP_BEFORE_RE = fast_compile(r"(?<!\w)(?:dẫn đầu|đứng đầu|dan dau|dung dau)\s+$")
_MEMBERSHIP_RE = fast_compile(r"(?<!\w)(?:nhóm|top|tốp|nhom)\s+$")
_GROUP_AFTER_RE = fast_compile(r"\s+(?:tỉnh|thành phố|địa phương|bộ|quốc gia|nước"
                               r"|tinh|thanh pho|dia phuong|bo|quoc gia)"
                             r"(?:,?\s+(?:thành phố|thành|ngành|thanh pho|thanh|nganh))?"
                             r"\s+(?:dẫn đầu|đứng đầu|dan dau|dung dau)(?!\w)")


# ``Đà Nẵng (67%), Hòa Bình (86,5%) ... là 5 tỉnh dẫn đầu``: a count of the units just named
_UNIT_NOUN_RE = fast_compile(r"\s+(?:tỉnh|thành phố|địa phương|bộ|ngành|quốc gia|nước"
                           r"|tinh|thanh pho|dia phuong|bo)(?!\w)")
# ... and ``tại Hà Nội và Huế, ... của 2 địa phương``: the units named, told again as their count
_NAMED_COUNT_LEAD_RE = fast_compile(r"(?<!\w)(?:là|la|của|cua|tại|tai|ở|o|cả|ca)\s+$")
# ``xã hội số ở vị trí thứ 14 trong 63 tỉnh``: the field a rank is taken in
_AMONG_RE = fast_compile(r"\s+(?:trong|trên|tren)\s+(?:(?:tổng số|tong so|số|so)\s+)?")


def counts_the_named(norm: str, q: Quantity, units_named_before: int) -> bool:
    """Is ``q`` (``là 5 tỉnh``, ``của 2 địa phương``) the count of the ``units_named_before`` it in its sentence?"""
    m = q.mention
    return (q.unit == "count" and bool(m.value) and m.value >= 2 and m.value == int(m.value)
            and m.value == units_named_before
            and bool(_NAMED_COUNT_LEAD_RE.search(norm, max(0, m.start_char - 6), m.start_char))
            and bool(_UNIT_NOUN_RE.match(norm, m.end_char)))


def ranked_among(norm: str, prev: Quantity | None, q: Quantity) -> bool:
    """Is ``q`` the field the rank ``prev`` before it is taken in (``thứ 14 trong 63 tỉnh``)?"""
    return prev is not None and prev.unit == "rank" and q.unit == "count" \
        and bool(_AMONG_RE.fullmatch(norm, prev.mention.end_char, q.mention.start_char))


def is_threshold(norm: str, folded: bool, prev: Quantity | None, q: Quantity, qualifier: str) -> bool:
    """Is ``q`` (whose qualifier is ``qualifier``) the bound the count ``prev`` before it is defined by?"""
    if prev is None or prev.mention.unit != "count" or q.unit == "count" or prev.is_change or q.is_change \
            or (prev.mention.scale or 1) != 1:
        return False  # a count of units is written without a scale word (``8 địa phương``, not ``337 triệu``)
    a, b = prev.mention.end_char, q.mention.start_char
    rx = _THRESHOLD_RX[folded]
    units = rx["units"].fullmatch(norm, a, b) if q.unit == "percent" else None
    if units is not None and units.group("from") or q.unit == "percent" and rx["band_from"].search(norm, a, b) \
            and rx["between"].match(norm, a, b) and not rx["share"].search(norm, a, b):
        return True  # the lower end of a band the counted units fall in (``13 địa phương có tỷ trọng từ 10-20%``)
    if b - a > 90 or rx["share"].search(norm, a, b) or not (
            units is not None or rx["between"].match(norm, a, b)
            or q.unit == "percent" and b - a <= 50 and rx["verb"].match(norm, a, b)
            and rx["of_all"].match(norm, q.mention.end_char)):
        return False
    return qualifier in _BOUNDING_QUALIFIERS or bool(OR_MORE_LESS_RE.match(norm, q.mention.end_char))

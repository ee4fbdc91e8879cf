"""Every number in an article, with its span, its value and what kind of number it is.

A *mention* quotes the number as written (``text[start_char:end_char] == raw``), with its scale word,
percent sign, currency or compound unit (``2,8 triệu``, ``80,2%``, ``7,5 tỷ USD``,
``15 triệu USD/1ha/1 năm``), or with the words that make it a date or a period (``tháng 4/2024``,
``Quý I/2024``, ``6 tháng đầu năm 2024``). Numbers glued to letters are parts of names, not mentions
(``4G``, ``IPv6``, ``COVID-19``, ``QH15``).

``mention_type`` is one of:

``page_furniture``
    counters of the web page, looked for in short lines only: ``Đang online: 1``-style lines, the view
    and comment counts after a timestamp (``08:47 973 0``), ``Tổng số điểm của bài viết là: 0 trong 0
    đánh giá``, ``Thời gian chờ: 60 giây``, ``Lượt xem: 350``.
``legal_ref``
    document numbers: ``06/QĐ-TTg``, ``194/2025/NĐ-CP``, ``20/2023/QH15``, and a bare number right
    after a document word (``Đề án 06``, ``Nghị quyết 57``).
``date``
    ``28/12/2023``, ``2023-10``, ``ngày 28/12``, ``Ngày 10-10``, ``(10-10)``, ``tháng 4/2024``,
    ``tháng 12``, and ``d/m`` when a date word precedes it or no noun follows it (``trước 20/7``).
``time``
    clock times (``08:47``) and durations of days or less (``24 tiếng``, ``60 giây``, ``7 ngày``), unless
    a measure of time stands before the duration (``thời gian xử lý giảm xuống 5 ngày``: a ``quantity``
    in unit ``day``).
``period``
    ``Quý I/2024``, ``6 tháng đầu năm 2024``, ``năm 2023``, ``giai đoạn 2022-2023``, durations of
    months or years (``2 năm liên tiếp``), and bare years 1900-2100 unless a counted noun follows
    (``2022 đạt 28%``). A period mention carries ``period_id`` when the text says which period it is.
``ordinal``
    ``thứ 3``, ``kỳ họp thứ 7``, ``Thứ hai``, list markers ``(1)``, ``(iii)``, ``1.`` at a line start,
    and ``Một là``, ``Hai là``, a level or a rating in a name (``mức định danh 2``, ``sản phẩm OCOP 4
    sao``); but a place in a ranking, after a ranking verb (``xếp thứ 71/193``,
    ``giữ vị trí thứ hai``), is a ``quantity`` in unit ``rank`` (71, denominator 193), as is a number of
    places gained or lost (``tăng 15 bậc``).
``list_count``
    the number of items of a slogan or a list, not an indicator: a whole number up to 20 followed by a
    list noun (``3 tăng cường``, ``5 đẩy mạnh``, ``6 nhiệm vụ trọng tâm``, ``04 trụ cột``,
    ``ba đột phá``, ``bốn quan điểm``) or, within four words, by ``:``/``gồm`` (``3 Chiến lược:``),
    one after ``một trong`` (``một trong 5 mục tiêu``) or ``cả`` (``cả hai kênh``, ``cả 3 trụ cột``),
    or a leading-zero count that introduces an enumeration (``03 ứng dụng ... là ...``), or a count of the
    names listed right after its noun (``5 sàn (Shopee, Lazada, TikTok Shop, Tiki và Sendo)``); and a
    count inside the name of a measure told with its value (``doanh thu trên 5 sàn lớn nhất đạt ...``) or
    the age bound of a population (``dân số từ 15 tuổi trở lên``).
``quantity``
    everything else: a stated amount. ``unit`` is ``percent``, ``percentage_point``
    (``3 điểm phần trăm``), ``point`` (``0,72 điểm``), ``usd``, ``vnd`` (``usd_per_ha_year`` and the
    like for compound units), ``ratio`` (``gấp 3,5 lần``), ``count`` (a noun follows, or ``X/Y``,
    whose ``denominator`` is Y), or None for a bare number (``từ 0,48 lên 0,71``).

In a text written without diacritics the unit words are read without them too (``2,8 trieu``,
``gap 3 lan``, ``5 nam``). Number words are mentions only in lower case with a noun after them
(``bốn quan điểm``); ``năm`` (also "year") only before a list noun or a counted noun, and ``một``
(also "a", as in ``một số``) only in ``Một là``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from operator import attrgetter

from pipelines.core import numbers, period_phrases, periods
from pipelines.core.metric_match import is_unaccented
from pipelines.core.phrases import BRACKETED_RE, alternation, fast_compile, trie
from pipelines.core.subjects import MEASURE_HEADS

MENTION_TYPES = ("quantity", "date", "period", "time", "legal_ref", "ordinal", "list_count", "page_furniture")

LIST_NOUNS = (
    "tăng cường", "đẩy mạnh", "đột phá", "khâu đột phá", "trụ cột", "quan điểm", "nhiệm vụ trọng tâm",
    "nhiệm vụ chủ yếu", "nhiệm vụ, giải pháp", "giải pháp trọng tâm", "nhóm giải pháp", "nhóm nhiệm vụ",
    "ưu tiên", "nguyên tắc", "chữ", "không", "mũi nhọn", "định hướng", "trọng tâm", "thông điệp",
    "bài học", "điểm nhấn", "lĩnh vực trên", "nội dung", "phương châm", "mục tiêu tổng quát",
    "chương trình trọng điểm", "chiến lược", "cam kết", "tiêu chí", "yêu cầu",
)
COUNTED_NOUNS = (
    "doanh nghiệp", "người", "hộ", "hồ sơ", "thủ tục", "dịch vụ", "xã", "tỉnh", "huyện", "bộ", "cơ quan",
    "đơn vị", "hệ thống", "tài khoản", "thuê bao", "lượt", "giao dịch", "trường", "cơ sở", "văn bản",
    "học sinh", "sinh viên", "cán bộ", "địa phương", "ứng dụng", "nền tảng", "trạm", "thiết bị", "km",
    "nhiệm vụ", "mục tiêu", "dự án", "sản phẩm", "quy định", "chỉ tiêu", "tổ", "thành viên", "lao động",
    "nhân khẩu", "trẻ em", "bệnh viện", "chữ ký", "racks", "rack", "tỷ", "triệu", "nghìn", "ngàn",
)
# Words after which ``d/m`` is a date, and words after which a number has no noun of its own.
_DATE_WORDS = ("ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "trước", "sau", "từ", "đến", "tới",
               "hạn", "đầu", "cuối", "giữa", "thứ", "chủ nhật")
_FUNCTION_WORDS = ("lên|xuống|đến|tới|và|so|trong|là|với|của|hoặc|thì|mà|còn|nhưng|hay|trở|vào|ở|tại|do|vì|về|"
                   "nên|để|từ|theo|trên|dưới|đã|được|bị|sẽ|đều|nữa|ấy|này|kia|đó|cũng")

_ORDINAL_WORDS = {"nhất": 1, **period_phrases.WORD_NUMBERS}
_CURRENCIES = {"usd": "usd", "us$": "usd", "đô la": "usd", "đô la mỹ": "usd", "vnđ": "vnd", "vnd": "vnd",
               "đồng": "vnd", "dong": "vnd", "đ": "vnd", "euro": "eur", "eur": "eur"}
# The other spellings of a bit rate: ``104 Mbit/s``, ``1 Gb/s``, ``45 Mbit/giây``
_BIT_RATES = {f"{p}{b}/{s}": f"{p}bps" for p in "mgt" for b in ("bit", "b") for s in ("s", "giây")}
_PER_UNITS = {"ha": "ha", "năm": "year", "tháng": "month", "ngày": "day", "người": "person",
              "hộ": "household", "km2": "km2", "m2": "m2", "giờ": "hour", "km": "km",
              "thuê bao": "subscriber", "nam": "year", "thang": "month", "ngay": "day", "nguoi": "person",
              "ho": "household", "gio": "hour", "thue bao": "subscriber"}
_TIME_UNITS = {"giờ": "hour", "tiếng": "hour", "phút": "minute", "giây": "second", "ngày": "day",
               "gio": "hour", "tieng": "hour", "phut": "minute", "giay": "second", "ngay": "day"}
# A duration that is the value of a measure of time: ``thời gian xử lý hồ sơ giảm từ 15 ngày xuống 5 ngày``.
_TIME_MEASURE_RE = fast_compile(r"(?i:thời\s+gian|thoi\s+gian)(?:[^.;:!?\n]|\.\d){0,70}$")
# ... or how long a service takes: ``mỗi hồ sơ được giải quyết trong 2,5 ngày``, ``cấp phép chỉ mất 3 ngày``
_TAKES_RE = fast_compile(r"(?<!\w)(?i:giải\s+quyết|xử\s+lý|cấp|trả\s+kết\s+quả|thẩm\s+định|phê\s+duyệt)"
                       r"(?:\s+[^\W\d_]+){0,5}?\s+(?:trong\s+vòng|chỉ\s+trong|trong|chỉ\s+mất|mất|còn|xuống\s+còn)"
                       r"(?:\s+(?:khoảng|chưa\s+đến|dưới|tối\s+đa))?\s+$")
# ... or what something takes: ``đăng ký chỉ mất 5-8 giây``
_TAKES_ALONE_RE = fast_compile(r"(?<!\w)(?i:mất|tốn|mat|ton)(?:\s+(?i:khoảng|chưa\s+đến|dưới|tối\s+đa|từ|khoang|duoi))?"
                             r"\s+(?:\d+(?:[.,]\d+)?\s*[-–]\s*)?$")
_DURATION_UNITS = ("tuần", "tháng", "quý", "năm", "thập kỷ", "thập niên", "tuan", "thang", "nam")

_Y4 = r"(?:19|20)\d{2}"
_Y = _Y4 + r"(?!\d)"
_DAY_PARTS = "|".join(w.replace(" ", r"\s+") for w in period_phrases.DAY_PART_WORDS)
_NOT_CURRENCY_DONG_UNACCENTED = ("bo|thoi|y|hanh|nghiep|chi|bao|deu|loat|tinh|thuan|long|ho|phuc|minh|nhat|"
                                 "thai|bang|dang|dieu|cam|tam|huong|mon|sang|tac|nai|ruong|co|lap|doi")
_NOT_CURRENCY_DONG = ("bộ|thời|ý|hành|nghiệp|chí|bào|đều|loạt|tình|thuận|lòng|hồ|phục|minh|nhất|thái|bằng|"
                      "dạng|điệu|cảm|tâm|hương|môn|sáng|tác")
# What may follow ``điểm`` as a score (``đạt 0,72 điểm, tăng ...``, ``90 điểm trở lên``): a function word; a
# noun after it makes ``điểm`` a counted place (``225 điểm phục vụ``, ``34 điểm cầu``, ``1.600 điểm thu sóng``).
_AFTER_SCORE = ("và|hoặc|hay|so|tăng|giảm|trên|dưới|trong|của|cho|với|là|đạt|xếp|đứng|thuộc|năm|quý|tháng|trở|"
                "đối|tuyệt|cao|thấp|nhưng|còn|thì|khi|vào|từ|tới|lên|xuống|ở|tại|sau|trước|theo|được|nên|do|vì|"
                "chiếm|tương|tức|bình|trung|mỗi|về|nhờ|đã|sẽ|đều|cũng|vẫn|vượt|hơn|kém|gần|khoảng|số")
_UNIT = (r"\s+điểm\s+phần\s+trăm(?!\w)|\s+điểm\s*%|\s*%|\s+phần\s+trăm(?!\w)|\s?(?:USD|US\$)(?!\w)"
         rf"|\s+(?:đô\s+la(?:\s+Mỹ)?|VNĐ|VND|euro|EUR|đồng(?!\s+(?:{_NOT_CURRENCY_DONG})(?!\w)))(?!\w)"
         rf"|đ(?!\w)|\s+điểm(?!\w)(?=[ \t]*(?:[^\w\s]|\n|\Z|\d|(?:{_AFTER_SCORE})(?!\w)))"
         r"|\s*(?:[MGT]bit/s|[MGT]b/s|[MGT]bit/giây|MW|GW|kW|MWh|GWh|TWh|kWh|Gbps|Mbps|Tbps|TB|PB|GB|MB)(?!\w)"
         r"|\s+(?:lần(?!\s+lượt)|giờ|tiếng|phút|giây|ngày|tuần|tháng(?!\s+\d{1,2}\s*/\s*(?:19|20)\d\d)|quý"
         r"|năm(?!\s+(?:19|20)\d\d(?!\d))|thập\s+kỷ|thập\s+niên)(?!\w)")  # not ``58.000 năm 2020``: then a period
_PER = r"(?:\s*/\s*(?:1\s*)?(?:ha|năm|tháng|ngày|người|hộ|km2|m2|giờ|km|thuê\s+bao)(?!\w))"
# Unit words written without diacritics, read only in a text written without them (``nam`` is also "male").
_UNIT_UNACCENTED = (rf"|\s+dong(?!\s+(?:{_NOT_CURRENCY_DONG_UNACCENTED})(?!\w))(?!\w)"
                    r"|\s+(?:lan(?!\s+luot)|gio|tieng|phut|giay|ngay|tuan|thang|nam(?!\s+(?:19|20)\d\d(?!\d)))(?!\w)")
_PER_UNACCENTED = r"(?:\s*/\s*(?:1\s*)?(?:ha|nam|thang|ngay|nguoi|ho|gio|km2|m2|km|thue\s+bao)(?!\w))"


def _numeral(unaccented: bool) -> str:
    unit, per = (_UNIT + _UNIT_UNACCENTED, _PER_UNACCENTED) if unaccented else (_UNIT, _PER)
    return (rf"(?P<num>{numbers.NUMERAL})(?P<scale>(?:\s+{numbers.SCALE_WORD})*)(?P<unit>{unit})?"
            rf"(?P<per>{per}*)(?!\w)")


_WORD_NUM = r"(?:hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)"
_WORD_NUM_TAIL = r"(?:mươi|mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|trăm|nghìn|ngàn|triệu|linh|lẻ)"
_DOC_WORDS = (r"(?i:đề\s+án|nghị\s+quyết|nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|công\s+văn|"
              r"kết\s+luận|thông\s+báo|công\s+điện|pháp\s+lệnh)")

# Mentions that start with a digit or a parenthesis, tried in this order at one position. The group that
# matched names the kind of number; what stands before the number is checked in code.
_DIGIT_ALTERNATIVES = [
    r"(?P<legal>\d+/\d{2,4}/[A-ZĐ][\wĐđ]*(?:[-–][\wĐđ]+)*|\d+[/-][A-ZĐ][\wĐđ]*(?:[-–/][A-ZĐ0-9][\wĐđ]*)+"
    r"|\d+/[A-ZĐ]{2,}[\wĐđ]*)",
    rf"(?P<date>\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]{_Y}|{_Y4}-\d{{2}}(?:-\d{{2}})?(?![\d\-])"
    r"|(?:(?<=từ )|(?<=ngày ))\d{1,2}\s*[–-]\s*\d{1,2}[./]\d{1,2}(?![\d./]))",  # ``từ 6 – 8.4``: days 6 to 8 April
    r"\((?P<pdate>\d{1,2}-\d{1,2})\)",
    r"(?P<phone>1[89]00[ .]?\d{2}[ .]?\d{2,4}(?!\d|[.,]\d))",  # a hotline: ``1900 6868``, ``1800.1091``
    rf"(?P<span>{_Y}\s*[-–—]\s*{_Y})",
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?!\d)|\d{1,2}h\d{2}(?!\w))",
    rf"(?P<months>\d{{1,2}}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{_Y})?|\d{{1,2}}\s+tháng\s+năm\s+{_Y})",
    r"(?P<ordinal>\((?:[ivx]{1,4}|[IVX]{1,4}|\d{1,2}|[a-zđ])\))",
    r"(?P<marker>\d{1,2}[.)](?=[ \t]))",
    r"(?P<ratio>\d+(?:\.\d{3})*\s*/\s*\d+(?:\.\d{3})*(?![\d/]|[.,]\d))",
    r"(?P<fraction>\d{1,2}\s+phần\s+\d{1,3}(?![\d%]|[.,]\d))",
]
_DIGIT_RE = {unaccented: fast_compile("|".join([*_DIGIT_ALTERNATIVES, _numeral(unaccented)]))
             for unaccented in (False, True)}
_NUMERAL_RE = {unaccented: fast_compile(_numeral(unaccented)) for unaccented in (False, True)}

# Mentions introduced by a word: document numbers, dates, periods, ordinals, number words.
_WORD_RE = fast_compile("|".join([
    rf"{_DOC_WORDS}\s+(?:số\s+)?(?P<legal_no>\d+)(?![\d/-]|[.,]\d|\s*%)",
    # ``Kế hoạch 02``, ``Chương trình 749 về ...``: a plan's number (not ``kế hoạch 100 ngày``, ``5 năm``)
    r"(?i:kế\s+hoạch|chương\s+trình)\s+(?:số\s+)?(?P<legal_plan>0\d{1,2}(?![\d/-]|[.,]\d|\s*%)"
    r"|[1-9]\d{2}(?=\s*(?:$|[.,;:)\n]|\s(?i:về|của|năm\s+\d{4}))))",
    rf"(?P<month_span>(?i:tháng)\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s*/\s*{_Y})",
    rf"(?P<date>(?i:tháng)\s+\d{{1,2}}\s*[/\-–]\s*{_Y}|(?i:tháng)\s+\d{{1,2}}\.{_Y}|(?i:tháng)\s+\d{{1,2}}\s+năm\s+{_Y}"
    rf"|(?i:ngày)\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}(?:\s+năm\s+{_Y})?"
    rf"|(?i:{_DAY_PARTS})\s+\d{{1,2}}\s*[/\-.]\s*\d{{1,2}}(?:\s*[/\-.]\s*{_Y})?"
    r"(?![\d/%]|\.\d)"  # (``Chiều 19-11``: a day of the month)
    r"|(?i:tháng)\s+\d{1,2}(?!\d|[.,]\d|\s*/))",
    rf"(?P<span>(?i:giai\s+đoạn|thời\s+kỳ)\s+{_Y}\s*[-–—]\s*{_Y})",
    rf"(?P<quarter>(?i:quý)\s+(?:IV|I{{1,3}}|[1-4])(?:\s*[/–-]\s*|\s+(?:năm\s+)?){_Y}|Q[1-4]\s*/\s*{_Y}"
    r"|(?i:quý)\s+(?:IV|I{1,3}|[1-4])(?![\w/]))",
    rf"(?P<months>(?:[Ss]áu|[Cc]hín|[Bb]a)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{_Y})?"
    rf"|(?:[Ss]áu|[Cc]hín)\s+tháng\s+năm\s+{_Y}|(?i:nửa\s+(?:đầu|cuối)\s+năm)\s+{_Y})",
    rf"(?P<year_kw>(?i:năm)\s+{_Y}(?:\s*[-–]\s*{_Y})?)",
    r"(?P<ordinal>(?i:bậc|tier|cấp độ|mức độ|hạng|loại|giai đoạn|phase|level|tầng|phòng|bước|điều|khoản"
    r"|chương|phụ lục)\s+\d{1,2}(?![\d%/]|[.,]\d)"
    r"|(?i:mức)\s+(?:định\s+danh\s+)?[1-4](?![\d%/]|[.,]\d|\s*(?:điểm|%|lần))"
    r"|(?i:thứ)\s+(?:\d+(?:\s*/\s*\d+)?|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)(?!\w)"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là(?!\w))",
    rf"(?P<words>{_WORD_NUM}(?:\s+{_WORD_NUM_TAIL})*)(?!\w)",
    r"(?P<multiple>(?i:đôi|rưỡi))(?!\w)",
]))

# Where a mention may start: a digit or a parenthesis, or the first word of a _WORD_RE alternative, with its
# first letter in either case and not inside a word; the words are factored into one trie (see
# :func:`pipelines.core.phrases.trie`) so the scan skips ahead in the regex engine.
_DIGIT_START_RE = fast_compile(r"[\d(](?<!\w\d)")
_START_WORDS = (
    "đề án", "nghị quyết", "nghị định", "quyết định", "thông tư", "chỉ thị", "công văn", "kết luận",
    "thông báo", "công điện", "pháp lệnh", "kế hoạch", "chương trình", "tháng", "ngày", "giai đoạn", "thời kỳ",
    "quý", "nửa", "năm", *period_phrases.DAY_PART_WORDS,
    "thứ", "bậc", "tier", "cấp độ", "mức độ", "mức", "hạng", "loại", "phase", "level", "tầng", "phòng",
    "bước", "điều", "khoản", "chương", "phụ lục", "một", "hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám",
    "chín", "mười", "đôi", "rưỡi")
_WORD_START_RE = fast_compile(trie([*(v for w in _START_WORDS for v in (w, w[0].upper() + w[1:])),
                                  *(f"Q{n}" for n in "1234")], word_start=True))

_FURNITURE_RE = fast_compile("|".join([
    r"(?m:^[ \t•·\-*]*(?:Đang online|Đang truy cập|Hôm nay|Hôm qua|Trong tuần|Tuần này|Tuần trước|"
    r"Trong tháng|Tháng này|Tháng trước|Năm nay|Tất cả|Tổng lượt truy cập|Lượt truy cập|Lượt xem|"
    r"Số lượt xem|Truy cập|Đã xem|Lượt đọc|Máy chủ tìm kiếm|Khách viếng thăm)[ \t]*:[ \t]*[\d.,]+[ \t\r]*$)",
    r"(?m:(?<=\d:\d\d)[ \t]+\d[\d.,]*(?:[ \t]+\d[\d.,]*)*[ \t\r]*$)",
    r"Tổng số điểm của bài viết là:?\s*\d+\s*trong\s*\d+\s*đánh giá",
    r"Thời gian chờ:?\s*\d+\s*giây",
    r"(?i:đường\s+dây\s+nóng|hotline|tổng\s+đài|điện\s+thoại|đt|tel|fax|sđt|zalo)\s*:?\s*\(?\+?\d[\d .()\-]{5,}\d",
    r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*[-–]\s*)?\d{4}",
    r"(?:Lượt truy cập|Tổng truy cập|Tổng lượt truy cập|Truy cập|Lượt xem|Đang online)\s*:\s*\d[\d.,]*",
    r"(?:Lượt xem|Lượt đọc|Số lượt xem|Lượt thích|Bình luận|Chia sẻ)\s*(?::?\s*\d[\d.,]*|\(\s*\d+\s*\))",
    r"Đánh giá:?\s*\d+(?:[.,]\d+)?\s*/\s*\d+",
    # a page counter closing a line: ``Trang 2/5``, ``Tin tức | Trang 3``, ``Trang số: 4``
    r"(?m:(?:^|(?<=[|•·]))[ \t]*(?i:trang|page)(?:[ \t]+số)?[ \t]*:?[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t\r]*$)",
]))
_MAX_FURNITURE_LINE = 240


_LIST_NOUN_RE = fast_compile(rf"\s*[\"“”']?\s*(?:{alternation(LIST_NOUNS)})(?!\w)", re.I)
_COUNTED_RE = fast_compile(rf"\s+(?:{alternation(COUNTED_NOUNS)})(?!\w)", re.I)
_ENUM_SOON_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,4}\s*(?::|\s+(?:gồm|bao gồm)(?!\w))", re.I)
_ENUM_IN_CLAUSE_RE = fast_compile(r"[^.;]*?(?::|(?<!\w)(?:là|gồm|bao gồm)(?!\w))", re.I)
_ONE_OF_RE = fast_compile(r"(?i:một)\s+trong\s+(?:số\s+)?$|(?<!\w)(?i:cả)\s+$")
_MULTIPLE_LEFT_RE = fast_compile(r"(?:(?:gấp|tăng|giảm|cao|lớn|nhiều|nhanh|thấp|gap|tang|giam|lon|nhieu|thap)"
                               r"|(?:cao|lớn|nhanh|rẻ|thấp|mạnh|lon|thap)\s+(?:hơn|hon)(?:\s+\S+){1,3}?)"
                               r"(?:\s+(?:hơn|gần|khoảng|trên|xấp xỉ|tới|đến|lên"
                               r"|hon|gan|khoang|tren|toi|den|len))*(?:\s+\d+(?:[.,]\d+)?\s*[-–])?\s*$", re.I)
_DATE_LEFT_RE = fast_compile(rf"(?:^|\W)(?:{'|'.join(_DATE_WORDS)})\s*$", re.I)
# ``có tới 1/3 doanh nghiệp`` (as many as a third), not ``tới 1/3`` (until 1 March)
_AS_MANY_AS_RE = fast_compile(r"(?:^|\W)(?:có|lên|chiếm|đạt)\s+(?:tới|đến)\s*$", re.I)
_NEXT_WORD_RE = fast_compile(r"\s+([^\W\d_]+)")
_STARS_RE = fast_compile(r"\s+(?i:sao)(?!\w)")
_STAR_RANGE_RE = fast_compile(r"\s*[-–]\s*[1-5]\s+(?i:sao)(?!\w)")
_NOUN_NEXT_RE = fast_compile(rf"[ \t]+(?!(?:{_FUNCTION_WORDS})(?!\w))[^\W\d_]")
_NOUN_AFTER_RATIO_RE = fast_compile(r"\s+(?!(?:năm|và|hoặc|đến|tới|với|là|hằng|hàng|tại|của|trong|vừa|sẽ|đã)(?!\w))"
                                  r"[^\W\d_]")
_PER_PART_RE = fast_compile(r"/\s*(?:1\s*)?(km2|m2|[^\W\d_]+(?:\s+bao)?)")


@dataclass(frozen=True, slots=True)
class Mention:
    """One number in a text."""

    raw: str
    value: float | None
    unit: str | None
    start_char: int
    end_char: int
    mention_type: str
    denominator: float | None = None
    period_id: str | None = None
    decimals: int | None = None   # digits written after the decimal comma
    scale: float | None = None    # the scale words' factor (triệu: 1e6), 1 when none

    def as_row(self) -> dict:
        return dict(zip(MENTION_FIELDS, _mention_values(self), strict=True))

    def as_tuple(self) -> tuple:
        """The field values in :data:`MENTION_FIELDS` order."""
        return _mention_values(self)


MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_mention_values = attrgetter(*MENTION_FIELDS)


class _Furniture:
    """Page-counter spans, looked for only in the short lines that hold a number."""

    def __init__(self, text: str):
        self.text = text
        self.lines: dict[int, list[tuple[int, int]]] = {}

    def holds(self, position: int) -> bool:
        start = self.text.rfind("\n", 0, position) + 1
        spans = self.lines.get(start)
        if spans is None:
            end = self.text.find("\n", position)
            end = len(self.text) if end < 0 else end
            spans = [] if end - start > _MAX_FURNITURE_LINE else \
                [m.span() for m in _FURNITURE_RE.finditer(self.text, start, end)]
            self.lines[start] = spans
        return any(a <= position < b for a, b in spans)


# A place in a ranking: ``xếp thứ 71/193 quốc gia``, ``đứng thứ 2 toàn quốc``, ``giữ vị trí thứ hai và thứ ba``.
_RANKED_RE = fast_compile(r"(?i:xếp|đứng|hạng|vị\s+trí|vươn\s+lên|tụt|leo\s+lên|xep|dung|hang|vi\s+tri)"
                        r"(?:\s+(?:hạng|thứ\s+[^\s,;.]+(?:\s*,|\s+và|\s+va)|vị\s+trí|ở|ở\s+vị\s+trí|thu))*\s+$")


# (not ``bảng xếp hạng 63 tỉnh``: the field ranked)
_RANKED_AS_RE = fast_compile(r"(?<!\w)(?<!bảng )(?<!bang )(?i:xếp|xep)\s+$")
# ``xếp hạng 4 sao``: a star class, no place in a ranking
_STARS_AFTER_RE = fast_compile(r"\s+(?i:sao)(?!\w)")
# Places gained or lost in a ranking: ``tăng 15 bậc``, ``tụt 2 hạng``.
_PLACES_RE = fast_compile(r"\s+(?:bậc|hạng|bac|hang)(?!\w)")


def _rank_mention(raw: str, start: int, end: int) -> Mention:
    """``thứ 71/193`` after a ranking verb: the place 71 of 193, a value in unit ``rank``."""
    places = re.findall(r"\d+", raw)
    denominator = float(places[1]) if len(places) > 1 else None
    return Mention(raw, _ordinal_value(raw), "rank", start, end, "quantity", denominator, decimals=0, scale=1.0)


def _ordinal_value(raw: str) -> float | None:
    digits = re.search(r"\d+", raw)
    if digits:
        return float(digits.group())
    words = raw.strip("().").lower().split()
    word = words[0] if words[-1] == "là" else words[-1]
    if word in period_phrases.ROMAN:
        return float(period_phrases.ROMAN[word])
    return float(_ORDINAL_WORDS[word]) if word in _ORDINAL_WORDS else None


def _count_type(text: str, start: int, end: int, value: float, leading_zero: bool) -> str:
    """``list_count`` or ``quantity`` for a whole number at ``text[start:end]``."""
    if value <= 20 and value == int(value):
        if _ONE_OF_RE.search(text, max(0, start - 20), start):
            return "list_count"
        if _LIST_NOUN_RE.match(text, end) or _ENUM_SOON_RE.match(text, end):
            return "list_count"
        if leading_zero and _ENUM_IN_CLAUSE_RE.match(text, end, end + 200):
            return "list_count"
        if value >= 2 and _names_enumerated(text, end, bool(_OF_BEFORE_RE.search(text, max(0, start - 8), start))) \
                == value:
            return "list_count"
    if value <= 100 and value == int(value) and _MODIFIER_RIGHT_RE.match(text, end) \
            and _MODIFIER_LEFT_RE.search(text, max(0, start - 90), start):
        return "list_count"  # ``doanh thu bán lẻ trên 5 sàn lớn nhất đạt 150.000 tỷ đồng``: whose value it is
    if value <= 120 and (_AGE_BOUND_LEFT_RE.search(text, max(0, start - 8), start) and _AGE_RIGHT_RE.match(text, end)
                         or _AGE_NAMED_LEFT_RE.search(text, max(0, start - 24), start)):
        return "list_count"  # ``dân số từ 15 tuổi trở lên``, ``độ tuổi từ đủ 14``: the age a population is defined by
    return "quantity"


# A count inside the name of a measure, told with the measure's value right after: ``doanh thu ... trên [5] sàn
# lớn nhất đạt 150.000 tỷ đồng``, ``tỷ lệ hồ sơ của [63] tỉnh đạt 52%``
_MODIFIER_LEFT_RE = fast_compile(rf"(?<!\w)(?i:{alternation([*MEASURE_HEADS, 'tỉ lệ'])})(?:\s+[^\W\d_]+){{0,8}}"
                               r"\s+(?i:trên|của|tại|giữa)\s+$")
_AGE_BOUND_LEFT_RE = fast_compile(r"(?<!\w)(?i:từ|trên|dưới|đủ)\s+$")
_AGE_RIGHT_RE = fast_compile(r"\s+(?i:tuổi)(?!\w)")
_AGE_NAMED_LEFT_RE = fast_compile(r"(?<!\w)(?i:độ\s+tuổi|tuổi)(?:\s+(?i:từ|trên|dưới|đủ))+\s+$")
_MODIFIER_RIGHT_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,5}\s+(?:ước\s+)?"
                                r"(?:đạt|là|chiếm|tăng trưởng âm|tăng trưởng|tăng|giảm|lên tới|lên đến|tính)"
                                r"(?:\s+(?:khoảng|gần|hơn|trên|xấp xỉ|mức))*\s+\d")


# ``5 sàn lớn nhất (Shopee, Lazada, TikTok Shop, Tiki và Sendo)``, ``3 nhà mạng: Viettel, VNPT và MobiFone``:
# the number counts the names listed right after its noun.
# (``3 nhà mạng: A, B và C``, ``12 địa phương, gồm: A, B, ...``, ``7 tỉnh, thành phố gồm A, B ...``)
_ENUM_OPEN_RE = fast_compile(r"(?:,?\s+[^\s(:;.,]+){1,16}?(?:,?\s+(?:bao\s+)?gồm\s*:?|\s*[(:])\s*")
# without a bracket only in a modifier: ``doanh thu của 5 sàn Shopee, Lazada, ...``
_ENUM_BARE_OPEN_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,3}?\s+(?=[A-ZĐ])")
_OF_BEFORE_RE = fast_compile(r"(?:^|\W)(?:của|trên|tại|ở|giữa|từ|với)\s+$", re.I)
_ENUM_ITEM_SPLIT_RE = fast_compile(r"\s*(?:,|;|\svà\s|\svà$)\s*")


def _names_enumerated(text: str, end: int, bare: bool) -> int:
    """How many proper names are listed right after the noun following a number (0 when none are), in
    brackets or after a colon, or (``bare``) right after the noun."""
    opened = _ENUM_OPEN_RE.match(text, end) or (_ENUM_BARE_OPEN_RE.match(text, end) if bare else None)
    if not opened:
        return 0
    ends = ").\n" if opened.group().rstrip().endswith("(") else ".\n"
    stop = min((i for i in (text.find(c, opened.end(), opened.end() + 200) for c in ends) if i >= 0),
               default=min(len(text), opened.end() + 200))
    items = []  # after a colon, each name may carry its value: ``gồm: Bạc Liêu (7,4%), Sơn La (8,3%)``
    pieces = _ENUM_ITEM_SPLIT_RE.split(BRACKETED_RE.sub("", text[opened.end():stop]))
    for i, item in enumerate(pieces):
        words = item.split()
        named = next((n for n, w in enumerate(words) if not w[:1].isupper()), len(words))
        if not 1 <= named <= 3:
            break
        items.append(item)
        if named < len(words) and (len(words) > 3 or i == len(pieces) - 1):
            break  # a short name in sentence case goes on the list (``3 bộ: Công Thương, Tài chính, Tư pháp``)
    return len(items) if len(items) >= 2 else 0


def _numeral_mention(text: str, m: re.Match) -> Mention:
    start, end = m.start("num"), m.end()
    num, scale = m.group("num"), (m.group("scale") or "").strip()
    unit_word = " ".join((m.group("unit") or "").lower().split())
    per = m.group("per") or ""
    raw = text[start:end]
    value = numbers.parse_number(f"{num} {scale}".strip())
    decimals, factor = numbers.precision(num, scale)
    mention = _numeral_kind(text, m, start, end, raw, value, unit_word, per, num, scale)
    if mention.mention_type != "quantity":
        return mention
    code = _code_type(text, start, num, scale, unit_word)
    if code is not None:
        return Mention(raw, None, None, start, end, code)
    if _TOP_BEFORE_RE.search(text, max(0, start - 6), start) and mention.unit in (None, "count"):
        if _AWARD_AFTER_RE.match(text, end):  # ``Top 10 doanh nghiệp công nghệ số xuất sắc``: an award's name
            return Mention(raw, value, None, start, end, "list_count")
        if _DOMESTIC_UNITS_RE.match(text, end):  # ``Trong tốp 5 địa phương dẫn đầu, ...``: a group, not a rank
            return Mention(raw, value, None, start, end, "list_count")
        mention = Mention(raw, value, "rank", start, end, "quantity")
    return Mention(mention.raw, mention.value, mention.unit, mention.start_char, mention.end_char, "quantity",
                   mention.denominator, mention.period_id, decimals, factor)


# Numbers that name or reach something rather than measure it.
# one pattern for the words before a document or standard number (group ``ref``) or a telephone number
_CODE_BEFORE_RE = fast_compile(
    r"(?P<ref>(?i:(?:kế\s+hoạch|báo\s+cáo|tờ\s+trình|văn\s+bản|luật|thông\s+báo)\s+số\s+)"
    r"|(?<![\w])(?:ISO|TCVN|QCVN|IEC|ISO/IEC)\s*)$"
    r"|(?i:tổng\s+đài|hotline|đường\s+dây\s+nóng|điện\s+thoại|đt|tel|fax|zalo)\s*:?\s*(?:[\d.\s]+(?:hoặc|-)\s*)?$")
_CODE_WORD_ENDS = ("số", "iso", "tcvn", "qcvn", "iec", "đài", "hotline", "nóng", "thoại", "đt", "tel", "fax", "zalo",
                   "hoặc", "-")
_VERSION_RE = fast_compile(r"\d+\.\d{1,2}")
_SCORED_RE = fast_compile(r"\s*(?:/\s*\d|%|(?i:điểm|diem)(?!\w))")  # ``77.93/100 điểm``: a score written with a point
_PHONE_RE = fast_compile(r"0\d{3}")  # an area or mobile prefix: no count is written 0243
_TOP_BEFORE_RE = fast_compile(r"(?<!\w)(?:top|tốp|Top|Tốp|TOP)\s+$")
_DOMESTIC_UNITS_RE = fast_compile(r"\s+(?i:địa phương|tỉnh|thành phố|bộ|ngành|đơn vị|doanh nghiệp)(?!\w)")
_AWARD_AFTER_RE = fast_compile(r"(?:\s+[^\W\d_]+){1,7}?\s+(?:xuất\s+sắc|tiêu\s+biểu|uy\s+tín|tiêu\s+biểu\s+nhất)(?!\w)",
                             re.I)


def _code_type(text: str, start: int, num: str, scale: str, unit_word: str) -> str | None:
    """``legal_ref`` for a document or standard number (``Kế hoạch số 45``, ``ISO 27001``), ``page_furniture``
    for a telephone number (``tổng đài 1900 1234``, ``0243.123.456``), ``ordinal`` for a version in a name
    (``công nghiệp 4.0``, ``phiên bản 2.0``); None for a measured amount."""
    if _PHONE_RE.match(num):
        return "page_furniture"
    if not scale and not unit_word and _VERSION_RE.fullmatch(num) and not _SCORED_RE.match(text, start + len(num)):
        return "ordinal"
    tail = text[max(0, start - 12):start].rstrip(" :").lower()
    if not tail.endswith(_CODE_WORD_ENDS) and not tail[-1:].isdigit():
        return None
    before = _CODE_BEFORE_RE.search(text, max(0, start - 40), start)
    if before:
        return "legal_ref" if before.group("ref") else "page_furniture"
    return None


def _numeral_kind(text: str, m: re.Match, start: int, end: int, raw: str, value: float, unit_word: str,
                  per: str, num: str, scale: str) -> Mention:
    if unit_word in _TIME_UNITS:
        kind = "quantity" if _TIME_MEASURE_RE.search(text, max(0, start - 80), start) \
            or _TAKES_RE.search(text, max(0, start - 60), start) \
            or _TAKES_ALONE_RE.search(text, max(0, start - 24), start) else "time"
        return Mention(raw, value, _TIME_UNITS[unit_word], start, end, kind)
    if unit_word in _DURATION_UNITS:
        return Mention(raw, value, None, start, end, "period")
    if unit_word in ("lần", "lan"):  # (``5,7 lần`` is a multiple: no count of times has decimals)
        unit = "ratio" if value != int(value) or _MULTIPLE_LEFT_RE.search(text, max(0, start - 40), start) \
            or _MULTIPLE_LISTED_RE.search(text, max(0, start - 24), start) else "count"
        return Mention(raw, value, unit, start, end, "quantity")
    if unit_word in ("%", "phần trăm"):
        return Mention(raw, value, "percent", start, end, "quantity")
    if unit_word == "điểm":
        return Mention(raw, value, "point", start, end, "quantity")
    if unit_word.startswith("điểm"):
        return Mention(raw, value, "percentage_point", start, end, "quantity")
    if unit_word:
        unit = _CURRENCIES.get(unit_word) or _BIT_RATES.get(unit_word) or unit_word.replace(" ", "_")
        dims = [_PER_UNITS.get(" ".join(p.lower().split())) for p in _PER_PART_RE.findall(per)]
        if dims and all(dims):
            unit += "_per_" + "_".join(dims)
        return Mention(raw, value, unit, start, end, "quantity")
    if per:
        end = m.end("scale") if scale else m.end("num")
        raw = text[start:end]
    if not scale and len(num) == 4 and num.isdigit() and 1900 <= value <= 2100 \
            and not _COUNTED_RE.match(text, end):
        return Mention(raw, None, None, start, end, "period", period_id=periods.year(int(value)).period_id)
    if not scale and num.isdigit() and 1 <= value <= 5 \
            and (_STARS_RE.match(text, end) or _STAR_RANGE_RE.match(text, end)):
        return Mention(raw, value, None, start, end, "ordinal")  # ``sản phẩm OCOP 4 sao``, ``từ 3-5 sao``: a rating
    unit = ("rank" if _PLACES_RE.match(text, end) else "count") if _NOUN_NEXT_RE.match(text, end) else None
    kind = "quantity"
    if not scale and num.isdigit():
        kind = _count_type(text, start, end, value, len(num) > 1 and num.startswith("0"))
    return Mention(raw, value, unit, start, end, kind)


def _ratio_mention(text: str, m: re.Match) -> Mention:
    start, end = m.span("ratio")
    raw = text[start:end]
    a, b = (int(x.replace(".", "")) for x in raw.split("/"))  # ``566/1.700 bệnh viện``
    date_word_before = _DATE_LEFT_RE.search(text, max(0, start - 20), start) \
        and not _AS_MANY_AS_RE.search(text, max(0, start - 20), start)
    if 1 <= b <= 12 and 1 <= a <= 31 and (date_word_before or not _NOUN_AFTER_RATIO_RE.match(text, end)):
        return Mention(raw, None, None, start, end, "date")
    unit = "rank" if _RANKED_RE.search(text, max(0, start - 40), start) else "count"
    return Mention(raw, float(a), unit, start, end, "quantity", denominator=float(b), decimals=0, scale=1.0)


def _words_mention(text: str, m: re.Match) -> Mention | None:
    start, end = m.span("words")
    raw = text[start:end]
    try:
        numbers.parse_number(raw)
    except numbers.NumberError:  # ``ba năm liên tiếp``: the number is the first word, the next its noun
        raw = raw.split()[0]
        end = start + len(raw)
    nxt = _NEXT_WORD_RE.match(text, end)
    if not nxt or not _NOUN_NEXT_RE.match(text, end) or not nxt.group(1)[:1].islower():
        return None
    follower = nxt.group(1)
    if raw == "năm" and not (_LIST_NOUN_RE.match(text, end) or _COUNTED_RE.match(text, end)):
        return None
    try:
        value = numbers.parse_number(raw)
    except numbers.NumberError:
        return None
    if follower in _TIME_UNITS:
        return Mention(raw, value, _TIME_UNITS[follower], start, end, "time")
    if follower in _DURATION_UNITS:
        return Mention(raw, value, None, start, end, "period")
    if follower in ("lần", "lan") and _MULTIPLE_LEFT_RE.search(text, max(0, start - 40), start):
        return Mention(raw, value, "ratio", start, end, "quantity", decimals=0, scale=1.0)
    return Mention(raw, value, "count", start, end, _count_type(text, start, end, value, False), decimals=0,
                   scale=1.0)


_MULTIPLE_WORDS = {"đôi": 2.0, "rưỡi": 1.5}
# ``tăng 4,8 lần và 5 lần``: the next item of a list of multiples
_MULTIPLE_LISTED_RE = fast_compile(r"\d(?:[.,]\d+)?\s+(?i:lần|lan)\s*(?:,|(?i:và|va))\s*$")
_TIMES_BEFORE_RE = fast_compile(r"(?i:gấp)\s+$")


def _multiple_mention(text: str, m: re.Match) -> Mention | None:
    """``gấp đôi`` (twice), ``gấp rưỡi`` (one and a half times): a ratio written as a word."""
    start, end = m.span("multiple")
    if not _TIMES_BEFORE_RE.search(text, max(0, start - 8), start):
        return None
    raw = text[start:end]
    return Mention(raw, _MULTIPLE_WORDS[raw.lower()], "ratio", start, end, "quantity", decimals=1, scale=1.0)


_FIXED_TYPES = {"legal": "legal_ref", "legal_no": "legal_ref", "legal_plan": "legal_ref", "date": "date",
                "pdate": "date", "clock": "time", "phone": "page_furniture"}
_PERIOD_READERS = {"span": period_phrases.period_of_years, "quarter": period_phrases.period_of_quarter,
                   "month_span": period_phrases.period_of_month_span,
                   "months": period_phrases.period_of_months, "year_kw": period_phrases.period_of_years}


def _glued(text: str, start: int) -> bool:
    """Is the number at ``start`` part of a word or code (``v1.2``, ``08:47``'s minutes, ``COVID-19``)?"""
    if not start:
        return False
    before = text[start - 1]
    return before in ".,/:" or (before in "-+" and start >= 2 and text[start - 2].isalpha())


def _mention(text: str, m: re.Match, unaccented: bool) -> Mention | None:
    """The mention of one match; the alternative that matched is the last group it closed."""
    name = m.lastgroup
    if name in ("scale", "unit", "per"):
        name = "num"
    s, e = m.span(name)
    raw = text[s:e]
    if name in _FIXED_TYPES:
        return Mention(raw, None, None, s, e, _FIXED_TYPES[name])
    if name in _PERIOD_READERS:
        return Mention(raw, None, None, s, e, "period", period_id=_PERIOD_READERS[name](raw))
    if name == "ordinal":
        if raw[:3].lower() == "thứ" and _RANKED_RE.search(text, max(0, s - 40), s) \
                or raw[:4].lower() == "hạng" and _RANKED_AS_RE.search(text, max(0, s - 12), s) \
                and not _DOMESTIC_UNITS_RE.match(text, e) and not _STARS_AFTER_RE.match(text, e):
            return _rank_mention(raw, s, e)  # ``đứng thứ 9``, ``xếp hạng 9``
        return Mention(raw, _ordinal_value(raw), None, s, e, "ordinal")
    if name == "marker":
        if not text[text.rfind("\n", 0, s) + 1:s].strip():
            return Mention(raw, _ordinal_value(raw), None, s, e, "ordinal")
        numeral = _NUMERAL_RE[unaccented].match(text, s)
        return _numeral_mention(text, numeral) if numeral and not _glued(text, s) else None
    if name == "ratio":
        return None if _glued(text, s) else _ratio_mention(text, m)
    if name == "fraction":  # ``2 phần 3 doanh nghiệp``: two in three, like ``2/3``
        a, _, b = raw.split()
        return Mention(raw, float(a), "count", s, e, "quantity", denominator=float(b), decimals=0, scale=1.0)
    if name == "num":
        return None if _glued(text, s) else _numeral_mention(text, m)
    if name == "multiple":
        return _multiple_mention(text, m)
    return _words_mention(text, m)


def _matches(text: str, unaccented: bool) -> list[re.Match]:
    """Every match of _DIGIT_RE and _WORD_RE that starts a word, in text order (longest first)."""
    found = []
    for scanner, matcher in ((_DIGIT_START_RE, _DIGIT_RE[unaccented]), (_WORD_START_RE, _WORD_RE)):
        match = matcher.match
        for hit in scanner.finditer(text):
            m = match(text, hit.start())
            if m:
                found.append(m)
    found.sort(key=lambda m: (m.start(), -m.end()))
    return found


def find_mentions(text: str) -> list[Mention]:
    """Every number of ``text``, in text order (see the module docstring for the rules)."""
    furniture = _Furniture(text)
    found: list[Mention] = []
    last_end = -1
    unaccented = is_unaccented(text)
    for m in _matches(text, unaccented):
        if m.start() < last_end:
            continue
        mention = _mention(text, m, unaccented)
        if mention is None:
            continue
        last_end = mention.end_char if m.lastgroup == "marker" else m.end()
        if furniture.holds(mention.start_char):
            mention = Mention(mention.raw, mention.value, None, mention.start_char, mention.end_char,
                              "page_furniture")
        found.append(mention)
    return _shared_units(text, found)


_RANGE_GAP_RE = fast_compile(r"\s*(?:[-–]|đến|tới|den|toi)\s*")
# Between the items of a list of numbers whose last item alone carries the scale or unit.
_LIST_GAP_RE = fast_compile(r"\s*(?:,|;|và|hoặc|đến|tới|va|hoac|den|toi|[-–])\s*")
# ... and between the two levels of a change told ``từ A lên B`` (``từ 1,8 triệu lên 5,4 triệu thuê bao``)
_FROM_TO_GAP_RE = fast_compile(r"\s*(?:lên|xuống|len|xuong)(?:\s+(?:còn|con|mức|muc))?\s*")
_FROM_BEFORE_RE = fast_compile(r"(?<!\w)(?:từ|tu)(?:\s+(?:mức|muc|khoảng|khoang))?\s+$", re.I)


# ``8 triệu người dùng, theo sau là VNPT với [4 triệu]``, ``A đạt 5 triệu người dùng, B đạt [3 triệu]``: the next
# item of a comparison, told with its own amount
_NEXT_ITEM_GAP_RE = fast_compile(r"(?:[^.;:!?\n\d]|\d+(?=[^\W\d_])|(?<=[^\W\d_])\d+){0,60}?"
                               r"(?:(?<!\w)(?:với|là|và|đạt|có)|,)\s+"
                               r"(?:(?:hơn|gần|khoảng|trên)\s+)*")  # (digits only inside a name: ``5G``)


def _shared_units(text: str, found: list[Mention]) -> list[Mention]:
    """The bare numbers of a list take the scale word and unit its last item carries: ``1, 3 và 9 triệu
    thuê bao`` is 1, 3 and 9 million, ``58 và 36%`` two percents, ``từ 2 đến 3 tỷ USD`` two amounts in USD,
    ``từ 1,8 triệu lên 5,4 triệu thuê bao`` two counts;
    those after a place in a ranking are places too (``vị trí thứ 5, 6 và 7``), and a bare amount told
    for the next named item of the same scale takes the unit before it (``8 triệu người dùng, theo sau là
    VNPT với 4 triệu``)."""
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.mention_type == "quantity" and m.unit is None and prev.mention_type == "quantity" \
                and prev.unit == "rank" and _LIST_GAP_RE.fullmatch(text, prev.end_char, m.start_char):
            found[i] = Mention(m.raw, m.value, "rank", m.start_char, m.end_char, "quantity", None, None, 0, 1.0)
        elif m.mention_type == "quantity" and m.unit is None and (m.scale or 1) != 1 and m.scale == prev.scale \
                and prev.mention_type == "quantity" and prev.unit is not None \
                and _NEXT_ITEM_GAP_RE.fullmatch(text, prev.end_char, m.start_char):
            found[i] = Mention(m.raw, m.value, prev.unit, m.start_char, m.end_char, "quantity", None, None,
                               m.decimals, m.scale)
    for i in range(len(found) - 2, -1, -1):
        m, nxt = found[i], found[i + 1]
        if m.mention_type == "quantity" and m.unit is None and m.scale == 1 and nxt.mention_type == "period" \
                and nxt.period_id is None and _RANGE_GAP_RE.fullmatch(text, m.end_char, nxt.start_char):
            found[i] = Mention(m.raw, m.value, None, m.start_char, m.end_char, "period")  # ``trong 5–7 năm tới``
            continue
        if m.mention_type != "quantity" or nxt.mention_type != "quantity" or m.unit is not None \
                or m.scale not in (1, nxt.scale) or m.denominator is not None \
                or (nxt.scale == 1 and nxt.unit is None) \
                or not (_LIST_GAP_RE.fullmatch(text, m.end_char, nxt.start_char)
                        or _FROM_TO_GAP_RE.fullmatch(text, m.end_char, nxt.start_char)
                        and _FROM_BEFORE_RE.search(text, max(0, m.start_char - 16), m.start_char)):
            continue
        if m.scale != 1:  # ``gần 42 triệu và 63,5 triệu vụ``: the scale is its own, the unit the list's
            if nxt.unit is not None:
                found[i] = Mention(m.raw, m.value, nxt.unit, m.start_char, m.end_char, "quantity",
                                   None, None, m.decimals, m.scale)
            continue
        factor = nxt.scale or 1.0
        found[i] = Mention(m.raw, m.value * factor, nxt.unit, m.start_char, m.end_char, "quantity",
                           None, None, m.decimals, factor)
    return found

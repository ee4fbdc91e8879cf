"""What a quantity measures: its subject, as written, with its span in the text.

Read on the normalised copy of the text (lower case, one tone placement, same length as the text), so
offsets are the text's. Rules, in the order :func:`subject_of` tries them:

``before``
    a measure noun phrase before a linking verb: ``Tỷ lệ hồ sơ trực tuyến toàn trình đạt 42%``,
    ``Doanh thu thương mại điện tử B2C ước đạt 25 tỷ USD``, ``Số tài khoản ... được kích hoạt đạt 58
    triệu``. The phrase runs back from the number to the last ``, ; : (`` of its lead (the clause text
    since the previous quantity); linking verbs and qualifiers at its end, and period phrases, openers
    (``trong đó``, ``hiện nay``) and place names at its start are dropped. A measure named after ``với``
    is the subject (``mức độ chuyển đổi với [giá trị DTI] đạt``), and one opening a list of nouns before a
    comma reaches over it (``[tỷ lệ khai thác, tái sử dụng dữ liệu] đạt 61%``).
``after``
    the counted noun after the number: ``388 hệ thống, cơ sở dữ liệu``, ``hơn 73.700 doanh nghiệp công
    nghệ số``, ``9 triệu thuê bao 5G``, and a share's population ``80,2% hộ gia đình sử dụng cáp quang``.
    It ends at punctuation, at a verb or preposition that starts the predicate (``đạt``, ``tăng``,
    ``so với``, ``được``, ``của``, ``và`` ...), before another number, or after eight words; a short
    noun after a comma continues it (``bộ, ngành``; ``tỉnh, thành phố``). It wins over a measure before the
    number when only a preposition stands between them (``cao nhất trong [34 tỉnh, thành phố]``).
``before`` (any noun phrase)
    a phrase before a linking verb that is not a measure noun (``Nền tảng NDXP đạt ...``), when no
    counted noun follows the number.
``carried``
    none of these, or only a phrase that names no measure: the measure an earlier comma-separated phrase of
    the sentence names (``Quy mô thị trường tiếp tục tăng vọt, từ 11,8 tỷ USD ...``); else the subject of
    the previous quantity of the sentence (a change told after a value,
    ``..., tăng 20%``; a series, ``lần lượt 61% và 17%``; a list, ``bộ, ngành (61%); địa phương (17%)``),
    else the subject carried over from the previous sentence of the paragraph.
"""

from __future__ import annotations

from typing import NamedTuple

from pipelines.core.metric_match import normalize
from pipelines.core.phrases import RATE_BASE_RE, alternation, fast_compile

MAX_AFTER_WORDS = 14
MAX_BEFORE_CHARS = 120

# Words that end a counted-noun phrase after the number: the predicate or a new phrase starts.
_STOP_WORDS = (
    "đã", "đang", "sẽ", "được", "bị", "đạt", "tăng", "giảm", "so", "với", "trong", "tại", "từ", "lên",
    "xuống", "đến", "tới", "vào", "chiếm", "là", "và", "hoặc", "theo", "qua", "nhưng", "còn", "thì", "mà",
    "để", "cho", "bằng", "khi", "nếu", "của", "có", "trên", "dưới", "ở", "thuộc", "gồm", "bao gồm", "như",
    "trước", "sau", "năm", "quý", "tháng", "mỗi", "hết", "tính", "cùng", "cũng", "đều", "nữa", "này",
    "kể", "nhằm", "vì", "do", "nên", "gấp", "hơn", "khoảng", "gần", "thêm", "lần lượt", "tương ứng",
    "trung bình", "bình quân", "ngày", "ngoài", "riêng", "vượt", "đi", "về", "chỉ", "đề ra", "đặt ra", "nằm",
    "trực thuộc", "cách đây", "ngay", "không còn", "không phải", "trở lên", "trở xuống", "đối với", "khỏi",
    "vẫn", "chủ yếu",
)
# Linking verbs and qualifiers between a subject and its number.
_LINK_WORDS = (
    "đạt", "là", "ở mức", "mức", "chiếm", "có", "lên", "lên tới", "lên đến", "tới", "đến", "với", "khoảng",
    "vào khoảng", "hơn", "trên", "gần", "ước", "ước đạt", "ước tính", "dự kiến", "dự báo", "xấp xỉ",
    "ít nhất", "tối thiểu", "tối đa", "dưới", "vượt", "tăng", "giảm", "tăng thêm", "thêm", "gấp",
    "bằng", "trung bình", "bình quân", "lần lượt", "tương ứng", "đã", "sẽ", "được", "còn", "chỉ",
    "gần như", "khoảng chừng", "tăng trưởng", "tăng lên", "giảm xuống", "giảm còn", "chừng", "cao", "thấp",
    "mới", "đạt mức", "hiện", "hiện có", "đã có", "tới nay", "đến nay", "phấn đấu", "mục tiêu",
    "năm nay", "hiện nay", "trong năm", "mỗi năm", "mỗi ngày", "mỗi tháng", "có thể", "từ", "tăng từ",
    "giảm từ", "xếp hạng", "xếp thứ", "đứng thứ", "ghi nhận", "là khoảng", "đạt khoảng", "đạt hơn",
    "mạnh", "mạnh mẽ", "mạnh nhất", "nhanh", "nhanh nhất", "nhẹ", "kỷ lục", "vọt", "đột biến", "bứt phá",
    "tương đương", "tương đương với", "tương ứng với", "xếp", "đứng", "vị trí", "xếp vị trí", "giữ vị trí",
    "ở vị trí", "vươn lên", "tụt", "leo lên", "tiếp tục", "duy trì", "giữ vững", "cao hơn", "thấp hơn",
    "nhiều hơn", "ít hơn", "lớn hơn", "nhỏ hơn", "đóng góp", "đóng góp vào", "góp", "mang lại", "thu về",
    "đạt được", "cao nhất", "thấp nhất", "lớn nhất", "nhiều nhất", "top", "tốp", "vào top", "lọt vào top",
    "trong top", "nằm trong top", "thuộc top", "rút xuống", "rút xuống còn", "rút ngắn", "rút ngắn còn",
    "xuống còn", "chưa", "chưa đến", "chưa tới", "không quá", "chỉ còn", "so với", "bình quân hàng năm",
    "bình quân mỗi năm", "trung bình hàng năm", "trung bình mỗi năm", "hàng năm", "cần", "cần khoảng",
    "tụt hạng", "tụt hạng xuống", "tụt xuống", "xuống", "dẫn đầu", "đứng đầu", "dẫn đầu khu vực",
    "dẫn đầu cả nước", "đứng đầu cả nước", "dẫn đầu thế giới", "đáng kể", "ấn tượng", "vượt bậc",
)
# Words that open a phrase without being its subject.
_OPENERS = (
    "trong số đó", "trong số này", "trong đó", "theo đó", "đến nay", "tới nay", "hiện nay", "hiện", "nhưng",
    "tuy nhiên", "song",
    "tính đến nay", "riêng", "còn",
    "ngoài ra", "bên cạnh đó", "đặc biệt", "cụ thể", "với", "và", "đồng thời", "cùng với đó", "qua đó",
    "nhờ đó", "trong", "tính đến", "đến", "tới", "hết", "cuối", "đầu", "sau", "năm", "quý", "tháng", "tại",
    "ở", "theo", "từ", "đã", "cả nước", "toàn quốc", "toàn tỉnh", "toàn thành phố", "nhìn chung", "như vậy",
    "đáng chú ý", "về", "trong khi", "khi", "thì", "bình quân", "trung bình", "mỗi ngày", "mỗi tháng",
    "mỗi năm", "có", "là", "đạt", "kết quả", "lũy kế", "tổng cộng", "hiện đã", "nay", "phấn đấu",
    "mục tiêu", "dự kiến", "dự báo", "ước tính", "kế hoạch", "chỉ tiêu", "phấn đấu đến", "được biết",
    "cho biết", "theo báo cáo", "báo cáo", "nâng", "nâng cao", "đưa", "trở lên", "trở xuống", "gây",
    "so với", "so với tháng trước", "so với quý trước", "so với năm trước", "so với kỳ trước", "so với năm ngoái",
    "so với cùng kỳ", "so với cùng kỳ năm trước", "so với cùng kỳ năm ngoái", "cùng kỳ năm trước",
    "cùng kỳ năm ngoái", "cùng kỳ", "mặc dù", "dù", "tuy", "thời gian qua", "vào", "tiếp theo là", "tiếp đến là",
    "tiếp sau là", "theo sau là", "tiếp theo", "sau đó là", "dẫn đầu với", "đứng đầu với", "tiếp tục dẫn đầu với",
)
# Heads of a measure: a phrase starting with one of them names what is measured.
MEASURE_HEADS = (
    "tỷ lệ", "số", "số lượng", "tổng số", "tổng", "doanh thu", "giá trị", "quy mô", "tốc độ", "chỉ số",
    "mức", "lượng", "thu nhập", "tỷ trọng", "năng suất", "kim ngạch", "dung lượng", "công suất", "điểm",
    "lưu lượng", "sản lượng", "vốn", "kinh phí", "tổng mức", "tăng trưởng", "đóng góp", "thị phần",
    "mật độ", "thứ hạng", "xếp hạng", "giao dịch", "khối lượng", "chi phí", "giá", "nguồn thu", "lợi nhuận",
    "số tiền", "ngân sách", "quỹ", "doanh số", "trị giá", "tổng giá trị", "tổng doanh thu", "phần trăm", "độ phủ",
    "thời gian", "tốc độ tăng trưởng", "quy mô thị trường", "kinh tế số", "thương mại điện tử", "thiệt hại",
    "trụ cột", "chính quyền số", "xã hội số", "lao động",
)


# Nouns that continue a noun after a comma: ``bộ, ngành``, ``tỉnh, thành phố``, ``hệ thống, cơ sở dữ liệu``.
_LIST_PARTNERS = (
    "ngành", "thành phố", "thành", "địa phương", "đơn vị", "cơ sở dữ liệu", "csdl", "phường", "xã", "thị trấn",
    "thị xã", "cá nhân", "tổ chức", "doanh nghiệp", "chia sẻ", "cơ quan", "cơ quan ngang bộ", "huyện",
    "quận", "sở", "ban", "hợp tác xã", "hộ kinh doanh", "người dân", "ứng dụng", "nền tảng", "hệ thống",
    "công chức", "viên chức", "người lao động", "học sinh", "sinh viên", "bệnh viện", "trường học",
)


# Matched in normalised text, so the words are normalised too (``khoảng`` is written ``khỏang`` there).
_PARTNER_RE = fast_compile(rf"(?!(?:ban hành|ban hanh)(?!\w))(?:{alternation(map(normalize, _LIST_PARTNERS))})(?!\w)")
# (``bị`` is passive, but not in ``thiết bị``, device)
# (``thiết bị`` is no ``bị``, ``chỉ tiêu``/``chỉ số``/``địa chỉ`` no ``chỉ``, ``đầu vào`` no ``vào``; ``doanh nghiệp
# nhỏ và vừa`` is one noun)
_STOP_RE = fast_compile(rf"(?<!thiết )(?<!thiet )(?!(?<=nhỏ )và vừa(?!\w))(?!(?<=nho )va vua(?!\w))"
                       rf"(?!(?<=đầu )vào(?!\w))"
                      r"(?!chỉ (?:tiêu|số|thị|đạo|dẫn)(?!\w))(?!(?<=địa )chỉ(?!\w))(?!(?<=dia )chi(?!\w))"
                      rf"(?:{alternation(map(normalize, _STOP_WORDS))})(?!\w)")
# Searched or matched from an offset (``rx.match(norm, a, b)``): ``^`` would only match at offset 0.
# (``hiện`` is no ``hiện`` in ``phát hiện``, ``thực hiện``, ``thể hiện``, ``xuất hiện``)
_LINK_TAIL_RE = fast_compile(rf"(?<!\w)(?:{alternation(normalize(w) for w in _LINK_WORDS if w != 'hiện')}"
                           r"|(?<!phát )(?<!thực )(?<!thể )(?<!xuất )hiện"
                           r"|(?<!quốc )(?<!quoc )(?:gia tăng|gia tang))[\s(:]*$")  # (not ``quốc gia tăng 5%``)
_LINK_TAIL_CHARS = max(map(len, _LINK_WORDS))
_OPENER_RE = fast_compile(rf"(?:{alternation(map(normalize, _OPENERS))})(?!\w)[\s,]*")
# ``số hóa`` (digitise) and ``số liệu`` (data) are no ``số`` (number of), ``Tổng cục``, ``Tổng công ty``,
# ``tổng kết``, ``tổng hợp`` no ``tổng`` (total; but ``doanh thu hợp nhất`` is revenue), ``xếp hạng thứ 9`` no
# ``xếp hạng`` (ranking).
_MEASURE_HEAD = (rf"(?:{alternation(map(normalize, MEASURE_HEADS))})(?!\w)"
                 r"(?!\s+(?:hóa|liệu|cục|công ty|giám đốc|bí thư|thư ký|kết|thể|thứ)(?!\w))(?!(?<=tổng)\s+hợp(?!\w))"
                 r"(?!(?<=số)\s*\d)(?!(?<=so)\s*\d)")  # ``số 215/KH-UBND``: a document's number, no ``số``
_MEASURE_RE = fast_compile(_MEASURE_HEAD)
_MEASURE_SEARCH_RE = fast_compile(r"(?<!\w)" + _MEASURE_HEAD)
# ``trong đó 2,8 triệu tài khoản ...`` is a part, ``87 thuê bao/100 dân`` a rate: neither is the count before
_SUBSET_RE = fast_compile(r"(?<!\w)(?:trong đó|trong số đó|trong do|trong so do)(?!\w)")
_RATE_RE = fast_compile(r"\s*(?:/|trên\s+100|tren\s+100)")
_COUNT_HEAD_RE = fast_compile(r"(?:tổng số|số lượng|số|tong so|so luong|so)\s")
# A clause that tells of a value before the period it is of: ``Các chuyên gia dự báo [năm 2025] ...``.
_TELLERS = ("dự báo", "dự kiến", "cho biết", "cho thấy", "cho rằng", "nhận định", "ước tính", "kết thúc", "ghi nhận",
            "công bố")
_TELLER_RE = fast_compile(rf"(?<!\w)(?:{alternation(map(normalize, _TELLERS))})(?!\w)")
_TOLD_BEFORE_RE = fast_compile(rf"(?<!\w)(?:{alternation(map(normalize, _TELLERS))})[\s,]*$")
# A measure named after ``với``/``có``, a teller or a raising verb inside a longer phrase: ``Viettel kết thúc
# năm với [doanh thu]``, ``Các ngân hàng báo cáo [doanh số thanh toán]``, ``nâng [tổng số trạm] lên 30.000``.
_INNER_WORDS = ("với", "có", "về", "báo cáo", "nâng", "đưa", *_TELLERS)
_INNER_MEASURE_RE = fast_compile(rf"(?<!\w)(?P<word>{alternation(map(normalize, _INNER_WORDS))})"
                               r"\s+"
                               rf"({_MEASURE_HEAD})")
# Heads that name nothing without what follows them; ``kinh tế số``, ``doanh thu`` are whole subjects.
_GENERIC_HEADS = frozenset(map(normalize, (
    "tỷ lệ", "số", "số lượng", "tổng số", "tổng", "giá trị", "quy mô", "tốc độ", "chỉ số", "mức", "lượng",
    "tỷ trọng", "điểm", "phần trăm", "tổng giá trị", "khối lượng", "mật độ", "thị phần", "tốc độ tăng trưởng")))
_WORD_RE = fast_compile(r"[^\W_]+(?:[&+-][^\W_]+)*")
# Words a subject never ends on: what stood after them was a period or a place, cut away
# (``doanh thu toàn ngành trong [tháng 8]``, ``tỷ trọng ... các năm từ [2020 - 2024]``).
_DANGLING_WORDS = frozenset(map(normalize, {
    'các năm', 'của', 'giai đoạn', 'những năm', 'trong giai đoạn', 'trong vòng', 'trên', 'trên địa bàn', 'tại',
    'tại địa bàn', 'tới', 'từ', 'vào', 'đến', 'địa bàn', 'ở', 'cac nam', 'cua', 'den', 'giai doan', 'o', 'tai',
    'toi', 'tren', 'trong', 'tu', 'vao', 'cả', 'ca', 'tính đến', 'tính tới', 'tinh den', 'tinh toi', 'tính đến hết',
    'tính đến cuối', 'tính tới cuối', 'đến cuối', 'tới cuối', 'tinh den cuoi', 'den cuoi', 'tại thời điểm này',
    'thời điểm này', 'hiện nay', 'tai thoi diem nay', 'hien nay',
    'tính tới hết', 'đến hết', 'tới hết', 'tinh den het', 'den het', 'năm', 'tháng', 'quý', 'trong năm',
    'trong tháng', 'trong quý', 'đầu năm', 'cuối năm', 'nửa đầu năm', 'nửa cuối năm', 'nam', 'thang', 'quy',
    # a conjunction or an adverb before the verb: ``225 điểm phục vụ và [34 trạm]``, ``Số trạm cũng tăng``
    'và', 'hoặc', 'cũng', 'đều', 'vẫn', 'đã', 'sẽ', 'tiếp tục', 'va', 'hoac',
    # a plural marker whose noun was a period cut away: ``tỷ trọng ... trong GDP các [năm 2020 - 2023]``
    'các', 'những', 'cac', 'nhung',
}))
# ``QR Code tiếp tục là điểm sáng khi tăng 61%``: what rises is the subject before the comment on it
_WHEN_TAIL_RE = fast_compile(r"(?:\s+(?:(?:tiếp tục|vẫn|cũng|đã|đang|tiep tuc|van|cung|da|dang)\s+)*"
                           r"(?:là|trở thành|la|tro thanh)(?:\s+[^\s,;]+){1,6})?\s+khi$")
_CONJUNCTIONS = frozenset(("và", "hoặc", "va", "hoac"))
_BOUNDARY = ",;:.()[]\n!?\"“”"
_WHOLE_OF_RE = fast_compile(r"(?<!\w)(?:tòan|toan)\s+$")


class Subject(NamedTuple):
    """A subject as written: ``text[start:end]``; ``how`` names the rule that found it."""

    start: int
    end: int
    how: str


_AVERAGE_OF_RE = fast_compile(r"(?:trung bình|bình quân|trung binh|binh quan)\s+(?:của\s+|cua\s+)?(?:quốc tế|thế giới"
                               r"|toàn cầu|khu vực|cả nước|toàn quốc|ngành|quoc te|the gioi|toan cau|khu vuc|ca nuoc"
                               r"|toan quoc|nganh)(?!\w)")
_AND_RE = fast_compile(r"(?:và|hoặc|va|hoac)\s+")
# A share in brackets between a count and its noun: ``42/63 (chiếm 75%) các tỉnh``
_SHARE_ASIDE_RE = fast_compile(r"\((?:\s*(?:chiếm|đạt|tương đương|khoảng|chiem|dat|tuong duong|khoang))?"
                                r"\s*[\d.,]+\s*%\s*\)")
# A star rating names a class of what is counted: ``31% sản phẩm 4 sao``
_STARS_RE = fast_compile(r"\d\s+sao(?!\w)")
# ... and so does a grade: ``tài khoản định danh điện tử mức 2``, ``dịch vụ công mức độ 4``
_GRADE_RE = fast_compile(r"(?:(?<=mức )|(?<=muc )|(?<=độ )|(?<=do )|(?<=cấp )|(?<=cap ))[1-4](?![\w/-]|[.,]\d)")


def counted_noun(norm: str, end: int, limit: int) -> Subject | None:
    """The noun phrase right after a number ending at ``end`` (rule ``after``), within ``[end, limit)``; a star
    rating or a grade is part of it (``sản phẩm 4 sao``, ``tài khoản mức 2``)."""
    words, pos, stop_at, noun_start = 0, end, None, end
    while pos < limit:
        while pos < limit and norm[pos] in " \t\xa0":
            pos += 1
        if pos >= limit:
            break
        ch = norm[pos]
        if ch == "," and words:
            cont = _comma_continuation(norm, pos + 1, limit)
            if cont is None:
                break
            stop_at = pos = cont
            continue
        if ch == "(" and not words and (aside := _SHARE_ASIDE_RE.match(norm, pos, limit)):
            pos = noun_start = aside.end()  # ``Có 42/63 (chiếm 75%) các tỉnh ...``: the noun comes after the share
            continue
        if words and (conj := _AND_RE.match(norm, pos, limit)) \
                and (cont := _comma_continuation(norm, conj.end(), limit)) is not None:
            stop_at = pos = cont  # ``24 triệu giáo viên và học sinh``: two nouns of one count
            continue
        if ch in _BOUNDARY or _STOP_RE.match(norm, pos):
            break
        grade = _GRADE_RE.match(norm, pos) if words else None
        w = grade or (_STARS_RE.match(norm, pos) if words else None) or _WORD_RE.match(norm, pos)
        if w is None or words >= MAX_AFTER_WORDS or not (grade or any(c.isalpha() for c in w.group())):
            break
        words += 1
        pos = stop_at = w.end()
    if stop_at is None:
        return None
    start = noun_start
    while start < stop_at and norm[start] in " \t\xa0":
        start += 1
    return Subject(start, stop_at, "after") if start < stop_at else None


def _comma_continuation(norm: str, pos: int, limit: int) -> int | None:
    """End of a short noun chunk after a comma (``bộ, ngành``), or None when a new phrase starts there."""
    while pos < limit and norm[pos] == " ":
        pos += 1
    if not _PARTNER_RE.match(norm, pos, limit):
        return None
    words, end = 0, None
    while pos < limit:
        while pos < limit and norm[pos] == " ":
            pos += 1
        if pos >= limit or norm[pos] in _BOUNDARY:
            break
        if _STOP_RE.match(norm, pos):
            if words == 0:
                return None
            break
        w = _WORD_RE.match(norm, pos)
        if w is None or not any(c.isalpha() for c in w.group()):
            break
        words += 1
        pos = end = w.end()
        if words > 5:
            return None
    return end


def before_verb(norm: str, lead_start: int, number_start: int,
                skip: list[tuple[int, int]] = ()) -> tuple[Subject | None, bool]:
    """The phrase before a number (rule ``before``) and whether a linking verb stands between them.

    ``skip`` are spans (periods, dates, places) that cannot be part of a subject: the phrase starts after
    one at its start and ends before one at its end."""
    a = max(lead_start, number_start - MAX_BEFORE_CHARS)
    i = number_start
    labelled = False  # a label and a colon before the number: ``trung bình quốc tế: 63%``
    while True:
        i = max(norm.rfind(",", a, i), norm.rfind(";", a, i), norm.rfind(":", a, i), norm.rfind("(", a, i),
                norm.rfind("\n", a, i), norm.rfind(")", a, i))
        if i < 0:
            break
        ch = norm[i]
        if ch == ":" and not norm[i + 1:number_start].strip():
            labelled = True
            continue  # ``Doanh thu ước đạt: 276.769 tỷ đồng``: the colon only opens the value
        if ch == ")":
            opening = norm.rfind("(", a, i)
            if opening >= 0 and i - opening <= 40:
                i = opening
            continue
        if ch == "," and _PARTNER_RE.match(norm, i + 1 + (norm[i + 1:i + 2] == " "), number_start):
            continue
        if ch == "," and _REACHING_RE.fullmatch(norm, i + 1, number_start):
            continue  # ``Lỗ hổng bảo mật mới tăng mạnh, tới 17%``: the comma only sets off how far
        a = i + 1
        break
    if i < 0:
        a = _wider_measure_start(norm, lead_start, a)
        while a > lead_start and norm[a - 1].isalnum():
            a -= 1
    b = number_start
    linked = labelled
    while True:
        m = _LINK_TAIL_RE.search(norm, _tail_window(norm, a, b, _LINK_TAIL_CHARS), b)
        if not m or m.start() == m.end():
            break
        linked = True
        b = m.start()
        if _REACHING_RE.fullmatch(norm, m.start(), m.end()) and norm[a:b].rstrip().endswith(","):
            b = len(norm[:b].rstrip()) - 1  # (``tăng mạnh, tới``: the verb before the comma links too)
    if (source := _SOURCE_BRACKET_RE.search(norm, a, b)) is not None:
        b = source.start()  # ``Tốc độ băng rộng cố định tháng 10/2023 (theo Ookla) đạt``: who measured it
        while b > a and norm[b - 1] in " ,":
            b -= 1
    cut = _before_skipped_tail(norm, a, b, skip)
    cut_place, b = cut != b, cut
    for s, e in sorted(skip):
        if a <= s < b and (not norm[a:s].strip(" ,") or _TOLD_BEFORE_RE.search(norm, max(a, s - 24), s)):
            a = min(e, b)
    while a < b:
        while a < b and norm[a] in " ,\t-–•*+·":  # and a list bullet
            a += 1
        if marker := _ITEM_MARKER_RE.match(norm, a, b):  # ``(2) góp phần ...``
            a = marker.end()
        m = _OPENER_RE.match(norm, a, b)
        if not m or m.end() == a:
            break
        if _AVERAGE_OF_RE.match(norm, a, b):
            break  # ``trung bình quốc tế: 63%``: the average of a place or a field, a measure
        a = m.end()
        for s, e in skip:
            if s == a:
                a = min(e, b)
    while b > a and norm[b - 1] in " ,\t(:-–":
        b -= 1
    if when := _WHEN_TAIL_RE.search(norm, a, b):
        b = when.start()
        while (m := _LINK_TAIL_RE.search(norm, _tail_window(norm, a, b, _LINK_TAIL_CHARS), b)) and m.start() < b:
            b = m.start()
        while b > a and norm[b - 1] in " ,\t(:":
            b -= 1
    while True:
        cuts = [norm.rfind(" ", a, b)]
        for _ in range(2):
            if cuts[-1] > a:
                cuts.append(norm.rfind(" ", a, cuts[-1]))
        cut = next((c for c in reversed(cuts) if c >= 0 and norm[c + 1:b] in _DANGLING_WORDS
                    and not any(s < c + 1 < e for s, e in skip)), None)  # (not ``nam`` of ``Việt Nam``)
        if cut is None:
            break
        if cut_place and norm[cut + 1:b] in _CONJUNCTIONS \
                and not any(e == len(norm[:cut].rstrip(" ,")) for _, e in skip):
            return None, linked  # ``A đứng đầu và [TP Đà Nẵng] giữ vị trí thứ 2``: the words before are A's
        listed = norm[cut + 1:b] in _CONJUNCTIONS
        b = cut
        while b > a and norm[b - 1] in " ,\t(":
            b -= 1
        if not listed and (before_place := _before_skipped_tail(norm, a, b, skip)) != b:
            # ``... tại [Việt Nam] trong nửa đầu năm``: the place before the period cut away
            b, cut_place = before_place, True
            while b > a and norm[b - 1] in " ,\t(":
                b -= 1
    if b - a < 2 or not any(c.isalpha() for c in norm[a:b]):
        return None, linked
    return Subject(a, b, "before"), linked


def _before_skipped_tail(norm: str, a: int, b: int, skip: list[tuple[int, int]]) -> int:
    """Where ``norm[a:b]`` ends once the skipped spans (periods, places) closing it are cut away, with the words
    that close a period (``trong 5 tháng vừa qua``) and ``toàn`` before a place (``hồ sơ [toàn] tỉnh Nghệ An``)."""
    for s, e in sorted(skip, reverse=True):
        if a <= s and e <= b and (not norm[e:b].strip(" ,:") or _PAST_TAIL_RE.fullmatch(norm, e, b)):
            b = s
            whole = _WHOLE_OF_RE.search(norm, max(a, s - 6), s)
            if whole:
                b = whole.start()
    return b


_LISTED_PHRASES = 2


def _listed_measure(norm: str, lead_start: int, before: Subject) -> Subject:
    """A phrase cut at a comma inside a list of nouns a measure opens (``[tỷ lệ khai thác, tái sử dụng dữ liệu]
    đạt 92%``, ``[tỷ lệ khai thác, tái sử dụng thông tin, dữ liệu]``): from the measure, when one of the two
    phrases before the comma starts with one and they hold no number."""
    end = before.start
    for _ in range(_LISTED_PHRASES):
        comma = end - 1
        while comma > lead_start and norm[comma] in " \t":
            comma -= 1
        if comma <= lead_start or norm[comma] != ",":
            return before
        start = max(lead_start, *(norm.rfind(c, lead_start, comma) + 1 for c in ";:(\n,"))
        while start < comma and norm[start] in " \t":
            start += 1
        while (opener := _OPENER_RE.match(norm, start, comma)) and opener.end() > start:
            start = opener.end()  # ``..., song [số lượng trang web giả mạo, ...]``
        if _DIGIT_RE.search(norm, start, comma) or len(norm[start:comma].split()) > 6:
            return before
        if _MEASURE_RE.match(norm, start, comma):
            return Subject(start, before.end, "before")
        end = start
    return before


def _tail_window(norm: str, a: int, b: int, longest: int) -> int:
    """Where a search for a word of at most ``longest`` characters ending ``norm[a:b]`` (before spaces and
    an opening bracket) need start: a ``$``-anchored pattern searched from ``a`` is tried at every position."""
    end = b
    while end > a and (norm[end - 1].isspace() or norm[end - 1] in "(:"):
        end -= 1
    return max(a, end - longest)


def _wider_measure_start(norm: str, lead_start: int, a: int) -> int:
    """Where a subject cut at ``MAX_BEFORE_CHARS`` starts when a measure head opens its phrase a little
    further back (``tỷ lệ hồ sơ trực tuyến toàn trình trên tổng hồ sơ ... của dịch vụ công ... đạt 64%``)."""
    if a <= lead_start:
        return a
    wider = max(lead_start, a - MAX_BEFORE_CHARS)
    boundary = max(norm.rfind(c, wider, a) for c in ",;:(\n")
    if boundary < 0 and wider > lead_start:
        return a
    start = boundary + 1 if boundary >= 0 else wider
    while start < a and norm[start] in " \t":
        start += 1
    return start if _MEASURE_RE.match(norm, start, a) else a


def is_count(norm: str, subject: Subject) -> bool:
    """Does the subject name a count (``số thuê bao``, ``tổng số hồ sơ``, ``số lượng ...``)?"""
    return is_measure(norm, subject) and bool(_COUNT_HEAD_RE.match(norm, subject.start, subject.end))


def is_measure(norm: str, subject: Subject) -> bool:
    """Does the subject start with a measure head (``tỷ lệ``, ``số``, ``doanh thu`` ...) or name the average of a
    place or a field (``trung bình quốc tế``)?"""
    return bool(_MEASURE_RE.match(norm, subject.start, subject.end)
                or _AVERAGE_OF_RE.match(norm, subject.start, subject.end))


def subject_of(norm: str, number: tuple[int, int], lead_start: int, phrase_end: int,
               counted: bool, skip: list[tuple[int, int]], carried: Subject | None) -> Subject | None:
    """The subject of one quantity (the rules of the module docstring).

    ``counted`` says the number may take a noun after it (counts and shares); ``carried`` is the subject
    of the previous quantity of the sentence, or of the previous sentence."""
    if carried is not None and _GOAL_LEAD_RE.search(norm, max(lead_start, number[0] - 50), number[0]):
        return Subject(carried.start, carried.end, "carried")  # ``(vượt chỉ tiêu đề ra năm 2024 là 7.400 ...)``
    before, linked = before_verb(norm, lead_start, number[0], skip)
    if before is not None and (change := _TOLD_CHANGE_RE.search(norm, before.start, before.end)) \
            and change.start() > before.start:
        before = Subject(before.start, change.start(), "before")  # ``A ghi nhận tăng trưởng âm 50%``: A changed
    if before is not None and not is_measure(norm, before) \
            and _LOCATED_RE.search(norm, max(lead_start, before.start - 12), before.start):
        before = None  # ``công tác số hóa hồ sơ, tại [Khu kinh tế] đạt 99%``: where, not what
    if before is not None and carried is not None and _PRONOUN_RE.match(norm, before.start, before.end):
        return Subject(carried.start, carried.end, "carried")  # ``trong khi năm 2022, nó đã vượt 14%``
    if before is not None and not is_measure(norm, before):
        inner = _INNER_MEASURE_RE.search(norm, before.start, before.end)
        if inner and not _only_a_head(norm, Subject(inner.start(2), before.end, "before")):
            before = Subject(inner.start(2), before.end, "before")
        elif teller := _TELLER_RE.search(norm, before.start, before.end):
            head = _MEASURE_SEARCH_RE.search(norm, teller.end(), before.end)  # ``cho biết đã đo [tốc độ]``
            if head:
                before = Subject(head.start(), before.end, "before")
        else:  # ``Để đạt mục tiêu đến năm 2025 [tỷ trọng kinh tế số ...]``: a measure right after a period
            for _, e in skip:
                if before.start < e < before.end and (head := _MEASURE_RE.match(norm, e + 1, before.end)) \
                        and norm[e:e + 1] == " ":
                    before = Subject(head.start(), before.end, "before")
                    break
    if before is not None and not is_measure(norm, before) and len(norm[before.start:before.end].split()) > 8 \
            and (not counted or norm[number[1] - 1] == "%"):
        last = next((h for h in reversed(list(_MEASURE_SEARCH_RE.finditer(norm, before.start + 1, before.end)))
                     if h.group() in _TELLING_HEADS
                     and not _only_a_head(norm, Subject(h.start(), before.end, "before"))), None)
        if last is not None:  # ``ngành ... có những bước phát triển thể hiện qua [số lượng doanh nghiệp] tăng 30%``
            before = Subject(last.start(), before.end, "before")
    if before is not None and not is_measure(norm, before) and lead_start > 0 \
            and (norm[lead_start - 1].isalnum() or norm[lead_start - 1] == "%") \
            and not norm[lead_start:before.start].strip() \
            and not _MEASURE_SEARCH_RE.search(norm, before.start, before.end):
        before = None  # ``Indonesia có 301 MW vận hành và tới 388 MW``: the words after a number are its own
    if before is not None and not is_measure(norm, before) and _ASPECT_RE.match(norm, before.start, before.end):
        before = None  # ``nhưng đang triển khai 280 MW``: a verb phrase, no subject
    if before is not None and not is_measure(norm, before):
        before = _listed_measure(norm, lead_start, before)
    if before is not None and linked and (inner := next((m for m in _INNER_MEASURE_RE.finditer(
            norm, before.start, before.end) if m.group("word") in ("với", "voi")), None)) \
            and not _only_a_head(norm, Subject(inner.start(2), before.end, "before")):
        before = Subject(inner.start(2), before.end, "before")  # ``mức độ chuyển đổi với [giá trị DTI] đạt``
    after = counted_noun(norm, number[1], phrase_end)
    if after is not None and norm[number[1] - 1] == "%" and (
            _PLAN_WHOLE_RE.match(norm, after.start)
            or _GOAL_COMPARED_RE.search(norm, max(lead_start, number[0] - 12), number[0])
            and _REQUIRED_RE.match(norm, after.start)
            or (before is not None or carried is not None)
            and _SHARE_OF_RE.search(norm, max(lead_start, number[0] - 24), number[0])):
        after = None  # ``đạt 43% kế hoạch năm``, ``A chiếm 62% tổng số hồ sơ``: the whole, not the subject
    if not counted and after is not None and (not is_measure(norm, after) or _only_a_head(norm, after)
                                              or _TIMES_END_RE.search(norm, number[0], number[1])):
        after = None  # an amount takes a noun after it only when it names a measure (``51 MW công suất ...``)
    if before is not None and after is not None and not linked \
            and _NUMBER_END_RE.search(norm, max(0, before.start - 3), before.start):
        before = None  # ``225 điểm phục vụ và 34 trạm``: the words before 34 are the noun of 225
    if before is not None and after is not None and counted and not linked \
            and _PREPOSITION_GAP_RE.fullmatch(norm, before.end, number[0]):
        before = None  # ``cao nhất trong 83 bộ, ngành``: the number counts what follows it, inside a modifier
    if before is not None and after is None and carried is not None and (
            _BARE_TOTAL_RE.fullmatch(norm, before.start, before.end)
            or _only_a_head(norm, before) and _OPENERS_ONLY_RE.fullmatch(
                norm, max(lead_start, *(norm.rfind(ch, lead_start, before.start) + 1 for ch in ",;:(")),
                before.start)):
        # ``đạt tỷ lệ 40,8%``: a share of what the clause before counted
        return Subject(carried.start, carried.end, "carried")  # ``thêm 500 CSDL, nâng tổng số lên 3.100``
    if before is not None and after is None and carried is not None and _only_a_head(norm, before) \
            and norm.startswith(norm[before.start:before.end], carried.start):
        return Subject(carried.start, carried.end, "carried")  # ``..., B đứng thứ hai với tỷ lệ 99,7%``
    if after is not None and before is not None and counted and norm[number[1] - 1] == "%" and is_measure(norm, after) \
            and _CHANGE_BEFORE_RE.search(norm, max(before.end, number[0] - 24), number[0]):
        return after  # ``tăng năng suất và giảm khoảng 40% [thời gian chờ đợi]``: the change is of what follows
    if before is not None and is_measure(norm, before) and not (after and _only_a_head(norm, before)):
        return before
    if after is not None and before is None and carried is not None and counted \
            and _COUNT_HEAD_RE.match(norm, carried.start, carried.end) \
            and norm[after.start:after.end] in norm[carried.start:carried.end] \
            and not _SUBSET_RE.search(norm, carried.end, number[0]) and not _RATE_RE.match(norm, after.end):
        return Subject(carried.start, carried.end, "carried")  # ``số thuê bao 5G tăng ..., đạt 12 triệu thuê bao``
    if after is not None and before is not None and linked \
            and before.end - before.start > after.end - after.start \
            and norm.startswith(norm[after.start:after.end] + " ", before.start):
        return before  # ``Doanh nghiệp công nghệ số tăng 5.000 doanh nghiệp``: the noun after repeats the head
    if after is not None:
        return after
    if before is not None and carried is not None and not is_measure(norm, before) \
            and _NUMBER_END_RE.search(norm, max(0, before.start - 3), before.start):
        return Subject(carried.start, carried.end, "carried")  # ``so với 63 triệu vụ năm 2021 - giảm 34%``
    if before is not None and (linked or carried is None) and not _only_skipped(before, skip):
        return before
    if before is None and (apposed := _apposed_measure(norm, lead_start, number[0], skip)) is not None:
        return apposed
    if carried is not None:
        return Subject(carried.start, carried.end, "carried")
    return None


_APPOSED_GAP_RE = fast_compile(r",\s*$")
_SOURCE_BRACKET_RE = fast_compile(r"\s*\(\s*(?:theo số liệu|số liệu của|theo|nguồn|nguon)(?!\w)[^()]{0,60}\)\s*$")
_PAST_TAIL_RE = fast_compile(r"\s+(?:vừa qua|qua|gần đây|trở lại đây|vua qua|gan day|tro lai day)[\s,:]*")
_REACHING_RE = fast_compile(r"\s*(?:lên\s+)?(?:tới|đến|toi|den|len toi|len den)\s*")
_BARE_TOTAL_RE = fast_compile(r"(?:tổng số|tổng cộng|tổng|tong so|tong cong|tong)")
_OPENERS_ONLY_RE = fast_compile(rf"[\s,]*(?:(?:{alternation(map(normalize, _OPENERS))})(?!\w)[\s,]*)+")


def _apposed_measure(norm: str, lead_start: int, number_start: int, skip: list[tuple[int, int]]) -> Subject | None:
    """The measure named in the comma phrase right before a bare value (``tỷ lệ dùng mã QR cao nhất, 55%``)."""
    gap = _APPOSED_GAP_RE.search(norm, max(lead_start, number_start - 3), number_start)
    if gap is None:
        return None
    phrase, _ = before_verb(norm, lead_start, gap.start(), skip)
    if phrase is None or not is_measure(norm, phrase) or _DIGIT_RE.search(norm, phrase.start, phrase.end):
        return None
    return phrase


_SHARE_WORDS = [normalize(w, f) for w in ("chiếm", "bằng", "tương ứng với", "tương đương với") for f in (False, True)]
_SHARE_OF_RE = fast_compile(rf"(?<!\w)(?:{alternation(_SHARE_WORDS)})"
                          r"(?:\s+[^\s\d]+){0,2}?\s*$")
_PLAN_WORDS = [normalize(w, f) for w in ("kế hoạch", "chỉ tiêu", "mục tiêu") for f in (False, True)]
# Heads that open a measure wherever they stand in a long phrase (``số`` alone, ``kinh tế số`` are also words of names)
_TELLING_HEADS = frozenset(normalize(w, f) for w in ("số lượng", "tổng số", "tỷ lệ", "tỉ lệ", "doanh thu", "giá trị",
                                                     "tỷ trọng", "tốc độ tăng trưởng", "quy mô") for f in (False, True))
_CHANGE_BEFORE_RE = fast_compile(r"(?<!\w)(?:giảm|tăng|giam|tang)(?:\s+[^\s\d]+){0,2}\s*$")
_ITEM_MARKER_RE = fast_compile(r"\(\s*(?:\d{1,2}|[a-zđ])\s*\)\s*")
_GOAL_LEAD_RE = fast_compile(r"(?:^|[(,;]\s*)(?:(?:đạt|vượt|so với|dat|vuot|so voi)\s+)?"
                           r"(?:chỉ tiêu|mục tiêu|kế hoạch|chi tieu|muc tieu|ke hoach)"
                           r"(?:\s+(?:đề ra|đặt ra|năm|de ra|dat ra|nam|\d{4}))*\s+(?:là|la)\s+$")
_TOLD_CHANGE_RE = fast_compile(rf"\s+(?:{alternation(map(normalize, _TELLERS))}|có|co)\s+(?:mức\s+|muc\s+)?"
                             r"(?:tăng trưởng|tang truong)(?:\s+(?:âm|dương|am|duong))?$")
_LOCATED_RE = fast_compile(r"(?:^|[,;:(]\s*|\s)(?:tại|ở|tai)\s+(?:các\s+|cac\s+)?$")
_PRONOUN_RE = fast_compile(r"(?:nó|no)(?!\w)")
_PLAN_WHOLE_RE = fast_compile(rf"(?:{alternation(_PLAN_WORDS)})(?!\w)")
# ``đạt 93% so với 80% yêu cầu``: the goal compared with is of the measure before
_GOAL_COMPARED_RE = fast_compile(r"(?<!\w)(?:so với|so voi)\s*$")
_REQUIRED_RE = fast_compile(r"(?:yêu cầu|yeu cau)(?!\w)")
_PREPOSITION_GAP_RE = fast_compile(r"[\s,]*(?:trong số|trong|của|giữa|trong tổng số|trong so|cua|giua)\s+")
_TIMES_END_RE = fast_compile(r"(?:lần|lan)$")  # ``gấp 3 lần tốc độ ...``: what it is compared with
_NUMBER_END_RE = fast_compile(r"[\d%]\s*$")
_ASPECT_RE = fast_compile(r"(?:(?:cũng|vẫn|cung|van)\s+)?(?:đang|sẽ|vừa|mới|dang|se|vua|moi)\s")
_PHRASE_COMMA_RE = fast_compile(r",(?!\d)")
_TOPIC_PHRASES = 4  # a sentence names its topic within its first four comma phrases
_DIGIT_RE = fast_compile(r"\d")


# Where a measure named for a list of labelled values ends: ``tỷ lệ hồ sơ trực tuyến [thấp nhất năm 2023 lần
# lượt gồm]: Cà Mau (6,1%), ...``
_LABEL_TOPIC_END_RE = fast_compile(r"\s+(?:cao nhất|thấp nhất|lớn nhất|nhiều nhất|ít nhất|dẫn đầu|đứng đầu|lần lượt"
                                 r"|gồm|là|đạt|năm|quý|tháng|của)(?!\w)|\s*[\d,;:.()]")
_ABOUT_RE = fast_compile(r"(?<!\w)về\s+")


# A value in brackets after its label, one of at least two in a sentence: ``A (14.000 tỷ đồng); B (1.500 tỷ đồng)``
_LABELLED_VALUE_RE = fast_compile(r"\((?:\s*[^\W\d]+){0,2}\s*\d")
_LABEL_OPEN_RE = fast_compile(r"[\s,;:]*(?:(?:và|hoặc|va|hoac)\s+)?")
MAX_LABEL_WORDS = 8


def bracket_label(norm: str, sentence: tuple[int, int], value_start: int,
                  blocked: list[tuple[int, int]]) -> Subject | None:
    """The label of a value in brackets in a list of labelled values (``phân bổ cho 3 nhóm: [đào tạo nhân lực]
    (14.000 tỷ đồng); [nghiên cứu và phát triển] (1.500 tỷ đồng)``), None when the label is a place or a period
    (a span of ``blocked``: ``Đà Nẵng (58,9%), Hà Giang (55,8%)`` are the places of one measure)."""
    a, b = sentence
    opening = value_start - 1
    if norm[opening:value_start] != "(" or len(_LABELLED_VALUE_RE.findall(norm, a, b)) < 2:
        return None
    start = max(a, *(norm.rfind(c, a, opening) + 1 for c in ",;:)\n"))
    start = _LABEL_OPEN_RE.match(norm, start, opening).end()
    end = opening
    while end > start and norm[end - 1].isspace():
        end -= 1
    label = norm[start:end]
    if end - start < 2 or _DIGIT_RE.search(label) or len(label.split()) > MAX_LABEL_WORDS \
            or any(s < end and start < e for s, e in blocked):
        return None
    return Subject(start, end, "label")


def label_topic(norm: str, sentence: tuple[int, int], value: tuple[int, int]) -> Subject | None:
    """The measure a list of place-labelled values is of (``A (67%), B (64%) ... dẫn đầu về [tỷ lệ hồ sơ trực
    tuyến]``, ``4 tỉnh có [tỷ lệ ...] thấp nhất gồm: C (6,1%), D (7%)``): the one before the list's colon,
    else the one after ``về`` later in the sentence, else the first one before the value (``[Mật độ ...] cao nhất
    thuộc về A (3,4), B (2,5)``, ``Các địa phương có [tỷ lệ ...] cao nhất là A (92%), B (90%)``)."""
    a, b = sentence
    colon = norm.rfind(":", a, value[0])
    head = _MEASURE_SEARCH_RE.search(norm, a, colon) if colon >= 0 else None
    if head is None:
        about = _ABOUT_RE.search(norm, value[1], b)
        head = _MEASURE_RE.match(norm, about.end(), b) if about else None
    if head is None:
        head = _MEASURE_SEARCH_RE.search(norm, a, value[0])
    if head is None:
        return None
    rates = [m.span() for m in RATE_BASE_RE.finditer(norm, head.end(), b)]  # part of the name: ``trên 1.000 dân``
    pos = head.end()
    while (end := _LABEL_TOPIC_END_RE.search(norm, pos, b)) is not None:
        inside = next((e for s, e in rates if s <= end.start() < e), None)
        if inside is None:
            break
        pos = inside
    stop = end.start() if end else b
    return Subject(head.start(), stop, "carried") if stop > head.end() else None


def sibling_of(norm: str, found: Subject, topic: Subject) -> bool:
    """Does ``found`` open with a noun of ``topic``, an item beside it (``[kênh QR]`` beside ``giao dịch qua kênh
    Internet``), not a function word (``của``)?"""
    head = norm[found.start:found.end].split(maxsplit=1)[0]
    return len(head) > 2 and not _STOP_RE.match(norm, found.start) and not _OPENER_RE.match(norm, found.start) \
        and head in norm[topic.start:topic.end].split()


def sentence_topic(norm: str, sentence_start: int, clause_start: int,
                   skip: list[tuple[int, int]] = ()) -> Subject | None:
    """The first measure a sentence names in a comma-separated phrase before ``clause_start``, for a later
    phrase with no subject of its own (``Quy mô thị trường tiếp tục tăng vọt, từ 11,8 tỷ USD ...``)."""
    start = sentence_start
    for n, comma in enumerate(_PHRASE_COMMA_RE.finditer(norm, sentence_start, clause_start)):
        if n == _TOPIC_PHRASES:
            break
        end = _DIGIT_RE.search(norm, start, comma.start())
        topic, _ = before_verb(norm, start, end.start() if end else comma.start(), skip)
        if topic is not None and not is_measure(norm, topic):
            inner = _INNER_MEASURE_RE.search(norm, topic.start, topic.end)
            topic = Subject(inner.start(2), topic.end, "before") if inner else None
        if topic is not None and not _only_a_head(norm, topic):
            return Subject(topic.start, topic.end, "carried")
        start = comma.end()
    return None


def antecedent(norm: str, head: str, start: int, end: int, any_head: bool = False) -> Subject | None:
    """The last phrase in ``norm[start:end]`` opening with the measure head ``head`` and naming more than it
    (``... [tỷ lệ hồ sơ trực tuyến toàn trình] của cả nước chưa đạt mục tiêu. Tỷ lệ này đạt 45,8%``); for
    ``con số`` (the figure) the last phrase opening with any measure head; with ``any_head`` (``head`` is
    the noun of ``Mức tốc độ này``) the last measure naming it, from the measure head before it."""
    if head in _FIGURE_HEADS:
        for m in reversed(list(_MEASURE_SEARCH_RE.finditer(norm, start, end))):
            rest = counted_noun(norm, m.end(), end)
            if rest is not None and not _only_a_head(norm, Subject(m.start(), rest.end, "")):
                return Subject(m.start(), rest.end, "carried")
        return None
    if any_head:
        at = end
        while (at := norm.rfind(head, start, at)) >= 0:
            if (at == 0 or not norm[at - 1].isalnum()) and (rest := counted_noun(norm, at, end)):
                lead = next((m for m in reversed(list(_MEASURE_SEARCH_RE.finditer(norm, max(start, at - 20), at)))
                             if not norm[m.end():at].strip()), None)
                return Subject(lead.start() if lead else at, rest.end, "carried")
        return None
    at = end
    while (at := norm.rfind(head, start, at)) >= 0:
        if (at == 0 or not norm[at - 1].isalnum()) and (rest := counted_noun(norm, at + len(head), end)) \
                and _MEASURE_RE.match(norm, at, rest.end) and not _only_a_head(norm, Subject(at, rest.end, "")):
            return Subject(at, rest.end, "carried")
    return None


_FIGURE_HEADS = frozenset(normalize(w, f) for w in ("con số",) for f in (False, True))


def _only_a_head(norm: str, subject: Subject) -> bool:
    """Is the subject a measure head alone (``tổng số``, ``tỷ lệ``), naming nothing of what is measured?"""
    m = _MEASURE_RE.match(norm, subject.start, subject.end)
    return m is not None and m.group() in _GENERIC_HEADS and not norm[m.end():subject.end].strip()


def _only_skipped(subject: Subject, skip: list[tuple[int, int]]) -> bool:
    return any(s <= subject.start and subject.end <= e for s, e in skip)


_LISTED_SEP_RE = fast_compile(r"\s*,\s*|\s+(?:và|va)\s+")


def listed_measures(norm: str, subject: Subject) -> list[Subject]:
    """The measures a subject lists (``[số lượng chủ thể] và [số sản phẩm OCOP]``, ``[A], [B] và [C]``), each
    opening with a measure head; empty unless there are two or more and every part opens with one."""
    parts, start = [], subject.start
    for sep in _LISTED_SEP_RE.finditer(norm, subject.start, subject.end):
        if _MEASURE_RE.match(norm, sep.end(), subject.end):
            parts.append(Subject(start, sep.start(), subject.how))
            start = sep.end()
    parts.append(Subject(start, subject.end, subject.how))
    if len(parts) < 2 or not all(_MEASURE_RE.match(norm, p.start, p.end) and not _only_a_head(norm, p)
                                 for p in parts):
        return []
    return parts

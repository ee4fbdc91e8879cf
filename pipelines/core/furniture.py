"""Page furniture (menus, counters, login prompts, share buttons, related links) removed from article text.

Rules are line-based and conservative: a rule matches a whole short line (after leading bullets), never a
part of a paragraph, and no line longer than ``MAX_FURNITURE_CHARS`` is ever dropped. Two headings open a
block: ``Thống kê truy cập`` drops the counter lines under it, and related-article headings (``Tin liên
quan``, ``Thông tin mới nhất``...) drop the short headline lines under them up to the first blank line or
sentence. Every dropped line is reported with its 1-based line number and rule, so nothing disappears
unseen. Kept lines are not rewritten (except a leading `` date 2023-10`` marker cut off the first line);
runs of blank lines collapse to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_FURNITURE_CHARS = 200
MAX_HEADLINE_CHARS = 160
MAX_RELATED_ITEMS = 15

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_DATE = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?"
_GMT = r"\(?\s*gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?"
_SEP = r"\s*[,|\-–—]?\s*"
_WHEN = rf"(?:{_DATE}|{_ISO_DATE})(?:{_SEP}(?:lúc\s*)?{_TIME})?(?:\s*{_GMT})?"
_SHARE_WORDS = (r"chia sẻ(?: bài viết)?|share|facebook|zalo|twitter|linkedin|e-?mail|gửi email|gửi bài|"
                r"in bài(?: viết)?|in trang|bản in|lưu bài(?: viết)?|copy link|sao chép (?:link|liên kết)|"
                r"tweet|thích|like|messenger|telegram|pinterest")
_RELATED_HEADINGS = (r"tin liên quan|các tin liên quan|tin bài liên quan|bài viết liên quan|bài liên quan|"
                     r"thông tin mới nhất|tin mới nhất|tin mới|bài mới nhất|tin mới hơn|tin cũ hơn|tin khác|"
                     r"các tin khác|bài viết khác|các bài viết khác|tin cùng chuyên mục|tin cùng loại|"
                     r"tin đã đưa|các tin đã đưa|tin nổi bật|tin xem nhiều|xem nhiều|đọc nhiều|tin đọc nhiều|"
                     r"bài đọc nhiều|có thể bạn quan tâm|bạn có thể quan tâm|tin tiêu điểm|tiêu điểm")
_MENU_WORDS = (r"trang chủ|giới thiệu|tin tức|tin tức\s*(?:[-–—&]|và)\s*sự kiện|sự kiện|tin hoạt động|"
               r"liên hệ|tìm kiếm|tìm kiếm nâng cao|liên kết website|liên kết web|liên kết|"
               r"sơ đồ (?:cổng|site|trang|website)|hỏi đáp|góp ý|văn bản|văn bản pháp quy|"
               r"văn bản chỉ đạo điều hành|thư viện ảnh|thư viện video|video|hình ảnh|multimedia|"
               r"infographics?|podcast|english|tiếng việt|menu|rss|chuyên mục|danh mục|quay lại|trở về|"
               r"trở lại|về đầu trang|lên đầu trang|về trang trước|đọc tiếp|tiếp theo|trang trước|trang sau|"
               r"lịch công tác|thông báo|tags?|từ khóa|từ khoá|mục lục|bình luận|gửi bình luận|"
               r"viết bình luận|ý kiến bạn đọc|gửi ý kiến|cổng thông tin điện tử")
_COUNTER_WORDS = (r"đang online|đang truy cập|truy cập hôm nay|tổng lượt truy cập|máy chủ tìm kiếm|"
                  r"khách viếng thăm")
_NUMBER = r"[\d.,\s]*\d"


@dataclass(frozen=True)
class Rule:
    """A named pattern matched against a whole line; ``opens`` names the block it starts, if any."""

    name: str
    pattern: re.Pattern[str]
    opens: str | None = None


def _rule(name: str, pattern: str, opens: str | None = None) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), opens)


RULES: tuple[Rule, ...] = (
    _rule("access-statistics", r"(?:thống kê (?:lượt )?truy cập|số lượt truy cập)\s*:?", opens="counters"),
    _rule("access-statistics", rf"(?:{_COUNTER_WORDS})\s*:?\s*{_NUMBER}"),
    _rule("session-prompt", r"đăng nhập|đăng xuất|đăng ký|quên mật khẩu\s*\??|tên đăng nhập|mật khẩu|"
                            r"ghi nhớ(?: đăng nhập)?"),
    _rule("session-prompt", r"bạn đã không sử dụng site.*|.*duy trì trạng thái đăng nhập.*|"
                            r"thời gian chờ\s*:\s*\d+\s*giây"),
    _rule("timestamp", rf"{_WEEKDAY}{_SEP}(?:ngày\s*)?{_WHEN}(?:\s+\d[\d.,]*)*"),
    _rule("dateline", rf"(?:(?:cập nhật|ngày cập nhật|cập nhật lúc|ngày đăng|đăng ngày|đăng lúc|"
                      rf"ngày xuất bản|xuất bản|thời gian đăng|ngày)\s*:?\s*)?(?:{_WEEKDAY}{_SEP})?"
                      rf"(?:ngày\s*)?{_WHEN}"),
    _rule("view-counter", rf"(?:lượt xem|số lượt xem|lượt đọc|lượt thích|lượt chia sẻ|views?)\s*:?\s*"
                          rf"{_NUMBER}"),
    _rule("rating", r"tổng số điểm của bài viết là\s*:?\s*\d+\s*trong\s*\d+\s*đánh giá|"
                    r"(?:click|bấm|nhấn) (?:vào )?để đánh giá bài viết|đánh giá bài viết|bình chọn|"
                    r"xếp hạng\s*:?\s*[\d.,]*(?:\s*-\s*\d+\s*phiếu bầu)?|\d+\s*phiếu bầu"),
    _rule("share", rf"(?:{_SHARE_WORDS})(?:[\s|•·,:/]+(?:{_SHARE_WORDS}))*\s*:?"),
    _rule("breadcrumb", r"trang chủ\s*[>»›/|].*"),
    _rule("related-list", rf"(?:{_RELATED_HEADINGS})\s*:?", opens="headlines"),
    _rule("related-link", r"(?:(?:xem thêm|đọc thêm|xem tiếp)\s*(?::|>>|»)|>>)\s*\S.{0,150}(?<![.;])"),
    _rule("navigation", rf"(?:{_MENU_WORDS})\s*:?"),
    _rule("tags", r"(?:từ khóa|từ khoá|tags?)\s*:.*"),
    _rule("caption-marker", r"ảnh tin bài|anh tin bai|\(?\s*ảnh minh (?:họa|hoạ)\s*\)?\.?|"
                            r"\(?\s*(?:ảnh|nguồn ảnh|photo)\s*:\s*[^.:]{1,60}\)?\.?"),
    _rule("footer", r"(?:©|copyright|bản quyền|powered by|designed by|thiết kế bởi|phát triển bởi|"
                    r"ghi rõ nguồn).*|"
                    r"(?:cơ quan chủ quản|chịu trách nhiệm(?: chính| nội dung)?|trưởng ban biên tập|"
                    r"giấy phép(?: số| xuất bản)?|địa chỉ|điện thoại|fax|e-?mail|hotline|"
                    r"đường dây nóng)\s*:.*"),
)

_BULLETS = re.compile(r"^[\s•·▪►»*+\-–]+")
_COUNTER_LINE = re.compile(rf"[^\W\d][^:]{{0,40}}:\s*{_NUMBER}", re.IGNORECASE)
_LEADING_MARKER = re.compile(r"^\s*(?:date\s+\d{4}-\d{2}(?:-\d{2})?|url\s+https?://\S+)(?:\s+|$)",
                             re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.:;…]\s*$")
_BLOCK_RULES = {"counters": "access-statistics", "headlines": "related-list"}


@dataclass(frozen=True)
class DroppedLine:
    """A line removed as furniture: its 1-based number in the input, its text and the rule that matched."""

    line_no: int
    text: str
    rule: str


@dataclass
class Stripped:
    """Article text without furniture, and what was removed."""

    text: str
    dropped: list[DroppedLine] = field(default_factory=list)


def strip_furniture(text: str) -> Stripped:
    """Remove page furniture line by line; see the module docstring for what counts."""
    lines = text.split("\n")
    dropped: list[DroppedLine] = []
    _cut_leading_marker(lines, dropped)
    kept: list[str] = []
    block: str | None = None
    items = 0
    for number, line in enumerate(lines, start=1):
        body = line.strip()
        if not body:
            if block == "headlines" and items:
                block = None
            kept.append("")
            continue
        rule = furniture_rule(body)
        if rule is not None:
            dropped.append(DroppedLine(number, line, rule.name))
            if rule.opens or rule.name != _BLOCK_RULES.get(block or ""):
                block, items = rule.opens, 0
            continue
        if block is not None and _continues_block(block, body) and items < MAX_RELATED_ITEMS:
            dropped.append(DroppedLine(number, line, _BLOCK_RULES[block]))
            items += 1
            continue
        block = None
        kept.append(line)
    return Stripped(_collapse_blank_lines(kept), dropped)


def furniture_rule(line: str) -> Rule | None:
    """The rule a single line matches as furniture, or None for article content."""
    body = _BULLETS.sub("", line.strip())
    if not body or len(body) > MAX_FURNITURE_CHARS:
        return None
    return next((rule for rule in RULES if rule.pattern.fullmatch(body)), None)


def _continues_block(block: str, body: str) -> bool:
    if block == "counters":
        return _COUNTER_LINE.fullmatch(_BULLETS.sub("", body)) is not None
    return len(body) <= MAX_HEADLINE_CHARS and not _SENTENCE_END.search(body)


def _cut_leading_marker(lines: list[str], dropped: list[DroppedLine]) -> None:
    """Cut a metadata marker such as `` date 2023-10`` off the start of the first non-blank line."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        marker = _LEADING_MARKER.match(line)
        if marker:
            dropped.append(DroppedLine(index + 1, marker.group(0).strip(), "metadata-marker"))
            lines[index] = line[marker.end():]
        return


def _collapse_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)

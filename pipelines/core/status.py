"""The status of a stated value: ``reported``, ``forecast`` or ``target``.

forecast
    ``dự báo``, ``dự kiến``, ``ước tính sẽ``, ``sẽ đạt``, ``sẽ tăng``, ``sẽ có``, ``kỳ vọng``,
    ``triển vọng`` before the number in its clause.
target
    a goal or a directive before the number in its sentence: ``phấn đấu``, ``chỉ tiêu`` (not ``đạt chỉ tiêu``
    or ``hoàn thành chỉ tiêu``, a report that the goal was met, nor ``so với chỉ tiêu``, a value measured
    against it), ``cam kết``,
    ``đề nghị``, ``để nâng``/``để đạt``, ``mục tiêu ... đến năm``, ``đặt mục tiêu``, ``mục tiêu là``,
    ``yêu cầu`` as a verb (not
    ``1,5 tỷ yêu cầu xác thực``, ``theo yêu cầu``, ``hồ sơ đề nghị``), ``cần`` or ``phải`` unless they
    describe the counted noun just before (``17 mục tiêu cần phải nỗ lực`` is a report) or ``phải`` tells what
    befell (``đã phải``, ``phải hứng chịu 20 sự cố mỗi ngày``) or is negated (``không còn phải in phim``);
    ``hoàn thành`` right before the number, not after ``đã``/``được`` (``đã hoàn thành triển khai 12/53 dịch vụ``) nor
    in a report of it (``Bộ ghi nhận Viettel hoàn thành triển khai 20.000 trạm``) nor of a period over when
    the article was published; a value of a period that starts after the reporting period and the
    publication date (``tính đến tháng 10`` in a nine-month report published in November is a report);
    a plan's figure in brackets after ``kế hoạch năm`` (:func:`is_plan_amount`); the figure a value is
    compared with as a goal (``so với 80% yêu cầu đặt ra``);
    and a figure under a plan's goals heading (:func:`target_sections`: ``II. MỤC TIÊU``).
reported
    everything else.

The patterns are written in lower case and compiled for normalised text, with and without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipelines.core import periods
from pipelines.core.metric_match import Scopes
from pipelines.core.phrases import compile_normalised, fast_compile, new_statement
from pipelines.core.sentences import Sentence

_PATTERNS = {
    "forecast": r"(?<!\w)(?:dự báo|dự kiến|ước tính sẽ|sẽ đạt|sẽ tăng|sẽ có|kỳ vọng|triển vọng)(?!\w)",
    "target": r"(?<!\w)(?:phấn đấu|(?<!đạt )(?<!vượt )(?<!so với )(?<!hoàn thành )(?<!\d )chỉ tiêu|cam kết"
              r"|để (?:nâng|đưa|đạt)|(?P<request>yêu cầu|đề nghị)"
              r"|(?P<modal>cần phải|cần(?! thiết)"
              r"|(?<!đã )(?<!từng )(?<!không )(?<!còn )phải"
              r"(?!\s+(?:hứng chịu|gánh chịu|chịu|đối mặt|đối diện|trải qua)(?!\w))))(?!\w)",
    "goal": r"(?<!\w)(?:mục tiêu[^.;]*?đến (?:cuối |hết )?năm|(?:đặt|đặt ra|đề ra|với|hướng tới|hướng đến) mục tiêu"
            r"|mục tiêu (?:là|đạt|đến|tới|phấn đấu))(?!\w)",
    "goal_set": r"(?<!\w)(?:đặt|đặt ra|đề ra|giao)\s+(?:mục tiêu|chỉ tiêu)(?!\w)",
    # (not ``Tỷ lệ hệ thống hoàn thành phê duyệt ... đạt 93%``: a measure of what was finished)
    "finish": r"(?<!\w)hoàn thành(?!\w)(?![^,;]*(?<!\w)(?:đạt|là|chiếm|ở mức)(?!\w))",
    # ``đạt 93% so với 80% yêu cầu đặt ra``: the figure compared with is the goal
    "goal_after": r"\s*(?:yêu cầu|mục tiêu|kế hoạch|chỉ tiêu)(?:\s+(?:đặt ra|đề ra|được giao|giao))?(?!\w)",
    "compared_before": r"(?<!\w)so với\s*$",
    "goal_before": r"(?<!\w)(?:mục tiêu|chỉ tiêu)(?:\s+(?:đề ra|đặt ra|năm \d{4}|của năm|là|đạt|đến|tới))*\s*$",
    "past_finish": r"(?<!\w)(?:(?:đã|được|vừa|cơ bản|có thể|khả năng|sẽ|việc)\s+"
                   r"|(?:ghi nhận|cho biết|công bố|thông báo|báo cáo)(?:\s+[^\s,;.]+){0,4}\s+)hoàn thành(?!\w)",
    "will": r"(?<!\w)(?:sẽ|tiếp tục|phấn đấu|dự kiến)(?!\w)",
    # ``đạt 15,7% so với kế hoạch năm (4.171.172 tỷ đồng)``: the plan's own figure, in brackets after it
    "plan_amount": r"(?<!\w)kế hoạch(?:\s+(?:cả\s+)?năm(?:\s+\d{4})?)?\s*\(\s*$",
    # ``chỉ tiêu là trên 80%, nhưng thực tế mới đạt 74,3%``: what was reached, told against the goal
    "actual": r"(?<!\w)(?:nhưng|song|tuy nhiên|trong khi|thực tế)(?:\s+(?:thực tế|kết quả|trên thực tế))?"
              r"(?:\s+(?:mới|chỉ|đã|vẫn))*\s+(?:đạt|là|có|đáp ứng)(?!\w)",
    "noun_request": r"(?:^|[^\w])(?:bị|các|những|mọi|theo|đáp ứng|đúng|số|về|lượt|nhận|tiếp nhận|xử lý|hồ sơ|đơn|"
                    r"giấy|văn bản|tờ trình)\s+$",
}
_RX = compile_normalised(_PATTERNS)


@dataclass(frozen=True)
class StatusCues:
    """Where the forecast cues of a sentence start, and where its first target cue stands (the
    sentence's end when it has none)."""

    forecast: list[int]
    first_target: int
    quantity_ends: tuple[int, ...] = ()


def status_cues(norm: str, folded: bool, sentence: Sentence, quantity_ends: list[int]) -> StatusCues:
    """The forecast and target cues of a sentence of ``norm`` (``normalize(text, folded)``);
    ``quantity_ends`` are the ends of its quantities."""
    rx = _RX[folded]
    a, b = sentence.start, sentence.end
    forecast = [m.start() for m in rx["forecast"].finditer(norm, a, b)]
    target = [m.end() for m in rx["goal"].finditer(norm, a, b)]
    for m in rx["target"].finditer(norm, a, b):
        if m.group("request") and _is_noun_request(norm, folded, a, m.start(), quantity_ends):
            continue
        if m.group("modal") and _describes_count(norm, m.start(), quantity_ends):
            continue
        target.append(m.start())
    return StatusCues(forecast, min(target, default=b), tuple(quantity_ends))


def status(text: str, norm: str, folded: bool, cues: StatusCues, clause_start: int, scopes: Scopes,
           period_id: str | None, reporting: periods.Period | None, published: date | None = None) -> str:
    """The status of the number at ``scopes`` in a clause starting at ``clause_start``, stated for
    ``period_id``, in an article (``text``, normalised ``norm``) reporting ``reporting`` and published on
    ``published``. A goal's cue reaches to the end of its sentence, not past a ``;`` opening a new
    statement after the goal's own value (:func:`_goal_told_before`)."""
    start = scopes.start
    rx = _RX[folded]
    right_before = norm[scopes.before_start:start]
    if rx["goal_before"].search(right_before) or is_plan_amount(norm, folded, start) \
            or rx["compared_before"].search(norm, max(0, start - 12), start) \
            and rx["goal_after"].match(norm, scopes.end):
        return "target"  # ``mục tiêu đề ra là 50%``, ``so với 80% yêu cầu``: the goal set, of a past year as well
    if period_id and reporting and periods.parse_id(period_id).end_date.year < reporting.start_date.year:
        return "reported"  # ``dự kiến lắp thêm 3.500 trạm, cùng với 6.500 trạm của năm 2024``: a past year's
    if any(clause_start <= f < start for f in cues.forecast) \
            and not (cues.first_target < min(f for f in cues.forecast if clause_start <= f < start)
                     and rx["goal_set"].search(norm, max(0, cues.first_target - 12), cues.first_target + 16)):
        return "forecast"  # (but ``Bộ đặt mục tiêu năm 2024, doanh thu sẽ đạt X`` sets a goal)
    if cues.first_target < start and not rx["actual"].search(norm, cues.first_target, start) \
            and not _goal_told_before(text, cues, start):
        return "target"
    if rx["finish"].search(right_before) and not rx["past_finish"].search(right_before) and (
            rx["will"].search(norm, clause_start, start)
            or not (published and period_id and periods.parse_id(period_id).end_date < published)):
        return "target"  # ``hoàn thành 30 nền tảng`` in a plan, not of a period over when it was told
    if period_id and reporting:
        start_date = periods.parse_id(period_id).start_date
        if start_date > reporting.end_date and (published is None or start_date > published):
            return "target"
    return "reported"


# Section headings of a plan: ``II. MỤC TIÊU``, ``2. Chỉ tiêu cụ thể``; the goals end at a heading on results,
# solutions or organisation, or at the next roman-numbered part.
_HEADING_RE = fast_compile(r"(?m)^[ \t]*(?P<marker>(?P<roman>[IVX]{1,4})[.)]|\d{1,2}[.)]|[a-zđ][.)])?"
                         r"[ \t]*(?P<title>[^\n]{3,100})$")
_GOALS_RE = fast_compile(r"(?i)(?<!\w)(?:mục tiêu|chỉ tiêu)(?!\w)")
# the same on lower-cased text, a literal first so that a search skips ahead fast
_GOALS_LOWER_RE = fast_compile(r"tiêu(?!\w)(?<=(?<!\w)(?:mục|chỉ) tiêu)")
_GOALS_END_RE = fast_compile(r"(?i)(?<!\w)(?:kết quả|đánh giá|thực trạng|tình hình|giải pháp|tổ chức thực hiện|kinh phí"
                           r"|nhiệm vụ)(?!\w)")


def target_sections(text: str) -> list[tuple[int, int]]:
    """The spans of a plan's goals sections (``II. MỤC TIÊU`` up to ``III. NHIỆM VỤ VÀ GIẢI PHÁP``): their
    figures are targets. A heading is a short line with a list marker, or in capitals."""
    out: list[tuple[int, int]] = []
    pos = 0
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    while (start := _next_goals_heading(text, lower, pos)) is not None:
        end = next((m.start() for m in _HEADING_RE.finditer(text, start) if (title := _heading_title(m))
                    and not _is_goals(title) and (_GOALS_END_RE.search(title) or m.group("roman"))), len(text))
        out.append((start, end))
        pos = end
    return out


def _heading_title(m: re.Match) -> str | None:
    """The title of a line matched by ``_HEADING_RE`` when the line is a heading."""
    title = m.group("title").strip()
    if not (m.group("marker") or title.isupper()) or title.endswith((".", ";", ",")) and not title.isupper():
        return None
    return title


def _is_goals(title: str) -> bool:
    return bool(_GOALS_RE.search(title)) and not _GOALS_END_RE.search(title)


def _next_goals_heading(text: str, lower: str, pos: int) -> int | None:
    """The end of the first goals heading at or after ``pos``: only lines naming goals are tried
    (``lower``: ``text`` in lower case, of the same length)."""
    for g in _GOALS_LOWER_RE.finditer(lower, pos):
        line = text.rfind("\n", 0, g.start()) + 1
        if line < pos:
            continue
        m = _HEADING_RE.match(text, line)
        if m is not None and (title := _heading_title(m)) is not None and _is_goals(title):
            return m.end()
    return None


def is_plan_amount(norm: str, folded: bool, start: int) -> bool:
    """Is the number at ``start`` a plan's figure in brackets after it (``so với kế hoạch năm (302.400 tỷ
    đồng)``)? It is a target of the whole year."""
    return norm[max(0, start - 3):start].rstrip().endswith("(") \
        and bool(_RX[folded]["plan_amount"].search(norm, max(0, start - 30), start))


def _goal_told_before(text: str, cues: StatusCues, start: int) -> bool:
    """Was the goal told with its own value before a ``;`` that opens a new statement ahead of ``start`` (``Mục
    tiêu ... đạt 90 thuê bao/100 dân; Thuê bao ... ước đạt 101 triệu``)? A directive's list of tasks goes on."""
    semicolon = new_statement(text, cues.first_target, start)
    return semicolon >= 0 and any(cues.first_target < e <= semicolon for e in cues.quantity_ends)


def _is_noun_request(norm: str, folded: bool, sentence_start: int, at: int, quantity_ends: list[int]) -> bool:
    """``yêu cầu``/``đề nghị`` as a noun: ``1,5 tỷ yêu cầu``, ``theo yêu cầu``, ``hồ sơ đề nghị``."""
    left = norm[max(sentence_start, at - 20):at]
    return bool(_RX[folded]["noun_request"].search(left)) or any(0 <= at - e <= 2 for e in quantity_ends)


def _describes_count(norm: str, at: int, quantity_ends: list[int]) -> bool:
    """Is the modal at ``at`` within three words after a quantity (``17 mục tiêu cần phải ...``)?"""
    return any(0 <= at - e < 60 and len(norm[e:at].split()) <= 3 and "," not in norm[e:at] for e in quantity_ends)

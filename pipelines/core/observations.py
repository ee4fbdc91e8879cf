"""Observations: the quantity mentions that state the value of an indicator, catalogued or not.

A cue of the cue file (:mod:`pipelines.core.metric_match`) gives a quantity its metric. A value may
also take the metric of the value before it in its clause, when nothing but a change verb, or a period
and ``đạt``, stands between them: a change of it (``hơn 1.500 doanh nghiệp ..., tăng hơn 7% so với năm
2022``, ``(tăng 213 triệu so với năm 2023)``),
the next value of a series (``2022 đạt 28%, 2023 đạt 19%``) or the end of a ``từ A lên B``. A cue
standing right next to the number still wins (``..., tăng trưởng 26%`` of a growth-rate metric).

kind
    A number right after ``tăng``, ``giảm``, ``thêm``, ``tăng trưởng`` (adverbs and qualifiers may
    stand between: ``tăng mạnh 67%``, ``thêm khoảng 687.000``) is a change: a ``change_pct`` when it
    is a percent, else a ``change_abs`` (percentage points for a percent metric; negative after
    ``giảm``, but not after ``cắt giảm``). A cue with ``kind=level`` makes it a level instead: the
    growth-rate metrics (``kinh tế số tăng trưởng 22,4%`` is the growth rate) and the flows (``thêm 1
    trung tâm dữ liệu khai trương``). In ``tăng 394 CSDL lên 2.699 CSDL`` 394 is a change and 2 699 a
    level; in ``từ 0,48 lên 0,71`` both are levels.
period, base_period_id
    from :mod:`pipelines.core.attribution`: a change told right after a value is of that value's period,
    the levels and changes of a ``từ A lên B`` after a year range of the clause are of its years, else
    the period the sentence states for the value, else the reporting one.
qualifier
    from the words right before the number: ``khoảng``, ``vào khoảng``, ``ước đạt``, ``ước tính``,
    ``gần như``, ``xấp xỉ`` → approx; ``hơn``, ``trên``, ``vượt`` → over; ``gần`` → nearly;
    ``ít nhất``, ``tối thiểu``, ``không dưới`` → at_least; ``tối đa``, ``không quá``, ``dưới``,
    ``chưa đến`` → at_most (an addition to the contract's list); else exact.
status
    ``reported``, ``forecast`` or ``target``, from :mod:`pipelines.core.status`.
subject, place, metric
    Every quantity that states an indicator is an observation; those that do not (counts of the article's
    own event, the bound that defines a count, the weights of an index: :mod:`pipelines.core.not_values`)
    stay mentions. Its subject comes from
    :mod:`pipelines.core.subjects`, its place from :func:`pipelines.core.places.place_of` (a province
    sentence keeps its province; a sentence that names none takes the province of the previous sentence
    of its paragraph), its metric from a cue, else from the metric names and aliases
    (:class:`pipelines.core.lexicon.MetricLexicon`), else none; ``value_low``/``value_high`` from
    :mod:`pipelines.core.qualifiers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from operator import attrgetter

from pipelines.core import attribution, period_phrases, periods, status
from pipelines.core.attribution import PeriodRef
from pipelines.core.catalogue import Catalogue, Metric
from pipelines.core.lexicon import MetricLexicon, indicator_key
from pipelines.core.mentions import Mention
from pipelines.core.metric_match import Candidate, MetricMatcher, Normalized, Scopes, TextIndex, normalize
from pipelines.core.not_values import OR_MORE_LESS_RE, counts_the_named, is_indicator, is_threshold, ranked_among
from pipelines.core.phrases import (
    BRACKETED_RE,
    RATE_BASE_RE,
    RESPECTIVELY_RE,
    alternation,
    compile_normalised,
    fast_compile,
)
from pipelines.core.places import (
    NATION,
    UNIT_KINDS,
    UNNAMED_PROVINCE,
    PlaceIndex,
    SentencePlaces,
    issued_by_province,
    place_of,
    respective_places,
    sole_province,
)
from pipelines.core.qualifiers import QualifierTable, read_qualifiers
from pipelines.core.reporting_period import plan_year
from pipelines.core.sentences import Sentence, is_label_line
from pipelines.core.stocks import as_of_date
from pipelines.core.subjects import (
    Subject,
    antecedent,
    bracket_label,
    is_count,
    is_measure,
    label_topic,
    listed_measures,
    sentence_topic,
    sibling_of,
    subject_of,
)

INHERIT_SCORE = 4.5
CUE_MATCH_SCORE = 100.0
# A subject of one or two syllables (``mục tiêu``, ``giá trị``) is too generic to name a catalogue metric.
MIN_NAMED_SUBJECT_WORDS = 3
# The unit an observation without a catalogue metric takes from its number.
_UNIT_OF_MENTION = {None: "number", "point": "index"}
AFTER_WORDS = 3
LEAD_WINDOW = 60  # characters before a number that verbs and qualifiers are read from

_QUALIFIER_ROWS = read_qualifiers()
_QUALIFIER_TABLES = {folded: QualifierTable(_QUALIFIER_ROWS, lambda w, f=folded: normalize(w, f))
                     for folded in (False, True)}
# Words that may stand between a change verb and its number: adverbs and every qualifier word.
_ADVERBS = alternation(["mạnh", "mạnh mẽ", "mạnh nhất", "nhanh", "nhanh nhất", "nhất", "với", "nhẹ", "thêm",
                        "vọt", "đột biến", "đột phá", "bứt phá", "vượt bậc", "kỷ lục", "ấn tượng", "đáng kể",
                        "được", "tới", "đến", "đạt", "ở mức", "là", "có", "lần lượt",
                        "tương ứng", "trung bình", *(w for q in _QUALIFIER_ROWS for w in q.words)])
# Every qualifier word (``khoảng``, ``hơn``, ``dưới``, ``chưa đến`` ...), from the one qualifier table.
_QUALIFIER_WORDS = alternation(w for q in _QUALIFIER_ROWS for w in q.words)
# Written in lower case and compiled for normalised text (see :func:`compile_normalised`).
_RX = compile_normalised({
    "change": r"(?:^|[^\w])(?:(?P<down>tăng trưởng âm|(?<!cắt )giảm|(?:thấp|ít|nhỏ) hơn)"
              r"|tăng trưởng|tăng thêm|tăng|thêm|(?:cao|nhiều|lớn) hơn)"
              rf"(?:\s+(?:{_ADVERBS}))*(?:,\s*(?:lên\s+)?(?:tới|đến))?[\s(]*$",  # (``tăng mạnh, tới 17%``)
    # a sentence about now, not the period of the sentence before: ``Đến nay, tỷ lệ này đạt 70%``
    # (and ``sau bảy tháng, thêm 6 triệu``: time has passed since the period told before)
    "now": r"(?<!\w)(?:hiện nay|hiện tại|đến nay|tới nay|năm nay|hiện|nay|vừa qua|gần đây|tính đến"
           r"|sau (?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười hai) (?:tháng|quý|năm))(?!\w)",
    # ``số trạm triển khai năm trước là 6.500``: the year before the reporting one (not ``so với năm trước``)
    "last_year": r"(?<!so với )(?<!so )(?<!kỳ )(?<!\w)(?:năm trước|năm ngoái|năm liền trước)(?!\w)(?!\s+nữa)",
    # ``(cùng kỳ năm trước giảm 22,7%)``: the same part of the year before, told beside the value of this one
    "same_last_year": r"(?<!so với )(?<!so )(?<!\w)cùng kỳ(?:\s+năm\s+(?:trước|ngoái))?"
                      r"(?:\s+(?:đã|chỉ|cũng))?\s+(?:tăng|giảm|đạt|là|có)[\s(]*$",
    # ... and after it: ``tăng từ mức 13% của một năm trước``
    "year_earlier": r"\s*(?:của|vào)\s+(?:một\s+)?năm\s+trước(?!\w)",
    # ``17,8 tỷ giao dịch với tổng giá trị 260 triệu tỷ đồng``: a value told with the one before it (not ``so với``)
    "with": r"[^,;:()]{0,60}?,?\s*(?<!\w)(?<!so )với\s[^,;:()]{0,60}",
    # ``tăng 18 bậc, xếp thứ 6``: the level a change reached
    "then": r"[^,;:()]{0,20},\s*(?:xếp|đạt|lên|đứng|ở mức)(?!\w)[^,;:()]{0,30}",
    # ``đạt 3,2 nghìn tỷ đồng, chiếm 11,4% GRDP``, ``1,5 triệu tỷ đồng, tương đương 62 tỷ USD``: the same value
    # told again as a share, in another unit or as a rank (``51,5%, tương ứng với vị trí thứ 4``)
    # what stands between a subject and its number in a plan's verbless list item: ``Tỷ lệ hộ ... trên 85%``
    "nominal": rf"\s*(?:(?:{_QUALIFIER_WORDS}|từ|đến|tới|là)\s+)*",
    "restated": r"(?:\s+so với[^,;.()]{0,40})?,?\s*"  # after a change's base: ``tăng 20% so với năm 2023, chiếm``
                r"(?:(?:và\s+)?chiếm|tương đương(?:\s+với)?|tương ứng với)(?!\w)"
                r"(?:\s+(?:khoảng|gần|hơn|trên|mức|tới|vị trí))*\s*",
    # ``giảm 3.100 cuộc (tương đương gần 31%)``: the change told again in another unit
    "restated_change": rf"(?:\s+[^\s\d,;:().%]+){{0,4}}?\s*[,(]?\s*(?:tương đương|tương ứng|tức là|tức|hay)(?:\s+với)?"
                       rf"(?:\s+(?:mức|{_QUALIFIER_WORDS}))*\s*",
    # a yearly average: ``bình quân hàng năm tăng 59%``
    "per_year": r"(?<!\w)(?:bình quân|trung bình)\s+(?:hàng|mỗi|một)\s+năm(?!\w)",
    # a heading over plans and tasks, not results
    "plan_heading": r"(?<!\w)(?:nhiệm vụ|kế hoạch|mục tiêu|chỉ tiêu|phương hướng|định hướng|giải pháp|đề xuất"
                    r"|kiến nghị|dự kiến|dự báo|kỳ vọng|kì vọng|triển vọng|sẽ|hướng tới|hướng đến)(?!\w)",
    # a rank names its ranking after it: ``tăng 15 bậc trong bảng xếp hạng Chính phủ điện tử của Liên hợp quốc``
    "ranking_after": r"\s*(?:bậc|hạng)?\s*,?\s*(?:trong|trên|về)\s+(?p<name>(?:bảng xếp hạng|xếp hạng|chỉ số|bộ chỉ số)"
                     r"(?:\s+(?!(?:và|tăng|giảm|so|đạt|là|được)(?!\w))(?!\d)\w+){1,8}?)"
                     r"(?=\s*[,;.()]|\s+(?:của|năm|với)(?!\w)|\s*$)",
    # ... or what it is ranked on after ``về``: ``đứng thứ 49 trên thế giới về số cuộc tấn công trực tuyến``
    "ranked_on": r"(?:\s+(?:(?:trên|trong)\s+)?(?:toàn\s+)?(?:thế giới|toàn cầu|khu vực|châu á|đông nam á|cả nước|quốc)"
                 r"(?:\s+[^\s\d,;:.()]+){0,3}?)?\s+về\s+"
                 r"(?p<name>(?!\d)\w+(?:\s+(?!(?:và|tăng|giảm|so|đạt|là|được|năm|của|với|trong|trên)(?!\w))"
                 r"(?!\d)\w+){0,10}?)"
                 r"(?=\s*[,;.()]|\s+(?:của|năm|với|và|trong|trên)(?!\w)|\s*$)",
    # ``hồ sơ trực tuyến chiếm 62%``: what a share is of is named before ``chiếm``
    "share_verb": r"\s*(?:(?:đã|đều|cũng)\s+)?chiếm(?!\w)",
    # ``cao hơn 6 điểm phần trăm``: ``hơn`` compares, it does not bound the number
    "comparative": r"(?:^|[^\w])(?:cao|nhiều|lớn|thấp|ít|nhỏ) hơn(?:\s+(?:khoảng|gần|trên|tới|mức|con số))?\s*$",
    "inherit": rf"^[\s(]*(?:tăng trưởng|tăng thêm|tăng|giảm|thêm)(?:\s+(?:{_ADVERBS}))*[\s(]*$",
    # ``thêm 678 CSDL, tăng 30%, nâng tổng số CSDL lên 2.990``: the total a change raised
    "raised_total": r"^[\s(]*(?:nâng|đưa)\s+(?:tổng số|tổng|con số|số lượng|số)(?:\s+[^\s\d,;:.()]+){0,6}?\s+lên"
                    r"(?:\s+(?:mức|con số))?\s*$",
    "series": r"^[\s(]*(?:năm|quý|tháng)?\s*(?:đạt|là|ở mức|có|chiếm|với)?[\s(]*$",
    "from": rf"(?:^|[^\w])từ(?:\s+(?:mức|{_QUALIFIER_WORDS}))*\s*$",
    "to": rf"(?:^|[^\w])(?:lên|xuống|(?P<upto>đến|tới))(?:\s+(?:mức|còn|đến|tới|{_QUALIFIER_WORDS}))*\s*$",
    # a change, then the level it started from: ``giảm 38%, từ 268 triệu vụ``
    "from_level": rf"(?:\s+[^\s\d,;:().%]+){{0,3}}?\s*,\s*từ(?:\s+(?:mức|{_QUALIFIER_WORDS}))*\s*",
    # ``tăng từ A đến B`` is a change; ``đạt từ A đến B`` a range of one value
    "changed_from": r"(?:tăng|giảm|nâng|tăng trưởng|chuyển)(?:\s+[^\W\d]+){0,2}\s+từ"
                    rf"(?:\s+(?:mức|{_QUALIFIER_WORDS}))*\s*$",
})


@dataclass(frozen=True)
class Vocabulary:
    """What extraction reads from the catalogue: cue rows, the metric name lexicon and the place index."""

    cues: MetricMatcher
    catalogue: Catalogue
    lexicon: MetricLexicon
    places: PlaceIndex


@dataclass(frozen=True, slots=True)
class Observation:
    """A stated value of an indicator, with its subject, place, evidence sentence and how its metric was
    chosen (``metric_id`` None: the catalogue has no metric for it yet)."""

    metric_id: str | None
    period_id: str | None
    kind: str
    base_period_id: str | None
    value: float
    unit: str
    qualifier: str
    status: str
    evidence: str
    evidence_start: int
    evidence_end: int
    start_char: int
    end_char: int
    denominator: float | None
    rule: str
    subject: str | None = None
    subject_start: int | None = None
    subject_end: int | None = None
    indicator_id: str | None = None
    place_id: str = "vn"
    match: str | None = None
    match_score: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    as_of_date: date | None = None
    decimals: int | None = None
    scale: float | None = None

    def as_row(self) -> dict:
        return dict(zip(self.__slots__, _observation_values(self), strict=True))

    def as_tuple(self) -> tuple:
        """The field values in ``Observation.__slots__`` order."""
        return _observation_values(self)


_observation_values = attrgetter(*Observation.__slots__)


@dataclass
class _Quantity:
    """A quantity mention with what its clause says about it."""

    mention: Mention
    scopes: Scopes
    is_change: bool
    is_from: bool
    is_to: bool
    negative: bool
    is_range: bool = False  # on A of ``từ A đến B`` with no change verb: A and B bound one value of one period
    metric: Candidate | None = None
    observation: Observation | None = None
    subject: Subject | None = None
    list_prev: _Quantity | None = None  # the change whose list ``q`` continues (``tăng 5% ... và 3% ...``)
    threshold: bool = False  # the bound a count before it is defined by (:func:`_is_threshold`)

    @property
    def unit(self) -> str:
        return self.mention.unit or "number"


class _Article:
    """One text, normalised, with its cue index, reporting period, publication date and home province;
    ``carried_place`` is the province of the previous sentence of the paragraph, when it spoke of one."""

    def __init__(self, text: str, norm: str, folded: bool, period_id: str | None, matcher: MetricMatcher,
                 index: TextIndex, vocabulary: Vocabulary, published: date | None,
                 home: Callable[[], str | None] | str | None):
        self.text, self.norm, self.rx, self.qualifiers = text, norm, _RX[folded], _QUALIFIER_TABLES[folded]
        self.folded = folded
        self.period_id = period_id
        self.period = periods.parse_id(period_id) if period_id else None
        self.matcher, self.index = matcher, index
        self.vocabulary, self.published, self._home = vocabulary, published, home
        self.provincial: bool | None = issued_by_province(text) or None
        self.source: str | None = None  # the province of the article's publisher, when it is one
        self.carried_place: str | None = None
        # the period the previous sentence of the paragraph planned or forecast for (``Dự kiến năm 2026, ...``)
        self.future_period: str | None = None
        # the last value of the previous sentence of the paragraph (``Con số này ...`` speaks of it)
        self.previous: Observation | None = None
        self.previous_reported: Observation | None = None  # the last reported one of the previous sentence
        # the last province the paragraph named before this sentence: ``tỉnh`` and ``toàn tỉnh`` speak of it
        self.paragraph_province: str | None = None
        # the period opening the previous sentence of the paragraph (``Trong đó, ...`` goes on about it)
        self.opened_before: str | None = None
        # the one period named by the last heading line (``Một số kết quả nổi bật trong tháng 9/2023``)
        self.section_period: str | None = None
        # the place named by the last heading line (``Bức tranh chung của cả nước``, ``Thái Nguyên:``)
        self.section_place: str | None = None
        # the reporting period is only the month of publication: a base period stated in a sentence says more
        self.period_is_weak = False
        self._places: dict[tuple[int, int], SentencePlaces] = {}
        # the spans of the periods and dates the current sentence states (``5 tháng``: one of no known year too)
        self.stated_spans: list[tuple[int, int]] = []
        self._targets: list[tuple[int, int]] | None = None
        self.normalized: Normalized | None = None

    @property
    def home(self) -> str | None:
        """The province the article is about, found on first use (only a sentence with a local marker
        needs it)."""
        if callable(self._home):
            self._home = self._home()
        return self._home

    def is_provincial(self) -> bool:
        """Is the article about one province (its issuer, its title, or the only province it or its publisher
        names)?"""
        if self.provincial is None:
            self.provincial = sole_province(self.text, index=self.vocabulary.places, on=self.published,
                                            normalized=self.normalized, source=self.source) is not None
        return self.provincial

    @property
    def section_home(self) -> str | None:
        """The province the last heading line named, if it named one."""
        return self.section_place if self.section_place not in (None, NATION) else None

    def in_targets(self, position: int) -> bool:
        """Does ``position`` stand in a plan's goals section (:func:`status.target_sections`)?"""
        if self._targets is None:
            self._targets = status.target_sections(self.text)
        return any(a <= position < b for a, b in self._targets)

    @cached_property
    def plan_period(self) -> str | None:
        """The year a plan's title near the top plans for (``KẾ HOẠCH ... NĂM 2026``)."""
        return plan_year(self.text)

    def sentence_places(self, sentence: Sentence) -> SentencePlaces:
        """The place hits of ``sentence``, found once for all its quantities."""
        span = (sentence.start, sentence.end)
        found = self._places.get(span)
        if found is None:
            found = self._places[span] = SentencePlaces(self.text, span, self.published, self.vocabulary.places,
                                                        self.normalized)
        return found

    def qualifier(self, lead: str) -> str:
        return self.qualifiers.of_lead(lead)


def _after_last(text: str, chars: str, a: int, b: int) -> int:
    return max([a] + [text.rfind(ch, a, b) + 1 for ch in chars])


def _first_of(text: str, chars: str, a: int, b: int) -> int:
    return min([b] + [i for i in (text.find(ch, a, b) for ch in chars) if i >= 0])


def _topics(sentences: list[Sentence], index: TextIndex) -> list[tuple[int, int] | None]:
    """The sentence each sentence borrows its subject from: none when it names one itself, else the
    nearest earlier sentence of its paragraph that names one, through sentences that name none."""
    out: list[tuple[int, int] | None] = []
    for i, s in enumerate(sentences):
        topic = None
        if not index.has_subject(s.start, s.end) and i and sentences[i - 1].paragraph == s.paragraph:
            prev = sentences[i - 1]
            own = (prev.start, prev.end) if index.has_subject(prev.start, prev.end) else None
            topic = out[i - 1] or own
        out.append(topic)
    return out


def _follows(art: _Article, q: _Quantity, prev: _Quantity | None) -> bool:
    """Is ``q`` a change told right after the value before it (``đạt X, tăng Y% so với ...``)?"""
    return (q.is_change and prev is not None and prev.observation is not None
            and q.scopes.before_start > q.scopes.lead_start
            and bool(art.rx["inherit"].match(art.norm[q.scopes.before_start:q.mention.start_char])))


def _scopes(art: _Article, m: Mention, clause: tuple[int, int], sentence: Sentence,
            topic: tuple[int, int] | None, prev_end: int | None, next_start: int | None) -> Scopes:
    lead_start = clause[0] if prev_end is None else max(clause[0], prev_end)
    tail_end = clause[1] if next_start is None else min(clause[1], next_start)
    phrase_end = _first_of(art.text, ",;:()", m.end_char, tail_end)
    return Scopes(start=m.start_char, end=m.end_char,
                  after_end=art.index.word_limit(m.end_char, AFTER_WORDS, phrase_end), phrase_end=phrase_end,
                  before_start=_after_last(art.text, ",;:(", lead_start, m.start_char), lead_start=lead_start,
                  tail_end=tail_end, clause=clause, sentence=(sentence.start, sentence.end), topic=topic)


def _next_outside_brackets(text: str, inside: list[Mention], i: int, clause_end: int) -> int | None:
    """Where the quantity after ``inside[i]`` starts, passing over those in a bracket that follows it
    (``tăng 85% về giá trị (9,2 triệu tỷ đồng) so với cùng kỳ``: the base period is the 85%'s)."""
    k = i + 1
    while k < len(inside):
        opening = text.rfind("(", inside[k - 1].end_char, inside[k].start_char)
        closing = text.find(")", inside[k].end_char, clause_end)
        if opening < 0 or closing < 0 or ")" in text[opening:inside[k].start_char] \
                or (k + 1 < len(inside) and inside[k + 1].start_char < closing):
            break
        k += 1
    return inside[k].start_char if k < len(inside) else None


_WITH_END_RE = fast_compile(rf"(?<!\w)(?:với|voi)(?:\s+(?:{_QUALIFIER_WORDS}|{normalize(_QUALIFIER_WORDS, True)}))*"
                            r"[\s(]*$")


def _clauses(art: _Article, sentence: Sentence, topic: tuple[int, int] | None,
             mentions: list[Mention]) -> list[tuple[tuple[int, int], list[_Quantity]]]:
    """The quantities of each clause of a sentence, with their scopes and the verbs before them; a share right
    after a change, told as its equivalent (``giảm 3.100 cuộc, tương đương 31%``), is that change in percent."""
    out = []
    told: _Quantity | None = None  # the last quantity of the clauses before
    for clause in sentence.clauses:
        inside = [m for m in mentions if clause[0] <= m.start_char < clause[1]]
        qs = []
        for i, m in enumerate(inside):
            prev_end = inside[i - 1].end_char if i else None
            next_start = _next_outside_brackets(art.text, inside, i, clause[1])
            sc = _scopes(art, m, clause, sentence, topic, prev_end, next_start)
            lead = art.norm[max(sc.lead_start, m.start_char - LEAD_WINDOW):m.start_char]
            change = art.rx["change"].search(lead)
            if change and m.unit != "percent" and _WITH_END_RE.search(lead):
                change = None  # ``gia tăng đáng kể với hơn 924.000 cuộc tấn công``: the level the rise reached
            to = art.rx["to"].search(lead)
            qs.append(_Quantity(m, sc, bool(change), bool(art.rx["from"].search(lead)), bool(to),
                                bool(change and change.group("down")),
                                is_range=bool(to and to.group("upto"))))
        for q, nxt in zip(qs, [*qs[1:], None], strict=False):
            q.is_from = q.is_from and nxt is not None and nxt.is_to
            q.is_range = q.is_from and nxt.is_range and not art.rx["changed_from"].search(
                art.norm, max(q.scopes.lead_start, q.mention.start_char - LEAD_WINDOW), q.mention.start_char)
        for i, q in enumerate(qs[1:], 1):
            prev = _list_neighbour(art, qs, i)
            if prev.is_change and q.unit == prev.unit and _CHANGE_LIST_RE.match(
                    BRACKETED_RE.sub("", art.norm[prev.mention.end_char:q.mention.start_char])) \
                    and not _SUBSET_AFTER_RE.match(art.norm, q.mention.end_char):
                q.list_prev = prev
                if not q.is_change:
                    q.is_change, q.negative = True, prev.negative
        for prev, q in zip([told, *qs], qs, strict=False):
            if prev is not None and prev.is_change and not q.is_change and q.unit == "percent" != prev.unit \
                    and art.rx["restated_change"].fullmatch(art.norm, prev.mention.end_char, q.mention.start_char):
                q.list_prev, q.is_change, q.negative = prev, True, prev.negative
        told = qs[-1] if qs else told
        out.append((clause, qs))
    return out




def _may_say_last_year(norm: str, a: int, b: int) -> bool:
    lead = norm[a:b]
    return "trước" in lead or "ngoái" in lead or "truoc" in lead or "ngoai" in lead


def _told_with(art: _Article, q: _Quantity, prev: _Quantity | None) -> Observation | None:
    """The value ``q`` is told of together: the change whose list it continues, the value right before a
    bracket it stands in (``tăng 52% về số lượng (đạt 3,6 tỷ giao dịch)``), before ``với`` (``đạt 26%
    với giá trị 19 tỷ USD``) or ``, chiếm``/``, tương đương`` (``đạt 3 nghìn tỷ đồng, chiếm 11% GRDP``),
    the change whose level it is (``tăng 18 bậc, xếp thứ 6``); ``q`` is of its period."""
    if q.list_prev is not None:
        return q.list_prev.observation
    if prev is None or prev.observation is None or prev.mention.end_char > q.scopes.lead_start:
        return None
    between = art.norm[prev.mention.end_char:q.mention.start_char]
    if "(" in between and ")" not in between or art.rx["with"].fullmatch(between) \
            or art.rx["restated"].fullmatch(between):
        return prev.observation
    if prev.observation.kind != "level" and not q.is_change and art.rx["then"].fullmatch(between):
        return prev.observation  # ``tăng 18 bậc, xếp thứ 6``: the level the change reached
    return None




def _list_neighbour(art: _Article, qs: list[_Quantity], i: int) -> _Quantity:
    """The quantity before ``qs[i]``, passing over those in brackets closed before it (``tăng 52% về số
    lượng (đạt 3,6 tỷ giao dịch) và 85% về giá trị``: 85% follows 52%)."""
    j = i - 1
    while j > 0:
        opening = art.norm.rfind("(", qs[j - 1].mention.end_char, qs[j].mention.start_char)
        if opening < 0 or art.norm.find(")", qs[j].mention.end_char, qs[i].mention.start_char) < 0:
            break
        j -= 1
    return qs[j]


def _before_brackets(art: _Article, qs: list[_Quantity], i: int) -> _Quantity | None:
    """The quantity ``qs[i]`` is told after: the one before a bracket closed between them (``600 sự cố (gồm
    100 sự cố A và 500 sự cố B), giảm 12%``: the change follows 600); the one right before when nothing
    precedes the bracket in the clause."""
    if not i:
        return None
    prev, q = qs[i - 1], qs[i]
    if art.norm.rfind(")", prev.mention.end_char, q.mention.start_char) < 0:
        return prev
    opening = art.norm.rfind("(", q.scopes.clause[0], prev.mention.start_char)
    j = i - 1
    while j >= 0 and qs[j].mention.start_char > opening:
        j -= 1
    return qs[j] if j >= 0 and opening >= 0 else prev


def _kind(cand: Candidate, q: _Quantity) -> str:
    if cand.cue.kind == "level" or not q.is_change:
        return "level"
    return "change_pct" if q.unit == "percent" else "change_abs"


def _inherited(art: _Article, q: _Quantity, prev: _Quantity | None,
               refs: list[PeriodRef]) -> Candidate | None:
    """The metric of the value before ``q`` in its clause, when ``q`` changes it, continues its series or
    ends its ``từ ... lên`` (see the module docstring)."""
    if prev is None or prev.metric is None:
        return None
    if q.is_to and prev.is_from:
        return Candidate(prev.metric.cue, INHERIT_SCORE)
    sc = q.scopes
    if prev.observation is None or sc.before_start == sc.lead_start:
        return None
    right_before = art.norm[sc.before_start:sc.start]
    raised = not q.is_change and prev.is_change and art.rx["raised_total"].match(right_before)
    if q.is_change:
        if not art.rx["inherit"].match(right_before):
            return None
    elif not raised:
        inside = [r for r in refs
                  if sc.before_start <= r.mention.start_char and r.mention.end_char <= sc.start]
        for r in reversed(inside):
            a, b = r.mention.start_char - sc.before_start, r.mention.end_char - sc.before_start
            right_before = right_before[:a] + right_before[b:]
        if not inside or q.unit != prev.unit or not art.rx["series"].match(right_before):
            return None
    if not art.matcher.accepts_unit(prev.metric.cue, q.unit, q.is_change):
        return None
    return Candidate(prev.metric.cue, INHERIT_SCORE)


# The next item of a list of changes: ``tăng 58% về số lượng và 35% về giá trị``, ``giảm lần lượt 5% và 7%``,
# or the upper bound of a range of changes (``tăng 15 - 20%``).
# ``tăng 16%, 58% trong số đó ...``: a share of those just named, no further change of the list
_SUBSET_AFTER_RE = fast_compile(r"\s+(?:trong số đó|trong đó|trong số này|trong so do|trong do)(?!\w)")
_CHANGE_LIST_RE = fast_compile(r"\s*[-–]\s*$"
                             r"|(?:\s+(?:(?:về|ve)\s+)?[^\W\d]+(?:\s+[^\W\d]+){0,2})?\s*(?:,|và|va|hoặc|hoac)"
                             r"\s*(?:(?:gần|hơn|khoảng|trên|gan|hon|khoang|tren)\s+)?$")
# Places a subject leaves out at its ends: named units, the nation, other countries ...
_NAMED_PLACE_KINDS = (*UNIT_KINDS, "foreign", "nation")
# ... and an aggregate the subject is of (``tỷ lệ hồ sơ ... của [cấp tỉnh]``)
_OWNED_BY_RE = fast_compile(r"(?<!\w)(?:của|cua|tại|tai)\s+$")
# ``Tỷ lệ này``, ``Con số này``: the value just named
# ... and ``Trong đó``, ``Cụ thể``: a sentence going on about the previous one's figures
# (``Mức tốc độ này``: a head and one or two words of the measure it speaks of)
_ANAPHOR_RE = compile_normalised({"this": r"(?P<head>tỷ lệ|tỉ lệ|con số|chỉ số|số lượng|số|mức|giá trị|tỷ trọng"
                                          r"|tỉ trọng)(?:\s+(?:này|nói trên|trên)"
                                          r"|(?P<noun>(?:\s+(?!này|nói)[^\s\d,;.()]+){1,2})\s+(?:này|nói trên))",
                                  "within": r"[^\w]*(?:trong đó|trong số đó|cụ thể|theo đó)(?!\w)"})
_ANTECEDENT_CHARS = 400  # how far back the paragraph is searched for what ``tỷ lệ này`` speaks of
# A bare amount of money is of đồng (``doanh thu ... ước đạt hơn 70.000 tỷ``).
_MONEY_SUBJECT_RE = fast_compile(r"(?:tổng\s+)?(?:doanh thu|doanh số|lợi nhuận|nộp ngân sách|ngân sách|vốn|kinh phí"
                               r"|chi phí|số tiền|tổng mức đầu tư|loi nhuan|nop ngan sach|ngan sach|von|kinh phi"
                               r"|chi phi|so tien|doanh so)(?!\w)")
# Sites counted in ``điểm`` are no score (``số điểm phục vụ bưu chính đạt 23.500 điểm``).
_SITE_RE = fast_compile(r"(?<!\w)(?:điểm|diem)\s+(?:phục vụ|giao dịch|bán|truy cập|chấp nhận|cung cấp|kết nối|wifi"
                      r"|phuc vu|giao dich|ban|truy cap|chap nhan|cung cap|ket noi)(?!\w)")
# A bare number whose subject is an index or a score is in index points (``Chỉ số DTI ... đạt 0,6528``).
_INDEX_SUBJECT_RE = fast_compile(r"(?:(?:giá trị|gia tri)\s+)?(?:chỉ số|điểm|dti|chi so|diem)(?!\w)")
# A rate per hundred inhabitants: ``91,9 thuê bao trên 100 dân``, ``32 thuê bao/100 dân``.
# ``1,5 doanh nghiệp công nghệ số/1.000 dân``, ``12 bác sĩ trên 10.000 dân``: per thousand, per ten thousand.
_PER_HUNDRED_RE = fast_compile(r"(?:\s+[^\W\d]+){0,6}" + RATE_BASE_RE.pattern)
_PER_INHABITANTS = {"100": "per_100_inhabitants", "1000": "per_1000_inhabitants", "10000": "per_10000_inhabitants"}


def _year_of(period_id: str) -> int:
    return periods.parse_id(period_id).end_date.year


def _reporting_year(art: _Article) -> int | None:
    """The year of the reporting period, else of publication (None when neither is known)."""
    if art.period is not None:
        return art.period.end_date.year
    return art.published.year if art.published else None


def _is_threshold(art: _Article, prev: _Quantity | None, q: _Quantity) -> bool:
    """Is ``q`` the bound a count before it is defined by, or the upper end of such a band (``13 tỉnh từ 10-20%``)?"""
    if prev is not None and prev.threshold and _BAND_END_RE.fullmatch(art.norm, prev.mention.end_char,
                                                                      q.mention.start_char):
        q.threshold = True
        return True
    lead = art.norm[max(q.scopes.lead_start, q.mention.start_char - LEAD_WINDOW):q.mention.start_char]
    q.threshold = is_threshold(art.norm, art.folded, prev, q, art.qualifier(lead))
    return q.threshold


_BAND_END_RE = fast_compile(r"%?\s*[-–]\s*|\s+(?:đến|tới|den|toi)\s+")


def _units_named_before(art: _Article, sentence: Sentence, q: _Quantity) -> int:
    return len({h.place_id for h in art.sentence_places(sentence).hits
                if h.end <= q.mention.start_char and h.kind in UNIT_KINDS})


def _plain_kind(q: _Quantity) -> str:
    if not q.is_change:
        return "level"
    return "change_pct" if q.unit == "percent" else "change_abs"


def _observation(art: _Article, sentence: Sentence, clause: tuple[int, int], q: _Quantity,
                 prev: _Quantity | None, refs: list[PeriodRef], rng: tuple[str, str, int] | None,
                 status_cues: status.StatusCues, carried: Subject | None, dates: list[tuple[int, date]],
                 respective: dict[int, str], respective_place: dict[int, str],
                 carried_place: str | None) -> Observation:
    refs = [r for r in refs if not _bracketed_before(art.norm, r, q.mention.start_char, sentence.start)]
    # a change of the value just told is of a metric that value's unit fits (``đạt 185 tỷ USD, tăng 22%``)
    level = prev.observation if q.is_change and prev is not None and prev.observation is not None \
        and prev.observation.kind == "level" and _follows(art, q, prev) else None
    found = [c for c in art.matcher.candidates(art.index, q.scopes, q.unit, q.is_change)
             if not (c.cue.where == "lead" and not q.is_change
                     and "(" not in art.norm[q.scopes.lead_start:q.mention.start_char]
                     and art.matcher.names_the_previous(art.index, c.cue, q.scopes))
             and (level is None or q.unit != "percent" or c.cue.kind == "level"  # a growth-rate metric
                  or art.matcher.accepts_unit(c.cue, _UNIT_OF_MENTION.get(level.unit, level.unit), False))]
    best, rule = (found[0], found[0].cue.rule) if found else (None, "")
    inherited = _inherited(art, q, prev, refs)
    if inherited and (best is None or best.score < INHERIT_SCORE):
        best, rule = inherited, "inherit " + inherited.cue.rule
    q.metric = best
    kind = _kind(best, q) if best else _plain_kind(q)
    after_range = rng is not None and rng[2] <= q.mention.start_char
    base = base_level = None
    tail = attribution.tail_period(art, q.scopes, refs, share=q.unit == "percent")
    if q.mention.start_char in respective:
        period_id = respective[q.mention.start_char]
    elif labelled := next((r.period_id for r in refs if r.period_id and not r.is_base
                           and _LABEL_GAP_RE.fullmatch(art.norm, r.mention.end_char, q.mention.start_char)), None):
        period_id = labelled  # ``(Tháng 4/2023: 263.299 tỷ đồng)``: the value of the period labelling it
    elif kind == "level" and (base_level := attribution.bracketed_base(art, q.scopes, refs)):
        period_id = base_level
    elif kind == "level" and (start_level := _level_changed_from(art, q, prev)) is not None:
        period_id = start_level
    elif q.is_from and not q.is_range:
        period_id = rng[0] if after_range else tail
    elif q.is_to and prev is not None and prev.is_from and after_range:
        period_id = rng[1]
    elif kind != "level" and after_range and (span := _average_over(art, sentence, q, rng)):
        period_id = span  # ``giai đoạn 2021-2025, bình quân hàng năm tăng 59%``: a yearly rate over the span
    elif kind != "level" and after_range:
        period_id, base = rng[1], rng[0]
    elif _follows(art, q, prev) and not attribution.period_in_lead(art, q.scopes, refs):
        period_id = prev.observation.period_id
    elif (told := _told_with(art, q, prev)) is not None and not attribution.period_in_lead(art, q.scopes, refs):
        period_id = told.period_id
    elif not tail and art.previous is not None and not any(r.period_id and not r.is_base for r in refs) \
            and _ANAPHOR_RE[art.folded]["this"].match(art.norm, sentence.start):
        period_id = art.previous.period_id  # ``Con số này giảm 75%``: of the period of the value just named
    elif not tail and art.opened_before and not any(r.period_id and not r.is_base for r in refs) \
            and _ANAPHOR_RE[art.folded]["within"].match(art.norm, sentence.start):
        period_id = art.opened_before  # ``Tháng 10, ... . Trong đó, tỷ lệ ... đạt 98%``
    else:
        period_id = tail or attribution.statement_period(art, sentence, q.scopes, refs, status_cues.first_target)
        if period_id == art.period_id and not any(r.period_id and not r.is_base for r in refs) \
                and art.previous_reported is not None \
                and art.previous_reported.period_id != art.period_id \
                and status_cues.first_target >= sentence.end and not status_cues.forecast \
                and not art.rx["now"].search(art.norm, sentence.start, sentence.end):
            period_id = art.previous_reported.period_id  # ``Năm 2024, A đạt X. B đạt Y.``: the paragraph's
        if period_id == art.period_id and not tail:
            period_id = _one_period_named(art, sentence, q, refs, status_cues) or period_id
        if period_id == art.period_id and art.section_period and not any(r.period_id and not r.is_base for r in refs) \
                and status_cues.first_target >= sentence.end and not status_cues.forecast:
            period_id = art.section_period  # under a heading ``Kết quả nổi bật trong tháng 9/2023``
        if art.future_period and period_id == art.period_id and not any(r.period_id for r in refs) \
                and (status_cues.first_target < q.mention.start_char
                     or any(clause[0] <= f < q.mention.start_char for f in status_cues.forecast)):
            period_id = art.future_period
    if period_id == art.period_id and art.period is not None and not any(r.period_id for r in refs) \
            and _may_say_last_year(art.norm, q.scopes.lead_start, q.mention.start_char) \
            and art.rx["last_year"].search(art.norm, q.scopes.lead_start, q.mention.start_char):
        period_id = str(art.period.end_date.year - 1)
    if (period_id is None or period_id == art.period_id) and art.period is not None and kind == "level" \
            and q.unit != "ratio" and (ago := period_phrases.years_ago(art.norm, q.mention.end_char)
                                      or period_phrases.years_ago(art.norm, sentence.start, q.mention.start_char)):
        period_id = str(art.period.end_date.year - ago)  # ``từ dưới 2% cách đây hai năm``, ``Cách đây 3 năm, ...``
    if period_id == art.period_id and art.period is not None and not any(
            r.period_id and q.scopes.lead_start <= r.mention.start_char < q.mention.start_char for r in refs) \
            and art.rx["same_last_year"].search(art.norm, max(q.scopes.lead_start, q.mention.start_char - 40),
                                                q.mention.start_char):
        period_id = attribution.shift_year(art.period)
    if period_id == art.period_id and art.period is not None and not any(r.period_id for r in refs) \
            and art.rx["year_earlier"].match(art.norm, q.mention.end_char):
        period_id = attribution.shift_year(art.period)  # ``tăng từ mức 13% của một năm trước``
    if period_id == art.period_id and not any(r.period_id and not r.is_base for r in refs):
        stated_base = attribution.opening_base(art, sentence.start, refs) or next(
            (r.period_id for r in refs if art.period_is_weak and r.is_base and r.period_id), None)
        following = attribution.shift_year(periods.parse_id(stated_base), -1) if stated_base else None
        year = _reporting_year(art)
        if following and art.published and periods.parse_id(following).start_date > art.published:
            following = None  # ``so với tháng 6 trước đó`` in July: the month before, not a year on
        if following and (year is None or _year_of(following) >= year - 1):  # not ``so với năm 2015`` in 2020
            period_id = following
            if kind != "level":
                base = stated_base
    if period_id == art.period_id and art.period is not None and art.period.granularity != "year" \
            and status.is_plan_amount(art.norm, art.folded, q.mention.start_char):
        period_id = periods.year(art.period.end_date.year).period_id  # ``kế hoạch năm (302.400 tỷ đồng)``
    if period_id == art.period_id and art.in_targets(q.mention.start_char) and art.plan_period:
        period_id = art.plan_period  # a goal of ``KẾ HOẠCH ... NĂM 2026`` is of 2026
    if kind != "level" and base is None:
        base = attribution.base_period(art, q.scopes, refs, period_id)
    if base is not None and base == period_id:  # a change is not measured from its own period: the next one's
        period_id = attribution.shift_year(periods.parse_id(base), -1)
    listed = respective if q.mention.start_char in respective else respective_place
    if prev is not None and prev.subject is not None and (
            prev.mention.start_char in listed and q.mention.start_char in listed
            or period_id == base_level and prev.is_change):
        # ``lần lượt là 42 triệu và 63,5 triệu vụ``: one subject; ``tăng 10% so với năm 2023 (85,7 thuê
        # bao/100 dân)``: the level the change started from
        q.subject = Subject(prev.subject.start, prev.subject.end, "carried")
    else:
        q.subject = _subject(art, q, prev, refs, carried, art.sentence_places(sentence))
    subject = q.subject
    subject_text = art.text[subject.start:subject.end] if subject else None
    value = q.mention.value or 0.0
    value = -value if q.negative and kind != "level" else value
    mention_unit = _UNIT_OF_MENTION.get(q.unit, q.unit)
    metric_id, match, score = (best.cue.metric_id, "cue", CUE_MATCH_SCORE) if best else (None, None, None)
    if best is None and subject_text and len(subject_text.split()) >= MIN_NAMED_SUBJECT_WORDS:
        named = art.vocabulary.lexicon.match(subject_text, level.unit, "level") if level is not None \
            and kind == "change_pct" else art.vocabulary.lexicon.match(subject_text, mention_unit, kind)
        if named:
            metric_id, match, score = named.metric_id, named.match, named.score
    units = art.vocabulary.catalogue.metric_by_id
    if metric_id in units and subject_text and _other_generation(subject_text, units[metric_id]):
        metric_id, match, score = None, None, None  # ``phủ sóng 2G`` is no 4G coverage
    if mention_unit == "number" and (q.mention.scale or 1) >= 1e6 and subject is not None \
            and _MONEY_SUBJECT_RE.match(art.norm, subject.start, subject.end):
        mention_unit = "vnd"  # ``doanh thu ... ước đạt hơn 70.000 tỷ``: a bare tỷ of money is of đồng
    if mention_unit == "index" and subject is not None and _SITE_RE.search(art.norm, subject.start, subject.end):
        mention_unit = "count"  # ``số điểm phục vụ bưu chính đạt 23.500 điểm``: sites, not a score
    if mention_unit == "number" and subject_text and _INDEX_SUBJECT_RE.match(art.norm, subject.start, subject.end):
        mention_unit = "index"
    elif mention_unit == "number" and subject is not None and is_count(art.norm, subject):
        mention_unit = "count"  # ``Tổng số thuê bao di động là 128 triệu``
    elif mention_unit == "number" and subject is not None and subject.how != "after" and value == int(value) \
            and not is_measure(art.norm, subject) and not any(
                h.start <= subject.start and subject.end <= h.end for h in art.sentence_places(sentence).hits):
        mention_unit = "count"  # ``thuê bao di động 3G tăng trên 3 triệu``: a whole number of the things named
    if mention_unit in ("count", "number") and (
            (per := _PER_HUNDRED_RE.match(art.norm, q.mention.end_char))
            or subject is not None and (per := RATE_BASE_RE.search(art.norm, subject.start, subject.end))):
        mention_unit = _PER_INHABITANTS[per.group("per").replace(".", "").replace(",", "")]
        if metric_id in units and units[metric_id].unit != mention_unit:  # a rate is no count of the metric
            metric_id, match, score = None, None, None
    unit = ("percent" if kind == "change_pct" else "percentage_point" if mention_unit == "percentage_point"
            else units[metric_id].unit if metric_id in units else mention_unit)
    metric = units.get(metric_id)
    as_of = None if kind != "level" else as_of_date(
        art.norm, sentence.start, q.mention.start_char, dates, bool(metric and metric.measure == "stock"),
        periods.parse_id(period_id).end_date if period_id else None, art.published)
    found = art.sentence_places(sentence)
    place = respective_place.get(q.mention.start_char) or place_of(
        art.text, (sentence.start, sentence.end), (q.mention.start_char, q.mention.end_char),
        (subject.start, subject.end) if subject and subject.how != "carried" else None,
        lambda: art.paragraph_province or art.section_home or art.home, carried_place, art.published,
        index=art.vocabulary.places, lead_start=q.scopes.lead_start, found=found,
        provincial=art.section_home is not None or art.section_place != NATION and art.is_provincial,
        ranked=unit == "rank")
    told = prev.observation if prev is not None and _follows(art, q, prev) else _told_with(art, q, prev)
    if told is not None and place != told.place_id and q.mention.start_char not in respective_place \
            and not any(told.end_char <= h.start < q.mention.start_char
                        and not (told.unit == "rank" and h.kind == "nation") for h in found.hits):
        place = told.place_id
    if period_id:  # the unit of the period's end, or of publication for a plan of a later one
        end = periods.parse_id(period_id).end_date
        told_on = art.published or (art.period.end_date if art.period else None)
        place = art.vocabulary.places.as_of(place, min(end, told_on) if told_on else end)
    qualifier = art.qualifier(art.norm[max(q.scopes.lead_start, q.mention.start_char - LEAD_WINDOW):
                                       q.mention.start_char])
    if qualifier == "over" and art.rx["comparative"].search(
            art.norm, max(q.scopes.lead_start, q.mention.start_char - 20), q.mention.start_char):
        qualifier = "exact"
    if qualifier == "exact" and (bound := OR_MORE_LESS_RE.match(art.norm, q.mention.end_char)):
        qualifier = "at_most" if bound.group("less") else "at_least"
    m = q.mention
    told = status.status(art.text, art.norm, art.folded, status_cues, clause[0], q.scopes, period_id, art.period,
                         art.published)
    if told == "reported" and art.in_targets(m.start_char) and not (
            period_id and art.period and periods.parse_id(period_id).end_date < art.period.start_date):
        told = "target"  # a figure listed under a plan's ``II. MỤC TIÊU``
    if told == "reported" and _continues_a_plan_list(art, sentence, m, subject, period_id):
        told, period_id = "target", art.previous.period_id  # a plan's list goes on: ``Tỷ lệ ... trên 85%.``
    low, high = art.qualifiers.interval(value, qualifier, m.decimals, m.scale,
                                        whole_count=unit in ("count", "rank") and m.decimals == 0 and m.scale == 1)
    q.observation = Observation(
        metric_id=metric_id, period_id=period_id, kind=kind, base_period_id=base,
        value=value, unit=unit, qualifier=qualifier,
        status=told,
        evidence=art.text[sentence.start:sentence.end], evidence_start=sentence.start,
        evidence_end=sentence.end, start_char=m.start_char, end_char=m.end_char,
        denominator=m.denominator, rule=rule,
        subject=subject_text, subject_start=subject.start if subject else None,
        subject_end=subject.end if subject else None,
        indicator_id=indicator_key(subject_text, art.vocabulary.catalogue) or None if subject_text else None,
        place_id=place, match=match, match_score=score,
        value_low=low, value_high=high, as_of_date=as_of, decimals=m.decimals, scale=m.scale)
    return q.observation


_LABEL_GAP_RE = fast_compile(r"\s*:\s*")


def _heading_period(art: _Article, heading: Sentence, stated: list[Mention]) -> str | None:
    """The one period a results heading names (``Một số kết quả nổi bật trong tháng 9/2023``), for the values
    under it that name none; not a plan's or a task list's (``Nhiệm vụ 6 tháng cuối năm``), nor one after the
    reporting period."""
    named = {r.period_id for r in attribution.period_refs(art, stated) if r.period_id and not r.is_base}
    if len(named) != 1 or art.rx["plan_heading"].search(art.norm, heading.start, heading.end):
        return None
    period_id = named.pop()
    if art.period is not None and periods.parse_id(period_id).start_date > art.period.end_date:
        return None
    return period_id


_GENERATION_RE = fast_compile(r"(?<![\w.])([2-6])G(?!\w)")


def _other_generation(subject: str, metric: Metric) -> bool:
    """Does the subject name a network generation (``2G``, ``5G``) other than the one the metric names?"""
    named = {g for text in (metric.name_vi, metric.name_en, metric.aliases) for g in _GENERATION_RE.findall(text)}
    return bool(named) and bool(told := set(_GENERATION_RE.findall(subject))) and not told & named


def _heading_place(art: _Article, heading: Sentence) -> str | None:
    """The place a heading line speaks of: the nation (``Bức tranh chung của cả nước``), its one province
    (``Thái Nguyên:``) or the article's own (``Kết quả của tỉnh``); None when it names none."""
    found = art.sentence_places(heading)
    if any(h.place_id == NATION for h in found.hits):
        return NATION
    provinces = {h.place_id for h in found.hits if h.kind == "province"}
    if len(provinces) == 1:
        return provinces.pop()
    return art.home if not provinces and found.local else None


def _bracketed_before(norm: str, r: PeriodRef, at: int, sentence_start: int) -> bool:
    """Is ``r`` the label of a value inside a bracket closed before ``at``? (``tăng 5% (Tháng 4/2023: 263 tỷ
    đồng) và giảm 2%``: the bracket's month is not the period of 2%)"""
    if r.mention.start_char >= at or not _LABEL_GAP_RE.match(norm, r.mention.end_char):
        return False
    opening = norm.rfind("(", sentence_start, r.mention.start_char)
    return opening > norm.rfind(")", sentence_start, r.mention.start_char) \
        and norm.find(")", r.mention.end_char, at) >= 0


def _average_over(art: _Article, sentence: Sentence, q: _Quantity, rng: tuple[str, str, int]) -> str | None:
    """The span of years a change is a yearly average over (``bình quân hàng năm``), when it is one."""
    if not (rng[0].isdigit() and rng[1].isdigit()) \
            or not art.rx["per_year"].search(art.norm, sentence.start, q.mention.start_char):
        return None
    return periods.span(int(rng[0]), int(rng[1])).period_id


def _level_changed_from(art: _Article, q: _Quantity, prev: _Quantity | None) -> str | None:
    """The base period of the change right before a lone ``từ`` level: ``so với năm 2020, số vụ giảm 38%, từ
    268 triệu vụ`` tells the 2020 level."""
    told = prev.observation if prev is not None else None
    if told is None or told.kind == "level" or told.base_period_id is None or q.is_from \
            or not art.rx["from_level"].fullmatch(art.norm, prev.mention.end_char, q.mention.start_char):
        return None
    return told.base_period_id


def _shared_bases(qs: list[_Quantity]) -> None:
    """The base period stated after the last item of a list of changes is the base of every item."""
    for q in reversed(qs):
        prev = q.list_prev
        if prev is None or prev.observation is None or q.observation is None:
            continue
        if prev.observation.base_period_id is None and q.observation.base_period_id is not None:
            prev.observation = replace(prev.observation, base_period_id=q.observation.base_period_id)


def _respective_subjects(art: _Article, qs: list[_Quantity]) -> None:
    """``số lượng chủ thể và số sản phẩm OCOP lần lượt tăng 4,8 lần và 5,7 lần``: the measures listed before
    ``lần lượt`` go, in order, to the values after it."""
    i = 0
    while i < len(qs):
        subject = qs[i].subject
        j = i
        while j < len(qs) and subject is not None and qs[j].subject is not None and qs[j].observation is not None \
                and (qs[j].subject.start, qs[j].subject.end) == (subject.start, subject.end):
            j += 1
        if subject is not None and j - i >= 2 and subject.end <= qs[i].mention.start_char \
                and RESPECTIVELY_RE.search(art.norm, subject.end, qs[i].mention.start_char) \
                and len(parts := listed_measures(art.norm, subject)) == j - i:
            for q, part in zip(qs[i:j], parts, strict=True):
                written = art.text[part.start:part.end]
                q.subject = part
                q.observation = replace(q.observation, subject=written, subject_start=part.start,
                                        subject_end=part.end,
                                        indicator_id=indicator_key(written, art.vocabulary.catalogue) or None)
        i = max(j, i + 1)


def _shared_metrics(qs: list[_Quantity]) -> None:
    """``từ 647 triệu năm 2023 lên 1.013 triệu giao dịch``: the two ends of a move measure one thing, so the end
    whose metric a cue chose gives it to the other end, whose metric only its subject's name suggested."""
    for prev, q in zip(qs, qs[1:], strict=False):
        start, end = prev.observation, q.observation
        if start is None or end is None or not (prev.is_from and q.is_to) or start.unit != end.unit \
                or start.kind != "level" or end.kind != "level" or start.metric_id == end.metric_id:
            continue
        if end.match == "cue" and start.match != "cue":
            prev.observation = replace(start, metric_id=end.metric_id, match=end.match, match_score=end.match_score,
                                       rule=end.rule)
        elif start.match == "cue" and end.match != "cue":
            q.observation = replace(end, metric_id=start.metric_id, match=start.match, match_score=start.match_score,
                                    rule=start.rule)


_RANGE_DASH_RE = fast_compile(r"\s*[-–]\s*")


def _shared_ranges(art: _Article, qs: list[_Quantity]) -> None:
    """``55-60% dân số vào năm 2026``: the low end of a range is stated of what its high end is (subject,
    period, status, kind, sign and metric), which the words after the high end say."""
    for prev, q in reversed(list(zip(qs, qs[1:], strict=False))):
        low, high = prev.observation, q.observation
        if low is None or high is None or q.mention.start_char - prev.mention.end_char > 4 or low.unit != high.unit \
                or not _RANGE_DASH_RE.fullmatch(art.norm, prev.mention.end_char, q.mention.start_char):
            continue
        if high.kind != "level" and high.value < 0 < low.value:  # ``tăng trưởng âm 50-54%``: both fell
            low = replace(low, value=-low.value, value_low=-low.value_high if low.value_high is not None else None,
                          value_high=-low.value_low if low.value_low is not None else None)
        prev.observation = replace(
            low, period_id=high.period_id, kind=high.kind, base_period_id=high.base_period_id, status=high.status,
            subject=high.subject, subject_start=high.subject_start, subject_end=high.subject_end,
            indicator_id=high.indicator_id, place_id=high.place_id,
            **({} if low.metric_id else {"metric_id": high.metric_id, "match": high.match,
                                         "match_score": high.match_score, "rule": high.rule}))


def _subject(art: _Article, q: _Quantity, prev: _Quantity | None, refs: list[PeriodRef],
             carried: Subject | None, places: SentencePlaces) -> Subject | None:
    """What ``q`` measures: the value it changes or continues keeps its subject, else :func:`subject_of`,
    which leaves out the periods and the named places (provinces, ministries, other countries) at either end
    of a subject: the place is ``place_id``'s, so one indicator has one key wherever it is measured."""
    if prev is not None and prev.subject is not None and (
            (q.is_to and prev.is_from) or _follows(art, q, prev) or prev.is_change and not q.is_from
            and art.rx["from_level"].fullmatch(art.norm, prev.mention.end_char, q.mention.start_char)):
        return Subject(prev.subject.start, prev.subject.end, "carried")
    if q.list_prev is not None and q.list_prev.subject is not None:
        return Subject(q.list_prev.subject.start, q.list_prev.subject.end, "carried")
    if q.unit == "rank":
        ranking = art.rx["ranking_after"].match(art.norm, q.mention.end_char, q.scopes.tail_end) \
            or art.rx["ranked_on"].match(art.norm, q.mention.end_char, q.scopes.tail_end)
        if ranking is not None:
            return Subject(ranking.start("name"), ranking.end("name"), "after")
        if prev is not None and prev.subject is not None and prev.unit == "rank" \
                and art.rx["then"].fullmatch(art.norm, prev.mention.end_char, q.mention.start_char):
            return Subject(prev.subject.start, prev.subject.end, "carried")  # ``tăng 15 bậc ..., đứng thứ 71``
    skip = sorted([*{(r.mention.start_char, r.mention.end_char) for r in refs}.union(art.stated_spans)]
                  + [(h.start, h.end) for h in places.hits if h.kind in _NAMED_PLACE_KINDS
                     or h.kind == "aggregate" and _OWNED_BY_RE.search(art.norm, max(0, h.start - 8), h.start)]
                  + places.local_spans)  # ``số camera ... của tỉnh``: the province is the place, not the subject
    counted = q.unit in ("count", "percent", "number")
    found = subject_of(art.norm, (q.mention.start_char, q.mention.end_char), q.scopes.lead_start,
                       q.scopes.tail_end, counted, skip, carried)
    if found is not None and _ANAPHOR_RE[art.folded]["this"].fullmatch(art.norm, found.start, found.end):
        return _antecedent(art, q, found, carried)
    if found is not None and found.how == "before" and carried is not None \
            and any(h.start == found.start and h.end == found.end for h in places.hits) \
            and not any(h.start == carried.start and h.end == carried.end for h in places.hits):
        return Subject(carried.start, carried.end, "carried")  # ``..., trong đó cấp xã đạt 74%``: a place alone
    if found is None or found.how == "before" and not is_measure(art.norm, found) \
            and not art.rx["share_verb"].match(art.norm, found.end) \
            or found.how == "carried" and found.start < q.scopes.sentence[0]:
        topic = sentence_topic(art.norm, q.scopes.sentence[0], q.scopes.before_start, skip)
        if topic is not None and found is not None and found.how == "before" \
                and not art.norm[topic.end:found.start].strip(" ,"):
            return Subject(topic.start, found.end, "before")  # one noun list: ``Tỷ lệ người hưởng A, B đạt``
        if topic is not None and found is not None and found.how == "before" and sibling_of(art.norm, found, topic):
            return found  # ``giao dịch qua kênh Internet tăng 28%, riêng kênh QR tăng 146%``: another item
        if topic is not None:
            return _antecedent(art, q, topic, None)
    if (found is None or found.how == "carried") and (label := bracket_label(
            art.norm, q.scopes.sentence, q.mention.start_char, [*skip, *((h.start, h.end) for h in places.hits)])):
        return label  # ``3 nhóm: đào tạo (14.000 tỷ đồng); nghiên cứu (1.500 tỷ đồng)``: each value's own item
    if (found is None or found.how == "carried" and found.start < q.scopes.sentence[0]) \
            and art.norm[q.mention.start_char - 1:q.mention.start_char] == "(":
        # ``A (5,8%); B (5,7%)``: the measure the sentence names for its list, before one carried from earlier
        topic = label_topic(art.norm, q.scopes.sentence, (q.mention.start_char, q.mention.end_char))
        return _antecedent(art, q, topic, carried) if topic is not None else found
    return found


def _continues_a_plan_list(art: _Article, sentence: Sentence, m: Mention, subject: Subject | None,
                           period_id: str | None) -> bool:
    """Is the value a verbless item of a plan's list whose previous sentence ended on a target: a sentence that
    opens with its measure and has only a qualifier before the number (``Tỷ lệ hộ gia đình có cáp quang trên
    85%.``)?"""
    prev = art.previous
    return prev is not None and prev.status == "target" and subject is not None and subject.how != "carried" \
        and subject.end <= m.start_char and not art.norm[sentence.start:subject.start].strip(" \t-–•*+") \
        and is_measure(art.norm, subject) and bool(art.rx["nominal"].fullmatch(art.norm, subject.end, m.start_char)) \
        and period_id in (None, prev.period_id, art.period_id)


def _one_period_named(art: _Article, sentence: Sentence, q: _Quantity, refs: list[PeriodRef],
                      cues: status.StatusCues) -> str | None:
    """The one period a sentence names before a reported value of a later clause (``Số người mua năm 2024 đạt X,
    giá trị bình quân đạt Y``), not past a ``;`` unless the period opens a list after a colon, nor for a value
    told of now (``hiện nay``)."""
    start = q.mention.start_char
    if cues.first_target <= start or any(sentence.start <= f < start for f in cues.forecast) \
            or art.rx["now"].search(art.norm, q.scopes.lead_start, start):
        return None
    earlier = {r.period_id for r in refs if r.period_id and r.mention.start_char < q.scopes.start
               and not (r.is_base or r.is_named or r.starts_range)
               and (";" not in art.norm[r.mention.end_char:start]
                    or _opens_list(art.norm, sentence.start, r.mention.start_char))}
    return next(iter(earlier)) if len(earlier) == 1 else None


_LIST_OPENER_RE = fast_compile(r":\s*(?:(?:tính\s+)?(?:đến|tới|trong|tinh\s+den|den|toi)\s+)?$")


def _opens_list(norm: str, sentence_start: int, at: int) -> bool:
    """Does the period at ``at`` open a list after a colon (``...: Tính đến tháng 10, A; B; C``)?"""
    return bool(_LIST_OPENER_RE.search(norm, max(sentence_start, at - 16), at))


def _antecedent(art: _Article, q: _Quantity, found: Subject, carried: Subject | None) -> Subject:
    """What a subject naming the value just told (``Tỷ lệ này đạt 45%``) speaks of: the subject carried, else
    the last measure of its head named in the paragraph before; any other subject is itself."""
    this = _ANAPHOR_RE[art.folded]["this"].match(art.norm, found.start, found.end)
    if this is None or art.norm[this.end():this.end() + 1].isalnum():
        return found  # (``tỷ lệ này đưa tỉnh dẫn đầu, vượt A (5%)`` speaks of it too)
    if carried is not None:
        return Subject(carried.start, carried.end, "carried")
    paragraph = art.norm.rfind("\n", 0, found.start) + 1
    head = this.group("noun").strip() if this.group("noun") else this.group("head")
    named = antecedent(art.norm, head, max(paragraph, found.start - _ANTECEDENT_CHARS), q.scopes.sentence[0],
                       any_head=bool(this.group("noun")))
    return named or found


def _opening_of(art: _Article, sentence: Sentence, stated_periods: list[Mention]) -> str | None:
    """The period opening ``sentence`` (one of the paragraph's, maybe without quantities)."""
    i, j = _in_sentence(stated_periods, 0, sentence)
    return attribution.opening_period(art, sentence.start, attribution.period_refs(art, stated_periods[i:j]))


def _in_sentence(mentions: list[Mention], start: int, sentence: Sentence) -> tuple[int, int]:
    """The index range of ``mentions`` (in text order, scanned from ``start``) inside ``sentence``."""
    i = start
    while i < len(mentions) and mentions[i].start_char < sentence.start:
        i += 1
    j = i
    while j < len(mentions) and mentions[j].start_char < sentence.end:
        j += 1
    return i, j


def build_observations(text: str, norm: str, folded: bool, mentions: list[Mention], sentences: list[Sentence],
                       matcher: MetricMatcher, index: TextIndex, period_id: str | None, vocabulary: Vocabulary,
                       published: date | None = None, home: Callable[[], str | None] | str | None = None,
                       normalized: Normalized | None = None, period_is_weak: bool = False,
                       provincial: bool = False, source: str | None = None) -> list[Observation]:
    """The observations of one article: ``norm`` is ``normalize(text, folded)``, ``index`` its cue
    index, ``period_id`` its reporting period (None when unknown; ``period_is_weak`` when it is only the
    month of publication, so that a sentence comparing with a period is of the year after it: ``So với 9
    tháng đầu năm 2023, doanh thu đạt ...`` is of ``2024-9M``), ``home`` the province it is about,
    ``normalized`` the text normalised once for place lookups (made here when None); ``provincial`` that the
    article is about one province (its title names only that one), so its unplaced figures are the home's;
    ``source`` the province whose authority or paper published it (:func:`places.source_province`)."""
    art = _Article(text, norm, folded, period_id, matcher, index, vocabulary, published, home)
    art.provincial = art.provincial or provincial or None
    art.source = source
    art.period_is_weak = period_is_weak or period_id is None
    art.normalized = normalized if normalized is not None else Normalized(text)
    quantities = [m for m in mentions if m.mention_type == "quantity"]
    stated_periods = [m for m in mentions if m.mention_type in ("period", "date")]
    out: list[Observation] = []
    qi = pi = 0
    carried: Subject | None = None
    outside: Subject | None = None  # ``carried`` as it stood outside brackets
    carried_by_unit: dict[str, Subject] = {}
    paragraph = -1
    previous_sentence: Sentence | None = None
    for sentence, topic in zip(sentences, _topics(sentences, index), strict=True):
        if sentence.paragraph != paragraph:
            carried, paragraph, art.carried_place, carried_by_unit = None, sentence.paragraph, None, {}
            outside = None
            art.future_period = art.previous = art.previous_reported = previous_sentence = None
            art.paragraph_province = None
        before, previous_sentence = previous_sentence, sentence
        sentence_place = art.carried_place
        qi, qj = _in_sentence(quantities, qi, sentence)
        if qi == qj:
            if sentence.start == sentence.paragraph and is_label_line(art.text, sentence.start, sentence.end) \
                    and art.text[sentence.end:sentence.end + 1] in ("\n", ""):
                pi, pj = _in_sentence(stated_periods, pi, sentence)
                art.section_period = _heading_period(art, sentence, stated_periods[pi:pj]) or art.section_period
                art.section_place = _heading_place(art, sentence) or art.section_place
            continue
        art.opened_before = _opening_of(art, before, stated_periods) \
            if before is not None and _ANAPHOR_RE[art.folded]["within"].match(art.norm, sentence.start) else None
        pi, pj = _in_sentence(stated_periods, pi, sentence)
        refs = attribution.period_refs(art, stated_periods[pi:pj])
        art.stated_spans = [(p.start_char, p.end_char) for p in stated_periods[pi:pj]]
        first = len(out)
        dates = [(d.start_char, day) for d in stated_periods[pi:pj]
                 if d.mention_type == "date" and (day := period_phrases.date_of_mention(d.raw))]
        status_cues = status.status_cues(art.norm, art.folded, sentence, [m.end_char for m in quantities[qi:qj]])
        for clause, qs in _clauses(art, sentence, topic, quantities[qi:qj]):
            rng = attribution.clause_range(art, refs, *clause)
            starts = [q.mention.start_char for q in qs]
            respective = attribution.respective_periods(art, clause, refs, starts)
            respective_place = respective_places(art.sentence_places(sentence), clause, starts)
            for i, q in enumerate(qs):
                if not is_indicator(art.norm, q) or _is_threshold(art, qs[i - 1] if i else None, q) \
                        or counts_the_named(art.norm, q, _units_named_before(art, sentence, q)) \
                        or ranked_among(art.norm, qs[i - 1] if i else None, q):
                    continue
                # the subject of the sentence's previous value, else the last one of the value's unit; a
                # breakdown in brackets (``283 vụ (gồm 30 vụ A, 213 vụ B), giảm 11%``) hands on none of its own
                bracketed = art.norm.rfind("(", sentence.start, q.mention.start_char) \
                    > art.norm.rfind(")", sentence.start, q.mention.start_char)
                if not bracketed:
                    carried = outside
                own = carried if carried is not None and carried.start >= sentence.start else None
                _observation(art, sentence, clause, q, _before_brackets(art, qs, i), refs, rng, status_cues,
                             own or carried_by_unit.get(q.unit, carried), dates, respective, respective_place,
                             sentence_place)
                carried = q.subject or carried
                if not bracketed:
                    outside = carried
                if q.subject is not None:
                    carried_by_unit[q.unit] = q.subject
                if q.observation is not None and q.observation.place_id != NATION \
                        and art.vocabulary.places.places[q.observation.place_id].kind in UNIT_KINDS:
                    sentence_place = q.observation.place_id
            _shared_bases(qs)
            _shared_ranges(art, qs)
            _shared_metrics(qs)
            _respective_subjects(art, qs)
            out.extend(q.observation for q in qs if q.observation is not None)
        art.future_period = next((o.period_id for o in out[first:] if o.status != "reported" and o.period_id
                                  and o.period_id != art.period_id), None)
        art.previous = out[-1] if len(out) > first else None
        art.previous_reported = next((o for o in reversed(out[first:]) if o.status == "reported"), None)
        art.paragraph_province = next((h.place_id for h in reversed(art.sentence_places(sentence).hits)
                                       if h.kind == "province"), art.paragraph_province)
        places = {o.place_id for o in out[first:]}
        units = {p for p in places if p == UNNAMED_PROVINCE or art.vocabulary.places.places[p].kind in UNIT_KINDS}
        # ``tỷ lệ hồ sơ toàn tỉnh đạt 72%, trong đó cấp xã đạt 74%``: the province goes on, beside its own levels
        # (one not named too: ``doanh thu trên địa bàn tỉnh đạt X. Doanh thu dịch vụ đạt Y``)
        art.carried_place = next(iter(units)) if len(units) == 1 and NATION not in places else None
        if not units and places and (opened := _opening_level(art, sentence)) in places:
            art.carried_place = opened  # ``Đối với cấp tỉnh, DTI đạt 0,69. ... Kinh tế số đạt 0,77``
    return out


_OPENING_LEVEL_RE = compile_normalised({"opening": r"^\W*(?:đối với|với|ở|tại|riêng)\s+$"})


def _opening_level(art: _Article, sentence: Sentence) -> str | None:
    """The aggregate (``cấp tỉnh``, ``cấp xã``) a sentence opens with (``Đối với cấp tỉnh, ...``), if any."""
    hits = art.sentence_places(sentence).hits
    if not hits or hits[0].kind != "aggregate":
        return None
    if not _OPENING_LEVEL_RE[art.folded]["opening"].search(art.norm, sentence.start, hits[0].start):
        return None
    return hits[0].place_id

"""Matching a number to a metric of the catalogue, by the cue phrases of ``catalogue/metric_cues.csv``.

The cue file holds one row per cue; an analyst adds a metric by adding rows, without Python:

``metric_id``
    a metric of ``metrics.csv``.
``where``
    where the ``cue`` phrase must stand, relative to the number (one of the scopes below).
``cue``
    the phrase; ``|`` separates spellings or synonyms of one idea (``hồ sơ định danh|tài khoản định danh``).
``unit``
    the unit the number must be written in (``count``, ``percent``, ``ratio``, ``usd``, ``vnd``,
    ``number`` for a bare number, ...); empty means what the metric's catalogue unit allows (a ``count``
    metric takes counts and bare numbers). A percent after ``tăng``/``giảm`` is accepted for any metric,
    as a ``change_pct``, and percentage points (``tăng 3 điểm phần trăm``) for a percent metric.
``kind``
    ``level`` for metrics that are flows themselves (``thêm 1 trung tâm dữ liệu khai trương``,
    ``tăng ít nhất 5 bậc``), where an increase verb does not make the number a change; else empty.
``requires`` / ``excludes``
    further phrases, written ``scope: a | b; scope: c``: every group of ``requires`` must be present,
    and no phrase of ``excludes`` (a ``sentence`` exclusion looks at the sentence itself only).
``note``
    free text: an example of the wording the row is for.

Scopes, from narrow to wide. A *clause* is a part of a sentence between semicolons; the *lead* of a
number is its clause's text since the previous quantity, its *tail* the clause's text up to the next one.

``after``    starts within the first three words after the number, before any ``, ; : ( )``
``phrase``   after the number, before any ``, ; : ( )`` (``18 mục tiêu đã hoàn thành (đạt 29%)``)
``before``   in the lead, after its last ``, ; : (``
``lead``     in the lead
``tail``     in the tail
``near``     in the lead or the tail
``clause``   in the clause
``sentence`` in the sentence; a sentence naming no subject (no phrase that some cue asks for at this
             scope) borrows the subject of the previous sentence of its paragraph (``Nền tảng tích hợp,
             chia sẻ dữ liệu quốc gia đã kết nối ... Trung bình mỗi ngày khoảng 2,8 triệu giao dịch.``)

Phrases are matched on a copy of the text of the same length (lower case, old and new tone placement
made one, ``tỉ`` read as ``tỷ``); an article written without diacritics is matched on accent-stripped
copies of text and phrases. Words are compared one by one, so punctuation between them does not matter
(``bộ ngành`` matches ``bộ, ngành``), and an upper-case abbreviation in parentheses is skipped
(``doanh nghiệp (DN) công nghệ số`` matches ``doanh nghiệp công nghệ số``). The abbreviations of
``cue_synonyms.csv`` (``CSDL`` = ``cơ sở dữ liệu``) match either way round.

Of the cues that hold, the one standing closest to the number wins: ``after`` 6, ``before`` 5,
``phrase`` 4, ``lead`` and ``tail`` 3, ``near`` 2, ``clause`` 1, ``sentence`` 0.5, plus 0.3 for each
``requires`` group; the earlier row wins a tie.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate
from pathlib import Path

from pipelines.core.catalogue import CATALOGUE_DIR, metrics_by_id, read_units

CUES_CSV = CATALOGUE_DIR / "metric_cues.csv"
SYNONYMS_CSV = CATALOGUE_DIR / "cue_synonyms.csv"

SCOPES = ("after", "phrase", "before", "lead", "tail", "near", "clause", "sentence")
WHERE_WEIGHT = {"after": 6.0, "before": 5.0, "phrase": 4.0, "lead": 3.0, "tail": 3.0, "near": 2.0,
                "clause": 1.0, "sentence": 0.5}
REQUIRE_WEIGHT = 0.3
MENTION_UNITS = ("count", "percent", "percentage_point", "point", "ratio", "usd", "vnd", "number",
                 "usd_per_ha_year")

# The units a level of a metric may be written in, by the metric's catalogue unit.
_TONE_MOVES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
               "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TI_RE = re.compile(r"tỉ(?!\w)")
_WORD_RE = re.compile(r"[^\W_]+")
_SPLIT_RE = re.compile(r"([^\W_]+)")
_PAREN_ABBR_RE = re.compile(r"\(\s*[A-ZĐ][A-ZĐ&]{1,7}\s*\)")
_VIETNAMESE_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


class CueError(ValueError):
    """The cue file is malformed; the message names the line."""


def _base_letter(c: str) -> str:
    return "d" if c == "đ" else unicodedata.normalize("NFD", c)[0]


def _strip_table() -> list[int]:
    """A ``str.translate`` table indexed by code point (a list is read several times faster than a dict;
    characters past its end stay as they are)."""
    table = list(range(max(map(ord, _VIETNAMESE_LETTERS)) + 1))
    for c in _VIETNAMESE_LETTERS:
        table[ord(c)] = ord(_base_letter(c))
    return table


_STRIP_TABLE = _strip_table()


def normalize(text: str, strip_accents: bool = False) -> str:
    """A copy of ``text`` of the same length for matching: lower case, one tone placement, ``tỉ`` = ``tỷ``."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for old, new in _TONE_MOVES.items():
        if old in low:
            low = low.replace(old, new)
    low = _TI_RE.sub(lambda m: m.group() if m.start() and low[m.start() - 1].isalnum() else "tỷ", low)
    return low.translate(_STRIP_TABLE) if strip_accents else low


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class Normalized:
    """One text normalised once both ways (:func:`normalize`), for windows cut out of it.

    ``window(a, b, folded)`` equals ``normalize(text[a:b], folded)``: a slice of the whole text's copy when
    no word runs across ``a`` or ``b`` (every rewrite of :func:`normalize` stays inside a word), else the
    window normalised on its own. A text holding a capital sigma (whose lower case depends on the next
    letter) is always normalised window by window."""

    __slots__ = ("text", "_copies", "_sliceable")

    def __init__(self, text: str):
        self.text = text
        self._copies: dict[bool, str] = {}
        self._sliceable = "Σ" not in text

    def whole(self, folded: bool) -> str:
        copy = self._copies.get(folded)
        if copy is None:
            copy = self._copies[folded] = (self.whole(False).translate(_STRIP_TABLE) if folded
                                           else normalize(self.text))
        return copy

    def window(self, a: int, b: int, folded: bool = False) -> str:
        text = self.text
        if self._sliceable and self._clean_cut(a) and self._clean_cut(b):
            return self.whole(folded)[a:b]
        return normalize(text[a:b], folded)

    def _clean_cut(self, i: int) -> bool:
        text = self.text
        return i <= 0 or i >= len(text) or not (_is_word(text[i - 1]) and _is_word(text[i]))


def is_unaccented(text: str) -> bool:
    """True for Vietnamese written without diacritics: fewer than 2% non-ASCII characters."""
    sample = text[:20000]
    non_ascii = len(sample.encode("utf-8")) - len(sample)
    return len(sample) > 200 and non_ascii < 0.02 * len(sample)


# The cue file -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirement:
    scope: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Cue:
    """One row of the cue file (``line`` is its line number)."""

    line: int
    metric_id: str
    where: str
    phrases: tuple[str, ...]
    unit: str | None
    kind: str | None
    requires: tuple[Requirement, ...]
    excludes: tuple[Requirement, ...]
    note: str = ""

    @cached_property
    def score(self) -> float:
        return WHERE_WEIGHT[self.where] + REQUIRE_WEIGHT * len(self.requires)

    @cached_property
    def rule(self) -> str:
        return f"cue:{self.line} {self.where}:{self.phrases[0]}"


def _phrases(field: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in field.split("|") if p.strip())


def _requirements(field: str | None, where: str) -> tuple[Requirement, ...]:
    out = []
    for group in (g.strip() for g in (field or "").split(";")):
        if not group:
            continue
        scope, sep, rest = group.partition(":")
        scope = scope.strip()
        if not sep or scope not in SCOPES:
            raise CueError(f"{where}: '{group}' must read 'scope: phrase | phrase' with a scope of {SCOPES}")
        phrases = _phrases(rest)
        if not phrases:
            raise CueError(f"{where}: no phrase in '{group}'")
        out.append(Requirement(scope, phrases))
    return tuple(out)


def load_cues(path: Path = CUES_CSV, known_metrics: set[str] | None = None) -> list[Cue]:
    """Read and validate a cue file: known metrics, scopes, units and kinds, a phrase in every row."""
    known = known_metrics if known_metrics is not None else set(metrics_by_id())
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    cues = []
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}:{n}"
        metric_id = (row.get("metric_id") or "").strip()
        if metric_id not in known:
            raise CueError(f"{where}: unknown metric_id {metric_id!r}")
        scope = (row.get("where") or "").strip()
        if scope not in SCOPES:
            raise CueError(f"{where}: where must be one of {SCOPES}, not {scope!r}")
        phrases = _phrases(row.get("cue") or "")
        if not phrases:
            raise CueError(f"{where}: empty cue")
        unit = (row.get("unit") or "").strip() or None
        if unit and unit not in MENTION_UNITS:
            raise CueError(f"{where}: unit must be one of {MENTION_UNITS}, not {unit!r}")
        kind = (row.get("kind") or "").strip() or None
        if kind not in (None, "level"):
            raise CueError(f"{where}: kind must be empty or 'level', not {kind!r}")
        cues.append(Cue(n, metric_id, scope, phrases, unit, kind, _requirements(row.get("requires"), where),
                        _requirements(row.get("excludes"), where), (row.get("note") or "").strip()))
    return cues


def load_synonyms(path: Path = SYNONYMS_CSV) -> list[tuple[str, ...]]:
    """Groups of interchangeable phrases, from rows ``short,long`` (``csdl,cơ sở dữ liệu``)."""
    groups: list[set[str]] = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pair = {normalize(row["short"].strip()), normalize(row["long"].strip())}
            joined = pair.union(*(g for g in groups if g & pair))
            groups = [g for g in groups if not g & pair] + [joined]
    return [tuple(sorted(g)) for g in groups]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(phrase))


def _variants(words: tuple[str, ...], synonyms: list[tuple[tuple[str, ...], ...]]) -> set[tuple[str, ...]]:
    """Every spelling of a phrase obtained by swapping synonyms (``csdl dùng chung``, ...)."""
    out = {words}
    for group in synonyms:
        grown = set(out)
        for variant in out:
            for member in group:
                n = len(member)
                for i in range(len(variant) - n + 1):
                    if variant[i:i + n] == member:
                        grown.update(variant[:i] + other + variant[i + n:] for other in group
                                     if other != member)
        out = grown
    return out


# Where phrases occur in one text ----------------------------------------------------------------------

@dataclass(frozen=True)
class Scopes:
    """Character bounds of the scopes around one number (``start``/``end`` are the number's)."""

    start: int
    end: int
    after_end: int
    phrase_end: int
    before_start: int
    lead_start: int
    tail_end: int
    clause: tuple[int, int]
    sentence: tuple[int, int]
    topic: tuple[int, int] | None

    def ranges(self, scope: str) -> tuple[tuple[int, int], ...]:
        if scope == "after":
            return ((self.end, self.after_end),)
        if scope == "phrase":
            return ((self.end, self.phrase_end),)
        if scope == "before":
            return ((self.before_start, self.start),)
        if scope == "lead":
            return ((self.lead_start, self.start),)
        if scope == "tail":
            return ((self.end, self.tail_end),)
        if scope == "near":
            return ((self.lead_start, self.start), (self.end, self.tail_end))
        if scope == "clause":
            return (self.clause,)
        return (self.sentence, self.topic) if self.topic else (self.sentence,)


class TextIndex:
    """Where each cue phrase occurs in one text, by phrase id (``everything``: (start, end, id) in order)."""

    def __init__(self, occurrences: dict[int, tuple[list[int], list[int]]], word_starts: list[int],
                 subject_starts: list[int], everything: list[tuple[int, int, int]]):
        self.occurrences = occurrences
        self.word_starts = word_starts
        self.subject_starts = subject_starts
        self._all_starts = [s for s, _, _ in everything]
        self._all_pids = [pid for _, _, pid in everything]
        self._pids_cache: dict[tuple[int, int], frozenset[int]] = {}
        self._held: dict[tuple, bool] = {}

    def pids_in(self, a: int, b: int) -> frozenset[int]:
        """The phrases that start inside ``[a, b)`` (remembered: sentences and clauses are asked often)."""
        found = self._pids_cache.get((a, b))
        if found is None:
            i, j = bisect_left(self._all_starts, a), bisect_left(self._all_starts, b)
            found = self._pids_cache[(a, b)] = frozenset(self._all_pids[i:j])
        return found

    def present(self, pid: int, a: int, b: int) -> bool:
        """Does phrase ``pid`` occur wholly inside ``[a, b)``?"""
        occ = self.occurrences.get(pid)
        if not occ or a >= b:
            return False
        starts, ends = occ
        i = bisect_left(starts, a)
        while i < len(starts) and starts[i] < b:
            if ends[i] <= b:
                return True
            i += 1
        return False

    def any_present(self, pids: tuple[int, ...], ranges: tuple[tuple[int, int], ...]) -> bool:
        """Does one of the phrases occur wholly inside one of the ranges? (remembered: the conditions of a
        sentence or a clause are asked again for each of its numbers)"""
        key = (pids, ranges)
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = any(self.present(pid, a, b) for pid in pids for a, b in ranges)
        return held

    def starts_in(self, pid: int, a: int, b: int) -> bool:
        """Does phrase ``pid`` start inside ``[a, b)``?"""
        occ = self.occurrences.get(pid)
        if not occ:
            return False
        i = bisect_left(occ[0], a)
        return i < len(occ[0]) and occ[0][i] < b

    def has_subject(self, a: int, b: int) -> bool:
        """Does a subject phrase (one asked for at ``sentence`` scope) start inside ``[a, b)``?"""
        i = bisect_left(self.subject_starts, a)
        return i < len(self.subject_starts) and self.subject_starts[i] < b

    def word_limit(self, position: int, words: int, bound: int) -> int:
        """Where the ``words``-th word after ``position`` starts (at most ``bound``)."""
        i = bisect_left(self.word_starts, position) + words
        return min(bound, self.word_starts[i]) if i < len(self.word_starts) else bound


# Matching ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    cue: Cue
    score: float


class MetricMatcher:
    """A compiled cue file: indexes a text once, then proposes metrics for each number of it."""

    def __init__(self, cues: list[Cue], synonyms: list[tuple[str, ...]], metric_units: dict[str, str] | None = None,
                 unit_accepts: dict[str, tuple[str, ...]] | None = None):
        """``metric_units``: each metric's catalogue unit; ``unit_accepts``: the units a value in each catalogue
        unit may be written in (``units.csv``'s ``accepts``); both default to ``pipelines/catalogue``'s."""
        self.cues = cues
        self.metric_units = metric_units or {m.metric_id: m.unit for m in metrics_by_id().values()}
        self.unit_accepts = unit_accepts or {u.unit_id: u.accepts for u in read_units()}
        self._pids: dict[str, int] = {}
        subject: set[int] = set()
        self._compiled = {}
        for cue in cues:
            cue_pids = tuple(self._pid(p) for p in cue.phrases)
            requires = tuple((r.scope, tuple(self._pid(p) for p in r.phrases)) for r in cue.requires)
            excludes = tuple((r.scope, tuple(self._pid(p) for p in r.phrases)) for r in cue.excludes)
            self._compiled[cue.line] = (cue_pids, requires, excludes)
            if cue.where == "sentence":
                subject.update(cue_pids)
            subject.update(pid for scope, pids in requires if scope == "sentence" for pid in pids)
        self.subject_pids = frozenset(subject)
        self._tables = {
            folded: self._table([tuple(_words(normalize(p, folded)) for p in g) for g in synonyms], folded)
            for folded in (False, True)}
        self._by_unit: dict[tuple[str, bool], dict[str, dict[int, list[Cue]]]] = {}

    def _pid(self, phrase: str) -> int:
        return self._pids.setdefault(normalize(phrase), len(self._pids))

    def _table(self, synonyms, folded: bool) -> dict[str, tuple[list[int], dict[str, list]]]:
        """First word → (ids of one-word phrases, second word → [(words, id)] of longer phrases)."""
        table: dict[str, tuple[list[int], dict[str, list]]] = {}
        for phrase, pid in self._pids.items():
            for words in _variants(_words(normalize(phrase, folded)), synonyms):
                if not words:
                    continue
                singles, longer = table.setdefault(words[0], ([], {}))
                if len(words) == 1:
                    singles.append(pid)
                else:
                    longer.setdefault(words[1], []).append((words, pid))
        return table

    def index(self, text: str, norm: str | None = None, folded: bool | None = None,
              regions: list[tuple[int, int]] | None = None) -> TextIndex:
        """Find every cue phrase in ``text``, or in the given ``(start, end)`` regions of it only.

        ``norm`` is ``normalize(text, folded)`` when the caller has already made it."""
        if folded is None:
            folded = is_unaccented(text)
        if norm is None:
            norm = normalize(text, folded)
        skipped = [m.span() for m in _PAREN_ABBR_RE.finditer(text)]
        if skipped:
            pieces, cur = [], 0
            for a, b in skipped:
                pieces += [norm[cur:a], " " * (b - a)]
                cur = b
            norm = "".join(pieces) + norm[cur:]
        table = self._tables[folded]
        words, starts = [], []
        for a, b in [(0, len(norm))] if regions is None else regions:
            parts = _SPLIT_RE.split(norm[a:b])
            offsets = list(accumulate(map(len, parts), initial=a))
            words += parts[1::2]
            starts += offsets[1:len(parts):2]
        found: list[tuple[int, int, int]] = []
        last = len(words) - 1
        for i in [i for i, w in enumerate(words) if w in table]:
            singles, longer = table[words[i]]
            start = starts[i]
            if singles:
                end = start + len(words[i])
                found.extend((start, end, pid) for pid in singles)
            following = longer.get(words[i + 1]) if i < last else None
            for phrase, pid in following or ():
                n = len(phrase)
                if n == 2 or tuple(words[i:i + n]) == phrase:
                    found.append((start, starts[i + n - 1] + len(words[i + n - 1]), pid))
        found.sort()
        occurrences: dict[int, tuple[list[int], list[int]]] = {}
        for start, end, pid in found:
            occ = occurrences.get(pid)
            if occ is None:
                occ = occurrences[pid] = ([], [])
            occ[0].append(start)
            occ[1].append(end)
        subject_starts = [start for start, _, pid in found if pid in self.subject_pids]
        return TextIndex(occurrences, starts, subject_starts, found)

    def accepts_unit(self, cue: Cue, mention_unit: str, is_change: bool) -> bool:
        """Can a number written in ``mention_unit`` be a value (or a change) of the cue's metric?

        Any metric takes a change in percent; a percent metric also a change in percentage points."""
        metric_unit = self.metric_units[cue.metric_id]
        allowed = (cue.unit,) if cue.unit else self.unit_accepts.get(metric_unit, (metric_unit,))
        if mention_unit == "percentage_point" and metric_unit == "percent":
            return is_change
        if mention_unit in allowed:
            return True
        return is_change and mention_unit == "percent"

    def _cues_for(self, mention_unit: str, is_change: bool) -> dict[str, dict[int, list[Cue]]]:
        """where → cue phrase id → the cues a number in ``mention_unit`` may satisfy (built once)."""
        key = (mention_unit, is_change)
        if key not in self._by_unit:
            table: dict[str, dict[int, list[Cue]]] = {}
            for cue in self.cues:
                if self.accepts_unit(cue, mention_unit, is_change):
                    for pid in self._compiled[cue.line][0]:
                        table.setdefault(cue.where, {}).setdefault(pid, []).append(cue)
            self._by_unit[key] = table
        return self._by_unit[key]

    def _holds(self, idx: TextIndex, pids: tuple[int, ...], scope: str, sc: Scopes,
               own: bool = False) -> bool:
        """Does one of the phrases stand in ``scope`` (``own``: a sentence without its borrowed subject)?"""
        ranges = sc.ranges(scope)
        if own and scope == "sentence":
            ranges = ranges[:1]
        if scope == "after":
            return any(idx.starts_in(pid, *ranges[0]) for pid in pids)
        return idx.any_present(pids, ranges)

    def names_the_previous(self, idx: TextIndex, cue: Cue, sc: Scopes) -> bool:
        """Does the cue phrase stand right after the number before (its counted noun: ``73.700 doanh nghiệp
        công nghệ số, 9 triệu thuê bao 5G``), rather than in this number's own lead?"""
        if sc.lead_start <= sc.clause[0]:
            return False
        return any(idx.starts_in(pid, sc.lead_start, sc.lead_start + 2) for pid in self._compiled[cue.line][0])

    def candidates(self, idx: TextIndex, sc: Scopes, mention_unit: str, is_change: bool) -> list[Candidate]:
        """Every cue that holds for the number bounded by ``sc``, best first."""
        seen: set[int] = set()
        out = []
        for where, by_pid in self._cues_for(mention_unit, is_change).items():
            ranges = sc.ranges(where)
            starting = idx.pids_in(*ranges[0])
            if len(ranges) > 1:
                starting = starting.union(idx.pids_in(*ranges[1]))
            for pid in starting.intersection(by_pid):
                for cue in by_pid[pid]:
                    if cue.line in seen:
                        continue
                    seen.add(cue.line)
                    cue_pids, requires, excludes = self._compiled[cue.line]
                    holds = ((where == "after" or self._holds(idx, cue_pids, where, sc))
                             and all(self._holds(idx, pids, scope, sc) for scope, pids in requires)
                             and not any(self._holds(idx, pids, scope, sc, own=True)
                                         for scope, pids in excludes))
                    if holds:
                        out.append(Candidate(cue, cue.score))
        out.sort(key=lambda c: (-c.score, c.cue.line))
        return out


@cache
def default_matcher() -> MetricMatcher:
    """The matcher of the catalogue's cue and synonym files (read once per process)."""
    return MetricMatcher(load_cues(), load_synonyms())

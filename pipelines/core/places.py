"""The place dimension: where a value applies, read from ``pipelines/catalogue/places.csv``.

A place is the nation (``vn``), a province or centrally-run city (``vn-<name>``, the 63 units before the
2025 merger and the 23 new units after it as ``vn-<name>-2025``), a ministry or central agency
(``min-<name>``, before and after the March 2025 restructuring, with ``successor_id``), an aggregate the
articles report
(``agg-ministries``, ``agg-localities`` (also ``cấp tỉnh``), ``agg-districts``, ``agg-communes``,
and ``vn-unknown`` for a province an article speaks of without naming it), or ``foreign`` (other
countries, regions, the world). A place's ``name_vi`` and ``aliases`` are its phrases;
``place_exclusions.csv`` lists phrases that contain a place name but are not a place (``Ngân hàng Thế
giới``, ``phố Huế``).

Finding places (:class:`PlaceIndex`). Every phrase is compiled into one trie-shaped regular expression
run over an accent-stripped, lower-case copy of the text of the same length, so one scan finds every
place, longest phrase first. A hit is then checked against the text as written:

- its words carry the phrase's diacritics (old and new tone placement are one: ``Hoà``/``Hòa``), or it
  is written without any diacritics at all (``Bac Ninh``, ``TP HCM``; not for one-syllable names:
  ``Hue`` and ``My`` are not places);
- each capitalised word of a proper name is capitalised in the text (``Huế`` and ``Hòa Bình`` are
  places, ``huế`` and ``hòa bình`` are not); lower-case phrases (``cả nước``, ``bộ, ngành``) match in
  any case;
- a one-word name followed by another capitalised word is part of a longer name (``Mỹ Tho``), and a
  name right after a surname or middle name of ``person_name_words.csv`` is a person (``Nguyễn Hòa Bình``);
- a province is found with or without a prefix (``tỉnh``, ``thành phố``, ``TP``/``TP.``) and the hit
  covers the prefix; a phrase that itself begins with a prefix (``TP.HCM``, ``Thành phố Hồ Chí Minh``)
  is found only as written, so ``Hồ Chí Minh`` alone (a person) is no place.

A phrase shared by an old province and the merged unit named after it (``Bắc Ninh``) resolves by date:
the unit valid on ``on``; with no date, or when no unit is valid then, the pre-merger unit (a name of a
merged-away province refers to that old area: ``Bắc Giang`` in September 2025 is ``vn-bac-giang``,
whose ``successor_id`` says where it went).

The place of one quantity (:func:`place_of`), first rule that applies:

a. a place phrase in the quantity's subject span, else in its lead (the text since the previous quantity
   of the sentence, before the number; the phrase nearest the number wins). An aggregate counts only as
   a qualifier of the subject: after ``của``/``khối``/``tại``/``ở``/``trong``/``thuộc``/``đối với``, a
   ``cấp ...`` phrase, a list label right before the value (``địa phương (17%)``, ``địa phương: 17%``),
   or opening the clause (``..., địa phương đạt 17%``); never the counted noun right after a number
   (``18 bộ, ngành kết nối`` is a national count).
b. a place opening the sentence (``Tại Bắc Ninh, ...``, ``Riêng TP.HCM, ...``, ``Ở Đà Nẵng ...``,
   ``Trên thế giới, ...``); else a province introduced as the owner anywhere in the sentence (``của``,
   ``tại``, ``ở``, ``trên địa bàn``, ``thuộc``; the one nearest the quantity, in its part of the sentence);
   else, when the sentence has a local marker (:func:`local_markers`) or names a district
   (:func:`districts`: ``huyện Bát Xát``), the ``home`` province (the extraction passes the province the
   paragraph named last, else the article's), or ``vn-unknown`` when the caller knows no home (a
   province's value never joins the national series).
A ministry counts in a, b and the owner rule only as the owner of what is measured (``của Bộ Tư pháp``), a
list label (``Bộ Tài chính (78,4%)``) or the unit that ranks or holds (``Bộ Y tế có 120 dịch vụ``); as
the source of the figures (``Theo Bộ TT&TT``, ``Bộ Y tế cho biết``) or the actor of a national
programme (``Bộ Công an đã cấp 86 triệu thẻ``) it is no place and the value stays the nation's.

c. a national marker (``cả nước``, ``toàn quốc``, ``Việt Nam``) in the sentence: ``vn``.
d. ``carried``: the place of the previous sentence of the paragraph, passed by the caller when that
   sentence was provincial.
e. ``vn``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from pipelines.core.catalogue import CATALOGUE_DIR, CatalogueError
from pipelines.core.metric_match import Normalized, normalize
from pipelines.core.phrases import RESPECTIVELY_RE, fast_compile, token_trie

PLACES_CSV = CATALOGUE_DIR / "places.csv"
EXCLUSIONS_CSV = CATALOGUE_DIR / "place_exclusions.csv"
NAME_WORDS_CSV = CATALOGUE_DIR / "person_name_words.csv"
NAME_ROLES = ("surname", "middle")
KINDS = ("nation", "province", "ministry", "aggregate", "foreign")
# The kinds of a named unit of its own: its values are its own series, and a sentence keeps it for its later
# quantities.
UNIT_KINDS = ("province", "ministry")
NATION = "vn"
UNNAMED_PROVINCE = "vn-unknown"
PLACE_COLUMNS = ("place_id", "name_vi", "name_en", "kind", "valid_from", "valid_to", "successor_id")

# Words that may precede a province name; they are exempt from the capital-letter check.
_PREFIXES = (("tỉnh",), ("thành", "phố"), ("tp",))
_PREFIX_WORDS = {w for p in _PREFIXES for w in p}
_WORD_RE = fast_compile(r"[^\W_]+")
_WORD_BEFORE_RX = fast_compile(r"(?<!\w)([^\W\d_]+) $")

# Separator symbols in the trie and what each stands for in the text.
_SEP_SPACE, _SEP_DASH, _SEP_COMMA, _SEP_DOT, _SEP_AND = "\x01", "\x02", "\x03", "\x04", "\x05"
_SEP_PATTERN = {
    _SEP_SPACE: r"\s+",
    _SEP_AND: r"\s*&\s*",
    _SEP_DASH: r"(?:\s*[-–]\s*|\s+)",
    _SEP_COMMA: r"(?:\s*[,/]\s*|\s+)",  # ``bộ, ngành``, ``bộ/ngành``
    _SEP_DOT: r"(?:\.\s*|\s+)",
}


@dataclass(frozen=True)
class Place:
    place_id: str
    name_vi: str
    name_en: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    successor_id: str | None
    aliases: tuple[str, ...]

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class PlaceHit(NamedTuple):
    place_id: str
    kind: str
    start: int
    end: int


def _date(value: str, path: Path, line: int, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CatalogueError(f"{path}:{line}: {column} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def read_places(path: Path = PLACES_CSV) -> list[Place]:
    """Read and validate a places file: unique ids, known kinds, ISO dates, successors that exist."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    places, lines = [], {}
    for n, row in enumerate(rows, start=2):
        cell = {k: (row.get(k) or "").strip() for k in (*PLACE_COLUMNS, "aliases")}
        if not cell["place_id"] or not cell["name_vi"]:
            raise CatalogueError(f"{path}:{n}: empty place_id or name_vi")
        if cell["place_id"] in lines:
            raise CatalogueError(f"{path}:{n}: duplicate place_id {cell['place_id']} (first on line "
                                 f"{lines[cell['place_id']]})")
        if cell["kind"] not in KINDS:
            raise CatalogueError(f"{path}:{n}: unknown kind {cell['kind']!r} (known: {', '.join(KINDS)})")
        place = Place(cell["place_id"], cell["name_vi"], cell["name_en"], cell["kind"],
                      _date(cell["valid_from"], path, n, "valid_from"), _date(cell["valid_to"], path, n, "valid_to"),
                      cell["successor_id"] or None,
                      tuple(a.strip() for a in cell["aliases"].split("|") if a.strip()))
        if place.valid_from and place.valid_to and place.valid_from > place.valid_to:
            raise CatalogueError(f"{path}:{n}: valid_from is after valid_to")
        lines[place.place_id] = n
        places.append(place)
    for place in places:
        if place.successor_id and place.successor_id not in lines:
            raise CatalogueError(f"{path}:{lines[place.place_id]}: unknown successor_id {place.successor_id!r}")
    return places


def read_place_exclusions(path: Path = EXCLUSIONS_CSV) -> list[str]:
    """Phrases that contain a place name but are not a place (one ``phrase`` column, a ``reason``)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    phrases = []
    for n, row in enumerate(rows, start=2):
        phrase = (row.get("phrase") or "").strip()
        if not phrase:
            raise CatalogueError(f"{path}:{n}: empty phrase")
        phrases.append(phrase)
    return phrases


def read_person_name_words(path: Path = NAME_WORDS_CSV) -> list[str]:
    """Surnames and middle names: a place name right after one is part of a person's name
    (``Nguyễn Hòa Bình``). Columns ``word`` and ``role`` (surname or middle)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    words = []
    for n, row in enumerate(rows, start=2):
        word, role = (row.get("word") or "").strip(), (row.get("role") or "").strip()
        if not word or " " in word:
            raise CatalogueError(f"{path}:{n}: a name word must be one word, got {word!r}")
        if role not in NAME_ROLES:
            raise CatalogueError(f"{path}:{n}: unknown role {role!r} (known: {', '.join(NAME_ROLES)})")
        words.append(word)
    return words


def place_rows(places: Iterable[Place]) -> list[dict]:
    """The rows of the warehouse ``places`` table."""
    return [{c: getattr(p, c) for c in PLACE_COLUMNS} for p in places]


# The index ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Form:
    """One way a phrase may be written: its words with diacritics, which must be capitalised."""

    words: tuple[str, ...]
    capitals: tuple[bool, ...]
    ascii_ok: bool
    one_name: bool          # a single capitalised word (``Huế``, ``Mỹ``)
    place: Place | None     # None: an exclusion


def _units(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a phrase (as written) and the separators between them."""
    words = _WORD_RE.findall(phrase)
    seps = []
    pos = 0
    for i, w in enumerate(words):
        at = phrase.index(w, pos)
        if i:
            between = phrase[pos:at]
            seps.append(_SEP_DASH if any(c in between for c in "-–") else _SEP_COMMA if "," in between
                        else _SEP_DOT if "." in between else _SEP_AND if "&" in between else _SEP_SPACE)
        pos = at + len(w)
    return tuple(words), tuple(seps)


class PlaceIndex:
    """Every place phrase of a catalogue, compiled once; ``find`` scans a text in one pass."""

    def __init__(self, places: Sequence[Place], exclusions: Sequence[str] | None = None,
                 name_words: Sequence[str] | None = None):
        """``exclusions`` and ``name_words`` default to the catalogue's files; pass ``()`` for none."""
        self.places = {p.place_id: p for p in places}
        self._namesakes: dict[tuple[str, str], list[Place]] = {}
        for p in places:
            self._namesakes.setdefault((p.name_vi, p.kind), []).append(p)
        self._name_words = {normalize(w) for w in (read_person_name_words() if name_words is None else name_words)}
        forms: dict[tuple[str, ...], list[_Form]] = {}
        sequences = []

        def add(words: tuple[str, ...], seps: tuple[str, ...], place: Place | None) -> None:
            key = tuple(normalize(w, True) for w in words)
            accented = tuple(normalize(w) for w in words)
            capitals = tuple(w[:1].isupper() and (normalize(w) not in _PREFIX_WORDS or i >= _prefix_len(accented))
                             for i, w in enumerate(words))
            if place is None:
                capitals = (False,) * len(words)
            ascii_ok = len(words) > 1 or all(ord(c) < 128 for c in words[0])
            form = _Form(accented, capitals, ascii_ok, len(words) == 1 and capitals[0], place)
            bucket = forms.setdefault(key, [])
            if form not in bucket:
                bucket.append(form)
            seq: list[str] = []
            for i, k in enumerate(key):
                if i:
                    seq.append(seps[i - 1])
                seq.extend(k)
            sequences.append(tuple(seq))

        for place in places:
            for phrase in dict.fromkeys((place.name_vi, *place.aliases)):
                words, seps = _units(phrase)
                if not words:
                    continue
                add(words, seps, place)
                if place.kind == "province" and not _prefix_len(tuple(normalize(w) for w in words)):
                    for prefix in _PREFIXES:
                        sep = _SEP_DOT if prefix == ("tp",) else _SEP_SPACE
                        add(prefix + words, (_SEP_SPACE,) * (len(prefix) - 1) + (sep,) + seps, place)
        for phrase in (read_place_exclusions() if exclusions is None else exclusions):
            words, seps = _units(phrase)
            if words:
                add(words, seps, None)
        self._forms = forms
        self._last_whole: tuple[Normalized, date | None, list[PlaceHit]] | None = None
        self._check_ambiguity()
        self._rx = fast_compile(r"(?:" + token_trie(sequences, lambda u: _SEP_PATTERN.get(u) or re.escape(u),
                                                  word_start=True) + r")(?!\w)")

    def as_of(self, place_id: str, day: date | None) -> str:
        """The unit of the same name and kind that existed on ``day``: a 2022 figure of Thái Nguyên is the
        province before the 2025 merger, one of 2026 the merged province; ``place_id`` when none did."""
        place = self.places.get(place_id)
        if day is None or place is None or place.valid_on(day):
            return place_id
        return next((p.place_id for p in self._namesakes[(place.name_vi, place.kind)] if p.valid_on(day)), place_id)

    def _check_ambiguity(self) -> None:
        for key, forms in self._forms.items():
            named = [f.place for f in forms if f.place is not None]
            for i, a in enumerate(named):
                for b in named[i + 1:]:
                    if a.place_id != b.place_id and _overlap(a, b):
                        raise CatalogueError(f"places: {' '.join(key)!r} names both {a.place_id} and "
                                             f"{b.place_id} over the same dates")

    def find(self, text: str, start: int = 0, end: int | None = None, on: date | None = None,
             normalized: Normalized | None = None) -> list[PlaceHit]:
        """Every place phrase in ``text[start:end]``, in text order, with offsets into ``text``
        (``normalized``: the text normalised once, when the caller has it)."""
        end = len(text) if end is None else end
        if normalized is None or normalized.text is not text:
            normalized = None
        elif start == 0 and end == len(text):  # the whole text, asked for by several article-level rules
            last = self._last_whole
            if last is None or last[0] is not normalized or last[1] != on:
                last = self._last_whole = (normalized, on, self._find(text, start, end, on, normalized))
            return list(last[2])
        return self._find(text, start, end, on, normalized)

    def _find(self, text: str, start: int, end: int, on: date | None,
              normalized: Normalized | None) -> list[PlaceHit]:
        lo, hi = max(0, start - 1), min(len(text), end + 1)
        window = text[lo:hi]
        folded = normalized.window(lo, hi, True) if normalized else normalize(window, True)
        hits, pos, stop = [], start - lo, end - lo
        accented = None
        while True:
            m = self._rx.search(folded, pos, len(folded))
            if m is None or m.end() > stop:
                break
            if accented is None:
                accented = normalized.window(lo, hi) if normalized else normalize(window)
            place = self._accept(window, folded, accented, m.start(), m.end(), on)
            if place is False:
                pos = m.start() + 1
                continue
            if place is not None:
                hits.append(PlaceHit(place.place_id, place.kind, m.start() + lo, m.end() + lo))
            pos = m.end()
        return hits

    def _accept(self, window: str, folded: str, accented: str, s: int, e: int,
                on: date | None) -> Place | None | bool:
        """The place a matched span names; None for an exclusion; False when the text as written refuses it."""
        spans = [m.span() for m in _WORD_RE.finditer(folded, s, e)]
        key = tuple(folded[a:b] for a, b in spans)
        written = [window[a:b] for a, b in spans]
        words = tuple(accented[a:b] for a, b in spans)
        plain = window[s:e].isascii()
        named_next = window[e:e + 1] == " " and window[e + 1:e + 2].isupper()
        before = _WORD_BEFORE_RX.search(window, max(0, s - 12), s)
        in_name = (before is not None and before.group(1)[:1].isupper() and written[0][:1].isupper()
                   and accented[before.start(1):before.end(1)] in self._name_words)
        candidates: list[Place] = []
        for form in self._forms.get(key, ()):
            if not (words == form.words or (plain and form.ascii_ok)):
                continue
            if any(cap and not w[:1].isupper() for cap, w in zip(form.capitals, written, strict=True)):
                continue
            if (form.one_name and named_next) or (in_name and form.capitals[0]):
                continue
            if form.place is None:
                return None
            if form.place not in candidates:
                candidates.append(form.place)
        return _on_date(candidates, on) if candidates else False


def _prefix_len(words: tuple[str, ...]) -> int:
    for prefix in _PREFIXES:
        if words[:len(prefix)] == prefix and len(words) > len(prefix):
            return len(prefix)
    return 0


def _overlap(a: Place, b: Place) -> bool:
    return ((a.valid_from or date.min) <= (b.valid_to or date.max)
            and (b.valid_from or date.min) <= (a.valid_to or date.max))


def _on_date(candidates: list[Place], on: date | None) -> Place:
    if on is not None:
        for p in candidates:
            if p.valid_on(on):
                return p
    return min(candidates, key=lambda p: p.valid_from or date.min)


# Markers --------------------------------------------------------------------------------------------

_LOCAL_MARKERS = (
    r"toàn tỉnh", r"toàn thành phố", r"của tỉnh", r"của thành phố", r"tỉnh này", r"thành phố này",
    r"trên địa bàn (?:tỉnh|thành phố)", r"tỉnh ta", r"tỉnh nhà", r"thành phố ta",
    # (not ``33/63 UBND tỉnh, thành phố``, ``các UBND tỉnh``: a count of provinces)
    r"(?<!các )(?<!\d )(?:ubnd|ủy ban nhân dân) (?:tỉnh|thành phố)(?!,? thành)", r"tỉnh ủy", r"thành ủy",
    r"(?<!các )(?<!những )(?<!cơ )(?<!co )sở (?:thông tin và truyền thông|tt&tt|tt-tt|tt và tt|tttt"
    r"|khoa học và công nghệ|kh&cn|y tế|công thương|nội vụ|tài chính|tư pháp|giáo dục và đào tạo|gd&đt"
    r"|kế hoạch và đầu tư|xây dựng"
    r"|nông nghiệp và (?:phát triển nông thôn|môi trường)|tài nguyên và môi trường|lao động)",
    # a figure compared with the national average is a province's (``đạt 86%, cao hơn bình quân cả nước``)
    r"(?:cao|thấp|nhiều|ít|lớn|nhỏ|nhanh|chậm) hơn (?:so với )?(?:mức )?(?:bình quân|trung bình|mức chung)"
    r"(?: chung)? (?:của )?cả nước",
    # not after a count (``63 tỉnh đã``), but after a year (``năm 2025 tỉnh phấn đấu``)
    r"(?<!các )(?<!những )(?<!mọi )(?<!một )(?<!(?<!\d)\d )(?<!(?<!\d)\d\d )(?<!(?<!\d)\d\d\d )(?<!tỉnh, )(?<!tỉnh )"
    r"(?:tỉnh|thành phố) (?:đã|có|đạt|hiện có|hiện đang|phấn đấu|sẽ|tiếp tục|đặt mục tiêu|đang)",
)
_LOCAL_RX = {strip: fast_compile(r"(?<!\w)(?:" + "|".join(normalize(p, strip) for p in _LOCAL_MARKERS) + r")(?!\w)")
             for strip in (False, True)}
# Every marker holds one of these words (written with diacritics, or in ASCII), so a text without them has
# none: the search for them skips ahead fast, the markers' lookbehinds make a full scan slow.
_LOCAL_KEY_RX = fast_compile(r"(?<!\w)(?:tỉnh|thành|sở|tinh|thanh|so (?:thong|tt|khoa|kh)|cả nước|ca nuoc)(?!\w)")
_MARGIN = 10


def local_markers(text: str, start: int = 0, end: int | None = None,
                  normalized: Normalized | None = None) -> list[tuple[int, int]]:
    """Spans in ``text[start:end]`` of phrases meaning "this province" without naming it (``normalized``:
    the text normalised once, when the caller has it)."""
    end = len(text) if end is None else end
    lo, hi = max(0, start - _MARGIN), min(len(text), end + 1)
    if normalized is not None and normalized.text is text:
        while lo > 0 and text[lo - 1].isalnum() and start - lo < 2 * _MARGIN:
            lo -= 1  # a word boundary, so that the window is a slice of the whole text's copy
        accented, folded = normalized.window(lo, hi), normalized.window(lo, hi, True)
    else:
        accented, folded = normalize(text[lo:hi]), normalize(text[lo:hi], True)
    window = text[lo:hi]
    if not _LOCAL_KEY_RX.search(accented, start - lo):
        return []
    found = {(m.start(), m.end()) for m in _LOCAL_RX[False].finditer(accented, start - lo, len(window))}
    found |= {(m.start(), m.end()) for m in _LOCAL_RX[True].finditer(folded, start - lo, len(window))
              if window[m.start():m.end()].isascii()}
    return sorted((s + lo, e + lo) for s, e in found if e + lo <= end)


def _has_local_marker(normalized: Normalized) -> bool:
    """``bool(local_markers(text))``, stopping at the first marker."""
    if not _LOCAL_KEY_RX.search(normalized.whole(False)):
        return False
    if _LOCAL_RX[False].search(normalized.whole(False)):
        return True
    text = normalized.text
    return any(text[m.start():m.end()].isascii() for m in _LOCAL_RX[True].finditer(normalized.whole(True)))


# The article's home province ------------------------------------------------------------------------

_PUBLISHER_RX = fast_compile(r"(?:cổng thông tin điện tử|cổng ttđt|trang thông tin điện tử|sở thông tin và truyền "
                           r"thông|sở tt&tt|sở tt và tt|báo|đài phát thanh và truyền hình|đài pt-th)\s*$")


def article_home(text: str, title: str, *, index: PlaceIndex, on: date | None = None,
                 normalized: Normalized | None = None) -> str | None:
    """The province an article is about: the only province its title names; else the province its publisher
    line names (``Cổng thông tin điện tử tỉnh X``, ``Sở TT&TT X``, ``Báo X``); else, when the text speaks
    of "this province" (:func:`local_markers`), the province it names most. None for a national article."""
    titled = dict.fromkeys(h.place_id for h in index.find(title, on=on) if h.kind == "province")
    if len(titled) == 1:
        return next(iter(titled))
    normalized = normalized if normalized is not None and normalized.text is text else Normalized(text)
    hits = [h for h in index.find(text, on=on, normalized=normalized) if h.kind == "province"]
    published = Counter(h.place_id for h in hits
                        if _PUBLISHER_RX.search(normalize(text[max(0, h.start - 40):h.start])))
    if published:
        return published.most_common(1)[0][0]
    if hits and _has_local_marker(normalized):
        counts = Counter(h.place_id for h in hits)
        return max(counts, key=lambda pid: (counts[pid], -next(h.start for h in hits if h.place_id == pid)))
    return None


def titled_province(title: str, *, index: PlaceIndex, on: date | None = None) -> str | None:
    """The one province a title names when it names nothing wider (the nation, a ministry, a foreign
    place): ``Chuyển đổi số ở Đắk Nông sau 20 năm``. What such an article states without naming a place is
    that province's; ``Bắc Ninh dẫn đầu cả nước về ...`` is a national comparison, no provincial article."""
    hits = index.find(title, on=on)
    provinces = {h.place_id for h in hits if h.kind == "province"}
    if len(provinces) != 1 or any(h.kind in ("nation", "ministry", "foreign") for h in hits):
        return None
    return provinces.pop()


def sole_province(text: str, *, index: PlaceIndex, on: date | None = None,
                  normalized: Normalized | None = None, source: str | None = None) -> str | None:
    """The one province a text names when it also speaks of "this province" (:func:`local_markers`) and
    never of the nation: a provincial paper's report (``Sở TT-TT ... của tỉnh``, the province named once).
    With the ``source``'s province (:func:`source_province`) the text need not name it."""
    normalized = normalized if normalized is not None and normalized.text is text else Normalized(text)
    hits = index.find(text, on=on, normalized=normalized)
    provinces = {h.place_id for h in hits if h.kind == "province"} | ({source} if source else set())
    if len(provinces) != 1 or any(h.kind in ("nation", "foreign") for h in hits) \
            or not _has_local_marker(normalized):
        return None
    return provinces.pop()


_HOST_AFFIXES = fast_compile(r"^(?:bao|dai|truyenhinh)?(?P<slug>[a-z]+?)(?:tv|city|moi|online)?$")
_MIN_SLUG = 4


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalize(name, True))


def source_province(url: str | None, publisher: str | None, *, index: PlaceIndex,
                    on: date | None = None) -> str | None:
    """The province whose authority or paper published an article: the one province its publisher names
    (``Báo Bắc Ninh``, ``Cổng TTĐT tỉnh Quảng Trị``), else a province's name in its web address
    (``hdnd.dongnai.gov.vn``, ``baothainguyen.vn``, ``en.baosonla.org.vn``)."""
    if publisher:
        named = {h.place_id for h in index.find(publisher, on=on) if h.kind == "province"}
        if len(named) == 1:
            return named.pop()
    host = re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/", 1)[0]
    labels = set(host.split("."))
    labels |= {m.group("slug") for label in labels if (m := _HOST_AFFIXES.match(label))}
    found = {index.as_of(place.place_id, on) for place in index.places.values() if place.kind == "province"
             and any(len(slug) >= _MIN_SLUG and slug in labels
                     for slug in map(_slug, (place.name_vi, place.name_en, *place.aliases)))}
    names = {index.places[pid].name_vi for pid in found}
    if len(names) != 1:
        return None
    return min(found, key=lambda pid: index.places[pid].valid_from or date.min)  # (the earliest of namesakes)


# A provincial authority's own document (its plan or report): what it states without naming a place is
# the province's. Read in the document's head: the issuer (``ỦY BAN NHÂN DÂN TỈNH X``, ``Số: 122/KH-UBND``)
# or a heading ``KẾ HOẠCH ... TỈNH X`` / ``BÁO CÁO ... THÀNH PHỐ X``.
_ISSUER_RX = fast_compile(r"(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(?:TỈNH|THÀNH\s+PHỐ)(?!\w)"
                        r"|\d+\s*/\s*(?:KH|BC|CTr)-(?:UBND|STTTT|SKHCN|SKH&CN)(?!\w)"
                        r"|(?m:^[ \t]*(?:KẾ\s+HOẠCH|BÁO\s+CÁO|CHƯƠNG\s+TRÌNH)(?:[ \t]+[^\n]*)?\n?[^\n]*"
                        r"(?:TỈNH|THÀNH\s+PHỐ)[ \t]+[A-ZĐÀ-Ỹ])")
_DOCUMENT_HEAD = 1200


def issued_by_province(text: str) -> bool:
    """Is ``text`` a provincial authority's own plan or report (see :data:`_ISSUER_RX`)?"""
    return bool(_ISSUER_RX.search(text, 0, _DOCUMENT_HEAD))


# The place of one quantity --------------------------------------------------------------------------

# what stands between a unit and its value: a linking verb phrase, no new noun
_VERB_GAP_RX = fast_compile(r"\s+(?:(?:tiếp tục|vẫn|đã|cũng|hiện)\s+)*(?:giữ vị trí|xếp vị trí|ở vị trí|đứng vị trí"
                          r"|xếp|đứng|đạt|là|có|chiếm|tụt hạng xuống vị trí|vươn lên vị trí|tụt xuống vị trí)\s+$")
_QUALIFIER_RX = fast_compile(r"(?:^|\W)(?:của|khối|tại|ở|trong|thuộc|đối với|với)\s+(?:các\s+|những\s+)?$")
# (also after a value and ``và``: ``khối bộ đạt 54% và khối tỉnh là 17%``)
_CLAUSE_OPEN_RX = fast_compile(r"(?:^|[,;:(]|\s[-–]|[\d%]\s+(?=và\s|còn\s))\s*"
                               r"(?:(?:còn|và|trong đó|riêng|khối|cấp)\s+)*(?:các\s+)?$")
_AFTER_NUMBER_RX = fast_compile(r"\d(?:[.,/]?\d)*\s*%?\s*(?:các\s+|những\s+)?$")
_LIST_LABEL_RX = fast_compile(r"\s*[:(]?\s*$")
_OPENING_RX = fast_compile(r"\W*(?:(?:riêng|tại|ở|trên địa bàn|còn|đối với|với|trên)\s+)*$")
_COMPARED_RX = fast_compile(r"(?:^|\W)(?:nhất|hơn|so với|đứng đầu|dẫn đầu|vượt|bằng|gấp \S+ lần)"
                          r"(?:\s+(?:trong|tại|ở|của))?(?:\s+(?:khu vực|các nước|nhóm))?\s*$")
# ``Chỉ số an toàn thông tin mạng toàn cầu``: the world names the index a country's score is in
_INDEX_NAME_RX = fast_compile(r"(?:^|\W)(?:chỉ số|bảng xếp hạng|xếp hạng)"
                              r"(?:\s+(?:[^\s\d,;.()]+|\([^()\d]{1,20}\))){0,8}"
                            r"\s+$")
# ``Bắc Ninh đứng đầu cả nước về ...``: the nation a unit is ranked in is not the unit the value is of
_RANKED_AMONG_RX = fast_compile(r"(?:^|\W)(?:đứng đầu|dẫn đầu|đứng cuối|nhất|đầu tiên|(?:thứ|hạng|top)\s+\d+)"
                              r"(?:\s+(?:trong|của|trên|toàn))?\s*$")
# ``đứng thứ 2 là Thái Nguyên``: the unit named right after the value
_NAMED_AFTER_RX = fast_compile(r"\s*(?:là|thuộc về)\s+")
_OWNER_RX = fast_compile(r"(?:^|\W)(?:của|tại|ở|trên địa bàn|thuộc)\s+$")
# A ministry is the unit a value is of only as its owner (``tỷ lệ hồ sơ của Bộ Tư pháp``), a list label
# (``Bộ Tài chính (78,4%)``) or the subject of a ranking or a holding (``Bộ Công Thương dẫn đầu với ...``,
# ``Bộ Y tế có 120 dịch vụ``); as the actor of a national programme (``Bộ Công an đã cấp 86 triệu thẻ``) the
# value is the nation's.
_MINISTRY_OWNER_RX = fast_compile(r"(?:^|\W)(?:của|thuộc|tại)\s+(?:các\s+)?$")
_UNIT_VERB_RX = fast_compile(r"\s*(?:dẫn đầu|đứng đầu|đứng thứ|đứng|xếp thứ|xếp hạng|xếp|đạt|có)(?!\w)")


def _named_in_an_index(hit: PlaceHit, hits: list[PlaceHit], norm: str, base: int) -> bool:
    """Is an aggregate part of an index's name (``xếp hạng Chỉ số ... cấp tỉnh``) in a sentence that named a unit
    before it (``Hà Nội dẫn đầu bảng xếp hạng ... cấp tỉnh, với 0,8241 điểm``: Hà Nội's)?"""
    return hit.kind == "aggregate" and bool(_INDEX_NAME_RX.search(norm[:hit.start - base])) \
        and any(h.kind in UNIT_KINDS and h.end <= hit.start for h in hits)


def _owner_reaches(norm: str, base: int, hit: PlaceHit, quantity: tuple[int, int]) -> bool:
    """Is an owner (``của Bộ Y tế``) in the quantity's part of the sentence: no ``;`` or ``:`` between them,
    nor a comma when it is named after the quantity (``2 tỷ giao dịch, ...: 11 triệu lượt dùng ứng dụng của
    Bảo hiểm xã hội`` leaves the 2 tỷ to the nation)?"""
    if hit.start >= quantity[1]:
        return not any(c in norm[quantity[1] - base:hit.start - base] for c in ",;:")
    return not any(c in norm[hit.end - base:quantity[0] - base] for c in ";:")


def _counts_as_place(hit: PlaceHit, norm: str, base: int, quantity_start: int) -> bool:
    """Is a hit in the subject or the lead a place of the quantity? An aggregate counts only as a
    qualifier; a foreign place not when it is what a figure is compared with (``nhanh nhất Đông Nam Á``,
    ``cao hơn thế giới``, ``so với khu vực``)."""
    before = norm[:hit.start - base]
    if hit.kind == "foreign":  # (but ``thấp hơn Jakarta (250 MW)``: the bracket is the compared place's)
        return not (_COMPARED_RX.search(before) or _INDEX_NAME_RX.search(before)) \
            or hit.end <= quantity_start and norm[hit.end - base:quantity_start - base].strip() == "("
    if hit.kind == "nation":
        return not _RANKED_AMONG_RX.search(before)
    if hit.kind == "ministry":
        between = norm[hit.end - base:max(hit.end, quantity_start) - base]
        return bool(_MINISTRY_OWNER_RX.search(before) or _UNIT_VERB_RX.match(between)
                    or hit.end <= quantity_start and _LIST_LABEL_RX.fullmatch(between))
    if hit.kind != "aggregate":
        return True
    if _AFTER_NUMBER_RX.search(before):
        return False
    if norm[hit.start - base:hit.end - base].startswith("cấp"):
        return True
    if _QUALIFIER_RX.search(before) or _CLAUSE_OPEN_RX.search(before):
        return True
    return hit.end <= quantity_start and bool(_LIST_LABEL_RX.fullmatch(norm[hit.end - base:quantity_start - base]))


# A ministry that reports a figure is its source, not its place: ``Theo Bộ TT&TT, ...``, ``báo cáo của Bộ
# Y tế``, ``Bộ Tài chính cho biết ...``; so is the owner of the agency that does (``Cục X (thuộc Bộ Y)``).
_SOURCE_BEFORE_RX = fast_compile(r"(?:^|\W)theo\s+$|\(\s*(?:trực\s+)?thuộc\s+$"
                               r"|(?:báo cáo|thống kê|số liệu|dữ liệu|đại diện|lãnh đạo"
                               r"|thứ trưởng|bộ trưởng|đánh giá|công bố|họp báo|hội nghị|hội thảo|phiên họp|cuộc họp"
                               r"|buổi làm việc)\s+(?:của\s+|từ\s+|do\s+)?$"
                               r"|(?:báo cáo|thống kê|số liệu|dữ liệu|công bố)(?:\s+[^\s,;.]+){1,4}\s+(?:của|từ)\s+$")
_SOURCE_AFTER_RX = fast_compile(r"\s*(?:\([^)]{1,40}\)\s*)?(?:(?:đã|vừa|cũng|mới|hiện)\s+)*(?:cho biết"
                                r"|cho hay|thông tin"
                              r"|thông báo|báo cáo|công bố|nhấn mạnh|khẳng định|đánh giá|ghi nhận|thống kê|dự báo"
                              r"|ước tính|nhận định|dẫn số liệu|chia sẻ)(?!\w)")


def _is_source(norm: str, start: int, end: int) -> bool:
    """Is the ministry at ``norm[start:end]`` the source of the sentence's figures?"""
    before = norm[max(0, start - 50):start]
    return bool(_SOURCE_BEFORE_RX.search(before) or _SOURCE_AFTER_RX.match(norm, end))


# ``chiếm 12,6% toàn cầu``: the world is the whole a share is of, not where the figures of the sentence apply
_SHARE_OF_WORLD_RX = fast_compile(r"\d\s*%\s*(?:của\s+|cua\s+)?$")


class SentencePlaces:
    """What :func:`place_of` reads from one sentence, found once for all its quantities: the place hits,
    the normalised sentence and (on first use) whether it has a local marker."""

    __slots__ = ("text", "sentence", "hits", "norm", "index", "on", "_local", "_normalized")

    def __init__(self, text: str, sentence: tuple[int, int], on: date | None, index: PlaceIndex,
                 normalized: Normalized | None = None):
        self.text, self.sentence, self.index, self.on = text, sentence, index, on
        self._normalized = normalized if normalized is not None and normalized.text is text else None
        a, b = sentence
        self.norm = self._normalized.window(a, b) if self._normalized else normalize(text[a:b])
        self.hits = [h for h in index.find(text, a, b, on, self._normalized)
                     if not (h.kind == "ministry" and _is_source(self.norm, h.start - a, h.end - a)
                             or h.kind == "foreign" and _SHARE_OF_WORLD_RX.search(text, max(a, h.start - 12), h.start))]
        if _BARE_MINISTRIES_RE.search(text, a, b):
            self.hits = sorted([*self.hits, *_bare_ministries(text, a, b, on, index, self.hits)],
                               key=lambda h: h.start)
        self._local: list[tuple[int, int]] | None = None

    @property
    def local(self) -> bool:
        return bool(self.local_spans)

    @property
    def local_spans(self) -> list[tuple[int, int]]:
        """The spans of the sentence's local markers (``toàn tỉnh``, ``của tỉnh``), found on first use."""
        if self._local is None:
            self._local = sorted(local_markers(self.text, *self.sentence, normalized=self._normalized)
                                 + districts(self.text, *self.sentence))
        return self._local


# ``huyện Bát Xát``, ``Quận Hoàn Kiếm``, ``thị xã Sa Pa``: a district of the province the article is about
_DISTRICT_RE = fast_compile(r"(?<!\w)(?:[Hh]uyện|[Qq]uận|[Tt]hị xã)\s+(?=[^\W\d_])")
_NAME_WORD_RE = fast_compile(r"[^\W\d_]+")


def districts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the districts ``text[start:end]`` names (``huyện`` and one to three capitalised words): their
    figures are the home province's, never the nation's (the places dimension stops at provinces)."""
    out = []
    window = text[start:end]
    if "uyện" not in window and "uận" not in window and "hị xã" not in window:
        return out
    for m in _DISTRICT_RE.finditer(text, start, end):
        pos, words = m.end(), 0
        while words < 3 and (w := _NAME_WORD_RE.match(text, pos, end)) and w.group()[0].isupper():
            words, last = words + 1, w.end()
            pos = last + 1 if text[last:last + 1] == " " else end
        if words:
            out.append((m.start(), last))
    return out




# ``3 bộ: Công Thương, Tài chính, Tư pháp``, ``các bộ Công Thương và Tư pháp``: ministries named without ``Bộ``
_BARE_MINISTRIES_RE = fast_compile(r"(?<!\w)(?:[Cc]ác\s+|\d+\s+)?bộ\s*:?\s+(?=[A-ZĐ])")
_NAME_LIST_END_RE = fast_compile(r"[;:.()\n]| (?:có|đạt|là|lần lượt|với|được|đều)(?!\w)")


def _bare_ministries(text: str, a: int, b: int, on: date | None, index: PlaceIndex,
                     found: list[PlaceHit]) -> list[PlaceHit]:
    """The ministries a list after ``bộ`` names by their short names, as hits at those names."""
    out = []
    taken = {(h.start, h.end) for h in found}
    for m in _BARE_MINISTRIES_RE.finditer(text, a, b):
        stop = _NAME_LIST_END_RE.search(text, m.end(), b)
        pos = m.end()
        for item in _PART_SEP_RX.split(text[pos:stop.start() if stop else b]):
            start = text.find(item, pos)
            pos = start + len(item)
            if not item[:1].isupper():
                break
            words = item.split()
            for n in range(min(len(words), 5), 0, -1):
                name = " ".join(words[:n])
                hits = index.find(f"Bộ {name}", on=on)
                if len(hits) == 1 and hits[0].kind == "ministry" and hits[0].end == len(name) + 3:
                    end = text.find(words[n - 1], start) + len(words[n - 1])
                    if (start, end) not in taken:
                        out.append(PlaceHit(hits[0].place_id, "ministry", start, end))
                    break
    return out


def respective_places(found: SentencePlaces, clause: tuple[int, int], starts: list[int]) -> dict[int, str]:
    """Places listed before ``lần lượt`` matched in order to the numbers after it: ``Số doanh nghiệp của Hà
    Nội, TP.HCM và Đà Nẵng lần lượt là 25.300, 28.900 và 2.600``; ``của bộ, ngành và địa phương lần lượt đạt
    58% và 36%``; or, with no ``lần lượt``, a list of provinces and then a list of as many values (see
    :func:`_paired_lists`). Keys are the numbers' start offsets; empty unless the counts agree."""
    base = found.sentence[0]
    cue = RESPECTIVELY_RE.search(found.norm, clause[0] - base, clause[1] - base)
    if cue is None:
        return _paired_lists(found, clause, starts)
    listed = [part for h in found.hits if clause[0] <= h.start and h.end <= cue.start() + base
              for part in (_parts(found, h) if h.kind == "nation" else [h.place_id])]
    after = [s for s in starts if s >= cue.end() + base]
    if len(listed) != len(after):  # ``3 bộ: A, B, C ... trong 83 bộ, ngành, địa phương ... lần lượt``
        listed = [h.place_id for h in found.hits if clause[0] <= h.start and h.end <= cue.start() + base
                  and h.kind in UNIT_KINDS]
    if len(listed) < 2 or len(listed) != len(after):
        return {}
    return dict(zip(after, listed, strict=True))


_PART_SEP_RX = fast_compile(r"\s*,\s*|\s+(?:và|va)\s+")
_VALUE_SEP_RX = fast_compile(r"[^\n;:()]{0,12}?(?:,|\s(?:và|va))\s*")


def _paired_lists(found: SentencePlaces, clause: tuple[int, int], starts: list[int]) -> dict[int, str]:
    """A list of provinces and then a list of as many values, without ``lần lượt``: ``Thanh Hóa, Điện Biên và
    Hà Tĩnh giữ vị trí thứ 5, 6 và 7``."""
    if len(starts) < 2 or len(found.hits) < 2:
        return {}
    units = [h for h in found.hits if clause[0] <= h.start < clause[1] and h.kind in UNIT_KINDS]
    values = [s for s in starts if units and s >= units[-1].end]
    if len(units) < 2 or len(units) != len(values) or len(values) != len(starts):
        return {}
    text = found.text
    if not all(_PART_SEP_RX.fullmatch(text, a.end, b.start) for a, b in zip(units, units[1:], strict=False)):
        return {}
    if not all(_VALUE_SEP_RX.fullmatch(text, a, b) for a, b in zip(values, values[1:], strict=False)):
        return {}
    return dict(zip(values, [h.place_id for h in units], strict=True))


def _parts(found: SentencePlaces, hit: PlaceHit) -> list[str]:
    """The aggregates a national phrase lists (``bộ, ngành và địa phương``: ministries, localities), for
    values given for each of them; none for a phrase that does not split into aggregates."""
    for sep in reversed(list(_PART_SEP_RX.finditer(found.text, hit.start, hit.end))):
        left = found.index.find(found.text, hit.start, sep.start(), found.on, found._normalized)
        right = found.index.find(found.text, sep.end(), hit.end, found.on, found._normalized)
        if len(left) == len(right) == 1 and left[0].kind == right[0].kind == "aggregate" \
                and (left[0].start, left[0].end, right[0].start, right[0].end) \
                == (hit.start, sep.start(), sep.end(), hit.end):
            return [left[0].place_id, right[0].place_id]
    return []


def place_of(text: str, sentence: tuple[int, int], quantity: tuple[int, int], subject: tuple[int, int] | None = None,
             home: Callable[[], str | None] | str | None = None, carried: str | None = None, on: date | None = None,
             *, index: PlaceIndex, lead_start: int | None = None, found: SentencePlaces | None = None,
             provincial: Callable[[], bool] | bool = False, ranked: bool = False) -> str:
    """The place of one quantity (see the module docstring for the rule). Spans are offsets into ``text``;
    ``home`` is the article's province or a function finding it, called only when rule b needs it;
    ``lead_start`` is where the quantity's lead begins (the end of the previous quantity of the sentence),
    the sentence start when None; ``found`` is the sentence's :class:`SentencePlaces` (made here when None);
    ``provincial`` (or a function telling it, called only when needed) says the text is about one province
    (:func:`issued_by_province`, :func:`titled_province`, :func:`sole_province`), whose figures are the
    province's unless a sentence names the nation; a ``ranked`` value (a place in a ranking)
    is never an aggregate's: ``Chỉ số chuyển đổi số cấp tỉnh xếp thứ 24/63`` names the ranking, not the one
    ranked."""
    s_start, s_end = sentence
    q_start, q_end = quantity
    if found is None or found.sentence != sentence:
        found = SentencePlaces(text, sentence, on, index)
    norm, hits = found.norm, found.hits

    def counted(hit: PlaceHit) -> bool:
        return not (ranked and hit.kind == "aggregate") and _counts_as_place(hit, norm, s_start, q_start)

    after = next((h for h in hits if h.start >= q_end), None)
    if after is not None and after.kind in UNIT_KINDS \
            and _NAMED_AFTER_RX.fullmatch(norm, q_end - s_start, after.start - s_start):
        return after.place_id
    if subject is not None:
        told_national = any(h.kind == "nation" and h.end <= q_start for h in hits)
        owner = next((h for h in reversed(hits) if subject[1] <= h.start and h.end <= q_start
                      and h.kind in UNIT_KINDS and counted(h)
                      and _VERB_GAP_RX.fullmatch(norm, h.end - s_start, q_start - s_start)), None)
        if owner is not None:  # ``TP.HCM đứng đầu và TP Đà Nẵng giữ vị trí thứ 2``: the unit before the verb
            return owner.place_id
        for hit in hits:
            if subject[0] <= hit.start and hit.end <= subject[1] and counted(hit) \
                    and not (hit.kind == "nation" and hit.start >= q_end) \
                    and not (hit.kind == "aggregate" and hit.start >= q_end and told_national):
                return hit.place_id  # (not ``chiếm 50% doanh nghiệp cả nước``, ``Cả nước có 900 tổ cấp xã``)
    lead_from = s_start if lead_start is None else max(s_start, lead_start)
    for hit in reversed(hits):
        if lead_from <= hit.start and hit.end <= q_start and counted(hit) \
                and not _named_in_an_index(hit, hits, norm, s_start):
            return hit.place_id
    first = hits[0] if hits else None
    if first and _OPENING_RX.fullmatch(norm[:first.start - s_start]) \
            and (first.kind not in ("aggregate", "ministry") or counted(first)):
        return first.place_id
    owners = [h for h in hits if (h.kind == "province" and _OWNER_RX.search(norm[:h.start - s_start])
                                  or h.kind == "ministry" and _MINISTRY_OWNER_RX.search(norm[:h.start - s_start]))
              and _owner_reaches(norm, s_start, h, quantity)]
    if owners:
        return min(owners, key=lambda h: min(abs(h.start - q_end), abs(q_start - h.end))).place_id
    if found.local:
        return (home() if callable(home) else home) or UNNAMED_PROVINCE
    nations = [h for h in hits if h.place_id == NATION]
    before = {h.place_id for h in hits if h.kind == "province" and h.end <= q_start}
    if nations and len(before) == 1 and all(h.start >= q_end for h in nations):
        return next(iter(before))  # ``Bắc Ninh có ..., chiếm 4% doanh nghiệp cả nước``: the nation is the whole
    if nations:
        return NATION
    if not carried and (provincial() if callable(provincial) else provincial):
        return (home() if callable(home) else home) or UNNAMED_PROVINCE
    return carried or NATION

"""Qualifiers: the words before a number that say how exact it is, and the interval each one allows.

The vocabulary and the interval rules are data, in ``catalogue/qualifiers.csv`` (one row per qualifier:
its words, separated by ``|``, and its ``low``/``high`` bound rules). Bounds are written with

``value``      the figure itself
``rounding``   half a unit of the last digit as written, times its scale word (``2,8 triệu`` → 50 000,
               ``80,2%`` → 0.05, ``1.928.311 tỷ`` → 5·10⁸); 0 for an ``exact`` whole count (``18 bộ``)
``tenth``      the larger of ``rounding`` and 10% of the value
``unbounded``  no bound on that side (NULL in the warehouse)

Python writes ``value_low``/``value_high`` on each observation from these rules; the SQL layer reads those
columns and never re-derives them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.catalogue import CATALOGUE_DIR, CatalogueError
from pipelines.core.phrases import alternation, fast_compile

QUALIFIERS_CSV = CATALOGUE_DIR / "qualifiers.csv"
_BOUNDS = {"value", "value - rounding", "value + rounding", "value - tenth", "unbounded"}


@dataclass(frozen=True)
class Qualifier:
    qualifier: str
    words: tuple[str, ...]
    low: str
    high: str
    direction: int   # where the true value lies from the figure: 1 above (hơn), -1 below (gần), 0 around
    symbol: str      # how a formatted value shows it: ≈, >, ≲, ≥, <
    label_en: str
    meaning: str

    def as_row(self) -> dict:
        """The row of the warehouse's ``qualifiers`` table (the SQL layer reads ``direction`` there)."""
        return {"qualifier": self.qualifier, "words": "|".join(self.words), "low_rule": self.low,
                "high_rule": self.high, "direction": self.direction, "symbol": self.symbol,
                "label_en": self.label_en, "meaning": self.meaning}


def read_qualifiers(path: Path = QUALIFIERS_CSV) -> list[Qualifier]:
    """Read and validate the qualifier table: known bound rules, no word under two qualifiers."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out, seen = [], {}
    for n, row in enumerate(rows, start=2):
        try:
            direction = int(row.get("direction") or 0)
        except ValueError:
            raise CatalogueError(f"{path}:{n}: direction {row['direction']!r} is not -1, 0 or 1") from None
        if direction not in (-1, 0, 1):
            raise CatalogueError(f"{path}:{n}: direction {direction} is not -1, 0 or 1")
        q = Qualifier(row["qualifier"].strip(), tuple(w.strip() for w in row["words"].split("|") if w.strip()),
                      row["low"].strip(), row["high"].strip(), direction, (row.get("symbol") or "").strip(),
                      (row.get("label_en") or row["qualifier"]).strip(), (row.get("meaning") or "").strip())
        for bound in (q.low, q.high):
            if bound not in _BOUNDS:
                raise CatalogueError(f"{path}:{n}: unknown bound rule {bound!r} (known: {', '.join(sorted(_BOUNDS))})")
        for w in q.words:
            if w in seen:
                raise CatalogueError(f"{path}:{n}: word {w!r} is already a {seen[w]} word")
            seen[w] = q.qualifier
        out.append(q)
    if not any(q.qualifier == "exact" for q in out):
        raise CatalogueError(f"{path}: no 'exact' row")
    return out


class QualifierTable:
    """The qualifier rows, with one compiled pattern finding a qualifier word at the end of a lead."""

    def __init__(self, rows: list[Qualifier], fold: Callable[[str], str] = str.lower):
        """``fold`` writes a word the way the leads it is looked for in are written (case, tone marks)."""
        self.rows = {q.qualifier: q for q in rows}
        self._of_word = {fold(w): q.qualifier for q in rows for w in q.words}
        words, verbs = alternation(self._of_word), "đạt|là|có|được|mức|ở mức|chiếm|tính|khoảng|lên|lên tới|gấp"
        self._lead_re = fast_compile(rf"(?:^|[^\w])({words})(?:\s+(?:{verbs}))*[\s(:]*$")

    def of_lead(self, lead: str) -> str:
        """The qualifier of a number from the lower-cased words right before it (``exact`` when none)."""
        m = self._lead_re.search(lead)
        return self._of_word[m.group(1)] if m else "exact"

    def interval(self, value: float, qualifier: str, decimals: int | None, scale: float | None,
                 whole_count: bool = False) -> tuple[float | None, float | None]:
        """(low, high) the wording allows; None is an unbounded side."""
        q = self.rows.get(qualifier) or self.rows["exact"]
        rounding = rounding_of(value, decimals, scale)
        if qualifier == "exact" and whole_count:
            rounding = 0.0
        terms = {"value": value, "value - rounding": value - rounding, "value + rounding": value + rounding,
                 "value - tenth": value - max(rounding, 0.1 * abs(value)), "unbounded": None}
        low, high = terms[q.low], terms[q.high]
        if value < 0 and low is not None and high is not None:
            low, high = min(low, high), max(low, high)
        return low, high


def rounding_of(value: float, decimals: int | None, scale: float | None) -> float:
    """Half a unit of the last digit as written; from the value's own digits when the writing is unknown."""
    if decimals is not None:
        return 0.5 * 10 ** -decimals * (scale or 1.0)
    if value == 0:
        return 0.5
    plain = format(abs(value), "f").rstrip("0").rstrip(".")
    if "." in plain:
        return 0.5 * 10 ** -len(plain.split(".")[1])
    return 0.5 * 10 ** (len(plain) - len(plain.rstrip("0")))

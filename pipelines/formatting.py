"""Numbers as people read them: ``2.8M``, ``1.5B``, ``80.2%``, ``+1.2M (+75%)``, ``≈2.8M``, ``>1.5B``.

A value stated with a qualifier (``khoảng``, ``hơn``, ``gần`` …) is an interval, not a point
(``Interval``: from ``observations.value_low`` / ``value_high``, NULL meaning unbounded). A change between
two levels is shown exact only when both levels are exact; otherwise it is shown by its interval
(``change_between``): a range ``+250M to +350M``, ``>+1.2M`` / ``<+1.2M`` when one side is unbounded, or
``≈+1.2M`` when the interval is not known (or unbounded both ways).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipelines.core.qualifiers import read_qualifiers

_QUALIFIERS = read_qualifiers()
QUALIFIER_PREFIX = {q.qualifier: q.symbol for q in _QUALIFIERS}   # from catalogue/qualifiers.csv
QUALIFIER_WORDS = {q.qualifier: q.label_en for q in _QUALIFIERS}
NEARLY_SPAN = 0.1  # ``gần 1,2 tỷ`` without a stored interval: up to 10% below the figure (as the SQL layer)


def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float, digits: int = 2) -> str:
    """``2800000`` → ``2.8M``, ``1.5e9`` → ``1.5B``, ``1.93e15`` → ``1,928T``, ``2699`` → ``2,699``."""
    if _missing(value):
        return "–"
    size = abs(value)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if size >= scale:
            return _trim(value / scale, digits) + suffix
    if size >= 10_000:
        return _trim(value / 1e3, 1) + "K"
    if size >= 100 or value == int(value):
        return _trim(value, 0 if value == int(value) else 1)
    return _trim(value, digits)


def _with_unit(number: str, unit: str) -> str:
    if unit == "percent":
        return f"{number}%"
    if unit == "usd":
        return f"${number}"
    if unit == "vnd":
        return f"{number} VND"
    if unit == "ratio":
        return f"{number}×"
    return number


def format_value(value: float, unit: str, qualifier: str = "exact") -> str:
    """A level with its unit: ``≈2.8M``, ``80.2%``, ``$7.5B``, ``1,928T VND``, ``<50``."""
    return QUALIFIER_PREFIX.get(qualifier, "") + _with_unit(format_number(value), unit)


def _amount(change: float, unit: str) -> str:
    sign = "+" if change >= 0 else "−"
    size = abs(change)
    if unit == "percent":
        return f"{sign}{format_number(size)} pp"
    if unit == "usd":
        return f"{sign}${format_number(size)}"
    return f"{sign}{format_number(size)}" + (" VND" if unit == "vnd" else "")


def format_change(abs_change: float, pct_change: float | None, unit: str) -> str:
    """``+1.2M (+75%)``; a change of a percentage is in points: ``+10.08 pp (+13.1%)``."""
    amount = _amount(abs_change, unit)
    if _missing(pct_change):
        return amount
    return f"{amount} ({format_pct(pct_change)})"


def format_pct(pct: float) -> str:
    sign = "+" if pct >= 0 else "−"
    digits = 0 if abs(pct) >= 10 else 1
    return f"{sign}{_trim(abs(pct), digits)}%"


@dataclass(frozen=True)
class Interval:
    """The values a statement allows, ``low`` to ``high``; ``-inf`` / ``inf`` where it is unbounded."""

    low: float
    high: float

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)


def level_interval(value: float, qualifier: str, low: float | None = None,
                   high: float | None = None) -> Interval | None:
    """The interval of a level: the stored ``value_low`` / ``value_high`` (NULL = unbounded) when either
    is set, else the qualifier's reading of ``value`` (exact: the value; over, at least: the value and
    above; at most: the value and below; nearly: up to 10% below); None for ``approx`` with none stored."""
    if not (_missing(low) and _missing(high)):
        return Interval(-math.inf if _missing(low) else low, math.inf if _missing(high) else high)
    if qualifier == "exact":
        return Interval(value, value)
    if qualifier in ("over", "at_least"):
        return Interval(value, math.inf)
    if qualifier == "at_most":
        return Interval(-math.inf, value)
    if qualifier == "nearly":
        return Interval(value - NEARLY_SPAN * abs(value), value)
    return None


def _finite_or(value: float, fallback: float) -> float:
    return fallback if math.isnan(value) else value


def difference(before: Interval | None, after: Interval | None) -> Interval | None:
    """``after - before`` as an interval."""
    if before is None or after is None:
        return None
    return Interval(_finite_or(after.low - before.high, -math.inf), _finite_or(after.high - before.low, math.inf))


def relative_change(before: Interval | None, after: Interval | None) -> Interval | None:
    """``(after / before - 1) * 100`` as an interval; None unless ``before`` is wholly above zero."""
    if before is None or after is None or not before.low > 0:
        return None

    def pct(top: float, bottom: float, fallback: float) -> float:
        with_nan = top / bottom if not (math.isinf(top) and math.isinf(bottom)) else math.nan
        return _finite_or((with_nan - 1) * 100, fallback)

    low = pct(after.low, before.high, -math.inf) if after.low >= 0 else pct(after.low, before.low, -math.inf)
    high = pct(after.high, before.low, math.inf) if after.high >= 0 else pct(after.high, before.high, math.inf)
    return Interval(low, high)


def _interval_text(interval: Interval | None, point: float, text) -> str:
    """``text(x)`` for the interval's ends: ``A to B``, ``>A``, ``<B``; ``≈point`` when unknown."""
    if interval is None or (math.isinf(interval.low) and math.isinf(interval.high)):
        return "≈" + text(point)
    if math.isinf(interval.high):
        return ">" + text(interval.low)
    if math.isinf(interval.low):
        return "<" + text(interval.high)
    low, high = text(interval.low), text(interval.high)
    return "≈" + low if low == high else f"{low} to {high}"


def change_between(abs_change: float, pct_change: float | None, unit: str, exact: bool,
                   abs_interval: Interval | None = None, pct_interval: Interval | None = None) -> str:
    """A computed change as it may be read: ``+1.2M (+75%)`` between two exact levels, else its interval:
    ``+250M to +350M (+21% to +29%)``, ``>+1.2M (>+75%)``, or ``≈+1.2M (≈+75%)`` when it is unknown."""
    if exact:
        return format_change(abs_change, pct_change, unit)
    amount = _interval_text(abs_interval, abs_change, lambda v: _amount(v, unit))
    if _missing(pct_change) and pct_interval is None:
        return amount
    return f"{amount} ({_interval_text(pct_interval, pct_change, format_pct)})"


def format_range(interval: Interval | None, value: float, unit: str, qualifier: str = "exact") -> str:
    """A level with the interval it allows: ``2.8M``, ``≈2.8M (2.75M to 2.85M)``, ``>1.5B``."""
    level = format_value(value, unit, qualifier)
    if interval is None or interval.exact or not interval.bounded:
        return level
    low, high = _with_unit(format_number(interval.low), unit), _with_unit(format_number(interval.high), unit)
    return level if low == high else f"{level} ({low} to {high})"

"""The interval a number's wording allows, for warehouses that tests build by inserting rows directly.

A stand-in for the extraction core's own reading (which writes ``decimals``, ``scale``, ``value_low`` and
``value_high`` on every observation row), so the derived layer can be tested on rows written by hand.
The rule is the one documented in ``sql/observation_precision.sql``:

    rounding       half a unit of the last stated digit, times the scale word (`2,8 triệu` → 50 000);
                   when the quoted text has no such number, half a unit of the value's last non-zero digit
    exact count    a plain whole count (no decimals, no scale word) is exactly itself
    exact, approx  value ± rounding
    over, at_least value and above (high unbounded: None)
    nearly         value - max(rounding, 10% of |value|) up to value
"""

from __future__ import annotations

import re

SCALES = (("nghìn tỷ", 1e12), ("ngàn tỷ", 1e12), ("nghìn tỉ", 1e12), ("ngàn tỉ", 1e12), ("nghìn", 1e3),
          ("ngàn", 1e3), ("triệu", 1e6), ("tỷ", 1e9), ("tỉ", 1e9))
TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s*(nghìn tỷ|ngàn tỷ|nghìn tỉ|ngàn tỉ|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w))?")
VI = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
EN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _readings(num: str):
    if VI.fullmatch(num):
        yield float(num.replace(".", "").replace(",", ".")), len(num.partition(",")[2])
    if EN.fullmatch(num):
        yield float(num.replace(",", "")), len(num.partition(".")[2])


def stated_precision(quoted: str, value: float) -> tuple[int | None, float | None]:
    """(decimals, scale) of the first number in ``quoted`` that reads as ``value``; (None, None) if none."""
    for m in TOKEN.finditer(quoted.lower()):
        scale = dict(SCALES).get(m.group(2) or "", 1.0)
        for number, decimals in _readings(m.group(1)):
            for used in dict.fromkeys((scale, 1.0)):
                if abs(number * used - abs(value)) <= 1e-9 * max(abs(value), 1):
                    return decimals, used
    return None, None


def _value_rounding(value: float) -> float:
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if abs(value) == 0:
        return 0.5
    if "." in text:
        return 0.5 * 10 ** -len(text.split(".")[1])
    return 0.5 * 10 ** (len(text) - len(text.rstrip("0")))


def interval(value: float, qualifier: str, unit: str, decimals: int | None,
             scale: float | None) -> tuple[float | None, float | None]:
    """(value_low, value_high) by the rule above; None is an unbounded side."""
    rounding = _value_rounding(value) if decimals is None else 0.5 * 10 ** -decimals * (scale or 1)
    if qualifier in ("over", "at_least"):
        return value, None
    if qualifier == "nearly":
        return value - max(rounding, 0.1 * abs(value)), value
    if qualifier == "exact" and unit == "count" and decimals == 0 and scale == 1:
        return value, value
    return value - rounding, value + rounding


def range_columns(quoted: str, value: float, qualifier: str, unit: str) -> dict:
    """The observation columns ``decimals``, ``scale``, ``value_low`` and ``value_high`` for one number."""
    decimals, scale = stated_precision(quoted, value)
    low, high = interval(value, qualifier, unit, decimals, scale)
    return {"decimals": decimals, "scale": scale, "value_low": low, "value_high": high}

"""Numbers as people read them: ``2.8M``, ``1.5B``, ``80.2%``, ``+1.2M (+75%)``, ``≈2.8M``."""

from __future__ import annotations

import math

QUALIFIER_PREFIX = {"exact": "", "approx": "≈", "over": ">", "nearly": "≲", "at_least": "≥"}
QUALIFIER_WORDS = {"exact": "exact", "approx": "about", "over": "over", "nearly": "nearly",
                   "at_least": "at least"}


def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, digits: int = 2) -> str:
    """``2800000`` → ``2.8M``, ``1.5e9`` → ``1.5B``, ``1.93e15`` → ``1,928T``, ``2699`` → ``2,699``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
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


def format_value(value: float, unit: str, qualifier: str = "exact") -> str:
    """A level with its unit: ``≈2.8M``, ``80.2%``, ``$7.5B``, ``1,928T VND``."""
    prefix = QUALIFIER_PREFIX.get(qualifier, "")
    number = format_number(value)
    if unit == "percent":
        return f"{prefix}{number}%"
    if unit == "usd":
        return f"{prefix}${number}"
    if unit == "vnd":
        return f"{prefix}{number} VND"
    if unit == "ratio":
        return f"{prefix}{number}×"
    return f"{prefix}{number}"


def format_change(abs_change: float, pct_change: float | None, unit: str) -> str:
    """``+1.2M (+75%)``; a change of a percentage is in points: ``+10.08 pp (+13.1%)``."""
    sign = "+" if abs_change >= 0 else "−"
    size = abs(abs_change)
    if unit == "percent":
        amount = f"{sign}{format_number(size)} pp"
    elif unit == "usd":
        amount = f"{sign}${format_number(size)}"
    else:
        amount = f"{sign}{format_number(size)}" + (" VND" if unit == "vnd" else "")
    if pct_change is None or (isinstance(pct_change, float) and math.isnan(pct_change)):
        return amount
    return f"{amount} ({format_pct(pct_change)})"


def format_pct(pct: float) -> str:
    sign = "+" if pct >= 0 else "−"
    digits = 0 if abs(pct) >= 10 else 1
    return f"{sign}{_trim(abs(pct), digits)}%"

"""The Vietnamese number grammar: reading numbers as Vietnamese news writes them, and writing them back.

Numerals
    The dot groups thousands and the comma marks decimals: ``13.366`` is 13366, ``80,2`` is 80.2,
    ``1.234,5`` is 1234.5. A single dot followed by one or two digits (``3.5``) and several comma-separated
    groups of three (``1,928,311``) are read the English way, as some pages are written that way; a single
    comma is always a decimal comma (``1,500`` is 1.5), as the Vietnamese convention says.
Scale words
    ``nghìn``/``ngàn`` (10³), ``triệu`` (10⁶), ``tỷ``/``tỉ`` (10⁹), ``trăm`` (10²) multiply, and stack:
    ``116 nghìn tỷ`` is 116·10¹², ``52 triệu tỷ`` is 52·10¹⁵. After a scale word the comma stays a
    decimal: ``1,488 triệu`` is 1 488 000. Written without diacritics (``trieu``, ``ty``, ``nghin``)
    they count too.
Number words
    ``hai``, ``ba``, ``bốn``/``tư``, ``năm``/``lăm``, ``mười``, ``mươi``, ``trăm`` ... combine the usual
    way: ``hai mươi lăm`` is 25, ``một trăm linh năm`` is 105.

Everything is computed with :class:`decimal.Decimal`, so ``2,8 triệu`` is exactly 2 800 000.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

SCALES: dict[str, int] = {
    "trăm": 10**2,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
# The same words written without diacritics (``2,8 trieu``), for pages that lost them.
UNACCENTED_SCALES: dict[str, int] = {"tram": 10**2, "nghin": 10**3, "ngan": 10**3, "trieu": 10**6,
                                     "ty": 10**9, "ti": 10**9}

UNIT_WORDS: dict[str, int] = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}

# Regex fragments shared with the mention finder.
NUMERAL = (
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"      # 1.928.311  13.366  1.234,5
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?"   # 1,928,311 (English grouping, two groups or more)
    r"|\d+\.\d{1,2}(?!\d)"                # 3.5 (English decimal point)
    r"|\d+(?:,\d+)?"                      # 2400  80,2  0,48
)
SCALE_WORD = (r"(?:nghìn|ngàn|triệu|tỷ(?!\s+lệ)|tỉ(?!\s+lệ)|trăm"
              r"|nghin|ngan|trieu|ty(?!\s+le)|ti(?!\s+le)|tram)(?!\w)")

_NUMERAL_RE = re.compile(rf"^(?:{NUMERAL})$")
_SPLIT_RE = re.compile(r"\s+")


class NumberError(ValueError):
    """A string that is not a number written the Vietnamese way."""


def _numeral(text: str) -> Decimal:
    """A numeral written with digits and separators, read by the rules in the module docstring."""
    if not _NUMERAL_RE.match(text):
        raise NumberError(f"not a numeral: {text!r}")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_comma = text.rfind(",") > text.rfind(".")
        plain = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    elif dots:
        groups = text.split(".")
        plain = text.replace(".", "") if all(len(g) == 3 for g in groups[1:]) else text
    elif commas > 1:
        plain = text.replace(",", "")
    else:
        plain = text.replace(",", ".")
    try:
        return Decimal(plain)
    except InvalidOperation as e:
        raise NumberError(f"not a numeral: {text!r}") from e


def _words(tokens: list[str]) -> Decimal:
    """Number words (``hai mươi lăm``) and scale words to a value."""
    total, group, last = 0, 0, 0
    seen = False
    for tok in tokens:
        if tok in UNIT_WORDS:
            if last:  # ``ba năm`` is three years, no numeral
                raise NumberError(f"two digits in a row: {' '.join(tokens)!r}")
            last = UNIT_WORDS[tok]
        elif tok == "mười":
            group += 10
        elif tok == "mươi":
            group += (last or 1) * 10
            last = 0
        elif tok == "trăm":
            group += (last or 1) * 100
            last = 0
        elif tok in ("linh", "lẻ"):
            continue
        elif tok in SCALES:
            total += (group + last or 1) * SCALES[tok]
            group = last = 0
        else:
            raise NumberError(f"not a number word: {tok!r}")
        seen = True
    if not seen:
        raise NumberError("no number words")
    return Decimal(total + group + last)


def parse_decimal(text: str) -> Decimal:
    """Like :func:`parse_number`, as an exact Decimal."""
    s = text.strip().rstrip("%").strip()
    negative = s[:1] in "-−–"
    if negative:
        s = s[1:].strip()
    tokens = [t for t in _SPLIT_RE.split(s.lower()) if t]
    if not tokens:
        raise NumberError(f"empty number: {text!r}")
    if tokens[0][0].isdigit():
        value = _numeral(tokens[0])
        for tok in tokens[1:]:
            factor = SCALES.get(tok) or UNACCENTED_SCALES.get(tok)
            if factor is None:
                raise NumberError(f"unexpected word {tok!r} in {text!r}")
            value *= factor
    else:
        value = _words(tokens)
    return -value if negative else value


def precision(numeral: str, scale_words: str = "") -> tuple[int, float]:
    """(decimals, scale) of a number as written: ``('2,8', 'triệu')`` → ``(1, 1e6)``, ``('1.928.311', 'tỷ')``
    → ``(0, 1e9)``, ``('80,2', '')`` → ``(1, 1.0)``; the decimals are those read by the rules above."""
    plain = format(_numeral(numeral), "f") if numeral[:1].isdigit() else "0"
    decimals = len(plain.partition(".")[2])
    scale = 1.0
    for word in scale_words.lower().split():
        scale *= SCALES.get(word) or UNACCENTED_SCALES.get(word) or 1
    return decimals, scale


def parse_number(text: str) -> float:
    """``'80,2%'`` → 80.2, ``'1.928.311'`` → 1928311, ``'2,8 triệu'`` → 2800000, ``'bốn'`` → 4.

    Accepts a numeral or number words, optionally followed by scale words and a percent sign.
    Raises :class:`NumberError` for anything else.
    """
    return float(parse_decimal(text))


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_vi(value: float | int | Decimal, decimals: int | None = None, scale: str | None = None,
              percent: bool = False) -> str:
    """Write a number the Vietnamese way: ``1928311`` → ``'1.928.311'``, ``80.2`` → ``'80,2'``.

    ``decimals`` fixes the number of decimals (default: as many as the value needs). ``scale`` divides by
    a scale word and appends it (``format_vi(2_800_000, scale='triệu')`` → ``'2,8 triệu'``; stacked
    words such as ``'nghìn tỷ'`` work too). ``percent`` appends ``%``.
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if scale:
        for word in scale.split():
            number /= SCALES[word]
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    out = sign + _group_thousands(whole) + ("," + frac if frac else "")
    if out == "-0":
        out = "0"
    if scale:
        out += " " + scale
    if percent:
        out += "%"
    return out

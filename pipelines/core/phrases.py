"""Word lists as regex alternations and patterns compiled for normalised text: the one way the extraction
core turns a vocabulary into a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.core.metric_match import normalize


def alternation(words: Iterable[str]) -> str:
    """``a|b|c`` of the escaped words, longest first, so ``gần như`` is tried before ``gần``."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def compile_normalised(patterns: dict[str, str]) -> dict[bool, dict[str, re.Pattern[str]]]:
    """Patterns written in lower case (no upper-case escapes such as ``\\W``), compiled for text normalised
    by :func:`pipelines.core.metric_match.normalize` with (``True``) and without diacritics stripped."""
    return {folded: {name: re.compile(normalize(p, folded).replace("(?p<", "(?P<")) for name, p in patterns.items()}
            for folded in (False, True)}


# ``lần lượt`` / ``tương ứng``: the values after it go, in order, to the items listed before it.
RESPECTIVELY_RE = re.compile(r"(?<!\w)(?:lần lượt|tương ứng|lan luot|tuong ung)(?!\w)")

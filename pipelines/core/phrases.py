"""Word lists as regex alternations: the one way the extraction core turns a vocabulary into a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """``a|b|c`` of the escaped words, longest first, so ``gần như`` is tried before ``gần``."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

"""Word lists as regex alternations and patterns compiled for normalised text: the one way the extraction
core turns a vocabulary into a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.core.metric_match import normalize


def alternation(words: Iterable[str]) -> str:
    """``a|b|c`` of the escaped words, longest first, so ``gần như`` is tried before ``gần``."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def trie(words: Iterable[str], word_start: bool = False) -> str:
    """One regex for the words, factored by their common prefixes (``th(?:áng|ứ)``) so the engine tries one
    branch per character instead of every word at every position; a space in a word matches ``\\s+``, and
    a word that is the prefix of another is tried after it (longest first).

    ``word_start``: only where no word character precedes, as ``(?<!\\w)(?:...)`` would say; the check is
    made after the first letter (``l(?<!\\w.)ần lượt``) so that the pattern still starts with a literal
    and a search skips to the candidate letters in the regex engine."""
    root: dict = {}
    for word in words:
        node = root
        for token in re.findall(r" +|[^ ]", word):
            node = node.setdefault(" " if token.startswith(" ") else token, {})
        node[""] = {}
    return _trie_pattern(root, r"(?<!\w.)" if word_start else "")


def _trie_pattern(node: dict, after_first: str = "") -> str:
    branches = [(r"\s+" if k == " " else re.escape(k)) + after_first + _trie_pattern(child)
                for k, child in sorted(node.items()) if k]
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def compile_normalised(patterns: dict[str, str]) -> dict[bool, dict[str, re.Pattern[str]]]:
    """Patterns written in lower case (no upper-case escapes such as ``\\W``), compiled for text normalised
    by :func:`pipelines.core.metric_match.normalize` with (``True``) and without diacritics stripped."""
    return {folded: {name: re.compile(normalize(p, folded).replace("(?p<", "(?P<")) for name, p in patterns.items()}
            for folded in (False, True)}


# ``lần lượt`` / ``tương ứng``: the values after it go, in order, to the items listed before it.
RESPECTIVELY_RE = re.compile(trie(["lần lượt", "tương ứng", "lan luot", "tuong ung"], word_start=True) + r"(?!\w)")

"""Word lists as regex alternations and patterns compiled for normalised text: the one way the extraction
core turns a vocabulary into a pattern."""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Callable, Iterable

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
    tokens = ([" " if t.startswith(" ") else t for t in re.findall(r" +|[^ ]", word)] for word in words)
    return token_trie(tokens, lambda t: r"\s+" if t == " " else re.escape(t), r"(?<!\w.)" if word_start else "")


def token_trie(sequences: Iterable[Iterable[str]], pattern_of: Callable[[str], str], after_first: str = "",
               word_start: bool = False) -> str:
    """The trie regex of token sequences: ``pattern_of`` turns one token into its pattern, ``after_first``
    follows the first token of every branch; a sequence that is the prefix of another is tried after it.

    ``word_start``: only where no word character precedes, checked after the first character of the first
    token (``h(?<!\\w.)a\\s+noi``) so that every branch starts with a literal and a search skips to the
    candidate letters in the regex engine (a leading ``(?<!\\w)`` makes it try every position)."""
    root: dict = {}
    for seq in sequences:
        node = root
        for token in seq:
            node = node.setdefault(token, {})
        node[""] = {}
    if not word_start:
        return _trie_pattern(root, pattern_of, after_first)
    by_letter: dict = {}
    for token, child in root.items():
        if token:
            by_letter.setdefault(token[0], {})[token[1:]] = child
    branches = []
    for letter, rests in sorted(by_letter.items()):
        tails = [(pattern_of(rest) if rest else "") + after_first + _trie_pattern(child, pattern_of)
                 for rest, child in sorted(rests.items(), key=lambda kv: -len(kv[0]))]
        tail = tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"
        branches.append(re.escape(letter) + r"(?<!\w.)" + tail)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _trie_pattern(node: dict, pattern_of: Callable[[str], str], after_first: str = "") -> str:
    branches = [pattern_of(k) + after_first + _trie_pattern(child, pattern_of)
                for k, child in sorted(node.items()) if k]
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def compile_normalised(patterns: dict[str, str]) -> dict[bool, dict[str, re.Pattern[str]]]:
    """Patterns written in lower case (no upper-case escapes such as ``\\W``), compiled for text normalised
    by :func:`pipelines.core.metric_match.normalize` with (``True``) and without diacritics stripped."""
    return {folded: {name: fast_compile(normalize(p, folded).replace("(?p<", "(?P<"))
                     for name, p in patterns.items()} for folded in (False, True)}


_GLOBAL_FLAGS_RE = re.compile(r"^\(\?[aiLmsux]+\)")
_MAX_FIRST = 64  # more first characters than this: the lookahead would not skip much


def fast_start(pattern: str, flags: int = 0) -> str:
    """``pattern`` behind a lookahead on the characters a match can start with (``(?=[tcs])...``), so that a
    search skips the other positions in the regex engine: a pattern opening with a lookbehind or an
    alternation is otherwise tried at every position. Unchanged when those characters cannot be told."""
    parsed = _sre_parse.parse(pattern, flags)
    first = _first_chars(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    if first is None or not first[0] or first[1] or len(first[0]) > _MAX_FIRST:
        return pattern
    lookahead = "(?=[" + "".join(re.escape(ch) for ch in sorted(first[0])) + "])"
    head = _GLOBAL_FLAGS_RE.match(pattern)
    cut = head.end() if head else 0
    return f"{pattern[:cut]}{lookahead}(?:{pattern[cut:]})"


def fast_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` of ``pattern`` behind :func:`fast_start`'s lookahead."""
    return re.compile(fast_start(pattern, flags), flags)


def _first_chars(ops: list, icase: bool) -> tuple[set[str], bool] | None:
    """(the characters a match of the op sequence can start with, whether it can match empty); None when a
    start cannot be told (any character, a category, a negated class, a back-reference)."""
    out: set[str] = set()
    for op, av in ops:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        if op is _sre.LITERAL:
            chars, empty = {chr(av)}, False
        elif op is _sre.IN:
            chars, empty = _class_chars(av), False
            if chars is None:
                return None
        elif op is _sre.BRANCH:
            parts = [_first_chars(list(b), icase) for b in av[1]]
            if any(p is None for p in parts):
                return None
            chars, empty = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif op is _sre.SUBPATTERN:
            inner = _first_chars(list(av[3]), icase or bool(av[1] & re.IGNORECASE))
            if inner is None:
                return None
            chars, empty = inner
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            inner = _first_chars(list(av[2]), icase)
            if inner is None:
                return None
            chars, empty = inner[0], inner[1] or av[0] == 0
        elif op is _sre.ATOMIC_GROUP:
            inner = _first_chars(list(av), icase)
            if inner is None:
                return None
            chars, empty = inner
        else:
            return None
        if icase:
            chars = {c for ch in chars for c in (ch.lower(), ch.upper())}
        out |= chars
        if not empty:
            return out, False
    return out, True


def _class_chars(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < _MAX_FIRST:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


# ``lần lượt`` / ``tương ứng``: the values after it go, in order, to the items listed before it.
RESPECTIVELY_RE = re.compile(trie(["lần lượt", "tương ứng", "lan luot", "tuong ung"], word_start=True) + r"(?!\w)")


# The base of a rate per inhabitants: ``trên 100 dân``, ``/1.000 dân``, ``trên 10.000 người dân``
RATE_BASE_RE = re.compile(r"\s*(?:trên|tren|/)\s*(?P<per>100|1[.,]?000|10[.,]?000)\s+(?:người\s+|nguoi\s+)?"
                          r"(?:dân|dan)(?!\w)")

# A bracket without brackets inside: ``Bạc Liêu (7,4%)``, ``tăng 52% (đạt 3,6 tỷ giao dịch)``
BRACKETED_RE = re.compile(r"\([^()]*\)")


_SEMICOLON_RE = re.compile(r";\s*(\w)")


def new_statement(text: str, a: int, b: int) -> int:
    """Where the first ``;`` opening a new statement stands in ``text[a:b]`` (``text`` as written), -1 when none
    does: one before a capital letter (``... đạt 90 thuê bao/100 dân; Thuê bao ... đạt``), not one going on with
    a list (``20% GDP; 80% hồ sơ``), nor the items of a list a ``:`` opened (``Năm 2025: A đạt X; B đạt Y``)."""
    m = next((m for m in _SEMICOLON_RE.finditer(text, a, b) if m.group(1).isupper()), None)
    return m.start() if m and text.find(":", a, m.start()) < 0 else -1

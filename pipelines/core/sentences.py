"""Paragraphs, sentences and clauses of an article, as character spans of the text.

A paragraph is a line. A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by white space and a
character that is not a lower-case letter (so ``1.500`` and ``TP. Hồ Chí Minh`` do not end one), or at
the end of the line. A clause is a part of a sentence between semicolons: Vietnamese reports chain
their results with ``;`` (``... 18 bộ, ngành; đồng bộ thành công trên 268 triệu ...``), but a semicolon
between the bare numbers of one list (``lần lượt là 83,49%; 78,44% và 77,66%``) ends none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_RE = re.compile(r"[^\n]+")
_END_RE = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)")
_LAST_WORD_RE = re.compile(r"(?<![\w.])([\w.]+)$")
_ABBREVIATIONS = frozenset({"tp", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "st", "mr", "ms", "dr", "v.v",
                            "tr"})


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # where the sentence's paragraph starts
    clauses: tuple[tuple[int, int], ...]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    out, cur = [], start
    i = text.find(";", start, end)
    while i >= 0:
        if not _IN_NUMBER_LIST_RE.match(text, i + 1) or not _NUMBER_END_RE.search(text, max(start, i - 2), i):
            out.append((cur, i))
            cur = i + 1
        i = text.find(";", i + 1, end)
    out.append((cur, end))
    return tuple(out)


# ``lần lượt là 83,49%; 78,44% và 77,66%``: a semicolon between the numbers of one list ends no clause
_NUMBER_END_RE = re.compile(r"[\d%]\s*$")
_IN_NUMBER_LIST_RE = re.compile(r"\s*\d[\d.,]*\s*(?:%|điểm)?\s*(?:;|,|và|$)")


def _ends_abbreviation(text: str, line_start: int, dot: int) -> bool:
    word = _LAST_WORD_RE.search(text, max(line_start, dot - 8), dot)
    return bool(word) and word.group(1).lower() in _ABBREVIATIONS


MAX_HEADING_CHARS = 120


def is_heading(text: str, start: int, end: int) -> bool:
    """Is the line ``text[start:end]`` a heading: short, with no closing stop (``Một số kết quả nổi bật trong
    tháng 9/2023``)?"""
    s, e = _trimmed(text, start, end)
    return 0 < e - s <= MAX_HEADING_CHARS and text[e - 1] not in ".!?;:…" and "\n" not in text[s:e]


def is_label_line(text: str, start: int, end: int) -> bool:
    """Is the line ``text[start:end]`` a heading or a short label ending in a colon (``Thái Nguyên:``)?"""
    s, e = _trimmed(text, start, end)
    return is_heading(text, start, end) or 0 < e - s <= MAX_HEADING_CHARS // 2 and text[e - 1] == ":"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every non-empty line of ``text``."""
    return [m.span() for m in _LINE_RE.finditer(text)]


def split_sentences(text: str, lines: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """The sentences of ``text`` (or of the given paragraphs only) in order, each with its clauses.

    ``Sentence.paragraph`` is the offset where the sentence's paragraph starts."""
    out: list[Sentence] = []
    for line_start, line_end in paragraphs(text) if lines is None else lines:
        cur = line_start
        for m in _END_RE.finditer(text, line_start, line_end):
            nxt = m.end()
            while nxt < line_end and text[nxt].isspace():
                nxt += 1
            if nxt >= line_end or text[nxt].islower() or _ends_abbreviation(text, line_start, m.start()):
                continue
            s, e = _trimmed(text, cur, m.end())
            if s < e:
                out.append(Sentence(s, e, line_start, _clauses(text, s, e)))
            cur = m.end()
        s, e = _trimmed(text, cur, line_end)
        if s < e:
            out.append(Sentence(s, e, line_start, _clauses(text, s, e)))
    return out

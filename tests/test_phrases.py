"""The pattern helpers of ``pipelines.core.phrases``: a lookahead on a pattern's first characters changes
where a search looks, never what it finds."""

from __future__ import annotations

import re

import pytest

from pipelines.core.phrases import fast_start

TEXTS = [
    "Tỷ lệ hồ sơ trực tuyến toàn tỉnh đạt 72%, cao hơn bình quân cả nước; Sở Y tế cho biết.",
    "Đến nay, UBND tỉnh đã cấp 1.200 chữ ký số; thành phố có 30 xã; so với năm 2023 tăng 4 lần.",
    "ABC abc Đà Nẵng đà nẵng xy y x  mức này, số này",
]


@pytest.mark.parametrize("pattern, first", [
    (r"(?<!\w)(?:tỉnh|sở\s+y|[ab]c)(?!\w)", "abst"),
    (r"x?y", "xy"),
    (r"(?i:đà)\s+nẵng", "Đđ"),
    (r"(?i)abc|d", "ADad"),
])
def test_the_lookahead_names_the_characters_a_match_can_start_with(pattern, first):
    fast = fast_start(pattern)
    assert fast != pattern
    assert re.search(r"\(\?=\[([^\]]*)\]\)", fast).group(1) == "".join(sorted(first))


@pytest.mark.parametrize("pattern", [r"\d+", r"a*", r".x", r"[^a]b", r"\w+ly"])
def test_a_pattern_whose_start_cannot_be_told_is_left_as_it_is(pattern):
    assert fast_start(pattern) == pattern


@pytest.mark.parametrize("pattern", [
    r"(?<!\w)(?:toàn tỉnh|của tỉnh|(?<!các )sở (?:y tế|tư pháp)|(?:cao|thấp) hơn bình quân cả nước)(?!\w)",
    r"(?<!\w)(?:ubnd|ủy ban nhân dân)\s+(?:tỉnh|thành phố)(?!,? thành)",
    r"(?i)(?:đà nẵng|abc)", r"(?:mức|số)\s+(?:này)", r"x?y|(?:so với)\s+năm\s+\d{4}",
])
def test_a_search_behind_the_lookahead_finds_the_same_matches(pattern):
    plain, fast = re.compile(pattern), re.compile(fast_start(pattern))
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for pos in range(len(text)):
            assert _span(fast.match(text, pos)) == _span(plain.match(text, pos))


def _span(m: re.Match | None) -> tuple[int, int] | None:
    return m.span() if m else None

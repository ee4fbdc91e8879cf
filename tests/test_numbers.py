"""The Vietnamese number grammar: reading and writing numbers the way Vietnamese news writes them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.core.numbers import NumberError, format_vi, parse_decimal, parse_number

PARSE_CASES = [
    ("80,2%", 80.2),
    ("80,2 %", 80.2),
    ("13.366", 13366),
    ("1.928.311", 1928311),
    ("2400", 2400),
    ("0,48", 0.48),
    ("1.234,5", 1234.5),
    ("03", 3),
    ("2,8 triệu", 2_800_000),
    ("1,5 tỷ", 1_500_000_000),
    ("1,2 tỉ", 1_200_000_000),
    ("1,488 triệu", 1_488_000),
    ("116 nghìn tỷ", 116 * 10**12),
    ("52 triệu tỷ", 52 * 10**15),
    ("35 ngàn", 35_000),
    ("1.928.311 tỷ", 1_928_311 * 10**9),
    ("5 trăm", 500),
    ("3.5", 3.5),
    ("1,928,311", 1928311),
    ("-2,5", -2.5),
    ("bốn", 4),
    ("hai", 2),
    ("mười", 10),
    ("mười hai", 12),
    ("hai mươi lăm", 25),
    ("ba mươi mốt", 31),
    ("một trăm linh năm", 105),
    ("hai nghìn", 2000),
    ("ba triệu", 3_000_000),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected, rel=1e-12)


def test_scale_words_are_exact():
    assert parse_decimal("2,8 triệu") == Decimal(2_800_000)
    assert parse_decimal("1.928.311 tỷ") == Decimal(1_928_311_000_000_000)


@pytest.mark.parametrize("text", ["", "abc", "12 con", "1,2,3", "tỷ lệ", "%"])
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(NumberError):
        parse_number(text)


FORMAT_CASES = [
    (1928311, {}, "1.928.311"),
    (80.2, {}, "80,2"),
    (0.48, {}, "0,48"),
    (1234.5, {}, "1.234,5"),
    (100, {}, "100"),
    (2_800_000, {"scale": "triệu"}, "2,8 triệu"),
    (116 * 10**12, {"scale": "nghìn tỷ"}, "116 nghìn tỷ"),
    (47.79, {"percent": True}, "47,79%"),
    (3.5, {"decimals": 2}, "3,50"),
    (-1500, {}, "-1.500"),
]


@pytest.mark.parametrize(("value", "kwargs", "expected"), FORMAT_CASES)
def test_format_vi(value, kwargs, expected):
    assert format_vi(value, **kwargs) == expected


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False,
                      allow_infinity=False)


@given(amounts)
def test_round_trip_any_amount(value):
    assert parse_decimal(format_vi(value)) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_integers_with_thousand_dots(value):
    written = format_vi(value)
    assert "," not in written
    assert parse_number(written) == value


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999999"), places=3),
       st.sampled_from(["nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]))
def test_round_trip_with_scale_words(amount, scale):
    factor = {"nghìn": 10**3, "triệu": 10**6, "tỷ": 10**9, "nghìn tỷ": 10**12, "triệu tỷ": 10**15}[scale]
    value = amount * factor
    written = format_vi(value, scale=scale)
    assert written.endswith(" " + scale)
    assert parse_decimal(written) == value


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
def test_round_trip_percentages(value):
    assert parse_number(format_vi(value, percent=True)) == pytest.approx(value, abs=1e-9)

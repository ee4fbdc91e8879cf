"""Property-based tests: the number grammar, the decoder and the manifest reader on generated input."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.decoding import BadInput, decode_article_bytes
from pipelines.core.manifest import COLUMNS, ManifestError, load_manifest, read_manifest
from pipelines.core.numbers import NumberError, format_vi, parse_decimal

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

decimals = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4,
                       allow_nan=False, allow_infinity=False)
scales = st.sampled_from([None, "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"])


@FUZZ
@given(decimals, scales, st.booleans())
def test_numbers_written_the_vietnamese_way_read_back_as_themselves(value, scale, percent):
    written = format_vi(value, scale=scale, percent=percent)
    assert parse_decimal(written) == value, written


@FUZZ
@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=3))
def test_fixed_decimals_read_back_as_the_rounded_value(whole, decimals_):
    value = Decimal(whole).scaleb(-decimals_)
    assert parse_decimal(format_vi(value, decimals=decimals_)) == value


number_like = st.lists(st.sampled_from(list("0123456789.,-−–% ") + ["tỷ", "triệu", "nghìn", "hai", "mươi", "lăm",
                                                                    "trăm", "linh", "x"]), max_size=12).map("".join)


@FUZZ
@given(st.one_of(st.text(), number_like))
def test_no_text_makes_the_number_parser_raise_anything_but_number_error(text):
    try:
        value = parse_decimal(text)
    except NumberError:
        return
    assert isinstance(value, Decimal) and value.is_finite()


vietnamese = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệ 0123456789,.\n")),
                     max_size=300)


@FUZZ
@given(st.one_of(st.binary(max_size=2000), vietnamese.map(lambda t: t.encode("utf-8")),
                 st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF", b""]),
                           st.binary(max_size=500)).map(b"".join)))
def test_no_bytes_make_the_decoder_raise_anything_but_bad_input(data):
    try:
        decoded = decode_article_bytes(data)
    except BadInput as e:
        assert e.reason in {"empty", "binary", "undecodable"}
        return
    assert decoded.text.strip() and "\r" not in decoded.text


def _file(folder: str, data: bytes) -> Path:
    path = Path(folder) / "manifest.csv"
    path.write_bytes(data)
    return path


@FUZZ
@given(st.one_of(st.binary(max_size=600),
                 st.lists(st.lists(st.text(max_size=12), max_size=7), max_size=6).map(
                     lambda rows: "\n".join(",".join(r) for r in [list(COLUMNS), *rows]).encode())))
def test_no_file_makes_the_manifest_reader_raise_anything_but_manifest_error(data):
    with tempfile.TemporaryDirectory() as folder:
        try:
            manifest = load_manifest(_file(folder, data))
        except ManifestError as e:
            assert str(e).startswith("manifest.csv")
            return
    assert all(p.message.startswith(f"manifest.csv:{p.line}: ") for p in manifest.problems)
    lines = [p.line for p in manifest.problems]
    assert lines == sorted(set(lines)) and all(n > 1 for n in lines)


ids = st.text(alphabet=st.sampled_from(list("abcdef0123456789_")), min_size=1, max_size=8)
rows = st.fixed_dictionaries({
    "article_id": ids,
    "published_date": st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))),
    "period_id": st.one_of(st.none(), st.integers(2000, 2040).map(str),
                           st.tuples(st.integers(2000, 2040), st.integers(1, 4)).map(lambda t: f"{t[0]}-Q{t[1]}")),
    "source_url": st.one_of(st.none(), st.text(max_size=30).map(str.strip)),
    "notes": st.one_of(st.none(), st.text(max_size=30).map(str.strip)),
})


@FUZZ
@given(st.lists(rows, max_size=8, unique_by=lambda r: r["article_id"]))
def test_written_manifest_rows_read_back_as_written(entries):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows([{k: "" if v is None else v for k, v in e.items()} for e in entries])
    with tempfile.TemporaryDirectory() as folder:
        manifest = read_manifest(_file(folder, out.getvalue().encode()))
    assert sorted(manifest) == sorted(e["article_id"] for e in entries)
    for e in entries:
        entry = manifest[e["article_id"]]
        assert entry.published_date == e["published_date"] and entry.period_id == e["period_id"]
        assert entry.source_url == (e["source_url"] or None) and entry.notes == (e["notes"] or None)

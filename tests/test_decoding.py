"""Raw bytes to NFC text: the same article in every supported encoding decodes to the same string."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata

import pytest

from pipelines.core.decoding import (
    TCVN3_HIGH,
    TCVN3_LOW,
    VNI_MARKS,
    VNI_SINGLE,
    BadInput,
    decode_article_bytes,
    decode_tcvn3,
    decode_vni,
    vietnamese_score,
)
from tests.support import RAW

SAMPLES = sorted(RAW.glob("*.txt"))
TONES = "\u0300\u0301\u0303\u0309\u0323"
OWN_SENTENCES = [
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%, tăng 12 điểm phần trăm so với năm 2023.",
    "ĐẨY MẠNH CHUYỂN ĐỔI SỐ: Ủy ban nhân dân tỉnh Đắk Lắk ưu tiên nguồn lực cho hạ tầng số.",
    "Người dân được hướng dẫn cài đặt ứng dụng VNeID; gần 92,5% hộ gia đình có Internet cáp quang.",
]


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: precomposed where the code page has the letter, else a tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    inverse = {letter: base + mark for base, marks in VNI_MARKS.items() for mark, letter in marks.items()}
    inverse |= {letter: byte for byte, letter in VNI_SINGLE.items()}
    inverse |= {letter.upper(): seq.upper() for letter, seq in list(inverse.items())}
    return "".join(inverse.get(c, c) for c in text).encode("cp1252")


def encode_tcvn3(text: str) -> bytes:
    inverse = {c: 0x80 + i for i, c in enumerate(TCVN3_HIGH) if c not in TONES}
    inverse |= {c: b for b, c in TCVN3_LOW.items()}
    return bytes(inverse.get(c, ord(c)) for c in text)


def ascii_punctuation(text: str) -> str:
    """TCVN3 has no typographic quotes, dashes, bullets or ellipsis."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "–": "-", "•": "*", "…": "..."}))


@pytest.fixture(scope="module", params=[p.name for p in SAMPLES])
def sample(request) -> str:
    return decode_article_bytes((RAW / request.param).read_bytes()).text


def test_utf8_sample_is_nfc_with_unix_line_ends(sample):
    assert sample == unicodedata.normalize("NFC", sample)
    assert "\r" not in sample
    assert "Thủ tướng" in sample or "chuyển đổi số" in sample


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16"),
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    (lambda t: t.encode("utf-32"), "utf-32"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    (encode_cp1258, "cp1258"),
    (encode_vni, "vni"),
])
def test_every_encoding_of_a_sample_decodes_to_the_same_text(sample, encode, encoding):
    decoded = decode_article_bytes(encode(sample))
    assert decoded.encoding == encoding
    assert decoded.text == sample


def test_tcvn3_sample_decodes_to_the_same_text(sample):
    text = ascii_punctuation(sample)
    decoded = decode_article_bytes(encode_tcvn3(text))
    assert decoded.encoding == "tcvn3"
    assert decoded.text == text


def test_cp1258_bytes_really_carry_combining_tone_marks():
    raw = encode_cp1258("Thủ tướng")
    assert "\u0309" in raw.decode("cp1258")
    decoded = decode_article_bytes(raw).text
    assert decoded == "Thủ tướng"
    assert not any(c in TONES for c in decoded)


@pytest.mark.parametrize("sentence", OWN_SENTENCES)
@pytest.mark.parametrize("encode, encoding", [
    (encode_cp1258, "cp1258"), (encode_vni, "vni"), (encode_tcvn3, "tcvn3"),
])
def test_short_own_sentences_in_legacy_encodings(sentence, encode, encoding):
    decoded = decode_article_bytes(encode(sentence))
    assert (decoded.text, decoded.encoding) == (sentence, encoding)


def test_vni_writes_letters_as_base_plus_diacritic_byte():
    assert encode_vni("Việt") == b"Vie\xe4t"
    assert decode_vni(b"Vie\xe4t") == "Việt"
    assert decode_vni("ñoåi môùi".encode("cp1252")) == "đổi mới"
    assert decode_vni("ÑOÅI MÔÙI".encode("cp1252")) == "ĐỔI MỚI"


def test_tcvn3_table_spot_values():
    assert decode_tcvn3(bytes([0xAE, 0xB8, 0xCA, 0xD6, 0xAD, 0xEE])) == "đáấệượ"
    assert decode_tcvn3(b"Ch\xadu") == "Chưu"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_table_agrees_with_iconv_tcvn5712():
    high = bytes(range(0x80, 0x100))
    run = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=high, capture_output=True)
    if run.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    expected = unicodedata.normalize("NFC", run.stdout.decode())
    assert unicodedata.normalize("NFC", decode_tcvn3(high)) == expected


def test_crlf_and_lone_cr_become_newlines():
    decoded = decode_article_bytes("Dòng một\r\nDòng hai\rDòng ba\n".encode())
    assert decoded.text == "Dòng một\nDòng hai\nDòng ba\n"


def test_decomposed_utf8_is_normalised_to_nfc():
    nfd = unicodedata.normalize("NFD", "Chuyển đổi số đạt 45%")
    assert decode_article_bytes(nfd.encode()).text == "Chuyển đổi số đạt 45%"


def test_utf8_with_a_stray_byte_is_repaired_not_misread():
    text = "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 45% trong năm 2024. " * 40
    data = text.encode()
    data = data[:100] + b"\xff" + data[100:]
    decoded = decode_article_bytes(data)
    assert decoded.encoding == "utf-8-replaced"
    assert decoded.text.count("\ufffd") == 1
    assert "toàn trình đạt 45%" in decoded.text


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", codecs.BOM_UTF8 + b"  \n", " \n".encode("utf-16")])
def test_empty_or_whitespace_is_rejected(data):
    with pytest.raises(BadInput) as err:
        decode_article_bytes(data)
    assert err.value.reason == "empty"
    assert "empty" in str(err.value) or "whitespace" in str(err.value)


@pytest.mark.parametrize("data, named", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
])
def test_known_binary_formats_are_rejected_by_magic_number(data, named):
    with pytest.raises(BadInput) as err:
        decode_article_bytes(data)
    assert err.value.reason == "binary"
    assert named in str(err.value)


def test_nul_bytes_mean_binary():
    with pytest.raises(BadInput) as err:
        decode_article_bytes(b"abc\x00\x01\x02\x03" * 50 + b"\x00\xff")
    assert err.value.reason == "binary"


def test_control_characters_mean_binary():
    noisy = bytes([0x01, 0x02, 0x03, 0x1b, 0x10]) * 30 + "Chuyển đổi số".encode()
    with pytest.raises(BadInput) as err:
        decode_article_bytes(noisy)
    assert err.value.reason == "binary"


def test_broken_utf16_after_a_bom_is_undecodable():
    with pytest.raises(BadInput) as err:
        decode_article_bytes(codecs.BOM_UTF16_LE + b"A\x00\x00\xd8B\x00")
    assert err.value.reason == "undecodable"
    assert "utf-16" in str(err.value)


def test_vietnamese_score_separates_text_from_mojibake():
    good = "Tỷ lệ người dân trưởng thành có tài khoản thanh toán đạt 87,08%"
    assert vietnamese_score(good) == 1.0
    assert vietnamese_score(encode_vni(good).decode("cp1258")) < 0
    assert vietnamese_score(encode_tcvn3(good).decode("cp1258", errors="replace")) < 0
    assert vietnamese_score("plain ASCII text 2024") == 1.0

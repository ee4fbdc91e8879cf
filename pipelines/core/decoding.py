"""Raw article bytes to clean NFC text: encoding detection, legacy Vietnamese code pages, binary rejection.

Order of decisions: empty input and known binary formats are rejected; a byte-order mark decides UTF-8/16/32;
otherwise strict UTF-8 wins; otherwise each 8-bit Vietnamese encoding (Windows-1258, VNI-Windows, TCVN3)
is tried and the one whose words look most like Vietnamese syllables is kept; charset-normalizer is the
last resort. The result is always NFC with ``\\n`` line ends.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# TCVN 5712:1993 (TCVN3/"ABC" and its VN1 superset): bytes 0x80-0xFF, sixteen per row. 0xB0-0xB4 are
# combining tone marks. Capitals that VN1 puts among the control codes are in TCVN3_LOW.
TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
TCVN3_LOW = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
             0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}

# VNI-Windows writes a letter as an ASCII base followed by a diacritic byte (shown here as the Windows-1252
# character of that byte); a few letters are single bytes. Lower-case diacritic bytes, per base vowel.
VNI_MARKS = {
    "a": {"ù": "á", "ø": "à", "û": "ả", "õ": "ã", "ï": "ạ", "ê": "ă", "é": "ắ", "è": "ằ", "ú": "ẳ", "ü": "ẵ",
          "ë": "ặ", "â": "â", "á": "ấ", "à": "ầ", "å": "ẩ", "ã": "ẫ", "ä": "ậ"},
    "e": {"ù": "é", "ø": "è", "û": "ẻ", "õ": "ẽ", "ï": "ẹ", "â": "ê", "á": "ế", "à": "ề", "å": "ể", "ã": "ễ",
          "ä": "ệ"},
    "o": {"ù": "ó", "ø": "ò", "û": "ỏ", "õ": "õ", "ï": "ọ", "â": "ô", "á": "ố", "à": "ồ", "å": "ổ", "ã": "ỗ",
          "ä": "ộ"},
    "ô": {"ù": "ớ", "ø": "ờ", "û": "ở", "õ": "ỡ", "ï": "ợ"},
    "u": {"ù": "ú", "ø": "ù", "û": "ủ", "õ": "ũ", "ï": "ụ"},
    "ö": {"ù": "ứ", "ø": "ừ", "û": "ử", "õ": "ữ", "ï": "ự"},
    "y": {"ù": "ý", "ø": "ỳ", "û": "ỷ", "õ": "ỹ"},
}
VNI_SINGLE = {"ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư"}

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(ch|nh|ng|[cmnpt])?"
)
_TOKEN_SPLIT = re.compile(r"[\s\d.,;:!?()\[\]{}<>\"'“”‘’«»…\-–—/\\%&+=*#@|_~^`]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
PLAUSIBLE_SCORE = 0.5
SCORED_CHARS = 200_000
MAX_CONTROL_SHARE = 0.02
MAX_REPLACED_SHARE = 0.001


class BadInput(ValueError):
    """Input that is not article text; ``reason`` is a short code (``empty``, ``binary``, ``undecodable``)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """Decoded article text (NFC, ``\\n`` line ends) and the encoding it was read with."""

    text: str
    encoding: str


def decode_article_bytes(data: bytes) -> Decoded:
    """Decode a raw article file; raises :class:`BadInput` when the bytes are not text."""
    if not data.strip():
        raise BadInput("empty", "the file is empty or holds only whitespace")
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise BadInput("binary", f"the file is a {kind}, not article text")
    text, encoding = _decode(data)
    return Decoded(_clean(text), encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as e:
                raise BadInput("undecodable", f"the file starts with a {codec} byte-order mark but is not "
                                              f"valid {codec} ({e.reason} at byte {e.start})") from None
    if b"\x00" in data:
        return _decode_bomless_utf16(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_8bit(data)


def _decode_bomless_utf16(data: bytes) -> tuple[str, str]:
    """UTF-16 without a byte-order mark puts the NUL half of ASCII characters on one side; else binary."""
    pairs = len(data) // 2
    if len(data) % 2 == 0 and pairs:
        for codec, zero_at in (("utf-16-le", 1), ("utf-16-be", 0)):
            zeros = data[zero_at::2].count(0)
            wrong_side = data[1 - zero_at::2].count(0)
            if zeros >= 0.3 * pairs and wrong_side == 0:
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    break
                if not _mostly_control(text):
                    return text, codec
    raise BadInput("binary", "the file contains NUL bytes: it is binary, not article text")


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """Pick the Vietnamese 8-bit encoding whose decoding reads most like Vietnamese."""
    candidates = [("cp1258", _decode_cp1258(data)), ("vni", decode_vni(data)), ("tcvn3", decode_tcvn3(data))]
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(1, MAX_REPLACED_SHARE * len(lossy)):
        candidates.insert(0, ("utf-8-replaced", lossy))
    scored = [(vietnamese_score(text[:SCORED_CHARS]), -rank, name, text)
              for rank, (name, text) in enumerate(candidates)]
    score, _, name, text = max(scored)
    if score >= PLAUSIBLE_SCORE:
        return text, name
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BadInput("undecodable", "the bytes are not UTF-8, UTF-16/32, Windows-1258, VNI or TCVN3 "
                                      "Vietnamese text, and no other text encoding fits")
    return str(best), best.encoding


def _decode_cp1258(data: bytes) -> str:
    return data.decode("cp1258", errors="replace")


def _byte_as_cp1252(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_CP1252_CHARS = [_byte_as_cp1252(b) for b in range(256)]


def _windows_1252(data: bytes) -> str:
    """Bytes as Windows-1252 characters, the five bytes it leaves undefined kept as Latin-1."""
    return "".join(_CP1252_CHARS[b] for b in data)


def _vni_sequences() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, marks in VNI_MARKS.items():
        for mark, letter in marks.items():
            for b in (base, base.upper()):
                for m in (mark, mark.upper()):
                    table[b + m] = letter.upper() if b.isupper() else letter
    for byte_char, letter in VNI_SINGLE.items():
        table[byte_char] = letter
        table[byte_char.upper()] = letter.upper()
    return table


VNI_SEQUENCES = _vni_sequences()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_SEQUENCES, key=len, reverse=True)))


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes (base letter + diacritic byte) to Unicode."""
    return _VNI_PATTERN.sub(lambda m: VNI_SEQUENCES[m.group(0)], _windows_1252(data))


_TCVN3_TABLE = {0x80 + i: c for i, c in enumerate(TCVN3_HIGH)} | TCVN3_LOW


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN 5712 (TCVN3/ABC, VN1 capitals included) bytes to Unicode."""
    return "".join(_TCVN3_TABLE.get(b, chr(b)) for b in data)


def vietnamese_score(text: str) -> float:
    """How Vietnamese a decoding reads: (good - bad) / all, over the words that hold a non-ASCII letter.

    A word is good when it is one Vietnamese syllable (onset, one to three vowels, coda) with at most one
    tone mark. Pure-ASCII text scores 1.0.
    """
    good = bad = 0
    for token in _TOKEN_SPLIT.split(unicodedata.normalize("NFC", text)):
        if not token or token.isascii():
            continue
        if _is_syllable(token.lower()):
            good += 1
        else:
            bad += 1
    total = good + bad
    return 1.0 if total == 0 else (good - bad) / total


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def _mostly_control(text: str) -> bool:
    sample = text[:65536]
    return bool(sample) and len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


def _clean(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _mostly_control(text):
        raise BadInput("binary", "the file is mostly control characters: it is binary, not article text")
    if not text.strip():
        raise BadInput("empty", "the file holds only whitespace")
    return unicodedata.normalize("NFC", text)

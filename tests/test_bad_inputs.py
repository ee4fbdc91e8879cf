"""Bad input goes to quarantine with its reason, and the good articles beside it still go through."""

from __future__ import annotations

import pathlib
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.core.articles import scan
from pipelines.core.manifest import read_manifest
from tests.pipeline_runs import SAMPLE_IDS, article_ids, build, query, raw_folder, snapshot, use_folder
from tests.support import RAW

GOOD = SAMPLE_IDS[:2]
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@pytest.fixture
def site(tmp_path, monkeypatch):
    raw = raw_folder(tmp_path / "raw", GOOD)
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    return raw, warehouse


# Inputs that do not touch each other (each file under its own name, none a copy of another's text, no setting
# of their own) are put beside the good articles together and built in one run, which the tests of those inputs
# share: each reads its own file's outcome from it. A test whose input changes a setting, the whole manifest or
# an article already in the folder builds its own.
SHARED_INPUTS: list[Callable[[Path, Path, pytest.MonkeyPatch], None]] = []


def shared_input(add: Callable[[Path, Path, pytest.MonkeyPatch], None]):
    """Register ``add(raw, tmp, monkeypatch)``: it puts one test's input into the shared raw folder."""
    SHARED_INPUTS.append(add)
    return add


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The good articles and every registered input, built once: (raw folder, warehouse)."""
    tmp = tmp_path_factory.mktemp("shared")
    raw = raw_folder(tmp / "raw", GOOD)
    warehouse = tmp / "wh" / "dx.duckdb"
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_folder(monkeypatch, raw, warehouse)
        for add in SHARED_INPUTS:
            add(raw, tmp, monkeypatch)
        build(warehouse)
    return raw, warehouse


def add_to_manifest(raw, article_id: str, period_id: str = "2024") -> None:
    with open(raw / "manifest.csv", "a", encoding="utf-8") as f:
        f.write(f"{article_id},,{period_id},,,\n")


def quarantined(warehouse, name: str) -> list[tuple[str, str]]:
    return query(warehouse, "select reason, outcome from quarantine where source_path = ? order by all",
                 [name])


def assert_good_ones_went_through(warehouse) -> None:
    assert set(GOOD) <= set(article_ids(warehouse))
    with_observations = {r[0] for r in query(warehouse, "select distinct article_id from observations")}
    assert set(GOOD) <= with_observations


def sample_text(n: int) -> str:
    return (RAW / f"{SAMPLE_IDS[n]}.txt").read_text(encoding="utf-8")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes of ``text``: letters it has no precomposed form for get a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONE_MARKS))
            out += (base + "".join(c for c in marks if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


def text_read_from_utf8(tmp_path, n: int) -> str:
    """The stored text of sample ``n`` read from its UTF-8 file (scanned alone, no warehouse)."""
    folder = tmp_path / f"utf8-{n}"
    folder.mkdir()
    shutil.copyfile(RAW / f"{SAMPLE_IDS[n]}.txt", folder / "x.txt")
    manifest = read_manifest(RAW / "manifest.csv")
    return scan(folder, {"x": manifest[SAMPLE_IDS[n]]}).articles[0].text


UNREADABLE = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \r\n\t\n", "empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("noise.txt", bytes((i * 7919) % 256 for i in range(4000)), "binary"),
    ("no_number.txt", "Chuyển đổi số là nhiệm vụ của cả hệ thống chính trị, của mọi người dân.\n".encode(),
     "no_numbers"),
]


@shared_input
def _unreadable_files(raw, _tmp, _monkeypatch):
    for name, data, _reason in UNREADABLE:
        (raw / name).write_bytes(data)


@pytest.mark.parametrize(("name", "data", "reason"), UNREADABLE)
def test_unreadable_file_is_rejected_with_its_reason(shared, name, data, reason):
    raw, warehouse = shared
    assert (raw / name).read_bytes() == data
    assert quarantined(warehouse, name) == [(reason, "rejected")]
    assert pathlib.Path(name).stem not in article_ids(warehouse)
    assert_good_ones_went_through(warehouse)


@shared_input
def _utf16_file(raw, _tmp, _monkeypatch):
    (raw / "utf16.txt").write_bytes(sample_text(2).encode("utf-16"))
    add_to_manifest(raw, "utf16")


def test_utf16_with_bom_is_decoded_and_ingested(shared, tmp_path):
    _raw, warehouse = shared
    assert quarantined(warehouse, "utf16.txt") == []
    text, encoding = query(warehouse, "select text, encoding from articles where article_id = 'utf16'")[0]
    assert encoding.startswith("utf-16")
    assert text == text_read_from_utf8(tmp_path, 2)
    assert query(warehouse, "select count(*) from mentions where article_id = 'utf16'")[0][0] > 10
    assert_good_ones_went_through(warehouse)


@shared_input
def _windows_1258_file(raw, _tmp, _monkeypatch):
    (raw / "legacy.txt").write_bytes(to_cp1258(sample_text(3)))
    add_to_manifest(raw, "legacy")


def test_windows_1258_is_decoded_and_ingested(shared, tmp_path):
    raw, warehouse = shared
    data = (raw / "legacy.txt").read_bytes()
    assert data == to_cp1258(sample_text(3))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert quarantined(warehouse, "legacy.txt") == []
    text, encoding = query(warehouse, "select text, encoding from articles where article_id = 'legacy'")[0]
    assert encoding == "cp1258"
    assert text == text_read_from_utf8(tmp_path, 3)
    assert_good_ones_went_through(warehouse)


def test_html_saved_as_text_is_ingested_with_a_note(site):
    raw, warehouse = site
    paragraphs = [p for p in sample_text(2).split("\n\n") if p.strip()]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs[1:])
    page = (f"<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{paragraphs[0]}</title>"
            f"</head><body><nav><a href=\"/\">Trang chủ</a> | <a href=\"/tin\">Tin tức</a></nav>\n"
            f"<article><h1>{paragraphs[0]}</h1>\n{body}</article>\n"
            f"<footer>Bản quyền thuộc Cổng thông tin điện tử</footer></body></html>\n")
    (raw / "page.txt").write_text(page, encoding="utf-8")
    add_to_manifest(raw, "page")
    build(warehouse)
    assert quarantined(warehouse, "page.txt") == [("html_as_text", "accepted")]
    content_type, text = query(warehouse,
                               "select content_type, text from articles where article_id = 'page'")[0]
    assert content_type == "html"
    assert "<p>" not in text and "</article>" not in text
    assert paragraphs[3].strip()[:60] in text
    assert_good_ones_went_through(warehouse)


def test_file_over_the_size_limit_is_rejected(site, monkeypatch):
    raw, warehouse = site
    monkeypatch.setenv("DX_MAX_ARTICLE_BYTES", "20000")
    big = (sample_text(2) + "\n") * 3
    assert len(big.encode()) > 20000 > max((RAW / f"{a}.txt").stat().st_size for a in GOOD)
    (raw / "big.txt").write_text(big, encoding="utf-8")
    build(warehouse)
    reason = query(warehouse, "select reason, detail from quarantine where source_path = 'big.txt'")
    assert [r[0] for r in reason] == ["too_large"]
    assert "20,000" in reason[0][1] and "DX_MAX_ARTICLE_BYTES" in reason[0][1]
    assert_good_ones_went_through(warehouse)


@shared_input
def _huge_file(raw, _tmp, _monkeypatch):
    (raw / "huge.txt").write_bytes(b"2023 " * (5 * 1024 * 1024 // 5 + 1))


def test_default_size_limit_is_five_megabytes(shared):
    raw, warehouse = shared
    assert (raw / "huge.txt").stat().st_size == 5 * (5 * 1024 * 1024 // 5 + 1)
    assert quarantined(warehouse, "huge.txt") == [("too_large", "rejected")]
    assert_good_ones_went_through(warehouse)


@shared_input
def _repost(raw, _tmp, _monkeypatch):
    shutil.copyfile(raw / f"{GOOD[0]}.txt", raw / "zz_repost.txt")
    add_to_manifest(raw, "zz_repost")


def test_same_text_under_two_names_is_kept_once(shared):
    _raw, warehouse = shared
    detail = query(warehouse, "select reason, detail from quarantine where source_path = 'zz_repost.txt'")
    assert [d[0] for d in detail] == ["duplicate"]
    assert f"{GOOD[0]}.txt" in detail[0][1]
    assert "zz_repost" not in article_ids(warehouse)
    assert_good_ones_went_through(warehouse)


def failing_read(monkeypatch, name: str) -> None:
    """Make reading ``name`` fail as if the file was deleted between listing the folder and reading it."""
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == name:
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)


@shared_input
def _late_file(raw, _tmp, monkeypatch):
    shutil.copyfile(RAW / f"{SAMPLE_IDS[2]}.txt", raw / "late.txt")
    add_to_manifest(raw, "late")
    failing_read(monkeypatch, "late.txt")


def test_file_that_disappears_mid_run_is_quarantined(shared):
    _raw, warehouse = shared
    assert quarantined(warehouse, "late.txt") == [("vanished", "rejected")]
    assert "late" not in article_ids(warehouse)
    assert_good_ones_went_through(warehouse)


def test_known_article_that_disappears_mid_run_keeps_its_rows(site, build_cache, monkeypatch):
    raw, warehouse = site
    build_cache.build(warehouse)
    before = snapshot(warehouse)
    (raw / f"{GOOD[0]}.txt").write_text(sample_text(0) + "\nThêm 5 xã.\n", encoding="utf-8")
    failing_read(monkeypatch, f"{GOOD[0]}.txt")
    build(warehouse)
    assert quarantined(warehouse, f"{GOOD[0]}.txt") == [("vanished", "rejected")]
    after = snapshot(warehouse)
    for table in ("articles", "dropped_text", "mentions", "observations", "internal.extraction_state"):
        assert after[table] == before[table]


@pytest.mark.parametrize(("garbage", "reason"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
    (b"", "empty"),
    ("Bài viết đã bị gỡ bỏ.".encode(), "no_numbers"),
])
def test_good_article_overwritten_with_garbage_keeps_its_rows(site, build_cache, garbage, reason):
    raw, warehouse = site
    build_cache.build(warehouse)
    before = snapshot(warehouse)
    (raw / f"{GOOD[1]}.txt").write_bytes(garbage)
    build(warehouse)
    assert quarantined(warehouse, f"{GOOD[1]}.txt") == [(reason, "rejected")]
    after = snapshot(warehouse)
    for table in ("articles", "dropped_text", "mentions", "observations", "internal.extraction_state", "periods"):
        assert after[table] == before[table], f"{table} lost rows to a garbage overwrite"


def test_unreadable_manifest_keeps_every_known_article(site, build_cache):
    raw, warehouse = site
    build_cache.build(warehouse)
    before = snapshot(warehouse)
    manifest = raw / "manifest.csv"
    broken = manifest.read_text(encoding="utf-8").replace(",2023,", ",2023-13,", 1)
    manifest.write_text(broken, encoding="utf-8")
    shutil.copyfile(RAW / f"{SAMPLE_IDS[4]}.txt", raw / f"{SAMPLE_IDS[4]}.txt")
    build(warehouse)
    reasons = query(warehouse, "select reason, detail from quarantine where reason like 'bad_manifest%'")
    assert len(reasons) == 1 and reasons[0][0] == "bad_manifest_row" and "manifest.csv:" in reasons[0][1]
    after = snapshot(warehouse)
    assert [r for r in after["articles"] if r[0] in GOOD] == before["articles"]
    assert SAMPLE_IDS[4] in article_ids(warehouse)


def test_a_manifest_without_a_header_keeps_every_known_article_and_says_so(site, build_cache):
    raw, warehouse = site
    build_cache.build(warehouse)
    before = snapshot(warehouse)
    manifest = raw / "manifest.csv"
    manifest.write_text("".join(manifest.read_text(encoding="utf-8").splitlines(keepends=True)[1:]),
                        encoding="utf-8")
    build(warehouse)
    (reason, detail), = query(warehouse, "select reason, detail from quarantine")
    assert reason == "bad_manifest" and "manifest.csv:1: the first line must be the header" in detail
    assert snapshot(warehouse)["articles"] == before["articles"]


@pytest.mark.parametrize(("row", "message"), [
    ("{id},2024-13-45,,,,", "published_date '2024-13-45' is not YYYY-MM-DD"),
    ("{id},,Q5/2024,,,", "Q5/2024"),
])
def test_one_bad_manifest_row_is_quarantined_alone_and_the_others_apply(site, row, message):
    raw, warehouse = site
    for n in (2, 3):
        shutil.copyfile(RAW / f"{SAMPLE_IDS[n]}.txt", raw / f"{SAMPLE_IDS[n]}.txt")
        add_to_manifest(raw, SAMPLE_IDS[n], "2021")
    with open(raw / "manifest.csv", "a", encoding="utf-8") as f:
        f.write(row.format(id=SAMPLE_IDS[3]) + "\n")
    build(warehouse)
    (source, detail), = query(warehouse, "select source_path, detail from quarantine")
    line = len((raw / "manifest.csv").read_text(encoding="utf-8").splitlines())
    assert source == f"manifest.csv:{line}"
    assert detail.startswith(f"manifest.csv:{line}: ") and message in detail
    assert query(warehouse, "select period_id from articles where article_id = ?", [SAMPLE_IDS[2]]) == [("2021",)]
    assert query(warehouse, "select period_id from articles where article_id = ?", [SAMPLE_IDS[3]]) == [("2021",)]
    assert_good_ones_went_through(warehouse)


@shared_input
def _duplicated_manifest_row(raw, _tmp, _monkeypatch):
    add_to_manifest(raw, GOOD[0], "2019")


def test_a_duplicated_manifest_row_is_quarantined_and_the_first_applies(shared):
    _raw, warehouse = shared
    (detail,), = query(warehouse, "select detail from quarantine where reason = 'bad_manifest_row'")
    assert f"article {GOOD[0]} is listed twice (first on line 2)" in detail
    assert query(warehouse, "select period_id from articles where article_id = ?", [GOOD[0]]) != [("2019",)]
    assert_good_ones_went_through(warehouse)


@shared_input
def _links(raw, tmp, _monkeypatch):
    secret = tmp / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nTổng số 12 tài khoản năm 2024.\n", encoding="utf-8")
    (raw / "passwd.txt").symlink_to(secret)
    (raw / "sub").mkdir()
    (raw / "sub" / "inside.txt").symlink_to(raw / f"{GOOD[0]}.txt")
    add_to_manifest(raw, "passwd")


def test_a_link_out_of_the_raw_folder_is_refused(shared):
    _raw, warehouse = shared
    assert quarantined(warehouse, "passwd.txt") == [("outside_raw_dir", "rejected")]
    assert "passwd" not in article_ids(warehouse)
    assert query(warehouse, "select count(*) from articles where text like '%root:x:0:0%'") == [(0,)]
    assert quarantined(warehouse, "sub/inside.txt") == [("duplicate", "rejected")]
    assert_good_ones_went_through(warehouse)


@shared_input
def _unsupported_files(raw, _tmp, _monkeypatch):
    (raw / "report.docx").write_bytes(b"PK\x03\x04 docx")
    (raw / "report.pdf").write_bytes(b"%PDF-1.7 pdf")
    (raw / f"{GOOD[0]}.pdf").write_bytes(b"%PDF-1.7 pdf")


def test_an_unsupported_file_beside_another_is_unsupported_not_a_duplicate_id(shared):
    _raw, warehouse = shared
    for name in ("report.docx", "report.pdf", f"{GOOD[0]}.pdf"):
        assert quarantined(warehouse, name) == [("unsupported_type", "rejected")]
    assert_good_ones_went_through(warehouse)


def test_decoder_problems_name_the_file(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n")
    (folder / "blank.txt").write_bytes(b"  \n")
    details = {p.source_path: p.detail for p in scan(folder, {}).problems}
    assert details["scan.txt"].startswith("scan.txt: ") and "PDF" in details["scan.txt"]
    assert details["blank.txt"].startswith("blank.txt: ")


def test_a_link_out_of_the_raw_folder_is_refused_on_every_run(site, tmp_path):
    """The stat cache never lets a link through: one that always pointed out, and an ingested article's file
    replaced by a link to a copy of the same bytes outside the folder, are refused run after run."""
    raw, warehouse = site
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nTổng số 12 tài khoản năm 2024.\n", encoding="utf-8")
    (raw / "passwd.txt").symlink_to(secret)
    shutil.copyfile(RAW / f"{SAMPLE_IDS[2]}.txt", raw / "moved.txt")
    build(warehouse)
    assert quarantined(warehouse, "passwd.txt") == [("outside_raw_dir", "rejected")]
    assert "moved" in article_ids(warehouse)
    outside = tmp_path / "outside.txt"
    shutil.copyfile(raw / "moved.txt", outside)
    (raw / "moved.txt").unlink()
    (raw / "moved.txt").symlink_to(outside)
    for _ in range(2):
        build(warehouse)
        assert quarantined(warehouse, "passwd.txt") == [("outside_raw_dir", "rejected")]
        assert quarantined(warehouse, "moved.txt") == [("outside_raw_dir", "rejected")]
        assert "moved" not in article_ids(warehouse) and "passwd" not in article_ids(warehouse)
        assert query(warehouse, "select source_path from cache.raw_files order by 1") == \
            [(f"{i}.txt",) for i in GOOD]
    assert_good_ones_went_through(warehouse)

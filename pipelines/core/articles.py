"""Reading the raw folder into article records, and everything that cannot be read into quarantine records.

One file is one article; its id is the file name without extension. ``.txt`` files are plain text (an HTML
page saved as ``.txt`` is recognised and read as HTML), ``.html``/``.htm`` files are saved web pages. The
text stored for an article is decoded, NFC-normalised and stripped of page furniture; mention and
observation offsets point into it. Problems never stop the scan: each becomes a :class:`Problem` naming
the file and the reason, and the other files go through.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from pipelines.core import periods
from pipelines.core.batch import ordered_map
from pipelines.core.decoding import BadInput, decode_article_bytes
from pipelines.core.furniture import DroppedLine, strip_furniture
from pipelines.core.html_pages import extract_html, looks_like_html
from pipelines.core.manifest import ManifestEntry
from pipelines.core.page_dates import date_from_url, find_published_date, find_published_month, find_title
from pipelines.core.reporting_period import infer_reporting_period
from pipelines.errors import UserError

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
IGNORED_NAMES = {"manifest.csv", "readme.md", "readme.txt"}
# Files with these reasons do not claim their article id: ``x.pdf`` beside ``x.txt`` is not a duplicate id,
# and a link out of the raw folder is not an article of it.
UNCLAIMED = {"unsupported_type", "outside_raw_dir"}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Article:
    """One ingested article, as the ``articles`` table holds it."""

    article_id: str
    title: str
    published_date: date | None
    period_id: str | None
    period_source: str
    source_path: str
    source_url: str | None
    publisher: str | None
    notes: str | None
    content_type: str
    encoding: str
    sha256: str
    fingerprint: str
    text: str
    dropped: tuple[DroppedLine, ...] = field(default=(), compare=False)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("dropped")
        row["n_chars"] = len(self.text)
        return row

    def dropped_rows(self) -> list[dict]:
        return [{"article_id": self.article_id, "line_no": d.line_no, "text": d.text, "rule": d.rule}
                for d in self.dropped]


@dataclass(frozen=True)
class Problem:
    """A file that was not ingested (outcome ``rejected``), ingested after a repair (``accepted``) or ingested
    with a warning (``ingested``: no reporting period)."""

    source_path: str
    reason: str
    detail: str
    sha256: str | None = None
    outcome: str = "rejected"

    def as_row(self) -> dict:
        return asdict(self)


class RemovalRefused(UserError):
    """The run would remove articles because of the raw folder's state, not because the user removed them."""


def refuse_unreadable_folder(raw_dir: Path, known: int) -> None:
    """Raise :class:`RemovalRefused` when ``raw_dir`` is missing or unreadable and the warehouse holds articles."""
    if not known:
        return
    try:
        os.listdir(raw_dir)
    except FileNotFoundError:
        problem = "does not exist"
    except NotADirectoryError:
        problem = "is not a folder"
    except OSError as e:
        problem = f"cannot be read ({e.strerror or e})"
    else:
        return
    raise RemovalRefused(f"the raw folder {raw_dir} {problem} and the warehouse holds {known} articles; nothing "
                         f"was published: mount it or set DX_RAW_DIR to the right folder")


def refuse_removals(raw_dir: Path, known: int, removed: int, any_present: bool, max_share: float,
                    allowed: bool) -> None:
    """Raise :class:`RemovalRefused` when the folder is empty or too many articles would go, unless ``allowed``."""
    if allowed or not known or not removed:
        return
    if not any_present:
        raise RemovalRefused(f"the raw folder {raw_dir} holds no article file and the warehouse holds {known} "
                             f"articles; nothing was published: check the folder, or run with "
                             f"--allow-removals to remove them all")
    if removed > max_share * known:
        raise RemovalRefused(f"{removed} of the {known} articles in the warehouse have no file in the raw folder "
                             f"{raw_dir} (more than DX_MAX_REMOVED_SHARE={max_share:g}); nothing was published: "
                             f"check the folder, or run with --allow-removals to remove them")


def list_raw_files(raw_dir: Path) -> list[Path]:
    """Every candidate article file under ``raw_dir`` and its sub-folders, in name order.

    Hidden files and folders, the manifest and read-me files are skipped; linked folders are not entered.
    """
    return [path for path, _rel, _link in _list_files(raw_dir)]


def _list_files(raw_dir: Path) -> list[tuple[Path, str, bool]]:
    """(path, path relative to ``raw_dir`` as posix, whether it is a link) of each :func:`list_raw_files` file.

    One ``scandir`` per folder: the file type comes with the folder listing, so a plain file costs no system
    call here. As ``Path.rglob`` does, a linked folder is not entered and a folder that cannot be read is
    skipped, so every file listed lies in the raw folder unless it is itself a link.
    """
    if not raw_dir.exists():
        return []
    found: list[tuple[Path, str, bool]] = []
    folders = [(raw_dir, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        except NotADirectoryError:
            if folder == raw_dir:
                return []
            raise
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if _is(entry.is_dir) and not entry.is_symlink():
                folders.append((folder / entry.name, rel + "/"))
            elif entry.name.lower() not in IGNORED_NAMES and _is(entry.is_file):
                found.append((folder / entry.name, rel, entry.is_symlink()))
    found.sort(key=lambda f: f[1].split("/"))  # the order of sorted paths, at a fifth of the cost
    return found


def _is(test) -> bool:
    """``DirEntry.is_file``/``is_dir``, False where pathlib's would be (a broken link, a link loop)."""
    try:
        return test()
    except OSError:
        return False


def fingerprint(sha256: str, entry: ManifestEntry | None) -> str:
    """What an article row depends on: the raw bytes and its manifest entry."""
    meta = json.dumps(vars(entry), default=str, sort_keys=True) if entry else ""
    return hashlib.sha256(f"{sha256}\n{meta}".encode()).hexdigest()


def read_article(path: Path, raw_dir: Path, data: bytes,
                 entry: ManifestEntry | None) -> tuple[Article, list[Problem]]:
    """Turn one file's bytes into an Article; raises BadInput when it cannot be one."""
    rel = path.relative_to(raw_dir).as_posix()
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise BadInput("unsupported_type", _unsupported(rel))
    try:
        decoded = decode_article_bytes(data)
    except BadInput as e:
        raise BadInput(e.reason, f"{rel}: {e}") from None
    notes: list[Problem] = []
    title = published = None
    if suffix in HTML_SUFFIXES or looks_like_html(decoded.text):
        if suffix in TEXT_SUFFIXES:
            notes.append(Problem(rel, "html_as_text",
                                 "an HTML page saved as .txt; its article body was extracted",
                                 sha, "accepted"))
        page = extract_html(decoded.text)
        title, published, body, content_type = page.title, page.published_date, page.text, "html"
    else:
        body, content_type = decoded.text, "text"
    stripped = strip_furniture(body)
    text = stripped.text
    if not text.strip():
        raise BadInput("empty", f"{rel}: nothing of the article is left once page furniture is removed")
    if not _DIGIT.search(text):
        raise BadInput("no_numbers", f"{rel}: the article states no number, so it holds no indicator")
    published = (entry.published_date if entry and entry.published_date else None) or published \
        or find_published_date(body) or date_from_url(entry.source_url if entry else None)
    period_id, period_source = _reporting_period(body, text, published, entry)
    if period_id is None:
        notes.append(Problem(rel, "no_period", "no manifest period, no publication date and no period stated "
                                               "in the text: ingested without a reporting period (the periods "
                                               "its sentences state still apply); add it to the manifest",
                             sha, "ingested"))
    article = Article(
        article_id=path.stem, title=title or find_title(text), published_date=published, period_id=period_id,
        period_source=period_source, source_path=rel, source_url=entry.source_url if entry else None,
        publisher=entry.publisher if entry else None, notes=entry.notes if entry else None,
        content_type=content_type, encoding=decoded.encoding, sha256=sha, fingerprint=fingerprint(sha, entry),
        text=text, dropped=tuple(stripped.dropped))
    return article, notes


def _reporting_period(page: str, text: str, published: date | None,
                      entry: ManifestEntry | None) -> tuple[str | None, str]:
    if entry and entry.period_id:
        return entry.period_id, "manifest"
    if entry and entry.published_date and entry.published_precision == "year":
        period_id, how = infer_reporting_period(text, None)
        return (period_id, how) if period_id else (periods.year(published.year).period_id, "published-year")
    period_id, how = infer_reporting_period(text, published)
    if period_id:
        return period_id, how
    month = find_published_month(page)
    if month:
        return periods.month(*month).period_id, "published-month"
    return None, "none"


# What the stat cache compares: size, modification and change times (ns), inode and device.
FileStat = tuple[int, int, int, int, int]
# A stat cache entry: the file's stat when it was last read and the sha256 of its bytes then.
CachedFile = tuple[int, int, int, int, int, str]
SCAN_BATCH = 500


def file_stat(st: os.stat_result) -> FileStat:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


@dataclass
class Scan:
    """The result of reading the raw folder.

    ``verified`` maps the ``source_path`` of every file whose bytes are those of the article the warehouse
    holds (unchanged: known by its stat, or read and hashed again) to its stat cache entry;
    ``file_stats`` holds the stat of every file sent to be decoded, taken before it was read (so a file
    written after that has another stat the next run). :func:`stat_cache` makes the cache from both.
    """

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    verified: dict[str, CachedFile] = field(default_factory=dict)
    file_stats: dict[str, FileStat] = field(default_factory=dict)


def scan(raw_dir: Path, manifest: dict[str, ManifestEntry], known: dict[str, str] | None = None,
         max_bytes: int = 5 * 1024 * 1024, cache: dict[str, CachedFile] | None = None) -> Scan:
    """Read every article file of ``raw_dir``, every article in ``Scan.articles`` (see :func:`scan_batches`)."""
    result, batches = scan_batches(raw_dir, manifest, known, max_bytes, cache)
    for batch in batches:
        result.articles.extend(batch)
    return result


def scan_batches(raw_dir: Path, manifest: dict[str, ManifestEntry], known: dict[str, str] | None = None,
                 max_bytes: int = 5 * 1024 * 1024, cache: dict[str, CachedFile] | None = None,
                 batch_size: int = SCAN_BATCH) -> tuple[Scan, Iterator[list[Article]]]:
    """Check every article file of ``raw_dir`` now; the articles to decode, in batches, as they are iterated.

    ``known`` maps article ids already in the warehouse to their fingerprint; a file whose fingerprint is
    unchanged is not decoded again and lands in ``Scan.unchanged``. ``Scan.present`` holds the id of every
    article file seen (good or bad), so that the caller removes only articles whose file is gone; both are
    complete when this returns. The articles of new and changed files come from the iterator, at most
    ``batch_size`` at a time, so their texts are never all held at once; the problems found decoding them
    are added to ``Scan.problems`` as it goes. Of new files with the same text, the first in name order is
    kept (see also :func:`reject_known_duplicates`).

    ``cache`` is the stat cache (:func:`stat_cache` of the last run): a file whose size, modification and
    change times, inode and device are those recorded, and whose manifest entry gives the recorded bytes
    the known fingerprint, is taken as unchanged without being read. As with make or rsync, a file
    rewritten with other bytes but the very same stat would be missed; pass no cache (``DX_REREAD_RAW=1``)
    to read and hash every file again. A changed stat only costs a read and a hash.

    Links: the listing never enters a linked folder, so only a file that is itself a link can point out of
    the raw folder; those alone are resolved, and one whose target is outside is quarantined
    (``outside_raw_dir``) on every run, cache or not.
    """
    known = known or {}
    cache = cache or {}
    result = Scan()
    raw_real = raw_dir.resolve()
    to_decode: list[tuple[Path, str]] = []
    for path, rel, is_link in _list_files(raw_dir):
        article_id = path.stem
        outcome = _check(path, rel, is_link, raw_real, manifest.get(article_id), known.get(article_id),
                         cache.get(rel), max_bytes, result)
        if isinstance(outcome, Problem) and outcome.reason in UNCLAIMED:
            result.problems.append(outcome)
            continue
        if article_id in result.present:
            result.problems.append(Problem(rel, "duplicate_id", f"{rel}: another file already has the id "
                                                                f"{article_id}; rename one of them"))
            result.verified.pop(rel, None)
            result.file_stats.pop(rel, None)
            continue
        result.present.add(article_id)
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
        elif outcome is None:
            result.unchanged.append(article_id)
        else:
            to_decode.append((path, rel))
    return result, _decoded_batches(result, raw_dir, manifest, to_decode, batch_size)


def _decoded_batches(result: Scan, raw_dir: Path, manifest: dict[str, ManifestEntry],
                     to_decode: list[tuple[Path, str]], batch_size: int) -> Iterator[list[Article]]:
    """The files to decode, decoded on every core when there are many (each worker reads its file), in
    batches of articles; their problems, and those of the same text as an earlier file, go to ``result``."""
    by_text: dict[str, str] = {}
    batch: list[Article] = []
    decoded = ordered_map(_decode, ((path, raw_dir, manifest.get(path.stem)) for path, _rel in to_decode))
    for (_path, rel), outcome in zip(to_decode, decoded, strict=True):
        if isinstance(outcome, Problem):
            result.file_stats.pop(rel, None)
            result.problems.append(outcome)
            continue
        article, notes = outcome
        first = by_text.setdefault(text_sha256(article.text), article.source_path)
        if first != article.source_path:
            result.file_stats.pop(rel, None)
            result.problems.append(_duplicate(article, first))
            continue
        result.problems.extend(notes)
        batch.append(article)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def stat_cache(result: Scan, stored: dict[str, str]) -> dict[str, CachedFile]:
    """The stat cache after a run: the files found unchanged and those of the articles ``stored``
    (``source_path`` -> ``sha256`` of the articles read this run and written to the warehouse); a file
    whose article was not stored (held, a duplicate, bad input) has no entry, so it is read again next run."""
    cache = dict(result.verified)
    for source_path, sha in stored.items():
        seen = result.file_stats.get(source_path)
        if seen is not None:
            cache[source_path] = (*seen, sha)
    return cache


def text_sha256(text: str) -> str:
    """The hash duplicates are found by (DuckDB's ``sha256(text)`` gives the same)."""
    return hashlib.sha256(text.encode()).hexdigest()


def reject_known_duplicates(result: Scan, known_texts: dict[str, str]) -> None:
    """Move to the problems each article just read whose text is that of an unchanged article.

    ``known_texts`` maps article ids already in the warehouse to the sha256 of their text (those of the
    same length as an article just read are enough); the article in the warehouse is kept.
    """
    result.articles = known_duplicates_dropped(result, result.articles, known_texts, set(result.unchanged))


def known_duplicates_dropped(result: Scan, articles: list[Article], known_texts: dict[str, str],
                             unchanged: set[str]) -> list[Article]:
    """``articles`` (one batch) without those whose text is that of an article of ``unchanged`` (ids whose
    file is unchanged, so their text in the warehouse stays); each of those is moved to ``result.problems``
    (see :func:`reject_known_duplicates`)."""
    kept = {sha: article_id for article_id, sha in known_texts.items() if article_id in unchanged}
    left = []
    for article in articles:
        first = kept.get(text_sha256(article.text))
        if first is None:
            left.append(article)
        else:
            result.problems.append(_duplicate(article, f"article {first}, already in the warehouse"))
            result.problems = [p for p in result.problems
                               if not (p.source_path == article.source_path and p.outcome != "rejected")]
    return left


def _duplicate(article: Article, first: str) -> Problem:
    return Problem(article.source_path, "duplicate",
                   f"{article.source_path}: the same text as {first}, which is kept", article.sha256)


_DECODE = object()


def _check(path: Path, rel: str, is_link: bool, raw_real: Path, entry: ManifestEntry | None,
           known_fingerprint: str | None, cached: CachedFile | None, max_bytes: int,
           result: Scan) -> Problem | None | object:
    """A Problem, None when the fingerprint is ``known``, or ``_DECODE`` for a file to read as an article.

    The file is read (and hashed) only when its article is known and its stat or its manifest entry is not
    the ``cached`` one; a new file is read once, when it is decoded. The stat of an unchanged file goes to
    ``result.verified``, that of a file to decode to ``result.file_stats``.
    """
    if path.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return Problem(rel, "unsupported_type", _unsupported(rel))
    try:
        st = os.lstat(path)
        if is_link or stat.S_ISLNK(st.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(raw_real):
                return Problem(rel, "outside_raw_dir", f"{rel}: a link to {target}, which is outside the raw "
                                                       f"folder; copy the file into the folder instead")
            st = path.stat()
        if st.st_size > max_bytes:
            return Problem(rel, "too_large", f"{rel}: {st.st_size:,} bytes is over the limit of "
                                             f"{max_bytes:,} (DX_MAX_ARTICLE_BYTES)")
        now = file_stat(st)
        if known_fingerprint is None:
            result.file_stats[rel] = now
            return _DECODE
        if cached is not None and cached[:5] == now:
            if fingerprint(cached[5], entry) == known_fingerprint:
                result.verified[rel] = cached
                return None
            result.file_stats[rel] = now  # the same bytes under another manifest entry
            return _DECODE
        data = path.read_bytes()
    except OSError as e:
        return _unreadable(rel, e)
    sha = hashlib.sha256(data).hexdigest()
    if known_fingerprint == fingerprint(sha, entry):
        result.verified[rel] = (*now, sha)
        return None
    result.file_stats[rel] = now
    return _DECODE


def _decode(job: tuple[Path, Path, ManifestEntry | None]) -> Problem | tuple[Article, list[Problem]]:
    path, raw_dir, entry = job
    rel = path.relative_to(raw_dir).as_posix()
    try:
        data = path.read_bytes()
    except OSError as e:
        return _unreadable(rel, e)
    try:
        return read_article(path, raw_dir, data, entry)
    except BadInput as e:
        return Problem(rel, e.reason, str(e), hashlib.sha256(data).hexdigest())


def _unsupported(rel: str) -> str:
    return f"{rel}: only .txt, .html and .htm files are articles"


def _unreadable(rel: str, error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError):
        return Problem(rel, "vanished", f"{rel}: the file disappeared while the folder was being read")
    return Problem(rel, "unreadable", f"{rel}: {error.strerror or error}")

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

    Hidden files and folders, the manifest and read-me files are skipped.
    """
    if not raw_dir.exists():
        return []
    return sorted(p for p in raw_dir.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
                  and p.name.lower() not in IGNORED_NAMES)


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


@dataclass
class Scan:
    """The result of reading the raw folder."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)


def scan(raw_dir: Path, manifest: dict[str, ManifestEntry], known: dict[str, str] | None = None,
         max_bytes: int = 5 * 1024 * 1024) -> Scan:
    """Read every article file of ``raw_dir``.

    ``known`` maps article ids already in the warehouse to their fingerprint; a file whose fingerprint is
    unchanged is not decoded again and lands in ``Scan.unchanged``. ``Scan.present`` holds the id of every
    article file seen (good or bad), so that the caller removes only articles whose file is gone. Of new
    files with the same text, the first in name order is kept (see also :func:`reject_known_duplicates`).
    """
    known = known or {}
    result = Scan()
    by_text: dict[str, str] = {}
    for path, outcome in _read_all(raw_dir, manifest, known, max_bytes):
        article_id = path.stem
        if isinstance(outcome, Problem) and outcome.reason in UNCLAIMED:
            result.problems.append(outcome)
            continue
        if article_id in result.present:
            rel = path.relative_to(raw_dir).as_posix()
            result.problems.append(Problem(rel, "duplicate_id", f"{rel}: another file already has the id "
                                                                f"{article_id}; rename one of them"))
            continue
        result.present.add(article_id)
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
        elif outcome is None:
            result.unchanged.append(article_id)
        else:
            article, notes = outcome
            first = by_text.setdefault(text_sha256(article.text), article.source_path)
            if first != article.source_path:
                result.problems.append(_duplicate(article, first))
                continue
            result.problems.extend(notes)
            result.articles.append(article)
    return result


def text_sha256(text: str) -> str:
    """The hash duplicates are found by (DuckDB's ``sha256(text)`` gives the same)."""
    return hashlib.sha256(text.encode()).hexdigest()


def reject_known_duplicates(result: Scan, known_texts: dict[str, str]) -> None:
    """Move to the problems each article just read whose text is that of an unchanged article.

    ``known_texts`` maps article ids already in the warehouse to the sha256 of their text (those of the
    same length as an article just read are enough); the article in the warehouse is kept.
    """
    unchanged = set(result.unchanged)
    kept = {sha: article_id for article_id, sha in known_texts.items() if article_id in unchanged}
    articles = []
    for article in result.articles:
        first = kept.get(text_sha256(article.text))
        if first is None:
            articles.append(article)
        else:
            result.problems.append(_duplicate(article, f"article {first}, already in the warehouse"))
            result.problems = [p for p in result.problems
                               if not (p.source_path == article.source_path and p.outcome != "rejected")]
    result.articles = articles


def _duplicate(article: Article, first: str) -> Problem:
    return Problem(article.source_path, "duplicate",
                   f"{article.source_path}: the same text as {first}, which is kept", article.sha256)


def _read_all(raw_dir: Path, manifest: dict[str, ManifestEntry], known: dict[str, str],
              max_bytes: int) -> Iterator[tuple[Path, Problem | tuple[Article, list[Problem]] | None]]:
    """Each file with its outcome, in name order.

    Every file is read and hashed here; the files that need decoding are then decoded on every core when
    there are many (each worker reads its file again, so no batch of raw bytes is held in memory).
    """
    paths = list_raw_files(raw_dir)
    first = [_check(path, raw_dir, manifest.get(path.stem), known.get(path.stem), max_bytes)
             for path in paths]
    jobs = [(path, raw_dir, manifest.get(path.stem)) for path, outcome in zip(paths, first, strict=True)
            if outcome is _DECODE]
    decoded = ordered_map(_decode, jobs)
    for path, outcome in zip(paths, first, strict=True):
        yield path, next(decoded) if outcome is _DECODE else outcome


_DECODE = object()


def _check(path: Path, raw_dir: Path, entry: ManifestEntry | None, known_fingerprint: str | None,
           max_bytes: int) -> Problem | None | object:
    """A Problem, None when the fingerprint is ``known``, or ``_DECODE`` for a file to read as an article."""
    rel = path.relative_to(raw_dir).as_posix()
    if path.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return Problem(rel, "unsupported_type", _unsupported(rel))
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(raw_dir.resolve()):
            return Problem(rel, "outside_raw_dir", f"{rel}: a link to {target}, which is outside the raw folder; "
                                                   f"copy the file into the folder instead")
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(rel, "too_large", f"{rel}: {size:,} bytes is over the limit of "
                                             f"{max_bytes:,} (DX_MAX_ARTICLE_BYTES)")
        data = path.read_bytes()
    except OSError as e:
        return _unreadable(rel, e)
    if known_fingerprint == fingerprint(hashlib.sha256(data).hexdigest(), entry):
        return None
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

"""The source manifest: one CSV row per article, kept by hand by the analyst.

``data/raw/manifest.csv`` columns: ``article_id`` (the file name without extension), ``published_date``
(YYYY-MM-DD, or YYYY-MM and YYYY when only that is known), ``period_id`` (or ``period_label``:
``Q1/2024``), ``source_url``, ``publisher``, ``notes``.
Every column but ``article_id`` may be empty; an article with no row still ingests.

:func:`load_manifest` reads the rows it can and lists the others as problems, each with its line number;
a file that is not a UTF-8 CSV with a known header cannot be read at all (:class:`ManifestError`).
:func:`read_manifest` is the strict form: any problem is an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.core import periods

COLUMNS = ("article_id", "published_date", "period_id", "source_url", "publisher", "notes")
KNOWN_COLUMNS = frozenset(COLUMNS) | {"period_label"}


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file (and the line)."""


@dataclass(frozen=True)
class ManifestEntry:
    article_id: str
    published_date: date | None = None
    period_id: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    notes: str | None = None
    published_precision: str = "day"   # day | month | year: how much of published_date the manifest gave


def parse_published(value: str | None) -> tuple[date | None, str]:
    """``2024-07-02`` → (that day, ``day``); ``2024-07`` → (its first day, ``month``); ``2024`` → (1 January,
    ``year``). Raises ValueError for anything else."""
    if not value:
        return None, "day"
    parts = value.split("-")
    if len(parts) == 2 and len(parts[0]) == 4:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    if len(parts) == 1 and len(value) == 4 and value.isdigit():
        return date(int(value), 1, 1), "year"
    return date.fromisoformat(value), "day"


@dataclass(frozen=True)
class RowProblem:
    """A manifest row that was not applied; ``article_id`` is the article it would have described."""

    line: int
    article_id: str | None
    message: str


@dataclass
class Manifest:
    """The usable entries by article id, and the rows that were left out."""

    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def held_ids(self) -> set[str]:
        """Articles whose own row is bad (a repeated row does not count: the first one applies)."""
        return {p.article_id for p in self.problems if p.article_id and p.article_id not in self.entries}


def load_manifest(path: Path) -> Manifest:
    """The rows of ``path`` that can be applied, and the others as problems; an absent file is empty."""
    if not path.exists():
        return Manifest()
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return _read(path.name, csv.reader(f))
    except UnicodeDecodeError as e:
        raise ManifestError(f"{path.name}: not UTF-8 text (byte {e.start}); save it as UTF-8 CSV") from None
    except csv.Error as e:
        raise ManifestError(f"{path.name}: not a readable CSV file ({e}); fix or remove it") from None
    except OSError as e:
        raise ManifestError(f"{path.name}: cannot be read ({e.strerror or e})") from None


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Entries by article id; raises :class:`ManifestError` naming the line of the first bad row."""
    manifest = load_manifest(path)
    if manifest.problems:
        raise ManifestError(manifest.problems[0].message)
    return manifest.entries


def _read(name: str, reader) -> Manifest:
    header = next(reader, None)
    if header is None:
        return Manifest()
    header = [h.strip() for h in header]
    if "article_id" not in header:
        raise ManifestError(f"{name}:1: the first line must be the header ({','.join(COLUMNS)}); it reads "
                            f"{','.join(header)[:80]!r}")
    unknown = sorted({h for h in header if h} - KNOWN_COLUMNS)
    if unknown:
        raise ManifestError(f"{name}:1: unknown column(s) {', '.join(unknown)} in the header; the columns are "
                            f"{','.join(COLUMNS)} (or period_label for period_id)")
    manifest = Manifest()
    first_line: dict[str, int] = {}
    line = 1
    for cells in reader:
        start, line = line + 1, reader.line_num
        row = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
        article_id = row.get("article_id")
        if not article_id:
            continue
        where = f"{name}:{start}"
        try:
            entry = _entry(article_id, row)
        except ManifestError as e:
            manifest.problems.append(RowProblem(start, article_id, f"{where}: {e}; the row is ignored"))
            continue
        if article_id in first_line:
            manifest.problems.append(RowProblem(start, article_id, (
                f"{where}: article {article_id} is listed twice (first on line {first_line[article_id]}); "
                f"this row is ignored")))
            continue
        first_line[article_id] = start
        manifest.entries[article_id] = entry
    return manifest


def _entry(article_id: str, row: dict[str, str]) -> ManifestEntry:
    def cell(column: str) -> str | None:
        return row.get(column) or None

    published = cell("published_date")
    try:
        published_date, precision = parse_published(published)
    except ValueError:
        raise ManifestError(f"published_date {published!r} is not YYYY-MM-DD, YYYY-MM or YYYY") from None
    period_text = cell("period_id") or cell("period_label")
    try:
        period_id = periods.parse(period_text).period_id if period_text else None
    except periods.PeriodError as e:
        raise ManifestError(str(e)) from None
    return ManifestEntry(article_id, published_date, period_id, cell("source_url"), cell("publisher"),
                         cell("notes"), precision)

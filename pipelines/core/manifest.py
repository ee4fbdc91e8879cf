"""The source manifest: one CSV row per article, kept by hand by the analyst.

``data/raw/manifest.csv`` columns: ``article_id`` (the file name without extension), ``published_date``
(YYYY-MM-DD, or YYYY-MM and YYYY when only that is known), ``period_id`` (or ``period_label``:
``Q1/2024``), ``source_url``, ``publisher``, ``notes``.
Every column but ``article_id`` may be empty; an article with no row still ingests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.core import periods

COLUMNS = ("article_id", "published_date", "period_id", "source_url", "publisher", "notes")


class ManifestError(ValueError):
    """A manifest row that cannot be used; the message names the file and line."""


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


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Entries by article id; an absent file is an empty manifest."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    entries: dict[str, ManifestEntry] = {}
    for n, row in enumerate(rows, start=2):
        def cell(name: str, row=row) -> str | None:
            value = (row.get(name) or "").strip()
            return value or None

        article_id = cell("article_id")
        if not article_id:
            continue
        where = f"{path.name}:{n}"
        published = cell("published_date")
        try:
            published_date, precision = parse_published(published)
        except ValueError as e:
            raise ManifestError(f"{where}: published_date {published!r} is not YYYY-MM-DD, YYYY-MM or YYYY") from e
        period_text = cell("period_id") or cell("period_label")
        try:
            period_id = periods.parse(period_text).period_id if period_text else None
        except periods.PeriodError as e:
            raise ManifestError(f"{where}: {e}") from e
        if article_id in entries:
            raise ManifestError(f"{where}: article {article_id} is listed twice")
        entries[article_id] = ManifestEntry(article_id, published_date, period_id, cell("source_url"),
                                            cell("publisher"), cell("notes"), precision)
    return entries

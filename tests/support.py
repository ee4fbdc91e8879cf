"""Test helpers: paths of the fixtures, and a warehouse built straight from the expected sample answers.

``answer_warehouse`` needs no extraction: it loads ``fixtures/spec/seed_observations.csv`` as the
``observations`` table (spans found by searching the quoted text; decimals, scale and the interval read from
the quoted number by ``tests.stated_ranges``; the as-of dates of the stocks from ``fixtures/seed_as_of.csv``),
so tests of the derived layer and the analyst outputs do not depend on the extractor. Each process builds
it once (per catalogue folder) and copies that file for the later calls (:func:`built_once`).
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from pipelines.core import periods
from pipelines.core.catalogue import read_metrics
from pipelines.core.manifest import read_manifest
from pipelines.warehouse.store import ensure_schema, insert_rows
from tests.stated_ranges import range_columns

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEC = FIXTURES / "spec"
RAW = ROOT / "data" / "raw"


def spec_rows(name: str) -> list[dict]:
    with open(SPEC / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


_BUILT: dict[tuple[str, str], Path] = {}
_BUILT_DIR: list[tempfile.TemporaryDirectory] = []


def built_once(name: str, build: Callable[[Path], Path], path: Path) -> Path:
    """Leave at ``path`` what ``build(path)`` leaves there: built on the first call of this process (for the
    catalogue folder in use), copied from that warehouse file on later calls."""
    key = (name, os.environ.get("DX_CATALOGUE_DIR", ""))
    cached = _BUILT.get(key)
    if cached is None:
        build(path)
        if not _BUILT_DIR:
            _BUILT_DIR.append(tempfile.TemporaryDirectory(prefix="dx-test-warehouses-"))
        cached = Path(_BUILT_DIR[0].name) / f"{name}-{len(_BUILT)}.duckdb"
        shutil.copyfile(path, cached)
        _BUILT[key] = cached
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)
    return path


def answer_warehouse(path: Path) -> Path:
    """A warehouse at ``path`` whose observations are exactly the expected sample answers."""
    return built_once("answers", _answer_warehouse, path)


def _answer_warehouse(path: Path) -> Path:
    manifest = read_manifest(RAW / "manifest.csv")
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        texts = {}
        for f in sorted(RAW.glob("*.txt")):
            text = unicodedata.normalize("NFC", f.read_text(encoding="utf-8"))
            entry = manifest[f.stem]
            texts[f.stem] = text
            insert_rows(con, "articles", [{
                "article_id": f.stem, "title": text.strip().splitlines()[0][:120],
                "published_date": entry.published_date, "period_id": entry.period_id, "period_source": "manifest",
                "source_path": f.name, "notes": entry.notes, "content_type": "text", "encoding": "utf-8",
                "sha256": f.stem, "fingerprint": f.stem, "n_chars": len(text), "text": text,
                "ingested_at": date(2026, 1, 1)}])
        insert_rows(con, "metrics", [vars(m) for m in read_metrics()])
        rows, used = [], set()
        with open(FIXTURES / "seed_as_of.csv", encoding="utf-8") as f:
            as_of = {(r["article"], r["metric_id"], r["period"]): date.fromisoformat(r["as_of_date"])
                     for r in csv.DictReader(f)}
        for n, g in enumerate(spec_rows("seed_observations.csv")):
            text = texts[g["article"]]
            found = text.find(g["raw"])
            start, end = (found, found + len(g["raw"])) if found >= 0 else (0, 1)
            used.update(p for p in (g["period"], g["base_period"]) if p)
            rows.append({
                "article_id": g["article"], "observation_no": n, "metric_id": g["metric_id"],
                "period_id": g["period"], "kind": g["kind"], "base_period_id": g["base_period"] or None,
                "value": float(g["value"]), "unit": g["unit"], "qualifier": g["qualifier"], "status": g["status"],
                "evidence": text[max(0, start - 80):end + 80], "start_char": start, "end_char": end,
                "rule": "answer-fixture", "place_id": "vn",
                "as_of_date": as_of.get((g["article"], g["metric_id"], g["period"])) if g["kind"] == "level" else None,
                **range_columns(g["raw"], float(g["value"]), g["qualifier"], g["unit"])})
        insert_rows(con, "observations", rows)
        used |= {e.period_id for e in manifest.values()}
        insert_rows(con, "periods", periods.period_rows(used))
        con.execute("checkpoint")
    finally:
        con.close()
    return path

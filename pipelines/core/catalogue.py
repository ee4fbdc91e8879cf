"""The metric catalogue: data files kept beside the code in ``pipelines/catalogue/``.

``metrics.csv`` holds one row per indicator (metric_id, unit, domain, name_en, name_vi). An analyst adds a
metric by adding a row there (and its cue phrases in ``metric_cues.csv``); no Python changes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"
METRICS_CSV = CATALOGUE_DIR / "metrics.csv"

UNITS = ("count", "percent", "index", "usd", "vnd", "ratio", "rank", "usd_per_ha_year")
DOMAINS = {
    "digital_data": "Digital data",
    "digital_infrastructure": "Digital infrastructure",
    "digital_government": "Digital government",
    "digital_economy": "Digital economy",
    "digital_society": "Digital society",
    "cybersecurity": "Cybersecurity",
    "institutions": "Institutions",
    "dx_program": "DX programme",
}


@dataclass(frozen=True)
class Metric:
    metric_id: str
    unit: str
    domain: str
    name_en: str
    name_vi: str


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


def read_metrics(path: Path = METRICS_CSV) -> list[Metric]:
    """Read and validate a metrics file: unique ids, known units and domains."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    metrics, seen = [], set()
    for n, row in enumerate(rows, start=2):
        m = Metric(**{k: (row.get(k) or "").strip() for k in Metric.__dataclass_fields__})
        if not m.metric_id:
            raise CatalogueError(f"{path}:{n}: empty metric_id")
        if m.metric_id in seen:
            raise CatalogueError(f"{path}:{n}: duplicate metric_id {m.metric_id}")
        if m.unit not in UNITS:
            raise CatalogueError(f"{path}:{n}: unknown unit {m.unit!r} (known: {', '.join(UNITS)})")
        if m.domain not in DOMAINS:
            raise CatalogueError(f"{path}:{n}: unknown domain {m.domain!r}")
        seen.add(m.metric_id)
        metrics.append(m)
    return metrics


@cache
def metrics_by_id() -> dict[str, Metric]:
    return {m.metric_id: m for m in read_metrics()}

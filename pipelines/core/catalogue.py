"""The metric catalogue: data files kept beside the code in ``pipelines/catalogue/``.

``metrics.csv``
    one row per indicator: metric_id, unit, domain, name_en, name_vi, and ``aliases`` (other phrasings
    and abbreviations, separated by ``|``). The name and aliases are the metric's lexicon
    (:mod:`pipelines.core.lexicon`).
``units.csv``
    one row per unit: unit_id, symbol (shown after a value), display (how values are shown: ``plain``,
    ``percent``, ``points``, ``money``, ``ratio``, ``rank``), name_en, name_vi, and ``accepts``: the
    units, separated by ``|``, a value of a metric in this unit may be written in (a count metric takes
    counts and bare numbers).
``cue_synonyms.csv``
    pairs of phrases read as one (``short,long``); the pairs whose short form is one word are the
    catalogue's abbreviations (``CSDL`` = ``cơ sở dữ liệu``).

An analyst adds a metric or a unit by adding a row; no Python changes. :func:`load_catalogue` reads and
validates the three files into one :class:`Catalogue`.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"
METRICS_CSV = CATALOGUE_DIR / "metrics.csv"
UNITS_CSV = CATALOGUE_DIR / "units.csv"
SYNONYMS_CSV = CATALOGUE_DIR / "cue_synonyms.csv"

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
MEASURES = ("stock", "flow")
DISPLAYS = ("plain", "percent", "points", "money", "ratio", "rank")


@dataclass(frozen=True)
class Metric:
    metric_id: str
    unit: str
    domain: str
    name_en: str
    name_vi: str
    aliases: str = ""  # as written in the file: phrasings separated by |
    measure: str = "flow"  # stock: a level at a date (a running total, a share now); flow: over a period

    @property
    def alias_list(self) -> tuple[str, ...]:
        return tuple(a.strip() for a in self.aliases.split("|") if a.strip())


@dataclass(frozen=True)
class Unit:
    unit_id: str
    symbol: str
    display: str
    name_en: str
    name_vi: str
    accepts: tuple[str, ...]  # units a value of a metric in this unit may be written in


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Catalogue:
    """The metrics, units and abbreviations of one catalogue directory, validated."""

    metrics: tuple[Metric, ...]
    units: tuple[Unit, ...]
    abbreviations: tuple[tuple[str, str], ...] = field(default=())  # (short, long), lower case

    @cached_property
    def metric_by_id(self) -> dict[str, Metric]:
        return {m.metric_id: m for m in self.metrics}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.unit_id: u for u in self.units}

    def accepted_units(self, metric_id: str) -> tuple[str, ...]:
        """The units a level (or absolute change) of ``metric_id`` may be written in."""
        return self.unit_by_id[self.metric_by_id[metric_id].unit].accepts


def _read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise CatalogueError(f"{path}:1: missing column(s) {', '.join(missing)}")
        return [(n, {k: (v or "").strip() for k, v in row.items() if k is not None})
                for n, row in enumerate(reader, start=2)]


def read_units(path: Path = UNITS_CSV) -> list[Unit]:
    """Read and validate a units file: unique non-empty ids, known displays, accepted units that exist."""
    rows = _read_rows(path, ("unit_id", "symbol", "display", "name_en", "name_vi"))
    units, seen = [], set()
    for n, row in rows:
        unit_id = row["unit_id"]
        if not unit_id:
            raise CatalogueError(f"{path}:{n}: empty unit_id")
        if unit_id in seen:
            raise CatalogueError(f"{path}:{n}: duplicate unit_id {unit_id}")
        if row["display"] not in DISPLAYS:
            raise CatalogueError(f"{path}:{n}: unknown display {row['display']!r} (known: {', '.join(DISPLAYS)})")
        if not row["name_en"]:
            raise CatalogueError(f"{path}:{n}: empty name_en for unit {unit_id}")
        accepts = tuple(a.strip() for a in row.get("accepts", "").split("|") if a.strip())
        if unit_id not in accepts:
            accepts = (unit_id, *accepts)
        seen.add(unit_id)
        units.append(Unit(unit_id, row["symbol"], row["display"], row["name_en"], row["name_vi"], accepts))
    for unit in units:
        for a in unit.accepts:
            if a not in seen:
                n = next(n for n, row in rows if row["unit_id"] == unit.unit_id)
                raise CatalogueError(f"{path}:{n}: unit {unit.unit_id} accepts unknown unit {a!r}")
    return units


def read_metrics(path: Path = METRICS_CSV, units: list[Unit] | None = None) -> list[Metric]:
    """Read and validate a metrics file: unique ids, non-empty names, known units and domains.

    Units are those of ``units`` or, if not given, of the ``units.csv`` beside ``path`` (else the default).
    """
    if units is None:
        beside = path.parent / "units.csv"
        units = read_units(beside if beside.exists() else UNITS_CSV)
    unit_ids = [u.unit_id for u in units]
    metrics, seen = [], set()
    for n, row in _read_rows(path, ("metric_id", "unit", "domain", "name_en", "name_vi")):
        fields = {k: row.get(k, "") for k in Metric.__dataclass_fields__}
        m = Metric(**fields | {"measure": fields["measure"] or "flow"})
        if not m.metric_id:
            raise CatalogueError(f"{path}:{n}: empty metric_id")
        if m.metric_id in seen:
            raise CatalogueError(f"{path}:{n}: duplicate metric_id {m.metric_id}")
        if m.unit not in unit_ids:
            raise CatalogueError(f"{path}:{n}: unknown unit {m.unit!r} (known: {', '.join(unit_ids)})")
        if m.measure not in MEASURES:
            raise CatalogueError(f"{path}:{n}: measure {m.measure!r} is not one of {', '.join(MEASURES)}")
        if m.domain not in DOMAINS:
            raise CatalogueError(f"{path}:{n}: unknown domain {m.domain!r}")
        if not m.name_vi or not m.name_en:
            raise CatalogueError(f"{path}:{n}: empty {'name_vi' if not m.name_vi else 'name_en'} for {m.metric_id}")
        if "|" in m.aliases and not all(a.strip() for a in m.aliases.split("|")):
            raise CatalogueError(f"{path}:{n}: empty alias in {m.aliases!r}")
        seen.add(m.metric_id)
        metrics.append(m)
    return metrics


def read_abbreviations(path: Path = SYNONYMS_CSV) -> list[tuple[str, str]]:
    """The abbreviation pairs of a synonyms file: a one-word short form of a longer phrase (``csdl``)."""
    pairs = []
    for n, row in _read_rows(path, ("short", "long")):
        short, long = row["short"].lower(), row["long"].lower()
        if not short or not long:
            raise CatalogueError(f"{path}:{n}: empty short or long form")
        if len(short.split()) == 1 and len(long.split()) > 1 and long.replace(" ", "") != short:
            pairs.append((short, long))
    return pairs


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read and validate ``units.csv``, ``metrics.csv`` and ``cue_synonyms.csv`` of ``directory``."""
    directory = Path(directory)
    units = read_units(directory / "units.csv")
    metrics = read_metrics(directory / "metrics.csv", units)
    synonyms = directory / "cue_synonyms.csv"
    abbreviations = read_abbreviations(synonyms) if synonyms.exists() else []
    return Catalogue(tuple(metrics), tuple(units), tuple(abbreviations))


def catalogue_dir() -> Path:
    """The catalogue folder a build reads: ``DX_CATALOGUE_DIR`` when set, else ``pipelines/catalogue/``."""
    return Path(os.environ.get("DX_CATALOGUE_DIR") or CATALOGUE_DIR)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue of ``pipelines/catalogue/``, read once (for callers that take no catalogue)."""
    return load_catalogue()


@cache
def metrics_by_id() -> dict[str, Metric]:
    return {m.metric_id: m for m in read_metrics()}

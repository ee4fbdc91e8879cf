"""The derived layer: tables computed from the warehouse's observations by the SQL files in ``sql/``.

``build_derived(con)`` loads the metric relations (``pipelines/catalogue/metric_relations.csv``) into the
``metric_relations`` table, then runs the SQL files in dependency order. Each file is plain DuckDB SQL with
a header comment saying what it builds and the rules it applies, so it can also be run from a notebook.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.config import PROJECT_ROOT
from pipelines.core.catalogue import CATALOGUE_DIR, metrics_by_id

SQL_DIR = PROJECT_ROOT / "sql"
RELATIONS_CSV = CATALOGUE_DIR / "metric_relations.csv"

SQL_FILES = (
    "macros.sql",
    "observation_precision.sql",
    "observation_choices.sql",
    "chosen_observations.sql",
    "series_changes.sql",
    "implied_observations.sql",
    "conflicts.sql",
    "consistency_audit.sql",
)
DERIVED_TABLES = ("chosen_observations", "series_changes", "implied_observations", "conflicts",
                  "consistency_audit")
RELATION_KINDS = ("share", "rate", "sum")

RELATIONS_DDL = """
create or replace table metric_relations (
    relation_no  integer primary key,  -- line order in the CSV
    relation     varchar not null,     -- share | rate | sum
    metric_id    varchar not null,     -- the stated figure that is checked
    parts        varchar not null,     -- metric ids joined by '+': numerator (share, rate) or addends (sum)
    whole        varchar,              -- denominator metric (share, rate); empty for sum
    label        varchar not null,     -- how a claim reads, e.g. 'share of goals completed'
    note         varchar
)
"""


class RelationError(ValueError):
    """The metric relations file is malformed."""


@dataclass(frozen=True)
class Relation:
    relation: str
    metric_id: str
    parts: tuple[str, ...]
    whole: str | None
    label: str
    note: str


def read_relations(path: Path = RELATIONS_CSV, known_metrics: set[str] | None = None) -> list[Relation]:
    """Read and validate the relations file: known relation kinds and metric ids, a whole where needed."""
    known = set(metrics_by_id()) if known_metrics is None else known_metrics
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    relations = []
    for n, row in enumerate(rows, start=2):
        field = {key: (value or "").strip() for key, value in row.items() if key is not None}
        parts = tuple(p.strip() for p in field.get("parts", "").split("+") if p.strip())
        rel = Relation(field.get("relation", ""), field.get("metric_id", ""), parts,
                       field.get("whole") or None, field.get("label", ""), field.get("note", ""))
        if rel.relation not in RELATION_KINDS:
            raise RelationError(f"{path}:{n}: unknown relation {rel.relation!r} "
                                f"(known: {', '.join(RELATION_KINDS)})")
        if not parts or not rel.label:
            raise RelationError(f"{path}:{n}: a relation needs parts and a label")
        if (rel.whole is None) != (rel.relation == "sum"):
            raise RelationError(f"{path}:{n}: share and rate need a whole metric, sum must not have one")
        unknown = [m for m in (rel.metric_id, *parts, rel.whole) if m is not None and m not in known]
        if unknown:
            raise RelationError(f"{path}:{n}: metric(s) not in the catalogue: {', '.join(unknown)}")
        relations.append(rel)
    return relations


def load_relations(con: duckdb.DuckDBPyConnection, path: Path = RELATIONS_CSV) -> int:
    """Replace the ``metric_relations`` table with the relations file; return its row count."""
    relations = read_relations(path)
    con.execute(RELATIONS_DDL)
    if not relations:
        return 0
    con.executemany("insert into metric_relations values (?, ?, ?, ?, ?, ?, ?)", [
        [n, r.relation, r.metric_id, "+".join(r.parts), r.whole, r.label, r.note]
        for n, r in enumerate(relations, start=1)])
    return len(relations)


def build_derived(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR,
                  relations_csv: Path = RELATIONS_CSV) -> dict[str, int]:
    """Build every derived table on ``con``; return the row count of each, ``metric_relations`` included."""
    counts = {"metric_relations": load_relations(con, relations_csv)}
    for name in SQL_FILES:
        con.execute((sql_dir / name).read_text(encoding="utf-8"))
    for table in DERIVED_TABLES:
        counts[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
    return counts

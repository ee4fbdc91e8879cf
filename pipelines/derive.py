"""The derived layer: tables computed from the warehouse's observations by the SQL files in ``sql/``.

``build_derived(con)`` loads the metric relations (``pipelines/catalogue/metric_relations.csv``) into the
``metric_relations`` table, then runs the SQL files in dependency order. Each file is plain DuckDB SQL with
a header comment saying what it builds and the rules it applies, so it can also be run from a notebook.

``refresh_derived(con)`` does the same only when the inputs changed since the last build: a fingerprint of
the input tables (row count and summed row hashes, timestamps left out), the SQL files and the relations
file is kept in the one-row table ``derived_state``.
"""

from __future__ import annotations

import csv
import hashlib
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
INPUT_TABLES = ("articles", "observations", "periods", "metrics")
STATE_DDL = "create table if not exists derived_state (fingerprint varchar not null)"

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
    fingerprint = inputs_fingerprint(con, sql_dir, relations_csv)
    load_relations(con, relations_csv)
    for name in SQL_FILES:
        con.execute((sql_dir / name).read_text(encoding="utf-8"))
    con.execute(STATE_DDL)
    con.execute("delete from derived_state")
    con.execute("insert into derived_state values (?)", [fingerprint])
    return derived_counts(con)


def refresh_derived(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR,
                    relations_csv: Path = RELATIONS_CSV) -> tuple[dict[str, int], bool]:
    """Build the derived tables unless their inputs are those of the last build; (row counts, rebuilt)."""
    if _built_from(con) == inputs_fingerprint(con, sql_dir, relations_csv) and _all_present(con):
        return derived_counts(con), False
    return build_derived(con, sql_dir, relations_csv), True


def derived_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of ``metric_relations`` and of each derived table."""
    return {table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("metric_relations", *DERIVED_TABLES)}


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR,
                       relations_csv: Path = RELATIONS_CSV) -> str:
    """A hash of everything the derived tables are computed from.

    Each input table contributes its row count and the sum of its row hashes (timestamp columns left out,
    so re-ingesting an unchanged article changes nothing); each file its bytes.
    """
    digest = hashlib.sha256(f"duckdb {duckdb.__version__}\n".encode())
    for table in INPUT_TABLES:
        cols = [f'"{name}"' for name, kind in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position", [table]).fetchall()
            if not kind.startswith("TIMESTAMP")]
        count, total = con.execute(
            f"select count(*), coalesce(sum(hash({', '.join(cols)})), 0) from {table}").fetchone()
        digest.update(f"{table} {count} {total}\n".encode())
    for path in [sql_dir / name for name in SQL_FILES] + [relations_csv]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _built_from(con: duckdb.DuckDBPyConnection) -> str | None:
    con.execute(STATE_DDL)
    row = con.execute("select fingerprint from derived_state").fetchone()
    return row[0] if row else None


def _all_present(con: duckdb.DuckDBPyConnection) -> bool:
    present = {r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' "
        "union select view_name from duckdb_views() where schema_name = 'main'").fetchall()}
    return {"metric_relations", *DERIVED_TABLES} <= present

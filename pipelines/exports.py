"""CSV and Parquet copies of the warehouse tables analysts ask for, under ``<exports>/tables/``.

Each table is written as ``<table>.csv`` (UTF-8, header row) and ``<table>.parquet`` with DuckDB's
``COPY … TO``, ordered by its key so that files are stable from run to run. A table whose rows are
those it was last written from (row count and summed row hashes, kept in ``.manifest.json``) is not
written again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.output_manifest import OutputManifest, code_version

RENDER_VERSION = code_version(Path(__file__), extra=duckdb.__version__)
MANIFEST = ".manifest.json"

EXPORTED_TABLES: dict[str, str] = {
    "observations": "article_id, observation_no",
    "series_changes": "metric_id, from_period_id, to_period_id",
    "metrics": "metric_id",
}


@dataclass(frozen=True)
class TableExport:
    table: str
    rows: int
    csv: Path
    parquet: Path


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_table(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path,
                 order_by: str | None = None) -> TableExport:
    """Write ``table`` as CSV and Parquet into ``out_dir``."""
    if table not in EXPORTED_TABLES and order_by is None:
        raise ValueError(f"unknown export {table!r}; known: {', '.join(EXPORTED_TABLES)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    select = f"select * from {table} order by {order_by or EXPORTED_TABLES[table]}"
    csv, parquet = out_dir / f"{table}.csv", out_dir / f"{table}.parquet"
    con.execute(f"copy ({select}) to {_quoted(csv)} (format csv, header true)")
    con.execute(f"copy ({select}) to {_quoted(parquet)} (format parquet)")
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return TableExport(table, rows, csv, parquet)


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[TableExport]:
    """Export every table of ``EXPORTED_TABLES`` whose rows changed since it was last exported."""
    manifest = OutputManifest(out_dir / MANIFEST, RENDER_VERSION)
    written = []
    for table in EXPORTED_TABLES:
        rows, total = con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {table} t").fetchone()
        digest = f"{rows}:{total}"
        csv, parquet = out_dir / f"{table}.csv", out_dir / f"{table}.parquet"
        if manifest.fresh(table, digest, csv, parquet):
            written.append(TableExport(table, rows, csv, parquet))
            continue
        written.append(export_table(con, table, out_dir))
        manifest.record(table, digest)
    manifest.save()
    return written

"""Opening the warehouse, creating its schema, and replacing rows by key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every contract table that is missing (idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
        [table]).fetchall()]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> int:
    """Insert dict rows into ``table`` by column name; missing columns become NULL.

    The rows go in as an Arrow table (twice as fast as a DataFrame for large batches); a column Arrow
    cannot type (mixed Python types) falls back to a DataFrame.
    """
    if not rows:
        return 0
    cols = table_columns(con, table)
    try:
        incoming = pa.table({c: [r.get(c) for r in rows] for c in cols})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        incoming = pd.DataFrame.from_records(list(rows)).reindex(columns=cols)
    con.register("_incoming", incoming)
    try:
        con.execute(f'insert into {table} select {", ".join(cols)} from _incoming')
    finally:
        con.unregister("_incoming")
    return len(rows)


def delete_articles(con: duckdb.DuckDBPyConnection, table: str, article_ids: Iterable[str]) -> None:
    """Delete the rows of ``table`` that belong to the given articles."""
    ids = sorted(set(article_ids))
    if ids:
        con.execute(f"delete from {table} where article_id in (select unnest(?::varchar[]))", [ids])


def replace_table(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> int:
    """Replace every row of ``table``."""
    con.execute(f"delete from {table}")
    return insert_rows(con, table, rows)


def connect_read_only(path: Path | str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)

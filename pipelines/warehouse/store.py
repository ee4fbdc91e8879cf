"""Opening the warehouse, creating its schema, and replacing rows by key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
COMMENTS_SQL = Path(__file__).with_name("comments.sql")

# Bookkeeping that warehouses built before the `internal` schema kept in `main`: moved (tables with rows
# worth keeping) or dropped (rebuilt by the derived layer).
MOVED_TO_INTERNAL = ("extraction_state",)
DROPPED_FROM_MAIN = (("VIEW", "observation_precision"), ("TABLE", "observation_precision_rows"),
                     ("VIEW", "observation_choices"), ("TABLE", "derived_state"))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every warehouse table that is missing and describe them (idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    _move_bookkeeping(con)
    con.execute(COMMENTS_SQL.read_text(encoding="utf-8"))


def _move_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    present = {(kind, name) for kind, name in con.execute(
        "select table_type, table_name from information_schema.tables where table_schema = 'main'").fetchall()}
    for name in MOVED_TO_INTERNAL:
        if ("BASE TABLE", name) in present:
            con.execute(f"insert or ignore into internal.{name} by name select * from main.{name}")
            con.execute(f"drop table main.{name}")
    for kind, name in DROPPED_FROM_MAIN:
        if ({"VIEW": "VIEW", "TABLE": "BASE TABLE"}[kind], name) in present:
            con.execute(f"drop {kind} main.{name} cascade")


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``table`` (``schema.table`` for a schema other than ``main``), in order."""
    schema, _, name = table.rpartition(".")
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema or "main", name]).fetchall()]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> int:
    """Insert dict rows into ``table`` by column name; missing columns become NULL (see :func:`insert_tuples`)."""
    if not rows:
        return 0
    cols = table_columns(con, table)
    return insert_tuples(con, table, cols, [tuple(r.get(c) for c in cols) for r in rows])


def insert_tuples(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                  rows: Sequence[tuple]) -> int:
    """Insert tuple rows (values in ``columns`` order) into ``table``; its other columns become NULL.

    The rows go in as an Arrow table (twice as fast as a DataFrame for large batches); a column Arrow
    cannot type (mixed Python types) falls back to a DataFrame."""
    if not rows:
        return 0
    import pyarrow as pa  # imported here: a run that writes no rows never loads it

    known = set(table_columns(con, table))
    picked = [(i, c) for i, c in enumerate(columns) if c in known]
    values = list(zip(*rows, strict=True))
    try:
        incoming = pa.table({c: list(values[i]) for i, c in picked})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        import pandas as pd

        incoming = pd.DataFrame({c: list(values[i]) for i, c in picked})
    names = ", ".join(c for _, c in picked)
    con.register("_incoming", incoming)
    try:
        con.execute(f"insert into {table} ({names}) select {names} from _incoming")
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

"""Opening the warehouse, creating its schema, and replacing rows by key."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import duckdb

COLUMNAR_INSERT_ROWS = 20_000
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
COMMENTS_SQL = Path(__file__).with_name("comments.sql")

# Bookkeeping that warehouses built before the `internal` schema kept in `main`: moved (tables with rows
# worth keeping) or dropped (rebuilt by the derived layer).
MOVED_TO_INTERNAL = ("extraction_state",)
DROPPED_FROM_MAIN = (("VIEW", "observation_precision"), ("TABLE", "observation_precision_rows"),
                     ("VIEW", "observation_choices"), ("TABLE", "derived_state"))


SCHEMA_VERSION_DDL = "create table if not exists internal.schema_version (version varchar not null)"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every warehouse table that is missing and describe them (idempotent).

    A warehouse that already holds every table of this schema, made by the same ``schema.sql`` and
    ``comments.sql`` (their hash in ``internal.schema_version``), is left alone: running the comments
    again costs a few hundred milliseconds a run. The statements run in one transaction of their own (the
    connection must have none open): on a file, each statement committed on its own writes the catalogue
    again, some 0.3-1.5 s for a new warehouse."""
    version, tables = _schema_version()
    if _holds_schema(con, version, tables):
        return
    con.execute("begin transaction")
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        _move_bookkeeping(con)
        con.execute(COMMENTS_SQL.read_text(encoding="utf-8"))
        con.execute(SCHEMA_VERSION_DDL)
        con.execute("delete from internal.schema_version")
        con.execute("insert into internal.schema_version values (?)", [version])
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


@cache
def _schema_version() -> tuple[str, frozenset[str]]:
    """A hash of the schema and comment files, and the tables (``schema.name``) the schema creates."""
    schema = SCHEMA_SQL.read_text(encoding="utf-8")
    digest = hashlib.sha256(schema.encode() + b"\0" + COMMENTS_SQL.read_bytes()
                            + repr((MOVED_TO_INTERNAL, DROPPED_FROM_MAIN)).encode())
    names = re.findall(r"(?im)^\s*create\s+table\s+if\s+not\s+exists\s+([\w.]+)", schema)
    return digest.hexdigest(), frozenset(n.lower() if "." in n else f"main.{n.lower()}" for n in names)


def _holds_schema(con: duckdb.DuckDBPyConnection, version: str, tables: frozenset[str]) -> bool:
    present = {f"{schema}.{name}".lower() for schema, name in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
    ).fetchall()}
    if "internal.schema_version" not in present or not tables <= present:
        return False
    return con.execute("select version from internal.schema_version").fetchall() == [(version,)]


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
    return list(column_types(con, table))


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column names of ``table`` and their DuckDB types, in order."""
    schema, _, name = table.rpartition(".")
    return dict(con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema or "main", name]).fetchall())


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> int:
    """Insert dict rows into ``table`` by column name; missing columns become NULL (see :func:`insert_tuples`)."""
    if not rows:
        return 0
    cols = table_columns(con, table)
    return insert_tuples(con, table, cols, [tuple(r.get(c) for c in cols) for r in rows])


def insert_tuples(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                  rows: Sequence[tuple]) -> int:
    """Insert tuple rows (values in ``columns`` order) into ``table``; its other columns become NULL.

    Up to ``COLUMNAR_INSERT_ROWS`` rows go in as one list parameter per column, each cast to the column's
    type and unnested (no pyarrow or pandas to import: some 0.7 s for a small build, and ten times faster
    than a parameter per value); more as an Arrow table (twice as fast as a DataFrame for large batches); a
    column Arrow cannot type (mixed Python types) falls back to a DataFrame."""
    if not rows:
        return 0
    types = column_types(con, table)
    picked = [(i, c) for i, c in enumerate(columns) if c in types]
    if len(rows) <= COLUMNAR_INSERT_ROWS:
        names = ", ".join(_quoted(c) for _, c in picked)
        unnested = ", ".join(f"unnest(${n}::{types[c]}[])" for n, (_, c) in enumerate(picked, 1))
        con.execute(f"insert into {table} ({names}) select {unnested}",
                    [[row[i] for row in rows] for i, _ in picked])
        return len(rows)
    import pyarrow as pa  # imported here: a run that writes few rows never loads it (about a second)

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
    """Replace every row of ``table``, unless it already holds exactly ``rows`` (compared by ``repr`` of
    each row's values, in any order): an unchanged catalogue then costs no write."""
    cols = table_columns(con, table)
    wanted = sorted(repr(tuple(r.get(c) for c in cols)) for r in rows)
    if len(wanted) == con.execute(f"select count(*) from {table}").fetchone()[0] and wanted == sorted(
            repr(row) for row in con.execute(f"select {', '.join(_quoted(c) for c in cols)} from {table}").fetchall()):
        return len(rows)
    con.execute(f"delete from {table}")
    return insert_rows(con, table, rows)


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def connect_read_only(path: Path | str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)

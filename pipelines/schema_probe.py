"""Which tables and columns a warehouse has, read once, so outputs can use columns the derived layer adds.

Outputs read new columns (``value_low``, ``as_of_date``, ``abs_change_low`` …) only where they exist and
fall back otherwise, so a warehouse built by an older derived layer still exports.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Schema:
    """``table -> columns`` of the tables in schemas ``main`` and ``internal`` (main wins a name clash)."""

    columns: dict[str, frozenset[str]]
    qualified: dict[str, str]

    def has(self, table: str, column: str | None = None) -> bool:
        cols = self.columns.get(table)
        return cols is not None and (column is None or column in cols)

    def col(self, alias: str, table: str, column: str, fallback: str = "null") -> str:
        """``alias.column`` when ``table`` has it, else ``fallback`` (SQL text)."""
        return f"{alias}.{column}" if self.has(table, column) else fallback

    def name(self, table: str) -> str:
        return self.qualified.get(table, table)


def probe(con: duckdb.DuckDBPyConnection) -> Schema:
    rows = con.execute("""
        select table_schema, table_name, column_name from information_schema.columns
        where table_catalog = current_database() and table_schema in ('main', 'internal')
        order by table_schema = 'main', table_name""").fetchall()
    columns: dict[str, set[str]] = {}
    qualified: dict[str, str] = {}
    for schema, table, column in rows:
        if qualified.get(table, f"{schema}.{table}") != f"{schema}.{table}":
            columns[table] = set()
        qualified[table] = f"{schema}.{table}"
        columns.setdefault(table, set()).add(column)
    return Schema({t: frozenset(c) for t, c in columns.items()}, qualified)

"""``docs/warehouse.md``: the analyst's data dictionary, generated from the warehouse's own comments.

The tables of schema ``main`` and their columns carry DuckDB ``COMMENT ON`` descriptions
(``pipelines/warehouse/comments.sql`` and the end of each ``sql/`` file). ``render(con)`` turns them into
markdown; ``python -m pipelines.warehouse.docs`` (or ``dx docs``) rewrites the file, ``--check`` fails when
it is stale.
"""

from __future__ import annotations

import sys

import duckdb

from pipelines.config import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs" / "warehouse.md"
HEADER = """# The dx-metrics warehouse

Generated from the warehouse's `COMMENT ON` descriptions by `dx docs`; do not edit by hand.
Schema `main` holds what analysts query; bookkeeping (fingerprints, extraction state, the ranked
candidates and precision rows the derived tables are computed from) lives in schema `internal`.
A series is a catalogue metric at one place (`metric_id`, `place_id`), or an indicator without a
catalogue metric at one place (`indicator_id`, `place_id`). Intervals: a null `*_low`/`*_high` is an
unbounded side.
"""


def reference_warehouse() -> duckdb.DuckDBPyConnection:
    """An empty in-memory warehouse with every table and view built."""
    from pipelines.derive import build_derived
    from pipelines.warehouse.store import ensure_schema

    con = duckdb.connect()
    ensure_schema(con)
    build_derived(con)
    return con


def render(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown of every table and view of schema ``main`` with its comment and its columns'."""
    relations = con.execute("""
        select table_name, 'table', comment from duckdb_tables() where schema_name = 'main'
        union all
        select view_name, 'view', comment from duckdb_views() where schema_name = 'main' and not internal
        order by 1""").fetchall()
    out = [HEADER]
    out += ["| table | kind | one row per / what |", "|---|---|---|"]
    out += [f"| [`{name}`](#{name}) | {kind} | {comment or ''} |" for name, kind, comment in relations]
    for name, kind, comment in relations:
        out += ["", f"## {name}", "", f"{comment or ''} ({kind})", "", "| column | type | meaning |", "|---|---|---|"]
        for column, data_type, note in con.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where schema_name = 'main' and table_name = ? order by column_index", [name]).fetchall():
            out.append(f"| `{column}` | {data_type} | {(note or '').replace('|', '&#124;')} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render(reference_warehouse())
    if "--check" in args:
        if not DOCS.exists() or DOCS.read_text(encoding="utf-8") != text:
            print(f"{DOCS} is stale: run `dx docs`", file=sys.stderr)
            return 1
        return 0
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

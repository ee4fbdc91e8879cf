"""Rebuilding a derived table in part: only the rows of the keys (series or articles) whose inputs changed.

A derived table whose rows fall into groups that are each computed from their own group of input rows has
a :class:`Scope`: the key of its rows (``table_key``) and, for each input relation keyed the same way, the
key of that relation's rows (``input_keys``). Every series-keyed table (``chosen_observations``,
``series_changes``, ``implied_observations``, ``conflicts``) groups by series: (metric_id, the indicator key
of an observation without a catalogue metric, place_id); the per-observation and per-article tables
(``internal.observation_precision``, ``consistency_audit``) by article. The other relations a file reads
(periods, metrics, metric_relations, qualifiers) are the catalogue: when they change, the table is rebuilt
whole.

:func:`restricted_sql` turns a file's ``create or replace table X as …`` into ``create temp table
_derived_rows as …`` with every keyed input replaced by its rows whose key is in ``_derived_dirty``: the
SQL file stays the single source of the table's logic, and running it on the inputs of some keys gives
exactly the rows of those keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlglot is imported when a table is first rebuilt in part (a build need not load it)
    from sqlglot import exp

# Keys are 64-bit hashes: cheap to group by, and two keys that collide are only rebuilt together.
SERIES_KEY = "hash(metric_id, indicator_id, place_id)"
OBSERVATION_SERIES_KEY = "hash(metric_id, case when metric_id is null then indicator_id end, place_id)"
PRECISION_SERIES_KEY = "hash(metric_id, series_indicator_id, place_id)"
ARTICLE_KEY = "hash(article_id)"
DIRTY_TABLE = "_derived_dirty"
ROWS_TABLE = "_derived_rows"


@dataclass(frozen=True)
class Scope:
    """The key of a derived table's rows and of each keyed input's rows (SQL expressions over columns)."""

    table_key: str
    input_keys: dict[str, str]


BY_SERIES = {"observations": OBSERVATION_SERIES_KEY, "internal.observation_precision": PRECISION_SERIES_KEY}
SCOPES: dict[str, Scope] = {
    "observation_precision": Scope(ARTICLE_KEY, {"observations": ARTICLE_KEY}),
    "chosen_observations": Scope(SERIES_KEY, {"internal.observation_choices": SERIES_KEY}),
    "implied_observations": Scope(SERIES_KEY, BY_SERIES),
    "series_changes": Scope(SERIES_KEY, {**BY_SERIES, "chosen_observations": SERIES_KEY}),
    "conflicts": Scope(SERIES_KEY, {**BY_SERIES, "implied_observations": SERIES_KEY}),
    # a stated change of series_changes is checked in the article that states it
    "consistency_audit": Scope(ARTICLE_KEY, {
        "observations": ARTICLE_KEY, "internal.observation_precision": ARTICLE_KEY,
        "series_changes": "case when stated_article_id is not null then hash(stated_article_id) end"}),
}

_CREATE_TABLE = re.compile(r"(?is)^((?:\s|--[^\n]*(?:\n|$))*)create\s+or\s+replace\s+table\s+")


def statements(text: str) -> list[str]:
    """The statements of a SQL text, split at its semicolons (those in strings and comments left alone);
    a piece holding only comments and blanks is no statement."""
    import sqlglot
    from sqlglot.tokens import TokenType

    pieces, start, tokens = [], 0, 0
    for token in sqlglot.Dialect.get_or_raise("duckdb").tokenize(text):
        if token.token_type != TokenType.SEMICOLON:
            tokens += 1
            continue
        if tokens:
            pieces.append(text[start:token.start])
        start, tokens = token.end + 1, 0
    if tokens:
        pieces.append(text[start:])
    return pieces


def _qualified(table: exp.Table) -> str:
    return f"{table.db}.{table.name}" if table.db and table.db != "main" else table.name


def restricted_sql(text: str, creates: str, input_keys: dict[str, str], read_from: dict[str, str] | None = None) -> str:
    """The statement of ``text`` that creates ``creates``, writing ``_derived_rows`` instead and reading,
    of each relation in ``input_keys``, only the rows whose key is in ``_derived_dirty`` (from the relation
    ``read_from`` names in its place, if any: a view's rows computed once for the digests and the rows).

    The statement that starts ``create or replace table <creates>`` is parsed first (the others only if it
    is not there), and the answer is kept for the process: parsing was most of the cost of a small refresh."""
    return _restricted_sql(text, creates, tuple(input_keys.items()), tuple(sorted((read_from or {}).items())))


@cache
def _restricted_sql(text: str, creates: str, keyed: tuple[tuple[str, str], ...],
                    replaced: tuple[tuple[str, str], ...] = ()) -> str:
    import sqlglot
    from sqlglot import exp

    input_keys, read_from = dict(keyed), dict(replaced)
    named = re.compile(_CREATE_TABLE.pattern + re.escape(creates) + r"\b", re.IGNORECASE | re.DOTALL)
    pieces = statements(text)
    for statement in sorted(pieces, key=lambda piece: named.match(piece) is None):  # the likely one first
        tree = sqlglot.parse_one(statement, read="duckdb")
        if not (isinstance(tree, exp.Create) and tree.kind == "TABLE"):
            continue
        target = tree.this if isinstance(tree.this, exp.Table) else tree.this.this
        if _qualified(target) != creates:
            continue
        target_end = target.this.meta["end"] + 1
        ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        edits = []
        for table in tree.find_all(exp.Table):
            name = _qualified(table)
            if table is target or name not in input_keys or (table.name in ctes and not table.db):
                continue
            first = table.args["db"] if table.args.get("db") else table.this
            alias = "" if table.alias else f" {table.name}"
            edits.append((first.meta["start"], table.this.meta["end"] + 1,
                          f"(select * from {read_from.get(name, name)} where {input_keys[name]} in "
                          f"(select key from {DIRTY_TABLE})){alias}"))
        head = _CREATE_TABLE.match(statement)
        if head is None:
            raise ValueError(f"the statement building {creates} must start 'create or replace table'")
        out, pos = [f"create or replace temp table {ROWS_TABLE} "], target_end
        for start, end, replacement in sorted(edits):
            out += [statement[pos:start], replacement]
            pos = end
        out.append(statement[pos:])
        return "".join(out)
    raise ValueError(f"no 'create or replace table {creates}' statement")

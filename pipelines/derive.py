"""The derived layer: tables computed from the warehouse's observations by the SQL files in ``sql/``.

Each SQL file builds one table or view named after it (``series_changes.sql`` → ``series_changes``;
bookkeeping ones in schema ``internal``), is plain DuckDB SQL with a header comment saying what it builds
and the rules it applies, and can also be run from a notebook. ``macros.sql`` holds the shared macros, run
before every file. Which relations a file reads is read from the SQL itself (sqlglot), so the build order
and the Dagster lineage follow the SQL: :func:`derived_sql`.

``build_derived(con)`` loads the metric relations (``pipelines/catalogue/metric_relations.csv``) into the
``metric_relations`` table, then runs every SQL file in dependency order. ``refresh_derived(con)`` runs a
file only when its inputs changed since it last ran: a fingerprint per file (the file and the macros, and
each relation it reads: row count and summed row hashes, timestamps left out) is kept in
``internal.derived_state``.

A table with a scope (``pipelines.derive_scopes.SCOPES``: its rows grouped by series or by article) is
rebuilt in part: its fingerprint covers only the catalogue relations it reads, and the rows of its keyed
inputs are summarised per key in ``internal.derived_keys``; when only those changed, the rows of the keys
whose summaries changed are deleted and computed again by the same SQL file restricted to those keys. A
changed SQL file, macro or catalogue relation rebuilds the table whole.
"""

from __future__ import annotations

import csv
import graphlib
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.config import PROJECT_ROOT
from pipelines.core.catalogue import CATALOGUE_DIR, metrics_by_id
from pipelines.core.qualifiers import read_qualifiers
from pipelines.derive_scopes import DIRTY_TABLE, ROWS_TABLE, SCOPES, Scope, restricted_sql

if TYPE_CHECKING:
    from sqlglot import exp

SQL_DIR = PROJECT_ROOT / "sql"
# What each SQL file creates and reads, by a hash of its text: parsing the files with sqlglot costs some
# 0.5 s, paid by every process that loads the definitions (DX_CACHE_DIR moves the folder).
PARSE_CACHE = "sql_parse.json"
RELATIONS_CSV = CATALOGUE_DIR / "metric_relations.csv"
QUALIFIERS_CSV = CATALOGUE_DIR / "qualifiers.csv"
MACROS_SQL = "macros.sql"
RELATION_KINDS = ("share", "rate", "sum")
STATE_DDL = """
create schema if not exists internal;
create table if not exists internal.derived_state (
    name         varchar primary key,  -- the SQL file's name without .sql
    fingerprint  varchar not null      -- of the file, the macros and every relation it read
);
create table if not exists internal.derived_keys (
    name      varchar not null,  -- the SQL file's name without .sql
    relation  varchar not null,  -- a keyed input relation
    key       ubigint not null,  -- hash of a series or article key (pipelines.derive_scopes)
    digest    ubigint not null,  -- hash of the row count and summed row hashes of its rows of that key
    primary key (name, relation, key)
)
"""


@dataclass(frozen=True)
class DerivedSql:
    """One file of ``sql/``: the relation it builds and the relations it reads (schema-qualified when not
    ``main``)."""

    name: str
    path: Path
    creates: str
    reads: tuple[str, ...]
    is_view: bool = False


def parse_sql(path: Path) -> DerivedSql:
    """What ``path`` creates and reads, from its statements (common table expressions left out)."""
    import sqlglot
    from sqlglot import exp

    creates: list[str] = []
    reads: set[str] = set()
    views = False
    for statement in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb"):
        if statement is None:
            continue
        if isinstance(statement, exp.Create):
            if statement.kind not in ("TABLE", "VIEW"):
                continue
            target = statement.this if isinstance(statement.this, exp.Table) else statement.this.this
            creates.append(_qualified(target))
            views = views or statement.kind == "VIEW"
        ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
        reads |= {_qualified(t) for t in statement.find_all(exp.Table)
                  if t.name and not (t.name in ctes and not t.db)}
    if len(creates) != 1 or creates[0].rsplit(".", 1)[-1] != path.stem:
        raise ValueError(f"{path.name}: a derived SQL file must build one table or view named {path.stem}, "
                         f"found {creates or 'none'}")
    return DerivedSql(path.stem, path, creates[0], tuple(sorted(reads - set(creates))), views)


def _qualified(table: exp.Table) -> str:
    return f"{table.db}.{table.name}" if table.db and table.db != "main" else table.name


def derived_sql(sql_dir: Path = SQL_DIR) -> dict[str, DerivedSql]:
    """Every derived SQL file of ``sql_dir``, in an order where each comes after the files it reads."""
    return _derived_sql(sql_dir.resolve(), tuple(
        (p.name, p.stat().st_mtime_ns) for p in sorted(sql_dir.glob("*.sql"))))


def cache_dir() -> Path:
    """Where the process-independent caches go: ``DX_CACHE_DIR``, else ``.cache/`` in the project."""
    value = os.environ.get("DX_CACHE_DIR")
    return Path(value).expanduser() if value else PROJECT_ROOT / ".cache"


def _parsed(paths: list[Path]) -> dict[str, DerivedSql]:
    """:func:`parse_sql` of each path, answered from the parse cache for a text parsed before by this
    sqlglot (a file's name and text make its key); the cache is rewritten when it learnt something."""
    cache_file = cache_dir() / PARSE_CACHE
    try:
        known = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known = known if isinstance(known, dict) else {}
    salt = f"sqlglot {version('sqlglot')}\0"
    out, learnt = {}, False
    for path in paths:
        key = hashlib.sha256((salt + path.name + "\0").encode() + path.read_bytes()).hexdigest()
        hit = known.get(key)
        if isinstance(hit, dict) and {"creates", "reads", "is_view"} <= set(hit):
            out[path.stem] = DerivedSql(path.stem, path, hit["creates"], tuple(hit["reads"]), bool(hit["is_view"]))
            continue
        parsed = out[path.stem] = parse_sql(path)
        known[key] = {"creates": parsed.creates, "reads": list(parsed.reads), "is_view": parsed.is_view}
        learnt = True
    if learnt:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            partial = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(partial, cache_file)
        except OSError:
            pass  # a read-only checkout parses every time
    return out


@cache
def _derived_sql(sql_dir: Path, _stamp: tuple) -> dict[str, DerivedSql]:
    files = _parsed([p for p in sorted(sql_dir.glob("*.sql")) if p.name != MACROS_SQL])
    built_by = {f.creates: f.name for f in files.values()}
    graph = {f.name: {built_by[r] for r in f.reads if r in built_by} for f in files.values()}
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return {name: files[name] for name in order}


def asset_deps(sql_dir: Path = SQL_DIR) -> dict[str, list[str]]:
    """Each derived file's upstream asset keys: the file that builds a relation it reads, else the relation's
    own name (a warehouse table such as ``observations``)."""
    files = derived_sql(sql_dir)
    built_by = {f.creates: f.name for f in files.values()}
    return {f.name: sorted({built_by.get(r, r.rsplit(".", 1)[-1]) for r in f.reads}) for f in files.values()}


def derived_tables(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    """Each derived file's name and the relation it builds."""
    return {f.name: f.creates for f in derived_sql(sql_dir).values()}


SQL_FILES = (MACROS_SQL, *(f"{name}.sql" for name in derived_sql()))
DERIVED_TABLES = tuple(derived_sql())

RELATIONS_DDL = """
create or replace table metric_relations (
    relation_no  integer primary key,  -- line order in the CSV
    relation     varchar not null,     -- share | rate | sum
    metric_id    varchar not null,     -- the stated figure that is checked
    parts        varchar not null,     -- metric ids joined by '+': numerator (share, rate) or addends (sum)
    whole        varchar,              -- denominator metric (share, rate); empty for sum
    label        varchar not null,     -- how a claim reads, e.g. 'share of goals completed'
    note         varchar
);
comment on table metric_relations is
    'How catalogue metrics relate (share, rate, sum), from pipelines/catalogue/metric_relations.csv.';
comment on column metric_relations.relation_no is 'Line order in the CSV.';
comment on column metric_relations.relation is 'share | rate | sum.';
comment on column metric_relations.metric_id is 'The stated figure that is checked.';
comment on column metric_relations.parts is 'Metric ids joined by +: numerator (share, rate) or addends (sum).';
comment on column metric_relations.whole is 'Denominator metric (share, rate); empty for sum.';
comment on column metric_relations.label is 'How a claim reads, e.g. share of goals completed.';
comment on column metric_relations.note is 'Why the relation holds.';
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
    return _build(con, sql_dir, relations_csv, force=True)[0]


def refresh_derived(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR,
                    relations_csv: Path = RELATIONS_CSV) -> tuple[dict[str, int], bool]:
    """Run each SQL file whose inputs changed since it last ran; (row counts, whether any file ran)."""
    return _build(con, sql_dir, relations_csv, force=False)


def _build(con, sql_dir: Path, relations_csv: Path, force: bool) -> tuple[dict[str, int], bool]:
    relations_changed = refresh_relations(con, relations_csv) or force
    relations_changed = refresh_qualifiers(con, relations_csv.parent / "qualifiers.csv") or relations_changed
    ran = [refresh_one(con, name, sql_dir, force) for name in derived_sql(sql_dir)]
    return derived_counts(con, sql_dir), relations_changed or any(ran)


def refresh_relations(con: duckdb.DuckDBPyConnection, path: Path = RELATIONS_CSV) -> bool:
    """Load the relations file unless ``metric_relations`` already holds it; whether it was loaded."""
    relations = read_relations(path)
    wanted = [(n, r.relation, r.metric_id, "+".join(r.parts), r.whole, r.label, r.note)
              for n, r in enumerate(relations, start=1)]
    if _exists(con, "metric_relations") and con.execute(
            "select * from metric_relations order by relation_no").fetchall() == wanted:
        return False
    load_relations(con, path)
    return True


def refresh_qualifiers(con: duckdb.DuckDBPyConnection, path: Path = QUALIFIERS_CSV) -> bool:
    """Load the qualifier table (the directions the SQL reads) unless ``qualifiers`` already holds it."""
    rows = [q.as_row() for q in read_qualifiers(path)]
    wanted = [tuple(r.values()) for r in rows]
    if con.execute("select * from qualifiers order by qualifier").fetchall() == sorted(wanted):
        return False
    con.execute("delete from qualifiers")
    con.executemany(f"insert into qualifiers ({', '.join(rows[0])}) values ({', '.join('?' * len(rows[0]))})",
                    [list(r.values()) for r in rows])
    return True


def refresh_one(con: duckdb.DuckDBPyConnection, name: str, sql_dir: Path = SQL_DIR, force: bool = False) -> bool:
    """Run ``sql/<name>.sql`` unless its fingerprint is that of its last run and its relation exists (a table
    with a scope: for the keys whose inputs changed only); whether it ran."""
    item = derived_sql(sql_dir)[name]
    scope = SCOPES.get(name)
    columns = hashed_columns(con)
    fingerprint = inputs_fingerprint(con, name, sql_dir, keyed=scope.input_keys if scope else {}, columns=columns)
    con.execute(STATE_DDL)
    fresh = not force and _exists(con, item.creates) and con.execute(
        "select fingerprint from internal.derived_state where name = ?", [name]).fetchone() == (fingerprint,)
    if scope is None and fresh:
        return False
    if scope is not None:
        if fresh:
            read_from = _computed_views(con, scope, sql_dir)
            con.execute("create or replace temp table _derived_digests as "
                        + _key_digests(scope, columns, read_from))
            try:
                return _refresh_keys(con, item, scope, sql_dir, read_from)
            finally:
                for temp in read_from.values():
                    con.execute(f"drop table {temp}")
        con.execute("delete from internal.derived_keys where name = ?", [name])
        con.execute(f"insert into internal.derived_keys select ?, relation, key, digest "
                    f"from ({_key_digests(scope, columns)})", [name])
    con.execute((sql_dir / MACROS_SQL).read_text(encoding="utf-8"))
    con.execute(item.path.read_text(encoding="utf-8"))
    con.execute("insert or replace into internal.derived_state values (?, ?)", [name, fingerprint])
    return True


def _key_digests(scope: Scope, columns: dict[str, list[str]], read_from: dict[str, str] | None = None) -> str:
    """A query of (relation, key, digest): each keyed input's rows summarised per key (read from the relation
    ``read_from`` names in its place, if any). A whole rebuild writes it straight into
    ``internal.derived_keys``; a partial one compares it with them."""
    parts = []
    for relation, key in scope.input_keys.items():
        cols = columns.get(relation, [])
        parts.append(f"select '{relation}' as relation, {key} as key, "
                     f"hash(count(*), sum(hash({', '.join(cols)}))) as digest "
                     f"from {(read_from or {}).get(relation, relation)} where {key} is not null group by all")
    return " union all ".join(parts)


def _computed_views(con: duckdb.DuckDBPyConnection, scope: Scope, sql_dir: Path) -> dict[str, str]:
    """The keyed inputs of ``scope`` that are views, each computed once into a temporary table (its name by
    the view's): a partial rebuild reads a view twice, for the digests and for the rows of the changed keys,
    and a filter on a key hash does not reach through a view's window functions."""
    views = {f.creates for f in derived_sql(sql_dir).values() if f.is_view}
    temps = {}
    for n, relation in enumerate(r for r in scope.input_keys if r in views):
        temps[relation] = f"_derived_view_{n}"
        con.execute(f"create or replace temp table {temps[relation]} as select * from {relation}")
    return temps


def _refresh_keys(con: duckdb.DuckDBPyConnection, item: DerivedSql, scope: Scope, sql_dir: Path,
                  read_from: dict[str, str]) -> bool:
    """Rebuild the rows of the keys whose input digests differ from those of the last run; whether any did."""
    con.execute(f"""create or replace temp table {DIRTY_TABLE} as
        select distinct coalesce(n.key, o.key) as key
        from _derived_digests n
        full join (select relation, key, digest from internal.derived_keys where name = ?) o
            on o.relation = n.relation and o.key = n.key
        where n.digest is distinct from o.digest""", [item.name])
    dirty = con.execute(f"select count(*) from {DIRTY_TABLE}").fetchone()[0]
    if dirty:  # the macros are those of the last run: they are part of the fingerprint
        con.execute(restricted_sql(item.path.read_text(encoding="utf-8"), item.creates, scope.input_keys,
                                   read_from))
        con.execute(f"delete from {item.creates} where {scope.table_key} in (select key from {DIRTY_TABLE})")
        con.execute(f"insert into {item.creates} select * from {ROWS_TABLE}")
        con.execute(f"drop table {ROWS_TABLE}")
        con.execute(f"delete from internal.derived_keys where name = ? "
                    f"and key in (select key from {DIRTY_TABLE})", [item.name])
        con.execute(f"insert into internal.derived_keys select ?, relation, key, digest from _derived_digests "
                    f"where key in (select key from {DIRTY_TABLE})", [item.name])
    con.execute(f"drop table {DIRTY_TABLE}")
    con.execute("drop table _derived_digests")
    return dirty > 0


def derived_counts(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> dict[str, int]:
    """Row count of ``metric_relations`` and of each derived table (by file name)."""
    tables = {"metric_relations": "metric_relations", **derived_tables(sql_dir)}
    return {name: con.execute(f"select count(*) from {table}").fetchone()[0] for name, table in tables.items()}


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, name: str, sql_dir: Path = SQL_DIR,
                       keyed: dict[str, str] | None = None, columns: dict[str, list[str]] | None = None) -> str:
    """A hash of everything ``sql/<name>.sql`` computes its table from.

    Each relation it reads contributes its columns, row count and the sum of its row hashes (timestamp
    columns left out, so re-ingesting an unchanged article changes nothing); the file and the macros their
    bytes. A relation that does not exist yet contributes its absence. A ``keyed`` relation (summarised per
    key apart) contributes its columns only, and a view's inputs nothing: creating it again costs nothing.
    """
    item = derived_sql(sql_dir)[name]
    digest = hashlib.sha256(f"duckdb {duckdb.__version__}\n".encode())
    for path in (sql_dir / MACROS_SQL, item.path):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    if item.is_view:
        return digest.hexdigest()
    columns = hashed_columns(con) if columns is None else columns
    for relation in item.reads:
        cols = columns.get(relation, [])
        if not cols:
            digest.update(f"{relation} absent\n".encode())
            continue
        if relation in (keyed or {}):
            digest.update(f"{relation} {','.join(cols)} keyed by {keyed[relation]}\n".encode())
            continue
        count, total = con.execute(
            f"select count(*), coalesce(sum(hash({', '.join(cols)})), 0) from {relation}").fetchone()
        digest.update(f"{relation} {','.join(cols)} {count} {total}\n".encode())
    return digest.hexdigest()


def hashed_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The quoted columns a fingerprint hashes of every table and view (``schema.name`` unless in ``main``):
    all but timestamps. One catalogue query (``information_schema`` per relation costs ten times more)."""
    columns: dict[str, list[str]] = {}
    for schema, table, col, kind in con.execute(
            "select schema_name, table_name, column_name, data_type from duckdb_columns() "
            "where database_name = current_database() and not internal order by table_oid, column_index"
    ).fetchall():
        cols = columns.setdefault(table if schema == "main" else f"{schema}.{table}", [])
        if not kind.startswith("TIMESTAMP"):
            cols.append(f'"{col}"')
    return columns


def _exists(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, _, table = relation.rpartition(".")
    return con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema or "main", table]).fetchone()[0] > 0

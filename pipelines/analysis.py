"""One-line access to the warehouse for analysts and notebooks.

    from pipelines.analysis import load, query
    changes = load("series_changes")
    top = query("select * from chosen_observations where metric_id = ?", ["ndxp_daily_transactions"])

Every call opens the warehouse read-only (``DX_WAREHOUSE``, else the project default) and closes it before
returning, so an open notebook never blocks a scheduled run from publishing a new warehouse.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.config import settings

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def warehouse_path(path: str | Path | None = None) -> Path:
    """The warehouse file to read: ``path`` if given, else ``DX_WAREHOUSE`` or the default."""
    return Path(path) if path is not None else settings().warehouse


@contextmanager
def connect(path: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse, closed when the ``with`` block ends."""
    file = warehouse_path(path)
    if not file.exists():
        raise FileNotFoundError(f"no warehouse at {file}: run `dx build` or set DX_WAREHOUSE")
    con = duckdb.connect(str(file), read_only=True)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def scratch(path: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable throw-away copy of the warehouse, deleted when the ``with`` block ends.

    For trying out SQL, e.g. an edited file of ``sql/``: ``with scratch() as con: run_sql_file(con, "conflicts")``.
    The warehouse itself is only read (copied), never locked or changed.
    """
    with connect(path):
        pass
    with tempfile.TemporaryDirectory(prefix="dx-scratch-") as tmp:
        copy = Path(tmp) / "scratch.duckdb"
        shutil.copyfile(warehouse_path(path), copy)
        con = duckdb.connect(str(copy))
        try:
            yield con
        finally:
            con.close()


def run_sql_file(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Run ``sql/<name>.sql`` on ``con`` (a :func:`scratch` copy) and return the table it builds."""
    from pipelines.derive import SQL_DIR

    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a SQL file name: {name!r}")
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    con.execute((SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))
    return con.execute(f"select * from {name}").fetchdf()


def query(sql: str, params: Sequence | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """Run one SQL query read-only and return its result as a DataFrame."""
    with connect(path) as con:
        return con.execute(sql, params or []).fetchdf()


def tables(path: str | Path | None = None) -> list[str]:
    """Names of the tables and views in the warehouse."""
    with connect(path) as con:
        return sorted(r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall())


def load(table: str, path: str | Path | None = None) -> pd.DataFrame:
    """A whole table (or view) as a DataFrame."""
    if not _IDENTIFIER.match(table):
        raise ValueError(f"not a table name: {table!r}")
    return query(f"select * from {table}", path=path)


OBSERVATIONS_WITH_EVIDENCE_SQL = """
    select o.metric_id, m.name_en, m.name_vi, m.domain, o.period_id, p.period_label, o.kind, o.base_period_id,
           o.value, o.unit, o.qualifier, o.status, o.article_id, a.title as article_title, a.published_date,
           o.evidence, o.start_char, o.end_char,
           substr(a.text, o.start_char + 1, o.end_char - o.start_char) as quoted
    from observations o
    left join metrics m using (metric_id)
    left join periods p using (period_id)
    left join articles a using (article_id)
    where ? is null or o.metric_id = ?
    order by m.domain, o.metric_id, p.sort_order, o.article_id, o.observation_no
"""


def observations_with_evidence(metric_id: str | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """Every observation (or one metric's) with its metric names, period label, article and evidence.

    ``quoted`` is the number exactly as the article writes it (``text[start_char:end_char]``).
    """
    return query(OBSERVATIONS_WITH_EVIDENCE_SQL, [metric_id, metric_id], path=path)


SERIES_SQL = """
    select c.metric_id, c.period_id, p.period_label, p.end_date, c.value, c.unit, c.qualifier, c.status,
           c.article_id, a.published_date, c.evidence
    from chosen_observations c
    left join periods p using (period_id)
    left join articles a using (article_id)
    where c.metric_id = ?
    order by p.sort_order
"""


def series(metric_id: str, path: str | Path | None = None) -> pd.DataFrame:
    """The chosen level value of one metric in each period, in time order, with its source."""
    return query(SERIES_SQL, [metric_id], path=path)


COVERAGE_SQL = """
    select m.domain, o.metric_id, p.period_label, count(*) as n
    from observations o
    join metrics m using (metric_id)
    join periods p using (period_id)
    where o.kind = 'level'
    group by all
"""


def coverage_matrix(path: str | Path | None = None) -> pd.DataFrame:
    """Level observations per metric (rows, grouped by domain) and period (columns, in time order)."""
    counts = query(COVERAGE_SQL, path=path)
    order = query("select period_label from periods order by sort_order", path=path)
    if counts.empty:
        return pd.DataFrame()
    matrix = counts.pivot_table(index=["domain", "metric_id"], columns="period_label", values="n",
                                aggfunc="sum", fill_value=0)
    columns = [p for p in order["period_label"] if p in matrix.columns]
    return matrix.reindex(columns=columns).astype(int)

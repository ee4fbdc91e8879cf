"""Extraction of many articles on every core, its rows handed to DuckDB as Arrow record batches.

The worker processes come from a fork server, not from the build process: a worker forked from a build
(Dagster, a DuckDB connection and its buffers) shared hundreds of megabytes with it that turned private
page by page as the build went on (issue 13 measured them at half their single-process speed). Each
worker gets a chunk of articles (their text and period only), extracts them and returns one record batch
per table, typed from the warehouse's columns, so the rows are neither pickled one by one nor converted
again in the build process, which only appends the batches (a few at a time) with one ``insert`` each.

Below :data:`PARALLEL_FROM` articles everything runs in the build process, and neither pyarrow nor a
worker is started.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from pipelines.core.batch import ArticleInput, extract_many
from pipelines.warehouse.store import column_types, insert_tuples

PARALLEL_FROM = 64
CHUNK = 24
IN_FLIGHT_PER_WORKER = 3
APPEND_ROWS = 100_000
PRELOAD = ["pipelines.core.extract", "pyarrow"]
ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "BIGINT": "int64", "DOUBLE": "float64",
               "BOOLEAN": "bool_", "DATE": "date32", "FLOAT": "float32", "SMALLINT": "int16"}


@dataclass(frozen=True)
class Table:
    """A table the rows go to: its name, the columns of each row and their DuckDB types (None for a column
    the table lacks, which is left out)."""

    name: str
    columns: tuple[str, ...]
    types: tuple[str | None, ...]

    @classmethod
    def of(cls, con, name: str, columns: Sequence[str]) -> Table:
        types = column_types(con, name)
        return cls(name, tuple(columns), tuple(types.get(c) for c in columns))


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def extract_into(con, items: Iterable[ArticleInput], count: int, mentions: Table,
                 observations: Table) -> dict[str, int]:
    """Extract the ``count`` articles of ``items`` into the two tables on ``con``; the rows added to each.

    Few articles are extracted here and their rows inserted as tuples; many go to worker processes."""
    added = {mentions.name: 0, observations.name: 0}
    if count < PARALLEL_FROM or workers() <= 1:
        pending: dict[str, list[tuple]] = {mentions.name: [], observations.name: []}
        for _, m_rows, o_rows in extract_many(items, workers=1):
            pending[mentions.name] += m_rows
            pending[observations.name] += o_rows
            if len(pending[mentions.name]) >= APPEND_ROWS:
                _append_tuples(con, pending, (mentions, observations), added)
        _append_tuples(con, pending, (mentions, observations), added)
        return added
    batches: dict[str, list] = {mentions.name: [], observations.name: []}
    for m_batch, o_batch in _parallel(items, (mentions, observations)):
        batches[mentions.name].append(m_batch)
        batches[observations.name].append(o_batch)
        if sum(b.num_rows for b in batches[mentions.name]) >= APPEND_ROWS:
            _append_batches(con, batches, added)
    _append_batches(con, batches, added)
    return added


def _append_tuples(con, pending: dict[str, list[tuple]], tables: tuple[Table, ...], added: dict[str, int]) -> None:
    for table in tables:
        added[table.name] += insert_tuples(con, table.name, table.columns, pending[table.name])
        pending[table.name] = []


def _append_batches(con, batches: dict[str, list], added: dict[str, int]) -> None:
    import pyarrow as pa

    for table, parts in batches.items():
        parts = [b for b in parts if b.num_rows]
        if parts:
            incoming = pa.Table.from_batches(parts)
            names = ", ".join(f'"{c}"' for c in incoming.column_names)
            con.register("_incoming_batches", incoming)
            try:
                con.execute(f"insert into {table} ({names}) select {names} from _incoming_batches")
            finally:
                con.unregister("_incoming_batches")
            added[table] += incoming.num_rows
        batches[table] = []


def _parallel(items: Iterable[ArticleInput], tables: tuple[Table, ...]) -> Iterator[tuple]:
    """The record batches of each chunk of ``items``, in input order, from a pool of fresh workers."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    env = {k: v for k, v in os.environ.items() if k.startswith("DX_")}
    n = workers()
    with ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_start,
                             initargs=(env, tables)) as pool:
        pending: deque = deque()
        iterator = iter(items)
        while chunk := list(islice(iterator, CHUNK)):
            pending.append(pool.submit(_extract_chunk, chunk))
            if len(pending) >= n * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_tables: tuple[Table, ...] = ()


def _start(env: dict[str, str], tables: tuple[Table, ...]) -> None:
    """Worker set-up: the build's ``DX_`` settings (the fork server may be older than them) and tables."""
    global _tables
    for key in [k for k in os.environ if k.startswith("DX_") and k not in env]:
        del os.environ[key]
    os.environ.update(env)
    _tables = tables


def _extract_chunk(chunk: list[ArticleInput]) -> tuple:
    """One record batch per table of the rows of ``chunk``'s articles."""
    rows: tuple[list[tuple], ...] = tuple([] for _ in _tables)
    for _, *per_table in extract_many(chunk, workers=1):
        for out, part in zip(rows, per_table, strict=True):
            out += part
    return tuple(record_batch(table, part) for table, part in zip(_tables, rows, strict=True))


def record_batch(table: Table, rows: list[tuple]):
    """``rows`` (tuples in ``table.columns`` order) as an Arrow record batch typed from the table's columns."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(table.columns)
    kept = [(name, values, kind) for name, values, kind in zip(table.columns, columns, table.types, strict=True)
            if kind is not None]
    return pa.RecordBatch.from_arrays([pa.array(values, type=arrow_type(kind)) for _, values, kind in kept],
                                      names=[name for name, _, _ in kept])


def arrow_type(kind: str):
    """The Arrow type of a DuckDB column type (those the extracted tables use)."""
    import pyarrow as pa

    if kind.startswith("TIMESTAMP"):
        return pa.timestamp("us")
    return getattr(pa, ARROW_TYPES[kind])()

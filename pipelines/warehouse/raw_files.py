"""``cache.raw_files``: the stat cache of the raw folder (see :func:`pipelines.core.articles.scan_batches`).

It is written on the run's staging copy with the articles it describes, so it is published (or not) with
them: a cache entry never outlives, nor comes before, the article rows it vouches for.
"""

from __future__ import annotations

import duckdb

from pipelines.core.articles import CachedFile
from pipelines.warehouse.store import insert_tuples

TABLE = "cache.raw_files"
COLUMNS = ("source_path", "size", "mtime_ns", "ctime_ns", "inode", "device", "sha256")


def load_stat_cache(con: duckdb.DuckDBPyConnection) -> dict[str, CachedFile]:
    """The cache the last run left: ``source_path`` -> (size, mtime_ns, ctime_ns, inode, device, sha256)."""
    return {row[0]: row[1:] for row in con.execute(f"select {', '.join(COLUMNS)} from {TABLE}").fetchall()}


def save_stat_cache(con: duckdb.DuckDBPyConnection, cache: dict[str, CachedFile],
                    before: dict[str, CachedFile]) -> int:
    """Make the table hold ``cache``, given that it holds ``before``: only the rows that differ are
    written (none on a run where nothing changed). The number of rows written or deleted."""
    stale = sorted(path for path, entry in before.items() if cache.get(path) != entry)
    fresh = [(path, *entry) for path, entry in cache.items() if before.get(path) != entry]
    if stale:
        con.execute(f"delete from {TABLE} where source_path in (select unnest(?::varchar[]))", [stale])
    insert_tuples(con, TABLE, COLUMNS, fresh)
    return len(stale) + len(fresh)

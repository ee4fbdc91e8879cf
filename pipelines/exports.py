"""CSV and Parquet copies of the warehouse tables analysts ask for, under ``<exports>/tables/``.

Each table is written as ``<table>.csv`` (UTF-8, header row) and ``<table>.parquet`` with DuckDB's
``COPY … TO``, ordered by its key so that files are stable from run to run. A table whose rows are
those it was last written from (row count and summed row hashes, kept in ``.manifest.json``) is not
written again.

``observations`` grows with the corpus, so it is written in parts: contiguous ranges of ``article_id``
of about ``PART_ROWS`` rows each (their bounds in the manifest), each with its own row count and hash.
Only the parts whose rows changed are written again:

- ``observations.parquet`` is a folder of Parquet files, ``part-00000.parquet`` … in key order (a Parquet
  dataset, as Spark writes one): ``pandas.read_parquet``, ``pyarrow.parquet.read_table`` and DuckDB's
  ``read_parquet`` read the folder's path as they read one file, and give the rows in key order;
- ``observations.csv`` stays one file in key order: it is put together from the old file's bytes for the
  unchanged parts (their byte ranges are in the manifest) and new CSV text for the changed ones, in a
  temporary file that then replaces it, so an unchanged part is copied, not formatted again.

A part that grows past ``MAX_PART_ROWS`` (or a manifest that does not fit the files) plans the parts
afresh and writes them all.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.output_manifest import OutputManifest, code_version

RENDER_VERSION = code_version(Path(__file__), extra=duckdb.__version__)
MANIFEST = ".manifest.json"
PART_ROWS = 10_000
MAX_PART_ROWS = 4 * PART_ROWS
PARTED = "observations"

EXPORTED_TABLES: dict[str, str] = {
    "observations": "article_id, observation_no",
    "series_changes": "metric_id, from_period_id, to_period_id",
    "metrics": "metric_id",
}


@dataclass(frozen=True)
class TableExport:
    table: str
    rows: int
    csv: Path
    parquet: Path  # for observations, a folder of Parquet files (see the module's docstring)


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_table(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path,
                 order_by: str | None = None) -> TableExport:
    """Write ``table`` as CSV and Parquet into ``out_dir``, each one file."""
    if table not in EXPORTED_TABLES and order_by is None:
        raise ValueError(f"unknown export {table!r}; known: {', '.join(EXPORTED_TABLES)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    select = f"select * from {table} order by {order_by or EXPORTED_TABLES[table]}"
    csv, parquet = out_dir / f"{table}.csv", out_dir / f"{table}.parquet"
    if parquet.is_dir():
        shutil.rmtree(parquet)
    con.execute(f"copy ({select}) to {_quoted(csv)} (format csv, header true)")
    con.execute(f"copy ({select}) to {_quoted(parquet)} (format parquet)")
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return TableExport(table, rows, csv, parquet)


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[TableExport]:
    """Export every table of ``EXPORTED_TABLES`` whose rows changed since it was last exported."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = OutputManifest(out_dir / MANIFEST, RENDER_VERSION)
    written = []
    for table in EXPORTED_TABLES:
        if table == PARTED:
            written.append(_export_parts(con, table, out_dir, manifest))
            continue
        rows, total = con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {table} t").fetchone()
        digest = f"{rows}:{total}"
        csv, parquet = out_dir / f"{table}.csv", out_dir / f"{table}.parquet"
        if manifest.fresh(table, digest, csv, parquet):
            written.append(TableExport(table, rows, csv, parquet))
            continue
        written.append(export_table(con, table, out_dir))
        manifest.record(table, digest)
    manifest.save()
    return written


# ---------------------------------------------------------------- a table written in parts

def _part_name(n: int) -> str:
    return f"part-{n:05d}.parquet"


def _part_digests(con: duckdb.DuckDBPyConnection, table: str, firsts: list[str]) -> list[tuple[int, str]]:
    """(rows, digest) of each part: part ``i`` holds the rows from ``firsts[i]`` up to ``firsts[i + 1]``."""
    found = {i: (rows, f"{rows}:{total}") for i, rows, total in con.execute(f"""
        with bounds as (select unnest(?::varchar[]) as first, unnest(range(?)) as i)
        select b.i, count(*), coalesce(sum(hash(t)), 0)
        from {table} t asof join bounds b on t.article_id >= b.first
        group by b.i""", [firsts, len(firsts)]).fetchall()}
    return [found.get(i, (0, "0:0")) for i in range(len(firsts))]


def _plan(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The first ``article_id`` of each part (the first part's is ``""``): parts of about ``PART_ROWS`` rows,
    an article's rows never split."""
    firsts, rows = [""], 0
    for article_id, n in con.execute(f"select article_id, count(*) from {table} group by 1 order by 1").fetchall():
        if rows >= PART_ROWS:
            firsts.append(article_id)
            rows = 0
        rows += n
    return firsts


def _where(firsts: list[str], i: int) -> tuple[str, list[str]]:
    if i + 1 < len(firsts):
        return "article_id >= ? and article_id < ?", [firsts[i], firsts[i + 1]]
    return "article_id >= ?", [firsts[i]]


def _stored_parts(manifest: OutputManifest, table: str, csv: Path, folder: Path) -> dict | None:
    """The manifest's record of the parts, when the files on disk are those it describes."""
    entry = manifest.entries.get(table)
    if not entry or not isinstance(entry.get("parts"), list) or not entry["parts"]:
        return None
    parts = entry["parts"]
    try:
        if csv.stat().st_size != parts[-1]["csv_end"] or not folder.is_dir():
            return None
    except (OSError, KeyError):
        return None
    names = {p.name for p in folder.iterdir()}
    if names != {_part_name(i) for i in range(len(parts))}:
        return None
    return entry


def _export_parts(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path,
                  manifest: OutputManifest) -> TableExport:
    csv, folder = out_dir / f"{table}.csv", out_dir / f"{table}.parquet"
    order = EXPORTED_TABLES[table]
    stored = _stored_parts(manifest, table, csv, folder)
    firsts = [p["first"] for p in stored["parts"]] if stored else _plan(con, table)
    digests = _part_digests(con, table, firsts)
    if stored and any(rows > MAX_PART_ROWS for rows, _digest in digests):
        stored, firsts = None, _plan(con, table)
        digests = _part_digests(con, table, firsts)
    old = stored["parts"] if stored else []
    changed = [i for i, (_rows, digest) in enumerate(digests) if not old or old[i]["hash"] != digest]
    total = sum(rows for rows, _digest in digests)
    if not changed:
        return TableExport(table, total, csv, folder)
    if folder.is_file() or (folder.is_dir() and not stored):
        folder.unlink() if folder.is_file() else shutil.rmtree(folder)
    folder.mkdir(exist_ok=True)
    scratch = out_dir / f".{table}.part.tmp"
    new_csv = out_dir / f".{table}.csv.tmp"
    parts = []
    with open(new_csv, "wb") as out, (open(csv, "rb") if stored else open(os.devnull, "rb")) as before:
        con.execute(f"copy (select * from {table} limit 0) to {_quoted(scratch)} (format csv, header true)")
        out.write(scratch.read_bytes())
        for i, (rows, digest) in enumerate(digests):
            start = out.tell()
            if i in changed:
                where, params = _where(firsts, i)
                select = f"select * from {table} where {where} order by {order}"
                con.execute(f"copy ({select}) to {_quoted(scratch)} (format csv, header false)", params)
                with open(scratch, "rb") as fresh:
                    shutil.copyfileobj(fresh, out, 1 << 20)
                con.execute(f"copy ({select}) to {_quoted(scratch)} (format parquet)", params)
                os.replace(scratch, folder / _part_name(i))
            else:
                _copy(before, out, old[i]["csv_start"], old[i]["csv_end"] - old[i]["csv_start"])
            parts.append({"first": firsts[i], "hash": digest, "rows": rows, "csv_start": start,
                          "csv_end": out.tell()})
    scratch.unlink(missing_ok=True)
    os.replace(new_csv, csv)
    manifest.record(table, f"{total}:{len(parts)}", parts=parts)
    return TableExport(table, total, csv, folder)


def _copy(source, target, start: int, size: int) -> None:
    """``size`` bytes of ``source`` from ``start`` to the end of ``target`` (in the kernel where it can)."""
    target.flush()
    done = 0
    try:
        while done < size:
            sent = os.copy_file_range(source.fileno(), target.fileno(), size - done, start + done)
            if sent == 0:
                break
            done += sent
    except (AttributeError, OSError):
        pass
    target.seek(0, os.SEEK_END)
    source.seek(start + done)
    while done < size:
        chunk = source.read(min(size - done, 1 << 20))
        if not chunk:
            raise OSError(f"{source.name} ended before its recorded parts did")
        target.write(chunk)
        done += len(chunk)

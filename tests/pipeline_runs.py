"""Running the pipeline in tests: small raw folders, runs of the warehouse-writing assets, table snapshots."""

from __future__ import annotations

import csv
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.core.manifest import COLUMNS
from pipelines.defs.automation import writing_assets
from pipelines.defs.resources import resources_for
from tests.support import RAW, ROOT

SAMPLE_IDS = sorted(p.stem for p in RAW.glob("*.txt"))


def raw_folder(dst: Path, ids: list[str] | None = None) -> Path:
    """A raw folder at ``dst`` with the given sample articles (default: the first two) and their manifest."""
    ids = SAMPLE_IDS[:2] if ids is None else ids
    dst.mkdir(parents=True, exist_ok=True)
    for article_id in ids:
        shutil.copyfile(RAW / f"{article_id}.txt", dst / f"{article_id}.txt")
    with open(RAW / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["article_id"] in ids]
    write_manifest(dst, rows)
    return dst


def write_manifest(raw: Path, rows: list[dict]) -> None:
    with open(raw / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@functools.cache
def writers() -> list[dg.AssetsDefinition]:
    from pipelines.definitions import defs

    return writing_assets(defs())


def build(warehouse: Path, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    """Materialise every warehouse-writing asset in this process (DX_RAW_DIR must point at the raw folder)."""
    return dg.materialize(writers(), resources=resources_for(warehouse), raise_on_error=raise_on_error)


def use_folder(monkeypatch, raw: Path, warehouse: Path) -> None:
    """Point the settings at ``raw`` and ``warehouse`` (for the assets and for child processes)."""
    monkeypatch.setenv("DX_RAW_DIR", str(raw))
    monkeypatch.setenv("DX_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("DX_EXPORTS_DIR", str(warehouse.parent / "exports"))
    monkeypatch.delenv("DX_MANIFEST", raising=False)
    monkeypatch.delenv("DX_MAX_ARTICLE_BYTES", raising=False)


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view, those of schema ``internal`` as ``internal.<name>``."""
    return [r[0] for r in con.execute("""
        select case when schema_name = 'main' then table_name else schema_name || '.' || table_name end
        from duckdb_tables() where schema_name in ('main', 'internal')
        union select case when schema_name = 'main' then view_name else schema_name || '.' || view_name end
        from duckdb_views() where schema_name in ('main', 'internal') and not internal
        order by 1""").fetchall()]


def snapshot(warehouse: Path, skip_timestamps: bool = False) -> dict[str, list[tuple]]:
    """Every table and view of the warehouse as ``select * ... order by all`` (timestamps optional)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        result = {}
        for name in tables(con):
            schema, _, table = name.rpartition(".")
            cols = [f'"{c}"' for c, kind in con.execute(
                "select column_name, data_type from information_schema.columns where table_schema = ? "
                "and table_name = ? order by ordinal_position", [schema or "main", table]).fetchall()
                if not (skip_timestamps and kind.startswith("TIMESTAMP"))]
            result[name] = con.execute(f'select {", ".join(cols)} from {schema or "main"}."{table}" '
                                       'order by all').fetchall()
        return result
    finally:
        con.close()


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def article_ids(warehouse: Path) -> list[str]:
    return [r[0] for r in query(warehouse, "select article_id from articles order by 1")]


def writer_selection() -> str:
    """The ``dx build --select`` string for the warehouse-writing assets."""
    return " or ".join(f'key:"{k.to_user_string()}"' for a in writers() for k in sorted(a.keys))


def dx_build(env: dict | None = None, **popen) -> subprocess.Popen:
    """Start ``dx build`` of the warehouse-writing assets in a child process (settings from ``env``)."""
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "build", "--select", writer_selection()],
                            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def dx(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the ``dx`` command line to completion in a child process (settings from ``env``)."""
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)

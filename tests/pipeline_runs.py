"""Running the pipeline in tests: small raw folders, runs of the warehouse-writing assets, table snapshots."""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
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


# Dagster's console logger at CRITICAL, as ``dx build`` runs it: nobody reads the DEBUG lines of a test's run
# (the events are in the result all the same), and formatting some hundred of them costs a tenth of a build.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def build(warehouse: Path, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    """Materialise every warehouse-writing asset in this process (DX_RAW_DIR must point at the raw folder)."""
    return dg.materialize(writers(), resources=resources_for(warehouse), raise_on_error=raise_on_error,
                          run_config=QUIET)


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
    """Every table and view of the warehouse as ``select * ... order by all`` (timestamps optional).

    The columns of every relation come from one ``duckdb_columns()`` query (``information_schema`` per relation
    costs more than the rows of this small a warehouse); one thread reads these few rows at less cost.
    """
    con = duckdb.connect(str(warehouse), read_only=True, config={"threads": 1})
    try:
        columns: dict[str, list[str]] = {}
        for schema, table, col, kind in con.execute(
                "select schema_name, table_name, column_name, data_type from duckdb_columns() "
                "where database_name = current_database() and schema_name in ('main', 'internal') "
                "order by table_oid, column_index").fetchall():
            cols = columns.setdefault(table if schema == "main" else f"{schema}.{table}", [])
            if not (skip_timestamps and kind.startswith("TIMESTAMP")):
                cols.append(f'"{col}"')
        result = {}
        for name in tables(con):
            schema, _, table = name.rpartition(".")
            result[name] = con.execute(f'select {", ".join(columns[name])} from {schema or "main"}."{table}" '
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


def dx_here(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the ``dx`` command line in this process, as :func:`dx` does in a child one (settings from ``env``).

    For tests whose subject is what the command does, not that it runs as a program: the environment is
    restored afterwards (``dx build --allow-removals`` sets a variable), and what the command printed is
    returned as a child's would be.
    """
    from pipelines.cli import main

    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.update(env or {})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["dx", *args], code, out.getvalue(), err.getvalue())


UNKEYED_SETTINGS = ("DX_RAW_DIR", "DX_WAREHOUSE", "DX_EXPORTS_DIR")


class BuildCache:
    """Fresh builds of the warehouse-writing assets, run once per raw folder content and then copied.

    A test whose subject is not the first build (it needs a built warehouse to start from) asks for one with
    :meth:`build`: the first request for a given raw folder content and ``DX_*`` settings builds it, later
    ones copy that warehouse file. The cache folder may be shared by the xdist workers; a cached file is
    put in place by an atomic rename, so a worker never copies a half-written one.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def build(self, warehouse: Path) -> Path:
        """Leave at ``warehouse`` (which must not exist yet) what ``build(warehouse)`` would leave there."""
        assert not warehouse.exists(), f"{warehouse} exists: a cached build only starts a new warehouse"
        key = build_key()
        if key is None:
            build(warehouse)
            return warehouse
        cached = self.folder / f"{key}.duckdb"
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        if not cached.exists():
            build(warehouse)
            part = self.folder / f"{key}.{os.getpid()}.part"
            shutil.copyfile(warehouse, part)
            os.replace(part, cached)
        else:
            shutil.copyfile(cached, warehouse)
        return warehouse


def build_key() -> str | None:
    """A digest of what a fresh build reads: the raw folder's files and the ``DX_*`` settings other than
    where things live. None when the manifest lives outside the raw folder (not worth keying)."""
    if os.environ.get("DX_MANIFEST"):
        return None
    raw = Path(os.environ["DX_RAW_DIR"])
    h = hashlib.sha256()
    for var in sorted(v for v in os.environ if v.startswith("DX_") and v not in UNKEYED_SETTINGS):
        h.update(f"{var}={os.environ[var]}\n".encode())
    for path in sorted(raw.rglob("*")):
        rel = path.relative_to(raw).as_posix()
        if path.is_symlink():
            h.update(f"link {rel} -> {os.readlink(path)}\n".encode())
        elif path.is_file():
            h.update(f"file {rel} {path.stat().st_size}\n".encode())
            h.update(path.read_bytes())
        else:
            h.update(f"dir {rel}\n".encode())
    return h.hexdigest()[:24]

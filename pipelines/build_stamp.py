"""What the last complete ``dx build`` was built from, so that a build with nothing changed runs no step.

A stamp beside the warehouse (``dx.duckdb.build.json``) records, after a build of every asset succeeded,
one key over everything a build reads: the raw folder and the manifest (by content, via
:mod:`pipelines.core.raw_watch`), the code, SQL and catalogue files, the chart settings file and every
``DX_*`` variable; and the published warehouse and the exports folder as they were left (sizes and
modification times). The next ``dx build`` of every asset compares them first: when all are the same it
prints the last summary and stops before Dagster is even imported. Anything else, including a warehouse
or an export written by someone else since, runs the build as usual. No Dagster here.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.core import raw_watch

STAMP_VERSION = 1
CODE_SUFFIXES = (".py", ".sql", ".csv", ".toml")


def stamp_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".build.json")


def _code_files() -> list[Path]:
    from pipelines.chart_config import config_path
    from pipelines.core.catalogue import catalogue_dir

    roots = [PROJECT_ROOT / "pipelines", PROJECT_ROOT / "sql", Path(catalogue_dir())]
    files = {p for root in roots if root.is_dir() for p in root.rglob("*")
             if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts}
    chart_settings = config_path()
    if chart_settings.is_file():
        files.add(chart_settings)
    return sorted(files)


def _listing(folder: Path) -> str:
    """A hash of every file under ``folder``: relative name, size and modification time."""
    h = hashlib.sha256()
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath, name)
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                h.update(f"{path.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _outputs(s: Settings) -> list:
    try:
        st = s.warehouse.stat()
    except FileNotFoundError:
        return [None, None]
    return [[st.st_size, st.st_mtime_ns], _listing(s.exports_dir)]


def _inputs_key(s: Settings, raw: raw_watch.FolderState) -> str:
    h = hashlib.sha256(f"{STAMP_VERSION}\0{raw_watch.digest(raw)}\n".encode())
    for path in _code_files():
        h.update(f"{path}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    for var in sorted(v for v in os.environ if v.startswith("DX_")):
        h.update(f"{var}={os.environ[var]}\n".encode())
    return h.hexdigest()


def _read(path: Path) -> dict | None:
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("version") == STAMP_VERSION else None


def _raw_state(s: Settings, previous: dict | None) -> raw_watch.FolderState:
    known = {k: raw_watch.FileState(*v) for k, v in (previous or {}).items()}
    return raw_watch.read_state(s.raw_dir, known, extra=[s.manifest])


class Snapshot:
    """The inputs as a build starts: recorded only if that build succeeds, so that a file added while it
    ran is not taken for built."""

    def __init__(self, s: Settings):
        self.settings = s
        self.stamp = _read(stamp_path(s.warehouse))
        self.raw = _raw_state(s, self.stamp.get("raw") if self.stamp else None)
        self.key = _inputs_key(s, self.raw)

    def unchanged(self) -> list[str] | None:
        """The last build's summary lines when nothing it read or wrote has changed since; else None."""
        stamp = self.stamp
        if stamp is None or stamp.get("key") != self.key or _outputs(self.settings) != stamp.get("outputs"):
            return None
        return [f"unchanged:    nothing changed since the build of {stamp.get('built', '?')}: no step was run;",
                "              that build's summary:", *(f"  {line}" for line in stamp.get("summary", []))]

    def forget(self) -> None:
        """Drop the stamp before the build runs, so that a build that fails leaves none behind."""
        stamp_path(self.settings.warehouse).unlink(missing_ok=True)

    def record(self, summary: list[str]) -> None:
        """Stamp the build that just succeeded (written atomically; failing to write it is harmless)."""
        path = stamp_path(self.settings.warehouse)
        stamp = {"version": STAMP_VERSION, "built": time.strftime("%Y-%m-%d %H:%M:%S"), "key": self.key,
                 "outputs": _outputs(self.settings), "summary": summary,
                 "raw": {k: [f.size, f.mtime_ns, f.sha256] for k, f in self.raw.items()}}
        tmp = path.with_name(path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(stamp), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)

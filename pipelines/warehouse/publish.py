"""Atomic publication of the warehouse: readers only ever see a complete one.

A run never writes the published file. Its first writing step takes the warehouse lock (a ``flock`` on
``<warehouse>.lock``; a second run waits for it, then fails with a clear message after the timeout),
copies the published file to ``<warehouse>.staging``, and every writing step of the run works on the
staging copy. When the last writing step of the run has finished, the staging copy is checkpointed and
renamed over the published file (``os.replace`` is atomic), and the lock is released.

So a notebook holding a read-only connection keeps reading the old file until it reconnects, a run
killed at any point leaves the last published warehouse untouched (the next run starts a fresh staging
copy), and two runs never write at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.errors import UserError
from pipelines.warehouse.store import ensure_schema


class WarehouseBusyError(UserError, RuntimeError):
    """Another run holds the warehouse lock for longer than we are willing to wait."""


class RunAbandonedError(RuntimeError):
    """A writing step of this run failed earlier, so the run publishes nothing and writes no more."""


def staging_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".staging")


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@dataclass
class _Session:
    run_id: str
    fd: int
    pending: set[str] = field(default_factory=set)


_sessions: dict[Path, _Session] = {}
_abandoned: set[tuple[Path, str]] = set()
_guard = threading.Lock()


def _acquire(lock: Path, timeout_s: float) -> int:
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                os.close(fd)
                raise WarehouseBusyError(
                    f"the warehouse {lock.with_suffix('')} is being written by another run ({holder}); "
                    f"gave up after waiting {timeout_s:.0f} s (set DX_LOCK_TIMEOUT to wait longer)") from None
            time.sleep(0.2)
            continue
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        return fd


def _read_holder(fd: int) -> str:
    """Who holds the lock, from the pid the holder wrote; a pid that is no longer running is not named."""
    try:
        written = os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        written = ""
    match = re.fullmatch(r"pid (\d+)", written)
    if match is None:
        return "holder unknown"
    pid = int(match.group(1))
    if not _running(pid):
        return (f"holder unknown: the lock file names pid {pid}, which is no longer running, so a process it "
                f"started may hold the lock")
    return f"pid {pid}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _release(session: _Session) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(session.fd, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.close(session.fd)


def begin(warehouse: Path, run_id: str, writers: set[str], timeout_s: float = 600) -> Path:
    """Join (or start) the writing session of ``run_id``; return the staging path to write to.

    ``writers`` names every writing step the run will execute; the session publishes after the last one
    calls :func:`finish`. A session left by an earlier run of this process (one that failed before it
    published) is abandoned: its staging copy is discarded. A run that :func:`abandon` ended cannot begin
    again.
    """
    warehouse = Path(warehouse).resolve()
    with _guard:
        if (warehouse, run_id) in _abandoned:
            raise RunAbandonedError(f"an earlier writing step of run {run_id} failed, so it writes nothing "
                                    f"more to {warehouse}; the published warehouse is unchanged")
        session = _sessions.get(warehouse)
        if session is not None and session.run_id == run_id:
            return staging_path(warehouse)
        if session is not None:
            _release(_sessions.pop(warehouse))
        fd = _acquire(lock_path(warehouse), timeout_s)
        staging = staging_path(warehouse)
        try:
            _fresh_staging(warehouse, staging)
        except BaseException:
            os.close(fd)
            raise
        _sessions[warehouse] = _Session(run_id, fd, set(writers))
        return staging


def _fresh_staging(warehouse: Path, staging: Path) -> None:
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if warehouse.exists():
        shutil.copyfile(warehouse, staging)
    con = duckdb.connect(str(staging))
    try:
        ensure_schema(con)
        con.execute("checkpoint")
    finally:
        con.close()


def finish(warehouse: Path, run_id: str, writer: str) -> bool:
    """Mark ``writer`` done; publish the staging copy when it was the run's last writer. True if published."""
    warehouse = Path(warehouse).resolve()
    with _guard:
        session = _sessions.get(warehouse)
        if session is None or session.run_id != run_id:
            raise RuntimeError(f"run {run_id} has no writing session on {warehouse}")
        session.pending.discard(writer)
        if session.pending:
            return False
        try:
            _publish(warehouse)
        finally:
            _release(_sessions.pop(warehouse))
        return True


def abandon(warehouse: Path, run_id: str | None = None) -> None:
    """Drop this process's writing session on ``warehouse`` without publishing, and release the lock.

    With ``run_id``, only that run's session is dropped, and the run cannot begin a new one.
    """
    warehouse = Path(warehouse).resolve()
    with _guard:
        if run_id is not None:
            _abandoned.add((warehouse, run_id))
        session = _sessions.get(warehouse)
        if session is not None and run_id in (None, session.run_id):
            _release(_sessions.pop(warehouse))
            staging_path(warehouse).unlink(missing_ok=True)


def active_staging(warehouse: Path, run_id: str) -> Path | None:
    """The staging copy ``run_id`` is writing, if it holds one in this process."""
    warehouse = Path(warehouse).resolve()
    session = _sessions.get(warehouse)
    return staging_path(warehouse) if session is not None and session.run_id == run_id else None


def _publish(warehouse: Path) -> None:
    staging = staging_path(warehouse)
    con = duckdb.connect(str(staging))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    with open(staging, "rb") as f:
        os.fsync(f.fileno())
    os.replace(staging, warehouse)
    dir_fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)

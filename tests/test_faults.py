"""Faults with nothing lost, with real processes: readers during a run, runs killed, runs at the same time.

A run is a ``dx build`` child process where its being another process is the point (it is killed, it waits
for a lock another process holds); elsewhere it runs in this process, beside the child processes it meets
(the lock message is read from a run in this process that gives up on a lock a child holds).
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse import publish
from tests.pipeline_runs import (
    SAMPLE_IDS,
    build,
    build_key,
    dx_build,
    dx_here,
    raw_folder,
    snapshot,
    use_folder,
    writer_selection,
)
from tests.support import RAW, ROOT

RUN_TIMEOUT_S = 180

READER = r"""
import json, os, sys, time
import duckdb

mode, path, stop = sys.argv[1:4]
def counts(con):
    return con.execute('''select (select count(*) from articles),
                                 (select count(*) from observations
                                  where article_id not in (select article_id from articles))''').fetchone()
held = duckdb.connect(path, read_only=True) if mode == "hold" else None
print("ready", flush=True)
seen, errors, checks = set(), [], 0
while not os.path.exists(stop):
    try:
        if held is not None:
            seen.add(counts(held))
        else:
            con = duckdb.connect(path, read_only=True)
            seen.add(counts(con))
            con.close()
    except Exception as e:
        errors.append(repr(e))
    checks += 1
    time.sleep(0.01)
print(json.dumps({"seen": sorted(seen), "errors": errors[:5], "checks": checks}), flush=True)
"""

HOLDER = r"""
import sys
from pathlib import Path
from pipelines.warehouse import publish

path = Path(sys.argv[1])
publish.begin(path, "holder", {"writer"}, timeout_s=30)
print("holding", flush=True)
sys.stdin.readline()
publish.finish(path, "holder", "writer")
print("released", flush=True)
"""


_FRESH_SNAPSHOTS: dict[str, dict[str, list[tuple]]] = {}


def fresh_build_snapshot(build_cache, warehouse: Path) -> dict[str, list[tuple]]:
    """A fresh (cached) build at ``warehouse`` and its snapshot without timestamps, taken once per build key in
    this process: every fresh build of the same raw folder content is the same warehouse."""
    build_cache.build(warehouse)
    key = build_key()
    if key not in _FRESH_SNAPSHOTS:
        _FRESH_SNAPSHOTS[key] = snapshot(warehouse, skip_timestamps=True)
    return _FRESH_SNAPSHOTS[key]


@pytest.fixture
def site(tmp_path, monkeypatch, build_cache):
    """Two articles built into a warehouse, a third added to the folder: what a run has to do next."""
    raw = raw_folder(tmp_path / "raw", SAMPLE_IDS[:2])
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    before = fresh_build_snapshot(build_cache, warehouse)
    shutil.copyfile(RAW / f"{SAMPLE_IDS[2]}.txt", raw / f"{SAMPLE_IDS[2]}.txt")
    expected_dir = tmp_path / "expected"
    shutil.copytree(raw, expected_dir / "raw")
    monkeypatch.setenv("DX_RAW_DIR", str(expected_dir / "raw"))
    after = fresh_build_snapshot(build_cache, expected_dir / "dx.duckdb")
    monkeypatch.setenv("DX_RAW_DIR", str(raw))
    assert before["articles"] != after["articles"]
    return warehouse, before, after


def finish(proc: subprocess.Popen, timeout: float = RUN_TIMEOUT_S) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def python(script: str, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def wait_for_line(proc: subprocess.Popen, expected: str) -> None:
    line = proc.stdout.readline()
    assert line.startswith(expected), line + proc.stderr.read()


def assert_no_leftovers(warehouse: Path) -> None:
    assert not publish.staging_path(warehouse).exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    con.close()


def test_readers_on_the_published_file_neither_block_a_run_nor_see_it_half_written(site, tmp_path):
    warehouse, before, after = site
    stop = tmp_path / "stop-readers"
    readers = [python(READER, mode, str(warehouse), str(stop)) for mode in ("hold", "poll")]
    for reader in readers:
        wait_for_line(reader, "ready")
    assert build(warehouse).success
    time.sleep(0.3)
    stop.touch()
    held, polled = (json.loads(finish(r, 30)[1].splitlines()[-1]) for r in readers)
    old, new = len(before["articles"]), len(after["articles"])
    assert held["errors"] == [] and polled["errors"] == []
    assert held["seen"] == [[old, 0]], "a held connection must keep seeing the warehouse it opened"
    assert {tuple(s) for s in polled["seen"]} <= {(old, 0), (new, 0)}, "a reader saw a half-written warehouse"
    assert [new, 0] in polled["seen"] and polled["checks"] > 10
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert_no_leftovers(warehouse)


def test_killed_runs_leave_the_last_warehouse_and_the_next_run_completes(site):
    warehouse, before, after = site
    staging = publish.staging_path(warehouse)
    rng = random.Random(6)
    outcomes = []
    for extra_delay in (0.0, rng.uniform(0.05, 0.5), rng.uniform(0.5, 2.0)):
        proc = dx_build()
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while not staging.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(extra_delay)
        proc.kill()
        proc.communicate(timeout=30)
        outcomes.append(snapshot(warehouse, skip_timestamps=True))
        assert outcomes[-1] in (before, after), "a killed run broke the warehouse"
    assert outcomes[0] == before, "a run killed as it started writing must have published nothing"
    assert build(warehouse).success
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert_no_leftovers(warehouse)


def test_two_runs_at_once_both_succeed_one_after_the_other(site):
    warehouse, _, after = site
    staging = publish.staging_path(warehouse)
    child = dx_build()
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while not staging.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert build(warehouse).success, "a run started while another writes must wait for it, then succeed"
    rc, _, err = finish(child)
    assert rc == 0, err[-2000:]
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert_no_leftovers(warehouse)


def test_a_run_waits_for_the_lock_or_gives_up_with_a_clear_message(site):
    warehouse, before, after = site
    holder = python(HOLDER, str(warehouse), stdin=subprocess.PIPE)
    wait_for_line(holder, "holding")
    patient = dx_build({"DX_LOCK_TIMEOUT": "120"})
    impatient = dx_here("build", "--select", writer_selection(), env={"DX_LOCK_TIMEOUT": "1"})
    rc, err = impatient.returncode, impatient.stderr
    assert rc == 1
    assert err.strip().splitlines() == [err.strip()], "the lock timeout must be one line, no traceback"
    assert f"is being written by another run (pid {holder.pid})" in err and "DX_LOCK_TIMEOUT" in err
    time.sleep(1.0)
    assert patient.poll() is None, "a run with a long lock timeout must wait for the lock"
    assert snapshot(warehouse, skip_timestamps=True) == before
    holder.stdin.write("\n")
    holder.stdin.flush()
    wait_for_line(holder, "released")
    holder.wait(timeout=30)
    rc, _, err = finish(patient)
    assert rc == 0, err
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert_no_leftovers(warehouse)


FLOCK_ONLY = r"""
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.readline()
"""


def test_the_lock_message_does_not_name_a_dead_pid_from_a_stale_lock_file(site):
    warehouse, before, _ = site
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=30)
    publish.lock_path(warehouse).write_text(f"pid {dead.pid}", encoding="utf-8")
    holder = python(FLOCK_ONLY, str(publish.lock_path(warehouse)), stdin=subprocess.PIPE)
    wait_for_line(holder, "holding")
    try:
        run = dx_here("build", "--select", writer_selection(), env={"DX_LOCK_TIMEOUT": "1"})
        rc, err = run.returncode, run.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert rc == 1
    assert len(err.strip().splitlines()) == 1, err
    assert f"(pid {dead.pid})" not in err
    assert f"names pid {dead.pid}, which is no longer running" in err
    assert snapshot(warehouse, skip_timestamps=True) == before


def test_failed_publish_keeps_the_published_warehouse(site, monkeypatch):
    warehouse, before, after = site
    real_replace = os.replace

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish.os, "replace", broken_replace)
    result = build(warehouse, raise_on_error=False)
    assert not result.success
    assert snapshot(warehouse, skip_timestamps=True) == before
    monkeypatch.setattr(publish.os, "replace", real_replace)
    build(warehouse)
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert_no_leftovers(warehouse)


def lock_is_free(warehouse: Path) -> bool:
    """True when nobody holds the warehouse lock (a fresh descriptor can take it, even in this process)."""
    fd = os.open(publish.lock_path(warehouse), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture
def without_cyclic_gc():
    """No cyclic garbage collection during the test: whatever a failed step leaves open stays open, every time,
    instead of only when the collector happens not to run in between."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_failed_step_publishes_nothing_and_releases_the_lock(site, monkeypatch, without_cyclic_gc):
    warehouse, before, after = site
    from pipelines.core import batch

    real = batch.extract_article

    def crash(*_args, **_kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(batch, "extract_article", crash)
    assert not build(warehouse, raise_on_error=False).success
    assert snapshot(warehouse, skip_timestamps=True) == before
    assert not publish.staging_path(warehouse).exists()
    assert lock_is_free(warehouse)
    monkeypatch.setattr(batch, "extract_article", real)
    build(warehouse)
    assert snapshot(warehouse, skip_timestamps=True) == after
    assert lock_is_free(warehouse)

"""Worker processes that draw the charts of a ``dx build``, started as the build starts.

Loading matplotlib and reading its fonts costs about half a second a process, and drawing a chart a
quarter of one; a build of a few articles spends longer on its charts than on everything else. So
``dx build`` starts one drawing server first thing (forked before Dagster is imported, so the fork is
cheap). The server loads matplotlib and draws a throwaway figure while the build ingests, extracts and
derives on the other core; when the chart assets start (``pipelines.defs.exports``) it forks its drawing
workers, matplotlib already loaded, and they draw every chart of the run at once, one job a worker at a
time. Only one process loads matplotlib, so the warm-up takes half a core from the build, not a whole one.

A process that never calls :func:`start` (tests, notebooks), or where no process can be forked, draws
as :func:`pipelines.charts.draw_jobs` does. The server ends when :func:`stop` is called or when the build's
process goes (its pipe closes).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

_server: _Server | None = None


def start(workers: int | None = None) -> None:
    """Start the drawing server (it loads matplotlib at once); idempotent."""
    global _server
    if _server is None:
        try:
            _server = _Server(workers or max(1, min(os.cpu_count() or 1, 4)))
        except (ValueError, OSError):  # no fork on this platform, or no process to be had: draw as without
            return
        atexit.register(stop)  # runs before multiprocessing's exit handler waits for the server


def active() -> bool:
    return _server is not None


def draw(fn: Callable, jobs: list) -> None:
    """Run the module-level ``fn`` on every job in the drawing workers (a :data:`pipelines.charts.Draw`),
    several at once; wait for all of them and raise the first job's error, if any. Without a server,
    :func:`pipelines.charts.draw_jobs`."""
    if not jobs:
        return
    server = _server
    if server is None:
        from pipelines.charts import draw_jobs

        draw_jobs(fn, jobs)
        return
    futures = [server.submit(fn, job) for job in jobs]
    errors = [f.exception() for f in futures]
    for error in errors:
        if error is not None:
            raise error


def stop() -> None:
    """End the drawing server (jobs not yet started are dropped)."""
    global _server
    server, _server = _server, None
    if server is not None:
        server.close()


class _Server:
    """The build's side of the drawing server: jobs go down a pipe, results come back on a thread."""

    def __init__(self, workers: int):
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self._conn, workers), name="dx-chart-server")
        self._process.start()
        child.close()
        self._pending: dict[int, Future] = {}
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="dx-chart-results", daemon=True)
        self._reader.start()

    def submit(self, fn: Callable, job) -> Future:
        future: Future = Future()
        with self._lock:
            job_id = next(self._ids)
            self._pending[job_id] = future
            try:
                self._conn.send((job_id, fn, job))
            except (OSError, EOFError) as e:
                self._pending.pop(job_id)
                future.set_exception(RuntimeError(f"the chart drawing server is gone: {e}"))
        return future

    def _read(self) -> None:
        while True:
            try:
                job_id, error = self._conn.recv()
            except (OSError, EOFError):
                break
            with self._lock:
                future = self._pending.pop(job_id, None)
            if future is not None:
                future.set_result(None) if error is None else future.set_exception(error)
        with self._lock:
            left, self._pending = self._pending, {}
        for future in left.values():
            future.set_exception(RuntimeError("the chart drawing server ended before drawing the chart"))

    def close(self) -> None:
        with self._lock, contextlib.suppress(OSError, EOFError):
            self._conn.send(None)
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()
        self._reader.join(timeout=1)


def _serve(conn, builds_end, workers: int) -> None:
    """The server: load matplotlib, then hand each job it receives to a pool forked from itself."""
    builds_end.close()  # so that the pipe closes, and the server ends, when the build's process goes
    from pipelines import charts

    charts.warm_up()
    send_lock = threading.Lock()

    def reply(job_id: int, future: Future) -> None:
        error = future.exception()
        with send_lock:
            try:
                conn.send((job_id, error))
            except Exception:  # an error that cannot be pickled goes back as its type and message
                conn.send((job_id, RuntimeError(_described(error))))

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        while True:
            try:
                message = conn.recv()
            except (OSError, EOFError):
                break
            if message is None:
                break
            job_id, fn, job = message
            pool.submit(fn, job).add_done_callback(lambda f, job_id=job_id: reply(job_id, f))
        pool.shutdown(wait=True, cancel_futures=True)


def _described(error: BaseException | None) -> str:
    lines = traceback.format_exception_only(type(error), error) if error is not None else ["?"]
    return "".join(lines).strip()

"""Scale benchmark: a full build of a generated corpus, an incremental run, a no-change run.

    uv run python benchmarks/scale.py --articles 10000

Generates N articles (benchmarks/generate_corpus.py) into a work folder (once: ``<workdir>/corpus-N`` is
kept and copied for the next run), then materialises the assets that write the warehouse three times in
this process: on the whole corpus, after adding one article, and with nothing changed. With ``--exports``
the exports (assets that only read the warehouse) are timed apart after each of the three: a full export
into an empty folder, then an incremental and a no-change one.

For each run it reports the wall time of ``materialize`` and the work time (first step start to last step
end, from the run's event log); the CPU seconds of this process and its workers for each run and step (on
a shared machine the firmer figure); the peak memory of that process tree (proportional set sizes, both
sampled from /proc every 0.1 s); and extraction throughput (MB of article text per second of the
extraction step). ``--profile FILE`` writes a cProfile of the full build to FILE and one of the
incremental build to FILE.incremental. The exit status is 1 when a target of issue 13 (full build <= 30 s,
incremental work <= 2 s, peak memory <= 1 GB) is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate_corpus  # noqa: E402

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
TARGETS = {"full_s": 30.0, "incremental_work_s": 2.0, "peak_mb": 1024.0}


@dataclass
class RunTiming:
    name: str
    wall_s: float
    work_s: float
    steps: dict[str, float] = field(default_factory=dict)
    spans: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    started: float = 0.0
    step_peak_mb: dict[str, int] = field(default_factory=dict)
    step_cpu_s: dict[str, float] = field(default_factory=dict)
    cpu_s: float = 0.0


class MemorySampler:
    """Peak resident memory of this process and all its descendants, summed, and the CPU seconds they have
    used (their own and their reaped children's), sampled in a thread."""

    def __init__(self, interval_s: float = 0.1):
        self.interval_s = interval_s
        self.peak_kb = 0
        self.samples: list[tuple[float, int, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def peak_between(self, start: float, end: float) -> int:
        """Peak (MB) sampled between two epoch times."""
        return round(max((kb for t, kb, _ in self.samples if start <= t <= end), default=0) / 1024)

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds of the process tree between two epoch times (to the sampling interval)."""
        before = [cpu for t, _, cpu in self.samples if t <= start]
        after = [cpu for t, _, cpu in self.samples if t >= end]
        if not self.samples:
            return 0.0
        return round((after[0] if after else self.samples[-1][2]) - (before[-1] if before else 0.0), 2)

    def _run(self) -> None:
        while not self._stop.is_set():
            kb, cpu = tree_usage(os.getpid())
            self.samples.append((time.time(), kb, cpu))
            self.peak_kb = max(self.peak_kb, kb)
            self._stop.wait(self.interval_s)


def tree_usage(root: int) -> tuple[int, float]:
    """Memory (kB) of process ``root`` and its descendants, from /proc: proportional set sizes, so that pages
    a forked worker shares with its parent are counted once; and the CPU seconds they used, with those of
    the children they have reaped."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
                ticks[int(entry.name)] = sum(int(f) for f in fields[11:15])
            except (OSError, IndexError, ValueError):
                continue
    family, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, ppid in parents.items() if ppid == pid and p not in family]
        family.update(children)
        frontier.extend(children)
    total = 0
    cpu = sum(ticks.get(pid, 0) for pid in family) / os.sysconf("SC_CLK_TCK")
    for pid in family:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total, cpu


def timed_run(name: str, assets, resources: dict, selection=None) -> RunTiming:
    """Materialise ``assets`` (or the ``selection`` of them) once; wall and work time, per-step seconds."""
    import dagster as dg

    with dg.DagsterInstance.ephemeral() as instance:
        started, start = time.time(), time.perf_counter()
        result = dg.materialize(assets, resources=resources, instance=instance, selection=selection,
                                run_config=QUIET)
        wall = time.perf_counter() - start
        logs = instance.all_logs(result.run_id, of_type={dg.DagsterEventType.STEP_START,
                                                          dg.DagsterEventType.STEP_SUCCESS})
    starts, ends = {}, {}
    for entry in logs:
        target = starts if entry.dagster_event.event_type == dg.DagsterEventType.STEP_START else ends
        target[entry.step_key] = entry.timestamp
    spans = {key: (starts[key], ends[key]) for key in ends if key in starts}
    steps = {key: end - start for key, (start, end) in spans.items()}
    work = max(ends.values()) - min(starts.values()) if starts and ends else wall
    return RunTiming(name, wall, work, steps, spans, started)


def profiled(path: Path | None, run):
    """``run()``, under cProfile written to ``path`` when one is given."""
    if path is None:
        return run()
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        return run()
    finally:
        profiler.disable()
        profiler.dump_stats(path)


def text_mb(warehouse: Path) -> float:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select coalesce(sum(strlen(text)), 0) from articles").fetchone()[0] / 1e6
    finally:
        con.close()


def kept_corpus(n: int, kept: Path, raw: Path) -> list[Path]:
    """Copy the corpus of ``n`` articles kept at ``kept`` (generated there first if missing) to ``raw``."""
    if len(list(kept.glob("*.txt"))) != n or not (kept / "manifest.csv").exists():
        shutil.rmtree(kept, ignore_errors=True)
        generate_corpus(n, kept)
    shutil.copytree(kept, raw)
    return sorted(raw.glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workdir", type=Path, help="corpus and warehouse folder (default: a temp dir)")
    parser.add_argument("--profile", type=Path, help="write cProfiles of the full build to this file and of "
                                                     "the incremental one to FILE.incremental")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--exports", action="store_true", help="also time the exports (read-only assets)")
    args = parser.parse_args(argv)

    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dx-scale-"))
    raw, warehouse = workdir / "raw", workdir / "dx.duckdb"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(workdir / "exports", ignore_errors=True)
    for leftover in workdir.glob("dx.duckdb*"):
        leftover.unlink()
    start = time.perf_counter()
    paths = kept_corpus(args.articles, workdir / f"corpus-{args.articles}", raw)
    raw_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {len(paths)} articles, {raw_mb:.1f} MB in {raw} ({time.perf_counter() - start:.1f} s)")
    os.environ.update({"DX_RAW_DIR": str(raw), "DX_WAREHOUSE": str(warehouse),
                       "DX_EXPORTS_DIR": str(workdir / "exports")})
    os.environ.pop("DX_MANIFEST", None)

    from pipelines.definitions import defs
    from pipelines.defs.automation import writing_assets
    from pipelines.defs.resources import resources_for

    definitions = defs()
    writers = writing_assets(definitions)
    everything = [a for a in definitions.assets or [] if hasattr(a, "keys")]
    readers = [a for a in everything if a not in writers]
    resources = resources_for(warehouse)

    runs: list[RunTiming] = []
    with MemorySampler() as memory:
        runs.append(profiled(args.profile, lambda: timed_run("full", writers, resources)))
        extracted_mb = text_mb(warehouse)
        exports = readers and args.exports
        selection = [k for a in readers for k in a.keys]
        if exports:
            runs.append(timed_run("exports full", everything, resources, selection=selection))
        generate_corpus(1, raw, first=args.articles)
        runs.append(profiled(args.profile and args.profile.with_name(args.profile.name + ".incremental"),
                             lambda: timed_run("incremental (+1 article)", writers, resources)))
        if exports:
            runs.append(timed_run("exports incremental", everything, resources, selection=selection))
        runs.append(timed_run("no change", writers, resources))
        if exports:
            runs.append(timed_run("exports no change", everything, resources, selection=selection))
    for run in runs:
        run.step_peak_mb = {key: memory.peak_between(*span) for key, span in run.spans.items()}
        run.step_cpu_s = {key: memory.cpu_between(*span) for key, span in run.spans.items()}
        run.cpu_s = memory.cpu_between(run.started, run.started + run.wall_s)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    extract_s = runs[0].steps.get("extracted", float("nan"))
    by_name = {run.name: run for run in runs}

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n{'run':<28}{'wall s':>9}{'work s':>9}{'CPU s':>9}   slowest steps (wall s / CPU s)")
    for run in runs:
        slow = ", ".join(f"{k} {v:.1f}/{run.step_cpu_s.get(k, 0):.1f}"
                         for k, v in sorted(run.steps.items(), key=lambda kv: -kv[1])[:3])
        print(f"{run.name:<28}{run.wall_s:>9.2f}{run.work_s:>9.2f}{run.cpu_s:>9.1f}   {slow}")
    figures = {
        "articles": args.articles, "raw_mb": round(raw_mb, 1), "text_mb": round(extracted_mb, 1),
        "full_s": round(runs[0].wall_s, 2), "full_work_s": round(runs[0].work_s, 2),
        "full_cpu_s": runs[0].cpu_s,
        "incremental_s": round(by_name["incremental (+1 article)"].wall_s, 2),
        "incremental_work_s": round(by_name["incremental (+1 article)"].work_s, 2),
        "no_change_s": round(by_name["no change"].wall_s, 2),
        "no_change_work_s": round(by_name["no change"].work_s, 2),
        **{f"exports_{kind}_s": round(by_name[f"exports {kind.replace('_', ' ')}"].wall_s, 2)
           if f"exports {kind.replace('_', ' ')}" in by_name else None
           for kind in ("full", "incremental", "no_change")},
        "peak_mb": round(memory.peak_kb / 1024), "maxrss_self_mb": round(self_mb),
        "maxrss_largest_child_mb": round(child_mb),
        "extract_mb_per_s": round(extracted_mb / extract_s, 2) if extract_s == extract_s else None,
        "runs": [asdict(r) for r in runs],
    }
    peaks = ", ".join(f"{k} {v}" for k, v in sorted(runs[0].step_peak_mb.items(), key=lambda kv: -kv[1])[:4])
    print(f"\npeak memory by step of the full build (MB): {peaks}")
    print(f"peak memory (process tree PSS, sampled): {figures['peak_mb']} MB; "
          f"maxrss self {self_mb:.0f} MB, largest child {child_mb:.0f} MB")
    print(f"extraction: {extracted_mb:.1f} MB of text in {extract_s:.1f} s "
          f"= {figures['extract_mb_per_s']} MB/s")
    missed = [f"{k} {figures[k]} > {limit}" for k, limit in TARGETS.items() if figures[k] > limit]
    print("targets: " + ("all met" if not missed else "MISSED " + "; ".join(missed)))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())

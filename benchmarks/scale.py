"""Scale benchmark: a full build of a generated corpus, an incremental run, a no-change run.

    uv run python benchmarks/scale.py --articles 10000

Generates N articles (benchmarks/generate_corpus.py) into a work folder (once: ``<workdir>/corpus-N`` is
kept and copied for the next run), then materialises the assets that
write the warehouse three times in this process: on the whole corpus, after adding one article, and with
nothing changed. With ``--exports`` the exports (assets that only read the warehouse) are timed apart
after each of the three: a full export into an empty folder, then an incremental and a no-change one.
For each run it reports the wall time of ``materialize`` and the work time
(first step start to last step end, from the run's event log); then the peak memory of this process and
its worker processes together (proportional set sizes sampled from /proc every 0.1 s), and extraction
throughput (MB of article text per second of the extraction step). ``--profile FILE`` writes a cProfile
of the full build. The exit status is 1 when a target (full build <= 60 s, incremental work <= 5 s, peak
memory <= 1.5 GB) is missed.
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
TARGETS = {"full_s": 60.0, "incremental_work_s": 5.0, "peak_mb": 1536.0}


@dataclass
class RunTiming:
    name: str
    wall_s: float
    work_s: float
    steps: dict[str, float] = field(default_factory=dict)
    spans: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    step_peak_mb: dict[str, int] = field(default_factory=dict)


class MemorySampler:
    """Peak resident memory of this process and all its descendants, summed, sampled in a thread."""

    def __init__(self, interval_s: float = 0.1):
        self.interval_s = interval_s
        self.peak_kb = 0
        self.samples: list[tuple[float, int]] = []
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
        return round(max((kb for t, kb in self.samples if start <= t <= end), default=0) / 1024)

    def _run(self) -> None:
        while not self._stop.is_set():
            kb = tree_rss_kb(os.getpid())
            self.samples.append((time.time(), kb))
            self.peak_kb = max(self.peak_kb, kb)
            self._stop.wait(self.interval_s)


def tree_rss_kb(root: int) -> int:
    """Memory (kB) of process ``root`` and its descendants, from /proc: proportional set sizes, so that pages
    a forked worker shares with its parent are counted once."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, ppid in parents.items() if ppid == pid and p not in family]
        family.update(children)
        frontier.extend(children)
    total = 0
    for pid in family:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def timed_run(name: str, assets, resources: dict, selection=None) -> RunTiming:
    """Materialise ``assets`` (or the ``selection`` of them) once; wall and work time, per-step seconds."""
    import dagster as dg

    with dg.DagsterInstance.ephemeral() as instance:
        start = time.perf_counter()
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
    return RunTiming(name, wall, work, steps, spans)


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
    parser.add_argument("--profile", type=Path, help="write a cProfile of the full build to this file")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--exports", action="store_true", help="also time the exports (read-only assets)")
    args = parser.parse_args(argv)

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
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        runs.append(timed_run("full", writers, resources))
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        extracted_mb = text_mb(warehouse)
        exports = readers and args.exports
        selection = [k for a in readers for k in a.keys]
        if exports:
            runs.append(timed_run("exports full", everything, resources, selection=selection))
        generate_corpus(1, raw, first=args.articles)
        runs.append(timed_run("incremental (+1 article)", writers, resources))
        if exports:
            runs.append(timed_run("exports incremental", everything, resources, selection=selection))
        runs.append(timed_run("no change", writers, resources))
        if exports:
            runs.append(timed_run("exports no change", everything, resources, selection=selection))
    for run in runs:
        run.step_peak_mb = {key: memory.peak_between(*span) for key, span in run.spans.items()}
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    extract_s = runs[0].steps.get("extracted", float("nan"))
    by_name = {run.name: run for run in runs}

    print(f"\n{'run':<28}{'wall s':>9}{'work s':>9}   slowest steps")
    for run in runs:
        slow = ", ".join(f"{k} {v:.1f}" for k, v in sorted(run.steps.items(), key=lambda kv: -kv[1])[:3])
        print(f"{run.name:<28}{run.wall_s:>9.2f}{run.work_s:>9.2f}   {slow}")
    figures = {
        "articles": args.articles, "raw_mb": round(raw_mb, 1), "text_mb": round(extracted_mb, 1),
        "full_s": round(runs[0].wall_s, 2), "full_work_s": round(runs[0].work_s, 2),
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

"""Exports benchmark: the read-only assets (charts, evidence report, table files) on saved warehouses.

    uv run python benchmarks/exports_bench.py --articles 2000 --workdir /tmp/dx-exports

The first run builds two warehouses of a generated corpus (``benchmarks/generate_corpus.py``) and keeps
them in the work folder: ``wh-N.duckdb`` (N articles) and ``wh-N+1.duckdb`` (one article added). Each run
then times, in this process, three runs of the export assets the way ``dx build`` runs them (the chart
drawing server of ``pipelines.chart_pool`` started first; ``--no-pool`` draws as tests and notebooks do):

- ``full``: on the N-article warehouse, into an empty exports folder;
- ``incremental``: on the N+1-article warehouse, into that folder;
- ``no change``: the same again.

For each it prints wall seconds, CPU seconds (this process and all its descendants, from ``/proc``), the
files written (new or changed modification time) and the peak memory of the process tree (proportional
set sizes, sampled every 0.1 s). The warehouses are copied before each run, so that old and new code can be
timed on the same inputs one after the other (``PYTHONPATH`` names the checkout to time).
``--profile DIR`` writes a cProfile of each run.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate_corpus  # noqa: E402
from scale import QUIET, MemorySampler, kept_corpus  # noqa: E402


def tree_cpu_s(root: int) -> float:
    """CPU seconds used so far by process ``root`` and its descendants, live or reaped: each live process's
    utime, stime and its reaped children's times, from /proc."""
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = sum(int(f) for f in fields[11:15])
    family, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, ppid in parents.items() if ppid == pid and p not in family]
        family.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0) for pid in family) / os.sysconf("SC_CLK_TCK")


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def build_warehouses(n: int, workdir: Path) -> tuple[Path, Path]:
    """``wh-N.duckdb`` and ``wh-N+1.duckdb`` in ``workdir``, built once."""
    before, after = workdir / f"wh-{n}.duckdb", workdir / f"wh-{n + 1}.duckdb"
    if before.exists() and after.exists():
        return before, after
    import dagster as dg

    raw, warehouse = workdir / "raw", workdir / "build.duckdb"
    shutil.rmtree(raw, ignore_errors=True)
    for leftover in workdir.glob("build.duckdb*"):
        leftover.unlink()
    kept_corpus(n, workdir / f"corpus-{n}", raw)
    os.environ.update({"DX_RAW_DIR": str(raw), "DX_WAREHOUSE": str(warehouse),
                       "DX_EXPORTS_DIR": str(workdir / "build-exports")})
    from pipelines.definitions import defs
    from pipelines.defs.automation import writing_assets
    from pipelines.defs.resources import resources_for

    writers = writing_assets(defs())
    resources = resources_for(warehouse)
    for out, add in ((before, False), (after, True)):
        if add:
            generate_corpus(1, raw, first=n)
        with dg.DagsterInstance.ephemeral() as instance:
            dg.materialize(writers, resources=resources, instance=instance, run_config=QUIET)
        shutil.copyfile(warehouse, out)
    return before, after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--no-pool", action="store_true", help="draw without the chart drawing server")
    parser.add_argument("--profile", type=Path, help="write a cProfile of each run into this folder")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--only", choices=["full", "incremental", "no change"], action="append",
                        help="time only these runs (the earlier ones still run, untimed)")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not args.no_pool:
        from pipelines import chart_pool

        chart_pool.start()  # as `dx build` does, before Dagster is imported
    before, after = build_warehouses(args.articles, args.workdir)

    import dagster as dg

    from pipelines import chart_pool
    from pipelines.definitions import defs
    from pipelines.defs.automation import writing_assets
    from pipelines.defs.resources import resources_for

    run_wh, exports = args.workdir / "run.duckdb", args.workdir / "exports"
    shutil.rmtree(exports, ignore_errors=True)
    os.environ.update({"DX_WAREHOUSE": str(run_wh), "DX_EXPORTS_DIR": str(exports)})
    definitions = defs()
    writers = writing_assets(definitions)
    everything = [a for a in definitions.assets or [] if hasattr(a, "keys")]
    readers = [a for a in everything if a not in writers]
    selection = [k for a in readers for k in a.keys]
    resources = resources_for(run_wh)

    figures = {"articles": args.articles, "pool": chart_pool.active(), "load_start": os.getloadavg()[0],
               "runs": []}
    print(f"{'run':<14}{'wall s':>8}{'CPU s':>8}{'files':>7}{'peak MB':>9}")
    for name, source in (("full", before), ("incremental", after), ("no change", after)):
        for leftover in args.workdir.glob("run.duckdb*"):
            leftover.unlink()
        shutil.copyfile(source, run_wh)
        seen = _files(exports) if exports.exists() else {}
        profiler = cProfile.Profile() if args.profile else None
        cpu_before = tree_cpu_s(os.getpid())
        with MemorySampler() as memory:
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            with dg.DagsterInstance.ephemeral() as instance:
                result = dg.materialize(everything, resources=resources, instance=instance, selection=selection,
                                        run_config=QUIET)
            if profiler:
                profiler.disable()
            wall = time.perf_counter() - start
        cpu = tree_cpu_s(os.getpid()) - cpu_before
        now = _files(exports)
        written = sorted(f for f, mtime in now.items() if seen.get(f) != mtime)
        if profiler:
            args.profile.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(args.profile / f"{name.replace(' ', '_')}.prof")
        run = {"name": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "written": len(written),
               "peak_mb": round(memory.peak_kb / 1024), "success": result.success,
               "written_sample": written[:20]}
        figures["runs"].append(run)
        if not args.only or name in args.only:
            print(f"{name:<14}{wall:>8.2f}{cpu:>8.2f}{len(written):>7}{run['peak_mb']:>9}")
            if name != "full":
                print("   written:", ", ".join(written[:12]) + (" …" if len(written) > 12 else ""))
    figures["load_end"] = os.getloadavg()[0]
    print(f"load average {figures['load_start']:.2f} → {figures['load_end']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    chart_pool.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

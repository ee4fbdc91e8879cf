"""Every row of the speed table (issue 13) from one command, each figure beside a reference measured in the
same run where one exists.

    uv run python benchmarks/run_all.py                      # samples, 1 000 and 10 000 articles, tests
    uv run python benchmarks/run_all.py --articles 100000    # and the 100 000-article row
    uv run python benchmarks/run_all.py --quick              # samples only (no generated corpus, no tests)

Rows:

- extraction throughput on one core over the sample articles (CPU time of this process), and the ratio to a
  bare number-regex scan (``\\d+(?:[.,]\\d+)*``) of the same text, timed the same way just before;
- ``dx build`` of the five samples into a new warehouse, in a child process, beside the time a child
  process takes to ``import dagster`` (the floor any Dagster build pays), in wall and in CPU seconds (the
  child's and its workers'; on a shared machine the CPU ratio moves least with the load);
- ``dx build`` again with nothing changed, as a share of the first;
- the 10 000-article corpus (``benchmarks/generate_corpus.py``) through ``benchmarks/scale.py``: full build
  and full exports, one article added (build + exports) as a share of the full build, peak memory of the
  process tree;
- the full build at 1 000, 10 000 and ``--articles`` articles: seconds per 1 000 articles at each size,
  and the largest size's cost per article over the smallest's (1.0 is linear);
- the test suite (``pytest -n 2 -q``), wall time.

The machine's load average is printed at the start and the end: on a shared machine the ratios are the
firm figures. ``--json FILE`` also writes every figure. The exit status is 0 whatever the figures are:
targets are printed, not enforced.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_throughput import measure, sample_articles  # noqa: E402

BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Row:
    measure: str
    figure: str
    reference: str
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        return [self.measure, self.figure, self.reference, self.target,
                "-" if self.met is None else "yes" if self.met else "NO"]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def bare_scan_rate(articles: list[tuple[str, str]], seconds: float) -> float:
    """MB per CPU second of a bare number-regex scan of the same texts."""
    size = sum(len(text.encode("utf-8")) for text, _ in articles)
    rounds, cpu = 0, time.process_time()
    while True:
        for text, _ in articles:
            for _m in BARE_NUMBER.finditer(text):
                pass
        rounds += 1
        spent = time.process_time() - cpu
        if spent >= seconds:
            return size * rounds / spent / 1e6


def extraction_row(seconds: float) -> tuple[Row, dict]:
    articles = sample_articles()
    bare = bare_scan_rate(articles, seconds)
    rate, _wall, per_s = measure(articles, seconds)
    figures = {"extract_mb_s": round(rate, 2), "bare_scan_mb_s": round(bare, 1), "ratio": round(bare / rate, 1),
               "articles_s": round(per_s)}
    return Row("extraction throughput, one core, samples", f"{rate:.2f} MB/s ({per_s:.0f} articles/s)",
               f"1/{bare / rate:.0f} of a bare number-regex scan ({bare:.0f} MB/s)", ">= 10 MB/s, within 1/10",
               rate >= 10 and bare / rate <= 10), figures


def _child(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, done


def _timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds (user + system, the child and the processes it waited for) and the run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, done = _child(args, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, done


def small_build_rows() -> tuple[list[Row], dict]:
    with tempfile.TemporaryDirectory(prefix="dx-small-") as tmp:
        env = {"DX_WAREHOUSE": str(Path(tmp) / "dx.duckdb"), "DX_EXPORTS_DIR": str(Path(tmp) / "exports")}
        for var in ("DX_RAW_DIR", "DX_MANIFEST"):
            env[var] = os.environ.get(var, "")
        floor, floor_cpu, _ = _timed_child([sys.executable, "-c", "import dagster"], env)
        new, new_cpu, first = _timed_child([sys.executable, "-m", "pipelines.cli", "build"], env)
        same, _cpu, second = _timed_child([sys.executable, "-m", "pipelines.cli", "build"], env)
    for run in (first, second):
        if run.returncode:
            raise SystemExit(f"dx build failed:\n{run.stderr[-2000:]}")
    figures = {"new_s": round(new, 2), "no_change_s": round(same, 2), "import_dagster_s": round(floor, 2),
               "new_cpu_s": round(new_cpu, 2), "import_dagster_cpu_s": round(floor_cpu, 2)}
    return [
        Row("`dx build` of the 5 samples, new warehouse", f"{new:.1f} s ({new_cpu:.1f} CPU-s)",
            f"{new / floor:.1f} × a bare `import dagster` ({floor:.1f} s); CPU {new_cpu / floor_cpu:.1f} × "
            f"({floor_cpu:.1f} CPU-s)", "<= 4 s", new <= 4),
        Row("`dx build` with nothing changed", f"{same:.2f} s", f"{same / new:.0%} of the new build",
            "<= 2 s", same <= 2),
    ], figures


def scale_run(articles: int, exports: bool, workdir: Path) -> dict:
    out = workdir / f"scale-{articles}.json"
    args = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--articles", str(articles),
            "--workdir", str(workdir / f"corpus-{articles}"), "--json", str(out)]
    if exports:
        args.append("--exports")
    print(f"  scale.py --articles {articles}{' --exports' if exports else ''} (load {load()}) ...", flush=True)
    _s, done = _child(args, {})
    if not out.exists():
        raise SystemExit(f"scale.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    figures = json.loads(out.read_text())
    figures.pop("runs", None)
    return figures


def large_rows(articles: int, workdir: Path) -> tuple[list[Row], dict]:
    sizes = sorted({1000, 10000, articles})
    runs = {n: scale_run(n, n == 10000, workdir) for n in sizes}
    ten = runs[10000]
    inc = ten["incremental_s"] + (ten["exports_incremental_s"] or 0)
    rows = [
        Row("10 000 articles: full build / full exports", f"{ten['full_s']:.0f} s / {ten['exports_full_s']:.0f} s",
            f"extraction {ten['extract_mb_per_s']} MB/s of text in the pipeline", "<= 30 s / <= 30 s",
            ten["full_s"] <= 30 and ten["exports_full_s"] <= 30),
        Row("10 000 articles: one article added (build + exports)",
            f"{ten['incremental_s']:.1f} s + {ten['exports_incremental_s']:.1f} s",
            f"{inc / ten['full_s']:.1%} of the full build", "<= 2 s in all", inc <= 2),
        Row("peak memory at 10 000", f"{ten['peak_mb']} MB", f"{ten['peak_mb'] / 10:.0f} MB per 1 000 articles",
            "<= 1 GB", ten["peak_mb"] <= 1024),
    ]
    per_k = {n: runs[n]["full_s"] / n * 1000 for n in sizes}
    curve = " / ".join(f"{n // 1000}k {runs[n]['full_s']:.0f} s ({per_k[n]:.2f} s per 1k)" for n in sizes)
    linear = per_k[sizes[-1]] / per_k[sizes[0]]
    if 100000 in runs:
        big = runs[100000]
        rows.append(Row("100 000 articles", f"full build {big['full_s'] / 60:.1f} min, {big['peak_mb']} MB",
                        f"curve {curve}; cost per article at 100k / at 1k = {linear:.2f}",
                        "<= 10 min, <= 2 GB, linear", big["full_s"] <= 600 and big["peak_mb"] <= 2048))
    else:
        rows.append(Row("100 000 articles", "not run (opt in: --articles 100000)",
                        f"curve {curve}; cost per article at {sizes[-1] // 1000}k / at 1k = {linear:.2f}",
                        "<= 10 min, <= 2 GB, linear", None))
    return rows, {str(n): r for n, r in runs.items()}


def tests_row() -> tuple[Row, dict]:
    seconds, done = _child([sys.executable, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"], {})
    tail = (done.stdout.strip().splitlines() or ["?"])[-1]
    return Row("test suite, `pytest -n 2`", f"{seconds:.0f} s", tail.strip("= "), "<= 90 s, same coverage",
               seconds <= 90 and done.returncode == 0), {"seconds": round(seconds, 1), "result": tail}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000, help="the largest corpus of the curve (100000 for "
                                                                "the 100 000-article row)")
    ap.add_argument("--seconds", type=float, default=3.0, help="measuring time of each extraction rate")
    ap.add_argument("--quick", action="store_true", help="samples only: no generated corpus, no test suite")
    ap.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    ap.add_argument("--workdir", type=Path, help="where the generated corpora go (default: a temp dir)")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    args = ap.parse_args(argv)
    started = load()
    print(f"load at start: {started}", flush=True)
    rows, figures = [], {"load_start": started}
    row, figures["extraction"] = extraction_row(args.seconds)
    rows.append(row)
    small, figures["small_build"] = small_build_rows()
    rows += small
    if not args.quick:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dx-bench-"))
        large, figures["scale"] = large_rows(args.articles, workdir)
        rows += large
        if not args.skip_tests:
            row, figures["tests"] = tests_row()
            rows.append(row)
    figures["load_end"] = load()
    header = ["measure", "measured", "reference (same run)", "target", "met"]
    table = [header, *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print()
    for n, line in enumerate(table):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(f"\nload average at start {started}; at end {figures['load_end']}")
    if args.json:
        args.json.write_text(json.dumps({**figures, "rows": [asdict(r) for r in rows]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

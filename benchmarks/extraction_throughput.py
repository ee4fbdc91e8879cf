"""Extraction throughput on one core: MB of article text per second through ``extract_article``.

    uv run python benchmarks/extraction_throughput.py [--seconds 3] [--target 2.0]

Reads the sample articles (``data/raw/*.txt``, periods from ``data/raw/manifest.csv``), warms the cue
index up once, then extracts them over and over for at least ``--seconds`` and prints the rate in MB of
UTF-8 text per second, both per second of CPU time of this single-threaded process (the one-core rate,
which other processes on the machine do not slow down) and per second of wall time. With ``--target``
the exit status is 1 when the one-core rate is below that many MB/s.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.core.extract import extract_article  # noqa: E402

RAW = ROOT / "data" / "raw"


def sample_articles(raw: Path = RAW) -> list[tuple[str, str]]:
    """(text, period_id) of every sample article."""
    with open(raw / "manifest.csv", encoding="utf-8") as f:
        periods = {r["article_id"]: r["period_id"] for r in csv.DictReader(f)}
    return [(unicodedata.normalize("NFC", p.read_text(encoding="utf-8")), periods[p.stem])
            for p in sorted(raw.glob("*.txt"))]


def measure(articles: list[tuple[str, str]], seconds: float) -> tuple[float, float, float]:
    """(MB per CPU second, MB per wall second, articles per CPU second) over at least ``seconds``."""
    size = sum(len(text.encode("utf-8")) for text, _ in articles)
    for text, period_id in articles:
        extract_article(text, period_id)
    rounds, wall, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        for text, period_id in articles:
            extract_article(text, period_id)
        rounds += 1
        wall_s, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
        if wall_s >= seconds:
            return size * rounds / cpu_s / 1e6, size * rounds / wall_s / 1e6, len(articles) * rounds / cpu_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum measuring time")
    ap.add_argument("--target", type=float, default=None, help="exit 1 below this many MB/s")
    args = ap.parse_args()
    articles = sample_articles()
    cpu_rate, wall_rate, per_s = measure(articles, args.seconds)
    print(f"extract_article: {cpu_rate:.2f} MB/s on one core ({per_s:.0f} articles/s; "
          f"{wall_rate:.2f} MB/s of wall time; {len(articles)} sample articles)")
    return 1 if args.target is not None and cpu_rate < args.target else 0


if __name__ == "__main__":
    sys.exit(main())

"""How often each row of ``catalogue/metric_cues.csv`` gives an observation its metric.

Counts the sentences each cue row fires on (directly or carried to a change or series: ``inherit``) in
the sample articles (``data/raw``) and in the test fixtures (``tests/fixtures/unseen*``,
``indicator_sentences.csv``), so the rows that fit one sentence or never fire are easy to review::

    .venv/bin/python benchmarks/cue_usage.py [--max-uses N]
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from pipelines.core.extract import default_vocabulary, extract_article
from pipelines.core.metric_match import CUES_CSV

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
_RULE_RE = re.compile(r"cue:(\d+) ")


def _articles(folder: Path) -> list[tuple[str, str, str | None]]:
    """(name, text, period_id) of the articles a manifest lists in ``folder``."""
    with open(folder / "manifest.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        path = folder / f"{row['article_id']}.txt"
        if path.exists():
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            out.append((f"{folder.name}/{row['article_id']}", text, row.get("period_id") or None))
    return out


def _fixture_texts() -> list[tuple[str, str, str | None]]:
    texts = _articles(FIXTURES / "unseen") + _articles(FIXTURES / "unseen2")
    with open(FIXTURES / "indicator_sentences.csv", encoding="utf-8") as f:
        seen = {}
        for row in csv.DictReader(f):
            seen.setdefault(row["sentence_id"], (f"sentences/{row['sentence_id']}", row["sentence"],
                                                 row["reporting_period"] or None))
    return texts + list(seen.values())


def usage() -> dict[int, dict[str, set[tuple[str, int]]]]:
    """cue line → {"samples"|"fixtures": the (text, sentence start) pairs it fired on}."""
    fired: dict[int, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: defaultdict(set))
    for group, texts in (("samples", _articles(ROOT / "data" / "raw")), ("fixtures", _fixture_texts())):
        for name, text, period in texts:
            for o in extract_article(text, period).observations:
                m = _RULE_RE.search(o.rule)
                if m:
                    fired[int(m.group(1))][group].add((name, o.evidence_start))
    return fired


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-uses", type=int, default=None,
                        help="only rows firing on at most this many sentences in all")
    args = parser.parse_args()
    fired = usage()
    rows = sorted(default_vocabulary().cues.cues, key=lambda c: c.line)
    print(f"{'line':>4} {'samples':>7} {'fixtures':>8}  metric_id / cue  ({CUES_CSV.name})")
    for cue in rows:
        n_samples, n_fixtures = (len(fired[cue.line][g]) for g in ("samples", "fixtures"))
        if args.max_uses is not None and n_samples + n_fixtures > args.max_uses:
            continue
        print(f"{cue.line:>4} {n_samples:>7} {n_fixtures:>8}  {cue.metric_id} / {cue.where}:{cue.phrases[0]}")


if __name__ == "__main__":
    main()

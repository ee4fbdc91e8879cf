"""Build a corpus of N articles from the five sample articles, for the scale benchmark.

Each generated article takes the header lines of one sample (title, date line, page leftovers), then
paragraphs of sentences drawn from all the samples, with every number varied (a level moves by up to a
quarter, a count stays a whole number, thousands separators and decimal commas are kept) and every year
moved by the article's own shift, which also moves its manifest period. So every article is different,
extraction does real work on it, and the same seed always gives the same corpus.

    uv run python benchmarks/generate_corpus.py 10000 /tmp/corpus
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "raw"
SEED = 20240601
MANIFEST_COLUMNS = ["article_id", "published_date", "period_id", "source_url", "publisher", "notes"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-3]\d)\b")


@dataclass(frozen=True)
class Sample:
    article_id: str
    header: list[str]
    sentences: list[str]
    period_id: str
    published_date: date | None


def load_samples(folder: Path = SAMPLES) -> list[Sample]:
    """The sample articles: first three lines as the header, the rest split into sentences."""
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        manifest = {row["article_id"]: row for row in csv.DictReader(f)}
    samples = []
    for path in sorted(folder.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        sentences = [s for line in lines[3:] for s in _SENTENCE_END.split(line.strip()) if len(s) > 20]
        row = manifest.get(path.stem, {})
        published = row.get("published_date") or None
        samples.append(Sample(path.stem, lines[:3], sentences, row.get("period_id") or "2023",
                              date.fromisoformat(published) if published else None))
    return samples


def vary_number(raw: str, rng: random.Random) -> str:
    """The number written in ``raw`` (Vietnamese style: 1.928.311 or 80,2) moved by up to 25 %, same style."""
    grouped = "." in raw and all(len(g) == 3 for g in raw.split(",")[0].split(".")[1:])
    whole, _, decimals = raw.replace(".", "").partition(",") if grouped else raw.partition(",")
    if not grouped and "." in raw:
        return raw
    value = float(f"{whole}.{decimals}" if decimals else whole) * rng.uniform(0.75, 1.25)
    text = f"{value:.{len(decimals)}f}".replace(".", ",") if decimals else str(max(1, round(value)))
    if grouped:
        head, _, tail = text.partition(",")
        text = f"{int(head):,}".replace(",", ".") + (f",{tail}" if tail else "")
    return text


def vary_sentence(sentence: str, shift: int, rng: random.Random) -> str:
    """Move the years by ``shift`` and vary every other number (dates and document numbers kept)."""
    def replace(m: re.Match) -> str:
        raw = m.group()
        before, after = sentence[max(0, m.start() - 1):m.start()], sentence[m.end():m.end() + 1]
        if _YEAR.fullmatch(raw):
            return str(int(raw) + shift)
        if "/" in (before, after) or ":" in (before, after):
            return raw
        return vary_number(raw, rng)
    return _NUMBER.sub(replace, sentence)


def shift_period(period_id: str, shift: int) -> str:
    year, sep, rest = period_id.partition("-")
    return f"{int(year) + shift}{sep}{rest}"


def make_article(n: int, samples: list[Sample], rng: random.Random) -> tuple[str, str, dict]:
    """The id, text and manifest row of generated article ``n``."""
    base = samples[n % len(samples)]
    pool = [s for sample in samples for s in sample.sentences]
    shift = rng.randint(-4, 1)
    paragraphs = []
    for _ in range(rng.randint(6, 14)):
        picked = [base.sentences[rng.randrange(len(base.sentences))]] + rng.sample(pool, rng.randint(1, 4))
        paragraphs.append(" ".join(vary_sentence(s, shift, rng) for s in picked))
    header = [vary_sentence(line, shift, rng) for line in base.header]
    text = "\n\n".join(header + paragraphs) + "\n"
    article_id = f"gen{n:06d}_{hashlib.sha256(text.encode()).hexdigest()[:12]}"
    published = base.published_date
    if published is not None:
        published = published.replace(year=published.year + shift, day=min(published.day, 28))
    row = {"article_id": article_id, "published_date": published.isoformat() if published else "",
           "period_id": shift_period(base.period_id, shift), "source_url": "", "publisher": "",
           "notes": f"generated from {base.article_id}"}
    return article_id, text, row


def generate_corpus(n: int, outdir: Path, seed: int = SEED, first: int = 0) -> list[Path]:
    """Write articles ``first`` .. ``first + n - 1`` and their manifest rows into ``outdir``.

    With ``first`` > 0 the articles and rows are added to an existing corpus (its manifest is extended).
    Article ``k`` is the same whichever call writes it.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    samples = load_samples()
    manifest = outdir / "manifest.csv"
    new_manifest = first == 0 or not manifest.exists()
    written = []
    with open(manifest, "w" if new_manifest else "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS)
        if new_manifest:
            writer.writeheader()
        for k in range(first, first + n):
            article_id, text, row = make_article(k, samples, random.Random(seed * 1_000_003 + k))
            path = outdir / f"{article_id}.txt"
            path.write_text(text, encoding="utf-8")
            writer.writerow(row)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--first", type=int, default=0, help="first article number (extends a corpus)")
    args = parser.parse_args(argv)
    paths = generate_corpus(args.n, args.outdir, args.seed, args.first)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {size / 1e6:.1f} MB in {args.outdir}")


if __name__ == "__main__":
    main()

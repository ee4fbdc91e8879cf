"""``dx catalogue suggest``: the most frequent indicators the catalogue does not know, as ``metrics.csv`` rows.

Reads the warehouse's ``indicators`` table (one row per ``indicator_id``; ``metric_id`` null when no
catalogue metric fits) and turns each unmapped indicator into a row an analyst can paste into
``pipelines/catalogue/metrics.csv`` and then edit: a metric_id made from the subject, its unit, a domain
guessed from the keywords of ``pipelines/catalogue/domain_keywords.csv``, a placeholder English name, the
subject as ``name_vi`` and no aliases. Every row is valid as it stands, so the next build maps the
indicator's observations to it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core.catalogue import CATALOGUE_DIR, DOMAINS, Catalogue, CatalogueError
from pipelines.core.lexicon import ascii_syllables, subject_syllables

DOMAIN_KEYWORDS_CSV = CATALOGUE_DIR / "domain_keywords.csv"
METRICS_COLUMNS = ("metric_id", "unit", "domain", "name_en", "name_vi", "aliases")
FALLBACK_DOMAIN = "dx_program"
ID_MAX_CHARS = 40
# The metric unit for an indicator stated in a unit that is how a metric's values are written, not its own.
_METRIC_UNIT = {"number": "count", "point": "index", "percentage_point": "percent"}

UNMAPPED_SQL = """
    select indicator_id, subject, unit, n_observations, n_articles, periods, places,
           example_evidence, example_article_id, nearest_metric_id, nearest_score
    from indicators
    where metric_id is null and coalesce(trim(subject), '') <> ''
    order by n_articles desc nulls last, n_observations desc nulls last, indicator_id
"""


@dataclass(frozen=True)
class Suggestion:
    """One unmapped indicator and the ``metrics.csv`` row proposed for it."""

    indicator_id: str
    n_articles: int
    n_observations: int
    nearest_metric_id: str | None
    nearest_score: float | None
    row: dict[str, str]


def read_domain_keywords(path: Path = DOMAIN_KEYWORDS_CSV) -> list[tuple[str, str]]:
    """(domain, keyword) pairs, validated: a known domain and a non-empty keyword on every line."""
    pairs = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            domain, keyword = (row.get("domain") or "").strip(), (row.get("keyword") or "").strip()
            if domain not in DOMAINS:
                raise CatalogueError(f"{path}:{n}: unknown domain {domain!r}")
            if not keyword:
                raise CatalogueError(f"{path}:{n}: empty keyword")
            pairs.append((domain, keyword))
    return pairs


def guess_domain(subject: str, keywords: list[tuple[str, str]], catalogue: Catalogue) -> str:
    """The domain whose keywords cover most syllables of the subject; the first listed wins a tie."""
    padded = f" {' '.join(subject_syllables(subject, catalogue))} "
    scores: dict[str, int] = {}
    for domain, keyword in keywords:
        phrase = " ".join(subject_syllables(keyword, catalogue))
        if phrase and f" {phrase} " in padded:
            scores[domain] = scores.get(domain, 0) + len(phrase.split())
    return max(scores, key=lambda d: scores[d]) if scores else FALLBACK_DOMAIN


def metric_id_for(subject: str, catalogue: Catalogue, taken: set[str]) -> str:
    """A metric id from the subject's syllables (``doanh_nghiep_cong_nghe_so``), unique among ``taken``."""
    base = ""
    for w in ascii_syllables(subject, catalogue):
        if base and len(base) + 1 + len(w) > ID_MAX_CHARS:
            break
        base = f"{base}_{w}" if base else w
    base = base or "indicator"
    if base[0].isdigit():
        base = f"m_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def suggest_rows(indicators: list[dict], catalogue: Catalogue,
                 keywords: list[tuple[str, str]] | None = None) -> list[Suggestion]:
    """A ``metrics.csv`` row for each unmapped indicator, in the order given."""
    keywords = read_domain_keywords() if keywords is None else keywords
    taken = set(catalogue.metric_by_id)
    suggestions = []
    for ind in indicators:
        subject = " ".join((ind.get("subject") or "").split())
        if not subject:
            continue
        unit = _METRIC_UNIT.get(ind.get("unit") or "number", ind.get("unit") or "number")
        metric_id = metric_id_for(subject, catalogue, taken)
        row = {"metric_id": metric_id, "unit": unit, "domain": guess_domain(subject, keywords, catalogue),
               "name_en": f"TODO English name for {metric_id}", "name_vi": subject, "aliases": ""}
        suggestions.append(Suggestion(ind["indicator_id"], int(ind.get("n_articles") or 0),
                                      int(ind.get("n_observations") or 0), ind.get("nearest_metric_id"),
                                      ind.get("nearest_score"), row))
    return suggestions


def unmapped_indicators(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[dict]:
    """Rows of ``indicators`` with no metric, most articles first, then most observations."""
    sql = UNMAPPED_SQL + (f" limit {int(limit)}" if limit is not None else "")
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]


def suggest(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, limit: int | None = 20) -> list[Suggestion]:
    """The ``limit`` most frequent unmapped indicators of the warehouse, as suggestions."""
    return suggest_rows(unmapped_indicators(con, limit), catalogue)


def format_rows(suggestions: list[Suggestion]) -> str:
    """The suggested rows as CSV lines in the column order of ``metrics.csv``, without a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=METRICS_COLUMNS, lineterminator="\n")
    for s in suggestions:
        writer.writerow(s.row)
    return out.getvalue()


def describe(s: Suggestion) -> str:
    """One comment line on where a suggestion comes from."""
    nearest = (f"nearest {s.nearest_metric_id} ({s.nearest_score:.0f})" if s.nearest_metric_id
               and s.nearest_score is not None else "no near metric")
    return f"# {s.row['metric_id']}: {s.n_articles} article(s), {s.n_observations} observation(s), {nearest}"

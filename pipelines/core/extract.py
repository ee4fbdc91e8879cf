"""The extraction entry point: one article's text in, its mentions and observations out.

``extract_article`` finds every number (:mod:`pipelines.core.mentions`), splits the text into sentences
and clauses (:mod:`pipelines.core.sentences`), finds the cue phrases of the metric catalogue once
(:mod:`pipelines.core.metric_match`) and turns the quantities that match a metric into observations
(:mod:`pipelines.core.observations`). Plain Python, no Dagster.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pipelines.core.mentions import Mention, find_mentions
from pipelines.core.metric_match import MetricMatcher, default_matcher, is_unaccented, normalize
from pipelines.core.observations import Observation, build_observations
from pipelines.core.reporting_period import infer_reporting_period
from pipelines.core.sentences import paragraphs, split_sentences


_CORE_DIR = Path(__file__).resolve().parent
_CATALOGUE_DIR = _CORE_DIR.parent / "catalogue"


@cache
def extractor_fingerprint() -> str:
    """A hash of the extraction code and the catalogue: when either changes, every article is extracted
    again, so earlier observations are mapped to a metric added since."""
    digest = hashlib.sha256()
    for path in sorted([*_CORE_DIR.glob("*.py"), *_CATALOGUE_DIR.glob("*.csv")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Extraction:
    """What one article states: every number, and the indicator values among them."""

    mentions: list[Mention] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


def extract_article(text: str, period_id: str | None, published: date | None = None,
                    matcher: MetricMatcher | None = None) -> Extraction:
    """Mentions and observations of ``text``, whose reporting period is ``period_id``.

    ``text`` should be NFC-normalised; offsets point into it as given. When ``period_id`` is None the
    reporting period is inferred from the text and ``published`` (and observations are skipped when
    that fails too). ``matcher`` defaults to the catalogue's cue file.
    """
    matcher = matcher or default_matcher()
    mentions = find_mentions(text)
    if period_id is None:
        period_id, _ = infer_reporting_period(text, published)
    if period_id is None:
        return Extraction(mentions, [])
    folded = is_unaccented(text)
    lines = _lines_with_quantities(text, mentions)
    norm = _normalized_lines(text, lines, folded)
    index = matcher.index(text, norm, folded, lines)
    observations = build_observations(text, norm, folded, mentions, split_sentences(text, lines), matcher,
                                      index, period_id)
    return Extraction(mentions, observations)


def _normalized_lines(text: str, lines: list[tuple[int, int]], folded: bool) -> str:
    """``text`` with the given lines replaced by their :func:`normalize` copies (same length)."""
    pieces, cur = [], 0
    for a, b in lines:
        pieces += [text[cur:a], normalize(text[a:b], folded)]
        cur = b
    return "".join(pieces) + text[cur:]


def _lines_with_quantities(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The paragraphs that hold a quantity: only they can yield observations, so only they are read."""
    starts = [m.start_char for m in mentions if m.mention_type == "quantity"]
    lines, i = [], 0
    for a, b in paragraphs(text):
        while i < len(starts) and starts[i] < a:
            i += 1
        if i < len(starts) and starts[i] < b:
            lines.append((a, b))
    return lines

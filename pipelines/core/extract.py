"""The extraction entry point: one article's text in, its mentions and observations out.

``extract_article`` finds every number (:mod:`pipelines.core.mentions`), splits the text into sentences
and clauses (:mod:`pipelines.core.sentences`), finds the cue phrases of the metric catalogue once
(:mod:`pipelines.core.metric_match`) and turns the quantities that match a metric into observations
(:mod:`pipelines.core.observations`). Plain Python, no Dagster.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pipelines.core.catalogue import Catalogue, catalogue_dir, load_catalogue
from pipelines.core.lexicon import MetricLexicon
from pipelines.core.mentions import Mention, find_mentions
from pipelines.core.metric_match import (
    MetricMatcher,
    Normalized,
    is_unaccented,
    load_cues,
    load_synonyms,
)
from pipelines.core.observations import Observation, Vocabulary, build_observations
from pipelines.core.page_dates import find_title
from pipelines.core.places import PlaceIndex, article_home, read_places, source_province, titled_province
from pipelines.core.reporting_period import infer_reporting_period
from pipelines.core.sentences import is_label_line, paragraphs, split_sentences

_CORE_DIR = Path(__file__).resolve().parent


def load_vocabulary(directory: Path | None = None, matcher: MetricMatcher | None = None) -> Vocabulary:
    """The catalogue of ``directory`` (default :func:`catalogue_dir`) compiled for extraction: cue
    matcher (``matcher`` replaces it), name lexicon and place index."""
    directory = Path(directory or catalogue_dir())
    catalogue: Catalogue = load_catalogue(directory)
    if matcher is None:
        units = {m.metric_id: m.unit for m in catalogue.metrics}
        matcher = MetricMatcher(load_cues(directory / "metric_cues.csv", set(units)),
                                load_synonyms(directory / "cue_synonyms.csv"), units,
                                {u.unit_id: u.accepts for u in catalogue.units})
    return Vocabulary(matcher, catalogue, MetricLexicon(catalogue), PlaceIndex(read_places(directory / "places.csv")))


@cache
def _vocabulary_of(directory: str, stamp: tuple) -> Vocabulary:
    return load_vocabulary(Path(directory))


def default_vocabulary() -> Vocabulary:
    """The vocabulary of the current catalogue folder, compiled once per process and again when one of its
    files changes (name, size and modification time)."""
    directory = catalogue_dir()
    with os.scandir(directory) as entries:
        stamp = tuple(sorted((e.name, s.st_mtime_ns, s.st_size) for e in entries
                             if e.name.endswith(".csv") and (s := e.stat())))
    return _vocabulary_of(str(directory), stamp)


def extractor_fingerprint(directory: Path | None = None) -> str:
    """A hash of the extraction code and the catalogue folder (default :func:`catalogue_dir`): when either
    changes, every article is extracted again, so earlier observations are mapped to a metric added since."""
    directory = Path(directory or catalogue_dir())
    digest = hashlib.sha256(_code_fingerprint().encode())
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_CORE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Extraction:
    """What one article states: every number, and the indicator values among them."""

    mentions: list[Mention] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


def extract_article(text: str, period_id: str | None, published: date | None = None,
                    matcher: MetricMatcher | None = None, vocabulary: Vocabulary | None = None,
                    title: str | None = None, source_url: str | None = None,
                    publisher: str | None = None) -> Extraction:
    """Mentions and observations of ``text``, whose reporting period is ``period_id``.

    ``text`` should be NFC-normalised; offsets point into it as given. When ``period_id`` is None the
    reporting period is inferred from the text and ``published``; when that fails too, observations keep
    the periods their sentences state and None otherwise. ``vocabulary`` (catalogue, cues, names, places)
    defaults to the current catalogue folder's; ``matcher`` replaces its cue matcher. ``source_url`` and
    ``publisher`` (the manifest's) may name the province whose authority or paper published the article.
    """
    vocabulary = vocabulary or (load_vocabulary(matcher=matcher) if matcher else default_vocabulary())
    matcher = vocabulary.cues
    mentions = find_mentions(text)
    weak = period_id is None
    if period_id is None:
        period_id, how = infer_reporting_period(text, published)
        weak = how in ("published-month", "none")
    normalized = Normalized(text)
    title = title or find_title(text)
    titled = titled_province(title, index=vocabulary.places, on=published)
    source = source_province(source_url, publisher, index=vocabulary.places, on=published) \
        if source_url or publisher else None

    def home() -> str | None:
        return titled or article_home(text, title, index=vocabulary.places, on=published,
                                      normalized=normalized) or source

    folded = is_unaccented(text)
    lines = _lines_with_quantities(text, mentions)
    norm = _normalized_lines(normalized, lines, folded)
    index = matcher.index(text, norm, folded, lines)
    observations = build_observations(text, norm, folded, mentions, split_sentences(text, lines), matcher,
                                      index, period_id, vocabulary, published, home, normalized, weak,
                                      provincial=titled is not None, source=source)
    return Extraction(mentions, observations)



def _normalized_lines(normalized: Normalized, lines: list[tuple[int, int]], folded: bool) -> str:
    """The text with the given lines replaced by their :func:`normalize` copies (same length)."""
    text, pieces, cur = normalized.text, [], 0
    for a, b in lines:
        pieces += [text[cur:a], normalized.window(a, b, folded)]
        cur = b
    return "".join(pieces) + text[cur:]


def _lines_with_quantities(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The paragraphs that hold a quantity (only they can yield observations, so only they are read), and the
    headings and labels (the period or place of the paragraphs under them)."""
    starts = [m.start_char for m in mentions if m.mention_type == "quantity"]
    lines, i = [], 0
    for a, b in paragraphs(text):
        while i < len(starts) and starts[i] < a:
            i += 1
        if i < len(starts) and starts[i] < b or is_label_line(text, a, b):
            lines.append((a, b))
    return lines

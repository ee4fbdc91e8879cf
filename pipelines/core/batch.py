"""Work over many articles at once, on every core when there are enough of them to pay for the processes.

``ordered_map`` is the engine: it keeps the input order, reads its input lazily and keeps only a few
chunks in flight, so a batch of ten thousand articles is never held in memory whole. Before the worker
processes are forked the parent's objects are frozen out of the garbage collector, so the workers do
not copy the parent's memory page by page while collecting.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from typing import TypeVar

from pipelines.core.extract import extract_article
from pipelines.core.mentions import MENTION_FIELDS
from pipelines.core.observations import Observation

PARALLEL_FROM = 64
CHUNK = 32
IN_FLIGHT_PER_WORKER = 3

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(frozen=True)
class ArticleInput:
    article_id: str
    text: str
    period_id: str | None
    published_date: date | None
    title: str | None = None
    source_url: str | None = None
    publisher: str | None = None


MENTION_COLUMNS = ("article_id", "mention_no", *MENTION_FIELDS)
OBSERVATION_COLUMNS = ("article_id", "observation_no", *Observation.__slots__)


def _extract_rows(item: ArticleInput) -> tuple[str, list[tuple], list[tuple]]:
    """Rows as plain tuples (:data:`MENTION_COLUMNS`, :data:`OBSERVATION_COLUMNS`): they cross from a worker
    process to the parent several times cheaper than dicts."""
    result = extract_article(item.text, item.period_id, item.published_date, title=item.title,
                             source_url=item.source_url, publisher=item.publisher)
    aid = item.article_id
    mentions = [(aid, n, *m.as_tuple()) for n, m in enumerate(result.mentions)]
    observations = [(aid, n, *o.as_tuple()) for n, o in enumerate(result.observations)]
    return aid, mentions, observations


def extract_many(items: Iterable[ArticleInput],
                 workers: int | None = None) -> Iterator[tuple[str, list, list]]:
    """(article_id, mention rows, observation rows) for each article, in input order; rows are tuples of
    :data:`MENTION_COLUMNS` and :data:`OBSERVATION_COLUMNS`."""
    return ordered_map(_extract_rows, items, workers)


def ordered_map(fn: Callable[[In], Out], items: Iterable[In], workers: int | None = None,
                chunk: int = CHUNK, parallel_from: int = PARALLEL_FROM) -> Iterator[Out]:
    """``map(fn, items)`` over worker processes when there are at least ``parallel_from`` items.

    ``fn`` must be a module-level function. Items are read as the workers need them, at most
    ``IN_FLIGHT_PER_WORKER`` chunks of ``chunk`` items per worker at a time.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    iterator = iter(items)
    head = list(islice(iterator, parallel_from))
    if workers <= 1 or len(head) < parallel_from:
        yield from map(fn, chain(head, iterator))
        return
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending = deque()
            for part in _chunks(chain(head, iterator), chunk):
                pending.append(pool.submit(_map_chunk, fn, part))
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        gc.unfreeze()


def _map_chunk(fn: Callable[[In], Out], part: list[In]) -> list[Out]:
    return [fn(item) for item in part]


def _chunks(items: Iterator[In], size: int) -> Iterator[list[In]]:
    while part := list(islice(items, size)):
        yield part

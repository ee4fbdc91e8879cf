"""A warehouse for testing the analyst outputs: the sample answers, their derived tables, and mentions.

The observations come from ``support.answer_warehouse``, the derived tables from
``pipelines.derive.build_derived``. ``mentions`` gets one row per number in each article: the observation
spans as quantities, four-digit years as dates, and every other number as a quantity, so that evidence
pages have both kinds of highlight.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipelines.derive import build_derived
from pipelines.warehouse.store import insert_rows
from tests.support import answer_warehouse, built_once

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"^(19|20)\d\d$")


def add_mentions(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``mentions``: observation spans as quantities, other numbers as dates or quantities."""
    con.execute("delete from mentions")
    rows = []
    articles = con.execute("select article_id, text from articles order by article_id").fetchall()
    for article_id, text in articles:
        spans = sorted({(s, e) for s, e in con.execute(
            "select start_char, end_char from observations where article_id = ?", [article_id]).fetchall()})
        found = list(spans)
        for m in _NUMBER.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                found.append((m.start(), m.end()))
        for n, (start, end) in enumerate(sorted(found)):
            raw = text[start:end]
            kind = "date" if _YEAR.match(raw) else "quantity"
            rows.append({"article_id": article_id, "mention_no": n, "raw": raw, "start_char": start,
                         "end_char": end, "mention_type": kind})
    insert_rows(con, "mentions", rows)


def output_warehouse(path: Path) -> Path:
    """The sample-answer warehouse with derived tables and mentions, ready for charts and exports."""
    return built_once("outputs", _output_warehouse, path)


def _output_warehouse(path: Path) -> Path:
    answer_warehouse(path)
    con = duckdb.connect(str(path))
    try:
        build_derived(con)
        add_mentions(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path

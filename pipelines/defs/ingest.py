"""Ingest: the metric catalogue and the raw articles (with their dropped furniture and quarantine records)."""

import os
from collections import Counter
from dataclasses import fields
from datetime import datetime
from operator import attrgetter

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.config import settings
from pipelines.core.articles import (
    Article,
    known_duplicates_dropped,
    refuse_removals,
    refuse_unreadable_folder,
    scan_batches,
    stat_cache,
)
from pipelines.core.catalogue import catalogue_dir, read_metrics, read_units
from pipelines.core.manifest import Manifest, ManifestError, RowProblem, load_manifest
from pipelines.core.places import place_rows, read_places
from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.derive import refresh_qualifiers
from pipelines.warehouse.raw_files import load_stat_cache, save_stat_cache
from pipelines.warehouse.store import delete_articles, insert_tuples, replace_table

ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "dropped")
ARTICLE_COLUMNS = (*ARTICLE_FIELDS, "n_chars", "ingested_at")
DROPPED_COLUMNS = ("article_id", "line_no", "text", "rule")
_article_values = attrgetter(*ARTICLE_FIELDS)
INSERT_BATCH = 500
# Characters of article text written between two commits of the ingest's transaction: DuckDB holds what a
# transaction wrote in memory until it commits (some 2.3 GB for 100 000 articles in one transaction).
COMMIT_CHARS = 64_000_000


@dg.asset(group_name="ingest", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          description="The metric catalogue with its aliases (pipelines/catalogue/metrics.csv).")
def metrics(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
            warehouse: WarehouseResource) -> dg.MaterializeResult:
    rows = [vars(m) for m in read_metrics(catalogue_dir() / "metrics.csv")]
    with writing(context, warehouse, duckdb) as con:
        replace_table(con, "metrics", rows)
    return dg.MaterializeResult(metadata={"rows": len(rows)})


@dg.asset(group_name="ingest", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          description="The units values are written in, and how they are shown (pipelines/catalogue/units.csv).")
def units(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
          warehouse: WarehouseResource) -> dg.MaterializeResult:
    rows = [{"unit_id": u.unit_id, "symbol": u.symbol, "display": u.display, "name_en": u.name_en,
             "name_vi": u.name_vi} for u in read_units(catalogue_dir() / "units.csv")]
    with writing(context, warehouse, duckdb) as con:
        replace_table(con, "units", rows)
    return dg.MaterializeResult(metadata={"rows": len(rows)})


@dg.asset(group_name="ingest", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          description="The qualifier table (pipelines/catalogue/qualifiers.csv): the words of each qualifier, "
                      "the interval it allows and its direction, read by the derived SQL.")
def qualifiers(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
               warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writing(context, warehouse, duckdb) as con:
        loaded = refresh_qualifiers(con, catalogue_dir() / "qualifiers.csv")
        rows = con.execute("select count(*) from qualifiers").fetchone()[0]
    return dg.MaterializeResult(metadata={"rows": rows, "rebuilt": loaded})


@dg.asset(group_name="ingest", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          description="Where values apply: the nation, the 63 provinces before the 2025 merger and the 34 after "
                      "it (with successor_id), aggregates the articles report, and foreign "
                      "(pipelines/catalogue/places.csv).")
def places(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
           warehouse: WarehouseResource) -> dg.MaterializeResult:
    rows = place_rows(read_places(catalogue_dir() / "places.csv"))
    with writing(context, warehouse, duckdb) as con:
        replace_table(con, "places", rows)
    return dg.MaterializeResult(metadata={"rows": len(rows)})


@dg.multi_asset(
    group_name="ingest", pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS, can_subset=False,
    specs=[
        dg.AssetSpec("articles", kinds={"duckdb"},
                     description="One row per article in the raw folder, with the text offsets point into."),
        dg.AssetSpec("dropped_text", kinds={"duckdb"},
                     description="Page furniture removed from each article's text, line by line."),
        dg.AssetSpec("quarantine", kinds={"duckdb"},
                     description="Raw files that were not ingested, or were repaired on the way in; why."),
    ],
)
def raw_articles(context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse: WarehouseResource):
    """Read the raw folder; re-read only files whose bytes or manifest entry changed.

    A file whose stat (size, times, inode) is that of the stat cache (``cache.raw_files``) is not even
    read; ``DX_REREAD_RAW=1`` reads and hashes every file again. New and changed articles are decoded and
    written a batch at a time, so their texts are never all in memory at once, and committed to the
    staging copy every ``COMMIT_CHARS`` characters of text, so DuckDB does not hold them all either.

    Nothing already in the warehouse is lost to bad input: an article whose file turns unreadable keeps
    its rows (the file is quarantined); while the manifest cannot be read no known article is replaced,
    and an article whose manifest row is bad is held as it was. A run whose raw folder is missing,
    unreadable or empty, or that would remove more than ``DX_MAX_REMOVED_SHARE`` of the articles, fails
    and publishes nothing (unless removals are allowed). A quarantine record keeps the time it was first
    detected, so an unchanged folder gives an unchanged warehouse.
    """
    s = settings()
    now = datetime.now()
    with writing(context, warehouse, duckdb) as con:
        known = dict(con.execute("select article_id, fingerprint from articles").fetchall())
        refuse_unreadable_folder(s.raw_dir, len(known))
        try:
            manifest = load_manifest(s.manifest)
            manifest_problem = None
        except ManifestError as e:
            manifest, manifest_problem = Manifest(), e
        cached = load_stat_cache(con)
        result, batches = scan_batches(s.raw_dir, manifest.entries, known, s.max_article_bytes,
                                       None if reread_raw() else cached, INSERT_BATCH)
        removed = set(known) - result.present
        refuse_removals(s.raw_dir, len(known), len(removed), bool(result.present), s.max_removed_share,
                        s.allow_removals)
        held = set(known) if manifest_problem is not None else manifest.held_ids
        held_known = held & set(known)
        unchanged = set(result.unchanged)
        for table in ("articles", "dropped_text"):
            delete_articles(con, table, removed)
        changed: set[str] = set()
        stored: dict[str, str] = {}
        dropped_lines = uncommitted = 0
        for batch in batches:
            lengths = sorted({len(a.text) for a in batch})
            batch = known_duplicates_dropped(result, batch, dict(con.execute(
                "select article_id, sha256(text) from articles where n_chars in (select unnest(?::int[]))",
                [lengths]).fetchall()), unchanged)
            result.unchanged += [a.article_id for a in batch if a.article_id in held_known]
            batch = [a for a in batch if a.article_id not in held]
            dropped_lines += _insert_articles(con, batch, now)
            changed.update(a.article_id for a in batch)
            stored.update((a.source_path, a.sha256) for a in batch)
            uncommitted += sum(len(a.text) for a in batch)
            if uncommitted >= COMMIT_CHARS:
                _commit_so_far(con)
                uncommitted = 0
        save_stat_cache(con, stat_cache(result, stored), cached)
        problems = [p.as_row() for p in result.problems]
        if manifest_problem is not None:
            problems.append({"source_path": s.manifest.name, "reason": "bad_manifest", "sha256": None,
                             "detail": f"{manifest_problem}; articles already in the warehouse were kept as "
                                       f"they were", "outcome": "rejected"})
        problems += [{"source_path": f"{s.manifest.name}:{p.line}", "reason": "bad_manifest_row", "sha256": None,
                      "detail": p.message + _held_note(p, manifest, known), "outcome": "rejected"}
                     for p in manifest.problems]
        first_seen = {tuple(r[:4]): r[4] for r in con.execute(
            "select source_path, reason, sha256, outcome, detected_at from quarantine").fetchall()}
        for p in problems:
            p["detected_at"] = first_seen.get((p["source_path"], p["reason"], p["sha256"], p["outcome"]), now)
        replace_table(con, "quarantine", problems)
        total = con.execute("select count(*) from articles").fetchone()[0]
    for p in problems:
        context.log.warning(f"quarantine: {p['detail']}")
    yield dg.MaterializeResult(asset_key="articles", metadata={
        "rows": total, "added": len(changed - set(known)), "changed": len(changed & set(known)),
        "unchanged": len(result.unchanged), "removed": len(removed)})
    yield dg.MaterializeResult(asset_key="dropped_text", metadata={
        "lines_dropped_this_run": dropped_lines})
    yield dg.MaterializeResult(asset_key="quarantine", metadata={
        "rows": len(problems), "reasons": dg.MetadataValue.json(dict(Counter(p["reason"] for p in problems))),
        "manifest_warnings": dg.MetadataValue.json([p["detail"] for p in problems
                                                    if p["reason"].startswith("bad_manifest")])})


def _insert_articles(con, articles: list[Article], now: datetime) -> int:
    """Replace the rows of ``articles`` (one batch of the scan); the dropped lines inserted."""
    ids = [a.article_id for a in articles]
    for table in ("articles", "dropped_text"):
        delete_articles(con, table, ids)
    insert_tuples(con, "articles", ARTICLE_COLUMNS, [(*_article_values(a), len(a.text), now) for a in articles])
    return insert_tuples(con, "dropped_text", DROPPED_COLUMNS,
                         [(a.article_id, d.line_no, d.text, d.rule) for a in articles for d in a.dropped])


def _commit_so_far(con) -> None:
    """Commit the batches written so far to the staging copy and go on in a new transaction, so that DuckDB
    can write them out instead of holding them in memory. Atomicity is the staging copy's, not the
    transaction's: a run that fails after this publishes nothing all the same (its staging copy is thrown
    away, see :mod:`pipelines.warehouse.publish`)."""
    con.execute("commit")
    con.execute("begin transaction")


def reread_raw() -> bool:
    """``DX_REREAD_RAW=1``: read and hash every raw file again, whatever the stat cache says."""
    return os.environ.get("DX_REREAD_RAW", "").strip().lower() in {"1", "true", "yes"}


def _held_note(problem: RowProblem, manifest: Manifest, known: dict[str, str]) -> str:
    if problem.article_id not in manifest.held_ids:
        return ""
    if problem.article_id in known:
        return f"; article {problem.article_id} is kept as it was until the row is fixed"
    return f"; article {problem.article_id} is not ingested until the row is fixed"

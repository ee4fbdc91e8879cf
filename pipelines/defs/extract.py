"""Extraction: mentions and observations of every new or changed article, and the period dimension."""

from collections.abc import Iterator
from datetime import datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core import periods as period_rules
from pipelines.core.batch import MENTION_COLUMNS, OBSERVATION_COLUMNS, ArticleInput
from pipelines.core.extract import extractor_fingerprint
from pipelines.defs.resources import WAREHOUSE_POOL, WRITER_TAGS, WarehouseResource, writing
from pipelines.warehouse.extract_workers import Table, extract_into
from pipelines.warehouse.store import delete_articles, replace_table

STALE_SQL = """
    select a.article_id
    from articles a left join internal.extraction_state s using (article_id)
    where s.article_id is null or s.sha256 <> a.sha256 or s.period_id is distinct from a.period_id
       or s.extractor is distinct from ?
    order by a.article_id
"""
INPUT_SQL = """
    select article_id, text, period_id, published_date, title, source_url, publisher from articles
    where article_id in (select unnest(?::varchar[])) order by article_id
"""
READ_BATCH = 500
GONE_SQL = ("select article_id from internal.extraction_state "
            "where article_id not in (select article_id from articles)")


@dg.multi_asset(
    group_name="extract", pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS, can_subset=False,
    specs=[
        dg.AssetSpec("mentions", kinds={"duckdb"}, deps=["articles"],
                     description="Every number in every article, with its span and what kind of number."),
        dg.AssetSpec("observations", kinds={"duckdb"}, deps=["articles"],
                     description="Indicator values stated in the articles, matched to the metric catalogue."),
    ],
)
def extracted(context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse: WarehouseResource):
    """Extract only articles whose text or period changed since they were last extracted."""
    with writing(context, warehouse, duckdb) as con:
        extractor = extractor_fingerprint()
        stale = [r[0] for r in con.execute(STALE_SQL, [extractor]).fetchall()]
        gone = [r[0] for r in con.execute(GONE_SQL).fetchall()]
        for table in ("mentions", "observations", "internal.extraction_state"):
            delete_articles(con, table, stale + gone)
        added = extract_into(con, _inputs(con, stale), len(stale), Table.of(con, "mentions", MENTION_COLUMNS),
                             Table.of(con, "observations", OBSERVATION_COLUMNS))
        now = datetime.now()
        con.execute("""insert into internal.extraction_state
                           (article_id, sha256, period_id, extractor, extracted_at)
                       select article_id, sha256, period_id, ?, ? from articles
                       where article_id not in (select article_id from internal.extraction_state)""",
                    [extractor, now])
        totals = dict(con.execute("""select 'mentions', count(*) from mentions union all
                                     select 'observations', count(*) from observations""").fetchall())
    context.log.info(f"extracted {len(stale)} articles, dropped {len(gone)} removed ones")
    yield dg.MaterializeResult(asset_key="mentions", metadata={
        "rows": totals["mentions"], "articles_extracted": len(stale), "mentions_added": added["mentions"]})
    yield dg.MaterializeResult(asset_key="observations", metadata={
        "rows": totals["observations"], "observations_added": added["observations"]})


def _inputs(con, article_ids: list[str]) -> Iterator[ArticleInput]:
    """The text and period of each article, read a few hundred at a time (never all texts at once)."""
    for start in range(0, len(article_ids), READ_BATCH):
        rows = con.execute(INPUT_SQL, [article_ids[start:start + READ_BATCH]]).fetchall()
        yield from (ArticleInput(*row) for row in rows)


@dg.asset(group_name="extract", kinds={"duckdb"}, pool=WAREHOUSE_POOL, op_tags=WRITER_TAGS,
          deps=["articles", "observations"],
          description="Every period an article or an observation refers to, with label and date bounds.")
def periods(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
            warehouse: WarehouseResource) -> dg.MaterializeResult:
    with writing(context, warehouse, duckdb) as con:
        ids = {r[0] for r in con.execute("""
            select period_id from articles
            union select period_id from observations
            union select base_period_id from observations where base_period_id is not null""").fetchall()}
        rows = period_rules.period_rows(ids)
        replace_table(con, "periods", rows)
    return dg.MaterializeResult(metadata={"rows": len(rows),
                                          "periods": ", ".join(r["period_label"] for r in rows)})

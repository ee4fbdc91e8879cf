"""The indicators table: one row per indicator key, catalogued or not, for growing the catalogue.

An indicator is what observations with one ``indicator_id`` measure. Its row gives the most common
wording, the unit, how many articles and observations state it, the periods and places it is stated for,
one evidence sentence, the catalogue metric its observations map to (if any) and the nearest metric by
name with its score (:meth:`pipelines.core.lexicon.MetricLexicon.nearest`), so an analyst sees which
frequent indicators the catalogue lacks (``dx catalogue suggest``, ``notebooks/04_catalogue_gaps.ipynb``).

A row depends only on the observations of its indicator and on the catalogue, so :func:`refresh_indicators`
computes again only the rows of the indicators whose observations changed (a digest per indicator in
``internal.derived_keys``, as the derived tables keep theirs), and every row when the catalogue, this query
or the table's columns changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.core.lexicon import MetricLexicon
from pipelines.derive import STATE_DDL, hashed_columns
from pipelines.warehouse.store import insert_rows, replace_table

NAME = "indicators"
DIRTY = "_indicators_dirty"

INDICATORS_SQL = """
with obs as (
    select o.*, coalesce(p.sort_order, 0) as period_order
    from observations o left join periods p using (period_id)
    where o.indicator_id is not null{only}
),
wording as (
    select indicator_id, subject, count(*) as n,
           row_number() over (partition by indicator_id order by count(*) desc, subject) as pick
    from obs group by indicator_id, subject
),
units as (
    select indicator_id, unit,
           row_number() over (partition by indicator_id order by count(*) desc, unit) as pick
    from obs group by indicator_id, unit
),
example as (
    select indicator_id, evidence, article_id,
           row_number() over (partition by indicator_id order by article_id, observation_no) as pick
    from obs
),
mapped as (
    select indicator_id, metric_id,
           row_number() over (partition by indicator_id order by count(*) desc, metric_id) as pick
    from obs where metric_id is not null group by indicator_id, metric_id
)
select a.indicator_id, w.subject, u.unit, count(*)::integer as n_observations,
       count(distinct a.article_id)::integer as n_articles,
       string_agg(distinct a.period_id, ', ' order by a.period_id) as periods,
       string_agg(distinct a.place_id, ', ' order by a.place_id) as places,
       any_value(e.evidence) as example_evidence, any_value(e.article_id) as example_article_id,
       any_value(m.metric_id) as metric_id
from obs a
join wording w on w.indicator_id = a.indicator_id and w.pick = 1
join units u on u.indicator_id = a.indicator_id and u.pick = 1
join example e on e.indicator_id = a.indicator_id and e.pick = 1
left join mapped m on m.indicator_id = a.indicator_id and m.pick = 1
group by a.indicator_id, w.subject, u.unit
order by n_articles desc, n_observations desc, a.indicator_id
"""


def indicator_rows(con: duckdb.DuckDBPyConnection, lexicon: MetricLexicon, only_dirty: bool = False) -> list[dict]:
    """The rows of the indicators table, from the observations (and periods) of ``con``; with ``only_dirty``,
    those of the indicators whose key hash is in ``_indicators_dirty``."""
    only = f" and hash(o.indicator_id) in (select key from {DIRTY})" if only_dirty else ""
    cur = con.execute(INDICATORS_SQL.format(only=only))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        nearest = lexicon.nearest(row["subject"], row["unit"]) if row["subject"] else None
        row["nearest_metric_id"] = nearest.metric_id if nearest else None
        row["nearest_score"] = nearest.score if nearest else None
    return rows


def refresh_indicators(con: duckdb.DuckDBPyConnection, lexicon: MetricLexicon, catalogue: Path) -> int:
    """Bring the ``indicators`` table up to date (see the module docstring); how many rows were computed."""
    con.execute(STATE_DDL)
    columns = hashed_columns(con)
    fingerprint = hashlib.sha256("\0".join([INDICATORS_SQL, ",".join(columns["observations"]),
                                            ",".join(columns[NAME])]).encode())
    for path in sorted(catalogue.glob("*.csv")):
        fingerprint.update(path.name.encode() + b"\0" + path.read_bytes())
    digests = (f"select 'observations' as relation, hash(indicator_id) as key, "
               f"hash(count(*), sum(hash({', '.join(columns['observations'])}))) as digest "
               f"from observations where indicator_id is not null group by all")
    whole = con.execute("select fingerprint from internal.derived_state where name = ?",
                        [NAME]).fetchone() != (fingerprint.hexdigest(),)
    if whole:
        rows = indicator_rows(con, lexicon)
        replace_table(con, NAME, rows)
        con.execute("delete from internal.derived_keys where name = ?", [NAME])
        con.execute(f"insert into internal.derived_keys select ?, relation, key, digest from ({digests})", [NAME])
        con.execute("insert or replace into internal.derived_state values (?, ?)", [NAME, fingerprint.hexdigest()])
        return len(rows)
    con.execute(f"create or replace temp table _indicator_digests as {digests}")
    con.execute(f"""create or replace temp table {DIRTY} as
        select distinct coalesce(n.key, o.key) as key
        from _indicator_digests n
        full join (select key, digest from internal.derived_keys where name = ?) o on o.key = n.key
        where n.digest is distinct from o.digest""", [NAME])
    rows = indicator_rows(con, lexicon, only_dirty=True)
    con.execute(f"delete from {NAME} where hash(indicator_id) in (select key from {DIRTY})")
    insert_rows(con, NAME, rows)
    con.execute(f"delete from internal.derived_keys where name = ? and key in (select key from {DIRTY})", [NAME])
    con.execute(f"insert into internal.derived_keys select ?, relation, key, digest from _indicator_digests "
                f"where key in (select key from {DIRTY})", [NAME])
    con.execute(f"drop table {DIRTY}")
    con.execute("drop table _indicator_digests")
    return len(rows)

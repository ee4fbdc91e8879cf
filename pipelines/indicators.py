"""The indicators table: one row per indicator key, catalogued or not, for growing the catalogue.

An indicator is what observations with one ``indicator_id`` measure. Its row gives the most common
wording, the unit, how many articles and observations state it, the periods and places it is stated for,
one evidence sentence, the catalogue metric its observations map to (if any) and the nearest metric by
name with its score (:meth:`pipelines.core.lexicon.MetricLexicon.nearest`), so an analyst sees which
frequent indicators the catalogue lacks (``dx catalogue suggest``, ``notebooks/04_catalogue_gaps.ipynb``).
"""

from __future__ import annotations

import duckdb

from pipelines.core.lexicon import MetricLexicon

INDICATORS_SQL = """
with obs as (
    select o.*, coalesce(p.sort_order, 0) as period_order
    from observations o left join periods p using (period_id)
    where o.indicator_id is not null
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


def indicator_rows(con: duckdb.DuckDBPyConnection, lexicon: MetricLexicon) -> list[dict]:
    """The rows of the indicators table, from the observations (and periods) of ``con``."""
    cur = con.execute(INDICATORS_SQL)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        nearest = lexicon.nearest(row["subject"], row["unit"]) if row["subject"] else None
        row["nearest_metric_id"] = nearest.metric_id if nearest else None
        row["nearest_score"] = nearest.score if nearest else None
    return rows

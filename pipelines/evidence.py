"""The evidence report: one static HTML page per article, and an index, under ``<exports>/evidence/``.

Each page shows the article text with every number the pipeline found highlighted from its offsets:
indicator values (``observations``) in one colour, each followed by a visible label naming its metric (or
indicator), period (or as-of date), place and qualifier, with kind, status and value also on hover; other
numbers (``mentions`` that are no observation) in another, with their mention type. A table lists the
article's observations, each linked to its place in the text. Pages are self-contained (inline CSS, no
scripts, no external assets), every piece of text is HTML-escaped, and only ``http``/``https`` URLs become
links (``safe_href``). Dates are ISO (``2024-04-10``).

The index links each article to its page, the charts of the metrics and indicators it feeds, the
conflicts and contradictions it takes part in, and its quarantine notes.

An observation ``<mark>`` carries ``data-obs="<observation_no> …"`` (several observations can share one
span); when spans overlap, the inner one is nested or, if it crosses the outer one's end, shortened.

A page is written again only when what it shows changed: ``.manifest.json`` in the evidence folder keeps,
per article, a hash of its row, its observations (with metric and period labels) and its mentions, as
DuckDB computes it, so an unchanged article is not even read. The pages to write are streamed from three
cursors ordered by article (articles, observations, mentions) and written one at a time, so memory holds
one article's rows, not the corpus's.

The index lists ``INDEX_PAGE_ROWS`` articles a page, in ``article_id`` order: ``index.html`` (with the
report's totals), then ``index_2.html``, ``index_3.html`` …, each linking to the others. The manifest keeps
a hash of each index page's inputs (its place among the pages, its articles' page hashes and a hash of
their links, computed in DuckDB): only a page whose inputs changed is put together, in memory, and it is
written only when its content changed, so an article added after the others rewrites ``index.html`` and
the last page, not the whole index, and with nothing changed no index page is built.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from urllib.parse import quote, urlsplit

import duckdb

from pipelines import formatting
from pipelines.formatting import QUALIFIER_WORDS, format_value
from pipelines.output_manifest import OutputManifest, code_version, data_hash
from pipelines.schema_probe import Schema, probe

RENDER_VERSION = code_version(Path(__file__), Path(formatting.__file__), extra=duckdb.__version__)
MANIFEST = ".manifest.json"
FETCH_ROWS = 2000
INDEX_PAGE_ROWS = 500
INDEX_KEY = "\0index"  # the manifest entry of the index pages (no article id holds a NUL)

CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.meta { color: #555; margin-bottom: 1rem; }
.legend { display: flex; gap: 1.5rem; flex-wrap: wrap; padding: .5rem .75rem; background: #f7f7f7;
          border: 1px solid #ddd; border-radius: 4px; margin-bottom: 1rem; }
.text { white-space: pre-wrap; border: 1px solid #ddd; border-radius: 4px; padding: 1rem; background: #fff; }
mark, .key { padding: 0 .1em; border-radius: 2px; }
mark { cursor: help; }
mark.obs, .key-obs { background: #ffd666; border-bottom: 2px solid #d48806; }
mark.mention, .key-mention { background: #d6e4ff; border-bottom: 1px dotted #2f54eb; }
mark:target { outline: 2px solid #cf1322; }
.obs-label { font-size: .75em; color: #614700; background: #fff7e0; border: 1px solid #f0d58c;
             border-radius: 3px; padding: 0 .25em; margin: 0 .2em; white-space: normal;
             user-select: none; }
.alert { color: #cf1322; }
td ul { margin: 0; padding-left: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
td.evidence { min-width: 20rem; }
td code { overflow-wrap: anywhere; }
td.metric { min-width: 15rem; max-width: 20rem; }
.muted { color: #777; }
"""


@dataclass
class Span:
    """A highlighted stretch of the text: one or more observations, or one mention."""

    start: int
    end: int
    css: str
    title: str
    observations: list[int] = field(default_factory=list)
    mention_type: str | None = None
    label: str = ""  # shown inline after the span: metric, period, place, qualifier

    @property
    def anchor(self) -> str:
        return f"span-{self.start}-{self.end}"


@dataclass(frozen=True)
class Page:
    """An evidence page written to disk."""

    article_id: str
    path: Path
    observations: int
    highlighted: int
    mentions: int


_SPECIAL = re.compile("[&<>\"']")


def _escape(text: str) -> str:
    """``html.escape(text)``, without its five replacements when there is nothing to escape."""
    return html.escape(text) if _SPECIAL.search(text) else text


def _e(value) -> str:
    return "" if value is None else _escape(value if isinstance(value, str) else str(value))


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an ``http``/``https`` URL with a host (to put in an ``href``), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 33 or c in '"<>\\' for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _period_text(o: dict) -> str:
    if o.get("as_of_date"):
        return f"as of {o['as_of_date'].isoformat()}"
    period = o.get("period_label") or o.get("period_id") or "no period stated"
    if o.get("base_period_id"):
        period += f" (change from {o.get('base_label') or o['base_period_id']})"
    return period


def _place_text(o: dict) -> str:
    return o.get("place_name") or o.get("place_id") or "place not stated"


def _what(o: dict) -> str:
    """The metric (name and id), else the indicator's subject or key."""
    if o.get("metric_id"):
        return f"{o.get('name_en') or o['metric_id']} ({o['metric_id']})"
    return o.get("subject") or o.get("indicator_id") or "unnamed indicator"


def observation_label(o: dict) -> str:
    """The visible label of an observation: ``metric · period · place · qualifier`` (and kind if no level)."""
    parts = [_what(o), _period_text(o), _place_text(o), QUALIFIER_WORDS.get(o["qualifier"], o["qualifier"])]
    if o.get("kind") and o["kind"] != "level":
        parts.append(o["kind"].replace("_", " "))
    return " · ".join(parts)



def observation_title(o: dict) -> str:
    """The hover text of an observation."""
    lines = [f"{o['metric_id'] or o.get('indicator_id') or ''} — {o.get('name_en') or o.get('subject') or ''}"
             .strip(" —")]
    if o.get("name_vi"):
        lines.append(o["name_vi"])
    lines += [
        f"period: {_period_text(o)}",
        f"place: {_place_text(o)}",
        f"kind: {o['kind']} · qualifier: {o['qualifier']} · status: {o['status']}",
        f"value: {format_value(o['value'], o['unit'], o['qualifier'])} ({o['value']:,.10g} {o['unit']})",
    ]
    return "\n".join(lines)


def build_spans(text: str, observations: list[dict], mentions: list[dict]) -> list[Span]:
    """Observation spans (one per distinct offset pair) and the mentions that overlap none of them."""
    grouped: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for o in observations:
        grouped[(o["start_char"], o["end_char"])].append(o)
    spans = []
    for (start, end), group in grouped.items():
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        spans.append(Span(start, end, "obs", "\n\n".join(observation_title(o) for o in group),
                          [o["observation_no"] for o in group],
                          label=" / ".join(dict.fromkeys(observation_label(o) for o in group))))
    overlaps = _overlap_test(spans)
    for m in mentions:
        start, end = max(0, m["start_char"]), min(len(text), m["end_char"])
        if start >= end or overlaps(start, end):
            continue
        spans.append(Span(start, end, "mention", f"{m['mention_type']} (not an indicator): {text[start:end]}",
                          mention_type=m["mention_type"]))
    return sorted(spans, key=lambda s: (s.start, -s.end, s.css != "obs"))


def _overlap_test(spans: list[Span]):
    """``overlaps(start, end)``: whether ``[start, end)`` overlaps one of ``spans``, by bisection."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    reach, furthest = [], -1  # reach[i]: the furthest end among the first i + 1 spans
    for span in ordered:
        furthest = max(furthest, span.end)
        reach.append(furthest)

    def overlaps(start: int, end: int) -> bool:
        before = bisect_left(starts, end)  # the spans that start before ``end``
        return before > 0 and reach[before - 1] > start

    return overlaps


def highlight(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """``text`` as escaped HTML with every span wrapped in a ``<mark>`` (nested where spans nest).

    Returns the HTML and the spans it shows (a span left empty by a crossing outer span is dropped).
    """
    out: list[str] = []
    shown: list[Span] = []
    open_ends: list[int] = []
    open_labels: list[str] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            label = open_labels.pop()
            out.append(_escape(text[pos:end]))
            out.append("</mark>")
            if label:
                out.append(f'<span class="obs-label">{_e(label)}</span>')
            pos = end

    for span in spans:
        close_until(span.start)
        start = max(span.start, pos)
        end = min(span.end, open_ends[-1]) if open_ends else span.end
        if start >= end:
            continue
        out.append(_escape(text[pos:start]))
        pos = start
        data = f' data-obs="{" ".join(map(str, span.observations))}"' if span.observations else ""
        out.append(f'<mark class="{span.css}" id="{span.anchor}"{data} title="{_e(span.title)}">')
        open_ends.append(end)
        open_labels.append(span.label)
        shown.append(span)
    close_until(len(text))
    out.append(_escape(text[pos:]))
    return "".join(out), shown


ARTICLES_SQL = """
    select a.article_id, a.title, a.published_date, a.period_id, coalesce(p.period_label, a.period_id),
           a.source_path, a.source_url, a.publisher, a.text
    from articles a left join periods p using (period_id)
    order by a.article_id
"""

OBSERVATION_COLUMNS = ("article_id", "observation_no", "metric_id", "period_id", "kind", "base_period_id", "value",
                       "unit", "qualifier", "status", "evidence", "start_char", "end_char", "place_id")
OPTIONAL_COLUMNS = ("subject", "indicator_id", "as_of_date")  # null where the warehouse lacks them
OBSERVATIONS_SQL = """
    select {columns}, m.name_en, m.name_vi, p.period_label, b.period_label as base_label,
           pl.name_en as place_name
    from observations o
    left join metrics m using (metric_id)
    left join periods p on p.period_id = o.period_id
    left join periods b on b.period_id = o.base_period_id
    left join places pl on pl.place_id = o.place_id
    where o.article_id in (select unnest(?::varchar[]))
    order by o.article_id, o.start_char, o.observation_no
"""
MENTIONS_SQL = """
    select article_id, start_char, end_char, mention_type from mentions
    where article_id in (select unnest(?::varchar[]))
    order by article_id, start_char
"""
PAGE_HASH_SQL = """
    with obs as (
        select o.article_id, sum(hash(o, m.name_en, m.name_vi, p.period_label, b.period_label, pl.name_en)) as h
        from observations o
        left join metrics m using (metric_id)
        left join periods p on p.period_id = o.period_id
        left join periods b on b.period_id = o.base_period_id
        left join places pl on pl.place_id = o.place_id
        group by o.article_id
    ), men as (
        select article_id, sum(hash(m)) as h from mentions m group by article_id
    )
    select a.article_id,
           hash(a.title, a.published_date, a.period_id, coalesce(p.period_label, a.period_id), a.source_path,
                a.source_url, a.publisher, a.text)::varchar || ':' || coalesce(obs.h, 0)::varchar || ':'
               || coalesce(men.h, 0)::varchar
    from articles a
    left join periods p using (period_id)
    left join obs using (article_id)
    left join men using (article_id)
"""


def observations_sql(schema: Schema) -> str:
    """``OBSERVATIONS_SQL`` with the observation columns a page shows (null for those the warehouse lacks)."""
    columns = [f"o.{c}" for c in OBSERVATION_COLUMNS]
    columns += [f"{schema.col('o', 'observations', c)} as {c}" for c in OPTIONAL_COLUMNS]
    return OBSERVATIONS_SQL.format(columns=", ".join(columns))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _legend(n_obs: int, mention_types: dict[str, int]) -> str:
    kinds = ", ".join(f"{_e(k)} {n}" for k, n in sorted(mention_types.items())) or "none"
    return (
        '<div class="legend">'
        f'<span><span class="key key-obs">indicator value</span> observation ({n_obs}), followed by '
        '<span class="key obs-label">metric · period · place · qualifier</span>; '
        "hover for kind, status and value</span>"
        '<span><span class="key key-mention">other number</span> '
        f"mention that is no indicator ({kinds})</span>"
        "</div>")


def _observation_table(observations: list[dict], text: str) -> str:
    if not observations:
        return '<p class="muted">No indicator values were found in this article.</p>'
    head = ("<tr><th>#</th><th>metric</th><th>period</th><th>place</th><th>kind</th><th>value</th>"
            "<th>qualifier</th><th>status</th><th>as written</th><th>evidence</th></tr>")
    body = []
    for o in observations:
        start, end = max(0, o["start_char"]), min(len(text), o["end_char"])
        written = text[start:end] if start < end else ""
        anchor = f"span-{start}-{end}"
        key = o["metric_id"] or o.get("indicator_id")
        name = o["name_en"] if o["metric_id"] else o.get("subject")
        body.append(
            f'<tr id="obs-{_e(o["observation_no"])}"><td>{_e(o["observation_no"])}</td>'
            f'<td class="metric"><code>{_e(key)}</code><br>{_e(name)}<br>'
            f'<span class="muted">{_e(o["name_vi"])}</span></td>'
            f"<td>{_e(_period_text(o))}</td><td>{_e(_place_text(o))}</td><td>{_e(o['kind'])}</td>"
            f'<td class="num">{_e(format_value(o["value"], o["unit"], o["qualifier"]))}<br>'
            f'<span class="muted">{o["value"]:,.10g} {_e(o["unit"])}</span></td>'
            f"<td>{_e(QUALIFIER_WORDS.get(o['qualifier'], o['qualifier']))}</td><td>{_e(o['status'])}</td>"
            f'<td><a href="#{anchor}">{_e(written)}</a></td>'
            f'<td class="evidence">{_e(o["evidence"])}</td></tr>')
    return f"<table>{head}{''.join(body)}</table>"


def _document(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _when(published, period_label: str | None) -> str:
    return (f"published {published.isoformat()}" if published
            else "publication date unknown") + f" · reporting period {period_label or 'not stated'}"


def article_page(con: duckdb.DuckDBPyConnection, article: tuple, out_dir: Path) -> Page:
    """Write ``<article_id>.html`` for one row of ``ARTICLES_SQL``."""
    observations = _rows(con, observations_sql(probe(con)), [[article[0]]])
    mentions = _rows(con, MENTIONS_SQL, [[article[0]]])
    return write_page(article, observations, mentions, out_dir)


def write_page(article: tuple, observations: list[dict], mentions: list[dict], out_dir: Path) -> Page:
    """Write the page of one row of ``ARTICLES_SQL`` with its observation and mention rows."""
    article_id, title, published, _period_id, period_label, source_path, source_url, publisher, text = article
    marked, spans = highlight(text, build_spans(text, observations, mentions))
    mention_types = Counter(s.mention_type for s in spans if s.css == "mention")
    href = safe_href(source_url)
    source = (f'<a href="{_e(href)}">{_e(source_url)}</a>' if href
              else _e(source_url) if source_url else _e(source_path))
    body = (
        '<p><a href="index.html">← all articles</a></p>'
        f"<h1>{_e(title or article_id)}</h1>"
        f'<div class="meta"><code>{_e(article_id)}</code> · {_e(_when(published, period_label))}'
        f"{' · ' + _e(publisher) if publisher else ''} · source: {source}</div>"
        f"{_legend(len(observations), mention_types)}"
        f'<div class="text">{marked}</div>'
        f"<h2>Indicator values in this article ({len(observations)})</h2>"
        f"{_observation_table(observations, text)}")
    path = out_dir / f"{article_id}.html"
    path.write_text(_document(f"{title or article_id} — evidence", body), encoding="utf-8")
    highlighted = sum(len(s.observations) for s in spans)
    return Page(article_id, path, len(observations), highlighted, sum(mention_types.values()))


@dataclass
class ArticleLinks:
    """What the index shows beside an article: what it feeds, its conflicts and its quarantine notes."""

    feeds: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    quarantine: list[str] = field(default_factory=list)


def _chart_link(stem: str) -> str:
    return f'<a href="../charts/{quote(stem)}.png">{_e(stem)}</a>'


def article_links(con: duckdb.DuckDBPyConnection, stems: dict[str, list[str]],
                  article_ids: Iterable[str] | None = None) -> dict[str, ArticleLinks]:
    """Per article (of ``article_ids``, else every one): the metrics and indicators its observations feed
    (linked to their charts, ``stems``: id -> chart file stems), the conflicts and contradictions naming it,
    and its quarantine notes."""
    schema = probe(con)
    wanted = None if article_ids is None else sorted(set(article_ids))
    links: dict[str, ArticleLinks] = defaultdict(ArticleLinks)
    indicator = schema.col("o", "observations", "indicator_id")
    subject = schema.col("o", "observations", "subject")
    chart_links = {key: list(dict.fromkeys(_chart_link(stem) for stem in key_stems))
                   for key, key_stems in stems.items()}
    linked: dict[str, set[str]] = defaultdict(set)
    feeds: dict[tuple[str, str | None], str] = {}
    for article_id, key, name in con.execute(f"""
            select o.article_id, coalesce(o.metric_id, {indicator}) as key,
                   coalesce(any_value(m.name_en), any_value({subject}))
            from observations o left join metrics m using (metric_id)
            where coalesce(o.metric_id, {indicator}) is not null
              {"" if wanted is None else "and o.article_id in (select unnest(?::varchar[]))"}
            group by all order by all""", [] if wanted is None else [wanted]).fetchall():
        found, seen = links[article_id], linked[article_id]
        feed = feeds.get((key, name))
        if feed is None:
            feed = feeds[(key, name)] = f"<code>{_e(key)}</code> {_e(name or '')}".rstrip()
        found.feeds.append(feed)
        for link in chart_links.get(key, ()):
            if link not in seen:
                seen.add(link)
                found.charts.append(link)
    if schema.has("conflicts", "article_ids"):
        for metric_id, period_id, values, article_ids in con.execute(
                f'select metric_id, period_id, "values", article_ids from {schema.name("conflicts")} '
                "order by metric_id, period_id").fetchall():
            charts = "".join(f" ({_chart_link(s)})" for s in stems.get(metric_id, [])[:1])
            text = f'<span class="alert">conflict</span> <code>{_e(metric_id)}</code> {_e(period_id)}: ' \
                   f"{_e(values)}{charts}"
            for article_id in dict.fromkeys(a.strip() for a in (article_ids or "").split("|")):
                links[article_id].conflicts.append(text)
    if schema.has("consistency_audit", "verdict"):
        for article_id, metric_id, period_id, claim in con.execute(
                f"select article_id, metric_id, period_id, claim from {schema.name('consistency_audit')} "
                "where verdict = 'contradicts' order by all").fetchall():
            links[article_id].conflicts.append(
                f'<span class="alert">contradiction</span> <code>{_e(metric_id)}</code> {_e(period_id)}: '
                f"{_e(claim)}")
    if schema.has("series_changes", "stated_article_id") and schema.has("series_changes", "agrees"):
        for article_id, metric_id, before, after in con.execute(
                "select stated_article_id, metric_id, from_period_id, to_period_id from series_changes "
                "where agrees = false and stated_article_id is not null order by all").fetchall():
            links[article_id].conflicts.append(
                f'<span class="alert">stated change contradicts the levels</span> <code>{_e(metric_id)}</code> '
                f"{_e(before)} → {_e(after)}")
    if schema.has("quarantine", "source_path"):
        for article_id, reason, detail, outcome in con.execute(f"""
                select a.article_id, q.reason, q.detail, q.outcome
                from {schema.name('quarantine')} q join articles a using (source_path)
                order by all""").fetchall():
            links[article_id].quarantine.append(f"{_e(reason)} ({_e(outcome)}): {_e(detail or '')}")
    if wanted is not None:
        return {a: links[a] for a in wanted if a in links}
    return dict(links)


def _link_digests(con: duckdb.DuckDBPyConnection, stems: dict[str, list[str]]) -> dict[str, str]:
    """Per article, a hash of what ``article_links`` shows beside it that its page's hash does not cover
    (the names it feeds are in its observations): the charts of what it feeds, and the conflicts,
    contradictions and quarantine notes naming it. Computed in DuckDB, without building the links."""
    schema = probe(con)
    keys = sorted(stems)
    charts = "(select unnest(?::varchar[]) as key, unnest(?::varchar[]) as stems)"
    params: list = [keys, ["|".join(stems[k]) for k in keys]]
    parts = [f"""
        select f.article_id, hash('chart', s.stems) as h
        from (select distinct article_id, coalesce(metric_id, {schema.col("o", "observations", "indicator_id")})
                  as key from observations o) f
        join {charts} s using (key)"""]
    if schema.has("conflicts", "article_ids"):
        parts.append(f"""
            select trim(unnest(string_split(coalesce(k.article_ids, ''), '|'))) as article_id,
                   hash('conflict', k.metric_id, k.period_id, k."values", s.stems) as h
            from {schema.name("conflicts")} k left join {charts} s on s.key = k.metric_id""")
        params += params[:2]
    if schema.has("consistency_audit", "verdict"):
        parts.append(f"""
            select article_id, hash('contradiction', metric_id, period_id, claim) as h
            from {schema.name("consistency_audit")} where verdict = 'contradicts'""")
    if schema.has("series_changes", "stated_article_id") and schema.has("series_changes", "agrees"):
        parts.append("""
            select stated_article_id as article_id, hash('stated', metric_id, from_period_id, to_period_id) as h
            from series_changes where agrees = false and stated_article_id is not null""")
    if schema.has("quarantine", "source_path"):
        parts.append(f"""
            select a.article_id, hash('quarantine', q.reason, q.detail, q.outcome) as h
            from {schema.name("quarantine")} q join articles a using (source_path)""")
    union = " union all ".join(parts)
    return dict(con.execute(f"select article_id, count(*) || ':' || sum(h) from ({union}) group by 1",
                            params).fetchall())


def _cell(items: list[str]) -> str:
    return "<td><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul></td>" if items else \
        '<td class="muted">none</td>'


INDEX_HEAD = ("<h1>Evidence report: every indicator value and the sentence it came from</h1>"
              '<div class="meta">{articles} articles · {total} indicator values</div>')
INDEX_TABLE = ("<table><tr><th>article</th><th>publisher</th><th>published</th><th>reporting period</th>"
               "<th>indicator values</th><th>other numbers</th><th>feeds</th><th>charts</th>"
               "<th>conflicts</th><th>quarantine notes</th></tr>")


def _index_row(article: tuple, page: Page, found: ArticleLinks) -> str:
    article_id, title, published, _pid, period_label, _path, source_url, publisher = article
    href = safe_href(source_url)
    source = f'<br><a href="{_e(href)}">{_e(source_url)}</a>' if href else \
        (f"<br>{_e(source_url)}" if source_url else "")
    return (
        f'<tr id="article-{_e(article_id)}"><td><a href="{quote(page.path.name)}">{_e(title or article_id)}</a>'
        f'<br><code class="muted">{_e(article_id)}</code>{source}</td><td>{_e(publisher or "")}</td>'
        f"<td>{_e(_iso(published))}</td><td>{_e(period_label)}</td>"
        f'<td class="num">{page.observations}</td><td class="num">{page.mentions}</td>'
        f"{_cell(found.feeds)}{_cell(found.charts)}{_cell(found.conflicts)}{_cell(found.quarantine)}</tr>")


def index_page_name(n: int) -> str:
    """The file of index page ``n`` (from 1)."""
    return "index.html" if n == 1 else f"index_{n}.html"


def _index_nav(n: int, pages: int) -> str:
    """The first page links to every page; another to the first and its neighbours only, so that a new
    last page rewrites the first page and the one before it, not every page."""
    if pages <= 1:
        return ""
    if n == 1:
        links = " ".join(f"<strong>{k}</strong>" if k == n else f'<a href="{index_page_name(k)}">{k}</a>'
                         for k in range(1, pages + 1))
        return f'<p class="meta">Index pages ({INDEX_PAGE_ROWS} articles a page): {links}</p>'
    links = [f'<a href="{index_page_name(1)}">first page</a>', f'<a href="{index_page_name(n - 1)}">previous</a>']
    if n < pages:
        links.append(f'<a href="{index_page_name(n + 1)}">next</a>')
    return f'<p class="meta">Index page {n}: {" · ".join(links)}</p>'


def _index_page(n: int, count: int, articles: Iterable[tuple], by_id: dict[str, Page],
                links: dict[str, ArticleLinks], totals: tuple[int, int]) -> str:
    """Index page ``n`` of ``count``: a row per article of ``articles`` (in order, without text); the first
    page also gives the report's ``totals`` (articles, indicator values)."""
    nav = _index_nav(n, count)
    if n == 1:
        title, top = "dx-metrics evidence report", INDEX_HEAD.format(articles=totals[0], total=totals[1])
    else:
        title, top = f"dx-metrics evidence report, index page {n}", f"<h1>Evidence report, index page {n}</h1>"
    rows = [_index_row(a, by_id[a[0]], links.get(a[0], ArticleLinks())) for a in articles]
    head, tail = _document(title, "\0").split("\0")
    return "".join([head, top, nav, INDEX_TABLE, *rows, "</table>", nav, tail])


def _index_inputs(pages: list[Page], digests: dict[str, str], link_digests: dict[str, str]) -> dict[str, str]:
    """``file name -> hash`` of what each index page shows: its place among the pages, the report's totals
    (first page), and its articles' page and link hashes. ``pages`` are in ``article_id`` order."""
    count = max(1, -(-len(pages) // INDEX_PAGE_ROWS))
    totals = (len(pages), sum(p.observations for p in pages))
    inputs = {}
    for n in range(1, count + 1):
        chunk = pages[(n - 1) * INDEX_PAGE_ROWS:n * INDEX_PAGE_ROWS]
        place = (n, INDEX_PAGE_ROWS, count, totals) if n == 1 else (n, INDEX_PAGE_ROWS, n < count)
        inputs[index_page_name(n)] = data_hash((place, [(p.article_id, digests[p.article_id],
                                                         link_digests.get(p.article_id, "")) for p in chunk]))
    return inputs


def _write_index(con: duckdb.DuckDBPyConnection, out_dir: Path, pages: list[Page], digests: dict[str, str],
                 stems: dict[str, list[str]], manifest: OutputManifest) -> list[str]:
    """Write each index page whose inputs (``_index_inputs``) changed, or whose file is missing; a page whose
    content is what was last written is left as it is. The names of the index pages."""
    inputs = _index_inputs(pages, digests, _link_digests(con, stems))
    stored = manifest.entries.get(INDEX_KEY) or {}
    kept = {name: entry for name, entry in (stored.get("pages") or {}).items() if isinstance(entry, dict)}
    names = list(inputs)
    todo = [n for n, name in enumerate(names, 1)
            if kept.get(name, {}).get("inputs") != inputs[name] or not (out_dir / name).exists()]
    if todo:
        chunks = {n: pages[(n - 1) * INDEX_PAGE_ROWS:n * INDEX_PAGE_ROWS] for n in todo}
        ids = [p.article_id for n in todo for p in chunks[n]]
        links = article_links(con, stems, ids)
        rows = {row[0]: row for row in con.execute(
            f"select * exclude (text) from ({ARTICLES_SQL}) where article_id in (select unnest(?::varchar[]))",
            [ids]).fetchall()}
        by_id = {p.article_id: p for p in pages}
        totals = (len(pages), sum(p.observations for p in pages))
        for n in todo:
            name = names[n - 1]
            data = _index_page(n, len(names), [rows[p.article_id] for p in chunks[n]], by_id, links,
                               totals).encode("utf-8")
            content = hashlib.sha256(data).hexdigest()
            if kept.get(name, {}).get("content") != content or not (out_dir / name).exists():
                scratch = out_dir / f".{name}.tmp"
                scratch.write_bytes(data)
                os.replace(scratch, out_dir / name)
            kept[name] = {"content": content}
    manifest.record(INDEX_KEY, "", pages={name: {**kept[name], "inputs": inputs[name]} for name in names})
    return names


def evidence_report(con: duckdb.DuckDBPyConnection, out_dir: Path,
                    chart_stems: dict[str, list[str]] | None = None) -> list[Page]:
    """Write one page per article and ``index.html``; pages of articles no longer present are removed.

    Only pages whose article, observations or mentions changed since they were written are written again.
    ``chart_stems`` (metric or indicator id -> chart file stems, by default ``charts.chart_stems``) are
    the charts the index links to.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = OutputManifest(out_dir / MANIFEST, RENDER_VERSION)
    digests = dict(con.execute(PAGE_HASH_SQL).fetchall())
    on_disk = {entry.name for entry in os.scandir(out_dir)}
    pages: dict[str, Page] = {}
    for article_id, digest in digests.items():
        entry = manifest.entries.get(article_id)
        name = f"{article_id}.html"
        if entry is not None and entry.get("hash") == digest and name in on_disk:
            pages[article_id] = Page(article_id, out_dir / name, entry["observations"], entry["highlighted"],
                                     entry["mentions"])
    stale = sorted(set(digests) - set(pages))
    for page in _write_pages(con, stale, out_dir):
        pages[page.article_id] = page
        manifest.record(page.article_id, digests[page.article_id], observations=page.observations,
                        highlighted=page.highlighted, mentions=page.mentions)
    index = manifest.entries.get(INDEX_KEY)
    manifest.keep_only(set(digests))
    if index is not None:
        manifest.entries[INDEX_KEY] = index
    if chart_stems is None:
        from pipelines.charts import chart_stems as stems_of  # matplotlib is only needed for the index links

        chart_stems = stems_of(con)
    ordered = [pages[article_id] for article_id in sorted(digests)]
    index_names = _write_index(con, out_dir, ordered, digests, chart_stems, manifest)
    manifest.save()
    keep = {p.path.name for p in ordered} | set(index_names)
    for old in on_disk | set(index_names):
        if old.endswith(".html") and old not in keep:
            (out_dir / old).unlink(missing_ok=True)
    return ordered


def _fetched(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple]:
    """The rows of ``cursor``'s result, fetched a few thousand at a time."""
    while rows := cursor.fetchmany(FETCH_ROWS):
        yield from rows


def _by_article(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, list[dict]]]:
    """(article_id, its rows as dicts) from a result ordered by article_id."""
    names = [d[0] for d in cursor.description]
    at = names.index("article_id")
    for article_id, rows in groupby(_fetched(cursor), key=lambda row: row[at]):
        yield article_id, [dict(zip(names, row, strict=True)) for row in rows]


def _write_pages(con: duckdb.DuckDBPyConnection, article_ids: list[str], out_dir: Path) -> Iterator[Page]:
    """Write the pages of ``article_ids`` one at a time, streaming the rows of three queries ordered by article."""
    if not article_ids:
        return
    cursors = [con.cursor() for _ in range(3)]
    try:
        articles, observations, mentions = cursors
        articles.execute(f"select * from ({ARTICLES_SQL}) where article_id in (select unnest(?::varchar[])) "
                         "order by article_id", [article_ids])
        observations.execute(observations_sql(probe(con)), [article_ids])
        mentions.execute(MENTIONS_SQL, [article_ids])
        obs_groups, mention_groups = _by_article(observations), _by_article(mentions)
        next_obs, next_mentions = next(obs_groups, None), next(mention_groups, None)
        for article in _fetched(articles):
            article_id = article[0]
            obs_rows, mention_rows = [], []
            while next_obs is not None and next_obs[0] < article_id:
                next_obs = next(obs_groups, None)
            if next_obs is not None and next_obs[0] == article_id:
                obs_rows, next_obs = next_obs[1], next(obs_groups, None)
            while next_mentions is not None and next_mentions[0] < article_id:
                next_mentions = next(mention_groups, None)
            if next_mentions is not None and next_mentions[0] == article_id:
                mention_rows, next_mentions = next_mentions[1], next(mention_groups, None)
            yield write_page(article, obs_rows, mention_rows, out_dir)
    finally:
        for cursor in cursors:
            cursor.close()

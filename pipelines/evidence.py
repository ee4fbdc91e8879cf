"""The evidence report: one static HTML page per article, and an index, under ``<exports>/evidence/``.

Each page shows the article text with every number the pipeline found highlighted from its offsets:
indicator values (``observations``) in one colour, with metric, period, kind, qualifier, status and value
on hover; other numbers (``mentions`` that are no observation) in another, with their mention type. A
table lists the article's observations, each linked to its place in the text. Pages are self-contained
(inline CSS, no scripts, no external assets) and every piece of text is HTML-escaped.

An observation ``<mark>`` carries ``data-obs="<observation_no> …"`` (several observations can share one
span); when spans overlap, the inner one is nested or, if it crosses the outer one's end, shortened.

A page is written again only when what it shows changed: ``.manifest.json`` in the evidence folder keeps,
per article, a hash of its row, its observations (with metric and period labels) and its mentions, as
DuckDB computes it, so an unchanged article is not even read.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import duckdb

from pipelines import formatting
from pipelines.formatting import QUALIFIER_WORDS, format_value
from pipelines.output_manifest import OutputManifest, code_version

RENDER_VERSION = code_version(Path(__file__), Path(formatting.__file__), extra=duckdb.__version__)
MANIFEST = ".manifest.json"
READ_BATCH = 500

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


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def is_web_url(url: str) -> bool:
    """True for an absolute ``http``/``https`` URL with a host: the only kind the pages make links of."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _link(url: str) -> str:
    """A link to ``url`` when it is a web URL, else the URL as plain text."""
    return f'<a href="{_e(url.strip())}">{_e(url)}</a>' if is_web_url(url) else _e(url)


def observation_title(o: dict) -> str:
    """The hover text of an observation."""
    lines = [f"{o['metric_id']} — {o['name_en'] or ''}".rstrip(" —")]
    if o.get("name_vi"):
        lines.append(o["name_vi"])
    period = o["period_label"] or o["period_id"]
    if o.get("base_period_id"):
        period += f" (change from {o['base_label'] or o['base_period_id']})"
    lines += [
        f"period: {period}",
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
                          [o["observation_no"] for o in group]))
    for m in mentions:
        start, end = max(0, m["start_char"]), min(len(text), m["end_char"])
        if start >= end or any(s.start < end and start < s.end for s in spans if s.css == "obs"):
            continue
        spans.append(Span(start, end, "mention", f"{m['mention_type']} (not an indicator): {text[start:end]}",
                          mention_type=m["mention_type"]))
    return sorted(spans, key=lambda s: (s.start, -s.end, s.css != "obs"))


def highlight(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """``text`` as escaped HTML with every span wrapped in a ``<mark>`` (nested where spans nest).

    Returns the HTML and the spans it shows (a span left empty by a crossing outer span is dropped).
    """
    out: list[str] = []
    shown: list[Span] = []
    open_ends: list[int] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(html.escape(text[pos:end]))
            out.append("</mark>")
            pos = end

    for span in spans:
        close_until(span.start)
        start = max(span.start, pos)
        end = min(span.end, open_ends[-1]) if open_ends else span.end
        if start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        pos = start
        data = f' data-obs="{" ".join(map(str, span.observations))}"' if span.observations else ""
        out.append(f'<mark class="{span.css}" id="{span.anchor}"{data} title="{_e(span.title)}">')
        open_ends.append(end)
        shown.append(span)
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    return "".join(out), shown


ARTICLES_SQL = """
    select a.article_id, a.title, a.published_date, a.period_id, coalesce(p.period_label, a.period_id),
           a.source_path, a.source_url, a.publisher, a.text
    from articles a left join periods p using (period_id)
    order by a.article_id
"""

OBSERVATIONS_SQL = """
    select o.*, m.name_en, m.name_vi, p.period_label, b.period_label as base_label
    from observations o
    left join metrics m using (metric_id)
    left join periods p on p.period_id = o.period_id
    left join periods b on b.period_id = o.base_period_id
    where o.article_id in (select unnest(?::varchar[]))
    order by o.article_id, o.start_char, o.observation_no
"""
MENTIONS_SQL = """
    select * from mentions where article_id in (select unnest(?::varchar[]))
    order by article_id, start_char
"""
PAGE_HASH_SQL = """
    with obs as (
        select o.article_id, sum(hash(o, m.name_en, m.name_vi, p.period_label, b.period_label)) as h
        from observations o
        left join metrics m using (metric_id)
        left join periods p on p.period_id = o.period_id
        left join periods b on b.period_id = o.base_period_id
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


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _legend(n_obs: int, mention_types: dict[str, int]) -> str:
    kinds = ", ".join(f"{_e(k)} {n}" for k, n in sorted(mention_types.items())) or "none"
    return (
        '<div class="legend">'
        f'<span><span class="key key-obs">indicator value</span> observation ({n_obs}); '
        "hover for metric, period, kind, qualifier, status and value</span>"
        '<span><span class="key key-mention">other number</span> '
        f"mention that is no indicator ({kinds})</span>"
        "</div>")


def _observation_table(observations: list[dict], text: str) -> str:
    if not observations:
        return '<p class="muted">No indicator values were found in this article.</p>'
    head = ("<tr><th>#</th><th>metric</th><th>period</th><th>kind</th><th>value</th><th>qualifier</th>"
            "<th>status</th><th>as written</th><th>evidence</th></tr>")
    body = []
    for o in observations:
        start, end = max(0, o["start_char"]), min(len(text), o["end_char"])
        written = text[start:end] if start < end else ""
        anchor = f"span-{start}-{end}"
        period = o["period_label"] or o["period_id"]
        if o.get("base_period_id"):
            period += f" (from {o['base_label'] or o['base_period_id']})"
        body.append(
            f'<tr id="obs-{_e(o["observation_no"])}"><td>{_e(o["observation_no"])}</td>'
            f'<td class="metric"><code>{_e(o["metric_id"])}</code><br>{_e(o["name_en"])}<br>'
            f'<span class="muted">{_e(o["name_vi"])}</span></td>'
            f"<td>{_e(period)}</td><td>{_e(o['kind'])}</td>"
            f'<td class="num">{_e(format_value(o["value"], o["unit"], o["qualifier"]))}<br>'
            f'<span class="muted">{o["value"]:,.10g} {_e(o["unit"])}</span></td>'
            f"<td>{_e(QUALIFIER_WORDS.get(o['qualifier'], o['qualifier']))}</td><td>{_e(o['status'])}</td>"
            f'<td><a href="#{anchor}">{_e(written)}</a></td>'
            f'<td class="evidence">{_e(o["evidence"])}</td></tr>')
    return f"<table>{head}{''.join(body)}</table>"


def _document(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _when(published, period_label: str) -> str:
    return (f"published {published.day}/{published.month}/{published.year}" if published
            else "publication date unknown") + f" · reporting period {period_label}"


def article_page(con: duckdb.DuckDBPyConnection, article: tuple, out_dir: Path) -> Page:
    """Write ``<article_id>.html`` for one row of ``ARTICLES_SQL``."""
    observations = _rows(con, OBSERVATIONS_SQL, [[article[0]]])
    mentions = _rows(con, MENTIONS_SQL, [[article[0]]])
    return write_page(article, observations, mentions, out_dir)


def write_page(article: tuple, observations: list[dict], mentions: list[dict], out_dir: Path) -> Page:
    """Write the page of one row of ``ARTICLES_SQL`` with its observation and mention rows."""
    article_id, title, published, _period_id, period_label, source_path, source_url, publisher, text = article
    marked, spans = highlight(text, build_spans(text, observations, mentions))
    mention_types = Counter(s.mention_type for s in spans if s.css == "mention")
    source = _link(source_url) if source_url else _e(source_path)
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


def _index(pages: list[Page], articles: list[tuple]) -> str:
    by_id = {p.article_id: p for p in pages}
    rows = []
    for article_id, title, published, _pid, period_label, *_rest in articles:
        page = by_id[article_id]
        when = f"{published.day}/{published.month}/{published.year}" if published else ""
        rows.append(
            f'<tr><td><a href="{quote(page.path.name)}">{_e(title or article_id)}</a><br>'
            f'<code class="muted">{_e(article_id)}</code></td><td>{_e(when)}</td><td>{_e(period_label)}</td>'
            f'<td class="num">{page.observations}</td><td class="num">{page.mentions}</td></tr>')
    total = sum(p.observations for p in pages)
    body = (
        "<h1>Evidence report: every indicator value and the sentence it came from</h1>"
        f'<div class="meta">{len(pages)} articles · {total} indicator values</div>'
        "<table><tr><th>article</th><th>published</th><th>reporting period</th><th>indicator values</th>"
        f"<th>other numbers</th></tr>{''.join(rows)}</table>")
    return _document("dx-metrics evidence report", body)


def evidence_report(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Page]:
    """Write one page per article and ``index.html``; pages of articles no longer present are removed.

    Only pages whose article, observations or mentions changed since they were written are written again.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = OutputManifest(out_dir / MANIFEST, RENDER_VERSION)
    digests = dict(con.execute(PAGE_HASH_SQL).fetchall())
    pages: dict[str, Page] = {}
    for article_id, digest in digests.items():
        entry = manifest.fresh(article_id, digest, out_dir / f"{article_id}.html")
        if entry is not None:
            pages[article_id] = Page(article_id, out_dir / f"{article_id}.html", entry["observations"],
                                     entry["highlighted"], entry["mentions"])
    stale = sorted(set(digests) - set(pages))
    for start in range(0, len(stale), READ_BATCH):
        for page in _write_pages(con, stale[start:start + READ_BATCH], out_dir):
            pages[page.article_id] = page
            manifest.record(page.article_id, digests[page.article_id], observations=page.observations,
                            highlighted=page.highlighted, mentions=page.mentions)
    manifest.keep_only(set(digests))
    manifest.save()
    articles = [a[:5] for a in con.execute(
        f"select * exclude (text) from ({ARTICLES_SQL}) order by article_id").fetchall()]
    index = _index(list(pages.values()), articles)
    index_path = out_dir / "index.html"
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != index:
        index_path.write_text(index, encoding="utf-8")
    pages = [pages[a[0]] for a in articles]
    keep = {p.path for p in pages} | {out_dir / "index.html"}
    for old in out_dir.glob("*.html"):
        if old not in keep:
            old.unlink()
    return pages


def _write_pages(con: duckdb.DuckDBPyConnection, article_ids: list[str], out_dir: Path) -> list[Page]:
    """Write the pages of ``article_ids``, reading their rows in three queries."""
    articles = con.execute(f"select * from ({ARTICLES_SQL}) where article_id in (select unnest(?::varchar[]))",
                           [article_ids]).fetchall()
    observations: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(con, OBSERVATIONS_SQL, [article_ids]):
        observations[row["article_id"]].append(row)
    mentions: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(con, MENTIONS_SQL, [article_ids]):
        mentions[row["article_id"]].append(row)
    return [write_page(a, observations[a[0]], mentions[a[0]], out_dir) for a in articles]

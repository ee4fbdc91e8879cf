"""Static charts of the warehouse (PNG and SVG, stable file names under ``<exports>/charts/``).

Every chart is drawn from the derived tables: levels from ``chosen_observations``, changes from
``series_changes``, marks from ``conflicts`` and ``consistency_audit``. Each carries its English and
Vietnamese title, its unit and a source line per article: publisher (else the full title), ISO date and
URL where the manifest has them.

Honest numbers and honest time:

- a level stated with a qualifier is drawn hollow, labelled ``≈``, ``>``, ``≲``, ``≥`` or ``<``, with the
  interval its wording allows (``value_low`` / ``value_high``) as a bar, or an arrow where it is open;
- a change is printed exact only between two exact levels; otherwise as a range, ``>``/``<`` or ``≈``
  (``formatting.change_between``), and a change an article states is printed beside it;
- points sit on a true time axis: at the period's end, or at ``as_of_date`` for a value stated as of a date
  (labelled ``as of 04/2024`` / ``tính đến 04/2024``); a thin bar under a flow spans its period;
- overlapping periods (Q1 and H1, 9M and the year) are never joined: a point whose period overlaps the
  previous point of its line starts a separate, dotted series;
- a value in ``conflicts`` is ringed in red; a contradiction (``consistency_audit`` verdict
  ``contradicts``, or a ``series_changes`` row whose stated change does not agree) is crossed in red and
  spelled out above the sources;
- a forecast is a diamond on a dashed segment.

What is charted: every catalogue metric with two or more points, and the indicators an analyst selects in
``pipelines/catalogue/charts.toml`` (``pipelines.chart_config``), which also names the headline's metric,
place and pair of periods.

A chart is drawn again only when the data it shows or the drawing code changed: a manifest beside the
files (``pipelines.output_manifest``) keeps the hash of each chart's data. The metric charts and overview
pages are drawn on every core; a caller that keeps worker processes of its own (``dx build``, see
``pipelines.chart_pool``) passes them as ``draw``.
"""

from __future__ import annotations

import io
import math
import os
import struct
import textwrap
import threading
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import duckdb

from pipelines import formatting
from pipelines.chart_config import NATION, ChartConfig, load_config
from pipelines.config import settings
from pipelines.core import periods
from pipelines.core.catalogue import DOMAINS
from pipelines.evidence import safe_href
from pipelines.formatting import Interval, change_between, format_change, format_value
from pipelines.output_manifest import OutputManifest, code_version, data_hash
from pipelines.schema_probe import Schema, probe

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


@cache
def _mpl() -> SimpleNamespace:
    """matplotlib (Agg backend), imported when the first chart is drawn: a run whose charts are all fresh
    never loads it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import dates, font_manager

    _fonts_in_memory(font_manager)
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    return SimpleNamespace(rc_context=matplotlib.rc_context, dates=dates, Figure=Figure, Line2D=Line2D,
                           FuncFormatter=FuncFormatter, MaxNLocator=MaxNLocator, Canvas=_fast_text_canvas())


class _NamedBytes(io.BytesIO):
    """A font file's bytes, named by its path (``FT2Font.fname``)."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


class _InMemoryFT2Font:
    """matplotlib's ``ft2font`` module whose fonts read their file from memory.

    FreeType reads a font's glyphs as it lays text out, each glyph a seek and a read of the font file
    through Python file calls; from bytes in memory the same layout takes half the time. The glyphs, and
    so the pixels, are the same.
    """

    def __init__(self, module):
        self._module = module
        self._bytes: dict[str, bytes] = {}

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def FT2Font(self, filename, *args, **kwargs):  # noqa: N802 (the name of the class it stands for)
        if isinstance(filename, str | os.PathLike):
            path = os.fspath(filename)
            if path not in self._bytes:
                self._bytes[path] = Path(path).read_bytes()
            filename = _NamedBytes(self._bytes[path], path)
        return self._module.FT2Font(filename, *args, **kwargs)


def _fonts_in_memory(font_manager) -> None:
    """Make ``font_manager`` open its fonts from memory (:class:`_InMemoryFT2Font`); fonts it opened
    before are forgotten."""
    if not isinstance(font_manager.ft2font, _InMemoryFT2Font):
        font_manager.ft2font = _InMemoryFT2Font(font_manager.ft2font)
        font_manager._get_font.cache_clear()


TEXT_CACHE_SIZE = 4096  # rendered strings kept per process (tick, value and legend labels recur across charts)


def _fast_text_canvas() -> type | None:
    """An Agg canvas whose renderer draws a line of text as one bitmap, and keeps the bitmaps it drew.

    matplotlib 3.11's Agg renderer lays out and draws text glyph by glyph in Python (about two thirds of a
    chart's drawing time went on its text). This renderer does what matplotlib 3.10's did: FreeType lays
    the line out and draws it into one bitmap (``FT2Font.set_text`` and ``draw_glyphs_to_bitmap``), which
    Agg composes rotated; a bitmap depends only on the font, size, resolution, text and antialiasing, so
    the bitmaps of recurring strings are kept; a line is laid out once, for its size and its bitmap
    together. One renderer per figure size and resolution (and thread) is
    kept too, so that matplotlib's text-metrics cache (keyed by renderer) serves every chart a worker draws. Where the
    FreeType API differs (another matplotlib), None: charts are drawn by matplotlib's own canvas.
    """
    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
    from matplotlib.ft2font import FT2Font

    if not all(hasattr(FT2Font, name) for name in ("set_text", "draw_glyphs_to_bitmap", "get_image",
                                                   "get_bitmap_offset", "get_descent")) or \
            not hasattr(RendererAgg, "_prepare_font"):
        return None
    bitmaps: dict[tuple, tuple] = {}

    class Renderer(RendererAgg):
        def _laid_out(self, s: str, prop, antialiased: bool) -> tuple:
            """(bitmap, x offset, y offset, descent, width, height) of a line of text, laid out once."""
            font = self._prepare_font(prop)
            key = (hash(prop), getattr(font.fname, "name", font.fname), self.dpi, s, antialiased,
                   get_hinting_flag())
            drawn = bitmaps.get(key)
            if drawn is None:
                font.set_text(s, 0, flags=get_hinting_flag())
                width, height = font.get_width_height()
                font.draw_glyphs_to_bitmap(antialiased=antialiased)
                xo, yo = font.get_bitmap_offset()
                drawn = (font.get_image().copy(), xo / 64.0, yo / 64.0, font.get_descent() / 64.0, width / 64.0,
                         height / 64.0)
                if len(bitmaps) >= TEXT_CACHE_SIZE:
                    bitmaps.clear()
                bitmaps[key] = drawn
            return drawn

        def get_text_width_height_descent(self, s, prop, ismath):
            """As matplotlib's, and the line's bitmap kept for ``draw_text``, which then lays it out no more."""
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)
            _image, _xo, _yo, descent, width, height = self._laid_out(s, prop, rcParams["text.antialiased"])
            return width, height, descent

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath or any(getattr(mtext, f"get_{name}", lambda: None)() for name in ("fontfeatures", "language")):
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            image, xo, yo, descent, _width, _height = self._laid_out(s, prop, gc.get_antialiased())
            x = round(x + xo + descent * math.sin(math.radians(angle)))
            y = round(y + yo + descent * math.cos(math.radians(angle)))
            self._renderer.draw_text_image(image, x, y + 1, angle, gc)

    kept = threading.local()  # a renderer's buffer is read after its lock is let go: one set per thread

    class Canvas(FigureCanvasAgg):
        def get_renderer(self):
            w, h = self.figure.bbox.size
            key = (w, h, self.figure.dpi)
            if self._lastKey != key:
                renderers = kept.__dict__.setdefault("renderers", {})
                if key not in renderers:
                    if len(renderers) >= 8:
                        renderers.clear()
                    renderers[key] = Renderer(w, h, self.figure.dpi)
                self.renderer = renderers[key]
                self._lastKey = key
            return self.renderer

    return Canvas

SLIDE_SIZE = (12.0, 6.75)
DPI = 150
PNG_COMPRESSION = 3  # zlib level: half the encoding time of the default 6, files some 9 % larger
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "svg.hashsalt": "dx-metrics",
    "text.parse_math": False,  # titles and labels are drawn literally: "$5 tỷ^$" is not mathtext
}
LITERAL = {"parse_math": False}  # chart text is drawn as written: a `$` is a dollar sign, not mathtext
DOMAIN_COLOURS = {
    "digital_data": "#1f77b4",
    "digital_infrastructure": "#ff7f0e",
    "digital_government": "#2ca02c",
    "digital_economy": "#d62728",
    "digital_society": "#9467bd",
    "cybersecurity": "#8c564b",
    "institutions": "#e377c2",
    "dx_program": "#0f8b8d",
}
GREY = "#555555"
ALERT = "#cf1322"
RENDER_VERSION = code_version(Path(__file__), Path(formatting.__file__), extra=version("matplotlib"))
UNIT_LABELS = {
    "count": "count", "percent": "percent (%)", "index": "index", "usd": "US dollars",
    "vnd": "Vietnamese dong", "ratio": "ratio (×)", "rank": "rank",
    "usd_per_ha_year": "US dollars per hectare per year",
}


@dataclass(frozen=True)
class Point:
    """One chosen level value, as plotted."""

    period_id: str | None
    period_label: str
    value: float
    qualifier: str
    status: str
    article_id: str
    low: float | None = None          # observations.value_low (None: unbounded, or not stored)
    high: float | None = None
    as_of: date | None = None         # observations.as_of_date: a stock stated as of a date
    start: date | None = None         # the period's dates
    end: date | None = None
    conflict: str = ""                # the conflicting values of this metric and period, as text
    contradicted: bool = False        # a `contradicts` audit row for this metric and period

    @property
    def key(self) -> str:
        return self.period_id if self.as_of is None else f"{self.period_id or ''}@{self.as_of.isoformat()}"

    @property
    def approximate(self) -> bool:
        return self.qualifier != "exact"

    @property
    def forecast(self) -> bool:
        return self.status == "forecast"

    @property
    def when(self) -> date | None:
        """Where the point sits on the time axis: its as-of date, else its period's end."""
        return self.as_of or self.end

    @property
    def span(self) -> tuple[date, date]:
        """The time the value covers: one day for an as-of value, else its period."""
        return (self.as_of, self.as_of) if self.as_of else (self.start or self.end, self.end)

    @property
    def label(self) -> str:
        return f"as of {self.as_of:%m/%Y}" if self.as_of else self.period_label

    @property
    def label_vi(self) -> str:
        return f"tính đến {self.as_of:%m/%Y}" if self.as_of else self.period_label

    @property
    def interval(self) -> Interval | None:
        return formatting.level_interval(self.value, self.qualifier, self.low, self.high)


@dataclass(frozen=True)
class Change:
    """One row of ``series_changes`` (the interval and stated columns where the warehouse has them)."""

    from_period_id: str
    to_period_id: str
    from_value: float
    to_value: float
    abs_change: float
    pct_change: float | None
    abs_change_low: float | None = None
    abs_change_high: float | None = None
    pct_change_low: float | None = None
    pct_change_high: float | None = None
    stated_abs_change: float | None = None
    stated_pct_change: float | None = None
    stated_article_id: str | None = None
    agrees: bool | None = None

    @property
    def contradicted(self) -> bool:
        return self.agrees is False


@dataclass(frozen=True)
class MetricInfo:
    metric_id: str
    unit: str
    domain: str
    name_en: str
    name_vi: str


@dataclass
class Chart:
    """A chart written to disk, with the data it plotted."""

    name: str
    png: Path
    svg: Path | None  # written only when DX_CHART_FORMATS asks for svg
    data: dict = field(default_factory=dict)


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- reading the warehouse

def metric_info(con: duckdb.DuckDBPyConnection, metric_id: str) -> MetricInfo:
    row = con.execute("select metric_id, unit, domain, name_en, name_vi from metrics where metric_id = ?",
                      [metric_id]).fetchone()
    if row is None:
        return MetricInfo(metric_id, "count", "", metric_id, "")
    return MetricInfo(*row)


def indicator_info(con: duckdb.DuckDBPyConnection, indicator_id: str, schema: Schema | None = None) -> MetricInfo:
    """An indicator without a catalogue metric, named by its subject as written (``indicators``)."""
    schema = schema or probe(con)
    row = None
    if schema.has("indicators", "subject"):
        row = con.execute(f"select subject, unit from {schema.name('indicators')} where indicator_id = ?",
                          [indicator_id]).fetchone()
    if row is None and schema.has("observations", "indicator_id"):
        row = con.execute("select any_value(subject), mode(unit) from observations where indicator_id = ?",
                          [indicator_id]).fetchone()
    subject, unit = row or (None, None)
    return MetricInfo(indicator_id, unit or "count", "", _nfc(subject) or indicator_id, _nfc(subject))


def _date_of(period_id: str | None, stored: date | None, end: bool) -> date | None:
    if stored is not None or period_id is None:
        return stored
    try:
        parsed = periods.parse_id(period_id)
    except ValueError:
        return None
    return parsed.end_date if end else parsed.start_date


def _points(rows: list[tuple], marks: dict[str, dict]) -> dict[str | None, list[Point]]:
    """Points by place, in time order; rows are (period_id, label, value, qualifier, status, article_id,
    low, high, as_of, start, end, place_id)."""
    by_place: dict[str | None, list[Point]] = defaultdict(list)
    for period_id, label, value, qualifier, status, article_id, low, high, as_of, start, end, place in rows:
        end = _date_of(period_id, end, True)
        if as_of is None and end is None:
            continue
        by_place[place].append(Point(
            period_id, label or period_id or "", value, qualifier, status, article_id,
            None if _missing(low) else low, None if _missing(high) else high, as_of,
            _date_of(period_id, start, False), end,
            _conflicts_of(marks, place).get(period_id, ""), period_id in marks["contradicts"]))
    return {place: sorted(ps, key=lambda p: (p.when, -(p.span[0] or p.when).toordinal()))
            for place, ps in by_place.items()}


def _conflicts_of(marks: dict, place: str | None) -> dict[str, str]:
    """The conflicting values (period -> text) of ``place``'s series (of every place where conflicts are not
    stored per place)."""
    by_place = marks["conflicts"]
    return by_place.get(place, by_place.get(None, {}))


def _conflict_columns(schema: Schema) -> str:
    """The place (as chart series name places; null where not stored), period and values of ``conflicts``
    rows ``k``, for an ``order by`` on the first two columns and ``_conflict_order``."""
    place = f"coalesce(k.place_id, '{NATION}')" if schema.has("conflicts", "place_id") else "null"
    return f'{place}, k.period_id, k."values"'


def _conflict_order(schema: Schema, first: int = 1) -> str:
    """Place, period (the ``first`` and next selected columns) and indicator: one order for every run."""
    indicator = schema.col("k", "conflicts", "indicator_id")
    return f"{first} nulls first, {first + 1}" + (f", {indicator} nulls first" if indicator != "null" else "")


def _marks(con: duckdb.DuckDBPyConnection, schema: Schema, metric_id: str, unit: str) -> dict[str, dict]:
    """The metric's conflicting values (place -> period -> text) and contradicted periods (period -> claims)."""
    conflict_rows, contradiction_rows = [], []
    if schema.has("conflicts", "values"):
        conflict_rows = con.execute(
            f'select {_conflict_columns(schema)} from {schema.name("conflicts")} k where k.metric_id = ? '
            f"order by {_conflict_order(schema)}", [metric_id]).fetchall()
    if schema.has("consistency_audit", "verdict"):
        contradiction_rows = con.execute(
            f"select period_id, claim, stated, computed, article_id from {schema.name('consistency_audit')} "
            "where metric_id = ? and verdict = 'contradicts' order by period_id, article_id, claim",
            [metric_id]).fetchall()
    return _marks_from(conflict_rows, contradiction_rows, unit)


def _marks_from(conflict_rows: list[tuple], contradiction_rows: list[tuple], unit: str) -> dict[str, dict]:
    """``_marks`` from its rows: (place_id, period_id, values) and (period_id, claim, stated, computed,
    article_id)."""
    conflicts: dict[str | None, dict[str, str]] = defaultdict(dict)
    texts: dict[str, str] = {}  # a value as written -> as shown (conflicts of one metric repeat their values)
    for place_id, period_id, values in conflict_rows:
        parts = [p.strip() for p in (values or "").split("|") if p.strip()]
        for part in parts:
            if part not in texts:
                texts[part] = format_value(float(part), unit) if _is_number(part) else part
        conflicts[place_id][period_id] = " | ".join(dict.fromkeys(texts[p] for p in parts))
    contradicts: dict[str, list[tuple]] = defaultdict(list)
    for row in contradiction_rows:
        contradicts[row[0]].append(row[1:])
    return {"conflicts": dict(conflicts), "contradicts": dict(contradicts)}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _observation_columns(schema: Schema) -> str:
    """value_low, value_high, as_of_date from chosen_observations ``c`` if it has them, else from the
    observation it was chosen from (``o``), else null."""
    cols = []
    for column in ("value_low", "value_high", "as_of_date"):
        cols.append(schema.col("c", "chosen_observations", column, schema.col("o", "observations", column)))
    return ", ".join(cols)


def chosen_points(con: duckdb.DuckDBPyConnection, metric_id: str, schema: Schema | None = None,
                  place_id: str | None = None, marks: dict | None = None) -> list[Point]:
    """The chosen levels of ``metric_id`` in time order (of ``place_id`` where choices are per place)."""
    return next(iter(_chosen_by_place(con, metric_id, schema, place_id, marks).values()), [])


def _chosen_by_place(con: duckdb.DuckDBPyConnection, metric_id: str, schema: Schema | None = None,
                     place_id: str | None = None, marks: dict | None = None) -> dict[str | None, list[Point]]:
    schema = schema or probe(con)
    per_place = schema.has("chosen_observations", "place_id")
    joined = schema.has("chosen_observations", "observation_no")
    join = ("left join observations o on o.article_id = c.article_id and o.observation_no = c.observation_no"
            if joined else "left join (select null as x) o on false")
    place = f"coalesce(c.place_id, '{NATION}')" if per_place else "null"
    where = "c.metric_id = ?" + (f" and {place} = ?" if per_place and place_id else "")
    rows = con.execute(f"""
        select c.period_id, p.period_label, c.value, c.qualifier, c.status, c.article_id,
               {_observation_columns(schema) if joined or schema.has('chosen_observations', 'value_low')
                else 'null, null, null'},
               p.start_date, p.end_date, {place}
        from chosen_observations c left join periods p using (period_id)
        {join}
        where {where}
        order by p.sort_order, c.period_id""", [metric_id, place_id] if per_place and place_id else [metric_id]
    ).fetchall()
    if marks is None:
        marks = _marks(con, schema, metric_id, metric_info(con, metric_id).unit)
    return _points(rows, marks)


def indicator_points(con: duckdb.DuckDBPyConnection, indicator_id: str,
                     schema: Schema | None = None) -> dict[str | None, list[Point]]:
    """One level per place and period (or as-of date) of an indicator without a catalogue metric, ranked
    as ``observation_choices`` ranks: reported, exact, the later publication, then article and number."""
    schema = schema or probe(con)
    if not schema.has("observations", "indicator_id"):
        return {}
    as_of = schema.col("o", "observations", "as_of_date")
    rows = con.execute(f"""
        select o.period_id, p.period_label, o.value, o.qualifier, o.status, o.article_id,
               {schema.col('o', 'observations', 'value_low')}, {schema.col('o', 'observations', 'value_high')},
               {as_of}, p.start_date, p.end_date, {schema.col('o', 'observations', 'place_id', 'null')}
        from observations o join articles a using (article_id) left join periods p on p.period_id = o.period_id
        where o.indicator_id = ? and o.kind = 'level' and o.status in ('reported', 'forecast')
          and (o.period_id is not null or {as_of} is not null)
        qualify row_number() over (
            partition by {schema.col('o', 'observations', 'place_id', 'null')}, o.period_id, {as_of}
            order by (o.status = 'reported') desc, (o.qualifier = 'exact') desc, a.published_date desc nulls last,
                     o.article_id, o.observation_no) = 1
        order by p.sort_order, o.period_id""", [indicator_id]).fetchall()
    return _points(rows, {"conflicts": {}, "contradicts": {}})


CHANGE_EXTRAS = ("abs_change_low", "abs_change_high", "pct_change_low", "pct_change_high", "stated_abs_change",
                 "stated_pct_change", "stated_article_id", "agrees")


def _changes_place(schema: Schema) -> str:
    """The place of a ``series_changes`` row ``s`` as chart series name places (null: not stored)."""
    return f"coalesce(s.place_id, '{NATION}')" if schema.has("series_changes", "place_id") else "null"


def _changes_order(schema: Schema) -> str:
    """A total order of ``series_changes`` rows ``s`` of one metric and place, by period pair."""
    ties = [schema.col("s", "series_changes", c) for c in ("indicator_id", "from_point_date", "to_point_date")]
    return ", ".join(["s.from_period_id", "s.to_period_id", *(f"{t} nulls first" for t in ties if t != "null")])


def metric_changes(con: duckdb.DuckDBPyConnection, metric_id: str, schema: Schema | None = None,
                   place_id: str | None = None) -> dict[tuple[str, str], Change]:
    """The ``series_changes`` of ``metric_id`` by period pair: of ``place_id`` where changes are stored per
    place (a province's chart is not labelled with the nation's changes), else of every place."""
    schema = schema or probe(con)
    extras = ", ".join(schema.col("s", "series_changes", c) for c in CHANGE_EXTRAS)
    place = _changes_place(schema)
    where = "s.metric_id = ?" + (f" and {place} = ?" if place_id and place != "null" else "")
    rows = con.execute(f"""
        select s.from_period_id, s.to_period_id, s.from_value, s.to_value, s.abs_change, s.pct_change, {extras}
        from series_changes s where {where} order by {_changes_order(schema)}""",
                       [metric_id, place_id] if place_id and place != "null" else [metric_id]).fetchall()
    return {(r[0], r[1]): Change(*r) for r in rows}


def series_metrics(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Catalogue metrics with a chosen level in two or more periods, by domain (catalogue order) then id."""
    rows = con.execute("""
        select c.metric_id, m.domain
        from chosen_observations c join metrics m using (metric_id)
        group by all having count(distinct c.period_id) >= 2""").fetchall()
    order = {d: n for n, d in enumerate(DOMAINS)}
    return [m for m, d in sorted(rows, key=lambda r: (order.get(r[1], len(order)), r[0]))]


def _when(published: date | None, period_label: str | None) -> str:
    return published.isoformat() if published else f"undated, reports {period_label or 'no stated period'}"


MAX_SOURCE_LINES = 8
MAX_NOTE_LINES = 6


def source_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> dict[str, tuple]:
    """``article_id -> (article_id, title, published_date, period label, publisher, source_url)``, the rows
    ``source_lines`` reads, for many articles in one query."""
    rows = con.execute("""
        select a.article_id, a.title, a.published_date, coalesce(p.period_label, a.period_id), a.publisher,
               a.source_url
        from articles a left join periods p using (period_id)
        where a.article_id in (select unnest(?::varchar[]))""", [sorted(set(article_ids))]).fetchall()
    return {r[0]: r for r in rows}


def source_lines(con: duckdb.DuckDBPyConnection | None, article_ids: Iterable[str], width: int = 150,
                 max_lines: int = MAX_SOURCE_LINES, articles: dict[str, tuple] | None = None) -> list[str]:
    """``Source: <publisher>, 2024-04-10, https://…`` per article (the full title where there is no
    publisher), oldest first; many articles wrapped to ``width``, at most ``max_lines`` lines (the last one
    then says how many articles there are: a series of thousands would leave no room for the chart).
    ``articles`` (from ``source_articles``) saves the query."""
    ids = sorted(set(article_ids))
    if not ids:
        return []
    known = articles if articles is not None else source_articles(con, ids)
    rows = sorted((known[a] for a in ids if a in known), key=lambda r: (r[2] is None, r[2] or date.min, r[0]))
    found = {r[0] for r in rows}
    parts = []
    for article_id, title, published, period_label, publisher, url in rows:
        who = _nfc(publisher).strip() or (f"“{' '.join(_nfc(title).split())}”" if title else article_id)
        part = f"{who}, {_when(published, period_label)}"
        parts.append(part + (f", {safe_href(url)}" if safe_href(url) else ""))
    parts += [f"{a} (not in articles)" for a in ids if a not in found]
    if len(parts) <= 4:
        lines = [line for part in parts for line in textwrap.wrap(f"Source: {part}", width,
                                                                  subsequent_indent="    ")]
    else:
        lines = textwrap.wrap("Sources: " + "; ".join(parts), width)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], f"… {len(parts)} articles in all: every one is listed in the evidence report"]
    return lines


def stated_text(change: Change, unit: str) -> str:
    """The change an article states for the pair (``+213M``, ``+67%``), or ``""``."""
    if not _missing(change.stated_abs_change):
        return format_change(change.stated_abs_change, change.stated_pct_change, unit)
    if not _missing(change.stated_pct_change):
        return formatting.format_pct(change.stated_pct_change)
    return ""


def computed_text(change: Change, before: Point | None, after: Point | None, unit: str) -> str:
    """The computed change: exact between two exact levels, else the interval (``series_changes``'
    ``abs_change_low/high`` and ``pct_change_low/high`` where stored, else from the two levels')."""
    exact = before is not None and after is not None and not before.approximate and not after.approximate
    if not exact and not all(_missing(v) for v in (change.abs_change_low, change.abs_change_high)):
        abs_iv = Interval(*_bounds(change.abs_change_low, change.abs_change_high))
        pct_iv = (Interval(*_bounds(change.pct_change_low, change.pct_change_high))
                  if not all(_missing(v) for v in (change.pct_change_low, change.pct_change_high)) else None)
    else:
        levels = (before.interval if before else None, after.interval if after else None)
        abs_iv, pct_iv = formatting.difference(*levels), formatting.relative_change(*levels)
    return change_between(change.abs_change, change.pct_change, unit, exact, abs_iv, pct_iv)


def _bounds(low: float | None, high: float | None) -> tuple[float, float]:
    return (-math.inf if _missing(low) else low, math.inf if _missing(high) else high)


def change_text(change: Change, before: Point | None, after: Point | None, unit: str) -> str:
    """The computed change and, where an article states another figure, ``; stated +213M`` (``✗`` when they
    disagree)."""
    text = computed_text(change, before, after, unit)
    stated = stated_text(change, unit)
    if stated and stated not in text:
        text += f"; stated {stated}" + (" ✗" if change.contradicted else "")
    return text


def contradiction_notes(marks: dict, changes: dict[tuple[str, str], Change], points: list[Point], unit: str,
                        width: int = 150) -> list[str]:
    """One line per contradiction: an audit row ``contradicts``, or a stated change that does not agree."""
    labels = {p.period_id: p.label for p in points}
    notes = []
    for period_id, claims in sorted(marks["contradicts"].items()):
        for claim, stated, computed, _article in claims:
            notes.append(f"✗ Contradiction ({labels.get(period_id, period_id)}): {_nfc(claim)}: stated "
                         f"{formatting.format_number(stated)}, computed {formatting.format_number(computed)}")
    for (before, after), change in sorted(changes.items()):
        if change.contradicted and stated_text(change, unit):
            notes.append(f"✗ Contradiction: the article states {stated_text(change, unit)} from "
                         f"{labels.get(before, before)} to {labels.get(after, after)}; the two levels give "
                         f"{computed_text(change, _point(points, before), _point(points, after), unit)}")
    return [line for note in notes for line in textwrap.wrap(note, width, subsequent_indent="    ")]


def _point(points: list[Point], period_id: str) -> Point | None:
    return next((p for p in points if p.period_id == period_id), None)


# ---------------------------------------------------------------- drawing

def tracks(points: list[Point]) -> list[int]:
    """The line each point (in time order) belongs to: the first line whose last point's period ended
    before this one's began. Overlapping periods (Q1 and H1 of a year) land on different lines."""
    ends: list[date] = []
    out = []
    for p in points:
        start, end = p.span
        for n, last in enumerate(ends):
            if last < start:
                ends[n] = end
                out.append(n)
                break
        else:
            ends.append(end)
            out.append(len(ends) - 1)
    return out


def steps(points: list[Point]) -> list[tuple[Point, Point]]:
    """The neighbouring pairs joined by a line (consecutive points of one track)."""
    by_track: dict[int, list[Point]] = defaultdict(list)
    for point, track in zip(points, tracks(points), strict=True):
        by_track[track].append(point)
    return [pair for track in sorted(by_track) for pair in pairwise(by_track[track])]


def _new_figure(size: tuple[float, float] = SLIDE_SIZE) -> Figure:
    mpl = _mpl()
    fig = mpl.Figure(figsize=size, dpi=DPI)
    if mpl.Canvas is not None:
        mpl.Canvas(fig)
    return fig


def warm_up() -> None:
    """Load matplotlib and draw a small throwaway figure (fonts read, renderer and PNG writer loaded), so
    that a worker process's first chart costs no more than the others (``pipelines.chart_pool``)."""
    import io

    with _mpl().rc_context(STYLE):
        fig = _new_figure((2.0, 1.0))
        ax = fig.add_axes((0.2, 0.2, 0.7, 0.6))
        ax.plot([0, 1], [0, 1], marker="o")
        ax.set_title("Chuyển đổi số 1.234,5 ≈ →", fontweight="bold", **LITERAL)
        ax.text(0.5, 0.5, "tính đến 04/2024", fontstyle="italic", **LITERAL)
        fig.savefig(io.BytesIO(), format="png", dpi=50)


def _header(fig: Figure, title_en: str, title_vi: str, subtitle: str = "") -> float:
    """Write the two titles (and a subtitle) at the top; return the figure fraction where they end."""
    height = fig.get_figheight()
    y = 1 - 0.25 / height
    for text, size, style, colour in ((title_en, 17, "normal", "black"), (title_vi, 13, "italic", GREY),
                                      (subtitle, 12, "normal", "black")):
        if not text:
            continue
        lines = textwrap.wrap(_nfc(text), int(1300 / size))
        fig.text(0.015, y, "\n".join(lines), fontsize=size, fontstyle=style, color=colour, va="top",
                 fontweight="bold" if size >= 17 else "normal", **LITERAL)
        y -= len(lines) * size * 1.35 / 72 / height
    return y


def _footer(fig: Figure, lines: list[str], notes: list[str] = ()) -> float:
    """Write the contradiction notes (red) and source lines at the bottom; return the fraction above them."""
    height = fig.get_figheight()
    y = 0.12
    if lines:
        fig.text(0.015, y / height, "\n".join(lines), fontsize=8.5, color=GREY, va="bottom", **LITERAL)
        y += len(lines) * 8.5 * 1.3 / 72 + 0.05
    if len(notes) > MAX_NOTE_LINES:  # a series of thousands of articles may hold dozens of contradictions
        notes = [*notes[:MAX_NOTE_LINES - 1],
                 f"… {len(notes)} notes in all: every one is in the consistency_audit and series_changes tables"]
    if notes:
        fig.text(0.015, y / height, "\n".join(notes), fontsize=9.5, color=ALERT, va="bottom", **LITERAL)
        y += len(notes) * 9.5 * 1.3 / 72 + 0.05
    return (y + 0.05) / height if lines or notes else 0.02


def _legend_row(fig: Figure, handles: list, y: float) -> float:
    """A legend under the header at figure fraction ``y`` (one row, two when long); the fraction below it."""
    if not handles:
        return y
    long = len(handles) > 4 or sum(len(h.get_label()) + 8 for h in handles) > 150
    ncols = math.ceil(len(handles) / 2) if long else len(handles)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, y), ncols=ncols, frameon=False,
               fontsize=9.5, handlelength=2.2, columnspacing=1.2)
    return y - (0.4 if ncols == len(handles) else 0.7) / fig.get_figheight()


def _marker_style(point: Point, colour: str, size: float = 9) -> dict:
    return {
        "marker": "D" if point.forecast else "o",
        "markersize": size,
        "markerfacecolor": "white" if point.approximate else colour,
        "markeredgecolor": colour,
        "markeredgewidth": 2,
        "linestyle": "none",
    }


def _legend_handles(points: list[Point], colour: str) -> list[Line2D]:
    handles = []
    if any(not p.approximate and not p.forecast for p in points):
        handles.append(_mpl().Line2D([], [], color=colour, marker="o", markersize=8, label="reported, exact"))
    if any(p.approximate for p in points):
        handles.append(_mpl().Line2D([], [], color=colour, marker="o", markersize=8, markerfacecolor="white",
                              markeredgewidth=2, label="approximate (≈ about, > over, ≲ nearly, ≥ at least, < under)"))
        handles.append(_mpl().Line2D([], [], color=colour, alpha=0.6, linewidth=3,
                              label="bar or arrow: the range its wording allows"))
    if any(p.forecast for p in points):
        handles.append(_mpl().Line2D([], [], color=colour, marker="D", markersize=7, linestyle="--",
                              label="forecast (dashed)"))
    if any(p.as_of for p in points):
        handles.append(_mpl().Line2D([], [], color=colour, marker="o", markersize=8, linestyle="none",
                              label="as of a date (tính đến): a stock, not a period's value"))
    if len(set(tracks(points))) > 1:
        handles.append(_mpl().Line2D([], [], color=colour, alpha=0.35, linewidth=5,
                              label="overlapping periods (bar: the time each covers), not joined"))
    if any(p.conflict for p in points):
        handles.append(_mpl().Line2D([], [], color=ALERT, marker="o", markersize=12, markerfacecolor="none",
                              markeredgewidth=2, linestyle="none", label="conflicting values"))
    if any(p.contradicted for p in points):
        handles.append(_mpl().Line2D([], [], color=ALERT, marker="X", markersize=9, linestyle="none",
                              label="contradiction"))
    return handles


def _value_axis(ax, unit: str, values: list[float], top_room: float = 1.3) -> None:
    low, high = min(values + [0.0]), max(values + [0.0])
    span = (high - low) or abs(high) or 1.0
    ax.set_ylim(low - (0.15 * span if low < 0 else 0), high + (top_room - 1) * span)
    ax.yaxis.set_major_locator(_mpl().MaxNLocator(5))
    ax.yaxis.set_major_formatter(_mpl().FuncFormatter(lambda v, _pos: format_value(v, unit)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def _time_axis(ax, points: list[Point], xs: list[float], compact: bool, spans: bool) -> None:
    """Ticks at the points, labelled with their periods (``as of 04/2024`` / ``tính đến``), on true time."""
    first, last = min(xs), max(xs)
    if spans:
        first = min([first, *(_mpl().dates.date2num(p.span[0]) for p in points if p.span[0])])
    pad = max((last - first) * 0.08, 45.0)
    ax.set_xlim(first - pad, last + pad)
    labels = [p.label if compact else (f"{p.label}\n{p.label_vi}" if p.as_of else p.label) for p in points]
    ax.set_xticks(xs, labels)
    gaps = [b - a for a, b in pairwise(sorted(xs))]
    if gaps and min(gaps) < (last - first + 2 * pad) / (9 if compact else 14):
        for tick in ax.get_xticklabels():
            tick.set_rotation(35)
            tick.set_horizontalalignment("right")
    ax.xaxis.set_minor_locator(_mpl().dates.YearLocator())
    ax.grid(axis="x", which="minor", color="#eeeeee", linewidth=0.8)


def draw_series(ax, points: list[Point], changes: dict[tuple[str, str], Change], unit: str, colour: str,
                compact: bool = False) -> list[dict]:
    """Plot ``points`` on a time axis, labelled with levels, intervals, marks and changes.

    Returns the change labels drawn (``from``, ``to``, ``text``).
    """
    xs = [_mpl().dates.date2num(p.when) for p in points]
    x_of = {p.key: x for p, x in zip(points, xs, strict=True)}
    track_of = dict(zip((p.key for p in points), tracks(points), strict=True))
    for before, after in steps(points):
        dashed = before.forecast or after.forecast
        ax.plot([x_of[before.key], x_of[after.key]], [before.value, after.value], color=colour,
                linewidth=(1.8 if compact else 2.5) * (0.7 if track_of[after.key] else 1),
                linestyle=":" if track_of[after.key] else ("--" if dashed else "-"), zorder=2)
    bounds = [p.value for p in points]
    for p in points:
        interval = p.interval
        if interval is not None and not interval.exact:
            bounds += [b for b in (interval.low, interval.high) if math.isfinite(b)]
    top_room = 1.25 if compact else 1.3
    _value_axis(ax, unit, bounds, top_room)
    y0, y1 = ax.get_ylim()
    spans = not compact and len(set(track_of.values())) > 1
    markers: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    for x, p in zip(xs, points, strict=True):
        _draw_point(ax, x, p, unit, colour, compact, y1 - y0, spans, markers)
    for (zorder, style), at in markers.items():  # one line of markers per style, not one per point
        ax.plot([x for x, _y in at], [y for _x, y in at], zorder=zorder, **dict(style))
    labels = [] if compact else change_labels(points, changes, unit)
    lowest_fraction = (min(p.value for p in points) - y0) / ((y1 - y0) or 1.0)
    band_y, band_va = (0.04, "bottom") if lowest_fraction > 0.2 else (0.98, "top")
    crowded = len(points) > 5
    for label in labels:
        text = label["text"].replace("; ", "\n") if ";" in label["text"] else label["text"]
        text = text.replace(" (", "\n(") if crowded else text
        edge = ALERT if label["contradicted"] else colour
        box = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": edge, "linewidth": 1}
        ax.annotate(text, ((x_of[label["from_key"]] + x_of[label["to_key"]]) / 2, band_y),
                    xycoords=("data", "axes fraction"), ha="center", va=band_va,
                    fontsize=8.5 if crowded else 10.5, color=edge, bbox=box, zorder=5, **LITERAL)
    _time_axis(ax, points, xs, compact, spans)
    return [{k: v for k, v in label.items() if k in ("from", "to", "text")} for label in labels]


def _draw_point(ax, x: float, p: Point, unit: str, colour: str, compact: bool, y_span: float,
                spans: bool, markers: dict[tuple, list[tuple[float, float]]]) -> None:
    """The point's interval bar or arrow, its period bar (``spans``) and its label; its marker and red marks
    go to ``markers`` ((zorder, style) -> positions), drawn together by the caller."""
    interval = p.interval
    if spans and p.as_of is None and p.start and p.end and p.start < p.end:
        ax.hlines(p.value, _mpl().dates.date2num(p.start), _mpl().dates.date2num(p.end), color=colour, alpha=0.25,
                  linewidth=5, zorder=1)
    if interval is not None and not interval.exact:
        low = interval.low if math.isfinite(interval.low) else None
        high = interval.high if math.isfinite(interval.high) else None
        if low is not None and high is not None:
            ax.vlines(x, low, high, color=colour, linewidth=2 if compact else 3, alpha=0.6, zorder=2)
        elif low is not None or high is not None:
            direction = 1 if high is None else -1
            ax.annotate("", xy=(x, p.value + direction * 0.12 * y_span), xytext=(x, p.value),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.5, "alpha": 0.7},
                        zorder=2, **LITERAL)
    markers[(3, tuple(_marker_style(p, colour, 6 if compact else 10).items()))].append((x, p.value))
    if p.conflict:
        markers[(4, (("marker", "o"), ("markersize", 12 if compact else 20), ("markerfacecolor", "none"),
                     ("markeredgecolor", ALERT), ("markeredgewidth", 2), ("linestyle", "none")))].append(
            (x, p.value))
    if p.contradicted:
        markers[(4, (("marker", "X"), ("markersize", 8 if compact else 12), ("color", ALERT),
                     ("linestyle", "none")))].append((x, p.value))
    label = format_value(p.value, unit, p.qualifier)
    if p.forecast and not compact:
        label += " (forecast)"
    upward = interval is not None and math.isinf(interval.high) and math.isfinite(interval.low)
    ax.annotate(label, (x, p.value), xytext=(-8 if upward else 0, (4 if upward else 7) if compact else 14),
                textcoords="offset points", ha="right" if upward else "center", va="bottom",
                fontsize=8.5 if compact else 13, fontweight="bold", color="black", zorder=4, **LITERAL)
    if p.conflict and not compact:
        ax.annotate(f"conflict: {p.conflict}", (x, p.value), xytext=(0, -16), textcoords="offset points",
                    ha="center", va="top", fontsize=9, color=ALERT, zorder=4, **LITERAL)


def change_labels(points: list[Point], changes: dict[tuple[str, str], Change], unit: str) -> list[dict]:
    """The change of each step a line joins that ``changes`` holds: ``from``, ``to``, ``text``
    (never between overlapping periods)."""
    labels = []
    for before, after in steps(points):
        change = changes.get((before.period_id, after.period_id))
        if change is not None:
            labels.append({"from": before.period_id, "to": after.period_id, "from_key": before.key,
                           "to_key": after.key, "text": change_text(change, before, after, unit),
                           "contradicted": change.contradicted})
    return labels


def _save(fig: Figure, out_dir: Path, name: str) -> tuple[Path, Path | None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    png, svg = _paths(out_dir, name)
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=DPI)  # the figure's dpi: its pixels are those of its Agg renderer
    png.write_bytes(png_bytes(raw.getbuffer(), int(fig.bbox.width), int(fig.bbox.height), DPI))
    if svg is not None:
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return png, svg


def png_bytes(rgba, width: int, height: int, dpi: float) -> bytes:
    """A PNG of ``width`` × ``height`` RGBA pixels (RGB when all are opaque), rows unfiltered.

    A chart is mostly flat colour, so zlib compresses unfiltered rows well: PIL's encoder, which tries
    every row filter, took three times as long for a larger file.
    """
    import numpy as np

    pixels = np.frombuffer(rgba, np.uint8).reshape(height, width, 4)
    opaque = bool(pixels[..., 3].min() == 255)
    if opaque:
        pixels = pixels[..., :3]
    channels = pixels.shape[2]
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row: filter type 0, then its pixels
    row_pixels = rows[:, 1:]
    row_pixels.shape = (height, width, channels)  # a view: raises rather than copies
    row_pixels[...] = pixels
    per_metre = round(dpi / 0.0254)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        chunk(b"IDAT", zlib.compress(rows.data, PNG_COMPRESSION)),
        chunk(b"IEND", b""),
    ])


# ---------------------------------------------------------------- the charts

def _paths(out_dir: Path, name: str) -> tuple[Path, Path | None]:
    """The PNG of a chart, and its SVG when the settings ask for one (``DX_CHART_FORMATS=png,svg``)."""
    svg = out_dir / f"{name}.svg" if "svg" in settings().chart_formats else None
    return out_dir / f"{name}.png", svg


def _files(out_dir: Path, name: str) -> list[Path]:
    return [p for p in _paths(out_dir, name) if p is not None]


Draw = Callable[[Callable, list], None]
"""How drawing jobs run: ``draw(fn, jobs)`` calls the module-level ``fn`` on every job (in any process)."""


def draw_jobs(fn: Callable, jobs: list) -> None:
    """The default :data:`Draw`: in this process, or on every core when there are a few jobs."""
    from pipelines.core.batch import ordered_map  # it loads the extraction code: only when charts are drawn

    for _ in ordered_map(fn, jobs, chunk=1, parallel_from=4):
        pass


def _written_from(out_dir: Path, manifest_name: str, name: str, data: object, draw: Draw, fn: Callable,
                  job: tuple) -> None:
    """Draw ``fn(job)`` unless ``name``'s files were written from the same ``data`` by the same code."""
    manifest = OutputManifest(out_dir / manifest_name, RENDER_VERSION)
    digest = data_hash(data)
    if not manifest.fresh(name, digest, *_files(out_dir, name)):
        draw(fn, [job])
    manifest.keep_only({name})
    manifest.record(name, digest)
    manifest.save()


def _points_data(points: list[Point]) -> dict:
    return {
        "periods": [p.period_id for p in points],
        "labels": [p.label for p in points],
        "dates": [p.when.isoformat() for p in points],
        "values": [p.value for p in points],
        "qualifiers": [p.qualifier for p in points],
        "intervals": [None if p.interval is None else [p.interval.low, p.interval.high] for p in points],
        "tracks": tracks(points),
        "conflicts": {p.key: p.conflict for p in points if p.conflict},
        "contradicted": [p.key for p in points if p.contradicted],
    }


def headline_chart(con: duckdb.DuckDBPyConnection, out_dir: Path, metric_id: str | None = None,
                   config: ChartConfig | None = None, draw: Draw = draw_jobs) -> Chart | None:
    """The headline: the configured metric's levels in its place, the configured pair's change called out.

    The metric, place and pair of periods come from ``charts.toml`` (``metric_id`` overrides the metric;
    the pair then is its latest change). Writes ``headline_<metric_id>.png/.svg``; None when either
    period of the pair has no chosen level.
    """
    config = config or load_config()
    head = config.headline
    schema = probe(con)
    info = metric_info(con, metric_id or head.metric_id)
    marks = _marks(con, schema, info.metric_id, info.unit)
    points = chosen_points(con, info.metric_id, schema, head.place_id, marks)
    changes = metric_changes(con, info.metric_id, schema, head.place_id)
    if metric_id is None or metric_id == head.metric_id:
        pair = (head.from_period_id, head.to_period_id)
    else:
        usable = [c for c in changes.values() if _point(points, c.from_period_id) and _point(points, c.to_period_id)]
        latest = max(usable, key=lambda c: points.index(_point(points, c.to_period_id)), default=None)
        pair = (latest.from_period_id, latest.to_period_id) if latest else ("", "")
    first, last = _point(points, pair[0]), _point(points, pair[1])
    if first is None or last is None:
        return None
    change = changes.get(pair) or Change(
        pair[0], pair[1], first.value, last.value, last.value - first.value,
        (last.value - first.value) / abs(first.value) * 100 if first.value else None)
    change_str = change_text(change, first, last, info.unit)
    callout = (f"{format_value(first.value, info.unit, first.qualifier)} ({first.label}) → "
               f"{format_value(last.value, info.unit, last.qualifier)} ({last.label}):  {change_str}")
    others = {k: c for k, c in changes.items() if k != pair}
    notes = contradiction_notes(marks, {pair: change, **others}, points, info.unit)
    sources = source_lines(con, [p.article_id for p in points])
    name = f"headline_{info.metric_id}"
    drawing = (out_dir, name, info, points, others, first, last, callout, change_str, sources, notes)
    _written_from(out_dir, ".headline.json", name, drawing[1:], draw, _draw_headline_job, drawing)
    data = {
        "metric_id": info.metric_id,
        **_points_data(points),
        "change": {k: getattr(change, k) for k in ("from_period_id", "to_period_id", "from_value", "to_value",
                                                    "abs_change", "pct_change")},
        "change_text": change_str,
        "callout": callout,
        "notes": notes,
        "articles": sorted({p.article_id for p in points}),
    }
    return Chart(name, *_paths(out_dir, name), data)


def _draw_headline_job(job: tuple) -> None:
    """Draw the headline (a module-level function, so that worker processes can run it)."""
    _draw_headline(*job)


def _draw_headline(out_dir: Path, name: str, info: MetricInfo, points: list[Point],
                   others: dict[tuple[str, str], Change], first: Point, last: Point, callout: str,
                   change_str: str, sources: list[str], notes: list[str]) -> None:
    colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
    with _mpl().rc_context(STYLE):
        fig = _new_figure()
        top = _header(fig, info.name_en, info.name_vi, callout)
        top = _legend_row(fig, _legend_handles(points, colour), top)
        bottom = _footer(fig, sources, notes)
        ax = fig.add_axes((0.08, bottom + 0.07, 0.9, top - bottom - 0.09))
        draw_series(ax, points, others, info.unit, colour)
        y0, y1 = ax.get_ylim()
        arrow_y = y0 + 0.86 * (y1 - y0)
        x0, x1 = _mpl().dates.date2num(first.when), _mpl().dates.date2num(last.when)
        ax.annotate("", xy=(x1, arrow_y), xytext=(x0, arrow_y),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5, "mutation_scale": 22})
        ax.annotate(change_str.replace("; ", "\n"), ((x0 + x1) / 2, arrow_y), xytext=(0, 6),
                    textcoords="offset points", ha="center", va="bottom", fontsize=15, fontweight="bold",
                    color=ALERT if "✗" in change_str else colour, **LITERAL)
        ax.tick_params(axis="x", labelsize=13)
        ax.set_ylabel(UNIT_LABELS.get(info.unit, info.unit))
        _save(fig, out_dir, name)


@dataclass(frozen=True)
class MetricSeries:
    """Everything one metric (or selected indicator) chart shows."""

    info: MetricInfo
    points: list[Point]
    changes: dict[tuple[str, str], Change]
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    kind: str = "metric"
    place_id: str | None = None

    @property
    def name(self) -> str:
        place = f"__{self.place_id}" if self.place_id not in (None, NATION) else ""
        return f"{self.kind}_{self.info.metric_id}{place}"

    def drawn(self) -> MetricSeries:
        """The series as its chart draws it, so that its hash changes only when the chart does: the changes
        of the steps its lines join (``change_labels`` looks up no others), points without their article
        (the source lines name the articles)."""
        pairs = {(a.period_id, b.period_id) for a, b in steps(self.points)}
        return replace(self, points=[replace(p, article_id="") for p in self.points],
                       changes={k: c for k, c in self.changes.items() if k in pairs})


def compact_points(points: list[Point]) -> list[Point]:
    """``points`` as a small multiple draws them: no article, and a conflict only as a ring (its values are
    not written), so that an overview page is drawn again only when what it shows changed."""
    return [replace(p, article_id="", conflict="conflict" if p.conflict else "") for p in points]


def _series(con, info: MetricInfo, points: list[Point], changes, marks, kind: str, place,
            articles: dict[str, tuple] | None = None) -> MetricSeries:
    return MetricSeries(info, points, changes, source_lines(con, [p.article_id for p in points], articles=articles),
                        contradiction_notes(marks, changes, points, info.unit), kind, place)


def _by_place_order(kv: tuple) -> tuple:
    return kv[0] not in (None, NATION), kv[0] or ""


def _grouped(rows: list[tuple]) -> dict[str, list[tuple]]:
    """Rows whose first column is a metric id, by metric, the rest of each row in order."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(row[1:])
    return out


def metric_series_many(con: duckdb.DuckDBPyConnection, metric_ids: list[str],
                       schema: Schema | None = None) -> list[MetricSeries]:
    """``metric_series_all`` of every metric of ``metric_ids`` (in that order), read in six queries in all
    rather than a few per metric and series."""
    if not metric_ids:
        return []
    schema = schema or probe(con)
    ids = list(dict.fromkeys(metric_ids))
    infos = {r[0]: MetricInfo(*r) for r in con.execute(
        "select metric_id, unit, domain, name_en, name_vi from metrics "
        "where metric_id in (select unnest(?::varchar[]))", [ids]).fetchall()}
    infos = {m: infos.get(m) or MetricInfo(m, "count", "", m, "") for m in ids}
    conflicts: dict[str, list[tuple]] = {}
    if schema.has("conflicts", "values"):
        conflicts = _grouped(con.execute(
            f'select k.metric_id, {_conflict_columns(schema)} from {schema.name("conflicts")} k '
            "where k.metric_id in (select unnest(?::varchar[])) "
            f"order by k.metric_id, {_conflict_order(schema, 2)}",
            [ids]).fetchall())
    contradicts: dict[str, list[tuple]] = {}
    if schema.has("consistency_audit", "verdict"):
        contradicts = _grouped(con.execute(
            f"select metric_id, period_id, claim, stated, computed, article_id "
            f"from {schema.name('consistency_audit')} where metric_id in (select unnest(?::varchar[])) "
            "and verdict = 'contradicts' order by metric_id, period_id, article_id, claim", [ids]).fetchall())
    per_place = schema.has("chosen_observations", "place_id")
    joined = schema.has("chosen_observations", "observation_no")
    join = ("left join observations o on o.article_id = c.article_id and o.observation_no = c.observation_no"
            if joined else "left join (select null as x) o on false")
    place = f"coalesce(c.place_id, '{NATION}')" if per_place else "null"
    levels = _grouped(con.execute(f"""
        select c.metric_id, c.period_id, p.period_label, c.value, c.qualifier, c.status, c.article_id,
               {_observation_columns(schema) if joined or schema.has('chosen_observations', 'value_low')
                else 'null, null, null'},
               p.start_date, p.end_date, {place}
        from chosen_observations c left join periods p using (period_id)
        {join}
        where c.metric_id in (select unnest(?::varchar[]))
        order by c.metric_id, p.sort_order, c.period_id""", [ids]).fetchall())
    extras = ", ".join(schema.col("s", "series_changes", c) for c in CHANGE_EXTRAS)
    all_changes: dict[tuple, dict[tuple[str, str], Change]] = defaultdict(dict)
    for row in con.execute(f"""
            select s.metric_id, {_changes_place(schema)}, s.from_period_id, s.to_period_id, s.from_value,
                   s.to_value, s.abs_change, s.pct_change, {extras}
            from series_changes s where s.metric_id in (select unnest(?::varchar[]))
            order by s.metric_id, 2 nulls first, {_changes_order(schema)}""", [ids]).fetchall():
        all_changes[(row[0], row[1])][(row[2], row[3])] = Change(*row[2:])
    all_places = _changes_place(schema) == "null"
    if all_places:  # changes not stored per place: every series of a metric takes all of them
        merged: dict[tuple, dict] = defaultdict(dict)
        for (metric_id, _place), changes in all_changes.items():
            merged[(metric_id, None)].update(changes)
        all_changes = merged
    articles = source_articles(con, {row[5] for rows in levels.values() for row in rows})
    out = []
    for metric_id in ids:
        info = infos[metric_id]
        marks = _marks_from(conflicts.get(metric_id, []), contradicts.get(metric_id, []), info.unit)
        by_place = _points(levels.get(metric_id, []), marks)
        out += [_series(con, info, points, all_changes.get((metric_id, None if all_places or not place else place),
                                                            {}), marks, "metric", place, articles)
                for place, points in sorted(by_place.items(), key=_by_place_order) if len(points) >= 2]
    return out


def metric_series_all(con: duckdb.DuckDBPyConnection, metric_id: str,
                      schema: Schema | None = None) -> list[MetricSeries]:
    """A series per place of ``metric_id`` with two or more points (one, where choices are not per place)."""
    schema = schema or probe(con)
    info = metric_info(con, metric_id)
    marks = _marks(con, schema, metric_id, info.unit)
    by_place = _chosen_by_place(con, metric_id, schema, marks=marks)
    return [_series(con, info, points, metric_changes(con, metric_id, schema, place), marks, "metric", place)
            for place, points in sorted(by_place.items(), key=_by_place_order) if len(points) >= 2]


def metric_series(con: duckdb.DuckDBPyConnection, metric_id: str, schema: Schema | None = None) -> MetricSeries | None:
    """What the chart of ``metric_id`` (in the nation) shows; None with fewer than two points."""
    return next(iter(metric_series_all(con, metric_id, schema)), None)


def indicator_series(con: duckdb.DuckDBPyConnection, indicator_id: str,
                     schema: Schema | None = None) -> list[MetricSeries]:
    """A series per place of a selected indicator with two or more points."""
    schema = schema or probe(con)
    info = indicator_info(con, indicator_id, schema)
    empty = {"conflicts": {}, "contradicts": {}}
    return [_series(con, info, points, {}, empty, "indicator", place)
            for place, points in sorted(indicator_points(con, indicator_id, schema).items(),
                                        key=lambda kv: (kv[0] not in (None, NATION), kv[0] or ""))
            if len(points) >= 2]


def charted_series(con: duckdb.DuckDBPyConnection, config: ChartConfig | None = None) -> list[MetricSeries]:
    """Every series that gets a chart: catalogue metrics, then the indicators ``charts.toml`` selects."""
    config = config or load_config()
    schema = probe(con)
    out = metric_series_many(con, series_metrics(con), schema)
    return out + [s for i in config.indicators for s in indicator_series(con, i, schema)]


def _metric_data(series: MetricSeries) -> dict:
    return {
        "metric_id": series.info.metric_id,
        "kind": series.kind,
        "place_id": series.place_id,
        **_points_data(series.points),
        "statuses": [p.status for p in series.points],
        "change_labels": [{k: v for k, v in label.items() if k in ("from", "to", "text")}
                          for label in change_labels(series.points, series.changes, series.info.unit)],
        "notes": series.notes,
    }


def _draw_metric(job: tuple[Path, MetricSeries]) -> None:
    """Draw one metric chart (a module-level function, so that worker processes can run it)."""
    out_dir, series = job
    info, points = series.info, series.points
    colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
    with _mpl().rc_context(STYLE):
        fig = _new_figure()
        domain = DOMAINS.get(info.domain, info.domain) or "indicator outside the catalogue"
        place = f" · place: {series.place_id}" if series.place_id not in (None, NATION) else ""
        top = _header(fig, info.name_en, info.name_vi, f"Domain: {domain}{place}")
        top = _legend_row(fig, _legend_handles(points, colour), top)
        bottom = _footer(fig, series.sources, series.notes)
        ax = fig.add_axes((0.08, bottom + 0.09, 0.9, top - bottom - 0.11))
        draw_series(ax, points, series.changes, info.unit, colour)
        ax.tick_params(axis="x", labelsize=12)
        ax.set_ylabel(UNIT_LABELS.get(info.unit, info.unit))
        _save(fig, out_dir, series.name)


def metric_chart(con: duckdb.DuckDBPyConnection, out_dir: Path, metric_id: str) -> Chart | None:
    """One metric's levels over time, levels and changes labelled; ``metric_<metric_id>.png/.svg``."""
    series = metric_series(con, metric_id)
    if series is None:
        return None
    _draw_metric((out_dir, series))
    return Chart(series.name, *_paths(out_dir, series.name), _metric_data(series))


METRIC_MANIFEST = ".metric_charts.json"


def metric_charts(con: duckdb.DuckDBPyConnection, out_dir: Path, config: ChartConfig | None = None,
                  draw: Draw = draw_jobs) -> list[Chart]:
    """A chart for every charted series (``charted_series``); stale ``metric_*``/``indicator_*`` files go.

    Only charts whose data changed since they were drawn (or whose files are missing) are drawn again,
    several at once when there are a few.
    """
    all_series = charted_series(con, config)
    manifest = OutputManifest(out_dir / METRIC_MANIFEST, RENDER_VERSION)
    drawn = {s.name: s.drawn() for s in all_series}
    digests = {name: data_hash(series) for name, series in drawn.items()}
    todo = [(out_dir, drawn[s.name]) for s in all_series
            if not manifest.fresh(s.name, digests[s.name], *_files(out_dir, s.name))]
    draw(_draw_metric, todo)
    manifest.keep_only(set(digests))
    for name, digest in digests.items():
        manifest.record(name, digest)
    if all_series:
        manifest.save()
    charts = [Chart(s.name, *_paths(out_dir, s.name), _metric_data(s)) for s in all_series]
    keep = {p for c in charts for p in (c.png, c.svg) if p is not None}
    for pattern in ("metric_*.png", "metric_*.svg", "indicator_*.png", "indicator_*.svg"):
        for old in out_dir.glob(pattern):
            if old not in keep:
                old.unlink()
    return charts


def chart_stems(con: duckdb.DuckDBPyConnection, config: ChartConfig | None = None) -> dict[str, list[str]]:
    """``metric or indicator id -> file stems`` of the charts ``metric_charts`` draws, from two queries
    (no points are read): catalogue metrics with two or more periods (per place where choices are per
    place), and the selected indicators with two or more periods or as-of dates."""
    config = config or load_config()
    schema = probe(con)
    stems: dict[str, list[str]] = defaultdict(list)
    place = f"coalesce(c.place_id, '{NATION}')" if schema.has("chosen_observations", "place_id") else "null"
    for metric_id, place_id in con.execute(f"""
            select c.metric_id, {place} from chosen_observations c join metrics m using (metric_id)
            group by all having count(distinct c.period_id) >= 2 order by all""").fetchall():
        stems[metric_id].append(MetricSeries(MetricInfo(metric_id, "", "", "", ""), [], {}, [],
                                             place_id=place_id).name)
    if config.indicators and schema.has("observations", "indicator_id"):
        as_of = schema.col("o", "observations", "as_of_date")
        o_place = schema.col("o", "observations", "place_id")
        for indicator_id, place_id in con.execute(f"""
                select o.indicator_id, {o_place} from observations o
                where o.indicator_id in (select unnest(?::varchar[])) and o.kind = 'level'
                  and o.status in ('reported', 'forecast')
                group by all having count(distinct coalesce(o.period_id, '') || coalesce({as_of}::varchar, '')) >= 2
                order by all""", [list(config.indicators)]).fetchall():
            stems[indicator_id].append(MetricSeries(MetricInfo(indicator_id, "", "", "", ""), [], {}, [],
                                                    kind="indicator", place_id=place_id).name)
    return dict(stems)


OVERVIEW_PANELS = 24  # small multiples per overview page: six rows of four
OVERVIEW_MANIFEST = ".overview.json"


def overview_chart(con: duckdb.DuckDBPyConnection, out_dir: Path, columns: int = 4,
                   config: ChartConfig | None = None, per_page: int = OVERVIEW_PANELS,
                   draw: Draw = draw_jobs) -> Chart | None:
    """Small multiples of every charted series, grouped and coloured by domain (selected indicators last),
    ``per_page`` panels a page: ``overview.png``, then ``overview_2.png`` ...; only changed pages are drawn
    again, several at once when there are a few. The Chart is the first page; ``data["pages"]`` lists all."""
    all_series = charted_series(con, config)
    if not all_series:
        return None
    pages = [all_series[i:i + per_page] for i in range(0, len(all_series), per_page)]
    articles = source_articles(con, {p.article_id for s in all_series for p in s.points})
    names = ["overview" if n == 0 else f"overview_{n + 1}" for n in range(len(pages))]
    manifest = OutputManifest(out_dir / OVERVIEW_MANIFEST, RENDER_VERSION)
    digests, todo = {}, []
    for n, (name, page) in enumerate(zip(names, pages, strict=True)):
        sources = source_lines(con, [p.article_id for s in page for p in s.points], width=190,
                               articles=articles)
        series = {s.name: compact_points(s.points) for s in page}
        drawing = (out_dir, [s.name for s in page], [s.info for s in page], series, sources, columns,
                   name, n + 1, len(pages))
        digests[name] = data_hash(drawing[1:])
        if not manifest.fresh(name, digests[name], *_files(out_dir, name)):
            todo.append(drawing)
    draw(_draw_overview_job, todo)
    manifest.keep_only(set(names))
    for name, digest in digests.items():
        manifest.record(name, digest)
    manifest.save()
    keep = {p for name in names for p in _files(out_dir, name)}
    for pattern in ("overview.*", "overview_*.png", "overview_*.svg"):
        for old in out_dir.glob(pattern):
            if old.suffix in (".png", ".svg") and old not in keep:
                old.unlink()
    panels = [{"metric_id": s.info.metric_id, "domain": s.info.domain, "name": s.name,
               "periods": [p.period_id for p in s.points], "values": [p.value for p in s.points]}
              for s in all_series]
    domains = [d for d in DOMAINS if any(s.info.domain == d for s in all_series)]
    return Chart("overview", *_paths(out_dir, "overview"),
                 {"panels": panels, "domains": domains, "pages": [_paths(out_dir, n)[0] for n in names]})


def _draw_overview_job(job: tuple) -> None:
    """Draw one overview page (a module-level function, so that worker processes can run it)."""
    _draw_overview(*job)


def _draw_overview(out_dir: Path, names: list[str], infos: list[MetricInfo], series: dict[str, list[Point]],
                   sources: list[str], columns: int, page_name: str = "overview", page: int = 1,
                   pages: int = 1) -> None:
    columns = min(columns, len(infos))
    rows = math.ceil(len(infos) / columns)
    header_in, legends_in, footer_in = 0.95 + (0.25 if pages > 1 else 0), 1.1, 0.3 + len(sources) * 8.5 * 1.3 / 72
    panel_in, title_in, ticks_in = 1.75, 0.7, 0.55
    row_in = panel_in + title_in + ticks_in
    height = max(SLIDE_SIZE[1], header_in + legends_in + rows * row_in + footer_in)
    if height <= SLIDE_SIZE[1]:
        row_in = (height - header_in - legends_in - footer_in) / rows
        panel_in = row_in - title_in - ticks_in
    with _mpl().rc_context(STYLE):
        fig = _new_figure((SLIDE_SIZE[0], height))
        top = _header(fig, "Digital transformation indicators with two or more periods",
                      "Các chỉ tiêu chuyển đổi số có từ hai kỳ số liệu trở lên",
                      f"Page {page} of {pages}" if pages > 1 else "")
        domains = [d for d in DOMAINS if any(i.domain == d for i in infos)]
        top = _legend_row(fig, [_mpl().Line2D([], [], color=DOMAIN_COLOURS[d], linewidth=6, label=DOMAINS[d])
                                for d in domains], top)
        all_points = [p for points in series.values() for p in points]
        _legend_row(fig, _legend_handles(all_points, GREY), top)
        _footer(fig, sources)
        grid_top = 1 - (header_in + legends_in + title_in) / height
        grid_bottom = (footer_in + ticks_in) / height
        grid = fig.add_gridspec(rows, columns, left=0.06, right=0.98, top=grid_top, bottom=grid_bottom,
                                hspace=(title_in + ticks_in) / panel_in, wspace=0.35)
        for n, (name, info) in enumerate(zip(names, infos, strict=True)):
            ax = fig.add_subplot(grid[n // columns, n % columns])
            colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
            draw_series(ax, series[name], {}, info.unit, colour, compact=True)
            title = textwrap.wrap(_nfc(info.name_en), 34)
            if len(title) > 2:
                title = [title[0], textwrap.shorten(" ".join(title[1:]), 34, placeholder="…")]
            ax.set_title("\n".join(title), fontsize=9.5, color=colour, loc="left", fontweight="bold", pad=16,
                         **LITERAL)
            ax.text(0, 1.02, textwrap.shorten(_nfc(info.name_vi), 44, placeholder="…"),
                    transform=ax.transAxes, fontsize=8.5, fontstyle="italic", color=GREY, va="bottom", **LITERAL)
            ax.tick_params(labelsize=8)
            ax.yaxis.set_major_locator(_mpl().MaxNLocator(3))
        _save(fig, out_dir, page_name)

"""Static charts of the warehouse (PNG and SVG, stable file names under ``<exports>/charts/``).

Every chart is drawn from the derived tables: levels from ``chosen_observations``, changes from
``series_changes``. Each carries its English and Vietnamese title, its unit and a source line naming the
articles and their dates. Point styles say how firm a value is:

- filled circle: an exact, reported value;
- hollow marker: an approximate value (qualifier other than ``exact``; the label says ≈ about, > over,
  ≲ nearly, ≥ at least);
- diamond on a dashed segment: a forecast.

Periods are ordered categories labelled the Vietnamese way (``Q1/2024``), in end-date order.

A chart is drawn again only when the data it shows (points, changes, labels, source lines) or the drawing
code changed: a manifest beside the files (``pipelines.output_manifest``) keeps the hash of each chart's
data. The metric charts are drawn on every core.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from pipelines import formatting  # noqa: E402
from pipelines.core.batch import ordered_map  # noqa: E402
from pipelines.core.catalogue import DOMAINS  # noqa: E402
from pipelines.formatting import format_change, format_value  # noqa: E402
from pipelines.output_manifest import OutputManifest, code_version, data_hash  # noqa: E402

HEADLINE_METRIC = "ndxp_daily_transactions"
SLIDE_SIZE = (12.0, 6.75)
DPI = 150
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "svg.hashsalt": "dx-metrics",
    "text.parse_math": False,  # titles and labels are drawn literally: "$5 tỷ^$" is not mathtext
}
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
RENDER_VERSION = code_version(Path(__file__), Path(formatting.__file__), extra=matplotlib.__version__)
UNIT_LABELS = {
    "count": "count", "percent": "percent (%)", "index": "index", "usd": "US dollars",
    "vnd": "Vietnamese dong", "ratio": "ratio (×)", "rank": "rank",
    "usd_per_ha_year": "US dollars per hectare per year",
}


@dataclass(frozen=True)
class Point:
    """One chosen level value, as plotted."""

    period_id: str
    period_label: str
    value: float
    qualifier: str
    status: str
    article_id: str

    @property
    def approximate(self) -> bool:
        return self.qualifier != "exact"

    @property
    def forecast(self) -> bool:
        return self.status == "forecast"


@dataclass(frozen=True)
class Change:
    """One row of ``series_changes``."""

    from_period_id: str
    to_period_id: str
    from_value: float
    to_value: float
    abs_change: float
    pct_change: float | None


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
    svg: Path
    data: dict = field(default_factory=dict)


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


# ---------------------------------------------------------------- reading the warehouse

def metric_info(con: duckdb.DuckDBPyConnection, metric_id: str) -> MetricInfo:
    row = con.execute("select metric_id, unit, domain, name_en, name_vi from metrics where metric_id = ?",
                      [metric_id]).fetchone()
    if row is None:
        return MetricInfo(metric_id, "count", "", metric_id, "")
    return MetricInfo(*row)


def chosen_points(con: duckdb.DuckDBPyConnection, metric_id: str) -> list[Point]:
    """The chosen level of ``metric_id`` in each period, in time order."""
    rows = con.execute("""
        select c.period_id, coalesce(p.period_label, c.period_id), c.value, c.qualifier, c.status,
               c.article_id
        from chosen_observations c left join periods p using (period_id)
        where c.metric_id = ?
        order by p.sort_order, c.period_id""", [metric_id]).fetchall()
    return [Point(*r) for r in rows]


def metric_changes(con: duckdb.DuckDBPyConnection, metric_id: str) -> dict[tuple[str, str], Change]:
    rows = con.execute("""
        select from_period_id, to_period_id, from_value, to_value, abs_change, pct_change
        from series_changes where metric_id = ? order by from_period_id, to_period_id""",
                       [metric_id]).fetchall()
    return {(r[0], r[1]): Change(*r) for r in rows}


def series_metrics(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Metrics with a chosen level in two or more periods, by domain (catalogue order) then id."""
    rows = con.execute("""
        select c.metric_id, coalesce(m.domain, '')
        from chosen_observations c left join metrics m using (metric_id)
        group by all having count(distinct c.period_id) >= 2""").fetchall()
    order = {d: n for n, d in enumerate(DOMAINS)}
    return [m for m, d in sorted(rows, key=lambda r: (order.get(r[1], len(order)), r[0]))]


def source_lines(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str], width: int = 150) -> list[str]:
    """``Source: <id> “title” (10/10/2023)``, one line per article; many articles wrapped to ``width``."""
    ids = sorted(set(article_ids))
    if not ids:
        return []
    rows = con.execute("""
        select a.article_id, a.title, a.published_date, coalesce(p.period_label, a.period_id)
        from articles a left join periods p using (period_id)
        where a.article_id in (select unnest(?::varchar[])) order by a.article_id""", [ids]).fetchall()
    found = {r[0] for r in rows}
    parts = []
    for article_id, title, published, period_label in rows:
        when = (f"{published.day}/{published.month}/{published.year}" if published
                else f"undated, reports {period_label}")
        short = textwrap.shorten(_nfc(title), 60, placeholder="…")
        parts.append(f"{article_id} “{short}” ({when})" if short else f"{article_id} ({when})")
    parts += [f"{a} (not in articles)" for a in ids if a not in found]
    if len(parts) <= 4:
        return [f"Source: {part}" for part in parts]
    return textwrap.wrap("Sources: " + "; ".join(parts), width)


# ---------------------------------------------------------------- drawing

def _new_figure(size: tuple[float, float] = SLIDE_SIZE) -> Figure:
    return Figure(figsize=size, dpi=DPI)


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
                 fontweight="bold" if size >= 17 else "normal")
        y -= len(lines) * size * 1.35 / 72 / height
    return y


def _footer(fig: Figure, lines: list[str]) -> float:
    """Write the source lines at the bottom; return the figure fraction above them."""
    if not lines:
        return 0.02
    height = fig.get_figheight()
    fig.text(0.015, 0.12 / height, "\n".join(lines), fontsize=8.5, color=GREY, va="bottom")
    return (0.12 + len(lines) * 8.5 * 1.3 / 72 + 0.1) / height


def _legend_row(fig: Figure, handles: list, y: float) -> float:
    """A one-row legend under the header at figure fraction ``y``; return the fraction below it."""
    if not handles:
        return y
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, y), ncols=len(handles), frameon=False,
               fontsize=10, handlelength=2.5)
    return y - 0.4 / fig.get_figheight()


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
        handles.append(Line2D([], [], color=colour, marker="o", markersize=8, label="reported, exact"))
    if any(p.approximate for p in points):
        handles.append(Line2D([], [], color=colour, marker="o", markersize=8, markerfacecolor="white",
                              markeredgewidth=2,
                              label="approximate (hollow: ≈ about, > over, ≲ nearly, ≥ at least)"))
    if any(p.forecast for p in points):
        handles.append(Line2D([], [], color=colour, marker="D", markersize=7, linestyle="--",
                              label="forecast (dashed)"))
    return handles


def _value_axis(ax, unit: str, values: list[float], top_room: float = 1.3) -> None:
    low, high = min(values + [0.0]), max(values + [0.0])
    span = (high - low) or abs(high) or 1.0
    ax.set_ylim(low - (0.15 * span if low < 0 else 0), high + (top_room - 1) * span)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v, unit)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def draw_series(ax, points: list[Point], changes: dict[tuple[str, str], Change], unit: str, colour: str,
                compact: bool = False) -> list[dict]:
    """Plot ``points`` as a line over ordered periods, labelled with levels and changes.

    Returns the change labels drawn (``from``, ``to``, ``text``).
    """
    xs = list(range(len(points)))
    values = [p.value for p in points]
    for i in range(1, len(points)):
        dashed = points[i].forecast or points[i - 1].forecast
        ax.plot(xs[i - 1:i + 1], values[i - 1:i + 1], color=colour, linewidth=1.8 if compact else 2.5,
                linestyle="--" if dashed else "-", zorder=2)
    for x, p in zip(xs, points, strict=True):
        ax.plot([x], [p.value], zorder=3, **_marker_style(p, colour, 6 if compact else 10))
        label = format_value(p.value, unit, p.qualifier)
        if p.forecast and not compact:
            label += " (forecast)"
        ax.annotate(label, (x, p.value), xytext=(0, 7 if compact else 12),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5 if compact else 13,
                    fontweight="bold", color="black", zorder=4)
    top_room = 1.25 if compact else 1.3
    low, high = min(values + [0.0]), max(values + [0.0])
    lowest_fraction = (min(values) - low) / ((high - low) * top_room or 1.0)
    band_y, band_va = (0.04, "bottom") if lowest_fraction > 0.2 else (0.98, "top")
    crowded = len(points) > 5
    labels = [] if compact else change_labels(points, changes, unit)
    position = {p.period_id: x for x, p in zip(xs, points, strict=True)}
    for label in labels:
        text = label["text"]
        box = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": colour, "linewidth": 1}
        ax.annotate(text.replace(" (", "\n(") if crowded else text, (position[label["to"]] - 0.5, band_y),
                    xycoords=("data", "axes fraction"), ha="center", va=band_va,
                    fontsize=9 if crowded else 11, color=colour, bbox=box, zorder=5)
    ax.set_xticks(xs, [p.period_label for p in points])
    ax.set_xlim(-0.5, len(points) - 0.5)
    _value_axis(ax, unit, values, top_room)
    return labels


def change_labels(points: list[Point], changes: dict[tuple[str, str], Change], unit: str) -> list[dict]:
    """The change between each two neighbouring points that ``changes`` holds: ``from``, ``to``, ``text``."""
    labels = []
    for before, after in pairwise(points):
        change = changes.get((before.period_id, after.period_id))
        if change is not None:
            labels.append({"from": before.period_id, "to": after.period_id,
                           "text": format_change(change.abs_change, change.pct_change, unit)})
    return labels


def _save(fig: Figure, out_dir: Path, name: str) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    png, svg = out_dir / f"{name}.png", out_dir / f"{name}.svg"
    fig.savefig(png, dpi=DPI, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return png, svg


# ---------------------------------------------------------------- the charts

def _paths(out_dir: Path, name: str) -> tuple[Path, Path]:
    return out_dir / f"{name}.png", out_dir / f"{name}.svg"


def _written_from(out_dir: Path, manifest_name: str, name: str, data: object, draw, *args) -> None:
    """Call ``draw(*args)`` unless ``name``'s files were written from the same ``data`` by the same code."""
    manifest = OutputManifest(out_dir / manifest_name, RENDER_VERSION)
    digest = data_hash(data)
    if not manifest.fresh(name, digest, *_paths(out_dir, name)):
        draw(*args)
    manifest.keep_only({name})
    manifest.record(name, digest)
    manifest.save()


def headline_chart(con: duckdb.DuckDBPyConnection, out_dir: Path,
                   metric_id: str = HEADLINE_METRIC) -> Chart | None:
    """The headline: the metric's chosen levels as bars, its latest change annotated.

    Writes ``headline_<metric_id>.png/.svg``; None when the metric has no change in ``series_changes``.
    """
    changes = metric_changes(con, metric_id)
    points = chosen_points(con, metric_id)
    order = {p.period_id: n for n, p in enumerate(points)}
    usable = [c for c in changes.values() if c.from_period_id in order and c.to_period_id in order]
    if not usable:
        return None
    latest = max(usable, key=lambda c: order[c.to_period_id])
    info = metric_info(con, metric_id)
    first, last = points[order[latest.from_period_id]], points[order[latest.to_period_id]]
    change_text = format_change(latest.abs_change, latest.pct_change, info.unit)
    callout = (f"{format_value(first.value, info.unit, first.qualifier)} ({first.period_label}) → "
               f"{format_value(last.value, info.unit, last.qualifier)} ({last.period_label}):  "
               f"{change_text}")
    sources = source_lines(con, [p.article_id for p in points])
    name = f"headline_{metric_id}"
    drawing = (out_dir, name, info, points, order, latest, callout, change_text, sources)
    _written_from(out_dir, ".headline.json", name, drawing[1:], _draw_headline, *drawing)
    data = {
        "metric_id": metric_id,
        "periods": [p.period_id for p in points],
        "values": [p.value for p in points],
        "qualifiers": [p.qualifier for p in points],
        "change": vars(latest),
        "change_text": change_text,
        "callout": callout,
        "articles": sorted({p.article_id for p in points}),
    }
    return Chart(name, *_paths(out_dir, name), data)


def _draw_headline(out_dir: Path, name: str, info: MetricInfo, points: list[Point], order: dict[str, int],
                   latest: Change, callout: str, change_text: str, sources: list[str]) -> None:
    colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
    with matplotlib.rc_context(STYLE):
        fig = _new_figure()
        top = _header(fig, info.name_en, info.name_vi, callout)
        handles = [Patch(facecolor=colour, edgecolor=colour, label="reported, exact")] \
            if any(not p.approximate for p in points) else []
        if any(p.approximate for p in points):
            handles.append(Patch(facecolor="white", edgecolor=colour, hatch="//", linewidth=2,
                                 label="approximate (hatched: ≈ about, > over, ≲ nearly, ≥ at least)"))
        if any(p.forecast for p in points):
            handles.append(Patch(facecolor="white", edgecolor=colour, linestyle="--",
                                 label="forecast (dashed)"))
        top = _legend_row(fig, handles, top)
        bottom = _footer(fig, sources)
        ax = fig.add_axes((0.08, bottom + 0.07, 0.9, top - bottom - 0.09))
        xs = list(range(len(points)))
        for x, p in zip(xs, points, strict=True):
            ax.bar(x, p.value, width=0.55, color="white" if p.approximate else colour, edgecolor=colour,
                   linewidth=2.5, hatch="//" if p.approximate else None,
                   linestyle="--" if p.forecast else "-", zorder=2)
            ax.annotate(format_value(p.value, info.unit, p.qualifier), (x, p.value), xytext=(0, 6),
                        textcoords="offset points", ha="center", va="bottom", fontsize=16, fontweight="bold")
        x0, x1 = order[latest.from_period_id], order[latest.to_period_id]
        high = max(p.value for p in points)
        arrow_y = high * 1.2
        ax.annotate("", xy=(x1, arrow_y), xytext=(x0, arrow_y),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5, "mutation_scale": 22})
        ax.annotate(change_text, ((x0 + x1) / 2, arrow_y), xytext=(0, 8), textcoords="offset points",
                    ha="center", va="bottom", fontsize=18, fontweight="bold", color=colour)
        ax.set_xticks(xs, [p.period_label for p in points], fontsize=14)
        ax.set_xlim(-0.6, len(points) - 0.4)
        _value_axis(ax, info.unit, [p.value for p in points], 1.4)
        ax.set_ylabel(UNIT_LABELS.get(info.unit, info.unit))
        _save(fig, out_dir, name)


@dataclass(frozen=True)
class MetricSeries:
    """Everything one metric chart shows."""

    info: MetricInfo
    points: list[Point]
    changes: dict[tuple[str, str], Change]
    sources: list[str]

    @property
    def name(self) -> str:
        return f"metric_{self.info.metric_id}"


def metric_series(con: duckdb.DuckDBPyConnection, metric_id: str) -> MetricSeries | None:
    """What the chart of ``metric_id`` shows; None with fewer than two periods."""
    points = chosen_points(con, metric_id)
    if len(points) < 2:
        return None
    return MetricSeries(metric_info(con, metric_id), points, metric_changes(con, metric_id),
                        source_lines(con, [p.article_id for p in points]))


def _metric_data(series: MetricSeries) -> dict:
    points = series.points
    return {
        "metric_id": series.info.metric_id,
        "periods": [p.period_id for p in points],
        "values": [p.value for p in points],
        "qualifiers": [p.qualifier for p in points],
        "statuses": [p.status for p in points],
        "change_labels": change_labels(points, series.changes, series.info.unit),
    }


def _draw_metric(job: tuple[Path, MetricSeries]) -> None:
    """Draw one metric chart (a module-level function, so that worker processes can run it)."""
    out_dir, series = job
    info, points = series.info, series.points
    colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
    with matplotlib.rc_context(STYLE):
        fig = _new_figure()
        domain = DOMAINS.get(info.domain, info.domain)
        top = _header(fig, info.name_en, info.name_vi, f"Domain: {domain}")
        top = _legend_row(fig, _legend_handles(points, colour), top)
        bottom = _footer(fig, series.sources)
        ax = fig.add_axes((0.08, bottom + 0.07, 0.9, top - bottom - 0.09))
        draw_series(ax, points, series.changes, info.unit, colour)
        ax.tick_params(axis="x", labelsize=13)
        ax.set_ylabel(UNIT_LABELS.get(info.unit, info.unit))
        _save(fig, out_dir, series.name)


def metric_chart(con: duckdb.DuckDBPyConnection, out_dir: Path, metric_id: str) -> Chart | None:
    """One metric's levels over its periods, levels and changes labelled; ``metric_<metric_id>.png/.svg``."""
    series = metric_series(con, metric_id)
    if series is None:
        return None
    _draw_metric((out_dir, series))
    return Chart(series.name, *_paths(out_dir, series.name), _metric_data(series))


METRIC_MANIFEST = ".metric_charts.json"


def metric_charts(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Chart]:
    """A chart for every metric with two or more periods; stale ``metric_*`` files are removed.

    Only charts whose data changed since they were drawn (or whose files are missing) are drawn again,
    several at once when there are a few.
    """
    all_series = [s for s in (metric_series(con, m) for m in series_metrics(con)) if s is not None]
    manifest = OutputManifest(out_dir / METRIC_MANIFEST, RENDER_VERSION)
    digests = {s.name: data_hash(s) for s in all_series}
    todo = [(out_dir, s) for s in all_series
            if not manifest.fresh(s.name, digests[s.name], *_paths(out_dir, s.name))]
    for _ in ordered_map(_draw_metric, todo, chunk=1, parallel_from=4):
        pass
    manifest.keep_only(set(digests))
    for name, digest in digests.items():
        manifest.record(name, digest)
    if all_series:
        manifest.save()
    charts = [Chart(s.name, *_paths(out_dir, s.name), _metric_data(s)) for s in all_series]
    keep = {p for c in charts for p in (c.png, c.svg)}
    for old in list(out_dir.glob("metric_*.png")) + list(out_dir.glob("metric_*.svg")):
        if old not in keep:
            old.unlink()
    return charts


def overview_chart(con: duckdb.DuckDBPyConnection, out_dir: Path, columns: int = 4) -> Chart | None:
    """Small multiples of every metric with two or more periods, grouped and coloured by domain."""
    metric_ids = series_metrics(con)
    if not metric_ids:
        return None
    infos = [metric_info(con, m) for m in metric_ids]
    series = {m: chosen_points(con, m) for m in metric_ids}
    sources = source_lines(con, [p.article_id for points in series.values() for p in points], width=190)
    domains = [d for d in DOMAINS if any(i.domain == d for i in infos)]
    drawing = (out_dir, infos, series, sources, columns)
    _written_from(out_dir, ".overview.json", "overview", drawing[1:], _draw_overview, *drawing)
    panels = [{"metric_id": info.metric_id, "domain": info.domain,
               "periods": [p.period_id for p in series[info.metric_id]],
               "values": [p.value for p in series[info.metric_id]]} for info in infos]
    return Chart("overview", *_paths(out_dir, "overview"), {"panels": panels, "domains": domains})


def _draw_overview(out_dir: Path, infos: list[MetricInfo], series: dict[str, list[Point]], sources: list[str],
                   columns: int) -> None:
    columns = min(columns, len(infos))
    rows = math.ceil(len(infos) / columns)
    header_in, legends_in, footer_in = 0.95, 0.75, 0.3 + len(sources) * 8.5 * 1.3 / 72
    panel_in, title_in, ticks_in = 1.75, 0.7, 0.4
    row_in = panel_in + title_in + ticks_in
    height = max(SLIDE_SIZE[1], header_in + legends_in + rows * row_in + footer_in)
    if height <= SLIDE_SIZE[1]:
        row_in = (height - header_in - legends_in - footer_in) / rows
        panel_in = row_in - title_in - ticks_in
    with matplotlib.rc_context(STYLE):
        fig = _new_figure((SLIDE_SIZE[0], height))
        top = _header(fig, "Digital transformation indicators with two or more periods",
                      "Các chỉ tiêu chuyển đổi số có từ hai kỳ số liệu trở lên")
        domains = [d for d in DOMAINS if any(i.domain == d for i in infos)]
        top = _legend_row(fig, [Patch(color=DOMAIN_COLOURS[d], label=DOMAINS[d]) for d in domains], top)
        all_points = [p for points in series.values() for p in points]
        _legend_row(fig, _legend_handles(all_points, GREY), top)
        _footer(fig, sources)
        grid_top = 1 - (header_in + legends_in + title_in) / height
        grid_bottom = (footer_in + ticks_in) / height
        grid = fig.add_gridspec(rows, columns, left=0.06, right=0.98, top=grid_top, bottom=grid_bottom,
                                hspace=(title_in + ticks_in) / panel_in, wspace=0.35)
        for n, info in enumerate(infos):
            ax = fig.add_subplot(grid[n // columns, n % columns])
            colour = DOMAIN_COLOURS.get(info.domain, "#1f77b4")
            draw_series(ax, series[info.metric_id], {}, info.unit, colour, compact=True)
            title = textwrap.wrap(_nfc(info.name_en), 34)
            if len(title) > 2:
                title = [title[0], textwrap.shorten(" ".join(title[1:]), 34, placeholder="…")]
            ax.set_title("\n".join(title), fontsize=9.5, color=colour, loc="left", fontweight="bold", pad=16)
            ax.text(0, 1.02, textwrap.shorten(_nfc(info.name_vi), 44, placeholder="…"),
                    transform=ax.transAxes, fontsize=8.5, fontstyle="italic", color=GREY, va="bottom")
            ax.tick_params(labelsize=8.5)
            ax.yaxis.set_major_locator(MaxNLocator(3))
        _save(fig, out_dir, "overview")

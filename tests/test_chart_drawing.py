"""The chart renderer that draws a line of text as one bitmap (``charts._fast_text_canvas``): it draws what
matplotlib's own Agg canvas draws, and the bitmaps it keeps do not change a chart drawn again."""

from __future__ import annotations

import io
import shutil

import duckdb
import numpy as np
import pytest
from PIL import Image

from pipelines import charts
from tests.output_fixtures import output_warehouse


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> list[charts.MetricSeries]:
    path = output_warehouse(tmp_path_factory.mktemp("drawing") / "dx.duckdb")
    copy = path.with_name("copy.duckdb")
    shutil.copyfile(path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        return charts.charted_series(con)
    finally:
        con.close()


def _grey(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"), dtype=int)


def test_this_matplotlib_gets_the_fast_text_renderer():
    assert charts._mpl().Canvas is not None
    fig = charts._new_figure()
    assert isinstance(fig.canvas, charts._mpl().Canvas)


def test_charts_drawn_with_one_bitmap_per_line_look_like_matplotlibs(series, tmp_path, monkeypatch):
    assert len(series) >= 2
    fast, own = tmp_path / "fast", tmp_path / "own"
    for s in series:
        charts._draw_metric((fast, s.drawn()))
    monkeypatch.setattr(charts._mpl(), "Canvas", None)
    for s in series:
        charts._draw_metric((own, s.drawn()))
    for s in series:
        a, b = _grey(fast / f"{s.name}.png"), _grey(own / f"{s.name}.png")
        assert a.shape == b.shape
        ink_a, ink_b = (a < 128).sum(), (b < 128).sum()
        assert ink_b > 0 and abs(ink_a - ink_b) / ink_b < 0.05  # the same text, placed within a pixel
        assert (np.abs(a - b) > 64).mean() < 0.05


def test_a_chart_drawn_again_from_kept_bitmaps_is_the_same_file(series, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for out in (one, two):
        for s in series:
            charts._draw_metric((out, s.drawn()))
    for s in series:
        assert (one / f"{s.name}.png").read_bytes() == (two / f"{s.name}.png").read_bytes()


def test_a_figure_of_another_size_gets_its_own_renderer():
    small, big = charts._new_figure((2.0, 1.0)), charts._new_figure()
    assert small.canvas.get_renderer() is not big.canvas.get_renderer()
    assert charts._new_figure().canvas.get_renderer() is big.canvas.get_renderer()


def test_figures_drawn_in_two_threads_do_not_share_a_renderer():
    from concurrent.futures import ThreadPoolExecutor

    def renderer(_):
        return id(charts._new_figure().canvas.get_renderer())

    with ThreadPoolExecutor(2) as pool:
        here = renderer(0)
        there = pool.submit(renderer, 0).result()
    assert here != there


def test_the_png_writer_holds_the_pixels_matplotlib_writes(tmp_path):
    fig = charts._new_figure((3.0, 2.0))
    ax = fig.add_axes((0.2, 0.2, 0.7, 0.6))
    ax.plot([0, 1, 2], [3, 1, 2], marker="o")
    ax.set_title("Chuyển đổi số ≈ 1,2 tỷ", **charts.LITERAL)
    fig.savefig(tmp_path / "matplotlib.png", dpi=charts.DPI)
    charts._save(fig, tmp_path, "ours")
    theirs, ours = Image.open(tmp_path / "matplotlib.png"), Image.open(tmp_path / "ours.png")
    assert ours.mode == "RGB" and ours.size == theirs.size == (450, 300)
    assert ours.info["dpi"] == pytest.approx(theirs.info["dpi"])
    assert np.array_equal(np.asarray(ours), np.asarray(theirs.convert("RGB")))


def test_the_png_writer_keeps_transparency():
    rgba = np.zeros((2, 3, 4), np.uint8)
    rgba[..., 0], rgba[0, 0, 3], rgba[1, 2, 3] = 200, 255, 17
    image = Image.open(io.BytesIO(charts.png_bytes(rgba.tobytes(), 3, 2, 72)))
    assert image.mode == "RGBA" and np.array_equal(np.asarray(image), rgba)


def test_fonts_are_read_from_memory():
    charts._mpl()
    from matplotlib import font_manager

    font = font_manager.get_font(font_manager.findfont("DejaVu Sans"))
    assert isinstance(font.fname, charts._NamedBytes)
    assert font.fname.name.endswith("DejaVuSans.ttf")

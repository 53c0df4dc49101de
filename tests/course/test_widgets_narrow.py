"""A static widget's narrow rendition (issue 26): panels stacked for a phone, the wide layout back after."""
import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from dmnlab import anatomy, healthy
from dmnlab.cohort.signals import simulate_run
from dmnlab.course import widgets
from dmnlab.course.plotting import NARROW_WIDTH, NarrowLayout
from dmnlab.study.nodes import build_node_table


@pytest.fixture(scope="module")
def seed_explorer():
    return anatomy.seed_explorer(simulate_run(seed=5), build_node_table(), seeds=("PCC", "mPFC"),
                                 thresholds=(0.2, 0.4))


def _layout(figure):
    return ([ax.get_position(original=True).bounds for ax in figure.axes],
            tuple(figure.get_size_inches()), [(t.get_position(), t.get_text()) for t in figure.texts])


def test_panels_are_stacked_and_the_wide_layout_comes_back(seed_explorer):
    figure = seed_explorer.figure
    figure.canvas.draw()
    before = _layout(figure)
    brain, bars = figure.axes[0], figure.axes[-1]
    assert bars.get_position().y1 <= brain.get_position().y0   # already one above the other
    wide_bars_width = bars.get_position().width * figure.get_figwidth()
    with NarrowLayout(figure):
        assert figure.get_figwidth() == pytest.approx(NARROW_WIDTH)
        assert bars.get_position().width * NARROW_WIDTH < wide_bars_width
        assert bars.get_position().x1 <= 1.0 and bars.get_position().x0 >= 0.0
        assert bars.get_position().y1 < brain.get_position().y0
        for text in figure.texts:     # wrapped to the narrow width, inside the figure
            extent = text.get_window_extent(figure.canvas.get_renderer())
            assert 0 <= extent.x0 and extent.x1 <= figure.bbox.width + 1
    assert _layout(figure) == before


def test_a_side_by_side_figure_becomes_a_column():
    explorer = healthy.hrf_explorer()
    figure = explorer.figure
    figure.canvas.draw()
    legend = figure.axes[0].get_legend()
    with NarrowLayout(figure):
        renderer = figure.canvas.get_renderer()
        box = figure.axes[0].get_window_extent(renderer)
        assert legend.get_window_extent(renderer).y1 <= box.y0   # the legend moved under the plot
        assert legend.get_window_extent(renderer).x1 <= figure.bbox.width + 1


def test_static_html_offers_the_narrow_picture_to_small_screens(seed_explorer, monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    html = seed_explorer.static_html()
    assert re.search(r'<picture><source id="[^"]+-narrow" media="\(max-width: 600px\)" '
                     r'srcset="data:image/png;base64,[^"]+"><img id="[^"]+-img" src="data:image/png', html)
    states = json.loads(re.search(r"S=(\{.*?\}),N=", html).group(1))
    narrows = json.loads(re.search(r",N=(\{.*?\});", html).group(1))
    assert len(states) == 4 and narrows.keys() == states.keys()
    for key, (wide, alt) in states.items():
        narrow = narrows[key]
        assert alt
        wide_image = Image.open(io.BytesIO(base64.b64decode(wide.split(",")[1])))
        narrow_image = Image.open(io.BytesIO(base64.b64decode(narrow.split(",")[1])))
        assert narrow_image.width == round(NARROW_WIDTH * 90) < wide_image.width
        assert narrow_image.height > wide_image.height * 0.6
    assert len(set(narrows.values())) == 4      # one picture per state
    assert "src.srcset=N[" in html and "phone.matches?N[" in html
    # the label of each control comes before it, in a block of its own
    assert html.count('<div class="dmnlab-control"><label for=') == 2


def test_narrow_pictures_are_not_blank(seed_explorer):
    narrow = widgets._NarrowRenderer(seed_explorer)
    seed_explorer.figure.set_dpi(90)
    try:
        pixels = np.asarray(Image.open(io.BytesIO(narrow.render_png())).convert("L"))
    finally:
        seed_explorer.figure.set_dpi(100)
        seed_explorer._background = None
    assert (pixels < 128).mean() > 0.01

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
from dmnlab.course.picturecheck import (
    DPI,
    Drawn,
    blank_bands,
    clipped_texts,
    overlapping_texts,
    picture_problems,
    small_panels,
    texts_on_lines,
)
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


# --- what a reader sees in a picture: the checks live in dmnlab.course.picturecheck ----------------


# --- every widget, wide and narrow ------------------------------------------------------------------
def _sampled_states(explorer):
    """The first, middle and last static states (each control at its ends and middle, in turn)."""
    states = list(explorer.static_states())
    return [states[i] for i in sorted({0, len(states) // 2, len(states) - 1})]


@pytest.mark.slow
def test_every_widget_picture_reads_wide_and_on_a_phone():
    """Nothing cut at the edge, no text over another or over a data line, no tiny panel or shrunk
    picture, no blank band: in the wide picture and in the phone's (the layout static_html uses)."""
    from dmnlab.course import chapters

    report = []
    for chapter in chapters.CHAPTERS:
        for name, make in chapter.widget_factories().items():
            explorer = make()
            figure = explorer.figure
            default, screen_dpi = dict(explorer.values), figure.get_dpi()
            figure.set_dpi(DPI)
            try:
                for state in _sampled_states(explorer):
                    explorer.set(**state)
                    where = f"{chapter.module}.{name} {state}"
                    report += [f"{where} wide: {problem}" for problem in picture_problems(figure)]
                    with widgets._NarrowRenderer(explorer).layout:
                        report += [f"{where} narrow: {problem}" for problem in picture_problems(figure)]
            finally:
                explorer.set(**default)
                figure.set_dpi(screen_dpi)
    assert not report, "\n".join(report)


# --- the checks can fail ----------------------------------------------------------------------
def _figure(width=4.0, height=3.0):
    from dmnlab.course.plotting import new_figure

    figure = new_figure(width, height)
    figure.set_dpi(DPI)
    return figure


def test_a_cut_label_and_overlapping_texts_are_caught():
    figure = _figure()
    ax = figure.add_axes([0.15, 0.2, 0.8, 0.7])
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("a label far too long for this little figure, so it runs off both of its edges")
    ax.text(0.1, 0.8, "a note", transform=ax.transAxes)
    ax.text(0.15, 0.8, "another note", transform=ax.transAxes)
    drawn = Drawn(figure)
    assert [p for p in clipped_texts(drawn) if "a label far" in p]
    assert overlapping_texts(drawn) == ["texts 'a note' and 'another note' overlap"]
    ax.set_xlabel("x")
    ax.texts[1].set_position((0.15, 0.6))
    drawn = Drawn(figure)
    assert clipped_texts(drawn) == [] and overlapping_texts(drawn) == []


def test_rotated_labels_that_do_not_touch_are_not_an_overlap():
    figure = _figure(6, 3)
    ax = figure.add_axes([0.1, 0.45, 0.85, 0.5])
    ax.bar(range(5), [1, 2, 3, 2, 1])
    ax.set_xticks(range(5), ["a long region name"] * 5, rotation=60, ha="right")
    assert overlapping_texts(Drawn(figure)) == []       # their upright boxes overlap; the texts do not
    ax.set_xticks(range(5), ["a long region name"] * 5, rotation=3, ha="right")   # nearly flat: they do
    assert overlapping_texts(Drawn(figure))


def test_a_note_on_a_line_is_caught_unless_it_is_on_a_background_over_it():
    figure = _figure()
    ax = figure.add_axes([0.15, 0.2, 0.8, 0.7])
    ax.bar([0, 1, 2], [1, 3, 2], color="0.6")
    line = ax.axvline(1.2, color="green", zorder=2)
    note = ax.text(0.95, 0.95, "true value (green)", transform=ax.transAxes, ha="right", va="top")
    assert len(texts_on_lines(Drawn(figure))) == 1
    note.set_bbox({"facecolor": "white", "edgecolor": "none"})
    note.set_zorder(1)                      # a background under the line does not hide it
    assert len(texts_on_lines(Drawn(figure))) == 1
    note.set_zorder(3)
    assert texts_on_lines(Drawn(figure)) == []
    note.set_bbox(None)
    line.set_xdata([-0.4, -0.4])
    assert texts_on_lines(Drawn(figure)) == []


def test_a_tiny_panel_a_shrunk_picture_and_a_blank_band_are_caught():
    figure = _figure(4, 6)
    ax = figure.add_axes([0.15, 0.75, 0.8, 0.2])
    ax.plot([0, 1], [0, 1])
    tiny = figure.add_axes([0.15, 0.05, 0.2, 0.08])
    tiny.plot([0, 1], [1, 0])
    picture = figure.add_axes([0.5, 0.05, 0.45, 0.2])
    picture.imshow(np.ones((300, 1200, 3)) * 0.5)
    picture.set_axis_off()
    drawn = Drawn(figure)
    problems = small_panels(drawn)
    assert len(problems) == 2 and "is 72×43 px" in problems[0] and "0.14 of its size" in problems[1]
    assert blank_bands(drawn) and "blank band" in blank_bands(drawn)[0]
    tiny.set_position([0.15, 0.3, 0.8, 0.4])
    picture.remove()
    drawn = Drawn(figure)
    assert small_panels(drawn) == [] and blank_bands(drawn) == []


def test_a_widgets_animated_texts_are_checked_too():
    """A widget draws its changing artists apart (animated): the checks see them as a reader does."""
    figure = _figure()
    ax = figure.add_axes([0.15, 0.2, 0.8, 0.7])
    ax.plot([0, 1], [0, 1])
    readout = figure.text(0.9, 0.5, "a readout that runs off the right edge")
    readout.set_animated(True)
    assert clipped_texts(Drawn(figure)) == ["text 'a readout that runs off the right edge' is cut at the edge"]


# --- what NarrowLayout does for a phone, and undoes -------------------------------------------------
def test_a_wide_legend_long_labels_and_a_corner_note_fit_a_phone_and_come_back():
    from dmnlab.course.plotting import new_figure

    figure = new_figure(8, 3)
    figure.set_dpi(DPI)
    ax = figure.add_axes([0.35, 0.3, 0.6, 0.6])
    for n in range(4):
        ax.plot([0, 1], [n, n + 1], label=f"a line called number {n}")
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False)
    ax.set_xlabel("the difference in response rate between the arms (simulated trials)")
    ax.set_yticks([0, 2, 4], ["a claim that takes many words", "a second long claim", "a third"])
    note = ax.text(0.98, 0.95, "a summary that takes up much of the panel", transform=ax.transAxes,
                   ha="right", va="top")
    figure.canvas.draw()
    before = (_layout(figure), ax.xaxis.label.get_text(), ax.get_legend()._ncols,
              [t.get_text() for t in ax.get_yticklabels()], note.get_transform())
    assert picture_problems(figure)[0].startswith("text")       # the long label and note cut at the edge
    with NarrowLayout(figure):
        assert picture_problems(figure) == []
        assert ax.get_legend()._ncols < 4 and "\n" in ax.xaxis.label.get_text()
        assert "\n" in ax.get_yticklabels()[0].get_text()
        renderer = figure.canvas.get_renderer()
        assert note.get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0    # under the panel
    figure.canvas.draw()
    assert (_layout(figure), ax.xaxis.label.get_text(), ax.get_legend()._ncols,
            [t.get_text() for t in ax.get_yticklabels()], note.get_transform()) == before


def test_the_cortex_seed_map_has_a_phone_picture_of_its_own():
    explorer = anatomy.cortex_seed_explorer(seeds=("PCC",))
    figure = explorer.figure
    figure.set_dpi(DPI)
    narrow = widgets._NarrowRenderer(explorer)
    assert narrow.layout is explorer.narrow_layout
    wide_shape = explorer.image.get_array().shape
    phone = Image.open(io.BytesIO(narrow.render_png()))
    assert phone.width == round(NARROW_WIDTH * DPI) and phone.height > phone.width   # two views a row
    assert explorer.image.get_array().shape == wide_shape                            # the wide one back
    assert tuple(figure.get_size_inches()) == (9.0, 2.6)
    with narrow.layout:
        assert picture_problems(figure) == []

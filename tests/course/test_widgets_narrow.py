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


# --- what a reader sees in a picture: every widget, wide and narrow ------------------------------
# A picture is drawn once (a full draw, at the book's 90 dpi) while every text it draws is recorded
# with the box it takes; the checks look at those boxes and at the pixels.

#: The book's dpi for widget pictures.
DPI = 90
#: A panel (an Axes that shows data) is at least this many pixels wide (an inch: one bar with its
#: tick label) and, if it has a y scale, this tall (a strip without one, e.g. a timeline, may be lower).
MIN_PANEL = (90, 60)
#: No band of blank rows taller than this (pixels) inside a picture.
MAX_BLANK_BAND = 45
#: A picture shown inside a picture (an RGB array) is not drawn smaller than this share of its pixels.
MIN_PICTURE_SCALE = 0.45


class _Drawn:
    """One full draw of a figure: the texts drawn (artist, oriented box) and the pixels."""

    def __init__(self, figure):
        from matplotlib.text import Text

        self.figure = figure
        record = {}
        original = Text.draw

        def draw(text, renderer):
            original(text, renderer)
            if text.get_visible() and text.get_text().strip() and text.figure is figure:
                record[text] = _oriented_box(text, renderer)

        Text.draw = draw
        try:
            figure.canvas.draw()      # leaves out the animated artists a widget redraws per state
            for artist in figure.findobj(lambda a: a.get_animated() and a.get_visible()):
                figure.draw_artist(artist)
        finally:
            Text.draw = original
        self.texts = list(record.items())
        self.pixels = np.asarray(figure.canvas.buffer_rgba())[..., :3]


def _oriented_box(text, renderer):
    """A text's box as (centre, half width, half height, angle): the rotated rectangle it fills."""
    extent = text.get_window_extent(renderer)
    angle = text.get_rotation() % 180
    if angle % 90:
        text.set_rotation(0)
        flat = text.get_window_extent(renderer)
        text.set_rotation(angle)
        half = (flat.width / 2, flat.height / 2)
    else:
        half = (extent.width / 2, extent.height / 2) if angle == 0 else (extent.height / 2, extent.width / 2)
    return (np.array([(extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2]), *half, np.radians(angle))


def _corners(box, shrink=0.0):
    centre, half_w, half_h, angle = box
    u = np.array([np.cos(angle), np.sin(angle)])
    v = np.array([-np.sin(angle), np.cos(angle)])
    hw, hh = max(half_w - shrink, 0), max(half_h - shrink, 0)
    return np.array([centre + sx * hw * u + sy * hh * v for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))])


def _overlap(a, b) -> bool:
    """Whether two convex polygons (corner arrays) overlap (separating axis test)."""
    for poly in (a, b):
        for i in range(len(poly)):
            edge = poly[(i + 1) % len(poly)] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            pa, pb = a @ axis, b @ axis
            if pa.max() <= pb.min() or pb.max() <= pa.min():
                return False
    return True


def _name(text) -> str:
    words = " ".join(text.get_text().split())
    return repr(words[:40] + ("…" if len(words) > 40 else ""))


def clipped_texts(drawn) -> list[str]:
    """Texts that run off the picture (or out of the box they are clipped to)."""
    problems = []
    width, height = drawn.figure.bbox.width, drawn.figure.bbox.height
    for text, box in drawn.texts:
        corners = _corners(box, shrink=1.0)
        x0, y0, x1, y1 = 0, 0, width, height
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None:
            x0, y0, x1, y1 = max(x0, clip.x0), max(y0, clip.y0), min(x1, clip.x1), min(y1, clip.y1)
        if (corners[:, 0].min() < x0 - 0.5 or corners[:, 0].max() > x1 + 0.5
                or corners[:, 1].min() < y0 - 0.5 or corners[:, 1].max() > y1 + 0.5):
            problems.append(f"text {_name(text)} is cut at the edge")
    return problems


def overlapping_texts(drawn) -> list[str]:
    """Pairs of texts drawn over each other."""
    shapes = [(text, _corners(box, shrink=1.0)) for text, box in drawn.texts]
    problems = []
    for i, (a, ca) in enumerate(shapes):
        for b, cb in shapes[i + 1:]:
            if _overlap(ca, cb):
                problems.append(f"texts {_name(a)} and {_name(b)} overlap")
    return problems


def _segments_hit(points, corners) -> bool:
    """Whether a polyline (display points) crosses or enters an axis-aligned box given by corners."""
    x0, y0 = corners.min(axis=0)
    x1, y1 = corners.max(axis=0)
    for p, q in zip(points[:-1], points[1:]):
        if not (np.all(np.isfinite(p)) and np.all(np.isfinite(q))):
            continue
        # Liang–Barsky clipping of the segment p→q to the box.
        d = q - p
        low, high = 0.0, 1.0
        for move, start, lo, hi in ((d[0], p[0], x0, x1), (d[1], p[1], y0, y1)):
            if move == 0:
                if not lo <= start <= hi:
                    break
                continue
            t0, t1 = sorted(((lo - start) / move, (hi - start) / move))
            low, high = max(low, t0), min(high, t1)
        else:
            if low <= high:
                return True
    return False


def texts_on_lines(drawn) -> list[str]:
    """Notes written in a panel on top of one of its data lines (a text on a solid background is fine)."""
    problems = []
    for text, box in drawn.texts:
        ax = text.axes
        if ax is None or text not in ax.texts:
            continue
        patch = text.get_bbox_patch()
        backed = patch is not None and patch.get_facecolor()[3] > 0.5
        corners = _corners(box, shrink=1.0)
        if box[3] % np.pi:     # a rotated note: its upright bounding box
            corners = np.array([corners.min(axis=0), corners.max(axis=0)])
        for line in ax.lines:
            if (not line.get_visible() or line.get_linestyle() in ("None", "", " ") or line.get_linewidth() <= 0
                    or (backed and text.get_zorder() >= line.get_zorder())):
                continue
            path = line.get_transform().transform_path(line.get_path())
            points = path.vertices
            if len(points) < 2:
                continue
            if _segments_hit(points, corners):
                problems.append(f"text {_name(text)} sits on the line {line.get_label()!r}")
                break
    return problems


def small_panels(drawn) -> list[str]:
    """Panels with data drawn smaller than MIN_PANEL, and pictures shrunk below MIN_PICTURE_SCALE."""
    problems = []
    renderer = drawn.figure.canvas.get_renderer()
    for ax in drawn.figure.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>" or getattr(ax, "_colorbar", None):
            continue
        box = ax.get_window_extent(renderer)
        scaled = any(label.get_visible() and label.get_text() for label in ax.get_yticklabels())
        if ax.axison and ax.name == "rectilinear" and (box.width < MIN_PANEL[0]
                                                       or scaled and box.height < MIN_PANEL[1]):
            problems.append(f"panel {ax.get_title() or ax.get_ylabel()!r} is {box.width:.0f}×{box.height:.0f} px")
        for image in ax.images:
            array = image.get_array()
            if array is not None and array.ndim == 3 and image.get_visible():
                scale = image.get_window_extent(renderer).width / array.shape[1]
                if scale < MIN_PICTURE_SCALE:
                    problems.append(f"a picture is drawn at {scale:.2f} of its size")
    return problems


def blank_bands(drawn) -> list[str]:
    """Bands of blank rows inside the picture (between things, not at its edges) taller than MAX_BLANK_BAND."""
    pixels = drawn.pixels
    blank = (pixels >= 250).all(axis=(1, 2))
    inked = np.flatnonzero(~blank)
    if not len(inked):
        return ["the picture is blank"]
    rows = blank[inked[0]:inked[-1] + 1]
    longest = run = 0
    for value in rows:
        run = run + 1 if value else 0
        longest = max(longest, run)
    return [f"a blank band {longest} px tall"] if longest > MAX_BLANK_BAND else []


def picture_problems(figure) -> list[str]:
    """Every check above, on one full draw of ``figure`` as it is laid out now."""
    drawn = _Drawn(figure)
    return [*clipped_texts(drawn), *overlapping_texts(drawn), *texts_on_lines(drawn),
            *small_panels(drawn), *blank_bands(drawn)]


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
    drawn = _Drawn(figure)
    assert [p for p in clipped_texts(drawn) if "a label far" in p]
    assert overlapping_texts(drawn) == ["texts 'a note' and 'another note' overlap"]
    ax.set_xlabel("x")
    ax.texts[1].set_position((0.15, 0.6))
    drawn = _Drawn(figure)
    assert clipped_texts(drawn) == [] and overlapping_texts(drawn) == []


def test_rotated_labels_that_do_not_touch_are_not_an_overlap():
    figure = _figure(6, 3)
    ax = figure.add_axes([0.1, 0.45, 0.85, 0.5])
    ax.bar(range(5), [1, 2, 3, 2, 1])
    ax.set_xticks(range(5), ["a long region name"] * 5, rotation=60, ha="right")
    assert overlapping_texts(_Drawn(figure)) == []       # their upright boxes overlap; the texts do not
    ax.set_xticks(range(5), ["a long region name"] * 5, rotation=3, ha="right")   # nearly flat: they do
    assert overlapping_texts(_Drawn(figure))


def test_a_note_on_a_line_is_caught_unless_it_is_on_a_background_over_it():
    figure = _figure()
    ax = figure.add_axes([0.15, 0.2, 0.8, 0.7])
    ax.bar([0, 1, 2], [1, 3, 2], color="0.6")
    line = ax.axvline(1.2, color="green", zorder=2)
    note = ax.text(0.95, 0.95, "true value (green)", transform=ax.transAxes, ha="right", va="top")
    assert len(texts_on_lines(_Drawn(figure))) == 1
    note.set_bbox({"facecolor": "white", "edgecolor": "none"})
    note.set_zorder(1)                      # a background under the line does not hide it
    assert len(texts_on_lines(_Drawn(figure))) == 1
    note.set_zorder(3)
    assert texts_on_lines(_Drawn(figure)) == []
    note.set_bbox(None)
    line.set_xdata([-0.4, -0.4])
    assert texts_on_lines(_Drawn(figure)) == []


def test_a_tiny_panel_a_shrunk_picture_and_a_blank_band_are_caught():
    figure = _figure(4, 6)
    ax = figure.add_axes([0.15, 0.75, 0.8, 0.2])
    ax.plot([0, 1], [0, 1])
    tiny = figure.add_axes([0.15, 0.05, 0.2, 0.08])
    tiny.plot([0, 1], [1, 0])
    picture = figure.add_axes([0.5, 0.05, 0.45, 0.2])
    picture.imshow(np.ones((300, 1200, 3)) * 0.5)
    picture.set_axis_off()
    drawn = _Drawn(figure)
    problems = small_panels(drawn)
    assert len(problems) == 2 and "is 72×43 px" in problems[0] and "0.14 of its size" in problems[1]
    assert blank_bands(drawn) and "blank band" in blank_bands(drawn)[0]
    tiny.set_position([0.15, 0.3, 0.8, 0.4])
    picture.remove()
    drawn = _Drawn(figure)
    assert small_panels(drawn) == [] and blank_bands(drawn) == []


def test_a_widgets_animated_texts_are_checked_too():
    """A widget draws its changing artists apart (animated): the checks see them as a reader does."""
    figure = _figure()
    ax = figure.add_axes([0.15, 0.2, 0.8, 0.7])
    ax.plot([0, 1], [0, 1])
    readout = figure.text(0.9, 0.5, "a readout that runs off the right edge")
    readout.set_animated(True)
    assert clipped_texts(_Drawn(figure)) == ["text 'a readout that runs off the right edge' is cut at the edge"]


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

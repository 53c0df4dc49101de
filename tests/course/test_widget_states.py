"""Every widget of every chapter, at its default and at every static state, as a reader sees it.

* **Nothing blank.** Every visible panel with axes shows data or says in words why it has none.
* **Axes that fit.** Lines and bars stay inside their axes (a bar cut at the top of its axis is a
  bar that ran off it), and each panel's data fill a fair part of its height in at least one state.
* **One meaning for a sign.** A bar in a panel of signed values is blue when negative and vermillion
  when positive (``palette.NEGATIVE`` / ``palette.POSITIVE``, grey when it does not pass a threshold);
  a matrix of signed values uses the palette's diverging map.
* **Opaque pictures.** Every widget picture has an opaque white background, so its dark text reads
  on a dark page too.

Each check has a companion test that hands it a faulty figure and sees it fail.
"""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import same_color
from matplotlib.patches import Rectangle

from dmnlab.course import chapters, palette
from dmnlab.course.plotting import new_figure

#: A panel's data fill at least this share of its height in its fullest state.
MIN_FILL = 0.5


# --- what the checks look at ------------------------------------------------------------------
def _bars(ax):
    """Visible bars (filled rectangles in data coordinates, not zero-sized) of a panel that is not an image
    (outlines of blocks drawn on a matrix are not bars)."""
    if ax.images:
        return []
    return [patch for patch in ax.patches
            if isinstance(patch, Rectangle) and patch.get_visible() and patch.get_fill()
            and patch.get_data_transform() == ax.transData and patch.get_width() != 0 and patch.get_height() != 0]


def _other_patches(ax):
    """Other visible filled shapes in data coordinates (e.g. a histogram drawn as steps), if not empty."""
    for patch in ax.patches:
        if isinstance(patch, Rectangle) or not patch.get_visible() or patch.get_data_transform() != ax.transData:
            continue
        if hasattr(patch, "get_data") and not np.any(patch.get_data().values):
            continue     # a step histogram with every count 0
        yield patch


def _data_lines(ax):
    """Visible lines drawn in data coordinates (not axhline/axvline), with their finite points."""
    for line in ax.get_lines():
        if line.get_visible() and line.get_transform() == ax.transData:
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            finite = np.isfinite(x) & np.isfinite(y)
            if finite.any():
                yield line, x[finite], y[finite]


def _shows_data(ax) -> bool:
    if _bars(ax) or any(True for _ in _data_lines(ax)) or any(True for _ in _other_patches(ax)):
        return True
    if any(image.get_visible() for image in ax.images):
        return True
    for collection in ax.collections:
        if not collection.get_visible():
            continue
        colours = [*collection.get_facecolors(), *collection.get_edgecolors()]
        if len(collection.get_offsets()) + len(collection.get_paths()) and any(c[3] > 0 for c in colours):
            return True
    # Lines in axes coordinates (axhline, axvline) alone are a frame, not data.
    return False


def _says_something(ax) -> bool:
    return any(text.get_visible() and text.get_text().strip() for text in ax.texts)


def empty_panels(figure) -> list[str]:
    """Visible panels with axes that show no data and say nothing."""
    return [ax.get_ylabel() or ax.get_title() or f"axes {index}" for index, ax in enumerate(figure.axes)
            if ax.get_visible() and ax.axison and ax.name == "rectilinear"
            and not _shows_data(ax) and not _says_something(ax)]


def off_axis(figure) -> list[str]:
    """Lines or bars that leave their axes (bars touching the top were cut there)."""
    problems = []
    for ax in figure.axes:
        if not ax.get_visible() or ax.name != "rectilinear" or ax.get_yscale() != "linear":
            continue
        bottom, top = sorted(ax.get_ylim())
        left, right = sorted(ax.get_xlim())
        span = top - bottom
        for line, x, y in _data_lines(ax):
            inside_x = (x >= left) & (x <= right)
            if inside_x.any() and ((y[inside_x] > top + 0.01 * span).any() or (y[inside_x] < bottom - 0.01 * span).any()):
                problems.append(f"{ax.get_ylabel()!r}: a line runs to {y[inside_x].min():.3g}..{y[inside_x].max():.3g}, "
                                f"outside {bottom:.3g}..{top:.3g}")
        for bar in _bars(ax):
            y0, y1 = sorted((bar.get_y(), bar.get_y() + bar.get_height()))
            if y1 >= top - 1e-9 * max(1.0, abs(top)) or y0 < bottom - 1e-9 * max(1.0, abs(bottom)):
                problems.append(f"{ax.get_ylabel()!r}: a bar ({y0:.3g}..{y1:.3g}) reaches the edge of "
                                f"{bottom:.3g}..{top:.3g}")
                break
    return problems


def fill(figure) -> dict:
    """For each panel of bars or lines: the share of its height its data span."""
    shares = {}
    for index, ax in enumerate(figure.axes):
        if not ax.get_visible() or not ax.axison or ax.name != "rectilinear" or ax.get_yscale() != "linear":
            continue
        values = [y for _, _, y in _data_lines(ax)]
        values += [np.array([bar.get_y(), bar.get_y() + bar.get_height()]) for bar in _bars(ax)]
        if not values or ax.images:
            continue
        bottom, top = sorted(ax.get_ylim())
        values = np.clip(np.concatenate(values), bottom, top)
        if bottom < 0 < top:   # signed values: how far the data reach towards the farther end of the axis
            shares[(index, ax.get_ylabel())] = np.abs(values).max() / max(-bottom, top)
        else:
            low = min(values.min(), 0.0) if bottom <= 0 <= top else values.min()   # bars grow from 0
            shares[(index, ax.get_ylabel())] = (values.max() - low) / (top - bottom)
    return shares


def sign_colour_problems(figure) -> list[str]:
    """Bars of signed values not coloured by the course's sign colours; signed maps not diverging."""
    problems = []
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        if min(ax.get_ylim()) < 0:     # a panel of signed bars
            for bar in _bars(ax):
                height, colour = bar.get_height(), bar.get_facecolor()
                right, wrong = ((palette.NEGATIVE, palette.POSITIVE) if height < 0
                                else (palette.POSITIVE, palette.NEGATIVE))
                # A negative bar is blue (or grey: below threshold); a sign colour always matches the sign.
                if same_color(colour, wrong) or (height < 0 and not any(
                        same_color(colour, ok) for ok in (right, palette.INACTIVE))):
                    problems.append(f"{ax.get_ylabel()!r}: a bar of {height:+.2f} is coloured "
                                    f"{tuple(float(c) for c in np.round(colour, 2))}, not {right}")
        for image in ax.images:
            low, high = image.norm.vmin, image.norm.vmax
            if low is not None and high is not None and low < 0 < high and np.isclose(-low, high) \
                    and image.cmap.name != palette.DIVERGING_CMAP:
                problems.append(f"{ax.get_title()!r}: signed values in {image.cmap.name}, "
                                f"not {palette.DIVERGING_CMAP}")
    return problems


def background_problems(explorer) -> list[str]:
    """The widget picture's corners must be opaque white."""
    from io import BytesIO

    from PIL import Image

    pixels = np.asarray(Image.open(BytesIO(explorer.render_png())).convert("RGB"))
    corners = [pixels[0, 0], pixels[0, -1], pixels[-1, 0], pixels[-1, -1]]
    return [] if all((corner >= 250).all() for corner in corners) else [f"corners {corners}"]


# --- every widget, every state ----------------------------------------------------------------
@pytest.fixture(scope="module")
def explorers():
    return {f"{chapter.module}.{name}": make()
            for chapter in chapters.CHAPTERS for name, make in chapter.widget_factories().items()}


def _states(explorer):
    yield dict(explorer.values)
    yield from explorer.static_states()


@pytest.mark.slow
def test_every_widget_state_shows_something_fits_its_axes_and_colours_signs_alike(explorers):
    assert len(explorers) == sum(len(chapter.widgets) for chapter in chapters.CHAPTERS)
    report = []
    for label, explorer in explorers.items():
        default = dict(explorer.values)
        fullest: dict = {}
        for state in _states(explorer):
            explorer.set(**state)
            figure = explorer.figure
            where = f"{label} {state}"
            report += [f"{where}: empty panel {name!r}" for name in empty_panels(figure)]
            report += [f"{where}: {problem}" for problem in off_axis(figure)]
            report += [f"{where}: {problem}" for problem in sign_colour_problems(figure)]
            for key, share in fill(figure).items():
                fullest[key] = max(fullest.get(key, 0.0), share)
        explorer.set(**default)
        report += [f"{label}: panel {key[1]!r} is at most {share:.0%} full in any state"
                   for key, share in fullest.items() if share < MIN_FILL]
        report += [f"{label}: picture background {problem}" for problem in background_problems(explorer)]
    assert not report, "\n".join(report)


# --- the checks can fail ----------------------------------------------------------------------
def test_an_empty_panel_is_caught_and_a_message_clears_it():
    figure = new_figure()
    ax = figure.add_subplot()
    ax.bar([0, 1], [0.0, 0.0])
    ax.axhline(0)
    assert empty_panels(figure) == ["axes 0"]
    ax.text(0.5, 0.5, "no data at this threshold", transform=ax.transAxes)
    assert empty_panels(figure) == []


def test_data_off_the_axis_and_a_squashed_panel_are_caught():
    figure = new_figure()
    ax = figure.add_subplot()
    ax.plot([0, 1, 2], [0, -4.0, 1])
    ax.set_ylim(-3.5, 3.5)
    bars = figure.add_subplot(2, 1, 2)
    bars.bar([0, 1], [30, 400])
    bars.set_ylim(0, 400)
    assert len(off_axis(figure)) == 2          # the line below -3.5, the bar cut at the top
    bars.set_ylim(0, 4000)
    assert min(fill(figure).values()) < MIN_FILL
    ax.set_ylim(-40, 40)
    assert fill(figure)[(0, "")] == pytest.approx(0.1)   # signed: the data reach 4 of 40


def test_orange_negative_bars_and_a_non_diverging_signed_map_are_caught():
    figure = new_figure()
    ax = figure.add_subplot(1, 2, 1)
    ax.bar([0, 1, 2], [-0.5, 0.4, 0.1], color=[palette.POSITIVE, palette.POSITIVE, palette.INACTIVE])
    ax.set_ylim(-1, 1)
    image_ax = figure.add_subplot(1, 2, 2)
    image_ax.imshow(np.eye(3), cmap="coolwarm", vmin=-1, vmax=1)
    problems = sign_colour_problems(figure)
    assert len(problems) == 2 and "-0.50" in problems[0] and "coolwarm" in problems[1]
    ax.patches[0].set_facecolor(palette.NEGATIVE)
    image_ax.images[0].set_cmap(palette.DIVERGING_CMAP)
    assert sign_colour_problems(figure) == []


def test_a_dark_widget_picture_is_caught():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from dmnlab.course.widgets import Control, Explorer

    figure = Figure(figsize=(2, 1), facecolor="black")     # e.g. a reader's dark matplotlib style
    figure.add_subplot().plot([0, 1])
    FigureCanvasAgg(figure)
    explorer = Explorer(figure, lambda value: None, [Control("value", "Value", [1])], lambda value: "")
    assert background_problems(explorer)
    figure.patch.set_facecolor("white")
    assert background_problems(explorer) == []

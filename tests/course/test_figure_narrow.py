"""A course figure's phone rendition in the book (issue 26: every reader, every device).

In static mode (the book build) a wide :class:`~dmnlab.course.plotting.CourseFigure` carries a second
picture, its panels stacked for a phone, in a PNG text field, or the reason it has none; in a lab it
carries neither. The wide picture is the same either way.
"""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from dmnlab.course import widgets
from dmnlab.course.narrowlayout import NARROW_NEEDED_ABOVE, NARROW_PNG_KEY, NARROW_PROBLEMS_KEY, NARROW_WIDTH
from dmnlab.course.plotting import new_figure


def _two_panels():
    figure = new_figure(8.0, 3.0)
    for i, x0 in enumerate((0.08, 0.58)):
        ax = figure.add_axes([x0, 0.18, 0.38, 0.7])
        ax.plot(np.arange(10), np.arange(10) * (i + 1), label="a line")
        ax.set_xlabel("time (s)")
        ax.set_ylabel("signal (simulated)")
        ax.set_title(f"panel {i + 1}")
    return figure


def _png(figure):
    picture = Image.open(io.BytesIO(figure._repr_png_()))
    picture.load()
    return picture


def test_the_book_gets_a_phone_rendition_and_a_lab_does_not(monkeypatch):
    figure = _two_panels()
    monkeypatch.delenv(widgets.STATIC_ENV, raising=False)
    lab = _png(figure)
    assert NARROW_PNG_KEY not in lab.text and NARROW_PROBLEMS_KEY not in lab.text
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    book = _png(figure)
    assert NARROW_PROBLEMS_KEY not in book.text
    phone = Image.open(io.BytesIO(base64.b64decode(book.text[NARROW_PNG_KEY])))
    # about the 351 px a 390-px phone gives a picture (tight bounding box), and the panels stacked
    assert abs(phone.width - NARROW_WIDTH * 90) < 20 and phone.height > phone.width
    assert book.text["Description"] == lab.text["Description"]
    # the wide picture is the same: the figure's layout came back
    assert book.size == lab.size and np.array_equal(np.asarray(book), np.asarray(lab))
    assert tuple(figure.get_size_inches()) == (8.0, 3.0) and figure.get_dpi() == 100


def test_a_figure_already_narrow_needs_no_rendition(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    figure = new_figure(NARROW_NEEDED_ABOVE, 3.0)
    figure.add_subplot().plot([0, 1], [0, 1])
    text = _png(figure).text
    assert NARROW_PNG_KEY not in text and NARROW_PROBLEMS_KEY not in text


def test_a_rendition_that_fails_the_picture_checks_is_not_offered(monkeypatch):
    """The fault: two notes on top of each other stay on top of each other on a phone."""
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    figure = _two_panels()
    ax = figure.axes[0]
    ax.text(0.1, 0.8, "a note", transform=ax.transAxes)
    ax.text(0.15, 0.8, "another note", transform=ax.transAxes)
    text = _png(figure).text
    assert NARROW_PNG_KEY not in text
    assert "texts 'a note' and 'another note' overlap" in text[NARROW_PROBLEMS_KEY]
    assert tuple(figure.get_size_inches()) == (8.0, 3.0)


def test_a_layout_error_is_a_reason_not_a_traceback(monkeypatch):
    from dmnlab.course import narrowlayout

    monkeypatch.setenv(widgets.STATIC_ENV, "1")

    def broken(self):
        raise ValueError("no room")

    monkeypatch.setattr(narrowlayout.NarrowLayout, "apply", broken)
    figure = _two_panels()
    text = _png(figure).text
    assert text[NARROW_PROBLEMS_KEY] == "the narrow layout failed: ValueError: no room"
    assert figure.get_dpi() == pytest.approx(100)


def test_a_figure_with_a_phone_figure_of_its_own_offers_that(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    figure = _two_panels()

    def phone():
        own = new_figure(NARROW_WIDTH, 6.0)
        own.add_subplot().fill_between([0, 1], [1, 1], color="red")     # pure red: no course figure has it
        return own

    figure.phone_figure = phone
    narrow = Image.open(io.BytesIO(base64.b64decode(_png(figure).text[NARROW_PNG_KEY]))).convert("RGB")
    pixels = np.asarray(narrow)
    assert ((pixels == (255, 0, 0)).all(axis=2)).mean() > 0.3       # the phone figure, not a stacked layout
    figure.phone_figure = lambda: 1 / 0
    assert _png(figure).text[NARROW_PROBLEMS_KEY] == "the phone figure failed: ZeroDivisionError: division by zero"


@pytest.mark.parametrize("make", ["ketamine.plot_mechanism", "networks.plot_triple_network",
                                  "anatomy.plot_nodes_on_anatomy", "healthy.plot_gradient_surface"])
def test_each_diagram_draws_a_phone_figure_that_reads(make):
    """Diagrams whose text sits at fixed places, and cortex views (3-D axes), cannot be stacked: each draws
    its own phone figure, which passes every picture check at the book's dpi and keeps the alt text."""
    import importlib

    from dmnlab.course.picturecheck import DPI, picture_problems

    module, name = make.split(".")
    figure = getattr(importlib.import_module(f"dmnlab.{module}"), name)()
    phone = figure.phone_figure()
    assert phone.get_figwidth() == pytest.approx(NARROW_WIDTH)
    phone.set_dpi(DPI)
    assert picture_problems(phone) == []
    assert phone.alt_text == figure.alt_text


def test_stacked_panels_that_share_a_y_scale_each_show_its_numbers():
    from dmnlab.course.narrowlayout import NarrowLayout

    figure = new_figure(8.0, 3.0)
    left, right = figure.subplots(1, 2, sharey=True)
    for ax in (left, right):
        ax.plot([0, 1], [0, 5])
    figure.canvas.draw()

    def numbers(ax):
        return [t.get_text() for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]

    assert numbers(left) and not numbers(right)             # side by side: the right panel's are hidden
    with NarrowLayout(figure):
        figure.canvas.draw()
        assert numbers(right) == numbers(left)              # stacked: each panel has its own
    figure.canvas.draw()
    assert not numbers(right)                               # and back

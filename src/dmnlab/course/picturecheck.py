"""What a reader sees in a picture: text cut at an edge, text over text, notes on data lines, tiny
panels, shrunk pictures, blank bands.

A picture is drawn once (a full draw, at the book's 90 dpi) while every text it draws is recorded with
the box it takes; the checks look at those boxes and at the pixels. :func:`picture_problems` runs them
all. The tests run them on every widget's pictures, wide and narrow; the book build runs them on every
static figure's phone rendition (:func:`dmnlab.course.narrowlayout.narrow_png`) and offers phones only
a rendition that passes.
"""
from __future__ import annotations

import numpy as np

#: The book's dpi for widget pictures.
DPI = 90
#: A panel (an Axes that shows data) is at least this many pixels wide (an inch: one bar with its
#: tick label) and, if it has a y scale, this tall (a strip without one, e.g. a timeline, may be lower).
MIN_PANEL = (90, 60)
#: No band of blank rows taller than this (pixels) inside a picture.
MAX_BLANK_BAND = 45
#: A picture shown inside a picture (an RGB array) is not drawn smaller than this share of its pixels.
MIN_PICTURE_SCALE = 0.45


class Drawn:
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
    drawn = Drawn(figure)
    return [*clipped_texts(drawn), *overlapping_texts(drawn), *texts_on_lines(drawn),
            *small_panels(drawn), *blank_bands(drawn)]

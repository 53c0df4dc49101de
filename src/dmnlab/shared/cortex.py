"""REAL data on a real cortex: a value per vertex of the conte69 surface, drawn from four sides.

Chapters 1, 2 and 6 paint Human Connectome Project group data (:mod:`dmnlab.datasets.hcpgroup`) on
the cortical surface: a seed map, the principal gradient, a network. :func:`plot_cortex` draws one
such map as a row of four views (left lateral, left medial, right medial, right lateral) with
nilearn's matplotlib engine, optionally outlining the Schaefer default mode network, and gives the
figure the alt text the caller writes. A figure takes about 2 s to draw: pages draw it once at
build time (as a PNG); widgets precompute their states, and :func:`drawn_once` keeps each drawn state
on disk (outside ``data/``), so that a new kernel shows it at once.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..course.palette import DIVERGING_CMAP
from ..course.plotting import new_figure, set_alt_text

#: The four views, in drawing order.
VIEWS = (("left", "lateral"), ("left", "medial"), ("right", "medial"), ("right", "lateral"))
#: How the views are named in titles and alt texts.
VIEW_NAMES = {("left", "lateral"): "left, outside", ("left", "medial"): "left, inside",
              ("right", "medial"): "right, inside", ("right", "lateral"): "right, outside"}


def network_mask(network: str = "Default", n_parcels: int = 400) -> np.ndarray:
    """True at the vertices of one Schaefer 7-network (both hemispheres), e.g. "Default"."""
    from ..datasets import hcpgroup

    labels = hcpgroup.schaefer_labels(n_parcels)
    inside = np.r_[False, (labels["network"] == network).to_numpy()]
    return inside[hcpgroup.surface_parcellation(n_parcels)]


def plot_cortex(values, alt_text: str, title: str | None = None, cmap: str = DIVERGING_CMAP,
                vmin: float | None = None, vmax: float | None = None, outline: np.ndarray | None = None,
                colorbar_label: str | None = None, width: float = 9.0, height: float = 2.6):
    """Draw ``values`` (one per conte69 vertex, both hemispheres, NaN = not drawn) from four sides.

    ``outline``: a boolean vertex mask whose border is drawn as a contour (e.g. :func:`network_mask`).
    The alt text is the caller's: say what a reader would see, with the numbers that matter.
    """
    from nilearn import plotting

    from ..datasets import hcpgroup

    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if vmax is None:
        vmax = float(np.nanmax(np.abs(finite))) if finite.size else 1.0
    if vmin is None:
        vmin = -vmax if cmap == DIVERGING_CMAP else float(np.nanmin(finite))
    figure = new_figure(width, height)
    axes = []
    for index, (hemisphere, view) in enumerate(VIEWS):
        ax = figure.add_axes([0.005 + index * 0.225, 0.04, 0.225, 0.82], projection="3d")
        # A copy: nilearn's matplotlib engine centres the coordinates in place, which would shift
        # the cached mesh that every later caller of surface_mesh gets.
        coordinates, faces = hcpgroup.surface_mesh(hemisphere)
        mesh = (coordinates.copy(), faces)
        plotting.plot_surf(mesh, surf_map=hcpgroup.hemisphere_values(values, hemisphere), hemi=hemisphere,
                           view=view, axes=ax, figure=figure, cmap=cmap, vmin=vmin, vmax=vmax,
                           colorbar=False, engine="matplotlib", bg_on_data=False)
        if outline is not None:
            levels = hcpgroup.hemisphere_values(np.asarray(outline, dtype=int), hemisphere)
            plotting.plot_surf_contours(mesh, levels, levels=[1], axes=ax, figure=figure, colors=["black"])
        ax.set_box_aspect(None, zoom=1.45)
        ax.set_title(VIEW_NAMES[(hemisphere, view)], fontsize=9, pad=-4)
        axes.append(ax)
    colour_axes = figure.add_axes([0.915, 0.18, 0.012, 0.6])
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    bar = figure.colorbar(ScalarMappable(norm=Normalize(vmin, vmax), cmap=cmap), cax=colour_axes)
    if colorbar_label:
        bar.set_label(colorbar_label, fontsize=9)
    bar.ax.tick_params(labelsize=8)
    if title:
        figure.suptitle(title, fontsize=11, y=0.99)
    set_alt_text(figure, alt_text)
    # The book offers phones the same map drawn again, two views a row (a cortex cannot be stacked by
    # NarrowLayout: its views are 3-D axes).
    figure.phone_figure = lambda: phone_layout(plot_cortex(values, alt_text, title, cmap, vmin, vmax, outline,
                                                           colorbar_label, width, height))
    return figure


#: A phone's cortex figure (inches): its title's band, each row of two views, the colour bar's band.
_PHONE_TITLE, _PHONE_ROW, _PHONE_BAR = 0.8, 1.35, 0.72


def phone_layout(figure):
    """A four-view cortex figure (:func:`dmnlab.shared.cortex.plot_cortex`) laid out for a phone: the
    views two a row at :data:`~dmnlab.course.narrowlayout.NARROW_WIDTH`, the colour bar under them across
    the width, the title wrapped: each view drawn at about the size a desktop shows it."""
    import textwrap

    from ..course.narrowlayout import NARROW_WIDTH

    width = NARROW_WIDTH
    height = _PHONE_TITLE + 2 * _PHONE_ROW + _PHONE_BAR
    views = [ax for ax in figure.axes if ax.name == "3d"]
    (old_bar,) = [ax for ax in figure.axes if ax.name != "3d"]
    figure.set_size_inches(width, height)
    for index, ax in enumerate(views):
        row = index // 2
        ax.set_position([(index % 2) / 2, (_PHONE_BAR + (1 - row) * _PHONE_ROW) / height, 0.5, _PHONE_ROW / height])
        ax.set_box_aspect(None, zoom=1.6)      # a little closer than on a desktop: the row has the room
    colorbar = old_bar._colorbar
    label = old_bar.get_ylabel()
    figure.delaxes(old_bar)
    bar_ax = figure.add_axes([0.12, 0.42 / height, 0.76, 0.11 / height])    # its ticks and label under it
    bar = figure.colorbar(colorbar.mappable, cax=bar_ax, orientation="horizontal")
    bar.set_label(label, fontsize=9)
    bar.ax.tick_params(labelsize=8)
    title = figure._suptitle
    if title is not None:
        title.set_text(textwrap.fill(title.get_text(), 44))
        title.set_fontsize(10)
    return figure



def drawn_once(name: str, draw: Callable[[], np.ndarray]) -> np.ndarray:
    """The picture ``draw()`` makes (an RGB array), kept on disk across kernels under ``name``.

    A cortex takes seconds to draw; its picture depends only on the code, the library versions and
    the real data, so it is drawn once and read back (milliseconds) afterwards
    (:func:`dmnlab.datasets.cache.kept`, never in ``data/``), keyed on all three (the real data by
    their checksum lists).
    """
    import hashlib

    from ..datasets.cache import fingerprint, kept
    from ..datasets.files import real_data_dir

    digest = hashlib.sha256(fingerprint().encode())
    for sums in sorted(real_data_dir().glob("*/SHA256SUMS")):
        digest.update(sums.read_bytes())
    return kept("cortex", name, lambda: np.ascontiguousarray(draw()), kind="npy", key=digest.hexdigest())

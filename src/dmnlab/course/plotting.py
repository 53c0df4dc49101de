"""Figures for the course: nodes on a glass brain, connectivity matrices, signals.

Every ``plot_*`` function takes an optional matplotlib ``ax`` and returns the
figure. Colours come from colour-blind-safe palettes: the Okabe–Ito colours for
networks and the ColorBrewer diverging map ``RdBu_r`` for correlations.

The glass brain is nilearn's schematic MNI brain. For widgets, :class:`GlassBrain`
keeps its own node and edge artists so they can be changed in place (fast)
instead of redrawing the brain (slow: about half a second).
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..study.nodes import NETWORK_COLOURS, NETWORKS, NODE_LABELS, NODE_NETWORK, node_colours
from .narrowlayout import NARROW_WIDTH, NarrowLayout  # noqa: F401 (a figure's phone layout, for widgets)
from .palette import DIVERGING_CMAP

#: Plain names of the network colours, for alt texts.
NETWORK_COLOURS_NAMES = {"DMN": "blue", "salience": "orange", "central executive": "green",
                         "affective": "purple"}
#: Diverging, colour-blind-safe map for correlations (blue negative, red positive).
CORRELATION_CMAP = DIVERGING_CMAP
#: Every course figure is drawn on opaque white, so that it reads on a light and a dark page alike.
FIGURE_BACKGROUND = "white"


class CourseFigure(Figure):
    """A matplotlib figure that is not managed by pyplot and shows itself as a PNG.

    Not being managed by pyplot means a notebook never shows it twice; ``_repr_png_``
    lets Jupyter display it whether or not pyplot (and its inline backend) was imported.

    ``alt_text`` describes the figure for people who cannot see it. It is stored in the
    PNG's ``Description`` field, from which the book build copies it into the page's
    ``alt`` attribute (:mod:`tools.bookext`). Without one, :func:`describe_figure`
    makes a description from the titles and axis labels.

    In the book (static mode) a wide figure also carries its phone rendition, panels stacked
    (:func:`dmnlab.course.narrowlayout.narrow_png`), which the page offers to screens up to 600 px wide.
    """

    alt_text: str | None = None

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        # Opaque white whatever the reader's matplotlib settings (``savefig.transparent``): dark text
        # on a transparent picture would vanish on a dark page (the book's dark mode, JupyterLab's).
        opaque = {"facecolor": FIGURE_BACKGROUND, "transparent": False}
        metadata = {"Description": self.alt_text or describe_figure(self)}
        metadata.update(self._phone_rendition(opaque))
        self.savefig(buffer, format="png", bbox_inches="tight", metadata=metadata, **opaque)
        return buffer.getvalue()

    def _phone_rendition(self, opaque: dict) -> dict:
        """For the book (static mode) only: the PNG text field that carries this figure's phone
        rendition, or why it has none (:func:`dmnlab.course.narrowlayout.narrow_png`)."""
        import base64

        from .narrowlayout import NARROW_NEEDED_ABOVE, NARROW_PNG_KEY, NARROW_PROBLEMS_KEY, narrow_png
        from .widgets import static_mode

        if not static_mode() or self.get_figwidth() <= NARROW_NEEDED_ABOVE:
            return {}
        png, problems = narrow_png(self, **opaque)
        if png is None:
            return {NARROW_PROBLEMS_KEY: "; ".join(problems)}
        return {NARROW_PNG_KEY: base64.b64encode(png).decode("ascii")}


def contrast_ratio(colour, background="white") -> float:
    """WCAG 2.1 contrast ratio of two matplotlib colours (1 to 21).

    A colour with transparency is composited on white first (how it looks on the page).
    """
    from matplotlib.colors import to_rgba

    def luminance(colour) -> float:
        *rgb, alpha = to_rgba(colour)
        channel = alpha * np.asarray(rgb, dtype=float) + (1 - alpha)
        linear = np.where(channel <= 0.03928, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour, background="white", ratio: float = 4.5) -> str:
    """The colour, darkened (same hue) until text in it has ``ratio`` contrast on ``background``.

    Network and group colours (Okabe–Ito) are chosen to tell lines apart, and some of them are
    too light for small text on white (orange: 2.2:1). Text in a data colour goes through this
    function, so it meets WCAG AA (4.5:1) and keeps its hue.
    """
    from matplotlib.colors import to_hex, to_rgb

    rgb = np.asarray(to_rgb(colour))
    while contrast_ratio(rgb, background) < ratio and rgb.max() > 0:
        rgb = rgb * 0.96
    return to_hex(rgb)


def ink_on(background) -> str:
    """Black or white: whichever text colour has the higher contrast on ``background``."""
    return "black" if contrast_ratio("black", background) >= contrast_ratio("white", background) \
        else "white"


def label_cells(texts, image, values) -> None:
    """Write ``values`` (formatted strings) into the cell ``texts`` of ``image``, each in the ink
    (black or white) that reads best on its cell's colour."""
    data = np.asarray(image.get_array())
    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            text.set_text(values[i][j])
            text.set_color(ink_on(image.cmap(image.norm(data[i, j]))))


def colour_node_labels(labels) -> None:
    """Colour tick labels (matplotlib Text) that name nodes by their network, readably."""
    for tick in labels:
        network = NODE_NETWORK.get(tick.get_text())
        tick.set_color(readable(NETWORK_COLOURS[network]) if network else "black")


def tidy_axes(ax, labelsize: float | None = None) -> None:
    """The course's plain axes: no top and right frame lines, optionally smaller tick labels."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if labelsize is not None:
        ax.tick_params(labelsize=labelsize)


def set_alt_text(figure, text: str, own_figure: bool = True) -> None:
    """Describe a figure for people who cannot see it (see :class:`CourseFigure`).

    A figure the plot function made gets ``text``. Axes passed in may be one panel of a
    larger figure, so there the text is appended: each panel is described in the order it
    was drawn (drawing the same picture again does not repeat it).
    """
    existing = getattr(figure, "alt_text", None)
    if own_figure or not existing:
        figure.alt_text = text
    elif text not in existing:
        figure.alt_text = f"{existing} {text}"


def describe_figure(figure: Figure) -> str:
    """A plain-language description of a figure from its titles, labels and contents."""
    parts = []
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        parts.append(suptitle.get_text())
    for ax in figure.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        what = []
        if ax.get_images():
            what.append("an image (matrix) plot")
        bars = [p for p in ax.patches if p.__class__.__name__ == "Rectangle" and p.get_height() != 0]
        if len(bars) > 3:
            what.append(f"{len(bars)} bars")
        lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
        if lines:
            what.append(f"{len(lines)} line(s)")
        if ax.collections and not what:
            what.append("points")
        labels = ", ".join(t for t in (ax.get_title(), ax.get_xlabel() and f"x: {ax.get_xlabel()}",
                                       ax.get_ylabel() and f"y: {ax.get_ylabel()}") if t)
        if what or labels:
            parts.append(f"{' and '.join(what) or 'a panel'}" + (f" ({labels})" if labels else ""))
    texts = [t.get_text() for t in figure.texts if t.get_text() and t is not suptitle]
    parts += texts[:2]
    return "Figure: " + "; ".join(parts) if parts else "Figure made by the course's dmnlab package."


def _show_course_figures_with_their_alt_text() -> None:
    """Make Jupyter show a :class:`CourseFigure` with its own ``_repr_png_`` (alt text included).

    Once pyplot's inline backend is loaded (nilearn loads it), IPython's printer for every
    ``matplotlib.figure.Figure`` would win over ``_repr_png_`` and drop the alt text; a printer
    registered for the subclass is found first.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(CourseFigure, CourseFigure._repr_png_)


def new_figure(width: float = 7.0, height: float = 3.2, dpi: int = 100) -> Figure:
    """A new :class:`CourseFigure` with an Agg canvas, on opaque white (:data:`FIGURE_BACKGROUND`).

    The background does not follow ``rcParams["figure.facecolor"]``: a transparent or dark style
    would put the course's dark text on a dark page in dark mode.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _show_course_figures_with_their_alt_text()
    figure = CourseFigure(figsize=(width, height), dpi=dpi, layout=None,
                          facecolor=FIGURE_BACKGROUND, edgecolor=FIGURE_BACKGROUND)
    FigureCanvasAgg(figure)
    return figure


def figure_and_ax(ax, width=7.0, height=3.2, rect=None):
    """The given axes' figure, or a new figure with one axes (at ``rect``, fractions of the figure,
    if given)."""
    if ax is None:
        figure = new_figure(width, height)
        ax = figure.add_axes(list(rect)) if rect is not None else figure.add_subplot()
    return ax.figure, ax


def _project(coords: np.ndarray, direction: str) -> np.ndarray:
    """Project MNI coordinates onto a glass-brain view ('x', 'y' or 'z')."""
    from nilearn.plotting.displays._utils import coords_3d_to_2d

    return coords_3d_to_2d(np.asarray(coords, dtype=float), direction)


class GlassBrain:
    """A glass brain (nilearn, MNI space) with node markers and edges that can be updated.

    Parameters
    ----------
    coords
        ``(n, 3)`` MNI coordinates in mm.
    colours
        One colour per node.
    ax
        Axes to draw in (the views are laid out inside it).
    display_mode
        nilearn display mode, e.g. ``"ortho"`` (side, front, top views).
    """

    def __init__(self, coords, colours, ax=None, display_mode="ortho", node_size=40.0):
        from nilearn import plotting

        figure, ax = figure_and_ax(ax, 7.0, 2.6)
        ax.set_axis_off()
        self.figure = figure
        self.coords = np.asarray(coords, dtype=float)
        self.colours = list(colours)
        self.display = plotting.plot_glass_brain(
            None, display_mode=display_mode, figure=figure, axes=ax, annotate=False,
            black_bg=False,
        )
        self.views = [view for view in self.display.axes.values()]
        self.node_artists = []
        self.edge_artists = []
        n = len(self.coords)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.pairs = pairs
        for view in self.views:
            xy = _project(self.coords, view.direction)
            nodes = view.ax.scatter(xy[:, 0], xy[:, 1], s=np.full(n, node_size), c=self.colours,
                                    edgecolors="black", linewidths=0.6, zorder=1000)
            segments = [np.array([xy[i], xy[j]]) for i, j in pairs]
            edges = LineCollection(segments, colors=[(0, 0, 0, 0)] * len(pairs), linewidths=0,
                                   zorder=500)
            view.ax.add_collection(edges)
            self.node_artists.append(nodes)
            self.edge_artists.append(edges)

    def set_nodes(self, sizes=None, edgecolors=None, linewidths=None, alphas=None):
        """Change node marker sizes (points²), outline colours, widths or transparency."""
        for artist in self.node_artists:
            if sizes is not None:
                artist.set_sizes(np.asarray(sizes, dtype=float))
            if edgecolors is not None:
                artist.set_edgecolors(edgecolors)
            if linewidths is not None:
                artist.set_linewidths(linewidths)
            if alphas is not None:
                from matplotlib.colors import to_rgba

                artist.set_facecolors([to_rgba(c, a) for c, a in zip(self.colours, alphas)])

    def set_edges(self, matrix, threshold=0.0, vmax=1.0, cmap=CORRELATION_CMAP):
        """Show edges whose absolute weight exceeds ``threshold``, coloured by weight."""
        from matplotlib import colormaps
        from matplotlib.colors import Normalize

        matrix = np.asarray(matrix, dtype=float)
        n_nodes = len(self.coords)
        if matrix.shape != (n_nodes, n_nodes):
            raise ValueError(f"Give a {n_nodes} × {n_nodes} matrix (one row and column per node), "
                             f"not {' × '.join(map(str, matrix.shape))}.")
        colour_map = colormaps[cmap]
        norm = Normalize(-vmax, vmax)
        weights = np.array([matrix[i, j] for i, j in self.pairs])
        shown = np.abs(weights) > threshold
        colours = colour_map(norm(weights))
        colours[~shown, 3] = 0.0
        widths = np.where(shown, 0.8 + 2.5 * np.clip(np.abs(weights) / vmax, 0, 1), 0.0)
        for artist in self.edge_artists:
            artist.set_colors(colours)
            artist.set_linewidths(widths)
        return int(shown.sum())

    def animated_artists(self):
        """The artists that change when the figure is updated."""
        return [*self.node_artists, *self.edge_artists]


def network_legend(ax, networks=NETWORKS, loc="lower center", ncol=4, **kwargs):
    """A legend of network colours."""
    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markeredgecolor="black",
                      markerfacecolor=NETWORK_COLOURS[name], label=name) for name in networks]
    return ax.legend(handles=handles, loc=loc, ncol=ncol, frameon=False, fontsize=8, **kwargs)


def plot_nodes(nodes, highlight=None, ax=None, title=None):
    """The course's nodes on a glass brain, coloured by network.

    Parameters
    ----------
    nodes
        Node table with ``label``, ``network``, ``x``, ``y``, ``z`` (mm MNI), e.g.
        :func:`dmnlab.datasets.loaders.load_nodes`.
    highlight
        Label of a node to draw larger with a thick outline.
    """
    own_figure = ax is None
    figure, ax = figure_and_ax(ax, 7.5, 3.0)
    brain = GlassBrain(nodes[["x", "y", "z"]].to_numpy(), node_colours(nodes["label"]), ax=ax)
    if highlight is not None:
        sizes = [140 if label == highlight else 30 for label in nodes["label"]]
        brain.set_nodes(sizes=sizes)
    network_legend(figure, loc="lower center")
    if title:
        figure.suptitle(title, fontsize=10)
    counts = nodes["network"].value_counts()
    set_alt_text(figure, own_figure=own_figure, text=(
        "Glass brain seen from the side, the front and the top with "
        + ", ".join(f"{counts.get(n, 0)} {n} nodes ({NETWORK_COLOURS_NAMES[n]})" for n in NETWORKS)
        + (f"; the {highlight} is drawn larger." if highlight else ".")
    ))
    return figure


def plot_connectivity_matrix(matrix, labels=NODE_LABELS, ax=None, title=None, vmax=1.0,
                             colorbar=True):
    """A node-by-node connectivity matrix with network blocks outlined.

    Parameters
    ----------
    matrix
        ``(n, n)`` array or DataFrame of correlations (or other connectivity).
    labels
        Node labels in the matrix's order.
    """
    matrix = np.asarray(matrix, dtype=float)
    labels = list(labels)
    own_figure = ax is None
    figure, ax = figure_and_ax(ax, 5.2, 4.4)
    image = ax.imshow(matrix, cmap=CORRELATION_CMAP, vmin=-vmax, vmax=vmax)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    colour_node_labels(ax.get_yticklabels())
    colour_node_labels(ax.get_xticklabels())
    _outline_networks(ax, labels)
    if colorbar:
        figure.colorbar(image, ax=ax, shrink=0.8, label="correlation (r)")
    if title:
        ax.set_title(title, fontsize=10)
    set_alt_text(figure, _describe_matrix(matrix, labels, title), own_figure)
    return figure


def _describe_matrix(matrix, labels, title=None) -> str:
    """Alt text of a connectivity matrix: size, strongest pairs, network averages."""
    n = len(labels)
    upper = [(matrix[i, j], labels[i], labels[j]) for i in range(n) for j in range(i + 1, n)]
    strongest = max(upper) if upper else None
    weakest = min(upper) if upper else None
    text = f"{n} by {n} correlation matrix" + (f" ({title})" if title else "") + ", red positive, blue negative."
    if strongest:
        text += (f" Strongest positive pair: {strongest[1]}–{strongest[2]} (r = {strongest[0]:.2f});"
                 f" most negative: {weakest[1]}–{weakest[2]} (r = {weakest[0]:.2f}).")
    networks = [NODE_NETWORK.get(label) for label in labels]
    within = []
    for name in dict.fromkeys(networks):
        idx = [i for i, net in enumerate(networks) if net == name]
        values = [matrix[i, j] for a, i in enumerate(idx) for j in idx[a + 1:]]
        if name and values:
            within.append(f"{name} {np.mean(values):.2f}")
    if within:
        text += " Mean correlation within each network: " + ", ".join(within) + "."
    return text


def _outline_networks(ax, labels):
    """Draw a box around each block of nodes from one network."""
    from matplotlib.patches import Rectangle

    networks = [NODE_NETWORK.get(label) for label in labels]
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or networks[index] != networks[start]:
            ax.add_patch(Rectangle((start - 0.5, start - 0.5), index - start, index - start,
                                   fill=False, edgecolor="black", linewidth=1.2))
            start = index


def plot_timeseries(timeseries, columns=None, ax=None, title=None, events=None, offset=3.0):
    """Stacked time courses of some nodes, coloured by network; task blocks shaded.

    Parameters
    ----------
    timeseries
        DataFrame, index time in seconds, one column per node.
    events
        Optional events table (``onset``, ``duration`` in s) shaded in grey.
    """
    columns = list(timeseries.columns if columns is None else columns)
    own_figure = ax is None
    figure, ax = figure_and_ax(ax, 7.5, 0.6 + 0.55 * len(columns))
    time = np.asarray(timeseries.index, dtype=float)
    if events is not None:
        for onset, duration in zip(events["onset"], events["duration"]):
            ax.axvspan(onset, onset + duration, color="0.88", zorder=0)
    for row, column in enumerate(columns):
        ax.plot(time, timeseries[column].to_numpy() - row * offset, linewidth=1.0,
                color=NETWORK_COLOURS.get(NODE_NETWORK.get(column), "black"))
    ax.set_yticks([-row * offset for row in range(len(columns))], columns, fontsize=8)
    ax.set_xlabel("time (s)")
    ax.set_xlim(time[0], time[-1])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    set_alt_text(figure, own_figure=own_figure, text=(
        f"{len(columns)} stacked signal time courses over {time[-1] - time[0]:.0f} s: "
        + ", ".join(f"{c} ({NODE_NETWORK.get(c, 'other')})" for c in columns)
        + (", with task blocks shaded grey." if events is not None else ".")
    ))
    return figure

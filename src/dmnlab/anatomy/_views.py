"""Chapter 1's figures and widgets: the region explorer, the seed-connectivity explorers (simulated and
real), the course's nodes on real anatomy and real seed maps on a cortical surface."""
from __future__ import annotations

import threading

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer, static_mode
from ..datasets.loaders import load_nodes
from ..study.nodes import NETWORK_COLOURS, NODE_LABELS, NODE_NETWORK, node_colours
from ..study.protocol import SIMULATED_NOTE
from ._measures import CORTEX_SEEDS, CORTEX_TOP_PARCELS, cortex_seed_map, cortex_seed_summary, example_timeseries

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

#: Seeds offered by the seed explorer: DMN hubs, and one node of each other network.
SEED_CHOICES = ("PCC", "mPFC", "PCUN", "AG_L", "HIPP_L", "AINS_R", "DLPFC_R", "AMY_L", "sgACC")
#: Thresholds (|r|) offered by the seed explorer.
SEED_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: Seeds offered by the real-brain explorer (fewer, to keep the static page light).
REAL_SEED_CHOICES = ("PCC", "mPFC", "AG_L", "HIPP_L", "DLPFC_R")


# --- region explorer ----------------------------------------------------------------
def region_explorer(nodes: pd.DataFrame | None = None) -> Explorer:
    """Widget: choose a region and see where it is, which network it belongs to and its role.

    The returned explorer's ``brain`` is its :class:`~dmnlab.course.plotting.GlassBrain`.
    """
    nodes = load_nodes() if nodes is None else nodes.set_index("label", drop=False)
    labels = list(nodes["label"])
    figure = plotting.new_figure(7.5, 3.6)
    brain_ax = figure.add_axes([0.0, 0.30, 1.0, 0.70])
    brain = plotting.GlassBrain(nodes[["x", "y", "z"]].to_numpy(), node_colours(labels), ax=brain_ax)
    plotting.network_legend(figure, loc="upper center", bbox_to_anchor=(0.5, 0.33))
    info = figure.text(0.03, 0.03, "", fontsize=10.5, va="bottom", ha="left", wrap=True)

    def update(region):
        row = nodes.loc[region]
        chosen = np.array([label == region for label in labels])
        brain.set_nodes(sizes=np.where(chosen, 220, 28), linewidths=np.where(chosen, 2.5, 0.4),
                        alphas=np.where(chosen, 1.0, 0.35))
        info.set_text(f"{row['name']} ({row.label}) — {row.network} network\n"
                      f"MNI x, y, z = {row.x:g}, {row.y:g}, {row.z:g} mm\n"
                      f"Role: {row.role}")
        info.set_color(plotting.readable(NETWORK_COLOURS[row.network]))

    def describe(region):
        row = nodes.loc[region]
        return (f"Glass brain seen from the side, front and top with the {row['name']} "
                f"highlighted, a node of the {row.network} network at MNI {row.x:g}, {row.y:g}, "
                f"{row.z:g} mm. Role: {row.role}.")

    control = Control("region", "Region", [(f"{label} — {nodes.loc[label, 'name']}", label)
                                            for label in labels], value="PCC")
    explorer = Explorer(figure, update, [control], describe,
                        dynamic_artists=[*brain.animated_artists(), info],
                        title="Region explorer")
    explorer.brain = brain
    return explorer


# --- seed connectivity explorers -----------------------------------------------------
def seed_explorer(timeseries: pd.DataFrame | None = None, nodes: pd.DataFrame | None = None,
                  seeds=SEED_CHOICES, thresholds=SEED_THRESHOLDS) -> Explorer:
    """Widget: a seed region's connections above a threshold, on the brain and as bars.

    Parameters
    ----------
    timeseries
        Region-by-time table (default: :func:`example_timeseries`, simulated).

    The returned explorer's ``brain`` is its glass brain and ``bars`` its bars (one per region).
    """
    timeseries = example_timeseries() if timeseries is None else timeseries
    return _seed_explorer({"simulated": timeseries}, nodes, seeds, thresholds,
                          title="Seed connectivity explorer", note=SIMULATED_NOTE)


def real_seed_explorer(nodes: pd.DataFrame | None = None) -> Explorer:
    """Widget: the seed map of a real HCP subject or of the simulated participant.

    Data (7 real subjects, 1 simulated) × seed → the seed's connections with |r| > 0.3 on the
    glass brain and as bars. Real data: Human Connectome Project (see
    :data:`dmnlab.datasets.hcp.HCP_ACKNOWLEDGEMENT`).
    """
    from ..datasets.hcp import REAL_LABEL, brain_sources

    return _seed_explorer(brain_sources(), nodes, REAL_SEED_CHOICES, (0.3,),
                          title="Seed maps in real and simulated brains",
                          note=f"{REAL_LABEL}. The last option is simulated.")


def _seed_explorer(sources: dict, nodes, seeds, thresholds, title: str, note: str) -> Explorer:
    """The seed explorer over one or more data sources ({label: region-by-time table})."""
    title_text = title
    nodes = load_nodes() if nodes is None else nodes.set_index("label", drop=False)
    first = next(iter(sources.values()))
    labels = [label for label in NODE_LABELS if label in first.columns]
    matrices = {name: np.corrcoef(frame[labels].to_numpy(dtype=float).T) for name, frame in sources.items()}
    figure = plotting.new_figure(8.0, 5.0)
    brain_ax = figure.add_axes([0.0, 0.42, 1.0, 0.53])
    brain = plotting.GlassBrain(nodes.loc[labels, ["x", "y", "z"]].to_numpy(), node_colours(labels),
                                ax=brain_ax)
    bar_ax = figure.add_axes([0.08, 0.135, 0.9, 0.265])     # room under it for the longest rotated label
    bars = bar_ax.bar(range(len(labels)), np.zeros(len(labels)), color="0.6", edgecolor="black",
                      linewidth=0.5)
    bar_ax.set_xticks(range(len(labels)), labels, rotation=60, fontsize=8.5)
    plotting.colour_node_labels(bar_ax.get_xticklabels())
    bar_ax.set_ylim(-1, 1)
    bar_ax.set_ylabel("r with seed", fontsize=8)
    bar_ax.axhline(0, color="black", linewidth=0.6)
    upper = bar_ax.axhline(0.3, color="0.3", linestyle="--", linewidth=0.8)
    lower = bar_ax.axhline(-0.3, color="0.3", linestyle="--", linewidth=0.8)
    plotting.tidy_axes(bar_ax)
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=10)

    def update(seed, threshold=thresholds[0], data=next(iter(sources))):
        matrix = matrices[data]
        s = labels.index(seed)
        seed_row = matrix[s].copy()
        edges = np.zeros_like(matrix)
        edges[s, :] = edges[:, s] = seed_row
        np.fill_diagonal(edges, 0)
        shown = brain.set_edges(edges, threshold=threshold, vmax=0.6)
        brain.set_nodes(sizes=[160 if i == s else 35 for i in range(len(labels))],
                        linewidths=[2.5 if i == s else 0.5 for i in range(len(labels))])
        for i, bar in enumerate(bars):
            value = 0.0 if i == s else seed_row[i]
            bar.set_height(value)
            above = abs(value) > threshold and i != s
            bar.set_facecolor(palette.POSITIVE if above and value > 0 else palette.NEGATIVE if above
                              else palette.INACTIVE)
        upper.set_ydata([threshold, threshold])
        lower.set_ydata([-threshold, -threshold])
        source = "simulated data" if data.startswith("simulated") else f"{data}"
        title.set_text(f"Seed {seed}: {shown} connection(s) with |r| > {threshold:.1f} "
                       f"(red positive, blue negative) — {source}")

    def describe(seed, threshold=thresholds[0], data=next(iter(sources))):
        matrix = matrices[data]
        s = labels.index(seed)
        others = [(labels[i], matrix[s, i]) for i in range(len(labels)) if i != s]
        positive = [f"{label} (r = {r:.2f})" for label, r in others if r > threshold]
        negative = [f"{label} (r = {r:.2f})" for label, r in others if r < -threshold]
        source = "simulated data" if data.startswith("simulated") else f"real data, {data}"
        return (f"Seed-based connectivity of {seed} at threshold |r| > {threshold:.1f}, {source}. "
                f"Positively connected: {', '.join(positive) or 'none'}. Negatively "
                f"connected: {', '.join(negative) or 'none'}.")

    controls = []
    if len(sources) > 1:
        controls.append(Control("data", "Brain", list(sources), value=next(iter(sources))))
    controls.append(Control("seed", "Seed region", [label for label in seeds if label in labels], value="PCC"))
    if len(thresholds) > 1:
        controls.append(Control("threshold", "Threshold |r| >", list(thresholds),
                                value=0.3 if 0.3 in thresholds else thresholds[len(thresholds) // 2],
                                kind="slider", static_options=[t for t in thresholds if t > 0]))
    dynamic = [*brain.animated_artists(), *bars, upper, lower, title]
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=dynamic, title=title_text, note=note)
    explorer.brain = brain
    explorer.bars = list(bars)
    return explorer


# --- static figures -------------------------------------------------------------------
#: The regions whose signals the pipeline diagram and the overlay figure draw: two DMN hubs and
#: one task-positive region (the right dlPFC, a central-executive node).
PIPELINE_REGIONS = ("PCC", "mPFC", "DLPFC_R")


def plot_fmri_pipeline(timeseries: pd.DataFrame | None = None, nodes: pd.DataFrame | None = None):
    """Diagram: from the scanner to a correlation matrix, in five steps joined by arrows.

    1 the scanner takes a whole-brain picture every TR; 2 the pictures (volumes) pile up over
    time, each a grid of voxels with a BOLD value; 3 an atlas's regions (dots on a brain seen
    from the side), where the voxels of each region are averaged; 4 one time series per region;
    5 the correlation of every pair of regions (functional connectivity). Panels 4 and 5 draw
    ``timeseries`` (default: :func:`example_timeseries`, SIMULATED), so the diagram's numbers
    are the page's.
    """
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle, Wedge

    timeseries = example_timeseries() if timeseries is None else timeseries
    nodes = load_nodes() if nodes is None else nodes.set_index("label", drop=False)
    labels = [label for label in NODE_LABELS if label in timeseries.columns]
    time = np.asarray(timeseries.index, dtype=float)
    tr = float(np.median(np.diff(time)))
    n_volumes = len(time)
    matrix = np.corrcoef(timeseries[labels].to_numpy(dtype=float).T)
    traces = [label for label in PIPELINE_REGIONS if label in labels]

    # Two rows (steps 1-3, then 4-5) so that the labels stay readable in the book's text column.
    figure = plotting.new_figure(8.4, 6.4)
    width, height = 0.27, 0.29
    boxes = [(0.03, 0.60), (0.365, 0.60), (0.70, 0.60), (0.20, 0.11), (0.535, 0.11)]
    axes = [figure.add_axes([x, y, width, height]) for x, y in boxes]
    titles = ["1. Scanner", "2. Volumes over time", "3. Regions of an atlas",
              "4. One signal per region", "5. Correlation matrix"]
    captions = [f"takes a picture of the\nwhole brain every {tr:g} s",
                f"{n_volumes} volumes; each a grid\nof voxels with a BOLD value",
                "average the voxels\ninside each region",
                f"{len(labels)} regions × {n_volumes} time points\n(a region-by-time table)",
                "r for every pair of regions:\nfunctional connectivity"]
    for ax, title, caption in zip(axes, titles, captions):
        ax.set_title(title, fontsize=12, fontweight="bold")
        ax.text(0.5, -0.05, caption, transform=ax.transAxes, ha="center", va="top", fontsize=10.5)

    # 1. the scanner: a ring (the bore) and a bed with a person's head inside.
    ax = axes[0]
    ax.add_patch(Wedge((0.5, 0.55), 0.42, 0, 360, width=0.16, facecolor="0.82", edgecolor="0.35"))
    ax.add_patch(Rectangle((0.02, 0.2), 0.96, 0.07, facecolor="0.6", edgecolor="0.35"))
    ax.add_patch(Circle((0.5, 0.46), 0.09, facecolor="0.95", edgecolor="0.3"))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")

    # 2. volumes: a stack of grids, one behind the other, the front one divided into voxels.
    ax = axes[1]
    for k in range(4, -1, -1):
        x0, y0 = 0.08 + 0.07 * k, 0.1 + 0.07 * k
        ax.add_patch(Rectangle((x0, y0), 0.55, 0.55, facecolor="white", edgecolor="0.3", linewidth=0.9))
        if k == 0:
            for step in np.linspace(0, 0.55, 7)[1:-1]:
                ax.plot([x0 + step] * 2, [y0, y0 + 0.55], color="0.7", linewidth=0.6)
                ax.plot([x0, x0 + 0.55], [y0 + step] * 2, color="0.7", linewidth=0.6)
    ax.annotate("", xy=(0.95, 0.95), xytext=(0.7, 0.7),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.text(0.86, 0.74, "time", fontsize=8.5, rotation=45, color="0.3")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)

    # 3. an atlas's regions on a brain seen from the side (the chapter's glass brain).
    plotting.GlassBrain(nodes.loc[labels, ["x", "y", "z"]].to_numpy(), node_colours(labels), ax=axes[2],
                        display_mode="x", node_size=22.0)

    # 4. one signal per region: the first two minutes of three regions, stacked.
    ax = axes[3]
    shown = time <= time[0] + 120
    for row, label in enumerate(traces):
        signal = timeseries[label].to_numpy(dtype=float)[shown]
        signal = (signal - signal.mean()) / signal.std()
        ax.plot(time[shown], signal - 3.2 * row, color=NETWORK_COLOURS[NODE_NETWORK[label]], linewidth=1.0)
        ax.text(time[0] - 4, -3.2 * row, label, ha="right", va="center", fontsize=8.5,
                color=plotting.readable(NETWORK_COLOURS[NODE_NETWORK[label]]))
    ax.set_xlim(time[0] - 40, time[0] + 122)

    # 5. the correlation matrix.
    axes[4].imshow(matrix, cmap=palette.DIVERGING_CMAP, vmin=-1, vmax=1)

    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
    arrow = {"transform": figure.transFigure, "arrowstyle": "-|>", "mutation_scale": 18, "color": "0.25",
             "linewidth": 1.8}
    for (x0, y0), (x1, _) in [(boxes[0], boxes[1]), (boxes[1], boxes[2]), (boxes[3], boxes[4])]:
        figure.add_artist(FancyArrowPatch((x0 + width + 0.005, y0 + height / 2), (x1 - 0.005, y0 + height / 2),
                                          **arrow))
    # From step 3 (end of the first row) down to step 4 (start of the second).
    figure.add_artist(FancyArrowPatch((boxes[2][0] + width / 2, 0.505), (boxes[3][0] + 0.02, 0.445),
                                      connectionstyle="arc3,rad=-0.08", **arrow))
    figure.add_artist(FancyBboxPatch((0.004, 0.004), 0.992, 0.992, transform=figure.transFigure,
                                     boxstyle="round,pad=0,rounding_size=0.01", facecolor="none",
                                     edgecolor="0.85"))
    plotting.set_alt_text(figure, describe_fmri_pipeline(timeseries))
    return figure


def describe_fmri_pipeline(timeseries: pd.DataFrame) -> str:
    """Alt text of :func:`plot_fmri_pipeline`: each step, with the run's numbers."""
    labels = [label for label in NODE_LABELS if label in timeseries.columns]
    time = np.asarray(timeseries.index, dtype=float)
    tr = float(np.median(np.diff(time)))
    corr = timeseries[labels].corr()
    traces = [label for label in PIPELINE_REGIONS if label in labels]
    pairs = "; ".join(f"{a}–{b} r = {corr.loc[a, b]:.2f}" for i, a in enumerate(traces) for b in traces[i + 1:])
    return (f"Diagram of five steps joined by arrows, three in the top row and two below. 1, scanner: a ring-shaped MRI "
            f"scanner with a person lying inside; it takes a picture of the whole brain every {tr:g} seconds. "
            f"2, volumes over time: a stack of {len(time)} three-dimensional pictures (volumes), the front one "
            f"divided into a grid of voxels, each holding a BOLD value. 3, regions of an atlas: a brain "
            f"outline seen from the side with {len(labels)} coloured dots, one per region; the voxels inside "
            f"each region are averaged. 4, one signal per region: wiggly lines for {', '.join(traces)} over "
            f"the first two minutes, a region-by-time table of {len(labels)} regions by {len(time)} time "
            f"points. 5, correlation matrix: a {len(labels)} by {len(labels)} grid of coloured squares, red "
            f"positive and blue negative, the correlation of every pair of regions, which is functional "
            f"connectivity ({pairs}). Simulated data.")


#: The overlay figure's regions: a DMN hub, a second DMN region, a task-positive region.
OVERLAY_REGIONS = ("mPFC", "PCC", "DLPFC_R")


def plot_signals_together(timeseries: pd.DataFrame | None = None, regions=OVERLAY_REGIONS):
    """Two overlaid panels: two DMN signals that move together, and a DMN and a task-positive one.

    ``regions`` are (DMN region, second DMN region, task-positive region); each signal is
    z-scored so that the two lines of a panel share one scale. The legend gives each pair's r.
    """
    timeseries = example_timeseries() if timeseries is None else timeseries
    seed, partner, other = regions
    time = np.asarray(timeseries.index, dtype=float)
    z = (timeseries - timeseries.mean()) / timeseries.std()
    corr = timeseries[list(regions)].corr()
    figure = plotting.new_figure(7.5, 3.9)
    top = figure.add_axes([0.09, 0.58, 0.88, 0.34])
    bottom = figure.add_axes([0.09, 0.13, 0.88, 0.34], sharex=top)
    dmn_colour = NETWORK_COLOURS["DMN"]
    for ax, second, title in ((top, partner, "two DMN regions"), (bottom, other, "a DMN and a task-positive region")):
        ax.plot(time, z[seed], color=dmn_colour, linewidth=1.3, label=seed)
        ax.plot(time, z[second], color=dmn_colour if second == partner else NETWORK_COLOURS[NODE_NETWORK[second]],
                linewidth=1.1, linestyle="--" if second == partner else "-", label=second)
        ax.set_title(f"{title}: {seed} and {second}, r = {corr.loc[seed, second]:.2f}", fontsize=9.5, loc="left")
        ax.set_ylabel("signal (z)", fontsize=8.5)
        ax.axhline(0, color="0.6", linewidth=0.5)
        ax.legend(loc="upper right", ncol=2, fontsize=8, frameon=False)
        plotting.tidy_axes(ax, labelsize=8)
    bottom.set_xlabel("time (s)", fontsize=8.5)
    bottom.set_xlim(time[0], time[-1])
    plotting.set_alt_text(figure, describe_signals_together(timeseries, regions))
    return figure


def describe_signals_together(timeseries: pd.DataFrame, regions=OVERLAY_REGIONS) -> str:
    """Alt text of :func:`plot_signals_together`, with the two correlations."""
    seed, partner, other = regions
    corr = timeseries[list(regions)].corr()
    minutes = (timeseries.index[-1] - timeseries.index[0]) / 60
    together = "rise and fall largely together" if corr.loc[seed, partner] > 0.3 else "move together only weakly"
    against = ("tend to move in opposite directions" if corr.loc[seed, other] < -0.1
               else "barely move against each other")
    return (f"Two panels over {minutes:.0f} minutes, each with two signals drawn on top of each other "
            f"(z-scores, simulated data). Top: the {seed} (solid blue) and the {partner} (dashed blue), "
            f"both DMN regions, {together}, r = {corr.loc[seed, partner]:.2f}. Bottom: the "
            f"{seed} (blue) and the {other} ({plotting.NETWORK_COLOURS_NAMES[NODE_NETWORK[other]]}, a "
            f"task-positive region) {against}, r = {corr.loc[seed, other]:.2f}.")


# --- the DMN on real anatomy (REAL: MNI152 template; HCP group connectivity on conte69) -----------
#: Sagittal slices (x, mm) of :func:`plot_nodes_on_anatomy`; each node is drawn on the nearest one.
ANATOMY_SLICES = (-44, -24, 0, 24, 44)
#: Where a node's label sits next to its dot (points), so that close neighbours stay readable.
_LABEL_OFFSETS = {"HIPP_L": (-30, -11), "HIPP_R": (-30, -11), "AMY_L": (4, 4), "AMY_R": (4, 4),
                  "PCC": (-24, -10), "PCUN": (-26, 4), "sgACC": (-8, -12), "mPFC": (4, -3), "dACC": (4, 3),
                  "AG_L": (-22, -10), "AG_R": (-22, -10), "PPC_L": (-4, 5), "PPC_R": (-4, 5)}


def _nearest_slice(x: float) -> int:
    return min(ANATOMY_SLICES, key=lambda cut: abs(cut - x))


def plot_nodes_on_anatomy(nodes: pd.DataFrame | None = None, phone: bool = False):
    """The course's nodes on real anatomy: five sagittal slices of the MNI152 template (nilearn, offline),
    each node drawn on the slice nearest to it, coloured by network.

    ``phone``: the slices in two columns (each as wide as in the row of five), the picture the book offers
    a narrow screen (``figure.phone_figure``).
    """
    from nilearn import datasets
    from nilearn import plotting as nilearn_plotting

    nodes = load_nodes() if nodes is None else nodes.set_index("label", drop=False)
    template = datasets.load_mni152_template(resolution=1)
    options = {"display_mode": "x", "draw_cross": False, "annotate": True, "colorbar": False, "black_bg": False,
               "dim": -0.3}
    if not phone:
        figure = plotting.new_figure(9.0, 2.5)
        display = nilearn_plotting.plot_anat(template, cut_coords=ANATOMY_SLICES, figure=figure, **options)
        _mark_nodes(display, nodes)
        plotting.network_legend(figure, loc="lower center", bbox_to_anchor=(0.5, -0.02))
        figure.phone_figure = lambda: plot_nodes_on_anatomy(nodes, phone=True)
    else:
        from ..course.narrowlayout import NARROW_WIDTH

        rows = (len(ANATOMY_SLICES) + 1) // 2
        figure = plotting.new_figure(NARROW_WIDTH, 1.85 * rows + 0.5)
        for index, cut in enumerate(ANATOMY_SLICES):
            row, column = divmod(index, 2)
            ax = figure.add_axes([0.5 * column, 1 - (row + 1) * 1.85 / (1.85 * rows + 0.5), 0.5,
                                  1.85 / (1.85 * rows + 0.5)])
            _mark_nodes(nilearn_plotting.plot_anat(template, cut_coords=[cut], axes=ax, figure=figure, **options),
                        nodes)
        plotting.network_legend(figure, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2)
    plotting.set_alt_text(figure, describe_nodes_on_anatomy(nodes))
    return figure


def _mark_nodes(display, nodes: pd.DataFrame) -> None:
    """Each node as a dot on the slice of ``display`` nearest to it, with its label."""
    from matplotlib import patheffects

    outline = [patheffects.withStroke(linewidth=2.0, foreground="black")]
    for cut, cut_axes in display.axes.items():
        on_slice = nodes[[_nearest_slice(x) == int(cut) for x in nodes["x"]]]
        cut_axes.ax.scatter(on_slice["y"], on_slice["z"], s=42, zorder=5, edgecolors="white", linewidths=1.0,
                            c=[NETWORK_COLOURS[network] for network in on_slice["network"]])
        for _, row in on_slice.iterrows():
            cut_axes.ax.annotate(row.label, (row.y, row.z), xytext=_LABEL_OFFSETS.get(row.label, (4, 4)),
                                 textcoords="offset points", fontsize=7, color="white", zorder=6,
                                 path_effects=outline)


def describe_nodes_on_anatomy(nodes: pd.DataFrame) -> str:
    """Alt text of :func:`plot_nodes_on_anatomy`: which nodes lie on which slice, by network colour."""
    parts = []
    for cut in ANATOMY_SLICES:
        on_slice = nodes[[_nearest_slice(x) == cut for x in nodes["x"]]]
        listed = ", ".join(f"{row.label} ({plotting.NETWORK_COLOURS_NAMES[row.network]})"
                           for _, row in on_slice.iterrows())
        side = "midline" if cut == 0 else f"{abs(cut)} mm {'left' if cut < 0 else 'right'} of the midline"
        parts.append(f"x = {cut} ({side}): {listed}")
    return (f"Five grey-and-white sagittal slices of a real brain (the MNI152 template), seen from the side with "
            f"the front to the right, with the course's {len(nodes)} nodes as coloured dots on the nearest slice. "
            + "; ".join(parts) + ". The DMN dots sit on the inner (medial) wall at the front and back, on the "
            "outer parietal cortex and deep in the temporal lobes.")


def describe_cortex_seed_map(seed: str = "PCC") -> str:
    """Alt text of one real seed map (:func:`plot_cortex_seed_map`, a state of :func:`cortex_seed_explorer`)."""
    summary = cortex_seed_summary(seed)
    ranked = sorted(summary["by_network"].items(), key=lambda item: -item[1])
    (top, top_r), (low, low_r) = ranked[0], ranked[-1]
    blue = "almost no blue" if summary["lowest"] > -0.1 else "some blue"
    return (f"Four views of a real cortex (left outside and inside, right inside and outside), 400 parcels "
            f"coloured by their correlation with the {summary['name']} seed in the HCP group average (red "
            f"positive, white zero, blue negative); a black line outlines the default mode network. Mean r "
            f"{summary['inside']:.2f} inside the outline, {summary['outside']:.2f} outside; "
            f"{summary['top_default']:.0%} of the {CORTEX_TOP_PARCELS} most connected parcels lie inside it (it "
            f"holds {summary['default_share']:.0%} of all parcels). Highest in the {top} network (r = {top_r:.2f}), "
            f"lowest in the {low} network (r = {low_r:.2f}); lowest parcel r = {round(summary['lowest'], 2) + 0.0:.2f}, {blue}. "
            f"REAL data.")


def plot_cortex_seed_map(seed: str = "PCC", phone: bool = False):
    """A real seed map (HCP group connectivity, :func:`cortex_seed_map`) on the conte69 cortex, four views,
    the Schaefer default mode network outlined in black.

    ``phone``: laid out for a phone (:func:`dmnlab.shared.cortex.phone_layout`): two views a row, the colour bar under them.
    """
    from ..datasets.hcpgroup import parcel_values_on_surface
    from ..shared.cortex import network_mask, phone_layout, plot_cortex

    summary = cortex_seed_summary(seed)
    figure = plot_cortex(parcel_values_on_surface(cortex_seed_map(seed).to_numpy()), describe_cortex_seed_map(seed),
                         title=(f"Seed: {summary['name']}. Mean r {summary['inside']:.2f} inside the outline, "
                                f"{summary['outside']:.2f} outside"),
                         vmin=-0.6, vmax=0.6, outline=network_mask("Default"), colorbar_label="r with seed")
    return phone_layout(figure) if phone else figure


#: Resolution of the pictures the cortex seed explorer shows (drawn once per seed, then reused).
_CORTEX_DPI = 180
_cortex_pictures: dict = {}
_cortex_lock = threading.Lock()


def _cortex_picture(seed: str, phone: bool = False) -> np.ndarray:
    """The seed map as an RGB array (a surface takes seconds to draw: each seed is drawn once, under a
    lock, so a seed being drawn in the background is waited for, not drawn twice, and kept on disk by
    :func:`dmnlab.shared.cortex.drawn_once`, so a new kernel reads it back in milliseconds).

    ``phone``: the phone's layout (:func:`dmnlab.shared.cortex.phone_layout`), for the book's narrow pictures.
    """
    from ..shared.cortex import drawn_once

    def draw() -> np.ndarray:
        figure = plot_cortex_seed_map(seed, phone=phone)
        figure.set_dpi(_CORTEX_DPI)
        figure.canvas.draw()
        return np.asarray(figure.canvas.buffer_rgba())[..., :3].copy()

    key = (seed, phone)
    with _cortex_lock:
        if key not in _cortex_pictures:
            _cortex_pictures[key] = drawn_once(f"seed-map-{seed}{'-phone' if phone else ''}-{_CORTEX_DPI}dpi", draw)
        return _cortex_pictures[key]


class _PhonePicture:
    """The cortex seed explorer's narrow layout (``with layout:``, as
    :class:`~dmnlab.course.plotting.NarrowLayout`): its one picture swapped for the phone's picture of
    the same seed (:func:`dmnlab.shared.cortex.phone_layout`), the figure that picture's shape; the wide one back after."""

    def __init__(self, explorer, image):
        self.explorer, self.image = explorer, image
        self._saved = None

    def __enter__(self):
        figure, image = self.explorer.figure, self.image
        ax = image.axes
        self._saved = (figure.get_size_inches().copy(), image.get_array(), image.get_extent(),
                       ax.get_xlim(), ax.get_ylim())
        picture = _cortex_picture(self.explorer.values["seed"], phone=True)
        height, width = picture.shape[:2]
        figure.set_size_inches(plotting.NARROW_WIDTH, plotting.NARROW_WIDTH * height / width, forward=False)
        image.set_data(picture)
        image.set_extent((-0.5, width - 0.5, height - 0.5, -0.5))
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_ylim(height - 0.5, -0.5)
        return self

    def __exit__(self, *exc):
        size, array, extent, xlim, ylim = self._saved
        ax = self.image.axes
        self.explorer.figure.set_size_inches(*size, forward=False)
        self.image.set_data(array)
        self.image.set_extent(extent)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)


def cortex_seed_explorer(seeds=tuple(CORTEX_SEEDS)) -> Explorer:
    """Widget: a seed region's REAL seed map on the cortex (HCP group connectivity), with the default mode
    network outlined. Each seed's picture is drawn once (a few seconds) and reused.

    The returned explorer's ``image`` is the picture's artist.
    """
    from ..datasets.hcpgroup import REAL_LABEL

    figure = plotting.new_figure(9.0, 2.6)
    ax = figure.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    image = ax.imshow(_cortex_picture(seeds[0]), interpolation="antialiased")

    def update(seed):
        image.set_data(_cortex_picture(seed))

    control = Control("seed", "Seed region", [(CORTEX_SEEDS[seed], seed) for seed in seeds], value=seeds[0])
    explorer = Explorer(figure, update, [control], describe_cortex_seed_map, dynamic_artists=[image],
                        title="Seed maps on a real cortex",
                        note=f"{REAL_LABEL}; Schaefer 400 parcels; black line: the default mode network.")
    explorer.image = image
    explorer.narrow_layout = _PhonePicture(explorer, image)     # the book's phone pictures
    if not static_mode():
        # Live in a notebook: draw the other seeds while the learner reads, so a change of seed is a
        # swap of pictures (tens of ms) instead of a 2–3 s drawing.
        threading.Thread(target=lambda: [_cortex_picture(seed) for seed in seeds[1:]], daemon=True,
                         name="cortex-seed-pictures").start()
    return explorer

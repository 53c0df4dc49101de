"""Chapter 1's widgets: the region explorer and the seed-connectivity explorers (simulated and real)."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer
from ..datasets.loaders import load_nodes
from ..study.nodes import NETWORK_COLOURS, NODE_LABELS, node_colours
from ..study.protocol import SIMULATED_NOTE
from ._measures import example_timeseries

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
    bar_ax = figure.add_axes([0.08, 0.12, 0.9, 0.28])
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

"""Chapter 1 — Anatomy of the default mode network.

Widgets (live in Jupyter, precomputed in the book):

- :func:`region_explorer` — pick a region; it lights up on the glass brain and
  its network, coordinates and role are shown.
- :func:`seed_explorer` — pick a seed region and a threshold; the seed's
  connections above the threshold are drawn on the brain and in a bar chart.

Exercise checkers: :func:`check_correlation_matrix`, :func:`check_seed_map`,
:func:`check_dmn_members`.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer
from .datasets.loaders import load_nodes
from .study.nodes import DMN_NODES, NETWORK_COLOURS, NODE_LABELS, NODE_NETWORK, node_colours

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real patients)."

#: Seeds offered by the seed explorer: DMN hubs, and one node of each other network.
SEED_CHOICES = ("PCC", "mPFC", "PCUN", "AG_L", "HIPP_L", "AINS_R", "DLPFC_R", "AMY_L", "sgACC")
#: Thresholds (|r|) offered by the seed explorer.
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def example_timeseries() -> pd.DataFrame:
    """Resting-state time series of the first healthy control in the cohort (SIMULATED).

    Returns a table with one column per region and one row per volume
    (index: time in s).
    """
    from .datasets.loaders import load_timeseries, participant_ids

    return load_timeseries(participant_ids("control")[0], session="baseline", task="rest")


# --- region explorer ----------------------------------------------------------------
def region_explorer(nodes: pd.DataFrame | None = None) -> Explorer:
    """Widget: choose a region and see where it is, which network it belongs to and its role."""
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
    return Explorer(figure, update, [control], describe,
                    dynamic_artists=[*brain.animated_artists(), info],
                    title="Region explorer")


# --- seed connectivity explorer ------------------------------------------------------
def seed_explorer(timeseries: pd.DataFrame | None = None, nodes: pd.DataFrame | None = None,
                  seeds=SEED_CHOICES, thresholds=THRESHOLDS) -> Explorer:
    """Widget: a seed region's connections above a threshold, on the brain and as bars.

    Parameters
    ----------
    timeseries
        Region-by-time table (default: :func:`example_timeseries`, simulated).
    """
    timeseries = example_timeseries() if timeseries is None else timeseries
    return _seed_explorer({"simulated": timeseries}, nodes, seeds, thresholds,
                          title="Seed connectivity explorer", note=SIMULATED_NOTE)


#: Seeds offered by the real-brain explorer (fewer, to keep the static page light).
REAL_SEED_CHOICES = ("PCC", "mPFC", "AG_L", "HIPP_L", "DLPFC_R")
def real_seed_explorer(nodes: pd.DataFrame | None = None) -> Explorer:
    """Widget: the seed map of a real HCP subject or of the simulated participant.

    Data (7 real subjects, 1 simulated) × seed → the seed's connections with |r| > 0.3 on the
    glass brain and as bars. Real data: Human Connectome Project (see
    :data:`dmnlab.datasets.hcp.HCP_ACKNOWLEDGEMENT`).
    """
    from .datasets.hcp import REAL_LABEL, brain_sources

    return _seed_explorer(brain_sources(), nodes, REAL_SEED_CHOICES, (0.3,),
                          title="Seed maps in real and simulated brains",
                          note=f"{REAL_LABEL}. The last option is simulated.")


def _seed_explorer(sources: dict, nodes, seeds, thresholds, title: str, note: str) -> Explorer:
    title_text = title
    """The seed explorer over one or more data sources ({label: region-by-time table})."""
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
    for side in ("top", "right"):
        bar_ax.spines[side].set_visible(False)
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
            bar.set_facecolor("#D55E00" if above and value > 0 else "#0072B2" if above else "0.85")
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
    return Explorer(figure, update, controls, describe, dynamic_artists=dynamic, title=title_text, note=note)


# --- exercise checkers -----------------------------------------------------------------
def _reference_matrix(timeseries: pd.DataFrame) -> np.ndarray:
    return np.corrcoef(np.asarray(timeseries, dtype=float).T)


def check_correlation_matrix(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.1: the region-by-region correlation matrix of ``timeseries``."""
    n = timeseries.shape[1]
    matrix = checks.as_matrix(answer, (n, n), "Your correlation matrix")
    if isinstance(matrix, Feedback):
        return matrix
    expected = _reference_matrix(timeseries)
    if np.allclose(matrix, expected, atol=1e-3):
        return checks.right("this is the functional connectivity matrix: each cell is the "
                            "correlation of two regions' signals over time.")
    if np.allclose(matrix, np.cov(np.asarray(timeseries, dtype=float).T), atol=1e-3):
        return checks.wrong("this is the covariance matrix, not the correlation.",
                            "Use np.corrcoef or DataFrame.corr(): correlation divides the "
                            "covariance by both standard deviations.")
    if not np.allclose(np.diag(matrix), 1.0, atol=1e-3):
        return checks.wrong("the diagonal should be 1: every region correlates perfectly with itself.",
                            "Compute a Pearson correlation between regions, not another measure.")
    return checks.wrong("the values differ from the Pearson correlations of these signals.",
                        "Correlate the columns (regions) of the table, using all time points.")


def check_seed_map(answer, timeseries: pd.DataFrame, seed: str = "PCC") -> Feedback:
    """Exercise 1.2: correlation of the seed's signal with each region's (one value per region)."""
    expected = _reference_matrix(timeseries)[list(timeseries.columns).index(seed)]
    if isinstance(answer, pd.DataFrame):
        return checks.wrong("you gave a whole table; the seed map has one value per region.",
                            f"Select the {seed} column of the correlation matrix.")
    if isinstance(answer, pd.Series):
        missing = [label for label in timeseries.columns if label not in answer.index]
        if missing:
            return checks.wrong(f"your Series lacks regions {missing}.",
                                "Keep one entry per region, including the seed itself.")
        answer = answer.reindex(timeseries.columns)
    values = checks.as_matrix(np.atleast_2d(answer) if answer is not None else None,
                              (1, len(expected)), "Your seed map")
    if isinstance(values, Feedback):
        return values
    values = values[0]
    if np.allclose(values, expected, atol=1e-3):
        strongest = pd.Series(expected, index=timeseries.columns).drop(seed).idxmax()
        return checks.right(f"the {seed} correlates most with {strongest}; the positive values "
                            "outline the DMN.")
    if np.allclose(values, -expected, atol=1e-3):
        return checks.wrong("your values have the wrong sign.", "Correlation is symmetric: "
                            "do not subtract it from anything.")
    return checks.wrong(f"these are not the correlations with the {seed}.",
                        f"Take the {seed} row (or column) of the correlation matrix.")


def check_dmn_members(answer, timeseries: pd.DataFrame | None = None) -> Feedback:
    """Exercise 1.3: which regions form the DMN (correlate positively with the PCC)?

    Accepts a list of region labels, with or without the PCC itself.
    """
    labels = checks.as_label_set(answer, "Your list", set(NODE_LABELS))
    if isinstance(labels, Feedback):
        return labels
    expected = set(DMN_NODES)
    labels_with_seed = labels | {"PCC"}
    if labels_with_seed == expected:
        return checks.right(f"the DMN in this course is {sorted(expected)}: the regions whose "
                            "signals rise and fall together with the PCC.")
    extra = sorted(labels_with_seed - expected)
    missing = sorted(expected - labels_with_seed)
    # Say what *this* participant's data show, so the message is true for the learner's data.
    with_pcc = timeseries.corr()["PCC"] if timeseries is not None and "PCC" in timeseries else None

    def r_text(labels):
        if with_pcc is None:
            return ""
        return " (r with the PCC here: " + ", ".join(f"{label} {with_pcc[label]:+.2f}" for label in labels) + ")"

    if any(NODE_NETWORK[label] in ("salience", "central executive") for label in extra):
        return checks.wrong(f"{extra} are not DMN regions{r_text(extra)}.",
                            "Regions with *negative* correlations with the PCC are anticorrelated: "
                            "they belong to the task-positive networks.")
    if any(NODE_NETWORK[label] == "affective" for label in extra):
        return checks.wrong(
            f"{extra} are affective regions{r_text(extra)}: they can correlate with the PCC, but they "
            "are defined by their coupling with each other (amygdalae, sgACC), not with the DMN.",
            "One seed's map mixes networks. Check a candidate against a second DMN seed (e.g. the "
            "mPFC or the angular gyri): DMN regions correlate with all of them.")
    if missing:
        return checks.wrong(
            f"missing {missing}{r_text(missing)}.",
            "The hippocampi couple more weakly with the cortical DMN than its other regions do: a "
            "high threshold on the PCC's map drops them. Compare with a second DMN seed.")
    return checks.wrong(f"not in the DMN: {extra}{r_text(extra)}.",
                        "Sort the PCC's correlations from high to low and compare with a second DMN seed.")


def check_within_dmn(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.4: mean within-DMN connectivity (Fisher-z average of the DMN pairs)."""
    from .methods.connectivity import correlation_matrix, within_network_connectivity

    matrix = correlation_matrix(timeseries)
    expected = within_network_connectivity(matrix, "DMN")
    dmn = [label for label in DMN_NODES if label in matrix.columns]
    block = matrix.loc[dmn, dmn].to_numpy()
    with_diagonal = float(block.mean())
    plain_mean = float(block[np.triu_indices(len(dmn), 1)].mean())
    mistakes = {
        with_diagonal: "You included the diagonal (each region with itself, r = 1): use only "
                       "pairs of different regions.",
    }
    if abs(plain_mean - expected) > 0.005:
        mistakes[plain_mean] = ("You averaged r directly; average on Fisher's z scale "
                                "(np.arctanh, then np.tanh) — or use within_network_connectivity.")
    return checks.check_close(answer, expected, "Mean within-DMN connectivity", 0.005, mistakes)


#: Widgets measured by ``make bench`` (zero-argument factories).
BENCH_WIDGETS = {"region explorer": region_explorer, "seed explorer": seed_explorer,
                 "real seed explorer": real_seed_explorer}


def strongest_dmn_pair(timeseries: pd.DataFrame) -> tuple[str, str]:
    """The pair of DMN nodes with the highest correlation in a region-by-time table."""
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    matrix = timeseries[dmn].corr().to_numpy().copy()
    np.fill_diagonal(matrix, -np.inf)
    i, j = np.unravel_index(np.argmax(matrix), matrix.shape)
    return tuple(sorted((dmn[i], dmn[j])))


def check_strongest_dmn_pair(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.5: which two DMN nodes are most strongly coupled in this (real) brain?

    Accepts two labels in any order (a tuple, list or set).
    """
    labels = checks.as_label_set(answer, "Your pair", set(NODE_LABELS))
    if isinstance(labels, Feedback):
        return labels
    if len(labels) != 2:
        return checks.wrong(f"give exactly two region labels; you gave {len(labels)}.",
                            "For example ('PCUN', 'AG_R').")
    expected = strongest_dmn_pair(timeseries)
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    matrix = timeseries[dmn].corr()
    if set(expected) == labels:
        return checks.right(f"{expected[0]}–{expected[1]} is this brain's strongest DMN pair "
                            f"(r = {matrix.loc[expected[0], expected[1]]:.2f}). In real data the DMN is not "
                            "uniform: some pairs couple far more than others.")
    outside = sorted(label for label in labels if label not in dmn)
    if outside:
        return checks.wrong(f"{outside} are not DMN nodes.", "Look only at the DMN block of the matrix.")
    a, b = sorted(labels)
    return checks.wrong(f"{a}–{b} has r = {matrix.loc[a, b]:.2f}; another DMN pair is stronger.",
                        "Set the diagonal aside (r = 1) and find the largest value in the DMN block.")

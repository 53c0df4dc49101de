"""Chapter 6's figures and widgets, with the alt text that describes them from the data."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer
from ..study.nodes import NETWORK_DESCRIPTIONS, NETWORKS, NODE_LABELS, NODE_NETWORK, NODE_SPECS, node_colours
from ..study.protocol import SESSIONS, SIMULATED_NOTE
from ._measures import (
    COUNTERPARTS,
    GRAPH_GROUPS,
    GRAPH_START_THRESHOLD,
    MATRIX_GROUPS,
    MEASURE_LABELS,
    THRESHOLDS,
    TRIPLE_NETWORK_HYPOTHESES,
    baseline_table,
    design_check,
    group_differences,
    group_graph,
    group_network_matrix,
    group_node_matrix,
    real_graph,
    real_network_matrix,
    threshold_curves,
    triple_network_verdicts,
)

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

#: Short network names for matrix axes.
NETWORK_ABBREVIATIONS = {"DMN": "DMN", "salience": "SAL", "central executive": "CEN", "affective": "AFF"}
#: Short Schaefer network names for matrix axes.
REAL_ABBREVIATIONS = {"Vis": "VIS", "SomMot": "SMN", "DorsAttn": "DAN", "SalVentAttn": "SAL/VAN",
                      "Limbic": "LIM", "Cont": "CONT", "Default": "DEF"}
#: Shorter measure names for figure axes.
SHORT_LABELS = {**MEASURE_LABELS, "dmn_task_positive": "DMN–task-positive", "modularity": "modularity Q",
                "participation": "mean participation", "salience_ce": "salience–central exec.",
                "ce_affective": "central exec.–affective", "within_ce": "within central exec.",
                "dmn_ce": "DMN–central exec."}
#: The network-matrix explorer's groups in words.
GROUP_WORDS = {"depressed": "all patients", "responder": "responders", "non-responder": "non-responders",
               "control": "controls"}
#: The graph explorer's graphs in words.
GRAPH_GROUP_WORDS = {"controls": "controls (baseline)", "patients": "patients (baseline)",
                     "patients, infusion": "patients during the infusion"}


#: Line style of a marked link by the verdict of its claim.
VERDICT_LINES = {"solid": "-", "debated": "--", "overstated": ":"}


def _region_list(network: str) -> str:
    """A network's regions in words, left and right merged: "angular gyrus (L, R)"."""
    names: dict[str, list[str]] = {}
    for spec in NODE_SPECS:
        if spec.network == network:
            base = spec.name.replace(" (left)", "").replace(" (right)", "")
            names.setdefault(base, [])
            if spec.hemisphere in ("L", "R"):
                names[base].append(spec.hemisphere)
    return "\n".join(f"{base} ({', '.join(sides)})" if sides else base for base, sides in names.items())


# =====================================================================================
# Figures
# =====================================================================================
def plot_triple_network():
    """Diagram of the triple-network model (Menon 2011) with the depression hypotheses marked by verdict.

    The DMN, salience and central executive networks (and the course's affective network) as boxes
    listing their regions; the salience network drawn as a switch between the DMN and the central
    executive network (a proposal); numbered links for the hypotheses about depression, each drawn
    in the line style of its evidence-register verdict.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    figure = plotting.new_figure(7.8, 4.8)
    ax = figure.add_axes([0.0, 0.0, 1.0, 1.0])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6.3)
    ax.axis("off")
    boxes = {"salience": (5.0, 5.55, 2.6, 1.2), "DMN": (1.75, 3.35, 3.1, 1.7),
             "central executive": (8.25, 3.35, 3.1, 1.1), "affective": (1.75, 0.85, 3.1, 1.15)}
    titles = {"salience": "Salience network", "DMN": "Default mode network (DMN)",
              "central executive": "Central executive network", "affective": "Affective network"}
    for network, (x, y, width, height) in boxes.items():
        ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
                                    facecolor=palette.NETWORK[network], alpha=0.16, edgecolor="none"))
        ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
                                    facecolor="none", edgecolor=palette.NETWORK[network], linewidth=2))
        ax.text(x, y + height / 2 - 0.12, titles[network], ha="center", va="top", fontsize=9, fontweight="bold")
        ax.text(x, y + height / 2 - 0.42, _region_list(network), ha="center", va="top", fontsize=7.8,
                linespacing=1.15)
    verdicts = triple_network_verdicts()
    style = {number: VERDICT_LINES[verdict] for number, verdict in verdicts.items()}

    def marker(x, y, number):
        ax.text(x, y, str(number), ha="center", va="center", fontsize=8, fontweight="bold",
                bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="black", linewidth=0.8))

    # The proposed switch: the salience network hands control to the DMN or to the central executive network.
    for end, rad in (((2.6, 4.25), 0.15), ((7.4, 3.95), -0.15)):
        ax.add_patch(FancyArrowPatch((5.0, 4.9), end, arrowstyle="-|>", mutation_scale=14, linewidth=1.6,
                                     color=palette.NETWORK["salience"], connectionstyle=f"arc3,rad={rad}"))
    ax.text(5.0, 4.62, "proposed: switches between\nDMN and central executive\n(Menon 2011)", ha="center",
            va="top", fontsize=7.8, style="italic")
    marker(6.55, 4.78, 6)
    # Hypotheses about depression, each a numbered link or a mark inside a network.
    ax.plot([3.35, 6.65], [3.1, 3.1], linestyle=style[3], color=palette.BETWEEN, linewidth=2)
    marker(5.0, 3.1, 3)
    ax.plot([1.0, 1.0, 3.65], [4.3, 5.55, 5.55], linestyle=style[2], color=palette.BETWEEN, linewidth=2)
    marker(2.3, 5.55, 2)
    marker(6.05, 5.95, 1)
    marker(9.6, 2.98, 4)
    ax.plot([1.75, 1.75], [2.45, 1.45], linestyle=style[5], color=palette.BETWEEN, linewidth=2)
    marker(2.05, 1.95, 5)
    # The key: each hypothesis with its verdict, and what the line styles mean.
    key = "\n".join(f"{number}  {text}: {verdicts[number]}" for number, _, text, _ in TRIPLE_NETWORK_HYPOTHESES)
    ax.text(3.75, 1.55, "Hypotheses about depression (evidence verdict)\n" + key, ha="left", va="top", fontsize=7.8,
            linespacing=1.3)
    for i, (verdict, line) in enumerate(VERDICT_LINES.items()):
        ax.plot([3.8 + i * 1.9, 4.3 + i * 1.9], [0.12, 0.12], linestyle=line, color=palette.BETWEEN, linewidth=2)
        ax.text(4.38 + i * 1.9, 0.12, verdict, va="center", fontsize=7.8)
    steps = "; ".join(f"({number}) {text}, {NETWORK_DESCRIPTIONS.get(where[0], where[0]).split(':')[0]}"
                      f"{'' if where[1] in (where[0], 'switch') else ' to ' + where[1]} — verdict: {verdicts[number]}"
                      for number, where, text, _ in TRIPLE_NETWORK_HYPOTHESES)
    regions = "; ".join(f"{titles[n]}: {_region_list(n).replace(chr(10), ', ')}" for n in boxes)
    plotting.set_alt_text(figure, "Diagram of the triple-network model. Four labelled boxes of regions — " + regions +
                          ". Step 1: two orange arrows run from the salience network at the top down to the DMN on "
                          "the left and to the central executive network on the right, labelled as the proposal "
                          "(Menon 2011) that the salience network switches between them. Step 2: numbered marks "
                          "show hypotheses about depression, links drawn solid, dashed or dotted by the evidence "
                          f"verdict of their claim (solid, debated, overstated), and a key lists them: {steps}.")
    figure.phone_figure = lambda: _triple_network_for_a_phone(titles, figure.alt_text)
    return figure


def _triple_network_for_a_phone(titles: dict, alt_text: str):
    """:func:`plot_triple_network` for a phone (the book offers it to narrow screens): the salience network on
    top, the DMN and the central executive network side by side under it, the affective network under the
    DMN, the key under all; the same marks, links and words."""
    import textwrap

    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from ..course.narrowlayout import NARROW_WIDTH

    verdicts = triple_network_verdicts()
    style = {number: VERDICT_LINES[verdict] for number, verdict in verdicts.items()}
    W, line = NARROW_WIDTH, 0.135

    def wrapped(network, width):
        return "\n".join(piece for region in _region_list(network).split("\n") for piece in textwrap.wrap(region, width))

    def title(network, width):
        return "\n".join(textwrap.wrap(titles[network], width))

    half = (W - 0.16 - 0.34) / 2
    spec = {"salience": (0.08, W - 0.16, 60, 60), "DMN": (0.08, half, 27, 22),
            "central executive": (W - 0.08 - half, half, 27, 22), "affective": (0.08, half, 27, 22)}
    texts = {n: (title(n, spec[n][3]), wrapped(n, spec[n][2])) for n in spec}
    tall = {n: 0.14 + 0.16 * (a.count("\n") + 1) + line * (b.count("\n") + 1) + 0.05 for n, (a, b) in texts.items()}
    key = ["Hypotheses about depression (evidence verdict)"] + [
        piece for number, _, text, _ in TRIPLE_NETWORK_HYPOTHESES
        for piece in textwrap.wrap(f"{number}  {text}: {verdicts[number]}", 58, subsequent_indent="    ")]
    band, gap = 0.75, 0.45
    middle = tall["DMN"] = tall["central executive"] = max(tall["DMN"], tall["central executive"])
    height = 0.1 + tall["salience"] + band + middle + gap + tall["affective"] + 0.2 + line * 1.25 * len(key) + 0.35
    figure = plotting.new_figure(W, height)
    ax = figure.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, W)
    ax.set_ylim(0, height)
    ax.axis("off")
    tops = {"salience": height - 0.1}
    tops["DMN"] = tops["central executive"] = tops["salience"] - tall["salience"] - band
    tops["affective"] = tops["DMN"] - middle - gap
    for network, (x, width, _, _) in spec.items():
        top, h = tops[network], tall[network]
        for face, edge in ((palette.NETWORK[network], "none"), ("none", palette.NETWORK[network])):
            ax.add_patch(FancyBboxPatch((x, top - h), width, h, boxstyle="round,pad=0.02", facecolor=face,
                                        alpha=0.16 if face != "none" else None, edgecolor=edge, linewidth=2))
        name, regions = texts[network]
        ax.text(x + width / 2, top - 0.07, name, ha="center", va="top", fontsize=8.5, fontweight="bold")
        ax.text(x + width / 2, top - 0.12 - 0.16 * (name.count("\n") + 1), regions, ha="center", va="top",
                fontsize=7.2, linespacing=1.15)

    def marker(x, y, number):
        ax.text(x, y, str(number), ha="center", va="center", fontsize=8, fontweight="bold", zorder=5,
                bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="black", linewidth=0.8))

    bottom_salience = tops["salience"] - tall["salience"]
    dmn_x, ce_x = spec["DMN"][0] + half * 0.62, spec["central executive"][0] + half * 0.5
    for end_x in (dmn_x, ce_x):          # the proposed switch
        ax.add_patch(FancyArrowPatch((W / 2 + (end_x - W / 2) * 0.25, bottom_salience - 0.03), (end_x, tops["DMN"] + 0.04),
                                     arrowstyle="-|>", mutation_scale=12, linewidth=1.5, color=palette.NETWORK["salience"]))
    ax.text(W / 2, bottom_salience - band / 2 - 0.04, "proposed:\nswitches\n(Menon 2011)", ha="center", va="center",
            fontsize=7, style="italic", bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}, zorder=4)
    marker(ce_x - 0.22, bottom_salience - band * 0.5, 6)
    link_x = spec["DMN"][0] + 0.22          # (2) salience–DMN
    ax.plot([link_x, link_x], [tops["DMN"] + 0.02, bottom_salience - 0.02], linestyle=style[2], color=palette.BETWEEN,
            linewidth=2)
    marker(link_x, bottom_salience - band * 0.5, 2)
    marker(W - 0.25, tops["salience"] - 0.17, 1)
    marker(W - 0.25, tops["central executive"] - tall["central executive"] + 0.15, 4)
    link_y = tops["DMN"] - middle * 0.5       # (3) DMN–central executive
    ax.plot([spec["DMN"][0] + half + 0.02, spec["central executive"][0] - 0.02], [link_y, link_y], linestyle=style[3],
            color=palette.BETWEEN, linewidth=2)
    marker(W / 2, link_y, 3)
    down_x = spec["DMN"][0] + half / 2        # (5) DMN–affective
    ax.plot([down_x, down_x], [tops["DMN"] - tall["DMN"] - 0.02, tops["affective"] + 0.02], linestyle=style[5],
            color=palette.BETWEEN, linewidth=2)
    marker(down_x + 0.25, (tops["DMN"] - tall["DMN"] + tops["affective"]) / 2, 5)
    top = tops["affective"] - tall["affective"] - 0.2
    words = ax.text(0.08, top, "\n".join(key), ha="left", va="top", fontsize=7.2, linespacing=1.25)
    y = words.get_window_extent(figure.canvas.get_renderer()).y0 / figure.dpi - 0.15
    for i, (verdict, dash) in enumerate(VERDICT_LINES.items()):
        x = 0.12 + i * 1.25
        ax.plot([x, x + 0.4], [y, y], linestyle=dash, color=palette.BETWEEN, linewidth=2)
        ax.text(x + 0.47, y, verdict, va="center", fontsize=7.2)
    ax.set_ylim(y - 0.15, height)        # the figure ends under the key (an inch is still an inch)
    figure.set_size_inches(W, height - (y - 0.15))
    plotting.set_alt_text(figure, alt_text)
    return figure


def plot_threshold_curves():
    """Modularity and mean participation against the threshold, both rules, by group."""
    figure = plotting.new_figure(7.6, 5.2)
    descriptions = []
    for column, (rule, label) in enumerate((("absolute", "absolute threshold: keep r above"),
                                            ("proportional", "proportional: share of pairs kept"))):
        curves = threshold_curves(rule)
        for row, (measure, name) in enumerate((("modularity", "modularity Q"),
                                               ("participation", "mean participation"))):
            ax = figure.add_axes([0.09 + column * 0.49, 0.58 - row * 0.45, 0.38, 0.32])
            for offset, (group, colour) in zip((-0.004, 0.004), (("controls", palette.CONTROL),
                                                                 ("patients", palette.PATIENT))):
                ax.errorbar(curves["threshold"] + offset, curves[f"{measure}_{group}"],
                            yerr=curves[f"{measure}_{group}_half"], color=colour, marker="o", markersize=3.5,
                            capsize=2, linewidth=1.4, label=group)
            ax.set_ylim(0, 0.8)
            ax.set_ylabel(name, fontsize=8.5)
            if row == 1:
                ax.set_xlabel(label, fontsize=8.5)
            if row == 0:
                ax.set_title("Absolute threshold" if rule == "absolute" else "Proportional threshold", fontsize=9)
            if row == 0 and column == 0:
                ax.legend(frameon=False, fontsize=8, loc="upper left")
            plotting.tidy_axes(ax, 8)
            values = ", ".join(f"{t:g}: {c:.2f} vs {p:.2f}" for t, c, p in zip(
                curves["threshold"], curves[f"{measure}_controls"], curves[f"{measure}_patients"]))
            descriptions.append(f"{name}, {rule} rule (threshold: controls vs patients) — {values}")
    figure.suptitle("Graph measures depend on the threshold (simulated cohort, baseline, mean and 95% CI)",
                    fontsize=9.5)
    plotting.set_alt_text(figure, "Four line charts with 95% confidence intervals of the mean modularity (top) and mean "
                         "participation coefficient (bottom) of each simulated participant's baseline graph, controls "
                         "in blue and patients in vermillion, against an absolute threshold on r (left) and the share "
                         "of pairs kept by a proportional threshold (right). " + "; ".join(descriptions) + ".")
    return figure


def plot_group_differences():
    """Forest plot: Hedges' g (patients − controls) with 95% CI for every network measure."""
    differences = group_differences()
    design = design_check()
    figure = plotting.new_figure(7.4, 4.8)
    ax = figure.add_axes([0.30, 0.11, 0.66, 0.74])
    positions = np.arange(len(differences))[::-1]
    for y, (measure, row) in zip(positions, differences.iterrows()):
        ax.plot([row.ci_low, row.ci_high], [y, y], color=palette.PATIENT, linewidth=2)
        ax.plot(row.g, y, "o", color=palette.PATIENT, markersize=6)
        ax.plot(design.loc[measure, "g"], y, "D", color="black", markersize=4, markerfacecolor="white")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(positions, [SHORT_LABELS[m] for m in differences.index], fontsize=8)
    ax.set_xlim(-1.1, 1.1)
    ax.set_xlabel("Hedges' g, patients − controls (95% CI)", fontsize=8.5)
    n_patients, n_controls = (int((baseline_table()["group"] == g).sum()) for g in ("depressed", "control"))
    n_large = int(design.attrs.get("n_per_group", 0))
    ax.plot([], [], "o-", color=palette.PATIENT, label=f"course cohort ({n_patients} vs {n_controls}), 95% CI")
    ax.plot([], [], "D", color="black", markerfacecolor="white",
            label=f"fresh cohort, same design ({n_large:,} per group)")
    ax.legend(frameon=False, fontsize=7.5, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    plotting.tidy_axes(ax, 8)
    figure.suptitle("Patients vs controls at baseline, network by network (simulated)", fontsize=9.5, y=0.99)
    text = "; ".join(f"{row.label} g = {row.g:+.2f} [{row.ci_low:+.2f}, {row.ci_high:+.2f}], large cohort "
                     f"{design.loc[measure, 'g']:+.2f}" for measure, row in differences.iterrows())
    plotting.set_alt_text(figure, "Forest plot of Hedges' g, patients minus controls, with 95% confidence intervals, one row "
                         "per network measure of the simulated cohort's baseline scans (vermillion), and as open "
                         f"diamonds the same comparison in a large fresh simulated cohort of the same design: {text}.")
    return figure


def _real_words(blocks) -> str:
    """The real network matrix in words for an alt text: Default's row, the range of the rest."""
    from ..datasets.hcpgroup import NETWORK_NAMES

    default = ", ".join(f"{NETWORK_NAMES[other]} {blocks.loc['Default', other]:+.2f}" for other in blocks.columns
                        if other != "Default")
    values = blocks.to_numpy()
    row, column = np.unravel_index(np.argmax(values), values.shape)
    highest = (f"within the {NETWORK_NAMES[blocks.index[row]]} network" if row == column else
               f"between the {NETWORK_NAMES[blocks.index[row]]} and {NETWORK_NAMES[blocks.columns[column]]} networks")
    return (f"within default mode {blocks.loc['Default', 'Default']:+.2f}; default mode with {default}; every cell "
            f"{'positive' if values.min() > 0 else 'listed'}, from {values.min():+.2f} to {values.max():+.2f}, the "
            f"highest {highest}")


def plot_real_networks():
    """REAL beside SIMULATED: the HCP group's 7-network matrix, the simulated controls' 4-network
    matrix, and both read as graphs (strongest 20% of pairs: modularity and mean participation)."""
    from matplotlib.patches import Rectangle

    from ..methods.graphs import graph_measures
    from ._measures import GRAPH_DENSITY

    order = [COUNTERPARTS[n] for n in COUNTERPARTS if COUNTERPARTS[n]]
    real = real_network_matrix("main")
    real = real.loc[order + [n for n in real.index if n not in order], order + [n for n in real.index if n not in order]]
    simulated = group_network_matrix("control", "baseline")
    figure = plotting.new_figure(9.6, 3.6)
    panels = ((real, [REAL_ABBREVIATIONS[n] for n in real.columns], "REAL: HCP main group, 400 parcels,\n"
               "7 Schaefer networks (mean r)", 0.03),
              (simulated, [NETWORK_ABBREVIATIONS[n] for n in simulated.columns], "SIMULATED: course controls, "
               "17 nodes,\n4 networks (mean r)", 0.375))
    for matrix, names, title, left in panels:
        ax = figure.add_axes([left + 0.045, 0.24, 0.24, 0.62])
        values = matrix.to_numpy()
        image = ax.imshow(values, cmap=palette.DIVERGING_CMAP, vmin=-0.6, vmax=0.6)
        ax.set_xticks(range(len(names)), names, fontsize=7, rotation=60)
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_title(title, fontsize=8.5)
        texts = [[ax.text(j, i, "", ha="center", va="center", fontsize=6.5 if len(names) > 4 else 8)
                  for j in range(len(names))] for i in range(len(names))]
        plotting.label_cells(texts, image, [[f"{v:.2f}" for v in row] for row in values])
        ax.add_patch(Rectangle((-0.5, -0.5), len(order), len(order), fill=False, edgecolor="black", linewidth=1.6))
    figure.text(0.01, 0.015, "Outlined: the networks with a counterpart (DMN ↔ DEF default mode, SAL ↔ SAL/VAN "
                "salience / ventral attention, CEN ↔ CONT frontoparietal control).\nNo counterpart: the course's "
                "affective network (AFF); the real visual, somatomotor, dorsal attention and limbic networks.",
                fontsize=7)
    bar = figure.colorbar(image, cax=figure.add_axes([0.665, 0.24, 0.008, 0.62]))
    bar.ax.tick_params(labelsize=7)
    graphs = {"HCP main": real_graph("main"), "HCP hold-out": real_graph("holdout"),
              "simulated controls": graph_measures(group_node_matrix("control", "baseline"), GRAPH_DENSITY,
                                                   "proportional")}
    ax = figure.add_axes([0.76, 0.24, 0.23, 0.6])
    width = 0.26
    for k, ((name, graph), colour) in enumerate(zip(graphs.items(), palette.CATEGORIES[2:5])):
        heights = [graph["modularity"], graph["participation"]]
        positions = np.arange(2) + (k - 1) * width
        ax.bar(positions, heights, width, color=colour, label=name)
        for x, h in zip(positions, heights):
            ax.text(x, h + 0.015, f"{h:.2f}", ha="center", va="bottom", fontsize=6.5)
    ax.set_xticks(range(2), ["modularity Q", "mean\nparticipation"], fontsize=7.5)
    ax.set_ylim(0, 0.75)
    ax.set_title(f"As graphs (strongest {100 * GRAPH_DENSITY:.0f}%\nof pairs, networks as partition)", fontsize=8.5)
    ax.legend(frameon=False, fontsize=6.5, loc="upper left")
    plotting.tidy_axes(ax, 7)
    sim = simulated
    plotting.set_alt_text(figure, (
        "Three panels comparing real and simulated network structure. Left: a 7 by 7 heat map of the REAL Human "
        "Connectome Project main group's mean connectivity between the 7 Schaefer networks (400 parcels), red for "
        "positive, with default mode, salience / ventral attention and frontoparietal control first and outlined "
        f"(the counterparts of the course's DMN, salience and central executive networks): {_real_words(real)}; "
        "no cell is blue, because the real matrix has no negative mean "
        "correlations (no global signal regression). Middle: the same kind of heat map, 4 by 4, for the SIMULATED "
        "course controls, the DMN, salience and central executive networks outlined and the affective network, "
        f"which has no real counterpart, last: within DMN {sim.loc['DMN', 'DMN']:+.2f}, DMN–salience {sim.loc['DMN', 'salience']:+.2f} "
        f"and DMN–central executive {sim.loc['DMN', 'central executive']:+.2f} in blue (anticorrelated), "
        f"salience–central executive {sim.loc['salience', 'central executive']:+.2f}. Right: bars of modularity and "
        f"mean participation at the strongest {100 * GRAPH_DENSITY:.0f}% of pairs: " + "; ".join(
            f"{name} Q {graph['modularity']:.2f}, participation {graph['participation']:.2f}"
            for name, graph in graphs.items()) + ". The two real groups agree closely; "
        + ("the simulated graph keeps every strong edge inside its network." if graphs["simulated controls"][
            "participation"] == 0 else "the simulated graph keeps more of its strong edges inside its networks.")))
    return figure


# =====================================================================================
# Widgets
# =====================================================================================
def _matrix_state(group: str, session: str) -> tuple[np.ndarray, np.ndarray, str]:
    """(matrix, difference from controls, session actually shown) for a widget state."""
    shown = "baseline" if group == "control" else session
    matrix = group_network_matrix(group, shown).to_numpy()
    return matrix, matrix - group_network_matrix("control", "baseline").to_numpy(), shown


def _describe_matrix(group: str, session: str) -> str:
    matrix, difference, shown = _matrix_state(group, session)
    words = GROUP_WORDS[group]
    note = (f" Controls have no {session} scan (they were scanned at baseline only), so their baseline is shown; "
            "the difference is zero." if group == "control" and session != "baseline" else "")
    cells = [(0, 0, "within DMN"), (2, 2, "within central executive"), (0, 1, "DMN–salience"),
             (0, 2, "DMN–central executive"), (1, 2, "salience–central executive")]
    listed = "; ".join(f"{name} {matrix[i, j]:+.2f} ({difference[i, j]:+.3f})" for i, j, name in cells)
    return (f"Two 4 by 4 network matrices, simulated data. Left: mean connectivity of the {words} at the {shown} "
            f"session (DMN, salience, central executive, affective; red positive, blue negative). Right: the "
            f"difference from the controls' baseline. {listed}.{note}")


class _MatrixPanels:
    """Two 4 × 4 heat maps with their cell labels: a group's matrix and its difference from controls.

    ``images`` (the group's matrix, the difference) and ``title`` are the artists a widget changes.
    """

    def __init__(self, figure):
        names = [NETWORK_ABBREVIATIONS[n] for n in NETWORKS]
        axes = [figure.add_axes([0.06, 0.14, 0.34, 0.68]), figure.add_axes([0.55, 0.14, 0.34, 0.68])]
        self.images, self.texts = [], []
        for ax, title, vmax in zip(axes, ("mean connectivity (r)", "difference from controls' baseline"), (0.6, 0.1)):
            image = ax.imshow(np.zeros((4, 4)), cmap=palette.DIVERGING_CMAP, vmin=-vmax, vmax=vmax)
            self.images.append(image)
            ax.set_xticks(range(4), names, fontsize=8)
            ax.set_yticks(range(4), names, fontsize=8)
            ax.set_title(title, fontsize=8.5)
            figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=7)
            self.texts.append([[ax.text(j, i, "", ha="center", va="center", fontsize=7.5) for j in range(4)]
                               for i in range(4)])
        self.title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)

    def show(self, group: str, session: str) -> None:
        matrix, difference, shown = _matrix_state(group, session)
        self.images[0].set_data(matrix)
        self.images[1].set_data(difference)
        plotting.label_cells(self.texts[0], self.images[0], [[f"{v:+.2f}" for v in row] for row in matrix])
        plotting.label_cells(self.texts[1], self.images[1], [[f"{v:+.3f}" for v in row] for row in difference])
        if group == "control" and session != "baseline":
            # Controls were scanned once; say which session was asked for, so every state is distinct.
            self.title.set_text(f"Controls have no {session} scan (scanned at baseline only): their baseline — simulated")
        else:
            self.title.set_text(f"{GROUP_WORDS[group].capitalize()}, {shown} — simulated")

    def artists(self) -> list:
        return [*self.images, *[t for block in self.texts for row in block for t in row], self.title]


def network_matrix_explorer() -> Explorer:
    """Widget: group × session → the 4 × 4 network matrix and its difference from controls.

    The explorer's ``panel`` holds the artists (``panel.images``: the matrix and the difference).
    """
    for group in dict(MATRIX_GROUPS).values():  # every state computed once, up front: moves stay fast
        for session in SESSIONS:
            _matrix_state(group, session)
    figure = plotting.new_figure(7.6, 3.6)
    panel = _MatrixPanels(figure)
    controls = [Control("group", "Group", list(MATRIX_GROUPS), value="depressed"),
                Control("session", "Session", list(SESSIONS), value="baseline", kind="slider")]
    explorer = Explorer(figure, panel.show, controls, _describe_matrix, dynamic_artists=panel.artists(),
                        title="Network-by-network connectivity",
                        note=SIMULATED_NOTE + " Patients were scanned at five sessions, controls once.")
    explorer.panel = panel
    return explorer


def _edge_style(kept: np.ndarray, pairs) -> tuple[list, np.ndarray]:
    """Colours (the network's own for within-network edges, dark grey between) and widths."""
    from matplotlib.colors import to_rgba

    colours, widths = [], []
    for i, j in pairs:
        weight = kept[i, j]
        a, b = NODE_NETWORK[NODE_LABELS[i]], NODE_NETWORK[NODE_LABELS[j]]
        colour = palette.NETWORK[a] if a == b else palette.BETWEEN
        colours.append(to_rgba(colour, 0.85 if weight > 0 else 0.0))
        widths.append(0.6 + 3.0 * min(weight, 0.7) if weight > 0 else 0.0)
    return colours, np.array(widths)


def _describe_graph(group, threshold) -> str:
    state = group_graph(group, threshold)
    measures = state["measures"]
    kept = state["kept"]
    n = len(NODE_LABELS)
    within = sum(1 for i in range(n) for j in range(i + 1, n)
                 if kept[i, j] > 0 and NODE_NETWORK[NODE_LABELS[i]] == NODE_NETWORK[NODE_LABELS[j]])
    top = sorted(state["participation"].items(), key=lambda item: -item[1])[:3]
    q = "undefined (no edges)" if np.isnan(measures["modularity"]) else f"{measures['modularity']:.2f}"
    highest = ("every node 0.00: no edge leaves its network" if top[0][1] == 0
               else "highest: " + ", ".join(f"{label} {value:.2f}" for label, value in top))
    return (f"Glass brain of the {GRAPH_GROUP_WORDS[group]} group graph, simulated data: edges are node pairs whose "
            f"group-average r is above {threshold:.1f}; {measures['n_edges']} of 136 pairs ({within} inside a network, "
            f"coloured by network; {measures['n_edges'] - within} between networks, dark grey). Modularity Q with the "
            f"course's four networks = {q}; mean participation coefficient = {measures['participation']:.2f}. Node size "
            f"and the bars below show each node's participation; {highest}.")


class _GraphPanels:
    """A group graph on a glass brain, with each node's participation as bars and a readout.

    ``brain`` (its ``edge_artists``: one line collection per view), ``bars``, ``readout`` and
    ``title`` are the artists a widget changes.
    """

    def __init__(self, figure, nodes):
        brain_ax = figure.add_axes([0.0, 0.42, 1.0, 0.50])
        self.brain = plotting.GlassBrain(nodes.loc[list(NODE_LABELS), ["x", "y", "z"]].to_numpy(), node_colours(),
                                         ax=brain_ax)
        bar_ax = figure.add_axes([0.08, 0.12, 0.60, 0.25])
        self.bars = bar_ax.bar(range(len(NODE_LABELS)), np.zeros(len(NODE_LABELS)), color=node_colours(),
                               edgecolor="black", linewidth=0.4)
        bar_ax.set_xticks(range(len(NODE_LABELS)), NODE_LABELS, rotation=60, fontsize=7.5)
        plotting.colour_node_labels(bar_ax.get_xticklabels())
        bar_ax.set_ylim(0, 0.8)
        bar_ax.set_ylabel("participation", fontsize=8)
        plotting.tidy_axes(bar_ax, 8)
        # Said in the panel when every bar is 0 (no edge leaves its network), so it is not a blank chart.
        self.no_bars = bar_ax.text(0.5, 0.55, "", transform=bar_ax.transAxes, ha="center", va="center",
                                   fontsize=8.5)
        self.readout = figure.text(0.72, 0.33, "", fontsize=9, va="top", ha="left")
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, group: str, threshold: float) -> None:
        state = group_graph(group, threshold)
        colours, widths = _edge_style(state["kept"], self.brain.pairs)
        for artist in self.brain.edge_artists:
            artist.set_colors(colours)
            artist.set_linewidths(widths)
        participation = np.array([state["participation"][label] for label in NODE_LABELS])
        self.brain.set_nodes(sizes=25 + 300 * participation)
        for bar, value in zip(self.bars, participation):
            bar.set_height(value)
        self.no_bars.set_text("" if participation.any() else
                              f"every participation is 0: no pair with r > {threshold:.1f}\n"
                              "links two networks, so no node reaches outside its own")
        measures = state["measures"]
        q = "—" if np.isnan(measures["modularity"]) else f"{measures['modularity']:.2f}"
        self.readout.set_text(f"edges: {measures['n_edges']} of 136\nmodularity Q: {q}\n"
                              f"mean participation: {measures['participation']:.2f}")
        self.title.set_text(f"{GRAPH_GROUP_WORDS[group].capitalize()}: pairs with r > {threshold:.1f} "
                            "(network colours inside a network, grey between) — simulated")

    def artists(self) -> list:
        return [*self.brain.animated_artists(), *self.bars, self.no_bars, self.readout, self.title]


def graph_explorer(thresholds=THRESHOLDS) -> Explorer:
    """Widget: group × absolute threshold → the graph on a glass brain, modularity, participation.

    The explorer's ``panel`` holds the artists (``panel.brain.edge_artists``, ``panel.bars``).
    """
    for group_key in GRAPH_GROUPS:  # every state computed once, up front: moves stay fast
        for threshold in thresholds:
            group_graph(group_key, threshold)
    from ..datasets.loaders import load_nodes

    figure = plotting.new_figure(8.0, 5.2)
    panel = _GraphPanels(figure, load_nodes())
    controls = [Control("group", "Graph", [(GRAPH_GROUP_WORDS[key], key) for key in GRAPH_GROUPS], value="controls"),
                Control("threshold", "Keep pairs with r >", list(thresholds), value=GRAPH_START_THRESHOLD,
                        kind="slider")]
    explorer = Explorer(figure, panel.show, controls, _describe_graph, dynamic_artists=panel.artists(),
                        title="The brain as a graph", note=SIMULATED_NOTE + " Group-average correlations.")
    explorer.panel = panel
    return explorer

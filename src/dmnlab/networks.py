"""Chapter 6 — Beyond the DMN: depression as a network disorder.

What the chapter's page and lab use:

* **Data:** :func:`network_table` (each run's network-by-network connectivity and graph
  measures, for every participant and session of the SIMULATED cohort),
  :func:`group_network_matrix` and :func:`group_node_matrix` (group averages on Fisher's z
  scale), :func:`example_timeseries`.
* **Science:** :func:`network_matrix` (a region-by-time table → the 4 × 4 network matrix),
  :func:`compare_groups` and :func:`group_differences` (patients − controls, Hedges' g with its
  interval), :func:`threshold_curves` (how the threshold rule changes modularity and
  participation), :func:`design_check` (the same comparison in a large fresh cohort of the
  same design). Graph methods live in :mod:`dmnlab.methods.graphs`.
* **Figures and widgets:** :func:`plot_threshold_curves`, :func:`plot_group_differences`,
  :func:`network_matrix_explorer`, :func:`graph_explorer`.
* **Checkers** for the lab's exercises (``check_*``), which name the common mistakes.

The cohort is SIMULATED. Its designed differences between patients and controls are small
(see the parameter table on the "About the data" page): within-DMN and within-central-executive
connectivity a little lower, the DMN's anticorrelation with the task-positive networks a little
weaker, DMN–sgACC coupling a little stronger; nothing else is built in. During the infusion,
between-network connectivity rises by design (a modelling choice extrapolated from other
studies, not a measurement).
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer
from .study.nodes import NETWORK_COLOURS, NETWORKS, NODE_LABELS, NODE_NETWORK, node_colours
from .study.protocol import SESSIONS

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real people)."
#: Short network names for matrix axes.
SHORT = {"DMN": "DMN", "salience": "SAL", "central executive": "CEN", "affective": "AFF"}
#: Proportional threshold for each run's graph measures: the strongest 20% of the 136 node
#: pairs. A teaching choice; the page shows how the results move with it.
GRAPH_DENSITY = 0.20
#: Absolute thresholds (r) offered by the graph explorer and used for the threshold curves.
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: Proportional thresholds (share of node pairs kept) for the threshold curves.
DENSITIES = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
CONTROL_COLOUR = "#0072B2"   # Okabe–Ito blue
PATIENT_COLOUR = "#D55E00"   # Okabe–Ito vermillion
BETWEEN_COLOUR = "#444444"   # edges between two networks

#: The network-pair measures of :func:`network_table`: column → (network, network).
PAIR_MEASURES = {
    "within_dmn": ("DMN", "DMN"),
    "within_salience": ("salience", "salience"),
    "within_ce": ("central executive", "central executive"),
    "within_affective": ("affective", "affective"),
    "dmn_salience": ("DMN", "salience"),
    "dmn_ce": ("DMN", "central executive"),
    "dmn_affective": ("DMN", "affective"),
    "salience_ce": ("salience", "central executive"),
    "salience_affective": ("salience", "affective"),
    "ce_affective": ("central executive", "affective"),
}
#: Readable names of every measure of :func:`network_table`.
MEASURE_LABELS = {
    "within_dmn": "within DMN", "within_salience": "within salience",
    "within_ce": "within central executive", "within_affective": "within affective",
    "dmn_salience": "DMN–salience", "dmn_ce": "DMN–central executive",
    "dmn_affective": "DMN–affective", "salience_ce": "salience–central executive",
    "salience_affective": "salience–affective", "ce_affective": "central executive–affective",
    "dmn_task_positive": "DMN–task-positive (salience and central executive)",
    "modularity": "modularity Q (strongest 20% of pairs)",
    "participation": "mean participation (strongest 20% of pairs)",
}
#: Shorter names for figure axes.
SHORT_LABELS = {**MEASURE_LABELS, "dmn_task_positive": "DMN–task-positive", "modularity": "modularity Q",
                "participation": "mean participation", "salience_ce": "salience–central exec.",
                "ce_affective": "central exec.–affective", "within_ce": "within central exec.",
                "dmn_ce": "DMN–central exec."}
#: Groups offered by the network-matrix explorer: label → value.
MATRIX_GROUPS = (("all patients", "depressed"), ("responders at 24 h", "responder"),
                 ("non-responders at 24 h", "non-responder"), ("controls", "control"))
GROUP_WORDS = {"depressed": "all patients", "responder": "responders", "non-responder": "non-responders",
               "control": "controls"}
#: Graphs offered by the graph explorer: key → (group, session).
GRAPH_GROUPS = {"controls": ("control", "baseline"), "patients": ("depressed", "baseline"),
                "patients, infusion": ("depressed", "infusion")}
GRAPH_GROUP_WORDS = {"controls": "controls (baseline)", "patients": "patients (baseline)",
                     "patients, infusion": "patients during the infusion"}


# =====================================================================================
# Data
# =====================================================================================
@lru_cache(maxsize=len(SESSIONS))
def _session_runs(session: str) -> dict:
    """{(participant, session): rest run} of one session (everyone at baseline, else patients)."""
    from .datasets.loaders import load_group_timeseries

    group = None if session == "baseline" else "depressed"
    return {(pid, session): frame for pid, frame in load_group_timeseries(session, group=group).items()}


def _runs(session: str | None = None) -> dict:
    """{(participant, session): rest run} of one session, or of all sessions (``None``)."""
    if session is not None:
        return _session_runs(session)
    runs = {}
    for name in SESSIONS:
        runs.update(_session_runs(name))
    return runs


def example_timeseries() -> pd.DataFrame:
    """The baseline rest run of the cohort's first control (SIMULATED), region by time."""
    from .datasets.loaders import load_timeseries, participant_ids

    return load_timeseries(participant_ids("control")[0])


@lru_cache(maxsize=4)
def _pairs(labels: tuple) -> dict:
    from .methods.connectivity import pair_indices

    return {(a, b): pair_indices(labels, a, b) for a in NETWORKS for b in NETWORKS}


def _ordered(timeseries) -> tuple[np.ndarray, tuple]:
    """The table's values and labels, course nodes in the course's order."""
    if not isinstance(timeseries, pd.DataFrame):
        raise TypeError("Give a region-by-time table (a DataFrame with one column per region).")
    labels = tuple(label for label in NODE_LABELS if label in timeseries.columns)
    if len(labels) < 2:
        raise ValueError("The table has fewer than two of the course's regions as columns.")
    return timeseries[list(labels)].to_numpy(dtype=float), labels


def network_matrix(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Network-by-network connectivity of one run: mean r of the node pairs, Fisher-z averaged.

    The diagonal holds each network's *within* connectivity (pairs of different nodes of that
    network; a node with itself is not a pair), the other cells the mean r between the nodes of
    two networks. DMN–affective includes the DMN–sgACC pairs.

    Parameters
    ----------
    timeseries
        Region-by-time table (one column per node, one row per volume).

    Returns
    -------
    pandas.DataFrame
        4 × 4, symmetric, rows and columns in :data:`~dmnlab.study.nodes.NETWORKS` order.
    """
    from .methods.connectivity import fisher_mean

    values, labels = _ordered(timeseries)
    corr = np.corrcoef(values, rowvar=False)
    matrix = pd.DataFrame(np.nan, index=list(NETWORKS), columns=list(NETWORKS))
    for (a, b), (rows, cols) in _pairs(labels).items():
        if rows.size:
            matrix.loc[a, b] = fisher_mean(corr[rows, cols])
    matrix.index.name = "network"
    return matrix


def _run_measures(frame: pd.DataFrame) -> dict:
    from .methods.connectivity import fisher_mean
    from .methods.graphs import graph_measures

    values, labels = _ordered(frame)
    corr = np.corrcoef(values, rowvar=False)
    pairs = _pairs(labels)
    row = {column: fisher_mean(corr[pairs[a, b][0], pairs[a, b][1]]) for column, (a, b) in PAIR_MEASURES.items()}
    tp = [pairs["DMN", other] for other in ("salience", "central executive")]
    row["dmn_task_positive"] = fisher_mean(np.concatenate([corr[r, c] for r, c in tp]))
    graph = graph_measures(pd.DataFrame(corr, index=labels, columns=labels), GRAPH_DENSITY, "proportional")
    row["modularity"], row["participation"] = graph["modularity"], graph["participation"]
    return row


@lru_cache(maxsize=1)
def network_table() -> pd.DataFrame:
    """One row per run (SIMULATED): everyone at baseline, patients at every ketamine session.

    Columns ``participant_id``, ``group``, ``session``, ``response`` (patients, at 24 h),
    ``medication``, the ten network-pair measures of :data:`PAIR_MEASURES` (mean r, Fisher-z
    averaged), ``dmn_task_positive`` (the DMN's pairs with salience and central-executive nodes
    pooled) and two graph measures of the run's correlation matrix kept at the strongest
    :data:`GRAPH_DENSITY` of pairs (weighted; the course's four networks as the partition):
    ``modularity`` and ``participation`` (mean over nodes).
    """
    from .datasets.loaders import load_participants

    participants = load_participants()
    rows = []
    for (pid, session), frame in _runs().items():
        person = participants.loc[pid]
        row = {"participant_id": pid, "group": str(person["group"]), "session": session,
               "response": str(person["response"]) if person["group"] == "depressed" else "",
               "medication": str(person["medication"])}
        row.update(_run_measures(frame))
        rows.append(row)
    table = pd.DataFrame(rows)
    table["session"] = pd.Categorical(table["session"], categories=list(SESSIONS), ordered=True)
    table = table.sort_values(["session", "participant_id"]).reset_index(drop=True)
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def baseline_table() -> pd.DataFrame:
    """The baseline rows of :func:`network_table`: one per participant, patients and controls."""
    table = network_table()
    return table[table["session"] == "baseline"].reset_index(drop=True)


def _members(group: str, session: str) -> list[str]:
    from .datasets.loaders import load_participants

    participants = load_participants()
    if group == "control":
        if session != "baseline":
            raise checks_error("Controls were scanned at baseline only.")
        chosen = participants["group"] == "control"
    elif group == "depressed":
        chosen = participants["group"] == "depressed"
    elif group in ("responder", "non-responder"):
        chosen = (participants["group"] == "depressed") & (participants["response"] == group)
    else:
        raise checks_error(f"Unknown group {group!r}; choose one of {[value for _, value in MATRIX_GROUPS]}.")
    if session not in SESSIONS:
        raise checks_error(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    return list(participants.index[chosen])


def checks_error(message: str) -> Exception:
    from .course.errors import CourseInputError

    return CourseInputError(message)


@lru_cache(maxsize=32)
def group_network_matrix(group: str = "control", session: str = "baseline") -> pd.DataFrame:
    """A group's 4 × 4 network matrix: each run's matrix averaged on Fisher's z scale.

    ``group``: "control" (baseline only), "depressed", "responder" or "non-responder".
    """
    runs = _runs(session)
    z = [np.arctanh(np.clip(network_matrix(runs[(pid, session)]).to_numpy(), -0.999999, 0.999999))
         for pid in _members(group, session)]
    return pd.DataFrame(np.tanh(np.mean(z, axis=0)), index=list(NETWORKS), columns=list(NETWORKS))


@lru_cache(maxsize=8)
def group_node_matrix(group: str = "control", session: str = "baseline") -> pd.DataFrame:
    """A group's 17 × 17 node matrix: each run's correlations averaged on Fisher's z scale."""
    from .methods.connectivity import group_correlation_matrix

    runs = _runs(session)
    return group_correlation_matrix(runs[(pid, session)] for pid in _members(group, session))


# =====================================================================================
# Science
# =====================================================================================
def _split(table: pd.DataFrame, measure: str) -> tuple[pd.Series, pd.Series]:
    if measure not in table.columns:
        raise checks_error(f"Unknown measure {measure!r}; choose one of {list(MEASURE_LABELS)}.")
    baseline = table[table["session"] == "baseline"]
    return (baseline.loc[baseline["group"] == "depressed", measure],
            baseline.loc[baseline["group"] == "control", measure])


def compare_groups(measure: str = "dmn_task_positive", table: pd.DataFrame | None = None,
                   n_permutations: int = 10_000) -> dict:
    """Patients minus controls at baseline on one measure (SIMULATED cohort).

    Returns
    -------
    dict
        ``effect`` (:class:`~dmnlab.methods.stats.EffectSize`: Hedges' g with its 95% CI),
        ``p_permutation`` (two-sided), group means and sizes.
    """
    from .methods.stats import hedges_g, permutation_test

    patients, controls = _split(network_table() if table is None else table, measure)
    return {"effect": hedges_g(patients, controls),
            "p_permutation": permutation_test(patients, controls, n_permutations).p_value,
            "mean_patients": float(patients.mean()), "mean_controls": float(controls.mean()),
            "n_patients": int(patients.size), "n_controls": int(controls.size), "measure": measure}


@lru_cache(maxsize=1)
def group_differences() -> pd.DataFrame:
    """Every measure of :func:`network_table`, patients − controls at baseline: g, CI, p."""
    rows = []
    for measure, label in MEASURE_LABELS.items():
        result = compare_groups(measure, n_permutations=5000)
        effect = result["effect"]
        rows.append({"measure": measure, "label": label, "g": effect.g, "ci_low": effect.ci_low,
                     "ci_high": effect.ci_high, "p_permutation": result["p_permutation"],
                     "mean_patients": result["mean_patients"], "mean_controls": result["mean_controls"]})
    return pd.DataFrame(rows).set_index("measure")


@lru_cache(maxsize=2)
def design_check(n_per_group: int = 1000, seed: int = 6) -> pd.DataFrame:
    """The same comparisons in a large fresh cohort simulated with the same design (SIMULATED).

    The shipped cohort is one sample; this shows where its estimates would settle with
    ``n_per_group`` people per group. Returns g and its 95% CI per measure.
    """
    from .cohort.population import simulate_cohort, simulate_participant
    from .methods.stats import hedges_g

    cohort = simulate_cohort(n_per_group, n_per_group, seed=seed)
    rows = [{"group": person["group"], **_run_measures(simulate_participant(person))}
            for _, person in cohort.iterrows()]
    table = pd.DataFrame(rows)
    result = []
    for measure in MEASURE_LABELS:
        effect = hedges_g(table.loc[table.group == "depressed", measure], table.loc[table.group == "control", measure])
        result.append({"measure": measure, "g": effect.g, "ci_low": effect.ci_low, "ci_high": effect.ci_high})
    result = pd.DataFrame(result).set_index("measure")
    result.attrs["n_per_group"] = int(n_per_group)
    return result


@lru_cache(maxsize=1)
def _individual_curves() -> pd.DataFrame:
    """Modularity and participation of every baseline run at each threshold of both rules."""
    from .methods.graphs import graph_measures

    runs = _runs("baseline")
    table = baseline_table()
    rows = []
    for pid, group in zip(table["participant_id"], table["group"]):
        frame = runs[(pid, "baseline")]
        corr = frame[list(NODE_LABELS)].corr()
        for rule, levels in (("absolute", THRESHOLDS), ("proportional", DENSITIES)):
            for level in levels:
                measures = graph_measures(corr, level, rule)
                rows.append({"participant_id": pid, "group": group, "rule": rule, "threshold": level,
                             "modularity": measures["modularity"], "participation": measures["participation"],
                             "n_edges": measures["n_edges"]})
    return pd.DataFrame(rows)


def threshold_curves(rule: str = "absolute") -> pd.DataFrame:
    """Group means (with 95% CIs) of modularity and participation at each threshold (SIMULATED).

    Each participant's baseline correlation matrix is thresholded (``rule`` "absolute": r above
    each of :data:`THRESHOLDS`; "proportional": the strongest share :data:`DENSITIES` of
    pairs), then g compares patients with controls at every level.
    """
    from .methods.stats import hedges_g

    if rule not in ("absolute", "proportional"):
        raise checks_error(f"Unknown threshold rule {rule!r}; choose 'absolute' or 'proportional'.")
    curves = _individual_curves()
    curves = curves[curves["rule"] == rule]
    rows = []
    for level, block in curves.groupby("threshold"):
        row = {"threshold": float(level), "edges_controls": float(block.loc[block.group == "control", "n_edges"].mean()),
               "edges_patients": float(block.loc[block.group == "depressed", "n_edges"].mean())}
        for measure in ("modularity", "participation"):
            for group, name in (("control", "controls"), ("depressed", "patients")):
                values = block.loc[block.group == group, measure].dropna()
                half = 1.96 * values.std(ddof=1) / np.sqrt(len(values)) if len(values) > 1 else np.nan
                row[f"{measure}_{name}"] = float(values.mean())
                row[f"{measure}_{name}_half"] = float(half)
            patients = block.loc[block.group == "depressed", measure].dropna()
            controls = block.loc[block.group == "control", measure].dropna()
            row[f"{measure}_g"] = (float(hedges_g(patients, controls).g)
                                   if patients.std() > 0 and controls.std() > 0 else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


@lru_cache(maxsize=64)
def group_graph(group_key: str = "controls", threshold: float = 0.3) -> dict:
    """The graph explorer's numbers for one group matrix at an absolute threshold.

    Returns ``matrix`` (17 × 17 group r), ``kept`` (the thresholded weights), ``measures``
    (:func:`~dmnlab.methods.graphs.graph_measures`) and ``participation`` per node.
    """
    from .methods.graphs import graph_measures, matrix_to_graph, participation_coefficient, threshold_matrix

    if group_key not in GRAPH_GROUPS:
        raise checks_error(f"Unknown graph {group_key!r}; choose one of {list(GRAPH_GROUPS)}.")
    matrix = group_node_matrix(*GRAPH_GROUPS[group_key])
    graph = matrix_to_graph(matrix, threshold, "absolute")
    return {"matrix": matrix, "kept": threshold_matrix(matrix, threshold, "absolute"),
            "measures": graph_measures(matrix, threshold, "absolute"),
            "participation": participation_coefficient(graph)}


# =====================================================================================
# Figures
# =====================================================================================
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
            for offset, (group, colour) in zip((-0.004, 0.004), (("controls", CONTROL_COLOUR),
                                                                 ("patients", PATIENT_COLOUR))):
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
        ax.plot([row.ci_low, row.ci_high], [y, y], color=PATIENT_COLOUR, linewidth=2)
        ax.plot(row.g, y, "o", color=PATIENT_COLOUR, markersize=6)
        ax.plot(design.loc[measure, "g"], y, "D", color="black", markersize=4, markerfacecolor="white")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(positions, [SHORT_LABELS[m] for m in differences.index], fontsize=8)
    ax.set_xlim(-1.1, 1.1)
    ax.set_xlabel("Hedges' g, patients − controls (95% CI)", fontsize=8.5)
    n_patients, n_controls = (int((baseline_table()["group"] == g).sum()) for g in ("depressed", "control"))
    n_large = int(design.attrs.get("n_per_group", 0))
    ax.plot([], [], "o-", color=PATIENT_COLOUR, label=f"course cohort ({n_patients} vs {n_controls}), 95% CI")
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


def network_matrix_explorer() -> Explorer:
    """Widget: group × session → the 4 × 4 network matrix and its difference from controls."""
    for group in dict(MATRIX_GROUPS).values():  # every state computed once, up front: moves stay fast
        for session in SESSIONS:
            _matrix_state(group, session)
    figure = plotting.new_figure(7.6, 3.6)
    names = [SHORT[n] for n in NETWORKS]
    axes = [figure.add_axes([0.06, 0.14, 0.34, 0.68]), figure.add_axes([0.55, 0.14, 0.34, 0.68])]
    images, texts = [], []
    for ax, title, vmax in zip(axes, ("mean connectivity (r)", "difference from controls' baseline"), (0.6, 0.1)):
        image = ax.imshow(np.zeros((4, 4)), cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        images.append(image)
        ax.set_xticks(range(4), names, fontsize=8)
        ax.set_yticks(range(4), names, fontsize=8)
        ax.set_title(title, fontsize=8.5)
        figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=7)
        texts.append([[ax.text(j, i, "", ha="center", va="center", fontsize=7.5) for j in range(4)] for i in range(4)])
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)

    def update(group, session):
        matrix, difference, shown = _matrix_state(group, session)
        images[0].set_data(matrix)
        images[1].set_data(difference)
        plotting.label_cells(texts[0], images[0], [[f"{v:+.2f}" for v in row] for row in matrix])
        plotting.label_cells(texts[1], images[1], [[f"{v:+.3f}" for v in row] for row in difference])
        if group == "control" and session != "baseline":
            # Controls were scanned once; say which session was asked for, so every state is distinct.
            title.set_text(f"Controls have no {session} scan (scanned at baseline only): their baseline — simulated")
        else:
            title.set_text(f"{GROUP_WORDS[group].capitalize()}, {shown} — simulated")

    controls = [Control("group", "Group", list(MATRIX_GROUPS), value="depressed"),
                Control("session", "Session", list(SESSIONS), value="baseline", kind="slider")]
    dynamic = [*images, *[t for block in texts for row in block for t in row], title]
    return Explorer(figure, update, controls, _describe_matrix, dynamic_artists=dynamic,
                    title="Network-by-network connectivity",
                    note=SIMULATED_NOTE + " Patients were scanned at five sessions, controls once.")


def _edge_style(kept: np.ndarray, pairs) -> tuple[list, np.ndarray]:
    """Colours (the network's own for within-network edges, dark grey between) and widths."""
    from matplotlib.colors import to_rgba

    colours, widths = [], []
    for i, j in pairs:
        weight = kept[i, j]
        a, b = NODE_NETWORK[NODE_LABELS[i]], NODE_NETWORK[NODE_LABELS[j]]
        colour = NETWORK_COLOURS[a] if a == b else BETWEEN_COLOUR
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


def graph_explorer(thresholds=THRESHOLDS) -> Explorer:
    """Widget: group × absolute threshold → the graph on a glass brain, modularity, participation."""
    for group_key in GRAPH_GROUPS:  # every state computed once, up front: moves stay fast
        for threshold in thresholds:
            group_graph(group_key, threshold)
    from .datasets.loaders import load_nodes

    nodes = load_nodes()
    figure = plotting.new_figure(8.0, 5.2)
    brain_ax = figure.add_axes([0.0, 0.42, 1.0, 0.50])
    brain = plotting.GlassBrain(nodes.loc[list(NODE_LABELS), ["x", "y", "z"]].to_numpy(), node_colours(), ax=brain_ax)
    bar_ax = figure.add_axes([0.08, 0.12, 0.60, 0.25])
    bars = bar_ax.bar(range(len(NODE_LABELS)), np.zeros(len(NODE_LABELS)), color=node_colours(),
                      edgecolor="black", linewidth=0.4)
    bar_ax.set_xticks(range(len(NODE_LABELS)), NODE_LABELS, rotation=60, fontsize=7.5)
    plotting.colour_node_labels(bar_ax.get_xticklabels())
    bar_ax.set_ylim(0, 0.8)
    bar_ax.set_ylabel("participation", fontsize=8)
    plotting.tidy_axes(bar_ax, 8)
    readout = figure.text(0.72, 0.33, "", fontsize=9, va="top", ha="left")
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def update(group, threshold):
        state = group_graph(group, threshold)
        colours, widths = _edge_style(state["kept"], brain.pairs)
        for artist in brain.edge_artists:
            artist.set_colors(colours)
            artist.set_linewidths(widths)
        participation = np.array([state["participation"][label] for label in NODE_LABELS])
        brain.set_nodes(sizes=25 + 300 * participation)
        for bar, value in zip(bars, participation):
            bar.set_height(value)
        measures = state["measures"]
        q = "—" if np.isnan(measures["modularity"]) else f"{measures['modularity']:.2f}"
        readout.set_text(f"edges: {measures['n_edges']} of 136\nmodularity Q: {q}\n"
                         f"mean participation: {measures['participation']:.2f}")
        title.set_text(f"{GRAPH_GROUP_WORDS[group].capitalize()}: pairs with r > {threshold:.1f} "
                       "(network colours inside a network, grey between) — simulated")

    controls = [Control("group", "Graph", [(GRAPH_GROUP_WORDS[key], key) for key in GRAPH_GROUPS], value="controls"),
                Control("threshold", "Keep pairs with r >", list(thresholds), value=0.3, kind="slider")]
    dynamic = [*brain.animated_artists(), *bars, readout, title]
    return Explorer(figure, update, controls, _describe_graph, dynamic_artists=dynamic,
                    title="The brain as a graph", note=SIMULATED_NOTE + " Group-average correlations.")


BENCH_WIDGETS = {"network_matrix_explorer": network_matrix_explorer, "graph_explorer": graph_explorer}


# =====================================================================================
# Exercise checkers
# =====================================================================================
def _network_variants(timeseries: pd.DataFrame) -> dict:
    """The network matrix computed right and with the common mistakes: {name: 4 × 4 array}."""
    values, labels = _ordered(timeseries)
    corr = np.corrcoef(values, rowvar=False)
    networks = [NODE_NETWORK[label] for label in labels]
    plain = np.zeros((4, 4))
    diagonal_plain = np.zeros((4, 4))
    diagonal_fisher = np.zeros((4, 4))
    for a, first in enumerate(NETWORKS):
        for b, second in enumerate(NETWORKS):
            rows = [i for i, n in enumerate(networks) if n == first]
            cols = [j for j, n in enumerate(networks) if n == second]
            block = corr[np.ix_(rows, cols)]
            if a == b:
                upper = block[np.triu_indices(len(rows), 1)]
                plain[a, b] = upper.mean()
            else:
                plain[a, b] = block.mean()
            diagonal_plain[a, b] = block.mean()
            diagonal_fisher[a, b] = np.tanh(np.arctanh(np.clip(block, -0.999999, 0.999999)).mean())
    return {"right": network_matrix(timeseries).to_numpy(), "plain": plain,
            "diagonal_plain": diagonal_plain, "diagonal_fisher": diagonal_fisher}


def check_network_matrix(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 6.1: the 4 × 4 network-by-network matrix of one run (Fisher-z averages)."""
    if answer is None:
        return checks.no_answer("Your network matrix")
    if isinstance(answer, pd.DataFrame) and set(NETWORKS) <= set(answer.index) and set(NETWORKS) <= set(answer.columns):
        answer = answer.loc[list(NETWORKS), list(NETWORKS)]
    try:
        shape = np.shape(np.asarray(answer, dtype=float))
    except (TypeError, ValueError):
        return checks.wrong(f"Your network matrix should be a 4 × 4 table of numbers, not a {type(answer).__name__}.",
                            "Build a 4 × 4 array or DataFrame, networks in the order of NETWORKS.")
    n = len(NODE_LABELS)
    if shape == (n, n):
        return checks.wrong("that is the 17 × 17 node-by-node correlation matrix; the exercise asks for its "
                            "network-by-network summary (4 × 4).",
                            "Average the node pairs of each block: within a network (diagonal) and between two networks.")
    matrix = checks.as_matrix(answer, (4, 4), "Your network matrix")
    if isinstance(matrix, Feedback):
        if shape and len(shape) == 2 and shape[0] == shape[1]:
            matrix.hint = f"One row and one column per network: {list(NETWORKS)}."
        return matrix
    variants = _network_variants(timeseries)
    expected = variants["right"]
    if np.allclose(matrix, expected, atol=1e-3):
        return checks.right(f"within-DMN r = {expected[0, 0]:.2f}, DMN–central executive {expected[0, 2]:+.2f}: "
                            "the DMN is coupled inside and anticorrelated with the task-positive networks.")
    if np.allclose(matrix, variants["plain"], atol=1e-3):
        return checks.wrong("you averaged r directly.",
                            "Average on Fisher's z scale: np.tanh(np.mean(np.arctanh(values))) — or fisher_mean.")
    for name in ("diagonal_plain", "diagonal_fisher"):
        if np.allclose(matrix, variants[name], atol=1e-3):
            return checks.wrong("your within-network values include each node with itself (r = 1).",
                                "Inside a network, use only pairs of *different* nodes (the upper triangle, k=1).")
    alphabetical = sorted(range(4), key=lambda k: NETWORKS[k])
    if np.allclose(matrix, expected[np.ix_(alphabetical, alphabetical)], atol=1e-3):
        return checks.wrong("the values are right but the networks are in alphabetical order.",
                            f"Use the order {list(NETWORKS)}.")
    if np.allclose(np.diag(matrix), np.diag(expected), atol=1e-3):
        return checks.wrong("the within-network values (the diagonal) are right; the between-network cells are not.",
                            "Between two networks, average every pair of one node from each (Fisher z).")
    return checks.wrong("the values differ from the Fisher-z averages of the node pairs.",
                        "For each pair of networks, collect the r of the node pairs, then fisher_mean them.")


def _matrix_and_graph_tools():
    from .methods.graphs import matrix_to_graph, mean_participation, modularity

    return matrix_to_graph, modularity, mean_participation


def _greedy_partition(matrix, threshold):
    from networkx.algorithms.community import greedy_modularity_communities

    from .methods.graphs import matrix_to_graph

    graph = matrix_to_graph(matrix, threshold, "absolute")
    return [set(c) for c in greedy_modularity_communities(graph, weight="weight")] if graph.number_of_edges() else None


def _absolute_value_graph(matrix, threshold):
    import networkx as nx

    values = np.asarray(matrix, dtype=float)
    labels = list(matrix.columns) if isinstance(matrix, pd.DataFrame) else list(NODE_LABELS)
    graph = nx.Graph()
    graph.add_nodes_from(labels)
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if abs(values[i, j]) > threshold:
                graph.add_edge(labels[i], labels[j], weight=abs(values[i, j]))
    return graph


def _graph_mistakes(matrix, threshold: float, measure) -> dict:
    """{value: hint} for the common mistakes of exercise 6.2 (``measure(graph, partition, weight)``)."""
    matrix_to_graph, _, _ = _matrix_and_graph_tools()
    mistakes = {}
    for other in (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        if abs(other - threshold) > 1e-9:
            value = measure(matrix_to_graph(matrix, other, "absolute"), None, "weight")
            if np.isfinite(value):
                mistakes.setdefault(value, f"that is the value for a graph thresholded at r > {other:g}; "
                                           f"the exercise uses r > {threshold:g}.")
    graph = matrix_to_graph(matrix, threshold, "absolute")
    mistakes.setdefault(measure(graph, None, None),
                        "that treats every edge as 1 (a binary graph). Use the weights: weight='weight'.")
    greedy = _greedy_partition(matrix, threshold)
    if greedy is not None:
        mistakes.setdefault(measure(graph, greedy, "weight"),
                            "that uses modules found by a community-detection algorithm. The exercise asks about "
                            "the course's four networks: partition by NODE_NETWORK.")
    mistakes.setdefault(measure(_absolute_value_graph(matrix, threshold), None, "weight"),
                        "you kept anticorrelated pairs too (|r| above the threshold). Keep only positive r.")
    return {value: hint for value, hint in mistakes.items() if np.isfinite(value)}


def check_modularity(answer, matrix, threshold: float = 0.2) -> Feedback:
    """Exercise 6.2: modularity Q of the weighted graph with r > ``threshold``, course partition."""
    matrix_to_graph, modularity, _ = _matrix_and_graph_tools()
    graph = matrix_to_graph(matrix, threshold, "absolute")
    expected = modularity(graph)
    mistakes = _graph_mistakes(matrix, threshold, lambda g, p, w: modularity(g, p, w))
    mistakes.setdefault(0.0, "Q = 0 is what one module holding every node gives. Use the course's four networks.")
    return checks.check_close(
        answer, expected, f"Modularity at r > {threshold:g}", 0.002, mistakes,
        right_message=(f"Q = {expected:.3f} with {graph.number_of_edges()} edges: most of the edge weight lies inside "
                       "the four networks, more than a random graph with the same degrees would put there."),
        fallback_hint="Keep the pairs with r above the threshold as weighted edges, then "
                      "networkx.algorithms.community.modularity(graph, partition, weight='weight').")


def check_participation(answer, matrix, threshold: float = 0.2) -> Feedback:
    """Exercise 6.3: mean participation coefficient of the same graph (or a value per node)."""
    from .methods.graphs import participation_coefficient

    matrix_to_graph, _, mean_participation = _matrix_and_graph_tools()
    graph = matrix_to_graph(matrix, threshold, "absolute")
    per_node = participation_coefficient(graph)
    expected = float(np.mean(list(per_node.values())))
    if isinstance(answer, (dict, pd.Series)):
        values = pd.Series(answer)
        missing = [label for label in per_node if label not in values.index]
        if missing:
            return checks.wrong(f"your values lack the nodes {missing}.", "Give one value per node, or their mean.")
        try:
            values = values.reindex(list(per_node)).astype(float)
        except (TypeError, ValueError):
            return checks.wrong("your per-node values should be numbers.", "P_i = 1 − Σ_s (k_is / k_i)².")
        wrong_nodes = [label for label in per_node if abs(values[label] - per_node[label]) > 0.002]
        if wrong_nodes:
            return checks.wrong(f"P is not right for {wrong_nodes[:5]}{' …' if len(wrong_nodes) > 5 else ''}.",
                                "k_i: the node's weighted degree; k_is: the part of it going to network s; a node "
                                "without edges has P = 0.")
        answer = float(values.mean())
    connected = [value for node, value in per_node.items() if graph.degree(node) > 0]
    mistakes = {0.0: "P = 0 for every node: 1 − Σ_s (k_is / k_i) without the square is always 0 — square each "
                     "share — or your graph has no edge between networks (as with a threshold that is too high)."}
    for value, hint in _graph_mistakes(matrix, threshold, lambda g, p, w: mean_participation(g, p, w)).items():
        mistakes.setdefault(value, hint)
    if connected and len(connected) < len(per_node):
        mistakes.setdefault(float(np.mean(connected)),
                            "you averaged only the nodes that have edges; nodes without edges count as P = 0.")
    return checks.check_close(
        answer, expected, f"Mean participation at r > {threshold:g}", 0.002, mistakes,
        right_message=(f"mean P = {expected:.3f}. Highest: " + ", ".join(
            f"{label} {value:.2f}" for label, value in sorted(per_node.items(), key=lambda kv: -kv[1])[:3])
            + " — the nodes whose edges reach into other networks."),
        fallback_hint="For each node: P = 1 − Σ over networks of (weight to that network / total weight)²; then "
                      "the mean over all 17 nodes.")


def _effect_parts(answer):
    """(g, low, high) from an EffectSize, a dict or a 3-tuple; or Feedback."""
    if answer is None:
        return checks.no_answer("Your effect size")
    if isinstance(answer, dict):
        if "d_z" in answer:
            return checks.wrong("that is the result of a paired analysis (d_z): patients and controls are different "
                                "people, so nothing pairs them.", "Use hedges_g(patients, controls) for two independent groups.")
        try:
            return float(answer["g"]), float(answer["ci_low"]), float(answer["ci_high"])
        except (KeyError, TypeError, ValueError):
            return checks.wrong("your dict should hold 'g', 'ci_low' and 'ci_high'.", "Or pass hedges_g(...) itself.")
    if all(hasattr(answer, name) for name in ("g", "ci_low", "ci_high")):
        return float(answer.g), float(answer.ci_low), float(answer.ci_high)
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool):
        return checks.wrong("give the effect size *with* its interval: (g, low, high), or hedges_g(...) itself.",
                            "hedges_g returns g, ci_low and ci_high together.")
    try:
        g, low, high = (float(value) for value in answer)
    except (TypeError, ValueError):
        return checks.wrong(f"your answer should be hedges_g(...) or three numbers (g, low, high), not a "
                            f"{type(answer).__name__}.", "effect = hedges_g(patients, controls)")
    return g, low, high


def check_group_effect(answer, table: pd.DataFrame, measure: str = "dmn_task_positive") -> Feedback:
    """Exercise 6.4: Hedges' g (patients − controls, baseline) with its 95% CI."""
    from .methods.stats import hedges_g

    parts = _effect_parts(answer)
    if isinstance(parts, Feedback):
        return parts
    g, low, high = parts
    patients, controls = _split(table, measure)
    effect = hedges_g(patients, controls)
    if not all(np.isfinite([g, low, high])):
        return checks.wrong("your numbers include NaN or infinity.", "Drop missing values; use the baseline rows.")
    n = min(len(patients), len(controls))
    changes = patients.to_numpy()[:n] - controls.to_numpy()[:n]
    paired_dz = float(changes.mean() / changes.std(ddof=1))
    mistakes = {
        effect.d: "that is Cohen's d. Hedges' g multiplies it by a small-sample correction (J, just below 1).",
        -effect.g: "right size, wrong sign: the groups are swapped. Compute patients minus controls.",
        paired_dz: "that pairs the first patients with the first controls (a paired analysis, d_z). They are different "
                   "people: treat them as two independent groups.",
        -paired_dz: "that is a paired analysis (d_z) with the groups swapped. Patients and controls are independent.",
    }
    for wrong_value, hint in mistakes.items():
        if abs(g - wrong_value) <= 0.0005 and abs(g - effect.g) > 0.0005:
            return checks.wrong(f"g = {g:.3f} is not right.", hint)
    if abs(g - effect.g) > 0.0005:
        return checks.wrong(f"g = {g:.3f} differs from Hedges' g = patients − controls at baseline "
                            "(if you rounded it, pass the unrounded value).",
                            f"hedges_g(table.loc[baseline patients, '{measure}'], table.loc[baseline controls, '{measure}'])")
    if low > high:
        low, high = high, low
    if abs(low - effect.ci_low) <= 0.005 and abs(high - effect.ci_high) <= 0.005:
        size = abs(effect.g)
        word = "very small" if size < 0.2 else "small" if size < 0.5 else "medium" if size < 0.8 else "large"
        zero = "includes" if effect.ci_low <= 0 <= effect.ci_high else "excludes"
        return checks.right(f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] "
                            f"({len(patients)} patients vs {len(controls)} controls): a {word} difference whose "
                            f"interval {zero} zero.")
    return checks.wrong(f"g is right, but [{low:.2f}, {high:.2f}] is not its 95% interval.",
                        "Use the interval hedges_g reports (ci_low, ci_high).")

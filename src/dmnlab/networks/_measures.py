"""Chapter 6's data and science: network matrices, graph measures and group comparisons.

Every run of the SIMULATED cohort summarised network by network (:func:`network_table`), group
matrices on Fisher's z scale, patients vs controls at baseline (:func:`compare_groups`,
:func:`group_differences`, :func:`design_check`) and how the threshold rule moves the graph
measures (:func:`threshold_curves`). The same summaries of the REAL HCP group matrices
(:func:`real_network_matrix`, :func:`real_graph`, :func:`real_vs_simulated`). Graph methods live in :mod:`dmnlab.methods.graphs`.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..datasets.cache import kept_on_disk, kept_with_data
from ..shared.datasheet import NETWORK_COUNTERPARTS, between_share, network_structure
from ..study.nodes import NETWORKS, NODE_LABELS
from ..study.protocol import SESSIONS, SIMULATED_NOTE

pd = lazy.load("pandas")

#: Proportional threshold for each run's graph measures: the strongest 20% of the 136 node
#: pairs. A teaching choice; the page shows how the results move with it.
GRAPH_DENSITY = 0.20
#: Absolute thresholds (r) offered by the graph explorer and used for the threshold curves.
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: The graph explorer's first threshold: low enough that edges between networks show (at r > 0.3 the
#: controls' graph keeps only within-network edges, and every participation bar is empty).
GRAPH_START_THRESHOLD = 0.1
#: The depression hypotheses the triple-network diagram marks: (number, where, the hypothesis, register claim).
#: "where" is a pair of networks (a link) or one network (inside it). The verdict comes from the evidence register.
TRIPLE_NETWORK_HYPOTHESES = (
    (1, ("salience", "salience"), "weaker connectivity within the salience network", "networks-resting-connectivity"),
    (2, ("salience", "DMN"), "stronger salience–DMN connectivity", "networks-resting-connectivity"),
    (3, ("DMN", "central executive"), "weaker DMN–central executive link", "networks-resting-connectivity"),
    (4, ("central executive", "central executive"), "weaker central executive network", "networks-resting-connectivity"),
    (5, ("DMN", "affective"), "stronger DMN–sgACC coupling", "depression-sgpfc-rumination"),
    (6, ("salience", "switch"), "a faulty switch: depression as a triple-network disorder", "networks-triple-network"),
)
#: Proportional thresholds (share of node pairs kept) for the threshold curves.
DENSITIES = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)

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
#: Groups offered by the network-matrix explorer: label → value.
MATRIX_GROUPS = (("all patients", "depressed"), ("responders at 24 h", "responder"),
                 ("non-responders at 24 h", "non-responder"), ("controls", "control"))
#: Graphs offered by the graph explorer: key → (group, session).
GRAPH_GROUPS = {"controls": ("control", "baseline"), "patients": ("depressed", "baseline"),
                "patients, infusion": ("depressed", "infusion")}


# =====================================================================================
# Data
# =====================================================================================
@lru_cache(maxsize=len(SESSIONS))
def _session_runs(session: str) -> dict:
    """{(participant, session): rest run} of one session (everyone at baseline, else patients)."""
    from ..datasets.loaders import load_group_timeseries

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


@lru_cache(maxsize=4)
def _pairs(labels: tuple) -> dict:
    from ..methods.connectivity import pair_indices

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
    from ..methods.connectivity import fisher_mean

    values, labels = _ordered(timeseries)
    corr = np.corrcoef(values, rowvar=False)
    names = list(NETWORKS)
    cells = np.full((len(names), len(names)), np.nan)   # filled in numpy: hundreds of runs per widget
    for (a, b), (rows, cols) in _pairs(labels).items():
        if rows.size:
            cells[names.index(a), names.index(b)] = fisher_mean(corr[rows, cols])
    matrix = pd.DataFrame(cells, index=names, columns=names)
    matrix.index.name = "network"
    return matrix


def _run_measures(frame: pd.DataFrame) -> dict:
    from ..methods.connectivity import fisher_mean
    from ..methods.graphs import graph_measures

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
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def network_table() -> pd.DataFrame:
    """One row per run (SIMULATED): everyone at baseline, patients at every ketamine session.

    Columns ``participant_id``, ``group``, ``session``, ``response`` (patients, at 24 h),
    ``medication``, the ten network-pair measures of :data:`PAIR_MEASURES` (mean r, Fisher-z
    averaged), ``dmn_task_positive`` (the DMN's pairs with salience and central-executive nodes
    pooled) and two graph measures of the run's correlation matrix kept at the strongest
    :data:`GRAPH_DENSITY` of pairs (weighted; the course's four networks as the partition):
    ``modularity`` and ``participation`` (mean over nodes).
    """
    from ..datasets.loaders import load_participants

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
    from ..datasets.loaders import load_participants

    participants = load_participants()
    if group == "control":
        if session != "baseline":
            raise CourseInputError("Controls were scanned at baseline only.")
        chosen = participants["group"] == "control"
    elif group == "depressed":
        chosen = participants["group"] == "depressed"
    elif group in ("responder", "non-responder"):
        chosen = (participants["group"] == "depressed") & (participants["response"] == group)
    else:
        raise CourseInputError(f"Unknown group {group!r}; choose one of {[value for _, value in MATRIX_GROUPS]}.")
    if session not in SESSIONS:
        raise CourseInputError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    return list(participants.index[chosen])


@lru_cache(maxsize=32)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def group_network_matrix(group: str = "control", session: str = "baseline") -> pd.DataFrame:
    """A group's 4 × 4 network matrix: each run's matrix averaged on Fisher's z scale.

    ``group``: "control" (baseline only), "depressed", "responder" or "non-responder".
    """
    runs = _runs(session)
    z = [np.arctanh(np.clip(network_matrix(runs[(pid, session)]).to_numpy(), -0.999999, 0.999999))
         for pid in _members(group, session)]
    return pd.DataFrame(np.tanh(np.mean(z, axis=0)), index=list(NETWORKS), columns=list(NETWORKS))


@lru_cache(maxsize=8)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def group_node_matrix(group: str = "control", session: str = "baseline") -> pd.DataFrame:
    """A group's 17 × 17 node matrix: each run's correlations averaged on Fisher's z scale."""
    from ..methods.connectivity import group_correlation_matrix

    runs = _runs(session)
    return group_correlation_matrix(runs[(pid, session)] for pid in _members(group, session))


# =====================================================================================
# Science
# =====================================================================================
def _baseline_rows(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The baseline rows of a table of :func:`network_table`'s kind, once ``column`` is known to be in it."""
    if column not in table.columns:
        raise CourseInputError(f"Unknown measure {column!r}; choose one of {list(MEASURE_LABELS)}.")
    return table[table["session"] == "baseline"]


def compare_groups(measures: pd.DataFrame | None = None, column: str = "dmn_task_positive",
                   n_permutations: int = 10_000, seed: int = 0) -> dict:
    """Patients minus controls at baseline on one measure (SIMULATED cohort).

    Parameters
    ----------
    measures
        A table like :func:`network_table` (``None``: that table); only its baseline rows are compared.
    column
        The measure, one of :data:`MEASURE_LABELS`.
    n_permutations, seed
        The permutation test's relabellings and random seed.

    Returns
    -------
    dict
        As :func:`dmnlab.shared.groups.compare_groups`: ``effect`` (Hedges' g with its 95% CI),
        ``permutation`` and its ``p_permutation`` (two-sided), group means and sizes, ``measure``.
    """
    from ..shared import groups

    table = network_table() if measures is None else measures
    return groups.compare_groups(_baseline_rows(table, column), column, n_permutations, seed)


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def group_differences() -> pd.DataFrame:
    """Every measure of :func:`network_table`, patients − controls at baseline: g, CI, p."""
    rows = []
    for measure, label in MEASURE_LABELS.items():
        result = compare_groups(column=measure, n_permutations=5000)
        effect = result["effect"]
        rows.append({"measure": measure, "label": label, "g": effect.g, "ci_low": effect.ci_low,
                     "ci_high": effect.ci_high, "p_permutation": result["p_permutation"],
                     "mean_patients": result["mean_patients"], "mean_controls": result["mean_controls"]})
    return pd.DataFrame(rows).set_index("measure")


@lru_cache(maxsize=2)
@kept_on_disk   # 2000 simulated people: seconds; the same for the same code and seed
def design_check(n_per_group: int = 1000, seed: int = 6) -> pd.DataFrame:
    """The same comparisons in a large fresh cohort simulated with the same design (SIMULATED).

    The shipped cohort is one sample; this shows where its estimates would settle with
    ``n_per_group`` people per group. Returns g and its 95% CI per measure.
    """
    from ..cohort.population import simulate_cohort, simulate_participant
    from ..methods.stats import hedges_g
    from ..shared.groups import split_groups

    cohort = simulate_cohort(n_per_group, n_per_group, seed=seed)
    rows = [{"group": person["group"], **_run_measures(simulate_participant(person))}
            for _, person in cohort.iterrows()]
    table = pd.DataFrame(rows)
    result = []
    for measure in MEASURE_LABELS:
        effect = hedges_g(*split_groups(table, measure))
        result.append({"measure": measure, "g": effect.g, "ci_low": effect.ci_low, "ci_high": effect.ci_high})
    result = pd.DataFrame(result).set_index("measure")
    result.attrs["n_per_group"] = int(n_per_group)
    return result


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def _individual_curves() -> pd.DataFrame:
    """Modularity and participation of every baseline run at each threshold of both rules."""
    from ..methods.graphs import graph_measures

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
    from ..methods.stats import hedges_g

    if rule not in ("absolute", "proportional"):
        raise CourseInputError(f"Unknown threshold rule {rule!r}; choose 'absolute' or 'proportional'.")
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


def participation_of_weights(weights, networks) -> np.ndarray:
    """Each region's participation coefficient from a weight matrix (what exercise 6.3 asks learners to write),
    computed with the course's :func:`~dmnlab.methods.graphs.participation_coefficient`.

    ``weights``: a square, symmetric array of edge weights (0 = no edge); its diagonal (a region with
    itself) is not an edge. ``networks``: one network name per region. Returns one P per region.
    """
    import networkx as nx

    from ..methods.graphs import participation_coefficient

    values = np.array(weights, dtype=float)
    labels = [str(name) for name in networks]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(values)))
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            if values[i, j] != 0:
                graph.add_edge(i, j, weight=values[i, j])
    result = participation_coefficient(graph, {i: labels[i] for i in range(len(values))})
    return np.array([result[i] for i in range(len(values))])


@lru_cache(maxsize=64)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def group_graph(group_key: str = "controls", threshold: float = 0.3) -> dict:
    """The graph explorer's numbers for one group matrix at an absolute threshold.

    Returns ``matrix`` (17 × 17 group r), ``kept`` (the thresholded weights), ``measures``
    (:func:`~dmnlab.methods.graphs.graph_measures`) and ``participation`` per node.
    """
    from ..methods.graphs import graph_measures, matrix_to_graph, participation_coefficient, threshold_matrix

    if group_key not in GRAPH_GROUPS:
        raise CourseInputError(f"Unknown graph {group_key!r}; choose one of {list(GRAPH_GROUPS)}.")
    matrix = group_node_matrix(*GRAPH_GROUPS[group_key])
    graph = matrix_to_graph(matrix, threshold, "absolute")
    return {"matrix": matrix, "kept": threshold_matrix(matrix, threshold, "absolute"),
            "measures": graph_measures(matrix, threshold, "absolute"),
            "participation": participation_coefficient(graph)}


def participant_among_groups(participant: str, measures=("within_dmn", "participation", "modularity")) -> pd.DataFrame:
    """One participant's baseline network measures next to the groups' (SIMULATED).

    Returns one row per measure: the participant's ``value``, the ``patients`` and ``controls``
    means, and the share of each group below the value (``controls_below``, ``patients_below``).
    One scan of one person, at one threshold: a place among the groups, not a biomarker.
    """
    table = baseline_table()
    rows = table[table["participant_id"] == participant]
    if rows.empty:
        raise CourseInputError(f"{participant!r} has no baseline scan in the course cohort.")
    result = []
    for measure in measures:
        if measure not in table.columns:
            raise CourseInputError(f"Unknown measure {measure!r}; choose one of {list(MEASURE_LABELS)}.")
        value = float(rows[measure].iloc[0])
        groups = {name: table.loc[table["group"] == group, measure]
                  for name, group in (("patients", "depressed"), ("controls", "control"))}
        result.append({"measure": measure, "value": value,
                       **{name: float(values.mean()) for name, values in groups.items()},
                       **{f"{name}_below": float((values < value).mean()) for name, values in groups.items()}})
    return pd.DataFrame(result).set_index("measure")


def triple_network_verdicts() -> dict[int, str]:
    """{hypothesis number: verdict} of :data:`TRIPLE_NETWORK_HYPOTHESES`, read from the evidence register."""
    from ..study.evidence import register

    verdicts = {claim.id: claim.verdict for claim in register()}
    return {number: verdicts[claim] for number, _, _, claim in TRIPLE_NETWORK_HYPOTHESES}


# =====================================================================================
# REAL brains: the Human Connectome Project's group connectivity, network by network
# =====================================================================================
# The HCP group-average matrices (Schaefer 400 parcels in 7 networks, a main group and an independent
# hold-out group; :mod:`dmnlab.datasets.hcpgroup`) summarised the way the chapter summarises the
# SIMULATED cohort: a network-by-network matrix on Fisher's z scale, and a graph kept at the same
# proportional threshold (:data:`GRAPH_DENSITY`) with the 7 networks as the partition. A group matrix
# has no patients and no individual variation: it says how a healthy cortex is organised on average.

#: Parcels of the real matrices (Schaefer 2018): enough to be a real cortex, fast enough for a page.
REAL_PARCELS = 400
#: The HCP groups: the main one and an independent hold-out group (replication).
REAL_SAMPLES = ("main", "holdout")
#: The course's networks and their nearest Schaefer 7-network counterparts (None: none), from the datasheet.
COUNTERPARTS = NETWORK_COUNTERPARTS

def _check_sample(sample: str) -> str:
    if sample not in REAL_SAMPLES:
        raise CourseInputError(f"sample must be one of {REAL_SAMPLES}, not {sample!r}.")
    return sample


@lru_cache(maxsize=2)
def real_network_matrix(sample: str = "main") -> pd.DataFrame:
    """The 7 × 7 network matrix of an HCP group (REAL): mean r within and between the Schaefer
    networks, Fisher-z averaged (the diagonal leaves out each parcel with itself)."""
    from ..datasets import hcpgroup

    matrix = hcpgroup.group_connectivity(REAL_PARCELS, _check_sample(sample))
    blocks = hcpgroup.network_blocks(matrix, REAL_PARCELS)
    blocks.attrs.update(label=hcpgroup.REAL_LABEL, sample=sample)
    return blocks


@lru_cache(maxsize=16)
def real_graph(sample: str = "main", density: float = GRAPH_DENSITY) -> dict:
    """Graph measures of an HCP group matrix (REAL) at a proportional threshold, 7 networks as partition.

    Returns ``modularity``, ``participation`` (mean over the 400 parcels), ``by_network`` (mean
    participation of each network's parcels, a Series), ``between_share`` (the share of the kept
    edges that link two networks), ``n_edges``, ``weakest_r`` (where the cut fell), ``n_networks``
    and ``max_participation`` (1 − 1/7: every edge spread evenly).
    Weighted, negative correlations dropped, as for the simulated cohort. About 0.3 s.
    """
    from ..datasets import hcpgroup
    from ..methods.graphs import graph_measures, matrix_to_graph, participation_coefficient

    matrix = hcpgroup.group_connectivity(REAL_PARCELS, _check_sample(sample))
    labels = hcpgroup.schaefer_labels(REAL_PARCELS)
    partition = dict(zip(labels["label"], labels["network"]))
    measures = graph_measures(matrix, density, "proportional", partition=partition)
    graph = matrix_to_graph(matrix, density, "proportional")
    per_parcel = pd.Series(participation_coefficient(graph, partition))
    by_network = per_parcel.groupby(labels.set_index("label")["network"]).mean()
    n_networks = labels["network"].nunique()
    return {**measures, "by_network": by_network.reindex(list(hcpgroup.NETWORK_NAMES)),
            "between_share": between_share(graph, partition),
            "n_networks": int(n_networks), "max_participation": 1 - 1 / n_networks}



def real_density_table() -> pd.DataFrame:
    """Modularity and mean participation of both HCP groups at each of the chapter's proportional
    thresholds (REAL): how the real graph measures move with the threshold, and whether they replicate."""
    rows = []
    for density in DENSITIES:
        row = {"share of pairs kept": density}
        for sample in REAL_SAMPLES:
            graph = real_graph(sample, density)
            row[f"modularity ({sample})"] = graph["modularity"]
            row[f"participation ({sample})"] = graph["participation"]
        rows.append(row)
    return pd.DataFrame(rows).set_index("share of pairs kept")


def replication_r() -> dict:
    """How closely the hold-out group's matrices repeat the main group's (Pearson r over unique cells):
    ``parcels`` (the 79,800 parcel pairs) and ``networks`` (the 28 network cells)."""
    from ..datasets import hcpgroup

    main, holdout = (hcpgroup.group_connectivity(REAL_PARCELS, sample).to_numpy() for sample in REAL_SAMPLES)
    upper = np.triu_indices(REAL_PARCELS, k=1)
    blocks = [real_network_matrix(sample).to_numpy() for sample in REAL_SAMPLES]
    cells = np.triu_indices(len(blocks[0]))
    return {"parcels": float(np.corrcoef(main[upper], holdout[upper])[0, 1]),
            "networks": float(np.corrcoef(blocks[0][cells], blocks[1][cells])[0, 1])}


def real_vs_simulated() -> pd.DataFrame:
    """The simulated controls' network cells beside their nearest real counterparts (both HCP groups).

    The datasheet's comparison (:func:`dmnlab.shared.datasheet.network_structure`, the one home of
    the network counterparts :data:`COUNTERPARTS`), with the chapter's readable cell names as index:
    ``real_cell`` (the Schaefer networks compared), ``simulated`` (controls at baseline, SIMULATED),
    ``real_main`` and ``real_holdout`` (REAL).
    """
    table = network_structure()
    return pd.DataFrame({"real_cell": table["real"].to_numpy(), "simulated": table["simulated"].to_numpy(),
                         "real_main": table["hcp_main"].to_numpy(), "real_holdout": table["hcp_holdout"].to_numpy()},
                        index=pd.Index(table["course"].to_numpy(), name="cell"))

"""Chapter 6's exercise checkers: each names the common mistakes of its lab exercise; hints come in
steps (:func:`dmnlab.course.checks.exercise`)."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..course.prose import effect_size_word, zero_word
from ..study.nodes import NETWORKS, NODE_LABELS, NODE_NETWORK
from ._measures import _baseline_rows, _ordered, network_matrix, participation_of_weights

pd = lazy.load("pandas")

#: The absolute threshold of exercises 6.2 and 6.4: keep pairs with r above it. Not one of the graph
#: explorer's thresholds (0.0, 0.1, … 0.5), so the widget does not show the answers.
EXERCISE_THRESHOLD = 0.15
#: Which patients exercise 6.5 compares with the controls: name → the ``medication`` value (None: all).
PATIENT_SUBSETS = {"all": None, "unmedicated": "none", "medicated": "antidepressant"}


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


@checks.exercise("6.1", method="Correlate the regions (bold.corr()); for each pair of networks collect the r of "
                 "their node pairs (inside one network only pairs of *different* nodes), and average them on "
                 "Fisher's z scale.",
                 code="values = [corr[i, j] for i in rows for j in cols if first != second or i < j]; "
                      "matrix.loc[first, second] = np.tanh(np.mean(np.arctanh(values)))")
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
    from ..methods.graphs import matrix_to_graph, mean_participation, modularity

    return matrix_to_graph, modularity, mean_participation


def _greedy_partition(matrix, threshold):
    from networkx.algorithms.community import greedy_modularity_communities

    from ..methods.graphs import matrix_to_graph

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


@checks.exercise("6.2", method="Every region a node; every pair with r above the threshold an edge weighted by r; "
                 "the course's four networks as the partition (one set of regions per network); then networkx's "
                 "modularity with weight='weight'.",
                 code="nx.community.modularity(graph, [{l for l in matrix.columns if NODE_NETWORK[l] == net} "
                      "for net in NETWORKS], weight='weight')")
def check_modularity(answer, matrix, threshold: float = EXERCISE_THRESHOLD) -> Feedback:
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


# --- exercise 6.3: the participation coefficient, written by the learner ---------------------------
def _participation_variant(weights, networks, square=True, one_minus=True, binary=False, self_loops=False,
                           guard=True, per_edge=False) -> np.ndarray:
    """P computed right (the defaults) or with one of the typical mistakes of exercise 6.3."""
    values = np.array(weights, dtype=float)
    if not self_loops:
        np.fill_diagonal(values, 0.0)
    if binary:
        values = (values != 0).astype(float)
    labels = np.array([str(name) for name in networks], dtype=object)
    result = []
    for row in values:
        k = row.sum()
        if k == 0:
            result.append(0.0 if guard else np.nan)
            continue
        shares = row / k if per_edge else np.array([row[labels == name].sum() for name in dict.fromkeys(labels)]) / k
        total = np.sum(shares ** 2) if square else np.sum(shares)
        result.append(1.0 - total if one_minus else total)
    return np.array(result)


def _toy_graph():
    """The lab's worked example: PCC and mPFC (DMN), AINS_R (salience), DLPFC_L (central executive)."""
    weights = np.array([[1.0, 0.6, 0.2, 0.0],
                        [0.6, 1.0, 0.0, 0.0],
                        [0.2, 0.0, 1.0, 0.2],
                        [0.0, 0.0, 0.2, 1.0]])
    return weights, ["DMN", "DMN", "salience", "central executive"]


def _participation_cases() -> list:
    """The checker's own graphs: ``[(label, (weights, networks))]``; every diagonal holds 1 (a region with itself)."""
    isolated = np.array([[1.0, 0.5, 0.5, 0.0, 0.0],
                         [0.5, 1.0, 0.0, 0.0, 0.0],
                         [0.5, 0.0, 1.0, 0.4, 0.0],
                         [0.0, 0.0, 0.4, 1.0, 0.0],
                         [0.0, 0.0, 0.0, 0.0, 1.0]])
    even = np.eye(5)
    even[0, 1:] = even[1:, 0] = 0.3
    inside = np.array([[1.0, 0.7, 0.4], [0.7, 1.0, 0.5], [0.4, 0.5, 1.0]])
    rng = np.random.default_rng(6)
    upper = np.triu(np.where(rng.random((8, 8)) < 0.6, np.round(rng.uniform(0.15, 0.8, (8, 8)), 2), 0.0), 1)
    mixed = upper + upper.T + np.eye(8)
    return [
        ("the toy graph above", _toy_graph()),
        ("a graph with a region that has no edges", (isolated, ["DMN", "DMN", "salience", "central executive",
                                                                "affective"])),
        ("a hub whose edges are spread evenly over four networks (the maximum, 0.75)",
         (even, ["DMN", "DMN", "salience", "central executive", "affective"])),
        ("a graph whose edges all stay inside one network", (inside, ["DMN", "DMN", "DMN"])),
        ("8 regions in 3 networks with weights of many sizes",
         (mixed, ["DMN", "DMN", "DMN", "salience", "salience", "central executive", "central executive", "DMN"])),
    ]


def _same_values(result, expected) -> bool:
    if isinstance(result, dict):
        result = list(result.values())
    values = np.asarray(result, dtype=float)
    return values.shape == np.shape(expected) and bool(np.allclose(values, expected, rtol=1e-6, atol=1e-9,
                                                                    equal_nan=True))


_PARTICIPATION_MISTAKES = (
    (lambda w, n: _participation_variant(w, n, square=False),
     "it gives 0 for every region: without the square, the shares k_is / k_i add up to 1, so 1 − Σ k_is / k_i is "
     "always 0.", "Square each network's share before adding: 1 − Σ_s (k_is / k_i)²."),
    (lambda w, n: _participation_variant(w, n, one_minus=False),
     "it returns Σ_s (k_is / k_i)², the part that stays concentrated: the '1 −' is missing.",
     "P = 1 − Σ_s (k_is / k_i)²: a region whose edges all go to one network has P = 0, not 1."),
    (lambda w, n: _participation_variant(w, n, self_loops=True),
     "it counts the diagonal — each region with itself (weight 1) — as an edge to its own network.",
     "A region with itself is not an edge: set the diagonal to 0 first (np.fill_diagonal(w, 0) on a copy)."),
    (lambda w, n: _participation_variant(w, n, binary=True),
     "it counts edges instead of adding their weights (a binary graph).",
     "k_i is the sum of the region's edge weights, and k_is the sum of the weights to network s."),
    (lambda w, n: _participation_variant(w, n, per_edge=True),
     "it squares each edge's share; the formula squares each *network's* share.",
     "First add the weights that go to each network (k_is), then square k_is / k_i and add over networks."),
    (lambda w, n: _participation_variant(w, n, guard=False),
     "it gives NaN for a region without edges (0 / 0).",
     "The course's convention: a region without edges has P = 0 (if k_i == 0: P = 0)."),
)


def _first_call_problem(answer, args) -> Feedback | None:
    """What a first run of the learner's function on the toy graph shows before the full check: an input
    written into, ``None``, or one number instead of one P per region."""
    try:
        first = answer(*args)
    except ValueError as error:
        if "read-only" in str(error):
            return checks.wrong("your participation changes the weights it is given (it writes into them).",
                                "Work on a copy: w = np.array(weights, dtype=float), then change w.")
        return None   # check_function names the graph that raised
    except Exception:  # noqa: BLE001 - the learner's code may raise anything; check_function reports it
        return None
    if first is None:
        return checks.wrong("your participation returns None.",
                            "Finish the function: compute one P per region and `return` them (a list or an array).")
    if not isinstance(first, (dict, str, bytes)) and np.ndim(first) == 0:
        return checks.wrong("your participation returns one number; the exercise asks for one P per region.",
                            "Return the list (or array) of every region's P, in the order of the weights' rows.")
    return None


@checks.exercise("6.3", method="For each region: set the diagonal to 0; k_i = the sum of its row of weights; k_is = the "
                 "sum of the weights to the regions of network s; P_i = 1 − Σ_s (k_is / k_i)², and P_i = 0 when "
                 "k_i = 0.",
                 code="p[i] = 1 - sum((w[i, labels == s].sum() / k) ** 2 for s in set(networks)) if k > 0 else 0.0")
def check_participation_function(answer) -> Feedback:
    """Exercise 6.3: the learner's ``participation(weights, networks)``, run on the checker's own graphs.

    The graphs include the lab's toy graph, a region without edges (P = 0 by convention), edges that
    stay in one network (P = 0) and a hub spread evenly over four networks (P = 0.75, the maximum);
    each has 1 on its diagonal, which is not an edge. Typical mistakes are named.
    """
    cases = []
    for label, (weights, labels) in _participation_cases():
        weights = np.array(weights, dtype=float)
        weights.flags.writeable = False   # a function that changes its input is caught, not silently wrong
        cases.append((label, (weights, list(labels)), participation_of_weights(weights, labels)))
    problem = _first_call_problem(answer, cases[0][1]) if callable(answer) else None
    if problem is not None:
        return problem
    return checks.check_function(
        answer, cases, "Your participation", compare=_same_values, mistakes=_PARTICIPATION_MISTAKES,
        right_message=(f"your participation gives the right P on all {len(cases)} test graphs: 0 for a region "
                       "without edges and for one whose edges all go to one network, 0.75 for a hub spread evenly "
                       "over four networks, and the diagonal (a region with itself) left out."))


@checks.exercise("6.4", method="Keep the pairs with r > 0.15 as weights (0 elsewhere), give each region its network, "
                 "run your participation function, and average its 17 values (regions without edges count as 0).",
                 code="np.mean(participation(np.where(matrix > 0.15, matrix, 0), "
                      "[NODE_NETWORK[label] for label in matrix.columns]))")
def check_participation(answer, matrix, threshold: float = EXERCISE_THRESHOLD) -> Feedback:
    """Exercise 6.4: mean participation coefficient of the graph with r > ``threshold`` (or one value per
    node: a dict, a Series, or a list/array in the order of the matrix's regions)."""
    from ..methods.graphs import participation_coefficient

    matrix_to_graph, _, mean_participation = _matrix_and_graph_tools()
    graph = matrix_to_graph(matrix, threshold, "absolute")
    per_node = participation_coefficient(graph)
    expected = float(np.mean(list(per_node.values())))
    if isinstance(answer, (list, tuple, np.ndarray)) and np.ndim(answer) == 1 and len(answer) == len(per_node):
        answer = dict(zip(per_node, answer))   # one value per region, in the matrix's order
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
    try:
        kept = np.asarray(matrix, dtype=float)
        kept = np.where(kept > threshold, kept, 0.0)   # the diagonal (1) stays: a function that counts it is wrong
        labels = [NODE_NETWORK.get(str(node), str(node)) for node in per_node]
        mistakes.setdefault(float(np.mean(_participation_variant(kept, labels, self_loops=True))),
                            "your P counts each region with itself (the diagonal, r = 1) as an edge inside its own "
                            "network. Leave the diagonal out.")
    except (TypeError, ValueError):
        pass
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


def _patients_of(rows: pd.DataFrame, patients: str) -> pd.DataFrame:
    """The controls and the chosen patients (``patients`` a key of :data:`PATIENT_SUBSETS`) of some rows."""
    medication = PATIENT_SUBSETS[patients]
    keep = rows["group"] != "depressed"
    if medication is not None:
        keep |= (rows["group"] == "depressed") & (rows["medication"] == medication)
    else:
        keep |= rows["group"] == "depressed"
    return rows[keep]


@checks.exercise("6.5", method="Take the baseline rows; the unmedicated patients (group 'depressed', medication "
                 "'none') are group a, the controls group b: Hedges' g for two independent groups, with its 95% "
                 "interval.",
                 code="stats.hedges_g(table.loc[(table.group == 'depressed') & (table.medication == 'none'), "
                      "'dmn_task_positive'], table.loc[table.group == 'control', 'dmn_task_positive'])")
def check_group_effect(answer, table: pd.DataFrame, measure: str = "dmn_task_positive",
                       patients: str = "unmedicated") -> Feedback:
    """Exercise 6.5: Hedges' g (patients − controls, baseline) with its 95% CI.

    ``patients``: "unmedicated" (the exercise: patients without antidepressants, so that medication
    cannot explain a difference), "medicated" or "all".
    """
    from ..methods.stats import hedges_g
    from ..shared.groups import split_groups

    if patients not in PATIENT_SUBSETS:
        return checks.wrong(f"the checker knows no patient group {patients!r}.", f"Use one of {list(PATIENT_SUBSETS)}.")
    parts = _effect_parts(answer)
    if isinstance(parts, Feedback):
        return parts
    g, low, high = parts
    try:
        rows = _baseline_rows(table, measure)
    except Exception as error:  # noqa: BLE001 - a checker never raises
        return checks.wrong(f"the table passed to the checker is not usable: {error}", "Pass the table of the lab.")
    if patients != "all" and "medication" not in rows.columns:
        return checks.wrong("the table passed to the checker has no 'medication' column.", "Pass the lab's table.")
    chosen = _patients_of(rows, patients)
    patient_values, controls = split_groups(chosen, measure)
    effect = hedges_g(patient_values, controls)
    if not all(np.isfinite([g, low, high])):
        return checks.wrong("your numbers include NaN or infinity.", "Drop missing values; use the baseline rows.")
    who = "patients" if patients == "all" else f"{patients} patients"
    n = min(len(patient_values), len(controls))
    changes = patient_values[:n] - controls[:n]
    paired_dz = float(changes.mean() / changes.std(ddof=1))
    mistakes = {
        effect.d: "that is Cohen's d. Hedges' g multiplies it by a small-sample correction (J, just below 1).",
        -effect.g: f"right size, wrong sign: the groups are swapped. Compute {who} minus controls.",
        paired_dz: f"that pairs the first {who} with the first controls (a paired analysis, d_z). They are different "
                   "people: treat them as two independent groups.",
        -paired_dz: "that is a paired analysis (d_z) with the groups swapped. Patients and controls are independent.",
    }
    for other, words in PATIENT_SUBSETS.items():
        if other != patients:
            other_effect = hedges_g(split_groups(_patients_of(rows, other), measure)[0], controls)
            mistakes.setdefault(other_effect.g, f"that compares {'all patients' if other == 'all' else f'the {other} patients'} "
                                                f"with the controls; the exercise asks for the {who}.")
    if patients != "all":
        other = PATIENT_SUBSETS["medicated" if patients == "unmedicated" else "unmedicated"]
        patient_rows = rows[rows["group"] == "depressed"]
        inside = hedges_g(*(patient_rows.loc[patient_rows["medication"] == value, measure].to_numpy(dtype=float)
                            for value in (PATIENT_SUBSETS[patients], other)))
        mistakes.setdefault(inside.g, "that compares the two patient groups with each other; the exercise compares "
                                      f"the {who} with the controls.")
    for wrong_value, hint in mistakes.items():
        if abs(g - wrong_value) <= 0.0005 and abs(g - effect.g) > 0.0005:
            return checks.wrong(f"g = {g:.3f} is not right.", hint)
    if abs(g - effect.g) > 0.0005:
        return checks.wrong(f"g = {g:.3f} differs from Hedges' g = {who} − controls at baseline "
                            "(if you rounded it, pass the unrounded value).",
                            f"hedges_g(values of the {who}, values of the controls) on the column '{measure}'")
    if low > high:
        low, high = high, low
    if abs(low - effect.ci_low) <= 0.005 and abs(high - effect.ci_high) <= 0.005:
        word = effect_size_word(effect.g)
        zero = zero_word(effect.ci_low, effect.ci_high)
        return checks.right(f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] "
                            f"({len(patient_values)} {who} vs {len(controls)} controls): a {word} difference whose "
                            f"interval {zero} zero.")
    return checks.wrong(f"g is right, but [{low:.2f}, {high:.2f}] is not its 95% interval.",
                        "Use the interval hedges_g reports (ci_low, ci_high).")

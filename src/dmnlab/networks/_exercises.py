"""Chapter 6's exercise checkers: each names the common mistakes of its lab exercise."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..course.prose import effect_size_word, zero_word
from ..study.nodes import NETWORKS, NODE_LABELS, NODE_NETWORK
from ._measures import _baseline_rows, _ordered, network_matrix

pd = lazy.load("pandas")


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
    from ..methods.graphs import participation_coefficient

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
    from ..methods.stats import hedges_g
    from ..shared.groups import split_groups

    parts = _effect_parts(answer)
    if isinstance(parts, Feedback):
        return parts
    g, low, high = parts
    patients, controls = split_groups(_baseline_rows(table, measure), measure)
    effect = hedges_g(patients, controls)
    if not all(np.isfinite([g, low, high])):
        return checks.wrong("your numbers include NaN or infinity.", "Drop missing values; use the baseline rows.")
    n = min(len(patients), len(controls))
    changes = patients[:n] - controls[:n]
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
        word = effect_size_word(effect.g)
        zero = zero_word(effect.ci_low, effect.ci_high)
        return checks.right(f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] "
                            f"({len(patients)} patients vs {len(controls)} controls): a {word} difference whose "
                            f"interval {zero} zero.")
    return checks.wrong(f"g is right, but [{low:.2f}, {high:.2f}] is not its 95% interval.",
                        "Use the interval hedges_g reports (ci_low, ci_high).")

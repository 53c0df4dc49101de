"""Graph measures of a connectivity matrix: thresholds, modularity and participation.

A correlation matrix can be read as a **graph**: every region is a node, and every pair of
regions whose signals correlate strongly enough is joined by an edge (weighted by r, or
simply present or absent). Two measures ask how the graph is organised into the course's
four networks (its *partition*: DMN, salience, central executive, affective):

- **Modularity** Q (computed with :func:`networkx.algorithms.community.modularity`): the share
  of the edge weight that falls inside the networks, minus the share expected if edges were
  placed at random with each node keeping its degree. Q near 0: the networks are no more
  internally connected than chance; higher Q: clearly separated networks.
- **Participation coefficient** of a node i (Guimerà & Amaral 2005, doi:10.1038/nature03288):
  ``P_i = 1 − Σ_s (k_is / k_i)²``, where ``k_i`` is the node's degree (the sum of its edge
  weights in a weighted graph) and ``k_is`` the part of it that goes to network s. P = 0: all
  of the node's edges stay inside one network; P near 1 − 1/4 = 0.75 (with four networks):
  its edges are spread evenly over all of them — a "connector". networkx has no built-in for
  it; :func:`participation_coefficient` computes it from the graph's degrees.

Why the threshold changes both
------------------------------
Graph measures are computed on the edges that survive a **threshold**, and every choice of
threshold gives a different graph:

- An **absolute** threshold keeps every pair with r above a value (say r > 0.3). A low value
  lets in weak between-network correlations (raising participation, lowering modularity); a
  high value keeps only the strongest within-network pairs, so participation falls towards 0
  — and modularity can *fall* again once whole networks lose their edges and one network
  holds most of what is left. Worse, a group whose correlations are a little weaker overall
  keeps fewer edges at the same value, so its graph differs because of connection *strength*,
  not organisation.
- A **proportional** threshold keeps the same share of the strongest pairs in everyone (say
  the top 20%), so every graph has the same number of edges. That removes the difference in
  edge count, but in a person (or group) with weaker correlations the cut falls lower and
  admits weaker, noisier edges — which can itself make the graph look less modular and more
  "integrated".

Neither rule is right in general: report the rule, check that a result holds over a range of
thresholds, and check whether the groups differ in overall connection strength. Negative
correlations are dropped here (modularity and participation as defined above assume
non-negative weights); anticorrelations are real information and are studied on their own,
for example as DMN–task-positive connectivity.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..study.nodes import NETWORKS, NODE_LABELS, NODE_NETWORK

pd = lazy.load("pandas")

#: The two threshold rules of :func:`threshold_matrix`.
RULES = ("absolute", "proportional")


def _square(matrix) -> tuple[np.ndarray, list]:
    """The matrix as a float array and its node labels; a clear error if it is not square."""
    if isinstance(matrix, pd.DataFrame):
        labels = list(matrix.columns)
        values = matrix.to_numpy(dtype=float)
    else:
        values = np.asarray(matrix, dtype=float)
        labels = None
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] < 2:
        raise ValueError(f"Expected a square connectivity matrix (regions × regions); got shape {values.shape}.")
    if not np.all(np.isfinite(values)):
        raise ValueError("The connectivity matrix contains NaN or infinite values.")
    if not np.allclose(values, values.T, atol=1e-8):
        raise ValueError("The connectivity matrix is not symmetric; a correlation matrix must be.")
    if labels is None:
        n = values.shape[0]
        labels = list(NODE_LABELS) if n == len(NODE_LABELS) else list(range(n))
    return values, labels


def threshold_matrix(matrix, threshold: float, rule: str = "absolute") -> np.ndarray:
    """Keep the pairs that pass a threshold; every other entry (and the diagonal) becomes 0.

    Parameters
    ----------
    matrix
        Square, symmetric connectivity matrix (array or DataFrame), e.g. correlations r.
    threshold
        ``rule="absolute"``: keep pairs with r **above** this value (0 ≤ threshold < 1).
        ``rule="proportional"``: the share of all node pairs to keep, strongest first
        (0 < threshold ≤ 1); ties are broken by the pairs' order in the matrix.
    rule
        "absolute" or "proportional" (see the module's notes on why the choice matters).

    Returns
    -------
    numpy.ndarray
        The kept weights, symmetric, zero elsewhere. Negative weights are never kept.

    Examples
    --------
    >>> m = np.array([[1, .5, .1], [.5, 1, -.4], [.1, -.4, 1]])
    >>> threshold_matrix(m, 0.2)[0].tolist()
    [0.0, 0.5, 0.0]
    >>> int((threshold_matrix(m, 2 / 3, "proportional") > 0).sum() // 2)
    2
    """
    values, _ = _square(matrix)
    if rule not in RULES:
        raise ValueError(f"Unknown threshold rule {rule!r}; choose 'absolute' or 'proportional'.")
    threshold = float(threshold)
    n = values.shape[0]
    rows, cols = np.triu_indices(n, k=1)
    weights = values[rows, cols]
    keep = np.zeros(weights.size, dtype=bool)
    if rule == "absolute":
        if not 0.0 <= threshold < 1.0:
            raise ValueError(f"An absolute threshold on r must be between 0 and 1; got {threshold}.")
        keep = weights > threshold
    else:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"A proportional threshold is the share of pairs to keep (0 < share ≤ 1); "
                             f"got {threshold}.")
        n_keep = int(round(threshold * weights.size))
        order = np.argsort(-weights, kind="stable")[:n_keep]
        keep[order] = True
        keep &= weights > 0
    kept = np.zeros_like(values)
    kept[rows[keep], cols[keep]] = weights[keep]
    return kept + kept.T


def matrix_to_graph(matrix, threshold: float = 0.0, rule: str = "absolute", weighted: bool = True,
                    labels=None):
    """A networkx Graph of the pairs of a connectivity matrix that pass a threshold.

    Parameters
    ----------
    matrix
        Square, symmetric connectivity matrix. A DataFrame's column names become the node
        names; a 17-node array gets the course's ``NODE_LABELS``.
    threshold, rule
        See :func:`threshold_matrix`.
    weighted
        ``True``: each edge's ``weight`` is its r. ``False``: every edge has weight 1 (a binary
        graph: only whether two regions are connected counts, not how strongly).
    labels
        Node names in matrix order (overrides the DataFrame's).

    Returns
    -------
    networkx.Graph
        Every region is a node (also those left without edges), with a ``network`` attribute
        when the label is one of the course's nodes. ``graph.graph`` records the threshold,
        rule and whether the graph is weighted.
    """
    import networkx as nx

    values, found = _square(matrix)
    labels = found if labels is None else list(labels)
    if len(labels) != values.shape[0]:
        raise ValueError(f"{len(labels)} labels for a {values.shape[0]}-node matrix.")
    kept = threshold_matrix(values, threshold, rule)
    graph = nx.Graph(threshold=float(threshold), rule=rule, weighted=bool(weighted))
    for label in labels:
        graph.add_node(label, network=NODE_NETWORK.get(label))
    rows, cols = np.nonzero(np.triu(kept, k=1))
    for i, j in zip(rows, cols):
        graph.add_edge(labels[i], labels[j], weight=float(kept[i, j]) if weighted else 1.0)
    return graph


def course_partition(nodes) -> list[set]:
    """The course's four networks as a partition of ``nodes``: one set per network present.

    Raises a ValueError naming any node that is not one of the course's regions.
    """
    nodes = list(nodes)
    unknown = [node for node in nodes if node not in NODE_NETWORK]
    if unknown:
        raise ValueError(f"No network known for {unknown}: pass your own partition.")
    return [{node for node in nodes if NODE_NETWORK[node] == network} for network in NETWORKS
            if any(NODE_NETWORK[node] == network for node in nodes)]


def _communities(graph, partition) -> list[set]:
    """A partition given as None (the course's), {node: module} or a list of node sets."""
    if partition is None:
        return course_partition(graph.nodes)
    if isinstance(partition, dict):
        modules: dict = {}
        for node, module in partition.items():
            modules.setdefault(module, set()).add(node)
        communities = list(modules.values())
    else:
        communities = [set(part) for part in partition]
    # Nodes the graph does not have are left out (a partition of all 17 regions fits a subgraph).
    communities = [part & set(graph.nodes) for part in communities]
    communities = [part for part in communities if part]
    covered = [node for part in communities for node in part]
    missing = set(graph.nodes) - set(covered)
    if missing or len(covered) != len(set(covered)):
        raise ValueError("The partition must put every node of the graph in exactly one module"
                         + (f"; missing {sorted(map(str, missing))}" if missing else "") + ".")
    return communities


def modularity(graph, partition=None, weight: str | None = "weight", resolution: float = 1.0) -> float:
    """Modularity Q of a partition of the graph (networkx's implementation).

    Parameters
    ----------
    graph
        A networkx Graph, e.g. from :func:`matrix_to_graph`.
    partition
        ``None`` (the course's four networks), a dict ``{node: module}`` or a list of node sets;
        every node of the graph must be in exactly one module (nodes it lacks are ignored).
    weight
        Edge attribute holding the weight; ``None`` counts every edge as 1.
    resolution
        networkx's resolution γ (1 = the standard definition).

    Returns
    -------
    float
        Q; NaN for a graph without edges (there is nothing to divide into modules).
    """
    from networkx.algorithms.community import modularity as nx_modularity

    communities = _communities(graph, partition)
    if graph.size(weight=weight) == 0:
        return float("nan")
    return float(nx_modularity(graph, communities, weight=weight, resolution=resolution))


def participation_coefficient(graph, partition=None, weight: str | None = "weight") -> dict:
    """Each node's participation coefficient P_i = 1 − Σ_s (k_is / k_i)² (Guimerà & Amaral 2005).

    ``k_i`` is the node's degree in ``graph`` (with ``weight``: the sum of its edge weights, its
    "strength"); ``k_is`` the part of it that goes to nodes of module s. A node without edges
    gets P = 0 (a convention: it connects nothing).

    Returns
    -------
    dict
        ``{node: P}``, in the graph's node order.

    Examples
    --------
    >>> import networkx as nx
    >>> star = nx.Graph([("hub", "a1"), ("hub", "b1")])
    >>> participation_coefficient(star, {"hub": "A", "a1": "A", "b1": "B"})["hub"]
    0.5
    """
    communities = _communities(graph, partition)
    module_of = {node: index for index, part in enumerate(communities) for node in part}
    result = {}
    for node in graph.nodes:
        degree = graph.degree(node, weight=weight)
        if degree == 0:
            result[node] = 0.0
            continue
        to_module = np.zeros(len(communities))
        for neighbour, data in graph[node].items():
            to_module[module_of[neighbour]] += 1.0 if weight is None else data.get(weight, 1.0)
        result[node] = float(1.0 - np.sum((to_module / degree) ** 2))
    return result


def mean_participation(graph, partition=None, weight: str | None = "weight") -> float:
    """The mean participation coefficient over all nodes (those without edges count as 0)."""
    values = list(participation_coefficient(graph, partition, weight).values())
    return float(np.mean(values)) if values else float("nan")


def graph_measures(matrix, threshold: float, rule: str = "absolute", weighted: bool = True,
                   partition=None) -> dict:
    """Edges, density, modularity and mean participation of a thresholded matrix.

    Returns
    -------
    dict
        ``n_edges``, ``density`` (edges / possible pairs), ``modularity``, ``participation``
        (mean over nodes), ``weakest_r`` (the smallest kept r: where the cut fell; NaN if no
        edge survived), ``threshold``, ``rule``, ``weighted``.
    """
    graph = matrix_to_graph(matrix, threshold, rule, weighted)
    weight = "weight" if weighted else None
    n = graph.number_of_nodes()
    values, _ = _square(matrix)
    kept = threshold_matrix(values, threshold, rule)
    positive = kept[np.triu_indices(n, k=1)]
    positive = positive[positive > 0]
    return {
        "n_edges": int(graph.number_of_edges()),
        "density": float(graph.number_of_edges() / (n * (n - 1) / 2)),
        "modularity": modularity(graph, partition, weight),
        "participation": mean_participation(graph, partition, weight),
        "weakest_r": float(positive.min()) if positive.size else float("nan"),
        "threshold": float(threshold), "rule": rule, "weighted": bool(weighted),
    }

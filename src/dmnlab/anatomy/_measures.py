"""Chapter 1's data and measures: the example participant's run, the DMN as the data show it, and
a brain's strongest DMN pair."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..shared.examples import example_timeseries
from ..study.nodes import DMN_NODES, NODE_NETWORK

pd = lazy.load("pandas")

__all__ = ["DMN_SEEDS", "dmn_members_in_data", "example_timeseries", "network_scores", "strongest_dmn_pair"]

#: The two DMN seeds exercise 1.3 checks candidates against (the hub and a second seed).
DMN_SEEDS = ("PCC", "mPFC")


def network_scores(timeseries: pd.DataFrame, seeds: tuple[str, ...] = DMN_SEEDS) -> pd.DataFrame:
    """How much each region moves with the DMN seeds, and with each other network's regions.

    One row per region; column ``"DMN seeds"`` is its mean correlation with ``seeds``, and one
    column per other network (salience, central executive, affective) holds its mean correlation
    with that network's regions. A region is never compared with itself (the diagonal, r = 1,
    is left out), so a seed's own score is its correlation with the other seed(s).
    """
    corr = timeseries.corr()
    off_diagonal = corr.mask(np.eye(len(corr), dtype=bool))
    scores = pd.DataFrame({"DMN seeds": off_diagonal[list(seeds)].mean(axis=1)})
    for network in dict.fromkeys(NODE_NETWORK[label] for label in corr.columns if label in NODE_NETWORK):
        if network != "DMN":
            members = [label for label in corr.columns if NODE_NETWORK.get(label) == network]
            scores[network] = off_diagonal[members].mean(axis=1)
    return scores


def dmn_members_in_data(timeseries: pd.DataFrame, seeds: tuple[str, ...] = DMN_SEEDS) -> set[str]:
    """The regions that move with the DMN seeds in *these* data (no fixed threshold).

    The seeds, plus every region whose mean correlation with the seeds is positive and higher
    than its mean correlation with the regions of any other network: each region joins the
    network it moves with most. In one noisy run this can differ from the atlas's DMN (a weakly
    coupled hippocampus may drop out, an affective region may join); exercise 1.3's checker
    accepts either answer and says which regions differ.
    """
    scores = network_scores(timeseries, seeds)
    with_seeds = scores["DMN seeds"]
    best_other = scores.drop(columns="DMN seeds").max(axis=1)
    wins = (with_seeds > 0) & (with_seeds > best_other)
    return set(scores.index[wins]) | set(seeds)


def strongest_dmn_pair(timeseries: pd.DataFrame) -> tuple[str, str]:
    """The pair of DMN nodes with the highest correlation in a region-by-time table."""
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    matrix = timeseries[dmn].corr().to_numpy().copy()
    np.fill_diagonal(matrix, -np.inf)
    i, j = np.unravel_index(np.argmax(matrix), matrix.shape)
    return tuple(sorted((dmn[i], dmn[j])))

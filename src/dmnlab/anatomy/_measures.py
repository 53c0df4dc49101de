"""Chapter 1's data and measures: the example participant's run, the DMN as the data show it, and
a brain's strongest DMN pair."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..methods.connectivity import fisher_mean
from ..shared.examples import example_timeseries
from ..study.nodes import DMN_NODES, NODE_NETWORK

pd = lazy.load("pandas")

__all__ = ["CORTEX_SEEDS", "CORTEX_TOP_PARCELS", "DMN_SEEDS", "cortex_seed_map", "cortex_seed_parcels",
           "cortex_seed_summary", "dmn_members_in_data", "example_timeseries", "network_scores",
           "strongest_dmn_pair"]

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


# --- the DMN on a real cortex (REAL: HCP group connectivity, Schaefer 400 parcels) ----------------
#: Seed regions of the real-cortex seed map, {key: plain name}. Each seed is a set of Schaefer-400
#: parcels (both hemispheres): see :func:`cortex_seed_parcels`.
CORTEX_SEEDS = {
    "PCC": "posterior cingulate / precuneus (default mode)",
    "mPFC": "medial prefrontal cortex (default mode)",
    "visual": "occipital pole (visual)",
    "insula": "anterior insula (salience)",
}
#: How many parcels count as "most connected with the seed" in :func:`cortex_seed_summary` (10 %).
CORTEX_TOP_PARCELS = 40


def _parcel_centres(n_parcels: int = 400):
    """Each Schaefer parcel's centre (mean x, y, z of its vertices on the conte69 surface, mm)."""
    from ..datasets import hcpgroup

    parcels = hcpgroup.surface_parcellation(n_parcels)
    coordinates = np.vstack([hcpgroup.surface_mesh("left")[0], hcpgroup.surface_mesh("right")[0]])
    return np.array([coordinates[parcels == k].mean(axis=0) for k in range(1, n_parcels + 1)])


def cortex_seed_parcels(seed: str = "PCC") -> np.ndarray:
    """True at the Schaefer-400 parcels (file order) that make up a seed of :data:`CORTEX_SEEDS`.

    - ``"PCC"``: the Default network's posterior cingulate / precuneus parcels (``Default_pCunPCC``);
    - ``"mPFC"``: the Default network's prefrontal parcels on the medial surface (centre within
      10 mm of the midline, at least 30 mm in front of the origin);
    - ``"visual"``: the visual network's parcels at the occipital pole (centre at y ≤ −85 mm);
    - ``"insula"``: the salience network's frontal-operculum / anterior-insula parcels
      (``SalVentAttn_FrOperIns``).
    """
    from ..course.errors import CourseInputError
    from ..datasets import hcpgroup

    labels = hcpgroup.schaefer_labels(400)
    names, network = labels["label"], labels["network"].to_numpy()
    if seed == "PCC":
        chosen = names.str.contains("_Default_pCunPCC_").to_numpy()
    elif seed == "insula":
        chosen = names.str.contains("_SalVentAttn_FrOperIns_").to_numpy()
    elif seed in ("mPFC", "visual"):
        x, y = _parcel_centres(400)[:, :2].T
        chosen = ((network == "Default") & names.str.contains("_PFC").to_numpy() & (np.abs(x) <= 10) & (y >= 30)
                  if seed == "mPFC" else (network == "Vis") & (y <= -85))
    else:
        raise CourseInputError(f"seed must be one of {list(CORTEX_SEEDS)}, not {seed!r}.")
    return np.asarray(chosen, dtype=bool)


def cortex_seed_map(seed: str = "PCC", sample: str = "main") -> pd.Series:
    """REAL seed map: each Schaefer-400 parcel's correlation with a seed of :data:`CORTEX_SEEDS`.

    The HCP group matrix's correlations with the seed's parcels, averaged with Fisher z; a seed
    parcel's correlation with itself (r = 1) is left out. ``sample``: the main group or the
    hold-out group (an independent replication).
    """
    from ..datasets import hcpgroup

    matrix = hcpgroup.group_connectivity(400, sample)
    chosen = np.where(cortex_seed_parcels(seed))[0]
    z = np.arctanh(np.clip(matrix.to_numpy(dtype=float)[chosen], -0.999999, 0.999999))
    z[np.arange(len(chosen)), chosen] = np.nan
    values = pd.Series(np.tanh(np.nanmean(z, axis=0)), index=matrix.index, name=f"r with {seed}")
    values.attrs.update(matrix.attrs)
    return values


def cortex_seed_summary(seed: str = "PCC") -> dict:
    """What the real seed map shows, in numbers (seed parcels left out of every mean).

    ``n_seed`` parcels in the seed; ``inside`` and ``outside``: mean r (Fisher z) with the parcels
    inside and outside the Schaefer default mode network; ``top_default``: the share of the
    :data:`CORTEX_TOP_PARCELS` parcels most connected with the seed that lie in the default mode
    network, against ``default_share``, its share of all parcels; ``by_network``: mean r per
    network (plain names); ``lowest``: the lowest r of any parcel; ``replication``: the correlation
    of the map with the hold-out group's map.
    """
    from ..datasets import hcpgroup

    labels = hcpgroup.schaefer_labels(400)
    values = cortex_seed_map(seed).to_numpy()
    seed_parcels = cortex_seed_parcels(seed)
    default = (labels["network"] == "Default").to_numpy()
    others = ~seed_parcels
    order = np.argsort(-np.where(others, values, -np.inf))[:CORTEX_TOP_PARCELS]
    by_network = {hcpgroup.NETWORK_NAMES[code]: fisher_mean(values[(labels["network"] == code).to_numpy() & others])
                  for code in hcpgroup.NETWORK_NAMES}
    holdout = cortex_seed_map(seed, "holdout").to_numpy()
    return {
        "seed": seed, "name": CORTEX_SEEDS[seed], "n_seed": int(seed_parcels.sum()),
        "inside": fisher_mean(values[default & others]), "outside": fisher_mean(values[~default & others]),
        "top_default": float(default[order].mean()), "default_share": float(default.mean()),
        "by_network": by_network, "lowest": float(values[others].min()),
        "replication": float(np.corrcoef(values[others], holdout[others])[0, 1]),
    }

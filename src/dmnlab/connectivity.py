"""Functional connectivity: how strongly regions' signals go up and down together.

Functional connectivity between two regions is, here, the Pearson correlation of
their BOLD time series. The matrix of all pairwise correlations is computed with
nilearn's :class:`~nilearn.connectome.ConnectivityMeasure`; averages of
correlations are taken on Fisher's z scale (``arctanh``) and turned back into r.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .nodes import NODE_NETWORK


def correlation_matrix(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Node-by-node Pearson correlation of a region-by-time table.

    Parameters
    ----------
    timeseries
        One column per region, one row per volume.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, ones on the diagonal, labelled by region.
    """
    from nilearn.connectome import ConnectivityMeasure
    from sklearn.covariance import EmpiricalCovariance

    values = np.asarray(timeseries, dtype=float)
    if values.ndim != 2 or values.shape[0] < 3:
        raise ValueError(
            f"Expected a table with one column per region and at least 3 time points; got shape {values.shape}."
        )
    # nilearn's default covariance estimator (Ledoit–Wolf) shrinks correlations towards 0;
    # the empirical estimator gives the plain Pearson correlation that studies report.
    measure = ConnectivityMeasure(kind="correlation", cov_estimator=EmpiricalCovariance(),
                                  standardize="zscore_sample")
    matrix = measure.fit_transform([values])[0]
    np.fill_diagonal(matrix, 1.0)
    labels = list(timeseries.columns) if hasattr(timeseries, "columns") else list(range(values.shape[1]))
    return pd.DataFrame(matrix, index=labels, columns=labels)


def seed_connectivity(timeseries: pd.DataFrame, seed: str) -> pd.Series:
    """Correlation of one seed region's signal with every other region's.

    Examples
    --------
    >>> from dmnlab.simulate import simulate_run
    >>> seed_connectivity(simulate_run(seed=0), "PCC").drop("PCC").idxmax() in ("PCUN", "mPFC", "AG_L", "AG_R", "HIPP_L", "HIPP_R")
    True
    """
    if seed not in timeseries.columns:
        raise KeyError(f"Seed {seed!r} is not a column; available: {list(timeseries.columns)}.")
    values = timeseries.to_numpy(dtype=float)
    values = (values - values.mean(axis=0)) / values.std(axis=0)
    seed_values = values[:, list(timeseries.columns).index(seed)]
    r = values.T @ seed_values / len(seed_values)
    return pd.Series(r, index=timeseries.columns, name=f"r with {seed}")


def fisher_mean(correlations) -> float:
    """Average correlations on Fisher's z scale, returned as r."""
    values = np.clip(np.asarray(correlations, dtype=float), -0.999999, 0.999999)
    return float(np.tanh(np.arctanh(values).mean()))


def _pairs(labels, first, second):
    labels = list(labels)
    pairs = []
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if j <= i:
                continue
            nets = (NODE_NETWORK.get(a), NODE_NETWORK.get(b))
            if nets == (first, second) or nets == (second, first):
                pairs.append((i, j))
    return pairs


def network_connectivity(matrix: pd.DataFrame, first: str, second: str | None = None) -> float:
    """Mean connectivity within one network (``second`` omitted) or between two.

    Parameters
    ----------
    matrix
        Correlation matrix labelled by node (see :func:`correlation_matrix`).
    first, second
        Network names, e.g. ``"DMN"`` and ``"central executive"``.
    """
    second = first if second is None else second
    pairs = _pairs(matrix.columns, first, second)
    if not pairs:
        raise ValueError(f"No node pairs between {first!r} and {second!r} in this matrix.")
    values = matrix.to_numpy()
    return fisher_mean([values[i, j] for i, j in pairs])


def within_network_connectivity(matrix: pd.DataFrame, network: str = "DMN") -> float:
    """Mean correlation between the nodes of one network (Fisher-z average)."""
    return network_connectivity(matrix, network)


def between_network_connectivity(matrix: pd.DataFrame, first: str, second: str) -> float:
    """Mean correlation between nodes of two networks (Fisher-z average)."""
    return network_connectivity(matrix, first, second)


def network_summary(matrix: pd.DataFrame, networks=None) -> pd.DataFrame:
    """Network-by-network table of mean connectivity (diagonal: within a network)."""
    present = [NODE_NETWORK[label] for label in matrix.columns if label in NODE_NETWORK]
    networks = list(dict.fromkeys(present)) if networks is None else list(networks)
    table = pd.DataFrame(index=networks, columns=networks, dtype=float)
    for a in networks:
        for b in networks:
            if a == b and present.count(a) < 2:
                table.loc[a, b] = np.nan
            else:
                table.loc[a, b] = network_connectivity(matrix, a, b)
    table.index.name = "network"
    return table

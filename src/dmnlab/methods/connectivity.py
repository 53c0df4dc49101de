"""Functional connectivity: how strongly regions' signals go up and down together.

Functional connectivity between two regions is, here, the Pearson correlation of
their BOLD time series. The matrix of all pairwise correlations is computed with
nilearn's :class:`~nilearn.connectome.ConnectivityMeasure`; averages of
correlations are taken on Fisher's z scale (``arctanh``) and turned back into r.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..study.nodes import DMN_NODES, NODE_LABELS, NODE_NETWORK
from .complexity import sample_entropy

pd = lazy.load("pandas")


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
    >>> from dmnlab.cohort.signals import simulate_run
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


def group_correlation_matrix(timeseries_list) -> pd.DataFrame:
    """The group's correlation matrix: each run's matrix averaged on Fisher's z scale.

    Parameters
    ----------
    timeseries_list
        Region-by-time tables with the same columns (e.g. one per participant).
    """
    frames = list(timeseries_list)
    if not frames:
        raise ValueError("Give at least one region-by-time table.")
    labels = list(frames[0].columns)
    z = [np.arctanh(np.clip(np.corrcoef(frame[labels].to_numpy(dtype=float).T), -0.999999, 0.999999))
         for frame in frames]
    matrix = np.tanh(np.mean(z, axis=0))
    np.fill_diagonal(matrix, 1.0)
    return pd.DataFrame(matrix, index=labels, columns=labels)


def pair_pattern_similarity(first: pd.DataFrame, second: pd.DataFrame, nodes) -> float:
    """Pearson r between two matrices' values over the node pairs of ``nodes`` (upper triangle).

    How similar two connectivity *patterns* are, whatever their overall level: e.g. the
    simulated and the real DMN pairs.
    """
    nodes = list(nodes)
    rows, cols = np.triu_indices(len(nodes), k=1)
    a = first.loc[nodes, nodes].to_numpy()[rows, cols]
    b = second.loc[nodes, nodes].to_numpy()[rows, cols]
    return float(np.corrcoef(a, b)[0, 1])


def regress_out_global_signal(timeseries: pd.DataFrame, global_signal) -> pd.DataFrame:
    """Remove the global signal from every region by linear regression (global-signal regression).

    Each column is replaced by its residual after regressing it on the (standardised) global
    signal and a constant, with nilearn's :func:`nilearn.signal.clean`. Global-signal regression
    removes what all regions share (breathing, head motion, arousal, and some neural signal) and
    shifts every correlation down: it can *create* negative correlations (Murphy et al. 2009), so
    whether the DMN's anticorrelation is real is a long-running debate (Fox et al. 2009; Chang &
    Glover 2010).

    Parameters
    ----------
    timeseries
        Region-by-time table.
    global_signal
        One value per time point: usually the mean of *all* brain regions (not only the
        regions in the table).
    """
    from nilearn.signal import clean

    values = np.asarray(timeseries, dtype=float)
    confound = np.asarray(global_signal, dtype=float).reshape(-1, 1)
    if confound.shape[0] != values.shape[0]:
        raise ValueError(f"The global signal has {confound.shape[0]} time points; the table has "
                         f"{values.shape[0]}.")
    cleaned = clean(values, detrend=False, standardize=None, confounds=confound,
                    standardize_confounds=True, filter=False)
    return pd.DataFrame(cleaned, index=timeseries.index, columns=timeseries.columns)


def fisher_mean(correlations) -> float:
    """Average correlations on Fisher's z scale, returned as r."""
    values = np.clip(np.asarray(correlations, dtype=float), -0.999999, 0.999999)
    return float(np.tanh(np.arctanh(values).mean()))


def pair_indices(labels, first: str, second: str | None = None,
                 exclude_sgacc_dmn: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices (upper triangle) of the node pairs within or between networks.

    Parameters
    ----------
    labels
        Node labels in matrix order.
    first, second
        Network names; ``second`` omitted = pairs within ``first``.
        ``first="between"`` = every pair of nodes in different networks.
    exclude_sgacc_dmn
        Leave out the sgACC–DMN pairs (the sgACC is an affective node that the
        course measures with the DMN separately).
    """
    labels = list(labels)
    rows, cols = [], []
    for i, a in enumerate(labels):
        for j in range(i + 1, len(labels)):
            b = labels[j]
            na, nb = NODE_NETWORK.get(a), NODE_NETWORK.get(b)
            if exclude_sgacc_dmn and "sgACC" in (a, b) and "DMN" in (na, nb):
                continue
            if first == "between":
                keep = na is not None and nb is not None and na != nb
            elif second is None or second == first:
                keep = na == nb == first
            else:
                keep = {na, nb} == {first, second}
            if keep:
                rows.append(i)
                cols.append(j)
    return np.array(rows, dtype=int), np.array(cols, dtype=int)


def network_connectivity(matrix: pd.DataFrame, first: str, second: str | None = None) -> float:
    """Mean connectivity within one network (``second`` omitted) or between two.

    Parameters
    ----------
    matrix
        Correlation matrix labelled by node (see :func:`correlation_matrix`).
    first, second
        Network names, e.g. ``"DMN"`` and ``"central executive"``.
    """
    rows, cols = pair_indices(matrix.columns, first, second)
    if rows.size == 0:
        raise ValueError(f"No node pairs between {first!r} and {second or first!r} in this matrix.")
    return fisher_mean(matrix.to_numpy()[rows, cols])


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


#: The node pairs behind each summary measure of :func:`summarise_run`.
_SUMMARY_PAIRS = {
    "within DMN": pair_indices(NODE_LABELS, "DMN"),
    "within CE": pair_indices(NODE_LABELS, "central executive"),
    "DMN–task-positive": tuple(np.concatenate(parts) for parts in zip(
        pair_indices(NODE_LABELS, "DMN", "salience"), pair_indices(NODE_LABELS, "DMN", "central executive"))),
    "DMN–sgACC": (np.array([NODE_LABELS.index(label) for label in DMN_NODES]),
                  np.full(len(DMN_NODES), NODE_LABELS.index("sgACC"))),
    "between networks": pair_indices(NODE_LABELS, "between", exclude_sgacc_dmn=True),
}


def summarise_run(timeseries, entropy: bool = False) -> dict:
    """The course's summary measures of one run (fast: NumPy's correlation, no nilearn).

    Parameters
    ----------
    timeseries
        ``(time, 17 nodes)`` DataFrame or array with columns in ``NODE_LABELS`` order.
    entropy
        Also compute the mean sample entropy over nodes (slower, ~5 ms).

    Returns
    -------
    dict
        ``within DMN``, ``within CE``, ``DMN–task-positive``, ``DMN–sgACC``,
        ``between networks`` (mean r, averaged on Fisher's z scale; "between
        networks" pools every pair of nodes in different networks except the
        sgACC–DMN pairs), ``mPFC amplitude`` (SD of the mPFC signal) and
        optionally ``entropy``.
    """
    if isinstance(timeseries, pd.DataFrame):
        if tuple(timeseries.columns) != NODE_LABELS:
            timeseries = timeseries[list(NODE_LABELS)]
        values = timeseries.to_numpy(dtype=float)
    else:
        values = np.asarray(timeseries, dtype=float)
    corr = np.corrcoef(values, rowvar=False)
    summary = {name: fisher_mean(corr[rows, cols]) for name, (rows, cols) in _SUMMARY_PAIRS.items()}
    summary["mPFC amplitude"] = float(values[:, NODE_LABELS.index("mPFC")].std())
    if entropy:
        standardised = (values - values.mean(axis=0)) / values.std(axis=0)
        summary["entropy"] = float(np.mean(sample_entropy(standardised)))
    return summary



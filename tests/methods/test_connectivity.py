"""Connectivity helpers against plain NumPy computations."""
import numpy as np
import pandas as pd
import pytest

from dmnlab.cohort.signals import simulate_run
from dmnlab.methods import connectivity
from dmnlab.study.nodes import DMN_NODES, NODE_NETWORK


@pytest.fixture(scope="module")
def run():
    return simulate_run(n_volumes=300, seed=11)


def test_correlation_matrix_equals_numpy(run):
    ours = connectivity.correlation_matrix(run)
    assert np.allclose(ours.to_numpy(), np.corrcoef(run.to_numpy().T), atol=1e-10)
    assert list(ours.index) == list(run.columns)


def test_correlation_matrix_rejects_too_short_input():
    with pytest.raises(ValueError, match="at least 3 time points"):
        connectivity.correlation_matrix(pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}))


def test_seed_connectivity_equals_numpy(run):
    ours = connectivity.seed_connectivity(run, "PCC")
    assert np.allclose(ours.to_numpy(), np.corrcoef(run.to_numpy().T)[0])
    with pytest.raises(KeyError, match="available"):
        connectivity.seed_connectivity(run, "V1")


def test_within_and_between_network_means(run):
    matrix = connectivity.correlation_matrix(run)
    values = matrix.to_numpy()
    labels = list(matrix.columns)
    idx = [labels.index(n) for n in DMN_NODES]
    pairs = [values[i, j] for a, i in enumerate(idx) for j in idx[a + 1:]]
    assert connectivity.within_network_connectivity(matrix, "DMN") == pytest.approx(
        np.tanh(np.mean(np.arctanh(pairs))))
    cen = [labels.index(n) for n in labels if NODE_NETWORK[n] == "central executive"]
    between = [values[i, j] for i in idx for j in cen]
    assert connectivity.between_network_connectivity(matrix, "DMN", "central executive") == pytest.approx(
        np.tanh(np.mean(np.arctanh(between))))


def test_network_summary_is_symmetric_with_within_on_the_diagonal(run):
    summary = connectivity.network_summary(connectivity.correlation_matrix(run))
    assert np.allclose(summary.to_numpy(), summary.to_numpy().T)
    assert summary.loc["DMN", "DMN"] > 0.3 > summary.loc["DMN", "central executive"]


def test_fisher_mean_differs_from_plain_mean_for_large_r():
    assert connectivity.fisher_mean([0.9, 0.1]) > np.mean([0.9, 0.1])

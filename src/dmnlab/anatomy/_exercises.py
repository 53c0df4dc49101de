"""Chapter 1's exercise checkers (``check_*``): each names the common mistakes it recognises."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.nodes import DMN_NODES, NODE_LABELS, NODE_NETWORK
from ._measures import strongest_dmn_pair

pd = lazy.load("pandas")


def _reference_matrix(timeseries: pd.DataFrame) -> np.ndarray:
    return np.corrcoef(np.asarray(timeseries, dtype=float).T)


def check_correlation_matrix(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.1: the region-by-region correlation matrix of ``timeseries``."""
    n = timeseries.shape[1]
    matrix = checks.as_matrix(answer, (n, n), "Your correlation matrix")
    if isinstance(matrix, Feedback):
        return matrix
    expected = _reference_matrix(timeseries)
    if np.allclose(matrix, expected, atol=1e-3):
        return checks.right("this is the functional connectivity matrix: each cell is the "
                            "correlation of two regions' signals over time.")
    if np.allclose(matrix, np.cov(np.asarray(timeseries, dtype=float).T), atol=1e-3):
        return checks.wrong("this is the covariance matrix, not the correlation.",
                            "Use np.corrcoef or DataFrame.corr(): correlation divides the "
                            "covariance by both standard deviations.")
    if not np.allclose(np.diag(matrix), 1.0, atol=1e-3):
        return checks.wrong("the diagonal should be 1: every region correlates perfectly with itself.",
                            "Compute a Pearson correlation between regions, not another measure.")
    return checks.wrong("the values differ from the Pearson correlations of these signals.",
                        "Correlate the columns (regions) of the table, using all time points.")


def check_seed_map(answer, timeseries: pd.DataFrame, seed: str = "PCC") -> Feedback:
    """Exercise 1.2: correlation of the seed's signal with each region's (one value per region)."""
    expected = _reference_matrix(timeseries)[list(timeseries.columns).index(seed)]
    if isinstance(answer, pd.DataFrame):
        return checks.wrong("you gave a whole table; the seed map has one value per region.",
                            f"Select the {seed} column of the correlation matrix.")
    if isinstance(answer, pd.Series):
        missing = [label for label in timeseries.columns if label not in answer.index]
        if missing:
            return checks.wrong(f"your Series lacks regions {missing}.",
                                "Keep one entry per region, including the seed itself.")
        answer = answer.reindex(timeseries.columns)
    values = checks.as_matrix(np.atleast_2d(answer) if answer is not None else None,
                              (1, len(expected)), "Your seed map")
    if isinstance(values, Feedback):
        return values
    values = values[0]
    if np.allclose(values, expected, atol=1e-3):
        strongest = pd.Series(expected, index=timeseries.columns).drop(seed).idxmax()
        return checks.right(f"the {seed} correlates most with {strongest}; the positive values "
                            "outline the DMN.")
    if np.allclose(values, -expected, atol=1e-3):
        return checks.wrong("your values have the wrong sign.", "Correlation is symmetric: "
                            "do not subtract it from anything.")
    return checks.wrong(f"these are not the correlations with the {seed}.",
                        f"Take the {seed} row (or column) of the correlation matrix.")


def check_dmn_members(answer, timeseries: pd.DataFrame | None = None) -> Feedback:
    """Exercise 1.3: which regions form the DMN (correlate positively with the PCC)?

    Accepts a list of region labels, with or without the PCC itself.
    """
    labels = checks.as_label_set(answer, "Your list", set(NODE_LABELS))
    if isinstance(labels, Feedback):
        return labels
    expected = set(DMN_NODES)
    labels_with_seed = labels | {"PCC"}
    if labels_with_seed == expected:
        return checks.right(f"the DMN in this course is {sorted(expected)}: the regions whose "
                            "signals rise and fall together with the PCC.")
    extra = sorted(labels_with_seed - expected)
    missing = sorted(expected - labels_with_seed)
    # Say what *this* participant's data show, so the message is true for the learner's data.
    with_pcc = timeseries.corr()["PCC"] if timeseries is not None and "PCC" in timeseries else None

    def r_text(labels):
        if with_pcc is None:
            return ""
        return " (r with the PCC here: " + ", ".join(f"{label} {with_pcc[label]:+.2f}" for label in labels) + ")"

    if any(NODE_NETWORK[label] in ("salience", "central executive") for label in extra):
        return checks.wrong(f"{extra} are not DMN regions{r_text(extra)}.",
                            "Regions with *negative* correlations with the PCC are anticorrelated: "
                            "they belong to the task-positive networks.")
    if any(NODE_NETWORK[label] == "affective" for label in extra):
        return checks.wrong(
            f"{extra} are affective regions{r_text(extra)}: they can correlate with the PCC, but they "
            "are defined by their coupling with each other (amygdalae, sgACC), not with the DMN.",
            "One seed's map mixes networks. Check a candidate against a second DMN seed (e.g. the "
            "mPFC or the angular gyri): DMN regions correlate with all of them.")
    if missing:
        return checks.wrong(
            f"missing {missing}{r_text(missing)}.",
            "The hippocampi couple more weakly with the cortical DMN than its other regions do: a "
            "high threshold on the PCC's map drops them. Compare with a second DMN seed.")
    return checks.wrong(f"not in the DMN: {extra}{r_text(extra)}.",
                        "Sort the PCC's correlations from high to low and compare with a second DMN seed.")


def check_within_dmn(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.4: mean within-DMN connectivity (Fisher-z average of the DMN pairs)."""
    from ..methods.connectivity import correlation_matrix, within_network_connectivity

    matrix = correlation_matrix(timeseries)
    expected = within_network_connectivity(matrix, "DMN")
    dmn = [label for label in DMN_NODES if label in matrix.columns]
    block = matrix.loc[dmn, dmn].to_numpy()
    with_diagonal = float(block.mean())
    plain_mean = float(block[np.triu_indices(len(dmn), 1)].mean())
    mistakes = {
        with_diagonal: "You included the diagonal (each region with itself, r = 1): use only "
                       "pairs of different regions.",
    }
    if abs(plain_mean - expected) > 0.005:
        mistakes[plain_mean] = ("You averaged r directly; average on Fisher's z scale "
                                "(np.arctanh, then np.tanh) — or use within_network_connectivity.")
    return checks.check_close(answer, expected, "Mean within-DMN connectivity", 0.005, mistakes)


def check_strongest_dmn_pair(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.5: which two DMN nodes are most strongly coupled in this (real) brain?

    Accepts two labels in any order (a tuple, list or set).
    """
    labels = checks.as_label_set(answer, "Your pair", set(NODE_LABELS))
    if isinstance(labels, Feedback):
        return labels
    if len(labels) != 2:
        return checks.wrong(f"give exactly two region labels; you gave {len(labels)}.",
                            "For example ('PCUN', 'AG_R').")
    expected = strongest_dmn_pair(timeseries)
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    matrix = timeseries[dmn].corr()
    if set(expected) == labels:
        return checks.right(f"{expected[0]}–{expected[1]} is this brain's strongest DMN pair "
                            f"(r = {matrix.loc[expected[0], expected[1]]:.2f}). In real data the DMN is not "
                            "uniform: some pairs couple far more than others.")
    outside = sorted(label for label in labels if label not in dmn)
    if outside:
        return checks.wrong(f"{outside} are not DMN nodes.", "Look only at the DMN block of the matrix.")
    a, b = sorted(labels)
    return checks.wrong(f"{a}–{b} has r = {matrix.loc[a, b]:.2f}; another DMN pair is stronger.",
                        "Set the diagonal aside (r = 1) and find the largest value in the DMN block.")

"""Chapter 1's exercise checkers (``check_*``): each names the common mistakes it recognises."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.nodes import DMN_NODES, NODE_LABELS, NODE_NETWORK
from ._measures import DMN_SEEDS, dmn_members_in_data, network_scores, strongest_dmn_pair

pd = lazy.load("pandas")

#: Exercise 1.4's tolerance: a value rounded to three decimals passes, the plain mean of r does not.
_WITHIN_TOLERANCE = 1e-3


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
    if isinstance(answer, (str, bytes)):
        return checks.wrong("your seed map is text; it should be numbers, one per region.",
                            f"Compute it in Python, e.g. rest.corr()[\"{seed}\"], and assign the result.")
    if answer is not None and np.ndim(answer) == 0:
        return checks.wrong(f"you gave a single number; a seed map has one value per region "
                            f"({len(expected)} here: the {seed} with every region, itself included).",
                            f"Take the whole {seed} column of the correlation matrix, e.g. "
                            f"rest.corr()[\"{seed}\"], not one cell of it.")
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
    """Exercise 1.3: which regions form the DMN (move with the PCC and a second DMN seed)?

    Accepts a list of region labels, with or without the PCC itself. Right is the course's DMN
    (the atlas's seven nodes) or, when ``timeseries`` is given, the regions that move with the DMN
    seeds in *those* data (:func:`dmn_members_in_data`): one noisy run need not match the atlas,
    and a learner who reads their own data correctly is told so, with the regions that differ.
    """
    labels = checks.as_label_set(answer, "Your list", set(NODE_LABELS))
    if isinstance(labels, Feedback):
        return labels
    expected = set(DMN_NODES)
    given = labels | {"PCC"}
    usable = timeseries is not None and set(DMN_SEEDS) <= set(timeseries.columns)
    scores = network_scores(timeseries) if usable else None
    in_data = dmn_members_in_data(timeseries) if usable else None

    def describe(regions) -> str:
        """What these data show for each region: its mean r with the DMN seeds and with its closest other network."""
        parts = []
        for label in regions:
            others = scores.loc[label].drop("DMN seeds")
            network = others.idxmax()
            parts.append(f"{label} {scores.loc[label, 'DMN seeds']:+.2f} with the PCC and mPFC, "
                         f"{others[network]:+.2f} with the {network} regions")
        return "mean r " + "; ".join(parts)

    def numbers(regions) -> str:
        return f" ({describe(regions)})" if scores is not None and regions else ""

    if given == expected:
        note = ""
        if in_data is not None and in_data != expected:
            note = (" In this run the data blur that border (" + describe(sorted(in_data ^ expected))
                    + "): one short scan estimates every correlation with noise.")
        return checks.right(f"the DMN in this course is {sorted(expected)}: the regions whose signals rise and "
                            "fall together with the PCC." + note)
    if in_data is not None and given == in_data:
        return checks.right(
            f"that is what this run shows: {sorted(in_data)} move with the PCC and the mPFC more than with "
            f"any other network. The atlas's DMN is {sorted(expected)}; here the "
            + describe(sorted(in_data ^ expected))
            + ". One short scan estimates every correlation with noise, so a single run can blur the "
            "border between two networks.")
    extra = sorted(given - expected)
    missing = sorted(expected - given)
    if any(NODE_NETWORK[label] in ("salience", "central executive") for label in extra):
        return checks.wrong(f"{extra} are not DMN regions{numbers(extra)}.",
                            "Regions anticorrelated with the DMN seeds (negative r), or that move more with the "
                            "salience or central-executive regions, belong to the task-positive networks.")
    if any(NODE_NETWORK[label] == "affective" for label in extra):
        return checks.wrong(
            f"{extra} are affective regions{numbers(extra)}: they can correlate with the PCC, but they "
            "are defined by their coupling with each other (amygdalae, sgACC), not with the DMN.",
            "One seed's map mixes networks. Check a candidate against a second DMN seed (e.g. the "
            "mPFC) and against the other networks' regions: a region belongs to the network it moves "
            "with most.")
    if missing:
        return checks.wrong(
            f"missing {missing}{numbers(missing)}.",
            "The hippocampi couple more weakly with the cortical DMN than its other regions do: a "
            "high threshold on the PCC's map drops them. Compare with a second DMN seed and with "
            "the other networks' regions.")
    return checks.wrong(f"not in the DMN: {extra}{numbers(extra)}.",
                        "Sort the PCC's correlations from high to low and compare with a second DMN seed.")


def check_within_dmn(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.4: mean within-DMN connectivity (Fisher-z average of the DMN pairs).

    The plain mean of the 21 r values is named as a mistake whenever it differs from the Fisher-z
    mean by more than twice the tolerance (it does in the shipped data and on other seeds: the
    pairs' r values are high and spread out); otherwise the two cannot be told apart and the
    right answer's message says so.
    """
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
    distinguishable = abs(plain_mean - expected) > 2 * _WITHIN_TOLERANCE
    if distinguishable:
        mistakes[plain_mean] = ("That is the plain mean of r. Average on Fisher's z scale instead: "
                                "np.arctanh each r, take the mean, then np.tanh it back "
                                "(or use within_network_connectivity).")
    right = (f"mean within-DMN connectivity = {expected:.3f} (Fisher-z average of the {len(dmn) * (len(dmn) - 1) // 2} "
             f"pairs; the plain mean of r would give {plain_mean:.3f}"
             + (")." if distinguishable else ", too close to tell apart here).")
             + " Correlations are averaged on the z scale, where their sampling error is about the same "
             "at every size.")
    return checks.check_close(answer, expected, "Mean within-DMN connectivity", _WITHIN_TOLERANCE, mistakes,
                              right_message=right)


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

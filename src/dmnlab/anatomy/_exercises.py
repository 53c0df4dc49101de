"""Chapter 1's exercise checkers (``check_*``): each names the common mistakes it recognises.

Hints come in steps (:func:`dmnlab.course.checks.exercise`): the first "not yet" names the
mistake, the second adds the method, the third the line of code. Exercises 1.1 (a) and 1.4 (a)
check a function the learner writes (Pearson's r, the Fisher-z mean) on the checker's own inputs.
"""
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


# --- exercise 1.1 (a): Pearson's r by the formula ----------------------------------------------
#: The worked example of exercise 1.1 (a): two regions over five time points (r = 0.8).
_PEARSON_EXAMPLE = ((1.0, 2.0, 3.0, 4.0, 5.0), (2.0, 1.0, 4.0, 3.0, 5.0))


def _pearson_cases() -> list:
    """The checker's own inputs: the worked example, other means and scales, r = −1, r = 0, two points."""
    rng = np.random.default_rng(3)
    a = rng.normal(3.0, 2.0, 40)
    b = 0.5 * a + rng.normal(-1.0, 1.5, 40)
    inputs = [
        ("the worked example (5 time points)", _PEARSON_EXAMPLE),
        ("two signals with different means and scales",
         ([10.0, 12.0, 11.0, 15.0, 14.0, 13.0], [100.0, 80.0, 95.0, 60.0, 70.0, 85.0])),
        ("a perfectly opposite pair (r = −1)", ([1.0, 2.0, 3.0, 4.0], [8.0, 6.0, 4.0, 2.0])),
        ("an uncorrelated pair (r = 0)", ([1.0, 2.0, 3.0], [1.0, 0.0, 1.0])),
        ("two time points", ([0.0, 1.0], [5.0, 3.0])),
        ("40 time points of two noisy signals", (a, b)),
    ]
    return [(label, (np.asarray(x, dtype=float), np.asarray(y, dtype=float)),
             float(np.corrcoef(x, y)[0, 1])) for label, (x, y) in inputs]


def _covariance(x, y):
    return float(np.cov(x, y)[0, 1])


def _uncentred(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float((x * y).sum() / np.sqrt((x ** 2).sum() * (y ** 2).sum()))


def _mixed_ddof(x, y):
    return float(np.cov(x, y)[0, 1] / (np.std(x) * np.std(y)))


def _squared(x, y):
    return float(np.corrcoef(x, y)[0, 1] ** 2)


_PEARSON_MISTAKES = (
    (_covariance, "it returns the covariance: the products of the deviations, averaged, but not "
                  "divided by the two signals' spreads.",
     "Divide by the square root of (Σ(x − x̄)² × Σ(y − ȳ)²), so that r lies between −1 and 1."),
    (_uncentred, "it does not subtract the means: Σxy / √(Σx² Σy²) is the cosine of the raw "
                 "signals, not their correlation.",
     "Compute dx = x − x.mean() and dy = y − y.mean() first, and use dx and dy everywhere."),
    (_mixed_ddof, "it mixes n − 1 and n: np.cov divides by n − 1, np.std by n, so r comes out "
                  "n/(n − 1) times too large (beyond ±1 for a perfect pair).",
     "Use sums of deviations throughout (the n's cancel), or np.std(x, ddof=1) with np.cov."),
    (_squared, "it returns r² (the sign is lost).", "Do not square: r keeps its sign."),
)


@checks.exercise(
    "1.1a",
    method="Subtract each signal's mean; multiply the two deviation series and sum the products; "
           "divide by the square root of (the sum of squared x-deviations × the sum of squared "
           "y-deviations).",
    code="dx, dy = x - x.mean(), y - y.mean(); "
         "return (dx * dy).sum() / np.sqrt((dx ** 2).sum() * (dy ** 2).sum())")
def check_pearson_r(answer) -> Feedback:
    """Exercise 1.1 (a): the learner's ``pearson_r(x, y)``, run on the checker's own signals.

    Tries the worked example, signals with other means and scales, a perfectly opposite pair,
    an uncorrelated pair, two time points and a longer noisy pair; names the covariance, the
    uncentred formula, mixed n − 1/n and r² when the function behaves like one of them.
    """
    return checks.check_function(
        answer, _pearson_cases(), "your pearson_r", mistakes=_PEARSON_MISTAKES,
        right_message="your pearson_r gives Pearson's r on all 6 test pairs, including r = −1, r = 0 "
                      "and signals with other means and scales. Each cell of a correlation matrix "
                      "is this number for one pair of regions.")


# --- exercise 1.4 (a): the Fisher-z mean -------------------------------------------------------
#: The worked example of exercise 1.4 (a): five correlations (Fisher-z mean 0.666, plain mean 0.600).
_FISHER_EXAMPLE = (0.2, 0.5, 0.6, 0.8, 0.9)


def _fisher_cases() -> list:
    """The checker's own inputs: the worked example, one r, zeros, negative r, r close to ±1."""
    inputs = [
        ("the worked example (5 values)", list(_FISHER_EXAMPLE)),
        ("a single r (0.3)", [0.3]),
        ("r = 0, three times", [0.0, 0.0, 0.0]),
        ("negative r values (−0.2, −0.6, 0.4)", [-0.2, -0.6, 0.4]),
        ("r close to ±1 (0.99, 0.999, −0.95)", [0.99, 0.999, -0.95]),
        ("a pair that cancels (0.999, −0.999)", [0.999, -0.999]),
    ]
    return [(label, (np.asarray(values, dtype=float),), float(np.tanh(np.mean(np.arctanh(values)))))
            for label, values in inputs]


_FISHER_MISTAKES = (
    (lambda rs: float(np.mean(rs)),
     "it returns the plain mean of r, without Fisher's z.",
     "Convert each r with np.arctanh first, average those z values, then convert back with np.tanh."),
    (lambda rs: float(np.mean(np.arctanh(rs))),
     "it returns the mean of the z values: the last step, back from z to r, is missing.",
     "Finish with np.tanh(mean of z): z is not on the scale of r (z for r = 0.9 is 1.47)."),
    (lambda rs: float(np.arctanh(np.mean(rs))),
     "it converts the mean of r to z: the order is reversed (and the result is a z, not an r).",
     "Transform each r first (np.arctanh), then average, then np.tanh the mean."),
    (lambda rs: float(np.tanh(np.sum(np.arctanh(rs)))),
     "it adds the z values up instead of averaging them.", "Use the mean of the z values, not their sum."),
)


@checks.exercise(
    "1.4a",
    method="Convert each r to z with np.arctanh, take the mean of the z values, and convert that mean "
           "back to r with np.tanh.",
    code="return np.tanh(np.mean(np.arctanh(rs)))")
def check_fisher_mean(answer) -> Feedback:
    """Exercise 1.4 (a): the learner's ``fisher_mean(rs)``, run on the checker's own correlations.

    Tries the worked example, a single r, zeros, negative values, values close to ±1 and a pair
    that cancels; names the plain mean of r, a missing tanh, a reversed order and a sum.
    """
    return checks.check_function(
        answer, _fisher_cases(), "your fisher_mean", mistakes=_FISHER_MISTAKES,
        right_message="your fisher_mean averages on Fisher's z scale and returns an r, on all 6 test "
                      "inputs (one r, zeros, negative values, values close to ±1). On the z scale a "
                      "correlation's sampling error is about the same at every size; for correlations "
                      "of one sign, the plain mean of r comes out closer to zero.")


def _labels(answer, what: str):
    """:func:`checks.as_label_set`, and a hint when unknown labels are known ones in another case."""
    labels = checks.as_label_set(answer, what, set(NODE_LABELS))
    if isinstance(labels, Feedback) and "unknown label" in labels.message:
        given = [answer] if isinstance(answer, str) else list(answer)
        by_case = {label.lower(): label for label in NODE_LABELS}
        fixed = {str(item): by_case[str(item).lower()] for item in given
                 if str(item) not in NODE_LABELS and str(item).lower() in by_case}
        if fixed:
            return checks.wrong(labels.message, "Labels are case-sensitive: "
                                + "; ".join(f"{right!r}, not {wrong!r}" for wrong, right in fixed.items()) + ".")
    return labels


def _reference_matrix(timeseries: pd.DataFrame) -> np.ndarray:
    return np.corrcoef(np.asarray(timeseries, dtype=float).T)


@checks.exercise("1.1b", method="Correlate every pair of columns (regions) over all rows (time points).",
                 code="my_matrix = rest.corr()")
def check_correlation_matrix(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.1 (b): the region-by-region correlation matrix of ``timeseries``."""
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


@checks.exercise("1.2", method="Take the seed's whole column of the correlation matrix: one r per region, "
                                "the seed itself (r = 1) included.",
                 code='pcc_map = rest.corr()["PCC"]')
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


@checks.exercise("1.3", method="For every region, average its r with the PCC and the mPFC and compare it with "
                                "its average r with each other network's regions; keep the regions whose "
                                "DMN-seed average is positive and the highest.",
                 code='scores = rest.corr().mask(np.eye(17, dtype=bool))[["PCC", "mPFC"]].mean(axis=1)  '
                      '# then compare with each other network')
def check_dmn_members(answer, timeseries: pd.DataFrame | None = None) -> Feedback:
    """Exercise 1.3: which regions form the DMN (move with the PCC and a second DMN seed)?

    Accepts a list of region labels, with or without the PCC itself. Right is the course's DMN
    (the atlas's seven nodes) or, when ``timeseries`` is given, the regions that move with the DMN
    seeds in *those* data (:func:`dmn_members_in_data`): one noisy run need not match the atlas,
    and a learner who reads their own data correctly is told so, with the regions that differ.
    """
    labels = _labels(answer, "Your list")
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


@checks.exercise("1.4b", method="Take the 21 pairs of different DMN regions (the upper triangle of the 7 × 7 "
                                 "DMN block, without the diagonal) and average them with your fisher_mean.",
                 code="within_dmn = fisher_mean(block[np.triu_indices(7, k=1)])")
def check_within_dmn(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.4 (b): mean within-DMN connectivity (Fisher-z average of the DMN pairs).

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
        float(np.arctanh(block[np.triu_indices(len(dmn), 1)]).mean()):
            "That is the mean of the z values: convert it back to r with np.tanh (the last step of your "
            "fisher_mean).",
    }
    distinguishable = abs(plain_mean - expected) > 2 * _WITHIN_TOLERANCE
    if distinguishable:
        mistakes[plain_mean] = ("That is the plain mean of r. Average on Fisher's z scale instead: "
                                "np.arctanh each r, take the mean, then np.tanh it back (your "
                                "fisher_mean from part (a)).")
    right = (f"mean within-DMN connectivity = {expected:.3f} (Fisher-z average of the {len(dmn) * (len(dmn) - 1) // 2} "
             f"pairs; the plain mean of r would give {plain_mean:.3f}"
             + (")." if distinguishable else ", too close to tell apart here).")
             + " Correlations are averaged on the z scale, where their sampling error is about the same "
             "at every size.")
    return checks.check_close(answer, expected, "Mean within-DMN connectivity", _WITHIN_TOLERANCE, mistakes,
                              right_message=right)


@checks.exercise("1.5", method="In the DMN block of the real brain's correlation matrix, set the diagonal "
                                "(r = 1) aside and find the cell with the largest r.",
                 code="my_pair = real[dmn].corr().where(~np.eye(7, dtype=bool)).stack().idxmax()")
def check_strongest_dmn_pair(answer, timeseries: pd.DataFrame) -> Feedback:
    """Exercise 1.5: which two DMN nodes are most strongly coupled in this (real) brain?

    Accepts two labels in any order (a tuple, list or set).
    """
    labels = _labels(answer, "Your pair")
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

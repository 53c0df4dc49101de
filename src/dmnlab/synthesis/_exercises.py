"""Chapter 8: the capstone's checkers. Each computes the expected answer from the learner's own cohort
(their seed), names the typical mistakes, and never raises."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ._measures import (
    CAPSTONE_FOLD_SEED,
    CAPSTONE_FOLDS,
    CapstoneCohort,
    capstone_answers,
    capstone_within_dmn,
)

pd = lazy.load("pandas")

#: Tolerances: the numbers are computed, not read off a plot.
_TOLERANCE = 5e-4
_AUC_TOLERANCE = 1e-3


def _not_a_cohort(cohort) -> Feedback | None:
    if not isinstance(cohort, CapstoneCohort):
        return checks.wrong("The checker needs your cohort as its second argument.",
                            "Pass `cohort`, the study made by `synthesis.capstone_cohort(MY_SEED)`.")
    return None


def _numbers(answer, names: tuple[str, ...]):
    """A tuple of len(names) finite numbers, or a :class:`Feedback` saying what is wrong."""
    if answer is None or (isinstance(answer, (tuple, list)) and all(value is None for value in answer)):
        return checks.no_answer(f"({', '.join(names)})")
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)) or len(answer) != len(names):
        return checks.wrong(f"Give {len(names)} numbers in this order: {', '.join(names)}.",
                            f"For example `({', '.join(names)})` with each computed by your code.")
    values = []
    for value, name in zip(answer, names):
        number = checks.as_number(value, name)
        if isinstance(number, Feedback):
            return number
        values.append(number)
    return values


def _all_close(values, expected, tolerance) -> bool:
    return bool(np.all(np.abs(np.asarray(values, dtype=float) - np.asarray(expected, dtype=float)) <= tolerance))


# --- Exercise 8.1 -------------------------------------------------------------------------------
def _as_series(answer, index) -> pd.Series | Feedback:
    if answer is None:
        return checks.no_answer("within_dmn")
    if isinstance(answer, (str, bytes, bool)) or np.ndim(answer) == 0 and not isinstance(answer, dict):
        return checks.wrong("within_dmn should hold one number per participant (a Series indexed by participant).",
                            "Build a dict {participant: value} in a loop, then `pd.Series(...)`.")
    try:
        series = pd.Series(answer) if isinstance(answer, dict) else (
            answer if isinstance(answer, pd.Series) else pd.Series(np.asarray(answer, dtype=float).ravel()))
        if not isinstance(answer, (pd.Series, dict)) and len(series) == len(index):
            series.index = index
        series = pd.to_numeric(series, errors="coerce")
    except (TypeError, ValueError):
        return checks.wrong(f"within_dmn should be numbers, one per participant (got a {type(answer).__name__}).")
    missing = index.difference(series.index)
    if len(missing):
        return checks.wrong(f"within_dmn has no value for {len(missing)} of the {len(index)} participants "
                            f"(e.g. {missing[0]}).", "Loop over every run in `cohort.rest`, controls and patients.")
    series = series.reindex(index)
    if not np.all(np.isfinite(series.to_numpy(dtype=float))):
        return checks.wrong("within_dmn contains NaN or infinite values.")
    return series


def _other_summaries(cohort: CapstoneCohort) -> dict:
    from ..methods.connectivity import correlation_matrix, fisher_mean, pair_indices

    plain, everything = {}, {}
    for pid, run in cohort.rest.items():
        matrix = correlation_matrix(run)
        rows, cols = pair_indices(matrix.columns, "DMN")
        plain[pid] = float(matrix.to_numpy()[rows, cols].mean())
        upper = np.triu_indices(len(matrix), 1)
        everything[pid] = fisher_mean(matrix.to_numpy()[upper])
    return {"plain": pd.Series(plain), "all": pd.Series(everything)}


@checks.exercise("8.1", method="For each participant: the correlation matrix of their baseline run, the DMN "
                 "pairs of its upper triangle, arctanh, mean, tanh.",
                 code="within_dmn = pd.Series({pid: within_network_connectivity(correlation_matrix(run), 'DMN') "
                      "for pid, run in cohort.rest.items()})")
def check_within_dmn(answer, cohort) -> Feedback:
    """Exercise 8.1: within-DMN connectivity of every participant's baseline rest run (Fisher-z mean)."""
    problem = _not_a_cohort(cohort)
    if problem is not None:
        return problem
    expected = capstone_within_dmn(cohort, "baseline")
    series = _as_series(answer, expected.index)
    if isinstance(series, Feedback):
        return series
    if _all_close(series, expected, 1e-4):
        return checks.right(f"within-DMN connectivity of all {len(expected)} participants, Fisher-z averaged "
                            f"(from {expected.min():.2f} to {expected.max():.2f}).")
    if _all_close(series / 100, expected, 1e-4):
        return checks.wrong("these are 100 times the connectivity values (per cent?).",
                            "Keep r as it is, between -1 and 1: no multiplying by 100.")
    others = _other_summaries(cohort)
    if _all_close(series, others["plain"].reindex(expected.index), 1e-4):
        return checks.wrong("these are plain means of r, without the Fisher z.",
                            "Correlations are averaged on Fisher's z scale: np.tanh(np.arctanh(r).mean()).")
    if _all_close(series, others["all"].reindex(expected.index), 1e-4):
        return checks.wrong("these average every pair of regions, not only the DMN pairs.",
                            "Keep the pairs whose two regions are both DMN regions (7 regions, 21 pairs).")
    return checks.wrong(f"{int((np.abs(series - expected) > 1e-4).sum())} of {len(expected)} values differ from "
                        "the Fisher-z mean of each baseline run's DMN pairs.",
                        "Use the baseline run (`cohort.rest`), the upper triangle only (no diagonal of 1s).")


# --- Exercise 8.2 -------------------------------------------------------------------------------
@checks.exercise("8.2", method="Hedges' g of patients minus controls, with the interval the course uses "
                 "(chapter 3): stats.hedges_g(patients, controls).",
                 code="effect = stats.hedges_g(within_dmn[patients], within_dmn[controls]); "
                      "answer = (effect.g, effect.ci_low, effect.ci_high)")
def check_group_difference(answer, cohort) -> Feedback:
    """Exercise 8.2: Hedges' g (patients − controls) of baseline within-DMN connectivity and its 95% CI."""
    problem = _not_a_cohort(cohort)
    if problem is not None:
        return problem
    values = _numbers(answer, ("g", "ci_low", "ci_high"))
    if isinstance(values, Feedback):
        return values
    effect = capstone_answers(cohort)["group"]
    expected = (effect.g, effect.ci_low, effect.ci_high)
    if _all_close(values, expected, _TOLERANCE):
        return checks.right(f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] with "
                            f"{effect.n_a} patients and {effect.n_b} controls.")
    if _all_close(values, (-effect.g, -effect.ci_high, -effect.ci_low), _TOLERANCE):
        return checks.wrong("that is controls minus patients: the sign is flipped.",
                            "Put the patients first: hedges_g(patients, controls).")
    if abs(values[0] - effect.d) <= _TOLERANCE / 2 and abs(effect.d - effect.g) > _TOLERANCE:
        return checks.wrong("that is Cohen's d, without Hedges' small-sample correction.",
                            "Use stats.hedges_g, which multiplies d by J = 1 − 3/(4·df − 1).")
    if abs(values[0] - effect.g) <= _TOLERANCE:
        return checks.wrong("g is right; the interval is not.",
                            "Give the interval of stats.hedges_g: effect.ci_low and effect.ci_high, lower first.")
    return checks.wrong(f"g = {values[0]:+.3f} is not the difference of this cohort's groups.",
                        "Use the baseline values of exercise 8.1, patients vs controls (group column).")


# --- Exercise 8.3 -------------------------------------------------------------------------------
@checks.exercise("8.3", method="Pair each patient's 24-h value with their own baseline: the change is 24 h − "
                 "baseline; d_z = mean change / SD of the changes; the interval is that of the mean change.",
                 code="change = stats.paired_effect(base, later); answer = (change['d_z'], change['ci_low'], "
                      "change['ci_high'])")
def check_paired_change(answer, cohort) -> Feedback:
    """Exercise 8.3: the paired change of within-DMN connectivity, 24 h − baseline, in the patients:
    d_z and the 95% CI of the mean change."""
    problem = _not_a_cohort(cohort)
    if problem is not None:
        return problem
    values = _numbers(answer, ("d_z", "ci_low", "ci_high"))
    if isinstance(values, Feedback):
        return values
    paired = capstone_answers(cohort)["paired"]
    expected = (paired["d_z"], paired["ci_low"], paired["ci_high"])
    if _all_close(values, expected, _TOLERANCE):
        return checks.right(f"d_z = {paired['d_z']:+.2f}; mean change {paired['mean_change']:+.3f}, 95% CI "
                            f"[{paired['ci_low']:+.3f}, {paired['ci_high']:+.3f}] in {paired['n']} patients.")
    if _all_close(values, (-paired["d_z"], -paired["ci_high"], -paired["ci_low"]), _TOLERANCE):
        return checks.wrong("that is baseline − 24 h: the sign is flipped.",
                            "A change is later − earlier: 24 h minus baseline.")
    if abs(values[0] - paired["unpaired_g"]) <= _TOLERANCE and abs(paired["unpaired_g"] - paired["d_z"]) > _TOLERANCE:
        return checks.wrong("that is an unpaired Hedges' g, as if the two scans came from different people.",
                            "The same patients were scanned twice: work with each patient's own change.")
    if abs(values[0] - paired["d_z"]) <= _TOLERANCE:
        return checks.wrong("d_z is right; the interval is not.",
                            "Give the 95% interval of the mean change (t-based), lower first.")
    return checks.wrong(f"d_z = {values[0]:+.3f} is not this cohort's paired effect.",
                        "Divide the mean change by the SD of the changes (ddof=1), for the patients only.")


# --- Exercise 8.4 -------------------------------------------------------------------------------
def _wrong_aucs(cohort: CapstoneCohort) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    base = capstone_within_dmn(cohort, "baseline")
    patients = cohort.rest_24h.keys()
    X = base[list(patients)].to_numpy().reshape(-1, 1)
    y = cohort.participants.loc[list(patients), "responder"].astype(int).to_numpy()
    model = make_pipeline(StandardScaler(), LogisticRegression())
    folds = StratifiedKFold(CAPSTONE_FOLDS, shuffle=True, random_state=CAPSTONE_FOLD_SEED)
    train = float(roc_auc_score(y, model.fit(X, y).predict_proba(X)[:, 1]))
    accuracy = float(cross_val_score(model, X, y, cv=folds).mean())
    unshuffled = float(cross_val_score(model, X, y, cv=StratifiedKFold(CAPSTONE_FOLDS), scoring="roc_auc").mean())
    return {"train": train, "accuracy": accuracy, "unshuffled": unshuffled}


@checks.exercise("8.4", method="cross_val_score of make_pipeline(StandardScaler(), LogisticRegression()) on the "
                 "patients' baseline within-DMN values, folds StratifiedKFold(5, shuffle=True, random_state=0), "
                 "scoring='roc_auc'; the mean over folds.",
                 code="answer = cross_val_score(model, X, y, cv=folds, scoring='roc_auc').mean()")
def check_cv_auc(answer, cohort) -> Feedback:
    """Exercise 8.4: the cross-validated ROC AUC of baseline within-DMN connectivity for response at 24 h."""
    problem = _not_a_cohort(cohort)
    if problem is not None:
        return problem
    value = checks.as_number(answer, "the cross-validated AUC")
    if isinstance(value, Feedback):
        return value
    expected = capstone_answers(cohort)["cv_auc"]
    if abs(value - expected) <= _AUC_TOLERANCE:
        return checks.right(f"the cross-validated AUC is {expected:.2f}; now compare it with chance below.")
    mistakes = _wrong_aucs(cohort)
    if abs(value - mistakes["train"]) <= _AUC_TOLERANCE:
        return checks.wrong("that is the train-set AUC: the model was scored on the patients it was fitted to.",
                            "Score held-out patients only: cross_val_score with the folds.")
    if abs(value - mistakes["accuracy"]) <= _AUC_TOLERANCE:
        return checks.wrong("that is the accuracy (cross_val_score's default score), not the AUC.",
                            "Pass scoring='roc_auc'.")
    if abs(value - mistakes["unshuffled"]) <= _AUC_TOLERANCE:
        return checks.wrong("those folds are not shuffled.", "Use StratifiedKFold(5, shuffle=True, random_state=0).")
    if not 0 <= value <= 1:
        return checks.wrong(f"an AUC lies between 0 and 1 (got {value:g}).")
    return checks.wrong(f"AUC = {value:.3f} is not this cohort's cross-validated AUC.",
                        "Patients only, the baseline within-DMN values of exercise 8.1 as the one feature.")

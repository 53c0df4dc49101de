"""Predicting treatment response, honestly: cross-validated AUC, the leakage trap, leave-one-site-out.

A prediction study fits a model on some patients and reports how well it separates
responders from non-responders. The number it reports is only worth something if the
patients it was tested on played **no part** in building the model. This module wraps
scikit-learn (no hand-written machine learning) so the chapters can show the right way
and the common wrong ones side by side:

- :func:`response_classifier` — ``StandardScaler`` → (``SelectKBest``) → ``LogisticRegression``,
  one :class:`~sklearn.pipeline.Pipeline`, so every step is refitted inside each fold;
- :func:`cross_validated_auc` — stratified k-fold ROC AUC (``cross_val_score``), optionally
  with a permutation p-value (``permutation_test_score``);
- :func:`train_set_auc` — the AUC on the patients the model was fitted to (a mistake to
  recognise, not a result to report);
- :func:`leaky_cv_auc` and :func:`honest_cv_auc` — feature selection fitted on *all*
  participants before cross-validation (leakage) against selection inside the pipeline;
- :func:`leave_one_site_out_auc` — ``LeaveOneGroupOut`` with the scanning site as the group:
  every site is predicted by a model that never saw it;
- :func:`simulate_biomarker_studies` — many small studies of a weak biomarker hidden among
  many candidate features (SIMULATED), honest and leaky, against the true AUC.

Why it matters: cross-validated accuracies carry error bars of about ±10% at n = 100
(Varoquaux 2018), resampled small samples reached accuracies up to 95% at n = 20 in data
whose full-sample accuracy was 61% (Flint et al. 2021), and reproducible brain–behaviour
associations need thousands of people (Marek et al. 2022).

scikit-learn is imported inside the functions that use it.
"""
from __future__ import annotations

import contextlib
from functools import lru_cache

import numpy as np

__all__ = [
    "DEFAULT_FOLDS", "DEFAULT_K", "cross_validated_auc", "honest_cv_auc", "leaky_cv_auc",
    "leave_one_site_out_auc", "response_classifier", "simulate_biomarker_studies",
    "simulated_patients", "stratified_folds", "train_set_auc",
]

#: Folds of the stratified cross-validation (5 or 10 are usual; Poldrack et al. 2020 prefer
#: k-fold to leave-one-out).
DEFAULT_FOLDS = 5
#: Features kept by ``SelectKBest`` in the leakage demonstrations.
DEFAULT_K = 10


def _single_thread():
    """Run scikit-learn single-threaded: many tiny fits are faster without thread start-up
    (and do not fight over two cores with a notebook's other work)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)


def _arrays(features, outcome):
    """Features as a 2-D float array and the outcome as 0/1 integers, with clear errors."""
    X = np.asarray(features, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"features must be a table (participants × features); got shape {X.shape}.")
    y = np.asarray(outcome)
    if y.dtype.kind not in "biuf":
        raise ValueError("outcome must be 0/1 or True/False (1 = responder).")
    y = y.astype(int)
    if y.ndim != 1 or y.size != X.shape[0]:
        raise ValueError(f"outcome needs one value per participant: {X.shape[0]} rows of features, "
                         f"{y.size} outcomes.")
    if set(np.unique(y)) != {0, 1}:
        raise ValueError("outcome must contain both classes, coded 0 (non-responder) and 1 (responder).")
    if not np.all(np.isfinite(X)):
        raise ValueError("features contain NaN or infinite values.")
    return X, y


def response_classifier(select_k: int | None = None, C: float = 1.0):
    """The course's model: standardise → (keep the ``select_k`` best features) → logistic regression.

    Parameters
    ----------
    select_k
        If given, a ``SelectKBest(f_classif, k=select_k)`` step keeps the features whose
        responders-vs-non-responders F statistic is largest *in the training data of each fold*.
    C
        Inverse strength of the L2 penalty of the logistic regression (scikit-learn's default 1).

    Returns
    -------
    sklearn.pipeline.Pipeline
    """
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    steps = [StandardScaler()]
    if select_k is not None:
        steps.append(SelectKBest(f_classif, k=int(select_k)))
    steps.append(LogisticRegression(C=C))
    return make_pipeline(*steps)


def stratified_folds(n_splits: int = DEFAULT_FOLDS, seed: int = 0):
    """``StratifiedKFold(n_splits, shuffle=True, random_state=seed)``: each fold keeps the share of
    responders, and the same seed gives the same folds."""
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)


def cross_validated_auc(features, outcome, model=None, cv=None, n_permutations: int = 0,
                        seed: int = 0) -> dict:
    """ROC AUC of ``model`` estimated by cross-validation (the mean over the test folds).

    Parameters
    ----------
    features
        ``(participants, features)`` table or array.
    outcome
        1 = responder, 0 = non-responder (or True/False).
    model
        A scikit-learn estimator or pipeline (default :func:`response_classifier`).
    cv
        A splitter (default :func:`stratified_folds`: 5 stratified, shuffled folds, seed 0).
    n_permutations
        If > 0, also a permutation p-value: the outcome is shuffled ``n_permutations`` times
        and the whole cross-validation rerun each time (``permutation_test_score``); p is the
        share of shuffles scoring at least as well, counting the real labelling once.

    Returns
    -------
    dict
        ``auc`` (mean over folds, as ``cross_val_score(..., scoring="roc_auc").mean()``),
        ``fold_aucs``, ``fold_sd``, ``n``, ``n_positive``, and with permutations ``p_permutation``
        and ``null_aucs`` (the AUC of each shuffle); otherwise ``p_permutation`` is NaN.
    """
    from sklearn.model_selection import cross_val_score, permutation_test_score

    X, y = _arrays(features, outcome)
    model = response_classifier() if model is None else model
    cv = stratified_folds(seed=seed) if cv is None else cv
    with _single_thread():
        folds = cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
        result = {"auc": float(folds.mean()), "fold_aucs": folds, "fold_sd": float(folds.std(ddof=1)),
                  "n": int(y.size), "n_positive": int(y.sum()), "p_permutation": float("nan"),
                  "null_aucs": np.array([])}
        if n_permutations:
            from sklearn import config_context

            with config_context(skip_parameter_validation=True):  # checked once above, not per shuffle
                _, null, p = permutation_test_score(model, X, y, cv=cv, scoring="roc_auc",
                                                    n_permutations=int(n_permutations), random_state=seed)
            result.update(p_permutation=float(p), null_aucs=np.asarray(null))
    return result


def train_set_auc(features, outcome, model=None) -> float:
    """AUC of a model fitted to all participants and scored **on the same participants**.

    This is what a study without a test set reports; it measures how well the model remembers
    its own patients, not how it would do for new ones.
    """
    from sklearn.metrics import roc_auc_score

    X, y = _arrays(features, outcome)
    model = response_classifier() if model is None else model
    with _single_thread():
        model.fit(X, y)
        return float(roc_auc_score(y, model.decision_function(X)))


def honest_cv_auc(features, outcome, k: int = DEFAULT_K, cv=None, seed: int = 0) -> float:
    """Cross-validated AUC with feature selection **inside** the pipeline (refitted in every fold)."""
    return cross_validated_auc(features, outcome, response_classifier(select_k=k), cv, seed=seed)["auc"]


def leaky_cv_auc(features, outcome, k: int = DEFAULT_K, cv=None, seed: int = 0) -> float:
    """Cross-validated AUC after choosing the ``k`` best features **on all participants** first.

    The selection has seen every test patient's outcome, so the features it keeps separate the
    groups partly by chance *in exactly these patients*; the cross-validation that follows can
    no longer notice. On pure noise this inflates the AUC far above 0.5.
    """
    from sklearn.feature_selection import SelectKBest, f_classif

    X, y = _arrays(features, outcome)
    with _single_thread():
        selected = SelectKBest(f_classif, k=min(int(k), X.shape[1])).fit_transform(X, y)
    return cross_validated_auc(selected, y, response_classifier(), cv, seed=seed)["auc"]


def leave_one_site_out_auc(features, outcome, sites, model=None) -> dict:
    """AUC when each scanning site in turn is predicted by a model trained on the other sites.

    Uses ``LeaveOneGroupOut`` with the sites as groups: as many folds as sites. Returns ``auc``
    (the mean of the per-site AUCs, as ``cross_val_score`` gives), ``site_aucs`` (site → AUC),
    ``n_folds`` and ``pooled_auc`` (one AUC over every patient's out-of-site prediction).
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict, cross_val_score

    X, y = _arrays(features, outcome)
    groups = np.asarray(sites)
    if groups.size != y.size:
        raise ValueError(f"sites needs one value per participant; got {groups.size} for {y.size}.")
    model = response_classifier() if model is None else model
    splitter = LeaveOneGroupOut()
    order = [str(groups[test][0]) for _, test in splitter.split(X, y, groups)]
    with _single_thread():
        scores = cross_val_score(model, X, y, cv=splitter, groups=groups, scoring="roc_auc")
        predictions = cross_val_predict(model, X, y, cv=splitter, groups=groups, method="decision_function")
    return {"auc": float(scores.mean()), "site_aucs": dict(zip(order, map(float, scores))),
            "n_folds": int(splitter.get_n_splits(X, y, groups)),
            "pooled_auc": float(roc_auc_score(y, predictions))}


# ---------------------------------------------------------------------------------------------
# Many small biomarker studies (SIMULATED)
# ---------------------------------------------------------------------------------------------
def _shift_per_feature(true_auc: float, n_informative: int) -> float:
    """Mean shift (in SD) of each informative feature in responders, so the optimal combination
    of the ``n_informative`` features has AUC = ``true_auc`` (equal-variance binormal model:
    AUC = Φ(d/√2), d = shift · √n_informative)."""
    from scipy import stats

    if not 0.5 <= true_auc < 1:
        raise ValueError(f"true_auc must be between 0.5 and 1; got {true_auc}.")
    if n_informative < 1:
        return 0.0
    return float(np.sqrt(2) * stats.norm.ppf(true_auc) / np.sqrt(n_informative))


def simulated_patients(n: int, true_auc: float = 0.65, n_features: int = 136, n_informative: int = 4,
                       seed=0):
    """``n`` SIMULATED patients (half responders) with ``n_features`` standard-normal features.

    The first ``n_informative`` features are shifted in responders by the same amount, chosen so
    that their sum — the best possible rule here — separates responders from non-responders with
    AUC = ``true_auc``. Returns ``(features, outcome)``.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return _simulated_patients(rng, int(n), int(n_features), int(n_informative),
                               _shift_per_feature(true_auc, int(n_informative)))


def _simulated_patients(rng, n: int, n_features: int, n_informative: int, shift: float):
    y = np.zeros(n, dtype=int)
    y[: n // 2] = 1
    y = rng.permutation(y)
    X = rng.standard_normal((n, n_features))
    X[:, :n_informative] += shift * y[:, None]
    return X, y


def _rank_auc(outcome: np.ndarray, score: np.ndarray) -> float:
    """ROC AUC through its Mann–Whitney identity, AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁·n₀) with R₁ the
    rank sum of the responders (ties get mid-ranks): the same number as ``roc_auc_score`` (a test
    checks it), without its input checks, which would dominate thousands of tiny evaluations."""
    from scipy.stats import rankdata

    ranks = rankdata(score)
    positive = outcome == 1
    n1 = int(positive.sum())
    n0 = outcome.size - n1
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@lru_cache(maxsize=16)
def _studies(n_per_study: int, n_studies: int, n_features: int, n_informative: int, true_auc: float,
             k: int, n_splits: int, seed: int, n_new: int) -> dict:
    from sklearn import config_context
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression

    shift = _shift_per_feature(true_auc, n_informative)
    rng = np.random.default_rng([seed, n_per_study, n_features, n_informative, int(round(true_auc * 1000))])
    new_X, new_y = _simulated_patients(rng, n_new, n_features, n_informative, shift)
    honest, leaky, new = np.empty(n_studies), np.empty(n_studies), np.empty(n_studies)
    cv = stratified_folds(n_splits, seed)

    def best(X, y):
        return SelectKBest(f_classif, k=k).fit(X, y).get_support()

    def fitted(X, y):
        return LogisticRegression().fit(X, y)

    # The simulated features are already in standard units (mean 0, SD 1 in the population), so
    # the scaler of :func:`response_classifier` is left out here; input checks run once per call,
    # not once per fit: the fits below are many and tiny.
    with _single_thread(), config_context(assume_finite=True, skip_parameter_validation=True):
        for study in range(n_studies):
            X, y = _simulated_patients(rng, n_per_study, n_features, n_informative, shift)
            leaked = best(X, y)  # the leak: selection on all of the study's patients
            scores_honest, scores_leaky = [], []
            for train, test in cv.split(X, y):
                chosen = best(X[train], y[train])  # honest: selection on the training folds only
                model = fitted(X[train][:, chosen], y[train])
                scores_honest.append(_rank_auc(y[test], model.decision_function(X[test][:, chosen])))
                model = fitted(X[train][:, leaked], y[train])
                scores_leaky.append(_rank_auc(y[test], model.decision_function(X[test][:, leaked])))
            honest[study], leaky[study] = np.mean(scores_honest), np.mean(scores_leaky)
            # The model the study would publish (fitted to all its patients; the same either way),
            # tested on new patients from the same population.
            model = fitted(X[:, leaked], y)
            new[study] = _rank_auc(new_y, model.decision_function(new_X[:, leaked]))
    return {"honest": honest, "leaky": leaky, "new_patients": new}


def simulate_biomarker_studies(n_per_study: int, leaky: bool = False, n_studies: int = 60,
                               true_auc: float = 0.65, n_features: int = 136, n_informative: int = 4,
                               k: int = DEFAULT_K, n_splits: int = DEFAULT_FOLDS, seed: int = 0,
                               n_new: int = 2000) -> dict:
    """Many small studies of the same weak biomarker, each reporting a cross-validated AUC (SIMULATED).

    Each study measures ``n_per_study`` patients (half of them responders) on ``n_features``
    candidate features — 136, as many as the node pairs of the course's 17 regions. Only
    ``n_informative`` of them carry signal: together, optimally combined, they separate
    responders from non-responders with AUC = ``true_auc``; the rest are noise. Every study
    keeps ``k`` features with ``SelectKBest(f_classif)``, fits a ``LogisticRegression`` and
    reports the mean AUC over
    ``n_splits`` stratified folds, either **honestly** (selection inside each fold) or
    **leaky** (selection on all its patients first). The model each study would publish is
    then tested on ``n_new`` new patients from the same population.

    Parameters
    ----------
    n_per_study
        Patients per study (≥ 2 × ``n_splits``).
    leaky
        Report the leaky instead of the honest estimate.
    true_auc
        The biomarker's real strength (0.5 = pure noise).

    Returns
    -------
    dict
        ``reported`` (one AUC per study), ``new_patients`` (AUC of each study's final model on
        new patients: what it would really do), ``true_auc``, ``mean_reported``,
        ``mean_new_patients``, ``share_above`` (share reporting AUC ≥ 0.75), ``interval``
        (2.5th and 97.5th percentile of the reported AUCs), ``n``, ``leaky``, ``n_features``,
        ``n_informative``, ``k``.

    Examples
    --------
    >>> noise = simulate_biomarker_studies(40, leaky=True, n_studies=10, true_auc=0.5)
    >>> noise["mean_reported"] > 0.6    # leakage finds "signal" in pure noise
    True
    """
    n_per_study, n_studies, k = int(n_per_study), int(n_studies), int(k)
    if n_per_study < 2 * n_splits:
        raise ValueError(f"Need at least {2 * n_splits} patients per study for {n_splits}-fold CV.")
    if not 1 <= k <= n_features or not 0 <= n_informative <= n_features:
        raise ValueError("Need 1 ≤ k ≤ n_features and 0 ≤ n_informative ≤ n_features.")
    runs = _studies(n_per_study, n_studies, int(n_features), int(n_informative), float(true_auc), k,
                    int(n_splits), int(seed), int(n_new))
    reported = runs["leaky" if leaky else "honest"]
    return {
        "reported": reported, "new_patients": runs["new_patients"], "true_auc": float(true_auc),
        "mean_reported": float(reported.mean()), "mean_new_patients": float(runs["new_patients"].mean()),
        "share_above": float(np.mean(reported >= 0.75)),
        "interval": tuple(float(v) for v in np.percentile(reported, [2.5, 97.5])),
        "n": n_per_study, "leaky": bool(leaky), "n_features": int(n_features),
        "n_informative": int(n_informative), "k": k,
    }

"""Chapter 7's exercise checkers: each one names the mistakes learners make (and never raises); hints come in
steps (:func:`dmnlab.course.checks.exercise`)."""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.protocol import REMISSION_CUTOFF, RESPONSE_FRACTION
from ._measures import (
    _SESSION_NAMES,
    EXAMPLE_PATIENT,
    SELECT_K,
    _auc_word,
    _events,
    fold_seed_aucs,
    lasting_response_share,
    timeline_events,
    toy_patients,
    treatment_timeline,
)

pd = lazy.load("pandas")


def _fold_answer(answer, what: str):
    """A learner may pass the array of fold scores instead of their mean: say so."""
    if isinstance(answer, (list, tuple, np.ndarray, pd.Series)) and np.size(answer) > 1:
        try:
            values = np.asarray(answer, dtype=float).ravel()
        except (TypeError, ValueError):
            return checks.wrong(f"{what} should be one number.", "Give the mean AUC over the folds.")
        return checks.wrong(f"{what} is {values.size} numbers (one per fold?); the question asks for one.",
                            f"Take their mean: np.mean(scores) = {values.mean():.3f}.")
    return None


_REFERENCES: dict = {}
#: How close an AUC must be to a reference value to count as the same: given to three decimals
#: (``_EXACT``), which tells pipelines and fold splits apart, or rounded to two (``_TOLERANCE``).
_EXACT = 0.0005
_TOLERANCE = 0.005


def _auc_words(auc: float) -> str:
    """Plain words for an AUC, as a phrase: "a weak prediction", "no better than chance"."""
    word = _auc_word(auc)
    if "chance" in word:
        return word
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word} prediction"


def _reference(name: str, compute, *arrays):
    """The value a checker compares with, computed once per exercise data (the cross-validations are
    slow enough that a learner re-running a cell should not wait for them again)."""
    key = (name, *(np.ascontiguousarray(a).tobytes() + str(np.shape(a)).encode() for a in arrays))
    if key not in _REFERENCES:
        _REFERENCES[key] = compute()
    return _REFERENCES[key]


def _accuracy_hint(outcome) -> str:
    y = np.asarray(outcome).astype(int)
    share = y.mean()
    majority = max(share, 1 - share)
    lasting = lasting_response_share()
    return (f"that is accuracy (cross_val_score's default score for a classifier), not AUC. Accuracy counts hits at "
            f"one threshold and depends on how common the outcome is: here {share:.0%} respond, so a rule that "
            f"calls everyone the larger class already scores {majority:.0%}; in the course cohort on the chapter "
            f"page, where {lasting:.0%} still respond at day 14, calling nobody a lasting responder would score "
            f"{1 - lasting:.0%}. Use scoring='roc_auc'.")


# --- exercise 7.1: the cross-validation loop, written by the learner -------------------------------
def _cv_auc_variant(features, outcome, n_splits: int = 5, seed: int = 0, mistake: str | None = None) -> float:
    """Exercise 7.1 done right (``mistake=None``) or with one of :data:`_CV_MISTAKES`' mistakes.

    Right: ``StratifiedKFold(n_splits, shuffle=True, random_state=seed)``; in each fold
    ``StandardScaler`` and ``LogisticRegression`` fitted on the training patients only, the ROC AUC of
    the predicted probabilities of the held-out patients; the mean over the folds.
    """
    import warnings

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X = np.asarray(features, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    y = np.asarray(outcome).astype(int)
    if mistake == "scaler on all patients":
        X = StandardScaler().fit_transform(X)
    if mistake == "unshuffled folds":
        folds = StratifiedKFold(n_splits=n_splits)
    elif mistake == "fixed folds":
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    else:
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    scores, pooled = [], ([], [])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for train, test in folds.split(X, y):
            plain = mistake in ("scaler on all patients", "no scaler")
            model = LogisticRegression() if plain else make_pipeline(StandardScaler(), LogisticRegression())
            model.fit(X[train], y[train])
            scored = train if mistake == "training patients" else test
            if mistake in ("accuracy", "labels"):
                calls = model.predict(X[scored])
                scores.append(accuracy_score(y[scored], calls) if mistake == "accuracy" else roc_auc_score(y[scored], calls))
                continue
            probability = model.predict_proba(X[scored])[:, 0 if mistake == "non-response column" else 1]
            scores.append(roc_auc_score(y[scored], probability))
            pooled[0].append(y[scored])
            pooled[1].append(probability)
    if mistake == "pooled":
        return float(roc_auc_score(np.concatenate(pooled[0]), np.concatenate(pooled[1])))
    return float(np.mean(scores))


#: The typical mistakes of exercise 7.1: name → (message, hint).
_CV_MISTAKES = {
    "scaler on all patients": (
        "it fits the scaler on all patients before the split, so the held-out patients' values shape the scaling: "
        "data leakage.",
        "Fit StandardScaler inside the loop, on the training patients only: "
        "make_pipeline(StandardScaler(), LogisticRegression()).fit(X[train], y[train])."),
    "no scaler": (
        "it has no StandardScaler: the penalty of logistic regression then depends on each feature's units.",
        "Fit make_pipeline(StandardScaler(), LogisticRegression()) on each training fold."),
    "training patients": (
        "it scores the training patients, the ones the model was fitted to: that measures memory, not prediction.",
        "Score the held-out fold: roc_auc_score(y[test], model.predict_proba(X[test])[:, 1])."),
    "accuracy": (
        "it returns accuracy (the share of correct calls at one threshold), not the AUC.",
        "roc_auc_score(y[test], the held-out patients' probabilities) in each fold."),
    "labels": (
        "it scores predicted labels (0 or 1) instead of probabilities, so the AUC sees one threshold only.",
        "Use model.predict_proba(X[test])[:, 1] (or decision_function), not predict."),
    "non-response column": (
        "it gives 1 − AUC: predict_proba(...)[:, 0] is the probability of *non*-response.",
        "Take column 1: model.predict_proba(X[test])[:, 1]."),
    "unshuffled folds": (
        "its folds are not shuffled: StratifiedKFold without shuffle=True keeps the patients' order and ignores "
        "the seed.", "StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)."),
    "fixed folds": (
        "it ignores n_splits or seed (it makes 5 folds with random_state=0 whatever it is asked).",
        "Pass them on: StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)."),
    "pooled": (
        "it pools every held-out prediction into one AUC; the exercise asks for the mean of the per-fold AUCs.",
        "Compute one AUC per fold, collect them in a list, and return np.mean(aucs)."),
}


def _cv_cases() -> list:
    """The checker's own data sets: ``[(label, (features, outcome, n_splits, seed))]``."""
    rng = np.random.default_rng(7)
    toy = toy_patients()
    noise = rng.standard_normal((60, 5))
    separable = rng.standard_normal((30, 3))
    split = np.repeat([0, 1], 15)
    separable[:, 0] += 5.0 * (2 * split - 1)
    n = 45
    unequal = np.tile([0, 0, 1], n // 3)
    units = np.column_stack([rng.normal(0, 1, n) + 0.6 * unequal, rng.normal(0, 1000, n) + 500 * unequal,
                             rng.normal(0, 0.01, n) + 0.004 * unequal])
    units[0, 1] = 8000.0   # one extreme value: scaling on all patients then differs from scaling each fold
    cases = [("the toy patients above (12 patients, 3 folds, seed 0)",
              (toy[["within_dmn"]], toy["responder"], 3, 0)),
             ("pure noise (60 patients, 5 random features, 5 folds, seed 1: about 0.5 expected)",
              (noise, np.repeat([0, 1], 30), 5, 1)),
             ("perfectly separable patients (30 patients, 5 folds, seed 2: 1.0 expected)", (separable, split, 5, 2)),
             ("45 patients, 15 responders, features in very different units (4 folds, seed 3)", (units, unequal, 4, 3))]
    for _, (features, *_rest) in cases:
        if isinstance(features, np.ndarray):
            features.flags.writeable = False   # a function that changes its input is caught, not silently wrong
    return cases


@lru_cache(maxsize=64)
def _cv_value(label: str, mistake: str | None) -> float:
    """:func:`cv_auc_variant` on one of the checker's data sets (fresh data; the values are the same in
    every call, so they are computed once per kernel)."""
    from ..methods import prediction

    args = dict(_cv_cases())[label]
    with prediction._single_thread():
        return _cv_auc_variant(*args, mistake=mistake)


def _first_call_problem(answer, cases) -> Feedback | None:
    """What a first run of the learner's function on the toy table and on the noise shows, before the full check:
    a table indexed like an array, an input written into, ``None`` or one AUC per fold instead of their mean."""
    import warnings

    for label, args, _ in cases[:2]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = answer(*args)
        except KeyError:
            return checks.wrong(f"your cv_auc fails on {label}: the features there are a table (DataFrame), where "
                                "X[train] picks *columns* by name.",
                                "Turn the inputs into arrays first: X = np.asarray(features, dtype=float); "
                                "y = np.asarray(outcome).")
        except ValueError as error:
            if "read-only" in str(error):
                return checks.wrong("your cv_auc changes the features it is given (it writes into them).",
                                    "Work on a copy, and let StandardScaler do the scaling inside each training fold.")
            return None   # check_function names the data set that raised
        except Exception:  # noqa: BLE001 - the learner's code may raise anything; check_function reports it
            return None
        if result is None:
            return checks.wrong("your cv_auc returns None.",
                                "Finish the function: collect one AUC per fold and `return np.mean(aucs)`.")
        if np.size(result) > 1:
            return checks.wrong(f"your cv_auc returns {np.size(result)} numbers (one per fold?); it should return one.",
                                "Return their mean: np.mean(aucs).")
    return None


@checks.exercise("7.1", method="Make StratifiedKFold(n_splits, shuffle=True, random_state=seed); for each (train, test) "
                 "split fit make_pipeline(StandardScaler(), LogisticRegression()) on the training patients only, "
                 "score the test patients with predict_proba(...)[:, 1], compute roc_auc_score on them; return the "
                 "mean of the fold AUCs.",
                 code="model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[train], y[train]); "
                      "aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))")
def check_cv_auc_function(answer) -> Feedback:
    """Exercise 7.1: the learner's ``cv_auc(features, outcome, n_splits, seed)``, run on the checker's own data.

    The data sets: the lab's 12 toy patients (a table), pure noise (AUC about 0.5), perfectly separable
    patients (AUC 1.0) and features in very different units with unequal groups, where scaling on all
    patients, leaving the scaler out, accuracy and labels all give other numbers. Typical mistakes
    (:data:`_CV_MISTAKES`) are named.
    """
    import warnings

    cases = [(label, args, _cv_value(label, None)) for label, args in _cv_cases()]
    if callable(answer):
        problem = _first_call_problem(answer, cases)
        if problem is not None:
            return problem
    labels = {id(args[0]): label for label, args, _ in cases}
    mistakes = [(lambda *args, name=name: _cv_value(labels[id(args[0])], name), message, hint)
                for name, (message, hint) in _CV_MISTAKES.items()]
    noise, separable = cases[1][2], cases[2][2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return checks.check_function(
            answer, cases, "Your cv_auc", mistakes=mistakes,
            right_message=(f"your cv_auc gives the held-out AUC on all {len(cases)} data sets: {noise:.2f} on pure "
                           f"noise (chance is 0.5), {separable:.2f} on perfectly separable patients, and the same as "
                           "scikit-learn's pipeline on the others. Scaler and model learn from the training folds "
                           "only: nothing about a held-out patient leaks into the model that scores them."))


@checks.exercise("7.2", method="Standardise and fit the logistic regression inside each training fold (a pipeline), "
                 "score each held-out fold with the ROC AUC, and average the five AUCs — with the folds given in "
                 "the cell (random_state=0).",
                 code="cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), features, outcome, "
                      "cv=cv, scoring='roc_auc').mean()   # or cv_auc(features, outcome, 5, 0)")
def check_cv_auc(answer, features, outcome) -> Feedback:
    """Exercise 7.2: the 5-fold stratified cross-validated AUC of the course's pipeline.

    The right pipeline with another split into folds (``StratifiedKFold(..., random_state=s)`` for
    any of :data:`~dmnlab.clinic.FOLD_SEEDS`) is recognised as right; a missing ``StandardScaler`` is
    named only when the value matches the unscaled pipeline (with some fold seed) and not the
    scaled one.
    """
    from sklearn.model_selection import cross_val_score

    from ..methods import prediction

    folds = _fold_answer(answer, "Your AUC")
    if folds is not None:
        return folds
    try:
        X, y = prediction._arrays(features, outcome)
    except (TypeError, ValueError) as error:
        return checks.wrong(f"The features or outcome passed to the checker are not usable: {error}",
                            "Pass the feature table and the 0/1 responder column.")
    cv = prediction.stratified_folds()

    def references():
        return {
            "result": prediction.cross_validated_auc(X, y), "train": prediction.train_set_auc(X, y),
            "accuracy": float(cross_val_score(prediction.response_classifier(), X, y, cv=cv).mean()),
            "unshuffled": float(cross_val_score(prediction.response_classifier(), X, y, cv=5, scoring="roc_auc").mean()),
            "scaled": fold_seed_aucs(X, y, scaled=True), "unscaled": fold_seed_aucs(X, y, scaled=False),
        }

    ref = _reference("cv_auc", references, X, y)
    result = ref["result"]
    expected = result["auc"]
    value = checks.as_number(answer, "Cross-validated AUC")
    if isinstance(value, Feedback):
        return value
    spread = (f"over {len(ref['scaled'])} fold seeds the right pipeline gives {min(ref['scaled'].values()):.2f} to "
              f"{max(ref['scaled'].values()):.2f}")
    right_message = (
        f"AUC = {expected:.2f} over {cv.get_n_splits()} folds (fold SD {result['fold_sd']:.2f}) in {result['n']} "
        f"simulated patients: {_auc_words(expected)}. With so few patients one split is one draw: {spread}, and "
        "cross-validation error bars are about ±10% even at n = 100 (Varoquaux 2018).")
    mistakes = {
        ref["train"]: "that is the train-set AUC: the model was scored on the same patients it was fitted to, so it "
                      "rewards memorising them. Score only held-out folds (cross_val_score with the given cv).",
        ref["accuracy"]: _accuracy_hint(y),
        float(max(y.mean(), 1 - y.mean())): "that is the accuracy of calling everyone the larger class — the "
                                            "baseline any classifier must beat, and a reason not to trust accuracy "
                                            "when classes are unequal. Report the ROC AUC.",
        ref["unshuffled"]: "that is what cv=5 gives: five folds in file order, not shuffled. Pass the cv object "
                           "given in the cell.",
        1 - expected: "that is 1 − AUC: did you score the probability of *non*-response (predict_proba[:, 0])?",
    }

    def near(values: dict, tolerance: float) -> list:
        """The fold seeds whose AUC is within ``tolerance`` of the answer."""
        return [seed for seed, auc in values.items() if abs(value - auc) <= tolerance]

    def named(tolerance: float) -> list[str]:
        """The hints of the mistakes whose value is within ``tolerance`` of the answer."""
        return [hint for wrong_value, hint in mistakes.items() if abs(value - wrong_value) <= tolerance]

    def scaler_hint(seed: int) -> str:
        folds_note = "" if seed == 0 else f" with folds from random_state={seed}"
        return (f"that is the AUC of LogisticRegression without StandardScaler{folds_note}: you left the scaler out, "
                "and the penalty of logistic regression then depends on each feature's units. Put both steps in one "
                "pipeline (make_pipeline).")

    # 1. Given to three decimals or more, a value names its pipeline and its folds.
    if abs(value - expected) <= _EXACT:
        return checks.right(right_message)
    other_folds = [seed for seed in near(ref["scaled"], _EXACT) if seed != 0]
    unscaled = near(ref["unscaled"], _EXACT)
    also = named(_EXACT)
    if other_folds:
        caveat = (" (The same number also comes out of another pipeline with other folds: check that yours is "
                  "make_pipeline(StandardScaler(), LogisticRegression()).)") if unscaled or also else ""
        return checks.right(
            f"your pipeline is right; your number ({value:.3f}) is its AUC for another split of the patients into "
            f"folds (random_state={other_folds[0]}). With the cv given in the cell (random_state=0) it is "
            f"{expected:.3f}. The split alone moves it: {spread}. One split is one draw; report the spread over "
            f"repeated splits (RepeatedStratifiedKFold).{caveat}")
    if unscaled or also:
        hints = [scaler_hint(seed) for seed in unscaled[:1]] + also
        return checks.wrong(f"Cross-validated AUC = {value:.3g} is not right.",
                            hints[0] if len(hints) == 1 else "One of these: " + " Or: ".join(hints))
    # 2. Rounded to two decimals, a value may fit several pipelines: name a mistake only when it is the one fit.
    if abs(value - expected) <= _TOLERANCE:
        return checks.right(right_message)
    hints = named(_TOLERANCE)
    other_folds = near(ref["scaled"], _TOLERANCE)
    unscaled = near(ref["unscaled"], _TOLERANCE)
    if other_folds:
        return checks.wrong(
            f"Cross-validated AUC = {value:.3g} is not what the given folds give ({expected:.3f}). It is within 0.005 of "
            f"the right pipeline's AUC with other folds (random_state={other_folds[0]}), but not equal to it, and other "
            "pipelines can give values this close.",
            "Use the cv given in the cell; if you rounded your number, pass at least three decimals.")
    if unscaled:
        hints.insert(0, scaler_hint(unscaled[0]))
    if hints:
        return checks.wrong(f"Cross-validated AUC = {value:.3g} is not right.",
                            hints[0] if len(hints) == 1 else "One of these: " + " Or: ".join(hints))
    low, high = min(ref["scaled"].values()), max(ref["scaled"].values())
    tried = f"none of the {len(ref['scaled'])} fold seeds the checker tries (random_state 0–19, 42, 123, …)"
    if low - _TOLERANCE <= value <= high + _TOLERANCE:
        return checks.wrong(
            f"Cross-validated AUC = {value:.3g} is not what the given folds give ({expected:.3f}). It lies within the "
            f"range the right pipeline gives over other splits ({low:.2f} to {high:.2f}) but matches {tried}.",
            "If you made folds of your own, use the cv given in the cell to compare; otherwise check each step: "
            "make_pipeline(StandardScaler(), LogisticRegression()), then cross_val_score(pipe, features, outcome, "
            "cv=cv, scoring='roc_auc').mean().")
    direction = "higher" if value > expected else "lower"
    return checks.wrong(
        f"Cross-validated AUC = {value:.3g} is {direction} than the {expected:.3f} of the given folds and outside "
        f"what the right pipeline gives over other splits: {spread}.",
        "make_pipeline(StandardScaler(), LogisticRegression()), then cross_val_score(pipe, features, outcome, "
        "cv=cv, scoring='roc_auc').mean().")


@checks.exercise("7.3", method="Leaky: SelectKBest on all patients first, then cross-validate the plain pipeline "
                 "on the kept columns. Honest: the selection as a step of the pipeline, cross-validated on all "
                 "136 edges. The same cv for both.",
                 code="honest_auc = cross_val_score(make_pipeline(StandardScaler(), SelectKBest(f_classif, k=10), "
                      "LogisticRegression()), edges, outcome, cv=cv, scoring='roc_auc').mean()")
def check_leakage(leaky_auc, honest_auc, features, outcome, k: int = SELECT_K) -> Feedback:
    """Exercise 7.3: the leaky AUC (SelectKBest on all patients first) and the honest one (inside the pipeline)."""
    from sklearn.model_selection import cross_val_score

    from ..methods import prediction

    values = {}
    for name, answer in (("leaky_auc", leaky_auc), ("honest_auc", honest_auc)):
        folds = _fold_answer(answer, name)
        if folds is not None:
            return folds
        value = checks.as_number(answer, name)
        if isinstance(value, Feedback):
            return value
        values[name] = value
    try:
        X, y = prediction._arrays(features, outcome)
    except (TypeError, ValueError) as error:
        return checks.wrong(f"The features or outcome passed to the checker are not usable: {error}",
                            "Pass the edge table and the 0/1 responder column.")
    def references():
        return (prediction.leaky_cv_auc(X, y, k), prediction.honest_cv_auc(X, y, k),
                prediction.train_set_auc(X, y, prediction.response_classifier(select_k=k)),
                float(cross_val_score(prediction.response_classifier(select_k=k), X, y,
                                      cv=prediction.stratified_folds()).mean()))

    leaky, honest, train, accuracy = _reference(f"leakage-{k}", references, X, y)
    def close(a, b):
        return abs(a - b) <= 0.005

    got_leaky, got_honest = values["leaky_auc"], values["honest_auc"]
    if close(got_leaky, leaky) and close(got_honest, honest):
        return checks.right(f"leaky AUC {leaky:.2f}, honest AUC {honest:.2f}. Choosing the {k} best of {X.shape[1]} "
                            "edges on all patients let every test patient's response into the model; refitted inside "
                            f"each fold, the same procedure is {_auc_words(honest)}.")
    if close(got_leaky, honest) and close(got_honest, leaky):
        return checks.wrong("your two numbers are swapped.",
                            f"The leaky procedure gives {leaky:.2f} here and the honest one {honest:.2f}: "
                            "leaky_auc comes first.")
    if close(got_honest, leaky):
        return checks.wrong(f"your honest AUC ({got_honest:.2f}) equals the leaky one: the selection still saw all "
                            "patients.", "Put SelectKBest *inside* the pipeline: make_pipeline(StandardScaler(), "
                            f"SelectKBest(f_classif, k={k}), LogisticRegression()), and pass all {X.shape[1]} edges.")
    if close(got_leaky, honest):
        return checks.wrong(f"your leaky AUC ({got_leaky:.2f}) is the honest one.",
                            f"For the trap, fit SelectKBest(f_classif, k={k}) on all patients first "
                            "(fit_transform(edges, outcome)), then cross-validate the plain pipeline on the kept columns.")
    for name, got in (("leaky_auc", got_leaky), ("honest_auc", got_honest)):
        if close(got, train):
            return checks.wrong(f"{name} = {got:.2f} is a train-set AUC: the model was scored on the patients it was "
                                "fitted to.", "Use cross_val_score with the given cv and scoring='roc_auc'.")
        if close(got, accuracy):
            return checks.wrong(f"{name}: {_accuracy_hint(y)}", "Add scoring='roc_auc'.")
    wrong_name = "leaky_auc" if not close(got_leaky, leaky) else "honest_auc"
    return checks.wrong(f"{wrong_name} is not what the given folds give.",
                        f"Use cv = the given StratifiedKFold and k = {k}; selection before (leaky) or inside (honest) "
                        "the cross-validation.")


@checks.exercise("7.4", method="Cross-validate the pipeline with one fold per site (LeaveOneGroupOut, groups=sites): "
                 "fit on two sites, score the third; then the mean of the three per-site AUCs.",
                 code="cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), features, outcome, "
                      "cv=LeaveOneGroupOut(), groups=sites, scoring='roc_auc').mean()")
def check_loso_auc(answer, features, outcome, sites) -> Feedback:
    """Exercise 7.4: the leave-one-site-out AUC (mean of the three per-site AUCs)."""
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_score

    from ..methods import prediction

    try:
        X, y = prediction._arrays(features, outcome)
        groups = np.asarray(sites).astype(str)
        result = _reference("loso", lambda: prediction.leave_one_site_out_auc(X, y, groups), X, y, groups)
    except (TypeError, ValueError) as error:
        return checks.wrong(f"The features, outcome or sites passed to the checker are not usable: {error}",
                            "Pass the summaries, the 0/1 responder column and the site column.")
    site_values = list(result["site_aucs"].values())
    if isinstance(answer, (list, tuple, np.ndarray, pd.Series)) and np.size(answer) == len(site_values):
        try:
            given = np.sort(np.asarray(answer, dtype=float).ravel())
        except (TypeError, ValueError):
            given = None
        if given is not None and np.allclose(given, np.sort(site_values), atol=0.005):
            return checks.wrong("these are the three per-site AUCs; the question asks for one number.",
                                f"Take their mean: {np.mean(site_values):.3f}.")
    folds = _fold_answer(answer, "Your AUC")
    if folds is not None:
        return folds
    def references():
        return (float(cross_val_score(prediction.response_classifier(), X, y, cv=LeaveOneGroupOut(),
                                      groups=groups).mean()),
                prediction.cross_validated_auc(X, y)["auc"], prediction.train_set_auc(X, y))

    accuracy, stratified, train = _reference("loso-mistakes", references, X, y, groups)
    mistakes = {
        stratified: "that is the stratified 5-fold AUC, where every site is in every training set. Use "
                    "LeaveOneGroupOut() with groups=sites.",
        result["pooled_auc"]: "that pools all out-of-site predictions into one AUC. The question asks for the mean of the "
                              "per-site AUCs (what cross_val_score returns, averaged).",
        train: "that is the train-set AUC (scored on the patients the model was fitted to).",
        accuracy: _accuracy_hint(y),
    }
    sites_text = ", ".join(f"{s} {v:.2f}" for s, v in result["site_aucs"].items())
    return checks.check_close(
        answer, result["auc"], "Leave-one-site-out AUC", 0.005, mistakes,
        right_message=(f"AUC = {result['auc']:.2f} over {result['n_folds']} sites ({sites_text}). Each site was predicted "
                       "by a model that never saw its scanner or its patients — the closest this cohort gets to an "
                       "external test."),
        fallback_hint="cross_val_score(pipe, features, outcome, cv=LeaveOneGroupOut(), groups=sites, "
                      "scoring='roc_auc').mean()")


_SESSIONS = ("24h", "day7", "day14", "never")


@checks.exercise("7.5", method="For each rated session in order, compute (baseline − MADRS) / baseline and compare it "
                 "with 0.5 (≥ 0.5: response). The first session that meets it, then the first later one that "
                 "does not; 'never' if there is none.",
                 code="meets = {s: baseline - madrs[f'madrs_{s}'] >= 0.5 * baseline for s in ('24h', 'day7', 'day14')}")
def check_timeline(answer, participant: str = EXAMPLE_PATIENT, table=None) -> Feedback:
    """Exercise 7.5: (first session with a response, first later session without one) for one patient.

    ``table``: the patients (default the course cohort's :func:`patient_table`; the lab passes
    :func:`second_study`).
    """
    if answer is None:
        return checks.no_answer("Your answer")
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)) or len(answer) != 2:
        return checks.wrong("Your answer should be two session names in a tuple, e.g. ('24h', 'day7').",
                            f"Each one of {list(_SESSIONS)}.")
    given = tuple(str(a) if a is not None else "never" for a in answer)
    unknown = [a for a in given if a not in _SESSIONS]
    if unknown:
        return checks.wrong(f"{unknown} is not a rated session.", f"Use {list(_SESSIONS)}; 'never' if it did not happen.")
    try:
        timeline = treatment_timeline(participant, table)
    except Exception as error:  # noqa: BLE001 - a checker never raises
        return checks.wrong(str(error), "Use one of the patients of the table.")
    expected = timeline_events(participant, table=table)
    if given == expected:
        names = _SESSION_NAMES
        first, lost = expected
        baseline = timeline.loc["baseline", "madrs"]
        line = f"MADRS ≤ {baseline / 2:.1f}, half of {baseline:.0f}"
        if first == "never":
            return checks.right(f"{participant} never met the response criterion ({line}) at any rated session.")
        if lost == "never":
            last = float(timeline.loc["day14", "madrs"])
            edge = " — exactly on the line, which counts: the criterion is a fall of *at least* 50%" if (
                last == baseline / 2) else ""
            return checks.right(f"{participant} first met the response criterion ({line}) at {names[first]} and still "
                                f"met it at every later rating, up to day 14 (MADRS {last:.0f}{edge}).")
        return checks.right(f"{participant} first met the response criterion ({line}) at {names[first]}, and no longer "
                            f"met it at {names[lost]}. One infusion, and the benefit faded within two weeks — in "
                            "controlled trials the effect of one infusion was transient (chapter 5).")
    after = timeline.drop("baseline")
    madrs = after["madrs"]
    baseline = float(timeline.loc["baseline", "madrs"])
    alternatives = {
        "remission": (_events(after["remitted"]), f"you used remission (MADRS ≤ {REMISSION_CUTOFF}); response is a fall "
                                                  "of at least 50% of the patient's own baseline."),
        "points": (_events(baseline - madrs >= 50), "you looked for a fall of 50 *points*; response is a fall of 50 "
                                                    "*percent* of the baseline score."),
        "half scale": (_events(madrs <= 30), "you compared with half the scale's maximum (30); response is half of the "
                                             "patient's own baseline."),
        "strict": (_events(baseline - madrs > RESPONSE_FRACTION * baseline),
                   "you required a fall of *more* than 50%; the criterion is at least 50% (≥)."),
    }
    for (events, hint) in alternatives.values():
        if given == events and events != expected:
            return checks.wrong(f"{given} is not right.", hint)
    if given[0] == expected[0]:
        return checks.wrong(f"the first response ({given[0]}) is right; the loss of response is not.",
                            "Look at the sessions *after* the first response, in order: the first one whose fall from "
                            "baseline is below 50%.")
    return checks.wrong(f"{given} is not right.", "For each session compute (baseline − MADRS) / baseline and compare "
                                                  "with 0.5.")

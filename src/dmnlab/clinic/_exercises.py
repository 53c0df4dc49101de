"""Chapter 7's exercise checkers: each one names the mistakes learners make (and never raises)."""
from __future__ import annotations

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
    lasting_response_share,
    timeline_events,
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
            f"calls everyone the larger class already scores {majority:.0%}; for response still present at day 14 "
            f"({lasting:.0%} of these patients) calling nobody a responder would score {1 - lasting:.0%}. "
            "Use scoring='roc_auc'.")


def check_cv_auc(answer, features, outcome) -> Feedback:
    """Exercise 7.1: the 5-fold stratified cross-validated AUC of the course's pipeline."""
    from sklearn.linear_model import LogisticRegression
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
            "no_scaler": float(cross_val_score(LogisticRegression(), X, y, cv=cv, scoring="roc_auc").mean()),
        }

    ref = _reference("cv_auc", references, X, y)
    result = ref["result"]
    expected = result["auc"]
    mistakes = {
        ref["train"]: "that is the train-set AUC: the model was scored on the same patients it was fitted to, so it "
                      "rewards memorising them. Score only held-out folds (cross_val_score with the given cv).",
        ref["accuracy"]: _accuracy_hint(y),
        float(max(y.mean(), 1 - y.mean())): "that is the accuracy of calling everyone the larger class — the "
                                            "baseline any classifier must beat, and a reason not to trust accuracy "
                                            "when classes are unequal. Report the ROC AUC.",
        ref["unshuffled"]: "you used cv=5: five folds in file order, not shuffled. Pass the cv object given in the cell.",
        ref["no_scaler"]: "you left StandardScaler out: the penalty of logistic regression then depends on each "
                          "feature's units. Put both steps in one pipeline (make_pipeline).",
        1 - expected: "that is 1 − AUC: did you score the probability of *non*-response (predict_proba[:, 0])?",
    }
    return checks.check_close(
        answer, expected, "Cross-validated AUC", 0.005, mistakes,
        right_message=(f"AUC = {expected:.2f} over {cv.get_n_splits()} folds (fold SD {result['fold_sd']:.2f}) in "
                       f"{result['n']} simulated patients: {_auc_words(expected)}. With so few patients the fold-to-fold "
                       "spread is large; cross-validation error bars are about ±10% even at n = 100 (Varoquaux 2018)."),
        fallback_hint="make_pipeline(StandardScaler(), LogisticRegression()), then cross_val_score(pipe, features, "
                      "outcome, cv=cv, scoring='roc_auc').mean().")


def check_leakage(leaky_auc, honest_auc, features, outcome, k: int = SELECT_K) -> Feedback:
    """Exercise 7.2: the leaky AUC (SelectKBest on all patients first) and the honest one (inside the pipeline)."""
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
        return checks.wrong("your two numbers are swapped.", "The leaky AUC is the higher one here.")
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


def check_loso_auc(answer, features, outcome, sites) -> Feedback:
    """Exercise 7.3: the leave-one-site-out AUC (mean of the three per-site AUCs)."""
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


def check_timeline(answer, participant: str = EXAMPLE_PATIENT) -> Feedback:
    """Exercise 7.4: (first session with a response, first later session without one) for one patient."""
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
        timeline = treatment_timeline(participant)
    except Exception as error:  # noqa: BLE001 - a checker never raises
        return checks.wrong(str(error), "Use one of the patients of patient_table().")
    expected = timeline_events(participant)
    if given == expected:
        names = _SESSION_NAMES
        first, lost = expected
        baseline = timeline.loc["baseline", "madrs"]
        ending = ("One infusion, and the benefit faded within two weeks — as it often does (Fava et al. 2018)."
                  if lost != "never" else "The response lasted to the last rating, at day 14.")
        return checks.right(f"{participant} first met the response criterion (MADRS ≤ {baseline / 2:.1f}, half of "
                            f"{baseline:.0f}) at {names[first]}, and no longer met it at {names[lost]}. {ending}")
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

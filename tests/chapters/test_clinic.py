"""Chapter 7 (clinical implications): the prediction methods against scikit-learn called directly,
leakage on pure noise, leave-one-site-out folds, the study simulator against its true AUC, the
cohort's numbers, widgets headless, and every checker on right answers, named mistakes, wrong
types and None."""
import numpy as np
import pytest
from scipy import stats as scipy_stats
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import (
    LeaveOneGroupOut,
    RepeatedStratifiedKFold,
    StratifiedKFold,
    cross_val_score,
    permutation_test_score,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from dmnlab import clinic
from dmnlab.methods import prediction


@pytest.fixture(scope="module")
def table():
    return clinic.patient_table()


@pytest.fixture(scope="module")
def noise():
    """80 patients, 136 pure-noise features: the true AUC of anything built on them is 0.5."""
    return prediction.simulated_patients(80, true_auc=0.5, seed=11)


# --- methods against scikit-learn ----------------------------------------------------------------
def test_cv_auc_equals_scikit_learn_called_directly():
    X, y = prediction.simulated_patients(90, true_auc=0.75, n_features=6, n_informative=3, seed=1)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    direct = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc")
    result = prediction.cross_validated_auc(X, y, n_permutations=50)
    assert result["auc"] == pytest.approx(direct.mean())
    assert result["fold_aucs"] == pytest.approx(direct)
    score, null, p = permutation_test_score(pipe, X, y, cv=cv, scoring="roc_auc", n_permutations=50, random_state=0)
    assert result["auc"] == pytest.approx(score)
    assert result["p_permutation"] == pytest.approx(p) and result["null_aucs"] == pytest.approx(null)
    assert result["auc"] > 0.6 and result["p_permutation"] < 0.05  # a real signal is found
    # Train-set AUC: the same pipeline fitted and scored on everyone.
    fitted = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    assert prediction.train_set_auc(X, y) == pytest.approx(roc_auc_score(y, fitted.decision_function(X)))


def test_leaky_and_honest_selection_against_scikit_learn(noise):
    X, y = noise
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    kept = SelectKBest(f_classif, k=10).fit_transform(X, y)
    leaky = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), kept, y, cv=cv, scoring="roc_auc")
    honest = cross_val_score(make_pipeline(StandardScaler(), SelectKBest(f_classif, k=10), LogisticRegression()),
                             X, y, cv=cv, scoring="roc_auc")
    assert prediction.leaky_cv_auc(X, y, 10) == pytest.approx(leaky.mean())
    assert prediction.honest_cv_auc(X, y, 10) == pytest.approx(honest.mean())


def test_leakage_inflates_auc_on_pure_noise_while_the_honest_pipeline_stays_at_chance():
    leaky, honest = [], []
    for seed in range(6):
        X, y = prediction.simulated_patients(60, true_auc=0.5, seed=100 + seed)
        leaky.append(prediction.leaky_cv_auc(X, y, 10))
        honest.append(prediction.honest_cv_auc(X, y, 10))
    assert np.mean(leaky) > 0.75
    assert np.mean(honest) == pytest.approx(0.5, abs=0.08)
    assert min(leaky) > max(honest)


def test_leave_one_site_out_uses_one_fold_per_site(table):
    X, y, sites = clinic.summary_features(), table["responder"], table["site"]
    result = prediction.leave_one_site_out_auc(X, y, sites)
    assert result["n_folds"] == 3 and set(result["site_aucs"]) == {"A", "B", "C"}
    direct = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=LeaveOneGroupOut(),
                             groups=sites, scoring="roc_auc")
    assert result["auc"] == pytest.approx(direct.mean())
    # Each fold's test set is exactly one site: its AUC is that of a model fitted to the other two.
    for site in "ABC":
        test = (sites == site).to_numpy()
        model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[~test], y[~test])
        assert result["site_aucs"][site] == pytest.approx(roc_auc_score(y[test], model.decision_function(X[test])))


def test_bad_inputs_are_explained():
    X, y = prediction.simulated_patients(20, seed=0)
    with pytest.raises(ValueError, match="one value per participant"):
        prediction.cross_validated_auc(X, y[:-1])
    with pytest.raises(ValueError, match="both classes"):
        prediction.cross_validated_auc(X, np.ones(20))
    with pytest.raises(ValueError, match="at least 10 patients"):
        prediction.simulate_biomarker_studies(8)
    with pytest.raises(ValueError, match="between 0.5 and 1"):
        prediction.simulated_patients(20, true_auc=0.3)


# --- the study simulator ---------------------------------------------------------------------------
def test_simulated_biomarker_has_its_stated_true_auc():
    X, y = prediction.simulated_patients(100_000, true_auc=0.65, n_features=6, n_informative=4, seed=3)
    assert roc_auc_score(y, X[:, :4].sum(axis=1)) == pytest.approx(0.65, abs=0.005)  # the best rule
    assert roc_auc_score(y, X[:, 4]) == pytest.approx(0.5, abs=0.01)                # a noise feature


def test_rank_auc_equals_roc_auc_score():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 40)
    score = np.round(rng.standard_normal(40), 1)  # with ties
    assert prediction._rank_auc(y, score) == pytest.approx(roc_auc_score(y, score))


def test_honest_studies_estimate_what_their_models_do_on_new_patients():
    honest = prediction.simulate_biomarker_studies(100, n_studies=40, true_auc=0.65)
    leaky = prediction.simulate_biomarker_studies(100, leaky=True, n_studies=40, true_auc=0.65)
    # Honest cross-validation is close to the AUC the studies' models reach on new patients…
    assert honest["mean_reported"] == pytest.approx(honest["mean_new_patients"], abs=0.03)
    # …which a small study cannot push up to the biomarker's true AUC; leakage overshoots both.
    assert honest["mean_new_patients"] < honest["true_auc"]
    assert leaky["mean_reported"] > leaky["true_auc"] + 0.1
    # With pure noise, honest studies sit at chance and leaky ones do not.
    # (100 studies: the mean of honest AUCs has a standard error of about 0.01.)
    null_honest = prediction.simulate_biomarker_studies(50, n_studies=100, true_auc=0.5)
    null_leaky = prediction.simulate_biomarker_studies(50, leaky=True, n_studies=100, true_auc=0.5)
    assert null_honest["mean_reported"] == pytest.approx(0.5, abs=0.04)
    assert null_honest["mean_new_patients"] == pytest.approx(0.5, abs=0.01)
    assert null_leaky["mean_reported"] > 0.75


def test_spread_of_honest_estimates_shrinks_with_sample_size():
    small, large = clinic.biomarker_studies(20), clinic.biomarker_studies(200)
    assert np.std(small["reported"]) > 2 * np.std(large["reported"])


# --- the cohort ------------------------------------------------------------------------------------
def test_patient_table_and_edges(table):
    assert len(table) == 60 and table["site"].value_counts().to_dict() == {"A": 20, "B": 20, "C": 20}
    fall = (table["madrs_baseline"] - table["madrs_24h"]) / table["madrs_baseline"]
    assert ((fall >= 0.5) == (table["responder"] == 1)).all()
    edges = clinic.edge_features()
    assert edges.shape == (60, 136) and (edges.index == table.index).all()
    assert "PCC–mPFC" in edges.columns or "mPFC–PCC" in edges.columns


def test_design_biomarker_is_weak_and_measurement_weakens_it():
    design = clinic.design_biomarker()
    assert design["r_design"] == 0.15
    assert 0.52 < design["auc_measured"] < design["auc_true"] < 0.62


def test_cohort_numbers_run_from_flattering_to_honest():
    result = clinic.cohort_predictions()
    assert result["train_auc"] > result["cv"]["auc"]
    assert result["leaky"] > result["honest"] + 0.15
    assert result["loso"]["n_folds"] == 3
    assert 0 < result["cv"]["p_permutation"] <= 1 and len(result["cv"]["null_aucs"]) == clinic.N_PERMUTATIONS


def test_confusion_matrix_against_counting(table):
    z = (table["within_dmn"] - table["within_dmn"].mean()) / table["within_dmn"].std()
    state = clinic.confusion_at(0.5, "cohort")
    called, responder = z >= 0.5, table["responder"] == 1
    assert state["tp"] == int((called & responder).sum()) and state["tn"] == int((~called & ~responder).sum())
    assert state["tp"] + state["fp"] + state["fn"] + state["tn"] == 60
    assert state["per_100"]["treated"] + state["per_100"]["turned_away"] == pytest.approx(100)
    hypothetical = [clinic.confusion_at(t, "hypothetical") for t in clinic.SCORE_CUTOFFS]
    sens = [h["sensitivity"] for h in hypothetical]
    assert sens == sorted(sens, reverse=True)  # a higher threshold calls fewer patients likely responders
    # The binormal model's sensitivity and specificity at z = 0 from the normal distribution.
    d = np.sqrt(2) * scipy_stats.norm.ppf(clinic.HYPOTHETICAL_AUC)
    p = table["responder"].mean()
    cut = p * d
    assert clinic.confusion_at(0.0, "hypothetical")["specificity"] == pytest.approx(scipy_stats.norm.cdf(cut))


def test_timeline_of_the_example_patient(table):
    timeline = clinic.treatment_timeline()
    assert list(timeline.index) == ["baseline", "24h", "day7", "day14"]
    assert timeline.loc["24h", "madrs"] == table.loc[clinic.EXAMPLE_PATIENT, "madrs_24h"]
    assert clinic.timeline_events() == ("24h", "day14")
    assert clinic.timeline_events(rule="remission") == ("day7", "day14")



def test_the_thread_patients_scan_is_scored_without_him(table):
    """The patient-thread box: a held-out probability equals scikit-learn's cross_val_predict with the page's
    folds, and the top third's response share is counted from the same probabilities."""
    from sklearn.model_selection import cross_val_predict

    y = table["responder"].to_numpy()
    expected = cross_val_predict(make_pipeline(StandardScaler(), LogisticRegression()), clinic.summary_features(), y,
                                 cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
                                 method="predict_proba")[:, 1]
    probability = clinic.held_out_probabilities()
    assert probability.to_numpy() == pytest.approx(expected)
    scan = clinic.thread_patient_scan()
    assert scan["p_response"] == pytest.approx(probability[clinic.EXAMPLE_PATIENT])
    top = probability.sort_values(ascending=False).index[:scan["top_n"]]
    assert scan["top_n"] == len(table) // 3
    assert scan["in_top"] == (clinic.EXAMPLE_PATIENT in top)
    assert scan["top_share"] == pytest.approx(table.loc[top, "responder"].mean())
    assert scan["rest_share"] == pytest.approx(table.drop(index=top)["responder"].mean())
    within = table["within_dmn"]
    z = (within[clinic.EXAMPLE_PATIENT] - within.mean()) / within.std(ddof=1)
    assert scan["z"] == pytest.approx(z)
    numbers = clinic.page_numbers()
    assert str(numbers["ch7_pt_in_top"]) == ("among them" if scan["in_top"] else "not among them")
    # The box says the top third responded only a little more often: true of these data.
    assert str(numbers["ch7_pt_top_vs_rest"]) == "only a little more often than"
    with pytest.raises(Exception, match="not one of"):
        clinic.thread_patient_scan("sub-99")

# --- widgets and figures -----------------------------------------------------------------------
def _histogram_mean(explorer):
    bars = explorer.histogram.bars
    centres = np.array([bar.get_x() + bar.get_width() / 2 for bar in bars])
    heights = np.array([bar.get_height() for bar in bars])
    return float((heights * centres).sum() / heights.sum())


def test_optimistic_biomarker_widget_shows_the_leak():
    explorer = clinic.optimistic_biomarker_explorer()
    explorer.live_widget()
    honest = _histogram_mean(explorer)
    explorer.inputs["leaky"].value = True
    assert _histogram_mean(explorer) > honest + 0.2
    text = explorer.shown_html()
    assert "leaky" in text and "true AUC is 0.65" in text
    before = explorer.render_png()
    explorer.inputs["n_per_study"].value = 200
    assert explorer.render_png() != before
    assert "200 patients" in explorer.shown_html()


def test_roc_widget_moves_its_point_and_matrix():
    explorer = clinic.roc_explorer()
    explorer.live_widget()
    point = explorer.roc_point
    before = np.array(point.get_xydata()).copy()
    explorer.inputs["threshold"].value = 1.0
    after = np.array(point.get_xydata())
    assert after[0, 1] < before[0, 1]  # stricter threshold: lower sensitivity
    state = clinic.confusion_at(1.0, "cohort")
    assert explorer.cell_counts[0][0].get_text() == str(state["tp"])  # responders called likely responders
    explorer.inputs["biomarker"].value = "hypothetical"
    description = explorer.shown_html()
    assert "hypothetical" in description and "100 patients" in description


def test_figures_carry_alt_text_with_their_numbers():
    result = clinic.cohort_predictions()
    assert f"r = {result['r']:.2f}" in clinic.plot_biomarker().alt_text
    ladder = clinic.plot_validation_ladder().alt_text
    assert f"{result['leaky']:.2f}" in ladder and f"{result['loso']['auc']:.2f}" in ladder
    assert f"five summaries {clinic.split_spread()['summaries']['low']:.2f}" in ladder
    assert "at 24 hours and stops meeting it at day 14" in clinic.plot_patient_timeline().alt_text
    studies = clinic.biomarker_studies(20, True)
    assert f"{studies['mean_reported']:.2f}" in clinic.plot_biomarker_studies(20, True).alt_text


# --- checkers -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def summaries(table):
    return clinic.summary_features(), table["responder"]


def test_cv_auc_checker(summaries):
    X, y = summaries
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    right = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc").mean()
    assert clinic.check_cv_auc(right, X, y).correct
    train = roc_auc_score(y, make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y).decision_function(X))
    assert "train-set" in clinic.check_cv_auc(train, X, y).hint
    accuracy = cross_val_score(pipe, X, y, cv=cv).mean()
    hint = clinic.check_cv_auc(accuracy, X, y).hint
    assert "accuracy" in hint and "day 14" in hint
    assert "cv=5" in clinic.check_cv_auc(cross_val_score(pipe, X, y, cv=5, scoring="roc_auc").mean(), X, y).hint
    no_scaler = cross_val_score(LogisticRegression(), X, y, cv=cv, scoring="roc_auc").mean()
    assert "StandardScaler" in clinic.check_cv_auc(no_scaler, X, y).hint
    assert "1 − AUC" in clinic.check_cv_auc(1 - right, X, y).hint
    assert "mean" in clinic.check_cv_auc(cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc"), X, y).hint
    assert "no answer yet" in clinic.check_cv_auc(None, X, y).message
    assert "single number" in clinic.check_cv_auc("0.6", X, y).message or not clinic.check_cv_auc("0.6", X, y).correct
    assert not clinic.check_cv_auc({"auc": 0.6}, X, y).correct


def test_cv_auc_checker_recognises_the_right_pipeline_with_other_folds(summaries):
    """Issue 20 (checker defect): a right pipeline with another fold seed was told "you left StandardScaler
    out" (random_state=3 gives 0.641, the unscaled pipeline with the given folds 0.646)."""
    X, y = summaries
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    for seed in (*clinic.FOLD_SEEDS[:12], 42, 123):
        cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        value = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc").mean()
        feedback = clinic.check_cv_auc(value, X, y)
        assert feedback.correct, (seed, feedback)
        assert "left the scaler out" not in feedback.message + feedback.hint, (seed, feedback)
        if seed != 0:
            assert f"random_state={seed}" in feedback.message or "random_state=" in feedback.message


def test_cv_auc_checker_names_the_scaler_only_for_the_unscaled_pipeline(summaries):
    X, y = summaries
    scaled = clinic.fold_seed_aucs(X, y, scaled=True)
    unscaled = clinic.fold_seed_aucs(X, y, scaled=False)
    named = 0
    for seed, value in unscaled.items():
        matches_scaled = any(abs(value - other) <= 0.0005 for other in scaled.values())
        feedback = clinic.check_cv_auc(value, X, y)
        if matches_scaled:
            assert feedback.correct  # the same number comes out of a right pipeline: not called wrong
        else:
            assert not feedback.correct and "left the scaler out" in feedback.hint, (seed, feedback)
            named += 1
    assert named >= len(unscaled) // 2
    # The given folds without the scaler: named, whatever other seeds give.
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    value = cross_val_score(LogisticRegression(), X, y, cv=cv, scoring="roc_auc").mean()
    assert "left the scaler out" in clinic.check_cv_auc(value, X, y).hint
    # A value no split of the right pipeline gives is not called right, and the message says so truthfully.
    outside = clinic.check_cv_auc(0.95, X, y)
    assert not outside.correct and "outside what the right pipeline gives" in outside.message


def test_split_spread_equals_repeated_stratified_kfold(table):
    y = table["responder"].to_numpy()
    spread = clinic.split_spread()
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=clinic.N_REPEATS, random_state=0)
    folds = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), clinic.summary_features(), y,
                            cv=cv, scoring="roc_auc")
    per_split = folds.reshape(clinic.N_REPEATS, 5).mean(axis=1)
    assert spread["summaries"]["aucs"] == pytest.approx(per_split)
    assert spread["summaries"]["low"] <= clinic.cohort_predictions()["cv"]["auc"] <= spread["summaries"]["high"]
    assert spread["leaky"]["mean"] > spread["honest"]["mean"]
    numbers = clinic.page_numbers()
    assert numbers["ch7_rep_summaries_lo"] == pytest.approx(per_split.min())
    assert str(numbers["ch7_rep_vs_ceiling"]) in ("above", "below", "close to")


def test_leakage_checker(table):
    edges, y = clinic.edge_features(), table["responder"]
    leaky, honest = prediction.leaky_cv_auc(edges, y, 10), prediction.honest_cv_auc(edges, y, 10)
    assert clinic.check_leakage(leaky, honest, edges, y).correct
    assert "swapped" in clinic.check_leakage(honest, leaky, edges, y).message
    assert "inside" in clinic.check_leakage(leaky, leaky, edges, y).hint
    assert "fit SelectKBest" in clinic.check_leakage(honest, honest, edges, y).hint
    train = prediction.train_set_auc(edges, y, prediction.response_classifier(select_k=10))
    assert "train-set" in clinic.check_leakage(leaky, train, edges, y).message
    assert "no answer yet" in clinic.check_leakage(None, honest, edges, y).message
    assert "no answer yet" in clinic.check_leakage(leaky, None, edges, y).message
    assert not clinic.check_leakage("high", honest, edges, y).correct


def test_loso_checker(table, summaries):
    X, y = summaries
    sites = table["site"]
    result = prediction.leave_one_site_out_auc(X, y, sites)
    assert clinic.check_loso_auc(result["auc"], X, y, sites).correct
    assert "per-site" in clinic.check_loso_auc(list(result["site_aucs"].values()), X, y, sites).message
    assert "LeaveOneGroupOut" in clinic.check_loso_auc(prediction.cross_validated_auc(X, y)["auc"], X, y, sites).hint
    if abs(result["pooled_auc"] - result["auc"]) > 0.005:
        assert "pools" in clinic.check_loso_auc(result["pooled_auc"], X, y, sites).hint
    assert "no answer yet" in clinic.check_loso_auc(None, X, y, sites).message
    assert not clinic.check_loso_auc("A", X, y, sites).correct


def test_timeline_checker():
    right = clinic.check_timeline(("24h", "day14"))
    assert right.correct and "at 24 hours" in right.message and "day 14" in right.message
    assert "remission" in clinic.check_timeline(("day7", "day14")).hint
    assert "50 *points*" in clinic.check_timeline(("never", "never")).hint
    assert "half the scale" in clinic.check_timeline(("24h", "never")).hint
    assert "loss of response" in clinic.check_timeline(("24h", "day7")).message
    assert "no answer yet" in clinic.check_timeline(None).message
    assert "two session names" in clinic.check_timeline("24h").message
    assert "not a rated session" in clinic.check_timeline(("1 day", "day14")).message
    assert not clinic.check_timeline(("24h", "day14"), "sub-999").correct


# --- exercise 7.1: the cross-validation loop written by the learner ------------------------------
def _cv_auc(features, outcome, n_splits=5, seed=0):
    """A right implementation, as a learner would write it."""
    X, y = np.asarray(features, dtype=float), np.asarray(outcome)
    aucs = []
    for train, test in StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y):
        model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[train], y[train])
        aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))
    return np.mean(aucs)


def _scaler_before_split(features, outcome, n_splits=5, seed=0):
    X, y = StandardScaler().fit_transform(np.asarray(features, dtype=float)), np.asarray(outcome)
    aucs = []
    for train, test in StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y):
        model = LogisticRegression().fit(X[train], y[train])
        aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))
    return np.mean(aucs)


def _training_auc(features, outcome, n_splits=5, seed=0):
    X, y = np.asarray(features, dtype=float), np.asarray(outcome)
    aucs = []
    for train, _ in StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y):
        model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[train], y[train])
        aucs.append(roc_auc_score(y[train], model.predict_proba(X[train])[:, 1]))
    return np.mean(aucs)


def _accuracy(features, outcome, n_splits=5, seed=0):
    X, y = np.asarray(features, dtype=float), np.asarray(outcome)
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    return cross_val_score(pipe, X, y, cv=StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)).mean()


def _labels(features, outcome, n_splits=5, seed=0):
    X, y = np.asarray(features, dtype=float), np.asarray(outcome)
    aucs = []
    for train, test in StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y):
        model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[train], y[train])
        aucs.append(roc_auc_score(y[test], model.predict(X[test])))
    return np.mean(aucs)


def test_cv_function_checker_tells_right_from_typical_mistakes():
    right = clinic.check_cv_auc_function(_cv_auc)
    assert right.correct and "pure noise" in right.message and "perfectly separable" in right.message
    for function, named in ((_scaler_before_split, "scaler on all patients"), (_training_auc, "training patients"),
                            (_accuracy, "accuracy"), (_labels, "labels")):
        feedback = clinic.check_cv_auc_function(function)
        assert not feedback.correct, function.__name__
        assert named in feedback.message, (function.__name__, feedback)
    # The same function written with cross_val_score, or with decision_function, is right too.
    assert clinic.check_cv_auc_function(lambda f, o, n=5, s=0: cross_val_score(
        make_pipeline(StandardScaler(), LogisticRegression()), np.asarray(f, dtype=float), np.asarray(o),
        cv=StratifiedKFold(n, shuffle=True, random_state=s), scoring="roc_auc").mean()).correct


def test_cv_function_checker_runs_its_own_data_and_answers_odd_input():
    from sklearn.metrics import roc_auc_score as auc

    from conftest import ODD_ANSWERS

    cases = dict(clinic._exercises._cv_cases())
    noise = [args for label, args in cases.items() if label.startswith("pure noise")][0]
    separable = [args for label, args in cases.items() if label.startswith("perfectly separable")][0]
    assert abs(_cv_auc(*noise) - 0.5) < 0.1 and _cv_auc(*separable) == 1.0
    toy = clinic.toy_patients()
    assert _cv_auc(toy[["within_dmn"]], toy["responder"], 3, 0) == pytest.approx(0.75)
    # The worked example's fold 1, as the lab's Markdown cell shows it.
    train, test = next(StratifiedKFold(3, shuffle=True, random_state=0).split(toy[["within_dmn"]], toy["responder"]))
    assert list(toy.index[test]) == ["P2", "P5", "P8", "P9"]
    x = toy["within_dmn"].to_numpy()
    assert x[train].mean() == pytest.approx(0.4275) and x[train].std() == pytest.approx(0.0689, abs=1e-4)
    assert auc(toy["responder"].to_numpy()[test], x[test]) == 1.0
    assert "returns None" in clinic.check_cv_auc_function(lambda f, o, n, s: None).message
    assert "one per fold" in clinic.check_cv_auc_function(lambda f, o, n, s: [0.5, 0.6]).message
    assert "DataFrame" in clinic.check_cv_auc_function(lambda f, o, n, s: f[[0, 1]]).message
    in_place = clinic.check_cv_auc_function(lambda f, o, n, s: np.subtract(f, 1, out=np.asarray(f)).mean())
    assert "changes the features" in in_place.message
    assert "no answer yet" in clinic.check_cv_auc_function(None).message
    for odd in ODD_ANSWERS:
        feedback = clinic.check_cv_auc_function(odd)
        assert not feedback.correct and feedback.message


def test_cv_function_hints_come_in_steps():
    from dmnlab.course import checks

    checks.ATTEMPTS.pop("7.1", None)
    hints = [clinic.check_cv_auc_function(_scaler_before_split).hint for _ in range(3)]
    assert "inside the loop" in hints[0] and "Method:" not in hints[0]
    assert "Method:" in hints[1] and "Code:" not in hints[1]
    assert "Code:" in hints[2] and "roc_auc_score" in hints[2]
    checks.ATTEMPTS.pop("7.1", None)


# --- the lab's second study: the page's numbers are not the lab's answers -----------------------
@pytest.fixture(scope="module")
def second():
    return clinic.second_study()


def test_second_study_has_the_course_design(second, table):
    assert list(second.columns) == list(table.columns) and len(second) == len(table)
    assert second.index[0].startswith("s2-") and not set(second.index) & set(table.index)
    assert set(second["site"]) == {"A", "B", "C"} and 0.2 < second["responder"].mean() < 0.8
    edges = clinic.second_study_edges()
    assert edges.shape == (len(second), 136) and list(edges.index) == list(second.index)
    assert clinic.second_study() is second   # simulated once per kernel


def test_nothing_is_answered_before_it_is_asked(second):
    """Issue 21: the page quotes the course cohort; the lab's exercises use the second study, where the
    page's numbers are not accepted."""
    numbers = clinic.page_numbers()
    X, y = second[list(clinic.SUMMARY_FEATURES)], second["responder"]
    for page_value in (numbers["ch7_cv_auc"], round(numbers["ch7_cv_auc"], 2)):
        assert not clinic.check_cv_auc(page_value, X, y).correct
    assert not clinic.check_leakage(numbers["ch7_leaky"], numbers["ch7_honest"], clinic.second_study_edges(), y).correct
    assert not clinic.check_loso_auc(numbers["ch7_loso"], X, y, second["site"]).correct
    page_answer = clinic.timeline_events()   # the page's patient, sub-38 of the course cohort
    assert not clinic.check_timeline(page_answer, clinic.LAB_PATIENT, second).correct
    lab_answer = clinic.timeline_events(clinic.LAB_PATIENT, table=second)
    assert lab_answer != page_answer
    right = clinic.check_timeline(lab_answer, clinic.LAB_PATIENT, second)
    assert right.correct and clinic.LAB_PATIENT in right.message


def test_timeline_checker_reads_the_table_it_is_given(second):
    patient = clinic.LAB_PATIENT
    assert clinic.timeline_events(patient, table=second) == ("24h", "never")
    assert "exactly on the line" in clinic.check_timeline(("24h", "never"), patient, second).message
    assert "remission" in clinic.check_timeline(("24h", "day7"), patient, second).hint
    assert "*more* than 50%" in clinic.check_timeline(("24h", "day14"), patient, second).hint
    assert not clinic.check_timeline(("24h", "never"), patient).correct   # not a patient of the course cohort


def test_leakage_checker_says_which_number_is_which(second):
    edges, y = clinic.second_study_edges(), second["responder"]
    leaky, honest = prediction.leaky_cv_auc(edges, y, 10), prediction.honest_cv_auc(edges, y, 10)
    swapped = clinic.check_leakage(honest, leaky, edges, y)
    assert "swapped" in swapped.message and f"{leaky:.2f}" in swapped.hint and f"{honest:.2f}" in swapped.hint


def test_every_checker_of_the_lab_gives_hints_in_steps(second):
    from dmnlab.course import checks

    X, y = second[list(clinic.SUMMARY_FEATURES)], second["responder"]
    calls = {"7.1": lambda: clinic.check_cv_auc_function(lambda f, o, n, s: 0.3),
             "7.2": lambda: clinic.check_cv_auc(0.99, X, y),
             "7.3": lambda: clinic.check_leakage(0.99, 0.98, clinic.second_study_edges(), y),
             "7.4": lambda: clinic.check_loso_auc(0.99, X, y, second["site"]),
             "7.5": lambda: clinic.check_timeline(("day14", "day14"), clinic.LAB_PATIENT, second)}
    for number, call in calls.items():
        checks.ATTEMPTS.pop(number, None)
        first, middle, last = (call().hint for _ in range(3))
        assert "Method:" not in first and "Method:" in middle and "Code:" in last, number
        checks.ATTEMPTS.pop(number, None)


def test_biomarker_figure_of_the_second_study(second):
    from conftest import assert_alt_texts

    link = clinic.link_of(second)
    assert_alt_texts({"second study": (clinic.plot_biomarker(table=second), ["second simulated study",
                                                                             f"r = {link['r']:.2f}"]),
                      "timeline": (clinic.plot_patient_timeline(clinic.LAB_PATIENT, table=second),
                                   [clinic.LAB_PATIENT, "24 hours"])})


def test_page_numbers_feed_every_glue_reference_of_the_page():
    """Every {glue:text} of the page is a number of clinic.page_numbers() or of the followed patient (pt_*)."""
    from support.pages import glue_references, shared_glue

    glued = glue_references("clinic")
    assert glued <= set(clinic.page_numbers()) | shared_glue("clinic")
    assert "ch7_pt_p_response" in glued and "pt_madrs_day14" in glued

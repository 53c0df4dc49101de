"""Chapter 7's data and science: the SIMULATED patients' baseline scans and MADRS course, the
cohort's built-in biomarker, every way of scoring a response prediction, many simulated studies,
and what one decision threshold means for 100 patients."""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..course.errors import CourseInputError
from ..datasets.cache import kept_on_disk, kept_with_data
from ..shared.patient import THREAD_PATIENT
from ..study.protocol import SESSION_DAYS, SIMULATED_NOTE, is_remission, is_response

pd = lazy.load("pandas")

#: The five network summaries of a baseline rest run used as features (column → plain name).
SUMMARY_FEATURES = {
    "within_dmn": "within-DMN", "within_ce": "within-central-executive",
    "dmn_task_positive": "DMN–task-positive", "dmn_sgacc": "DMN–sgACC", "between_networks": "between-network",
}
_SUMMARY_KEYS = {"within_dmn": "within DMN", "within_ce": "within CE", "dmn_task_positive": "DMN–task-positive",
                 "dmn_sgacc": "DMN–sgACC", "between_networks": "between networks"}
#: Plain names of the rated sessions after the infusion (and of "never").
_SESSION_NAMES = {"24h": "24 hours", "day7": "day 7", "day14": "day 14", "never": "no rated session"}
#: The patient whose timeline the page reads.
EXAMPLE_PATIENT = THREAD_PATIENT
#: Seed of the second simulated study that the lab analyses: new patients drawn from the same design as the
#: course cohort (realistic mode), so that the lab's answers are not the page's numbers. Seed 1, the first
#: one tried: not picked for its results.
SECOND_STUDY_SEED = 1
#: The second study's participant IDs start with this (``s2-01`` …), so they are not mistaken for the course
#: cohort's ``sub-01`` ….
SECOND_STUDY_PREFIX = "s2-"
#: The second study's patient whose timeline the lab reads (exercise 7.5).
LAB_PATIENT = "s2-27"
#: Permutations of the permutation test on the page and in :func:`cohort_predictions`.
N_PERMUTATIONS = 100
#: Features kept by SelectKBest in the leakage demonstration.
SELECT_K = 10
#: Repeats of the repeated stratified 5-fold cross-validation (:func:`split_spread`): each repeat
#: shuffles the patients into five new folds. Varoquaux (2018): one split is one draw.
N_REPEATS = 50
#: Fold seeds (``StratifiedKFold(random_state=…)``) a learner might use: 0–19 and common choices.
#: The exercise checker recognises the right pipeline with any of them.
FOLD_SEEDS = (*range(20), 42, 123, 1234, 2024, 2025, 2026)
#: Simulated studies per setting (kept small: every study runs two 5-fold cross-validations).
N_STUDIES = 60
#: True AUC of the simulated studies' biomarker: modest, about what the externally tested structural
#: ketamine classifier of chapter 7 reached on new cohorts (AUC 0.65; Transl Psychiatry 2026,
#: doi:10.1038/s41398-026-04085-4).
STUDY_TRUE_AUC = 0.65
#: True AUC of the ROC explorer's hypothetical biomarker: far better than the AUC of 0.65 that the
#: externally tested classifier of chapter 7 reached on new patients; a teaching choice.
HYPOTHETICAL_AUC = 0.80
BIOMARKERS = {"cohort": "cohort: baseline within-DMN connectivity (60 simulated patients)",
              "hypothetical": f"hypothetical biomarker, true AUC {HYPOTHETICAL_AUC:.2f} (binormal model)"}


# =====================================================================================
# Data
# =====================================================================================
@lru_cache(maxsize=1)
def _baseline_runs() -> dict:
    from ..datasets.loaders import load_group_timeseries

    return load_group_timeseries("baseline", "rest", group="depressed")


def _patient_rows(patients: pd.DataFrame, runs: dict) -> pd.DataFrame:
    """The patient table's columns from a participants table (patients only) and their baseline rest runs."""
    from ..methods.connectivity import summarise_run

    table = pd.DataFrame(index=patients.index)
    table["site"] = patients["site"].astype(str)
    table["medication"] = patients["medication"].astype(str)
    for session in SESSION_DAYS:
        table[f"madrs_{session}"] = patients[f"madrs_{session}"].astype(float)
    table["response"] = patients["response"].astype(str)
    table["responder"] = (table["response"] == "responder").astype(int)
    table["improvement_24h"] = (table["madrs_baseline"] - table["madrs_24h"]) / table["madrs_baseline"]
    summaries = {pid: summarise_run(runs[pid]) for pid in table.index}
    for column, key in _SUMMARY_KEYS.items():
        table[column] = [summaries[pid][key] for pid in table.index]
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def _edge_rows(index, runs: dict) -> pd.DataFrame:
    """The 136 node-pair correlations of each participant's run, one row per participant of ``index``."""
    from ..study.nodes import NODE_LABELS

    rows, cols = np.triu_indices(len(NODE_LABELS), k=1)
    values = [np.corrcoef(runs[pid][list(NODE_LABELS)].to_numpy(dtype=float), rowvar=False)[rows, cols]
              for pid in index]
    names = [f"{NODE_LABELS[i]}–{NODE_LABELS[j]}" for i, j in zip(rows, cols)]
    table = pd.DataFrame(values, index=index, columns=names)
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def patient_table() -> pd.DataFrame:
    """One row per SIMULATED patient: the clinical course and five baseline network summaries.

    Columns ``site`` (A, B, C), ``medication``, ``madrs_baseline``, ``madrs_24h``, ``madrs_day7``,
    ``madrs_day14``, ``response`` ("responder"/"non-responder" at 24 h), ``responder`` (1/0),
    ``improvement_24h`` (fall in MADRS at 24 h as a fraction of baseline) and the features of
    :data:`SUMMARY_FEATURES` (mean r of the baseline rest run, Fisher-z averaged).
    """
    from ..datasets.loaders import load_participants

    participants = load_participants()
    table = _patient_rows(participants[participants["group"] == "depressed"], _baseline_runs())
    table.attrs["study"] = "the course cohort"
    return table


@lru_cache(maxsize=2)
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
def _second_study(seed: int) -> tuple:
    from ..cohort.population import DEFAULT_N_PATIENTS, simulate_cohort, simulate_participant

    cohort = simulate_cohort(0, DEFAULT_N_PATIENTS, seed=seed)
    names = {pid: SECOND_STUDY_PREFIX + pid.split("-")[-1] for pid in cohort.index}
    runs = {names[pid]: simulate_participant(row) for pid, row in cohort.iterrows()}
    cohort = cohort.rename(index=names)
    table = _patient_rows(cohort, runs)
    table.index.name = "participant_id"
    table.attrs.update(study="the second simulated study", seed=int(seed))
    edges = _edge_rows(table.index, runs)
    return table, edges


def second_study(seed: int = SECOND_STUDY_SEED) -> pd.DataFrame:
    """A second SIMULATED study: 60 new patients drawn from the same design as the course cohort.

    The same columns as :func:`patient_table`; IDs ``s2-01`` … Same design, other people (seed
    :data:`SECOND_STUDY_SEED`): the lab analyses it, so its answers are not the page's numbers, and a
    learner sees how much a replication of the same design can differ.
    """
    return _second_study(int(seed))[0]


def second_study_edges(seed: int = SECOND_STUDY_SEED) -> pd.DataFrame:
    """The 136 node-pair correlations of each baseline rest run of :func:`second_study`."""
    return _second_study(int(seed))[1]


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def edge_features() -> pd.DataFrame:
    """The 136 node-pair correlations (upper triangle of the 17 × 17 matrix) of each SIMULATED
    patient's baseline rest run, one column per pair (e.g. ``"PCC–mPFC"``), rows as in
    :func:`patient_table`."""
    return _edge_rows(patient_table().index, _baseline_runs())


#: The lab's worked example: 12 patients, one feature (baseline within-DMN connectivity), 6 responders.
TOY_WITHIN_DMN = (0.52, 0.38, 0.47, 0.49, 0.61, 0.35, 0.40, 0.42, 0.55, 0.30, 0.44, 0.45)
TOY_RESPONDER = (1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0)


def toy_patients() -> pd.DataFrame:
    """The lab's worked example as a table: ``within_dmn`` and ``responder`` for patients P1 … P12."""
    return pd.DataFrame({"within_dmn": TOY_WITHIN_DMN, "responder": TOY_RESPONDER},
                        index=pd.Index([f"P{i}" for i in range(1, len(TOY_RESPONDER) + 1)], name="patient"))


def treatment_timeline(participant: str = EXAMPLE_PATIENT, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One SIMULATED patient's MADRS over two weeks, one row per rated session.

    Columns ``day``, ``madrs``, ``fall`` (fall from baseline as a fraction of baseline),
    ``responding`` (fall ≥ 50%) and ``remitted`` (MADRS ≤
    :data:`~dmnlab.study.protocol.REMISSION_CUTOFF`). ``table``: the patients to read from (default
    :func:`patient_table`; the lab passes :func:`second_study`).
    """
    table = patient_table() if table is None else table
    if participant not in table.index:
        raise CourseInputError(f"{participant!r} is not one of the {len(table)} patients "
                               f"({table.index[0]} … {table.index[-1]}).")
    row = table.loc[participant]
    madrs = pd.Series({session: float(row[f"madrs_{session}"]) for session in SESSION_DAYS})
    fall = (madrs["baseline"] - madrs) / madrs["baseline"]
    timeline = pd.DataFrame({"day": pd.Series(SESSION_DAYS), "madrs": madrs, "fall": fall,
                             "responding": is_response(madrs["baseline"], madrs), "remitted": is_remission(madrs)})
    timeline.loc["baseline", ["responding", "remitted"]] = False
    timeline.index.name = "session"
    timeline.attrs["participant"] = participant
    return timeline


def timeline_events(participant: str = EXAMPLE_PATIENT, rule: str = "response",
                    table: pd.DataFrame | None = None) -> tuple[str, str]:
    """When a patient first met the criterion, and the first later session when they no longer did.

    ``rule`` "response" (fall ≥ 50% of baseline) or "remission" (MADRS ≤ 9). Returns two session
    names ("24h", "day7", "day14"), or "never". ``table`` as in :func:`treatment_timeline`.
    """
    timeline = treatment_timeline(participant, table)
    met = timeline["responding" if rule == "response" else "remitted"].drop("baseline")
    return _events(met)


def lasting_response_share() -> float:
    """Share of the SIMULATED patients who still meet the response criterion at day 14."""
    table = patient_table()
    return float(is_response(table["madrs_baseline"], table["madrs_day14"]).mean())


def _events(met: pd.Series) -> tuple[str, str]:
    sessions = list(met.index)
    hits = [s for s in sessions if bool(met[s])]
    if not hits:
        return "never", "never"
    first = hits[0]
    later = [s for s in sessions[sessions.index(first) + 1:] if not bool(met[s])]
    return first, (later[0] if later else "never")


# =====================================================================================
# Science
# =====================================================================================
@lru_cache(maxsize=1)
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
def design_biomarker(n_patients: int = 20_000, seed: int = 1) -> dict:
    """How well the cohort's built-in biomarker *could* predict response, in a huge simulated sample.

    The simulator makes the 24-h improvement correlate r = ``response_predictor_r`` (0.15 in the
    realistic mode that ships) with each patient's *true* baseline within-DMN connectivity. A
    scan measures it with noise: one 6-minute rest run adds the measurement SD of
    :data:`dmnlab.cohort.parameters.MEASUREMENT_SD`.

    Returns
    -------
    dict
        ``r_design``, ``auc_true`` (AUC of the true connectivity for 24-h response),
        ``auc_measured`` (of one measured run), ``r_measured`` (measured connectivity with the
        improvement), ``response_rate``, ``n``.
    """
    from sklearn.metrics import roc_auc_score

    from ..cohort.parameters import MEASUREMENT_SD, PARAMETERS
    from ..cohort.population import simulate_cohort

    cohort = simulate_cohort(0, n_patients, seed=seed)
    responder = (cohort["response"] == "responder").to_numpy(dtype=int)
    rng = np.random.default_rng(seed)
    true = cohort["true_within_dmn"].to_numpy(dtype=float)
    measured = true + rng.normal(0, MEASUREMENT_SD["within DMN"], true.size)
    return {"r_design": float(PARAMETERS["response_predictor_r"].realistic),
            "auc_true": float(roc_auc_score(responder, true)),
            "auc_measured": float(roc_auc_score(responder, measured)),
            "r_measured": float(np.corrcoef(measured, cohort["improvement_24h"])[0, 1]),
            "response_rate": float(responder.mean()), "n": int(n_patients)}


def summary_features() -> pd.DataFrame:
    """The five baseline network summaries of :data:`SUMMARY_FEATURES` (one row per patient)."""
    return patient_table()[list(SUMMARY_FEATURES)]


def link_of(table: pd.DataFrame) -> dict:
    """The candidate biomarker alone in a patient table, no model fitted: baseline within-DMN connectivity
    against the 24-h improvement (``r`` with its 95% CI ``r_low``/``r_high``) and against response
    (``single_auc``); ``n`` and ``n_responders``."""
    from sklearn.metrics import roc_auc_score

    from ..methods.stats import correlation_with_ci

    link = correlation_with_ci(table["within_dmn"], table["improvement_24h"])
    return {"r": link["r"], "r_low": link["ci_low"], "r_high": link["ci_high"],
            "single_auc": float(roc_auc_score(table["responder"], table["within_dmn"])),
            "n": int(len(table)), "n_responders": int(table["responder"].sum())}


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def biomarker_link() -> dict:
    """:func:`link_of` the SIMULATED course cohort (:func:`patient_table`)."""
    return link_of(patient_table())


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def cohort_predictions(n_permutations: int = N_PERMUTATIONS) -> dict:
    """Every way of scoring a response prediction in the SIMULATED cohort, from flattering to honest.

    Returns
    -------
    dict
        ``single_auc`` (baseline within-DMN connectivity alone, no model fitted), ``r`` / ``r_low`` /
        ``r_high`` (its correlation with the 24-h improvement, 95% CI), ``train_auc`` (five summaries,
        scored on the patients the model was fitted to), ``cv`` (the dict of
        :func:`dmnlab.methods.prediction.cross_validated_auc` for the five summaries, with a
        permutation p), ``cv_accuracy``, ``leaky`` and ``honest`` (136 edges, ``SELECT_K`` kept, before
        or inside the cross-validation), ``loso`` (five summaries, leave one site out),
        ``n``, ``n_responders``.
    """
    from sklearn.model_selection import cross_val_score

    from ..methods import prediction

    table = patient_table()
    y = table["responder"].to_numpy()
    X = summary_features()
    cv = prediction.cross_validated_auc(X, y, n_permutations=n_permutations)
    with prediction._single_thread():
        accuracy = float(cross_val_score(prediction.response_classifier(), X, y,
                                         cv=prediction.stratified_folds()).mean())
    return {
        **biomarker_link(),
        "train_auc": prediction.train_set_auc(X, y), "cv": cv, "cv_accuracy": accuracy,
        "leaky": prediction.leaky_cv_auc(edge_features(), y, SELECT_K),
        "honest": prediction.honest_cv_auc(edge_features(), y, SELECT_K),
        "loso": prediction.leave_one_site_out_auc(X, y, table["site"]),
    }


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def held_out_probabilities() -> pd.Series:
    """Each SIMULATED patient's probability of responding at 24 h, from the five network summaries of
    their baseline scan, predicted by a model fitted without them (5-fold cross-validation, the folds of
    :func:`cohort_predictions`): what an honest model "would have said" about each patient before the
    infusion."""
    from sklearn.model_selection import cross_val_predict

    from ..methods import prediction

    table = patient_table()
    with prediction._single_thread():
        probability = cross_val_predict(prediction.response_classifier(), summary_features(), table["responder"],
                                        cv=prediction.stratified_folds(), method="predict_proba")[:, 1]
    return pd.Series(probability, index=table.index, name="p_response")


def thread_patient_scan(participant: str = EXAMPLE_PATIENT) -> dict:
    """What a baseline scan said about one SIMULATED patient before the infusion, and how much that was worth.

    Returns
    -------
    dict
        ``z`` (their baseline within-DMN connectivity in SD of the patients), ``p_response`` (their
        held-out probability of response, :func:`held_out_probabilities`), ``top_n`` (the third of the
        patients with the highest held-out probability), ``in_top`` (whether the patient is among them),
        ``top_share`` and ``rest_share`` (responders among the top third and among the others).
    """
    table = patient_table()
    if participant not in table.index:
        raise CourseInputError(f"{participant!r} is not one of the {len(table)} patients "
                               f"({table.index[0]} … {table.index[-1]}).")
    probability = held_out_probabilities()
    top_n = len(table) // 3
    top = probability.sort_values(ascending=False).index[:top_n]
    in_top = table.index.isin(top)
    z = _roc("cohort")["z"][list(table.index).index(participant)]
    return {"z": float(z), "p_response": float(probability[participant]), "top_n": int(top_n),
            "in_top": bool(participant in top),
            "top_share": float(table.loc[in_top, "responder"].mean()),
            "rest_share": float(table.loc[~in_top, "responder"].mean())}


@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def split_spread(n_repeats: int = N_REPEATS, seed: int = 0) -> dict:
    """How much the cross-validated AUC of the same models moves with the split into folds (SIMULATED).

    ``RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=seed)`` shuffles the
    patients into five stratified folds ``n_repeats`` times; each repeat gives one 5-fold AUC (the
    mean over its folds), as a study with that split would report.

    Returns
    -------
    dict
        For ``"summaries"`` (the five network summaries), ``"honest"`` and ``"leaky"`` (the
        :data:`SELECT_K` best of 136 edges chosen inside the folds, or on all patients first): a dict
        with ``aucs`` (one per repeat), ``mean``, ``low`` and ``high`` (smallest and largest) and
        ``middle`` (2.5th and 97.5th percentiles); and ``n_repeats``.
    """
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score

    from ..methods import prediction

    y = patient_table()["responder"].to_numpy()
    edges = edge_features().to_numpy(dtype=float)
    cv = RepeatedStratifiedKFold(n_splits=prediction.DEFAULT_FOLDS, n_repeats=int(n_repeats), random_state=seed)
    with prediction._single_thread():
        kept = SelectKBest(f_classif, k=SELECT_K).fit_transform(edges, y)  # the leak: all patients
        designs = {"summaries": (prediction.response_classifier(), summary_features().to_numpy(dtype=float)),
                   "honest": (prediction.response_classifier(select_k=SELECT_K), edges),
                   "leaky": (prediction.response_classifier(), kept)}
        result: dict = {"n_repeats": int(n_repeats)}
        for name, (model, X) in designs.items():
            folds = cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
            aucs = folds.reshape(int(n_repeats), prediction.DEFAULT_FOLDS).mean(axis=1)
            result[name] = {"aucs": aucs, "mean": float(aucs.mean()), "low": float(aucs.min()),
                            "high": float(aucs.max()),
                            "middle": tuple(float(v) for v in np.percentile(aucs, [2.5, 97.5]))}
    return result


def fold_seed_aucs(features, outcome, scaled: bool = True, seeds=FOLD_SEEDS) -> dict:
    """``{seed: 5-fold AUC}`` of ``StandardScaler → LogisticRegression`` (or, with ``scaled=False``,
    of ``LogisticRegression`` alone) for each fold seed: the values a right (or unscaled) pipeline
    gives when the patients are split into folds with ``StratifiedKFold(5, shuffle=True,
    random_state=seed)``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from ..methods import prediction

    X, y = prediction._arrays(features, outcome)
    model = prediction.response_classifier() if scaled else LogisticRegression()
    with prediction._single_thread():
        return {int(seed): float(cross_val_score(model, X, y, cv=prediction.stratified_folds(seed=int(seed)),
                                                 scoring="roc_auc").mean())
                for seed in seeds}


@kept_on_disk   # a seeded simulation (thousands of model fits): the same for the same code and arguments
def biomarker_studies(n_per_study: int = 20, leaky: bool = False) -> dict:
    """:data:`N_STUDIES` simulated studies of a biomarker with true AUC :data:`STUDY_TRUE_AUC`
    hidden among 136 candidate features (see :func:`dmnlab.methods.prediction.simulate_biomarker_studies`)."""
    from ..methods.prediction import simulate_biomarker_studies

    return simulate_biomarker_studies(int(n_per_study), bool(leaky), n_studies=N_STUDIES,
                                      true_auc=STUDY_TRUE_AUC, k=SELECT_K)


def _auc_word(auc: float) -> str:
    """Plain words for an AUC (0.5 = chance); conventions differ, these follow common clinical usage."""
    if auc < 0.52:
        return "no better than chance"
    if auc < 0.6:
        return "barely better than chance"
    return "weak" if auc < 0.7 else "moderate" if auc < 0.8 else "good" if auc < 0.9 else "excellent"


@lru_cache(maxsize=4)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def _roc(biomarker: str) -> dict:
    """ROC curve, AUC and the scoring rule of one biomarker of the ROC explorer."""
    from scipy import stats
    from sklearn.metrics import roc_auc_score, roc_curve

    table = patient_table()
    prevalence = float(table["responder"].mean())
    if biomarker == "cohort":
        values = table["within_dmn"].to_numpy(dtype=float)
        z = (values - values.mean()) / values.std(ddof=1)
        y = table["responder"].to_numpy()
        fpr, tpr, _ = roc_curve(y, z, drop_intermediate=False)
        return {"fpr": fpr, "tpr": tpr, "auc": float(roc_auc_score(y, z)), "z": z, "y": y,
                "prevalence": prevalence}
    if biomarker != "hypothetical":
        raise CourseInputError(f"Unknown biomarker {biomarker!r}; choose one of {list(BIOMARKERS)}.")
    # Equal-variance binormal model: responders' values are d SD higher, d = √2 · Φ⁻¹(AUC). The
    # threshold is in SD of the mixture of both groups, as for the cohort's z-scores.
    d = float(np.sqrt(2) * stats.norm.ppf(HYPOTHETICAL_AUC))
    mean = prevalence * d
    sd = float(np.sqrt(1 + prevalence * (1 - prevalence) * d ** 2))
    cut = np.linspace(-5, 6, 400)
    return {"fpr": stats.norm.sf(cut)[::-1], "tpr": stats.norm.sf(cut - d)[::-1], "auc": HYPOTHETICAL_AUC,
            "d": d, "mean": mean, "sd": sd, "prevalence": prevalence}


def confusion_at(threshold: float = 0.0, biomarker: str = "cohort") -> dict:
    """What "call every patient with biomarker z ≥ threshold a likely responder" does.

    Returns
    -------
    dict
        ``tp``, ``fn``, ``fp``, ``tn`` (counts of the 60 simulated patients for "cohort"; expected
        counts per 100 patients for "hypothetical"), ``sensitivity``, ``specificity``, ``ppv``
        (responders among those called likely responders), ``accuracy``, ``everyone_accuracy``
        (what calling everyone a responder scores), ``prevalence``, ``auc``, ``per_100``
        (``treated``, ``treated_responders``, ``turned_away``, ``missed_responders``), ``total``.
    """
    from scipy import stats

    roc = _roc(biomarker)
    prevalence = roc["prevalence"]
    if biomarker == "cohort":
        called, y = roc["z"] >= threshold, roc["y"] == 1
        tp, fn = int(np.sum(called & y)), int(np.sum(~called & y))
        fp, tn = int(np.sum(called & ~y)), int(np.sum(~called & ~y))
        total = int(y.size)
    else:
        cut = roc["mean"] + threshold * roc["sd"]
        sens, spec = float(stats.norm.sf(cut - roc["d"])), float(stats.norm.cdf(cut))
        tp, fn = 100 * prevalence * sens, 100 * prevalence * (1 - sens)
        fp, tn = 100 * (1 - prevalence) * (1 - spec), 100 * (1 - prevalence) * spec
        total = 100
    sensitivity = tp / (tp + fn) if tp + fn else float("nan")
    specificity = tn / (tn + fp) if tn + fp else float("nan")
    ppv = tp / (tp + fp) if tp + fp else float("nan")
    treated = 100 * (tp + fp) / total
    return {
        "tp": tp, "fn": fn, "fp": fp, "tn": tn, "total": total, "threshold": float(threshold),
        "sensitivity": float(sensitivity), "specificity": float(specificity), "ppv": float(ppv),
        "accuracy": float((tp + tn) / total), "everyone_accuracy": float(prevalence),
        "prevalence": float(prevalence), "auc": float(roc["auc"]), "biomarker": biomarker,
        "per_100": {"treated": treated, "treated_responders": 100 * tp / total,
                    "turned_away": 100 - treated, "missed_responders": 100 * fn / total},
    }

"""Chapter 7 — Clinical implications: can a scan tell who will respond to ketamine?

What the chapter's page and lab use:

* **Data:** :func:`patient_table` (each SIMULATED patient's site, MADRS course, 24-h response and
  five network summaries of the baseline rest run), :func:`edge_features` (the 136 node-pair
  correlations of the same runs), :func:`treatment_timeline` (one patient's MADRS over two weeks).
* **Science:** :func:`design_biomarker` (how strong the cohort's built-in biomarker really is),
  :func:`cohort_predictions` (train-set, cross-validated, leaky and leave-one-site-out AUCs),
  :func:`biomarker_studies` (many small simulated studies, honest and leaky),
  :func:`confusion_at` (what one decision threshold means for 100 patients),
  :func:`timeline_events` (when a patient responded and when the response was lost).
* **Figures and widgets:** :func:`plot_biomarker`, :func:`plot_validation_ladder`,
  :func:`plot_patient_timeline`, :func:`optimistic_biomarker_explorer`, :func:`roc_explorer`.
* **Checkers** for the lab's exercises (``check_*``), which name the common mistakes.

The cohort is SIMULATED: its patients respond a little more often when their baseline within-DMN
connectivity is high, because the simulator was *built* that way (the chapter-7 hypothesis, at a
realistic, small strength). Nothing here is evidence about real patients, and nothing is
treatment or dosing advice.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real patients)."
#: The five network summaries of a baseline rest run used as features (column → plain name).
SUMMARY_FEATURES = {
    "within_dmn": "within-DMN", "within_ce": "within-central-executive",
    "dmn_task_positive": "DMN–task-positive", "dmn_sgacc": "DMN–sgACC", "between_networks": "between-network",
}
_SUMMARY_KEYS = {"within_dmn": "within DMN", "within_ce": "within CE", "dmn_task_positive": "DMN–task-positive",
                 "dmn_sgacc": "DMN–sgACC", "between_networks": "between networks"}
#: MADRS remission cut-off used here (points); cut-offs vary, ≤ 9 is one (Zimmerman et al. 2004).
REMISSION_CUTOFF = 9
#: Response: a fall of at least half of the patient's own baseline MADRS.
RESPONSE_FRACTION = 0.5
#: Rated sessions and their day after the infusion.
SESSION_DAYS = {"baseline": 0, "24h": 1, "day7": 7, "day14": 14}
_SESSION_NAMES = {"24h": "24 hours", "day7": "day 7", "day14": "day 14", "never": "no rated session"}
#: The patient whose timeline the page and the lab read.
EXAMPLE_PATIENT = "sub-38"
#: Permutations of the permutation test on the page and in :func:`cohort_predictions`.
N_PERMUTATIONS = 100
#: Features kept by SelectKBest in the leakage demonstration.
SELECT_K = 10
#: Patients per simulated study offered by the optimistic-biomarker widget.
STUDY_SIZES = (20, 50, 100, 200)
#: Simulated studies per setting (kept small: every study runs two 5-fold cross-validations).
N_STUDIES = 60
#: True AUC of the simulated studies' biomarker: modest, about what the one externally tested
#: ketamine classifier reached on new cohorts (AUC 0.65; Transl Psychiatry 2026, EVIDENCE-4-7).
STUDY_TRUE_AUC = 0.65
#: Decision thresholds of the ROC explorer, in SD of the biomarker across patients (z).
THRESHOLDS = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
#: True AUC of the ROC explorer's hypothetical biomarker: far better than any published ketamine
#: predictor that was tested on new patients; a teaching choice.
HYPOTHETICAL_AUC = 0.80
BIOMARKERS = {"cohort": "cohort: baseline within-DMN connectivity (60 simulated patients)",
              "hypothetical": f"hypothetical biomarker, true AUC {HYPOTHETICAL_AUC:.2f} (binormal model)"}
RESPONDER_COLOUR = "#0072B2"      # Okabe–Ito blue
NON_RESPONDER_COLOUR = "#E69F00"  # Okabe–Ito orange
TRUE_COLOUR = "#009E73"           # Okabe–Ito bluish green
LEAKY_COLOUR = "#D55E00"          # Okabe–Ito vermillion


# =====================================================================================
# Data
# =====================================================================================
@lru_cache(maxsize=1)
def _baseline_runs() -> dict:
    from .datasets.loaders import load_group_timeseries

    return load_group_timeseries("baseline", "rest", group="depressed")


@lru_cache(maxsize=1)
def patient_table() -> pd.DataFrame:
    """One row per SIMULATED patient: the clinical course and five baseline network summaries.

    Columns ``site`` (A, B, C), ``medication``, ``madrs_baseline``, ``madrs_24h``, ``madrs_day7``,
    ``madrs_day14``, ``response`` ("responder"/"non-responder" at 24 h), ``responder`` (1/0),
    ``improvement_24h`` (fall in MADRS at 24 h as a fraction of baseline) and the features of
    :data:`SUMMARY_FEATURES` (mean r of the baseline rest run, Fisher-z averaged).
    """
    from .datasets.loaders import load_participants
    from .methods.connectivity import summarise_run

    participants = load_participants()
    patients = participants[participants["group"] == "depressed"]
    runs = _baseline_runs()
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


@lru_cache(maxsize=1)
def edge_features() -> pd.DataFrame:
    """The 136 node-pair correlations (upper triangle of the 17 × 17 matrix) of each SIMULATED
    patient's baseline rest run, one column per pair (e.g. ``"PCC–mPFC"``), rows as in
    :func:`patient_table`."""
    from .study.nodes import NODE_LABELS

    runs = _baseline_runs()
    rows, cols = np.triu_indices(len(NODE_LABELS), k=1)
    index = patient_table().index
    values = [np.corrcoef(runs[pid][list(NODE_LABELS)].to_numpy(dtype=float), rowvar=False)[rows, cols]
              for pid in index]
    names = [f"{NODE_LABELS[i]}–{NODE_LABELS[j]}" for i, j in zip(rows, cols)]
    table = pd.DataFrame(values, index=index, columns=names)
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def treatment_timeline(participant: str = EXAMPLE_PATIENT) -> pd.DataFrame:
    """One SIMULATED patient's MADRS over two weeks, one row per rated session.

    Columns ``day``, ``madrs``, ``fall`` (fall from baseline as a fraction of baseline),
    ``responding`` (fall ≥ 50%) and ``remitted`` (MADRS ≤ :data:`REMISSION_CUTOFF`).
    """
    table = patient_table()
    if participant not in table.index:
        from .course.errors import CourseInputError

        raise CourseInputError(f"{participant!r} is not one of the {len(table)} patients "
                               f"({table.index[0]} … {table.index[-1]}).")
    row = table.loc[participant]
    madrs = pd.Series({session: float(row[f"madrs_{session}"]) for session in SESSION_DAYS})
    fall = (madrs["baseline"] - madrs) / madrs["baseline"]
    timeline = pd.DataFrame({"day": pd.Series(SESSION_DAYS), "madrs": madrs, "fall": fall,
                             "responding": fall >= RESPONSE_FRACTION, "remitted": madrs <= REMISSION_CUTOFF})
    timeline.loc["baseline", ["responding", "remitted"]] = False
    timeline.index.name = "session"
    timeline.attrs["participant"] = participant
    return timeline


def timeline_events(participant: str = EXAMPLE_PATIENT, rule: str = "response") -> tuple[str, str]:
    """When a patient first met the criterion, and the first later session when they no longer did.

    ``rule`` "response" (fall ≥ 50% of baseline) or "remission" (MADRS ≤ 9). Returns two session
    names ("24h", "day7", "day14"), or "never".
    """
    timeline = treatment_timeline(participant)
    met = timeline["responding" if rule == "response" else "remitted"].drop("baseline")
    return _events(met)


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

    from .cohort.parameters import MEASUREMENT_SD, PARAMETERS
    from .cohort.population import simulate_cohort

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


@lru_cache(maxsize=1)
def biomarker_link() -> dict:
    """The candidate biomarker alone in the SIMULATED cohort, no model fitted: baseline within-DMN
    connectivity against the 24-h improvement (``r`` with its 95% CI ``r_low``/``r_high``) and against
    response (``single_auc``); ``n`` and ``n_responders``."""
    from sklearn.metrics import roc_auc_score

    from .methods.stats import correlation_with_ci

    table = patient_table()
    link = correlation_with_ci(table["within_dmn"], table["improvement_24h"])
    return {"r": link["r"], "r_low": link["ci_low"], "r_high": link["ci_high"],
            "single_auc": float(roc_auc_score(table["responder"], table["within_dmn"])),
            "n": int(len(table)), "n_responders": int(table["responder"].sum())}


@lru_cache(maxsize=1)
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

    from .methods import prediction

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


def biomarker_studies(n_per_study: int = 20, leaky: bool = False) -> dict:
    """:data:`N_STUDIES` simulated studies of a biomarker with true AUC :data:`STUDY_TRUE_AUC`
    hidden among 136 candidate features (see :func:`dmnlab.methods.prediction.simulate_biomarker_studies`)."""
    from .methods.prediction import simulate_biomarker_studies

    return simulate_biomarker_studies(int(n_per_study), bool(leaky), n_studies=N_STUDIES,
                                      true_auc=STUDY_TRUE_AUC, k=SELECT_K)


@lru_cache(maxsize=4)
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
        from .course.errors import CourseInputError

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


# =====================================================================================
# Figures
# =====================================================================================
def plot_biomarker(ax=None):
    """Baseline within-DMN connectivity against the 24-h improvement, SIMULATED patients."""
    table = patient_table()
    result = biomarker_link()
    own = ax is None
    figure = plotting.new_figure(6.4, 3.8) if own else ax.figure
    ax = figure.add_axes([0.11, 0.13, 0.62, 0.77]) if own else ax
    for status, colour, marker in (("non-responder", NON_RESPONDER_COLOUR, "s"), ("responder", RESPONDER_COLOUR, "o")):
        group = table[table["response"] == status]
        ax.scatter(group["within_dmn"], 100 * group["improvement_24h"], s=28, color=colour, marker=marker,
                   edgecolors="black", linewidths=0.4, label=f"{status}s at 24 h (n = {len(group)})")
    slope, intercept = np.polyfit(table["within_dmn"], 100 * table["improvement_24h"], 1)
    xs = np.linspace(table["within_dmn"].min(), table["within_dmn"].max(), 2)
    ax.plot(xs, intercept + slope * xs, color="black", linewidth=1.2, label="least-squares line")
    ax.axhline(100 * RESPONSE_FRACTION, color="0.3", linestyle=":", linewidth=1.2, label="response: 50% fall")
    ax.set_xlabel("baseline within-DMN connectivity (mean r, one 6-min rest run)", fontsize=8.5)
    ax.set_ylabel("MADRS fall at 24 h (% of baseline)", fontsize=8.5)
    ax.set_ylim(-20, 105)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    ax.set_title("Candidate biomarker in the simulated cohort", fontsize=9.5)
    plotting.tidy_axes(ax, 8)
    if own:
        figure.text(0.75, 0.30, f"r = {result['r']:.2f}\n95% CI [{result['r_low']:.2f}, {result['r_high']:.2f}]\n"
                                f"AUC for response = {result['single_auc']:.2f}", fontsize=8, va="top")
    plotting.set_alt_text(figure, (
        f"Scatter plot of {result['n']} simulated patients: baseline within-DMN connectivity on the x axis, the "
        f"fall in MADRS at 24 hours (percent of baseline) on the y axis; blue circles for the "
        f"{result['n_responders']} responders, orange squares for the others, a dotted line at the 50% response "
        f"criterion and a least-squares line that rises gently. The correlation is r = {result['r']:.2f} (95% CI "
        f"{result['r_low']:.2f} to {result['r_high']:.2f}); used alone to separate responders from "
        f"non-responders, the connectivity value reaches AUC = {result['single_auc']:.2f}, where 0.5 is chance."),
        own)
    return figure


def _ladder_rows(result: dict) -> list[tuple[str, float, str]]:
    return [
        ("train-set AUC: 5 summaries, scored on the same patients", result["train_auc"], LEAKY_COLOUR),
        (f"leaky CV: {SELECT_K} of 136 edges chosen on all patients first", result["leaky"], LEAKY_COLOUR),
        (f"honest CV: {SELECT_K} of 136 edges chosen inside each fold", result["honest"], RESPONDER_COLOUR),
        ("honest CV: 5 network summaries", result["cv"]["auc"], RESPONDER_COLOUR),
        ("leave one site out: 5 network summaries", result["loso"]["auc"], RESPONDER_COLOUR),
    ]


def plot_validation_ladder():
    """From flattering to honest: the AUC the same SIMULATED cohort gives under five ways of scoring."""
    result = cohort_predictions()
    design = design_biomarker()
    rows = _ladder_rows(result)
    figure = plotting.new_figure(7.4, 3.8)
    ax = figure.add_axes([0.43, 0.27, 0.54, 0.63])
    positions = np.arange(len(rows))[::-1]
    null = result["cv"]["null_aucs"]
    low, high = np.percentile(null, [2.5, 97.5])
    ax.axvspan(low, high, color="0.88", zorder=0, label="95% of shuffled-label AUCs")
    ax.axvline(0.5, color="black", linewidth=0.8, label="chance (0.5)")
    ax.axvline(design["auc_measured"], color=TRUE_COLOUR, linewidth=2, linestyle="--",
               label=f"design's true AUC, one run ({design['auc_measured']:.2f})")
    sites_short = " · ".join(f"{s} {v:.2f}" for s, v in result["loso"]["site_aucs"].items())
    for y, (label, value, colour) in zip(positions, rows):
        ax.plot([value], [y], "o", color=colour, markersize=8, markeredgecolor="black", markeredgewidth=0.5)
        extra = f"  (sites {sites_short})" if y == positions[-1] else ""
        ax.text(value + 0.012, y + 0.18, f"{value:.2f}{extra}", fontsize=8)
    site_values = list(result["loso"]["site_aucs"].values())
    ax.plot(site_values, [positions[-1]] * len(site_values), "|", color="0.25", markersize=9)
    ax.set_yticks(positions, [label for label, _, _ in rows], fontsize=8)
    ax.set_xlim(0.3, 1.0)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("ROC AUC for 24-h response (0.5 = chance, 1 = perfect)", fontsize=8.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.25, -0.2), ncol=3, fontsize=7, frameon=False)
    plotting.tidy_axes(ax, 8)
    figure.suptitle(f"One simulated cohort of {result['n']} patients, five ways to score a prediction", fontsize=9.5)
    sites = ", ".join(f"site {s} {v:.2f}" for s, v in result["loso"]["site_aucs"].items())
    plotting.set_alt_text(figure, (
        f"Dot chart of the ROC AUC for predicting 24-hour response in the same {result['n']} simulated patients, "
        f"scored five ways, from top to bottom: train-set AUC {result['train_auc']:.2f}; leaky cross-validation "
        f"(the {SELECT_K} best of 136 connectivity edges chosen on all patients first) {result['leaky']:.2f}; honest "
        f"cross-validation of the same edges {result['honest']:.2f}; honest cross-validation of five network "
        f"summaries {result['cv']['auc']:.2f} (permutation p = {result['cv']['p_permutation']:.2f}); leave one site out "
        f"{result['loso']['auc']:.2f} ({sites}). A grey band marks where 95% of AUCs with shuffled labels fall "
        f"({low:.2f} to {high:.2f}); a dashed green line marks the design's true AUC for one measured run, "
        f"{design['auc_measured']:.2f}; a black line marks chance, 0.5."))
    return figure


def plot_patient_timeline(participant: str = EXAMPLE_PATIENT, ax=None):
    """One SIMULATED patient's MADRS over two weeks, with the response line at half their baseline."""
    timeline = treatment_timeline(participant)
    first, lost = timeline_events(participant)
    own = ax is None
    figure = plotting.new_figure(6.0, 3.2) if own else ax.figure
    ax = figure.add_axes([0.11, 0.15, 0.62, 0.73]) if own else ax
    days = np.arange(len(timeline), dtype=float)  # evenly spaced: baseline, 24 h, day 7, day 14
    ax.plot(days, timeline["madrs"], color="0.3", linewidth=1.5, zorder=1)
    colours = [RESPONDER_COLOUR if met else NON_RESPONDER_COLOUR for met in timeline["responding"]]
    ax.scatter(days, timeline["madrs"], s=60, c=colours, edgecolors="black", linewidths=0.5, zorder=2)
    baseline = float(timeline.loc["baseline", "madrs"])
    ax.axhline(baseline * (1 - RESPONSE_FRACTION), color=RESPONDER_COLOUR, linestyle="--", linewidth=1.2,
               label=f"response line: ≤ {baseline * (1 - RESPONSE_FRACTION):.1f}\n(half of baseline {baseline:.0f})")
    ax.axhline(REMISSION_CUTOFF, color="black", linestyle=":", linewidth=1.2, label=f"remission: ≤ {REMISSION_CUTOFF}")
    for day, value in zip(days, timeline["madrs"]):
        ax.text(day, value + 2, f"{value:.0f}", ha="center", fontsize=8)
    ax.set_xticks(days, ["baseline", "24 h", "day 7", "day 14"])
    ax.set_ylim(0, 60)
    ax.set_ylabel("MADRS (0–60)", fontsize=8.5)
    ax.set_title(f"{participant}: one ketamine infusion, simulated", fontsize=9.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    plotting.tidy_axes(ax, 8)
    values = ", ".join(f"{name} {value:.0f}" for name, value in zip(("baseline", "24 hours", "day 7", "day 14"),
                                                                     timeline["madrs"]))
    plotting.set_alt_text(figure, (
        f"Line chart of the MADRS scores of simulated patient {participant} at baseline, 24 hours, day 7 and day 14: "
        f"{values}. A dashed line marks the response criterion (half of the baseline score, "
        f"{baseline * (1 - RESPONSE_FRACTION):.1f}) and a dotted line the remission cut-off ({REMISSION_CUTOFF}); "
        f"points below the dashed line are blue. The patient first meets the response criterion at "
        f"{_SESSION_NAMES[first]} and stops meeting it at {_SESSION_NAMES[lost]}."), own)
    return figure


# =====================================================================================
# Widgets
# =====================================================================================
def _describe_studies(result: dict) -> str:
    how = ("chose its features on all its patients before cross-validating (leaky)" if result["leaky"]
           else "chose its features inside each cross-validation fold (honest)")
    low, high = result["interval"]
    return (f"Histogram of the cross-validated AUC reported by {len(result['reported'])} simulated studies of "
            f"{result['n']} patients each; each study searched {result['n_features']} candidate features, of which "
            f"{result['n_informative']} carry a weak signal, kept {result['k']} and {how}. The biomarker's true AUC is "
            f"{result['true_auc']:.2f} (green line). Reported AUCs average {result['mean_reported']:.2f} (95% of "
            f"studies between {low:.2f} and {high:.2f}); {result['share_above']:.0%} report 0.75 or more. The "
            f"same models, tested on new patients, average {result['mean_new_patients']:.2f} (dashed line).")


class _StudyPanel:
    BINS = np.linspace(0.0, 1.0, 41)
    Y_MAX = 40  # the tallest bar of any state (20 patients, leaky) holds 36 of the 60 studies

    def __init__(self, figure):
        self.ax = figure.add_axes([0.09, 0.16, 0.88, 0.68])
        centres = (self.BINS[:-1] + self.BINS[1:]) / 2
        self.bars = self.ax.bar(centres, np.zeros(len(centres)), width=self.BINS[1] - self.BINS[0],
                                color="0.6", edgecolor="white", linewidth=0.4)
        self.ax.axvline(STUDY_TRUE_AUC, color=TRUE_COLOUR, linewidth=2.2, label=f"true AUC = {STUDY_TRUE_AUC:.2f}")
        self.ax.axvline(0.5, color="black", linewidth=0.7)
        self.new_line = self.ax.axvline(0.5, color="black", linestyle="--", linewidth=1.4,
                                        label="mean AUC on new patients")
        self.ax.set_xlim(0.0, 1.0)
        self.ax.set_ylim(0, self.Y_MAX)
        self.ax.set_xlabel("cross-validated AUC reported by a study (0.5 = chance)", fontsize=8.5)
        self.ax.set_ylabel(f"studies (of {N_STUDIES})", fontsize=8.5)
        self.ax.legend(loc="upper left", frameon=False, fontsize=8)
        plotting.tidy_axes(self.ax, 8)
        self.text = self.ax.text(0.02, self.Y_MAX * 0.72, "", ha="left", va="top", fontsize=8)
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, result: dict) -> None:
        counts, _ = np.histogram(result["reported"], bins=self.BINS)
        colour = LEAKY_COLOUR if result["leaky"] else RESPONDER_COLOUR
        for bar, count in zip(self.bars, counts):
            bar.set_height(min(count, self.Y_MAX))
            bar.set_facecolor(colour)
        self.new_line.set_xdata([result["mean_new_patients"]] * 2)
        low, high = result["interval"]
        self.text.set_text(f"mean reported AUC {result['mean_reported']:.2f}\n95% of studies: {low:.2f}–{high:.2f}\n"
                           f"reporting ≥ 0.75: {result['share_above']:.0%}\n"
                           f"on new patients: {result['mean_new_patients']:.2f}")
        how = "features chosen on all patients first (leaky)" if result["leaky"] else "features chosen inside each fold"
        self.title.set_text(f"{result['n']} patients per study, {how} — simulated studies")

    def artists(self):
        return [*self.bars, self.new_line, self.text, self.title]


def plot_biomarker_studies(n_per_study: int = 20, leaky: bool = True, ax=None):
    """Histogram of the AUC that simulated small studies report, against the true AUC."""
    if ax is not None:
        raise ValueError("plot_biomarker_studies makes its own figure; call it without ax.")
    figure = plotting.new_figure(7.0, 3.4)
    panel = _StudyPanel(figure)
    result = biomarker_studies(n_per_study, leaky)
    panel.show(result)
    plotting.set_alt_text(figure, _describe_studies(result))
    return figure


def optimistic_biomarker_explorer(sizes=STUDY_SIZES) -> Explorer:
    """Widget: patients per study × features chosen before cross-validation → reported vs true AUC."""
    figure = plotting.new_figure(7.0, 3.4)
    panel = _StudyPanel(figure)
    for n in sizes:  # precompute every state (the static book renders them all anyway)
        biomarker_studies(n, False)

    def update(n_per_study, leaky):
        panel.show(biomarker_studies(n_per_study, leaky))

    def describe(n_per_study, leaky):
        return _describe_studies(biomarker_studies(n_per_study, leaky))

    controls = [Control("n_per_study", "Patients per study", list(sizes), value=sizes[0], kind="slider"),
                Control("leaky", "Features chosen on all patients before cross-validation",
                        [("no (honest)", False), ("yes (leaky)", True)], value=False)]
    return Explorer(figure, update, controls, describe, dynamic_artists=panel.artists(),
                    title="The optimistic biomarker",
                    note=f"Simulated studies: a biomarker with true AUC {STUDY_TRUE_AUC:.2f} among 136 features.")


def _describe_roc(state: dict) -> str:
    per = state["per_100"]
    if state["biomarker"] == "cohort":
        source = (f"Biomarker: baseline within-DMN connectivity of the 60 simulated patients (AUC in this sample "
                  f"{state['auc']:.2f}). Of the 60, the scan calls {state['tp'] + state['fp']} likely responders "
                  f"(confusion matrix: {state['tp']} responders and {state['fp']} non-responders called likely; "
                  f"{state['fn']} responders and {state['tn']} non-responders called unlikely).")
    else:
        source = (f"Biomarker: a hypothetical test with true AUC {state['auc']:.2f} (binormal model), expected "
                  f"counts per 100 patients: {state['tp']:.0f} responders and {state['fp']:.0f} non-responders called "
                  f"likely; {state['fn']:.0f} responders and {state['tn']:.0f} non-responders called unlikely.")
    return (f"ROC curve with the point for the threshold z ≥ {state['threshold']:+.1f}. {source} Sensitivity "
            f"{state['sensitivity']:.0%}, specificity {state['specificity']:.0%}, accuracy {state['accuracy']:.0%} "
            f"(calling everyone a responder would score {state['everyone_accuracy']:.0%}). For 100 patients like "
            f"these ({state['prevalence']:.0%} would respond): ketamine for {per['treated']:.0f}, of whom "
            f"{per['treated_responders']:.0f} respond; {per['turned_away']:.0f} turned away, of whom "
            f"{per['missed_responders']:.0f} would have responded.")


def roc_explorer() -> Explorer:
    """Widget: decision threshold × biomarker → ROC point, confusion matrix, meaning for 100 patients."""
    from matplotlib.colors import ListedColormap

    figure = plotting.new_figure(8.4, 3.5)
    roc_ax = figure.add_axes([0.06, 0.15, 0.25, 0.66])
    roc_ax.plot([0, 1], [0, 1], color="0.6", linewidth=0.8, linestyle=":")
    (curve,) = roc_ax.plot([], [], color=RESPONDER_COLOUR, linewidth=1.8)
    (point,) = roc_ax.plot([0], [0], "o", color=LEAKY_COLOUR, markersize=9, markeredgecolor="black")
    roc_ax.set_xlim(0, 1)
    roc_ax.set_ylim(0, 1.02)
    roc_ax.set_xlabel("1 − specificity", fontsize=8)
    roc_ax.set_ylabel("sensitivity", fontsize=8)
    roc_ax.set_aspect("equal")
    plotting.tidy_axes(roc_ax, 8)
    auc_text = roc_ax.text(0.97, 0.05, "", ha="right", fontsize=8)
    matrix_ax = figure.add_axes([0.39, 0.15, 0.22, 0.62])
    cells = matrix_ax.imshow(np.zeros((2, 2)), cmap=ListedColormap(["#E8F1FA", "#FBE6D8"]), vmin=0, vmax=1)
    cells.set_data(np.array([[0, 1], [1, 0]]))
    matrix_ax.set_xticks([0, 1], ["likely\nresponder", "unlikely"], fontsize=7.5)
    matrix_ax.set_yticks([0, 1], ["responds", "does not"], fontsize=7.5)
    matrix_ax.set_xlabel("the scan says", fontsize=8)
    matrix_ax.set_ylabel("the patient", fontsize=8)
    matrix_ax.tick_params(length=0)
    numbers = [[matrix_ax.text(j, i, "", ha="center", va="center", fontsize=11) for j in range(2)] for i in range(2)]
    matrix_title = matrix_ax.set_title("", fontsize=8)
    text = figure.text(0.65, 0.80, "", ha="left", va="top", fontsize=8, linespacing=1.45)
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def update(biomarker, threshold):
        roc = _roc(biomarker)
        state = confusion_at(threshold, biomarker)
        curve.set_data(roc["fpr"], roc["tpr"])
        point.set_data([1 - state["specificity"]], [state["sensitivity"]])
        auc_text.set_text(f"AUC = {roc['auc']:.2f}")
        fmt = "{:.0f}"
        for (i, j), key in zip(((0, 0), (0, 1), (1, 0), (1, 1)), ("tp", "fn", "fp", "tn")):
            numbers[i][j].set_text(fmt.format(state[key]))
        matrix_title.set_text("the 60 simulated patients" if biomarker == "cohort" else "expected, per 100 patients")
        per = state["per_100"]
        text.set_text(f"sensitivity {state['sensitivity']:.0%}\nspecificity {state['specificity']:.0%}\n"
                      f"accuracy {state['accuracy']:.0%} (everyone 'responder': {state['everyone_accuracy']:.0%})\n\n"
                      f"For 100 patients ({state['prevalence']:.0%} would respond):\n"
                      f"  ketamine for {per['treated']:.0f}, of whom {per['treated_responders']:.0f} respond\n"
                      f"  turned away: {per['turned_away']:.0f}, of whom\n"
                      f"  {per['missed_responders']:.0f} would have responded")
        name = "baseline within-DMN connectivity (simulated cohort)" if biomarker == "cohort" else \
            f"hypothetical biomarker, true AUC {HYPOTHETICAL_AUC:.2f}"
        title.set_text(f"{name}: likely responder if z ≥ {threshold:+.1f}")

    def describe(biomarker, threshold):
        return _describe_roc(confusion_at(threshold, biomarker))

    controls = [Control("biomarker", "Biomarker", [(label, key) for key, label in BIOMARKERS.items()], value="cohort"),
                Control("threshold", "Threshold (z ≥)", [(f"{t:+.1f}", t) for t in THRESHOLDS], value=0.0,
                        kind="slider")]
    dynamic = [curve, point, auc_text, *[n for row in numbers for n in row], matrix_title, text, title]
    return Explorer(figure, update, controls, describe, dynamic_artists=dynamic, title="ROC explorer",
                    note="Cohort: simulated patients. Hypothetical: a binormal model, not a real test.")


BENCH_WIDGETS = {"optimistic_biomarker_explorer": optimistic_biomarker_explorer, "roc_explorer": roc_explorer}


# =====================================================================================
# Exercise checkers
# =====================================================================================
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
    """Plain words for an AUC (0.5 = chance); conventions differ, these follow common clinical usage."""
    if auc < 0.52:
        return "no better than chance"
    if auc < 0.6:
        return "barely better than chance"
    return ("a weak prediction" if auc < 0.7 else "a moderate prediction" if auc < 0.8
            else "a good prediction" if auc < 0.9 else "an excellent prediction")


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
    table = patient_table()
    lasting = ((table["madrs_baseline"] - table["madrs_day14"]) >= RESPONSE_FRACTION * table["madrs_baseline"]).mean()
    return (f"that is accuracy (cross_val_score's default score for a classifier), not AUC. Accuracy counts hits at "
            f"one threshold and depends on how common the outcome is: here {share:.0%} respond, so a rule that "
            f"calls everyone the larger class already scores {majority:.0%}; for response still present at day 14 "
            f"({lasting:.0%} of these patients) calling nobody a responder would score {1 - lasting:.0%}. "
            "Use scoring='roc_auc'.")


def check_cv_auc(answer, features, outcome) -> Feedback:
    """Exercise 7.1: the 5-fold stratified cross-validated AUC of the course's pipeline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from .methods import prediction

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

    from .methods import prediction

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

    from .methods import prediction

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

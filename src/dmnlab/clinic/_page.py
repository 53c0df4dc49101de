"""Every number and word that chapter 7's page quotes, computed from the data at build time."""
from __future__ import annotations

from ..course.prose import Words, correlation_size_word, zero_word
from ._measures import (
    _SESSION_NAMES,
    EXAMPLE_PATIENT,
    HYPOTHETICAL_AUC,
    N_PERMUTATIONS,
    N_STUDIES,
    SELECT_K,
    STUDY_TRUE_AUC,
    _auc_word,
    biomarker_studies,
    cohort_predictions,
    confusion_at,
    design_biomarker,
    lasting_response_share,
    split_spread,
    thread_patient_scan,
    timeline_events,
    treatment_timeline,
)


def _cohort_numbers(numbers: dict, result: dict, design: dict) -> None:
    """The cohort, its built-in biomarker (the design and the 60 patients) and five ways to score a prediction."""
    n, n_responders = result["n"], result["n_responders"]
    lasting = lasting_response_share()
    numbers.update({
        "ch7_n": n, "ch7_n_resp": n_responders, "ch7_resp_rate": n_responders / n,
        "ch7_majority": max(n_responders, n - n_responders) / n,
        "ch7_lasting": lasting, "ch7_lasting_nobody": 1 - lasting,
        # How strong the built-in biomarker is: the design, in 20,000 simulated patients.
        "ch7_r_design": design["r_design"], "ch7_design_n": design["n"],
        "ch7_design_auc_true": design["auc_true"], "ch7_design_auc_measured": design["auc_measured"],
        "ch7_design_r_measured": design["r_measured"],
        "ch7_design_auc_word": Words(_auc_word(design["auc_measured"])),
        # The same biomarker in the shipped patients.
        "ch7_r": result["r"], "ch7_r_low": result["r_low"], "ch7_r_high": result["r_high"],
        "ch7_r_size": Words(correlation_size_word(result["r"])),
        "ch7_r_ci_zero": zero_word(result["r_low"], result["r_high"]),
        "ch7_r_vs_design": Words("larger than" if result["r"] > design["r_measured"] else "smaller than"),
        "ch7_single_auc": result["single_auc"], "ch7_single_auc_word": Words(_auc_word(result["single_auc"])),
        # Five ways to score a prediction in the same patients.
        "ch7_train_auc": result["train_auc"], "ch7_cv_auc": result["cv"]["auc"],
        "ch7_cv_auc_word": Words(_auc_word(result["cv"]["auc"])), "ch7_cv_sd": result["cv"]["fold_sd"],
        "ch7_cv_p": result["cv"]["p_permutation"],
        "ch7_cv_p_word": Words("could easily arise by chance" if result["cv"]["p_permutation"] >= 0.05
                               else "would rarely arise by chance"),
        "ch7_n_perm": N_PERMUTATIONS, "ch7_cv_acc": result["cv_accuracy"], "ch7_k": SELECT_K,
        "ch7_leaky": result["leaky"], "ch7_honest": result["honest"],
        "ch7_honest_word": Words(_auc_word(result["honest"])),
        "ch7_loso": result["loso"]["auc"], "ch7_loso_word": Words(_auc_word(result["loso"]["auc"])),
    })
    for site, value in result["loso"]["site_aucs"].items():
        numbers[f"ch7_loso_{site}"] = value


def _split_numbers(numbers: dict, design: dict) -> None:
    """The same models over many splits into folds, and where they sit against the design's ceiling."""
    spread = split_spread()
    numbers["ch7_rep_n"] = spread["n_repeats"]
    for name in ("summaries", "honest", "leaky"):
        numbers[f"ch7_rep_{name}_mean"] = spread[name]["mean"]
        numbers[f"ch7_rep_{name}_lo"] = spread[name]["low"]
        numbers[f"ch7_rep_{name}_hi"] = spread[name]["high"]
    # Where the honest estimate of the five summaries lies against the ceiling for one measured scan.
    gap = spread["summaries"]["mean"] - design["auc_measured"]
    numbers["ch7_rep_vs_ceiling"] = Words("above" if gap > 0.02 else "below" if gap < -0.02 else "close to")


def _study_numbers(numbers: dict) -> None:
    """Many simulated studies of a weak biomarker among 136 features."""
    numbers["ch7_study_true"] = STUDY_TRUE_AUC
    numbers["ch7_n_studies"] = N_STUDIES
    for n in (20, 100, 200):
        honest, leaky = biomarker_studies(n, False), biomarker_studies(n, True)
        numbers[f"ch7_s{n}_honest"] = honest["mean_reported"]
        numbers[f"ch7_s{n}_leaky"] = leaky["mean_reported"]
        numbers[f"ch7_s{n}_new"] = honest["mean_new_patients"]
        numbers[f"ch7_s{n}_lo"] = honest["interval"][0]
        numbers[f"ch7_s{n}_hi"] = honest["interval"][1]
        numbers[f"ch7_s{n}_leaky_share"] = leaky["share_above"]


def _threshold_numbers(numbers: dict, result: dict) -> None:
    """What one threshold (z ≥ 0, as the ROC explorer opens) means for 100 patients."""
    for key in ("cohort", "hypothetical"):
        state = confusion_at(0.0, key)
        numbers[f"ch7_{key}_sens"] = state["sensitivity"]
        numbers[f"ch7_{key}_spec"] = state["specificity"]
        numbers[f"ch7_{key}_ppv"] = state["ppv"]
        for name, value in state["per_100"].items():
            numbers[f"ch7_{key}_{name}"] = round(value)
    numbers["ch7_hyp_auc"] = HYPOTHETICAL_AUC
    numbers["ch7_everyone_resp"] = round(100 * result["n_responders"] / result["n"])


def _timeline_numbers(numbers: dict) -> None:
    """One patient's two weeks."""
    timeline = treatment_timeline()
    numbers["ch7_pid"] = Words(EXAMPLE_PATIENT)
    for session in ("baseline", "24h", "day7", "day14"):
        numbers[f"ch7_t_{session}"] = int(timeline.loc[session, "madrs"])
    numbers["ch7_t_line"] = float(timeline.loc["baseline", "madrs"]) / 2
    first, lost = timeline_events()
    names = {**_SESSION_NAMES, "never": "never"}
    numbers["ch7_t_first"] = Words(names[first])
    numbers["ch7_t_lost"] = Words(names[lost])


def _thread_numbers(numbers: dict) -> None:
    """What the followed patient's baseline scan said before the infusion (the patient-thread box)."""
    scan = thread_patient_scan()
    numbers.update({
        "ch7_pt_z": scan["z"], "ch7_pt_z_side": Words("above" if scan["z"] >= 0 else "below"),
        "ch7_pt_p_response": scan["p_response"], "ch7_pt_top_n": scan["top_n"],
        "ch7_pt_in_top": Words("among them" if scan["in_top"] else "not among them"),
        "ch7_pt_top_share": scan["top_share"], "ch7_pt_rest_share": scan["rest_share"],
        "ch7_pt_top_vs_rest": Words("only a little more often than" if 0 < scan["top_share"] - scan["rest_share"] <= 0.15
                                    else "more often than" if scan["top_share"] > scan["rest_share"]
                                    else "no more often than"),
    })


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word of ``book/07-clinic.md`` (SIMULATED cohort).

    Words (sizes, comparisons, session names) are :class:`~dmnlab.course.prose.Words`; the page
    glues them all with :func:`dmnlab.course.prose.glue_all`.
    """
    result = cohort_predictions()
    numbers: dict = {}
    design = design_biomarker()
    _cohort_numbers(numbers, result, design)
    _split_numbers(numbers, design)
    _study_numbers(numbers)
    _threshold_numbers(numbers, result)
    _timeline_numbers(numbers)
    _thread_numbers(numbers)
    return numbers

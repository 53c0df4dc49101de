"""Chapter 7 — Clinical implications: can a scan tell who will respond to ketamine?

A candidate biomarker (baseline within-DMN connectivity) in the SIMULATED cohort, scored from
flattering to honest: train-set, leaky and honest cross-validation, leave one site out; how much one
split into folds moves the result; why small studies overestimate; what one decision threshold means
for 100 patients; and one patient's course.
The simulator builds the link in, at a realistic small strength: nothing here is treatment advice.
"""
from ._exercises import (
    check_cv_auc,
    check_cv_auc_function,
    check_leakage,
    check_loso_auc,
    check_timeline,
)
from ._measures import (
    BIOMARKERS,
    EXAMPLE_PATIENT,
    FOLD_SEEDS,
    HYPOTHETICAL_AUC,
    LAB_PATIENT,
    N_PERMUTATIONS,
    N_REPEATS,
    N_STUDIES,
    SECOND_STUDY_PREFIX,
    SECOND_STUDY_SEED,
    SELECT_K,
    STUDY_TRUE_AUC,
    SUMMARY_FEATURES,
    TOY_RESPONDER,
    TOY_WITHIN_DMN,
    biomarker_link,
    biomarker_studies,
    cohort_predictions,
    confusion_at,
    design_biomarker,
    edge_features,
    fold_seed_aucs,
    held_out_probabilities,
    lasting_response_share,
    link_of,
    patient_table,
    second_study,
    second_study_edges,
    split_spread,
    summary_features,
    thread_patient_scan,
    timeline_events,
    toy_patients,
    treatment_timeline,
)
from ._page import page_numbers
from ._views import (
    SCORE_CUTOFFS,
    STUDY_SIZES,
    optimistic_biomarker_explorer,
    plot_biomarker,
    plot_biomarker_studies,
    plot_patient_timeline,
    plot_validation_ladder,
    roc_explorer,
)

__all__ = [
    # data and science
    "BIOMARKERS", "EXAMPLE_PATIENT", "FOLD_SEEDS", "HYPOTHETICAL_AUC", "LAB_PATIENT", "N_PERMUTATIONS", "N_REPEATS",
    "N_STUDIES", "SECOND_STUDY_PREFIX", "SECOND_STUDY_SEED", "SELECT_K", "STUDY_TRUE_AUC",
    "SUMMARY_FEATURES", "TOY_RESPONDER", "TOY_WITHIN_DMN", "biomarker_link",
    "biomarker_studies", "cohort_predictions", "confusion_at", "design_biomarker", "edge_features", "fold_seed_aucs",
    "held_out_probabilities", "lasting_response_share", "link_of", "patient_table", "second_study",
    "second_study_edges", "split_spread",
    "summary_features", "thread_patient_scan", "timeline_events", "toy_patients", "treatment_timeline",
    # figures and widgets
    "SCORE_CUTOFFS", "STUDY_SIZES", "optimistic_biomarker_explorer", "plot_biomarker", "plot_biomarker_studies",
    "plot_patient_timeline", "plot_validation_ladder", "roc_explorer",
    # exercises
    "check_cv_auc", "check_cv_auc_function", "check_leakage", "check_loso_auc", "check_timeline",
    # the page
    "page_numbers",
]

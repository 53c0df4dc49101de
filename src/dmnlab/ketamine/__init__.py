"""Chapter 5 — Does ketamine disrupt the DMN, and is that how it helps?

The proposed mechanism and where each step was shown (rodents or people); the SIMULATED patients'
scans before, during and after one ketamine infusion, analysed as a paired design; what sample
entropy measures and why its settings matter; response and remission on the MADRS over two weeks;
and how the comparison arm of a trial changes the size of the effect.
The imaging effects are a modelling choice (see the parameter table); nothing here is dosing advice.
"""
from ._exercises import (
    check_count_longer_matches,
    check_count_matches,
    check_nnt,
    check_paired_dz,
    check_paired_dz_function,
    check_sample_entropy_function,
    check_sustained_response,
)
from ._measures import (
    EVIDENCE_LEVELS,
    GROUP_LABELS,
    MECHANISM_STEPS,
    RESPONSE_RATES,
    example_signal,
    madrs_course,
    madrs_ratings,
    paired_change,
    response_summary,
    session_table,
    simulated_trial,
    trial_differences,
)
from ._page import page_numbers
from ._views import (
    NOISES,
    PERSISTENCES,
    TEMPLATE_LENGTHS,
    TOLERANCES,
    TRIAL_SIZES,
    describe_mechanism,
    entropy_explorer,
    patient_week_explorer,
    placebo_explorer,
    plot_madrs_course,
    plot_mechanism,
    plot_session_changes,
)

__all__ = [
    # data and science
    "EVIDENCE_LEVELS", "GROUP_LABELS", "MECHANISM_STEPS", "RESPONSE_RATES", "example_signal", "madrs_course", "madrs_ratings", "paired_change",
    "response_summary", "session_table", "simulated_trial", "trial_differences",
    # figures and widgets
    "NOISES", "PERSISTENCES", "TEMPLATE_LENGTHS", "TOLERANCES", "TRIAL_SIZES", "entropy_explorer",
    "patient_week_explorer", "placebo_explorer", "plot_madrs_course", "plot_mechanism", "plot_session_changes",
    "describe_mechanism",
    # exercises
    "check_paired_dz_function", "check_paired_dz", "check_count_matches", "check_count_longer_matches",
    "check_sample_entropy_function", "check_sustained_response", "check_nnt",
    # the page
    "page_numbers",
]

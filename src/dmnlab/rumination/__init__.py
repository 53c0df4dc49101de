"""Chapter 4 — Rumination: the clinical consequence.

Scoring the Ruminative Responses Scale and judging a subscale's reliability; brooding against
DMN connectivity, reported honestly (interval, permutation test, partial correlation); "sticky"
thought as a state model with dwell times; and how small or circular brain–behaviour studies
overstate. Questionnaire answers, thought states and connectivity are SIMULATED.
"""
from ._exercises import (
    check_alpha,
    check_alpha_function,
    check_brooding_r,
    check_mean_dwell,
    check_partial_r,
    check_r_interval,
    check_subscales,
)
from ._measures import (
    CIRCULAR_CANDIDATES,
    TRUE_R,
    TRUE_R_OPTIONS,
    brooding_correlation,
    control_mean_dwell,
    correlation_studies,
    example_thoughts,
    rrs_items,
    rumination_table,
    subscale_alphas,
    thread_patient_rumination,
)
from ._page import page_numbers
from ._views import (
    DOMINANCES,
    STUDY_SIZES,
    TIMELINE_MINUTES,
    correlation_study_explorer,
    plot_correlation_studies,
    plot_thought_timeline,
    sticky_thoughts_explorer,
)

__all__ = [
    "CIRCULAR_CANDIDATES",
    "DOMINANCES",
    "STUDY_SIZES",
    "TIMELINE_MINUTES",
    "TRUE_R",
    "TRUE_R_OPTIONS",
    "brooding_correlation",
    "check_alpha",
    "check_alpha_function",
    "check_brooding_r",
    "check_mean_dwell",
    "check_partial_r",
    "check_r_interval",
    "check_subscales",
    "control_mean_dwell",
    "correlation_studies",
    "correlation_study_explorer",
    "example_thoughts",
    "page_numbers",
    "plot_correlation_studies",
    "plot_thought_timeline",
    "rrs_items",
    "rumination_table",
    "sticky_thoughts_explorer",
    "subscale_alphas",
    "thread_patient_rumination",
]

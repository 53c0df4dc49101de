"""Chapter 2 — The DMN in a healthy brain: switching, deactivation and anticorrelation.

Why the BOLD signal lags neural activity (the haemodynamic response), how a design matrix
and a GLM measure task-induced deactivation of the DMN while task-positive networks rise,
and how the DMN–task-positive anticorrelation at rest depends on how it is computed
(network averages or node pairs, rest or task, with or without global-signal regression).
Cohort runs and the switching simulator are SIMULATED; the GSR section uses real HCP data, and
the principal gradient (where the DMN sits in the cortex's hierarchy) the real HCP group's connectivity.
"""
from ..datasets.loaders import load_rest_run, load_task_run
from ._exercises import (
    check_anticorrelation,
    check_deactivated_regions,
    check_design_column,
    check_design_matrix,
    check_group_deactivation,
    check_gsr_anticorrelation,
    check_task_beta,
)
from ._measures import (
    DEACTIVATION_T,
    DESIGN_EXAMPLE,
    GRADIENT_END_PARCELS,
    SWITCH_REST_SEED,
    SWITCH_TASK_SEED,
    TASK_POSITIVE,
    anticorrelation,
    bold_timing,
    control_task_runs,
    example_participant,
    example_rest_run,
    example_task_run,
    gradient_by_network,
    gradient_ends,
    gradient_scale,
    group_task_effects,
    healthy_controls,
    lab_participant,
    network_signals,
    network_task_effects,
    pairwise_anticorrelation,
    parcel_gradient,
    predicted_bold,
    region_task_effects,
    simulate_switching,
    switching_parameters,
    task_design,
    with_and_without_gsr,
)
from ._page import page_numbers
from ._views import (
    ANTICORRELATIONS,
    BLOCK_COLOUR,
    DEACTIVATIONS,
    EVENT_DURATIONS,
    GSR_OPTIONS,
    TIMES_TO_PEAK,
    describe_gradient_by_network,
    describe_gradient_surface,
    describe_hrf,
    describe_switching,
    gsr_explorer,
    hrf_explorer,
    plot_convolution,
    plot_design,
    plot_gradient_by_network,
    plot_gradient_surface,
    plot_hrf,
    plot_rest_anticorrelation,
    plot_task_betas,
    plot_task_run,
    task_switch_explorer,
)

__all__ = [
    # data (SIMULATED cohort, read through dmnlab.datasets)
    "example_participant", "lab_participant", "example_task_run", "example_rest_run", "healthy_controls",
    "control_task_runs", "load_task_run", "load_rest_run",
    # measures and simulations
    "TASK_POSITIVE", "DEACTIVATION_T", "DESIGN_EXAMPLE", "SWITCH_TASK_SEED", "SWITCH_REST_SEED",
    "predicted_bold", "bold_timing", "network_signals", "anticorrelation",
    "pairwise_anticorrelation", "with_and_without_gsr", "task_design", "region_task_effects",
    "network_task_effects", "group_task_effects", "switching_parameters", "simulate_switching",
    # REAL data: the HCP group's principal gradient by network
    "GRADIENT_END_PARCELS", "parcel_gradient", "gradient_by_network", "gradient_ends",
    "gradient_scale",
    # figures and widgets
    "BLOCK_COLOUR", "EVENT_DURATIONS", "TIMES_TO_PEAK", "DEACTIVATIONS", "ANTICORRELATIONS",
    "GSR_OPTIONS", "plot_hrf", "plot_convolution", "describe_hrf", "hrf_explorer", "plot_design", "plot_task_run",
    "plot_task_betas", "plot_rest_anticorrelation", "describe_switching", "task_switch_explorer",
    "gsr_explorer", "describe_gradient_surface", "plot_gradient_surface", "describe_gradient_by_network",
    "plot_gradient_by_network",
    # exercise checkers
    "check_design_column", "check_design_matrix", "check_task_beta", "check_deactivated_regions", "check_anticorrelation",
    "check_gsr_anticorrelation", "check_group_deactivation",
    # the page
    "page_numbers",
]

"""Chapter 3 — The DMN in depression: a network gone awry?

The three proposed DMN signatures of depression (hyperactivation, hyperconnectivity, impaired
deactivation) measured in the virtual cohort (SIMULATED); patients against controls with an
effect size, its confidence interval and a permutation test; statistical power, and why small
studies disagree with large ones; and the REAL effect sizes of the largest structural study
(ENIGMA-MDD), which are small.
"""
from ._exercises import (
    check_deactivation_values,
    check_hedges_g,
    check_hippocampus_sample_size,
    check_medication_effect,
    check_permutation_function,
    check_permutation_p,
    check_sample_size,
    check_site_effects,
    check_within_dmn_values,
)
from ._measures import (
    MEASURE_COLUMNS,
    N_REGIONS_SHOWN,
    N_SIMULATED_STUDIES,
    REGION_NAMES,
    SMALL_D,
    SUBCORTICAL_GROUPS,
    cohort_measures,
    compare_groups,
    comparison_table,
    dmn_deactivation,
    enigma_numbers,
    hippocampus_d,
    hippocampus_sample_sizes,
    simulate_cohort_measures,
    simulate_dmn_studies,
    study_effect,
    thickness_effects,
    thread_patient_place,
    three_signatures,
    within_dmn_connectivity,
)
from ._page import page_numbers
from ._views import (
    AXIS_LABELS,
    COUPLING_VALUES,
    FAILURE_VALUES,
    G_BINS,
    P_BINS,
    STATIC_STUDY_SIZES,
    STUDY_SIZES,
    plot_cohort_contrast,
    plot_enigma_forest,
    plot_group_comparison,
    plot_null_distribution,
    plot_power_curve,
    plot_site_comparison,
    plot_three_signatures,
    study_simulator_explorer,
    virtual_patient_explorer,
)

__all__ = [
    # measures and simulations
    "MEASURE_COLUMNS", "N_SIMULATED_STUDIES", "cohort_measures", "compare_groups", "comparison_table",
    "dmn_deactivation", "simulate_cohort_measures", "simulate_dmn_studies", "study_effect",
    "thread_patient_place", "three_signatures", "within_dmn_connectivity",
    # figures and widgets
    "AXIS_LABELS", "COUPLING_VALUES", "FAILURE_VALUES", "G_BINS", "P_BINS", "STATIC_STUDY_SIZES",
    "STUDY_SIZES", "plot_cohort_contrast", "plot_group_comparison", "plot_null_distribution",
    "plot_power_curve", "plot_site_comparison", "plot_three_signatures", "study_simulator_explorer",
    "virtual_patient_explorer",
    # REAL effect sizes (ENIGMA-MDD)
    "N_REGIONS_SHOWN", "REGION_NAMES", "SMALL_D", "SUBCORTICAL_GROUPS", "enigma_numbers", "hippocampus_d",
    "hippocampus_sample_sizes", "plot_enigma_forest", "thickness_effects",
    # exercise checkers
    "check_deactivation_values", "check_hedges_g", "check_medication_effect", "check_permutation_function",
    "check_permutation_p", "check_sample_size", "check_site_effects", "check_within_dmn_values",
    "check_hippocampus_sample_size",
    # the page's numbers
    "page_numbers",
]

"""Chapter 6 — Beyond the DMN: depression as a network disorder.

The triple-network model drawn with its depression hypotheses by verdict (from the evidence register).
Each scan of the SIMULATED cohort summarised network by network (DMN, salience, central
executive, affective) and read as a graph (modularity, participation coefficient); how the
threshold rule moves graph measures; patients vs controls at baseline with Hedges' g and its
interval, next to a large fresh cohort of the same design. The designed group differences are
small, and the infusion's rise in between-network connectivity is a modelling choice. The same
summaries of REAL Human Connectome Project group connectivity (two independent groups) show how much
tidier the simulator is.
"""
from ..shared.examples import example_timeseries
from ._exercises import (
    EXERCISE_THRESHOLD,
    PATIENT_SUBSETS,
    check_group_effect,
    check_modularity,
    check_network_matrix,
    check_participation,
    check_participation_function,
)
from ._measures import (
    COUNTERPARTS,
    DENSITIES,
    GRAPH_DENSITY,
    GRAPH_GROUPS,
    GRAPH_START_THRESHOLD,
    MATRIX_GROUPS,
    MEASURE_LABELS,
    PAIR_MEASURES,
    REAL_PARCELS,
    REAL_SAMPLES,
    THRESHOLDS,
    TRIPLE_NETWORK_HYPOTHESES,
    baseline_table,
    compare_groups,
    design_check,
    group_differences,
    group_graph,
    group_network_matrix,
    group_node_matrix,
    network_matrix,
    network_table,
    participant_among_groups,
    participation_of_weights,
    real_density_table,
    real_graph,
    real_network_matrix,
    real_vs_simulated,
    replication_r,
    threshold_curves,
    triple_network_verdicts,
)
from ._page import page_numbers
from ._views import (
    GRAPH_GROUP_WORDS,
    GROUP_WORDS,
    NETWORK_ABBREVIATIONS,
    REAL_ABBREVIATIONS,
    SHORT_LABELS,
    VERDICT_LINES,
    graph_explorer,
    network_matrix_explorer,
    plot_group_differences,
    plot_real_networks,
    plot_threshold_curves,
    plot_triple_network,
)

__all__ = [
    # data and science
    "DENSITIES", "GRAPH_DENSITY", "GRAPH_GROUPS", "GRAPH_START_THRESHOLD", "MATRIX_GROUPS", "MEASURE_LABELS",
    "PAIR_MEASURES", "THRESHOLDS", "TRIPLE_NETWORK_HYPOTHESES",
    "baseline_table", "compare_groups", "design_check", "example_timeseries", "group_differences", "group_graph",
    "group_network_matrix", "group_node_matrix", "network_matrix", "network_table", "participant_among_groups",
    "participation_of_weights", "threshold_curves", "triple_network_verdicts",
    # real data (HCP group connectivity)
    "COUNTERPARTS", "REAL_PARCELS", "REAL_SAMPLES", "real_density_table", "real_graph", "real_network_matrix",
    "real_vs_simulated", "replication_r",
    # figures and widgets
    "GRAPH_GROUP_WORDS", "GROUP_WORDS", "NETWORK_ABBREVIATIONS", "REAL_ABBREVIATIONS", "SHORT_LABELS",
    "VERDICT_LINES", "graph_explorer", "network_matrix_explorer", "plot_group_differences", "plot_real_networks",
    "plot_threshold_curves", "plot_triple_network",
    # exercises
    "EXERCISE_THRESHOLD", "PATIENT_SUBSETS", "check_group_effect", "check_modularity", "check_network_matrix",
    "check_participation", "check_participation_function",
    # the page
    "page_numbers",
]

"""Chapter 1 — Anatomy of the default mode network.

The DMN's core regions and where they lie (MNI space); functional connectivity as the
correlation of two regions' signals over time; the correlation matrix and the seed map that
outlines the network — in one simulated participant of the course's cohort and in seven real
brains (Human Connectome Project); the nodes on real anatomy (the MNI152 template) and real seed maps
on a cortical surface (the HCP group average, Schaefer parcels).
"""
from ._exercises import (
    check_correlation_matrix,
    check_dmn_members,
    check_fisher_mean,
    check_pearson_r,
    check_seed_map,
    check_strongest_dmn_pair,
    check_within_dmn,
)
from ._measures import (
    CORTEX_SEEDS,
    CORTEX_TOP_PARCELS,
    DMN_SEEDS,
    cortex_seed_map,
    cortex_seed_parcels,
    cortex_seed_summary,
    dmn_members_in_data,
    example_timeseries,
    network_scores,
    strongest_dmn_pair,
)
from ._page import page_numbers
from ._views import (
    ANATOMY_SLICES,
    OVERLAY_REGIONS,
    PIPELINE_REGIONS,
    REAL_SEED_CHOICES,
    SEED_CHOICES,
    SEED_THRESHOLDS,
    cortex_seed_explorer,
    describe_cortex_seed_map,
    describe_fmri_pipeline,
    describe_nodes_on_anatomy,
    describe_signals_together,
    plot_cortex_seed_map,
    plot_fmri_pipeline,
    plot_nodes_on_anatomy,
    plot_signals_together,
    real_seed_explorer,
    region_explorer,
    seed_explorer,
)

__all__ = [
    "ANATOMY_SLICES",
    "CORTEX_SEEDS",
    "CORTEX_TOP_PARCELS",
    "DMN_SEEDS",
    "OVERLAY_REGIONS",
    "PIPELINE_REGIONS",
    "REAL_SEED_CHOICES",
    "SEED_CHOICES",
    "SEED_THRESHOLDS",
    "check_correlation_matrix",
    "check_dmn_members",
    "check_fisher_mean",
    "check_pearson_r",
    "check_seed_map",
    "check_strongest_dmn_pair",
    "check_within_dmn",
    "cortex_seed_explorer",
    "cortex_seed_map",
    "cortex_seed_parcels",
    "cortex_seed_summary",
    "describe_cortex_seed_map",
    "describe_fmri_pipeline",
    "describe_nodes_on_anatomy",
    "describe_signals_together",
    "dmn_members_in_data",
    "example_timeseries",
    "network_scores",
    "page_numbers",
    "plot_cortex_seed_map",
    "plot_fmri_pipeline",
    "plot_nodes_on_anatomy",
    "plot_signals_together",
    "real_seed_explorer",
    "region_explorer",
    "seed_explorer",
    "strongest_dmn_pair",
]

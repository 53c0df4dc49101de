"""The numbers and words chapter 1's page quotes (glued into its prose at build time)."""
from __future__ import annotations

from ..course.prose import Words
from ..shared.patient import patient_numbers
from ..study.nodes import DMN_NODES, TASK_POSITIVE_NODES
from ._measures import example_timeseries


def page_numbers() -> dict:
    """``{glue name: value}`` for ``book/01-anatomy.md``.

    - the task-positive region most anticorrelated with the PCC in the example participant
      (SIMULATED), so that the page's exercise is true for the data on the page;
    - the strongest and weakest DMN pair in the seven real HCP brains (group matrix, Fisher-z
      averaged), and the HCP acknowledgement;
    - where the followed patient's baseline within-DMN connectivity lies against the two groups'
      means (SIMULATED; one scan of one person, described, not tested).
    """
    from ..datasets import hcp
    from ..methods.connectivity import group_correlation_matrix

    with_pcc = example_timeseries().corr()["PCC"][list(TASK_POSITIVE_NODES)]
    group = group_correlation_matrix(hcp.load_hcp_timeseries(subject) for subject in hcp.HCP_SUBJECTS)
    pairs = {(a, b): float(group.loc[a, b]) for i, a in enumerate(DMN_NODES) for b in DMN_NODES[i + 1:]}
    strong = max(pairs, key=pairs.get)
    weak = min(pairs, key=pairs.get)
    return {
        "ch1_anti_region": Words(with_pcc.idxmin()),
        "ch1_anti_r": float(with_pcc.min()),
        "ch1_real_strong_pair": Words("–".join(strong)),
        "ch1_real_strong_r": pairs[strong],
        "ch1_real_weak_pair": Words("–".join(weak)),
        "ch1_real_weak_r": pairs[weak],
        "ch1_hcp_ack": Words(hcp.HCP_ACKNOWLEDGEMENT),
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

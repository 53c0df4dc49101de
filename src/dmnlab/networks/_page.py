"""Every number and word the chapter 6 page quotes, computed from the data (SIMULATED)."""
from __future__ import annotations

import numpy as np

from ..course.prose import Words, effect_size_word, zero_word
from ._measures import (
    GRAPH_DENSITY,
    GRAPH_START_THRESHOLD,
    baseline_table,
    design_check,
    group_differences,
    group_graph,
    group_network_matrix,
    network_table,
    participant_among_groups,
    threshold_curves,
)

#: Cells of the network matrix the page quotes: glue suffix → (row, column).
_MATRIX_CELLS = {"within_dmn": (0, 0), "within_ce": (2, 2), "dmn_sal": (0, 1), "dmn_ce": (0, 2), "sal_ce": (1, 2)}
#: The absolute threshold at which the page compares the groups' edge counts.
_EDGE_THRESHOLD = 0.2
#: Measures whose group comparison the page quotes.
_QUOTED_MEASURES = ("within_dmn", "within_ce", "dmn_task_positive", "participation", "modularity",
                    "within_salience", "dmn_ce")


def _matrices() -> dict:
    """Controls, patients at baseline and patients during the infusion: cells and changes."""
    controls = group_network_matrix("control", "baseline").to_numpy()
    patients = group_network_matrix("depressed", "baseline").to_numpy()
    infusion = group_network_matrix("depressed", "infusion").to_numpy()
    numbers = {}
    for name, (i, j) in _MATRIX_CELLS.items():
        numbers[f"ch6_ctrl_{name}"] = float(controls[i, j])
        numbers[f"ch6_diff_{name}"] = float(patients[i, j] - controls[i, j])
        numbers[f"ch6_inf_{name}"] = float(infusion[i, j] - patients[i, j])
    change = (infusion - patients)[~np.eye(4, dtype=bool)]
    numbers["ch6_inf_between_min"] = float(change.min())
    numbers["ch6_inf_between_max"] = float(change.max())
    return numbers


def _graphs() -> dict:
    """The controls' group graph at the explorer's first (lenient) threshold and a strict one."""
    numbers = {}
    for label, threshold in (("lenient", GRAPH_START_THRESHOLD), ("strict", 0.3)):
        measures = group_graph("controls", threshold)["measures"]
        numbers[f"ch6_{label}_threshold"] = threshold
        numbers[f"ch6_{label}_edges"] = int(measures["n_edges"])
        numbers[f"ch6_{label}_q"] = float(measures["modularity"])
        numbers[f"ch6_{label}_p"] = float(measures["participation"])
    node, value = sorted(group_graph("controls", GRAPH_START_THRESHOLD)["participation"].items(), key=lambda kv: -kv[1])[0]
    numbers["ch6_top_node"] = Words(node)
    numbers["ch6_top_p"] = float(value)
    numbers["ch6_density_pct"] = 100 * GRAPH_DENSITY
    return numbers


def _group_comparisons() -> dict:
    """Patients − controls on the quoted measures, next to a large fresh cohort of the same design."""
    differences = group_differences()
    design = design_check()
    numbers = {"ch6_n_measures": len(differences),
               "ch6_n_significant": int((differences["p_permutation"] < 0.05).sum()),
               "ch6_n_design": int(design.attrs["n_per_group"])}
    for measure in _QUOTED_MEASURES:
        row = differences.loc[measure]
        numbers[f"ch6_g_{measure}"] = float(row["g"])
        numbers[f"ch6_lo_{measure}"] = float(row["ci_low"])
        numbers[f"ch6_hi_{measure}"] = float(row["ci_high"])
        numbers[f"ch6_p_{measure}"] = float(row["p_permutation"])
        numbers[f"ch6_size_{measure}"] = Words(effect_size_word(row["g"]))
        numbers[f"ch6_zero_{measure}"] = zero_word(row["ci_low"], row["ci_high"])
        numbers[f"ch6_design_{measure}"] = float(design.loc[measure, "g"])
    numbers["ch6_mean_tp_controls"] = float(differences.loc["dmn_task_positive", "mean_controls"])
    numbers["ch6_mean_tp_patients"] = float(differences.loc["dmn_task_positive", "mean_patients"])
    larger = abs(differences.loc["participation", "g"]) > abs(design.loc["participation", "g"]) + 0.1
    numbers["ch6_participation_word"] = Words("larger than" if larger else "close to")
    return numbers


def _threshold_range() -> dict:
    """How far the threshold rule and level move the group difference in modularity and participation."""
    curves = [threshold_curves(rule) for rule in ("absolute", "proportional")]
    q_g = np.concatenate([curve["modularity_g"].to_numpy() for curve in curves])
    p_g = np.concatenate([curve["participation_g"].to_numpy() for curve in curves])
    absolute = curves[0].set_index("threshold")
    controls, patients = (float(absolute.loc[_EDGE_THRESHOLD, f"edges_{group}"]) for group in ("controls", "patients"))
    changes_sign = np.nanmin(q_g) < 0 < np.nanmax(q_g)
    return {"ch6_q_g_min": float(np.nanmin(q_g)), "ch6_q_g_max": float(np.nanmax(q_g)),
            "ch6_q_sign": Words("it changes sign" if changes_sign else "its sign stays the same, but its size does not"),
            "ch6_p_g_min": float(np.nanmin(p_g)), "ch6_p_g_max": float(np.nanmax(p_g)),
            "ch6_n_thresholds": int(q_g.size),
            # Are the simulated patients' correlations weaker overall? Edge counts at one absolute threshold.
            "ch6_edge_threshold": _EDGE_THRESHOLD, "ch6_edges_controls": controls, "ch6_edges_patients": patients,
            "ch6_edges_word": Words("more" if patients > controls else "fewer" if patients < controls else "as many")}


def _infusion() -> dict:
    """The simulated infusion: the same patients' graph measures, baseline vs infusion (paired)."""
    from ..methods.stats import paired_effect

    runs = network_table()
    patient_runs = runs[runs["group"] == "depressed"]
    numbers = {}
    for measure in ("modularity", "participation"):
        wide = patient_runs.pivot(index="participant_id", columns="session", values=measure)
        result = paired_effect(wide["baseline"], wide["infusion"])
        numbers[f"ch6_inf_{measure}_change"] = float(result["mean_change"])
        numbers[f"ch6_inf_{measure}_dz"] = float(result["d_z"])
    return numbers


def _share_words(share: float, group: str) -> Words:
    """"every control's", "no patient's" or "87% of controls'" for a share of a group below a value."""
    if share >= 1:
        return Words(f"every {group[:-1]}'s")
    if share <= 0:
        return Words(f"no {group[:-1]}'s")
    return Words(f"{100 * share:.0f}% of {group}'")


def _thread() -> dict:
    """The followed patient's baseline network measures among the groups (SIMULATED; one person)."""
    from ..shared.patient import THREAD_PATIENT

    placed = participant_among_groups(THREAD_PATIENT, ("within_dmn", "participation"))
    numbers = {}
    # Not modularity: the patient's value would round to a lab exercise's answer (test_nothing_is_answered_...).
    for measure, short in (("within_dmn", "within_dmn"), ("participation", "p")):
        row = placed.loc[measure]
        numbers[f"ch6_pt_{short}"] = float(row["value"])
        numbers[f"ch6_pt_{short}_controls"] = float(row["controls"])
        numbers[f"ch6_pt_{short}_patients"] = float(row["patients"])
        # "higher than …" reads the share below; "lower than …" the share above.
        below = float(row["controls_below"])
        numbers[f"ch6_pt_{short}_above_word"] = _share_words(below, "controls")
        numbers[f"ch6_pt_{short}_below_word"] = _share_words(1 - below, "controls")
    return numbers


def _real() -> dict:
    """The REAL HCP group matrices (main and hold-out) beside the simulated controls: cells and graphs."""
    from ..datasets import hcpgroup
    from ..methods.graphs import graph_measures, matrix_to_graph
    from ..shared.datasheet import between_share
    from ..study.nodes import NODE_NETWORK
    from ._measures import (
        REAL_PARCELS,
        REAL_SAMPLES,
        group_node_matrix,
        real_density_table,
        real_graph,
        real_network_matrix,
        real_vs_simulated,
        replication_r,
    )

    blocks = real_network_matrix("main")
    others = blocks.loc["Default"].drop("Default")
    numbers = {"ch6_real_n_parcels": REAL_PARCELS, "ch6_real_n_networks": len(blocks),
               "ch6_real_default_min": float(others.min()), "ch6_real_default_max": float(others.max()),
               "ch6_real_hcp_terms": Words(hcpgroup.HCP_TERMS)}
    comparison = real_vs_simulated()
    names = {"within DMN": "within_dmn", "within salience": "within_sal", "within central executive": "within_ce",
             "DMN–salience": "dmn_sal", "DMN–central executive": "dmn_ce", "salience–central executive": "sal_ce"}
    for cell, short in names.items():
        numbers[f"ch6_cmp_sim_{short}"] = float(comparison.loc[cell, "simulated"])
        for sample in REAL_SAMPLES:
            numbers[f"ch6_cmp_{sample}_{short}"] = float(comparison.loc[cell, f"real_{sample}"])
    main = hcpgroup.group_connectivity(REAL_PARCELS, "main").to_numpy()
    upper = main[np.triu_indices(REAL_PARCELS, k=1)]
    numbers["ch6_real_negative_pct"] = float(100 * (upper < 0).mean())
    for sample in REAL_SAMPLES:
        graph = real_graph(sample)
        numbers[f"ch6_{sample}_q"] = float(graph["modularity"])
        numbers[f"ch6_{sample}_p"] = float(graph["participation"])
    graph = real_graph("main")
    numbers["ch6_real_p_max"] = float(graph["max_participation"])
    numbers["ch6_real_cut"] = float(graph["weakest_r"])
    by_network = graph["by_network"]
    large = by_network.drop(["Default", "Limbic"])
    numbers.update({"ch6_real_p_default": float(by_network["Default"]), "ch6_real_p_limbic": float(by_network["Limbic"]),
                    "ch6_real_p_others_min": float(large.min()), "ch6_real_p_others_max": float(large.max()),
                    "ch6_real_p_default_lowest": Words("the lowest" if by_network["Default"] < large.min()
                                                       else "not the lowest")})
    simulated = graph_measures(group_node_matrix("control", "baseline"), GRAPH_DENSITY, "proportional")
    numbers["ch6_simgroup_q"] = float(simulated["modularity"])
    numbers["ch6_simgroup_p"] = float(simulated["participation"])
    simulated_graph = matrix_to_graph(group_node_matrix("control", "baseline"), GRAPH_DENSITY, "proportional")
    numbers["ch6_real_between_pct"] = 100 * float(real_graph("main")["between_share"])
    numbers["ch6_sim_between_pct"] = 100 * between_share(simulated_graph, NODE_NETWORK)
    table = real_density_table()
    numbers.update({"ch6_real_q_dense": float(table["modularity (main)"].iloc[-1]),
                    "ch6_real_q_sparse": float(table["modularity (main)"].iloc[0]),
                    "ch6_real_p_dense": float(table["participation (main)"].iloc[-1]),
                    "ch6_real_p_sparse": float(table["participation (main)"].iloc[0]),
                    "ch6_real_sparse_pct": 100 * float(table.index[0]), "ch6_real_dense_pct": 100 * float(table.index[-1]),
                    "ch6_real_holdout_gap": float(max(
                        (table["modularity (main)"] - table["modularity (holdout)"]).abs().max(),
                        (table["participation (main)"] - table["participation (holdout)"]).abs().max()))})
    numbers.update({f"ch6_rep_r_{key}": value for key, value in replication_r().items()})
    return numbers


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word of the chapter 6 page (``prose.glue_all``)."""
    baseline = baseline_table()
    numbers = {"ch6_n_patients": int((baseline["group"] == "depressed").sum()),
               "ch6_n_controls": int((baseline["group"] == "control").sum())}
    for part in (_matrices, _graphs, _group_comparisons, _threshold_range, _infusion, _thread, _real):
        numbers.update(part())
    return numbers

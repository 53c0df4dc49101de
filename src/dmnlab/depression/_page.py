"""The numbers and words that chapter 3's page quotes (``book/03-depression.md``), from the data."""
from __future__ import annotations

from ..course.prose import Words
from ..methods import stats
from ._measures import (
    cohort_measures,
    compare_groups,
    enigma_numbers,
    simulate_cohort_measures,
    simulate_dmn_studies,
    study_effect,
    thread_patient_place,
)


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word in the page's prose (SIMULATED data).

    Group comparisons in the course data (realistic mode) and in a teaching-mode cohort of the
    same design, the designed effects and the power they imply, and what 500 small simulated
    studies find; and the REAL ENIGMA-MDD effect sizes (:func:`._measures.enigma_numbers`). About 8 s the first time (the measures are then cached).
    """
    from scipy.stats import norm

    from ..cohort import parameters

    measures = cohort_measures()                              # the course data (realistic mode)
    teaching = simulate_cohort_measures("teaching")           # same design, exaggerated effects
    within = compare_groups(measures, "within_dmn_z")
    deactivation = compare_groups(measures, "dmn_task_beta")
    numbers = {}
    for name, result in (("within", within), ("teach", compare_groups(teaching, "within_dmn_z")),
                         ("beta", deactivation)):
        numbers[f"ch3_g_{name}"] = result["effect"].g
        numbers[f"ch3_lo_{name}"] = result["effect"].ci_low
        numbers[f"ch3_hi_{name}"] = result["effect"].ci_high
        numbers[f"ch3_p_{name}"] = result["p_permutation"]
    true_g = study_effect("realistic")
    thread = thread_patient_place(measures)
    small = simulate_dmn_studies(20, "realistic")
    real = enigma_numbers()
    return numbers | real | {
        # How many times the largest REAL (structural) difference the teaching mode's g is.
        "ch3_enigma_teach_ratio": abs(numbers["ch3_g_teach"]) / real["ch3_enigma_max_abs_d"],
        "ch3_n_patients": within["n_patients"],
        "ch3_n_controls": within["n_controls"],
        "ch3_true_g": true_g,
        "ch3_design_g_medicated": parameters.expected_group_difference("within DMN", "realistic", "antidepressant"),
        "ch3_design_g_unmedicated": parameters.expected_group_difference("within DMN", "realistic", "none"),
        "ch3_power_cohort": float(stats.power_two_sample(true_g, within["n_patients"],
                                                         n_second_group=within["n_controls"])),
        "ch3_power_greicius": float(stats.power_two_sample(0.25, 28, n_second_group=20)),
        "ch3_n_needed": stats.n_for_power(0.25),
        "ch3_n_needed_teach": stats.n_for_power(1.0),
        # A randomly chosen control has the higher value this often when g = 0.25.
        "ch3_superiority": float(norm.cdf(0.25 / 2 ** 0.5)),
        "ch3_beta_direction": Words("less" if deactivation["effect"].g > 0 else "more"),
        "ch3_small_power": small["power"],
        "ch3_small_wrong": small["wrong_sign"],
        "ch3_small_abs_g": small["mean_abs_g_significant"],
        # The followed patient (SIMULATED) among the groups: one person is not a group difference.
        "ch3_pt_within": thread["within_dmn"],
        "ch3_pt_above_patients": thread["above_patients"],
        "ch3_pt_above_controls": thread["above_controls"],
    }

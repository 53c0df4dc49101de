"""The numbers and words chapter 4's page quotes (glued into its prose at build time; SIMULATED cohort)."""
from __future__ import annotations

from ..course.prose import Words, correlation_size_word, sign_word, zero_word
from ._measures import (
    CIRCULAR_CANDIDATES,
    brooding_correlation,
    control_mean_dwell,
    correlation_studies,
    example_thoughts,
    rumination_table,
    subscale_alphas,
    thread_patient_rumination,
)


def page_numbers() -> dict:
    """``{glue name: value}`` for ``book/04-rumination.md``: the cohort's RRS scores, the brooding–brain
    correlations with words that follow them, the subscales' alphas, the sticky-thought model at the
    healthy mean and 2 SD above it, and honest against circular simulated studies (also with no true
    effect, where every "significant" study is a false positive)."""
    numbers = {}
    # The course data: one row per participant of the SIMULATED cohort.
    table = rumination_table()
    counts = table["group"].value_counts()
    numbers["ch4_n"] = len(table)
    numbers["ch4_n_patients"] = int(counts["depressed"])
    numbers["ch4_n_controls"] = int(counts["control"])
    means = table.groupby("group")[["rrs_total", "rrs_brooding", "rrs_reflection"]].mean()
    for column in ("rrs_total", "rrs_brooding", "rrs_reflection"):
        numbers[f"ch4_{column}_patients"] = float(means.loc["depressed", column])
        numbers[f"ch4_{column}_controls"] = float(means.loc["control", column])

    # Brain–behaviour correlations, with words that follow the numbers.
    for name, column in (("sgacc", "dmn_sgacc"), ("within", "within_dmn")):
        result = brooding_correlation(table, column)
        for key in ("r", "ci_low", "ci_high", "p_permutation", "partial_r", "reflection_r"):
            numbers[f"ch4_{name}_{key}"] = float(result[key])
        numbers[f"ch4_{name}_size"] = Words(correlation_size_word(result["r"]))
        numbers[f"ch4_{name}_direction"] = sign_word(result["r"], "negative", "positive")
        numbers[f"ch4_{name}_ci_zero"] = zero_word(result["ci_low"], result["ci_high"])
        numbers[f"ch4_{name}_reflection_size"] = Words(correlation_size_word(result["reflection_r"]))
        change = abs(result["partial_r"]) - abs(result["r"])
        numbers[f"ch4_{name}_partial_change"] = Words(
            "hardly changes it" if abs(change) < 0.05 else ("weakens it" if change < 0 else "strengthens it"))

    # Cronbach's alpha of the simulated RRS subscales; mixing the groups inflates it.
    alphas = subscale_alphas()
    for key, value in alphas.items():
        numbers[f"ch4_alpha_{key}"] = float(value)
    within = (alphas["brooding_patients"], alphas["brooding_controls"])
    numbers["ch4_alpha_group_word"] = Words("lower than" if max(within) < alphas["brooding"]
                                            else "higher than" if min(within) > alphas["brooding"] else "close to")

    # Sticky thoughts: one simulated hour at the healthy mean and 2 SD above it.
    for dominance in (0, 2):
        states = example_thoughts(dominance)
        stay = float(states.stickiness)
        numbers[f"ch4_dwell_{dominance}"] = float(states.mean_dwell_seconds)
        numbers[f"ch4_fraction_{dominance}"] = float(states.fraction_ruminating)
        numbers[f"ch4_stay_{dominance}"] = stay
        numbers[f"ch4_expected_dwell_{dominance}"] = float(states.step_seconds / (1 - stay))
    numbers["ch4_step_seconds"] = float(states.step_seconds)
    numbers["ch4_control_dwell"] = control_mean_dwell()
    episodes = example_thoughts(0).dwell_times()
    numbers["ch4_episodes_0"] = int((episodes.state == "ruminative").sum())

    # The followed patient (SIMULATED) among the patients and the controls.
    for key, value in thread_patient_rumination(table).items():
        numbers[f"ch4_pt_{key}"] = value

    # Simulated brain–behaviour studies: honest against circular, 25 people each.
    honest = correlation_studies(25, circular=False)
    circular = correlation_studies(25, circular=True)
    large = correlation_studies(1000, circular=False)
    null_circular = correlation_studies(25, circular=True, true_r=0.0)  # no effect at all
    numbers.update({
        "ch4_true_r": float(honest["true_r"]),
        "ch4_n_studies": len(honest["observed"]),
        "ch4_candidates": CIRCULAR_CANDIDATES,
        "ch4_honest_share": float(honest["share_significant"]),
        "ch4_honest_abs_sig": float(honest["mean_abs_r_significant"]),
        "ch4_honest_inflation": float(honest["mean_abs_r_significant"] / honest["true_r"]),
        "ch4_circular_share": float(circular["share_significant"]),
        "ch4_circular_mean": float(circular["mean_r"]),
        "ch4_circular_abs_sig": float(circular["mean_abs_r_significant"]),
        "ch4_circular_share_055": float((circular["observed"] >= 0.55).mean()),
        "ch4_large_share": float(large["share_significant"]),
        "ch4_null_circular_share": float(null_circular["share_significant"]),
        "ch4_null_circular_mean": float(null_circular["mean_r"]),
    })
    return numbers

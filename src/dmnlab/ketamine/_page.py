"""Every number and word that chapter 5's page quotes, computed from the data at build time."""
from __future__ import annotations

import numpy as np

from ..course.prose import Words, effect_size_word, interval_words, p_words, sign_word
from ._measures import example_signal, paired_change, response_summary, session_table, trial_differences

#: The page's worked exercise: a hypothetical before/after study (n patients, mean change in r,
#: SD of the changes, SD of the values across people).
_WORKED_STUDY = {"n": 20, "mean": -0.05, "sd_change": 0.08, "sd_people": 0.10}


def _infusion_numbers(numbers: dict) -> None:
    """Changes from baseline to the scan during the infusion, paired within patients."""
    for key, measure in (("within", "within_dmn"), ("between", "between_networks"),
                         ("mpfc", "mpfc_share"), ("entropy", "entropy")):
        result = paired_change(measure, "infusion")
        numbers[f"ch5_{key}_change"] = result["mean_change"]
        numbers[f"ch5_{key}_lo"] = result["ci_low"]
        numbers[f"ch5_{key}_hi"] = result["ci_high"]
        numbers[f"ch5_{key}_dz"] = result["d_z"]
        numbers[f"ch5_{key}_size"] = Words(effect_size_word(result["d_z"]))
        numbers[f"ch5_{key}_dir"] = sign_word(result["mean_change"], "fell", "rose")
        numbers[f"ch5_{key}_p"] = p_words(result["p"])
        numbers[f"ch5_{key}_ci"] = interval_words(result["ci_low"], result["ci_high"])
        numbers[f"ch5_{key}_unpaired_g"] = result["unpaired_g"]
        numbers[f"ch5_{key}_unpaired_p"] = p_words(result["unpaired_p"])
        numbers[f"ch5_{key}_retest"] = result["retest_r"]


def _later_numbers(numbers: dict, sessions) -> None:
    """A day later, and in responders vs non-responders."""
    later = paired_change("within_dmn", "24h")
    numbers["ch5_within24_dz"] = later["d_z"]
    numbers["ch5_within24_size"] = Words(effect_size_word(later["d_z"]))
    numbers["ch5_within24_lo"] = later["ci_low"]
    numbers["ch5_within24_hi"] = later["ci_high"]
    numbers["ch5_within24_ci"] = interval_words(later["ci_low"], later["ci_high"])
    intervals = {}
    for label, status in (("resp", "responder"), ("nonresp", "non-responder")):
        subset = sessions[sessions["response"] == status]
        numbers[f"ch5_n_{label}"] = int(subset["participant_id"].nunique())
        for session in ("24h", "day14"):
            result = paired_change("within_dmn", session, table=subset)
            numbers[f"ch5_{label}_{session}_change"] = result["mean_change"]
            numbers[f"ch5_{label}_{session}_lo"] = result["ci_low"]
            numbers[f"ch5_{label}_{session}_hi"] = result["ci_high"]
            numbers[f"ch5_{label}_{session}_ci"] = interval_words(result["ci_low"], result["ci_high"])
            intervals[(label, session)] = (result["ci_low"], result["ci_high"])
    (r_lo, r_hi), (n_lo, n_hi) = intervals[("resp", "24h")], intervals[("nonresp", "24h")]
    numbers["ch5_groups_overlap"] = Words("The two intervals overlap" if (r_lo <= n_hi and n_lo <= r_hi)
                                          else "The two intervals do not overlap")


def _clinical_numbers(numbers: dict) -> None:
    """The clinical course (MADRS ratings) and the simulated two-arm trials."""
    clinical = response_summary()
    numbers.update({
        "ch5_n_rated": clinical["n"], "ch5_resp24": clinical["response_24h"],
        "ch5_rem24": clinical["remission_24h"], "ch5_resp7": clinical["response_day7"],
        "ch5_resp14": clinical["response_day14"], "ch5_change24": clinical["mean_change_24h"],
        "ch5_cutoff": clinical["remission_cutoff"],
    })
    for label, comparison in (("saline", "saline"), ("active", "active placebo")):
        for n_per_arm in (20, 100):
            result = trial_differences(comparison, n_per_arm)
            numbers[f"ch5_sig_{label}_{n_per_arm}"] = result["share_significant"]
        numbers[f"ch5_true_{label}"] = result["true_difference"]
        low, high = np.percentile(trial_differences(comparison, 20)["observed"], [5, 95])
        numbers[f"ch5_spread_{label}_lo"] = low
        numbers[f"ch5_spread_{label}_hi"] = high


def _worked_example_numbers(numbers: dict) -> None:
    """The worked exercise: the paired and the (wrong) unpaired analysis of :data:`_WORKED_STUDY`."""
    from scipy import stats

    n, mean = _WORKED_STUDY["n"], _WORKED_STUDY["mean"]
    sd_change, sd_people = _WORKED_STUDY["sd_change"], _WORKED_STUDY["sd_people"]
    dz = mean / sd_change
    t = dz * np.sqrt(n)
    half = stats.t.ppf(0.975, n - 1) * sd_change / np.sqrt(n)
    t_unpaired = mean / (sd_people * np.sqrt(2 / n))
    numbers.update({
        "ch5_ex_dz": dz, "ch5_ex_t": t, "ch5_ex_p": 2 * stats.t.sf(abs(t), n - 1),
        "ch5_ex_lo": mean - half, "ch5_ex_hi": mean + half, "ch5_ex_g": mean / sd_people,
        "ch5_ex_t_unpaired": t_unpaired, "ch5_ex_p_unpaired": 2 * stats.t.sf(abs(t_unpaired), 2 * n - 2),
        "ch5_ex_retest": 1 - sd_change ** 2 / (2 * sd_people ** 2),
    })


def page_numbers() -> dict:
    """``{glue name: value}`` for every number and word of ``book/05-ketamine.md`` (SIMULATED cohort).

    Words (effect sizes, directions, p-values, intervals) are :class:`~dmnlab.course.prose.Words`;
    the page glues them all with :func:`dmnlab.course.prose.glue_all`.
    """
    from ..methods.complexity import sample_entropy

    sessions = session_table()
    numbers = {"ch5_n": int(sessions["participant_id"].nunique())}
    _infusion_numbers(numbers)
    _later_numbers(numbers, sessions)
    _clinical_numbers(numbers)
    # Sample entropy (m = 2, r = 0.2 SD) of the entropy widget's own signal at four of its settings: its
    # default (persistence 0.8), slow (0.95), fast (0.5) and slow with noise 0.5 added.
    numbers["ch5_se_default"] = float(sample_entropy(example_signal(0.8)))
    numbers["ch5_se_slow"] = float(sample_entropy(example_signal(0.95)))
    numbers["ch5_se_fast"] = float(sample_entropy(example_signal(0.5)))
    numbers["ch5_se_noisy"] = float(sample_entropy(example_signal(0.95, noise=0.5)))
    _worked_example_numbers(numbers)
    return numbers

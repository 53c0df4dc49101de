"""Chapter 3's exercise checkers: each ``check_*`` returns a :class:`~dmnlab.course.checks.Feedback`.

They compare a learner's answer with the measures of :mod:`._measures` (the course data by
default), never raise on a wrong type, and name the likely mistake.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..methods import stats
from ..shared.groups import split_groups
from ._measures import _CONTROL, _PATIENT, cohort_measures, study_effect

pd = lazy.load("pandas")

#: How close a learner's per-participant value must be to the right one.
_VALUE_TOLERANCE = 2e-3


def _per_participant(answer, measures: pd.DataFrame, what: str):
    """A learner's per-participant values aligned to ``measures``' index, or Feedback."""
    index = measures.index
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            return checks.wrong(f"{what} is a table with {answer.shape[1]} columns; expected one "
                                "value per participant.",
                                "Keep one column (a Series indexed by participant_id).")
    if isinstance(answer, pd.Series):
        missing = [pid for pid in index if pid not in answer.index]
        if len(missing) == len(index):
            if len(answer) == len(index):
                answer = answer.to_numpy()
            else:
                return checks.wrong(f"{what} has no entries for the cohort's participant IDs.",
                                    "Index the Series by participant_id, e.g. 'sub-01'.")
        elif missing:
            return checks.wrong(f"{what} lacks {len(missing)} participant(s), e.g. {missing[:3]}.",
                                "Loop over every participant in load_participants().index.")
        else:
            answer = answer.reindex(index)
    if isinstance(answer, (str, bytes, bool)) or np.isscalar(answer):
        return checks.wrong(f"{what} should hold one number per participant; got a single "
                            f"{type(answer).__name__}.", "Collect one value per participant in a "
                            "Series (or list) before checking.")
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return checks.wrong(f"{what} should hold numbers, one per participant; got a "
                            f"{type(answer).__name__}.", "Collect one float per participant.")
    if values.size != len(index):
        return checks.wrong(f"{what} has {values.size} value(s); the cohort has {len(index)} "
                            "participants.", "Compute one value for every participant (both groups).")
    if not np.all(np.isfinite(values)):
        return checks.wrong(f"{what} contains NaN or infinite values.",
                            "Check that every participant's value was computed.")
    return values


def _match_per_participant(values: np.ndarray, expected: np.ndarray, right: Feedback,
                           mistakes=(), reordered: Feedback | None = None, near: Feedback | None = None,
                           near_r: float = 0.9, otherwise: Feedback | None = None) -> Feedback:
    """The ladder both per-participant checkers climb, first match wins.

    ``right`` if every value is within :data:`_VALUE_TOLERANCE` of ``expected``; else the
    Feedback of the first ``(what a known mistake gives, Feedback)`` in ``mistakes`` that the
    values match; else ``reordered`` (if given) when they are the right values in another
    order; else ``near`` when they correlate with the right ones above ``near_r``; else
    ``otherwise``.
    """
    if np.allclose(values, expected, atol=_VALUE_TOLERANCE):
        return right
    for mistaken, feedback in mistakes:
        if np.allclose(values, mistaken, atol=_VALUE_TOLERANCE):
            return feedback
    if reordered is not None and np.allclose(np.sort(values), np.sort(expected), atol=_VALUE_TOLERANCE):
        return reordered
    if np.corrcoef(values, expected)[0, 1] > near_r:
        return near
    return otherwise


def check_within_dmn_values(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.1: within-DMN connectivity (r) of every participant's baseline rest run."""
    measures = cohort_measures() if measures is None else measures
    values = _per_participant(answer, measures, "Your within-DMN values")
    if isinstance(values, Feedback):
        return values
    expected = measures["within_dmn"].to_numpy()
    patients, controls = split_groups(measures, "within_dmn")
    return _match_per_participant(
        values, expected,
        right=checks.right(f"one value per participant; mean r = {controls.mean():.3f} in "
                           f"controls and {patients.mean():.3f} in patients."),
        mistakes=[(np.arctanh(expected),
                   checks.wrong("these are Fisher z values, not r.",
                                "Store r here (within_network_connectivity returns r); the next "
                                "exercise converts to z."))],
        reordered=checks.wrong("the right values, but in the wrong order.",
                               "Index your Series by participant_id so each value stays with its participant."),
        near=checks.wrong("close, but not the Fisher-z average over DMN pairs.",
                          "Use within_network_connectivity(correlation_matrix(rest), 'DMN') for each "
                          "participant's *baseline rest* run."),
        near_r=0.9,
        otherwise=checks.wrong("these values do not match each participant's within-DMN connectivity.",
                               "Load each participant's baseline rest run (task='rest'), compute its "
                               "correlation matrix, then the mean within-DMN connectivity."))


def _effect_value(answer, what: str):
    if isinstance(answer, stats.EffectSize):
        return answer.g
    if isinstance(answer, dict) and "effect" in answer and isinstance(answer["effect"], stats.EffectSize):
        return answer["effect"].g
    return checks.as_number(answer, what)


#: The sign hint for a patients-minus-controls effect size.
_PATIENTS_MINUS_CONTROLS = "Compute patients minus controls: hedges_g(patients, controls)."


def _check_g(answer, expected: float, alternatives: dict, what: str,
             tolerance: float = 0.015,
             sign_hint: str = _PATIENTS_MINUS_CONTROLS) -> tuple[Feedback | None, float | None]:
    """A learner's effect size against ``expected``: ``(feedback, value)``.

    ``feedback`` is ``None`` when the value is right, else what is wrong (the sign, with
    ``sign_hint`` naming the comparison the exercise asks for; one of the ``{value: hint}``
    ``alternatives``; or just "differs"); ``value`` is ``None`` when the answer is not a number
    (``feedback`` then says why).
    """
    value = _effect_value(answer, what)
    if isinstance(value, Feedback):
        return value, None
    if abs(value - expected) <= tolerance:
        return None, value
    if abs(value + expected) <= tolerance and abs(expected) > tolerance:
        return checks.wrong(f"{what} = {value:+.2f} has the wrong sign.", sign_hint), value
    for other, hint in alternatives.items():
        if abs(value - other) <= tolerance:
            return checks.wrong(f"{what} = {value:+.2f} is not quite it.", hint), value
    return checks.wrong(f"{what} = {value:+.2f} differs from the expected value.",
                        "Check which groups and which column you compared."), value


def check_group_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.2: Hedges g (patients − controls) of within-DMN connectivity on Fisher's z scale.

    Accepts the number or the :class:`dmnlab.methods.stats.EffectSize` returned by
    :func:`dmnlab.methods.stats.hedges_g`.
    """
    measures = cohort_measures() if measures is None else measures
    patients, controls = split_groups(measures, "within_dmn_z")
    effect = stats.hedges_g(patients, controls)
    r_patients, r_controls = split_groups(measures, "within_dmn")
    on_r = stats.hedges_g(r_patients, r_controls).g
    cohen_d = effect.d
    alternatives = {cohen_d: "That is Cohen's d: use Hedges' g (dmnlab.methods.stats.hedges_g), which "
                             "corrects the small-sample bias."} if abs(cohen_d - effect.g) > 0.015 else {}
    feedback, value = _check_g(answer, effect.g, alternatives, "Hedges g", 0.015)
    if feedback is None or (value is not None and abs(value - on_r) <= 0.005):
        note = (" (computed on r rather than z — almost identical here, but average and compare "
                "correlations on the z scale)") if feedback is not None else ""
        direction = "lower" if effect.g < 0 else "higher"
        story = (" — the opposite of the 'hyperconnectivity' story" if effect.g < 0 else
                 ", the direction of the 'hyperconnectivity' story")
        includes_zero = effect.ci_low < 0 < effect.ci_high
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]{note}. "
            f"Patients' within-DMN connectivity is slightly {direction} than controls'{story}; "
            + ("the interval includes 0 and is wide." if includes_zero else
               "the interval excludes 0 but is wide.")
            + f" (The simulation built in g ≈ {study_effect('realistic'):+.2f}.)")
    return feedback


def check_permutation_p(answer, measures: pd.DataFrame | None = None, column: str = "within_dmn_z") -> Feedback:
    """Exercise 3.3: two-sided permutation p-value of the patients-vs-controls difference."""
    measures = cohort_measures() if measures is None else measures
    value = answer.p_value if isinstance(answer, stats.PermutationResult) else answer
    value = checks.as_number(value, "Your p-value")
    if isinstance(value, Feedback):
        return value
    if not 0 <= value <= 1:
        return checks.wrong(f"A p-value is a probability between 0 and 1; got {value:.3g}.",
                            "Pass result.p_value, not the difference in means.")
    patients, controls = split_groups(measures, column)
    expected = stats.permutation_test(patients, controls, 20_000, seed=12345).p_value
    # Allow for the Monte-Carlo error of a run with as few as 1,000 permutations (3 SE).
    tolerance = 3 * np.sqrt(expected * (1 - expected) / 1000) + 0.002
    if abs(value - expected) <= tolerance:
        verdict = "below" if expected < 0.05 else "above"
        return checks.right(f"p = {value:.3f} (random shuffles make it vary slightly between runs; "
                            f"about {expected:.2f}), {verdict} 0.05. A p-value says how surprising "
                            "the difference would be if group labels did not matter — not how big or "
                            "important it is.")
    if abs(value - expected / 2) <= tolerance:
        return checks.wrong(f"p = {value:.3f} looks one-sided.",
                            "Count relabellings with |difference| at least as large as observed (two-sided).")
    diff = patients.mean() - controls.mean()
    if abs(value - abs(diff)) < 1e-6:
        return checks.wrong("that is the difference in means, not the p-value.", "Use result.p_value.")
    return checks.wrong(f"p = {value:.3f} is not what a permutation test of these groups gives "
                        f"(about {expected:.2f}).",
                        "permutation_test(patients_z, controls_z) compares the two groups' z values.")


def check_deactivation_values(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.4a: mean DMN task β of every participant's attention-task run."""
    measures = cohort_measures() if measures is None else measures
    values = _per_participant(answer, measures, "Your DMN task betas")
    if isinstance(values, Feedback):
        return values
    expected = measures["dmn_task_beta"].to_numpy()
    patients, controls = split_groups(measures, "dmn_task_beta")
    return _match_per_participant(
        values, expected,
        right=checks.right(f"mean β = {controls.mean():+.2f} in controls and {patients.mean():+.2f} "
                           "in patients: negative = the DMN is suppressed during the task."),
        mistakes=[(-expected, checks.wrong("the sign is flipped.",
                                           "Deactivation gives a *negative* task β; do not negate it."))],
        near=checks.wrong("close, but not the mean task β over the seven DMN nodes.",
                          "Average task_effect(...) over the DMN nodes only (DMN_NODES)."),
        near_r=0.8,
        otherwise=checks.wrong("these values do not match the DMN task effect of each participant.",
                               "Use the baseline 'attention' run and its events: "
                               "task_effect(task, events, tr=2.0)[DMN_NODES].mean()."))


def check_deactivation_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.4b: Hedges g (patients − controls) of the mean DMN task β."""
    measures = cohort_measures() if measures is None else measures
    patients, controls = split_groups(measures, "dmn_task_beta")
    effect = stats.hedges_g(patients, controls)
    feedback, _ = _check_g(answer, effect.g, {}, "Hedges g of the DMN task β")
    if feedback is None:
        direction = "less" if effect.g > 0 else "more"
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]: patients' "
            f"DMN is {direction} suppressed during the task on average (β closer to zero), but "
            "the groups overlap widely.")
    return feedback


def check_medication_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.5: within patients, Hedges g of medicated minus unmedicated (within-DMN z)."""
    measures = cohort_measures() if measures is None else measures
    patients = measures[measures["group"] == _PATIENT]
    medicated = patients.loc[patients["medication"] == "antidepressant", "within_dmn_z"]
    unmedicated = patients.loc[patients["medication"] == "none", "within_dmn_z"]
    effect = stats.hedges_g(medicated, unmedicated)
    controls = measures.loc[measures["group"] == _CONTROL, "within_dmn_z"]
    alternatives = {
        stats.hedges_g(medicated, controls).g: "That compares medicated patients with controls; "
                                               "compare medicated with *unmedicated* patients.",
        stats.hedges_g(unmedicated, controls).g: "That compares unmedicated patients with controls; "
                                                 "compare medicated with unmedicated patients.",
    }
    feedback, _ = _check_g(answer, effect.g, alternatives, "Hedges g (medicated − unmedicated)",
                           sign_hint="Compute medicated minus unmedicated patients: "
                                     "hedges_g(medicated, unmedicated).")
    if feedback is None:
        from ..cohort import parameters

        built_in = (parameters.expected_group_difference("within DMN", "realistic", "antidepressant")
                    - parameters.expected_group_difference("within DMN", "realistic", "none"))
        power = stats.power_two_sample(built_in, len(medicated), n_second_group=len(unmedicated))
        if effect.g < 0 and effect.ci_high < 0:
            pattern = (" Connectivity is lower on antidepressants, the pattern Javaheripour et al. "
                       "(2021) report.")
        elif effect.g < 0:
            pattern = (" The estimate points the way Javaheripour et al. (2021) report (lower on "
                       "antidepressants), but the interval includes 0.")
        else:
            pattern = (" Your sample does not show the lower connectivity on antidepressants that "
                       "Javaheripour et al. (2021) report.")
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] "
            f"({len(medicated)} vs {len(unmedicated)} patients).{pattern} The simulation built in "
            f"a difference of about {built_in:+.1f} SD; with these group sizes a study would detect "
            f"it only {power:.0%} of the time. Medication was not assigned at random, so even a "
            "clear difference would be an association, not an effect of the drug.")
    return feedback


def check_sample_size(answer, effect_size: float = 0.25, power: float = 0.8,
                      alpha: float = 0.05) -> Feedback:
    """Exercise 3.6: participants per group for ``power`` to detect ``effect_size`` (two-sided)."""
    expected = stats.n_for_power(effect_size, power, alpha)
    value = checks.as_number(answer, "Your sample size")
    if isinstance(value, Feedback):
        return value
    if abs(value - expected) <= 2:
        return checks.right(
            f"about {expected} participants per group ({2 * expected} in total) for "
            f"{power:.0%} power at g = {effect_size:g}. The early studies had a few dozen.")
    if abs(value - 2 * expected) <= 4:
        return checks.wrong(f"{value:.0f} is the total; the question asks per group.",
                            "Divide by two, or use n_for_power, which returns n per group.")
    one_sided = int(np.ceil(2 * ((_norm_ppf(1 - alpha) + _norm_ppf(power)) / effect_size) ** 2))
    if abs(value - one_sided) <= 5:
        return checks.wrong(f"{value:.0f} is what a one-sided test would need.",
                            "Group studies test two-sided: the effect could go either way.")
    if value < expected:
        return checks.wrong(f"{value:.0f} per group gives only "
                            f"{stats.power_two_sample(effect_size, max(value, 2)):.0%} power.",
                            "Use n_for_power(0.25) or increase n until power_two_sample reaches 0.8.")
    return checks.wrong(f"{value:.0f} per group is more than needed "
                        f"({stats.power_two_sample(effect_size, value):.1%} power).",
                        "Find the *smallest* n with power ≥ 0.8.")


def _norm_ppf(q: float) -> float:
    """Standard-normal quantile (for the one-sided sample-size hint)."""
    from scipy.stats import norm

    return float(norm.ppf(q))

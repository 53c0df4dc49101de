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
from ._measures import _CONTROL, _PATIENT, _exact_p, _PValue, cohort_measures, hippocampus_sample_sizes, study_effect

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


@checks.exercise("3.1", method="For each participant: load the baseline rest run, compute its correlation "
                                "matrix, average the DMN pairs on Fisher's z scale (within_network_connectivity), "
                                "and collect the values in a Series indexed by participant ID.",
                  code="values[pid] = within_network_connectivity(correlation_matrix(load_timeseries(pid, "
                       "session='baseline', task='rest')), 'DMN')")
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


# --- Exercise 3.2: Hedges' g with its interval, written by the learner ------------------------
#: The lab's worked example: small enough to do by hand (means 6 and 4).
_TOY_PATIENTS = (4.0, 6.0, 5.0, 7.0, 8.0)
_TOY_CONTROLS = (3.0, 5.0, 4.0, 4.0)


class _Either:
    """A right (or typical wrong) result that can be computed two ways, one ``(g, low, high)`` per row:
    with J ≈ 1 − 3/(4·df − 1) (the lab's formula) or with the exact J. Shown as the first row."""

    def __init__(self, rows):
        self.rows = np.atleast_2d(np.asarray(rows, dtype=float))

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.rows[0], dtype=dtype)


def _hedges_rows(a, b, spread: str = "pooled", ddof: int = 1, correct: bool = True) -> _Either:
    """Hedges' g of ``a − b`` with its 95% interval, or a typical wrong version of it.

    ``spread``: "pooled" (right), "first"/"second" (one group's SD), "mean_sd" (the two SDs
    averaged), "mean_var" (the variances averaged without weighting by n − 1); ``ddof=0``:
    variances that divide by n; ``correct=False``: Cohen's d (no J).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_a, n_b = a.size, b.size
    df = n_a + n_b - 2
    var_a, var_b = a.var(ddof=ddof), b.var(ddof=ddof)
    sd = {"pooled": np.sqrt(((n_a - 1) * var_a + (n_b - 1) * var_b) / df), "first": np.sqrt(var_a),
          "second": np.sqrt(var_b), "mean_sd": (np.sqrt(var_a) + np.sqrt(var_b)) / 2,
          "mean_var": np.sqrt((var_a + var_b) / 2)}[spread]
    d = (a.mean() - b.mean()) / sd
    se_d = np.sqrt((n_a + n_b) / (n_a * n_b) + d ** 2 / (2 * (n_a + n_b)))
    rows = []
    for j in ((1 - 3 / (4 * df - 1), stats.hedges_correction(df)) if correct else (1.0,)):
        rows.append((j * d, j * d - 1.96 * j * se_d, j * d + 1.96 * j * se_d))
    return _Either(rows)


def _as_triple(result):
    """``(g, low, high)`` from what a learner's function returned, or None."""
    if isinstance(result, stats.EffectSize):
        return np.array([result.g, result.ci_low, result.ci_high])
    if isinstance(result, dict):
        result = [result.get(key) for key in ("g", "low", "high")]
    try:
        triple = np.asarray(result, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return triple if triple.size == 3 else None


def _same_effect(result, expected: _Either) -> bool:
    triple = _as_triple(result)
    return triple is not None and any(np.allclose(triple, row, rtol=1e-3, atol=1e-4) for row in expected.rows)


def _hedges_cases():
    rng = np.random.default_rng(2026)
    larger = (np.round(rng.normal(0.4, 1.0, 30), 2), np.round(rng.normal(0.0, 1.2, 40), 2))
    inputs = [
        ("the worked example (a = [4, 6, 5, 7, 8], b = [3, 5, 4, 4])", (_TOY_PATIENTS, _TOY_CONTROLS)),
        ("a lower than b (a = [2, 3, 1, 2], b = [4, 6, 5])", ((2.0, 3.0, 1.0, 2.0), (4.0, 6.0, 5.0))),
        ("two identical groups (a = b = [2, 4, 6]; g must be 0)", ((2.0, 4.0, 6.0), (2.0, 4.0, 6.0))),
        ("groups of 2 (a = [1, 3], b = [2, 6])", ((1.0, 3.0), (2.0, 6.0))),
        ("unequal sizes (3 against 7 values)", ((5.0, 7.5, 6.0), (4.0, 5.5, 3.0, 6.5, 4.5, 5.0, 2.5))),
        ("a larger study (30 against 40 values)", larger),
    ]
    return [(label, tuple(np.array(group) for group in groups), _hedges_rows(*groups)) for label, groups in inputs]


_HEDGES_MISTAKES = [
    (lambda a, b: _hedges_rows(a, b, correct=False),
     "it returns Cohen's d: the small-sample correction J is missing.",
     "Multiply d and its standard error by J = 1 − 3/(4·df − 1), with df = n_a + n_b − 2."),
    (lambda a, b: _hedges_rows(b, a), "the sign is flipped: it computes b − a.",
     "g is the first group minus the second: start from mean(a) − mean(b)."),
    (lambda a, b: _hedges_rows(a, b, spread="second"),
     "it divides by the second group's SD alone, not by the pooled SD.",
     "Pool both groups: √(((n_a − 1)·var_a + (n_b − 1)·var_b) / (n_a + n_b − 2))."),
    (lambda a, b: _hedges_rows(a, b, spread="first"),
     "it divides by the first group's SD alone, not by the pooled SD.",
     "Pool both groups: √(((n_a − 1)·var_a + (n_b − 1)·var_b) / (n_a + n_b − 2))."),
    (lambda a, b: _hedges_rows(a, b, spread="mean_sd"),
     "it averages the two SDs instead of pooling the variances.",
     "Pool the variances, weighted by n − 1, then take the square root."),
    (lambda a, b: _hedges_rows(a, b, spread="mean_var"),
     "it averages the two variances without weighting them by n − 1 (the same only when the groups "
     "are equally large).", "Weight each variance by its group's n − 1 and divide by n_a + n_b − 2."),
    (lambda a, b: _hedges_rows(a, b, ddof=0),
     "its variances divide by n, not n − 1 (NumPy's np.var and np.std do that unless told ddof=1).",
     "Use a.var(ddof=1) or np.var(a, ddof=1) (pandas' .var() already uses ddof=1)."),
]


@checks.exercise("3.2", method="Means; pooled SD = √(((n_a − 1)·var_a + (n_b − 1)·var_b) / (n_a + n_b − 2)) "
                                "with ddof=1 variances; d = (mean_a − mean_b) / pooled SD; J = 1 − 3/(4·df − 1); "
                                "g = J·d; SE = J·√((n_a + n_b)/(n_a·n_b) + d²/(2(n_a + n_b))); g ± 1.96·SE.",
                  code="pooled_sd = np.sqrt(((n_a - 1) * np.var(a, ddof=1) + (n_b - 1) * np.var(b, ddof=1)) "
                       "/ (n_a + n_b - 2))")
def check_hedges_g(answer) -> Feedback:
    """Exercise 3.2: the learner's ``my_hedges_g(a, b)`` returning ``(g, low, high)``, run on the
    checker's own inputs (the worked example, identical groups, groups of 2, unequal sizes)."""
    what = "Your my_hedges_g"
    if callable(answer):
        try:
            toy = answer(np.array(_TOY_PATIENTS), np.array(_TOY_CONTROLS))
        except Exception:  # noqa: BLE001 - check_function names the error below
            toy = ()
        if toy is None:
            return checks.wrong(f"{what} returned None on the worked example.",
                                "Finish the function with `return g, low, high`.")
        if _as_triple(toy) is None and isinstance(toy, (int, float, np.number)) and not isinstance(toy, bool):
            return checks.wrong(f"{what} returned one value ({float(toy):.4g}); it should return three: g, low, high.",
                                "End with `return g, g - 1.96 * se, g + 1.96 * se`.")
    return checks.check_function(
        answer, _hedges_cases(), what, compare=_same_effect, mistakes=_HEDGES_MISTAKES,
        right_message=("it gives the right g and 95% interval on all 6 test inputs, including two identical "
                       "groups (g = 0), groups of 2 and unequal sizes. The course's "
                       "dmnlab.methods.stats.hedges_g does the same with the exact J, which differs from "
                       "1 − 3/(4·df − 1) only in the third decimal, for tiny groups."))


# --- Exercise 3.3: one small study per site ------------------------------------------------------
def _effect_value(answer, what: str):
    if isinstance(answer, stats.EffectSize):
        return answer.g
    if isinstance(answer, dict) and "effect" in answer and isinstance(answer["effect"], stats.EffectSize):
        return answer["effect"].g
    if isinstance(answer, dict) and "g" in answer:
        answer = answer["g"]
    if isinstance(answer, (tuple, list, np.ndarray)) and np.size(answer) == 3:
        answer = np.asarray(answer, dtype=object).ravel()[0]   # (g, low, high) from my_hedges_g
    return checks.as_number(answer, what)


def _check_g(answer, expected: float, alternatives: dict, what: str,
             tolerance: float = 0.015,
             sign_hint: str = "Compute patients minus controls.") -> tuple[Feedback | None, float | None]:
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


def _site_values(answer, sites: list[str]):
    """``{site: g}`` from a dict, Series or table keyed by site, or Feedback."""
    what = "Your site_g"
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, pd.DataFrame):
        answer = answer["g"] if "g" in answer.columns else answer.iloc[:, 0] if answer.shape[1] else {}
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return checks.wrong(f"{what} should be a dict with one entry per site, e.g. {{'A': g_A, …}}; got a "
                            f"{type(answer).__name__}.", "Build it with a loop or a dict comprehension over "
                                                          f"the sites {sites}.")
    keys = {str(key): value for key, value in answer.items()}
    missing = [site for site in sites if site not in keys]
    if missing:
        return checks.wrong(f"{what} lacks site(s) {missing}.", f"Use the site labels as keys: {sites}.")
    values = {}
    for site in sites:
        value = _effect_value(keys[site], f"The value for site {site}")
        if isinstance(value, Feedback):
            return value
        values[site] = value
    return values


@checks.exercise("3.3", method="For each site, take that site's patients and controls (column within_dmn_z), "
                                "call my_hedges_g(patients, controls) and keep g (or the whole result).",
                  code="site_g = {site: my_hedges_g(z[is_patient & (site_of == site)], z[~is_patient & "
                       "(site_of == site)]) for site in ['A', 'B', 'C']}")
def check_site_effects(answer, measures: pd.DataFrame | None = None, column: str = "within_dmn_z") -> Feedback:
    """Exercise 3.3: Hedges' g (patients − controls) of within-DMN connectivity at each scanning site.

    ``answer``: ``{site: g}`` (a number, ``(g, low, high)`` or an EffectSize per site), a Series or a table.
    """
    measures = cohort_measures() if measures is None else measures
    sites = sorted(measures["site"].astype(str).unique())
    values = _site_values(answer, sites)
    if isinstance(values, Feedback):
        return values
    effects, on_r = {}, {}
    for site in sites:
        at_site = measures[measures["site"].astype(str) == site]
        effects[site] = stats.hedges_g(*split_groups(at_site, column))
        on_r[site] = stats.hedges_g(*split_groups(at_site, "within_dmn")).g if column == "within_dmn_z" else None
    answered = np.array([values[site] for site in sites])
    expected = np.array([effects[site].g for site in sites])
    close = lambda other: np.allclose(answered, other, atol=0.01)  # noqa: E731
    note = ""
    if not close(expected):
        pooled = stats.hedges_g(*split_groups(measures, column))
        mistakes = [(-expected, "the signs are flipped: compute patients minus controls at each site."),
                    (np.full(len(sites), pooled.g), "that is the whole cohort's g for every site: keep only "
                                                    "each site's participants."),
                    (np.array([effects[site].d for site in sites]), "these are Cohen's d: my_hedges_g should "
                                                                     "multiply by J.")]
        for other, hint in mistakes:
            if close(other):
                return checks.wrong(f"Your site_g: {hint}", "Select both the site and the group: "
                                                            "(site_of == site) & is_patient.")
        if column == "within_dmn_z" and close(np.array([on_r[site] for site in sites])):
            note = " (you compared r, not z — almost the same here, but compare correlations on the z scale)"
        else:
            wrong_sites = [site for site in sites if abs(values[site] - effects[site].g) > 0.01]
            return checks.wrong(f"Your g for site(s) {wrong_sites} is not that site's patients minus controls.",
                                "For each site keep the rows of that site, then split them by group.")
    signs = {np.sign(effects[site].g) for site in sites}
    true_g = study_effect("realistic")
    sizes = {(int(effects[site].n_a), int(effects[site].n_b)) for site in sites}
    n_a, n_b = sorted(sizes)[0]
    power = stats.power_two_sample(true_g, n_a, n_second_group=n_b)
    all_zero = all(effects[site].ci_low < 0 < effects[site].ci_high for site in sites)
    listing = "; ".join(f"{site} {effects[site].g:+.2f} [{effects[site].ci_low:+.2f}, {effects[site].ci_high:+.2f}]"
                        for site in sites)
    return checks.right(
        f"g per site{note}: {listing}. Each site is a small study ({n_a} patients, {n_b} controls): "
        + ("the sites disagree even on the direction" if len(signs) > 1 else "the sites agree on the direction "
                                                                              "but not on the size")
        + (", and every interval includes 0. " if all_zero else ". ")
        + f"With the built-in g ≈ {true_g:+.2f}, one site alone had about {power:.0%} power. The chapter page "
          "pools all sites into one narrower interval.")


# --- Exercise 3.4: a permutation test, written by the learner ------------------------------------
#: The lab's worked example: 3 against 3, 20 ways to split the six values, 2 as extreme as observed.
_TOY_HIGH = (5.0, 7.0, 9.0)
_TOY_LOW = (2.0, 3.0, 4.0)
#: Shuffles per test input (the Monte-Carlo error of p is at most about 0.008).
_N_SHUFFLES = 4000


def _p_value_of(result):
    if isinstance(result, stats.PermutationResult):
        return result.p_value
    return float(np.asarray(result, dtype=float))


def _same_p(result, expected: _PValue) -> bool:
    """Within the Monte-Carlo error of ``expected.n`` shuffles (4 SE, plus the +1 of (count + 1)/(n + 1))."""
    value = _p_value_of(result)
    return abs(value - expected.p) <= 4 * np.sqrt(expected.p * (1 - expected.p) / expected.n) + 2 / expected.n


def _permutation_cases():
    inputs = [
        ("the worked example (a = [5, 7, 9], b = [2, 3, 4]; exactly p = 2/20)", (_TOY_HIGH, _TOY_LOW)),
        ("a lower than b (a = [2, 3, 1, 2], b = [4, 6, 5])", ((2.0, 3.0, 1.0, 2.0), (4.0, 6.0, 5.0))),
        ("two identical groups (a = b = [1, 2, 3]; p must be 1)", ((1.0, 2.0, 3.0), (1.0, 2.0, 3.0))),
        ("unequal sizes (3 against 6 values)", ((5.0, 7.5, 6.0), (4.0, 5.5, 3.0, 6.5, 4.5, 6.0))),
        ("complete separation (a = [10, 11, 12, 13], b = [1, 2, 3, 4]; p = 2/70)",
         ((10.0, 11.0, 12.0, 13.0), (1.0, 2.0, 3.0, 4.0))),
        ("the Hedges example (a = [4, 6, 5, 7, 8], b = [3, 5, 4, 4])", (_TOY_PATIENTS, _TOY_CONTROLS)),
    ]
    cases = []
    for index, (label, (a, b)) in enumerate(inputs):
        args = (np.array(a), np.array(b), _N_SHUFFLES, index + 1)
        cases.append((label, args, _exact_p(*args)))
    return cases


_PERMUTATION_MISTAKES = [
    (lambda *args: _exact_p(*args, rule="one-sided"),
     "it is one-sided: it counts only shuffles that differ in the same direction as observed.",
     "Compare sizes, whatever the sign: np.abs(shuffled) >= abs(observed)."),
    (lambda *args: _exact_p(*args, rule="strict"),
     "it leaves out the ties: shuffles exactly as extreme as observed must count.",
     "Use >= (at least as large), not >."),
    (lambda *args: _exact_p(*args, rule="signed"),
     "it takes the absolute value of the shuffled differences but not of the observed one.",
     "np.abs(shuffled) >= abs(observed): both sides absolute."),
    (lambda *args: _exact_p(*args, rule="complement"),
     "it returns 1 − p: the share of shuffles *less* extreme than observed.",
     "Count the shuffles at least as extreme: np.abs(shuffled) >= abs(observed)."),
]


@checks.exercise("3.4", method="observed = mean(a) − mean(b); rng = np.random.default_rng(seed); n times: "
                                "shuffle the pooled values, split them into the first len(a) and the rest, "
                                "record the difference in means; p = share with |shuffled| ≥ |observed|.",
                  code="shuffled = rng.permutation(pooled); "
                       "differences[i] = shuffled[:len(a)].mean() - shuffled[len(a):].mean()")
def check_permutation_function(answer) -> Feedback:
    """Exercise 3.4: the learner's ``permutation_p(a, b, n, seed)``, run on the checker's own inputs and
    compared with the exact p of every split (ties, identical groups, unequal sizes, a < b)."""
    what = "Your permutation_p"
    if callable(answer):
        # Three calls with one seed: an unseeded generator gives three equal p-values about once in 10,000.
        args = (np.array(_TOY_HIGH), np.array(_TOY_LOW), _N_SHUFFLES, 3)
        try:
            first, second, third = answer(*args), answer(*args), answer(*args)
        except Exception:  # noqa: BLE001 - check_function names the error below
            first = second = third = ()
        if first is None:
            return checks.wrong(f"{what} returned None on the worked example.",
                                "Finish the function with `return p`: the share of shuffles at least as extreme.")
        try:
            first, second, third = _p_value_of(first), _p_value_of(second), _p_value_of(third)
        except (TypeError, ValueError):
            first = second = third = None
        if first is not None and not 0 <= first <= 1:
            return checks.wrong(f"{what} returned {first:.4g} on the worked example: a p-value is a share "
                                "between 0 and 1.", "Divide the count of extreme shuffles by the number of shuffles.")
        if first is not None and not first == second == third:
            return checks.wrong(f"{what} gives a different p each time it is called with the same seed "
                                f"({first:.3f}, {second:.3f}, then {third:.3f}).",
                                "Make the generator inside the function from the seed: "
                                "rng = np.random.default_rng(seed), and shuffle with rng.permutation(pooled).")
    return checks.check_function(
        answer, _permutation_cases(), what, compare=_same_p, mistakes=_PERMUTATION_MISTAKES,
        right_message=(f"on all 6 test inputs it agrees with the exact p of every possible split (within the "
                       f"random error of {_N_SHUFFLES:,} shuffles): it counts both directions and the ties, so two "
                       "identical groups give p = 1. With 3 per group no split can give p below 2/20 = 0.1."))


# --- Exercise 3.6: the learner's permutation test on the task β ----------------------------------
_UNITS = {"within_dmn_z": "within-DMN connectivity (Fisher z)", "dmn_task_beta": "DMN task β"}


@checks.exercise("3.6", method="Split the task β by group and call your permutation_p(patients, controls, "
                                "10_000, 0); store the p-value it returns.",
                  code="p_beta = permutation_p(beta[is_patient], beta[~is_patient], 10_000, 0)")
def check_permutation_p(answer, measures: pd.DataFrame | None = None, column: str = "dmn_task_beta") -> Feedback:
    """Exercise 3.6: two-sided permutation p-value of the patients-vs-controls difference in ``column``."""
    measures = cohort_measures() if measures is None else measures
    value = answer.p_value if isinstance(answer, stats.PermutationResult) else answer
    value = checks.as_number(value, "Your p-value")
    if isinstance(value, Feedback):
        return value
    patients, controls = split_groups(measures, column)
    effect = stats.hedges_g(patients, controls)
    expected = stats.permutation_test(patients, controls, 20_000, seed=12345).p_value
    # Allow for the Monte-Carlo error of a run with as few as 1,000 permutations (3 SE).
    tolerance = 3 * np.sqrt(expected * (1 - expected) / 1000) + 0.002
    if abs(value - effect.g) < 0.005 < abs(value - expected):
        return checks.wrong("that is Hedges' g, not the p-value.", "Call permutation_p, not my_hedges_g.")
    if not 0 <= value <= 1:
        return checks.wrong(f"A p-value is a probability between 0 and 1; got {value:.3g}.",
                            "Return the share of shuffles, not the difference in means or the count.")
    if abs(value - expected) <= tolerance:
        verdict = "below" if expected < 0.05 else "above"
        return checks.right(
            f"p = {value:.3f} (random shuffles make it vary slightly between runs; about {expected:.2f}), "
            f"{verdict} 0.05, for g = {effect.g:+.2f} [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]. A p-value "
            "says how surprising the difference would be if group labels did not matter — not how big or "
            "important it is.")
    diff = patients.mean() - controls.mean()
    if abs(value - abs(diff)) < 1e-6:
        return checks.wrong("that is the difference in means, not the p-value.", "Return the share of shuffles.")
    # Two mistakes can give the same p with some data: then name each one that fits.
    found = []
    if abs(value - expected / 2) <= tolerance:
        found.append(("looks one-sided", "Count relabellings with |difference| at least as large as observed "
                                         "(two-sided)."))
    if abs(value - (1 - expected)) <= tolerance and abs(expected - 0.5) > tolerance:
        found.append(("looks like 1 − p", "Count the shuffles at least as extreme, not the others."))
    for other in (name for name in _UNITS if name != column and name in measures.columns):
        other_p = stats.permutation_test(*split_groups(measures, other), 5000, seed=12345).p_value
        if abs(value - other_p) <= tolerance and abs(other_p - expected) > 2 * tolerance:
            found.append((f"looks like the test of {_UNITS[other]}",
                          f"Test the column {column!r}: {_UNITS.get(column, column)}."))
    if found:
        return checks.wrong(f"p = {value:.3f} " + " — or ".join(what for what, _ in found) + ".",
                            " Or: ".join(hint for _, hint in found))
    return checks.wrong(f"p = {value:.3f} is not what a permutation test of these groups gives.",
                        f"permutation_p(patients, controls, 10_000, 0) on the column {column!r}, "
                        "patients first.")


@checks.exercise("3.5", method="For each participant: load the baseline attention run and its events, fit "
                                "task_effect(task, events, tr=2.0), and average the task β over DMN_NODES.",
                  code="betas[pid] = task_effect(task, events, tr=2.0)[list(DMN_NODES)].mean()")
def check_deactivation_values(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.5: mean DMN task β of every participant's attention-task run."""
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


@checks.exercise("3.7", method="Among the patients only, take the medicated and the unmedicated ones' "
                                "within_dmn_z and call my_hedges_g(medicated, unmedicated).",
                  code="medication_effect = my_hedges_g(medicated, unmedicated)")
def check_medication_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.7: within patients, Hedges g of medicated minus unmedicated (within-DMN z)."""
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
                                     "my_hedges_g(medicated, unmedicated).")
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


def _sample_size_feedback(value: float, effect: float, right: tuple[int, int], mistakes, right_message: str,
                          power: float = 0.8) -> Feedback:
    """A per-group n against ``right`` (smallest, largest; ±2), then each ``((smallest, largest), margin,
    message, hint)`` mistake, then too few or too many."""
    n = max(value, 2)
    if right[0] - 2 <= value <= right[1] + 2:
        return checks.right(right_message)
    for (low, high), margin, message, hint in mistakes:
        if low - margin <= value <= high + margin:
            return checks.wrong(f"{value:.0f} {message}", hint)
    if value < right[0]:
        return checks.wrong(f"{value:.0f} per group gives only {stats.power_two_sample(effect, n):.0%} power.",
                            f"Increase n until power_two_sample({effect:g}, n) reaches {power:g}.")
    return checks.wrong(f"{value:.0f} per group is more than needed ({stats.power_two_sample(effect, n):.1%} power).",
                        "Find the *smallest* n with power ≥ 0.8.")


_TOTAL = ("is the total; the question asks per group.", "Divide by two: power_two_sample's n is the size of each group.")
_ONE_SIDED = ("is what a one-sided test would need.", "Group studies test two-sided (the effect could go either "
              "way): keep power_two_sample's default α = 0.05, two-sided.")


@checks.exercise("3.8", method="Start at n = 2 and increase n by 1 while power_two_sample(effect, n) is below 0.8; "
                                "the first n that reaches 0.8 is the answer (per group).",
                  code="n_needed = next(n for n in range(2, 100_000) if power_two_sample(0.4, n) >= 0.8)")
def check_sample_size(answer, effect_size: float = 0.4, power: float = 0.8, alpha: float = 0.05) -> Feedback:
    """Exercise 3.8: participants per group for ``power`` to detect ``effect_size`` (two-sided). The default, 0.4 SD,
    is about the medicated-minus-unmedicated difference built in (3.7); the page works out 0.25 and 1.0."""
    expected = stats.n_for_power(effect_size, power, alpha)
    value = checks.as_number(answer, "Your sample size")
    if isinstance(value, Feedback):
        return value
    one_sided = stats.n_for_power(effect_size, power, 2 * alpha)
    return _sample_size_feedback(
        value, effect_size, (expected, expected),
        [((2 * expected,) * 2, 4, *_TOTAL), ((one_sided,) * 2, 5, *_ONE_SIDED)],
        f"about {expected} participants per group ({2 * expected} in total) for {power:.0%} power at "
        f"g = {effect_size:g}. The early studies had a few dozen.", power)


# --- Exercise 3.9: a study of the REAL hippocampal difference -------------------------------------
_FROM_THE_TABLE = "d_hippocampus = table.loc[table['structure'] == 'hippocampus', 'd'].item()"
_SIZE_MISTAKES = {"recurrent": "uses the recurrent patients' d; use all patients ('all').",
                  "first episode": "uses the first-episode patients' d; use all patients ('all').",
                  "thickness": "uses the largest cortical-thickness d; the question asks for the hippocampus.",
                  "g = 0.25": "is the page's n for g = 0.25 (connectivity), not for the hippocampal d.",
                  "d = 0.2": "is the n for d = 0.2, Cohen's 'small'; use the hippocampal d from the data."}


@checks.exercise("3.9", method="Take d from the hippocampus row of load_enigma('subcortical', 'all'); start at "
                                "n = 2 and increase n by 1 while power_two_sample(d, n) is below 0.8 (two-sided, "
                                "α = 0.05); the first n that reaches 0.8 is the answer, per group.",
                  code="n_hippocampus = next(n for n in range(2, 100_000) if power_two_sample(d_hippocampus, n) >= 0.8)")
def check_hippocampus_sample_size(answer, power: float = 0.8, alpha: float = 0.05) -> Feedback:
    """Exercise 3.9: participants per group for ``power`` (two-sided) to detect the REAL hippocampal d of
    ENIGMA-MDD (all patients; :func:`._measures.hippocampus_d`); the exact or the rounded d is right."""
    value = checks.as_number(answer, "Your sample size")
    if isinstance(value, Feedback):
        return value
    sizes = hippocampus_sample_sizes(power, alpha)
    d, (patients, controls), (low, high) = sizes.pop("d"), sizes.pop("n"), sizes["right"]
    mistakes = [(sizes["total"], 4, *_TOTAL), (sizes["one-sided"], 3, *_ONE_SIDED)]
    mistakes += [(sizes[what], 2, message, _FROM_THE_TABLE) for what, message in _SIZE_MISTAKES.items()]
    return _sample_size_feedback(
        value, d, (low, high), mistakes,
        f"about {low}–{high} per group (d = {d:+.3f} exactly, or {d:+.2f} rounded), {2 * low:,}–{2 * high:,} "
        f"people in all; at n = {value:.0f} per group the power is {stats.power_two_sample(d, max(value, 2)):.0%}. "
        f"ENIGMA-MDD pooled {patients:,} patients and {controls:,} controls to see it; "
        f"a study of 28 patients and 20 controls would have detected it "
        f"{stats.power_two_sample(d, 28, n_second_group=20):.0%} of the time — hardly more than the 5% a study "
        "gets with no effect at all.", power)

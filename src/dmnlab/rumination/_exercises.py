"""Chapter 4's exercise checkers (``check_*``): each names the common mistakes it recognises."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ._measures import _subscale_columns, _subscale_items, control_mean_dwell

pd = lazy.load("pandas")


def _series(answer, index, what: str):
    """A per-participant answer as a float Series aligned to ``index``, or Feedback."""
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, pd.DataFrame):
        return checks.wrong(f"{what} should be one value per participant (a Series), not a table.",
                            "Select or compute one column.")
    try:
        values = pd.Series(answer, dtype=float) if not isinstance(answer, pd.Series) else answer.astype(float)
    except (TypeError, ValueError):
        return checks.wrong(f"{what} should hold numbers, one per participant.", "Sum the item columns per row.")
    if len(values) != len(index):
        return checks.wrong(f"{what} has {len(values)} values; there are {len(index)} participants.",
                            "Sum across the items of each row (axis=1), not down the columns.")
    if isinstance(answer, pd.Series) and set(values.index) == set(index):
        return values.reindex(index)
    return pd.Series(values.to_numpy(), index=index)


def check_subscales(brooding, reflection, items: pd.DataFrame) -> Feedback:
    """Exercise 4.1: brooding and reflection scores (sums of their five items) per participant."""
    for what, answer, name in (("Your brooding scores", brooding, "brooding"),
                               ("Your reflection scores", reflection, "reflection")):
        values = _series(answer, items.index, what)
        if isinstance(values, Feedback):
            return values
        expected = items[_subscale_columns(name)].sum(axis=1)
        if np.allclose(values, expected):
            continue
        other = "reflection" if name == "brooding" else "brooding"
        mistakes = {
            "total": (items.sum(axis=1), "that is the sum of all 22 items (the RRS total, 22–88). A "
                                         f"subscale sums only its five {name} items."),
            "swapped": (items[_subscale_columns(other)].sum(axis=1), f"these are the {other} items."),
            "mean": (items[_subscale_columns(name)].mean(axis=1), "that is the mean of the items; the "
                                                                  "RRS subscales are sums (range 5–20)."),
            "shifted": (items[[f"rrs_{i - 1:02d}" for i in _subscale_items(name) if i > 1]].sum(axis=1),
                        "the item numbers are off by one (counting from 0?). Use the columns "
                        f"{_subscale_columns(name)}."),
        }
        for wrong_values, hint in mistakes.values():
            if len(wrong_values) == len(values) and np.allclose(values, wrong_values):
                return checks.wrong(f"{what}: {hint}", f"Sum the columns {_subscale_columns(name)}.")
        if ((values < 5) | (values > 20)).any():
            return checks.wrong(f"{what} fall outside 5–20, the range of a five-item subscale scored 1–4.",
                                f"Sum the columns {_subscale_columns(name)}.")
        return checks.wrong(f"{what} differ from the sums of the {name} items.",
                            f"Sum the columns {_subscale_columns(name)}.")
    return checks.right("brooding and reflection are each the sum of five items (5–20). They are related "
                        f"(r = {np.corrcoef(brooding, reflection)[0, 1]:.2f} here) but separate factors "
                        "(Treynor et al. 2003).")


def check_alpha(answer, items: pd.DataFrame, subscale: str = "brooding") -> Feedback:
    """Exercise 4.2: Cronbach's alpha of one subscale (all participants)."""
    from ..methods.stats import cronbach_alpha

    columns = _subscale_columns(subscale)
    expected = cronbach_alpha(items[columns])
    standardised = items[columns].corr().to_numpy()
    k = len(columns)
    mean_r = standardised[np.triu_indices(k, 1)].mean()
    mistakes = {
        cronbach_alpha(items): "that is alpha of all 22 items; compute it for the five subscale items only.",
        mean_r: "that is the mean correlation between the items, not alpha. Alpha = k/(k−1) · "
                "(1 − sum of item variances / variance of the total).",
        cronbach_alpha(items[_subscale_columns("reflection" if subscale == "brooding" else "brooding")]):
            "that is the other subscale.",
    }
    return checks.check_close(
        answer, expected, f"Cronbach's alpha of {subscale}", 0.005, mistakes,
        right_message=(f"alpha = {expected:.2f} for the five {subscale} items. Treynor et al. (2003) report "
                       "about .77 (brooding) and .72 (reflection); the simulated scale was calibrated to that."),
        fallback_hint="alpha = k/(k−1) · (1 − Σ item variances / variance of the row sums), with k = 5.")


def check_brooding_r(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.3: Pearson r of brooding with DMN–sgACC connectivity (all participants)."""
    expected = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    patients = table[table.group == "depressed"]
    mistakes = {
        float(table[["rrs_brooding", "dmn_sgacc"]].corr(method="spearman").iloc[0, 1]):
            "that is Spearman's rho (Pearson on ranks). This exercise asks for Pearson's r on the scores.",
        float(np.corrcoef(table["rrs_reflection"], table["dmn_sgacc"])[0, 1]): "that uses reflection, not brooding.",
        float(np.corrcoef(table["rrs_total"], table["dmn_sgacc"])[0, 1]): "that uses the RRS total, not brooding.",
        float(np.corrcoef(patients["rrs_brooding"], patients["dmn_sgacc"])[0, 1]):
            "that is patients only; use all participants.",
        float(np.corrcoef(table["rrs_brooding"], table["within_dmn"])[0, 1]):
            "that is within-DMN connectivity; use the DMN–sgACC column.",
    }
    return checks.check_close(answer, expected, "r(brooding, DMN–sgACC)", 0.005, mistakes,
                              right_message=f"r = {expected:.2f} across all {len(table)} participants (simulated).",
                              fallback_hint="np.corrcoef(table['rrs_brooding'], table['dmn_sgacc'])[0, 1]")


#: Largest distance (either bound) at which an interval counts as the one it is nearest to.
_INTERVAL_TOLERANCE = 0.01
#: Below this distance two candidate intervals cannot be told apart at three decimals.
_INDISTINGUISHABLE = 0.002


def _distance_between(a, b) -> float:
    """The larger of the two bounds' differences between intervals ``a`` and ``b``."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def _symmetric_intervals(r: float, n: int) -> list[tuple[tuple[float, float], str]]:
    """The intervals a learner gets by skipping Fisher's z, each with the formula that gives it."""
    z, half_z = float(np.arctanh(np.clip(r, -0.999999, 0.999999))), 1.96 / np.sqrt(n - 3)
    found = []
    for half, formula in ((1.96 * (1 - r ** 2) / np.sqrt(n - 1), "r ± 1.96 · (1 − r²)/√(n − 1)"),
                          (1.96 * (1 - r ** 2) / np.sqrt(n - 2), "r ± 1.96 · (1 − r²)/√(n − 2)"),
                          (1.96 * np.sqrt((1 - r ** 2) / (n - 2)), "r ± 1.96 · √((1 − r²)/(n − 2))"),
                          (1.96 * (1 - r ** 2) / np.sqrt(n - 3), "r ± 1.96 · (1 − r²)/√(n − 3)")):
        found.append(((r - half, r + half), f"the symmetric interval {formula}, built on the r scale: "
                                            "you skipped Fisher's z."))
    found.append(((z - half_z, z + half_z), "arctanh(r) ± 1.96/√(n − 3): the interval on Fisher's z scale, "
                                            "not yet turned back into r with tanh."))
    return found


def check_r_interval(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.3b: the 95% confidence interval of that r, via Fisher's z.

    The common shortcut, a symmetric interval r ± 1.96 · SE on the r scale, lies within about
    0.01 of the Fisher interval for a small r, so an answer is compared with every candidate
    and counts as the one it is nearest to (the Fisher interval wins ties).
    """
    from ..methods.stats import correlation_with_ci

    result = correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
    if answer is None:
        return checks.no_answer("Your interval")
    try:
        low, high = (float(v) for v in answer)
    except (TypeError, ValueError):
        return checks.wrong("Your interval should be two numbers, (low, high).", "For example (0.05, 0.45).")
    r, n = result["r"], result["n"]
    fisher = (result["ci_low"], result["ci_high"])

    def distance(interval) -> float:
        return _distance_between((low, high), interval)

    mistakes = _symmetric_intervals(r, n)
    recipe = "z = arctanh(r); z ± 1.96/√(n − 3); back with tanh. Keep three decimals."
    nearest_mistake = min(mistakes, key=lambda mistake: distance(mistake[0]))
    # With r near 0 the shortcut and the Fisher interval agree to the third decimal: no answer can tell them apart.
    separable = _distance_between(fisher, nearest_mistake[0]) >= _INDISTINGUISHABLE
    if distance(fisher) <= _INTERVAL_TOLERANCE and (distance(fisher) <= distance(nearest_mistake[0])
                                                    or not separable):
        below, above = r - fisher[0], fisher[1] - r
        if not separable:
            shape = (f"with r = {r:.3f} so close to 0 the Fisher interval is nearly symmetric here, and the "
                     "symmetric shortcut r ± 1.96 · (1 − r²)/√(n − 1) gives almost the same numbers; only the "
                     "Fisher interval stays right as |r| grows.")
        else:
            shape = (f"it reaches {below:.3f} below r = {r:.3f} and {above:.3f} above it, because turning z "
                     "back into r with tanh squeezes the side that points towards ±1.")
        return checks.right(f"95% CI [{low:.3f}, {high:.3f}] matches the interval built on Fisher's z scale "
                            f"(n = {n}): {shape}")
    (interval, what) = nearest_mistake
    if distance(interval) <= _INTERVAL_TOLERANCE:
        close = _distance_between(fisher, interval) < _INTERVAL_TOLERANCE
        return checks.wrong(f"[{low:.3f}, {high:.3f}] matches {what} Here that interval is [{interval[0]:.3f}, "
                            f"{interval[1]:.3f}]; the Fisher-z interval is [{fisher[0]:.3f}, {fisher[1]:.3f}].",
                            "Transform z = arctanh(r), add ± 1.96/√(n − 3), then transform back with tanh."
                            + (" Keep three decimals: the two intervals differ only in the third decimal here."
                               if close else ""))
    return checks.wrong(f"[{low:.3f}, {high:.3f}] is not the Fisher-z interval.", recipe)


def check_partial_r(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.4: brooding vs DMN–sgACC, controlling for baseline MADRS (partial correlation)."""
    from ..methods.stats import partial_correlation

    expected = partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], table["madrs_baseline"])
    plain = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    group = (table["group"] == "depressed").astype(float)
    mistakes = {
        plain: "that is the plain correlation; remove MADRS from both variables first.",
        partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], group):
            "that controls for group, not for depression severity (MADRS).",
    }
    return checks.check_close(
        answer, expected, "partial r(brooding, DMN–sgACC | MADRS)", 0.005, mistakes,
        right_message=(f"partial r = {expected:.2f} (plain r = {plain:.2f}). What is left is the link that "
                       "depression severity does not explain."),
        fallback_hint="Regress brooding on MADRS and DMN–sgACC on MADRS, then correlate the two residuals.")


def check_mean_dwell(answer, states) -> Feedback:
    """Exercise 4.5: mean length (s) of the ruminative episodes in a thought sequence."""
    expected = float(states.mean_dwell_seconds)
    episodes = states.dwell_times()
    mistakes = {
        expected / states.step_seconds: "that is in steps; one step lasts 10 s.",
        float(episodes["duration"].mean()): "that averages all episodes, ruminative and other; keep only "
                                            "the ruminative ones.",
        float(states.fraction_ruminating): "that is the share of time spent ruminating, not an episode length.",
        float(states.states.sum() * states.step_seconds): "that is the total time ruminating, not the mean "
                                                          "episode length.",
    }
    return checks.check_close(answer, expected, "Mean ruminative episode", 0.5, mistakes, unit=" s",
                              right_message=(f"the mean ruminative episode lasts {expected:.0f} s; at the "
                                             f"healthy mean it would be about {control_mean_dwell():.0f} s."),
                              fallback_hint="Find where the state changes, measure each run of True values, "
                                            "and average their lengths in seconds.")

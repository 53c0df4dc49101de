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


@checks.exercise("4.1", method="Each subscale score is the sum, per participant (per row), of its five item "
                                "columns: brooding items 5, 10, 13, 15, 16; reflection items 7, 11, 12, 20, 21.",
                  code="brooding = items[['rrs_05', 'rrs_10', 'rrs_13', 'rrs_15', 'rrs_16']].sum(axis=1)")
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


# --- Exercise 4.2: Cronbach's alpha, written by the learner ---------------------------------------
#: The lab's worked example: 4 people × 3 items (alpha = 6/7).
_TOY_ITEMS = ((2.0, 3.0, 3.0), (1.0, 1.0, 2.0), (3.0, 4.0, 3.0), (2.0, 2.0, 1.0))


def _alpha(items, spread: str = "var", item_ddof: int = 1, total_ddof: int = 1, factor: bool = True,
           transpose: bool = False) -> float:
    """Cronbach's alpha of a people × items table, or a typical wrong version of it: ``spread="sd"`` uses
    standard deviations, ``item_ddof``/``total_ddof`` mix n and n − 1, ``factor=False`` drops k/(k − 1),
    ``transpose=True`` takes people for items."""
    values = np.asarray(items, dtype=float)
    values = values.T if transpose else values
    k = values.shape[1]
    items_spread = values.var(axis=0, ddof=item_ddof)
    total_spread = values.sum(axis=1).var(ddof=total_ddof)
    if spread == "sd":
        items_spread, total_spread = np.sqrt(items_spread), np.sqrt(total_spread)
    with np.errstate(divide="ignore", invalid="ignore"):   # a wrong version may divide by 0: no warning
        return float((k / (k - 1) if factor else 1.0) * (1 - items_spread.sum() / total_spread))


def _alpha_cases():
    rng = np.random.default_rng(44)
    trait = rng.normal(0.0, 1.0, (30, 1))
    survey = np.clip(np.round(2.5 + trait + rng.normal(0.0, 0.9, (30, 5))), 1, 4)
    inputs = [
        ("the worked example (4 people × 3 items)", np.array(_TOY_ITEMS)),
        ("two items (k = 2)", np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 4.0], [4.0, 3.0], [2.0, 1.0]])),
        ("three identical items (alpha must be 1)", np.repeat(np.array([[1.0], [3.0], [2.0], [4.0], [2.0]]), 3, axis=1)),
        ("items that disagree (alpha below 0)", np.array([[1.0, 4.0, 2.0], [2.0, 3.0, 4.0], [3.0, 1.0, 1.0],
                                                          [4.0, 2.0, 3.0]])),
        ("a pandas table of 30 people × 5 items",
         pd.DataFrame(survey, columns=[f"item_{i}" for i in range(1, 6)])),
    ]
    return [(label, (table,), _alpha(table)) for label, table in inputs]


_ALPHA_MISTAKES = [
    (lambda items: _alpha(items, factor=False), "the factor k/(k − 1) is missing.",
     "Multiply by k/(k − 1), with k the number of items (columns)."),
    (lambda items: _alpha(items, spread="sd"), "it uses standard deviations instead of variances.",
     "Use the variances: .var(ddof=1), not .std()."),
    (lambda items: _alpha(items, total_ddof=0), "it mixes ddof: the items' variances divide by n − 1, the "
                                                "total's by n.",
     "Use the same ddof for both: ddof=1 (NumPy's .var() divides by n unless you say ddof=1)."),
    (lambda items: _alpha(items, item_ddof=0), "it mixes ddof: the items' variances divide by n, the "
                                               "total's by n − 1.",
     "Use the same ddof for both: ddof=1 (NumPy's .var() divides by n unless you say ddof=1)."),
    (lambda items: _alpha(items, transpose=True), "it treats the people as the items: the table has one row "
                                                   "per person and one column per item.",
     "Item variances go down the columns (axis=0); the total is the sum across each row (axis=1)."),
]


@checks.exercise("4.2", method="k = number of columns; the variance of each item (column) with ddof=1, summed; "
                                "the variance of the row sums (each person's total) with ddof=1; "
                                "alpha = k/(k − 1) · (1 − sum of item variances / variance of the totals).",
                  code="alpha = k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / "
                       "values.sum(axis=1).var(ddof=1))")
def check_alpha_function(answer) -> Feedback:
    """Exercise 4.2: the learner's ``cronbach_alpha(items)`` run on the checker's own tables (the worked
    example, two items, identical items, disagreeing items, a pandas table)."""
    what = "Your cronbach_alpha"
    if callable(answer):
        try:
            toy = answer(np.array(_TOY_ITEMS))
        except Exception:  # noqa: BLE001 - check_function names the error below
            toy = ()
        if toy is None:
            return checks.wrong(f"{what} returned None on the worked example.",
                                "Finish the function with `return alpha`.")
    return checks.check_function(
        answer, _alpha_cases(), what, mistakes=_ALPHA_MISTAKES,
        right_message=("it gives the right alpha on all 5 test tables: 6/7 ≈ 0.857 for the worked example, "
                       "1 for identical items, below 0 for items that disagree, and the same for a NumPy array "
                       "and a pandas table."))


# --- Exercise 4.3: alpha within one group -------------------------------------------------------
_GROUP_WORDS = {"depressed": "patients", "control": "controls"}


@checks.exercise("4.3", method="Keep the rows of one group (groups == group) and the five columns of the "
                                "subscale, then call your cronbach_alpha on that table.",
                  code="patients_reflection_alpha = cronbach_alpha(items.loc[table['group'] == 'depressed', "
                       "reflection_items])")
def check_alpha(answer, items: pd.DataFrame, subscale: str = "brooding", groups=None, group: str | None = None) -> Feedback:
    """Exercise 4.3: Cronbach's alpha of one subscale, in one group (``groups`` gives each participant's
    group) or, without ``group``, in all participants."""
    from ..methods.stats import cronbach_alpha

    columns = _subscale_columns(subscale)
    other = _subscale_columns("reflection" if subscale == "brooding" else "brooding")
    rows = pd.Series(True, index=items.index)
    if group is not None and groups is not None:
        rows = pd.Series(groups).reindex(items.index) == group
    chosen = items.loc[rows]
    expected = cronbach_alpha(chosen[columns])
    standardised = chosen[columns].corr().to_numpy()
    mean_r = standardised[np.triu_indices(len(columns), 1)].mean()
    mistakes = {
        cronbach_alpha(chosen): "that is alpha of all 22 items; compute it for the five subscale items only.",
        mean_r: "that is the mean correlation between the items, not alpha. Alpha = k/(k−1) · "
                "(1 − sum of item variances / variance of the total).",
        cronbach_alpha(chosen[other]): "that is the other subscale.",
    }
    where = f"the {len(chosen)} {_GROUP_WORDS.get(group, group)}" if group is not None else "all participants"
    pooled = cronbach_alpha(items[columns])
    if group is not None:
        mistakes[pooled] = (f"that is alpha in all {len(items)} participants (the chapter page's number); keep "
                            f"only the {_GROUP_WORDS.get(group, group)}.")
        others = items.loc[~rows]
        if len(others) > 2:
            mistakes[cronbach_alpha(others[columns])] = "that is the other group."
    compared = ""
    if group is not None:
        compared = (f" In all {len(items)} participants it is {pooled:.2f}: "
                    + ("higher, because mixing groups whose levels differ makes the items rise and fall together."
                       if pooled > expected + 0.005 else "not higher here; mixing groups raises alpha only when "
                                                         "their levels on these items differ clearly."))
    return checks.check_close(
        answer, expected, f"Cronbach's alpha of {subscale} in {where}", 0.005, mistakes,
        right_message=(f"alpha = {expected:.2f} for the five {subscale} items in {where}.{compared} Treynor et al. "
                       "(2003) report about .77 (brooding) and .72 (reflection); the simulated scale was calibrated "
                       "to that."),
        fallback_hint="alpha = k/(k−1) · (1 − Σ item variances / variance of the row sums), with k = 5.")


def _rows(table: pd.DataFrame, group: str | None) -> pd.DataFrame:
    """The participants of one group (all of them when ``group`` is None)."""
    return table if group is None else table[table["group"] == group]


def _r(table: pd.DataFrame, x: str = "rrs_brooding", y: str = "dmn_sgacc") -> float:
    return float(np.corrcoef(table[x], table[y])[0, 1])


@checks.exercise("4.4a", method="Keep the patients' rows, then Pearson's r of their rrs_brooding and dmn_sgacc "
                                 "columns.",
                  code="brooding_r = np.corrcoef(patients['rrs_brooding'], patients['dmn_sgacc'])[0, 1]")
def check_brooding_r(answer, table: pd.DataFrame, group: str | None = None) -> Feedback:
    """Exercise 4.4a: Pearson r of brooding with DMN–sgACC connectivity, in one group (or all participants)."""
    data = _rows(table, group)
    expected = _r(data)
    mistakes = {
        float(data[["rrs_brooding", "dmn_sgacc"]].corr(method="spearman").iloc[0, 1]):
            "that is Spearman's rho (Pearson on ranks). This exercise asks for Pearson's r on the scores.",
        _r(data, "rrs_reflection"): "that uses reflection, not brooding.",
        _r(data, "rrs_total"): "that uses the RRS total, not brooding.",
        _r(data, y="within_dmn"): "that is within-DMN connectivity; use the DMN–sgACC column.",
    }
    if group is None:
        mistakes[_r(_rows(table, "depressed"))] = "that is patients only; use all participants."
        where = f"all {len(table)} participants"
    else:
        words = _GROUP_WORDS.get(group, group)
        mistakes[_r(table)] = (f"that pools patients and controls (the chapter page's number); keep only the "
                               f"{words}.")
        mistakes[_r(table[table["group"] != group])] = f"that is the other group; keep only the {words}."
        where = f"the {len(data)} {words} (all {len(table)} participants pooled: r = {_r(table):.2f})"
    return checks.check_close(answer, expected, "r(brooding, DMN–sgACC)", 0.005, mistakes,
                              right_message=f"r = {expected:.2f} in {where} (simulated).",
                              fallback_hint="np.corrcoef(x, y)[0, 1] of the brooding and DMN–sgACC columns of the "
                                            "rows you kept.")


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


@checks.exercise("4.4b", method="z = arctanh(r); z ± 1.96/√(n − 3) with n the number of people you kept; turn "
                                 "both ends back into r with tanh.",
                  code="brooding_ci = (np.tanh(np.arctanh(r) - 1.96 / np.sqrt(n - 3)), "
                       "np.tanh(np.arctanh(r) + 1.96 / np.sqrt(n - 3)))")
def check_r_interval(answer, table: pd.DataFrame, group: str | None = None) -> Feedback:
    """Exercise 4.4b: the 95% confidence interval of that r, via Fisher's z (in one group, or all).

    The common shortcut, a symmetric interval r ± 1.96 · SE on the r scale, lies within about
    0.01 of the Fisher interval for a small r, so an answer is compared with every candidate
    and counts as the one it is nearest to (the Fisher interval wins ties).
    """
    from ..methods.stats import correlation_with_ci

    data = _rows(table, group)
    result = correlation_with_ci(data["rrs_brooding"], data["dmn_sgacc"])
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

    if group is not None:
        pooled = correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
        pooled_interval = (pooled["ci_low"], pooled["ci_high"])
        if distance(pooled_interval) <= _INTERVAL_TOLERANCE < distance(fisher):
            return checks.wrong(f"[{low:.3f}, {high:.3f}] is the interval of all {pooled['n']} participants "
                                "(the chapter page's).", f"Use the r and the n of the "
                                                         f"{_GROUP_WORDS.get(group, group)} only (n = {n}).")

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


@checks.exercise("4.5", method="Within the rows you kept: regress brooding on MADRS and DMN–sgACC on MADRS "
                                "(each with an intercept), then correlate the two sets of residuals.",
                  code="design = np.column_stack([np.ones(len(patients)), patients['madrs_baseline']])")
def check_partial_r(answer, table: pd.DataFrame, group: str | None = None) -> Feedback:
    """Exercise 4.5: brooding vs DMN–sgACC, controlling for baseline MADRS (partial correlation), in one group
    (or all participants)."""
    from ..methods.stats import partial_correlation

    def partial(data, covariate=None):
        return partial_correlation(data["rrs_brooding"], data["dmn_sgacc"],
                                   data["madrs_baseline"] if covariate is None else covariate)

    data = _rows(table, group)
    expected = partial(data)
    plain = _r(data)
    group_code = (table["group"] == "depressed").astype(float)
    mistakes = {plain: "that is the plain correlation; remove MADRS from both variables first.",
                partial(table, group_code): "that controls for group, not for depression severity (MADRS)."}
    where = f"all {len(table)} participants"
    if group is not None:
        where = f"the {len(data)} {_GROUP_WORDS.get(group, group)}"
        mistakes[partial(table)] = (f"that is the partial r of all {len(table)} participants (the chapter page's "
                                    f"number); keep only the {_GROUP_WORDS.get(group, group)}.")
    change = ("controlling for MADRS hardly changes it" if abs(expected - plain) < 0.02 else
              "controlling for MADRS weakens it" if abs(expected) < abs(plain) else "controlling for MADRS "
                                                                                     "strengthens it")
    return checks.check_close(
        answer, expected, "partial r(brooding, DMN–sgACC | MADRS)", 0.005, mistakes,
        right_message=(f"partial r = {expected:.2f} in {where} (plain r = {plain:.2f}): {change}. What is left is "
                       "the link that depression severity does not explain."),
        fallback_hint="Regress brooding on MADRS and DMN–sgACC on MADRS, then correlate the two residuals.")


@checks.exercise("4.6", method="Find the runs of True in the states, measure each run's length in steps, multiply "
                                "by the 10-second step, and average.",
                  code="edges = np.flatnonzero(np.diff(np.concatenate([[0], states, [0]])))")
def check_mean_dwell(answer, states) -> Feedback:
    """Exercise 4.6: mean length (s) of the ruminative episodes in a thought sequence."""
    expected = float(states.mean_dwell_seconds)
    model = float(states.step_seconds / (1 - states.stickiness))
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
                              right_message=(f"the mean ruminative episode lasts {expected:.0f} s in this hour; "
                                             f"the model expects about {model:.0f} s at this DMN dominance (one "
                                             "hour is a small sample), and about "
                                             f"{control_mean_dwell():.0f} s at the healthy mean."),
                              fallback_hint="Find where the state changes, measure each run of True values, "
                                            "and average their lengths in seconds.")

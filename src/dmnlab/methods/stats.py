"""Group comparisons: effect sizes with confidence intervals, permutation tests, power.

The questions a group study asks — *how big is the difference?*, *could it be
chance?*, *how many participants would we need?* — answered with a handful of
small, tested functions that the chapters share:

- :func:`hedges_g` — the standardised mean difference of two groups, corrected for
  small samples, with a 95 % confidence interval;
- :func:`permutation_test` — a two-sided p-value for a difference in means that
  makes no assumption about the shape of the data (vectorised: thousands of
  relabellings in a few milliseconds);
- :func:`power_two_sample` and :func:`n_for_power` — the power of a two-sample
  t-test from the noncentral t distribution, and the sample size that reaches a
  target power;
- :func:`simulate_studies` and :func:`batch_g_and_p` — many simulated studies at
  once, to see how much single studies scatter around the truth.

Formulas follow Hedges & Olkin (1985, *Statistical Methods for Meta-Analysis*):
the same effect-size statistics that the meta-analyses in chapter 3 report.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> patients, controls = rng.normal(0.3, 1, 40), rng.normal(0, 1, 40)
>>> effect = hedges_g(patients, controls)
>>> print(effect)  # doctest: +SKIP
g = 0.39, 95% CI [-0.05, 0.83] (n = 40 vs 40)
>>> n_for_power(0.25)
253
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import lazy_loader as lazy
import numpy as np

optimize = lazy.load("scipy.optimize", suppress_warning=True)
special = lazy.load("scipy.special", suppress_warning=True)
stats = lazy.load("scipy.stats", suppress_warning=True)

__all__ = [
    "EffectSize", "PermutationResult", "batch_g_and_p", "hedges_correction", "hedges_g",
    "correlation_with_ci", "cronbach_alpha", "paired_effect", "n_for_power", "partial_correlation",
    "permutation_test", "permutation_test_correlation", "simulate_correlation_studies", "power_two_sample", "simulate_studies",
]


# ---------------------------------------------------------------------------
# Input checking: one clear message instead of a NumPy traceback
# ---------------------------------------------------------------------------

def _sample(values, name: str) -> np.ndarray:
    """One group's values as a 1-D float array without missing values; clear errors otherwise."""
    if values is None:
        raise TypeError(f"Group {name} is None; pass the group's values (a list, array or Series).")
    if isinstance(values, (str, bytes)):
        raise TypeError(f"Group {name} is a string; pass numbers (a list, array or Series).")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"Group {name} must hold numbers; got {type(values).__name__}.") from None
    if array.ndim != 1:
        array = array.ravel() if array.ndim > 1 and 1 in array.shape else array
    if array.ndim != 1:
        raise ValueError(f"Group {name} must be one-dimensional (one value per participant); "
                         f"got shape {array.shape}.")
    if np.isinf(array).any():
        raise ValueError(f"Group {name} contains infinite values.")
    array = array[~np.isnan(array)]
    if array.size < 2:
        raise ValueError(f"Group {name} needs at least 2 values (after dropping missing ones); "
                         f"got {array.size}.")
    return array


def _alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1 (e.g. 0.05); got {alpha}.")
    return alpha


# ---------------------------------------------------------------------------
# Effect size
# ---------------------------------------------------------------------------

def hedges_correction(df) -> np.ndarray | float:
    """Small-sample correction factor J(df) that turns Cohen's d into Hedges' g.

    The exact factor ``Γ(df/2) / (√(df/2) · Γ((df − 1)/2))`` (Hedges & Olkin 1985),
    about ``1 − 3 / (4·df − 1)``; it is below 1 because d overestimates the
    population effect in small samples.

    Parameters
    ----------
    df
        Degrees of freedom, ``n_a + n_b − 2`` (scalar or array, > 1).
    """
    df = np.asarray(df, dtype=float)
    value = np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2)
    return float(value) if value.ndim == 0 else value


@dataclass(frozen=True)
class EffectSize:
    """A standardised mean difference (Hedges' g) with its confidence interval.

    ``g`` is (mean of a − mean of b) / pooled SD, times the small-sample
    correction; positive when group a has the larger mean. Use it like a
    number (``float(effect)``) or read its fields.
    """

    g: float
    ci_low: float
    ci_high: float
    d: float
    standard_error: float
    n_a: int
    n_b: int
    confidence: float = 0.95
    method: str = "normal"

    @property
    def ci(self) -> tuple[float, float]:
        """The confidence interval as ``(low, high)``."""
        return (self.ci_low, self.ci_high)

    def __float__(self) -> float:
        return float(self.g)

    def __str__(self) -> str:
        return (f"g = {self.g:.2f}, {self.confidence:.0%} CI [{self.ci_low:.2f}, {self.ci_high:.2f}]"
                f" (n = {self.n_a} vs {self.n_b})")


def hedges_g(a, b, confidence: float = 0.95, method: str = "normal") -> EffectSize:
    """Hedges' g of group ``a`` minus group ``b``, with a confidence interval.

    Parameters
    ----------
    a, b
        The two groups' values (one per participant; any unit — g has none).
        Missing values (NaN) are dropped.
    confidence
        Coverage of the interval (default 0.95).
    method
        ``"normal"`` (default): g ± z·SE with the large-sample standard error
        ``SE(d) = √((n_a + n_b)/(n_a·n_b) + d²/(2(n_a + n_b)))`` scaled by J —
        the interval meta-analyses report. ``"noncentral"``: the exact interval
        for the population d from inverting the noncentral t distribution,
        scaled by J (better for very small groups).

    Returns
    -------
    EffectSize
        ``g``, ``ci_low``, ``ci_high``, Cohen's ``d``, ``standard_error`` of g,
        group sizes.

    Examples
    --------
    >>> print(hedges_g([2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0]))
    g = 0.67, 95% CI [-0.58, 1.92] (n = 4 vs 4)
    """
    a, b = _sample(a, "a"), _sample(b, "b")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence}.")
    if method not in ("normal", "noncentral"):
        raise ValueError(f"method must be 'normal' or 'noncentral'; got {method!r}.")
    n_a, n_b = a.size, b.size
    df = n_a + n_b - 2
    pooled_var = ((n_a - 1) * a.var(ddof=1) + (n_b - 1) * b.var(ddof=1)) / df
    if pooled_var <= 0:
        raise ValueError("Both groups have zero spread: a standardised difference is undefined.")
    d = float((a.mean() - b.mean()) / math.sqrt(pooled_var))
    j = hedges_correction(df)
    g = j * d
    se_d = math.sqrt((n_a + n_b) / (n_a * n_b) + d ** 2 / (2 * (n_a + n_b)))
    se_g = j * se_d
    if method == "normal":
        z = stats.norm.ppf(0.5 + confidence / 2)
        low, high = g - z * se_g, g + z * se_g
    else:
        low, high = (j * value for value in _noncentral_d_interval(d, n_a, n_b, confidence))
    return EffectSize(g=float(g), ci_low=float(low), ci_high=float(high), d=d,
                      standard_error=float(se_g), n_a=int(n_a), n_b=int(n_b),
                      confidence=float(confidence), method=method)


def _noncentral_d_interval(d: float, n_a: int, n_b: int, confidence: float) -> tuple[float, float]:
    """Exact CI for the population d: the noncentralities that put t_obs at the tails."""
    scale = math.sqrt(n_a * n_b / (n_a + n_b))  # t = d · scale
    df = n_a + n_b - 2
    t_obs = d * scale
    tail = (1 - confidence) / 2
    width = 10 + 2 * abs(t_obs)

    def solve(target):
        # P(T ≤ t_obs | ncp) falls as ncp grows; find the ncp where it equals ``target``.
        return optimize.brentq(lambda ncp: stats.nct.cdf(t_obs, df, ncp) - target,
                               t_obs - width, t_obs + width, xtol=1e-10)

    return solve(1 - tail) / scale, solve(tail) / scale


# ---------------------------------------------------------------------------
# Permutation test
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PermutationResult:
    """Result of :func:`permutation_test`.

    ``difference`` is mean(a) − mean(b); ``p_value`` the two-sided p-value;
    ``null_distribution`` the differences after each random relabelling.
    """

    difference: float
    p_value: float
    n_permutations: int
    null_distribution: np.ndarray

    def __str__(self) -> str:
        return (f"difference in means = {self.difference:.4g}, two-sided permutation "
                f"p = {self.p_value:.3f} ({self.n_permutations} permutations)")


def permutation_test(a, b, n_permutations: int = 10_000, seed=0,
                     chunk_size: int = 2_000) -> PermutationResult:
    """Two-sided permutation test of a difference in means (mean of a − mean of b).

    If the group labels did not matter, any relabelling of the pooled values
    would be as likely as the real one. The test relabels the participants at
    random ``n_permutations`` times and counts how often the difference is at
    least as large (in absolute value) as the observed one. The p-value
    ``(1 + count) / (1 + n_permutations)`` counts the observed labelling as one
    of the permutations, so it is never 0 (Phipson & Smyth 2010).

    Parameters
    ----------
    a, b
        The two groups' values; NaN are dropped.
    n_permutations
        Number of random relabellings (≥ 100). The Monte-Carlo error of p is
        about ``√(p(1 − p)/n_permutations)``: ±0.004 at p = 0.05 with 10,000.
    seed
        Seed or :class:`numpy.random.Generator`: the same seed, the same p.
    chunk_size
        Relabellings computed per vectorised block (bounds memory use).

    Returns
    -------
    PermutationResult

    Examples
    --------
    >>> result = permutation_test([5.1, 4.8, 6.0, 5.5], [4.0, 4.2, 3.9, 4.6], n_permutations=2000)
    >>> round(result.difference, 2), result.p_value < 0.1
    (1.17, True)
    """
    a, b = _sample(a, "a"), _sample(b, "b")
    n_permutations = int(n_permutations)
    if n_permutations < 100:
        raise ValueError(f"Use at least 100 permutations; got {n_permutations}.")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    pooled = np.concatenate([a, b])
    n_a, n_b = a.size, b.size
    total = pooled.sum()
    observed = a.mean() - b.mean()
    null = np.empty(n_permutations)
    done = 0
    while done < n_permutations:
        size = min(chunk_size, n_permutations - done)
        # Each row is one random relabelling: the first n_a values form group a.
        shuffled = rng.permuted(np.broadcast_to(pooled, (size, pooled.size)), axis=1)
        sum_a = shuffled[:, :n_a].sum(axis=1)
        null[done:done + size] = sum_a / n_a - (total - sum_a) / n_b
        done += size
    # A small tolerance so that relabellings equal to the observed one (ties) count.
    tolerance = 1e-12 * max(1.0, abs(observed))
    count = int(np.sum(np.abs(null) >= abs(observed) - tolerance))
    p_value = (1 + count) / (1 + n_permutations)
    return PermutationResult(float(observed), float(p_value), n_permutations, null)


# ---------------------------------------------------------------------------
# Power
# ---------------------------------------------------------------------------

def power_two_sample(effect_size, n_per_group, alpha: float = 0.05, n_second_group=None):
    """Power of a two-sided two-sample t-test to detect a true standardised effect.

    With ``n_a`` and ``n_b`` participants the t statistic follows a noncentral
    t distribution with ``df = n_a + n_b − 2`` and noncentrality
    ``δ·√(n_a·n_b/(n_a + n_b))`` (δ: the true effect in SD units). Power is the
    probability that |t| exceeds the two-sided critical value.

    Parameters
    ----------
    effect_size
        True standardised difference δ (Cohen's d / population g); sign does not
        matter for a two-sided test. Scalar or array.
    n_per_group
        Participants per group (scalar or array, ≥ 2). If ``n_second_group`` is
        given, this is the size of the first group.
    alpha
        Significance level (default 0.05).
    n_second_group
        Size of the second group for unequal groups (default: equal groups).

    Returns
    -------
    float or numpy.ndarray
        Probability (0–1) of p < alpha.

    Examples
    --------
    >>> round(power_two_sample(0.5, 64), 3)
    0.801
    """
    alpha = _alpha(alpha)
    effect = np.asarray(effect_size, dtype=float)
    n_a = np.asarray(n_per_group, dtype=float)
    n_b = n_a if n_second_group is None else np.asarray(n_second_group, dtype=float)
    if not (np.all(np.isfinite(effect)) and np.all(np.isfinite(n_a)) and np.all(np.isfinite(n_b))):
        raise ValueError("effect_size and group sizes must be finite numbers.")
    if np.any(n_a < 2) or np.any(n_b < 2):
        raise ValueError("Each group needs at least 2 participants.")
    df = n_a + n_b - 2
    ncp = np.abs(effect) * np.sqrt(n_a * n_b / (n_a + n_b))
    critical = stats.t.ppf(1 - alpha / 2, df)
    upper = stats.nct.sf(critical, df, ncp)
    lower = stats.nct.cdf(-critical, df, ncp)
    # scipy's noncentral t returns NaN for some far-tail probabilities (e.g. the lower tail when
    # the noncentrality is above about 10); the normal approximation is accurate there.
    upper = np.where(np.isnan(upper), stats.norm.sf(critical - ncp), upper)
    lower = np.where(np.isnan(lower), stats.norm.cdf(-critical - ncp), lower)
    power = upper + lower
    power = np.where(ncp == 0, alpha, power)  # exactly alpha under the null
    return float(power) if np.ndim(power) == 0 else power


def n_for_power(effect_size: float, power: float = 0.8, alpha: float = 0.05,
                max_n: int = 10_000_000) -> int:
    """Smallest number of participants *per group* that reaches ``power``.

    For a two-sided two-sample t-test with equal groups (see
    :func:`power_two_sample`). A first guess from the normal approximation
    ``n ≈ 2·((z₁₋α/₂ + z_power)/δ)²`` is refined with the exact noncentral t.

    Parameters
    ----------
    effect_size
        True standardised difference δ (non-zero).
    power
        Target power (between alpha and 1; default 0.8).
    alpha
        Significance level (default 0.05).

    Examples
    --------
    >>> n_for_power(0.5), n_for_power(0.25), n_for_power(1.0)
    (64, 253, 17)
    """
    alpha = _alpha(alpha)
    effect = abs(float(effect_size))
    if not math.isfinite(effect) or effect == 0:
        raise ValueError("effect_size must be a non-zero finite number: no study can detect an "
                         "effect of exactly 0.")
    if not alpha < power < 1:
        raise ValueError(f"power must be between alpha ({alpha}) and 1; got {power}.")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    n = max(2, int(math.ceil(2 * (z / effect) ** 2)))
    # The t-test needs a little more than the normal approximation: step up, then down.
    while power_two_sample(effect, n, alpha) < power:
        n += 1
        if n > max_n:
            raise ValueError(f"More than {max_n} participants per group would be needed.")
    while n > 2 and power_two_sample(effect, n - 1, alpha) >= power:
        n -= 1
    return n


# ---------------------------------------------------------------------------
# Many studies at once
# ---------------------------------------------------------------------------

def batch_g_and_p(a, b) -> tuple[np.ndarray, np.ndarray]:
    """Hedges' g and Student's t-test p-value for many studies at once.

    Parameters
    ----------
    a, b
        Arrays of shape ``(n_studies, n_a)`` and ``(n_studies, n_b)``: one row
        per study, one column per participant.

    Returns
    -------
    g, p : numpy.ndarray
        One value per study: Hedges' g of a − b and the two-sided p-value of
        the pooled-variance t-test (as :func:`scipy.stats.ttest_ind`).
    """
    a = np.atleast_2d(np.asarray(a, dtype=float))
    b = np.atleast_2d(np.asarray(b, dtype=float))
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"a and b need the same number of studies (rows); got {a.shape[0]} "
                         f"and {b.shape[0]}.")
    n_a, n_b = a.shape[1], b.shape[1]
    if n_a < 2 or n_b < 2:
        raise ValueError("Each group needs at least 2 participants.")
    df = n_a + n_b - 2
    pooled_sd = np.sqrt(((n_a - 1) * a.var(axis=1, ddof=1) + (n_b - 1) * b.var(axis=1, ddof=1)) / df)
    d = (a.mean(axis=1) - b.mean(axis=1)) / pooled_sd
    t = d * math.sqrt(n_a * n_b / (n_a + n_b))
    p = 2 * stats.t.sf(np.abs(t), df)
    return hedges_correction(df) * d, p


def simulate_studies(effect_size: float, n_per_group: int, n_studies: int = 500, seed=0,
                     n_second_group: int | None = None) -> dict:
    """Simulate many two-group studies of a normally distributed measure.

    Each study draws ``n_per_group`` values per group from normal distributions
    with SD 1 whose means differ by ``effect_size``, and records Hedges' g and
    the t-test p-value. Useful to check a power calculation by brute force and
    to see how far single studies scatter around the truth.

    Returns
    -------
    dict
        ``g`` and ``p`` (arrays, one value per study), ``power`` (share of
        studies with p < 0.05) and ``wrong_sign`` (share whose g has the
        opposite sign of the true effect).

    Examples
    --------
    >>> result = simulate_studies(0.5, 64, n_studies=4000, seed=1)
    >>> 0.77 < result["power"] < 0.83
    True
    """
    n_studies = int(n_studies)
    n_a = int(n_per_group)
    n_b = n_a if n_second_group is None else int(n_second_group)
    if n_studies < 1:
        raise ValueError("n_studies must be at least 1.")
    if n_a < 2 or n_b < 2:
        raise ValueError("Each group needs at least 2 participants.")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    a = rng.standard_normal((n_studies, n_a)) + float(effect_size)
    b = rng.standard_normal((n_studies, n_b))
    g, p = batch_g_and_p(a, b)
    sign = np.sign(effect_size)
    return {"g": g, "p": p, "power": float(np.mean(p < 0.05)),
            "wrong_sign": float(np.mean(np.sign(g) == -sign)) if sign != 0 else float("nan")}


def cronbach_alpha(items) -> float:
    """Cronbach's alpha of a participants × items table (internal consistency)."""
    values = np.asarray(items, dtype=float)
    k = values.shape[1]
    return float(k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / values.sum(axis=1).var(ddof=1)))


# ---------------------------------------------------------------------------
# Correlations: confidence intervals, partial correlation, small-study simulation
# ---------------------------------------------------------------------------

def _paired(x, y, name_x: str = "x", name_y: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Two equally long samples, dropping pairs with a missing value."""
    a, b = _sample_raw(x, name_x), _sample_raw(y, name_y)
    if a.size != b.size:
        raise ValueError(f"{name_x} and {name_y} must have one value per participant each; "
                         f"got {a.size} and {b.size}.")
    keep = ~(np.isnan(a) | np.isnan(b))
    if keep.sum() < 4:
        raise ValueError("Need at least 4 participants with both values to correlate.")
    return a[keep], b[keep]


def _sample_raw(values, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must hold numbers (a list, array or Series).")
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{name} must hold numbers; got {type(values).__name__}.") from None
    return array


def correlation_with_ci(x, y, confidence: float = 0.95) -> dict:
    """Pearson r with a confidence interval from Fisher's z transform.

    ``z = arctanh(r)`` is close to normal with standard error ``1 / sqrt(n − 3)``; the
    interval is built on that scale and turned back into r, so it is asymmetric.

    Returns
    -------
    dict
        ``r``, ``ci_low``, ``ci_high``, ``n``.
    """
    a, b = _paired(x, y)
    r = float(np.corrcoef(a, b)[0, 1])
    _alpha(1 - confidence)  # a clear message for a confidence outside (0, 1)
    half = stats.norm.ppf(0.5 + confidence / 2) / math.sqrt(a.size - 3)
    z = math.atanh(max(min(r, 0.999999), -0.999999))
    return {"r": r, "ci_low": math.tanh(z - half), "ci_high": math.tanh(z + half), "n": int(a.size)}


def permutation_test_correlation(x, y, n_permutations: int = 10_000, seed=0) -> float:
    """Two-sided permutation p-value of Pearson r: the share of shuffles with |r| ≥ |observed|.

    Shuffling y breaks any link with x while keeping both distributions; it assumes the
    participants are exchangeable under the null hypothesis.
    """
    a, b = _paired(x, y)
    rng = np.random.default_rng(seed)
    a = (a - a.mean()) / a.std()
    b = (b - b.mean()) / b.std()
    observed = abs(float(a @ b) / a.size)
    shuffled = np.abs(rng.permuted(np.broadcast_to(b, (n_permutations, b.size)), axis=1) @ a) / a.size
    return float((np.sum(shuffled >= observed - 1e-12) + 1) / (n_permutations + 1))


def partial_correlation(x, y, covariate) -> float:
    """Pearson r of x and y after removing the linear effect of ``covariate`` from both."""
    a, b = _paired(x, y)
    c = _sample_raw(covariate, "covariate")
    if c.size != np.asarray(x, dtype=float).ravel().size:
        raise ValueError("The covariate needs one value per participant.")
    keep = ~(np.isnan(np.asarray(x, float).ravel()) | np.isnan(np.asarray(y, float).ravel()))
    c = c[keep]
    design = np.column_stack([np.ones_like(c), c])

    def residual(values):
        return values - design @ np.linalg.lstsq(design, values, rcond=None)[0]

    return float(np.corrcoef(residual(a), residual(b))[0, 1])


def simulate_correlation_studies(true_r: float, n: int, n_studies: int = 400,
                                 n_candidates: int = 1, seed=0, alpha: float = 0.05) -> dict:
    """Many small brain–behaviour studies of the same true correlation (SIMULATED).

    Each study measures ``n`` people: one behaviour score and ``n_candidates`` brain
    measures, each correlating ``true_r`` with the behaviour in the population. With one
    candidate, the study reports that region's r (a pre-registered region). With several, it
    reports the region with the **largest** r in its own data — a circular analysis, as when a
    region is chosen on the same data it is then tested on.

    Returns
    -------
    dict
        ``observed`` (array of reported r), ``p`` (two-sided p of each reported r, as if the
        region had been chosen in advance), ``share_significant``, ``mean_abs_r_significant``,
        ``mean_r``, ``true_r``, ``n``, ``n_candidates``.
    """
    if not -1 < true_r < 1:
        raise ValueError("true_r must lie between −1 and 1.")
    if n < 4 or n_studies < 1 or n_candidates < 1:
        raise ValueError("Need n ≥ 4 participants, at least one study and one candidate region.")
    rng = np.random.default_rng(seed)
    observed = np.empty(n_studies)
    chunk = max(1, 4_000_000 // (n * (n_candidates + 1)))
    for start in range(0, n_studies, chunk):
        size = min(chunk, n_studies - start)
        behaviour = rng.standard_normal((size, n, 1))
        brain = true_r * behaviour + math.sqrt(1 - true_r ** 2) * rng.standard_normal((size, n, n_candidates))
        b = behaviour - behaviour.mean(axis=1, keepdims=True)
        x = brain - brain.mean(axis=1, keepdims=True)
        r = (x * b).sum(axis=1) / np.sqrt((x ** 2).sum(axis=1) * (b ** 2).sum(axis=1))
        observed[start:start + size] = r.max(axis=1)
    t = observed * np.sqrt((n - 2) / np.maximum(1 - observed ** 2, 1e-12))
    p = 2 * stats.t.sf(np.abs(t), n - 2)
    significant = p < alpha
    return {
        "observed": observed, "p": p, "share_significant": float(significant.mean()),
        "mean_abs_r_significant": float(np.abs(observed[significant]).mean()) if significant.any() else float("nan"),
        "mean_r": float(observed.mean()), "true_r": float(true_r), "n": int(n), "n_candidates": int(n_candidates),
    }


# ---------------------------------------------------------------------------
# Paired designs: the same people measured twice
# ---------------------------------------------------------------------------

def paired_effect(before, after, confidence: float = 0.95) -> dict:
    """Change from ``before`` to ``after`` in the same people, with its uncertainty.

    Returns
    -------
    dict
        ``mean_change`` (after − before) with its t-based ``ci_low``/``ci_high``, ``d_z``
        (mean change / SD of the changes: the paired effect size), ``p`` (paired t-test),
        ``n``, ``retest_r`` (the correlation of before and after across people), and for
        comparison what treating the sessions as two independent groups would give:
        ``unpaired_g`` (Hedges g) and ``unpaired_p`` (two-sample t-test). Pairing removes the
        stable differences *between* people; it helps as much as the measure is stable across
        sessions (``retest_r``), which is why a paired design usually needs fewer people.
    """
    a, b = _paired(before, after, "before", "after")
    _alpha(1 - confidence)
    change = b - a
    n = change.size
    sd = change.std(ddof=1)
    se = sd / math.sqrt(n)
    half = stats.t.ppf(0.5 + confidence / 2, n - 1) * se
    return {
        "mean_change": float(change.mean()), "ci_low": float(change.mean() - half),
        "ci_high": float(change.mean() + half), "d_z": float(change.mean() / sd) if sd > 0 else float("nan"),
        "p": float(stats.ttest_rel(b, a).pvalue), "n": int(n), "retest_r": float(np.corrcoef(a, b)[0, 1]),
        "unpaired_g": float(hedges_g(b, a).g), "unpaired_p": float(stats.ttest_ind(b, a).pvalue),
    }

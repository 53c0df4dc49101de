"""Shared statistics (dmnlab.methods.stats) against scipy, closed forms, brute force and Monte Carlo."""
import itertools
import math

import numpy as np
import pytest
from scipy import stats as sps

from dmnlab.methods import stats


@pytest.fixture(scope="module")
def groups():
    rng = np.random.default_rng(42)
    return rng.normal(0.4, 1.3, 23), rng.normal(0.0, 1.1, 31)


# --- Hedges' g --------------------------------------------------------------------------------
def test_hedges_g_matches_the_closed_form_and_scipy_t(groups):
    a, b = groups
    effect = stats.hedges_g(a, b)
    n_a, n_b = a.size, b.size
    pooled = math.sqrt(((n_a - 1) * a.var(ddof=1) + (n_b - 1) * b.var(ddof=1)) / (n_a + n_b - 2))
    d = (a.mean() - b.mean()) / pooled
    assert effect.d == pytest.approx(d, rel=1e-12)
    # d is the pooled t statistic rescaled: t = d·√(n_a·n_b/(n_a+n_b)).
    t = sps.ttest_ind(a, b).statistic
    assert effect.d * math.sqrt(n_a * n_b / (n_a + n_b)) == pytest.approx(t, rel=1e-10)
    # The exact correction is close to the usual approximation 1 − 3/(4df − 1).
    df = n_a + n_b - 2
    assert effect.g / effect.d == pytest.approx(1 - 3 / (4 * df - 1), abs=2e-4)
    assert effect.g < effect.d  # shrinks toward zero
    se = (effect.g / effect.d) * math.sqrt((n_a + n_b) / (n_a * n_b) + d ** 2 / (2 * (n_a + n_b)))
    assert effect.standard_error == pytest.approx(se)
    assert effect.ci_low == pytest.approx(effect.g - 1.959964 * se, abs=1e-5)
    assert effect.ci_high == pytest.approx(effect.g + 1.959964 * se, abs=1e-5)
    assert (effect.n_a, effect.n_b) == (23, 31)


def test_hedges_correction_exact_values():
    # J(df) = Γ(df/2)/(√(df/2)·Γ((df−1)/2)); J(2) = √π/2 · 1/1 … computed by hand:
    assert stats.hedges_correction(2) == pytest.approx(math.gamma(1) / (1 * math.gamma(0.5)))
    assert stats.hedges_correction(10) == pytest.approx(0.9227, abs=1e-4)  # Hedges & Olkin table
    assert stats.hedges_correction(1000) == pytest.approx(1 - 3 / 3999, abs=1e-6)


def test_sign_and_symmetry(groups):
    a, b = groups
    forward, backward = stats.hedges_g(a, b), stats.hedges_g(b, a)
    assert forward.g > 0 and backward.g == pytest.approx(-forward.g)
    assert backward.ci == pytest.approx((-forward.ci_high, -forward.ci_low))
    assert float(forward) == forward.g
    assert str(forward).startswith(f"g = {forward.g:.2f}, 95% CI [")


def test_noncentral_interval_inverts_the_noncentral_t(groups):
    a, b = groups
    effect = stats.hedges_g(a, b, method="noncentral")
    n_a, n_b = a.size, b.size
    scale, df = math.sqrt(n_a * n_b / (n_a + n_b)), n_a + n_b - 2
    j = stats.hedges_correction(df)
    t_obs = effect.d * scale
    # At the interval's ends, the observed t sits at the 97.5th and 2.5th percentiles.
    assert sps.nct.cdf(t_obs, df, effect.ci_low / j * scale) == pytest.approx(0.975, abs=1e-6)
    assert sps.nct.cdf(t_obs, df, effect.ci_high / j * scale) == pytest.approx(0.025, abs=1e-6)
    normal = stats.hedges_g(a, b)
    assert effect.ci_low == pytest.approx(normal.ci_low, abs=0.03)  # close for n ≈ 25 per group


@pytest.mark.parametrize("method", ["normal", "noncentral"])
def test_confidence_intervals_cover_the_truth_about_95_percent(method):
    rng = np.random.default_rng(7)
    true_d, n, studies = 0.6, 20, 1500
    covered = 0
    for _ in range(studies):
        effect = stats.hedges_g(rng.normal(true_d, 1, n), rng.normal(0, 1, n), method=method)
        covered += effect.ci_low <= true_d <= effect.ci_high
    # Monte-Carlo SE of a 95% coverage over 1500 studies is 0.006.
    assert 0.925 <= covered / studies <= 0.975


@pytest.mark.parametrize("bad, error, text", [
    (None, TypeError, "None"), ("1,2,3", TypeError, "string"), ([1.0], ValueError, "at least 2"),
    (np.ones((3, 3)), ValueError, "one-dimensional"), ([1.0, np.inf], ValueError, "infinite"),
    ([{"a": 1}, 2], TypeError, "numbers"),
])
def test_hedges_g_bad_input_gets_a_clear_message(bad, error, text):
    with pytest.raises(error, match=text):
        stats.hedges_g(bad, [1.0, 2.0, 3.0])


def test_hedges_g_drops_missing_values_and_refuses_zero_spread():
    assert stats.hedges_g([1.0, 2.0, np.nan, 3.0], [0.0, 1.0, 2.0]).n_a == 3
    with pytest.raises(ValueError, match="zero spread"):
        stats.hedges_g([1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="method"):
        stats.hedges_g([1.0, 2.0], [1.0, 3.0], method="bootstrap")


# --- permutation test ------------------------------------------------------------------------
def _exact_permutation_p(a, b):
    """Brute force: every way of choosing group a from the pooled values."""
    pooled = np.concatenate([a, b])
    observed = abs(a.mean() - b.mean())
    count = total = 0
    for chosen in itertools.combinations(range(pooled.size), a.size):
        mask = np.zeros(pooled.size, bool)
        mask[list(chosen)] = True
        total += 1
        count += abs(pooled[mask].mean() - pooled[~mask].mean()) >= observed - 1e-12
    return count / total


def test_permutation_p_matches_exhaustive_enumeration():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0.9, 1, 6), rng.normal(0, 1, 6)  # 924 relabellings
    exact = _exact_permutation_p(a, b)
    result = stats.permutation_test(a, b, n_permutations=40_000, seed=1)
    assert result.p_value == pytest.approx(exact, abs=0.005)
    assert result.difference == pytest.approx(a.mean() - b.mean())


def test_permutation_p_matches_scipy(groups):
    a, b = groups
    ours = stats.permutation_test(a, b, n_permutations=20_000, seed=2).p_value
    theirs = sps.permutation_test((a, b), lambda x, y, axis: x.mean(axis=axis) - y.mean(axis=axis),
                                  n_resamples=20_000, random_state=3).pvalue
    assert ours == pytest.approx(theirs, abs=0.012)  # two Monte-Carlo estimates, SE ≈ 0.003 each
    welch = sps.ttest_ind(a, b).pvalue
    assert ours == pytest.approx(welch, abs=0.03)  # and the t-test agrees for normal data


def test_permutation_test_is_reproducible_and_sane():
    a, b = [5.1, 4.8, 6.0, 5.5, 5.9], [4.0, 4.2, 3.9, 4.6, 4.4]
    first = stats.permutation_test(a, b, seed=11)
    assert first.p_value == stats.permutation_test(a, b, seed=11).p_value
    assert first.p_value == pytest.approx(2 / 252, abs=0.004)  # only the two extreme splits
    assert first.null_distribution.shape == (10_000,)
    assert abs(first.null_distribution.mean()) < 0.02
    same = stats.permutation_test([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], n_permutations=500)
    assert same.p_value == 1.0  # no difference at all: every relabelling is as extreme
    assert 0 < first.p_value <= 1 and "permutation" in str(first)
    with pytest.raises(ValueError, match="100 permutations"):
        stats.permutation_test(a, b, n_permutations=10)


def test_permutation_chunking_does_not_change_the_answer(groups):
    a, b = groups
    whole = stats.permutation_test(a, b, n_permutations=3000, seed=5, chunk_size=3000)
    for chunk_size in (1000, 7):
        chunked = stats.permutation_test(a, b, n_permutations=3000, seed=5, chunk_size=chunk_size)
        assert np.array_equal(chunked.null_distribution, whole.null_distribution)
        assert chunked.p_value == whole.p_value


# --- power -------------------------------------------------------------------------------------
@pytest.mark.parametrize("effect, n, expected", [
    (0.5, 64, 0.80), (0.8, 26, 0.80), (0.2, 393, 0.80),  # Cohen's (1988) table
])
def test_power_matches_cohens_table(effect, n, expected):
    assert stats.power_two_sample(effect, n) == pytest.approx(expected, abs=0.01)


def test_power_approaches_the_normal_approximation_for_large_n():
    effect, n = 0.1, 3000
    z = sps.norm.ppf(0.975)
    shift = effect * math.sqrt(n / 2)
    normal = sps.norm.sf(z - shift) + sps.norm.cdf(-z - shift)
    assert stats.power_two_sample(effect, n) == pytest.approx(normal, abs=1e-3)


def test_power_edge_cases_and_vectorisation():
    assert stats.power_two_sample(0.0, 50) == pytest.approx(0.05)
    assert stats.power_two_sample(0.0, 50, alpha=0.01) == pytest.approx(0.01)
    assert stats.power_two_sample(-0.5, 64) == pytest.approx(stats.power_two_sample(0.5, 64))
    curve = stats.power_two_sample(0.25, [10, 50, 100, 400])
    assert curve.shape == (4,) and np.all(np.diff(curve) > 0)
    # Very large studies: scipy's noncentral t gives NaN far in the tail; power must not.
    huge = stats.power_two_sample([1.0, 1.0, 0.7], [400, 200, 10_000])
    assert np.all(np.isfinite(huge)) and np.allclose(huge, 1.0)
    with pytest.raises(ValueError, match="at least 2"):
        stats.power_two_sample(0.5, 1)
    with pytest.raises(ValueError, match="alpha"):
        stats.power_two_sample(0.5, 20, alpha=5)


@pytest.mark.parametrize("effect, n_a, n_b", [(0.25, 40, 40), (0.8, 12, 20), (0.25, 28, 20)])
def test_power_matches_brute_force_monte_carlo(effect, n_a, n_b):
    simulated = stats.simulate_studies(effect, n_a, n_studies=6000, seed=9, n_second_group=n_b)
    exact = stats.power_two_sample(effect, n_a, n_second_group=n_b)
    assert simulated["power"] == pytest.approx(exact, abs=0.02)  # MC SE ≤ 0.0065


@pytest.mark.parametrize("effect, expected", [(0.5, 64), (0.8, 26), (0.2, 394), (0.25, 253), (1.0, 17)])
def test_n_for_power_is_the_smallest_sufficient_n(effect, expected):
    n = stats.n_for_power(effect)
    assert n == expected
    assert stats.power_two_sample(effect, n) >= 0.8 > stats.power_two_sample(effect, n - 1)


def test_n_for_power_other_targets_and_errors():
    assert stats.n_for_power(0.5, power=0.9) > stats.n_for_power(0.5)
    assert stats.n_for_power(0.5, alpha=0.01) > stats.n_for_power(0.5)
    assert stats.n_for_power(-0.25) == stats.n_for_power(0.25)
    with pytest.raises(ValueError, match="non-zero"):
        stats.n_for_power(0.0)
    with pytest.raises(ValueError, match="power"):
        stats.n_for_power(0.5, power=1.2)


# --- many studies ------------------------------------------------------------------------------
def test_batch_g_and_p_matches_one_study_at_a_time():
    rng = np.random.default_rng(4)
    a, b = rng.normal(0.3, 1, (5, 12)), rng.normal(0, 1, (5, 9))
    g, p = stats.batch_g_and_p(a, b)
    for row in range(5):
        assert g[row] == pytest.approx(stats.hedges_g(a[row], b[row]).g)
        assert p[row] == pytest.approx(sps.ttest_ind(a[row], b[row]).pvalue)
    with pytest.raises(ValueError, match="same number of studies"):
        stats.batch_g_and_p(a, b[:3])


def test_simulated_studies_scatter_around_the_truth():
    small = stats.simulate_studies(0.25, 20, n_studies=3000, seed=1)
    large = stats.simulate_studies(0.25, 400, n_studies=3000, seed=1)
    assert np.mean(small["g"]) == pytest.approx(0.25, abs=0.03)  # g is (nearly) unbiased
    assert np.std(small["g"]) == pytest.approx(math.sqrt(2 / 20), rel=0.1)
    assert small["wrong_sign"] > 0.15 > 0.001 > large["wrong_sign"]
    assert small["power"] < 0.2 < 0.9 < large["power"]

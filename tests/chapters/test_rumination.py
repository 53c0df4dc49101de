"""Chapter 4 (rumination): scoring, reliability, correlations, dwell times, the study
simulator against analytic results, widgets headless, and every checker on right answers,
named mistakes, wrong types and None."""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from conftest import ODD_ANSWERS
from dmnlab import rumination
from dmnlab.cohort.questionnaires import RRS_BROODING_ITEMS, RRS_REFLECTION_ITEMS
from dmnlab.course import checks
from dmnlab.methods import stats


@pytest.fixture(scope="module")
def table():
    return rumination.rumination_table()


@pytest.fixture(scope="module")
def items():
    return rumination.rrs_items()


def _cols(numbers):
    return [f"rrs_{i:02d}" for i in numbers]


# --- methods -----------------------------------------------------------------------------------
def test_cronbach_alpha_matches_the_plain_formula(items):
    block = items[_cols(RRS_BROODING_ITEMS)].to_numpy()
    k = block.shape[1]
    plain = k / (k - 1) * (1 - block.var(axis=0, ddof=1).sum() / block.sum(axis=1).var(ddof=1))
    assert stats.cronbach_alpha(block) == pytest.approx(plain)
    # Parallel items with known reliability: alpha = k·r / (1 + (k − 1)·r) (Spearman–Brown).
    rng = np.random.default_rng(0)
    true = rng.standard_normal((20000, 1))
    parallel = true + rng.standard_normal((20000, 5))  # inter-item r = 0.5
    assert stats.cronbach_alpha(parallel) == pytest.approx(5 * 0.5 / (1 + 4 * 0.5), abs=0.01)


def test_correlation_interval_against_scipy():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(60)
    y = 0.4 * x + rng.standard_normal(60)
    result = stats.correlation_with_ci(x, y)
    expected = scipy_stats.pearsonr(x, y).confidence_interval(0.95)
    assert result["r"] == pytest.approx(scipy_stats.pearsonr(x, y).statistic)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((expected.low, expected.high), abs=1e-6)
    with pytest.raises(ValueError, match="one value per participant"):
        stats.correlation_with_ci(x, y[:-1])
    with pytest.raises(TypeError, match="numbers"):
        stats.correlation_with_ci("abc", y)


def test_permutation_p_against_scipy():
    rng = np.random.default_rng(2)
    x = rng.standard_normal(40)
    y = 0.3 * x + rng.standard_normal(40)
    p = stats.permutation_test_correlation(x, y, n_permutations=20000, seed=3)
    reference = scipy_stats.pearsonr(x, y).pvalue
    assert p == pytest.approx(reference, abs=0.02)


def test_partial_correlation_against_the_formula():
    rng = np.random.default_rng(4)
    z = rng.standard_normal(500)
    x = z + rng.standard_normal(500)
    y = z + rng.standard_normal(500)
    rxy, rxz, ryz = np.corrcoef([x, y, z])[[0, 0, 1], [1, 2, 2]]
    formula = (rxy - rxz * ryz) / math.sqrt((1 - rxz ** 2) * (1 - ryz ** 2))
    assert stats.partial_correlation(x, y, z) == pytest.approx(formula)
    assert abs(stats.partial_correlation(x, y, z)) < 0.15 < rxy  # the shared cause explained it


@pytest.mark.parametrize("n", [25, 100])
def test_study_simulator_spread_matches_the_analytic_sampling_distribution(n):
    result = stats.simulate_correlation_studies(0.1, n, n_studies=2000, seed=5)
    # Fisher: arctanh(r) ~ Normal(arctanh(rho), 1 / sqrt(n - 3)).
    z = np.arctanh(result["observed"])
    assert z.mean() == pytest.approx(np.arctanh(0.1), abs=0.02)
    assert z.std() == pytest.approx(1 / math.sqrt(n - 3), rel=0.06)
    # Share significant ≈ power of a correlation test (normal approximation on z).
    critical = scipy_stats.norm.ppf(0.975) / math.sqrt(n - 3)
    power = scipy_stats.norm.sf(critical - np.arctanh(0.1), scale=1 / math.sqrt(n - 3)) + \
        scipy_stats.norm.cdf(-critical - np.arctanh(0.1), scale=1 / math.sqrt(n - 3))
    assert result["share_significant"] == pytest.approx(power, abs=0.03)


def test_circular_selection_inflates_reported_r():
    honest = stats.simulate_correlation_studies(0.1, 25, n_studies=500, seed=6)
    circular = stats.simulate_correlation_studies(0.1, 25, n_studies=500, n_candidates=20, seed=6)
    assert circular["mean_r"] > honest["mean_r"] + 0.25
    assert circular["share_significant"] > 0.5 > honest["share_significant"]
    # Small significant studies overstate even without circularity (the winner's curse).
    assert honest["mean_abs_r_significant"] > 3 * 0.1


def test_bad_simulator_arguments_are_explained():
    with pytest.raises(ValueError, match="between −1 and 1"):
        stats.simulate_correlation_studies(1.5, 25)
    with pytest.raises(ValueError, match="n ≥ 4"):
        stats.simulate_correlation_studies(0.1, 2)


# --- chapter science on the shipped (simulated) data --------------------------------------------
def test_rumination_table_is_complete_and_simulated(table):
    assert len(table) == 96 and table.notna().all().all()
    assert set(table.columns) >= {"group", "madrs_baseline", "rrs_brooding", "dmn_sgacc", "within_dmn"}
    assert table["rrs_brooding"].between(5, 20).all()
    assert table.groupby("group")["rrs_brooding"].mean()["depressed"] > \
        table.groupby("group")["rrs_brooding"].mean()["control"]
    assert "Simulated" in table.attrs["simulated"]


def test_brooding_correlation_reports_interval_and_partial(table):
    result = rumination.brooding_correlation(table, n_permutations=2000)
    assert result["ci_low"] < result["r"] < result["ci_high"]
    assert result["r"] > 0  # the designed direction (Berman et al. 2011), shown in the shipped sample
    assert 0 < result["p_permutation"] <= 1 and result["n"] == 96
    assert result["partial_r"] == pytest.approx(
        stats.partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], table["madrs_baseline"]))


def test_mixing_groups_inflates_alpha():
    alphas = rumination.subscale_alphas()
    assert alphas["brooding"] > max(alphas["brooding_patients"], alphas["brooding_controls"])
    assert 0.6 < alphas["brooding"] < 0.9 and 0.6 < alphas["reflection"] < 0.9


def test_dwell_time_grows_with_dominance():
    means = [float(rumination.example_thoughts(d).mean_dwell_seconds) for d in rumination.DOMINANCES]
    assert means == sorted(means)
    assert rumination.control_mean_dwell() == pytest.approx(10 / (1 - 0.5 - 0.45 / (1 + math.exp(0.3))))


# --- widgets ------------------------------------------------------------------------------------
def test_sticky_thoughts_widget_changes_with_dominance():
    explorer = rumination.sticky_thoughts_explorer()
    explorer.live_widget()
    strip = explorer.panels.strip
    before = np.array(strip.get_array()).copy()
    explorer.inputs["dominance"].value = 3.0
    assert not np.array_equal(before, np.array(strip.get_array()))
    text = explorer.shown_html()
    assert "+3 SD" in text and "healthy mean" in text


def test_correlation_study_widget_shows_the_circular_inflation():
    explorer = rumination.correlation_study_explorer()
    explorer.live_widget()
    bars = explorer.panel.bars
    centres = np.array([bar.get_x() + bar.get_width() / 2 for bar in bars])

    def mean_of_histogram():
        heights = np.array([bar.get_height() for bar in bars])
        return float((heights * centres).sum() / heights.sum())

    honest = mean_of_histogram()
    explorer.inputs["circular"].value = True
    assert mean_of_histogram() > honest + 0.2
    assert "circular" in explorer.shown_html()


def test_circular_simulation_offers_a_true_null_and_keeps_its_default_states():
    """B2: at a true r of 0 the circular studies' "significant" results are all false positives;
    the widget starts, as before, at the page's small true r."""
    explorer = rumination.correlation_study_explorer()
    explorer.live_widget()
    assert explorer.values == {"n_per_study": 25, "circular": False, "true_r": rumination.TRUE_R}
    before = rumination.correlation_studies(25, True)
    assert np.array_equal(before["observed"], stats.simulate_correlation_studies(
        rumination.TRUE_R, 25, n_studies=400, n_candidates=rumination.CIRCULAR_CANDIDATES, seed=25)["observed"])
    explorer.inputs["circular"].value = True
    explorer.inputs["true_r"].value = 0.0
    null = rumination.correlation_studies(25, True, 0.0)
    assert null["true_r"] == 0.0
    # Reporting the largest of 20 null correlations: about 1 − 0.975^20 of studies look significant.
    assert null["share_significant"] == pytest.approx(1 - 0.975 ** 20, abs=0.06)
    assert list(explorer.panel.truth_line.get_xdata()) == [0.0, 0.0]
    assert "no effect" in explorer.panel.legend.get_texts()[0].get_text()
    assert "false positive" in explorer.shown_html()
    honest_null = rumination.correlation_studies(25, False, 0.0)
    assert honest_null["share_significant"] == pytest.approx(0.05, abs=0.03)
    numbers = rumination.page_numbers()
    assert numbers["ch4_null_circular_share"] == null["share_significant"]
    assert numbers["ch4_circular_share"] == before["share_significant"]


def test_tozzi_samples_are_kept_apart_in_chapter_4():
    """The rumination test of Tozzi et al. 2021 had 115 + 48 people, not the 618/683 of its meta-analysis."""
    import re

    from conftest import REPO

    for path in ("book/04-rumination.md", "book/instructor/04-guide.md", "notebooks/04-rumination-lab.ipynb"):
        with open(f"{REPO}/{path}", encoding="utf-8") as handle:
            text = handle.read()
        assert not re.search(r"618[^.|]{0,80}rumination did not predict", text), path
        assert not re.search(r"large sample[^.]{0,40}no link", text), path


def test_figures_carry_alt_text_true_to_their_state():
    text = rumination.plot_thought_timeline(2.0).alt_text
    mean = float(rumination.example_thoughts(2.0).mean_dwell_seconds)
    assert f"mean {mean:.0f} s" in text
    result = rumination.correlation_studies(25, True)
    assert f"{result['share_significant']:.0%}" in rumination.plot_correlation_studies(25, True).alt_text


# --- checkers -------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fresh_hint_steps():
    """Each test starts from the first hint step (the decorator counts "not yet" per exercise)."""
    for number in ("4.1", "4.2", "4.3", "4.4a", "4.4b", "4.5", "4.6"):
        checks.ATTEMPTS.pop(number, None)


def _alpha(items, ddof_items=1, ddof_total=1, factor=True, spread="var"):
    """Cronbach's alpha as a learner writes it (optionally with a typical mistake)."""
    values = np.asarray(items, dtype=float)
    k = values.shape[1]
    item_spread = values.var(axis=0, ddof=ddof_items)
    total_spread = values.sum(axis=1).var(ddof=ddof_total)
    if spread == "sd":
        item_spread, total_spread = np.sqrt(item_spread), np.sqrt(total_spread)
    with np.errstate(divide="ignore", invalid="ignore"):   # people taken for items: a total may not vary
        return (k / (k - 1) if factor else 1.0) * (1 - item_spread.sum() / total_spread)


def test_alpha_function_right_and_three_typical_mistakes():
    """Exercise 4.2: the checker runs the learner's cronbach_alpha on tables of its own and names the mistake."""
    right = rumination.check_alpha_function(_alpha)
    assert right.correct and "identical items" in right.message
    assert rumination.check_alpha_function(stats.cronbach_alpha).correct
    assert rumination.check_alpha_function(lambda items: pd.DataFrame(items).pipe(
        lambda d: d.shape[1] / (d.shape[1] - 1) * (1 - d.var().sum() / d.sum(axis=1).var()))).correct
    for function, named in ((lambda items: _alpha(items, factor=False), "k/(k − 1) is missing"),
                            (lambda items: _alpha(items, spread="sd"), "standard deviations"),
                            (lambda items: _alpha(items, ddof_total=0), "mixes ddof"),
                            (lambda items: _alpha(np.asarray(items, dtype=float).T), "people as the items")):
        feedback = rumination.check_alpha_function(function)
        assert not feedback.correct and named in feedback.message, feedback
    unfinished = rumination.check_alpha_function(lambda items: None)
    assert not unfinished.correct and "return alpha" in unfinished.hint
    off = rumination.check_alpha_function(lambda items: _alpha(items) + 0.05)
    assert not off.correct and "on the worked example" in off.message


def test_alpha_checker_edge_cases_are_right_by_construction():
    from dmnlab.rumination._exercises import _alpha_cases

    cases = {label: (args[0], expected) for label, args, expected in _alpha_cases()}
    assert cases["the worked example (4 people × 3 items)"][1] == pytest.approx(6 / 7)
    assert cases["three identical items (alpha must be 1)"][1] == pytest.approx(1.0)
    assert cases["items that disagree (alpha below 0)"][1] < 0
    assert np.asarray(cases["two items (k = 2)"][0]).shape[1] == 2
    assert any(isinstance(table, pd.DataFrame) for table, _ in cases.values())
    for table, expected in cases.values():
        assert stats.cronbach_alpha(table) == pytest.approx(expected)


def test_hints_come_in_steps_nudge_then_method_then_code():
    no_factor = lambda items: _alpha(items, factor=False)  # noqa: E731
    first, second, third = (rumination.check_alpha_function(no_factor) for _ in range(3))
    assert "k/(k − 1)" in first.hint and "Method:" not in first.hint
    assert "Method:" in second.hint and "Code:" not in second.hint
    assert "Code:" in third.hint and "ddof=1" in third.hint


def test_every_checker_has_its_exercise_number():
    numbers = {name: getattr(rumination, name).exercise for name in rumination.__all__ if name.startswith("check_")}
    assert sorted(numbers.values()) == ["4.1", "4.2", "4.3", "4.4a", "4.4b", "4.5", "4.6"], numbers


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=lambda a: type(a).__name__)
def test_checkers_never_raise_on_wrong_types(table, items, answer):
    thoughts = rumination.example_thoughts(2.0, seed=6)
    for feedback in (rumination.check_subscales(answer, answer, items),
                     rumination.check_alpha_function(answer),
                     rumination.check_alpha(answer, items, "reflection", groups=table["group"], group="depressed"),
                     rumination.check_brooding_r(answer, table, group="depressed"),
                     rumination.check_r_interval(answer, table, group="depressed"),
                     rumination.check_partial_r(answer, table, group="depressed"),
                     rumination.check_mean_dwell(answer, thoughts)):
        assert isinstance(feedback, checks.Feedback) and not feedback.correct and feedback.message


def test_subscale_checker(items):
    brooding = items[_cols(RRS_BROODING_ITEMS)].sum(axis=1)
    reflection = items[_cols(RRS_REFLECTION_ITEMS)].sum(axis=1)
    assert rumination.check_subscales(brooding, reflection, items).correct
    assert rumination.check_subscales(brooding.to_numpy(), reflection.to_numpy(), items).correct
    assert "all 22 items" in rumination.check_subscales(items.sum(axis=1), reflection, items).message
    assert "reflection items" in rumination.check_subscales(reflection, reflection, items).message
    assert "mean of the items" in rumination.check_subscales(brooding / 5, reflection, items).message
    shifted = items[_cols([i - 1 for i in RRS_BROODING_ITEMS])].sum(axis=1)
    assert "off by one" in rumination.check_subscales(shifted, reflection, items).message
    assert "no answer yet" in rumination.check_subscales(None, reflection, items).message
    assert "not a table" in rumination.check_subscales(items, reflection, items).message
    assert "participants" in rumination.check_subscales([1, 2, 3], reflection, items).message
    assert not rumination.check_subscales("abc", reflection, items).correct


def test_alpha_checker(items):
    right = stats.cronbach_alpha(items[_cols(RRS_BROODING_ITEMS)])
    assert rumination.check_alpha(right, items).correct
    assert "all 22 items" in rumination.check_alpha(stats.cronbach_alpha(items), items).hint
    other = stats.cronbach_alpha(items[_cols(RRS_REFLECTION_ITEMS)])
    if abs(other - right) > 0.005:  # in this sample the two alphas can coincide
        assert "other subscale" in rumination.check_alpha(other, items).hint
    assert "no answer yet" in rumination.check_alpha(None, items).message
    assert "single number" in rumination.check_alpha([0.7, 0.8], items).message


def test_alpha_within_a_group_checker(items, table):
    """Exercise 4.3: reflection in the patients (the page gives the pooled alphas: pasting one is named)."""
    columns, groups = _cols(RRS_REFLECTION_ITEMS), table["group"]
    patients = groups == "depressed"
    right = stats.cronbach_alpha(items.loc[patients, columns])
    good = rumination.check_alpha(right, items, "reflection", groups=groups, group="depressed")
    assert good.correct and "60 patients" in good.message and "96 participants" in good.message
    pooled = stats.cronbach_alpha(items[columns])
    if abs(pooled - right) > 0.005:
        pasted = rumination.check_alpha(pooled, items, "reflection", groups=groups, group="depressed")
        assert not pasted.correct and "chapter page" in pasted.hint
    controls = stats.cronbach_alpha(items.loc[~patients, columns])
    if abs(controls - right) > 0.005:
        assert "other group" in rumination.check_alpha(controls, items, "reflection", groups=groups,
                                                       group="depressed").hint


def test_correlation_checkers(table):
    r = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    assert rumination.check_brooding_r(r, table).correct
    spearman = table[["rrs_brooding", "dmn_sgacc"]].corr(method="spearman").iloc[0, 1]
    assert "Spearman" in rumination.check_brooding_r(spearman, table).hint
    reflection = float(np.corrcoef(table["rrs_reflection"], table["dmn_sgacc"])[0, 1])
    assert "reflection" in rumination.check_brooding_r(reflection, table).hint
    interval = stats.correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
    assert rumination.check_r_interval((interval["ci_low"], interval["ci_high"]), table).correct
    assert "two numbers" in rumination.check_r_interval(0.2, table).message
    assert "no answer yet" in rumination.check_r_interval(None, table).message


def _symmetric_shortcuts(r, n):
    """The intervals a learner gets without Fisher's z (review B1)."""
    return {"(1 − r²)/√(n − 1)": 1.96 * (1 - r ** 2) / math.sqrt(n - 1),
            "(1 − r²)/√(n − 2)": 1.96 * (1 - r ** 2) / math.sqrt(n - 2),
            "√((1 − r²)/(n − 2))": 1.96 * math.sqrt((1 - r ** 2) / (n - 2))}


def _lab_solution_interval(table):
    """The lab's worked solution for exercise 4.3b, step by step."""
    r = np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1]
    z, half = np.arctanh(r), 1.96 / np.sqrt(len(table) - 3)
    return np.tanh(z - half), np.tanh(z + half)


def test_interval_checker_names_the_symmetric_interval_instead_of_passing_it(table):
    """B1: the naive r ± 1.96·SE interval lies within 0.01 of the Fisher interval here and used to be
    marked "✔ Correct … built on Fisher's z scale, so it is not symmetric"."""
    interval = stats.correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
    r, n, low, high = interval["r"], interval["n"], interval["ci_low"], interval["ci_high"]
    for formula, half in _symmetric_shortcuts(r, n).items():
        assert max(abs(r - half - low), abs(r + half - high)) < 0.011  # close enough to fool a 0.01 tolerance
        feedback = rumination.check_r_interval((r - half, r + half), table)
        assert not feedback.correct, formula
        assert formula in feedback.message and "skipped Fisher's z" in feedback.message
        assert f"[{low:.3f}, {high:.3f}]" in feedback.message  # the right interval, from these data
    z, half_z = math.atanh(r), 1.96 / math.sqrt(n - 3)
    assert "tanh" in rumination.check_r_interval((z - half_z, z + half_z), table).message
    # The right answer passes at full precision, at three decimals and at two, and its message is
    # true for these data: it gives the interval's reach below and above r.
    for answer in ((low, high), (round(low, 3), round(high, 3)), (round(low, 2), round(high, 2))):
        feedback = rumination.check_r_interval(answer, table)
        assert feedback.correct, answer
        assert f"{r - low:.3f} below r = {r:.3f} and {high - r:.3f} above it" in feedback.message
    assert rumination.check_r_interval(_lab_solution_interval(table), table).correct


@pytest.mark.parametrize("true_r, n, seed", [(0.0, 96, 1), (0.17, 96, 2), (0.3, 60, 3), (-0.45, 150, 4),
                                             (0.7, 40, 5)])
def test_interval_checker_on_other_cohorts(true_r, n, seed):
    """On any data: the worked solution passes with a message true for those data, and the symmetric
    shortcut fails unless the two intervals cannot be told apart at three decimals (r near 0)."""
    rng = np.random.default_rng(seed)
    brooding = rng.standard_normal(n)
    other = pd.DataFrame({"rrs_brooding": brooding,
                          "dmn_sgacc": true_r * brooding + math.sqrt(1 - true_r ** 2) * rng.standard_normal(n)})
    solution = _lab_solution_interval(other)
    feedback = rumination.check_r_interval(solution, other)
    assert feedback.correct and f"[{solution[0]:.3f}, {solution[1]:.3f}]" in feedback.message
    r = float(np.corrcoef(other["rrs_brooding"], other["dmn_sgacc"])[0, 1])
    half = _symmetric_shortcuts(r, n)["(1 − r²)/√(n − 1)"]
    naive = rumination.check_r_interval((r - half, r + half), other)
    if max(abs(r - half - solution[0]), abs(r + half - solution[1])) >= 0.002:
        assert not naive.correct and "skipped Fisher's z" in naive.message
    else:
        assert naive.correct and "nearly symmetric" in naive.message


def test_correlation_checkers_within_the_patients(table):
    """Exercises 4.4 and 4.5 ask for the patients alone: the page's pooled values are named, not accepted."""
    patients = table[table["group"] == "depressed"]
    r = float(np.corrcoef(patients["rrs_brooding"], patients["dmn_sgacc"])[0, 1])
    good = rumination.check_brooding_r(r, table, group="depressed")
    assert good.correct and "60 patients" in good.message
    pooled_r = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    pasted = rumination.check_brooding_r(pooled_r, table, group="depressed")
    assert not pasted.correct and "pools patients and controls" in pasted.hint
    interval = stats.correlation_with_ci(patients["rrs_brooding"], patients["dmn_sgacc"])
    assert rumination.check_r_interval((interval["ci_low"], interval["ci_high"]), table, group="depressed").correct
    page = stats.correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
    copied = rumination.check_r_interval((page["ci_low"], page["ci_high"]), table, group="depressed")
    assert not copied.correct and "all 96 participants" in copied.message
    partial = stats.partial_correlation(patients["rrs_brooding"], patients["dmn_sgacc"], patients["madrs_baseline"])
    assert rumination.check_partial_r(partial, table, group="depressed").correct
    pooled_partial = stats.partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], table["madrs_baseline"])
    named = rumination.check_partial_r(pooled_partial, table, group="depressed")
    assert not named.correct and "chapter page" in named.hint


def test_partial_checker(table):
    partial = stats.partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], table["madrs_baseline"])
    assert rumination.check_partial_r(partial, table).correct
    plain = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    assert "plain correlation" in rumination.check_partial_r(plain, table).hint
    by_group = stats.partial_correlation(table["rrs_brooding"], table["dmn_sgacc"],
                                         (table["group"] == "depressed").astype(float))
    if abs(by_group - plain) > 0.005:  # indistinguishable values cannot be told apart
        assert "group" in rumination.check_partial_r(by_group, table).hint
    assert not rumination.check_partial_r(pd.Series([1.0, 2.0]), table).correct


def test_dwell_checker():
    thoughts = rumination.example_thoughts(2.0, seed=6)   # the lab's hour, not the page's (seed 4)
    mean = float(thoughts.mean_dwell_seconds)
    page_hour = float(rumination.example_thoughts(2.0).mean_dwell_seconds)
    assert abs(mean - page_hour) > 0.5 and not rumination.check_mean_dwell(page_hour, thoughts).correct
    good = rumination.check_mean_dwell(mean, thoughts)
    assert good.correct and "model expects about 76 s" in good.message
    assert "in steps" in rumination.check_mean_dwell(mean / 10, thoughts).hint
    assert "share of time" in rumination.check_mean_dwell(float(thoughts.fraction_ruminating), thoughts).hint
    assert "no answer yet" in rumination.check_mean_dwell(None, thoughts).message


def test_the_followed_patient_is_placed_among_patients_and_controls():
    """The patient-thread box: sub-38's RRS scores among the other patients and the controls (SIMULATED)."""
    from dmnlab.shared.patient import THREAD_PATIENT, patient_numbers

    table = rumination.rumination_table()
    place = rumination.thread_patient_rumination(table)
    person = table.loc[THREAD_PATIENT]
    assert person["rrs_total"] == patient_numbers()["pt_rrs"]
    controls = table[table["group"] == "control"]
    assert place["total_above_controls"] == pytest.approx((controls["rrs_total"] < person["rrs_total"]).mean())
    numbers = rumination.page_numbers()
    assert numbers["ch4_pt_brooding_above_patients"] == place["brooding_above_patients"]


def test_the_sticky_widget_explains_why_the_hour_misses_the_expected_mean():
    """Learner review: at +0 SD "mean episode 28 s … healthy mean 32 s" needed an explanation (sampling noise)."""
    explorer = rumination.sticky_thoughts_explorer()
    explorer.live_widget()
    text = explorer.describe(dominance=0.0)
    assert "sampling noise" in text and "expected at the healthy mean" in text
    label = explorer.panels.text.get_text()
    assert "this hour's" in label and "expected at the healthy mean" in label


def test_every_glue_reference_of_the_page_is_computed():
    from support.pages import glue_references, shared_glue

    names = glue_references("rumination")
    assert names <= set(rumination.page_numbers()) | shared_glue("rumination")


# --- the study histogram's axis and colours -------------------------------------------------------
def _tallest(explorer):
    return max(bar.get_height() for bar in explorer.panel.bars)


def _blit_error(explorer, **first) -> float:
    """Share of pixels that differ between the widget's picture of 25-person honest studies, drawn after
    ``first`` was shown, and a full redraw of that state."""
    explorer.set(circular=True, **first)
    explorer.render_png()                                        # caches the background
    explorer.set(n_per_study=25, circular=False)
    blitted = explorer._draw().copy()
    for artist in explorer._dynamic:
        artist.set_animated(False)
    explorer.figure.canvas.draw()
    full = np.asarray(explorer.figure.canvas.buffer_rgba())
    return float((np.abs(blitted.astype(int) - full.astype(int)).max(axis=2) > 8).mean())


def test_study_histogram_axis_fits_each_study_size_and_redraws_right():
    """The y axis follows the study size (it was fixed at 400, so 25-person studies, the tallest bar
    33-67 studies, were a flat strip); the picture after a move equals a full redraw of that state."""
    from matplotlib.colors import same_color

    from dmnlab.course import palette

    explorer = rumination.correlation_study_explorer()
    ax = explorer.panel.ax
    tops = {}
    for state in explorer.static_states():
        explorer.set(**state)
        top = ax.get_ylim()[1]
        tops.setdefault(state["n_per_study"], set()).add(top)
        assert _tallest(explorer) < top, state                 # no bar cut at the top
        observed = rumination.correlation_studies(**state)["observed"]
        assert _tallest(explorer) == np.histogram(observed, bins=explorer.panel.bins)[0].max()
    assert all(len(values) == 1 for values in tops.values())   # one axis per study size
    for n, (top,) in tops.items():
        tallest = max(np.histogram(rumination.correlation_studies(n, circular, r)["observed"],
                                   bins=explorer.panel.bins)[0].max()
                      for circular in (False, True) for r in rumination.TRUE_R_OPTIONS)
        assert 0.6 < tallest / top < 0.85, n                    # fits, with room for the legend
    assert tops[25] == {100} and tops[1000] == {400}

    # The picture after a move to another size equals a full redraw, as closely as after a move within
    # one size (the bars are drawn over a cached background; only anti-aliasing differs).
    assert _blit_error(rumination.correlation_study_explorer(), n_per_study=1000) <= \
        _blit_error(rumination.correlation_study_explorer(), n_per_study=25) + 0.0005 < 0.005
    # The fault this guards against: an axis kept in the cached background shows the old ticks.
    stale = rumination.correlation_study_explorer()
    stale._dynamic.remove(stale.panel.ax.yaxis)
    stale.panel.ax.yaxis.set_animated(False)
    assert _blit_error(stale, n_per_study=1000) > 0.005
    # Significant studies in the course's colour of significance (chapter 3's too), not vermillion:
    # with no true effect, significant studies below zero were drawn in the colour of a positive value.
    explorer.set(true_r=0.0, circular=True)
    colours = [bar.get_facecolor() for bar in explorer.panel.bars if bar.get_height() > 0]
    assert any(same_color(colour, palette.SIGNIFICANT) for colour in colours)
    assert not any(same_color(colour, palette.POSITIVE) for colour in colours)
    assert "significant (blue)" in explorer.panel.text.get_text()


def test_the_page_figure_uses_the_widgets_axis():
    figure = rumination.plot_correlation_studies(25, circular=True)
    assert figure.axes[0].get_ylim() == (0, 100)

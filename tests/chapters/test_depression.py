"""Chapter 3 (dmnlab.depression): measures, figures, headless widgets and exercise checkers."""
import html as html_module
import re

import numpy as np
import pandas as pd
import pytest

from conftest import ODD_ANSWERS, assert_alt_texts
from dmnlab import depression
from dmnlab.cohort import parameters
from dmnlab.course import checks, widgets
from dmnlab.course.chapters import chapter
from dmnlab.methods import stats
from dmnlab.shared.groups import split_groups
from dmnlab.study.nodes import DMN_NODES, NODE_LABELS
from dmnlab.study.protocol import SIMULATED_NOTE


@pytest.fixture(scope="module")
def measures():
    """A small simulated cohort (teaching mode, so the groups differ), measured like data/."""
    return depression.simulate_cohort_measures("teaching", n_controls=8, n_patients=12, seed=5)


def _image_src(explorer):
    return re.search(r'src="([^"]+)"', explorer.shown_html()).group(1)


# --- measures -----------------------------------------------------------------------------------
def test_measures_table_has_one_row_per_participant(measures):
    assert len(measures) == 20
    assert (measures["group"] == "depressed").sum() == 12
    assert set(measures.columns) >= {"group", "medication", "site", "within_dmn", "within_dmn_z",
                                     "dmn_task_beta"}
    assert np.allclose(measures["within_dmn_z"], np.arctanh(measures["within_dmn"]))
    assert measures["within_dmn"].between(0.2, 0.9).all()
    assert (measures["dmn_task_beta"] < 0).mean() > 0.8  # the DMN deactivates in most people
    assert "SIMULATED" in measures.attrs["simulated"]


def test_within_dmn_and_deactivation_match_their_definitions():
    from dmnlab.cohort import states
    from dmnlab.cohort.signals import simulate_run
    from dmnlab.methods.glm import task_effect
    from dmnlab.study import protocol

    rest = simulate_run(seed=3)
    pairs = rest[list(DMN_NODES)].corr().to_numpy()[np.triu_indices(len(DMN_NODES), 1)]
    assert depression.within_dmn_connectivity(rest) == pytest.approx(np.tanh(np.arctanh(pairs).mean()))
    events = protocol.task_events()
    healthy = simulate_run(states.state_parameters("healthy"), protocol.TASK_VOLUMES, seed=4, events=events)
    beta = depression.dmn_deactivation(healthy, events)
    assert beta == pytest.approx(task_effect(healthy, events, 2.0)[list(DMN_NODES)].mean())
    assert beta < -0.3
    failed = states.state_parameters("healthy").with_changes(
        task_response={label: 0.0 for label in DMN_NODES})
    assert depression.dmn_deactivation(
        simulate_run(failed, protocol.TASK_VOLUMES, seed=4, events=events), events) > beta + 0.3


def test_compare_groups_and_table(measures):
    result = depression.compare_groups(measures)
    patients, controls = split_groups(measures, "within_dmn_z")
    assert result["effect"].g == pytest.approx(stats.hedges_g(patients, controls).g)
    assert result["effect"].g > 0.3  # teaching mode: hyperconnectivity built in (g = +1.0)
    table = depression.comparison_table(measures, n_permutations=500)
    assert list(table["comparison"])[:1] == ["all patients − controls"]
    assert {"g", "95% CI", "permutation p"} <= set(table.columns)


@pytest.mark.slow
def test_the_course_data_give_a_small_within_dmn_effect():
    real = depression.cohort_measures()
    assert (real["group"] == "control").sum() == 36 and (real["group"] == "depressed").sum() == 60
    effect = depression.compare_groups(real)["effect"]
    assert abs(effect.g) < 0.7 and effect.ci_high - effect.ci_low > 0.6  # small and uncertain


# --- study simulator -----------------------------------------------------------------------------
def test_simulated_studies_follow_the_configured_effect():
    realistic = depression.simulate_dmn_studies(100, "realistic")
    teaching = depression.simulate_dmn_studies(100, "teaching")
    designed = parameters.expected_group_difference("within DMN", "realistic")
    assert realistic["true_g"] == pytest.approx(designed, abs=1e-9) and -0.3 < designed < -0.2
    assert teaching["true_g"] == pytest.approx(1.0)
    assert np.mean(realistic["g"]) == pytest.approx(realistic["true_g"], abs=0.05)
    assert np.mean(teaching["g"]) == pytest.approx(1.0, abs=0.05)
    # The share of significant studies estimates the power (500 studies: SE ≤ 0.023).
    for result in (realistic, teaching, depression.simulate_dmn_studies(20, "realistic")):
        assert result["power"] == pytest.approx(result["exact_power"], abs=0.07)
    small = depression.simulate_dmn_studies(10, "realistic")
    assert small["wrong_sign"] > 0.15 and small["mean_abs_g_significant"] > 0.8  # winner's curse
    again = depression.simulate_dmn_studies.__wrapped__(100, "realistic")
    assert np.array_equal(again["g"], realistic["g"])  # fixed seed
    with pytest.raises(ValueError, match="at least 2"):
        depression.simulate_dmn_studies(1)


def test_study_simulator_explorer_updates_histograms_in_place():
    explorer = depression.study_simulator_explorer()
    explorer.live_widget()
    all_hist, sig_hist = explorer.g_histogram, explorer.significant_g_histogram
    p_hist, p_sig = explorer.p_histogram, explorer.significant_p_histogram
    truth = explorer.truth_line

    def heights(patch):
        return np.asarray(patch.get_data().values)

    assert heights(all_hist).sum() == pytest.approx(100)  # % of 500 studies, fixed bins
    assert heights(p_hist).sum() == pytest.approx(100)
    assert np.all(heights(sig_hist) <= heights(all_hist) + 1e-9)  # significant ⊂ all
    result = depression.simulate_dmn_studies(20, "realistic")
    assert heights(sig_hist).sum() == pytest.approx(100 * result["power"])
    assert heights(p_sig)[0] == pytest.approx(heights(p_hist)[0])
    small_spread = heights(all_hist).copy()
    src = _image_src(explorer)
    explorer.inputs["n_per_group"].value = 400
    assert heights(all_hist).max() > 2 * small_spread.max()  # larger studies: narrower distribution
    assert _image_src(explorer) != src
    explorer.inputs["mode"].value = "teaching"
    assert truth.get_xdata()[0] == pytest.approx(1.0)
    assert heights(p_hist)[0] > 95  # nearly every large teaching-mode study is significant
    text = explorer.shown_html()
    assert "400 patients" in text and "teaching" in text and "%" in text
    assert len(explorer.timings_ms) == 2


def test_study_simulator_explorer_alt_text_has_the_numbers():
    explorer = depression.study_simulator_explorer()
    result = depression.simulate_dmn_studies(20, "realistic")
    alt = explorer.describe(n_per_group=20, mode="realistic")
    assert f"{result['power']:.0%}" in alt and f"{result['wrong_sign']:.0%}" in alt
    assert f"true g = {parameters.expected_group_difference('within DMN', 'realistic'):.2f}" in alt


def test_study_simulator_explorer_static_book_has_ten_states(monkeypatch):
    explorer = depression.study_simulator_explorer()
    assert len(list(explorer.static_states())) == 10
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    html = explorer._repr_mimebundle_()["text/html"]
    assert html.count("data:image/png;base64,") == 2 * (10 + 1)   # wide and narrow (phone) renditions
    assert 'type="range"' in html and "<select" in html
    assert html_module.escape(SIMULATED_NOTE) in html  # the course's one simulated-data note
    assert explorer.values == {"n_per_group": 20, "mode": "realistic"}


# --- virtual patient -----------------------------------------------------------------------------
def test_virtual_patient_explorer_matrix_and_time_course_follow_the_controls():
    explorer = depression.virtual_patient_explorer()
    explorer.live_widget()
    image, line = explorer.patient_matrix, explorer.patient_line
    dmn = [NODE_LABELS.index(label) for label in DMN_NODES]

    def dmn_block():
        matrix = np.asarray(image.get_array())
        return matrix[np.ix_(dmn, dmn)][np.triu_indices(len(dmn), 1)].mean()

    def dip():
        time, signal = line.get_xdata(), line.get_ydata()
        return signal[(time >= 10) & (time <= 34)].mean()

    healthy_block, healthy_dip = dmn_block(), dip()
    assert healthy_dip < -0.3  # the healthy DMN is suppressed during task blocks
    src = _image_src(explorer)
    explorer.inputs["coupling"].value = 0.8
    assert dmn_block() > healthy_block + 0.15  # hyperconnectivity: a redder DMN block
    assert _image_src(explorer) != src
    explorer.inputs["failure"].value = 1.0
    assert dip() > healthy_dip + 0.3  # impaired deactivation: the dip shrinks
    text = explorer.shown_html()
    assert "coupling 0.8" in text and "100% deactivation failure" in text


def test_virtual_patient_explorer_has_at_most_40_static_states_and_clear_errors():
    explorer = depression.virtual_patient_explorer()
    assert len(list(explorer.static_states())) == 30
    with pytest.raises(widgets.WidgetValueError, match="Within-DMN coupling: 0.95"):
        explorer.set(coupling=0.95)
    with pytest.raises(widgets.WidgetValueError, match="Unknown control"):
        explorer.set(severity=1)
    assert explorer.values == {"coupling": 0.5, "failure": 0.0}


def test_registered_widgets_are_zero_argument_factories():
    factories = chapter("depression").widget_factories()
    assert set(factories) == {"virtual_patient_explorer", "study_simulator_explorer"}
    for factory in factories.values():
        assert isinstance(factory(), widgets.Explorer)


# --- figures -------------------------------------------------------------------------------------
def test_figures_show_what_they_claim(measures):
    figure = depression.plot_group_comparison(measures)
    ax = figure.axes[0]
    assert len(ax.collections) >= 2  # one cloud of dots per group
    assert "g = " in ax.texts[0].get_text()
    power = depression.plot_power_curve(effects=(0.25, 1.0), studies={"A study": (28, 20)})
    labels = [text.get_text() for text in power.axes[0].get_legend().get_texts()]
    assert labels[0].endswith("n = 253 per group") and labels[1].endswith("n = 17 per group")
    assert any("28 vs 20: 13%" in text.get_text() for text in power.axes[0].texts)


def test_plots_before_an_exercise_show_the_data_not_its_answer(measures):
    """Issue 21: the plot before exercise 3.2 printed g, its interval and p (the answer) in its title."""
    effect = stats.hedges_g(*split_groups(measures, "within_dmn_z"))
    bare = depression.plot_group_comparison(measures, show_stats=False)
    assert not bare.axes[0].texts and "g = " not in bare.alt_text and f"{effect.g:+.2f}" not in bare.alt_text
    sites = depression.plot_site_comparison(measures)
    names = sorted(measures["site"].unique())
    assert len(sites.axes) == len(names) and [ax.get_title() for ax in sites.axes] == [f"Site {n}" for n in names]
    assert not any(ax.texts for ax in sites.axes) and "g = " not in sites.alt_text
    assert sites.alt_text.startswith(f"{len(names)} panels, one per scanning site")
    shown = depression.plot_site_comparison(measures, show_stats=True)
    at_a = measures[measures["site"] == names[0]]
    g_a = stats.hedges_g(*split_groups(at_a, "within_dmn_z")).g
    assert f"g = {g_a:+.2f}" in shown.axes[0].texts[0].get_text()



def test_every_figure_has_an_alt_text_with_its_numbers(measures):
    """The alt text (PNG Description, copied into the book's alt attribute) gives the key numbers."""
    patients, controls = split_groups(measures, "within_dmn_z")
    effect = stats.hedges_g(patients, controls)
    g_text = f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]"
    beta_effect = stats.hedges_g(*split_groups(measures, "dmn_task_beta"))
    result = stats.permutation_test(patients, controls, 2000, seed=0)
    signatures = depression.three_signatures("teaching")
    expected = {
        "plot_group_comparison": (depression.plot_group_comparison(measures),
                                  [g_text, "8 controls and 12 patients", "simulated data"]),
        "plot_group_comparison (β)": (
            depression.plot_group_comparison(measures, "dmn_task_beta", title="DMN task β"),
            [f"g = {beta_effect.g:+.2f}", "DMN task β:", "simulated data"]),
        "plot_null_distribution": (depression.plot_null_distribution(result),
                                   [f"p = {result.p_value:.3f}", f"{result.difference:+.3f}",
                                    "simulated data"]),
        "plot_cohort_contrast": (depression.plot_cohort_contrast(measures, measures),
                                 ["Realistic mode", "Teaching mode", g_text, "SIMULATED"]),
        "plot_power_curve": (depression.plot_power_curve(effects=(0.25, 1.0),
                                                         studies={"A study": (28, 20)}),
                             ["253 participants per group for g = 0.25", "17 for g = 1",
                              "A study (28 vs 20) 13%"]),
        "plot_three_signatures": (depression.plot_three_signatures("teaching"),
                                  [f"SD {signatures['healthy']['amplitude']:.2f}",
                                   f"{signatures['depressed']['amplitude']:.2f} (depressed)",
                                   "simulated data"]),
    }
    assert_alt_texts(expected)
    # Both panels of the contrast are described, each with its title.
    contrast = expected["plot_cohort_contrast"][0].alt_text
    assert contrast.count(g_text) == 2 and contrast.index("Realistic") < contrast.index("Teaching")


def test_null_distribution_plot_marks_the_extreme_share():
    result = stats.permutation_test([1.0, 2.0, 3.0, 4.0, 5.0], [2.5, 3.5, 4.5, 5.5, 6.5], 2000, seed=0)
    figure = depression.plot_null_distribution(result)
    ax = figure.axes[0]
    share = np.mean(np.abs(result.null_distribution) >= abs(result.difference))
    assert f"({share:.1%})" in ax.get_legend().get_texts()[1].get_text()
    assert f"p = {result.p_value:.3f}" in ax.get_title()
    assert [line.get_xdata()[0] for line in ax.lines] == pytest.approx([result.difference, -result.difference])


def test_three_signatures_in_teaching_mode():
    data = depression.three_signatures("teaching", n_blocks=10)
    healthy, depressed = data["healthy"], data["depressed"]
    assert depressed["pairs"].mean() > healthy["pairs"].mean() + 0.03  # hyperconnectivity
    assert depressed["amplitude"] > healthy["amplitude"]  # larger DMN fluctuations
    task = (healthy["epoch_time"] >= 10) & (healthy["epoch_time"] <= 34)
    assert depressed["epoch"][task].mean() > healthy["epoch"][task].mean() + 0.2  # weaker dip


# --- checkers ------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fresh_hint_steps():
    """Each test starts from the first hint step (the decorator counts "not yet" per exercise)."""
    for number in [f"3.{k}" for k in range(1, 9)]:
        checks.ATTEMPTS.pop(number, None)


def _hedges(a, b, ddof=1, spread="pooled", correct=True):
    """Hedges' g of a − b with its interval, as a learner writes it (optionally with a typical mistake)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_a, n_b = a.size, b.size
    df = n_a + n_b - 2
    pooled = np.sqrt(((n_a - 1) * a.var(ddof=ddof) + (n_b - 1) * b.var(ddof=ddof)) / df)
    d = (a.mean() - b.mean()) / (b.std(ddof=1) if spread == "controls" else pooled)
    j = 1 - 3 / (4 * df - 1) if correct else 1.0
    se = j * np.sqrt((n_a + n_b) / (n_a * n_b) + d ** 2 / (2 * (n_a + n_b)))
    return j * d, j * d - 1.96 * se, j * d + 1.96 * se


def _permutation(a, b, n_permutations, seed, rule="two-sided"):
    """A learner's permutation loop (optionally with a typical mistake)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed if rule != "unseeded" else None)
    pooled, observed = np.concatenate([a, b]), a.mean() - b.mean()
    differences = np.empty(n_permutations)
    for i in range(n_permutations):
        shuffled = rng.permutation(pooled)
        differences[i] = shuffled[:a.size].mean() - shuffled[a.size:].mean()
    if rule == "one-sided":
        return np.mean(differences >= observed)
    if rule == "strict":
        return np.mean(np.abs(differences) > abs(observed))
    return np.mean(np.abs(differences) >= abs(observed))


def test_hedges_g_function_right_and_three_typical_mistakes():
    """Exercise 3.2: the checker runs the learner's function on its own inputs and names the mistake."""
    right = depression.check_hedges_g(_hedges)
    assert right.correct and "identical groups" in right.message
    assert depression.check_hedges_g(lambda a, b: stats.hedges_g(a, b)).correct   # exact J, EffectSize
    for function, named in ((lambda a, b: _hedges(a, b, correct=False), "correction J is missing"),
                            (lambda a, b: _hedges(a, b, spread="controls"), "second group's SD"),
                            (lambda a, b: _hedges(b, a), "sign is flipped"),
                            (lambda a, b: _hedges(a, b, ddof=0), "divide by n, not n − 1")):
        feedback = depression.check_hedges_g(function)
        assert not feedback.correct and named in feedback.message, feedback
    only_g = depression.check_hedges_g(lambda a, b: _hedges(a, b)[0])
    assert not only_g.correct and "three" in only_g.message
    unfinished = depression.check_hedges_g(lambda a, b: None)
    assert not unfinished.correct and "return g, low, high" in unfinished.hint
    # A mistake no list names still gets the first input it fails on.
    off = depression.check_hedges_g(lambda a, b: np.array(_hedges(a, b)) + 0.1)
    assert not off.correct and "on the worked example" in off.message


def test_hedges_g_checker_edge_cases_are_right_by_construction():
    """The checker's own inputs include identical groups (g = 0), groups of 2 and unequal sizes."""
    from dmnlab.depression._exercises import _hedges_cases

    cases = {label: (args, expected) for label, args, expected in _hedges_cases()}
    identical = next(value for label, value in cases.items() if "identical" in label)
    assert identical[1].rows[0][0] == 0 and identical[1].rows[0][1] == -identical[1].rows[0][2]
    pairs = next(value for label, value in cases.items() if "groups of 2" in label)
    assert [group.size for group in pairs[0]] == [2, 2]
    for args, expected in cases.values():
        exact = stats.hedges_g(*args)
        assert expected.rows[-1] == pytest.approx([exact.g, exact.ci_low, exact.ci_high], rel=1e-4, abs=1e-3)


def test_permutation_function_right_and_three_typical_mistakes():
    """Exercise 3.4: the learner's permutation_p against the exact p of every split."""
    right = depression.check_permutation_function(_permutation)
    assert right.correct and "p = 1" in right.message
    assert depression.check_permutation_function(
        lambda a, b, n, seed: stats.permutation_test(a, b, n, seed=seed)).correct
    for function, named in ((lambda *args: _permutation(*args, rule="one-sided"), "one-sided"),
                            (lambda *args: _permutation(*args, rule="strict"), "ties"),
                            (lambda *args: _permutation(*args, rule="unseeded"), "same seed")):
        feedback = depression.check_permutation_function(function)
        assert not feedback.correct and named in feedback.message, feedback
    count = depression.check_permutation_function(lambda a, b, n, seed: 5)
    assert not count.correct and "between 0 and 1" in count.message


def test_exact_permutation_p_of_the_worked_example():
    from dmnlab.depression._exercises import _exact_p

    assert _exact_p([5, 7, 9], [2, 3, 4], 1000).p == pytest.approx(0.1)
    assert _exact_p([1, 2, 3], [1, 2, 3], 1000).p == 1.0
    assert _exact_p([10, 11, 12, 13], [1, 2, 3, 4], 1000).p == pytest.approx(2 / 70)


def test_hints_come_in_steps_nudge_then_method_then_code():
    """Three wrong answers in a row: the nudge, then the method in words, then the line of code."""
    flipped = lambda a, b: _hedges(b, a)  # noqa: E731
    first, second, third = (depression.check_hedges_g(flipped) for _ in range(3))
    assert "mean(a) − mean(b)" in first.hint and "Method:" not in first.hint
    assert "Method:" in second.hint and "pooled SD" in second.hint and "Code:" not in second.hint
    assert "Code:" in third.hint and "ddof=1" in third.hint
    # Another exercise counts its own attempts.
    assert "Method:" not in depression.check_site_effects({"A": 1.0}, None).hint
    # An unanswered exercise does not count as a try.
    checks.ATTEMPTS.pop("3.8", None)
    depression.check_sample_size(None)
    assert "3.8" not in checks.ATTEMPTS


def test_every_checker_has_its_exercise_number():
    numbers = {name: getattr(depression, name).exercise for name in depression.__all__ if name.startswith("check_")}
    assert sorted(numbers.values()) == [f"3.{k}" for k in range(1, 10)], numbers


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=lambda a: type(a).__name__)
def test_checkers_never_raise_on_wrong_types(measures, answer):
    for feedback in (depression.check_within_dmn_values(answer, measures),
                     depression.check_hedges_g(answer),
                     depression.check_site_effects(answer, measures),
                     depression.check_permutation_function(answer),
                     depression.check_deactivation_values(answer, measures),
                     depression.check_permutation_p(answer, measures),
                     depression.check_medication_effect(answer, measures),
                     depression.check_sample_size(answer),
                     depression.check_hippocampus_sample_size(answer)):
        assert isinstance(feedback, checks.Feedback)
        assert not feedback.correct
        assert feedback.message


def test_within_dmn_values_right_and_common_mistakes(measures):
    values = measures["within_dmn"]
    assert depression.check_within_dmn_values(values, measures).correct
    assert depression.check_within_dmn_values(values.to_dict(), measures).correct
    assert depression.check_within_dmn_values(values.sample(frac=1, random_state=0), measures).correct
    assert depression.check_within_dmn_values(list(values), measures).correct
    assert "Fisher z" in depression.check_within_dmn_values(np.arctanh(values), measures).message
    shuffled = depression.check_within_dmn_values(values.to_numpy()[::-1], measures)
    assert not shuffled.correct and "order" in shuffled.message
    assert "lacks" in depression.check_within_dmn_values(values.iloc[:-2], measures).message
    assert "20 participants" in depression.check_within_dmn_values(values.to_numpy()[:5], measures).message


def _site_effects(measures, column="within_dmn_z", flip=False):
    effects = {}
    for site in sorted(measures["site"].unique()):
        here = measures[measures["site"] == site]
        patients, controls = split_groups(here, column)
        effects[site] = stats.hedges_g(controls, patients) if flip else stats.hedges_g(patients, controls)
    return effects


def test_site_effects_right_and_mistakes(measures):
    """Exercise 3.3: g per site, not the page's pooled g (issue 21: the page printed the old answer)."""
    effects = _site_effects(measures)
    good = depression.check_site_effects(effects, measures)
    assert good.correct and all(f"{site} {effect.g:+.2f}" in good.message for site, effect in effects.items())
    as_triples = {site: (e.g, e.ci_low, e.ci_high) for site, e in effects.items()}
    assert depression.check_site_effects(as_triples, measures).correct
    assert depression.check_site_effects(pd.Series({s: e.g for s, e in effects.items()}), measures).correct
    flipped = depression.check_site_effects({s: e.g for s, e in _site_effects(measures, flip=True).items()}, measures)
    assert not flipped.correct and "flipped" in flipped.message
    pooled = stats.hedges_g(*split_groups(measures, "within_dmn_z")).g
    copied = depression.check_site_effects({site: pooled for site in effects}, measures)
    assert not copied.correct and "whole cohort" in copied.message
    missing = depression.check_site_effects({"A": 0.1}, measures)
    assert not missing.correct and "lacks" in missing.message
    on_r = depression.check_site_effects({s: e.g for s, e in _site_effects(measures, "within_dmn").items()}, measures)
    assert on_r.correct and "not z" in on_r.message


def test_permutation_p_of_the_task_beta_right_and_mistakes(measures):
    """Exercise 3.6: the learner's permutation_p on the task β (the page gives g, not this p)."""
    patients, controls = split_groups(measures, "dmn_task_beta")
    result = stats.permutation_test(patients, controls, n_permutations=5000, seed=1)
    assert depression.check_permutation_p(result, measures).correct
    assert depression.check_permutation_p(_permutation(patients, controls, 2000, 0), measures).correct
    assert "between 0 and 1" in depression.check_permutation_p(3.5, measures).message
    mid = depression.simulate_cohort_measures("realistic", 10, 10, seed=2)
    p_mid, c_mid = split_groups(mid, "dmn_task_beta")
    two_sided = stats.permutation_test(p_mid, c_mid, 20_000, seed=0).p_value
    assert 0.1 < two_sided < 0.95  # so that half of it is distinguishable
    one_sided = depression.check_permutation_p(two_sided / 2, mid)
    assert not one_sided.correct and "one-sided" in one_sided.message
    g = stats.hedges_g(p_mid, c_mid).g
    if 0 < g < 1 and abs(g - two_sided) > 0.05:
        assert "Hedges' g" in depression.check_permutation_p(g, mid).message


def test_wrong_p_values_do_not_reveal_the_answer(measures):
    patients, controls = split_groups(measures, "dmn_task_beta")
    expected = stats.permutation_test(patients, controls, 20_000, seed=12345).p_value
    wrong = depression.check_permutation_p(min(expected + 0.3, 0.99), measures)
    assert not wrong.correct and f"{expected:.2f}" not in wrong.message + wrong.hint


def test_deactivation_values_checker(measures):
    betas = measures["dmn_task_beta"]
    assert depression.check_deactivation_values(betas, measures).correct
    flipped = depression.check_deactivation_values(-betas, measures)
    assert not flipped.correct and "sign" in flipped.message


def test_medication_checker(measures):
    patients = measures[measures["group"] == "depressed"]
    medicated = patients.loc[patients["medication"] == "antidepressant", "within_dmn_z"]
    unmedicated = patients.loc[patients["medication"] == "none", "within_dmn_z"]
    controls = measures.loc[measures["group"] == "control", "within_dmn_z"]
    good = depression.check_medication_effect(stats.hedges_g(medicated, unmedicated), measures)
    assert good.correct and "association" in good.message
    # What the learner's my_hedges_g returns: (g, low, high).
    assert depression.check_medication_effect(_hedges(medicated, unmedicated), measures).correct
    wrong_groups = depression.check_medication_effect(stats.hedges_g(medicated, controls).g, measures)
    assert not wrong_groups.correct


def test_exercise_3_7_sign_flip_hint_names_the_comparison_the_exercise_asks_for(measures):
    """Defect: unmedicated minus medicated was told "Compute patients minus controls:
    hedges_g(patients, controls)" — the wrong comparison for the medication exercise."""
    patients = measures[measures["group"] == "depressed"]
    medicated = patients.loc[patients["medication"] == "antidepressant", "within_dmn_z"]
    unmedicated = patients.loc[patients["medication"] == "none", "within_dmn_z"]
    flipped = depression.check_medication_effect(stats.hedges_g(unmedicated, medicated).g, measures)
    assert not flipped.correct and "sign" in flipped.message
    assert "medicated minus unmedicated" in flipped.hint and "my_hedges_g(medicated, unmedicated)" in flipped.hint
    assert "controls" not in flipped.hint


def test_numeric_checkers_say_give_a_number_not_text(measures):
    """Defect: exercise 3.2 accepted "-0.29", a string copied from the page, as correct."""
    for feedback in (depression.check_medication_effect("-0.45", measures),
                     depression.check_site_effects({"A": "-0.53", "B": "0.31", "C": "-0.65"}, measures),
                     depression.check_permutation_p("0.33", measures),
                     depression.check_sample_size("100"),
                     depression.check_hippocampus_sample_size("758")):
        assert not feedback.correct and "text" in feedback.message, feedback


def test_sample_size_checker():
    """Exercise 3.8 asks for g = 0.4 (the page works out 0.25 and 1.0, so its 253 is not the answer)."""
    assert depression.check_sample_size(100).correct
    assert depression.check_sample_size(np.int64(101)).correct
    assert not depression.check_sample_size(253).correct
    assert depression.check_sample_size(253, effect_size=0.25).correct
    total = depression.check_sample_size(200)
    assert not total.correct and "total" in total.message
    one_sided = depression.check_sample_size(78)
    assert not one_sided.correct and "one-sided" in one_sided.message
    low = depression.check_sample_size(30)
    assert not low.correct and "power" in low.message
    assert "more than needed" in depression.check_sample_size(150).message


@pytest.mark.slow
def test_page_numbers_feed_every_glue_reference_of_the_page():
    from dmnlab.course.prose import Words
    from support.pages import glue_references, shared_glue

    numbers = depression.page_numbers()
    # The page glues its own numbers, the followed patient's (pt_*) and the times (time_*).
    assert glue_references("depression") <= set(numbers) | shared_glue("depression")
    assert isinstance(numbers["ch3_beta_direction"], Words)
    assert numbers["ch3_n_needed"] == stats.n_for_power(0.25)


def test_the_followed_patient_is_placed_among_both_groups():
    """The patient-thread box: one person's value sits inside both groups' spread (SIMULATED)."""
    from dmnlab.shared.patient import THREAD_PATIENT, patient_numbers

    measures = depression.cohort_measures()
    place = depression.thread_patient_place(measures)
    assert place["within_dmn"] == pytest.approx(patient_numbers()["pt_within_dmn_baseline"])
    patients = measures[(measures["group"] == "depressed") & (measures.index != THREAD_PATIENT)]
    assert place["above_patients"] == pytest.approx((patients["within_dmn"] < place["within_dmn"]).mean())
    # Neither at the bottom nor at the top of either group: a single value cannot tell the groups apart.
    assert 0 < place["above_patients"] < 1 and 0 < place["above_controls"] < 1


# --- REAL effect sizes (ENIGMA-MDD) ----------------------------------------------------------------
def test_enigma_effects_are_small_structural_and_counted_once():
    """The page's claims about the REAL data: every |d| below 0.2 ("negligible"), in every split."""
    from dmnlab.course.prose import effect_size_word
    from dmnlab.datasets.enigma import load_enigma

    thickness = depression.thickness_effects()
    assert len(thickness) == 68 and thickness["d"].abs().is_monotonic_decreasing
    assert thickness["name"].iloc[0] == "medial orbitofrontal (L)"
    for group in ("all", "first episode", "recurrent"):
        table = load_enigma("subcortical", group)
        assert len(table) == table["structure"].nunique() == 8      # each structure once
        assert table["d"].abs().max() < 0.2
    for group in ("adult", "first episode", "recurrent"):
        assert load_enigma("thickness", group)["d"].abs().max() < 0.2
    numbers = depression.enigma_numbers()
    assert numbers["ch3_enigma_max_abs_d"] < 0.15 and numbers["ch3_enigma_max_abs_d_split"] < 0.2
    assert str(numbers["ch3_enigma_size_word"]) == effect_size_word(numbers["ch3_enigma_max_abs_d"]) == "negligible"
    # Hippocampus: −0.14 overall, driven by recurrent illness; the first-episode interval includes zero.
    assert numbers["ch3_enigma_hippo_d"] == pytest.approx(-0.144) == depression.hippocampus_d()
    assert numbers["ch3_enigma_hippo_recurrent"] < numbers["ch3_enigma_hippo_d"] < numbers["ch3_enigma_hippo_first"]
    assert numbers["ch3_enigma_hippo_first_lo"] < 0 < numbers["ch3_enigma_hippo_first_hi"]
    assert numbers["ch3_enigma_hippo_hi"] < 0 and numbers["ch3_enigma_hippo_recurrent_hi"] < 0
    assert str(numbers["ch3_enigma_patients_about"]) == "1,700–1,900"


def test_enigma_forest_plot_shows_the_data_and_says_so():
    from dmnlab.datasets.enigma import load_enigma

    figure = depression.plot_enigma_forest()
    left, right = figure.axes[:2]
    assert len(left.get_yticklabels()) == depression.N_REGIONS_SHOWN + 1      # 15 regions + "the other 53"
    assert [t.get_text() for t in right.get_yticklabels()][3] == "hippocampus"
    assert "REAL" in figure._suptitle.get_text()
    hippocampus = {group: load_enigma("subcortical", group).set_index("structure").loc["hippocampus"]
                   for group in ("all", "first episode", "recurrent")}
    intervals = [f"d = {row['d']:+.2f} [{row['ci_low']:+.2f}, {row['ci_high']:+.2f}]" for row in hippocampus.values()]
    assert_alt_texts({"plot_enigma_forest": (figure, [
        "REAL ENIGMA-MDD", "15 of 68 regions", "medial orbitofrontal (L), d = -0.13 [-0.21, -0.06]",
        "the other 53 regions", "1,781–1,902 patients and 7,551–7,657 controls", "1,652–1,700 against 6,957–7,060",
        "first-episode (550–573)", "recurrent (1,073–1,102)", *intervals, "each counted once",
        "Every dot lies inside the grey band"])})


def test_hippocampus_sample_size_checker_and_its_typical_mistakes():
    """Exercise 3.9: n per group for the REAL hippocampal d (from the data), 80% power, two-sided."""
    d = depression.hippocampus_d()
    exact, rounded = stats.n_for_power(d), stats.n_for_power(round(d, 2))
    assert (exact, rounded) == (758, 802)
    for right in (exact, rounded, np.int64(780), float(exact)):
        assert depression.check_hippocampus_sample_size(right).correct, right
    mistakes = {2 * exact: "total", 2 * rounded: "total", stats.n_for_power(d, alpha=0.1): "one-sided",
                stats.n_for_power(depression.hippocampus_d("recurrent")): "recurrent",
                stats.n_for_power(depression.hippocampus_d("first episode")): "first-episode",
                stats.n_for_power(depression.thickness_effects()["d"].iloc[0]): "cortical-thickness",
                253: "g = 0.25", 394: "Cohen's 'small'", 100: "power", 5000: "more than needed"}
    for answer, named in mistakes.items():
        feedback = depression.check_hippocampus_sample_size(answer)
        assert not feedback.correct and named in feedback.message, (answer, feedback)
        assert str(exact) not in feedback.message, (answer, feedback)          # a wrong answer does not reveal n


def test_the_page_and_the_lab_do_not_print_the_hippocampal_sample_size():
    """The page shows d, never the n of exercise 3.9; the lab prints it only in its hidden solution."""
    import json

    d = depression.hippocampus_d()
    answers = {str(n) for n in (stats.n_for_power(d), stats.n_for_power(round(d, 2)))}
    page = chapter("depression").page_path().read_text(encoding="utf-8")
    assert not any(n in page for n in answers)
    assert not any(value in (758, 802) for value in depression.enigma_numbers().values()
                   if isinstance(value, int))
    lab = json.loads(chapter("depression").lab_path().read_text(encoding="utf-8"))
    shown = [cell for cell in lab["cells"] if "solution" not in cell["metadata"].get("tags", [])]
    assert not any(n in "".join(cell["source"]) for cell in shown for n in answers)
    solution = [cell for cell in lab["cells"] if "check_hippocampus_sample_size(solution" in "".join(cell["source"])]
    assert solution and "hide-cell" in solution[0]["metadata"]["tags"]

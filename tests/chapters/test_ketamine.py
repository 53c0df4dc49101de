"""Chapter 5 (ketamine): paired effects against SciPy, the session table against the design,
sample entropy's dependence on settings, trial simulations against the binomial model, widgets
headless, and every checker on right answers, named mistakes, wrong types and None."""
import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from dmnlab import ketamine
from dmnlab.methods import stats
from dmnlab.methods.complexity import sample_entropy


@pytest.fixture(scope="module")
def table():
    return ketamine.session_table()


@pytest.fixture(scope="module")
def course():
    return ketamine.madrs_course()


def test_paired_effect_against_scipy():
    rng = np.random.default_rng(0)
    person = rng.normal(0, 1, 40)
    before = person + rng.normal(0, 0.4, 40)
    after = person + 0.4 + rng.normal(0, 0.4, 40)
    result = stats.paired_effect(before, after)
    change = after - before
    assert result["p"] == pytest.approx(scipy_stats.ttest_rel(after, before).pvalue)
    assert result["d_z"] == pytest.approx(change.mean() / change.std(ddof=1))
    interval = scipy_stats.ttest_rel(after, before).confidence_interval(0.95)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((interval.low, interval.high))
    # Stable person differences: pairing is far more sensitive than an unpaired test.
    assert result["retest_r"] > 0.6 and result["p"] < result["unpaired_p"] / 10


def test_session_table_covers_every_patient_and_session(table):
    assert len(table) == 60 * 5 and table["session"].nunique() == 5
    assert table.loc[table.session == "infusion", "madrs"].isna().all()
    assert table.loc[table.session != "infusion", "madrs"].notna().all()
    assert set(table["response"]) == {"responder", "non-responder"}


def test_designed_infusion_directions_show_in_the_shipped_sample(table):
    assert ketamine.paired_change("within_dmn", table=table)["mean_change"] < 0
    assert ketamine.paired_change("between_networks", table=table)["mean_change"] > 0
    assert ketamine.paired_change("entropy", table=table)["mean_change"] > 0
    assert ketamine.paired_change("mpfc_share", table=table)["mean_change"] < 0
    # Mostly gone at 24 h: a small residue of the within-DMN change.
    at_24h = ketamine.paired_change("within_dmn", "24h", table)["mean_change"]
    assert ketamine.paired_change("within_dmn", table=table)["mean_change"] < at_24h


def test_bad_measure_or_session_is_explained():
    from dmnlab.course.errors import CourseInputError

    with pytest.raises(CourseInputError, match="Unknown measure"):
        ketamine.paired_change("nonsense")
    with pytest.raises(CourseInputError, match="Unknown session"):
        ketamine.paired_change("within_dmn", "baseline")
    with pytest.raises(CourseInputError, match="Unknown comparison"):
        ketamine.trial_differences("water")


def test_response_summary_matches_the_ratings(course):
    summary = ketamine.response_summary()
    fall = (course["baseline"] - course["24h"]) / course["baseline"]
    assert summary["response_24h"] == pytest.approx((fall >= 0.5).mean())
    assert summary["remission_24h"] == pytest.approx((course["24h"] <= 9).mean())
    assert summary["response_day7"] < summary["response_24h"] and summary["response_day14"] < summary["response_day7"]
    # Response read off the ratings agrees with the participants table.
    assert ((fall >= 0.5) == (course["response"] == "responder")).all()


def test_entropy_depends_on_signal_and_method():
    smooth, rough = ketamine.example_signal(0.95, 0.0), ketamine.example_signal(0.5, 0.5)
    assert sample_entropy(smooth) < sample_entropy(rough)
    assert sample_entropy(rough, r=0.1) > sample_entropy(rough, r=0.3)  # tighter tolerance, fewer matches
    assert sample_entropy(smooth, r=0.1) != pytest.approx(sample_entropy(smooth, r=0.3), abs=0.2)


def test_trial_simulation_matches_the_binomial_model():
    result = ketamine.trial_differences("active placebo", 50, n_trials=1000)
    assert result["true_difference"] == pytest.approx(0.45 - 0.18)
    assert result["observed"].mean() == pytest.approx(0.27, abs=0.01)
    expected_sd = math.sqrt(0.45 * 0.55 / 50 + 0.18 * 0.82 / 50)
    assert result["observed"].std() == pytest.approx(expected_sd, rel=0.08)
    saline = ketamine.trial_differences("saline", 20)
    assert saline["share_significant"] > 0.9 > ketamine.trial_differences("active placebo", 20)["share_significant"]


def test_widgets_follow_their_controls():
    week = ketamine.patient_week_explorer()
    week.live_widget()
    change_image = week.change_image
    assert np.allclose(np.array(change_image.get_array()), 0)  # baseline minus baseline
    week.inputs["session"].value = "infusion"
    assert np.array(change_image.get_array())[0, 0] < 0  # within-DMN falls during the infusion
    assert "infusion" in week.live_widget().children[-1].value

    entropy = ketamine.entropy_explorer()
    entropy.live_widget()
    bar = entropy.entropy_bar
    low = bar.get_height()
    entropy.inputs["persistence"].value = 0.5
    assert bar.get_height() > low

    placebo = ketamine.placebo_explorer()
    placebo.live_widget()
    placebo.inputs["comparison"].value = "active placebo"
    assert "27%" in placebo.live_widget().children[-1].value


def test_figures_have_alt_text_with_the_data(course):
    text = ketamine.plot_madrs_course().alt_text
    assert f"{ketamine.response_summary()['response_24h']:.0%} respond" in text
    assert "responders" in ketamine.plot_session_changes().alt_text


def test_paired_checker(table):
    wide = table.pivot(index="participant_id", columns="session", values="within_dmn")
    change = wide["infusion"] - wide["baseline"]
    right = change.mean() / change.std(ddof=1)
    assert ketamine.check_paired_dz(right, table).correct
    unpaired = stats.hedges_g(wide["infusion"], wide["baseline"]).g
    if abs(unpaired - right) > 0.01:
        assert "independent groups" in ketamine.check_paired_dz(unpaired, table).hint
    by_baseline_sd = change.mean() / wide["baseline"].std()
    if abs(by_baseline_sd - right) > 0.01:  # in this sample the two SDs can be alike
        assert "SD of the baseline" in ketamine.check_paired_dz(by_baseline_sd, table).hint
    assert "wrong sign" in ketamine.check_paired_dz(-right, table).hint
    assert "no answer yet" in ketamine.check_paired_dz(None, table).message
    assert "single number" in ketamine.check_paired_dz([1, 2], table).message


def test_entropy_checker():
    signal = 3 * ketamine.example_signal(0.8, 0.0)
    assert ketamine.check_sample_entropy(sample_entropy(signal), signal).correct
    unscaled = sample_entropy(signal, r=0.2 / signal.std())
    assert "SD" in ketamine.check_sample_entropy(unscaled, signal).hint
    assert "no answer yet" in ketamine.check_sample_entropy(None, signal).message


def test_response_checker(course):
    right = float(course["response_24h"].mean())
    assert ketamine.check_response_share(right, course).correct
    assert "percentage" in ketamine.check_response_share(right * 100, course).hint
    remission = float(course["remission_24h"].mean())
    assert "remission" in ketamine.check_response_share(remission, course).hint   # even when day 7 gives it too
    assert "no answer yet" in ketamine.check_response_share(None, course).message


def test_nnt_checker():
    assert ketamine.check_nnt(1 / 0.27).correct
    assert "percentage points" in ketamine.check_nnt(1 / 27).hint
    assert "saline" in ketamine.check_nnt(1 / 0.44).hint
    assert "no answer yet" in ketamine.check_nnt(None).message
    assert not ketamine.check_nnt(3.7, "water").correct


# --- Checker defects found by the science review and a learner's tryout (issue 20) ------------------------------

def test_response_checker_names_both_mistakes_when_they_give_the_same_share(course):
    """B3: remission at 24 h and response at day 7 are both 16/60 in the shipped data; the learner who
    computed remission was told only "that uses day 7". Two mistakes with one value name both."""
    table = course.copy()
    remission = float(table["remission_24h"].mean())
    # Make the two shares coincide on any cohort: day-7 response = remission at 24 h, patient by patient.
    table["response_day7"] = table["remission_24h"]
    hint = ketamine.check_response_share(remission, table).hint
    assert "remission" in hint and "day 7" in hint
    count = int(table["remission_24h"].sum())
    assert f"{count} of {len(table)}" in hint            # the count is the learner's data, not a copied number
    # When the two shares differ, each mistake still gets its own message.
    table["response_day7"] = False
    table.loc[table.index[:1], "response_day7"] = True
    if abs(remission - table["response_day7"].mean()) > 0.005:
        only = ketamine.check_response_share(remission, table).hint
        assert "remission" in only and "day 7" not in only


def test_response_checker_says_give_a_proportion_for_a_percentage(course):
    """A percentage (53.3) was told "too high": it is the right share as a percentage."""
    right = float(course["response_24h"].mean())
    for percentage in (round(100 * right, 1), 100 * right):
        feedback = ketamine.check_response_share(percentage, course)
        assert not feedback.correct
        assert "proportion between 0 and 1" in feedback.message and "too high" not in feedback.message
        assert f"{right:.3f}" in feedback.hint
    assert "proportion between 0 and 1" in ketamine.check_response_share(-0.2, course).message


@pytest.mark.parametrize("comparison", ["active placebo", "saline"])
def test_nnt_checker_accepts_the_conventional_rounded_up_nnt(comparison):
    """B4: NNT = 4 (3.7 rounded up to a whole patient, the usual convention) was rejected as "too high"."""
    exact = 1 / (ketamine.RESPONSE_RATES["ketamine"] - ketamine.RESPONSE_RATES[comparison])
    feedback = ketamine.check_nnt(math.ceil(exact), comparison)
    assert feedback.correct and "rounded up" in feedback.message
    assert ketamine.check_nnt(exact, comparison).correct
    down = ketamine.check_nnt(math.floor(exact), comparison)
    assert not down.correct and "rounded *up*" in down.hint


def test_paired_checker_says_when_the_answer_is_another_sessions_d_z(table):
    """Exercise 5.1's 24-h d_z was told "too high" although it is smaller in size: name the session."""
    at_24h = ketamine.paired_change("within_dmn", "24h", table)["d_z"]
    feedback = ketamine.check_paired_dz(at_24h, table)
    assert not feedback.correct and "24 h" in feedback.hint and "too high" not in feedback.message
    right = ketamine.paired_change("within_dmn", "infusion", table)["d_z"]
    smaller = ketamine.check_paired_dz(right / 2 + 0.02 * np.sign(right), table)
    assert "smaller in size" in smaller.message

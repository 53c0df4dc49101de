"""Chapter 5 (ketamine): paired effects against SciPy, the session table against the design,
sample entropy's dependence on settings, trial simulations against the binomial model, widgets
headless, and every checker on right answers, named mistakes, wrong types and None."""
import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from conftest import ODD_ANSWERS
from dmnlab import ketamine
from dmnlab.course import checks
from dmnlab.methods import stats
from dmnlab.methods.complexity import sample_entropy
from dmnlab.study.protocol import is_response


@pytest.fixture(scope="module")
def table():
    return ketamine.session_table()


@pytest.fixture(scope="module")
def course():
    return ketamine.madrs_course()


@pytest.fixture(scope="module")
def ratings():
    return ketamine.madrs_ratings()


@pytest.fixture(scope="module")
def trial():
    return ketamine.simulated_trial("active placebo")


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
    assert week.inputs["session"].value == "24h"   # opens on a change, not on an empty baseline
    assert not np.allclose(np.array(change_image.get_array()), 0)
    week.inputs["session"].value = "baseline"
    assert np.allclose(np.array(change_image.get_array()), 0)  # baseline minus baseline ...
    assert any(t.get_visible() and "no change yet" in t.get_text() for t in week.figure.texts + week.figure.axes[1].texts)
    week.inputs["session"].value = "infusion"
    assert np.array(change_image.get_array())[0, 0] < 0  # within-DMN falls during the infusion
    assert "infusion" in week.shown_html()

    entropy = ketamine.entropy_explorer()
    entropy.live_widget()
    bar = entropy.entropy_bar
    low = bar.get_height()
    entropy.inputs["persistence"].value = 0.5
    assert bar.get_height() > low

    placebo = ketamine.placebo_explorer()
    placebo.live_widget()
    placebo.inputs["comparison"].value = "active placebo"
    assert "27%" in placebo.shown_html()


def test_figures_have_alt_text_with_the_data(course):
    text = ketamine.plot_madrs_course().alt_text
    assert f"{ketamine.response_summary()['response_24h']:.0%} respond" in text
    assert "responders" in ketamine.plot_session_changes().alt_text


def test_the_mechanism_diagram_marks_every_step_by_where_it_was_shown():
    from conftest import assert_alt_texts

    figure = ketamine.plot_mechanism()
    drawn = " ".join(text.get_text().replace("\n", " ") for text in figure.axes[0].texts)
    levels = {where for _, where, _, _ in ketamine.MECHANISM_STEPS}
    assert levels == set(ketamine.EVIDENCE_LEVELS), "each kind of evidence is used"
    expected = []
    for index, (step, where, note, _) in enumerate(ketamine.MECHANISM_STEPS):
        assert step in drawn and note in drawn  # the words are on the boxes, not only the colours
        expected.append(f"{index + 1}. {step}: {ketamine.EVIDENCE_LEVELS[where]}")
    assert drawn.count("SHOWN IN RODENTS ONLY") == sum(w == "rodents" for _, w, _, _ in ketamine.MECHANISM_STEPS)
    assert_alt_texts({"mechanism": (figure, expected)})


def test_the_mechanism_steps_rest_on_the_registers_claims_and_numbers():
    """Every source of a step is a source of the register's mechanism or time-course claim, and every
    number in a step's note is in those claims' appraisal (who and how many)."""
    import re

    from dmnlab.study.evidence import claims

    rows = [row for row in claims("05-ketamine")
            if row.id in ("ketamine-mechanism-glutamate-mtor-synapses", "ketamine-rapid-and-transient",
                          "ketamine-nmda-antagonist")]
    sources = {source for row in rows for source in row.sources}
    appraisal = " ".join(f"{row.n} {row.summary}" for row in rows)
    for step, _, note, step_sources in ketamine.MECHANISM_STEPS:
        assert set(step_sources) <= sources, step
        for number in re.findall(r"\d+", note.replace("24 h", "")):
            assert f"{number} patients" in appraisal, (step, number)


@pytest.fixture(scope="module")
def numbers():
    return ketamine.page_numbers()


def test_every_glue_reference_of_the_page_is_computed(numbers):
    """The page glues its own numbers and the followed patient's (pt_*, the shared thread)."""
    from support.pages import glue_references, shared_glue

    assert glue_references("ketamine") <= set(numbers) | shared_glue("ketamine")


def test_the_page_entropy_examples_are_what_the_widget_shows(numbers):
    widget = ketamine.entropy_explorer()
    settings = {"ch5_se_default": (0.8, 0.0), "ch5_se_slow": (0.95, 0.0), "ch5_se_fast": (0.5, 0.0),
                "ch5_se_noisy": (0.95, 0.5)}
    for name, (persistence, noise) in settings.items():
        assert persistence in ketamine.PERSISTENCES and noise in ketamine.NOISES
        shown = widget.describe(persistence=persistence, noise=noise, m=2, r=0.2)
        assert f"is {numbers[name]:.2f}." in shown, (name, shown)
    assert numbers["ch5_se_slow"] < numbers["ch5_se_default"] < numbers["ch5_se_fast"]
    assert numbers["ch5_se_noisy"] > numbers["ch5_se_slow"]


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


def test_paired_checker_says_when_the_answer_is_another_sessions_d_z(table):
    """Exercise 5.1's 24-h d_z was told "too high" although it is smaller in size: name the session."""
    at_24h = ketamine.paired_change("within_dmn", "24h", table)["d_z"]
    feedback = ketamine.check_paired_dz(at_24h, table)
    assert not feedback.correct and "24 h" in feedback.hint and "too high" not in feedback.message
    right = ketamine.paired_change("within_dmn", "infusion", table)["d_z"]
    smaller = ketamine.check_paired_dz(right / 2 + 0.02 * np.sign(right), table)
    assert "smaller in size" in smaller.message


def test_paired_checker_for_a_group_names_the_wrong_group_and_measure(table):
    """Exercise 5.2 asks for the responders' DMN–sgACC d_z at 24 h (the page quotes all patients during the
    infusion): the whole cohort, the other group and another measure are each named."""
    def dz(measure="dmn_sgacc", group="responder"):
        rows = table if group is None else table[table["response"] == group]
        wide = rows.pivot(index="participant_id", columns="session", values=measure)
        change = wide["24h"] - wide["baseline"]
        return change.mean() / change.std(ddof=1)

    def check(value):
        return ketamine.check_paired_dz(value, table, measure="dmn_sgacc", session="24h", group="responder")

    assert check(dz()).correct
    for wrong, words in ((dz(group=None), "all 60 patients"), (dz(group="non-responder"), "non-responders"),
                         (dz(measure="within_dmn"), "within_dmn")):
        if abs(wrong - dz()) > 0.01:
            feedback = check(wrong)
            assert not feedback.correct and words in feedback.hint, feedback


# --- Write-the-function exercises (issue 21): a right function and typical wrong ones -----------------------

def _right_dz(before, after):
    change = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    sd = change.std(ddof=1)
    return float("nan") if sd == 0 else change.mean() / sd


def _unpaired_dz(before, after):
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    return (after.mean() - before.mean()) / np.sqrt((before.var(ddof=1) + after.var(ddof=1)) / 2)


def _ddof0_dz(before, after):
    change = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    return change.mean() / change.std()


def _flipped_dz(before, after):
    return -_right_dz(before, after)


@pytest.mark.parametrize("function, words", [
    (_right_dz, None),
    (_unpaired_dz, "independent"),
    (_ddof0_dz, "ddof=0"),
    (_flipped_dz, "wrong sign"),
])
def test_paired_dz_function_checker(function, words):
    feedback = ketamine.check_paired_dz_function(function)
    assert feedback.correct is (words is None), feedback
    if words:
        assert words in feedback.message, feedback


def test_paired_dz_function_checker_asks_for_nan_when_every_change_is_equal():
    def no_guard(before, after):
        change = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
        return change.mean() / change.std(ddof=1)

    feedback = ketamine.check_paired_dz_function(no_guard)
    assert not feedback.correct and "all −2" in feedback.message and "nan" in feedback.hint


def _counter(longer=False, self_matches=False, scaled=True, euclidean=False, fewer=False):
    """count_matches / count_longer_matches as a learner writes them, right or with one mistake."""
    def count(x, m=2, r=0.2):
        x = np.asarray(x, dtype=float)
        tolerance = r * np.std(x) if scaled else r
        length = m + 1 if longer else m
        n = len(x) - m - (1 if fewer else 0)
        total = 0
        for i in range(n):
            for j in range(i if self_matches else i + 1, n):
                difference = np.abs(x[i:i + length] - x[j:j + length])
                distance = np.sqrt((difference ** 2).sum()) if euclidean else difference.max()
                total += distance <= tolerance
        return total
    return count


@pytest.mark.parametrize("longer", [False, True], ids=["step1", "step2"])
@pytest.mark.parametrize("mistake, words", [
    ({}, None),
    ({"self_matches": True}, "self-match"),
    ({"scaled": False}, "r itself"),
    ({"euclidean": True}, "Euclidean"),
])
def test_template_count_checkers(longer, mistake, words):
    checker = ketamine.check_count_longer_matches if longer else ketamine.check_count_matches
    feedback = checker(_counter(longer=longer, **mistake))
    assert feedback.correct is (words is None), feedback
    if words:
        assert words in feedback.message, feedback


def test_longer_count_checker_names_one_template_too_few():
    feedback = ketamine.check_count_longer_matches(_counter(longer=True, fewer=True))
    assert not feedback.correct and "N − m − 1" in feedback.message


def test_the_toy_counts_are_the_ones_worked_by_hand():
    toy = np.array([5, 5, 6, 7, 8, 5, 7, 1], dtype=float)
    assert (_counter()(toy, 2, 0.5), _counter(longer=True)(toy, 2, 0.5)) == (5, 2)
    assert sample_entropy(toy, 2, 0.5) == pytest.approx(np.log(2.5))


def _entropy(**mistake):
    count_b, count_a = _counter(**mistake), _counter(longer=True, **mistake)

    def entropy(x, m=2, r=0.2):
        b, a = count_b(x, m, r), count_a(x, m, r)
        if b == 0:
            return np.nan
        if a == 0:
            return np.inf
        return -np.log(a / b)
    return entropy


@pytest.mark.parametrize("function, words", [
    (_entropy(), None),
    (_entropy(self_matches=True), "self-matches"),
    (_entropy(scaled=False), "r itself"),
    (_entropy(euclidean=True), "Euclidean"),
])
def test_sample_entropy_function_checker(function, words):
    feedback = ketamine.check_sample_entropy_function(function)
    assert feedback.correct is (words is None), feedback
    if words:
        assert words in feedback.message, feedback


def test_sample_entropy_function_checker_explains_the_edge_cases_and_refuses_the_course_function():
    def no_guards(x, m=2, r=0.2):
        return -math.log(_counter(longer=True)(x, m, r) / _counter()(x, m, r))

    feedback = ketamine.check_sample_entropy_function(no_guards)
    assert not feedback.correct and "np.inf" in feedback.hint and "np.nan" in feedback.hint
    copied = ketamine.check_sample_entropy_function(lambda x, m=2, r=0.2: sample_entropy(x, m, r))
    assert not copied.correct and "course's sample_entropy" in copied.message


FUNCTION_CHECKERS = [ketamine.check_paired_dz_function, ketamine.check_count_matches,
                     ketamine.check_count_longer_matches, ketamine.check_sample_entropy_function]


@pytest.mark.parametrize("checker", FUNCTION_CHECKERS, ids=lambda c: c.__name__)
def test_function_checkers_answer_a_stub_and_odd_answers_with_a_message(checker):
    """The lab's stubs (a function returning None) are "no answer yet" and do not count as an attempt; odd
    answers (not a function, or a function that raises or returns text) get a message, never an exception."""
    checks.ATTEMPTS.pop(checker.exercise, None)
    stub = checker(lambda *args: None)
    assert not stub.correct and "no answer yet" in stub.message
    assert checker.exercise not in checks.ATTEMPTS
    odd = list(ODD_ANSWERS) + [lambda *args: 1 / 0, lambda *args: "0.5", lambda: 1]
    for answer in odd:
        feedback = checker(answer)
        assert isinstance(feedback, checks.Feedback) and not feedback.correct and feedback.message, answer


@pytest.mark.parametrize("checker, wrong", [
    (ketamine.check_paired_dz_function, _unpaired_dz),
    (ketamine.check_count_matches, _counter(self_matches=True)),
    (ketamine.check_sample_entropy_function, _entropy(scaled=False)),
], ids=["5.1", "5.3", "5.5"])
def test_hints_come_in_steps(checker, wrong):
    """Three wrong answers in a row: the nudge, then also the method, then also the line of code."""
    checks.ATTEMPTS.pop(checker.exercise, None)
    first, second, third = (checker(wrong).hint for _ in range(3))
    assert first and "Method:" not in first
    assert second.startswith(first) and "Method:" in second and "Code:" not in second
    assert third.startswith(second) and "Code:" in third


def test_every_checker_gives_hints_in_steps():
    numbers = sorted(getattr(ketamine, name).exercise for name in ketamine.__all__ if name.startswith("check_"))
    assert numbers == [f"5.{k}" for k in range(1, 8)]


# --- Exercise 5.6: response that lasts, from the ratings alone ------------------------------------------------

def _sustained(ratings, session="day14"):
    at_24h = is_response(ratings["baseline"], ratings["24h"])
    later = is_response(ratings["baseline"], ratings[session])
    return float(later[at_24h].mean())


def test_ratings_carry_no_answer_columns(ratings):
    assert list(ratings.columns) == ["baseline", "24h", "day7", "day14"]


def test_sustained_response_checker(ratings):
    right = _sustained(ratings)
    assert ketamine.check_sustained_response(right, ratings).correct
    at_24h = is_response(ratings["baseline"], ratings["24h"])
    assert "responding at 24 h" in ketamine.check_sustained_response(float(at_24h.mean()), ratings).hint
    if abs(_sustained(ratings, "day7") - right) > 0.005:
        assert "day 7" in ketamine.check_sustained_response(_sustained(ratings, "day7"), ratings).hint
    if abs(1 - 2 * right) > 0.01:
        assert "no longer" in ketamine.check_sustained_response(1 - right, ratings).hint
    assert "no answer yet" in ketamine.check_sustained_response(None, ratings).message


def test_sustained_response_checker_names_both_mistakes_when_they_give_the_same_share(ratings):
    """Two mistakes with one value name both (issue 20, B3): the day-14 share of *all* patients and the
    right count over all patients coincide when nobody responds at day 14 without having responded at 24 h."""
    n = len(ratings)
    later = is_response(ratings["baseline"], ratings["day14"])
    at_24h = is_response(ratings["baseline"], ratings["24h"])
    if not (later & ~at_24h).any():
        hint = ketamine.check_sustained_response(float(later.mean()), ratings).hint
        assert "*all*" in hint and f"all {n} patients" in hint and f"the {int(at_24h.sum())} who" in hint


def test_sustained_response_checker_says_give_a_proportion_for_a_percentage(ratings):
    """A percentage (21.9) was told "too high": it is the right share as a percentage."""
    right = _sustained(ratings)
    for percentage in (round(100 * right, 1), 100 * right):
        feedback = ketamine.check_sustained_response(percentage, ratings)
        assert not feedback.correct
        assert "proportion between 0 and 1" in feedback.message and "too high" not in feedback.message
        assert f"{right:.3f}" in feedback.hint
    assert "proportion between 0 and 1" in ketamine.check_sustained_response(-0.2, ratings).message


# --- Exercise 5.7: NNT from one simulated trial's patients ---------------------------------------------------

def _trial_rates(trial):
    responded = is_response(trial["baseline"], trial["24h"])
    return {arm: float(responded[(trial["arm"] == arm).to_numpy()].mean()) for arm in trial["arm"].unique()}


def test_simulated_trial_follows_the_response_model():
    big = ketamine.simulated_trial("active placebo", n_per_arm=4000, seed=1)
    rates = _trial_rates(big)
    assert rates["ketamine"] == pytest.approx(ketamine.RESPONSE_RATES["ketamine"], abs=0.02)
    assert rates["active placebo"] == pytest.approx(ketamine.RESPONSE_RATES["active placebo"], abs=0.02)
    assert big.attrs["simulated"] and set(big.columns) == {"arm", "baseline", "24h"}
    assert ketamine.simulated_trial().equals(ketamine.simulated_trial())   # the lab's trial is fixed


def test_nnt_checker(trial):
    rates = _trial_rates(trial)
    difference = rates["ketamine"] - rates["active placebo"]
    assert ketamine.check_nnt(1 / difference, trial).correct
    assert "percentage points" in ketamine.check_nnt(100 * difference, trial).hint
    assert "inverse" in ketamine.check_nnt(difference, trial).hint
    model = 1 / (ketamine.RESPONSE_RATES["ketamine"] - ketamine.RESPONSE_RATES["active placebo"])
    if abs(model - 1 / difference) > 0.05:
        assert "model's true response rates" in ketamine.check_nnt(model, trial).hint
    assert "no answer yet" in ketamine.check_nnt(None, trial).message


@pytest.mark.parametrize("comparison", ["active placebo", "saline"])
def test_nnt_checker_accepts_the_conventional_rounded_up_nnt(comparison):
    """B4: NNT rounded up to a whole patient (the usual convention) was rejected as "too high"."""
    trial = ketamine.simulated_trial(comparison)
    rates = _trial_rates(trial)
    exact = 1 / (rates["ketamine"] - rates[comparison])
    assert ketamine.check_nnt(exact, trial).correct
    if math.ceil(exact) != exact:
        feedback = ketamine.check_nnt(math.ceil(exact), trial)
        assert feedback.correct and "rounded up" in feedback.message
    if math.floor(exact) not in (math.ceil(exact), 0):
        down = ketamine.check_nnt(math.floor(exact), trial)
        assert not down.correct and "rounded *up*" in down.hint

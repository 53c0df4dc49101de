"""Chapter 8 (what we know): the evidence ladder drawn from the register (and following it when it
changes), the story table, the settling-study sizes against the power formula, the capstone cohort,
the worked solutions on several seeds, every checker's named mistakes and odd answers, widgets headless."""
import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from conftest import ODD_ANSWERS, assert_alt_texts
from dmnlab import synthesis
from dmnlab.course.errors import CourseInputError
from dmnlab.methods import stats
from dmnlab.methods.connectivity import correlation_matrix, pair_indices, within_network_connectivity
from dmnlab.study import evidence

SEEDS = (1, 8, 2026)


def _markers(figure) -> dict:
    ax = figure.axes[0]
    return {line.get_gid()[len("claim-"):]: line for line in ax.lines if str(line.get_gid()).startswith("claim-")}


# --- the ladder and the table, from the register -------------------------------------------------
def test_every_claim_of_the_story_is_in_the_register():
    ids = {claim.id for claim in evidence.register()}
    assert set(synthesis.POPULAR_STORY) <= ids
    assert set(synthesis.STORY_WORDS) == set(synthesis.POPULAR_STORY)
    assert len(set(synthesis.POPULAR_STORY)) == len(synthesis.POPULAR_STORY)


def test_the_ladder_places_each_claim_on_its_registers_rung():
    figure = synthesis.plot_evidence_ladder()
    markers = _markers(figure)
    assert list(markers) == list(synthesis.POPULAR_STORY)
    rows = synthesis.claim_by_id()
    for claim_id, line in markers.items():
        assert line.get_xdata()[0] == evidence.LADDER.index(rows[claim_id].ladder)
        colour, marker, _ = synthesis.VERDICT_STYLE[rows[claim_id].verdict]
        assert line.get_marker() == marker and line.get_color() == colour
    # story order, top to bottom
    levels = [line.get_ydata()[0] for line in markers.values()]
    assert levels == sorted(levels, reverse=True)


def test_changing_the_register_changes_the_figure(monkeypatch):
    claims = list(evidence.register())
    target = synthesis.POPULAR_STORY[-1]
    changed = [dataclasses.replace(c, ladder=evidence.LADDER[-1], verdict="solid") if c.id == target else c
               for c in claims]
    monkeypatch.setattr("dmnlab.synthesis._measures.register", lambda: tuple(changed))
    line = _markers(synthesis.plot_evidence_ladder())[target]
    assert line.get_xdata()[0] == len(evidence.LADDER) - 1
    assert line.get_marker() == synthesis.VERDICT_STYLE["solid"][1]
    assert f"{synthesis.STORY_WORDS[target]}: {evidence.LADDER[-1]}, solid" in synthesis.describe_evidence_ladder()


def test_the_ladder_alt_text_names_every_claim_and_rung():
    figure = synthesis.plot_evidence_ladder()
    rows = synthesis.claim_by_id()
    expected = [f"{synthesis.STORY_WORDS[i]}: {rows[i].ladder}, {rows[i].verdict}" for i in synthesis.POPULAR_STORY]
    assert_alt_texts({"ladder": (figure, expected)})


def test_the_story_table_is_rendered_from_the_register():
    table = synthesis.story_table().markdown()
    details = synthesis.story_details().markdown()
    assert table.count("\n") == len(synthesis.POPULAR_STORY) + 1
    assert details.startswith("::::{dropdown} Deep dive") and ":class-container: deep-dive" in details
    for claim in synthesis.story_claims():
        assert claim.n in table and claim.verdict in table and f"<{claim.chapter}>" in table
        assert claim.summary in details


def test_an_unknown_story_id_is_a_clear_error():
    with pytest.raises(KeyError, match="not in the evidence register"):
        synthesis.story_claims(("no-such-claim",))


def test_the_settling_effect_sizes_are_the_registers():
    rows = synthesis.claim_by_id()
    assert f"g = -{synthesis.REALISTIC_BRAIN_EFFECT}" in rows["depression-large-samples"].summary.replace("−", "-")
    assert f"d = {synthesis.ACTIVE_PLACEBO_EFFECT}" in rows["ketamine-size-against-active-placebo"].summary
    sizes = synthesis.settling_sizes()
    assert sizes["brain"] == stats.n_for_power(synthesis.REALISTIC_BRAIN_EFFECT, 0.8, 0.05)
    assert stats.power_two_sample(synthesis.REALISTIC_BRAIN_EFFECT, sizes["brain"]) >= 0.8
    assert stats.power_two_sample(synthesis.REALISTIC_BRAIN_EFFECT, sizes["brain"] - 1) < 0.8
    assert sizes["clinical"] < sizes["brain"]


def test_page_numbers_count_the_verdicts():
    numbers = synthesis.page_numbers()
    assert numbers["ch8_n_story"] == len(synthesis.POPULAR_STORY)
    assert numbers["ch8_n_solid"] + numbers["ch8_n_debated"] + numbers["ch8_n_overstated"] == numbers["ch8_n_story"]
    assert numbers["ch8_n_brain_total"] == 2 * numbers["ch8_n_brain"]


# --- widgets -------------------------------------------------------------------------------------
def test_the_claim_explorer_rings_the_chosen_claims_rung():
    widget = synthesis.claim_explorer()
    ax = widget.figure.axes[0]
    (ring,) = [line for line in ax.lines if line.get_gid() == "highlight"]
    (card,) = [text for text in widget.figure.texts if text.get_gid() == "card"]
    for claim in synthesis.story_claims():
        widget.set(claim=claim.id)
        assert ring.get_xdata()[0] == evidence.LADDER.index(claim.ladder)
        assert claim.verdict in card.get_text()
        text = widget.describe(**widget.values)
        assert claim.n in text and claim.ladder in text


def test_the_settling_study_explorer_marks_the_n_for_power():
    widget = synthesis.settling_study_explorer()
    ax = widget.figure.axes[0]
    (needed,) = [line for line in ax.lines if line.get_gid() == "needed"]
    for effect in (0.3, synthesis.ACTIVE_PLACEBO_EFFECT):
        widget.set(effect=effect)
        n = stats.n_for_power(effect)
        assert needed.get_xdata()[0] == n
        assert f"{n} per arm" in widget.describe(**widget.values)


# --- the capstone cohort -------------------------------------------------------------------------
def test_the_capstone_cohort_is_fresh_simulated_and_reproducible():
    first, again, other = (synthesis.capstone_cohort(s) for s in (8, 8, 9))
    assert first is again
    assert not first.participants["madrs_baseline"].equals(other.participants["madrs_baseline"])
    groups = first.participants["group"].value_counts()
    assert groups["depressed"] == synthesis.CAPSTONE_PATIENTS and groups["control"] == synthesis.CAPSTONE_CONTROLS
    assert set(first.rest) == set(first.participants.index)
    assert set(first.rest_24h) == set(groups.index[groups.index == "depressed"]) or \
        set(first.rest_24h) == set(first.participants.index[first.participants["group"] == "depressed"])
    assert "SIMULATED" in first.label and "SIMULATED" in repr(first)
    patients = first.participants[first.participants["group"] == "depressed"]
    fall = (patients["madrs_baseline"] - patients["madrs_24h"]) / patients["madrs_baseline"]
    assert ((fall >= 0.5).astype(int) == patients["responder"].astype(int)).all()


@pytest.mark.parametrize("seed", ["8", 2.5, -1, True, None])
def test_a_bad_seed_gets_a_message(seed):
    with pytest.raises(CourseInputError, match="whole number"):
        synthesis.capstone_cohort(seed)


# --- the worked solutions, as the lab writes them, on several seeds --------------------------------
def _solution_within(cohort, runs=None):
    runs = cohort.rest if runs is None else runs
    return pd.Series({pid: within_network_connectivity(correlation_matrix(run), "DMN") for pid, run in runs.items()})


def _solutions(cohort):
    within = _solution_within(cohort)
    group = cohort.participants["group"]
    effect = stats.hedges_g(within[group == "depressed"], within[group == "control"])
    later = _solution_within(cohort, cohort.rest_24h)
    change = stats.paired_effect(within[later.index], later)
    patients = list(cohort.rest_24h)
    X = within[patients].to_frame()
    y = cohort.participants.loc[patients, "responder"].astype(int)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    auc = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=folds,
                          scoring="roc_auc").mean()
    return {"within": within, "group": (effect.g, effect.ci_low, effect.ci_high), "effect": effect,
            "paired": (change["d_z"], change["ci_low"], change["ci_high"]), "change": change, "auc": auc,
            "X": X, "y": y}


@pytest.fixture(scope="module", params=SEEDS)
def solved(request):
    cohort = synthesis.capstone_cohort(request.param)
    return cohort, _solutions(cohort)


def test_the_worked_solutions_pass_on_any_seed(solved):
    cohort, answers = solved
    assert synthesis.check_within_dmn(answers["within"], cohort)
    assert synthesis.check_within_dmn(answers["within"].to_dict(), cohort)
    assert synthesis.check_group_difference(answers["group"], cohort)
    assert synthesis.check_paired_change(answers["paired"], cohort)
    assert synthesis.check_cv_auc(answers["auc"], cohort)


def test_within_dmn_mistakes_are_named(solved):
    cohort, _ = solved
    plain, everything = {}, {}
    for pid, run in cohort.rest.items():
        matrix = correlation_matrix(run)
        rows, cols = pair_indices(matrix.columns, "DMN")
        plain[pid] = matrix.to_numpy()[rows, cols].mean()
        upper = np.triu_indices(len(matrix), 1)
        everything[pid] = np.tanh(np.arctanh(matrix.to_numpy()[upper]).mean())
    assert "without the Fisher z" in synthesis.check_within_dmn(pd.Series(plain), cohort).message
    assert "every pair" in synthesis.check_within_dmn(pd.Series(everything), cohort).message
    per_cent = synthesis.check_within_dmn(_solution_within(cohort) * 100, cohort)
    assert not per_cent and "100 times" in per_cent.message
    short = synthesis.check_within_dmn(_solution_within(cohort).iloc[:10], cohort)
    assert not short and "no value for" in short.message


def test_group_difference_mistakes_are_named(solved):
    cohort, answers = solved
    effect = answers["effect"]
    flipped = synthesis.check_group_difference((-effect.g, -effect.ci_high, -effect.ci_low), cohort)
    assert not flipped and "controls minus patients" in flipped.message
    if abs(effect.d - effect.g) > 1e-3:
        cohen = synthesis.check_group_difference((effect.d, effect.ci_low, effect.ci_high), cohort)
        assert not cohen and "Cohen's d" in cohen.message
    interval = synthesis.check_group_difference((effect.g, effect.ci_low - 0.1, effect.ci_high), cohort)
    assert not interval and "interval" in interval.message


def test_paired_change_mistakes_are_named(solved):
    cohort, answers = solved
    change = answers["change"]
    flipped = synthesis.check_paired_change((-change["d_z"], -change["ci_high"], -change["ci_low"]), cohort)
    assert not flipped and "baseline − 24 h" in flipped.message
    if abs(change["unpaired_g"] - change["d_z"]) > 1e-3:
        unpaired = synthesis.check_paired_change((change["unpaired_g"], change["ci_low"], change["ci_high"]), cohort)
        assert not unpaired and "unpaired" in unpaired.message


def test_cv_auc_mistakes_are_named(solved):
    cohort, answers = solved
    model = make_pipeline(StandardScaler(), LogisticRegression())
    X, y = answers["X"].to_numpy(), answers["y"].to_numpy()
    train = roc_auc_score(y, model.fit(X, y).predict_proba(X)[:, 1])
    accuracy = cross_val_score(model, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0)).mean()
    if abs(train - answers["auc"]) > 1e-3:
        assert "train-set AUC" in synthesis.check_cv_auc(train, cohort).message
    if abs(accuracy - answers["auc"]) > 1e-3 and abs(accuracy - train) > 1e-3:
        assert "accuracy" in synthesis.check_cv_auc(accuracy, cohort).message
    assert not synthesis.check_cv_auc(1.7, cohort)


CHECKS = [
    lambda answer, cohort: synthesis.check_within_dmn(answer, cohort),
    lambda answer, cohort: synthesis.check_group_difference(answer, cohort),
    lambda answer, cohort: synthesis.check_group_difference((answer, answer, answer), cohort),
    lambda answer, cohort: synthesis.check_paired_change(answer, cohort),
    lambda answer, cohort: synthesis.check_paired_change((answer, 0.0, 0.1), cohort),
    lambda answer, cohort: synthesis.check_cv_auc(answer, cohort),
]


@pytest.mark.parametrize("check", CHECKS)
def test_checkers_never_raise_and_refuse_odd_answers(check):
    cohort = synthesis.capstone_cohort(8)
    for answer in ODD_ANSWERS + ["0.55"]:
        feedback = check(answer, cohort)
        assert not feedback.correct and feedback.message, (answer, feedback)
    none = synthesis.check_group_difference((None, None, None), cohort)
    assert not none.attempted and "no answer yet" in none.message
    assert "a number you computed" in synthesis.check_cv_auc("0.55", cohort).message
    assert not synthesis.check_cv_auc(0.5, "my cohort")


def test_register_overview_counts_every_claim_of_the_register():
    from dmnlab.study.evidence import register

    table = synthesis.register_rungs()
    assert int(table.to_numpy().sum()) == len(register())
    figure = synthesis.plot_register_overview()
    alt = figure.alt_text
    assert f"all {len(register())} claims" in alt
    for rung in table.index:
        assert f"{rung}: {int(table.loc[rung, 'solid'])} solid" in alt


def test_chance_aucs_figure_says_where_the_learners_auc_falls():
    import numpy as np

    result = {"auc": 0.61, "null_aucs": np.linspace(0.3, 0.7, 200), "p_permutation": 0.2}
    alt = synthesis.plot_chance_aucs(result).alt_text
    assert "200 cross-validated AUCs" in alt and "0.61" in alt and "0.30 to 0.70" in alt
    assert f"{np.mean(result['null_aucs'] >= 0.61):.0%}" in alt

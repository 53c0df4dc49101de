"""Exercise checkers: right, wrong and wrong-type answers give feedback and never raise."""
import numpy as np
import pytest

from conftest import ODD_ANSWERS
from dmnlab import anatomy
from dmnlab.cohort.signals import simulate_run
from dmnlab.course import checks
from dmnlab.study.nodes import DMN_NODES


@pytest.fixture(scope="module")
def rest():
    return simulate_run(seed=21)


def test_feedback_shows_as_text_and_html():
    good, bad = checks.right("ok"), checks.wrong("no", "try this")
    assert bool(good) and not bool(bad)
    assert "Correct" in str(good) and "Hint: try this" in str(bad)
    assert "role=\"status\"" in bad._repr_html_()


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=lambda a: type(a).__name__)
def test_checkers_never_raise_on_wrong_types(rest, answer):
    for feedback in (anatomy.check_correlation_matrix(answer, rest),
                     anatomy.check_seed_map(answer, rest),
                     anatomy.check_dmn_members(answer),
                     anatomy.check_within_dmn(answer, rest)):
        assert isinstance(feedback, checks.Feedback)
        assert not feedback.correct
        assert feedback.message


def test_correlation_matrix_right_and_common_mistakes(rest):
    assert anatomy.check_correlation_matrix(rest.corr(), rest).correct
    assert anatomy.check_correlation_matrix(np.corrcoef(rest.to_numpy().T), rest).correct
    transposed_mistake = anatomy.check_correlation_matrix(np.corrcoef(rest.to_numpy()), rest)
    assert not transposed_mistake.correct and "rows" in transposed_mistake.hint
    covariance = anatomy.check_correlation_matrix(rest.cov(), rest)
    assert not covariance.correct and "covariance" in covariance.message


def test_seed_map_right_and_wrong(rest):
    assert anatomy.check_seed_map(rest.corr()["PCC"], rest).correct
    assert anatomy.check_seed_map(rest.corr()["PCC"].to_numpy(), rest).correct
    assert not anatomy.check_seed_map(rest.corr()["mPFC"], rest).correct
    assert "table" in anatomy.check_seed_map(rest.corr(), rest).message


def test_dmn_members_right_with_or_without_seed_and_hints():
    dmn = ["mPFC", "PCUN", "AG_L", "AG_R", "HIPP_L", "HIPP_R"]
    assert anatomy.check_dmn_members(dmn).correct
    assert anatomy.check_dmn_members(["PCC"] + dmn).correct
    with_dlpfc = anatomy.check_dmn_members(dmn + ["DLPFC_R"])
    assert not with_dlpfc.correct and "anticorrelated" in with_dlpfc.hint
    with_sgacc = anatomy.check_dmn_members(dmn + ["sgACC"])
    assert not with_sgacc.correct and "second DMN seed" in with_sgacc.hint
    assert "unknown" in anatomy.check_dmn_members(dmn + ["V1"]).message


def test_dmn_members_message_states_this_participants_numbers(rest):
    """The message quotes the learner's own data, so it is true for them (the review found a
    message calling r ≈ 0.32 'weak coupling')."""
    dmn = ["mPFC", "PCUN", "AG_L", "AG_R", "HIPP_L", "HIPP_R"]
    r = rest.corr()["PCC"]
    with_sgacc = anatomy.check_dmn_members(dmn + ["sgACC"], rest)
    assert f"sgACC {r['sgACC']:+.2f}" in with_sgacc.message
    without_hippocampi = anatomy.check_dmn_members(dmn[:-2], rest)
    assert not without_hippocampi.correct and f"HIPP_L {r['HIPP_L']:+.2f}" in without_hippocampi.message


def test_within_dmn_right_and_diagonal_mistake(rest):
    from dmnlab.methods.connectivity import correlation_matrix, within_network_connectivity

    value = within_network_connectivity(correlation_matrix(rest), "DMN")
    assert anatomy.check_within_dmn(value, rest).correct
    assert anatomy.check_within_dmn(np.float32(value), rest).correct
    block = rest[list(DMN_NODES)].corr().to_numpy()
    mistake = anatomy.check_within_dmn(block.mean(), rest)
    assert not mistake.correct and "diagonal" in mistake.hint
    assert "too high" in anatomy.check_within_dmn(value + 0.2, rest).message


def test_the_none_placeholder_gets_a_friendly_prompt(rest):
    for feedback in (anatomy.check_correlation_matrix(None, rest), anatomy.check_within_dmn(None, rest),
                     anatomy.check_dmn_members(None), anatomy.check_dmn_members([])):
        assert not feedback.correct and "no answer yet" in feedback.message

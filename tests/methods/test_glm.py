"""GLM helpers: recover known effects and agree with nilearn's own fit."""
import numpy as np
import pandas as pd
import pytest

from dmnlab.cohort.signals import simulate_run
from dmnlab.methods import glm
from dmnlab.study.nodes import DMN_NODES, TASK_POSITIVE_NODES
from dmnlab.study.protocol import block_design


def test_ols_recovers_a_known_beta():
    events = block_design(150, 2.0)
    design = glm.design_matrix(events, 150, 2.0)
    rng = np.random.default_rng(0)
    signal = 2.5 * design["task"].to_numpy() + 0.1 * rng.standard_normal(150)
    fitted = glm.fit_glm(pd.DataFrame({"roi": signal}), design)
    assert fitted.loc["roi", "beta_task"] == pytest.approx(2.5, abs=0.05)
    assert fitted.loc["roi", "t_task"] > 20


def test_matches_nilearns_glm():
    from nilearn.glm.first_level import run_glm

    events = block_design(150, 2.0)
    design = glm.design_matrix(events, 150, 2.0)
    run = simulate_run(n_volumes=150, events=events, seed=4)
    ours = glm.fit_glm(run, design)["beta_task"].to_numpy()
    labels, results = run_glm(run.to_numpy(), design.to_numpy(), noise_model="ols")
    theirs = results[labels[0]].theta[list(design.columns).index("task")]
    assert np.allclose(ours, theirs, atol=1e-6)


def test_task_effect_signs_on_simulated_task_run():
    events = block_design(200, 2.0)
    effect = glm.task_effect(simulate_run(n_volumes=200, events=events, seed=9), events, 2.0)
    assert effect[list(DMN_NODES)].mean() < 0 < effect[list(TASK_POSITIVE_NODES)].mean()


def test_bad_inputs_have_clear_messages():
    with pytest.raises(ValueError, match="trial_type"):
        glm.design_matrix(pd.DataFrame({"onset": [0], "duration": [10]}), 10, 2.0)
    design = glm.design_matrix(block_design(50, 2.0), 50, 2.0)
    with pytest.raises(ValueError, match="volumes"):
        glm.fit_glm(pd.DataFrame({"a": np.zeros(40)}), design)


@pytest.mark.parametrize("time_to_peak", [3.0, 5.0, 7.5])
def test_the_hrf_is_scipys_double_gamma(time_to_peak):
    """The canonical HRF's gamma densities (written with numpy, so lab 2 does not wait for
    scipy.stats) are scipy's to rounding error."""
    from scipy import stats

    from dmnlab.methods.hrf import canonical_hrf

    t = np.arange(0.0, 32.0, 0.5)
    expected = stats.gamma.pdf(t, time_to_peak + 1.0) - stats.gamma.pdf(t, 16.0) / 6.0
    np.testing.assert_allclose(canonical_hrf(0.5, 32.0, time_to_peak), expected / expected.sum(),
                               rtol=1e-12, atol=1e-15)

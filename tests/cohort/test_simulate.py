"""The base simulator: reproducible, recovers its parameters, HRF and task behave as documented."""
import numpy as np
import pandas as pd
import pytest

from dmnlab.cohort import signals
from dmnlab.methods import hrf
from dmnlab.methods.connectivity import correlation_matrix, network_connectivity
from dmnlab.study import protocol
from dmnlab.study.nodes import DMN_NODES, NODE_LABELS, TASK_POSITIVE_NODES


def test_shape_index_and_labels():
    run = signals.simulate_run(n_volumes=120, tr=2.0, seed=1)
    assert run.shape == (120, len(NODE_LABELS))
    assert list(run.columns) == list(NODE_LABELS)
    assert run.index.name == "time" and run.index[1] == pytest.approx(2.0)
    assert np.allclose(run.mean(), 0, atol=1e-9) and np.allclose(run.std(ddof=0), 1)


def test_same_seed_same_data_other_seed_other_data():
    a, b = signals.simulate_run(seed=7), signals.simulate_run(seed=7)
    c = signals.simulate_run(seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())


def test_long_run_recovers_the_configured_correlations():
    params = signals.NetworkParameters()
    run = signals.simulate_run(params, n_volumes=6000, seed=3)
    matrix = correlation_matrix(run)
    assert network_connectivity(matrix, "DMN") == pytest.approx(params.within["DMN"], abs=0.05)
    assert network_connectivity(matrix, "DMN", "central executive") == pytest.approx(
        params.between[("DMN", "central executive")], abs=0.05)
    assert matrix.loc["PCC", "sgACC"] == pytest.approx(params.dmn_sgacc, abs=0.06)


def test_changing_a_parameter_changes_the_data_in_that_direction():
    weak = signals.NetworkParameters().with_changes(within={"DMN": 0.2})
    strong = signals.NetworkParameters().with_changes(within={"DMN": 0.7})
    weak_r = network_connectivity(correlation_matrix(signals.simulate_run(weak, 3000, seed=1)), "DMN")
    strong_r = network_connectivity(correlation_matrix(signals.simulate_run(strong, 3000, seed=1)), "DMN")
    assert weak_r == pytest.approx(0.2, abs=0.05)
    assert strong_r == pytest.approx(0.7, abs=0.05)


def test_with_changes_merges_dicts():
    params = signals.NetworkParameters().with_changes(amplitude={"mPFC": 0.5})
    assert params.amplitude == {"mPFC": 0.5}
    assert params.within["DMN"] == signals.NetworkParameters().within["DMN"]


def test_canonical_hrf_peaks_after_about_five_seconds_and_undershoots():
    response = hrf.canonical_hrf(0.1)
    peak_time = np.argmax(response) * 0.1
    assert 4.0 <= peak_time <= 6.0
    assert response[int(15 / 0.1)] < 0  # undershoot around 15 s
    assert response.sum() == pytest.approx(1.0)


def test_hrf_matches_nilearns_spm_model():
    from nilearn.glm.first_level import spm_hrf

    ours = hrf.canonical_hrf(0.5)
    theirs = spm_hrf(0.5, oversampling=16, time_length=32.0)[::16][: len(ours)]
    assert np.corrcoef(ours, theirs)[0, 1] > 0.999


def test_block_design_and_boxcar():
    events = protocol.block_design(150, 2.0, block_seconds=30)
    assert list(events.columns) == ["onset", "duration", "trial_type"]
    assert events["onset"].iloc[0] == 30 and np.all(np.diff(events["onset"]) == 60)
    boxcar = hrf.events_to_boxcar(events, 300, 1.0)
    assert boxcar[:30].sum() == 0 and boxcar[30:60].all() and not boxcar[60:90].any()


def test_task_deactivates_dmn_and_activates_task_positive_nodes():
    events = protocol.block_design(300, 2.0)
    run = signals.simulate_run(n_volumes=300, events=events, seed=5)
    dt = 0.5
    regressor = np.convolve(hrf.events_to_boxcar(events, 1200, dt), hrf.canonical_hrf(dt))[:1200:4]
    dmn_r = np.mean([np.corrcoef(run[n], regressor)[0, 1] for n in DMN_NODES])
    task_r = np.mean([np.corrcoef(run[n], regressor)[0, 1] for n in TASK_POSITIVE_NODES])
    assert dmn_r < -0.2 and task_r > 0.2


def test_bold_lags_neural_activity():
    events = protocol.block_design(200, 2.0)
    params = signals.NetworkParameters().with_changes(noise_sd=0.1)
    bold, neural = signals.simulate_run(params, 200, events=events, seed=2, return_neural=True)
    neural_at_tr = neural["DLPFC_R"].to_numpy()[::4]
    lags = range(0, 6)
    best = max(lags, key=lambda lag: np.corrcoef(neural_at_tr[: 200 - lag], bold["DLPFC_R"].to_numpy()[lag:])[0, 1])
    assert 1 <= best <= 4  # 2–8 s at TR = 2 s


def test_amplitude_scales_the_signal():
    params = signals.NetworkParameters().with_changes(amplitude={"mPFC": 0.5})
    run = signals.simulate_run(params, seed=1)
    assert run["mPFC"].std(ddof=0) == pytest.approx(0.5)

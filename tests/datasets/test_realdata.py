"""Optional real data: extraction with a fake fetcher, fast failure offline, graceful fallback.

No test touches the network: the fetcher and the connection check are fakes, and
pytest-socket blocks any non-local connection the code might still attempt.
"""
import time
from types import SimpleNamespace

import nibabel as nib
import numpy as np
import pandas as pd
import pytest

from dmnlab.datasets import real as R
from dmnlab.study.nodes import NODE_LABELS, NODE_SPECS

N_VOLUMES = 40
VOXEL_MM = 4.0
ORIGIN = np.array([-78.0, -112.0, -70.0])  # MNI mm of voxel (0, 0, 0)
SHAPE = (40, 48, 38)


def _fake_image(path, seed=0):
    """A 4-D image in MNI space whose PCC and mPFC spheres carry known signals."""
    rng = np.random.default_rng(seed)
    t = np.arange(N_VOLUMES) * 2.0
    duration = N_VOLUMES * 2.0
    # Whole numbers of cycles (0.0375 and 0.05 Hz): untouched by detrending and the 0.01–0.1 Hz band-pass.
    truth = {"PCC": np.cos(2 * np.pi * 3 * t / duration), "mPFC": np.cos(2 * np.pi * 4 * t / duration)}
    data = rng.normal(0, 0.3, SHAPE + (N_VOLUMES,)).astype(np.float32) + 100.0
    grid = np.stack(np.meshgrid(*[np.arange(n) for n in SHAPE], indexing="ij"), axis=-1)
    mm = ORIGIN + VOXEL_MM * grid
    for spec in NODE_SPECS:
        if spec.label in truth:
            inside = np.linalg.norm(mm - np.array(spec.mni), axis=-1) <= 6.0
            data[inside] += 3.0 * truth[spec.label]
    affine = np.diag([VOXEL_MM, VOXEL_MM, VOXEL_MM, 1.0])
    affine[:3, 3] = ORIGIN
    nib.save(nib.Nifti1Image(data, affine), path)
    return truth


@pytest.fixture
def fake_fetcher(tmp_path):
    calls = []

    def fetcher(n_subjects, data_dir, age_group, verbose):
        calls.append(dict(n_subjects=n_subjects, data_dir=data_dir, age_group=age_group))
        paths = []
        for index in range(n_subjects):
            path = tmp_path / f"sub-{index}.nii"
            _fake_image(path, seed=index)
            paths.append(str(path))
        phenotypic = pd.DataFrame({"participant_id": [f"sub-pixar{i:03d}" for i in range(n_subjects)]})
        return SimpleNamespace(func=paths, confounds=[None] * n_subjects, phenotypic=phenotypic, t_r=2.0)

    fetcher.calls = calls
    return fetcher


def online(timeout):
    return True


def offline(timeout):
    return False


def test_extracts_node_signals_with_a_fake_fetcher(fake_fetcher, tmp_path):
    frames = R.fetch_real_timeseries(2, fetcher=fake_fetcher, online_check=online, data_dir=tmp_path)
    assert len(frames) == 2 and fake_fetcher.calls[0]["age_group"] == "adults"
    frame = frames[0]
    assert list(frame.columns) == list(NODE_LABELS)
    assert frame.shape == (N_VOLUMES, len(NODE_LABELS))
    np.testing.assert_allclose(frame.index, np.arange(N_VOLUMES) * 2.0)
    assert frame.attrs["participant"] == "sub-pixar000" and "development" in frame.attrs["source"]
    truth = _fake_image(tmp_path / "check.nii", seed=0)
    # Each sphere recovers its own signal, cleaned the way the extraction cleans it.
    from nilearn.signal import clean

    expected = {label: clean(signal[:, None], detrend=True, standardize="zscore_sample",
                             high_pass=0.01, low_pass=0.1, t_r=2.0)[:, 0]
                for label, signal in truth.items()}
    assert np.corrcoef(frame["PCC"], expected["PCC"])[0, 1] > 0.95
    assert np.corrcoef(frame["mPFC"], expected["mPFC"])[0, 1] > 0.95
    assert abs(np.corrcoef(frame["PCC"], expected["mPFC"])[0, 1]) < 0.5
    np.testing.assert_allclose(frame.std(ddof=1)[["PCC", "mPFC"]], 1.0, rtol=1e-6)


def test_offline_fails_fast_with_a_clear_message(fake_fetcher, tmp_path):
    start = time.perf_counter()
    with pytest.raises(R.RealDataUnavailable, match="simulated cohort") as error:
        R.fetch_real_timeseries(fetcher=fake_fetcher, online_check=offline, data_dir=tmp_path)
    assert time.perf_counter() - start < 5
    assert "osf.io" in str(error.value)
    assert fake_fetcher.calls == []  # nothing was downloaded


def test_default_check_is_offline_under_socket_blocking(tmp_path):
    """The real connection check, with the network blocked (pytest-socket): fast and clean."""
    start = time.perf_counter()
    assert R.is_online(timeout=2.0) is False
    with pytest.raises(R.RealDataUnavailable, match="simulated cohort"):
        R.fetch_real_timeseries(timeout=2.0, data_dir=tmp_path)
    assert time.perf_counter() - start < 5


def test_failed_download_becomes_real_data_unavailable(tmp_path):
    def broken(**kwargs):
        raise OSError("connection reset")

    with pytest.raises(R.RealDataUnavailable, match="connection reset.*simulated cohort"):
        R.fetch_real_timeseries(fetcher=broken, online_check=online, data_dir=tmp_path)


def test_bad_subject_count():
    with pytest.raises(ValueError, match="between 1 and 33"):
        R.fetch_real_timeseries(0, online_check=online)


def test_fallback_says_which_data_it_returned(fake_fetcher, tmp_path, capsys):
    real = R.fetch_real_or_simulated(1, fetcher=fake_fetcher, online_check=online, data_dir=tmp_path)
    assert real.source == "real" and "REAL" in real.message
    simulated = R.fetch_real_or_simulated(2, fetcher=fake_fetcher, online_check=offline, data_dir=tmp_path)
    assert simulated.source == "simulated" and "SIMULATED" in simulated.message
    assert len(simulated.timeseries) == 2
    assert list(simulated.timeseries[0].columns) == list(NODE_LABELS)
    printed = capsys.readouterr().out
    assert "Using REAL data" in printed and "Using SIMULATED data" in printed


def test_fallback_without_data_folder_simulates(monkeypatch, tmp_path):
    monkeypatch.setenv("DMNLAB_DATA", str(tmp_path / "nowhere"))
    result = R.fetch_real_or_simulated(1, online_check=offline, data_dir=tmp_path, verbose=False)
    assert result.source == "simulated" and result.timeseries[0].shape == (180, len(NODE_LABELS))

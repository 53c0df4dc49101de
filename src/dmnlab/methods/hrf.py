"""The haemodynamic response: how a burst of neural activity shows in the BOLD signal.

The canonical double-gamma response function (the SPM model that nilearn's
``"spm"`` HRF also uses), block designs as 0/1 time courses, and the expected
BOLD response of a task. The simulator (:mod:`dmnlab.cohort.signals`) and the
GLM (:mod:`dmnlab.methods.glm`) both use these, so the data and the analysis
agree on one model.
"""
from __future__ import annotations

import math

import lazy_loader as lazy
import numpy as np

pd = lazy.load("pandas")


def _gamma_pdf(t: np.ndarray, shape: float) -> np.ndarray:
    """The gamma density with this shape (> 1) and scale 1 at times ``t`` ≥ 0: the same numbers as
    ``scipy.stats.gamma.pdf`` (tests/methods), without importing scipy.stats (0.7 s), which made the
    first cell of lab 2 wait."""
    positive = np.where(t > 0, t, 1.0)
    density = np.exp((shape - 1.0) * np.log(positive) - positive - math.lgamma(shape))
    return np.where(t > 0, density, 0.0)


def canonical_hrf(dt: float, duration: float = 32.0, time_to_peak: float = 5.0) -> np.ndarray:
    """The canonical double-gamma haemodynamic response, sampled every ``dt`` s.

    A gamma response peaking at about 5 s minus a sixth of a gamma undershoot
    peaking at about 15 s (the SPM model), scaled to sum to 1 (so a sustained
    block of neural activity of height 1 predicts a BOLD plateau of 1).

    Parameters
    ----------
    dt
        Sampling interval (s).
    duration
        Length of the kernel (s).
    time_to_peak
        Mode of the positive gamma (s); the default 5 s is the canonical response. A
        later peak mimics a slower blood supply (chapter 2's HRF explorer); the summed
        curve peaks slightly earlier than this mode.
    """
    if not (dt > 0 and duration > 0 and time_to_peak > 0):
        raise ValueError("dt, duration and time_to_peak must be positive numbers of seconds.")
    t = np.arange(0.0, duration, dt)
    # A gamma density with shape a and scale 1 peaks at a − 1.
    response = _gamma_pdf(t, time_to_peak + 1.0) - _gamma_pdf(t, 16.0) / 6.0
    return response / response.sum()


def events_to_boxcar(events: pd.DataFrame, n_samples: int, dt: float) -> np.ndarray:
    """A 0/1 time course, sampled every ``dt`` s, that is 1 during the events."""
    times = np.arange(n_samples) * dt
    boxcar = np.zeros(n_samples)
    for onset, duration in zip(events["onset"], events["duration"]):
        boxcar[(times >= onset) & (times < onset + duration)] = 1.0
    return boxcar


def task_regressor(events: pd.DataFrame, n_volumes: int, tr: float = 2.0, dt: float = 0.5) -> np.ndarray:
    """The task's expected BOLD response: block boxcar convolved with the canonical HRF, per volume."""
    steps = int(round(tr / dt))
    boxcar = events_to_boxcar(events, n_volumes * steps, dt)
    return np.convolve(boxcar, canonical_hrf(dt))[: n_volumes * steps][::steps]

"""Rumination as a "sticky thought" process (SIMULATED DATA).

A two-state Markov chain of thought (ruminative or other), one step every 10 s,
whose ruminative episodes last longer the more a participant's DMN dominates.
The mean episode length (dwell time) drives the simulated questionnaire in
:mod:`dmnlab.cohort.questionnaires`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .parameters import _p

pd = lazy.load("pandas")

#: Length of one step of the thought process (s).
THOUGHT_STEP_SECONDS = 10.0
#: Steps simulated per participant: one hour of thought.
THOUGHT_STEPS = 360


def stickiness(dmn_dominance) -> np.ndarray:
    """Probability of staying in a ruminative thought for another 10-s step.

    Rises with DMN dominance from 0.5 toward 0.95 (a logistic curve; shape
    chosen for teaching). The mean time spent in one ruminative episode is
    ``10 s / (1 − stickiness)``.

    Parameters
    ----------
    dmn_dominance
        A participant's DMN dominance (SD units; healthy mean 0).
    """
    d = np.asarray(dmn_dominance, dtype=float)
    return 0.5 + 0.45 / (1.0 + np.exp(-(0.9 * d - 0.3)))


@dataclass(frozen=True)
class ThoughtStates:
    """A simulated stream of thought: ruminative (True) or not, every ``step_seconds``.

    ``states`` has shape ``(n_steps,)`` for one participant or
    ``(n_participants, n_steps)``.
    """

    states: np.ndarray
    stickiness: np.ndarray
    step_seconds: float

    @property
    def mean_dwell_seconds(self) -> np.ndarray:
        """Mean length (s) of the ruminative episodes (0 if there were none)."""
        states = np.atleast_2d(self.states)
        starts = states[:, 0].astype(int) + np.sum(states[:, 1:] & ~states[:, :-1], axis=1)
        steps = states.sum(axis=1)
        dwell = np.where(starts > 0, steps / np.maximum(starts, 1), 0.0) * self.step_seconds
        return dwell if self.states.ndim == 2 else dwell[0]

    @property
    def fraction_ruminating(self) -> np.ndarray:
        """Share of the time spent in ruminative thought."""
        return self.states.mean(axis=-1)

    def dwell_times(self) -> pd.DataFrame:
        """One row per episode: ``state``, ``onset`` and ``duration`` (s) (one participant)."""
        if self.states.ndim != 1:
            raise ValueError("dwell_times() works on one participant's states; index them first.")
        states = self.states.astype(int)
        change = np.flatnonzero(np.diff(states)) + 1
        starts = np.concatenate([[0], change])
        ends = np.concatenate([change, [len(states)]])
        return pd.DataFrame({
            "state": np.where(states[starts] == 1, "ruminative", "other"),
            "onset": starts * self.step_seconds,
            "duration": (ends - starts) * self.step_seconds,
        })


def simulate_thought_states(dmn_dominance=0.0, n_steps: int = THOUGHT_STEPS,
                            seed: int | np.random.Generator | None = 0,
                            enter_probability: float | None = None,
                            step_seconds: float = THOUGHT_STEP_SECONDS) -> ThoughtStates:
    """Simulate a "sticky thought" process: ruminative episodes that are hard to leave.

    A two-state Markov chain, one step every ``step_seconds``. From "other"
    thought the chain enters rumination with ``enter_probability``; once in
    it, it stays with probability :func:`stickiness` (dmn_dominance), so the
    more the DMN dominates, the longer each ruminative episode lasts. The
    chain starts in its long-run distribution.

    Parameters
    ----------
    dmn_dominance
        One value or an array (one per participant), SD units.
    n_steps
        Number of steps (default one hour of 10-s steps).
    seed
        Seed or generator.
    enter_probability
        Default: the cohort parameter ``enter_probability`` (0.10).

    Returns
    -------
    ThoughtStates
        With ``mean_dwell_seconds``, ``fraction_ruminating`` and ``dwell_times()``.

    Examples
    --------
    >>> run = simulate_thought_states(2.0, seed=1)
    >>> bool(run.mean_dwell_seconds > simulate_thought_states(-1.0, seed=1).mean_dwell_seconds)
    True
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    enter = _p("enter_probability") if enter_probability is None else enter_probability
    stay = np.atleast_1d(stickiness(dmn_dominance))
    stationary = enter / (enter + 1.0 - stay)
    states = np.empty((stay.size, n_steps), dtype=bool)
    draws = rng.random((n_steps, stay.size))
    current = draws[0] < stationary
    states[:, 0] = current
    for step in range(1, n_steps):
        current = np.where(current, draws[step] < stay, draws[step] < enter)
        states[:, step] = current
    if np.ndim(dmn_dominance) == 0:
        return ThoughtStates(states[0], stay[0], step_seconds)
    return ThoughtStates(states, stay, step_seconds)


@lru_cache(maxsize=1)
def _dwell_reference() -> tuple[float, float]:
    """Mean and SD of log expected dwell time (s) over healthy dominance ~ N(0, 1).

    Computed by Gauss–Hermite quadrature (deterministic), to put dwell times on
    a standard scale for the questionnaire model.
    """
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    weights = weights / weights.sum()
    log_dwell = np.log(THOUGHT_STEP_SECONDS / (1.0 - stickiness(nodes)))
    mean = float(np.sum(weights * log_dwell))
    return mean, float(np.sqrt(np.sum(weights * (log_dwell - mean) ** 2)))



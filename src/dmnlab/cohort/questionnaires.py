"""Simulated questionnaires: the Ruminative Responses Scale (RRS) (SIMULATED DATA).

Item answers (1–4) are noisy indicators of a participant's brooding and
reflection traits; brooding follows the dwell time of the thought-state model
(:mod:`dmnlab.cohort.thoughts`). Scoring follows the usual subscale key
(Treynor et al. 2003). MADRS ratings are drawn with the participants
(:mod:`dmnlab.cohort.population`).
"""
from __future__ import annotations

import math

import lazy_loader as lazy
import numpy as np

from .parameters import _p
from .thoughts import THOUGHT_STEP_SECONDS, _dwell_reference

pd = lazy.load("pandas")

#: RRS items forming the brooding and reflection subscales in this simulated questionnaire.
#: The numbering mirrors the usual scoring key (Treynor et al. 2003); check the published
#: key before scoring real answers. Item wording is not reproduced.
RRS_BROODING_ITEMS = (5, 10, 13, 15, 16)
RRS_REFLECTION_ITEMS = (7, 11, 12, 20, 21)
RRS_ITEMS = tuple(range(1, 23))
RRS_COLUMNS = tuple(f"rrs_{item:02d}" for item in RRS_ITEMS)
# Item thresholds on the latent scale (answers 1–4): chosen for teaching.
_RRS_THRESHOLDS = np.array([-0.1, 0.75, 1.5])
_RRS_LOADINGS = {"brooding": 0.53, "reflection": 0.62, "other": 0.65}


def simulate_rrs(mean_dwell_seconds, madrs, seed: int | np.random.Generator | None = 0) -> pd.DataFrame:
    """Simulated answers to the Ruminative Responses Scale (22 items, each 1–4).

    The brooding trait is the participant's (log) mean ruminative dwell time on
    a standard scale; the reflection trait, a separate factor (Treynor et al.
    2003), correlates only weakly with it (r = 0.3, chosen for teaching); the
    other 12 items mix brooding with current depression severity. Each item is a noisy indicator of its trait, cut into four
    answers. Loadings give Cronbach's alpha near .77 (brooding) and .72
    (reflection), as Treynor et al. 2003 report.

    Parameters
    ----------
    mean_dwell_seconds
        Mean ruminative episode length per participant (s).
    madrs
        Baseline MADRS per participant (points, 0–60).
    seed
        Seed or generator.

    Returns
    -------
    pandas.DataFrame
        Columns ``rrs_01`` … ``rrs_22`` (integers 1–4).
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    dwell = np.atleast_1d(np.asarray(mean_dwell_seconds, dtype=float))
    madrs = np.atleast_1d(np.asarray(madrs, dtype=float))
    ref_mean, ref_sd = _dwell_reference()
    brooding = (np.log(np.maximum(dwell, THOUGHT_STEP_SECONDS)) - ref_mean) / ref_sd
    rho = _p("reflection_brooding_r")
    reflection = rho * brooding + math.sqrt(1 - rho ** 2) * rng.standard_normal(dwell.size)
    severity = (madrs - 12.0) / 12.0
    other = (0.7 * brooding + 0.5 * severity) / math.hypot(0.7, 0.5)
    noise = rng.standard_normal((dwell.size, len(RRS_ITEMS)))
    items = np.empty((dwell.size, len(RRS_ITEMS)), dtype=int)
    for column, item in enumerate(RRS_ITEMS):
        if item in RRS_BROODING_ITEMS:
            trait, loading = brooding, _RRS_LOADINGS["brooding"]
        elif item in RRS_REFLECTION_ITEMS:
            trait, loading = reflection, _RRS_LOADINGS["reflection"]
        else:
            trait, loading = other, _RRS_LOADINGS["other"]
        latent = loading * trait + math.sqrt(1 - loading ** 2) * noise[:, column]
        items[:, column] = 1 + np.searchsorted(_RRS_THRESHOLDS, latent)
    return pd.DataFrame(items, columns=list(RRS_COLUMNS))


def score_rrs(items: pd.DataFrame) -> pd.DataFrame:
    """RRS total (22–88), brooding (5–20) and reflection (5–20) scores from item answers."""
    brooding = [f"rrs_{i:02d}" for i in RRS_BROODING_ITEMS]
    reflection = [f"rrs_{i:02d}" for i in RRS_REFLECTION_ITEMS]
    return pd.DataFrame({
        "rrs_total": items[list(RRS_COLUMNS)].sum(axis=1),
        "rrs_brooding": items[brooding].sum(axis=1),
        "rrs_reflection": items[reflection].sum(axis=1),
    }, index=items.index)



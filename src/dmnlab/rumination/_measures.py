"""Chapter 4's data and science: RRS scores and connectivity per participant, the brooding–brain
correlation reported honestly, the subscales' reliability, the sticky-thought model and
simulated brain–behaviour studies (all SIMULATED)."""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..datasets.cache import kept_on_disk, kept_with_data
from ..study.protocol import SIMULATED_NOTE

pd = lazy.load("pandas")

#: The true brain–behaviour correlation in the simulated studies: small, as large samples
#: find for brain-wide associations (Marek et al. 2022); the exact value is a teaching choice.
TRUE_R = 0.10
#: Candidate regions a circular study searches before reporting the best one.
CIRCULAR_CANDIDATES = 20
#: The true correlations the correlation-study widget offers: the small one of the page, and none
#: at all (then every "significant" study is a false positive).
TRUE_R_OPTIONS = (TRUE_R, 0.0)


# --- data -------------------------------------------------------------------------------
@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def rumination_table() -> pd.DataFrame:
    """One row per participant: group, MADRS, RRS scores and baseline connectivity (SIMULATED).

    Columns ``group``, ``madrs_baseline``, ``rrs_total``, ``rrs_brooding``, ``rrs_reflection``,
    ``dmn_sgacc`` (mean r of the DMN nodes with the sgACC) and ``within_dmn`` (mean r between
    DMN nodes), both from the baseline rest run, Fisher-z averaged.
    """
    from ..datasets.loaders import load_participants, load_timeseries
    from ..methods.connectivity import summarise_run

    participants = load_participants()
    summaries = {pid: summarise_run(load_timeseries(pid)) for pid in participants.index}
    table = participants[["group", "madrs_baseline", "rrs_total", "rrs_brooding", "rrs_reflection"]].copy()
    for column in ("madrs_baseline", "rrs_total", "rrs_brooding", "rrs_reflection"):
        table[column] = table[column].astype(float)
    table["dmn_sgacc"] = [summaries[pid]["DMN–sgACC"] for pid in table.index]
    table["within_dmn"] = [summaries[pid]["within DMN"] for pid in table.index]
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def rrs_items() -> pd.DataFrame:
    """The simulated RRS answers (22 items, 1–4), indexed by participant, columns ``rrs_01`` …"""
    from ..cohort.questionnaires import RRS_COLUMNS
    from ..datasets.loaders import load_rrs_items

    return load_rrs_items()[list(RRS_COLUMNS)].astype(float)


def _subscale_items(name: str):
    """The item numbers of the ``"brooding"`` or ``"reflection"`` subscale."""
    from ..cohort.questionnaires import RRS_BROODING_ITEMS, RRS_REFLECTION_ITEMS

    return RRS_BROODING_ITEMS if name == "brooding" else RRS_REFLECTION_ITEMS


def _subscale_columns(name: str) -> list[str]:
    """The item columns (``rrs_05`` …) of the ``"brooding"`` or ``"reflection"`` subscale."""
    return [f"rrs_{item:02d}" for item in _subscale_items(name)]


# --- science ----------------------------------------------------------------------------
def brooding_correlation(table: pd.DataFrame | None = None, column: str = "dmn_sgacc",
                         n_permutations: int = 10_000) -> dict:
    """How brooding goes with a brain measure, honestly reported.

    Returns
    -------
    dict
        ``r`` (Pearson, brooding vs ``column``, all participants) with its 95% Fisher-z
        interval ``ci_low``/``ci_high``, ``p_permutation`` (two-sided), ``n``,
        ``partial_r`` (controlling for baseline MADRS: does brooding add anything beyond
        how depressed people are?) and ``reflection_r`` (the same r for reflection).
    """
    from ..methods.stats import correlation_with_ci, partial_correlation, permutation_test_correlation

    table = rumination_table() if table is None else table
    result = correlation_with_ci(table["rrs_brooding"], table[column])
    result["p_permutation"] = permutation_test_correlation(table["rrs_brooding"], table[column], n_permutations)
    result["partial_r"] = partial_correlation(table["rrs_brooding"], table[column], table["madrs_baseline"])
    result["reflection_r"] = float(np.corrcoef(table["rrs_reflection"], table[column])[0, 1])
    return result


def subscale_alphas(items: pd.DataFrame | None = None) -> dict:
    """Cronbach's alpha of the brooding and reflection subscales (and brooding per group).

    Mixing patients and controls inflates alpha: the groups differ in their mean level, which
    makes every item vary together across the mixed sample.
    """
    from ..methods.stats import cronbach_alpha

    items = rrs_items() if items is None else items
    groups = rumination_table()["group"].reindex(items.index)
    brooding, reflection = _subscale_columns("brooding"), _subscale_columns("reflection")
    return {
        "brooding": cronbach_alpha(items[brooding]),
        "reflection": cronbach_alpha(items[reflection]),
        "brooding_patients": cronbach_alpha(items.loc[groups == "depressed", brooding]),
        "brooding_controls": cronbach_alpha(items.loc[groups == "control", brooding]),
    }


def example_thoughts(dominance: float = 0.0, seed: int = 4):
    """One simulated hour of thought for a person with this DMN dominance (SIMULATED).

    Returns a :class:`dmnlab.cohort.thoughts.ThoughtStates` (one state every 10 s).
    """
    from ..cohort.thoughts import simulate_thought_states

    return simulate_thought_states(float(dominance), seed=seed)


def control_mean_dwell() -> float:
    """Expected length (s) of a ruminative episode at the healthy mean dominance (0)."""
    from ..cohort.thoughts import THOUGHT_STEP_SECONDS, stickiness

    return float(THOUGHT_STEP_SECONDS / (1.0 - stickiness(0.0)))


def thread_patient_rumination(table: pd.DataFrame | None = None, participant: str | None = None) -> dict:
    """The followed patient's RRS scores placed among the other patients and the controls (SIMULATED).

    Returns the shares of the other patients and of the controls whose RRS total
    (``total_above_patients``, ``total_above_controls``) and brooding score
    (``brooding_above_patients``, ``brooding_above_controls``) are lower than the patient's.
    """
    from ..shared.patient import THREAD_PATIENT

    table = rumination_table() if table is None else table
    participant = THREAD_PATIENT if participant is None else participant
    person = table.loc[participant]
    others = table.drop(index=participant)
    place = {}
    for column, name in (("rrs_total", "total"), ("rrs_brooding", "brooding")):
        for group, label in (("depressed", "patients"), ("control", "controls")):
            values = others.loc[others["group"] == group, column]
            place[f"{name}_above_{label}"] = float((values < person[column]).mean())
    return place


@lru_cache(maxsize=64)
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
def correlation_studies(n_per_study: int = 25, circular: bool = False, true_r: float = TRUE_R) -> dict:
    """Simulated brain–behaviour studies of a small true correlation (:data:`TRUE_R` by default).

    ``circular=True``: each study searches :data:`CIRCULAR_CANDIDATES` regions and reports the
    one with the largest r in its own data. ``true_r=0.0``: no region is related to the
    behaviour at all, so every "significant" study is a false positive. See
    :func:`dmnlab.methods.stats.simulate_correlation_studies`.
    """
    from ..methods.stats import simulate_correlation_studies

    n_candidates = CIRCULAR_CANDIDATES if circular else 1
    result = simulate_correlation_studies(float(true_r), int(n_per_study), n_studies=400,
                                          n_candidates=n_candidates, seed=int(n_per_study))
    result["circular"] = bool(circular)
    return result

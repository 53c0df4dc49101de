"""Named brain states of the virtual cohort → simulator parameters (SIMULATED DATA).

:func:`state_parameters` turns "healthy", "depressed" or a ketamine session
and response status ("infusion-responder", "24h-non-responder", …) into the
:class:`~dmnlab.cohort.signals.NetworkParameters` that
:func:`~dmnlab.cohort.signals.simulate_run` uses. Every number comes from
:mod:`dmnlab.cohort.parameters`.
"""
from __future__ import annotations

import math

import lazy_loader as lazy
import numpy as np

from ..methods.connectivity import summarise_run
from ..study.nodes import CE_NODES, DMN_NODES, NETWORKS, TASK_POSITIVE_NETWORKS, TASK_POSITIVE_NODES
from ..study.protocol import KETAMINE_SESSIONS, RESPONSES, REST_VOLUMES, TR
from .parameters import (
    _DEFAULTS,
    MEASUREMENT_SD,
    _check_mode,
    _check_site,
    _p,
    expected_group_difference,
    observed_sd,
)
from .signals import NetworkParameters, simulate_run

#: Named states accepted by :func:`state_parameters`.
STATES = ("healthy", "depressed") + tuple(
    f"{session}-{status}" for session in KETAMINE_SESSIONS for status in RESPONSES
)

pd = lazy.load("pandas")



def _expected_improvement(session: str, responder: bool) -> float:
    """Mean MADRS improvement (fraction of baseline) at a session, by response status.

    Responders are the patients whose 24-h improvement is at least 0.5: the mean of the
    improvement distribution above (or below) that cut, times the average retention.
    """
    if session in ("baseline", "infusion"):
        return 0.0
    from scipy.stats import truncnorm

    mean, sd, low, high = _p("improvement_24h")
    lower, upper = ((0.5, high) if responder else (low, 0.5))
    at_24h = truncnorm.mean((lower - mean) / sd, (upper - mean) / sd, loc=mean, scale=sd)
    retention = {"24h": 1.0, "day7": _p("retention_day7"),
                 "day14": _p("retention_day7") * _p("retention_day14")}[session]
    return float(at_24h * retention)


def depression_shift(mode: str = "realistic", medication: str | None = None,
                     site: str | None = None) -> dict:
    """The group-level change from healthy to depressed, in parameter units.

    Parameters
    ----------
    mode
        "realistic" or "teaching".
    medication
        "none" or "antidepressant" (realistic mode: sets the sign of the
        within-DMN effect), or ``None`` for the average patient.
    site
        "A", "B", "C" (realistic mode: site deviation of the effect) or ``None``.

    Returns
    -------
    dict
        ``within_dmn``, ``within_ce``, ``dmn_tp``, ``dmn_sgacc`` (changes in r),
        ``dmn_amplitude`` (ratio), ``dmn_task`` and ``ce_task`` (changes in the
        task response).
    """
    _check_mode(mode)
    g_dmn = expected_group_difference("within DMN", mode, medication)
    if _check_site(site) is not None:
        g_dmn += _p("dep_within_dmn_site_g", mode)[site]
    return {
        "within_dmn": g_dmn * observed_sd("within DMN"),
        "within_ce": _p("dep_within_ce_g", mode) * observed_sd("within CE"),
        "dmn_tp": _p("dep_dmn_tp_g", mode) * observed_sd("DMN–task-positive"),
        "dmn_sgacc": _p("dep_dmn_sgacc_g", mode) * observed_sd("DMN–sgACC"),
        "dmn_amplitude": float(_p("dep_dmn_amplitude", mode)),
        "dmn_task": _p("dep_dmn_task_response", mode) - _DEFAULTS.task_response["PCC"],
        "ce_task": _p("dep_ce_task_response", mode) - _DEFAULTS.task_response["DLPFC_L"],
    }


def _is_dmn_tp(pair) -> bool:
    return "DMN" in pair and (set(pair) & set(TASK_POSITIVE_NETWORKS)) != set()


def _build_parameters(mode: str, session: str, shift: dict, normalisation: float,
                      effects: dict | None = None, site: str | None = None) -> NetworkParameters:
    """Assemble NetworkParameters from healthy defaults + random effects + disease + drug.

    ``effects`` holds one participant's deviations from the group (all zero
    for a group-level state). ``normalisation`` (0–1) scales the depression
    shift down (how far toward healthy a responder has moved).
    """
    effects = effects or {}
    keep = 1.0 - normalisation
    site_offset = _p("site_offset")[site] if site is not None else 0.0

    within = {}
    for network in NETWORKS:
        within[network] = (_DEFAULTS.within[network] + site_offset
                           + effects.get(f"re_within_{network.replace(' ', '_')}", 0.0))
    within["DMN"] += keep * shift.get("within_dmn", 0.0)
    within["central executive"] += keep * shift.get("within_ce", 0.0)

    between = {}
    for pair, value in _DEFAULTS.between.items():
        if _is_dmn_tp(pair):
            value = value + effects.get("re_dmn_tp", 0.0) + keep * shift.get("dmn_tp", 0.0)
        else:
            value = value + effects.get("re_between_other", 0.0)
        between[pair] = value
    dmn_sgacc = (_DEFAULTS.dmn_sgacc + effects.get("re_dmn_sgacc", 0.0)
                 + keep * shift.get("dmn_sgacc", 0.0))

    amplitude_dmn = math.exp(effects.get("re_log_amp_dmn", 0.0)) * (
        1.0 + keep * (shift.get("dmn_amplitude", 1.0) - 1.0))
    amplitude = {label: amplitude_dmn for label in DMN_NODES}

    task_response = dict(_DEFAULTS.task_response)
    for label in DMN_NODES:
        task_response[label] += effects.get("re_task_dmn", 0.0) + keep * shift.get("dmn_task", 0.0)
    for label in TASK_POSITIVE_NODES:
        task_response[label] += effects.get("re_task_tp", 0.0)
    for label in CE_NODES:
        task_response[label] += keep * shift.get("ce_task", 0.0)

    persistence = _DEFAULTS.neural_persistence + effects.get("re_persistence", 0.0)

    # Ketamine: the drug's own effects during the infusion (each patient's own size), a
    # residue at 24 h.
    ket_within = _p("ket_within_dmn", mode) + effects.get("re_ket_within_dmn", 0.0)
    if session == "infusion":
        within["DMN"] += ket_within
        ket_between = _p("ket_between", mode) + effects.get("re_ket_between", 0.0)
        between = {pair: value + ket_between for pair, value in between.items()}
        amplitude["mPFC"] *= _p("ket_mpfc_amplitude", mode) * math.exp(effects.get("re_ket_log_mpfc", 0.0))
        persistence += (_p("ket_persistence", mode) - _DEFAULTS.neural_persistence
                        + effects.get("re_ket_persistence", 0.0))
    elif session == "24h":
        within["DMN"] += _p("ket_residual_24h", mode) * ket_within

    return NetworkParameters(
        within=within, between=between, dmn_sgacc=dmn_sgacc, amplitude=amplitude,
        task_response=task_response,
        neural_persistence=float(np.clip(persistence, 0.3, 0.97)),
        noise_sd=_DEFAULTS.noise_sd,
    )


def _parse_state(state: str) -> tuple[str, str, bool | None]:
    if state in ("healthy", "depressed"):
        return state, "baseline", None
    for session in KETAMINE_SESSIONS:
        for status in RESPONSES:
            if state == f"{session}-{status}":
                return "depressed", session, status == "responder"
    raise ValueError(f"Unknown state {state!r}; choose one of {list(STATES)}.")


def state_parameters(state: str = "healthy", mode: str = "realistic",
                     medication: str | None = None, site: str | None = None) -> NetworkParameters:
    """Group-average network parameters of a named state (SIMULATED DATA).

    Parameters
    ----------
    state
        "healthy", "depressed", or a ketamine session and response status:
        "infusion-responder", "24h-non-responder", "day7-responder", … (see
        :data:`STATES`).
    mode
        "realistic" (effect sizes like large studies) or "teaching" (larger,
        for seeing a pattern with few participants).
    medication
        Depressed states: "none" or "antidepressant" (in realistic mode the
        within-DMN effect is lower on antidepressants); ``None`` = the
        average patient.
    site
        "A", "B" or "C": adds the site's scanner offset and, for depressed
        states in realistic mode, the site's deviation of the effect;
        ``None`` = no site.

    Returns
    -------
    NetworkParameters
        Ready for :func:`dmnlab.cohort.signals.simulate_run`.

    Examples
    --------
    >>> from dmnlab.cohort.signals import simulate_run
    >>> bold = simulate_run(state_parameters("depressed", "teaching"), n_volumes=180, seed=1)
    >>> state_parameters("infusion-responder", "teaching").within["DMN"] < state_parameters("depressed", "teaching").within["DMN"]
    True
    """
    _check_mode(mode)
    group, session, responder = _parse_state(state)
    if group == "healthy":
        if medication not in (None, "none"):
            raise ValueError("The healthy state has no medication; use medication=None.")
        return _build_parameters(mode, "baseline", {}, 0.0, site=_check_site(site))
    shift = depression_shift(mode, medication, site)
    normalisation = _expected_improvement(session, bool(responder))
    return _build_parameters(mode, session, shift, normalisation, site=site)



def calibrate_measurement_sd(n_runs: int = 400, seed: int = 0) -> dict:
    """Re-measure :data:`MEASUREMENT_SD`: SD of each measure over repeated healthy rest runs."""
    params = state_parameters("healthy")
    summaries = pd.DataFrame([summarise_run(simulate_run(params, REST_VOLUMES, TR, seed=[seed, i]))
                              for i in range(n_runs)])
    return {measure: float(summaries[measure].std()) for measure in MEASUREMENT_SD}



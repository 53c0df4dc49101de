"""The virtual cohort: simulated patients, controls, a task and ketamine (SIMULATED DATA).

No real patient data can ship with the course, so chapters 2–7 analyse a
*virtual cohort*: simulated participants whose region signals and
questionnaire scores follow the directions, and where known the sizes, that
the literature reports (the course's evidence sheet, ``EVIDENCE.md``). The
mixed evidence is built in on purpose.

What this module does
---------------------
* **States.** :func:`state_parameters` turns a named state ("healthy",
  "depressed", "infusion-responder", "24h-non-responder", …) into the
  :class:`~dmnlab.simulate.NetworkParameters` that
  :func:`~dmnlab.simulate.simulate_run` uses. Every number comes from
  :data:`PARAMETERS`, the one documented place, rendered by
  :func:`parameter_table`.
* **Two effect-size modes.** ``"realistic"``: group differences about the size
  large multi-site studies report (within-DMN connectivity |g| ≈ 0.25, sign
  depending on medication, varying by site). ``"teaching"``: larger effects in
  the direction of the "popular story", so a pattern is visible with a few
  participants. The shipped ``data/`` folder uses the realistic mode.
* **Participants.** :func:`simulate_cohort` draws a table of participants
  (demographics, MADRS over the ketamine course, RRS scores and the hidden
  "ground truth"); :func:`simulate_participant` simulates one of their scan
  runs.
* **Rumination.** :func:`simulate_thought_states` is a two-state "sticky
  thought" process whose stickiness grows with a participant's DMN dominance;
  its dwell times drive the simulated Ruminative Responses Scale.
* **Measures.** :func:`sample_entropy`, :func:`summarise_run` and
  :func:`block_betas` compute what the chapters measure.
* **Loaders.** :func:`load_participants`, :func:`load_timeseries`,
  :func:`load_events`, :func:`list_runs`, … read ``data/`` with checksum and
  data-dictionary checks (see :mod:`dmnlab.data`).

Everything here is simulated and labelled so (:data:`SIMULATED_LABEL`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .nodes import (
    DMN_NODES, NETWORKS, NODE_LABELS, NODE_NETWORK, TASK_POSITIVE_NETWORKS, TASK_POSITIVE_NODES,
)
from .simulate import (
    NetworkParameters, block_design, canonical_hrf, events_to_boxcar, simulate_run,
)

#: The label every simulated product carries.
SIMULATED_LABEL = (
    "SIMULATED DATA: a virtual cohort made by the dmnlab simulator. No real person was "
    "scanned or assessed; effects follow published directions and sizes (see the course's "
    "'About the data' page)."
)

MODES = ("realistic", "teaching")
#: Short labels for figures and widgets, one per mode.
MODE_LABELS = {
    "realistic": "Simulated data (realistic effect sizes)",
    "teaching": "Simulated data — TEACHING mode: effects larger than real studies find",
}
#: Repetition time (s) of every simulated run.
TR = 2.0
#: Volumes in a rest run: 180 × 2 s = 6 min, a common resting-state length.
REST_VOLUMES = 180
#: Volumes in the block-design task run: 30 s rest, then 5 × (30 s task + 30 s rest) = 330 s.
TASK_VOLUMES = 165
TASK_NAME = "attention"
TASKS = ("rest", TASK_NAME)
#: Scan sessions: before ketamine, during the infusion, and 24 h, 7 and 14 days after it.
SESSIONS = ("baseline", "infusion", "24h", "day7", "day14")
KETAMINE_SESSIONS = SESSIONS[1:]
#: Hours from the start of the infusion to each session (baseline: the day before).
SESSION_HOURS = {"baseline": -24.0, "infusion": 0.5, "24h": 24.0, "day7": 168.0, "day14": 336.0}
GROUPS = ("control", "depressed")
SITES = ("A", "B", "C")
MEDICATIONS = ("none", "antidepressant")
RESPONSES = ("responder", "non-responder")
#: Named states accepted by :func:`state_parameters`.
STATES = ("healthy", "depressed") + tuple(
    f"{session}-{status}" for session in KETAMINE_SESSIONS for status in RESPONSES
)
#: Seed of the shipped data set (``make data``): the first seed from 20250611 on whose
#: sample sits close to the configured effects (``python scripts/make_data.py --pick-seed``
#: shows the rule and the search). Other seeds give other samples — see the datasheet.
DEFAULT_SEED = 20250616
DEFAULT_N_CONTROLS = 36
DEFAULT_N_PATIENTS = 60

CE_NODES = tuple(label for label in NODE_LABELS if NODE_NETWORK[label] == "central executive")

# ---------------------------------------------------------------------------
# Parameters: the one documented place
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortParameter:
    """One parameter of the virtual cohort, with its value in each mode and its sources.

    ``realistic`` and ``teaching`` hold the value used in each mode (equal when
    the mode does not matter). ``direction_source`` cites the evidence-sheet
    entry for the direction of the effect; ``size_source`` says where the size
    comes from, or "chosen for teaching" when no source gives one.
    """

    key: str
    section: str
    parameter: str
    unit: str
    healthy: object
    realistic: object
    teaching: object
    direction_source: str
    size_source: str
    #: Optional formatter of a value for :func:`parameter_table`.
    display: object = None

    def value(self, mode: str):
        """The value in ``mode`` ("realistic" or "teaching")."""
        return self.realistic if _check_mode(mode) == "realistic" else self.teaching


_DEFAULTS = NetworkParameters()
_CHOSEN = "chosen for teaching (no source gives a size)"
# MADRS improvement at 24 h, as floor + width·Beta(a, b), by response status.
_IMPROVEMENT = {"responder": (0.55, 0.45, 3.0, 2.0), "non-responder": (0.0, 0.45, 1.5, 3.5)}

_PARAMETER_LIST = (
    # --- depression: group differences at baseline ---------------------------------------
    CohortParameter(
        "dep_within_dmn_g_unmedicated", "depression", "within-DMN connectivity, unmedicated "
        "patients vs controls", "Hedges g", f"r = {_DEFAULTS.within['DMN']:.2f}", 0.10, 1.0,
        "realistic: no reduction in unmedicated patients (Tozzi et al. 2021; Yan et al. 2019); "
        "teaching: hyperconnectivity within the DMN (Kaiser et al. 2015)",
        "realistic: chosen so the whole patient group averages g ≈ −0.25; teaching: chosen for "
        "teaching, the size of striking small-study effects"),
    CohortParameter(
        "dep_within_dmn_g_medicated", "depression", "within-DMN connectivity, patients on "
        "antidepressants vs controls", "Hedges g", f"r = {_DEFAULTS.within['DMN']:.2f}", -0.50, 1.0,
        "realistic: medicated < unmedicated (Javaheripour et al. 2021); the decrease is tied to "
        "medication and recurrence (Yan et al. 2019); teaching: Kaiser et al. 2015",
        "realistic: chosen so the whole patient group averages g ≈ −0.25 (Tozzi et al. 2021: "
        "g = −0.246 [−0.417, −0.074]); teaching: chosen for teaching"),
    CohortParameter(
        "dep_within_dmn_site_g", "depression", "site deviation of the within-DMN group "
        "difference (sites A, B, C)", "Hedges g", 0.0, {"A": 0.15, "B": 0.0, "C": -0.15},
        {"A": 0.0, "B": 0.0, "C": 0.0},
        "effects vary across sites; prediction intervals include 0 (Tozzi et al. 2021)",
        "chosen for teaching (sum to zero, so they do not move the average)"),
    CohortParameter(
        "dep_within_ce_g", "depression", "within-central-executive connectivity, patients vs "
        "controls", "Hedges g", f"r = {_DEFAULTS.within['central executive']:.2f}", -0.10, -0.60,
        "hypoconnectivity within the frontoparietal network (Kaiser et al. 2015); no difference "
        "in a larger sample (Javaheripour et al. 2021)", _CHOSEN),
    CohortParameter(
        "dep_dmn_tp_g", "depression", "DMN–task-positive connectivity (DMN with salience and "
        "central executive), patients vs controls (positive = weaker anticorrelation)",
        "Hedges g", "r = −0.20 (salience), −0.25 (central executive)", 0.15, 0.80,
        "hyperconnectivity between frontoparietal network and DMN (Kaiser et al. 2015); DMN "
        "dominance over task-positive networks (Hamilton et al. 2011)", _CHOSEN),
    CohortParameter(
        "dep_dmn_sgacc_g", "depression", "DMN–sgACC connectivity, patients vs controls",
        "Hedges g", f"r = {_DEFAULTS.dmn_sgacc:.2f}", 0.25, 1.0,
        "sgACC contributes more to the DMN in depression (Greicius et al. 2007; Berman et al. "
        "2011; Hamilton et al. 2015)", _CHOSEN),
    CohortParameter(
        "dep_dmn_amplitude", "depression", "DMN signal amplitude (resting activity), patients / "
        "controls", "ratio", 1.0, 1.03, 1.25,
        "failure to reduce DMN activity (Sheline et al. 2009); no reliable blood-flow "
        "abnormality in DMN nodes themselves (Hamilton et al. 2015), hence ≈ 1 when realistic",
        _CHOSEN),
    CohortParameter(
        "dep_dmn_task_response", "depression", "DMN response to task blocks (deactivation)",
        "SD of neural signal", -0.8, -0.65, -0.35,
        "impaired deactivation of DMN regions in depression (Sheline et al. 2009); healthy "
        "deactivation during tasks (Raichle et al. 2001)", _CHOSEN),
    CohortParameter(
        "dep_ce_task_response", "depression", "central-executive response to task blocks "
        "(activation)", "SD of neural signal", 0.8, 0.72, 0.50,
        "lower dlPFC response in depression (Hamilton et al. 2012, for negative stimuli)",
        _CHOSEN),
    # --- participants: who is in the cohort ----------------------------------------------
    CohortParameter(
        "p_first_episode", "participants", "share of patients in their first episode",
        "probability", "n/a", 0.25, 0.25,
        "the within-DMN decrease appears only in recurrent depression (Yan et al. 2019)",
        _CHOSEN),
    CohortParameter(
        "p_medicated_first", "participants", "share on antidepressants, first episode",
        "probability", 0.0, 0.30, 0.30,
        "medication and recurrence go together, which confounds them (Yan et al. 2019)",
        _CHOSEN),
    CohortParameter(
        "p_medicated_recurrent", "participants", "share on antidepressants, recurrent "
        "depression", "probability", 0.0, 0.70, 0.70,
        "medication and recurrence go together, which confounds them (Yan et al. 2019)",
        _CHOSEN),
    CohortParameter(
        "age", "participants", "age at baseline: mean, SD (controls in 'healthy value'; clipped "
        "to 18–65)", "years", (38.0, 11.0), (42.0, 11.0), (42.0, 11.0), "—", _CHOSEN),
    CohortParameter(
        "p_female", "participants", "share of women (controls in 'healthy value')", "probability",
        0.55, 0.62, 0.62, "—", _CHOSEN),
    CohortParameter(
        "extra_episodes", "participants", "earlier episodes beyond the second, recurrent "
        "patients (Poisson mean; first-episode patients have 1 episode, controls 0)", "episodes",
        0.0, 2.0, 2.0, "—", _CHOSEN),
    CohortParameter(
        "site_offset", "participants", "scanner offset added to all within-network "
        "connectivity (sites A, B, C)", "r", 0.0, {"A": 0.03, "B": 0.0, "C": -0.03},
        {"A": 0.03, "B": 0.0, "C": -0.03},
        "sites differ (Tozzi et al. 2021; Yan et al. 2019 pooled 17 sites)", _CHOSEN),
    # --- between-participant variation -----------------------------------------------------
    CohortParameter(
        "sd_within", "variation", "between-participant SD of within-network connectivity",
        "r", 0.06, 0.06, 0.06, "people differ (any multi-participant study)", _CHOSEN),
    CohortParameter(
        "sd_dmn_tp", "variation", "between-participant SD of DMN–task-positive connectivity",
        "r", 0.05, 0.05, 0.05, "people differ", _CHOSEN),
    CohortParameter(
        "sd_between_other", "variation", "between-participant SD of other between-network "
        "connectivity", "r", 0.04, 0.04, 0.04, "people differ", _CHOSEN),
    CohortParameter(
        "sd_dmn_sgacc", "variation", "between-participant SD of DMN–sgACC connectivity", "r",
        0.06, 0.06, 0.06, "people differ", _CHOSEN),
    CohortParameter(
        "sd_log_amplitude", "variation", "between-participant SD of log DMN amplitude",
        "log ratio", 0.08, 0.08, 0.08, "people differ", _CHOSEN),
    CohortParameter(
        "sd_task_response", "variation", "between-participant SD of task responses",
        "SD of neural signal", 0.15, 0.15, 0.15, "people differ", _CHOSEN),
    CohortParameter(
        "sd_persistence", "variation", "between-participant SD of neural persistence",
        "AR(1) per 0.5 s", 0.01, 0.01, 0.01, "people differ", _CHOSEN),
    # --- ketamine ------------------------------------------------------------------------------
    CohortParameter(
        "ket_within_dmn", "ketamine", "within-DMN connectivity change during the infusion",
        "r", _DEFAULTS.within["DMN"], -0.04, -0.15,
        "reduced PCC–mPFC connectivity 24 h after ketamine in healthy volunteers (Scheidegger "
        "et al. 2012); reduced at anaesthetic depth (Bonhomme 2016) and, in healthy men, after "
        "midazolam too (sedation confound, EVIDENCE.md)",
        "realistic: chosen small because patient studies are few and small; teaching: chosen "
        "for teaching"),
    CohortParameter(
        "ket_between", "ketamine", "between-network connectivity change during the infusion "
        "(every pair of networks)", "r", "see NetworkParameters.between", 0.03, 0.12,
        "DMN anticorrelation abolished at anaesthetic depth (Bonhomme 2016); insula–DMN "
        "connectivity changes after ketamine in patients (Evans et al. 2018)", _CHOSEN),
    CohortParameter(
        "ket_mpfc_amplitude", "ketamine", "mPFC signal amplitude during the infusion, relative "
        "to before", "ratio", 1.0, 0.95, 0.70,
        "the course outline's claim (chapter 5); EVIDENCE.md has no checked ketamine study of "
        "mPFC activity (Scheidegger et al. 2012 reports connectivity, not activity)", _CHOSEN),
    CohortParameter(
        "ket_persistence", "ketamine", "neural persistence during the infusion (lower = less "
        "predictable signal, higher sample entropy)", "AR(1) per 0.5 s",
        _DEFAULTS.neural_persistence, 0.87, 0.70,
        "entropic brain hypothesis (Carhart-Harris et al. 2014) — a hypothesis with weak direct "
        "evidence (one small open-label adolescent study, EVIDENCE.md)", _CHOSEN),
    CohortParameter(
        "ket_residual_24h", "ketamine", "share of the infusion's within-DMN change still present "
        "at 24 h", "fraction", 0.0, 0.3, 0.3,
        "reduced PCC–mPFC connectivity 24 h after ketamine (Scheidegger et al. 2012, healthy "
        "volunteers); the drug itself is gone (course outline)", _CHOSEN),
    CohortParameter(
        "ket_normalisation", "ketamine", "how far responders' connectivity returns toward "
        "healthy values after ketamine", "fraction of the depression effect", 0.0,
        "= the participant's MADRS improvement (responders); 0 (non-responders)",
        "= the participant's MADRS improvement (responders); 0 (non-responders)",
        "insula–DMN connectivity normalised at day 2 and reversed by day 10 (Evans et al. 2018); "
        "the course outline (chapter 5)", _CHOSEN),
    CohortParameter(
        "response_predictor_slope", "ketamine", "log-odds of response per SD of baseline "
        "within-DMN connectivity", "log-odds per SD", 0.0, 0.3, 1.2,
        "candidate biomarker: strongest hyperconnectivity, most benefit (course outline, "
        "chapter 7); a hypothesis that needs replication in large samples", _CHOSEN),
    # --- clinical course (MADRS) -----------------------------------------------------------
    CohortParameter(
        "madrs_baseline", "clinical", "baseline MADRS: patients Normal(mean, SD) clipped to "
        "[min, max]; controls ('healthy value') Gamma(shape, scale) clipped to [0, max]",
        "points (0–60)", (1.5, 1.5, 10.0), (32.0, 5.5, 20.0, 52.0), (32.0, 5.5, 20.0, 52.0),
        "MADRS: 10 items scored 0–6, total 0–60; remission cut-offs vary (Zimmerman et al. 2004)",
        "chosen for teaching (moderate to severe treatment-resistant depression)"),
    CohortParameter(
        "p_response", "clinical", "probability of response (≥ 50% MADRS drop at 24 h)",
        "probability", "n/a", 0.55, 0.55,
        "response defined as ≥ 50% MADRS reduction (EVIDENCE.md, rating scales)",
        "about 50–60% in treatment-resistant depression (Abdallah et al. 2017)"),
    CohortParameter(
        "improvement_24h", "clinical", "MADRS improvement at 24 h as a fraction of baseline "
        "(floor + width·Beta(a, b))", "fraction", "n/a", _IMPROVEMENT, _IMPROVEMENT,
        "rapid antidepressant effect (Berman et al. 2000; Zarate et al. 2006)",
        "chosen so the average change is close to −16.5 points at 24 h (Murrough et al. 2013)",
        display=lambda value: "; ".join(
            f"{status}: {f:g} + {w:g}·Beta({a:g}, {b:g}), mean {f + w * a / (a + b):.2f}"
            for status, (f, w, a, b) in value.items())),
    CohortParameter(
        "retention_day7", "clinical", "share of the 24 h improvement left at day 7",
        "fraction", "n/a", {"responder": 0.85, "non-responder": 0.5},
        {"responder": 0.85, "non-responder": 0.5},
        "effect significant for about a week (Zarate et al. 2006)", _CHOSEN),
    CohortParameter(
        "retention_day14", "clinical", "share of the 24 h improvement left at day 14",
        "fraction", "n/a", {"responder": 0.45, "non-responder": 0.2},
        {"responder": 0.45, "non-responder": 0.2},
        "symptoms usually return within days to weeks (Fava et al. 2018, EVIDENCE.md)",
        _CHOSEN),
    CohortParameter(
        "madrs_noise", "clinical", "rating noise per MADRS visit (SD)", "points", 2.0, 2.0, 2.0,
        "ratings are noisy", _CHOSEN),
    # --- rumination ----------------------------------------------------------------------------
    CohortParameter(
        "dominance_shift", "rumination", "DMN dominance, patients − controls", "SD", 0.0, 1.2,
        1.2, "response styles theory ties rumination to depression (Nolen-Hoeksema 1991); DMN "
        "dominance relates to rumination (Hamilton et al. 2011)", _CHOSEN),
    CohortParameter(
        "stickiness", "rumination", "probability of staying in a ruminative thought from one "
        "10-s step to the next: 0.5 + 0.45·logistic(0.9·dominance − 0.3)", "probability",
        "0.69 at dominance 0", "same", "same",
        "rumination is repetitive and hard to leave (Nolen-Hoeksema 1991)", _CHOSEN),
    CohortParameter(
        "enter_probability", "rumination", "probability of entering a ruminative thought per "
        "10-s step", "probability", 0.10, 0.10, 0.10, "—", _CHOSEN),
    CohortParameter(
        "dominance_sgacc_weight", "rumination", "correlation of DMN dominance with a "
        "participant's DMN–sgACC connectivity (within group)", "r", 0.0, 0.2, 0.8,
        "PCC–sgACC connectivity relates to brooding, not reflection (Berman et al. 2011); "
        "DMN–subgenual coupling often predicts rumination (Hamilton et al. 2015)",
        "realistic: small, because trait rumination did not predict DMN subsystem connectivity "
        "in a large sample (Tozzi et al. 2021); teaching: chosen for teaching"),
    CohortParameter(
        "rrs_loadings", "rumination", "item loadings of the simulated RRS (brooding / "
        "reflection / other items)", "standardised", "0.53 / 0.62 / 0.65", "same", "same",
        "22 items scored 1–4; brooding and reflection subscales of 5 items each (Treynor et al. "
        "2003)", "calibrated so Cronbach's alpha is about .77 (brooding) and .72 (reflection), "
        "as Treynor et al. 2003 report"),
    CohortParameter(
        "reflection_brooding_r", "rumination", "correlation of the reflection trait with the "
        "brooding trait", "r", 0.3, 0.3, 0.3, "brooding and reflection are separate factors "
        "(Treynor et al. 2003)", _CHOSEN),
)

#: All parameters of the virtual cohort, by key (see :func:`parameter_table`).
PARAMETERS: dict[str, CohortParameter] = {p.key: p for p in _PARAMETER_LIST}

#: SD of a measure across repeated 180-volume rest runs of one person (r, Fisher-z averaged):
#: measurement noise alone. Re-measure with :func:`calibrate_measurement_sd` if the run
#: length or the simulator changes (a test checks these values).
MEASUREMENT_SD = {
    "within DMN": 0.063,
    "within CE": 0.071,
    "DMN–task-positive": 0.069,
    "DMN–sgACC": 0.103,
}
_MEASURE_BETWEEN_SD_KEY = {
    "within DMN": "sd_within", "within CE": "sd_within",
    "DMN–task-positive": "sd_dmn_tp", "DMN–sgACC": "sd_dmn_sgacc",
}


def _check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"Unknown mode {mode!r}; choose one of {list(MODES)}.")
    return mode


def _check_site(site: str | None) -> str | None:
    if site is not None and site not in SITES:
        raise ValueError(f"Unknown site {site!r}; choose one of {list(SITES)}.")
    return site


def _p(key: str, mode: str = "realistic"):
    return PARAMETERS[key].value(mode)


def observed_sd(measure: str) -> float:
    """Expected SD, across healthy participants, of a connectivity measure from one rest run.

    Combines measurement noise (:data:`MEASUREMENT_SD`), between-participant
    variation and, for within-network measures, the scanner offsets of the
    sites. Group differences given as Hedges g are converted to r with it.

    Parameters
    ----------
    measure
        One of "within DMN", "within CE", "DMN–task-positive", "DMN–sgACC".

    Returns
    -------
    float
        SD in units of r.
    """
    if measure not in MEASUREMENT_SD:
        raise ValueError(f"Unknown measure {measure!r}; choose one of {list(MEASUREMENT_SD)}.")
    between = _p(_MEASURE_BETWEEN_SD_KEY[measure])
    site_var = 0.0
    if measure.startswith("within"):
        site_var = float(np.mean(np.square(list(_p("site_offset").values()))))
    return float(np.sqrt(MEASUREMENT_SD[measure] ** 2 + between ** 2 + site_var))


def medicated_share() -> float:
    """Expected share of patients on antidepressants (from the episode mix)."""
    first = _p("p_first_episode")
    return first * _p("p_medicated_first") + (1 - first) * _p("p_medicated_recurrent")


def expected_group_difference(measure: str = "within DMN", mode: str = "realistic",
                              medication: str | None = None) -> float:
    """The configured patients-minus-controls difference of a measure, as Hedges g.

    Parameters
    ----------
    measure
        "within DMN", "within CE", "DMN–task-positive" or "DMN–sgACC".
    mode
        "realistic" or "teaching".
    medication
        For "within DMN" in realistic mode: "none", "antidepressant", or
        ``None`` for the whole patient group (the expected mix).

    Examples
    --------
    >>> round(expected_group_difference("within DMN", "realistic"), 2)
    -0.26
    >>> expected_group_difference("within DMN", "teaching")
    1.0
    """
    _check_mode(mode)
    if measure == "within DMN":
        if medication is None:
            share = medicated_share()
            return (share * _p("dep_within_dmn_g_medicated", mode)
                    + (1 - share) * _p("dep_within_dmn_g_unmedicated", mode))
        if medication not in MEDICATIONS:
            raise ValueError(f"Unknown medication {medication!r}; choose one of {list(MEDICATIONS)}.")
        key = "dep_within_dmn_g_medicated" if medication == "antidepressant" else "dep_within_dmn_g_unmedicated"
        return float(_p(key, mode))
    keys = {"within CE": "dep_within_ce_g", "DMN–task-positive": "dep_dmn_tp_g",
            "DMN–sgACC": "dep_dmn_sgacc_g"}
    if measure not in keys:
        raise ValueError(f"Unknown measure {measure!r}; choose one of {['within DMN', *keys]}.")
    return float(_p(keys[measure], mode))


def parameter_table() -> pd.DataFrame:
    """Every parameter of the virtual cohort with its value per mode and its sources.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``parameter``, ``unit``, ``healthy value``,
        ``change or value``, ``mode`` ("both" when the modes agree),
        ``direction source`` and ``size source``. The "About the data" page of
        the book renders this table.
    """
    def show(value, signed=False):
        if isinstance(value, dict):  # signs shown when some values are negative (deviations)
            signed = any(isinstance(v, float) and v < 0 for v in value.values())
            return ", ".join(f"{k}: {show(v, signed)}" for k, v in value.items())
        if isinstance(value, tuple):
            return ", ".join(show(v) for v in value)
        if isinstance(value, float):
            return f"{value:+.2f}" if signed else f"{value:g}"
        return str(value)

    rows = []
    for p in _PARAMETER_LIST:
        fmt = p.display or show
        pairs = [("both", p.realistic)] if fmt(p.realistic) == fmt(p.teaching) else [
            ("realistic", p.realistic), ("teaching", p.teaching)]
        for mode, value in pairs:
            rows.append({
                "section": p.section, "parameter": p.parameter, "unit": p.unit,
                "healthy value": show(p.healthy), "change or value": fmt(value), "mode": mode,
                "direction source": p.direction_source, "size source": p.size_source,
            })
    for mode in MODES:
        rows.insert(0 if mode == "realistic" else 1, {
            "section": "depression",
            "parameter": "within-DMN connectivity, all patients vs controls (expected, from the "
                         "medication mix)",
            "unit": "Hedges g", "healthy value": f"r = {_DEFAULTS.within['DMN']:.2f}",
            "change or value": f"{expected_group_difference('within DMN', mode):+.2f}", "mode": mode,
            "direction source": "realistic: reduced, heterogeneous (Tozzi et al. 2021); teaching: "
                                "hyperconnectivity (Kaiser et al. 2015)" if mode == "realistic"
                                else "hyperconnectivity within the DMN (Kaiser et al. 2015)",
            "size source": "Tozzi et al. 2021: g = −0.246" if mode == "realistic"
                           else "chosen for teaching",
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# States
# ---------------------------------------------------------------------------


def _expected_improvement(session: str, responder: bool) -> float:
    """Mean MADRS improvement (fraction of baseline) at a session, by response status."""
    if session in ("baseline", "infusion"):
        return 0.0
    status = "responder" if responder else "non-responder"
    floor, width, a, b = _p("improvement_24h")[status]
    retention = 1.0 if session == "24h" else _p(f"retention_{session}")[status]
    return (floor + width * a / (a + b)) * retention


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

    # Ketamine: the drug's own effects during the infusion, a residue at 24 h.
    if session == "infusion":
        within["DMN"] += _p("ket_within_dmn", mode)
        between = {pair: value + _p("ket_between", mode) for pair, value in between.items()}
        amplitude["mPFC"] *= _p("ket_mpfc_amplitude", mode)
        persistence += _p("ket_persistence", mode) - _DEFAULTS.neural_persistence
    elif session == "24h":
        within["DMN"] += _p("ket_residual_24h", mode) * _p("ket_within_dmn", mode)

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
        Ready for :func:`dmnlab.simulate.simulate_run`.

    Examples
    --------
    >>> from dmnlab.simulate import simulate_run
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
    normalisation = _expected_improvement(session, bool(responder)) if responder else 0.0
    return _build_parameters(mode, session, shift, normalisation, site=site)


# ---------------------------------------------------------------------------
# Rumination: a sticky-thought process and the Ruminative Responses Scale
# ---------------------------------------------------------------------------

#: Length of one step of the thought process (s).
THOUGHT_STEP_SECONDS = 10.0
#: Steps simulated per participant: one hour of thought.
THOUGHT_STEPS = 360
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


def cronbach_alpha(items) -> float:
    """Cronbach's alpha of a participants × items table (internal consistency)."""
    values = np.asarray(items, dtype=float)
    k = values.shape[1]
    return float(k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / values.sum(axis=1).var(ddof=1)))


# ---------------------------------------------------------------------------
# Participants
# ---------------------------------------------------------------------------

#: Columns of ``participants.tsv`` (what a real study would share).
PARTICIPANT_COLUMNS = (
    "participant_id", "group", "age", "sex", "site", "medication", "episodes",
    "madrs_baseline", "madrs_24h", "madrs_day7", "madrs_day14", "response",
    "rrs_total", "rrs_brooding", "rrs_reflection",
)
#: Columns of ``ground_truth.tsv``: what only a simulation knows.
TRUTH_COLUMNS = (
    "participant_id", "mode", "true_within_dmn", "true_within_ce", "true_dmn_task_positive",
    "true_dmn_sgacc", "dmn_dominance", "stickiness", "thought_dwell_s", "thought_fraction",
)
_EFFECT_COLUMNS = (
    "re_within_DMN", "re_within_salience", "re_within_central_executive",
    "re_within_affective", "re_dmn_tp", "re_between_other", "re_dmn_sgacc", "re_log_amp_dmn",
    "re_task_dmn", "re_task_tp", "re_persistence",
)


def _participant_ids(n: int) -> list[str]:
    width = max(2, len(str(n)))
    return [f"sub-{i:0{width}d}" for i in range(1, n + 1)]


def simulate_cohort(n_controls: int = DEFAULT_N_CONTROLS, n_patients: int = DEFAULT_N_PATIENTS,
                    mode: str = "realistic", seed: int = DEFAULT_SEED,
                    shuffle: bool = True) -> pd.DataFrame:
    """Draw a virtual cohort: controls and depressed patients who receive ketamine (SIMULATED).

    Every patient has one ketamine infusion (0.5 mg/kg over 40 min, the usual
    trial dose) after the baseline session, and MADRS ratings at baseline,
    24 h, day 7 and day 14; controls are rated once. Everyone fills in the RRS.
    Ages, sexes, sites, medication and episode counts are drawn so the confounds
    of real studies are present (medication goes with recurrence).

    Parameters
    ----------
    n_controls, n_patients
        Group sizes.
    mode
        "realistic" or "teaching" (see :data:`PARAMETERS`).
    seed
        The same seed gives the same cohort, bit for bit.
    shuffle
        Mix the groups so participant IDs do not reveal the group.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``participant_id``; the public columns of
        :data:`PARTICIPANT_COLUMNS`, the RRS items ``rrs_01`` … ``rrs_22``, the
        hidden truth of :data:`TRUTH_COLUMNS`, each participant's random
        effects (``re_*``, parameter units), the MADRS improvement fractions
        and a ``run_seed``. ``DataFrame.attrs`` records mode and seed.

    Examples
    --------
    >>> cohort = simulate_cohort(4, 6, mode="teaching", seed=1)
    >>> cohort["group"].value_counts().to_dict()
    {'depressed': 6, 'control': 4}
    """
    _check_mode(mode)
    rng = np.random.default_rng([seed, 0])
    n = n_controls + n_patients
    group = np.array(["control"] * n_controls + ["depressed"] * n_patients)
    if shuffle:
        group = group[rng.permutation(n)]
    patient = group == "depressed"

    table = pd.DataFrame({"participant_id": _participant_ids(n), "group": group})
    # Sites balanced within each group, in random order.
    site = np.empty(n, dtype=object)
    for is_patient in (False, True):
        members = np.flatnonzero(patient == is_patient)
        site[members] = rng.permutation(np.resize(np.array(SITES), members.size))
    table["site"] = site.astype(str)
    age_patients, age_controls = _p("age", mode), PARAMETERS["age"].healthy
    age = np.where(patient, rng.normal(*age_patients, n), rng.normal(*age_controls, n))
    table["age"] = np.clip(np.round(age), 18, 65).astype(int)
    female = np.where(patient, _p("p_female", mode), PARAMETERS["p_female"].healthy)
    table["sex"] = np.where(rng.random(n) < female, "F", "M")

    first = rng.random(n) < _p("p_first_episode")
    episodes = np.where(first, 1, 2 + rng.poisson(_p("extra_episodes", mode), n))
    table["episodes"] = np.where(patient, episodes, 0)
    p_med = np.where(first, _p("p_medicated_first"), _p("p_medicated_recurrent"))
    table["medication"] = np.where(patient & (rng.random(n) < p_med), "antidepressant", "none")

    # Random effects: each participant's own deviation from the group, in parameter units.
    z = rng.standard_normal((n, len(_EFFECT_COLUMNS)))
    dominance_noise = rng.standard_normal(n)
    dominance = np.where(patient, _p("dominance_shift", mode), 0.0) + dominance_noise
    sds = {
        "re_within_DMN": "sd_within", "re_within_salience": "sd_within",
        "re_within_central_executive": "sd_within", "re_within_affective": "sd_within",
        "re_dmn_tp": "sd_dmn_tp", "re_between_other": "sd_between_other",
        "re_dmn_sgacc": "sd_dmn_sgacc", "re_log_amp_dmn": "sd_log_amplitude",
        "re_task_dmn": "sd_task_response", "re_task_tp": "sd_task_response",
        "re_persistence": "sd_persistence",
    }
    for column, name in enumerate(_EFFECT_COLUMNS):
        table[name] = _p(sds[name]) * z[:, column]
    # DMN dominance shows (weakly, when realistic) in DMN–sgACC coupling (Berman et al. 2011).
    weight = _p("dominance_sgacc_weight", mode)
    table["re_dmn_sgacc"] = _p("sd_dmn_sgacc") * (
        weight * dominance_noise + math.sqrt(1 - weight ** 2) * z[:, _EFFECT_COLUMNS.index("re_dmn_sgacc")])

    table["mode"] = mode
    _set_true_parameters(table)
    offsets = np.array([_p("site_offset")[s] for s in table["site"]])

    # Clinical course (MADRS, 0–60). Response at 24 h is more likely with stronger baseline
    # within-DMN coupling (the chapter-7 biomarker hypothesis; slope per mode).
    mean, sd, low, high = _p("madrs_baseline", mode)
    shape, scale, control_max = PARAMETERS["madrs_baseline"].healthy
    baseline = np.where(patient, np.clip(rng.normal(mean, sd, n), low, high),
                        np.clip(rng.gamma(shape, scale, n), 0, control_max))
    # The biomarker is centred on the patients' expected mean, so the slope changes who
    # responds but not how many (the response rate stays at p_response on average).
    expected_shift = expected_group_difference("within DMN", mode) * observed_sd("within DMN")
    biomarker = (table["true_within_dmn"] - offsets - _DEFAULTS.within["DMN"]
                 - expected_shift).to_numpy() / _p("sd_within")
    logit = math.log(_p("p_response") / (1 - _p("p_response"))) + _p("response_predictor_slope", mode) * biomarker
    responder = rng.random(n) < 1 / (1 + np.exp(-logit))
    improvement_24h = _p("improvement_24h", mode)
    f_resp, w_resp, a_resp, b_resp = improvement_24h["responder"]
    f_non, w_non, a_non, b_non = improvement_24h["non-responder"]
    f24 = np.where(responder, f_resp + w_resp * rng.beta(a_resp, b_resp, n),
                   f_non + w_non * rng.beta(a_non, b_non, n))
    noise = rng.normal(0, _p("madrs_noise"), (n, 3))
    madrs0 = np.round(baseline)
    table["madrs_baseline"] = madrs0.astype(int)
    for column, session in enumerate(("24h", "day7", "day14")):
        retention = {"responder": 1.0, "non-responder": 1.0} if session == "24h" else \
            _p(f"retention_{session}", mode)
        improvement = f24 * np.where(responder, retention["responder"], retention["non-responder"])
        score = np.clip(np.round(madrs0 * (1 - improvement) + noise[:, column]), 0, 60)
        table[f"madrs_{session}"] = pd.array(np.where(patient, score, np.nan), dtype="Int64")
    # Response is read off the ratings, as a trial would: ≥ 50 % drop at 24 h.
    drop = (madrs0 - table["madrs_24h"].astype(float).to_numpy()) / madrs0
    table["response"] = pd.array(np.where(patient, np.where(drop >= 0.5, "responder", "non-responder"), None),
                                 dtype="string")
    for session in ("24h", "day7", "day14"):
        measured = (madrs0 - table[f"madrs_{session}"].astype(float).to_numpy()) / madrs0
        table[f"improvement_{session}"] = np.where(patient, np.clip(measured, 0.0, 1.0), 0.0)

    # Rumination: sticky thought → dwell times → RRS.
    thoughts = simulate_thought_states(dominance, seed=rng)
    table["dmn_dominance"] = dominance
    table["stickiness"] = thoughts.stickiness
    table["thought_dwell_s"] = thoughts.mean_dwell_seconds
    table["thought_fraction"] = thoughts.fraction_ruminating
    items = simulate_rrs(table["thought_dwell_s"], baseline, seed=rng)
    table = pd.concat([table, items, score_rrs(items)], axis=1)

    table["run_seed"] = rng.integers(0, 2 ** 31, n)
    table = table.set_index("participant_id", drop=False)
    table.index.name = "participant_id"
    table.attrs.update(mode=mode, seed=seed, simulated=SIMULATED_LABEL)
    ordered = list(PARTICIPANT_COLUMNS) + list(RRS_COLUMNS) + [
        c for c in TRUTH_COLUMNS if c not in PARTICIPANT_COLUMNS] + list(_EFFECT_COLUMNS) + [
        "improvement_24h", "improvement_day7", "improvement_day14", "run_seed"]
    return table[ordered]


def _set_true_parameters(table: pd.DataFrame) -> None:
    """Fill the ``true_*`` columns: baseline connectivity a perfect measurement would show."""
    shifts = [depression_shift(mode, med, site) if group == "depressed" else {}
              for group, med, site, mode in zip(table["group"], table["medication"], table["site"],
                                                table["mode"])]
    offsets = np.array([_p("site_offset")[site] for site in table["site"]])
    table["true_within_dmn"] = (_DEFAULTS.within["DMN"] + offsets + table["re_within_DMN"]
                                + [s.get("within_dmn", 0.0) for s in shifts])
    table["true_within_ce"] = (_DEFAULTS.within["central executive"] + offsets
                               + table["re_within_central_executive"]
                               + [s.get("within_ce", 0.0) for s in shifts])
    mean_dmn_tp = np.mean([v for k, v in _DEFAULTS.between.items() if _is_dmn_tp(k)])
    table["true_dmn_task_positive"] = (mean_dmn_tp + table["re_dmn_tp"]
                                       + [s.get("dmn_tp", 0.0) for s in shifts])
    table["true_dmn_sgacc"] = (_DEFAULTS.dmn_sgacc + table["re_dmn_sgacc"]
                               + [s.get("dmn_sgacc", 0.0) for s in shifts])


def random_participant(group: str = "depressed", mode: str = "teaching", seed: int = 0,
                       medication: str | None = None, site: str | None = None) -> pd.Series:
    """One random participant of a group, as a row of :func:`simulate_cohort`.

    Handy for a widget: ``simulate_participant(random_participant("depressed", seed=s))``.
    ``medication`` and ``site`` override the drawn values.
    """
    if group not in GROUPS:
        raise ValueError(f"Unknown group {group!r}; choose one of {list(GROUPS)}.")
    cohort = simulate_cohort(int(group == "control"), int(group == "depressed"), mode, seed)
    if medication is not None:
        if medication not in MEDICATIONS:
            raise ValueError(f"Unknown medication {medication!r}; choose one of {list(MEDICATIONS)}.")
        if group == "control" and medication != "none":
            raise ValueError("Controls take no antidepressant in this cohort; use medication='none'.")
        cohort["medication"] = medication
    if site is not None:
        if site not in SITES:
            raise ValueError(f"Unknown site {site!r}; choose one of {list(SITES)}.")
        cohort["site"] = site
    _set_true_parameters(cohort)  # keep the truth in line with the overrides
    return cohort.iloc[0].copy()


def participant_parameters(participant: pd.Series, session: str = "baseline") -> NetworkParameters:
    """The network parameters of one cohort participant at one session.

    Healthy defaults + the participant's random effects + site offset + (for
    patients) the depression shift, scaled down by how far a responder has
    recovered + (after ketamine) the drug's effects.
    """
    if session not in SESSIONS:
        raise ValueError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    if "run_seed" not in participant.index:
        raise ValueError(
            "participant must be a row of simulate_cohort() or random_participant(): "
            "participants.tsv holds only what a real study would share, not the simulation's "
            "random effects. To read a shipped run, use load_timeseries()."
        )
    patient = participant["group"] == "depressed"
    if session != "baseline" and not patient:
        raise ValueError(
            f"{participant['participant_id']} is a control: only the 'baseline' session exists "
            "(ketamine sessions are for depressed participants)."
        )
    mode = participant["mode"]
    shift = depression_shift(mode, participant["medication"], participant["site"]) if patient else {}
    normalisation = 0.0
    if patient and session in ("24h", "day7", "day14") and participant["response"] == "responder":
        normalisation = float(participant[f"improvement_{session}"])
    effects = {name: float(participant[name]) for name in _EFFECT_COLUMNS}
    return _build_parameters(mode, session, shift, normalisation, effects, participant["site"])


def _run_seed(participant: pd.Series, session: str, task: str) -> np.random.Generator:
    return np.random.default_rng(
        [int(participant["run_seed"]), SESSIONS.index(session), TASKS.index(task)])


def task_events(n_volumes: int = TASK_VOLUMES, tr: float = TR) -> pd.DataFrame:
    """The block design of the ``attention`` task: 30 s rest, then 30 s task / 30 s rest.

    Returns a BIDS events table (``onset``, ``duration`` in s, ``trial_type``).
    """
    return block_design(n_volumes, tr, block_seconds=30.0, first_rest_seconds=30.0,
                        task_name=TASK_NAME)


def simulate_participant(participant: pd.Series, session: str = "baseline", task: str = "rest",
                         n_volumes: int | None = None, tr: float = TR,
                         seed: int | np.random.Generator | None = None) -> pd.DataFrame:
    """Simulate one scan run of one cohort participant (SIMULATED DATA).

    Parameters
    ----------
    participant
        A row of :func:`simulate_cohort` (or :func:`random_participant`).
    session
        "baseline", "infusion", "24h", "day7" or "day14" (the last four for
        patients only).
    task
        "rest" or "attention" (the block-design task, baseline only).
    n_volumes
        Default: 180 for rest, 165 for the task.
    tr
        Repetition time (s).
    seed
        Default: derived from the participant's ``run_seed``, the session and
        the task, so every run of the cohort is reproducible on its own.

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s), one column per node (z-score × amplitude).
        ``attrs`` holds participant, session, task and the events (task runs).
    """
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; choose one of {list(TASKS)}.")
    if task == TASK_NAME and session != "baseline":
        raise ValueError(f"The {TASK_NAME!r} task was run at the 'baseline' session only.")
    params = participant_parameters(participant, session)
    if n_volumes is None:
        n_volumes = TASK_VOLUMES if task == TASK_NAME else REST_VOLUMES
    events = task_events(n_volumes, tr) if task == TASK_NAME else None
    rng = _run_seed(participant, session, task) if seed is None else seed
    frame = simulate_run(params, n_volumes=n_volumes, tr=tr, seed=rng, events=events)
    frame.attrs.update(participant=participant["participant_id"], session=session, task=task,
                       mode=participant["mode"], label=MODE_LABELS[participant["mode"]],
                       simulated=SIMULATED_LABEL)
    if events is not None:
        frame.attrs["events"] = events
    return frame


def cohort_runs(cohort: pd.DataFrame) -> pd.DataFrame:
    """Every scan run in the design of a cohort: ``participant_id``, ``group``, ``session``, ``task``."""
    rows = []
    for pid, group in zip(cohort["participant_id"], cohort["group"]):
        rows.append((pid, group, "baseline", "rest"))
        rows.append((pid, group, "baseline", TASK_NAME))
        if group == "depressed":
            rows += [(pid, group, session, "rest") for session in KETAMINE_SESSIONS]
    return pd.DataFrame(rows, columns=["participant_id", "group", "session", "task"])


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


def sample_entropy(x, m: int = 2, r: float = 0.2):
    """Sample entropy of a signal: how unpredictable it is (Richman & Moorman 2000).

    The negative log of the conditional probability that two stretches of
    ``m`` points that match (every point within tolerance) still match when
    extended to ``m + 1`` points. Regular, repetitive signals score low;
    irregular ones score high. Self-matches are excluded and the first
    ``N − m`` templates are used for both lengths.

    Parameters
    ----------
    x
        A 1-D signal, or a 2-D ``(time, signals)`` array or DataFrame (one
        value per column).
    m
        Template length (points).
    r
        Tolerance as a fraction of the signal's standard deviation.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Sample entropy (dimensionless, ≥ 0); ``inf`` if no template of length
        ``m + 1`` matches, ``nan`` if none of length ``m`` does.

    Examples
    --------
    >>> t = np.arange(300)
    >>> bool(sample_entropy(np.sin(t / 5)) < sample_entropy(np.random.default_rng(0).standard_normal(300)))
    True
    """
    if isinstance(x, pd.DataFrame):
        return pd.Series([sample_entropy(x[c].to_numpy(), m, r) for c in x.columns],
                         index=x.columns, name="sample entropy")
    values = np.asarray(x, dtype=float)
    if values.ndim == 2:
        return np.array([sample_entropy(values[:, i], m, r) for i in range(values.shape[1])])
    if values.ndim != 1:
        raise ValueError(f"Expected a 1-D or 2-D signal; got shape {values.shape}.")
    if m < 1 or values.size < m + 2:
        raise ValueError(f"Need m ≥ 1 and at least m + 2 = {m + 2} points; got m={m}, {values.size} points.")
    tolerance = r * values.std()
    windows = np.lib.stride_tricks.sliding_window_view(values, m + 1)  # N − m templates
    count = windows.shape[0]
    matches_m = matches_m1 = 0
    block = 512  # bounds memory to block × N distances
    columns = np.arange(count)
    for start in range(0, count, block):
        rows = windows[start:start + block]
        dist = np.zeros((rows.shape[0], count))
        for k in range(m):
            np.maximum(dist, np.abs(rows[:, k, None] - windows[None, :, k]), out=dist)
        upper = columns[None, :] > np.arange(start, start + rows.shape[0])[:, None]
        close_m = (dist <= tolerance) & upper
        close_m1 = close_m & (np.abs(rows[:, m, None] - windows[None, :, m]) <= tolerance)
        matches_m += int(close_m.sum())
        matches_m1 += int(close_m1.sum())
    if matches_m == 0:
        return float("nan")
    if matches_m1 == 0:
        return float("inf")
    return float(-np.log(matches_m1 / matches_m))


def _pair_indices(first: str, second: str | None = None, exclude_sgacc_dmn: bool = False):
    labels = list(NODE_LABELS)
    rows, cols = [], []
    for i, a in enumerate(labels):
        for j in range(i + 1, len(labels)):
            b = labels[j]
            na, nb = NODE_NETWORK[a], NODE_NETWORK[b]
            if exclude_sgacc_dmn and "sgACC" in (a, b) and "DMN" in (na, nb):
                continue
            if second is None:
                ok = na == nb == first if first != "between" else na != nb
            else:
                ok = {na, nb} == {first, second} if first != second else na == nb == first
            if ok:
                rows.append(i)
                cols.append(j)
    return np.array(rows), np.array(cols)


_SUMMARY_PAIRS = {
    "within DMN": _pair_indices("DMN"),
    "within CE": _pair_indices("central executive"),
    "DMN–task-positive": tuple(np.concatenate(parts) for parts in zip(
        _pair_indices("DMN", "salience"), _pair_indices("DMN", "central executive"))),
    "DMN–sgACC": (np.array([NODE_LABELS.index(label) for label in DMN_NODES]),
                  np.full(len(DMN_NODES), NODE_LABELS.index("sgACC"))),
    "between networks": _pair_indices("between", exclude_sgacc_dmn=True),
}


def summarise_run(timeseries, entropy: bool = False) -> dict:
    """The course's summary measures of one run (fast, NumPy only).

    Parameters
    ----------
    timeseries
        ``(time, 17 nodes)`` DataFrame or array with columns in ``NODE_LABELS`` order.
    entropy
        Also compute the mean sample entropy over nodes (slower, ~5 ms).

    Returns
    -------
    dict
        ``within DMN``, ``within CE``, ``DMN–task-positive``, ``DMN–sgACC``,
        ``between networks`` (mean r, averaged on Fisher's z scale; "between
        networks" pools every pair of nodes in different networks except the
        sgACC–DMN pairs), ``mPFC amplitude`` (SD of the mPFC signal) and
        optionally ``entropy``.
    """
    if isinstance(timeseries, pd.DataFrame):
        if tuple(timeseries.columns) != NODE_LABELS:
            timeseries = timeseries[list(NODE_LABELS)]
        values = timeseries.to_numpy(dtype=float)
    else:
        values = np.asarray(timeseries, dtype=float)
    corr = np.corrcoef(values, rowvar=False)
    z = np.arctanh(np.clip(corr, -0.999999, 0.999999))
    summary = {name: float(np.tanh(z[rows, cols].mean())) for name, (rows, cols) in _SUMMARY_PAIRS.items()}
    summary["mPFC amplitude"] = float(values[:, NODE_LABELS.index("mPFC")].std())
    if entropy:
        standardised = (values - values.mean(axis=0)) / values.std(axis=0)
        summary["entropy"] = float(np.mean(sample_entropy(standardised)))
    return summary


def task_regressor(events: pd.DataFrame, n_volumes: int, tr: float = TR, dt: float = 0.5) -> np.ndarray:
    """The task's expected BOLD response: block boxcar convolved with the canonical HRF, per volume."""
    steps = int(round(tr / dt))
    boxcar = events_to_boxcar(events, n_volumes * steps, dt)
    return np.convolve(boxcar, canonical_hrf(dt))[: n_volumes * steps][::steps]


def block_betas(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float = TR) -> pd.Series:
    """Task effect per node from a two-column GLM (intercept + HRF-convolved blocks).

    Each node's signal is z-scored first, so the betas are in SD units and do
    not depend on signal amplitude. Negative = deactivation during the task.
    """
    values = timeseries.to_numpy(dtype=float)
    values = (values - values.mean(axis=0)) / values.std(axis=0)
    design = np.column_stack([np.ones(len(values)), task_regressor(events, len(values), tr)])
    betas = np.linalg.lstsq(design, values, rcond=None)[0][1]
    return pd.Series(betas, index=timeseries.columns, name="task beta (SD units)")


def hedges_g(a, b) -> float:
    """Hedges' g of ``a`` minus ``b`` as a plain number (see :func:`dmnlab.stats.hedges_g`,
    which also gives its confidence interval)."""
    from .stats import hedges_g as hedges_g_with_ci

    return float(hedges_g_with_ci(a, b).g)


def calibrate_measurement_sd(n_runs: int = 400, seed: int = 0) -> dict:
    """Re-measure :data:`MEASUREMENT_SD`: SD of each measure over repeated healthy rest runs."""
    params = state_parameters("healthy")
    summaries = pd.DataFrame([summarise_run(simulate_run(params, REST_VOLUMES, TR, seed=[seed, i]))
                              for i in range(n_runs)])
    return {measure: float(summaries[measure].std()) for measure in MEASUREMENT_SD}


# ---------------------------------------------------------------------------
# Loaders for data/
# ---------------------------------------------------------------------------


def _folder(folder=None) -> Path:
    from .data import data_dir

    return data_dir() if folder is None else Path(folder)


def run_path(participant: str, session: str = "baseline", task: str = "rest",
             kind: str = "timeseries") -> str:
    """Path, inside ``data/``, of one run's file (``kind`` "timeseries" or "events")."""
    return (f"{participant}/ses-{session}/func/"
            f"{participant}_ses-{session}_task-{task}_{kind}.tsv")


def load_participants(folder=None) -> pd.DataFrame:
    """The participants table ``data/participants.tsv`` (SIMULATED), checked.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``participant_id``. Integer columns (age, episodes, MADRS,
        RRS) have the nullable ``Int64`` dtype: follow-up MADRS is missing
        (``<NA>``) for controls. See ``data/participants.json`` for every column.

    Raises
    ------
    dmnlab.data.DataFileError
        If the file is missing, changed or does not match its data dictionary.
    """
    from .data import read_checked_table

    table = read_checked_table("participants.tsv", folder=_folder(folder))
    table = table.set_index("participant_id", drop=False)
    table.attrs["simulated"] = SIMULATED_LABEL
    return table


def participant_ids(group: str | None = None, folder=None) -> list[str]:
    """IDs of the cohort's participants in file order, optionally of one group
    (``"control"`` or ``"depressed"``)."""
    participants = load_participants(folder)
    if group is not None:
        participants = participants[participants["group"] == group]
    return [str(pid) for pid in participants.index]


def _check_run(participants: pd.DataFrame, participant: str, session: str, task: str) -> None:
    if participant not in participants.index:
        ids = list(participants.index)
        raise ValueError(
            f"Unknown participant {participant!r}; valid IDs are {ids[0]} … {ids[-1]}: {ids}."
        )
    if session not in SESSIONS:
        raise ValueError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; choose one of {list(TASKS)}.")
    if session != "baseline" and participants.loc[participant, "group"] != "depressed":
        raise ValueError(
            f"{participant} is a control: only session 'baseline' exists for controls; the "
            f"ketamine sessions {list(KETAMINE_SESSIONS)} exist for depressed participants."
        )
    if task == TASK_NAME and session != "baseline":
        raise ValueError(f"Task {TASK_NAME!r} was run at session 'baseline' only; "
                         f"session {session!r} has task 'rest'.")


def load_timeseries(participant: str, session: str = "baseline", task: str = "rest",
                    folder=None) -> pd.DataFrame:
    """One run's region time series (SIMULATED), checked against checksum and dictionary.

    Parameters
    ----------
    participant
        e.g. ``"sub-01"`` (see :func:`load_participants`).
    session
        "baseline" (everyone), or "infusion", "24h", "day7", "day14" (patients).
    task
        "rest", or "attention" (baseline only).

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s, one row per volume, TR = 2 s), one float column per
        node in ``NODE_LABELS`` order (z-score × amplitude, arbitrary units).

    Raises
    ------
    ValueError
        Unknown participant, session or task (the message lists valid choices).
    dmnlab.data.DataFileError
        The file is missing, edited, truncated or does not match ``timeseries.json``.

    Examples
    --------
    >>> bold = load_timeseries("sub-01")  # doctest: +SKIP
    >>> bold.shape  # doctest: +SKIP
    (180, 17)
    """
    folder = _folder(folder)
    _check_run(load_participants(folder), participant, session, task)
    return _read_timeseries(folder, participant, session, task)


def _read_timeseries(folder, participant: str, session: str, task: str) -> pd.DataFrame:
    from .data import DataFileError, read_checked_table

    relative = run_path(participant, session, task)
    table = read_checked_table(relative, dictionary_path="timeseries.json", folder=folder)
    times = table["time"].to_numpy(dtype=float)
    if not np.allclose(times, np.arange(len(times)) * TR):
        raise DataFileError(folder / relative, f"column 'time' must be 0, {TR:g}, {2 * TR:g}, … s "
                                               "(one row per volume).")
    frame = table[list(NODE_LABELS)].astype(float)
    frame.index = pd.Index(times, name="time")
    frame.attrs.update(participant=participant, session=session, task=task, tr=TR,
                       simulated=SIMULATED_LABEL)
    return frame


def load_events(participant: str, session: str = "baseline", task: str = TASK_NAME,
                folder=None) -> pd.DataFrame:
    """The task blocks of a task run (BIDS ``events.tsv``: onset, duration in s, trial_type)."""
    from .data import read_checked_table

    folder = _folder(folder)
    _check_run(load_participants(folder), participant, session, task)
    if task == "rest":
        raise ValueError("Rest runs have no events; use task='attention'.")
    return read_checked_table(run_path(participant, session, task, "events"),
                              dictionary_path="events.json", folder=folder)


def list_runs(folder=None) -> pd.DataFrame:
    """Every run in ``data/``: participant, group, session, task and file paths.

    Returns
    -------
    pandas.DataFrame
        Columns ``participant_id``, ``group``, ``medication``, ``response``,
        ``session``, ``task``, ``path`` and ``events_path`` (task runs), paths
        relative to ``data/``.
    """
    return _list_runs(load_participants(folder))


def _list_runs(participants: pd.DataFrame) -> pd.DataFrame:
    runs = cohort_runs(participants)
    runs = runs.merge(participants[["medication", "response"]].reset_index(),
                      on="participant_id", how="left")
    runs["path"] = [run_path(p, s, t) for p, s, t in zip(runs.participant_id, runs.session, runs.task)]
    runs["events_path"] = pd.array([run_path(p, s, t, "events") if t == TASK_NAME else None
                                    for p, s, t in zip(runs.participant_id, runs.session, runs.task)],
                                   dtype="string")
    columns = ["participant_id", "group", "medication", "response", "session", "task", "path",
               "events_path"]
    return runs[columns]


def load_group_timeseries(session: str = "baseline", task: str = "rest", group: str | None = None,
                          folder=None) -> dict[str, pd.DataFrame]:
    """All runs of one session and task, as ``{participant_id: time series}``.

    ``group`` ("control" or "depressed") keeps one group.
    """
    folder = _folder(folder)
    if session not in SESSIONS:
        raise ValueError(f"Unknown session {session!r}; choose one of {list(SESSIONS)}.")
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; choose one of {list(TASKS)}.")
    if group is not None and group not in GROUPS:
        raise ValueError(f"Unknown group {group!r}; choose one of {list(GROUPS)}.")
    runs = _list_runs(load_participants(folder))
    runs = runs[(runs.session == session) & (runs.task == task)]
    if group is not None:
        runs = runs[runs.group == group]
    return {pid: _read_timeseries(folder, pid, session, task) for pid in runs.participant_id}


def load_rrs_items(folder=None) -> pd.DataFrame:
    """Item answers of the simulated Ruminative Responses Scale (``data/phenotype/rrs.tsv``)."""
    from .data import read_checked_table

    table = read_checked_table("phenotype/rrs.tsv", folder=_folder(folder))
    return table.set_index("participant_id", drop=False)


def load_ground_truth(folder=None) -> pd.DataFrame:
    """What only a simulation knows: each participant's true parameters (``data/ground_truth.tsv``).

    Use it to check an estimate against the truth; a real study has no such file.
    """
    from .data import read_checked_table

    table = read_checked_table("ground_truth.tsv", folder=_folder(folder))
    return table.set_index("participant_id", drop=False)


__all__ = [
    "CE_NODES", "CohortParameter", "DEFAULT_SEED", "DMN_NODES", "GROUPS", "KETAMINE_SESSIONS",
    "MEASUREMENT_SD", "MEDICATIONS", "MODES", "MODE_LABELS", "PARAMETERS", "PARTICIPANT_COLUMNS", "REST_VOLUMES",
    "RESPONSES", "RRS_BROODING_ITEMS", "RRS_COLUMNS", "RRS_REFLECTION_ITEMS", "SESSIONS",
    "SESSION_HOURS", "SIMULATED_LABEL", "SITES", "STATES", "TASKS", "TASK_NAME", "TASK_VOLUMES",
    "TR", "TRUTH_COLUMNS", "ThoughtStates", "block_betas", "calibrate_measurement_sd",
    "cohort_runs", "cronbach_alpha", "depression_shift", "expected_group_difference",
    "hedges_g", "list_runs", "load_events", "load_ground_truth", "load_group_timeseries",
    "load_participants", "load_rrs_items", "load_timeseries", "medicated_share",
    "observed_sd", "parameter_table", "participant_parameters", "random_participant",
    "run_path", "sample_entropy", "score_rrs", "simulate_cohort", "simulate_participant",
    "simulate_rrs", "simulate_thought_states", "state_parameters", "stickiness",
    "summarise_run", "task_events", "task_regressor",
]

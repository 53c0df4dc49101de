"""The virtual cohort's parameters: every designed effect, its value per mode and its sources.

:data:`PARAMETERS` is the one documented place for every number that makes
patients differ from controls, ketamine change a brain, or a questionnaire
answer depend on rumination; :func:`parameter_table` renders it for the
"About the data" page. Two effect-size modes: ``"realistic"`` (sizes like
large multi-site studies report) and ``"teaching"`` (larger, in the direction
of the popular story, so a pattern shows with few participants).
"""
from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as lazy
import numpy as np

from ..study.protocol import MEDICATIONS, SITES
from .signals import NetworkParameters

pd = lazy.load("pandas")

MODES = ("realistic", "teaching")
#: Short labels for figures and widgets, one per mode.
MODE_LABELS = {
    "realistic": "Simulated data (realistic effect sizes)",
    "teaching": "Simulated data — TEACHING mode: effects larger than real studies find",
}



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
# MADRS improvement at 24 h (fraction of baseline): Normal(mean, SD), clipped to [low, high].
_IMPROVEMENT = (0.51, 0.27, -0.15, 0.98)

_PARAMETER_LIST = (
    # --- depression: group differences at baseline ---------------------------------------
    CohortParameter(
        "dep_within_dmn_g_unmedicated", "depression", "within-DMN connectivity, unmedicated "
        "patients vs controls", "Hedges g", f"r = {_DEFAULTS.within['DMN']:.2f}", 0.0, 1.0,
        "realistic: no reduction in unmedicated patients (Tozzi et al. 2021, an independent "
        "sample of 115 unmedicated people with anxiety or depression symptoms and 48 controls; "
        "Yan et al. 2019, first-episode drug-naive patients); teaching: "
        "hyperconnectivity within the DMN (Kaiser et al. 2015)",
        "realistic: zero, as those samples found no reduction; teaching: chosen for teaching, the "
        "size of striking small-study effects"),
    CohortParameter(
        "dep_within_dmn_g_medicated", "depression", "within-DMN connectivity, patients on "
        "antidepressants vs controls", "Hedges g", f"r = {_DEFAULTS.within['DMN']:.2f}", -0.40, 1.0,
        "realistic: medicated < unmedicated (Javaheripour et al. 2021); the decrease is tied to "
        "medication and recurrence (Yan et al. 2019); teaching: Kaiser et al. 2015",
        "realistic: chosen (with unmedicated = 0) so that the cohort's medication mix (about "
        "60% medicated) averages g ≈ −0.24, the size of the large-sample estimate (Tozzi et al. 2021: g = −0.246 "
        "[−0.417, −0.074], DMN core); teaching: chosen for teaching. Simulated as designed: five "
        "cohorts of 2,000 + 2,000 give on average g = −0.23 (all patients), +0.01 (unmedicated) "
        "and −0.39 (medicated); one cohort of 1,000 + 1,000 can sit up to about 0.1 away "
        "(tests/cohort/test_design.py)"),
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
        "hyperconnectivity between frontoparietal network and DMN (Kaiser et al. 2015)", _CHOSEN),
    CohortParameter(
        "dep_dmn_sgacc_g", "depression", "DMN–sgACC connectivity, patients vs controls",
        "Hedges g", f"r = {_DEFAULTS.dmn_sgacc:.2f}", 0.25, 1.0,
        "sgACC contributes more to the DMN in depression (Greicius et al. 2007; Berman et al. "
        "2011; Hamilton et al. 2015)", _CHOSEN),
    CohortParameter(
        "dep_dmn_amplitude", "depression", "DMN signal amplitude (resting activity), patients / "
        "controls", "ratio", 1.0, 1.03, 1.25,
        "hyperactivation is a proposal, not a finding: no reliable blood-flow abnormality in "
        "DMN nodes themselves (Hamilton et al. 2015), hence ≈ 1 when realistic; teaching: the "
        "popular 'network stuck on' story (fluctuation amplitude as a proxy; Sheline et al. 2009 "
        "measured task deactivation, not resting amplitude)",
        _CHOSEN),
    CohortParameter(
        "dep_dmn_task_response", "depression", "DMN response to task blocks (deactivation)",
        "SD of neural signal", -0.8, -0.74, -0.35,
        "failure to reduce DMN activity in depression (Sheline et al. 2009: one small study, while "
        "viewing and reappraising negative pictures, not an attention task); healthy deactivation "
        "during tasks (Raichle et al. 2001)",
        "realistic: a teaching choice, kept small (g ≈ +0.2) because one small study with a "
        "different task cannot set a size; teaching: chosen for teaching"),
    CohortParameter(
        "dep_ce_task_response", "depression", "central-executive response to task blocks "
        "(activation)", "SD of neural signal", 0.8, 0.72, 0.50,
        "lower dlPFC response in depression (Hamilton et al. 2012, to negative stimuli; applying "
        "it to a neutral attention task is an extrapolation)",
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
        "sites differ (Tozzi et al. 2021; Yan et al. 2019 analysed 17 sites, each processed locally)", _CHOSEN),
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
    CohortParameter(
        "sd_ket_within_dmn", "variation", "between-patient SD of ketamine's within-DMN change",
        "r", 0.0, 0.04, 0.04, "people respond differently to a drug", _CHOSEN),
    CohortParameter(
        "sd_ket_between", "variation", "between-patient SD of ketamine's between-network change",
        "r", 0.0, 0.03, 0.03, "people respond differently to a drug", _CHOSEN),
    CohortParameter(
        "sd_ket_log_mpfc", "variation", "between-patient SD of ketamine's log mPFC amplitude ratio",
        "log ratio", 0.0, 0.08, 0.08, "people respond differently to a drug", _CHOSEN),
    CohortParameter(
        "sd_ket_persistence", "variation", "between-patient SD of ketamine's persistence change",
        "AR(1) per 0.5 s", 0.0, 0.015, 0.015, "people respond differently to a drug", _CHOSEN),
    CohortParameter(
        "run_sd_log_gain", "variation", "run-to-run SD of the overall signal scale (all nodes; "
        "scanner gain, head position, arbitrary BOLD units)", "log ratio", 0.20, 0.20, 0.20,
        "BOLD has no absolute level: its scale differs between runs and scanners", _CHOSEN),
    CohortParameter(
        "run_sd_log_node_amplitude", "variation", "run-to-run SD of each node's signal amplitude",
        "log ratio", 0.10, 0.10, 0.10, "signal-to-noise differs by region and run", _CHOSEN),
    CohortParameter(
        "run_sd_persistence", "variation", "run-to-run SD of neural persistence (state, arousal)",
        "AR(1) per 0.5 s", 0.01, 0.01, 0.01, "arousal and state differ between runs", _CHOSEN),
    CohortParameter(
        "run_sd_task_response", "variation", "run-to-run SD of the task responses",
        "SD of neural signal", 0.10, 0.10, 0.10, "attention differs between runs", _CHOSEN),
    # --- ketamine ------------------------------------------------------------------------------
    CohortParameter(
        "ket_within_dmn", "ketamine", "within-DMN connectivity change during the infusion",
        "r", _DEFAULTS.within["DMN"], -0.04, -0.15,
        "no cited study measured patients' network connectivity during a sub-anaesthetic "
        "infusion: extrapolated from healthy volunteers 24 h "
        "after ketamine (Scheidegger et al. 2012: reduced PCC–mPFC connectivity), healthy "
        "volunteers at anaesthetic depth (Bonhomme et al. 2016) and 30 healthy men in whom "
        "midazolam lowered DMN connectivity too (a sedation confound)",
        "realistic: a modelling choice, kept small because patient studies are few, small and "
        "point different ways; teaching: chosen for teaching"),
    CohortParameter(
        "ket_between", "ketamine", "between-network connectivity change during the infusion "
        "(every pair of networks)", "r", "see NetworkParameters.between", 0.03, 0.12,
        "extrapolated: DMN anticorrelation abolished at anaesthetic depth in 8 healthy volunteers "
        "(Bonhomme et al. 2016); insula–DMN connectivity in 33 patients changed at day 2 and "
        "reversed by day 10 (Evans et al. 2018) — neither measured during a sub-anaesthetic "
        "infusion in patients", "a modelling choice"),
    CohortParameter(
        "ket_mpfc_amplitude", "ketamine", "mPFC signal amplitude during the infusion, relative "
        "to before", "ratio", 1.0, 0.95, 0.70,
        "the popular claim (chapter 5), not the patient evidence: in 60 unmedicated patients a "
        "constant infusion raised sgACC/rostral ACC BOLD with no decreases (Downey et al. 2016); "
        "PET in 20 patients showed regional, mostly right-sided decreases (Carlson et al. 2013)",
        _CHOSEN),
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
        "volunteers, not patients); the drug itself is gone (course outline)", _CHOSEN),
    CohortParameter(
        "ket_normalisation", "ketamine", "how far each patient's connectivity returns toward "
        "healthy values at 24 h, day 7 and day 14", "fraction of the depression effect", 0.0,
        "= the patient's MADRS improvement at that session (every patient, responder or not)",
        "= the patient's MADRS improvement at that session (every patient, responder or not)",
        "insula–DMN connectivity normalised at day 2 and reversed by day 10 (Evans et al. 2018); "
        "the course outline (chapter 5)", _CHOSEN),
    CohortParameter(
        "response_predictor_r", "ketamine", "correlation of baseline within-DMN connectivity "
        "(patients, SD units) with the 24-h MADRS improvement", "r", 0.0, 0.15, 0.6,
        "candidate biomarker: strongest hyperconnectivity, most benefit (course outline, "
        "chapter 7); a hypothesis that needs replication in large samples. Realistic mode builds "
        "it in too (small), so the course data illustrate the hypothesis, they cannot test it",
        _CHOSEN),
    # --- clinical course (MADRS) -----------------------------------------------------------
    CohortParameter(
        "madrs_baseline", "clinical", "baseline MADRS: patients Normal(mean, SD) clipped to "
        "[min, max]; controls ('healthy value') Gamma(shape, scale) clipped to [0, max]",
        "points (0–60)", (1.5, 1.5, 10.0), (32.0, 5.5, 20.0, 52.0), (32.0, 5.5, 20.0, 52.0),
        "MADRS: 10 items scored 0–6, total 0–60; remission cut-offs vary (Zimmerman et al. 2004)",
        "chosen for teaching (moderate to severe treatment-resistant depression)"),
    CohortParameter(
        "improvement_24h", "clinical", "MADRS improvement at 24 h as a fraction of baseline, one "
        "continuous distribution for all patients: Normal(mean, SD) clipped to [low, high]; "
        "response (≥ 50% drop) is read off the ratings, so it is a cut through a continuum",
        "fraction", "n/a", _IMPROVEMENT, _IMPROVEMENT,
        "rapid antidepressant effect (Berman et al. 2000; Zarate et al. 2006); response defined "
        "as ≥ 50% MADRS reduction; modelled response one day after one infusion about 45% with "
        "ketamine vs 18% with midazolam and 1% with saline (9 trials, Wilkinson et al. 2019)",
        "mean chosen so the average change is close to −16.5 points at 24 h (Murrough et al. "
        "2013) and about half respond; SD chosen for teaching",
        display=lambda value: "Normal({:g}, {:g}) clipped to [{:g}, {:g}]".format(*value)),
    CohortParameter(
        "retention_day7", "clinical", "share of the 24 h improvement left at day 7, per patient: "
        "Beta with this mean and concentration 4", "fraction", "n/a", 0.75, 0.75,
        "effect significant for about a week (Zarate et al. 2006); many relapse within days "
        "(Fava et al. 2018)", _CHOSEN),
    CohortParameter(
        "retention_day14", "clinical", "share of the day-7 improvement left at day 14, per "
        "patient: Beta with this mean and concentration 4", "fraction", "n/a", 0.6, 0.6,
        "symptoms usually return within days to weeks (Fava et al. 2018)", _CHOSEN),
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
        "realistic: small, as brain–behaviour correlations in large samples are (Marek et al. "
        "2022); trait rumination did not predict DMN subsystem connectivity in 115 unmedicated "
        "people with anxiety or depression symptoms and 48 controls (Tozzi et al. 2021, the sample "
        "beside its meta-analysis; DMN–sgACC coupling itself was not tested); teaching: chosen for "
        "teaching"),
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
    "within DMN": 0.064,
    "within CE": 0.073,
    "DMN–task-positive": 0.069,
    "DMN–sgACC": 0.108,
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
    -0.24
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



"""The virtual cohort's people: who they are, how they respond, and their scan runs (SIMULATED).

:func:`simulate_cohort` draws controls and depressed patients (demographics,
medication, episodes, MADRS over the ketamine course, RRS answers and the
hidden ground truth); :func:`simulate_participant` simulates one of their scan
runs to the protocol in :mod:`dmnlab.study.protocol`.
"""
from __future__ import annotations

import math

import lazy_loader as lazy
import numpy as np

from ..study.nodes import NODE_LABELS, NODE_NETWORK
from ..study.protocol import (
    GROUPS,
    MEDICATIONS,
    REST_VOLUMES,
    SESSIONS,
    SIMULATED_LABEL,
    SITES,
    TASK_NAME,
    TASK_VOLUMES,
    TASKS,
    TR,
    is_response,
    task_events,
)
from .parameters import (
    _DEFAULTS,
    MODE_LABELS,
    PARAMETERS,
    _check_mode,
    _p,
    expected_group_difference,
    observed_sd,
)
from .questionnaires import RRS_COLUMNS, score_rrs, simulate_rrs
from .signals import NetworkParameters, simulate_run
from .states import _build_parameters, _is_dmn_tp, depression_shift
from .thoughts import simulate_thought_states

pd = lazy.load("pandas")

#: Seed of the shipped data set (``make data``): the first seed from 20250611 on whose
#: sample shows every designed direction near the design (``python -m tools.make_data --pick-seed``
#: shows the rule and the search). Other seeds give other samples — see the datasheet.
DEFAULT_SEED = 20250721
DEFAULT_N_CONTROLS = 36
DEFAULT_N_PATIENTS = 60

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
    "re_ket_within_dmn", "re_ket_between", "re_ket_log_mpfc", "re_ket_persistence",
)


def _participant_ids(n: int) -> list[str]:
    width = max(2, len(str(n)))
    return [f"sub-{i:0{width}d}" for i in range(1, n + 1)]


def simulate_cohort(n_controls: int = DEFAULT_N_CONTROLS, n_patients: int = DEFAULT_N_PATIENTS,
                    mode: str = "realistic", seed: int = DEFAULT_SEED,
                    shuffle: bool = True) -> pd.DataFrame:
    """Draw a virtual cohort: controls and depressed patients who receive ketamine (SIMULATED).

    Every patient has one simulated ketamine infusion (0.5 mg/kg over 40 min, the
    dose most trials used; Fava et al. 2018) after the baseline session, and MADRS ratings at baseline,
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
        "re_ket_within_dmn": "sd_ket_within_dmn", "re_ket_between": "sd_ket_between",
        "re_ket_log_mpfc": "sd_ket_log_mpfc", "re_ket_persistence": "sd_ket_persistence",
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

    # Clinical course (MADRS, 0–60). Improvement at 24 h is one continuous distribution; it
    # correlates with baseline within-DMN coupling (the chapter-7 biomarker hypothesis, r per
    # mode). Each patient keeps an individual share of it at day 7 and day 14 (many relapse
    # within days: Fava et al. 2018).
    mean, sd, low, high = _p("madrs_baseline", mode)
    shape, scale, control_max = PARAMETERS["madrs_baseline"].healthy
    baseline = np.where(patient, np.clip(rng.normal(mean, sd, n), low, high),
                        np.clip(rng.gamma(shape, scale, n), 0, control_max))
    # The biomarker is centred on the patients' expected mean, so it changes who improves
    # but not how much patients improve on average.
    expected_shift = expected_group_difference("within DMN", mode) * observed_sd("within DMN")
    biomarker = (table["true_within_dmn"] - offsets - _DEFAULTS.within["DMN"]
                 - expected_shift).to_numpy() / _p("sd_within")
    mean_24h, sd_24h, low_24h, high_24h = _p("improvement_24h", mode)
    r_marker = _p("response_predictor_r", mode)
    latent = r_marker * biomarker + math.sqrt(1 - r_marker ** 2) * rng.standard_normal(n)
    f24 = np.clip(mean_24h + sd_24h * latent, low_24h, high_24h)
    concentration = 4.0
    keep7 = rng.beta(concentration * _p("retention_day7", mode),
                     concentration * (1 - _p("retention_day7", mode)), n)
    keep14 = keep7 * rng.beta(concentration * _p("retention_day14", mode),
                              concentration * (1 - _p("retention_day14", mode)), n)
    noise = rng.normal(0, _p("madrs_noise"), (n, 3))
    madrs0 = np.round(baseline)
    table["madrs_baseline"] = madrs0.astype(int)
    for column, (session, keep) in enumerate((("24h", 1.0), ("day7", keep7), ("day14", keep14))):
        improvement = f24 * keep
        score = np.clip(np.round(madrs0 * (1 - improvement) + noise[:, column]), 0, 60)
        table[f"madrs_{session}"] = pd.array(np.where(patient, score, np.nan), dtype="Int64")
    # Response is read off the ratings, as a trial would (study.protocol.is_response), at 24 h.
    responded = is_response(madrs0, table["madrs_24h"].astype(float).to_numpy())
    table["response"] = pd.array(np.where(patient, np.where(responded, "responder", "non-responder"), None),
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
    # After ketamine, connectivity moves back toward healthy in proportion to how much the
    # patient's symptoms improved (responder or not: improvement is a continuum).
    normalisation = 0.0
    if patient and session in ("24h", "day7", "day14"):
        normalisation = max(float(participant[f"improvement_{session}"]), 0.0)
    effects = {name: float(participant[name]) for name in _EFFECT_COLUMNS}
    return _build_parameters(mode, session, shift, normalisation, effects, participant["site"])


def _run_seed(participant: pd.Series, session: str, task: str) -> np.random.Generator:
    return np.random.default_rng(
        [int(participant["run_seed"]), SESSIONS.index(session), TASKS.index(task)])


def run_variation(params: NetworkParameters, rng: np.random.Generator) -> NetworkParameters:
    """One run's departures from the participant's parameters: nobody is the same twice.

    The overall signal scale and each node's amplitude vary from run to run (BOLD has no
    absolute level), and so do neural persistence and the size of the task responses; the
    sizes are the ``run_sd_*`` cohort parameters. Without this, a designed effect on a
    run-level feature (a signal's SD, its autocorrelation) would be exact in every run and
    give a label away.
    """
    gain = math.exp(_p("run_sd_log_gain") * rng.standard_normal())
    node = np.exp(_p("run_sd_log_node_amplitude") * rng.standard_normal(len(NODE_LABELS)))
    amplitude = {label: params.amplitude.get(label, 1.0) * gain * node[i]
                 for i, label in enumerate(NODE_LABELS)}
    persistence = float(np.clip(params.neural_persistence
                                + _p("run_sd_persistence") * rng.standard_normal(), 0.3, 0.97))
    task_shift = _p("run_sd_task_response") * rng.standard_normal(2)  # DMN, task-positive
    task_response = {label: value + task_shift[0 if NODE_NETWORK[label] == "DMN" else 1]
                     for label, value in params.task_response.items()}
    return params.with_changes(amplitude=amplitude, neural_persistence=persistence,
                               task_response=task_response)



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
    variation_seed = [int(participant["run_seed"]), SESSIONS.index(session), TASKS.index(task), 1]
    params = run_variation(params, np.random.default_rng(variation_seed))
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



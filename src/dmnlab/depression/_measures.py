"""Chapter 3's data and science: measures, group comparisons and simulations (SIMULATED).

One number per participant from the virtual cohort (:func:`within_dmn_connectivity`,
:func:`dmn_deactivation`, both in :func:`cohort_measures`), patients against controls
(:func:`compare_groups`, :func:`comparison_table`), the three proposed signatures
(:func:`three_signatures`), the virtual patient's simulations and many simulated studies
(:func:`simulate_dmn_studies`). Statistics live in :mod:`dmnlab.methods.stats`.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..cohort.signals import HEALTHY_DMN_TASK_RESPONSE, HEALTHY_WITHIN_DMN, simulate_run
from ..methods import stats
from ..shared import groups
from ..study import protocol
from ..study.nodes import DMN_NODES, NODE_LABELS

pd = lazy.load("pandas")

#: Group labels in the participants table.
_CONTROL, _PATIENT = protocol.GROUPS

#: Simulated studies per setting of the study simulator.
N_SIMULATED_STUDIES = 500


def within_dmn_connectivity(timeseries: pd.DataFrame) -> float:
    """Mean within-DMN connectivity of one run (r, averaged on Fisher's z scale).

    The correlation of every pair of different DMN nodes over time, averaged
    after Fisher's z transform (:func:`dmnlab.methods.connectivity.within_network_connectivity`).

    Parameters
    ----------
    timeseries
        Region-by-time table (one column per node, one row per volume).
    """
    from ..methods.connectivity import correlation_matrix, within_network_connectivity

    return within_network_connectivity(correlation_matrix(timeseries), "DMN")


def dmn_deactivation(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float = 2.0) -> float:
    """Mean task β over the DMN nodes in a block-design run (negative = deactivation).

    Each node's signal is regressed on the HRF-convolved task blocks, drifts and
    a constant (:func:`dmnlab.methods.glm.task_effect`); the task β of the seven DMN
    nodes is averaged. Units: signal units per unit of the task regressor
    (here the signals are z-scores, so roughly SD units).

    Parameters
    ----------
    timeseries
        Region-by-time table of the task run.
    events
        Its events table (``onset``, ``duration`` in s, ``trial_type``).
    tr
        Repetition time (s).
    """
    from ..methods.glm import task_effect

    betas = task_effect(timeseries, events, tr)
    return float(betas[[label for label in DMN_NODES if label in betas.index]].mean())



MEASURE_COLUMNS = {
    "within_dmn": "within-DMN connectivity (r, Fisher-z average)",
    "within_dmn_z": "within-DMN connectivity on Fisher's z scale (arctanh of within_dmn)",
    "dmn_task_beta": "mean task β of the DMN nodes in the attention run (negative = deactivation)",
}



def _measure_table(participants: pd.DataFrame, load_rest, load_task) -> pd.DataFrame:
    rows = []
    for pid in participants.index:
        rest = load_rest(pid)
        task, events = load_task(pid)
        rows.append({"participant_id": pid,
                     "within_dmn": within_dmn_connectivity(rest),
                     "dmn_task_beta": dmn_deactivation(task, events)})
    table = pd.DataFrame(rows).set_index("participant_id")
    table["within_dmn_z"] = np.arctanh(table["within_dmn"])
    info = participants[["group", "medication", "site", "episodes"]].astype(object)
    table = info.join(table)
    return table[["group", "medication", "site", "episodes", "within_dmn", "within_dmn_z",
                  "dmn_task_beta"]]


@lru_cache(maxsize=2)
def _cached_cohort_measures(folder) -> pd.DataFrame:
    from ..datasets import loaders

    participants = loaders.load_participants(folder)

    def load_task(pid):
        return (loaders.load_timeseries(pid, "baseline", protocol.TASK_NAME, folder),
                loaders.load_events(pid, "baseline", protocol.TASK_NAME, folder))

    table = _measure_table(participants,
                           lambda pid: loaders.load_timeseries(pid, "baseline", "rest", folder),
                           load_task)
    table.attrs["simulated"] = protocol.SIMULATED_LABEL
    table.attrs["mode"] = "realistic (data/)"
    return table


def cohort_measures(folder=None) -> pd.DataFrame:
    """Within-DMN connectivity and DMN deactivation of every participant in ``data/`` (SIMULATED).

    Loops over the baseline rest runs (:func:`within_dmn_connectivity`) and the
    baseline attention-task runs (:func:`dmn_deactivation`) — exactly what the
    lab asks the learner to do. The result is cached (about 6 s the first time).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``participant_id``; columns ``group``, ``medication``,
        ``site``, ``episodes`` and the measures of :data:`MEASURE_COLUMNS`.
    """
    return _cached_cohort_measures(folder).copy()


def simulate_cohort_measures(mode: str = "teaching", n_controls: int = 36, n_patients: int = 60,
                             seed: int = 3) -> pd.DataFrame:
    """Simulate a new cohort on the fly and measure it like :func:`cohort_measures` (SIMULATED).

    Useful to contrast the shipped realistic data with the exaggerated
    ``"teaching"`` mode (:func:`dmnlab.cohort.states.state_parameters`), or to draw a
    second realistic sample and see how much a result changes. About 2 s for
    96 participants the first time; the result is cached (the page and its figure share it).

    Parameters
    ----------
    mode
        "teaching" (large effects, in the direction of the popular story) or
        "realistic" (effects like large multi-site studies).
    n_controls, n_patients
        Group sizes.
    seed
        Seed of the cohort (the same seed gives the same data).
    """
    return _cached_simulated_measures(mode, n_controls, n_patients, seed).copy()


@lru_cache(maxsize=8)
def _cached_simulated_measures(mode: str, n_controls: int, n_patients: int, seed: int) -> pd.DataFrame:
    from ..cohort import population

    participants = population.simulate_cohort(n_controls, n_patients, mode=mode, seed=seed)

    def load_task(pid):
        run = population.simulate_participant(participants.loc[pid], "baseline", protocol.TASK_NAME)
        return run, run.attrs["events"]

    table = _measure_table(
        participants, lambda pid: population.simulate_participant(participants.loc[pid], "baseline", "rest"),
        load_task)
    table.attrs["simulated"] = protocol.SIMULATED_LABEL
    table.attrs["mode"] = mode
    return table


def compare_groups(measures: pd.DataFrame | None = None, column: str = "within_dmn_z",
                   n_permutations: int = 10_000, seed: int = 0) -> dict:
    """Patients minus controls on one measure: Hedges' g with 95% CI and a permutation test.

    ``measures`` defaults to the course data (:func:`cohort_measures`); the comparison is
    :func:`dmnlab.shared.groups.compare_groups` (the same in every chapter).

    Returns
    -------
    dict
        ``effect`` (:class:`dmnlab.methods.stats.EffectSize`), ``permutation``
        (:class:`dmnlab.methods.stats.PermutationResult`) and its ``p_permutation``, group means
        (``mean_patients``, ``mean_controls``), sizes (``n_patients``, ``n_controls``) and the
        ``measure``.
    """
    measures = cohort_measures() if measures is None else measures
    return groups.compare_groups(measures, column, n_permutations, seed)


def comparison_table(measures: pd.DataFrame, n_permutations: int = 10_000) -> pd.DataFrame:
    """The chapter's comparisons in one table: g, 95% CI and permutation p.

    Rows: within-DMN connectivity (all patients, medicated, unmedicated vs
    controls; medicated vs unmedicated) and DMN deactivation (all patients vs
    controls).
    """
    controls = measures[measures["group"] == _CONTROL]
    patients = measures[measures["group"] == _PATIENT]
    medicated = patients[patients["medication"] == "antidepressant"]
    unmedicated = patients[patients["medication"] == "none"]
    rows = [
        ("within-DMN connectivity (z)", "all patients − controls", patients, controls, "within_dmn_z"),
        ("within-DMN connectivity (z)", "medicated patients − controls", medicated, controls, "within_dmn_z"),
        ("within-DMN connectivity (z)", "unmedicated patients − controls", unmedicated, controls, "within_dmn_z"),
        ("within-DMN connectivity (z)", "medicated − unmedicated patients", medicated, unmedicated, "within_dmn_z"),
        ("DMN task β", "all patients − controls", patients, controls, "dmn_task_beta"),
    ]
    table = []
    for measure, contrast, first, second, column in rows:
        if len(first) < 2 or len(second) < 2:
            continue
        effect = stats.hedges_g(first[column], second[column])
        p = stats.permutation_test(first[column], second[column], n_permutations, seed=0).p_value
        table.append({"measure": measure, "comparison": contrast, "n": f"{len(first)} vs {len(second)}",
                      "g": round(effect.g, 2), "95% CI": f"[{effect.ci_low:.2f}, {effect.ci_high:.2f}]",
                      "permutation p": "< 0.001" if p < 0.001 else f"{p:.3f}"})
    return pd.DataFrame(table)


def thread_patient_place(measures: pd.DataFrame | None = None, participant: str | None = None) -> dict:
    """Where the followed patient's baseline within-DMN connectivity sits among the groups (SIMULATED).

    Returns ``within_dmn`` (the patient's mean r) and the shares of the other patients
    (``above_patients``) and of the controls (``above_controls``) whose value is lower: one
    person's place in two overlapping distributions, not a group difference.
    """
    from ..shared.patient import THREAD_PATIENT

    measures = cohort_measures() if measures is None else measures
    participant = THREAD_PATIENT if participant is None else participant
    value = float(measures.loc[participant, "within_dmn"])
    others = measures.drop(index=participant)
    patients = others.loc[others["group"] == _PATIENT, "within_dmn"]
    controls = others.loc[others["group"] == _CONTROL, "within_dmn"]
    return {"within_dmn": value, "above_patients": float((patients < value).mean()),
            "above_controls": float((controls < value).mean())}


def _block_average(signal: np.ndarray, onsets_s, tr: float, before_s: float = 10.0,
                   length_s: float = 60.0):
    """Average a signal over blocks: time from block onset (s) and the mean response."""
    before, length = int(before_s / tr), int(length_s / tr)
    epochs = []
    for onset in onsets_s:
        start = int(round(onset / tr))
        if start - before >= 0 and start + length <= len(signal):
            epoch = signal[start - before:start + length]
            epochs.append(epoch - epoch[:before].mean())
    return np.arange(-before, length) * tr, np.mean(epochs, axis=0)


def three_signatures(mode: str = "teaching", n_blocks: int = 20, seed: int = 7) -> dict:
    """Simulate the three proposed DMN signatures of depression for a healthy and a depressed brain.

    Uses the group-level states of :func:`dmnlab.cohort.states.state_parameters`
    (``"healthy"`` and ``"depressed"``) in ``mode``; the same random seed for both,
    so differences come from the parameters only.

    Returns
    -------
    dict
        For each of ``"healthy"`` and ``"depressed"``: ``rest`` (rest run),
        ``pairs`` (the 21 within-DMN correlations), ``amplitude`` (SD of the
        mean DMN signal at rest), ``epoch_time`` and ``epoch`` (block-averaged
        mean DMN signal in the task, s and z units).
    """
    from ..cohort import states

    n_task = int((30 + 60 * n_blocks) / protocol.TR)
    events = protocol.block_design(n_task, protocol.TR, 30.0, 30.0, protocol.TASK_NAME)
    dmn = [NODE_LABELS.index(label) for label in DMN_NODES]
    upper = np.triu_indices(len(dmn), 1)
    result = {}
    for state in ("healthy", "depressed"):
        params = states.state_parameters(state, mode)
        rest = simulate_run(params, 600, protocol.TR, seed=seed)
        task = simulate_run(params, n_task, protocol.TR, seed=seed + 1, events=events)
        corr = np.corrcoef(rest.to_numpy().T)[np.ix_(dmn, dmn)]
        mean_task = task.iloc[:, dmn].to_numpy().mean(axis=1)
        epoch_time, epoch = _block_average(mean_task, events["onset"], protocol.TR)
        result[state] = {"rest": rest, "pairs": corr[upper],
                         "amplitude": float(rest.iloc[:, dmn].to_numpy().mean(axis=1).std()),
                         "epoch_time": epoch_time, "epoch": epoch}
    return result


class _VirtualPatientModel:
    """Simulations behind :func:`virtual_patient_explorer` (one healthy reference, cached patients)."""

    #: Task blocks in the widget's task run: the cohort's run has 5, but a single block is
    #: dominated by the DMN's own slow fluctuations, so the widget averages 20.
    N_BLOCKS = 20

    def __init__(self, seed: int = 1):
        from ..cohort import states
        from ..methods.glm import design_matrix

        self.seed = seed
        self.healthy = states.state_parameters("healthy")
        self.tr = protocol.TR
        self.rest_volumes = protocol.REST_VOLUMES
        self.task_volumes = int((30 + 60 * self.N_BLOCKS) / self.tr)
        self.events = protocol.block_design(self.task_volumes, self.tr, 30.0, 30.0, protocol.TASK_NAME)
        self.dmn = [NODE_LABELS.index(label) for label in DMN_NODES]
        self.upper = np.triu_indices(len(self.dmn), 1)
        # The GLM's design matrix is the same for every run: build it once (nilearn, slow).
        design = design_matrix(self.events, self.task_volumes, self.tr)
        self.design_pinv = np.linalg.pinv(design.to_numpy())
        self.task_column = list(design.columns).index(protocol.TASK_NAME)
        self._cache: dict = {}
        self.reference = self.run(HEALTHY_WITHIN_DMN, 0.0)
        self.epoch_time = self.reference["epoch_time"]

    def params(self, coupling: float, failure: float):
        response = HEALTHY_DMN_TASK_RESPONSE * (1.0 - failure)
        return self.healthy.with_changes(
            within={"DMN": float(coupling)},
            task_response={label: response for label in DMN_NODES})

    def run(self, coupling: float, failure: float) -> dict:
        key = (round(float(coupling), 3), round(float(failure), 3))
        if key not in self._cache:
            params = self.params(coupling, failure)
            rest = simulate_run(params, self.rest_volumes, self.tr, seed=self.seed).to_numpy()
            task = simulate_run(params, self.task_volumes, self.tr, seed=self.seed + 1,
                                events=self.events).to_numpy()
            matrix = np.corrcoef(rest.T)
            dmn_block = matrix[np.ix_(self.dmn, self.dmn)][self.upper]
            betas = self.design_pinv @ task
            epoch_time, epoch = _block_average(task[:, self.dmn].mean(axis=1), self.events["onset"],
                                               self.tr)
            self._cache[key] = {
                "matrix": matrix,
                "within": float(np.tanh(np.arctanh(dmn_block).mean())),
                "epoch_time": epoch_time, "epoch": epoch,
                "dip": float(epoch[(epoch_time >= 10) & (epoch_time <= 34)].mean()),
                "beta": float(betas[self.task_column, self.dmn].mean()),
            }
        return self._cache[key]


def study_effect(mode: str) -> float:
    """The configured within-DMN effect (Hedges g, patients − controls) in a cohort mode."""
    from ..cohort import parameters

    return float(parameters.expected_group_difference("within DMN", mode))


@lru_cache(maxsize=64)
def simulate_dmn_studies(n_per_group: int, mode: str = "realistic",
                         n_studies: int = N_SIMULATED_STUDIES, seed: int = 2024) -> dict:
    """Many simulated studies comparing within-DMN connectivity (Fisher z) between groups.

    For speed, each participant's within-DMN connectivity is drawn directly from
    the group distributions of the virtual cohort instead of simulating time
    series: controls ~ Normal(z of 0.50, SD), patients shifted by g·SD. In
    ``"realistic"`` mode each patient is on antidepressants with the cohort's
    probability (0.6), and the shift is the cohort's designed value for medicated
    and for unmedicated patients (:func:`dmnlab.cohort.parameters.expected_group_difference`:
    −0.40 and 0.00 SD, which average about −0.24, close to the −0.246 Tozzi et al.
    2021 report for the DMN core; medicated below unmedicated, as Javaheripour et
    al. 2021 found). In ``"teaching"`` mode every patient is shifted by +1.0 SD.

    Parameters
    ----------
    n_per_group
        Participants per group in each study.
    mode
        "realistic" or "teaching".
    n_studies
        Number of simulated studies.
    seed
        Seed; the same arguments always give the same studies.

    Returns
    -------
    dict
        ``g`` and ``p`` (arrays, one per study), ``true_g``, ``power``
        (share with p < 0.05), ``exact_power`` (noncentral t),
        ``wrong_sign`` (share with g of the opposite sign to the truth),
        ``significant_wrong_sign``, ``mean_abs_g_significant`` (average |g| of
        the significant studies: the "winner's curse").

    Examples
    --------
    The designed shifts quoted above (a doctest keeps them in step):

    >>> from dmnlab.cohort import parameters
    >>> [round(parameters.expected_group_difference("within DMN", "realistic", m), 2)
    ...  for m in ("antidepressant", "none", None)]
    [-0.4, 0.0, -0.24]
    """
    from ..cohort import parameters

    n = int(n_per_group)
    if n < 2:
        raise ValueError("Each group needs at least 2 participants.")
    true_g = study_effect(mode)
    sd_z = parameters.observed_sd("within DMN") / (1 - HEALTHY_WITHIN_DMN ** 2)  # dz/dr = 1/(1 − r²)
    mean_z = np.arctanh(HEALTHY_WITHIN_DMN)
    rng = np.random.default_rng([seed, n, parameters.MODES.index(mode)])
    controls = mean_z + sd_z * rng.standard_normal((n_studies, n))
    if mode == "realistic":
        medicated = rng.random((n_studies, n)) < parameters.medicated_share()
        shift = np.where(medicated,
                         parameters.expected_group_difference("within DMN", mode, "antidepressant"),
                         parameters.expected_group_difference("within DMN", mode, "none"))
    else:
        shift = np.full((n_studies, n), true_g)
    patients = mean_z + sd_z * (shift + rng.standard_normal((n_studies, n)))
    g, p = stats.batch_g_and_p(patients, controls)
    significant = p < 0.05
    wrong = np.sign(g) == -np.sign(true_g)
    return {
        "g": g, "p": p, "true_g": true_g, "n_per_group": n, "mode": mode,
        "power": float(significant.mean()),
        "exact_power": float(stats.power_two_sample(true_g, n)),
        "wrong_sign": float(wrong.mean()),
        "significant_wrong_sign": float((wrong & significant).mean()),
        "mean_abs_g_significant": float(np.abs(g[significant]).mean()) if significant.any() else float("nan"),
        "g_range_95": tuple(float(v) for v in np.percentile(g, [2.5, 97.5])),
    }


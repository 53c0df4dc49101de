"""Chapter 3's data and science: measures, group comparisons and simulations (SIMULATED).

One number per participant from the virtual cohort (:func:`within_dmn_connectivity`,
:func:`dmn_deactivation`, both in :func:`cohort_measures`), patients against controls
(:func:`compare_groups`, :func:`comparison_table`), the three proposed signatures
(:func:`three_signatures`), the virtual patient's simulations and many simulated studies
(:func:`simulate_dmn_studies`). Statistics live in :mod:`dmnlab.methods.stats`.

And the REAL effect sizes of the ENIGMA-MDD working group (:func:`thickness_effects`,
:func:`hippocampus_d`, :func:`enigma_numbers`; Cohen's d, patients minus controls, from
:func:`dmnlab.datasets.enigma.load_enigma`; Schmaal et al. 2016, 2017): STRUCTURAL measures, not
functional connectivity, which the chapter uses to show how large real effects in depression are.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..cohort.signals import HEALTHY_DMN_TASK_RESPONSE, HEALTHY_WITHIN_DMN, simulate_run
from ..course.prose import Words, effect_size_word
from ..datasets.cache import kept_on_disk, kept_with_data
from ..datasets.enigma import load_enigma
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
@kept_with_data   # from the data files: kept across kernels while they are unchanged
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
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
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
@kept_on_disk   # a seeded simulation: the same for the same code and arguments
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


# --- Exact permutation p-values (what exercise 3.4's checker compares a learner's function with) ----
class _PValue:
    """An exact permutation p (from every split of the pooled values) and the shuffles it is estimated with."""

    def __init__(self, p: float, n: int):
        self.p, self.n = float(p), int(n)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.p, dtype=dtype)


def _exact_p(a, b, n_permutations, seed=None, rule: str = "two-sided") -> _PValue:
    """The share of all splits of the pooled values into groups of len(a) and len(b) that are at least as
    extreme as the observed one — or what a typical wrong ``rule`` counts."""
    from itertools import combinations

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    pooled = np.concatenate([a, b])
    observed, tolerance = a.mean() - b.mean(), 1e-9
    differences = []
    for chosen in combinations(range(pooled.size), a.size):
        inside = np.zeros(pooled.size, dtype=bool)
        inside[list(chosen)] = True
        differences.append(pooled[inside].mean() - pooled[~inside].mean())
    d = np.array(differences)
    count = {"two-sided": np.abs(d) >= abs(observed) - tolerance, "one-sided": d >= observed - tolerance,
             "strict": np.abs(d) > abs(observed) + tolerance, "signed": np.abs(d) >= observed - tolerance,
             "complement": np.abs(d) < abs(observed) - tolerance}[rule]
    return _PValue(count.mean(), n_permutations)


# --- REAL effect sizes: ENIGMA-MDD (structural MRI) -------------------------------------------------
#: How many cortical regions the forest plot shows one by one (the largest |d|); the rest are summarised.
N_REGIONS_SHOWN = 15
#: The subcortical groups compared, with how the plot names them.
SUBCORTICAL_GROUPS = {"all": "all patients", "first episode": "first episode", "recurrent": "recurrent"}
#: Below this |d|, Cohen's words call a difference negligible (:func:`dmnlab.course.prose.effect_size_word`).
SMALL_D = 0.2

#: Plain names of the Desikan–Killiany regions (the files write them as one lower-case word).
REGION_NAMES = {
    "bankssts": "banks of sup. temporal sulcus", "caudalanteriorcingulate": "caudal anterior cingulate",
    "caudalmiddlefrontal": "caudal middle frontal", "cuneus": "cuneus", "entorhinal": "entorhinal",
    "frontalpole": "frontal pole", "fusiform": "fusiform", "inferiorparietal": "inferior parietal",
    "inferiortemporal": "inferior temporal", "insula": "insula", "isthmuscingulate": "isthmus cingulate",
    "lateraloccipital": "lateral occipital", "lateralorbitofrontal": "lateral orbitofrontal",
    "lingual": "lingual", "medialorbitofrontal": "medial orbitofrontal", "middletemporal": "middle temporal",
    "paracentral": "paracentral", "parahippocampal": "parahippocampal", "parsopercularis": "pars opercularis",
    "parsorbitalis": "pars orbitalis", "parstriangularis": "pars triangularis", "pericalcarine": "pericalcarine",
    "postcentral": "postcentral", "posteriorcingulate": "posterior cingulate", "precentral": "precentral",
    "precuneus": "precuneus", "rostralanteriorcingulate": "rostral anterior cingulate",
    "rostralmiddlefrontal": "rostral middle frontal", "superiorfrontal": "superior frontal",
    "superiorparietal": "superior parietal", "superiortemporal": "superior temporal",
    "supramarginal": "supramarginal", "temporalpole": "temporal pole", "transversetemporal": "transverse temporal",
}


def _thousands(n) -> str:
    return f"{int(n):,}"


def _n_range(values) -> str:
    low, high = int(np.min(values)), int(np.max(values))
    return _thousands(low) if low == high else f"{_thousands(low)}–{_thousands(high)}"


def _about_range(values) -> str:
    """A range of group sizes rounded to hundreds, e.g. "1,700–1,900"."""
    low, high = (int(round(float(v), -2)) for v in (np.min(values), np.max(values)))
    return _thousands(low) if low == high else f"{_thousands(low)}–{_thousands(high)}"


def thickness_effects(group: str = "adult") -> pd.DataFrame:
    """Cortical thickness effects (REAL), largest |d| first, with a plain ``name`` such as
    "medial orbitofrontal (L)"."""
    table = load_enigma("thickness", group)
    table["name"] = [f"{REGION_NAMES.get(s, s)} ({h[0].upper()})" for s, h in zip(table["structure"],
                                                                                table["hemisphere"])]
    return table.reindex(table["d"].abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)


def hippocampus_d(group: str = "all") -> float:
    """Cohen's d of hippocampal volume, patients minus controls (REAL; ENIGMA-MDD, both hemispheres
    counted once). ``group``: "all", "first episode" or "recurrent"."""
    table = load_enigma("subcortical", group)
    return float(table.loc[table["structure"] == "hippocampus", "d"].iloc[0])


def enigma_numbers() -> dict:
    """``{glue name: value}`` for the page's sentences about the REAL ENIGMA-MDD effects."""
    thickness = thickness_effects()
    subcortical = {group: load_enigma("subcortical", group) for group in SUBCORTICAL_GROUPS}
    hippocampus = {group: table.set_index("structure").loc["hippocampus"] for group, table in subcortical.items()}
    every = pd.concat([thickness["d"], subcortical["all"]["d"]])
    largest = thickness.iloc[0]
    split_max = max(load_enigma("thickness", group)["d"].abs().max() for group in ("first episode", "recurrent"))
    split_max = max(split_max, *(table["d"].abs().max() for table in subcortical.values()))
    return {
        "ch3_enigma_n_regions": len(thickness),
        # Both studies together, rounded: the bottom line's "about 1,700–1,900 patients".
        "ch3_enigma_patients_about": Words(_about_range(pd.concat([thickness["n_patients"],
                                                                    subcortical["all"]["n_patients"]]))),
        "ch3_enigma_controls_about": Words(_about_range(pd.concat([thickness["n_controls"],
                                                                    subcortical["all"]["n_controls"]]))),
        "ch3_enigma_n_effects": len(every),
        "ch3_enigma_max_abs_d": float(every.abs().max()),
        "ch3_enigma_max_abs_d_split": float(split_max),
        "ch3_enigma_size_word": Words(effect_size_word(every.abs().max())),
        "ch3_enigma_n_shown": N_REGIONS_SHOWN,
        "ch3_enigma_thick_top_name": Words(f"{largest['hemisphere']} {REGION_NAMES.get(largest['structure'], largest['structure'])}"),
        "ch3_enigma_thick_top_d": float(largest["d"]),
        "ch3_enigma_thick_fdr": int((thickness["p_fdr"] < 0.05).sum()),
        "ch3_enigma_thick_patients": Words(_n_range(thickness["n_patients"])),
        "ch3_enigma_thick_controls": Words(_n_range(thickness["n_controls"])),
        "ch3_enigma_sub_patients": Words(_n_range(subcortical["all"]["n_patients"])),
        "ch3_enigma_sub_controls": Words(_n_range(subcortical["all"]["n_controls"])),
        "ch3_enigma_hippo_d": float(hippocampus["all"]["d"]),
        "ch3_enigma_hippo_lo": float(hippocampus["all"]["ci_low"]),
        "ch3_enigma_hippo_hi": float(hippocampus["all"]["ci_high"]),
        "ch3_enigma_hippo_first": float(hippocampus["first episode"]["d"]),
        "ch3_enigma_hippo_first_lo": float(hippocampus["first episode"]["ci_low"]),
        "ch3_enigma_hippo_first_hi": float(hippocampus["first episode"]["ci_high"]),
        "ch3_enigma_hippo_recurrent": float(hippocampus["recurrent"]["d"]),
        "ch3_enigma_hippo_recurrent_lo": float(hippocampus["recurrent"]["ci_low"]),
        "ch3_enigma_hippo_recurrent_hi": float(hippocampus["recurrent"]["ci_high"]),
        "ch3_enigma_hippo_first_patients": int(hippocampus["first episode"]["n_patients"]),
        "ch3_enigma_hippo_recurrent_patients": int(hippocampus["recurrent"]["n_patients"]),
        # A randomly chosen control has the larger hippocampus this often (d → Φ(|d|/√2)).
        "ch3_enigma_hippo_superiority": float(_superiority(hippocampus["all"]["d"])),
        # The power of an early-sized study (28 vs 20) to detect the hippocampal difference.
        "ch3_enigma_hippo_power_small": float(stats.power_two_sample(hippocampus["all"]["d"], 28, n_second_group=20)),
    }


def _superiority(d: float) -> float:
    from scipy.stats import norm

    return norm.cdf(abs(float(d)) / 2 ** 0.5)


def hippocampus_sample_sizes(power: float = 0.8, alpha: float = 0.05) -> dict:
    """Participants per group for ``power`` (two-sided) to detect the REAL hippocampal d, and what
    typical mistakes give: ``{what: (smallest, largest)}``, with the d itself under "d" and the pooled
    (patients, controls) under "n".

    "right" spans the exact d and d rounded to two decimals (both fine); the others are the total of both
    groups, a one-sided test, the recurrent or first-episode d, the largest cortical-thickness d, and
    the round numbers g = 0.25 (the page's) and d = 0.2 (Cohen's "small").
    """
    def sizes(d, a=alpha):
        both = stats.n_for_power(abs(d), power, a), stats.n_for_power(round(abs(d), 2), power, a)
        return min(both), max(both)

    d = hippocampus_d("all")
    row = load_enigma("subcortical", "all").set_index("structure").loc["hippocampus"]
    right = sizes(d)
    return {"d": d, "n": (int(row["n_patients"]), int(row["n_controls"])), "right": right, "total": (2 * right[0], 2 * right[1]), "one-sided": sizes(hippocampus_d("all"), 2 * alpha),
            "recurrent": sizes(hippocampus_d("recurrent")), "first episode": sizes(hippocampus_d("first episode")),
            "thickness": sizes(thickness_effects()["d"].iloc[0]), "g = 0.25": sizes(0.25), "d = 0.2": sizes(0.2)}

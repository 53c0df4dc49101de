"""Chapter 2's science: the cohort's healthy controls, the BOLD response, network signals,
the task GLM and a simulated healthy brain (SIMULATED data unless a run says otherwise)."""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from ..cohort.signals import HEALTHY_DMN_TASK_RESPONSE
from ..datasets.cache import kept_with_data
from ..study.nodes import DMN_NODES, NODE_NETWORK, TASK_POSITIVE_NODES

pd = lazy.load("pandas")

#: Name of the pooled salience + central-executive signal.
TASK_POSITIVE = "task-positive"
#: Seeds of the explorer's simulated task and rest runs, chosen to be typical: with no
#: deactivation the DMN's chance task β is near 0, and at rest r is near the average over
#: seeds. From seed to seed one run's network β varies by about ±0.3 and its rest r by about
#: ±0.2 (SD, measured over 40 and 20 seeds; tests/chapters/test_healthy.py keeps this honest).
SWITCH_TASK_SEED = 36
SWITCH_REST_SEED = 16
#: t below which a region counts as deactivated in exercise 2.3.
DEACTIVATION_T = -3.0


# =====================================================================================
# The cohort's healthy controls (SIMULATED; files read through dmnlab.datasets)
# =====================================================================================
@lru_cache(maxsize=1)
@kept_with_data   # from the data files: kept across kernels while they are unchanged
def _controls_by_deactivation() -> tuple[str, ...]:
    """The healthy controls ordered by their PCC task β, strongest deactivation first."""
    from ..datasets.loaders import load_task_run, participant_ids
    from ..methods.glm import block_betas

    betas = {pid: float(block_betas(*load_task_run(pid))["PCC"]) for pid in participant_ids("control")}
    return tuple(sorted(betas, key=betas.get))


def example_participant() -> str:
    """ID of a typical healthy control: the one whose PCC deactivation is the group's median.

    The chapter's worked example. Chosen by a stated rule, not by eye: with 36 simulated
    controls, the first one in the file can be an outlier (the weakest deactivator), and a
    worked example should show what is typical. (Odd counts: the middle control; even: the
    lower of the two middle ones.)
    """
    ranked = _controls_by_deactivation()
    return ranked[(len(ranked) - 1) // 2]


def lab_participant() -> str:
    """ID of the control the lab analyses: the neighbour of :func:`example_participant`.

    The control ranked one place after the page's median control (towards weaker PCC
    deactivation): just as typical, but another person, so the page's numbers do not answer the
    lab's exercises.
    """
    ranked = _controls_by_deactivation()
    return ranked[min((len(ranked) - 1) // 2 + 1, len(ranked) - 1)]


def example_task_run() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The example participant's task run and its events (see :func:`example_participant`)."""
    from ..datasets.loaders import load_task_run

    return load_task_run(example_participant())


def example_rest_run() -> pd.DataFrame:
    """The example participant's baseline resting-state run (SIMULATED)."""
    from ..datasets.loaders import load_rest_run

    return load_rest_run(example_participant())


def healthy_controls() -> list[str]:
    """IDs of every healthy control in the cohort."""
    from ..datasets.loaders import participant_ids

    return participant_ids("control")


def control_task_runs(participants=None) -> dict:
    """``{participant_id: (task run, events)}`` for the healthy controls (SIMULATED)."""
    from ..datasets.loaders import load_task_run

    participants = healthy_controls() if participants is None else list(participants)
    return {pid: load_task_run(pid) for pid in participants}


def _tr_of(timeseries: pd.DataFrame, tr: float | None) -> float:
    if tr is not None:
        return float(tr)
    if "tr" in timeseries.attrs:
        return float(timeseries.attrs["tr"])
    times = np.asarray(timeseries.index, dtype=float)
    return float(times[1] - times[0]) if len(times) > 1 else 2.0


# =====================================================================================
# The haemodynamic response
# =====================================================================================
def predicted_bold(duration: float, time_to_peak: float = 5.0, onset: float = 2.0,
                   length: float = 45.0, dt: float = 0.1) -> pd.DataFrame:
    """The BOLD response predicted for one burst of neural activity.

    Parameters
    ----------
    duration
        Length of the neural event (s).
    time_to_peak
        Peak time of the HRF (s), see :func:`dmnlab.methods.hrf.canonical_hrf`.
    onset
        When the event starts (s).
    length, dt
        Time window and sampling interval (s).

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s); columns ``neural`` (0/1 boxcar) and ``bold`` (the boxcar
        convolved with the HRF; 1 = the plateau of a sustained response). A block longer than
        about 8 s first overshoots the plateau, because the HRF's undershoot has not yet
        caught up, then settles at 1.

    Examples
    --------
    >>> frame = predicted_bold(40.0, length=80.0)
    >>> round(float(frame["bold"].max()), 2)                       # the overshoot
    1.14
    >>> round(float(frame.loc[frame.index < 42.0, "bold"].iloc[-1]), 2)   # the plateau, at the block's end
    1.0
    """
    from ..methods.hrf import canonical_hrf

    if not duration > 0:
        raise ValueError(f"duration must be a positive number of seconds, not {duration!r}.")
    times = np.round(np.arange(0.0, length, dt), 6)
    neural = ((times >= onset) & (times < onset + duration)).astype(float)
    bold = np.convolve(neural, canonical_hrf(dt, time_to_peak=time_to_peak))[: len(times)]
    return pd.DataFrame({"neural": neural, "bold": bold}, index=pd.Index(times, name="time"))


#: The worked example of exercise 2.1 (a): one 4-s event at 4 s on a grid of 10 volumes, TR 2 s.
DESIGN_EXAMPLE = {"onsets": (4.0,), "durations": (4.0,), "n_volumes": 10, "tr": 2.0}


def _volume_boxcar(onsets, durations, n_volumes: int, tr: float, additive: bool = False) -> np.ndarray:
    """One value per volume: 1 while an event is on (volume ``i`` is at ``i * tr`` s and is on when
    ``onset <= i * tr < onset + duration``). With ``additive``, overlapping events add up (as in
    nilearn) instead of staying at 1."""
    times = np.arange(int(n_volumes)) * float(tr)
    boxcar = np.zeros(int(n_volumes))
    for onset, duration in zip(onsets, durations):
        during = ((times >= onset) & (times < onset + duration)).astype(float)
        boxcar = boxcar + during if additive else np.maximum(boxcar, during)
    return boxcar


def _design_column(onsets, durations, n_volumes: int, tr: float, additive: bool = False) -> np.ndarray:
    """Exercise 2.1 (a)'s task column: the volume boxcar convolved with the HRF.

    The boxcar (:func:`_volume_boxcar`) is convolved with :func:`~dmnlab.methods.hrf.canonical_hrf`
    sampled every ``tr`` and cut to ``n_volumes`` (the response that would come after the scan
    ends is dropped).
    """
    from ..methods.hrf import canonical_hrf

    boxcar = _volume_boxcar(onsets, durations, n_volumes, tr, additive)
    return np.convolve(boxcar, canonical_hrf(float(tr)))[: int(n_volumes)]


def bold_timing(prediction: pd.DataFrame, onset: float = 2.0, duration: float | None = None) -> dict:
    """How late and how large the predicted BOLD response is.

    Parameters
    ----------
    prediction
        Output of :func:`predicted_bold`.
    onset, duration
        The event (s); ``duration`` defaults to the length of the boxcar.

    Returns
    -------
    dict
        ``peak`` (height, 1 = sustained plateau), ``peak_time`` (s after onset),
        ``half_rise`` (s after onset when the response first reaches half its peak),
        ``after_end`` (s after the event ends when it falls below half its peak) and
        ``undershoot`` (most negative value).
    """
    times = np.asarray(prediction.index, dtype=float)
    bold = prediction["bold"].to_numpy()
    if duration is None:
        duration = float(prediction["neural"].sum() * (times[1] - times[0]))
    peak_index = int(np.argmax(bold))
    peak = float(bold[peak_index])
    half_rise = float(times[np.argmax(bold >= peak / 2)] - onset)
    below = np.flatnonzero(bold[peak_index:] < peak / 2)
    after_end = float(times[peak_index + below[0]] - onset - duration) if below.size else float("nan")
    return {"peak": peak, "peak_time": float(times[peak_index] - onset), "half_rise": half_rise,
            "after_end": after_end, "undershoot": float(bold.min())}


# =====================================================================================
# Network signals, anticorrelation and global-signal regression
# =====================================================================================
def network_signals(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Mean DMN and mean task-positive signal of a run.

    Each node's signal is z-scored first, so nodes with a larger amplitude do not
    dominate the average; the task-positive signal pools the salience and central
    executive nodes.

    Returns
    -------
    pandas.DataFrame
        Same index as ``timeseries``; columns ``DMN`` and ``task-positive``.
    """
    dmn = [label for label in DMN_NODES if label in timeseries.columns]
    task_positive = [label for label in TASK_POSITIVE_NODES if label in timeseries.columns]
    if not dmn or not task_positive:
        raise ValueError("The table needs DMN and task-positive columns, e.g. 'PCC' and 'DLPFC_R'; "
                         f"it has {list(timeseries.columns)}.")
    values = timeseries[dmn + task_positive].astype(float)
    z = (values - values.mean()) / values.std()
    return pd.DataFrame({"DMN": z[dmn].mean(axis=1), TASK_POSITIVE: z[task_positive].mean(axis=1)},
                        index=timeseries.index)


def anticorrelation(timeseries: pd.DataFrame) -> float:
    """Pearson r between the mean DMN and the mean task-positive signal (negative = anticorrelated)."""
    signals = network_signals(timeseries)
    return float(np.corrcoef(signals["DMN"], signals[TASK_POSITIVE])[0, 1])


def pairwise_anticorrelation(timeseries: pd.DataFrame) -> float:
    """Mean correlation over every DMN–task-positive *node pair* (Fisher-z average).

    A second, common way to summarise the same relation. Averaging node pairs
    keeps each node's own noise, so it is weaker than :func:`anticorrelation`,
    which averages the signals first.
    """
    from ..methods.connectivity import correlation_matrix, fisher_mean

    matrix = correlation_matrix(timeseries)
    dmn = [label for label in DMN_NODES if label in matrix.columns]
    task_positive = [label for label in TASK_POSITIVE_NODES if label in matrix.columns]
    return fisher_mean(matrix.loc[dmn, task_positive].to_numpy().ravel())


def with_and_without_gsr(timeseries: pd.DataFrame, global_signal=None) -> dict[bool, pd.DataFrame]:
    """A run before (``False``) and after (``True``) global-signal regression.

    ``global_signal`` defaults to ``timeseries.attrs["global_signal"]`` (the mean of all
    brain regions, which the real HCP tables carry) or, failing that, the mean of the table's
    own columns.
    """
    from ..methods.connectivity import regress_out_global_signal

    if global_signal is None:
        global_signal = timeseries.attrs.get("global_signal")
    if global_signal is None:
        global_signal = timeseries.mean(axis=1)
    return {False: timeseries, True: regress_out_global_signal(timeseries, global_signal)}


# =====================================================================================
# The task GLM
# =====================================================================================
@lru_cache(maxsize=16)
def _design_cached(events_key: tuple, n_volumes: int, tr: float, hrf_model: str) -> pd.DataFrame:
    from ..methods.glm import design_matrix

    events = pd.DataFrame(list(events_key), columns=["onset", "duration", "trial_type"])
    return design_matrix(events, n_volumes, tr, hrf_model=hrf_model)


def task_design(events: pd.DataFrame, n_volumes: int, tr: float, hrf_model: str = "spm") -> pd.DataFrame:
    """The chapter's design matrix (nilearn, via :func:`dmnlab.methods.glm.design_matrix`), cached.

    Columns: one HRF-convolved regressor per ``trial_type``, cosine drifts
    (high-pass 0.01 Hz) and a constant.
    """
    key = tuple((float(o), float(d), str(t)) for o, d, t in
                zip(events["onset"], events["duration"], events["trial_type"]))
    return _design_cached(key, int(n_volumes), float(tr), hrf_model).copy()


def _condition(events: pd.DataFrame) -> str:
    return str(events["trial_type"].iloc[0])


def _task_component(design: pd.DataFrame, fitted: pd.DataFrame, condition: str) -> np.ndarray:
    """constant + β × task regressor for every fitted signal: the part of the fit the task explains.

    Drifts are left out so the picture shows the task effect, not slow wander.
    """
    regressor = design[condition].to_numpy()[:, None]
    return (fitted["beta_constant"].to_numpy()[None, :]
            + regressor * fitted[f"beta_{condition}"].to_numpy()[None, :])


def region_task_effects(timeseries: pd.DataFrame, events: pd.DataFrame,
                        tr: float | None = None) -> pd.DataFrame:
    """Task β, its standard error and t for every region (GLM, :mod:`dmnlab.methods.glm`).

    Returns
    -------
    pandas.DataFrame
        One row per region; columns ``beta``, ``se``, ``t`` and ``network``.
        Negative β = lower signal during task blocks than at rest (deactivation).
    """
    from ..methods.glm import fit_glm

    tr = _tr_of(timeseries, tr)
    design = task_design(events, len(timeseries), tr)
    fitted = fit_glm(timeseries, design)
    condition = _condition(events)
    table = pd.DataFrame({"beta": fitted[f"beta_{condition}"], "t": fitted[f"t_{condition}"]})
    table["se"] = table["beta"] / table["t"]
    table["network"] = [NODE_NETWORK.get(label, "") for label in table.index]
    return table[["beta", "se", "t", "network"]]


def network_task_effects(timeseries: pd.DataFrame, events: pd.DataFrame,
                         tr: float | None = None) -> pd.DataFrame:
    """Task β and t of the mean DMN and mean task-positive signals (see :func:`network_signals`)."""
    return region_task_effects(network_signals(timeseries), events, _tr_of(timeseries, tr))[
        ["beta", "se", "t"]]


def group_task_effects(task_runs: dict, region: str = "PCC") -> pd.DataFrame:
    """Task β and t of one region for every participant.

    Parameters
    ----------
    task_runs
        ``{participant_id: (timeseries, events)}``, e.g. from :func:`control_task_runs`.
    region
        Region label, e.g. ``"PCC"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by participant; columns ``beta`` and ``t``.
    """
    rows = {}
    for pid, (timeseries, events) in task_runs.items():
        table = region_task_effects(timeseries, events)
        rows[pid] = table.loc[region, ["beta", "t"]]
    frame = pd.DataFrame(rows).T.astype(float)
    frame.index.name = "participant_id"
    return frame


# =====================================================================================
# A simulated healthy brain (SIMULATED)
# =====================================================================================
def switching_parameters(deactivation: float = HEALTHY_DMN_TASK_RESPONSE,
                         anticorrelation_at_rest: float | None = None):
    """A healthy brain state with a chosen DMN task response and rest anticorrelation.

    Parameters
    ----------
    deactivation
        Every DMN node's response to the task blocks, in SD of its neural signal
        (negative = deactivation; healthy default
        :data:`dmnlab.cohort.signals.HEALTHY_DMN_TASK_RESPONSE`, −0.8).
    anticorrelation_at_rest
        The expected correlation at rest between every DMN node and every salience
        and central-executive node; ``None`` keeps the healthy defaults (−0.20, −0.25).

    Returns
    -------
    dmnlab.cohort.signals.NetworkParameters
    """
    from ..cohort.states import state_parameters

    params = state_parameters("healthy")
    changes = {"task_response": {label: float(deactivation) for label in DMN_NODES}}
    if anticorrelation_at_rest is not None:
        changes["between"] = {("DMN", "salience"): float(anticorrelation_at_rest),
                              ("DMN", "central executive"): float(anticorrelation_at_rest)}
    return params.with_changes(**changes)


def simulate_switching(deactivation: float = HEALTHY_DMN_TASK_RESPONSE,
                       anticorrelation_at_rest: float | None = None,
                       task_seed: int = SWITCH_TASK_SEED, rest_seed: int = SWITCH_REST_SEED):
    """A simulated task run, its events and a rest run of one healthy brain (SIMULATED).

    The runs have the cohort's lengths (165 task volumes: 30 s rest, then five
    30-s task blocks separated by 30 s of rest; 180 rest volumes; TR 2 s).

    Returns
    -------
    (task_run, events, rest_run)
    """
    from ..cohort.signals import simulate_run
    from ..study.protocol import REST_VOLUMES, TASK_VOLUMES, TR, task_events

    params = switching_parameters(deactivation, anticorrelation_at_rest)
    events = task_events(TASK_VOLUMES, TR)
    task_run = simulate_run(params, n_volumes=TASK_VOLUMES, tr=TR, seed=task_seed, events=events)
    rest_run = simulate_run(params, n_volumes=REST_VOLUMES, tr=TR, seed=rest_seed)
    return task_run, events, rest_run


@lru_cache(maxsize=64)
def _switching_state(deactivation: float, anticorrelation_at_rest: float) -> dict:
    """Everything the task-switch explorer shows for one simulated state (cached)."""
    from ..methods.glm import fit_glm

    task_run, events, rest_run = simulate_switching(deactivation, anticorrelation_at_rest)
    signals = network_signals(task_run)
    design = task_design(events, len(signals), _tr_of(task_run, None))
    fitted = fit_glm(signals, design)
    condition = _condition(events)
    model = _task_component(design, fitted, condition)
    rest_signals = network_signals(rest_run)
    slope, intercept = np.polyfit(rest_signals["DMN"], rest_signals[TASK_POSITIVE], 1)
    return {
        "times": np.asarray(signals.index, dtype=float),
        "signals": signals.to_numpy(),
        "model": model,
        "beta": fitted[f"beta_{condition}"].to_numpy(),
        "t": fitted[f"t_{condition}"].to_numpy(),
        "r_task": float(np.corrcoef(signals.to_numpy().T)[0, 1]),
        "rest_times": np.asarray(rest_signals.index, dtype=float),
        "rest": rest_signals.to_numpy(),
        "r_rest": float(np.corrcoef(rest_signals.to_numpy().T)[0, 1]),
        "trend": (float(intercept - 2.5 * slope), float(intercept + 2.5 * slope)),
        "events": events,
    }


# =====================================================================================
# Runs and task effects in words (the pictures' alt texts use them)
# =====================================================================================
def _data_note(timeseries: pd.DataFrame) -> str:
    """Where a run comes from, for alt texts: real runs (:mod:`dmnlab.datasets.real`) name their source."""
    source = timeseries.attrs.get("source")
    return f"real data, {source}" if source else "simulated data"


def _blocks(events: pd.DataFrame) -> str:
    """"5 task blocks of 30 s" (or without the length if the blocks differ)."""
    durations = np.unique(np.asarray(events["duration"], dtype=float))
    length = f" of {durations[0]:g} s" if durations.size == 1 else ""
    return f"{len(events)} task block{'s' if len(events) != 1 else ''}{length}"


def _verb(t: float) -> str:
    """What a signal does during the task blocks, by the t of its task β."""
    if t < DEACTIVATION_T:
        return "falls"
    if t > -DEACTIVATION_T:
        return "rises"
    return "barely changes"


def _describe_task_betas(table: pd.DataFrame, threshold: float, note: str) -> str:
    """Alt text of :func:`plot_task_betas`: the deactivated regions and the extremes, with their βs."""
    below = table[table["t"] < threshold].sort_values("beta")
    text = (f"Bar chart of the task beta (± 1 SE) of each of {len(table)} regions in a task run "
            f"({note}), coloured by network. ")
    if len(below):
        networks = ", ".join(sorted(set(below["network"]) - {""})) or "no named network"
        text += (f"{len(below)} region{'s have' if len(below) != 1 else ' has'} t < {threshold:g} "
                 f"(deactivated, outlined in black; networks: {networks}): "
                 + ", ".join(f"{label} {beta:+.2f}" for label, beta in below["beta"].items()) + ". ")
    else:
        text += f"No region has t < {threshold:g}. "
    top = table["beta"].idxmax()
    network = table.loc[top, "network"]
    return text + (f"The largest beta is {top}'s, {table.loc[top, 'beta']:+.2f}"
                   + (f" ({network})." if network else "."))


# =====================================================================================
# REAL data: where the DMN sits on the cortex's principal gradient (HCP group, via brainspace)
# =====================================================================================
#: Parcels counted at each end of the gradient ("of the 40 highest parcels, … are default mode").
GRADIENT_END_PARCELS = 40


@lru_cache(maxsize=4)
def parcel_gradient(n_parcels: int = 400) -> pd.DataFrame:
    """REAL: each Schaefer parcel's mean principal-gradient value (HCP main group, Margulies et al.
    2016's method, as brainspace ships it), with its label, hemisphere and 7-network code and name.

    A parcel's value is the mean over its conte69 vertices (the medial wall's NaNs left out).
    """
    from ..datasets import hcpgroup

    gradient = hcpgroup.principal_gradient()
    parcels = hcpgroup.surface_parcellation(n_parcels)
    table = hcpgroup.schaefer_labels(n_parcels).copy()
    inside = (parcels > 0) & np.isfinite(gradient)
    sums = np.bincount(parcels[inside], weights=gradient[inside], minlength=n_parcels + 1)[1:]
    counts = np.bincount(parcels[inside], minlength=n_parcels + 1)[1:]
    table["gradient"] = sums / counts
    table.attrs.update(label=hcpgroup.REAL_LABEL, source=hcpgroup.CITATION)
    return table


def gradient_by_network(n_parcels: int = 400) -> pd.DataFrame:
    """REAL: the 7 Schaefer networks ordered by their parcels' mean gradient value (lowest first):
    ``network_name``, ``mean``, ``min``, ``max``, ``n_parcels`` (index: the network code)."""
    table = parcel_gradient(n_parcels)
    summary = table.groupby("network")["gradient"].agg(["mean", "min", "max", "count"])
    summary = summary.rename(columns={"count": "n_parcels"}).sort_values("mean")
    summary.insert(0, "network_name", table.groupby("network")["network_name"].first().loc[summary.index])
    return summary


def gradient_scale(n_parcels: int = 400) -> tuple[float, float]:
    """The colour scale of the gradient pictures: the lowest and highest parcel values, rounded outwards."""
    values = parcel_gradient(n_parcels)["gradient"]
    return float(np.floor(values.min())), float(np.ceil(values.max()))


def _gradient_summary():
    """What the gradient pictures draw: the parcels, the networks in order, the ends and the colour scale."""
    return parcel_gradient(), gradient_by_network(), gradient_ends(), gradient_scale()


def gradient_ends(n_parcels: int = 400, n_end: int = GRADIENT_END_PARCELS) -> dict:
    """REAL: how many of the ``n_end`` parcels highest (lowest) on the gradient belong to each network."""
    table = parcel_gradient(n_parcels).sort_values("gradient")
    return {"top": table.tail(n_end)["network"].value_counts().to_dict(),
            "bottom": table.head(n_end)["network"].value_counts().to_dict()}

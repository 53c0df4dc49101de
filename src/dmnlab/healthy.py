"""Chapter 2 — The DMN in a healthy brain: switching, deactivation and anticorrelation.

Compute (pure functions):

- :func:`hrf` and :func:`predicted_bold` — the haemodynamic response and the
  BOLD signal it predicts for an event of a given length; :func:`bold_timing`
  measures how late that signal is.
- :func:`network_signals` — the mean DMN and mean task-positive signal of a run;
  :func:`anticorrelation` correlates the two, :func:`pairwise_anticorrelation`
  averages the node-pair correlations instead.
- :func:`network_task_effects` — GLM task β and t of the two network signals
  (design matrix from :mod:`dmnlab.methods.glm`, i.e. nilearn).
- :func:`switching_parameters` and :func:`simulate_switching` — a healthy
  brain with a chosen deactivation depth and rest anticorrelation (SIMULATED).

Figures (``plot_*``, each returns a matplotlib figure whose ``alt_text`` describes it
with the numbers it shows): :func:`plot_hrf`, :func:`plot_design`, :func:`plot_task_run`,
:func:`plot_task_betas`, :func:`plot_rest_anticorrelation`.

Widgets (live in Jupyter, precomputed in the book): :func:`hrf_explorer`,
:func:`task_switch_explorer`.

Exercise checkers: :func:`check_design_matrix`, :func:`check_task_beta`,
:func:`check_deactivated_regions`, :func:`check_anticorrelation`,
:func:`check_group_deactivation`.

Everything computed from the cohort or the simulator is SIMULATED data.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer
from .study.nodes import DMN_NODES, NETWORK_COLOURS, NODE_NETWORK, TASK_POSITIVE_NODES

pd = lazy.load("pandas")
stats = lazy.load("scipy.stats", suppress_warning=True)
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort and simulator (not real people)."

#: Colours of the two network signals (Okabe–Ito): DMN blue, task-positive vermillion.
#: Vermillion, not a network colour, because "task-positive" pools two networks.
DMN_COLOUR = NETWORK_COLOURS["DMN"]
TASK_POSITIVE_COLOUR = "#D55E00"
BLOCK_COLOUR = "0.88"
#: Name of the pooled salience + central-executive signal.
TASK_POSITIVE = "task-positive"

#: Event durations (s) and response peak times (s) offered by the HRF explorer.
EVENT_DURATIONS = (1.0, 4.0, 10.0, 20.0)
TIMES_TO_PEAK = (4.0, 5.0, 6.0, 7.0)
#: The healthy default DMN task response (SD of the neural signal; Raichle et al. 2001 give
#: the direction, the size is the simulator's, chosen for teaching).
HEALTHY_DEACTIVATION = -0.8
#: DMN responses to the task offered by the task-switch explorer (0 = no deactivation).
DEACTIVATIONS = (0.0, -0.4, -0.8, -1.2)
#: Correlations at rest between DMN and task-positive nodes offered by the explorer
#: (the simulator's healthy defaults are −0.20 with salience and −0.25 with the central
#: executive network; the sign follows Fox et al. 2005).
ANTICORRELATIONS = (0.0, -0.1, -0.2, -0.3, -0.4)
#: Seeds of the explorer's simulated task and rest runs, chosen to be typical: with no
#: deactivation the DMN's chance task β is near 0, and at rest r is near the average over
#: seeds. From seed to seed one run's network β varies by about ±0.3 and its rest r by about
#: ±0.2 (SD, measured over 40 and 20 seeds; tests/test_healthy.py keeps this honest).
SWITCH_TASK_SEED = 36
SWITCH_REST_SEED = 16
#: t below which a region counts as deactivated in exercise 2.3.
DEACTIVATION_T = -3.0


# =====================================================================================
# Data access (SIMULATED cohort)
# =====================================================================================
@lru_cache(maxsize=1)
def example_participant() -> str:
    """ID of a typical healthy control: the one whose PCC deactivation is the group's median.

    The chapter's worked example. Chosen by a stated rule, not by eye: with 36 simulated
    controls, the first one in the file can be an outlier (the weakest deactivator), and a
    worked example should show what is typical. (Odd counts: the middle control; even: the
    lower of the two middle ones.)
    """
    from .datasets.loaders import load_events, load_timeseries, participant_ids
    from .methods.glm import block_betas
    from .study.protocol import TASK_NAME

    betas = {pid: float(block_betas(load_timeseries(pid, task=TASK_NAME), load_events(pid))["PCC"])
             for pid in participant_ids("control")}
    ranked = sorted(betas, key=betas.get)
    return ranked[(len(ranked) - 1) // 2]


def healthy_controls() -> list[str]:
    """IDs of every healthy control in the cohort."""
    from .datasets.loaders import participant_ids

    return participant_ids("control")


def load_task_run(participant: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A participant's ``attention`` task run and its events (SIMULATED).

    Returns
    -------
    (timeseries, events)
        Region-by-time table (index: time in s, TR 2 s) and the BIDS events table
        (``onset``, ``duration`` in s, ``trial_type``).
    """
    from .datasets.loaders import load_events, load_timeseries
    from .study.protocol import TASK_NAME

    participant = example_participant() if participant is None else participant
    return (load_timeseries(participant, session="baseline", task=TASK_NAME),
            load_events(participant, session="baseline", task=TASK_NAME))


def load_rest_run(participant: str | None = None) -> pd.DataFrame:
    """A participant's baseline resting-state run (SIMULATED)."""
    from .datasets.loaders import load_timeseries

    participant = example_participant() if participant is None else participant
    return load_timeseries(participant, session="baseline", task="rest")


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
def hrf(dt: float = 0.1, time_to_peak: float = 5.0, undershoot_peak: float = 15.0,
        undershoot_ratio: float = 1 / 6, length: float = 32.0) -> np.ndarray:
    """A double-gamma haemodynamic response function, sampled every ``dt`` seconds.

    A gamma density whose mode is at ``time_to_peak`` minus ``undershoot_ratio``
    times a gamma whose mode is at ``undershoot_peak``, scaled to sum to 1 (so a
    sustained block of neural activity of height 1 predicts a BOLD plateau of 1).
    With the defaults it is the canonical SPM response that nilearn's ``"spm"``
    model and :func:`dmnlab.cohort.signals.canonical_hrf` use.

    Parameters
    ----------
    dt
        Sampling interval (s).
    time_to_peak
        Mode of the positive gamma (s); the summed curve peaks slightly earlier.
    undershoot_peak, undershoot_ratio
        Mode (s) and relative size of the post-stimulus undershoot.
    length
        Length of the kernel (s).
    """
    if not (dt > 0 and time_to_peak > 0 and length > 0):
        raise ValueError("dt, time_to_peak and length must be positive numbers of seconds.")
    t = np.arange(0.0, length, dt)
    # A gamma density with shape a and scale 1 peaks at a − 1.
    response = (stats.gamma.pdf(t, time_to_peak + 1.0)
                - undershoot_ratio * stats.gamma.pdf(t, undershoot_peak + 1.0))
    return response / response.sum()


def predicted_bold(duration: float, time_to_peak: float = 5.0, onset: float = 2.0,
                   length: float = 45.0, dt: float = 0.1) -> pd.DataFrame:
    """The BOLD response predicted for one burst of neural activity.

    Parameters
    ----------
    duration
        Length of the neural event (s).
    time_to_peak
        Peak time of the HRF (s), see :func:`hrf`.
    onset
        When the event starts (s).
    length, dt
        Time window and sampling interval (s).

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (s); columns ``neural`` (0/1 boxcar) and ``bold`` (the boxcar
        convolved with the HRF; 1 = the plateau of a sustained response).

    Examples
    --------
    >>> frame = predicted_bold(20.0)
    >>> round(float(frame["bold"].max()), 2)
    1.0
    """
    if not duration > 0:
        raise ValueError(f"duration must be a positive number of seconds, not {duration!r}.")
    times = np.round(np.arange(0.0, length, dt), 6)
    neural = ((times >= onset) & (times < onset + duration)).astype(float)
    bold = np.convolve(neural, hrf(dt, time_to_peak))[: len(times)]
    return pd.DataFrame({"neural": neural, "bold": bold}, index=pd.Index(times, name="time"))


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
# Network signals, anticorrelation and the task GLM
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
    from .methods.connectivity import correlation_matrix, fisher_mean

    matrix = correlation_matrix(timeseries)
    dmn = [label for label in DMN_NODES if label in matrix.columns]
    task_positive = [label for label in TASK_POSITIVE_NODES if label in matrix.columns]
    return fisher_mean(matrix.loc[dmn, task_positive].to_numpy().ravel())


@lru_cache(maxsize=16)
def _design_cached(events_key: tuple, n_volumes: int, tr: float, hrf_model: str) -> pd.DataFrame:
    from .methods.glm import design_matrix

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
    from .methods.glm import fit_glm

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


def switching_parameters(deactivation: float = HEALTHY_DEACTIVATION,
                         anticorrelation_at_rest: float | None = None):
    """A healthy brain state with a chosen DMN task response and rest anticorrelation.

    Parameters
    ----------
    deactivation
        Every DMN node's response to the task blocks, in SD of its neural signal
        (negative = deactivation; healthy default −0.8).
    anticorrelation_at_rest
        The expected correlation at rest between every DMN node and every salience
        and central-executive node; ``None`` keeps the healthy defaults (−0.20, −0.25).

    Returns
    -------
    dmnlab.cohort.signals.NetworkParameters
    """
    from .cohort.states import state_parameters

    params = state_parameters("healthy")
    changes = {"task_response": {label: float(deactivation) for label in DMN_NODES}}
    if anticorrelation_at_rest is not None:
        changes["between"] = {("DMN", "salience"): float(anticorrelation_at_rest),
                              ("DMN", "central executive"): float(anticorrelation_at_rest)}
    return params.with_changes(**changes)


def simulate_switching(deactivation: float = HEALTHY_DEACTIVATION,
                       anticorrelation_at_rest: float | None = None,
                       task_seed: int = SWITCH_TASK_SEED, rest_seed: int = SWITCH_REST_SEED):
    """A simulated task run, its events and a rest run of one healthy brain (SIMULATED).

    The runs have the cohort's lengths (165 task volumes: 30 s rest, then five
    30-s task blocks separated by 30 s of rest; 180 rest volumes; TR 2 s).

    Returns
    -------
    (task_run, events, rest_run)
    """
    from .cohort.signals import simulate_run
    from .study.protocol import REST_VOLUMES, TASK_VOLUMES, TR, task_events

    params = switching_parameters(deactivation, anticorrelation_at_rest)
    events = task_events(TASK_VOLUMES, TR)
    task_run = simulate_run(params, n_volumes=TASK_VOLUMES, tr=TR, seed=task_seed, events=events)
    rest_run = simulate_run(params, n_volumes=REST_VOLUMES, tr=TR, seed=rest_seed)
    return task_run, events, rest_run


# =====================================================================================
# Figures
# =====================================================================================
def _figure_and_ax(ax, width, height, rect=(0.1, 0.15, 0.86, 0.75)):
    """The given axes' figure, or a new figure with axes at ``rect`` (fractions of the figure)."""
    if ax is None:
        figure = plotting.new_figure(width, height)
        ax = figure.add_axes(list(rect))
    return ax.figure, ax


def _shade_blocks(ax, events):
    for onset, duration in zip(events["onset"], events["duration"]):
        ax.axvspan(onset, onset + duration, color=BLOCK_COLOUR, zorder=0, linewidth=0)


def _data_note(timeseries: pd.DataFrame) -> str:
    """Where a run comes from, for alt texts: real runs (:mod:`dmnlab.datasets.real`) name their source."""
    source = timeseries.attrs.get("source")
    return f"real data, {source}" if source else "simulated data"


def _blocks(events: pd.DataFrame) -> str:
    """"5 task blocks of 30 s" (or without the length if the blocks differ)."""
    durations = np.unique(np.asarray(events["duration"], dtype=float))
    length = f" of {durations[0]:g} s" if durations.size == 1 else ""
    return f"{len(events)} task block{'s' if len(events) != 1 else ''}{length}"


#: Where the HRF axes sit in their figure (room on the right for the legend and numbers).
_HRF_AXES = [0.095, 0.15, 0.585, 0.80]


class _HrfPanel:
    """The HRF picture: an event, its predicted BOLD signal and the scanner's samples."""

    SAMPLE_TR = 2.0
    ONSET = 2.0
    LENGTH = 45.0

    def __init__(self, ax):
        from matplotlib.patches import Rectangle

        self.ax = ax
        ax.set_xlim(0, self.LENGTH)
        ax.set_ylim(-0.3, 1.25)
        ax.axhline(0, color="0.5", linewidth=0.6)
        ax.set_xlabel("time (s)")
        ax.set_ylabel("signal (1 = sustained plateau)", fontsize=8)
        plotting.tidy_axes(ax)
        self.event = Rectangle((self.ONSET, 0), 1.0, 1.0, facecolor=BLOCK_COLOUR,
                               edgecolor="0.35", linewidth=1.0, zorder=1,
                               label="neural activity (the event)")
        ax.add_patch(self.event)
        (self.bold,) = ax.plot([], [], color=DMN_COLOUR, linewidth=2.2, zorder=3,
                               label="predicted BOLD signal")
        (self.samples,) = ax.plot([], [], linestyle="", marker="o", markersize=4.5,
                                  markerfacecolor="white", markeredgecolor="black", zorder=4,
                                  label=f"scanner samples (every {self.SAMPLE_TR:g} s)")
        self.peak_line = ax.axvline(0, color=TASK_POSITIVE_COLOUR, linestyle="--", linewidth=1.2,
                                    zorder=2, label="BOLD peak")
        (self.lag,) = ax.plot([], [], color="black", linewidth=1.2, marker="|", markersize=8,
                              zorder=5)
        # Legend and numbers sit to the right of the axes so no curve can hide them.
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
        self.info = ax.text(1.03, 0.50, "", transform=ax.transAxes, ha="left", va="top",
                            fontsize=8, linespacing=1.5)

    def update(self, duration, time_to_peak):
        frame = predicted_bold(duration, time_to_peak, onset=self.ONSET, length=self.LENGTH)
        timing = bold_timing(frame, onset=self.ONSET, duration=duration)
        times = np.asarray(frame.index, dtype=float)
        self.event.set_width(duration)
        self.bold.set_data(times, frame["bold"].to_numpy())
        sample_times = np.arange(0.0, self.LENGTH, self.SAMPLE_TR)
        self.samples.set_data(sample_times, np.interp(sample_times, times, frame["bold"].to_numpy()))
        peak_time = self.ONSET + timing["peak_time"]
        self.peak_line.set_xdata([peak_time, peak_time])
        half = timing["peak"] / 2
        self.lag.set_data([self.ONSET, self.ONSET + timing["half_rise"]], [half, half])
        self.info.set_text(
            f"event {duration:g} s, HRF peak setting {time_to_peak:g} s\n"
            f"half of peak reached: {timing['half_rise']:.1f} s\n"
            f"   after the start (black bar)\n"
            f"peak: {timing['peak']:.2f} at {timing['peak_time']:.1f} s\n"
            f"   after the start\n"
            f"below half again: {timing['after_end']:.1f} s\n"
            f"   after the event ends")
        return timing

    def artists(self):
        return [self.event, self.bold, self.samples, self.peak_line, self.lag, self.info]


def describe_hrf(duration: float, time_to_peak: float) -> str:
    """Alt text of the HRF picture for one event duration and peak time."""
    frame = predicted_bold(duration, time_to_peak, onset=_HrfPanel.ONSET, length=_HrfPanel.LENGTH)
    timing = bold_timing(frame, onset=_HrfPanel.ONSET, duration=duration)
    return (f"A grey box marks {duration:g} s of neural activity starting at 2 s. The predicted "
            f"BOLD curve (blue) rises slowly, reaching half its peak {timing['half_rise']:.1f} s "
            f"after the start and peaking at {timing['peak']:.2f} (1 = sustained plateau) "
            f"{timing['peak_time']:.1f} s after the start; it falls below half "
            f"{timing['after_end']:.1f} s after the activity ends and dips slightly below zero "
            f"(minimum {timing['undershoot']:.2f}). HRF peak setting {time_to_peak:g} s; dots "
            f"show samples every 2 s.")


def plot_hrf(duration: float = 10.0, time_to_peak: float = 5.0, ax=None):
    """The BOLD signal predicted for one neural event: lagged, smoothed, with an undershoot.

    Parameters
    ----------
    duration
        Length of the neural event (s).
    time_to_peak
        HRF peak time (s), see :func:`hrf`.
    """
    own_figure = ax is None
    if own_figure:
        figure = plotting.new_figure(7.5, 3.4)
        ax = figure.add_axes(_HRF_AXES)
    _HrfPanel(ax).update(duration, time_to_peak)
    # The explorer's alt text: the same picture, the same numbers (model curves, not data).
    plotting.set_alt_text(ax.figure, describe_hrf(duration, time_to_peak), own_figure)
    return ax.figure


def plot_design(design: pd.DataFrame, events: pd.DataFrame | None = None, ax=None):
    """A design matrix: as an image (nilearn) and as time courses of its regressors.

    With ``ax=None`` the figure has two panels — nilearn's picture of the matrix
    and the regressors over time (task regressor, its boxcar, two drifts, the
    constant); with an ``ax``, only the time-course panel is drawn in it.
    """
    own_figure = ax is None
    if own_figure:
        from nilearn.plotting import plot_design_matrix

        figure = plotting.new_figure(8.0, 3.6)
        image_ax = figure.add_axes([0.08, 0.16, 0.22, 0.62])
        plot_design_matrix(design, axes=image_ax)
        image_ax.set_xlabel("the design matrix as an image", fontsize=8)
        image_ax.set_ylabel("scan (volume) number", fontsize=8)
        image_ax.tick_params(labelsize=6)
        ax = figure.add_axes([0.40, 0.16, 0.58, 0.72])
    figure = ax.figure
    times = np.asarray(design.index, dtype=float)
    regressors = [c for c in design.columns if not c.startswith("drift") and c != "constant"]
    if events is not None:
        from .methods.hrf import events_to_boxcar

        dt = 0.1
        fine = np.arange(0.0, times[-1] + (times[1] - times[0]), dt)
        ax.plot(fine, events_to_boxcar(events, len(fine), dt), color="0.35", linewidth=1.0,
                drawstyle="steps-post", label="task blocks (boxcar)")
    for name in regressors:
        ax.plot(times, design[name], color=DMN_COLOUR, linewidth=2.0,
                label=f"'{name}' regressor (boxcar ∗ HRF)")
    drifts = [c for c in design.columns if c.startswith("drift")][:2]
    for number, name in enumerate(drifts):
        ax.plot(times, design[name] / np.abs(design[name]).max() * 0.4, color="0.55",
                linewidth=0.9, linestyle=":", label="slow drifts (two of them)" if number == 0 else None)
    if "constant" in design.columns:
        ax.plot(times, design["constant"], color="black", linewidth=0.8, linestyle="--",
                label="constant")
    ax.set_xlim(times[0], times[-1])
    ax.set_ylim(-0.6, 1.45)
    ax.set_xlabel("time (s)")
    ax.legend(loc="upper center", ncol=2, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1.16))
    plotting.tidy_axes(ax)
    plotting.set_alt_text(figure, _describe_design(design, events, with_image=own_figure), own_figure)
    return figure


def _describe_design(design: pd.DataFrame, events: pd.DataFrame | None, with_image: bool) -> str:
    """Alt text of :func:`plot_design`: the matrix's size and columns, and what its regressors do."""
    times = np.asarray(design.index, dtype=float)
    regressors = [c for c in design.columns if not c.startswith("drift") and c != "constant"]
    n_drifts = sum(c.startswith("drift") for c in design.columns)
    columns = ["the " + " and ".join(f"'{name}'" for name in regressors)
               + f" task regressor{'s' if len(regressors) != 1 else ''}"]
    if n_drifts:
        columns.append(f"{n_drifts} slow cosine drifts")
    if "constant" in design.columns:
        columns.append("a constant")
    text = (f"Design matrix of {len(design)} scans (rows) by {design.shape[1]} columns: "
            + ", ".join(columns[:-1]) + (" and " if len(columns) > 1 else "") + columns[-1] + ". ")
    source = f"the {_blocks(events)} (grey steps)" if events is not None else "the task blocks"
    text += ("Left, the matrix as a grey-scale image; right, its columns" if with_image
             else "Its columns") + (f" over {times[-1] - times[0]:.0f} s: the task regressor "
                                    f"(blue) is {source} convolved with the HRF, so it rises a "
                                    "few seconds after each block starts and lingers after it "
                                    "ends")
    return text + ("; two drifts are dotted and the constant dashed." if n_drifts else ".")


def plot_task_run(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float | None = None,
                  ax=None, title: str | None = None):
    """Mean DMN and task-positive signals of a task run, task blocks shaded, task fit dashed.

    The legend gives each network signal's task β (see :func:`network_task_effects`).
    """
    from .methods.glm import fit_glm

    tr = _tr_of(timeseries, tr)
    own_figure = ax is None
    figure, ax = _figure_and_ax(ax, 8.0, 3.2, (0.08, 0.16, 0.90, 0.70))
    signals = network_signals(timeseries)
    design = task_design(events, len(signals), tr)
    fitted = fit_glm(signals, design)
    condition = _condition(events)
    model = _task_component(design, fitted, condition)
    times = np.asarray(signals.index, dtype=float)
    _shade_blocks(ax, events)
    for index, (name, colour) in enumerate((("DMN", DMN_COLOUR), (TASK_POSITIVE, TASK_POSITIVE_COLOUR))):
        beta = fitted.loc[name, f"beta_{condition}"]
        ax.plot(times, signals[name], color=colour, linewidth=1.3,
                label=f"mean {name} signal (task β = {beta:+.2f})")
        ax.plot(times, model[:, index], color=colour, linewidth=1.6, linestyle="--", alpha=0.9)
    ax.plot([], [], color="0.3", linestyle="--", label="GLM: β × task regressor")
    ax.axhline(0, color="0.5", linewidth=0.5)
    ax.set_xlim(times[0], times[-1])
    ax.set_ylim(-3, 3)
    ax.set_xlabel("time (s)   (grey: task blocks)")
    ax.set_ylabel("signal (z)")
    ax.legend(loc="upper center", ncol=3, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1.15))
    plotting.tidy_axes(ax)
    if title:
        ax.set_title(title, fontsize=9, pad=22)
    (b_dmn, b_tp), (t_dmn, t_tp) = (fitted[f"{what}_{condition}"].to_numpy() for what in ("beta", "t"))
    plotting.set_alt_text(figure, (
        (f"{title}: m" if title else "M") + f"ean DMN (blue) and mean task-positive (vermillion) "
        f"signal of a task run ({_data_note(timeseries)}) over {times[-1] - times[0]:.0f} s, with "
        f"the {_blocks(events)} shaded grey and the GLM's task part dashed. During the blocks the "
        f"DMN signal {_verb(b_dmn, t_dmn)} (task beta {b_dmn:+.2f}, t = {t_dmn:.1f}) and the "
        f"task-positive signal {_verb(b_tp, t_tp)} (task beta {b_tp:+.2f}, t = {t_tp:.1f})."),
        own_figure)
    return figure


def plot_task_betas(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float | None = None,
                    ax=None, threshold: float = DEACTIVATION_T):
    """Task β of every region with ±1 standard error, coloured by network.

    Regions whose t is below ``threshold`` (deactivated) are outlined in black.
    """
    table = region_task_effects(timeseries, events, tr)
    own_figure = ax is None
    figure, ax = _figure_and_ax(ax, 7.5, 3.2, (0.09, 0.22, 0.89, 0.74))
    labels = list(table.index)
    colours = [NETWORK_COLOURS.get(network, "0.5") for network in table["network"]]
    below = (table["t"] < threshold).to_numpy()
    ax.bar(range(len(labels)), table["beta"], yerr=table["se"], color=colours,
           edgecolor=["black" if flag else "none" for flag in below],
           linewidth=[1.6 if flag else 0 for flag in below], error_kw={"linewidth": 0.8})
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(range(len(labels)), labels, rotation=60, fontsize=7)
    plotting.colour_node_labels(ax.get_xticklabels())
    ax.set_ylabel("task β (± 1 SE)")
    limit = max(1.6, float(np.abs(table["beta"]).max() + table["se"].max()) * 1.1)
    ax.set_ylim(-limit, limit)
    ax.text(0.01, 0.02, f"black outline: t < {threshold:g} (deactivated)", transform=ax.transAxes,
            fontsize=7)
    plotting.tidy_axes(ax)
    plotting.set_alt_text(figure, _describe_task_betas(table, threshold, _data_note(timeseries)), own_figure)
    return figure


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


def plot_rest_anticorrelation(rest: pd.DataFrame, ax=None, title: str | None = None):
    """Scatter of the mean DMN against the mean task-positive signal at rest, with r."""
    signals = network_signals(rest)
    own_figure = ax is None
    figure, ax = _figure_and_ax(ax, 4.2, 4.0, (0.17, 0.13, 0.78, 0.78))
    x, y = signals["DMN"].to_numpy(), signals[TASK_POSITIVE].to_numpy()
    r = float(np.corrcoef(x, y)[0, 1])
    ax.scatter(x, y, s=12, color="0.35", alpha=0.7, edgecolors="none")
    slope, intercept = np.polyfit(x, y, 1)
    line_x = np.array([-2.5, 2.5])
    ax.plot(line_x, intercept + slope * line_x, color=TASK_POSITIVE_COLOUR, linewidth=1.8,
            label=f"r = {r:.2f}")
    ax.axhline(0, color="0.6", linewidth=0.5)
    ax.axvline(0, color="0.6", linewidth=0.5)
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(-2.5, 2.5)
    ax.set_xlabel("mean DMN signal (z)", color=DMN_COLOUR)
    ax.set_ylabel("mean task-positive signal (z)", color=plotting.readable(TASK_POSITIVE_COLOUR))
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    ax.set_aspect("equal")
    plotting.tidy_axes(ax)
    ax.set_title(title or "One volume per dot (rest)", fontsize=9)
    direction = ("downward: the two signals are anticorrelated" if r < 0 else
                 "upward: the two signals are positively correlated")
    plotting.set_alt_text(figure, (
        (f"{title}: s" if title else "S") + f"catter plot of the {len(x)} volumes of a rest run "
        f"({_data_note(rest)}), one dot each: the mean DMN signal (x, z) against the mean "
        f"task-positive signal (y, z). "
        f"The fitted line slopes {direction}, r = {r:.2f}."), own_figure)
    return figure


# =====================================================================================
# Widgets
# =====================================================================================
def hrf_explorer(durations=EVENT_DURATIONS, peaks=TIMES_TO_PEAK) -> Explorer:
    """Widget: why BOLD lags neural activity — change the event's length and the HRF's peak time."""
    figure = plotting.new_figure(7.5, 3.4)
    ax = figure.add_axes(_HRF_AXES)
    panel = _HrfPanel(ax)

    def update(duration, time_to_peak):
        panel.update(duration, time_to_peak)

    controls = [
        Control("duration", "Event duration", [(f"{d:g} s", float(d)) for d in durations],
                value=10.0 if 10.0 in durations else float(durations[0]), kind="slider"),
        Control("time_to_peak", "HRF peak time", [(f"{p:g} s", float(p)) for p in peaks],
                value=5.0 if 5.0 in peaks else float(peaks[0]), kind="slider"),
    ]
    return Explorer(figure, update, controls, describe_hrf, dynamic_artists=panel.artists(),
                    title="HRF explorer",
                    note="Model curves: the canonical double-gamma response (as in SPM and nilearn).")


@lru_cache(maxsize=64)
def _switching_state(deactivation: float, anticorrelation_at_rest: float):
    """Everything the task-switch explorer shows for one state (cached: ~5 ms to compute)."""
    from .methods.glm import fit_glm

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


def _verb(beta: float, t: float) -> str:
    if t < DEACTIVATION_T:
        return "falls"
    if t > -DEACTIVATION_T:
        return "rises"
    return "barely changes"


def describe_switching(deactivation: float, anticorrelation: float) -> str:
    """Alt text of the task-switch explorer for one state."""
    state = _switching_state(float(deactivation), float(anticorrelation))
    (b_dmn, b_tp), (t_dmn, t_tp) = state["beta"], state["t"]
    return (f"Simulated healthy brain with DMN task response {deactivation:+.1f} and rest "
            f"anticorrelation set to {anticorrelation:+.1f}. Top: during the five grey task blocks "
            f"the mean DMN signal (blue) {_verb(b_dmn, t_dmn)} (task beta {b_dmn:+.2f}, t = "
            f"{t_dmn:.1f}) and the mean task-positive signal (vermillion) {_verb(b_tp, t_tp)} (beta "
            f"{b_tp:+.2f}, t = {t_tp:.1f}); their correlation over the task run is r = "
            f"{state['r_task']:.2f}. Bottom: at rest, with no task, the two signals correlate at "
            f"r = {state['r_rest']:.2f} (time courses and scatter plot).")


def task_switch_explorer(deactivations=DEACTIVATIONS, anticorrelations=ANTICORRELATIONS) -> Explorer:
    """Widget: deactivation depth and rest anticorrelation of a simulated healthy brain.

    Top: a task run (five 30-s blocks of an attention task, shaded) with the mean
    DMN and task-positive signals and the task part of their GLM fits. Bottom: a rest run of the
    same brain, as time courses and as a scatter plot. The text line gives both
    task βs and both correlations. SIMULATED data, fixed seeds.
    """
    from matplotlib.patches import Patch

    # Compute every state now (about 5 ms each) so that moving a control only redraws.
    for deactivation in deactivations:
        for value in anticorrelations:
            _switching_state(float(deactivation), float(value))
    figure = plotting.new_figure(8.0, 5.6)
    task_ax = figure.add_axes([0.08, 0.53, 0.90, 0.32])
    rest_ax = figure.add_axes([0.08, 0.09, 0.56, 0.30])
    scatter_ax = figure.add_axes([0.75, 0.09, 0.22, 0.30])
    first = _switching_state(float(deactivations[0]), float(anticorrelations[0]))
    _shade_blocks(task_ax, first["events"])
    lines, fits, rest_lines = [], [], []
    for colour in (DMN_COLOUR, TASK_POSITIVE_COLOUR):
        lines.append(task_ax.plot(first["times"], first["signals"][:, 0], color=colour, linewidth=1.2)[0])
        fits.append(task_ax.plot(first["times"], first["model"][:, 0], color=colour, linewidth=1.6,
                                 linestyle="--")[0])
        rest_lines.append(rest_ax.plot(first["rest_times"], first["rest"][:, 0], color=colour,
                                       linewidth=1.0)[0])
    for ax, times in ((task_ax, first["times"]), (rest_ax, first["rest_times"])):
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(-3, 3)
        ax.axhline(0, color="0.5", linewidth=0.5)
        ax.set_ylabel("signal (z)", fontsize=8)
        ax.tick_params(labelsize=8)
        plotting.tidy_axes(ax)
    task_ax.set_title("Task run: five 30-s blocks of an attention task (grey)", fontsize=9, loc="left")
    rest_ax.set_title("Rest run of the same brain (no task)", fontsize=9, loc="left")
    rest_ax.set_xlabel("time (s)", fontsize=8)
    task_ax.legend(handles=[
        Patch(facecolor=BLOCK_COLOUR, label="task block"),
        task_ax.plot([], [], color=DMN_COLOUR, label="mean DMN")[0],
        task_ax.plot([], [], color=TASK_POSITIVE_COLOUR, label="mean task-positive")[0],
        task_ax.plot([], [], color="0.3", linestyle="--", label="GLM: β × task regressor")[0],
    ], loc="upper center", ncol=4, frameon=False, fontsize=8, bbox_to_anchor=(0.5, -0.09))
    dots = scatter_ax.scatter(first["rest"][:, 0], first["rest"][:, 1], s=6, color="0.35",
                              alpha=0.7, edgecolors="none")
    (trend,) = scatter_ax.plot([-2.5, 2.5], [0, 0], color=TASK_POSITIVE_COLOUR, linewidth=1.6)
    scatter_ax.set_xlim(-2.5, 2.5)
    scatter_ax.set_ylim(-2.5, 2.5)
    scatter_ax.set_xlabel("DMN", color=DMN_COLOUR, fontsize=8)
    scatter_ax.set_ylabel("task-positive", color=plotting.readable(TASK_POSITIVE_COLOUR), fontsize=8)
    scatter_ax.set_title("rest, one dot per volume", fontsize=8)
    scatter_ax.tick_params(labelsize=7)
    plotting.tidy_axes(scatter_ax)
    headline = figure.text(0.5, 0.985, "", ha="center", va="top", fontsize=10)

    def update(deactivation, anticorrelation):
        state = _switching_state(float(deactivation), float(anticorrelation))
        for column in range(2):
            lines[column].set_ydata(state["signals"][:, column])
            fits[column].set_ydata(state["model"][:, column])
            rest_lines[column].set_ydata(state["rest"][:, column])
        dots.set_offsets(state["rest"])
        trend.set_ydata(state["trend"])
        (b_dmn, b_tp), (t_dmn, t_tp) = state["beta"], state["t"]
        headline.set_text(
            f"Task β: DMN {b_dmn:+.2f} (t = {t_dmn:.1f}), task-positive {b_tp:+.2f} (t = {t_tp:.1f})\n"
            f"r(DMN, task-positive): task run {state['r_task']:+.2f}, rest {state['r_rest']:+.2f}"
            "   — simulated data")

    controls = [
        Control("deactivation", "DMN response to the task",
                [(f"{d:+.1f}" + (" (healthy default)" if np.isclose(d, HEALTHY_DEACTIVATION)
                                 else " (none)" if d == 0 else ""), float(d)) for d in deactivations],
                value=HEALTHY_DEACTIVATION if HEALTHY_DEACTIVATION in deactivations
                else float(deactivations[0]), kind="slider"),
        Control("anticorrelation", "DMN–task-positive coupling at rest",
                [(f"r = {a:+.1f}" + (" (none)" if a == 0 else ""), float(a)) for a in anticorrelations],
                value=-0.2 if -0.2 in anticorrelations else float(anticorrelations[0]), kind="slider"),
    ]
    dynamic = [*lines, *fits, *rest_lines, dots, trend, headline]
    return Explorer(figure, update, controls, describe_switching, dynamic_artists=dynamic,
                    title="Task-switch explorer", note=SIMULATED_NOTE)


#: Widgets measured by ``make bench`` (zero-argument factories).
# --- real data: the global-signal-regression debate ----------------------------------------
GSR_OPTIONS = (("off", False), ("on (global signal regressed out)", True))


def with_and_without_gsr(timeseries: pd.DataFrame, global_signal=None) -> dict[bool, pd.DataFrame]:
    """A run before (``False``) and after (``True``) global-signal regression.

    ``global_signal`` defaults to ``timeseries.attrs["global_signal"]`` (the mean of all
    brain regions, which the real HCP tables carry) or, failing that, the mean of the table's
    own columns.
    """
    from .methods.connectivity import regress_out_global_signal

    if global_signal is None:
        global_signal = timeseries.attrs.get("global_signal")
    if global_signal is None:
        global_signal = timeseries.mean(axis=1)
    return {False: timeseries, True: regress_out_global_signal(timeseries, global_signal)}


def gsr_explorer() -> Explorer:
    """Widget: the DMN's correlation with task-positive regions, with and without GSR.

    Brain (7 real HCP subjects, 1 simulated participant) × global-signal regression (off/on)
    → the correlation matrix of the 17 nodes and r(mean DMN, mean task-positive signal).
    Real data: Human Connectome Project (see :data:`dmnlab.datasets.hcp.HCP_ACKNOWLEDGEMENT`).
    """
    from .datasets.hcp import brain_sources

    sources = brain_sources()
    versions = {name: with_and_without_gsr(frame) for name, frame in sources.items()}
    labels = list(next(iter(sources.values())).columns)
    figure = plotting.new_figure(7.2, 4.4)
    ax = figure.add_axes([0.13, 0.17, 0.52, 0.70])
    image = ax.imshow(np.eye(len(labels)), cmap="RdBu_r", vmin=-1, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    plotting.colour_node_labels([*ax.get_xticklabels(), *ax.get_yticklabels()])
    colorbar = figure.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    colorbar.set_label("r", fontsize=8)
    bar_ax = figure.add_axes([0.80, 0.17, 0.17, 0.70])
    bar = bar_ax.bar([0], [0.0], color=TASK_POSITIVE_COLOUR, width=0.6)[0]
    bar_ax.set_ylim(-0.8, 0.8)
    bar_ax.axhline(0, color="black", linewidth=0.6)
    bar_ax.set_xticks([0], ["DMN vs\ntask-positive"], fontsize=8)
    bar_ax.set_ylabel("r of the network signals", fontsize=8)
    plotting.tidy_axes(bar_ax)
    value_text = bar_ax.text(0, 0.0, "", ha="center", va="bottom", fontsize=9)
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def update(data, gsr):
        frame = versions[data][gsr]
        image.set_data(frame.corr().to_numpy())
        r = anticorrelation(frame)
        bar.set_height(r)
        value_text.set_position((0, r + (0.03 if r >= 0 else -0.12)))
        value_text.set_text(f"{r:+.2f}")
        title.set_text(f"{data}: global-signal regression {'on' if gsr else 'off'}")

    def describe(data, gsr):
        frame = versions[data][gsr]
        r = anticorrelation(frame)
        kind = "simulated data" if data.startswith("simulated") else f"real data ({data})"
        return (f"Correlation matrix of the 17 nodes, {kind}, global-signal regression "
                f"{'on' if gsr else 'off'}; the correlation of the mean DMN signal with the mean "
                f"task-positive signal is r = {r:.2f} "
                f"({'negative: anticorrelated' if r < 0 else 'positive: not anticorrelated'}).")

    from .datasets.hcp import REAL_LABEL

    controls = [Control("data", "Brain", list(sources), value=next(iter(sources))),
                Control("gsr", "Global-signal regression", list(GSR_OPTIONS), value=False)]
    return Explorer(figure, update, controls, describe,
                    dynamic_artists=[image, bar, value_text, title],
                    title="Anticorrelation with and without global-signal regression",
                    note=f"{REAL_LABEL}. The last option is simulated.")


def check_gsr_anticorrelation(answer, real: pd.DataFrame, tolerance: float = 0.01) -> Feedback:
    """Exercise 2.6: r(mean DMN, mean task-positive) in a real run after global-signal regression."""
    versions = with_and_without_gsr(real)
    expected, before = anticorrelation(versions[True]), anticorrelation(versions[False])
    own_mean = anticorrelation(with_and_without_gsr(real, real.mean(axis=1))[True])
    mistakes = {
        before: "That is the value *before* global-signal regression.",
        own_mean: "You used the mean of the 17 course nodes as the global signal. The global "
                  "signal is the mean of the whole brain: real.attrs['global_signal'] (all 94 "
                  "regions).",
    }
    return checks.check_close(
        answer, expected, "r(DMN, task-positive) after global-signal regression", tolerance, mistakes,
        right_message=(f"r = {expected:.2f} after global-signal regression, against {before:+.2f} before. "
                       "Regressing out the global signal shifts every correlation down, and the "
                       "anticorrelation appears (or grows): part of it is made by the preprocessing."),
        fallback_hint=("Regress every node on the global signal (dmnlab.methods.connectivity."
                       "regress_out_global_signal), then use the same network averages as exercise 2.4."))


BENCH_WIDGETS = {"hrf_explorer": hrf_explorer, "task_switch_explorer": task_switch_explorer,
                 "gsr_explorer": gsr_explorer}


# =====================================================================================
# Group summaries (healthy controls of the cohort)
# =====================================================================================
def control_task_runs(participants=None) -> dict:
    """``{participant_id: (task run, events)}`` for the healthy controls (SIMULATED)."""
    participants = healthy_controls() if participants is None else list(participants)
    return {pid: load_task_run(pid) for pid in participants}


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


def effect_size_dz(values) -> float:
    """Standardised mean of within-person effects: mean / SD (ddof = 1), "Cohen's d_z".

    How many between-person standard deviations the average effect lies from zero.
    """
    values = np.asarray(values, dtype=float)
    return float(values.mean() / values.std(ddof=1))


# =====================================================================================
# Exercise checkers (never raise: every wrong input gets a message)
# =====================================================================================
def _as_table(answer, what: str):
    """A 2-D float array (and column names) from a DataFrame or array, or a Feedback."""
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, pd.Series):
        return checks.wrong(f"{what} is a single column (a Series).",
                            "The design matrix is a table: one column per regressor.")
    columns = list(answer.columns) if isinstance(answer, pd.DataFrame) else None
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return checks.wrong(f"{what} should be a table of numbers, but got a {type(answer).__name__}.",
                            "Use nilearn's make_first_level_design_matrix; it returns a DataFrame.")
    if values.ndim != 2:
        return checks.wrong(f"{what} has {values.ndim} dimension(s); a design matrix has 2.",
                            "One row per volume (scan), one column per regressor.")
    if not np.all(np.isfinite(values)):
        return checks.wrong(f"{what} contains NaN or infinite values.",
                            "Check the frame times and the events table.")
    return values, columns


def _corr(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def check_design_matrix(answer, events: pd.DataFrame, n_volumes: int, tr: float) -> Feedback:
    """Exercise 2.1: the design matrix of the task run (task regressor, drifts, constant)."""
    converted = _as_table(answer, "Your design matrix")
    if isinstance(converted, Feedback):
        return converted
    values, columns = converted
    condition = _condition(events)
    if values.shape[0] != n_volumes:
        if values.shape[1] == n_volumes:
            return checks.wrong(f"Your design matrix has shape {values.shape}: it is transposed.",
                                "Rows are volumes (time), columns are regressors.")
        if values.shape[0] == len(events):
            return checks.wrong(f"Your table has one row per event ({len(events)}); a design matrix "
                                f"has one row per volume ({n_volumes}).",
                                "Pass frame_times = np.arange(n_volumes) * tr and the events table "
                                "to make_first_level_design_matrix.")
        return checks.wrong(f"Your design matrix has {values.shape[0]} rows; the run has {n_volumes} "
                            "volumes.", "frame_times needs one entry per volume: "
                                        "np.arange(n_volumes) * tr.")
    expected = task_design(events, n_volumes, tr)[condition].to_numpy()
    glover = task_design(events, n_volumes, tr, hrf_model="glover")[condition].to_numpy()
    if columns is not None and condition in columns:
        candidates = [columns.index(condition)]
    else:
        candidates = range(values.shape[1])
    match = max((_corr(values[:, i], expected) for i in candidates), default=0.0)
    match_glover = max((_corr(values[:, i], glover) for i in candidates), default=0.0)
    if max(match, match_glover) > 0.999:
        constant = any(values[:, i].std() == 0 and values[:, i].mean() != 0
                       for i in range(values.shape[1]))
        if not constant:
            return checks.wrong("the task regressor is right, but there is no constant column.",
                                "The constant models the signal's mean; nilearn adds it for you.")
        n_drifts = sum(1 for c in (columns or []) if str(c).startswith("drift"))
        model = "'spm'" if match >= match_glover else "'glover' (nilearn's default; the course uses 'spm')"
        drift_note = f", {n_drifts} slow cosine drifts" if n_drifts else ""
        return checks.right(f"{values.shape[1]} columns: the '{condition}' regressor (the blocks "
                            f"convolved with the {model} HRF){drift_note} and a constant. The "
                            "regressor rises a few seconds after each block starts and lingers "
                            "after it ends, just as the BOLD signal would.")
    from .methods.hrf import events_to_boxcar

    boxcar = events_to_boxcar(events, n_volumes, tr)
    if max(abs(_corr(values[:, i], boxcar)) for i in range(values.shape[1])) > 0.99:
        return checks.wrong("one column is the raw block boxcar: it was not convolved with the HRF.",
                            "Let nilearn do it: make_first_level_design_matrix(frame_times, events, "
                            "hrf_model='spm').")
    in_volumes = _design_cached(tuple((float(o), float(d), str(t)) for o, d, t in zip(
        events["onset"], events["duration"], events["trial_type"])), int(n_volumes), 1.0, "spm")
    if max(abs(_corr(values[:, i], in_volumes[condition])) for i in range(values.shape[1])) > 0.999:
        return checks.wrong("your frame times count volumes (0, 1, 2, …), but the events are in "
                            "seconds.", f"Multiply by the TR: frame_times = np.arange(n_volumes) * {tr:g}.")
    return checks.wrong(f"no column matches the expected '{condition}' regressor.",
                        "Use the events table as it is (onset, duration, trial_type in seconds) and "
                        "frame_times = np.arange(n_volumes) * tr.")


def _boxcar_beta(timeseries, events, tr, region) -> float:
    """The β a learner gets by forgetting the HRF (raw boxcar + drifts + constant)."""
    from .methods.hrf import events_to_boxcar

    design = task_design(events, len(timeseries), tr).copy()
    design[_condition(events)] = events_to_boxcar(events, len(timeseries), tr)
    beta = np.linalg.lstsq(design.to_numpy(), timeseries[region].to_numpy(dtype=float), rcond=None)[0]
    return float(beta[list(design.columns).index(_condition(events))])


def check_task_beta(answer, timeseries: pd.DataFrame, events: pd.DataFrame, region: str = "PCC",
                    tr: float | None = None, tolerance: float = 0.01) -> Feedback:
    """Exercise 2.2: the task β of one region (GLM with the design matrix of exercise 2.1)."""
    if region not in timeseries.columns:
        return checks.wrong(f"the checker was asked about {region!r}, which is not a region of this "
                            "run.", f"Regions: {list(timeseries.columns)}.")
    what = f"The {region} task β"
    value = checks.as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    tr = _tr_of(timeseries, tr)
    table = region_task_effects(timeseries, events, tr)
    expected = float(table.loc[region, "beta"])
    glover_design = task_design(events, len(timeseries), tr, hrf_model="glover")
    glover = float(np.linalg.lstsq(glover_design.to_numpy(), timeseries[region].to_numpy(dtype=float),
                                   rcond=None)[0][list(glover_design.columns).index(_condition(events))])
    if abs(value - expected) <= tolerance or abs(value - glover) <= tolerance:
        direction = ("lower during the task blocks than at rest: task-induced deactivation"
                     if expected < 0 else "higher during the task blocks than at rest: activation")
        return checks.right(f"{what} = {value:+.2f} (t = {table.loc[region, 't']:.1f}). Its signal is "
                            f"{direction}.")
    mistakes = {
        -expected: "Right size, wrong sign: a region whose signal drops during the blocks has a "
                   "negative β. Did you subtract the fit from the data, or flip the regressor?",
        float(table.loc[region, "t"]): "That is the t value (β divided by its standard error), "
                                       "not β itself.",
        _boxcar_beta(timeseries, events, tr, region): "You regressed on the raw block boxcar. "
                                                      "Use the HRF-convolved task column of the "
                                                      "design matrix.",
    }
    for other in table.index:
        if other != region:
            mistakes.setdefault(float(table.loc[other, "beta"]), f"That is the β of {other}, not of "
                                                                 f"the {region}.")
    nearest = min(mistakes, key=lambda wrong_value: abs(value - wrong_value))
    if abs(value - nearest) <= tolerance:
        return checks.wrong(f"{what} = {value:+.3g} is not right.", mistakes[nearest])
    return checks.wrong(f"{what} = {value:+.3g} is {'too high' if value > expected else 'too low'}.",
                        f"Fit the {region} column on the whole design matrix (np.linalg.lstsq or "
                        "dmnlab.methods.glm.fit_glm) and read the coefficient of the task column.")


def check_deactivated_regions(answer, timeseries: pd.DataFrame, events: pd.DataFrame,
                              tr: float | None = None, threshold: float = DEACTIVATION_T) -> Feedback:
    """Exercise 2.3: which regions deactivate during the task (t below ``threshold``)?"""
    labels = checks.as_label_set(answer, "Your list", set(timeseries.columns))
    if isinstance(labels, Feedback):
        return labels
    table = region_task_effects(timeseries, events, tr)
    expected = set(table.index[table["t"] < threshold])
    if labels == expected:
        networks = sorted({NODE_NETWORK.get(label, "?") for label in expected})
        dmn_share = sum(NODE_NETWORK.get(label) == "DMN" for label in expected)
        return checks.right(f"{len(expected)} regions have t < {threshold:g}: {sorted(expected)} "
                            f"({dmn_share} of them DMN nodes; networks: {', '.join(networks)}).")
    extra, missing = sorted(labels - expected), sorted(expected - labels)
    positive = [label for label in extra if table.loc[label, "t"] > 0]
    if positive:
        return checks.wrong(f"{positive} have a positive t: they are *more* active during the task.",
                            "Deactivation means a negative β (and here t < "
                            f"{threshold:g}); the regions that rise are task-positive.")
    weak = [label for label in extra if threshold <= table.loc[label, "t"] <= 0]
    if weak:
        shown = ", ".join(f"{label} (t = {table.loc[label, 't']:.1f})" for label in weak)
        return checks.wrong(f"{shown}: negative, but not below the threshold t < {threshold:g}.",
                            "A small negative β can be noise; use the threshold.")
    return checks.wrong(f"missing {missing}.", "Sort the regions by t and take every one below "
                                               f"{threshold:g}.")


def check_anticorrelation(answer, rest: pd.DataFrame, task_run: pd.DataFrame | None = None,
                          tolerance: float = 0.01) -> Feedback:
    """Exercise 2.4: r between the mean DMN and the mean task-positive signal at rest."""
    what = "r(DMN, task-positive) at rest"
    value = checks.as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    expected = anticorrelation(rest)
    if abs(value - expected) <= tolerance:
        return checks.right(f"{what} = {value:.2f}: when the DMN's average signal is above its mean, "
                            "the task-positive signal tends to be below its own — without any task.")
    mistakes = {
        pairwise_anticorrelation(rest): "That is the average of the node-pair correlations. This "
                                        "exercise asks for the correlation of the two *average "
                                        "signals*: average the z-scored nodes of each network "
                                        "first, then correlate. (Both are used; they differ.)",
        -expected: "Right size, wrong sign: the DMN and task-positive signals move in opposite "
                   "directions.",
    }
    dmn = [label for label in DMN_NODES if label in rest.columns]
    task_positive = [label for label in TASK_POSITIVE_NODES if label in rest.columns]
    raw = _corr(rest[dmn].mean(axis=1), rest[task_positive].mean(axis=1))
    if abs(raw - expected) > tolerance:
        mistakes[raw] = "Close: z-score each region before averaging, so that regions with a " \
                        "larger signal do not dominate the network average."
    if {"PCC", "DLPFC_R"} <= set(rest.columns):
        mistakes.setdefault(_corr(rest["PCC"], rest["DLPFC_R"]),
                            "That is the correlation of one pair of regions (PCC and right dlPFC); "
                            "use the average of all nodes of each network.")
    if task_run is not None:
        mistakes.setdefault(anticorrelation(task_run),
                            "That is measured on the task run, where the task blocks push the two "
                            "signals apart. Use the rest run.")
    for wrong_value, hint in mistakes.items():
        if abs(value - wrong_value) <= tolerance:
            return checks.wrong(f"{what} = {value:.3g} is not right.", hint)
    return checks.wrong(f"{what} = {value:.3g} is {'too high' if value > expected else 'too low'}.",
                        "Use network_signals-style averages: z-score each node, average the DMN "
                        "nodes and the salience + central-executive nodes, then np.corrcoef.")


def check_group_deactivation(answer, task_runs: dict | None = None, region: str = "PCC",
                             tolerance: float = 0.01) -> Feedback:
    """Exercise 2.5: effect size d_z of the region's task β across the healthy controls.

    ``task_runs`` is ``{participant_id: (timeseries, events)}``; default: every healthy
    control of the cohort.
    """
    what = f"d_z of the {region} task β"
    value = checks.as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    task_runs = control_task_runs() if task_runs is None else task_runs
    betas = group_task_effects(task_runs, region)["beta"].to_numpy()
    expected = effect_size_dz(betas)
    if abs(value - expected) <= tolerance:
        share = float(np.mean(betas < 0))
        return checks.right(f"{what} = {value:.2f} over {len(betas)} controls (mean β "
                            f"{betas.mean():+.2f}, SD {betas.std(ddof=1):.2f}; {share:.0%} negative): "
                            "the average deactivation lies about "
                            f"{abs(expected):.1f} between-person SDs below zero.")
    mistakes = {
        float(betas.mean() / betas.std(ddof=0)): "Use the sample SD (ddof=1): np.std(x, ddof=1) or "
                                                 "pandas' .std().",
        float(betas.mean()): "That is the mean β; divide it by the SD of the βs.",
        -expected: "Right size, wrong sign: the mean β is negative, so d_z is negative.",
    }
    for wrong_value, hint in mistakes.items():
        if abs(value - wrong_value) <= tolerance:
            return checks.wrong(f"{what} = {value:.3g} is not right.", hint)
    return checks.wrong(f"{what} = {value:.3g} is {'too high' if value > expected else 'too low'}.",
                        "Collect one β per control, then mean / SD (ddof=1).")

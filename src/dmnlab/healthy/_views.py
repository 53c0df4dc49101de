"""Chapter 2's pictures: figures (``plot_*``), widgets (``*_explorer``) and their alt texts.

Every figure and widget picture says what it shows in words (``describe_*`` and the
private ``_describe_*``), with the numbers it shows.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..cohort.signals import HEALTHY_DMN_TASK_RESPONSE
from ..course import palette
from ..course.widgets import Control, Explorer
from ..study.protocol import SIMULATED_NOTE
from ._measures import (
    DEACTIVATION_T,
    DESIGN_EXAMPLE,
    GRADIENT_END_PARCELS,
    TASK_POSITIVE,
    _blocks,
    _condition,
    _data_note,
    _describe_task_betas,
    _design_column,
    _gradient_summary,
    _switching_state,
    _task_component,
    _tr_of,
    _verb,
    _volume_boxcar,
    anticorrelation,
    bold_timing,
    network_signals,
    predicted_bold,
    region_task_effects,
    task_design,
    with_and_without_gsr,
)

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

#: Grey of the task blocks behind a time course and of the event box in the HRF picture.
BLOCK_COLOUR = "0.88"

#: Event durations (s) and response peak times (s) offered by the HRF explorer.
EVENT_DURATIONS = (1.0, 4.0, 10.0, 20.0)
TIMES_TO_PEAK = (4.0, 5.0, 6.0, 7.0)
#: DMN responses to the task offered by the task-switch explorer (0 = no deactivation).
DEACTIVATIONS = (0.0, -0.4, -0.8, -1.2)
#: Correlations at rest between DMN and task-positive nodes offered by the explorer
#: (the simulator's healthy defaults are −0.20 with salience and −0.25 with the central
#: executive network; the sign follows Fox et al. 2005).
ANTICORRELATIONS = (0.0, -0.1, -0.2, -0.3, -0.4)
#: The GSR explorer's switch: (label, global-signal regression on?).
GSR_OPTIONS = (("off", False), ("on (global signal regressed out)", True))


# ---- Shared pieces of the pictures -----------------------------------------------------------------------
def _shade_blocks(ax, events):
    for onset, duration in zip(events["onset"], events["duration"]):
        ax.axvspan(onset, onset + duration, color=BLOCK_COLOUR, zorder=0, linewidth=0)


# ---- The haemodynamic response ---------------------------------------------------------------------------
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
        (self.bold,) = ax.plot([], [], color=palette.NETWORK["DMN"], linewidth=2.2, zorder=3,
                               label="predicted BOLD signal")
        (self.samples,) = ax.plot([], [], linestyle="", marker="o", markersize=4.5,
                                  markerfacecolor="white", markeredgecolor="black", zorder=4,
                                  label=f"scanner samples (every {self.SAMPLE_TR:g} s)")
        self.peak_line = ax.axvline(0, color=palette.TASK_POSITIVE, linestyle="--", linewidth=1.2,
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
        HRF peak time (s), see :func:`dmnlab.methods.hrf.canonical_hrf`.
    """
    own_figure = ax is None
    if own_figure:
        figure = plotting.new_figure(7.5, 3.4)
        ax = figure.add_axes(_HRF_AXES)
    _HrfPanel(ax).update(duration, time_to_peak)
    # The explorer's alt text: the same picture, the same numbers (model curves, not data).
    plotting.set_alt_text(ax.figure, describe_hrf(duration, time_to_peak), own_figure)
    return ax.figure


def hrf_explorer(durations=EVENT_DURATIONS, peaks=TIMES_TO_PEAK) -> Explorer:
    """Widget: why BOLD lags neural activity — change the event's length and the HRF's peak time.

    The explorer's ``panel`` holds the picture's artists (``event``, ``bold``, ``peak_line``, …).
    """
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
    explorer = Explorer(figure, update, controls, describe_hrf, dynamic_artists=panel.artists(),
                        title="HRF explorer",
                        note="Model curves: the canonical double-gamma response (as in SPM and nilearn).")
    explorer.panel = panel
    return explorer


def plot_convolution(onsets=DESIGN_EXAMPLE["onsets"], durations=DESIGN_EXAMPLE["durations"],
                     n_volumes: int = DESIGN_EXAMPLE["n_volumes"], tr: float = DESIGN_EXAMPLE["tr"], ax=None):
    """Convolution on the volume grid: one HRF per active volume, and their sum (the task column).

    Defaults: exercise 2.1 (a)'s worked example. Grey bars mark the volumes during the events; each
    dashed curve is the HRF (sampled every ``tr``) starting at one of them; the blue line is their
    sum, cut to the run's ``n_volumes`` volumes.
    """
    from ..methods.hrf import canonical_hrf

    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 7.5, 3.0, (0.09, 0.17, 0.62, 0.76))
    times = np.arange(int(n_volumes)) * float(tr)
    boxcar = _volume_boxcar(onsets, durations, n_volumes, tr)
    column = _design_column(onsets, durations, n_volumes, tr)
    hrf = canonical_hrf(float(tr))
    ax.bar(times, boxcar, width=0.8 * float(tr), color=BLOCK_COLOUR, edgecolor="0.35", linewidth=0.8,
           label="boxcar (1 = event on)")
    for number, start in enumerate(np.flatnonzero(boxcar)):
        copy = np.zeros(int(n_volumes))
        stop = min(len(hrf), int(n_volumes) - start)
        copy[start:start + stop] = boxcar[start] * hrf[:stop]
        ax.plot(times, copy, color=palette.TASK_POSITIVE, linestyle="--", linewidth=1.0,
                label="one HRF per active volume" if number == 0 else None)
    ax.plot(times, column, color=palette.NETWORK["DMN"], linewidth=2.0, marker="o", markersize=4,
            label="their sum: the task column")
    ax.axhline(0, color="0.5", linewidth=0.5)
    ax.set_xlim(-0.6 * float(tr), times[-1] + 0.6 * float(tr))
    if len(times) <= 16:
        ax.set_xticks(times, [f"{t:g}" for t in times])
    ax.set_xlabel(f"time (s); one volume every {float(tr):g} s")
    ax.set_ylabel("value", fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    plotting.tidy_axes(ax)
    peak = int(np.argmax(column))
    on = ", ".join(f"{t:g}" for t in times[boxcar > 0])
    plotting.set_alt_text(figure, (
        f"Convolution on a grid of {int(n_volumes)} volumes, one every {float(tr):g} s. Grey bars mark the "
        f"volumes during the event(s) (at {on} s). Each dashed vermillion curve is the HRF starting at one "
        f"of those volumes; the blue line with dots is their sum, the task column: {column[0]:.2f} at 0 s, "
        f"peaking at {column[peak]:.2f} at {times[peak]:g} s and ending at {column[-1]:.2f} at "
        f"{times[-1]:g} s."), own_figure)
    return figure


# ---- The design matrix and the task GLM ------------------------------------------------------------------
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
        from ..methods.hrf import events_to_boxcar

        dt = 0.1
        fine = np.arange(0.0, times[-1] + (times[1] - times[0]), dt)
        ax.plot(fine, events_to_boxcar(events, len(fine), dt), color="0.35", linewidth=1.0,
                drawstyle="steps-post", label="task blocks (boxcar)")
    for name in regressors:
        ax.plot(times, design[name], color=palette.NETWORK["DMN"], linewidth=2.0,
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
    from ..methods.glm import fit_glm

    tr = _tr_of(timeseries, tr)
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 8.0, 3.2, (0.08, 0.16, 0.90, 0.70))
    signals = network_signals(timeseries)
    design = task_design(events, len(signals), tr)
    fitted = fit_glm(signals, design)
    condition = _condition(events)
    model = _task_component(design, fitted, condition)
    times = np.asarray(signals.index, dtype=float)
    _shade_blocks(ax, events)
    for index, (name, colour) in enumerate((("DMN", palette.NETWORK["DMN"]),
                                            (TASK_POSITIVE, palette.TASK_POSITIVE))):
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
        f"DMN signal {_verb(t_dmn)} (task beta {b_dmn:+.2f}, t = {t_dmn:.1f}) and the "
        f"task-positive signal {_verb(t_tp)} (task beta {b_tp:+.2f}, t = {t_tp:.1f})."),
        own_figure)
    return figure


def plot_task_betas(timeseries: pd.DataFrame, events: pd.DataFrame, tr: float | None = None,
                    ax=None, threshold: float = DEACTIVATION_T):
    """Task β of every region with ±1 standard error, coloured by network.

    Regions whose t is below ``threshold`` (deactivated) are outlined in black.
    """
    table = region_task_effects(timeseries, events, tr)
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 7.5, 3.2, (0.09, 0.22, 0.89, 0.74))
    labels = list(table.index)
    colours = [palette.NETWORK.get(network, "0.5") for network in table["network"]]
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


# ---- Anticorrelation at rest, and switching in a simulated brain -----------------------------------------
def plot_rest_anticorrelation(rest: pd.DataFrame, ax=None, title: str | None = None):
    """Scatter of the mean DMN against the mean task-positive signal at rest, with r."""
    signals = network_signals(rest)
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 4.2, 4.0, (0.17, 0.13, 0.78, 0.78))
    x, y = signals["DMN"].to_numpy(), signals[TASK_POSITIVE].to_numpy()
    r = float(np.corrcoef(x, y)[0, 1])
    ax.scatter(x, y, s=12, color="0.35", alpha=0.7, edgecolors="none")
    slope, intercept = np.polyfit(x, y, 1)
    line_x = np.array([-2.5, 2.5])
    ax.plot(line_x, intercept + slope * line_x, color=palette.TASK_POSITIVE, linewidth=1.8,
            label=f"r = {r:.2f}")
    ax.axhline(0, color="0.6", linewidth=0.5)
    ax.axvline(0, color="0.6", linewidth=0.5)
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(-2.5, 2.5)
    ax.set_xlabel("mean DMN signal (z)", color=palette.NETWORK["DMN"])
    ax.set_ylabel("mean task-positive signal (z)", color=plotting.readable(palette.TASK_POSITIVE))
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


def describe_switching(deactivation: float, anticorrelation: float) -> str:
    """Alt text of the task-switch explorer for one state."""
    state = _switching_state(float(deactivation), float(anticorrelation))
    (b_dmn, b_tp), (t_dmn, t_tp) = state["beta"], state["t"]
    return (f"Simulated healthy brain with DMN task response {deactivation:+.1f} and rest "
            f"anticorrelation set to {anticorrelation:+.1f}. Top: during the five grey task blocks "
            f"the mean DMN signal (blue) {_verb(t_dmn)} (task beta {b_dmn:+.2f}, t = "
            f"{t_dmn:.1f}) and the mean task-positive signal (vermillion) {_verb(t_tp)} (beta "
            f"{b_tp:+.2f}, t = {t_tp:.1f}); their correlation over the task run is r = "
            f"{state['r_task']:.2f}. Bottom: at rest, with no task, the two signals correlate at "
            f"r = {state['r_rest']:.2f} (time courses and scatter plot).")


def task_switch_explorer(deactivations=DEACTIVATIONS, anticorrelations=ANTICORRELATIONS) -> Explorer:
    """Widget: deactivation depth and rest anticorrelation of a simulated healthy brain.

    Top: a task run (five 30-s blocks of an attention task, shaded) with the mean
    DMN and task-positive signals and the task part of their GLM fits. Bottom: a rest run of the
    same brain, as time courses and as a scatter plot. The text line gives both
    task βs and both correlations. SIMULATED data, fixed seeds.

    The explorer names its changing artists: ``task_lines`` (DMN, task-positive), ``task_fits``,
    ``rest_lines``, ``rest_dots``, ``rest_trend`` and ``headline``.
    """
    from matplotlib.patches import Patch

    # Compute every state now so that moving a control only redraws.
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
    for colour in (palette.NETWORK["DMN"], palette.TASK_POSITIVE):
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
        plotting.tidy_axes(ax, 8)
    task_ax.set_title("Task run: five 30-s blocks of an attention task (grey)", fontsize=9, loc="left")
    rest_ax.set_title("Rest run of the same brain (no task)", fontsize=9, loc="left")
    rest_ax.set_xlabel("time (s)", fontsize=8)
    task_ax.legend(handles=[
        Patch(facecolor=BLOCK_COLOUR, label="task block"),
        task_ax.plot([], [], color=palette.NETWORK["DMN"], label="mean DMN")[0],
        task_ax.plot([], [], color=palette.TASK_POSITIVE, label="mean task-positive")[0],
        task_ax.plot([], [], color="0.3", linestyle="--", label="GLM: β × task regressor")[0],
    ], loc="upper center", ncol=4, frameon=False, fontsize=8, bbox_to_anchor=(0.5, -0.09))
    dots = scatter_ax.scatter(first["rest"][:, 0], first["rest"][:, 1], s=6, color="0.35",
                              alpha=0.7, edgecolors="none")
    (trend,) = scatter_ax.plot([-2.5, 2.5], [0, 0], color=palette.TASK_POSITIVE, linewidth=1.6)
    scatter_ax.set_xlim(-2.5, 2.5)
    scatter_ax.set_ylim(-2.5, 2.5)
    scatter_ax.set_xlabel("DMN", color=palette.NETWORK["DMN"], fontsize=8)
    scatter_ax.set_ylabel("task-positive", color=plotting.readable(palette.TASK_POSITIVE), fontsize=8)
    scatter_ax.set_title("rest, one dot per volume", fontsize=8)
    plotting.tidy_axes(scatter_ax, 7)
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
                [(f"{d:+.1f}" + (" (healthy default)" if np.isclose(d, HEALTHY_DMN_TASK_RESPONSE)
                                 else " (none)" if d == 0 else ""), float(d)) for d in deactivations],
                value=HEALTHY_DMN_TASK_RESPONSE if HEALTHY_DMN_TASK_RESPONSE in deactivations
                else float(deactivations[0]), kind="slider"),
        Control("anticorrelation", "DMN–task-positive coupling at rest",
                [(f"r = {a:+.1f}" + (" (none)" if a == 0 else ""), float(a)) for a in anticorrelations],
                value=-0.2 if -0.2 in anticorrelations else float(anticorrelations[0]), kind="slider"),
    ]
    dynamic = [*lines, *fits, *rest_lines, dots, trend, headline]
    explorer = Explorer(figure, update, controls, describe_switching, dynamic_artists=dynamic,
                        title="Task-switch explorer", note=SIMULATED_NOTE)
    explorer.task_lines, explorer.task_fits, explorer.rest_lines = lines, fits, rest_lines
    explorer.rest_dots, explorer.rest_trend, explorer.headline = dots, trend, headline
    return explorer


# ---- Real data: the global-signal-regression debate ------------------------------------------------------
def gsr_explorer() -> Explorer:
    """Widget: the DMN's correlation with task-positive regions, with and without GSR.

    Brain (7 real HCP subjects, 1 simulated participant) × global-signal regression (off/on)
    → the correlation matrix of the 17 nodes and r(mean DMN, mean task-positive signal).
    Real data: Human Connectome Project (see :data:`dmnlab.datasets.hcp.HCP_ACKNOWLEDGEMENT`).
    The explorer names its changing artists: ``matrix`` (the image) and ``bar``.
    """
    from ..datasets.hcp import REAL_LABEL, brain_sources

    sources = brain_sources()
    versions = {name: with_and_without_gsr(frame) for name, frame in sources.items()}
    labels = list(next(iter(sources.values())).columns)
    figure = plotting.new_figure(7.2, 4.4)
    ax = figure.add_axes([0.13, 0.17, 0.52, 0.70])
    image = ax.imshow(np.eye(len(labels)), cmap=palette.DIVERGING_CMAP, vmin=-1, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    plotting.colour_node_labels([*ax.get_xticklabels(), *ax.get_yticklabels()])
    colorbar = figure.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    colorbar.set_label("r", fontsize=8)
    bar_ax = figure.add_axes([0.80, 0.17, 0.17, 0.70])
    bar = bar_ax.bar([0], [0.0], color=palette.INACTIVE, width=0.6)[0]   # coloured by sign in update
    # The whole range of r and room for the value under a bar near -1: the real brains reach
    # r = -0.89 with GSR, which ran off the old axis of ±0.8.
    bar_ax.set_ylim(-1.15, 1.05)
    bar_ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    bar_ax.axhline(0, color="black", linewidth=0.6)
    bar_ax.set_xticks([0], ["DMN vs\ntask-positive"], fontsize=8)
    bar_ax.set_title("r of the network\nsignals", fontsize=8)   # a y-label would collide with the colour bar
    plotting.tidy_axes(bar_ax)
    value_text = bar_ax.text(0, 0.0, "", ha="center", va="bottom", fontsize=9)
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def update(data, gsr):
        frame = versions[data][gsr]
        image.set_data(frame.corr().to_numpy())
        r = anticorrelation(frame)
        bar.set_height(r)
        bar.set_color(palette.NEGATIVE if r < 0 else palette.POSITIVE)   # blue negative, as everywhere
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

    controls = [Control("data", "Brain", list(sources), value=next(iter(sources))),
                Control("gsr", "Global-signal regression", list(GSR_OPTIONS), value=False)]
    explorer = Explorer(figure, update, controls, describe,
                        dynamic_artists=[image, bar, value_text, title],
                        title="Anticorrelation with and without global-signal regression",
                        note=f"{REAL_LABEL}. The last option is simulated.")
    explorer.matrix, explorer.bar = image, bar
    return explorer



# ---- Real data: the principal gradient of the HCP group's connectivity -----------------------------------
def describe_gradient_surface() -> str:
    """Alt text of the gradient on the cortex, with the numbers it shows (REAL data)."""
    _, net, ends, _ = _gradient_summary()
    mean = {code: f"{net.loc[code, 'network_name']} mean {net.loc[code, 'mean']:+.1f}" for code in net.index}
    return (f"Four views of a real cortex (left hemisphere outside and inside, right hemisphere inside and outside), "
            f"coloured by the principal connectivity gradient of the Human Connectome Project group, from dark "
            f"purple (low) to yellow (high). The dark purple band runs along the central strip of movement and touch "
            f"(somatomotor network, mean {net.loc['SomMot', 'mean']:+.1f}); the visual cortex at the back is blue "
            f"({mean['Vis']}). Yellow fills most of the area inside the black outline of the default mode network: "
            f"the medial prefrontal cortex, the posterior cingulate and precuneus on the inside views, the angular "
            f"gyrus and the lateral temporal cortex on the outside views ({mean['Default']}); much of the lateral "
            f"prefrontal cortex outside the outline is yellow-green too ({mean['Cont']}). The grey patch on the "
            f"inside views is the medial wall (no data). Of the {GRADIENT_END_PARCELS} parcels highest on the "
            f"gradient, {ends['top'].get('Default', 0)} belong to the default mode network; of the "
            f"{GRADIENT_END_PARCELS} lowest, {ends['bottom'].get('SomMot', 0)} to the somatomotor network.")


def plot_gradient_surface():
    """REAL: the HCP group's principal connectivity gradient on the cortex, default mode network outlined."""
    from ..datasets import hcpgroup
    from ..shared.cortex import network_mask, plot_cortex

    low, high = _gradient_summary()[3]
    return plot_cortex(hcpgroup.principal_gradient(), describe_gradient_surface(),
                       title="Principal gradient of connectivity (REAL: HCP group); black outline: default mode network",
                       cmap="viridis", vmin=low, vmax=high, outline=network_mask("Default"),
                       colorbar_label="gradient (a.u.)")


def describe_gradient_by_network() -> str:
    """Alt text of the networks along the gradient, with every network's mean (REAL data)."""
    table, net, _, _ = _gradient_summary()
    order = ", ".join(f"{row.network_name} (mean {row.mean:+.1f})" for row in net.itertuples())
    low, high = net.iloc[0], net.iloc[-1]
    return (f"Seven rows of dots, one row per Schaefer network and one dot per parcel ({len(table)} in all), each "
            f"dot placed left to right by its value on the principal gradient and coloured like the cortex above; a "
            f"black bar marks each network's mean. From the bottom row (lowest mean) to the top row: {order}. The "
            f"{high.network_name} row reaches farthest right, up to {high['max']:+.1f}, though a few of its parcels "
            f"lie below zero (lowest {high['min']:+.1f}); the {low.network_name} row sits alone at the left end, "
            f"from {low['min']:+.1f} to {low['max']:+.1f}.")


def plot_gradient_by_network(ax=None):
    """REAL: where each of the 7 Schaefer networks sits along the principal gradient (one dot per parcel)."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 7.5, 3.4, rect=[0.27, 0.15, 0.60, 0.76])
    table, net, _, (low, high) = _gradient_summary()
    colour, jitter = colormaps["viridis"], np.random.default_rng(0)
    for row, (code, mean) in enumerate(net["mean"].items()):
        values = table.loc[table["network"] == code, "gradient"].to_numpy()
        ax.scatter(values, row + jitter.uniform(-0.22, 0.22, values.size), s=11, c=colour(Normalize(low, high)(values)),
                   edgecolors="0.3", linewidths=0.3, zorder=2)
        ax.plot([mean, mean], [row - 0.34, row + 0.34], color="black", linewidth=2.2, zorder=3)
        ax.text(high + 0.4, row, f"mean {mean:+.1f}", va="center", ha="left", fontsize=8)
    ax.set_yticks(range(len(net)), [f"{name} ({n})" for name, n in zip(net["network_name"], net["n_parcels"])])
    ax.get_yticklabels()[list(net.index).index("Default")].set_fontweight("bold")
    ax.axvline(0, color="0.75", linewidth=0.6, zorder=1)
    ax.set(ylim=(-0.6, len(net) - 0.4), xlim=(low - 0.3, high + 0.3),
           title="Where each network's parcels sit on the gradient (REAL: HCP group)",
           xlabel="principal gradient (a.u.): senses and movement  →  default mode")
    plotting.tidy_axes(ax, labelsize=8)
    plotting.set_alt_text(figure, describe_gradient_by_network(), own_figure)
    return figure

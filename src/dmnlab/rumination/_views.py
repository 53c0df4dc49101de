"""Chapter 4's figures and widgets: the sticky-thought timeline and the simulated correlation studies."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer
from ..study.protocol import SIMULATED_NOTE
from ._measures import (
    CIRCULAR_CANDIDATES,
    TRUE_R,
    TRUE_R_OPTIONS,
    control_mean_dwell,
    correlation_studies,
    example_thoughts,
)

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)
panels = lazy.load("dmnlab.course.panels", suppress_warning=True)

#: DMN dominance values offered by the sticky-thoughts widget (SD units; healthy mean 0).
DOMINANCES = (-1.0, 0.0, 1.0, 2.0, 3.0)
#: Participants per study offered by the correlation-study widget.
STUDY_SIZES = (25, 50, 100, 250, 1000)
#: Minutes of thought shown on the timeline.
TIMELINE_MINUTES = 10

_DWELL_BINS = np.arange(5, 215, 10)  # 10-s bins centred on 10, 20, … 200 s; longer ones in the last
#: Top of the dwell-time histogram: its tallest bar over the offered dominances holds 16 episodes.
_DWELL_Y_MAX = 20
_STUDY_BINS = np.linspace(-0.8, 1.0, 46)
#: Bars of studies that did not reach p < 0.05 (a plain grey).
_NOT_SIGNIFICANT_BAR = "0.6"
#: Headroom above the tallest bar of the study histogram, for the legend and the summary (a fraction).
_STUDY_HEADROOM = 0.25


# --- sticky thoughts --------------------------------------------------------------------
def _dwell_counts(states) -> np.ndarray:
    episodes = states.dwell_times()
    lengths = np.minimum(episodes.loc[episodes.state == "ruminative", "duration"].to_numpy(), 200)
    counts, _ = np.histogram(lengths, bins=_DWELL_BINS)
    return counts


def _timeline_image(states) -> np.ndarray:
    steps = int(TIMELINE_MINUTES * 60 / states.step_seconds)
    return states.states[:steps].astype(float)[None, :]


def _episode_count(states) -> int:
    """How many ruminative episodes the simulated hour holds."""
    episodes = states.dwell_times()
    return int((episodes.state == "ruminative").sum())


def _describe_thoughts(dominance: float, states) -> str:
    """Alt text of the sticky-thought figure for a person with this DMN dominance.

    It says why the hour's mean differs from the expected one: an hour holds only a couple of
    dozen episodes, so its mean scatters by chance around the model's expectation (the learner
    review saw "28 s … 32 s" at +0 SD without an explanation).
    """
    control = control_mean_dwell()
    mean = float(states.mean_dwell_seconds)
    return (f"Simulated stream of thought for a person with DMN dominance {dominance:+.0f} SD. Top: "
            f"{TIMELINE_MINUTES} minutes as a strip, ruminative stretches in vermillion, other thought in "
            f"light blue. Bottom: histogram of the lengths of the {_episode_count(states)} ruminative "
            f"episodes in one hour; mean {mean:.0f} s in this hour (dashed line) against {control:.0f} s "
            f"expected at the healthy mean (dotted line); ruminating "
            f"{float(states.fraction_ruminating):.0%} of the time. At +0 SD the gap between the two is "
            f"sampling noise: an hour holds few episodes.")


class _ThoughtPanels:
    """The timeline (``strip``) and dwell-time histogram (``bars``), built once and updated in place."""

    def __init__(self, figure):
        from matplotlib.colors import ListedColormap

        self.time_ax = figure.add_axes([0.08, 0.70, 0.88, 0.16])
        minutes = TIMELINE_MINUTES
        self.strip = self.time_ax.imshow(np.zeros((1, minutes * 6)), aspect="auto", vmin=0, vmax=1,
                                         cmap=ListedColormap([palette.OTHER_THOUGHT, palette.RUMINATIVE]),
                                         extent=(0, minutes, 0, 1))
        self.time_ax.set_yticks([])
        self.time_ax.set_xlabel("minutes", fontsize=8)
        self.time_ax.tick_params(labelsize=8)
        self.hist_ax = figure.add_axes([0.08, 0.13, 0.88, 0.40])
        centres = (_DWELL_BINS[:-1] + _DWELL_BINS[1:]) / 2
        self.bars = self.hist_ax.bar(centres, np.zeros(len(centres)), width=9, color=palette.RUMINATIVE)
        self.hist_ax.set_xlim(0, 210)
        self.hist_ax.set_ylim(0, _DWELL_Y_MAX)
        self.hist_ax.set_xlabel("length of a ruminative episode (s; the last bar: 200 s or more)", fontsize=8)
        self.hist_ax.set_ylabel("episodes in one hour", fontsize=8)
        plotting.tidy_axes(self.hist_ax, 8)
        self.mean_line = self.hist_ax.axvline(0, color="black", linestyle="--", linewidth=1.2)
        self.control_line = self.hist_ax.axvline(control_mean_dwell(), color="0.3", linestyle=":", linewidth=1.5)
        self.text = self.hist_ax.text(205, 0.97 * _DWELL_Y_MAX, "", ha="right", va="top", fontsize=8.5)
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, dominance: float, states) -> None:
        self.strip.set_data(_timeline_image(states))
        for bar, count in zip(self.bars, _dwell_counts(states)):
            bar.set_height(min(count, _DWELL_Y_MAX))
        mean = float(states.mean_dwell_seconds)
        self.mean_line.set_xdata([mean, mean])
        self.text.set_text(f"mean of this hour's {_episode_count(states)} episodes: {mean:.0f} s (dashed)\n"
                           f"expected at the healthy mean: {control_mean_dwell():.0f} s (dotted)\n"
                           f"ruminating {float(states.fraction_ruminating):.0%} of the hour")
        self.title.set_text(f"DMN dominance {dominance:+.0f} SD: {TIMELINE_MINUTES} minutes of thought "
                            "(vermillion = ruminative) — simulated")

    def artists(self):
        return [self.strip, *self.bars, self.mean_line, self.text, self.title]


def plot_thought_timeline(dominance: float = 0.0, ax=None):
    """A simulated person's stream of thought: a 10-minute strip and a dwell-time histogram."""
    if ax is not None:
        raise ValueError("plot_thought_timeline draws two panels; call it without ax.")
    figure = plotting.new_figure(7.2, 3.8)
    thought_panels = _ThoughtPanels(figure)
    states = example_thoughts(dominance)
    thought_panels.show(dominance, states)
    plotting.set_alt_text(figure, _describe_thoughts(dominance, states))
    return figure


def sticky_thoughts_explorer(dominances=DOMINANCES) -> Explorer:
    """Widget: DMN dominance → how sticky rumination is (timeline and episode lengths).

    The returned explorer's ``panels`` holds its artists (``strip``, ``bars``, ``mean_line``, ``text``).
    """
    figure = plotting.new_figure(7.2, 3.8)
    thought_panels = _ThoughtPanels(figure)
    cache = {float(d): example_thoughts(d) for d in dominances}

    def update(dominance):
        thought_panels.show(dominance, cache[float(dominance)])

    def describe(dominance):
        return _describe_thoughts(dominance, cache[float(dominance)])

    control = Control("dominance", "DMN dominance (SD)", [(f"{d:+.0f}", float(d)) for d in dominances],
                      value=0.0, kind="slider")
    explorer = Explorer(figure, update, [control], describe, dynamic_artists=thought_panels.artists(),
                        title="Sticky thoughts",
                        note=SIMULATED_NOTE + " The thought model is a teaching model.")
    explorer.panels = thought_panels
    return explorer


# --- simulated correlation studies ------------------------------------------------------
def _describe_studies(result: dict) -> str:
    kind = (f"each reporting the best of {CIRCULAR_CANDIDATES} regions chosen on the same data (circular)"
            if result["circular"] else "each testing one region chosen in advance")
    significant = result["mean_abs_r_significant"]
    truth = (f"True correlation r = {result['true_r']:.2f} (green line)"
             + (": no effect, so every significant study is a false positive" if result["true_r"] == 0 else ""))
    return (f"Histogram of the correlation reported by {len(result['observed'])} simulated studies of "
            f"{result['n']} people, {kind}. {truth}. "
            f"Reported r: mean {result['mean_r']:.2f}, from {result['observed'].min():.2f} to "
            f"{result['observed'].max():.2f}; {result['share_significant']:.0%} of studies are significant "
            f"(p < 0.05), and those report on average |r| = "
            f"{'none' if np.isnan(significant) else f'{significant:.2f}'}.")


def _truth_label(true_r: float) -> str:
    return f"true r = {true_r:.2f}" + (" (no effect)" if true_r == 0 else "")


def _study_y_max(n_per_study: int, true_rs=TRUE_R_OPTIONS) -> int:
    """Top of the y axis of the study histogram for studies of ``n_per_study`` people.

    The tallest bar over both region choices and every true r in ``true_rs``, plus room for the
    legend and the summary, rounded up to 20 studies. One axis per study size, so that circular
    and honest studies of one size compare at a glance; a new axis for another size, because 400
    studies of 25 people spread over some 20 bars (the tallest 67 studies) and of 1,000 people over
    three (316): on one fixed axis of 400 the small studies were a flat strip.
    """
    tallest = max(int(np.histogram(correlation_studies(n_per_study, circular, true_r)["observed"],
                                   bins=_STUDY_BINS)[0].max())
                  for circular in (False, True) for true_r in true_rs)
    return int(np.ceil(tallest * (1 + _STUDY_HEADROOM) / 20) * 20)


def _study_panel(figure, n_per_study: int = 25):
    """The histogram of reported r against the true r (:class:`dmnlab.course.panels.StudyHistogram`).

    The panel's ``truth_line`` and ``legend`` move with the true r shown, its y axis with the study
    size (:func:`_show_studies`).
    """
    panel = panels.StudyHistogram(figure, _STUDY_BINS, truth=TRUE_R, truth_label=_truth_label(TRUE_R),
                                  xlabel="correlation reported by a study (r)", ylabel="studies (of 400)",
                                  y_max=_study_y_max(n_per_study), reference=0.0, reference_width=0.6, text_position=(0.98, 0.95, "right"),
                                  legend_fontsize=8.5, tick_size=None)
    panel.truth_line = next(line for line in panel.ax.lines if line.get_label() == _truth_label(TRUE_R))
    panel.legend = panel.ax.get_legend()
    return panel


def _show_studies(panel, result: dict, y_max: int | None = None) -> None:
    """Draw one set of simulated studies on a y axis up to ``y_max`` (default: :func:`_study_y_max`).

    A bar is blue where most of its studies were significant: :data:`~dmnlab.course.palette.SIGNIFICANT`,
    as in chapter 3's study simulator. (It was vermillion, the course's colour of a positive value, so
    that with no true effect the significant studies below zero looked positive.)
    """
    significant, _ = np.histogram(result["observed"][result["p"] < 0.05], bins=panel.bins)
    y_max = _study_y_max(result["n"]) if y_max is None else y_max
    if y_max != panel.y_max:   # the y axis is one of the widget's dynamic artists: redrawn each time
        panel.y_max = y_max
        panel.ax.set_ylim(0, y_max)
        panel.text.set_y(0.95 * y_max)

    def colour(index, count):
        return palette.SIGNIFICANT if significant[index] > count / 2 else _NOT_SIGNIFICANT_BAR

    mean_sig = result["mean_abs_r_significant"]
    how = "best of 20 regions (circular)" if result["circular"] else "one region chosen in advance"
    panel.truth_line.set_xdata([result["true_r"]] * 2)
    panel.legend.get_texts()[0].set_text(_truth_label(result["true_r"]))
    panel.show(result["observed"], colour,
               text=(f"significant (blue): {result['share_significant']:.0%}\n"
                     f"their mean |r|: {'—' if np.isnan(mean_sig) else f'{mean_sig:.2f}'}"),
               title=f"{result['n']} people per study, {how} — simulated studies")


def plot_correlation_studies(n_per_study: int = 25, circular: bool = False, ax=None, *, true_r: float = TRUE_R):
    """Histogram of the r reported by simulated studies against the true r (``true_r=0.0``: no effect)."""
    if ax is not None:
        raise ValueError("plot_correlation_studies makes its own figure; call it without ax.")
    figure = plotting.new_figure(7.0, 3.4)
    panel = _study_panel(figure, n_per_study)
    result = correlation_studies(n_per_study, circular, true_r)
    _show_studies(panel, result, _study_y_max(n_per_study, tuple(dict.fromkeys((*TRUE_R_OPTIONS, float(true_r))))))
    plotting.set_alt_text(figure, _describe_studies(result))
    return figure


def correlation_study_explorer(sizes=STUDY_SIZES, true_rs=TRUE_R_OPTIONS) -> Explorer:
    """Widget: study size × circular region choice × true r → how far reported r strays from the truth.

    The returned explorer's ``panel`` is its :class:`~dmnlab.course.panels.StudyHistogram` (``bars``, ``text``,
    ``truth_line``). The true r starts at :data:`TRUE_R`; at 0 every "significant" study is a false positive.
    The y axis fits the study size shown (:func:`_study_y_max`); it is drawn with the bars, so the picture's
    cached background holds nothing that depends on it.
    """
    for n in sizes:  # every state simulated once, up front: moves stay fast
        for circular in (False, True):
            for true_r in true_rs:
                correlation_studies(n, circular, true_r)
    y_maxes = {n: _study_y_max(n, tuple(true_rs)) for n in sizes}
    figure = plotting.new_figure(7.0, 3.4)
    panel = _study_panel(figure, sizes[0])

    def update(n_per_study, circular, true_r):
        _show_studies(panel, correlation_studies(n_per_study, circular, true_r), y_maxes[n_per_study])

    def describe(n_per_study, circular, true_r):
        return _describe_studies(correlation_studies(n_per_study, circular, true_r))

    controls = [Control("n_per_study", "People per study", list(sizes), value=sizes[0], kind="slider"),
                Control("circular", "Region chosen on the same data", [("no", False), ("yes", True)], value=False),
                Control("true_r", "True correlation", [(f"{r:.2f}" + (" (none)" if r == 0 else ""), float(r))
                                                       for r in true_rs], value=float(true_rs[0]))]
    explorer = Explorer(figure, update, controls, describe,
                        dynamic_artists=[*panel.artists(), panel.truth_line, panel.legend, panel.ax.yaxis],
                        title="Brain–behaviour correlation under the microscope",
                        note="Simulated studies; the true correlation is a teaching choice.")
    explorer.panel = panel
    return explorer

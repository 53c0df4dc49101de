"""Chapter 3's figures and widgets: plots with computed alt text, and two explorers (SIMULATED).

Figures (``plot_*``) draw the measures and simulations of :mod:`._measures`; the widgets
(:func:`virtual_patient_explorer`, :func:`study_simulator_explorer`) are
:class:`dmnlab.course.widgets.Explorer` s, live in Jupyter and precomputed in the book.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..cohort.signals import HEALTHY_WITHIN_DMN
from ..course import palette
from ..course.widgets import Control, Explorer
from ..datasets.enigma import REAL_LABEL, load_enigma
from ..methods import stats
from ..shared.groups import split_groups
from ..study.nodes import DMN_NODES, NODE_LABELS
from ..study.protocol import SIMULATED_NOTE
from ._measures import (
    N_REGIONS_SHOWN,
    N_SIMULATED_STUDIES,
    SMALL_D,
    SUBCORTICAL_GROUPS,
    _n_range,
    _VirtualPatientModel,
    simulate_dmn_studies,
    study_effect,
    thickness_effects,
    three_signatures,
)

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

# Study simulator: group sizes offered, the subset precomputed for the book.
STUDY_SIZES = (10, 15, 20, 30, 50, 75, 100, 150, 200, 250, 300, 400)
STATIC_STUDY_SIZES = (10, 20, 50, 100, 400)
#: Fixed histogram bins (Hedges g) so the bars can be updated in place.
G_BINS = np.round(np.arange(-2.0, 3.0001, 0.1), 10)
P_BINS = np.linspace(0.0, 1.0, 21)

# Virtual patient: the control values offered.
COUPLING_VALUES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
FAILURE_VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)

AXIS_LABELS = {
    "within_dmn": "within-DMN connectivity (r)",
    "within_dmn_z": "within-DMN connectivity (Fisher z)",
    "dmn_task_beta": "DMN task β (negative = deactivation)",
}


def plot_group_comparison(measures: pd.DataFrame, column: str = "within_dmn_z", ax=None,
                          title: str | None = None, seed: int = 0, ylim=None, show_stats: bool = True):
    """Each participant as a dot, by group, with group means and the effect size (SIMULATED).

    Parameters
    ----------
    measures
        A table from :func:`cohort_measures` or :func:`simulate_cohort_measures`.
    column
        The measure to show (see :data:`MEASURE_COLUMNS`).
    show_stats
        Print Hedges' g, its interval and the permutation p above the dots (and in the alt text).
        ``False`` shows the dots and means only: a lab plots the data before the learner computes
        the statistics.
    """
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 4.2, 3.6)
    rng = np.random.default_rng(seed)
    patients, controls = split_groups(measures, column)
    for position, values, colour, name in ((0, controls, palette.CONTROL, "controls"),
                                           (1, patients, palette.PATIENT, "patients")):
        jitter = rng.uniform(-0.16, 0.16, values.size)
        ax.scatter(position + jitter, values, s=14, color=colour, alpha=0.65, edgecolors="none")
        mean = values.mean()
        sem = values.std(ddof=1) / np.sqrt(values.size)
        ax.errorbar(position + 0.32, mean, yerr=1.96 * sem, fmt="o", color="black", capsize=4,
                    markersize=5)
    ax.set_xticks([0, 1], [f"controls\n(n = {controls.size})", f"patients\n(n = {patients.size})"])
    ax.set_xlim(-0.5, 1.6)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_ylabel(AXIS_LABELS.get(column, column), fontsize=9)
    summary = ""
    if show_stats:
        effect = stats.hedges_g(patients, controls)
        p = stats.permutation_test(patients, controls, 5000, seed=0).p_value
        p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
        ax.text(0.5, 0.99, f"g = {effect.g:+.2f} [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]\n"
                           f"permutation {p_text}", transform=ax.transAxes, ha="center", va="top",
                fontsize=8.5)
        summary = (f"; patients − controls: Hedges' g = {effect.g:+.2f}, "
                   f"95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}], permutation {p_text}")
    plotting.tidy_axes(ax)
    if title:
        ax.set_title(title, fontsize=9.5)
    measure = AXIS_LABELS.get(column, column)
    plotting.set_alt_text(figure, (
        (f"{title}: {measure}" if title else measure[:1].upper() + measure[1:])
        + f" of {controls.size} controls and {patients.size} patients (simulated data), one dot "
        f"each, with means ± 95% CI in black ({controls.mean():.2f} in controls, "
        f"{patients.mean():.2f} in patients){summary}."), own_figure)
    return figure


def plot_null_distribution(result: stats.PermutationResult, ax=None, unit: str = "Fisher z"):
    """Histogram of a permutation test's relabelled differences, with the observed one marked."""
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 6.0, 3.0)
    if own_figure:
        figure.subplots_adjust(bottom=0.18, top=0.88)
    null = result.null_distribution
    limit = max(np.abs(null).max(), abs(result.difference)) * 1.05
    bins = np.linspace(-limit, limit, 51)
    extreme = np.abs(null) >= abs(result.difference)
    ax.hist(null[~extreme], bins=bins, color=palette.NOT_SIGNIFICANT, label="relabelled groups")
    ax.hist(null[extreme], bins=bins, color=palette.ACCENT,
            label=f"at least as extreme ({extreme.mean():.1%})")
    for sign in (1, -1):
        ax.axvline(sign * result.difference, color="black", linestyle="-" if sign == 1 else ":",
                   linewidth=1.5)
    ax.set_xlabel(f"difference in means, patients − controls ({unit})")
    ax.set_ylabel("number of relabellings")
    ax.set_title(f"Permutation test: observed difference {result.difference:+.3f}, "
                 f"p = {result.p_value:.3f} (SIMULATED data)", fontsize=9)
    ax.legend(fontsize=7.5, frameon=False)
    plotting.tidy_axes(ax)
    plotting.set_alt_text(figure, (
        f"Permutation test (simulated data): histogram of the differences in means, patients − "
        f"controls ({unit}), after {null.size:,} random relabellings of the groups, centred on 0. "
        f"The observed difference {result.difference:+.3f} (solid line) and its mirror image "
        f"(dotted) cut off {extreme.mean():.1%} of the relabellings (orange): two-sided "
        f"p = {result.p_value:.3f}."), own_figure)
    return figure


def plot_cohort_contrast(realistic: pd.DataFrame, teaching: pd.DataFrame,
                         column: str = "within_dmn_z"):
    """Two panels: the shipped realistic cohort and a teaching-mode cohort (SIMULATED)."""
    figure = plotting.new_figure(6.8, 3.7)
    axes = figure.subplots(1, 2, sharey=True)
    values = pd.concat([realistic[column], teaching[column]])
    pad = 0.08 * (values.max() - values.min())
    ylim = (values.min() - pad, values.max() + 4 * pad)
    plot_group_comparison(realistic, column, ax=axes[0], ylim=ylim,
                          title="Realistic mode (the course data)")
    plot_group_comparison(teaching, column, ax=axes[1], ylim=ylim,
                          title="Teaching mode (exaggerated)")
    axes[1].set_ylabel("")
    figure.suptitle("SIMULATED virtual cohorts: one dot per participant; black: mean ± 95% CI",
                    fontsize=9)
    figure.subplots_adjust(left=0.11, right=0.99, bottom=0.16, top=0.83, wspace=0.08)
    # Each panel appended its own description (titles first); say what the pair shows.
    figure.alt_text = "Two panels of SIMULATED virtual cohorts, on the same y-axis. " + figure.alt_text
    return figure


def plot_site_comparison(measures: pd.DataFrame, column: str = "within_dmn_z", show_stats: bool = False):
    """One panel per scanning site: each site's patients and controls as dots (SIMULATED).

    Each site is a small study of its own. By default the panels show the data only (dots,
    means ± 95% CI), not the statistics a lab then asks for; ``show_stats=True`` prints each
    site's Hedges' g, interval and permutation p.
    """
    sites = sorted(measures["site"].astype(str).unique())
    figure = plotting.new_figure(2.5 * len(sites) + 0.6, 3.6)
    axes = np.atleast_1d(figure.subplots(1, len(sites), sharey=True))
    values = measures[column].astype(float)
    pad = 0.08 * (values.max() - values.min())
    ylim = (values.min() - pad, values.max() + (4 if show_stats else 1) * pad)
    for ax, site in zip(axes, sites):
        plot_group_comparison(measures[measures["site"].astype(str) == site], column, ax=ax, ylim=ylim,
                              title=f"Site {site}", show_stats=show_stats)
    for ax in axes[1:]:
        ax.set_ylabel("")
    figure.suptitle("SIMULATED cohort, one panel per site: one dot per participant; black: mean ± 95% CI",
                    fontsize=9)
    figure.subplots_adjust(left=0.1, right=0.99, bottom=0.17, top=0.84, wspace=0.1)
    figure.alt_text = (f"{len(sites)} panels, one per scanning site of the SIMULATED cohort, on the same "
                       "y-axis. " + figure.alt_text)
    return figure


def plot_power_curve(effects=(0.25, 0.5, 1.0), ax=None, alpha: float = 0.05,
                     studies: dict | None = None):
    """Power of a two-group study against participants per group, for several true effects.

    Parameters
    ----------
    effects
        True effect sizes (Hedges g / Cohen's d) to draw, one curve each.
    studies
        Optional ``{label: (n_a, n_b)}`` group sizes to mark on the g = 0.25 curve.
    """
    own_figure = ax is None
    figure, ax = plotting.figure_and_ax(ax, 6.2, 3.8)
    if own_figure:
        figure.subplots_adjust(left=0.11, right=0.97, bottom=0.14, top=0.96)
    n = np.unique(np.round(np.logspace(np.log10(5), np.log10(2000), 200)).astype(int))
    colours = palette.CATEGORIES
    curves, marks = [], []  # for the alt text
    for effect, colour in zip(effects, colours):
        needed = stats.n_for_power(effect, 0.8, alpha)
        curves.append(f"{needed}{' participants per group' if not curves else ''} for g = {effect:g}")
        ax.plot(n, stats.power_two_sample(effect, n, alpha), color=colour, linewidth=2,
                label=f"true g = {effect:g}: 80% power at n = {needed} per group")
        ax.plot([needed], [0.8], "o", color=colour, markersize=5)
    ax.axhline(0.8, color="0.3", linestyle="--", linewidth=0.8)
    ax.axhline(alpha, color="0.3", linestyle=":", linewidth=0.8)
    ax.text(1900, alpha + 0.015, f"α = {alpha:g} (no effect)", fontsize=7.5, color="0.3", ha="right")
    for label, (n_a, n_b) in (studies or {}).items():
        power = stats.power_two_sample(effects[0], n_a, alpha, n_second_group=n_b)
        x = 2 / (1 / n_a + 1 / n_b)  # harmonic mean: the equal-group size with (nearly) the same power
        ax.plot([x], [power], "s", color="black", markersize=5)
        high = power > 0.9
        marks.append(f"{label} ({n_a} vs {n_b}) {power:.0%}")
        ax.annotate(f"{label}\n{n_a} vs {n_b}: {power:.0%}", (x, power), textcoords="offset points",
                    xytext=(-8, -26) if high else (6, 6), fontsize=7.5,
                    ha="right" if high else "left", zorder=4,     # on white over a curve it may cross
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.set_xscale("log")
    ticks = [5, 10, 20, 50, 100, 200, 500, 1000, 2000]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set_xlim(5, 2000)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("participants per group (log scale)")
    ax.set_ylabel("power (chance of p < 0.05)")
    ax.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 0.22))
    plotting.tidy_axes(ax)
    text = (f"Power of a two-sided two-sample t-test (α = {alpha:g}) against participants per "
            f"group (log scale, 5 to 2000), one rising curve per true effect size; the dotted line "
            f"at {alpha:g} is the chance of p < {alpha:g} with no effect. 80% power (dashed line) "
            "needs " + (", ".join(curves[:-1]) + " and " if len(curves) > 1 else "") + curves[-1]
            + ".")
    if marks:
        text += (f" Squares mark the power to detect g = {effects[0]:g} with these group sizes: "
                 + "; ".join(marks) + ".")
    plotting.set_alt_text(figure, text, own_figure)
    return figure



def plot_three_signatures(mode: str = "teaching", seed: int = 7):
    """Three panels, healthy vs depressed (SIMULATED): activity, coupling, deactivation."""
    data = three_signatures(mode, seed=seed)
    healthy, depressed = data["healthy"], data["depressed"]
    figure = plotting.new_figure(7.4, 3.5)
    axes = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.4, 0.8, 1.1]})
    # 1. Activity: two minutes of the mean DMN signal at rest.
    dmn = list(DMN_NODES)
    for entry, colour, name in ((healthy, palette.CONTROL, "healthy"),
                                (depressed, palette.PATIENT, "depressed")):
        signal = entry["rest"][dmn].mean(axis=1).iloc[:60]
        axes[0].plot(signal.index, signal.to_numpy(), color=colour, linewidth=1.3,
                     label=f"{name} (SD {entry['amplitude']:.2f})")
    axes[0].set_xlabel("time at rest (s)")
    axes[0].set_ylabel("mean DMN signal")
    axes[0].set_title("1. Hyperactivation?\nfluctuation amplitude (a proxy)", fontsize=9)
    axes[0].legend(fontsize=7.5, frameon=False, loc="upper left", ncol=1)
    axes[0].set_ylim(-3.2, 4.6)
    # 2. Coupling: the 21 pairwise within-DMN correlations.
    rng = np.random.default_rng(0)
    for position, entry, colour in ((0, healthy, palette.CONTROL), (1, depressed, palette.PATIENT)):
        pairs = entry["pairs"]
        axes[1].scatter(position + rng.uniform(-0.15, 0.15, pairs.size), pairs, s=14, color=colour,
                        alpha=0.8, edgecolors="none")
        axes[1].plot([position - 0.25, position + 0.25], [np.tanh(np.arctanh(pairs).mean())] * 2,
                     color="black", linewidth=2)
    axes[1].set_xticks([0, 1], ["healthy", "depressed"])
    axes[1].set_xlim(-0.5, 1.5)
    axes[1].set_ylabel("correlation r of a DMN pair")
    axes[1].set_title("2. Hyperconnectivity?\nwithin-DMN correlations", fontsize=9)
    # 3. Deactivation: block-averaged response.
    axes[2].axvspan(0, 30, color="0.9", zorder=0)
    axes[2].text(15, 0.55, "task", ha="center", fontsize=7.5, color="0.35")
    for entry, colour, name in ((healthy, palette.CONTROL, "healthy"),
                                (depressed, palette.PATIENT, "depressed")):
        axes[2].plot(entry["epoch_time"], entry["epoch"], color=colour, linewidth=2, label=name)
    axes[2].axhline(0, color="0.5", linewidth=0.6)
    axes[2].set_xlabel("time from block onset (s)")
    axes[2].set_ylabel("mean DMN signal (change)")
    axes[2].set_ylim(-1.6, 0.7)
    axes[2].set_title("3. Impaired deactivation?\nDMN response to task blocks", fontsize=9)
    axes[2].legend(fontsize=7, frameon=False, loc="lower right")
    for ax in axes:
        plotting.tidy_axes(ax, 7.5)
    figure.suptitle(f"SIMULATED, {mode} mode: one healthy and one depressed simulated brain",
                    fontsize=9.5, y=0.995)
    figure.subplots_adjust(left=0.075, right=0.99, bottom=0.15, top=0.79, wspace=0.45)

    def mean_r(entry):  # the black line of panel 2: the Fisher-z average
        return np.tanh(np.arctanh(entry["pairs"]).mean())

    figure.alt_text = (
        f"Three panels comparing one healthy (blue) and one depressed (vermillion) simulated brain "
        f"(simulated data, {mode} mode). 1: two minutes of the mean DMN signal at rest; its "
        f"fluctuation amplitude, a proxy for activity because BOLD has no absolute level, is "
        f"SD {healthy['amplitude']:.2f} (healthy) and {depressed['amplitude']:.2f} "
        f"(depressed); 2: the {healthy['pairs'].size} correlations between DMN regions, mean r "
        f"{mean_r(healthy):.2f} and {mean_r(depressed):.2f}; 3: the mean DMN signal averaged over "
        f"task blocks, dipping to {healthy['epoch'].min():+.2f} and {depressed['epoch'].min():+.2f} "
        f"during the 30-s task.")
    return figure



def virtual_patient_explorer(seed: int = 1) -> Explorer:
    """Widget: a simulated patient's within-DMN coupling and deactivation failure (SIMULATED).

    Controls
    --------
    coupling
        Target correlation between DMN nodes (healthy: 0.5). Higher = a more
        tightly coupled, "sticky" DMN (hyperconnectivity).
    failure
        Deactivation failure, 0–100 %: how much of the healthy DMN suppression
        during task blocks is lost (Sheline et al. 2009 report impaired
        deactivation in depression).

    Shows the patient's connectivity matrix from a 6-minute rest run next to
    the healthy reference, and the mean DMN signal averaged over 20 blocks of
    the attention task (healthy reference as a grey line). Every state is
    simulated with the same ``seed``, so only the parameters change the
    picture. With the default seed the block average at 100 % failure lies
    close to its expected value (no dip); with 20 blocks the DMN's own slow
    fluctuations still move it by about ±0.25 from seed to seed.

    The returned explorer names the artists that change: ``patient_matrix`` (the image) and
    ``patient_line`` (the patient's block average).
    """
    model = _VirtualPatientModel(seed)
    reference = model.reference
    # Simulate every state once now (about 10 ms each), so that moving a slider only redraws.
    for coupling in COUPLING_VALUES:
        for failure in FAILURE_VALUES:
            model.run(coupling, failure)
    figure = plotting.new_figure(7.4, 5.2)
    healthy_ax = figure.add_axes([0.075, 0.47, 0.27, 0.46])
    patient_ax = figure.add_axes([0.40, 0.47, 0.27, 0.46])
    plotting.plot_connectivity_matrix(reference["matrix"], NODE_LABELS, ax=healthy_ax, colorbar=False,
                                      title="Healthy reference")
    plotting.plot_connectivity_matrix(reference["matrix"], NODE_LABELS, ax=patient_ax, colorbar=False,
                                      title="Virtual patient")
    for ax in (healthy_ax, patient_ax):
        ax.tick_params(labelsize=6)
        ax.title.set_fontsize(9.5)
    image = patient_ax.images[0]
    colourbar_ax = figure.add_axes([0.685, 0.50, 0.012, 0.38])
    figure.colorbar(image, cax=colourbar_ax)
    colourbar_ax.tick_params(labelsize=6)
    colourbar_ax.set_title("r", fontsize=7)
    # Short dynamic texts (only the patient's numbers): drawing text dominates an update.
    figure.text(0.745, 0.90, "Within-DMN r\n(measured)", fontsize=8.5, va="top", fontweight="bold")
    figure.text(0.755, 0.825, f"healthy   {reference['within']:.2f}", fontsize=8.5, va="top",
                color="0.3")
    within_text = figure.text(0.755, 0.78, "", fontsize=8.5, va="top", color=plotting.readable(palette.PATIENT))
    figure.text(0.745, 0.71, "DMN task β\n(deactivation)", fontsize=8.5, va="top", fontweight="bold")
    figure.text(0.755, 0.635, f"healthy   {reference['beta']:+.2f}", fontsize=8.5, va="top",
                color="0.3")
    beta_text = figure.text(0.755, 0.59, "", fontsize=8.5, va="top", color=plotting.readable(palette.PATIENT))
    figure.text(0.745, 0.47, "SIMULATED data\n(dmnlab simulator,\nfixed seed)", fontsize=7.5,
                style="italic", color="0.35", va="bottom")

    time_ax = figure.add_axes([0.11, 0.10, 0.86, 0.26])
    time_ax.axvspan(0, 30, color="0.9", zorder=0)
    time_ax.text(15, 0.62, "task block", ha="center", va="top", fontsize=7.5, color="0.35")
    time_ax.axhline(0, color="0.6", linewidth=0.6)
    time_ax.plot(model.epoch_time, reference["epoch"], color="0.35", linewidth=1.6,
                 label="healthy reference")
    (patient_line,) = time_ax.plot(model.epoch_time, reference["epoch"], color=palette.PATIENT,
                                   linewidth=2.0, label="virtual patient")
    time_ax.set_xlim(model.epoch_time[0], model.epoch_time[-1])
    time_ax.set_ylim(-1.5, 0.7)
    time_ax.set_xlabel(f"time from the start of a task block (s); average of {model.N_BLOCKS} "
                       "task blocks", fontsize=8.5)
    time_ax.set_ylabel("mean DMN signal\n(change, z)", fontsize=8.5)
    time_ax.legend(fontsize=8, frameon=False, loc="lower right", ncol=2)
    plotting.tidy_axes(time_ax, 7.5)

    def update(coupling, failure):
        patient = model.run(coupling, failure)
        image.set_data(patient["matrix"])
        patient_line.set_ydata(patient["epoch"])
        within_text.set_text(f"patient   {patient['within']:.2f}")
        beta_text.set_text(f"patient   {patient['beta']:+.2f}")

    def describe(coupling, failure):
        patient = model.run(coupling, failure)
        change = patient["within"] - reference["within"]
        return (
            f"Simulated virtual patient with within-DMN coupling {coupling:.1f} and "
            f"{failure:.0%} deactivation failure. Left, the healthy reference connectivity "
            f"matrix; middle, the patient's matrix, whose DMN block (top left) averages "
            f"r = {patient['within']:.2f} against {reference['within']:.2f} in the healthy "
            f"reference ({'stronger' if change > 0.02 else 'weaker' if change < -0.02 else 'about the same'}). "
            f"Bottom, the mean DMN signal averaged over {model.N_BLOCKS} attention-task blocks: "
            f"the healthy reference dips by {-reference['dip']:.2f} during the task (task β "
            f"{reference['beta']:+.2f}); the patient's signal dips by {-patient['dip']:.2f} "
            f"(task β {patient['beta']:+.2f})"
            f"{' — the DMN is barely suppressed' if patient['beta'] > 0.5 * reference['beta'] else ''}."
        )

    controls = [
        Control("coupling", "Within-DMN coupling", [(f"{value:.1f}", value) for value in COUPLING_VALUES],
                value=HEALTHY_WITHIN_DMN, kind="slider"),
        Control("failure", "Deactivation failure", [(f"{value:.0%}", value) for value in FAILURE_VALUES],
                value=0.0, kind="slider"),
    ]
    explorer = Explorer(figure, update, controls, describe,
                        # The network outlines sit on top of the matrix, so they are redrawn too.
                        dynamic_artists=[image, *patient_ax.patches, patient_line, within_text, beta_text],
                        title="Virtual patient",
                        note=SIMULATED_NOTE)
    explorer.patient_matrix, explorer.patient_line = image, patient_line
    return explorer


def _shares(values, bins) -> np.ndarray:
    counts, _ = np.histogram(np.clip(values, bins[0] + 1e-9, bins[-1] - 1e-9), bins)
    return 100.0 * counts / len(values)


def study_simulator_explorer(sizes=STUDY_SIZES, static_sizes=STATIC_STUDY_SIZES) -> Explorer:
    """Widget: many simulated studies of within-DMN connectivity — why small studies disagree.

    Controls: participants per group and the effect-size mode (realistic:
    g ≈ −0.24, like large multi-site studies; teaching: g = +1.0). Shows the
    histogram of the observed Hedges g over 500 simulated studies (blue:
    p < 0.05), the true g, and the histogram of their p-values (SIMULATED).

    The returned explorer names the artists that change (step patches, heights in % of the
    studies): ``g_histogram`` (all studies), ``significant_g_histogram`` (p < 0.05, drawn over
    it), ``p_histogram``, ``significant_p_histogram`` (its first bin) and ``truth_line``.
    """
    figure = plotting.new_figure(7.4, 4.1)
    g_ax = figure.add_axes([0.085, 0.13, 0.52, 0.6])
    p_ax = figure.add_axes([0.70, 0.13, 0.28, 0.6])
    zeros = np.zeros(len(G_BINS) - 1)
    # One step-patch per histogram (not one rectangle per bar): a single artist redraws fast.
    # The blue (significant) histogram is drawn over the grey one (all studies): stacked bars.
    all_hist = g_ax.stairs(zeros, G_BINS, fill=True, color=palette.NOT_SIGNIFICANT, label="p ≥ 0.05")
    sig_hist = g_ax.stairs(zeros, G_BINS, fill=True, color=palette.SIGNIFICANT, label="p < 0.05")
    g_ax.axvline(0, color="0.4", linestyle=":", linewidth=1)
    truth = g_ax.axvline(0, color="black", linewidth=1.8, label="true g")
    g_ax.set_xlim(G_BINS[0], G_BINS[-1])
    g_ax.set_ylim(0, 60)
    g_ax.set_xlabel("observed Hedges g (patients − controls)", fontsize=9)
    g_ax.set_ylabel("% of simulated studies", fontsize=9)
    handles, labels = g_ax.get_legend_handles_labels()
    order = [labels.index(name) for name in ("p < 0.05", "p ≥ 0.05", "true g")]
    g_ax.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=8, frameon=False,
                loc="upper right")
    p_hist = p_ax.stairs(np.zeros(len(P_BINS) - 1), P_BINS, fill=True, color=palette.NOT_SIGNIFICANT)
    p_sig = p_ax.stairs(np.zeros(1), P_BINS[:2], fill=True, color=palette.SIGNIFICANT)
    p_ax.axhline(100 / (len(P_BINS) - 1), color="0.4", linestyle=":", linewidth=1)
    p_ax.text(0.98, 100 / (len(P_BINS) - 1) + 2, "no effect", ha="right", fontsize=7.5, color="0.35")
    p_ax.set_xlim(0, 1)
    p_ax.set_ylim(0, 100)
    p_ax.set_xlabel("p-value (bins of 0.05)", fontsize=9)
    p_ax.set_ylabel("% of simulated studies", fontsize=9)
    for ax in (g_ax, p_ax):
        plotting.tidy_axes(ax, 7.5)
    headline = figure.text(0.02, 0.975, "", fontsize=10, va="top", ha="left", fontweight="bold")
    # A row of static labels with short dynamic values: text is the slowest thing to redraw.
    columns = (("p < 0.05 (power)", 0.02), ("wrong sign (with p < 0.05)", 0.28),
               ("middle 95% of observed g", 0.56), ("mean |g| if p < 0.05", 0.82))
    values = []
    for label, x in columns:
        figure.text(x, 0.89, label, fontsize=8, va="top", color="0.35")
        values.append(figure.text(x, 0.84, "", fontsize=9.5, va="top"))
    figure.text(0.98, 0.01, f"SIMULATED: {N_SIMULATED_STUDIES} studies per setting, fixed seed",
                fontsize=7, style="italic", color="0.35", ha="right")

    def percent(share):
        return f"{share:.1%}" if 0 < share < 0.01 else f"{share:.0%}"

    def update(n_per_group, mode):
        result = simulate_dmn_studies(n_per_group, mode)
        significant = result["p"] < 0.05
        share_sig = _shares(result["g"][significant], G_BINS) * significant.mean() if significant.any() \
            else zeros
        all_hist.set_data(_shares(result["g"], G_BINS))
        sig_hist.set_data(share_sig)
        p_shares = _shares(result["p"], P_BINS)
        p_hist.set_data(p_shares)
        p_sig.set_data(p_shares[:1])
        truth.set_xdata([result["true_g"], result["true_g"]])
        headline.set_text(f"{n_per_group} patients vs {n_per_group} controls, {mode} mode "
                          f"(true g = {result['true_g']:+.2f})")
        low, high = result["g_range_95"]
        values[0].set_text(f"{percent(result['power'])} (exact {percent(result['exact_power'])})")
        values[1].set_text(f"{percent(result['wrong_sign'])} "
                           f"({percent(result['significant_wrong_sign'])})")
        values[2].set_text(f"{low:+.2f} to {high:+.2f}")
        values[3].set_text(f"{result['mean_abs_g_significant']:.2f}")

    def describe(n_per_group, mode):
        result = simulate_dmn_studies(n_per_group, mode)
        low, high = result["g_range_95"]
        return (
            f"Histograms from {N_SIMULATED_STUDIES} simulated studies, each with {n_per_group} "
            f"patients and {n_per_group} controls, {mode} mode (true g = {result['true_g']:+.2f}). "
            f"Left: the observed effect sizes spread from {low:+.2f} to {high:+.2f} (middle 95%); "
            f"{result['power']:.0%} of studies reach p < 0.05 (blue bars); {result['wrong_sign']:.0%} "
            f"find the wrong sign ({percent(result['significant_wrong_sign'])} of all studies have "
            f"both the wrong sign and p < 0.05); significant studies report on average |g| = "
            f"{result['mean_abs_g_significant']:.2f}. Right: the p-values"
            + (" pile up below 0.05." if result["power"] > 0.6 else
               " are spread over the whole range from 0 to 1." if result["power"] < 0.2 else
               " lean towards small values but are widely spread.")
        )

    sizes = list(sizes)
    for n in sizes:  # simulate every setting now (a few ms each) so a slider move only redraws
        for mode in ("realistic", "teaching"):
            simulate_dmn_studies(n, mode)
    controls = [
        Control("n_per_group", "Participants per group", sizes,
                value=20 if 20 in sizes else sizes[0], kind="slider",
                static_options=[n for n in static_sizes if n in sizes]),
        Control("mode", "Effect size", [(f"realistic (g ≈ {study_effect('realistic'):.2f}, like large studies)".replace("-", "−"), "realistic"),
                                        ("teaching (g = +1.0, exaggerated)", "teaching")]),
    ]
    dynamic = [all_hist, sig_hist, p_hist, p_sig, truth, headline, *values]
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=dynamic,
                        title="Study simulator", note=SIMULATED_NOTE)
    explorer.g_histogram, explorer.significant_g_histogram = all_hist, sig_hist
    explorer.p_histogram, explorer.significant_p_histogram = p_hist, p_sig
    explorer.truth_line = truth
    return explorer


# --- REAL effect sizes: the ENIGMA-MDD forest plot ------------------------------------------------
def _interval(row) -> str:
    return f"d = {row['d']:+.2f} [{row['ci_low']:+.2f}, {row['ci_high']:+.2f}]"


def plot_enigma_forest(n_regions: int = N_REGIONS_SHOWN):
    """Forest plot of the REAL ENIGMA-MDD effects: cortical thickness and subcortical volumes.

    Left: the ``n_regions`` cortical regions with the largest |d| (of 68), each with its 95% CI,
    and one grey row summarising the rest. Right: the 8 subcortical structures (each counted once),
    for all patients, first-episode and recurrent patients. A grey band marks |d| < 0.2, the range
    Cohen's words call negligible.
    """
    thickness = thickness_effects()
    shown, rest = thickness.iloc[:n_regions], thickness.iloc[n_regions:]
    subcortical = {group: load_enigma("subcortical", group) for group in SUBCORTICAL_GROUPS}
    figure = plotting.new_figure(7.6, 5.4)
    left = figure.add_axes([0.30, 0.20, 0.27, 0.68])
    right = figure.add_axes([0.75, 0.20, 0.235, 0.68])
    limits = (-0.32, 0.22)
    for ax in (left, right):
        ax.axvspan(-SMALL_D, SMALL_D, color=palette.INACTIVE, alpha=0.45, zorder=0, linewidth=0)
        ax.axvline(0, color="0.35", linewidth=0.8, zorder=1)
        ax.set_xlim(*limits)
        ax.set_xticks([-0.3, -0.2, -0.1, 0, 0.1, 0.2], ["−0.3", "−0.2", "−0.1", "0", "+0.1", "+0.2"])
        ax.set_xlabel("Cohen's d (patients − controls)", fontsize=8)
        plotting.tidy_axes(ax, 7.5)
    # Left: the largest cortical effects, then the others as one range.
    rows = np.arange(len(shown))[::-1] + 1.0
    left.errorbar(shown["d"], rows, xerr=[shown["d"] - shown["ci_low"], shown["ci_high"] - shown["d"]],
                  fmt="o", color=palette.PATIENT, ecolor=palette.PATIENT, markersize=4, elinewidth=1.2, capsize=0)
    left.plot([rest["d"].min(), rest["d"].max()], [0, 0], color="0.45", linewidth=5, solid_capstyle="butt")
    left.plot([rest["d"].median()], [0], "|", color="black", markersize=9)
    left.set_yticks([*rows, 0], [*shown["name"], f"the other {len(rest)} regions\n(range of d; | median)"],
                    fontsize=7.5)
    left.set_ylim(-0.8, len(shown) + 0.8)
    left.set_title(f"Cortical thickness: the {len(shown)} largest\nof {len(thickness)} regions (adults)", fontsize=8.5)
    # Right: subcortical volumes, three groups per structure.
    structures = list(subcortical["all"]["structure"])
    base = np.arange(len(structures))[::-1].astype(float)
    styles = {"all": ("black", "o", 0.22), "first episode": (palette.CATEGORIES[2], "s", 0.0),
              "recurrent": (palette.CATEGORIES[0], "D", -0.22)}
    for group, table in subcortical.items():
        colour, marker, offset = styles[group]
        table = table.set_index("structure").loc[structures]
        right.errorbar(table["d"], base + offset,
                       xerr=[table["d"] - table["ci_low"], table["ci_high"] - table["d"]],
                       fmt=marker, color=colour, ecolor=colour, markersize=3.5, elinewidth=1.0, capsize=0,
                       label=f"{SUBCORTICAL_GROUPS[group]} ({_n_range(table['n_patients'])})")
    right.set_yticks(base, structures, fontsize=7.5)
    right.set_ylim(-0.6, len(structures) - 0.4)
    right.set_title("Subcortical volume (each\nstructure counted once)", fontsize=8.5)
    figure.legend(*right.get_legend_handles_labels(), fontsize=7, frameon=False, loc="lower left",
                  bbox_to_anchor=(0.28, 0.0), ncol=3, title="subcortical volume, patients (n):", title_fontsize=7)
    figure.text(0.02, 0.045, f"grey band: |d| < {SMALL_D:g},\nnegligible in\nCohen's words", fontsize=7,
                color="0.3", va="center")
    figure.suptitle(f"{REAL_LABEL}: ENIGMA-MDD, Schmaal et al. 2016, 2017", fontsize=9, y=0.985)

    hippocampus = {group: table.set_index("structure").loc["hippocampus"] for group, table in subcortical.items()}
    others = subcortical["all"][subcortical["all"]["structure"] != "hippocampus"]["d"]
    top, last = shown.iloc[0], shown.iloc[-1]
    inside = max(shown["d"].abs().max(), *(table["d"].abs().max() for table in subcortical.values())) < SMALL_D
    figure.alt_text = (
        f"Two forest plots of REAL ENIGMA-MDD effect sizes (Cohen's d, patients minus controls, each with its "
        f"95% confidence interval as a horizontal line; a grey band marks |d| < 0.2, which Cohen's words call "
        f"negligible). Left: cortical thickness in adults, the {len(shown)} of {len(thickness)} regions with "
        f"the largest |d|, from {top['name']}, {_interval(top)}, to {last['name']}, {_interval(last)}; "
        f"all but {int((shown['d'] > 0).sum())} are thinner in patients; the other {len(rest)} regions lie between "
        f"d = {rest['d'].min():+.2f} and {rest['d'].max():+.2f}; {_n_range(thickness['n_patients'])} patients "
        f"and {_n_range(thickness['n_controls'])} controls per region. Right: {len(structures)} subcortical "
        f"volumes, each counted once, for all patients ({_n_range(subcortical['all']['n_patients'])} against "
        f"{_n_range(subcortical['all']['n_controls'])} controls), first-episode "
        f"({_n_range(subcortical['first episode']['n_patients'])}) and recurrent "
        f"({_n_range(subcortical['recurrent']['n_patients'])}) patients: hippocampus "
        f"{_interval(hippocampus['all'])} overall, {_interval(hippocampus['first episode'])} in first-episode "
        f"and {_interval(hippocampus['recurrent'])} in recurrent patients; the other structures between "
        f"d = {others.min():+.2f} and {others.max():+.2f} overall. "
        + ("Every dot lies inside the grey band." if inside else "Some dots lie outside the grey band."))
    return figure

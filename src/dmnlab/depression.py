"""Chapter 3 — The DMN in depression: group comparisons, effect sizes and power.

Measures (one number per participant, from the virtual cohort, SIMULATED):

- :func:`within_dmn_connectivity` — mean correlation between DMN nodes in a rest run;
- :func:`dmn_deactivation` — mean task β of the DMN nodes in the attention task run
  (negative = the DMN is suppressed during the task);
- :func:`cohort_measures` — both, for every participant of ``data/``, with group,
  medication and site; :func:`simulate_cohort_measures` does the same for a freshly
  simulated cohort (e.g. in the exaggerated "teaching" mode).

Widgets (live in Jupyter, precomputed in the book):

- :func:`virtual_patient` — within-DMN coupling and deactivation failure →
  the patient's connectivity matrix and task time course next to a healthy reference;
- :func:`study_simulator` — participants per group and realistic vs teaching effect →
  the spread of observed effect sizes and p-values over 500 simulated studies.

Exercise checkers: :func:`check_within_dmn_values`, :func:`check_group_effect`,
:func:`check_permutation_p`, :func:`check_deactivation_values`,
:func:`check_deactivation_effect`, :func:`check_medication_effect`,
:func:`check_sample_size`.

Statistics (Hedges' g, permutation test, power) live in :mod:`dmnlab.methods.stats`.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer
from .methods import stats
from .study import protocol
from .study.nodes import DMN_NODES, NODE_LABELS

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = ("SIMULATED data: the course's virtual cohort and simulator, not real "
                  "patients.")

#: Okabe–Ito colours used throughout the chapter.
CONTROL_COLOUR = "#0072B2"   # blue
PATIENT_COLOUR = "#D55E00"   # vermillion
ACCENT_COLOUR = "#E69F00"    # orange
SIGNIFICANT_COLOUR = "#0072B2"
NOT_SIGNIFICANT_COLOUR = "#BBBBBB"

#: Group labels in the participants table (``dmnlab.protocol.GROUPS``).
CONTROL, PATIENT = "control", "depressed"

#: Healthy within-DMN correlation of the simulator (``NetworkParameters().within["DMN"]``).
HEALTHY_WITHIN_DMN = 0.50
#: Healthy DMN task response in SD units of the neural signal (``NetworkParameters``);
#: negative = deactivation (Raichle et al. 2001).
HEALTHY_DMN_TASK_RESPONSE = -0.8

# Study simulator: group sizes offered, the subset precomputed for the book, studies per state.
STUDY_SIZES = (10, 15, 20, 30, 50, 75, 100, 150, 200, 250, 300, 400)
STATIC_STUDY_SIZES = (10, 20, 50, 100, 400)
N_SIMULATED_STUDIES = 500
#: Fixed histogram bins (Hedges g) so the bars can be updated in place.
G_BINS = np.round(np.arange(-2.0, 3.0001, 0.1), 10)
P_BINS = np.linspace(0.0, 1.0, 21)

# Virtual patient: the control values offered.
COUPLING_VALUES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
FAILURE_VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)


# =============================================================================
# Measures
# =============================================================================

def within_dmn_connectivity(timeseries: pd.DataFrame) -> float:
    """Mean within-DMN connectivity of one run (r, averaged on Fisher's z scale).

    The correlation of every pair of different DMN nodes over time, averaged
    after Fisher's z transform (:func:`dmnlab.methods.connectivity.within_network_connectivity`).

    Parameters
    ----------
    timeseries
        Region-by-time table (one column per node, one row per volume).
    """
    from .methods.connectivity import correlation_matrix, within_network_connectivity

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
    from .methods.glm import task_effect

    betas = task_effect(timeseries, events, tr)
    return float(betas[[label for label in DMN_NODES if label in betas.index]].mean())


MEASURE_COLUMNS = {
    "within_dmn": "within-DMN connectivity (r, Fisher-z average)",
    "within_dmn_z": "within-DMN connectivity on Fisher's z scale (arctanh of within_dmn)",
    "dmn_task_beta": "mean task β of the DMN nodes in the attention run (negative = deactivation)",
}


AXIS_LABELS = {
    "within_dmn": "within-DMN connectivity (r)",
    "within_dmn_z": "within-DMN connectivity (Fisher z)",
    "dmn_task_beta": "DMN task β (negative = deactivation)",
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
    from .datasets import loaders

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
    ``"teaching"`` mode (:func:`dmnlab.states.state_parameters`), or to draw a
    second realistic sample and see how much a result changes. About 2 s for
    96 participants.

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
    from .cohort import population

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


def split_groups(measures: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``column`` for patients and for controls, as two arrays."""
    patients = measures.loc[measures["group"] == PATIENT, column].to_numpy(dtype=float)
    controls = measures.loc[measures["group"] == CONTROL, column].to_numpy(dtype=float)
    return patients, controls


def compare_groups(measures: pd.DataFrame, column: str = "within_dmn_z",
                   n_permutations: int = 10_000, seed: int = 0) -> dict:
    """Patients minus controls on one measure: Hedges' g with 95% CI and a permutation test.

    Returns
    -------
    dict
        ``effect`` (:class:`dmnlab.methods.stats.EffectSize`), ``permutation``
        (:class:`dmnlab.methods.stats.PermutationResult`), group means
        (``mean_patients``, ``mean_controls``) and sizes (``n_patients``, ``n_controls``).
    """
    patients, controls = split_groups(measures, column)
    effect = stats.hedges_g(patients, controls)
    permutation = stats.permutation_test(patients, controls, n_permutations, seed=seed)
    return {"effect": effect, "permutation": permutation,
            "mean_patients": float(patients.mean()), "mean_controls": float(controls.mean()),
            "n_patients": int(patients.size), "n_controls": int(controls.size)}


def comparison_table(measures: pd.DataFrame, n_permutations: int = 10_000) -> pd.DataFrame:
    """The chapter's comparisons in one table: g, 95% CI and permutation p.

    Rows: within-DMN connectivity (all patients, medicated, unmedicated vs
    controls; medicated vs unmedicated) and DMN deactivation (all patients vs
    controls).
    """
    controls = measures[measures["group"] == CONTROL]
    patients = measures[measures["group"] == PATIENT]
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


# =============================================================================
# Figures
# =============================================================================

def _clean(ax):
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def plot_group_comparison(measures: pd.DataFrame, column: str = "within_dmn_z", ax=None,
                          title: str | None = None, seed: int = 0, ylim=None):
    """Each participant as a dot, by group, with group means and the effect size (SIMULATED).

    Parameters
    ----------
    measures
        A table from :func:`cohort_measures` or :func:`simulate_cohort_measures`.
    column
        The measure to show (see :data:`MEASURE_COLUMNS`).
    """
    own_figure = ax is None
    if own_figure:
        figure = plotting.new_figure(4.2, 3.6)
        ax = figure.add_subplot()
    figure = ax.figure
    rng = np.random.default_rng(seed)
    patients, controls = split_groups(measures, column)
    for position, values, colour, name in ((0, controls, CONTROL_COLOUR, "controls"),
                                           (1, patients, PATIENT_COLOUR, "patients")):
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
    effect = stats.hedges_g(patients, controls)
    p = stats.permutation_test(patients, controls, 5000, seed=0).p_value
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    ax.text(0.5, 0.99, f"g = {effect.g:+.2f} [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]\n"
                       f"permutation {p_text}", transform=ax.transAxes, ha="center", va="top",
            fontsize=8.5)
    _clean(ax)
    if title:
        ax.set_title(title, fontsize=9.5)
    measure = AXIS_LABELS.get(column, column)
    plotting.set_alt_text(figure, (
        (f"{title}: {measure}" if title else measure[:1].upper() + measure[1:])
        + f" of {controls.size} controls and {patients.size} patients (simulated data), one dot "
        f"each, with means ± 95% CI in black ({controls.mean():.2f} in controls, "
        f"{patients.mean():.2f} in patients); patients − controls: Hedges' g = {effect.g:+.2f}, "
        f"95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}], permutation {p_text}."), own_figure)
    return figure


def plot_null_distribution(result: stats.PermutationResult, ax=None, unit: str = "Fisher z"):
    """Histogram of a permutation test's relabelled differences, with the observed one marked."""
    own_figure = ax is None
    if own_figure:
        figure = plotting.new_figure(6.0, 3.0)
        ax = figure.add_subplot()
        figure.subplots_adjust(bottom=0.18, top=0.88)
    figure = ax.figure
    null = result.null_distribution
    limit = max(np.abs(null).max(), abs(result.difference)) * 1.05
    bins = np.linspace(-limit, limit, 51)
    extreme = np.abs(null) >= abs(result.difference)
    ax.hist(null[~extreme], bins=bins, color=NOT_SIGNIFICANT_COLOUR, label="relabelled groups")
    ax.hist(null[extreme], bins=bins, color=ACCENT_COLOUR,
            label=f"at least as extreme ({extreme.mean():.1%})")
    for sign in (1, -1):
        ax.axvline(sign * result.difference, color="black", linestyle="-" if sign == 1 else ":",
                   linewidth=1.5)
    ax.set_xlabel(f"difference in means, patients − controls ({unit})")
    ax.set_ylabel("number of relabellings")
    ax.set_title(f"Permutation test: observed difference {result.difference:+.3f}, "
                 f"p = {result.p_value:.3f} (SIMULATED data)", fontsize=9)
    ax.legend(fontsize=7.5, frameon=False)
    _clean(ax)
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
    if own_figure:
        figure = plotting.new_figure(6.2, 3.8)
        ax = figure.add_subplot()
        figure.subplots_adjust(left=0.11, right=0.97, bottom=0.14, top=0.96)
    figure = ax.figure
    n = np.unique(np.round(np.logspace(np.log10(5), np.log10(2000), 200)).astype(int))
    colours = [PATIENT_COLOUR, ACCENT_COLOUR, CONTROL_COLOUR, "#009E73", "#CC79A7"]
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
        x = np.sqrt(n_a * n_b)  # geometric mean: where an equal-group study would sit
        ax.plot([x], [power], "s", color="black", markersize=5)
        high = power > 0.9
        marks.append(f"{label} ({n_a} vs {n_b}) {power:.0%}")
        ax.annotate(f"{label}\n{n_a} vs {n_b}: {power:.0%}", (x, power), textcoords="offset points",
                    xytext=(-8, -26) if high else (6, 6), fontsize=7.5,
                    ha="right" if high else "left")
    ax.set_xscale("log")
    ticks = [5, 10, 20, 50, 100, 200, 500, 1000, 2000]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set_xlim(5, 2000)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("participants per group (log scale)")
    ax.set_ylabel("power (chance of p < 0.05)")
    ax.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 0.22))
    _clean(ax)
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

    Uses the group-level states of :func:`dmnlab.states.state_parameters`
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
    from .cohort import states
    from .cohort.signals import simulate_run
    from .study.protocol import block_design

    n_task = int((30 + 60 * n_blocks) / protocol.TR)
    events = block_design(n_task, protocol.TR, 30.0, 30.0, protocol.TASK_NAME)
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


def plot_three_signatures(mode: str = "teaching", seed: int = 7):
    """Three panels, healthy vs depressed (SIMULATED): activity, coupling, deactivation."""
    data = three_signatures(mode, seed=seed)
    healthy, depressed = data["healthy"], data["depressed"]
    figure = plotting.new_figure(7.4, 3.5)
    axes = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.4, 0.8, 1.1]})
    # 1. Activity: two minutes of the mean DMN signal at rest.
    dmn = list(DMN_NODES)
    for entry, colour, name in ((healthy, CONTROL_COLOUR, "healthy"),
                                (depressed, PATIENT_COLOUR, "depressed")):
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
    for position, entry, colour in ((0, healthy, CONTROL_COLOUR), (1, depressed, PATIENT_COLOUR)):
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
    for entry, colour, name in ((healthy, CONTROL_COLOUR, "healthy"),
                                (depressed, PATIENT_COLOUR, "depressed")):
        axes[2].plot(entry["epoch_time"], entry["epoch"], color=colour, linewidth=2, label=name)
    axes[2].axhline(0, color="0.5", linewidth=0.6)
    axes[2].set_xlabel("time from block onset (s)")
    axes[2].set_ylabel("mean DMN signal (change)")
    axes[2].set_ylim(-1.6, 0.7)
    axes[2].set_title("3. Impaired deactivation?\nDMN response to task blocks", fontsize=9)
    axes[2].legend(fontsize=7, frameon=False, loc="lower right")
    for ax in axes:
        _clean(ax)
        ax.tick_params(labelsize=7.5)
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


# =============================================================================
# Widget 1: the virtual patient
# =============================================================================

class _VirtualPatientModel:
    """Simulations behind :func:`virtual_patient` (one healthy reference, cached patients)."""

    #: Task blocks in the widget's task run: the cohort's run has 5, but a single block is
    #: dominated by the DMN's own slow fluctuations, so the widget averages 20.
    N_BLOCKS = 20

    def __init__(self, seed: int = 1):
        from .cohort import states
        from .methods.glm import design_matrix
        from .study.protocol import block_design

        self.seed = seed
        self.healthy = states.state_parameters("healthy")
        self.tr = protocol.TR
        self.rest_volumes = protocol.REST_VOLUMES
        self.task_volumes = int((30 + 60 * self.N_BLOCKS) / self.tr)
        self.events = block_design(self.task_volumes, self.tr, 30.0, 30.0, protocol.TASK_NAME)
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
            from .cohort.signals import simulate_run

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


def virtual_patient(seed: int = 1) -> Explorer:
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
    within_text = figure.text(0.755, 0.78, "", fontsize=8.5, va="top", color=plotting.readable(PATIENT_COLOUR))
    figure.text(0.745, 0.71, "DMN task β\n(deactivation)", fontsize=8.5, va="top", fontweight="bold")
    figure.text(0.755, 0.635, f"healthy   {reference['beta']:+.2f}", fontsize=8.5, va="top",
                color="0.3")
    beta_text = figure.text(0.755, 0.59, "", fontsize=8.5, va="top", color=plotting.readable(PATIENT_COLOUR))
    figure.text(0.745, 0.47, "SIMULATED data\n(dmnlab simulator,\nfixed seed)", fontsize=7.5,
                style="italic", color="0.35", va="bottom")

    time_ax = figure.add_axes([0.11, 0.10, 0.86, 0.26])
    time_ax.axvspan(0, 30, color="0.9", zorder=0)
    time_ax.text(15, 0.62, "task block", ha="center", va="top", fontsize=7.5, color="0.35")
    time_ax.axhline(0, color="0.6", linewidth=0.6)
    time_ax.plot(model.epoch_time, reference["epoch"], color="0.35", linewidth=1.6,
                 label="healthy reference")
    (patient_line,) = time_ax.plot(model.epoch_time, reference["epoch"], color=PATIENT_COLOUR,
                                   linewidth=2.0, label="virtual patient")
    time_ax.set_xlim(model.epoch_time[0], model.epoch_time[-1])
    time_ax.set_ylim(-1.5, 0.7)
    time_ax.set_xlabel(f"time from the start of a task block (s); average of {model.N_BLOCKS} "
                       "task blocks", fontsize=8.5)
    time_ax.set_ylabel("mean DMN signal\n(change, z)", fontsize=8.5)
    time_ax.tick_params(labelsize=7.5)
    time_ax.legend(fontsize=8, frameon=False, loc="lower right", ncol=2)
    _clean(time_ax)

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
    return Explorer(figure, update, controls, describe,
                    # The network outlines sit on top of the matrix, so they are redrawn too.
                    dynamic_artists=[image, *patient_ax.patches, patient_line, within_text, beta_text],
                    title="Virtual patient",
                    note=SIMULATED_NOTE)


# =============================================================================
# Widget 2: the study simulator
# =============================================================================

def study_effect(mode: str) -> float:
    """The configured within-DMN effect (Hedges g, patients − controls) in a cohort mode."""
    from .cohort import parameters

    return float(parameters.expected_group_difference("within DMN", mode))


@lru_cache(maxsize=64)
def simulate_dmn_studies(n_per_group: int, mode: str = "realistic",
                         n_studies: int = N_SIMULATED_STUDIES, seed: int = 2024) -> dict:
    """Many simulated studies comparing within-DMN connectivity (Fisher z) between groups.

    For speed, each participant's within-DMN connectivity is drawn directly from
    the group distributions of the virtual cohort instead of simulating time
    series: controls ~ Normal(z of 0.50, SD), patients shifted by g·SD. In
    ``"realistic"`` mode each patient is on antidepressants with the cohort's
    probability (0.6), and the shift is −0.50 SD for medicated and +0.10 SD for
    unmedicated patients (average ≈ −0.24; Tozzi et al. 2021, Javaheripour et
    al. 2021). In ``"teaching"`` mode every patient is shifted by +1.0 SD.

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
    """
    from .cohort import parameters

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


def _shares(values, bins) -> np.ndarray:
    counts, _ = np.histogram(np.clip(values, bins[0] + 1e-9, bins[-1] - 1e-9), bins)
    return 100.0 * counts / len(values)


def study_simulator(sizes=STUDY_SIZES, static_sizes=STATIC_STUDY_SIZES) -> Explorer:
    """Widget: many simulated studies of within-DMN connectivity — why small studies disagree.

    Controls: participants per group and the effect-size mode (realistic:
    g ≈ −0.24, like large multi-site studies; teaching: g = +1.0). Shows the
    histogram of the observed Hedges g over 500 simulated studies (blue:
    p < 0.05), the true g, and the histogram of their p-values (SIMULATED).
    """
    figure = plotting.new_figure(7.4, 4.1)
    g_ax = figure.add_axes([0.085, 0.13, 0.52, 0.6])
    p_ax = figure.add_axes([0.70, 0.13, 0.28, 0.6])
    zeros = np.zeros(len(G_BINS) - 1)
    # One step-patch per histogram (not one rectangle per bar): a single artist redraws fast.
    # The blue (significant) histogram is drawn over the grey one (all studies): stacked bars.
    all_hist = g_ax.stairs(zeros, G_BINS, fill=True, color=NOT_SIGNIFICANT_COLOUR, label="p ≥ 0.05")
    sig_hist = g_ax.stairs(zeros, G_BINS, fill=True, color=SIGNIFICANT_COLOUR, label="p < 0.05")
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
    p_hist = p_ax.stairs(np.zeros(len(P_BINS) - 1), P_BINS, fill=True, color=NOT_SIGNIFICANT_COLOUR)
    p_sig = p_ax.stairs(np.zeros(1), P_BINS[:2], fill=True, color=SIGNIFICANT_COLOUR)
    p_ax.axhline(100 / (len(P_BINS) - 1), color="0.4", linestyle=":", linewidth=1)
    p_ax.text(0.98, 100 / (len(P_BINS) - 1) + 2, "no effect", ha="right", fontsize=7.5, color="0.35")
    p_ax.set_xlim(0, 1)
    p_ax.set_ylim(0, 100)
    p_ax.set_xlabel("p-value (bins of 0.05)", fontsize=9)
    p_ax.set_ylabel("% of simulated studies", fontsize=9)
    for ax in (g_ax, p_ax):
        ax.tick_params(labelsize=7.5)
        _clean(ax)
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
    return Explorer(figure, update, controls, describe, dynamic_artists=dynamic,
                    title="Study simulator", note=SIMULATED_NOTE)


#: Widgets timed by ``make bench``.
BENCH_WIDGETS = {"virtual_patient": virtual_patient, "study_simulator": study_simulator}


# =============================================================================
# Exercise checkers
# =============================================================================

def _per_participant(answer, measures: pd.DataFrame, what: str):
    """A learner's per-participant values aligned to ``measures``' index, or Feedback."""
    index = measures.index
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            return checks.wrong(f"{what} is a table with {answer.shape[1]} columns; expected one "
                                "value per participant.",
                                "Keep one column (a Series indexed by participant_id).")
    if isinstance(answer, pd.Series):
        missing = [pid for pid in index if pid not in answer.index]
        if len(missing) == len(index):
            if len(answer) == len(index):
                answer = answer.to_numpy()
            else:
                return checks.wrong(f"{what} has no entries for the cohort's participant IDs.",
                                    "Index the Series by participant_id, e.g. 'sub-01'.")
        elif missing:
            return checks.wrong(f"{what} lacks {len(missing)} participant(s), e.g. {missing[:3]}.",
                                "Loop over every participant in load_participants().index.")
        else:
            answer = answer.reindex(index)
    if isinstance(answer, (str, bytes, bool)) or np.isscalar(answer):
        return checks.wrong(f"{what} should hold one number per participant; got a single "
                            f"{type(answer).__name__}.", "Collect one value per participant in a "
                            "Series (or list) before checking.")
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return checks.wrong(f"{what} should hold numbers, one per participant; got a "
                            f"{type(answer).__name__}.", "Collect one float per participant.")
    if values.size != len(index):
        return checks.wrong(f"{what} has {values.size} value(s); the cohort has {len(index)} "
                            "participants.", "Compute one value for every participant (both groups).")
    if not np.all(np.isfinite(values)):
        return checks.wrong(f"{what} contains NaN or infinite values.",
                            "Check that every participant's value was computed.")
    return values


def check_within_dmn_values(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.1: within-DMN connectivity (r) of every participant's baseline rest run."""
    measures = cohort_measures() if measures is None else measures
    values = _per_participant(answer, measures, "Your within-DMN values")
    if isinstance(values, Feedback):
        return values
    expected = measures["within_dmn"].to_numpy()
    if np.allclose(values, expected, atol=2e-3):
        patients, controls = split_groups(measures, "within_dmn")
        return checks.right(f"one value per participant; mean r = {controls.mean():.3f} in "
                            f"controls and {patients.mean():.3f} in patients.")
    if np.allclose(values, np.arctanh(expected), atol=2e-3):
        return checks.wrong("these are Fisher z values, not r.",
                            "Store r here (within_network_connectivity returns r); the next "
                            "exercise converts to z.")
    if np.allclose(np.sort(values), np.sort(expected), atol=2e-3):
        return checks.wrong("the right values, but in the wrong order.",
                            "Index your Series by participant_id so each value stays with its participant.")
    if np.corrcoef(values, expected)[0, 1] > 0.9:
        return checks.wrong("close, but not the Fisher-z average over DMN pairs.",
                            "Use within_network_connectivity(correlation_matrix(rest), 'DMN') for each "
                            "participant's *baseline rest* run.")
    return checks.wrong("these values do not match each participant's within-DMN connectivity.",
                        "Load each participant's baseline rest run (task='rest'), compute its "
                        "correlation matrix, then the mean within-DMN connectivity.")


def _effect_value(answer, what: str):
    if isinstance(answer, stats.EffectSize):
        return answer.g
    if isinstance(answer, dict) and "effect" in answer and isinstance(answer["effect"], stats.EffectSize):
        return answer["effect"].g
    return checks.as_number(answer, what)


def _check_g(answer, expected: float, alternatives: dict, what: str, tolerance: float = 0.015):
    value = _effect_value(answer, what)
    if isinstance(value, Feedback):
        return value
    if abs(value - expected) <= tolerance:
        return None, value
    if abs(value + expected) <= tolerance and abs(expected) > tolerance:
        return checks.wrong(f"{what} = {value:+.2f} has the wrong sign.",
                            "Compute patients minus controls: hedges_g(patients, controls)."), value
    for other, hint in alternatives.items():
        if abs(value - other) <= tolerance:
            return checks.wrong(f"{what} = {value:+.2f} is not quite it.", hint), value
    return checks.wrong(f"{what} = {value:+.2f} differs from the expected value.",
                        "Check which groups and which column you compared."), value


def check_group_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.2: Hedges g (patients − controls) of within-DMN connectivity on Fisher's z scale.

    Accepts the number or the :class:`dmnlab.methods.stats.EffectSize` returned by
    :func:`dmnlab.methods.stats.hedges_g`.
    """
    measures = cohort_measures() if measures is None else measures
    patients, controls = split_groups(measures, "within_dmn_z")
    effect = stats.hedges_g(patients, controls)
    r_patients, r_controls = split_groups(measures, "within_dmn")
    on_r = stats.hedges_g(r_patients, r_controls).g
    cohen_d = effect.d
    alternatives = {cohen_d: "That is Cohen's d: use Hedges' g (dmnlab.methods.stats.hedges_g), which "
                             "corrects the small-sample bias."} if abs(cohen_d - effect.g) > 0.015 else {}
    result = _check_g(answer, effect.g, alternatives, "Hedges g", 0.015)
    if isinstance(result, Feedback):
        return result
    feedback, value = result
    if feedback is None or abs(value - on_r) <= 0.005:
        note = (" (computed on r rather than z — almost identical here, but average and compare "
                "correlations on the z scale)") if feedback is not None else ""
        direction = "lower" if effect.g < 0 else "higher"
        story = (" — the opposite of the 'hyperconnectivity' story" if effect.g < 0 else
                 ", the direction of the 'hyperconnectivity' story")
        includes_zero = effect.ci_low < 0 < effect.ci_high
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]{note}. "
            f"Patients' within-DMN connectivity is slightly {direction} than controls'{story}; "
            + ("the interval includes 0 and is wide." if includes_zero else
               "the interval excludes 0 but is wide.")
            + f" (The simulation built in g ≈ {study_effect('realistic'):+.2f}.)")
    return feedback


def check_permutation_p(answer, measures: pd.DataFrame | None = None, column: str = "within_dmn_z") -> Feedback:
    """Exercise 3.3: two-sided permutation p-value of the patients-vs-controls difference."""
    measures = cohort_measures() if measures is None else measures
    value = answer.p_value if isinstance(answer, stats.PermutationResult) else answer
    value = checks.as_number(value, "Your p-value")
    if isinstance(value, Feedback):
        return value
    if not 0 <= value <= 1:
        return checks.wrong(f"A p-value is a probability between 0 and 1; got {value:.3g}.",
                            "Pass result.p_value, not the difference in means.")
    patients, controls = split_groups(measures, column)
    expected = stats.permutation_test(patients, controls, 20_000, seed=12345).p_value
    # Allow for the Monte-Carlo error of a run with as few as 1,000 permutations (3 SE).
    tolerance = 3 * np.sqrt(expected * (1 - expected) / 1000) + 0.002
    if abs(value - expected) <= tolerance:
        verdict = "below" if expected < 0.05 else "above"
        return checks.right(f"p = {value:.3f} (random shuffles make it vary slightly between runs; "
                            f"about {expected:.2f}), {verdict} 0.05. A p-value says how surprising "
                            "the difference would be if group labels did not matter — not how big or "
                            "important it is.")
    if abs(value - expected / 2) <= tolerance:
        return checks.wrong(f"p = {value:.3f} looks one-sided.",
                            "Count relabellings with |difference| at least as large as observed (two-sided).")
    diff = patients.mean() - controls.mean()
    if abs(value - abs(diff)) < 1e-6:
        return checks.wrong("that is the difference in means, not the p-value.", "Use result.p_value.")
    return checks.wrong(f"p = {value:.3f} is not what a permutation test of these groups gives "
                        f"(about {expected:.2f}).",
                        "permutation_test(patients_z, controls_z) compares the two groups' z values.")


def check_deactivation_values(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.4a: mean DMN task β of every participant's attention-task run."""
    measures = cohort_measures() if measures is None else measures
    values = _per_participant(answer, measures, "Your DMN task betas")
    if isinstance(values, Feedback):
        return values
    expected = measures["dmn_task_beta"].to_numpy()
    if np.allclose(values, expected, atol=2e-3):
        patients, controls = split_groups(measures, "dmn_task_beta")
        return checks.right(f"mean β = {controls.mean():+.2f} in controls and {patients.mean():+.2f} "
                            "in patients: negative = the DMN is suppressed during the task.")
    if np.allclose(values, -expected, atol=2e-3):
        return checks.wrong("the sign is flipped.", "Deactivation gives a *negative* task β; do not negate it.")
    if np.corrcoef(values, expected)[0, 1] > 0.8:
        return checks.wrong("close, but not the mean task β over the seven DMN nodes.",
                            "Average task_effect(...) over the DMN nodes only (DMN_NODES).")
    return checks.wrong("these values do not match the DMN task effect of each participant.",
                        "Use the baseline 'attention' run and its events: "
                        "task_effect(task, events, tr=2.0)[DMN_NODES].mean().")


def check_deactivation_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.4b: Hedges g (patients − controls) of the mean DMN task β."""
    measures = cohort_measures() if measures is None else measures
    patients, controls = split_groups(measures, "dmn_task_beta")
    effect = stats.hedges_g(patients, controls)
    result = _check_g(answer, effect.g, {}, "Hedges g of the DMN task β")
    if isinstance(result, Feedback):
        return result
    feedback, _ = result
    if feedback is None:
        direction = "less" if effect.g > 0 else "more"
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}]: patients' "
            f"DMN is {direction} suppressed during the task on average (β closer to zero), but "
            "the groups overlap widely.")
    return feedback


def check_medication_effect(answer, measures: pd.DataFrame | None = None) -> Feedback:
    """Exercise 3.5: within patients, Hedges g of medicated minus unmedicated (within-DMN z)."""
    measures = cohort_measures() if measures is None else measures
    patients = measures[measures["group"] == PATIENT]
    medicated = patients.loc[patients["medication"] == "antidepressant", "within_dmn_z"]
    unmedicated = patients.loc[patients["medication"] == "none", "within_dmn_z"]
    effect = stats.hedges_g(medicated, unmedicated)
    controls = measures.loc[measures["group"] == CONTROL, "within_dmn_z"]
    alternatives = {
        stats.hedges_g(medicated, controls).g: "That compares medicated patients with controls; "
                                               "compare medicated with *unmedicated* patients.",
        stats.hedges_g(unmedicated, controls).g: "That compares unmedicated patients with controls; "
                                                 "compare medicated with unmedicated patients.",
    }
    result = _check_g(answer, effect.g, alternatives, "Hedges g (medicated − unmedicated)")
    if isinstance(result, Feedback):
        return result
    feedback, _ = result
    if feedback is None:
        from .cohort import parameters

        built_in = (parameters.expected_group_difference("within DMN", "realistic", "antidepressant")
                    - parameters.expected_group_difference("within DMN", "realistic", "none"))
        power = stats.power_two_sample(built_in, len(medicated), n_second_group=len(unmedicated))
        if effect.g < 0 and effect.ci_high < 0:
            pattern = (" Connectivity is lower on antidepressants, the pattern Javaheripour et al. "
                       "(2021) report.")
        elif effect.g < 0:
            pattern = (" The estimate points the way Javaheripour et al. (2021) report (lower on "
                       "antidepressants), but the interval includes 0.")
        else:
            pattern = (" Your sample does not show the lower connectivity on antidepressants that "
                       "Javaheripour et al. (2021) report.")
        return checks.right(
            f"g = {effect.g:+.2f}, 95% CI [{effect.ci_low:+.2f}, {effect.ci_high:+.2f}] "
            f"({len(medicated)} vs {len(unmedicated)} patients).{pattern} The simulation built in "
            f"a difference of about {built_in:+.1f} SD; with these group sizes a study would detect "
            f"it only {power:.0%} of the time. Medication was not assigned at random, so even a "
            "clear difference would be an association, not an effect of the drug.")
    return feedback


def check_sample_size(answer, effect_size: float = 0.25, power: float = 0.8,
                      alpha: float = 0.05) -> Feedback:
    """Exercise 3.6: participants per group for ``power`` to detect ``effect_size`` (two-sided)."""
    expected = stats.n_for_power(effect_size, power, alpha)
    value = checks.as_number(answer, "Your sample size")
    if isinstance(value, Feedback):
        return value
    if abs(value - expected) <= 2:
        return checks.right(
            f"about {expected} participants per group ({2 * expected} in total) for "
            f"{power:.0%} power at g = {effect_size:g}. The early studies had a few dozen.")
    if abs(value - 2 * expected) <= 4:
        return checks.wrong(f"{value:.0f} is the total; the question asks per group.",
                            "Divide by two, or use n_for_power, which returns n per group.")
    one_sided = int(np.ceil(2 * ((_norm_ppf(1 - alpha) + _norm_ppf(power)) / effect_size) ** 2))
    if abs(value - one_sided) <= 5:
        return checks.wrong(f"{value:.0f} is what a one-sided test would need.",
                            "Group studies test two-sided: the effect could go either way.")
    if value < expected:
        return checks.wrong(f"{value:.0f} per group gives only "
                            f"{stats.power_two_sample(effect_size, max(value, 2)):.0%} power.",
                            "Use n_for_power(0.25) or increase n until power_two_sample reaches 0.8.")
    return checks.wrong(f"{value:.0f} per group is more than needed "
                        f"({stats.power_two_sample(effect_size, value):.1%} power).",
                        "Find the *smallest* n with power ≥ 0.8.")


def _norm_ppf(q: float) -> float:
    """Standard-normal quantile (for the one-sided sample-size hint)."""
    from scipy.stats import norm

    return float(norm.ppf(q))

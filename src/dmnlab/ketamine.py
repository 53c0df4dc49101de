"""Chapter 5 — How ketamine disrupts the DMN.

What the chapter's page and lab use:

* **Data:** :func:`session_table` (each patient's connectivity, mPFC amplitude share, sample
  entropy and MADRS at every session of the SIMULATED cohort), :func:`madrs_course`.
* **Science:** :func:`paired_change` (a pre/post change with d_z and its interval, against the
  wrong unpaired analysis), :func:`response_summary` (response and remission over two weeks),
  :func:`trial_differences` (how the comparison arm changes a trial's result).
* **Figures and widgets:** :func:`plot_madrs_course`, :func:`plot_session_changes`,
  :func:`patient_week_explorer`, :func:`entropy_explorer`, :func:`placebo_explorer`.
* **Checkers** for the lab's exercises (``check_*``).

The cohort and its ketamine sessions are SIMULATED; the imaging effects are a modelling
choice extrapolated from studies of healthy volunteers and of patients days later (see the
parameter table). Nothing here is dosing advice.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer
from .study.nodes import DMN_NODES, NETWORKS
from .study.protocol import SESSION_HOURS, SESSIONS

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real patients)."
#: MADRS remission cut-off used here (points). Cut-offs vary between studies; ≤ 9 is one
#: of them (Zimmerman et al. 2004).
REMISSION_CUTOFF = 9
#: Response: a fall of at least half the baseline MADRS score.
RESPONSE_FRACTION = 0.5
#: Days from the infusion to each rated session (baseline shown at day 0).
SESSION_DAYS = {"baseline": 0.0, "24h": 1.0, "day7": 7.0, "day14": 14.0}
#: Response rates of a patient-level model of 9 trials (Wilkinson et al. 2019): ketamine about
#: 45%, midazolam (an active placebo) 18%, saline 1%.
RESPONSE_RATES = {"ketamine": 0.45, "active placebo": 0.18, "saline": 0.01}
RESPONDER_COLOUR = "#0072B2"      # Okabe–Ito blue
NON_RESPONDER_COLOUR = "#E69F00"  # Okabe–Ito orange
GROUP_LABELS = {"responder": "responders", "non-responder": "non-responders"}


# =====================================================================================
# Data
# =====================================================================================
def _run_measures(frame: pd.DataFrame) -> dict:
    from .methods.complexity import sample_entropy
    from .methods.connectivity import summarise_run

    summary = summarise_run(frame)
    dmn = frame[list(DMN_NODES)].to_numpy(dtype=float)
    standardised = (dmn - dmn.mean(axis=0)) / dmn.std(axis=0)
    return {
        "within_dmn": summary["within DMN"], "between_networks": summary["between networks"],
        "dmn_sgacc": summary["DMN–sgACC"],
        "mpfc_share": float(np.log(frame["mPFC"].std() / frame.std().median())),
        "entropy": float(np.mean(sample_entropy(standardised))),
    }


@lru_cache(maxsize=1)
def _patient_runs() -> dict:
    """{(participant, session): rest run} for every patient and session, read once."""
    from .datasets.loaders import load_group_timeseries

    return {(pid, session): frame for session in SESSIONS
            for pid, frame in load_group_timeseries(session, group="depressed").items()}


@lru_cache(maxsize=1)
def session_table() -> pd.DataFrame:
    """One row per patient and session, with the chapter's measures (SIMULATED).

    Columns ``participant_id``, ``session``, ``response`` (at 24 h), ``within_dmn``,
    ``between_networks``, ``dmn_sgacc`` (mean r), ``mpfc_share`` (log of the mPFC signal's SD
    over the median node SD: an amplitude measure that does not depend on the run's overall
    scale), ``entropy`` (mean sample entropy of the standardised DMN signals, m = 2, r = 0.2)
    and ``madrs`` (missing during the infusion, when no rating was made).
    """
    from .datasets.loaders import load_participants

    participants = load_participants()
    patients = participants[participants["group"] == "depressed"]
    runs = _patient_runs()
    rows = []
    for pid, patient in patients.iterrows():
        for session in SESSIONS:
            row = {"participant_id": pid, "session": session, "response": str(patient["response"])}
            row.update(_run_measures(runs[(pid, session)]))
            row["madrs"] = np.nan if session == "infusion" else float(patient[f"madrs_{session}"])
            rows.append(row)
    table = pd.DataFrame(rows)
    table["session"] = pd.Categorical(table["session"], categories=list(SESSIONS), ordered=True)
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def madrs_course() -> pd.DataFrame:
    """Each patient's MADRS at baseline, 24 h, day 7 and day 14, with response and remission flags."""
    from .datasets.loaders import load_participants

    participants = load_participants()
    patients = participants[participants["group"] == "depressed"]
    table = pd.DataFrame({session: patients[f"madrs_{session}"].astype(float) for session in SESSION_DAYS})
    for session in ("24h", "day7", "day14"):
        table[f"response_{session}"] = (table["baseline"] - table[session]) >= RESPONSE_FRACTION * table["baseline"]
        table[f"remission_{session}"] = table[session] <= REMISSION_CUTOFF
    table["response"] = patients["response"].astype(str)
    return table


# =====================================================================================
# Science
# =====================================================================================
def paired_change(measure: str = "within_dmn", session: str = "infusion", table: pd.DataFrame | None = None) -> dict:
    """Change of a measure from baseline to ``session`` in the same patients (paired)."""
    from .methods.stats import paired_effect

    table = session_table() if table is None else table
    if measure not in table.columns:
        raise checks_error(f"Unknown measure {measure!r}; choose one of "
                           f"{['within_dmn', 'between_networks', 'dmn_sgacc', 'mpfc_share', 'entropy']}.")
    if session not in SESSIONS or session == "baseline":
        raise checks_error(f"Unknown session {session!r}; choose one of {list(SESSIONS[1:])}.")
    wide = table.pivot(index="participant_id", columns="session", values=measure)
    return paired_effect(wide["baseline"], wide[session])


def checks_error(message: str) -> Exception:
    from .course.errors import CourseInputError

    return CourseInputError(message)


def response_summary() -> dict:
    """Response (≥ 50% fall) and remission (≤ :data:`REMISSION_CUTOFF`) over two weeks (SIMULATED)."""
    course = madrs_course()
    return {
        "response_24h": float(course["response_24h"].mean()),
        "remission_24h": float(course["remission_24h"].mean()),
        "response_day7": float(course["response_day7"].mean()),
        "response_day14": float(course["response_day14"].mean()),
        "mean_change_24h": float((course["24h"] - course["baseline"]).mean()),
        "n": int(len(course)), "remission_cutoff": REMISSION_CUTOFF,
    }


@lru_cache(maxsize=16)
def trial_differences(comparison: str = "saline", n_per_arm: int = 30, n_trials: int = 1000, seed: int = 0) -> dict:
    """Simulated two-arm trials: ketamine vs saline or vs an active placebo (response rates of
    :data:`RESPONSE_RATES`). Returns the true and observed response-rate differences and the
    share of trials with p < 0.05 (two-proportion z-test)."""
    from scipy import stats as scipy_stats

    if comparison not in ("saline", "active placebo"):
        raise checks_error(f"Unknown comparison {comparison!r}; choose 'saline' or 'active placebo'.")
    rng = np.random.default_rng([seed, int(n_per_arm), comparison == "saline"])
    drug = rng.binomial(n_per_arm, RESPONSE_RATES["ketamine"], n_trials) / n_per_arm
    control = rng.binomial(n_per_arm, RESPONSE_RATES[comparison], n_trials) / n_per_arm
    pooled = (drug + control) / 2
    se = np.sqrt(np.maximum(pooled * (1 - pooled) * 2 / n_per_arm, 1e-12))
    p = 2 * scipy_stats.norm.sf(np.abs(drug - control) / se)
    return {"true_difference": RESPONSE_RATES["ketamine"] - RESPONSE_RATES[comparison],
            "observed": drug - control, "share_significant": float(np.mean(p < 0.05)),
            "comparison": comparison, "n_per_arm": int(n_per_arm)}


# =====================================================================================
# Figures
# =====================================================================================
def plot_madrs_course(ax=None):
    """Every simulated patient's MADRS over two weeks, coloured by response at 24 h."""
    course = madrs_course()
    own = ax is None
    figure = plotting.new_figure(6.4, 3.6) if own else ax.figure
    ax = figure.add_axes([0.1, 0.12, 0.86, 0.78]) if own else ax
    days = list(range(len(SESSION_DAYS)))  # evenly spaced: baseline, 24 h, day 7, day 14
    for status, colour in (("non-responder", NON_RESPONDER_COLOUR), ("responder", RESPONDER_COLOUR)):
        group = course[course["response"] == status]
        for _, row in group.iterrows():
            ax.plot(days, row[list(SESSION_DAYS)].to_numpy(dtype=float), color=colour, alpha=0.25, linewidth=0.8)
        ax.plot(days, group[list(SESSION_DAYS)].mean().to_numpy(), color=colour, linewidth=3,
                label=f"{GROUP_LABELS[status]} at 24 h (n = {len(group)})")
    ax.axhline(REMISSION_CUTOFF, color="black", linestyle=":", linewidth=1.2, label=f"remission (≤ {REMISSION_CUTOFF})")
    ax.set_xticks(days, ["baseline", "24 h", "day 7", "day 14"])
    ax.set_ylabel("MADRS (0–60)", fontsize=8.5)
    ax.set_ylim(0, 60)
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    ax.set_title("One ketamine infusion, simulated patients", fontsize=9.5)
    plotting.tidy_axes(ax, 8)
    summary = response_summary()
    plotting.set_alt_text(figure, (
        f"Line chart of MADRS scores of {summary['n']} simulated patients at baseline, 24 hours, day 7 and day 14; "
        f"blue lines for the patients who responded at 24 hours, orange for the others, thick lines for the means, "
        f"a dotted line at the remission cut-off {REMISSION_CUTOFF}. Scores fall sharply at 24 hours "
        f"(mean change {summary['mean_change_24h']:.1f} points; {summary['response_24h']:.0%} respond) and drift "
        f"back up: {summary['response_day7']:.0%} still meet the response criterion at day 7 and "
        f"{summary['response_day14']:.0%} at day 14."), own)
    return figure


def plot_session_changes():
    """Mean change from baseline in within-DMN and between-network r, by session and response."""
    from .methods.stats import paired_effect

    table = session_table()
    figure = plotting.new_figure(7.2, 3.4)
    later = list(SESSIONS[1:])
    descriptions = []
    for panel, (measure, label) in enumerate((("within_dmn", "within-DMN r"), ("between_networks", "between-network r"))):
        ax = figure.add_axes([0.11 + panel * 0.5, 0.16, 0.37, 0.68])
        for offset, (status, colour) in zip((-0.12, 0.12), (("responder", RESPONDER_COLOUR),
                                                            ("non-responder", NON_RESPONDER_COLOUR))):
            group = table[table["response"] == status].pivot(index="participant_id", columns="session", values=measure)
            effects = [paired_effect(group["baseline"], group[session]) for session in later]
            means = [e["mean_change"] for e in effects]
            errors = np.array([[e["mean_change"] - e["ci_low"], e["ci_high"] - e["mean_change"]] for e in effects]).T
            ax.errorbar(np.arange(len(later)) + offset, means, yerr=errors, fmt="o", color=colour, capsize=3,
                        label=GROUP_LABELS[status])
            descriptions.append(f"{label}, {GROUP_LABELS[status]}: " + ", ".join(
                f"{session} {m:+.3f}" for session, m in zip(later, means)))
        ax.axhline(0, color="black", linewidth=0.7)
        ax.set_xticks(range(len(later)), ["infusion", "24 h", "day 7", "day 14"])
        ax.set_ylabel(f"change in {label}", fontsize=8.5)
        ax.set_ylim(-0.15, 0.15)
        plotting.tidy_axes(ax, 8)
        if panel == 0:
            ax.legend(frameon=False, fontsize=8, loc="lower right")
    figure.suptitle("Change from baseline, mean and 95% CI (simulated patients)", fontsize=9.5)
    plotting.set_alt_text(figure, "Two dot plots with 95% confidence intervals of the mean change from baseline at the "
                         "infusion, 24 hours, day 7 and day 14, for responders (blue) and non-responders (orange), "
                         "simulated data. " + "; ".join(descriptions) + ".")
    return figure


# =====================================================================================
# Widgets
# =====================================================================================
@lru_cache(maxsize=1)
def _network_pairs() -> dict:
    from .methods.connectivity import pair_indices
    from .study.nodes import NODE_LABELS

    return {(i, j): pair_indices(NODE_LABELS, NETWORKS[i], NETWORKS[j])
            for i in range(len(NETWORKS)) for j in range(len(NETWORKS))}


def _network_matrix(frame: pd.DataFrame) -> np.ndarray:
    """Network-by-network mean r (Fisher-z averaged), NumPy only (fast)."""
    from .methods.connectivity import fisher_mean

    corr = np.corrcoef(frame.to_numpy(dtype=float), rowvar=False)
    matrix = np.full((len(NETWORKS), len(NETWORKS)), np.nan)
    for (i, j), (rows, cols) in _network_pairs().items():
        if rows.size:
            matrix[i, j] = fisher_mean(corr[rows, cols])
    return matrix


@lru_cache(maxsize=1)
def _group_network_matrices() -> dict:
    """{(session, response): mean 4×4 network matrix (Fisher-z averaged over patients)}."""
    from .datasets.loaders import load_participants

    participants = load_participants()
    patients = participants[participants["group"] == "depressed"]
    runs = _patient_runs()
    result = {}
    for status in GROUP_LABELS:
        ids = patients.index[patients["response"] == status]
        for session in SESSIONS:
            z = [np.arctanh(np.clip(_network_matrix(runs[(pid, session)]), -0.999, 0.999)) for pid in ids]
            result[(session, status)] = np.tanh(np.mean(z, axis=0))
    return result


def patient_week_explorer() -> Explorer:
    """Widget: session × responders/non-responders → network matrix, its change and the MADRS course."""
    matrices = _group_network_matrices()
    course = madrs_course()
    figure = plotting.new_figure(8.0, 3.4)
    short = ["DMN", "SAL", "CEN", "AFF"]
    axes = [figure.add_axes([0.05, 0.2, 0.22, 0.6]), figure.add_axes([0.35, 0.2, 0.22, 0.6])]
    images = []
    for ax, title, vmax in zip(axes, ("connectivity at this session", "change from baseline"), (0.6, 0.1)):
        images.append(ax.imshow(np.zeros((4, 4)), cmap="RdBu_r", vmin=-vmax, vmax=vmax))
        ax.set_xticks(range(4), short, fontsize=8)
        ax.set_yticks(range(4), short, fontsize=8)
        ax.set_title(title, fontsize=8.5)
        figure.colorbar(images[-1], ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=7)
    values = [[axes[0].text(j, i, "", ha="center", va="center", fontsize=7) for j in range(4)] for i in range(4)]
    course_ax = figure.add_axes([0.69, 0.2, 0.29, 0.6])
    days = list(SESSION_DAYS.values())
    lines = {}
    for status, colour in (("responder", RESPONDER_COLOUR), ("non-responder", NON_RESPONDER_COLOUR)):
        means = course[course["response"] == status][list(SESSION_DAYS)].mean().to_numpy()
        lines[status], = course_ax.plot(days, means, color=colour, linewidth=2, label=GROUP_LABELS[status])
    course_ax.axhline(REMISSION_CUTOFF, color="black", linestyle=":", linewidth=1)
    course_ax.set_xticks(days, ["0", "1", "7", "14"])
    course_ax.set_xlabel("day", fontsize=8)
    course_ax.set_ylabel("mean MADRS", fontsize=8)
    course_ax.set_ylim(0, 45)
    course_ax.legend(frameon=False, fontsize=7, loc="upper right")
    plotting.tidy_axes(course_ax, 8)
    marker = course_ax.axvline(0, color="0.3", linewidth=6, alpha=0.25)
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)

    def update(session, response):
        now, base = matrices[(session, response)], matrices[("baseline", response)]
        images[0].set_data(now)
        images[1].set_data(now - base)
        plotting.label_cells(values, images[0], [[f"{v:.2f}" for v in row] for row in now])
        day = SESSION_DAYS.get(session, SESSION_HOURS[session] / 24)
        marker.set_xdata([day, day])
        for status, line in lines.items():
            line.set_alpha(1.0 if status == response else 0.3)
        title.set_text(f"{GROUP_LABELS[response].capitalize()}, {session}: network connectivity (simulated)")

    def describe(session, response):
        now, base = matrices[(session, response)], matrices[("baseline", response)]
        change = now - base
        return (f"Simulated {GROUP_LABELS[response]} at the {session} session. Within-DMN connectivity "
                f"{now[0, 0]:.2f} (change from baseline {change[0, 0]:+.3f}); DMN–salience {now[0, 1]:.2f} "
                f"({change[0, 1]:+.3f}); DMN–central executive {now[0, 2]:.2f} ({change[0, 2]:+.3f}). "
                f"Right: mean MADRS of responders and non-responders over 14 days, the current session marked.")

    controls = [Control("session", "Session", list(SESSIONS), value="baseline", kind="slider"),
                Control("response", "Patients", [("responders at 24 h", "responder"),
                                                 ("non-responders", "non-responder")], value="responder")]
    dynamic = [*images, *[t for row in values for t in row], *lines.values(), marker, title]
    return Explorer(figure, update, controls, describe, dynamic_artists=dynamic,
                    title="A virtual patient's week", note=SIMULATED_NOTE)


PERSISTENCES = (0.5, 0.8, 0.95)
NOISES = (0.0, 0.5)
TEMPLATE_LENGTHS = (1, 2)
TOLERANCES = (0.1, 0.2, 0.3)


@lru_cache(maxsize=8)
def example_signal(persistence: float = 0.8, noise: float = 0.0, n: int = 300, seed: int = 7) -> np.ndarray:
    """A slow random signal (AR(1) with this persistence) plus white noise, standardised."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    slow = lfilter([1.0], [1.0, -persistence], rng.standard_normal(n + 200))[200:]
    slow = slow / slow.std()
    signal = slow + noise * rng.standard_normal(n)
    return (signal - signal.mean()) / signal.std()


def entropy_explorer() -> Explorer:
    """Widget: a signal's persistence and noise, and the method's m and r → its sample entropy."""
    from .methods.complexity import sample_entropy

    figure = plotting.new_figure(7.2, 3.2)
    ax = figure.add_axes([0.08, 0.18, 0.62, 0.66])
    (line,) = ax.plot(np.arange(100), np.zeros(100), color="#0072B2", linewidth=1.2)
    ax.set_ylim(-3.5, 3.5)
    ax.set_xlabel("time (samples)", fontsize=8)
    ax.set_ylabel("signal (z)", fontsize=8)
    plotting.tidy_axes(ax, 8)
    band = ax.axhspan(-0.2, 0.2, color="#E69F00", alpha=0.25)
    bar_ax = figure.add_axes([0.8, 0.18, 0.15, 0.66])
    bar = bar_ax.bar([0], [0.0], color="#D55E00", width=0.6)[0]
    bar_ax.set_ylim(0, 3.6)
    bar_ax.set_xticks([0], ["sample\nentropy"], fontsize=8)
    plotting.tidy_axes(bar_ax, 8)
    value = bar_ax.text(0, 0.05, "", ha="center", va="bottom", fontsize=9)
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9)

    def entropy_of(persistence, noise, m, r):
        return float(sample_entropy(example_signal(persistence, noise), m=m, r=r))

    def update(persistence, noise, m, r):
        signal = example_signal(persistence, noise)
        line.set_ydata(signal[:100])
        band.set_y(-r)
        band.set_height(2 * r)
        h = entropy_of(persistence, noise, m, r)
        bar.set_height(min(h, 3.4))
        value.set_position((0, min(h, 3.4) + 0.05))
        value.set_text(f"{h:.2f}")
        title.set_text(f"persistence {persistence:g}, noise {noise:g}; method m = {m}, r = {r:g}·SD "
                       "(orange band: the tolerance)")

    def describe(persistence, noise, m, r):
        h = entropy_of(persistence, noise, m, r)
        return (f"First 100 samples of a simulated signal with persistence {persistence:g} and added noise "
                f"{noise:g}; sample entropy with template length m = {m} and tolerance r = {r:g} SD is {h:.2f}. "
                "Higher persistence gives a smoother, more predictable signal and lower entropy; noise and a "
                "smaller tolerance raise it.")

    controls = [Control("persistence", "Signal persistence", list(PERSISTENCES), value=0.8, kind="slider"),
                Control("noise", "Added noise (SD)", list(NOISES), value=0.0),
                Control("m", "Template length m", list(TEMPLATE_LENGTHS), value=2),
                Control("r", "Tolerance r (× SD)", list(TOLERANCES), value=0.2, kind="slider")]
    return Explorer(figure, update, controls, describe, dynamic_artists=[line, band, bar, value, title],
                    title="What sample entropy sees", note="A simulated signal; the method's settings matter.")


TRIAL_SIZES = (20, 50, 100)


def placebo_explorer() -> Explorer:
    """Widget: comparison arm × patients per arm → the drug–placebo differences trials would find."""
    figure = plotting.new_figure(7.0, 3.2)
    ax = figure.add_axes([0.09, 0.17, 0.87, 0.66])
    bins = np.linspace(-0.3, 0.9, 49)
    centres = (bins[:-1] + bins[1:]) / 2
    bars = ax.bar(centres, np.zeros(len(centres)), width=bins[1] - bins[0], color="0.6", edgecolor="white", linewidth=0.3)
    true_line = ax.axvline(0, color="#009E73", linewidth=2.2)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlim(-0.3, 0.9)
    ax.set_ylim(0, 400)
    ax.set_xlabel("difference in response rate, ketamine − comparison (simulated trials)", fontsize=8)
    ax.set_ylabel("trials (of 1,000)", fontsize=8)
    plotting.tidy_axes(ax, 8)
    text = ax.text(0.88, 380, "", ha="right", va="top", fontsize=8.5)
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)

    def update(comparison, n_per_arm):
        result = trial_differences(comparison, n_per_arm)
        counts, _ = np.histogram(result["observed"], bins=bins)
        for bar, count in zip(bars, counts):
            bar.set_height(min(count, 400))
        true_line.set_xdata([result["true_difference"]] * 2)
        text.set_text(f"true difference {result['true_difference']:.0%} (green)\n"
                      f"trials with p < 0.05: {result['share_significant']:.0%}")
        title.set_text(f"Ketamine vs {comparison}, {n_per_arm} patients per arm")

    def describe(comparison, n_per_arm):
        result = trial_differences(comparison, n_per_arm)
        observed = result["observed"]
        return (f"Histogram of the response-rate difference found by 1,000 simulated trials of ketamine against "
                f"{comparison} with {n_per_arm} patients per arm; the true difference is "
                f"{result['true_difference']:.0%} (response rates from a patient-level model: ketamine 45%, "
                f"midazolam 18%, saline 1%). Observed differences run from {observed.min():.0%} to "
                f"{observed.max():.0%}; {result['share_significant']:.0%} of trials reach p < 0.05.")

    controls = [Control("comparison", "Comparison arm", ["saline", "active placebo"], value="saline"),
                Control("n_per_arm", "Patients per arm", list(TRIAL_SIZES), value=20, kind="slider")]
    return Explorer(figure, update, controls, describe, dynamic_artists=[*bars, true_line, text, title],
                    title="The placebo arm decides how big the effect looks",
                    note="Simulated trials; response rates from Wilkinson et al. 2019.")


BENCH_WIDGETS = {"patient_week_explorer": patient_week_explorer, "entropy_explorer": entropy_explorer,
                 "placebo_explorer": placebo_explorer}


# =====================================================================================
# Exercise checkers
# =====================================================================================
def check_paired_dz(answer, table: pd.DataFrame, measure: str = "within_dmn", session: str = "infusion") -> Feedback:
    """Exercise 5.1: paired effect size d_z of the change from baseline to ``session``."""
    wide = table.pivot(index="participant_id", columns="session", values=measure)
    change = wide[session] - wide["baseline"]
    expected = float(change.mean() / change.std(ddof=1))
    from .methods.stats import hedges_g

    mistakes = {
        float(hedges_g(wide[session], wide["baseline"]).g): "that is Hedges' g for two independent groups. The "
            "same patients were scanned twice: divide the mean change by the SD of the *changes* (d_z).",
        float(change.mean() / wide["baseline"].std(ddof=1)): "you divided by the SD of the baseline values; d_z "
            "divides by the SD of the changes.",
        float(change.mean()): "that is the mean change in r, not standardised.",
        -expected: "right size, wrong sign: compute session minus baseline.",
    }
    return checks.check_close(answer, expected, f"d_z of {measure} ({session} − baseline)", 0.01, mistakes,
                              right_message=(f"d_z = {expected:.2f}: the mean change over the SD of the {len(change)} "
                                             "patients' changes."),
                              fallback_hint="change = after − before per patient; d_z = change.mean() / change.std().")


def check_sample_entropy(answer, signal, m: int = 2, r: float = 0.2) -> Feedback:
    """Exercise 5.2: your own sample entropy of ``signal`` (tolerance r × SD of the signal)."""
    from .methods.complexity import sample_entropy

    values = np.asarray(signal, dtype=float)
    expected = float(sample_entropy(values, m=m, r=r))
    raw_tolerance = float(sample_entropy(values, m=m, r=r / values.std())) if values.std() > 0 else expected
    mistakes = {}
    if abs(raw_tolerance - expected) > 0.01:
        mistakes[raw_tolerance] = ("your tolerance was r itself, not r × the signal's SD. On a signal that is not "
                                   "standardised, multiply r by the SD (or z-score the signal first).")
    mistakes[float(sample_entropy(values, m=m + 1, r=r))] = f"that uses templates of m + 1 = {m + 1} points as m."
    return checks.check_close(answer, expected, "Sample entropy", 0.01, mistakes,
                              right_message=f"SampEn = {expected:.3f}, as the course's function gives.",
                              fallback_hint="Count template pairs (no self-matches) within r·SD at length m and m + 1; "
                                            "SampEn = −ln(A / B).")


def check_response_share(answer, course: pd.DataFrame) -> Feedback:
    """Exercise 5.3: the share of patients responding at 24 h (MADRS fall ≥ 50% of their baseline)."""
    expected = float(course["response_24h"].mean())
    mistakes = {
        expected * 100: "that is a percentage; give the share as a proportion between 0 and 1.",
        float((course["24h"] <= 30).mean()): "you compared with half the scale's maximum (30 points); response is a "
                                             "fall of half of *each patient's own* baseline score.",
        float(((course["baseline"] - course["24h"]) >= 50).mean()): "you looked for a fall of 50 *points*; response is "
                                                                     "a fall of 50 *percent*.",
        float(course["remission_24h"].mean()): f"that is remission (MADRS ≤ {REMISSION_CUTOFF}), not response.",
        float(course["response_day7"].mean()): "that uses day 7; the question asks about 24 hours.",
    }
    return checks.check_close(answer, expected, "Share responding at 24 h", 0.005, mistakes,
                              right_message=(f"{expected:.0%} respond at 24 h; by day 7 "
                                             f"{course['response_day7'].mean():.0%} still meet the criterion."),
                              fallback_hint="(baseline − 24h) ≥ 0.5 × baseline, per patient; then the mean of "
                                            "that True/False column.")


def check_nnt(answer, comparison: str = "active placebo") -> Feedback:
    """Exercise 5.4: number needed to treat, ketamine vs ``comparison``, from the response rates."""
    if comparison not in ("saline", "active placebo"):
        return checks.wrong(f"Unknown comparison {comparison!r}.", "Use 'saline' or 'active placebo'.")
    difference = RESPONSE_RATES["ketamine"] - RESPONSE_RATES[comparison]
    expected = 1 / difference
    other = "saline" if comparison == "active placebo" else "active placebo"
    mistakes = {
        1 / (100 * difference): "you used percentage points (e.g. 27) instead of proportions (0.27).",
        difference: "that is the difference in response rates; NNT is its inverse.",
        1 / (RESPONSE_RATES["ketamine"] - RESPONSE_RATES[other]): f"that compares with {other}.",
        1 / RESPONSE_RATES["ketamine"]: "that ignores the comparison arm's responders.",
    }
    return checks.check_close(answer, expected, f"NNT vs {comparison}", 0.05, mistakes,
                              right_message=(f"NNT ≈ {expected:.1f}: treat about {np.ceil(expected):.0f} patients with "
                                             f"ketamine for one more response than with {comparison}."),
                              fallback_hint="NNT = 1 / (response rate with ketamine − response rate with the comparison).")

"""Chapter 5's figures and widgets (with their alt text): the MADRS course, the changes from
baseline, a virtual patient's week, what sample entropy sees, and the placebo arm."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer
from ..study.protocol import REMISSION_CUTOFF, SESSION_DAYS, SESSION_HOURS, SESSIONS, SIMULATED_NOTE
from ._measures import (
    EVIDENCE_LEVELS,
    GROUP_LABELS,
    MECHANISM_STEPS,
    _group_network_matrices,
    example_signal,
    madrs_course,
    response_summary,
    session_table,
    trial_differences,
)

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

#: Options of :func:`entropy_explorer`: the signal's persistence and added noise, the method's m and r.
PERSISTENCES = (0.5, 0.8, 0.95)
NOISES = (0.0, 0.5)
TEMPLATE_LENGTHS = (1, 2)
TOLERANCES = (0.1, 0.2, 0.3)
#: Patients per arm offered by :func:`placebo_explorer`.
TRIAL_SIZES = (20, 50, 100)
#: Colour of each group of patients.
_GROUP_COLOURS = {"responder": palette.RESPONDER, "non-responder": palette.NON_RESPONDER}
#: Colour of each kind of evidence in the mechanism diagram (always with its words on the box).
_EVIDENCE_COLOURS = {"people": palette.BLUISH_GREEN, "rodents": palette.ORANGE, "not confirmed": palette.VERMILLION}


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
    for status in ("non-responder", "responder"):
        colour = _GROUP_COLOURS[status]
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


def plot_mechanism():
    """The proposed mechanism, step by step, each step marked by where it was shown (a diagram)."""
    import textwrap

    from matplotlib.patches import FancyBboxPatch

    steps = MECHANISM_STEPS
    row = 0.78
    figure = plotting.new_figure(7.4, 0.55 + row * len(steps))
    ax = figure.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.35, row * len(steps) + 0.2)
    ax.axis("off")
    ax.text(2.75, row * len(steps) + 0.05, "proposed step", ha="center", va="center", fontsize=9, weight="bold")
    ax.text(7.75, row * len(steps) + 0.05, "where it was shown", ha="center", va="center", fontsize=9,
            weight="bold")
    centres = []
    for index, (step, where, note, _) in enumerate(steps):
        y = row * (len(steps) - index - 1) + row / 2 - 0.2
        centres.append(y)
        last = index == len(steps) - 1
        ax.add_patch(FancyBboxPatch((0.25, y - 0.26), 5.0, 0.52, boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor="white", edgecolor="black", linewidth=1.0,
                                    linestyle="--" if last else "-"))
        ax.text(0.45, y, f"{index + 1}", ha="center", va="center", fontsize=8.5, weight="bold")
        ax.text(2.85, y, "\n".join(textwrap.wrap(step, 44)), ha="center", va="center", fontsize=8.5)
        colour = _EVIDENCE_COLOURS[where]
        ax.add_patch(FancyBboxPatch((5.55, y - 0.3), 4.3, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor=colour, alpha=0.18, edgecolor="none"))
        ax.add_patch(FancyBboxPatch((5.55, y - 0.3), 4.3, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor="none", edgecolor=colour, linewidth=2.0))
        ax.text(7.7, y + 0.13, EVIDENCE_LEVELS[where].upper(), ha="center", va="center", fontsize=7.8,
                weight="bold")
        ax.text(7.7, y - 0.12, "\n".join(textwrap.wrap(note, 58)), ha="center", va="center", fontsize=7.2)
    for index, (upper, lower) in enumerate(zip(centres[:-1], centres[1:])):
        last = index == len(centres) - 2
        ax.annotate("", xy=(2.85, lower + 0.27), xytext=(2.85, upper - 0.27),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.0,
                                "linestyle": "--" if last else "-"})
    ax.text(3.0, (centres[-2] + centres[-1]) / 2, "link not shown in people", ha="left", va="center",
            fontsize=7, style="italic")
    plotting.set_alt_text(figure, describe_mechanism())
    figure.phone_figure = _mechanism_for_a_phone
    return figure


def _mechanism_for_a_phone():
    """:func:`plot_mechanism` in one column for a phone (the book offers it to narrow screens): each step's
    box with where it was shown in a coloured box under it, an arrow to the next step."""
    import textwrap

    from matplotlib.patches import FancyBboxPatch

    from ..course.narrowlayout import NARROW_WIDTH

    width, line, step_lines, note_lines = NARROW_WIDTH, 0.16, [], []
    for step, _, note, _ in MECHANISM_STEPS:
        step_lines.append(textwrap.wrap(step, 40))
        note_lines.append(textwrap.wrap(note, 50))
    heights = [(0.12 + line * len(s)) + (0.3 + 0.13 * len(n)) + 0.34 for s, n in zip(step_lines, note_lines)]
    height = sum(heights) + 0.1
    figure = plotting.new_figure(width, height)
    ax = figure.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    top = height - 0.05
    for index, ((_, where, _, _), lines, notes) in enumerate(zip(MECHANISM_STEPS, step_lines, note_lines)):
        last = index == len(MECHANISM_STEPS) - 1
        box = 0.12 + line * len(lines)
        ax.add_patch(FancyBboxPatch((0.08, top - box), width - 0.16, box, boxstyle="round,pad=0.01,rounding_size=0.05",
                                    facecolor="white", edgecolor="black", linewidth=1.0, linestyle="--" if last else "-"))
        ax.text(0.2, top - box / 2, f"{index + 1}", ha="center", va="center", fontsize=8.5, weight="bold")
        ax.text(0.38, top - box / 2, "\n".join(lines), ha="left", va="center", fontsize=8.5)
        top -= box + 0.04
        evidence = 0.26 + 0.13 * len(notes)
        colour = _EVIDENCE_COLOURS[where]
        for face, edge in ((colour, "none"), ("none", colour)):
            ax.add_patch(FancyBboxPatch((0.3, top - evidence), width - 0.38, evidence,
                                        boxstyle="round,pad=0.01,rounding_size=0.05", facecolor=face,
                                        alpha=0.18 if face != "none" else None, edgecolor=edge, linewidth=2.0))
        ax.text(0.42, top - 0.13, EVIDENCE_LEVELS[where].upper(), ha="left", va="center", fontsize=7.8, weight="bold")
        ax.text(0.42, top - 0.24, "\n".join(notes), ha="left", va="top", fontsize=7.2)
        top -= evidence
        if not last:
            ax.annotate("", xy=(width / 2, top - 0.3), xytext=(width / 2, top - 0.02),
                        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.0,
                                    "linestyle": "--" if index == len(MECHANISM_STEPS) - 2 else "-"})
            if index == len(MECHANISM_STEPS) - 2:
                ax.text(width / 2 + 0.12, top - 0.16, "link not shown in people", ha="left", va="center",
                        fontsize=7, style="italic")
            top -= 0.34
    plotting.set_alt_text(figure, describe_mechanism())
    return figure


def describe_mechanism() -> str:
    """The mechanism diagram in words: each step and where it was shown."""
    steps = "; ".join(f"{index + 1}. {step}: {EVIDENCE_LEVELS[where]} ({note})"
                      for index, (step, where, note, _) in enumerate(MECHANISM_STEPS))
    return ("Diagram of the proposed chain from ketamine to an antidepressant effect, read from top to bottom; "
            "beside each step, a coloured box says in words where it was shown. " + steps + ". A dashed arrow "
            "marks the last link, from new synapses to better ratings, which has not been shown in people.")


def plot_session_changes():
    """Mean change from baseline in within-DMN and between-network r, by session and response."""
    from ..methods.stats import paired_effect

    table = session_table()
    figure = plotting.new_figure(7.2, 3.4)
    later = list(SESSIONS[1:])
    descriptions = []
    for panel, (measure, label) in enumerate((("within_dmn", "within-DMN r"), ("between_networks", "between-network r"))):
        ax = figure.add_axes([0.11 + panel * 0.5, 0.16, 0.37, 0.68])
        for offset, status in zip((-0.12, 0.12), ("responder", "non-responder")):
            group = table[table["response"] == status].pivot(index="participant_id", columns="session", values=measure)
            effects = [paired_effect(group["baseline"], group[session]) for session in later]
            means = [e["mean_change"] for e in effects]
            errors = np.array([[e["mean_change"] - e["ci_low"], e["ci_high"] - e["mean_change"]] for e in effects]).T
            ax.errorbar(np.arange(len(later)) + offset, means, yerr=errors, fmt="o", color=_GROUP_COLOURS[status],
                        capsize=3, label=GROUP_LABELS[status])
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
def patient_week_explorer() -> Explorer:
    """Widget: session × responders/non-responders → network matrix, its change and the MADRS course.

    The returned widget names the artists it changes: ``session_image`` (connectivity at the
    session) and ``change_image`` (its change from baseline).
    """
    matrices = _group_network_matrices()
    course = madrs_course()
    figure = plotting.new_figure(8.0, 3.4)
    short = ["DMN", "SAL", "CEN", "AFF"]
    # Apart enough that a colour bar's tick labels stay clear of the next panel's row names.
    axes = [figure.add_axes([0.05, 0.2, 0.2, 0.6]), figure.add_axes([0.39, 0.2, 0.2, 0.6])]
    images = []
    for ax, title, vmax in zip(axes, ("connectivity at this session", "change from baseline"), (0.6, 0.1)):
        images.append(ax.imshow(np.zeros((4, 4)), cmap=palette.DIVERGING_CMAP, vmin=-vmax, vmax=vmax))
        ax.set_xticks(range(4), short, fontsize=8)
        ax.set_yticks(range(4), short, fontsize=8)
        ax.set_title(title, fontsize=8.5)
        figure.colorbar(images[-1], ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=7)
    values = [[axes[0].text(j, i, "", ha="center", va="center", fontsize=7) for j in range(4)] for i in range(4)]
    course_ax = figure.add_axes([0.76, 0.2, 0.22, 0.6])
    days = list(SESSION_DAYS.values())
    lines = {}
    for status in ("responder", "non-responder"):
        means = course[course["response"] == status][list(SESSION_DAYS)].mean().to_numpy()
        lines[status], = course_ax.plot(days, means, color=_GROUP_COLOURS[status], linewidth=2,
                                        label=GROUP_LABELS[status])
    course_ax.axhline(REMISSION_CUTOFF, color="black", linestyle=":", linewidth=1)
    course_ax.set_xticks(days, ["0", "1", "7", "14"])
    course_ax.set_xlabel("day", fontsize=8)
    course_ax.set_ylabel("mean MADRS", fontsize=8)
    course_ax.set_ylim(0, 45)
    course_ax.legend(frameon=False, fontsize=7, loc="upper right")
    plotting.tidy_axes(course_ax, 8)
    marker = course_ax.axvline(0, color="0.3", linewidth=6, alpha=0.25)
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)
    # At baseline the change panel would be an empty square: say why instead.
    no_change = axes[1].text(1.5, 1.5, "baseline:\nno change yet;\nchoose a later\nsession", ha="center",
                             va="center", fontsize=8, bbox={"facecolor": "white", "edgecolor": "0.5"})

    def update(session, response):
        now, base = matrices[(session, response)], matrices[("baseline", response)]
        images[0].set_data(now)
        images[1].set_data(now - base)
        no_change.set_visible(session == "baseline")
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

    controls = [Control("session", "Session", list(SESSIONS), value="24h", kind="slider"),
                Control("response", "Patients", [("responders at 24 h", "responder"),
                                                 ("non-responders", "non-responder")], value="responder")]
    dynamic = [*images, *[t for row in values for t in row], *lines.values(), marker, title, no_change]
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=dynamic,
                        title="A virtual patient's week", note=SIMULATED_NOTE)
    explorer.session_image, explorer.change_image = images
    return explorer


#: The entropy widget's signal axis runs from minus to plus this (z): the lowest sample of any state is
#: -3.99 (persistence 0.5, no noise), which ran off the old axis of ±3.5.
_SIGNAL_Y_LIMIT = 4.3


def entropy_explorer() -> Explorer:
    """Widget: a signal's persistence and noise, and the method's m and r → its sample entropy.

    The returned widget names its ``entropy_bar`` (height: the sample entropy, cut at 3.4).
    """
    from ..methods.complexity import sample_entropy

    figure = plotting.new_figure(7.2, 3.2)
    ax = figure.add_axes([0.08, 0.18, 0.62, 0.66])
    (line,) = ax.plot(np.arange(100), np.zeros(100), color=palette.SIGNAL, linewidth=1.2)
    ax.set_ylim(-_SIGNAL_Y_LIMIT, _SIGNAL_Y_LIMIT)
    ax.set_xlabel("time (samples)", fontsize=8)
    ax.set_ylabel("signal (z)", fontsize=8)
    plotting.tidy_axes(ax, 8)
    band = ax.axhspan(-0.2, 0.2, color=palette.BAND, alpha=0.25)
    bar_ax = figure.add_axes([0.8, 0.18, 0.15, 0.66])
    bar = bar_ax.bar([0], [0.0], color=palette.UNSIGNED, width=0.6)[0]   # an amount, not a sign
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
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=[line, band, bar, value, title],
                        title="What sample entropy sees", note="A simulated signal; the method's settings matter.")
    explorer.entropy_bar = bar
    return explorer


#: Trials per bar at the top of the placebo widget's histogram: its tallest bar over all states holds 215
#: of the 1,000 trials (saline, 100 per arm); the old axis of 400 left the histogram in its lower half.
_PLACEBO_Y_MAX = 250


def placebo_explorer() -> Explorer:
    """Widget: comparison arm × patients per arm → the drug–placebo differences trials would find."""
    figure = plotting.new_figure(7.0, 3.2)
    ax = figure.add_axes([0.09, 0.17, 0.62, 0.66])
    bins = np.linspace(-0.3, 0.9, 49)
    centres = (bins[:-1] + bins[1:]) / 2
    bars = ax.bar(centres, np.zeros(len(centres)), width=bins[1] - bins[0], color="0.6", edgecolor="white", linewidth=0.3)
    true_line = ax.axvline(0, color=palette.TRUTH, linewidth=2.2)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlim(-0.3, 0.9)
    ax.set_ylim(0, _PLACEBO_Y_MAX)
    ax.set_xlabel("difference in response rate, ketamine − comparison (simulated trials)", fontsize=8)
    ax.set_ylabel("trials (of 1,000)", fontsize=8)
    plotting.tidy_axes(ax, 8)
    # The readout beside the histogram, not over it, where it hid the green line (under it on a phone).
    text = figure.text(0.74, 0.8, "", ha="left", va="top", fontsize=8.5)
    title = figure.text(0.5, 0.97, "", ha="center", va="top", fontsize=9.5)

    def update(comparison, n_per_arm):
        result = trial_differences(comparison, n_per_arm)
        counts, _ = np.histogram(result["observed"], bins=bins)
        for bar, count in zip(bars, counts):
            bar.set_height(min(count, _PLACEBO_Y_MAX))
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

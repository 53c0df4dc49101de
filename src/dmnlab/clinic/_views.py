"""Chapter 7's figures and widgets (with their alt text): the candidate biomarker, the validation
ladder, one patient's timeline, the optimistic biomarker and the ROC explorer."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import palette
from ..course.widgets import Control, Explorer
from ..study.protocol import REMISSION_CUTOFF, RESPONSE_FRACTION
from ._measures import (
    _SESSION_NAMES,
    BIOMARKERS,
    EXAMPLE_PATIENT,
    HYPOTHETICAL_AUC,
    N_STUDIES,
    SELECT_K,
    STUDY_TRUE_AUC,
    _roc,
    biomarker_link,
    biomarker_studies,
    cohort_predictions,
    confusion_at,
    design_biomarker,
    link_of,
    patient_table,
    split_spread,
    timeline_events,
    treatment_timeline,
)

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)
panels = lazy.load("dmnlab.course.panels", suppress_warning=True)

#: Patients per simulated study offered by the optimistic-biomarker widget.
STUDY_SIZES = (20, 50, 100, 200)
#: Score cut-offs of the ROC explorer: a patient is called a likely responder when the biomarker,
#: in SD across patients (z), is at or above the cut-off.
SCORE_CUTOFFS = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5)


# =====================================================================================
# Figures
# =====================================================================================
def plot_biomarker(ax=None, table=None):
    """Baseline within-DMN connectivity against the 24-h improvement, SIMULATED patients.

    ``table``: the patients (default :func:`patient_table`, the course cohort; the lab passes
    :func:`second_study`).
    """
    result = biomarker_link() if table is None else link_of(table)
    table = patient_table() if table is None else table
    study = table.attrs.get("study", "the simulated cohort")
    own = ax is None
    figure = plotting.new_figure(6.4, 3.8) if own else ax.figure
    ax = figure.add_axes([0.11, 0.13, 0.62, 0.77]) if own else ax
    for status, colour, marker in (("non-responder", palette.NON_RESPONDER, "s"), ("responder", palette.RESPONDER, "o")):
        group = table[table["response"] == status]
        ax.scatter(group["within_dmn"], 100 * group["improvement_24h"], s=28, color=colour, marker=marker,
                   edgecolors="black", linewidths=0.4, label=f"{status}s at 24 h (n = {len(group)})")
    slope, intercept = np.polyfit(table["within_dmn"], 100 * table["improvement_24h"], 1)
    xs = np.linspace(table["within_dmn"].min(), table["within_dmn"].max(), 2)
    ax.plot(xs, intercept + slope * xs, color="black", linewidth=1.2, label="least-squares line")
    ax.axhline(100 * RESPONSE_FRACTION, color="0.3", linestyle=":", linewidth=1.2, label="response: 50% fall")
    ax.set_xlabel("baseline within-DMN connectivity (mean r, one 6-min rest run)", fontsize=8.5)
    ax.set_ylabel("MADRS fall at 24 h (% of baseline)", fontsize=8.5)
    ax.set_ylim(-20, 105)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    ax.set_title(f"Candidate biomarker in {study} (simulated)", fontsize=9.5)
    plotting.tidy_axes(ax, 8)
    if own:
        figure.text(0.75, 0.30, f"r = {result['r']:.2f}\n95% CI [{result['r_low']:.2f}, {result['r_high']:.2f}]\n"
                                f"AUC for response = {result['single_auc']:.2f}", fontsize=8, va="top")
    plotting.set_alt_text(figure, (
        f"Scatter plot of {result['n']} simulated patients of {study}: baseline within-DMN connectivity on the x axis, the "
        f"fall in MADRS at 24 hours (percent of baseline) on the y axis; blue circles for the "
        f"{result['n_responders']} responders, orange squares for the others, a dotted line at the 50% response "
        f"criterion and a least-squares line that rises gently. The correlation is r = {result['r']:.2f} (95% CI "
        f"{result['r_low']:.2f} to {result['r_high']:.2f}); used alone to separate responders from "
        f"non-responders, the connectivity value reaches AUC = {result['single_auc']:.2f}, where 0.5 is chance."),
        own)
    return figure


def _ladder_rows(result: dict) -> list[tuple[str, float, str]]:
    return [
        ("train-set AUC: 5 summaries, scored on the same patients", result["train_auc"], palette.LEAKY),
        (f"leaky CV: {SELECT_K} of 136 edges chosen on all patients first", result["leaky"], palette.LEAKY),
        (f"honest CV: {SELECT_K} of 136 edges chosen inside each fold", result["honest"], palette.HONEST),
        ("honest CV: 5 network summaries", result["cv"]["auc"], palette.HONEST),
        ("leave one site out: 5 network summaries", result["loso"]["auc"], palette.HONEST),
    ]


def plot_validation_ladder():
    """From flattering to honest: the AUC the same SIMULATED cohort gives under five ways of scoring."""
    result = cohort_predictions()
    design = design_biomarker()
    rows = _ladder_rows(result)
    figure = plotting.new_figure(7.4, 3.8)
    ax = figure.add_axes([0.43, 0.27, 0.54, 0.63])
    positions = np.arange(len(rows))[::-1]
    null = result["cv"]["null_aucs"]
    low, high = np.percentile(null, [2.5, 97.5])
    ax.axvspan(low, high, color="0.88", zorder=0, label="95% of shuffled-label AUCs")
    ax.axvline(0.5, color="black", linewidth=0.8, label="chance (0.5)")
    ax.axvline(design["auc_measured"], color=palette.TRUTH, linewidth=2, linestyle="--",
               label=f"design's true AUC, one run ({design['auc_measured']:.2f})")
    sites_short = " · ".join(f"{s} {v:.2f}" for s, v in result["loso"]["site_aucs"].items())
    for y, (label, value, colour) in zip(positions, rows):
        ax.plot([value], [y], "o", color=colour, markersize=8, markeredgecolor="black", markeredgewidth=0.5)
        extra = f"  (sites {sites_short})" if y == positions[-1] else ""
        ax.text(value + 0.012, y + 0.18, f"{value:.2f}{extra}", fontsize=8)
    site_values = list(result["loso"]["site_aucs"].values())
    ax.plot(site_values, [positions[-1]] * len(site_values), "|", color="0.25", markersize=9)
    # One split is one draw: the range of the same procedure over many splits into folds.
    spread = split_spread()
    for y, name in zip(positions[1:4], ("leaky", "honest", "summaries")):
        ax.plot([spread[name]["low"], spread[name]["high"]], [y - 0.25, y - 0.25], color="0.45", linewidth=1.2,
                marker="|", markersize=6, label=f"range over {spread['n_repeats']} splits" if name == "leaky" else None)
    ax.set_yticks(positions, [label for label, _, _ in rows], fontsize=8)
    ax.set_xlim(0.3, 1.0)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("ROC AUC for 24-h response (0.5 = chance, 1 = perfect)", fontsize=8.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.25, -0.2), ncol=3, fontsize=7, frameon=False)
    plotting.tidy_axes(ax, 8)
    figure.suptitle(f"One simulated cohort of {result['n']} patients, five ways to score a prediction", fontsize=9.5)
    sites = ", ".join(f"site {s} {v:.2f}" for s, v in result["loso"]["site_aucs"].items())
    plotting.set_alt_text(figure, (
        f"Dot chart of the ROC AUC for predicting 24-hour response in the same {result['n']} simulated patients, "
        f"scored five ways, from top to bottom: train-set AUC {result['train_auc']:.2f}; leaky cross-validation "
        f"(the {SELECT_K} best of 136 connectivity edges chosen on all patients first) {result['leaky']:.2f}; honest "
        f"cross-validation of the same edges {result['honest']:.2f}; honest cross-validation of five network "
        f"summaries {result['cv']['auc']:.2f} (permutation p = {result['cv']['p_permutation']:.2f}); leave one site out "
        f"{result['loso']['auc']:.2f} ({sites}). Thin grey lines under the leaky, honest-edges and five-summaries "
        f"rows mark the range of the same procedure over {spread['n_repeats']} repeated splits into folds: "
        + ", ".join(f"{name} {spread[key]['low']:.2f} to {spread[key]['high']:.2f}"
                    for name, key in (("leaky", "leaky"), ("honest edges", "honest"), ("five summaries", "summaries")))
        + f". A grey band marks where 95% of AUCs with shuffled labels fall "
        f"({low:.2f} to {high:.2f}); a dashed green line marks the design's true AUC for one measured run, "
        f"{design['auc_measured']:.2f}; a black line marks chance, 0.5."))
    return figure


def _course_words(first: str, lost: str) -> str:
    """The response course in words, for the alt text."""
    if first == "never":
        return "The patient never meets the response criterion."
    if lost == "never":
        return f"The patient first meets the response criterion at {_SESSION_NAMES[first]} and still meets it at day 14."
    return (f"The patient first meets the response criterion at {_SESSION_NAMES[first]} and stops meeting it at "
            f"{_SESSION_NAMES[lost]}.")


def plot_patient_timeline(participant: str = EXAMPLE_PATIENT, ax=None, table=None):
    """One SIMULATED patient's MADRS over two weeks, with the response line at half their baseline.

    ``table``: the patients to read from (default :func:`patient_table`; the lab passes :func:`second_study`).
    """
    timeline = treatment_timeline(participant, table)
    first, lost = timeline_events(participant, table=table)
    own = ax is None
    figure = plotting.new_figure(6.0, 3.2) if own else ax.figure
    ax = figure.add_axes([0.11, 0.15, 0.62, 0.73]) if own else ax
    days = np.arange(len(timeline), dtype=float)  # evenly spaced: baseline, 24 h, day 7, day 14
    ax.plot(days, timeline["madrs"], color="0.3", linewidth=1.5, zorder=1)
    colours = [palette.RESPONDER if met else palette.NON_RESPONDER for met in timeline["responding"]]
    ax.scatter(days, timeline["madrs"], s=60, c=colours, edgecolors="black", linewidths=0.5, zorder=2)
    baseline = float(timeline.loc["baseline", "madrs"])
    ax.axhline(baseline * (1 - RESPONSE_FRACTION), color=palette.RESPONDER, linestyle="--", linewidth=1.2,
               label=f"response line: ≤ {baseline * (1 - RESPONSE_FRACTION):.1f}\n(half of baseline {baseline:.0f})")
    ax.axhline(REMISSION_CUTOFF, color="black", linestyle=":", linewidth=1.2, label=f"remission: ≤ {REMISSION_CUTOFF}")
    for day, value in zip(days, timeline["madrs"]):
        ax.text(day, value + 2, f"{value:.0f}", ha="center", fontsize=8)
    ax.set_xticks(days, ["baseline", "24 h", "day 7", "day 14"])
    ax.set_ylim(0, 60)
    ax.set_ylabel("MADRS (0–60)", fontsize=8.5)
    ax.set_title(f"{participant}: one ketamine infusion, simulated", fontsize=9.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    plotting.tidy_axes(ax, 8)
    values = ", ".join(f"{name} {value:.0f}" for name, value in zip(("baseline", "24 hours", "day 7", "day 14"),
                                                                     timeline["madrs"]))
    plotting.set_alt_text(figure, (
        f"Line chart of the MADRS scores of simulated patient {participant} at baseline, 24 hours, day 7 and day 14: "
        f"{values}. A dashed line marks the response criterion (half of the baseline score, "
        f"{baseline * (1 - RESPONSE_FRACTION):.1f}) and a dotted line the remission cut-off ({REMISSION_CUTOFF}); "
        "points at or below the dashed line are blue. " + _course_words(first, lost)), own)
    return figure


# =====================================================================================
# Widgets
# =====================================================================================
def _describe_studies(result: dict) -> str:
    how = ("chose its features on all its patients before cross-validating (leaky)" if result["leaky"]
           else "chose its features inside each cross-validation fold (honest)")
    low, high = result["interval"]
    return (f"Histogram of the cross-validated AUC reported by {len(result['reported'])} simulated studies of "
            f"{result['n']} patients each; each study searched {result['n_features']} candidate features, of which "
            f"{result['n_informative']} carry a weak signal, kept {result['k']} and {how}. The biomarker's true AUC is "
            f"{result['true_auc']:.2f} (green line). Reported AUCs average {result['mean_reported']:.2f} (95% of "
            f"studies between {low:.2f} and {high:.2f}); {result['share_above']:.0%} report 0.75 or more. The "
            f"same models, tested on new patients, average {result['mean_new_patients']:.2f} (dashed line).")


def _study_histogram(figure) -> panels.StudyHistogram:
    """The histogram of what :data:`N_STUDIES` simulated studies report, against the true AUC."""
    return panels.StudyHistogram(
        figure, bins=np.linspace(0.0, 1.0, 41), truth=STUDY_TRUE_AUC, truth_label=f"true AUC = {STUDY_TRUE_AUC:.2f}",
        xlabel="cross-validated AUC reported by a study (0.5 = chance)", ylabel=f"studies (of {N_STUDIES})",
        y_max=40,  # the tallest bar of any state (20 patients, leaky) holds 36 of the 60 studies
        reference=0.5, reference_width=0.7, marker_label="mean AUC on new patients",
        rect=(0.09, 0.16, 0.88, 0.68), text_position=(0.02, 0.72, "left"), legend_fontsize=8, text_fontsize=8,
        tick_size=8)


def _show_studies(panel: panels.StudyHistogram, result: dict) -> None:
    low, high = result["interval"]
    how = "features chosen on all patients first (leaky)" if result["leaky"] else "features chosen inside each fold"
    panel.show(result["reported"], palette.LEAKY if result["leaky"] else palette.HONEST,
               text=(f"mean reported AUC {result['mean_reported']:.2f}\n95% of studies: {low:.2f}–{high:.2f}\n"
                     f"reporting ≥ 0.75: {result['share_above']:.0%}\n"
                     f"on new patients: {result['mean_new_patients']:.2f}"),
               title=f"{result['n']} patients per study, {how} — simulated studies",
               marker=result["mean_new_patients"])


def plot_biomarker_studies(n_per_study: int = 20, leaky: bool = True, ax=None):
    """Histogram of the AUC that simulated small studies report, against the true AUC."""
    if ax is not None:
        raise ValueError("plot_biomarker_studies makes its own figure; call it without ax.")
    figure = plotting.new_figure(7.0, 3.4)
    result = biomarker_studies(n_per_study, leaky)
    _show_studies(_study_histogram(figure), result)
    plotting.set_alt_text(figure, _describe_studies(result))
    return figure


def optimistic_biomarker_explorer(sizes=STUDY_SIZES) -> Explorer:
    """Widget: patients per study × features chosen before cross-validation → reported vs true AUC.

    The returned widget names its ``histogram`` (a :class:`~dmnlab.course.panels.StudyHistogram`).
    """
    figure = plotting.new_figure(7.0, 3.4)
    panel = _study_histogram(figure)
    for n in sizes:  # precompute every state (the static book renders them all anyway)
        biomarker_studies(n, False)

    def update(n_per_study, leaky):
        _show_studies(panel, biomarker_studies(n_per_study, leaky))

    def describe(n_per_study, leaky):
        return _describe_studies(biomarker_studies(n_per_study, leaky))

    controls = [Control("n_per_study", "Patients per study", list(sizes), value=sizes[0], kind="slider"),
                Control("leaky", "Features chosen on all patients before cross-validation",
                        [("no (honest)", False), ("yes (leaky)", True)], value=False)]
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=panel.artists(),
                        title="The optimistic biomarker",
                        note=f"Simulated studies: a biomarker with true AUC {STUDY_TRUE_AUC:.2f} among 136 features.")
    explorer.histogram = panel
    return explorer


def _describe_roc(state: dict) -> str:
    per = state["per_100"]
    if state["biomarker"] == "cohort":
        source = (f"Biomarker: baseline within-DMN connectivity of the 60 simulated patients (AUC in this sample "
                  f"{state['auc']:.2f}). Of the 60, the scan calls {state['tp'] + state['fp']} likely responders "
                  f"(confusion matrix: {state['tp']} responders and {state['fp']} non-responders called likely; "
                  f"{state['fn']} responders and {state['tn']} non-responders called unlikely).")
    else:
        source = (f"Biomarker: a hypothetical test with true AUC {state['auc']:.2f} (binormal model), expected "
                  f"counts per 100 patients: {state['tp']:.0f} responders and {state['fp']:.0f} non-responders called "
                  f"likely; {state['fn']:.0f} responders and {state['tn']:.0f} non-responders called unlikely.")
    return (f"ROC curve with the point for the threshold z ≥ {state['threshold']:+.1f}. {source} Sensitivity "
            f"{state['sensitivity']:.0%}, specificity {state['specificity']:.0%}, accuracy {state['accuracy']:.0%} "
            f"(calling everyone a responder would score {state['everyone_accuracy']:.0%}). For 100 patients like "
            f"these ({state['prevalence']:.0%} would respond): ketamine for {per['treated']:.0f}, of whom "
            f"{per['treated_responders']:.0f} respond; {per['turned_away']:.0f} turned away, of whom "
            f"{per['missed_responders']:.0f} would have responded.")


def roc_explorer() -> Explorer:
    """Widget: decision threshold × biomarker → ROC point, confusion matrix, meaning for 100 patients.

    The returned widget names the artists it changes: ``roc_point`` (the threshold's point on the
    ROC curve) and ``cell_counts`` (the 2 × 2 texts of the confusion matrix: tp, fn / fp, tn).
    """
    from matplotlib.colors import ListedColormap

    figure = plotting.new_figure(8.4, 3.5)
    roc_ax = figure.add_axes([0.06, 0.15, 0.25, 0.66])
    roc_ax.plot([0, 1], [0, 1], color="0.6", linewidth=0.8, linestyle=":")
    (curve,) = roc_ax.plot([], [], color=palette.BLUE, linewidth=1.8)
    (point,) = roc_ax.plot([0], [0], "o", color=palette.VERMILLION, markersize=9, markeredgecolor="black")
    roc_ax.set_xlim(0, 1)
    roc_ax.set_ylim(0, 1.02)
    roc_ax.set_xlabel("1 − specificity", fontsize=8)
    roc_ax.set_ylabel("sensitivity", fontsize=8)
    roc_ax.set_aspect("equal")
    plotting.tidy_axes(roc_ax, 8)
    auc_text = roc_ax.text(0.97, 0.05, "", ha="right", fontsize=8)
    matrix_ax = figure.add_axes([0.39, 0.15, 0.22, 0.62])
    cells = matrix_ax.imshow(np.zeros((2, 2)), cmap=ListedColormap([palette.CELL_RIGHT, palette.CELL_WRONG]),
                             vmin=0, vmax=1)
    cells.set_data(np.array([[0, 1], [1, 0]]))
    matrix_ax.set_xticks([0, 1], ["likely\nresponder", "unlikely"], fontsize=7.5)
    matrix_ax.set_yticks([0, 1], ["responds", "does not"], fontsize=7.5)
    matrix_ax.set_xlabel("the scan says", fontsize=8)
    matrix_ax.set_ylabel("the patient", fontsize=8)
    matrix_ax.tick_params(length=0)
    numbers = [[matrix_ax.text(j, i, "", ha="center", va="center", fontsize=11) for j in range(2)] for i in range(2)]
    matrix_title = matrix_ax.set_title("", fontsize=8)
    text = figure.text(0.65, 0.80, "", ha="left", va="top", fontsize=8, linespacing=1.45)
    title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def update(biomarker, threshold):
        roc = _roc(biomarker)
        state = confusion_at(threshold, biomarker)
        curve.set_data(roc["fpr"], roc["tpr"])
        point.set_data([1 - state["specificity"]], [state["sensitivity"]])
        auc_text.set_text(f"AUC = {roc['auc']:.2f}")
        fmt = "{:.0f}"
        for (i, j), key in zip(((0, 0), (0, 1), (1, 0), (1, 1)), ("tp", "fn", "fp", "tn")):
            numbers[i][j].set_text(fmt.format(state[key]))
        matrix_title.set_text("the 60 simulated patients" if biomarker == "cohort" else "expected, per 100 patients")
        per = state["per_100"]
        text.set_text(f"sensitivity {state['sensitivity']:.0%}\nspecificity {state['specificity']:.0%}\n"
                      f"accuracy {state['accuracy']:.0%} (everyone 'responder': {state['everyone_accuracy']:.0%})\n\n"
                      f"For 100 patients ({state['prevalence']:.0%} would respond):\n"
                      f"  ketamine for {per['treated']:.0f}, of whom {per['treated_responders']:.0f} respond\n"
                      f"  turned away: {per['turned_away']:.0f}, of whom\n"
                      f"  {per['missed_responders']:.0f} would have responded")
        name = "baseline within-DMN connectivity (simulated cohort)" if biomarker == "cohort" else \
            f"hypothetical biomarker, true AUC {HYPOTHETICAL_AUC:.2f}"
        title.set_text(f"{name}: likely responder if z ≥ {threshold:+.1f}")

    def describe(biomarker, threshold):
        return _describe_roc(confusion_at(threshold, biomarker))

    controls = [Control("biomarker", "Biomarker", [(label, key) for key, label in BIOMARKERS.items()], value="cohort"),
                Control("threshold", "Threshold (z ≥)", [(f"{t:+.1f}", t) for t in SCORE_CUTOFFS], value=0.0,
                        kind="slider")]
    dynamic = [curve, point, auc_text, *[n for row in numbers for n in row], matrix_title, text, title]
    explorer = Explorer(figure, update, controls, describe, dynamic_artists=dynamic, title="ROC explorer",
                        note="Cohort: simulated patients. Hypothetical: a binormal model, not a real test.")
    explorer.roc_point, explorer.cell_counts = point, numbers
    return explorer


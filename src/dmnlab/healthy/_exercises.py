"""Chapter 2's exercise checkers (``check_*``): each returns a :class:`~dmnlab.course.checks.Feedback`
and never raises, so every wrong input gets a message that names the likely mistake."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.nodes import DMN_NODES, NODE_NETWORK, TASK_POSITIVE_NODES
from ._measures import (
    DEACTIVATION_T,
    _condition,
    _tr_of,
    anticorrelation,
    control_task_runs,
    group_task_effects,
    pairwise_anticorrelation,
    region_task_effects,
    task_design,
    with_and_without_gsr,
)

pd = lazy.load("pandas")


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
    from ..methods.hrf import events_to_boxcar

    boxcar = events_to_boxcar(events, n_volumes, tr)
    if max(abs(_corr(values[:, i], boxcar)) for i in range(values.shape[1])) > 0.99:
        return checks.wrong("one column is the raw block boxcar: it was not convolved with the HRF.",
                            "Let nilearn do it: make_first_level_design_matrix(frame_times, events, "
                            "hrf_model='spm').")
    in_volumes = task_design(events, n_volumes, 1.0)   # frame times counted in volumes
    if max(abs(_corr(values[:, i], in_volumes[condition])) for i in range(values.shape[1])) > 0.999:
        return checks.wrong("your frame times count volumes (0, 1, 2, …), but the events are in "
                            "seconds.", f"Multiply by the TR: frame_times = np.arange(n_volumes) * {tr:g}.")
    return checks.wrong(f"no column matches the expected '{condition}' regressor.",
                        "Use the events table as it is (onset, duration, trial_type in seconds) and "
                        "frame_times = np.arange(n_volumes) * tr.")


def _boxcar_beta(timeseries, events, tr, region) -> float:
    """The β a learner gets by forgetting the HRF (raw boxcar + drifts + constant)."""
    from ..methods.hrf import events_to_boxcar

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


def check_gsr_anticorrelation(answer, real: pd.DataFrame, tolerance: float = 0.01) -> Feedback:
    """Exercise 2.5: r(mean DMN, mean task-positive) in a real run after global-signal regression."""
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
                       "Regressing out the global signal shifts almost every correlation down"
                       + (", and an anticorrelation appears" if expected < 0 <= before else
                          ", and the anticorrelation grows" if expected < before < 0 else
                          "; in this brain it stays positive even so")
                       + ": part of the anticorrelation other analyses report is made by the preprocessing."),
        fallback_hint=("Regress every node on the global signal (dmnlab.methods.connectivity."
                       "regress_out_global_signal), then use the same network averages as exercise 2.4."))


def check_group_deactivation(answer, task_runs: dict | None = None, region: str = "PCC",
                             tolerance: float = 0.01) -> Feedback:
    """Exercise 2.6: effect size d_z of the region's task β across the healthy controls.

    ``task_runs`` is ``{participant_id: (timeseries, events)}``; default: every healthy
    control of the cohort.
    """
    from ..methods.stats import paired_effect

    what = f"d_z of the {region} task β"
    value = checks.as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    task_runs = control_task_runs() if task_runs is None else task_runs
    if len(task_runs) < 4:
        return checks.wrong(f"the checker was given the task runs of {len(task_runs)} participant(s); "
                            "d_z needs at least 4.", "Pass healthy.control_task_runs() (every healthy "
                                                     "control).")
    betas = group_task_effects(task_runs, region)["beta"].to_numpy()
    # d_z of within-person effects: the paired effect of the task against zero in every person
    # (retest_r, which correlates the zeros with the βs, is undefined and not used here).
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = paired_effect(np.zeros_like(betas), betas)["d_z"]
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

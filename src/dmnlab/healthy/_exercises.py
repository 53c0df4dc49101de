"""Chapter 2's exercise checkers (``check_*``): each returns a :class:`~dmnlab.course.checks.Feedback`
and never raises, so every wrong input gets a message that names the likely mistake.

Hints come in steps (:func:`dmnlab.course.checks.exercise`): the first "not yet" names the
mistake, the second adds the method, the third the line of code. Exercise 2.1 (a) checks a
function the learner writes (events → the task column of a design matrix) on its own inputs.
"""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.nodes import DMN_NODES, NODE_NETWORK, TASK_POSITIVE_NODES
from ._measures import (
    DEACTIVATION_T,
    DESIGN_EXAMPLE,
    _condition,
    _design_column,
    _tr_of,
    _volume_boxcar,
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


# --- exercise 2.1 (a): events → the task column ------------------------------------------------
class _Either:
    """Several right results for one input (overlapping events: kept at 1, or added up)."""

    def __init__(self, *options):
        self.options = [np.asarray(option, dtype=float) for option in options]

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.options[0], dtype=dtype)


def _same_column(result, expected) -> bool:
    """Whether ``result`` is ``expected`` (any of an :class:`_Either`'s options); ``None`` is only ``None``."""
    if result is None or expected is None:
        return result is None and expected is None
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return False
    if values.ndim == 2 and 1 in values.shape:
        values = values.ravel()
    options = expected.options if isinstance(expected, _Either) else [np.asarray(expected, dtype=float)]
    return any(values.shape == option.shape and np.allclose(values, option, rtol=1e-6, atol=1e-9)
               for option in options)


def _either_overlap(column):
    """A column rule applied with both conventions for overlapping events."""
    def both(onsets, durations, n_volumes, tr):
        return _Either(column(onsets, durations, n_volumes, tr, False), column(onsets, durations, n_volumes, tr, True))
    return both


def _convolved(boxcar, tr, n_volumes, how="first"):
    from ..methods.hrf import canonical_hrf

    full = np.convolve(boxcar, canonical_hrf(float(tr)))
    return {"first": full[:n_volumes], "full": full, "last": full[-n_volumes:],
            "same": np.convolve(boxcar, canonical_hrf(float(tr)), mode="same")}[how]


def _hrf_every(seconds):
    """The mistake of sampling the HRF every ``seconds`` whatever the TR."""
    def column(onsets, durations, n_volumes, tr, additive):
        from ..methods.hrf import canonical_hrf

        boxcar = _volume_boxcar(onsets, durations, n_volumes, tr, additive)
        return np.convolve(boxcar, canonical_hrf(seconds))[: int(n_volumes)]
    return column


def _in_volumes(onsets, durations, n_volumes, tr, additive):
    """The mistake of reading onsets and durations as volume numbers (the TR left out)."""
    boxcar = _volume_boxcar(onsets, durations, n_volumes, 1.0, additive)
    return _convolved(boxcar, tr, int(n_volumes))


def _onsets_only(onsets, durations, n_volumes, tr, additive):
    """The mistake of marking only each event's first volume (durations ignored)."""
    return _design_column(onsets, [tr] * len(list(onsets)), n_volumes, tr, additive)


def _design_cases() -> list:
    """The checker's own runs: the worked example, an event at 0, one past the end, overlap, other TRs."""
    runs = [
        ("the worked example (one 4-s event at 4 s, 10 volumes, TR 2 s)",
         (DESIGN_EXAMPLE["onsets"], DESIGN_EXAMPLE["durations"], DESIGN_EXAMPLE["n_volumes"], DESIGN_EXAMPLE["tr"])),
        ("an event at time 0", ((0.0,), (6.0,), 12, 2.0)),
        ("an event running past the end of the run", ((14.0,), (10.0,), 10, 2.0)),
        ("two overlapping events", ((2.0, 6.0), (8.0, 8.0), 14, 2.0)),
        ("TR = 1.5 s", ((3.0, 21.0), (6.0, 6.0), 30, 1.5)),
        ("three blocks with TR = 2.5 s", ((10.0, 60.0, 110.0), (20.0, 20.0, 20.0), 60, 2.5)),
    ]
    cases = []
    for label, (onsets, durations, n_volumes, tr) in runs:
        args = (np.array(onsets, dtype=float), np.array(durations, dtype=float), n_volumes, tr)
        cases.append((label, args, _either_overlap(_design_column)(*args)))
    return cases


_DESIGN_MISTAKES = (
    (_either_overlap(_volume_boxcar),
     "it returns the boxcar itself: the events were not convolved with the HRF.",
     "np.convolve(boxcar, canonical_hrf(tr)) turns each volume of activity into a delayed, smoothed response."),
    (_either_overlap(lambda o, d, n, tr, a: _convolved(_volume_boxcar(o, d, n, tr, a), tr, int(n), "full")),
     "it returns the whole convolution, which is longer than the run (n_volumes + len(hrf) − 1 values).",
     "Keep the first n_volumes values: np.convolve(boxcar, hrf)[:n_volumes]."),
    (_either_overlap(lambda o, d, n, tr, a: _convolved(_volume_boxcar(o, d, n, tr, a), tr, int(n), "same")),
     "its response starts before the event: mode='same' centres the HRF on each volume, which shifts "
     "the column several volumes too early.",
     "Use the full convolution (np.convolve's default) and keep its first n_volumes values."),
    (_either_overlap(lambda o, d, n, tr, a: _convolved(_volume_boxcar(o, d, n, tr, a), tr, int(n), "last")),
     "it keeps the last n_volumes values of the convolution, which shifts the response later.",
     "Keep the first n_volumes values: the response belongs to the times of the volumes."),
    (_either_overlap(_hrf_every(1.0)),
     "it samples the HRF every 1 s, whatever the TR, so the response is stretched in time.",
     "Sample the HRF once per volume: canonical_hrf(tr)."),
    (_either_overlap(_hrf_every(2.0)),
     "it is right for TR = 2 s only: the HRF is sampled every 2 s whatever the TR.",
     "Sample the HRF once per volume: canonical_hrf(tr)."),
    (_either_overlap(_in_volumes),
     "its boxcar counts volumes, but onsets and durations are in seconds (the TR was left out).",
     "Volume i is at i × tr seconds: times = np.arange(n_volumes) * tr, then compare with the onsets."),
    (_either_overlap(_onsets_only),
     "only each event's first volume is on: the boxcar should stay 1 for the event's whole duration.",
     "Mark every volume with onset <= time < onset + duration."),
)


@checks.exercise(
    "2.1a",
    method="Make a 0/1 boxcar with one value per volume (volume i is at i × tr seconds; 1 while an event "
           "is on), convolve it with canonical_hrf(tr) and keep the first n_volumes values.",
    code="return np.convolve(boxcar, canonical_hrf(tr))[:n_volumes]")
def check_design_column(answer) -> Feedback:
    """Exercise 2.1 (a): the learner's ``design_column(onsets, durations, n_volumes, tr)``.

    Runs it on the checker's own runs: the worked example, an event at time 0, an event running
    past the end, two overlapping events (kept at 1 or added up: both accepted), TR 1.5 s and
    2.5 s. Names the raw boxcar, an untrimmed or shifted convolution, an HRF sampled regardless
    of the TR, onsets read as volume numbers and durations left out.
    """
    return checks.check_function(
        answer, _design_cases(), "your design_column", compare=_same_column, mistakes=_DESIGN_MISTAKES,
        right_message="your design_column turns events into the predicted BOLD signal on all 6 test runs, "
                      "including an event at time 0, one running past the end, overlapping events and "
                      "TRs of 1.5 and 2.5 s. This is the task column of a design matrix.")


def _corr(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


@checks.exercise("2.1b", method="Give nilearn the time of each volume in seconds and the events table, with "
                                 "the SPM HRF; keep its default cosine drifts.",
                 code='my_design = make_first_level_design_matrix(np.arange(n_volumes) * tr, events, hrf_model="spm")')
def check_design_matrix(answer, events: pd.DataFrame, n_volumes: int, tr: float) -> Feedback:
    """Exercise 2.1 (b): the design matrix of the task run (task regressor, drifts, constant)."""
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


@checks.exercise("2.2", method="Solve design @ beta ≈ signal by least squares for the region's column, and "
                                "read the coefficient of the 'attention' column.",
                 code='beta = np.linalg.lstsq(design.to_numpy(), task_run["PCC"].to_numpy(), rcond=None)[0]'
                      '[list(design.columns).index("attention")]')
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


@checks.exercise("2.3", method="Fit the GLM to every region, then keep the regions whose t for the task "
                                "column is below −3.",
                 code='deactivated = list(fitted.index[fitted["t_attention"] < -3])')
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


@checks.exercise("2.4", method="z-score each region, average the 7 DMN regions and the 7 salience + "
                                "central-executive regions into two signals, then correlate the two signals.",
                 code="rest_r = np.corrcoef(z[dmn].mean(axis=1), z[task_positive].mean(axis=1))[0, 1]")
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


@checks.exercise("2.5", method="Regress every node on a constant and the global signal and keep the "
                                "residuals; correlate each DMN node with each task-positive node (49 pairs) "
                                "and average the 49 r on Fisher's z scale.",
                 code="gsr_r = np.tanh(np.arctanh(cleaned.corr().loc[dmn, task_positive].to_numpy()).mean())")
def check_gsr_anticorrelation(answer, real: pd.DataFrame, tolerance: float = 0.01,
                              summary: str = "network") -> Feedback:
    """Exercise 2.5: the DMN–task-positive relation of a real run after global-signal regression.

    Every node is regressed on ``real.attrs["global_signal"]`` (the mean of the whole brain), then
    the relation is summarised as ``summary``: ``"network"``, r of the mean DMN and mean
    task-positive signals (:func:`anticorrelation`, exercise 2.4's recipe), or ``"pairs"``, the
    Fisher-z mean of the 49 node pairs' r (:func:`pairwise_anticorrelation`). The lab asks for the
    pairs, because the page's GSR explorer shows the network value of every real brain; the other
    summary is named as a mistake.
    """
    if summary not in ("network", "pairs"):
        return checks.wrong(f"the checker was asked for summary={summary!r}.", "Use 'network' or 'pairs'.")
    versions = with_and_without_gsr(real)
    measure = pairwise_anticorrelation if summary == "pairs" else anticorrelation
    other = anticorrelation if summary == "pairs" else pairwise_anticorrelation
    expected, before = measure(versions[True]), measure(versions[False])
    cleaned = versions[True]
    other_hint = ("That is the correlation of the two network *averages* (exercise 2.4's recipe). This "
                  "exercise asks for the average of the 49 pair correlations." if summary == "pairs" else
                  "That is the average of the 49 pair correlations. This exercise asks for the correlation "
                  "of the two network averages (exercise 2.4's recipe).")
    mistakes = {
        before: "That is the value *before* global-signal regression.",
        other(cleaned): other_hint,
        measure(with_and_without_gsr(real, real.mean(axis=1))[True]):
            "You used the mean of the 17 course nodes as the global signal. The global signal is the mean of "
            "the whole brain: real.attrs['global_signal'] (all 94 regions).",
    }
    if summary == "pairs":
        dmn = [label for label in DMN_NODES if label in cleaned.columns]
        task_positive = [label for label in TASK_POSITIVE_NODES if label in cleaned.columns]
        plain = float(cleaned.corr().loc[dmn, task_positive].to_numpy().mean())
        if abs(plain - expected) > tolerance:
            mistakes.setdefault(plain, "That is the plain mean of the 49 r. Average them on Fisher's z scale "
                                       "(np.arctanh, mean, np.tanh), as in lab 1.")
    shift = ("turns negative" if expected < 0 <= before else
             "grows more negative" if expected < before < 0 else "stays positive even so")
    what = ("Mean DMN–task-positive pair r" if summary == "pairs" else "r(DMN, task-positive)")
    recipe = ("take the 7 × 7 DMN–task-positive block of the correlation matrix and average it on Fisher's "
              "z scale" if summary == "pairs" else "use the same network averages as exercise 2.4")
    return checks.check_close(
        answer, expected, f"{what} after global-signal regression", tolerance, mistakes,
        right_message=(f"{what} = {expected:+.2f} after global-signal regression, against {before:+.2f} "
                       f"before: regressing out the global signal shifts almost every correlation down, and "
                       f"this one {shift}. Part of the anticorrelation other analyses report is made by the "
                       "preprocessing."),
        fallback_hint=("Regress every node on a constant and real.attrs['global_signal'] (np.linalg.lstsq; keep "
                       f"the residuals), then {recipe}."))


@checks.exercise("2.6", method="Collect one PCC task β per control; divide their mean by their sample "
                                "standard deviation (ddof=1).",
                 code="pcc_dz = betas.mean() / betas.std()")
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

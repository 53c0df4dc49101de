"""Chapter 4 — Rumination: the clinical consequence.

What the chapter's page and lab use:

* **Data:** :func:`rumination_table` (RRS scores, MADRS and two baseline connectivity
  measures per participant of the SIMULATED cohort), :func:`rrs_items`.
* **Science:** :func:`brooding_correlation` (r with a Fisher-z interval, a permutation p and
  a partial correlation), :func:`subscale_alphas`, :func:`example_thoughts` and
  :func:`correlation_studies` (how small and circular brain–behaviour studies overstate).
* **Figures and widgets:** :func:`plot_thought_timeline`, :func:`sticky_thoughts_explorer`,
  :func:`plot_correlation_studies`, :func:`correlation_study_explorer`.
* **Checkers** for the lab's exercises (``check_*``), which name the common mistakes.

Rumination questionnaire answers, thought states and connectivity here are SIMULATED
(the course's virtual cohort): they follow published directions, not real people.
"""
from __future__ import annotations

from functools import lru_cache

import lazy_loader as lazy
import numpy as np

from .course import checks
from .course.checks import Feedback
from .course.widgets import Control, Explorer

pd = lazy.load("pandas")
plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

SIMULATED_NOTE = "Simulated data from the course's virtual cohort (not real people)."
#: DMN dominance values offered by the sticky-thoughts widget (SD units; healthy mean 0).
DOMINANCES = (-1.0, 0.0, 1.0, 2.0, 3.0)
#: Participants per study offered by the correlation-study widget.
STUDY_SIZES = (25, 50, 100, 250, 1000)
#: The true brain–behaviour correlation in the simulated studies: small, as large samples
#: find for brain-wide associations (Marek et al. 2022); the exact value is a teaching choice.
TRUE_R = 0.10
#: Candidate regions a circular study searches before reporting the best one.
CIRCULAR_CANDIDATES = 20
#: Minutes of thought shown on the timeline.
TIMELINE_MINUTES = 10
RUMINATIVE_COLOUR = "#D55E00"  # Okabe–Ito vermillion
OTHER_COLOUR = "#56B4E9"       # Okabe–Ito sky blue
TRUE_COLOUR = "#009E73"        # Okabe–Ito bluish green


# =====================================================================================
# Data
# =====================================================================================
@lru_cache(maxsize=1)
def rumination_table() -> pd.DataFrame:
    """One row per participant: group, MADRS, RRS scores and baseline connectivity (SIMULATED).

    Columns ``group``, ``madrs_baseline``, ``rrs_total``, ``rrs_brooding``, ``rrs_reflection``,
    ``dmn_sgacc`` (mean r of the DMN nodes with the sgACC) and ``within_dmn`` (mean r between
    DMN nodes), both from the baseline rest run, Fisher-z averaged.
    """
    from .datasets.loaders import load_participants, load_timeseries
    from .methods.connectivity import summarise_run

    participants = load_participants()
    summaries = {pid: summarise_run(load_timeseries(pid)) for pid in participants.index}
    table = participants[["group", "madrs_baseline", "rrs_total", "rrs_brooding", "rrs_reflection"]].copy()
    for column in ("madrs_baseline", "rrs_total", "rrs_brooding", "rrs_reflection"):
        table[column] = table[column].astype(float)
    table["dmn_sgacc"] = [summaries[pid]["DMN–sgACC"] for pid in table.index]
    table["within_dmn"] = [summaries[pid]["within DMN"] for pid in table.index]
    table.attrs["simulated"] = SIMULATED_NOTE
    return table


def rrs_items() -> pd.DataFrame:
    """The simulated RRS answers (22 items, 1–4), indexed by participant, columns ``rrs_01`` …"""
    from .cohort.questionnaires import RRS_COLUMNS
    from .datasets.loaders import load_rrs_items

    return load_rrs_items()[list(RRS_COLUMNS)].astype(float)


def _subscale_columns(name: str) -> list[str]:
    from .cohort.questionnaires import RRS_BROODING_ITEMS, RRS_REFLECTION_ITEMS

    items = RRS_BROODING_ITEMS if name == "brooding" else RRS_REFLECTION_ITEMS
    return [f"rrs_{item:02d}" for item in items]


# =====================================================================================
# Science
# =====================================================================================
def brooding_correlation(table: pd.DataFrame | None = None, column: str = "dmn_sgacc",
                         n_permutations: int = 10_000) -> dict:
    """How brooding goes with a brain measure, honestly reported.

    Returns
    -------
    dict
        ``r`` (Pearson, brooding vs ``column``, all participants) with its 95% Fisher-z
        interval ``ci_low``/``ci_high``, ``p_permutation`` (two-sided), ``n``,
        ``partial_r`` (controlling for baseline MADRS: does brooding add anything beyond
        how depressed people are?) and ``reflection_r`` (the same r for reflection).
    """
    from .methods.stats import correlation_with_ci, partial_correlation, permutation_test_correlation

    table = rumination_table() if table is None else table
    result = correlation_with_ci(table["rrs_brooding"], table[column])
    result["p_permutation"] = permutation_test_correlation(table["rrs_brooding"], table[column], n_permutations)
    result["partial_r"] = partial_correlation(table["rrs_brooding"], table[column], table["madrs_baseline"])
    result["reflection_r"] = float(np.corrcoef(table["rrs_reflection"], table[column])[0, 1])
    return result


def subscale_alphas(items: pd.DataFrame | None = None) -> dict:
    """Cronbach's alpha of the brooding and reflection subscales (and brooding per group).

    Mixing patients and controls inflates alpha: the groups differ in their mean level, which
    makes every item vary together across the mixed sample.
    """
    from .methods.stats import cronbach_alpha

    items = rrs_items() if items is None else items
    groups = rumination_table()["group"].reindex(items.index)
    brooding, reflection = _subscale_columns("brooding"), _subscale_columns("reflection")
    return {
        "brooding": cronbach_alpha(items[brooding]),
        "reflection": cronbach_alpha(items[reflection]),
        "brooding_patients": cronbach_alpha(items.loc[groups == "depressed", brooding]),
        "brooding_controls": cronbach_alpha(items.loc[groups == "control", brooding]),
    }


def example_thoughts(dominance: float = 0.0, seed: int = 4):
    """One simulated hour of thought for a person with this DMN dominance (SIMULATED).

    Returns a :class:`dmnlab.cohort.thoughts.ThoughtStates` (one state every 10 s).
    """
    from .cohort.thoughts import simulate_thought_states

    return simulate_thought_states(float(dominance), seed=seed)


def control_mean_dwell() -> float:
    """Expected length (s) of a ruminative episode at the healthy mean dominance (0)."""
    from .cohort.thoughts import THOUGHT_STEP_SECONDS, stickiness

    return float(THOUGHT_STEP_SECONDS / (1.0 - stickiness(0.0)))


@lru_cache(maxsize=32)
def correlation_studies(n_per_study: int = 25, circular: bool = False) -> dict:
    """Simulated brain–behaviour studies of a small true correlation (:data:`TRUE_R`).

    ``circular=True``: each study searches :data:`CIRCULAR_CANDIDATES` regions and reports the
    one with the largest r in its own data. See
    :func:`dmnlab.methods.stats.simulate_correlation_studies`.
    """
    from .methods.stats import simulate_correlation_studies

    n_candidates = CIRCULAR_CANDIDATES if circular else 1
    result = simulate_correlation_studies(TRUE_R, int(n_per_study), n_studies=400,
                                          n_candidates=n_candidates, seed=int(n_per_study))
    result["circular"] = bool(circular)
    return result


# =====================================================================================
# Figures and widgets
# =====================================================================================
_DWELL_BINS = np.arange(5, 215, 10)  # 10-s bins centred on 10, 20, … 200 s; longer ones in the last


def _dwell_counts(states) -> np.ndarray:
    episodes = states.dwell_times()
    lengths = np.minimum(episodes.loc[episodes.state == "ruminative", "duration"].to_numpy(), 200)
    counts, _ = np.histogram(lengths, bins=_DWELL_BINS)
    return counts


def _timeline_image(states) -> np.ndarray:
    steps = int(TIMELINE_MINUTES * 60 / states.step_seconds)
    return states.states[:steps].astype(float)[None, :]


def _describe_thoughts(dominance: float, states) -> str:
    control = control_mean_dwell()
    mean = float(states.mean_dwell_seconds)
    return (f"Simulated stream of thought for a person with DMN dominance {dominance:+.0f} SD. Top: "
            f"{TIMELINE_MINUTES} minutes as a strip, ruminative stretches in vermillion, other thought in "
            f"light blue. Bottom: histogram of the lengths of the ruminative episodes over one hour; "
            f"mean {mean:.0f} s (dashed line) against {control:.0f} s expected at the healthy mean "
            f"(dotted line); ruminating {float(states.fraction_ruminating):.0%} of the time.")


class _ThoughtPanels:
    """The timeline and dwell-time histogram, built once and updated in place."""

    def __init__(self, figure):
        from matplotlib.colors import ListedColormap

        self.time_ax = figure.add_axes([0.08, 0.70, 0.88, 0.16])
        minutes = TIMELINE_MINUTES
        self.strip = self.time_ax.imshow(np.zeros((1, minutes * 6)), aspect="auto", vmin=0, vmax=1,
                                         cmap=ListedColormap([OTHER_COLOUR, RUMINATIVE_COLOUR]),
                                         extent=(0, minutes, 0, 1))
        self.time_ax.set_yticks([])
        self.time_ax.set_xlabel("minutes", fontsize=8)
        self.time_ax.tick_params(labelsize=8)
        self.hist_ax = figure.add_axes([0.08, 0.13, 0.88, 0.40])
        centres = (_DWELL_BINS[:-1] + _DWELL_BINS[1:]) / 2
        self.bars = self.hist_ax.bar(centres, np.zeros(len(centres)), width=9, color=RUMINATIVE_COLOUR)
        self.hist_ax.set_xlim(0, 210)
        self.hist_ax.set_ylim(0, 30)
        self.hist_ax.set_xlabel("length of a ruminative episode (s; the last bar: 200 s or more)", fontsize=8)
        self.hist_ax.set_ylabel("episodes in one hour", fontsize=8)
        self.hist_ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            self.hist_ax.spines[side].set_visible(False)
        self.mean_line = self.hist_ax.axvline(0, color="black", linestyle="--", linewidth=1.2)
        self.control_line = self.hist_ax.axvline(control_mean_dwell(), color="0.3", linestyle=":", linewidth=1.5)
        self.text = self.hist_ax.text(205, 28, "", ha="right", va="top", fontsize=8.5)
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, dominance: float, states) -> None:
        self.strip.set_data(_timeline_image(states))
        for bar, count in zip(self.bars, _dwell_counts(states)):
            bar.set_height(min(count, 30))
        mean = float(states.mean_dwell_seconds)
        self.mean_line.set_xdata([mean, mean])
        self.text.set_text(f"mean episode {mean:.0f} s (dashed)\nhealthy mean {control_mean_dwell():.0f} s (dotted)\n"
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
    panels = _ThoughtPanels(figure)
    states = example_thoughts(dominance)
    panels.show(dominance, states)
    plotting.set_alt_text(figure, _describe_thoughts(dominance, states))
    return figure


def sticky_thoughts_explorer(dominances=DOMINANCES) -> Explorer:
    """Widget: DMN dominance → how sticky rumination is (timeline and episode lengths)."""
    figure = plotting.new_figure(7.2, 3.8)
    panels = _ThoughtPanels(figure)
    cache = {float(d): example_thoughts(d) for d in dominances}

    def update(dominance):
        panels.show(dominance, cache[float(dominance)])

    def describe(dominance):
        return _describe_thoughts(dominance, cache[float(dominance)])

    control = Control("dominance", "DMN dominance (SD)", [(f"{d:+.0f}", float(d)) for d in dominances],
                      value=0.0, kind="slider")
    return Explorer(figure, update, [control], describe, dynamic_artists=panels.artists(),
                    title="Sticky thoughts", note=SIMULATED_NOTE + " The thought model is a teaching model.")


def _describe_studies(result: dict) -> str:
    kind = (f"each reporting the best of {CIRCULAR_CANDIDATES} regions chosen on the same data (circular)"
            if result["circular"] else "each testing one region chosen in advance")
    significant = result["mean_abs_r_significant"]
    return (f"Histogram of the correlation reported by {len(result['observed'])} simulated studies of "
            f"{result['n']} people, {kind}. True correlation r = {result['true_r']:.2f} (green line). "
            f"Reported r: mean {result['mean_r']:.2f}, from {result['observed'].min():.2f} to "
            f"{result['observed'].max():.2f}; {result['share_significant']:.0%} of studies are significant "
            f"(p < 0.05), and those report on average |r| = "
            f"{'none' if np.isnan(significant) else f'{significant:.2f}'}.")


class _StudyPanel:
    BINS = np.linspace(-0.8, 1.0, 46)

    def __init__(self, figure):
        self.ax = figure.add_axes([0.10, 0.16, 0.86, 0.70])
        centres = (self.BINS[:-1] + self.BINS[1:]) / 2
        self.bars = self.ax.bar(centres, np.zeros(len(centres)), width=self.BINS[1] - self.BINS[0],
                                color="0.6", edgecolor="white", linewidth=0.4)
        self.ax.axvline(TRUE_R, color=TRUE_COLOUR, linewidth=2.2, label=f"true r = {TRUE_R:.2f}")
        self.ax.axvline(0, color="black", linewidth=0.6)
        self.ax.set_xlim(-0.8, 1.0)
        self.ax.set_ylim(0, 400)
        self.ax.set_xlabel("correlation reported by a study (r)", fontsize=8.5)
        self.ax.set_ylabel("studies (of 400)", fontsize=8.5)
        self.ax.legend(loc="upper left", frameon=False, fontsize=8.5)
        for side in ("top", "right"):
            self.ax.spines[side].set_visible(False)
        self.text = self.ax.text(0.98, 380, "", ha="right", va="top", fontsize=8.5)
        self.title = figure.text(0.5, 0.975, "", ha="center", va="top", fontsize=9.5)

    def show(self, result: dict) -> None:
        counts, _ = np.histogram(result["observed"], bins=self.BINS)
        significant, _ = np.histogram(result["observed"][result["p"] < 0.05], bins=self.BINS)
        for bar, count, sig in zip(self.bars, counts, significant):
            bar.set_height(min(count, 400))
            bar.set_facecolor(RUMINATIVE_COLOUR if sig > count / 2 else "0.6")
        mean_sig = result["mean_abs_r_significant"]
        self.text.set_text(f"significant (vermillion): {result['share_significant']:.0%}\n"
                           f"their mean |r|: {'—' if np.isnan(mean_sig) else f'{mean_sig:.2f}'}")
        how = "best of 20 regions (circular)" if result["circular"] else "one region chosen in advance"
        self.title.set_text(f"{result['n']} people per study, {how} — simulated studies")

    def artists(self):
        return [*self.bars, self.text, self.title]


def plot_correlation_studies(n_per_study: int = 25, circular: bool = False, ax=None):
    """Histogram of the r reported by simulated studies against the true r."""
    if ax is not None:
        raise ValueError("plot_correlation_studies makes its own figure; call it without ax.")
    figure = plotting.new_figure(7.0, 3.4)
    panel = _StudyPanel(figure)
    result = correlation_studies(n_per_study, circular)
    panel.show(result)
    plotting.set_alt_text(figure, _describe_studies(result))
    return figure


def correlation_study_explorer(sizes=STUDY_SIZES) -> Explorer:
    """Widget: study size × circular region choice → how far reported r strays from the truth."""
    for n in sizes:  # every state simulated once, up front: moves stay fast
        for circular in (False, True):
            correlation_studies(n, circular)
    figure = plotting.new_figure(7.0, 3.4)
    panel = _StudyPanel(figure)

    def update(n_per_study, circular):
        panel.show(correlation_studies(n_per_study, circular))

    def describe(n_per_study, circular):
        return _describe_studies(correlation_studies(n_per_study, circular))

    controls = [Control("n_per_study", "People per study", list(sizes), value=sizes[0], kind="slider"),
                Control("circular", "Region chosen on the same data", [("no", False), ("yes", True)], value=False)]
    return Explorer(figure, update, controls, describe, dynamic_artists=panel.artists(),
                    title="Brain–behaviour correlation under the microscope",
                    note="Simulated studies; the true correlation is a teaching choice.")


BENCH_WIDGETS = {"sticky_thoughts_explorer": sticky_thoughts_explorer,
                 "correlation_study_explorer": correlation_study_explorer}


# =====================================================================================
# Exercise checkers
# =====================================================================================
def _series(answer, index, what: str):
    """A per-participant answer as a float Series aligned to ``index``, or Feedback."""
    if answer is None:
        return checks.no_answer(what)
    if isinstance(answer, pd.DataFrame):
        return checks.wrong(f"{what} should be one value per participant (a Series), not a table.",
                            "Select or compute one column.")
    try:
        values = pd.Series(answer, dtype=float) if not isinstance(answer, pd.Series) else answer.astype(float)
    except (TypeError, ValueError):
        return checks.wrong(f"{what} should hold numbers, one per participant.", "Sum the item columns per row.")
    if len(values) != len(index):
        return checks.wrong(f"{what} has {len(values)} values; there are {len(index)} participants.",
                            "Sum across the items of each row (axis=1), not down the columns.")
    if isinstance(answer, pd.Series) and set(values.index) == set(index):
        return values.reindex(index)
    return pd.Series(values.to_numpy(), index=index)


def check_subscales(brooding, reflection, items: pd.DataFrame) -> Feedback:
    """Exercise 4.1: brooding and reflection scores (sums of their five items) per participant."""
    for what, answer, name in (("Your brooding scores", brooding, "brooding"),
                               ("Your reflection scores", reflection, "reflection")):
        values = _series(answer, items.index, what)
        if isinstance(values, Feedback):
            return values
        expected = items[_subscale_columns(name)].sum(axis=1)
        if np.allclose(values, expected):
            continue
        other = "reflection" if name == "brooding" else "brooding"
        mistakes = {
            "total": (items.sum(axis=1), "that is the sum of all 22 items (the RRS total, 22–88). A "
                                         f"subscale sums only its five {name} items."),
            "swapped": (items[_subscale_columns(other)].sum(axis=1), f"these are the {other} items."),
            "mean": (items[_subscale_columns(name)].mean(axis=1), "that is the mean of the items; the "
                                                                  "RRS subscales are sums (range 5–20)."),
            "shifted": (items[[f"rrs_{i - 1:02d}" for i in _subscale_items(name) if i > 1]].sum(axis=1),
                        "the item numbers are off by one (counting from 0?). Use the columns "
                        f"{_subscale_columns(name)}."),
        }
        for wrong_values, hint in mistakes.values():
            if len(wrong_values) == len(values) and np.allclose(values, wrong_values):
                return checks.wrong(f"{what}: {hint}", f"Sum the columns {_subscale_columns(name)}.")
        if ((values < 5) | (values > 20)).any():
            return checks.wrong(f"{what} fall outside 5–20, the range of a five-item subscale scored 1–4.",
                                f"Sum the columns {_subscale_columns(name)}.")
        return checks.wrong(f"{what} differ from the sums of the {name} items.",
                            f"Sum the columns {_subscale_columns(name)}.")
    return checks.right("brooding and reflection are each the sum of five items (5–20). They are related "
                        f"(r = {np.corrcoef(brooding, reflection)[0, 1]:.2f} here) but separate factors "
                        "(Treynor et al. 2003).")


def _subscale_items(name: str):
    from .cohort.questionnaires import RRS_BROODING_ITEMS, RRS_REFLECTION_ITEMS

    return RRS_BROODING_ITEMS if name == "brooding" else RRS_REFLECTION_ITEMS


def check_alpha(answer, items: pd.DataFrame, subscale: str = "brooding") -> Feedback:
    """Exercise 4.2: Cronbach's alpha of one subscale (all participants)."""
    from .methods.stats import cronbach_alpha

    columns = _subscale_columns(subscale)
    expected = cronbach_alpha(items[columns])
    standardised = items[columns].corr().to_numpy()
    k = len(columns)
    mean_r = standardised[np.triu_indices(k, 1)].mean()
    mistakes = {
        cronbach_alpha(items): "that is alpha of all 22 items; compute it for the five subscale items only.",
        mean_r: "that is the mean correlation between the items, not alpha. Alpha = k/(k−1) · "
                "(1 − sum of item variances / variance of the total).",
        cronbach_alpha(items[_subscale_columns("reflection" if subscale == "brooding" else "brooding")]):
            "that is the other subscale.",
    }
    return checks.check_close(
        answer, expected, f"Cronbach's alpha of {subscale}", 0.005, mistakes,
        right_message=(f"alpha = {expected:.2f} for the five {subscale} items. Treynor et al. (2003) report "
                       "about .77 (brooding) and .72 (reflection); the simulated scale was calibrated to that."),
        fallback_hint="alpha = k/(k−1) · (1 − Σ item variances / variance of the row sums), with k = 5.")


def check_brooding_r(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.3: Pearson r of brooding with DMN–sgACC connectivity (all participants)."""
    expected = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    patients = table[table.group == "depressed"]
    mistakes = {
        float(table[["rrs_brooding", "dmn_sgacc"]].corr(method="spearman").iloc[0, 1]):
            "that is Spearman's rho (Pearson on ranks). This exercise asks for Pearson's r on the scores.",
        float(np.corrcoef(table["rrs_reflection"], table["dmn_sgacc"])[0, 1]): "that uses reflection, not brooding.",
        float(np.corrcoef(table["rrs_total"], table["dmn_sgacc"])[0, 1]): "that uses the RRS total, not brooding.",
        float(np.corrcoef(patients["rrs_brooding"], patients["dmn_sgacc"])[0, 1]):
            "that is patients only; use all participants.",
        float(np.corrcoef(table["rrs_brooding"], table["within_dmn"])[0, 1]):
            "that is within-DMN connectivity; use the DMN–sgACC column.",
    }
    return checks.check_close(answer, expected, "r(brooding, DMN–sgACC)", 0.005, mistakes,
                              right_message=f"r = {expected:.2f} across all {len(table)} participants (simulated).",
                              fallback_hint="np.corrcoef(table['rrs_brooding'], table['dmn_sgacc'])[0, 1]")


def check_r_interval(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.3b: the 95% confidence interval of that r, via Fisher's z."""
    from .methods.stats import correlation_with_ci

    result = correlation_with_ci(table["rrs_brooding"], table["dmn_sgacc"])
    if answer is None:
        return checks.no_answer("Your interval")
    try:
        low, high = (float(v) for v in answer)
    except (TypeError, ValueError):
        return checks.wrong("Your interval should be two numbers, (low, high).", "For example (0.05, 0.45).")
    if abs(low - result["ci_low"]) <= 0.01 and abs(high - result["ci_high"]) <= 0.01:
        return checks.right(f"95% CI [{low:.2f}, {high:.2f}]: built on Fisher's z scale, so it is not symmetric "
                            f"around r = {result['r']:.2f}.")
    r, n = result["r"], result["n"]
    naive = 1.96 * (1 - r ** 2) / np.sqrt(n - 1)
    if abs(low - (r - naive)) <= 0.01 and abs(high - (r + naive)) <= 0.01:
        return checks.wrong("that interval is r ± 1.96 · SE on the r scale: you forgot Fisher's z.",
                            "Transform z = arctanh(r), add ± 1.96/√(n − 3), then transform back with tanh.")
    return checks.wrong(f"[{low:.2f}, {high:.2f}] is not the Fisher-z interval.",
                        "z = arctanh(r); z ± 1.96/√(n − 3); back with tanh.")


def check_partial_r(answer, table: pd.DataFrame) -> Feedback:
    """Exercise 4.4: brooding vs DMN–sgACC, controlling for baseline MADRS (partial correlation)."""
    from .methods.stats import partial_correlation

    expected = partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], table["madrs_baseline"])
    plain = float(np.corrcoef(table["rrs_brooding"], table["dmn_sgacc"])[0, 1])
    group = (table["group"] == "depressed").astype(float)
    mistakes = {
        plain: "that is the plain correlation; remove MADRS from both variables first.",
        partial_correlation(table["rrs_brooding"], table["dmn_sgacc"], group):
            "that controls for group, not for depression severity (MADRS).",
    }
    return checks.check_close(
        answer, expected, "partial r(brooding, DMN–sgACC | MADRS)", 0.005, mistakes,
        right_message=(f"partial r = {expected:.2f} (plain r = {plain:.2f}). What is left is the link that "
                       "depression severity does not explain."),
        fallback_hint="Regress brooding on MADRS and DMN–sgACC on MADRS, then correlate the two residuals.")


def check_mean_dwell(answer, states) -> Feedback:
    """Exercise 4.5: mean length (s) of the ruminative episodes in a thought sequence."""
    expected = float(states.mean_dwell_seconds)
    episodes = states.dwell_times()
    mistakes = {
        expected / states.step_seconds: "that is in steps; one step lasts 10 s.",
        float(episodes["duration"].mean()): "that averages all episodes, ruminative and other; keep only "
                                            "the ruminative ones.",
        float(states.fraction_ruminating): "that is the share of time spent ruminating, not an episode length.",
        float(states.states.sum() * states.step_seconds): "that is the total time ruminating, not the mean "
                                                          "episode length.",
    }
    return checks.check_close(answer, expected, "Mean ruminative episode", 0.5, mistakes, unit=" s",
                              right_message=(f"the mean ruminative episode lasts {expected:.0f} s; at the "
                                             f"healthy mean it would be about {control_mean_dwell():.0f} s."),
                              fallback_hint="Find where the state changes, measure each run of True values, "
                                            "and average their lengths in seconds.")

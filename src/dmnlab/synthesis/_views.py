"""Chapter 8: the evidence ladder, the claim explorer and the settling-study explorer, each with its alt text."""
from __future__ import annotations

import textwrap

import lazy_loader as lazy
import numpy as np

from ..course.palette import BLUISH_GREEN, INACTIVE, ORANGE, SIGNAL, TRUTH, VERMILLION
from ..course.widgets import Control, Explorer
from ..study.evidence import LADDER
from ._measures import (
    ACTIVE_PLACEBO_EFFECT,
    CHAPTER_TITLES,
    POPULAR_STORY,
    REALISTIC_BRAIN_EFFECT,
    SETTLING_ALPHA,
    SETTLING_POWER,
    STORY_WORDS,
    claim_by_id,
    register_rungs,
    story_rungs,
)

plotting = lazy.load("dmnlab.course.plotting", suppress_warning=True)

#: How each verdict is drawn: a colour by meaning AND a marker shape and word, so colour is not the only cue.
VERDICT_STYLE = {"solid": (BLUISH_GREEN, "o", "solid"), "debated": (ORANGE, "D", "debated"),
                 "overstated": (VERMILLION, "X", "overstated")}
#: The rungs' labels on the figure, wrapped.
RUNG_LABELS = tuple(textwrap.fill(rung, 14) for rung in LADDER)
#: Effect sizes the settling-study explorer offers (standardised difference between two arms).
SETTLING_EFFECTS = (0.2, REALISTIC_BRAIN_EFFECT, 0.3, 0.4, 0.5, 0.6, ACTIVE_PLACEBO_EFFECT, 0.8, 1.0, 1.2)


def describe_evidence_ladder(story=POPULAR_STORY) -> str:
    """Alt text of the ladder: every claim with its rung and verdict, from the register."""
    rungs = story_rungs(story)
    items = "; ".join(f"{number}. {row.words}: {row.ladder}, {row.verdict}"
                      for number, row in enumerate(rungs.itertuples(), start=1))
    counts = rungs["verdict"].value_counts()
    return (f"Evidence ladder: the {len(rungs)} claims of the popular ketamine and DMN story, top to bottom in the "
            f"order the story tells them, each placed on the strongest of {len(LADDER)} rungs of evidence behind it, "
            f"from animals on the left to replicated in large samples on the right, and marked by its verdict "
            f"({counts.get('solid', 0)} solid as circles, {counts.get('debated', 0)} debated as diamonds, "
            f"{counts.get('overstated', 0)} overstated as crosses). {items}.")


def _draw_ladder(ax, story):
    rungs = story_rungs(story)
    y = np.arange(len(rungs))[::-1]
    for x in range(len(LADDER)):
        ax.axvline(x, color=INACTIVE, linewidth=0.8, zorder=0)
    points = {}
    for (claim_id, row), level in zip(rungs.iterrows(), y):
        colour, marker, word = VERDICT_STYLE[row["verdict"]]
        ax.plot([-0.4, row["rung"]], [level, level], color=colour, linewidth=2, alpha=0.45, zorder=1)
        (point,) = ax.plot(row["rung"], level, marker=marker, markersize=10, color=colour,
                           markeredgecolor="black", linestyle="none", zorder=3, gid=f"claim-{claim_id}")
        # Clear of the highlight ring; on white, so the rungs' grey lines do not run through the word.
        ax.annotate(word, (row["rung"], level), xytext=(12, 0), textcoords="offset points", va="center",
                    fontsize=7.5, color=plotting.readable(colour),
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        points[claim_id] = point
    ax.set_yticks(y)
    ax.set_yticklabels([f"{number}. {words}" for number, words in enumerate(rungs["words"], start=1)], fontsize=8)
    ax.set_xticks(range(len(LADDER)))
    ax.set_xticklabels(RUNG_LABELS, fontsize=7.5)
    ax.set_xlim(-0.5, len(LADDER) + 0.4)      # room for a verdict word right of the last rung
    ax.set_ylim(-0.7, len(rungs) - 0.3)
    ax.set_xlabel("strongest evidence behind the claim (weaker → stronger)", fontsize=8)
    plotting.tidy_axes(ax)
    return rungs, y, points


def plot_evidence_ladder(story=POPULAR_STORY, ax=None):
    """The evidence ladder: each claim of the popular story on the rung of its strongest evidence."""
    figure, ax = plotting.figure_and_ax(ax, 8.6, 4.6, rect=[0.33, 0.2, 0.62, 0.76])
    _draw_ladder(ax, story)
    handles = [ax.plot([], [], marker=marker, color=colour, markeredgecolor="black", linestyle="none",
                       label=word)[0] for colour, marker, word in VERDICT_STYLE.values()]
    ax.legend(handles=handles, loc="lower right", fontsize=7.5, frameon=True, title="verdict", title_fontsize=7.5)
    plotting.set_alt_text(figure, describe_evidence_ladder(story), own_figure=ax is None)
    return figure


def describe_register_overview() -> str:
    table = register_rungs()
    parts = "; ".join(f"{rung}: " + ", ".join(f"{int(table.loc[rung, v])} {v}" for v in table.columns)
                      for rung in table.index)
    return (f"Horizontal stacked bars, one per rung of the evidence ladder from animals (top) to replicated in large "
            f"samples (bottom), counting all {int(table.to_numpy().sum())} claims the course appraises by verdict "
            f"(solid, debated, overstated; each segment labelled with its count). {parts}.")


def plot_register_overview(ax=None):
    """All the course's appraised claims by the rung of their strongest evidence and their verdict."""
    figure, ax = plotting.figure_and_ax(ax, 7.6, 3.4, rect=[0.31, 0.16, 0.66, 0.8])
    table = register_rungs()
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for verdict in table.columns:
        colour, _, word = VERDICT_STYLE[verdict]
        counts = table[verdict].to_numpy()
        bars = ax.barh(y, counts, left=left, color=colour, edgecolor="black", linewidth=0.6, label=word,
                       hatch={"solid": "", "debated": "//", "overstated": "xx"}[verdict])
        for bar, count in zip(bars, counts):
            if count:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(int(count)),
                        ha="center", va="center", fontsize=8, color=plotting.ink_on(colour),
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": colour, "edgecolor": "none"})
        left += counts
    ax.set_yticks(y)
    ax.set_yticklabels([label.replace("\n", " ") for label in RUNG_LABELS], fontsize=8)
    ax.set_xlabel("claims appraised in chapters 1–8", fontsize=8)
    ax.legend(loc="lower right", fontsize=7.5, title="verdict", title_fontsize=7.5)
    plotting.tidy_axes(ax, 8)
    plotting.set_alt_text(figure, describe_register_overview(), own_figure=ax is None)
    return figure


def plot_chance_aucs(result: dict, ax=None):
    """Lab 8: the cross-validated AUCs of shuffled outcomes (chance) against the learner's own AUC.

    ``result``: :func:`dmnlab.methods.prediction.cross_validated_auc` with ``n_permutations`` set.
    """
    null = np.asarray(result["null_aucs"], dtype=float)
    auc = float(result["auc"])
    figure, ax = plotting.figure_and_ax(ax, 6.0, 2.8, rect=[0.11, 0.2, 0.85, 0.7])
    ax.hist(null, bins=20, color=INACTIVE, edgecolor="black", linewidth=0.4, label="shuffled outcomes (chance)")
    ax.axvline(auc, color="black", linestyle="--", label=f"your cross-validated AUC ({auc:.2f})")
    ax.set_xlabel("cross-validated AUC")
    ax.set_ylabel("shuffles")
    ax.legend(fontsize=8)
    plotting.tidy_axes(ax, 8)
    share = float(np.mean(null >= auc))
    plotting.set_alt_text(figure, (
        f"Histogram of {null.size} cross-validated AUCs after shuffling the outcome (chance), spread from "
        f"{null.min():.2f} to {null.max():.2f} around 0.5, with a dashed line at your AUC of {auc:.2f}: "
        f"{share:.0%} of the shuffled runs reach it or more (permutation p = {result['p_permutation']:.3f})."),
        own_figure=ax is None)
    return figure


def describe_claim_explorer(claim: str) -> str:
    """What the claim explorer shows for one claim: its rung, who/n/when/design, verdict and chapter."""
    row = claim_by_id()[claim]
    chapter = CHAPTER_TITLES.get(row.chapter, row.chapter)
    return (f"Evidence ladder with the claim \"{STORY_WORDS.get(claim, row.claim)}\" highlighted on the rung "
            f"{row.ladder} ({LADDER.index(row.ladder) + 1} of {len(LADDER)}); verdict {row.verdict}. Who: "
            f"{' and '.join(row.who)}; n: {row.n}; when: {', '.join(row.when)}; design: {', '.join(row.design)}. "
            f"Taught in {chapter}.")


def _claim_card(claim: str) -> str:
    row = claim_by_id()[claim]
    wrap = lambda text: textwrap.fill(text, 46)  # noqa: E731
    return "\n".join([wrap(f"\"{STORY_WORDS.get(claim, row.claim)}\""),
                      f"rung: {row.ladder}", f"verdict: {row.verdict}",
                      wrap("who: " + " and ".join(row.who)), wrap("n: " + row.n),
                      wrap("when: " + ", ".join(row.when)), wrap("design: " + ", ".join(row.design)),
                      f"taught in {CHAPTER_TITLES.get(row.chapter, row.chapter)}"])


def claim_explorer(story=POPULAR_STORY) -> Explorer:
    """Widget: pick a claim of the story and read where it sits on the ladder and what stands behind it."""
    figure = plotting.new_figure(10.4, 4.8)
    ax = figure.add_axes([0.25, 0.27, 0.4, 0.7])
    rungs, y, _ = _draw_ladder(ax, story)
    ax.set_xticklabels(LADDER, fontsize=7, rotation=35, ha="right")
    ax.set_xlabel("")
    levels = dict(zip(rungs.index, y))
    (ring,) = ax.plot([], [], marker="o", markersize=19, markerfacecolor="none", markeredgecolor="black",
                      markeredgewidth=2, linestyle="none", zorder=4, gid="highlight")
    card = figure.text(0.68, 0.95, "", va="top", ha="left", fontsize=7.5, family="sans-serif", gid="card")

    def update(claim):
        ring.set_data([rungs.loc[claim, "rung"]], [levels[claim]])
        card.set_text(_claim_card(claim))

    options = [(f"{number}. {words}", claim_id) for number, (claim_id, words)
               in enumerate(rungs["words"].items(), start=1)]
    control = Control("claim", "Claim", options, value=story[-1])
    return Explorer(figure, update, [control], describe_claim_explorer, dynamic_artists=[ring, card],
                    title="Claim explorer: the popular story on the evidence ladder",
                    note="From the course's evidence register (published studies); no simulated data.")


def describe_settling_study(effect: float) -> str:
    from ..methods.stats import n_for_power

    n = n_for_power(effect, SETTLING_POWER, SETTLING_ALPHA)
    return (f"Power of a two-arm trial against the number of participants per arm (10 to 1,000, log scale) for a "
            f"true difference of {effect:.2f} standard deviations between the arms: power reaches "
            f"{SETTLING_POWER:.0%} at {n} per arm ({2 * n} in all), two-sided alpha {SETTLING_ALPHA}.")


def settling_study_explorer(effects=SETTLING_EFFECTS) -> Explorer:
    """Widget: choose the true difference between two arms and see how many people a trial needs."""
    from ..methods.stats import n_for_power, power_two_sample

    figure = plotting.new_figure(6.4, 3.2)
    ax = figure.add_axes([0.12, 0.17, 0.84, 0.72])
    sizes = np.unique(np.geomspace(10, 1000, 120).astype(int))
    ax.set_xscale("log")
    ax.set_xlim(10, 1000)
    ax.set_ylim(0, 1.02)
    ax.axhline(SETTLING_POWER, color=TRUTH, linestyle=":", linewidth=1)
    ax.set_xlabel("participants per arm (log scale)")
    ax.set_ylabel("power")
    plotting.tidy_axes(ax, 8)
    (curve,) = ax.plot(sizes, np.zeros(sizes.size), color=SIGNAL, linewidth=2, gid="power")
    needed = ax.axvline(10, color="black", linestyle="--", linewidth=1, gid="needed")
    # Over the panel, not in it, where the steep curves of large differences ran through it.
    label = ax.text(0, 1.03, "", transform=ax.transAxes, fontsize=8.5, va="bottom", gid="label")
    curves = {float(effect): power_two_sample(effect, sizes, SETTLING_ALPHA) for effect in effects}

    def update(effect):
        n = n_for_power(effect, SETTLING_POWER, SETTLING_ALPHA)
        curve.set_ydata(curves[float(effect)])
        needed.set_xdata([n, n])
        label.set_text(f"difference {effect:.2f} SD: {n} per arm for {SETTLING_POWER:.0%} power")

    options = [(f"{effect:.2f}", float(effect)) for effect in effects]
    control = Control("effect", "True difference (SD)", options, value=float(REALISTIC_BRAIN_EFFECT), kind="slider")
    return Explorer(figure, update, [control], describe_settling_study, dynamic_artists=[curve, needed, label],
                    title="How many people would settle it?",
                    note="Computed from the power formula of chapter 3 (no data).")

"""Chapter 5's exercise checkers: each one names the mistakes learners make (and never raises)."""
from __future__ import annotations

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.protocol import REMISSION_CUTOFF
from ._measures import RESPONSE_RATES

pd = lazy.load("pandas")


def check_paired_dz(answer, table: pd.DataFrame, measure: str = "within_dmn", session: str = "infusion") -> Feedback:
    """Exercise 5.1: paired effect size d_z of the change from baseline to ``session``."""
    from ..methods.stats import hedges_g

    wide = table.pivot(index="participant_id", columns="session", values=measure)
    change = wide[session] - wide["baseline"]
    expected = float(change.mean() / change.std(ddof=1))
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
    from ..methods.complexity import sample_entropy

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

"""Chapter 5's exercise checkers: each one names the mistakes learners make (and never raises)."""
from __future__ import annotations

import math

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.protocol import REMISSION_CUTOFF
from ._measures import RESPONSE_RATES

pd = lazy.load("pandas")

_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}
#: How the exercises name the sessions after baseline.
_SESSION_NAMES = {"infusion": "the scan during the infusion", "24h": "24 h", "day7": "day 7", "day14": "day 14"}


def _merged_mistakes(pairs: list[tuple[float, str]], tolerance: float) -> dict[float, str]:
    """``{value: hint}`` from ``(value, hint)`` pairs. Two mistakes that give the same number with this
    data (within ``tolerance``) are merged into one hint that names both, so neither hides the other."""
    groups: list[tuple[float, list[str]]] = []
    for value, hint in pairs:
        if not np.isfinite(value):
            continue
        for known, hints in groups:
            if abs(known - value) <= tolerance:
                hints.append(hint)
                break
        else:
            groups.append((value, [hint]))
    return {value: hints[0] if len(hints) == 1 else
            f"with this data, {_COUNT_WORDS.get(len(hints), len(hints))} different mistakes give the same number: "
            + " ".join(f"({number}) {hint}" for number, hint in enumerate(hints, start=1))
            for value, hints in groups}


def _size_words(value: float, expected: float) -> str:
    """"too high/too low", or, for a number of the right sign, whether it is smaller or larger in size."""
    if expected != 0 and np.sign(value) == np.sign(expected):
        return "smaller in size than the right value" if abs(value) < abs(expected) else \
            "larger in size than the right value"
    return "too high" if value > expected else "too low"


def _as_share(answer, what: str):
    """A share between 0 and 1, or a :class:`Feedback` (for a percentage: "give a proportion")."""
    value = checks.as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    if not 0 <= value <= 1:
        hint = ("A share is a proportion between 0 and 1: divide a percentage by 100."
                if 1 < value <= 100 else "A share is a proportion between 0 and 1.")
        shown = f"{value:g}"
        what_it_is = "looks like a percentage" if 1 < value <= 100 else "is not between 0 and 1"
        return checks.wrong(f"{what} = {shown} {what_it_is}; give a proportion between 0 and 1.", hint)
    return value


def check_paired_dz(answer, table: pd.DataFrame, measure: str = "within_dmn", session: str = "infusion") -> Feedback:
    """Exercise 5.1: paired effect size d_z of the change from baseline to ``session``."""
    from ..methods.stats import hedges_g

    wide = table.pivot(index="participant_id", columns="session", values=measure)
    change = wide[session] - wide["baseline"]
    expected = float(change.mean() / change.std(ddof=1))
    what = f"d_z of {measure} ({session} − baseline)"
    pairs = [
        (float(hedges_g(wide[session], wide["baseline"]).g), "that is Hedges' g for two independent groups. The "
         "same patients were scanned twice: divide the mean change by the SD of the *changes* (d_z)."),
        (float(change.mean() / wide["baseline"].std(ddof=1)), "you divided by the SD of the baseline values; d_z "
         "divides by the SD of the changes."),
        (float(change.mean()), "that is the mean change in r, not standardised."),
        (-expected, "right size, wrong sign: compute session minus baseline."),
    ]
    # The same d_z at another session: right method, wrong column.
    for other, name in _SESSION_NAMES.items():
        if other != session and other in wide:
            other_change = wide[other] - wide["baseline"]
            pairs.append((float(other_change.mean() / other_change.std(ddof=1)),
                          f"that is d_z at {name} ({other} − baseline); the exercise asks for "
                          f"{_SESSION_NAMES.get(session, session)} ({session} − baseline)."))
    mistakes = _merged_mistakes(pairs, 0.01)
    feedback = checks.check_close(answer, expected, what, 0.01, mistakes,
                                  right_message=(f"d_z = {expected:.2f}: the mean change over the SD of the "
                                                 f"{len(change)} patients' changes."),
                                  fallback_hint="change = after − before per patient; d_z = change.mean() / change.std().")
    value = checks.as_number(answer, what)
    if not feedback.correct and not isinstance(value, Feedback) and not any(
            abs(value - wrong) <= 0.01 for wrong in mistakes):
        # A negative d_z that is "too high" is closer to zero: say so in words a learner can use.
        feedback = checks.wrong(f"{what} = {value:.3g} is {_size_words(value, expected)}.", feedback.hint)
    return feedback


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
    what = "Share responding at 24 h"
    n = len(course)
    expected = float(course["response_24h"].mean())
    value = _as_share(answer, what)
    if isinstance(value, Feedback):
        if "percentage" in value.message and abs(checks.as_number(answer, what) / 100 - expected) <= 0.005:
            return checks.wrong(value.message, f"{checks.as_number(answer, what):g}% is right as a percentage: "
                                               f"as a proportion it is {expected:.3f}.")
        return value

    def share(column: str, label: str) -> tuple[float, str]:
        count = int(course[column].sum())
        return float(course[column].mean()), f"{label} ({count} of {n} patients here)"

    remission, remission_words = share("remission_24h", f"the remission share at 24 h (MADRS ≤ {REMISSION_CUTOFF}), "
                                                        "not response")
    day7, day7_words = share("response_day7", "the response share at day 7; the question asks about 24 hours")
    pairs = [
        (float((course["24h"] <= 30).mean()), "you compared with half the scale's maximum (30 points); response is a "
                                              "fall of half of *each patient's own* baseline score."),
        (float(((course["baseline"] - course["24h"]) >= 50).mean()), "you looked for a fall of 50 *points*; response "
                                                                      "is a fall of 50 *percent*."),
        (remission, f"that is {remission_words}."),
        (day7, f"that is {day7_words}."),
    ]
    return checks.check_close(value, expected, what, 0.005, _merged_mistakes(pairs, 0.005),
                              right_message=(f"{expected:.0%} respond at 24 h; by day 7 "
                                             f"{course['response_day7'].mean():.0%} still meet the criterion."),
                              fallback_hint="(baseline − 24h) ≥ 0.5 × baseline, per patient; then the mean of "
                                            "that True/False column.")


def check_nnt(answer, comparison: str = "active placebo") -> Feedback:
    """Exercise 5.4: number needed to treat, ketamine vs ``comparison``, from the response rates.

    The exact value (e.g. 3.7) and the conventional whole number, rounded *up* (4), are both right.
    """
    if comparison not in ("saline", "active placebo"):
        return checks.wrong(f"Unknown comparison {comparison!r}.", "Use 'saline' or 'active placebo'.")
    difference = RESPONSE_RATES["ketamine"] - RESPONSE_RATES[comparison]
    expected = 1 / difference
    rounded_up, rounded_down = math.ceil(expected), math.floor(expected)
    other = "saline" if comparison == "active placebo" else "active placebo"
    pairs = [
        (1 / (100 * difference), "you used percentage points (e.g. 27) instead of proportions (0.27)."),
        (100 * difference, "that is the difference in response rates in percentage points; NNT is 1 divided by "
                           "the difference as a proportion."),
        (difference, "that is the difference in response rates; NNT is its inverse."),
        (1 / (RESPONSE_RATES["ketamine"] - RESPONSE_RATES[other]), f"that compares with {other}."),
        (1 / RESPONSE_RATES["ketamine"], "that ignores the comparison arm's responders."),
    ]
    if rounded_down not in (rounded_up, 0):
        pairs.append((float(rounded_down), f"NNTs are rounded *up*, not down ({expected:.1f} → {rounded_up}): "
                                           "nobody can treat part of a patient."))
    mistakes = _merged_mistakes(pairs, 0.05)
    right = (f"NNT ≈ {expected:.1f}: treat about {rounded_up} patients with ketamine for one more response than "
             f"with {comparison}.")
    value = checks.as_number(answer, f"NNT vs {comparison}")
    if (not isinstance(value, Feedback) and rounded_up != expected and abs(value - rounded_up) < 1e-9
            and not any(abs(value - wrong) <= 0.05 for wrong in mistakes)):
        return checks.right(f"{rounded_up} is the NNT of {expected:.2f} rounded up to a whole patient, as NNTs are "
                            f"conventionally reported. {right}")
    return checks.check_close(answer, expected, f"NNT vs {comparison}", 0.05, mistakes, right_message=right,
                              fallback_hint="NNT = 1 / (response rate with ketamine − response rate with the comparison).")

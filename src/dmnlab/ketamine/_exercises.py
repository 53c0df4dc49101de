"""Chapter 5's exercise checkers: each one names the mistakes learners make (and never raises).

Three of them run a function the learner wrote on inputs of their own (the paired d_z, and sample
entropy in three steps); the others check a number computed from the data the lab hands over.
"""
from __future__ import annotations

import contextlib
import functools
import math
import warnings

import lazy_loader as lazy
import numpy as np

from ..course import checks
from ..course.checks import Feedback
from ..study.protocol import REMISSION_CUTOFF, is_remission, is_response
from ._measures import RESPONSE_RATES, example_signal

pd = lazy.load("pandas")

_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}
#: How the exercises name the sessions after baseline.
_SESSION_NAMES = {"infusion": "the scan during the infusion", "24h": "24 h", "day7": "day 7", "day14": "day 14"}
#: How the exercises name the measures of the session table.
_MEASURE_NAMES = {"within_dmn": "within-DMN connectivity", "between_networks": "between-network connectivity",
                  "dmn_sgacc": "DMN–sgACC connectivity", "mpfc_share": "the mPFC amplitude",
                  "entropy": "the sample entropy"}
_GROUP_NAMES = {"responder": "responders", "non-responder": "non-responders"}
#: The lab's worked example of d_z: five patients before and after (mean change −0.04, SD 0.05).
_TOY_BEFORE = (0.52, 0.30, 0.47, 0.25, 0.46)
_TOY_AFTER = (0.43, 0.31, 0.38, 0.26, 0.42)
#: The lab's worked example of sample entropy (SD 2; with r = 0.5 the tolerance is 1).
_TOY_SIGNAL = (5.0, 5.0, 6.0, 7.0, 8.0, 5.0, 7.0, 1.0)


# =====================================================================================
# Helpers
# =====================================================================================
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
        what_it_is = "looks like a percentage" if 1 < value <= 100 else "is not between 0 and 1"
        return checks.wrong(f"{what} = {value:g} {what_it_is}; give a proportion between 0 and 1.", hint)
    return value


@contextlib.contextmanager
def _quietly():
    """Run the learner's code without NumPy's division warnings cluttering the feedback."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _returns_none(function, args) -> bool:
    try:
        with _quietly():
            return function(*args) is None
    except Exception:  # noqa: BLE001 - the learner's code may raise anything; check_function reports it
        return False


def _stub_is_unanswered(what: str, example_args):
    """Put outside :func:`checks.exercise`: a function that still returns ``None`` (the exercise's stub,
    or a body that forgot ``return``) gets "no answer yet" and does not count as an attempt."""
    def decorate(checker):
        @functools.wraps(checker)
        def wrapper(answer, *args, **kwargs):
            if callable(answer) and _returns_none(answer, example_args()):
                return checks.Feedback(False, f"no answer yet — your {what} returns None.",
                                       "Replace `return None` with your code and return the result; run the "
                                       "cell again, and the checker will tell you more.")
            return checker(answer, *args, **kwargs)
        return wrapper
    return decorate


def _same_number(result, expected) -> bool:
    """A single number equal to ``expected`` (inf and nan compare equal to themselves)."""
    if result is None or isinstance(result, (str, bytes, bool)) or np.size(result) != 1:
        return False
    value = float(np.asarray(result, dtype=float).ravel()[0])
    return bool(np.isclose(value, expected, rtol=1e-6, atol=1e-9, equal_nan=True))


# =====================================================================================
# Exercise 5.1: the paired effect size, as a function
# =====================================================================================
def _dz(before, after, ddof: int = 1, sign: int = 1) -> float:
    change = sign * (np.asarray(after, dtype=float) - np.asarray(before, dtype=float))
    sd = change.std(ddof=ddof)
    return float("nan") if sd == 0 else float(change.mean() / sd)


def _unpaired_d(before, after) -> float:
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    pooled = math.sqrt((before.var(ddof=1) + after.var(ddof=1)) / 2)
    return float((after.mean() - before.mean()) / pooled)


def _dz_cases() -> list:
    rng = np.random.default_rng(51)
    before = rng.normal(0.40, 0.10, 12)
    after = before - 0.05 + rng.normal(0, 0.04, 12)
    rise_before = np.array([24.0, 30, 27, 35, 22, 31, 28, 26])
    rise_after = rise_before + np.array([3.0, 1, 4, 0, 2, 5, 1, 3])
    return [("the five patients of the worked example", (np.array(_TOY_BEFORE), np.array(_TOY_AFTER))),
            ("12 patients whose values fell", (before, after)),
            ("two patients (changes +0.05 and +0.02)", (np.array([0.30, 0.50]), np.array([0.35, 0.52]))),
            ("eight patients whose scores rose", (rise_before, rise_after))]


@_stub_is_unanswered("paired_dz", lambda: (np.array(_TOY_BEFORE), np.array(_TOY_AFTER)))
@checks.exercise("5.1", method="Subtract each patient's before from their after (after − before), then divide the "
                              "mean of these changes by their standard deviation with n − 1 (ddof=1); if that SD "
                              "is 0, return nan.",
                 code="change = np.asarray(after) - np.asarray(before); sd = change.std(ddof=1); "
                      "return float('nan') if sd == 0 else change.mean() / sd")
def check_paired_dz_function(answer) -> Feedback:
    """Exercise 5.1: your ``paired_dz(before, after)``, run on the checker's own patients (the worked
    example, 12 patients, two patients, a rise, and patients whose changes are all equal)."""
    what = "Your paired_dz"
    cases = [(label, args, _dz(*args)) for label, args in _dz_cases()]
    mistakes = [
        (_unpaired_d, "it gives the effect size for two *independent* groups (difference of the session means "
                      "over the pooled SD of the two sessions).",
         "The same patients were measured twice: take each patient's change first, then divide the mean change "
         "by the SD of the *changes*."),
        (lambda b, a: _dz(b, a, ddof=0), "it divides by the SD with n (ddof=0), as np.std does by default.",
         "d_z uses the sample SD, dividing by n − 1: `change.std(ddof=1)`."),
        (lambda b, a: _dz(b, a, sign=-1), "it has the wrong sign: you computed before − after.",
         "A change is after − before, so a fall gives a negative d_z."),
        (lambda b, a: float(np.mean(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))),
         "it returns the mean change, not standardised.", "Divide the mean change by the SD of the changes."),
    ]
    with _quietly():
        feedback = checks.check_function(answer, cases, what, mistakes=mistakes, compare=_same_number)
        if not feedback.correct:
            return feedback
        flat = (np.array([20.0, 25, 31, 28]), np.array([18.0, 23, 29, 26]))
        edge = checks.check_function(answer, [("four patients whose changes are all −2 (SD of the changes 0)",
                                               flat, float("nan"))], what, compare=_same_number)
    if not edge.correct:
        return checks.wrong(edge.message, "When every change is the same, the SD of the changes is 0 and d_z is "
                                          "undefined: check `if sd == 0:` and return `float('nan')` instead of "
                                          "dividing by zero.")
    return checks.right("your paired_dz gives the right d_z for all five sets of patients, including two "
                        "patients and changes that are all equal (nan).")


# =====================================================================================
# Exercise 5.2: the paired effect size in the cohort
# =====================================================================================
def _cohort_dz(table, measure: str, session: str, group: str | None) -> float:
    rows = table if group is None else table[table["response"] == group]
    wide = rows.pivot(index="participant_id", columns="session", values=measure)
    return _dz(wide["baseline"], wide[session])


@checks.exercise("5.2", method="Keep the rows of the group asked, pivot them to one row per patient and one column "
                              "per session for the measure asked, and give your paired_dz the baseline and the later "
                              "session.",
                 code='wide = table[table["response"] == "responder"].pivot(index="participant_id", '
                      'columns="session", values="dmn_sgacc"); d_z = paired_dz(wide["baseline"], wide["24h"])')
def check_paired_dz(answer, table: pd.DataFrame, measure: str = "within_dmn", session: str = "infusion",
                    group: str | None = None) -> Feedback:
    """Exercise 5.2: paired effect size d_z of the change of ``measure`` from baseline to ``session``, in the
    patients of ``group`` (``"responder"``, ``"non-responder"``, or ``None`` for all)."""
    from ..methods.stats import hedges_g

    rows = table if group is None else table[table["response"] == group]
    wide = rows.pivot(index="participant_id", columns="session", values=measure)
    change = wide[session] - wide["baseline"]
    expected = float(change.mean() / change.std(ddof=1))
    who = "" if group is None else f", {_GROUP_NAMES.get(group, group)}"
    what = f"d_z of {measure} ({session} − baseline{who})"
    session_words = _SESSION_NAMES.get(session, session)
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
            pairs.append((_cohort_dz(table, measure, other, group),
                          f"that is d_z at {name} ({other} − baseline); the exercise asks for {session_words} "
                          f"({session} − baseline)."))
    if group is not None:
        pairs.append((_cohort_dz(table, measure, session, None),
                      f"that is d_z of all {table['participant_id'].nunique()} patients; the exercise asks for the "
                      f"{_GROUP_NAMES.get(group, group)} only (filter the table by its `response` column first)."))
        for other in _GROUP_NAMES:
            if other != group:
                pairs.append((_cohort_dz(table, measure, session, other),
                              f"that is d_z of the {_GROUP_NAMES[other]}; the exercise asks for the "
                              f"{_GROUP_NAMES.get(group, group)}."))
    for other, name in _MEASURE_NAMES.items():
        if other != measure and other in table:
            pairs.append((_cohort_dz(table, other, session, group),
                          f"that is the d_z of {name} (`{other}`); the exercise asks for "
                          f"{_MEASURE_NAMES.get(measure, measure)} (`{measure}`)."))
    mistakes = _merged_mistakes(pairs, 0.01)
    feedback = checks.check_close(answer, expected, what, 0.01, mistakes,
                                  right_message=(f"d_z = {expected:.2f}: the mean change over the SD of the "
                                                 f"{len(change)} patients' changes."),
                                  fallback_hint="change = after − before per patient; d_z = change.mean() / "
                                                "change.std(ddof=1).")
    value = checks.as_number(answer, what)
    if not feedback.correct and not isinstance(value, Feedback) and not any(
            abs(value - wrong) <= 0.01 for wrong in mistakes):
        # A negative d_z that is "too high" is closer to zero: say so in words a learner can use.
        feedback = checks.wrong(f"{what} = {value:.3g} is {_size_words(value, expected)}.", feedback.hint)
    return feedback


# =====================================================================================
# Exercises 5.3–5.5: sample entropy in three steps
# =====================================================================================
def _pairs(x, m: int, r: float, *, longer: bool = False, metric: str = "max", scaled: bool = True, ddof: int = 0,
           n_templates: int | None = None, last_point_only: bool = False, strict: bool = False) -> int:
    """Pairs i < j of templates that match (the right count with the defaults; the keywords make the
    typical wrong ones). Templates: ``x[i:i + m]`` (``longer``: ``x[i:i + m + 1]``) for the first N − m i."""
    values = np.asarray(x, dtype=float)
    tolerance = r * values.std(ddof=ddof) if scaled else r
    length = m + 1 if longer else m
    count = len(values) - m if n_templates is None else n_templates
    count = max(0, min(count, len(values) - length + 1))
    if count < 2:
        return 0
    windows = np.array([values[i:i + length] for i in range(count)])
    if last_point_only:
        windows = windows[:, -1:]
    difference = np.abs(windows[:, None, :] - windows[None, :, :])
    distance = difference.max(axis=2) if metric == "max" else np.sqrt((difference ** 2).sum(axis=2))
    upper = np.triu_indices(count, 1)
    close = distance[upper] < tolerance if strict else distance[upper] <= tolerance
    return int(close.sum())


def _entropy_cases(steps: bool = True) -> list:
    """(label, (signal, m, r)) on which the checkers run the learner's functions: for the counts (steps 1
    and 2) every signal; for sample entropy (step 3, ``steps=False``) the ordinary signals only (the edge
    cases are :func:`_entropy_edge_cases`)."""
    toy = np.array(_TOY_SIGNAL)
    wavy = 10 + 3 * example_signal(0.8, 0.0, n=120, seed=11)
    cases = [("the toy signal of the worked example (m = 2, r = 0.5)", (toy, 2, 0.5)),
             ("a 120-point signal with SD 3 (m = 2, r = 0.2)", (wavy, 2, 0.2)),
             ("the same signal with m = 1 and r = 0.3", (wavy, 1, 0.3))]
    if not steps:
        return cases + [("a 150-point noisy signal (m = 2, r = 0.2)",
                         (example_signal(0.8, 0.5, n=150, seed=12).copy(), 2, 0.2))]
    return cases + [label_args for label_args, _ in _entropy_edge_cases()]


def _entropy_edge_cases() -> list:
    """((label, (signal, m, r)), sample entropy) for a flat signal, no longer matches and no matches."""
    return [(("a flat signal, ten times 4.0 (m = 2, r = 0.2)", (np.full(10, 4.0), 2, 0.2)), 0.0),
            (("the four points 3, 3, 3, 5 (m = 2, r = 0.5): B = 1, A = 0", (np.array([3.0, 3.0, 3.0, 5.0]), 2, 0.5)),
             math.inf),
            (("a steep ramp 0, 10, …, 90 (m = 2, r = 0.2): B = 0", (np.arange(0.0, 100.0, 10.0), 2, 0.2)), math.nan)]


def _count_mistakes(longer: bool) -> list:
    """Typical wrong ways of counting matching pairs, as functions of (x, m, r)."""
    def count(**keywords):
        return lambda x, m, r: _pairs(x, m, r, longer=longer, **keywords)

    def right(x, m, r):
        return _pairs(x, m, r, longer=longer)

    mistakes = [
        (lambda x, m, r: right(x, m, r) + len(x) - m, "it counts every template as a match of itself (a self-match).",
         "Compare each template only with the *other* templates: pairs i < j, never i with i."),
        (lambda x, m, r: 2 * right(x, m, r), "it counts every pair twice, as (i, j) and (j, i).",
         "Count each pair once: j runs from i + 1."),
        (lambda x, m, r: 2 * right(x, m, r) + len(x) - m,
         "it counts the whole distance matrix: every pair twice, and each template with itself.",
         "From a matrix of distances, keep the pairs above the diagonal only (np.triu_indices(n, 1))."),
        (count(scaled=False), "it uses r itself as the tolerance, not r × the signal's SD.",
         "The tolerance is r times the standard deviation of the whole signal: `tolerance = r * np.std(x)`."),
        (count(metric="euclidean"), "it uses the Euclidean distance between templates.",
         "Two templates match when *every* pair of corresponding points differs by at most the tolerance: the "
         "largest absolute difference (np.abs(a - b).max()) must be ≤ tolerance."),
        (count(ddof=1), "its SD divides by n − 1 (pandas' .std()); the tolerance uses np.std(x), which divides by n.",
         "Use `np.std(x)` (ddof=0) for the tolerance."),
        (count(strict=True), "it counts differences *below* the tolerance (<); a match is at most the tolerance (≤).",
         "Use `<=` when comparing with the tolerance."),
    ]
    if longer:
        mistakes += [
            (lambda x, m, r: _pairs(x, m, r, longer=True, n_templates=len(x) - m - 1),
             "it uses only N − m − 1 templates of m + 1 points (as count_matches(x, m + 1, r) would).",
             "Use the same N − m starting points as in step 1, with templates one point longer."),
            (count(last_point_only=True), "it compares only the extra point, not all m + 1 points.",
             "A pair counts when all m + 1 points match (the first m *and* the next one)."),
        ]
    else:
        mistakes.append((lambda x, m, r: _pairs(x, m, r, n_templates=len(x) - m + 1),
                         "it uses all N − m + 1 templates of m points.",
                         "Use only the first N − m templates (i = 0 … N − m − 1), so that each can be extended "
                         "by one point in step 2."))
    return mistakes


@_stub_is_unanswered("count_matches", lambda: (np.array(_TOY_SIGNAL), 2, 0.5))
@checks.exercise("5.3", method="Tolerance = r × np.std(x). For every pair of starting points i < j among the first "
                              "N − m, take the templates x[i:i+m] and x[j:j+m]; they match when the largest absolute "
                              "difference between them is at most the tolerance. Count the matching pairs.",
                 code="sum(np.abs(x[i:i+m] - x[j:j+m]).max() <= r * np.std(x) for i in range(len(x) - m) "
                      "for j in range(i + 1, len(x) - m))")
def check_count_matches(answer) -> Feedback:
    """Exercise 5.3 (sample entropy, step 1): your ``count_matches(x, m, r)``, the number B of pairs of
    m-point templates that match, run on the checker's own signals (the toy, a longer signal with SD 3,
    m = 1, a flat signal, a ramp with no matches, four points)."""
    cases = [(label, args, _pairs(*args)) for label, args in _entropy_cases()]
    with _quietly():
        return checks.check_function(answer, cases, "Your count_matches", mistakes=_count_mistakes(longer=False),
                                     compare=_same_number,
                                     right_message="your count_matches gives B on all six test signals, including "
                                                   "a flat one (every pair matches) and a ramp (none does).")


@_stub_is_unanswered("count_longer_matches", lambda: (np.array(_TOY_SIGNAL), 2, 0.5))
@checks.exercise("5.4", method="The same as step 1, with the same N − m starting points i < j, but with templates "
                              "of m + 1 points: x[i:i+m+1] and x[j:j+m+1].",
                 code="sum(np.abs(x[i:i+m+1] - x[j:j+m+1]).max() <= r * np.std(x) for i in range(len(x) - m) "
                      "for j in range(i + 1, len(x) - m))")
def check_count_longer_matches(answer) -> Feedback:
    """Exercise 5.4 (sample entropy, step 2): your ``count_longer_matches(x, m, r)``, the number A of pairs
    that still match with templates of m + 1 points, on the same signals as step 1."""
    cases = [(label, args, _pairs(*args, longer=True)) for label, args in _entropy_cases()]
    with _quietly():
        return checks.check_function(answer, cases, "Your count_longer_matches",
                                     mistakes=_count_mistakes(longer=True), compare=_same_number,
                                     right_message="your count_longer_matches gives A on all six test signals.")


def _entropy_from(b: int, a: int, log=np.log, sign: int = -1) -> float:
    if b == 0:
        return float("nan")
    if a == 0:
        return sign * -math.inf
    return float(sign * log(a / b))


def _entropy_mistakes() -> list:
    def with_counts(**keywords):
        return lambda x, m, r: _entropy_from(_pairs(x, m, r, **keywords), _pairs(x, m, r, longer=True, **keywords))

    def right_counts(**keywords):
        return lambda x, m, r: _entropy_from(_pairs(x, m, r), _pairs(x, m, r, longer=True), **keywords)

    return [
        (right_counts(sign=1), "it has the wrong sign: SampEn = −ln(A / B), which is ≥ 0.",
         "Put a minus in front of the log (or use ln(B / A))."),
        (right_counts(log=np.log10), "it uses log10; sample entropy uses the natural log.", "Use `np.log`."),
        (lambda x, m, r: (lambda b, a: float(a / b) if b else float("nan"))(_pairs(x, m, r),
                                                                            _pairs(x, m, r, longer=True)),
         "it returns the ratio A / B, without the log.", "SampEn = −ln(A / B)."),
        (lambda x, m, r: _entropy_from(_pairs(x, m, r) + len(x) - m, _pairs(x, m, r, longer=True) + len(x) - m),
         "its counts include self-matches (each template matched with itself).",
         "Fix step 1 and step 2 first: count pairs i < j only."),
        (with_counts(scaled=False), "its tolerance is r itself, not r × the signal's SD.",
         "On a signal that is not standardised (SD 3 here), multiply r by np.std(x)."),
        (with_counts(metric="euclidean"), "its counts use the Euclidean distance between templates.",
         "Use the largest absolute difference between corresponding points."),
        (lambda x, m, r: _entropy_from(_pairs(x, m, r), _pairs(x, m, r, longer=True, n_templates=len(x) - m - 1)),
         "its A uses only N − m − 1 templates (count_matches(x, m + 1, r)).",
         "Use your count_longer_matches: the same N − m starting points for A and B."),
    ]


@_stub_is_unanswered("my_sample_entropy", lambda: (np.array(_TOY_SIGNAL), 2, 0.5))
@checks.exercise("5.5", method="Call your two functions for B and A; if B is 0 return nan, if A is 0 return inf; "
                              "otherwise return −ln(A / B).",
                 code="B, A = count_matches(x, m, r), count_longer_matches(x, m, r); "
                      "return np.nan if B == 0 else (np.inf if A == 0 else -np.log(A / B))")
def check_sample_entropy_function(answer) -> Feedback:
    """Exercise 5.5 (sample entropy, step 3): your ``my_sample_entropy(x, m, r)``, compared with the
    course's :func:`~dmnlab.methods.complexity.sample_entropy` on the checker's own signals (the toy, a
    signal with SD 3 at m = 2 and m = 1, a noisy one), then on a flat signal (0), a signal with B = 1 and
    A = 0 (inf) and one with B = 0 (nan)."""
    from ..methods.complexity import sample_entropy

    what = "Your my_sample_entropy"
    code = getattr(answer, "__code__", None)
    if code is not None and "sample_entropy" in code.co_names:
        return checks.wrong(f"{what} calls the course's sample_entropy.",
                            "Build it from your own count_matches and count_longer_matches: −ln(A / B).")
    cases = [(label, args, float(sample_entropy(*args))) for label, args in _entropy_cases(steps=False)]
    with _quietly():
        feedback = checks.check_function(answer, cases, what, mistakes=_entropy_mistakes(), compare=_same_number)
        if not feedback.correct:
            return feedback
        edges = [(label, args, expected) for (label, args), expected in _entropy_edge_cases()]
        edge = checks.check_function(answer, edges, what, compare=_same_number)
    if not edge.correct:
        return checks.wrong(edge.message, "A flat signal matches everywhere (A = B, so SampEn = 0). When no pair "
                                          "still matches at m + 1 points (A = 0), return `np.inf`; when no pair "
                                          "matches at all (B = 0), return `np.nan` — check both before taking "
                                          "the log (math.log(0) raises an error).")
    return checks.right("your my_sample_entropy gives the same value as the course's sample_entropy on all seven "
                        "test signals, including a flat one (0), one with no longer matches (inf) and one with no "
                        "matches (nan).")


# =====================================================================================
# Exercise 5.6: does the response last?
# =====================================================================================
@checks.exercise("5.6", method="Mark each patient's response at 24 h and at day 14 (a fall of at least half of their "
                              "own baseline score); keep the patients who responded at 24 h; the share of them who "
                              "still respond at day 14 is the mean of their day-14 True/False values.",
                 code='at_24h = (ratings["baseline"] - ratings["24h"]) >= 0.5 * ratings["baseline"]; '
                      'later = (ratings["baseline"] - ratings["day14"]) >= 0.5 * ratings["baseline"]; '
                      "share = later[at_24h].mean()")
def check_sustained_response(answer, ratings: pd.DataFrame, session: str = "day14") -> Feedback:
    """Exercise 5.6: of the patients who respond at 24 h, the share who still meet the response criterion
    (a MADRS fall of at least 50% of their own baseline) at ``session`` (day 14)."""
    when = _SESSION_NAMES.get(session, session)
    what = f"Share of the 24-h responders still responding at {when}"
    baseline = ratings["baseline"].to_numpy(dtype=float)
    at_24h = is_response(baseline, ratings["24h"])
    later = is_response(baseline, ratings[session])
    n, n_24h = len(baseline), int(at_24h.sum())
    if n_24h == 0:
        return checks.wrong("no patient in this table responds at 24 h, so the share is undefined.",
                            "Use the lab's `ratings` table.")
    expected = float(later[at_24h].mean())
    value = _as_share(answer, what)
    if isinstance(value, Feedback):
        number = checks.as_number(answer, what)
        if "percentage" in value.message and abs(number / 100 - expected) <= 0.005:
            return checks.wrong(value.message, f"{number:g}% is right as a percentage: as a proportion it is "
                                               f"{expected:.3f}.")
        return value
    both = int((at_24h & later).sum())
    scores = ratings[session].to_numpy(dtype=float)
    pairs = [
        (float(later.mean()), f"that is the share of *all* {n} patients who respond at {when}; the question "
                              f"asks about the {n_24h} who responded at 24 h."),
        (both / n, f"you divided by all {n} patients; divide by the {n_24h} who responded at 24 h."),
        (float(at_24h.mean()), f"that is the share responding at 24 h; the question asks how many of *them* still "
                               f"respond at {when}."),
        (1 - expected, f"that is the share who *no longer* respond at {when} (who relapsed); the question asks "
                       "for those who still do."),
        (float(is_remission(scores)[at_24h].mean()), f"that is the share in remission at {when} (MADRS ≤ "
                                                     f"{REMISSION_CUTOFF}); the question asks about response."),
        (float(both / max(int(later.sum()), 1)), f"you divided by the {when} responders; divide by the 24-h "
                                                 "responders."),
        (float((scores <= 30)[at_24h].mean()), "you compared with half the scale's maximum (30 points); response "
                                               "is a fall of half of *each patient's own* baseline score."),
        (float(((baseline - scores) >= 50)[at_24h].mean()), "you looked for a fall of 50 *points*; response is a "
                                                             "fall of 50 *percent*."),
    ]
    for other in ("day7", "day14"):
        if other != session and other in ratings:
            pairs.append((float(is_response(baseline, ratings[other])[at_24h].mean()),
                          f"that is the share still responding at {_SESSION_NAMES[other]}; the question asks "
                          f"about {when}."))
    return checks.check_close(value, expected, what, 0.005, _merged_mistakes(pairs, 0.005),
                              right_message=(f"{both} of the {n_24h} patients who responded at 24 h still respond "
                                             f"at {when}: {expected:.0%}."),
                              fallback_hint=f"Response = (baseline − later) ≥ 0.5 × baseline, per patient; keep "
                                            f"the 24-h responders; then the mean of their {when} True/False values.")


# =====================================================================================
# Exercise 5.7: number needed to treat, from one trial's patients
# =====================================================================================
@checks.exercise("5.7", method="Mark each patient's response at 24 h, take the response rate (a proportion) in each "
                              "arm, and divide 1 by the ketamine rate minus the comparison rate.",
                 code='responded = (trial["baseline"] - trial["24h"]) >= 0.5 * trial["baseline"]; '
                      'rates = responded.groupby(trial["arm"]).mean(); '
                      'nnt = 1 / (rates["ketamine"] - rates["active placebo"])')
def check_nnt(answer, trial: pd.DataFrame) -> Feedback:
    """Exercise 5.7: number needed to treat, ketamine vs the trial's comparison arm, from the patients of
    one simulated trial (:func:`~dmnlab.ketamine.simulated_trial`).

    The exact value (e.g. 4.17) and the conventional whole number, rounded *up* (5), are both right.
    """
    responded = pd.Series(is_response(trial["baseline"], trial["24h"]), index=trial.index)
    rates = responded.groupby(trial["arm"]).mean()
    comparisons = [arm for arm in rates.index if arm != "ketamine"]
    if "ketamine" not in rates.index or len(comparisons) != 1:
        return checks.wrong("the trial table needs a ketamine arm and one comparison arm.",
                            "Use the lab's `trial` table.")
    comparison = comparisons[0]
    what = f"NNT vs {comparison}"
    difference = float(rates["ketamine"] - rates[comparison])
    if difference <= 0:
        return checks.wrong(f"in this trial ketamine did no better than {comparison}, so there is no NNT.",
                            "Use the lab's `trial` table.")
    expected = 1 / difference
    rounded_up, rounded_down = math.ceil(expected - 1e-9), math.floor(expected + 1e-9)
    counts = responded.groupby(trial["arm"]).sum()
    pairs = [
        (1 / (100 * difference), "you used percentage points (e.g. 24) instead of proportions (0.24)."),
        (100 * difference, "that is the difference in response rates in percentage points; NNT is 1 divided by "
                           "the difference as a proportion."),
        (difference, "that is the difference in response rates; NNT is its inverse."),
        (-expected, "the sign is flipped: subtract the comparison's rate from ketamine's."),
        (1 / rates["ketamine"], "that ignores the comparison arm's responders."),
        (1 / (counts["ketamine"] - counts[comparison]) if counts["ketamine"] != counts[comparison] else math.nan,
         "you used the numbers of responders, not the response rates (proportions of each arm)."),
    ]
    if comparison in RESPONSE_RATES:
        model = 1 / (RESPONSE_RATES["ketamine"] - RESPONSE_RATES[comparison])
        pairs.append((model, f"that is the NNT of the model's true response rates ({RESPONSE_RATES['ketamine']:.0%} "
                             f"vs {RESPONSE_RATES[comparison]:.0%}); compute it from this trial's patients."))
    if rounded_down not in (rounded_up, 0):
        pairs.append((float(rounded_down), f"NNTs are rounded *up*, not down ({expected:.2f} → {rounded_up}): "
                                           "nobody can treat part of a patient."))
    mistakes = _merged_mistakes(pairs, 0.05)
    right = (f"NNT = 1 / ({rates['ketamine']:.2f} − {rates[comparison]:.2f}) ≈ {expected:.1f}: in this trial, "
             f"treat about {rounded_up} patients with ketamine for one more response than with {comparison}.")
    value = checks.as_number(answer, what)
    if (not isinstance(value, Feedback) and rounded_up != expected and abs(value - rounded_up) < 1e-9
            and not any(abs(value - wrong) <= 0.05 for wrong in mistakes)):
        return checks.right(f"{rounded_up} is the NNT of {expected:.2f} rounded up to a whole patient, as NNTs are "
                            f"conventionally reported. {right}")
    return checks.check_close(answer, expected, what, 0.05, mistakes, right_message=right,
                              fallback_hint="NNT = 1 / (response rate with ketamine − response rate with the "
                                            "comparison), each rate a proportion of its arm.")

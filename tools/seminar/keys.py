"""The hidden tests of the final assignment: the instructor's keys (never given to students).

``python -m tools.seminar new-term`` copies this file into the term's private course folder as
``dmnlab_keys.py``; each autograded cell of the graded notebook carries, between nbgrader's
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` (stripped from what students receive), one
call: ``dmnlab_keys.grade("<item>", globals())``. At grading time nbgrader runs the student's notebook
in ``<course>/autograded/<student>/final/``, so this module finds the term (``term.toml``, two
folders up) and the student (the folder's name), and re-derives the student's seed from the term's
secret — a seed typed into the notebook or a replaced ``cohort.toml`` changes nothing.

Each check raises ``AssertionError`` with a sentence the student reads in their feedback. What
earns the points:

* **a function item** (``*_function``): the student's function, run on unseen data
  (drawn here with a fixed generator), gives the reference answer; and it is the student's own code:
  it calls nothing of the course package (``dmnlab``), directly or through another function;
* **a value item** (``*_values``): the notebook analysed the student's assigned cohort, the value
  matches the reference computed from that cohort, the student's own function reproduces it (a
  number typed in, e.g. copied from a classmate whose cohort differs, does not), and no cell of the
  notebook used the course package beyond loading the cohort.

References come from the course's own methods (one home: ``dmnlab.methods``), run here in the
instructor's environment.
"""
from __future__ import annotations

import hashlib
import hmac
import inspect
import math
import os
import re
import tomllib
import types
from pathlib import Path

import numpy as np
import pandas as pd

#: The notebook names a student may use from the course package (loading their cohort).
ALLOWED_COURSE_NAMES = frozenset({"capstone_cohort", "assigned_seed", "try_answer"})
#: Cells carrying this text are the assignment's own (set-up, checks): not searched for shortcuts.
OWN_CELL_MARKER = "graded-final:locked"
TOLERANCE = 1e-6
#: Hedges' g: the exact small-sample factor J and the usual approximation 1 − 3/(4·df − 1) are both
#: right (they differ by under 0.04% from 10 degrees of freedom up).
HEDGES_TOLERANCE = 1e-3
FOLDS, FOLD_SEED = 5, 0

_COURSE_WORD = re.compile(r"\bdmnlab\b")


def seed_for(secret: str, student: str) -> int:
    """A student's cohort seed: HMAC-SHA256 of the student id under the term's secret (0 … 2³²−1)."""
    digest = hmac.new(secret.encode("utf-8"), student.strip().encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


# --- who and which cohort ------------------------------------------------------------------------
def _term_dir() -> Path:
    if os.environ.get("DMNLAB_TERM_DIR"):
        return Path(os.environ["DMNLAB_TERM_DIR"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "term.toml").is_file():
            return folder
    raise AssertionError("The grader could not find term.toml above the notebook: run grading with "
                         "`python -m tools.seminar grade` in the course folder.")


def _student() -> str:
    return os.environ.get("DMNLAB_STUDENT") or Path.cwd().resolve().parent.name


def true_seed(student: str | None = None) -> int:
    term = tomllib.loads((_term_dir() / "term.toml").read_text("utf-8"))
    return seed_for(term["secret"], student or _student())


def _cohort(ns: dict):
    from dmnlab.synthesis import capstone_cohort

    seed = true_seed()
    cohort = ns.get("cohort")
    if getattr(cohort, "seed", None) != seed:
        raise AssertionError(f"This notebook analysed the cohort with seed {getattr(cohort, 'seed', None)}, "
                             f"not your assigned one ({seed}): keep the set-up cell as handed out.")
    return capstone_cohort(seed)


# --- the student's own code ----------------------------------------------------------------------
def _is_course(obj) -> bool:
    if isinstance(obj, types.ModuleType):
        return obj.__name__.split(".")[0] == "dmnlab"
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] == "dmnlab" and (inspect.isfunction(obj) or inspect.isclass(obj)
                                                 or inspect.isbuiltin(obj) or callable(obj))


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def course_calls(function, _seen=None) -> list[str]:
    """Names of the course package's objects that ``function`` uses, directly or through the
    student's other functions (globals, closures, nested functions)."""
    seen = set() if _seen is None else _seen
    if id(function) in seen or not inspect.isfunction(function):
        return []
    seen.add(id(function))
    found = []
    names = set()
    for code in _code_objects(function.__code__):
        names.update(code.co_names)
    cells = [cell.cell_contents for cell in (function.__closure__ or ()) if _filled(cell)]
    values = [function.__globals__[name] for name in sorted(names) if name in function.__globals__]
    for value in values + cells:
        if _is_course(value):
            found.append(getattr(value, "__name__", repr(value)))
        elif inspect.isfunction(value) and not _is_course(value):
            found += course_calls(value, seen)
    return found


def _filled(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty closure cell raises
    except ValueError:
        return False
    return True


def _own_function(ns: dict, name: str):
    function = ns.get(name)
    if function is None or not callable(function):
        raise AssertionError(f"`{name}` is not defined: write the function in its answer cell.")
    used = course_calls(function)
    if used:
        raise AssertionError(f"`{name}` uses the course package ({', '.join(sorted(set(used)))}): the final "
                             f"asks for your own code with numpy, pandas, scipy and scikit-learn.")
    return function


def notebook_shortcuts(ns: dict) -> list[str]:
    """What the student's cells use of the course package beyond loading the cohort: names bound to
    course objects, and any ``dmnlab`` in a cell the student wrote."""
    found = [f"`{name}`" for name, value in ns.items()
             if not name.startswith("_") and name not in ALLOWED_COURSE_NAMES and name != "cohort"
             and (isinstance(value, types.ModuleType) or inspect.isfunction(value) or inspect.isclass(value))
             and _is_course(value)]
    for number, source in enumerate(ns.get("In", []) or []):
        if OWN_CELL_MARKER in source or "dmnlab_keys" in source:
            continue
        if _COURSE_WORD.search(source):
            found.append(f"cell [{number}] mentions dmnlab")
    return found


def _no_shortcuts(ns: dict) -> None:
    found = notebook_shortcuts(ns)
    if found:
        raise AssertionError("Your notebook uses the course package beyond loading your cohort "
                             f"({'; '.join(found[:3])}): the final asks for your own code.")


# --- references -----------------------------------------------------------------------------------
def ref_within(run: pd.DataFrame, regions) -> float:
    from dmnlab.methods.connectivity import fisher_mean

    r = np.corrcoef(run[list(regions)].to_numpy(dtype=float), rowvar=False)
    rows, cols = np.triu_indices(len(regions), k=1)
    return fisher_mean(r[rows, cols])


def ref_hedges(a, b) -> tuple[float, float, float]:
    from dmnlab.methods.stats import hedges_g

    effect = hedges_g(a, b)
    return float(effect.g), float(effect.ci_low), float(effect.ci_high)


def ref_paired(before, after) -> tuple[float, float, float]:
    from dmnlab.methods.stats import paired_effect

    result = paired_effect(before, after)
    return result["d_z"], result["ci_low"], result["ci_high"]


def ref_auc(features: pd.DataFrame, outcome: pd.Series) -> float:
    from dmnlab.methods import prediction

    return float(prediction.cross_validated_auc(features, outcome,
                                                cv=prediction.stratified_folds(FOLDS, FOLD_SEED))["auc"])


def _close(a, b, tolerance: float = TOLERANCE) -> bool:
    try:
        return all(math.isclose(float(x), float(y), rel_tol=tolerance, abs_tol=tolerance)
                   for x, y in zip(np.atleast_1d(a), np.atleast_1d(b), strict=True))
    except (TypeError, ValueError):
        return False


def _fmt(values) -> str:
    if values is None:
        return "None (no answer)"
    items = values if isinstance(values, (tuple, list)) else [values]
    shown = []
    for value in items:
        try:
            shown.append(f"{float(value):.4f}")
        except (TypeError, ValueError):
            shown.append(repr(value)[:40])
    return ", ".join(shown)


def _call(function, name: str, *args):
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
        raise AssertionError(f"`{name}` raised {type(exc).__name__}: {exc} on unseen data.") from None


# --- unseen inputs -------------------------------------------------------------------------------
def _unseen_runs():
    rng = np.random.default_rng(20261203)
    for n_regions, n_volumes, chosen in ((5, 150, 4), (7, 90, 7), (4, 200, 3)):
        shared = rng.normal(size=(n_volumes, 1))
        data = 0.6 * shared + rng.normal(size=(n_volumes, n_regions))
        columns = [f"R{i}" for i in range(n_regions)]
        run = pd.DataFrame(data, columns=columns)
        yield run, list(rng.permutation(columns)[:chosen])


def _unseen_groups():
    rng = np.random.default_rng(7)
    for n_a, n_b, shift in ((12, 9, 0.5), (40, 55, -0.2), (6, 6, 1.2)):
        yield pd.Series(rng.normal(shift, 1, n_a)), pd.Series(rng.normal(0, 1, n_b))


def _unseen_pairs():
    rng = np.random.default_rng(11)
    for n, change in ((15, 0.3), (30, -0.1), (8, 0.8)):
        before = rng.normal(0, 1, n)
        yield pd.Series(before), pd.Series(0.6 * before + rng.normal(change, 0.8, n))


def _unseen_predictions():
    rng = np.random.default_rng(5)
    for n, signal in ((40, 1.0), (60, 0.0)):
        outcome = pd.Series(np.tile([0, 1], n // 2))
        feature = rng.normal(0, 1, n) + signal * outcome.to_numpy()
        yield pd.DataFrame({"feature": feature}), outcome


# --- the graded items ---------------------------------------------------------------------------
def _within_explained(args, got, want) -> str:
    run, regions = args
    pairs = np.corrcoef(run[regions].to_numpy(), rowvar=False)[np.triu_indices(len(regions), 1)]
    hint = (" That is the plain mean of r: average Fisher's z (np.arctanh), then transform back."
            if _close(got, float(np.mean(pairs)), 1e-4) else
            " Use each pair of the given regions once (upper triangle, no diagonal).")
    return (f"within_network on an unseen run of {len(regions)} regions gave {_fmt(got)}; the Fisher-z mean of "
            f"its pairs is {_fmt(want)}.{hint}")


def _within_function(ns):
    _on_unseen(ns, "within_network", _unseen_runs(), ref_within, TOLERANCE, _within_explained)


def reference_within(cohort, session: str = "baseline") -> pd.Series:
    runs = cohort.rest if session == "baseline" else cohort.rest_24h
    return pd.Series({pid: ref_within(run, _dmn()) for pid, run in runs.items()})


def _within_series(ns, cohort) -> pd.Series:
    answer = ns.get("within_dmn")
    if not isinstance(answer, pd.Series):
        raise AssertionError("`within_dmn` should be a pandas Series, one value per participant.")
    expected = reference_within(cohort)
    if set(answer.index) != set(expected.index):
        raise AssertionError(f"`within_dmn` should have one value per participant of cohort.rest "
                             f"({len(expected)}); it has {len(answer)}.")
    wrong = [pid for pid in expected.index if not _close(answer[pid], expected[pid])]
    if wrong:
        raise AssertionError(f"{len(wrong)} of {len(expected)} values of `within_dmn` differ from your cohort's "
                             f"(e.g. {wrong[0]}: {_fmt(answer[wrong[0]])} vs {_fmt(expected[wrong[0]])}).")
    return expected


def _within_values(ns):
    cohort = _cohort(ns)
    _no_shortcuts(ns)
    expected = _within_series(ns, cohort)
    function = _own_function(ns, "within_network")
    for pid in list(expected.index)[:3]:
        if not _close(_call(function, "within_network", cohort.rest[pid], _dmn()), expected[pid]):
            raise AssertionError("Your `within_network` does not reproduce `within_dmn`: the values "
                                 "must come from your function.")


def _on_unseen(ns: dict, name: str, inputs, reference, tolerance: float, explain) -> None:
    """The student's ``name`` gives the reference on every unseen input (``explain(args, got, want)``
    says what went wrong)."""
    function = _own_function(ns, name)
    for args in inputs:
        got, want = _call(function, name, *args), reference(*args)
        if not _close(got, want, tolerance):
            raise AssertionError(explain(args, got, want))


def _hedges_function(ns):
    _on_unseen(ns, "hedges_g_ci", _unseen_groups(), ref_hedges, HEDGES_TOLERANCE, lambda args, got, want: (
        f"hedges_g_ci on unseen groups of {len(args[0])} and {len(args[1])} gave ({_fmt(got)}); expected "
        f"({_fmt(want)}): g = J·d with the pooled SD, and g ± 1.96·SE."))


def _groups(cohort):
    within = reference_within(cohort)
    group = cohort.participants["group"]
    return within[group == "depressed"], within[group == "control"]


def _values_from_own_function(ns: dict, label: str, got, want, tolerance: float, name: str, args,
                               hint: str = "") -> None:
    """The student's numbers equal their cohort's, and their own function ``name`` gives them."""
    if not _close(got, want, tolerance):
        raise AssertionError(f"{label} = ({_fmt(got)}) differs from your cohort's ({_fmt(want)}).{hint}")
    if not _close(_call(_own_function(ns, name), name, *args), want, tolerance):
        raise AssertionError(f"Your `{name}` does not reproduce {label}: the numbers must come from your function.")


def _hedges_values(ns):
    cohort = _cohort(ns)
    _no_shortcuts(ns)
    patients, controls = _groups(cohort)
    want = ref_hedges(patients, controls)
    got = (ns.get("g"), ns.get("low"), ns.get("high"))
    flipped = " That is controls minus patients." if _close(got, ref_hedges(controls, patients), HEDGES_TOLERANCE) else ""
    _values_from_own_function(ns, "(g, low, high)", got, want, HEDGES_TOLERANCE, "hedges_g_ci",
                              (patients, controls), flipped)


def _paired_function(ns):
    _on_unseen(ns, "paired_change", _unseen_pairs(), ref_paired, 1e-4, lambda args, got, want: (
        f"paired_change on {len(args[0])} unseen pairs gave ({_fmt(got)}); expected ({_fmt(want)}): d_z = mean "
        "change / SD of the changes, and the t-based 95% CI of the mean change (after − before)."))


def _paired_values(ns):
    cohort = _cohort(ns)
    _no_shortcuts(ns)
    base, later = reference_within(cohort), reference_within(cohort, "24h")
    _values_from_own_function(ns, "(dz, dz_low, dz_high)", (ns.get("dz"), ns.get("dz_low"), ns.get("dz_high")),
                              ref_paired(base[later.index], later), 1e-4, "paired_change", (base[later.index], later))


def _dmn():
    from dmnlab.study.nodes import DMN_NODES

    return list(DMN_NODES)


def _auc_function(ns):
    _on_unseen(ns, "cv_auc", _unseen_predictions(), ref_auc, TOLERANCE, lambda args, got, want: (
        f"cv_auc on unseen data gave {_fmt(got)}; expected {_fmt(want)}: the mean ROC AUC over "
        "StratifiedKFold(5, shuffle=True, random_state=0) of make_pipeline(StandardScaler(), LogisticRegression())."))


def _auc_values(ns):
    cohort = _cohort(ns)
    _no_shortcuts(ns)
    patients = list(cohort.rest_24h)
    features = reference_within(cohort)[patients].to_frame("within_dmn")
    outcome = cohort.participants.loc[patients, "responder"].astype(int)
    _values_from_own_function(ns, "auc", ns.get("auc"), ref_auc(features, outcome), TOLERANCE, "cv_auc",
                              (features, outcome))


ITEMS = {
    "within_function": _within_function, "within_values": _within_values,
    "hedges_function": _hedges_function, "hedges_values": _hedges_values,
    "paired_function": _paired_function, "paired_values": _paired_values,
    "auc_function": _auc_function, "auc_values": _auc_values,
}


def grade(item: str, ns: dict) -> None:
    """Run the hidden test of ``item`` on the student's namespace; raise AssertionError if it fails."""
    ITEMS[item](ns)
    print(f"✔ {item}: passed the hidden tests.")

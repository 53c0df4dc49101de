"""Submissions of known quality, for the worked example in the grading guide and the hub class test.

``python -m tools.seminar samples --course DIR --out FOLDER`` writes one notebook per roster student
(at most five), cycling through the kinds below, as a learning platform would export them
(``FOLDER/<student>/final.ipynb``); ``python -m tools.seminar grade --course DIR --submissions FOLDER``
then grades them. The expected points (:data:`EXPECTED`) are what a correct grader must give.

* ``blank`` — the release, untouched;
* ``partial`` — part 1 done right (its function and its values), nothing else;
* ``correct`` — every part done right, in the student's own code;
* ``copy`` — the numbers of the *previous* student (a classmate's cohort), typed in, no functions;
* ``shortcuts`` — every part answered through the course package (``dmnlab``) instead of own code.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from dmnlab.course.assessment import FINAL_ASSIGNMENT, FINAL_PARTS

from .term import Term

KINDS = ("blank", "partial", "correct", "copy", "shortcuts")
_AUTO = {p.grade_id: p.points for p in FINAL_PARTS if p.autograded}
#: The autograded points each kind must get (the appraisal is marked by hand).
EXPECTED = {
    "blank": 0,
    "partial": _AUTO["within_function"] + _AUTO["within_values"],
    "correct": sum(_AUTO.values()),
    "copy": 0,
    "shortcuts": 0,
}

SHORTCUTS = {
    "answer_1": '''from dmnlab import synthesis
from dmnlab.methods.connectivity import correlation_matrix, within_network_connectivity


def within_network(run, regions):
    return within_network_connectivity(correlation_matrix(run), "DMN")


within_dmn = synthesis.capstone_within_dmn(cohort)''',
    "answer_2": '''from dmnlab.methods import stats as course_stats


def hedges_g_ci(a, b):
    effect = course_stats.hedges_g(a, b)
    return effect.g, effect.ci_low, effect.ci_high


answers = synthesis.capstone_answers(cohort)
g, low, high = answers["group"].g, answers["group"].ci_low, answers["group"].ci_high''',
    "answer_3": '''def paired_change(before, after):
    result = course_stats.paired_effect(before, after)
    return result["d_z"], result["ci_low"], result["ci_high"]


dz, dz_low, dz_high = answers["paired"]["d_z"], answers["paired"]["ci_low"], answers["paired"]["ci_high"]''',
    "answer_4": '''from dmnlab.methods import prediction


def cv_auc(features, outcome):
    return prediction.cross_validated_auc(features, outcome, cv=prediction.stratified_folds(5, 0))["auc"]


auc = answers["cv_auc"]''',
}


def _solutions(term: Term) -> dict[str, str]:
    """Each answer cell's reference solution (the source notebook, markers removed)."""
    source = nbformat.read(term.root / "source" / FINAL_ASSIGNMENT / f"{FINAL_ASSIGNMENT}.ipynb", as_version=4)
    solutions = {}
    for cell in source.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_"):
            solutions[grade_id] = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", cell.source, flags=re.MULTILINE)
    return solutions


def _copied_numbers(seed: int) -> dict[str, str]:
    """The answers of the cohort with ``seed``, typed in as numbers."""
    from dmnlab.synthesis import capstone_cohort

    from .keys import ref_auc, ref_hedges, ref_paired, reference_within

    cohort = capstone_cohort(seed)
    base, later = reference_within(cohort), reference_within(cohort, "24h")
    group = cohort.participants["group"]
    hedges = ref_hedges(base[group == "depressed"], base[group == "control"])
    paired = ref_paired(base[later.index], later)
    patients = list(cohort.rest_24h)
    auc = ref_auc(base[patients].to_frame("within_dmn"), cohort.participants.loc[patients, "responder"].astype(int))
    values = ", ".join(f"{pid!r}: {value!r}" for pid, value in base.items())
    return {
        "answer_1": f"within_dmn = pd.Series({{{values}}})",
        "answer_2": f"g, low, high = {hedges[0]!r}, {hedges[1]!r}, {hedges[2]!r}",
        "answer_3": f"dz, dz_low, dz_high = {paired[0]!r}, {paired[1]!r}, {paired[2]!r}",
        "answer_4": f"auc = {auc!r}",
    }


def submission(term: Term, kind: str, copy_from: str | None = None) -> nbformat.NotebookNode:
    """A student's notebook of the given kind, from the term's release."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    notebook = nbformat.read(term.root / "release" / FINAL_ASSIGNMENT / f"{FINAL_ASSIGNMENT}.ipynb", as_version=4)
    if kind == "correct":
        answers = _solutions(term)
    elif kind == "partial":
        answers = {"answer_1": _solutions(term)["answer_1"]}
    elif kind == "copy":
        answers = _copied_numbers(term.seed(copy_from))
    elif kind == "shortcuts":
        answers = SHORTCUTS
    else:
        answers = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") in answers:
            cell.source = answers[meta["grade_id"]]
        elif meta.get("grade_id") == "appraisal" and kind in ("correct", "copy"):
            cell.source = "The headline claims a change in healthy volunteers during the drug ... (a sample text)."
    return notebook


def kinds_for(students: list[str]) -> dict[str, str]:
    """The kind of sample each student gets (cycling through :data:`KINDS`)."""
    return {student: KINDS[i % len(KINDS)] for i, student in enumerate(students)}


def write_samples(term: Term, out: Path, students: list[str] | None = None) -> dict[str, str]:
    """One sample submission per student in ``out/<student>/final.ipynb``; return ``{student: kind}``."""
    students = (students or term.students())[:len(KINDS)]
    kinds = kinds_for(students)
    for i, student in enumerate(students):
        copy_from = students[i - 1] if i else students[-1]
        folder = Path(out) / student
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(term, kinds[student], copy_from), folder / f"{FINAL_ASSIGNMENT}.ipynb")
    return kinds

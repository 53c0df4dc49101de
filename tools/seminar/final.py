"""The graded final assignment, generated from lab 8 (the capstone): nbgrader's source notebook.

One source: the section headings, the **Data** paragraph, every **Think!** prompt and the
appraisal task (exercise 8.5 with the rubric from :mod:`dmnlab.course.assessment`) are read from
``notebooks/08-what-we-know-lab.ipynb`` each time; a test checks they are in the graded notebook, so an
edit of the lab reaches the final. What the lab leaves to the course's helpers, the final asks
students to write themselves: four functions (``within_network``, ``hedges_g_ci``,
``paired_change``, ``cv_auc``) and the numbers they give on the student's own cohort. The set-up
cell imports nothing of the course but the cohort loader (``capstone_cohort``, ``assigned_seed``
and the shape check ``try_answer``).

Cells carry nbgrader's metadata: the set-up and the checks are locked (restored when grading); each
answer cell holds the reference solution between ``### BEGIN SOLUTION`` / ``### END SOLUTION``
(replaced by ``# YOUR CODE HERE`` in the release); each check cell calls the hidden test of
:mod:`tools.seminar.keys` between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` (removed
from the release); the appraisal is a manually graded answer cell. Points come from
:data:`dmnlab.course.assessment.FINAL_PARTS`.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from dmnlab.course.assessment import FINAL_ALLOWED, FINAL_PARTS, final_table, rubric_points
from dmnlab.course.chapters import REPO, chapter
from dmnlab.study.nodes import DMN_NODES

from .keys import FOLD_SEED, FOLDS, OWN_CELL_MARKER

LAB = chapter(8).lab_path(REPO)
POINTS = {part.grade_id: part.points for part in FINAL_PARTS}
SCHEMA = 3

SETUP = f'''# {OWN_CELL_MARKER}: the set-up (restored as handed out when your work is graded)
import numpy as np
import pandas as pd
from scipy import special, stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, permutation_test_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from dmnlab.course.assignment import assigned_seed, try_answer
from dmnlab.synthesis import capstone_cohort

DMN = {list(DMN_NODES)!r}   # the DMN's regions in every run
FOLDS, FOLD_SEED = {FOLDS}, {FOLD_SEED}   # the cross-validation of part 4

MY_SEED = assigned_seed()   # your own cohort, assigned by your instructor
cohort = capstone_cohort(MY_SEED)
print(cohort)
cohort.participants.head()'''

#: Per part: the task, the answer cell (reference solution between the markers), the two checks.
PARTS = (
    {
        "section": "## 1.",
        "task": """### Part 1 ({within_function} + {within_values} points) — within-DMN connectivity, in your own code

Write `within_network(run, regions)`: for one rest run (a DataFrame, volumes × regions), correlate
every pair of the listed `regions` (each pair once: the upper triangle of the correlation matrix,
no diagonal), turn each r into Fisher's z (`np.arctanh`), average, and turn the mean back into r
(`np.tanh`). Then fill `within_dmn`: a Series with one value per participant of `cohort.rest`
(their **baseline** runs), computed with your function and the regions in `DMN`.""",
        "answer": '''def within_network(run, regions):
    """Fisher-z mean of the correlations of every pair of `regions` in `run`, as r."""
    ### BEGIN SOLUTION
    r = np.corrcoef(run[list(regions)].to_numpy(dtype=float), rowvar=False)
    upper = r[np.triu_indices(len(regions), k=1)]
    return float(np.tanh(np.arctanh(np.clip(upper, -0.999999, 0.999999)).mean()))
    ### END SOLUTION


within_dmn = None   # a Series {participant: within-DMN r}, one value per baseline run in cohort.rest
### BEGIN SOLUTION
within_dmn = pd.Series({pid: within_network(run, DMN) for pid, run in cohort.rest.items()})
### END SOLUTION''',
        "checks": (
            ("within_function", 'try_answer("within_network(first participant\'s run, DMN)",\n'
                                '           lambda: within_network(cohort.rest[cohort.participants.index[0]], DMN),\n'
                                '           expect="correlation")'),
            ("within_values", 'try_answer("within_dmn", lambda: within_dmn, expect="series")'),
        ),
    },
    {
        "section": "## 2.",
        "task": """### Part 2 ({hedges_function} + {hedges_values} points) — patients vs controls, with the interval

Write `hedges_g_ci(a, b)` returning `(g, low, high)`: Hedges' g of group `a` minus group `b` with
its 95% confidence interval. With `n_a`, `n_b`, the pooled SD `s` (each group's variance with
`ddof=1`, weighted by n − 1) and `d = (mean_a − mean_b) / s`:
`J = Γ(df/2) / (√(df/2) · Γ((df − 1)/2))` with `df = n_a + n_b − 2` (`special.gammaln` helps; the
approximation `1 − 3/(4·df − 1)` is accepted too), `g = J·d`,
`SE = J·√((n_a + n_b)/(n_a·n_b) + d²/(2(n_a + n_b)))` and the interval `g ± 1.96·SE`
(`stats.norm.ppf(0.975)`). Then give `g, low, high` for your cohort: **patients minus controls**,
on your `within_dmn`.""",
        "answer": '''def hedges_g_ci(a, b):
    """Hedges' g of a minus b with its 95% CI: (g, low, high)."""
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_a, n_b = a.size, b.size
    df = n_a + n_b - 2
    pooled = np.sqrt(((n_a - 1) * a.var(ddof=1) + (n_b - 1) * b.var(ddof=1)) / df)
    d = (a.mean() - b.mean()) / pooled
    j = np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2)
    se = j * np.sqrt((n_a + n_b) / (n_a * n_b) + d ** 2 / (2 * (n_a + n_b)))
    z = stats.norm.ppf(0.975)
    return float(j * d), float(j * d - z * se), float(j * d + z * se)
    ### END SOLUTION


g, low, high = None, None, None   # patients minus controls, on your within_dmn
### BEGIN SOLUTION
group = cohort.participants["group"]
g, low, high = hedges_g_ci(within_dmn[group == "depressed"], within_dmn[group == "control"])
### END SOLUTION''',
        "checks": (
            ("hedges_function", 'try_answer("hedges_g_ci(two small groups)",\n'
                                '           lambda: hedges_g_ci([2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0]),\n'
                                '           expect="triple")'),
            ("hedges_values", 'try_answer("(g, low, high)", lambda: (g, low, high) if g is not None else None,\n'
                              '           expect="triple")'),
        ),
    },
    {
        "section": "## 3.",
        "task": """### Part 3 ({paired_function} + {paired_values} points) — ketamine's paired change at 24 hours

Write `paired_change(before, after)` returning `(d_z, low, high)`: the changes `after − before` of
the same people, `d_z` = their mean divided by their SD (`ddof=1`), and the 95% confidence interval
of the **mean change** from the t distribution (`stats.t.ppf(0.975, n − 1)` times the standard
error). Then, for the patients only, compute within-DMN connectivity at 24 hours (`cohort.rest_24h`)
with your `within_network`, pair it with each patient's own baseline and give `dz, dz_low, dz_high`.""",
        "answer": '''def paired_change(before, after):
    """d_z of after − before, and the t-based 95% CI of the mean change: (d_z, low, high)."""
    ### BEGIN SOLUTION
    change = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    n = change.size
    sd = change.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    return float(change.mean() / sd), float(change.mean() - half), float(change.mean() + half)
    ### END SOLUTION


dz, dz_low, dz_high = None, None, None   # patients: 24 h minus baseline
### BEGIN SOLUTION
later = pd.Series({pid: within_network(run, DMN) for pid, run in cohort.rest_24h.items()})
dz, dz_low, dz_high = paired_change(within_dmn[later.index], later)
### END SOLUTION''',
        "checks": (
            ("paired_function", 'try_answer("paired_change(four pairs)",\n'
                                '           lambda: paired_change([1.0, 2.0, 3.0, 4.0], [1.5, 2.1, 3.9, 4.2]),\n'
                                '           expect="three")'),
            ("paired_values", 'try_answer("(dz, dz_low, dz_high)",\n'
                              '           lambda: (dz, dz_low, dz_high) if dz is not None else None, expect="three")'),
        ),
    },
    {
        "section": "## 4.",
        "task": """### Part 4 ({auc_function} + {auc_values} points) — does baseline connectivity predict response?

Write `cv_auc(features, outcome)`: the mean ROC AUC of `make_pipeline(StandardScaler(),
LogisticRegression())` over `StratifiedKFold(FOLDS, shuffle=True, random_state=FOLD_SEED)`, scored
with `cross_val_score(..., scoring="roc_auc")`. Then give `auc` for your patients: one feature,
their baseline within-DMN connectivity (a one-column DataFrame), and the outcome `responder`.""",
        "answer": '''def cv_auc(features, outcome):
    """Mean cross-validated ROC AUC of a standardised logistic regression."""
    ### BEGIN SOLUTION
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=FOLD_SEED)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    return float(cross_val_score(model, features, outcome, cv=folds, scoring="roc_auc").mean())
    ### END SOLUTION


auc = None   # the patients' cross-validated AUC
### BEGIN SOLUTION
patients = list(cohort.rest_24h)
auc = cv_auc(within_dmn[patients].to_frame("within_dmn"),
             cohort.participants.loc[patients, "responder"].astype(int))
### END SOLUTION''',
        "checks": (
            ("auc_function", 'try_answer("cv_auc(twenty people)",\n'
                             '           lambda: cv_auc(pd.DataFrame({"x": np.arange(20.0) % 7}), pd.Series([0, 1] * 10)))'),
            ("auc_values", 'try_answer("auc", lambda: auc)'),
        ),
    },
)

CHANCE = f'''# {OWN_CELL_MARKER}: compared with chance (not graded): the whole cross-validation rerun on 200 shuffles
if isinstance(within_dmn, pd.Series):
    patients = list(cohort.rest_24h)
    score, shuffled, p = permutation_test_score(
        make_pipeline(StandardScaler(), LogisticRegression()), within_dmn[patients].to_frame("within_dmn"),
        cohort.participants.loc[patients, "responder"].astype(int),
        cv=StratifiedKFold(FOLDS, shuffle=True, random_state=FOLD_SEED), scoring="roc_auc",
        n_permutations=200, random_state=0)
    print(f"AUC {{score:.3f}}; permutation p = {{p:.3f}} (the share of 200 shuffles scoring at least as well)")
else:
    print("Compute within_dmn in part 1 first.")'''

HIDDEN = '''### BEGIN HIDDEN TESTS
import sys, pathlib; sys.path.insert(0, str(pathlib.Path.cwd().parents[2]))  # the course folder
import dmnlab_keys; dmnlab_keys.grade({item!r}, globals())
### END HIDDEN TESTS'''


def _md(source: str, grade_id: str | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    if grade_id:
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                     "grade_id": grade_id, "schema_version": SCHEMA}
    return cell


def _code(source: str, grade_id: str, *, solution=False, grade=False, locked=False, points=None):
    cell = nbformat.v4.new_code_cell(source)
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": SCHEMA}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def lab_paragraphs(lab: Path = LAB) -> list[str]:
    """The lab's markdown, paragraph by paragraph, in order."""
    notebook = nbformat.read(lab, as_version=4)
    paragraphs = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            paragraphs += [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip()]
    return paragraphs


def thinks_after_exercises(paragraphs: list[str]) -> dict[int, list[str]]:
    """The lab's **Think!** prompts by the exercise they follow (8.2's prompt goes after part 2)."""
    found: dict[int, list[str]] = {}
    current = None
    for paragraph in paragraphs:
        heading = re.match(r"^### Exercise \d+\.(\d+)", paragraph)
        if heading:
            current = int(heading.group(1))
        elif paragraph.startswith("**Think!**") and current is not None:
            found.setdefault(current, []).append(paragraph)
    return found


def _appraisal_task(paragraphs: list[str]) -> str:
    """Exercise 8.5 of the lab, from its heading to the rubric's table (inclusive)."""
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("### Exercise 8.5"))
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.lstrip().startswith("| criterion"))
    task = paragraphs[start:end + 1]
    task[0] = f"### Part 5 ({POINTS['appraisal']} points) — a one-page appraisal, marked with the rubric"
    return "\n\n".join(task)


def graded_source(lab: Path = LAB) -> nbformat.NotebookNode:
    """nbgrader's source notebook of the final assignment (reference solutions and hidden tests in it)."""
    paragraphs = lab_paragraphs(lab)
    data = next(p for p in paragraphs if p.startswith("**Data:**"))
    # In the graded edition the checks look only at an answer's form: the lab's checkers are not there.
    data = data.replace(", and the checkers compute the right answer from *your* cohort", "")
    thinks = thinks_after_exercises(paragraphs)
    sections = {p.split(" ", 2)[1]: p for p in paragraphs if re.match(r"^## \d\. ", p)}
    closing = next(i for i, p in enumerate(paragraphs) if p == "## Think!")
    assert rubric_points() == POINTS["appraisal"], "the rubric and the appraisal's points disagree"

    intro = f"""# Final assignment — your own study, end to end (graded)

{data}

**This is graded.** Your cohort is yours alone: its seed was assigned to you, so your numbers
differ from everyone else's. Write your own code with {", ".join(FINAL_ALLOWED)}; the course package
may only load your cohort (the set-up cell does that). When your work is graded, your notebook is
run from the top, each function you wrote is tried on unseen data, and each number is
recomputed from *your* cohort with *your* function: a number typed in, or code from the course
package, earns no points. The checks under each answer only look at the form of your answer.

{final_table()}

Run every cell from the top before you submit (*Run → Run All Cells*). Educational material, not
medical advice."""

    cells = [_md(intro, "intro"), _code(SETUP, "setup", locked=True)]
    for number, part in enumerate(PARTS, start=1):
        heading = sections[f"{number}."]
        cells.append(_md(heading + "\n\n" + part["task"].format(**POINTS), f"task_{number}"))
        cells.append(_code(part["answer"], f"answer_{number}", solution=True))
        for item, visible in part["checks"]:
            source = (f"# {OWN_CELL_MARKER}: check {item} ({POINTS[item]} points)\n{visible}\n"
                      + HIDDEN.format(item=item))
            cells.append(_code(source, item, grade=True, locked=True, points=POINTS[item]))
        if number == 4:
            cells.append(_code(CHANCE, "chance", locked=True))
        for index, think in enumerate(thinks.get(number, [])):
            cells.append(_md(think, f"think_{number}_{index + 1}"))
    cells.append(_md(sections["5."] + "\n\n" + _appraisal_task(paragraphs), "task_5"))
    appraisal = nbformat.v4.new_markdown_cell("YOUR ANSWER HERE")
    appraisal.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": False,
                                      "points": POINTS["appraisal"], "grade_id": "appraisal",
                                      "schema_version": SCHEMA}
    cells.append(appraisal)
    cells.append(_md("\n\n".join(paragraphs[closing:closing + 2]), "think_end"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["dmnlab_edition"] = "graded-source"
    return notebook

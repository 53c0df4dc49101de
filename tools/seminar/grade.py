"""Grade the final assignment: submissions → nbgrader's autograder → a CSV gradebook and feedback.

``python -m tools.seminar grade --course ~/dmn-2027 [--submissions folder | --collect]``:

1. **Gather.** ``--collect`` takes what students submitted through the hub's exchange
   (``nbgrader collect``); ``--submissions`` a folder as a learning platform exports it: one folder
   per student id holding their notebook (``<id>/final.ipynb``, ``<id>/final/final.ipynb``), or
   ``<id>.ipynb``. Anything not on the roster is reported and left out.
2. **Pin each student's cohort.** ``cohort.toml`` with the seed derived from the term's secret is
   written beside every submission, over whatever came in: a student cannot swap cohorts.
3. **Autograde** (``nbgrader autograde final --force``): each notebook runs from the top in a fresh
   kernel with the set-up and check cells restored and the hidden tests put back in
   (:mod:`tools.seminar.keys`).
4. **Feedback** (``nbgrader generate_feedback``): ``feedback/<id>/final/final.html``, the graded
   notebook with each check's message; plus ``summary.md`` beside it, a line per item.
5. **Gradebook** ``gradebook.csv``: a row per roster student — points per item, the autograded
   total, the appraisal (empty until marked in nbgrader's formgrader), the total so far and a status.
"""
from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dmnlab.course.assessment import FINAL_ASSIGNMENT, FINAL_PARTS
from dmnlab.course.assignment import SEED_TABLE, write_seed_file

from .term import SeminarError, Term, nbgrader

NOTEBOOK = f"{FINAL_ASSIGNMENT}.ipynb"


@dataclass
class Row:
    student: str
    seed: int
    points: dict = field(default_factory=dict)     # grade_id -> points (None: not graded yet)
    messages: dict = field(default_factory=dict)   # grade_id -> the check's message
    status: str = "no submission"

    @property
    def autograded(self) -> float:
        return sum(self.points.get(p.grade_id) or 0 for p in FINAL_PARTS if p.autograded)

    @property
    def total(self) -> float:
        return sum(self.points.get(p.grade_id) or 0 for p in FINAL_PARTS)


def _find_notebook(folder: Path, student: str) -> Path | None:
    for candidate in (folder / student / FINAL_ASSIGNMENT / NOTEBOOK, folder / student / NOTEBOOK,
                      folder / f"{student}.ipynb"):
        if candidate.is_file():
            return candidate
    notebooks = sorted((folder / student).glob("**/*.ipynb")) if (folder / student).is_dir() else []
    notebooks = [n for n in notebooks if ".ipynb_checkpoints" not in n.parts]
    return notebooks[0] if len(notebooks) == 1 else None


def gather(term: Term, submissions: Path) -> list[str]:
    """Copy a folder of submissions into ``submitted/``; return what was left out, in words."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise SeminarError(f"{submissions} is not a folder of submissions.")
    roster = term.students()
    for student in roster:
        found = _find_notebook(submissions, student)
        if found is None:
            continue
        target = term.root / "submitted" / student / FINAL_ASSIGNMENT
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        shutil.copyfile(found, target / NOTEBOOK)
    names = {p.stem if p.suffix == ".ipynb" else p.name for p in submissions.iterdir()}
    return [f"{name} (not on the roster)" for name in sorted(names - set(roster)) if not name.startswith(".")]


def pin_cohorts(term: Term) -> list[str]:
    """Write each submitted student's ``cohort.toml``; return the submitted students."""
    submitted = []
    for student in term.students():
        folder = term.root / "submitted" / student / FINAL_ASSIGNMENT
        if (folder / NOTEBOOK).is_file():
            write_seed_file(folder, student, term.seed(student))
            (folder / SEED_TABLE).unlink(missing_ok=True)
            submitted.append(student)
    return submitted


def _messages(notebook: Path) -> dict:
    """Each check cell's outcome in the autograded notebook: its error text or its printed line."""
    data = json.loads(notebook.read_text("utf-8"))
    messages = {}
    for cell in data["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id == "appraisal" and "".join(cell["source"]).strip() in ("", "YOUR ANSWER HERE"):
            messages[grade_id] = "blank"
        if cell["cell_type"] != "code" or not grade_id:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                messages[grade_id] = f"{output['ename']}: {output['evalue']}".strip()
                break
            if output.get("output_type") == "stream" and "passed the hidden tests" in "".join(output["text"]):
                messages[grade_id] = "passed"
    return messages


def read_gradebook(term: Term) -> list[Row]:
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{term.root / 'gradebook.db'}") as book:
        for student in term.students():
            row = Row(student, term.seed(student))
            try:
                submission = book.find_submission_notebook(FINAL_ASSIGNMENT, FINAL_ASSIGNMENT, student)
            except MissingEntry:
                rows.append(row)
                continue
            for grade in submission.grades:
                row.points[grade.name] = grade.score if not grade.needs_manual_grade else None
            autograded = term.root / "autograded" / student / FINAL_ASSIGNMENT / NOTEBOOK
            row.messages = _messages(autograded) if autograded.is_file() else {}
            row.status = ("appraisal to mark" if row.points.get("appraisal") is None
                          else "complete" if row.messages.get("appraisal") != "blank" else "complete (appraisal blank)")
            rows.append(row)
    return rows


def write_gradebook(term: Term, rows: list[Row]) -> Path:
    path = term.root / "gradebook.csv"
    columns = (["student_id", "seed"] + [p.grade_id for p in FINAL_PARTS]
               + ["autograded", "total", "max_score", "status"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            points = [("" if row.points.get(p.grade_id) is None else f"{row.points[p.grade_id]:g}")
                      for p in FINAL_PARTS]
            writer.writerow([row.student, row.seed, *points, f"{row.autograded:g}", f"{row.total:g}",
                             sum(p.points for p in FINAL_PARTS), row.status])
    return path


def write_summaries(term: Term, rows: list[Row]) -> None:
    for row in rows:
        folder = term.root / "feedback" / row.student / FINAL_ASSIGNMENT
        if row.status == "no submission" or not folder.is_dir():
            continue
        lines = [f"# Final assignment — {row.student}", "",
                 f"Autograded: {row.autograded:g} of {sum(p.points for p in FINAL_PARTS if p.autograded)} points. "
                 "The written appraisal is marked separately with the rubric.", "",
                 "| item | points | what the grader found |", "|---|---|---|"]
        for part in FINAL_PARTS:
            got = row.points.get(part.grade_id)
            shown = "to be marked" if got is None else f"{got:g} / {part.points}"
            note = row.messages.get(part.grade_id, "" if part.autograded else "marked with the rubric")
            lines.append(f"| {part.title} | {shown} | {note.replace('|', '/')} |")
        (folder / "summary.md").write_text("\n".join(lines) + "\n", "utf-8")


def grade(term: Term, submissions: Path | None = None, collect: bool = False) -> tuple[Path, list[Row], list[str]]:
    """Gather, pin, autograde, feedback, gradebook; return ``(gradebook.csv, rows, notes)``."""
    notes, collected = [], None
    if collect:
        collected = nbgrader(term.root, "collect", FINAL_ASSIGNMENT, "--update")
    if submissions is not None:
        notes += gather(term, submissions)
    submitted = pin_cohorts(term)
    if not submitted:
        said = f"\nnbgrader collect said:\n{collected.stderr[-2000:]}" if collected is not None else ""
        raise SeminarError("No submissions to grade: use --collect (the hub's exchange) or --submissions FOLDER."
                           + said)
    nbgrader(term.root, "autograde", FINAL_ASSIGNMENT, "--force")
    nbgrader(term.root, "generate_feedback", FINAL_ASSIGNMENT, "--force")
    rows = read_gradebook(term)
    write_summaries(term, rows)
    return write_gradebook(term, rows), rows, notes


def table(rows: list[Row]) -> str:
    """The gradebook as a Markdown table (what the command prints)."""
    head = "| student | " + " | ".join(p.grade_id for p in FINAL_PARTS) + " | autograded | status |"
    lines = [head, "|" + "---|" * (len(FINAL_PARTS) + 3)]
    for row in rows:
        cells = ["" if row.points.get(p.grade_id) is None else f"{row.points[p.grade_id]:g}" for p in FINAL_PARTS]
        lines.append(f"| {row.student} | " + " | ".join(cells) + f" | {row.autograded:g} | {row.status} |")
    return "\n".join(lines)

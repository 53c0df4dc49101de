"""A term of the graded seminar: the private course folder, the roster, each student's cohort, the release.

``python -m tools.seminar new-term --roster roster.csv --course ~/dmn-2027`` makes::

    ~/dmn-2027/                      PRIVATE: the instructor's (keep it off the students' hub)
      term.toml                      the term's secret (mode 600) and course id
      roster.csv                     the roster as given
      nbgrader_config.py             nbgrader's settings (course id, exchange, stubs, timeout)
      dmnlab_keys.py                 the hidden tests (tools/seminar/keys.py)
      gradebook.db                   nbgrader's SQLite gradebook, with the roster's students
      source/final/final.ipynb       the graded notebook with reference solutions and hidden tests
      source/final/cohorts.csv       every student's seed (student,seed): goes out with the release
      release/final/                 what students get (nbgrader generate_assignment): no solution,
                                     no hidden test
      assignments/<student>/final/   the same, one folder per student with their own cohort.toml,
                                     for handing out without the hub's exchange (a learning platform)

A seed is HMAC-SHA256(secret, student id) (:func:`tools.seminar.keys.seed_for`): a new secret each
term gives every student a new cohort, and nobody can work out another term's seeds.
"""
from __future__ import annotations

import csv
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import nbformat

from dmnlab.course.assessment import FINAL_ASSIGNMENT
from dmnlab.course.assignment import SEED_TABLE, write_seed_file

from .final import graded_source
from .keys import seed_for

KEYS_SOURCE = Path(__file__).with_name("keys.py")
KEYS_NAME = "dmnlab_keys.py"
VENV_BIN = Path(sys.executable).parent
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

STUDENT_README = """# {course_id}: final assignment

Open `final.ipynb` and work from the top (*Run → Run All Cells* first: the set-up cell says which
cohort is yours). Your cohort's seed is assigned to you{where}; do not change the set-up cell.
Write your own code in the answer cells; the checks under them look only at the form of your answers.
Submit the notebook as your instructor says (on the hub: the Assignments tab, or
`nbgrader submit final --course {course_id}` in a terminal).

The data are SIMULATED. Educational material, not medical advice.
"""


class SeminarError(RuntimeError):
    """Something an instructor can fix: the message says what."""


@dataclass(frozen=True)
class Term:
    """A term's private course folder."""

    root: Path

    def __post_init__(self):
        if not (self.root / "term.toml").is_file():
            raise SeminarError(f"{self.root} is not a term's course folder (no term.toml): make one with "
                               "`python -m tools.seminar new-term`.")

    @property
    def settings(self) -> dict:
        return tomllib.loads((self.root / "term.toml").read_text("utf-8"))

    @property
    def course_id(self) -> str:
        return self.settings["course_id"]

    def students(self) -> list[str]:
        return read_roster(self.root / "roster.csv")

    def seed(self, student: str) -> int:
        return seed_for(self.settings["secret"], student)

    def seeds(self) -> dict[str, int]:
        return {student: self.seed(student) for student in self.students()}


def read_roster(path: Path) -> list[str]:
    """Student ids from a roster CSV with a ``student_id`` column (hub user names), checked."""
    path = Path(path)
    if not path.is_file():
        raise SeminarError(f"The roster {path} does not exist.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "student_id" not in rows[0]:
        raise SeminarError(f"{path.name} needs a header row with a student_id column (the hub user names); "
                           "first_name, last_name and email are optional.")
    ids, problems = [], []
    for number, row in enumerate(rows, start=2):
        student = (row.get("student_id") or "").strip()
        if not _ID.match(student):
            problems.append(f"line {number}: {student!r} is not a usable id (letters, digits, . _ @ -)")
        elif student in ids:
            problems.append(f"line {number}: {student!r} appears twice")
        else:
            ids.append(student)
    if problems:
        raise SeminarError(f"{path.name}: " + "; ".join(problems[:5]))
    return ids


def nbgrader(term_root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder (with the venv's tools on PATH: nbgrader calls
    ``alembic`` to set up its gradebook)."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in ("DMNLAB_COHORT_SEED", "JUPYTERHUB_USER", "MPLBACKEND", "DMNLAB_STATIC_WIDGETS"):
        env.pop(name, None)
    done = subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=term_root, env=env,
                          capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SeminarError(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


def _config(course_id: str, exchange: Path | None) -> str:
    lines = ["# nbgrader's settings for this term (written by python -m tools.seminar new-term)",
             "c = get_config()  # noqa: F821",
             f"c.CourseDirectory.course_id = {course_id!r}",
             "c.ClearSolutions.code_stub = {'python': '# YOUR CODE HERE'}",
             "c.ClearSolutions.text_stub = 'YOUR ANSWER HERE'",
             "c.ExecutePreprocessor.timeout = 600",
             "c.ExecutePreprocessor.interrupt_on_timeout = True"]
    if exchange is not None:
        lines.append(f"c.Exchange.root = {str(exchange)!r}")
    return "\n".join(lines) + "\n"


def new_term(roster: Path, root: Path, course_id: str = "dmn-seminar", exchange: Path | None = None,
             secret: str | None = None) -> Term:
    """Make the term's course folder (see the module's text); return it."""
    read_roster(roster)   # a bad roster stops here, before anything is written
    root = Path(root).resolve()
    if (root / "term.toml").exists():
        raise SeminarError(f"{root} already holds a term: choose a new folder (a new term needs a new secret).")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", course_id):
        raise SeminarError(f"course id {course_id!r}: use letters, digits, . _ -")
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o700)   # the instructor's alone: secret, keys, gradebook, submissions
    secret = secret or secrets.token_hex(32)
    term_file = root / "term.toml"
    term_file.write_text(f'course_id = "{course_id}"\nsecret = "{secret}"\ncreated = "{date.today()}"\n'
                         f'assignment = "{FINAL_ASSIGNMENT}"\n', "utf-8")
    term_file.chmod(0o600)
    shutil.copyfile(roster, root / "roster.csv")
    (root / "nbgrader_config.py").write_text(_config(course_id, exchange), "utf-8")
    shutil.copyfile(KEYS_SOURCE, root / KEYS_NAME)
    (root / "README.md").write_text(
        f"# {course_id} — the instructor's private course folder\n\nHolds the term's secret, the keys and the "
        "gradebook: keep it private (not on the students' hub, not in a public repository). Grade with "
        "`make grade COURSE=<this folder>` (see book/instructor/grading.md).\n", "utf-8")
    term = Term(root)

    source = root / "source" / FINAL_ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    nbformat.write(graded_source(), source / f"{FINAL_ASSIGNMENT}.ipynb")
    seeds = term.seeds()
    with (source / SEED_TABLE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "seed"])
        writer.writerows(seeds.items())
    (source / "README.md").write_text(STUDENT_README.format(
        course_id=course_id, where=" (your row of cohorts.csv, found by your hub user name)"), "utf-8")

    _add_students(term, roster)
    nbgrader(root, "generate_assignment", FINAL_ASSIGNMENT, "--force")
    for student, seed in seeds.items():
        folder = root / "assignments" / student / FINAL_ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "release" / FINAL_ASSIGNMENT / f"{FINAL_ASSIGNMENT}.ipynb",
                        folder / f"{FINAL_ASSIGNMENT}.ipynb")
        write_seed_file(folder, student, seed)
        (folder / "README.md").write_text(STUDENT_README.format(
            course_id=course_id, where=" (cohort.toml, beside the notebook)"), "utf-8")
    return term


def _add_students(term: Term, roster: Path) -> None:
    from nbgrader.api import Gradebook

    with Path(roster).open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["student_id"].strip(): row for row in csv.DictReader(handle)}
    nbgrader(term.root, "db", "assignment", "add", FINAL_ASSIGNMENT)   # creates the gradebook
    with Gradebook(f"sqlite:///{term.root / 'gradebook.db'}") as book:
        for student in term.students():
            row = rows[student]
            book.update_or_create_student(student, first_name=(row.get("first_name") or "").strip() or None,
                                          last_name=(row.get("last_name") or "").strip() or None,
                                          email=(row.get("email") or "").strip() or None)


def release(term: Term) -> None:
    """Put the release into the hub's exchange (``nbgrader release_assignment``)."""
    nbgrader(term.root, "release_assignment", FINAL_ASSIGNMENT, "--force")

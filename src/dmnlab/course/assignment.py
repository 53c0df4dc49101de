"""Which simulated cohort a learner analyses: their own in a graded seminar, any seed in self-study.

In a seminar each student is assigned a cohort seed (the instructor's ``python -m tools.seminar
new-term`` derives it from the student's id and a per-term secret). A notebook finds it, in this order:

1. the environment variable ``DMNLAB_COHORT_SEED`` (a whole number);
2. ``cohort.toml`` beside the notebook: ``student = "id"`` and ``seed = 123`` (one student's
   folder, as handed out by the instructor or re-written by the grader);
3. ``cohorts.csv`` beside the notebook, columns ``student,seed``, read at the row of the hub user
   (``JUPYTERHUB_USER``, which JupyterHub sets in every student's server) — the file the hub's
   assignment release carries for the whole class.

Without any of them the notebook is in self-study: the lab's default seed (any whole number works).
Nothing here is a key: a seed only says *which* simulated people a student analyses.
"""
from __future__ import annotations

import csv
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import CourseInputError

SEED_ENV = "DMNLAB_COHORT_SEED"
SEED_FILE = "cohort.toml"
SEED_TABLE = "cohorts.csv"
USER_ENV = "JUPYTERHUB_USER"
MAX_SEED = 2 ** 32 - 1


@dataclass(frozen=True)
class Assignment:
    """A cohort assigned to a student: its ``seed``, the ``student`` (if known) and where it came from."""

    seed: int
    student: str | None
    source: str


def _seed(value, where: str) -> int:
    try:
        seed = int(str(value).strip())
    except ValueError:
        raise CourseInputError(f"{where}: the seed should be a whole number, got {value!r}. "
                               "Ask your instructor for a fresh copy of the file.") from None
    if not 0 <= seed <= MAX_SEED:
        raise CourseInputError(f"{where}: the seed should be from 0 to {MAX_SEED}, got {seed}.")
    return seed


def write_seed_file(folder: str | Path, student: str, seed: int) -> Path:
    """Write ``cohort.toml`` (one student's assigned seed) into ``folder``, as :func:`find_assignment` reads it."""
    path = Path(folder) / SEED_FILE
    path.write_text(f'student = "{student}"\nseed = {int(seed)}\n', "utf-8")
    return path


def find_assignment(folder: str | Path | None = None) -> Assignment | None:
    """The cohort assigned here (see the module's text), or ``None`` in self-study."""
    folder = Path.cwd() if folder is None else Path(folder)
    if os.environ.get(SEED_ENV, "").strip():
        return Assignment(_seed(os.environ[SEED_ENV], f"${SEED_ENV}"), os.environ.get(USER_ENV),
                          f"the environment variable {SEED_ENV}")
    path = folder / SEED_FILE
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CourseInputError(f"{path.name} could not be read ({exc}). Ask your instructor for a "
                                   "fresh copy.") from None
        if "seed" not in data:
            raise CourseInputError(f"{path.name} has no `seed = ...` line. Ask your instructor for a "
                                   "fresh copy.")
        student = data.get("student")
        return Assignment(_seed(data["seed"], path.name), str(student) if student else None, path.name)
    table = folder / SEED_TABLE
    user = os.environ.get(USER_ENV, "").strip()
    if table.is_file() and user:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if rows and not {"student", "seed"} <= set(rows[0]):
            raise CourseInputError(f"{table.name} should have the columns student,seed.")
        for row in rows:
            if row["student"].strip() == user:
                return Assignment(_seed(row["seed"], table.name), user, f"{table.name}, row {user}")
        raise CourseInputError(f"{table.name} has no row for the hub user {user!r}: ask your "
                               "instructor to add you to the roster.")
    return None


def assigned_seed(default: int | None = None, folder: str | Path | None = None, quiet: bool = False) -> int:
    """The seed of the cohort assigned to this student, else ``default`` (self-study).

    With ``default=None`` (the graded final) a missing assignment is an error with a clear message.
    Prints where the seed came from unless ``quiet``.
    """
    found = find_assignment(folder)
    if found is not None:
        if not quiet:
            who = f" for {found.student}" if found.student else ""
            print(f"Your assigned cohort{who}: seed {found.seed} (from {found.source}).")
        return found.seed
    if default is None:
        raise CourseInputError(
            f"No assigned cohort was found: the graded notebook needs {SEED_FILE} or {SEED_TABLE} "
            f"beside it (your instructor hands them out with the assignment), or {SEED_ENV}. "
            "Fetch the assignment again, or ask your instructor.")
    if not quiet:
        print(f"Self-study: seed {default}. Any whole number gives another study; in a seminar your "
              f"instructor's {SEED_FILE} or {SEED_TABLE} assigns yours.")
    return _seed(default, "the default seed")


def try_answer(label: str, compute, expect: str = "number") -> bool:
    """A friendly first look at an answer before it is graded: runs ``compute()`` and says whether
    the result has the expected shape (``"number"``, ``"correlation"``, ``"triple"`` (estimate
    inside its interval), ``"three"`` (an effect size and the interval of another quantity),
    ``"series"``). Never raises: a blank or broken answer gets a sentence, not a traceback. It does
    not say whether the answer is right: the grader computes that from your own cohort."""
    import math

    import numpy as np
    import pandas as pd

    try:
        value = compute()
    except NameError as exc:
        print(f"Not yet: {label} — {exc} (run the cells above, and your answer cell).")
        return False
    except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything; say it in words
        print(f"Not yet: {label} raised {type(exc).__name__}: {exc}")
        return False
    if value is None:
        print(f"Not answered yet: {label} is None.")
        return False

    def number(x) -> bool:
        return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) \
            and math.isfinite(float(x))

    if expect in ("number", "correlation"):
        ok = number(value) and (expect == "number" or -1 <= float(value) <= 1)
        shape = "a single number" + (" between −1 and 1" if expect == "correlation" else "")
    elif expect in ("triple", "three"):
        ok = isinstance(value, (tuple, list)) and len(value) == 3 and all(number(x) for x in value)
        shape = "three numbers (estimate, lower end, upper end)"
        if ok and not value[1] <= value[2]:
            print(f"Check {label}: the lower end of the interval should not be above the upper end.")
            return False
        if ok and expect == "triple" and not value[1] <= value[0] <= value[2]:
            print(f"Check {label}: the estimate should lie between the two ends of its interval.")
            return False
    elif expect == "series":
        ok = isinstance(value, pd.Series) and len(value) > 0 and \
            bool(np.isfinite(pd.to_numeric(value, errors="coerce")).all())
        shape = "a pandas Series of numbers, one per participant"
    else:
        raise ValueError(f"unknown expect={expect!r}")
    if ok:
        print(f"✔ {label} has the right form ({shape}). The grader checks its value against your own "
              "cohort and tries your functions on unseen data.")
    else:
        print(f"Not yet: {label} should be {shape}; it is {type(value).__name__}.")
    return ok

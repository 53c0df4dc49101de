"""How a seminar of the course is assessed: the grading scheme, the final assignment's parts and
the rubric of its written appraisal.

One home for these numbers: the syllabus page (students read it), the instructor's grading guide,
the graded final assignment (``tools/seminar``) and the tests read them here. Nothing here is a key:
the answers of the graded items are computed at grading time from each student's own cohort by the
instructor's tools, which are not part of this package.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """One part of the course grade."""

    name: str
    weight: int          # percent of the course grade
    how: str             # how it is assessed


#: The course grade: weights in percent (they add up to 100).
GRADING_SCHEME: tuple[Component, ...] = (
    Component("Weekly labs", 20,
              "Labs 1 to 7, counted for completion: every exercise attempted and its checker run "
              "(the formative checkers give feedback; they are not a grade)."),
    Component("Exit tickets", 15,
              "Two or three short questions at the end of six sessions, answered individually on "
              "paper or in the learning platform, marked 0-2 each."),
    Component("Seminar and debate", 25,
              "Preparation and contribution to the discussions and the structured debates, marked "
              "with the participation rubric in the instructor's grading guide."),
    Component("Final assignment", 40,
              "Lab 8's capstone on your own simulated cohort: four analyses you code yourself "
              "(autograded) and a one-page written appraisal (marked with the rubric below)."),
)


@dataclass(frozen=True)
class FinalPart:
    """One graded item of the final assignment (an nbgrader grade cell)."""

    grade_id: str
    title: str
    points: int
    autograded: bool


#: The final assignment's graded items, in notebook order (100 points).
FINAL_PARTS: tuple[FinalPart, ...] = (
    FinalPart("within_function", "1a. within_network() on unseen data", 10, True),
    FinalPart("within_values", "1b. within-DMN connectivity of your cohort", 5, True),
    FinalPart("hedges_function", "2a. hedges_g_ci() on unseen data", 10, True),
    FinalPart("hedges_values", "2b. your group difference with its 95% CI", 5, True),
    FinalPart("paired_function", "3a. paired_change() on unseen data", 10, True),
    FinalPart("paired_values", "3b. your paired change with its 95% CI", 5, True),
    FinalPart("auc_function", "4a. cv_auc() on unseen data", 10, True),
    FinalPart("auc_values", "4b. your cross-validated AUC", 5, True),
    FinalPart("appraisal", "5. written appraisal (rubric)", 40, False),
)

#: The assignment's name in nbgrader (its folder in source/, release/, submitted/, …).
FINAL_ASSIGNMENT = "final"


@dataclass(frozen=True)
class Criterion:
    """One row of the appraisal rubric: points for each level, best first."""

    name: str
    points: int
    levels: tuple[tuple[str, str], ...]   # (level, what it looks like), best first


#: The rubric of the written appraisal (lab 8's exercise 8.5; the final's part 5): five criteria,
#: three levels each. Lab 8 prints this table; the final marks it out of 40.
APPRAISAL_RUBRIC: tuple[Criterion, ...] = (
    Criterion("Who, n, design, when", 8, (
        ("8", "all four right, from the paper"),
        ("4", "partly right"),
        ("0", "missing or wrong"))),
    Criterion("Comparison arm and blinding", 8, (
        ("8", "named, with what it can and cannot rule out (sedation, expectation)"),
        ("4", "named"),
        ("0", "not discussed"))),
    Criterion("During the drug vs after", 8, (
        ("8", "stated, and why a treatment claim needs the later time point"),
        ("4", "stated"),
        ("0", "not discussed"))),
    Criterion("Effect size and interval", 8, (
        ("8", "size, interval or sample size, and what it would take to detect a patient effect"),
        ("4", "a size without uncertainty"),
        ("0", "none"))),
    Criterion("What the headline overstates, and the settling study", 8, (
        ("8", "the overstatement placed on the ladder, and a concrete settling study with n per arm"),
        ("4", "the main overstatement named"),
        ("0", "vague"))),
)

#: What a student may use in the graded final (the autograder fails code that calls anything else
#: of the course package).
FINAL_ALLOWED = ("numpy", "pandas", "scipy", "scikit-learn", "matplotlib")


def rubric_points() -> int:
    """Points of the appraisal rubric (equals the appraisal part of :data:`FINAL_PARTS`)."""
    return sum(criterion.points for criterion in APPRAISAL_RUBRIC)


def scheme_table() -> str:
    """The grading scheme as a Markdown table."""
    rows = ["| component | weight | how it is assessed |", "|---|---|---|"]
    rows += [f"| {c.name} | {c.weight}% | {c.how} |" for c in GRADING_SCHEME]
    return "\n".join(rows)


def final_table() -> str:
    """The final assignment's items as a Markdown table."""
    rows = ["| item | points | marked by |", "|---|---|---|"]
    rows += [f"| {p.title} | {p.points} | {'autograder' if p.autograded else 'instructor, with the rubric'} |"
             for p in FINAL_PARTS]
    rows.append(f"| **total** | **{sum(p.points for p in FINAL_PARTS)}** | |")
    return "\n".join(rows)


def rubric_table() -> str:
    """The appraisal rubric as a Markdown table: a row per criterion, a column per level (lowest first),
    as lab 8 prints it."""
    levels = [level for level, _ in reversed(APPRAISAL_RUBRIC[0].levels)]
    rows = ["| criterion | " + " | ".join(f"{level} points" for level in levels) + " |",
            "|---|" + "---|" * len(levels)]
    for criterion in APPRAISAL_RUBRIC:
        rows.append(f"| {criterion.name} | " + " | ".join(text for _, text in reversed(criterion.levels)) + " |")
    return "\n".join(rows)


def assessment_numbers() -> dict:
    """Glue values for pages: ``weight_<component>``, ``final_points``, ``final_auto_points``,
    ``final_appraisal_points``."""
    numbers = {f"weight_{c.name.lower().replace(' ', '_')}": c.weight for c in GRADING_SCHEME}
    numbers["final_points"] = sum(p.points for p in FINAL_PARTS)
    numbers["final_auto_points"] = sum(p.points for p in FINAL_PARTS if p.autograded)
    numbers["final_appraisal_points"] = rubric_points()
    return numbers

"""The graded seminar: a term's private course folder, per-student cohorts, the graded final and its
autograding with nbgrader (instructor side only: not part of the ``dmnlab`` package, the book or the
student edition).

* :mod:`tools.seminar.term` — ``new-term``: the course folder from a roster and a fresh secret, the
  graded notebook, nbgrader's release and a folder per student;
* :mod:`tools.seminar.final` — the graded notebook, generated from lab 8;
* :mod:`tools.seminar.keys` — the hidden tests (copied into the course folder, never released);
* :mod:`tools.seminar.grade` — ``grade``: submissions → autograde → ``gradebook.csv`` + feedback.

Run ``python -m tools.seminar --help``; the instructor's guide is ``book/instructor/grading.md``.
"""

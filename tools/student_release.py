"""The student release: what students get on a hub, and nothing else (``make release``).

``_build/student-release/`` holds the student edition of every lab (no worked solutions, no
instructor notes, no outputs: ``tools.make_editions.student_edition``), the course data with
their licences, and a README saying how to open it. It is published as the ``student`` branch of
the course's repository on every push to main (.github/workflows/book.yml), so that a hub can
hand it out with nbgitpuller links (book/instructor/hub.md, "Handing out the labs"):

    https://<hub>/hub/user-redirect/git-pull?repo=<repository URL>&branch=student
        &urlpath=lab/tree/<repository name>/notebooks/01-anatomy-lab.ipynb

The course package is not in it: the hub's image installs it from its wheel (``make wheel``).
Nothing of the instructor's side is in it either (guides, graded questions, the final's keys):
``tests/book/test_student_release.py`` checks.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from dmnlab.course.chapters import CHAPTERS
from tools.make_editions import student_edition

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "_build" / "student-release"
COPIED = ("LICENSE", "LICENSE-CONTENT.md")

README = """# The Default Mode Network, Depression and Ketamine: the labs

The lab notebooks of the course, for students: open a notebook in `notebooks/` and run it from the
top. Each exercise has a cell to complete and a checker that says what is right or names the
mistake. The worked solutions are not in this edition: work each exercise yourself.

- **The book** (read each chapter's page before its lab): the course's published online book.
- **The data** in `data/` are SIMULATED (a virtual cohort built to teach the methods), except
  `data/real/`, real data with their licences and terms. Nothing here is evidence about real
  patients.
- **On a JupyterHub** your instructor's link opens this folder (nbgitpuller); the course package
  is installed on the hub. **On your own machine**, use the course's repository instead (its README:
  `make lab`).

Educational material, not medical advice. Anyone considering ketamine or any other treatment for
depression should talk to a qualified clinician. If you are in crisis, contact local emergency
services or a crisis line now.

This folder is generated from the course's main branch by `make release`
(`tools/student_release.py`); do not edit it here. Text, figures and data: CC BY 4.0; code: MIT
(LICENSE-CONTENT.md, LICENSE).
"""


def build(out: Path = OUT) -> list[Path]:
    """Write the release into ``out`` (emptied first); return the notebooks written."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    written = []
    for chapter in CHAPTERS:
        source = chapter.lab_path(REPO)
        target = out / "notebooks" / source.name
        nbformat.write(student_edition(nbformat.read(source, as_version=4)), target)
        written.append(target)
    shutil.copytree(REPO / "data", out / "data")
    for name in COPIED:
        shutil.copyfile(REPO / name, out / name)
    (out / "README.md").write_text(README, "utf-8")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    notebooks = build(args.out)
    print(f"Student release in {args.out}: {len(notebooks)} lab notebooks, data/, README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Student and instructor editions of every lab notebook, from one source (``make editions``).

Each lab marks its worked solutions once, with the cell tag ``solution`` (the code cell and
the "Worked solution" heading before it); teaching notes for instructors carry the tag
``instructor``. nbconvert's :class:`~nbconvert.preprocessors.TagRemovePreprocessor` does the
cutting; nothing here parses notebooks by hand.

* ``_build/editions/student/`` — no solution code at all (not merely hidden) and no
  instructor notes; exercise stubs and checkers stay, so the notebook runs top to bottom and
  says "no answer yet"; stored without outputs.
* ``_build/editions/instructor/`` — everything, executed, so expected outputs (the checkers'
  "✔ Correct" under every worked solution, figures, numbers) are in the file; plus the
  instructor guide of each chapter (``book/instructor/NN-guide.md``: a 90-minute session
  plan, objectives mapped to the exercises and quiz questions that assess them, expected answers
  to the discussion questions, debate cards and a graded assessment with its answer key), and
  ``book/instructor/hub.md`` on running the labs for a class on a JupyterHub, and
  ``book/instructor/grading.md``, the seminar's grading guide (scheme, rubrics, marking, and what to
  do if a student discloses distress).

The published book is not affected: it builds from ``notebooks/`` (solutions collapsed).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, ExecutePreprocessor, TagRemovePreprocessor

from dmnlab.course.chapters import CHAPTERS

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
GUIDES = REPO / "book" / "instructor"
#: Guides that belong to no single chapter (copied after the chapters' guides).
OTHER_GUIDES = ("hub.md", "grading.md", "evidence-sources.md", "truth-pass-2026-12.md")
OUT = REPO / "_build" / "editions"
#: Cell tags the student edition drops.
STUDENT_DROPS = ("solution", "instructor")


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without solutions or instructor notes, and without outputs."""
    resources: dict = {}
    remover = TagRemovePreprocessor(remove_cell_tags=set(STUDENT_DROPS), enabled=True)
    notebook, resources = remover.preprocess(notebook, resources)
    notebook, _ = ClearOutputPreprocessor().preprocess(notebook, resources)
    notebook.metadata["dmnlab_edition"] = "student"
    return notebook


def instructor_edition(notebook: nbformat.NotebookNode, execute: bool = True,
                       timeout: int = 900) -> nbformat.NotebookNode:
    """The full notebook, executed in the notebooks folder so expected outputs are stored."""
    if execute:
        runner = ExecutePreprocessor(timeout=timeout, kernel_name="python3")
        notebook, _ = runner.preprocess(notebook, {"metadata": {"path": str(NOTEBOOKS)}})
    notebook.metadata["dmnlab_edition"] = "instructor"
    return notebook


def build(out: Path = OUT, execute: bool = True, verbose: bool = True) -> list[Path]:
    """Write both editions of every lab; return the files written."""
    written = []
    for source in (chapter.lab_path(REPO) for chapter in CHAPTERS):
        start = time.perf_counter()
        for edition, make in (("student", student_edition),
                              ("instructor", lambda nb: instructor_edition(nb, execute))):
            notebook = make(nbformat.read(source, as_version=4))
            target = out / edition / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
            written.append(target)
        if verbose:
            print(f"{source.name}: student + instructor in {time.perf_counter() - start:.1f} s")
    guides = [chapter.guide_path(REPO) for chapter in CHAPTERS] + [GUIDES / name for name in OTHER_GUIDES]
    for guide in guides:
        target = out / "instructor" / "guides" / guide.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(guide, target)
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-execute", action="store_true", help="do not run the instructor edition")
    args = parser.parse_args(argv)
    files = build(args.out, execute=not args.no_execute)
    print(f"Wrote {len(files)} notebooks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

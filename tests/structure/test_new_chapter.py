"""CONTRIBUTING's "Add a chapter", done literally on a throwaway copy: the registry-driven tests
pick the new chapter up, its lab and page run, and leaving a documented step out is caught."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO as _REPO
from dmnlab.course import chapters

REPO = Path(_REPO)

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns(".git", ".venv", "node_modules", "_build", "data", "__pycache__", ".pytest_cache",
                                ".ruff_cache", "*.egg-info")
#: The registry-driven tests a new chapter must pass (fast ones, plus its lab and page executed).
TESTS = ["tests/structure/test_chapters.py", "tests/structure/test_architecture.py", "tests/book/test_instructor.py",
         "tests/book/test_notebooks.py", "tests/study/test_evidence.py"]


def _pytest(copy: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(copy), str(copy / "tests")])}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", *args],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=900)


#: The number the next chapter would get (the registry's length + 1), as a page name prefix.
NEXT = len(chapters.CHAPTERS) + 1
NN = f"{NEXT:02d}"


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copy of the course with the next chapter added by `python -m tools.new_chapter` (the documented step)."""
    copy = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(REPO, copy, ignore=IGNORE)
    (copy / "data").symlink_to(REPO / "data")   # read only: course code never modifies data/
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(copy)])}
    made = subprocess.run([sys.executable, "-m", "tools.new_chapter", str(NEXT), "placebo-arm", "The placebo arm",
                           "--module", "placebo"], cwd=copy, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return copy


def test_the_scaffold_makes_every_file_the_registry_names(copy):
    for path in ("src/dmnlab/placebo/__init__.py", f"book/{NN}-placebo-arm.md", f"notebooks/{NN}-placebo-arm-lab.ipynb",
                 f"book/instructor/{NN}-guide.md", f"src/dmnlab/study/evidence/{NN}-placebo-arm.toml"):
        assert (copy / path).is_file(), path
    assert f"book/{NN}-placebo-arm" in (copy / "_toc.yml").read_text()
    assert f'Chapter({NEXT}, "placebo-arm"' in (copy / "src/dmnlab/course/chapters.py").read_text()


def test_the_registry_driven_tests_check_the_new_chapter(copy):
    result = _pytest(copy, *TESTS, "-k", "placebo or guide_for_every_chapter or table_of_contents or numbered_in_order")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = [line for line in result.stdout.splitlines() if line.startswith("PASSED") and "placebo" in line]
    # page, lab, guide, set-up cell, exercise order, page cells, glue cell, package layout, API, objectives,
    # the lab and the page executed, its worked solutions
    assert len(passed) >= 12, result.stdout[-3000:]
    assert any("test_notebooks.py::test_every_worked_solution_passes_its_own_checker" in line for line in passed)


def test_a_step_left_out_is_caught(copy, tmp_path):
    """Without its instructor guide (a step CONTRIBUTING lists), the chapter fails the tests."""
    guide = copy / f"book/instructor/{NN}-guide.md"
    kept = tmp_path / "guide.md"
    shutil.move(guide, kept)
    try:
        result = _pytest(copy, "tests/structure/test_chapters.py", "tests/book/test_instructor.py", "-k",
                         "placebo or guide_for_every")
    finally:
        shutil.move(kept, guide)
    assert result.returncode != 0
    assert f"{NN}-guide.md" in result.stdout or f"{NN}-placebo-arm" in result.stdout

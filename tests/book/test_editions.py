"""Student and instructor editions of the labs, from one source (tools/make_editions.py).

The student edition must contain no solution code at all — not merely hidden — and still run
top to bottom (exercise stubs and checkers intact, saying "no answer yet"); the instructor
edition keeps the solutions and their expected outputs.
"""
import os

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

pytestmark = pytest.mark.slow

LABS = sorted(f for f in os.listdir(os.path.join(REPO, "notebooks")) if f.endswith(".ipynb"))


@pytest.fixture(scope="module")
def make_editions():
    from tools import make_editions

    return make_editions


@pytest.fixture(scope="module")
def editions(make_editions, tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    make_editions.build(out, execute=True, verbose=False)
    return out


def _code(notebook):
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("lab", LABS)
def test_student_edition_has_no_solution_source(editions, lab):
    source = nbformat.read(os.path.join(REPO, "notebooks", lab), as_version=4)
    solutions = [c.source for c in source.cells if "solution" in c.metadata.get("tags", [])]
    assert len([s for s in solutions if "check_" in s]) >= 3, "every lab has at least three tagged worked solutions"
    student = nbformat.read(editions / "student" / lab, as_version=4)
    instructor = nbformat.read(editions / "instructor" / lab, as_version=4)
    student_text = "\n".join(c.source for c in student.cells)
    for solution in solutions:
        assert solution in "\n".join(c.source for c in instructor.cells)
        assert solution not in student_text
    # Every distinctive line of solution code is gone (e.g. `solution_matrix = rest.corr()`).
    for line in "\n".join(solutions).splitlines():
        if line.strip().startswith("solution_") and "=" in line:
            assert line not in student_text
    # The stubs and their checkers stay.
    assert any("= None" in code and "check_" in code for code in _code(student))
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")


@pytest.mark.parametrize("lab", LABS)
def test_instructor_edition_holds_the_expected_outputs(editions, lab):
    instructor = nbformat.read(editions / "instructor" / lab, as_version=4)
    shown = [str(o.get("data", {}).get("text/plain", "")) for c in instructor.cells if c.cell_type == "code"
             for o in c.get("outputs", [])]
    assert sum("✔ Correct" in text for text in shown) >= 3
    assert not [o for c in instructor.cells if c.cell_type == "code" for o in c.get("outputs", [])
                if o.get("output_type") == "error"]


@pytest.mark.parametrize("lab", LABS)
def test_student_edition_runs_top_to_bottom(editions, lab):
    student = nbformat.read(editions / "student" / lab, as_version=4)
    client = NotebookClient(student, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": os.path.join(REPO, "notebooks")}})
    client.execute()
    shown = "\n".join(str(o.get("data", {}).get("text/plain", "")) for c in student.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert "no answer yet" in shown and "✔ Correct" not in shown

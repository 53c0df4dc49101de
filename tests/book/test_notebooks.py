"""Every lab notebook and every executable book page runs top to bottom with the network off.

A guard cell run first in the kernel makes any socket connection or name lookup to a
non-loopback address fail, so a hidden download would break the test.
"""
import functools
import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import REPO
from dmnlab.course.chapters import CHAPTERS, SEMINAR_PAGES, documents
from support.labs import (
    errors,
    execute,
    probe_report,
    read,
    shown_text,
    solution_cells,
    stub_cells,
    with_probe,
)

pytestmark = pytest.mark.slow


LAB_NOTEBOOKS = [str(chapter.lab_path()) for chapter in CHAPTERS]
BOOK_PAGES = [os.path.join(REPO, name + ".md") for name in documents()
              if name.startswith("book/") and "{code-cell}" in open(os.path.join(REPO, name + ".md"), encoding="utf-8").read()]








def test_there_are_notebooks_to_run():
    assert LAB_NOTEBOOKS and BOOK_PAGES






@functools.lru_cache(maxsize=None)
def _executed(path):
    """Each notebook is executed once per test run; several tests read its outputs. A lab gets the
    odd-answer probe as its last cell."""
    notebook = read(path)
    if path in LAB_NOTEBOOKS:
        with_probe(notebook)
    return execute(notebook, os.path.dirname(path))








@pytest.mark.parametrize("path", LAB_NOTEBOOKS + BOOK_PAGES, ids=os.path.basename)
def test_notebook_runs_offline(path):
    notebook = _executed(path)
    assert not errors(notebook)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert outputs, "the notebook produced no output at all"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    # The seminar pages (syllabus, week 0) are tables and text: they glue numbers and show no figure.
    text_only = {os.path.join(REPO, name + ".md") for name in SEMINAR_PAGES}
    assert images or path in text_only, "no figure was displayed as an image"
    as_text = [o for o in outputs if "<Figure size" in str(o.get("data", {}).get("text/plain", ""))
               and "image/png" not in o.get("data", {})]
    assert not as_text, "a figure was displayed as text instead of an image"


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_every_worked_solution_passes_its_own_checker(path):
    """A hidden worked solution that its own checker rejects teaches the wrong lesson (the
    outside review found one in lab 1). Every lab has at least three, and each shows ✔."""
    notebook = _executed(path)
    solutions = solution_cells(notebook)
    assert len(solutions) >= 3, "a lab needs at least three exercises with worked solutions"
    for cell in solutions:
        shown = shown_text(cell)
        assert "✔ Correct" in shown and "✘ Not yet" not in shown, (
            f"worked solution does not pass its checker:\n{cell.source}\n--- shown:\n{shown[:800]}")


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_unanswered_exercises_say_not_yet(path):
    """A learner who runs an exercise before answering it sees "Not yet" (and what to do), not ✔."""
    notebook = _executed(path)
    stubs = stub_cells(notebook)
    assert len(stubs) >= 3, "a lab needs at least three exercises"
    for cell in stubs:
        shown = shown_text(cell)
        assert "✘ Not yet" in shown and "✔ Correct" not in shown, f"{cell.source}\n--- shown:\n{shown[:500]}"


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_checkers_never_raise_on_odd_answers(path):
    """Every checker of the lab, called as its exercise calls it but with a string, a list, a dict, an
    empty table, NaN, True or an arbitrary object: a "Not yet" message each time, never an exception."""
    report = probe_report(_executed(path))
    assert len(report) >= 3 * 10, report
    problems = [row for row in report if row[2] != "ok"]
    assert not problems, "\n".join(" | ".join(row) for row in problems[:20])


def test_the_solution_check_can_fail():
    """A wrong worked solution is caught: its cell shows ✘, not ✔."""
    cell = nbformat.v4.new_code_cell("from dmnlab import anatomy\n"
                                     "anatomy.check_within_dmn(0.99, anatomy.example_timeseries())")
    cell.metadata["tags"] = ["hide-input"]
    notebook = execute(nbformat.v4.new_notebook(cells=[cell]), os.path.join(REPO, "notebooks"))
    solutions = solution_cells(notebook)
    assert solutions and "✘ Not yet" in shown_text(solutions[0])


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_lab_notebooks_are_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "clear outputs before committing"


def test_the_network_guard_really_blocks(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import urllib.request\nurllib.request.urlopen('http://example.org', timeout=5)")])
    with pytest.raises(CellExecutionError, match="Network access is blocked"):
        execute(notebook, str(tmp_path))


def test_learner_errors_show_a_message_not_a_traceback(tmp_path):
    """A damaged data folder or a value a widget does not offer: one clear sentence, no stack."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\nos.environ['DMNLAB_DATA'] = os.getcwd()\nimport dmnlab"),
        nbformat.v4.new_code_cell("from dmnlab.datasets.loaders import load_participants\nload_participants()"),
        nbformat.v4.new_code_cell("from dmnlab.course.widgets import Control\nControl('x', 'Threshold', [0.1, 0.2], value=0.7)"),
    ])
    (tmp_path / "README.md").write_text("not the course data")
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    for cell, expected in ((notebook.cells[1], "Restore the course data"),
                           (notebook.cells[2], "0.7 is not one of the offered values")):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors, "the bad input raised nothing"
        shown = "\n".join(errors[0].traceback)
        assert expected in shown
        assert "Traceback" not in shown and "File " not in shown and len(errors[0].traceback) <= 4

"""Every lab notebook and every executable book page runs top to bottom with the network off.

A guard cell run first in the kernel makes any socket connection or name lookup to a
non-loopback address fail, so a hidden download would break the test.
"""
import functools
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import ODD_ANSWERS_CODE, REPO
from dmnlab.course.chapters import CHAPTERS, documents

pytestmark = pytest.mark.slow

NETWORK_GUARD = '''
import socket as _socket
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
def _blocked(host):
    return host not in _LOOPBACK
_connect, _connect_ex, _getaddrinfo = _socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo
def _guard_connect(self, address, *args):
    if isinstance(address, tuple) and _blocked(address[0]):
        raise OSError(f"Network access is blocked in the tests (tried {address[0]})")
    return _connect(self, address, *args)
def _guard_connect_ex(self, address, *args):
    if isinstance(address, tuple) and _blocked(address[0]):
        raise OSError(f"Network access is blocked in the tests (tried {address[0]})")
    return _connect_ex(self, address, *args)
def _guard_getaddrinfo(host, *args, **kwargs):
    if host is not None and _blocked(str(host)):
        raise OSError(f"Network access is blocked in the tests (looked up {host})")
    return _getaddrinfo(host, *args, **kwargs)
_socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo = _guard_connect, _guard_connect_ex, _guard_getaddrinfo
'''

LAB_NOTEBOOKS = [str(chapter.lab_path()) for chapter in CHAPTERS]
BOOK_PAGES = [os.path.join(REPO, name + ".md") for name in documents()
              if name.startswith("book/") and "{code-cell}" in open(os.path.join(REPO, name + ".md"), encoding="utf-8").read()]


def _read(path):
    if path.endswith(".ipynb"):
        return nbformat.read(path, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook

    with open(path, encoding="utf-8") as handle:
        return read_myst_markdown_notebook(handle.read(), path=path)


def _execute(notebook, cwd):
    notebook.cells.insert(0, nbformat.v4.new_code_cell(NETWORK_GUARD))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": cwd}})
    client.execute()
    return notebook


def _errors(notebook):
    return [(index, output.get("ename"), output.get("evalue"))
            for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for output in cell.get("outputs", []) if output.get("output_type") == "error"]


def test_there_are_notebooks_to_run():
    assert LAB_NOTEBOOKS and BOOK_PAGES


def _stub_cells(notebook):
    """The exercises as the learner finds them: a visible cell that sets an answer to None and
    calls one of the chapter's checkers."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and "hide-input" not in cell.metadata.get("tags", []) and re.search(r"\bcheck_\w+\(", cell.source)
            and re.search(r"^\w+(\s*,\s*\w+)*\s*=\s*None\b", cell.source, flags=re.M)]


#: Appended to each lab run: every exercise's checker call again, with each odd answer in place of
#: the stub's None; prints what happened (a checker must never raise, nor call an odd answer right).
PROBE = '''
import ast as _ast, json as _json
import numpy as _np, pandas as _pd
from dmnlab.course.checks import Feedback as _Feedback
_report = []
for _source in _STUBS:
    _tree = _ast.parse(_source)
    _names = []   # the answers: names the stub sets to None (a, b = None, None too)
    for _node in _tree.body:
        if isinstance(_node, _ast.Assign):
            for _target in _node.targets:
                _pairs = (zip(_target.elts, _node.value.elts) if isinstance(_target, _ast.Tuple)
                          and isinstance(_node.value, _ast.Tuple) else [(_target, _node.value)])
                _names += [t.id for t, v in _pairs if isinstance(t, _ast.Name)
                           and isinstance(v, _ast.Constant) and v.value is None]
    _calls = [n.value for n in _ast.walk(_tree) if isinstance(n, _ast.Expr) and isinstance(n.value, _ast.Call)
              and "check_" in _ast.unparse(n.value.func)]
    for _call in _calls:
        for _value in ODD:
            _namespace = {**globals(), **{name: _value for name in _names}}
            try:
                _result = eval(compile(_ast.Expression(_call), "<probe>", "eval"), _namespace)
                _ok = isinstance(_result, _Feedback) and not _result.correct and bool(_result.message)
                _verdict = "ok" if _ok else f"not a Not-yet Feedback: {_result!r}"
            except Exception as _error:
                _verdict = f"raised {type(_error).__name__}: {_error}"
            _report.append([_ast.unparse(_call), repr(_value)[:40], _verdict[:300]])
print("PROBE" + _json.dumps(_report))
'''


@functools.lru_cache(maxsize=None)
def _executed(path):
    """Each notebook is executed once per test run; several tests read its outputs. A lab gets the
    odd-answer probe as its last cell."""
    notebook = _read(path)
    if path in LAB_NOTEBOOKS:
        stubs = [cell.source for cell in _stub_cells(notebook)]
        probe = nbformat.v4.new_code_cell(f"import numpy as np, pandas as pd\n_STUBS = {stubs!r}\n"
                                          f"ODD = {ODD_ANSWERS_CODE}\n" + PROBE)
        probe.metadata["tags"] = ["probe"]
        notebook.cells.append(probe)
    return _execute(notebook, os.path.dirname(path))


def _probe_report(notebook) -> list:
    import json

    (cell,) = [cell for cell in notebook.cells if "probe" in cell.metadata.get("tags", [])]
    text = _shown_text(cell)
    return json.loads(text[text.index("PROBE") + len("PROBE"):].strip())


def _solution_cells(notebook):
    """The worked solutions: hidden code cells that call one of the chapter's checkers."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and "hide-input" in cell.metadata.get("tags", []) and re.search(r"\bcheck_\w+\(", cell.source)]


def _shown_text(cell):
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        texts.append(str(data.get("text/html", "")) + str(data.get("text/plain", "")) + output.get("text", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("path", LAB_NOTEBOOKS + BOOK_PAGES, ids=os.path.basename)
def test_notebook_runs_offline(path):
    notebook = _executed(path)
    assert not _errors(notebook)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert outputs, "the notebook produced no output at all"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "no figure was displayed as an image"
    as_text = [o for o in outputs if "<Figure size" in str(o.get("data", {}).get("text/plain", ""))
               and "image/png" not in o.get("data", {})]
    assert not as_text, "a figure was displayed as text instead of an image"


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_every_worked_solution_passes_its_own_checker(path):
    """A hidden worked solution that its own checker rejects teaches the wrong lesson (the
    outside review found one in lab 1). Every lab has at least three, and each shows ✔."""
    notebook = _executed(path)
    solutions = _solution_cells(notebook)
    assert len(solutions) >= 3, "a lab needs at least three exercises with worked solutions"
    for cell in solutions:
        shown = _shown_text(cell)
        assert "✔ Correct" in shown and "✘ Not yet" not in shown, (
            f"worked solution does not pass its checker:\n{cell.source}\n--- shown:\n{shown[:800]}")


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_unanswered_exercises_say_not_yet(path):
    """A learner who runs an exercise before answering it sees "Not yet" (and what to do), not ✔."""
    notebook = _executed(path)
    stubs = _stub_cells(notebook)
    assert len(stubs) >= 3, "a lab needs at least three exercises"
    for cell in stubs:
        shown = _shown_text(cell)
        assert "✘ Not yet" in shown and "✔ Correct" not in shown, f"{cell.source}\n--- shown:\n{shown[:500]}"


@pytest.mark.parametrize("path", LAB_NOTEBOOKS, ids=os.path.basename)
def test_checkers_never_raise_on_odd_answers(path):
    """Every checker of the lab, called as its exercise calls it but with a string, a list, a dict, an
    empty table, NaN, True or an arbitrary object: a "Not yet" message each time, never an exception."""
    report = _probe_report(_executed(path))
    assert len(report) >= 3 * 10, report
    problems = [row for row in report if row[2] != "ok"]
    assert not problems, "\n".join(" | ".join(row) for row in problems[:20])


def test_the_solution_check_can_fail():
    """A wrong worked solution is caught: its cell shows ✘, not ✔."""
    cell = nbformat.v4.new_code_cell("from dmnlab import anatomy\n"
                                     "anatomy.check_within_dmn(0.99, anatomy.example_timeseries())")
    cell.metadata["tags"] = ["hide-input"]
    notebook = _execute(nbformat.v4.new_notebook(cells=[cell]), os.path.join(REPO, "notebooks"))
    solutions = _solution_cells(notebook)
    assert solutions and "✘ Not yet" in _shown_text(solutions[0])


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
        _execute(notebook, str(tmp_path))


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

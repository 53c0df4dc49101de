"""Running labs and book pages in the tests: offline, read back as a learner sees them, and probed.

Shared by tests/book/test_notebooks.py (the shipped cohort) and tests/book/test_seeds.py (cohorts
made with other seeds).
"""
from __future__ import annotations

import json
import re

import nbformat
from nbclient import NotebookClient

from conftest import ODD_ANSWERS_CODE

#: Tags of a worked solution's cell: hidden, code and output (older labs hid the code only).
HIDDEN = {"hide-cell", "hide-input"}

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


def read(path):
    if path.endswith(".ipynb"):
        return nbformat.read(path, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook

    with open(path, encoding="utf-8") as handle:
        return read_myst_markdown_notebook(handle.read(), path=path)


def execute(notebook, cwd):
    notebook.cells.insert(0, nbformat.v4.new_code_cell(NETWORK_GUARD))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": cwd}})
    client.execute()
    return notebook


def errors(notebook):
    return [(index, output.get("ename"), output.get("evalue"))
            for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for output in cell.get("outputs", []) if output.get("output_type") == "error"]


def solution_cells(notebook):
    """The worked solutions: hidden code cells that call one of the chapter's checkers."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and HIDDEN & set(cell.metadata.get("tags", [])) and re.search(r"\bcheck_\w+\(", cell.source)]


def shown_text(cell):
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        texts.append(str(data.get("text/html", "")) + str(data.get("text/plain", "")) + output.get("text", ""))
    return "\n".join(texts)


def stub_functions(notebook) -> set[str]:
    """Functions the learner is to write: defined in a visible cell with a body that returns None."""
    import ast

    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code" or HIDDEN & set(cell.metadata.get("tags", [])):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(n, ast.Return) and (n.value is None or (isinstance(n.value, ast.Constant)
                                                                       and n.value.value is None))
                    for n in ast.walk(node)):
                names.add(node.name)
    return names


def stub_cells(notebook):
    """The exercises as the learner finds them: a visible cell that calls one of the chapter's checkers
    with an answer still set to None, or with a function the learner has not written yet."""
    functions = stub_functions(notebook)
    calls_stub = re.compile(r"\bcheck_\w+\([^)]*\b(" + "|".join(map(re.escape, functions)) + r")\b") \
        if functions else None
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and not (HIDDEN | {"probe"}) & set(cell.metadata.get("tags", [])) and re.search(r"\bcheck_\w+\(", cell.source)
            and (re.search(r"^\w+(\s*,\s*\w+)*\s*=\s*None\b", cell.source, flags=re.M)
                 or (calls_stub is not None and calls_stub.search(cell.source)))]


#: Appended to each lab run: every exercise's checker call again, with each odd answer in place of
#: the stub's None; prints what happened (a checker must never raise, nor call an odd answer right).
PROBE = '''
import ast as _ast, json as _json
import numpy as _np, pandas as _pd
from dmnlab.course.checks import Feedback as _Feedback
_report = []
for _source in _STUBS:
    _tree = _ast.parse(_source)
    # the answers: names the stub sets to None (a, b = None, None too), and functions still to be written
    _names = [name for name in _FUNCS if name in _source]
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


def with_probe(notebook):
    """The lab with the odd-answer probe appended as its last cell (tagged "probe")."""
    sources = [cell.source for cell in stub_cells(notebook)]
    functions = sorted(stub_functions(notebook))
    cell = nbformat.v4.new_code_cell(f"import numpy as np, pandas as pd\n_STUBS = {sources!r}\n_FUNCS = {functions!r}\n"
                                     f"ODD = {ODD_ANSWERS_CODE}\n" + PROBE)
    cell.metadata["tags"] = ["probe"]
    notebook.cells.append(cell)
    return notebook


def probe_report(notebook) -> list:
    (cell,) = [cell for cell in notebook.cells if "probe" in cell.metadata.get("tags", [])]
    text = shown_text(cell)
    return json.loads(text[text.index("PROBE") + len("PROBE"):].strip())


def verdicts(notebook) -> list[str]:
    """Everything wrong with an executed lab as a learner would meet it: errors, worked solutions its
    own checker rejects, unanswered exercises not saying "Not yet", checkers failing the odd answers."""
    problems = [f"error in cell {index}: {name}: {value}" for index, name, value in errors(notebook)]
    solutions, stubs = solution_cells(notebook), stub_cells(notebook)
    if len(solutions) < 3 or len(stubs) < 3:
        problems.append(f"{len(solutions)} worked solutions and {len(stubs)} exercises: a lab needs at least three")
    for cell in solutions:
        text = shown_text(cell)
        if "✔ Correct" not in text or "✘ Not yet" in text:
            problems.append(f"worked solution not passed by its checker:\n{cell.source}\n--- shown: {text[:600]}")
    for cell in stubs:
        text = shown_text(cell)
        if "✘ Not yet" not in text or "✔ Correct" in text:
            problems.append(f"unanswered exercise does not say Not yet:\n{cell.source}\n--- shown: {text[:300]}")
    problems += [" | ".join(row) for row in probe_report(notebook) if row[2] != "ok"]
    return problems

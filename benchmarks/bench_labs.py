"""What a learner waits for in a lab (`make bench`, section (h)); numbers only.

Every lab notebook (``notebooks/*-lab.ipynb``) is run from the top in a fresh kernel, as a learner's
*Run All Cells* runs it: nbclient, one kernel, in the notebooks folder, with the environment a student
has (no ``MPLBACKEND``, no ``DMNLAB_STATIC_WIDGETS``: widgets are live). The kernel's own time stamps
(``execute_input`` to ``execute_reply`` of each cell) give each cell's time; nothing is written back.

* **first data cell**: the first code cell after the lab's import cell (the one that imports from
  ``dmnlab``): what a learner waits for after the set-up.
* **Run All**: from the first cell's start to the last cell's reply (kernel start not included; it is
  printed on its own).
"""
from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _stamp(value) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def first_data_cell(cells: list) -> int | None:
    """Index (among code cells) of the first code cell after the cell that imports from dmnlab."""
    code = [cell for cell in cells if cell.cell_type == "code"]
    for index, cell in enumerate(code):
        if "from dmnlab" in cell.source and index + 1 < len(code):
            return index + 1
    return None


def run_lab(path: Path, timeout: int = 600) -> dict:
    """Run one lab from the top; per-cell seconds, first data cell, Run All, kernel start."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    env = {key: value for key, value in os.environ.items()
           if key not in ("MPLBACKEND", "DMNLAB_STATIC_WIDGETS")}   # as a student has it
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            record_timing=True, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel(env=env, cwd=str(path.parent)):
        kernel_s = time.perf_counter() - start
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    seconds, starts, ends, errors = [], [], [], 0
    for cell in code:
        timing = cell.metadata.get("execution", {})
        begin, end = _stamp(timing["iopub.execute_input"]), _stamp(timing["shell.execute_reply"])
        seconds.append(end - begin)
        starts.append(begin)
        ends.append(end)
        errors += any(output.get("output_type") == "error" for output in cell.outputs)
    first = first_data_cell(notebook.cells)
    slowest = max(range(len(code)), key=seconds.__getitem__)
    return {"kernel_s": kernel_s, "run_all_s": max(ends) - min(starts), "cells": seconds,
            "first_index": first, "first_s": seconds[first] if first is not None else float("nan"),
            "first_source": code[first].source.splitlines()[0] if first is not None else "",
            "slowest_index": slowest, "slowest_s": seconds[slowest],
            "slowest_source": code[slowest].source.splitlines()[0] if code[slowest].source else "",
            "sources": [cell.source for cell in code], "errors": errors}


def labs() -> list[Path]:
    return sorted((REPO / "notebooks").glob("*-lab.ipynb"))


def slowest(result: dict, n: int) -> list[tuple[int, float, str]]:
    """The ``n`` slowest code cells: (code cell number, seconds, first line of its source)."""
    order = sorted(range(len(result["cells"])), key=lambda i: -result["cells"][i])[:n]
    return [(i, result["cells"][i], (result["sources"][i].splitlines() or [""])[0]) for i in order]


def cache_state() -> str:
    """Where the results kept across kernels are, and how many (a cold cache is slower)."""
    from dmnlab.datasets.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return "off (DMNLAB_CACHE is empty)"
    kept = sum(1 for entry in folder.rglob("*") if entry.is_file()) if folder.is_dir() else 0
    return f"{folder}, {kept} files kept" + (" (cold: the first run checks and draws)" if not kept else "")


if __name__ == "__main__":
    from benchmarks import bench

    bench.lab_section()

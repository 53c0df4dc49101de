"""A class on a real JupyterHub: five students log in at once and each runs a lab to the end.

``tools/hub_class.py`` starts JupyterHub (PyPI) and configurable-http-proxy (npm) on
127.0.0.1 with a dummy authenticator and the simple local spawner, creates the students
through the hub's REST API, logs them in at once with the class password, and runs one lab
notebook per student over the kernel websocket. This test checks that every student got a
server, ran every code cell without an error, that a wrong password is refused, and that no
process the run started is left behind. The figures go to ``_build/hub-class.json``; the
instructor guide (``book/instructor/hub.md``) quotes a run.
"""
import json
import os

import psutil
import pytest

from conftest import BUILD_DIR, REPO
from tools import hub_class

pytestmark = pytest.mark.slow
STUDENTS = 5


def _code_cells(notebook: str) -> int:
    with open(os.path.join(REPO, notebook), encoding="utf-8") as handle:
        return sum(cell["cell_type"] == "code" for cell in json.load(handle)["cells"])


def _processes_under(folder: str) -> list[str]:
    """Processes whose command line or working folder is inside ``folder``."""
    left = []
    for proc in psutil.process_iter(["pid", "cmdline", "cwd"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if folder in cmdline or (proc.info["cwd"] or "").startswith(folder):
            left.append(f"{proc.info['pid']}: {cmdline[:120]}")
    return left


@pytest.mark.timeout(900)
def test_five_students_run_a_lab_at_once_on_a_real_jupyterhub():
    run = hub_class.run_class(STUDENTS, hub_class.DEFAULT_NOTEBOOK)
    print("\n" + hub_class.report(run))
    os.makedirs(BUILD_DIR, exist_ok=True)
    with open(os.path.join(BUILD_DIR, "hub-class.json"), "w", encoding="utf-8") as handle:
        json.dump(run, handle, indent=1)

    cells = _code_cells(hub_class.DEFAULT_NOTEBOOK)
    assert len(run["students"]) == STUDENTS
    for student in run["students"]:
        assert student["errors"] == [], student
        assert student["cells"] == cells, student
        assert 0 < student["login_s"] < student["server_ready_s"] \
            < student["first_result_s"] <= student["finished_s"], student
        # A Python kernel with numpy, matplotlib and the course imported is far above 100 MB.
        assert 100 < student["peak_mb"] < 4000, student
        assert student["cpu_s"] > 1, student
    assert _processes_under(run["folder"]) == [], "processes left behind"
    assert not os.path.exists(run["folder"])


def test_a_missing_proxy_gives_a_clear_message(monkeypatch):
    monkeypatch.setattr(hub_class, "PROXY", "/nonexistent/configurable-http-proxy")
    with pytest.raises(hub_class.HubError, match="npm ci"):
        hub_class.run_class(1)


@pytest.fixture(scope="module")
def graded_class():
    """The final assignment, end to end on a real hub (run once for the tests below): released through
    nbgrader's exchange, fetched, worked (blank, partial, correct, a copy of a classmate's numbers,
    course-package shortcuts), run and submitted by five students; collected and graded by the
    instructor's one command. As root, each student is a Unix user of their own."""
    run = hub_class.run_graded_class(STUDENTS)
    os.makedirs(BUILD_DIR, exist_ok=True)
    with open(os.path.join(BUILD_DIR, "hub-graded-class.json"), "w", encoding="utf-8") as handle:
        json.dump(run, handle, indent=1)
    print("\n" + run["gradebook_csv"])
    return run


@pytest.mark.timeout(1500)
def test_a_graded_class_through_a_real_jupyterhub_gets_exactly_the_expected_grades(graded_class):
    run = graded_class
    kinds = {s["name"]: s["kind"] for s in run["students"]}
    assert sorted(kinds.values()) == sorted(["blank", "partial", "correct", "copy", "shortcuts"])
    for student in run["students"]:
        assert student["submitted"] and student["errors"] == [], student
        # each student's notebook found their own cohort on the hub (cohorts.csv + their hub name)
        assert f"for {student['name']}: seed {run['seeds'][student['name']]}" in student["seed_shown"], student
    rows = {row["student"]: row for row in run["rows"]}
    assert {name: rows[name]["autograded"] for name in rows} == run["expected"]
    assert run["expected"] == {name: {"blank": 0, "partial": 15, "correct": 60, "copy": 0, "shortcuts": 0}[kind]
                               for name, kind in kinds.items()}
    copy = next(name for name, kind in kinds.items() if kind == "copy")
    assert all("from your cohort's" in rows[copy]["messages"][item]
               for item in ("within_values", "hedges_values", "paired_values", "auc_values"))
    shortcut = next(name for name, kind in kinds.items() if kind == "shortcuts")
    assert all("course package" in message for item, message in rows[shortcut]["messages"].items()
               if item != "appraisal")
    for name in kinds:
        assert f"feedback/{name}/final/final.html" in run["feedback"]
        assert f"feedback/{name}/final/summary.md" in run["feedback"]
    assert len(run["gradebook_csv"].strip().splitlines()) == 1 + STUDENTS
    assert _processes_under(run["folder"]) == [] and not os.path.exists(run["folder"])


def test_a_students_token_cannot_use_the_hubs_admin_api(graded_class):
    for student in graded_class["students"]:
        api = student["api"]
        assert api["own user"] == 200, api   # the token works ...
        # ... but not for anyone else or for admin actions (JupyterHub answers 404 for users a
        # token may not see, 403 for actions it may not take)
        assert api["list all users"] == 403, api
        assert api["create a user"] == 403, api
        assert api["another student"] in (403, 404), api
        assert api["stop another's server"] in (403, 404), api
        assert api["make self admin"] in (403, 404), api


def test_a_student_cannot_read_others_work_or_the_instructors_keys(graded_class):
    if not graded_class["isolated"]:
        pytest.skip("needs root and useradd to give each student a Unix user of their own")
    for student in graded_class["students"]:
        probe = student["probe"]
        assert probe and set(probe.values()) == {"refused"}, (student["name"], probe)


def test_make_class_rewrites_the_guides_measured_tables():
    fake = {"notebook": hub_class.DEFAULT_NOTEBOOK, "wall_s": 50.0, "folder": "/tmp/x",
            "machine": {"cpus": 2, "memory_gb": 23.6},
            "students": [{"name": "student1", "login_s": 0.1, "server_ready_s": 12.0, "first_result_s": 18.0,
                          "finished_s": 48.0, "cells": 27, "peak_mb": 450.0, "cpu_s": 18.5}]}
    with open(hub_class.GUIDE, encoding="utf-8") as handle:
        guide = handle.read()
    for notebook in hub_class.GUIDE_NOTEBOOKS:   # the guide has a table for each lab make class runs
        assert hub_class.TABLE_START.format(notebook=notebook) in guide
        start = guide.index(hub_class.TABLE_START.format(notebook=notebook))
        table = guide[start:guide.index(hub_class.TABLE_END, start)]
        assert table.count("| student") >= 2, f"the {notebook} table is empty: run `make class`"
    updated = hub_class.update_guide(guide, fake, "2027-01-01")
    assert "Measured on 2027-01-01" in updated and "| student1 | 0.10 | 12.0 | 18.0 | 48.0 | 27 | 450 | 18.5 |" in updated
    assert updated.count(hub_class.TABLE_END) == guide.count(hub_class.TABLE_END)
    assert hub_class.update_guide(updated, fake, "2027-01-01") == updated   # idempotent
    with pytest.raises(hub_class.HubError, match="no .* marker"):
        hub_class.update_guide(guide, {**fake, "notebook": "notebooks/99-x.ipynb"}, "2027-01-01")

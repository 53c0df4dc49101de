"""What students get on a hub, tested as far as this machine allows (book/instructor/hub.md):

* the student release (``make release``): student labs, data, README — no solution, no key;
* the hub image recipe (hub/Dockerfile): its files exist, the server and the kernel are separate
  environments, and every package of both resolves OFFLINE from the lock file (each pinned there,
  and each pinned version's own requirements met by the other pins — checked against the installed
  packages' metadata, no index needed);
* the student install: the course package from its wheel (not editable, not the checkout) imports
  and runs lab 1's student edition.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO
from dmnlab.course.chapters import CHAPTERS
from tools import student_release

KEY_MARKERS = ("BEGIN HIDDEN TESTS", "dmnlab_keys", "BEGIN SOLUTION", "Graded assessment (answer key")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "student"
    student_release.build(out)
    return out


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_release_has_every_lab_the_data_and_a_readme(release):
    assert sorted(p.name for p in (release / "notebooks").iterdir()) == sorted(c.lab_path().name for c in CHAPTERS)
    readme = (release / "README.md").read_text("utf-8")
    assert "SIMULATED" in readme and "not medical advice" in readme
    source = {p.relative_to(Path(REPO, "data")): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(Path(REPO, "data"))}
    copied = {p.relative_to(release / "data"): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(release / "data")}
    assert copied == source
    assert not (release / "src").exists() and not (release / "book").exists() and not (release / "tools").exists()


def test_the_release_holds_no_solution_and_no_key(release):
    for path in (release / "notebooks").iterdir():
        notebook = nbformat.read(path, as_version=4)
        tags = {tag for cell in notebook.cells for tag in cell.metadata.get("tags", [])}
        assert not tags & {"solution", "instructor"}, path
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path
        text = path.read_text("utf-8")
        assert "Worked solution" not in text, path
        for marker in KEY_MARKERS:
            assert marker not in text, (path, marker)


def test_the_workflow_publishes_the_release_beside_the_book():
    workflow = Path(REPO, ".github", "workflows", "book.yml").read_text("utf-8")
    assert "make release" in workflow and "student" in workflow


# --- the hub image recipe -----------------------------------------------------------------------------
def _pins(path: Path) -> dict[str, str]:
    """``{name: version}`` of a requirements file (following ``-r``)."""
    pins = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins.update(_pins(path.parent / line[3:].strip()))
        elif line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"{path.name}: {line} is not pinned"
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _closure(roots: dict[str, str], lock: dict[str, str], no_deps: set[str]) -> dict[str, str]:
    """Every package the roots need, with the version the lock pins; fails on a missing pin or a
    pinned version that does not meet a requirement."""
    environment = default_environment()
    needed, todo = {}, list(roots)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        assert name in lock, f"{name} is needed but not pinned in requirements-lock.txt"
        needed[name] = lock[name]
        if name in no_deps:
            continue
        assert metadata.version(name) == lock[name], f"{name}: installed {metadata.version(name)}, locked {lock[name]}"
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            dep = canonicalize_name(requirement.name)
            assert dep in lock, f"{name} needs {requirement}, which requirements-lock.txt does not pin"
            assert requirement.specifier.contains(lock[dep], prereleases=True), \
                f"{name} needs {requirement}; the lock pins {dep}=={lock[dep]}"
            todo.append(dep)
    return needed


def test_the_image_recipe_names_files_that_exist_and_keeps_server_and_kernel_apart():
    dockerfile = Path(REPO, "hub", "Dockerfile").read_text("utf-8")
    for line in dockerfile.splitlines():
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                if not source.startswith("--") and source != "dist/":
                    assert Path(REPO, source).exists(), source
    assert "/opt/server" in dockerfile and "/opt/dmnlab" in dockerfile
    assert "ipykernel install --prefix /opt/server --name python3" in dockerfile
    assert "pip install -e" not in dockerfile and "git clone" not in dockerfile
    server, kernel = _pins(Path(REPO, "hub", "requirements-server.txt")), _pins(Path(REPO, "requirements-kernel.txt"))
    assert "jupyterlab" in server and "jupyterlab" not in kernel
    assert server["jupyterlab-widgets"] == _pins(Path(REPO, "requirements.txt"))["jupyterlab-widgets"]


def test_the_image_environments_resolve_offline_from_the_lock_file():
    lock = _pins(Path(REPO, "requirements-lock.txt"))
    data = _pins(Path(REPO, "requirements-data.txt"))
    for name in ("requirements-kernel.txt", "hub/requirements-server.txt"):
        pins = _pins(Path(REPO, name))
        assert all(lock.get(package) == version for package, version in pins.items()), name
    kernel = _closure({**_pins(Path(REPO, "requirements-kernel.txt")), **data}, lock, no_deps=set(data))
    server = _closure(_pins(Path(REPO, "hub", "requirements-server.txt")), lock, no_deps=set())
    assert {"numpy", "ipykernel", "nilearn"} <= set(kernel) and "jupyterlab" not in kernel
    assert {"jupyterlab", "nbgrader", "nbgitpuller", "jupyterhub"} <= set(server)


# --- the student install -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_student_install_from_the_wheel_runs_lab_1(tmp_path):
    from nbclient import NotebookClient

    from tools.make_editions import student_edition

    wheels, target = tmp_path / "wheels", tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "-w", str(wheels), REPO], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                           *map(str, wheels.glob("dmnlab-*.whl"))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    home = tmp_path / "home"   # a student's folder: no checkout above it
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "DMNLAB_DATA": str(Path(REPO, "data"))}
    where = subprocess.run([sys.executable, "-c", "import dmnlab; print(dmnlab.__file__)"], cwd=home, env=env,
                           capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(target)), where   # the wheel's copy, not the checkout's
    notebook = student_edition(nbformat.read(CHAPTERS[0].lab_path(), as_version=4))
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "DMNLAB_DATA")}
    os.environ.update(PYTHONPATH=env["PYTHONPATH"], DMNLAB_DATA=env["DMNLAB_DATA"])
    try:   # the kernel inherits this process's environment
        NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(home)}}).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    printed = json.dumps([o for c in notebook.cells if c.cell_type == "code" for o in c.outputs])
    assert "Traceback" not in printed and re.search(r"no answer yet|Not answered", printed, re.IGNORECASE)

"""The package's layers: imports run downward only, and no chapter builds on another.

Layers, top to bottom (README "What is where", CONTRIBUTING.md):

    chapters        dmnlab.anatomy, dmnlab.healthy, dmnlab.depression, … (top-level modules)
    datasets        dmnlab.datasets.*  load_* of data/, optional fetch_* (falls back on the cohort)
    cohort          dmnlab.cohort.*    the virtual cohort (simulated world)
    methods         dmnlab.methods.*   connectivity, HRF/GLM, statistics, complexity
    course          dmnlab.course.*    teaching machinery: widgets, checks, quiz, plotting, errors
    study           dmnlab.study.*     regions and scanning protocol (constants)

Every import is read from the source with ``ast``, including imports inside functions
(the package imports heavy libraries lazily, so a top-level-only check would miss most).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dmnlab"

#: What each layer may import from dmnlab (besides itself). Anything else is a violation.
ALLOWED = {
    "chapter": {"cohort", "datasets", "methods", "course", "study", "root"},
    "cohort": {"methods", "study"},
    # datasets.real falls back to simulating participants when no data/ folder ships.
    "datasets": {"cohort", "methods", "course.errors", "study"},
    "methods": {"study"},
    "course": {"study"},
    "study": set(),
    "root": {"course.errors"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if module == "dmnlab":
        return "root"
    if len(parts) == 2 and not (PACKAGE / parts[1]).is_dir():
        return "chapter"
    return parts[1]


def imports_of(path: Path) -> set[str]:
    """Absolute names of the dmnlab modules (or module attributes) that a file imports."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("dmnlab")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("dmnlab"):
                continue
            for alias in node.names:  # `from dmnlab.cohort import population` imports a module
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or \
                    (PACKAGE.parent / candidate.replace(".", "/")).is_dir()
                found.add(candidate if is_module else target)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "load" \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and str(node.args[0].value).startswith("dmnlab"):
            found.add(node.args[0].value)   # lazy_loader.load("dmnlab.course.plotting")
    return found


def violations(module: str, imported: set[str]) -> list[str]:
    """Every import of ``module`` that breaks the layer rules, as readable sentences."""
    own = layer_of(module)
    problems = []
    for target in sorted(imported):
        other = layer_of(target)
        if other == own and own != "chapter":
            continue
        if own == "chapter" and other == "chapter":
            if target != module:
                problems.append(f"{module} imports the chapter {target}: chapters build on the layers "
                                "below, never on each other")
            continue
        allowed = ALLOWED[own]
        sub = ".".join(target.split(".")[1:3])
        if other not in allowed and sub not in allowed:
            problems.append(f"{module} ({own}) imports {target} ({other}); {own} may import only "
                            f"{sorted(allowed) or 'nothing else in dmnlab'}")
    return problems


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downward(path):
    assert violations(module_name(path), imports_of(path)) == []


def test_the_layers_exist_and_chapters_are_top_level():
    layers = {layer_of(module_name(p)) for p in SOURCES}
    assert {"chapter", "cohort", "datasets", "methods", "course", "study"} <= layers
    chapters = {module_name(p) for p in SOURCES if layer_of(module_name(p)) == "chapter"}
    assert {"dmnlab.anatomy", "dmnlab.healthy", "dmnlab.depression"} <= chapters


def test_no_cohort_or_method_module_imports_widgets():
    for path in SOURCES:
        module = module_name(path)
        if layer_of(module) in ("cohort", "methods"):
            assert not any("widgets" in name for name in imports_of(path)), module


@pytest.mark.parametrize("module, imported, broken_rule", [
    ("dmnlab.depression", {"dmnlab.anatomy"}, "imports the chapter"),
    ("dmnlab.cohort.population", {"dmnlab.healthy"}, "cohort"),
    ("dmnlab.methods.stats", {"dmnlab.course.widgets"}, "methods"),
    ("dmnlab.study.nodes", {"dmnlab.datasets.files"}, "study"),
    ("dmnlab.course.plotting", {"dmnlab.cohort.signals"}, "course"),
])
def test_the_checker_catches_upward_imports(module, imported, broken_rule):
    """The rule check itself can fail: an upward import is reported."""
    problems = violations(module, imported)
    assert problems and broken_rule in problems[0]


def test_lazy_loads_are_seen():
    """``plotting = lazy.load("dmnlab.course.plotting")`` counts as an import of plotting."""
    assert "dmnlab.course.plotting" in imports_of(PACKAGE / "anatomy.py")


HEAVY = ("pandas.core", "matplotlib.figure", "scipy.stats._stats_py", "scipy.optimize._optimize",
         "scipy.signal._signaltools", "sklearn.base", "nilearn.image", "networkx.classes")


def test_importing_a_chapter_loads_no_heavy_library():
    """Chapters import fast (issue 14, measured by `make bench`): pandas, matplotlib, scipy,
    scikit-learn, nilearn and networkx load on first use (lazy_loader), not on import."""
    import subprocess
    import sys

    chapters = sorted(module_name(p) for p in SOURCES if layer_of(module_name(p)) == "chapter")
    code = ("import importlib, sys\n"
            f"for name in {chapters!r}: importlib.import_module(name)\n"
            f"print(sorted(k for k in {HEAVY!r} if k in sys.modules))")
    result = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_imports_inside_functions_are_seen(tmp_path):
    """Lazy imports count: the package imports nilearn and its own layers inside functions."""
    fake = PACKAGE / "methods" / "connectivity.py"
    assert "dmnlab.methods.complexity" in imports_of(fake)
    assert any(name.startswith("dmnlab.datasets") for name in imports_of(PACKAGE / "healthy.py"))

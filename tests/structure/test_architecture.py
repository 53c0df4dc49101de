"""The package's layers: imports run downward only, and no chapter builds on another.

Layers, top to bottom (README "What is where", CONTRIBUTING.md):

    chapters        dmnlab.anatomy, dmnlab.healthy, … one small package per chapter (the registry)
    shared          dmnlab.shared.*    what two chapters need from the cohort, data and methods
    datasets        dmnlab.datasets.*  load_* of data/, optional fetch_* (falls back on the cohort)
    cohort          dmnlab.cohort.*    the virtual cohort (simulated world)
    methods         dmnlab.methods.*   connectivity, HRF/GLM, statistics, complexity
    course          dmnlab.course.*    teaching machinery: widgets, checks, quiz, plotting, palette, prose
    study           dmnlab.study.*     regions and scanning protocol (constants)

Every import is read from the source with ``ast``, including imports inside functions
(the package imports heavy libraries lazily, so a top-level-only check would miss most).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dmnlab.course.chapters import CHAPTERS

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "dmnlab"

#: What each layer may import from dmnlab (besides itself). Anything else is a violation.
ALLOWED = {
    "chapter": {"shared", "cohort", "datasets", "methods", "course", "study", "root"},
    "shared": {"cohort", "datasets", "methods", "course", "study"},
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


#: The chapter packages, from the one chapter registry.
CHAPTER_PACKAGES = {chapter.module for chapter in CHAPTERS}


def layer_of(module: str) -> str:
    """The layer of a dmnlab module: "root", "chapter" (any module of a chapter package, or a
    top-level module that is no layer) or the name of a layer folder."""
    parts = module.split(".")
    if module == "dmnlab":
        return "root"
    if parts[1] in CHAPTER_PACKAGES or (len(parts) == 2 and not (PACKAGE / parts[1]).is_dir()):
        return "chapter"
    return parts[1]


def chapter_of(module: str) -> str:
    """``dmnlab.healthy._views`` → ``dmnlab.healthy``: the chapter a module belongs to."""
    return ".".join(module.split(".")[:2])


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
            if chapter_of(target) != chapter_of(module):
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


def test_the_layers_exist_and_every_chapter_is_a_package():
    layers = {layer_of(module_name(p)) for p in SOURCES}
    assert {"chapter", "shared", "cohort", "datasets", "methods", "course", "study"} <= layers
    for name in CHAPTER_PACKAGES:
        assert (PACKAGE / name / "__init__.py").is_file(), f"chapter {name} is not a package"
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"top-level modules that are neither a layer nor a chapter package: {loose}"


def test_no_cohort_or_method_module_imports_widgets():
    for path in SOURCES:
        module = module_name(path)
        if layer_of(module) in ("cohort", "methods"):
            assert not any("widgets" in name for name in imports_of(path)), module


@pytest.mark.parametrize("module, imported, broken_rule", [
    ("dmnlab.depression", {"dmnlab.anatomy"}, "imports the chapter"),
    ("dmnlab.depression._views", {"dmnlab.anatomy._measures"}, "imports the chapter"),
    ("dmnlab.shared.groups", {"dmnlab.networks"}, "shared"),
    ("dmnlab.cohort.population", {"dmnlab.healthy"}, "cohort"),
    ("dmnlab.methods.stats", {"dmnlab.course.widgets"}, "methods"),
    ("dmnlab.study.nodes", {"dmnlab.datasets.files"}, "study"),
    ("dmnlab.course.plotting", {"dmnlab.cohort.signals"}, "course"),
])
def test_the_checker_catches_upward_imports(module, imported, broken_rule):
    """The rule check itself can fail: an upward import is reported."""
    problems = violations(module, imported)
    assert problems and broken_rule in problems[0]


def test_a_chapter_may_import_its_own_modules():
    assert violations("dmnlab.depression._views", {"dmnlab.depression._measures"}) == []


def test_lazy_loads_are_seen(tmp_path):
    """``plotting = lazy.load("dmnlab.course.plotting")`` counts as an import of plotting."""
    lazy = [p for p in SOURCES if 'lazy.load("dmnlab.course.plotting"' in p.read_text()]
    assert lazy and all("dmnlab.course.plotting" in imports_of(p) for p in lazy)


HEAVY = ("pandas.core", "matplotlib.figure", "scipy.stats._stats_py", "scipy.optimize._optimize",
         "scipy.signal._signaltools", "sklearn.base", "nilearn.image", "networkx.classes")


def test_importing_a_chapter_loads_no_heavy_library():
    """Chapters import fast (issue 14, measured by `make bench`): pandas, matplotlib, scipy,
    scikit-learn, nilearn and networkx load on first use (lazy_loader), not on import."""
    import subprocess
    import sys

    chapters = sorted(f"dmnlab.{name}" for name in CHAPTER_PACKAGES)
    code = ("import importlib, sys\n"
            f"for name in {chapters!r}: importlib.import_module(name)\n"
            f"print(sorted(k for k in {HEAVY!r} if k in sys.modules))")
    result = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_imports_inside_functions_are_seen():
    """Lazy imports count: the package imports nilearn and its own layers inside functions."""
    connectivity = PACKAGE / "methods" / "connectivity.py"
    assert "dmnlab.methods.complexity" in imports_of(connectivity)
    assert any(name.startswith("dmnlab.datasets") for name in imports_of(PACKAGE / "healthy" / "_measures.py"))


# --- one home for every shared thing ----------------------------------------------------------
REPO = PACKAGE.parents[1]
HEX_COLOUR = __import__("re").compile(r"#[0-9A-Fa-f]{6}\b")
#: The only package files that may spell a colour: the palette and the network colours beneath it.
COLOUR_HOMES = {"course/palette.py", "study/nodes.py"}
MAX_LINES = 650


def _string_constants(path: Path):
    """Every string literal of a file that is not a docstring."""
    tree = ast.parse(path.read_text(), str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            docstrings.add(id(node.body[0].value))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_colours_are_named_in_the_palette_only():
    offenders = [f"{p.relative_to(PACKAGE)}: {value!r}" for p in SOURCES
                 if p.relative_to(PACKAGE).as_posix() not in COLOUR_HOMES
                 for value in _string_constants(p) if HEX_COLOUR.search(value)]
    assert not offenders, "use dmnlab.course.palette instead of hex codes:\n" + "\n".join(offenders)


def test_the_colour_check_can_fail(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text('"""Doc #0072B2 is fine in a docstring."""\nCOLOUR = "#0072B2"\n')
    assert [v for v in _string_constants(fake) if HEX_COLOUR.search(v)] == ["#0072B2"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_package_file_is_too_long(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by kind (measures, views, exercises, page numbers)"


def _top_level(path: Path) -> dict[str, ast.AST]:
    """Names a module defines at its top level: functions, classes and assigned constants."""
    found = {}
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            if isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "lazy.load":
                continue   # `pd = lazy.load("pandas")`: an import, not a definition
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(target, ast.Name):
                    found[target.id] = node
    return found


#: The files a chapter package may have, and what kind of public name each defines.
CHAPTER_FILES = {
    "__init__.py": None,
    "_measures.py": lambda name: not name.startswith(("check_", "plot_")) and not name.endswith("_explorer"),
    "_views.py": lambda name: name.startswith(("plot_", "describe_")) or name.endswith("_explorer") or name.isupper(),
    "_exercises.py": lambda name: name.startswith("check_") or name.isupper(),
    "_page.py": lambda name: name == "page_numbers" or name.isupper(),
}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.module)
def test_a_chapter_is_a_small_package_with_one_kind_of_code_per_file(chapter):
    folder = PACKAGE / chapter.module
    files = {p.name for p in folder.glob("*.py")}
    assert files <= set(CHAPTER_FILES), f"unexpected files {sorted(files - set(CHAPTER_FILES))}"
    assert {"__init__.py", "_measures.py", "_page.py"} <= files
    wrong = [f"{name} in {file}" for file, kind in CHAPTER_FILES.items() if kind and file in files
             for name in _top_level(folder / file) if not name.startswith("_") and not kind(name)]
    assert not wrong, f"names in the wrong file: {wrong}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.module)
def test_a_chapter_exports_a_flat_api_with_its_widgets(chapter):
    module = chapter.load()
    assert hasattr(module, "__all__"), "list the public names in __all__ (the chapter's table of contents)"
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, missing
    assert set(chapter.widgets) <= set(module.__all__), "the registry names widgets the chapter does not export"
    assert "page_numbers" in module.__all__
    public = {name for file in ("_measures.py", "_views.py", "_exercises.py", "_page.py")
              if (PACKAGE / chapter.module / file).is_file()
              for name in _top_level(PACKAGE / chapter.module / file) if not name.startswith("_")}
    unlisted = sorted(public - set(module.__all__))
    assert not unlisted, f"public names missing from __all__: {unlisted}"


#: Names that every chapter defines for itself on purpose (one signature, the chapter's own data).
PER_CHAPTER = {"page_numbers", "compare_groups"}
#: Public names a chapter owns by kind: two chapters may each have a `check_group_effect` for
#: their own exercise, but not the same code under that name.
OWN_KINDS = ("check_", "plot_", "describe_")


def _copy_key(name: str, node) -> str | None:
    """What makes a top-level definition a copy of another chapter's: the same name and value for a
    constant; the same name for a public function or class (the same code, too, for names a chapter
    owns by kind); None for private and per-chapter names."""
    if name in PER_CHAPTER:
        return None
    if name.isupper():
        return f"{name} = {ast.unparse(node.value) if getattr(node, 'value', None) is not None else ''}"
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and (name.startswith("_") or name.startswith(OWN_KINDS)
                                                             or name.endswith("_explorer")):
        body = ast.unparse(ast.Module(body=node.body[1:] if ast.get_docstring(node) else node.body, type_ignores=[]))
        return f"{name}: {body}" if len(body.splitlines()) >= 3 else None
    return None if name.startswith("_") else name


def test_no_chapter_defines_what_another_chapter_defines():
    """A constant with the same value, a public function with the same name, or the same code under the
    same name (private helpers too) in two chapters is a copy: it belongs in dmnlab.shared, course or study."""
    seen: dict[str, tuple[str, str]] = {}
    copies = []
    for chapter in sorted(CHAPTER_PACKAGES):
        for path in sorted((PACKAGE / chapter).glob("_*.py")):
            for name, node in _top_level(path).items():
                key = _copy_key(name, node)
                if key is None:
                    continue
                if key in seen and seen[key][0] != chapter:
                    copies.append(f"{key.splitlines()[0]!r} in {seen[key][1]} and {path.relative_to(PACKAGE)}")
                seen.setdefault(key, (chapter, str(path.relative_to(PACKAGE))))
    assert not copies, "\n".join(copies)


def test_the_learners_package_never_imports_the_tools():
    offenders = [f"{p.relative_to(PACKAGE)} imports {name}" for p in SOURCES
                 for node in ast.walk(ast.parse(p.read_text()))
                 if isinstance(node, (ast.Import, ast.ImportFrom))
                 for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
                 if name.split(".")[0] in ("tools", "benchmarks", "tests", "support", "conftest")]
    assert not offenders, offenders


NON_PACKAGE_CODE = sorted(p for folder in ("tests", "tools", "benchmarks") for p in (REPO / folder).rglob("*.py"))


PATH_HACKS = ("spec_from_file_location", "sys.path.insert", "sys.path.append")


def _path_hacks(path: Path) -> list[str]:
    """Calls that load code by path (in code, not in strings such as a notebook cell's source)."""
    return [ast.unparse(node.func) for node in ast.walk(ast.parse(path.read_text(), str(path)))
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(PATH_HACKS)]


@pytest.mark.parametrize("path", NON_PACKAGE_CODE, ids=lambda p: str(p.relative_to(REPO)))
def test_no_code_is_loaded_by_path(path):
    """tools/, benchmarks/ and tests/support/ are packages (pytest's pythonpath): no path hacks."""
    assert not _path_hacks(path), "import the module as a package instead"


def test_the_path_hack_check_can_fail(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text('import sys\nsys.path.insert(0, "scripts")\nCELL = "sys.path.insert(0, \'x\')"\n')
    assert _path_hacks(fake) == ["sys.path.insert"]


#: The only files that may name the table of contents: the registry (which renders it), the tools that
#: write it from the registry, and the test that checks the scaffold wrote it.
TOC_READERS = {"src/dmnlab/course/chapters.py", "tools/toc.py", "tools/new_chapter.py",
               "tests/structure/test_new_chapter.py"}
CHAPTER_GLOBS = __import__("re").compile(r"0\[0-9\]|^\*\.ipynb$|\b0\*|\\d\\d-")


@pytest.mark.parametrize("path", [*SOURCES, *NON_PACKAGE_CODE], ids=lambda p: str(p.relative_to(REPO)))
def test_the_chapter_list_is_read_in_one_place(path):
    """Everything that needs "every chapter" reads dmnlab.course.chapters, never _toc.yml or a glob."""
    if path.name == "test_architecture.py":
        return
    relative = path.relative_to(REPO).as_posix()
    strings = _string_constants(path)
    if relative not in TOC_READERS:
        assert not any("_toc.yml" in s for s in strings), "read dmnlab.course.chapters, not _toc.yml"
    assert not any(CHAPTER_GLOBS.search(s) for s in strings), "find chapters in dmnlab.course.chapters, not by a glob"


def test_the_copy_check_can_fail():
    one = ast.parse("SIMULATED_NOTE = 'x'\ndef _clean(ax):\n    a = 1\n    b = 2\n    return a + b\n"
                    "def check_g(answer):\n    return 1\n").body
    other = ast.parse("SIMULATED_NOTE = 'x'\ndef _clean(ax):\n    a = 1\n    b = 2\n    return a + b\n"
                      "def check_g(answer):\n    return 2\n").body
    keys = [[_copy_key(node.targets[0].id if isinstance(node, ast.Assign) else node.name, node) for node in body]
            for body in (one, other)]
    assert keys[0][0] == keys[1][0] and keys[0][1] == keys[1][1]   # the same constant, the same helper
    assert keys[0][2] is None or keys[0][2] != keys[1][2]          # two chapters' own checkers

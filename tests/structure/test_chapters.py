"""Every chapter in the registry (dmnlab.course.chapters) has what a chapter needs.

These tests find chapters only through the registry, so a new chapter is checked as soon as
it is registered (tests/structure/test_new_chapter.py proves it with a throwaway chapter).
"""
import ast
import re

import nbformat
import pytest

from dmnlab.course import chapters
from dmnlab.course.chapters import CHAPTERS
from tools.new_chapter import setup_cell_source
from tools.toc import main as toc_main

ids = [chapter.stem for chapter in CHAPTERS]


def test_the_table_of_contents_is_generated_from_the_registry():
    assert toc_main(["--check"]) == 0, "run `python -m tools.toc` after changing the chapter registry"


def test_chapters_are_numbered_in_order():
    assert [chapter.number for chapter in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    assert len({chapter.slug for chapter in CHAPTERS}) == len({chapter.module for chapter in CHAPTERS}) == len(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids)
def test_a_chapter_has_its_page_lab_and_guide(chapter):
    for path in (chapter.page_path(), chapter.lab_path(), chapter.guide_path()):
        assert path.is_file(), f"missing {path.relative_to(chapters.REPO)}"
    first_heading = next(line for line in chapter.page_path().read_text().splitlines() if line.startswith("# "))
    assert first_heading == f"# {chapter.heading}", "the page's title must be the registry's"


def _code_cells(path):
    """The code of every code cell of a MyST page (options, `:tags:` or a `---` block, removed)."""
    text = path.read_text(encoding="utf-8")
    cells = []
    for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S):
        if cell.startswith("---\n"):
            cell = cell.split("\n---\n", 1)[1]
        cells.append("\n".join(line for line in cell.splitlines() if not line.startswith(":")))
    return cells


@pytest.mark.parametrize("name", [name for name in chapters.documents() if name.startswith("book/")])
def test_no_page_cell_defines_a_function_or_class(name):
    """Pages are thin: computation lives in the chapter package (page_numbers(), plot_*, *_explorer)."""
    path = chapters.REPO / f"{name}.md"
    for cell in _code_cells(path):
        defined = [node.name for node in ast.walk(ast.parse(cell))
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        assert not defined, f"{name} defines {defined} in a code cell: move it into the chapter package"


def test_the_page_cell_check_can_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```{code-cell} ipython3\n:tags: [remove-cell]\ndef helper():\n    pass\n```\n")
    (cell,) = _code_cells(page)
    assert "def helper" in cell


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids)
def test_a_page_glues_its_numbers_from_the_chapter(chapter):
    cells = _code_cells(chapter.page_path())
    assert cells and f"glue_all({chapter.module}.page_numbers())" in cells[0], \
        "the page's first cell is `glue_all(<chapter>.page_numbers())`"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids)
def test_every_lab_starts_with_the_same_set_up_cell(chapter):
    notebook = nbformat.read(chapter.lab_path(), as_version=4)
    assert notebook.cells[1].cell_type == "code" and notebook.cells[1].source == setup_cell_source(), \
        "the set-up cell differs from tools.new_chapter.setup_cell_source(): copy it from there"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids)
def test_lab_exercises_are_numbered_in_order(chapter):
    notebook = nbformat.read(chapter.lab_path(), as_version=4)
    numbers = [match for cell in notebook.cells if cell.cell_type == "markdown"
               for match in re.findall(r"### Exercise (\d+)\.(\d+)", cell.source)]
    assert numbers, "a lab has exercises"
    assert all(int(major) == chapter.number for major, _ in numbers), numbers
    assert [int(minor) for _, minor in numbers] == list(range(1, len(numbers) + 1)), numbers

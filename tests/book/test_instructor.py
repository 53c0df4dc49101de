"""Instructor guides: every learning objective of every chapter is assessed.

Each chapter's guide (book/instructor/NN-guide.md) lists, in its YAML front matter, the page's
numbered objectives and what assesses each: a lab exercise ("exercise 4.3"), a question of the
page's quiz ("quiz 2") or the page's worked exercise ("page exercise"). The test checks that the
list matches the page word for word, that every objective is assessed at least once, and that
every named exercise and quiz question exists.
"""
import os
import re

import nbformat
import pytest
import yaml

from dmnlab.course.chapters import CHAPTERS, chapter

PAGES = [str(chapter.page_path()) for chapter in CHAPTERS]


def page_objectives(text: str) -> list[str]:
    """The numbered objectives of the page's "In this chapter" box, wrapped lines joined."""
    box = text.split(":::{admonition} In this chapter", 1)[1].split(":::", 1)[0]
    items, current = [], None
    for line in box.splitlines():
        match = re.match(r"\s*\d+\.\s+(.*)", line)
        if match:
            current = [match.group(1).strip()]
            items.append(current)
        elif current is not None and line.strip() and line.startswith(" "):
            current.append(line.strip())
        elif not line.strip():
            current = None
    return [" ".join(parts) for parts in items]


def guide_of(page: str) -> str:
    return str(chapter(os.path.basename(page)[:-3]).guide_path())


def front_matter(path: str) -> dict:
    text = open(path, encoding="utf-8").read()
    assert text.startswith("---"), path
    return yaml.safe_load(text.split("---", 2)[1])


def lab_exercises(number: str) -> set[str]:
    labs = [str(chapter(int(number)).lab_path())]
    found = set()
    for lab in labs:
        for cell in nbformat.read(lab, as_version=4).cells:
            found |= {m.lower() for m in re.findall(r"### (Exercise \d+\.\d+)", cell.source)}
    return found


@pytest.mark.parametrize("page", PAGES, ids=os.path.basename)
def test_every_objective_is_assessed(page):
    if not os.path.exists(guide_of(page)):
        pytest.skip(f"no instructor guide yet for {os.path.basename(page)}")
    text = open(page, encoding="utf-8").read()
    guide = front_matter(guide_of(page))
    listed = [objective["text"] for objective in guide["objectives"]]
    assert listed == page_objectives(text), "the guide's objectives must be the page's, in order"
    number = os.path.basename(page)[:2]
    exercises = lab_exercises(number)
    n_questions = text.count("Question(")
    for objective in guide["objectives"]:
        assert objective["assessed_by"], f"not assessed: {objective['text']}"
        for item in objective["assessed_by"]:
            item = item.lower()
            if item.startswith("exercise"):
                assert item in exercises, (item, sorted(exercises))
            elif item.startswith("quiz"):
                assert 1 <= int(item.split()[1]) <= n_questions, (item, n_questions)
            else:
                assert item == "page exercise" and "{exercise}" in text, item


def test_there_is_a_guide_for_every_chapter():
    missing = [os.path.basename(p) for p in PAGES if not os.path.exists(guide_of(p))]
    assert not missing, f"chapters without an instructor guide: {missing}"


def test_the_objective_parser_reads_wrapped_items():
    text = ":::{admonition} In this chapter\nBy the end:\n1. first line\n   continues here;\n2. second\n:::\n"
    assert page_objectives(text) == ["first line continues here;", "second"]

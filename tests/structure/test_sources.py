"""Sources a reader can trust (issue 20, item 3): learner-facing text cites papers (the
bibliography, each entry with a DOI or PMID) or a regulator's own documents, never a third-party
web page, and never comments on the course's own sourcing."""
import ast
import re
from pathlib import Path

import nbformat
import pytest

from conftest import REPO
from dmnlab.course.chapters import CHAPTERS, REFERENCE_PAGES, ROOT, SEMINAR_PAGES

PAGES = [f"{REPO}/{name}.md" for name in (ROOT, *SEMINAR_PAGES, *(c.page for c in CHAPTERS), *REFERENCE_PAGES)]
LABS = [str(chapter.lab_path()) for chapter in CHAPTERS]
PACKAGE = sorted(Path(REPO, "src", "dmnlab").rglob("*.py"))

#: Remarks about the course's own sourcing: verify and cite, or leave the claim out.
OWN_SOURCING = re.compile(
    r"could not (check|verify|confirm)|have not (checked|verified|seen)|has not checked|not among the sources"
    r"|sources (this|the) course has checked|only (seen )?(a|the) summary|not seen (its|the) author"
    r"|we could not|this course could not|unverified by (us|the course)", re.IGNORECASE)
#: Hosts a learner-facing link may point to: the course itself, regulators' own documents, DOIs, and
#: the data providers' terms. A paper is cited from the bibliography, not linked.
ALLOWED_HOSTS = ("github.com/dmn-course", "doi.org", "fda.gov", "ema.europa.eu", "humanconnectome.org",
                 "nice.org.uk")
LINK = re.compile(r"https?://[^\s)\"'>`\]]+")


def _text(path: str) -> str:
    """The learner-facing text of a page, a lab's Markdown cells, or a module's string literals."""
    if path.endswith(".md"):
        return open(path, encoding="utf-8").read()
    if path.endswith(".ipynb"):
        notebook = nbformat.read(path, as_version=4)
        return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return "\n".join(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str))


def _name(path: str) -> str:
    return str(Path(path).relative_to(REPO))


@pytest.mark.parametrize("path", [*PAGES, *LABS, *map(str, PACKAGE)], ids=_name)
def test_no_remark_about_our_own_sourcing(path):
    found = sorted({match.group(0) for match in OWN_SOURCING.finditer(_text(path))})
    assert not found, f"verify and cite, or leave the claim out: {found}"


@pytest.mark.parametrize("path", [*PAGES, *LABS], ids=_name)
def test_links_go_to_papers_or_regulators_only(path):
    links = [link for link in LINK.findall(_text(path)) if not any(host in link for host in ALLOWED_HOSTS)]
    assert not links, f"cite the paper from references.bib (or the regulator's own document) instead: {links}"


def test_the_checks_can_fail():
    assert OWN_SOURCING.search("a figure we could not check")
    assert OWN_SOURCING.search("this role is not among the sources this course has checked")
    assert [link for link in LINK.findall("see (https://blackboxrx.com/x) or https://doi.org/10.1/x")
            if not any(host in link for host in ALLOWED_HOSTS)] == ["https://blackboxrx.com/x"]

"""The course's one list of chapters: what every tool that needs "all chapters" reads.

A chapter is registered here once, with its number, slug, title, package and widgets; its
page, lab and instructor guide follow from the number and slug. The book's table of contents
(``_toc.yml``) is generated from this list (``python -m tools.toc``; a test keeps them equal),
and the build, the tests, ``make bench``, the editions, the PDF and the hub class read this
module instead of globbing for files.

Adding a chapter: CONTRIBUTING.md, "Add a chapter" (``python -m tools.new_chapter`` makes the
files this list points to).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

#: The repository (the folder holding ``_toc.yml``), when the package runs from a checkout.
REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Chapter:
    """One chapter: the page, the lab and the guide are named from ``number`` and ``slug``."""

    number: int
    slug: str
    title: str
    #: The chapter's package (``dmnlab.<module>``), which the page and the lab import.
    module: str
    #: Its widget factories (zero-argument ``*_explorer`` functions), for tests and ``make bench``.
    widgets: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return f"{self.number:02d}-{self.slug}"

    @property
    def page(self) -> str:
        """The page's document name (``_toc.yml`` style: relative, no extension)."""
        return f"book/{self.stem}"

    @property
    def lab(self) -> str:
        """The lab notebook's document name."""
        return f"notebooks/{self.stem}-lab"

    @property
    def guide(self) -> str:
        """The instructor guide (not in the published book; copied into the instructor edition)."""
        return f"book/instructor/{self.number:02d}-guide.md"

    @property
    def heading(self) -> str:
        """The page's first heading."""
        return f"{self.number}. {self.title}"

    def page_path(self, root: Path = REPO) -> Path:
        return root / f"{self.page}.md"

    def lab_path(self, root: Path = REPO) -> Path:
        return root / f"{self.lab}.ipynb"

    def guide_path(self, root: Path = REPO) -> Path:
        return root / self.guide

    def load(self):
        """The chapter's package, imported."""
        return importlib.import_module(f"dmnlab.{self.module}")

    def widget_factories(self) -> dict:
        """``{name: factory}`` of the chapter's widgets."""
        module = self.load()
        return {name: getattr(module, name) for name in self.widgets}


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(1, "anatomy", "Anatomy of the default mode network", "anatomy",
            ("region_explorer", "seed_explorer", "real_seed_explorer", "cortex_seed_explorer")),
    Chapter(2, "healthy-dmn", "The DMN in a healthy brain", "healthy",
            ("hrf_explorer", "task_switch_explorer", "gsr_explorer")),
    Chapter(3, "depression", "The DMN in depression: a network gone awry?", "depression",
            ("virtual_patient_explorer", "study_simulator_explorer")),
    Chapter(4, "rumination", "Rumination: the clinical consequence", "rumination",
            ("sticky_thoughts_explorer", "correlation_study_explorer")),
    Chapter(5, "ketamine", "Does ketamine disrupt the DMN, and is that how it helps?", "ketamine",
            ("patient_week_explorer", "entropy_explorer", "placebo_explorer")),
    Chapter(6, "networks", "Beyond the DMN: depression as a network disorder", "networks",
            ("network_matrix_explorer", "graph_explorer")),
    Chapter(7, "clinic", "Clinical implications", "clinic",
            ("optimistic_biomarker_explorer", "roc_explorer")),
    Chapter(8, "what-we-know", "What we know", "synthesis",
            ("claim_explorer", "settling_study_explorer")),
)

#: The book's first page and its reference pages (after the chapters), as documents.
ROOT = "book/intro"
#: Pages for taking or teaching the course as a seminar (before the chapters): the syllabus
#: (:mod:`dmnlab.course.syllabus` builds its tables) and the week-0 checklist before session 1.
SEMINAR_PAGES = ("book/syllabus", "book/week-0")
REFERENCE_PAGES = ("book/about-data", "book/glossary", "book/references", "book/progress")


def chapter(key: int | str) -> Chapter:
    """A chapter by number, slug or module name."""
    for candidate in CHAPTERS:
        if key in (candidate.number, candidate.slug, candidate.module, candidate.stem):
            return candidate
    raise KeyError(f"No chapter {key!r}; the chapters are {[c.stem for c in CHAPTERS]}.")


def documents() -> list[str]:
    """Every document of the book in reading order (root first), without extension."""
    names = [ROOT, *SEMINAR_PAGES]
    for item in CHAPTERS:
        names += [item.page, item.lab]
    return names + list(REFERENCE_PAGES)


def labs() -> list[str]:
    return [item.lab for item in CHAPTERS]


def pages() -> list[str]:
    return [item.page for item in CHAPTERS]


def toc() -> dict:
    """The book's table of contents, as Jupyter Book's ``_toc.yml`` holds it."""
    return {
        "format": "jb-book",
        "root": ROOT,
        "parts": [
            {"caption": "For a seminar", "chapters": [{"file": name} for name in SEMINAR_PAGES]},
            {"caption": "Chapters", "numbered": False,
             "chapters": [{"file": item.page, "sections": [{"file": item.lab}]} for item in CHAPTERS]},
            {"caption": "Reference", "chapters": [{"file": name} for name in REFERENCE_PAGES]},
        ],
    }


def render_toc() -> str:
    """``_toc.yml``'s text (generated: edit :data:`CHAPTERS`, then run ``python -m tools.toc``)."""
    import yaml

    header = ("# Table of contents: the seminar pages, one page and one lab notebook per chapter, the reference pages.\n"
              "# GENERATED from src/dmnlab/course/chapters.py by `python -m tools.toc`: edit that list, not this file.\n")
    return header + yaml.safe_dump(toc(), sort_keys=False, allow_unicode=True)

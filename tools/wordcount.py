"""Visible words of a built page: what a reader sees before opening anything.

``python -m tools.wordcount PAGE.html ...`` prints, per page, the words on the core path (the
visible page, quiz and exercises included) and the words folded away in deep dives, solutions,
hidden code and closed answers. ``python -m tools.wordcount --record _build/html`` records the
chapter pages' counts in ``src/dmnlab/course/page_words.toml``, from which the pages state their
reading times (:mod:`dmnlab.course.times`).

"Visible" follows what the browser shows on a page that has just loaded: the body of a closed
``<details>`` (sphinx-design dropdowns, the "Deep dive" blocks, hidden code cells, the quizzes'
"Show the answer") is not shown, nor is the body of an admonition that sphinx-togglebutton folds
(``.admonition.dropdown``, ``.toggle``: the worked solutions). A test checks that this count
equals the words of the page's ``innerText`` in Chromium within a few words
(``tests/book/test_core_path.py``), so the static count used at build time is the one a reader
meets.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dmnlab.course.times import CORE_PATH_LIMIT, PAGE_WORDS, WORDS_PER_MINUTE, round_up

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class PageWords:
    """A page's visible (core-path) words and the words folded away."""

    visible: int
    folded: int

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the core path at :data:`WORDS_PER_MINUTE`, rounded up to 5."""
        return round_up(self.visible / WORDS_PER_MINUTE)

    @property
    def deep_dive_minutes(self) -> int:
        return round_up(self.folded / WORDS_PER_MINUTE)


#: Boxes whose body sphinx-togglebutton folds (the worked solutions); their title stays visible.
FOLDED_BOXES = ".admonition.dropdown, .toggle"


def article(soup):
    """The page's article (what a reader reads) in a built page's BeautifulSoup tree."""
    return soup.select_one("main article") or soup.select_one("article") or soup.body or soup


def is_folded(tag) -> bool:
    """Whether ``tag`` is hidden until a reader opens something (what :func:`page_words` counts as folded).

    Inside a closed ``<details>`` but not its ``<summary>``, or inside a folded box but not its title.
    """
    child = tag
    for parent in tag.parents:
        if parent.name == "details" and not parent.has_attr("open") and child.name != "summary":
            return True
        if parent.css.match(FOLDED_BOXES) and "admonition-title" not in (child.get("class") or []):
            return True
        child = parent
    return False


def _fold(article) -> str:
    """Cut the folded parts out of ``article`` and return their text."""
    folded = []
    for tag in article.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()
    # Buttons and icons the theme adds (copy buttons, header links) are not reading.
    for tag in article.select("a.headerlink, button, .copybtn"):
        tag.decompose()
    for details in article.find_all("details"):
        if details.decomposed or details.has_attr("open"):
            continue
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                text = child.get_text(" ") if hasattr(child, "get_text") else str(child)
                folded.append(text)
                child.extract()
    for box in article.select(FOLDED_BOXES):
        for child in list(box.children):
            classes = getattr(child, "get", lambda *_: None)("class") or []
            if "admonition-title" not in classes:
                text = child.get_text(" ") if hasattr(child, "get_text") else str(child)
                folded.append(text)
                child.extract()
    return " ".join(folded)


def page_words(html: str) -> PageWords:
    """Visible and folded words of one built page's HTML."""
    from bs4 import BeautifulSoup

    text = article(BeautifulSoup(html, "html.parser"))
    folded = _fold(text)
    return PageWords(visible=len(_WORD.findall(text.get_text(" "))), folded=len(_WORD.findall(folded)))


def record(html_dir: Path) -> str:
    """Write the chapter pages' counts of a built book to ``page_words.toml``; returns its text."""
    from dmnlab.course import chapters

    lines = ["# Visible (core path) and folded words of each built chapter page: what the pages' reading times",
             "# are computed from (dmnlab.course.times). WRITTEN by `python -m tools.wordcount --record _build/html`",
             "# after a build; tests/book/test_core_path.py checks these against every new build.", ""]
    for item in chapters.CHAPTERS:
        path = html_dir / f"{item.page}.html"
        if not path.is_file():
            raise SystemExit(f"{path}: no such page; build the book first (make book)")
        words = page_words(path.read_text("utf-8"))
        lines += [f'["{item.stem}"]', f"visible = {words.visible}", f"folded = {words.folded}", ""]
    text = "\n".join(lines)
    PAGE_WORDS.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    argv = list(argv if argv is not None else sys.argv[1:])
    if argv[:1] == ["--record"]:
        if len(argv) != 2:
            print("usage: python -m tools.wordcount --record _build/html", file=sys.stderr)
            return 2
        print(record(Path(argv[1])))
        return 0
    paths = [Path(name) for name in argv]
    if not paths:
        print("usage: python -m tools.wordcount PAGE.html [PAGE.html ...]", file=sys.stderr)
        return 2
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such file (build the book or the page first)", file=sys.stderr)
            return 2
        words = page_words(path.read_text("utf-8"))
        flag = "  OVER the limit" if words.visible > CORE_PATH_LIMIT else ""
        print(f"{path.name}: {words.visible} visible words (core path, limit {CORE_PATH_LIMIT}){flag}; "
              f"{words.folded} folded; about {words.reading_minutes} min to read the core path")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

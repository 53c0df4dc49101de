"""Printable HTML from the built book (``_build/html``), for ``make pdf`` (:mod:`tools.make_pdf`).

Everything printed comes from the pages the HTML build wrote (every glued number is the one the
site shows) and from the instructor guides' Markdown; nothing is kept twice. A built page's article
is made printable for one of two editions (:func:`prepare`):

* **student** — without the page exercises' solutions (sphinx-exercise's ``div.solution``), the
  labs' worked solutions (cells tagged ``solution`` or ``instructor``, :data:`tools.make_editions.STUDENT_DROPS`,
  with their "Worked solution" line and the checkers' "✔ Correct" output), the quiz answers, and the
  outputs a lab hides until a learner has predicted them (``hide-output``);
* **instructor** — all of those printed open, each quiz answer as a key under its question.

In both, nothing that only works in a browser is printed: no "Show code cell source" or "Show
the answer" disclosure, no button, no slider or menu; a precomputed widget prints the state
shown first with its control values written out (:func:`widget_state`); deep dives and the
evidence boxes' details are printed open, as plain boxes. Links to other printed pages become
links inside the PDF; links to pages that are not printed become plain text.

The print rules of these documents (cover, contents, page breaks, handout layout) are in the
course's stylesheet folder, ``tools/bookext/static/dmnlab-print.css``; the documents link the
course's stylesheets from the source folder, so the print follows them even before the site is
rebuilt.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from dmnlab.course.chapters import CHAPTERS, Chapter
from tools.make_editions import STUDENT_DROPS

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
STATIC = REPO / "tools" / "bookext" / "static"
#: The course's own stylesheets, linked from the source folder (the theme's come from the build).
COURSE_STYLESHEETS = ("dmnlab.css", "dmnlab-print.css")
EDITIONS = ("student", "instructor")
TITLE = "The Default Mode Network, Depression and Ketamine"

#: A lab's line before each worked solution ("**Worked solution** (hidden):"), a Markdown cell
#: tagged ``solution`` in the notebook; myst-nb writes Markdown cells without their tags.
WORKED_SOLUTION = re.compile(r"^\s*Worked solution\b")
#: Labels after which a value reads without a colon ("Threshold r ≥ 0.3").
_COMPARISONS = (">", "≥", "<", "≤", "=")


# --- one built page ------------------------------------------------------------------------------
def read_article(path: Path):
    """The article (what a reader reads) of one built page, as a BeautifulSoup tag."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(Path(path).read_text("utf-8"), "html.parser")
    return soup.select_one("main article") or soup.select_one("article") or soup.body


def widget_state(widget) -> str:
    """The control values a precomputed widget shows first ("Comparison arm: saline; Patients per arm: 20")."""
    parts = []
    for label in widget.select(".dmnlab-controls label[for]"):
        control = widget.find(id=label["for"])
        if control is None:
            continue
        if control.name == "select":
            option = control.find("option", selected=True) or control.find("option")
            value = option.get_text(" ", strip=True) if option else ""
        else:
            output = widget.find("output", attrs={"for": label["for"]})
            value = output.get_text(" ", strip=True) if output else control.get("aria-valuetext", "")
        parts.append(control_text(label.get_text(" ", strip=True), value))
    return "; ".join(parts)


def control_text(label: str, value: str) -> str:
    """A control and its value in words: "Patients per arm: 20", or "Keep pairs with r > 0.1"."""
    return f"{label} {value}" if label.endswith(_COMPARISONS) else f"{label}: {value}"


def _new(article, markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser").contents[0]


def _solutions(article, student: bool) -> None:
    selector = ", ".join(["div.solution"] + [f"div.cell.tag_{tag}" for tag in STUDENT_DROPS])
    for box in article.select(selector):
        before = box.find_previous_sibling()
        worked = before is not None and before.name == "p" and WORKED_SOLUTION.match(before.get_text())
        if student:
            if worked:
                before.decompose()
            box.decompose()
            continue
        if worked:
            before.replace_with(_new(article, "<p><strong>Worked solution</strong></p>"))
        for details in box.select("details.hide"):     # the cell's code (and output) printed open
            details.summary.decompose()
            details.unwrap()


def _hidden_cells(article, student: bool) -> None:
    # Code a page hides (hide-input) is not printed; an output a lab hides until it has been
    # predicted (hide-output) is printed in the instructor edition only.
    for details in article.select("details.hide"):
        if "below-input" in details.get("class", []) and not student:
            details.summary.decompose()
            details.unwrap()
        else:
            details.decompose()


def _quizzes(article, student: bool) -> None:
    for details in article.select(".dmnlab-quiz details"):
        if student:
            details.decompose()
            continue
        answer = details.find("p")
        key = _new(article, '<p class="dmnlab-quiz-key"><strong>Key:</strong> </p>')
        key.extend(list(answer.contents) if answer else [])
        details.replace_with(key)
    for right in article.select('.dmnlab-quiz input[data-verdict="Right"]'):
        if not student:
            right.parent["class"] = right.parent.get("class", []) + ["dmnlab-quiz-right"]


def _widgets(article) -> None:
    for widget in article.select(".dmnlab-widget"):
        controls = widget.select_one(".dmnlab-controls")
        if controls is None:
            continue
        state = _new(article, '<p class="dmnlab-state"><strong>Shown here:</strong> </p>')
        state.append(widget_state(widget) + ".")
        controls.replace_with(state)


def _open_details(article) -> None:
    """Print every remaining disclosure (deep dives, evidence details) open, as a plain box."""
    for marker in article.select(".sd-summary-state-marker, .sd-summary-up, .sd-summary-down"):
        marker.decompose()
    for details in article.find_all("details"):
        details.name = "div"
        details["class"] = details.get("class", []) + ["dmnlab-opened"]
        summary = details.find("summary")
        if summary is not None:
            summary.name = "div"
            summary["class"] = summary.get("class", []) + ["dmnlab-opened-title"]


def _absolute_sources(article, page: Path) -> None:
    """Pictures addressed from the printed document's folder: each ``<img src>`` and each
    ``<picture><source srcset>`` (the WebP of a figure, a widget's narrow rendition: a browser that
    takes a source whose file it cannot find shows nothing, not the ``<img>``); all loaded at once."""
    for img in article.find_all("img", src=True):
        if not re.match(r"^[a-z]+:", img["src"]):
            img["src"] = (page.parent / img["src"].split("?")[0]).resolve().as_uri()
        img.attrs.pop("loading", None)
    for source in article.find_all("source", srcset=True):
        if not re.match(r"^[a-z]+:", source["srcset"]):
            source["srcset"] = (page.parent / source["srcset"].split("?")[0]).resolve().as_uri()


def prepare(article, page: Path, edition: str):
    """Make one built page's ``article`` printable for ``edition`` ("student" or "instructor"), in place."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    student = edition == "student"
    for tag in article.select("script, style, .headerlink, .toctree-wrapper, .dmnlab-finish, button, "
                              ".dmnlab-quiz-feedback, input[type=file], label.dmnlab-import-label"):
        tag.decompose()
    _solutions(article, student)
    _quizzes(article, student)
    _hidden_cells(article, student)
    _widgets(article)
    _open_details(article)
    _absolute_sources(article, Path(page))
    return article


def link_inside(article, page: Path, anchors: dict[Path, str], ids: set[str]) -> None:
    """Point links at printed pages to their place in the document; other relative links become text.

    ``anchors`` maps each printed page's built file to the id of its part of the document; ``ids``
    holds every id in the document.
    """
    for link in article.find_all("a", href=True):
        href = link["href"]
        if re.match(r"^[a-z]+:", href):
            continue
        path, _, fragment = href.partition("#")
        target = (Path(page).parent / path).resolve() if path else Path(page).resolve()
        if target in anchors:
            link["href"] = "#" + (fragment if fragment and fragment in ids else anchors[target])
        else:
            link.unwrap()


# --- the instructor guides -----------------------------------------------------------------------
#: A MyST role in a guide (``{term}`text <target>```), printed as its text.
ROLE = re.compile(r"\{[a-z:-]+\}`([^`<]*?)\s*(?:<[^>`]*>)?`")


def guide_html(path: Path) -> str:
    """An instructor guide's Markdown (front matter dropped, MyST roles as text) as HTML."""
    from markdown_it import MarkdownIt

    text = Path(path).read_text("utf-8")
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    return MarkdownIt("commonmark").enable("table").render(ROLE.sub(r"\1", text))


# --- documents -----------------------------------------------------------------------------------
def stylesheets(html_dir: Path = HTML_DIR) -> list[str]:
    """The theme's stylesheets (from a built page) and the course's (from the source), as file URLs."""
    from bs4 import BeautifulSoup

    page = html_dir / f"{CHAPTERS[0].page}.html"
    head = BeautifulSoup(page.read_text("utf-8"), "html.parser").head
    theme = [(page.parent / link["href"].split("?")[0]).resolve().as_uri()
             for link in head.find_all("link", rel="stylesheet")
             if Path(link["href"].split("?")[0]).name not in COURSE_STYLESHEETS]
    return theme + [(STATIC / name).as_uri() for name in COURSE_STYLESHEETS]


def document(title: str, body: str, kind: str, html_dir: Path = HTML_DIR) -> str:
    """A whole printable HTML document; ``kind`` (e.g. "book student", "handout") sets its print rules."""
    links = "\n".join(f'<link rel="stylesheet" href="{href}">' for href in stylesheets(html_dir))
    classes = " ".join(f"dmnlab-print-{word}" for word in kind.split())
    return (f'<!doctype html>\n<html lang="en" data-theme="light" data-mode="light" class="dmnlab-print {classes}">'
            f'<head><meta charset="utf-8"><title>{html.escape(title)}</title>\n{links}</head>\n'
            f'<body><main class="bd-article">{body}</main></body></html>')


@dataclass
class Entry:
    """One line of a contents list: a part of the document and the page it starts on."""

    title: str
    anchor: str
    level: int = 0
    caption: str = ""        # a group caption printed above this entry


def contents_html(entries: list[Entry], pages: dict[str, int] | None = None) -> str:
    """The contents list; before the pages are known each number is a placeholder of the same width."""
    rows = []
    for entry in entries:
        if entry.caption:
            rows.append(f'<li class="dmnlab-toc-caption">{html.escape(entry.caption)}</li>')
        number = str(pages[entry.anchor]) if pages else "000"
        rows.append(f'<li class="dmnlab-toc-level{entry.level}"><a href="#{entry.anchor}">'
                    f'<span class="dmnlab-toc-title">{html.escape(entry.title)}</span>'
                    f'<span class="dmnlab-toc-page">{number}</span></a></li>')
    return f'<section id="dmnlab-contents"><h1>Contents</h1><ul class="dmnlab-toc">{"".join(rows)}</ul></section>'


def heading_text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


# --- handouts ------------------------------------------------------------------------------------
def key_figure(article):
    """The figure a page exercise refers to, or else the page's first figure on the core path (not
    a widget, not in a deep dive or a solution)."""
    for link in article.select('div.exercise a[href^="#"]'):
        target = article.find(id=link["href"][1:])
        if target is not None and target.name == "figure" and target.find("img"):
            return target
    for figure in article.find_all("figure"):
        if figure.find("img") and not figure.find_parent(["details"]) \
                and not figure.find_parent(class_=["dmnlab-widget", "solution"]):
            return figure
    return None


def handout(chapter: Chapter, html_dir: Path = HTML_DIR, session: int | None = None) -> str:
    """The body of a chapter's 2–4-page handout, from its built page (student edition).

    The question, the bottom line, one key figure with its caption and description, the page's
    exercises without their solutions, the seminar discussion questions and the safety note.
    """
    page = html_dir / f"{chapter.page}.html"
    article = read_article(page)
    figure = key_figure(article)
    if figure is not None:
        figure["data-dmnlab-key"] = "1"
    prepare(article, page, "student")
    title = article.find("h1")
    discussion = next((h.find_parent("section") for h in article.find_all("h2")
                       if heading_text(h) == "Seminar discussion"), None)
    parts = {"the question": article.select_one(".chapter-question"),
             "the bottom line": article.select_one(".bottom-line"),
             "the seminar discussion": discussion, "the safety note": article.select_one(".dmnlab-safety")}
    missing = [name for name, part in parts.items() if part is None]
    if title is None or missing:
        raise SystemExit(f"{page}: no {', '.join(missing) or 'title'} "
                         "(CONTRIBUTING.md, 'The shape of a chapter page')")
    for link in article.find_all("a"):
        link.unwrap()           # a handout stands alone: its links would lead nowhere on paper
    figure = article.select_one("[data-dmnlab-key]")
    if figure is not None:
        img = figure.find("img")
        figure.append(_new(article, '<p class="dmnlab-alt"></p>'))
        figure.find(class_="dmnlab-alt").append(f"Description: {img.get('alt', '')}")
    exercises = article.select("div.exercise")
    label = f"Session {session} · " if session is not None else ""
    body = [f'<p class="dmnlab-handout-kicker">{html.escape(label)}Chapter {chapter.number} handout · '
            f"{html.escape(TITLE)}</p>", str(title), str(parts["the question"]), str(parts["the bottom line"])]
    if figure is not None:
        body += ['<h2>Key figure</h2>', str(figure)]
    if exercises:
        body += ["<h2>Work it out</h2>", *map(str, exercises)]
    body += [str(discussion), str(parts["the safety note"])]
    return "\n".join(body)

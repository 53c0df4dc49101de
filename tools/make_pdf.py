"""The printable course (``make pdf``), offline: handouts, the student book and the instructor book.

Jupyter Book 1's ``pdfhtml`` builder launches a browser it downloads itself, which fails offline.
Instead, the pages of the HTML build (``_build/html``, built by ``make book``; built here if it is
missing or older than the course package) are made printable by :mod:`tools.printable` and
printed by Debian's Chromium through Playwright, with JavaScript off, so that what prints is the
pages' own HTML and nothing a script adds:

* ``_build/pdf/handouts/<stem>.pdf`` — one per session, 2–4 A4 pages: the chapter's question and
  bottom line, its key figure, the page's exercises without their solutions, the seminar
  discussion questions and the safety note (:func:`tools.printable.handout`);
* ``_build/pdf/book.pdf`` — the student book: cover, contents with page numbers, every page of the
  book with each chapter's lab after it (the "My progress" page works only in a browser and is
  left out), without solutions, checker verdicts, quiz answers or dead controls;
* ``_build/pdf/instructor.pdf`` — the same book with the solutions, the labs' worked solutions and
  their checkers' output, the quiz keys, and the instructor guides (``book/instructor``).

Chromium cannot number a contents list itself, so each book is printed twice: the first print's
outline (the PDF bookmarks Chromium makes from the headings) says on which page each part starts;
the second print writes those numbers into the contents, whose layout does not change (placeholders
of the same width), and its outline is checked against them. The HTML documents that were printed
stay in ``_build/pdf/html/`` for a look in a browser.
"""
from __future__ import annotations

import argparse
import datetime
import html
import time
from pathlib import Path

from dmnlab.course import chapters, syllabus
from dmnlab.course.chapters import CHAPTERS
from tools import build_book, printable
from tools.printable import TITLE, Entry

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = REPO / "_build" / "html"
PDF_DIR = REPO / "_build" / "pdf"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
MARGIN = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
#: Pages of the book that are not printed: "My progress" keeps a learner's progress in the browser.
NOT_PRINTED = ("book/progress",)
#: Instructor material that belongs to no single chapter, printed after the chapters' guides.
OTHER_GUIDES = ("grading.md", "hub.md")
GUIDES_DIR = REPO / "book" / "instructor"
BOOK_FILES = {"student": "book.pdf", "instructor": "instructor.pdf"}

COVER_NOTES = {
    "student": (
        "Student edition: the pages and, after each chapter, its lab, without solutions or answers. "
        "Work the labs in JupyterLab, where each exercise's checker tells you whether your answer is right.",
        "The widgets are interactive in the online book and the lab notebooks; here each shows one state, "
        "named above its picture."),
    "instructor": (
        "Instructor edition — not for students: the pages and labs with the page exercises' solutions, "
        "the labs' worked solutions with their checkers' output, the quiz keys, and the instructor "
        "guides (session plans, expected answers, graded assessments with their keys), the grading "
        "guide and the hub guide.",
        "The widgets are interactive in the online book and the lab notebooks; here each shows one state, "
        "named above its picture."),
}
SAFETY = ("Educational material, not medical advice. Anyone considering ketamine or any other treatment "
          "for depression should talk to a qualified clinician.")


def footer(label: str) -> str:
    return ('<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
            f'{html.escape(label)} — page <span class="pageNumber"></span> of '
            '<span class="totalPages"></span></div>')


# --- the HTML build ------------------------------------------------------------------------------
def ensure_built(html_dir: Path = HTML_DIR) -> None:
    """Build the book (``make book``) if a page is missing or the course package changed since."""
    missing = [name for name in chapters.documents() if not (html_dir / f"{name}.html").is_file()]
    if html_dir != HTML_DIR:
        if missing:
            raise SystemExit(f"{html_dir}: no {', '.join(missing[:3])} (build the book first)")
        return
    stamp = html_dir.parent / ".dmnlab-source-hash"
    if not missing and stamp.is_file() and stamp.read_text() == build_book.source_fingerprint():
        return
    result = build_book.build()
    if result.returncode != 0:
        raise SystemExit("The HTML build failed (run `make book` to see why).")


# --- the books -----------------------------------------------------------------------------------
def _captions() -> dict[str, str]:
    """The first document of each part of the table of contents → the part's caption."""
    return {part["chapters"][0]["file"]: part["caption"] for part in chapters.toc()["parts"]}


def book_parts(edition: str, html_dir: Path = HTML_DIR) -> tuple[list[Entry], str]:
    """The contents entries and the body (every part, in reading order) of one edition's book."""
    from bs4 import BeautifulSoup

    captions, labs = _captions(), set(chapters.labs())
    names = [name for name in chapters.documents() if name not in NOT_PRINTED]
    entries, articles = [], []
    for name in names:
        path = html_dir / f"{name}.html"
        article = printable.prepare(printable.read_article(path), path, edition)
        anchor = "part-" + name.replace("/", "-")
        entries.append(Entry(printable.heading_text(article.find("h1")), anchor,
                             1 if name in labs else 0, captions.get(name, "")))
        articles.append((path, anchor, article))
    if edition == "instructor":
        guides = [chapter.guide_path(REPO) for chapter in CHAPTERS] + [GUIDES_DIR / name for name in OTHER_GUIDES]
        for number, guide in enumerate(guides):
            article = BeautifulSoup(printable.guide_html(guide), "html.parser")
            anchor = "guide-" + guide.stem
            entries.append(Entry(printable.heading_text(article.find("h1")), anchor, 0,
                                 "For instructors" if number == 0 else ""))
            articles.append((guide, anchor, article))
    anchors = {path.resolve(): anchor for path, anchor, _ in articles if path.suffix == ".html"}
    ids = {tag["id"] for _, _, article in articles for tag in article.find_all(id=True)} | set(anchors.values())
    body = []
    for path, anchor, article in articles:
        if path.suffix == ".html":
            printable.link_inside(article, path, anchors, ids)
        body.append(f'<section class="dmnlab-unit" id="{anchor}">{article.decode_contents()}</section>')
    return entries, "\n".join(body)


def cover(edition: str) -> str:
    notes = "".join(f"<p>{html.escape(note)}</p>" for note in COVER_NOTES[edition])
    return (f'<section id="dmnlab-cover"><p class="dmnlab-cover-title">{html.escape(TITLE)}</p>'
            f'<p class="dmnlab-cover-edition">{edition.capitalize()} edition</p>'
            f"<p>An open, interactive course — printed {datetime.date.today().isoformat()}</p>"
            f'<div class="dmnlab-cover-note">{notes}<p><em>{html.escape(SAFETY)}</em></p></div></section>')


def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """``(heading, page number from 1)`` of every entry of a PDF's outline, in order."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((" ".join(str(item.title).split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def locate(entries: list[Entry], outline: list[tuple[str, int]]) -> dict[str, int]:
    """The page each entry starts on: its heading's next appearance in the outline, in order.

    Headings are compared without white space: Chromium's outline joins a wrapped heading's lines
    without one.
    """
    pages, position = {}, 0
    for entry in entries:
        title = "".join(entry.title.split())
        for index in range(position, len(outline)):
            if "".join(outline[index][0].split()) == title:
                pages[entry.anchor], position = outline[index][1], index + 1
                break
        else:
            raise SystemExit(f"The PDF's outline has no heading {entry.title!r} (after entry {position}).")
    return pages


def print_pdf(page, source: Path, target: Path, label: str) -> None:
    page.goto(source.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template="<div></div>", footer_template=footer(label), margin=MARGIN,
             outline=True, tagged=True)


def print_book(page, edition: str, html_dir: Path = HTML_DIR, out: Path = PDF_DIR) -> tuple[Path, list[Entry], dict]:
    """Print one edition's book with a numbered contents list; return the PDF, the entries, their pages."""
    entries, body = book_parts(edition, html_dir)
    source, target = out / "html" / f"{edition}.html", out / BOOK_FILES[edition]
    source.parent.mkdir(parents=True, exist_ok=True)
    label = f"{TITLE} — {edition} edition"
    pages = None
    for _ in range(3):
        document = printable.document(f"{TITLE} ({edition} edition)",
                                      cover(edition) + printable.contents_html(entries, pages) + body,
                                      f"book {edition}", html_dir)
        source.write_text(document, encoding="utf-8")
        print_pdf(page, source, target, label)
        found = locate(entries, outline_pages(target))
        if found == pages:
            return target, entries, pages
        pages = found
    raise SystemExit(f"{target}: the contents' page numbers did not settle after three prints.")


# --- the handouts --------------------------------------------------------------------------------
def print_handouts(page, html_dir: Path = HTML_DIR, out: Path = PDF_DIR) -> list[Path]:
    sessions = {week.chapter: week.session for week in syllabus.weeks() if week.chapter is not None}
    made = []
    for chapter in CHAPTERS:
        body = printable.handout(chapter, html_dir, sessions.get(chapter))
        source, target = out / "html" / "handouts" / f"{chapter.stem}.html", out / "handouts" / f"{chapter.stem}.pdf"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(printable.document(f"Chapter {chapter.number} handout: {chapter.title}", body,
                                             "handout", html_dir), encoding="utf-8")
        print_pdf(page, source, target, f"Chapter {chapter.number} handout · {TITLE}")
        made.append(target)
    return made


def build(handouts: bool = True, verbose: bool = True, html_dir: Path = HTML_DIR, out: Path = PDF_DIR) -> dict:
    """Print the handouts and both books; return their paths, the contents entries and their pages."""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    ensure_built(html_dir)
    made = {"handouts": [], "entries": {}, "pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, viewport={"width": 800, "height": 1000})
        page = context.new_page()
        if handouts:
            made["handouts"] = print_handouts(page, html_dir, out)
        for edition in BOOK_FILES:
            made[edition], made["entries"][edition], made["pages"][edition] = print_book(page, edition, html_dir, out)
        browser.close()
    made["book"] = made["student"]
    if verbose:
        print(f"{made['student']}, {made['instructor']} and {len(made['handouts'])} handouts "
              f"in {time.perf_counter() - start:.0f} s")
    return made


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-handouts", action="store_true", help="print only the two books")
    args = parser.parse_args(argv)
    build(handouts=not args.no_handouts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

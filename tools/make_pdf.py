"""The book as one printable PDF, and a handout PDF per chapter (``make pdf``), offline.

Jupyter Book 1's ``pdfhtml`` builder launches a browser it downloads itself, which fails
offline. Instead: build the single-page HTML with Jupyter Book (execution is shared with the
HTML build's cache), add a cover and a table of contents, and print it with Debian's
Chromium through Playwright (page numbers in the footer). The course's stylesheet has print
rules that hide the site navigation and label each precomputed widget as interactive online.
Handouts print each chapter page of the HTML build (it ends with the seminar questions).

Output: ``_build/pdf/book.pdf`` and ``_build/pdf/handouts/<chapter>.pdf``.
"""
from __future__ import annotations

import datetime
import re
import shutil
import sys
import time
from pathlib import Path

from dmnlab.course.chapters import CHAPTERS
from tools import build_book

REPO = Path(__file__).resolve().parents[1]

PDF_DIR = REPO / "_build" / "pdf"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
          'The Default Mode Network, Depression and Ketamine — page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></div>')
TITLE = "The Default Mode Network, Depression and Ketamine"

# Adds a cover and a contents list built from the chapter headings, before printing.
FRONT_MATTER_JS = r"""
([title, date]) => {
  const main = document.querySelector('main') || document.body;
  const cover = document.createElement('section');
  cover.id = 'dmnlab-cover';
  cover.style.cssText = 'page-break-after:always;text-align:center;padding-top:30vh';
  cover.innerHTML = `<h1 style="font-size:2.2rem">${title}</h1>
    <p>An open, interactive course — printed edition, ${date}</p>
    <p style="margin-top:3rem;font-style:italic">Educational material, not medical advice. Anyone considering
    ketamine or any other treatment for depression should talk to a qualified clinician.</p>
    <p>The widgets are interactive in the online book and the lab notebooks; here each shows its first state.</p>`;
  // Jupyter Book's single page has one h1 (the book); chapters, labs and reference pages are h2.
  const top = /^(\d+\.\s|Lab \d|About the data|Glossary|References)/;
  const headings = [...main.querySelectorAll('h2')].filter(h => top.test(h.textContent.trim()));
  const toc = document.createElement('section');
  toc.id = 'dmnlab-contents';
  toc.style.cssText = 'page-break-after:always';
  toc.innerHTML = '<h1>Contents</h1><ul style="list-style:none;padding-left:0">' + headings.map(h => `<li>${h.textContent.replace('#', '').trim()}</li>`).join('') + '</ul>';
  main.prepend(toc);
  main.prepend(cover);
  // Deep dives and the evidence boxes' details are printed open (nothing is lost on paper);
  // answers, solutions and hidden code stay closed.
  document.querySelectorAll('details').forEach(d => d.open = d.matches('.deep-dive, .evidence-detail'));
  return headings.length;
}
"""


#: The only warnings the single-page build may give: myst-nb's hide-input wrapper has no
#: singlehtml visitor (Sphinx then renders the cell's contents without the wrapper).
ALLOWED_WARNINGS = ("unknown node type: <HideCodeCellNode",)


def build_singlehtml() -> Path:
    result = build_book.build(["--builder", "singlehtml"], strict=False)
    warnings = [w for w in build_book.sphinx_warnings(result.stdout + result.stderr)
                if not any(allowed in w for allowed in ALLOWED_WARNINGS)]
    if result.returncode != 0 or warnings:
        sys.stderr.write("\n".join(warnings) + (result.stdout + result.stderr)[-3000:])
        raise SystemExit("The single-page HTML build failed or gave unexpected warnings.")
    index = REPO / "_build" / "singlehtml" / "index.html"
    # Jupyter Book writes the single page under the root document's name (book/intro.html) and
    # index.html only redirects to it; that page's links to _static/ and _images/ are relative
    # to the build's root. A copy at the root prints with its styles and pictures.
    redirect = re.search(r'url=([^"]+)"', index.read_text(encoding="utf-8"))
    page = index.parent / redirect.group(1) if redirect else index
    printable = index.parent / "print.html"
    shutil.copyfile(page, printable)
    return printable


def chapter_pages() -> list[Path]:
    """The built HTML of every chapter page (the chapter registry), in chapter order."""
    html_dir = REPO / "_build" / "html"
    return [path for path in (html_dir / f"{chapter.page}.html" for chapter in CHAPTERS) if path.is_file()]


#: Browser window width (px) while printing: narrow, so the theme lays the article out for a
#: page rather than a desktop screen.
PRINT_WIDTH = 640


def print_pdf(page, url: str, target: Path, front_matter: bool = False) -> int:
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    headings = 0
    if front_matter:
        headings = page.evaluate(FRONT_MATTER_JS, [TITLE, datetime.date.today().isoformat()])
    target.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template="<div></div>", footer_template=FOOTER,
             margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
    return headings


def build(handouts: bool = True, verbose: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    single = build_singlehtml()
    if handouts and not chapter_pages():
        result = build_book.build()
        if result.returncode != 0:
            raise SystemExit("The HTML build (needed for the handouts) failed.")
    made = {"book": PDF_DIR / "book.pdf", "handouts": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        made["chapters"] = print_pdf(page, single.as_uri(), made["book"], front_matter=True)
        if handouts:
            for chapter in chapter_pages():
                target = PDF_DIR / "handouts" / f"{chapter.stem}.pdf"
                print_pdf(page, chapter.as_uri(), target)
                made["handouts"].append(target)
        browser.close()
    if verbose:
        print(f"{made['book']} ({made['chapters']} top-level sections) and {len(made['handouts'])} handouts "
              f"in {time.perf_counter() - start:.0f} s")
    return made


if __name__ == "__main__":
    build()

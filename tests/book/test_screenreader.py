"""The built book with a screen reader: Guidepup's Virtual Screen Reader (npm) in Debian's chromium.

On the first precomputed widget of every chapter page (and of the first lab page that has one):

* the widget is read as a group named by its title; each control as a slider or combo box named
  by its ``<label>`` and with its current value (a slider's ``aria-valuetext``, a select's option
  text); the picture as "image, <its alt text>" — and that description only once (the visible
  copy under the picture is hidden from screen readers);
* the reader goes to each control and the key is pressed: the change is announced once, in
  words — exactly the new picture's alt text, from the widget's live region — and the control is
  then read with its new value.

On the first self-check question of every chapter page: the question is read as a group named
by its legend, each option as a radio button named by its label, and choosing an option with the
reader announces the feedback ("Right. ..." / "Not quite. ...").

``test_the_checks_can_fail`` breaks a widget and a question in the page (no live region, a label
not associated, the description not hidden, options valued by index, a slider's visible value read
and announced, the feedback not live) and the same checks report each fault.
"""
from __future__ import annotations

import os
import re

import pytest

from dmnlab.course import chapters
from support import screenreader
from support.bookbrowser import open_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHAPTER_PAGES = chapters.pages()
WIDGET = re.compile(r'<div class="dmnlab-widget"(.*?)</script>', re.S)


def first_widget_html(book_html: str, name: str) -> str:
    path = os.path.join(book_html, name + ".html")
    assert os.path.isfile(path), f"{name}.html was not built"
    with open(path, encoding="utf-8") as handle:
        found = WIDGET.search(handle.read())
    return found.group(1) if found else ""


def check(page, book_url, name, *, question: bool) -> tuple[list[str], list[str]]:
    open_page(page, book_url, name + ".html")
    screenreader.start(page)
    widgets = page.locator(".dmnlab-widget")
    assert widgets.count(), f"{name}.html has no precomputed widget"
    problems, log = screenreader.widget_problems(page, widgets.first)
    if question:
        questions = page.locator(".dmnlab-quiz fieldset")
        assert questions.count(), f"{name}.html has no self-check question"
        more, more_log = screenreader.question_problems(page, questions.first)
        problems, log = problems + more, log + more_log
    return problems, log


@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_chapter_widget_and_question_speak(page, book_url, book_html, name):
    problems, log = check(page, book_url, name, question=True)
    print(f"\n{name}: what the screen reader speaks\n  " + "\n  ".join(log))
    problems += page.watch.problems
    assert not problems, f"{name}.html:\n  " + "\n  ".join(problems)


def test_lab_widget_speaks(page, book_url, book_html):
    """Labs show the same precomputed widgets in the book: the first lab that has one."""
    lab = next((lab for lab in chapters.labs() if first_widget_html(book_html, lab)), None)
    assert lab, "no lab page of the book has a precomputed widget"
    problems, log = check(page, book_url, lab, question=False)
    print(f"\n{lab}: what the screen reader speaks\n  " + "\n  ".join(log))
    problems += page.watch.problems
    assert not problems, f"{lab}.html:\n  " + "\n  ".join(problems)


BREAK_JS = """(w) => {
    w.querySelector('.dmnlab-live').removeAttribute('aria-live');      // a change is not announced
    w.querySelector('.dmnlab-desc').removeAttribute('aria-hidden');    // the description read twice
    const labels = w.querySelectorAll('.dmnlab-controls label');
    labels[labels.length - 1].removeAttribute('for');                   // a control without its label
    w.querySelectorAll('option').forEach((o, i) => o.value = String(i));    // a select read as "0"
    w.querySelectorAll('output').forEach(o => {                        // a slider's value read twice
        o.removeAttribute('aria-hidden'); o.removeAttribute('aria-live'); });
    document.querySelector('.dmnlab-quiz-feedback').removeAttribute('aria-live');
}"""


def test_the_checks_can_fail(page, book_url, book_html):
    """A widget with a slider and a select, broken in the page: each fault is reported."""
    name = next((name for name in CHAPTER_PAGES
                 if all(part in first_widget_html(book_html, name) for part in ("<select", 'type="range"'))),
                None)
    assert name, "no chapter's first widget has both a slider and a select"
    open_page(page, book_url, name + ".html")
    page.locator(".dmnlab-widget").first.evaluate(BREAK_JS)
    screenreader.start(page)
    problems, _ = screenreader.widget_problems(page, page.locator(".dmnlab-widget").first)
    more, _ = screenreader.question_problems(page, page.locator(".dmnlab-quiz fieldset").first)
    report = "\n".join(problems + more)
    for expected in ("the change was not announced", "description is read 2 times",
                     "no <label> is associated", "not read as a", "without its value",
                     "is read a second time on its own", "also announced", "announced []"):
        assert expected in report, f"the check missed a fault ({expected!r}); it reported:\n{report}"

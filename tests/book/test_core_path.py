"""A path a learner can follow (issue 22), checked in the built book.

* every chapter page opens with its question and a bottom line, then its objectives;
* the visible page (the core path: what a reader sees before opening anything) is at most
  :data:`tools.wordcount.CORE_PATH_LIMIT` words, counted in the built page — and that count is what
  Chromium shows (``innerText``), so the limit is the reader's;
* every chapter follows the course's one simulated patient;
* the first use of a glossary term on a chapter page is a link to it, and the link previews the
  definition on hover and on keyboard focus, offline.
"""
from __future__ import annotations

import os
import re

import pytest
from bs4 import BeautifulSoup

from dmnlab.course import chapters
from support.bookbrowser import open_page
from tools import wordcount

CHAPTER_PAGES = [item.page for item in chapters.CHAPTERS]
#: Glossary terms that are also everyday words the pages use in their everyday sense ("the
#: haemodynamic *response*", "a *graph* of …"): their first use is not required to be a link.
EVERYDAY_WORDS = {"response", "remission", "drift", "atlas", "graph", "sensitivity", "specificity", "TR",
                  "convolution", "blinding", "dissociation", "modularity", "biomarker", "boxcar", "glutamate",
                  "rumination", "resting state", "dwell time", "brooding", "reflection", "interneuron"}


def _soup(book_html, name):
    path = os.path.join(book_html, name + ".html")
    with open(path, encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


# --- the top of every chapter ---------------------------------------------------------------
def _sentences(text: str) -> int:
    return len([part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z(“\"])", text.strip()) if part])


@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_chapter_opens_with_question_and_bottom_line(book_html, name):
    article = _soup(book_html, name).select_one("main article")
    section = article.find("section")
    boxes = [tag for tag in section.find_all("div", recursive=False) if "admonition" in (tag.get("class") or [])]
    classes = [tag.get("class") for tag in boxes[:3]]
    assert len(boxes) >= 3 and "chapter-question" in classes[0] and "bottom-line" in classes[1], (
        f"{name}: the page must open with the question, then the bottom line, then the objectives; "
        f"its first boxes are {classes}")
    assert "In this chapter" in boxes[2].get_text(), f"{name}: the objectives box comes third"
    # Nothing but the heading before the question.
    first = [tag for tag in section.find_all(recursive=False) if tag.name not in ("span",)]
    assert first[0].name == "h1" and first[1] is boxes[0], f"{name}: the question comes right after the title"
    question = boxes[0].get_text(" ", strip=True).removeprefix("The question").strip()
    assert question.endswith("?") and len(question.split()) <= 45, f"{name}: the question: {question!r}"
    bottom = boxes[1].get_text(" ", strip=True).removeprefix("Bottom line").strip()
    words, sentences = len(bottom.split()), _sentences(bottom)
    assert 40 <= words <= 160 and 3 <= sentences <= 5, (
        f"{name}: a bottom line of 3–5 sentences (40–160 words), not {sentences} sentences / {words} words: {bottom!r}")


# --- the core path ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_core_path_is_short(book_html, name):
    path = os.path.join(book_html, name + ".html")
    with open(path, encoding="utf-8") as handle:
        words = wordcount.page_words(handle.read())
    assert words.visible <= wordcount.CORE_PATH_LIMIT, (
        f"{name}: {words.visible} visible words, more than the core path's {wordcount.CORE_PATH_LIMIT}: move "
        "detail into a 'Deep dive' dropdown (CONTRIBUTING.md)")
    assert words.folded > 0, f"{name}: no deep dive or folded detail at all"


@pytest.mark.parametrize("name", [CHAPTER_PAGES[0], CHAPTER_PAGES[4]])
def test_word_count_is_what_the_browser_shows(page, book_url, book_html, name):
    """The static count (used by the limit and the reading times) agrees with Chromium's innerText."""
    open_page(page, book_url, name + ".html")
    shown = len(page.evaluate("document.querySelector('main article').innerText").split())
    with open(os.path.join(book_html, name + ".html"), encoding="utf-8") as handle:
        counted = wordcount.page_words(handle.read()).visible
    assert abs(counted - shown) <= 0.06 * shown, f"{name}: counted {counted} visible words, the browser shows {shown}"


# --- the patient thread ------------------------------------------------------------------------
@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_every_chapter_follows_the_patient(book_html, name):
    from dmnlab.shared.patient import THREAD_PATIENT

    boxes = _soup(book_html, name).select("main article .admonition.patient-thread")
    assert boxes, f"{name}: no 'Following one patient' box (class patient-thread)"
    text = " ".join(box.get_text(" ", strip=True) for box in boxes)
    assert THREAD_PATIENT in text and "simulated" in text.lower(), f"{name}: the patient box: {text[:300]!r}"


# --- glossary ----------------------------------------------------------------------------------
def _glossary(book_html) -> dict[str, list[str]]:
    """``{term id: [names]}`` from the built glossary. A term and its aliases ("global signal
    regression" and "GSR") share one definition: every id of the group maps to all its names."""
    soup = _soup(book_html, chapters.REFERENCE_PAGES[1])
    terms: dict[str, list[str]] = {}
    for link in soup.select("main article dl.glossary a.headerlink"):
        link.decompose()
    for dl in soup.select("main article dl.glossary"):
        names: list[tuple[str, str]] = []
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                names.append((child.get("id"), child.get_text(" ", strip=True)))
            else:
                for term_id, _ in names:
                    if term_id:
                        terms[term_id] = [name for _, name in names]
                names = []
    return terms


def _base(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", name)


def _pattern(name: str) -> re.Pattern:
    # "reflection (rumination)" is used as "reflection"; plurals count as uses.
    base = _base(name)
    flags = 0 if (base.isupper() or len(base) <= 4) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(base) + r"(s|es)?(?![\w-])", flags)


def unlinked_first_uses(article, terms: dict[str, list[str]]) -> dict[str, str]:
    """``{term id: context}`` of the glossary terms whose first visible use in ``article`` is not a link."""
    # One entry per definition (a term and its aliases), found by any of its names, linked by any of its ids.
    groups: dict[tuple[str, ...], str] = {}
    group_of: dict[str, str] = {}
    for term_id, names in terms.items():
        group_of[term_id] = groups.setdefault(tuple(names), term_id)
    patterns = {group_of[term_id]: [_pattern(n) for n in names if _base(n) not in EVERYDAY_WORDS]
                for term_id, names in terms.items()}
    wordcount._fold(article)                     # what a reader sees on the core path
    # Headings, dropdown titles and the chapter's question can't hold links; code, quizzes, figure
    # captions, outputs and tables are not running text.
    for tag in article.select("h1, h2, h3, h4, summary, .chapter-question, pre, code, .quiz, .dmnlab-quiz, "
                              ".admonition-title, figcaption, .cell_output, table, .bibtex, .citation"):
        tag.decompose()
    linked: set[str] = set()
    unlinked: dict[str, str] = {}
    for text in article.find_all(string=True):
        link = text.find_parent("a", href=True)
        href = link["href"] if link else ""
        if "#term-" in href:
            target = href.split("#", 1)[1]
            linked.add(group_of.get(target, target))
            continue
        for term_id, found in patterns.items():
            if term_id in linked or term_id in unlinked:
                continue
            for pattern in found:
                match = pattern.search(str(text))
                if match:
                    unlinked[term_id] = str(text)[max(0, match.start() - 60):match.end() + 40].strip()
                    break
    return unlinked


def test_the_first_use_check_can_fail():
    terms = {"term-effect-size": ["effect size"], "term-BOLD": ["BOLD"], "term-response": ["response"]}
    html = ("<article><p>An <a href='glossary.html#term-effect-size'>effect size</a> here; the "
            "BOLD signal; a response.</p><details><summary>Deep dive</summary><p>bold</p></details>"
            "<p>Effect sizes again, BOLD again.</p></article>")
    unlinked = unlinked_first_uses(BeautifulSoup(html, "html.parser").article, terms)
    assert set(unlinked) == {"term-BOLD"} and "the BOLD signal" in unlinked["term-BOLD"]


@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_first_use_of_a_term_is_linked(book_html, name):
    terms = _glossary(book_html)
    assert len(terms) > 80 and "BOLD" in terms.get("term-BOLD", []), "the glossary was not read from the build"
    unlinked = unlinked_first_uses(_soup(book_html, name).select_one("main article"), terms)
    assert not unlinked, (f"{name}: first use of a glossary term is not a link ({len(unlinked)}); write "
                          "{term}`…` at its first use:\n" + "\n".join(f"  {k}: …{v}…" for k, v in sorted(unlinked.items())))


def test_glossary_preview_on_focus_and_hover(page, book_url):
    """Tab to a term: its definition shows in the page; Escape closes it; hover shows it too."""
    open_page(page, book_url, CHAPTER_PAGES[0] + ".html")
    link = page.locator("main article a[href*='glossary.html#term-']").first
    target = link.get_attribute("href").split("#", 1)[1]
    link.focus()
    tip = page.locator(".tippy-box[data-theme~='dmnlab']")
    tip.first.wait_for(state="visible", timeout=5000)
    text = tip.first.inner_text()
    assert len(text.split()) > 8, f"the preview of {target} is {text!r}"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.locator(".tippy-box[data-theme~='dmnlab']:visible").count() == 0, "Escape did not close the preview"
    page.mouse.move(0, 0)
    link.hover()
    tip.first.wait_for(state="visible", timeout=5000)
    assert not page.watch.problems, page.watch.problems
    # Only glossary links get a preview: a citation or a figure reference does not.
    scripts = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(s => s.includes('_static'))")
    assert any("vendor/tippy-bundle.umd.min.js" in src for src in scripts), scripts


# --- honest times --------------------------------------------------------------------------------
@pytest.mark.parametrize("item", chapters.CHAPTERS, ids=lambda item: item.stem)
def test_reading_time_comes_from_the_measured_words(book_html, item):
    from dmnlab.course import times

    with open(os.path.join(book_html, item.page + ".html"), encoding="utf-8") as handle:
        html = handle.read()
    built = wordcount.page_words(html)
    recorded = times.recorded_words().get(item.stem)
    assert recorded, f"{item.stem}: no recorded word count: run `python -m tools.wordcount --record _build/html`"
    for kind in ("visible", "folded"):
        now = getattr(built, kind)
        assert abs(recorded[kind] - now) <= max(40, 0.1 * now), (
            f"{item.stem}: {kind} words recorded {recorded[kind]}, built {now}: the stated time is stale; run "
            "`python -m tools.wordcount --record _build/html` and rebuild")
    stated = times.time_numbers(item.number)
    box = BeautifulSoup(html, "html.parser").select_one("main article section").find(
        lambda tag: tag.name == "div" and "In this chapter" in tag.get_text() and "admonition" in (tag.get("class") or []))
    text = " ".join(box.get_text(" ").split())
    assert f"about {stated['time_page']} minutes" in text and f"{stated['time_lab']} minutes" in text, (
        f"{item.stem}: the objectives box should state the measured times {stated}: {text[:200]!r}")

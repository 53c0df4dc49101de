"""The book builds with warnings as errors, and every chapter page has what a chapter needs."""
import os
import re

import pytest

from conftest import built_pages
from dmnlab.course.chapters import CHAPTERS

pytestmark = pytest.mark.slow


CHAPTER_PAGES = [name for chapter in CHAPTERS for name in (chapter.page, chapter.lab)]


def test_book_builds_without_warnings(built_book):
    assert built_book["returncode"] == 0, built_book["output"][-6000:]
    warnings = built_book["warnings"]
    assert not warnings, "\n".join(warnings[:20])


def _page(built_book, name):
    path = os.path.join(built_book["html"], name + ".html")
    assert os.path.isfile(path), f"{name}.html was not built"
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_chapter_pages_carry_the_safety_note(built_book, name):
    html = _page(built_book, name)
    assert "not medical advice" in html


@pytest.mark.parametrize("name", [f for f in CHAPTER_PAGES if f.startswith("book/")])
def test_chapter_pages_have_the_parts_of_a_chapter(built_book, name):
    html = _page(built_book, name)
    for heading in ("Critical appraisal", "Check your understanding", "Seminar discussion", "Summary"):
        assert heading in html, f"{name}: no '{heading}' section"
    assert html.count('class="dmnlab-widget"') >= 2, f"{name}: fewer than two static widgets"
    assert '<div class="exercise' in html and '<div class="solution dropdown' in html, \
        f"{name}: no sphinx-exercise exercise with a dropdown solution"
    assert 'class="reference internal" href="glossary.html#term-' in html, f"{name}: no glossary link"
    assert re.search(r'href="references.html#id\d+|#id\d+"', html) or "bibtex" in html, f"{name}: no citation"
    figures = re.findall(r"<figure[^>]*>.*?</figure>", html, flags=re.S)
    with_image = [f for f in figures if re.search(r'<img[^>]+alt="[^"]{20,}"', f)]
    assert len(with_image) >= 2, f"{name}: fewer than two figures with an image and alt text"
    assert "&lt;Figure size" not in html, f"{name}: a figure was shown as text, not as an image"


def test_every_image_has_a_real_alt_text(built_book):
    """Not empty, and not the file name (myst-nb's default for notebook figures)."""
    bad = []
    for file, text in built_pages(built_book["html"]):
        for tag in re.findall(r"<img[^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', tag)
            if not alt or len(alt.group(1)) < 8 or alt.group(1).endswith((".png", ".svg")):
                bad.append((file, tag[:120]))
    assert not bad, bad[:10]


def test_no_page_loads_anything_from_a_cdn(built_book):
    offenders = []
    for file, text in built_pages(built_book["html"]):
        for match in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            offenders.append((file, match))
    assert not offenders, offenders[:10]


def test_theme_templates_the_course_overrides_match_the_installed_theme():
    """tools/bookext/templates/ overrides three pydata-sphinx-theme files (accessibility,
    page weight). They are copies of version 0.17.1's: on a theme upgrade, compare and update."""
    import pydata_sphinx_theme

    assert pydata_sphinx_theme.__version__ == "0.17.1", (
        "pydata-sphinx-theme changed: compare tools/bookext/templates/ with its templates")


@pytest.mark.parametrize("name", [chapter.lab for chapter in CHAPTERS])
def test_no_verdict_is_on_screen_before_the_reader_opens_a_solution(built_book, name):
    """A worked solution's code *and* its output (the number and "✔ Correct") stay inside a closed
    disclosure: a learner sees no answer before trying (issue 21)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_page(built_book, name), "html.parser")
    verdicts = [text for text in soup.find_all(string=re.compile("✔ Correct"))]
    assert verdicts, "the lab's worked solutions show their verdicts when opened"
    visible = [str(text)[:80] for text in verdicts
               if not any(parent.name == "details" and not parent.has_attr("open") for parent in text.parents)]
    assert not visible, f"verdicts on screen before the reader asks: {visible[:5]}"


def test_the_search_page_says_how_to_get_result_snippets(built_book):
    # Sphinx's search reads each page for its snippet; a page opened from file:// may not.
    with open(os.path.join(built_book["html"], "search.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert 'id="search-results"' in page           # the theme's search page, extended, not replaced
    assert "python -m http.server" in page and "file://" in page

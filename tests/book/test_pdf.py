"""The printable book (tools/make_pdf.py): one PDF with every chapter, and a handout per chapter.

Built offline: Jupyter Book's single-page HTML printed by Debian's Chromium through Playwright.
The PDF's text is read back with pypdf.
"""

import pytest

from dmnlab.course.chapters import CHAPTERS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHAPTER_TITLES = ["Anatomy of the default mode network", "Rumination", "ketamine", "Clinical implications"]


@pytest.fixture(scope="module")
def pdfs(built_book):
    assert built_book["returncode"] == 0
    from tools import make_pdf

    return make_pdf.build(verbose=False)


def _text(path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


def test_the_book_pdf_has_cover_contents_every_chapter_and_page_numbers(pdfs):
    reader, text = _text(pdfs["book"])
    assert len(reader.pages) > 50
    first = " ".join(reader.pages[0].extract_text().split())
    assert "The Default Mode Network, Depression and Ketamine" in first and "not medical advice" in first
    assert "Contents" in reader.pages[1].extract_text()
    contents = reader.pages[1].extract_text()
    for number in range(1, len(CHAPTERS) + 1):
        assert f"{number}. " in contents, number
    flat = " ".join(text.split()).lower()
    for title in CHAPTER_TITLES:
        assert title.lower() in flat, title
    for chapter in CHAPTERS:           # every chapter of the registry, with its lab (chapter 8 and the capstone too)
        assert chapter.title.lower() in flat and f"lab {chapter.number}" in flat, chapter.stem
    assert f"page 3 of {len(reader.pages)}" in reader.pages[2].extract_text()
    assert "Interactive in the online book" in text  # static widgets say they are interactive online


def test_a_handout_per_chapter_with_its_discussion_questions(pdfs):
    handouts = sorted(pdfs["handouts"])
    assert [p.name[:2] for p in handouts] == [f"{chapter.number:02d}" for chapter in CHAPTERS]
    for path in handouts:
        _, text = _text(path)
        text = " ".join(text.split()).lower()
        assert "discussion" in text, path.name
        assert "not medical advice" in text, path.name

"""A learner's progress stays in the browser (tools.bookext.progress, static/dmnlab-progress.js).

In Debian's chromium, from the book served on 127.0.0.1 AND opened from ``file://``: answer a
self-check question and mark the chapter finished; reload and see both kept, with a tick in
the sidebar; on "My progress", see them listed; export a JSON file, reset, see everything gone
(also after a reload), import the file and see it all back. A file that is not a progress file
is refused with a message and changes nothing.
"""
from __future__ import annotations

import json
import os

import pytest

from dmnlab.course import chapters as registry

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHAPTER = "book/01-anatomy"
PROGRESS = "book/progress"
KEY = "dmnlab:dmn-depression-ketamine:progress:v1"


@pytest.fixture(params=["http", "file"])
def site(request, browser, book_url, book_html):
    """(page, base address) for the served book and for the book opened from disk."""
    base = book_url if request.param == "http" else "file://" + os.path.abspath(book_html)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, base, errors
    finally:
        context.close()


def _go(page, base: str, name: str) -> None:
    page.goto(f"{base}/{name}.html", wait_until="load")


def _first_question(page):
    return page.locator(".dmnlab-quiz fieldset").first


def _progress_row(page, chapter: str) -> str:
    return page.locator(f'#dmnlab-progress tbody tr[data-page="{chapter}"]').inner_text()


def test_answers_and_finished_chapters_survive_reload_export_reset_import(site, tmp_path):
    page, base, errors = site
    _go(page, base, CHAPTER)
    question = _first_question(page)
    radios = question.locator("input[type=radio]")
    assert radios.count() >= 2
    radios.nth(1).focus()
    page.keyboard.press("Space")   # the keyboard, as a learner without a mouse does
    assert radios.nth(1).is_checked()
    finish = page.locator(".dmnlab-finish button")
    assert finish.get_attribute("aria-pressed") == "false"
    finish.focus()
    page.keyboard.press("Enter")
    assert finish.get_attribute("aria-pressed") == "true"
    assert "finished" in page.locator(".dmnlab-finish [role=status]").inner_text()

    page.reload(wait_until="load")
    question = _first_question(page)
    assert question.locator("input[type=radio]").nth(1).is_checked(), "the answer was not kept"
    assert question.locator("[aria-live]").inner_text().strip(), "no feedback for the kept answer"
    assert page.locator(".dmnlab-finish button").get_attribute("aria-pressed") == "true"
    sidebar_ticks = page.locator(".bd-sidebar-primary .dmnlab-done")
    assert sidebar_ticks.count() == 1
    assert "(finished)" in sidebar_ticks.first.inner_text()

    _go(page, base, PROGRESS)
    chapters = page.evaluate("window.DMNLAB_CHAPTERS")
    assert [c["page"] for c in chapters][:1] == [CHAPTER] and len(chapters) == len(registry.CHAPTERS)
    assert all(c["quiz"] for c in chapters), "every chapter has self-check questions"
    row = _progress_row(page, CHAPTER)
    assert "finished" in row and "1 of" in row, row
    assert "not yet" in _progress_row(page, chapters[1]["page"])

    with page.expect_download() as download_info:
        page.locator("button.dmnlab-export").click()
    exported = tmp_path / "progress.json"
    download_info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["version"] == 1 and CHAPTER in data["finished"] and len(data["quiz"]) == 1
    answer = next(iter(data["quiz"].values()))
    assert answer["choice"] == 1 and answer["page"] == CHAPTER

    page.locator("button.dmnlab-reset").click()
    page.locator("button.dmnlab-reset-yes").click()
    assert "deleted" in page.locator("#dmnlab-progress [role=status]").inner_text()
    assert "not yet" in _progress_row(page, CHAPTER)
    page.reload(wait_until="load")
    assert "not yet" in _progress_row(page, CHAPTER)
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None

    page.locator("input.dmnlab-import").set_input_files(str(exported))
    page.wait_for_function("() => document.querySelector('#dmnlab-progress [role=status]')"
                           ".textContent.startsWith('Imported')")
    assert "finished" in _progress_row(page, CHAPTER)
    _go(page, base, CHAPTER)
    assert _first_question(page).locator("input[type=radio]").nth(1).is_checked()
    assert page.locator(".dmnlab-finish button").get_attribute("aria-pressed") == "true"
    assert errors == []


@pytest.mark.parametrize("content, reason", [
    ("not json at all", "it is not JSON"),
    ('{"version": 2, "quiz": {}, "finished": {}}', "its version is 2"),
    ('{"version": 1, "quiz": {"q": {"choice": "two"}}, "finished": {}}', "not an option number"),
    ("[1, 2, 3]", "does not hold a JSON object"),
])
def test_a_wrong_file_is_refused_with_a_message(site, tmp_path, content, reason):
    page, base, errors = site
    _go(page, base, CHAPTER)
    page.locator(".dmnlab-finish button").click()
    _go(page, base, PROGRESS)
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(content)
    page.locator("input.dmnlab-import").set_input_files(str(wrong))
    status = page.locator("#dmnlab-progress [role=status]")
    page.wait_for_function("() => document.querySelector('#dmnlab-progress [role=status]')"
                           ".textContent.startsWith('Nothing imported')")
    assert reason in status.inner_text()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == before
    assert errors == []


def test_keeping_no_answer_when_storage_is_blocked(browser, book_url, book_html):
    """With storage switched off (a sandboxed or private setting), the page says so and works."""
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { "
                            "throw new DOMException('blocked', 'SecurityError'); }});")
    page = context.new_page()
    errors: list[str] = []   # the theme's own scripts throw too; only the course's count here
    page.on("pageerror", lambda error: errors.append(error.stack or str(error))
            if "dmnlab" in (error.stack or "") else None)
    try:
        page.goto(f"{book_url}/{PROGRESS}.html", wait_until="load")
        assert "does not allow" in page.locator("#dmnlab-progress [role=status]").inner_text()
        page.goto(f"{book_url}/{CHAPTER}.html", wait_until="load")
        page.locator(".dmnlab-finish button").click()
        assert "will not be kept" in page.locator(".dmnlab-finish [role=status]").inner_text()
        assert errors == []
    finally:
        context.close()

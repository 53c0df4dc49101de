"""The built book in a real browser (Debian's chromium through Playwright).

Every page of the book is served from 127.0.0.1 and loaded in headless chromium:

* nothing fails to load, nothing reaches for the network, no JavaScript error and
  no console error;
* every picture has alt text and actually decodes; every figure shows a picture (not
  ``<Figure size 750x300 with 4 Axes>`` as text);
* no live ipywidget leaked into the static book (it would render as nothing);
* every precomputed widget (``.dmnlab-widget``) reacts to the KEYBOARD: each control is
  focused and moved with the arrow keys, and the picture and its alt text change;
* every self-check question gives feedback when an answer is chosen.

Pages are found generically: every file of ``_toc.yml`` plus every other HTML page of the
build. Full-page screenshots of the toc pages go to ``_build/screenshots/`` for humans
(nothing is asserted on pixels).
"""
from __future__ import annotations

import os
import shutil

import pytest

from support.bookbrowser import CHROMIUM, SCREENSHOTS, TOC_PAGES, open_page, other_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

IMAGES_JS = """() => Array.from(document.images).map((img, i) => ({
    index: i, alt: img.getAttribute('alt'), complete: img.complete,
    width: img.naturalWidth, src: (img.getAttribute('src') || '').slice(0, 80),
    id: img.id, cls: img.className}))"""


def image_problems(page) -> list[str]:
    page.evaluate("""async () => { for (const img of document.images) {
        img.loading = 'eager'; try { await img.decode(); } catch (e) {} } }""")
    problems = []
    for img in page.evaluate(IMAGES_JS):
        where = f"<img #{img['index']} id={img['id']!r} class={img['cls']!r} src={img['src']!r}>"
        if not (img["alt"] or "").strip():
            problems.append(f"{where} has no alt text")
        if not img["complete"] or img["width"] == 0:
            problems.append(f"{where} did not load or decode")
    return problems


FIGURES_JS = """() => Array.from(document.querySelectorAll('figure')).filter(f =>
    !Array.from(f.querySelectorAll('img, svg, iframe, canvas, video, object, embed'))
        .some(e => !e.closest('button, .copybtn, .headerlink'))).map(f =>
    (f.id || f.className) + ': ' + f.innerText.trim().slice(0, 70).replace(/\\s+/g, ' '))"""


def figure_problems(page) -> list[str]:
    """A figure must show a picture; a matplotlib figure printed as text shows none."""
    problems = [f"figure without a picture ({text})" for text in page.evaluate(FIGURES_JS)]
    texts = page.evaluate("() => Array.from(document.querySelectorAll('pre')).filter(p => "
                          "/<Figure size \\d+x\\d+ with \\d+ Axes?>/.test(p.textContent)).length")
    if texts:
        problems.append(f"{texts} matplotlib figure(s) shown as text '<Figure size ...>' instead of "
                        "a picture (a stale Jupyter cache, or a figure Jupyter cannot display)")
    return problems


def live_widget_leaks(page) -> int:
    """Live ipywidgets in a static page render as nothing (no kernel, no widget manager)."""
    return page.locator('script[type="application/vnd.jupyter.widget-view+json"], '
                        '.jupyter-widgets').count()


def check_page(page, book_url, relative):
    open_page(page, book_url, relative)
    problems = list(page.watch.problems)
    problems += image_problems(page)
    problems += figure_problems(page)
    leaks = live_widget_leaks(page)
    if leaks:
        problems.append(f"{leaks} live ipywidget output(s) in the static page: they render as "
                        "nothing; display widgets in static mode (DMNLAB_STATIC_WIDGETS=1)")
    return problems


WIDGET_STATE_JS = """(w) => {
    const img = w.querySelector('img'), desc = w.querySelector('.dmnlab-desc');
    return {src: img ? img.getAttribute('src') : null, alt: img ? img.getAttribute('alt') : null,
            desc: desc ? desc.textContent : null};
}"""
CONTROL_JS = """(c) => ({value: c.value, valuetext: c.getAttribute('aria-valuetext'),
    output: (document.getElementById(c.id + '-out') || {}).textContent || null,
    max: c.tagName === 'SELECT' ? c.options.length - 1 : +c.max, tag: c.tagName.toLowerCase(),
    index: c.tagName === 'SELECT' ? c.selectedIndex : +c.value})"""


def press_to_change(page, control):
    """Focus ``control`` and press an arrow key: forward, or back if it sits at the end.

    Returns the key pressed. Raises if the control does not take the focus.
    """
    before = control.evaluate(CONTROL_JS)
    control.focus()
    assert control.evaluate("(c) => document.activeElement === c"), (
        f"<{before['tag']} id={control.get_attribute('id')}> cannot take the keyboard focus")
    forward = "ArrowDown" if before["tag"] == "select" else "ArrowRight"
    back = "ArrowUp" if before["tag"] == "select" else "ArrowLeft"
    key = forward if before["index"] < before["max"] else back
    page.keyboard.press(key)
    return key


def widget_problems(page) -> list[str]:
    """Move every control of every precomputed widget with the keyboard; report what breaks."""
    problems = []
    widgets = page.locator(".dmnlab-widget")
    for w in range(widgets.count()):
        widget = widgets.nth(w)
        name = f"widget {w + 1} ({widget.get_attribute('aria-label') or widget.get_attribute('id')})"
        widget.scroll_into_view_if_needed()
        controls = widget.locator("select, input")
        if controls.count() == 0:
            problems.append(f"{name}: has no controls")
        start = widget.evaluate(WIDGET_STATE_JS)
        if not (start["alt"] or "").strip():
            problems.append(f"{name}: the initial picture has no alt text")
        if start["desc"] != start["alt"]:
            problems.append(f"{name}: the visible description differs from the alt text")
        for c in range(controls.count()):
            control = controls.nth(c)
            label = f"{name}, control {control.get_attribute('id')}"
            if page.locator(f"label[for='{control.get_attribute('id')}']").count() == 0:
                problems.append(f"{label}: has no <label for=...>")
            # One arrow key: the picture and its alt text must change.
            before, state = control.evaluate(CONTROL_JS), widget.evaluate(WIDGET_STATE_JS)
            try:
                key = press_to_change(page, control)
            except AssertionError as error:
                problems.append(f"{label}: {error}")
                continue
            after, new = control.evaluate(CONTROL_JS), widget.evaluate(WIDGET_STATE_JS)
            if after["value"] == before["value"]:
                problems.append(f"{label}: {key} did not change its value")
                continue
            if new["src"] == state["src"]:
                problems.append(f"{label}: {key} changed the value but not the picture")
            if new["alt"] == state["alt"] or not (new["alt"] or "").strip():
                problems.append(f"{label}: {key} did not change the picture's alt text "
                                f"(still {new['alt'][:80]!r})")
            if new["desc"] != new["alt"]:
                problems.append(f"{label}: the aria-live description does not follow the alt text")
            if after["tag"] == "input" and (after["valuetext"] != after["output"] or not after["output"]):
                problems.append(f"{label}: slider aria-valuetext {after['valuetext']!r} and its "
                                f"visible value {after['output']!r} disagree")
            # Sweep every other value of this control with the keyboard (others held fixed):
            # a value without a precomputed picture leaves the old one on screen.
            control.focus()
            page.keyboard.press("Home")
            step = "ArrowDown" if after["tag"] == "select" else "ArrowRight"
            previous = None
            for i in range(after["max"] + 1):
                if i:
                    page.keyboard.press(step)
                if control.evaluate(CONTROL_JS)["index"] != i:
                    problems.append(f"{label}: Home + {i} x {step} did not reach value #{i}")
                    break
                seen = widget.evaluate(WIDGET_STATE_JS)
                if previous is not None and seen["src"] == previous["src"]:
                    problems.append(f"{label}: value #{i} shows the same picture as value "
                                    f"#{i - 1} (missing precomputed state?)")
                previous = seen
    return problems


def quiz_problems(page) -> list[str]:
    """Choose every option of every question with the keyboard; feedback must appear; every label
    starts beside its radio."""
    problems = []
    questions = page.locator(".dmnlab-quiz fieldset")
    for q in range(questions.count()):
        question = questions.nth(q)
        legend = (question.locator("legend").text_content() or f"question {q + 1}").strip()[:60]
        radios = question.locator("input[type=radio]")
        feedback = question.locator("[aria-live]")
        if radios.count() < 2 or feedback.count() != 1:
            problems.append(f"{legend!r}: needs >= 2 radio buttons and one aria-live feedback "
                            f"(has {radios.count()} and {feedback.count()})")
            continue
        verdicts = [radios.nth(i).get_attribute("data-verdict") for i in range(radios.count())]
        if verdicts.count("Right") != 1:
            problems.append(f"{legend!r}: {verdicts.count('Right')} options marked right (want 1)")
        question.scroll_into_view_if_needed()
        radios.nth(0).focus()
        page.keyboard.press("Space")
        for i in range(radios.count()):
            if i:
                page.keyboard.press("ArrowDown")
            if not radios.nth(i).is_checked():
                problems.append(f"{legend!r}: the keyboard did not select option {i + 1}")
                break
            text = (feedback.text_content() or "").strip()
            if not text:
                problems.append(f"{legend!r}: choosing option {i + 1} gave no feedback")
            elif not text.startswith(verdicts[i] or "?"):
                problems.append(f"{legend!r}: option {i + 1} is marked {verdicts[i]!r} but the "
                                f"feedback says {text[:60]!r}")
        apart = question.evaluate("""q => [...q.querySelectorAll('input[type=radio]')].filter(r => {
            const a = r.getBoundingClientRect(), b = r.labels[0].getBoundingClientRect();
            return b.top >= a.bottom || b.left < a.right; }).length""")
        if apart:
            problems.append(f"{legend!r}: {apart} answer label(s) start below their radio, not beside it")
        if question.locator("details").count() == 0:
            problems.append(f"{legend!r}: no 'Show the answer' fallback for readers without JavaScript")
    return problems


def screenshot(page, relative: str):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    name = os.path.splitext(relative)[0].replace("/", "-") + ".png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


# --- tests --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TOC_PAGES)
def test_toc_page_in_browser(page, book_url, book_html, name):
    relative = name + ".html"
    assert os.path.isfile(os.path.join(book_html, relative)), f"{relative} was not built"
    problems = check_page(page, book_url, relative)
    problems += widget_problems(page)
    problems += quiz_problems(page)
    problems += [p for p in page.watch.problems if p not in problems]
    screenshot(page, relative)
    assert not problems, f"{relative}:\n  " + "\n  ".join(dict.fromkeys(problems))


def test_other_pages_in_browser(page, book_url, book_html):
    """index.html, genindex.html, search.html, ...: they load cleanly too."""
    pages = other_pages(book_html)
    assert pages, "the build has no pages besides the toc pages (no index.html?)"
    report = []
    for relative in pages:
        page.watch.problems.clear()
        problems = check_page(page, book_url, relative)
        report += [f"{relative}: {problem}" for problem in dict.fromkeys(problems)]
    assert not report, "\n".join(report)


def test_chromium_is_debians():
    """A readable failure (not a skip) when the browser is missing."""
    assert shutil.which("chromium") or os.path.isfile(CHROMIUM), (
        "Chromium is not installed: run `make chromium`.")

"""Accessibility of the built book (WCAG 2.1 AA) and of the course's own figures.

* **axe-core audit.** Deque's axe-core (npm, ``package-lock.json``) is injected with Playwright
  into every built page in Debian's chromium, in the theme's light AND dark mode (the mode a reader
  picks with the theme's switch, kept in ``localStorage``, with the system preference set to match),
  and run with the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa (``support.axe``, shared with the slides' test). Any serious or critical
  violation fails. ``support.axe.EXCLUDED_RULES`` lists every rule not run, with the reason (none
  today). The fixes live in the course's own code: ``tools.bookext.pagefixes`` (theme and Sphinx
  markup) and ``static/dmnlab.css``.
* **Keyboard only.** On every chapter page, pressing Tab from the top reaches every widget
  control, every self-check question, every solution toggle and the "finished" button, in page
  order, and each shows a visible focus ring when it has keyboard focus; Enter on a solution
  toggle opens the solution.
* **Figure text.** Every text in the course's widget figures has a contrast of at least 4.5:1
  (3:1 for large text) against what it is drawn on.
"""
from __future__ import annotations

import numpy as np
import pytest

from dmnlab.course import chapters
from dmnlab.course.plotting import contrast_ratio
from support.axe import FAILING_IMPACTS, axe_violations, describe
from support.bookbrowser import TOC_PAGES, open_page, other_pages

CHAPTER_PAGES = chapters.pages()


THEMES = ("light", "dark")


def use_theme(page, theme: str) -> None:
    """Open the following pages in the theme's ``theme`` mode, as its switch and the system would."""
    page.emulate_media(color_scheme=theme)
    page.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")


def audit(page, book_url: str, relative: str, theme: str = "light") -> list[dict]:
    open_page(page, book_url, relative)
    shown = page.evaluate("() => document.documentElement.dataset.theme")
    assert shown == theme, f"{relative}: asked for the {theme} mode, the page shows {shown!r}"
    violations = axe_violations(page)
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


# --- axe-core ------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", TOC_PAGES)
def test_toc_page_has_no_serious_accessibility_violation(page, book_url, book_html, name, theme):
    use_theme(page, theme)
    failing = audit(page, book_url, name + ".html", theme)
    assert not failing, f"{name}.html ({theme} mode):\n  {describe(failing)}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("theme", THEMES)
def test_other_pages_have_no_serious_accessibility_violation(page, book_url, book_html, theme):
    use_theme(page, theme)
    report = []
    for relative in other_pages(book_html):
        if relative == "index.html":   # only redirects to the first page (audited above)
            continue
        failing = audit(page, book_url, relative, theme)
        if failing:
            report.append(f"{relative}:\n  {describe(failing)}")
    assert not report, "\n".join(report)


@pytest.mark.slow
@pytest.mark.browser
def test_the_audit_can_fail(page, book_url, book_html):
    """The audit sees a real violation: an image without alt text added to a page."""
    open_page(page, book_url, CHAPTER_PAGES[0] + ".html")
    page.evaluate("""() => { const img = document.createElement('img');
        img.src = document.images[0].src; document.querySelector('main').prepend(img); }""")
    ids = [v["id"] for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert "image-alt" in ids


@pytest.mark.slow
@pytest.mark.browser
def test_the_dark_mode_audit_can_fail(page, book_url, book_html):
    """In dark mode the audit sees text drawn in the light theme's dark grey on the dark page."""
    use_theme(page, "dark")
    open_page(page, book_url, CHAPTER_PAGES[0] + ".html")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'pale';
        p.textContent = 'Text in the light theme colour'; p.style.color = '#222832';
        document.querySelector('main').prepend(p); }""")
    failing = [v for v in axe_violations(page) if v["id"] == "color-contrast"]
    assert failing and any("#pale" in str(node["target"]) for node in failing[0]["nodes"])


# --- keyboard only ------------------------------------------------------------------------
MARK_TARGETS_JS = """() => {
    const wanted = [];
    const main = document.querySelector('main') || document.body;
    main.querySelectorAll('.dmnlab-controls input, .dmnlab-controls select, '
        + '.dmnlab-quiz fieldset, .solution button.toggle-button, .dmnlab-finish button')
        .forEach(el => wanted.push(el));
    return wanted.map((el, i) => {
        el.dataset.kbd = String(i);
        if (el.tagName === 'FIELDSET') {   // a radio group is one Tab stop
            el.querySelectorAll('input[type=radio]').forEach(r => r.dataset.kbd = String(i));
        }
        const kind = el.tagName === 'FIELDSET' ? 'question' : el.closest('.solution')
            ? 'solution toggle' : el.closest('.dmnlab-finish') ? 'finished button' : 'widget control';
        return kind + ' ' + (el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40));
    });
}"""
FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== 'none');
    return {kbd: el.dataset ? el.dataset.kbd || null : null, ring: ring,
            focusVisible: el.matches(':focus-visible'),
            what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')};
}"""
MAX_TABS = 2500


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_keyboard_reaches_every_control_in_order_with_a_visible_focus_ring(page, book_url,
                                                                           book_html, name):
    open_page(page, book_url, name + ".html")
    page.wait_for_function("() => document.querySelectorAll('.solution').length === 0 || "
                           "document.querySelectorAll('.solution button.toggle-button').length > 0")
    targets = page.evaluate(MARK_TARGETS_JS)
    assert any(t.startswith("widget control") for t in targets), "no widget control on the page"
    assert any(t.startswith("finished button") for t in targets), "no 'finished' button"
    reached: list[int] = []
    no_ring: list[str] = []
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is None or focus["kbd"] is None:
            continue
        index = int(focus["kbd"])
        if index in reached:
            if index == reached[0]:
                break   # wrapped round
            continue
        reached.append(index)
        if not (focus["ring"] and focus["focusVisible"]):
            no_ring.append(f"{targets[index]} ({focus['what']})")
        if len(reached) == len(targets):
            break
    missing = [targets[i] for i in range(len(targets)) if i not in reached]
    assert not missing, f"Tab never reaches: {missing}"
    assert reached == sorted(reached), "Tab order differs from page order: " + \
        ", ".join(targets[i] for i in reached)
    assert not no_ring, f"no visible focus ring on: {no_ring}"

    toggles = page.locator("main .solution button.toggle-button")
    if toggles.count():   # Enter on a solution toggle opens the solution
        toggle = toggles.first
        solution = page.locator("main .solution").first
        hidden_before = "toggle-hidden" in (solution.get_attribute("class") or "")
        toggle.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        hidden_after = "toggle-hidden" in (solution.get_attribute("class") or "")
        assert hidden_before and not hidden_after, "Enter did not open the solution"


# --- the course's own figure text ---------------------------------------------------------
def contrast(foreground, background) -> float:
    """WCAG contrast ratio of two colours (RGB(A) tuples in 0..1; alpha composited on white)."""
    return contrast_ratio(tuple(foreground), tuple(background))


def test_contrast_formula():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast((1, 1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    assert contrast((0.4627, 0.4627, 0.4627), (1, 1, 1)) == pytest.approx(4.54, abs=0.02)  # #767676


def _image_colour_under(text):
    """The colour of the image pixel under a text placed in data coordinates, if any."""
    ax = text.axes
    if ax is None or not ax.images or text.get_transform() != ax.transData:
        return None
    x, y = text.get_position()
    for image in ax.images:
        data = np.asarray(image.get_array())
        left, right, bottom, top = image.get_extent()
        if not (min(left, right) <= x <= max(left, right) and min(bottom, top) <= y <= max(bottom, top)):
            continue
        column = int((x - left) / (right - left) * data.shape[1])
        row = int((y - top) / (bottom - top) * data.shape[0])   # origin "upper"
        if image.origin == "lower":
            row = int((y - bottom) / (top - bottom) * data.shape[0])
        value = data[min(max(row, 0), data.shape[0] - 1), min(max(column, 0), data.shape[1] - 1)]
        return image.cmap(image.norm(value))
    return None


def _text_problems(figure) -> list[str]:
    from matplotlib.colors import to_rgba
    from matplotlib.text import Text

    problems = []
    figure.canvas.draw()
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        patch = text.get_bbox_patch()
        under_image = _image_colour_under(text)
        if patch is not None and patch.get_facecolor()[3] > 0:
            background = patch.get_facecolor()
        elif under_image is not None:
            background = under_image
        elif text.axes is not None and text.axes.patch.get_visible():
            background = text.axes.patch.get_facecolor()
        else:
            background = figure.patch.get_facecolor()
        ratio = contrast(to_rgba(text.get_color(), text.get_alpha()), background)
        large = text.get_fontsize() >= 18 or (text.get_fontsize() >= 14 and
                                              text.get_fontweight() in ("bold", 700, "heavy"))
        if ratio < (3.0 if large else 4.5):
            problems.append(f"{text.get_text()[:40]!r}: contrast {ratio:.2f}")
    return problems


def chapter_widgets():
    for chapter in chapters.CHAPTERS:
        for label, make in chapter.widget_factories().items():
            yield f"{chapter.module}: {label}", make


@pytest.mark.slow
def test_figure_text_in_every_widget_has_enough_contrast():
    report = []
    count = 0
    for label, make in chapter_widgets():
        widget = make()
        count += 1
        report += [f"{label}: {problem}" for problem in _text_problems(widget.figure)]
    assert count == sum(len(chapter.widgets) for chapter in chapters.CHAPTERS) >= len(chapters.CHAPTERS)
    assert not report, "\n".join(report)


def test_low_contrast_figure_text_is_caught():
    from dmnlab.course.plotting import new_figure

    figure = new_figure()
    figure.add_subplot().set_title("pale title", color="#bbbbbb")
    assert _text_problems(figure) == ["'pale title': contrast 1.92"]

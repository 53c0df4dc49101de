"""The built book on a phone: 390 × 844 CSS px, touch, device scale factor 3 (issue 26).

On every toc page:

* every widget control, quiz answer (the radio with its label) and progress button is a target of
  at least 24 × 24 CSS px (WCAG 2.2, 2.5.8);
* nothing makes the page scroll sideways (``document.scrollingElement.scrollWidth`` and
  ``innerWidth`` ≤ the screen's 390 px: a phone's browser widens its layout viewport to fit);
* every widget picture shows its narrow rendition (``dmnlab.course.widgets``: panels stacked) at
  least 0.8 of its natural width, so its text keeps about the size it was drawn at, and so does
  every figure that has a phone picture (``tools.bookext.pageweight``; that every wide course figure
  has one is ``test_figure_renditions.py``'s check);
* every table wider than its box is in a scroll box that takes the keyboard focus, is a named
  region and shows the "scroll →" cue.

A companion test injects a 20-px-high control, a 1000-px-wide block, a widget showing its wide
picture, a figure showing its wide picture and a bare wide table, and checks that each is reported.
"""
from __future__ import annotations

import pytest

from support.bookbrowser import TOC_PAGES, open_page, watched_page
from tools.bookext.pagefixes import scrollable_tables

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
MIN_TARGET = 24
MIN_PICTURE_SCALE = 0.8

PHONE_JS = """() => {
  const seen = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return s.display !== 'none' && s.visibility !== 'hidden' && (r.width > 0 || r.height > 0); };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 40);
  const targets = [];
  document.querySelectorAll('.dmnlab-controls input, .dmnlab-controls select, .dmnlab-finish button, '
      + '.dmnlab-progress button').forEach(e => { if (seen(e)) { const r = e.getBoundingClientRect();
      targets.push([name(e), r.width, r.height]); } });
  document.querySelectorAll('.dmnlab-quiz input[type=radio]').forEach(e => {
    const label = document.querySelector('label[for="' + e.id + '"]');
    const a = e.getBoundingClientRect(), b = label ? label.getBoundingClientRect() : a;
    targets.push([name(label || e), Math.max(a.width, b.width), Math.max(a.height, b.height)]); });
  const pictures = Array.from(document.querySelectorAll('.dmnlab-widget img')).map(img => ({
    id: img.id, shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
    narrow: !!img.closest('picture') && !!img.closest('picture').querySelector('source')
      && img.currentSrc === new URL(img.closest('picture').querySelector('source').srcset, location.href).href}));
  // a figure with a phone picture (tools.bookext.pageweight): shown, at about its drawn size
  const figures = Array.from(document.querySelectorAll('main picture:has(source[media]) img'))
    .filter(img => !img.closest('.dmnlab-widget') && seen(img)).map(img => ({
      id: img.currentSrc.split('/').pop() || img.getAttribute('src'), shown: img.getBoundingClientRect().width,
      natural: img.naturalWidth, narrow: /[.]narrow[.](webp|png)$/.test(img.currentSrc)}));
  const tables = Array.from(document.querySelectorAll('main table')).map(t => {
    const box = t.closest('.dmnlab-table-scroll'), wrap = box && box.parentElement;
    const hint = wrap && wrap.querySelector('.dmnlab-scroll-hint');
    return {wide: t.getBoundingClientRect().width > (box || t.parentElement).clientWidth + 1,
            head: (t.querySelector('th') || t).textContent.trim().slice(0, 40), boxed: !!box,
            tabindex: box && box.getAttribute('tabindex'), role: box && box.getAttribute('role'),
            label: box && box.getAttribute('aria-label'),
            cue: !!hint && getComputedStyle(hint).display !== 'none' && hint.getBoundingClientRect().height > 0}; });
  return {targets, pictures, figures, tables, scrollWidth: document.scrollingElement.scrollWidth, width: innerWidth};
}"""


@pytest.fixture
def phone(browser, book_url):
    with watched_page(browser, book_url, **PHONE) as page:
        yield page


def phone_problems(page) -> list[str]:
    page.evaluate("""async () => { for (const img of document.images) {
        img.loading = 'eager'; try { await img.decode(); } catch (e) {} } }""")
    found = page.evaluate(PHONE_JS)
    problems = [f"{what}: a {w:.0f} × {h:.0f} px target (want ≥ {MIN_TARGET} × {MIN_TARGET})"
                for what, w, h in found["targets"] if w < MIN_TARGET or h < MIN_TARGET]
    # A phone's browser widens its layout viewport (and innerWidth) to fit content that sticks out
    # and zooms out: compare with the screen's width, not with innerWidth.
    screen = PHONE["viewport"]["width"]
    if found["scrollWidth"] > screen or found["width"] > screen:
        problems.append(f"the page scrolls sideways: {found['scrollWidth']} px wide on a "
                        f"{screen} px screen")
    for kind, missing, picture in [*(("widget picture", "narrow rendition", p) for p in found["pictures"]),
                                   *(("figure", "phone picture", p) for p in found["figures"])]:
        if not picture["narrow"]:
            problems.append(f"{kind} {picture['id']}: not its {missing}")
        elif not picture["natural"] or picture["shown"] < MIN_PICTURE_SCALE * picture["natural"]:
            problems.append(f"{kind} {picture['id']}: shown {picture['shown']:.0f} px wide, "
                            f"drawn {picture['natural']} px (want ≥ {MIN_PICTURE_SCALE:.0%})")
    for table in found["tables"]:
        if not table["wide"]:
            continue
        where = f"table {table['head']!r}"
        if not table["boxed"]:
            problems.append(f"{where}: wider than the screen, not in a scroll box")
            continue
        if table["tabindex"] != "0" or table["role"] != "region" or not table["label"]:
            problems.append(f"{where}: its scroll box needs tabindex=0, role=region and an aria-label")
        if not table["cue"]:
            problems.append(f"{where}: scrolls without a visible 'scroll →' cue")
    return problems


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", TOC_PAGES)
def test_toc_page_on_a_phone(phone, book_url, book_html, name):
    open_page(phone, book_url, name + ".html")
    problems = phone_problems(phone) + list(phone.watch.problems)
    assert not problems, f"{name}.html at 390 px:\n  " + "\n  ".join(dict.fromkeys(problems))


@pytest.mark.slow
@pytest.mark.browser
def test_the_phone_checks_can_fail(phone, book_url, book_html):
    """Each check reports a fault injected into a chapter page."""
    chapter = next(name for name in TOC_PAGES if name.startswith("book/01"))
    open_page(phone, book_url, chapter + ".html")
    assert not phone_problems(phone)
    phone.evaluate("""() => {
        const main = document.querySelector('main');
        const control = document.querySelector('.dmnlab-controls select');
        control.style.minHeight = '0'; control.style.height = '20px';
        const block = document.createElement('div'); block.style.width = '1000px';
        block.textContent = 'wide'; main.append(block);
        const table = document.createElement('table');
        table.innerHTML = '<tr><th>a very wide table</th><td style="min-width:900px">x</td></tr>';
        main.append(table);
        document.querySelector('.dmnlab-widget picture source').remove();
        const figure = document.querySelector('main picture:has(source[media]) img:not([id])');
        figure.closest('picture').querySelectorAll('source[media]').forEach(s => { s.srcset = figure.src; });
    }""")
    problems = "\n".join(phone_problems(phone))
    assert "× 20 px target" in problems
    assert "the page scrolls sideways" in problems
    assert "not its narrow rendition" in problems
    assert "not its phone picture" in problems
    assert "'a very wide table': wider than the screen, not in a scroll box" in problems


# --- the page fix, without a browser --------------------------------------------------------
PROSE = ("<table class='table'><thead><tr><th>Claim</th><th>Support</th></tr></thead><tbody>"
         + "<tr><td>" + "a long claim " * 5 + "</td><td>" + "support " * 8 + "</td></tr></tbody></table>")
NUMBERS = "<table><thead><tr><th>r</th><th>p</th></tr></thead><tbody><tr><td>0.5</td><td>0.01</td></tr></tbody></table>"


def test_every_table_gets_a_named_keyboard_scroll_box():
    page = scrollable_tables("<p>x</p>" + NUMBERS + PROSE)
    assert page.count('<div class="dmnlab-table-scroll" tabindex="0" role="region"') == 2
    assert 'aria-label="Table 1: r, p (scrolls sideways)"' in page
    assert 'aria-label="Table 2: Claim, Support (scrolls sideways)"' in page
    assert page.count('<p class="dmnlab-scroll-hint" aria-hidden="true">scroll →</p>') == 2
    assert page.endswith("</script>") and page.count("<script>") == 1
    assert scrollable_tables("<p>no table</p>") == "<p>no table</p>"


def test_prose_tables_stack_on_phones_and_number_tables_do_not():
    page = scrollable_tables(PROSE + NUMBERS)
    prose, numbers = page.split("</table>")[:2]
    assert 'class="table dmnlab-stack"' in prose and "role=" not in prose[prose.index("<table"):]
    assert prose.count('data-label="Claim"') == 1 and prose.count('data-label="Support"') == 1
    assert "dmnlab-stack" not in numbers and "data-label" not in numbers

"""Pages that stay light on a phone (issue 26, item 7; ``tools/bookext/pageweight.py``).

On every page a reader opens first (the introduction, each chapter, each lab), in Debian's chromium:

* no page but the search page loads the search index (``searchindex.js``, 116 KB);
* no web font is requested (the theme's icons are inline SVG and CSS masks), and every icon the
  theme shows is drawn (an ``<svg>`` of non-zero size);
* every picture has its width and height; a picture near the top of the article (less than
  ``EARLY_CHARS`` characters of text before it) is not lazy, the first such one ``fetchpriority="high"``;
  every other picture is ``loading="lazy" decoding="async"``;
* in the browser, on a phone and a desktop screen: no lazy picture is on the first screen, and the
  largest contentful paint, if it is a picture, is not lazy and is fetched with high priority;
* every stylesheet the pages link from the extensions was trimmed (``pageweight.trim_stylesheet``), and
  the rules a page uses survived (its elements look the same as with the extension's own file);
* every ``<source>`` has its width and height (a widget's narrow picture has another shape);
* every WebP ``<source>`` exists and sits in a ``<picture>`` whose ``<img>`` is the PNG fallback with
  its alt text, and the browser shows the WebP.

Each check has a companion that injects the fault and shows the check reports it. Speed itself is
measured by ``make bench`` (``benchmarks/bench_lighthouse.py``), not asserted here.
"""
from __future__ import annotations

import os
import re

import pytest

from support.bookbrowser import open_page, watched_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

def first_pages(html_dir: str) -> list[str]:
    """The introduction, each chapter and each lab of the built book (the chapter registry)."""
    from benchmarks.bench_lighthouse import first_pages as registry_pages

    pages = registry_pages(html_dir)
    missing = [page for page in pages if not os.path.isfile(os.path.join(html_dir, page))]
    assert not missing, f"not built: {missing}"
    return pages


# --- the checks ------------------------------------------------------------------------------
def requests_while_loading(page, book_url: str, relative: str) -> list:
    """``(resource type, url)`` of every request the page makes until the network is idle."""
    seen = []
    page.on("request", lambda request: seen.append((request.resource_type, request.url)))
    open_page(page, book_url, relative)
    return seen


def search_index_requests(requests: list) -> list[str]:
    return [url for _, url in requests if re.search(r"/searchindex\.js(\?|$)", url)]


def font_requests(requests: list) -> list[str]:
    return [url for kind, url in requests if kind == "font" or re.search(r"\.(woff2?|ttf|otf|eot)(\?|$)", url)]


ICONS_JS = """() => Array.from(document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]'))
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => { const svg = el.querySelector('svg'); if (!svg) return true;
                  const box = svg.getBoundingClientRect(); return !(box.width > 0 && box.height > 0); })
  .map(el => el.className)"""

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\s([\w-]+)="([^"]*)"')


def article_images(html: str) -> list[dict]:
    start = html.find('<article class="bd-article"')
    return [dict(_ATTR.findall(tag)) for tag in _IMG.findall(html[start:])] if start >= 0 else []


def text_before_images(html: str) -> list[int]:
    """Characters of article text before each of the article's ``<img>``."""
    from tools.bookext.pageweight import text_length

    start = html.find('<article class="bd-article"')
    return [text_length(html[start:match.start()]) for match in _IMG.finditer(html, start)] if start >= 0 else []


def lazy_problems(html: str) -> list[str]:
    """What is wrong with the loading of a page's pictures (empty: nothing)."""
    from tools.bookext.pageweight import EARLY_CHARS

    problems, high_seen = [], False
    for n, (attrs, chars) in enumerate(zip(article_images(html), text_before_images(html))):
        name = attrs.get("src", "?")[-40:]
        if attrs.get("src", "").startswith("data:"):
            continue
        early = chars < EARLY_CHARS
        if early and attrs.get("loading") == "lazy":
            problems.append(f"picture {n + 1}, near the top ({chars} characters before it), is lazy: {name}")
        if early and not high_seen and attrs.get("fetchpriority") != "high":
            problems.append(f"picture {n + 1}, the first near the top, is not fetchpriority=high: {name}")
        high_seen = high_seen or early
        if not early and (attrs.get("loading") != "lazy" or attrs.get("decoding") != "async"):
            problems.append(f"picture {n + 1} is not lazy: {name}")
        if not (attrs.get("width") and attrs.get("height")) and "width" not in attrs.get("style", "").replace("max-width", ""):
            problems.append(f"picture {n + 1} has no width and height: {name}")
    return problems


#: On the page as loaded: the lazy pictures of the article on the first screen, and the element of the
#: largest contentful paint (chromium's PerformanceObserver).
FIRST_SCREEN_JS = """async () => {
  const entries = await new Promise(done => {
    new PerformanceObserver(list => done(list.getEntries())).observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => done([]), 3000);
  });
  const last = entries.length ? entries[entries.length - 1].element : null;
  const lazyOnScreen = Array.from(document.querySelectorAll('article.bd-article img'))
    .filter(img => img.getAttribute('loading') === 'lazy' && img.getClientRects().length)
    .filter(img => { const box = img.getBoundingClientRect(); return box.bottom > 0 && box.top < innerHeight; })
    .map(img => img.getAttribute('src').slice(-40));
  return {lazyOnScreen, lcp: last && {tag: last.tagName, loading: last.getAttribute('loading'),
          priority: last.getAttribute('fetchpriority'), src: (last.getAttribute('src') || '').slice(-40),
          text: (last.textContent || '').trim().slice(0, 50)}};
}"""
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def first_screen_problems(found: dict) -> list[str]:
    """What :data:`FIRST_SCREEN_JS` found wrong: a lazy picture on the first screen, a lazy or
    low-priority picture as the largest contentful paint."""
    problems = [f"a lazy picture on the first screen: {src}" for src in found["lazyOnScreen"]]
    lcp = found["lcp"]
    if lcp and lcp["tag"] == "IMG" and (lcp["loading"] == "lazy" or lcp["priority"] != "high"):
        problems.append(f"the largest contentful paint is a picture loaded {lcp['loading'] or 'eagerly'} "
                        f"with fetchpriority={lcp['priority']}: {lcp['src']}")
    return problems


_PICTURE = re.compile(r"<picture>(.*?)</picture>", re.S)


def picture_problems(html: str, page_path: str) -> list[str]:
    """What is wrong with the page's ``<picture>`` elements: a WebP without a PNG fallback with alt text.

    A widget's ``<picture>`` offers its narrow rendition to phones (``<source media=...>``, a PNG,
    :meth:`dmnlab.course.widgets.Explorer.static_html`), and so does a wide figure (its phone picture, WebP
    and PNG, ``tools.bookext.pageweight``): every ``<source>``'s file must exist and have its size, and so must
    the fallback.
    """
    problems = []
    folder = os.path.dirname(page_path)
    for inner in _PICTURE.findall(html):
        sources = re.findall(r"<source\b[^>]*>", inner)
        for source in sources:
            found = re.search(r'srcset="([^"]+)"', source)
            src = found.group(1) if found else ""
            if not re.search(r' width="\d+" height="\d+"', source):
                problems.append(f"a <source> without width and height: {src[-40:]}")
            if not src.startswith("data:") and not os.path.isfile(os.path.join(folder, src)):
                what = "narrow picture" if "media=" in source else "WebP file"
                problems.append(f"no {what} behind {src[-60:]} in {inner[:80]}")
        if not sources:
            problems.append(f"a <picture> without a <source>: {inner[:80]}")
        img = _IMG.search(inner)
        attrs = dict(_ATTR.findall(img.group(0))) if img else {}
        if not attrs.get("src", "").endswith(".png") or not os.path.isfile(os.path.join(folder, attrs["src"])):
            problems.append(f"no PNG fallback in {inner[:80]}")
        if not attrs.get("alt", "").strip():
            problems.append(f"a fallback without alt text: {attrs.get('src', '?')}")
    return problems


def trimmed_sheets(book_html: str) -> list:
    """The extensions' stylesheets the first pages link (paths)."""
    from pathlib import Path

    from tools.bookext.pageweight import linked_stylesheets

    sheets = set()
    for relative in first_pages(book_html):
        page = Path(book_html) / relative
        sheets |= linked_stylesheets(page.read_text("utf-8"), page, Path(book_html) / "_static")
    return sorted(sheets)


def trim_problems(sheets: dict, originals: str) -> list[str]:
    """What is wrong with ``{path: text}`` of the linked extension stylesheets: one not trimmed, or
    trimmed without its original kept for the next build."""
    from tools.bookext.pageweight import _TRIMMED

    problems = [f"not trimmed: {path.name}" for path, text in sheets.items() if not text.startswith(_TRIMMED)]
    return problems + [f"no original kept for {path.name}" for path in sheets
                       if not os.path.isfile(os.path.join(originals, path.name))]


def originals_folder(book_html: str) -> str:
    """Where the build keeps each trimmed stylesheet as Sphinx copied it (beside the doctrees)."""
    return os.path.join(os.path.dirname(book_html), ".doctrees", "pageweight-originals")


#: Computed style of every element of the page, one line each. Opacity is rounded: a fade the theme
#: runs on load can be caught at 0 in one load and 2e-08 in the other (seen in a CI run).
STYLE_JS = """(props) => Array.from(document.querySelectorAll('body *'))
  .map(el => { const style = getComputedStyle(el);
               const value = p => p === 'opacity' ? (+style.opacity).toFixed(2) : style.getPropertyValue(p);
               return el.tagName + '.' + el.className + ' ' + props.map(value).join('|'); })"""
STYLE_PROPS = ["display", "position", "float", "visibility", "opacity", "color", "background-color",
               "background-image", "border-top", "border-right", "border-bottom", "border-left", "border-radius",
               "box-shadow", "font-family", "font-size", "font-weight", "font-style", "line-height", "text-align",
               "text-decoration-line", "white-space", "margin", "padding", "width", "height", "overflow",
               "mask-image"]


def computed_styles(page, book_url: str, relative: str, sheets: dict, dark: bool) -> list[str]:
    """The computed styles of a page whose stylesheets named in ``sheets`` are served with the given text."""
    def serve_sheet(route):
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        route.fulfill(status=200, content_type="text/css", body=sheets[name])

    for name in sheets:
        page.route(f"**/_static/{name}*", serve_sheet)
    page.add_init_script(f"localStorage.setItem('theme', '{'dark' if dark else 'light'}');"
                         f"localStorage.setItem('mode', '{'dark' if dark else 'light'}');")
    open_page(page, book_url, relative)
    return page.evaluate(STYLE_JS, STYLE_PROPS)


def read(book_html: str, relative: str) -> str:
    with open(os.path.join(book_html, relative), encoding="utf-8") as handle:
        return handle.read()


# --- the tests -------------------------------------------------------------------------------
def test_no_page_but_search_loads_the_search_index(page, book_url, book_html):
    loaded = {relative: search_index_requests(requests_while_loading(page, book_url, relative))
              for relative in first_pages(book_html)}
    assert not {k: v for k, v in loaded.items() if v}, f"pages that load the search index: {loaded}"


def test_the_search_page_loads_the_search_index(page, book_url):
    """The companion: the check sees the index where it is loaded."""
    assert search_index_requests(requests_while_loading(page, book_url, "search.html"))


def test_no_web_font_and_every_icon_drawn(page, book_url, book_html):
    problems = {}
    for relative in first_pages(book_html):
        requests = requests_while_loading(page, book_url, relative)
        undrawn = page.evaluate(ICONS_JS)
        if font_requests(requests) or undrawn:
            problems[relative] = {"fonts": font_requests(requests), "icons without a drawn SVG": undrawn}
    assert not problems, problems


def test_the_font_check_sees_a_web_font(page, book_url):
    """The companion: a page given back the theme's icon font (and an icon drawn with it) requests it."""
    open_page(page, book_url, "book/intro.html")
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.add_style_tag(content="@font-face{font-family:Injected;src:url(/_static/vendor/fontawesome/webfonts/"
                               "fa-solid-900.woff2) format('woff2')} .injected{font-family:Injected}")
    page.evaluate("""() => { const i = document.createElement('i'); i.className = 'injected fa-injected';
                             i.textContent = 'x'; document.querySelector('article').prepend(i); }""")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    assert font_requests([("font", url) for url in fonts])
    assert "injected fa-injected" in page.evaluate(ICONS_JS)


def test_pictures_after_the_first_are_lazy_and_sized(book_html):
    problems = {relative: lazy_problems(read(book_html, relative)) for relative in first_pages(book_html)}
    assert not {k: v for k, v in problems.items() if v}, problems
    assert sum(len(article_images(read(book_html, r))) for r in first_pages(book_html)) > 20


def test_the_lazy_check_sees_an_eager_picture(book_html):
    html = read(book_html, "book/01-anatomy.html")
    images = _IMG.findall(html[html.find('<article class="bd-article"'):])
    faulty = html.replace(images[1], images[1].replace(' loading="lazy"', ""))
    assert any("is not lazy" in p for p in lazy_problems(faulty))
    unsized = html.replace(images[2], re.sub(r' (width|height)="\d+"', "", images[2]))
    assert any("no width and height" in p for p in lazy_problems(unsized))


def test_the_lazy_check_sees_a_lazy_or_low_priority_picture_near_the_top(book_html):
    html = read(book_html, "book/01-anatomy.html")
    start = html.find('<article class="bd-article"')
    start = html.find(">", start) + 1
    lazy_top = '<img src="../_images/x.png" alt="x" width="10" height="10" loading="lazy" decoding="async">'
    assert any("near the top" in p and "is lazy" in p for p in lazy_problems(html[:start] + lazy_top + html[start:]))
    plain_top = '<img src="../_images/x.png" alt="x" width="10" height="10">'
    assert any("not fetchpriority=high" in p for p in lazy_problems(html[:start] + plain_top + html[start:]))


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_no_lazy_picture_on_the_first_screen(browser, book_url, book_html, screen):
    problems = {}
    with watched_page(browser, book_url, **(PHONE if screen == "phone" else DESKTOP)) as page:
        for relative in first_pages(book_html):
            open_page(page, book_url, relative)
            found = first_screen_problems(page.evaluate(FIRST_SCREEN_JS))
            if found:
                problems[relative] = found
    assert not problems, problems


def test_the_first_screen_check_sees_a_lazy_picture_at_the_top(browser, book_url):
    """The companion: a large lazy picture put at the top of the article is seen on the first screen and,
    being the largest thing there, as a lazy largest contentful paint."""
    with watched_page(browser, book_url, **DESKTOP) as page:
        open_page(page, book_url, "book/01-anatomy.html")
        page.evaluate("""() => new Promise(done => {
            const src = document.querySelector('article.bd-article img').getAttribute('src');
            const img = Object.assign(document.createElement('img'), {alt: 'injected', width: 800, height: 600});
            img.setAttribute('loading', 'lazy');
            img.style.cssText = 'width:800px;height:600px;display:block';
            img.onload = () => requestAnimationFrame(() => setTimeout(done, 200));
            img.src = src;
            document.querySelector('article.bd-article').prepend(img);
        })""")
        problems = first_screen_problems(page.evaluate(FIRST_SCREEN_JS))
    assert any("a lazy picture on the first screen" in p for p in problems), problems
    assert any("largest contentful paint is a picture loaded lazy" in p for p in problems), problems


def test_the_extensions_stylesheets_are_trimmed(book_html):
    sheets = {path: path.read_text("utf-8") for path in trimmed_sheets(book_html)}
    assert len(sheets) >= 4, f"expected the extensions' stylesheets (myst-nb, sphinx-design, ...): {sheets}"
    assert not trim_problems(sheets, originals_folder(book_html)), trim_problems(sheets, originals_folder(book_html))


def test_the_trim_check_sees_an_untrimmed_sheet_and_a_lost_original(book_html, tmp_path):
    sheets = {path: path.read_text("utf-8") for path in trimmed_sheets(book_html)}
    first = next(iter(sheets))
    untrimmed = {**sheets, first: open(os.path.join(originals_folder(book_html), first.name), encoding="utf-8").read()}
    assert f"not trimmed: {first.name}" in trim_problems(untrimmed, originals_folder(book_html))
    assert f"no original kept for {first.name}" in trim_problems(sheets, str(tmp_path))


@pytest.mark.parametrize("relative", ["book/01-anatomy.html", "notebooks/01-anatomy-lab.html"])
def test_trimmed_stylesheets_style_every_element_as_the_originals(browser, book_url, book_html, relative):
    """Every element's computed style is the same with the trimmed sheets as with the extensions' own
    files, in light and dark mode."""
    originals = {sheet.name: open(os.path.join(originals_folder(book_html), sheet.name), encoding="utf-8").read()
                 for sheet in trimmed_sheets(book_html)}
    trimmed = {sheet.name: sheet.read_text("utf-8") for sheet in trimmed_sheets(book_html)}
    for dark in (False, True):
        with watched_page(browser, book_url, **DESKTOP) as page:
            before = computed_styles(page, book_url, relative, originals, dark)
        with watched_page(browser, book_url, **DESKTOP) as page:
            after = computed_styles(page, book_url, relative, trimmed, dark)
        assert len(before) == len(after) > 500
        changed = [(b, a) for b, a in zip(before, after) if b != a]
        assert not changed, f"{len(changed)} elements styled differently ({'dark' if dark else 'light'}): {changed[:3]}"


def test_the_style_check_sees_a_missing_rule(browser, book_url, book_html):
    """The companion: myst-nb's stylesheet emptied changes how some element looks."""
    trimmed = {sheet.name: sheet.read_text("utf-8") for sheet in trimmed_sheets(book_html)}
    broken = {name: ("" if name.startswith("mystnb") else text) for name, text in trimmed.items()}
    with watched_page(browser, book_url, **DESKTOP) as page:
        before = computed_styles(page, book_url, "notebooks/01-anatomy-lab.html", trimmed, False)
    with watched_page(browser, book_url, **DESKTOP) as page:
        after = computed_styles(page, book_url, "notebooks/01-anatomy-lab.html", broken, False)
    assert before != after


def test_webp_sources_have_png_fallbacks_with_alt(page, book_url, book_html):
    problems, pictures = {}, 0
    for relative in first_pages(book_html):
        html = read(book_html, relative)
        pictures += len(_PICTURE.findall(html))
        found = picture_problems(html, os.path.join(book_html, relative))
        if found:
            problems[relative] = found
    assert not problems, problems
    assert pictures > 10, f"only {pictures} <picture> elements on the first pages"
    open_page(page, book_url, "book/01-anatomy.html")
    shown = page.evaluate("() => Array.from(document.querySelectorAll("
                          "'picture:has(source[type=\"image/webp\"]) img')).slice(0, 1)"
                          ".map(img => img.currentSrc)")
    assert shown and shown[0].endswith(".webp"), shown


def test_the_picture_check_sees_a_missing_fallback_and_alt(book_html):
    relative = "book/01-anatomy.html"
    html = read(book_html, relative)
    inner = _PICTURE.findall(html)[0]
    img = _IMG.search(inner).group(0)
    no_alt = html.replace(img, re.sub(r'alt="[^"]*"', 'alt=""', img))
    assert any("without alt text" in p for p in picture_problems(no_alt, os.path.join(book_html, relative)))
    no_png = html.replace(img, img.replace(".png", ".gif"))
    assert any("no PNG fallback" in p for p in picture_problems(no_png, os.path.join(book_html, relative)))
    source = re.search(r"<source\b[^>]*>", inner).group(0)
    unsized = html.replace(source, re.sub(r' (width|height)="\d+"', "", source))
    assert any("without width and height" in p for p in picture_problems(unsized, os.path.join(book_html, relative)))

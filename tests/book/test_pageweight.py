"""Pages that stay light on a phone (issue 26, item 7; ``tools/bookext/pageweight.py``).

On every page a reader opens first (the introduction, each chapter, each lab), in Debian's chromium:

* no page but the search page loads the search index (``searchindex.js``, 116 KB);
* no web font is requested (the theme's icons are inline SVG and CSS masks), and every icon the
  theme shows is drawn (an ``<svg>`` of non-zero size);
* every picture after the article's first is ``loading="lazy" decoding="async"`` with its width and
  height; the first is not lazy;
* every WebP ``<source>`` exists and sits in a ``<picture>`` whose ``<img>`` is the PNG fallback with
  its alt text, and the browser shows the WebP.

Each check has a companion that injects the fault and shows the check reports it. Speed itself is
measured by ``make bench`` (``benchmarks/bench_lighthouse.py``), not asserted here.
"""
from __future__ import annotations

import os
import re

import pytest

from support.bookbrowser import open_page

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


def lazy_problems(html: str) -> list[str]:
    """What is wrong with the loading of a page's pictures (empty: nothing)."""
    problems = []
    for n, attrs in enumerate(article_images(html)):
        name = attrs.get("src", "?")[-40:]
        if attrs.get("src", "").startswith("data:"):
            continue
        if n == 0 and attrs.get("loading") == "lazy":
            problems.append(f"the first picture is lazy: {name}")
        if n > 0 and (attrs.get("loading") != "lazy" or attrs.get("decoding") != "async"):
            problems.append(f"picture {n + 1} is not lazy: {name}")
        if not (attrs.get("width") and attrs.get("height")) and "width" not in attrs.get("style", "").replace("max-width", ""):
            problems.append(f"picture {n + 1} has no width and height: {name}")
    return problems


_PICTURE = re.compile(r"<picture>(.*?)</picture>", re.S)


def picture_problems(html: str, page_path: str) -> list[str]:
    """What is wrong with the page's ``<picture>`` elements: a WebP without a PNG fallback with alt text.

    A widget's ``<picture>`` offers its narrow rendition to phones (``<source media=...>``, a PNG,
    :meth:`dmnlab.course.widgets.Explorer.static_html`): its file must exist, and so must the fallback.
    """
    problems = []
    folder = os.path.dirname(page_path)
    for inner in _PICTURE.findall(html):
        narrow = re.search(r'<source id="[^"]*-narrow" media="[^"]+" srcset="([^"]+)">', inner)
        source = narrow or re.search(r'<source type="image/webp" srcset="([^"]+)">', inner)
        img = _IMG.search(inner)
        attrs = dict(_ATTR.findall(img.group(0))) if img else {}
        if not source or not os.path.isfile(os.path.join(folder, source.group(1))):
            problems.append(f"no {'narrow picture' if narrow else 'WebP file'} behind {inner[:80]}")
        if not attrs.get("src", "").endswith(".png") or not os.path.isfile(os.path.join(folder, attrs["src"])):
            problems.append(f"no PNG fallback in {inner[:80]}")
        if not attrs.get("alt", "").strip():
            problems.append(f"a fallback without alt text: {attrs.get('src', '?')}")
    return problems


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

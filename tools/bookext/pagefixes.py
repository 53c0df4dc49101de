"""Accessibility corrections of the theme's and Sphinx's markup (WCAG 2.1 AA), at build time.

An axe-core audit of the built book (``tests/book/test_accessibility.py``) found serious or critical
violations on every page that came from markup the course does not write itself. Each fix
here names the axe rule it answers; no rule is switched off.

* ``label-content-name-mismatch`` — the theme's search button is labelled "Search" but shows
  "Search Ctrl+K": overridden by ``templates/search-button-field.html`` (the theme finds its
  components by file name, so the course's templates folder comes first).
* ``label-content-name-mismatch`` — the colour-mode button's icons have titles that are not in
  its name: overridden by ``templates/theme-switcher.html`` (icons hidden from assistive
  technology). myst-nb's "Show code cell source" toggles are labelled "Toggle hidden content":
  the label is dropped, so the name is the visible text.
* ``summary-name`` — the sidebar's expand/collapse ``<summary>`` holds only a chevron icon:
  each gets an ``aria-label`` naming the chapter whose pages it shows or hides.
* ``aria-required-children`` and ``aria-deprecated-role`` — Sphinx writes the reference list
  as ``role="list"`` around entries with the deprecated ``role="doc-biblioentry"``: the
  entries become ``role="listitem"``.

The same templates folder also carries ``search.html`` (the theme's search page with a line on how to
get result snippets: a page opened from ``file://`` may not read the others, issue 26) and
``static/webpack-macros.html``, which keeps the theme's
1.5 MB ``fontawesome.js`` off every page (issue 14: page weight; the icons are inline SVG made from it
after the build, :mod:`tools.bookext.pageweight`).
"""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _add_templates(app, config) -> None:
    # First in the list, so the course's components win over the theme's.
    config.templates_path.insert(0, str(TEMPLATES_DIR))


def label_summaries(soup):
    """Give every ``<summary>`` without text an ``aria-label`` from its entry's link text.

    ``soup`` is the theme's sidebar (a BeautifulSoup tree, changed in place) or an HTML string
    (a new string is returned).
    """
    from bs4 import BeautifulSoup

    if isinstance(soup, str):
        if "<summary" not in soup:
            return soup
        return str(label_summaries(BeautifulSoup(soup, "html.parser")))
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        entry = summary.find_parent("li")
        link = entry.find("a") if entry else None
        name = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Show or hide the pages under {name}"
    return soup


#: myst-nb's "Show code cell source" toggles put a ``<p>`` in ``<summary>``, which HTML does not allow
#: (W3C Nu validator: "Element p not allowed as child of element summary"): they become ``<span>``,
#: styled as myst-nb styles the paragraphs (dmnlab.css).
_HIDE_TITLE = re.compile(r'<p class="(collapsed|expanded) admonition-title">(.*?)</p>', re.S)
#: pandas writes ``<style scoped>`` before each table: ``scoped`` is not HTML, and its selectors reach
#: outside the style's parent (Nu validator). The three rules it carries are in dmnlab.css instead.
_PANDAS_STYLE = re.compile(r"<style scoped>\s*\.dataframe tbody tr th:only-of-type.*?</style>", re.S)


def valid_markup(body: str) -> str:
    """A page body with the theme's and pandas' markup errors corrected (see the patterns above)."""
    body = body.replace('role="doc-biblioentry"', 'role="listitem"').replace(
        '<summary aria-label="Toggle hidden content">', "<summary>")
    body = _HIDE_TITLE.sub(r'<span class="\1 admonition-title">\2</span>', body)
    return _PANDAS_STYLE.sub("", body)


def _fix_page(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body:
        context["body"] = valid_markup(body)
    make_toctree = context.get("generate_toctree_html")
    if make_toctree is not None and not getattr(make_toctree, "dmnlab_labelled", False):
        def generate_toctree_html(kind, *args, **kwargs):
            return label_summaries(make_toctree(kind, *args, **kwargs))

        generate_toctree_html.dmnlab_labelled = True
        context["generate_toctree_html"] = generate_toctree_html


def setup(app) -> None:
    """Called by :func:`tools.bookext.setup`."""
    app.connect("config-inited", _add_templates)
    # after the theme has put its functions into the page context (default priority 500)
    app.connect("html-page-context", _fix_page, priority=950)

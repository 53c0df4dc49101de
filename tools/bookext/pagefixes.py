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


#: Every table of a page body (the theme's and pandas'; tables are never nested in the course's pages).
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_TAGS = re.compile(r"<[^>]+>")
#: Marks each scroll box that is wider than its content ``dmnlab-scrolls`` (the cue shows) and
#: ``dmnlab-at-end`` once scrolled to its end.
TABLE_SCRIPT = ("(function(){function mark(w){var b=w.querySelector('.dmnlab-table-scroll');"
                "var more=b.scrollWidth>b.clientWidth+1;w.classList.toggle('dmnlab-scrolls',more);"
                "w.classList.toggle('dmnlab-at-end',more&&b.scrollLeft+b.clientWidth>=b.scrollWidth-2);}"
                "function all(){document.querySelectorAll('.dmnlab-table-wrap').forEach(mark);}"
                "document.querySelectorAll('.dmnlab-table-scroll').forEach(function(b){"
                "b.addEventListener('scroll',function(){mark(b.parentNode);},{passive:true});});"
                "all();window.addEventListener('resize',all);window.addEventListener('load',all);})();")


def scrollable_tables(body: str) -> str:
    """Each table in a box of its own that scrolls sideways, so a wide table never widens the page.

    On a phone a wide table scrolls in its box with a visible cue ("scroll →" and a faded edge,
    shown by :data:`TABLE_SCRIPT` only while there is more to see); the box takes the keyboard focus
    (``tabindex="0"``, a named ``role="region"``: axe's scrollable-region-focusable), so arrow keys
    scroll it (issue 26).
    """
    count = 0

    def wrap(match: re.Match) -> str:
        nonlocal count
        count += 1
        table = stacked_on_phones(match.group(0))
        caption = re.search(r"<caption\b.*?</caption>", table, re.S)
        heads = re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S)
        words = [" ".join(_TAGS.sub(" ", cell).split()) for cell in ([caption.group(0)] if caption else heads)]
        words = [w for w in words if w][:3]
        about = ": " + ", ".join(words)[:80] if words else ""
        label = f"Table {count}{about} (scrolls sideways)"
        return ('<div class="dmnlab-table-wrap"><p class="dmnlab-scroll-hint" aria-hidden="true">scroll →</p>'
                f'<div class="dmnlab-table-scroll" tabindex="0" role="region" aria-label="{_attr(label)}">'
                f"{table}</div></div>")

    body = _TABLE.sub(wrap, body)
    return body + f"<script>{TABLE_SCRIPT}</script>" if count else body


#: A table whose cells hold this many characters on average is prose: on a phone its rows stack.
PROSE_CELL_CHARS = 40


def stacked_on_phones(table: str) -> str:
    """A prose table (long texts in its cells, one header row) marked to reflow on a phone.

    Each cell gets its column's heading (``data-label``, shown before it by dmnlab.css on narrow
    screens, where each row becomes a block, so the heading is read with each cell; the HTML
    checker allows no explicit table roles on the rows and cells). Other tables are returned unchanged.
    """
    from bs4 import BeautifulSoup

    if "<thead" not in table or "rowspan" in table or "colspan" in table:
        return table
    soup = BeautifulSoup(table, "html.parser")
    heads = [" ".join(th.get_text(" ").split()) for th in soup.thead.find_all("th")]
    rows = soup.tbody.find_all("tr") if soup.tbody else []
    cells = [td for row in rows for td in row.find_all("td")]
    if not cells or len(heads) < 2 or any(len(row.find_all(["td", "th"])) != len(heads) for row in rows):
        return table
    if sum(len(td.get_text(" ", strip=True)) for td in cells) / len(cells) < PROSE_CELL_CHARS:
        return table
    node = soup.table
    node["class"] = node.get("class", []) + ["dmnlab-stack"]
    for row in rows:
        for head, cell in zip(heads, row.find_all(["td", "th"])):
            if cell.name == "td":
                cell["data-label"] = head
    return str(soup)


def _attr(text: str) -> str:
    import html

    return html.escape(html.unescape(text), quote=True)


def _fix_page(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body:
        context["body"] = scrollable_tables(valid_markup(body))
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

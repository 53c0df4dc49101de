"""Glossary previews: a glossary term's definition on hover and on keyboard focus, in the page.

sphinx-tippy does the work (it copies each term's definition from the glossary page into the
page's tips at build time); this module configures it for the course:

* only links to glossary terms get a preview (every other link stays a plain link);
* tippy.js and Popper are served from the book (``static/vendor``, copied from the npm packages
  that ``package-lock.json`` pins; a test checks they are the same bytes), never from a CDN, and
  nothing is fetched at build time (sphinx-tippy's Wikipedia and DOI look-ups are off);
* a preview opens on hover and on focus (Tab), can be hovered (``interactive``), and closes with
  Escape (``static/dmnlab-tips.js``): WCAG 2.1's 1.4.13, content on hover or focus.
"""
from __future__ import annotations

#: The vendored scripts, relative to ``_static`` (popper first: tippy needs it).
VENDOR_JS = ("vendor/popper.min.js", "vendor/tippy-bundle.umd.min.js")
#: Any link that is not a glossary term (``glossary.html#term-…`` or, on the glossary, ``#term-…``).
NOT_A_TERM = r"^(?!([^#]*glossary\.html)?#term-)"


def _configure(app, config):
    config.tippy_js = VENDOR_JS
    config.tippy_enable_wikitips = False
    config.tippy_enable_doitips = False
    config.tippy_rtd_urls = []
    config.tippy_skip_urls = (NOT_A_TERM,)
    config.tippy_props = {"placement": "auto-start", "maxWidth": 420, "interactive": True, "theme": "dmnlab"}
    config.tippy_add_class = "dmnlab-term-tip"


def _always_write_the_glossary(app, env, added, changed, removed):
    """sphinx-tippy builds a page's previews from the pages written in the same run: an incremental
    build that did not rewrite the glossary would give the rewritten pages empty previews."""
    return [name for name in env.found_docs if name.rsplit("/", 1)[-1] == "glossary"]


def _drop_stale_tips(app, exception):
    """Remove tips files no page refers to any more (sphinx-tippy writes a new file name per build and,
    for pages in folders, does not find the old ones)."""
    from pathlib import Path

    if exception is not None or app.builder.name != "html":
        return
    folder = Path(app.outdir) / "_static" / "tippy"
    if not folder.is_dir():
        return
    referenced = set()
    for page in Path(app.outdir).rglob("*.html"):
        referenced.update(part.split('"')[0] for part in page.read_text("utf-8", errors="ignore").split("_static/tippy/")[1:])
    for path in folder.rglob("*.js"):
        if path.relative_to(folder).as_posix() not in referenced:
            path.unlink()


def setup(app):
    app.setup_extension("sphinx_tippy")
    app.connect("config-inited", _configure, priority=900)
    app.connect("env-get-outdated", _always_write_the_glossary)
    app.connect("build-finished", _drop_stale_tips, priority=900)
    app.add_js_file("dmnlab-tips.js", loading_method="defer")

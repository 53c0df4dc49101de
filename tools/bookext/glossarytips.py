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


def setup(app):
    app.setup_extension("sphinx_tippy")
    app.connect("config-inited", _configure, priority=900)
    app.add_js_file("dmnlab-tips.js", loading_method="defer")

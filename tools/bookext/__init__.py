"""Sphinx extension used by the book build (listed in ``_config.yml``).

* Switches :mod:`dmnlab.course.widgets` to static mode for every notebook the build
  executes: kernels inherit this process's environment, so each widget is
  rendered as precomputed HTML that works without a kernel or a CDN.
* Adds the small stylesheet for those widgets.
* Gives every notebook image an alt text: figures made by :mod:`dmnlab.course.plotting`
  carry it in their PNG ``Description`` field; myst-nb would otherwise use the
  file name. A cell's explicit ``mystnb: image: alt:`` metadata still wins.
* Writes "et al." for BibTeX author lists that end in ``and others`` (pybtex would
  print "Seeley and others").
* Drops the Thebe scripts that Jupyter Book adds to every page even with Thebe
  switched off: they declare ``THEBE_JS_URL`` twice (a page error) and point at a CDN.
* Corrects the theme's and Sphinx's markup where an accessibility audit (axe-core, WCAG 2.1 AA)
  finds it wanting: :mod:`tools.bookext.pagefixes`.
* Moves the widgets' precomputed pictures out of the pages into files fetched on demand:
  :mod:`tools.bookext.pagepictures`.
* Makes the pages light on a phone (inline SVG icons instead of web fonts, the search index only on
  the search page, deferred scripts, lazy pictures with WebP sources, unused theme CSS removed):
  :mod:`tools.bookext.pageweight`.
* Shows a glossary term's definition on hover and keyboard focus, offline:
  :mod:`tools.bookext.glossarytips` (sphinx-tippy with tippy.js vendored from npm).
* Keeps a learner's progress (quiz answers, finished chapters) in the browser:
  :mod:`tools.bookext.progress`.
* Lets the single-page HTML builder (``make pdf``) render the nodes that extensions taught only
  the ``html`` builder (myst-nb's hidden-input cells): Sphinx keys node visitors by builder name.
"""
from __future__ import annotations

import os
from pathlib import Path

from dmnlab.course.widgets import STATIC_ENV

from . import glossarytips, pagefixes, pagepictures, pageweight, progress

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app, config):
    config.html_static_path.append(str(STATIC_DIR))


def _is_thebe(asset) -> bool:
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "sphinx-thebe" in str(asset) or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]


def _alt_from_png(app, doctree, docname):
    from docutils import nodes
    from PIL import Image

    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        alt = image.get("alt", "")
        if alt and alt != uri and not alt.endswith(".png"):
            continue
        path = Path(app.srcdir) / uri
        if not path.is_file() or path.suffix != ".png":
            continue
        try:
            with Image.open(path) as picture:
                description = picture.text.get("Description", "")
        except OSError:
            continue
        if description:
            image["alt"] = description


def _patch_et_al() -> None:
    """Make ``and others`` in a BibTeX author list read "et al." in labels and the list."""
    import pybtex.style.template as pybtex_template
    from pybtex.richtext import Text
    from sphinxcontrib.bibtex.style import template as sphinx_template

    def et_al_join(original):
        def join(children, data, *args, **kwargs):
            parts = [part for part in pybtex_template._format_list(children, data) if part]
            if len(parts) >= 2 and str(parts[-1]) == "others":
                sep = args[0] if args else kwargs.get("sep", "")
                names = Text(sep).join(parts[:-1]) if len(parts) > 2 else parts[0]
                return Text(names, " et al.")
            return original.f(children, data, *args, **kwargs)

        patched = pybtex_template.node(join)
        patched.dmnlab_et_al = True
        return patched

    for module in (pybtex_template, sphinx_template):
        if not getattr(module.join, "dmnlab_et_al", False):
            module.join = et_al_join(module.join)


def _decode_latex_once() -> None:
    """pybtex decodes every field's LaTeX each time it formats an entry, and sphinxcontrib-bibtex formats
    every entry on every build (about 22,000 decodings, 1-2 s of a cached build): the decoded string,
    a pure function of the field, is kept (the parse, which makes new objects, still runs each time)."""
    import codecs
    import functools

    import latexcodec  # noqa: F401 - registers the "ulatex" codec
    from pybtex.markup import LaTeXParser
    from pybtex.richtext import Text

    if getattr(Text.from_latex, "dmnlab_decoded_once", False):
        return
    decode = functools.lru_cache(maxsize=None)(lambda latex: codecs.decode(latex, "ulatex"))

    def from_latex(cls, latex):
        return LaTeXParser(decode(latex)).parse()

    from_latex.dmnlab_decoded_once = True
    Text.from_latex = classmethod(from_latex)


def _share_html_visitors(app):
    if app.builder.name in ("singlehtml", "dirhtml"):
        handlers = app.registry.translation_handlers
        for node, visitors in handlers.get("html", {}).items():
            handlers.setdefault(app.builder.name, {}).setdefault(node, visitors)


def setup(app):
    os.environ[STATIC_ENV] = "1"
    _patch_et_al()
    _decode_latex_once()
    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", _share_html_visitors, priority=100)
    app.add_css_file("dmnlab.css")
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("doctree-resolved", _alt_from_png)
    pagefixes.setup(app)
    progress.setup(app)
    pagepictures.setup(app)
    glossarytips.setup(app)
    pageweight.setup(app)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}

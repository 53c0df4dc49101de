"""Sphinx extension used by the book build (listed in ``_config.yml``).

* Switches :mod:`dmnlab.widgets` to static mode for every notebook the build
  executes: kernels inherit this process's environment, so each widget is
  rendered as precomputed HTML that works without a kernel or a CDN.
* Adds the small stylesheet for those widgets.
* Drops the Thebe scripts that Jupyter Book adds to every page even with Thebe
  switched off: they declare ``THEBE_JS_URL`` twice (a page error) and point at a CDN.
"""
from __future__ import annotations

import os
from pathlib import Path

from .widgets import STATIC_ENV

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


def setup(app):
    os.environ[STATIC_ENV] = "1"
    app.connect("config-inited", _add_static_path)
    app.add_css_file("dmnlab.css")
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension used by the book build (listed in ``_config.yml``).

* Switches :mod:`dmnlab.widgets` to static mode for every notebook the build
  executes: kernels inherit this process's environment, so each widget is
  rendered as precomputed HTML that works without a kernel or a CDN.
* Adds the small stylesheet for those widgets.
"""
from __future__ import annotations

import os
from pathlib import Path

from .widgets import STATIC_ENV

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app, config):
    config.html_static_path.append(str(STATIC_DIR))


def setup(app):
    os.environ[STATIC_ENV] = "1"
    app.connect("config-inited", _add_static_path)
    app.add_css_file("dmnlab.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}

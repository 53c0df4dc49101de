"""Inline pictures out of the built pages, into files the browser fetches when it needs them.

A precomputed widget (:meth:`dmnlab.course.widgets.Explorer.static_html`) carries every state's
picture as a ``data:`` URI, so the executed notebook stays self-contained. In the book that
made chapter 1's page 4 MB before a reader touched a control. At build time every
``data:image/...;base64,...`` in a page's body becomes a file under
``_static/dmnlab-pictures/`` (named by its content's hash, so a picture used twice is stored
once), and the page refers to it by a relative address. The widget's script swaps ``img.src``,
so a state's picture is fetched only when a control moves to it; that works from a web host and
from ``file://`` alike. The first state is an ordinary ``<img>``, loaded with the page.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

FOLDER = "_static/dmnlab-pictures"
DATA_URI = re.compile(r"data:image/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/=]+)")
#: Smaller pictures stay inline: a request costs more than it saves.
MIN_BYTES = 2048


def externalise(body: str, outdir: Path, address) -> str:
    """``body`` with each large data-URI picture written to a file and referred to by address.

    ``address(path)`` turns a path relative to the build's root into the page's relative
    address for it (Sphinx's ``pathto(path, resource=True)``).
    """
    folder = Path(outdir) / FOLDER
    written: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        uri = match.group(0)
        if len(uri) < MIN_BYTES * 4 // 3:
            return uri
        if uri not in written:
            data = base64.b64decode(match.group(2))
            name = hashlib.sha1(data).hexdigest()[:20] + "." + match.group(1)
            target = folder / name
            if not target.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            written[uri] = address(f"{FOLDER}/{name}")
        return written[uri]

    return DATA_URI.sub(replace, body)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body or "data:image/" not in body or app.builder.format != "html":
        return
    pathto = context["pathto"]
    context["body"] = externalise(body, Path(app.outdir), lambda path: pathto(path, 1))


def setup(app) -> None:
    """Called by :func:`tools.bookext.setup`."""
    app.connect("html-page-context", _page_context)

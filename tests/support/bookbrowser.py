"""The built book in a browser: which pages there are, the book served on 127.0.0.1, Debian's
chromium through Playwright, and a watch on everything that goes wrong in a page.

Shared by the browser tests (``test_browser.py``, ``test_accessibility.py``,
``test_progress.py``); ``conftest.py`` registers the fixtures.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from urllib.parse import urlsplit

import pytest

from conftest import BUILD_DIR
from dmnlab.course import chapters

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = os.path.join(BUILD_DIR, "screenshots")
#: Folders of the build that hold assets or sources, not pages.
NOT_PAGES = ("_static", "_sources", "_images", "_panels_static", ".doctrees", "jupyter_execute")


# --- which pages --------------------------------------------------------------------------
#: Every document of the book (the chapter registry), root first, without extension.
TOC_PAGES = chapters.documents()


def other_pages(html_dir: str) -> list[str]:
    """HTML pages of the build that are not in the toc (index, genindex, search, ...)."""
    toc = {name + ".html" for name in TOC_PAGES}
    found = []
    for root, dirs, files in os.walk(html_dir):
        dirs[:] = sorted(d for d in dirs if d not in NOT_PAGES and not d.startswith("."))
        for file in sorted(files):
            if file.endswith(".html"):
                relative = os.path.relpath(os.path.join(root, file), html_dir).replace(os.sep, "/")
                if relative not in toc:
                    found.append(relative)
    return found


# --- fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def book_html(built_book):
    """The built HTML folder.

    A build that only had warnings (``-W --keep-going``) still wrote every page: the pages
    are tested (``test_book.py`` reports the warnings). A build that crashed may have left
    the pages of an OLDER build behind: fail with its log rather than test stale pages.
    """
    html_dir = built_book["html"]
    output = built_book["output"]
    crashed = built_book["returncode"] != 0 and (
        "There was an error in building your book" in output
        or "Traceback (most recent call last)" in output)
    if crashed or not os.path.isfile(os.path.join(html_dir, TOC_PAGES[0] + ".html")):
        pytest.fail("The book build failed, so there is nothing (current) to open in a browser. "
                    "Build log (end):\n" + output[-4000:])
    return html_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep pytest output clean
        pass


@pytest.fixture(scope="module")
def book_url(book_html):
    """The book served on 127.0.0.1 (random free port) by a threaded http.server."""
    handler = functools.partial(_QuietHandler, directory=book_html)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch_chromium(playwright):
    """Debian's chromium, headless; a clear message if it is missing (never a skip)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make chromium` "
                    "(never `playwright install`, which needs the internet).")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Python Playwright is missing from the venv: run `make venv` "
                    "(requirements-dev.txt lists it).")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Collects everything that goes wrong while a page is open."""

    def __init__(self, page, base_url: str):
        self.problems: list[str] = []
        self.base = urlsplit(base_url)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", lambda request: self.problems.append(
            f"request failed: {request.url[:200]} ({request.failure})"))
        page.on("response", self._response)
        # Nothing may leave 127.0.0.1: such requests are recorded and aborted.
        page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.problems.append(f"console error: {message.text} "
                                 f"({location.get('url', '')}:{location.get('lineNumber', '')})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url[:200]}")

    def _route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.base.netloc:
            self.problems.append(f"tried to reach the network: {route.request.url[:200]}")
            route.abort("blockedbyclient")
        else:
            route.continue_()


@contextlib.contextmanager
def watched_page(browser, book_url: str, **context_options):
    """A page in a fresh browser context (service workers blocked), watched by :class:`PageWatch`;
    ``context_options`` go to ``browser.new_context`` (a viewport, a phone's settings)."""
    context = browser.new_context(service_workers="block", **context_options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.watch = PageWatch(page, book_url)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, book_url):
    with watched_page(browser, book_url, viewport={"width": 1280, "height": 900}) as page:
        yield page


# --- checks -------------------------------------------------------------------------------
def open_page(page, book_url: str, relative: str):
    response = page.goto(f"{book_url}/{relative}", wait_until="load")
    assert response is not None and response.ok, f"{relative}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")

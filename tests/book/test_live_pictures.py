"""A live widget shows a picture it has sent before without the kernel (a real JupyterLab).

The pictures a live widget has sent stay in the page (:mod:`dmnlab.course.livepictures`), and the
browser switches between them by the controls. The test stops the kernel's process (SIGSTOP: it
answers nothing, as a kernel busy with a long cell or gone away) and then moves a control:

* back to a state shown before: the picture must change at once, kernel or not;
* to a state never sent: the page must show the placeholder, not a wrong picture, until the
  kernel runs again (SIGCONT) and sends it (this also shows the kernel really was stopped).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile

import pytest

from tools import labdriver

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CODE = ("from dmnlab import anatomy\nfrom dmnlab.study.nodes import build_node_table\n"
        "anatomy.region_explorer(build_node_table())")
NOTEBOOK = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                       "source": CODE}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}
SHOWN_JS = """(w) => { const img = w.querySelector('img');
    return {src: img ? img.getAttribute('src') : null, alt: img ? img.getAttribute('alt') : null,
            drawing: !!w.querySelector('.dmnlab-drawing')}; }"""


def _select(page, control, index: int) -> None:
    """Choose option ``index`` of a live Dropdown with the keyboard, as a JupyterLab user does
    (Alt+ArrowDown opens the list; Home/End/arrows move; Enter chooses)."""
    control.focus()
    page.keyboard.press("Alt+ArrowDown")
    current = control.evaluate("(s) => s.selectedIndex")
    if index == 0:
        page.keyboard.press("Home")
    elif index == control.evaluate("(s) => s.options.length - 1"):
        page.keyboard.press("End")
    else:
        key = "ArrowDown" if index > current else "ArrowUp"
        for _ in range(abs(index - current)):
            page.keyboard.press(key)
    page.keyboard.press("Enter")


def _wait_shown(page, widget, predicate_js: str, timeout_ms: int) -> bool:
    try:
        page.wait_for_function(f"(w) => {{ const s = ({SHOWN_JS})(w); return {predicate_js}; }}",
                               arg=widget.element_handle(), timeout=timeout_ms)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        return False


def _cmdline(pid: str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:          # a process that ended meanwhile
        return b""


@contextlib.contextmanager
def _stopped_kernel(server, notebook: str):
    """The notebook's kernel process stopped (SIGSTOP) inside the block, running again after."""
    sessions = labdriver.api(server["url"], server["token"], "/api/sessions") or []
    kernel_id = next(s["kernel"]["id"] for s in sessions if s.get("path") == notebook)
    marker = f"kernel-{kernel_id}.json".encode()
    pids = [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and marker in _cmdline(pid)]
    assert len(pids) == 1, f"kernel process of {notebook}: found {pids}"
    os.kill(pids[0], signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pids[0], signal.SIGCONT)


def test_a_picture_shown_before_comes_back_while_the_kernel_is_stopped():
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="dmnlab-live-pictures-")
    try:
        with open(os.path.join(folder, "pictures.ipynb"), "w", encoding="utf-8") as handle:
            json.dump(NOTEBOOK, handle)
        with labdriver.running_lab(folder) as server, sync_playwright() as playwright:
            browser, page = labdriver.open_and_run(playwright, server, "pictures.ipynb", 240)
            widget = page.locator(labdriver.WIDGET_OUTPUTS).first
            control = labdriver.controls(widget).first
            last = control.evaluate("(s) => s.options.length - 1")
            assert last >= 5, "the test needs a dropdown with at least six options"
            start = widget.evaluate(SHOWN_JS)
            assert start["src"] and not start["drawing"]

            _select(page, control, 1)                       # a new state: from the kernel
            assert _wait_shown(page, widget, f"s.src && s.src !== {json.dumps(start['src'])}", 10_000)
            second = widget.evaluate(SHOWN_JS)
            _select(page, control, 0)                       # back: shown before
            assert _wait_shown(page, widget, f"s.src === {json.dumps(start['src'])}", 10_000)

            with _stopped_kernel(server, "pictures.ipynb"):
                _select(page, control, 1)                   # shown before: the page has it
                assert _wait_shown(page, widget, f"s.src === {json.dumps(second['src'])}", 2_000), \
                    "a picture shown before did not come back while the kernel was stopped"
                assert widget.evaluate(SHOWN_JS)["alt"] == second["alt"]

                _select(page, control, last)                # never sent: a placeholder, no picture
                page.wait_for_timeout(1_500)
                shown = widget.evaluate(SHOWN_JS)
                assert shown["drawing"] and shown["src"] is None, \
                    f"while the kernel was stopped, a state never sent showed {shown}"

            assert _wait_shown(page, widget, "s.src && !s.drawing", 30_000), \
                "the picture never arrived after the kernel ran again"
            final = widget.evaluate(SHOWN_JS)
            assert final["src"] not in (start["src"], second["src"])
            assert final["alt"] not in (start["alt"], second["alt"])
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

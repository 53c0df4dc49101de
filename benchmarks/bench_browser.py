"""What a learner's browser sees (`make bench`, sections (f) and (g)); numbers only.

(f) Live widget latency in a real JupyterLab: every widget of every chapter in the registry
    module is displayed by a throw-away notebook in a temporary folder; Debian's chromium runs
    it, then moves every control of every widget with the keyboard (``MOVES`` times: to one end,
    back, and so on, keeping the direction between the two ends). The time is taken in the page,
    from the control's last keydown, input or change event to the mutation that puts the new
    picture into the DOM (a MutationObserver, not polling); a placeholder shown while a picture is on its way does not count. A move to a
    state the widget has already shown counts as a revisit.
(g) First-load weight of every page of the built book: each page is opened in a fresh browser
    context (empty cache) from ``python -m http.server``-style serving, and the bytes of every
    response are summed (uncompressed, as http.server sends them).
"""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

from tools import labdriver

MOVES = 16
SETTLE_MS = 150

INSTRUMENT_JS = """() => {
    if (window.__bench) return;
    window.__bench = {t0: 0, done: null};
    for (const type of ['keydown', 'input', 'change']) {
        document.addEventListener(type, () => { window.__bench.t0 = performance.now(); }, true);
    }
}"""
ARM_JS = """(w) => {
    const pic = () => { const img = w.querySelector('img'); return img ? img.getAttribute('src') : null; };
    const old = pic();
    window.__bench.done = null;
    const observer = new MutationObserver(() => {
        // A place whose picture has not arrived shows a placeholder (no <img>): not done yet.
        const now = pic();
        if (window.__bench.done === null && now !== null && now !== old) {
            window.__bench.done = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(w, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""
STATE_JS = """(w) => Array.from(w.querySelectorAll('select, .noUi-handle')).map(c =>
    c.tagName === 'SELECT' ? c.selectedIndex : c.getAttribute('aria-valuenow')).join('|')"""


def _notebook(widgets: list[tuple[str, str]]) -> dict:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": f"import importlib\nimportlib.import_module({module!r}).{name}()"}
             for module, name in widgets]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _move(page, widget, control, kind: str, forward: bool) -> tuple[float | None, bool]:
    """One keyboard move of ``control`` in the direction ``forward`` (turning at an end);
    milliseconds to the new picture, or None (no change), and the direction it went."""
    widget.evaluate(ARM_JS)
    keys = labdriver.keyboard_change(page, control, kind, plain_arrows=False, forward=forward)
    went_forward = "ArrowRight" in keys or "ArrowDown" in keys.replace("Alt+ArrowDown", "")
    try:
        page.wait_for_function("() => window.__bench.done !== null", timeout=10_000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: the picture did not change
        return None, went_forward
    latency = page.evaluate("() => window.__bench.done - window.__bench.t0")
    page.wait_for_timeout(SETTLE_MS)   # let the kernel finish before the next move
    return latency, went_forward


def widget_latency(widgets: list[tuple[str, str]], moves: int = MOVES) -> dict:
    """``{"module: name": {"first": [ms], "revisit": [ms], "missed": n}}`` from a real JupyterLab."""
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="dmnlab-bench-lab-")
    results: dict = {}
    try:
        path = Path(folder) / "bench.ipynb"
        path.write_text(json.dumps(_notebook(widgets)), encoding="utf-8")
        with labdriver.running_lab(folder) as server, sync_playwright() as playwright:
            browser, page = labdriver.open_and_run(playwright, server, "bench.ipynb", 600)
            page.evaluate(INSTRUMENT_JS)
            outputs = page.locator(labdriver.WIDGET_OUTPUTS)
            for index, (module, name) in enumerate(widgets):
                label = f"{module.removeprefix('dmnlab.')}: {name}"
                entry = results[label] = {"first": [], "revisit": [], "missed": 0}
                widget = outputs.nth(index)
                widget.scroll_into_view_if_needed()
                seen = {widget.evaluate(STATE_JS)}
                controls = labdriver.controls(widget)
                for c in range(controls.count()):
                    control = controls.nth(c)
                    kind = labdriver.kind(control)
                    forward = True
                    for _ in range(moves):
                        latency, forward = _move(page, widget, control, kind, forward)
                        state = widget.evaluate(STATE_JS)
                        if latency is None:
                            entry["missed"] += 1
                        else:
                            entry["revisit" if state in seen else "first"].append(latency)
                        seen.add(state)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def page_weights(html_dir: Path) -> list[tuple[str, int, int]]:
    """``(page, bytes, requests)`` on first load of every HTML page, in a fresh context each."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                   if p.relative_to(html_dir).parts[0] not in ("_static", "_sources", "_images"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=labdriver.CHROMIUM,
                                                 args=labdriver.CHROMIUM_ARGS)
            for relative in pages:
                if relative == "index.html":
                    continue   # a redirect to the first page
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                sizes: list[int] = []
                page.on("requestfinished", lambda request: sizes.append(
                    request.sizes()["responseBodySize"]))
                page.goto(f"{base}/{relative}", wait_until="networkidle")
                rows.append((relative, sum(sizes), len(sizes)))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def summary(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95



if __name__ == "__main__":
    from benchmarks import bench

    bench.browser_widget_section()

"""The lab notebooks in a real JupyterLab, driven by Debian's chromium through Playwright.

For every lab notebook in ``_toc.yml`` (``notebooks/*.ipynb``): start ``jupyter lab`` on
127.0.0.1 (random free port, a token, no network: no news, no update check, no
announcements, read-only extension manager), open a COPY of the notebook (the original is
never opened, so it can never be saved over; the copy is deleted afterwards), run all cells
from the Run menu, wait for the kernel to be idle, then check:

* no cell printed a traceback or an error;
* every live widget rendered, and each of its controls, moved with the KEYBOARD (Dropdown:
  ArrowDown; slider: ArrowRight), changes the widget's picture within a few seconds.

A screenshot per notebook goes to ``_build/screenshots/jupyterlab-ch<N>.png``.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time

import pytest

from conftest import BUILD_DIR, REPO
from dmnlab.course import chapters

pytestmark = [pytest.mark.slow, pytest.mark.browser]

from tools import labdriver  # the server and the driving helpers
from tools.labdriver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PICTURE_JS,
    WIDGET_OUTPUTS,
    run_all_cells,
    wait_for_kernel,
    wait_until_all_ran,
)

SCREENSHOTS = os.path.join(BUILD_DIR, "screenshots")
RUN_TIMEOUT_S = 240     # all cells of one notebook
WIDGET_TIMEOUT_MS = 8_000   # one widget update, as seen in the browser


def lab_notebooks() -> list[str]:
    """Every chapter's lab notebook (paths relative to the repository), from the chapter registry."""
    return [lab + ".ipynb" for lab in chapters.labs()]


LAB_NOTEBOOKS = lab_notebooks()


def screenshot_name(notebook: str) -> str:
    """``notebooks/01-anatomy-lab.ipynb`` -> ``jupyterlab-ch1.png``."""
    stem = os.path.splitext(os.path.basename(notebook))[0]
    match = re.match(r"(\d+)-", stem)
    return f"jupyterlab-ch{int(match.group(1))}.png" if match else f"jupyterlab-{stem}.png"


# --- the server ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lab_server():
    """``jupyter lab`` from the venv on 127.0.0.1, serving the repository (labdriver)."""
    try:
        with labdriver.running_lab(REPO) as server:
            yield server
    except labdriver.LabError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Python Playwright is missing from the venv: run `make venv`.")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make chromium` "
                    "(never `playwright install`, which needs the internet).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


def _sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@contextlib.contextmanager
def notebook_copy(notebook: str):
    """A throw-away copy of the notebook next to it (same folder: same relative paths).

    The original is checked to be byte-identical afterwards; the copy and any checkpoint of
    it are removed even if the test fails.
    """
    original = os.path.join(REPO, notebook)
    folder = os.path.dirname(original)
    name = f"_pytest_{secrets.token_hex(4)}_{os.path.basename(original)}"
    copy = os.path.join(folder, name)
    checkpoints = os.path.join(folder, ".ipynb_checkpoints")
    had_checkpoints = os.path.isdir(checkpoints)
    digest = _sha256(original)
    shutil.copyfile(original, copy)
    try:
        yield os.path.relpath(copy, REPO).replace(os.sep, "/")
    finally:
        os.remove(copy)
        checkpoint = os.path.join(checkpoints, os.path.splitext(name)[0] + "-checkpoint.ipynb")
        if os.path.exists(checkpoint):
            os.remove(checkpoint)
        if not had_checkpoints and os.path.isdir(checkpoints) and not os.listdir(checkpoints):
            os.rmdir(checkpoints)
        assert _sha256(original) == digest, f"{notebook} was modified by the test!"


ERRORS_JS = """() => Array.from(document.querySelectorAll('.jp-Cell')).flatMap((cell, i) =>
    Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => ({cell: i + 1,
            mime: o.getAttribute('data-mime-type'), text: o.innerText.slice(0, 1500)})))"""


def output_errors(page) -> tuple[list[str], list[str]]:
    """(errors, other stderr) printed by the cells."""
    errors, warnings = [], []
    for output in page.evaluate(ERRORS_JS):
        text, where = output["text"], f"cell {output['cell']}"
        if output["mime"] == "application/vnd.jupyter.stderr":
            if "Traceback" in text or re.search(r"\b\w*(Error|Exception)\b", text):
                errors.append(f"{where}: {text}")
            elif text.strip():
                warnings.append(f"{where}: {text[:300]}")
        elif re.search(r"Error displaying widget|model not found|Failed to load model", text):
            errors.append(f"{where}: widget did not render: {text[:300]}")
    return errors, warnings


#: An output area holding a rendered ipywidget (its outermost widget box).
def _picture_changes(page, widget, old_src: str) -> bool:
    try:
        page.wait_for_function(
            "([w, old]) => { const img = w.querySelector('.widget-html img, img');"
            " return img && img.getAttribute('src') !== old; }",
            arg=[widget.element_handle(), old_src], timeout=WIDGET_TIMEOUT_MS)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        return False


def exercise_live_widget(page, widget, name: str, plain_arrows: bool = False) -> list[str]:
    """Move each control of one live widget with the keyboard; the picture must change."""
    problems = []
    widget.scroll_into_view_if_needed()
    src, alt = widget.evaluate(PICTURE_JS)
    if not src:
        return [f"{name}: no picture"]
    if not (alt or "").strip():
        problems.append(f"{name}: the picture has no alt text")
    controls = labdriver.controls(widget)
    if controls.count() == 0:
        problems.append(f"{name}: no keyboard-usable control (select or slider handle) found")
    for c in range(controls.count()):
        control = controls.nth(c)
        kind = labdriver.kind(control)
        src, alt = widget.evaluate(PICTURE_JS)
        control.focus()
        if not control.evaluate("(e) => document.activeElement === e"):
            problems.append(f"{name}: {kind} {c + 1} cannot take the keyboard focus")
            continue
        value = control.evaluate("(e) => e.value === undefined ? null : e.value")
        keys = labdriver.keyboard_change(page, control, kind, plain_arrows)
        if kind == "dropdown" and control.evaluate("(e) => e.value") == value:
            stolen = not control.evaluate("(e) => document.activeElement === e")
            problems.append(f"{name}: pressing {keys} on its dropdown ({c + 1}) did not change its "
                            "value" + (" (JupyterLab took the key: the focus left the control)"
                                       if stolen else ""))
            continue
        if not _picture_changes(page, widget, src):
            stolen = not control.evaluate("(e) => document.activeElement === e")
            problems.append(f"{name}: pressing {keys} on its {kind} ({c + 1}) did not change the "
                            f"picture within {WIDGET_TIMEOUT_MS / 1000:g} s"
                            + (" (JupyterLab took the key: the focus left the control)" if stolen else ""))
            continue
        if widget.evaluate(PICTURE_JS)[1] == alt:
            problems.append(f"{name}: {kind} {c + 1} changed the picture but not its alt text")
    return problems


# --- the tests ----------------------------------------------------------------------------
@pytest.fixture(scope="module", params=LAB_NOTEBOOKS, ids=[os.path.basename(n) for n in LAB_NOTEBOOKS])
def lab_run(request, lab_server, browser):
    """A copy of one lab notebook, opened in JupyterLab with all its cells run."""
    notebook = request.param
    with notebook_copy(notebook) as copy:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(30_000)
        run = {"notebook": notebook, "page": page, "page_errors": [], "outside": [],
               "server": lab_server}
        page.on("pageerror", lambda error: run["page_errors"].append(str(error)))

        def no_network(route):
            url = route.request.url
            if not url.startswith(lab_server["url"]) and url.split(":", 1)[0] in ("http", "https"):
                run["outside"].append(url)
                route.abort("blockedbyclient")
            else:
                route.continue_()

        page.route("**/*", no_network)
        try:
            started = time.monotonic()
            page.goto(f"{lab_server['url']}/lab/tree/{copy}?token={lab_server['token']}",
                      wait_until="domcontentloaded", timeout=60_000)
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
            wait_for_kernel(page, lab_server, copy, 90)
            run_all_cells(page)
            run["prompts"] = wait_until_all_ran(page, RUN_TIMEOUT_S)
            run["seconds"] = time.monotonic() - started
            yield run
        except Exception:
            _failure_screenshot(page, notebook)
            print("--- jupyter lab log (end) ---\n" + lab_server["log"]())
            raise
        finally:
            context.close()


def _failure_screenshot(page, notebook):
    try:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, "FAILED-" + screenshot_name(notebook)))
    except Exception:  # noqa: BLE001 - best effort
        pass


@pytest.mark.timeout(RUN_TIMEOUT_S + 180)
def test_all_cells_run_without_errors(lab_run):
    errors, warnings = output_errors(lab_run["page"])
    for warning in warnings:
        print(f"{lab_run['notebook']}: stderr (not an error): {warning}")
    if errors:
        _failure_screenshot(lab_run["page"], lab_run["notebook"])
    assert not errors, f"{lab_run['notebook']}: cells printed errors:\n" + "\n\n".join(errors)
    print(f"{lab_run['notebook']}: {len(lab_run['prompts'])} code cells ran in JupyterLab "
          f"({lab_run['seconds']:.0f} s from opening)")


def _live_widgets(lab_run):
    """(locator, name) of every rendered widget output that shows a picture."""
    page, notebook = lab_run["page"], lab_run["notebook"]
    outputs = page.locator(WIDGET_OUTPUTS)
    with open(os.path.join(REPO, notebook), encoding="utf-8") as handle:
        displays_explorers = "explorer(" in handle.read()
    found = [(outputs.nth(i), f"{notebook} widget {i + 1}") for i in range(outputs.count())
             if outputs.nth(i).locator("img").count()]
    if displays_explorers:
        assert found, f"{notebook} displays explorers but no live widget with a picture rendered"
    return found


@pytest.mark.timeout(120)
def test_live_widgets_follow_the_keyboard(lab_run):
    """Each control of each live widget, moved with the keyboard, changes the picture."""
    page = lab_run["page"]
    problems = []
    widgets = _live_widgets(lab_run)
    for widget, name in widgets:
        problems += exercise_live_widget(page, widget, name)
    if widgets:   # the last widget (chapter 1: the seed explorer) after its change
        widgets[-1][0].scroll_into_view_if_needed()
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, screenshot_name(lab_run["notebook"])))
    assert not problems, "\n".join(problems)


# Known upstream issue, not tested here because it is not the course's behaviour:
# ipywidgets#3912 — in JupyterLab's command mode, plain ArrowUp/ArrowDown and letter keys on a
# closed Dropdown go to the notebook (e.g. 'm' turns the cell into Markdown). Space or
# Alt+ArrowDown opens the list and works; each lab's first cell tells learners so.


def test_no_javascript_errors_and_no_network(lab_run):
    assert not lab_run["page_errors"], f"JavaScript errors in JupyterLab: {lab_run['page_errors']}"
    assert not lab_run["outside"], f"JupyterLab tried to reach the network: {lab_run['outside'][:5]}"

"""A real JupyterLab on 127.0.0.1, driven by Debian's chromium through Playwright.

Shared by ``tests/book/test_jupyterlab.py`` (every lab runs, every live widget follows the keyboard)
and ``benchmarks/bench.py`` (widget latency as a learner sees it). ``running_lab`` starts
``jupyter lab`` from the venv, isolated from the user's Jupyter set-up (no news, no update check,
no announcements, no windowing, no autosave) and stops it, with its kernels, afterwards.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class LabError(RuntimeError):
    """JupyterLab did not start, or a notebook did not run."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(url: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{url}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


def write_json(path: str, data) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)



@contextlib.contextmanager
def running_lab(root_dir: str):
    """``jupyter lab`` on 127.0.0.1 serving ``root_dir``; yields url, token, log(), process and
    runtime (its kernels' connection files are there)."""
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    if not os.path.isfile(jupyter):
        raise LabError(f"{jupyter} is missing: run `make venv`.")
    home = tempfile.mkdtemp(prefix="dmnlab-lab-")
    dirs = {name: os.path.join(home, name) for name in
            ("config", "data", "runtime", "settings", "workspaces", "ipython")}
    for folder in dirs.values():
        os.makedirs(folder)
    # No network and a deterministic page: no news or update checks, no announcements
    # plugin, every cell attached to the DOM (no windowing), no autosave.
    write_json(os.path.join(dirs["config"], "labconfig", "page_config.json"),
                {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    write_json(os.path.join(dirs["config"], "labconfig", "default_setting_overrides.json"), {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    })
    env = {key: value for key, value in os.environ.items()
           if key not in ("MPLBACKEND", "DMNLAB_STATIC_WIDGETS")}   # as a student has it
    env.update(JUPYTER_CONFIG_DIR=dirs["config"], JUPYTER_DATA_DIR=dirs["data"],
               JUPYTER_RUNTIME_DIR=dirs["runtime"], IPYTHONDIR=dirs["ipython"],
               JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1")
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    log_path = os.path.join(home, "jupyter-lab.log")
    command = [
        jupyter, "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")   # containers and CI runners often run as root
    log = open(log_path, "w+", encoding="utf-8")
    process = subprocess.Popen(command, cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)

    def server_log() -> str:
        log.flush()
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-5000:]

    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise LabError(f"jupyter lab exited with code {process.returncode}:\n{server_log()}")
            try:
                api(url, token, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise LabError(f"jupyter lab did not answer on {url} within 90 s:\n{server_log()}")
                time.sleep(0.5)
        yield {"url": url, "token": token, "log": server_log, "process": process,
               "runtime": dirs["runtime"]}
    finally:
        try:   # shut kernels down cleanly before the server goes
            for kernel in api(url, token, "/api/kernels") or []:
                api(url, token, f"/api/kernels/{kernel['id']}", method="DELETE")
        except Exception:  # noqa: BLE001 - the server may already be gone
            pass
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(home, ignore_errors=True)



KERNEL_IDLE_JS = """() => {
    const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return status ? status.getAttribute('data-status') : null;
}"""
PROMPTS_JS = """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
    .map(p => p.textContent.trim())"""


def wait_for_kernel(page, server, notebook: str, timeout_s: float) -> None:
    """The notebook's kernel is started, connected to this page and idle.

    (The toolbar's status reads "idle" for a moment before any kernel exists, so the
    server's session list is asked first.)
    """
    deadline = time.monotonic() + timeout_s
    state = None
    while time.monotonic() < deadline:
        sessions = api(server["url"], server["token"], "/api/sessions") or []
        kernels = [s["kernel"] for s in sessions if s.get("path") == notebook and s.get("kernel")]
        state = kernels and (kernels[0].get("execution_state"), kernels[0].get("connections"))
        if state and state[0] == "idle" and (state[1] or 0) > 0 \
                and page.evaluate(KERNEL_IDLE_JS) == "idle":
            return
        page.wait_for_timeout(250)   # (not time.sleep: Playwright must keep routing requests)
    raise LabError(f"the kernel of {notebook} was not ready after {timeout_s} s "
                         f"(state {state}, toolbar {page.evaluate(KERNEL_IDLE_JS)!r})")


def run_all_cells(page) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled)",
                 has_text=re.compile(r"^Run All Cells")).first.click()


def wait_until_all_ran(page, timeout_s: float) -> list[str]:
    """Every code cell has an execution number and the kernel is idle; returns the prompts."""
    start = time.monotonic()
    while time.monotonic() < start + timeout_s:
        prompts = page.evaluate(PROMPTS_JS)
        done = prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)
        if done and page.evaluate(KERNEL_IDLE_JS) == "idle":
            return prompts
        if page.locator(".jp-Dialog").count():
            raise LabError("a dialog opened while running: "
                                 + page.locator(".jp-Dialog").first.inner_text()[:500])
        if time.monotonic() > start + 30 and all(p == "[ ]:" for p in prompts):
            raise LabError("Run All Cells did not start any cell within 30 s")
        page.wait_for_timeout(500)
    raise LabError(f"cells still not all run after {timeout_s} s: prompts "
                         f"{page.evaluate(PROMPTS_JS)}")



WIDGET_OUTPUTS = ".jp-OutputArea-output:has(> .jupyter-widgets)"
PICTURE_JS = """(w) => { const img = w.querySelector('.widget-html img, img');
    return img ? [img.getAttribute('src'), img.getAttribute('alt')] : [null, null]; }"""


def keyboard_change(page, control, kind: str, plain_arrows: bool, forward: bool = True) -> str:
    """Change one control with the keyboard; returns the keys pressed.

    Slider: ArrowRight (ArrowLeft at the end). Dropdown: with ``plain_arrows``, ArrowDown on
    the closed list (ArrowUp at the end); otherwise the way that works in JupyterLab for a
    keyboard user: Alt+ArrowDown opens the list, ArrowDown/ArrowUp, Enter. With ``forward=False``
    the other way (ArrowLeft/ArrowUp, and forward at the start): a caller that keeps the direction
    walks to one end and back instead of stepping to and fro by the end it started at.
    """
    control.focus()
    if kind == "slider":
        end = "aria-valuemax" if forward else "aria-valuemin"
        at_end = control.evaluate(f"(h) => h.getAttribute('aria-valuenow') !== null && "
                                  f"h.getAttribute('aria-valuenow') === h.getAttribute('{end}')")
        keys = ["ArrowLeft" if at_end == forward else "ArrowRight"]
    else:
        last = "s.options.length - 1" if forward else "0"
        at_end = control.evaluate(f"(s) => s.selectedIndex === {last}")
        arrow = "ArrowUp" if at_end == forward else "ArrowDown"
        keys = [arrow] if plain_arrows else ["Alt+ArrowDown", arrow, "Enter"]
    for key in keys:
        page.keyboard.press(key)
        page.wait_for_timeout(100)
    return "+".join(keys)


def controls(widget):
    return widget.locator("select, .noUi-handle, input[type=range]")


def kind(control) -> str:
    return "dropdown" if control.evaluate("(e) => e.tagName") == "SELECT" else "slider"


def open_and_run(playwright, server, notebook: str, timeout_s: float = 600):
    """Chromium on ``notebook`` (a path under the lab's root) with all its cells run.

    Returns ``(browser, page)``; the caller closes the browser.
    """
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{server['url']}/lab/tree/{notebook}?token={server['token']}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    wait_for_kernel(page, server, notebook, 90)
    run_all_cells(page)
    wait_until_all_ran(page, timeout_s)
    return browser, page


"""Speed and size numbers for the course (`make bench`). Prints tables; asserts nothing.

  (a) widget update latency through the LIVE path (ipywidgets controls -> Explorer.set ->
      render), per widget: every widget of every chapter in the registry
      (:data:`dmnlab.course.chapters.CHAPTERS`); each factory's Explorer is built,
      its live widget made once, then its controls are stepped ``--steps`` times (default 50)
      by setting the ipywidgets controls' values. ``Explorer.timings_ms`` (update + render)
      gives median / p95; p95 above 100 ms is flagged.
  (b) book build time: cold (a copy of the repository without ``_build``, so no Jupyter
      cache) and cached (the same copy built again). ``--skip-build`` skips it.
  (c) page weight of every built HTML page (inline data-URI pictures included) and the
      total size of the HTML folder.
  (d) import time of ``dmnlab`` and of each chapter module (fresh process, median of 5).
  (e) ``benchmarks/bench_cohort.py``'s ``run()`` rows, if the file exists
      (``--skip-cohort`` skips it).
  (f) live widget latency AS SEEN IN THE BROWSER: a real JupyterLab driven by Debian's chromium,
      from the control's change to the new picture in the DOM (``benchmarks/bench_browser.py``).
  (g) first-load bytes of every page of the built book, measured by the browser.
  (h) every lab notebook run from the top in a fresh kernel (``benchmarks/bench_labs.py``): its first
      data cell and its Run All time, and its slowest cells (``--skip-labs`` skips it).
  (i) Lighthouse on a phone (mobile, simulated slow 4G) for the pages a reader opens first, served
      gzip-compressed (``benchmarks/bench_lighthouse.py``; ``--skip-lighthouse`` skips it).
  ``--skip-browser`` skips (f), (g) and (i). Each figure is printed next to its target (TARGETS).
  One section alone: ``python -m benchmarks.bench_browser`` (f), ``python -m benchmarks.bench_labs`` (h),
  ``python -m benchmarks.bench_lighthouse`` (i).

Usage: ``.venv/bin/python -m benchmarks.bench [--skip-build] [--skip-cohort] [--skip-browser] [--skip-labs]
[--skip-lighthouse] [--steps N]``
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from dmnlab.course.chapters import CHAPTERS
from tools import build_book, labdriver  # build_book: the same build as `make book`

REPO = Path(__file__).resolve().parents[1]
SLOW_MS = 100.0
#: The speed targets (issue 14), printed next to the figures.
TARGETS = {"browser p95 ms": 50.0, "browser revisit ms": 20.0, "page MB": 2.5, "import ms": 300.0,
           "cold build s": 240.0, "cached build s": 10.0}
#: (h) What a learner waits for in a lab (issue 26, item 6).
TARGETS.update({"lab first data cell s": 1.0, "lab Run All s": 10.0})


def verdict(value: float, target: float) -> str:
    return "meets target" if value <= target else "MISSES target"
#: Not copied for the cold build (caches, outputs, environments).
COPY_IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", ".pytest_cache", "__pycache__",
                                     ".ipynb_checkpoints", "*.egg-info", ".mypy_cache", ".ruff_cache")


# --- output -------------------------------------------------------------------------------
def section(title: str) -> None:
    print(f"\n{title}\n{'=' * len(title)}", flush=True)


def table(headers: list[str], rows: list[list], align: str | None = None) -> None:
    """A plain-text table; ``align``: one letter per column, ``l`` or ``r``."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) if a == "l" else c.rjust(w)
                        for c, w, a in zip(row, widths, align)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- (a) widgets --------------------------------------------------------------------------
def discover_bench_widgets() -> list[tuple[str, str, object]]:
    """``(module, name, factory)`` for every widget of every chapter in the registry."""
    from dmnlab.course.chapters import CHAPTERS

    found = []
    for chapter in CHAPTERS:
        try:
            factories = chapter.widget_factories()
        except Exception as error:  # noqa: BLE001 - report and carry on
            print(f"  ! could not load the widgets of dmnlab.{chapter.module}: {type(error).__name__}: {error}")
            continue
        found += [(f"dmnlab.{chapter.module}", name, factory) for name, factory in factories.items()]
    return found


def bench_widget(factory, steps: int) -> dict:
    """Build one Explorer in live mode and step its ipywidgets controls ``steps`` times."""
    start = time.perf_counter()
    explorer = factory()
    build_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    explorer.live_widget()           # first render (draws and caches the background)
    first_ms = (time.perf_counter() - start) * 1000
    inputs = explorer.inputs         # {control name: ipywidgets control}
    explorer.timings_ms.clear()
    wall = []
    payload = []
    controls = explorer.controls
    for step in range(steps):
        control = controls[step % len(controls)]
        if len(control.values) < 2:
            continue
        widget = inputs[control.name]
        index = control.index_of(explorer.values[control.name])
        new_value = control.values[(index + 1) % len(control.values)]
        start = time.perf_counter()
        widget.value = new_value     # -> observe -> Explorer.set -> update + render + send
        wall.append((time.perf_counter() - start) * 1000)
        payload.append(len(explorer.shown_html()))   # the picture the page shows now (base64 in HTML)
    timings = list(explorer.timings_ms)
    if len(timings) != len(wall):
        raise RuntimeError(f"{len(wall)} control changes but {len(timings)} timings recorded: "
                           "the controls are not wired to Explorer.set")
    import matplotlib.pyplot as plt

    plt.close("all")
    return {"build_ms": build_ms, "first_ms": first_ms, "timings": timings, "wall": wall,
            "payload_kb": statistics.median(payload) / 1024 if payload else float("nan"),
            "controls": ", ".join(f"{c.name}({len(c.values)})" for c in controls)}


def widget_section(steps: int) -> None:
    section(f"(a) Widget update latency, live path ({steps} control changes per widget)")
    os.environ.pop("DMNLAB_STATIC_WIDGETS", None)
    os.environ.setdefault("MPLBACKEND", "Agg")
    found = discover_bench_widgets()
    if not found:
        print("  no chapter in dmnlab.course.chapters lists a widget")
        return
    rows, slow = [], []
    for module, name, factory in found:
        label = f"{module.removeprefix('dmnlab.')}: {name}"
        try:
            result = bench_widget(factory, steps)
        except Exception as error:  # noqa: BLE001 - one broken widget must not hide the others
            rows.append([label, "ERROR", f"{type(error).__name__}: {str(error)[:70]}", "", "", "", "", "", ""])
            traceback.print_exc(limit=3)
            continue
        t = result["timings"]
        p95 = percentile(t, 95)
        flag = f"SLOW (p95 > {SLOW_MS:.0f} ms)" if p95 > SLOW_MS else "ok"
        if p95 > SLOW_MS:
            slow.append(label)
        rows.append([label, len(t), f"{statistics.median(t):.1f}", f"{p95:.1f}", f"{max(t):.1f}",
                     f"{statistics.median(result['wall']):.1f}", f"{result['first_ms']:.0f}",
                     f"{result['build_ms']:.0f}", f"{result['payload_kb']:.0f}", flag])
        print(f"  measured {label} [{result['controls']}]", flush=True)
    table(["widget", "n", "median ms", "p95 ms", "max ms", "wall med ms", "first ms", "build ms",
           "PNG KB", "flag"], rows, "lrrrrrrrrl")
    print("  median/p95/max: Explorer.timings_ms (update + render). wall: the whole control change "
          "as seen from Python\n  (ipywidgets + set + render + message). first: live_widget(). "
          "build: the factory (data, figure). PNG KB: the picture shown, as sent (base64 in its HTML).")
    if slow:
        print(f"  FLAGGED: {', '.join(slow)} — p95 above {SLOW_MS:.0f} ms will feel sluggish.")


# --- (b) book build -----------------------------------------------------------------------
def build_once(root: Path) -> tuple[float, int, str]:
    """One `make book`-style build of the copy in ``root`` (tools/build_book.py)."""
    start = time.perf_counter()
    result = build_book.build(root=root)
    return time.perf_counter() - start, result.returncode, result.stdout + result.stderr


def build_section(workdir: Path) -> Path | None:
    section("(b) Book build time")
    copy = workdir / "course"
    start = time.perf_counter()
    shutil.copytree(REPO, copy, ignore=COPY_IGNORE, symlinks=True)
    print(f"  copied the repository (without _build, .venv, .git, caches) to {copy} "
          f"in {time.perf_counter() - start:.1f} s", flush=True)
    rows = []
    for kind in ("cold (no _build, no Jupyter cache)", "cached (same copy again)"):
        print(f"  building: {kind} ...", flush=True)
        seconds, code, output = build_once(copy)
        warnings = build_book.sphinx_warnings(output)
        target = TARGETS["cold build s" if kind.startswith("cold") else "cached build s"]
        rows.append([kind, f"{seconds:.1f}", f"<= {target:.0f}", verdict(seconds, target), code,
                     len(warnings)])
        if code != 0:
            print("  build failed; its last lines:")
            print("    " + "\n    ".join(output.strip().splitlines()[-15:]))
        for warning in warnings[:5]:
            print(f"    warning: {warning[:200]}")
    table(["build", "seconds", "target", "", "exit code", "warnings"], rows, "lrrlrr")
    html = copy / "_build" / "html"
    return html if html.is_dir() else None


# --- (c) page weight ----------------------------------------------------------------------
DATA_IMG = re.compile(r"""<img[^>]*?\ssrc=["'](data:image/[^"']+)["']""", re.S)
FILE_IMG = re.compile(r"""<img[^>]*?\ssrc=["'](?!data:|https?:)([^"'#?]+)""", re.S)
DATA_ANY = re.compile(r"""data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+""")


def page_weight_section(html_dir: Path | None) -> None:
    section("(c) Page weight of the built book")
    if html_dir is None or not html_dir.is_dir():
        print("  no built book found (run `make book`, or drop --skip-build)")
        return
    print(f"  folder: {html_dir}")
    rows = []
    for page in sorted(html_dir.rglob("*.html")):
        relative = page.relative_to(html_dir).as_posix()
        if relative.split("/")[0] in ("_static", "_sources", "_images"):
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        inline = DATA_ANY.findall(text)   # <img src=...> and the widgets' precomputed pictures
        shown = DATA_IMG.findall(text)
        linked = 0
        for src in set(FILE_IMG.findall(text)):
            target = (page.parent / src).resolve()
            if target.is_file():
                linked += target.stat().st_size
        size = page.stat().st_size
        rows.append([relative, f"{size / 1024:.0f}", len(shown), len(inline),
                     f"{sum(map(len, inline)) / 1024:.0f}", f"{linked / 1024:.0f}",
                     f"{(size + linked) / 1024:.0f}"])
    table(["page", "HTML KB", "<img> data", "data URIs", "inline KB", "linked img KB", "total KB"],
          rows, "lrrrrrr")
    files = [p for p in html_dir.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    static = sum(p.stat().st_size for p in (html_dir / "_static").rglob("*") if p.is_file()) \
        if (html_dir / "_static").is_dir() else 0
    print(f"  HTML KB includes every inline (data-URI) picture: shown <img>s and the widgets' "
          f"precomputed states.\n  total of {html_dir.name}/: {total / 1e6:.2f} MB in {len(files)} "
          f"files (_static/ shared by all pages: {static / 1e6:.2f} MB)")


# --- (d) import time ----------------------------------------------------------------------
IMPORT_SNIPPET = ("import time; t = time.perf_counter(); import {module}; "
                  "print(time.perf_counter() - t)")


def import_seconds(module: str, repeats: int = 5) -> list[float]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env.pop("DMNLAB_STATIC_WIDGETS", None)
    command = [sys.executable, "-c", IMPORT_SNIPPET.format(module=module)]
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=300)   # warm-up
    times = []
    for _ in range(repeats):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True,
                                timeout=300)
        times.append(float(result.stdout.strip().splitlines()[-1]))
    return times


def import_section(chapter_modules: list[str]) -> None:
    section("(d) Import time (fresh process each, median of 5 after one warm-up)")
    rows = []
    for module in ["dmnlab", *chapter_modules]:
        try:
            times = import_seconds(module)
            median = statistics.median(times) * 1000
            rows.append([f"import {module}", f"{median:.1f}", f"{min(times) * 1000:.1f}",
                         f"{max(times) * 1000:.1f}", f"<= {TARGETS['import ms']:.0f}",
                         verdict(median, TARGETS["import ms"])])
        except subprocess.CalledProcessError as error:
            rows.append([f"import {module}", "ERROR", (error.stderr or b"")[-80:], ""])
    table(["module", "median ms", "min ms", "max ms", "target", ""], rows, "lrrrrl")


# --- (e) cohort ---------------------------------------------------------------------------
def cohort_section() -> None:
    from benchmarks import bench_cohort

    section("(e) Virtual cohort (benchmarks/bench_cohort.py)")
    try:
        rows = bench_cohort.run()
    except Exception as error:  # noqa: BLE001
        print(f"  bench_cohort.run() failed: {type(error).__name__}: {error}")
        traceback.print_exc(limit=3)
        return
    table(["measure", "value", "unit"],
          [[name, f"{value:.2f}" if isinstance(value, float) else value, unit]
           for name, value, unit in rows], "lrl")


# --- (f) and (g): the browser ---------------------------------------------------------------
def browser_widget_section() -> None:
    from benchmarks import bench_browser

    section(f"(f) Live widget latency in a real JupyterLab, as seen in the browser "
            f"({bench_browser.MOVES} keyboard moves per control)")
    widgets = [(module, name) for module, name, _ in discover_bench_widgets()]
    try:
        results = bench_browser.widget_latency(widgets)
    except Exception as error:  # noqa: BLE001 - report, do not hide the other sections
        print(f"  failed: {type(error).__name__}: {error}")
        traceback.print_exc(limit=3)
        return
    rows = []
    for label, entry in results.items():
        first_median, first_p95 = bench_browser.summary(entry["first"])
        revisit_median, revisit_p95 = bench_browser.summary(entry["revisit"])
        p95 = bench_browser.summary(entry["first"] + entry["revisit"])[1]
        rows.append([label, len(entry["first"]) + len(entry["revisit"]), f"{p95:.0f}",
                     verdict(p95, TARGETS["browser p95 ms"]), f"{first_median:.0f}",
                     f"{first_p95:.0f}", f"{revisit_median:.0f}", f"{revisit_p95:.0f}",
                     verdict(revisit_p95, TARGETS["browser revisit ms"])
                     if entry["revisit"] else "-", entry["missed"]])
    table(["widget", "moves", "p95 ms", f"(<= {TARGETS['browser p95 ms']:.0f})", "new med",
           "new p95", "revisit med", "revisit p95", f"(<= {TARGETS['browser revisit ms']:.0f})",
           "no change"], rows, "lrrlrrrrlr")
    print("  From the control's last keydown/input/change event to the mutation that puts the new "
          "picture in the DOM.\n  new: a state not shown before; revisit: a state shown before. "
          "no change: moves after which the picture did not change within 10 s.")


def browser_page_section(html_dir: Path | None) -> None:
    from benchmarks import bench_browser

    section("(g) First-load weight of every page, measured by the browser (empty cache)")
    if html_dir is None or not html_dir.is_dir():
        print("  no built book found")
        return
    rows = []
    for relative, size, requests in bench_browser.page_weights(html_dir):
        megabytes = size / 1e6
        rows.append([relative, f"{megabytes:.2f}", requests, f"<= {TARGETS['page MB']}",
                     verdict(megabytes, TARGETS["page MB"])])
    table(["page", "MB", "requests", "target", ""], rows, "lrrrl")


# --- (h) the labs ----------------------------------------------------------------------------
def lab_section() -> None:
    from benchmarks import bench_labs

    section("(h) The labs: first data cell and Run All, one learner (a fresh kernel each)")
    cache = bench_labs.cache_state()
    print(f"  results kept across kernels (dmnlab.datasets.cache): {cache}")
    rows, slow = [], []
    for path in bench_labs.labs():
        try:
            result = bench_labs.run_lab(path)
        except Exception as error:  # noqa: BLE001 - one broken lab must not hide the others
            rows.append([path.name, "ERROR", f"{type(error).__name__}: {str(error)[:60]}", "", "", "", ""])
            continue
        first, run_all = result["first_s"], result["run_all_s"]
        rows.append([path.name, f"{result['kernel_s']:.1f}", f"{first:.2f}",
                     verdict(first, TARGETS["lab first data cell s"]), f"{run_all:.1f}",
                     verdict(run_all, TARGETS["lab Run All s"]), result["errors"]])
        slow += [f"{path.name} cell {index}: {seconds:.1f} s  {source[:60]}"
                 for index, seconds, source in bench_labs.slowest(result, 3)]
    table(["lab", "kernel start s", "first data cell s", f"(<= {TARGETS['lab first data cell s']:.0f})",
           "Run All s", f"(<= {TARGETS['lab Run All s']:.0f})", "cells with errors"], rows, "lrrlrlr")
    print("  first data cell: the first code cell after the lab's import cell. Run All: from the first "
          "cell's start to\n  the last cell's end (kernel start apart). Slowest cells "
          "(code cell number: seconds):")
    for line in slow:
        print(f"    {line}")


# --- main ---------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true", help="skip (b), the two book builds")
    parser.add_argument("--skip-cohort", action="store_true", help="skip (e), the cohort benchmark")
    parser.add_argument("--skip-browser", action="store_true",
                        help="skip (f) and (g), the measurements in the browser")
    parser.add_argument("--skip-labs", action="store_true", help="skip (h), the lab notebooks")
    parser.add_argument("--skip-lighthouse", action="store_true", help="skip (i), Lighthouse")
    parser.add_argument("--steps", type=int, default=50, help="control changes per widget (default 50)")
    args = parser.parse_args(argv)

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    print(f"dmnlab benchmarks — Python {platform.python_version()} on {platform.system()} "
          f"{platform.machine()}, {os.cpu_count()} CPU(s), load average "
          f"{' '.join(f'{x:.1f}' for x in load)}; {time.strftime('%Y-%m-%d %H:%M')}")
    print("Numbers only: nothing here passes or fails. Other work on the machine skews them "
          "(see the load average).")
    started = time.perf_counter()

    if not args.skip_browser and not os.access(labdriver.CHROMIUM, os.X_OK):
        print(f"\nNo chromium at {labdriver.CHROMIUM}: the browser sections (f), (g) and (i) are skipped. "
              "`make bench` installs it (`make chromium`).")
        args.skip_browser = True
    widget_section(args.steps)
    chapter_modules = [f"dmnlab.{chapter.module}" for chapter in CHAPTERS]

    with tempfile.TemporaryDirectory(prefix="dmnlab-bench-") as tmp:
        html = None
        if args.skip_build:
            section("(b) Book build time")
            print("  skipped (--skip-build)")
        else:
            html = build_section(Path(tmp))
        page_weight_section(html or REPO / "_build" / "html")
        if not args.skip_browser:
            browser_page_section(html or REPO / "_build" / "html")
        if not (args.skip_browser or args.skip_lighthouse):   # (i), benchmarks/bench_lighthouse.py
            from benchmarks import bench_lighthouse

            bench_lighthouse.section(html or REPO / "_build" / "html")

    import_section(chapter_modules)
    if args.skip_cohort:
        section("(e) Virtual cohort (benchmarks/bench_cohort.py)")
        print("  skipped (--skip-cohort)")
    else:
        cohort_section()
    if args.skip_browser:
        section("(f) Live widget latency in the browser")
        print("  skipped (--skip-browser)")
    else:
        browser_widget_section()
    if args.skip_labs:
        section("(h) The labs")
        print("  skipped (--skip-labs)")
    else:
        lab_section()
    print(f"\nbench finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

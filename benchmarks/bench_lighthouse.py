"""Page load on a phone, as Lighthouse simulates it (`make bench`, section (i)); numbers only.

Every page a reader opens first — the introduction, each chapter, each lab (``first_pages``) — is
served gzip-compressed from the built book, as a static host serves it (``serve``: Python's
``http.server`` with ``Content-Encoding: gzip`` for text files), and audited by Lighthouse 12
(npm, ``node_modules/.bin/lighthouse``) with its defaults: mobile form factor, simulated slow 4G
and a 4× slower CPU, performance category only, Debian's chromium (``CHROME_PATH``). Printed per
page: the performance score, First and Largest Contentful Paint, Total Blocking Time, Cumulative
Layout Shift and the bytes transferred, against the targets (score ≥ 90, LCP ≤ 2.5 s; issue 26).

Usage: ``.venv/bin/python -m benchmarks.bench_lighthouse [--html DIR] [--page intro ...] [--runs 3] [--details]``
(``--page`` picks pages whose path contains the word; ``--details`` adds Lighthouse's biggest
opportunities per page; ``--save DIR`` keeps each page's JSON report).

With Debian's Chromium 156, Lighthouse 12.2's trace engine cannot read the trace's screenshot events
("frame_sequence"): the audits built on it (``largest-contentful-paint-element``, ``lcp-lazy-loaded``,
``render-blocking-resources``, ``layout-shifts``) come back as errors, while the metrics and
``network-requests`` are sound. Lighthouse simulates the LCP from the requests that *ended* before the
paint it observed (unthrottled, on 127.0.0.1): a request finished early (a picture, a script) counts
in the LCP even if the LCP element is text. Chromium's own ``PerformanceObserver`` names the element
(``tests/book/test_pageweight.py``: a paragraph on every first page).
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
#: Issue 26, item 7.
TARGETS = {"performance": 90, "lcp s": 2.5}
#: What a static host compresses (and what this server does).
COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map", ".xml")
#: The figures printed per page: (heading, Lighthouse audit id, scale, format).
METRICS = [("FCP s", "first-contentful-paint", 1e-3, "{:.1f}"),
           ("LCP s", "largest-contentful-paint", 1e-3, "{:.1f}"),
           ("TBT ms", "total-blocking-time", 1, "{:.0f}"),
           ("CLS", "cumulative-layout-shift", 1, "{:.3f}"),
           ("Speed idx s", "speed-index", 1e-3, "{:.1f}"),
           ("KB sent", "total-byte-weight", 1 / 1024, "{:.0f}")]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """``http.server`` plus what a static host adds: gzip for text files when the browser accepts it."""

    def log_message(self, *args):  # quiet
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and path.endswith(COMPRESSED)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What ``send_head`` returns: something ``copyfile`` can read."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Chromium closes connections it no longer needs: not worth a traceback in the table
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve ``html_dir`` gzip-compressed on a free local port; yields the base URL."""
    handler = functools.partial(GzipHandler, directory=str(html_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_pages(html_dir: Path) -> list[str]:
    """The pages a reader opens first: the introduction, each chapter, each lab (relative paths, from
    the chapter registry; ``html_dir`` is kept for the callers)."""
    from dmnlab.course import chapters

    return [name + ".html" for name in (chapters.ROOT, *chapters.pages(), *chapters.labs())]


def audit(url: str, timeout: int = 300) -> dict:
    """Lighthouse's JSON report of ``url`` (mobile, default throttling, performance only)."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `make npm` (Lighthouse comes from package.json)")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}
    result = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
                             "--only-categories=performance",
                             "--chrome-flags=--headless --no-sandbox"],
                            env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"lighthouse exited with {result.returncode}: {result.stderr.strip()[-300:]}")
    return json.loads(result.stdout)


def figures(report: dict) -> dict:
    """``{heading: value}`` of one report (``score`` 0–100 and the ``METRICS``)."""
    audits = report["audits"]
    out = {"score": round((report["categories"]["performance"]["score"] or 0) * 100),
           "cpu": report.get("environment", {}).get("benchmarkIndex")}
    for heading, key, scale, _ in METRICS:
        value = audits.get(key, {}).get("numericValue")
        out[heading] = None if value is None else value * scale
    return out


def opportunities(report: dict, top: int = 6) -> list[str]:
    """Lighthouse's biggest savings on a page, one line each (for ``--details``)."""
    lines = []
    for key, entry in report["audits"].items():
        details = entry.get("details") or {}
        if details.get("type") != "opportunity" or (entry.get("score") or 0) >= 0.9:
            continue
        saved_ms = details.get("overallSavingsMs") or 0
        saved_kb = (details.get("overallSavingsBytes") or 0) / 1024
        items = ", ".join(Path(str(item.get("url", ""))).name[:40] for item in details.get("items", [])[:4])
        lines.append((saved_ms, f"{key}: {saved_ms:.0f} ms, {saved_kb:.0f} KB ({items})"))
    return [line for _, line in sorted(lines, reverse=True)[:top]]


def run(html_dir: Path, words=(), details: bool = False, save: Path | None = None, runs: int = 3) -> list[list]:
    """Audit every first page (or those whose path contains one of ``words``) ``runs`` times and keep the
    median run by score (Lighthouse's advice: its simulation scales what the CPU did, so a busy machine
    shows in single runs); returns table rows."""
    pages = [p for p in first_pages(html_dir) if not words or any(w in p for w in words)]
    rows = []
    with serve(html_dir) as base:
        for page in pages:
            try:
                reports = sorted((audit(base + page) for _ in range(max(1, runs))),
                                 key=lambda r: r["categories"]["performance"]["score"] or 0)
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
                rows.append([page, "ERROR", str(error)[:80]])
                continue
            report = reports[len(reports) // 2]
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / (page.replace("/", "_") + ".json")).write_text(json.dumps(report))
            values = figures(report)
            lcp = values["LCP s"]
            meets = values["score"] >= TARGETS["performance"] and lcp is not None and lcp <= TARGETS["lcp s"]
            rows.append([page, values["score"],
                         *("-" if values[h] is None else fmt.format(values[h]) for h, _, _, fmt in METRICS),
                         "meets targets" if meets else "MISSES target",
                         f"{values['cpu']:.0f}" if values["cpu"] else "-",
                         "/".join(str(figures(r)["score"]) for r in reports)])
            print(f"  audited {page}: {values['score']}", flush=True)
            if details:
                for line in opportunities(report):
                    print(f"      {line}")
    return rows


def headers() -> list[str]:
    return ["page", "score", *(h for h, _, _, _ in METRICS),
            f"(>= {TARGETS['performance']}, LCP <= {TARGETS['lcp s']} s)", "CPU index", "all runs"]


def section(html_dir: Path) -> None:
    """Section (i) of ``make bench`` (``benchmarks/bench.py``): the table for every first page."""
    from benchmarks.bench import section as title
    from benchmarks.bench import table

    title("(i) Page load on a phone: Lighthouse 12, mobile, simulated slow 4G, served gzip-compressed")
    if not (Path(html_dir) / "book" / "intro.html").is_file():
        print("  no built book found")
        return
    try:
        rows = run(Path(html_dir))
    except FileNotFoundError as error:
        print(f"  {error}")
        return
    table(headers(), rows, "lr" + "r" * len(METRICS) + "lrl")
    print("  score: Lighthouse's performance score; FCP/LCP: First/Largest Contentful Paint; TBT: Total Blocking "
          "Time;\n  CLS: Cumulative Layout Shift; KB sent: bytes transferred (compressed). Targets from issue 26. The median\n"
          "  of 3 runs by score (all runs: every run's score). CPU index: Lighthouse's benchmark of this machine's CPU\n"
          "  in that run (about 1000+ when idle; lower on a busy machine, which lowers the score).")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html", help="the built book")
    parser.add_argument("--page", action="append", default=[], help="only pages whose path contains this")
    parser.add_argument("--details", action="store_true", help="print Lighthouse's biggest opportunities")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median run is shown (default 3)")
    parser.add_argument("--save", type=Path, help="keep each page's JSON report in this folder")
    args = parser.parse_args(argv)
    if not (args.html / "book" / "intro.html").is_file():
        print(f"no built book in {args.html} (run `make book`)", file=sys.stderr)
        return 2
    if not shutil.which(os.environ.get("CHROME_PATH", CHROME)):
        print(f"no chromium at {CHROME} (set CHROME_PATH, or `make chromium`)", file=sys.stderr)
        return 2
    from benchmarks.bench import table

    rows = run(args.html, args.page, args.details, args.save, args.runs)
    table(headers(), rows, "lr" + "r" * len(METRICS) + "lrl")
    return 0


if __name__ == "__main__":
    sys.exit(main())

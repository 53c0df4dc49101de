"""Build the book into _build/html with warnings as errors (what `make book` runs).

Jupyter Book caches executed notebooks by their *source*; it cannot see that the
course package or the data changed. So this script fingerprints ``src/dmnlab``
and ``data/SHA256SUMS`` and clears the execution cache when they change —
otherwise a fixed bug would stay visible in the cached outputs.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"


def source_fingerprint(root: Path = REPO) -> str:
    digest = hashlib.sha256()
    files = sorted((root / "src" / "dmnlab").rglob("*"))
    files.append(root / "data" / "SHA256SUMS")
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def sphinx_warnings(output: str) -> list[str]:
    """The build's Sphinx warnings (not the kernels' own "[IPKernelApp] WARNING" lines)."""
    return [line.strip() for line in output.splitlines() if re.search(r": WARNING:|^WARNING:", line)]


def build(extra_args=(), root: Path = REPO, strict: bool = True) -> subprocess.CompletedProcess:
    """Build the book in ``root`` (default: this repository), with warnings as errors if ``strict``."""
    root = Path(root)
    stamp = root / "_build" / ".dmnlab-source-hash"
    fingerprint = source_fingerprint(root)
    if not stamp.is_file() or stamp.read_text() != fingerprint:
        for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
            shutil.rmtree(root / "_build" / stale, ignore_errors=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "DMNLAB_STATIC_WIDGETS": "1"}
    env.pop("MPLBACKEND", None)  # NOTES.md: with Agg forced, some outputs are stored empty
    flags = ["--warningiserror", "--keep-going"] if strict else ["--keep-going"]
    result = subprocess.run([str(jupyter_book), "build", str(root), *flags, *extra_args], cwd=root, env=env,
                            capture_output=True, text=True)
    if result.returncode == 0:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(fingerprint)
    return result


def main() -> int:
    start = time.perf_counter()
    result = build(sys.argv[1:])
    sys.stdout.write(result.stdout[-20000:])
    sys.stderr.write(result.stderr[-20000:])
    seconds = time.perf_counter() - start
    if result.returncode == 0:
        print(f"\nBook built in {seconds:.0f} s: open {BUILD / 'html' / 'index.html'}")
    else:
        print(f"\nBook build FAILED after {seconds:.0f} s (warnings count as errors).", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

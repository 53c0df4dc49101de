"""Build the book into _build/html with warnings as errors (what `make book` runs).

Jupyter Book caches executed notebooks by their *source*; it cannot see that the
course package or the data changed. So this script fingerprints what the kernels run
(``src/dmnlab`` and ``data/SHA256SUMS``) and clears the execution cache when it changes —
otherwise a fixed bug would stay visible in the cached outputs. The build-side files of the
package (the Sphinx extension, its page fixes, static files and templates: ``BUILD_SIDE``)
never run in a kernel: a change there re-renders every page from the cached outputs.
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


#: Package files that only the Sphinx build uses (relative to src/dmnlab); never run in a kernel.
BUILD_SIDE = ("course/sphinxext.py", "course/pagefixes.py", "course/progress.py",
              "course/static", "course/templates")


def _is_build_side(path: Path, package: Path) -> bool:
    relative = path.relative_to(package).as_posix()
    return any(relative == entry or relative.startswith(entry + "/") for entry in BUILD_SIDE)


def source_fingerprint(root: Path = REPO, build_side: bool = False) -> str:
    """Hash of what the kernels run (default), or of the build-side package files."""
    digest = hashlib.sha256()
    package = root / "src" / "dmnlab"
    files = [path for path in sorted(package.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts
             and _is_build_side(path, package) == build_side]
    if not build_side:
        files.append(root / "data" / "SHA256SUMS")
    for path in files:
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
    build_stamp = root / "_build" / ".dmnlab-build-hash"
    fingerprint = source_fingerprint(root)
    build_fingerprint = source_fingerprint(root, build_side=True)
    if not stamp.is_file() or stamp.read_text() != fingerprint:
        for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
            shutil.rmtree(root / "_build" / stale, ignore_errors=True)
    elif not build_stamp.is_file() or build_stamp.read_text() != build_fingerprint:
        shutil.rmtree(root / "_build" / ".doctrees", ignore_errors=True)   # re-render, no re-run
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "DMNLAB_STATIC_WIDGETS": "1"}
    env.pop("MPLBACKEND", None)  # NOTES.md: with Agg forced, some outputs are stored empty
    flags = ["--warningiserror", "--keep-going"] if strict else ["--keep-going"]
    result = subprocess.run([str(jupyter_book), "build", str(root), *flags, *extra_args], cwd=root, env=env,
                            capture_output=True, text=True)
    if result.returncode == 0:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(fingerprint)
        build_stamp.write_text(build_fingerprint)
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

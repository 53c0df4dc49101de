"""Build the book into _build/html with warnings as errors (what `make book` runs).

Jupyter Book caches executed notebooks by their *source*; it cannot see that the
course package or the data changed. So this script fingerprints what the kernels run
(``src/dmnlab`` and ``data/SHA256SUMS``) and clears the execution cache when it changes —
otherwise a fixed bug would stay visible in the cached outputs. The build-side files of the
tools/bookext (the Sphinx extension, its page fixes, static files and templates: ``BUILD_SIDE``)
never runs in a kernel: a change there re-renders every page from the cached outputs.

Before Sphinx runs, every page and lab that Jupyter Book would execute is executed in parallel
(one process per core) by jupyter-cache's ``local-parallel`` executor into the same cache that
Jupyter Book reads (``_build/.jupyter_cache``): Jupyter Book alone executes them one after the
other. A notebook that fails here is simply executed again by Jupyter Book, which reports the
error as usual.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"


#: What only the Sphinx build uses (relative to the repository); never runs in a kernel.
BUILD_SIDE = "tools/bookext"


def source_fingerprint(root: Path = REPO, build_side: bool = False) -> str:
    """Hash of what the kernels run (default: the package and the data), or of the Sphinx extension."""
    digest = hashlib.sha256()
    folder = root / (BUILD_SIDE if build_side else "src/dmnlab")
    files = [path for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    if not build_side:
        files.append(root / "data" / "SHA256SUMS")
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sphinx_warnings(output: str) -> list[str]:
    """The build's Sphinx warnings (not the kernels' own "[IPKernelApp] WARNING" lines)."""
    return [line.strip() for line in output.splitlines() if re.search(r": WARNING:|^WARNING:", line)]


def document_files(root: Path) -> list[Path]:
    """The source file of every book document (the chapter registry): its notebook, else its Markdown."""
    from dmnlab.course import chapters

    found = []
    for name in chapters.documents():
        notebook, markdown = root / f"{name}.ipynb", root / f"{name}.md"
        if notebook.is_file() or markdown.is_file():
            found.append(notebook if notebook.is_file() else markdown)
    return found


def executable_documents(root: Path) -> list[tuple[Path, dict | None]]:
    """``(path, jupyter-cache read_data)`` of every book document (the chapter registry) Jupyter Book executes."""
    from myst_nb.core.read import is_myst_markdown_notebook

    found = []
    for path in document_files(root):
        if path.suffix == ".ipynb":
            found.append((path, None))
        elif is_myst_markdown_notebook(path.read_text("utf-8")):
            found.append((path, {"name": "myst_nb_md", "type": "plugin"}))
    return found


def documents_changed_since(root: Path, stamp: Path) -> bool:
    """Whether a book document changed after the last successful build (which wrote ``stamp``), or
    there was none. Checked by modification times, without importing Jupyter's
    libraries (about 2 s of a cached build); Jupyter Book's own cache check still runs in every build."""
    if not stamp.is_file() or not (root / "_build" / ".jupyter_cache").is_dir():
        return True
    built = stamp.stat().st_mtime
    return any(path.stat().st_mtime >= built for path in document_files(root))


def execute_in_parallel(root: Path, timeout: int = 900) -> tuple[int, int]:
    """Execute the book's notebooks into Jupyter Book's cache, one process per core.

    Returns ``(executed, failed)``; notebooks already cached are not run again.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    for path, read_data in executable_documents(root):
        if read_data is None:
            cache.add_nb_to_project(str(path))
        else:
            cache.add_nb_to_project(str(path), read_data=read_data)
    executor = load_executor("local-parallel", cache=cache)
    result = executor.run_and_cache(timeout=timeout, allow_errors=False)
    return len(result.succeeded), len(result.excepted) + len(result.errored)


def build(extra_args=(), root: Path = REPO, strict: bool = True) -> subprocess.CompletedProcess:
    """Build the book in ``root`` (default: this repository), with warnings as errors if ``strict``."""
    root = Path(root)
    stamp = root / "_build" / ".dmnlab-source-hash"
    build_stamp = root / "_build" / ".dmnlab-build-hash"
    fingerprint = source_fingerprint(root)
    build_fingerprint = source_fingerprint(root, build_side=True)
    started = time.time()
    kernels_changed = not stamp.is_file() or stamp.read_text() != fingerprint
    if kernels_changed:
        for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
            shutil.rmtree(root / "_build" / stale, ignore_errors=True)
    elif not build_stamp.is_file() or build_stamp.read_text() != build_fingerprint:
        shutil.rmtree(root / "_build" / ".doctrees", ignore_errors=True)   # re-render, no re-run
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "DMNLAB_STATIC_WIDGETS": "1"}
    env.pop("MPLBACKEND", None)  # ../shared/course/NOTES.md: with Agg forced, some outputs are stored empty
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)      # the kernels started below inherit this environment
    try:
        if kernels_changed or documents_changed_since(root, stamp):
            execute_in_parallel(root)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    flags = ["--warningiserror", "--keep-going"] if strict else ["--keep-going"]
    result = subprocess.run([str(jupyter_book), "build", str(root), *flags, *extra_args], cwd=root, env=env,
                            capture_output=True, text=True)
    if result.returncode == 0:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(fingerprint)
        build_stamp.write_text(build_fingerprint)
        os.utime(stamp, (started, started))   # a document saved during the build is newer than the stamp
        write_root_page(root / "_build" / "html", root / "_config.yml")
    return result


def write_root_page(html_dir: Path, config: Path = REPO / "_config.yml") -> None:
    """Jupyter Book's ``index.html`` is a bare ``<meta>`` redirect (no doctype, no title: invalid HTML,
    and nothing for a reader without redirects): write a valid page that redirects and links."""
    import yaml

    from dmnlab.course.chapters import ROOT

    title = yaml.safe_load(Path(config).read_text("utf-8")).get("title", "The book")
    target = f"{ROOT}.html"
    (html_dir / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta http-equiv="Refresh" content="0; url={target}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n'
        f'<p><a href="{target}">{html.escape(title)}: open the book</a></p>\n</body>\n</html>\n', "utf-8")


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

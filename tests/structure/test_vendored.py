"""Browser libraries the book and the slides serve are vendored from npm, the versions
package-lock.json pins."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "tools" / "bookext" / "static" / "vendor"
#: reveal.js for the decks of ``make slides`` (tools/make_slides.py): the files a deck loads, and its licence.
SLIDES_VENDOR = REPO / "tools" / "slides_static" / "vendor" / "reveal.js"
#: vendored file (relative to the repository) → (npm package, file inside it)
FILES = {
    "tools/bookext/static/vendor/popper.min.js": ("@popperjs/core", "dist/umd/popper.min.js"),
    "tools/bookext/static/vendor/tippy-bundle.umd.min.js": ("tippy.js", "dist/tippy-bundle.umd.min.js"),
    **{f"tools/slides_static/vendor/reveal.js/{name}": ("reveal.js", inside) for name, inside in (
        ("reveal.js", "dist/reveal.js"), ("reveal.css", "dist/reveal.css"), ("reset.css", "dist/reset.css"),
        ("theme/white.css", "dist/theme/white.css"), ("plugin/notes.js", "dist/plugin/notes.js"),
        ("LICENSE", "LICENSE"))},
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_vendored_file_is_the_pinned_npm_file(name):
    package, inside = FILES[name]
    lock = json.loads((REPO / "package-lock.json").read_text("utf-8"))
    pinned = lock["packages"].get(f"node_modules/{package}", {}).get("version")
    assert pinned, f"{package} is not in package-lock.json"
    installed = REPO / "node_modules" / package
    if not installed.is_dir():
        pytest.fail(f"node_modules/{package} is missing: run `make npm` (npm ci) first")
    version = json.loads((installed / "package.json").read_text("utf-8"))["version"]
    assert version == pinned, f"node_modules has {package} {version}, the lock pins {pinned}: run `make npm`"
    assert (REPO / name).read_bytes() == (installed / inside).read_bytes(), (
        f"{name} differs from {package} {pinned}'s {inside}: copy it again")


def test_vendored_licences_ship_with_the_files():
    assert (VENDOR / "popper-LICENSE.md").is_file() and (VENDOR / "tippy-LICENSE.txt").is_file()


def test_the_slides_vendor_only_what_is_checked():
    """Every file in the slides' vendor folder is one the test above compares with npm."""
    shipped = {path.relative_to(REPO).as_posix() for path in SLIDES_VENDOR.rglob("*") if path.is_file()}
    assert shipped and shipped <= set(FILES), f"not checked against npm: {sorted(shipped - set(FILES))}"

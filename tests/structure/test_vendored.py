"""Browser libraries the book serves are vendored from npm, the versions package-lock.json pins."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "tools" / "bookext" / "static" / "vendor"
#: vendored file → (npm package, file inside it)
FILES = {
    "popper.min.js": ("@popperjs/core", "dist/umd/popper.min.js"),
    "tippy-bundle.umd.min.js": ("tippy.js", "dist/tippy-bundle.umd.min.js"),
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
    assert (VENDOR / name).read_bytes() == (installed / inside).read_bytes(), (
        f"{name} differs from {package} {pinned}'s {inside}: copy it again")


def test_vendored_licences_ship_with_the_files():
    assert (VENDOR / "popper-LICENSE.md").is_file() and (VENDOR / "tippy-LICENSE.txt").is_file()

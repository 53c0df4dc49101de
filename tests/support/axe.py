"""Deque's axe-core (npm, ``package-lock.json``) run in an open Playwright page: the WCAG 2.1 AA audit
shared by the book's accessibility test (``test_accessibility.py``) and the slides' (``test_slides.py``)."""
from __future__ import annotations

import os

import pytest

from conftest import REPO

AXE = os.path.join(REPO, "node_modules", "axe-core", "axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe rules not run, each with its reason. Empty: every rule of the four tags runs.
EXCLUDED_RULES: dict[str, str] = {}
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the open page; its violations (every impact)."""
    if not os.path.isfile(AXE):
        pytest.fail(f"{AXE} is missing: run `make npm` (npm ci; `make test` does it).")
    page.add_script_tag(path=AXE)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
               "rules": {rule: {"enabled": False} for rule in EXCLUDED_RULES}}
    return page.evaluate("(options) => axe.run(document, options).then(r => r.violations)",
                         options)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        node = violation["nodes"][0]
        lines.append(f"{violation['impact']} {violation['id']} ({len(violation['nodes'])} nodes): "
                     f"{violation['help']} — first at {node['target']}: {node['html'][:160]}")
    return "\n  ".join(lines)

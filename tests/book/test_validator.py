"""Every built page is valid HTML: 0 errors from the W3C Nu Html Checker (npm ``vnu-jar``, run with Java).

The theme's, myst-nb's and pandas' markup errors are corrected at build time
(``tools/bookext/pagefixes.valid_markup``; the root ``index.html`` by ``tools/build_book.write_root_page``).
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow
VNU = Path(REPO, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


def _pages(html_dir: str) -> list[str]:
    return sorted(str(p) for p in Path(html_dir).rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(html_dir).parts))


@pytest.mark.timeout(600)
def test_every_page_passes_the_nu_html_checker(built_book):
    if not VNU.is_file():
        pytest.fail("vnu-jar is missing: run `make npm` (npm ci)")
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless"
    pages = _pages(built_book["html"])
    assert len(pages) >= 20 and any(p.endswith(os.sep + "index.html") for p in pages)
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=540)
    messages = [m for m in json.loads(done.stderr or '{"messages": []}')["messages"] if m["type"] == "error"]
    shown = [f"{m['url'].split('/html/')[-1]}:{m.get('lastLine')}: {m['message'][:160]}" for m in messages[:15]]
    assert messages == [], f"{len(messages)} errors:\n" + "\n".join(shown)


def test_the_fixes_make_the_known_errors_valid():
    from tools.bookext.pagefixes import valid_markup

    body = ('<details class="hide above-input"><summary>\n<p class="collapsed admonition-title">Show code cell source'
            '</p>\n<p class="expanded admonition-title">Hide code cell source</p>\n</summary></details>'
            '<div><style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n'
            '</style><table class="dataframe"></table></div>')
    fixed = valid_markup(body)
    assert "<p" not in fixed and fixed.count('<span class="') == 2 and "<style" not in fixed
    assert '<table class="dataframe">' in fixed

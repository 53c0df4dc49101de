"""Inline pictures leave the built pages (tools.bookext.pagepictures)."""
import base64
import os

import pytest

from conftest import built_pages
from tools.bookext import pagepictures


def _uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def test_large_pictures_become_files_once_and_small_ones_stay(tmp_path):
    big, other, small = os.urandom(5000), os.urandom(6000), os.urandom(100)
    body = (f'<img src="{_uri(big)}"><script>S={{"0":["{_uri(big)}","a"],'
            f'"1":["{_uri(other)}","b"]}}</script><img src="{_uri(small)}">')
    out = pagepictures.externalise(body, tmp_path, lambda path: "../" + path)
    files = sorted((tmp_path / pagepictures.FOLDER).iterdir())
    assert len(files) == 2                                   # the big picture is stored once
    assert {f.read_bytes() for f in files} == {big, other}
    for file in files:
        assert out.count(f"../{pagepictures.FOLDER}/{file.name}") == (2 if file.read_bytes() == big else 1)
    assert _uri(small) in out and _uri(big) not in out


@pytest.mark.slow
def test_no_built_page_carries_large_inline_pictures(built_book):
    html_dir = built_book["html"]
    too_big = []
    for name, text in built_pages(html_dir):
        for match in pagepictures.DATA_URI.finditer(text):
            if len(match.group(0)) >= pagepictures.MIN_BYTES * 4 // 3:
                too_big.append(name)
    assert not too_big, f"pages with inline pictures: {sorted(set(too_big))}"
    stored = os.listdir(os.path.join(html_dir, pagepictures.FOLDER))
    assert len(stored) > 100, "the widgets' state pictures should be files"

"""Every wide course figure of the book has a phone picture (issue 26: every reader, every device).

The book build moves a figure's phone rendition out of its PNG (``tools.bookext.pageweight.split_renditions``)
and offers it to screens up to 600 px wide in the figure's ``<picture>``. Here, without a browser: the
move and the markup, each with the fault it must catch; on the built book, every course figure wider
than a phone has its rendition, passed the picture checks, and every page that shows it offers it.
That a phone shows it, at its drawn size, is ``test_phone.py``'s check.
"""
from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from dmnlab.course.narrowlayout import NARROW_PNG_KEY, NARROW_PROBLEMS_KEY
from tools.bookext.pageweight import NARROW_SUFFIX, lighten_page, split_renditions


def _png(path: Path, size, text: dict) -> bytes:
    info = PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    Image.fromarray(np.full((size[1], size[0], 3), 200, np.uint8)).save(buffer, "PNG", pnginfo=info)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _narrow_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((500, 350, 3), np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_rendition_moves_into_a_file_of_its_own(tmp_path):
    narrow = _narrow_bytes()
    _png(tmp_path / "f.png", (700, 300), {"Description": "alt text", NARROW_PNG_KEY: base64.b64encode(narrow).decode()})
    plain = _png(tmp_path / "g.png", (700, 300), {"Description": "another"})
    assert split_renditions(tmp_path) == 1
    assert (tmp_path / ("f" + NARROW_SUFFIX)).read_bytes() == narrow
    with Image.open(tmp_path / "f.png") as figure:
        assert figure.text == {"Description": "alt text"} and figure.size == (700, 300)
        assert np.asarray(figure).mean() == 200
    assert (tmp_path / "g.png").read_bytes() == plain and not (tmp_path / ("g" + NARROW_SUFFIX)).exists()
    assert split_renditions(tmp_path) == 0               # a second build finds nothing to move


def test_a_damaged_field_is_left_alone(tmp_path):
    data = _png(tmp_path / "f.png", (700, 300), {NARROW_PNG_KEY: "not base64!"})
    assert split_renditions(tmp_path) == 0 and (tmp_path / "f.png").read_bytes() == data


def test_the_picture_offers_the_rendition_to_narrow_screens_first(tmp_path):
    _png(tmp_path / "f.png", (700, 300), {})
    page = tmp_path / "p.html"
    html = '<article class="bd-article"><p>text</p><img alt="a figure" src="f.png"></article>'
    assert "<picture>" in lighten_page(html, page, {})
    assert 'media="' not in lighten_page(html, page, {})         # no rendition: no narrow source
    (tmp_path / ("f" + NARROW_SUFFIX)).write_bytes(_narrow_bytes())
    once = lighten_page(html, page, {})
    sources = re.findall(r"<source\b[^>]*>", once)
    assert [re.search(r'srcset="([^"]+)"', s).group(1) for s in sources] == ["f.narrow.webp", "f.narrow.png", "f.webp"]
    assert all('media="(max-width: 600px)"' in s and 'width="350" height="500"' in s for s in sources[:2])
    assert 'media=' not in sources[2] and 'width="700" height="300"' in sources[2]
    assert once.count('alt="a figure"') == 1
    assert lighten_page(once, page, {}) == once                  # a page built before is left as it is


# --- the built book --------------------------------------------------------------------------
#: A figure at most this many pixels wide is shown on a phone near its drawn size.
PHONE_WIDE = 600
#: Figures that may have no phone picture, by the start of their alt text (none now: the diagrams whose text
#: sits at fixed places draw a phone figure of their own). The test fails when one of them gets a phone picture
#: (take it off) and when a figure not on the list has none.
NO_PHONE_PICTURE_YET: tuple = ()


def rendition_problems(html_dir: str, known: tuple = ()) -> list[str]:
    """Course figures (a PNG with an alt text) shown by a page and wider than a phone without a rendition,
    or whose rendition failed the picture checks, and pages that show a figure without offering its
    rendition. (``_images`` may keep the figures of earlier builds: only those the pages show count.)
    A figure whose alt text starts with one of ``known`` must be without one."""
    images = Path(html_dir) / "_images"
    problems, shown, unmet = [], {}, set(known)
    for root, _, files in os.walk(html_dir):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            html = Path(root, name).read_text("utf-8")
            page = os.path.relpath(Path(root, name), html_dir)
            for match in re.finditer(r'<img\b[^>]*src="[^"]*_images/([^"/]+)\.png"[^>]*>', html):
                shown.setdefault(match.group(1), page)
                if (images / (match.group(1) + NARROW_SUFFIX)).is_file():
                    before = html[max(0, match.start() - 600):match.start()]
                    if f"{match.group(1)}{NARROW_SUFFIX}" not in before:
                        problems.append(f"{page}: {match.group(1)}.png without its phone picture")
    for stem, page in sorted(shown.items()):
        png = images / (stem + ".png")
        if not png.is_file():
            continue
        with Image.open(png) as picture:
            text, width = dict(picture.text), picture.width
        listed = next((start for start in known if text.get("Description", "").startswith(start)), None)
        if listed:
            if NARROW_PROBLEMS_KEY in text:
                unmet.discard(listed)
            else:
                problems.append(f"{png.name} ({page}): has a phone picture now: take {listed!r} off the list")
            continue
        if NARROW_PROBLEMS_KEY in text:
            problems.append(f"{png.name} ({page}): no phone picture: {text[NARROW_PROBLEMS_KEY]}")
        elif NARROW_PNG_KEY in text:
            problems.append(f"{png.name} ({page}): its phone picture was not moved out of it")
        elif "Description" in text and width > PHONE_WIDE and not png.with_name(stem + NARROW_SUFFIX).is_file():
            problems.append(f"{png.name} ({page}): {width} px wide, no phone picture")
    problems += [f"no figure without a phone picture starts {start!r}: take it off the list" for start in sorted(unmet)]
    return problems


@pytest.mark.slow
def test_every_wide_course_figure_has_a_phone_picture(book_html):
    problems = rendition_problems(book_html, NO_PHONE_PICTURE_YET)
    assert not problems, "\n".join(problems)
    renditions = list((Path(book_html) / "_images").glob("*" + NARROW_SUFFIX))
    assert len(renditions) > 40, f"only {len(renditions)} phone pictures"


@pytest.mark.slow
def test_the_rendition_check_sees_a_missing_picture_and_a_failed_check(book_html, tmp_path):
    import shutil

    copy = tmp_path / "html"
    shutil.copytree(book_html, copy, ignore=shutil.ignore_patterns("*.webp", "dmnlab-pictures"))
    rendition = sorted((copy / "_images").glob("*" + NARROW_SUFFIX))[0]
    rendition.unlink()
    figure = rendition.with_name(rendition.name.replace(NARROW_SUFFIX, ".png"))
    with Image.open(figure) as picture:
        text = dict(picture.text)
    _png(figure, (800, 300), {**text, NARROW_PROBLEMS_KEY: "texts 'a' and 'b' overlap"})
    problems = "\n".join(rendition_problems(str(copy)))
    assert f"{figure.name} (" in problems and "): no phone picture: texts 'a' and 'b' overlap" in problems
    _png(figure, (800, 300), text)
    problems = "\n".join(rendition_problems(str(copy)))
    assert f"{figure.name} (" in problems and "800 px wide, no phone picture" in problems
    page = next(p for p in copy.rglob("*.html") if figure.stem + NARROW_SUFFIX in p.read_text("utf-8"))
    page.write_text(page.read_text("utf-8").replace(figure.stem + ".narrow", "elsewhere"), "utf-8")
    rendition.write_bytes(_narrow_bytes())
    assert f"{figure.stem}.png without its phone picture" in "\n".join(rendition_problems(str(copy)))
    assert "no figure without a phone picture starts 'A diagram nobody drew'" in "\n".join(
        rendition_problems(str(copy), ("A diagram nobody drew",)))


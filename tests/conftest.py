"""Shared test set-up: no network, no GUI, figures closed after each test."""
import os

import matplotlib
import pytest

# Agg in this process only: MPLBACKEND is not set in the environment, because kernels started
# by the tests inherit it and would then show no inline figures (../shared/course/NOTES.md, "Book build").
matplotlib.use("Agg")
os.environ.pop("MPLBACKEND", None)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(autouse=True)
def _live_widgets(monkeypatch):
    """Widgets are tested in live mode unless a test asks for static mode."""
    monkeypatch.delenv("DMNLAB_STATIC_WIDGETS", raising=False)


#: Answers a learner might give by mistake: every checker answers each with a message, never an
#: exception (chapter tests call checkers with them; test_notebooks calls every lab's checkers as
#: the exercises do). As code, so that a kernel can build the same list.
ODD_ANSWERS_CODE = ('[None, "0.5", "hello", [1, 2], {"a": 1}, np.zeros((2, 2)), pd.DataFrame(), True, '
                    'float("nan"), object(), pd.Series([1.0, 2.0])]')


def odd_answers() -> list:
    import numpy as np
    import pandas as pd

    return eval(ODD_ANSWERS_CODE, {"np": np, "pd": pd})


ODD_ANSWERS = odd_answers()

BUILD_DIR = os.path.join(REPO, "_build")
HTML_DIR = os.path.join(BUILD_DIR, "html")


@pytest.fixture(scope="session")
def built_book():
    """Build the book once per test session (tools/build_book.py: warnings are errors,
    notebook results cached unless the package or the data changed).

    Returns a dict with the build's ``returncode``, its console ``output``, its Sphinx
    ``warnings`` and the ``html`` folder.
    """
    import time

    from tools import build_book

    start = time.perf_counter()
    result = build_book.build()
    output = result.stdout + result.stderr
    return {"returncode": result.returncode, "output": output, "html": HTML_DIR,
            "warnings": build_book.sphinx_warnings(output), "seconds": time.perf_counter() - start}


def assert_alt_texts(expected):
    """Each figure's alt text is long, names the given numbers, and is stored in its PNG.

    ``expected`` maps a name to ``(figure, [strings the alt text must contain])``.
    """
    import io

    from PIL import Image

    for name, (figure, numbers) in expected.items():
        alt = figure.alt_text
        assert alt and len(alt) > 40, name
        for number in numbers:
            assert number in alt, (name, number, alt)
        assert Image.open(io.BytesIO(figure._repr_png_())).text["Description"] == alt, name


def built_pages(html_dir):
    """(file name, text) of every HTML page of the built book."""
    for root, _, files in os.walk(html_dir):
        for file in files:
            if file.endswith(".html"):
                with open(os.path.join(root, file), encoding="utf-8") as handle:
                    yield file, handle.read()


# The browser fixtures (the built book served on 127.0.0.1, chromium, a watched page).
from support.bookbrowser import book_html, book_url, browser, page  # noqa: F401 (pytest fixtures, used by name)

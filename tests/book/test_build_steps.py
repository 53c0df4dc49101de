"""The shortcuts of a cached book build (tools.build_book, tools.bookext) skip only what is unchanged."""
import os

import pytest

from dmnlab.course import chapters
from tools import build_book


@pytest.fixture
def book_root(tmp_path, monkeypatch):
    """A book of two documents, built once: the stamp is newer than both and the cache exists."""
    monkeypatch.setattr(chapters, "documents", lambda: ["book/page", "notebooks/lab"])
    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book" / "page.md").write_text("# Page\n")
    (tmp_path / "notebooks" / "lab.ipynb").write_text("{}")
    (tmp_path / "_build" / ".jupyter_cache").mkdir(parents=True)
    stamp = tmp_path / "_build" / ".dmnlab-source-hash"
    stamp.write_text("fingerprint")
    for path in (tmp_path / "book" / "page.md", tmp_path / "notebooks" / "lab.ipynb"):
        os.utime(path, (1_000_000, 1_000_000))
    os.utime(stamp, (2_000_000, 2_000_000))
    return tmp_path, stamp


def test_an_unchanged_book_is_not_sent_to_the_kernels_again(book_root):
    root, stamp = book_root
    assert not build_book.documents_changed_since(root, stamp)


@pytest.mark.parametrize("document", ["book/page.md", "notebooks/lab.ipynb"])
def test_a_document_saved_after_the_build_is_executed(book_root, document):
    root, stamp = book_root
    os.utime(root / document, (3_000_000, 3_000_000))
    assert build_book.documents_changed_since(root, stamp)


def test_no_build_or_no_cache_means_execute(book_root):
    root, stamp = book_root
    (root / "_build" / ".jupyter_cache").rmdir()
    assert build_book.documents_changed_since(root, stamp)
    stamp.unlink()
    assert build_book.documents_changed_since(root, stamp)


def test_bibliography_latex_decodes_as_pybtex_does():
    """The kept decoding gives pybtex's own result, for LaTeX accents and markup alike."""
    import codecs

    import latexcodec  # noqa: F401
    from pybtex.markup import LaTeXParser
    from pybtex.richtext import Text

    from tools import bookext

    fields = [r"Schr{\"o}dinger and Gonz{\'a}lez", r"\emph{Default mode} network -- a review", "Plain title"]
    expected = [LaTeXParser(codecs.decode(field, "ulatex")).parse().render_as("html") for field in fields]
    bookext._decode_latex_once()
    bookext._decode_latex_once()   # twice: still one patch
    assert getattr(Text.from_latex, "dmnlab_decoded_once", False)
    assert [Text.from_latex(field).render_as("html") for field in fields] == expected
    assert [Text.from_latex(field).render_as("html") for field in fields] == expected   # from the kept strings

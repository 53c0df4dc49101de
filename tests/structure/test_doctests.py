"""Every example in the package's docstrings runs and shows what it says, so that the text a learner
reads through help() cannot go stale (the science review found a doctest giving −0.26 where the
code gives −0.24). The same check as ``pytest --doctest-modules src/dmnlab``, run by ``make test``."""
import doctest
import importlib
import io
import pkgutil

import pytest

import dmnlab

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(dmnlab.__path__, "dmnlab."))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _run_examples(name: str) -> tuple[int, int, str]:
    """(examples failed, examples tried, the runner's report) for one module."""
    module = importlib.import_module(name)
    output = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=output.write)
    failed, tried = runner.summarize(verbose=False)
    return failed, tried, output.getvalue()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_show_what_the_code_does(name):
    failed, _, report = _run_examples(name)
    assert not failed, f"{name}: {failed} docstring example(s) out of date:\n{report[-3000:]}"


def test_the_package_has_examples_to_check():
    """A guard: the test above is not empty (it found the package's modules and their examples)."""
    tried = sum(_run_examples(name)[1] for name in MODULES)
    assert len(MODULES) > 40 and tried >= 15, (len(MODULES), tried)


def test_a_stale_example_is_caught(tmp_path, monkeypatch):
    """The check fails on an example whose shown result the code no longer gives."""
    (tmp_path / "stale_example.py").write_text('def f():\n    """\n    >>> 1 + 1\n    3\n    """\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    failed, tried, report = _run_examples("stale_example")
    assert (failed, tried) == (1, 1) and "Expected:" in report

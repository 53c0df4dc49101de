"""Errors a learner can cause, shown in a notebook as a short message instead of a traceback.

A damaged data file, a value a widget does not offer, or a real-data download that cannot
happen offline are not bugs: a wall of traceback would only hide the one sentence that says
what to do. Inside IPython/Jupyter, importing :mod:`dmnlab` registers a handler that prints
that sentence alone. Outside notebooks they are ordinary exceptions.
"""
from __future__ import annotations

import sys


class CourseInputError(Exception):
    """Base class of errors whose message tells the learner what to do."""


def _show_message_only(shell, etype, value, tb, tb_offset=None):
    lines = [f"{etype.__name__}: {line}" if i == 0 else line
             for i, line in enumerate(str(value).splitlines() or [""])]
    shell._showtraceback(etype, value, lines)  # the kernel sends these lines as the error output
    return lines


def install_notebook_handler() -> bool:
    """In a running IPython shell, show :class:`CourseInputError` as its message only."""
    if "IPython" not in sys.modules:  # never import IPython just to check
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((CourseInputError,), _show_message_only)
    return True

"""Feedback on exercise answers: say what is right, hint at common mistakes, never raise.

Each chapter module has ``check_*`` functions for its exercises; they are built
from the helpers here. A checker takes whatever the learner passes (a number, a
list, an array, a DataFrame, ``None``, a string…) and returns a
:class:`Feedback`, which shows as a coloured box in a notebook and as text in a
terminal.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import lazy_loader as lazy
import numpy as np

pd = lazy.load("pandas")


@dataclass
class Feedback:
    """The result of checking an answer."""

    correct: bool
    message: str
    hint: str = ""
    #: False when there was nothing to check yet (a ``None`` placeholder, a function that returns
    #: ``None``): hints in steps (:func:`exercise`) do not count it as an attempt.
    attempted: bool = True

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        mark = "✔ Correct" if self.correct else "✘ Not yet"
        text = f"{mark}: {self.message}"
        return f"{text}\nHint: {self.hint}" if self.hint else text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from .palette import FEEDBACK_NOT_YET, FEEDBACK_RIGHT

        (colour, border), mark = ((FEEDBACK_RIGHT, "✔ Correct") if self.correct
                                  else (FEEDBACK_NOT_YET, "✘ Not yet"))
        hint = f"<br><em>Hint:</em> {html.escape(self.hint)}" if self.hint else ""
        return (f'<div role="status" style="background:{colour};border-left:4px solid {border};'
                f'padding:0.5em 0.8em;margin:0.3em 0"><strong>{mark}</strong>: '
                f"{html.escape(self.message)}{hint}</div>")


NO_ANSWER_HINT = "Replace `None` with your code, run the cell again, and the checker will tell you more."


def no_answer(what: str) -> Feedback:
    """Feedback for an exercise cell that still holds the ``None`` placeholder."""
    return Feedback(False, f"no answer yet — {what} is still None.", NO_ANSWER_HINT, attempted=False)


def right(message: str) -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


def as_number(answer, what: str):
    """Convert an answer to a float, or return a :class:`Feedback` explaining why not."""
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).ravel()[0]
    if answer is None:
        return no_answer(what)
    if isinstance(answer, bool):
        return wrong(f"{what} should be a number, but got {answer!r}.",
                     "Assign the number to the variable, e.g. `answer = 0.42`.")
    if isinstance(answer, (str, bytes)):
        return wrong(f"{what} should be a number you computed, but got the text {str(answer)[:20]!r}.",
                     "Compute the value with code and assign the result (no quotes), e.g. "
                     "`answer = result.p_value`.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return wrong(f"{what} should be a single number, but got a {type(answer).__name__}.",
                     "If you have an array or table, pick the one value the question asks for.")
    if not np.isfinite(value):
        return wrong(f"{what} is {value}, not a finite number.",
                     "Check for a division by zero or missing values (NaN).")
    return value


def as_matrix(answer, shape: tuple[int, int], what: str):
    """Convert an answer to a float array of ``shape``, or return a :class:`Feedback`."""
    if answer is None:
        return no_answer(what)
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return wrong(f"{what} should be a numeric array, but got a {type(answer).__name__}.",
                     "Use NumPy or pandas to compute it.")
    if array.shape != shape:
        hint = "A correlation matrix has one row and one column per region."
        if array.shape == shape[::-1]:
            hint = "Your array is transposed: check which axis is time."
        elif array.ndim == 2 and array.shape[0] == array.shape[1]:
            hint = ("Your matrix is square but the wrong size: np.corrcoef treats *rows* as "
                    "variables, so pass the table transposed (regions as rows) or use "
                    "DataFrame.corr().")
        return wrong(f"{what} has shape {array.shape}; expected {shape}.", hint)
    if not np.all(np.isfinite(array)):
        return wrong(f"{what} contains NaN or infinite values.",
                     "A region with a constant signal has no correlation; check your input.")
    return array


def as_label_set(answer, what: str, known: set[str]):
    """Convert an answer to a set of labels, or return a :class:`Feedback`."""
    if answer is None or (isinstance(answer, (list, tuple, set)) and not answer):
        return no_answer(what) if answer is None else Feedback(
            False, f"no answer yet — {what} is empty.", "Put the region labels in the list, e.g. ['PCC', 'mPFC'].")
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Index, pd.Series, np.ndarray)):
        answer = list(answer)
    if not isinstance(answer, (list, tuple, set, frozenset)):
        return wrong(f"{what} should be a list of region labels, but got a {type(answer).__name__}.",
                     "For example: ['PCC', 'mPFC'].")
    labels = {str(item) for item in answer}
    unknown = sorted(labels - known)
    if unknown:
        return wrong(f"{what} contains unknown label(s) {unknown}.",
                     f"Use the labels of the table's columns, e.g. {sorted(known)[:4]}.")
    return labels


def check_close(answer, expected: float, what: str, tolerance: float,
                mistakes: dict[float, str] | None = None, unit: str = "",
                right_message: str | None = None, fallback_hint: str | None = None) -> Feedback:
    """Check a number against ``expected`` within ``tolerance``.

    ``mistakes`` maps the value a common mistake gives to a hint about it;
    ``right_message`` replaces the plain confirmation, ``fallback_hint`` the generic hint
    for a value that matches no known mistake.
    """
    value = as_number(answer, what)
    if isinstance(value, Feedback):
        return value
    if abs(value - expected) <= tolerance:
        return right(right_message or f"{what} = {value:.3g}{unit}.")
    # Two mistakes can give the same number with some data: then name every one that fits.
    hints = [hint for wrong_value, hint in (mistakes or {}).items() if abs(value - wrong_value) <= tolerance]
    if hints:
        return wrong(f"{what} = {value:.3g}{unit} is not right.",
                     hints[0] if len(hints) == 1 else "One of these: " + " Or: ".join(hints))
    direction = "too high" if value > expected else "too low"
    return wrong(f"{what} = {value:.3g}{unit} is {direction}.",
                 fallback_hint or "Re-read the question and check each step of your computation.")


# --- hints in steps -------------------------------------------------------------------------------
#: How many times each exercise has been answered "not yet" in this kernel (hints grow with it).
ATTEMPTS: dict[str, int] = {}


def exercise(number: str, method: str, code: str):
    """Decorate a checker so that its hints come in steps, counted per exercise while the kernel runs.

    The first "not yet" shows the checker's own hint (a nudge that names the mistake); the second adds
    ``method`` (how to compute it, in words); the third and later add ``code`` (the line to write).
    An unanswered exercise (``None``) does not count as an attempt.

    >>> @exercise("0.1", method="Add the values and divide by their count.", code="answer = values.mean()")
    ... def check_mean(answer):
    ...     return right("yes") if answer == 2 else wrong("not the mean.", "Look at every value.")
    >>> ATTEMPTS.pop("0.1", None)
    >>> [check_mean(1).hint for _ in range(3)][1:]
    ['Look at every value. Method: Add the values and divide by their count.', 'Look at every value. \
Method: Add the values and divide by their count. Code: answer = values.mean()']
    """
    def decorate(checker):
        import functools

        @functools.wraps(checker)
        def wrapper(*args, **kwargs):
            feedback = checker(*args, **kwargs)
            answer = args[0] if args else next(iter(kwargs.values()), None)
            if feedback.correct or answer is None or not feedback.attempted:
                return feedback
            ATTEMPTS[number] = ATTEMPTS.get(number, 0) + 1
            steps = [feedback.hint] if feedback.hint else []
            if ATTEMPTS[number] >= 2:
                steps.append(f"Method: {method}")
            if ATTEMPTS[number] >= 3:
                steps.append(f"Code: {code}")
            return Feedback(False, feedback.message, " ".join(steps), attempted=True)

        wrapper.exercise = number
        return wrapper

    return decorate


# --- checking a function the learner wrote ----------------------------------------------------------
def check_function(answer, cases, what: str, compare=None, mistakes=(), right_message: str = "") -> Feedback:
    """Run the learner's function on the checker's own inputs and say which case it gets wrong.

    Parameters
    ----------
    answer
        The learner's function (anything else gets a message).
    cases
        ``[(label, args, expected)]``: ``args`` a tuple of arguments, ``expected`` the right result.
        Include edge cases (ties, a constant signal, two values).
    what
        What the function computes, for the messages ("your fisher_mean").
    compare
        ``compare(result, expected) -> bool`` (default: NumPy ``allclose`` with rtol 1e-6).
    mistakes
        ``[(function, message, hint)]``: typical wrong implementations; when the learner's results
        match one of them on every case, its message names the mistake.
    """
    if answer is None:
        return no_answer(what)
    if not callable(answer):
        return wrong(f"{what} should be a function (def …), but got a {type(answer).__name__}.",
                     "Define it with `def name(…):` and pass the name without brackets.")
    compare = compare or _numbers_close

    def safe(function, args):
        try:
            return True, function(*args)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return False, f"{type(error).__name__}: {error}"

    results = [safe(answer, args) for _, args, _ in cases]
    if all(ok and result is None for ok, result in results):
        return Feedback(False, f"no answer yet — {what} returns None.",
                        "Write the function's body and end it with `return` and the result.", attempted=False)
    failures = []
    for (label, args, expected), (ok, result) in zip(cases, results):
        if not ok:
            failures.append(f"on {label} it raised {result}")
        else:
            try:
                same = compare(result, expected)
            except (TypeError, ValueError):
                same = False
            if not same:
                failures.append(f"on {label} it returned {_short(result)} instead of {_short(expected)}")
    if not failures:
        return right(right_message or f"{what} gives the right result on all {len(cases)} test inputs.")
    for function, message, hint in mistakes:
        typical = [safe(function, args) for _, args, _ in cases]
        try:
            if all(ok and ok_l and compare(result, mistake)
                   for (ok, result), (ok_l, mistake) in zip(results, typical)):
                return wrong(f"{what}: {message}", hint)
        except (TypeError, ValueError):
            continue
    return wrong(f"{what} is not right yet: {failures[0]}"
                 + (f" (and {len(failures) - 1} more test input(s))" if len(failures) > 1 else "") + ".",
                 "Try your function by hand on the small example above first.")


def _numbers_close(result, expected) -> bool:
    """Default comparison of :func:`check_function`: numbers (or arrays) equal to 1e-6; text is not a number."""
    if isinstance(result, (str, bytes)) or result is None:
        return False
    return bool(np.allclose(np.asarray(result, dtype=float), np.asarray(expected, dtype=float),
                            rtol=1e-6, atol=1e-9, equal_nan=True))


def _short(value) -> str:
    try:
        array = np.asarray(value, dtype=float)
        if array.ndim == 0:
            return f"{float(array):.4g}"
        return np.array2string(array.ravel()[:4], precision=3) + ("…" if array.size > 4 else "")
    except (TypeError, ValueError):
        return repr(value)[:40]

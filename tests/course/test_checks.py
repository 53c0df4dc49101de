"""The shared checker helpers (dmnlab.course.checks)."""
import numpy as np
import pytest

from dmnlab.course import checks


@pytest.mark.parametrize("text", ["-0.29", "0.5", b"0.5"])
def test_a_number_copied_as_text_is_not_accepted(text):
    """A learner who pastes a number from the page as a string has not computed it."""
    feedback = checks.as_number(text, "Your p-value")
    assert isinstance(feedback, checks.Feedback) and not feedback.correct
    assert "text" in feedback.message and "no quotes" in feedback.hint
    assert not checks.check_close(text, float(text), "p", 0.01).correct


def test_numbers_in_any_numeric_form_are_accepted():
    for answer in (0.5, np.float64(0.5), np.array([0.5]), 1):
        assert isinstance(checks.as_number(answer, "x"), float)


def _mean(values):
    return sum(values) / len(values)


CASES = [("three values", ([1.0, 2.0, 3.0],), 2.0), ("one value", ([5.0],), 5.0), ("negatives", ([-1.0, -3.0],), -2.0)]


def test_a_learner_function_is_run_on_the_checkers_inputs():
    assert checks.check_function(_mean, CASES, "your mean").correct
    wrong = checks.check_function(lambda values: sum(values), CASES, "your mean")
    assert not wrong.correct and "three values" in wrong.message and "6" in wrong.message
    named = checks.check_function(lambda values: sum(values) / (len(values) - 1 or 1), CASES, "your mean",
                                  mistakes=[(lambda values: sum(values) / (len(values) - 1 or 1),
                                             "you divided by n − 1.", "Divide by the number of values.")])
    assert "n − 1" in named.message


def test_a_function_that_raises_or_returns_text_or_nothing_gets_a_message():
    raised = checks.check_function(lambda values: values[10], CASES, "your mean")
    assert not raised.correct and "IndexError" in raised.message
    text = checks.check_function(lambda values: "2.0", CASES, "your mean")
    assert not text.correct
    stub = checks.check_function(lambda values: None, CASES, "your mean")
    assert not stub.correct and "returns None" in stub.message and not stub.attempted
    assert not checks.check_function(3.0, CASES, "your mean").correct


def test_hints_come_in_steps_and_a_stub_is_not_an_attempt():
    @checks.exercise("9.9", method="Add and divide.", code="mean = sum(v) / len(v)")
    def check(answer):
        return checks.check_function(answer, CASES, "your mean")

    checks.ATTEMPTS.pop("9.9", None)
    assert check(lambda values: None).hint.count("Method") == 0
    hints = [check(lambda values: 0.0).hint for _ in range(3)]
    assert "Method" not in hints[0] and "Method: Add and divide." in hints[1] and "Code: mean =" in hints[2]
    assert checks.ATTEMPTS["9.9"] == 3

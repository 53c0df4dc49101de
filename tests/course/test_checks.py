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

"""Every chapter's quiz: enough questions, half of them application, right answers spread over the
positions and not given away by their length, and feedback without a doubled "Right. Right:"."""
import ast
import re
from collections import Counter

import pytest

from dmnlab.course.chapters import CHAPTERS
from dmnlab.course.quiz import Question, Quiz

#: At most this share of the course's questions may have their right answer in one position.
MAX_SHARE = 0.40


def _quiz_of(chapter) -> Quiz:
    """The page's quiz, built by running its quiz cell with only the chapter's package imported (as
    the page's first cell does): quiz cells are otherwise self-contained."""
    text = chapter.page_path().read_text(encoding="utf-8")
    cells = [cell for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S) if "Quiz(" in cell]
    assert len(cells) == 1, "one quiz cell per page"
    source = "\n".join(line for line in cells[0].splitlines() if not line.startswith(":"))
    tree = ast.parse(source)
    last = tree.body[-1]
    assert isinstance(last, ast.Expr), "the quiz cell ends with the Quiz(...) expression"
    assign = ast.Assign(targets=[ast.Name("_quiz", ast.Store())], value=last.value)
    tree.body[-1] = ast.copy_location(assign, last)
    namespace: dict = {chapter.module: chapter.load()}
    exec(compile(ast.fix_missing_locations(tree), str(chapter.page_path()), "exec"), namespace)
    return namespace["_quiz"]


QUIZZES = {chapter.stem: _quiz_of(chapter) for chapter in CHAPTERS}


@pytest.mark.parametrize("stem", QUIZZES)
def test_a_chapter_quiz_has_five_questions_half_of_them_application(stem):
    questions = QUIZZES[stem].questions
    assert len(questions) >= 5, f"{len(questions)} questions"
    applied = sum(question.kind == "application" for question in questions)
    assert applied * 2 >= len(questions), f"{applied} of {len(questions)} are application questions"


def test_right_answers_are_spread_over_the_positions():
    questions = [q for quiz in QUIZZES.values() for q in quiz.questions]
    positions = Counter(question.answer for question in questions)
    assert max(positions.values()) <= MAX_SHARE * len(questions), positions


def test_the_right_answer_is_not_given_away_by_its_length():
    """Picking the longest option must not beat guessing: the right answer is the longest no more often
    than chance (one in three for three options), and clearly the longest (a fifth and ten characters
    longer than every other option, the careful, qualified answer among short wrong ones) almost never."""
    questions = [q for quiz in QUIZZES.values() for q in quiz.questions]
    longest = [q.prompt for q in questions
               if len(q.options[q.answer]) >= max(len(option) for option in q.options)]
    chance = sum(1 / len(q.options) for q in questions)
    assert len(longest) <= chance, \
        f"{len(longest)} of {len(questions)} right answers are the longest option (chance: {chance:.0f}):\n" \
        + "\n".join(longest)
    clearly = [q.prompt for q in questions
               if all(len(q.options[q.answer]) >= max(1.2 * len(option), len(option) + 10)
                      for i, option in enumerate(q.options) if i != q.answer)]
    assert len(clearly) <= 0.05 * len(questions), \
        f"{len(clearly)} right answers are clearly the longest option:\n" + "\n".join(clearly)


def test_feedback_does_not_say_right_twice():
    for stem, quiz in QUIZZES.items():
        for question in quiz.questions:
            if question.explanations:
                assert not re.match(r"\s*right\b", question.explanations[question.answer], re.IGNORECASE), stem
    html = Quiz([Question("q?", ["a", "b"], 1, ["no", "Right: because"])])._repr_html_()
    assert "Right. Right" not in html and "Because" in html


def test_rotation_keeps_each_explanation_with_its_option():
    question = Question("q?", ["zero", "one", "two"], 2, ["0 is wrong", "1 is wrong", "Right: two"])
    for position in range(3):
        placed = question.placed(position)
        assert placed.answer == position and placed.options[position] == "two"
        assert all(option.split()[0] in ("zero", "one", "two") for option in placed.options)
        for option, why in zip(placed.options, placed.explanations):
            assert why.startswith({"zero": "0", "one": "1", "two": "Two"}[option])

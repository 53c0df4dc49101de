"""Self-check questions that work on the static page (no kernel) and in JupyterLab.

Each question is a keyboard-usable ``<fieldset>`` of radio buttons. Choosing an
option shows whether it is right and why (a few lines of inline JavaScript).
Without JavaScript, a "Show the answer" disclosure still reveals the answer.

A :class:`Quiz` places each right answer by a deterministic rotation of the options, so right
answers are spread over the positions (authors write the right option wherever it reads best);
``kind="application"`` marks a question that asks to apply an idea (read a result, predict a
widget, spot a design flaw) rather than to recall it. ``tests/course/test_quiz.py`` checks every
chapter's quiz: enough questions, half of them application, answers spread, not the longest.
"""
from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field

from .palette import FEEDBACK_RIGHT_TEXT, FEEDBACK_WRONG_TEXT


@dataclass
class Question:
    """One multiple-choice question.

    Parameters
    ----------
    prompt
        The question.
    options
        The answer options, in display order.
    answer
        Index of the right option.
    explanations
        One line per option saying why it is right or wrong (the right one without a leading
        "Right:", which the page adds).
    kind
        ``"recall"`` or ``"application"``.
    keep_order
        Keep the options in the given order (e.g. numbers in increasing order) instead of rotating them.
    """

    prompt: str
    options: list[str]
    answer: int
    explanations: list[str] = field(default_factory=list)
    kind: str = "recall"
    keep_order: bool = False

    def __post_init__(self):
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"answer index {self.answer} is not among {len(self.options)} options")
        if self.explanations and len(self.explanations) != len(self.options):
            raise ValueError("give one explanation per option (or none)")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.explanations:
            self.explanations = list(self.explanations)
            self.explanations[self.answer] = _without_verdict(self.explanations[self.answer])

    def placed(self, position: int) -> "Question":
        """The same question with its right answer moved to ``position`` (options rotated)."""
        if self.keep_order:
            return self
        shift = (position - self.answer) % len(self.options)
        rotate = lambda items: items[-shift:] + items[:-shift] if shift else list(items)  # noqa: E731
        return Question(self.prompt, rotate(list(self.options)), position,
                        rotate(list(self.explanations)) if self.explanations else [], self.kind, True)

    def _html(self, number: int) -> str:
        qid = "quiz-" + hashlib.sha1(self.prompt.encode()).hexdigest()[:10]
        items = []
        for index, option in enumerate(self.options):
            why = self.explanations[index] if self.explanations else ""
            verdict = "Right" if index == self.answer else "Not quite"
            items.append(
                f'<div><input type="radio" name="{qid}" id="{qid}-{index}" value="{index}" '
                f'data-verdict="{verdict}" data-why="{html.escape(why)}">'
                f' <label for="{qid}-{index}">{html.escape(option)}</label></div>'
            )
        right_text = html.escape(self.options[self.answer])
        why_right = html.escape(self.explanations[self.answer]) if self.explanations else ""
        return (
            f'<fieldset id="{qid}"><legend>Question {number}. {html.escape(self.prompt)}</legend>'
            + "".join(items)
            + f'<p class="dmnlab-quiz-feedback" id="{qid}-fb" aria-live="polite"></p>'
            f"<details><summary>Show the answer</summary><p>{right_text}. {why_right}</p></details>"
            "</fieldset>"
        )


KINDS = ("recall", "application")


def _without_verdict(text: str) -> str:
    """An explanation without a leading "Right" (the page already says "Right.")."""
    import re

    rest = re.sub(r"^\s*right\s*(?:[:.,!—–-]\s*)?", "", text, flags=re.IGNORECASE).lstrip()
    return rest[:1].upper() + rest[1:] if rest else text


class Quiz:
    """A list of :class:`Question` shown as one self-check block.

    Right answers are spread over the positions: question ``i`` (from 0) gets its right answer at
    position ``(i + offset) % n_options``, with ``offset`` taken from the first prompt (so it is the
    same in every build, and differs between chapters).
    """

    def __init__(self, questions: list[Question], title: str | None = None):
        questions = list(questions)
        offset = int(hashlib.sha1(questions[0].prompt.encode()).hexdigest()[:4], 16) if questions else 0
        self.questions = [question.placed((index + offset) % len(question.options))
                          for index, question in enumerate(questions)]
        self.title = title

    def _repr_html_(self) -> str:
        body = "".join(question._html(number + 1) for number, question in enumerate(self.questions))
        script = (
            "<script>(function(){document.querySelectorAll('.dmnlab-quiz input[type=radio]')"
            ".forEach(function(r){r.addEventListener('change',function(){"
            "var fb=document.getElementById(r.name+'-fb');"
            "fb.textContent=r.dataset.verdict+'. '+r.dataset.why;"
            f"fb.style.color=r.dataset.verdict==='Right'?'{FEEDBACK_RIGHT_TEXT}':'{FEEDBACK_WRONG_TEXT}';"
            "});});})();</script>"
        )
        label = html.escape(self.title or "Self-check questions")
        heading = f"<p><strong>{label}</strong></p>" if self.title else ""
        return (f'<div class="dmnlab-quiz" role="group" aria-label="{label}">'
                f"{heading}{body}</div>{script}")

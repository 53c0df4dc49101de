"""How long a chapter takes: the page from its measured words, the lab from its text and exercises.

* **The page.** The words of the built page, counted the way a reader meets them
  (``tools.wordcount``: the core path is what shows before anything is opened, the deep dives
  what is folded), read at :data:`WORDS_PER_MINUTE`, a pace for technical text. The counts are
  recorded in ``page_words.toml`` beside this module by ``python -m tools.wordcount --record
  _build/html``; a test compares them with every new build, so a page that grows cannot keep an
  old, shorter time.
* **The lab.** Its instructions read at the same pace, plus :data:`MINUTES_PER_EXERCISE` for each
  exercise. That figure comes from a learner's measured times (the course's learner review,
  December 2026: four labs worked in depth took 55, 70, 80 and 60 minutes for 5, 6, 4 and 4
  exercises and 890, 1,354, 710 and 1,181 words of instructions; the least-squares fit of
  minutes − words/150 on exercises gives 12 minutes an exercise).

Times are rounded up to 5 minutes: a learner who finishes early is happier than one who runs late.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path

from .chapters import REPO, chapter

#: At most this many words on a chapter page's core path (what shows before anything is opened).
CORE_PATH_LIMIT = 3500
#: Reading pace for technical text, words a minute.
WORDS_PER_MINUTE = 150
#: Minutes a learner spends on one lab exercise, besides reading it (fitted to measured times).
MINUTES_PER_EXERCISE = 12
#: Recorded visible and folded words of each built chapter page.
PAGE_WORDS = Path(__file__).with_name("page_words.toml")

_EXERCISE = re.compile(r"^#+\s*Exercise\b", re.MULTILINE)


def round_up(minutes: float, step: int = 5) -> int:
    """Minutes rounded up to a multiple of ``step`` (at least ``step``)."""
    return max(step, int(math.ceil(minutes / step) * step))


def recorded_words() -> dict[str, dict[str, int]]:
    """``{page stem: {"visible": …, "folded": …}}`` as last recorded from a build."""
    if not PAGE_WORDS.is_file():
        return {}
    return tomllib.loads(PAGE_WORDS.read_text("utf-8"))


def lab_workload(key, root: Path = REPO) -> tuple[int, int]:
    """``(words of instructions, exercises)`` of a chapter's lab notebook (markdown cells)."""
    notebook = json.loads(chapter(key).lab_path(root).read_text("utf-8"))
    words = exercises = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            words += len(text.split())
            exercises += len(_EXERCISE.findall(text))
    return words, exercises


def lab_minutes(key, root: Path = REPO) -> int:
    """Estimated minutes for a chapter's lab: reading its instructions plus each exercise."""
    words, exercises = lab_workload(key, root)
    return round_up(words / WORDS_PER_MINUTE + exercises * MINUTES_PER_EXERCISE)


def time_numbers(key) -> dict:
    """``time_page``, ``time_deep`` and ``time_lab`` (minutes) for a chapter page's prose."""
    item = chapter(key)
    # A page not recorded yet (a new chapter) is given the longest core path allowed until it is:
    # tests/course/test_times.py fails until `python -m tools.wordcount --record _build/html` ran.
    words = recorded_words().get(item.stem, {"visible": CORE_PATH_LIMIT, "folded": 0})
    return {"time_page": round_up(words["visible"] / WORDS_PER_MINUTE),
            "time_deep": round_up(words["folded"] / WORDS_PER_MINUTE),
            "time_lab": lab_minutes(item.number)}

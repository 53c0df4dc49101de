"""Reading and lab times (dmnlab.course.times)."""
from __future__ import annotations

import json

import pytest

from dmnlab.course import chapters, times


@pytest.mark.parametrize("minutes, expected", [(0, 5), (0.1, 5), (5, 5), (5.01, 10), (47, 50), (50, 50)])
def test_round_up(minutes, expected):
    assert times.round_up(minutes) == expected


def test_lab_minutes_count_words_and_exercises(tmp_path):
    item = chapters.CHAPTERS[0]
    lab = tmp_path / f"{item.lab}.ipynb"
    lab.parent.mkdir(parents=True)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["## Exercise 1.1\n", "word " * 298]},
             {"cell_type": "markdown", "metadata": {}, "source": ["### Exercise 1.2 — more"]},
             {"cell_type": "code", "metadata": {}, "source": ["# Exercise in a comment is not one"],
              "outputs": [], "execution_count": None}]
    lab.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    words, exercises = times.lab_workload(item.number, root=tmp_path)
    assert (words, exercises) == (3 + 298 + 5, 2)
    # 306 words / 150 = 2.04 min + 2 × 12 = 26.04 → 30
    assert times.lab_minutes(item.number, root=tmp_path) == 30


def test_every_chapter_has_a_recorded_page_and_a_lab_time():
    recorded = times.recorded_words()
    for item in chapters.CHAPTERS:
        assert item.stem in recorded, f"{item.stem}: run `python -m tools.wordcount --record _build/html`"
        stated = times.time_numbers(item.number)
        assert stated["time_lab"] >= 30 and stated["time_page"] >= 5, (item.stem, stated)


def test_each_lab_states_its_estimated_time():
    """A lab's own "Time:" line (a notebook cannot glue) is the estimate of dmnlab.course.times."""
    import re

    for item in chapters.CHAPTERS:
        text = item.lab_path().read_text(encoding="utf-8")
        stated = re.search(r"Time:\*\* about (\d+) minutes", text)
        assert stated, f"{item.lab}: no '**Time:** about N minutes' line"
        assert int(stated.group(1)) == times.lab_minutes(item.number), (
            f"{item.lab} says {stated.group(1)} minutes; its estimate is {times.lab_minutes(item.number)} "
            "(instructions at 150 words a minute + 12 minutes an exercise): update the line")


def test_each_guide_gives_the_measured_reading_time():
    """The instructor guide's "Read the chapter page (about N minutes…)" is the page's measured time."""
    import re

    for item in chapters.CHAPTERS:
        text = item.guide_path().read_text(encoding="utf-8")
        stated = re.search(r"Read the chapter page \(about (\d+) minutes", text)
        if stated is None:
            continue
        assert int(stated.group(1)) == times.time_numbers(item.number)["time_page"], (
            f"{item.guide}: the page now takes about {times.time_numbers(item.number)['time_page']} minutes")

"""The seminar's syllabus, week-0 page and grading guide: in the book where they belong, with the
measured times and the grading numbers of the one home of each (dmnlab.course.times,
dmnlab.course.assessment), and the grading guide's restated numbers equal to assessment.py's.

Fast: nothing here builds the book or runs a kernel (the pages' cells run in test_notebooks.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from dmnlab.course import assessment, chapters, syllabus, times
from dmnlab.course.chapters import CHAPTERS, SEMINAR_PAGES
from dmnlab.study.nodes import NODE_LABELS
from dmnlab.study.protocol import REST_VOLUMES
from tools.toc import main as toc_main

ROOT = Path(REPO)
GUIDE = ROOT / "book" / "instructor" / "grading.md"
SYLLABUS, WEEK0 = (ROOT / f"{name}.md" for name in SEMINAR_PAGES)
SAFETY = "```{include} _safety.md\n```"


def _section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def _body_rows(text: str) -> list[list[str]]:
    """Rows of every table in ``text`` that come after its rule row (``|---|``)."""
    rows, in_body = [], False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_body = False
        elif re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip()):
            in_body = True
        elif in_body:
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def guide_weights(text: str) -> dict[str, int]:
    """``{component: weight}`` from the grading guide's course-grade table."""
    return {row[0]: int(row[1].rstrip("%")) for row in _body_rows(_section(text, "The course grade"))}


def guide_final_parts(text: str) -> list[tuple[str, str, int, bool]]:
    """``(grade_id, title, points, autograded)`` from the guide's final-assignment table."""
    return [(row[0].strip("`"), row[1], int(row[2]), row[3] == "autograder")
            for row in _body_rows(_section(text, "The final assignment"))]


def guide_rubric(text: str) -> list[tuple[str, int, tuple[tuple[str, str], ...]]]:
    """``(criterion, points, ((level, text), …))`` from the guide's appraisal rubric: a ``###``
    heading per criterion, then a list item per level (wrapped lines indented)."""
    criteria = []
    for line in _section(text, "The appraisal rubric").splitlines():
        heading = re.fullmatch(r"### (.+) \((\d+) points\)", line)
        if heading:
            criteria.append((heading.group(1), int(heading.group(2)), []))
        elif criteria and line.startswith("- "):
            criteria[-1][2].append(line[2:])
        elif criteria and criteria[-1][2] and line.startswith("  ") and line.strip():
            criteria[-1][2][-1] += " " + line.strip()
    parsed = []
    for name, points, items in criteria:
        levels = tuple(match.groups() for match in (re.fullmatch(r"\*\*(.+?):\*\* (.*)", " ".join(item.split()))
                                                    for item in items) if match)
        parsed.append((name, points, levels))
    return parsed


def guide_participation_points(text: str) -> list[int]:
    return [int(row[1]) for row in _body_rows(_section(text, "Seminar and debate: the participation rubric"))]


def glued_names(text: str) -> set[str]:
    return {name.split(":")[0] for name in re.findall(r"\{glue:text\}`([^`]+)`", text)}


# --- the pages are in the book ----------------------------------------------------------------
def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        for value in node.values():
            files += _toc_files(value)
    elif isinstance(node, list):
        for value in node:
            files += _toc_files(value)
    return files


def test_the_seminar_pages_exist_and_come_before_chapter_1_in_the_toc():
    # The table of contents the book reads is the registry's (tools.toc --check compares the file).
    assert toc_main(["--check"]) == 0, "run `python -m tools.toc`"
    toc = _toc_files(chapters.toc())
    for name in SEMINAR_PAGES:
        assert (ROOT / f"{name}.md").is_file(), f"missing {name}.md"
        assert name in toc, f"{name} is not in the table of contents"
        assert toc.index(name) < toc.index(CHAPTERS[0].page)
    documents = chapters.documents()
    assert documents.index("book/syllabus") < documents.index("book/week-0") < documents.index(CHAPTERS[0].page)


def test_the_grading_guide_is_for_instructors_only():
    from tools.make_editions import GUIDES, OTHER_GUIDES

    assert GUIDE.is_file()
    assert "grading.md" in OTHER_GUIDES and (GUIDES / "grading.md") == GUIDE, \
        "the instructor edition copies the grading guide"
    assert not any("instructor" in name for name in chapters.documents())
    assert "book/instructor" in yaml.safe_load((ROOT / "_config.yml").read_text())["exclude_patterns"]


def test_the_first_page_links_both_seminar_pages():
    intro = (ROOT / f"{chapters.ROOT}.md").read_text(encoding="utf-8")
    assert "<syllabus>`" in intro and "<week-0>`" in intro


@pytest.mark.parametrize("path", [SYLLABUS, WEEK0], ids=lambda p: p.name)
def test_a_seminar_page_ends_with_the_safety_note(path):
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().endswith(SAFETY), f"{path.name} must end with the safety note, as chapter pages do"


@pytest.mark.parametrize("path", [SYLLABUS, WEEK0], ids=lambda p: p.name)
def test_every_glued_name_on_a_seminar_page_is_computed(path):
    """A typo in a glue name fails the build late; catch it here."""
    computed = {*syllabus.syllabus_numbers(), *syllabus.week0_numbers(), *assessment.assessment_numbers()}
    used = glued_names(path.read_text(encoding="utf-8"))
    assert used, "the page quotes no computed number"
    assert used <= computed, f"glued but never computed: {sorted(used - computed)}"


def test_the_syllabus_shows_the_computed_tables():
    text = SYLLABUS.read_text(encoding="utf-8")
    for call in ("syllabus.syllabus_table()", "assessment.scheme_table()", "assessment.final_table()",
                 "assessment.rubric_table()"):
        assert call in text, f"the syllabus should display {call}"
    assert "Looking after yourself" in text
    for help_word in ("counselling", "GP", "emergency services", "crisis line"):
        assert help_word in text, help_word


def test_week_0_names_the_placeholders_and_where_a_cohort_comes_from():
    text = WEEK0.read_text(encoding="utf-8")
    for needed in ("[hub address", "[course link", "cohort.toml", "cohorts.csv", "make lab",
                   "Run All Cells", "data_dir()", "{doc}`chapter 1 <01-anatomy>`"):
        assert needed in text, needed


# --- the syllabus table: every chapter, in order, with its measured times ---------------------
def test_every_chapter_appears_in_the_syllabus_in_order():
    table = syllabus.syllabus_table().markdown()
    positions = [table.index(f"<{chapter.stem}>") for chapter in CHAPTERS]
    assert positions == sorted(positions)
    for chapter in CHAPTERS:
        assert f"{{doc}}`lab {chapter.number} <../{chapter.lab}>`" in table
    assert [week.session for week in syllabus.weeks()] == list(range(len(CHAPTERS) + 1))


def test_the_syllabus_times_are_the_measured_ones():
    rows = {int(row[0]): row for row in _body_rows(syllabus.syllabus_table().markdown())}
    for chapter in CHAPTERS:
        measured = times.time_numbers(chapter.number)
        row = rows[chapter.number]
        assert row[2:5] == [str(measured["time_page"]), str(measured["time_deep"]), str(measured["time_lab"])], row
        hours = times.round_up(measured["time_page"] + measured["time_lab"] + syllabus.PREPARATION_MINUTES, 30) / 60
        assert row[5] == f"{hours:g}", row


def test_the_final_is_due_in_the_last_chapter_week():
    final = [week for week in syllabus.weeks() if week.is_final]
    assert [week.session for week in final] == [syllabus.final_chapter().number]
    assert "final assignment" in final[0].assessed()
    assert syllabus.final_chapter().number == int(re.match(r"Lab (\d+)'s capstone", dict(
        (c.name, c.how) for c in assessment.GRADING_SCHEME)["Final assignment"]).group(1))


# --- the grading numbers ------------------------------------------------------------------------
def test_the_weights_add_up_to_100():
    assert sum(component.weight for component in assessment.GRADING_SCHEME) == 100


def test_the_final_has_100_points_and_the_rubric_is_worth_its_appraisal_part():
    assert sum(part.points for part in assessment.FINAL_PARTS) == 100
    (appraisal,) = [part for part in assessment.FINAL_PARTS if not part.autograded]
    assert assessment.rubric_points() == appraisal.points
    for criterion in assessment.APPRAISAL_RUBRIC:
        best = criterion.levels[0][0]
        assert int(best.split("-")[-1]) == criterion.points, f"{criterion.name}: the best level is full marks"


def test_the_grading_guide_weights_equal_the_scheme():
    expected = {component.name: component.weight for component in assessment.GRADING_SCHEME}
    assert guide_weights(GUIDE.read_text(encoding="utf-8")) == expected


def test_the_grading_guide_final_items_equal_the_parts():
    expected = [(p.grade_id, p.title, p.points, p.autograded) for p in assessment.FINAL_PARTS]
    assert guide_final_parts(GUIDE.read_text(encoding="utf-8")) == expected
    numbers = assessment.assessment_numbers()
    grade = _section(GUIDE.read_text(encoding="utf-8"), "The course grade")
    assert (f"{numbers['final_auto_points']} points autograded, {numbers['final_appraisal_points']} "
            "for the written appraisal") in grade


def test_the_grading_guide_rubric_equals_the_appraisal_rubric():
    expected = [(c.name, c.points, tuple(c.levels)) for c in assessment.APPRAISAL_RUBRIC]
    assert guide_rubric(GUIDE.read_text(encoding="utf-8")) == expected


def test_the_participation_rubric_is_worth_the_seminar_weight():
    weight = {c.name: c.weight for c in assessment.GRADING_SCHEME}["Seminar and debate"]
    text = GUIDE.read_text(encoding="utf-8")
    points = guide_participation_points(text)
    assert len(points) >= 3 and sum(points) == weight
    assert f"{weight} points" in _section(text, "Seminar and debate: the participation rubric")


def test_the_grading_guide_names_the_syllabus_sessions():
    text = GUIDE.read_text(encoding="utf-8")
    assert f"sessions {syllabus.number_list(syllabus.EXIT_TICKET_SESSIONS)}" in text
    assert f"sessions {syllabus.number_list(syllabus.CONTENT_NOTE_SESSIONS)}" in text
    labs = syllabus.number_list(c.number for c in syllabus.completion_labs())
    assert f"Labs {labs}" in text


def test_the_grading_guide_has_the_distress_section():
    text = GUIDE.read_text(encoding="utf-8")
    distress = _section(text, "If a student discloses distress")
    for step in ("Stay calm", "Listen", "Do not counsel, and do not advise on treatment", "crisis line",
                 "duty-of-care procedure", "Tell the student what you will do", "Record minimally",
                 "Never ask for personal scores or histories", "content note"):
        assert step in distress, step
    assert _section(text, "Autograding the final assignment").strip(), "the other engineer's section heading"


# --- dmnlab.course.syllabus ---------------------------------------------------------------------
def test_week_0_is_onboarding_without_reading_or_lab():
    week0 = syllabus.weeks()[0]
    assert week0.chapter is None and week0.reading == week0.lab == 0
    assert week0.workload_hours == syllabus.PREPARATION_MINUTES / 60
    assert week0.assessed() == "nothing graded"


@pytest.mark.parametrize("minutes, hours", [(25 + 75 + 60, 3.0), (20 + 70 + 60, 2.5), (31, 1.0), (30, 0.5)])
def test_the_workload_is_rounded_up_to_half_an_hour(minutes, hours):
    week = syllabus.Week(1, "x", CHAPTERS[0], reading=minutes, lab=0, preparation=0)
    assert week.workload_hours == hours


def test_what_counts_each_week():
    counted = {week.session: week.assessed() for week in syllabus.weeks()}
    practice = min(syllabus.EXIT_TICKET_SESSIONS) - 1
    assert "practice" in counted[practice] and "lab 1 (completion)" in counted[1]
    for session in syllabus.EXIT_TICKET_SESSIONS:
        assert counted[session].endswith("exit ticket"), counted[session]
    final = syllabus.final_chapter().number
    assert "exit ticket" not in counted[final] and "(completion)" not in counted[final]


def test_every_exit_ticket_session_has_graded_questions_in_its_guide():
    for session in (min(syllabus.EXIT_TICKET_SESSIONS) - 1, *syllabus.EXIT_TICKET_SESSIONS):
        guide = chapters.chapter(session).guide_path().read_text(encoding="utf-8")
        assert "## Graded assessment" in guide, f"session {session}: its guide has no graded questions"


def test_the_syllabus_constants_agree_with_the_scheme_text():
    how = {c.name: c.how for c in assessment.GRADING_SCHEME}
    labs = syllabus.number_list(c.number for c in syllabus.completion_labs())
    assert how["Weekly labs"].startswith(f"Labs {labs},")
    words = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    assert f"end of {words[len(syllabus.EXIT_TICKET_SESSIONS)]} sessions" in how["Exit tickets"]
    assert set(syllabus.CONTENT_NOTE_SESSIONS) <= {c.number for c in CHAPTERS}


def test_the_syllabus_numbers():
    numbers = syllabus.syllabus_numbers()
    plan = syllabus.weeks()
    assert numbers["syl_sessions"] == len(CHAPTERS) + 1
    assert numbers["syl_total_hours"] == sum(week.workload_hours for week in plan)
    assert numbers["syl_min_hours"] <= numbers["syl_max_hours"]
    assert numbers["syl_final_week"] == syllabus.final_chapter().number
    assert str(numbers["syl_allowed"]) == "numpy, pandas, scipy, scikit-learn and matplotlib"
    assert numbers["syl_words_per_minute"] == times.WORDS_PER_MINUTE


def test_the_week_0_numbers_are_what_lab_1_shows():
    numbers = syllabus.week0_numbers()
    assert str(numbers["w0_shape"]) == f"({REST_VOLUMES}, {len(NODE_LABELS)})"
    assert numbers["w0_read_page"] == times.time_numbers(1)["time_page"]


@pytest.mark.parametrize("numbers, words", [((2, 3, 4, 5, 6, 7), "2 to 7"), ((3, 4, 5, 7), "3, 4, 5 and 7"),
                                            ((7, 1), "1 and 7"), ((4,), "4")])
def test_number_list(numbers, words):
    assert syllabus.number_list(numbers) == words


def test_the_table_links_from_another_folder():
    table = syllabus.syllabus_table(relative_to="notebooks").markdown()
    assert "<../book/01-anatomy>`" in table and "{doc}`lab 1 <01-anatomy-lab>`" in table


# --- the checks can fail -----------------------------------------------------------------------
SAMPLE = """## The course grade

| component | weight | how |
|---|---|---|
| Weekly labs | 20% | completion |

## The final assignment

| grade cell | item | points | marked by |
|---|---|---|---|
| `within_values` | 1b. within-DMN connectivity | 5 | autograder |
| `appraisal` | 5. written appraisal | 40 | you, with the rubric |

## The appraisal rubric

Forty points.

### Who, n, design, when (8 points)

- **8:** all four right,
  from the paper
- **4:** partly right

## Moderation
"""


def test_the_guide_parsers_read_what_they_compare():
    assert guide_weights(SAMPLE) == {"Weekly labs": 20}
    assert guide_final_parts(SAMPLE) == [("within_values", "1b. within-DMN connectivity", 5, True),
                                         ("appraisal", "5. written appraisal", 40, False)]
    assert guide_rubric(SAMPLE) == [("Who, n, design, when", 8,
                                     (("8", "all four right, from the paper"), ("4", "partly right")))]
    assert glued_names("{glue:text}`syl_max_hours:g` and {glue:text}`w0_tr`") == {"syl_max_hours", "w0_tr"}


def test_the_guide_parsers_see_a_changed_number():
    assert guide_weights(SAMPLE.replace("| 20% |", "| 25% |")) == {"Weekly labs": 25}
    assert guide_rubric(SAMPLE.replace("- **4:** partly", "- **5:** partly")) != guide_rubric(SAMPLE)
    assert guide_final_parts(SAMPLE.replace("| 5 | autograder |", "| 6 | autograder |")) != guide_final_parts(SAMPLE)
    with pytest.raises(AssertionError):
        _section(SAMPLE, "If a student discloses distress")

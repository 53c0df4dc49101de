"""The course as a seminar: one 90-minute session a week, week 0 for onboarding, then one session
per chapter, with the measured workload of each week and what counts towards the grade.

The syllabus page (``book/syllabus.md``) shows :func:`syllabus_table` and glues
:func:`syllabus_numbers`; the instructor's grading guide (``book/instructor/grading.md``) restates
the sessions with exit tickets and content notes, and a test keeps them equal. Times come from
:mod:`dmnlab.course.times` (measured from each page's words and each lab's text and exercises),
the grade's parts from :mod:`dmnlab.course.assessment`; nothing here is typed in twice.

>>> [week.session for week in weeks()][:3]
[0, 1, 2]
"""
from __future__ import annotations

from dataclasses import dataclass

from ..study.nodes import NODE_LABELS
from ..study.protocol import REST_VOLUMES, TR
from .assessment import FINAL_ALLOWED, GRADING_SCHEME
from .chapters import CHAPTERS, SEMINAR_PAGES, Chapter, chapter
from .prose import Words
from .times import MINUTES_PER_EXERCISE, WORDS_PER_MINUTE, round_up, time_numbers

#: Length of one seminar session, minutes (the instructor guides' session plans fill it).
SESSION_MINUTES = 90
#: Assumed time to prepare for a session's discussion (the seminar questions at the end of the
#: page, one written sentence, the debate card's side), minutes. An assumption, not a measurement.
PREPARATION_MINUTES = 60
#: The chapter whose lab is the final assignment (the capstone on each student's own cohort).
FINAL_CHAPTER = "what-we-know"
#: Sessions that end with a graded exit ticket (items from that chapter's instructor guide).
#: Session 1's ticket is a practice run, so that students meet the format before it counts.
EXIT_TICKET_SESSIONS = (2, 3, 4, 5, 6, 7)
#: Sessions that discuss depression, rumination, the drug and clinical decisions most directly: the
#: seminar leader gives a short content note before them (book/instructor/grading.md).
CONTENT_NOTE_SESSIONS = (3, 4, 5, 7)


@dataclass(frozen=True)
class Week:
    """One week of the seminar: its session and the work around it (minutes)."""

    session: int
    title: str
    #: The chapter of the session (None for week 0, the onboarding).
    chapter: Chapter | None
    reading: int = 0         # the page's core path
    deep: int = 0            # its deep dives (optional; not in the workload)
    lab: int = 0             # the whole lab (part of it is done in the session, in pairs)
    preparation: int = PREPARATION_MINUTES

    @property
    def workload_minutes(self) -> int:
        """Reading, lab and preparation (deep dives and the session itself not counted)."""
        return self.reading + self.lab + self.preparation

    @property
    def workload_hours(self) -> float:
        """The workload in hours, rounded up to half an hour."""
        return round_up(self.workload_minutes, 30) / 60

    @property
    def is_final(self) -> bool:
        return self.chapter is not None and self.chapter == final_chapter()

    def assessed(self) -> str:
        """What of this week counts towards the grade, besides the discussion and debate of every
        chapter's session (words for the syllabus table)."""
        if self.chapter is None:
            return "nothing graded"
        parts = []
        if self.is_final:
            parts.append(f"final assignment (lab {self.chapter.number}), due after the session")
        else:
            parts.append(f"lab {self.chapter.number} (completion)")
        if self.session in EXIT_TICKET_SESSIONS:
            parts.append("exit ticket")
        elif self.session == min(EXIT_TICKET_SESSIONS) - 1:
            parts.append("practice exit ticket")
        return ", ".join(parts)


def final_chapter() -> Chapter:
    """The chapter whose lab is the final assignment."""
    return chapter(FINAL_CHAPTER)


def completion_labs() -> list[Chapter]:
    """The chapters whose labs count for completion (every lab but the final's)."""
    return [item for item in CHAPTERS if item != final_chapter()]


def weeks() -> list[Week]:
    """Week 0 (onboarding: no reading or lab; its checklist stands in for the preparation), then
    one week per chapter with the measured times of its page and lab."""
    plan = [Week(0, "Onboarding", None)]
    for item in CHAPTERS:
        times = time_numbers(item.number)
        plan.append(Week(item.number, item.title, item, reading=times["time_page"],
                         deep=times["time_deep"], lab=times["time_lab"]))
    return plan


class SyllabusTable:
    """The week-by-week table as MyST Markdown (``{doc}`` links; rendered by myst-nb)."""

    def __init__(self, plan: list[Week], relative_to: str = "book"):
        self.plan = plan
        self.relative_to = relative_to

    def _doc(self, name: str) -> str:
        """A document name as a link target from a page in ``relative_to``."""
        prefix = self.relative_to + "/"
        return name.removeprefix(prefix) if name.startswith(prefix) else "../" + name

    def markdown(self) -> str:
        lines = ["| week | session: page and lab | reading (min) | deep dives (min) | lab (min) "
                 "| workload (h) | what counts |",
                 "|---|---|---|---|---|---|---|"]
        syllabus_page, week0_page = (self._doc(name) for name in SEMINAR_PAGES)
        for week in self.plan:
            if week.chapter is None:
                work = (f"{week.title}: the {{doc}}`syllabus <{syllabus_page}>` and the "
                        f"{{doc}}`week-0 checklist <{week0_page}>`")
                minutes = ("–", "–", "–")
            else:
                number = week.chapter.number
                work = (f"{{doc}}`{week.title} <{self._doc(week.chapter.page)}>`; "
                        f"{{doc}}`lab {number} <{self._doc(week.chapter.lab)}>`")
                minutes = (str(week.reading), str(week.deep), str(week.lab))
            lines.append(f"| {week.session} | {work} | {' | '.join(minutes)} "
                         f"| {week.workload_hours:g} | {week.assessed()} |")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.markdown()


def syllabus_table(relative_to: str = "book") -> SyllabusTable:
    """The seminar week by week: session, links to the page and lab, measured minutes, workload."""
    return SyllabusTable(weeks(), relative_to)


def and_list(words) -> str:
    """Words joined for prose, in their order: "numpy, pandas and scipy"."""
    words = [str(word) for word in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def number_list(numbers) -> str:
    """Session numbers for prose: a run of three or more as "2 to 7", others as "3, 4, 5 and 7".

    >>> number_list((2, 3, 4, 5, 6, 7)), number_list((3, 4, 5, 7)), number_list((1, 2))
    ('2 to 7', '3, 4, 5 and 7', '1 and 2')
    """
    numbers = sorted(numbers)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} to {numbers[-1]}"
    return and_list(numbers)


def syllabus_numbers() -> dict:
    """Glue values (``syl_*``) for the syllabus and week-0 pages: counts, hours, session lists."""
    plan = weeks()
    chapter_weeks = [week for week in plan if week.chapter is not None]
    final = final_chapter()
    labs = [item.number for item in completion_labs()]
    return {
        "syl_sessions": len(plan),
        "syl_chapters": len(CHAPTERS),
        "syl_session_minutes": SESSION_MINUTES,
        "syl_prep_minutes": PREPARATION_MINUTES,
        "syl_total_hours": sum(week.workload_hours for week in plan),
        "syl_min_hours": min(week.workload_hours for week in chapter_weeks),
        "syl_max_hours": max(week.workload_hours for week in chapter_weeks),
        "syl_final_week": final.number,
        "syl_final_lab_minutes": time_numbers(final.number)["time_lab"],
        "syl_completion_labs": Words(number_list(labs)),
        "syl_exit_sessions": Words(number_list(EXIT_TICKET_SESSIONS)),
        "syl_n_exit": len(EXIT_TICKET_SESSIONS),
        "syl_practice_session": min(EXIT_TICKET_SESSIONS) - 1,
        "syl_content_sessions": Words(number_list(CONTENT_NOTE_SESSIONS)),
        "syl_allowed": Words(and_list(FINAL_ALLOWED)),
        "syl_components": len(GRADING_SCHEME),
        "syl_words_per_minute": WORDS_PER_MINUTE,
        "syl_minutes_per_exercise": MINUTES_PER_EXERCISE,
    }


def week0_numbers() -> dict:
    """Glue values (``w0_*``) for the week-0 page: chapter 1's measured times, and what the first
    cells of lab 1 show (the node table's regions; one rest scan's shape, volumes × regions)."""
    first = CHAPTERS[0]
    times = time_numbers(first.number)
    return {
        "w0_chapter": first.number,
        "w0_read_page": times["time_page"],
        "w0_read_deep": times["time_deep"],
        "w0_lab": times["time_lab"],
        "w0_regions": len(NODE_LABELS),
        "w0_volumes": REST_VOLUMES,
        "w0_tr": TR,
        "w0_shape": Words(f"({REST_VOLUMES}, {len(NODE_LABELS)})"),
    }

"""The course's contents table for the first page: every chapter with its page, its lab and their times.

Generated from the chapter registry (:mod:`dmnlab.course.chapters`) and the measured times
(:mod:`dmnlab.course.times`), so a new chapter or a page that grows shows up without editing
the first page. The output is MyST Markdown (``{doc}`` links), rendered by myst-nb.
"""
from __future__ import annotations

from .chapters import CHAPTERS
from .times import round_up, time_numbers


class ContentsTable:
    """The table as MyST Markdown (shown by Jupyter and rendered by myst-nb)."""

    def __init__(self, rows: list[tuple[str, str, str, int, int]]):
        self.rows = rows

    def markdown(self) -> str:
        lines = ["| chapter | read the page | work the lab |", "|---|---|---|"]
        for heading, page, lab, page_minutes, lab_minutes in self.rows:
            lines.append(f"| {heading} | {{doc}}`about {page_minutes} min <{page}>` | "
                         f"{{doc}}`about {lab_minutes} min <{lab}>` |")
        return "\n".join(lines)

    def total_hours(self) -> float:
        """Hours for every page and lab (the core paths; deep dives not counted)."""
        return round_up(sum(page + lab for *_, page, lab in self.rows), 30) / 60

    def _repr_markdown_(self) -> str:
        return self.markdown()


def contents_table(relative_to: str = "book") -> ContentsTable:
    """Every chapter's heading, page and lab (as links from a page in ``relative_to``) and times."""
    rows = []
    for item in CHAPTERS:
        times = time_numbers(item.number)
        page = item.page.removeprefix(relative_to + "/")
        lab = "../" + item.lab if relative_to else item.lab
        rows.append((item.heading, page, lab, times["time_page"], times["time_lab"]))
    return ContentsTable(rows)

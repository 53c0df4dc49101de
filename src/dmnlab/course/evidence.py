"""A chapter's "How strong is the evidence?" box, rendered from the evidence register.

``evidence_box("05-ketamine")`` in a page's ``remove-input`` cell shows the chapter's appraised
claims grouped by verdict, each with who was studied, how many, when and the design; what the
studies found (the claim's summary, with its citations) is one click away in a dropdown, so the box
stays on the page's core path without filling it. The output is MyST Markdown (myst-nb renders it,
citations included: ``nb_render_markdown_format: myst``).
"""
from __future__ import annotations

from ..study.evidence import VERDICTS, Claim, claims

HEADINGS = {"solid": "What is solid", "debated": "What is debated",
            "overstated": "What the popular story overstates"}


def describe_study(claim: Claim) -> str:
    """Who, how many, when, design: the appraisal line of a claim."""
    return (f"*Who:* {' and '.join(claim.who)} · *n:* {claim.n} · *when:* {', '.join(claim.when)} · "
            f"*design:* {', '.join(claim.design)}")


class EvidenceBox:
    """The box as MyST Markdown (shown by Jupyter and rendered by myst-nb)."""

    def __init__(self, chapter: str, rows: list[Claim], title: str = "Critical appraisal"):
        self.chapter, self.rows, self.title = chapter, rows, title

    def markdown(self) -> str:
        lines = [f"::::{{admonition}} {self.title}", ":class: note dmnlab-evidence"]
        for verdict in VERDICTS:
            group = [row for row in self.rows if row.verdict == verdict]
            if not group:
                continue
            lines += ["", f"**{HEADINGS[verdict]}.**", ""]
            for row in group:
                lines += [f"- *{row.claim}.* {describe_study(row)}", "",
                          "  :::{dropdown} What the studies found", "  :class-container: evidence-detail", "",
                          *(f"  {line}" if line else "" for line in row.summary.splitlines()), "  :::", ""]
        lines.append("::::")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return self.markdown()


def evidence_box(chapter: str, title: str = "Critical appraisal") -> EvidenceBox:
    """The chapter's evidence box (chapter stem such as ``05-ketamine``, or its number)."""
    rows = claims(chapter)
    if not rows:
        raise KeyError(f"The evidence register has no claims for chapter {chapter!r}.")
    return EvidenceBox(chapter, rows, title)

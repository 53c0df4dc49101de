"""Chapter 8: the numbers the page's prose quotes (glued at build time)."""
from __future__ import annotations

from ..course.prose import Words
from ..study.evidence import LADDER
from ._measures import ACTIVE_PLACEBO_EFFECT, REALISTIC_BRAIN_EFFECT, settling_sizes, story_rungs


def page_numbers() -> dict:
    """{glue name: value} for every number the chapter page quotes."""
    rungs = story_rungs()
    counts = rungs["verdict"].value_counts()
    sizes = settling_sizes()
    patients_rct = rungs["ladder"].str.startswith("patients, RCT")
    return {
        "ch8_n_story": int(len(rungs)),
        "ch8_n_rungs": int(len(LADDER)),
        "ch8_n_solid": int(counts.get("solid", 0)),
        "ch8_n_debated": int(counts.get("debated", 0)),
        "ch8_n_overstated": int(counts.get("overstated", 0)),
        "ch8_n_rct": int(patients_rct.sum()),
        "ch8_n_rct_solid": int((patients_rct & (rungs["verdict"] == "solid")).sum()),
        "ch8_brain_effect": float(REALISTIC_BRAIN_EFFECT),
        "ch8_clinical_effect": float(ACTIVE_PLACEBO_EFFECT),
        "ch8_n_brain": int(sizes["brain"]),
        "ch8_n_brain_total": int(2 * sizes["brain"]),
        "ch8_n_clinical": int(sizes["clinical"]),
        "ch8_top_rung": Words(LADDER[-1]),
    }

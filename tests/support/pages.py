"""What a chapter page may glue besides its own ``page_numbers()``: the shared first cell's numbers."""
from __future__ import annotations

import re


def shared_glue(key) -> set[str]:
    """Names every chapter page's first cell glues besides its chapter's numbers: the followed patient's
    (``pt_*``, :mod:`dmnlab.shared.patient`) and the reading and lab times (``time_*``, :mod:`dmnlab.course.times`)."""
    from dmnlab.course.chapters import chapter
    from dmnlab.course.times import time_numbers
    from dmnlab.shared.patient import patient_numbers

    return set(patient_numbers()) | set(time_numbers(chapter(key).number))


def glue_references(key) -> set[str]:
    """Every ``{glue:text}`` name a chapter page quotes."""
    from dmnlab.course.chapters import chapter

    return set(re.findall(r"\{glue:text\}`(\w+)", chapter(key).page_path().read_text(encoding="utf-8")))
